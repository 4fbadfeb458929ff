"""Collect news into a durable, incremental corpus: feeds, sitemaps, pages and saved HTML files.

:func:`collect` reads a list of sources (:func:`load_feeds`: a YAML list such as
``- {source: TASS, url: https://tass.com/rss/v2.xml}``), finds their articles and stores each one
the moment it is read:

* **sources**: an RSS/Atom feed or a sitemap (``url:``, told apart by their content), a list
  of article URLs (``urls:``), or a folder of saved HTML pages (``path:``);
* **fetching**: every byte comes through :class:`toolkit.fetch.Client` (robots.txt, per-host
  delay, timeouts, retries, size caps, refused private addresses);
* **feeds** are parsed by ``feedparser`` and **sitemaps** by the standard library, both after
  refusing XML that declares entities (the "billion laughs" expansion);
* **pages** are decoded (:func:`decode_html`: a BOM, then strict UTF-8, then the declared and
  the detected charset, the one that reads as text winning, so a cp1251 or KOI8-R page that
  lies about its encoding still reads), and ``trafilatura`` extracts the article text and its
  metadata without the menus, "most read" boxes and footers around it; its dates come from
  ``htmldate`` where the page has no machine-readable date;
* **URLs** are normalised with ``courlan`` (lower-case host, no fragment, no tracking
  parameters such as ``utm_source``). A page is stored under the URL it was fetched from; the
  canonical URL it names is kept in ``canonical_url`` and takes the page's place only when it is
  on the same host (so one article under two URLs of its site is stored once, and no page can
  claim another outlet's article and have the real one skipped). A saved page, which has no
  URL of its own, is stored under the canonical URL it names;
* **the store** is one SQLite file (see :class:`CorpusStore`). SQLite because each article is
  committed in its own transaction: an interrupted run keeps every article it reported saved,
  a URL key makes the next run fetch only what is new, and two runs may add to one store at
  once. It is in the standard library, one file, and :func:`toolkit.read_corpus` reads it like
  any other corpus (also from a read-only folder); write a Parquet copy for fast analysis with
  :func:`toolkit.write_corpus` (``python -m toolkit collect ... --out corpus.parquet`` does
  both).

Each stored article has ``source`` (from the source list), ``published``, ``title``, ``url``,
``author``, ``language``, ``text``, ``fetched_at``, ``status`` (HTTP), ``html_sha256`` (of the
raw bytes), ``found_at`` (the feed, sitemap or file it came from) and ``canonical_url`` (the
canonical link the page names, if any).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import sqlite3
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.fetch import USER_AGENT, Client, FetchError
from toolkit.text import detect_language
from toolkit.util import progress_bar, read_yaml

__all__ = [
    "ARTICLE_COLUMNS",
    "CollectSummary",
    "CorpusStore",
    "FeedSource",
    "collect",
    "decode_html",
    "extract_article",
    "load_feeds",
    "normalize_url",
]

#: The columns of a stored article, in order.
ARTICLE_COLUMNS = [
    "source",
    "published",
    "title",
    "url",
    "author",
    "language",
    "text",
    "fetched_at",
    "status",
    "html_sha256",
    "found_at",
    "canonical_url",
]
#: Seconds a run waits for another run's write to the same store before giving up.
BUSY_SECONDS = 60.0
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_START_RE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*<([\w:.-]+)",
    re.S | re.I,
)
#: Fewer words than this is not an article (a menu, a cookie notice, an empty template).
MIN_WORDS = 10
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class FeedSource:
    """One entry of a source list: where to find a source's articles."""

    source: str
    url: str | None = None
    urls: tuple[str, ...] = ()
    path: str | None = None

    @property
    def where(self) -> str:
        return self.url or self.path or f"{len(self.urls)} URLs"


def load_feeds(
    feeds: str | Path | Sequence[Mapping[str, Any] | FeedSource],
) -> list[FeedSource]:
    """The sources to collect: a YAML file (or a list) of entries such as
    ``{source: TASS, url: https://tass.com/rss/v2.xml}``, ``{source: RT, urls: [...]}`` or
    ``{source: BelTA, path: saved_pages/belta}`` (a relative path is read from the file's
    folder).

    Examples
    --------
    >>> load_feeds([{"source": "TASS", "url": "https://tass.com/rss/v2.xml"}])
    [FeedSource(source='TASS', url='https://tass.com/rss/v2.xml', urls=(), path=None)]
    """
    base = Path(".")
    raw: Any = feeds
    if isinstance(feeds, (str, Path)):
        path = Path(feeds).expanduser()
        if not path.is_file():
            raise ToolkitError(f"No source list at {str(feeds)!r}: pass a YAML file of sources.")
        raw = read_yaml(path)
        base = path.parent
    if isinstance(raw, Mapping) and isinstance(raw.get("sources"), list):
        raw = raw["sources"]
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise ToolkitError(
            "A source list is a list of entries like {source: TASS, url: https://...}; "
            f"got {type(raw).__name__}."
        )
    out = []
    for number, entry in enumerate(raw, start=1):
        if isinstance(entry, FeedSource):
            out.append(entry)
            continue
        if not isinstance(entry, Mapping) or not str(entry.get("source") or "").strip():
            raise ToolkitError(f"Source {number} needs a 'source' name: {entry!r}.")
        unknown = set(entry) - {"source", "url", "urls", "path", "notes", "language"}
        given = [k for k in ("url", "urls", "path") if entry.get(k)]
        if unknown or len(given) != 1:
            raise ToolkitError(
                f"Source {number} ({entry.get('source')}) needs exactly one of url (a feed or "
                f"sitemap), urls (article pages) or path (a folder of saved pages)"
                + (f"; unknown keys {sorted(unknown)}" if unknown else "")
                + "."
            )
        urls = entry.get("urls") or ()
        if isinstance(urls, str) or not all(isinstance(u, str) for u in urls):
            raise ToolkitError(f"Source {number}: urls must be a list of URLs.")
        folder = entry.get("path")
        where = None if folder is None else str((base / str(folder)).expanduser())
        out.append(FeedSource(str(entry["source"]).strip(), entry.get("url"), tuple(urls), where))
    return out


def normalize_url(url: str) -> str:
    """The form of a URL that identifies an article: courlan's normalisation (lower-case scheme
    and host, default port and fragment gone, query sorted) without tracking parameters.

    Examples
    --------
    >>> normalize_url("HTTPS://Tass.com/world/1619399?utm_source=rss&utm_medium=feed#top")
    'https://tass.com/world/1619399'
    """
    from courlan import normalize_url as courlan_normalize

    try:
        return str(courlan_normalize(url.strip(), strict=True))
    except (ValueError, AttributeError):
        return url.strip()


# --- decoding and extraction -------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CYRILLIC_RE = re.compile("[\u0410-\u044f\u0401\u0451]")


def _readability(text: str) -> float:
    """How much ``text`` looks like text in its script: for Cyrillic, the share of lower-case
    letters (a page decoded with the wrong Cyrillic code page is mostly capitals)."""
    letters = _CYRILLIC_RE.findall(text)
    if len(letters) < 20:
        return 0.0
    return sum(ch.islower() for ch in letters) / len(letters)


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode a page's bytes, also when its declared charset is wrong or missing.

    A byte-order mark decides; otherwise valid UTF-8 is UTF-8 (text in another encoding is
    almost never valid UTF-8); otherwise the charset declared by the server (``declared``) or
    the page (``<meta charset>``) and the one ``charset_normalizer`` detects are tried, and the
    one whose Cyrillic reads as text (mostly lower-case letters) wins, so a cp1251 page labelled
    KOI8-R, or the reverse, still decodes.

    Examples
    --------
    >>> decode_html("Президент заявил о санкциях и единстве союзников".encode("cp1251"), "koi8-r")
    'Президент заявил о санкциях и единстве союзников'
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET_RE.search(body[:4096])
    candidates = [declared, meta.group(1).decode("ascii", "ignore") if meta else None]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
        candidates.append(best.encoding if best is not None else None)
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        pass
    candidates += ["cp1251", "koi8-r"] if re.search(rb"[\xc0-\xff]{4}", body) else []
    decoded: list[tuple[float, int, str]] = []
    for rank, name in enumerate(dict.fromkeys(c.lower() for c in candidates if c)):
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((_readability(text), -rank, text))
    if not decoded:
        return body.decode("utf-8", "replace")
    return max(decoded)[2]


def extract_article(html: str, *, url: str | None = None) -> dict[str, Any] | None:
    """The article in a page: ``title``, ``author``, ``published`` (a date string or None),
    ``url`` (the canonical URL the page names, else ``url``) and ``text`` (paragraphs on their
    own lines, without the page's menus, boxes and footers), from ``trafilatura``; None when the
    page has no article text (fewer than :data:`MIN_WORDS` words).

    Examples
    --------
    >>> page = ("<html><head><title>Talks resume</title></head><body><nav>Home | World</nav>"
    ...         "<article><h1>Talks resume</h1><p>" + "Negotiators met again in Istanbul. " * 5
    ...         + "</p></article><footer>Copyright 2023</footer></body></html>")  # synthetic
    >>> article = extract_article(page, url="https://news.example/talks")
    >>> article["title"], article["text"][:34]
    ('Talks resume', 'Negotiators met again in Istanbul.')
    """
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except (ValueError, TypeError, RecursionError):
        return None
    if document is None:
        return None
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = str(found.get("text") or "").strip()
    title = str(found.get("title") or "").strip() or None
    lines = text.split("\n")
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        text = "\n".join(lines[1:]).strip()  # the headline repeated as the first line
    if len(text.split()) < MIN_WORDS:
        return None
    return {
        "title": title,
        "author": str(found.get("author") or "").strip() or None,
        "published": found.get("date") or None,
        "url": found.get("url") or url,
        "text": text,
    }


# --- feeds and sitemaps ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """An article to fetch, with what its feed said about it."""

    url: str
    found_at: str
    title: str | None = None
    published: str | None = None
    author: str | None = None


def _refuse_entities(data: bytes, url: str) -> None:
    if _ENTITY_RE.search(data[:1_000_000]):
        raise FetchError(url, "hostile xml", "it declares XML entities (entity expansion)")


def _root_tag(data: bytes) -> str | None:
    match = _XML_START_RE.match(data[:4096])
    return match.group(1).decode("ascii", "ignore").split(":")[-1].lower() if match else None


def _feed_items(data: bytes, url: str) -> list[_Item]:
    import feedparser

    _refuse_entities(data, url)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if stamp:
            year, month, day, hour, minute, second = stamp[:6]
            moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.timezone.utc)
            published = moment.isoformat()
        items.append(
            _Item(str(link), url, entry.get("title"), published, entry.get("author") or None)
        )
    if parsed.get("bozo") and not items:
        error = parsed.get("bozo_exception")
        raise FetchError(url, "malformed feed", type(error).__name__ if error else "")
    return items


def _sitemap_items(data: bytes, url: str, client: Client, depth: int = 0) -> list[_Item]:
    _refuse_entities(data, url)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FetchError(url, "malformed sitemap", str(exc)) from None
    tag = root.tag.rsplit("}", 1)[-1]
    items: list[_Item] = []
    if tag == "sitemapindex":
        if depth >= 2:
            raise FetchError(url, "malformed sitemap", "sitemap indexes nested too deep")
        for loc in root.iter():
            if loc.tag.rsplit("}", 1)[-1] == "loc" and loc.text:
                child = client.get(loc.text.strip())
                items += _sitemap_items(child.body, child.url, client, depth + 1)
        return items
    for node in root:
        if node.tag.rsplit("}", 1)[-1] != "url":
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in node}
        news = {
            child.tag.rsplit("}", 1)[-1]: (child.text or "").strip()
            for part in node
            if part.tag.rsplit("}", 1)[-1] == "news"
            for child in part.iter()
        }
        if fields.get("loc"):
            items.append(_Item(fields["loc"], url, news.get("title"), news.get("publication_date")))
    return items


# --- the store ---------------------------------------------------------------------------------


class CorpusStore:
    """The SQLite file that collected articles live in (see the module docstring for why).

    Table ``articles`` has one row per article (:data:`ARTICLE_COLUMNS`, ``url`` unique);
    table ``seen`` maps every URL an article was found under to its stored URL, so a second
    run skips it without fetching. Each :meth:`add` is one committed transaction.

    Several runs may add to one store at once: each transaction takes the write lock before it
    reads (waiting up to :data:`BUSY_SECONDS` for another run's), and an article already stored
    is kept as it is (the first run to store a URL wins; the other counts it as skipped). The
    file is in WAL mode while it is open for writing and goes back to a rollback journal when
    the last writer closes it, so that it can be read where nothing may be written.

    A store whose folder or file is not writable is opened read-only (``read_only=True``
    forces it, ``read_only=False`` refuses it): it can be read, not added to.
    """

    def __init__(self, path: str | Path, *, read_only: bool | None = None) -> None:
        self.path = Path(path).expanduser()
        if read_only is None:
            read_only = self.path.is_file() and not _writable(self.path)
        self.read_only = read_only
        try:
            self._db = self._open_read_only() if read_only else self._open()
        except sqlite3.DatabaseError as exc:
            raise _store_error(self.path, exc) from None

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ToolkitError(f"Cannot make the folder of the store {self.path}: {exc}") from None
        if not _writable(self.path):
            raise ToolkitError(
                f"The store {self.path} cannot be written (its folder or file is read-only): "
                "collect into a writable folder; read_corpus can still read it."
            )
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        types = {"url": "TEXT PRIMARY KEY", "status": "INTEGER"}
        columns = ", ".join(f"{c} {types.get(c, 'TEXT')}" for c in ARTICLE_COLUMNS)

        def set_up() -> None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            with _transaction(db):
                db.execute(f"CREATE TABLE IF NOT EXISTS articles ({columns})")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, article_url TEXT)"
                )
                have = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
                for column in ARTICLE_COLUMNS:  # a store from an earlier version
                    if column not in have:
                        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")

        try:
            _while_busy(set_up)
        except BaseException:
            db.close()
            raise
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise ToolkitError(f"No corpus store at {self.path}.")
        uri = self.path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_SECONDS)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.OperationalError:
            # a store left in WAL mode without its index file, which cannot be made here: what
            # it holds is all in the main file (a clean close checkpoints the log)
            db.close()
            db = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not {"articles", "seen"} <= tables:
            db.close()
            raise ToolkitError(f"{self.path} is not a corpus store: it has no articles table.")
        return db

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store; the last writer to close it turns WAL mode off."""
        if not self.read_only:
            try:
                self._db.execute("PRAGMA busy_timeout=0")
                self._db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.Error:
                pass  # another run has it open: the last one to close it does this
        self._db.close()

    def has(self, url: str) -> bool:
        """True when an article was stored under ``url`` (normalised) or found there."""
        try:
            row = self._db.execute("SELECT 1 FROM seen WHERE url = ?", (url,)).fetchone()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        return row is not None

    def add(self, article: Mapping[str, Any], also: Iterable[str] = ()) -> bool:
        """Store an article (and the other URLs it was found under) in one transaction; False
        when an article with its URL is already stored (the URLs are then recorded for it)."""
        if self.read_only:
            raise ToolkitError(f"The store {self.path} is open read-only: nothing can be added.")
        url = str(article["url"])
        values = [article.get(c) for c in ARTICLE_COLUMNS]
        columns, marks = ", ".join(ARTICLE_COLUMNS), ", ".join("?" * len(ARTICLE_COLUMNS))
        aliases = [(alias, url) for alias in dict.fromkeys([url, *also]) if alias]
        try:
            with _transaction(self._db):
                added = self._db.execute(
                    f"INSERT INTO articles ({columns}) VALUES ({marks}) "
                    "ON CONFLICT(url) DO NOTHING",
                    values,
                ).rowcount
                self._db.executemany(
                    "INSERT INTO seen (url, article_url) VALUES (?, ?) ON CONFLICT(url) DO NOTHING",
                    aliases,
                )
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        return added == 1

    def __len__(self) -> int:
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None

    def to_frame(self) -> pd.DataFrame:
        """The stored articles, in the order they were stored."""
        try:
            return pd.read_sql_query(
                f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY rowid", self._db
            )
        except (sqlite3.Error, pd.errors.DatabaseError) as exc:
            raise ToolkitError(f"The store {self.path} could not be read: {exc}") from None


def _writable(path: Path) -> bool:
    """Whether a store at ``path`` can be written: its folder, and the file when it exists."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK | os.X_OK) and (not path.exists() or os.access(path, os.W_OK))


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock first (so no other run can slip between
    what it reads and what it writes), committed at the end or rolled back on an error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _while_busy(step: Callable[[], None]) -> None:
    """Run ``step`` again while SQLite says the file is busy, for up to :data:`BUSY_SECONDS`.

    Changing the journal mode while another run opens or closes the same file can fail at once
    with "database is locked", without waiting as other statements do; this waits for it.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.01
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause * (1 + random.random()))
        pause = min(pause * 2, 0.5)


def _is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _store_error(path: Path, exc: sqlite3.Error) -> ToolkitError:
    message = str(exc)
    if _is_busy(exc):
        return ToolkitError(
            f"The store {path} stayed locked by another run for over {BUSY_SECONDS:g} s: "
            "try again when it has finished."
        )
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in message:
        return ToolkitError(f"{path} is not a corpus store (SQLite): {message}")
    return ToolkitError(f"The store {path} could not be used: {message}")


# --- collection --------------------------------------------------------------------------------


@dataclass
class CollectSummary:
    """What a collection run did: articles ``new`` (stored), ``skipped`` (already stored, or
    the same article under another URL) and ``failed`` (``(url, reason)`` pairs)."""

    store: Path
    new: int = 0
    skipped: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def failures(self) -> pd.DataFrame:
        """One row per failure: ``source``, ``url``, ``reason``."""
        return pd.DataFrame(self.failed, columns=["source", "url", "reason"])

    def __str__(self) -> str:
        reasons = Counter(reason for _, _, reason in self.failed)
        why = ", ".join(f"{reason} x{n}" for reason, n in reasons.most_common())
        return (
            f"new {self.new:,}, skipped {self.skipped:,} (already stored), failed "
            f"{len(self.failed):,}" + (f" ({why})" if why else "") + f"; store: {self.store}"
        )


def _items(feed: FeedSource, client: Client) -> Iterator[_Item | tuple[Path, bytes]]:
    """The articles a source lists: feed/sitemap items, URLs, or saved pages (path, bytes)."""
    if feed.path is not None:
        folder = Path(feed.path)
        if not folder.is_dir():
            raise FetchError(str(folder), "no such folder")
        for page in sorted(p for p in folder.rglob("*") if p.suffix.lower() in _PAGE_SUFFIXES):
            with page.open("rb") as handle:  # no more than the cap (and a byte to tell)
                body = handle.read(client.max_bytes + 1)
            yield page, body
        return
    for url in feed.urls:
        yield _Item(url, "urls")
    if feed.url is None:
        return
    response = client.get(feed.url)
    _refuse_entities(response.body, response.url)
    root = _root_tag(response.body)
    if root in ("rss", "rdf", "feed", "channel"):
        yield from _feed_items(response.body, response.url)
    elif root in ("urlset", "sitemapindex"):
        yield from _sitemap_items(response.body, response.url, client)
    elif root == "html" or "html" in response.content_type:
        yield _Item(response.url, response.url)  # a single article page
    else:
        raise FetchError(feed.url, "not a feed", f"root element {root!r}")


def _same_host(one: str, other: str) -> bool:
    """Whether two http(s) URLs are on one host (the same name, and the same port or each its
    scheme's default, so that ``http://x/`` and ``https://x/`` are one host)."""
    a, b = urlsplit(one), urlsplit(other)
    try:
        ports = {a.port, b.port}
    except ValueError:
        return False
    defaults = {None, 80, 443}
    return bool(a.hostname) and a.hostname == b.hostname and (len(ports) == 1 or ports <= defaults)


def _article(
    feed: FeedSource,
    body: bytes,
    *,
    url: str,
    status: int,
    declared: str | None,
    item: _Item,
    saved: bool = False,
) -> dict[str, Any] | None:
    found = extract_article(decode_html(body, declared), url=url)
    if found is None:
        return None
    canonical = normalize_url(str(found["url"])) if found.get("url") else None
    if canonical is not None and not canonical.startswith(("http://", "https://")):
        canonical = None
    # the page's own URL unless its canonical link is on its host (a saved page has no URL
    # of its own: it is filed under the link it names)
    key = url
    if canonical is not None and (saved or _same_host(canonical, url)):
        key = canonical
    title = found["title"] or item.title
    return {
        "source": feed.source,
        "published": item.published or found["published"],
        "title": title,
        "url": key,
        "canonical_url": canonical,
        "author": found["author"] or item.author,
        "language": detect_language(f"{title or ''}\n{found['text']}"),
        "text": found["text"],
        "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": status,
        "html_sha256": hashlib.sha256(body).hexdigest(),
        "found_at": item.found_at,
    }


def collect(
    feeds: str | Path | Sequence[Mapping[str, Any] | FeedSource],
    *,
    store: str | Path,
    allow_hosts: Iterable[str] = (),
    delay: float = 1.0,
    timeout: float = 10.0,
    deadline: float | None = None,
    retries: int = 2,
    max_bytes: int = 10_000_000,
    max_items: int | None = None,
    user_agent: str | None = None,
    client: Client | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> CollectSummary:
    """Collect the articles of ``feeds`` into the SQLite corpus store ``store``.

    Parameters
    ----------
    feeds : YAML path, list of entries or list of FeedSource
        The sources (see :func:`load_feeds`).
    store : path
        The SQLite file the articles are added to (created when missing; another run may add
        to it at the same time). Read it with :func:`toolkit.read_corpus`.
    allow_hosts : list of str
        Private or loopback hosts to allow by name (``["127.0.0.1"]`` for a local mirror).
    delay, timeout, deadline, retries, max_bytes, user_agent
        The polite client's settings (:class:`toolkit.fetch.Client`): ``deadline`` bounds a
        whole request (three timeouts by default).
    max_items : int, optional
        Look at no more than this many articles per source.
    client : Client, optional
        A client of your own (its settings win).
    progress : bool, optional
        Show a progress bar per source (by default, when there are more than 20 articles).
    log : callable, optional
        Called with a line for each article stored (``saved <url>``) or failed.

    Returns
    -------
    CollectSummary
        Counts of new, skipped and failed articles; ``str()`` of it is a one-line summary and
        ``.failures`` a table of what failed and why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "talks.html").write_text(  # synthetic
    ...     "<html><head><link rel='canonical' href='https://news.example/talks'></head><body>"
    ...     "<article><p>" + "Negotiators met again in Istanbul on Tuesday. " * 6
    ...     + "</p></article></body></html>", "utf-8")
    >>> summary = collect([{"source": "Example", "path": str(folder)}], store=folder / "c.sqlite")
    >>> summary.new, summary.skipped, len(summary.failed)
    (1, 0, 0)
    >>> collect([{"source": "Example", "path": str(folder)}], store=folder / "c.sqlite").skipped
    1
    """
    sources = load_feeds(feeds)
    if client is None:
        client = Client(
            user_agent=user_agent or USER_AGENT, delay=delay, timeout=timeout, retries=retries,
            max_bytes=max_bytes, allow_hosts=frozenset(allow_hosts), deadline=deadline,
        )  # fmt: skip
    say = log or (lambda line: None)
    with CorpusStore(store, read_only=False) as corpus:
        summary = CollectSummary(corpus.path)
        for feed in sources:
            try:
                items = list(_items(feed, client))
            except FetchError as exc:
                summary.failed.append((feed.source, feed.where, exc.reason))
                say(f"failed {feed.where}: {exc}")
                continue
            if max_items is not None:
                items = items[:max_items]
            show = progress if progress is not None else len(items) > 20
            for item in progress_bar(items, enabled=show, desc=feed.source, total=len(items)):
                _collect_one(feed, item, client, corpus, summary, say)
    return summary


def _collect_one(
    feed: FeedSource,
    item: _Item | tuple[Path, bytes],
    client: Client,
    corpus: CorpusStore,
    summary: CollectSummary,
    say: Callable[[str], None],
) -> None:
    saved = isinstance(item, tuple)
    if isinstance(item, tuple):  # a saved page
        page, body = item
        url, status, declared, seen = page.resolve().as_uri(), 200, None, page.resolve().as_uri()
        meta = _Item(url, str(page))
        if len(body) > client.max_bytes:
            summary.failed.append((feed.source, url, "too large"))
            return
    else:
        meta = item
        seen = normalize_url(item.url)
    if corpus.has(seen):
        summary.skipped += 1
        return
    if not isinstance(item, tuple):
        try:
            response = client.get(item.url)
        except FetchError as exc:
            summary.failed.append((feed.source, item.url, exc.reason))
            say(f"failed {item.url}: {exc}")
            return
        url, status, declared, body = (
            normalize_url(response.url),
            response.status,
            response.charset,
            response.body,
        )
    article = _article(
        feed, body, url=url, status=status, declared=declared, item=meta, saved=saved
    )
    if article is None:
        summary.failed.append((feed.source, seen, "no article text"))
        say(f"failed {seen}: no article text")
        return
    if corpus.add(article, also=[seen, url]):
        summary.new += 1
        say(f"saved {article['url']}")
    else:
        summary.skipped += 1
