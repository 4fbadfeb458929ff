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

from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "SEGMENT_TERMS",
    "SegmentedFit",
    "benjamini_hochberg",
    "bootstrap_mean_interval",
    "chi2_p_value",
    "gries_dp",
    "log_likelihood",
    "log_ratio",
    "mean_interval",
    "overdispersion_test",
    "pearson_chi2",
    "pmi",
    "poisson_interval",
    "rate_ratio_interval",
    "rate_ratio_test",
    "segmented_regression",
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
    k = np.asarray(counts, dtype=float)
    alpha = 1.0 - confidence
    # chi2(q, 2k) / 2 is gammaincinv(k, q), computed once per distinct count (tables of counts
    # by group and period repeat few values many times): for whole counts up to _GARWOOD_MAX
    # here (no SciPy to import on an analysis's first call), for the others by SciPy
    values, inverse = _distinct(k.ravel())
    low = np.zeros(len(values))
    high = np.zeros(len(values))
    small = (values >= 0) & (values <= _GARWOOD_MAX) & (values == np.floor(values))
    if small.any():
        whole = values[small]
        positive = whole > 0
        low_small = np.zeros(len(whole))
        low_small[positive] = _poisson_quantile(whole[positive], alpha / 2, upper=False)
        low[small] = low_small
        high[small] = _poisson_quantile(whole + 1, alpha / 2, upper=True)
    if not small.all():
        from scipy import special

        rest = values[~small]
        low[~small] = np.where(
            rest > 0, special.gammaincinv(np.where(rest > 0, rest, 1), alpha / 2), 0.0
        )
        high[~small] = special.gammaincinv(rest + 1, 1 - alpha / 2)
    return low[inverse].reshape(k.shape), high[inverse].reshape(k.shape)


#: poisson_interval computes the interval of whole counts up to this one itself (a sum of at
#: most a few hundred Poisson terms per count); larger counts, and others, go to SciPy.
_GARWOOD_MAX = 1000


def _stirlerr(n: np.ndarray) -> np.ndarray:
    """``lgamma(n + 1) - (n + 1/2) ln n + n - ln sqrt(2 pi)`` for whole ``n >= 1`` (Loader
    2000): its series beyond 15, the formula itself below (where it loses nothing)."""
    import math

    small = np.array(
        [0.0] + [math.lgamma(i + 1) - (i + 0.5) * math.log(i) + i - 0.5 * math.log(2 * math.pi)
                 for i in range(1, 16)]
    )  # fmt: skip
    nn = n * n
    series = (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n
    return np.where(n <= 15, small[np.minimum(n, 15).astype(np.int64)], series)


def _bd0(n: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``n ln(n / x) + x - n`` without its cancellation (Loader 2000), for ``n >= 1``, ``x > 0``."""
    near = np.abs(n - x) < 0.1 * (n + x)
    v = np.where(near, (n - x) / (n + x), 0.0)
    total = (n - x) * v
    term = 2 * n * v
    for j in range(1, 40):  # |v| < 0.1: each term 100 times smaller than the one before
        term = term * v * v
        total = total + term / (2 * j + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = n * np.log(n / x) + x - n
    return np.where(near, total, direct)


def _log_poisson(i: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``ln(exp(-x) x**i / i!)`` for whole ``i >= 0`` and ``x > 0``, to a few ulps (Loader's
    saddle-point form: no cancellation of large terms)."""
    one = np.maximum(i, 1.0)
    saddle = -_stirlerr(one) - _bd0(one, x) - 0.5 * np.log(2 * np.pi * one)
    return np.where(i == 0, -x, saddle)


def _poisson_tail(n: np.ndarray, x: np.ndarray, *, upper: bool) -> np.ndarray:
    """For whole ``n >= 1``, ``Q(n, x)`` (``upper``), the Poisson probability of fewer than
    ``n`` events at mean ``x``, the regularized upper incomplete gamma function; otherwise
    ``P(n, x) = 1 - Q(n, x)``, that of ``n`` or more. Each is summed itself (never as one minus
    the other, which would lose a small tail), outwards from its largest term (at ``floor(x)``
    where it can be) as products of ratios at most 1: no overflow, an ulp per factor. Terms
    beyond 12 sqrt(x) + 40 of the largest are below 1e-30 of it and left out."""
    first, last = (np.zeros(len(n)), n - 1) if upper else (n, np.full(len(n), np.inf))
    top = np.clip(np.floor(x), first, last)
    width = int(12 * np.sqrt(x.max()) + 40)
    o = np.arange(1, width)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        down = np.where(o <= (top - first)[:, None], (top[:, None] - o + 1) / x[:, None], 0.0)
        up = np.where(o <= (last - top)[:, None], x[:, None] / (top[:, None] + o), 0.0)
        terms = 1 + np.cumprod(down, axis=1).sum(axis=1) + np.cumprod(up, axis=1).sum(axis=1)
    return np.exp(_log_poisson(top, x)) * terms


def _poisson_quantile(n: np.ndarray, tail: float, *, upper: bool) -> np.ndarray:
    """The ``x`` at which ``Q(n, x) = tail`` (``upper``; ``gammaincinv(n, 1 - tail)``) or
    ``P(n, x) = tail`` (``gammaincinv(n, tail)``), for whole ``n >= 1``: Newton's method from
    the Wilson-Hilferty guess, bisecting wherever a step would leave the bracket the steps so
    far have made."""
    from statistics import NormalDist

    if not len(n):
        return np.zeros(0)
    z = NormalDist().inv_cdf(1 - tail if upper else tail)
    x = np.maximum(n * (1 - 1 / (9 * n) + z / (3 * np.sqrt(n))) ** 3, 1e-3)
    lo, hi = np.zeros(len(n)), np.full(len(n), np.inf)
    active = np.arange(len(n))
    for _ in range(100):
        now, m = x[active], n[active]
        value = _poisson_tail(m, now, upper=upper)
        slope = np.exp(_log_poisson(m - 1, now))  # the derivative of P, of Q its negative
        below = (value > tail) if upper else (value < tail)  # x is below the root
        lo[active] = np.where(below, now, lo[active])
        hi[active] = np.where(below, hi[active], now)
        step = (value - tail) / slope * (1 if upper else -1)
        new = now + step
        # a step this small leaves an error of about its square: the root, to rounding
        done = np.abs(step) <= 1e-9 * now
        outside = ~((new > lo[active]) & (new < hi[active])) & ~done
        bisect = np.where(np.isfinite(hi[active]), (lo[active] + hi[active]) / 2, 2 * now)
        x[active] = np.where(outside, bisect, new)
        active = active[~done]
        if not len(active):
            break
    return x


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
    from statistics import NormalDist

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
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)  # the normal quantile, as stats.norm.ppf
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
    from scipy import special

    # the chi-squared survival function with 1 df, as stats.chi2.sf (scipy.special imports in a
    # third of the time scipy.stats does: the first call of an analysis pays it)
    return np.asarray(special.chdtrc(1, np.asarray(statistic, dtype=float)), dtype=float)


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
    from scipy import special

    m = np.asarray(mean, dtype=float)
    k = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(k >= 2, k - 1, np.nan)
        quantile = special.stdtrit(df, 1 - (1 - confidence) / 2)  # as stats.t.ppf
        half = quantile * np.asarray(sd, dtype=float) / np.sqrt(k)
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


def rate_ratio_interval(
    hits_a: ArrayLike,
    tokens_a: ArrayLike,
    hits_b: ArrayLike,
    tokens_b: ArrayLike,
    *,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ratio of two Poisson rates, ``(hits_b / tokens_b) / (hits_a / tokens_a)``, with its
    exact conditional confidence interval.

    Given the ``n = hits_a + hits_b`` hits of both, ``hits_b`` is Binomial(n, p) with
    ``p = tokens_b * RR / (tokens_a + tokens_b * RR)``, whatever the rates themselves are. The
    Clopper-Pearson interval of ``p`` (Clopper & Pearson 1934), ``[B(a/2; b, n - b + 1),
    B(1 - a/2; b + 1, n - b)]`` with ``B`` the quantiles of the beta distribution and
    ``a = 1 - confidence``, becomes an interval of ``RR = p / (1 - p) * tokens_a / tokens_b``
    with the same coverage, at least ``confidence`` (the conditional method for rate ratios,
    Breslow & Day 1987). At ``hits_b = 0`` the lower bound is 0; at ``hits_a = 0`` the upper
    bound is infinite. Ratio and bounds are NaN where there is no hit at all or a side has no
    tokens.

    Returns
    -------
    ratio, low, high : ndarray

    References
    ----------
    Breslow, N. E. & Day, N. E. (1987). *Statistical Methods in Cancer Research, Volume II: The
    Design and Analysis of Cohort Studies*. Lyon: IARC.

    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated
    in the case of the binomial. *Biometrika* 26(4), 404-413.

    Examples
    --------
    Ten hits in 10,000 tokens, then 25 in 12,000:

    >>> ratio, low, high = rate_ratio_interval([10], [10_000], [25], [12_000])
    >>> [round(float(v[0]), 3) for v in (ratio, low, high)]
    [2.083, 0.966, 4.861]
    """
    from scipy import special

    a, ta, b, tb = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (hits_a, tokens_a, hits_b, tokens_b))
    )
    n = a + b
    tail = (1.0 - confidence) / 2
    usable = (n > 0) & (ta > 0) & (tb > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_low = np.where(b > 0, special.betaincinv(np.where(b > 0, b, 1), n - b + 1, tail), 0.0)
        p_high = np.where(
            b < n, special.betaincinv(b + 1, np.where(b < n, n - b, 1), 1 - tail), 1.0
        )
        scale = ta / tb
        ratio = (b / tb) / (a / ta)
        low = p_low / (1 - p_low) * scale
        high = np.where(p_high < 1, p_high / (1 - p_high) * scale, np.inf)
    return (
        np.where(usable, ratio, np.nan),
        np.where(usable, low, np.nan),
        np.where(usable, high, np.nan),
    )


def rate_ratio_test(
    hits_a: ArrayLike, tokens_a: ArrayLike, hits_b: ArrayLike, tokens_b: ArrayLike
) -> np.ndarray:
    """The exact conditional test of equal Poisson rates: a two-sided p-value per row.

    Under equal rates, ``hits_b`` given ``n = hits_a + hits_b`` is Binomial(n, p0) with
    ``p0 = tokens_b / (tokens_a + tokens_b)``; the p-value sums the probabilities of every
    outcome no more likely than the one observed (the exact binomial test,
    :func:`scipy.stats.binomtest`, run once per row). NaN where there is no hit at all or a side
    has no tokens. The test that goes with :func:`rate_ratio_interval`.

    Examples
    --------
    >>> rate_ratio_test([10, 0], [10_000, 5], [25, 0], [12_000, 5]).round(4).tolist()
    [0.0604, nan]
    """
    from scipy import stats

    a, ta, b, tb = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (hits_a, tokens_a, hits_b, tokens_b))
    )
    out = np.full(a.shape, np.nan)
    usable = (a + b > 0) & (ta > 0) & (tb > 0)
    done: dict[tuple[float, float, float], float] = {}
    for i in zip(*np.nonzero(usable)):
        key = (float(b[i]), float(a[i] + b[i]), float(tb[i] / (ta[i] + tb[i])))
        if key not in done:
            done[key] = float(stats.binomtest(int(key[0]), int(key[1]), key[2]).pvalue)
        out[i] = done[key]
    return out


def overdispersion_test(counts: ArrayLike, fitted: ArrayLike) -> tuple[float, float]:
    """Cameron & Trivedi's (1990) regression test of overdispersion in a Poisson fit.

    A Poisson model says ``Var(y) = mu``; the negative binomial (NB2) says
    ``Var(y) = mu + alpha * mu**2``. The test regresses ``((y - mu)**2 - y) / mu`` on ``mu``
    by least squares without a constant: the slope estimates ``alpha``, and its t statistic,
    on ``n - 1`` degrees of freedom, tests ``alpha = 0`` against ``alpha > 0`` (one-sided).
    Observations with ``mu = 0`` are left out.

    Returns
    -------
    alpha, p : float
        NaN for fewer than two observations.

    References
    ----------
    Cameron, A. C. & Trivedi, P. K. (1990). Regression-based tests for overdispersion in the
    Poisson model. *Journal of Econometrics* 46(3), 347-364.

    Examples
    --------
    Counts that vary far more than their means allow:

    >>> alpha, p = overdispersion_test([0, 9, 1, 12, 0, 8], [5, 5, 5, 5, 5, 5])
    >>> round(alpha, 3), p < 0.05
    (0.733, True)
    """
    from scipy import stats

    y = np.asarray(counts, dtype=float).ravel()
    mu = np.asarray(fitted, dtype=float).ravel()
    keep = mu > 0
    y, mu = y[keep], mu[keep]
    if len(y) < 2:
        return float("nan"), float("nan")
    z = ((y - mu) ** 2 - y) / mu
    squares = float(mu @ mu)
    alpha = float(z @ mu) / squares
    residual = z - alpha * mu
    variance = float(residual @ residual) / (len(y) - 1)
    if variance == 0:
        return alpha, 0.0 if alpha > 0 else 1.0
    t = alpha / np.sqrt(variance / squares)
    return alpha, float(stats.t.sf(t, len(y) - 1))


class SegmentedFit(NamedTuple):
    """What :func:`segmented_regression` estimates.

    ``ratio``, ``low``, ``high`` and ``p`` have four values each, the exponentiated
    coefficients: the rate per token at time 0, the rate ratio per period before the event
    (the trend), the rate ratio at the event (the level change) and the ratio by which the
    trend changes after it (the slope change), with Wald intervals and p-values.
    """

    ratio: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p: np.ndarray
    #: The fitted rate per token of each period.
    fitted: np.ndarray
    #: The rate per token the pre-event trend gives each period (no level or slope change).
    counterfactual: np.ndarray
    #: Pearson chi-square over residual degrees of freedom of the Poisson fit (1: as Poisson).
    dispersion: float
    #: Cameron and Trivedi's test of overdispersion on the Poisson fit
    #: (:func:`overdispersion_test`).
    overdispersion_p: float
    #: The negative binomial's dispersion (``Var = mu + alpha * mu**2``); NaN for Poisson.
    alpha: float
    converged: bool


#: The coefficients of :func:`segmented_regression`, in the order of ``SegmentedFit.ratio``.
SEGMENT_TERMS: tuple[str, ...] = ("baseline", "trend", "level", "slope")


def segmented_regression(
    hits: ArrayLike,
    tokens: ArrayLike,
    time: ArrayLike,
    *,
    event_time: float,
    family: str = "poisson",
    confidence: float = 0.95,
) -> SegmentedFit:
    """Interrupted time series: segmented regression of counts over time with their exposure.

    The model (Wagner et al. 2002; Bernal, Cummins & Gasparrini 2017) is

    ``log E[hits_t] = log(tokens_t) + b0 + b1 * time_t + b2 * after_t + b3 * after_t * (time_t -
    event_time)``

    with ``after_t = time_t >= event_time``: ``exp(b1)`` is the rate ratio per period before the
    event, ``exp(b2)`` the change of level at the event (the rate of the first period after it
    over what the earlier trend predicts there), ``exp(b3)`` the change of the trend (the rate
    ratio per period after the event over that before). ``family="poisson"`` fits a Poisson GLM
    (:class:`statsmodels.genmod.generalized_linear_model.GLM`), ``"negbin"`` a negative binomial
    NB2 model whose ``alpha`` is estimated by maximum likelihood
    (:class:`statsmodels.discrete.discrete_model.NegativeBinomial`). Intervals are Wald
    intervals, ``exp(b +- z * se)``. Periods without tokens carry no information and must be
    left out by the caller.

    Overdispersion (counts that vary more than a Poisson model allows, as counts of words in
    news do) makes Poisson intervals too narrow: ``dispersion`` and ``overdispersion_p`` (of the
    Poisson fit, for either family) say how much.

    References
    ----------
    Bernal, J. L., Cummins, S. & Gasparrini, A. (2017). Interrupted time series regression for
    the evaluation of public health interventions: a tutorial. *International Journal of
    Epidemiology* 46(1), 348-355.

    Wagner, A. K., Soumerai, S. B., Zhang, F. & Ross-Degnan, D. (2002). Segmented regression
    analysis of interrupted time series studies in medication use research. *Journal of
    Clinical Pharmacy and Therapeutics* 27(4), 299-309.

    Examples
    --------
    A rate of 10 per 10,000 tokens that doubles at the event (synthetic counts):

    >>> fit = segmented_regression([10, 10, 10, 10, 20, 20, 20, 20], [10_000] * 8, range(8),
    ...                            event_time=4)
    >>> [round(float(v), 2) for v in fit.ratio[1:]]  # trend, level change, slope change
    [1.0, 2.0, 1.0]
    >>> [round(float(v), 2) for v in (fit.low[2], fit.high[2])]
    [0.86, 4.65]
    """
    import warnings

    from statsmodels.discrete.discrete_model import NegativeBinomial
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    if family not in ("poisson", "negbin"):
        from toolkit.errors import ToolkitError

        raise ToolkitError(f"family must be 'poisson' or 'negbin', got {family!r}.")
    y = np.asarray(hits, dtype=float)
    exposure = np.asarray(tokens, dtype=float)
    t = np.asarray(time, dtype=float)
    after = (t >= event_time).astype(float)
    design = np.column_stack([np.ones_like(t), t, after, after * (t - event_time)])
    offset = np.log(exposure)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (convergence is reported in `converged`)
        poisson = GLM(y, design, family=families.Poisson(), offset=offset).fit()
        mu = np.asarray(poisson.fittedvalues, dtype=float)
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid) if poisson.df_resid else np.nan
        _, overdispersion_p = overdispersion_test(y, mu)
        if family == "poisson":
            fit, alpha, converged = poisson, float("nan"), bool(poisson.converged)
        else:
            fit = NegativeBinomial(y, design, loglike_method="nb2", offset=offset).fit(
                disp=0, maxiter=500
            )
            alpha = float(fit.params[-1])
            converged = bool(fit.mle_retvals.get("converged", False))
    params = np.asarray(fit.params, dtype=float)[:4]
    bounds = np.asarray(fit.conf_int(alpha=1 - confidence), dtype=float)[:4]
    linear = design @ params
    return SegmentedFit(
        ratio=np.exp(params),
        low=np.exp(bounds[:, 0]),
        high=np.exp(bounds[:, 1]),
        p=np.asarray(fit.pvalues, dtype=float)[:4],
        fitted=np.exp(linear),
        counterfactual=np.exp(params[0] + params[1] * t),
        dispersion=dispersion,
        overdispersion_p=overdispersion_p,
        alpha=alpha,
        converged=converged,
    )


# --------------------------------------------------------------------------------------------
# agreement between coders, and rates corrected by a dictionary's precision

__all__ += ["corrected_rate_interval", "krippendorff_alpha"]


def krippendorff_alpha(reliability_data: ArrayLike, *, level: str = "nominal") -> float:
    """Krippendorff's alpha: the agreement of several coders beyond what chance would give.

    ``alpha = 1 - D_o / D_e``, the observed disagreement within units over the disagreement
    expected from the pooled values (Krippendorff 2011). Values are paired within each unit
    that at least two coders coded (the coincidence matrix), so coders may skip units and the
    number of coders may differ from unit to unit; a unit coded once is left out. ``nominal``
    counts any two different values as one disagreement; ``interval`` weighs them by their
    squared difference. 1 is perfect agreement, 0 agreement at chance, below 0 systematic
    disagreement. NaN when fewer than two values are pairable or all pairable values are the
    same (no disagreement is expected, so none can be measured).

    Parameters
    ----------
    reliability_data : array-like, shape (coders, units)
        One row per coder, one column per unit (a coded hit); NaN where a coder did not code
        the unit. Nominal values are numbers standing for categories (1 relevant, 0 not).
    level : {"nominal", "interval"}
        The level of measurement.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

    Examples
    --------
    The worked example of Krippendorff (2011, section C): four observers, twelve units, some
    units not coded by all, nominal values; alpha = 0.743:

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data), 3), round(krippendorff_alpha(data, level="interval"), 3)
    (0.743, 0.849)
    """
    if level not in ("nominal", "interval"):
        raise ValueError(f"level={level!r}: use 'nominal' or 'interval'.")
    data = np.asarray(reliability_data, dtype=float)
    if data.ndim != 2:
        raise ValueError("reliability_data must be a table of coders (rows) by units (columns).")
    coded = ~np.isnan(data)
    pairable = coded.sum(axis=0) >= 2
    data, coded = data[:, pairable], coded[:, pairable]
    values = np.unique(data[coded])
    if len(values) < 2:
        return float("nan")
    # counts[u, c]: how many coders gave unit u the value c
    index = np.searchsorted(values, np.where(coded, data, values[0]))
    counts = np.zeros((data.shape[1], len(values)))
    units = np.broadcast_to(np.arange(data.shape[1]), data.shape)
    np.add.at(counts, (units[coded], index[coded]), 1.0)
    m = counts.sum(axis=1)
    if level == "nominal":
        delta = 1.0 - np.eye(len(values))
    else:
        delta = np.subtract.outer(values, values) ** 2
    # observed: pairs within units (ordered, each unit weighted 1 / (m_u - 1)); expected: pairs
    # of the pooled values
    within = np.einsum("uc,ck,uk->u", counts, delta, counts) / (m - 1)
    n_c = counts.sum(axis=0)
    n = float(n_c.sum())
    observed = float(within.sum()) / n
    expected = float(n_c @ delta @ n_c) / (n * (n - 1))
    if expected == 0:
        return float("nan")
    return 1.0 - observed / expected


def corrected_rate_interval(
    hits: ArrayLike,
    exposure: ArrayLike,
    relevant: ArrayLike,
    coded: ArrayLike,
    *,
    confidence: float = 0.95,
    draws: int = 10_000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of a rate multiplied by a precision: ``hits / exposure * relevant /
    coded``, carrying the uncertainty of both.

    The count of hits is Poisson, the relevant hits among those coded binomial; each gets the
    posterior of its Jeffreys prior, ``Gamma(hits + 1/2)`` and ``Beta(relevant + 1/2, coded -
    relevant + 1/2)`` (a parametric bootstrap of the two independent estimates), and the
    interval is the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of
    ``draws`` products of the two. At large counts it is the delta method on the log scale,
    ``exp(log(rate * precision) +- z * sqrt(1 / hits + (1 - p) / (coded * p)))``; at small
    ones it stays inside ``[0, inf)`` and needs no special case at a precision of 0 or 1. The
    lower bound is 0 where there is no hit or no relevant hit. ``relevant`` may be fractional
    (the mean of several coders per hit). NaN where ``exposure`` or ``coded`` is 0. A fixed
    ``seed`` makes it repeatable.

    Returns
    -------
    low, high : ndarray
        Per unit of exposure (multiply by 10,000 for a rate per 10,000 tokens).

    References
    ----------
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science* 16(2), 101-133 (the Jeffreys interval).

    Examples
    --------
    120 hits in 100,000 tokens, 45 of 60 coded hits relevant: a corrected rate of 9 per 10,000
    tokens, between about 7 and 11:

    >>> low, high = corrected_rate_interval([120], [100_000], [45], [60])
    >>> round(float(low[0]) * 1e4), round(float(high[0]) * 1e4)
    (7, 11)
    """
    k, t, x, n = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                       (hits, exposure, relevant, coded)))  # fmt: skip
    shape = k.shape
    k, t, x, n = (v.ravel() for v in (k, t, x, n))
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    ok = (t > 0) & (n > 0) & np.isfinite(k) & np.isfinite(x) & (k >= 0) & (x >= 0) & (x <= n)
    rows = np.flatnonzero(ok)
    tail = (1 - confidence) / 2
    rng = np.random.default_rng(seed)
    step = max(1, 2_000_000 // max(1, draws))  # at most ~16 MB of draws at a time
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        rate = rng.gamma(k[part] + 0.5, size=(draws, len(part))) / t[part]
        # (one set of precision draws for the rows that share a precision: the rows of a
        # family's groups and periods)
        pairs, which = np.unique(np.stack([x[part], n[part]]), axis=1, return_inverse=True)
        share = rng.beta(pairs[0] + 0.5, pairs[1] - pairs[0] + 0.5, size=(draws, pairs.shape[1]))
        rate *= share[:, which.ravel()]
        low[part], high[part] = np.quantile(rate, [tail, 1 - tail], axis=0)
    low = np.where(ok & ((k == 0) | (x == 0)), 0.0, low)
    return low.reshape(shape), high.reshape(shape)
