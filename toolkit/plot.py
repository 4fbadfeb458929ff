"""Charts of term rates, trends, keyness, dispersion and sentiment, ready for a paper or a notebook.

Every function takes the table another part of the toolkit produces as its first argument and
returns the :class:`matplotlib.axes.Axes` it drew on. Options are keyword-only; ``ax=`` draws into
an existing Axes, otherwise a new figure is made. Nothing here calls ``plt.show()`` or changes
matplotlib's global settings.

Design rules, so that charts survive grey-scale printing and colour-vision deficiency:

* groups are coloured from the Okabe–Ito palette (strongest contrasts first) and, where lines are
  drawn, also get their own marker;
* heatmaps use the perceptually uniform ``cividis`` colour map;
* every axis names its unit ("hits per 10,000 tokens", "articles per period", ...) and every
  default title says what was counted and how it was normalised;
* estimates resting on too little text (``low_n``) are flagged on the chart, not silently drawn.

============================ ==================================================================
function                     input table
============================ ==================================================================
:func:`plot_frequency`       ``count_terms()`` without ``period``: grouped bars with 95% CI
:func:`plot_trend`           ``count_terms()`` with ``period``: lines + article-volume strip
:func:`plot_heatmap`         ``count_terms()`` without ``period``: groups x terms matrix
:func:`plot_dispersion`      hits table (one row per hit): where in documents / when terms occur
:func:`plot_keyness`         ``keyness()``: diverging bars of key words in target vs reference
:func:`plot_sentiment`       sentiment scores (``compound`` or ``polarity``): box plots by group
:func:`plot_sentiment_trend` ``summarize_sentiment(period=...)``: mean tone over time, 95% CI
:func:`plot_coverage`        ``coverage()``: articles per period, one heat strip per group
============================ ==================================================================
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.frequency import COLUMNS
from toolkit.util import By, as_list, check_count, require_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "PALETTE",
    "TOL_MUTED",
    "Style",
    "annotate_terms",
    "group_style",
    "plot_coverage",
    "plot_dispersion",
    "plot_frequency",
    "plot_heatmap",
    "plot_keyness",
    "plot_sentiment",
    "plot_sentiment_trend",
    "plot_trend",
    "reset_group_styles",
    "set_group_styles",
]

#: The Okabe–Ito colour-blind-safe palette, ordered so that the first colours contrast most.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Eight more, from Paul Tol's "muted" scheme, for the ninth to sixteenth group (drawn dashed).
TOL_MUTED: tuple[str, ...] = (
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#44AA99",  # teal
    "#117733",  # green
    "#999933",  # olive
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#882255",  # wine
)
PALETTE: tuple[str, ...] = OKABE_ITO + TOL_MUTED
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_HEATMAP_CMAP = "cividis"
_LOW_N_HATCH = "///"
_LOW_N_NOTE = "thin coverage (low_n):\ntoo little text to trust"
_NS_ALPHA = 0.35

# What each input table is made by (named in error messages) and its columns.
_TERMS_PRODUCER = "toolkit.count_terms()"
_KEYNESS_PRODUCER = "toolkit.keyness()"
_HITS_PRODUCER = "toolkit.dispersion() (its hits table: hits, dp = toolkit.dispersion(...))"
_SENTIMENT_PRODUCER = "toolkit.sentiment()"

_MEASURES: dict[str, tuple[str, float]] = {
    # measure -> (axis label with unit, factor applied before plotting)
    "per_10k": ("hits per 10,000 tokens", 1.0),
    "doc_share": ("share of articles (%)", 100.0),
}
_MEASURE_TITLES = {
    "per_10k": "hits per 10,000 tokens, 95% CI",
    "doc_share": "%, 95% Wilson CI",
}
_SCORES = {
    "compound": "VADER compound score (-1 to 1)",
    "polarity": "TextBlob polarity (-1 to 1)",
    "subjectivity": "TextBlob subjectivity (0 to 1)",
}
_KEYNESS_MEASURES = ("log_ratio", "g2")
RateMeasure = Literal["per_10k", "doc_share"]
_KEYNESS_COLUMNS = frozenset(
    ["word", "target_count", "reference_count", "target_per_10k", "reference_per_10k", "g2",
     "chi2", "p", "p_adj", "log_ratio"]
)  # fmt: skip
KeynessMeasure = Literal["log_ratio", "g2"]


# --------------------------------------------------------------------------------------------
# helpers


class Style(NamedTuple):
    """How one group is drawn in every chart: colour, marker and line style."""

    color: str
    marker: str
    linestyle: str


F = TypeVar("F", bound=Callable[..., Any])


def _as_written(text: str) -> str:
    """``text`` with every ``$`` escaped, so that matplotlib shows it (and a backslash before
    it) instead of parsing what lies between two of them as mathtext."""
    return text.replace("$", r"\$")


def _public_plot(plot: F) -> F:
    """What every public plot function does besides drawing.

    A table without rows is an error (an empty chart says nothing, and says it silently).
    Every text on the chart is shown as written: names of sources, terms and documents come
    from the data, and a pair of ``$`` in one (``$\\frac{1}{0}$``, ``US$5 and US$6``) would be
    parsed as mathtext, garbling the label or aborting the drawing. Titles, labels, legends and
    notes are set not to parse mathtext; tick labels, which matplotlib writes anew at each
    drawing, get their ``$`` escaped (so ``get_ticklabels()`` reads ``\\$``). The Axes of a
    figure the function did not make are left alone, and so are tick labels that matplotlib's
    own numeric formatters write (log-scale powers)."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    @functools.wraps(plot)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        table = args[0] if args else None
        # (a Dispersion draws its hits)
        rows = table if isinstance(table, pd.DataFrame) else getattr(table, "hits", None)
        if isinstance(rows, pd.DataFrame) and rows.empty:
            raise ToolkitError(
                f"{plot.__name__}: the table has no rows, so there is nothing to draw. Check "
                "that the corpus has articles with text (and, for hits, that the terms occur)."
            )
        given = kwargs.get("ax")
        ax = plot(*args, **kwargs)
        fig = ax.figure
        drawn = [given] if given is not None else list(fig.axes)
        texts = set((fig if given is None else given).findobj(Text))
        ticks = {label for a in drawn for axis in (a.xaxis, a.yaxis)
                 for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]
                 for label in (tick.label1, tick.label2)}  # fmt: skip
        for text in texts - ticks:  # (titles, labels, legends, notes: their text reads back)
            text.set_parse_math(False)
        for a in drawn:  # tick labels are written at draw time, by the formatters
            for axis in (a.xaxis, a.yaxis):
                for minor in (False, True):
                    formatter = axis.get_minor_formatter() if minor else axis.get_major_formatter()
                    if getattr(formatter, "_as_written", False) or not (
                        isinstance(formatter, (FixedFormatter, FuncFormatter))
                        or type(formatter).__name__ == "StrCategoryFormatter"
                    ):
                        continue  # (numeric formatters write powers of ten in mathtext)
                    plain = FuncFormatter(lambda x, pos, f=formatter: _as_written(str(f(x, pos))))
                    plain._as_written = True  # type: ignore[attr-defined]
                    (axis.set_minor_formatter if minor else axis.set_major_formatter)(plain)
        return ax

    return wrapper  # type: ignore[return-value]


def _style_of(index: int) -> Style:
    """The style of the ``index``-th group seen: 16 colours; the marker shifts once per round of
    colours, so colour and marker together differ for the first 128 groups."""
    color = PALETTE[index % len(PALETTE)]
    marker = _MARKERS[(index % len(_MARKERS) + index // len(PALETTE)) % len(_MARKERS)]
    return Style(color, marker, "-" if index % len(PALETTE) < len(OKABE_ITO) else "--")


_STYLES: dict[str, Style] = {}


def group_style(group: object) -> Style:
    """The style of a group (a source, a party, a term family) in every chart of this session.

    A group keeps the style it got when first drawn, so ``TASS`` has the same colour in the
    frequency chart, the trend and the sentiment boxes, whichever other groups they show. Fix
    the order or the colours beforehand with :func:`set_group_styles`.

    Examples
    --------
    >>> reset_group_styles()
    >>> group_style("TASS").color, group_style("BBC").color, group_style("TASS").color
    ('#0072B2', '#D55E00', '#0072B2')
    """
    key = str(group)
    if key not in _STYLES:
        used = {style for style in _STYLES.values()}
        index = len(_STYLES)
        while _style_of(index) in used:
            index += 1
        _STYLES[key] = _style_of(index)
    return _STYLES[key]


def set_group_styles(groups: Sequence[object] | Mapping[object, str | Style]) -> None:
    """Give groups their styles before drawing: a list (styles in that order, e.g. the outlets
    largest first) or a mapping of group to colour (``{"TASS": "#D55E00"}``) or :class:`Style`.

    Examples
    --------
    >>> set_group_styles({"TASS": "#D55E00", "BelTA": Style("#009E73", "s", "-")})
    >>> group_style("TASS")
    Style(color='#D55E00', marker='o', linestyle='-')
    """
    reset_group_styles()
    if isinstance(groups, Mapping):
        for i, (group, value) in enumerate(groups.items()):
            default = _style_of(i)
            _STYLES[str(group)] = (
                value if isinstance(value, Style) else default._replace(color=str(value))
            )
    else:
        for group in groups:
            group_style(group)


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
    import textwrap

    from toolkit.terms import compile_terms

    families = [f for f in compile_terms(terms) if only is None or f.name in only]
    text = "; ".join(f"{f.name} = {', '.join(f.patterns)}" for f in families)
    fig = _figure(ax)
    fig.text(
        0.01, 0.0, "\n".join(textwrap.wrap(f"Term families: {text}", 150)), parse_math=False,
        fontsize=7, color="#444444", ha="left", va="top", transform=fig.transFigure,
    )  # fmt: skip
    return ax


def reset_group_styles() -> None:
    """Forget the styles given so far (the next group drawn gets the first colour)."""
    _STYLES.clear()


def _styles(groups: Sequence[object]) -> list[Style]:
    return [group_style(group) for group in groups]


def _colors(groups: Sequence[object]) -> list[str]:
    return [style.color for style in _styles(groups)]


def _markers(groups: Sequence[object]) -> list[str]:
    return [style.marker for style in _styles(groups)]


def _check_measure(measure: str, allowed: Sequence[str], func: str) -> None:
    if measure not in allowed:
        raise ToolkitError(
            f"{func}: measure={measure!r} is not supported; use one of "
            f"{', '.join(map(repr, allowed))}."
        )


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax


def _figure(ax: Axes) -> Figure:
    """The root figure of ``ax`` (also when ``ax`` sits in a subfigure)."""
    from matplotlib.figure import Figure

    fig = ax.figure
    while not isinstance(fig, Figure):
        fig = fig.figure
    return fig


def _shorten(label: str, width: int = 28) -> str:
    """``label`` cut to ``width`` characters with an ellipsis (a small panel's title or tick)."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _labels(values: pd.Series, missing: str = "(none)") -> pd.Series:
    """Group values as display strings (missing values shown as ``missing``)."""
    return values.astype("string").fillna(missing).astype(str)


#: The columns of a count_terms() table that are not group columns.
_TERMS_COLUMNS = frozenset([*COLUMNS, "period", "variant", "variant_hits"])


def _resolve_by(
    table: pd.DataFrame, by: By, func: str, *, inferred: Sequence[str]
) -> tuple[pd.DataFrame, str | None]:
    """``by`` as one column of ``table`` (or None for a single group).

    Without ``by``, the ``inferred`` columns are used: the group columns the analysis wrote.
    Several columns are drawn as one group each combination, labelled ``"A / B"``.
    """
    columns = list(inferred) if by is None else as_list(by)
    if not isinstance(table, pd.DataFrame) or len(columns) <= 1:
        return table, columns[0] if columns else None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ToolkitError(
            f"{func}: by={by!r} names {missing}, which the table does not have (columns: "
            f"{', '.join(map(str, table.columns))})."
        )
    label = " / ".join(columns)
    joined = _labels(table[columns[0]])
    for column in columns[1:]:
        joined = joined + " / " + _labels(table[column])
    return table.assign(**{label: joined}), label


def _terms_groups(table: pd.DataFrame) -> list[str]:
    """The group columns of a count_terms() table: every column it did not compute."""
    if not isinstance(table, pd.DataFrame):
        return []
    return [str(c) for c in table.columns if c not in _TERMS_COLUMNS]


def _group_column(table: pd.DataFrame, by: str | None, func: str, producer: str) -> pd.Series:
    """The group label of each row: the ``by`` column as strings, or "all" when ``by`` is None."""
    if by is None:
        return pd.Series("all", index=table.index, dtype=object)
    if by not in table.columns:
        raise ToolkitError(
            f"{func}: by={by!r} is not a column of the table (columns: "
            f"{', '.join(map(str, table.columns))}). Pass by=<one of the group columns you gave "
            f"{producer}>, or by=None to draw all rows as one group."
        )
    return _labels(table[by])


def _low_n(table: pd.DataFrame) -> pd.Series:
    if "low_n" not in table.columns:
        return pd.Series(False, index=table.index, dtype=bool)
    return table["low_n"].fillna(False).astype(bool)


def _check_unique(frame: pd.DataFrame, keys: list[str], func: str, by: str | None) -> None:
    if frame.duplicated(keys).any():
        what = " / ".join("group" if k == "_group" else k.strip("_") for k in keys)
        raise ToolkitError(
            f"{func}: several rows share the same {what} (by={by!r}). The table probably has "
            "other group columns; filter it to one row per group and term, or pass the right by=."
        )


def _reject_variants(table: pd.DataFrame, func: str) -> None:
    if isinstance(table, pd.DataFrame) and "variant" in table.columns:
        raise ToolkitError(
            f"{func} draws one value per group and term, but this table has one row per surface "
            "variant (count_terms(variants=True)). Drop the variant rows first: "
            "table.drop_duplicates([*group_columns, 'term']), or count again without variants=."
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


def _axes_width_inches(ax: Axes, share: float = 1.0) -> float:
    """Approximate width of ``ax`` in inches (``share``: the part an outside legend leaves)."""
    # Before drawing, an Axes has matplotlib's default subplot box (77.5% of its slot);
    # constrained layout later widens it to about 88%.
    fig = _figure(ax)
    inches = float(ax.bbox.width) / fig.dpi * 0.88 / 0.775
    return min(inches, fig.get_figwidth()) * share


def _rotate_ticks(ax: Axes, labels: Sequence[str], share: float = 1.0) -> None:
    """Tilt x tick labels when they would not fit side by side under their slots."""
    if not labels:
        return
    slot = _axes_width_inches(ax, share) / len(labels)
    fits = slot * 11.0  # characters of 10-point text per inch, with some room between labels
    if max(len(s) for s in labels) > fits:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")


def _set_title(ax: Axes, title: str | None, default: str, share: float = 1.0) -> None:
    """Set the user's title as given, or the default one wrapped to the width of the Axes."""
    if title is not None:
        ax.set_title(title)
        return
    width = max(35, int(_axes_width_inches(ax, share) * 11.0))
    ax.set_title(textwrap.fill(default, width=width))


def _legend_outside(
    ax: Axes, handles: list[Any], title: str | None = None, labels: list[str] | None = None
) -> None:
    """A legend to the right of the Axes, so that it never covers data."""
    if not handles:
        return
    if labels is None:
        labels = [str(h.get_label()) for h in handles]
    from matplotlib.legend_handler import HandlerTuple

    ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
    )


def _group_order(table: pd.DataFrame, by: str | None, labels: pd.Series) -> list[str]:
    """Groups in a stable order, so that a group keeps its colour from chart to chart.

    Categorical ``by`` columns keep their category order; other groups are sorted.
    """
    present = {str(g) for g in labels}
    if by is not None and isinstance(table[by].dtype, pd.CategoricalDtype):
        ordered = [str(c) for c in table[by].cat.categories if str(c) in present]
        return ordered + sorted(present - set(ordered), key=_natural)
    return sorted(present, key=_natural)


def _natural(label: str) -> list[Any]:
    """Sort key that reads numbers as numbers: Outlet 2 before Outlet 10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
            for part in re.split(r"(\d+)", label) if part]  # fmt: skip


def _to_naive_utc(values: pd.Series) -> np.ndarray:
    """Datetimes (tz-aware or naive, taken as UTC) as naive UTC ``datetime64`` values."""
    stamps = pd.to_datetime(values, utc=True)
    return np.asarray(stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]"))


# --------------------------------------------------------------------------------------------
# count_terms charts


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


def _reject_period(table: pd.DataFrame, func: str, alternative: str) -> None:
    if "period" in table.columns:
        raise ToolkitError(
            f"{func} draws one value per group and term, but this table has a 'period' column "
            f"(one row per period). Call count_terms() without period=, or use {alternative} to "
            "draw the table over time."
        )


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

    With more than :data:`FACET_ABOVE` groups (and no ``ax``), one cluster would hold too many
    bars to read: the chart becomes small multiples, one panel per term with a horizontal bar
    per group (``facet=`` forces either layout).

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
        Keep only the ``top`` largest groups (by tokens, else articles).
    facet : bool, optional
        Small multiples (True) or one panel (False); by default small multiples past
        :data:`FACET_ABOVE` groups when no ``ax`` is given.

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
    table = _top_groups(table, by, top)
    frame = _terms_frame(table, by=by, measure=measure, func=func)
    frame, term_order = _select_terms(frame, terms, func)
    _check_unique(frame, ["_group", "term"], func, by)
    groups = _group_order(table, by, frame["_group"])

    n_terms, n_groups = len(term_order), max(len(groups), 1)
    if facet or (facet is None and ax is None and n_groups > FACET_ABOVE):
        return _frequency_facets(frame, groups, term_order, measure=measure, by=by, title=title)
    ax = _new_axes(ax, (min(13.0, max(7.5, (0.3 * n_groups + 0.5) * n_terms + 3.5)), 4.8))
    width = 0.8 / n_groups
    x = np.arange(n_terms, dtype=float)
    handles: list[Any] = []
    any_low_n = False
    for i, (group, color) in enumerate(zip(groups, _colors(groups), strict=False)):
        rows = frame[frame["_group"] == group].set_index("term").reindex(term_order)
        values = rows["_value"].to_numpy(dtype=float)
        low_n = rows["_low_n"].fillna(False).to_numpy(dtype=bool)
        xs = x + (i - (n_groups - 1) / 2) * width
        bars = ax.bar(
            xs,
            values,
            width=width * 0.95,
            color=color,
            edgecolor="white",
            linewidth=0.5,
            label=group,
            zorder=2,
        )
        any_low_n |= _hatch_thin(bars, low_n)
        ax.errorbar(
            xs,
            values,
            yerr=_whiskers(values, rows),
            fmt="none",
            ecolor="#333333",
            elinewidth=1.0,
            capsize=3,
            zorder=3,
        )
        handles.append(bars)
    if any_low_n:
        from matplotlib.patches import Patch

        handles.append(
            Patch(facecolor="white", edgecolor="#333333", hatch=_LOW_N_HATCH, label=_LOW_N_NOTE)
        )
    ax.set_xticks(x, term_order)
    _rotate_ticks(ax, term_order, share=0.75)
    ax.set_xlim(-0.6, n_terms - 0.4)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("term (family)")
    ax.set_ylabel(_MEASURES[measure][0])
    ax.grid(axis="y", color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    if by is not None or any_low_n:
        _legend_outside(ax, handles, title=by)
    _set_title(ax, title, _frequency_title(measure, by), share=0.75)
    return ax


#: Past this many groups, plot_frequency and plot_trend draw small multiples.
FACET_ABOVE = 8


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


def _top_groups(table: pd.DataFrame, by: str | None, top: int | None) -> pd.DataFrame:
    """The rows of the ``top`` largest groups (by tokens, else articles)."""
    if top is None or by is None:
        return table
    top = check_count("top", top, 1)
    size = next((c for c in ("n_tokens", "n_docs") if c in table.columns), None)
    if size is None:
        raise ToolkitError("top= needs the n_tokens or n_docs column of a count_terms() table.")
    keys = table[by].astype(str)
    per_term = table.assign(_key=keys).groupby(["_key", "term"])[size].sum()
    largest = per_term.groupby(level=0).max().sort_values(ascending=False).head(top).index
    return table[keys.isin(set(largest))]


def _panels(n: int, *, cols: int, panel: tuple[float, float]) -> tuple[Figure, list[Axes]]:
    import matplotlib.pyplot as plt

    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    fig, grid = plt.subplots(
        rows, cols, figsize=(panel[0] * cols, panel[1] * rows), squeeze=False,
        layout="constrained",
    )  # fmt: skip
    axes = list(grid.ravel())
    for extra in axes[n:]:
        extra.remove()
    return fig, axes[:n]


def _trend_facets(frame: pd.DataFrame, groups: list[str], *, measure: str, title: str) -> Axes:
    """One panel per group on one shared scale (many groups); thin periods are hollow markers
    outside the line."""
    fig, axes = _panels(len(groups), cols=4, panel=(2.6, 1.9))
    top = 0.0
    for ax, group in zip(axes, groups, strict=True):
        rows = frame[frame["_group"] == group]
        thin = rows["_low_n"].to_numpy(dtype=bool)
        xs = rows["_x"].to_numpy()
        raw = rows["_value"].to_numpy(dtype=float)
        values = np.where(thin, np.nan, raw)
        style = group_style(group)
        ax.fill_between(xs, np.where(thin, np.nan, rows["_low"].to_numpy(dtype=float)),
                        np.where(thin, np.nan, rows["_high"].to_numpy(dtype=float)),
                        color=style.color, alpha=0.2, linewidth=0)  # fmt: skip
        ax.plot(xs, values, color=style.color, marker=style.marker, markersize=3,
                linestyle=style.linestyle, linewidth=1.4, label=group)  # fmt: skip
        if thin.any():
            ax.plot(xs[thin], raw[thin], linestyle="none", marker=style.marker, markersize=3,
                    markerfacecolor="none", markeredgecolor=style.color, alpha=0.8)  # fmt: skip
        finite = raw[np.isfinite(raw)]
        top = max(top, float(finite.max()) if finite.size else 0.0)
        n_docs = int(pd.to_numeric(rows["n_docs"], errors="coerce").fillna(0).sum())
        ax.set_title(f"{_shorten(group, 30)}\n{n_docs:,} articles", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    import matplotlib.dates as mdates

    first, last = frame["_x"].min(), frame["_x"].max()
    for ax in axes:
        ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
        if pd.notna(first) and first < last:
            ax.set_xlim(first, last)  # one time axis for all: an outlet's late start shows
        locator = mdates.AutoDateLocator(minticks=2, maxticks=4)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for ax in axes[::4]:
        ax.set_ylabel(_MEASURES[measure][0], fontsize=8)
    fig.suptitle(
        f"{title}; hollow markers: too little text to trust (low_n); bands clipped at the top",
        fontsize=10,
    )
    return axes[0]


def _frequency_facets(
    frame: pd.DataFrame,
    groups: list[str],
    term_order: list[str],
    *,
    measure: str,
    by: str | None,
    title: str | None,
) -> Axes:
    """One panel per term, a horizontal bar per group (many groups)."""
    fig, axes = _panels(len(term_order), cols=3, panel=(3.6, 0.26 * len(groups) + 1.2))
    y = np.arange(len(groups))
    shown = [_shorten(g) for g in groups]
    if len(set(shown)) < len(shown):  # cut names that would read alike: keep them whole
        shown = list(groups)
    any_low_n = False
    for ax, term in zip(axes, term_order, strict=True):
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
    for ax in [a for i, a in enumerate(axes) if i % 3]:
        ax.tick_params(labelleft=False)  # the groups are named once per row of panels
    note = f"; hatched: {_LOW_N_NOTE}".replace("\n", " ") if any_low_n else ""
    what = _frequency_title(measure, by)
    fig.suptitle(title or f"{what}{note}", fontsize=11)
    return axes[0]


def _frequency_title(measure: str, by: str | None) -> str:
    what = "Term rates" if measure == "per_10k" else "Share of articles mentioning each term"
    per = f" by {by}" if by is not None else ""
    return f"{what}{per} ({_MEASURE_TITLES[measure]})"


def _smooth_rates(table: pd.DataFrame, by: str | None, k: int, func: str) -> pd.DataFrame:
    """Rates pooled over each period and the ``k - 1`` before it, per group and term."""
    from toolkit.frequency import LOW_N_DOCS, LOW_N_TOKENS
    from toolkit.stats import poisson_interval, wilson_interval

    counts = ["hits", "n_tokens", "docs_with_hit", "n_docs"]
    require_table(table, ["period", "term", *counts], _TERMS_PRODUCER, func=f"{func}(smooth=)")
    keys = [c for c in (by, "term") if c is not None]
    work = table.sort_values("period").copy()
    pooled = work.groupby(keys, sort=False, dropna=False)[counts].transform(
        lambda column: column.rolling(k, min_periods=1).sum()
    )
    hits, tokens = pooled["hits"].to_numpy(float), pooled["n_tokens"].to_numpy(float)
    docs, n_docs = pooled["docs_with_hit"].to_numpy(float), pooled["n_docs"].to_numpy(float)
    low, high = poisson_interval(hits)
    with np.errstate(divide="ignore", invalid="ignore"):
        work["per_10k"] = np.where(tokens > 0, hits * 10_000 / tokens, np.nan)
        work["per_10k_low"] = np.where(tokens > 0, low * 10_000 / tokens, np.nan)
        work["per_10k_high"] = np.where(tokens > 0, high * 10_000 / tokens, np.nan)
        work["doc_share"] = np.where(n_docs > 0, docs / n_docs, np.nan)
    work["doc_share_low"], work["doc_share_high"] = wilson_interval(docs, n_docs)
    work["low_n"] = (tokens < LOW_N_TOKENS) | (n_docs < LOW_N_DOCS)
    return work


@_public_plot
def plot_trend(
    table: pd.DataFrame,
    *,
    by: By = None,
    term: str | None = None,
    ax: Axes | None = None,
    measure: RateMeasure = "per_10k",
    title: str | None = None,
    low_n: Literal["gap", "hollow"] = "gap",
    smooth: int = 1,
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
    below the Axes: when passing your own ``ax``, leave room under it.

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
        Pool each period with the ``smooth - 1`` before it: the rate is then total hits over
        total tokens (or articles) of the window, with its exact interval (needs ``hits``,
        ``n_tokens``, ``docs_with_hit`` and ``n_docs``), and ``low_n`` is judged on the window.
    top : int, optional
        Keep only the ``top`` largest groups (by tokens, else articles).
    facet : bool, optional
        Small multiples, one panel per group on one scale (True), or one panel (False); by
        default small multiples past :data:`FACET_ABOVE` groups when no ``ax`` is given.

    Returns
    -------
    Axes
        The main Axes (the volume strip is its ``child_axes[0]``); with small multiples, the
        first panel (``ax.figure.axes`` holds them all).

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
    _check_measure(measure, tuple(_MEASURES), func)
    _reject_variants(table, func)
    if isinstance(table, pd.DataFrame) and "period" not in table.columns:
        raise ToolkitError(
            f"{func} needs a 'period' column: call count_terms() with period= (for example "
            "period='M'), or use plot_frequency() for a table without periods."
        )
    if low_n not in ("gap", "hollow"):
        raise ToolkitError(f"{func}: low_n must be 'gap' or 'hollow', got {low_n!r}.")
    smooth = check_count("smooth", smooth, 1)
    table, by = _resolve_by(table, by, func, inferred=_terms_groups(table))
    table = _top_groups(table, by, top)
    if smooth > 1:
        table = _smooth_rates(table, by, smooth, func)
    frame = _terms_frame(table, by=by, measure=measure, func=func, need=["period", "n_docs"])
    available = [str(t) for t in pd.unique(frame["term"])]
    lines_are_terms = False
    if term is None and len(available) > 1 and by is None:
        # no groups: one line per term
        table = table.assign(term=table["term"].astype(str))
        frame = frame.assign(_group=frame["term"])
        by, what, lines_are_terms = "term", f"{len(available)} terms", True
    elif term is None:
        if len(available) != 1:
            raise ToolkitError(
                f"{func} draws one term at a time for each of the groups of by={by!r}, and this "
                f"table has {len(available)} terms: {', '.join(available)}. Pass term=<one of "
                "them>."
            )
        term = available[0]
    if term is not None:
        frame, _ = _select_terms(frame, [term], func)
        what = f"'{term}'"
    _check_unique(frame, ["_group", "period"], func, by)
    frame = frame.assign(_x=_to_naive_utc(frame["period"])).sort_values("_x")
    frame = frame[frame["_x"].notna()]

    import matplotlib.dates as mdates
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    if facet or (facet is None and ax is None and frame["_group"].nunique() > FACET_ABOVE):
        groups = _group_order(table, by, frame["_group"])
        default = f"{what} over time by {by} ({_MEASURE_TITLES[measure]})"
        return _trend_facets(frame, groups, measure=measure, title=title or default)
    created = ax is None
    ax = _new_axes(ax, (9.0, 5.5))
    if created:
        # Constrained layout places the inset strip but not its x label: keep room for it.
        engine = _figure(ax).get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.set(rect=(0.0, 0.05, 1.0, 0.95))
    strip = ax.inset_axes((0.0, -0.42, 1.0, 0.27), sharex=ax)
    groups = _group_order(table, by, frame["_group"])
    n_groups = max(len(groups), 1)
    xnum = mdates.date2num(frame["_x"].to_numpy())
    frame = frame.assign(_xnum=xnum)
    steps = np.diff(np.unique(xnum))
    spacing = float(steps.min()) if steps.size else 30.0
    width = 0.8 * spacing / n_groups

    handles: list[Any] = []
    any_low_n = False
    highest = 0.0
    for i, (group, color, marker) in enumerate(
        zip(groups, _colors(groups), _markers(groups), strict=False)
    ):
        rows = frame[frame["_group"] == group]
        xs = rows["_xnum"].to_numpy(dtype=float)
        values = rows["_value"].to_numpy(dtype=float)
        thin = rows["_low_n"].to_numpy(dtype=bool)
        solid = np.where(thin, np.nan, values)
        ax.fill_between(
            xs,
            np.where(thin, np.nan, rows["_low"].to_numpy(dtype=float)),
            np.where(thin, np.nan, rows["_high"].to_numpy(dtype=float)),
            color=color,
            alpha=0.18,
            linewidth=0,
            zorder=1,
        )
        (line,) = ax.plot(
            xs,
            solid,
            color=color,
            marker=marker,
            markersize=6,
            linewidth=1.8,
            linestyle=group_style(group).linestyle,
            label=group,
            zorder=3,
        )
        finite = solid[np.isfinite(solid)]
        highest = max(highest, float(finite.max()) if finite.size else 0.0)
        if thin.any():
            any_low_n = True
            if low_n == "hollow" or not np.isfinite(solid).any():
                ax.scatter(
                    xs[thin],
                    values[thin],
                    marker=marker,
                    s=40,
                    facecolors="white",
                    edgecolors=color,
                    linewidths=1.5,
                    zorder=4,
                )
                if not np.isfinite(solid).any():
                    shown = values[thin][np.isfinite(values[thin])]
                    highest = max(highest, float(shown.max()) if shown.size else 0.0)
        handles.append(line)
        bars = strip.bar(
            xs + (i - (n_groups - 1) / 2) * width,
            rows["n_docs"].to_numpy(dtype=float),
            width=width * 0.9,
            color=color,
            edgecolor=color,
            linewidth=0.5,
        )
        for bar, flag in zip(bars.patches, thin, strict=True):
            if flag:
                bar.set_facecolor("white")
                bar.set_hatch(_LOW_N_HATCH)
    labels = [str(h.get_label()) for h in handles]
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
    band = Patch(facecolor="#888888", alpha=0.3, linewidth=0)
    handles.append(band)
    labels.append("95% interval\n(clipped at the top)")
    locator = mdates.AutoDateLocator()
    strip.xaxis.set_major_locator(locator)
    strip.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    periods = np.unique(xnum)
    if 0 < periods.size <= 12:  # few periods: one tick at the start of each
        strip.set_xticks(periods)
    ax.tick_params(axis="x", labelbottom=False)
    if xnum.size:
        ax.set_xlim(float(xnum.min()) - spacing / 2, float(xnum.max()) + spacing / 2)
    # the scale follows the plotted rates, never a sparse period's band
    ax.set_ylim(0, highest * 1.15 if highest > 0 else 1.0)
    ax.set_ylabel(_MEASURES[measure][0])
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    strip.set_ylim(bottom=0)
    strip.set_ylabel("articles per period")
    strip.set_xlabel("period start (UTC)")
    strip.grid(axis="y", color="#dddddd", linewidth=0.8)
    strip.set_axisbelow(True)
    strip.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    _legend_outside(ax, handles, title=by, labels=labels)
    per = f" by {by}" if by is not None and not lines_are_terms else ""
    _set_title(ax, title, f"{what} over time{per} ({_MEASURE_TITLES[measure]})", share=0.8)
    return ax


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
    values = frame.pivot(index="_group", columns="term", values="_value").reindex(
        index=groups, columns=terms
    )
    thin = (
        frame.pivot(index="_group", columns="term", values="_low_n")
        .reindex(index=groups, columns=terms)
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    matrix = np.ma.masked_invalid(values.to_numpy(dtype=float))

    import matplotlib

    ax = _new_axes(ax, (max(5.0, 0.95 * len(terms) + 3.5), max(2.8, 0.55 * len(groups) + 2.2)))
    cmap = matplotlib.colormaps[_HEATMAP_CMAP].with_extremes(bad="#e8e8e8")
    image = ax.imshow(matrix, cmap=cmap, aspect="auto", interpolation="nearest", vmin=0)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    colorbar.set_label(_MEASURES[measure][0])
    if annotate:
        for (r, c), value in np.ndenumerate(values.to_numpy(dtype=float)):
            if np.isnan(value):
                text, color = "n/a", "#444444"
            else:
                text = f"{value:.1f}" + ("*" if thin[r, c] else "")
                color = "black" if float(np.asarray(image.norm(value))) > 0.55 else "white"
            ax.text(c, r, text, ha="center", va="center", color=color, fontsize=9)
    ax.set_xticks(np.arange(len(terms)), terms)
    ax.set_yticks(np.arange(len(groups)), groups)
    _rotate_ticks(ax, terms)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    xlabel = "term (family)"
    if annotate and thin.any():
        xlabel += "\n* " + _LOW_N_NOTE.replace("\n", " ")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(by if by is not None else "")
    per = f" by {by}" if by is not None else ""
    what = "Term rates" if measure == "per_10k" else "Share of articles mentioning each term"
    unit = "hits per 10,000 tokens" if measure == "per_10k" else "%"
    _set_title(ax, title, f"{what}{per} ({unit})", share=0.85)
    return ax


# --------------------------------------------------------------------------------------------
# hits, keyness, sentiment


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
    the chart stays legible and light however large the corpus.

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
    if x == "token":
        require_table(
            hits, ["doc_id", "term", "token_index", "n_tokens"], _HITS_PRODUCER, func=func
        )
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
        order = (
            hits.assign(_doc=frame["doc_id"]).sort_values([*sort_cols, "_doc"], kind="stable")
            if sort_cols
            else hits.assign(_doc=frame["doc_id"])
        )
        rows = [str(d) for d in pd.unique(order["_doc"])]
        if len(rows) > max_rows:
            return _dispersion_bins(
                frame, bins=bins, ax=ax, title=title, what=f"{len(rows):,} documents",
                xlabel="position in document (share of tokens)", dates=False,
            )  # fmt: skip
        if "source" in frame.columns and frame["source"].nunique() > 1:
            source_of = frame.drop_duplicates("doc_id").set_index("doc_id")["source"]
            row_labels = [f"{source_of[d]}: {d}" for d in rows]
        else:
            row_labels = rows
        frame["_row"] = frame["doc_id"].map({d: i for i, d in enumerate(rows)})
        xlabel = "position in document (share of tokens)"
        ylabel = "document"
        default_title = "Where terms occur within documents (one tick per hit)"
    else:
        require_table(hits, ["source", "published", "term"], _HITS_PRODUCER, func=func)
        frame = pd.DataFrame(
            {
                "source": _labels(hits["source"]),
                "term": hits["term"].astype(str),
                "_x": _to_naive_utc(hits["published"]),
            }
        )
        frame = frame[frame["_x"].notna()]
        if len(frame) > 5_000:
            return _dispersion_bins(
                frame, bins=bins, ax=ax, title=title, what=f"{len(frame):,} hits",
                xlabel="publication date (UTC)", dates=True,
            )  # fmt: skip
        rows = sorted(str(s) for s in pd.unique(frame["source"]))
        row_labels = rows
        frame["_row"] = frame["source"].map({s: i for i, s in enumerate(rows)})
        xlabel = "publication date (UTC)"
        ylabel = "source"
        default_title = "When terms occur, by source (one tick per hit)"

    terms = [str(t) for t in pd.unique(frame["term"])]
    n_rows = max(len(rows), 1)
    ax = _new_axes(ax, (9.0, min(12.0, max(2.8, 0.38 * n_rows + 1.8))))
    # Every other row is shaded so that each tick is read against its own document or source.
    for row in range(1, len(rows), 2):
        ax.axhspan(row - 0.5, row + 0.5, color="#f0f0f0", linewidth=0, zorder=0)
    # Terms sit side by side within a row so that ticks of different terms do not hide each other.
    spread = 0.45 if len(terms) > 1 else 0.0
    size = max(30.0, min(160.0, 1800.0 / n_rows / max(len(terms), 1)))
    handles: list[Any] = []
    for j, (term, color) in enumerate(zip(terms, _colors(terms), strict=False)):
        sel = frame[frame["term"] == term]
        offset = (j / (len(terms) - 1) - 0.5) * spread if len(terms) > 1 else 0.0
        handles.append(
            ax.scatter(
                sel["_x"].to_numpy(),
                sel["_row"].to_numpy(dtype=float) + offset,
                marker="|",
                s=size,
                linewidths=1.6,
                color=color,
                label=term,
                zorder=2,
            )
        )
    ax.set_yticks(np.arange(len(rows)), row_labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n_rows - 0.5, -0.5)
    if x == "token":
        ax.set_xlim(-0.02, 1.02)  # ticks at 0 and 1 stay whole
    else:
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        dates = frame["_x"].dropna() if "_x" in frame else pd.Series(dtype=float)
        if len(dates) and dates.min() == dates.max():  # one date: a week around it, not years
            day = mdates.date2num(pd.Timestamp(dates.min()))
            ax.set_xlim(day - 3.5, day + 3.5)
    if frame.empty:
        ax.text(0.5, 0.5, "no hits to plot", transform=ax.transAxes, ha="center", va="center")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _legend_outside(ax, handles, title="term")
    _set_title(ax, title, default_title, share=0.8)
    return ax


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
    import matplotlib.dates as mdates

    bins = check_count("bins", bins, 2)
    values = mdates.date2num(frame["_x"].to_numpy()) if dates else frame["_x"].to_numpy(float)
    low, high = (float(np.nanmin(values)), float(np.nanmax(values))) if len(values) else (0, 1)
    if not dates:
        low, high = 0.0, 1.0
    elif high <= low:
        low, high = low - 3.5, high + 3.5
    edges = np.linspace(low, high, bins + 1)
    sources = frame["source"] if "source" in frame.columns else pd.Series("all", index=frame.index)
    keys = pd.DataFrame({"source": sources.astype(str), "term": frame["term"].astype(str)})
    rows = sorted(set(zip(keys["source"], keys["term"], strict=True)))
    grid = np.zeros((len(rows), bins))
    index = {row: i for i, row in enumerate(rows)}
    which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    row_of = np.array([index[r] for r in zip(keys["source"], keys["term"], strict=True)], int)
    np.add.at(grid, (row_of, which), 1)
    totals = grid.sum(axis=1, keepdims=True)
    share = np.divide(grid, totals, out=np.zeros_like(grid), where=totals > 0)
    ax = _new_axes(ax, (9.0, min(12.0, max(2.8, 0.32 * len(rows) + 1.8))))
    image = ax.imshow(
        share, aspect="auto", cmap=_HEATMAP_CMAP, interpolation="nearest",
        extent=(low, high, len(rows) - 0.5, -0.5),
    )  # fmt: skip
    labels = [
        f"{source} · {term} (n={int(t)})"
        for (source, term), t in zip(rows, totals[:, 0], strict=True)
    ]
    ax.set_yticks(np.arange(len(rows)), labels)
    ax.tick_params(axis="y", length=0, labelsize=8 if len(rows) > 30 else 9)
    if dates:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("source · term")
    bar = _figure(ax).colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("share of the row's hits in the bin")
    _set_title(ax, title, f"Where terms occur: hits per bin ({what}, {bins} bins)", share=0.8)
    return ax


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
        Missing columns, ``n`` below 1, or an unknown measure.

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
    func = "plot_keyness"
    _check_measure(measure, _KEYNESS_MEASURES, func)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ToolkitError(f"{func}: n must be a whole number of at least 1, not {n!r}.")
    _check_measure(rank_by, _KEYNESS_MEASURES, func)
    require_table(
        table,
        list(dict.fromkeys(["word", "log_ratio", measure, rank_by])),
        _KEYNESS_PRODUCER,
        func=func,
    )
    groups = [c for c in table.columns if c not in _KEYNESS_COLUMNS]
    if groups and table[groups].drop_duplicates().shape[0] > 1:
        values = ", ".join(map(str, pd.unique(table[groups[0]].astype(str))[:5]))
        raise ToolkitError(
            f"{func} draws one comparison, but this table has several groups in {groups} "
            f"({values}, ...): a keyness_matrix() table. Choose one, e.g. "
            f"plot_keyness(table[table[{groups[0]!r}] == <group>], target_label=<group>)."
        )
    if target_label is None:
        target_label = str(table.attrs.get("target", "target"))
    if reference_label is None:
        reference_label = str(table.attrs.get("reference", "reference"))
    ratio = pd.to_numeric(table["log_ratio"], errors="coerce")

    def signed(column: str) -> pd.Series:
        if column == "log_ratio":
            return ratio
        return pd.to_numeric(table[column], errors="coerce").abs() * np.sign(ratio)

    value = signed(measure)
    if "p_adj" in table.columns:
        significant = pd.to_numeric(table["p_adj"], errors="coerce") < 0.05
    else:
        significant = pd.Series(True, index=table.index)
    frame = pd.DataFrame(
        {
            "word": table["word"].astype(str),
            "_value": value,
            "_rank": signed(rank_by),
            "_sig": significant.to_numpy(),
        },
        index=table.index,
    )
    finite = np.isfinite(frame["_value"].to_numpy(dtype=float))
    n_infinite = int((np.isinf(frame["_value"].to_numpy(dtype=float))).sum())
    frame = frame[finite]
    positive = frame[frame["_rank"] > 0].nlargest(int(n), "_rank")
    negative = frame[frame["_rank"] < 0].nsmallest(int(n), "_rank")
    positive = positive.sort_values("_value", ascending=False)
    negative = negative.sort_values("_value", ascending=True)
    shown = pd.concat([positive, negative.iloc[::-1]])

    from matplotlib.patches import Patch

    target_color, reference_color = OKABE_ITO[0], OKABE_ITO[1]
    ax = _new_axes(ax, (8.0, min(14.0, max(3.0, 0.28 * len(shown) + 1.8))))
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
    ax.set_xlabel("\n".join([xlabel, *notes]))
    ax.set_ylabel("word")
    handles = [
        Patch(color=target_color, label=f"key in {target_label}"),
        Patch(color=reference_color, label=f"key in {reference_label}"),
    ]
    # Sorted diverging bars leave the lower right empty (or, with one side only, the other half).
    corner: Literal["lower right", "lower left", "upper right"]
    if len(negative):
        corner = "lower right"
    elif len(positive):
        corner = "lower left"
    else:
        corner = "upper right"
    ax.legend(handles=handles, loc=corner, frameon=True, framealpha=0.9)
    default = f"Key words: {target_label} vs {reference_label} ({what}, top {n} per side)"
    _set_title(ax, title, default)
    return ax


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
    families that selected the sentences.

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
    if score is None:
        if isinstance(scores, pd.DataFrame):
            score = next((c for c in ("compound", "polarity") if c in scores.columns), "compound")
        else:
            score = "compound"
        if isinstance(scores, pd.DataFrame) and score not in scores.columns:
            raise ToolkitError(
                f"{func}: the table has neither a 'compound' (VADER) nor a 'polarity' (TextBlob) "
                f"column. It expects the table made by {_SENTIMENT_PRODUCER}; or pass score=<the "
                f"score column> (the table has: {', '.join(map(str, scores.columns))})."
            )
    require_table(scores, [score], _SENTIMENT_PRODUCER, func=func)
    scores, by = _resolve_by(
        scores, by, func, inferred=["source"] if "source" in scores.columns else []
    )
    frame = pd.DataFrame(
        {
            "_group": _group_column(scores, by, func, _SENTIMENT_PRODUCER),
            "_score": pd.to_numeric(scores[score], errors="coerce"),
            "_term": scores["term"].astype(str) if "term" in scores.columns else "",
        }
    ).dropna(subset=["_score"])
    families = [str(t) for t in sorted(pd.unique(frame["_term"])) if t != ""]
    if term is not None:
        if term not in families:
            raise ToolkitError(
                f"{func}: term={term!r} is not in the table's term column "
                f"({', '.join(families) or 'none'})."
            )
        frame, families = frame[frame["_term"] == term], [term]
    groups = _group_order(scores, by, frame["_group"])
    if ax is None and len(families) > 1 and len(groups) * len(families) > 24:
        # too many boxes for one panel: one panel per family, on one scale
        fig, panels = _panels(len(families), cols=3, panel=(0.34 * len(groups) + 1.3, 3.0))
        for panel, family in zip(panels, families, strict=True):
            plot_sentiment(scores, by=by, ax=panel, score=score, term=family, title=family)
        name = {"compound": "VADER compound", "polarity": "TextBlob polarity"}.get(score, score)
        fig.suptitle(
            title or f"Sentiment of the sentences that mention each family, by {by} ({name})"
        )
        return panels[0]
    series = [(g, f) for g in groups for f in (families if len(families) > 1 else [""])]
    data = [
        frame.loc[(frame["_group"] == g) & ((frame["_term"] == f) | (f == "")), "_score"].to_numpy(
            dtype=float
        )
        for g, f in series
    ]
    sizes = {g: int((frame["_group"] == g).sum()) for g in groups}
    labels = [f"{g} (n={sizes[g]})" for g in groups]
    per_group = max(1, len(families)) if len(families) > 1 else 1
    width = 0.8 / per_group
    positions = np.array(
        [groups.index(g) + 1 + ((families.index(f) if f else 0) - (per_group - 1) / 2) * width
         for g, f in series]
    )  # fmt: skip
    colours = _colors([f for _, f in series]) if per_group > 1 else _colors(groups)

    ax = _new_axes(ax, (max(5.0, 1.3 * len(groups) * max(1, per_group / 2) + 2.5), 4.5))
    if groups:
        parts = ax.boxplot(
            data,
            positions=positions,
            widths=0.55 * width if per_group > 1 else 0.55,
            patch_artist=True,
            showfliers=False,
            medianprops={"color": "black", "linewidth": 1.6},
            manage_ticks=False,
            zorder=2,
        )
        for box, color in zip(parts["boxes"], colours, strict=False):
            box.set_facecolor(color)
            box.set_alpha(0.45)
            box.set_edgecolor("#333333")
        rng = np.random.default_rng(0)  # fixed jitter: the same chart every time
        for pos, values, color in zip(positions, data, colours, strict=False):
            if len(values) > 100:  # the box summarises; 100 points show the spread
                values = rng.choice(values, size=100, replace=False)
            jitter = rng.uniform(-0.18, 0.18, size=len(values)) * width
            ax.plot(
                pos + jitter,
                values,
                linestyle="none",
                marker=".",
                markersize=3,
                color=color,
                alpha=min(0.6, max(0.08, 30 / max(len(values), 1))),
                zorder=3,
            )
    else:
        ax.text(0.5, 0.5, "no scores to plot", transform=ax.transAxes, ha="center")
    ax.set_xticks(np.arange(1, len(groups) + 1), labels)
    _rotate_ticks(ax, labels)
    if per_group > 1:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=group_style(f).color, alpha=0.45, edgecolor="#333333")
                   for f in families]  # fmt: skip
        _legend_outside(ax, handles, title="sentences mentioning", labels=families)
    ax.set_xlim(0.4, len(groups) + 0.6)
    if score in ("compound", "polarity"):
        ax.axhline(0, color="#555555", linestyle="--", linewidth=1.0, zorder=1)
        ax.set_ylim(-1.05, 1.05)
    elif score == "subjectivity":
        ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel(_SCORES.get(score, score))
    # groups whose texts have no score (another language for VADER) are said, not just missing
    unscored = sorted(set(_group_column(scores, by, func, _SENTIMENT_PRODUCER)) - set(groups))
    missing = (
        f"\nnot shown, no {score} score (another language?): {_shorten(', '.join(unscored), 80)}"
        if unscored
        else ""
    )
    ax.set_xlabel((by if by is not None else "") + missing)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    name = {"compound": "VADER compound", "polarity": "TextBlob polarity"}.get(score, score)
    per = f" by {by}" if by is not None else ""
    which = f" of sentences mentioning {', '.join(families)}" if families else ""
    _set_title(ax, title, f"Sentiment{which}{per} ({name} score per scored text)")
    return ax


_SUMMARY_COLUMNS = frozenset(
    ["period", "n", "mean", "median", "q25", "q75", "iqr", "mean_low", "mean_high", "coverage"]
)


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
    by side so that whiskers of different groups do not hide each other.

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
        The Axes drawn on; one line (with markers) per group.

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
    labels = _group_column(summary, by, func, "toolkit.summarize_sentiment()")
    frame = pd.DataFrame(
        {
            "_group": labels,
            "_x": _to_naive_utc(summary["period"]),
            "_n": pd.to_numeric(summary["n"], errors="coerce"),
            "_mean": pd.to_numeric(summary["mean"], errors="coerce"),
            "_low": pd.to_numeric(summary["mean_low"], errors="coerce"),
            "_high": pd.to_numeric(summary["mean_high"], errors="coerce"),
        }
    )
    _check_unique(frame, ["_group", "_x"], func, by)
    groups = _group_order(summary, by, frame["_group"])
    # a period with too few units is a gap in its group's line, not a point
    thin = ~(frame["_n"] >= min_n)
    frame.loc[thin, ["_mean", "_low", "_high"]] = np.nan
    shown = frame[frame["_mean"].notna()]

    import matplotlib.dates as mdates

    ax = _new_axes(ax, (9.0, 4.5))
    all_x = pd.Index(sorted(frame["_x"].dropna().unique()))
    periods = mdates.date2num(all_x.to_numpy())
    spacing = float(np.diff(periods).min()) if periods.size > 1 else 365.0
    n_groups = max(len(groups), 1)
    handles = []
    for i, (group, color, marker) in enumerate(
        zip(groups, _colors(groups), _markers(groups), strict=False)
    ):
        rows = frame[frame["_group"] == group].set_index("_x").reindex(all_x)
        xs = periods + (i - (n_groups - 1) / 2) * spacing * 0.08
        mean = rows["_mean"].to_numpy(dtype=float)
        (line,) = ax.plot(xs, mean, color=color, marker=marker, linewidth=1.5, label=group)
        if np.isfinite(mean).any():
            handles.append(line)
        errors = np.vstack(
            [np.clip(mean - rows["_low"].to_numpy(dtype=float), 0, None),
             np.clip(rows["_high"].to_numpy(dtype=float) - mean, 0, None)]
        )  # fmt: skip
        ax.errorbar(xs, mean, yerr=errors, fmt="none", ecolor=color, capsize=2, zorder=2)
    score = str(summary.attrs.get("score", "compound"))
    ax.axhline(0, color="#555555", linestyle="--", linewidth=1.0, zorder=1)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("period start (UTC)")
    ax.set_ylabel(f"mean {_SCORES.get(score, score)}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    if shown.empty:
        ax.text(0.5, 0.5, f"no period with n >= {min_n}", transform=ax.transAxes, ha="center")
    hidden = len(groups) - len(handles)
    if hidden:
        ax.set_xlabel(f"period start (UTC)\n{hidden} of {len(groups)} groups have no period "
                      f"with n >= {min_n} and are not drawn")  # fmt: skip
    if by is not None:
        _legend_outside(ax, handles, title=by)
    per = f" by {by}" if by is not None else ""
    default = f"Mean tone over time{per} (95% CI; periods with n >= {min_n})"
    _set_title(ax, title, default, share=0.8)
    return ax


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
    comparison between outlets is read.

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
    require_table(table, ["period", "n_docs", "n_tokens"], "toolkit.coverage()", func=func)
    if measure not in ("n_docs", "n_tokens"):
        raise ToolkitError(f"{func}: measure must be 'n_docs' or 'n_tokens', not {measure!r}.")
    inferred = [str(c) for c in table.columns if c not in ("period", "n_docs", "n_tokens")]
    table, by = _resolve_by(table, by, func, inferred=inferred)
    frame = pd.DataFrame(
        {
            "_group": _group_column(table, by, func, "toolkit.coverage()"),
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
    ticks = list(range(0, len(periods), step))
    ax.set_xticks(ticks, [pd.Timestamp(periods[i]).strftime("%Y-%m-%d") for i in ticks])
    _rotate_ticks(ax, [pd.Timestamp(periods[i]).strftime("%Y-%m-%d") for i in ticks])
    ax.tick_params(length=0)
    ax.set_xlabel("period start (UTC); white: no article")
    ax.set_ylabel(by if by is not None else "")
    _set_title(ax, title, f"Coverage: {unit} by {by or 'corpus'}", share=0.9)
    return ax
