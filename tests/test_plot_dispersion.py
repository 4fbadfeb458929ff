"""Tests of toolkit.plot.dispersion: plot_dispersion (hits tables). Each test checks what is drawn,
not only that drawing does not fail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    hits_table,
    render,
)

from toolkit.errors import ToolkitError
from toolkit.plot import plot_dispersion


def _points(ax: Axes) -> np.ndarray:
    return np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])


def test_dispersion_by_token_one_tick_per_hit(tmp_path: Path) -> None:
    hits = hits_table()
    ax = plot_dispersion(hits)
    points = _points(ax)
    assert len(points) == len(hits)
    # Rows are documents (sorted by source, then date), labelled "source: doc_id".
    assert [t.get_text() for t in ax.get_yticklabels()] == ["BBC: d3", "TASS: d1", "TASS: d2"]
    expected = sorted((hits["token_index"] / hits["n_tokens"]).tolist())
    assert sorted(points[:, 0].tolist()) == pytest.approx(expected)
    assert all(c.get_paths() for c in ax.collections if isinstance(c, PathCollection))
    assert ax.get_xlabel() == "position in document (share of tokens)"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["unity", "war"]
    render(ax, tmp_path, "dispersion_token")


def test_dispersion_single_source_uses_doc_ids() -> None:
    hits = hits_table()
    ax = plot_dispersion(hits[hits["source"] == "TASS"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d1", "d2"]


def test_dispersion_by_date_one_row_per_source(tmp_path: Path) -> None:
    hits = hits_table()
    ax = plot_dispersion(hits, x="date")
    assert len(_points(ax)) == len(hits)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["BBC", "TASS"]
    assert "publication date" in ax.get_xlabel()
    render(ax, tmp_path, "dispersion_date")


def test_dispersion_rejects_unknown_x() -> None:
    with pytest.raises(ToolkitError, match=r"x='foo'.*'token'.*'date'"):
        plot_dispersion(hits_table(), x="foo")


def test_dispersion_of_many_documents_is_binned_and_legible(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    docs = np.repeat(np.arange(2_000), 4)
    hits = pd.DataFrame({  # synthetic
        "doc_id": [f"d{d}" for d in docs], "source": [f"Outlet {d % 13}" for d in docs],
        "published": pd.Timestamp("2022-01-01", tz="UTC")
        + pd.to_timedelta(rng.integers(0, 700, len(docs)), unit="D"),
        "term": rng.choice(["sanctions", "unity"], len(docs)),
        "token_index": rng.integers(0, 100, len(docs)), "n_tokens": 100,
    })  # fmt: skip
    ax = plot_dispersion(hits)
    assert len(ax.images) == 1 and not ax.collections
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 26 and labels[0].startswith("Outlet 0 · sanctions (n=")
    assert all(t.get_fontsize() >= 8 for t in ax.get_yticklabels())
    share = ax.images[0].get_array()
    np.testing.assert_allclose(np.asarray(share).sum(axis=1), 1.0)  # each row: shares of its hits
    counts = hits.groupby(["source", "term"]).size()
    assert sum(int(label.split("n=")[1].rstrip(")")) for label in labels) == counts.sum()
    few = plot_dispersion(hits[hits["doc_id"].isin(["d1", "d2"])])
    assert not few.images and few.collections  # a handful of documents: one tick per hit
    by_date = plot_dispersion(pd.concat([hits] * 2), x="date")
    assert len(by_date.images) == 1


def test_dispersion_of_many_terms_names_every_term() -> None:
    hits = pd.concat([hits_table().assign(term=f"term {i:02d}") for i in range(13)])
    ax = plot_dispersion(hits)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        f"term {i:02d}" for i in range(13)
    ]
    assert len(_points(ax)) == len(hits)
