"""Small helpers shared across the package: argument checks, progress bars, user warnings."""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from toolkit.errors import CorpusError, CorpusWarning, ToolkitError

__all__ = [
    "By",
    "as_list",
    "atomic_path",
    "check_columns",
    "check_count",
    "check_group_names",
    "check_window",
    "make_folder",
    "merge_spans",
    "progress_bar",
    "require_table",
    "wants_progress",
    "warn_user",
]

T = TypeVar("T")

#: ``by=`` everywhere: one column name, several, or None (no grouping).
By = str | Sequence[str] | None

#: Analyses show a progress bar by default above this many characters of text.
PROGRESS_CHARS = 20_000_000

_PACKAGE_DIR = str(Path(__file__).resolve().parent)


def make_folder(path: str | Path, *, error: type[ToolkitError] = ToolkitError) -> Path:
    """Make the folder ``path`` (and its parents) if it is missing; a failure (a file in the
    way, no permission) becomes ``error``, naming the path."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
        reason = f"{blocker} is a file" if blocker is not None else exc.strerror or str(exc)
        raise error(
            f"Could not make the folder {path}: {reason}. Choose a folder you can write to."
        ) from None
    return path


@contextmanager
def atomic_path(path: str | Path, *, error: type[ToolkitError] = ToolkitError) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends, it replaces ``path``
    in one rename. A write that fails or is killed midway (a full disk, a stopped kernel)
    leaves the previous file as it was, and no reader ever sees half a file. Failures to make
    the folder or to write become ``error``, naming the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as partial:
    ...     _ = partial.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    make_folder(path.parent, error=error)
    try:
        yield partial
        os.replace(partial, path)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise error(
            f"Could not write {path}: {exc.strerror or exc}. Choose a folder you can write to "
            "(and that has room); the previous file, if any, is kept."
        ) from None
    except BaseException:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


def warn_user(message: str, category: type[Warning] = CorpusWarning) -> None:
    """Warn, attributing the warning to the first caller outside the toolkit package.

    The line a user sees is then their own call (``count_terms(...)`` in a notebook), however
    deep inside the toolkit the warning was raised.
    """
    level = 2  # stacklevel 2 is the caller of this function
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, category, stacklevel=level)


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


def as_list(by: By, *, option: str = "by") -> list[str]:
    """``by=`` (or another column option) as a list of column names.

    Examples
    --------
    >>> as_list("source"), as_list(["source", "year"]), as_list(None)
    (['source'], ['source', 'year'], [])
    >>> as_list(["voice", "voice"])
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: by= names ['voice'] more than once; name each column once.
    """
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and all(isinstance(c, str) for c in by):
        twice = sorted({c for c in by if list(by).count(c) > 1})
        if twice:
            raise ToolkitError(f"{option}= names {twice} more than once; name each column once.")
        return list(by)
    raise ToolkitError(
        f"{option}= takes a column name, a list of column names or None; got {by!r}."
    )


def check_columns(frame: pd.DataFrame, columns: Sequence[str], *, option: str = "by=") -> None:
    """Raise a :class:`CorpusError` naming the columns of ``frame`` if one is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(
            f"{option} names {missing}, which the corpus does not have. "
            f"Columns: {list(frame.columns)}."
        )
    if option != "by=":
        return
    for column in columns:
        values = frame[column]
        if values.dtype != object:
            continue
        odd = values.map(lambda v: isinstance(v, (list, tuple, set, dict)) or hasattr(v, "ndim"))
        if odd.any():
            example = values[odd].iloc[0]
            raise CorpusError(
                f"by= names {column!r}, whose values are lists or other containers (e.g. "
                f"{example!r}), so they cannot name a group. Give each value a row of its own "
                f"first: corpus.explode({column!r}) (an article then counts once per value), or "
                f"join them: corpus.assign({column}=corpus[{column!r}].str.join(', '))."
            )


def check_group_names(by_cols: Sequence[str], reserved: Iterable[str], *, func: str) -> None:
    """Refuse ``by=`` columns whose names the result table uses for its own columns.

    Examples
    --------
    >>> check_group_names(["term"], ["term", "hits"], func="count_terms")
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: count_terms: by= names ['term'], which the result table uses...
    """
    clash = [c for c in by_cols if c in set(reserved)]
    if clash:
        raise ToolkitError(
            f"{func}: by= names {clash}, which the result table uses for its own columns. Rename "
            f"the corpus column first, e.g. corpus.rename(columns={{{clash[0]!r}: "
            f"{clash[0] + '_'!r}}})."
        )


def check_flag(name: str, value: Any) -> bool:
    """``value`` as a bool, or a ToolkitError when it is not True or False (``"yes"`` is no
    flag: it would read as True).

    Examples
    --------
    >>> check_flag("voice", True)
    True
    >>> check_flag("voice", "no")
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: voice= takes True or False; got 'no'.
    """
    if not isinstance(value, bool | np.bool_):
        raise ToolkitError(f"{name}= takes True or False; got {value!r}.")
    return bool(value)


def check_count(name: str, value: Any, minimum: int) -> int:
    """``value`` as an int, or a ToolkitError when it is not a whole number >= ``minimum``.

    Examples
    --------
    >>> check_count("min_count", 3, 1)
    3
    >>> check_count("min_count", True, 1)
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: min_count must be a whole number >= 1, got True.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ToolkitError(f"{name} must be a whole number >= {minimum}, got {value!r}.")
    return int(value)


def check_window(window: Any) -> int:
    """The one rule for ``window=``: tokens of context on each side of a hit, a whole number >= 0.

    Examples
    --------
    >>> check_window(5)
    5
    """
    return check_count("window", window, 0)


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


def read_yaml(path: Path, *, error: type[ToolkitError] = ToolkitError) -> Any:
    """The parsed YAML file at ``path``; invalid YAML is an ``error`` that names the file."""
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that refuses a key repeated in one mapping (which would keep the last)."""

    def mapping(loader: Loader, node: yaml.MappingNode) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise error(
                    f"{path} has the key {key!r} twice in one mapping (line "
                    f"{key_node.start_mark.line + 1}): only the last would count. Merge the two."
                )
            seen.add(key)
        return loader.construct_mapping(node)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path} is not a UTF-8 text file, so not YAML. Check the path.") from None
    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader: builds plain data only
    except yaml.YAMLError as exc:
        raise error(f"{path} is not valid YAML: {exc}") from None


def word_trie(words: Iterable[str]) -> str:
    """One regular expression for a set of literal strings, their common beginnings factored
    out (Python's engine tries the branches of an alternation one by one: a trie of 170 names
    runs several times faster than their plain alternation).

    Examples
    --------
    >>> word_trie(["tass", "tas", "ria"])
    '(?:ria|tas(?:s)?)'
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


K = TypeVar("K")


def deal_quota(sizes: dict[K, int], n: int) -> dict[K, int]:
    """How many of ``n`` rows to draw from each stratum of ``sizes`` rows: dealt out one round
    at a time, as evenly as the strata allow (a small stratum gives all it has and drops out).

    Examples
    --------
    >>> deal_quota({"TASS": 10, "RT": 2, "BBC": 10}, 9)
    {'TASS': 4, 'RT': 2, 'BBC': 3}
    """
    quota = dict.fromkeys(sizes, 0)
    left = min(n, sum(sizes.values()))
    while left > 0:  # one round at a time; small strata drop out
        open_strata = [key for key in sizes if quota[key] < sizes[key]]
        share = max(1, left // len(open_strata))
        for key in open_strata:
            take = min(share, sizes[key] - quota[key], left)
            quota[key] += take
            left -= take
            if left == 0:
                break
    return quota
