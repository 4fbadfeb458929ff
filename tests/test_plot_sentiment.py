"""Tests of toolkit.plot.sentiment: plot_sentiment and plot_sentiment_trend. Each test checks what
is drawn, not only that drawing does not fail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    group_lines,
    many_scores,
    many_summaries,
    outlets,
    render,
    scores_table,
    unnamed,
)

from toolkit.errors import ToolkitError
from toolkit.plot import plot_sentiment, plot_sentiment_trend

# ---------------------------------------------------------------------------- plot_sentiment


def test_sentiment_boxes_per_group(tmp_path: Path) -> None:
    scores = scores_table()
    ax = plot_sentiment(scores)
    boxes = [p for p in ax.patches if not isinstance(p, Rectangle)]  # boxplot boxes: PathPatch
    assert len(boxes) == scores["source"].nunique()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "BBC (n=3)",
        "RT (n=2)",
        "TASS (n=5)",
    ]
    assert ax.get_ylabel() == "VADER compound score (-1 to 1)"
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and np.ravel(dashed[0].get_ydata()).tolist() == [0, 0]
    render(ax, tmp_path, "sentiment")


def test_sentiment_uses_polarity_when_no_compound() -> None:
    ax = plot_sentiment(scores_table("polarity"))
    assert ax.get_ylabel() == "TextBlob polarity (-1 to 1)"
    with pytest.raises(ToolkitError, match=r"neither a 'compound'.*nor a 'polarity'"):
        plot_sentiment(scores_table("score"))


def test_sentiment_boxes_are_per_family_and_the_title_names_them() -> None:
    scores = pd.DataFrame({  # synthetic
        "source": ["TASS", "TASS", "TASS", "BBC", "BBC"],
        "term": ["sanctions", "unity", "unity", "sanctions", "unity"],
        "compound": [-0.5, 0.4, 0.6, -0.2, 0.1],
    })  # fmt: skip
    ax = plot_sentiment(scores)
    assert len(ax.patches) == 4  # 2 sources x 2 families, never pooled
    legend = ax.get_legend()
    assert legend is not None and {t.get_text() for t in legend.get_texts()} == {
        "sanctions",
        "unity",
    }
    assert "mentioning sanctions, unity" in " ".join(ax.get_title().split())
    one = plot_sentiment(scores, term="unity")
    assert len(one.patches) == 2 and "mentioning unity" in " ".join(one.get_title().split())
    with pytest.raises(ToolkitError, match="term='peace'"):
        plot_sentiment(scores, term="peace")


#: Thirteen outlet names of the lengths real ones have.
OUTLETS = ["TASS", "RIA Novosti", "BelTA", "BBC News", "Reuters", "Deutsche Welle Russian Service",
           "Meduza", "Novaya Gazeta Europe", "RT", "Interfax", "Kommersant", "The Guardian",
           "Al Jazeera English"]  # fmt: skip


def _overlapping(labels: list) -> list[tuple[str, str]]:
    """Pairs of tick labels whose drawn boxes overlap."""
    boxes = [
        (t.get_text(), t.get_window_extent()) for t in labels if t.get_visible() and t.get_text()
    ]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :]
            if box_a.overlaps(box_b)]  # fmt: skip


@pytest.mark.parametrize("families", [False, True])
def test_sentiment_of_thirteen_outlets_has_labels_that_do_not_overlap(families: bool) -> None:
    scores = many_scores(OUTLETS)
    ax = plot_sentiment(scores, term=None if families else "unity")
    fig = ax.figure
    fig.canvas.draw()  # type: ignore[union-attr]
    assert not unnamed(fig, OUTLETS)  # type: ignore[arg-type]
    for panel in fig.axes:  # type: ignore[union-attr]
        for labels in (panel.get_xticklabels(), panel.get_yticklabels()):
            assert not _overlapping(labels), _overlapping(labels)
    rows = [t.get_text() for t in ax.get_yticklabels()]  # past eight groups: one row a group
    unity = (
        scores[scores["term"] == "unity"] if not families else scores[scores["term"] == "sanctions"]
    )
    n = unity.groupby("source").size()  # (with families, the first panel is "sanctions")
    assert rows == [f"{o} (n={n[o]})" for o in sorted(OUTLETS, key=str.lower)]
    assert len(fig.axes) == (2 if families else 1)  # type: ignore[union-attr]


def test_sentiment_names_every_group_without_scores() -> None:
    groups = outlets(25)
    scores = many_scores(groups)
    scores.loc[scores["source"].isin(groups[5:]), "compound"] = np.nan  # (another language)
    ax = plot_sentiment(scores, term="unity")
    note = " ".join(ax.get_xlabel().split())
    assert note.endswith(
        "not shown, no compound score (another language?): " + ", ".join(groups[5:])
    )


# ---------------------------------------------------------------------------- plot_sentiment_trend


def test_sentiment_trend_says_which_groups_it_cannot_draw() -> None:
    summary = pd.DataFrame(  # synthetic
        {
            "period": pd.to_datetime(["1990-01-01", "2000-01-01"] * 2, utc=True),
            "source": ["A", "A", "B", "B"],
            "n": [40, 12, 3, 2],
            "mean": [0.2, 0.1, -0.3, -0.1],
            "mean_low": [0.1, 0.0, -0.4, -0.5],
            "mean_high": [0.3, 0.2, -0.2, 0.3],
        }
    )
    ax = plot_sentiment_trend(summary)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A"]
    assert "1 of 2 groups have no period with n >= 10" in ax.get_xlabel()


@pytest.mark.parametrize("n", [13, 25])
def test_sentiment_trend_of_many_groups_has_a_panel_each_on_one_scale(n: int) -> None:
    groups = outlets(n)
    summary = many_summaries(groups)
    ax = plot_sentiment_trend(summary, min_n=5)
    panels = ax.figure.axes  # type: ignore[union-attr]
    assert len(panels) == n
    assert all(len(group_lines(p)) == 1 for p in panels)
    assert [next(iter(group_lines(p))) for p in panels] == groups
    assert len({p.get_ylim() for p in panels}) == 1 and len({p.get_xlim() for p in panels}) == 1
    assert "no period with" in " ".join(t.get_text() for t in panels[-1].texts)  # too few units
    assert not unnamed(ax.figure, groups)  # type: ignore[arg-type]
    assert ax.figure.get_suptitle().startswith("Mean tone over time by source")  # type: ignore[union-attr]
