"""Tests of toolkit.keyness: every statistic is checked against an independent computation.

The small corpora here are synthetic (hand-made word lists, not real articles); the real-data tests
use the State of the Union corpus.
"""

from __future__ import annotations

import warnings
from math import log, log2

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toolkit.corpus import read_corpus
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError
from toolkit.keyness import KEYNESS_COLUMNS, keyness, keyness_matrix


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
    counts = {r.word: (r.target_count, r.reference_count) for r in table.itertuples()}
    assert counts == {
        "alpha": (4, 0),
        "beta": (1, 3),
        "gamma": (1, 2),
        "delta": (1, 2),
        "epsilon": (0, 1),
    }
    alpha = _row(table, "word", "alpha")
    assert alpha.target_per_10k == pytest.approx(4 / 7 * 10_000)
    assert alpha.reference_per_10k == 0


def test_g2_by_hand(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    alpha = _row(table, "word", "alpha")
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
    assert _row(table, "word", "beta").log_ratio == pytest.approx(log2((1 / 7) / (3 / 8)))
    # zero counts become 0.5 (Hardie's Log Ratio with a 0.5 adjustment for zeros)
    assert _row(table, "word", "alpha").log_ratio == pytest.approx(log2((4 / 7) / (0.5 / 8)))
    assert _row(table, "word", "epsilon").log_ratio == pytest.approx(log2((0.5 / 7) / (1 / 8)))


def test_p_adj_is_benjamini_hochberg(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    expected = stats.false_discovery_control(table["p"].to_numpy())
    np.testing.assert_allclose(table["p_adj"], expected, rtol=1e-12)
    assert (table["p_adj"] >= table["p"]).all()


def test_sorting_target_first_reference_last(tiny):
    for measure in ("g2", "chi2", "log_ratio"):
        table = keyness(tiny, by="source", target="T", reference="R", min_count=1, measure=measure)
        assert table["word"].iloc[0] == "alpha"
        assert table["log_ratio"].iloc[0] > 0
        assert (table["log_ratio"].iloc[1:] < 0).all()
    g2 = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    # reference side: strongest last (epsilon 1.32 > beta 1.07 > delta = gamma 0.27)
    assert g2["word"].tolist() == ["alpha", "delta", "gamma", "beta", "epsilon"]
    ratio = keyness(tiny, by="source", target="T", reference="R", min_count=1, measure="log_ratio")
    assert ratio["log_ratio"].is_monotonic_decreasing


def test_sort_direction_follows_observed_rates():
    # Synthetic. The 0.5 for a zero makes log_ratio of "b" positive (0.5/1 > 5/25), although "b"
    # never occurs in the target: it still sorts on the reference side.
    corpus = pd.DataFrame({"g": ["t", "r"], "text": ["a", "b " * 5 + "c " * 20]})
    table = keyness(corpus, by="g", target="t", min_count=1)
    b = _row(table, "word", "b")
    assert b.log_ratio == pytest.approx(log2((0.5 / 1) / (5 / 25)))
    assert table["word"].tolist() == ["a", "b", "c"]


def test_reference_default_all_other_rows_and_target_list(tiny):
    default = keyness(tiny, by="source", target="T", min_count=1)
    explicit = keyness(tiny, by="source", target="T", reference=["R", "X"], min_count=1)
    pd.testing.assert_frame_equal(default, explicit)
    assert _row(default, "word", "zeta").reference_count == 2
    both = keyness(tiny, by="source", target=["T", "X"], reference="R", min_count=1)
    assert _row(both, "word", "zeta").target_count == 2
    assert _row(both, "word", "alpha").target_per_10k == pytest.approx(4 / 9 * 10_000)


def test_min_count_and_stopwords(tiny):
    table = keyness(tiny, by="source", target="T", reference="R", min_count=4)
    assert sorted(table["word"]) == ["alpha", "beta"]
    no_alpha = keyness(
        tiny, by="source", target="T", reference="R", min_count=1, stopwords=["Alpha"]
    )
    assert "alpha" not in set(no_alpha["word"])
    # stop words leave the rows out but the token totals alone (p_adj: fewer rows to adjust)
    full = keyness(tiny, by="source", target="T", reference="R", min_count=1)
    pd.testing.assert_series_equal(
        _row(no_alpha, "word", "beta").drop("p_adj"),
        _row(full, "word", "beta").drop("p_adj"),
        check_names=False,
    )
    english = pd.DataFrame({"g": ["a", "b"], "text": ["the peace the", "the war the"]})
    assert set(keyness(english, by="g", target="a", min_count=1, stopwords="en")["word"]) == {
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
    with pytest.raises(CorpusError, match="one column whose values are the groups"):
        keyness(tiny, by=["source", "text"], target="T")


def test_empty_result_keeps_columns(tiny):
    table = keyness(tiny, by="source", target="T", min_count=100)
    assert table.empty and list(table.columns) == KEYNESS_COLUMNS


def test_inputs_not_mutated(tiny):
    before = tiny.copy(deep=True)
    keyness(tiny, by="source", target="T", min_count=1)
    keyness_matrix(tiny, by="source", min_count=1)
    pd.testing.assert_frame_equal(tiny, before)


def test_by_defaults_to_source(tiny):
    pd.testing.assert_frame_equal(
        keyness(tiny, target="T", min_count=1), keyness(tiny, by="source", target="T", min_count=1)
    )


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
    words = keyness(corpus, by="source", target="T", min_count=1)["word"].tolist()
    assert "1978" not in words and "000" not in words and "budget" in words
    with_numbers = keyness(corpus, by="source", target="T", min_count=1, numbers=True)
    assert {"1978", "000", "12"} <= set(with_numbers["word"])
    matrix = keyness_matrix(corpus, by="source", min_count=1)
    assert not matrix["word"].str.fullmatch(r"\d+").any()


# --- comparisons across time -----------------------------------------------------------------


def _eras(sotu_corpus: pd.DataFrame) -> pd.DataFrame:
    """Real SOTU addresses in two groups: the first address of every decade, 1790 to 2020 (a
    long, thin reference), and every other address since 1981 (a shorter, larger target)."""
    ordered = sotu_corpus.sort_values("published").reset_index(drop=True)
    year = ordered["published"].dt.year
    first_of_decade = ~(year // 10).duplicated()
    era = np.where(first_of_decade, "one per decade", np.where(year >= 1981, "1981 on", None))
    return ordered.assign(era=era)[lambda frame: frame["era"].notna()]


def test_a_large_target_does_not_hide_a_reference_from_other_times(sotu_corpus):
    """59% of all the dated addresses fall in the span both groups cover (1981 to 2020), so the
    pooled rule said nothing; but only 17% of the reference does: keyness now warns, naming
    both sides, their spans and the fix."""
    corpus = _eras(sotu_corpus)
    spans = corpus.groupby("era")["published"].agg(["min", "max"])
    start, end = spans["min"].max(), spans["max"].min()
    inside = corpus["published"].between(start, end)
    assert round(float(inside.mean()), 2) == 0.59  # the pooled share: no warning before
    assert inside.groupby(corpus["era"]).mean().round(2).to_dict() == {
        "1981 on": 0.89,
        "one per decade": 0.17,
    }
    expected = (
        r"keyness\(\): the groups were published at different times: 'reference: every other "
        r"era' covers 1790-01-08 to 2020-02-04 \(24 dated rows, 17% of them in the span of "
        r"'target 1981 on'\) and 'target 1981 on' covers 1981-01-16 to \d{4}-\d\d-\d\d \(35, 89% "
        r"in the span of 'reference: every other era'\)\. Differences between the groups may be "
        r"differences of time: compare within toolkit\.common_window\(corpus, by='era'\), or by "
        r"period \(period='M'\)\."
    )
    with pytest.warns(CorpusWarning, match=expected):
        keyness(corpus, by="era", target="1981 on")
    # the same addresses within the common window: nothing to say
    from toolkit.frequency import common_window

    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)
        keyness(common_window(corpus, by="era"), by="era", target="1981 on")


def test_a_short_target_against_a_long_reference(sotu_corpus):
    """One president's addresses (four years) against all the others (two centuries)."""
    lincoln = sotu_corpus["president"].eq("Lincoln")
    corpus = sotu_corpus.assign(who=np.where(lincoln, "Lincoln", "the others"))
    said = (
        r"'reference the others' covers 1790-01-08 to \d{4}-\d\d-\d\d \(233 dated rows, 0% of "
        r"them in the span of 'target Lincoln'\) and 'target Lincoln' covers 1861-12-03 to "
        r"1864-12-06 \(4, 100% in the span of 'reference the others'\)"
    )
    with pytest.warns(CorpusWarning, match=said):
        keyness(corpus, by="who", target="Lincoln", reference="the others")


def test_batch_word_counts_equal_the_steps_when_summed_early(monkeypatch):
    """The batch step's word counts (Arrow arrays, summed once at the end, or early past a
    number of parts) give the tables of the per-document step (Counters of Python strings), on
    synthetic texts of words from several scripts."""
    import importlib

    from toolkit import engine

    module = importlib.import_module("toolkit.keyness")
    words = ["peace", "war", "trade", "Жизнь", "naïve", "e\u0301cole", "u.s.", "co-op", "1978"]
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 30))) for _ in range(120)]
    corpus = pd.DataFrame({"source": [f"S{i % 4}" for i in range(120)], "text": texts})
    calls = [
        lambda c: keyness(c, by="source", target="S1", min_count=1, numbers=True),
        lambda c: keyness(c, by="source", target=["S0", "S2"], reference="S3", min_count=2),
        lambda c: keyness_matrix(c, by="source", min_count=1),
    ]
    monkeypatch.setattr(engine, "BATCH_CHARS", 300)
    monkeypatch.setattr(module, "_WORD_PARTS", 3)
    batched = [call(corpus) for call in calls]
    original = engine.Analysis.__init__

    def without_batch(self, *args, **kwargs):
        kwargs["batch"] = None
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Analysis, "__init__", without_batch)
    for want, call in zip(batched, calls):
        pd.testing.assert_frame_equal(want, call(corpus))


def test_word_counts_arrow_cannot_hold_are_summed_as_python_strings():
    """A word with a lone surrogate (synthetic: Arrow holds only valid UTF-8) among Arrow word
    counts: the matrix is that of plain Counters."""
    import importlib
    from collections import Counter

    module = importlib.import_module("toolkit.keyness")
    first = Counter({"war": 3, "peace": 1, "bad\ud800word": 2})
    second = Counter({"peace": 4, "жизнь": 1})
    words = module._Words.of(Counter({"war": 1}))
    words += first
    got = module._matrix([words, module._Words.of(second)])
    want = module._matrix([first + Counter({"war": 1}), second])
    assert got[0].tolist() == want[0].tolist()
    assert (got[1] == want[1]).all()
    plain = module._matrix([module._Words.of(first.copy() - Counter({"bad\ud800word": 2})),
                            second])  # fmt: skip
    assert plain[0].tolist() == ["peace", "war", "жизнь"]
    assert plain[1].tolist() == [[1, 3, 0], [4, 0, 1]]
