"""Tests of toolkit.plot as a whole: what every chart function does, whatever it draws.

Each chart family has its own file (tests/test_plot_<module>.py, as toolkit/plot/<module>.py);
the synthetic tables they share are in tests/plot_tables.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from plot_tables import (
    close_figures,  # noqa: F401  (autouse: every figure is closed after its test)
    hits_table,
    keyness_table,
    many_scores,
    many_summaries,
    outlets,
    scores_table,
    terms_table,
    trend_table,
    unnamed,
)

import toolkit
import toolkit.plot
from toolkit.errors import ToolkitError
from toolkit.plot import (
    plot_coverage,
    plot_dispersion,
    plot_frequency,
    plot_heatmap,
    plot_keyness,
    plot_sentiment,
    plot_sentiment_trend,
    plot_trend,
)

CALLS: dict[str, tuple[Callable[..., Axes], Callable[[], pd.DataFrame], str, str]] = {
    "frequency": (plot_frequency, terms_table, "per_10k_high", "count_terms()"),
    "trend": (plot_trend, trend_table, "n_docs", "count_terms()"),
    "heatmap": (plot_heatmap, terms_table, "per_10k", "count_terms()"),
    "dispersion": (plot_dispersion, hits_table, "token_index", "dispersion()"),
    "keyness": (plot_keyness, keyness_table, "log_ratio", "keyness()"),
    "sentiment": (plot_sentiment, scores_table, "compound", "sentiment()"),
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


def test_import_toolkit_leaves_matplotlib_until_a_chart_is_asked_for() -> None:
    code = textwrap.dedent(
        """
        import sys
        import toolkit
        assert "matplotlib" not in sys.modules, "import toolkit imported matplotlib"
        assert "toolkit.plot" not in sys.modules
        assert {"plot_trend", "plot_frequency", "annotate_terms"} <= set(toolkit.__all__)
        assert "plot_trend" in dir(toolkit) and "smooth_rates" in toolkit.__all__
        trend = toolkit.plot_trend
        assert "matplotlib" in sys.modules
        import toolkit.plot
        assert trend is toolkit.plot.plot_trend
        assert toolkit.plot_frequency is toolkit.plot.plot_frequency
        try:
            toolkit.plot_nothing
        except AttributeError as error:
            assert "plot_nothing" in str(error)
        else:
            raise AssertionError("an unknown name was found")
        print("ok")
        """
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_package_gives_every_name_it_gave_as_one_module() -> None:
    names = {"OKABE_ITO", "PALETTE", "TOL_MUTED", "Style", "FACET_ABOVE", "annotate_terms",
             "group_style", "set_group_styles", "reset_group_styles", "plot_coverage",
             "plot_dispersion", "plot_frequency", "plot_heatmap", "plot_keyness",
             "plot_sentiment", "plot_sentiment_trend", "plot_trend"}  # fmt: skip
    assert all(hasattr(toolkit.plot, name) for name in names)
    assert set(toolkit.plot.__all__) <= set(dir(toolkit.plot))


# ---------------------------------------------------------------------------- default tables


@pytest.mark.slow
def test_every_default_analysis_table_plots_on_the_first_call(sotu_corpus) -> None:
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
    families = len(toolkit.load_dictionary("rhetoric"))
    assert len(ax.patches) == corpus["source"].nunique() * families
    # without groups, a trend draws every term
    ax = plot_trend(toolkit.count_terms(corpus, terms, period="10Y"))
    assert {line.get_label() for line in ax.lines} >= {"sovereignty", "unity", "peace"}


def test_by_may_name_several_columns() -> None:
    table = terms_table().assign(kind=lambda t: ["a", "b"] * (len(t) // 2))
    ax = plot_frequency(table, by=["source", "kind"])
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    groups = [label for label in labels if not label.startswith("thin coverage")]
    assert groups == [f"{s} / {k}" for s in ["BBC", "RT", "TASS"] for k in ("a", "b")]


# ---------------------------------------------------------------------------- every group, always


def _coverage_table(sources: list[str]) -> pd.DataFrame:
    """Synthetic coverage(period="M") table; the last source starts late."""
    periods = pd.date_range("2023-01-01", periods=6, freq="MS", tz="UTC")
    rows = [(s, p, 0 if (i == len(sources) - 1 and k < 3) else 5 + i, 1000 * (i + 1))
            for i, s in enumerate(sources) for k, p in enumerate(periods)]  # fmt: skip
    return pd.DataFrame(rows, columns=["source", "period", "n_docs", "n_tokens"])


def _dated_hits(sources: list[str]) -> pd.DataFrame:
    """Synthetic hits: two documents of each source, two hits each, of two terms."""
    rows = []
    for i, source in enumerate(sources):
        for d in range(2):
            for h, term in enumerate(["sanctions", "unity"]):
                day = pd.Timestamp("2023-01-01", tz="UTC") + pd.Timedelta(days=7 * i + d)
                rows.append((f"{source}-{d}", source, day, term, 10 * h + d, 50))
    columns = ["doc_id", "source", "published", "term", "token_index", "n_tokens"]
    return pd.DataFrame(rows, columns=columns)


def _keyness_of(sources: list[str]) -> pd.DataFrame:
    """keyness() of the first half of ``sources`` against the other half (synthetic text)."""
    half = len(sources) // 2
    texts = [
        ("unity unity sovereignty talks " if i < half else "sanctions war talks peace ") * 5
        for i in range(len(sources))
    ]
    corpus = toolkit.read_corpus(pd.DataFrame({"source": sources, "text": texts}))
    return toolkit.keyness(corpus, target=sources[:half], reference=sources[half:], min_count=1)


MANY: dict[str, Callable[[list[str]], Axes]] = {
    "plot_frequency": lambda g: plot_frequency(terms_table(g)),
    "plot_frequency one panel": lambda g: plot_frequency(terms_table(g), facet=False),
    "plot_heatmap": lambda g: plot_heatmap(terms_table(g)),
    "plot_trend": lambda g: plot_trend(trend_table(g)),
    "plot_trend shared panels": lambda g: plot_trend(trend_table(g), facet=False),
    "plot_sentiment": lambda g: plot_sentiment(many_scores(g), term="unity"),
    "plot_sentiment families": lambda g: plot_sentiment(many_scores(g)),
    "plot_sentiment_trend": lambda g: plot_sentiment_trend(many_summaries(g), min_n=5),
    "plot_coverage": lambda g: plot_coverage(_coverage_table(g)),
    "plot_dispersion by date": lambda g: plot_dispersion(_dated_hits(g), x="date"),
    "plot_dispersion by token": lambda g: plot_dispersion(_dated_hits(g), x="token"),
    "plot_keyness": lambda g: plot_keyness(_keyness_of(g)),
}


@pytest.mark.parametrize("n", [13, 25])
@pytest.mark.parametrize("chart", list(MANY))
def test_every_chart_names_every_group(chart: str, n: int) -> None:
    groups = outlets(n)
    ax = MANY[chart](groups)
    fig = ax.figure
    assert not unnamed(fig, groups), unnamed(fig, groups)  # type: ignore[arg-type]


def test_a_chart_in_a_given_place_keeps_to_it_and_names_every_group() -> None:
    groups = outlets(13)
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6), layout="constrained")
    right.set_title("another chart")
    first = plot_trend(trend_table(groups), ax=left)
    assert first is left and right.get_title() == "another chart"
    fig.canvas.draw()
    panels = [a for a in fig.axes if a is not right and a.get_subplotspec() is not None]
    assert len(panels) == 13  # one panel per group, in the left half
    assert all(a.get_position().x1 <= right.get_position().x0 for a in panels)
    assert not unnamed(fig, groups)
    assert "'unity' over time" in " ".join(t.get_text() for t in left.texts)
