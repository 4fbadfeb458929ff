"""What the tests of toolkit.plot share: synthetic tables, a corpus of many outlets, and checks of
what a reader sees on a figure.

All tables here are synthetic, built by hand with the columns the producing functions emit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

import toolkit

SOURCES = ["BBC", "RT", "TASS"]
TERMS = ["unity", "war", "sovereignty", "nato"]


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Every figure a test made is closed after it (imported by each test module)."""
    yield
    plt.close("all")


def render(ax: Axes, tmp_path: Path, name: str) -> Path:
    """Save the figure of ``ax`` as PNG and check that something was written."""
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path)  # type: ignore[union-attr]
    assert path.stat().st_size > 0
    return path


def outlets(n: int) -> list[str]:
    """``n`` outlet names, none of which is part of another ("Outlet 01" .. "Outlet 25")."""
    return [f"Outlet {i:02d}" for i in range(1, n + 1)]


# ---------------------------------------------------------------------------- synthetic tables


def terms_table(sources: Sequence[str] = SOURCES, terms: Sequence[str] = TERMS) -> pd.DataFrame:
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


def trend_table(
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


def hits_table() -> pd.DataFrame:
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


def keyness_table() -> pd.DataFrame:
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


def scores_table(column: str = "compound") -> pd.DataFrame:
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


def many_scores(sources: Sequence[str], per_source: int = 12) -> pd.DataFrame:
    """Synthetic sentence scores of two families for each of ``sources``."""
    rng = np.random.default_rng(5)
    n = len(sources) * per_source
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "source": np.repeat(list(sources), per_source),
            "term": np.tile(["sanctions", "unity"], n // 2 + 1)[:n],
            "published": pd.Timestamp("2023-01-01", tz="UTC")
            + pd.to_timedelta(np.tile(np.arange(per_source) * 30, len(sources)), unit="D"),
            "compound": rng.uniform(-1, 1, size=n),
        }
    )


def many_summaries(sources: Sequence[str]) -> pd.DataFrame:
    """Synthetic summarize_sentiment(period="Q") table: 4 quarters for each of ``sources``; the
    last source has too few sentences in every quarter."""
    periods = pd.date_range("2023-01-01", periods=4, freq="QS", tz="UTC")
    rows = []
    for i, source in enumerate(sources):
        for k, period in enumerate(periods):
            mean = 0.1 * ((i + k) % 5) - 0.2
            n = 2 if i == len(sources) - 1 else 20 + k
            rows.append((source, period, n, mean, mean - 0.1, mean + 0.1))
    columns = ["source", "period", "n", "mean", "mean_low", "mean_high"]
    return pd.DataFrame(rows, columns=columns)


def many_outlets() -> pd.DataFrame:
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


# ---------------------------------------------------------------------------- what a reader sees


def naming_texts(fig: Figure) -> list[str]:
    """The texts that name things on ``fig`` once drawn, each on one line: visible titles of
    every Axes (panel titles), tick labels and legend entries, and the figure's title, each
    lying whole inside the figure (a name cut off by the edge is not read)."""
    fig.canvas.draw()
    found: list[Text] = []
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title]  # type: ignore[attr-defined]
        found += [*ax.get_xticklabels(), *ax.get_yticklabels()]
        found += ax.texts
        legend = ax.get_legend()
        if legend is not None:
            found += [*legend.get_texts(), legend.get_title()]
    if fig._suptitle is not None:  # type: ignore[attr-defined]
        found.append(fig._suptitle)  # type: ignore[attr-defined]
    return [" ".join(t.get_text().split()) for t in found if t.get_text().strip() and seen(t)]


def seen(text: Text) -> bool:
    """Whether ``text`` is visible and lies whole inside its figure (drawn already)."""
    fig: Any = text.figure
    while not isinstance(fig, Figure):  # (a text in a subfigure)
        fig = fig.figure
    extent = text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    box = fig.bbox
    return bool(
        text.get_visible()
        and extent.x0 >= box.x0 - 1
        and extent.x1 <= box.x1 + 1
        and extent.y0 >= box.y0 - 1
        and extent.y1 <= box.y1 + 1
    )


def unnamed(fig: Figure, groups: Sequence[str]) -> list[str]:
    """The groups that no title, tick label or legend entry of ``fig`` names."""
    texts = naming_texts(fig)
    return [g for g in groups if not any(g in text for text in texts)]


def group_lines(ax: Axes) -> set[str]:
    """The groups drawn as lines in ``ax`` (matplotlib's own lines are labelled ``_...``)."""
    return {str(line.get_label()) for line in ax.lines if not str(line.get_label()).startswith("_")}
