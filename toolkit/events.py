"""Before and after an event: did the rhetoric change when something happened?

Two designs, both per group and term family, both counting hits as :func:`toolkit.count_terms`
counts them (families that give patterns by language are applied to each article in its
language, and their denominators count only those articles):

* :func:`compare_periods` compares the rate before an event date with the rate after it (or, for
  several dates, each segment with the next), optionally within windows (``before="180D"``).
  The rate ratio gets an exact interval and an exact test, conditional on the hits of both
  sides (:func:`toolkit.stats.rate_ratio_interval`, :func:`toolkit.stats.rate_ratio_test`):
  nothing is assumed about the rates themselves.
* :func:`event_trend` fits an interrupted time series: hits per period, with the period's
  tokens as exposure, regressed on time, a change of level at the event and a change of slope
  after it (segmented Poisson or negative binomial regression,
  :func:`toolkit.stats.segmented_regression`). A before/after comparison mistakes a trend that
  was already under way for an effect of the event; the segmented regression separates them.

Counts of words in news vary more from period to period than a Poisson model allows
(overdispersion): :func:`event_trend` measures it for every series and warns when a Poisson fit
is overdispersed; ``family="negbin"`` then gives honest intervals.

References
----------
Bernal, J. L., Cummins, S. & Gasparrini, A. (2017). Interrupted time series regression for the
evaluation of public health interventions: a tutorial. *International Journal of Epidemiology*
46(1), 348-355.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.engine import Analysis, Document, Extent, Partial, column_dtypes, merge, run
from toolkit.errors import CorpusError, ToolkitError
from toolkit.periods import Period, check_period, complete_periods, period_start
from toolkit.scanner import warm_up as warm_scanner
from toolkit.stats import (
    benjamini_hochberg,
    rate_ratio_interval,
    rate_ratio_test,
    segmented_regression,
)
from toolkit.terms import TermMatcher, Terms, get_matcher, language_rule
from toolkit.util import By, as_list, check_group_names, warn_user

__all__ = [
    "COMPARE_COLUMNS",
    "EFFECT_COLUMNS",
    "MIN_PERIODS",
    "TREND_PERIOD_COLUMNS",
    "EventTrend",
    "compare_periods",
    "event_trend",
]

#: The columns of a compare_periods() table after the ``by`` columns.
COMPARE_COLUMNS = [
    "event",
    "term",
    "n_docs_before",
    "n_docs_after",
    "hits_before",
    "hits_after",
    "tokens_before",
    "tokens_after",
    "rate_before",
    "rate_after",
    "rate_ratio",
    "rate_ratio_low",
    "rate_ratio_high",
    "p",
    "p_adj",
    "window_start",
    "window_end",
]
#: The columns of ``EventTrend.effects`` after the ``by`` columns.
EFFECT_COLUMNS = [
    "term",
    "model",
    "event",
    "n_periods_before",
    "n_periods_after",
    "hits_before",
    "hits_after",
    "trend_ratio",
    "trend_ratio_low",
    "trend_ratio_high",
    "level_ratio",
    "level_ratio_low",
    "level_ratio_high",
    "level_p",
    "slope_ratio",
    "slope_ratio_low",
    "slope_ratio_high",
    "slope_p",
    "dispersion",
    "overdispersion_p",
    "overdispersed",
    "alpha",
    "converged",
    "note",
]
#: The columns of ``EventTrend.periods`` after the ``by`` columns.
TREND_PERIOD_COLUMNS = [
    "term",
    "period",
    "segment",
    "hits",
    "n_tokens",
    "per_10k",
    "fitted_per_10k",
    "counterfactual_per_10k",
]
#: A series is fitted only with at least this many periods with tokens on each side of the event.
MIN_PERIODS = 3

Family = Literal["poisson", "negbin"]


# --------------------------------------------------------------------------------------------
# options


def _events(event: Any) -> list[pd.Timestamp]:
    """``event=`` as sorted, distinct UTC timestamps (a date without a zone is taken as UTC)."""
    many = isinstance(event, (list, tuple, set, pd.Index, pd.Series, np.ndarray))
    values = list(event) if many else [event]
    found = []
    for value in values:
        if not isinstance(value, (str, date, datetime, pd.Timestamp, np.datetime64)):
            raise ToolkitError(
                f"event= takes a date ('2022-02-24', a Timestamp) or a list of dates, got "
                f"{value!r}."
            )
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError) as exc:
            raise ToolkitError(
                f"event={value!r} is not a date I can read: write it as '2022-02-24' or "
                "'2022-02-24 05:00+03:00'."
            ) from exc
        if pd.isna(stamp):
            raise ToolkitError(f"event={value!r} is not a date: give a date such as '2022-02-24'.")
        found.append(stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC"))
    if not found:
        raise ToolkitError("event= is empty: give at least one date.")
    return sorted(set(found))


def _window(value: Any, name: str) -> pd.Timedelta | None:
    """``before=`` or ``after=`` as a positive Timedelta (None: up to the next event or the
    end of the corpus)."""
    if value is None:
        return None
    if not isinstance(value, (str, timedelta, pd.Timedelta, np.timedelta64)):
        raise ToolkitError(
            f"{name}= takes a length of time such as '180D', '26W' or pd.Timedelta(days=90), "
            f"got {value!r}."
        )
    try:
        length = pd.Timedelta(value)
    except ValueError as exc:
        raise ToolkitError(
            f"{name}={value!r} is not a length of time pandas can read exactly (months and "
            "years have no fixed length): write days or weeks, e.g. '182D' or '26W'."
        ) from exc
    if pd.isna(length) or length <= pd.Timedelta(0):
        raise ToolkitError(f"{name}= must be a positive length of time, got {value!r}.")
    return length


# --------------------------------------------------------------------------------------------
# counting: a row [1, tokens, hits of each family] per article, with the article's language


class _Counter:
    """Counts the families of a matcher in articles: :meth:`one` (the reference) and
    :meth:`many` (the compiled scanner), the same numbers."""

    def __init__(self, matcher: TermMatcher, corpus: Any, meta: tuple[str, ...]) -> None:
        self.matcher = matcher
        self.n_fam = len(matcher.names)
        has_column = "language" in column_dtypes(corpus, ["language"])
        self.rule = language_rule(matcher, column=has_column)
        self.meta = meta + (("language",) if self.rule and has_column else ())
        self.language_at = len(meta) if self.rule and has_column else None
        for lang in matcher.languages:  # made once, before worker threads share them
            matcher.for_language(lang)

    def language(self, doc: Document) -> str | None:
        if self.rule is None:
            return None
        at = self.language_at
        return self.rule(doc.text, doc.meta[at] if at is not None else None)

    def _chosen(self, lang: str | None) -> tuple[TermMatcher, np.ndarray] | None:
        if lang is None:
            return self.matcher, np.arange(self.n_fam)
        return self.matcher.for_language(lang)

    def one(self, doc: Document) -> tuple[str | None, np.ndarray | None]:
        """The article's language and its row (None: no family has patterns in it)."""
        lang = self.language(doc)
        chosen = self._chosen(lang)
        if chosen is None:
            return lang, None
        sub, numbers = chosen
        hits, n_tokens = sub.count(doc.text)
        row = np.zeros(2 + self.n_fam, dtype=np.int64)
        row[0], row[1] = 1, n_tokens
        row[2 + numbers] = hits
        return lang, row

    def many(self, docs: list[Document]) -> list[tuple[str | None, np.ndarray | None]]:
        """:meth:`one` of every article, a call of the compiled scanner per language."""
        langs = [self.language(doc) for doc in docs]
        found: list[tuple[str | None, np.ndarray | None]] = [(lang, None) for lang in langs]
        for lang in dict.fromkeys(langs):
            chosen = self._chosen(lang)
            if chosen is None:
                continue
            sub, numbers = chosen
            at = [i for i, other in enumerate(langs) if other == lang]
            hits, n_tokens = sub.count_many([docs[i].text for i in at])
            rows = np.zeros((len(at), 2 + self.n_fam), dtype=np.int64)
            rows[:, 0], rows[:, 1] = 1, n_tokens
            rows[:, 2 + numbers] = hits
            for j, i in enumerate(at):
                found[i] = (lang, rows[j])
        return found

    def covers(self, lang: str | None) -> np.ndarray:
        """Which families have patterns in ``lang``."""
        chosen = self._chosen(lang)
        mask = np.zeros(self.n_fam, dtype=bool)
        if chosen is not None:
            mask[chosen[1]] = True
        return mask


def _per_family(
    cells: dict[Any, dict[str | None, np.ndarray]], counter: _Counter
) -> dict[Any, np.ndarray]:
    """Each cell's counts per family: a (3, families) array of articles, tokens and hits, the
    articles and tokens of the languages the family has patterns for."""
    covers: dict[str | None, np.ndarray] = {}
    summed: dict[Any, np.ndarray] = {}
    for cell, by_language in cells.items():
        total = np.zeros((3, counter.n_fam), dtype=np.int64)
        for lang, row in by_language.items():
            if lang not in covers:
                covers[lang] = counter.covers(lang)
            total[0] += row[0] * covers[lang]
            total[1] += row[1] * covers[lang]
            total[2] += row[2:]
        summed[cell] = total
    return summed


def _report_out(out: Counter[str], func: str) -> None:
    if out:
        listed = ", ".join(f"{lang}: {n:,}" for lang, n in out.most_common())
        n_out = sum(out.values())
        warn_user(
            f"{func}: {n_out:,} {'article is' if n_out == 1 else 'articles are'} in a language "
            f"the term families have no patterns for ({listed}): left out of the rates, not "
            "counted as articles without a hit."
        )


def _sorted_keys(keys: Sequence[tuple[Any, ...]], columns: list[str]) -> list[tuple[Any, ...]]:
    """Group keys in the order of the tables: sorted by their columns, missing values last."""
    if not columns:
        return list(keys)
    frame = pd.DataFrame(list(keys), columns=columns)
    order = frame.sort_values(columns, na_position="last").index.to_numpy()
    return [keys[i] for i in order]


def _group_columns(keys: list[tuple[Any, ...]], by_cols: list[str], repeat: int,
                   dtypes: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """The ``by`` columns of a table whose rows are ``repeat`` rows per group key."""
    columns: dict[str, Any] = {}
    for j, col in enumerate(by_cols):
        values = pd.Series([key[j] for key in keys for _ in range(repeat)], dtype=object)
        dtype = dtypes.get(col)
        try:
            columns[col] = values.astype(dtype) if dtype is not None else values
        except (TypeError, ValueError):
            columns[col] = values
    return columns


# --------------------------------------------------------------------------------------------
# compare_periods


def compare_periods(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    event: Any,
    by: By = None,
    before: str | timedelta | pd.Timedelta | None = None,
    after: str | timedelta | pd.Timedelta | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Rates of term families before and after an event, with the rate ratio's exact interval.

    Articles published before ``event`` (a UTC instant; a date alone is its midnight UTC) are
    compared with those published on or after it, per group and family. With several event
    dates, the corpus is cut into consecutive segments and each event compares the segment
    before it with the segment after it (an article between two events is "after" the first
    and "before" the second). ``before=`` and ``after=`` limit each side to a window
    (``"180D"``: 180 days); without them a side reaches the previous (next) event or the end of
    the corpus. Articles without a date are left out (with a warning).

    For each row, ``rate_ratio = rate_after / rate_before``; its interval and ``p`` are exact
    and conditional on ``n = hits_before + hits_after``: ``hits_after`` is then
    Binomial(n, p) with ``p = tokens_after * RR / (tokens_before + tokens_after * RR)``; the
    Clopper-Pearson interval of ``p`` is turned into one of ``RR``
    (:func:`toolkit.stats.rate_ratio_interval`), and ``p`` is the two-sided exact binomial test
    of ``RR = 1`` (:func:`toolkit.stats.rate_ratio_test`). ``p_adj`` adjusts ``p`` over the rows
    of the table (Benjamini-Hochberg). The test assumes that hits are independent events; a
    stock paragraph repeated in 300 articles is not 300 independent uses, and overdispersed
    counts make the interval too narrow (see :func:`event_trend`).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`, chunks of one or a Dask DataFrame, with
        ``published`` dates.
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families, e.g. ``{"sanctions": ["sanction*"]}``.
    event : date or list of dates
        ``"2022-02-24"``, a Timestamp, or several (sorted and made distinct).
    by : str or list of str, optional
        Columns to group by, e.g. ``"source"``; missing values form their own group.
    before, after : str or Timedelta, optional
        The length of the window on each side (``"180D"``, ``"26W"``, ``pd.Timedelta(days=90)``;
        months and years have no fixed length: write days or weeks).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group, event and term (groups that have articles on either side), with
        columns: the ``by`` columns; ``event`` (UTC); ``term``; ``n_docs_before``,
        ``n_docs_after``, ``hits_before``, ``hits_after``, ``tokens_before``,
        ``tokens_after``; ``rate_before``, ``rate_after`` (hits per 10,000 tokens, NaN without
        tokens); ``rate_ratio`` with ``rate_ratio_low``/``rate_ratio_high`` (exact 95%
        interval; ``inf`` upper bound without hits before); ``p``; ``p_adj``;
        ``window_start`` (the first article counted before the event) and ``window_end``
        (the last counted after it).

    Examples
    --------
    >>> corpus = pd.DataFrame({  # synthetic
    ...     "doc_id": ["a", "b", "c", "d"],
    ...     "published": pd.to_datetime(["2022-01-10", "2022-02-01", "2022-03-01",
    ...                                  "2022-04-01"], utc=True),
    ...     "text": ["Peace talks went on. Trade grew.", "Talks on trade and peace.",
    ...              "Sanctions, sanctions and more sanctions.", "New sanctions on banks."]})
    >>> table = compare_periods(corpus, {"sanctions": ["sanction*"]}, event="2022-02-24")
    >>> table[["hits_before", "hits_after", "tokens_before", "tokens_after"]]
       hits_before  hits_after  tokens_before  tokens_after
    0            0           4             11             9
    >>> table[["rate_ratio", "rate_ratio_low", "p"]].round(3)
       rate_ratio  rate_ratio_low      p
    0         inf           0.807  0.041
    """
    events = _events(event)
    before_window, after_window = _window(before, "before"), _window(after, "after")
    by_cols = as_list(by)
    check_group_names(by_cols, [*COMPARE_COLUMNS, "published"], func="compare_periods")
    matcher = get_matcher(terms)
    counter = _Counter(matcher, corpus, ("published",))
    n_events = len(events)

    def sides(published: Any) -> list[tuple[int, str]]:
        """The (event number, side) cells an article published then is counted in."""
        if published is None or pd.isna(published):
            return []
        stamp = pd.Timestamp(published)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
        j = bisect_right(events, stamp)  # the events on or before it
        found = []
        if j >= 1 and (after_window is None or stamp < events[j - 1] + after_window):
            found.append((j - 1, "after"))
        if j < n_events and (before_window is None or stamp >= events[j] - before_window):
            found.append((j, "before"))
        return found

    def add(part: Partial, doc: Document, lang: str | None, row: np.ndarray | None) -> None:
        published = doc.meta[0]
        cells = sides(published)
        if published is None or pd.isna(published):
            merge(part, {"undated": 1})
            return
        merge(part, {"dated": 1})
        if row is None:
            if cells:
                merge(part, {"out": Counter({str(lang): 1})})
            return
        for number, side in cells:
            merge(part, {("n", doc.key, number, side, lang): row.copy()})
            stamp = pd.Timestamp(published)
            merge(part, {("span", doc.key, number, side): Extent.of(stamp)})

    def step(doc: Document) -> Partial:
        part: Partial = {}
        add(part, doc, *counter.one(doc))
        return part

    def batch(docs: list[Document]) -> Partial:
        part: Partial = {}
        for doc, (lang, row) in zip(docs, counter.many(docs)):
            add(part, doc, lang, row)
        return part

    def finish(total: Partial) -> pd.DataFrame:
        n_undated, n_dated = int(total.get("undated", 0)), int(total.get("dated", 0))
        if n_undated and not n_dated:
            raise CorpusError(
                f"compare_periods() needs publication dates, but none of the {n_undated:,} "
                "articles with text has one. Pass dates in the 'published' column (see "
                "read_corpus)."
            )
        if n_undated:
            warn_user(
                f"{n_undated:,} of {n_undated + n_dated:,} articles have no publication date "
                "and are left out of compare_periods()."
            )
        _report_out(total.get("out", Counter()), "compare_periods()")
        return _compare_table(total, counter, events, by_cols, column_dtypes(corpus, by_cols))

    analysis = Analysis(
        "compare_periods", step, finish, by=tuple(by_cols), meta=counter.meta, batch=batch,
        warm_up=warm_scanner, memory=matcher, threads=True,
    )  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _compare_table(
    total: Partial,
    counter: _Counter,
    events: list[pd.Timestamp],
    by_cols: list[str],
    dtypes: dict[str, Any],
) -> pd.DataFrame:
    cells: dict[Any, dict[str | None, np.ndarray]] = {}
    for key, value in total.items():
        if isinstance(key, tuple) and key[0] == "n":
            _, group, number, side, lang = key
            cells.setdefault((group, number, side), {})[lang] = value
    summed = _per_family(cells, counter)
    pairs = sorted({(group, number) for group, number, _ in summed}, key=lambda p: p[1])
    groups = _sorted_keys(list(dict.fromkeys(group for group, _ in pairs)), by_cols)
    rows = [(g, n) for g in groups for n in range(len(events)) if (g, n) in set(pairs)]
    n_fam = counter.n_fam
    empty = np.zeros((3, n_fam), dtype=np.int64)
    before = np.stack([summed.get((g, n, "before"), empty) for g, n in rows]) if rows else None
    after = np.stack([summed.get((g, n, "after"), empty) for g, n in rows]) if rows else None

    def column(counts: np.ndarray | None, what: int) -> np.ndarray:
        return counts[:, what, :].ravel() if counts is not None else np.zeros(0, np.int64)

    def span(group: Any, number: int, side: str, end: str) -> Any:
        found = total.get(("span", group, number, side))
        return getattr(found, end) if found is not None else pd.NaT

    table: dict[str, Any] = _group_columns([g for g, _ in rows], by_cols, n_fam, dtypes)
    table["event"] = pd.DatetimeIndex(
        [events[n] for _, n in rows for _ in range(n_fam)], tz="UTC"
    ).as_unit("us")
    table["term"] = pd.array(counter.matcher.names * len(rows), dtype="str")
    table["n_docs_before"], table["n_docs_after"] = column(before, 0), column(after, 0)
    table["hits_before"], table["hits_after"] = column(before, 2), column(after, 2)
    table["tokens_before"], table["tokens_after"] = column(before, 1), column(after, 1)
    hits_b, hits_a = table["hits_before"], table["hits_after"]
    tokens_b, tokens_a = table["tokens_before"], table["tokens_after"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["rate_before"] = np.where(tokens_b > 0, hits_b * 10_000 / tokens_b, np.nan)
        table["rate_after"] = np.where(tokens_a > 0, hits_a * 10_000 / tokens_a, np.nan)
    ratio, low, high = rate_ratio_interval(hits_b, tokens_b, hits_a, tokens_a)
    table["rate_ratio"], table["rate_ratio_low"], table["rate_ratio_high"] = ratio, low, high
    table["p"] = rate_ratio_test(hits_b, tokens_b, hits_a, tokens_a)
    table["p_adj"] = benjamini_hochberg(table["p"])
    starts = [span(g, n, "before", "low") for g, n in rows for _ in range(n_fam)]
    ends = [span(g, n, "after", "high") for g, n in rows for _ in range(n_fam)]
    table["window_start"] = pd.to_datetime(pd.Series(starts, dtype=object), utc=True)
    table["window_end"] = pd.to_datetime(pd.Series(ends, dtype=object), utc=True)
    frame = pd.DataFrame(table)
    for col in ("n_docs_before", "n_docs_after", "hits_before", "hits_after", "tokens_before",
                "tokens_after"):  # fmt: skip
        frame[col] = frame[col].astype(np.int64)
    return frame


# --------------------------------------------------------------------------------------------
# event_trend


@dataclass(frozen=True, eq=False)
class EventTrend:
    """An interrupted time series per group and term family (:func:`event_trend`).

    Attributes
    ----------
    effects : DataFrame
        One row per group and term: the ``by`` columns, then :data:`EFFECT_COLUMNS` (see
        :func:`event_trend`).
    periods : DataFrame
        One row per group, term and period: the ``by`` columns, then
        :data:`TREND_PERIOD_COLUMNS` (what :func:`toolkit.plot.plot_event` draws).
    event : Timestamp
        The event (UTC).
    period : str
        The period code (``"M"``, ...).
    model : {"poisson", "negbin"}
        The regression fitted.
    """

    effects: pd.DataFrame
    periods: pd.DataFrame
    event: pd.Timestamp
    period: str
    model: str

    def __repr__(self) -> str:
        return (
            f"EventTrend({self.model}, event {self.event:%Y-%m-%d}, period {self.period!r}: "
            f"{len(self.effects):,} series)"
        )


def event_trend(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    event: Any,
    by: By = None,
    period: Period = "M",
    family: Family = "poisson",
    progress: bool | None = None,
) -> EventTrend:
    """An interrupted time series of each term family's rate around an event, per group.

    Hits are counted per group and period (as :func:`toolkit.count_terms` counts them, every
    period from a group's first article to its last listed) and, per group and family, a
    segmented regression is fitted (:func:`toolkit.stats.segmented_regression`):

    ``log E[hits_t] = log(tokens_t) + b0 + b1 * t + b2 * after_t + b3 * after_t * (t - t0)``

    where ``t`` counts periods from the group's first, ``t0`` is the first period that starts
    on or after the event and ``after_t = t >= t0``. The results are rate ratios:
    ``trend_ratio = exp(b1)`` (per period, before the event), ``level_ratio = exp(b2)`` (the
    rate of the first period after the event over what the earlier trend predicts for it: the
    immediate change), ``slope_ratio = exp(b3)`` (how the ratio per period changes after the
    event), each with its 95% Wald interval and p-value. A period that contains the event but
    does not start on it mixes both sides: it is left out of the fit (``segment``
    ``"transition"``), as are periods without tokens. A series needs :data:`MIN_PERIODS` periods
    with tokens on each side, and hits on each side, to be fitted; otherwise its estimates are
    NaN and ``note`` says why.

    Counts of words vary more from period to period than a Poisson model allows (stories come
    in bursts). Every row reports the Poisson fit's ``dispersion`` (Pearson chi-square over
    residual degrees of freedom; about 1 when Poisson fits) and ``overdispersion_p`` (Cameron &
    Trivedi's test, :func:`toolkit.stats.overdispersion_test`); ``overdispersed`` is
    ``overdispersion_p < 0.05``. With ``family="poisson"`` a warning names the overdispersed
    series, whose intervals are then too narrow: fit ``family="negbin"`` (negative binomial,
    ``Var = mu + alpha * mu**2``, ``alpha`` by maximum likelihood) for those.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`, chunks of one or a Dask DataFrame, with
        ``published`` dates (articles without one are left out, with a warning).
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families.
    event : date
        The event: ``"2022-02-24"`` (midnight UTC) or a Timestamp; one date.
    by : str or list of str, optional
        Columns to group by; a series is fitted per group.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, default "M"
        The unit of time of the series.
    family : {"poisson", "negbin"}, default "poisson"
        The regression: Poisson GLM, or negative binomial (NB2).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    EventTrend
        ``effects``: one row per group and term with the ``by`` columns, ``term``, ``model``,
        ``event``, ``n_periods_before``, ``n_periods_after`` (periods with tokens in the fit),
        ``hits_before``, ``hits_after``, ``trend_ratio`` (with ``_low``, ``_high``),
        ``level_ratio`` (with ``_low``, ``_high``), ``level_p``, ``slope_ratio`` (with
        ``_low``, ``_high``), ``slope_p``, ``dispersion``, ``overdispersion_p``,
        ``overdispersed``, ``alpha`` (negative binomial; NaN for Poisson), ``converged``,
        ``note`` (empty, or why a series was not fitted). ``periods``: one row per group, term
        and period with the ``by`` columns, ``term``, ``period``, ``segment`` ("before",
        "transition", "after"), ``hits``, ``n_tokens``, ``per_10k``, ``fitted_per_10k`` (the
        fitted rate) and ``counterfactual_per_10k`` (after the event: the rate the earlier
        trend predicts, without level or slope change).

    Examples
    --------
    The war's share of the State of the Union addresses, before and after 1945:

    >>> import toolkit, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # (overdispersed: see the negbin fit below)
    ...     trend = event_trend(toolkit.load_sotu(), {"war": ["war", "wars"]},
    ...                         event="1945-01-01", period="Y")
    >>> trend
    EventTrend(poisson, event 1945-01-01, period 'Y': 1 series)
    >>> row = trend.effects.iloc[0]
    >>> bool(row["overdispersed"]), bool(row["n_periods_before"] > 100)
    (True, True)
    >>> negbin = event_trend(toolkit.load_sotu(), {"war": ["war", "wars"]}, event="1945-01-01",
    ...                      period="Y", family="negbin")
    >>> bool(negbin.effects["converged"].iloc[0])
    True
    """
    (event_at, *others) = _events(event)
    if others:
        raise ToolkitError(
            "event_trend() fits one event at a time (a level and a slope change at it): pass "
            "one date, and call it once per event; compare_periods() takes several."
        )
    code = check_period(period)
    if family not in ("poisson", "negbin"):
        raise ToolkitError(
            f"family= must be 'poisson' or 'negbin' (negative binomial), got {family!r}."
        )
    by_cols = as_list(by)
    check_group_names(by_cols, [*EFFECT_COLUMNS, *TREND_PERIOD_COLUMNS], func="event_trend")
    matcher = get_matcher(terms)
    counter = _Counter(matcher, corpus, ())

    def step(doc: Document) -> Partial:
        lang, row = counter.one(doc)
        if row is None:
            return {"out": Counter({str(lang): 1})}
        return {("n", doc.key, lang): row}

    def batch(docs: list[Document]) -> Partial:
        part: Partial = {}
        for doc, (lang, row) in zip(docs, counter.many(docs)):
            if row is None:
                merge(part, {"out": Counter({str(lang): 1})})
            else:
                merge(part, {("n", doc.key, lang): row})
        return part

    def finish(total: Partial) -> EventTrend:
        _report_out(total.get("out", Counter()), "event_trend()")
        return _fit_trends(
            total, counter, event_at, by_cols, code, family, column_dtypes(corpus, by_cols)
        )

    analysis = Analysis(
        "event_trend", step, finish, by=tuple(by_cols), period=code, meta=counter.meta,
        batch=batch, warm_up=warm_scanner, memory=matcher, threads=True,
    )  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _fit_trends(
    total: Partial,
    counter: _Counter,
    event: pd.Timestamp,
    by_cols: list[str],
    period: str,
    family: str,
    dtypes: dict[str, Any],
) -> EventTrend:
    cells: dict[Any, dict[str | None, np.ndarray]] = {}
    for key, value in total.items():
        if isinstance(key, tuple) and key[0] == "n":
            cells.setdefault(key[1], {})[key[2]] = value
    summed = _per_family(cells, counter)
    n_fam = counter.n_fam
    group_cols = [*by_cols, "period"]
    keys = _sorted_keys(list(summed), group_cols)
    frame = pd.DataFrame(keys, columns=group_cols)
    frame["period"] = pd.to_datetime(frame["period"], utc=True)
    values = (
        np.stack([summed[k].reshape(-1) for k in keys]) if keys
        else np.zeros((0, 3 * n_fam), dtype=np.int64)
    )  # fmt: skip
    listed, counts = complete_periods(frame, values, by_cols, period, rows_per_period=n_fam)
    counts = counts.reshape(len(counts), 3, n_fam)
    # the period that contains the event: after it when it starts on the event, else a mix
    event_period = period_start(pd.Series([event]), period).iloc[0]
    starts = pd.DatetimeIndex(listed["period"])
    segment = np.where(
        starts < event_period,
        "before",
        np.where((starts == event_period) & (event_period != event), "transition", "after"),
    )
    # the groups: runs of rows with the same by values (complete_periods lists them in turn)
    codes = (
        pd.MultiIndex.from_frame(listed[by_cols]).factorize(use_na_sentinel=False)[0]
        if by_cols and len(listed) else np.zeros(len(listed), dtype=np.int64)
    )  # fmt: skip
    effect_rows: list[dict[str, Any]] = []
    fitted = np.full((len(listed), n_fam), np.nan)
    counterfactual = np.full((len(listed), n_fam), np.nan)
    for code in dict.fromkeys(codes.tolist()):
        at = np.flatnonzero(codes == code)
        group = dict(zip(by_cols, listed[by_cols].iloc[at[0]].tolist()))
        seg = segment[at]
        later = np.flatnonzero(seg == "after")
        event_time = float(later[0]) if len(later) else float(len(at))
        time = np.arange(len(at), dtype=float)
        for f, name in enumerate(counter.matcher.names):
            row, fit_at, fit = _fit_one(
                counts[at, 2, f], counts[at, 1, f], time, seg, event_time, family
            )
            effect_rows.append({**group, "term": name, "model": family, "event": event, **row})
            if fit is not None:
                fitted[at[fit_at], f] = fit.fitted * 10_000
                shown = seg[fit_at] == "after"
                counterfactual[at[fit_at[shown]], f] = fit.counterfactual[shown] * 10_000
    effects = pd.DataFrame(effect_rows, columns=[*by_cols, *EFFECT_COLUMNS])
    for col in by_cols:
        effects[col] = _as_dtype(effects[col], dtypes.get(col))
    effects["term"] = effects["term"].astype("str")
    effects["model"] = effects["model"].astype("str")
    effects["note"] = effects["note"].astype("str")
    effects["event"] = pd.to_datetime(effects["event"], utc=True)
    for col in ("n_periods_before", "n_periods_after", "hits_before", "hits_after"):
        effects[col] = effects[col].astype(np.int64)
    for col in ("overdispersed", "converged"):
        effects[col] = effects[col].astype(bool)
    periods = _periods_table(listed, counts, segment, fitted, counterfactual, by_cols, counter)
    for col in by_cols:
        periods[col] = _as_dtype(periods[col], dtypes.get(col))
    periods.attrs["event"] = event
    if family == "poisson" and effects["overdispersed"].any():
        flagged = effects[effects["overdispersed"]]
        warn_user(
            f"event_trend(): the Poisson fit is overdispersed in {len(flagged):,} of "
            f"{len(effects):,} series (dispersion up to {flagged['dispersion'].max():.1f}; see "
            "the columns dispersion and overdispersion_p): their intervals and p-values are "
            "too narrow. Fit them with family='negbin'."
        )
    return EventTrend(effects=effects, periods=periods, event=event, period=period, model=family)


def _as_dtype(values: pd.Series, dtype: Any) -> pd.Series:
    """``values`` in the corpus's dtype for its column, where they fit it."""
    if dtype is None or values.dtype == dtype:
        return values
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


_ESTIMATES = [
    "trend_ratio",
    "trend_ratio_low",
    "trend_ratio_high",
    "level_ratio",
    "level_ratio_low",
    "level_ratio_high",
    "level_p",
    "slope_ratio",
    "slope_ratio_low",
    "slope_ratio_high",
    "slope_p",
    "dispersion",
    "overdispersion_p",
    "alpha",
]


def _fit_one(
    hits: np.ndarray,
    tokens: np.ndarray,
    time: np.ndarray,
    segment: np.ndarray,
    event_time: float,
    family: str,
) -> tuple[dict[str, Any], np.ndarray, Any]:
    """One series' effects, the numbers of the periods fitted, and the fit (None when the
    series cannot be fitted)."""
    fit_at = np.flatnonzero((tokens > 0) & (segment != "transition"))
    before, after = fit_at[segment[fit_at] == "before"], fit_at[segment[fit_at] == "after"]
    row: dict[str, Any] = {
        "n_periods_before": len(before),
        "n_periods_after": len(after),
        "hits_before": int(hits[before].sum()),
        "hits_after": int(hits[after].sum()),
    }
    note = ""
    if len(before) < MIN_PERIODS or len(after) < MIN_PERIODS:
        side = "before" if len(before) < MIN_PERIODS else "after"
        note = f"fewer than {MIN_PERIODS} periods with text {side} the event"
    elif row["hits_before"] == 0 or row["hits_after"] == 0:
        note = f"no hits {'before' if row['hits_before'] == 0 else 'after'} the event"
    if note:
        row.update(dict.fromkeys(_ESTIMATES, np.nan))
        row.update(overdispersed=False, converged=False, note=note)
        return row, fit_at, None
    fit = segmented_regression(
        hits[fit_at], tokens[fit_at], time[fit_at], event_time=event_time, family=family
    )
    for i, name in ((1, "trend_ratio"), (2, "level_ratio"), (3, "slope_ratio")):
        row[name], row[f"{name}_low"], row[f"{name}_high"] = fit.ratio[i], fit.low[i], fit.high[i]
    row["level_p"], row["slope_p"] = fit.p[2], fit.p[3]
    row["dispersion"], row["overdispersion_p"] = fit.dispersion, fit.overdispersion_p
    row["overdispersed"] = bool(fit.overdispersion_p < 0.05)
    row["alpha"], row["converged"] = fit.alpha, fit.converged
    row["note"] = "" if fit.converged else "the fit did not converge: read its estimates with care"
    return row, fit_at, fit


def _periods_table(
    listed: pd.DataFrame,
    counts: np.ndarray,
    segment: np.ndarray,
    fitted: np.ndarray,
    counterfactual: np.ndarray,
    by_cols: list[str],
    counter: _Counter,
) -> pd.DataFrame:
    n_fam = counter.n_fam
    each = np.repeat(np.arange(len(listed)), n_fam)
    table: dict[str, Any] = {col: listed[col].array.take(each) for col in by_cols}
    table["term"] = pd.array(counter.matcher.names, dtype="str").take(
        np.tile(np.arange(n_fam), len(listed))
    )
    table["period"] = listed["period"].array.take(each)
    table["segment"] = pd.array(segment[each] if len(each) else [], dtype="str")
    hits = counts[:, 2, :].ravel()
    tokens = counts[:, 1, :].ravel()
    table["hits"], table["n_tokens"] = hits.astype(np.int64), tokens.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_10k"] = np.where(tokens > 0, hits * 10_000 / tokens, np.nan)
    table["fitted_per_10k"] = fitted.ravel()
    table["counterfactual_per_10k"] = counterfactual.ravel()
    return pd.DataFrame(table)
