"""Near-duplicate and syndicated articles: one wire item republished by five outlets is one text.

:func:`find_duplicates` compares every article with every other, within and across sources, on
their word shingles (runs of ``shingle`` consecutive tokens). Each article's shingle set is
summarised by a MinHash signature (``datasketch``; Broder 1997), and locality-sensitive hashing
proposes the pairs whose signatures agree often enough, so the work grows with the number of
articles, not with its square. The ``similarity`` of a pair is the share of signature slots in
which the two agree: an unbiased estimate of the Jaccard similarity of their shingle sets
(standard error ``sqrt(J * (1 - J) / num_perm)``, about 0.035 at 0.8 with the default 128
slots).

What it catches: the same text with a new headline, a dateline or credit added, a paragraph
trimmed or reworded. What it does not merge: different articles on the same event, which share
names and quotes but few runs of five words. A copy trimmed to half its length has a Jaccard
similarity of at most 0.5; lower ``threshold`` to catch such copies.

:func:`deduplicate` keeps one article per cluster of copies (the first published by default).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.engine import Analysis, Document, Partial, column_dtypes, run
from toolkit.errors import CorpusError, MissingResourceError, ToolkitError
from toolkit.text import tokenize
from toolkit.util import check_count, warn_user

__all__ = ["DUPLICATE_COLUMNS", "deduplicate", "find_duplicates"]

#: The columns of a find_duplicates() table (``source_*`` and ``published_*`` when the corpus has
#: those columns).
DUPLICATE_COLUMNS = [
    "doc_id_a",
    "doc_id_b",
    "similarity",
    "cluster",
    "first_doc_id",
    "source_a",
    "source_b",
    "published_a",
    "published_b",
]
_SEED = 1
_SCHEME = "affine32"  # datasketch >= 2.0: 32-bit hashes, affine permutations


def _datasketch() -> Any:
    try:
        import datasketch
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingResourceError(
            "find_duplicates() needs the datasketch package: pip install datasketch"
        ) from None
    return datasketch


def _hash32(data: bytes) -> int:
    """A 32-bit hash that is the same in every process (Python's hash() is salted)."""
    return zlib.crc32(data)


def _signature(text: str, shingle: int, num_perm: int) -> np.ndarray | None:
    """The MinHash hash values of the word shingles of ``text`` (None for a text without words)."""
    tokens = tokenize(text)
    if not tokens:
        return None
    width = min(shingle, len(tokens))
    grams = {" ".join(tokens[i : i + width]) for i in range(len(tokens) - width + 1)}
    minhash = _datasketch().MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_hash32, scheme=_SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def _clusters(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Connected components of the pairs over ``n`` items (union-find): a root per item."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(n)]


def find_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    shingle: int = 5,
    num_perm: int = 128,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Pairs of articles that are near-duplicate or syndicated copies of each other.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (with ``doc_id``; never modified). Copies are
        looked for across sources and within them.
    threshold : float, default 0.8
        The estimated Jaccard similarity of two articles' shingle sets from which they count as
        copies (0 < threshold <= 1).
    shingle : int, default 5
        Words per shingle. Articles shorter than that are one shingle each.
    num_perm : int, default 128
        MinHash signature length: more is more precise and slower.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per pair of copies, columns ``doc_id_a`` (the copy published first, or first in
        the corpus when the dates tie or are missing), ``doc_id_b``, ``similarity`` (estimated
        Jaccard similarity, 0 to 1), ``cluster`` (copies linked by pairs form a cluster: 0 is the
        cluster published first), ``first_doc_id`` (the first published copy of the cluster),
        then ``source_a``, ``source_b``, ``published_a``, ``published_b`` when the corpus has
        those columns. Sorted by cluster, then by ``doc_id_a``'s and ``doc_id_b``'s order.

    Examples
    --------
    >>> wire = ("Officials from both countries met on Tuesday to discuss grain exports, "
    ...         "energy prices and the future of the trade agreement signed last year.")
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["ap-1", "rt-7", "bbc-3"], "source": ["AP", "RT", "BBC"],
    ...     "published": pd.to_datetime(["2022-05-18", "2022-05-19", "2022-05-18"]),
    ...     "text": [wire, "MOSCOW (AP) — " + wire, "Parliament passed the budget."]})
    >>> pairs = find_duplicates(corpus)
    >>> pairs[["doc_id_a", "doc_id_b", "cluster", "first_doc_id", "source_b"]]
      doc_id_a doc_id_b  cluster first_doc_id source_b
    0     ap-1     rt-7        0         ap-1       RT
    >>> bool(pairs.loc[0, "similarity"] > 0.8)
    True
    """
    if not isinstance(threshold, (int, float)) or not 0 < float(threshold) <= 1:
        raise ToolkitError(f"threshold must be a similarity in (0, 1], got {threshold!r}.")
    shingle = check_count("shingle", shingle, 1)
    num_perm = check_count("num_perm", num_perm, 16)
    extra = list(column_dtypes(corpus, ["source", "published"]))
    meta = ("doc_id", *extra)

    def step(doc: Document) -> Partial:
        signature = _signature(doc.text, shingle, num_perm)
        return {} if signature is None else {"signatures": [(doc.position, *doc.meta, signature)]}

    def finish(total: Partial) -> pd.DataFrame:
        rows = sorted(total.get("signatures", []), key=lambda r: r[0])
        return _pair_table(rows, extra, float(threshold), num_perm, column_dtypes(corpus, meta))

    analysis = Analysis("find_duplicates", step, finish, meta=meta)
    return run(analysis, corpus, progress=progress)


def _pair_table(
    rows: list[tuple[Any, ...]],
    extra: Sequence[str],
    threshold: float,
    num_perm: int,
    dtypes: dict[str, Any],
) -> pd.DataFrame:
    """The pairs table from the ``(position, doc_id, *extra, signature)`` rows, in corpus order."""
    ds = _datasketch()
    signatures = [r[-1] for r in rows]
    dates = [r[2 + list(extra).index("published")] for r in rows] if "published" in extra else []
    # order of publication: dated articles by date, then undated ones; ties in corpus order
    if dates:
        order = sorted(range(len(rows)), key=lambda i: (dates[i] is None, dates[i] or 0, i))
    else:
        order = list(range(len(rows)))
    rank = {i: r for r, i in enumerate(order)}
    lsh = ds.MinHashLSH(threshold=min(threshold, 0.99), num_perm=num_perm)
    pairs: list[tuple[int, int, float]] = []
    for i in order:  # earlier copies are in the index first, so each pair is (earlier, later)
        lean = ds.LeanMinHash(seed=_SEED, hashvalues=signatures[i], scheme=_SCHEME)
        for j in sorted(lsh.query(lean), key=rank.__getitem__):
            similarity = float(np.mean(signatures[i] == signatures[j]))
            if similarity >= threshold:
                pairs.append((j, i, similarity))
        lsh.insert(i, lean, check_duplication=False)
    roots = _clusters(len(rows), [(a, b) for a, b, _ in pairs])
    first: dict[int, int] = {}
    for i in order:
        first.setdefault(roots[i], i)
    paired = sorted({roots[a] for a, _, _ in pairs}, key=lambda root: rank[first[root]])
    cluster = {root: n for n, root in enumerate(paired)}
    pairs.sort(key=lambda p: (cluster[roots[p[0]]], rank[p[0]], rank[p[1]]))
    columns = ["doc_id_a", "doc_id_b", "similarity", "cluster", "first_doc_id"]
    records = [
        [rows[a][1], rows[b][1], similarity, cluster[roots[a]], rows[first[roots[a]]][1]]
        for a, b, similarity in pairs
    ]
    for k, column in enumerate(extra, start=2):
        columns += [f"{column}_a", f"{column}_b"]
        for record, (a, b, _) in zip(records, pairs, strict=True):
            record += [rows[a][k], rows[b][k]]
    table = pd.DataFrame.from_records(records, columns=columns)
    table = table.astype({"similarity": "float64", "cluster": "int64"})
    for column, dtype in dtypes.items():
        names = ["doc_id_a", "doc_id_b", "first_doc_id"] if column == "doc_id" else [
            f"{column}_a", f"{column}_b"]  # fmt: skip
        table[names] = table[names].astype(dtype)
    return table


Keep = Literal["first", "longest"]


def deduplicate(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.8,
    keep: Keep = "first",
    pairs: pd.DataFrame | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The corpus with one article per cluster of near-duplicate copies.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    threshold : float, default 0.8
        As in :func:`find_duplicates` (ignored when ``pairs`` is given).
    keep : {"first", "longest"}, default "first"
        Which copy stays: the first published (see :func:`find_duplicates`), or the one with
        the longest text.
    pairs : DataFrame, optional
        A :func:`find_duplicates` table, perhaps filtered to the pairs you accept; by default
        found here.
    progress : bool, optional
        Show a progress bar while looking for copies.

    Returns
    -------
    DataFrame
        The kept rows of the corpus, in their order. A warning says how many copies were
        removed; ``result.attrs["removed"]`` lists them (``doc_id`` and ``kept_doc_id``).

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
    (['a', 'c'], [{'doc_id': 'b', 'kept_doc_id': 'a'}])
    """
    if keep not in ("first", "longest"):
        raise ToolkitError(f"keep must be 'first' or 'longest', got {keep!r}.")
    if pairs is None:
        pairs = find_duplicates(corpus, threshold=threshold, progress=progress)
    missing = [c for c in ("doc_id_a", "doc_id_b", "cluster") if c not in pairs.columns]
    if missing:
        raise ToolkitError(f"pairs= must be a find_duplicates() table; it lacks {missing}.")
    if "doc_id" not in corpus.columns:
        raise CorpusError("deduplicate() needs a 'doc_id' column; read_corpus() adds one.")
    members = pd.concat(
        [
            pairs[["cluster", "doc_id_a"]].set_axis(["cluster", "doc_id"], axis=1),
            pairs[["cluster", "doc_id_b"]].set_axis(["cluster", "doc_id"], axis=1),
        ]
    ).drop_duplicates("doc_id")
    unknown = sorted(set(members["doc_id"]) - set(corpus["doc_id"]), key=str)
    if unknown:
        raise CorpusError(
            f"pairs= names articles the corpus does not have ({unknown[:5]}); pass the pairs "
            "found on this corpus."
        )
    position = pd.Series(np.arange(len(corpus)), index=corpus["doc_id"].to_numpy())
    if keep == "first":
        firsts = pairs.drop_duplicates("cluster").set_index("cluster")
        column = "first_doc_id" if "first_doc_id" in pairs.columns else "doc_id_a"
        kept = members["cluster"].map(firsts[column])
    else:
        length = corpus["text"].fillna("").astype(str).str.len().to_numpy()
        members = members.assign(_length=length[position[members["doc_id"]].to_numpy()])
        members = members.assign(_order=position[members["doc_id"]].to_numpy())
        best = members.sort_values(["_length", "_order"], ascending=[False, True])
        kept = members["cluster"].map(
            best.drop_duplicates("cluster").set_index("cluster")["doc_id"]
        )
    removed = pd.DataFrame({"doc_id": members["doc_id"], "kept_doc_id": kept})
    removed = removed[removed["doc_id"] != removed["kept_doc_id"]]
    removed = removed.iloc[np.argsort(position[removed["doc_id"]].to_numpy(), kind="stable")]
    out = corpus[~corpus["doc_id"].isin(set(removed["doc_id"]))].copy()
    out.attrs["removed"] = removed.reset_index(drop=True)
    if len(removed):
        warn_user(
            f"deduplicate() removed {len(removed):,} of {len(corpus):,} articles: copies in "
            f"{members['cluster'].nunique():,} clusters (kept the {keep} copy of each); "
            "result.attrs['removed'] lists them."
        )
    return out
