"""Tests of toolkit.plot.trends: plot_trend (count_terms() tables with periods). Each test checks
what is drawn, not only that drawing does not fail."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle
from plot_tables import (
    SOURCES,
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    group_lines,
    many_outlets,
    outlets,
    render,
    seen,
    terms_table,
    trend_table,
    unnamed,
)

import toolkit
import toolkit.plot
from toolkit.errors import ToolkitError
from toolkit.frequency import smooth_rates
from toolkit.plot import plot_trend


def test_trend_draws_lines_bands_and_volume_strip(tmp_path: Path) -> None:
    table = trend_table()
    n_periods = table["period"].nunique()
    ax = plot_trend(table, low_n="hollow")
    assert len(ax.lines) == len(SOURCES)
    assert all(np.size(line.get_xdata()) == n_periods for line in ax.lines)
    markers = {line.get_marker() for line in ax.lines}
    assert len(markers) == len(SOURCES)  # redundant encoding: one marker per group
    assert [line.get_label() for line in ax.lines] == SOURCES
    # One shaded 95% band per group; hollow markers on the low_n points.
    bands = [c for c in ax.collections if not isinstance(c, PathCollection)]
    assert len(bands) == len(SOURCES)
    hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(np.shape(c.get_offsets())[0] for c in hollow) == int(table["low_n"].sum())
    assert ax.get_ylabel() == "hits per 10,000 tokens"
    assert "'unity'" in ax.get_title() and "95% CI" in ax.get_title()
    # The volume strip is the first child Axes: one bar per group and period, height n_docs.
    strip = ax.child_axes[0]
    assert strip.get_ylabel() == "articles per period"
    assert "period start" in strip.get_xlabel()
    assert len(strip.patches) == len(SOURCES) * n_periods
    heights = sorted(p.get_height() for p in strip.patches if isinstance(p, Rectangle))
    assert heights == sorted(table["n_docs"].astype(float).tolist())
    assert sum(bool(p.get_hatch()) for p in strip.patches) == int(table["low_n"].sum())
    legend = ax.get_legend()
    assert legend is not None
    assert any("thin coverage (low_n)" in t.get_text() for t in legend.get_texts())
    render(ax, tmp_path, "trend")


def test_trend_needs_term_when_several() -> None:
    table = trend_table(terms=["unity", "war"])
    with pytest.raises(ToolkitError, match=r"has 2 terms: unity, war\. Pass term="):
        plot_trend(table)
    ax = plot_trend(table, term="war")
    assert len(ax.lines) == len(SOURCES)
    assert "'war'" in ax.get_title()


def test_trend_requires_period() -> None:
    with pytest.raises(ToolkitError, match=r"'period' column.*plot_frequency"):
        plot_trend(terms_table())


def test_trend_smoothing_pools_counts() -> None:
    corpus = many_outlets()
    trend = toolkit.count_terms(corpus, {"unity": ["unity"]}, by="source", period="M")
    one = trend[trend["source"] == "Outlet 0"].sort_values("period")
    one = one.assign(n_tokens=one["n_tokens"] // 3)  # thin months: pooled, three are enough
    ax = plot_trend(one, smooth=3)
    y = np.asarray(ax.lines[0].get_ydata(), float)
    hits, tokens = one["hits"].to_numpy(float), one["n_tokens"].to_numpy(float)
    expected = [hits[max(0, i - 2) : i + 1].sum() * 10_000 / tokens[max(0, i - 2) : i + 1].sum()
                for i in range(len(one))]  # fmt: skip
    assert np.isnan(y[:2]).all()  # the first windows are too thin: gaps
    np.testing.assert_allclose(y[2:], expected[2:])
    with pytest.raises(ToolkitError, match="low_n must be"):
        plot_trend(one, low_n="spike")  # type: ignore[arg-type]


def test_many_groups_become_small_multiples_on_one_scale() -> None:
    corpus = many_outlets()
    trend = toolkit.count_terms(corpus, {"unity": ["unity"]}, by="source", period="M")
    ax = plot_trend(trend)
    panels = ax.figure.axes
    assert len(panels) == 13
    assert len({p.get_ylim() for p in panels}) == 1  # one scale for all
    largest = max(float(np.nanmax(np.asarray(line.get_ydata(), float)))
                  for p in panels for line in p.lines)  # fmt: skip
    assert panels[0].get_ylim()[1] <= 1.5 * largest
    for p in panels:
        line = p.lines[0]
        style = toolkit.plot.group_style(line.get_label())
        assert matplotlib.colors.same_color(line.get_color(), style.color)
    assert len(plot_trend(trend, top=3).lines) == 3


def test_trend_smoothing_passes_the_thresholds_of_low_n_on() -> None:
    corpus = many_outlets()
    trend = toolkit.count_terms(corpus, {"unity": ["unity"]}, by="source", period="M")
    one = trend[trend["source"] == "Outlet 0"].sort_values("period")
    one = one.assign(n_tokens=one["n_tokens"] // 3)
    # by default the first two windows are too thin (test above); at 8,000 tokens only the first
    ax = plot_trend(one, smooth=3, min_tokens=8_000)
    pooled = smooth_rates(one, window=3, min_tokens=8_000).sort_values("period")
    y = np.asarray(ax.lines[0].get_ydata(), float)
    assert pooled["low_n"].tolist()[:3] == [True, False, False]
    np.testing.assert_array_equal(np.isnan(y), pooled["low_n"].to_numpy())
    loose = plot_trend(one, smooth=3, min_tokens=1, min_docs=1)
    assert np.isfinite(np.asarray(loose.lines[0].get_ydata(), float)).all()


@pytest.mark.parametrize("n", [9, 13, 25])
def test_no_panel_holds_more_than_eight_lines(n: int) -> None:
    groups = outlets(n)
    table = trend_table(groups)
    for facet in (None, True, False):
        fig = plot_trend(table, facet=facet).figure
        drawn = [group_lines(ax) for ax in fig.axes]  # type: ignore[union-attr]
        assert all(len(lines) <= 8 for lines in drawn), (facet, [len(d) for d in drawn])
        assert set().union(*drawn) == set(groups)  # every group, once
        assert sum(len(lines) for lines in drawn) == n
        assert not unnamed(fig, groups)  # type: ignore[arg-type]
    shared = plot_trend(table, facet=False).figure.axes  # type: ignore[union-attr]
    assert len(shared) == -(-n // 8)  # as few panels as hold them, shared out evenly
    assert max(len(group_lines(a)) for a in shared) - min(len(group_lines(a)) for a in shared) <= 1
    assert all(a.child_axes for a in shared)  # each with its volume strip


def test_trend_names_the_groups_that_top_leaves_out() -> None:
    groups = outlets(13)
    table = trend_table(groups)  # later outlets publish more: the last three are the largest
    ax = plot_trend(table, top=3)
    assert group_lines(ax) == set(groups[-3:])
    strip = ax.child_axes[0]
    note = " ".join(strip.get_xlabel().split())
    assert note.startswith("period start (UTC) top=3: the 3 largest of 13 groups by n_tokens")
    assert note.endswith("not shown: " + ", ".join(groups[:-3]))
    ax.figure.canvas.draw()  # type: ignore[union-attr]
    assert seen(strip.xaxis.label)
    assert "not shown" not in " ".join(t.get_text() for t in plot_trend(table).figure.texts)  # type: ignore[union-attr]


def test_trend_by_terms_without_groups_draws_one_line_per_term() -> None:
    table = trend_table(["TASS"], terms=["unity", "war"]).drop(columns="source")
    ax = plot_trend(table)
    assert group_lines(ax) == {"unity", "war"}
    assert ax.get_title().startswith("2 terms over time")
    with pytest.raises(ToolkitError, match="low_n must be"):
        plot_trend(terms_table().assign(period=pd.Timestamp("2023-01-01", tz="UTC")), low_n="x")  # type: ignore[arg-type]
