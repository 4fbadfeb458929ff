"""How often term families occur: counts and rates with confidence intervals, by group, period."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from toolkit.corpus import usable_texts
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError
from toolkit.stats import poisson_interval, wilson_interval
from toolkit.terms import TermFamily, TermMatcher, Terms, compile_terms
from toolkit.util import as_list, check_columns, progress_bar, wants_progress

__all__ = ["LOW_N_DOCS", "LOW_N_TOKENS", "PERIODS", "count_terms", "matcher_for", "period_start"]

#: A group (and period) is flagged ``low_n`` below this many tokens: at 10,000 tokens, a single
#: hit moves the rate by 1 per 10k, and the 95% interval of a rate of 1 per 10k spans 0.03 to 5.6.
LOW_N_TOKENS = 10_000
#: ... or below this many articles: a share of articles from fewer than 5 has a Wilson interval
#: wider than 0.5.
LOW_N_DOCS = 5

Period = Literal["D", "W", "M", "Q", "Y", "10Y"]
PERIODS: dict[str, str] = {
    "D": "day",
    "W": "week (Monday to Sunday)",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "10Y": "decade",
}

COLUMNS = [
    "term",
    "hits",
    "docs_with_hit",
    "n_docs",
    "n_tokens",
    "per_10k",
    "per_10k_low",
    "per_10k_high",
    "doc_share",
    "doc_share_low",
    "doc_share_high",
    "low_n",
]


@lru_cache(maxsize=16)
def _cached_matcher(families: tuple[TermFamily, ...]) -> TermMatcher:
    return TermMatcher(list(families))


def matcher_for(terms: Terms | TermMatcher) -> TermMatcher:
    """A :class:`TermMatcher` for ``terms``, reused across calls with the same families.

    The matcher remembers which tokens matched which family, so a second analysis with the same
    term families skips that work.
    """
    if isinstance(terms, TermMatcher):
        return terms
    return _cached_matcher(tuple(compile_terms(terms)))


def period_start(published: pd.Series, period: str) -> pd.Series:
    """The start (UTC) of the period each timestamp falls in.

    Examples
    --------
    >>> ts = pd.Series(pd.to_datetime(["2023-05-18 10:00", "1794-07-04 00:00"], utc=True))
    >>> period_start(ts, "M").dt.strftime("%Y-%m-%d").tolist()
    ['2023-05-01', '1794-07-01']
    >>> period_start(ts, "10Y").dt.year.tolist()
    [2020, 1790]
    """
    if period not in PERIODS:
        raise ToolkitError(
            f"period must be one of {list(PERIODS)} ({', '.join(PERIODS.values())}); "
            f"got {period!r}."
        )
    if not isinstance(published.dtype, pd.DatetimeTZDtype):
        published = pd.to_datetime(published, utc=True, errors="coerce")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    if period == "10Y":
        years = (naive.dt.year // 10 * 10).astype("Int64")
        start = pd.to_datetime(years.astype("string") + "-01-01", errors="coerce")
    else:
        start = naive.dt.to_period(period).dt.start_time
    return start.dt.tz_localize("UTC").dt.as_unit("us")


def _period_range(first: pd.Timestamp, last: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    if period == "10Y":
        years = range(first.year, last.year + 1, 10)
        return pd.DatetimeIndex([pd.Timestamp(year=y, month=1, day=1, tz="UTC") for y in years])
    naive = pd.period_range(first.tz_localize(None), last.tz_localize(None), freq=period)
    return naive.start_time.tz_localize("UTC")


def count_terms(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    by: str | Sequence[str] | None = None,
    period: Period | None = None,
    variants: bool = False,
    min_tokens: int = LOW_N_TOKENS,
    min_docs: int = LOW_N_DOCS,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Count term families per group (and period), with rates and 95% confidence intervals.

    Each family is counted on its own (the matching rules are in :mod:`toolkit.terms`). Rates use
    two denominators: tokens (``per_10k``, hits per 10,000 tokens) and articles (``doc_share``,
    the share of articles that mention the family at least once).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`. Articles without text are left out (with a
        warning).
    terms : dict, list of TermFamily, YAML path or TermMatcher
        The term families, e.g. ``{"sanctions": ["sanction*"]}`` or
        ``toolkit.load_dictionary("rhetoric")``.
    by : str or list of str, optional
        Columns to group by, e.g. ``"source"``. Missing values form their own group.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, optional
        Also group by the period of ``published`` (day, week, month, quarter, year, decade).
        Every period from a group's first article to its last is listed, with zeros where the
        group published nothing, so gaps stay visible. Articles without a date are left out
        (with a warning).
    variants : bool, default False
        Add one row per matched surface form: columns ``variant`` and ``variant_hits``, whose sum
        within a group and term equals ``hits`` (families without hits get one row with
        ``variant`` missing and ``variant_hits`` 0).
    min_tokens, min_docs : int
        Rows with fewer tokens or articles than this are flagged ``low_n``
        (defaults :data:`LOW_N_TOKENS`, :data:`LOW_N_DOCS`).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group, period and term, with columns: the ``by`` columns; ``period``
        (start of the period, UTC) when ``period`` is given; ``term``; ``hits`` (matches);
        ``docs_with_hit``; ``n_docs``; ``n_tokens``; ``per_10k`` (hits per 10,000 tokens, NaN
        without tokens) with ``per_10k_low``/``per_10k_high`` (exact Poisson 95% interval);
        ``doc_share`` (docs_with_hit / n_docs) with ``doc_share_low``/``doc_share_high`` (Wilson
        95% interval); ``low_n`` (fewer than ``min_tokens`` tokens or ``min_docs`` articles).

    Examples
    --------
    >>> import toolkit
    >>> table = count_terms(toolkit.load_sample(), {"unity": ["unity", "solidarity"],
    ...                                             "sanctions": ["sanction*"]})
    >>> table[["term", "hits", "n_tokens", "per_10k", "low_n"]]
            term  hits  n_tokens     per_10k  low_n
    0      unity     3       288  104.166667   True
    1  sanctions     2       288   69.444444   True
    """
    by_cols = as_list(by)
    texts = usable_texts(corpus)
    check_columns(texts, by_cols)
    keys = (
        texts[by_cols].reset_index(drop=True) if by_cols else pd.DataFrame(index=range(len(texts)))
    )
    if period is not None:
        starts = period_start(texts["published"].reset_index(drop=True), period)
        undated = starts.isna()
        if undated.all():
            raise CorpusError(
                "period= needs publication dates, but no article has one. Pass dates in the "
                "'published' column (see read_corpus), or leave period out."
            )
        if undated.any():
            warnings.warn(
                f"{int(undated.sum())} of {len(texts)} articles have no publication date and are "
                "left out of this count by period.",
                CorpusWarning,
                stacklevel=2,
            )
        keys = keys.assign(period=starts)
        keep = ~undated.to_numpy()
        texts, keys = texts[keep], keys[keep].reset_index(drop=True)
    group_cols = [*by_cols, *(["period"] if period is not None else [])]

    matcher = matcher_for(terms)
    names = matcher.names
    n_fam = len(names)
    text_list = texts["text"].tolist()
    show = wants_progress(progress, text_list)
    hits = np.zeros((len(text_list), n_fam), dtype=np.int64)
    n_tokens = np.zeros(len(text_list), dtype=np.int64)
    forms: list[list[Counter[str]]] = []
    for i, text in enumerate(progress_bar(text_list, enabled=show, desc="count_terms")):
        if variants:
            doc_forms, n_tokens[i] = matcher.count_variants(text)
            hits[i] = [sum(c.values()) for c in doc_forms]
            forms.append(doc_forms)
        else:
            doc_hits, n_tokens[i] = matcher.count(text)
            hits[i] = doc_hits

    per_doc = keys.copy()
    per_doc["_n_tokens"] = n_tokens
    hit_cols = [f"_h{j}" for j in range(n_fam)]
    per_doc[hit_cols] = hits
    per_doc[[f"_d{j}" for j in range(n_fam)]] = hits > 0
    if group_cols:
        grouped = per_doc.groupby(group_cols, dropna=False, sort=True)
        sums = grouped.sum(numeric_only=True)
        sums["_n_docs"] = grouped.size()
        sums = _complete_periods(sums, by_cols, period)
    else:
        sums = per_doc.sum(numeric_only=True).to_frame().T
        sums["_n_docs"] = len(per_doc)

    frames = []
    for j, name in enumerate(names):
        part = pd.DataFrame(
            {
                "term": name,
                "hits": sums[f"_h{j}"].to_numpy(dtype=np.int64),
                "docs_with_hit": sums[f"_d{j}"].to_numpy(dtype=np.int64),
                "n_docs": sums["_n_docs"].to_numpy(dtype=np.int64),
                "n_tokens": sums["_n_tokens"].to_numpy(dtype=np.int64),
            },
            index=sums.index if group_cols else None,
        )
        part["_order"] = j
        frames.append(part)
    table = pd.concat(frames)
    if group_cols:
        table = table.reset_index().sort_values([*group_cols, "_order"], kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
    table = _add_rates(table, min_tokens=min_tokens, min_docs=min_docs)
    table = table[[*group_cols, *COLUMNS]]
    if variants:
        table = _add_variants(table, per_doc[group_cols], forms, names, group_cols)
    return table


def _complete_periods(sums: pd.DataFrame, by_cols: list[str], period: str | None) -> pd.DataFrame:
    """List every period from each group's first to its last, with zeros where it is empty."""
    if period is None or sums.empty:
        return sums
    if not by_cols:
        periods = sums.index
        full = _period_range(periods.min(), periods.max(), period)
        return sums.reindex(pd.Index(full, name="period"), fill_value=0)
    spans = (
        sums.reset_index().groupby(by_cols, dropna=False, sort=False)["period"].agg(["min", "max"])
    )
    tuples = [
        (*(group if isinstance(group, tuple) else (group,)), p)
        for group, (first, last) in spans.iterrows()
        for p in _period_range(first, last, period)
    ]
    index = pd.MultiIndex.from_tuples(tuples, names=[*by_cols, "period"])
    return sums.reindex(index, fill_value=0).sort_index()


def _add_rates(table: pd.DataFrame, *, min_tokens: int, min_docs: int) -> pd.DataFrame:
    hits = table["hits"].to_numpy(dtype=float)
    tokens = table["n_tokens"].to_numpy(dtype=float)
    docs = table["n_docs"].to_numpy(dtype=float)
    low, high = poisson_interval(hits)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(tokens > 0, 10_000 / tokens, np.nan)
        share = np.where(docs > 0, table["docs_with_hit"].to_numpy(dtype=float) / docs, np.nan)
    share_low, share_high = wilson_interval(table["docs_with_hit"], docs)
    return table.assign(
        per_10k=hits * scale,
        per_10k_low=low * scale,
        per_10k_high=high * scale,
        doc_share=share,
        doc_share_low=share_low,
        doc_share_high=share_high,
        low_n=(tokens < min_tokens) | (docs < min_docs),
    )


def _add_variants(
    table: pd.DataFrame,
    keys: pd.DataFrame,
    forms: list[list[Counter[str]]],
    names: list[str],
    group_cols: list[str],
) -> pd.DataFrame:
    totals: dict[tuple[Hashable, ...], Counter[str]] = {}
    key_rows = keys.itertuples(index=False, name=None) if group_cols else ([()] * len(forms))
    for key, doc_forms in zip(key_rows, forms):
        for j, counter in enumerate(doc_forms):
            if counter:
                totals.setdefault((*key, names[j]), Counter()).update(counter)
    rows: list[tuple[Hashable, ...]] = []
    for record in table[[*group_cols, "term"]].itertuples(index=False, name=None):
        found_forms = totals.get(record)
        if found_forms:
            rows.extend((*record, form, n) for form, n in found_forms.most_common())
        else:
            rows.append((*record, None, 0))
    found = pd.DataFrame(rows, columns=[*group_cols, "term", "variant", "variant_hits"])
    found["variant"] = found["variant"].astype("str")
    found["variant_hits"] = found["variant_hits"].astype(np.int64)
    return table.merge(found, on=[*group_cols, "term"], how="left", sort=False)
