"""Topic shares by group (and over time): one panel per topic, intervals across runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import (
    _check_unique,
    _date_axis,
    _group_column,
    _group_order,
    _legend_outside,
    _name_all,
    _note_on,
    _panels,
    _panels_title,
    _public_plot,
    _resolve_by,
    _shorten,
    _to_naive_utc,
    group_style,
)
from toolkit.topics import SHARE_COLUMNS
from toolkit.util import By, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_topics"]

_PRODUCER = "toolkit.seeded_topics() (its shares table)"
_UNIT = "share of the documents' words"
#: Topics drawn by default: the seeded ones (the unseeded are named "other 1", ...).
_OTHER_PREFIX = "other "


@_public_plot
def plot_topics(
    shares: pd.DataFrame,
    *,
    by: By = None,
    topics: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    cols: int = 3,
) -> Axes:
    """Topic shares per group, one panel per topic, with their 95% intervals across runs and
    resampled documents.

    Without a ``period`` column, each panel lists the groups (every group named, one row each)
    with a point at the group's share and a line over its interval. With ``period``, each
    panel draws a line per group over time with its interval as a band; past
    :data:`~toolkit.plot.FACET_ABOVE` groups the legend, outside the panels, names them all
    (each group keeps its colour and marker in every chart). A group-period resting on fewer
    than five documents is drawn as a hollow point: a share of one address is that address.

    Parameters
    ----------
    shares : DataFrame
        The ``shares`` table of :func:`toolkit.seeded_topics` (``topic``, ``share``,
        ``share_low``, ``share_high``, ``n_docs``, the group columns and maybe ``period``).
    by : str or list of str, optional
        The group column(s); by default the group columns of the table (several are joined as
        ``"A / B"``), or one group when it has none.
    topics : list of str, optional
        The topics to draw, in this order; by default the seeded ones (all, when there are
        none).
    ax : Axes, optional
        Where to draw (its place in the figure is shared out among the panels); a new figure
        is made when omitted.
    title : str, optional
        Replaces the default title.
    cols : int, default 3
        Panels per row.

    Returns
    -------
    Axes
        The first panel.

    Raises
    ------
    ToolkitError
        Not a shares table, an unknown topic, or several rows for one group (and period) and
        topic.

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({  # synthetic
    ...     "source": ["Dem", "Dem", "Rep", "Rep"], "topic": ["war", "peace"] * 2,
    ...     "share": [0.2, 0.3, 0.25, 0.2], "share_low": [0.15, 0.25, 0.2, 0.15],
    ...     "share_high": [0.25, 0.35, 0.3, 0.25], "runs_low": [0.19, 0.29, 0.24, 0.19],
    ...     "runs_high": [0.21, 0.31, 0.26, 0.21], "n_docs": [40, 40, 35, 35]})
    >>> ax = plot_topics(shares)
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('war', ['Dem', 'Rep'])
    """
    func = "plot_topics"
    require_table(shares, list(SHARE_COLUMNS), _PRODUCER, func=func)
    if isinstance(cols, bool) or not isinstance(cols, int) or cols < 1:
        raise ToolkitError(f"{func}: cols must be a whole number >= 1, got {cols!r}.")
    timed = "period" in shares.columns
    inferred = [c for c in shares.columns if c not in SHARE_COLUMNS and c != "period"]
    table, group = _resolve_by(shares, by, func, inferred=inferred)
    labels = _group_column(table, group, func, _PRODUCER)
    frame = table.assign(_group=labels.to_numpy(), _topic=table["topic"].astype(str).to_numpy())
    _check_unique(frame, ["_group", *(["period"] if timed else []), "_topic"], func, group)
    present = list(dict.fromkeys(frame["_topic"]))
    if topics is None:
        chosen = [t for t in present if not t.startswith(_OTHER_PREFIX)] or present
    else:
        chosen = [str(t) for t in ([topics] if isinstance(topics, str) else topics)]
        unknown = [t for t in chosen if t not in present]
        if unknown:
            raise ToolkitError(
                f"{func}: topics={unknown} are not in the table; its topics: {present}."
            )
    groups = _group_order(table, group, frame["_group"])
    panels = _panels(len(chosen), cols=cols, panel=(4.2, 3.2 if timed else
                     max(2.2, 0.32 * len(groups) + 1.2)), within=ax)  # fmt: skip
    low = float(frame.loc[frame["_topic"].isin(chosen), "share_low"].min())
    high = float(frame.loc[frame["_topic"].isin(chosen), "share_high"].max())
    span = (max(0.0, low - 0.02), min(1.0, high + 0.02)) if np.isfinite([low, high]).all() else (
        0.0, 1.0)  # fmt: skip
    for axes, topic in zip(panels.axes, chosen):
        rows = frame[frame["_topic"] == topic]
        if timed:
            _topic_lines(axes, rows, groups)
            axes.set_ylim(*span)
        else:
            _topic_points(axes, rows, groups)
            axes.set_xlim(*span)
        axes.set_title(_shorten(topic, 40), fontsize=10)
    first = panels.axes[0]
    if timed:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], label=g, **group_style(g)._asdict()) for g in groups]
        if group is not None:
            _legend_outside(panels.axes[min(len(panels.axes), panels.cols) - 1], handles,
                            title=group)  # fmt: skip
        for axes in panels.axes:
            axes.set_ylabel(_UNIT if axes is first else "")
    else:
        for axes in panels.axes:
            axes.set_xlabel(_UNIT, fontsize=8)
    per = f" by {group}" if group is not None else ""
    over = " and period" if timed else ""
    default = (f"Topic shares{per}{over}: the mean share of the documents' words, with 95% "
               "intervals over the model's runs and resampled documents")  # fmt: skip
    _panels_title(panels, title if title is not None else default)
    left_out = [t for t in present if t not in chosen]
    notes = []
    if left_out:
        notes.append(f"Not drawn: {_name_all(left_out, limit=12)}.")
    if (frame.loc[frame["_topic"].isin(chosen), "n_docs"] < 5).any():
        notes.append("Hollow points: fewer than 5 documents.")
    _note_on(first, " ".join(notes), panels=panels)
    return first


def _topic_points(ax: Axes, rows: pd.DataFrame, groups: list[str]) -> None:
    """One row per group: the share and its interval."""
    by_group = rows.set_index("_group")
    for y, name in enumerate(groups):
        if name not in by_group.index:
            continue
        row = by_group.loc[name]
        style = group_style(name)
        ax.plot([row["share_low"], row["share_high"]], [y, y], color=style.color, linewidth=2)
        thin = row["n_docs"] < 5
        ax.plot([row["share"]], [y], marker=style.marker, color=style.color, linestyle="",
                markerfacecolor="white" if thin else style.color, markersize=6)  # fmt: skip
    ax.set_yticks(range(len(groups)), groups, fontsize=8)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)


def _topic_lines(ax: Axes, rows: pd.DataFrame, groups: list[str]) -> None:
    """A line per group over time, its interval as a band."""
    for name in groups:
        mine = rows[rows["_group"] == name].sort_values("period")
        if mine.empty:
            continue
        style = group_style(name)
        when = _to_naive_utc(mine["period"])
        ax.fill_between(when, mine["share_low"], mine["share_high"], color=style.color,
                        alpha=0.15, linewidth=0)  # fmt: skip
        ax.plot(when, mine["share"], color=style.color, linestyle=style.linestyle, linewidth=1.4,
                label=name)  # fmt: skip
        thin = (mine["n_docs"] < 5).to_numpy()
        ax.plot(when[~thin], mine["share"].to_numpy()[~thin], marker=style.marker, linestyle="",
                color=style.color, markersize=4)  # fmt: skip
        ax.plot(when[thin], mine["share"].to_numpy()[thin], marker=style.marker, linestyle="",
                color=style.color, markerfacecolor="white", markersize=4)  # fmt: skip
    _date_axis(ax)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
