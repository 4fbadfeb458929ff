"""Tests of toolkit.plot: each test checks what is drawn, not only that drawing does not fail.

All tables here are synthetic, built by hand with the columns the producing functions emit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import matplotlib
import matplotlib.container

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

import toolkit
import toolkit.plot
from toolkit.errors import ToolkitError
from toolkit.plot import (
    OKABE_ITO,
    plot_dispersion,
    plot_frequency,
    plot_heatmap,
    plot_keyness,
    plot_sentiment,
    plot_sentiment_trend,
    plot_trend,
)

SOURCES = ["BBC", "RT", "TASS"]
TERMS = ["unity", "war", "sovereignty", "nato"]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _render(ax: Axes, tmp_path: Path, name: str) -> Path:
    """Save the figure of ``ax`` as PNG and check that something was written."""
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path)  # type: ignore[union-attr]
    assert path.stat().st_size > 0
    return path


# ---------------------------------------------------------------------------- synthetic tables


def _terms_table(sources: Sequence[str] = SOURCES, terms: Sequence[str] = TERMS) -> pd.DataFrame:
    """Synthetic count_terms() table without period: one row per (source, term)."""
    rows = []
    for i, source in enumerate(sources):
        for j, term in enumerate(terms):
            rate = 1.0 + i + 2.0 * j
            share = 0.05 * (1 + i + j)
            rows.append(
                {
                    "source": source,
                    "term": term,
                    "hits": 10 * (i + j + 1),
                    "docs_with_hit": 3 + i + j,
                    "n_docs": 40 + i,
                    "n_tokens": 20_000 + 1000 * i,
                    "per_10k": rate,
                    "per_10k_low": rate - 0.5,
                    "per_10k_high": rate + 0.7,
                    "doc_share": share,
                    "doc_share_low": share - 0.02,
                    "doc_share_high": share + 0.03,
                    "low_n": source == "RT" and term in ("war", "nato"),
                }
            )
    return pd.DataFrame(rows)


def _trend_table(
    sources: Sequence[str] = SOURCES, terms: Sequence[str] = ("unity",)
) -> pd.DataFrame:
    """Synthetic count_terms(period="M") table: one row per (source, period, term)."""
    periods = pd.date_range("2023-01-01", periods=5, freq="MS", tz="UTC")
    rows = []
    for i, source in enumerate(sources):
        for k, period in enumerate(periods):
            n_docs = 30 + 5 * i + k
            for j, term in enumerate(terms):
                rate = 2.0 + i + k + j
                rows.append(
                    {
                        "source": source,
                        "period": period,
                        "term": term,
                        "hits": 5,
                        "docs_with_hit": 4,
                        "n_docs": n_docs if not (source == "RT" and k == 2) else 2,
                        "n_tokens": 400 * n_docs,
                        "per_10k": rate,
                        "per_10k_low": rate - 1.0,
                        "per_10k_high": rate + 1.5,
                        "doc_share": 0.1,
                        "doc_share_low": 0.05,
                        "doc_share_high": 0.2,
                        "low_n": source == "RT" and k == 2,
                    }
                )
    return pd.DataFrame(rows)


def _hits_table() -> pd.DataFrame:
    """Synthetic hits table: one row per hit in three documents from two sources."""
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d3", "d3"],
            "source": ["TASS", "TASS", "TASS", "TASS", "BBC", "BBC"],
            "published": pd.to_datetime(
                [
                    "2023-05-18",
                    "2023-05-18",
                    "2023-05-18",
                    "2023-06-01",
                    "2023-05-20",
                    "2023-05-20",
                ],
                utc=True,
            ),
            "term": ["unity", "war", "unity", "war", "unity", "unity"],
            "token_index": [0, 50, 99, 10, 5, 30],
            "n_tokens": [100, 100, 100, 40, 60, 60],
        }
    )


def _keyness_table() -> pd.DataFrame:
    """Synthetic keyness() table: three terms key in the target, three in the reference."""
    return pd.DataFrame(
        {
            "word": ["unity", "nato", "sovereignty", "peace", "war", "kyiv"],
            "target_count": [50, 30, 12, 4, 3, 1],
            "reference_count": [10, 12, 8, 9, 30, 20],
            "target_per_10k": [5.0, 3.0, 1.2, 0.4, 0.3, 0.1],
            "reference_per_10k": [1.0, 1.2, 0.8, 0.9, 3.0, 2.0],
            "g2": [30.0, 8.0, 1.0, 2.0, 25.0, 18.0],
            "chi2": [28.0, 7.5, 0.9, 1.9, 24.0, 17.0],
            "p": [1e-6, 0.004, 0.3, 0.15, 1e-5, 1e-4],
            "p_adj": [1e-5, 0.01, 0.4, 0.2, 1e-4, 1e-3],
            "log_ratio": [2.3, 1.3, 0.6, -1.2, -3.3, -4.3],
        }
    )


def _scores_table(column: str = "compound") -> pd.DataFrame:
    """Synthetic sentiment scores: 5 TASS rows, 3 BBC rows, 2 RT rows."""
    rng = np.random.default_rng(0)
    sources = ["TASS"] * 5 + ["BBC"] * 3 + ["RT"] * 2
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(10)],
            "source": sources,
            "published": pd.date_range("2023-05-01", periods=10, freq="D", tz="UTC"),
            column: rng.uniform(-1, 1, size=10),
        }
    )


# ---------------------------------------------------------------------------- plot_frequency


def test_frequency_draws_one_bar_per_group_and_term(tmp_path: Path) -> None:
    table = _terms_table()
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
    _render(ax, tmp_path, "frequency")


def test_frequency_doc_share_in_percent_with_terms_subset(tmp_path: Path) -> None:
    table = _terms_table()
    ax = plot_frequency(table, measure="doc_share", terms=["war", "unity"])
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(SOURCES) * 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["war", "unity"]
    bbc = table[table["source"] == "BBC"].set_index("term")["doc_share"]
    assert [bars[0].get_height(), bars[1].get_height()] == pytest.approx(
        [bbc["war"] * 100, bbc["unity"] * 100]
    )
    assert ax.get_ylabel() == "share of articles (%)"
    _render(ax, tmp_path, "frequency_share")


def test_frequency_rejects_period_column() -> None:
    with pytest.raises(ToolkitError, match=r"count_terms\(\) without period.*plot_trend"):
        plot_frequency(_trend_table())


def test_frequency_unknown_term_and_measure() -> None:
    with pytest.raises(ToolkitError, match=r"'peace'.*unity, war"):
        plot_frequency(_terms_table(), terms=["peace"])
    with pytest.raises(ToolkitError, match="measure='hits'"):
        plot_frequency(_terms_table(), measure="hits")


def test_frequency_missing_by_column_says_so() -> None:
    with pytest.raises(ToolkitError, match=r"by='party'.*by=None"):
        plot_frequency(_terms_table(), by="party")


# ---------------------------------------------------------------------------- plot_trend


def test_trend_draws_lines_bands_and_volume_strip(tmp_path: Path) -> None:
    table = _trend_table()
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
    _render(ax, tmp_path, "trend")


def test_trend_needs_term_when_several() -> None:
    table = _trend_table(terms=["unity", "war"])
    with pytest.raises(ToolkitError, match=r"has 2 terms: unity, war\. Pass term="):
        plot_trend(table)
    ax = plot_trend(table, term="war")
    assert len(ax.lines) == len(SOURCES)
    assert "'war'" in ax.get_title()


def test_trend_requires_period() -> None:
    with pytest.raises(ToolkitError, match=r"'period' column.*plot_frequency"):
        plot_trend(_terms_table())


# ---------------------------------------------------------------------------- plot_heatmap


def test_heatmap_matrix_colorbar_and_annotations(tmp_path: Path) -> None:
    table = _terms_table()
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
    _render(ax, tmp_path, "heatmap")


def test_heatmap_without_annotations_and_rejects_period() -> None:
    ax = plot_heatmap(_terms_table(), annotate=False, measure="doc_share")
    assert len(ax.texts) == 0
    assert ax.get_images()[0].colorbar.ax.get_ylabel() == "share of articles (%)"  # type: ignore[union-attr]
    with pytest.raises(ToolkitError, match="period"):
        plot_heatmap(_trend_table())


# ---------------------------------------------------------------------------- plot_dispersion


def _points(ax: Axes) -> np.ndarray:
    return np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])


def test_dispersion_by_token_one_tick_per_hit(tmp_path: Path) -> None:
    hits = _hits_table()
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
    _render(ax, tmp_path, "dispersion_token")


def test_dispersion_single_source_uses_doc_ids() -> None:
    hits = _hits_table()
    ax = plot_dispersion(hits[hits["source"] == "TASS"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["d1", "d2"]


def test_dispersion_by_date_one_row_per_source(tmp_path: Path) -> None:
    hits = _hits_table()
    ax = plot_dispersion(hits, x="date")
    assert len(_points(ax)) == len(hits)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["BBC", "TASS"]
    assert "publication date" in ax.get_xlabel()
    _render(ax, tmp_path, "dispersion_date")


def test_dispersion_rejects_unknown_x() -> None:
    with pytest.raises(ToolkitError, match=r"x='foo'.*'token'.*'date'"):
        plot_dispersion(_hits_table(), x="foo")


# ---------------------------------------------------------------------------- plot_keyness


def test_keyness_diverging_bars(tmp_path: Path) -> None:
    table = _keyness_table()
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
    _render(ax, tmp_path, "keyness")


def test_keyness_g2_signs_and_non_significant_bars_lighter() -> None:
    table = _keyness_table()
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
        plot_keyness(_keyness_table(), n=0)
    with pytest.raises(ToolkitError, match="measure='chi'"):
        plot_keyness(_keyness_table(), measure="chi")


# ---------------------------------------------------------------------------- plot_sentiment


def test_sentiment_boxes_per_group(tmp_path: Path) -> None:
    scores = _scores_table()
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
    _render(ax, tmp_path, "sentiment")


def test_sentiment_uses_polarity_when_no_compound() -> None:
    ax = plot_sentiment(_scores_table("polarity"))
    assert ax.get_ylabel() == "TextBlob polarity (-1 to 1)"
    with pytest.raises(ToolkitError, match=r"neither a 'compound'.*nor a 'polarity'"):
        plot_sentiment(_scores_table("score"))


# ---------------------------------------------------------------------------- shared behaviour


CALLS: dict[str, tuple[Callable[..., Axes], Callable[[], pd.DataFrame], str, str]] = {
    "frequency": (plot_frequency, _terms_table, "per_10k_high", "count_terms()"),
    "trend": (plot_trend, _trend_table, "n_docs", "count_terms()"),
    "heatmap": (plot_heatmap, _terms_table, "per_10k", "count_terms()"),
    "dispersion": (plot_dispersion, _hits_table, "token_index", "dispersion()"),
    "keyness": (plot_keyness, _keyness_table, "log_ratio", "keyness()"),
    "sentiment": (plot_sentiment, _scores_table, "compound", "sentiment()"),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_missing_column_is_a_toolkit_error(name: str) -> None:
    func, make, column, producer = CALLS[name]
    table = make().drop(columns=[column])
    with pytest.raises(ToolkitError) as info:
        func(table)
    assert not isinstance(info.value, KeyError)
    assert repr(column) in str(info.value)
    assert producer in str(info.value)


@pytest.mark.parametrize("name", list(CALLS))
def test_draws_into_given_axes(name: str) -> None:
    func, make, _column, _producer = CALLS[name]
    fig, ax = plt.subplots()
    assert func(make(), ax=ax) is ax
    assert len(fig.get_axes()) >= 1 and ax in fig.get_axes()


@pytest.mark.parametrize("name", list(CALLS))
def test_title_option_overrides_default(name: str) -> None:
    func, make, _column, _producer = CALLS[name]
    assert func(make(), title="My title").get_title() == "My title"


def test_plotting_leaves_rcparams_unchanged() -> None:
    before = dict(matplotlib.rcParams)
    for func, make, _column, _producer in CALLS.values():
        func(make())
    assert dict(matplotlib.rcParams) == before


def test_importing_leaves_rcparams_unchanged() -> None:
    code = textwrap.dedent(
        """
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        before = dict(matplotlib.rcParams)
        import pandas as pd
        import toolkit.plot
        assert dict(matplotlib.rcParams) == before, "import changed rcParams"
        table = pd.DataFrame({"source": ["A"], "term": ["t"], "per_10k": [1.0],
                              "per_10k_low": [0.5], "per_10k_high": [2.0]})
        toolkit.plot.plot_frequency(table)
        assert dict(matplotlib.rcParams) == before, "plotting changed rcParams"
        print("ok")
        """
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


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


# ---------------------------------------------------------------------------- default tables


@pytest.mark.slow
def test_every_default_analysis_table_plots_on_the_first_call(sotu_corpus) -> None:
    import toolkit

    corpus = sotu_corpus.iloc[::4]  # real addresses of every era
    terms = "rhetoric"
    scores = toolkit.sentiment(corpus, {"peace": ["peace*"]})
    calls = {
        "frequency": lambda: plot_frequency(toolkit.count_terms(corpus, terms)),
        "frequency by": lambda: plot_frequency(toolkit.count_terms(corpus, terms, by="source")),
        "heatmap": lambda: plot_heatmap(toolkit.count_terms(corpus, terms, by="source")),
        "trend": lambda: plot_trend(toolkit.count_terms(corpus, terms, period="10Y")),
        "dispersion": lambda: plot_dispersion(toolkit.dispersion(corpus, terms)),
        "keyness": lambda: plot_keyness(toolkit.keyness(corpus, target="Republican")),
        "sentiment": lambda: plot_sentiment(scores),
        "sentiment trend": lambda: plot_sentiment_trend(
            toolkit.summarize_sentiment(scores, period="10Y")
        ),
    }
    for name, call in calls.items():
        ax = call()
        assert ax.get_title(), name
        plt.close(ax.figure)
    # groups come from the table: one bar per party and term
    ax = plot_frequency(toolkit.count_terms(corpus, terms, by="source"))
    assert ax.get_legend().get_title().get_text() == "source"
    assert len(ax.patches) == corpus["source"].nunique() * 6
    # without groups, a trend draws every term
    ax = plot_trend(toolkit.count_terms(corpus, terms, period="10Y"))
    assert {line.get_label() for line in ax.lines} >= {"sovereignty", "unity", "peace"}


def test_by_may_name_several_columns() -> None:
    table = _terms_table().assign(kind=lambda t: ["a", "b"] * (len(t) // 2))
    ax = plot_frequency(table, by=["source", "kind"])
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    groups = [label for label in labels if not label.startswith("thin coverage")]
    assert groups == [f"{s} / {k}" for s in SOURCES for k in ("a", "b")]


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


def test_rate_charts_refuse_a_variants_table() -> None:
    table = _terms_table().assign(variant="x", variant_hits=1)
    for func in (plot_frequency, plot_heatmap):
        with pytest.raises(ToolkitError, match="one row per surface variant"):
            func(table)


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


def test_plot_coverage_draws_a_strip_per_group(sotu_corpus) -> None:
    import toolkit
    from toolkit.plot import plot_coverage

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


# ---------------------------------------------------------------------------- many outlets


def _many_outlets() -> pd.DataFrame:
    """13 outlets over 30 months (synthetic text); 'Outlet 12' has one short article a month in
    its first 20 months, dense with the term, and many later."""
    rng = np.random.default_rng(7)
    rows = []
    months = pd.date_range("2021-01-01", periods=30, freq="MS", tz="UTC")
    for s in range(13):
        for m, month in enumerate(months):
            sparse = s == 12 and m < 20
            for a in range(1 if sparse else 6):
                n_unity = 3 if sparse else int(rng.integers(0, 3))
                words = ["unity"] * n_unity + ["talks"] * (8 if sparse else 2000)
                rows.append((f"Outlet {s}", month + pd.Timedelta(days=a), " ".join(words)))
    return toolkit.read_corpus(pd.DataFrame(rows, columns=["source", "published", "text"]))


def test_thirteen_outlets_keep_distinct_and_stable_styles() -> None:
    from toolkit.plot import reset_group_styles

    reset_group_styles()
    corpus = _many_outlets()
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


def test_trend_smoothing_pools_counts() -> None:
    corpus = _many_outlets()
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


def test_many_groups_become_small_multiples_on_one_scale() -> None:
    corpus = _many_outlets()
    terms = {"unity": ["unity"], "talks": ["talks"]}
    counts = toolkit.count_terms(corpus, terms, by="source")
    ax = plot_frequency(counts)
    assert len(ax.figure.axes) == 2  # one panel per term
    assert [t.get_text() for t in ax.get_yticklabels()][:3] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    assert len(plot_frequency(counts, top=5).patches) == 10
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
