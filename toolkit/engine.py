"""The executor: runs an analysis's per-document step over a corpus and sums the partials.

An analysis is an :class:`Analysis`: a per-document ``step`` and a ``finish``. The step looks at
one :class:`Document` and returns a :data:`Partial`, a dict of additive results: counts keyed by
group, period, family or word (ints, NumPy arrays, :class:`~collections.Counter`), and lists of
per-hit or per-document rows (kwic lines, hit positions, sentence scores), which add up by
concatenation. :func:`merge` adds two partials; it is associative and, for counts, commutative,
and rows carry their document's position, so partials may be merged in any order, in chunks or
in other processes. ``finish`` turns the summed partial into the public table (rates,
intervals, p-values). Steps never compute rates; finishes never read texts.

:func:`run` is the one entry point, with three executors behind it, all built on the same
:func:`documents`, steps and :func:`merge`, so that all three return the same table:

* a **DataFrame** in memory: the documents in order, one running sum;
* **chunks** of a corpus larger than memory (:class:`toolkit.corpus.CorpusChunks` from
  ``read_corpus(path, chunksize=N)``, or a list of corpus DataFrames): one chunk in memory at a
  time, its partial added to the running sum, positions numbered on across chunks;
* a **Dask DataFrame** (``dask.dataframe``, on any scheduler, a ``distributed`` cluster
  included): one partial per partition computed where the partition lives, summed in a tree of
  pairwise merges, and the finish step run on the client.

Articles without text (and, by period, without a date) are counted in every chunk or partition
and reported once, with the totals, as for a DataFrame. What an analysis checks once the counts
are in (when each group was published) comes from the same pass: ``Analysis(gather=...)`` names
corpus columns kept of every row, which ``finish`` finds under :data:`GATHERED`, so that chunks
and partitions are read once.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from operator import iadd
from typing import Any, Generic, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from toolkit.corpus import CorpusChunks, report_no_text, text_mask
from toolkit.errors import CorpusError, ToolkitError
from toolkit.periods import check_published, dated_periods, report_undated
from toolkit.util import PROGRESS_CHARS, as_list, check_columns, wants_progress

__all__ = [
    "DEFAULT_META",
    "GATHERED",
    "Analysis",
    "Document",
    "Extent",
    "Partial",
    "chunk_partial",
    "columns_frame",
    "documents",
    "is_dask",
    "merge",
    "run",
]

R = TypeVar("R")

#: A per-document result: every value supports ``+=`` (ints, floats, arrays, Counters, lists).
Partial = dict[Any, Any]

#: Corpus columns carried into per-hit and per-document tables unless ``meta=`` says otherwise.
DEFAULT_META: tuple[str, ...] = ("source", "published", "url")


class Document(NamedTuple):
    """One article as a step sees it."""

    #: Row position among the corpus's usable articles: orders per-hit rows in corpus order.
    position: int
    #: The article text.
    text: str
    #: Group key: the ``by`` values (missing values as None), then the period start when the
    #: analysis is by period; a tuple, ``()`` without grouping.
    key: tuple[Hashable, ...]
    #: The values of the analysis's ``meta`` columns (``doc_id`` first when it carries metadata).
    meta: tuple[Any, ...]


class Extent:
    """The smallest and largest of some values (None: no value), added by widening the range.

    Examples
    --------
    >>> span = Extent.of(3)
    >>> span += Extent.of(1)
    >>> span += Extent.of(None)
    >>> span.low, span.high
    (1, 3)
    """

    __slots__ = ("high", "low")

    def __init__(self, low: Any, high: Any) -> None:
        self.low, self.high = low, high

    @classmethod
    def of(cls, value: Any) -> Extent:
        return cls(value, value)

    def __iadd__(self, other: Extent) -> Extent:
        if other.low is not None and (self.low is None or other.low < self.low):
            self.low = other.low
        if other.high is not None and (self.high is None or other.high > self.high):
            self.high = other.high
        return self


@dataclass(frozen=True)
class Analysis(Generic[R]):
    """What :func:`run` needs to run an analysis: its step, its finish and the columns it reads.

    ``step`` must return fresh objects (the executor adds into them in place). ``batch``, when
    given, does the work of ``step`` for many documents at once and returns the sum of their
    partials, exactly what merging ``step`` of each would give (a fast path; tests hold the two
    equal). The executor then hands it documents in batches of about :data:`BATCH_CHARS`.
    """

    name: str
    step: Callable[[Document], Partial]
    finish: Callable[[Partial], R]
    by: tuple[str, ...] = ()
    period: str | None = None
    meta: tuple[str, ...] = ()
    #: Show a progress bar by default above this many characters of text.
    progress_chars: int = PROGRESS_CHARS
    batch: Callable[[list[Document]], Partial] | None = None
    #: Called once before worker processes are forked (to build tables they then share).
    warm_up: Callable[[], None] | None = None
    #: What the analysis learns as it goes and keeps for the next run (a term matcher's token
    #: lookups: ``known()``, ``learned(since)``, ``learn(lookups)``): forked workers hand back
    #: what they learned, which would otherwise die with them.
    memory: Any = None
    #: Workers are threads, not forked processes: for a ``batch`` step that spends its time in
    #: NumPy and Arrow, which let other threads run meanwhile. Threads share memory, so
    #: nothing is copied on write or handed back (a forked worker pays for every page it first
    #: writes: its first batches of SOTU took 40% longer than in a warm process).
    threads: bool = False
    #: Corpus columns to keep of every row (with text or without) in the same pass over the
    #: corpus, for a check made once the counts are in (which groups were published when):
    #: ``finish`` finds them in ``total[GATHERED]``, one DataFrame of every row in corpus order
    #: (the columns the corpus has) with a ``_has_text`` column, so that chunks and Dask
    #: partitions are read once.
    gather: tuple[str, ...] = ()


#: The key under which :func:`run` hands ``finish`` the columns of ``Analysis(gather=...)``.
GATHERED = ("_engine", "gathered")

#: Characters of text per call of an analysis's ``batch`` step (bounds its memory: about 25
#: bytes per character).
BATCH_CHARS = 2_000_000
#: A DataFrame with more text than this is shared out among worker processes (see
#: :func:`workers`).
PARALLEL_CHARS = 4_000_000


def workers() -> int:
    """How many workers :func:`run` uses on a large DataFrame: the cores that other work leaves
    free (the machine's cores less the one-minute load average, this process's own share
    excepted; at most 8, at least 1), or the environment variable ``RHETORIC_TOOLKIT_WORKERS``
    (``1``: this process alone). Workers are threads for analyses that say so
    (``Analysis(threads=True)``), otherwise forked processes, which exist only where ``fork``
    does (Linux, macOS); results are the same with any number of them.

    (On two cores that other processes kept busy, a second worker made count_terms 1.15 times,
    keyness 1.85 times and collocates 1.24 times slower on SOTU: a worker pays only on a core
    nothing else wants.)
    """
    wanted = os.environ.get("RHETORIC_TOOLKIT_WORKERS", "")
    if wanted.strip().isdigit() and int(wanted) >= 1:
        return int(wanted)
    return max(1, min(8, (os.cpu_count() or 1) - _busy_cores()))


def _busy_cores() -> int:
    """The cores other processes keep busy: the one-minute load average less this process (0
    where the system has no load average)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return 0
    return max(0, round(load - 1))


def merge(total: Partial, part: Partial) -> Partial:
    """Add ``part`` into ``total`` key by key (in place) and return ``total``.

    Examples
    --------
    >>> merge({"n": 1, "rows": [(0, "a")]}, {"n": 2, "rows": [(1, "b")], "new": 5})
    {'n': 3, 'rows': [(0, 'a'), (1, 'b')], 'new': 5}
    """
    for key, value in part.items():
        current = total.get(key)
        if current is None:
            total[key] = value
        elif isinstance(current, Counter):
            current.update(value)  # not +=, which rescans the whole Counter for non-positives
        else:
            total[key] = iadd(current, value)
    return total


def meta_columns(
    meta: str | Sequence[str] | None, corpus: pd.DataFrame, *, reserved: Sequence[str] = ()
) -> tuple[str, ...]:
    """The one rule for carrying corpus metadata into per-hit and per-document tables.

    Such a table starts with ``doc_id`` and the ``meta`` columns: by default
    (``meta=None``) those of :data:`DEFAULT_META` that the corpus has, otherwise the columns
    named (a missing one is a CorpusError when the analysis runs). A column the table names
    itself (``reserved``) is refused with a ToolkitError.

    Examples
    --------
    >>> import toolkit
    >>> meta_columns(None, toolkit.load_sample())
    ('doc_id', 'source', 'published', 'url')
    >>> meta_columns(["source", "language"], toolkit.load_sample())
    ('doc_id', 'source', 'language')
    """
    if meta is None:
        present = set(_columns(corpus))
        names = [c for c in DEFAULT_META if c in present]
    else:
        names = as_list(meta, option="meta")
    carried = tuple(dict.fromkeys(["doc_id", *names]))
    clash = [c for c in carried if c in reserved]
    if clash:
        raise ToolkitError(
            f"meta= names {clash}, which this table uses for its own columns ({list(reserved)})."
            " Rename those corpus columns first, e.g. corpus.rename(columns={'term': 'topic'})."
        )
    return carried


def corpus_columns(corpus: Any) -> list[str]:
    """The columns of ``corpus`` (a DataFrame, chunks or a Dask DataFrame)."""
    return list(_dtypes(corpus))


def column_dtypes(corpus: Any, columns: Sequence[str]) -> dict[str, Any]:
    """The dtypes of ``columns`` in ``corpus`` (those it has), for :func:`rows_frame`."""
    dtypes = _dtypes(corpus)
    return {c: dtypes[c] for c in columns if c in dtypes}


def is_dask(corpus: Any) -> bool:
    """True for a Dask DataFrame (told without importing Dask)."""
    return type(corpus).__module__.split(".")[0] == "dask" and hasattr(corpus, "to_delayed")


def _chunk_list(corpus: Any) -> Sequence[pd.DataFrame] | CorpusChunks:
    """``corpus`` as re-iterable chunks: a CorpusChunks, or a list of DataFrames."""
    if isinstance(corpus, CorpusChunks):
        return corpus
    if (
        isinstance(corpus, (list, tuple))
        and corpus
        and all(isinstance(c, pd.DataFrame) for c in corpus)
    ):
        return corpus
    raise CorpusError(
        f"Expected a corpus: a DataFrame from read_corpus(), chunks from read_corpus(path, "
        f"chunksize=N), a list of corpus DataFrames or a Dask DataFrame; got "
        f"{type(corpus).__name__}."
    )


def _columns(corpus: Any) -> list[str]:
    if isinstance(corpus, pd.DataFrame) or is_dask(corpus):
        return [str(c) for c in corpus.columns]
    chunks = _chunk_list(corpus)
    return [str(c) for c in (chunks.columns if isinstance(chunks, CorpusChunks) else chunks[0])]


# Dask turns text columns into pd.StringDtype("pyarrow") (missing values pd.NA); corpora from
# read_corpus have pandas' default "str" (missing values NaN), which the tables keep.
_DASK_STRING = pd.StringDtype("pyarrow", na_value=pd.NA)


def _dtypes(corpus: Any) -> dict[str, Any]:
    if isinstance(corpus, pd.DataFrame):
        return {str(c): t for c, t in corpus.dtypes.items()}
    if is_dask(corpus):
        return {str(c): "str" if t == _DASK_STRING else t for c, t in corpus.dtypes.items()}
    chunks = _chunk_list(corpus)
    dtypes = chunks.dtypes if isinstance(chunks, CorpusChunks) else chunks[0].dtypes
    return {str(c): t for c, t in dtypes.items()}


def columns_frame(corpus: Any, columns: Sequence[str], *, has_text: bool = False) -> pd.DataFrame:
    """The ``columns`` of ``corpus`` (those it has) as one DataFrame in memory, for checks that
    need a few metadata columns of every article (publication spans, say), never the texts: the
    corpus itself for a DataFrame; computed for Dask; read chunk by chunk otherwise. With
    ``has_text``, a ``_has_text`` column says which rows have text."""
    if isinstance(corpus, pd.DataFrame) and not has_text:
        return corpus
    wanted = [c for c in dict.fromkeys(columns) if c in _columns(corpus)]

    def select(chunk: pd.DataFrame) -> pd.DataFrame:
        return chunk[wanted].assign(_has_text=text_mask(chunk)) if has_text else chunk[wanted]

    if isinstance(corpus, pd.DataFrame):
        return select(corpus)
    if is_dask(corpus):
        return corpus.map_partitions(select).compute().reset_index(drop=True)
    return pd.concat([select(chunk) for chunk in _chunk_list(corpus)], ignore_index=True)


def _values(column: pd.Series) -> list[Any]:
    """Column values as Python objects, missing values as None (equal across processes)."""
    values = column.astype(object)
    return values.where(column.notna(), None).tolist()


def documents(
    texts: pd.DataFrame, analysis: Analysis[Any], *, offset: int = 0
) -> Iterator[Document]:
    """The :class:`Document` of every row of ``texts`` (usable articles, with ``period`` when the
    analysis is by period); ``offset`` is the position of the first row."""
    key_cols = [*analysis.by, *(["period"] if analysis.period is not None else [])]
    keys = zip(*(_values(texts[c]) for c in key_cols)) if key_cols else None
    metas = zip(*(_values(texts[c]) for c in analysis.meta)) if analysis.meta else None
    for i, text in enumerate(texts["text"].tolist()):
        key = next(keys) if keys is not None else ()
        yield Document(offset + i, text, key, next(metas) if metas is not None else ())


def prepare(
    corpus: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    meta: Sequence[str] = (),
    period: str | None = None,
) -> pd.DataFrame:
    """The articles of ``corpus`` an analysis runs on (those with text; with a ``period`` column
    when ``period`` is given), after checking that the columns it reads exist."""
    return _select(corpus, by=by, meta=meta, period=period, report=True)[0]


def _gathered(corpus: pd.DataFrame, columns: Sequence[str], has_text: pd.Series) -> pd.DataFrame:
    """The ``columns`` of ``corpus`` that it has, with ``_has_text`` (see ``Analysis.gather``)."""
    wanted = [c for c in dict.fromkeys(columns) if c in corpus.columns]
    return corpus[wanted].assign(_has_text=has_text)


def _select(
    corpus: pd.DataFrame,
    *,
    by: Sequence[str],
    meta: Sequence[str],
    period: str | None,
    report: bool,
    gather: Sequence[str] = (),
) -> tuple[pd.DataFrame, dict[str, int], pd.DataFrame | None]:
    """:func:`prepare`, the counts of rows, rows without text and undated rows, and the
    ``gather`` columns of every row (None without any); with ``report``, the rows left out are
    reported (warnings, or an error when none has a date), otherwise only counted, for an
    executor that reports a whole corpus's counts once."""
    has_text = text_mask(corpus)
    gathered = _gathered(corpus, gather, has_text) if gather else None
    counts = {"rows": len(corpus), "no_text": int((~has_text).sum()), "undated": 0}
    if report:
        report_no_text(counts["no_text"], counts["rows"])
    texts = corpus if counts["no_text"] == 0 else corpus.loc[has_text]  # (a mask copies)
    check_columns(texts, by)
    if "doc_id" in meta and "doc_id" not in texts.columns:
        raise CorpusError(
            "Expected a corpus with a 'doc_id' column; make it with read_corpus(), which adds ids."
        )
    check_columns(texts, meta, option="meta=")
    if "published" in (*by, *meta):
        check_published(texts)
    if "doc_id" in meta:
        repeated = texts["doc_id"][texts["doc_id"].duplicated()]
        if len(repeated):
            raise CorpusError(
                f"{repeated.nunique()} doc_id values occur more than once in the corpus, e.g. "
                f"{', '.join(repr(d) for d in repeated.unique()[:3])}, so their articles cannot "
                "be told apart. Two corpora joined with pd.concat share the ids read_corpus "
                "generated (doc0001, ...): read the joined frame again without them to number "
                "it anew, read_corpus(pd.concat([a, b]).drop(columns='doc_id')), or make the ids "
                "unique yourself."
            )
    if period is not None:
        texts, counts["undated"] = dated_periods(texts, period)
        if report:
            report_undated(counts["undated"], counts["rows"] - counts["no_text"])
    return texts, counts, gathered


def run(analysis: Analysis[R], corpus: Any, *, progress: bool | None = None) -> R:
    """Run ``analysis`` over the articles of ``corpus`` that have text and finish the sum.

    ``corpus`` is a DataFrame, chunks (:class:`~toolkit.corpus.CorpusChunks` or a list of
    corpus DataFrames) or a Dask DataFrame; see the module docstring.
    """
    if isinstance(corpus, pd.DataFrame):
        texts, _, gathered = _select(
            corpus, by=analysis.by, meta=analysis.meta, period=analysis.period, report=True,
            gather=analysis.gather,
        )  # fmt: skip
        sizes = _text_sizes(texts) if len(texts) else np.zeros(0, np.int64)
        show = progress
        if show is None:  # (UTF-8 bytes are at least the characters: counted only if they pass)
            limit = analysis.progress_chars
            show = int(sizes.sum()) > limit
            show = show and wants_progress(None, texts["text"].tolist(), threshold=limit)
        total = _run_frame(analysis, texts, show, sizes)
        if gathered is not None:
            total[GATHERED] = gathered
        return analysis.finish(total)
    total = _run_dask(analysis, corpus) if is_dask(corpus) else _run_chunks(
        analysis, _chunk_list(corpus), progress
    )  # fmt: skip
    counts = {key: total.pop(("_engine", key), 0) for key in ("rows", "no_text", "undated")}
    report_no_text(counts["no_text"], counts["rows"])
    if analysis.period is not None:
        report_undated(counts["undated"], counts["rows"] - counts["no_text"])
    if analysis.gather:  # (each chunk's rows, in corpus order)
        frames = total.pop(GATHERED, [])
        total[GATHERED] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return analysis.finish(total)


def _sum_partials(analysis: Analysis[Any], texts: pd.DataFrame, offset: int = 0) -> Partial:
    """The summed partial of the articles of ``texts`` (prepared), in batches when the analysis
    has a batch step."""
    total: Partial = {}
    docs = documents(texts, analysis, offset=offset)
    if analysis.batch is None:
        for doc in docs:
            merge(total, analysis.step(doc))
        return total
    batch: list[Document] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.text)
        if size >= BATCH_CHARS:
            merge(total, analysis.batch(batch))
            batch, size = [], 0
    if batch:
        merge(total, analysis.batch(batch))
    return total


def _text_sizes(texts: pd.DataFrame) -> np.ndarray:
    """The size of every text: UTF-8 bytes, read from the Arrow offsets when the column is
    Arrow-backed (no pass over the text), else characters."""
    column = texts["text"]
    if getattr(column.dtype, "storage", None) != "pyarrow":
        return np.asarray(column.str.len().to_numpy(), np.int64)
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = pc.binary_length(pa.array(column.array))  # (the Arrow array, not a copy)
    return np.asarray(lengths.to_numpy(zero_copy_only=False), np.int64)


def _ranges(sizes: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """``parts`` consecutive row ranges with about the same amount of text (``sizes``: that of
    each row, from :func:`_text_sizes`)."""
    ends = np.cumsum(sizes)
    cuts = np.searchsorted(ends, ends[-1] * np.arange(1, parts) / parts) + 1
    bounds = sorted({0, *cuts.tolist(), len(sizes)})
    return [(lo, hi) for lo, hi in pairwise(bounds) if hi > lo]


# What forked workers read, one entry per run: set by the parent just before it forks them
# (the analysis, the articles, and how much the analysis's memory knew then), keyed by the run,
# so that runs never read one another's entries.
_SHARED: dict[int, tuple[Analysis[Any], pd.DataFrame, int]] = {}
_RUNS = itertools.count()


def _shared_partial(job: tuple[int, int, int]) -> tuple[Partial, Any]:
    """A worker's partial of a range of rows of run ``job[0]``, and what the analysis learned
    since the fork."""
    run_id, lo, hi = job
    analysis, texts, known = _SHARED[run_id]
    part = _sum_partials(analysis, texts.iloc[lo:hi], offset=lo)
    memory = analysis.memory
    if memory is None:
        return part, None
    learned = memory.learned(known)
    # a worker runs several ranges: hand back each lookup once
    _SHARED[run_id] = (analysis, texts, memory.known())
    return part, learned


def _can_fork() -> bool:
    """Whether this call may fork workers: where ``fork`` exists, not in a daemon, and only
    from the main thread: a thread of the caller's (a thread pool in a notebook, a web app)
    forking while others hold locks could leave the children waiting on a lock forever, so
    analyses called from other threads run in their own thread."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon  # a daemon may have no children
        and sys.platform != "win32"
        and threading.current_thread() is threading.main_thread()
    )


def _run_frame(
    analysis: Analysis[Any], texts: pd.DataFrame, show: bool, sizes: np.ndarray
) -> Partial:
    """Sum the partials of a prepared DataFrame (``sizes``: :func:`_text_sizes` of its texts): in
    this process, or shared out among forked workers (each a range of rows, merged in corpus
    order) when it is large."""
    n_workers = workers()
    size = int(sizes.sum())
    parallel = n_workers > 1 and size >= PARALLEL_CHARS and (analysis.threads or _can_fork())
    if not show and not parallel:
        return _sum_partials(analysis, texts)
    # one range per worker (batches as large as BATCH_CHARS), or with a progress bar ranges of
    # about a megabyte each, so that it moves
    ranges = _ranges(sizes, max(n_workers if parallel else 1, size // 1_000_000 if show else 1))
    bar = _bar(show, analysis.name, len(texts))
    total: Partial = {}
    if parallel and analysis.warm_up is not None:
        analysis.warm_up()  # built once, before workers would each build it
    if not parallel:
        for lo, hi in ranges:
            merge(total, _sum_partials(analysis, texts.iloc[lo:hi], offset=lo))
            if bar is not None:
                bar.update(hi - lo)
    elif analysis.threads:
        # with one range per worker, the first runs in this thread (a thread fewer to start,
        # no wait for it); with more (a progress bar), worker threads take them in turn
        inline = len(ranges) <= n_workers
        pooled = ranges[1:] if inline else ranges
        with ThreadPoolExecutor(n_workers - 1 if inline else n_workers) as pool:
            futures = [
                pool.submit(_sum_partials, analysis, texts.iloc[lo:hi], lo) for lo, hi in pooled
            ]
            if inline:
                lo, hi = ranges[0]
                merge(total, _sum_partials(analysis, texts.iloc[lo:hi], lo))
                if bar is not None:
                    bar.update(hi - lo)
            for (lo, hi), future in zip(pooled, futures):
                merge(total, future.result())
                if bar is not None:
                    bar.update(hi - lo)
    else:
        run_id = next(_RUNS)
        _SHARED[run_id] = (analysis, texts, analysis.memory.known() if analysis.memory else 0)
        try:
            with warnings.catch_warnings():
                # (Python 3.12+ warns about forking a process that has threads; the workers
                # only run the analysis on the data they were forked with)
                warnings.simplefilter("ignore", DeprecationWarning)
                with multiprocessing.get_context("fork").Pool(n_workers) as pool:
                    jobs = [(run_id, lo, hi) for lo, hi in ranges]
                    for (lo, hi), (part, learned) in zip(ranges, pool.imap(_shared_partial, jobs)):
                        merge(total, part)
                        if learned:
                            analysis.memory.learn(learned)
                        if bar is not None:
                            bar.update(hi - lo)
        finally:
            _SHARED.pop(run_id, None)
    if bar is not None:
        bar.close()
    return total


def _bar(show: bool, desc: str, total: int | None) -> Any:
    """A tqdm progress bar counting documents (a widget in Jupyter), or None."""
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(desc=desc, total=total, unit="doc")


def chunk_partial(analysis: Analysis[Any], chunk: pd.DataFrame, offset: int) -> Partial:
    """The summed partial of the articles of one chunk (``offset``: the position of its first
    usable article), with the rows left out counted under ``("_engine", ...)`` keys instead of
    reported, so that they are reported once for the whole corpus."""
    texts, counts, gathered = _select(
        chunk, by=analysis.by, meta=analysis.meta, period=analysis.period, report=False,
        gather=analysis.gather,
    )  # fmt: skip
    total: Partial = {("_engine", key): n for key, n in counts.items()}
    total[("_engine", "used")] = len(texts)
    if gathered is not None:  # a list: partials add up by concatenating the chunks' rows
        total[GATHERED] = [gathered]
    return merge(total, _sum_partials(analysis, texts, offset))


def _run_chunks(
    analysis: Analysis[Any], chunks: Sequence[pd.DataFrame] | CorpusChunks, progress: bool | None
) -> Partial:
    size = chunks.nbytes if isinstance(chunks, CorpusChunks) else None
    show = progress if progress is not None else (size or 0) > analysis.progress_chars
    total_docs = chunks._n_rows if isinstance(chunks, CorpusChunks) else sum(map(len, chunks))
    bar = _bar(bool(show), analysis.name, total_docs)
    total: Partial = {}
    used = 0
    chars = 0
    for chunk in chunks:
        if not isinstance(chunk, pd.DataFrame):
            raise CorpusError(
                f"A chunk of the corpus is a {type(chunk).__name__}, not a DataFrame."
            )
        part = chunk_partial(analysis, chunk, used)
        used += part.pop(("_engine", "used"))
        merge(total, part)
        if bar is not None:
            chars += int(chunk["text"].str.len().sum())
            bar.update(len(chunk))
            bar.set_postfix_str(f"{chars / 1e6:,.0f} M characters", refresh=False)
    if bar is not None:
        bar.close()
    return total


# Dask partitions number their documents from partition * _PARTITION_STRIDE: positions only order
# rows, and this keeps corpus order without counting rows first.
_PARTITION_STRIDE = 1 << 40


def _partition_partial(analysis: Analysis[Any], chunk: pd.DataFrame, number: int) -> Partial:
    part = chunk_partial(analysis, chunk, number * _PARTITION_STRIDE)
    part.pop(("_engine", "used"))
    return part


def _merged(first: Partial, second: Partial) -> Partial:
    return merge(first, second)


def _run_dask(analysis: Analysis[Any], corpus: Any) -> Partial:
    """One partial per partition, where the partition lives; a tree of pairwise merges; the sum
    brought to the client."""
    try:
        import dask
    except ImportError as exc:  # pragma: no cover - a Dask DataFrame implies Dask
        raise ToolkitError("Install Dask: pip install 'rhetoric-toolkit[dask]'.") from exc
    missing = [c for c in ("text", *analysis.by, *analysis.meta) if c not in corpus.columns]
    if missing:
        raise CorpusError(
            f"The Dask DataFrame has no column {missing[0]!r} (columns: {list(corpus.columns)}). "
            "Make its partitions with read_corpus(), e.g. dd.from_pandas(read_corpus(...))."
        )
    step = dask.delayed(_partition_partial, pure=True)
    parts = [step(analysis, part, i) for i, part in enumerate(corpus.to_delayed())]
    join = dask.delayed(_merged, pure=True)
    while len(parts) > 1:
        pairs = [join(a, b) for a, b in zip(parts[::2], parts[1::2])]
        parts = pairs + ([parts[-1]] if len(parts) % 2 else [])
    if not parts:
        return {}
    (total,) = dask.compute(parts[0])
    return dict(total)


def rows_frame(
    rows: list[tuple[Any, ...]], columns: Sequence[str], dtypes: Mapping[str, Any]
) -> pd.DataFrame:
    """Per-hit rows (position first) as a table in corpus order, with the corpus's dtypes for the
    carried columns."""
    rows = sorted(rows, key=lambda r: r[0])  # stable: within a document, the step's order
    frame = pd.DataFrame.from_records(rows, columns=["_position", *columns])
    for column, dtype in dtypes.items():
        if column in frame.columns and frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame.drop(columns="_position")
