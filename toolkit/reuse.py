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
  quotations (words that both texts quote, or set off as direct speech with dashes, are the
  speaker's, which every version of a story may quote: they do not show that one outlet copied
  another; words one text narrates and the other quotes are the first one's narration), in two
  articles within ``window`` days (a sentence reused a year later is stock background). When
  two articles share what each also shares with a third that is the likely origin (the earliest
  dated; among undated ones the most credited), they are siblings and are not linked to each
  other: a story is a tree of copies, not a clique. Likewise, when two articles in one
  language each translate an article of a third outlet in another language (one of them
  crediting that outlet) and most of what they share lies in their sentences aligned with its
  sentences, they are two renderings of it, not one the other's copy (machine translations of
  one text share whole phrases), unless they share at least half of each text (one text);
* ``credit``: an article credits an outlet whose article carrying what it credits is in the corpus.
  Credits come from :func:`toolkit.voice.find_credits` and from the outlets' names read in the
  text near a credit word ("according to", "reported", "news outlet", "Source:", "передает",
  "сообщает", "Источник:", "Прим.", "agenzia", "riporta") or set off as ``(BelTA)``, ``/TASS/``
  (a photo credit is not one). The outlet is matched to the corpus's sources by its canonical
  name (:data:`OUTLET_NAMES`; case and editions aside: ``BelTA English feed`` is BelTA). The
  candidates are the credited outlet's articles published before the crediting one, within
  the window, that share enough names, numbers and dates with it (``min_score``, half of it
  when the dates place both); in the crediting article's language when the outlet publishes
  in it. Most credits in a whole corpus credit an interview, a broadcast or a report the
  corpus does not hold, while the outlet's other articles of those days are about the same
  news; so the edge goes to the candidate that carries what the credit's sentence says (its
  names, numbers, dates and, in one language, longer words, weighted by rarity: at least 40% of
  it within three sentences in a row, since a long article on the same news names much of it
  here and there), or that shares passages or a rendering with the crediting article; a credit
  of the whole text (a dateline, a source line, ``(BelTA)``) goes to the candidate sharing most
  names, numbers and dates. A credit none of whose candidates qualifies (or that share less than
  ``min_score`` when the dates do not place both) still links them when the other edges already
  join the two in one story, if they share at least half of ``min_score``;
* ``translation``: two articles in different languages (English, Russian, Ukrainian; a
  ``language`` column is used where the corpus has one) within ``window`` days that render the
  same words. Candidate pairs share a name (transliterated: ``Лукашенко`` is ``lukashenko``,
  ``Лаврова`` is ``lavrov``) and come from an index of the rarer names, numbers and dates,
  never from all pairs. Names, numbers and dates shared by two whole articles cannot tell a
  translation from another write-up of the same event, so the sentences of each candidate pair
  are aligned: each sentence keeps its names, numbers, dates and cognates (its longer words'
  first letters in Latin: ``территории`` and ``territory`` are one key), each weighted by how
  rare it is among the candidates, and the alignment is the heaviest chain of sentence matches
  in the order of both texts (one sentence may match two, sentences may be left out, never a
  match out of order), as a translation keeps its source's order and an independent report
  does not. A pair is linked when the quoted sentences the alignment pairs share at least
  ``min_rendered`` of weight (each further quoted sentence next to them that lines up with the
  other's by its length alone adding a little), or when the alignment covers most of both
  articles. The ``explanation`` column says how many sentences were aligned and what they
  share.

Times are ordered by the span their precision gives them (``published_precision``: a date given
to the day is the whole day); an order the dates cannot tell is said, not guessed. For the
window alone (never for the order or the lag), an undated article is placed by the date its
address names (``/2023/06/09/``, ``/10042023/``, ``/2022/june/``), else by the day of the year
of its dateline (``МИНСК, 28 окт``), else by the days it names; an article with none of these
is near every other.

:func:`strip_reused` cuts every later copy of a passage out of a copy of the corpus, so that
:func:`toolkit.count_terms` and :func:`toolkit.keyness` count a relayed statement once.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.corpus import published_bounds
from toolkit.engine import (
    Analysis,
    Document,
    Partial,
    column_dtypes,
    columns_frame,
    corpus_columns,
    run,
)
from toolkit.errors import CorpusError, ToolkitError
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
    "strip_reused",
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
    >>> [outlet_name(s) for s in ["БелТА", "BelTA (via kopyl.gov.by, English)", "ТАСС", "CNN",
    ...                          "BelTA English feed"]]
    ['BelTA', 'BelTA', 'TASS', 'CNN', 'BelTA']
    """
    if not isinstance(source, str) or not source.strip():
        return None
    name = re.sub(r"\s*\(.*$", "", source).strip() or source.strip()
    lowered = name.lower()
    if lowered in OUTLET_NAMES:
        return OUTLET_NAMES[lowered]
    for spelling, canonical in OUTLET_NAMES.items():  # "BelTA English feed": an edition of BelTA
        if len(spelling) > 3 and lowered.startswith(spelling + " "):
            return canonical
    return name


def _outlet_key(name: object) -> str:
    """One key per outlet, whatever the case of its name ("IL Tempo" is "Il Tempo")."""
    return (outlet_name(name) or "").casefold()


# --------------------------------------------------------------------------- windows

_WORDS: dict[str, int] = {}


def _missing_by(func: str, corpus: Any, by: str) -> None:
    """Raise for a ``by`` column the corpus does not have, unless it is the default
    ``"source"``, which a corpus may lack (its articles are then not grouped by outlet)."""
    if by != "source":
        raise CorpusError(
            f"{func}: by= names {by!r}, which the corpus does not have. Columns: "
            f"{corpus_columns(corpus)}."
            + (" (by=None pairs any two articles.)" if func != "propagation" else "")
        )


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


#: The end of direct speech written without quotation marks: "..., — сказал он", "..., - said".
_SPEECH_END_RE = re.compile(r"[,!?…]\s*[-—–]\s+(?=[^\W\d_])")
_DASH_START_RE = re.compile(r"\s*[-—–]\s+")


def _speech_spans(text: str) -> list[tuple[int, int]]:
    """Direct speech set off by dashes instead of quotation marks, as Russian writes it: a
    paragraph that opens with a dash (to its ", — сказал" or its end), or a paragraph whose
    words run up to ", — отметил он" with no quotation mark before."""
    spans = []
    at = 0
    for line in text.split("\n"):
        end = _SPEECH_END_RE.search(line)
        opening = _DASH_START_RE.match(line)
        if opening:
            spans.append((at + opening.end(), at + (end.start() if end else len(line))))
        elif end and not re.search(r"[«»\"“”„]", line[: end.start()]):
            spans.append((at, at + end.start()))
        at += len(line) + 1
    return spans


def _quoted(text: str, starts: np.ndarray) -> np.ndarray:
    """Whether each word (by its start) is inside a quotation of ``text`` (or direct speech
    set off by dashes)."""
    quoted = np.zeros(len(starts), dtype=bool)
    spans = [(q.start, q.end) for q in find_quotes(text) if q.depth == 0]
    for start, end in [*spans, *_speech_spans(text)]:
        lo, hi = np.searchsorted(starts, start), np.searchsorted(starts, end)
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
        whole corpus). A corpus without a ``source`` column is not grouped (as with ``None``),
        nor is an article whose group is missing; a ``by`` column it does not have otherwise
        is an error.
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
        ``quoted``        share of its words inside a quotation (or direct speech set off by
                          dashes) in both texts: the smaller of the two texts' shares, since
                          words one text narrates and the other quotes are the first one's
                          narration, quoted
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
        _missing_by("find_reuse", corpus, by)
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
    groups = np.arange(len(rows), dtype=np.int64)  # every article its own group
    if by:
        # (an article whose group is missing stays its own: read_corpus gives a corpus
        # without sources an empty source column)
        codes = pd.Series(group_values, dtype=object).factorize()[0].astype(np.int64)
        groups = np.where(codes >= 0, codes, len(rows) + groups)
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
            quoted = min(quoted, quotes[b][wb0 : wb1 + 1].mean())
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


def strip_reused(
    corpus: pd.DataFrame,
    *,
    reuse: pd.DataFrame | None = None,
    min_words: int = 12,
    by: str | None = "source",
    progress: bool | None = None,
) -> pd.DataFrame:
    """A copy of the corpus in which every passage an article took from an earlier article of
    the corpus is cut out, so that a story's text is counted once.

    Counting terms on the result (``count_terms(strip_reused(corpus), ...)``, ``keyness``)
    counts a statement five outlets relayed word for word once, in the article that published
    it first, while the corpus itself keeps every outlet's copy. Which article is earlier: the
    one whose ``published`` span (``published_precision``) ends before the other's starts;
    when the dates cannot tell (the spans overlap, as 09:00 on a day and that day do, or an
    article is undated), the one earlier in the corpus. A passage is cut from
    the later article of every pair that shares it, quotations included (a quotation relayed
    word for word is the same voice counted again).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (``doc_id`` unique, ``text``); not changed.
    reuse : DataFrame, optional
        The passages, as :func:`find_reuse` returns them for this corpus; by default found
        with ``min_words`` and ``by``.
    min_words, by, progress
        As for :func:`find_reuse`, when ``reuse`` is not given. With ``by="source"`` (the
        default) two articles of one outlet are never paired, so an outlet's own updates of a
        story keep what they repeat (each is counted); ``by=None`` cuts those repeats too.

    Returns
    -------
    DataFrame
        The corpus, same rows and columns, with each later copy of a passage cut out of
        ``text`` (a cut inside a line leaves one space) and a new column ``reused_chars``: the
        characters cut from the article (0 for an article that reused nothing).

    Examples
    --------
    >>> statement = ("The minister said the pipeline would reopen next week after repairs to "
    ...              "the pumping station were finished ahead of schedule.")
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["wire", "relay"], "source": ["TASS", "Herald"],
    ...     "published": pd.to_datetime(["2024-05-01 09:00", "2024-05-01 11:00"]),
    ...     "text": [statement, "Energy news. " + statement + " Prices fell."]})
    >>> once = strip_reused(corpus)
    >>> once[["doc_id", "text", "reused_chars"]]
      doc_id                                               text  reused_chars
    0   wire  The minister said the pipeline would reopen ne...             0
    1  relay                        Energy news. . Prices fell.           122
    >>> corpus.loc[1, "text"][:20]  # the corpus keeps every copy
    'Energy news. The min'
    """
    if not isinstance(corpus, pd.DataFrame):
        raise ToolkitError(
            "strip_reused() takes a corpus DataFrame (read_corpus(path) without chunksize)."
        )
    for column in ("doc_id", "text"):
        if column not in corpus.columns:
            raise ToolkitError(f"strip_reused() needs a corpus with {column!r}: read it with "
                               "read_corpus().")  # fmt: skip
    if corpus["doc_id"].duplicated().any():
        raise ToolkitError("strip_reused() needs unique doc_id values: each cut names its article.")
    if reuse is None:
        reuse = find_reuse(corpus, min_words=min_words, by=by, progress=progress)
    missing = {"doc_id_a", "doc_id_b", "start_a", "end_a", "start_b", "end_b"} - set(reuse.columns)
    if missing:
        raise ToolkitError(f"strip_reused(reuse=) takes a find_reuse() table; missing "
                           f"{sorted(missing)}.")  # fmt: skip
    position = {d: k for k, d in enumerate(corpus["doc_id"].tolist())}
    # each article's published span (its start, its end): the dates tell which of two came
    # first only when the spans do not overlap (09:00 on a day and that day are a tie)
    if "published" in corpus.columns:
        bounds = published_bounds(corpus["published"], corpus.get("published_precision"))
        starts, ends = (
            (b.dt.tz_convert(None) if b.dt.tz is not None else b).to_numpy(dtype="datetime64[ns]")
            for b in bounds
        )
    else:
        starts = ends = np.full(len(corpus), np.datetime64("NaT"), dtype="datetime64[ns]")
    cuts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, sa, ea, sb, eb in reuse[
        ["doc_id_a", "doc_id_b", "start_a", "end_a", "start_b", "end_b"]
    ].itertuples(index=False):
        i, j = position.get(a), position.get(b)
        if i is None or j is None:
            raise ToolkitError(f"strip_reused(reuse=): {a!r} or {b!r} is not in the corpus.")
        dated = not (np.isnat(starts[i]) or np.isnat(starts[j]))
        if dated and ends[i] <= starts[j]:
            later = True  # (b is the later copy)
        elif dated and ends[j] <= starts[i]:
            later = False
        else:  # (a tie, or an undated article: the corpus's order)
            later = j > i
        if later:
            cuts[j].append((int(sb), int(eb)))
        else:
            cuts[i].append((int(sa), int(ea)))
    texts = corpus["text"].tolist()
    removed = np.zeros(len(corpus), dtype=np.int64)
    for k, spans in cuts.items():
        text = texts[k]
        pieces, at = [], 0
        for lo, hi in _merge_spans(spans):
            pieces.append(text[at:lo])
            removed[k] += hi - lo
            at = hi
        pieces.append(text[at:])
        joined = pieces[0]
        for piece in pieces[1:]:  # (one space where a cut would join two words)
            joined += piece if (not joined or joined[-1].isspace() or not piece
                                or piece[0].isspace()) else " " + piece  # fmt: skip
        texts[k] = joined
    out = corpus.copy()
    out["text"] = pd.Series(texts, index=corpus.index, dtype=corpus["text"].dtype)
    out["reused_chars"] = removed
    return out


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (start, end) spans joined, in order."""
    merged: list[list[int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


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
#: Month words (English, Russian, Ukrainian and Italian; full and abbreviated) and their numbers.
_MONTH_WORDS = [
    ("january|jan|январ[а-я]*|янв|січ[а-я]*|gennaio", 1),
    ("february|feb|феврал[а-я]*|фев|лют[а-я]*|febbraio", 2),
    ("march|mar|март[а-я]*|мар|берез[а-я]*|marzo", 3),
    ("april|apr|апрел[а-я]*|апр|квіт[а-я]*|aprile", 4),
    ("may|ма[яй]|травн[а-я]*|maggio", 5),
    ("june|jun|июн[а-я]*|черв[а-я]*|giugno", 6),
    ("july|jul|июл[а-я]*|лип[а-я]*|luglio", 7),
    ("august|aug|август[а-я]*|авг|серп[а-я]*|agosto", 8),
    ("september|sept|sep|сентябр[а-я]*|сен|верес[а-я]*|settembre", 9),
    ("october|oct|октябр[а-я]*|окт|жовт[а-я]*|ottobre", 10),
    ("november|nov|ноябр[а-я]*|ноя|листопад[а-я]*|novembre", 11),
    ("december|dec|декабр[а-я]*|дек|груд[а-я]*|dicembre", 12),
]
_MONTH = "|".join(f"(?:{w})" for w, _ in _MONTH_WORDS)
_MONTH_RES = [(re.compile(f"(?:{w})$"), n) for w, n in _MONTH_WORDS]
_DAY_RE = re.compile(r"(?<![\w.])\d{1,2}(?!\d)")
_AFTER_DAY_RE = re.compile(rf"(?i)(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?({_MONTH})\.?(?!\w)")
_BEFORE_DAY_RE = re.compile(rf"(?i)(?<![^\W\d_])({_MONTH})\.?\s+$")
_RANGE_RE = re.compile(r"(?:\s*[-–]\s*\d{1,2})?(?![\w.,]\d)(?!\w)")
_ISO_DATE_RE = re.compile(r"(?<!\d)\d{4}-(\d\d)-(\d\d)(?!\d)")


_URL_DATE_RES = [
    (re.compile(r"(?<!\d)(20\d\d)[/-](\d\d)[/-](\d\d)(?!\d)"), (1, 2, 3)),  # 2023/06/09
    (re.compile(r"/(\d\d)/(\d\d)/(20\d\d)/"), (3, 2, 1)),  # /24/06/2023/
    (re.compile(r"/(20\d\d)(\d\d)(\d\d)/"), (1, 2, 3)),  # /20220625/
    (re.compile(r"/(\d\d)(\d\d)(20\d\d)/"), (3, 2, 1)),  # /10042023/
]


_URL_MONTH_RE = re.compile(rf"/(20\d\d)/({_MONTH})/", re.IGNORECASE)
_URL_YEAR_RE = re.compile(r"/(20\d\d)/")


def _url_span(url: object) -> tuple[float, float] | None:
    """The days (since 1970, first and last) an article's address says it is from, as news
    sites write dates in their paths: ``/2023/06/09/``, ``/24/06/2023/``, ``/20220625/``,
    ``/10042023/`` (a day), ``/2022/june/`` (a month), ``/2022/`` (a year); None if none."""
    if not isinstance(url, str) or "/" not in url:
        return None
    for pattern, (y, m, d) in _URL_DATE_RES:
        for found in pattern.finditer(url):
            try:
                day = pd.Timestamp(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                continue
            return _days(day), _days(day)
    month_found = _URL_MONTH_RE.search(url)
    if month_found:
        word = month_found.group(2).lower()
        month = next((n for r, n in _MONTH_RES if r.match(word)), 1)
        first = pd.Timestamp(int(month_found.group(1)), month, 1)
        return _days(first), _days(first + pd.offsets.MonthEnd(1))
    year_found = _URL_YEAR_RE.search(url)
    if year_found:
        year = int(year_found.group(1))
        return _days(pd.Timestamp(year, 1, 1)), _days(pd.Timestamp(year, 12, 31))
    return None


def _days(stamp: pd.Timestamp) -> float:
    return float(stamp.value // 86_400_000_000_000)


def _date_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ``"MM-DD"``) of each date ``text`` names: "9 June", "June 9", "7-8 July",
    "9 июня", "28 окт", "9 giugno", "2023-06-09". Found from the numbers of one or two digits
    (few in a text) rather than by trying a month's name at every character."""
    found = []
    for d in _DAY_RE.finditer(text):
        day = int(d.group())
        after = _AFTER_DAY_RE.match(text, d.end())
        if after:
            word, start, end = after.group(1), d.start(), after.end()
        else:
            head = text[max(0, d.start() - 14) : d.start()]
            before = _BEFORE_DAY_RE.search(head)
            rest = _RANGE_RE.match(text, d.end())
            if not before or not rest:
                continue
            word, start, end = before.group(1), d.start() - len(head) + before.start(), rest.end()
        month = next((n for r, n in _MONTH_RES if r.match(word.lower())), 0)
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((start, end, f"{month:02d}-{day:02d}"))
    for m in _ISO_DATE_RE.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((m.start(), m.end(), f"{month:02d}-{day:02d}"))
    return found


def _dates(text: str) -> set[str]:
    """The days of the year ``text`` names (``"06-09"``)."""
    return {key for _, _, key in _date_matches(text)}


def _dateline(text: str) -> set[str]:
    """The day of the year of a dateline near the start of ``text``: a date after a place
    (``МИНСК, 28 окт``, ``Minsk, June 30``) or before a dash, a slash, a bracket or a year
    (``June 9. /TASS/``); a date in the story itself is not the day it was written."""
    head = text[:_DATELINE_CHARS]
    found = set()
    for start, end, key in _date_matches(head):
        before, after = head[max(0, start - 30) : start], head[end : end + 10]
        if re.search(r"[A-ZА-ЯЁ][\w-]+,\s*$", before) or re.match(
            r"\.?\s*(?:[—–/(-]|,\s*(?:19|20)\d\d)", after
        ):
            found.add(key)
    return found


def name_key(word: str) -> str:
    """A name as a key that its spellings in Latin and Cyrillic letters share: transliterated,
    spelling variants folded, cut to its first five letters (which also drops Russian endings).

    Examples
    --------
    >>> [name_key(w) for w in ["Лукашенко", "Lukashenko", "Лаврова", "Lavrov", "Шойгу", "Shoigu"]]
    ['lukas', 'lukas', 'lavro', 'lavro', 'shoig', 'shoig']
    """
    return _name_key(word)


@functools.lru_cache(maxsize=1 << 18)
def _name_key(word: str) -> str:
    key = word.lower().translate(_TRANSLIT)
    for a, b in _FOLD:
        key = key.replace(a, b)
    return key[:5]


def _features(text: str, *, script: bool = True) -> tuple[str | None, frozenset[str]]:
    """An article's script-based language (``ru`` when most letters are Cyrillic, else ``en``;
    None unless ``script``) and what a translation of it keeps: names, numbers and dates, as
    keys."""
    language = None
    if script:
        cyrillic = len(_CYRILLIC_RE.findall(text))
        language = "ru" if cyrillic > len(_LATIN_RE.findall(text)) else "en"
    found = {"name:" + _name_key(w) for w in set(_NAME_RE.findall(text))}
    found.update("number:" + m.replace(",", ".") for m in _NUMBER_RE.findall(text)
                 if len(m) > 1)  # fmt: skip
    found.update("date:" + d for d in _dates(text))
    return language, frozenset(found)


def _span_keys(text: str, start: int, end: int) -> set[str]:
    """What a translation keeps of ``text[start:end]`` (dates aside): the names, numbers
    (digits or words) it names and its longer words as cognate keys."""
    found = {"name:" + _name_key(w) for w in set(_NAME_RE.findall(text, start, end))}
    found.update("number:" + m.replace(",", ".")
                 for m in _NUMBER_RE.findall(text, start, end) if len(m) > 1)  # fmt: skip
    return found | _word_keys(text, start, end)


def _word_keys(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """The longer words of ``text[start:end]`` as cognate keys and the numbers it writes as
    words (what :func:`_span_keys` reads that :func:`_features` does not)."""
    end = len(text) if end is None else end
    found = {"word:" + _word_key(w) for w in set(_WORD_RE.findall(text, start, end))}
    found.update("count:" + _NUMBER_WORDS[w.lower()]
                 for w in _NUMBER_WORD_RE.findall(text, start, end))  # fmt: skip
    return found


def _credit_keys(text: str, starts: list[int], bounds: list[tuple[int, int]]) -> set[str]:
    """What the sentences of ``text`` that have a credit at ``starts`` say (:func:`_span_keys`
    and dates), each with the sentences before it while it names fewer than
    :data:`_CREDIT_KEYS` things ("Об этом сообщил ТАСС." credits the sentences before it)."""
    ends = [end for _, end in bounds]
    found: set[str] = set()
    for at in starts if bounds else ():
        x = min(bisect.bisect_right(ends, at), len(bounds) - 1)
        says: set[str] = set()
        while x >= 0 and len(says) < _CREDIT_KEYS:
            start, end = bounds[x]
            says |= _span_keys(text, start, end)
            says.update("date:" + d for _, _, d in _date_matches(text[start:end]))
            x -= 1
        found |= says
    return found


#: What a credit's sentence must name (names, numbers, dates, longer words; the credited
#: outlet's name among them) before the sentences before it are read with it.
_CREDIT_KEYS = 5


#: One sentence as the alignment sees it: its length in characters, its keys (names,
#: numbers, dates and cognates, as :func:`_features` and :func:`_word_key` write them) and
#: whether it is mostly quoted.
_Sentence = tuple[int, frozenset[str], bool]
#: An article's sentences and where each is in its text (start, end).
_Read = tuple[tuple[_Sentence, ...], list[tuple[int, int]]]


def _sentences(text: str, bounds: list[tuple[int, int]] | None = None) -> tuple[_Sentence, ...]:
    """The sentences of ``text`` (``bounds``: :func:`_sentence_bounds`, when already read)
    with what a translation keeps of each: the names, numbers and dates it names, its longer
    words as cognate keys (``территории`` and ``territory`` are both ``word:tirit``), and
    whether at least 30% of it is inside a quotation."""
    if bounds is None:
        bounds = _sentence_bounds(text)
    keys = _sentence_keys(text, bounds)
    quotes = _merge_spans(_quote_spans(text))
    out: list[_Sentence] = []
    q = 0
    for (start, end), ks in zip(bounds, keys, strict=True):
        while q < len(quotes) and quotes[q][1] <= start:
            q += 1
        inside = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in quotes[q:]
                     if lo < end)  # fmt: skip
        out.append((end - start, frozenset(ks), inside >= 0.3 * (end - start)))
    return tuple(out)


def _sentence_keys(text: str, bounds: list[tuple[int, int]]) -> list[set[str]]:
    """What each sentence of ``text`` (at ``bounds``) names: :func:`_span_keys` and dates."""
    ends = [end for _, end in bounds]
    keys = [_span_keys(text, start, end) for start, end in bounds]
    for at, _, day in _date_matches(text):
        k = bisect.bisect_right(ends, at)
        if k < len(keys):
            keys[k].add("date:" + day)
    return keys


def _passage_keys(keys: Sequence[AbstractSet[str]], width: int) -> tuple[frozenset[str], ...]:
    """What each run of ``width`` sentences in a row names (one run when there are fewer)."""
    return tuple(frozenset().union(*keys[k : k + width])
                 for k in range(max(1, len(keys) - width + 1)))  # fmt: skip


#: Two sentences match in an alignment when what they share weighs at least this (weights:
#: the log of the inverse document frequency among the articles aligned, over its largest
#: value, so that 1 is a key of one of them and 0.5 a key of about the square root of them) ...
_MIN_PAIR = 0.5
#: ... and the longer is at most this many times as long as the other.
_MAX_RATIO = 3.0
#: What a match of a quoted sentence with one that is not quoted counts for, in the
#: alignment: a translation keeps a quotation a quotation.
_MIXED = 0.5
#: What each quoted sentence next to an aligned quoted pair adds to the weight of what two
#: articles render when it lines up with the other's next quoted sentence by its length alone
#: (the longer at most :data:`_NEIGHBOUR_RATIO` times the other), as in Gale and Church's
#: alignment by length: a quotation rendered sentence by sentence.
_NEIGHBOUR = 0.2
_NEIGHBOUR_RATIO = 2.0
#: A translation of a whole article (quoted or not): the alignment covers at least this share
#: of the longer article's sentences that name anything.
_WHOLE = 0.7
#: Quotation marks: what opens a quotation, what closes one (``"`` does both; ``“`` closes
#: what ``„`` opened and opens otherwise).
_MARK_RE = re.compile(r"[«»“”„\"]")
#: The longest quotation read between two marks; an opening mark left open longer is ignored.
_LONGEST_QUOTE = 1500


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` quotes someone: quotations of :func:`toolkit.voice.find_quotes`,
    direct speech set off by dashes, and the text between an opening and its closing quotation
    mark, even over paragraphs (a quotation of three words or fewer, such as a name in
    guillemets, «Вагнер», is left out)."""
    spans = [(q.start, q.end) for q in find_quotes(text) if q.depth == 0]
    spans += _speech_spans(text)
    depth, start, opener = 0, 0, ""
    for m in _MARK_RE.finditer(text):
        mark, at = m.group(), m.start()
        if depth and at - start > _LONGEST_QUOTE:
            depth = 0  # (a mark left open)
        closes = depth and (mark in "»”" or (mark == "“" and opener == "„")
                            or (mark == '"' and opener == '"'))  # fmt: skip
        if closes:
            depth -= 1
            if not depth and len(text[start:at].split()) > 3:
                spans.append((start, at + 1))
        elif mark in '«„“"':
            if not depth:
                start, opener = at, mark
            depth += 1 if mark != '"' or not depth else 0
    return spans


#: Words long enough to be compared across scripts by their first letters.
_WORD_RE = re.compile(r"(?<![^\W\d_])[a-zа-яё]{6,}")
#: Numbers written as words, two to twelve, in English, Russian and Ukrainian (with the digits
#: they stand for: "two or three missiles" renders "две или три ракеты"); "one" is left out,
#: an article as often as a number.
_NUMBER_WORDS = {
    w: str(n)
    for n, words in enumerate(
        [
            "two две два двух двое дві двох",
            "three три трех трёх трое трьох",
            "four четыре четырех четырёх чотири",
            "five пять пяти п'ять",
            "six шесть шести шість",
            "seven семь семи сім",
            "eight восемь восьми вісім",
            "nine девять девяти дев'ять",
            "ten десять десяти",
            "eleven одиннадцать одинадцять",
            "twelve двенадцать дванадцять",
        ],
        start=2,
    )
    for w in words.split()
}
_NUMBER_WORD_RE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.I,
)
#: Spellings folded into one for cognates (after :data:`_TRANSLIT`): ``c`` and ``k``, ``e``
#: and ``i``, ``z`` and ``s``, ``ts`` and ``k`` (``санкции``, ``sanctions``), doubled letters.
_WORD_FOLD = (("ph", "f"), ("th", "t"), ("x", "ks"), ("w", "v"), ("qu", "kv"), ("ck", "k"),
              ("c", "k"), ("kh", "h"), ("ts", "k"), ("j", "y"), ("iy", "y"), ("y", "i"),
              ("e", "i"), ("z", "s"))  # fmt: skip


@functools.lru_cache(maxsize=1 << 18)
def _word_key(word: str) -> str:
    key = word.translate(_TRANSLIT)
    for a, b in _WORD_FOLD:
        key = key.replace(a, b)
    key = re.sub(r"(.)\1", r"\1", key)
    return key[:5]


#: Where a sentence ends: after ``.``, ``!``, ``?`` or ``…`` (and a closing quotation mark or
#: bracket) before a space and a capital, a digit or an opening quotation mark; or at a line
#: break.
_SENTENCE_END_RE = re.compile(
    r"(?<=[.!?…])[»\"”’)\]]*\s+(?=[«\"“„(\[—–-]?\s*[A-ZА-ЯЁ0-9])|\s*\n\s*"
)


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that has a letter."""
    out: list[tuple[int, int]] = []
    at = 0
    for m in [*_SENTENCE_END_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > at and re.search(r"[^\W\d_]", text[at:end]):
            if out and _INITIAL_RE.search(text, out[-1][0], out[-1][1]):
                out[-1] = (out[-1][0], end)  # ("A. Lukashenko": an initial ends no sentence)
            else:
                out.append((at, end))
        if m:
            at = m.end()
    return out


_INITIAL_RE = re.compile(r"(?<![^\W\d_])[A-ZА-ЯЁ]\.$")


class _Aligned(NamedTuple):
    """What the sentence alignment of two articles found."""

    pairs: list[tuple[int, int]]  # (sentence of a, sentence of b), in order
    share: float  # share of the shorter article's sentences with anchors that are aligned
    cover: float  # the same share of the longer article's
    weight: float  # the weight of the chain: what its matches share (mixed ones halved)
    shared: list[str]  # those anchors, the rarest first


def _rendered(
    a: Sequence[_Sentence],
    b: Sequence[_Sentence],
    pairs: list[tuple[int, int]],
    weight: dict[str, float],
) -> tuple[float, list[tuple[int, int]]]:
    """How much of a quotation two aligned articles both render: the weight of what each
    aligned pair of quoted sentences shares, and :data:`_NEIGHBOUR` for each quoted sentence
    next to such a pair that lines up with the other text's next (or previous) quoted sentence
    by its length alone (at most :data:`_NEIGHBOUR_RATIO` times as long), as a translation
    renders a quotation sentence by sentence; and the quoted pairs."""
    anchored = [(x, y) for x, y in pairs if a[x][2] and b[y][2]]
    total = sum(weight.get(f, 0.0) for x, y in anchored for f in a[x][1] & b[y][1])
    taken_a, taken_b = {x for x, _ in pairs}, {y for _, y in pairs}
    found = list(anchored)
    for x, y in anchored:
        for step in (1, -1):
            i, j = x + step, y + step
            while (0 <= i < len(a) and 0 <= j < len(b) and a[i][2] and b[j][2]
                   and i not in taken_a and j not in taken_b
                   and max(a[i][0], b[j][0]) <= _NEIGHBOUR_RATIO * min(a[i][0], b[j][0])
                   ):  # fmt: skip
                total += _NEIGHBOUR
                taken_a.add(i)
                taken_b.add(j)
                found.append((i, j))
                i, j = i + step, j + step
    return total, sorted(found)


def _align(
    a: Sequence[_Sentence],
    b: Sequence[_Sentence],
    weight: dict[str, float],
    min_pair: float,
    max_ratio: float,
) -> _Aligned:
    """The sentences of two articles aligned in order, as a translation keeps them.

    Two sentences match when the names, numbers and dates they share weigh at least
    ``min_pair`` and their lengths differ by at most ``max_ratio`` times. The alignment is the
    heaviest chain of matches that keeps both texts' order: one sentence may match two
    consecutive sentences of the other (a sentence split or two merged), and sentences may be
    left out on either side (what one text cut or added); never a match out of order."""
    having: dict[str, list[int]] = defaultdict(list)  # key -> sentences of b that have it
    for j, (_, kb, _) in enumerate(b):
        for f in kb:
            having[f].append(j)
    matches = []
    for i, (la, ka, qa) in enumerate(a):
        sums: dict[int, float] = defaultdict(float)
        for f in ka:
            w = weight.get(f, 0.0)
            for j in having.get(f, ()):
                sums[j] += w
        for j in sorted(sums):
            lb, kb, qb = b[j]
            w = sums[j]
            if w >= min_pair and max(la, lb) <= max_ratio * min(la, lb):
                # (a translation keeps a quotation a quotation)
                matches.append((i, j, w if qa == qb else w * _MIXED, ka & kb))
    if not matches:
        return _Aligned([], 0.0, 0.0, 0.0, [])
    best = [m[2] for m in matches]
    back = [-1] * len(matches)
    for y, (i, j, w, _) in enumerate(matches):  # (in order of i, then j)
        for x in range(y):
            pi, pj = matches[x][0], matches[x][1]
            prev = back[x]  # (a 1-2 or 2-1 match only after a 1-1 step or at the start)
            single = prev < 0 or (matches[prev][0] < pi and matches[prev][1] < pj)
            if ((pi < i and pj < j) or (single and (
                    (pi == i and pj == j - 1) or (pj == j and pi == i - 1)))) and (
                    best[x] + w > best[y]):  # fmt: skip
                best[y], back[y] = best[x] + w, x
    y = int(np.argmax(best))
    chain = []
    while y >= 0:
        chain.append(y)
        y = back[y]
    chain.reverse()
    pairs = [(matches[y][0], matches[y][1]) for y in chain]
    shared = set().union(*(matches[y][3] for y in chain))
    counts = sorted((sum(bool(k) for _, k, _ in a), sum(bool(k) for _, k, _ in b)))
    covered = min(len({i for i, _ in pairs}), len({j for _, j in pairs}))
    return _Aligned(
        pairs,
        covered / counts[0] if counts[0] else 0.0,
        covered / counts[1] if counts[1] else 0.0,
        float(best[chain[-1]]),
        sorted(shared, key=lambda f: (-weight.get(f, 0.0), f)),
    )


_CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁіїєґ]")
_LATIN_RE = re.compile(r"[a-zA-Z]")


#: Words near an outlet's name that make the mention a credit (English, Russian, Ukrainian,
#: Italian): "according to", "reported", "news outlet", "сообщает", "передает", "со ссылкой
#: на", "Источник:", "Прим.", "цитата во", "agenzia", "riporta".
_CUE_RE = re.compile(
    r"(?i)(?:report|according\s+to|\bcit(?:e|es|ed|ing)\b|quot|\btold\b|\bsaid\b|\bsays\b|"
    r"agency|outlet|\bsource\b|transmit|learned|news\s+channel|\bwr(?:ote|ites)\b|"
    r"сообщ|переда|\bпиш|пишет|ссылк|источник|по\s+данным|цитат|цитир|\bприм\b|агентств|"
    r"информагентств|корреспондент|повідом|джерел|\briport|agenzia|\bfonte\b|riferisce)"
)
_PHOTO_RE = re.compile(r"(?i)(?:фото|photo|©|foto)\W{0,3}$")
#: An outlet named as an example ("state media outlets like RT and Sputnik", "such as RT"):
#: the credit word before it credits nothing.
_EXAMPLE_RE = re.compile(
    r"(?i)\b(?:like|such as|including|as well as|и другие|таких как|такие как|включая)\s+"
    r"(?:[\w'’.\-]+(?:\s+[\w'’.\-]+)?(?:,|\s+(?:and|or|и|или))\s+)?$"
)


def _spellings(names: Sequence[str]) -> list[tuple[str, str]]:
    """(lower-case spelling, outlet key) of the outlets ``names`` and :data:`OUTLET_NAMES`
    spell, longest first."""
    pairs = {n.lower(): _outlet_key(n) for n in names if len(n) >= 2}
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def _read_mentions(
    text: str, spellings: list[tuple[str, str]], own: str
) -> list[tuple[str, str, int, bool]]:
    """(outlet key, phrase, where the name is, whether set off as a dateline mark) of each
    outlet ``text`` credits by name (not its own ``own``): a name written as a name (capital
    first; three letters or fewer: all capitals; a Cyrillic name may take a case ending, БЕЛТА,
    ТАССа) with a credit word within 60 characters of it in the same sentence, or set off as a
    dateline mark, ``(BelTA)`` or ``/TASS/``. A photo credit is not a credit for the text.
    Each name is looked up with ``str.find``."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return []
    found: dict[str, tuple[str, int, bool]] = {}
    taken: list[tuple[int, int]] = []
    for spelling, key in spellings:
        if not key or key == own or key in found:
            continue
        at = lowered.find(spelling)
        while at >= 0:
            end = at + len(spelling)
            if "а" <= spelling[-1] <= "я":  # (a Cyrillic name: up to two letters of ending)
                limit = min(len(text), end + 2)
                while end < limit and "а" <= lowered[end] <= "я":
                    end += 1
            word = text[at:end]
            bounded = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == ".")) and (
                end == len(text) or not text[end].isalnum())  # fmt: skip
            if (bounded and word[0].isupper() and (len(word) > 3 or word.isupper())
                    and not any(a <= at < b for a, b in taken)):  # fmt: skip
                before, after = text[max(0, at - 60) : at], text[end : end + 60]
                before = re.split(r"[.!?\n]\s", before)[-1]
                after = re.split(r"[.!?\n]\s", after)[0]
                # ("(BelTA)", "/TASS/"; not "(Reuters/Name)", a photo's credit)
                marked = bool(re.search(r"\(\s*$", before) and re.match(r"\s*\)", after)) or bool(
                    re.search(r"/\s*$", before) and re.match(r"\s*/", after))  # fmt: skip
                if not _PHOTO_RE.search(before) and (
                    marked
                    or (_CUE_RE.search(before) and not _EXAMPLE_RE.search(before))
                    or _CUE_RE.search(after)
                ):
                    found[key] = (" ".join((before[-30:] + word + after[:30]).split()), at, marked)
                    taken.append((at, end))
                    break
            at = lowered.find(spelling, at + 1)
    return [(key, *what) for key, what in found.items()]


#: How far into a text its dateline may be (the date a text names first, e.g. "МИНСК, 28 окт").
_DATELINE_CHARS = 300


def _day_of_year(key: str) -> float:
    month, day = key.split("-")
    return (int(month) - 1) * 30.44 + int(day)


class Propagation(NamedTuple):
    """What :func:`propagation` returns: the edges between articles and the stories."""

    edges: pd.DataFrame
    stories: pd.DataFrame


def propagation(
    corpus: pd.DataFrame,
    *,
    min_words: int = 12,
    min_narration: int = 6,
    window: float = 3.0,
    min_score: float = 0.25,
    min_rendered: float = 1.2,
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
    min_narration : int, default 6
        Words of a pair's shared passages that must lie outside quotations for a ``reuse`` edge.
    window : float, default 3.0
        Days between two articles within which any edge may link them (undated articles: see
        the module docstring).
    min_score : float, default 0.25
        The least score of a ``credit`` edge's articles when the dates do not place both (half
        of it when they do): the weight of the names, numbers and dates two articles share over
        the weight of the smaller article's (each weighted by the log of its inverse document
        frequency in the corpus).
    min_rendered : float, default 1.2
        The least weight of a ``translation`` edge: what the quoted sentences its alignment
        pairs share (see the module docstring; a key of one article weighs 1, a key of about
        the square root of the articles aligned 0.5).
    by : str, default "source"
        The column naming each article's outlet (a corpus without ``source`` is read as one
        whose outlets are unknown; another column it does not have is an error).
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
                           the weight of ``min_rendered`` (or of all the aligned sentences'
                           keys for a whole article translated)
        ``lag``            ``to_doc``'s time minus ``from_doc``'s (start of the span its
                           precision gives); NaT when either is undated
        ``certainty``      whether ``from_doc`` came first: ``ordered``, ``tie`` (the dates'
                           precision cannot tell) or ``unknown`` (undated)
        ``explanation``    what links them: the passage's start, the credit, or the
                           sentences aligned and the names, numbers, dates and cognates
                           they share
        ``from_source``... the two outlets and ``published`` values
        ================== ==============================================================

        ``stories``, one row per story: ``story``, ``articles``, ``sources`` (``"; "``),
        ``first_doc_id`` (the earliest dated article; None when none is dated),
        ``first_published``, ``first_precision``, ``first_certainty`` (``ordered``, ``tie``:
        another article may be as early, see ``tied``; ``unknown``: an article is undated) and
        ``tied`` (the articles that may have come first, ``"; "``). A story is the articles
        its edges join, except that a round-up or a live page (an article that shares its
        passages with others in places of it far apart, with others about different events)
        is in each story it gathers without joining them into one.

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
    if not isinstance(by, str):
        raise ToolkitError(f"propagation(): by= names the column of each article's outlet (a "
                           f"string; default 'source'), not {by!r}. A corpus without one is "
                           "read as one whose outlets are unknown.")  # fmt: skip
    numbers = (window, min_score, min_rendered)
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers) or not (
        0 < window < math.inf and 0 < min_score <= 1 and 0 < min_rendered < math.inf
    ):
        raise ToolkitError(
            "propagation() takes numbers: window > 0 (days, finite), 0 < min_score <= 1 and "
            f"min_rendered > 0 (finite); got window={window!r}, min_score={min_score!r}, "
            f"min_rendered={min_rendered!r}."
        )
    if by not in column_dtypes(corpus, [by]):
        _missing_by("propagation", corpus, by)
    reuse = find_reuse(corpus, min_words=min_words, by=by, progress=progress)
    credits = find_credits(corpus, progress=progress)
    columns = list(
        column_dtypes(corpus, [by, "published", "published_precision", "language", "url"])
    )
    meta = ("doc_id", *columns)
    names = list(OUTLET_NAMES)
    if by in columns:  # (read chunk by chunk, or computed, when not in memory)
        outlets = columns_frame(corpus, [by])[by]
        names += [n for n in map(outlet_name, outlets.dropna().unique()) if n]
    spellings = _spellings(names)
    at = meta.index(by) if by in meta else None
    lang_at = meta.index("language") if "language" in meta else None
    places = _credit_places(credits)

    def step(doc: Document) -> Partial:
        own = _outlet_key(doc.meta[at]) if at is not None else ""
        given = doc.meta[lang_at] if lang_at is not None else None
        language, features = _features(doc.text, script=not (isinstance(given, str) and given))
        mentions = _read_mentions(doc.text, spellings, own)
        dateline = sorted(_dateline(doc.text))
        # what each outlet the text credits is credited with: the credit's sentence (None:
        # the whole text, as a dateline or a source line credits it)
        where: dict[str, list[int]] = defaultdict(list)
        whole: set[str] = set()
        read = [(c.key, c.start, c.whole) for c in places.get(doc.meta[0], ())]
        for key, start, of_all in [*read, *((k, a, m) for k, _, a, m in mentions)]:
            if of_all:
                whole.add(key)
            else:
                where[key].append(start)
        bounds = _sentence_bounds(doc.text) if set(where) - whole else []
        credited = {key: None if key in whole else frozenset(
            _credit_keys(doc.text, where[key], bounds) - _outlet_keys(key))
            for key in {*where, *whole}}  # fmt: skip
        named = [(key, phrase) for key, phrase, _, _ in mentions]
        return {"docs": [(doc.position, *doc.meta, language, features, named, dateline,
                          credited)]}  # fmt: skip

    def finish(total: Partial) -> pd.DataFrame:
        rows = sorted(total.get("docs", []), key=lambda r: r[0])
        columns = ["position", *meta, "script_language", "features", "mentions", "dateline"]
        return pd.DataFrame(rows, columns=[*columns, "credited"])

    docs = run(Analysis("propagation", step, finish, meta=meta), corpus, progress=progress)
    if "language" in docs.columns:  # the corpus's own language, where it gives one
        given = docs["language"].astype(object)
        docs["script_language"] = given.where(given.notna() & (given != ""),
                                              docs["script_language"])  # fmt: skip
    docs["language"] = docs.pop("script_language")

    def read_again(sentences: list[int], keys: list[int]) -> tuple[list[_Read], list[Any]]:
        """The sentences of the articles at positions ``sentences`` and where each is in its
        text, and what the passages of the articles at positions ``keys`` name
        (:func:`_passage_keys`), in the orders given: a pass over the corpus that reads only
        them, each article's sentences once."""
        reads, knows = set(sentences), set(keys)

        def step(doc: Document) -> Partial:
            out: Partial = {}
            if doc.position not in reads and doc.position not in knows:
                return out
            bounds = _sentence_bounds(doc.text)
            if doc.position in reads:
                read = _sentences(doc.text, bounds)
                out["sentences"] = [(doc.position, (read, bounds))]
                named: Sequence[AbstractSet[str]] = [ks for _, ks, _ in read]
            else:
                named = _sentence_keys(doc.text, bounds)
            if doc.position in knows:
                out["keys"] = [(doc.position, _passage_keys(named, _CARRY_SENTENCES))]
            return out

        if not reads and not knows:
            return [], []
        found = run(Analysis("propagation", step, lambda t: t), corpus, progress=progress)
        read, said = dict(found.get("sentences", [])), dict(found.get("keys", []))
        return [read[k] for k in sentences], [said[k] for k in keys]

    return _propagation(docs, reuse, places, by, min_narration, window, min_score,
                        min_rendered, read_again)  # fmt: skip


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
    places: dict[Any, list[_Place]],
    by: str,
    min_narration: int,
    window: float,
    min_score: float,
    min_rendered: float,
    read_again: Callable[[list[int], list[int]], tuple[list[_Read], list[Any]]],
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
    # when an undated article was published, for the window alone (never for order or lag):
    # the dates its address names, else the day of the year its dateline names
    addresses = docs["doc_id"].astype(object)
    if "url" in docs.columns:
        addresses = docs["url"].astype(object).where(docs["url"].notna(), addresses)
    spans = [
        (d, d) if dated[k] else _url_span(u)
        for k, (d, u) in enumerate(zip(days.tolist(), addresses.tolist(), strict=True))
    ]
    when: list[list[float]] = []
    for span, dateline in zip(spans, docs["dateline"].tolist(), strict=True):
        if span is None:
            when.append([_day_of_year(d) for d in dateline])
        elif span[1] - span[0] < 1:
            stamp = pd.Timestamp(span[0] * 86_400, unit="s")
            when.append([_day_of_year(f"{stamp.month:02d}-{stamp.day:02d}")])
        else:
            when.append([])

    named = [sorted({*w, *(_day_of_year(f[5:]) for f in fs if f.startswith("date:"))})
             for w, fs in zip(when, features, strict=True)]  # fmt: skip

    def close(xs: list[float], ys: list[float]) -> bool:
        return any(min(abs(x - y), 365.25 - abs(x - y)) <= window + 1 for x in xs for y in ys)

    def near(i: int, j: int) -> bool:
        """Within the window. An undated article is placed by the dates its address names,
        else by the day of the year its dateline names (any year); without either, two
        articles that both name days must name one within the window; else it is near."""
        a, b = spans[i], spans[j]
        if a is not None and b is not None:
            return max(a[0], b[0]) - min(a[1], b[1]) <= window + 1
        if when[i] and when[j]:
            return close(when[i], when[j])
        if named[i] and named[j]:
            return close(named[i], named[j])
        return True

    def affinity(i: int, j: int) -> tuple[float, list[str]]:
        shared = features[i] & features[j]
        if not shared or not mass[i] or not mass[j]:
            return 0.0, []
        score = sum(weight[f] for f in shared) / min(mass[i], mass[j])
        return score, sorted(shared, key=lambda f: (-weight[f], f))

    edges: list[tuple[int, int, str, float, str, bool]] = []  # (from, to, evidence, ..., fixed)
    # reuse: a pair's passages outside quotations
    shared: dict[tuple[int, int], np.ndarray] = {}  # (a, b) -> their passages' spans
    shares: dict[tuple[int, int], tuple[float, float]] = {}  # (a, b) -> share of a's, of b's
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
                shared[(index[a], index[b])] = rows[
                    ["start_a", "end_a", "start_b", "end_b"]
                ].to_numpy()
                shares[(index[a], index[b])] = (float(rows["share_a"].iloc[0]),
                                                float(rows["share_b"].iloc[0]))  # fmt: skip
    # credits: to the credited outlet's article on the same story
    keys = [_outlet_key(s) for s in docs[by].tolist()] if by in docs.columns else [""] * n
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            by_outlet[key].append(i)
    language = docs["language"].to_numpy()
    said: dict[tuple[int, str], str] = {}  # (crediting article, credited outlet) -> phrase
    for doc_id, found in places.items():
        if (j := index.get(doc_id)) is not None:
            for place in found:
                said.setdefault((j, place.key), place.credit)
    for j, mentions in enumerate(docs["mentions"].tolist()):
        for key, phrase in mentions:
            said.setdefault((j, key), phrase)
    # each outlet's articles by the day they are placed at, to look up those near a day
    narrow = [span is not None and span[1] - span[0] <= window for span in spans]
    placed_by: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    loose_by: dict[str, list[int]] = defaultdict(list)
    for key, members in by_outlet.items():
        inside = [k for k in members if narrow[k]]
        loose_by[key] = [k for k in members if not narrow[k]]
        lows = np.array([spans[k][0] for k in inside], dtype=np.float64)  # type: ignore[index]
        order = np.argsort(lows, kind="stable")
        placed_by[key] = (lows[order], np.array(inside, dtype=np.int64)[order])
    outlet_languages = {key: {language[k] for k in members} for key, members in by_outlet.items()}

    def candidates(key: str, j: int) -> list[int]:
        lows, ids = placed_by[key]
        if not narrow[j]:
            return [*ids.tolist(), *loose_by[key]]
        lo, hi = spans[j]  # type: ignore[misc]
        a = np.searchsorted(lows, lo - window - 1 - window, side="left")
        b = np.searchsorted(lows, hi + window + 1, side="right")
        return [*ids[a:b].tolist(), *loose_by[key]]

    # each credit's candidates: the credited outlet's articles near it that share enough names
    # (a credit whose articles share too little to be placed in one story by that alone: kept
    # for when other edges join them, see below)
    asked: list[tuple[int, str, list[tuple[float, int]]]] = []
    pending: list[tuple[int, list[tuple[float, int]], str]] = []
    for (j, key), phrase in said.items():
        if not key or key == keys[j]:
            continue
        # an outlet that publishes in the crediting article's language was read in it; an
        # outlet that does not (in this corpus) may have been read in any
        if key not in outlet_languages:
            continue
        same = language[j] in outlet_languages[key]
        scored, weaker = [], []
        for i in candidates(key, j):
            if i == j or (language[i] != language[j] and same) or not near(i, j):
                continue
            if dated[i] and dated[j] and start[i] >= end[j]:
                continue  # (what an article credits was published before it)
            # the credit names the outlet: half the evidence of a translation suffices when the
            # dates place both articles; without them, as much as a translation needs
            placed = spans[i] is not None and spans[j] is not None
            score = affinity(i, j)[0]
            if score >= (min_score / 2 if placed else min_score):
                scored.append((score, i))
            elif score >= min_score / 2:
                weaker.append((score, -i))
        if scored:
            asked.append((j, key, scored))
        elif weaker:
            pending.append((j, weaker, phrase))
    # translations: articles in two languages within the window that share names and numbers,
    # found through the features they share that few articles have (an index, not all pairs)
    postings: dict[str, list[int]] = defaultdict(list)
    cap = max(50, int(math.sqrt(n)))
    for k, fs in enumerate(features):
        for f in fs:
            if 2 <= df[f] <= cap:
                postings[f].append(k)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        by_day = sorted((span[0], span[1], k) for k in members if (span := spans[k]) and narrow[k])
        loose = [k for k in members if not narrow[k]]
        for x, (_, hi, i) in enumerate(by_day):  # (sorted by day: stop past the window)
            for lo_j, _, j in by_day[x + 1 :]:
                if lo_j - hi > window + 1:
                    break
                if language[i] != language[j]:
                    pairs.add((min(i, j), max(i, j)))
        for i in loose:
            for j in members:
                if i != j and language[i] != language[j]:
                    pairs.add((min(i, j), max(i, j)))
    # each candidate pair's sentences aligned in order: a translation renders the other's
    # quotations sentence by sentence; two write-ups of one event share names out of order
    # (the sentences of the candidates only, read again from the corpus with the words of the
    # credits' candidates; the rarity of their keys among the candidates, so that what every
    # version of one event names weighs little)
    pairs = {(i, j) for i, j in pairs if near(i, j) and any(
        f.startswith("name:") for f in features[i] & features[j])}  # fmt: skip
    wanted = sorted({k for pair in pairs for k in pair})
    credited = sorted({i for _, _, scored in asked for _, i in scored})
    position = docs["position"].to_numpy()
    reads, says = read_again(position[wanted].tolist(), position[credited].tolist())
    read = dict(zip(wanted, reads, strict=True))
    sentences = {k: ss for k, (ss, _) in read.items()}
    sentence_df = Counter(f for ss in sentences.values() for f in set().union(
        *(k for _, k, _ in ss)))  # fmt: skip
    scale = math.log(len(wanted) + 1) or 1.0
    rarity = {f: math.log((len(wanted) + 1) / c) / scale for f, c in sentence_df.items()}
    rendering: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (a, b) -> b's aligned spans
    renderings: list[tuple[int, int, str, float, str, bool]] = []
    for i, j in sorted(pairs):
        aligned = _align(sentences[i], sentences[j], rarity, _MIN_PAIR, _MAX_RATIO)
        rendered, quoted = _rendered(sentences[i], sentences[j], aligned.pairs, rarity)
        whole = aligned.cover >= _WHOLE and aligned.weight >= min_rendered
        if rendered >= min_rendered or whole:
            rendering[(i, j)] = [read[j][1][y] for _, y in aligned.pairs]
            rendering[(j, i)] = [read[i][1][x] for x, _ in aligned.pairs]
            anchored = sum(sentences[i][x][2] and sentences[j][y][2] for x, y in aligned.pairs)
            what = (f"{anchored} quoted sentence(s) rendered in order (and {len(quoted) - anchored}"
                    " next to them alike in length); " if quoted else "")  # fmt: skip
            explanation = (
                f"{what}{len(aligned.pairs)} sentence(s) aligned in order "
                f"({aligned.share:.0%} of the shorter text's, {aligned.cover:.0%} of the "
                "longer's); they share "
                + ", ".join(f.replace(":", " ", 1) for f in aligned.shared[:8])
            )
            rendered = max(rendered, aligned.weight)
            renderings.append((i, j, "translation", round(rendered, 4), explanation, False))
    # credits: to the candidate that carries most of what the credit's sentence says, when it
    # carries enough of it or the two already share passages or a rendering
    linked = {frozenset(e[:2]) for e in [*edges, *renderings]}
    carries = dict(zip(credited, says, strict=True))
    sure, unsure = _credit_edges(asked, docs["credited"].tolist(), carries, language, weight,
                                 linked, said)  # fmt: skip
    edges += sure
    pending += unsure
    edges = _siblings_dropped(edges, shared, start, [e[0] for e in edges if e[2] == "credit"])
    edges += renderings
    edges = _renderings_dropped(edges, shared, shares, rendering, keys, said)
    # a round-up or a live page gathers passages of several stories: it joins each of them,
    # not them to one another
    nodes = _digest_nodes(n, edges, shared, lambda i, j: affinity(i, j)[0] >= 2 * min_score)
    story = _components(n + len(nodes.extra), nodes.pairs(edges))
    # a credit whose articles share too few names to tie them by that alone, or none of whose
    # candidates carries enough of what the credit's sentence says, when the other edges
    # already join them in one story: that is the evidence the names or the sentence were to
    # give (the credited outlet's article in the crediting one's story, the closest of them)
    for j, weaker, phrase in pending:
        joined = [(score, i) for score, i in weaker if story[-i] == story[j]]
        if joined:
            explanation = f"“{_clip(phrase)}” (the story's other edges join them)"
            edges.append((-max(joined)[1], j, "credit", 1.0, explanation, True))
    return _tables(docs, edges, start, end, by, nodes)


#: A credit links the credited outlet's article that carries at least this share of what the
#: credit's sentence says (:func:`_credit_keys`, weighted as :func:`_credit_edges` says),
#: unless the two already share passages or a rendering.
_MIN_CARRIED = 0.4
#: ... in one passage of this many sentences in a row: a long article names most of what a
#: sentence on its subject names, here and there; the article a credit credits says it in one
#: place.
_CARRY_SENTENCES = 3


#: The kinds of credit (:func:`toolkit.voice.find_credits`) that credit a whole text.
_WHOLE_KINDS = frozenset({"dateline", "source_line", "sign_off"})


class _Place(NamedTuple):
    """A credit of another outlet (:func:`_credit_places`)."""

    key: str  # the outlet's key (:func:`_outlet_key`)
    start: int
    end: int
    credit: str  # the text
    whole: bool  # it credits the whole text: a dateline, a source line, a sign-off


def _credit_places(credits: pd.DataFrame) -> dict[Any, list[_Place]]:
    """Where each article credits another outlet (``find_credits``: not its own, not a photo's
    credit; a credit whose name is missing names no one), by doc_id, in text order: one place
    per outlet a credit names."""
    places: dict[Any, list[_Place]] = defaultdict(list)
    if len(credits):
        for doc_id, agency, kind, self_credit, start, end, credit in credits[
            ["doc_id", "agency", "kind", "self_credit", "start", "end", "credit"]
        ].itertuples(index=False):
            if not self_credit and kind != "photo":
                for key in filter(None, map(_outlet_key, str(agency).split("; "))):
                    places[doc_id].append(_Place(key, int(start), int(end), str(credit),
                                                 kind in _WHOLE_KINDS))  # fmt: skip
    return places


def _credit_edges(
    asked: list[tuple[int, str, list[tuple[float, int]]]],
    credited: list[dict[str, frozenset[str] | None]],
    says: dict[int, tuple[frozenset[str], ...]],
    language: np.ndarray,
    weight: dict[str, float],
    linked: set[frozenset[int]],
    said: dict[tuple[int, str], str],
) -> tuple[list[tuple[int, int, str, float, str, bool]], list[Any]]:
    """One ``credit`` edge per credit (crediting article, credited outlet) with candidates
    (``(affinity, article)``): from the candidate that shares passages or a rendering with the
    crediting article (``linked``), else carries most of what the credit's sentence says
    (``credited``: its keys, by crediting article and outlet, None for a credit of the whole
    text, which the affinity measures; ``says``: each candidate's; its words only when the
    two are in one language), at least :data:`_MIN_CARRIED` of it; ties to the higher
    affinity, then the first. A name, number or date weighs its ``weight`` in the corpus; a
    word, the log of its inverse document frequency among the candidates. The credits none of
    whose candidates does: ``(crediting article, [(affinity, -candidate)], phrase)``, to link
    when the story's other edges join them."""
    df = Counter(f for runs in says.values() for f in frozenset().union(*runs)
                 if f not in weight)  # fmt: skip
    weight = {**{f: math.log((len(says) + 1) / c) for f, c in df.items()}, **weight}
    unknown = math.log(len(says) + 1)  # (a word no candidate has)
    edges, unsure = [], []
    for j, key, scored in asked:
        context = credited[j].get(key, frozenset())
        if context is None:  # (the whole text)
            best = max((True, 1.0, score, -i) for score, i in scored)
        else:
            names = frozenset(f for f in context if not f.startswith("word:"))
            best = max(
                (frozenset((i, j)) in linked,
                 _carried(context if language[i] == language[j] else names, says[i], weight,
                          unknown), score, -i)
                for score, i in scored
            )  # fmt: skip
        if best[0] or best[1] >= _MIN_CARRIED:
            edges.append((-best[3], j, "credit", 1.0, f"“{_clip(said[(j, key)])}”", True))
        else:
            unsure.append((j, [(score, -i) for score, i in scored], said[(j, key)]))
    return edges, unsure


def _carried(
    context: frozenset[str],
    says: tuple[frozenset[str], ...],
    weight: dict[str, float],
    unknown: float,
) -> float:
    """The largest share of the weight of ``context`` that one of the passages ``says``
    carries."""
    mass = sum(weight.get(f, unknown) for f in context)
    if not mass:
        return 0.0
    return max(sum(weight[f] for f in context & run) for run in says) / mass


@functools.lru_cache(maxsize=1024)
def _outlet_keys(key: str) -> frozenset[str]:
    """The name keys of an outlet's spellings (``TASS``, ``ТАСС``, ``Tass``: ``name:tass``)."""
    spellings = [key, *(s for s, name in OUTLET_NAMES.items() if _outlet_key(name) == key)]
    return frozenset("name:" + _name_key(w) for s in spellings for w in _LETTERS_RE.findall(s))


_LETTERS_RE = re.compile(r"[^\W\d_]+")


class _Nodes(NamedTuple):
    """The story graph's nodes: an article each, and one more for each further story a digest
    gathers (``extra``: the article each stands for); ``moved``: the edge (by its index) whose
    digest end is such a node, and the node."""

    n: int
    extra: list[int]
    moved: dict[int, tuple[int, int]]  # edge index -> (the digest article, its node)

    def pairs(self, edges: Sequence[tuple[Any, ...]]) -> np.ndarray:
        out = []
        for k, e in enumerate(edges):
            a, b = e[0], e[1]
            if k in self.moved:
                digest, node = self.moved[k]
                a, b = (node, b) if a == digest else (a, node)
            out.append((a, b))
        return np.array(out, dtype=np.int64).reshape(-1, 2)

    def article(self, node: int) -> int:
        return node if node < self.n else self.extra[node - self.n]


def _digest_nodes(
    n: int,
    edges: list[tuple[int, int, str, float, str, bool]],
    shared: dict[tuple[int, int], np.ndarray],
    related: Callable[[int, int], bool],
) -> _Nodes:
    """The articles that gather several stories (a news round-up, a live page): an article
    that shares its passages with others in places of it apart from one another (the longest
    passage of each, more than :data:`_DIGEST_GAP` characters apart), others that share
    neither a place of it nor enough names to be about one event (``related``: twice the
    names' weight that ties a credit or a translation), gathers a story per group of them.
    Its reuse edges to the group with the most shared words join it to that group's story;
    those to each other group, through a node of its own, to that group's story alone (the
    article is then in several stories)."""
    partners: dict[int, list[int]] = defaultdict(list)  # article -> its reuse edges
    for k, (a, b, evidence, *_rest) in enumerate(edges):
        if evidence == "reuse":
            partners[a].append(k)
            partners[b].append(k)
    extra: list[int] = []
    moved: dict[int, tuple[int, int]] = {}
    for x, ks in partners.items():
        if len(ks) < 2:
            continue
        others = [edges[k][1] if edges[k][0] == x else edges[k][0] for k in ks]
        places = []  # where in x each shares its longest passage
        for y in others:
            rows = shared[(x, y)] if (x, y) in shared else shared[(y, x)][:, [2, 3, 0, 1]]
            longest = rows[int(np.argmax(rows[:, 1] - rows[:, 0]))]
            places.append((int(longest[0]), int(longest[1])))
        together = [
            (u, v)
            for u in range(len(ks))
            for v in range(u + 1, len(ks))
            if (places[u][0] - _DIGEST_GAP < places[v][1]
                and places[v][0] < places[u][1] + _DIGEST_GAP)
            or related(others[u], others[v])
        ]  # fmt: skip
        roots: dict[int, list[int]] = defaultdict(list)
        for u, root in enumerate(_components(len(ks), together).tolist()):
            roots[root].append(u)
        if len(roots) < 2:
            continue
        main = max(roots.values(), key=lambda us: (sum(edges[ks[u]][3] for u in us), -min(us)))
        for us in roots.values():
            if us is main:
                continue
            node = n + len(extra)
            extra.append(x)
            for u in us:
                moved[ks[u]] = (x, node)
    return _Nodes(n, extra, moved)


#: Passages of a digest this far apart in it (characters) are from different parts of it.
_DIGEST_GAP = 300


def _components(n: int, pairs: Any) -> np.ndarray:
    """The connected component of each of ``n`` articles joined by ``pairs`` (a number each)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1] if n else np.zeros(0, np.int64)


def _renderings_dropped(
    edges: list[tuple[int, int, str, float, str, bool]],
    shared: dict[tuple[int, int], np.ndarray],
    shares: dict[tuple[int, int], tuple[float, float]],
    rendering: dict[tuple[int, int], list[tuple[int, int]]],
    keys: list[str],
    said: dict[tuple[int, str], str],
) -> list[tuple[int, int, str, float, str, bool]]:
    """The reuse edges without those between two renderings of one text in another language:
    when ``b`` and ``c`` (one language) each translate an article ``a`` of a third outlet that
    one of them credits, and most of what they share lies (in each) in the sentences aligned
    with ``a``'s, the shared words are ``a``'s sentences translated alike (two machine
    translations of one text share whole phrases), not one copied from the other. Two texts
    that share most of their words (at least half of each) are one text, whatever else."""
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in rendering:
        partners[b].add(a)

    def inside(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> bool:
        total = sum(hi - lo for lo, hi in spans)
        covered = sum(max(0, min(hi, b) - max(lo, a)) for lo, hi in spans for a, b in set(within))
        return total > 0 and covered >= total / 2

    dropped = set()
    for (b, c), rows in shared.items():
        if min(shares[(b, c)]) >= 0.5:
            continue
        in_b = [(int(r[0]), int(r[1])) for r in rows]
        in_c = [(int(r[2]), int(r[3])) for r in rows]
        for a in sorted(partners[b] & partners[c]):
            third = bool(keys[a]) and keys[a] not in (keys[b], keys[c])
            credited = (b, keys[a]) in said or (c, keys[a]) in said
            if (third and credited and inside(in_b, rendering[(a, b)])
                    and inside(in_c, rendering[(a, c)])):  # fmt: skip
                dropped.add((b, c))
                break
    return [e for e in edges if not (e[2] == "reuse" and (e[0], e[1]) in dropped)]


def _siblings_dropped(
    edges: list[tuple[int, int, str, float, str, bool]],
    shared: dict[tuple[int, int], np.ndarray],
    start: np.ndarray,
    credited: list[int],
) -> list[tuple[int, int, str, float, str, bool]]:
    """The reuse edges without those between two copies of a third article: when ``b`` and
    ``c`` share passages that each also shares with ``a`` (most of their words), and ``a`` is
    the likely origin of the three (the earliest dated; among undated, the most credited, then
    the first in the corpus), ``b`` and ``c`` are siblings, not one the other's source."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in shared:
        neighbours[a].add(b)
        neighbours[b].add(a)
    credits = Counter(credited)

    def origin_key(k: int) -> tuple[Any, ...]:
        dated = not np.isnat(start[k])
        return (not dated, start[k] if dated else np.datetime64(0, "ns"), -credits[k], k)

    def spans_in(x: int, y: int) -> list[tuple[int, int]]:
        rows = shared[(x, y)] if (x, y) in shared else shared[(y, x)][:, [2, 3, 0, 1]]
        return [(int(r[0]), int(r[1])) for r in rows]

    def covered(x: int, y: int, by: int) -> bool:
        """Most of what ``x`` shares with ``y`` is (in ``x``) inside what it shares with ``by``."""
        inner = spans_in(x, by)
        total = inside = 0
        for lo, hi in spans_in(x, y):
            total += hi - lo
            inside += sum(max(0, min(hi, b) - max(lo, a)) for a, b in inner)
        return total > 0 and inside >= total / 2

    dropped = set()
    for b, c in shared:
        for a in neighbours[b] & neighbours[c]:
            if min((a, b, c), key=origin_key) == a and covered(b, c, a) and covered(c, b, a):
                dropped.add((b, c))
                break
    return [e for e in edges if not (e[2] == "reuse" and (e[0], e[1]) in dropped)]


def _clip(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _tables(
    docs: pd.DataFrame,
    edges: list[tuple[int, int, str, float, str, bool]],
    start: np.ndarray,
    end: np.ndarray,
    by: str,
    nodes: _Nodes,
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
    graph = nodes.pairs(edges)
    component = _components(n + len(nodes.extra), graph)
    linked = np.unique(graph)
    stories = []
    for c in pd.unique(component[linked]):
        members = list(dict.fromkeys(nodes.article(int(k)) for k in linked[component[linked] == c]))
        stories.append((int(c), *_story(members, docs, start, end)[1:]))
    stories.sort(key=lambda s: (s[1] is None, s[1] if s[1] is not None else 0, s[0]))
    number = {s[0]: k for k, s in enumerate(stories)}
    story_table = pd.DataFrame(
        [(number[s[0]], *s[2:]) for s in stories], columns=STORY_COLUMNS
    ).astype({"story": "int64", "articles": "int64"})
    edge_rows = []
    published = docs["published"].tolist() if "published" in docs.columns else [None] * n
    sources = docs[by].tolist() if by in docs.columns else [None] * n
    for k, (i, j, evidence, score, lag, certainty, explanation) in enumerate(rows):
        story = number[int(component[graph[k, 0]])]
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
