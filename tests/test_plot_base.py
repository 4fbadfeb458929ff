"""Tests of toolkit.plot._base: group styles for any number of groups, panels, the rules of
every public chart function."""

from __future__ import annotations

import threading
import time

import matplotlib
import matplotlib.container
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    many_outlets,
    terms_table,
    trend_table,
)

import toolkit
import toolkit.plot
from toolkit.plot import (
    OKABE_ITO,
    PALETTE,
    STYLE_COMBINATIONS,
    Style,
    group_style,
    plot_frequency,
    plot_trend,
    reset_group_styles,
    set_group_styles,
)
from toolkit.plot._base import _panels

# ---------------------------------------------------------------------------- group styles


def test_thirteen_outlets_keep_distinct_and_stable_styles() -> None:
    reset_group_styles()
    corpus = many_outlets()
    counts = toolkit.count_terms(corpus, {"unity": ["unity"]}, by="source")
    ax = plot_frequency(counts, facet=False)
    bar_groups = [c for c in ax.containers if isinstance(c, matplotlib.container.BarContainer)]
    assert len(bar_groups) == 13
    for bars in bar_groups:  # one container of bars a group
        colour = bars.patches[0].get_facecolor()
        assert matplotlib.colors.same_color(
            colour, toolkit.plot.group_style(bars.get_label()).color
        )
    styles = {name: toolkit.plot.group_style(name) for name in counts["source"]}
    assert len({(s.color, s.marker) for s in styles.values()}) == 13
    assert len({s.color for s in styles.values()}) == 13
    trend = toolkit.count_terms(corpus, {"unity": ["unity"]}, by="source", period="M")
    subset = trend[trend["source"].isin(["Outlet 3", "Outlet 9", "Outlet 12"])]
    ax = plot_trend(subset)
    for line in ax.lines:
        style = toolkit.plot.group_style(line.get_label())
        assert matplotlib.colors.same_color(line.get_color(), style.color)
        assert line.get_marker() == style.marker
    plotted = np.concatenate([np.asarray(line.get_ydata(), float) for line in ax.lines])
    largest = float(np.nanmax(plotted))
    assert ax.get_ylim()[1] <= 1.5 * largest
    sparse = subset[(subset["source"] == "Outlet 12")]
    assert sparse["per_10k_high"].max() > 3 * largest  # the band that would have set the scale


def test_two_thousand_groups_are_styled_at_once() -> None:
    reset_group_styles()
    names = [f"outlet {i}" for i in range(2_000)]
    styles: list[Style] = []
    # (the registry used to loop forever at the 129th group: a thread keeps the test finite)
    worker = threading.Thread(target=lambda: styles.extend(map(group_style, names)), daemon=True)
    started = time.perf_counter()
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "styling 2,000 groups did not finish"
    assert time.perf_counter() - started < 2.0
    assert len(styles) == 2_000
    assert len({s.color for s in styles[:8]}) == 8
    assert [s.color for s in styles[:8]] == list(OKABE_ITO)
    assert STYLE_COMBINATIONS == len(PALETTE) * 8 == 128
    pairs = [(s.color, s.marker) for s in styles]
    assert len(set(pairs[:STYLE_COMBINATIONS])) == STYLE_COMBINATIONS
    # past the combinations the styles repeat in the same order
    assert styles[STYLE_COMBINATIONS:] == [styles[i % STYLE_COMBINATIONS]
                                           for i in range(STYLE_COMBINATIONS, 2_000)]  # fmt: skip
    # a group keeps its style, and the sequence is the same in every session
    assert [group_style(n) for n in names] == styles
    reset_group_styles()
    assert [group_style(n) for n in reversed(names)][:3] == styles[:3]


def test_sixteen_colours_with_a_second_channel() -> None:
    reset_group_styles()
    styles = [group_style(f"g{i}") for i in range(40)]
    assert len({s.color for s in styles[:16]}) == 16  # the Okabe-Ito colours, then Tol's
    assert {s.linestyle for s in styles[:8]} == {"-"} and {s.linestyle for s in styles[8:16]} == {
        "--"
    }
    for i in range(16, 40):  # a colour again: with another marker than before
        earlier = [s for s in styles[:i] if s.color == styles[i].color]
        assert earlier and all(s.marker != styles[i].marker for s in earlier)


def test_styles_set_by_hand_are_kept_and_not_given_again() -> None:
    pinned = Style("#56B4E9", "P", "-")  # the sixth style of the sequence
    set_group_styles({"TASS": "#0072B2", "BelTA": pinned})
    assert group_style("TASS") == Style("#0072B2", "o", "-")
    assert group_style("BelTA") == pinned
    others = [group_style(f"outlet {i}") for i in range(300)]  # past a round: no endless loop
    assert pinned not in others[: STYLE_COMBINATIONS - 3]  # (skipped in the first round)
    assert len(set(others[: STYLE_COMBINATIONS - 3])) == STYLE_COMBINATIONS - 3
    set_group_styles(["BBC", "RT"])
    assert group_style("RT").color == OKABE_ITO[1] and group_style("TASS").color == OKABE_ITO[2]


# ---------------------------------------------------------------------------- panels


def test_panels_in_a_new_figure_or_in_the_place_of_an_axes() -> None:
    new = _panels(5, cols=3, panel=(2.0, 1.5))
    assert new.own and len(new.axes) == 5 and len(new.fig.axes) == 5
    assert tuple(new.fig.get_size_inches()) == pytest.approx((6.0, 3.0))
    fig, (left, right) = plt.subplots(1, 2)
    within = _panels(4, cols=2, panel=(2.0, 1.5), within=left)
    assert not within.own and within.axes[0] is left and within.fig is fig
    assert len(fig.axes) == 5 and right in fig.axes
    _alone, ax = plt.subplots()
    assert _panels(2, cols=2, panel=(2.0, 1.5), within=ax).own


def test_a_chart_drawn_into_given_axes_leaves_the_rest_of_the_figure_alone() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    right.set_title("$x^2$")  # the user's mathtext, not the chart's
    plot_frequency(terms_table(["US$5 and US$6", "B"]), ax=left)
    assert right.title.get_parse_math()
    assert not left.get_legend().get_texts()[0].get_parse_math()
    fig.canvas.draw()
    assert left.get_legend().get_texts()[0].get_text() == "B"


def test_charts_past_eight_groups_in_a_given_place_escape_dollars_in_every_panel() -> None:
    groups = [f"US${i} fund" for i in range(10)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6))
    plot_trend(trend_table(groups), ax=left)
    fig.canvas.draw()
    titles = [a.get_title() for a in fig.axes if a is not right]
    assert len(titles) == 10 and all("US$" in t for t in titles)
    assert not any(a.title.get_parse_math() for a in fig.axes if a is not right)


def test_empty_tables_are_refused() -> None:
    with pytest.raises(toolkit.ToolkitError, match="no rows"):
        plot_frequency(pd.DataFrame(columns=terms_table().columns))
