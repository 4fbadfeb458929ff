"""Tests of toolkit.stats: every formula against SciPy or a published worked example."""

import numpy as np
import pytest
from scipy import special, stats

from toolkit.stats import (
    benjamini_hochberg,
    chi2_p_value,
    gries_dp,
    log_likelihood,
    log_ratio,
    mean_interval,
    pearson_chi2,
    pmi,
    poisson_interval,
    spearman,
    t_score,
    wilson_interval,
)

# Synthetic 2x2 tables of counts, from sparse to large, with a zero cell among them.
TABLES = [[[10, 20], [30, 400]], [[3, 0], [2, 9]], [[1, 1], [1, 1]], [[120, 3400], [80, 6100]]]


def test_interval_helpers_against_scipy():
    low, high = poisson_interval(np.arange(0, 50))
    assert low[0] == 0
    assert np.allclose(stats.poisson.sf(np.arange(1, 50) - 1, low[1:]), 0.025)
    assert np.allclose(stats.poisson.cdf(np.arange(0, 50), high), 0.025)
    for x, n in [(0, 5), (3, 10), (10, 10), (57, 230)]:
        ci = stats.binomtest(x, n).proportion_ci(method="wilson")
        assert np.allclose(wilson_interval([x], [n]), [[ci.low], [ci.high]])
    p = np.random.default_rng(0).uniform(size=40) ** 3
    assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p))
    assert np.isnan(benjamini_hochberg([np.nan, 0.01])[0])


@pytest.mark.parametrize(
    "counts", [7, [0, 3, 3, np.nan, 7], np.arange(12).reshape(3, 4), [], [2.5, -0.5, -3],
               np.arange(3000) % 97, [0, 10**7, 5, 5]],
)  # fmt: skip
def test_poisson_interval_is_exactly_garwoods_chi2_formula(counts):
    """chi2.ppf(a/2, 2k)/2 and chi2.ppf(1 - a/2, 2k + 2)/2 for every count, whatever the shape,
    repeats, zeros and NaN (whole counts are told apart by counting, others and very large ones
    by sorting): SciPy's floats beyond 1,000 and for counts that are not whole, the same to
    1e-12 (a few ulps) for the whole counts up to 1,000 that poisson_interval computes itself."""
    k = np.asarray(counts, dtype=float)
    alpha = 1 - 0.95
    low, high = poisson_interval(counts)
    with np.errstate(invalid="ignore"):
        expected_low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
        expected_high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    assert low.shape == high.shape == k.shape
    own = (k >= 0) & (k <= 1000) & (k == np.floor(k))
    for got, expected in ((low, expected_low), (high, expected_high)):
        assert np.array_equal(got[~own], expected[~own], equal_nan=True)
        np.testing.assert_allclose(got[own], expected[own], rtol=1e-12, atol=0)
    assert (low[k == 0] == 0).all()


@pytest.mark.parametrize("confidence", [0.5, 0.9, 0.95, 0.99, 0.999])
def test_poisson_interval_of_counts_to_1000_is_scipys_to_1e_12(confidence):
    """The interval of whole counts up to 1,000 is computed without SciPy (whose import would
    be most of an analysis's first call): Newton's method on Poisson sums, against SciPy's
    gammaincinv at every count and several confidence levels."""
    k = np.arange(0, 1001, dtype=float)
    alpha = 1 - confidence
    low, high = poisson_interval(k, confidence=confidence)
    expected_low = np.where(k > 0, special.gammaincinv(np.maximum(k, 1), alpha / 2), 0.0)
    expected_high = special.gammaincinv(k + 1, 1 - alpha / 2)
    np.testing.assert_allclose(low, expected_low, rtol=1e-12, atol=0)
    np.testing.assert_allclose(high, expected_high, rtol=1e-12, atol=0)
    assert low[0] == 0 and high[0] == pytest.approx(-np.log(alpha / 2), rel=1e-15)


def test_the_normal_quantile_of_wilson_intervals_is_scipys():
    """wilson_interval's normal quantile comes from the standard library (statistics), not
    SciPy: the same number to 1e-15, the same interval to 1e-12."""
    from statistics import NormalDist

    for confidence in (0.5, 0.9, 0.95, 0.99, 0.999):
        q = 1 - (1 - confidence) / 2
        assert NormalDist().inv_cdf(q) == pytest.approx(special.ndtri(q), rel=1e-15)
    x, n = np.arange(0, 60), np.full(60, 59)
    z = special.ndtri(0.975)
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    low, high = wilson_interval(x, n)
    np.testing.assert_allclose(low[1:], np.clip(centre - half, 0, 1)[1:], rtol=1e-12, atol=0)
    np.testing.assert_allclose(high[:-1], np.clip(centre + half, 0, 1)[:-1], rtol=1e-12, atol=0)


def test_wilson_interval_is_nan_without_trials():
    low, high = wilson_interval([0], [0])
    assert np.isnan(low[0]) and np.isnan(high[0])


@pytest.mark.parametrize("table", TABLES)
def test_g2_and_chi2_against_scipy(table):
    cells = np.array(table)
    g2 = stats.chi2_contingency(cells, correction=False, lambda_="log-likelihood").statistic
    chi2 = stats.chi2_contingency(cells, correction=False).statistic
    args = [np.array([v]) for v in cells.ravel()]
    assert log_likelihood(*args)[0] == pytest.approx(g2, rel=1e-12)
    assert pearson_chi2(*args)[0] == pytest.approx(chi2, rel=1e-12)
    assert chi2_p_value([g2])[0] == pytest.approx(stats.chi2.sf(g2, 1))


def test_g2_zero_cells_and_empty_margins():
    # 0 ln 0 = 0; an empty margin gives 0 for both statistics
    assert log_likelihood([0], [0], [3], [5])[0] == 0
    assert pearson_chi2([0], [0], [3], [5])[0] == 0
    # vectorised: one call, many tables
    many = log_likelihood(*np.array([np.ravel(t) for t in TABLES]).T)
    assert many.shape == (len(TABLES),) and (many >= 0).all()


def test_log_ratio_by_hand():
    # Hardie (2014): log2 of the ratio of relative frequencies, 0 counts taken as 0.5
    assert log_ratio([8], 1000, [2], 1000)[0] == pytest.approx(2.0)
    assert log_ratio([0], 100, [4], 200)[0] == pytest.approx(np.log2((0.5 / 100) / (4 / 200)))


def test_pmi_and_t_score_by_hand():
    assert pmi([8], [2])[0] == pytest.approx(2.0)
    assert t_score([9], [3])[0] == pytest.approx((9 - 3) / 3)


def test_gries_dp_published_example():
    # Gries (2008): frequencies 1..5 over five parts of sizes 9, 10, 10, 10, 11 give DP = 0.18
    dp, dp_norm = gries_dp([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    assert dp == pytest.approx(0.18)
    assert dp_norm == pytest.approx(0.18 / (1 - 9 / 50))
    assert gries_dp([5, 0], [10, 10]) == pytest.approx((0.5, 1.0))
    assert all(np.isnan(v) for v in gries_dp([0, 0], [10, 10]))
    assert all(np.isnan(v) for v in gries_dp([3], [10]))


def test_mean_interval_against_scipy():
    rng = np.random.default_rng(1)
    for n in (2, 5, 40):
        x = rng.normal(size=n)
        low, high = mean_interval([x.mean()], [x.std(ddof=1)], [n])
        ref = stats.t.interval(0.95, n - 1, loc=x.mean(), scale=stats.sem(x))
        assert (low[0], high[0]) == pytest.approx(ref)
    low, high = mean_interval([0.3], [0.0], [1])
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_spearman_against_scipy():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 5, size=60).astype(float)  # many ties
    y = x + rng.normal(size=60)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
    assert np.isnan(spearman([1, 1, 1], [1, 2, 3]))


def test_wilson_bounds_are_exact_at_zero_and_all():
    low, high = wilson_interval([0, 200], [200, 200])
    assert low[0] == 0.0 and high[1] == 1.0


def test_wilson_interval_of_a_long_table_is_that_of_each_row():
    """A long table of repeated (successes, trials) pairs, computed once per pair, gives the
    floats each row gives on its own (and NaN without trials); non-whole counts too."""
    rng = np.random.default_rng(3)
    trials = rng.integers(0, 40, 6000).astype(float)
    successes = np.minimum(rng.integers(0, 4, 6000), trials)
    for x in (successes, np.where(np.arange(6000) % 9 == 0, 0.5, successes)):
        low, high = wilson_interval(x, trials)
        rows = [wilson_interval(x[i : i + 1], trials[i : i + 1]) for i in range(0, 6000, 37)]
        assert np.array_equal(low[::37], [r[0][0] for r in rows], equal_nan=True)
        assert np.array_equal(high[::37], [r[1][0] for r in rows], equal_nan=True)
        assert np.isnan(low[trials == 0]).all()
