"""Tests of toolkit.matrix: document-term matrices, counted as every analysis counts, the same on
a DataFrame, chunks and Dask, written for R and read back."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.io
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like

import toolkit
from toolkit import engine
from toolkit import matrix as matrix_module
from toolkit.errors import ToolkitError
from toolkit.matrix import (
    MATRIX_FILES,
    DocumentTermMatrix,
    document_term_matrix,
    read_matrix,
    write_matrix,
)


@pytest.fixture(scope="module")
def sotu_dtm(sotu_corpus: pd.DataFrame) -> DocumentTermMatrix:
    return document_term_matrix(sotu_corpus)


def cells(dtm: DocumentTermMatrix) -> dict[tuple[str, str], int]:
    """Every non-zero cell as {(doc_id, word): count}."""
    frame = dtm.to_frame()
    name = frame.columns[1]
    return dict(zip(zip(frame["doc_id"], frame[name]), frame["count"].tolist()))


def independent_cells(corpus: pd.DataFrame, keep=lambda word: True, lemma=None) -> dict:
    """The cells counted again: toolkit.tokenize and a Counter per document."""
    found = {}
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        counts = Counter(toolkit.tokenize(text))
        if lemma is not None:
            merged: Counter[str] = Counter()
            for word, n in counts.items():
                merged[lemma(word)] += n
            counts = merged
        found.update({(doc_id, w): n for w, n in counts.items() if keep(w)})
    return found


def assert_same(a: DocumentTermMatrix, b: DocumentTermMatrix) -> None:
    assert a.shape == b.shape
    assert list(a.vocabulary) == list(b.vocabulary)
    assert (a.matrix != b.matrix).nnz == 0
    assert a.unit == b.unit and a.out_of_vocabulary == b.out_of_vocabulary
    pd.testing.assert_frame_equal(
        a.docvars.reset_index(drop=True), b.docvars.reset_index(drop=True), check_dtype=False
    )


# ---------------------------------------------------------------------------- the counts


def test_the_matrix_equals_an_independent_count_cell_by_cell(sotu_corpus, sotu_dtm):
    dtm = sotu_dtm
    assert dtm.shape == (len(sotu_corpus), len(dtm.vocabulary))
    assert dtm.matrix.format == "csr" and dtm.matrix.dtype == np.int64
    assert list(dtm.vocabulary) == sorted(dtm.vocabulary)
    assert dtm.vocabulary.name == "word" and dtm.unit == "word"
    assert cells(dtm) == independent_cells(sotu_corpus)
    # docvars: doc_id and the default meta columns in corpus order, and every token counted
    assert dtm.docvars.columns.tolist() == ["doc_id", "source", "published", "url", "n_tokens"]
    assert dtm.docvars["doc_id"].tolist() == sotu_corpus["doc_id"].tolist()
    assert dtm.docvars["published"].equals(sotu_corpus["published"])
    tokens = [len(toolkit.tokenize(t)) for t in sotu_corpus["text"]]
    assert dtm.docvars["n_tokens"].tolist() == tokens
    assert np.asarray(dtm.matrix.sum(axis=1)).ravel().tolist() == tokens


def test_the_matrix_equals_countvectorizer_given_the_same_tokens(sotu_corpus, sotu_dtm):
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    vectorizer = sklearn_text.CountVectorizer(
        tokenizer=toolkit.tokenize, lowercase=False, token_pattern=None
    )
    expected = vectorizer.fit_transform(sotu_corpus["text"])
    assert list(vectorizer.get_feature_names_out()) == list(sotu_dtm.vocabulary)
    assert (expected != sotu_dtm.matrix).nnz == 0


def test_lemmas_stop_words_and_min_docs(sotu_corpus):
    corpus = sotu_corpus.iloc[::10]
    stop = toolkit.stopwords("en")
    dtm = document_term_matrix(corpus, lemmas=True, stopwords="en", min_docs=3)
    counted = independent_cells(corpus, lemma=toolkit.lemmatize)
    counted = {key: n for key, n in counted.items() if key[1] not in stop}
    docs = Counter(word for _, word in counted)
    expected = {key: n for key, n in counted.items() if docs[key[1]] >= 3}
    assert dtm.unit == "lemma"
    assert cells(dtm) == expected
    assert list(dtm.vocabulary) == sorted({word for _, word in expected})
    # the denominators still count every token
    assert dtm.docvars["n_tokens"].tolist() == [len(toolkit.tokenize(t)) for t in corpus["text"]]


def run_steps(analysis, corpus, *, progress=None):
    """engine.run with the per-document step only (the reference of the batch step)."""
    return engine.run(dataclasses.replace(analysis, batch=None), corpus, progress=progress)


def test_the_batch_step_equals_the_per_document_step_on_sotu(sotu_corpus, monkeypatch):
    corpus = sotu_corpus.iloc[::6]
    options = [{}, {"lemmas": True, "stopwords": "en"}, {"terms": "rhetoric"}]
    fast = [document_term_matrix(corpus, **o) for o in options]
    monkeypatch.setattr(matrix_module, "run", run_steps)
    for found, o in zip(fast, options):
        assert_same(found, document_term_matrix(corpus, **o))


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(news_like, min_size=1, max_size=6))
def test_the_batch_step_equals_the_step_on_random_text(texts):
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    corpus = corpus[corpus["text"].str.strip() != ""]
    if corpus.empty:
        return
    fast = document_term_matrix(corpus)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matrix_module, "run", run_steps)
        assert_same(fast, document_term_matrix(corpus))
    assert cells(fast) == independent_cells(corpus)


# ---------------------------------------------------------------------------- term families


def test_term_columns_equal_count_terms_per_document(sotu_corpus):
    dtm = document_term_matrix(sotu_corpus, terms="rhetoric", meta=["year"])
    assert dtm.unit == "term" and dtm.vocabulary.name == "term"
    assert list(dtm.vocabulary) == toolkit.get_matcher("rhetoric").names
    with warnings.catch_warnings():  # (one group per address: they never overlap in time)
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        table = toolkit.count_terms(sotu_corpus, "rhetoric", by="doc_id")
    wide = table.pivot(index="doc_id", columns="term", values="hits")
    wide = wide.loc[dtm.docvars["doc_id"], list(dtm.vocabulary)]
    assert (dtm.matrix.toarray() == wide.to_numpy()).all()
    tokens = table.drop_duplicates("doc_id").set_index("doc_id")["n_tokens"]
    assert dtm.docvars["n_tokens"].tolist() == tokens.loc[dtm.docvars["doc_id"]].tolist()
    assert dtm.docvars.columns.tolist() == ["doc_id", "year", "n_tokens"]


def test_term_columns_follow_each_article_s_language():
    corpus = toolkit.read_corpus(
        pd.DataFrame(  # synthetic: English and Russian articles, one without a language column
            {
                "source": ["TASS", "TASS", "BBC", "BBC"],
                "language": ["ru", "en", None, "uk"],
                "text": [
                    "Санкции и снова санкции. Единство.",
                    "Sanctions again, unity and sanctions.",
                    "Новые санкции против банков.",
                    "Санкції знову.",
                ],
            }
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)  # (a language without patterns)
        dtm = document_term_matrix(corpus, terms="rhetoric:all")
        table = toolkit.count_terms(corpus, "rhetoric:all", by="doc_id")
    wide = table.pivot(index="doc_id", columns="term", values="hits")
    wide = wide.loc[dtm.docvars["doc_id"], list(dtm.vocabulary)]
    assert (dtm.matrix.toarray() == wide.fillna(0).to_numpy()).all()
    assert dtm.matrix[:, list(dtm.vocabulary).index("sanctions")].toarray().ravel().tolist() == [
        2, 2, 1, 0,
    ]  # fmt: skip
    with pytest.warns(toolkit.CorpusWarning, match=r"uk: 1"):
        document_term_matrix(corpus, terms="rhetoric:all")


def test_term_columns_on_real_news(thirteen_outlets):
    corpus = thirteen_outlets
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        dtm = document_term_matrix(corpus, terms="rhetoric:all")
        table = toolkit.count_terms(corpus, "rhetoric:all", by="doc_id")
    wide = table.pivot(index="doc_id", columns="term", values="hits").fillna(0)
    wide = wide.loc[dtm.docvars["doc_id"], list(dtm.vocabulary)]
    assert (dtm.matrix.toarray() == wide.to_numpy()).all()
    assert dtm.matrix.sum() > 100


# ---------------------------------------------------------------------------- projection


def test_projection_onto_a_fixed_vocabulary(sotu_corpus):
    early, late = sotu_corpus.iloc[:120], sotu_corpus.iloc[120:]
    fitted = document_term_matrix(early, min_docs=5)
    projected = document_term_matrix(late, vocabulary=fitted)
    assert list(projected.vocabulary) == list(fitted.vocabulary)
    known = set(fitted.vocabulary)
    assert cells(projected) == independent_cells(late, keep=known.__contains__)
    every = sum(len(toolkit.tokenize(t)) for t in late["text"])
    assert projected.out_of_vocabulary == every - int(projected.matrix.sum()) > 0
    # a list of words: matched lower-cased, in the order given, absent words as empty columns
    words = ["Peace", "war", "zyzzyva"]
    small = document_term_matrix(late, vocabulary=words)
    assert list(small.vocabulary) == ["peace", "war", "zyzzyva"]
    full = document_term_matrix(late)
    for j, word in enumerate(["peace", "war"]):
        column = full.matrix[:, list(full.vocabulary).index(word)]
        assert (small.matrix[:, j] != column).nnz == 0
    assert small.matrix[:, 2].nnz == 0
    assert small.out_of_vocabulary == every - int(small.matrix.sum())


def test_projection_with_lemmas_needs_lemmas(sotu_corpus):
    corpus = sotu_corpus.iloc[:20]
    lemmas = document_term_matrix(corpus, lemmas=True)
    with pytest.raises(ToolkitError, match="lemmas=True"):
        document_term_matrix(corpus, vocabulary=lemmas)
    again = document_term_matrix(corpus, vocabulary=lemmas, lemmas=True)
    assert (again.matrix != lemmas.matrix).nnz == 0 and again.out_of_vocabulary == 0


# ---------------------------------------------------------------------------- executors


def test_the_same_matrix_from_chunks(sotu_corpus, sotu_dtm, tmp_path):
    path = toolkit.write_corpus(sotu_corpus, tmp_path / "sotu.parquet")
    chunks = toolkit.read_corpus(path, chunksize=40)
    assert_same(sotu_dtm, document_term_matrix(chunks))
    frames = [sotu_corpus.iloc[i : i + 50] for i in range(0, len(sotu_corpus), 50)]
    assert_same(sotu_dtm, document_term_matrix(frames))


def test_the_same_matrix_from_dask(sotu_corpus, sotu_dtm):
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(sotu_corpus, npartitions=5)
    with dask.config.set(scheduler="synchronous"):
        found = document_term_matrix(frame)
        terms = document_term_matrix(frame, terms="rhetoric")
    assert_same(sotu_dtm, found)
    assert_same(document_term_matrix(sotu_corpus, terms="rhetoric"), terms)


def test_articles_without_text_have_no_row():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        corpus = toolkit.read_corpus(
            pd.DataFrame({"source": "A", "text": ["War and peace.", None, "", "Peace."]})
        )
    with pytest.warns(toolkit.CorpusWarning, match="no text"):
        dtm = document_term_matrix(corpus)
    assert dtm.docvars["doc_id"].tolist() == [corpus["doc_id"].iloc[0], corpus["doc_id"].iloc[3]]
    assert dtm.matrix.toarray().tolist() == [[1, 1, 1], [0, 1, 0]]


# ---------------------------------------------------------------------------- files


def test_write_then_read_gives_back_the_matrix(sotu_corpus, tmp_path):
    dtm = document_term_matrix(sotu_corpus.iloc[:40], meta=["source", "published", "year"])
    folder = write_matrix(dtm, tmp_path / "dtm")
    assert sorted(p.name for p in folder.iterdir()) == sorted(MATRIX_FILES)
    raw = scipy.io.mmread(folder / "matrix.mtx")
    assert raw.shape == dtm.shape and (raw.tocsr() != dtm.matrix).nnz == 0
    header = (folder / "matrix.mtx").read_text().splitlines()[0]
    assert header == "%%MatrixMarket matrix coordinate integer general"
    back = read_matrix(folder)
    assert_same(dtm, back)
    assert back.docvars["published"].dtype == dtm.docvars["published"].dtype
    assert "readMM" in (folder / "README.txt").read_text()


def test_words_that_look_like_missing_values_survive_the_files(tmp_path):
    corpus = pd.DataFrame(  # synthetic
        {"doc_id": ["NA", "b"], "text": ["NA null nan None, 1,000 n/a.", "True false #N/A"]}
    )
    dtm = document_term_matrix(corpus)
    back = read_matrix(write_matrix(dtm, tmp_path))
    assert_same(dtm, back)
    assert {"na", "null", "nan", "none", "1,000"} <= set(back.vocabulary)


def test_projected_and_term_matrices_keep_their_unit(sotu_corpus, tmp_path):
    corpus = sotu_corpus.iloc[:10]
    projected = document_term_matrix(corpus, vocabulary=["war", "peace"])
    back = read_matrix(write_matrix(projected, tmp_path / "p"))
    assert back.out_of_vocabulary == projected.out_of_vocabulary > 0
    terms = read_matrix(
        write_matrix(document_term_matrix(corpus, terms="rhetoric"), tmp_path / "t")
    )
    assert terms.unit == "term" and terms.vocabulary.name == "term"
    lemmas = read_matrix(write_matrix(document_term_matrix(corpus, lemmas=True), tmp_path / "l"))
    assert lemmas.unit == "lemma"


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_r_reads_the_files(sotu_corpus, tmp_path):
    dtm = document_term_matrix(sotu_corpus.iloc[:30])
    folder = write_matrix(dtm, tmp_path)
    script = f"""
    suppressMessages(library(Matrix))
    setwd("{folder}")
    m <- as(readMM("matrix.mtx"), "CsparseMatrix")
    vocabulary <- read.csv("vocabulary.csv", colClasses = "character",
                           na.strings = character(0), fileEncoding = "UTF-8")
    docvars <- read.csv("docvars.csv", colClasses = c(doc_id = "character"),
                        na.strings = "", fileEncoding = "UTF-8")
    dimnames(m) <- list(docvars$doc_id, vocabulary$word)
    cat(nrow(m), ncol(m), sum(m), m[docvars$doc_id[3], "war"], sep = "\\n")
    cat(all(rowSums(m) == docvars$n_tokens), "\\n")
    """
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    rows, cols, total, war, same = out.stdout.split()
    war_column = list(dtm.vocabulary).index("war")
    assert (int(rows), int(cols)) == dtm.shape
    assert int(total) == int(dtm.matrix.sum())
    assert int(war) == int(dtm.matrix[2, war_column])
    assert same == "TRUE"


def test_read_matrix_says_what_is_missing(tmp_path):
    with pytest.raises(ToolkitError, match="write_matrix"):
        read_matrix(tmp_path)
    with pytest.raises(ToolkitError, match="DocumentTermMatrix"):
        write_matrix(pd.DataFrame(), tmp_path)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- other tools


def test_scikit_learn_takes_the_matrix_as_it_is(sotu_corpus, sotu_dtm):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    decomposition = pytest.importorskip("sklearn.decomposition")
    tfidf = text.TfidfTransformer().fit_transform(sotu_dtm.matrix)
    assert tfidf.shape == sotu_dtm.shape
    expected = text.TfidfVectorizer(
        tokenizer=toolkit.tokenize, lowercase=False, token_pattern=None
    ).fit_transform(sotu_corpus["text"])
    assert np.allclose(tfidf.toarray(), expected.toarray())
    small = document_term_matrix(sotu_corpus.iloc[::8], stopwords="en", min_docs=5)
    lda = decomposition.LatentDirichletAllocation(n_components=3, max_iter=5, random_state=0)
    topics = lda.fit_transform(small.matrix)
    assert topics.shape == (small.shape[0], 3)
    assert lda.components_.shape == (3, len(small.vocabulary))


def test_the_transpose_is_gensim_s_orientation(sotu_dtm):
    words_by_docs = sotu_dtm.matrix.T.tocsc()
    assert words_by_docs.shape == (len(sotu_dtm.vocabulary), len(sotu_dtm.docvars))
    # gensim.matutils.Sparse2Corpus(dtm.matrix.T) reads one column per document
    first = words_by_docs[:, 0]
    expected = Counter(toolkit.tokenize(toolkit.load_sotu()["text"].iloc[0]))
    found = {sotu_dtm.vocabulary[i]: int(n) for i, n in zip(first.indices, first.data)}
    assert found == dict(expected)


# ---------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"terms": "rhetoric", "lemmas": True}, "lemmas"),
        ({"terms": "rhetoric", "vocabulary": ["war"]}, "vocabulary"),
        ({"terms": "rhetoric", "min_docs": 2}, "min_docs"),
        ({"vocabulary": ["war"], "stopwords": "en"}, "vocabulary= fixes the columns"),
        ({"vocabulary": "war"}, r"vocabulary=\['war'\]"),
        ({"vocabulary": []}, "empty"),
        ({"vocabulary": ["War", "war"]}, "more than once"),
        ({"min_docs": 0}, "min_docs must be a whole number"),
        ({"meta": ["n_tokens"]}, "n_tokens"),
    ],
)
def test_options_that_do_not_go_together(sotu_corpus, options, message):
    with pytest.raises(ToolkitError, match=message):
        document_term_matrix(sotu_corpus.iloc[:3], **options)


def test_a_term_matrix_is_no_vocabulary_of_words(sotu_corpus):
    terms = document_term_matrix(sotu_corpus.iloc[:3], terms="rhetoric")
    with pytest.raises(ToolkitError, match="terms="):
        document_term_matrix(sotu_corpus.iloc[:3], vocabulary=terms)


def test_the_corpus_is_not_modified(sotu_corpus):
    corpus = sotu_corpus.iloc[:5].copy()
    before = corpus.copy()
    document_term_matrix(corpus, terms="rhetoric")
    document_term_matrix(corpus, lemmas=True)
    pd.testing.assert_frame_equal(corpus, before)


def test_repr_and_shape(sotu_dtm):
    assert repr(sotu_dtm).startswith("DocumentTermMatrix(237 documents x ")
    assert sotu_dtm.shape == sotu_dtm.matrix.shape
