"""Confidence intervals and multiple-testing corrections shared by the analyses.

All functions are vectorised over NumPy arrays and pandas Series. SciPy is imported inside the
functions that need it (here and in the analyses), which keeps ``import toolkit`` fast.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["benjamini_hochberg", "poisson_interval", "wilson_interval"]

ArrayLike = Any


def poisson_interval(
    counts: ArrayLike, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence interval for the mean of a Poisson count.

    The interval for an observed count ``k`` is ``[chi2(a/2, 2k) / 2, chi2(1 - a/2, 2k + 2) / 2]``
    (Garwood 1936), with a lower bound of 0 when ``k = 0``. Divide by the exposure (tokens) to get
    an interval for a rate.

    Examples
    --------
    >>> low, high = poisson_interval([0, 10])
    >>> low.round(3).tolist(), high.round(3).tolist()
    ([0.0, 4.795], [3.689, 18.39])
    """
    from scipy import stats

    k = np.asarray(counts, dtype=float)
    alpha = 1.0 - confidence
    low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def wilson_interval(
    successes: ArrayLike, trials: ArrayLike, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (NaN where ``trials`` is 0).

    Examples
    --------
    >>> low, high = wilson_interval([3], [10])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.1078, 0.6032)
    """
    from scipy import stats

    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false discovery rate), in the input order.

    NaN p-values stay NaN and do not count towards the number of tests.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.20]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.2]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    vals = p[ok]
    order = np.argsort(vals)
    ranked = vals[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    result = np.empty(m)
    result[order] = adjusted
    out[ok] = result
    return out
