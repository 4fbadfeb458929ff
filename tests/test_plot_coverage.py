"""Tests of toolkit.plot.coverage: plot_coverage (coverage() tables)."""

from __future__ import annotations

import pytest
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
)

import toolkit
from toolkit.errors import ToolkitError
from toolkit.plot import plot_coverage


def test_plot_coverage_draws_a_strip_per_group(sotu_corpus) -> None:
    table = toolkit.coverage(sotu_corpus, period="10Y")
    ax = plot_coverage(table)
    values = ax.images[0].get_array()
    assert values.shape == (7, 24)
    assert int(values.sum()) == 237 and values.mask.any()  # empty decades are masked (white)
    assert ax.get_yticklabels()[0].get_text() == "Democratic"
    tokens = plot_coverage(table, measure="n_tokens")
    assert tokens.images[0].colorbar.ax.get_ylabel() == "tokens per period"
    with pytest.raises(ToolkitError, match=r"needs the table made by toolkit\.coverage"):
        plot_coverage(table.drop(columns="n_docs"))
