"""Charts of term rates from a ``count_terms()`` table without periods: bars and a heatmap.

The helpers that read a ``count_terms()`` table (its group columns, its measures, ``low_n``,
``top=``) live here too; :mod:`toolkit.plot.trends` draws the same table over time with them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.frequency import COLUMNS, RECURRING_COLUMNS
from toolkit.plot._base import (
    _HEATMAP_CMAP,
    _LOW_N_HATCH,
    _LOW_N_NOTE,
    FACET_ABOVE,
    Panels,
    _check_measure,
    _check_unique,
    _colors,
    _figure,
    _group_column,
    _group_order,
    _labels,
    _legend_outside,
    _name_all,
    _natural,
    _new_axes,
    _note_on,
    _panels,
    _panels_title,
    _public_plot,
    _resolve_by,
    _rotate_ticks,
    _set_title,
    _shorten,
    group_style,
)
from toolkit.util import By, check_count, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["annotate_terms", "plot_frequency", "plot_heatmap"]

RateMeasure = Literal["per_10k", "doc_share"]
_MEASURES: dict[str, tuple[str, float]] = {
    # measure -> (axis label with unit, factor applied before plotting)
    "per_10k": ("hits per 10,000 tokens", 1.0),
    "doc_share": ("share of articles (%)", 100.0),
}
_MEASURE_TITLES = {
    "per_10k": "hits per 10,000 tokens, 95% CI",
    "doc_share": "%, 95% Wilson CI",
}
_TERMS_PRODUCER = "toolkit.count_terms()"
#: The columns of a count_terms() table that are not group columns.
_TERMS_COLUMNS = frozenset([*COLUMNS, *RECURRING_COLUMNS, "period", "variant", "variant_hits"])


# --------------------------------------------------------------------------------------------
# reading a count_terms() table


def _terms_groups(table: pd.DataFrame) -> list[str]:
    """The group columns of a count_terms() table: every column it did not compute."""
    if not isinstance(table, pd.DataFrame):
        return []
    return [str(c) for c in table.columns if c not in _TERMS_COLUMNS]


def _low_n(table: pd.DataFrame) -> pd.Series:
    if "low_n" not in table.columns:
        return pd.Series(False, index=table.index, dtype=bool)
    return table["low_n"].fillna(False).astype(bool)


def _reject_variants(table: pd.DataFrame, func: str) -> None:
    if isinstance(table, pd.DataFrame) and "variant" in table.columns:
        raise ToolkitError(
            f"{func} draws one value per group and term, but this table has one row per surface "
            "variant (count_terms(variants=True)). Drop the variant rows first: "
            "table.drop_duplicates([*group_columns, 'term']), or count again without variants=."
        )


def _reject_period(table: pd.DataFrame, func: str, alternative: str) -> None:
    if "period" in table.columns:
        raise ToolkitError(
            f"{func} draws one value per group and term, but this table has a 'period' column "
            f"(one row per period). Call count_terms() without period=, or use {alternative} to "
            "draw the table over time."
        )


def _select_terms(
    frame: pd.DataFrame, terms: Sequence[str] | str | None, func: str
) -> tuple[pd.DataFrame, list[str]]:
    available = [str(t) for t in pd.unique(frame["term"].astype(str))]
    if terms is None:
        return frame, available
    wanted = [terms] if isinstance(terms, str) else [str(t) for t in terms]
    unknown = [t for t in wanted if t not in available]
    if unknown:
        raise ToolkitError(
            f"{func}: term(s) {', '.join(map(repr, unknown))} are not in the table; "
            f"its terms are: {', '.join(available)}."
        )
    return frame[frame["term"].isin(wanted)], wanted


def _terms_frame(
    table: pd.DataFrame, *, by: str | None, measure: str, func: str, need: Sequence[str] = ()
) -> pd.DataFrame:
    """Validate a count_terms table; return it with ``_group``, ``_value``, ``_low``, ``_high``."""
    _check_measure(measure, tuple(_MEASURES), func)
    columns = ["term", measure, f"{measure}_low", f"{measure}_high", *need]
    require_table(table, columns, _TERMS_PRODUCER, func=func)
    factor = _MEASURES[measure][1]
    frame = pd.DataFrame(
        {
            "_group": _group_column(table, by, func, _TERMS_PRODUCER),
            "term": table["term"].astype(str),
            "_value": pd.to_numeric(table[measure], errors="coerce") * factor,
            "_low": pd.to_numeric(table[f"{measure}_low"], errors="coerce") * factor,
            "_high": pd.to_numeric(table[f"{measure}_high"], errors="coerce") * factor,
            "_low_n": _low_n(table),
        },
        index=table.index,
    )
    for column in need:
        frame[column] = table[column]
    return frame


def _top_groups(table: pd.DataFrame, by: str | None, top: int | None) -> tuple[pd.DataFrame, str]:
    """The rows of the ``top`` largest groups (by tokens, else articles), and a note naming the
    groups left out ("" when none is)."""
    if top is None or by is None:
        return table, ""
    top = check_count("top", top, 1)
    size = next((c for c in ("n_tokens", "n_docs") if c in table.columns), None)
    if size is None:
        raise ToolkitError("top= needs the n_tokens or n_docs column of a count_terms() table.")
    keys = _labels(table[by])
    per_term = table.assign(_key=keys).groupby(["_key", "term"])[size].sum()
    ranked = per_term.groupby(level=0).max().sort_values(ascending=False, kind="stable")
    left = sorted(map(str, ranked.index[top:]), key=_natural)
    if not left:
        return table, ""
    largest = set(map(str, ranked.index[:top]))
    note = (
        f"top={top}: the {top} largest of {len(ranked)} groups by {size}; "
        f"not shown: {_name_all(left)}"
    )
    return table[keys.isin(largest)], note


def _hatch_thin(bars: Any, thin: np.ndarray) -> bool:
    """Hatch the bars of thin (``low_n``) rows; True when there was one."""
    for bar, flag in zip(bars.patches, thin, strict=True):
        if flag:
            bar.set_hatch(_LOW_N_HATCH)
            bar.set_edgecolor("#333333")
    return bool(np.any(thin))


def _whiskers(values: np.ndarray, rows: pd.DataFrame) -> np.ndarray:
    """Error-bar lengths below and above each value, from the ``_low`` and ``_high`` columns."""
    lower = np.clip(values - rows["_low"].to_numpy(dtype=float), 0, None)
    upper = np.clip(rows["_high"].to_numpy(dtype=float) - values, 0, None)
    return np.vstack([lower, upper])


def _frequency_title(measure: str, by: str | None) -> str:
    what = "Term rates" if measure == "per_10k" else "Share of articles mentioning each term"
    per = f" by {by}" if by is not None else ""
    return f"{what}{per} ({_MEASURE_TITLES[measure]})"


# --------------------------------------------------------------------------------------------
# plot_frequency


@_public_plot
def plot_frequency(
    table: pd.DataFrame,
    *,
    by: By = None,
    ax: Axes | None = None,
    terms: Sequence[str] | None = None,
    measure: RateMeasure = "per_10k",
    title: str | None = None,
    top: int | None = None,
    facet: bool | None = None,
) -> Axes:
    """Grouped bars of term rates: one cluster per term, one bar per group, 95% CI whiskers.

    With more than :data:`FACET_ABOVE` groups, one cluster would hold too many bars to read:
    the chart becomes small multiples, one panel per term with a horizontal bar per group, each
    group named on its row (in a new figure, or in the place of ``ax`` in its figure).
    ``facet=`` forces either layout; a single panel of many groups puts each group's marker on
    its bars, so that colour and marker tell them apart.

    Parameters
    ----------
    table : DataFrame
        A ``count_terms()`` table without ``period``: ``term``, ``<measure>``,
        ``<measure>_low``, ``<measure>_high``, optionally ``low_n``, plus the ``by`` column.
    by : str or list of str, optional
        Group column(s): one bar (and legend entry) per value. By default the group columns of
        the table (those ``count_terms(by=...)`` added); a table without one draws one bar per
        term.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    terms : sequence of str, optional
        Terms to show, in this order (default: all, in table order).
    measure : {"per_10k", "doc_share"}, default "per_10k"
        Hits per 10,000 tokens, or the share of articles mentioning the term (drawn in %).
    title : str, optional
        Replaces the default title.
    top : int, optional
        Keep only the ``top`` largest groups (by tokens, else articles); a note on the figure
        names the groups left out. By default every group is drawn.
    facet : bool, optional
        Small multiples (True) or one panel (False); by default small multiples past
        :data:`FACET_ABOVE` groups.

    Returns
    -------
    Axes
        The Axes drawn on (with small multiples, the first panel; ``ax.figure.axes`` holds them
        all). Bars whose denominator is too small (``low_n``) are hatched.

    Raises
    ------
    ToolkitError
        Missing columns, a ``period`` column (use :func:`plot_trend`), unknown terms or measure.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({  # synthetic
    ...     "source": ["TASS", "TASS", "BBC", "BBC"], "term": ["unity", "war"] * 2,
    ...     "per_10k": [5.0, 2.0, 1.0, 4.0], "per_10k_low": [4.0, 1.0, 0.5, 3.0],
    ...     "per_10k_high": [6.0, 3.0, 1.5, 5.0], "low_n": [False, False, True, True]})
    >>> ax = plot_frequency(table)
    >>> ax.get_ylabel()
    'hits per 10,000 tokens'
    >>> len(ax.patches)  # 2 sources x 2 terms
    4
    """
    func = "plot_frequency"
    _check_measure(measure, tuple(_MEASURES), func)
    _reject_variants(table, func)
    if isinstance(table, pd.DataFrame):
        _reject_period(table, func, "plot_trend()")
    table, by = _resolve_by(table, by, func, inferred=_terms_groups(table))
    table, left_out = _top_groups(table, by, top)
    frame = _terms_frame(table, by=by, measure=measure, func=func)
    frame, term_order = _select_terms(frame, terms, func)
    _check_unique(frame, ["_group", "term"], func, by)
    groups = _group_order(table, by, frame["_group"])
    if facet or (facet is None and len(groups) > FACET_ABOVE):
        panels = _frequency_facets(frame, groups, term_order, measure=measure, within=ax)
        _panels_title(panels, title or _frequency_title(measure, by))
        _note_on(panels.axes[0], left_out, panels=panels)
        return panels.axes[0]
    n_terms, n_groups = len(term_order), max(len(groups), 1)
    ax = _new_axes(ax, (min(13.0, max(7.5, (0.3 * n_groups + 0.5) * n_terms + 3.5)), 4.8))
    handles = _frequency_bars(ax, frame, groups, term_order)
    ax.set_xticks(np.arange(n_terms, dtype=float), term_order)
    _rotate_ticks(ax, term_order, share=0.75)
    ax.set_xlim(-0.6, n_terms - 0.4)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("term (family)")
    ax.set_ylabel(_MEASURES[measure][0])
    ax.grid(axis="y", color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    if by is not None or len(handles) > len(groups):
        labels = [*groups, _LOW_N_NOTE][: len(handles)]
        _legend_outside(ax, handles, title=by, labels=labels)
    _set_title(ax, title, _frequency_title(measure, by), share=0.75)
    _note_on(ax, left_out)
    return ax


def _frequency_bars(
    ax: Axes, frame: pd.DataFrame, groups: list[str], term_order: list[str]
) -> list[Any]:
    """One bar per group and term, side by side in a cluster per term; the legend handles
    (one per group, then the ``low_n`` hatching when a bar has it).

    Past :data:`FACET_ABOVE` groups each group's marker sits on top of its bars, a second
    channel beside colours that grow alike (and repeat past sixteen)."""
    from matplotlib.patches import Patch

    n_groups = max(len(groups), 1)
    width = 0.8 / n_groups
    x = np.arange(len(term_order), dtype=float)
    marked = len(groups) > FACET_ABOVE
    handles: list[Any] = []
    any_low_n = False
    for i, group in enumerate(groups):
        style = group_style(group)
        rows = frame[frame["_group"] == group].set_index("term").reindex(term_order)
        values = rows["_value"].to_numpy(dtype=float)
        xs = x + (i - (n_groups - 1) / 2) * width
        bars = ax.bar(xs, values, width=width * 0.95, color=style.color, edgecolor="white",
                      linewidth=0.5, label=group, zorder=2)  # fmt: skip
        any_low_n |= _hatch_thin(bars, rows["_low_n"].fillna(False).to_numpy(dtype=bool))
        ax.errorbar(xs, values, yerr=_whiskers(values, rows), fmt="none", ecolor="#333333",
                    elinewidth=1.0, capsize=3, zorder=3)  # fmt: skip
        if marked:
            (marks,) = ax.plot(xs, values, linestyle="none", marker=style.marker, markersize=5,
                               color=style.color, markeredgecolor="#333333", zorder=4)  # fmt: skip
            handles.append((bars, marks))
        else:
            handles.append(bars)
    if any_low_n:
        handles.append(
            Patch(facecolor="white", edgecolor="#333333", hatch=_LOW_N_HATCH, label=_LOW_N_NOTE)
        )
    return handles


def _frequency_facets(
    frame: pd.DataFrame,
    groups: list[str],
    term_order: list[str],
    *,
    measure: str,
    within: Axes | None,
) -> Panels:
    """One panel per term, a horizontal bar per group named on its row (many groups)."""
    panels = _panels(len(term_order), cols=3, panel=(3.6, 0.26 * len(groups) + 1.2), within=within)
    y = np.arange(len(groups))
    shown = [_shorten(g) for g in groups]
    if len(set(shown)) < len(shown):  # cut names that would read alike: keep them whole
        shown = list(groups)
    any_low_n = False
    for ax, term in zip(panels.axes, term_order, strict=True):
        rows = frame[frame["term"] == term].set_index("_group").reindex(groups)
        values = rows["_value"].to_numpy(dtype=float)
        thin = rows["_low_n"].fillna(False).to_numpy(dtype=bool)
        bars = ax.barh(y, values, color=_colors(groups), edgecolor="white", height=0.8, zorder=2)
        any_low_n |= _hatch_thin(bars, thin)
        ax.errorbar(values, y, xerr=_whiskers(values, rows), fmt="none", ecolor="#333333",
                    elinewidth=0.9, capsize=2, zorder=3)  # fmt: skip
        ax.set_yticks(y, shown, fontsize=8)
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_title(term, fontsize=10)
        ax.set_xlabel(_MEASURES[measure][0], fontsize=8)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)
    for ax in [a for i, a in enumerate(panels.axes) if i % 3]:
        ax.tick_params(labelleft=False)  # the groups are named once per row of panels
    if any_low_n:
        _note_on(panels.axes[0], "hatched: " + _LOW_N_NOTE.replace("\n", " "), panels=panels)
    return panels


# --------------------------------------------------------------------------------------------
# plot_heatmap


@_public_plot
def plot_heatmap(
    table: pd.DataFrame,
    *,
    by: By = None,
    ax: Axes | None = None,
    measure: RateMeasure = "per_10k",
    annotate: bool = True,
    title: str | None = None,
) -> Axes:
    """A groups x terms matrix coloured by rate (``cividis``), with a colorbar in the unit.

    Every group has its row, named on the y axis, however many there are.

    Parameters
    ----------
    table : DataFrame
        A ``count_terms()`` table without ``period``: ``term``, ``<measure>``,
        ``<measure>_low``, ``<measure>_high``, optionally ``low_n``, plus the ``by`` column.
    by : str or list of str, optional
        Row groups. By default the group columns of the table (those ``count_terms(by=...)``
        added); a table without one draws a single row.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    measure : {"per_10k", "doc_share"}, default "per_10k"
        Hits per 10,000 tokens, or the share of articles mentioning the term (drawn in %).
    annotate : bool, default True
        Write each value (1 decimal) in its cell; ``low_n`` cells get an asterisk and a note.
    title : str, optional
        Replaces the default title.

    Returns
    -------
    Axes
        The Axes drawn on (the colorbar is ``ax.images[0].colorbar``).

    Raises
    ------
    ToolkitError
        Missing columns, a ``period`` column, or an unknown measure.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({  # synthetic
    ...     "source": ["TASS", "TASS", "BBC", "BBC"], "term": ["unity", "war"] * 2,
    ...     "per_10k": [5.0, 2.0, 1.0, 4.0], "per_10k_low": [4.0, 1.0, 0.5, 3.0],
    ...     "per_10k_high": [6.0, 3.0, 1.5, 5.0], "low_n": [False, False, True, False]})
    >>> ax = plot_heatmap(table)
    >>> ax.images[0].get_array().shape
    (2, 2)
    >>> ax.images[0].colorbar.ax.get_ylabel()
    'hits per 10,000 tokens'
    """
    func = "plot_heatmap"
    _check_measure(measure, tuple(_MEASURES), func)
    _reject_variants(table, func)
    if isinstance(table, pd.DataFrame):
        _reject_period(table, func, "plot_trend()")
    table, by = _resolve_by(table, by, func, inferred=_terms_groups(table))
    frame = _terms_frame(table, by=by, measure=measure, func=func)
    _check_unique(frame, ["_group", "term"], func, by)
    groups = _group_order(table, by, frame["_group"])
    terms = [str(t) for t in pd.unique(frame["term"])]
    values = (
        frame.pivot(index="_group", columns="term", values="_value")
        .reindex(index=groups, columns=terms)
        .to_numpy(dtype=float)
    )
    thin = (
        frame.pivot(index="_group", columns="term", values="_low_n")
        .reindex(index=groups, columns=terms)
        .fillna(False)
        .to_numpy(dtype=bool)
    )

    import matplotlib

    ax = _new_axes(ax, (max(5.0, 0.95 * len(terms) + 3.5), max(2.8, 0.55 * len(groups) + 2.2)))
    cmap = matplotlib.colormaps[_HEATMAP_CMAP].with_extremes(bad="#e8e8e8")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto",
                      interpolation="nearest", vmin=0)  # fmt: skip
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02).set_label(_MEASURES[measure][0])
    if annotate:
        _annotate_cells(ax, image, values, thin)
    ax.set_xticks(np.arange(len(terms)), terms)
    ax.set_yticks(np.arange(len(groups)), groups)
    _rotate_ticks(ax, terms, share=0.5)  # saved figures may be narrowed to a journal column
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    note = "\n* " + _LOW_N_NOTE.replace("\n", " ") if annotate and thin.any() else ""
    ax.set_xlabel("term (family)" + note)
    ax.set_ylabel(by if by is not None else "")
    per = f" by {by}" if by is not None else ""
    what = "Term rates" if measure == "per_10k" else "Share of articles mentioning each term"
    unit = "hits per 10,000 tokens" if measure == "per_10k" else "%"
    _set_title(ax, title, f"{what}{per} ({unit})", share=0.85)
    return ax


def _annotate_cells(ax: Axes, image: Any, values: np.ndarray, thin: np.ndarray) -> None:
    """Each cell's value (1 decimal, ``*`` when ``low_n``), dark on light cells."""
    for (r, c), value in np.ndenumerate(values):
        if np.isnan(value):
            text, color = "n/a", "#444444"
        else:
            text = f"{value:.1f}" + ("*" if thin[r, c] else "")
            color = "black" if float(np.asarray(image.norm(value))) > 0.55 else "white"
        ax.text(c, r, text, ha="center", va="center", color=color, fontsize=9)


# --------------------------------------------------------------------------------------------
# annotate_terms


def annotate_terms(ax: Axes, terms: Any, *, only: Sequence[str] | None = None) -> Axes:
    """Write the patterns behind each family under the chart, so that a reader sees what
    "sovereignty" counted (``sovereignty = sovereign*, independen*``). ``terms`` is anything
    :func:`toolkit.compile_terms` takes; ``only`` limits the note to some families.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = annotate_terms(ax, {"unity": ["unity", "solidarity"]})
    >>> fig.texts[-1].get_text()
    'Term families: unity = unity, solidarity'
    """
    from toolkit.terms import compile_terms

    families = [f for f in compile_terms(terms) if only is None or f.name in only]
    text = "; ".join(f"{f.name} = {', '.join(f.patterns)}" for f in families)
    fig = _figure(ax)
    fig.text(
        0.01, 0.0, "\n".join(textwrap.wrap(f"Term families: {text}", 150)), parse_math=False,
        fontsize=7, color="#444444", ha="left", va="top", transform=fig.transFigure,
    )  # fmt: skip
    return ax
