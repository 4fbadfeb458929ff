"""What every chart shares: group styles, the ``@_public_plot`` rules, panels, labels and ticks.

A group (a source, a party, a term family) gets one :class:`Style` per session, whichever chart
draws it first, so that it looks the same in every chart. The registry gives a style to any
number of groups: sixteen colours, each with eight markers, make 128 distinct (colour, marker)
pairs; the 129th group starts the same sequence again.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.util import By, as_list

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FACET_ABOVE",
    "OKABE_ITO",
    "PALETTE",
    "STYLE_COMBINATIONS",
    "TOL_MUTED",
    "Style",
    "group_style",
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
#: The markers of lines and points, the second channel of a group's style.
_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
#: How many groups get a (colour, marker) pair of their own before the styles repeat.
STYLE_COMBINATIONS = len(PALETTE) * len(_MARKERS)
#: Past this many groups, a chart draws small multiples (or a layout made for many groups).
FACET_ABOVE = 8

_HEATMAP_CMAP = "cividis"
_LOW_N_HATCH = "///"
_LOW_N_NOTE = "thin coverage (low_n):\ntoo little text to trust"
#: Characters of 10-point text per inch, with some room between labels.
_CHARS_PER_INCH = 11.0


# --------------------------------------------------------------------------------------------
# group styles


class Style(NamedTuple):
    """How one group is drawn in every chart: colour, marker and line style."""

    color: str
    marker: str
    linestyle: str


def _style_of(index: int) -> Style:
    """The style of the ``index``-th group seen.

    Sixteen colours; the marker shifts once per round of colours, so that colour and marker
    together differ for the first :data:`STYLE_COMBINATIONS` groups; then the sequence repeats.
    """
    index %= STYLE_COMBINATIONS
    colour = index % len(PALETTE)
    marker = _MARKERS[(colour % len(_MARKERS) + index // len(PALETTE)) % len(_MARKERS)]
    return Style(PALETTE[colour], marker, "-" if colour < len(OKABE_ITO) else "--")


class _Registry:
    """The styles given so far in this session, and where the sequence goes on."""

    def __init__(self) -> None:
        self.styles: dict[str, Style] = {}
        self.next = 0  # the index of the next style in the sequence
        self.pinned: set[Style] = set()  # styles set by hand, skipped in the first round

    def take(self) -> Style:
        """The next style of the sequence (O(1) amortised: ``next`` only moves forward)."""
        index = self.next
        while index < STYLE_COMBINATIONS and _style_of(index) in self.pinned:
            index += 1
        self.next = index + 1
        return _style_of(index)


_REGISTRY = _Registry()


def group_style(group: object) -> Style:
    """The style of a group (a source, a party, a term family) in every chart of this session.

    A group keeps the style it got when first drawn, so ``TASS`` has the same colour in the
    frequency chart, the trend and the sentiment boxes, whichever other groups they show. Fix
    the order or the colours beforehand with :func:`set_group_styles`. Any number of groups
    gets a style: the first 8 get distinct colours, the first :data:`STYLE_COMBINATIONS`
    distinct (colour, marker) pairs, and the sequence then starts again.

    Examples
    --------
    >>> reset_group_styles()
    >>> group_style("TASS").color, group_style("BBC").color, group_style("TASS").color
    ('#0072B2', '#D55E00', '#0072B2')
    >>> len({group_style(f"outlet {i}") for i in range(2_000)})  # then the sequence repeats
    128
    """
    key = str(group)
    style = _REGISTRY.styles.get(key)
    if style is None:
        style = _REGISTRY.styles[key] = _REGISTRY.take()
    return style


def set_group_styles(groups: Sequence[object] | Mapping[object, str | Style]) -> None:
    """Give groups their styles before drawing: a list (styles in that order, e.g. the outlets
    largest first) or a mapping of group to colour (``{"TASS": "#D55E00"}``) or :class:`Style`.

    Groups drawn later get the next styles of the sequence, skipping those set here.

    Examples
    --------
    >>> set_group_styles({"TASS": "#D55E00", "BelTA": Style("#009E73", "s", "-")})
    >>> group_style("TASS")
    Style(color='#D55E00', marker='o', linestyle='-')
    """
    reset_group_styles()
    if isinstance(groups, Mapping):
        for i, (group, value) in enumerate(groups.items()):
            style = value if isinstance(value, Style) else _style_of(i)._replace(color=str(value))
            _REGISTRY.styles[str(group)] = style
            _REGISTRY.pinned.add(style)
        _REGISTRY.next = len(groups)
    else:
        for group in groups:
            group_style(group)


def reset_group_styles() -> None:
    """Forget the styles given so far (the next group drawn gets the first colour)."""
    _REGISTRY.styles.clear()
    _REGISTRY.pinned.clear()
    _REGISTRY.next = 0


def _styles(groups: Sequence[object]) -> list[Style]:
    return [group_style(group) for group in groups]


def _colors(groups: Sequence[object]) -> list[str]:
    return [style.color for style in _styles(groups)]


def _markers(groups: Sequence[object]) -> list[str]:
    return [style.marker for style in _styles(groups)]


# --------------------------------------------------------------------------------------------
# the rules of every public plot function

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
    drawing, get their ``$`` escaped (so ``get_ticklabels()`` reads ``\\$``). In a figure the
    function did not make, only the given Axes and what the function added are touched, and
    tick labels that matplotlib's own numeric formatters write (log-scale powers) are left
    alone."""
    from matplotlib.text import Text

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
        before_axes: set[Any] = set(_figure(given).axes) if given is not None else set()
        before_texts = set(_figure(given).findobj(Text)) if given is not None else set()
        ax = plot(*args, **kwargs)
        fig = _figure(ax)
        drawn: list[Any]
        if given is None:
            drawn, texts = list(fig.axes), set(fig.findobj(Text))
        else:  # the given Axes, and whatever the function added to the figure
            drawn = [given, *(a for a in fig.axes if a not in before_axes)]
            texts = set(given.findobj(Text)) | (set(fig.findobj(Text)) - before_texts)
        _show_as_written(drawn, texts)
        return ax

    return wrapper  # type: ignore[return-value]


def _show_as_written(drawn: list[Any], texts: set[Any]) -> None:
    """Turn off mathtext in ``texts`` and escape ``$`` in the tick labels of ``drawn``."""
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    drawn = [*drawn, *(child for a in drawn for child in a.child_axes)]
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


# --------------------------------------------------------------------------------------------
# figures and panels


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


class Panels(NamedTuple):
    """Small multiples: their figure, their Axes (by rows of ``cols``), whether they fill the
    figure (then its title and notes are theirs to set) and their width in inches."""

    fig: Figure
    axes: list[Axes]
    own: bool
    cols: int
    width: float


def _panels(n: int, *, cols: int, panel: tuple[float, float], within: Axes | None = None) -> Panels:
    """``n`` panels in a grid of ``cols`` columns: a new figure of ``panel``-sized cells, or,
    ``within`` a given Axes, the cells of its place in its figure (it becomes the first)."""
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    spec = within.get_subplotspec() if within is not None else None
    if within is not None and spec is not None:
        fig = _figure(within)
        own = len(fig.axes) == 1
        width = within.get_position().width * fig.get_figwidth() * 1.1
        grid = spec.subgridspec(rows, cols)
        within.set_subplotspec(grid[0])
        axes = [within, *(fig.add_subplot(grid[i]) for i in range(1, n))]
        return Panels(fig, axes, own, cols, min(width, fig.get_figwidth()))
    import matplotlib.pyplot as plt

    fig, cells = plt.subplots(
        rows, cols, figsize=(panel[0] * cols, panel[1] * rows), squeeze=False,
        layout="constrained",
    )  # fmt: skip
    axes = list(cells.ravel())
    for extra in axes[n:]:
        extra.remove()
    return Panels(fig, axes[:n], True, cols, fig.get_figwidth())


def _panels_title(panels: Panels, text: str, *, fontsize: float = 11) -> None:
    """The title of a set of panels: the figure's, or, when the panels share their figure with
    other charts, over their first row, from the left edge of the first panel."""
    width = max(30, int(panels.width * _CHARS_PER_INCH * 10 / fontsize))
    if panels.own:
        panels.fig.suptitle(textwrap.fill(text, width=width), fontsize=fontsize)
        return
    # Over the first panel's own title, from its left edge: the panel's title gets blank lines
    # for it (so that constrained layout keeps room above the row), and this one stays out of
    # the layout (which would widen the first column to hold it).
    first = panels.axes[0]
    size = float(first.title.get_fontsize())
    own_title = first.get_title()
    lines = textwrap.fill(text, width=max(30, int(panels.width * _CHARS_PER_INCH * 10 / size)))
    below = own_title.count("\n") + 1 if own_title else 0
    first.set_title("\n" * (lines.count("\n") + 1) + own_title, fontsize=size)
    rise = 6 + below * 1.2 * size  # points: the title's pad, then its own lines
    overall = first.annotate(lines, xy=(0, 1), xycoords="axes fraction", xytext=(0, rise),
                             textcoords="offset points", ha="left", va="bottom", fontsize=size,
                             annotation_clip=False)  # fmt: skip
    overall.set_in_layout(False)


def _note_on(ax: Axes, note: str, *, panels: Panels | None = None) -> None:
    """Write ``note`` on the chart of ``ax``: under its x label, or under a set of panels (under
    the figure, where constrained layout keeps room for it, or under their bottom-left panel)."""
    if not note:
        return
    if panels is not None:
        width = max(40, int(panels.width * _CHARS_PER_INCH * 1.2))
        if panels.own:
            label = panels.fig.get_supxlabel()
            text = "\n".join([*filter(None, [label]), textwrap.fill(note, width)])
            panels.fig.supxlabel(text, fontsize=8, color="#333333")
            return
        corner = panels.axes[(len(panels.axes) - 1) // panels.cols * panels.cols]
        label = corner.get_xlabel()
        text = "\n".join([*filter(None, [label]), textwrap.fill(note, width)])
        corner.set_xlabel(text, loc="left", fontsize=8)
        return
    width = max(40, int(_axes_width_inches(ax) * _CHARS_PER_INCH))
    label = ax.get_xlabel()
    ax.set_xlabel("\n".join([*filter(None, [label]), textwrap.fill(note, width)]))


def _name_all(names: Sequence[str], *, limit: int = 60) -> str:
    """``names`` joined with commas; past ``limit``, the rest counted."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --------------------------------------------------------------------------------------------
# groups


def _shorten(label: str, width: int = 28) -> str:
    """``label`` cut to ``width`` characters with an ellipsis (a small panel's title or tick)."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _labels(values: pd.Series, missing: str = "(none)") -> pd.Series:
    """Group values as display strings (missing values shown as ``missing``)."""
    return values.astype("string").fillna(missing).astype(str)


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


def _check_unique(frame: pd.DataFrame, keys: list[str], func: str, by: str | None) -> None:
    if frame.duplicated(keys).any():
        what = " / ".join("group" if k == "_group" else k.strip("_") for k in keys)
        raise ToolkitError(
            f"{func}: several rows share the same {what} (by={by!r}). The table probably has "
            "other group columns; filter it to one row per group and term, or pass the right by=."
        )


def _check_measure(measure: str, allowed: Sequence[str], func: str) -> None:
    if measure not in allowed:
        raise ToolkitError(
            f"{func}: measure={measure!r} is not supported; use one of "
            f"{', '.join(map(repr, allowed))}."
        )


def _to_naive_utc(values: pd.Series) -> np.ndarray:
    """Datetimes (tz-aware or naive, taken as UTC) as naive UTC ``datetime64`` values."""
    stamps = pd.to_datetime(values, utc=True)
    return np.asarray(stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]"))


# --------------------------------------------------------------------------------------------
# labels, ticks and legends


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
    if max(len(s) for s in labels) > slot * _CHARS_PER_INCH:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")


def _set_title(ax: Axes, title: str | None, default: str, share: float = 1.0) -> None:
    """Set the user's title as given, or the default one wrapped to the width of the Axes."""
    if title is not None:
        ax.set_title(title)
        return
    width = max(35, int(_axes_width_inches(ax, share) * _CHARS_PER_INCH))
    ax.set_title(textwrap.fill(default, width=width))


def _legend_outside(
    ax: Axes, handles: list[Any], title: str | None = None, labels: list[str] | None = None
) -> None:
    """A legend to the right of the Axes, so that it never covers data; in as many columns as
    it takes for every entry to fit the height of the figure."""
    if not handles:
        return
    if labels is None:
        labels = [str(h.get_label()) for h in handles]
    from matplotlib.legend_handler import HandlerTuple

    lines = sum(label.count("\n") + 1 for label in labels) + (2 if title else 0)
    fits = max(6, int(_figure(ax).get_figheight() * 0.85 / 0.24))  # 10-point lines an inch
    ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
        ncols=-(-lines // fits),
    )


def _date_axis(ax: Axes, *, days_named: bool = False, **locator: Any) -> None:
    """Concise date ticks on the x axis of ``ax``; with ``days_named``, days carry their
    month's name ("Jan 31", "Feb 01") and the year alone stands beside the axis (the default
    offset, "2022-Feb", reads under days of January as February)."""
    import matplotlib.dates as mdates

    found = mdates.AutoDateLocator(**locator)
    ax.xaxis.set_major_locator(found)
    named: dict[str, Any] = {}
    if days_named:
        named = {
            "formats": ["%Y", "%b", "%b %d", "%H:%M", "%H:%M", "%S.%f"],
            "zero_formats": ["", "%Y", "%b %d", "%b %d", "%H:%M", "%H:%M"],
            "offset_formats": ["", "%Y", "%Y", "%Y %b %d", "%Y %b %d", "%Y %b %d %H:%M"],
        }
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(found, **named))
