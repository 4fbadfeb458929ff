"""plot_propagation: every outlet named, evidence in two channels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from toolkit.errors import ToolkitError
from toolkit.plot import plot_propagation
from toolkit.plot.propagation import EVIDENCE_STYLES


def edges(n: int) -> pd.DataFrame:  # synthetic: one origin, n - 1 outlets taking from it
    kinds = list(EVIDENCE_STYLES)
    return pd.DataFrame({
        "story": 0, "from_doc": "d0", "to_doc": [f"d{k}" for k in range(1, n)],
        "evidence": [kinds[k % 3] for k in range(1, n)], "from_source": "Origin",
        "to_source": [f"Outlet {k}" for k in range(1, n)],
        "from_published": pd.Timestamp("2024-01-01", tz="UTC"),
        "to_published": [pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(hours=k)
                         if k % 5 else pd.NaT for k in range(1, n)]})  # fmt: skip


@pytest.mark.parametrize("n", [3, 13, 25])
def test_every_outlet_is_named(n):
    ax = plot_propagation(edges(n))
    names = {t.get_text() for t in ax.get_yticklabels()}
    assert names == {"Origin", *(f"Outlet {k}" for k in range(1, n))}
    styles = {(h.get_color(), h.get_linestyle()) for h in ax.get_legend().legend_handles}
    drawn = set(edges(n)["evidence"])
    assert len(styles) == len(drawn)  # colour and line style differ for each kind
    assert {t.get_text() for t in ax.get_legend().get_texts()} == drawn  # (those drawn only)
    undated = edges(n)["to_published"].isna().any()
    assert ("hollow" in ax.get_xlabel()) == undated  # (said where an article is undated)
    plt.close("all")


def test_the_largest_story_by_default_and_days_named_with_their_month():
    """Several stories: the one of most articles is drawn, the title says which; days at the
    end of a month carry its name (not the next month's beside the axis)."""
    small = edges(3).assign(story=0, to_published=pd.Timestamp("2022-01-30", tz="UTC"),
                            from_published=pd.Timestamp("2022-01-29", tz="UTC"))  # fmt: skip
    large = edges(6).assign(story=1, from_doc="e0", to_doc=[f"e{k}" for k in range(1, 6)],
                            from_published=pd.Timestamp("2022-01-26", tz="UTC"),
                            to_published=[pd.Timestamp(f"2022-01-{d}", tz="UTC")
                                          for d in (27, 28, 29, 30, 31)])  # fmt: skip
    ax = plot_propagation(pd.concat([small, large]))
    assert len(ax.texts) == 5  # (the arrows of story 1)
    assert ax.get_title().startswith("How story 1 travelled") and "largest of 2" in ax.get_title()
    plt.gcf().canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any(label.startswith("Jan") for label in labels), labels
    assert ax.xaxis.get_major_formatter().get_offset() == "2022"
    assert "hollow" not in ax.get_xlabel()  # (every article dated)
    assert len(plot_propagation(pd.concat([small, large]), story="all").texts) == 7
    plt.close("all")


def test_empty_and_wrong_tables_are_errors():
    with pytest.raises(ToolkitError):
        plot_propagation(edges(3).iloc[:0])
    with pytest.raises(ToolkitError):
        plot_propagation(pd.DataFrame({"x": [1]}))
    with pytest.raises(ToolkitError):
        plot_propagation(edges(3), story=5)


def test_a_real_story_from_propagation():
    """S09 of dev-news/stories (BelTA's report, its republications, relays and translations):
    every outlet of the story named, an arrow per edge, evidence told apart in the legend."""
    import json
    import warnings
    from pathlib import Path

    from toolkit import read_corpus
    from toolkit.reuse import propagation

    folder = Path(__file__).resolve().parents[2] / "shared" / "dev-news" / "stories"
    if not (folder / "stories.jsonl").exists():
        pytest.skip("the dev-news stories are not here")
    rows = [json.loads(line) for line in (folder / "stories.jsonl").open(encoding="utf-8")]
    frame = pd.DataFrame(rows).rename(columns={"url": "doc_id"})
    frame = frame[frame["story_id"] == "S09"][["doc_id", "source", "published", "language", "text"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = propagation(read_corpus(frame))
    story = int(result.stories.sort_values("articles").iloc[-1]["story"])
    chosen = result.edges[result.edges["story"] == story]
    ax = plot_propagation(result.edges, story=story)
    names = {t.get_text() for t in ax.get_yticklabels()}
    assert names == set(chosen["from_source"]) | set(chosen["to_source"])
    assert len(ax.texts) == len(chosen)  # (one arrow, an empty annotation, per edge)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(EVIDENCE_STYLES)
    plt.close("all")


def test_the_whole_result_of_propagation_is_taken_as_its_edges():
    from toolkit.reuse import Propagation

    whole = Propagation(edges(4), pd.DataFrame({"story": [0]}))
    names = [t.get_text() for t in plot_propagation(whole).get_yticklabels()]
    assert names == [t.get_text() for t in plot_propagation(edges(4)).get_yticklabels()]
    with pytest.raises(ToolkitError, match="takes propagation"):
        plot_propagation([1, 2])
    plt.close("all")


def test_a_story_without_dates_is_drawn_without_a_time_axis():  # synthetic
    """No article dated: no invented dates on the axis; the label says the order is the
    edges', not time; every outlet named."""
    frame = edges(4).assign(from_published=pd.NaT, to_published=pd.NaT)
    ax = plot_propagation(frame)
    assert list(ax.get_xticks()) == []
    assert "not in time" in ax.get_xlabel()
    assert {t.get_text() for t in ax.get_yticklabels()} == {"Origin", "Outlet 1", "Outlet 2",
                                                            "Outlet 3"}  # fmt: skip
    plt.close("all")


def test_no_edges_is_an_error_and_years_apart_draw_without_warnings():  # synthetic
    from toolkit.reuse import Propagation

    with pytest.raises(ToolkitError, match="no edges to draw"):  # (a blank chart before)
        plot_propagation(Propagation(edges(3).iloc[:0], pd.DataFrame()))
    frame = edges(3)
    frame.loc[1, "to_published"] = pd.Timestamp("2026-01-06", tz="UTC")
    frame.loc[0, "from_published"] = pd.Timestamp("2021-10-13", tz="UTC")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_propagation(frame)
        ax.figure.canvas.draw()  # (the ticks are chosen when drawn)
    plt.close("all")


def test_articles_at_one_time_stand_apart_and_long_arrows_bend():  # synthetic
    """Two articles of one outlet dated to one day are two dots, not one; an arrow over more
    than one row bends clear of the articles between (a straight one drew through them)."""
    frame = pd.DataFrame({
        "story": 0, "from_doc": ["a", "a", "b"], "to_doc": ["b", "c", "d"],
        "evidence": "reuse", "from_source": ["AP", "AP", "AP"],
        "to_source": ["AP", "Fox", "CNN"],
        "from_published": pd.Timestamp("2022-01-27", tz="UTC"),
        "to_published": [pd.Timestamp("2022-01-27", tz="UTC"), pd.Timestamp("2022-01-28", tz="UTC"),
                         pd.Timestamp("2022-01-29", tz="UTC")]})  # fmt: skip
    ax = plot_propagation(frame)
    dots = [tuple(p) for c in ax.collections for p in c.get_offsets()]
    assert len(set(dots)) == 4  # (a and b of AP on 27 January apart)
    rows = {t.get_text(): k for k, t in enumerate(ax.get_yticklabels())}
    assert rows["AP"] == 0 and abs(rows["CNN"] - rows["AP"]) == 2
    bends = sorted(a.arrow_patch.get_connectionstyle().rad for a in ax.texts)
    assert bends == [0.0, 0.0, 0.25]  # (AP -> CNN spans two rows; the others one or none)
    plt.close("all")
