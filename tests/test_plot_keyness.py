"""Tests of toolkit.plot.keyness: plot_keyness (keyness() tables). Each test checks what is drawn,
not only that drawing does not fail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    keyness_table,
    naming_texts,
    outlets,
    render,
    seen,
)

from toolkit.errors import ToolkitError
from toolkit.plot import OKABE_ITO, plot_keyness


def test_keyness_diverging_bars(tmp_path: Path) -> None:
    table = keyness_table()
    ax = plot_keyness(table, n=2, target_label="TASS", reference_label="BBC")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 4
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["unity", "nato", "war", "kyiv"]
    widths = [b.get_width() for b in bars]
    assert widths == pytest.approx([2.3, 1.3, -3.3, -4.3])
    # Target side points right in one colour, reference side left in another.
    assert {to_hex(b.get_facecolor()[:3]) for b in bars[:2]} == {OKABE_ITO[0].lower()}
    assert {to_hex(b.get_facecolor()[:3]) for b in bars[2:]} == {OKABE_ITO[1].lower()}
    assert any(np.ravel(line.get_xdata())[0] == 0 for line in ax.lines)  # the zero line
    assert ax.get_xlabel().startswith("log2 ratio of relative frequencies (TASS / BBC)")
    assert "TASS vs BBC" in ax.get_title()
    render(ax, tmp_path, "keyness")


def test_keyness_g2_signs_and_non_significant_bars_lighter() -> None:
    table = keyness_table()
    ax = plot_keyness(table, measure="g2")  # n=15 > 3 terms per side: all six shown
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(table)
    shown = dict(zip([t.get_text() for t in ax.get_yticklabels()], bars, strict=True))
    assert shown["war"].get_width() == pytest.approx(-25.0)
    assert shown["unity"].get_width() == pytest.approx(30.0)
    assert shown["sovereignty"].get_alpha() is not None  # p_adj = 0.4: lighter
    assert shown["sovereignty"].get_alpha() < 1  # type: ignore[operator]
    assert shown["unity"].get_alpha() in (None, 1)
    assert ax.get_xlabel().startswith("G² (log-likelihood")
    assert "not significant" in ax.get_xlabel()


def test_keyness_bad_options() -> None:
    with pytest.raises(ToolkitError, match="n must be"):
        plot_keyness(keyness_table(), n=0)
    with pytest.raises(ToolkitError, match="measure='chi'"):
        plot_keyness(keyness_table(), measure="chi")


@pytest.mark.parametrize(("rank_by", "shown"), [("g2", "unity"), ("log_ratio", "paredes")])
def test_plot_keyness_ranks_terms_by_evidence_by_default(rank_by: str, shown: str) -> None:
    # Synthetic: a rare word seen only in the target has the largest ratio but little evidence.
    table = pd.DataFrame(
        {
            "word": ["unity", "paredes", "war"],
            "log_ratio": [1.2, 6.5, -2.0],
            "g2": [180.0, 9.0, 60.0],
            "p_adj": [0.001, 0.04, 0.001],
        }
    )
    ax = plot_keyness(table, n=1, rank_by=rank_by)
    assert [t.get_text() for t in ax.get_yticklabels()] == [shown, "war"]


def test_plot_keyness_takes_one_comparison_and_its_labels_from_the_table(sotu_corpus) -> None:
    import toolkit

    corpus = sotu_corpus.iloc[::6]
    with pytest.raises(ToolkitError, match=r"several groups in \['source'\].*keyness_matrix"):
        plot_keyness(toolkit.keyness_matrix(corpus))
    ax = plot_keyness(toolkit.keyness(corpus, target="Whig"))
    assert ax.get_title().startswith("Key words: Whig vs the rest")
    matrix = toolkit.keyness_matrix(corpus)
    ax = plot_keyness(matrix[matrix["source"] == "Whig"], target_label="Whig")
    assert "Whig" in ax.get_title()


def test_keyness_of_many_groups_names_them_all() -> None:
    groups = outlets(25)
    table = keyness_table()
    table.attrs.update(target=", ".join(groups[:12]), reference=", ".join(groups[12:]))
    ax = plot_keyness(table)
    texts = naming_texts(ax.figure)  # type: ignore[arg-type]
    legend = [t for t in texts if t.startswith("key in")]
    assert legend == ["key in " + ", ".join(groups[:12]), "key in " + ", ".join(groups[12:])]
    assert seen(ax.xaxis.label) and seen(ax.title)  # wrapped: every name inside the figure
    assert " ".join(ax.get_xlabel().split()).startswith(
        f"log2 ratio of relative frequencies ({', '.join(groups[:12])} / {', '.join(groups[12:])})"
    )
    assert len(ax.patches) == len(table)  # no word dropped


def test_a_table_of_many_comparisons_is_refused_naming_every_group() -> None:
    groups = outlets(13)
    matrix = pd.concat([keyness_table().assign(source=g) for g in groups])
    with pytest.raises(ToolkitError) as info:
        plot_keyness(matrix)
    assert all(g in str(info.value) for g in groups)
    assert np.isfinite(keyness_table()["log_ratio"]).all()
