"""A term's rate over time, per group: lines with 95% bands and an article-volume strip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.frequency import LOW_N_DOCS, LOW_N_TOKENS, smooth_rates
from toolkit.plot._base import (
    _LOW_N_HATCH,
    _LOW_N_NOTE,
    FACET_ABOVE,
    Panels,
    _check_measure,
    _check_unique,
    _date_axis,
    _figure,
    _group_order,
    _legend_outside,
    _new_axes,
    _note_on,
    _panels,
    _panels_title,
    _public_plot,
    _resolve_by,
    _set_title,
    _shorten,
    _to_naive_utc,
    group_style,
)
from toolkit.plot.rates import (
    _MEASURE_TITLES,
    _MEASURES,
    RateMeasure,
    _reject_variants,
    _select_terms,
    _terms_frame,
    _terms_groups,
    _top_groups,
)
from toolkit.util import By, check_count

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_trend"]

LowN = Literal["gap", "hollow"]


@_public_plot
def plot_trend(
    table: pd.DataFrame,
    *,
    by: By = None,
    term: str | None = None,
    ax: Axes | None = None,
    measure: RateMeasure = "per_10k",
    title: str | None = None,
    low_n: LowN = "gap",
    smooth: int = 1,
    min_tokens: int = LOW_N_TOKENS,
    min_docs: int = LOW_N_DOCS,
    top: int | None = None,
    facet: bool | None = None,
) -> Axes:
    """Lines of one term's rate over time per group, with 95% bands and an article-volume strip.

    Below the main Axes, an inset strip (``ax.child_axes[0]``, sharing the time axis) shows each
    group's number of articles per period (``n_docs``), so that a spike resting on three articles
    is seen for what it is; bars of periods flagged ``low_n`` are hatched. Sparse periods never
    set the scale: the y-axis follows the rates of the periods with enough text (bands that
    reach higher are clipped at the top, as the legend says), and ``low_n`` periods are gaps in
    the line (``low_n="gap"``) or hollow points without a band (``"hollow"``). The strip hangs
    below the Axes: when passing your own ``ax``, leave room under it. A panel never holds more
    than :data:`FACET_ABOVE` lines.

    Parameters
    ----------
    table : DataFrame
        A ``count_terms()`` table with ``period``: ``period``, ``term``, ``<measure>``,
        ``<measure>_low``, ``<measure>_high``, ``n_docs``, optionally ``low_n``, and ``by``.
    by : str or list of str, optional
        Group column(s): one line per value. By default the group columns of the table (those
        ``count_terms(by=...)`` added).
    term : str, optional
        The term to draw. May be omitted when the table holds a single term, or has no group
        column: then every term is drawn, one line each.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    measure : {"per_10k", "doc_share"}, default "per_10k"
        Hits per 10,000 tokens, or the share of articles mentioning the term (drawn in %).
    title : str, optional
        Replaces the default title.
    low_n : {"gap", "hollow"}, default "gap"
        How periods with too little text are drawn: left out of the line, or as hollow points.
    smooth : int, default 1
        Pool each period with the ``smooth - 1`` before it (:func:`toolkit.smooth_rates`): the
        rate is then total hits over total tokens (or articles) of the window, with its exact
        interval (needs ``hits``, ``n_tokens``, ``docs_with_hit`` and ``n_docs``), and
        ``low_n`` is judged on the window.
    min_tokens, min_docs : int
        With ``smooth``, a window with fewer tokens or articles than this is ``low_n``
        (defaults :data:`toolkit.frequency.LOW_N_TOKENS`, :data:`toolkit.frequency.LOW_N_DOCS`).
    top : int, optional
        Keep only the ``top`` largest groups (by tokens, else articles); a note on the figure
        names the groups left out. By default every group is drawn.
    facet : bool, optional
        True: small multiples, one panel per group on one scale. False: groups share panels,
        at most :data:`FACET_ABOVE` lines each (one panel when there are no more groups). By
        default one panel up to :data:`FACET_ABOVE` groups, one panel per group past them.
        Panels are drawn in a new figure, or in the place of ``ax`` in its figure.

    Returns
    -------
    Axes
        The main Axes (the volume strip is its ``child_axes[0]``); with several panels, the
        first (``ax.figure.axes`` holds them all).

    Raises
    ------
    ToolkitError
        Missing columns (``period`` above all), or several terms and no ``term=``.

    Examples
    --------
    >>> import pandas as pd
    >>> periods = pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"], utc=True)
    >>> table = pd.DataFrame({  # synthetic
    ...     "source": ["TASS"] * 3, "period": periods, "term": ["unity"] * 3,
    ...     "per_10k": [3.0, 5.0, 4.0], "per_10k_low": [2.0, 4.0, 1.0],
    ...     "per_10k_high": [4.0, 6.0, 9.0], "n_docs": [40, 52, 3],
    ...     "low_n": [False, False, True]})
    >>> ax = plot_trend(table)
    >>> ax.get_ylabel(), ax.child_axes[0].get_ylabel()
    ('hits per 10,000 tokens', 'articles per period')
    """
    func = "plot_trend"
    _check_trend_options(table, measure=measure, low_n=low_n, func=func)
    smooth = check_count("smooth", smooth, 1)
    table, by = _resolve_by(table, by, func, inferred=_terms_groups(table))
    table, left_out = _top_groups(table, by, top)
    if smooth > 1:
        table = smooth_rates(table, window=smooth, by=[by] if by is not None else [],
                             min_tokens=min_tokens, min_docs=min_docs)  # fmt: skip
    table, frame, by, what = _trend_frame(table, by, term, measure=measure, func=func)
    groups = _group_order(table, by, frame["_group"])
    default = f"{what} ({_MEASURE_TITLES[measure]})"
    if facet or (facet is None and len(groups) > FACET_ABOVE):
        panels = _trend_facets(frame, groups, measure=measure, within=ax)
        _panels_title(panels, title or f"{default}; hollow markers: too little text to trust "
                      "(low_n); bands clipped at the top", fontsize=10)  # fmt: skip
    elif len(groups) > FACET_ABOVE:  # lines share panels, never more than FACET_ABOVE a panel
        panels = _trend_stack(frame, groups, measure=measure, low_n=low_n, by=by, within=ax)
        _panels_title(panels, title or default)
    else:
        created = ax is None
        ax = _new_axes(ax, (9.0, 5.5))
        strip = _trend_panel(ax, frame, groups, measure=measure, low_n=low_n, by=by)
        _set_title(ax, title, default, share=0.8)
        _note_on(strip, left_out)
        if created:  # room for the strip's label (and the note under it)
            _keep_room_below(_figure(ax), 0.05 + 0.035 * strip.get_xlabel().count("\n"))
        return ax
    _note_on(panels.axes[0], left_out, panels=panels)
    return panels.axes[0]


def _check_trend_options(table: pd.DataFrame, *, measure: str, low_n: str, func: str) -> None:
    _check_measure(measure, tuple(_MEASURES), func)
    _reject_variants(table, func)
    if isinstance(table, pd.DataFrame) and "period" not in table.columns:
        raise ToolkitError(
            f"{func} needs a 'period' column: call count_terms() with period= (for example "
            "period='M'), or use plot_frequency() for a table without periods."
        )
    if low_n not in ("gap", "hollow"):
        raise ToolkitError(f"{func}: low_n must be 'gap' or 'hollow', got {low_n!r}.")


def _trend_frame(
    table: pd.DataFrame, by: str | None, term: str | None, *, measure: str, func: str
) -> tuple[pd.DataFrame, pd.DataFrame, str | None, str]:
    """The rows to draw (``_group``, ``_x`` and the values, by time), the group column (``term``
    when the lines are terms) and what is drawn over time, for the title."""
    frame = _terms_frame(table, by=by, measure=measure, func=func, need=["period", "n_docs"])
    available = [str(t) for t in pd.unique(frame["term"])]
    if term is None and len(available) > 1 and by is None:
        # no groups: one line per term
        table = table.assign(term=table["term"].astype(str))
        frame = frame.assign(_group=frame["term"])
        by, what = "term", f"{len(available)} terms over time"
    else:
        if term is None and len(available) != 1:
            raise ToolkitError(
                f"{func} draws one term at a time for each of the groups of by={by!r}, and this "
                f"table has {len(available)} terms: {', '.join(available)}. Pass term=<one of "
                "them>."
            )
        term = available[0] if term is None else term
        frame, _ = _select_terms(frame, [term], func)
        what = f"'{term}' over time" + (f" by {by}" if by is not None else "")
    _check_unique(frame, ["_group", "period"], func, by)
    frame = frame.assign(_x=_to_naive_utc(frame["period"])).sort_values("_x")
    return table, frame[frame["_x"].notna()], by, what


def _keep_room_below(fig: Figure, share: float) -> None:
    """Constrained layout places an inset strip but not its x label: keep room for it."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, share, 1.0, 1.0 - share))


# --------------------------------------------------------------------------------------------
# one panel: lines, bands and the volume strip


def _trend_panel(
    ax: Axes, frame: pd.DataFrame, groups: list[str], *, measure: str, low_n: LowN,
    by: str | None,
) -> Axes:  # fmt: skip
    """Draw the lines of ``groups`` in ``ax``, their articles in a strip under it, a legend;
    return the strip."""
    import matplotlib.dates as mdates

    strip = ax.inset_axes((0.0, -0.42, 1.0, 0.27), sharex=ax)
    frame = frame[frame["_group"].isin(groups)]
    xnum = mdates.date2num(frame["_x"].to_numpy())
    frame = frame.assign(_xnum=xnum)
    steps = np.diff(np.unique(xnum))
    spacing = float(steps.min()) if steps.size else 30.0
    width = 0.8 * spacing / max(len(groups), 1)
    handles: list[Any] = []
    any_low_n, highest = False, 0.0
    for i, group in enumerate(groups):
        rows = frame[frame["_group"] == group]
        line, thin, top = _trend_line(ax, rows, group, low_n=low_n)
        handles.append(line)
        any_low_n |= thin
        highest = max(highest, top)
        offset = (i - (len(groups) - 1) / 2) * width
        _volume_bars(strip, rows, offset, width, group_style(group).color)
    _trend_legend(ax, handles, by=by, any_low_n=any_low_n, low_n=low_n)
    _trend_axes(ax, strip, xnum, spacing=spacing, highest=highest, measure=measure)
    return strip


def _trend_line(
    ax: Axes, rows: pd.DataFrame, group: str, *, low_n: LowN
) -> tuple[Any, bool, float]:
    """One group's band and line (thin periods left out, or hollow); the line, whether a period
    was thin, and the highest value drawn (what sets the scale)."""
    style = group_style(group)
    xs = rows["_xnum"].to_numpy(dtype=float)
    values = rows["_value"].to_numpy(dtype=float)
    thin = rows["_low_n"].to_numpy(dtype=bool)
    solid = np.where(thin, np.nan, values)
    ax.fill_between(xs, np.where(thin, np.nan, rows["_low"].to_numpy(dtype=float)),
                    np.where(thin, np.nan, rows["_high"].to_numpy(dtype=float)),
                    color=style.color, alpha=0.18, linewidth=0, zorder=1)  # fmt: skip
    (line,) = ax.plot(xs, solid, color=style.color, marker=style.marker, markersize=6,
                      linewidth=1.8, linestyle=style.linestyle, label=group, zorder=3)  # fmt: skip
    finite = solid[np.isfinite(solid)]
    highest = float(finite.max()) if finite.size else 0.0
    if thin.any() and (low_n == "hollow" or not finite.size):
        ax.scatter(xs[thin], values[thin], marker=style.marker, s=40, facecolors="white",
                   edgecolors=style.color, linewidths=1.5, zorder=4)  # fmt: skip
        if not finite.size:
            shown = values[thin][np.isfinite(values[thin])]
            highest = max(highest, float(shown.max()) if shown.size else 0.0)
    return line, bool(thin.any()), highest


def _volume_bars(strip: Axes, rows: pd.DataFrame, offset: float, width: float, color: str) -> None:
    """A group's articles per period in the strip; thin periods hatched."""
    bars = strip.bar(rows["_xnum"].to_numpy(dtype=float) + offset,
                     rows["n_docs"].to_numpy(dtype=float), width=width * 0.9, color=color,
                     edgecolor=color, linewidth=0.5)  # fmt: skip
    for bar, flag in zip(bars.patches, rows["_low_n"].to_numpy(dtype=bool), strict=True):
        if flag:
            bar.set_facecolor("white")
            bar.set_hatch(_LOW_N_HATCH)


def _trend_legend(
    ax: Axes, handles: list[Any], *, by: str | None, any_low_n: bool, low_n: LowN
) -> None:
    """The groups, how thin periods are drawn, and the clipped bands."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    labels = [str(h.get_label()) for h in handles]
    handles = list(handles)
    if any_low_n:
        hatched = Patch(facecolor="white", edgecolor="#555555", hatch=_LOW_N_HATCH)
        if low_n == "hollow":
            hollow = Line2D(
                [], [], color="#555555", marker="o", markerfacecolor="white", linestyle="none"
            )
            handles.append((hollow, hatched))
            labels.append(_LOW_N_NOTE + "\n(hollow, no band)")
        else:
            handles.append(hatched)
            labels.append(_LOW_N_NOTE + "\n(left out of the line)")
    handles.append(Patch(facecolor="#888888", alpha=0.3, linewidth=0))
    labels.append("95% interval\n(clipped at the top)")
    _legend_outside(ax, handles, title=by, labels=labels)


def _trend_axes(
    ax: Axes, strip: Axes, xnum: np.ndarray, *, spacing: float, highest: float, measure: str
) -> None:
    """Time ticks on the strip, the scale of the rates, labels and grids."""
    from matplotlib.ticker import MaxNLocator

    _date_axis(strip)
    periods = np.unique(xnum)
    if 0 < periods.size <= 12:  # few periods: one tick at the start of each
        strip.set_xticks(periods)
    ax.tick_params(axis="x", labelbottom=False)
    if xnum.size:
        ax.set_xlim(float(xnum.min()) - spacing / 2, float(xnum.max()) + spacing / 2)
    # the scale follows the plotted rates, never a sparse period's band
    ax.set_ylim(0, highest * 1.15 if highest > 0 else 1.0)
    ax.set_ylabel(_MEASURES[measure][0])
    strip.set_ylim(bottom=0)
    strip.set_ylabel("articles per period")
    strip.set_xlabel("period start (UTC)")
    strip.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    for a in (ax, strip):
        a.grid(axis="y", color="#dddddd", linewidth=0.8)
        a.set_axisbelow(True)


# --------------------------------------------------------------------------------------------
# many groups


def _trend_stack(
    frame: pd.DataFrame, groups: list[str], *, measure: str, low_n: LowN, by: str | None,
    within: Axes | None,
) -> Panels:  # fmt: skip
    """Panels one above the other, the groups shared out among them (at most FACET_ABOVE a
    panel, as evenly as they go), each with its volume strip and legend."""
    n = -(-len(groups) // FACET_ABOVE)
    shares = np.array_split(np.arange(len(groups)), n)
    panels = _panels(n, cols=1, panel=(9.0, 5.0), within=within)
    if panels.own:
        _keep_room_below(panels.fig, 0.05 / n)
    for ax, share in zip(panels.axes, shares, strict=True):
        _trend_panel(ax, frame, [groups[i] for i in share], measure=measure, low_n=low_n, by=by)
    return panels


def _trend_facets(
    frame: pd.DataFrame, groups: list[str], *, measure: str, within: Axes | None
) -> Panels:
    """One panel per group on one shared scale (many groups); thin periods are hollow markers
    outside the line."""
    panels = _panels(len(groups), cols=4, panel=(2.6, 1.9), within=within)
    top = 0.0
    for ax, group in zip(panels.axes, groups, strict=True):
        rows = frame[frame["_group"] == group]
        top = max(top, _facet_line(ax, rows, group_style(group), group))
        n_docs = int(pd.to_numeric(rows["n_docs"], errors="coerce").fillna(0).sum())
        ax.set_title(f"{_shorten(group, 30)}\n{n_docs:,} articles", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    first, last = frame["_x"].min(), frame["_x"].max()
    for ax in panels.axes:
        ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
        if pd.notna(first) and first < last:
            ax.set_xlim(first, last)  # one time axis for all: an outlet's late start shows
        _date_axis(ax, minticks=2, maxticks=4)
    label = _MEASURES[measure][0]
    for ax in panels.axes[::4]:  # (small panels in a place of a figure: the label on two lines)
        ax.set_ylabel(label if panels.own else label.replace(" per ", "\nper "), fontsize=8)
    return panels


def _facet_line(ax: Axes, rows: pd.DataFrame, style: Any, group: str) -> float:
    """One group's band and line in its own panel; the highest rate (what sets the scale)."""
    thin = rows["_low_n"].to_numpy(dtype=bool)
    xs = rows["_x"].to_numpy()
    raw = rows["_value"].to_numpy(dtype=float)
    ax.fill_between(xs, np.where(thin, np.nan, rows["_low"].to_numpy(dtype=float)),
                    np.where(thin, np.nan, rows["_high"].to_numpy(dtype=float)),
                    color=style.color, alpha=0.2, linewidth=0)  # fmt: skip
    ax.plot(xs, np.where(thin, np.nan, raw), color=style.color, marker=style.marker,
            markersize=3, linestyle=style.linestyle, linewidth=1.4, label=group)  # fmt: skip
    if thin.any():
        ax.plot(xs[thin], raw[thin], linestyle="none", marker=style.marker, markersize=3,
                markerfacecolor="none", markeredgecolor=style.color, alpha=0.8)  # fmt: skip
    finite = raw[np.isfinite(raw)]
    return float(finite.max()) if finite.size else 0.0
