"""How a story travelled: outlets down the side, time along the bottom, an arrow per edge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import _date_axis, _new_axes, _public_plot, _set_title, _to_naive_utc

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["EVIDENCE_STYLES", "plot_propagation"]

#: Colour (Okabe-Ito, safe for colour-vision deficiency) and line style of each kind of edge:
#: two channels, so the kinds stay apart in grey scale.
EVIDENCE_STYLES = {
    "reuse": ("#0072B2", "-"),
    "credit": ("#D55E00", "--"),
    "translation": ("#009E73", ":"),
}


@_public_plot
def plot_propagation(
    edges: pd.DataFrame,
    *,
    story: int | str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A story's timeline: one row per outlet, its articles at their times, an arrow per edge.

    Parameters
    ----------
    edges : DataFrame or the result of propagation()
        ``propagation(corpus)`` or its ``.edges``.
    story : int or "all", optional
        The story to draw; by default the one of most articles (the only one, when ``edges``
        hold one); ``"all"`` draws every story on one time axis.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.
    title : str, optional
        The title; by default says what is drawn.

    Returns
    -------
    matplotlib Axes
        Outlets on the vertical axis (every one named), time on the horizontal; arrows point
        from the article a text came from to the one that took it, coloured and dashed by
        evidence (:data:`EVIDENCE_STYLES`, the kinds drawn in the legend); an arrow over more
        than one row bends, clear of the articles between, and articles of one outlet at one
        time stand a little apart (an hour or so on a week's axis). Undated articles are
        drawn at the left edge, marked with a hollow circle; when no article is dated there is
        no time axis (no dates are made up): the articles stand in the edges' order.

    Examples
    --------
    >>> edges = pd.DataFrame({  # synthetic
    ...     "story": [0, 0], "from_doc": ["a", "a"], "to_doc": ["b", "c"],
    ...     "evidence": ["reuse", "credit"], "from_source": ["TASS", "TASS"],
    ...     "to_source": ["RT", "BBC"], "from_published": pd.to_datetime(["2023-01-01"] * 2),
    ...     "to_published": pd.to_datetime(["2023-01-02", None])})
    >>> ax = plot_propagation(edges)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['TASS', 'RT', 'BBC']
    """
    edges = getattr(edges, "edges", edges)  # the whole result of propagation(), or its edges
    if not isinstance(edges, pd.DataFrame):
        raise ToolkitError(
            "plot_propagation() takes propagation(corpus) or its edges (a DataFrame), "
            f"not {type(edges).__name__}."
        )
    missing = {"from_doc", "to_doc", "evidence", "from_source", "to_source", "from_published",
               "to_published"} - set(edges.columns)  # fmt: skip
    if missing:
        raise ToolkitError(
            f"plot_propagation() takes the edges of propagation(); missing {sorted(missing)}."
        )
    default = "How the story travelled between outlets"
    if story is None and "story" in edges.columns and edges["story"].nunique() > 1:
        # the story of most articles (the first of those): every story on one axis mixes
        # years and outlets that have nothing to do with one another
        ends = pd.concat(
            [
                edges[["story", "from_doc"]].set_axis(["story", "doc"], axis=1),
                edges[["story", "to_doc"]].set_axis(["story", "doc"], axis=1),
            ]
        )
        sizes = ends.drop_duplicates().groupby("story").size()
        story = sizes.index[int(np.argmax(sizes.to_numpy()))]
        default = (f"How story {story} travelled between outlets (the largest of "
                   f"{len(sizes)}, {sizes.max()} articles)")  # fmt: skip
    elif story is not None and story != "all":
        default = f"How story {story} travelled between outlets"
    elif story == "all":
        default = "How the stories travelled between outlets"
    if edges.empty:
        raise ToolkitError("plot_propagation(): no edges to draw (propagation linked no two "
                           "articles).")  # fmt: skip
    if story is not None and story != "all":
        edges = edges[edges["story"] == story]
        if edges.empty:
            raise ToolkitError(f"plot_propagation(): no edges of story {story}.")
    rows = len(set(edges["from_source"].astype(str)) | set(edges["to_source"].astype(str)))
    ax = _new_axes(ax, (9.0, max(3.0, 0.35 * rows + 1.6)))
    docs = pd.concat([
        pd.DataFrame({"doc": edges["from_doc"], "source": edges["from_source"],
                      "time": _to_naive_utc(pd.Series(edges["from_published"]))}),
        pd.DataFrame({"doc": edges["to_doc"], "source": edges["to_source"],
                      "time": _to_naive_utc(pd.Series(edges["to_published"]))}),
    ]).drop_duplicates("doc")  # fmt: skip
    docs["source"] = docs["source"].fillna("(unknown outlet)").astype(str)
    docs = docs.sort_values("time", na_position="last", kind="stable")
    outlets = list(dict.fromkeys(docs["source"]))
    row = {s: k for k, s in enumerate(outlets)}
    y = {d: row[s] for d, s in zip(docs["doc"], docs["source"], strict=True)}
    times = docs["time"].to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(times)
    if not dated.any():  # (no time axis to draw: the articles in a row, as the edges join them)
        return _undated(ax, edges, y, outlets, title, default)
    left = times[dated].min()
    undated_at = left - max((times[dated].max() - left) / 20, np.timedelta64(3600, "s"))
    x = {d: (t if not np.isnat(t) else undated_at) for d, t in zip(docs["doc"], times, strict=True)}
    # articles of one outlet at one time side by side, a little apart, not on one dot
    step = max((times[dated].max() - left) / 80, np.timedelta64(600, "s"))
    same: dict[tuple[int, Any], list[Any]] = {}
    for d in docs["doc"]:
        same.setdefault((y[d], x[d]), []).append(d)
    for group in same.values():
        for k, d in enumerate(group):
            x[d] = x[d] + step * (2 * k - (len(group) - 1)) / 2
    xs = pd.to_datetime(pd.Series([x[d] for d in docs["doc"]]))
    ax.scatter(xs[dated], [y[d] for d in docs["doc"][dated]], color="black", zorder=3, s=20)
    ax.scatter(xs[~dated], [y[d] for d in docs["doc"][~dated]], facecolors="none",
               edgecolors="black", zorder=3, s=20)  # fmt: skip
    _draw_edges(ax, edges, {d: pd.Timestamp(t) for d, t in x.items()}, y, outlets)
    _date_axis(ax, days_named=True, minticks=3, maxticks=8)
    # at the left, clear of the date axis's offset ("2022") at the right
    undated = "\nhollow: undated, drawn at the left" if not dated.all() else ""
    ax.set_xlabel(f"published (UTC){undated}", loc="left")
    _set_title(ax, title, default)
    return ax


def _draw_edges(ax: Axes, edges: pd.DataFrame, x: dict[Any, Any], y: dict[Any, int],
                outlets: list[str]) -> None:  # fmt: skip
    """An arrow per edge from ``x, y`` of its article to those of the other, coloured and
    dashed by evidence (the legend names the kinds drawn), and a row per outlet."""
    for evidence, (color, style) in EVIDENCE_STYLES.items():
        chosen = edges[edges["evidence"] == evidence]
        if chosen.empty:
            continue  # (the legend names the kinds drawn)
        for a, b in zip(chosen["from_doc"], chosen["to_doc"], strict=True):
            # (an arrow over more than one row bends, clear of the rows' articles between)
            bend = 0.25 if abs(y[b] - y[a]) > 1 else 0.0
            ax.annotate("", xy=(x[b], y[b]), xytext=(x[a], y[a]),
                        arrowprops={"arrowstyle": "->", "color": color, "linestyle": style,
                                    "lw": 1.4, "shrinkA": 4, "shrinkB": 4,
                                    "connectionstyle": f"arc3,rad={bend}"})  # fmt: skip
        ax.plot([], [], color=color, linestyle=style, label=evidence)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.legend(title="evidence", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=8)  # fmt: skip


def _undated(ax: Axes, edges: pd.DataFrame, y: dict[Any, int], outlets: list[str],
             title: str | None, default: str) -> Axes:  # fmt: skip
    """A story none of whose articles is dated: its articles side by side in the order of the
    edges (no time axis: nothing tells when), each in its outlet's row ``y``."""
    x = {d: k for k, d in enumerate(dict.fromkeys([*edges["from_doc"], *edges["to_doc"]]))}
    ax.scatter(list(x.values()), [y[d] for d in x], facecolors="none", edgecolors="black",
               zorder=3, s=20)  # fmt: skip
    _draw_edges(ax, edges, x, y, outlets)
    ax.set_xlim(-0.5, len(x) - 0.5)
    ax.set_xticks([])
    ax.set_xlabel("no article of the story is dated: drawn in the edges' order, not in time",
                  loc="left")  # fmt: skip
    _set_title(ax, title, default)
    return ax
