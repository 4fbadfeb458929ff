"""Periods of publication: day to decade, undated articles, complete ranges and coarsening.

A period is named by a code (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``, ``"10Y"``) and stands
for the UTC start of the period a timestamp falls in: ``2023-05-18 10:00`` is in the month
``2023-05-01``, the decade ``2020-01-01``. Articles without a date have no period: analyses by
period leave them out and say how many (a :class:`~toolkit.errors.CorpusWarning`), never silently.
"""

from __future__ import annotations

from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from toolkit.errors import CorpusError, ToolkitError
from toolkit.util import warn_user

__all__ = [
    "PERIODS",
    "PERIOD_DAYS",
    "Period",
    "check_period",
    "check_published",
    "coarsen_period",
    "complete_periods",
    "dated_periods",
    "period_range",
    "period_start",
    "report_undated",
    "shared_span",
    "warn_if_disjoint",
    "with_periods",
]

Period = Literal["D", "W", "M", "Q", "Y", "10Y"]
#: Every period code and what it means, finest first.
PERIODS: dict[str, str] = {
    "D": "day",
    "W": "week (Monday to Sunday)",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "10Y": "decade",
}
#: The mean length of each period in days (used to estimate how many periods a span covers).
PERIOD_DAYS: dict[str, float] = {
    "D": 1.0,
    "W": 7.0,
    "M": 30.44,
    "Q": 91.31,
    "Y": 365.25,
    "10Y": 3652.5,
}


def check_period(period: object) -> str:
    """Return ``period`` if it is a period code, else raise a ToolkitError listing the codes.

    Examples
    --------
    >>> check_period("M")
    'M'
    >>> check_period("month")
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: period must be one of ['D', 'W', 'M', 'Q', 'Y', '10Y'] (day, \
week (Monday to Sunday), month, quarter, year, decade); got 'month'.
    """
    if period not in PERIODS:
        raise ToolkitError(
            f"period must be one of {list(PERIODS)} ({', '.join(PERIODS.values())}); "
            f"got {period!r}."
        )
    return str(period)


def check_published(frame: pd.DataFrame, column: str = "published") -> None:
    """A CorpusError unless ``frame[column]`` holds dates (datetime64) or nothing: text such as
    ``"2023-01-05"`` in a frame not read with :func:`toolkit.read_corpus` would be compared as
    text (``"10/01/2023" < "9/01/2023"``) or fail deep inside pandas. Every analysis that reads
    the dates checks them here. A frame without the column passes.

    Examples
    --------
    >>> check_published(pd.DataFrame({"published": ["2023-01-05"]}))
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusError: The 'published' column holds text (str, e.g. '2023-01-05'), not ...
    """
    if column not in frame.columns:
        return
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values) or not values.notna().any():
        return
    example = values[values.notna()].iloc[0]
    kinds = sorted({type(v).__name__ for v in values[values.notna()].head(1000)})
    what = "text" if kinds == ["str"] else "values that are not dates"
    raise CorpusError(
        f"The {column!r} column holds {what} ({', '.join(kinds)}, e.g. {example!r}), not dates "
        "(datetime64), so publication times cannot be compared or put into periods. Read the "
        "frame with toolkit.read_corpus(frame), which parses the dates (into UTC) and says "
        "which it cannot read; or convert the column yourself, e.g. "
        f"frame.assign({column}=pd.to_datetime(frame[{column!r}], utc=True))."
    )


def period_start(published: pd.Series, period: str) -> pd.Series:
    """The start (UTC) of the period each timestamp falls in (NaT where there is no date).

    Examples
    --------
    >>> ts = pd.Series(pd.to_datetime(["2023-05-18 10:00", "1794-07-04 00:00"], utc=True))
    >>> period_start(ts, "M").dt.strftime("%Y-%m-%d").tolist()
    ['2023-05-01', '1794-07-01']
    >>> period_start(ts, "10Y").dt.year.tolist()
    [2020, 1790]
    """
    check_period(period)
    if not isinstance(published.dtype, pd.DatetimeTZDtype):
        published = pd.to_datetime(published, utc=True, errors="coerce")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    if period == "10Y":
        years = (naive.dt.year // 10 * 10).astype("Int64")
        start = pd.to_datetime(years.astype("string") + "-01-01", errors="coerce")
    else:
        start = naive.dt.to_period(period).dt.start_time
    return start.dt.tz_localize("UTC").dt.as_unit("us")


def period_range(first: pd.Timestamp, last: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    """Every period start from ``first``'s period to ``last``'s (both period starts, UTC).

    Examples
    --------
    >>> first, last = pd.Timestamp("2023-01-01", tz="UTC"), pd.Timestamp("2023-03-01", tz="UTC")
    >>> period_range(first, last, "M").strftime("%Y-%m").tolist()
    ['2023-01', '2023-02', '2023-03']
    """
    check_period(period)
    if period == "10Y":
        years = range(first.year, last.year + 1, 10)
        return pd.DatetimeIndex([pd.Timestamp(year=y, month=1, day=1, tz="UTC") for y in years])
    naive = pd.period_range(first.tz_localize(None), last.tz_localize(None), freq=period)
    return naive.start_time.tz_localize("UTC")


def with_periods(
    frame: pd.DataFrame, period: str, *, what: str = "articles", column: str = "published"
) -> pd.DataFrame:
    """``frame``'s dated rows with a ``period`` column (period start, UTC); undated rows reported.

    Rows without a date are left out with a :class:`~toolkit.errors.CorpusWarning` that says how
    many; a :class:`~toolkit.errors.CorpusError` is raised when no row has a date.

    Examples
    --------
    >>> frame = pd.DataFrame({"published": pd.to_datetime(["2023-05-18"], utc=True)})
    >>> with_periods(frame, "Y")["period"].dt.year.tolist()
    [2023]
    """
    dated, n_undated = dated_periods(frame, period, column=column)
    report_undated(n_undated, len(frame), what=what)
    return dated


def dated_periods(
    frame: pd.DataFrame, period: str, *, column: str = "published"
) -> tuple[pd.DataFrame, int]:
    """:func:`with_periods` without the report: ``frame``'s dated rows with a ``period`` column,
    and how many rows had no date (for an executor that reports a whole corpus's count once)."""
    check_period(period)
    if column not in frame.columns:
        raise CorpusError(
            f"period= needs a {column!r} column, which this table lacks (columns: "
            f"{list(frame.columns)}). Make the corpus with read_corpus(), or leave period out."
        )
    check_published(frame, column)
    starts = period_start(frame[column], period)
    undated = starts.isna().to_numpy()
    dated = frame.assign(period=starts.to_numpy())
    n_undated = int(undated.sum())
    return (dated[~undated] if n_undated else dated), n_undated


def report_undated(n_undated: int, n_rows: int, *, what: str = "articles") -> None:
    """Warn that ``n_undated`` of ``n_rows`` rows have no date and are left out of an analysis by
    period; a CorpusError when none has one."""
    if n_undated and n_undated == n_rows:
        raise CorpusError(
            f"period= needs publication dates, but none of the {n_rows} {what} has one. "
            "Pass dates in the 'published' column (see read_corpus), or leave period out."
        )
    if n_undated:
        warn_user(
            f"{n_undated} of {n_rows} {what} have no publication date and are left out of this "
            "analysis by period."
        )


#: The most periods one group may span, and the most rows a table that lists every period of
#: each group may have (see :func:`complete_periods`): a placeholder date such as 0001-01-01
#: would otherwise make a table of millions of empty days. (Every day of 270 years is 100,000.)
MAX_PERIODS = 100_000
MAX_TABLE_ROWS = 5_000_000


def complete_periods(
    keys: pd.DataFrame,
    values: np.ndarray,
    by_cols: list[str],
    period: str,
    *,
    rows_per_period: int = 1,
) -> tuple[pd.DataFrame, np.ndarray]:
    """List every period from each group's first to its last: ``keys`` (the ``by_cols`` and
    ``period`` columns, sorted by them) with the periods a group lacks added in order, and
    ``values`` (a row per key) with a row of zeros for each.

    Raises a CorpusError that names the dates when a group spans more than :data:`MAX_PERIODS`
    periods, or the listing, at ``rows_per_period`` rows of the final table per period, would
    pass :data:`MAX_TABLE_ROWS`.

    Examples
    --------
    >>> months = pd.to_datetime(["2023-01-01", "2023-03-01"], utc=True)
    >>> keys, values = complete_periods(pd.DataFrame({"period": months}), np.array([2, 5]), [], "M")
    >>> keys["period"].dt.month.tolist(), values.tolist()
    ([1, 2, 3], [2, 0, 5])
    """
    if not len(keys):
        return keys, values
    # the groups: runs of rows (keys are sorted) with the same by values, numbered in order
    new_group = np.zeros(len(keys), dtype=bool)
    new_group[0] = True
    for col in by_cols:
        values_of = pd.factorize(keys[col], use_na_sentinel=False)[0]
        new_group[1:] |= values_of[1:] != values_of[:-1]
    codes = np.cumsum(new_group) - 1
    firsts = np.flatnonzero(new_group)
    lasts = np.append(firsts[1:], len(keys)) - 1
    periods = keys["period"]
    group_index = (
        pd.MultiIndex.from_frame(keys[by_cols].iloc[firsts]) if len(by_cols) > 1
        else pd.Index(keys[by_cols[0]].iloc[firsts]) if by_cols
        else pd.RangeIndex(1)
    )  # fmt: skip
    spans = pd.DataFrame(
        {"min": periods.iloc[firsts].to_numpy(), "max": periods.iloc[lasts].to_numpy()},
        index=group_index,
    )
    _check_listing(spans, period, rows_per_period)
    # every period start of any group, in order: one range from the first to the last (unless
    # the groups lie far apart in time: then the groups' own ranges); each group's periods are
    # a slice of it
    row_us = pd.DatetimeIndex(periods).as_unit("us").asi8
    first_us, last_us = row_us[firsts], row_us[lasts]
    day_us, days = 86_400_000_000, PERIOD_DAYS[period]
    own = float(((last_us - first_us) / day_us / days + 1).sum())
    if (last_us.max() - first_us.min()) / day_us / days + 1 <= 4 * own + 1_000:
        every = period_range(spans["min"].min(), spans["max"].max(), period)
    else:
        ranges = [period_range(a, b, period) for a, b in zip(spans["min"], spans["max"])]
        every = pd.DatetimeIndex(ranges[0].append(ranges[1:]).unique()).sort_values()
    every_us = pd.DatetimeIndex(every).as_unit("us").asi8
    lo = np.searchsorted(every_us, first_us)
    lengths = np.searchsorted(every_us, last_us, side="right") - lo
    offsets = np.cumsum(lengths) - lengths  # where each group's periods start in the listing
    full = every[np.repeat(lo - offsets, lengths) + np.arange(lengths.sum())]
    at = offsets[codes] + np.searchsorted(every_us, row_us) - lo[codes]
    completed = np.zeros((len(full), *values.shape[1:]), dtype=values.dtype)
    completed[at] = values
    listed = keys[by_cols].iloc[np.repeat(firsts, lengths)].reset_index(drop=True)
    listed["period"] = full
    return listed, completed


def _check_listing(spans: pd.DataFrame, period: str, rows_per_period: int) -> None:
    """Raise when a group (a row of ``spans``: ``min`` and ``max`` period) spans more than
    :data:`MAX_PERIODS` periods, or listing them all would make more than
    :data:`MAX_TABLE_ROWS` rows (both estimated from the mean length of a period)."""
    counts = (spans["max"] - spans["min"]).dt.days.to_numpy() / PERIOD_DAYS[period] + 1
    rows = float(counts.sum()) * rows_per_period
    if rows <= MAX_TABLE_ROWS and counts.max() <= MAX_PERIODS:
        return
    widest = int(np.argmax(counts))
    first, last = spans["min"].iloc[widest], spans["max"].iloc[widest]
    group = spans.index[widest] if not isinstance(spans.index, pd.RangeIndex) else None
    where = f" (group {group!r})" if group is not None else ""
    raise CorpusError(
        f"Listing every {PERIODS[period].split(' ')[0]} from {first.date()} to {last.date()}"
        f"{where} would make about {counts[widest]:,.0f} periods and {rows:,.0f} rows (at most "
        f"{MAX_PERIODS:,} periods and {MAX_TABLE_ROWS:,} rows). Dates so far "
        "apart are often placeholders (0001-01-01, 1970-01-01, 9999-12-31): leave out the "
        "articles outside the span you study, e.g. "
        "corpus[corpus['published'].between('2000-01-01', '2030-12-31')], or count by a "
        "coarser period."
    )


def coarsen_period(
    published: pd.Series,
    period: Period = "M",
    *,
    max_periods: int = 60,
    groups: pd.Series | None = None,
) -> Period:
    """The finest period, from ``period`` upwards, that gives a readable trend for these dates.

    A period is coarsened (``D`` -> ``W`` -> ``M`` -> ``Q`` -> ``Y`` -> ``10Y``) while the dates
    span more than ``max_periods`` periods of it, or while fewer than half of those periods have
    an article at all (a line over mostly empty periods is mostly zeros). With ``groups``, each
    group's periods are counted within its own first and last date: outlets that cover
    different months each draw a dense line, and the months between them are not "empty".

    Parameters
    ----------
    published : Series
        Publication dates (missing ones are ignored).
    period : {"D", "W", "M", "Q", "Y", "10Y"}, default "M"
        The period asked for.
    max_periods : int, default 60
        The most periods a trend should have.
    groups : Series, optional
        The group of each date (e.g. ``corpus["source"]``), aligned with ``published``.

    Returns
    -------
    str
        A period code, ``period`` itself or a coarser one.

    Raises
    ------
    ToolkitError
        ``period`` is not a period code, or no date is given.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["1990-01-15", "2005-06-01", "2020-12-31"], utc=True))
    >>> coarsen_period(dates, "M")  # 3 dated articles over 31 years: sparse months and years
    '10Y'
    >>> coarsen_period(dates[:1], "D")
    'D'
    >>> months = pd.Series(pd.date_range("2021-01-01", "2021-06-30", freq="D", tz="UTC"))
    >>> later = months + pd.DateOffset(years=3)  # a second outlet, three years on
    >>> both = pd.concat([months, later], ignore_index=True)
    >>> outlets = pd.Series(["A"] * 181 + ["B"] * 181)
    >>> coarsen_period(both, "M"), coarsen_period(both, "M", groups=outlets)
    ('10Y', 'M')
    """
    check_period(period)
    if not isinstance(published, (pd.Series, pd.Index)):
        raise ToolkitError(
            f"coarsen_period() takes the publication dates (a Series such as "
            f"corpus['published']), not a {type(published).__name__}."
        )
    dates = pd.Series(pd.to_datetime(published, utc=True, errors="coerce"))
    keys = (
        pd.Series(0, index=dates.index)
        if groups is None
        else pd.Series(groups).set_axis(dates.index)
    )
    keys, dates = keys[dates.notna()], dates.dropna()
    if dates.empty:
        raise ToolkitError("coarsen_period() needs at least one date; none is given.")
    span_days = (dates.max() - dates.min()).days
    group_days = dates.groupby(keys.to_numpy()).agg(lambda d: (d.max() - d.min()).days)
    steps = list(PERIODS)
    current: str = period
    while current != steps[-1]:
        expected = span_days / PERIOD_DAYS[current] + 1
        starts = period_start(dates, current)
        used = int(starts.groupby(keys.to_numpy()).nunique().sum())
        within = float((group_days / PERIOD_DAYS[current] + 1).sum())
        if expected <= max_periods and used >= within / 2:
            break
        current = steps[steps.index(current) + 1]
    return cast(Period, current)


def shared_span(
    frame: pd.DataFrame, by_cols: list[str]
) -> tuple[pd.Timestamp, pd.Timestamp, pd.DataFrame]:
    """The span of publication every group covers (from the latest first date of a group to the
    earliest last one; start > end when there is none), and each group's ``min`` and ``max``
    date. Undated rows are left out; a frame without dates is a ToolkitError."""
    check_published(frame)
    dated = frame[frame["published"].notna()]
    if dated.empty:
        raise ToolkitError("No article has a publication date ('published').")
    spans = dated.groupby(by_cols, dropna=False)["published"].agg(["min", "max"])
    return spans["min"].max(), spans["max"].min(), spans


def warn_if_disjoint(
    frame: pd.DataFrame,
    by_cols: list[str],
    *,
    func: str,
    min_share: float = 0.5,
    window_by: str | list[str] | None = None,
) -> None:
    """Warn when the groups of a by-group comparison were published at different times: a group
    has fewer than ``min_share`` of its dated rows in the span every group covers (with two
    groups, in the other group's span).

    Each group is looked at on its own, so a large group cannot hide a small one: a target of
    11 days compared with a reference of three years draws the warning however many articles
    the target has, because the reference lies mostly outside the target's days. Differences
    between such groups may be differences of time (the news of another month), so the
    warning names the groups and their spans, and points to :func:`toolkit.common_window`
    (``by=window_by``, by default the groups) and to comparing by period. Nothing is said
    without dates, with fewer than two groups, or when all the dates lie within 30 days.

    Examples
    --------
    >>> import warnings
    >>> frame = pd.DataFrame({  # synthetic: 40 articles in 10 days, 12 over three years
    ...     "side": ["target"] * 40 + ["reference"] * 12,
    ...     "published": pd.to_datetime(["2021-03-01"] * 40 + [f"{y}-0{m}-15" for y in
    ...                                  (2019, 2020, 2021) for m in (1, 3, 6, 9)], utc=True)
    ...     + pd.to_timedelta([i % 10 for i in range(40)] + [0] * 12, unit="D")})
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     warn_if_disjoint(frame, ["side"], func="keyness()")
    >>> print(said[0].message)  # doctest: +NORMALIZE_WHITESPACE
    keyness(): the groups were published at different times: 'reference' covers 2019-01-15 to
    2021-09-15 (12 dated rows, 0% of them in the span of 'target') and 'target' covers
    2021-03-01 to 2021-03-10 (40, 100% in the span of 'reference'). Differences between the
    groups may be differences of time: compare within toolkit.common_window(corpus,
    by='side'), or by period (period='M').
    """
    if not by_cols or "published" not in frame.columns or not frame["published"].notna().any():
        return
    start, end, spans = shared_span(frame, by_cols)
    if len(spans) < 2 or spans["max"].max() - spans["min"].min() < pd.Timedelta(days=30):
        return
    dated = frame[frame["published"].notna()]
    when = dated["published"]
    inside = (when >= start) & (when <= end) if start <= end else pd.Series(False, when.index)
    counts = inside.groupby([dated[c] for c in by_cols], dropna=False).agg(["size", "sum"])
    counts = counts.reindex(spans.index)
    shares = counts["sum"] / counts["size"]
    if not (shares < min_share).any():
        return
    day = "%Y-%m-%d"

    def span(group: Any) -> str:
        return f"{spans.loc[group, 'min']:{day}} to {spans.loc[group, 'max']:{day}}"

    def name(group: Any) -> str:  # (NumPy scalars of a group key shown as plain values)
        if isinstance(group, tuple):
            return repr(tuple(v.item() if isinstance(v, np.generic) else v for v in group))
        return repr(group.item() if isinstance(group, np.generic) else group)

    if len(spans) == 2:
        (a, b), (n_a, n_b) = spans.index, counts["size"].astype(int)
        found = (
            f"{name(a)} covers {span(a)} ({n_a:,} dated rows, {shares[a]:.0%} of them in the "
            f"span of {name(b)}) and {name(b)} covers {span(b)} ({n_b:,}, {shares[b]:.0%} in "
            f"the span of {name(a)})"
        )
    else:
        pooled = float(inside.mean())
        late, early = spans["min"].idxmax(), spans["max"].idxmin()
        window = (
            f"the span all {len(spans)} groups cover ({start:{day}} to {end:{day}}; "
            if start <= end
            else f"a span all {len(spans)} groups cover (there is none: "
        )
        apart = shares[shares < min_share].sort_values(kind="stable")
        listed = ", ".join(f"{name(g)} ({span(g)}, {shares[g]:.0%} in it)" for g in apart.index[:4])
        more = f", and {len(apart) - 4} more" if len(apart) > 4 else ""
        found = (
            f"{pooled:.0%} of the dated rows fall in {window}{name(late)} starts latest, on "
            f"{start:{day}}; {name(early)} ends earliest, on {end:{day}}), and {len(apart)} of "
            f"{len(spans)} groups have most of theirs outside it: {listed}{more}"
        )
    by = window_by if window_by is not None else (by_cols if len(by_cols) > 1 else by_cols[0])
    warn_user(
        f"{func}: the groups were published at different times: {found}. Differences between "
        f"the groups may be differences of time: compare within toolkit.common_window(corpus, "
        f"by={by!r}), or by period (period='M')."
    )
