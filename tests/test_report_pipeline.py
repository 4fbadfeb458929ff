"""build_report: every table of the report equals what the public functions return."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ToolkitError
from toolkit.report import ReportOptions, build_report
from toolkit.report.pipeline import name_groups, top_forms


@contextmanager
def quiet() -> Iterator[None]:
    """The report keeps the data's warnings as notes; the direct calls here just run."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        yield


def equal(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False
    )


@pytest.fixture(scope="module")
def sotu_report(sotu_corpus):
    return build_report(sotu_corpus, ReportOptions(period="10Y", clean=False))


def test_report_tables_equal_the_public_functions(sotu_corpus, sotu_report):
    r, corpus, terms = sotu_report, sotu_corpus, "rhetoric"
    found = toolkit.find_boilerplate(corpus, by="source")
    news = found[found["kind"] == "news"]
    assert len(news) and "hits_recurring" in r.counts.columns
    with quiet():
        equal(r.counts, toolkit.count_terms(corpus, terms, by="source", recurring=news))
    with quiet():
        trend = toolkit.count_terms(corpus, terms, by="source", period="10Y")
    equal(r.trend, trend)
    equal(r.kwic, toolkit.kwic(corpus, terms, window=8, voice=True))
    hits, dp = toolkit.dispersion(corpus, terms, by="source")
    equal(r.hits, hits)
    equal(r.dp, dp)
    scores = toolkit.sentiment(corpus, terms, meta=["source", "published"])
    equal(r.scores, scores)
    with quiet():
        equal(r.tone, toolkit.summarize_sentiment(scores, by="source"))
    for group, table in r.keyness.items():
        with quiet():
            expected = toolkit.keyness(corpus, by="source", target=group, stopwords="en")
        equal(table, expected)
    assert list(r.keyness) == r.order[:3]
    headline = toolkit.count_terms(corpus, terms).set_index("term")
    families = r.families.set_index("term")
    equal(families[["hits", "per_10k"]], headline.loc[families.index, ["hits", "per_10k"]])
    # tables taken from another result, not computed again, are what the functions return
    equal(r.coverage, toolkit.coverage(corpus, by="source", period="10Y"))
    sizes = toolkit.describe_corpus(corpus, by="source").set_index("source")
    groups = r.groups.set_index("source").loc[sizes.index]
    assert groups["articles"].tolist() == sizes["n_docs"].tolist()
    assert groups["counted"].tolist() == sizes["n_docs"].tolist()  # English: all counted
    assert groups["tokens"].tolist() == sizes["n_tokens"].tolist()
    assert r.groups["articles"].is_monotonic_decreasing


def test_the_data_s_caveats_become_notes_not_warnings(sotu_report):
    topics = {note.topic for note in sotu_report.notes}
    assert {"coverage", "thin groups", "recurring passages"} <= topics
    coverage = [n.text for n in sotu_report.notes if "published at different times" in n.text]
    assert len(coverage) == 1  # one caveat, however many analyses warned
    assert not coverage[0].startswith("count_terms()")
    thin = next(n.text for n in sotu_report.notes if n.topic == "thin groups")
    assert "National Union" in thin and "Federalist" in thin


def test_dates_restrict_the_corpus(sotu_corpus):
    r = build_report(sotu_corpus, ReportOptions(since="1950-01-01", until="1999-12-31", period="Y"))
    assert r.overview["first"] >= pd.Timestamp("1950-01-01", tz="UTC")
    assert r.overview["last"] <= pd.Timestamp("1999-12-31 23:59", tz="UTC")
    expected = sotu_corpus["published"].between("1950-01-01", "1999-12-31 23:59:59")
    assert r.overview["articles"] == int(expected.sum())
    assert any("outside the dates analysed" in n.text for n in r.notes)
    window = build_report(
        sotu_corpus[sotu_corpus["source"].isin(["Democratic", "Republican"])],
        ReportOptions(common_window=True, since="1960-01-01", period="10Y"),
    )
    assert window.overview["first"] >= pd.Timestamp("1960-01-01", tz="UTC")


def test_bad_targets_and_corpora_are_refused(sotu_corpus, tmp_path):
    with pytest.raises(ToolkitError, match="target 'Tory' is not a value of 'source'"):
        build_report(sotu_corpus, ReportOptions(target="Tory"))
    with pytest.raises(ToolkitError, match="No corpus at"):
        build_report(options=ReportOptions(corpus=str(tmp_path / "missing.csv")))
    with pytest.raises(ToolkitError, match="No article lies between"):
        build_report(sotu_corpus, ReportOptions(since="2100-01-01"))


def test_a_target_gets_its_own_keyness(sotu_corpus):
    early = sotu_corpus[sotu_corpus["published"] < "1870"]  # (the Whigs' years, and a reference)
    r = build_report(early, ReportOptions(target="Whig", period="10Y"))
    assert list(r.keyness) == ["Whig"]


def test_groups_are_named_and_missing_values_said():
    frame = pd.DataFrame({"text": ["a", "b"], "source": ["TASS", None]})
    named, said = name_groups(frame, "source")
    assert named["source"].tolist() == ["TASS", "(missing)"]
    assert frame["source"].isna().sum() == 1  # the input is not changed
    assert said == ["1 article has no source: it forms the group (missing)."]


def test_top_forms_are_the_largest_shares_of_each_family(sotu_corpus):
    table = toolkit.count_terms(sotu_corpus, {"peace": ["peace*"]}, variants=True)
    forms = top_forms(table, n=2)["peace"].split(", ")
    by_hand = table.sort_values("variant_hits", ascending=False).head(2)
    shares = (100 * by_hand["variant_hits"] / by_hand["hits"]).round().astype(int)
    assert forms == [f"{v} {s}%" for v, s in zip(by_hand["variant"], shares)]


def test_thirteen_real_outlets(thirteen_outlets):
    """Real one-line news of 13 outlets in two languages: every outlet is a group of every
    table (none dropped), and each analysis ran once."""
    r = build_report(thirteen_outlets, ReportOptions(period="M"))
    outlets = set(thirteen_outlets["source"])
    assert len(outlets) == 13
    assert set(r.groups["source"]) == outlets
    assert set(r.counts["source"]) == outlets
    # the concordance holds the hits counted: the outlets with hits in the families' language
    # (English; the Russian outlets' articles are left out of the rates, as the note says)
    counted = set(r.counts.loc[r.counts["hits"] > 0, "source"])
    assert set(r.kwic["source"]) == counted and len(counted) >= 10
    assert r.overview["languages"].keys() == {"en", "ru"}
    russian = int((thirteen_outlets["language"] == "ru").sum())
    left_out = f"are in a language the term families have no patterns for (ru: {russian:,})"
    said = [n.text for n in r.notes if left_out in n.text]
    # (once, as the counts say it: the concordance, speakers and dispersion say it too)
    assert len(said) == 1 and "left out of the rates" in said[0]
    russian_outlets = thirteen_outlets.loc[thirteen_outlets["language"] == "ru", "source"]
    groups = r.groups.set_index("source")
    assert (groups.loc[russian_outlets.unique(), "counted"] == 0).all()
    assert (groups.loc[russian_outlets.unique(), "articles"] > 0).all()
    assert set(r.timings) >= {"counts", "trends", "keyness", "sentiment", "concordance"}


def test_real_one_line_exports_are_cleaned_by_default(dev_news):
    """Real exports (one line per article): the default report takes out Reuters' footer and
    the photo captions People's Daily carries, lists TASS's stock paragraphs as news with their
    share of each family's hits, and tags wire copy."""
    corpus = dev_news[dev_news["source"].isin(["TASS", "Reuters", "People's Daily English"])]
    r = build_report(corpus, ReportOptions(period="M"))
    found = r.boilerplate.set_index("source")
    assert "furniture" in set(found.loc[["Reuters"], "kind"])
    assert "news" in set(found.loc[["TASS"], "kind"])
    removed = r.cleaning.groupby("source")["removed"].agg(" ".join)
    furniture = found.loc[["Reuters"]].query("kind == 'furniture'")["passage"]
    assert any(passage[:40] in removed["Reuters"] for passage in furniture)
    assert "(Xinhua/" in removed["People's Daily English"]  # photo captions
    tass = r.counts[r.counts["source"] == "TASS"]
    assert tass["hits_recurring"].sum() > 0
    assert (tass["recurring_share"].dropna() < 1).all()
    assert r.wire.get("TASS", 0) > 600 and r.wire.get("Reuters", 0) > 300


def test_a_short_window_target_against_a_long_reference_is_noted(sotu_corpus):
    """National Union's four addresses (1865-1868) against 230 years of the others: keyness
    warns that the two sides lie mostly apart in time, and the note reaches the front page."""
    two = sotu_corpus[sotu_corpus["source"].isin(["National Union", "Republican"])]
    r = build_report(two, ReportOptions(target="National Union", period="10Y"))
    notes = [n.text for n in r.notes if "published at different times" in n.text]
    assert notes and any("National Union" in text for text in notes)


def test_who_says_it_comes_from_the_voice_of_every_hit(sample):
    """The report's voice shares are counts of the concordance's voice column (no second pass),
    with Wilson intervals; Lukashenko is the speaker of the seed article's quotations."""
    from toolkit.stats import wilson_interval

    r = build_report(sample, ReportOptions(corpus="sample", clean=False))
    hits = toolkit.kwic(sample, "rhetoric", voice=True)
    assert r.voices is not None and r.speakers is not None
    counted = hits.groupby(["term", "voice"]).size()
    for row in r.voices.itertuples():
        assert row.hits == counted.get((row.term, row.voice), 0)
        assert row.total == (hits["term"] == row.term).sum()
        low, high = wilson_interval([row.hits], [row.total])
        assert (row.share_low, row.share_high) == pytest.approx((low[0], high[0]))
    assert "Alexander Lukashenko" in set(r.speakers["speaker"])
    assert build_report(sample, ReportOptions(corpus="sample", voice=False)).voices is None


def test_who_says_it_counts_a_speaker_named_by_surname_with_the_full_name():  # synthetic
    from toolkit.report.pipeline import who_says_it

    hits = pd.DataFrame({"source": ["A"] * 4, "term": ["peace"] * 4,
                         "voice": ["quote", "quote", "reported", "reported"],
                         "speaker": ["Joe Biden", "Biden", "Biden", "Lavrov"]})  # fmt: skip
    _shares, speakers = who_says_it(hits)
    assert speakers is not None
    assert speakers[["speaker", "hits"]].values.tolist() == [["Joe Biden", 3], ["Lavrov", 1]]


def test_how_stories_spread_equals_the_public_functions(sotu_corpus, sotu_report):
    from toolkit.report.pipeline import summarize_stories
    from toolkit.reuse import propagation

    spread = propagation(sotu_corpus)
    equal(sotu_report.spread.edges, spread.edges)
    equal(sotu_report.spread.stories, spread.stories)
    for name, table in summarize_stories(spread).items():
        equal(sotu_report.stories[name], table)
    assert "stories" in sotu_report.timings


def test_stories_of_real_outlets_name_leaders_lags_and_relays(dev_news):
    """Real news of 16 outlets (a month): each listed story joins two outlets or more, its
    leader is its first article's outlet, lags are never negative and relay shares are shares."""
    from toolkit.report.pipeline import summarize_stories
    from toolkit.reuse import propagation

    month = dev_news[dev_news["published"].dt.strftime("%Y-%m") == "2022-02"]
    tables = summarize_stories(propagation(month))
    stories, lags, outlets = tables["stories"], tables["lags"], tables["outlets"]
    assert len(stories) and (stories["outlets"] >= 2).all()
    assert stories["outlets"].is_monotonic_decreasing
    assert (lags["median_lag_hours"] >= 0).all() and (lags["edges"] >= 1).all()
    assert outlets["relay_share"].between(0, 1).all()
    assert (outlets["relayed"] <= outlets["articles"]).all()


def _edges(rows: list[tuple[int, str, str, str, str, str, str]]) -> pd.DataFrame:
    """Edges of propagation's table: (story, from, to, evidence, certainty, from outlet, to
    outlet); every article published on 2024-01-01."""
    frame = pd.DataFrame(rows, columns=["story", "from_doc", "to_doc", "evidence", "certainty",
                                        "from_source", "to_source"])  # fmt: skip
    day = pd.Timestamp("2024-01-01", tz="UTC")
    return frame.assign(lag=pd.Timedelta(0), from_published=day, to_published=day)


def test_a_round_up_counts_in_each_story_it_gathers():  # synthetic
    """An article in two stories (a round-up) is an article of each story's row, and one
    article of its outlet's."""
    from toolkit.report.pipeline import summarize_stories
    from toolkit.reuse import Propagation

    edges = _edges([
        (0, "tass-1", "digest", "reuse", "ordered", "TASS", "AP"),
        (0, "tass-1", "rt-1", "reuse", "ordered", "TASS", "RT"),
        (1, "bbc-1", "digest", "reuse", "ordered", "BBC", "AP"),
    ])  # fmt: skip
    stories = pd.DataFrame({"story": [0, 1], "articles": [3, 2],
                            "first_doc_id": ["tass-1", "bbc-1"],
                            "first_published": [edges["from_published"][0]] * 2,
                            "first_certainty": ["ordered", "ordered"]})  # fmt: skip
    tables = summarize_stories(Propagation(edges, stories))
    table = tables["stories"].set_index("story")
    assert table.loc[0, "articles"] == 3 and table.loc[1, "articles"] == 2
    assert table.loc[1, "outlets"] == 2
    ap = tables["outlets"].set_index("source").loc["AP"]
    assert (ap["stories"], ap["articles"], ap["relayed"]) == (2, 1, 1)


def test_a_tie_does_not_make_either_outlet_a_relay():  # synthetic
    """Two articles of one day that share a passage: which one relays the other, the dates
    cannot tell, so neither counts as relayed, whatever the corpus's order; a credit tells."""
    from toolkit.report.pipeline import summarize_stories
    from toolkit.reuse import Propagation

    stories = pd.DataFrame({"story": [0], "articles": [3], "first_doc_id": ["x"],
                            "first_published": [pd.Timestamp("2024-01-01", tz="UTC")],
                            "first_certainty": ["tie"]})  # fmt: skip
    for a, b in (("Xinhua", "AP"), ("AP", "Xinhua")):
        edges = _edges([(0, a.lower(), b.lower(), "reuse", "tie", a, b),
                        (0, "ap", "rt", "credit", "tie", "AP", "RT")])  # fmt: skip
        outlets = summarize_stories(Propagation(edges, stories))["outlets"].set_index("source")
        assert outlets["relayed"].to_dict() == {"RT": 1, "AP": 0, "Xinhua": 0}
