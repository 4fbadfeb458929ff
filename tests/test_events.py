"""Tests of toolkit.events (compare_periods, event_trend) and of the formulas they use in
toolkit.stats, against SciPy, statsmodels and counts made again on slices of the corpus."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import toolkit
from toolkit.errors import CorpusError, ToolkitError
from toolkit.events import (
    COMPARE_COLUMNS,
    EFFECT_COLUMNS,
    MIN_PERIODS,
    TREND_PERIOD_COLUMNS,
    compare_periods,
    event_trend,
)
from toolkit.stats import (
    overdispersion_test,
    rate_ratio_interval,
    rate_ratio_test,
    segmented_regression,
)

sm = pytest.importorskip("statsmodels.api")

WAR = {"war": ["war", "wars"], "peace": ["peace"]}
EVENT = pd.Timestamp("1945-01-01", tz="UTC")


def quiet(func, *args, **kwargs):
    """Call ``func`` with the toolkit's data warnings silenced (those tests check elsewhere)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return func(*args, **kwargs)


def by_hand_interval(a, ta, b, tb, confidence=0.95):
    """The rate ratio interval from SciPy's exact binomial interval, transformed by hand."""
    n = a + b
    ci = stats.binomtest(b, n, tb / (ta + tb)).proportion_ci(confidence, method="exact")
    low = ci.low / (1 - ci.low) * ta / tb
    high = np.inf if ci.high == 1 else ci.high / (1 - ci.high) * ta / tb
    return (b / tb) / (a / ta) if a else np.inf, low, high


# ---------------------------------------------------------------------------- the formulas


def test_rate_ratio_interval_is_scipys_exact_binomial_interval_transformed():
    grid = itertools.product([0, 1, 5, 40, 1200], [900, 25_000], [0, 1, 7, 40, 900], [1, 12_000])
    rows = [(a, ta, b, tb) for a, ta, b, tb in grid if a + b > 0]
    a, ta, b, tb = (np.array(v, dtype=float) for v in zip(*rows))
    ratio, low, high = rate_ratio_interval(a, ta, b, tb)
    for i, row in enumerate(rows):
        expected = by_hand_interval(*row)
        np.testing.assert_allclose([ratio[i], low[i], high[i]], expected, rtol=1e-9, atol=0)
    # at 90%: the same transformation
    _, low90, high90 = rate_ratio_interval([10], [1000], [20], [1000], confidence=0.9)
    _, expected_low, expected_high = by_hand_interval(10, 1000, 20, 1000, confidence=0.9)
    np.testing.assert_allclose([low90[0], high90[0]], [expected_low, expected_high], rtol=1e-9)


def test_rate_ratio_interval_without_hits_or_tokens_is_nan():
    ratio, low, high = rate_ratio_interval([0, 3, 3], [10, 0, 10], [0, 2, 2], [10, 10, 0])
    assert np.isnan(ratio).all() and np.isnan(low).all() and np.isnan(high).all()


def test_rate_ratio_test_is_scipys_exact_binomial_test():
    rows = [(10, 10_000, 25, 12_000), (0, 500, 4, 700), (3, 100, 0, 100), (50, 9, 50, 9),
            (2203, 1_385_937, 907, 597_794)]  # fmt: skip
    p = rate_ratio_test(*(np.array(v) for v in zip(*rows)))
    for value, (a, ta, b, tb) in zip(p, rows):
        assert value == pytest.approx(stats.binomtest(b, a + b, tb / (ta + tb)).pvalue, rel=1e-12)
    assert np.isnan(rate_ratio_test([0], [10], [0], [10])).all()


def test_overdispersion_test_is_the_auxiliary_least_squares_regression():
    rng = np.random.default_rng(3)
    mu = rng.uniform(2, 30, size=80)
    y = rng.negative_binomial(n=2, p=2 / (2 + mu))  # variance mu + mu**2 / 2
    alpha, p = overdispersion_test(y, mu)
    z = ((y - mu) ** 2 - y) / mu
    ols = sm.OLS(z, mu).fit()
    assert alpha == pytest.approx(float(ols.params[0]), rel=1e-10)
    assert p == pytest.approx(float(stats.t.sf(ols.tvalues[0], ols.df_resid)), rel=1e-8)
    assert p < 0.01
    poisson = rng.poisson(mu)
    assert overdispersion_test(poisson, mu)[1] > 0.01
    assert np.isnan(overdispersion_test([3], [2.0])[0])


def its_design(time, event_time):
    after = (time >= event_time).astype(float)
    return np.column_stack([np.ones_like(time), time, after, after * (time - event_time)])


def test_segmented_regression_is_statsmodels_glm_and_negative_binomial():
    rng = np.random.default_rng(11)
    time = np.arange(40, dtype=float)
    tokens = rng.integers(5_000, 20_000, size=40).astype(float)
    rate = 0.002 * np.exp(0.01 * time) * np.where(time >= 24, 1.8 * np.exp(-0.03 * (time - 24)), 1)
    hits = rng.negative_binomial(n=5, p=5 / (5 + rate * tokens))
    design = its_design(time, 24.0)
    fit = segmented_regression(hits, tokens, time, event_time=24)
    glm = sm.GLM(hits, design, family=sm.families.Poisson(), offset=np.log(tokens)).fit()
    np.testing.assert_allclose(fit.ratio, np.exp(glm.params), rtol=1e-8)
    np.testing.assert_allclose(fit.low, np.exp(glm.conf_int()[:, 0]), rtol=1e-8)
    np.testing.assert_allclose(fit.high, np.exp(glm.conf_int()[:, 1]), rtol=1e-8)
    np.testing.assert_allclose(fit.p, glm.pvalues, rtol=1e-6, atol=1e-300)
    np.testing.assert_allclose(fit.fitted * tokens, glm.fittedvalues, rtol=1e-8)
    np.testing.assert_allclose(fit.counterfactual, np.exp(glm.params[0] + glm.params[1] * time))
    assert fit.dispersion == pytest.approx(glm.pearson_chi2 / glm.df_resid)
    assert np.isnan(fit.alpha) and fit.converged
    nb = segmented_regression(hits, tokens, time, event_time=24, family="negbin")
    direct = sm.NegativeBinomial(hits, design, loglike_method="nb2", offset=np.log(tokens)).fit(
        disp=0, maxiter=500
    )
    np.testing.assert_allclose(nb.ratio, np.exp(direct.params[:4]), rtol=1e-6)
    np.testing.assert_allclose(nb.low, np.exp(direct.conf_int()[:4, 0]), rtol=1e-6)
    np.testing.assert_allclose(nb.p, direct.pvalues[:4], rtol=1e-5)
    assert nb.alpha == pytest.approx(float(direct.params[-1]), rel=1e-6)
    # the data were made overdispersed, and the test says so
    assert fit.overdispersion_p < 0.05


# ---------------------------------------------------------------------------- compare_periods


def slice_counts(corpus, terms, lo=None, hi=None, by=None):
    """count_terms on the articles published in [lo, hi): hits, tokens and articles."""
    keep = pd.Series(True, index=corpus.index)
    if lo is not None:
        keep &= corpus["published"] >= lo
    if hi is not None:
        keep &= corpus["published"] < hi
    if not keep.any():
        return None
    return quiet(toolkit.count_terms, corpus[keep], terms, by=by)


def test_compare_periods_equals_counts_of_each_side_and_scipy(sotu_corpus):
    table = compare_periods(sotu_corpus, WAR, event="1945-01-01")
    assert table.columns.tolist() == COMPARE_COLUMNS
    before = slice_counts(sotu_corpus, WAR, hi=EVENT)
    after = slice_counts(sotu_corpus, WAR, lo=EVENT)
    assert table["term"].tolist() == ["war", "peace"]
    assert (table["event"] == EVENT).all()
    assert table["hits_before"].tolist() == before["hits"].tolist()
    assert table["hits_after"].tolist() == after["hits"].tolist()
    assert table["tokens_before"].tolist() == before["n_tokens"].tolist()
    assert table["tokens_after"].tolist() == after["n_tokens"].tolist()
    assert table["n_docs_before"].tolist() == before["n_docs"].tolist()
    assert table["n_docs_after"].tolist() == after["n_docs"].tolist()
    np.testing.assert_allclose(table["rate_before"], before["per_10k"])
    np.testing.assert_allclose(table["rate_after"], after["per_10k"])
    for _, row in table.iterrows():
        a, ta = int(row["hits_before"]), int(row["tokens_before"])
        b, tb = int(row["hits_after"]), int(row["tokens_after"])
        ratio, low, high = by_hand_interval(a, ta, b, tb)
        assert row["rate_ratio"] == pytest.approx(ratio, rel=1e-12)
        assert row["rate_ratio_low"] == pytest.approx(low, rel=1e-9)
        assert row["rate_ratio_high"] == pytest.approx(high, rel=1e-9)
        assert row["p"] == pytest.approx(stats.binomtest(b, a + b, tb / (ta + tb)).pvalue)
    adjusted = sm.stats.multipletests(table["p"], method="fdr_bh")[1]
    np.testing.assert_allclose(table["p_adj"], adjusted)
    assert table["window_start"].iloc[0] == sotu_corpus["published"].min()
    assert table["window_end"].iloc[0] == sotu_corpus["published"].max()
    # war is no more frequent after 1945 than before; peace is
    war, peace = table.iloc[0], table.iloc[1]
    assert war["rate_ratio_low"] < 1 < war["rate_ratio_high"]
    assert peace["rate_ratio_low"] > 1 and peace["p"] < 1e-10


def test_several_events_and_windows_by_group(sotu_corpus):
    events = [pd.Timestamp("1918-01-01", tz="UTC"), EVENT]
    window = pd.Timedelta(days=3650)
    table = compare_periods(
        sotu_corpus, WAR, event=["1945-01-01", "1918-01-01"], by="source", before="3650D",
        after=window,
    )  # fmt: skip
    assert table.columns.tolist() == ["source", *COMPARE_COLUMNS]
    for i, event in enumerate(events):
        lo = max(events[i - 1], event - window) if i else event - window
        hi = min(events[i + 1], event + window) if i + 1 < len(events) else event + window
        before = slice_counts(sotu_corpus, WAR, lo=lo, hi=event, by="source")
        after = slice_counts(sotu_corpus, WAR, lo=event, hi=hi, by="source")
        rows = table[table["event"] == event]
        assert set(rows["source"]) == set(before["source"]) | set(after["source"])
        for side, counts in (("before", before), ("after", after)):
            merged = rows.merge(counts, on=["source", "term"], how="left")
            assert merged[f"hits_{side}"].tolist() == merged["hits"].fillna(0).astype(int).tolist()
            tokens = merged["n_tokens"].fillna(0).astype(int).tolist()
            assert merged[f"tokens_{side}"].tolist() == tokens
    # a side without articles: NaN rates, not a ratio of zeros
    empty = table[table["tokens_before"] == 0]
    assert len(empty) and empty["rate_ratio"].isna().all() and empty["p"].isna().all()


def test_compare_periods_counts_each_article_in_its_language():
    corpus = toolkit.read_corpus(
        pd.DataFrame(  # synthetic: English and Russian articles around an event
            {
                "source": ["TASS", "TASS", "TASS", "BBC", "BBC", "BBC"],
                "published": ["2022-01-05", "2022-03-01", "2022-03-09", "2022-01-10",
                              "2022-02-25", "2022-04-01"],
                "language": ["ru", "ru", "en", "en", "en", "uk"],
                "text": ["Мир и единство.", "Санкции, санкции и ещё санкции.",
                         "Sanctions were imposed.", "Trade talks and peace.",
                         "Sanctions on banks and more sanctions.", "Санкції знову."],
            }
        )
    )  # fmt: skip
    sanctions = [f for f in toolkit.load_dictionary("rhetoric", lang=None) if f.name == "sanctions"]
    event = pd.Timestamp("2022-02-24", tz="UTC")
    table = quiet(compare_periods, corpus, sanctions, event="2022-02-24", by="source")
    before = slice_counts(corpus, sanctions, hi=event, by="source")
    after = slice_counts(corpus, sanctions, lo=event, by="source")
    for side, counts in (("before", before), ("after", after)):
        merged = table.merge(counts, on=["source", "term"])
        assert merged[f"hits_{side}"].tolist() == merged["hits"].tolist()
        assert merged[f"tokens_{side}"].tolist() == merged["n_tokens"].tolist()
    with pytest.warns(toolkit.CorpusWarning, match="uk: 1"):
        compare_periods(corpus, sanctions, event="2022-02-24", by="source")


def test_sanctions_before_and_after_the_invasion_in_real_news(dev_news):
    sanctions = [f for f in toolkit.load_dictionary("rhetoric", lang=None) if f.name == "sanctions"]
    event = pd.Timestamp("2022-02-24", tz="UTC")
    corpus = dev_news[dev_news["published"] < pd.Timestamp("2023-02-24", tz="UTC")]
    table = quiet(compare_periods, corpus, sanctions, event=event, by="source", after="365D")
    before = slice_counts(corpus, sanctions, hi=event, by="source")
    after = slice_counts(corpus, sanctions, lo=event, hi=event + pd.Timedelta(days=365),
                         by="source")  # fmt: skip
    for side, counts in (("before", before), ("after", after)):
        merged = table.merge(counts, on=["source", "term"], how="left")
        assert merged[f"hits_{side}"].tolist() == merged["hits"].fillna(0).astype(int).tolist()
        assert (
            merged[f"tokens_{side}"].tolist() == merged["n_tokens"].fillna(0).astype(int).tolist()
        )
    both = table[(table["tokens_before"] > 0) & (table["tokens_after"] > 0)]
    assert len(both) >= 3
    _, low, high = rate_ratio_interval(
        both["hits_before"], both["tokens_before"], both["hits_after"], both["tokens_after"]
    )
    np.testing.assert_allclose(both["rate_ratio_low"], low)
    np.testing.assert_allclose(both["rate_ratio_high"], high)


def test_undated_articles_are_left_out_with_a_warning():
    corpus = toolkit.read_corpus(
        pd.DataFrame(  # synthetic
            {"published": ["2022-01-01", None, "2022-03-01"],
             "text": ["Sanctions.", "Sanctions, sanctions.", "Sanctions and talks."]}
        )
    )  # fmt: skip
    with pytest.warns(toolkit.CorpusWarning, match="1 of 3 articles have no publication date"):
        table = compare_periods(corpus, {"s": ["sanction*"]}, event="2022-02-01")
    assert table[["hits_before", "hits_after"]].values.tolist() == [[1, 1]]
    undated = corpus.assign(published=pd.NaT)
    with pytest.raises(CorpusError, match="needs publication dates"):
        compare_periods(undated, {"s": ["sanction*"]}, event="2022-02-01")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"event": "not a date"}, "not a date I can read"),
        ({"event": []}, "empty"),
        ({"event": 1945}, "takes a date"),
        ({"event": "1945-01-01", "before": "6M"}, "write days or weeks"),
        ({"event": "1945-01-01", "after": "-3D"}, "positive"),
        ({"event": "1945-01-01", "before": 30}, "length of time"),
        ({"event": "1945-01-01", "by": "term"}, "by= names"),
    ],
)
def test_compare_periods_options(sotu_corpus, options, message):
    with pytest.raises(ToolkitError, match=message):
        compare_periods(sotu_corpus.iloc[:5], WAR, **options)


# ---------------------------------------------------------------------------- event_trend


@pytest.fixture(scope="module")
def sotu_trend(sotu_corpus):
    with pytest.warns(toolkit.CorpusWarning, match="overdispersed in 2 of 2 series"):
        return event_trend(sotu_corpus, WAR, event="1945-01-01", period="Y")


def test_the_period_table_equals_count_terms_by_period(sotu_corpus, sotu_trend):
    periods = sotu_trend.periods
    assert periods.columns.tolist() == TREND_PERIOD_COLUMNS
    counted = toolkit.count_terms(sotu_corpus, WAR, period="Y")
    assert periods["period"].tolist() == counted["period"].tolist()
    assert periods["term"].tolist() == counted["term"].tolist()
    assert periods["hits"].tolist() == counted["hits"].tolist()
    assert periods["n_tokens"].tolist() == counted["n_tokens"].tolist()
    np.testing.assert_allclose(periods["per_10k"], counted["per_10k"])
    assert set(periods.loc[periods["period"] < EVENT, "segment"]) == {"before"}
    assert set(periods.loc[periods["period"] >= EVENT, "segment"]) == {"after"}
    assert periods.attrs["event"] == EVENT


def test_its_coefficients_equal_statsmodels_glm_on_the_period_table(sotu_trend):
    effects = sotu_trend.effects
    assert effects.columns.tolist() == EFFECT_COLUMNS
    for term in WAR:
        series = sotu_trend.periods[sotu_trend.periods["term"] == term].reset_index(drop=True)
        time = np.arange(len(series), dtype=float)
        event_time = float(np.flatnonzero(series["segment"] == "after")[0])
        used = series["n_tokens"] > 0
        y, tokens = series.loc[used, "hits"], series.loc[used, "n_tokens"]
        design = its_design(time[used], event_time)
        glm = sm.GLM(y.to_numpy(), design, family=sm.families.Poisson(),
                     offset=np.log(tokens.to_numpy(dtype=float))).fit()  # fmt: skip
        ci = glm.conf_int()
        row = effects[effects["term"] == term].iloc[0]
        for i, name in ((1, "trend_ratio"), (2, "level_ratio"), (3, "slope_ratio")):
            assert row[name] == pytest.approx(np.exp(glm.params[i]), rel=1e-8)
            assert row[f"{name}_low"] == pytest.approx(np.exp(ci[i, 0]), rel=1e-8)
            assert row[f"{name}_high"] == pytest.approx(np.exp(ci[i, 1]), rel=1e-8)
        assert row["level_p"] == pytest.approx(glm.pvalues[2], rel=1e-6, abs=1e-300)
        assert row["slope_p"] == pytest.approx(glm.pvalues[3], rel=1e-6, abs=1e-300)
        assert row["dispersion"] == pytest.approx(glm.pearson_chi2 / glm.df_resid)
        assert row["n_periods_before"] + row["n_periods_after"] == int(used.sum())
        fitted = series.loc[used, "fitted_per_10k"].to_numpy()
        np.testing.assert_allclose(fitted, glm.fittedvalues / tokens * 10_000, rtol=1e-8)
        after = series["segment"] == "after"
        counter = np.exp(glm.params[0] + glm.params[1] * time) * 10_000
        np.testing.assert_allclose(
            series.loc[after & used, "counterfactual_per_10k"], counter[after & used], rtol=1e-8
        )
        assert series.loc[~after, "counterfactual_per_10k"].isna().all()
        assert row["overdispersed"] and row["model"] == "poisson" and row["note"] == ""


def test_negative_binomial_equals_statsmodels_by_group(sotu_corpus):
    trend = event_trend(sotu_corpus, WAR, event="1945-01-01", by="source", period="Y",
                        family="negbin")  # fmt: skip
    assert trend.model == "negbin"
    effects = trend.effects
    assert effects.columns.tolist() == ["source", *EFFECT_COLUMNS]
    row = effects[(effects["source"] == "Democratic") & (effects["term"] == "war")].iloc[0]
    series = trend.periods[(trend.periods["source"] == "Democratic")
                           & (trend.periods["term"] == "war")].reset_index(drop=True)  # fmt: skip
    time = np.arange(len(series), dtype=float)
    event_time = float(np.flatnonzero(series["segment"] == "after")[0])
    used = (series["n_tokens"] > 0).to_numpy()
    direct = sm.NegativeBinomial(
        series.loc[used, "hits"].to_numpy(), its_design(time[used], event_time),
        loglike_method="nb2", offset=np.log(series.loc[used, "n_tokens"].to_numpy(dtype=float)),
    ).fit(disp=0, maxiter=500)  # fmt: skip
    assert row["level_ratio"] == pytest.approx(np.exp(direct.params[2]), rel=1e-5)
    assert row["slope_ratio"] == pytest.approx(np.exp(direct.params[3]), rel=1e-5)
    assert row["level_ratio_low"] == pytest.approx(np.exp(direct.conf_int()[2, 0]), rel=1e-5)
    assert row["alpha"] == pytest.approx(direct.params[-1], rel=1e-5)
    # groups that cannot be fitted say why
    whig = effects[effects["source"] == "Whig"]
    assert whig["level_ratio"].isna().all()
    assert whig["note"].str.contains(f"fewer than {MIN_PERIODS} periods").all()


def test_a_period_that_straddles_the_event_is_left_out(sotu_corpus):
    trend = quiet(event_trend, sotu_corpus, {"war": ["war"]}, event="1945-06-15", period="Y")
    segments = trend.periods.set_index("period")["segment"]
    assert segments[pd.Timestamp("1945-01-01", tz="UTC")] == "transition"
    assert segments[pd.Timestamp("1944-01-01", tz="UTC")] == "before"
    assert segments[pd.Timestamp("1946-01-01", tz="UTC")] == "after"
    transition = trend.periods[trend.periods["segment"] == "transition"]
    assert transition["fitted_per_10k"].isna().all()
    row = trend.effects.iloc[0]
    used = trend.periods[(trend.periods["n_tokens"] > 0)]
    assert row["n_periods_before"] == (used["segment"] == "before").sum()
    assert row["n_periods_after"] == (used["segment"] == "after").sum()


def test_the_same_results_from_chunks_and_dask(sotu_corpus, sotu_trend, tmp_path):
    table = compare_periods(sotu_corpus, WAR, event=["1918-01-01", "1945-01-01"], by="source")
    chunks = toolkit.read_corpus(
        toolkit.write_corpus(sotu_corpus, tmp_path / "s.parquet"), chunksize=30
    )
    pd.testing.assert_frame_equal(
        table,
        compare_periods(chunks, WAR, event=["1918-01-01", "1945-01-01"], by="source"),
        check_dtype=False,
    )
    chunked = quiet(event_trend, chunks, WAR, event="1945-01-01", period="Y")
    pd.testing.assert_frame_equal(sotu_trend.effects, chunked.effects)
    pd.testing.assert_frame_equal(sotu_trend.periods, chunked.periods)
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(sotu_corpus, npartitions=4)
    with dask.config.set(scheduler="synchronous"):
        found = compare_periods(frame, WAR, event=["1918-01-01", "1945-01-01"], by="source")
        trend = quiet(event_trend, frame, WAR, event="1945-01-01", period="Y")
    pd.testing.assert_frame_equal(table, found, check_dtype=False)
    pd.testing.assert_frame_equal(sotu_trend.effects, trend.effects, check_dtype=False)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"event": ["1918-01-01", "1945-01-01"]}, "one event at a time"),
        ({"event": "1945-01-01", "family": "gaussian"}, "family="),
        ({"event": "1945-01-01", "period": "month"}, "period must be one of"),
    ],
)
def test_event_trend_options(sotu_corpus, options, message):
    with pytest.raises(ToolkitError, match=message):
        event_trend(sotu_corpus.iloc[:5], WAR, **options)


def test_repr(sotu_trend):
    assert repr(sotu_trend) == "EventTrend(poisson, event 1945-01-01, period 'Y': 2 series)"
