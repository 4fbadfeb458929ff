"""Charts of sentiment scores: boxes by group, and mean tone over time."""

from __future__ import annotations

import inspect
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import (
    FACET_ABOVE,
    Panels,
    _check_unique,
    _colors,
    _date_axis,
    _figure,
    _group_column,
    _group_order,
    _legend_outside,
    _name_all,
    _new_axes,
    _panels,
    _panels_title,
    _public_plot,
    _resolve_by,
    _rotate_ticks,
    _set_title,
    _shorten,
    _to_naive_utc,
    group_style,
)
from toolkit.util import By, check_count, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_sentiment", "plot_sentiment_trend"]

_SENTIMENT_PRODUCER = "toolkit.sentiment()"
_SUMMARY_PRODUCER = "toolkit.summarize_sentiment()"
_SCORES = {
    "compound": "VADER compound score (-1 to 1)",
    "polarity": "TextBlob polarity (-1 to 1)",
    "subjectivity": "TextBlob subjectivity (0 to 1)",
}
_SCORE_NAMES = {"compound": "VADER compound", "polarity": "TextBlob polarity"}
_SUMMARY_COLUMNS = frozenset(
    ["period", "n", "mean", "median", "q25", "q75", "iqr", "mean_low", "mean_high", "coverage"]
)
#: Past this many boxes in one panel (groups x families), each family gets a panel.
_BOXES_PER_PANEL = 24


# --------------------------------------------------------------------------------------------
# plot_sentiment


@_public_plot
def plot_sentiment(
    scores: pd.DataFrame,
    *,
    by: By = None,
    ax: Axes | None = None,
    score: str | None = None,
    term: str | None = None,
    title: str | None = None,
) -> Axes:
    """Box plots of sentiment scores per group, with each group's n in its tick label.

    A targeted table (``sentiment(corpus, terms)``, with a ``term`` column) is never pooled
    across families: with several families each group gets one box per family, coloured by
    family (a sentence that mentions two families is in both boxes), or, past 24 boxes and
    without ``ax``, one panel per family; ``term=`` picks one family. The title names the
    families that selected the sentences. Past :data:`FACET_ABOVE` groups the boxes lie
    horizontally, one group a row, so that every group's label is read whole.

    Parameters
    ----------
    scores : DataFrame
        One row per scored sentence or document, with ``compound`` (VADER) or ``polarity``
        (TextBlob) and the ``by`` column.
    by : str or list of str, optional
        Group column(s): one box per value. By default ``source`` when the table has it (every
        table from :func:`toolkit.sentiment` does), else a single box.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    score : str, optional
        Score column; default ``compound`` if present, else ``polarity``.
    term : str, optional
        Draw only the sentences selected by this family.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        The Axes drawn on (boxes with the individual scores as faint points, at most 100 per
        box, drawn at random with a fixed seed; dashed line at 0).

    Raises
    ------
    ToolkitError
        No score column, or missing ``by`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({  # synthetic
    ...     "doc_id": ["d1", "d2", "d3"], "source": ["TASS", "TASS", "BBC"],
    ...     "compound": [0.5, 0.1, -0.4]})
    >>> ax = plot_sentiment(scores)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['BBC (n=1)', 'TASS (n=2)']
    >>> ax.get_ylabel()
    'VADER compound score (-1 to 1)'
    """
    func = "plot_sentiment"
    score = _score_column(scores, score, func)
    require_table(scores, [score], _SENTIMENT_PRODUCER, func=func)
    scores, by = _resolve_by(
        scores, by, func, inferred=["source"] if "source" in scores.columns else []
    )
    frame, families = _scores_frame(scores, by=by, score=score, term=term, func=func)
    groups = _group_order(scores, by, frame["_group"])
    if ax is None and len(families) > 1 and len(groups) * len(families) > _BOXES_PER_PANEL:
        # too many boxes for one panel: one panel per family, on one scale
        return _sentiment_panels(scores, families, n_groups=len(groups), by=by, score=score,
                                 title=title)  # fmt: skip
    many = len(groups) > FACET_ABOVE
    per_group = max(1, len(families)) if len(families) > 1 else 1
    size = (7.5, 0.42 * len(groups) * max(1, per_group / 2) + 2.0) if many else (
        max(5.0, 1.3 * len(groups) * max(1, per_group / 2) + 2.5), 4.5)  # fmt: skip
    ax = _new_axes(ax, size)
    labels = [f"{g} (n={int((frame['_group'] == g).sum())})" for g in groups]
    _draw_boxes(ax, frame, groups, families, horizontal=many)
    _group_axis(ax, labels, horizontal=many)
    if per_group > 1:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=group_style(f).color, alpha=0.45, edgecolor="#333333")
                   for f in families]  # fmt: skip
        _legend_outside(ax, handles, title="sentences mentioning", labels=families)
    _score_axis(ax, score, horizontal=many)
    unscored = sorted(set(_group_column(scores, by, func, _SENTIMENT_PRODUCER)) - set(groups))
    _label_groups(ax, by, unscored, score=score, horizontal=many)
    per = f" by {by}" if by is not None else ""
    which = f" of sentences mentioning {', '.join(families)}" if families else ""
    name = _SCORE_NAMES.get(score, score)
    _set_title(ax, title, f"Sentiment{which}{per} ({name} score per scored text)")
    return ax


def _score_column(scores: pd.DataFrame, score: str | None, func: str) -> str:
    """The score to draw: the one asked for, else ``compound``, else ``polarity``."""
    if score is not None:
        return score
    if not isinstance(scores, pd.DataFrame):
        return "compound"
    found = next((c for c in ("compound", "polarity") if c in scores.columns), None)
    if found is None:
        raise ToolkitError(
            f"{func}: the table has neither a 'compound' (VADER) nor a 'polarity' (TextBlob) "
            f"column. It expects the table made by {_SENTIMENT_PRODUCER}; or pass score=<the "
            f"score column> (the table has: {', '.join(map(str, scores.columns))})."
        )
    return found


def _scores_frame(
    scores: pd.DataFrame, *, by: str | None, score: str, term: str | None, func: str
) -> tuple[pd.DataFrame, list[str]]:
    """The scored rows (``_group``, ``_score``, ``_term``) and the families to draw."""
    frame = pd.DataFrame(
        {
            "_group": _group_column(scores, by, func, _SENTIMENT_PRODUCER),
            "_score": pd.to_numeric(scores[score], errors="coerce"),
            "_term": scores["term"].astype(str) if "term" in scores.columns else "",
        }
    ).dropna(subset=["_score"])
    families = [str(t) for t in sorted(pd.unique(frame["_term"])) if t != ""]
    if term is None:
        return frame, families
    if term not in families:
        raise ToolkitError(
            f"{func}: term={term!r} is not in the table's term column "
            f"({', '.join(families) or 'none'})."
        )
    return frame[frame["_term"] == term], [term]


def _sentiment_panels(
    scores: pd.DataFrame, families: list[str], *, n_groups: int, by: str | None, score: str,
    title: str | None,
) -> Axes:  # fmt: skip
    """One panel per family, each a plot_sentiment of its sentences, on one scale."""
    if n_groups > FACET_ABOVE:
        panels = _panels(len(families), cols=3, panel=(5.0, 0.3 * n_groups + 1.8))
    else:
        panels = _panels(len(families), cols=3, panel=(0.34 * n_groups + 1.3, 3.0))
    for panel, family in zip(panels.axes, families, strict=True):
        plot_sentiment(scores, by=by, ax=panel, score=score, term=family, title=family)
    name = _SCORE_NAMES.get(score, score)
    _panels_title(
        panels, title or f"Sentiment of the sentences that mention each family, by {by} ({name})"
    )
    return panels.axes[0]


def _draw_boxes(
    ax: Axes, frame: pd.DataFrame, groups: list[str], families: list[str], *, horizontal: bool
) -> None:
    """A box per group (and family), with up to 100 of its scores as faint points."""
    series = [(g, f) for g in groups for f in (families if len(families) > 1 else [""])]
    if not series:
        ax.text(0.5, 0.5, "no scores to plot", transform=ax.transAxes, ha="center")
        return
    data = [
        frame.loc[(frame["_group"] == g) & ((frame["_term"] == f) | (f == "")), "_score"].to_numpy(
            dtype=float
        )
        for g, f in series
    ]
    per_group = len(families) if len(families) > 1 else 1
    width = 0.8 / per_group
    positions = np.array(
        [groups.index(g) + 1 + ((families.index(f) if f else 0) - (per_group - 1) / 2) * width
         for g, f in series]
    )  # fmt: skip
    colours = _colors([f for _, f in series]) if per_group > 1 else _colors(groups)
    parts = ax.boxplot(data, positions=positions, widths=0.55 * width if per_group > 1 else 0.55,
                       patch_artist=True, showfliers=False, manage_ticks=False, zorder=2,
                       medianprops={"color": "black", "linewidth": 1.6},
                       **_lying(ax) if horizontal else {})  # fmt: skip
    for box, color in zip(parts["boxes"], colours, strict=False):
        box.set_facecolor(color)
        box.set_alpha(0.45)
        box.set_edgecolor("#333333")
    rng = np.random.default_rng(0)  # fixed jitter: the same chart every time
    for pos, values, color in zip(positions, data, colours, strict=False):
        if len(values) > 100:  # the box summarises; 100 points show the spread
            values = rng.choice(values, size=100, replace=False)
        jitter = pos + rng.uniform(-0.18, 0.18, size=len(values)) * width
        ax.plot(*((values, jitter) if horizontal else (jitter, values)), linestyle="none",
                marker=".", markersize=3, color=color, zorder=3,
                alpha=min(0.6, max(0.08, 30 / max(len(values), 1))))  # fmt: skip


def _lying(ax: Axes) -> dict[str, Any]:
    """The option that lays boxes on their side (``orientation`` since matplotlib 3.10)."""
    if "orientation" in inspect.signature(ax.boxplot).parameters:
        return {"orientation": "horizontal"}
    return {"vert": False}  # pragma: no cover - matplotlib before 3.10


def _group_axis(ax: Axes, labels: list[str], *, horizontal: bool) -> None:
    """The groups' axis: a tick and label per group (a row each when horizontal, top first)."""
    where = np.arange(1, len(labels) + 1)
    if horizontal:
        ax.set_yticks(where, labels)
        ax.set_ylim(len(labels) + 0.6, 0.4)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.8, zorder=0)
    else:
        ax.set_xticks(where, labels)
        _rotate_ticks(ax, labels)
        ax.set_xlim(0.4, len(labels) + 0.6)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)


def _score_axis(ax: Axes, score: str, *, horizontal: bool) -> None:
    """The score's axis: its range, the zero line and its name."""
    line, limits, label = (
        (ax.axvline, ax.set_xlim, ax.set_xlabel) if horizontal
        else (ax.axhline, ax.set_ylim, ax.set_ylabel)
    )  # fmt: skip
    if score in ("compound", "polarity"):
        line(0, color="#555555", linestyle="--", linewidth=1.0, zorder=1)
        limits(-1.05, 1.05)
    elif score == "subjectivity":
        limits(-0.03, 1.03)
    label(_SCORES.get(score, score))


def _label_groups(
    ax: Axes, by: str | None, unscored: list[str], *, score: str, horizontal: bool
) -> None:
    """Name the group column, and the groups whose texts have no score (another language for
    VADER): said, not just missing."""
    text = by if by is not None else ""
    if horizontal:
        ax.set_ylabel(text)
    if unscored:
        width = max(60, int(_figure(ax).get_figwidth() * 11))
        missing = f"not shown, no {score} score (another language?): {_name_all(unscored)}"
        note = textwrap.fill(missing, width)
        if horizontal:
            ax.set_xlabel(f"{ax.get_xlabel()}\n{note}")
            return
        text = f"{text}\n{note}"
    if not horizontal:
        ax.set_xlabel(text)


# --------------------------------------------------------------------------------------------
# plot_sentiment_trend


@_public_plot
def plot_sentiment_trend(
    summary: pd.DataFrame,
    *,
    by: By = None,
    min_n: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Mean sentiment per period, one line per group, with 95% interval whiskers.

    Periods where a group has fewer than ``min_n`` scored units (or none) are gaps in its line,
    so a mean resting on a handful of sentences is not drawn as a spike. Lines sit slightly side
    by side so that whiskers of different groups do not hide each other. Past
    :data:`FACET_ABOVE` groups, each group gets a panel of its own, on one scale (in a new
    figure, or in the place of ``ax`` in its figure).

    Parameters
    ----------
    summary : DataFrame
        A :func:`toolkit.summarize_sentiment` table made with ``period=``: ``period``, ``n``,
        ``mean``, ``mean_low``, ``mean_high`` and the group columns.
    by : str or list of str, optional
        Group column(s): one line per value. By default the table's group columns (its ``by``
        columns and ``term``); none draws one line.
    min_n : int, default 10
        Leave out periods with fewer units than this.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        The Axes drawn on; one line (with markers) per group. With panels, the first
        (``ax.figure.axes`` holds them all).

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({  # synthetic
    ...     "period": pd.to_datetime(["1990-01-01", "2000-01-01"] * 2, utc=True),
    ...     "term": ["peace", "peace", "war", "war"], "n": [40, 12, 30, 3],
    ...     "mean": [0.2, 0.1, -0.3, -0.1], "mean_low": [0.1, 0.0, -0.4, -0.5],
    ...     "mean_high": [0.3, 0.2, -0.2, 0.3]})
    >>> ax = plot_sentiment_trend(summary)
    >>> means = {line.get_label(): [float(y) for y in line.get_ydata()] for line in ax.lines}
    >>> means["peace"], means["war"]  # war's 2000s rest on 3 sentences: a gap
    ([0.2, 0.1], [-0.3, nan])
    >>> ax.get_ylabel()
    'mean VADER compound score (-1 to 1)'
    """
    func = "plot_sentiment_trend"
    require_table(summary, ["period", "n", "mean", "mean_low", "mean_high"],
                  "toolkit.summarize_sentiment(..., period=...)", func=func)  # fmt: skip
    min_n = check_count("min_n", min_n, 1)
    inferred = [str(c) for c in summary.columns if c not in _SUMMARY_COLUMNS]
    summary, by = _resolve_by(summary, by, func, inferred=inferred)
    frame = _tone_frame(summary, by=by, min_n=min_n, func=func)
    groups = _group_order(summary, by, frame["_group"])
    score = str(summary.attrs.get("score", "compound"))
    per = f" by {by}" if by is not None else ""
    default = f"Mean tone over time{per} (95% CI; periods with n >= {min_n})"
    if len(groups) > FACET_ABOVE:
        panels = _tone_facets(frame, groups, score=score, min_n=min_n, within=ax)
        _panels_title(panels, title or default)
        return panels.axes[0]
    ax = _new_axes(ax, (9.0, 4.5))
    handles = _tone_lines(ax, frame, groups)
    _tone_axes(ax, score)
    if frame["_mean"].isna().all():
        ax.text(0.5, 0.5, f"no period with n >= {min_n}", transform=ax.transAxes, ha="center")
    hidden = len(groups) - len(handles)
    if hidden:
        ax.set_xlabel(f"period start (UTC)\n{hidden} of {len(groups)} groups have no period "
                      f"with n >= {min_n} and are not drawn")  # fmt: skip
    if by is not None:
        _legend_outside(ax, handles, title=by)
    _set_title(ax, title, default, share=0.8)
    return ax


def _tone_frame(summary: pd.DataFrame, *, by: str | None, min_n: int, func: str) -> pd.DataFrame:
    """One row per group and period: ``_x``, ``_n``, ``_mean``, ``_low``, ``_high``; a period
    with fewer than ``min_n`` units is a gap (NaN), not a point."""
    frame = pd.DataFrame(
        {
            "_group": _group_column(summary, by, func, _SUMMARY_PRODUCER),
            "_x": _to_naive_utc(summary["period"]),
            "_n": pd.to_numeric(summary["n"], errors="coerce"),
            "_mean": pd.to_numeric(summary["mean"], errors="coerce"),
            "_low": pd.to_numeric(summary["mean_low"], errors="coerce"),
            "_high": pd.to_numeric(summary["mean_high"], errors="coerce"),
        }
    )
    _check_unique(frame, ["_group", "_x"], func, by)
    frame.loc[~(frame["_n"] >= min_n), ["_mean", "_low", "_high"]] = np.nan
    return frame


def _tone_lines(ax: Axes, frame: pd.DataFrame, groups: list[str]) -> list[Any]:
    """A line with whiskers per group, side by side; the lines that have a point."""
    import matplotlib.dates as mdates

    all_x = pd.Index(sorted(frame["_x"].dropna().unique()))
    periods = mdates.date2num(all_x.to_numpy())
    spacing = float(np.diff(periods).min()) if periods.size > 1 else 365.0
    n_groups = max(len(groups), 1)
    handles = []
    for i, group in enumerate(groups):
        style = group_style(group)
        rows = frame[frame["_group"] == group].set_index("_x").reindex(all_x)
        xs = periods + (i - (n_groups - 1) / 2) * spacing * 0.08
        mean = rows["_mean"].to_numpy(dtype=float)
        (line,) = ax.plot(xs, mean, color=style.color, marker=style.marker, linewidth=1.5,
                          label=group)  # fmt: skip
        if np.isfinite(mean).any():
            handles.append(line)
        errors = np.vstack(
            [np.clip(mean - rows["_low"].to_numpy(dtype=float), 0, None),
             np.clip(rows["_high"].to_numpy(dtype=float) - mean, 0, None)]
        )  # fmt: skip
        ax.errorbar(xs, mean, yerr=errors, fmt="none", ecolor=style.color, capsize=2, zorder=2)
    return handles


def _tone_axes(ax: Axes, score: str, *, fontsize: float | None = None) -> None:
    """The zero line, time ticks, labels and grid of a tone chart."""
    ax.axhline(0, color="#555555", linestyle="--", linewidth=1.0, zorder=1)
    _date_axis(ax)
    ax.set_xlabel("period start (UTC)", fontsize=fontsize)
    ax.set_ylabel(f"mean {_SCORES.get(score, score)}", fontsize=fontsize)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def _tone_facets(
    frame: pd.DataFrame, groups: list[str], *, score: str, min_n: int, within: Axes | None
) -> Panels:
    """One panel per group, on one scale and one time axis; a group without a period of
    ``min_n`` units says so in its panel."""
    import matplotlib.dates as mdates

    panels = _panels(len(groups), cols=4, panel=(2.8, 2.1), within=within)
    shown = frame.dropna(subset=["_mean"])
    low = min(-0.1, float(shown["_low"].min())) if len(shown) else -1.0
    high = max(0.1, float(shown["_high"].max())) if len(shown) else 1.0
    span = mdates.date2num(np.array([frame["_x"].min(), frame["_x"].max()]))
    pad = max(float(span[1] - span[0]) * 0.05, 15.0)  # markers at the ends stay whole
    for ax, group in zip(panels.axes, groups, strict=True):
        rows = frame[frame["_group"] == group]
        _tone_lines(ax, frame, [group])
        _tone_axes(ax, score, fontsize=8)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(
            f"{_shorten(group, 30)}\n{int(rows['_n'].fillna(0).sum()):,} scored", fontsize=9
        )
        if not rows["_mean"].notna().any():
            ax.text(0.5, 0.5, f"no period with\nn >= {min_n}", transform=ax.transAxes,
                    ha="center", va="center", fontsize=8, color="#555555")  # fmt: skip
        ax.set_ylim(max(-1.05, low - 0.05), min(1.05, high + 0.05))
        if np.isfinite(span).all():
            ax.set_xlim(span[0] - pad, span[1] + pad)
        _date_axis(ax, minticks=2, maxticks=4)
        ax.tick_params(labelsize=7)
    label = f"mean {_SCORES.get(score, score)}"
    if panels.own:
        panels.fig.supylabel(label, fontsize=9)
        panels.fig.supxlabel("period start (UTC)", fontsize=9)
    else:
        for ax in panels.axes[::4]:
            ax.set_ylabel(label, fontsize=7)
    return panels
