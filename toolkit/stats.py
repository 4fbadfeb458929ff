"""Every formula the analyses use: intervals, tests on 2x2 tables, association, dispersion.

All functions are vectorised over NumPy arrays and pandas Series and take counts, never texts:
the analyses count, this module computes. Each formula is tested against SciPy or a published
worked example (``tests/test_stats.py``). SciPy is imported inside the functions that need it,
which keeps ``import toolkit`` fast.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61-74.

Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal
of Corpus Linguistics* 13(4), 403-437.

Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches to
Social Science (CASS), Lancaster University.

Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted
frequencies in corpora". *International Journal of Corpus Linguistics* 17(1), 147-149.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "benjamini_hochberg",
    "bootstrap_mean_interval",
    "chi2_p_value",
    "gries_dp",
    "log_likelihood",
    "log_ratio",
    "mean_interval",
    "pearson_chi2",
    "pmi",
    "poisson_interval",
    "spearman",
    "t_score",
    "wilson_interval",
]

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
    from scipy import special

    k = np.asarray(counts, dtype=float)
    alpha = 1.0 - confidence
    # chi2(q, 2k) / 2 is gammaincinv(k, q), computed once per distinct count (tables of counts
    # by group and period repeat few values many times)
    values, inverse = _distinct(k.ravel())
    low = np.zeros(len(values))
    positive = values > 0
    low[positive] = special.gammaincinv(values[positive], alpha / 2)
    high = special.gammaincinv(values + 1, 1 - alpha / 2)
    return low[inverse].reshape(k.shape), high[inverse].reshape(k.shape)


def _whole(values: np.ndarray) -> bool:
    """Whether ``values`` are whole numbers from 0 to 2**26 (pairs of them make exact floats)."""
    return bool(values.min() >= 0 and values.max() < 2**26 and (values == np.floor(values)).all())


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)``; for whole counts not far above their number
    (the usual table of counts), found by counting instead of sorting."""
    if len(values) and values.min() >= 0 and values.max() < 4 * len(values) + 1024:
        whole = values.astype(np.int64)
        if (whole == values).all():
            present = np.bincount(whole) > 0
            rank = np.cumsum(present) - 1
            return np.flatnonzero(present).astype(values.dtype), rank[whole]
    return np.unique(values, return_inverse=True)


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
    if x.ndim == 1 and x.shape == n.shape and len(x) > 1024 and _whole(x) and _whole(n):
        # computed once per distinct (x, n) pair: tables of counts repeat few pairs many times
        distinct, inverse = _distinct(n * (x.max() + 1) + x)
        if len(distinct) < len(x) // 4:
            one = np.zeros(len(distinct), dtype=np.int64)
            one[inverse] = np.arange(len(x))  # a row of each pair
            low, high = wilson_interval(x[one], n[one], confidence=confidence)
            return low[inverse], high[inverse]
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    # at x = 0 (x = n) the lower (upper) bound is exactly 0 (1), not a rounding error away
    low = np.where(n > 0, np.where(x == 0, 0.0, np.clip(centre - half, 0, 1)), np.nan)
    high = np.where(n > 0, np.where(x == n, 1.0, np.clip(centre + half, 0, 1)), np.nan)
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


def log_likelihood(o11: ArrayLike, o12: ArrayLike, o21: ArrayLike, o22: ArrayLike) -> np.ndarray:
    """Log-likelihood G2 (Dunning 1993) of the 2x2 tables ``[[o11, o12], [o21, o22]]``.

    ``G2 = 2 * sum(O * ln(O / E))`` over the four cells, with ``E = row sum * column sum / N``
    and ``0 * ln 0 = 0``. Tables with an empty row or column have G2 = 0 (observed equals
    expected). G2 is never negative.

    Examples
    --------
    >>> log_likelihood([3], [0], [2], [8]).round(3).tolist()
    [7.315]
    """
    cells = [np.asarray(o, dtype=float) for o in (o11, o12, o21, o22)]
    row1, row2 = cells[0] + cells[1], cells[2] + cells[3]
    col1, col2 = cells[0] + cells[2], cells[1] + cells[3]
    total = row1 + row2
    total_safe = np.where(total > 0, total, 1.0)
    expected = [row1 * col1, row1 * col2, row2 * col1, row2 * col2]
    g2 = np.zeros(np.broadcast(*cells).shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, numerator in zip(cells, expected, strict=True):
            g2 = g2 + np.where(
                observed > 0, observed * np.log(observed * total_safe / numerator), 0.0
            )
    return np.clip(2.0 * g2, 0.0, None)


def pearson_chi2(o11: ArrayLike, o12: ArrayLike, o21: ArrayLike, o22: ArrayLike) -> np.ndarray:
    """Pearson's chi-square of 2x2 tables, without Yates' correction; 0 if a margin is empty.

    Examples
    --------
    >>> pearson_chi2([10], [20], [30], [40]).round(4).tolist()
    [0.7937]
    """
    a, b, c, d = (np.asarray(o, dtype=float) for o in (o11, o12, o21, o22))
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (a + b + c + d) * (a * d - b * c) ** 2 / denom
    return np.where(denom > 0, chi2, 0.0)


def chi2_p_value(statistic: ArrayLike) -> np.ndarray:
    """Upper tail of the chi-square distribution with one degree of freedom.

    Examples
    --------
    >>> chi2_p_value([3.841459]).round(4).tolist()
    [0.05]
    """
    from scipy import stats

    return np.asarray(stats.chi2.sf(np.asarray(statistic, dtype=float), 1), dtype=float)


def log_ratio(a: ArrayLike, total_a: ArrayLike, b: ArrayLike, total_b: ArrayLike) -> np.ndarray:
    """Hardie's (2014) Log Ratio: ``log2((a / A) / (b / B))``, a count of 0 taken as 0.5.

    1 means twice as frequent in the first corpus, -1 half as frequent; the 0.5 keeps it finite.

    Examples
    --------
    >>> log_ratio([3, 0], 5, [0, 2], 8).round(3).tolist()
    [3.263, -1.322]
    """
    a_adj = np.where(np.asarray(a) > 0, a, 0.5).astype(float)
    b_adj = np.where(np.asarray(b) > 0, b, 0.5).astype(float)
    return np.log2((a_adj / np.asarray(total_a, dtype=float)) / (b_adj / np.asarray(total_b)))


def pmi(observed: ArrayLike, expected: ArrayLike) -> np.ndarray:
    """Pointwise mutual information ``log2(observed / expected)``.

    Examples
    --------
    >>> pmi([4], [1]).tolist()
    [2.0]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2(np.asarray(observed, dtype=float) / np.asarray(expected, dtype=float))


def t_score(observed: ArrayLike, expected: ArrayLike) -> np.ndarray:
    """The collocation t-score ``(observed - expected) / sqrt(observed)``.

    Examples
    --------
    >>> t_score([4], [1]).tolist()
    [1.5]
    """
    o = np.asarray(observed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (o - np.asarray(expected, dtype=float)) / np.sqrt(o)


def gries_dp(frequencies: ArrayLike, sizes: ArrayLike) -> tuple[float, float]:
    """Gries' deviation of proportions and its normalised form, for one term over corpus parts.

    ``DP = 0.5 * sum(|v_i - s_i|)``, where ``v_i`` is part ``i``'s share of the term's
    frequency and ``s_i`` its share of the corpus size (Gries 2008); ``DP_norm = DP / (1 -
    min(s_i))`` (Lijffijt & Gries 2012). Both are NaN when the term never occurs, when there are
    fewer than two parts or when the parts have no size.

    Examples
    --------
    The worked example of Gries (2008): a term with frequencies 1, 2, 3, 4, 5 in five corpus
    parts of sizes 9, 10, 10, 10, 11 has DP = 0.18, and DP_norm = 0.18 / (1 - 0.18):

    >>> dp, dp_norm = gries_dp([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    >>> round(dp, 3), round(dp_norm, 3)
    (0.18, 0.22)
    """
    freq = np.asarray(frequencies, dtype=float)
    size = np.asarray(sizes, dtype=float)
    total, corpus = freq.sum(), size.sum()
    if total == 0 or len(freq) < 2 or corpus <= 0:
        return float("nan"), float("nan")
    s = size / corpus
    dp = 0.5 * float(np.abs(freq / total - s).sum())
    return dp, dp / (1 - float(s.min()))


def mean_interval(
    mean: ArrayLike, sd: ArrayLike, n: ArrayLike, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Student's t confidence interval of a mean from its sample sd (ddof 1) and size ``n``.

    NaN where ``n < 2``.

    Examples
    --------
    >>> low, high = mean_interval([0.5], [0.2], [10])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.3569, 0.6431)
    """
    from scipy import stats

    m = np.asarray(mean, dtype=float)
    k = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(k >= 2, k - 1, np.nan)
        half = stats.t.ppf(1 - (1 - confidence) / 2, df) * np.asarray(sd, dtype=float) / np.sqrt(k)
    return np.where(k >= 2, m - half, np.nan), np.where(k >= 2, m + half, np.nan)


def bootstrap_mean_interval(
    values: ArrayLike, *, confidence: float = 0.95, n_boot: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of a mean (Efron 1979), NaN for fewer than two
    values.

    The mean of ``n_boot`` resamples (with replacement, same size) is computed; the interval is
    their ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles. Unlike the t-interval
    it never leaves the range of the data, so the interval of a score bounded by -1 and 1 stays
    within -1 and 1 however few or skewed the values are. A fixed ``seed`` makes it repeatable.

    Examples
    --------
    >>> low, high = bootstrap_mean_interval([-1.0, -1.0, -1.0, 0.9])
    >>> bool(-1 <= low <= high <= 1)
    True
    """
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    n = data.size
    if n < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // n))  # at most ~16 MB of indices at a time
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        picks = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = data[picks].mean(axis=1)
    tail = (1 - confidence) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


def spearman(x: ArrayLike, y: ArrayLike) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks (ties get their mean rank).

    NaN when fewer than two pairs are given or a variable is constant.

    Examples
    --------
    >>> round(spearman([1, 2, 3, 4], [10, 20, 30, 25]), 6)
    0.8
    """
    import pandas as pd

    a = pd.Series(np.asarray(x, dtype=float)).rank().to_numpy()
    b = pd.Series(np.asarray(y, dtype=float)).rank().to_numpy()
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])
