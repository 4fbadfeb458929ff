"""Tests of toolkit.collect: a local site of three outlets collected into a store, incrementally
and durably, and every hostile answer a collector meets. All pages are synthetic (news_site)."""

from __future__ import annotations

import difflib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from news_site import (
    BILLION_LAUGHS,
    FURNITURE,
    VESTNIK,
    NewsSite,
    Route,
    build_outlets,
    gzip_bomb,
    page,
    rss,
)

import toolkit
from toolkit.collect import (
    ARTICLE_COLUMNS,
    CorpusStore,
    collect,
    decode_html,
    load_feeds,
    normalize_url,
)
from toolkit.errors import CorpusError, ToolkitError

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def nowhere_but_here(monkeypatch):
    """Every connection these tests open goes to 127.0.0.1: one to any other address fails
    before a packet leaves."""
    connect = socket.socket.connect

    def local_connect(self, address):
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"the tests connect to 127.0.0.1 only, not {address[0]}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", local_connect)


@pytest.fixture()
def outlets():
    with NewsSite() as site:
        yield site, build_outlets(site)


def _path(url: str, site: NewsSite) -> str:
    return url.removeprefix(site.url)


def test_every_article_with_its_text_and_without_the_furniture(outlets, tmp_path):
    site, built = outlets
    store = tmp_path / "corpus.sqlite"
    summary = collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    assert (summary.new, len(summary.failed)) == (7, 0), summary
    assert summary.skipped == 2  # the tracking link and the AMP copy of an article stored
    corpus = toolkit.read_corpus(store)
    assert list(corpus.columns[: len(ARTICLE_COLUMNS)]) != []
    assert set(ARTICLE_COLUMNS) <= set(corpus.columns)
    assert {_path(u, site) for u in corpus["url"]} == set(built["expected"])
    for row in corpus.itertuples():
        want = built["expected"][_path(row.url, site)]
        assert row.source == want["source"] and row.title == want["title"]
        similarity = difflib.SequenceMatcher(None, row.text, want["text"]).ratio()
        assert similarity > 0.97, (row.url, row.text)
        assert not any(word in row.text for word in FURNITURE), row.text
        assert pd.notna(row.published) and row.status == 200 and len(row.html_sha256) == 64
    assert corpus.groupby("source")["language"].agg(set).to_dict() == {
        "Courier": {"en"}, "Herald": {"en"}, "Vestnik": {"ru"}
    }  # fmt: skip
    dates = corpus.set_index(corpus["url"].map(lambda u: _path(u, site)))["published"]
    assert dates["/courier/1"] == pd.Timestamp("2023-06-02 12:00", tz="UTC")  # from the sitemap
    assert dates["/vestnik/0"] == pd.Timestamp("2023-05-18 07:30", tz="UTC")  # from the feed


def test_a_second_run_adds_nothing_and_fetches_no_article(outlets, tmp_path):
    site, built = outlets
    store = tmp_path / "corpus.sqlite"
    collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    before = len(site.requests)
    again = collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    assert (again.new, again.skipped, len(again.failed)) == (0, 9, 0)
    fetched = [path for path, _ in site.requests[before:]]
    assert all(path.endswith((".xml", "robots.txt")) for path in fetched), fetched
    site.add("/herald/9", Route(200, page("A new one", ["Fresh news from the Herald today. " * 4])))
    site.routes["/herald/rss.xml"] = Route(
        200, rss([{"title": "A new one", "link": site.url + "/herald/9"}])
    )
    third = collect(built["sources"][:1], store=store, allow_hosts=LOCAL, delay=0)
    assert third.new == 1 and len(toolkit.read_corpus(store)) == 8


def test_the_command_line_collects_into_parquet(outlets, tmp_path):
    site, built = outlets
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(
        "".join(f"- {{source: {s['source']}, url: '{s['url']}'}}\n" for s in built["sources"]),
        "utf-8",
    )
    out = tmp_path / "data" / "corpus.parquet"
    command = [sys.executable, "-m", "toolkit", "collect", str(feeds), "--out", str(out),
               "--allow-host", "127.0.0.1", "--delay", "0"]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "Collected: new 7, skipped 2 (already stored), failed 0" in first.stdout
    collected = toolkit.read_corpus(out)
    assert len(collected) == 7 and collected["published"].notna().all()
    for row in collected.itertuples():
        want = built["expected"][_path(row.url, site)]["text"]
        assert difflib.SequenceMatcher(None, row.text, want).ratio() > 0.97
    assert (tmp_path / "data" / "corpus.sqlite").is_file()
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert "Collected: new 0, skipped 9" in second.stdout
    refused = subprocess.run(command[:-4], capture_output=True, text=True, cwd=ROOT)
    assert "refused address" in refused.stdout


def test_a_killed_run_loses_nothing_it_reported_saved(tmp_path):
    with NewsSite() as site:
        items = []
        for n in range(12):
            path = f"/slow/{n}"
            text = [f"Article number {n} reports on talks between the two governments. " * 3]
            site.add(path, Route(200, page(f"Report {n}", text), delay=0.25))
            items.append({"title": f"Report {n}", "link": site.url + path})
        feed = site.add("/slow/rss.xml", Route(200, rss(items)))
        store = tmp_path / "corpus.sqlite"
        feeds = tmp_path / "feeds.yml"
        feeds.write_text(f"- {{source: Slow, url: '{feed}'}}\n", "utf-8")
        command = [sys.executable, "-m", "toolkit", "collect", str(feeds), "--out", str(store),
                   "--allow-host", "127.0.0.1", "--delay", "0", "--log"]  # fmt: skip
        run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert run.stdout is not None
        reported = []
        for line in run.stdout:
            if line.startswith("saved "):
                reported.append(line.split()[1])
            if len(reported) == 4:
                break
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        kept = set(toolkit.read_corpus(store)["url"])
        assert set(reported) <= kept and len(kept) < 12
        summary = collect(feeds, store=store, allow_hosts=LOCAL, delay=0)
        assert summary.new == 12 - len(kept) and summary.skipped == len(kept)
        assert len(toolkit.read_corpus(store)) == 12


def test_hostile_answers_fail_one_article_each_with_a_reason(tmp_path):
    with NewsSite() as site:
        site.add("/robots.txt", Route(200, b"User-agent: *\nDisallow: /private/\n"))
        good = site.add("/ok", Route(200, page("Fine", ["A normal article about the talks. " * 4])))
        cases = {
            "/missing": None,  # 404
            "/error": Route(500, b"boom"),
            "/slow": Route(200, page("Late", ["Too slow. " * 10]), delay=1.5),
            "/private/page": Route(200, page("Hidden", ["Disallowed by robots.txt. " * 5])),
            "/huge": Route(200, b"<html>" + b"x" * 300_000 + b"</html>"),
            "/bomb": Route(200, gzip_bomb(), {"Content-Encoding": "gzip"}),
            "/to-intranet": Route(302, b"", {"Location": "http://192.168.1.1/"}),
            "/empty": Route(200, b"<html><body><nav>Home</nav></body></html>"),
        }
        for path, route in cases.items():
            if route is not None:
                site.add(path, route)
        links = [{"title": p, "link": site.url + p} for p in ["/ok", *cases]]
        broken = Route(200, b"<rss><channel><item>")
        moved = Route(302, b"", {"Location": "http://10.0.0.7/feed"})
        feeds = [
            {"source": "Mixed", "url": site.add("/feed.xml", Route(200, rss(links)))},
            {"source": "Laughs", "url": site.add("/laughs.xml", Route(200, BILLION_LAUGHS))},
            {"source": "Broken", "url": site.add("/broken.xml", broken)},
            {"source": "Moved", "url": site.add("/gone.xml", moved)},
        ]
        summary = collect(
            feeds, store=tmp_path / "c.sqlite", allow_hosts=LOCAL, delay=0, timeout=0.5,
            retries=1, max_bytes=200_000,
        )  # fmt: skip
        reasons = {url.removeprefix(site.url): why for _, url, why in summary.failed}
        assert reasons == {
            "/missing": "http 404",
            "/error": "http 500",
            "/slow": "timeout",
            "/private/page": "robots.txt",
            "/huge": "too large",
            "/bomb": "too large",
            "/to-intranet": "refused address",
            "/empty": "no article text",
            "/laughs.xml": "hostile xml",
            "/broken.xml": "malformed feed",
            "/gone.xml": "refused address",
        }
        assert summary.new == 1
        assert toolkit.read_corpus(tmp_path / "c.sqlite")["url"].tolist() == [good]
        assert "/private/page" not in site.paths()
        assert "refused address x2" in str(summary) and "hostile xml x1" in str(summary)


def test_private_hosts_are_refused_unless_allowed(outlets, tmp_path):
    _, built = outlets
    summary = collect(built["sources"], store=tmp_path / "c.sqlite", delay=0)
    assert summary.new == 0
    assert {why for _, _, why in summary.failed} == {"refused address"}


RU = "\n".join(VESTNIK[0][1])


@pytest.mark.parametrize(
    ("charset", "declared", "bom"),
    [
        ("utf-8", "utf-8", False),
        ("utf-8", None, True),
        ("utf-8", "windows-1251", False),  # a UTF-8 page that says it is cp1251
        ("cp1251", "windows-1251", False),
        ("cp1251", None, False),
        ("cp1251", "koi8-r", False),  # lies
        ("koi8-r", "koi8-r", False),
        ("koi8-r", None, False),
        ("koi8-r", "windows-1251", False),  # lies
    ],
)
def test_pages_in_every_russian_encoding_decode(charset, declared, bom):
    body = page("Единство", VESTNIK[0][1], lang="ru", charset=charset, declare=declared, bom=bom)
    html = decode_html(body, declared)
    assert VESTNIK[0][1][1] in html
    article = toolkit.collect.extract_article(html, url="https://vestnik.example/0")
    assert article is not None and article["text"] == RU


def test_russian_datelines_go_from_collected_text(outlets, tmp_path):
    _, built = outlets
    collect(built["sources"][1:2], store=tmp_path / "c.sqlite", allow_hosts=LOCAL, delay=0)
    clean = toolkit.strip_boilerplate(toolkit.read_corpus(tmp_path / "c.sqlite"))
    assert clean["removed"].tolist() == ["МИНСК, 18 мая. /ТАСС/.", "МОСКВА, 19 мая. /ТАСС/."]
    assert toolkit.tag_wire_copy(clean.assign(text=clean["text_original"]))["wire"].eq("TASS").all()


def test_saved_pages_and_their_canonical_urls(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.html").write_bytes(
        page(
            "Talks",
            ["Negotiators met again on Tuesday. " * 4],
            canonical="https://herald.example/a",
        )
    )
    (folder / "b.htm").write_bytes(
        page("Budget", ["Parliament passed the budget. " * 4], charset="cp1251", declare=None)
    )
    (folder / "notes.txt").write_text("not a page", "utf-8")
    feeds = tmp_path / "feeds.yml"
    feeds.write_text("- {source: Herald, path: saved}\n", "utf-8")
    summary = collect(feeds, store=tmp_path / "c.sqlite")
    assert summary.new == 2
    urls = toolkit.read_corpus(tmp_path / "c.sqlite")["url"].tolist()
    assert urls == ["https://herald.example/a", (folder / "b.htm").resolve().as_uri()]
    assert collect(feeds, store=tmp_path / "c.sqlite").skipped == 2


def test_urls_are_normalised():
    assert normalize_url("HTTPS://Tass.COM:443/world/1?utm_source=rss&id=2#comments") == (
        "https://tass.com/world/1?id=2"
    )


def test_source_lists(tmp_path):
    example = load_feeds(ROOT / "data" / "feeds.example.yml")
    names = {feed.source for feed in example}
    assert {"TASS", "BelTA", "RT", "Reuters", "BBC", "AP"} <= names
    assert all(feed.url and feed.url.startswith("https://") for feed in example)
    bad = [
        [{"url": "https://x"}],
        [{"source": "A"}],
        [{"source": "A", "url": "https://x", "urls": ["https://y"]}],
        [{"source": "A", "url": "https://x", "colour": "red"}],
        [{"source": "A", "urls": "https://x"}],
        [],
    ]
    for feeds in bad:
        with pytest.raises(ToolkitError):
            load_feeds(feeds)
    with pytest.raises(ToolkitError, match="No source list"):
        load_feeds(tmp_path / "missing.yml")


def test_the_store(tmp_path):
    store = tmp_path / "c.sqlite"
    with CorpusStore(store) as corpus:
        article = dict.fromkeys(ARTICLE_COLUMNS) | {
            "url": "https://x/1",
            "text": "T",
            "source": "A",
        }
        assert corpus.add(article, also=["https://x/1?ref=feed"])
        assert not corpus.add(article)
        assert corpus.has("https://x/1?ref=feed") and len(corpus) == 1
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CorpusError, match="without an 'articles' table"):
        toolkit.read_corpus(other)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 10)
    with pytest.raises(ToolkitError):
        CorpusStore(tmp_path / "junk.sqlite")


# --- hostile pages and concurrent runs ---------------------------------------------------------


def test_a_canonical_link_to_another_outlet_does_not_take_its_place(tmp_path):
    """A page of one outlet names another outlet's article as its canonical URL: it is kept
    under its own URL (the claim recorded in canonical_url), and the real article, collected
    next, is stored under its URL with its own text."""
    real = ["Ministers agreed on Monday to extend the grain corridor for another year. " * 2]
    fake = ["Unnamed sources claimed the corridor deal had collapsed overnight. " * 2]
    with NewsSite() as honest, NewsSite() as hostile:
        target = honest.add("/world/1", Route(200, page("Corridor extended", real)))
        feed_b = honest.add("/rss.xml", Route(200, rss([{"title": "Corridor", "link": target}])))
        claim = hostile.add("/story", Route(200, page("Deal collapses", fake, canonical=target)))
        feed_a = hostile.add("/rss.xml", Route(200, rss([{"title": "Deal", "link": claim}])))
        store = tmp_path / "c.sqlite"
        first = collect([{"source": "Hostile", "url": feed_a}], store=store, allow_hosts=LOCAL,
                        delay=0)  # fmt: skip
        second = collect([{"source": "Honest", "url": feed_b}], store=store, allow_hosts=LOCAL,
                         delay=0)  # fmt: skip
    assert (first.new, second.new, second.skipped) == (1, 1, 0)
    rows = toolkit.read_corpus(store).set_index("url")
    assert rows.loc[claim, "source"] == "Hostile" and rows.loc[claim, "canonical_url"] == target
    assert rows.loc[target, "source"] == "Honest" and "grain corridor" in rows.loc[target, "text"]


def test_a_redirect_to_a_local_file_is_not_collected(tmp_path):
    """Files are allowed (saved pages), and a feed's article redirects to file://: refused."""
    secret = tmp_path / "private.html"
    secret.write_bytes(page("Private notes", ["These private notes must never be collected. " * 3]))
    with NewsSite() as site:
        moved = site.add("/a", Route(302, b"", {"Location": secret.as_uri()}))
        feed = site.add("/rss.xml", Route(200, rss([{"title": "A", "link": moved}])))
        summary = collect([{"source": "S", "url": feed}], store=tmp_path / "c.sqlite",
                          allow_hosts=[*LOCAL, "file"], delay=0)  # fmt: skip
    assert summary.new == 0 and [why for _, _, why in summary.failed] == ["refused address"]
    assert len(toolkit.read_corpus(tmp_path / "c.sqlite")) == 0


def test_two_collect_runs_on_one_store_at_once(outlets, tmp_path):
    """Two runs at the same time on one store, in two threads: no error, no duplicate."""
    _, built = outlets
    store = tmp_path / "corpus.sqlite"
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and len(results) == 2
    assert all(summary.failed == [] for summary in results)
    assert sum(summary.new for summary in results) == 7
    corpus = toolkit.read_corpus(store)
    assert len(corpus) == 7 and corpus["url"].is_unique


def test_two_runs_creating_one_store_at_once_both_open_it(tmp_path):
    """Two runs opening a store that does not exist yet, at the same moment, 300 times: SQLite
    can refuse the switch to WAL mode at once ("database is locked", without waiting); both
    runs must still open it (this failed a few times in 300 before the store waited for it)."""
    failed = []
    for trial in range(300):
        path = tmp_path / f"c{trial}.sqlite"
        start = threading.Barrier(2)

        def open_close(path=path, start=start):
            try:
                start.wait()
                CorpusStore(path).close()
            except Exception as exc:  # reported below
                failed.append((path.name, exc))

        threads = [threading.Thread(target=open_close) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert failed == []


def test_writers_racing_for_the_same_articles_never_collide(tmp_path):
    """Two stores on one file add the same 300 articles at the same time: each is stored
    once, the other writer is told it is already there, and nobody gets an error."""
    path = tmp_path / "c.sqlite"
    CorpusStore(path).close()
    articles = [dict.fromkeys(ARTICLE_COLUMNS) | {"url": f"https://x/{n}", "text": "T"}
                for n in range(300)]  # fmt: skip
    start = threading.Barrier(2)
    added, errors = [], []

    def write():
        try:
            with CorpusStore(path) as corpus:
                start.wait()
                added.append(sum(corpus.add(a, also=[a["url"] + "?ref=x"]) for a in articles))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and sum(added) == 300
    with CorpusStore(path) as corpus:
        assert len(corpus) == 300 and corpus.has("https://x/7?ref=x")


def test_a_store_in_a_read_only_folder_can_be_read(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write into any folder")
    folder = tmp_path / "archive"
    folder.mkdir()
    store = folder / "c.sqlite"
    with CorpusStore(store) as corpus:
        corpus.add(dict.fromkeys(ARTICLE_COLUMNS) | {"url": "https://x/1", "text": "Talks."})
    folder.chmod(0o500)
    try:
        assert toolkit.read_corpus(store)["url"].tolist() == ["https://x/1"]
        with CorpusStore(store) as corpus:
            assert corpus.read_only and len(corpus) == 1 and corpus.has("https://x/1")
            assert corpus.to_frame()["text"].tolist() == ["Talks."]
            with pytest.raises(ToolkitError, match="read-only"):
                corpus.add(dict.fromkeys(ARTICLE_COLUMNS) | {"url": "https://x/2"})
        with pytest.raises(ToolkitError, match="cannot be written"):
            collect([{"source": "S", "urls": ["https://x/3"]}], store=store)
        assert sorted(p.name for p in folder.iterdir()) == ["c.sqlite"]
    finally:
        folder.chmod(0o700)


def test_a_store_of_an_earlier_version_takes_new_articles(tmp_path):
    """A store made before canonical_url existed gets the column and goes on."""
    path = tmp_path / "old.sqlite"
    old = [c for c in ARTICLE_COLUMNS if c != "canonical_url"]
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE articles ({', '.join(old)}, PRIMARY KEY (url))")
        db.execute("CREATE TABLE seen (url TEXT PRIMARY KEY, article_url TEXT)")
    db.close()
    with CorpusStore(path) as corpus:
        assert corpus.add(dict.fromkeys(ARTICLE_COLUMNS) | {"url": "https://x/1", "text": "T"})
        assert corpus.to_frame()["canonical_url"].isna().all()


def test_the_command_line_fails_when_nothing_could_be_collected(tmp_path):
    with NewsSite() as site:
        site.add("/robots.txt", Route(404, b""))
        feeds = tmp_path / "feeds.yml"
        feeds.write_text(
            f"- {{source: Gone, url: '{site.url}/missing.xml'}}\n"
            "- {source: Inside, url: 'http://10.0.0.7/feed.xml'}\n",
            "utf-8",
        )
        out = str(tmp_path / "c.sqlite")
        command = [sys.executable, "-m", "toolkit", "collect", str(feeds), "--out", out,
                   "--allow-host", "127.0.0.1", "--delay", "0"]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Collected: new 0, skipped 0" in done.stdout and "failed [Gone]" in done.stdout
    error = done.stderr.strip()
    assert error.count("\n") == 0 and "Traceback" not in error
    assert error.startswith("error: nothing was collected") and "http 404 x1" in error
