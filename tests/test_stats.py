import numpy as np
from scipy import stats

from toolkit.stats import benjamini_hochberg, poisson_interval, wilson_interval


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


def test_wilson_interval_is_nan_without_trials():
    low, high = wilson_interval([0], [0])
    assert np.isnan(low[0]) and np.isnan(high[0])
