import subprocess
import sys

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ToolkitError
from toolkit.explore import (
    ALL,
    NO_SOURCE,
    ExplorerState,
    _state,
    filter_kwic,
    kwic_explorer,
    render,
)

FAMILIES = {"sovereignty": ["sovereign*"], "unity": ["unity"], "sanctions": ["sanction*"]}


@pytest.fixture(scope="module")
def sample():
    return toolkit.load_sample()


@pytest.fixture(scope="module")
def table(sample):
    """The TASS sample's hits, read off by hand: in text order unity, sovereignty (narrative),
    then unity, sovereignty, sanctions, sanctions (all inside Lukashenko's quoted speech)."""
    return toolkit.kwic(sample, FAMILIES, window=4)


@pytest.fixture(scope="module")
def two_sources(table):
    """The sample's hits with a second, made-up source (synthetic labels on real hits)."""
    return table.assign(source=["TASS", "BelTA", "TASS", None, "BelTA", "TASS"])


def test_the_fixture_is_what_the_counts_below_assume(table):
    assert table["term"].tolist() == [
        "unity", "sovereignty", "unity", "sovereignty", "sanctions", "sanctions",
    ]  # fmt: skip
    assert table["in_quote"].tolist() == [False, False, True, True, True, True]


def test_no_filter_returns_everything_and_a_copy(table):
    before = table.copy()
    out = filter_kwic(table)
    pd.testing.assert_frame_equal(out, table)
    out.loc[out.index[0], "match"] = "changed"
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize(
    ("term", "expected"), [("unity", 2), ("sovereignty", 2), ("sanctions", 2), ("peace", 0)]
)
def test_filter_by_term(table, term, expected):
    out = filter_kwic(table, term=term)
    assert len(out) == expected
    assert set(out["term"]) <= {term}


@pytest.mark.parametrize(
    ("quoted", "expected"), [(True, [2, 3, 4, 5]), (False, [0, 1]), (None, list(range(6)))]
)
def test_filter_by_quotation(table, quoted, expected):
    assert filter_kwic(table, quoted=quoted).index.tolist() == expected


def test_filter_by_source(table, two_sources):
    assert len(filter_kwic(table, source="TASS")) == 6
    assert filter_kwic(table, source="BBC").empty
    assert filter_kwic(two_sources, source="TASS").index.tolist() == [0, 2, 5]
    assert filter_kwic(two_sources, source="BelTA").index.tolist() == [1, 4]
    assert filter_kwic(two_sources, source=NO_SOURCE).index.tolist() == [3]


def test_filter_by_query_ignores_case_and_spans_left_match_right(table):
    # "pressure and sanctions" runs from the left context into the match (row 5 only).
    assert filter_kwic(table, query="PRESSURE AND SANCTIONS").index.tolist() == [5]
    assert filter_kwic(table, query="sanctions would").index.tolist() == [5]
    # Unity in the narrative: "... for more unity and consolidation ..." (row 0).
    assert filter_kwic(table, query="more unity and").index.tolist() == [0]
    # Regex characters are taken literally.
    assert filter_kwic(table, query="(CSTO").index.tolist() == [0]
    assert filter_kwic(table, query=".*").empty
    # Blank queries filter nothing.
    assert len(filter_kwic(table, query="   ")) == 6
    assert len(filter_kwic(table, query="")) == 6


def test_filters_combine(table, two_sources):
    assert filter_kwic(table, term="unity", quoted=True).index.tolist() == [2]
    assert filter_kwic(table, term="unity", quoted=False).index.tolist() == [0]
    assert filter_kwic(table, term="sovereignty", quoted=True).index.tolist() == [3]
    assert filter_kwic(table, term="sanctions", quoted=False).empty
    assert filter_kwic(table, term="sanctions", quoted=True, query="same").index.tolist() == [4]
    assert filter_kwic(two_sources, term="sanctions", source="TASS").index.tolist() == [5]
    assert filter_kwic(two_sources, source="TASS", quoted=True).index.tolist() == [2, 5]
    assert filter_kwic(
        two_sources, term="unity", source="TASS", quoted=False, query="consolidation"
    ).index.tolist() == [0]


def test_filter_rejects_tables_that_are_not_kwic(table):
    with pytest.raises(ToolkitError, match=r"toolkit\.kwic.*\['in_quote'\]"):
        filter_kwic(table.drop(columns="in_quote"))
    with pytest.raises(ToolkitError, match=r"toolkit\.kwic"):
        filter_kwic(toolkit.count_terms(toolkit.load_sample(), FAMILIES))
    with pytest.raises(ToolkitError, match=r"toolkit\.kwic"):
        filter_kwic("not a table")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="quoted must be"):
        filter_kwic(table, quoted="yes")  # type: ignore[arg-type]


def test_render_summary_and_limit(table):
    assert render(table, ExplorerState())[0] == "6 hits in 1 article"
    assert render(table, ExplorerState(term="unity", quoted=False))[0] == "1 hit in 1 article"
    summary, page = render(table, ExplorerState(term="sanctions"), max_rows=1)
    assert summary == "2 hits in 1 article (showing the first 1)"
    assert page.count("<mark>") == 1
    summary, page = render(table, ExplorerState(term="sanctions", quoted=False))
    assert summary == "0 hits in 0 articles"
    assert "No hits match" in page


def test_render_escapes_article_text(table):
    hostile = table.assign(
        left="<script>alert(1)</script> & more", source="<b>TASS</b>", match="unity"
    )
    _, page = render(hostile, ExplorerState(source="<b>TASS</b>"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;b&gt;TASS&lt;/b&gt;" in page
    # quoted hits are marked in italics on a tinted row
    assert page.count('<tr class="quote">') == 4


def test_widget_values_map_to_filters():
    assert _state(ALL, ALL, "all", "") == ExplorerState()
    assert _state("unity", "TASS", "quoted", "csto") == ExplorerState("unity", "TASS", True, "csto")
    assert _state(ALL, NO_SOURCE, "not quoted", "").quoted is False


def test_kwic_explorer_builds_controls_with_the_expected_options(sample):
    import ipywidgets as widgets

    explorer = kwic_explorer(sample, FAMILIES, window=4)
    assert isinstance(explorer, widgets.VBox)

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    found = list(walk(explorer))
    dropdowns = [w for w in found if isinstance(w, widgets.Dropdown)]
    assert [d.description for d in dropdowns] == ["family", "source"]
    family, source = dropdowns
    assert list(family.options) == [
        ("all (6)", ALL), ("sovereignty (2)", "sovereignty"), ("unity (2)", "unity"),
        ("sanctions (2)", "sanctions"),  # the families' order, not the order of first hits
    ]  # fmt: skip
    assert list(source.options) == [("all (6)", ALL), ("TASS (6)", "TASS")]
    toggles = [w for w in found if isinstance(w, widgets.ToggleButtons)]
    assert [t.options for t in toggles] == [("all", "quoted", "not quoted")]
    assert any(isinstance(w, widgets.Text) for w in found)
    labels = [w for w in found if isinstance(w, widgets.Label)]
    assert [label.value for label in labels] == ["6 hits in 1 article"]
    assert explorer.html.value.count("<mark>") == 6
    assert len(explorer.table) == 6


def test_changing_a_control_updates_the_summary(sample):
    explorer = kwic_explorer(sample, FAMILIES, window=4)
    explorer.family.value = "unity"
    assert explorer.summary.value == "2 hits in 1 article"
    explorer.quotes.value = "not quoted"
    assert explorer.summary.value == "1 hit in 1 article"
    assert explorer.html.value.count("<mark>") == 1
    explorer.family.value = "sanctions"
    assert explorer.summary.value == "0 hits in 0 articles"
    explorer.quotes.value = "quoted"
    explorer.query.value = "Same"
    assert explorer.summary.value == "1 hit in 1 article"
    explorer.family.value = ALL
    explorer.query.value = ""
    assert explorer.summary.value == "4 hits in 1 article"
    explorer.source.value = "TASS"
    assert explorer.summary.value == "4 hits in 1 article"


def test_explorer_limits_rows_and_handles_no_hits(sample):
    explorer = kwic_explorer(sample, FAMILIES, window=2, max_rows=2)
    assert explorer.summary.value == "6 hits in 1 article (showing the first 2)"
    assert explorer.html.value.count("<mark>") == 2
    empty = kwic_explorer(sample, {"none": ["zebra*"]})
    assert empty.summary.value == "0 hits in 0 articles"
    assert list(empty.family.options) == [("all (0)", ALL), ("none (0)", "none")]
    assert list(empty.source.options) == [("all (0)", ALL)]
    with pytest.raises(ToolkitError, match="max_rows"):
        kwic_explorer(sample, FAMILIES, max_rows=0)


def test_explorer_lists_missing_sources(sample):
    corpus = pd.concat([sample, sample.assign(doc_id="copy", source=None)], ignore_index=True)
    explorer = kwic_explorer(corpus, {"unity": ["unity"]})
    assert [value for _, value in explorer.source.options] == [ALL, NO_SOURCE, "TASS"]
    explorer.source.value = NO_SOURCE
    assert explorer.summary.value == "2 hits in 1 article"


def test_importing_explore_does_not_import_ipywidgets():
    code = "import sys, toolkit.explore; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
