"""Passages one article takes from another, and how a story travels from outlet to outlet.

:func:`find_reuse` finds the passages two articles share word for word (or nearly: one word
changed inside a passage does not split it), through an index of word n-grams, never by
comparing every pair. Each article's tokens (:func:`toolkit.tokenize`'s rule) are cut into
windows of ``min_words`` consecutive words; each window is a 64-bit hash (BLAKE2b of each word,
mixed in order, the same in every process). Two articles that share a passage of ``min_words``
words or more share at least one window, so only the windows found in two articles are looked
at: their matches are joined into maximal runs along each diagonal (the same offset between the
two texts), and runs separated by at most ``max_gap`` words in both texts into one passage.

**Boilerplate.** A window found in more than ``max_group_docs`` articles of one group (one
outlet, with ``by="source"``) is an outlet's furniture (a footer, a subscription line, a stock
background paragraph) and links no articles, whoever else has it. An outlet that republishes
one passage in more articles than that loses that passage as evidence too: raise
``max_group_docs`` for a corpus of many updates of one story.

:func:`propagation` groups articles into stories: the connected components of three kinds of
edges between articles, each explained:

* ``reuse``: a passage of :func:`find_reuse` with at least ``min_narration`` words outside
  quotations (words inside a quotation in either text are the speaker's, which every version of
  a story may quote: they do not show that one outlet copied another), in two articles within
  ``window`` days or undated (a sentence reused a year later is stock background);
* ``credit``: an article credits an outlet (:func:`toolkit.voice.find_credits`, credits other than
  the outlet's own) whose article on the same story is in the corpus: the credited outlet's
  article within ``window`` days that shares most names, numbers and dates with the crediting one
  (:data:`OUTLET_NAMES` maps the spellings of sources to the agencies' canonical names);
* ``translation``: two articles in different languages (English and Russian) within ``window``
  days that share names (transliterated: ``Лукашенко`` is ``lukashenko``, ``Лаврова`` is
  ``lavrov``), numbers and dates, each weighted by how rare it is in the corpus, with a score of
  at least ``min_score``; the ``explanation`` column lists what they share.

Times are ordered by the span their precision gives them (``published_precision``: a date given
to the day is the whole day); an order the dates cannot tell is said, not guessed.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.corpus import published_bounds
from toolkit.engine import Analysis, Document, Partial, column_dtypes, run
from toolkit.errors import ToolkitError
from toolkit.text import token_re
from toolkit.util import check_count
from toolkit.voice import find_credits, find_quotes

__all__ = [
    "EDGE_COLUMNS",
    "OUTLET_NAMES",
    "REUSE_COLUMNS",
    "STORY_COLUMNS",
    "Propagation",
    "find_reuse",
    "name_key",
    "outlet_name",
    "propagation",
]

#: The columns of a find_reuse() table, in order (``{by}_a`` and ``{by}_b`` follow when
#: ``by`` is given).
REUSE_COLUMNS = [
    "doc_id_a",
    "doc_id_b",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "words",
    "exact",
    "quoted",
    "share_a",
    "share_b",
    "passage",
]
#: The columns of the edges of propagation().
EDGE_COLUMNS = [
    "story",
    "from_doc",
    "to_doc",
    "evidence",
    "score",
    "lag",
    "certainty",
    "explanation",
    "from_source",
    "to_source",
    "from_published",
    "to_published",
]
#: The columns of the stories of propagation().
STORY_COLUMNS = [
    "story",
    "articles",
    "sources",
    "first_doc_id",
    "first_published",
    "first_precision",
    "first_certainty",
    "tied",
]
#: Spellings of outlets (lower case, as sources and credits write them) and their canonical
#: names, the names :func:`toolkit.voice.find_credits` gives agencies.
OUTLET_NAMES = {
    "belta": "BelTA",
    "белта": "BelTA",
    "tass": "TASS",
    "тасс": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "риа новости": "RIA Novosti",
    "риа": "RIA Novosti",
    "ria novosti (telegram)": "RIA Novosti",
    "interfax": "Interfax",
    "интерфакс": "Interfax",
    "reuters": "Reuters",
    "рейтер": "Reuters",
    "sputnik": "Sputnik",
    "спутник": "Sputnik",
    "rt": "RT",
    "lenta.ru": "Lenta.ru",
    "лента.ру": "Lenta.ru",
    "ukrainska pravda": "Ukrainska Pravda",
    "украинская правда": "Ukrainska Pravda",
    "gazeta.ru": "Gazeta.Ru",
    "газета.ru": "Gazeta.Ru",
    "ap": "AP",
    "associated press": "AP",
}
_PRIME = np.uint64(0x9E3779B97F4A7C15)


def outlet_name(source: object) -> str | None:
    """The canonical name of an outlet as a corpus's ``source`` or a credit writes it.

    What follows the name in brackets (the site it was read on, a language) is left out;
    names :data:`OUTLET_NAMES` does not know are kept as written.

    Examples
    --------
    >>> [outlet_name(s) for s in ["БелТА", "BelTA (via kopyl.gov.by, English)", "ТАСС", "CNN"]]
    ['BelTA', 'BelTA', 'TASS', 'CNN']
    """
    if not isinstance(source, str) or not source.strip():
        return None
    name = re.sub(r"\s*\(.*$", "", source).strip() or source.strip()
    return OUTLET_NAMES.get(name.lower(), name)


# --------------------------------------------------------------------------- windows

_WORDS: dict[str, int] = {}


def _word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each token, the same in every process (Python's hash() is salted)."""
    if len(_WORDS) > 2_000_000:
        _WORDS.clear()
    for word in set(tokens).difference(_WORDS):
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        _WORDS[word] = int.from_bytes(digest, "little")
    return np.fromiter(map(_WORDS.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _windows(words: np.ndarray, width: int) -> np.ndarray:
    """The hash of each window of ``width`` words, in text order (none for fewer words)."""
    n = len(words) - width + 1
    if n <= 0:
        return np.zeros(0, np.uint64)
    hashes = words[:n].copy()
    for k in range(1, width):
        hashes = hashes * _PRIME + words[k : k + n]  # (uint64 arithmetic wraps around)
    return hashes


class _Text(NamedTuple):
    """What find_reuse keeps of one article: its windows and where its words are."""

    windows: np.ndarray  # uint64, one per window of min_words words
    starts: np.ndarray  # int32, where each word starts in the text
    ends: np.ndarray  # int32, where each word ends


def _read_text(text: str, width: int) -> _Text:
    lowered = text.lower()
    if len(lowered) != len(text):  # (a letter whose lower case is longer: keep offsets exact)
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    matches = list(token_re(lowered).finditer(lowered))
    starts = np.fromiter((m.start() for m in matches), dtype=np.int32, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int32, count=len(matches))
    windows = _windows(_word_hashes([m.group() for m in matches]), width)
    return _Text(windows, starts, ends)


def _quoted(text: str, starts: np.ndarray) -> np.ndarray:
    """Whether each word (by its start) is inside a quotation of ``text``."""
    quoted = np.zeros(len(starts), dtype=bool)
    for q in find_quotes(text):
        if q.depth == 0:
            lo, hi = np.searchsorted(starts, q.start), np.searchsorted(starts, q.end)
            quoted[lo:hi] = True
    return quoted


# --------------------------------------------------------------------------- find_reuse


def find_reuse(
    corpus: pd.DataFrame,
    *,
    min_words: int = 12,
    by: str | None = "source",
    max_group_docs: int = 5,
    max_gap: int = 4,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Passages that two articles share word for word, or nearly.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (with ``doc_id``), its chunks or a Dask
        DataFrame.
    min_words : int, default 12
        The shortest passage found, in words (tokens of :func:`toolkit.tokenize`).
    by : str or None, default "source"
        Articles of the same group (outlet) are not paired, and a group's boilerplate is
        found per group; ``None`` pairs any two articles (boilerplate is then counted over the
        whole corpus). Without a ``by`` column in the corpus, ``None`` is used.
    max_group_docs : int, default 5
        A window of ``min_words`` words found in more articles of one group than this is
        boilerplate and links nothing (see the module docstring).
    max_gap : int, default 4
        Two exact runs of one pair, in the same order in both texts, separated by at most this
        many words in each, are one passage (a word changed, inserted or dropped); 0 keeps
        every exact run apart.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per shared passage:

        ================= ===============================================================
        ``doc_id_a``      the article that comes first in the corpus
        ``doc_id_b``      the other article
        ``start_a, end_a`` where the passage is in ``doc_id_a``'s text (character offsets,
                          first word's start to last word's end)
        ``start_b, end_b`` the same in ``doc_id_b``'s text
        ``words``         words of the passage in ``doc_id_a``
        ``exact``         whether the passage is one unbroken run of shared words
        ``quoted``        share of its words inside a quotation (the larger of the two texts')
        ``share_a``       share of ``doc_id_a``'s words in any passage it shares with
                          ``doc_id_b`` (the same on every row of the pair)
        ``share_b``       the same for ``doc_id_b``
        ``passage``       the passage as ``doc_id_a`` has it
        ``{by}_a/_b``     the two articles' groups, when ``by`` is given
        ================= ===============================================================

        Sorted by the articles' corpus order, then by ``start_a``.

    Examples
    --------
    >>> wire = ("Officials from both countries met on Tuesday to discuss grain exports, "
    ...         "energy prices and the future of the trade agreement signed last year.")
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["ap-1", "rt-7", "bbc-3"], "source": ["AP", "RT", "BBC"],
    ...     "text": [wire, "MOSCOW (AP) - Talks opened. " + wire.replace("Tuesday", "Monday"),
    ...              "Parliament passed the budget after a long debate on grain exports."]})
    >>> reuse = find_reuse(corpus, min_words=5)
    >>> reuse[["doc_id_a", "doc_id_b", "words", "exact", "share_a", "share_b"]]
      doc_id_a doc_id_b  words  exact  share_a  share_b
    0     ap-1     rt-7     23  False      1.0   0.8519
    >>> reuse.loc[0, "passage"][:30]
    'Officials from both countries '
    """
    width = check_count("min_words", min_words, 2)
    max_group_docs = check_count("max_group_docs", max_group_docs, 1)
    max_gap = check_count("max_gap", max_gap, 0)
    columns = list(column_dtypes(corpus, ["doc_id", *([by] if by else [])]))
    if "doc_id" not in columns:
        raise ToolkitError("find_reuse() needs a corpus with 'doc_id': read it with read_corpus().")
    if by is not None and by not in columns:
        by = None
    meta = ("doc_id", *([by] if by else []))

    def step(doc: Document) -> Partial:
        return {"texts": [(doc.position, *doc.meta, doc.text, _read_text(doc.text, width))]}

    def finish(total: Partial) -> pd.DataFrame:
        rows = sorted(total.get("texts", []), key=lambda r: r[0])
        return _reuse_table(rows, by, width, max_group_docs, max_gap)

    table = run(Analysis("find_reuse", step, finish, meta=meta), corpus, progress=progress)
    dtypes = column_dtypes(corpus, list(meta))
    for column, dtype in dtypes.items():
        names = ["doc_id_a", "doc_id_b"] if column == "doc_id" else [f"{column}_a", f"{column}_b"]
        table[names] = table[names].astype(dtype)
    return table


def _shared_windows(
    texts: list[_Text], groups: np.ndarray, max_group_docs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hash, article, window) of every window found in two groups' articles, boilerplate
    left out, sorted by hash."""
    sizes = np.fromiter((len(t.windows) for t in texts), dtype=np.int64, count=len(texts))
    if not sizes.sum():
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    hashes = np.concatenate([t.windows for t in texts])
    doc = np.repeat(np.arange(len(texts)), sizes)
    pos = np.arange(len(hashes)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    order = np.argsort(hashes, kind="stable")  # (stable: by article, then window, per hash)
    hashes = hashes[order]
    twice = np.zeros(len(hashes), dtype=bool)  # only windows found twice can link articles
    twice[1:] = hashes[1:] == hashes[:-1]
    twice[:-1] |= twice[1:]
    hashes, doc, pos = hashes[twice], doc[order[twice]], pos[order[twice]]
    # the articles of each group that have each window: (hash, group, article), distinct
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (doc[1:] != doc[:-1])
    h1, g1 = hashes[first], groups[doc[first]]
    o = np.lexsort((g1, h1))
    h1, g1 = h1[o], g1[o]
    new = np.ones(len(h1), dtype=bool)
    new[1:] = (h1[1:] != h1[:-1]) | (g1[1:] != g1[:-1])
    run_id = np.cumsum(new) - 1
    per_group = np.bincount(run_id)
    starts = np.flatnonzero(new)
    boiler = np.unique(h1[starts[per_group > max_group_docs]])
    group_heads = h1[starts]  # one per (hash, group): a hash in two groups is here twice
    uniq, counts = np.unique(group_heads, return_counts=True)
    shared = np.setdiff1d(uniq[counts >= 2], boiler, assume_unique=True)
    keep = np.isin(hashes, shared)
    return hashes[keep], doc[keep], pos[keep]


def _matches(
    hashes: np.ndarray, doc: np.ndarray, pos: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """(a, b, window in a, window in b) of every window two articles of different groups share
    (a before b in the corpus)."""
    rows: list[tuple[int, int, int, int]] = []
    bounds = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1], True])
    docs, poss, grps = doc.tolist(), pos.tolist(), groups[doc].tolist()
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        entries = list(zip(docs[lo:hi], poss[lo:hi], grps[lo:hi], strict=True))
        for (da, pa, ga), (db, pb, gb) in itertools.combinations(entries, 2):
            if ga != gb and da != db:
                rows.append((da, db, pa, pb) if da < db else (db, da, pb, pa))
    return np.array(rows, dtype=np.int64).reshape(-1, 4)


def _runs(matches: np.ndarray) -> np.ndarray:
    """Maximal runs of consecutive shared windows on one diagonal: (a, b, first window in a,
    first window in b, windows), sorted by pair and first window in a."""
    if not len(matches):
        return np.zeros((0, 5), np.int64)
    a, b, pa, pb = matches.T
    diag = pa - pb
    o = np.lexsort((pa, diag, b, a))
    a, b, pa, pb, diag = a[o], b[o], pa[o], pb[o], diag[o]
    new = np.ones(len(a), dtype=bool)
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (diag[1:] != diag[:-1])
    new[1:] |= pa[1:] != pa[:-1] + 1
    starts = np.flatnonzero(new)
    length = np.diff(np.r_[starts, len(a)])
    out = np.stack([a[starts], b[starts], pa[starts], pb[starts], length], axis=1)
    return out[np.lexsort((out[:, 2], out[:, 1], out[:, 0]))]


def _passages(runs: np.ndarray, width: int, max_gap: int) -> list[Any]:
    """The runs of each pair joined into passages: per pair (in ``runs`` order) a list of
    (first word in a, last word in a, first word in b, last word in b, exact)."""
    out: list[Any] = []
    current: tuple[int, int] | None = None
    for a, b, pa, pb, n in runs.tolist():
        span = [pa, pa + n + width - 2, pb, pb + n + width - 2, 1]
        if (a, b) != current:
            out.append((a, b, [span]))
            current = (a, b)
            continue
        last = out[-1][2][-1]
        gap_a, gap_b = span[0] - last[1] - 1, span[2] - last[3] - 1
        if -width < gap_a <= max_gap and -width < gap_b <= max_gap and span[2] > last[2]:
            last[1], last[3] = max(last[1], span[1]), max(last[3], span[3])
            last[4] = 0
        elif span[1] > last[1] or span[3] > last[3]:
            out[-1][2].append(span)
    return out


def _reuse_table(
    rows: list[tuple[Any, ...]], by: str | None, width: int, max_group_docs: int, max_gap: int
) -> pd.DataFrame:
    extra = [by] if by else []
    ids = [r[1] for r in rows]
    group_values = [r[2] for r in rows] if by else [0] * len(rows)
    texts: list[_Text] = [r[-1] for r in rows]
    raw: list[str] = [r[-2] for r in rows]
    if by:
        groups = pd.Series(group_values, dtype=object).fillna("\0none").factorize()[0]
    else:
        groups = np.arange(len(rows))  # every article its own group
    groups = np.asarray(groups, dtype=np.int64)
    hashes, doc, pos = _shared_windows(texts, groups, max_group_docs)
    runs = _runs(_matches(hashes, doc, pos, groups))
    out: dict[str, list[Any]] = {c: [] for c in REUSE_COLUMNS}
    for column in extra:
        out[f"{column}_a"], out[f"{column}_b"] = [], []
    quotes: dict[int, np.ndarray] = {}
    for a, b, spans in _passages(runs, width, max_gap):
        ta, tb = texts[a], texts[b]
        for k in (a, b):
            if k not in quotes:
                quotes[k] = _quoted(raw[k], texts[k].starts)
        used_a = np.zeros(len(ta.starts), dtype=bool)
        used_b = np.zeros(len(tb.starts), dtype=bool)
        for wa0, wa1, wb0, wb1, _ in spans:
            used_a[wa0 : wa1 + 1] = True
            used_b[wb0 : wb1 + 1] = True
        share_a, share_b = used_a.mean(), used_b.mean()
        for wa0, wa1, wb0, wb1, exact in spans:
            start_a, end_a = int(ta.starts[wa0]), int(ta.ends[wa1])
            quoted = quotes[a][wa0 : wa1 + 1].mean()
            quoted = max(quoted, quotes[b][wb0 : wb1 + 1].mean())
            values = (ids[a], ids[b], start_a, end_a, int(tb.starts[wb0]), int(tb.ends[wb1]),
                      wa1 - wa0 + 1, bool(exact), round(float(quoted), 4),
                      round(float(share_a), 4), round(float(share_b), 4),
                      raw[a][start_a:end_a])  # fmt: skip
            for column, value in zip(REUSE_COLUMNS, values, strict=True):
                out[column].append(value)
            if by:
                out[f"{by}_a"].append(group_values[a])
                out[f"{by}_b"].append(group_values[b])
    table = pd.DataFrame(out)
    types = {c: "int64" for c in ("start_a", "end_a", "start_b", "end_b", "words")}
    table = table.astype({**types, "exact": "bool", "quoted": "float64", "share_a": "float64",
                          "share_b": "float64", "passage": "str"})  # fmt: skip
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- propagation

#: Cyrillic letters in Latin (BGN/PCGN-like), for comparing names across scripts.
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ў": "u",
    "ї": "yi", "є": "ye", "ґ": "g",
})  # fmt: skip
#: Spellings that differ between transliteration systems, folded into one (ISO 9, BGN,
#: and English usage: Shoigu/Shoygu, Zelensky/Zelenskiy, Kiev/Kyiv stay apart).
_FOLD = (("kh", "h"), ("ts", "c"), ("j", "y"), ("iy", "y"), ("yy", "y"), ("y", "i"), ("w", "v"),
         ("x", "ks"), ("ph", "f"))  # fmt: skip
_NAME_RE = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{3,}(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\b")
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_MONTHS = {
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
       "july", "august", "september", "october", "november", "december"), 1)},
    **{m: i for i, m in enumerate(("январ", "феврал", "март", "апрел", "ма", "июн", "июл",
       "август", "сентябр", "октябр", "ноябр", "декабр"), 1)},
}  # fmt: skip
_DATE_RE = re.compile(
    r"(?i)\b(?:(\d{1,2})(?:[-–]\d{1,2})?\s+(январ|феврал|марта?|апрел|ма[яй]|июн|июл|август|"
    r"сентябр|октябр|ноябр|декабр)[а-я]*|(january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\s+(\d{1,2})\b)"
)


def name_key(word: str) -> str:
    """A name as a key that its spellings in Latin and Cyrillic letters share: transliterated,
    spelling variants folded, cut to its first five letters (which also drops Russian endings).

    Examples
    --------
    >>> [name_key(w) for w in ["Лукашенко", "Lukashenko", "Лаврова", "Lavrov", "Шойгу", "Shoigu"]]
    ['lukas', 'lukas', 'lavro', 'lavro', 'shoig', 'shoig']
    """
    key = word.lower().translate(_TRANSLIT)
    for a, b in _FOLD:
        key = key.replace(a, b)
    return key[:5]


def _features(text: str) -> tuple[str, frozenset[str]]:
    """An article's language (``ru`` when most letters are Cyrillic, else ``en``) and what a
    translation of it keeps: names, numbers and dates, as keys."""
    cyrillic = len(re.findall(r"[а-яёА-ЯЁ]", text))
    latin = len(re.findall(r"[a-zA-Z]", text))
    found = {"name:" + name_key(m.group()) for m in _NAME_RE.finditer(text)}
    found.update("number:" + m.group().replace(",", ".") for m in _NUMBER_RE.finditer(text)
                 if len(m.group()) > 1)  # fmt: skip
    for m in _DATE_RE.finditer(text):
        day = m.group(1) or m.group(4)
        month = (m.group(2) or m.group(3)).lower()
        number = next((v for k, v in _MONTHS.items() if month.startswith(k)), None)
        if number is not None and day:
            found.add(f"date:{number:02d}-{int(day):02d}")
    return ("ru" if cyrillic > latin else "en"), frozenset(found)


class Propagation(NamedTuple):
    """What :func:`propagation` returns: the edges between articles and the stories."""

    edges: pd.DataFrame
    stories: pd.DataFrame


def propagation(
    corpus: pd.DataFrame,
    *,
    min_words: int = 12,
    min_narration: int = 8,
    window: float = 3.0,
    min_score: float = 0.25,
    by: str = "source",
    progress: bool | None = None,
) -> Propagation:
    """Stories: articles linked by reused passages, credits and translations, and the edges.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` with ``doc_id`` and ``source`` (and
        ``published`` to order the articles).
    min_words : int, default 12
        The shortest reused passage (see :func:`find_reuse`).
    min_narration : int, default 8
        Words of a pair's shared passages that must lie outside quotations for a ``reuse`` edge.
    window : float, default 3.0
        Days between two articles within which any edge may link them
        (undated articles may link with any).
    min_score : float, default 0.25
        The least score of a ``translation`` edge: the weight of the names, numbers and dates
        two articles share over the weight of the smaller article's (each weighted by the log of
        its inverse document frequency in the corpus).
    by : str, default "source"
        The column naming each article's outlet.
    progress : bool, optional
        Show progress bars; by default shown for large corpora.

    Returns
    -------
    Propagation
        ``edges``, one row per linked pair and kind of evidence, in story order:

        ================== ==============================================================
        ``story``          the story (numbered by its first appearance; undated last)
        ``from_doc``       where the text came from: the earlier article, or the credited one
        ``to_doc``         the article that took, credited or rendered it
        ``evidence``       ``reuse``, ``credit`` or ``translation``
        ``score``          reuse: words shared outside quotations; credit: 1; translation:
                           the score of ``min_score``
        ``lag``            ``to_doc``'s time minus ``from_doc``'s (start of the span its
                           precision gives); NaT when either is undated
        ``certainty``      whether ``from_doc`` came first: ``ordered``, ``tie`` (the dates'
                           precision cannot tell) or ``unknown`` (undated)
        ``explanation``    what links them: the passage's start, the credit, or the names,
                           numbers and dates shared
        ``from_source``... the two outlets and ``published`` values
        ================== ==============================================================

        ``stories``, one row per story: ``story``, ``articles``, ``sources`` (``"; "``),
        ``first_doc_id`` (the earliest dated article; None when none is dated),
        ``first_published``, ``first_precision``, ``first_certainty`` (``ordered``, ``tie``:
        another article may be as early, see ``tied``; ``unknown``: an article is undated) and
        ``tied`` (the articles that may have come first, ``"; "``).

    Examples
    --------
    >>> wire = ("MINSK, June 9 (BelTA) - Belarus President Aleksandr Lukashenko met Russian "
    ...         "Foreign Minister Sergei Lavrov in Minsk on Thursday to discuss the Union State "
    ...         "programmes, 28 of which are already 70 percent complete.")
    >>> from toolkit import read_corpus
    >>> corpus = read_corpus(pd.DataFrame({  # synthetic
    ...     "doc_id": ["belta", "copy", "ru"], "source": ["BelTA", "Herald", "РИА"],
    ...     "published": ["2023-06-09T10:00Z", "2023-06-09T12:00Z", "2023-06-09"],
    ...     "text": [wire, "The talks went well, BelTA reported. " + wire[26:],
    ...              "Александр Лукашенко встретился с Сергеем Лавровым в Минске 9 июня: 28 "
    ...              "программ Союзного государства выполнены на 70 процентов."]}))
    >>> result = propagation(corpus)
    >>> result.edges[["from_doc", "to_doc", "evidence", "certainty"]]
      from_doc to_doc     evidence certainty
    0    belta   copy        reuse   ordered
    1    belta   copy       credit   ordered
    2       ru  belta  translation       tie
    3       ru   copy  translation       tie
    >>> result.stories[["articles", "first_doc_id", "first_certainty", "tied"]]
       articles first_doc_id first_certainty             tied
    0         3           ru             tie  belta; copy; ru
    """
    check_count("min_narration", min_narration, 1)
    if not window > 0 or not 0 < min_score <= 1:
        raise ToolkitError("propagation() takes window > 0 (days) and 0 < min_score <= 1.")
    reuse = find_reuse(corpus, min_words=min_words, by=by, progress=progress)
    credits = find_credits(corpus, progress=progress)
    columns = list(column_dtypes(corpus, [by, "published", "published_precision"]))
    meta = ("doc_id", *columns)

    def step(doc: Document) -> Partial:
        return {"docs": [(doc.position, *doc.meta, *_features(doc.text))]}

    def finish(total: Partial) -> pd.DataFrame:
        rows = sorted(total.get("docs", []), key=lambda r: r[0])
        return pd.DataFrame([r[1:] for r in rows], columns=[*meta, "language", "features"])

    docs = run(Analysis("propagation", step, finish, meta=meta), corpus, progress=progress)
    return _propagation(docs, reuse, credits, by, min_narration, window, min_score)


def _bounds(docs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    if "published" not in docs.columns:
        nat = np.full(len(docs), np.datetime64("NaT"), dtype="datetime64[ns]")
        return nat, nat
    start, end = published_bounds(docs["published"], docs.get("published_precision"))
    return (start.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]"),
            end.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]"))  # fmt: skip


def _propagation(
    docs: pd.DataFrame,
    reuse: pd.DataFrame,
    credits: pd.DataFrame,
    by: str,
    min_narration: int,
    window: float,
    min_score: float,
) -> Propagation:
    n = len(docs)
    index = {d: i for i, d in enumerate(docs["doc_id"].tolist())}
    start, end = _bounds(docs)
    dated = ~np.isnat(start)
    days = np.where(dated, start.astype("datetime64[s]").astype(np.int64) / 86400.0, np.nan)
    features: list[frozenset[str]] = docs["features"].tolist()
    df = Counter(f for fs in features for f in fs)
    weight = {f: math.log((n + 1) / c) for f, c in df.items()}
    mass = [sum(weight[f] for f in fs) for fs in features]

    def near(i: int, j: int) -> bool:
        return not (dated[i] and dated[j]) or abs(days[i] - days[j]) <= window + 1

    def affinity(i: int, j: int) -> tuple[float, list[str]]:
        shared = features[i] & features[j]
        if not shared or not mass[i] or not mass[j]:
            return 0.0, []
        score = sum(weight[f] for f in shared) / min(mass[i], mass[j])
        return score, sorted(shared, key=lambda f: -weight[f])

    edges: list[tuple[int, int, str, float, str, bool]] = []  # (from, to, evidence, ..., fixed)
    # reuse: a pair's passages outside quotations
    if len(reuse):
        narration = reuse["words"] * (1 - reuse["quoted"])
        for (a, b), rows in reuse.assign(narration=narration).groupby(
            ["doc_id_a", "doc_id_b"], sort=False
        ):
            words = round(float(rows["narration"].sum()))
            if words >= min_narration and near(index[a], index[b]):
                best = str(rows["passage"].to_numpy()[int(np.argmax(rows["narration"].to_numpy()))])
                edges.append((index[a], index[b], "reuse", float(words),
                              f"{words} words, e.g. “{_clip(best)}”", False))  # fmt: skip
    # credits: to the credited outlet's article on the same story
    outlets = [outlet_name(s) for s in docs[by].tolist()] if by in docs.columns else [None] * n
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(outlets):
        if name:
            by_outlet[name].append(i)
    if len(credits):
        seen: set[tuple[int, int]] = set()
        for doc_id, credit, agency, self_credit in credits[
            ["doc_id", "credit", "agency", "self_credit"]
        ].itertuples(index=False):
            j = index.get(doc_id)
            if j is None or self_credit:
                continue
            for name in str(agency).split("; "):
                scored = [(affinity(i, j)[0], i) for i in by_outlet.get(outlet_name(name) or "", [])
                          if i != j and outlets[i] != outlets[j] and near(i, j)]  # fmt: skip
                scored = [s for s in scored if s[0] >= min_score]
                if scored and (i := max(scored)[1], j) not in seen:
                    seen.add((i, j))
                    edges.append((i, j, "credit", 1.0, f"“{_clip(credit)}”", True))
    # translations: articles in two languages within the window that share names and numbers
    language = docs["language"].to_numpy()
    order = np.argsort(np.where(dated, days, -np.inf), kind="stable")
    sorted_days = np.where(dated, days, -np.inf)[order]
    undated = np.flatnonzero(~dated).tolist()
    for i in range(n):
        if dated[i]:
            lo = np.searchsorted(sorted_days, days[i] - window - 1, side="left")
            hi = np.searchsorted(sorted_days, days[i] + window + 1, side="right")
            others = order[lo:hi].tolist() + undated
        else:
            others = list(range(n))
        for j in others:
            if j <= i or language[i] == language[j]:
                continue
            score, shared = affinity(i, j)
            names = [f for f in shared if f.startswith("name:")]
            if score >= min_score and len(shared) >= 3 and names:
                explanation = ", ".join(f.replace(":", " ", 1) for f in shared[:8])
                edges.append((i, j, "translation", round(score, 4), explanation, False))
    return _tables(docs, edges, start, end, by)


def _clip(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _tables(
    docs: pd.DataFrame,
    edges: list[tuple[int, int, str, float, str, bool]],
    start: np.ndarray,
    end: np.ndarray,
    by: str,
) -> Propagation:
    n = len(docs)
    dated = ~np.isnat(start)
    ids = docs["doc_id"].to_numpy()

    def first_of(i: int, j: int) -> str:
        if not (dated[i] and dated[j]):
            return "unknown"
        return "ordered" if end[i] <= start[j] else "tie"

    rows = []
    for i, j, evidence, score, explanation, fixed in edges:
        if not fixed and dated[i] and dated[j] and (end[j] <= start[i] or (
                not end[i] <= start[j] and start[j] < start[i])):  # fmt: skip
            i, j = j, i  # (the earlier first; on a tie the earlier start, else corpus order)
        lag = start[j] - start[i] if dated[i] and dated[j] else np.timedelta64("NaT", "ns")
        rows.append((i, j, evidence, score, lag, first_of(i, j), explanation))
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    pairs = np.array([(r[0], r[1]) for r in rows], dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    component = connected_components(graph, directed=False)[1] if n else np.zeros(0, np.int64)
    linked = np.unique(pairs)
    stories = []
    for c in pd.unique(component[linked]):
        members = [int(k) for k in linked[component[linked] == c]]
        stories.append((int(c), *_story(members, docs, start, end)[1:]))
    stories.sort(key=lambda s: (s[1] is None, s[1] if s[1] is not None else 0, s[0]))
    number = {s[0]: k for k, s in enumerate(stories)}
    story_table = pd.DataFrame(
        [(number[s[0]], *s[2:]) for s in stories], columns=STORY_COLUMNS
    ).astype({"story": "int64", "articles": "int64"})
    edge_rows = []
    published = docs["published"].tolist() if "published" in docs.columns else [None] * n
    sources = docs[by].tolist() if by in docs.columns else [None] * n
    for i, j, evidence, score, lag, certainty, explanation in rows:
        story = number[int(component[i])]
        edge_rows.append((story, ids[i], ids[j], evidence, score, lag, certainty, explanation,
                          sources[i], sources[j], published[i], published[j]))  # fmt: skip
    edge_table = pd.DataFrame(edge_rows, columns=EDGE_COLUMNS)
    edge_table["lag"] = pd.Series(
        np.array([r[4] for r in rows], dtype="timedelta64[ns]"), dtype="timedelta64[ns]"
    )
    kinds = {"reuse": 0, "credit": 1, "translation": 2}
    edge_table = edge_table.sort_values(
        ["story", "evidence"],
        key=lambda s: s.map(kinds) if s.name == "evidence" else s,
        kind="stable",
    ).reset_index(drop=True)
    return Propagation(edge_table.astype({"score": "float64"}), story_table)


def _story(
    members: list[int], docs: pd.DataFrame, start: np.ndarray, end: np.ndarray
) -> tuple[Any, ...]:
    """(component key, first start or None, articles, sources, first doc, its published, its
    precision, certainty, tied)."""
    ids = docs["doc_id"].to_numpy()
    dated = [k for k in members if not np.isnat(start[k])]
    sources = "; ".join(dict.fromkeys(str(s) for s in docs["source"].to_numpy()[members])) if (
        "source" in docs.columns) else ""  # fmt: skip
    if not dated:
        return (members[0], None, len(members), sources, None, None, None, "unknown", "")
    first = min(dated, key=lambda k: (start[k], k))
    tied = [k for k in dated if k == first or start[k] < end[first]]
    certainty = "unknown" if len(dated) < len(members) else ("tie" if len(tied) > 1 else "ordered")
    precision = docs["published_precision"].iloc[first] if (
        "published_precision" in docs.columns) else None  # fmt: skip
    published = docs["published"].iloc[first] if "published" in docs.columns else None
    return (members[0], start[first], len(members), sources, ids[first], published, precision,
            certainty, "; ".join(str(ids[k]) for k in tied))  # fmt: skip
