"""Tests of toolkit.plot.events: plot_event (event_trend() results and count_terms() tables by
period). Each test checks what is drawn, not only that drawing does not fail."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    group_lines,
    many_outlets,
    outlets,
    render,
    unnamed,
)

import toolkit
from toolkit.errors import ToolkitError
from toolkit.events import event_trend
from toolkit.plot import FACET_ABOVE, plot_event

WAR = {"war": ["war", "wars"]}


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return func(*args, **kwargs)


@pytest.fixture(scope="module")
def sotu_war():
    return quiet(event_trend, toolkit.load_sotu(), WAR, event="1945-01-01", period="10Y")


def event_lines(ax):
    return [line for line in ax.lines if line.get_label() == "_event"]


def test_an_event_trend_draws_points_fits_counterfactual_and_the_event(sotu_war, tmp_path):
    ax = plot_event(sotu_war, label="1945: the war ends")
    periods = sotu_war.periods
    # the observed rates: a marker per period, not joined by a line; the period that straddles
    # the event (the 1940s) hollow, left out of the fit
    (points,) = [line for line in ax.lines if line.get_label() == "all"]
    assert points.get_linestyle() == "None"
    straddling = (periods["segment"] == "transition").to_numpy()
    assert straddling.sum() == 1
    expected = np.where(straddling, np.nan, periods["per_10k"])
    assert np.allclose(np.asarray(points.get_ydata(), float), expected, equal_nan=True)
    (hollow,) = [line for line in ax.lines if line.get_label() == "_hollow"]
    assert hollow.get_markerfacecolor() == "white"
    assert np.allclose(np.asarray(hollow.get_ydata(), float), periods["per_10k"][straddling])
    # the fitted segments: before and after, each the fitted rates of its periods
    fitted = [line for line in ax.lines if line.get_label() == "_fitted"]
    assert len(fitted) == 2
    before, after = (np.asarray(line.get_ydata(), float) for line in fitted)
    expected = periods.loc[periods["segment"] == "before", "fitted_per_10k"].dropna()
    assert np.allclose(before, expected)
    assert np.allclose(after, periods.loc[periods["segment"] == "after", "fitted_per_10k"])
    # the earlier trend carried on, dashed, after the event only
    (counter,) = [line for line in ax.lines if line.get_label() == "_counterfactual"]
    assert counter.get_linestyle() == "--"
    assert np.allclose(np.asarray(counter.get_ydata(), float),
                       periods["counterfactual_per_10k"].dropna())  # fmt: skip
    # the event: a vertical line at its date, labelled
    (line,) = event_lines(ax)
    x = line.get_xdata()[0]
    x = mdates.date2num(x) if not isinstance(x, float) else x
    assert x == pytest.approx(mdates.date2num(pd.Timestamp("1945-01-01")))
    assert [t.get_text() for t in ax.texts] == ["1945: the war ends"]
    assert ax.get_ylabel() == "hits per 10,000 tokens"
    assert "'war' before and after 1945: the war ends" in ax.get_title()
    assert "Poisson" in ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "observed rate" and "event" in labels
    assert any("earlier trend" in label for label in labels)
    assert any("too little text" in label for label in labels)
    render(ax, tmp_path, "event")


def test_a_count_terms_table_needs_the_event(tmp_path):
    table = quiet(toolkit.count_terms, toolkit.load_sotu(), WAR, by="source", period="10Y")
    with pytest.raises(ToolkitError, match="pass event="):
        plot_event(table)
    ax = plot_event(table, event="1945-01-01")
    assert group_lines(ax) == set(table["source"].astype(str))
    assert not [line for line in ax.lines if line.get_label() == "_fitted"]
    assert [t.get_text() for t in ax.texts] == ["1945-01-01"]
    assert len(event_lines(ax)) == 1
    render(ax, tmp_path, "table")


def test_the_periods_table_carries_its_event(sotu_war):
    ax = plot_event(sotu_war.periods)
    assert [t.get_text() for t in ax.texts] == ["1945-01-01"]
    assert len([line for line in ax.lines if line.get_label() == "_fitted"]) == 2


def test_several_terms_need_a_term_when_there_are_groups():
    trend = quiet(event_trend, toolkit.load_sotu(), {"war": ["war"], "peace": ["peace"]},
                  event="1945-01-01", by="source", period="10Y")  # fmt: skip
    with pytest.raises(ToolkitError, match="term="):
        plot_event(trend)
    ax = plot_event(trend, term="peace")
    assert "'peace' by source" in ax.get_title()
    with pytest.raises(ToolkitError, match="'truce' is not in the table"):
        plot_event(trend, term="truce")
    alone = quiet(event_trend, toolkit.load_sotu(), {"war": ["war"], "peace": ["peace"]},
                  event="1945-01-01", period="10Y")  # fmt: skip
    assert group_lines(plot_event(alone)) == {"war", "peace"}


@pytest.mark.parametrize("n", [13, 25])
def test_many_outlets_get_a_panel_each_and_are_all_named(n, tmp_path):
    corpus = many_outlets()
    if n > 13:  # 12 more outlets, copies of the first ones under new names (synthetic)
        extra = corpus[corpus["source"].isin([f"Outlet {i}" for i in range(12)])]
        extra = extra.assign(source=extra["source"].str.replace("Outlet", "Copy"))
        corpus = toolkit.read_corpus(pd.concat([corpus, extra]).drop(columns="doc_id"))
    trend = quiet(event_trend, corpus, {"unity": ["unity"]}, event="2022-02-24", by="source")
    groups = sorted(trend.effects["source"].astype(str).unique())
    assert len(groups) == n > FACET_ABOVE
    ax = plot_event(trend)
    fig = ax.figure
    panels = [a for a in fig.axes if a.get_title()]
    assert len(panels) == n
    assert all(len(event_lines(a)) == 1 for a in panels)
    assert unnamed(fig, groups) == []
    # one scale for all panels, which Outlet 12's one-article months (11 tokens each) do not set
    assert len({a.get_ylim() for a in panels}) == 1
    assert panels[0].get_ylim()[1] < 100
    render(ax, tmp_path, f"many-{n}")


def test_a_given_axes_is_drawn_on(sotu_war):
    import matplotlib.pyplot as plt

    _, given = plt.subplots()
    assert plot_event(sotu_war, ax=given) is given


def test_names_with_dollars_are_shown_as_written(sotu_war):
    periods = sotu_war.periods.assign(source="US$ News $1")
    ax = plot_event(periods, label="a $5 event$")
    assert [t.get_text() for t in ax.texts] == ["a $5 event$"]
    assert not ax.texts[0].get_parse_math()
    assert "US$ News $1" in {t.get_text() for t in ax.get_legend().get_texts()}


def test_tables_without_rows_or_columns_are_errors(sotu_war):
    with pytest.raises(ToolkitError, match="no rows"):
        plot_event(sotu_war.periods.iloc[:0])
    with pytest.raises(ToolkitError, match="lacks"):
        plot_event(pd.DataFrame({"period": [], "x": []}).assign(y=1).iloc[:0].pipe(
            lambda t: t.reindex([0])), event="2020-01-01")  # fmt: skip
    with pytest.raises(ToolkitError, match="not a date"):
        plot_event(sotu_war, event="someday")


def test_outlet_names_in_facets(tmp_path: Path) -> None:
    """Names that are not valid identifiers still title their panels (13 synthetic outlets)."""
    names = outlets(13)
    rows = []
    for i, name in enumerate(names):
        for m, month in enumerate(pd.date_range("2022-01-01", periods=8, freq="MS", tz="UTC")):
            rows.append({"source": name, "term": "unity", "period": month,
                         "per_10k": 1.0 + i + (m >= 4), "n_docs": 5})  # fmt: skip
    table = pd.DataFrame(rows)
    ax = plot_event(table, event="2022-05-01")
    assert unnamed(ax.figure, names) == []
    render(ax, tmp_path, "outlets")
