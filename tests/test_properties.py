"""Properties that hold for any text, tested on random strings (synthetic, from hypothesis): the
text functions never raise, every analysis finds the hits count_terms counts and says where they
are, counts do not depend on the order of the articles, and a corpus written then read back is
the corpus that was written, and a file read in chunks is the file read at once. (That counts do
not depend on cutting the corpus into chunks is tested in test_engine.py.)"""

from __future__ import annotations

import csv
import json
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


@st.composite
def small_files(draw):
    """Rows of a small corpus file (synthetic): ids and titles that are numbers, some missing,
    and numeric dates written day first, month first or (sometimes) both."""
    n = draw(st.integers(1, 10))
    order = draw(st.sampled_from(["day", "month", "both"]))
    sep = draw(st.sampled_from("/.-"))
    ids = draw(st.sampled_from(["given", "generated", "some missing"]))
    titles = st.one_of(
        st.none(), st.integers(-3, 10**19), st.sampled_from([2.5, 3.0, "Peace", "1.0", "7"])
    )
    rows = []
    for i in range(n):
        day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
        first_day = order == "day" or (order == "both" and draw(st.booleans()))
        a, b = (day, month) if first_day else (month, day)
        year = draw(st.sampled_from(["2023", "1999", "23", "71"]))
        date = draw(st.sampled_from([f"{a:02d}{sep}{b:02d}{sep}{year}", f"{a}{sep}{b}{sep}{year}",
                                     None, "2023-01-05"]))  # fmt: skip
        row = {"text": f"peace {i}", "source": f"S{i % 2}", "title": draw(titles), "date": date}
        if ids == "given" or (ids == "some missing" and draw(st.booleans())):
            row["id"] = draw(st.sampled_from([i + 1, 10**18 + i, 1984 * (i + 1)]))
        rows.append(row)
    return rows


def _written(rows: list[dict], path) -> None:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n"
                                for r in rows))  # fmt: skip
        return
    names = ["id", "text", "source", "title", "date"]
    names = [c for c in names if any(c in r for r in rows)]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows([["" if r.get(c) is None else r[c] for c in names] for r in rows])


def _read_or_error(read):
    try:
        return read()
    except toolkit.CorpusError:
        return "CorpusError"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@settings(max_examples=60, deadline=None)
@given(rows=small_files(), data=st.data())
def test_a_file_read_in_chunks_is_the_file_read_at_once(tmp_path_factory, suffix, rows, data):
    """Whatever the data decides (the order of numeric dates, how ids and titles that are numbers
    are written) is decided for the whole file: the chunks, joined, are the whole read, or both
    are the same kind of error."""
    path = tmp_path_factory.mktemp("chunks") / f"c{suffix}"
    _written(rows, path)
    chunksize = data.draw(st.integers(1, len(rows) + 1), label="chunksize")
    whole = _read_or_error(lambda: toolkit.read_corpus(path))
    parts = _read_or_error(lambda: pd.concat(toolkit.read_corpus(path, chunksize=chunksize)))
    if isinstance(whole, str) or isinstance(parts, str):
        assert isinstance(whole, str) and isinstance(parts, str), (whole, parts)
        return
    pd.testing.assert_frame_equal(parts, whole)
    written = [r.get("title") for r in rows]  # titles exactly as written, numbers too
    assert [None if pd.isna(t) else t for t in whole["title"]] == [
        None if t is None else json.dumps(t) if suffix == ".jsonl" and not isinstance(t, str)
        else str(t) for t in written
    ]  # fmt: skip
