"""Key words of a target against a reference: diverging bars from a ``keyness()`` table."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.plot._base import (
    OKABE_ITO,
    _axes_width_inches,
    _check_measure,
    _legend_outside,
    _name_all,
    _new_axes,
    _public_plot,
    _set_title,
)
from toolkit.util import require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_keyness"]

KeynessMeasure = Literal["log_ratio", "g2"]
_KEYNESS_MEASURES = ("log_ratio", "g2")
_KEYNESS_PRODUCER = "toolkit.keyness()"
_KEYNESS_COLUMNS = frozenset(
    ["word", "target_count", "reference_count", "target_per_10k", "reference_per_10k", "g2",
     "chi2", "p", "p_adj", "log_ratio"]
)  # fmt: skip
_NS_ALPHA = 0.35
#: Longer names of the two corpora (several groups each) are wrapped in the legend.
_LABEL_WIDTH = 40


@_public_plot
def plot_keyness(
    table: pd.DataFrame,
    *,
    n: int = 15,
    ax: Axes | None = None,
    measure: KeynessMeasure = "log_ratio",
    rank_by: KeynessMeasure = "g2",
    target_label: str | None = None,
    reference_label: str | None = None,
    title: str | None = None,
) -> Axes:
    """Diverging horizontal bars: the ``n`` words most key in the target and in the reference.

    Target and reference may each be several groups (``keyness(target=[...])``): the legend,
    the axis label and the title name them all, wrapped to the width of the chart.

    Parameters
    ----------
    table : DataFrame
        A ``keyness()`` table: ``word``, ``log_ratio``, ``g2``, optionally ``p_adj``.
    n : int, default 15
        How many words to show on each side (fewer when fewer are key on that side).
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    measure : {"log_ratio", "g2"}, default "log_ratio"
        Bar length: the log2 ratio of relative frequencies, or G² (log-likelihood), drawn
        negative for words key in the reference (sign from ``log_ratio``).
    rank_by : {"g2", "log_ratio"}, default "g2"
        Which words to show: the ``n`` with the strongest evidence (G²) on each side, or the
        largest ratios. Ranking by ratio favours rare words seen in one corpus only.
    target_label, reference_label : str, optional
        Names of the two corpora, used in the legend, axis label and title; by default the
        ``target`` and ``reference`` that :func:`toolkit.keyness` recorded in the table.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        The Axes drawn on: target-side bars point right, reference-side bars left. Bars with
        ``p_adj >= 0.05`` (not significant after correction) are drawn lighter.

    Raises
    ------
    ToolkitError
        Missing columns, ``n`` below 1, an unknown measure, or a table of several comparisons
        (``keyness_matrix()``).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({  # synthetic
    ...     "word": ["unity", "nato", "peace", "war"], "log_ratio": [2.0, 1.0, -0.5, -3.0],
    ...     "g2": [20.0, 3.0, 1.0, 40.0], "p_adj": [0.001, 0.2, 0.5, 0.0001]})
    >>> ax = plot_keyness(table, n=2, target_label="TASS", reference_label="BBC")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['unity', 'nato', 'peace', 'war']
    >>> ax.get_xlabel().splitlines()[0]
    'log2 ratio of relative frequencies (TASS / BBC)'
    """
    _check_keyness_table(table, n=n, measure=measure, rank_by=rank_by)
    if target_label is None:
        target_label = str(table.attrs.get("target", "target"))
    if reference_label is None:
        reference_label = str(table.attrs.get("reference", "reference"))
    frame, n_infinite = _keyness_frame(table, measure=measure, rank_by=rank_by)
    positive = frame[frame["_rank"] > 0].nlargest(int(n), "_rank")
    negative = frame[frame["_rank"] < 0].nsmallest(int(n), "_rank")
    positive = positive.sort_values("_value", ascending=False)
    negative = negative.sort_values("_value", ascending=True)
    shown = pd.concat([positive, negative.iloc[::-1]])

    ax = _new_axes(ax, _keyness_size(len(shown), target_label, reference_label))
    any_ns = _keyness_bars(ax, shown)
    if measure == "log_ratio":
        xlabel = f"log2 ratio of relative frequencies ({target_label} / {reference_label})"
        what = "log2 frequency ratio"
    else:
        xlabel = f"G² (log-likelihood; negative = key in {reference_label})"
        what = "G² log-likelihood"
    notes = []
    if any_ns:
        notes.append("lighter bars: not significant (adjusted p ≥ 0.05)")
    if n_infinite:
        notes.append(f"{n_infinite} word(s) with an infinite ratio not shown")
    width = max(50, int(_axes_width_inches(ax, 0.6) * 11.0))
    ax.set_xlabel("\n".join([textwrap.fill(xlabel, width), *notes]))
    ax.set_ylabel("word")
    sides = "lower right" if len(negative) else "lower left" if len(positive) else "upper right"
    outside = _keyness_legend(ax, target_label, reference_label, corner=sides)
    default = f"Key words: {target_label} vs {reference_label} ({what}, top {n} per side)"
    _set_title(ax, title, default, share=0.6 if outside else 1.0)
    return ax


def _keyness_size(n_bars: int, target: str, reference: str) -> tuple[float, float]:
    """The size of a new figure: room for the bars, and for the names of the two corpora in
    the legend (beside the bars), the title and the axis label (above and below them)."""
    legend = sum(textwrap.fill(f"key in {name}", _LABEL_WIDTH).count("\n") + 1
                 for name in (target, reference))  # fmt: skip
    text = 2 * ((len(target) + len(reference)) // 45)  # lines of names in title and label
    height = max(0.28 * n_bars + 1.8, 0.2 * legend + 1.0) + 0.2 * text
    return (8.0 if legend <= 2 else 10.0, min(14.0, max(3.0, height)))


def _check_keyness_table(table: pd.DataFrame, *, n: int, measure: str, rank_by: str) -> None:
    """The options, and a table of one comparison with the columns to draw."""
    func = "plot_keyness"
    _check_measure(measure, _KEYNESS_MEASURES, func)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ToolkitError(f"{func}: n must be a whole number of at least 1, not {n!r}.")
    _check_measure(rank_by, _KEYNESS_MEASURES, func)
    columns = list(dict.fromkeys(["word", "log_ratio", measure, rank_by]))
    require_table(table, columns, _KEYNESS_PRODUCER, func=func)
    groups = [c for c in table.columns if c not in _KEYNESS_COLUMNS]
    if groups and table[groups].drop_duplicates().shape[0] > 1:
        values = [str(v) for v in pd.unique(table[groups[0]].astype(str))]
        raise ToolkitError(
            f"{func} draws one comparison, but this table has several groups in {groups} "
            f"({_name_all(values)}): a keyness_matrix() table. Choose one, e.g. "
            f"plot_keyness(table[table[{groups[0]!r}] == <group>], target_label=<group>)."
        )


def _keyness_frame(table: pd.DataFrame, *, measure: str, rank_by: str) -> tuple[pd.DataFrame, int]:
    """Each word's signed bar length (``_value``), ranking value and significance; words of an
    infinite ratio are left out and counted."""
    ratio = pd.to_numeric(table["log_ratio"], errors="coerce")

    def signed(column: str) -> pd.Series:
        if column == "log_ratio":
            return ratio
        return pd.to_numeric(table[column], errors="coerce").abs() * np.sign(ratio)

    if "p_adj" in table.columns:
        significant = pd.to_numeric(table["p_adj"], errors="coerce") < 0.05
    else:
        significant = pd.Series(True, index=table.index)
    frame = pd.DataFrame(
        {
            "word": table["word"].astype(str),
            "_value": signed(measure),
            "_rank": signed(rank_by),
            "_sig": significant.to_numpy(),
        },
        index=table.index,
    )
    values = frame["_value"].to_numpy(dtype=float)
    return frame[np.isfinite(values)], int(np.isinf(values).sum())


def _keyness_bars(ax: Axes, shown: pd.DataFrame) -> bool:
    """The bars, the zero line and the scale; True when a bar is not significant (lighter)."""
    target_color, reference_color = OKABE_ITO[0], OKABE_ITO[1]
    ys = np.arange(len(shown))
    values = shown["_value"].to_numpy(dtype=float)
    colors = [target_color if v > 0 else reference_color for v in values]
    bars = ax.barh(ys, values, color=colors, height=0.75, zorder=2)
    any_ns = False
    for bar, sig in zip(bars.patches, shown["_sig"].to_numpy(dtype=bool), strict=True):
        if not sig:
            bar.set_alpha(_NS_ALPHA)
            any_ns = True
    ax.axvline(0, color="#333333", linewidth=1.0, zorder=3)
    ax.set_yticks(ys, shown["word"].tolist())
    ax.set_ylim(max(len(shown), 1) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    if len(shown):
        reach = float(np.abs(values).max()) * 1.08
        ax.set_xlim(-reach, reach)
    else:
        ax.text(0.5, 0.5, "no key words to plot", transform=ax.transAxes, ha="center")
    return any_ns


def _keyness_legend(ax: Axes, target: str, reference: str, *, corner: Any) -> bool:
    """Which colour is which side. Sorted diverging bars leave the lower right empty (or, with
    one side only, the other half); names of several groups are wrapped and set beside the
    chart (then True)."""
    from matplotlib.patches import Patch

    labels = [textwrap.fill(f"key in {name}", _LABEL_WIDTH) for name in (target, reference)]
    handles = [Patch(color=OKABE_ITO[0]), Patch(color=OKABE_ITO[1])]
    if any("\n" in label for label in labels):
        _legend_outside(ax, handles, labels=labels)
        return True
    ax.legend(handles, labels, loc=corner, frameon=True, framealpha=0.9)
    return False
