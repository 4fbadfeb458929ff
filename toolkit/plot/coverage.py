"""How much each group published in each period: one heat strip per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import (
    _HEATMAP_CMAP,
    _check_unique,
    _group_column,
    _group_order,
    _new_axes,
    _public_plot,
    _resolve_by,
    _rotate_ticks,
    _set_title,
    _to_naive_utc,
)
from toolkit.util import By, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_coverage"]

_COVERAGE_PRODUCER = "toolkit.coverage()"


@_public_plot
def plot_coverage(
    table: pd.DataFrame,
    *,
    by: By = None,
    measure: Literal["n_docs", "n_tokens"] = "n_docs",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A heat strip per group: how many articles (or tokens) it has in each period.

    Empty periods are left white, so the months an outlet did not cover stand out before any
    comparison between outlets is read. Every group has its strip, named on the y axis.

    Parameters
    ----------
    table : DataFrame
        A :func:`toolkit.coverage` table: the group columns, ``period``, ``n_docs``,
        ``n_tokens``.
    by : str or list of str, optional
        The group column(s), one strip each; by default the table's group columns.
    measure : {"n_docs", "n_tokens"}, default "n_docs"
        Articles or tokens per period.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        The Axes drawn on (the colorbar is ``ax.images[0].colorbar``).

    Examples
    --------
    >>> import toolkit
    >>> ax = plot_coverage(toolkit.coverage(toolkit.load_sotu(), period="10Y"))
    >>> ax.images[0].get_array().shape  # 7 parties x 24 decades
    (7, 24)
    >>> ax.images[0].colorbar.ax.get_ylabel()
    'articles per period'
    """
    func = "plot_coverage"
    require_table(table, ["period", "n_docs", "n_tokens"], _COVERAGE_PRODUCER, func=func)
    if measure not in ("n_docs", "n_tokens"):
        raise ToolkitError(f"{func}: measure must be 'n_docs' or 'n_tokens', not {measure!r}.")
    inferred = [str(c) for c in table.columns if c not in ("period", "n_docs", "n_tokens")]
    table, by = _resolve_by(table, by, func, inferred=inferred)
    frame = pd.DataFrame(
        {
            "_group": _group_column(table, by, func, _COVERAGE_PRODUCER),
            "_x": _to_naive_utc(table["period"]),
            "_value": pd.to_numeric(table[measure], errors="coerce"),
        }
    )
    _check_unique(frame, ["_group", "_x"], func, by)
    groups = _group_order(table, by, frame["_group"])
    periods = sorted(frame["_x"].dropna().unique())
    matrix = (
        frame.pivot(index="_group", columns="_x", values="_value")
        .reindex(index=groups, columns=periods)
        .to_numpy(dtype=float)
    )

    import matplotlib

    ax = _new_axes(ax, (max(7.0, min(16.0, 0.12 * len(periods) + 4)), 0.42 * len(groups) + 2.0))
    cmap = matplotlib.colormaps[_HEATMAP_CMAP].with_extremes(bad="white")
    shown = np.ma.masked_where(~(matrix > 0), matrix)  # no article: white, not the darkest blue
    image = ax.imshow(shown, cmap=cmap, aspect="auto", interpolation="nearest", vmin=0)
    unit = "articles per period" if measure == "n_docs" else "tokens per period"
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(unit)
    ax.set_yticks(np.arange(len(groups)), groups)
    step = max(1, len(periods) // 12)
    ticks = [pd.Timestamp(periods[i]).strftime("%Y-%m-%d") for i in range(0, len(periods), step)]
    ax.set_xticks(range(0, len(periods), step), ticks)
    _rotate_ticks(ax, ticks)
    ax.tick_params(length=0)
    ax.set_xlabel("period start (UTC); white: no article")
    ax.set_ylabel(by if by is not None else "")
    _set_title(ax, title, f"Coverage: {unit} by {by or 'corpus'}", share=0.9)
    return ax
