"""Small helpers shared by the analysis modules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import pandas as pd

from toolkit.errors import CorpusError, ToolkitError

__all__ = [
    "as_list",
    "check_columns",
    "merge_spans",
    "progress_bar",
    "require_table",
    "wants_progress",
]

T = TypeVar("T")

#: Analyses show a progress bar by default above this many characters of text.
PROGRESS_CHARS = 20_000_000


def progress_bar(
    items: Iterable[T], *, enabled: bool, desc: str, total: int | None = None
) -> Iterable[T]:
    """Wrap ``items`` in a tqdm progress bar (a widget in Jupyter) when ``enabled``."""
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, total=total, unit="doc")


def wants_progress(
    progress: bool | None, texts: Sequence[str], *, threshold: int = PROGRESS_CHARS
) -> bool:
    """The user's choice, or by default: show a bar when the texts exceed ``threshold`` chars."""
    return progress if progress is not None else sum(map(len, texts)) > threshold


def as_list(by: str | Sequence[str] | None) -> list[str]:
    """``by=`` as a list of column names."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def check_columns(frame: pd.DataFrame, columns: Sequence[str], *, option: str = "by=") -> None:
    """Raise a :class:`CorpusError` naming the columns of ``frame`` if one is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(
            f"{option} names {missing}, which the corpus does not have. "
            f"Columns: {list(frame.columns)}."
        )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge ``[start, end)`` spans that overlap (share at least one position).

    Examples
    --------
    >>> merge_spans([(5, 9), (0, 3), (2, 4), (9, 10)])
    [(0, 4), (5, 9), (9, 10)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def require_table(
    table: object, columns: Sequence[str], producer: str, *, func: str
) -> pd.DataFrame:
    """Check that ``table`` is a DataFrame with ``columns``, else raise a helpful ToolkitError.

    The message names the function that makes the expected table and the missing columns, so
    that a user never meets a bare ``KeyError`` from pandas.

    Examples
    --------
    >>> require_table(pd.DataFrame({"a": [1]}), ["a", "b"], "kwic()", func="f")
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: f needs the table made by kwic(); it lacks ['b'] (it has ['a']).
    """
    if not isinstance(table, pd.DataFrame):
        raise ToolkitError(
            f"{func} needs the table made by {producer}, not a {type(table).__name__}."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ToolkitError(
            f"{func} needs the table made by {producer}; it lacks {missing} "
            f"(it has {list(map(str, table.columns))})."
        )
    return table
