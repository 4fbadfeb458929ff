"""Copies of articles, whole and partial: one wire item republished by five outlets is one text.

:func:`find_duplicates` compares every article with every other, within and across sources, on
their word shingles (runs of ``shingle`` consecutive tokens of :func:`toolkit.tokenize`). Two
measures are exact, computed from the shingle sets themselves:

* ``similarity``: the Jaccard similarity of the two sets, shared shingles over all the shingles
  of either (Broder 1997). A copy with a new headline, a dateline or credit added, a paragraph
  trimmed or a few words changed is above 0.8; a copy trimmed to half its length is at most 0.5.
* ``containment``: the share of the shorter article's shingles that the longer one has. A
  paragraph of an agency's report quoted in a longer article, or one article stored twice with
  different page furniture around it, has a low similarity and a high containment.

Different articles on the same event share names and quotes but few runs of five words: they
stay apart.

How every pair is found without comparing every pair: an article can only share a given share of
its shingles with another if the other has one of its rarest shingles (prefix filtering, Chaudhuri
et al. 2006; Bayardo et al. 2007): for an article of ``n`` shingles that must share ``t`` of them,
its ``n - t + 1`` rarest shingles are looked up in an index of every article's shingles, and the
articles found there are the only candidates. Each candidate pair is then counted exactly. No
pair at or above the thresholds is missed (the tests compare with all pairs counted by brute
force on real news), and the work grows with the pairs that share rare shingles, not with the
square of the corpus. Shingles are 64-bit hashes, the same in every process: a corpus needs
some six billion distinct shingles before two of them are expected to share a hash (which would
then count one shingle too many for the articles that have them). Every article's set of
hashes is kept while the pairs are found, 8 bytes a word of the corpus (24 MB for the 3 million
words of 7,288 news articles); a second pass over the articles in pairs finds where in their
texts the shared passage is.

Identical copies (the same shingle set: in practice the same words in the same order, whatever
their case, punctuation and spacing) are grouped first and only one of each group is compared,
so 4,000 copies of one template cost what one does: the table lists each copy of such a group
against the group's first copy (a star, ``similarity`` 1), and pairs with other articles only
for that first copy.

:func:`deduplicate` keeps one article per cluster of copies: the first published by default,
saying how sure that is (dates given to the day cannot order copies of the same day, undated
copies cannot be ordered at all).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from toolkit.corpus import published_bounds
from toolkit.engine import Analysis, Document, Partial, column_dtypes, run
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError
from toolkit.text import token_re, tokenize
from toolkit.util import check_count, warn_user

__all__ = ["CERTAINTIES", "DUPLICATE_COLUMNS", "deduplicate", "find_duplicates"]

#: The columns of a find_duplicates() table, in order (``source_*`` and ``published_*`` only
#: when the corpus has those columns).
DUPLICATE_COLUMNS = [
    "doc_id_a",
    "doc_id_b",
    "similarity",
    "containment",
    "span_words",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "certainty",
    "cluster",
    "first_doc_id",
    "first_certainty",
    "source_a",
    "source_b",
    "published_a",
    "published_b",
]
#: How sure an order of publication is: ``"ordered"`` (the dates tell, at the precision they
#: were given), ``"tie"`` (both are dated, but too coarsely to tell: two copies of the same day,
#: or a day and a time on that day) or ``"unknown"`` (a copy has no date).
CERTAINTIES = ("ordered", "tie", "unknown")
_PRIME = np.uint64(0x9E3779B97F4A7C15)  # an odd multiplier: the shingle hash mixes its words
_PAIRS_PER_BLOCK = 2_000_000  # candidate pairs (or shingles) looked at once: ~100 MB


# --------------------------------------------------------------------------- shingles


_WORDS: dict[str, int] = {}  # the hash of each word seen in this process (see _word_hashes)
_MAX_WORDS = 2_000_000


def _word_hashes(tokens: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each token (BLAKE2b), the same in every process (Python's hash() is
    salted); the words of a process are hashed once each, up to two million of them."""
    if len(_WORDS) > _MAX_WORDS:
        _WORDS.clear()
    for word in set(tokens).difference(_WORDS):
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        _WORDS[word] = int.from_bytes(digest, "little")
    return np.fromiter(map(_WORDS.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _shingle_hashes(tokens: Sequence[str], shingle: int) -> np.ndarray:
    """The hash of each shingle of ``tokens``, in text order (one shingle for fewer tokens)."""
    words = _word_hashes(tokens)
    width = min(shingle, len(words))
    n = len(words) - width + 1
    hashes = words[:n].copy()
    for k in range(1, width):
        hashes = hashes * _PRIME + words[k : k + n]  # (uint64 arithmetic wraps around)
    return hashes


def _shingles(text: str, shingle: int) -> np.ndarray | None:
    """The sorted distinct shingle hashes of ``text`` (None for a text without words)."""
    tokens = tokenize(text)
    return np.unique(_shingle_hashes(tokens, shingle)) if tokens else None


def _token_offsets(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The tokens of :func:`toolkit.tokenize` and where each starts and ends in ``text``."""
    lowered = text.lower()
    matches = list(token_re(lowered).finditer(lowered))
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
    if len(lowered) != len(text):  # a letter whose lower case is longer (İ): map back
        grown = np.zeros(len(text) + 1, dtype=np.int64)
        np.cumsum([len(c.lower()) for c in text], out=grown[1:])
        starts = np.searchsorted(grown, starts, side="right") - 1
        ends = np.searchsorted(grown, ends, side="left")
    return [m.group() for m in matches], starts, ends


class _Positions(NamedTuple):
    """Each shingle of a text in text order: its hash, where it starts and ends in the text;
    the words per shingle; the shingles' numbers in the order of their hashes."""

    hashes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    width: int
    by_hash: np.ndarray


def _positions(text: str, shingle: int) -> _Positions:
    tokens, starts, ends = _token_offsets(text)
    if not tokens:
        return _Positions(np.zeros(0, np.uint64), starts, ends, 0, np.zeros(0, np.int64))
    hashes = _shingle_hashes(tokens, shingle)
    width = min(shingle, len(tokens))
    by_hash = np.argsort(hashes, kind="stable")
    return _Positions(hashes, starts[: len(hashes)], ends[width - 1 :], width, by_hash)


# --------------------------------------------------------------------------- the join


def _similar_pairs(
    sets: list[np.ndarray], threshold: float, min_containment: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, shared)``: every pair of ``sets`` (a < b as numbers of sets) whose Jaccard
    similarity reaches ``threshold`` or whose containment reaches ``min_containment``, with the
    number of shingles they share. Exact (prefix filtering, then counting)."""
    empty = np.zeros(0, dtype=np.int64)
    m = len(sets)
    if m < 2:
        return empty, empty, empty
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=m)
    hashes = np.concatenate(sets)
    owner = np.repeat(np.arange(m, dtype=np.int64), sizes)
    # the index: entries sorted by shingle; a shingle's entries are the sets that have it
    by_hash = np.argsort(hashes, kind="stable")
    ordered = hashes[by_hash]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    counts = np.diff(np.append(starts, len(ordered)))
    # only shingles that two sets have can make a pair
    common = counts > 1
    entries = by_hash[np.repeat(common, counts)]  # (in the index's order)
    postings = owner[entries]
    group_start = np.repeat(np.cumsum(np.where(common, counts, 0)) - counts * common, counts)[
        np.repeat(common, counts)
    ]
    group_size = np.repeat(counts, counts)[np.repeat(common, counts)]
    # each shared entry back in set order (sets, then shingles: the order of ``hashes``)
    in_sets = np.argsort(entries, kind="stable")
    e_owner, e_hash = owner[entries][in_sets], hashes[entries][in_sets]
    e_freq, e_start = group_size[in_sets], group_start[in_sets]
    # Either measure at its threshold t means the smaller set shares ceil(t * size) shingles:
    # Jaccard >= t gives shared >= t * union >= t * size. So the smaller set must hold one of
    # the other's shingles among its size - ceil(t * size) + 1 rarest (ties: by hash). Its
    # shingles no other set has are the rarest: they come first and find nothing.
    lowest = threshold if min_containment is None else min(threshold, min_containment)
    needed = np.maximum(np.ceil(lowest * sizes - 1e-9).astype(np.int64), 1)
    alone = sizes - np.bincount(e_owner, minlength=m)
    order = np.lexsort((e_hash, e_freq, e_owner))
    first = np.searchsorted(e_owner, np.arange(m))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - first[e_owner[order]] + alone[e_owner[order]]
    probes = np.flatnonzero(rank < (sizes - needed + 1)[e_owner])
    probe_owner, probe_start, lengths = e_owner[probes], e_start[probes], e_freq[probes]
    found: list[np.ndarray] = []
    ends = np.cumsum(lengths)
    lo = 0
    while lo < len(probes):
        hi = int(np.searchsorted(ends, ends[lo] - lengths[lo] + _PAIRS_PER_BLOCK, side="right"))
        hi = max(hi, lo + 1)
        block = lengths[lo:hi]
        within = np.arange(int(block.sum())) - np.repeat(np.cumsum(block) - block, block)
        partner = postings[np.repeat(probe_start[lo:hi], block) + within]
        prober = np.repeat(probe_owner[lo:hi], block)
        # the prober is the smaller set (ties: the lower number)
        keep = (sizes[partner] > sizes[prober]) | (
            (sizes[partner] == sizes[prober]) & (partner > prober)
        )
        if min_containment is None:  # Jaccard alone: a set under t times the other's size fails
            keep &= sizes[prober] >= threshold * sizes[partner] - 1e-9
        found.append(np.unique(prober[keep] * m + partner[keep]))
        lo = hi
    codes = np.unique(np.concatenate(found)) if found else empty
    small, large = codes // m, codes % m
    shingle = np.repeat(np.arange(int(common.sum())), counts[common])  # of each posting
    shared = _shared_counts(m, small, large, postings, shingle)
    union = sizes[small] + sizes[large] - shared
    keep = shared / union >= threshold
    if min_containment is not None:
        keep |= shared / np.minimum(sizes[small], sizes[large]) >= min_containment
    a, b = np.minimum(small, large)[keep], np.maximum(small, large)[keep]
    return a, b, shared[keep]


def _shared_counts(
    m: int, a: np.ndarray, b: np.ndarray, owner: np.ndarray, shingle: np.ndarray
) -> np.ndarray:
    """How many shingles each pair of sets ``(a[i], b[i])`` shares, from the entries
    ``(owner, shingle)`` of the shingles that two sets or more have (a sparse row product)."""
    from scipy import sparse

    if not len(a):
        return np.zeros(0, dtype=np.int64)
    matrix = sparse.csr_matrix(
        (np.ones(len(owner), dtype=np.int32), (owner, shingle)),
        shape=(m, int(shingle.max()) + 1),
    )
    row_sizes = np.diff(matrix.indptr)
    work = np.cumsum(row_sizes[a] + row_sizes[b])
    out = np.empty(len(a), dtype=np.int64)
    lo = 0
    while lo < len(a):
        hi = int(np.searchsorted(work, (work[lo - 1] if lo else 0) + _PAIRS_PER_BLOCK, "right"))
        hi = max(hi, lo + 1)
        product = matrix[a[lo:hi]].multiply(matrix[b[lo:hi]])
        out[lo:hi] = np.asarray(product.sum(axis=1)).ravel()
        lo = hi
    return out


def _longest_run(first: _Positions, second: _Positions) -> tuple[int, int, int] | None:
    """The longest run of consecutive shingles that two texts share in the same order:
    ``(start in first, start in second, shingles)``, the earliest in ``first`` on a tie."""
    ha, hb = first.hashes, second.hashes
    if len(ha) == len(hb) and np.array_equal(ha, hb):
        return 0, 0, len(ha)
    by_hash = second.by_hash
    ordered = hb[by_hash]
    lo = np.searchsorted(ordered, ha, side="left")
    counts = np.searchsorted(ordered, ha, side="right") - lo
    total = int(counts.sum())
    if not total:
        return None
    i = np.repeat(np.arange(len(ha)), counts)
    j = by_hash[
        np.repeat(lo, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    ]
    diagonal = j - i
    order = np.lexsort((i, diagonal))
    i, diagonal = i[order], diagonal[order]
    starts = np.ones(total, dtype=bool)
    starts[1:] = (diagonal[1:] != diagonal[:-1]) | (i[1:] != i[:-1] + 1)
    run_starts = np.flatnonzero(starts)
    lengths = np.diff(np.append(run_starts, total))
    best = run_starts[lengths == lengths.max()]
    pick = best[np.argmin(i[best])]
    return int(i[pick]), int(i[pick] + diagonal[pick]), int(lengths.max())


# --------------------------------------------------------------------------- order in time


def _utc(times: pd.Series) -> np.ndarray:
    """UTC times as a NumPy array of ``datetime64[us]`` (NaT where missing)."""
    return np.asarray(times.dt.tz_convert("UTC").dt.tz_localize(None), dtype="datetime64[us]")


def _order(start: np.ndarray, position: np.ndarray) -> np.ndarray:
    """The rank of every article in publication order: dated ones by their start, then undated
    ones; ties in corpus order."""
    undated = np.isnat(start)
    key = np.where(undated, np.iinfo(np.int64).max, start.astype(np.int64))
    order = np.lexsort((position, key, undated))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _pair_order(
    a: np.ndarray, b: np.ndarray, rank: np.ndarray, start: np.ndarray, end: np.ndarray,
    position: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Each pair as (earlier, later, certainty): dated pairs by their start (a tie in corpus
    order), "ordered" when the first one's span ends before the second's begins; pairs with an
    undated copy in corpus order, "unknown"."""
    dated = ~np.isnat(start[a]) & ~np.isnat(start[b])
    swap = np.where(dated, rank[b] < rank[a], position[b] < position[a])
    first, second = np.where(swap, b, a), np.where(swap, a, b)
    sure = dated & (end[first] <= start[second])
    certainty = np.where(sure, "ordered", np.where(dated, "tie", "unknown"))
    return first, second, certainty


def _first_copies(
    members: np.ndarray, group: np.ndarray, rank: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[dict[int, int], dict[int, str]]:
    """For every group of ``members``, the first published copy (the earliest dated one, first in
    the corpus on a tie; the first in the corpus when none is dated) and how sure that is."""
    frame = pd.DataFrame({"group": group, "member": members, "rank": rank[members]})
    frame["start"], frame["end"] = start[members], end[members]
    frame = frame.sort_values(["group", "rank"], kind="stable")
    heads = frame.drop_duplicates("group").set_index("group")
    others = frame[frame.duplicated("group")]
    undated = frame["start"].isna().groupby(frame["group"]).any().reindex(heads.index)
    earliest_other = others.groupby("group")["start"].min().reindex(heads.index)
    certain = (heads["end"] <= earliest_other).to_numpy()
    certainty = np.where(undated.to_numpy(), "unknown", np.where(certain, "ordered", "tie"))
    firsts = dict(zip(heads.index.tolist(), heads["member"].tolist(), strict=True))
    return firsts, dict(zip(heads.index.tolist(), certainty.tolist(), strict=True))


# --------------------------------------------------------------------------- find_duplicates


def _check_share(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ToolkitError(f"{name} must be a share in (0, 1], e.g. {name}=0.8, got {value!r}.")
    return float(value)


def find_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    min_containment: float | None = None,
    shingle: int = 5,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Pairs of articles that are copies of each other, whole or in part.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (with ``doc_id``; never modified), or its
        chunks, or a Dask DataFrame. Copies are looked for across sources and within them.
    threshold : float, default 0.8
        The Jaccard similarity of two articles' shingle sets from which they count as copies
        (0 < threshold <= 1). Every pair at or above it is found.
    min_containment : float, optional
        Also report pairs in which this share of the shorter article's shingles is in the
        longer one (partial reuse: a paragraph of a wire report inside a longer article, one
        article stored with different page furniture), whatever their similarity. 0.5 finds
        an article that reuses half of another; by default only ``threshold`` counts.
    shingle : int, default 5
        Words per shingle. Articles shorter than that are one shingle each.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per pair of copies (articles without words are left out):

        ==================== ===================================================================
        ``doc_id_a``         the copy published first (see ``certainty``)
        ``doc_id_b``         the other copy
        ``similarity``       Jaccard similarity of their shingle sets (exact, 0 to 1)
        ``containment``      share of the smaller set's shingles that the other has (0 to 1)
        ``span_words``       words in the longest passage the two share: the longest run of
                             consecutive shingles found in both in the same order
        ``start_a, end_a``   where that passage is in ``doc_id_a``'s text:
                             ``text[start_a:end_a]`` (character offsets, from its first
                             word's start to its last word's end)
        ``start_b, end_b``   the same in ``doc_id_b``'s text
        ``certainty``        whether ``doc_id_a`` was published first: ``"ordered"`` (the
                             dates tell, at their precision), ``"tie"`` (too coarse to
                             tell: a day cannot be ordered against a time on that day; then
                             the earlier start, or corpus order) or ``"unknown"`` (a copy is
                             undated; then corpus order)
        ``cluster``          copies linked by pairs form a cluster, numbered by the time of
                             their first copy (0 first; undated clusters last)
        ``first_doc_id``     the cluster's first published copy: the earliest dated one
                             (first in the corpus on a tie), else the first in the corpus
        ``first_certainty``  whether it was first: ``"ordered"`` (before every other copy),
                             ``"tie"`` or ``"unknown"`` (some copy is undated)
        ``source_a/_b``      the copies' sources, when the corpus has ``source``
        ``published_a/_b``   their ``published`` values, when the corpus has ``published``
        ==================== ===================================================================

        Sorted by cluster, then by ``doc_id_a``'s and ``doc_id_b``'s publication order.
        Identical copies (the same shingle set) are listed as a star: each against its group's
        first copy (``similarity`` 1), and only that first copy is paired with other articles;
        any two copies of one group are copies of each other. Times are ordered by the span
        their precision gives them (``published_precision``: ``2022-01-12`` is the whole
        day), in the zone they were read in: see ``published_zone`` and ``read_corpus(tz=)``.

    Examples
    --------
    >>> wire = ("Officials from both countries met on Tuesday to discuss grain exports, "
    ...         "energy prices and the future of the trade agreement signed last year.")
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["ap-1", "rt-7", "bbc-3"], "source": ["AP", "RT", "BBC"],
    ...     "published": pd.to_datetime(["2022-05-18", "2022-05-19", "2022-05-18"]),
    ...     "text": [wire, "MOSCOW (AP) — " + wire, "Parliament passed the budget."]})
    >>> pairs = find_duplicates(corpus)
    >>> pairs[["doc_id_a", "doc_id_b", "similarity", "cluster", "first_doc_id", "certainty"]]
      doc_id_a doc_id_b  similarity  cluster first_doc_id certainty
    0     ap-1     rt-7    0.904762        0         ap-1   ordered
    >>> row = pairs.iloc[0]
    >>> corpus.loc[1, "text"][row["start_b"]:row["end_b"]] == wire[:-1]  # up to "year"
    True

    A paragraph of a report reused in a longer article: low similarity, full containment.

    >>> longer = pd.DataFrame({"doc_id": ["wire", "paper"], "text": [  # synthetic
    ...     wire, "Markets were calm. " + wire + " Critics said little would change soon "
    ...     "and that farmers would pay for the delay, which had lasted months already."]})
    >>> find_duplicates(longer, min_containment=0.8)[["similarity", "containment", "span_words"]]
       similarity  containment  span_words
    0    0.463415          1.0          23
    """
    threshold = _check_share("threshold", threshold)
    if min_containment is not None:
        min_containment = _check_share("min_containment", min_containment)
    shingle = check_count("shingle", shingle, 1)
    extra = list(column_dtypes(corpus, ["source", "published"]))
    detail = ["published_precision"] if "published" in extra else []
    detail = list(column_dtypes(corpus, detail))
    meta = ("doc_id", *extra, *detail)

    def step(doc: Document) -> Partial:
        shingles = _shingles(doc.text, shingle)
        return {} if shingles is None else {"shingles": [(doc.position, *doc.meta, shingles)]}

    def finish(total: Partial) -> list[tuple[Any, ...]]:
        return sorted(total.get("shingles", []), key=lambda r: r[0])

    rows = run(Analysis("find_duplicates", step, finish, meta=meta), corpus, progress=progress)
    docs = pd.DataFrame([r[1:-1] for r in rows], columns=list(meta))
    sets = [r[-1] for r in rows]
    table = _pairs(docs, sets, threshold, min_containment, extra)
    table = _with_spans(table, corpus, docs, shingle, progress)
    return _finish_table(table, docs, extra, column_dtypes(corpus, ("doc_id", *extra)))


def _times(docs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The publication rank, start and end of every article of ``docs``."""
    if "published" not in docs.columns:
        start = pd.Series(pd.NaT, index=docs.index, dtype="datetime64[us, UTC]")
        end = start
    else:
        precision = docs.get("published_precision")
        start, end = published_bounds(docs["published"], precision)
    starts, ends = _utc(start), _utc(end)
    return _order(starts, np.arange(len(docs))), starts, ends


def _pairs(
    docs: pd.DataFrame,
    sets: list[np.ndarray],
    threshold: float,
    min_containment: float | None,
    extra: Sequence[str],
) -> pd.DataFrame:
    """The pairs (as numbers of ``docs``), oriented in time, with their measures and clusters."""
    n = len(docs)
    rank, start, end = _times(docs)
    position = np.arange(n)
    # groups of identical sets: each compared once, through its first published copy
    keys = [hashlib.blake2b(s.tobytes(), digest_size=16).digest() for s in sets]
    group = pd.Series(keys, dtype=object).factorize()[0] if n else np.zeros(0, np.int64)
    heads, _ = _first_copies(position, group, rank, start, end)
    head = np.array([heads[int(g)] for g in group], dtype=np.int64)
    reps = np.array(sorted(set(head.tolist())), dtype=np.int64)
    a, b, shared = _similar_pairs([sets[r] for r in reps], threshold, min_containment)
    a, b = reps[a], reps[b]
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=n)
    copies = np.flatnonzero(head != position)  # the star of each group of identical copies
    a = np.concatenate([a, head[copies]])
    b = np.concatenate([b, copies])
    shared = np.concatenate([shared, sizes[copies]])
    if not len(a):
        return pd.DataFrame(
            {c: np.zeros(0, np.int64) for c in ("a", "b", "cluster", "first")}
        ).assign(similarity=0.0, containment=0.0, certainty="", first_certainty="")
    first, second, certainty = _pair_order(a, b, rank, start, end, position)
    similarity = shared / (sizes[first] + sizes[second] - shared)
    containment = shared / np.minimum(sizes[first], sizes[second])
    # clusters: the linked copies, numbered by the time of their first copy
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(first)), (first, second)), shape=(n, n))
    component = connected_components(graph, directed=False)[1] if n else np.zeros(0, np.int64)
    linked = np.unique(np.concatenate([first, second]))
    firsts, sure = _first_copies(linked, component[linked], rank, start, end)
    numbered = sorted(firsts, key=lambda c: rank[firsts[c]])
    cluster_of = {c: k for k, c in enumerate(numbered)}
    components = component[first]
    cluster = np.array([cluster_of[c] for c in components], dtype=np.int64)
    table = pd.DataFrame({
        "a": first, "b": second, "similarity": similarity.astype(np.float64),
        "containment": containment.astype(np.float64), "certainty": certainty,
        "cluster": cluster, "first": np.array([firsts[c] for c in components], dtype=np.int64),
        "first_certainty": np.array([sure[c] for c in components], dtype=object),
        "rank_a": rank[first], "rank_b": rank[second],
    })  # fmt: skip
    table = table.sort_values(["cluster", "rank_a", "rank_b"], kind="stable")
    return table.drop(columns=["rank_a", "rank_b"]).reset_index(drop=True)


def _with_spans(
    table: pd.DataFrame, corpus: Any, docs: pd.DataFrame, shingle: int, progress: bool | None
) -> pd.DataFrame:
    """``table`` with the longest shared passage of each pair (a second pass over the texts of
    the articles in pairs only)."""
    needed = np.unique(np.concatenate([table["a"].to_numpy(), table["b"].to_numpy()]))
    wanted = set(docs["doc_id"].to_numpy()[needed].tolist())

    def step(doc: Document) -> Partial:
        if doc.meta[0] not in wanted:
            return {}
        return {"positions": [(doc.meta[0], _positions(doc.text, shingle))]}

    def finish(total: Partial) -> dict[Any, _Positions]:
        return dict(total.get("positions", []))

    spans = Analysis("find_duplicates", step, finish, meta=("doc_id",))
    found: dict[Any, _Positions] = {}
    if wanted:
        with warnings.catch_warnings():  # (what a pass over the corpus warns was said in the first)
            warnings.simplefilter("ignore", CorpusWarning)
            if isinstance(corpus, pd.DataFrame):
                found = run(spans, corpus[corpus["doc_id"].isin(wanted)], progress=False)
            else:
                found = run(spans, corpus, progress=progress)
    ids = docs["doc_id"].to_numpy()
    columns: dict[str, list[int]] = {k: [] for k in ("span_words", "start_a", "end_a", "start_b",
                                                     "end_b")}  # fmt: skip
    for a, b in zip(table["a"].tolist(), table["b"].tolist(), strict=True):
        first, second = found[ids[a]], found[ids[b]]
        run_ = _longest_run(first, second)
        if run_ is None:  # (only if a text changed between the two passes)
            for values in columns.values():
                values.append(-1)
            continue
        i, j, length = run_
        columns["span_words"].append(length + first.width - 1)
        columns["start_a"].append(int(first.starts[i]))
        columns["end_a"].append(int(first.ends[i + length - 1]))
        columns["start_b"].append(int(second.starts[j]))
        columns["end_b"].append(int(second.ends[j + length - 1]))
    return table.assign(**{k: np.array(v, dtype=np.int64) for k, v in columns.items()})


def _finish_table(
    table: pd.DataFrame, docs: pd.DataFrame, extra: Sequence[str], dtypes: dict[str, Any]
) -> pd.DataFrame:
    """The public table: ids and metadata in place of numbers, columns in their order."""
    out = pd.DataFrame({
        "doc_id_a": docs["doc_id"].to_numpy()[table["a"]],
        "doc_id_b": docs["doc_id"].to_numpy()[table["b"]],
    })  # fmt: skip
    for column in ("similarity", "containment", "span_words", "start_a", "end_a", "start_b",
                   "end_b", "certainty", "cluster"):  # fmt: skip
        out[column] = table[column].to_numpy()
    out["first_doc_id"] = docs["doc_id"].to_numpy()[table["first"]]
    out["first_certainty"] = table["first_certainty"].to_numpy()
    for column in extra:
        for side in ("a", "b"):
            out[f"{column}_{side}"] = (
                docs[column].take(table[side].to_numpy()).reset_index(drop=True)
            )
    out = out.astype({"similarity": "float64", "containment": "float64", "cluster": "int64"})
    out = out.astype({c: "str" for c in ("certainty", "first_certainty")})
    for column, dtype in dtypes.items():
        names = ["doc_id_a", "doc_id_b", "first_doc_id"] if column == "doc_id" else [
            f"{column}_a", f"{column}_b"]  # fmt: skip
        out[names] = out[names].astype(dtype)
    return out


# --------------------------------------------------------------------------- deduplicate

Keep = Literal["first", "longest"]


def deduplicate(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    keep: Keep = "first",
    pairs: pd.DataFrame | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The corpus with one article per cluster of copies.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    threshold : float, default 0.8
        As in :func:`find_duplicates` (ignored when ``pairs`` is given).
    keep : {"first", "longest"}, default "first"
        Which copy stays: the first published (the earliest dated copy, first in the corpus
        on a tie; see :func:`find_duplicates`), or the one with the longest text.
    pairs : DataFrame, optional
        A :func:`find_duplicates` table, perhaps filtered to the pairs you accept (for example
        ``pairs[pairs.similarity >= 0.8]`` when it was found with ``min_containment``): the
        clusters are the copies these pairs link. By default found here.
    progress : bool, optional
        Show a progress bar while looking for copies.

    Returns
    -------
    DataFrame
        The kept rows of the corpus, in their order. A warning says how many copies were
        removed, and in how many clusters the first copy could not be told for sure;
        ``result.attrs["removed"]`` lists them: ``doc_id``, ``kept_doc_id`` and
        ``first_certainty`` (with ``keep="first"``: ``"ordered"`` when the kept copy was
        published before every other copy of its cluster, ``"tie"`` when dates too coarse
        could not tell, ``"unknown"`` when a copy has no date; missing with
        ``keep="longest"``).

    Examples
    --------
    >>> import warnings
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["a", "b", "c"], "source": ["AP", "RT", "BBC"],
    ...     "text": ["Talks on grain exports resumed in Istanbul on Tuesday morning."] * 2
    ...             + ["Parliament passed the budget."]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # "deduplicate() removed 1 of 3 articles: ..."
    ...     kept = deduplicate(corpus)
    >>> kept["doc_id"].tolist(), kept.attrs["removed"].to_dict("records")
    (['a', 'c'], [{'doc_id': 'b', 'kept_doc_id': 'a', 'first_certainty': 'unknown'}])
    """
    if keep not in ("first", "longest"):
        raise ToolkitError(f"keep must be 'first' or 'longest', got {keep!r}.")
    if pairs is None:
        pairs = find_duplicates(corpus, threshold=threshold, progress=progress)
    missing = [c for c in ("doc_id_a", "doc_id_b") if c not in pairs.columns]
    if missing:
        raise ToolkitError(f"pairs= must be a find_duplicates() table; it lacks {missing}.")
    if "doc_id" not in corpus.columns:
        raise CorpusError("deduplicate() needs a 'doc_id' column; read_corpus() adds one.")
    position = pd.Series(np.arange(len(corpus)), index=corpus["doc_id"].to_numpy())
    named = pd.concat([pairs["doc_id_a"], pairs["doc_id_b"]])
    unknown = sorted(set(named) - set(position.index), key=str)
    if unknown:
        raise CorpusError(
            f"pairs= names articles the corpus does not have ({unknown[:5]}); pass the pairs "
            "found on this corpus."
        )
    n = len(corpus)
    a = position[pairs["doc_id_a"]].to_numpy()
    b = position[pairs["doc_id_b"]].to_numpy()
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    component = connected_components(graph, directed=False)[1]
    members = np.unique(np.concatenate([a, b]))
    clusters = component[members]
    if keep == "first":
        docs = corpus[[c for c in ("published", "published_precision") if c in corpus.columns]]
        rank, start, end = _times(docs.reset_index(drop=True))
        firsts, sure = _first_copies(members, clusters, rank, start, end)
        certainty: list[Any] = [sure[c] for c in clusters]
    else:
        length = corpus["text"].fillna("").astype(str).str.len().to_numpy()
        frame = pd.DataFrame({"member": members, "cluster": clusters, "length": length[members]})
        best = frame.sort_values(["length", "member"], ascending=[False, True], kind="stable")
        best = best.drop_duplicates("cluster")
        firsts = dict(zip(best["cluster"].tolist(), best["member"].tolist(), strict=True))
        certainty = [None] * len(members)
    kept = np.array([firsts[c] for c in clusters], dtype=np.int64)
    ids = corpus["doc_id"].to_numpy()
    gone = kept != members
    removed = pd.DataFrame({
        "doc_id": ids[members[gone]], "kept_doc_id": ids[kept[gone]],
        "first_certainty": pd.Series(certainty, dtype=object)[gone].tolist(),
    })  # fmt: skip
    out = corpus[~corpus["doc_id"].isin(set(removed["doc_id"]))].copy()
    out.attrs["removed"] = removed
    if len(removed):
        unsure = ""
        if keep == "first":
            counts = pd.Series([sure[c] for c in set(clusters.tolist())]).value_counts()
            parts = [f"a tie in {counts[k]:,}" if k == "tie" else f"unknown in {counts[k]:,}"
                     for k in ("tie", "unknown") if counts.get(k, 0)]  # fmt: skip
            if parts:
                unsure = (
                    f" Which copy came first is {' and '.join(parts)} of them (dates too "
                    "coarse to tell, or a copy undated): there the earliest dated copy was "
                    "kept, the first in the corpus on a tie; see first_certainty."
                )
        warn_user(
            f"deduplicate() removed {len(removed):,} of {n:,} articles: copies in "
            f"{len(set(clusters.tolist())):,} clusters (kept the {keep} copy of each); "
            f"result.attrs['removed'] lists them.{unsure}"
        )
    return out
