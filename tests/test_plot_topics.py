"""Tests of toolkit.plot.topics: plot_topics (the shares table of seeded_topics())."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    group_lines,
    outlets,
    render,
    unnamed,
)

import toolkit
from toolkit.errors import ToolkitError
from toolkit.plot import plot_topics

TOPICS = ["sanctions", "peace", "other 1", "other 2"]


def shares_table(
    groups: list[str], *, periods: int = 0, topics: list[str] = TOPICS
) -> pd.DataFrame:
    """Synthetic shares table: every group (and decade), every topic; shares add up to 1."""
    rows = []
    decades = pd.date_range("1950-01-01", periods=max(periods, 1), freq="10YS", tz="UTC")
    for g, group in enumerate(groups):
        for d, decade in enumerate(decades):
            raw = np.arange(1, len(topics) + 1, dtype=float) + g % 3 + d
            share = raw / raw.sum()
            for topic, value in zip(topics, share):
                row = {"source": group, "topic": topic, "share": value,
                       "share_low": value * 0.8, "share_high": value * 1.2,
                       "runs_low": value * 0.9, "runs_high": value * 1.1,
                       "n_docs": 3 if d == 0 else 12}  # fmt: skip
                if periods:
                    row["period"] = decade
                rows.append(row)
    frame = pd.DataFrame(rows)
    if periods:
        columns = ["source", "period", *[c for c in frame.columns if c not in ("source", "period")]]
        frame = frame[columns]
    return frame


def test_a_panel_per_seeded_topic_with_every_group(tmp_path):
    table = shares_table(["Democratic", "Republican", "Whig"])
    ax = plot_topics(table)
    fig = ax.figure
    assert [a.get_title() for a in fig.axes] == ["sanctions", "peace"]  # not the unseeded
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Democratic", "Republican", "Whig"]
    assert "share of the documents' words" in ax.get_xlabel()
    assert "Not drawn: other 1, other 2." in fig.get_supxlabel()
    assert "Topic shares by source" in fig.get_suptitle()
    # a point and an interval per group: the interval spans share_low .. share_high
    first = table[(table["topic"] == "sanctions") & (table["source"] == "Democratic")].iloc[0]
    spans = [line.get_xdata() for line in ax.lines if len(line.get_xdata()) == 2]
    assert list(spans[0]) == pytest.approx([first["share_low"], first["share_high"]])
    render(ax, tmp_path, "topics")
    chosen = plot_topics(table, topics=["other 2"], title="Mine")
    assert [a.get_title() for a in chosen.figure.axes] == ["other 2"]
    assert chosen.figure.get_suptitle() == "Mine"


def test_over_time_a_line_per_group():
    table = shares_table(["Democratic", "Republican"], periods=4)
    ax = plot_topics(table, topics=["sanctions", "peace", "other 1"])
    assert len(ax.figure.axes) == 3
    assert group_lines(ax) == {"Democratic", "Republican"}
    legend = ax.figure.axes[2].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Democratic", "Republican"]
    assert "Hollow points" in ax.figure.get_supxlabel()
    assert ax.get_ylim()[0] >= 0


@pytest.mark.parametrize("n", [13, 25])
@pytest.mark.parametrize("periods", [0, 3])
def test_every_group_is_named(n, periods):
    groups = outlets(n)
    ax = plot_topics(shares_table(groups, periods=periods))
    assert unnamed(ax.figure, groups) == []


def test_in_a_given_axes_and_dollars_as_written():
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    table = shares_table(["US$ 5", "$x$"])
    ax = plot_topics(table, ax=right, cols=2)
    assert ax is right
    assert len(fig.axes) == 3  # the left one, and the two panels in the right one's place
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [r"\$x\$", r"US\$ 5"]
    assert left.get_title() == ""


def test_tables_it_refuses():
    table = shares_table(["A", "B"])
    with pytest.raises(ToolkitError, match="no rows"):
        plot_topics(table.iloc[:0])
    with pytest.raises(ToolkitError, match="seeded_topics"):
        plot_topics(table.drop(columns="share_low"))
    with pytest.raises(ToolkitError, match="not in the table"):
        plot_topics(table, topics=["war"])
    with pytest.raises(ToolkitError, match="several rows"):
        plot_topics(pd.concat([table, table]))
    with pytest.raises(ToolkitError, match="cols"):
        plot_topics(table, cols=0)


def test_the_table_seeded_topics_returns(sotu_corpus):
    shares = toolkit.seeded_topics(
        sotu_corpus.iloc[::8],
        {"war": ["war*"]},
        by="source",
        period="10Y",
        extra_topics=2,
        runs=1,
        iterations=20,
    ).shares
    ax = plot_topics(shares)
    assert [a.get_title() for a in ax.figure.axes] == ["war"]
    whole = toolkit.seeded_topics(sotu_corpus.iloc[::8], {"war": ["war*"]}, extra_topics=1,
                                  runs=1, iterations=20).shares  # fmt: skip
    single = plot_topics(whole, topics=["war", "other 1"])
    assert [t.get_text() for t in single.get_yticklabels()] == ["all"]
