"""Document-term matrices: every document's counts as a sparse matrix, for models elsewhere.

:func:`document_term_matrix` counts the tokens every other analysis counts (the token rule of
:mod:`toolkit.text`, lower-cased, found by the compiled scanner of :mod:`toolkit.scanner`, as
:func:`toolkit.keyness` counts them), one row per document, and returns a
:class:`DocumentTermMatrix`: a SciPy CSR matrix (documents x words, int64 counts), its
vocabulary in column order and a table of the documents (``docvars``). With ``terms=`` the
columns are term families, counted as :func:`toolkit.count_terms` counts them. With
``vocabulary=`` new documents are projected onto the columns of an earlier matrix.

Where the matrix goes next
--------------------------
* **scikit-learn** takes ``dtm.matrix`` as it is (a CSR matrix of documents x features is what
  its estimators expect): ``TfidfTransformer().fit_transform(dtm.matrix)``,
  ``LatentDirichletAllocation(n_components=20).fit(dtm.matrix)``; the feature names are
  ``dtm.vocabulary``.
* **gensim** wants documents as columns: ``gensim.matutils.Sparse2Corpus(dtm.matrix.T)``
  (words x documents, its default orientation), with
  ``id2word=dict(enumerate(dtm.vocabulary))``.
* **R** (quanteda, stm, topicmodels): :func:`write_matrix` writes Matrix Market
  (``matrix.mtx``, documents x words, read by ``Matrix::readMM``), ``vocabulary.csv`` and
  ``docvars.csv``, with a ``README.txt`` holding the recipe (see :func:`write_matrix`).

How it runs and what it costs
-----------------------------
Built through the engine like every analysis, so the same call runs on a DataFrame, on chunks
(``read_corpus(path, chunksize=N)``) and on a Dask DataFrame. Each batch of documents (about 2
million characters) adds one block of cells (document, word, count) with its own small
vocabulary; blocks add up by concatenation, and the finish maps every block onto the sorted
vocabulary and assembles the CSR matrix. Memory: about 16 bytes per non-zero cell while
counting (plus each block's distinct words), about three times that while the finish
assembles the matrix, and 12 bytes per non-zero cell in the result (int64 counts, int32
column numbers). The 237 State of the Union addresses (12 MB of text) make a matrix of about
430,000 non-zero cells, a few megabytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.engine import (
    Analysis,
    Document,
    Partial,
    column_dtypes,
    merge,
    meta_columns,
    rows_frame,
    run,
)
from toolkit.errors import ToolkitError
from toolkit.scanner import token_spans
from toolkit.scanner import warm_up as warm_scanner
from toolkit.terms import TermMatcher, Terms, get_matcher, language_rule
from toolkit.text import (
    lemmatize,
    stopword_set,
    token_re,
    tokenize,
)
from toolkit.util import atomic_path, check_count, make_folder, warn_user

__all__ = [
    "MATRIX_FILES",
    "DocumentTermMatrix",
    "document_term_matrix",
    "read_matrix",
    "write_matrix",
]

#: The files :func:`write_matrix` writes into its folder (and :func:`read_matrix` reads).
MATRIX_FILES: tuple[str, ...] = ("matrix.mtx", "vocabulary.csv", "docvars.csv", "README.txt")
_UNITS = ("word", "lemma", "term")


@dataclass(frozen=True, eq=False)
class DocumentTermMatrix:
    """Counts of every word (or term family) in every document.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents x words, int64 counts; row ``i`` is the document of ``docvars.iloc[i]``,
        column ``j`` the word ``vocabulary[j]``. ``matrix.T`` is words x documents (gensim's
        orientation).
    vocabulary : pandas.Index
        The columns, in order: lower-cased words, sorted (``unit`` "word"), their lemmas
        (``"lemma"``), or term family names in the order given (``"term"``). Named ``word``
        or ``term``.
    docvars : DataFrame
        One row per document, in corpus order: ``doc_id``, the ``meta`` columns, and
        ``n_tokens`` (every token of the document, before stop words, ``min_docs`` or a fixed
        vocabulary leave any out: the denominator of a rate).
    unit : {"word", "lemma", "term"}
        What a column counts.
    out_of_vocabulary : int
        Tokens left out because their word is not in the fixed ``vocabulary=`` (0 otherwise).
    """

    matrix: Any
    vocabulary: pd.Index
    docvars: pd.DataFrame
    unit: str = "word"
    out_of_vocabulary: int = 0

    @property
    def shape(self) -> tuple[int, int]:
        """(documents, columns)."""
        rows, cols = self.matrix.shape
        return int(rows), int(cols)

    def __repr__(self) -> str:
        rows, cols = self.shape
        return (
            f"DocumentTermMatrix({rows:,} documents x {cols:,} {self.unit}s, "
            f"{int(self.matrix.nnz):,} non-zero cells)"
        )

    def to_frame(self) -> pd.DataFrame:
        """The non-zero cells as a tidy table: ``doc_id``, ``word`` (``term`` for term
        families) and ``count``, in corpus order, then column order.

        Examples
        --------
        >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War, war.", "Peace."]})
        >>> document_term_matrix(corpus).to_frame()
          doc_id   word  count
        0      a    war      2
        1      b  peace      1
        """
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        name = "term" if self.unit == "term" else "word"
        return pd.DataFrame(
            {
                "doc_id": self.docvars["doc_id"].array.take(coo.row[order]),
                name: self.vocabulary.array.take(coo.col[order]),
                "count": np.asarray(coo.data[order], dtype=np.int64),
            }
        )


class _Block(NamedTuple):
    """The cells of a batch of documents: their positions, token counts and metadata, the
    batch's own vocabulary, and (document in the batch, word in that vocabulary, count)."""

    positions: np.ndarray
    n_tokens: np.ndarray
    metas: list[tuple[Any, ...]]
    words: list[str]
    row: np.ndarray
    col: np.ndarray
    counts: np.ndarray


def document_term_matrix(
    corpus: pd.DataFrame,
    *,
    terms: Terms | TermMatcher | None = None,
    vocabulary: Iterable[str] | DocumentTermMatrix | None = None,
    min_docs: int = 1,
    lemmas: bool = False,
    stopwords: str | Iterable[str] | None = None,
    meta: str | Sequence[str] | None = None,
    progress: bool | None = None,
) -> DocumentTermMatrix:
    """Count every word of every document into a sparse documents x words matrix.

    The tokens are those of every analysis: the token rule of :mod:`toolkit.text`, lower-cased
    (``toolkit.tokenize(text)``), so ``u.s.-led``, ``russia's`` and ``1,000`` are one word
    each; the columns are sorted. Articles without text are left out (with a warning).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified), chunks of one
        (``read_corpus(path, chunksize=N)``) or a Dask DataFrame.
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher, optional
        Count term families instead of words: one column per family, in the order given, each
        cell the family's hits in the document as :func:`toolkit.count_terms` counts them
        (families that give patterns by language are applied to each article in its language;
        an article in a language a family has no patterns for has 0 there).
    vocabulary : list of str or DocumentTermMatrix, optional
        Fixed columns (projection): the words of an earlier matrix, say, so that new documents
        get the columns a model was fitted on. Words are matched lower-cased; tokens of other
        words are left out and counted in ``out_of_vocabulary``.
    min_docs : int, default 1
        Keep only words that occur in at least this many documents (not with ``terms`` or
        ``vocabulary``, whose columns are fixed).
    lemmas : bool, default False
        Count lemmas instead of words (:func:`toolkit.text.lemmatize`: ``countries`` with
        ``country``, ``санкций`` with ``санкциями``).
    stopwords : "en", "ru" or list of str, optional
        Leave out these words' columns (:func:`toolkit.text.stopwords` for a language code,
        or your own words); ``n_tokens`` still counts them.
    meta : str or list of str, optional
        The corpus columns ``docvars`` carries after ``doc_id``; by default those of
        ``source``, ``published`` and ``url`` the corpus has.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DocumentTermMatrix
        ``matrix`` (CSR, documents x columns, int64), ``vocabulary``, ``docvars`` (``doc_id``,
        the ``meta`` columns, ``n_tokens``), ``unit`` and ``out_of_vocabulary``.

    Raises
    ------
    ToolkitError
        Options that do not go together (``terms`` with ``vocabulary``, ``lemmas``,
        ``stopwords`` or ``min_docs``; ``vocabulary`` with ``stopwords`` or ``min_docs``), an
        empty vocabulary, or a vocabulary of another unit.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"],
    ...                        "text": ["Sanctions and war.", "War, war and peace."]})
    >>> dtm = document_term_matrix(corpus)
    >>> dtm
    DocumentTermMatrix(2 documents x 4 words, 6 non-zero cells)
    >>> list(dtm.vocabulary), dtm.matrix.toarray().tolist()
    (['and', 'peace', 'sanctions', 'war'], [[1, 0, 1, 1], [1, 1, 0, 2]])
    >>> dtm.docvars
      doc_id  n_tokens
    0      a         3
    1      b         4

    New documents on the same columns; the words the columns lack are counted apart:

    >>> new = pd.DataFrame({"doc_id": ["c"], "text": ["Peace talks, peace."]})
    >>> projected = document_term_matrix(new, vocabulary=dtm)
    >>> projected.matrix.toarray().tolist(), projected.out_of_vocabulary
    ([[0, 2, 0, 0]], 1)

    Term families as columns:

    >>> dtm = document_term_matrix(corpus, terms={"conflict": ["war", "sanction*"]})
    >>> list(dtm.vocabulary), dtm.matrix.toarray().ravel().tolist()
    (['conflict'], [2, 2])
    """
    min_docs = check_count("min_docs", min_docs, 1)
    stop = stopword_set(stopwords)
    fixed, unit = _fixed_vocabulary(vocabulary, lemmas=lemmas, terms=terms is not None)
    if terms is not None:
        unused = [
            name
            for name, given in (
                ("vocabulary", vocabulary is not None),
                ("lemmas", lemmas),
                ("stopwords", stopwords is not None),
                ("min_docs", min_docs != 1),
            )
            if given
        ]
        if unused:
            raise ToolkitError(
                f"document_term_matrix(terms=...) has one column per term family, so "
                f"{', '.join(unused)} cannot apply. Leave {' and '.join(unused)} out, or leave "
                "terms out to count words."
            )
    elif fixed is not None and (stop or min_docs != 1):
        raise ToolkitError(
            "vocabulary= fixes the columns, so stopwords= and min_docs= cannot change them: "
            "leave them out (the words they would drop are simply not in a vocabulary that "
            "lacks them)."
        )
    carried = meta_columns(meta, corpus, reserved=("n_tokens",))
    if terms is not None:
        matcher = get_matcher(terms)
        has_column = "language" in column_dtypes(corpus, ["language"])
        rule = language_rule(matcher, column=has_column)
        read = (
            (*carried, "language") if rule and has_column and "language" not in carried else carried
        )
        at = read.index("language") if rule and has_column else None
        step, batch = _term_steps(matcher, rule, at)
        names: list[str] | None = list(matcher.names)
        for lang in matcher.languages:  # made once, before worker threads share them
            matcher.for_language(lang)
        memory: Any = matcher
    else:
        read, names, memory = carried, fixed, None
        step, batch = _word_steps(lemmas=lemmas, stop=stop, fixed=fixed)

    def finish(total: Partial) -> DocumentTermMatrix:
        _report_out(total.get("out", Counter()))
        return _assemble(
            total.get("blocks", []),
            names,
            carried=carried,
            dtypes=column_dtypes(corpus, carried),
            min_docs=min_docs,
            unit=unit,
            out_of_vocabulary=int(total.get("oov", 0)),
        )

    analysis = Analysis(
        "document_term_matrix", step, finish, meta=tuple(read), batch=batch,
        warm_up=warm_scanner, memory=memory, threads=True,
    )  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _fixed_vocabulary(
    vocabulary: Iterable[str] | DocumentTermMatrix | None, *, lemmas: bool, terms: bool
) -> tuple[list[str] | None, str]:
    """``vocabulary=`` as a list of lower-cased words (None: learned from the corpus), and the
    unit of the matrix."""
    unit = "term" if terms else "lemma" if lemmas else "word"
    if vocabulary is None or terms:
        return None, unit
    if isinstance(vocabulary, DocumentTermMatrix):
        if vocabulary.unit != unit:
            fix = {
                "term": "project onto term families with terms= instead",
                "lemma": "pass lemmas=True",
                "word": "leave lemmas out",
            }[vocabulary.unit]
            raise ToolkitError(
                f"vocabulary= is a matrix of {vocabulary.unit}s, and this one would count "
                f"{unit}s: {fix}."
            )
        vocabulary = vocabulary.vocabulary
    if isinstance(vocabulary, str) or not isinstance(vocabulary, Iterable):
        raise ToolkitError(
            "vocabulary= takes a list of words or a DocumentTermMatrix, not a "
            f"{type(vocabulary).__name__}: write vocabulary=[{vocabulary!r}] for one word."
        )
    words = [str(w).lower() for w in vocabulary]
    if not words:
        raise ToolkitError("vocabulary= is empty: give at least one word.")
    repeated = sorted({w for w, n in Counter(words).items() if n > 1})
    if repeated:
        raise ToolkitError(
            f"vocabulary= names {', '.join(map(repr, repeated[:5]))} more than once (words are "
            "matched lower-cased): give each word once."
        )
    return words, unit


# --------------------------------------------------------------------------------------------
# counting: a block of cells per document (the step) or per batch of documents


def _word_steps(
    *, lemmas: bool, stop: frozenset[str], fixed: list[str] | None
) -> tuple[Callable[[Document], Partial], Callable[[list[Document]], Partial]]:
    """The step and batch step of a matrix of words (or lemmas)."""
    fixed_set = frozenset(fixed) if fixed is not None else None

    def block(
        docs: list[Document], vocab: list[str], ids: np.ndarray, n_tokens: np.ndarray
    ) -> Partial:
        """The block of ``docs``, whose tokens are ``ids`` (numbers in ``vocab``), the tokens
        of each document in turn (``n_tokens`` of them)."""
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), n_tokens)
        if lemmas:
            forms: dict[str, int] = {}
            lemma_of = np.fromiter(
                (forms.setdefault(lemmatize(w), len(forms)) for w in vocab), np.int64, len(vocab)
            )
            vocab, ids = list(forms), lemma_of[ids]
        keep = np.fromiter(
            (w not in stop and (fixed_set is None or w in fixed_set) for w in vocab),
            dtype=bool,
            count=len(vocab),
        )
        kept = keep[ids]
        oov = int(len(ids) - kept.sum()) if fixed_set is not None else 0
        cells, counts = np.unique(doc_of[kept] * max(len(vocab), 1) + ids[kept], return_counts=True)
        rows, cols = np.divmod(cells, max(len(vocab), 1))
        used, cols = np.unique(cols, return_inverse=True)
        part = _Block(
            positions=np.fromiter((d.position for d in docs), np.int64, len(docs)),
            n_tokens=np.asarray(n_tokens, dtype=np.int64),
            metas=[d.meta for d in docs],
            words=[vocab[i] for i in used.tolist()],
            row=rows.astype(np.int32),
            col=cols.astype(np.int32).ravel(),
            counts=counts.astype(np.int64),
        )
        return {"blocks": [part], "oov": oov}

    def step(doc: Document) -> Partial:
        tokens = tokenize(doc.text)
        index: dict[str, int] = {}
        ids = np.fromiter((index.setdefault(t, len(index)) for t in tokens), np.int64, len(tokens))
        return block([doc], list(index), ids, np.array([len(tokens)]))

    def batch(docs: list[Document]) -> Partial:
        # the compiled scanner tokenizes the whole batch (as keyness's batch step does)
        spans = token_spans([doc.text.lower() for doc in docs])
        if spans is None:  # a text that cannot be encoded: one document at a time
            total: Partial = {}
            for doc in docs:
                merge(total, step(doc))
            return total
        vocab, ids = spans.vocabulary()
        return block(docs, vocab, np.asarray(ids, dtype=np.int64), np.diff(spans.bounds))

    return step, batch


def _term_steps(
    matcher: TermMatcher, rule: Callable[[str, Any], str | None] | None, language_at: int | None
) -> tuple[Callable[[Document], Partial], Callable[[list[Document]], Partial]]:
    """The step and batch step of a matrix of term families."""
    n_fam = len(matcher.names)
    every = np.arange(n_fam)

    def language(doc: Document) -> str | None:
        if rule is None:
            return None
        return rule(doc.text, doc.meta[language_at] if language_at is not None else None)

    def block(docs: list[Document], hits: np.ndarray, n_tokens: np.ndarray) -> Partial:
        rows, cols = np.nonzero(hits)
        part = _Block(
            positions=np.fromiter((d.position for d in docs), np.int64, len(docs)),
            n_tokens=np.asarray(n_tokens, dtype=np.int64),
            metas=[d.meta for d in docs],
            words=list(matcher.names),
            row=rows.astype(np.int32),
            col=cols.astype(np.int32),
            counts=hits[rows, cols].astype(np.int64),
        )
        return {"blocks": [part]}

    def step(doc: Document) -> Partial:
        lang = language(doc)
        chosen = matcher.for_language(lang) if lang is not None else (matcher, every)
        hits = np.zeros((1, n_fam), dtype=np.int64)
        if chosen is None:
            part = block([doc], hits, np.array([len(token_re(doc.text).findall(doc.text))]))
            part["out"] = Counter({lang: 1})
            return part
        sub, numbers = chosen
        found, n_tokens = sub.count(doc.text)
        hits[0, numbers] = found
        return block([doc], hits, np.array([n_tokens]))

    def batch(docs: list[Document]) -> Partial:
        # count_many a call per language, as count_terms's batch step does
        langs = [language(doc) for doc in docs]
        hits = np.zeros((len(docs), n_fam), dtype=np.int64)
        n_tokens = np.zeros(len(docs), dtype=np.int64)
        out: Counter[str] = Counter()
        for lang in dict.fromkeys(langs):
            at = [i for i, found in enumerate(langs) if found == lang]
            chosen = matcher.for_language(lang) if lang is not None else (matcher, every)
            if chosen is None:
                out[str(lang)] += len(at)
                for i in at:
                    n_tokens[i] = len(token_re(docs[i].text).findall(docs[i].text))
                continue
            sub, numbers = chosen
            found, n_tokens[at] = sub.count_many([docs[i].text for i in at])
            hits[np.ix_(np.asarray(at, dtype=np.int64), numbers)] = found
        part = block(docs, hits, n_tokens)
        if out:
            part["out"] = out
        return part

    return step, batch


def _report_out(out: Counter[str]) -> None:
    if out:
        listed = ", ".join(f"{lang}: {n:,}" for lang, n in out.most_common())
        n_out = sum(out.values())
        warn_user(
            f"document_term_matrix(): {n_out:,} {'article is' if n_out == 1 else 'articles are'}"
            f" in a language the term families have no patterns for ({listed}): their rows "
            "are 0, not articles without a hit. Filter the corpus by language, or add "
            "patterns in that language."
        )


def _assemble(
    blocks: list[_Block],
    names: list[str] | None,
    *,
    carried: Sequence[str],
    dtypes: dict[str, Any],
    min_docs: int,
    unit: str,
    out_of_vocabulary: int,
) -> DocumentTermMatrix:
    """The matrix of the summed blocks: rows in corpus order, columns ``names`` (learned and
    sorted when None), words in fewer than ``min_docs`` documents left out."""
    from scipy import sparse

    positions = np.concatenate([b.positions for b in blocks]) if blocks else np.zeros(0, np.int64)
    order = np.argsort(positions, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    vocab = names if names is not None else sorted(set().union(*(b.words for b in blocks)))
    index = {word: i for i, word in enumerate(vocab)}
    rows, cols, data = [], [], []
    offset = 0
    for b in blocks:
        columns = np.fromiter((index[w] for w in b.words), np.int64, len(b.words))
        rows.append(rank[offset + b.row.astype(np.int64)])
        cols.append(columns[b.col] if len(b.col) else np.zeros(0, np.int64))
        data.append(b.counts)
        offset += len(b.positions)

    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    matrix = sparse.coo_matrix(
        (joined(data), (joined(rows), joined(cols))), shape=(len(rank), len(vocab)), dtype=np.int64
    ).tocsr()
    if min_docs > 1:
        keep = np.bincount(matrix.indices, minlength=len(vocab)) >= min_docs
        matrix = matrix[:, np.flatnonzero(keep)]
        vocab = [w for w, kept in zip(vocab, keep.tolist()) if kept]
    matrix.sort_indices()
    records = [
        (int(position), *meta[: len(carried)], int(n))
        for b in blocks
        for position, meta, n in zip(b.positions.tolist(), b.metas, b.n_tokens.tolist())
    ]
    docvars = rows_frame(records, [*carried, "n_tokens"], dtypes)
    docvars["n_tokens"] = docvars["n_tokens"].astype(np.int64)
    name = "term" if unit == "term" else "word"
    return DocumentTermMatrix(
        matrix=matrix,
        vocabulary=pd.Index(vocab, dtype="str", name=name),
        docvars=docvars,
        unit=unit,
        out_of_vocabulary=out_of_vocabulary,
    )


# --------------------------------------------------------------------------------------------
# files: Matrix Market and two CSV tables, for R and everything else

_README = """\
A document-term matrix written by rhetoric-toolkit (write_matrix).

matrix.mtx      Matrix Market, coordinate integer general: {rows:,} documents (rows) x
                {cols:,} {unit}s (columns), {nnz:,} non-zero counts. Rows are in the order of
                docvars.csv, columns in the order of vocabulary.csv.
vocabulary.csv  One column, "{name}": the column names (UTF-8).
docvars.csv     One row per document: doc_id, metadata, n_tokens (every token of the
                document: the denominator of a rate). UTF-8; empty fields are missing values.

In R (Matrix; quanteda for a dfm):

    library(Matrix)
    m <- as(readMM("matrix.mtx"), "CsparseMatrix")
    vocabulary <- read.csv("vocabulary.csv", colClasses = "character",
                           na.strings = character(0), fileEncoding = "UTF-8")
    docvars <- read.csv("docvars.csv", colClasses = c(doc_id = "character"),
                        na.strings = "", fileEncoding = "UTF-8")
    dimnames(m) <- list(docvars$doc_id, vocabulary${name})
    library(quanteda)
    dfmat <- as.dfm(m)
    docvars(dfmat) <- docvars[setdiff(names(docvars), "doc_id")]

(na.strings = character(0) keeps words such as "na" and "null" as words.)

In Python: toolkit.read_matrix(folder), or scipy.io.mmread("matrix.mtx").tocsr().
"""


def write_matrix(dtm: DocumentTermMatrix, folder: str | Path) -> Path:
    """Write a document-term matrix for R and any other tool: Matrix Market and two CSVs.

    Into ``folder`` (made if missing) go :data:`MATRIX_FILES`: ``matrix.mtx`` (Matrix Market,
    coordinate integer general, documents x words, read by R's ``Matrix::readMM`` and
    ``scipy.io.mmread``), ``vocabulary.csv`` (one column, ``word`` or ``term``: the column
    names in order), ``docvars.csv`` (``dtm.docvars``: a row per document in row order) and
    ``README.txt`` with the recipe below. Each file is written beside its target and then
    renamed, so a reader never sees half a file. :func:`read_matrix` reads the folder back.

    In R, a quanteda dfm::

        library(Matrix)
        m <- as(readMM("matrix.mtx"), "CsparseMatrix")
        vocabulary <- read.csv("vocabulary.csv", colClasses = "character",
                               na.strings = character(0), fileEncoding = "UTF-8")
        docvars <- read.csv("docvars.csv", colClasses = c(doc_id = "character"),
                            na.strings = "", fileEncoding = "UTF-8")
        dimnames(m) <- list(docvars$doc_id, vocabulary$word)
        library(quanteda)
        dfmat <- as.dfm(m)
        docvars(dfmat) <- docvars[setdiff(names(docvars), "doc_id")]

    Returns
    -------
    Path
        The folder.

    Examples
    --------
    >>> import tempfile
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["War, war.", "Peace."]})
    >>> folder = write_matrix(document_term_matrix(corpus), tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())
    ['README.txt', 'docvars.csv', 'matrix.mtx', 'vocabulary.csv']
    >>> read_matrix(folder).matrix.toarray().tolist()
    [[0, 2], [1, 0]]
    """
    from scipy import io

    if not isinstance(dtm, DocumentTermMatrix):
        raise ToolkitError(
            f"write_matrix() takes the DocumentTermMatrix of document_term_matrix(), got "
            f"{type(dtm).__name__}."
        )
    folder = make_folder(folder)
    rows, cols = dtm.shape
    name = "term" if dtm.unit == "term" else "word"
    comment = (
        f" rhetoric-toolkit document-term matrix: rows documents (docvars.csv), columns "
        f"{dtm.unit}s (vocabulary.csv)\n unit: {dtm.unit}\n out_of_vocabulary: "
        f"{dtm.out_of_vocabulary}"
    )
    with atomic_path(folder / "matrix.mtx") as partial, open(partial, "wb") as handle:
        io.mmwrite(handle, dtm.matrix, comment=comment, field="integer", symmetry="general")
    with atomic_path(folder / "vocabulary.csv") as partial:
        pd.DataFrame({name: list(dtm.vocabulary)}).to_csv(
            partial, index=False, encoding="utf-8", lineterminator="\n"
        )
    with atomic_path(folder / "docvars.csv") as partial:
        dtm.docvars.to_csv(partial, index=False, encoding="utf-8", lineterminator="\n")
    readme = _README.format(rows=rows, cols=cols, unit=dtm.unit, nnz=int(dtm.matrix.nnz), name=name)
    with atomic_path(folder / "README.txt") as partial:
        partial.write_text(readme, encoding="utf-8")
    return folder


def read_matrix(folder: str | Path) -> DocumentTermMatrix:
    """Read back a folder that :func:`write_matrix` wrote.

    ``docvars`` comes back from its CSV: ``doc_id`` as text, ``published`` as UTC dates,
    other columns as pandas reads them; empty fields are missing values.

    Raises
    ------
    ToolkitError
        A file is missing, or the matrix and the tables do not match in size.
    """
    from scipy import io

    folder = Path(folder)
    missing = [n for n in MATRIX_FILES[:3] if not (folder / n).is_file()]
    if missing:
        raise ToolkitError(
            f"{folder} has no {', '.join(missing)}: read a folder that write_matrix(dtm, "
            "folder) wrote."
        )
    header: dict[str, str] = {}
    with open(folder / "matrix.mtx", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("%"):
                break
            key, _, value = line.lstrip("%").partition(":")
            header[key.strip()] = value.strip()
    matrix = io.mmread(folder / "matrix.mtx").tocsr().astype(np.int64)
    matrix.sort_indices()
    words = pd.read_csv(
        folder / "vocabulary.csv", dtype=str, keep_default_na=False, na_filter=False,
        encoding="utf-8",
    )  # fmt: skip
    docvars = pd.read_csv(
        folder / "docvars.csv", dtype={"doc_id": str}, keep_default_na=False, na_values=[""],
        encoding="utf-8",
    )  # fmt: skip
    if "published" in docvars.columns:
        docvars["published"] = pd.to_datetime(docvars["published"], utc=True, format="ISO8601")
    unit = header.get("unit", "term" if words.columns[:1].tolist() == ["term"] else "word")
    if unit not in _UNITS:
        unit = "word"
    if matrix.shape != (len(docvars), len(words)):
        raise ToolkitError(
            f"{folder}: matrix.mtx is {matrix.shape[0]:,} x {matrix.shape[1]:,}, but "
            f"docvars.csv has {len(docvars):,} rows and vocabulary.csv {len(words):,}: the "
            "files are not of one matrix. Write them again with write_matrix()."
        )
    oov = header.get("out_of_vocabulary", "0")
    return DocumentTermMatrix(
        matrix=matrix,
        vocabulary=pd.Index(words.iloc[:, 0].tolist(), dtype="str", name=words.columns[0]),
        docvars=docvars,
        unit=unit,
        out_of_vocabulary=int(oov) if oov.isdigit() else 0,
    )
