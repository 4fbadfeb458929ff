"""Where and when terms occur: a barcode of hits per document or source, binned when large."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import (
    _HEATMAP_CMAP,
    _colors,
    _date_axis,
    _figure,
    _labels,
    _legend_outside,
    _new_axes,
    _public_plot,
    _set_title,
    _to_naive_utc,
)
from toolkit.util import check_count, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_dispersion"]

_HITS_PRODUCER = "toolkit.dispersion() (its hits table: hits, dp = toolkit.dispersion(...))"
#: Past this many hits by date, ticks no longer read: they are counted in bins.
_MAX_TICKS = 5_000


class _Rows:
    """The hits to draw as ticks: ``frame`` (``term``, ``_x``, ``_row``), the row labels and the
    texts around them."""

    def __init__(self, frame: pd.DataFrame, labels: list[str], *, x: str) -> None:
        self.frame, self.labels = frame, labels
        if x == "token":
            self.xlabel = "position in document (share of tokens)"
            self.ylabel, self.title = "document", "Where terms occur within documents"
        else:
            self.xlabel = "publication date (UTC)"
            self.ylabel, self.title = "source", "When terms occur, by source"
        self.title += " (one tick per hit)"


@_public_plot
def plot_dispersion(
    hits: pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame],
    *,
    x: Literal["token", "date"] = "token",
    ax: Axes | None = None,
    title: str | None = None,
    max_rows: int = 60,
    bins: int = 40,
) -> Axes:
    """A dispersion ("barcode") plot: one tick per hit, one row per document or source.

    Past ``max_rows`` documents (``x="token"``), or past 5,000 hits (``x="date"``), ticks no
    longer read: the hits are counted in ``bins`` bins of position (or date) instead, one row
    per source and term, shaded by the row's share of hits in each bin (a colorbar says so), so
    the chart stays legible and light however large the corpus. Every row is named on the y
    axis and every term in the legend.

    Parameters
    ----------
    hits : DataFrame or Dispersion
        One row per hit: ``doc_id, source, published, term, token_index, n_tokens``: the
        ``hits`` table of :func:`toolkit.dispersion`, or what it returns (both tables).
    x : {"token", "date"}, default "token"
        ``"token"``: one row per document, ticks at the hit's relative position in it
        (``token_index / n_tokens``). ``"date"``: one row per source, ticks at ``published``.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Replaces the default title.
    max_rows : int, default 60
        The most documents drawn one row each.
    bins : int, default 40
        Bins of the aggregated chart.

    Returns
    -------
    Axes
        The Axes drawn on; each term is one scatter collection, coloured and in the legend (or,
        aggregated, one image: ``ax.images[0]``).

    Raises
    ------
    ToolkitError
        ``x`` other than "token" or "date", missing columns, or ``n_tokens`` below 1.

    Examples
    --------
    >>> import pandas as pd
    >>> hits = pd.DataFrame({  # synthetic
    ...     "doc_id": ["d1", "d1", "d2"], "source": ["TASS", "TASS", "BBC"],
    ...     "published": pd.to_datetime(["2023-05-18", "2023-05-18", "2023-05-19"], utc=True),
    ...     "term": ["unity", "war", "unity"], "token_index": [3, 80, 10],
    ...     "n_tokens": [100, 100, 50]})
    >>> ax = plot_dispersion(hits)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['BBC: d2', 'TASS: d1']
    >>> ax.get_xlabel()
    'position in document (share of tokens)'
    """
    func = "plot_dispersion"
    if isinstance(hits, tuple):  # the pair dispersion() returns: (hits, dp)
        hits = hits[0]
    if x not in ("token", "date"):
        raise ToolkitError(
            f"{func}: x={x!r} is not supported; use x='token' (position within each document) "
            "or x='date' (publication date, one row per source)."
        )
    rows = _token_rows(hits, func) if x == "token" else _date_rows(hits, func)
    if (x == "token" and len(rows.labels) > max_rows) or (
        x == "date" and len(rows.frame) > _MAX_TICKS
    ):
        what = f"{len(rows.labels):,} documents" if x == "token" else f"{len(rows.frame):,} hits"
        return _dispersion_bins(rows.frame, bins=bins, ax=ax, title=title, what=what,
                                xlabel=rows.xlabel, dates=x == "date")  # fmt: skip
    ax = _new_axes(ax, (9.0, min(12.0, max(2.8, 0.38 * max(len(rows.labels), 1) + 1.8))))
    _draw_ticks(ax, rows)
    if x == "token":
        ax.set_xlim(-0.02, 1.02)  # ticks at 0 and 1 stay whole
    else:
        _date_axis(ax)
        dates = rows.frame["_x"].dropna()
        if len(dates) and dates.min() == dates.max():  # one date: a week around it, not years
            import matplotlib.dates as mdates

            day = mdates.date2num(pd.Timestamp(dates.min()))
            ax.set_xlim(day - 3.5, day + 3.5)
    if rows.frame.empty:
        ax.text(0.5, 0.5, "no hits to plot", transform=ax.transAxes, ha="center", va="center")
    ax.set_xlabel(rows.xlabel)
    ax.set_ylabel(rows.ylabel)
    _set_title(ax, title, rows.title, share=0.8)
    return ax


def _token_rows(hits: pd.DataFrame, func: str) -> _Rows:
    """One row per document (sorted by source, then date), labelled "source: doc_id" when the
    hits come from several sources."""
    require_table(hits, ["doc_id", "term", "token_index", "n_tokens"], _HITS_PRODUCER, func=func)
    n_tokens = pd.to_numeric(hits["n_tokens"], errors="coerce")
    if (n_tokens.isna() | (n_tokens < 1)).any():
        raise ToolkitError(
            f"{func}: some hits have n_tokens missing or below 1, so their relative position "
            "cannot be computed; drop those rows first."
        )
    position = pd.to_numeric(hits["token_index"], errors="coerce") / n_tokens
    frame = pd.DataFrame(
        {"doc_id": _labels(hits["doc_id"]), "term": hits["term"].astype(str), "_x": position}
    )
    sort_cols = [c for c in ("source", "published") if c in hits.columns]
    if "source" in hits.columns:
        frame["source"] = _labels(hits["source"])
    order = hits.assign(_doc=frame["doc_id"])
    if sort_cols:
        order = order.sort_values([*sort_cols, "_doc"], kind="stable")
    docs = [str(d) for d in pd.unique(order["_doc"])]
    labels = docs
    if "source" in frame.columns and frame["source"].nunique() > 1:
        source_of = frame.drop_duplicates("doc_id").set_index("doc_id")["source"]
        labels = [f"{source_of[d]}: {d}" for d in docs]
    frame["_row"] = frame["doc_id"].map({d: i for i, d in enumerate(docs)})
    return _Rows(frame, labels, x="token")


def _date_rows(hits: pd.DataFrame, func: str) -> _Rows:
    """One row per source (sorted), ticks at the publication date of each hit."""
    require_table(hits, ["source", "published", "term"], _HITS_PRODUCER, func=func)
    frame = pd.DataFrame(
        {
            "source": _labels(hits["source"]),
            "term": hits["term"].astype(str),
            "_x": _to_naive_utc(hits["published"]),
        }
    )
    frame = frame[frame["_x"].notna()]
    sources = sorted(str(s) for s in pd.unique(frame["source"]))
    frame["_row"] = frame["source"].map({s: i for i, s in enumerate(sources)})
    return _Rows(frame, sources, x="date")


def _draw_ticks(ax: Axes, rows: _Rows) -> None:
    """A tick per hit in its row, the terms side by side within a row; shaded alternate rows;
    a legend of the terms."""
    frame, n_rows = rows.frame, max(len(rows.labels), 1)
    terms = [str(t) for t in pd.unique(frame["term"])]
    # Every other row is shaded so that each tick is read against its own document or source.
    for row in range(1, len(rows.labels), 2):
        ax.axhspan(row - 0.5, row + 0.5, color="#f0f0f0", linewidth=0, zorder=0)
    # Terms sit side by side within a row so that ticks of different terms do not hide each other.
    spread = 0.45 if len(terms) > 1 else 0.0
    size = max(30.0, min(160.0, 1800.0 / n_rows / max(len(terms), 1)))
    handles: list[Any] = []
    for j, (term, color) in enumerate(zip(terms, _colors(terms), strict=False)):
        sel = frame[frame["term"] == term]
        offset = (j / (len(terms) - 1) - 0.5) * spread if len(terms) > 1 else 0.0
        handles.append(
            ax.scatter(sel["_x"].to_numpy(), sel["_row"].to_numpy(dtype=float) + offset,
                       marker="|", s=size, linewidths=1.6, color=color, label=term, zorder=2)
        )  # fmt: skip
    ax.set_yticks(np.arange(len(rows.labels)), rows.labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n_rows - 0.5, -0.5)
    _legend_outside(ax, handles, title="term")


def _dispersion_bins(
    frame: pd.DataFrame,
    *,
    bins: int,
    ax: Axes | None,
    title: str | None,
    what: str,
    xlabel: str,
    dates: bool,
) -> Axes:
    """The aggregated dispersion chart: hits per bin, one row per source and term."""
    bins = check_count("bins", bins, 2)
    rows, share, totals, (low, high) = _bin_hits(frame, bins=bins, dates=dates)
    ax = _new_axes(ax, (9.0, min(12.0, max(2.8, 0.32 * len(rows) + 1.8))))
    image = ax.imshow(
        share, aspect="auto", cmap=_HEATMAP_CMAP, interpolation="nearest",
        extent=(low, high, len(rows) - 0.5, -0.5),
    )  # fmt: skip
    labels = [
        f"{source} · {term} (n={int(t)})" for (source, term), t in zip(rows, totals, strict=True)
    ]
    ax.set_yticks(np.arange(len(rows)), labels)
    ax.tick_params(axis="y", length=0, labelsize=8 if len(rows) > 30 else 9)
    if dates:
        _date_axis(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("source · term")
    bar = _figure(ax).colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("share of the row's hits in the bin")
    _set_title(ax, title, f"Where terms occur: hits per bin ({what}, {bins} bins)", share=0.8)
    return ax


def _bin_hits(
    frame: pd.DataFrame, *, bins: int, dates: bool
) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray, tuple[float, float]]:
    """The (source, term) rows, each row's share of its hits per bin, its hits, and the span."""
    import matplotlib.dates as mdates

    values = mdates.date2num(frame["_x"].to_numpy()) if dates else frame["_x"].to_numpy(float)
    low, high = (float(np.nanmin(values)), float(np.nanmax(values))) if len(values) else (0, 1)
    if not dates:
        low, high = 0.0, 1.0
    elif high <= low:
        low, high = low - 3.5, high + 3.5
    edges = np.linspace(low, high, bins + 1)
    sources = frame["source"] if "source" in frame.columns else pd.Series("all", index=frame.index)
    keys = list(zip(sources.astype(str), frame["term"].astype(str), strict=True))
    rows = sorted(set(keys))
    index = {row: i for i, row in enumerate(rows)}
    grid = np.zeros((len(rows), bins))
    which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    np.add.at(grid, (np.array([index[k] for k in keys], int), which), 1)
    totals = grid.sum(axis=1, keepdims=True)
    share = np.divide(grid, totals, out=np.zeros_like(grid), where=totals > 0)
    return rows, share, totals[:, 0], (low, high)
