"""Tests of toolkit.plot.rates: plot_frequency, plot_heatmap and annotate_terms (count_terms()
tables without periods). Each test checks what is drawn, not only that drawing does not fail."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from plot_tables import (
    SOURCES,
    TERMS,
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    many_outlets,
    naming_texts,
    outlets,
    render,
    seen,
    terms_table,
    trend_table,
)

import toolkit
from toolkit.errors import ToolkitError
from toolkit.plot import OKABE_ITO, annotate_terms, group_style, plot_frequency, plot_heatmap

# ---------------------------------------------------------------------------- plot_frequency


def test_frequency_draws_one_bar_per_group_and_term(tmp_path: Path) -> None:
    table = terms_table()
    ax = plot_frequency(table)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(SOURCES) * len(TERMS)
    # Groups are drawn in sorted order, one bar per term each: heights are the rates.
    heights = [b.get_height() for b in bars]
    expected = table.sort_values(["source"], kind="stable")["per_10k"].tolist()
    assert heights == pytest.approx(expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == TERMS
    assert ax.get_ylabel() == "hits per 10,000 tokens"
    assert "10,000 tokens" in ax.get_title() and "95% CI" in ax.get_title()
    # low_n rows are hatched, and the legend explains the hatching.
    assert sum(bool(b.get_hatch()) for b in bars) == int(table["low_n"].sum())
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[:3] == SOURCES
    assert any("low_n" in t for t in texts)
    # Colour-blind-safe colours, one per group.
    colors = {to_hex(b.get_facecolor()).upper() for b in bars}
    assert colors == {c.upper() for c in OKABE_ITO[:3]}
    render(ax, tmp_path, "frequency")


def test_frequency_doc_share_in_percent_with_terms_subset(tmp_path: Path) -> None:
    table = terms_table()
    ax = plot_frequency(table, measure="doc_share", terms=["war", "unity"])
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(SOURCES) * 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["war", "unity"]
    bbc = table[table["source"] == "BBC"].set_index("term")["doc_share"]
    assert [bars[0].get_height(), bars[1].get_height()] == pytest.approx(
        [bbc["war"] * 100, bbc["unity"] * 100]
    )
    assert ax.get_ylabel() == "share of articles (%)"
    render(ax, tmp_path, "frequency_share")


def test_frequency_rejects_period_column() -> None:
    with pytest.raises(ToolkitError, match=r"count_terms\(\) without period.*plot_trend"):
        plot_frequency(trend_table())


def test_frequency_unknown_term_and_measure() -> None:
    with pytest.raises(ToolkitError, match=r"'peace'.*unity, war"):
        plot_frequency(terms_table(), terms=["peace"])
    with pytest.raises(ToolkitError, match="measure='hits'"):
        plot_frequency(terms_table(), measure="hits")


def test_frequency_missing_by_column_says_so() -> None:
    with pytest.raises(ToolkitError, match=r"by='party'.*by=None"):
        plot_frequency(terms_table(), by="party")


def test_many_groups_become_small_multiples_on_one_scale() -> None:
    corpus = many_outlets()
    terms = {"unity": ["unity"], "talks": ["talks"]}
    counts = toolkit.count_terms(corpus, terms, by="source")
    ax = plot_frequency(counts)
    assert len(ax.figure.axes) == 2  # one panel per term
    assert [t.get_text() for t in ax.get_yticklabels()][:3] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    assert len(plot_frequency(counts, top=5).patches) == 10


def test_rate_charts_refuse_a_variants_table() -> None:
    table = terms_table().assign(variant="x", variant_hits=1)
    for func in (plot_frequency, plot_heatmap):
        with pytest.raises(ToolkitError, match="one row per surface variant"):
            func(table)


def test_frequency_names_the_groups_that_top_leaves_out() -> None:
    groups = outlets(13)
    table = terms_table(groups)  # later outlets have more tokens: the last five are the largest
    ax = plot_frequency(table, top=5)
    assert len(ax.patches) == 5 * len(TERMS)
    kept, left = groups[-5:], groups[:-5]
    assert [t.get_text() for t in ax.get_legend().get_texts()][:5] == kept
    note = " ".join(ax.get_xlabel().split())
    assert "top=5: the 5 largest of 13 groups by n_tokens" in note
    assert all(g in note for g in left) and not any(g in note for g in kept)
    ax.figure.canvas.draw()  # type: ignore[union-attr]
    assert seen(ax.xaxis.label)  # the note is read whole, inside the figure
    assert "not shown" not in plot_frequency(table).figure.get_supxlabel()  # type: ignore[union-attr]
    faceted = plot_frequency(terms_table(outlets(25)), top=10)
    assert "not shown: " + ", ".join(outlets(15)) in " ".join(
        faceted.figure.get_supxlabel().split()  # type: ignore[union-attr]
    )


def test_frequency_past_eight_groups_in_one_panel_marks_bars_with_each_group_marker() -> None:
    groups = outlets(20)  # past sixteen, colours come round again: markers tell groups apart
    ax = plot_frequency(terms_table(groups, ["unity"]), facet=False)
    styles = [group_style(g) for g in groups]
    assert len({(s.color, s.marker) for s in styles}) == 20
    marks = [line for line in ax.lines if line.get_marker() in {s.marker for s in styles}]
    assert len(marks) == 20
    for line, style in zip(marks, styles, strict=True):
        assert line.get_marker() == style.marker
        assert to_hex(line.get_color()) == style.color.lower()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == groups
    assert all(g in naming_texts(ax.figure) for g in groups)  # type: ignore[arg-type]


def test_frequency_facets_in_the_place_of_a_given_axes() -> None:
    groups = outlets(13)
    fig, (left, _right) = plt.subplots(1, 2, figsize=(14, 5), layout="constrained")
    ax = plot_frequency(terms_table(groups), ax=left)
    assert ax is left and len(fig.axes) == len(TERMS) + 1
    assert [t.get_text() for t in left.get_yticklabels()] == groups


# ---------------------------------------------------------------------------- plot_heatmap


def test_heatmap_matrix_colorbar_and_annotations(tmp_path: Path) -> None:
    table = terms_table()
    ax = plot_heatmap(table)
    image = ax.get_images()[0]
    array = image.get_array()
    assert array is not None
    assert array.shape == (len(SOURCES), len(TERMS))
    expected = table.pivot(index="source", columns="term", values="per_10k").loc[SOURCES, TERMS]
    assert np.asarray(array) == pytest.approx(expected.to_numpy())
    assert image.get_cmap().name.startswith("cividis")
    assert image.colorbar is not None
    assert image.colorbar.ax.get_ylabel() == "hits per 10,000 tokens"
    assert [t.get_text() for t in ax.get_yticklabels()] == SOURCES
    assert [t.get_text() for t in ax.get_xticklabels()] == TERMS
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == len(SOURCES) * len(TERMS)
    assert sum(t.endswith("*") for t in cells) == int(table["low_n"].sum())
    assert "1.0" in cells  # one decimal
    assert "low_n" in ax.get_xlabel()
    render(ax, tmp_path, "heatmap")


def test_heatmap_without_annotations_and_rejects_period() -> None:
    ax = plot_heatmap(terms_table(), annotate=False, measure="doc_share")
    assert len(ax.texts) == 0
    assert ax.get_images()[0].colorbar.ax.get_ylabel() == "share of articles (%)"  # type: ignore[union-attr]
    with pytest.raises(ToolkitError, match="period"):
        plot_heatmap(trend_table())


# ---------------------------------------------------------------------------- annotate_terms


def test_annotate_terms_writes_the_patterns_under_the_chart() -> None:
    ax = plot_frequency(terms_table())
    annotate_terms(ax, {"unity": ["unity", "solidarity"], "war": ["war*"]}, only=["war"])
    assert ax.figure.texts[-1].get_text() == "Term families: war = war*"  # type: ignore[union-attr]


def test_rates_of_thirteen_real_groups_draw_every_bar() -> None:
    counts = toolkit.count_terms(many_outlets(), {"unity": ["unity"]}, by="source")
    heights = [p.get_width() for p in plot_frequency(counts).patches]
    np.testing.assert_allclose(heights, counts.set_index("source").loc[
        sorted(counts["source"], key=lambda s: int(s.split()[1])), "per_10k"])  # fmt: skip
