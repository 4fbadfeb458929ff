"""Properties that hold for any text, tested on random strings (synthetic, from hypothesis): the
text functions never raise, every analysis finds the hits count_terms counts and says where they
are, counts do not depend on the order of the articles, and a corpus written then read back is
the corpus that was written. (That counts do not depend on cutting the corpus into chunks is
tested in test_engine.py.)"""

from __future__ import annotations

import warnings
from itertools import pairwise

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like

import toolkit
from toolkit.text import mixed_script_words, sentence_spans

any_text = st.one_of(st.text(), news_like)
corpora = st.lists(news_like, min_size=1, max_size=8)

FAMILIES = {
    "sanctions": ["sanction*"],
    "us": ["u.s.", "united states"],
    "unity": ["unity", "collective security"],
    "nato": ["nato", "N.A.T.O."],
    "sanctions_ru": ["санкци*"],
}


@pytest.fixture(autouse=True)
def _no_warnings_about_random_text():
    # random texts are often empty, undated or mix scripts: those warnings are not the subject
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        yield


def outcome(analysis, *args, **options):
    """The table, or the message of the ToolkitError (a documented result too)."""
    try:
        return analysis(*args, **options)
    except toolkit.ToolkitError as error:
        return str(error)


def make_corpus(texts: list[str]) -> pd.DataFrame:
    return toolkit.read_corpus(
        pd.DataFrame({"text": texts, "source": [f"S{i % 3}" for i in range(len(texts))]})
    )


@settings(max_examples=300, deadline=None)
@given(text=any_text, lowercase=st.booleans(), split_hyphens=st.booleans())
def test_the_text_functions_never_raise_on_any_string(text, lowercase, split_hyphens):
    tokens = toolkit.tokenize(text, lowercase=lowercase, split_hyphens=split_hyphens)
    assert all(isinstance(token, str) and token for token in tokens)
    normalized = toolkit.normalize(text)
    assert toolkit.normalize(normalized) == normalized
    spans = list(sentence_spans(text))
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))  # in order, not overlapping
    assert toolkit.sentences(text) == [text[start:end] for start, end in spans]
    # every word character is in some sentence
    covered = "".join(text[start:end] for start, end in spans)
    assert sorted(c for c in covered if c.isalnum()) == sorted(c for c in text if c.isalnum())
    folded = toolkit.fold_lookalikes(text)
    assert len(folded) == len(text) and toolkit.fold_lookalikes(folded) == folded
    assert len(mixed_script_words(folded)) <= len(mixed_script_words(text))


@settings(max_examples=80, deadline=None)
@given(texts=corpora)
def test_every_analysis_finds_the_hits_count_terms_counts(texts):
    corpus = make_corpus(texts)
    hits = toolkit.count_terms(corpus, FAMILIES).set_index("term")["hits"]
    lines = toolkit.kwic(corpus, FAMILIES)
    assert lines.groupby("term").size().reindex(hits.index, fill_value=0).tolist() == (
        hits.tolist()
    )
    # the offsets of every concordance line give back its match
    text_of = corpus.set_index("doc_id")["text"]
    for row in lines.itertuples():
        assert text_of[row.doc_id][row.start : row.end] == row.match
    spread = toolkit.dispersion(corpus, FAMILIES).dp.set_index("term")["hits"]
    assert spread.reindex(hits.index).tolist() == hits.tolist()
    # sentiment scores sentences of the articles kwic found each family in (all of them when
    # the text is all Latin: sentences in another script are not scored, and say so)
    scored = outcome(toolkit.sentiment, corpus, FAMILIES)
    if isinstance(scored, str):
        assert "no English text to score" in scored or hits.sum() == 0
    else:
        latin = not any("\u0400" <= c <= "\u04ff" for c in "".join(corpus["text"]))
        for family in FAMILIES:
            found = set(lines.loc[lines["term"] == family, "doc_id"])
            with_scores = set(scored.loc[scored["term"] == family, "doc_id"])
            assert with_scores == found if latin else with_scores <= found
    one = {"sanctions": FAMILIES["sanctions"]}
    near = toolkit.collocates(corpus, one, window=2, min_count=1)
    if len(near):
        assert near["node_count"].iloc[0] == hits["sanctions"]


@settings(max_examples=60, deadline=None)
@given(texts=corpora, data=st.data())
def test_counts_do_not_depend_on_the_order_of_the_articles(texts, data):
    corpus = make_corpus(texts)
    order = data.draw(st.permutations(range(len(corpus))))
    shuffled = corpus.iloc[list(order)].reset_index(drop=True)
    for by in (None, "source"):
        keys = ["term", *([by] if by else [])]
        first = toolkit.count_terms(corpus, FAMILIES, by=by).sort_values(keys)
        second = toolkit.count_terms(shuffled, FAMILIES, by=by).sort_values(keys)
        pd.testing.assert_frame_equal(
            first.reset_index(drop=True), second.reset_index(drop=True), check_exact=True
        )
    words = outcome(toolkit.keyness, corpus, by="source", target="S0", min_count=1)
    again = outcome(toolkit.keyness, shuffled, by="source", target="S0", min_count=1)
    if isinstance(words, str):
        assert words == again
    else:
        pd.testing.assert_frame_equal(
            words.sort_values("word").reset_index(drop=True),
            again.sort_values("word").reset_index(drop=True),
        )


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
@settings(max_examples=40, deadline=None)
@given(texts=st.lists(any_text, min_size=1, max_size=6))
def test_write_then_read_gives_back_the_corpus(tmp_path_factory, suffix, texts):
    corpus = make_corpus(texts)
    path = tmp_path_factory.mktemp("corpus") / f"c{suffix}"
    back = toolkit.read_corpus(toolkit.write_corpus(corpus, path))
    pd.testing.assert_frame_equal(back, corpus)
