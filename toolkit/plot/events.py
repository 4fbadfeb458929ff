"""Rates around an event: the rate per period, the event marked, and the fitted segments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.events import TREND_PERIOD_COLUMNS, EventTrend
from toolkit.frequency import COLUMNS as _COUNT_COLUMNS
from toolkit.frequency import LOW_N_TOKENS
from toolkit.plot._base import (
    FACET_ABOVE,
    _date_axis,
    _group_column,
    _group_order,
    _legend_outside,
    _new_axes,
    _panels,
    _panels_title,
    _public_plot,
    _resolve_by,
    _set_title,
    _shorten,
    _to_naive_utc,
    group_style,
)
from toolkit.util import By, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_event"]

_PRODUCER = "toolkit.event_trend() (its periods) or toolkit.count_terms(period=...)"
_KNOWN = frozenset([*TREND_PERIOD_COLUMNS, *_COUNT_COLUMNS, "variant", "variant_hits"])
_MODELS = {"poisson": "Poisson", "negbin": "negative binomial"}
_EVENT_COLOR = "#333333"


@_public_plot
def plot_event(
    table: EventTrend | pd.DataFrame,
    *,
    event: Any = None,
    term: str | None = None,
    by: By = None,
    label: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    facet: bool | None = None,
) -> Axes:
    """A term's rate per period around an event: points, the event as a labelled vertical line,
    and, for an interrupted time series, the fitted segments.

    From an :class:`~toolkit.events.EventTrend` (:func:`toolkit.event_trend`), each group's
    fitted rate is drawn as two solid segments, before and after the event, and the earlier
    trend carried on past the event as a dashed line (the counterfactual: where the rate would
    have gone without a change of level or slope); the gap between dashed and solid lines is
    the estimated effect. From a ``count_terms(period=...)`` table, the rates and the event
    alone. Points are the observed rates (hits per 10,000 tokens of the period); hollow points
    rest on too little text to trust (``low_n``, or fewer than
    :data:`toolkit.frequency.LOW_N_TOKENS` tokens) or straddle the event (the period left out
    of the fit), and never set the scale: what lies above it is clipped. A panel never holds
    more than :data:`~toolkit.plot.FACET_ABOVE` groups.

    Parameters
    ----------
    table : EventTrend or DataFrame
        An ``event_trend()`` result, its ``periods`` table, or a ``count_terms(period=...)``
        table (``period``, ``term``, ``per_10k`` and the group columns).
    event : date, optional
        Where to draw the event; by default the event of the EventTrend (required for a
        ``count_terms`` table).
    term : str, optional
        The term to draw; may be omitted when the table has one term, or has no groups (then
        every term is drawn, one line each).
    by : str or list of str, optional
        Group columns; by default those of the table.
    label : str, optional
        The text beside the event line; by default its date.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Replaces the default title.
    facet : bool, optional
        True: one panel per group, on one scale. By default one panel up to
        :data:`~toolkit.plot.FACET_ABOVE` groups, one panel per group past them.

    Returns
    -------
    Axes
        The Axes drawn on (with several panels, the first).

    Examples
    --------
    >>> import pandas as pd
    >>> periods = pd.date_range("2022-01-01", periods=6, freq="MS", tz="UTC")
    >>> table = pd.DataFrame({  # synthetic: an event_trend() periods table
    ...     "period": periods, "term": "sanctions",
    ...     "segment": ["before"] * 3 + ["after"] * 3,
    ...     "per_10k": [2.0, 2.2, 2.1, 6.0, 6.4, 6.1],
    ...     "fitted_per_10k": [2.1, 2.1, 2.1, 6.1, 6.2, 6.2],
    ...     "counterfactual_per_10k": [None, None, None, 2.1, 2.1, 2.1]})
    >>> ax = plot_event(table, event="2022-04-01", label="new sanctions")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
    ('hits per 10,000 tokens', ['new sanctions'])
    """
    func = "plot_event"
    model = None
    if isinstance(table, EventTrend):
        model = table.model
        event = table.event if event is None else event
        frame = table.periods
        if frame.empty:
            raise ToolkitError(
                f"{func}: the EventTrend has no periods, so there is nothing to draw."
            )
    else:
        frame = require_table(table, ["period", "term", "per_10k"], _PRODUCER, func=func)
        event = frame.attrs.get("event") if event is None else event
    if event is None:
        raise ToolkitError(
            f"{func}: pass event= (a date such as '2022-02-24'): this table does not say where "
            "the event lies."
        )
    at = _as_utc(event, func)
    frame, group_col = _resolve_by(
        frame, by, func, inferred=[str(c) for c in frame.columns if c not in _KNOWN]
    )
    points, group_col, what = _event_frame(frame, group_col, term, at, func)
    groups = _group_order(frame, group_col if group_col in frame.columns else None,
                          points["_group"])  # fmt: skip
    label = label if label is not None else f"{at:%Y-%m-%d}"
    fits = bool(points["_fitted"].notna().any())
    default = f"{what} before and after {label}"
    if fits:
        default += f"; fitted segments ({_MODELS.get(str(model), 'segmented')} regression)"
    event_x = _to_naive_utc(pd.Series([at]))[0]
    if facet or (facet is None and len(groups) > FACET_ABOVE):
        panels = _panels(len(groups), cols=4, panel=(2.8, 2.0), within=ax)
        top = 0.0
        for panel, group in zip(panels.axes, groups, strict=True):
            rows = points[points["_group"] == group]
            top = max(top, _draw_group(panel, rows, group, size=3))
            _mark_event(panel, event_x, label, fontsize=7)
            panel.set_title(_shorten(group, 30), fontsize=9)
            panel.tick_params(labelsize=7)
            _date_axis(panel, minticks=2, maxticks=4)
        for panel in panels.axes:
            panel.set_ylim(0, top * 1.1 if top > 0 else 1.0)
        for panel in panels.axes[:: panels.cols]:
            panel.set_ylabel("hits per\n10,000 tokens", fontsize=8)
        words = _legend_words(fits, hollow=bool(points["_hollow"].any()))
        _panels_title(panels, title or default + words, fontsize=10)
        return panels.axes[0]
    ax = _new_axes(ax, (9.0, 5.0))
    top = 0.0
    handles: list[Any] = []
    for group in groups:
        top = max(top, _draw_group(ax, points[points["_group"] == group], group, size=5))
        handles.append(_point_handle(group, line=not fits))
    _mark_event(ax, event_x, label, fontsize=9)
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
    ax.set_ylabel("hits per 10,000 tokens")
    ax.set_xlabel("period start (UTC)")
    _date_axis(ax)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    labels = groups if group_col is not None else ["observed rate"]
    _legend(ax, handles, labels, group_col, fits=fits, model=model,
            hollow=bool(points["_hollow"].any()))  # fmt: skip
    _set_title(ax, title, default, share=0.8)
    return ax


def _as_utc(event: Any, func: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(event)
    except (ValueError, TypeError) as exc:
        raise ToolkitError(f"{func}: event={event!r} is not a date such as '2022-02-24'.") from exc
    if pd.isna(stamp):
        raise ToolkitError(f"{func}: event={event!r} is not a date such as '2022-02-24'.")
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _event_frame(
    table: pd.DataFrame, by: str | None, term: str | None, event: pd.Timestamp, func: str
) -> tuple[pd.DataFrame, str | None, str]:
    """The points to draw (``_group``, ``_x``, ``_value``, ``_fitted``, ``_counter``,
    ``_after``, ``_thin``, ``_hollow``), the group column (``term`` when the lines are terms)
    and what is drawn, for the title."""
    available = [str(t) for t in pd.unique(table["term"].astype(str))]
    if term is None and len(available) > 1 and by is None:
        groups = table["term"].astype(str)
        by, what = "term", f"{len(available)} terms"
    else:
        if term is None and len(available) != 1:
            raise ToolkitError(
                f"{func} draws one term at a time for each group of by={by!r}, and this table "
                f"has {len(available)} terms: {', '.join(available)}. Pass term=<one of them>."
            )
        term = available[0] if term is None else str(term)
        if term not in available:
            raise ToolkitError(
                f"{func}: term {term!r} is not in the table; its terms are: {', '.join(available)}."
            )
        table = table[table["term"].astype(str) == term]
        groups = _group_column(table, by, func, _PRODUCER)
        what = f"'{term}'" + (f" by {by}" if by is not None else "")

    def numbers(column: str) -> np.ndarray:
        if column not in table.columns:
            return np.full(len(table), np.nan)
        return np.asarray(pd.to_numeric(table[column], errors="coerce"), dtype=float)

    x = _to_naive_utc(table["period"])
    segment = table["segment"].astype(str).to_numpy() if "segment" in table.columns else None
    after = segment == "after" if segment is not None else x >= _to_naive_utc(pd.Series([event]))[0]
    if "low_n" in table.columns:
        thin = table["low_n"].fillna(False).to_numpy(dtype=bool)
    elif "n_tokens" in table.columns:
        thin = numbers("n_tokens") < LOW_N_TOKENS
    else:
        thin = np.zeros(len(table), dtype=bool)
    hollow = thin | (segment == "transition" if segment is not None else False)
    points = pd.DataFrame(
        {
            "_group": np.asarray(groups, dtype=object),
            "_x": x,
            "_value": numbers("per_10k"),
            "_fitted": numbers("fitted_per_10k"),
            "_counter": numbers("counterfactual_per_10k"),
            "_after": after,
            "_thin": thin,
            "_hollow": hollow,
        }
    )
    if points.duplicated(["_group", "_x"]).any():
        raise ToolkitError(
            f"{func}: several rows share a group and period (by={by!r}). The table probably has "
            "other group columns: filter it to one row per group and period, or pass by=."
        )
    return points[points["_x"].notna()].sort_values("_x"), by, what


def _draw_group(ax: Axes, rows: pd.DataFrame, group: str, *, size: float) -> float:
    """A group's observed rates (hollow where thin or straddling the event), fitted segments and
    counterfactual; the highest value that sets the scale."""
    style = group_style(group)
    has_fit = bool(rows["_fitted"].notna().any())
    hollow = rows["_hollow"].to_numpy(dtype=bool)
    values = rows["_value"].to_numpy(dtype=float)
    ax.plot(rows["_x"], np.where(hollow, np.nan, values),
            linestyle="none" if has_fit else style.linestyle, linewidth=1.2, marker=style.marker,
            markersize=size, color=style.color, alpha=0.8 if has_fit else 1.0, label=group,
            zorder=3)  # fmt: skip
    if hollow.any():
        ax.plot(rows["_x"][hollow], values[hollow], linestyle="none", marker=style.marker,
                markersize=size, markerfacecolor="white", markeredgecolor=style.color,
                label="_hollow", zorder=3)  # fmt: skip
    if has_fit:
        for after in (False, True):
            part = rows[(rows["_after"] == after) & rows["_fitted"].notna()]
            ax.plot(part["_x"], part["_fitted"], color=style.color, linewidth=2.0,
                    label="_fitted", zorder=4)  # fmt: skip
        part = rows[rows["_after"] & rows["_counter"].notna()]
        ax.plot(part["_x"], part["_counter"], color=style.color, linewidth=1.4,
                linestyle=(0, (4, 3)), label="_counterfactual", zorder=2)  # fmt: skip
    # the scale: observed and fitted rates of periods with enough text (a sparse period's rate
    # and a counterfactual carried far from the data may lie above it, clipped)
    thin = rows["_thin"].to_numpy(dtype=bool)
    drawn = np.concatenate([values[~thin], rows["_fitted"].to_numpy(dtype=float)[~thin]])
    finite = drawn[np.isfinite(drawn)]
    return float(finite.max()) if finite.size else 0.0


def _mark_event(ax: Axes, x: Any, label: str, *, fontsize: float) -> None:
    """The event: a vertical line across the Axes and its label at the top, beside it."""
    ax.axvline(x, color=_EVENT_COLOR, linestyle=":", linewidth=1.4, label="_event", zorder=1)
    ax.annotate(label, xy=(x, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                textcoords="offset points", ha="left", va="top", fontsize=fontsize,
                color=_EVENT_COLOR)  # fmt: skip


def _point_handle(group: str, *, line: bool) -> Any:
    from matplotlib.lines import Line2D

    style = group_style(group)
    dashes: Any = style.linestyle if line else "-"  # (the group's own, with a line to read)
    return Line2D([], [], color=style.color, marker=style.marker, label=group,
                  linewidth=1.2 if line else 2.0, linestyle=dashes)  # fmt: skip


def _legend(ax: Axes, handles: list[Any], groups: list[str], by: str | None, *, fits: bool,
            model: str | None, hollow: bool) -> None:  # fmt: skip
    from matplotlib.lines import Line2D

    labels = list(groups)
    if hollow:
        handles = [*handles, Line2D([], [], color="#555555", marker="o", markerfacecolor="white",
                                    linestyle="none")]  # fmt: skip
        labels.append("too little text to trust,\nor the event's own period")
    if fits:
        name = _MODELS.get(str(model), "segmented")
        handles = [
            *handles,
            Line2D([], [], color="#555555", linewidth=2.0),
            Line2D([], [], color="#555555", linewidth=1.4, linestyle=(0, (4, 3))),
        ]
        labels += [f"fitted ({name}):\nbefore and after", "earlier trend carried on\n(no change)"]
    handles.append(Line2D([], [], color=_EVENT_COLOR, linestyle=":", linewidth=1.4))
    labels.append("event")
    _legend_outside(ax, handles, title=by, labels=labels)


def _legend_words(fits: bool, *, hollow: bool) -> str:
    words = "; hollow points: too little text, or the event's own period" if hollow else ""
    if not fits:
        return words + "; dotted line: the event"
    return words + "; lines: fitted, dashed: earlier trend carried on, dotted: event"
