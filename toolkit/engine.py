"""The executor: runs an analysis's per-document step over a corpus and sums the partials.

An analysis is an :class:`Analysis`: a per-document ``step`` and a ``finish``. The step looks at
one :class:`Document` and returns a :data:`Partial`, a dict of additive results: counts keyed by
group, period, family or word (ints, NumPy arrays, :class:`~collections.Counter`), and lists of
per-hit or per-document rows (kwic lines, hit positions, sentence scores), which add up by
concatenation. :func:`merge` adds two partials; it is associative and, for counts, commutative,
and rows carry their document's position, so partials may be merged in any order, in chunks or
in other processes. ``finish`` turns the summed partial into the public table (rates,
intervals, p-values). Steps never compute rates; finishes never read texts.

:func:`run` is the one executor today: it takes the usable articles of a DataFrame, builds each
document's group key and carried metadata, shows the progress bar and sums the partials.
Executors for chunks of a corpus larger than memory or for Dask partitions reuse
:func:`documents`, the steps and :func:`merge` unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import iadd
from typing import Any, Generic, NamedTuple, TypeVar

import pandas as pd

from toolkit.corpus import usable_texts
from toolkit.errors import CorpusError, ToolkitError
from toolkit.periods import with_periods
from toolkit.util import PROGRESS_CHARS, as_list, check_columns, progress_bar, wants_progress

__all__ = [
    "DEFAULT_META",
    "Analysis",
    "Document",
    "Extent",
    "Partial",
    "documents",
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

    ``step`` must return fresh objects (the executor adds into them in place).
    """

    name: str
    step: Callable[[Document], Partial]
    finish: Callable[[Partial], R]
    by: tuple[str, ...] = ()
    period: str | None = None
    meta: tuple[str, ...] = ()
    #: Show a progress bar by default above this many characters of text.
    progress_chars: int = PROGRESS_CHARS


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
        names = [c for c in DEFAULT_META if isinstance(corpus, pd.DataFrame) and c in corpus]
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


def column_dtypes(corpus: pd.DataFrame, columns: Sequence[str]) -> dict[str, Any]:
    """The dtypes of ``columns`` in ``corpus`` (those it has), for :func:`rows_frame`."""
    if not isinstance(corpus, pd.DataFrame):
        return {}
    return {c: corpus[c].dtype for c in columns if c in corpus.columns}


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
    texts = usable_texts(corpus)
    check_columns(texts, by)
    if "doc_id" in meta and "doc_id" not in texts.columns:
        raise CorpusError(
            "Expected a corpus with a 'doc_id' column; make it with read_corpus(), which adds ids."
        )
    check_columns(texts, meta, option="meta=")
    if period is not None:
        texts = with_periods(texts, period)
    return texts


def run(analysis: Analysis[R], corpus: pd.DataFrame, *, progress: bool | None = None) -> R:
    """Run ``analysis`` over the articles of ``corpus`` that have text and finish the sum."""
    texts = prepare(corpus, by=analysis.by, meta=analysis.meta, period=analysis.period)
    show = wants_progress(progress, texts["text"].tolist(), threshold=analysis.progress_chars)
    total: Partial = {}
    docs = documents(texts, analysis)
    for doc in progress_bar(docs, enabled=show, desc=analysis.name, total=len(texts)):
        merge(total, analysis.step(doc))
    return analysis.finish(total)


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
