"""An interactive keyword-in-context explorer for Jupyter, built on plain, tested functions.

:func:`kwic_explorer` computes a :func:`toolkit.kwic` table once and lets the reader narrow it
down with drop-downs (term family, source), a quotation filter (quoted speech or the outlet's
own narrative) and a free-text search in the context. The widgets only collect choices: every
update goes through :func:`filter_kwic` and :func:`render`, which are ordinary functions that work
(and are tested) without Jupyter. ``ipywidgets`` is imported only when the explorer is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit.concordance import format_kwic, kwic
from toolkit.errors import ToolkitError
from toolkit.terms import get_matcher
from toolkit.util import require_table

if TYPE_CHECKING:
    from toolkit.terms import TermMatcher, Terms

__all__ = ["ALL", "NO_SOURCE", "QUOTE_CHOICES", "ExplorerState", "filter_kwic", "kwic_explorer"]

#: The columns of a :func:`toolkit.kwic` table that filtering and rendering need.
NEEDED = ("doc_id", "source", "term", "match", "left", "right", "in_quote")
#: Widget value of the "all" choice of the family and source drop-downs (the label is "all").
ALL = "(all)"
#: How a missing source is listed, and the value that selects rows without a source.
NO_SOURCE = "(no source)"
#: Labels of the quotation filter and the ``quoted=`` value each stands for.
QUOTE_CHOICES: dict[str, bool | None] = {"all": None, "quoted": True, "not quoted": False}


def filter_kwic(
    table: pd.DataFrame,
    *,
    term: str | None = None,
    source: str | None = None,
    quoted: bool | None = None,
    query: str | None = None,
) -> pd.DataFrame:
    """Select rows of a :func:`toolkit.kwic` table by family, source, quotation and context.

    Parameters
    ----------
    table : DataFrame
        A table from :func:`toolkit.kwic` (never modified).
    term : str, optional
        Keep the hits of this term family (default: all families).
    source : str, optional
        Keep the hits from this source (default: all). :data:`NO_SOURCE` (``"(no source)"``)
        selects the hits of articles without a source.
    quoted : bool, optional
        True keeps hits inside quoted speech, False those outside it, None (default) both.
    query : str, optional
        Keep hits whose context (``left``, ``match`` and ``right`` joined by spaces) contains
        this text, ignoring case. Not a pattern: ``"u.s."`` matches the dots literally. Empty or
        blank text filters nothing.

    Returns
    -------
    DataFrame
        The matching rows, in the table's order, with the table's index and columns.

    Raises
    ------
    ToolkitError
        The table lacks columns of a :func:`toolkit.kwic` table, or ``quoted`` is not a bool.

    Examples
    --------
    >>> import toolkit
    >>> table = toolkit.kwic(toolkit.load_sample(), {"unity": ["unity"],
    ...                                              "sanctions": ["sanction*"]}, window=3)
    >>> filter_kwic(table, term="unity", quoted=True)[["term", "match", "right", "in_quote"]]
        term  match                right  in_quote
    1  unity  unity  between CSTO member      True
    >>> len(filter_kwic(table, query="PRESSURE"))  # "sanctions pressure and ...", any case
    1
    """
    require_table(table, NEEDED, "toolkit.kwic()", func="filter_kwic")
    if quoted is not None and not isinstance(quoted, bool):
        raise ToolkitError(
            f"quoted must be True (quoted speech only), False (outside quotes) or None (both); "
            f"got {quoted!r}."
        )
    keep = pd.Series(True, index=table.index)
    if term is not None:
        keep &= table["term"].astype("string") == str(term)
    if source is not None:
        sources = table["source"].astype("string").fillna(NO_SOURCE)
        keep &= sources == str(source)
    if quoted is not None:
        keep &= table["in_quote"].fillna(False).astype(bool) == quoted
    if query is not None and str(query).strip():
        context = (
            table["left"].fillna("").astype(str)
            + " "
            + table["match"].fillna("").astype(str)
            + " "
            + table["right"].fillna("").astype(str)
        )
        keep &= context.str.contains(str(query).strip(), case=False, regex=False)
    return table.loc[keep.to_numpy(dtype=bool)].copy()


@dataclass(frozen=True)
class ExplorerState:
    """The explorer's filters, as :func:`filter_kwic` takes them (None = no filter)."""

    term: str | None = None
    source: str | None = None
    quoted: bool | None = None
    query: str = ""


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render(table: pd.DataFrame, state: ExplorerState, *, max_rows: int = 200) -> tuple[str, str]:
    """Filter ``table`` by ``state``: a summary line and the HTML of the matching hits.

    This is all the explorer's widgets do when a choice changes.

    Parameters
    ----------
    table : DataFrame
        A table from :func:`toolkit.kwic`.
    state : ExplorerState
        The filters.
    max_rows : int, default 200
        How many hits to render (the summary counts them all).

    Returns
    -------
    tuple of str
        ``"N hits in M articles"`` (plus a note when only the first ``max_rows`` are shown),
        and the HTML from :func:`toolkit.format_kwic` (text escaped) or a note that nothing
        matches.

    Examples
    --------
    >>> import toolkit
    >>> table = toolkit.kwic(toolkit.load_sample(), {"sanctions": ["sanction*"]})
    >>> summary, page = render(table, ExplorerState(quoted=False))
    >>> summary, "No hits" in page
    ('0 hits in 0 articles', True)
    """
    found = filter_kwic(
        table, term=state.term, source=state.source, quoted=state.quoted, query=state.query
    )
    n_hits, n_docs = len(found), int(found["doc_id"].nunique())
    summary = f"{_plural(n_hits, 'hit')} in {_plural(n_docs, 'article')}"
    if n_hits > max_rows:
        summary += f" (showing the first {max_rows:,})"
    if n_hits == 0:
        return summary, "<p><i>No hits match these filters.</i></p>"
    return summary, format_kwic(found, max_rows=max_rows)


def _options(values: pd.Series, names: list[str]) -> list[tuple[str, str]]:
    """``[("all (N)", ALL), ("name (n)", name), ...]``: drop-down choices with hit counts."""
    counts = values.value_counts()
    options = [(f"all ({len(values):,})", ALL)]
    options += [(f"{name} ({int(counts.get(name, 0)):,})", name) for name in names]
    return options


def _state(term: str, source: str, quotes: str, query: str) -> ExplorerState:
    """The filters that the widgets' values stand for."""
    return ExplorerState(
        term=None if term == ALL else term,
        source=None if source == ALL else source,
        quoted=QUOTE_CHOICES.get(quotes),
        query=query,
    )


def kwic_explorer(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    window: int = 8,
    max_rows: int = 200,
) -> Any:
    """An interactive concordance: filter every hit by family, source, quotation and text.

    The hits are computed once with :func:`toolkit.kwic`; the widgets then filter them with
    :func:`filter_kwic` and show the first ``max_rows`` with :func:`toolkit.format_kwic`
    (quoted hits in italics on a tinted row). Drop-down labels give each choice's number of hits;
    the family drop-down lists every family, in the given order, even those without hits.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families.
    window : int, default 8
        Tokens of context on each side.
    max_rows : int, default 200
        How many hits to show at a time.

    Returns
    -------
    ipywidgets.VBox
        The explorer: a row of controls (``family``, ``source``, ``quotes``), the search box, the
        summary label and the table (an ``ipywidgets.HTML``). Display it as the last expression
        of a cell. The kwic table is kept as its ``.table`` attribute.

    Examples
    --------
    >>> import toolkit
    >>> explorer = kwic_explorer(toolkit.load_sample(), {"unity": ["unity"]})
    >>> explorer.summary.value
    '2 hits in 1 article'
    >>> explorer.quotes.value = "quoted"
    >>> explorer.summary.value
    '1 hit in 1 article'
    """
    try:
        import ipywidgets as widgets
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        from toolkit.errors import MissingResourceError

        raise MissingResourceError(
            "kwic_explorer needs the ipywidgets package: pip install ipywidgets"
        ) from None
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ToolkitError(f"max_rows must be a whole number of at least 1, got {max_rows!r}.")

    matcher = get_matcher(terms)
    table = kwic(corpus, matcher, window=window)
    sources = table["source"].astype("string").fillna(NO_SOURCE).astype(str)
    layout = widgets.Layout(width="max-content")
    family = widgets.Dropdown(
        options=_options(table["term"].astype(str), list(matcher.names)),
        description="family",
        layout=layout,
    )
    source = widgets.Dropdown(
        options=_options(sources, sorted(set(sources))), description="source", layout=layout
    )
    quotes = widgets.ToggleButtons(
        options=list(QUOTE_CHOICES),
        description="quotes",
        tooltips=["every hit", "inside quoted speech", "outside quotes (narrative)"],
    )
    query = widgets.Text(
        placeholder="words in the context, e.g. 'congress'",
        description="search",
        layout=widgets.Layout(width="28em"),
    )
    summary = widgets.Label()
    shown = widgets.HTML()

    def update(_change: Any = None) -> None:
        state = _state(family.value, source.value, quotes.value, query.value)
        summary.value, shown.value = render(table, state, max_rows=max_rows)

    for control in (family, source, quotes, query):
        control.observe(update, names="value")
    update()
    box = widgets.VBox(
        [widgets.HBox([family, source]), quotes, query, summary, shown],
    )
    # Handles for code and tests: the controls, the outputs and the hits.
    box.family, box.source, box.quotes, box.query = family, source, quotes, query
    box.summary, box.html, box.table = summary, shown, table
    return box
