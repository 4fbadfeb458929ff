"""Keyness: which words set one group of texts apart from another.

Every document's lower-cased tokens (the token rule of :mod:`toolkit.text`) are counted per
group; each word is then tested on the 2x2 table of its counts with the log-likelihood statistic
G2 (:func:`toolkit.stats.log_likelihood`, Dunning 1993). G2 is never negative; the direction of a
difference is carried by ``log_ratio`` (:func:`toolkit.stats.log_ratio`, Hardie 2014).

Stop words (``stopwords=``) only remove rows from the results: the token totals and the rates
still count every token of the running text, so a word's statistics do not depend on which
other words are hidden.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61-74.

Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches to
Social Science (CASS), Lancaster University.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.engine import (
    GATHERED,
    Analysis,
    Document,
    Partial,
    column_dtypes,
    columns_frame,
    merge,
    prepare,
    run,
)
from toolkit.errors import CorpusError, ToolkitError
from toolkit.periods import warn_if_disjoint
from toolkit.scanner import token_spans
from toolkit.scanner import warm_up as warm_scanner
from toolkit.stats import benjamini_hochberg, chi2_p_value, log_likelihood, log_ratio, pearson_chi2
from toolkit.text import is_number, lemmatize, stopword_set, tokenize
from toolkit.util import By, as_list, check_columns, check_count, check_group_names

__all__ = ["KEYNESS_COLUMNS", "MEASURES", "keyness", "keyness_matrix"]

Measure = Literal["g2", "chi2", "log_ratio"]
MEASURES: tuple[str, ...] = ("g2", "chi2", "log_ratio")

KEYNESS_COLUMNS = [
    "word",
    "target_count",
    "reference_count",
    "target_per_10k",
    "reference_per_10k",
    "g2",
    "chi2",
    "p",
    "p_adj",
    "log_ratio",
]


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ToolkitError(f"measure must be one of {list(MEASURES)}, got {measure!r}.")


def _one_column(by: By) -> str:
    columns = as_list(by)
    if len(columns) != 1:
        raise CorpusError(
            f"by= takes one column whose values are the groups to compare, got {by!r}."
        )
    return columns[0]


def _values(value: Any) -> list[Hashable]:
    """One group value or a list of them."""
    if isinstance(value, (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)):
        return list(value)
    return [value]


def _describe(values: Sequence[Hashable], limit: int = 30) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _names(values: Sequence[Hashable], limit: int = 3) -> str:
    """Group values as a short name: ``RT, RIA`` or ``RT, RIA, TASS, ... (5 in all)``."""
    shown = ", ".join(map(str, values[:limit]))
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _count_words(
    corpus: pd.DataFrame,
    column: str,
    side: Any,
    *,
    lemmas: bool,
    progress: bool | None,
    gather: tuple[str, ...] = (),
) -> dict[Any, Any]:
    """Lower-cased token (or lemma) counts per side: ``side(group value)`` names it (None: not
    counted); with ``gather``, those columns of every row under ``GATHERED``, read in the same
    pass (``Analysis.gather``)."""

    def step(doc: Document) -> Partial:
        name = side(doc.key[0])
        if name is None:
            return {}
        counts = Counter(tokenize(doc.text))
        if lemmas:
            by_lemma: Counter[str] = Counter()
            for token, n in counts.items():
                by_lemma[lemmatize(token)] += n
            counts = by_lemma
        return {name: counts}

    def batch(docs: list[Document]) -> Partial:
        # the compiled scanner tokenizes the whole batch; its distinct words are counted by side
        # (as Arrow arrays, summed once by _matrix: no Python string per word and batch)
        chosen = [doc for doc in docs if side(doc.key[0]) is not None]
        texts = [doc.text.lower() for doc in chosen]
        total: Partial = {}
        spans = token_spans(texts)
        if spans is None:  # a text that cannot be encoded: one document at a time
            for doc in chosen:
                merge(total, step(doc))
            if not lemmas:  # (what the batch step returns, whatever the texts)
                total = {label: _Words.of(counter) for label, counter in total.items()}
            return total
        names = [side(doc.key[0]) for doc in chosen]
        labels = sorted(set(names))
        row = np.repeat([labels.index(name) for name in names], np.diff(spans.bounds))
        if not lemmas:
            words, ids = spans.arrow_vocabulary()
            size = len(words)
            counts = np.bincount(row * size + ids, minlength=len(labels) * size)
            for r, label in enumerate(labels):
                found = counts[r * size : (r + 1) * size]
                present = np.flatnonzero(found)
                merge(total, {label: _Words([(words.take(present), found[present])])})
            return total
        vocab, ids = spans.vocabulary()
        counts = np.bincount(row * len(vocab) + ids, minlength=len(labels) * len(vocab))
        for r, label in enumerate(labels):
            found = counts[r * len(vocab) : (r + 1) * len(vocab)]
            seen = np.flatnonzero(found).tolist()
            counter: Counter[str] = Counter()
            for word, n in zip([vocab[v] for v in seen], found[seen].tolist()):
                counter[lemmatize(word)] += n
            merge(total, {label: counter})
        return total

    analysis = Analysis(
        "keyness", step, lambda total: total, by=(column,), batch=batch, warm_up=warm_scanner,
        gather=gather,
    )  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _group(value: Hashable) -> tuple[str, Hashable]:
    """keyness_matrix's counts are by group."""
    return ("group", value)


class _Words:
    """Counts of distinct words as the batch step makes them: a list of (words, counts) parts,
    the words an Arrow array of one batch's distinct words, added up by ``+=`` concatenating
    the lists (so that no batch makes a Python string per word), summed by :func:`_matrix`.
    Past :data:`_WORD_PARTS` parts they are summed into one, so that memory stays that of about
    one vocabulary however long the corpus. Words that Arrow cannot hold (of texts with lone
    surrogates, which the scanner leaves to the step) are counted in ``extra``."""

    __slots__ = ("extra", "parts")

    def __init__(
        self, parts: list[tuple[Any, np.ndarray]], extra: Counter[str] | None = None
    ) -> None:
        self.parts = parts
        self.extra: Counter[str] = Counter() if extra is None else extra

    def __iadd__(self, other: _Words | Counter[str]) -> _Words:
        if not isinstance(other, _Words):
            other = _Words.of(other)
        self.parts.extend(other.parts)
        self.extra.update(other.extra)
        if len(self.parts) > _WORD_PARTS:
            self.parts = [_summed(self.parts)]
        return self

    @classmethod
    def of(cls, counter: Counter[str]) -> _Words:
        import pyarrow as pa

        try:
            words = pa.array(list(counter), type=pa.large_string())
        except UnicodeEncodeError:
            return cls([], Counter(counter))
        return cls([(words, np.fromiter(counter.values(), dtype=np.int64, count=len(counter)))])

    def counter(self) -> Counter[str]:
        """The counts as a Counter."""
        found: Counter[str] = Counter()
        if self.parts:
            words, counts = _summed(self.parts)
            found.update(dict(zip(words.to_pylist(), counts.tolist())))
        found.update(self.extra)
        return found


#: :class:`_Words` parts summed into one past this many.
_WORD_PARTS = 64


def _summed(parts: Sequence[tuple[Any, np.ndarray]]) -> tuple[Any, np.ndarray]:
    """The parts of a :class:`_Words` as one: the distinct words and their summed counts."""
    import pyarrow as pa
    import pyarrow.compute as pc

    words = pa.chunked_array([w.cast(pa.large_string()) for w, _ in parts], pa.large_string())
    encoded = pc.dictionary_encode(words.combine_chunks())
    ids = encoded.indices.to_numpy()
    counts = np.concatenate([c for _, c in parts]).astype(np.int64)
    summed = np.zeros(len(encoded.dictionary), dtype=np.int64)
    np.add.at(summed, ids, counts)
    return encoded.dictionary, summed


def _matrix(counters: Sequence[Counter[str] | _Words]) -> tuple[np.ndarray, np.ndarray]:
    """The sorted vocabulary and a groups x vocabulary count matrix."""
    if any(isinstance(c, _Words) for c in counters):
        groups = [c if isinstance(c, _Words) else _Words.of(c) for c in counters]
        if not any(words.extra for words in groups):
            return _words_matrix(groups)
        return _counters_matrix([words.counter() for words in groups])
    return _counters_matrix([c for c in counters if not isinstance(c, _Words)])


def _counters_matrix(counters: Sequence[Counter[str]]) -> tuple[np.ndarray, np.ndarray]:
    vocab = sorted(set().union(*counters))
    index = {word: i for i, word in enumerate(vocab)}
    matrix = np.zeros((len(counters), len(vocab)), dtype=np.int64)
    for g, counter in enumerate(counters):
        cols = np.fromiter((index[w] for w in counter), dtype=np.int64, count=len(counter))
        matrix[g, cols] = np.fromiter(counter.values(), dtype=np.int64, count=len(counter))
    return np.array(vocab, dtype=object), matrix


def _words_matrix(groups: Sequence[_Words]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_matrix` of word counts in Arrow arrays: the words of every group encoded at
    once, sorted as Python sorts them (by code point: UTF-8 bytes sort the same way)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [part for words in groups for part in words.parts]
    if not parts:
        return np.array([], dtype=object), np.zeros((len(groups), 0), dtype=np.int64)
    words = pa.chunked_array([w.cast(pa.large_string()) for w, _ in parts], pa.large_string())
    encoded = pc.dictionary_encode(words.combine_chunks())
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    size = len(order)
    counts = np.concatenate([c for _, c in parts]).astype(np.int64)
    group = np.concatenate(
        [
            np.full(len(c), g, dtype=np.int64)
            for g, words in enumerate(groups)
            for _, c in words.parts
        ]
    )
    matrix = np.zeros(len(groups) * size, dtype=np.int64)
    np.add.at(matrix, group * size + rank[encoded.indices.to_numpy()], counts)
    vocab = np.array(encoded.dictionary.take(pa.array(order)).to_pylist(), dtype=object)
    return vocab, matrix.reshape(len(groups), size)


def _keyness_table(
    vocab: np.ndarray,
    target: np.ndarray,
    reference: np.ndarray,
    *,
    measure: str,
    min_count: int,
    keep: np.ndarray,
) -> pd.DataFrame:
    """The keyness table of one target/reference pair of count vectors over ``vocab``."""
    total_a, total_b = int(target.sum()), int(reference.sum())
    rows = keep & (target + reference >= min_count)
    a, b = target[rows], reference[rows]
    c, d = total_a - a, total_b - b
    g2 = log_likelihood(a, b, c, d)
    chi2 = pearson_chi2(a, b, c, d)
    p = chi2_p_value(chi2 if measure == "chi2" else g2)
    ratio = log_ratio(a, total_a, b, total_b)
    direction = np.sign(a * float(total_b) - b * float(total_a))
    key = {"g2": g2 * direction, "chi2": chi2 * direction, "log_ratio": ratio}[measure]
    words = vocab[rows]
    order = np.lexsort((words.astype(str), -key))
    table = pd.DataFrame(
        {
            "word": pd.array(words, dtype="str"),
            "target_count": a,
            "reference_count": b,
            "target_per_10k": a * 10_000 / total_a,
            "reference_per_10k": b * 10_000 / total_b,
            "g2": g2,
            "chi2": chi2,
            "p": p,
            "p_adj": benjamini_hochberg(p),
            "log_ratio": ratio,
        }
    )
    return table.iloc[order].reset_index(drop=True)


def _keep_mask(
    vocab: np.ndarray, stop: frozenset[str], numbers: bool, counts: np.ndarray, min_count: int
) -> np.ndarray:
    """Which words a table may list: not stop words, not numbers (unless ``numbers``), and
    ``counts`` (over both sides) at least ``min_count``; only the words counted often enough
    are looked at."""
    often = counts >= min_count
    if not stop and numbers:
        return often
    keep = np.zeros(len(vocab), dtype=bool)
    chosen = np.flatnonzero(often)
    keep[chosen] = np.fromiter(
        (w not in stop and (numbers or not is_number(w)) for w in vocab[chosen]),
        dtype=bool,
        count=len(chosen),
    )
    return keep


def keyness(
    corpus: pd.DataFrame,
    *,
    by: By = "source",
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    measure: Measure = "g2",
    min_count: int = 5,
    stopwords: str | Iterable[str] | None = None,
    numbers: bool = False,
    lemmas: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Words that are unusually frequent (or rare) in a target group compared with a reference.

    Every token type is tested on the 2x2 table ``[[a, b], [A - a, B - b]]``: ``a`` and ``b`` are
    the word's counts in the target and the reference, ``A`` and ``B`` the numbers of tokens
    there (all tokens, stop words included).

    * ``g2``: log-likelihood G2 (Dunning 1993), ``2 * sum(O * ln(O / E))`` over the four cells
      with ``E = row sum * column sum / N`` and ``0 * ln 0 = 0``;
    * ``chi2``: Pearson's chi-square ``sum((O - E)**2 / E)``, without Yates' correction;
    * ``p``: upper tail of the chi-square distribution with 1 degree of freedom at the
      statistic of ``measure`` (G2 when ``measure`` is ``"g2"`` or ``"log_ratio"``, which is an
      effect size without a test), and ``p_adj`` its Benjamini-Hochberg adjustment over the rows
      returned;
    * ``log_ratio``: Hardie's (2014) Log Ratio, ``log2((a / A) / (b / B))``, the binary log of the
      ratio of relative frequencies (1 = twice as frequent in the target, -1 = half as frequent),
      with a count of 0 replaced by 0.5 so that it stays finite.

    G2 and chi2 are never negative; ``log_ratio`` gives the direction.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified). Articles without text are
        left out (with a warning).
    by : str, default "source"
        The column that defines the groups.
    target : value or list of values
        The ``by`` value(s) of the target group, e.g. ``"TASS"`` or ``["TASS", "RIA"]``.
    reference : value or list of values, optional
        The ``by`` value(s) of the reference group; by default every other article (articles
        with a missing ``by`` value included).
    measure : {"g2", "chi2", "log_ratio"}, default "g2"
        The statistic that orders the rows (and gives ``p``, see above).
    min_count : int, default 5
        Leave out words with fewer occurrences in target and reference together.
    stopwords : "en", "ru" or list of str, optional
        Leave out stop words: the list of :func:`toolkit.text.stopwords` for a language code, or
        your own words (matched lower-cased). The token totals still count them.
    numbers : bool, default False
        Also list tokens without a letter (``1978``, ``000``); they still count in the totals.
    lemmas : bool, default False
        Count lemmas instead of tokens (:func:`toolkit.text.lemmatize`: ``kiev's`` with
        ``kiev``, ``санкций`` with ``санкциями``); ``word`` is then the lemma.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per word with ``target_count + reference_count >= min_count``, and columns:
        ``word`` (lower-cased token); ``target_count``, ``reference_count``;
        ``target_per_10k``, ``reference_per_10k`` (occurrences per 10,000 tokens); ``g2``;
        ``chi2``; ``p``; ``p_adj``; ``log_ratio``. Rows are sorted by ``measure`` signed by the
        direction of the difference (``+`` where the word's relative frequency is higher in the
        target), descending: words key in the target come first, words key in the reference
        last. For ``measure="log_ratio"`` the rows are sorted by ``log_ratio`` itself.

    Raises
    ------
    CorpusError
        ``by`` is not a column; a target or reference value does not occur in it (the message
        lists the values that do); the reference is empty or overlaps the target.

    Examples
    --------
    >>> corpus = pd.DataFrame({
    ...     "source": ["A", "A", "B", "B"],
    ...     "text": ["Sovereignty and unity.", "Sovereignty, sovereignty!",
    ...              "Trade and growth.", "Growth and trade and jobs."]})
    >>> table = keyness(corpus, by="source", target="A", min_count=2)
    >>> table[["word", "target_count", "reference_count", "g2", "log_ratio"]].round(3)
              word  target_count  reference_count     g2  log_ratio
    0  sovereignty             3                0  7.315      3.263
    1          and             1                3  0.459     -0.907
    2       growth             0                2  2.165     -1.322
    3        trade             0                2  2.165     -1.322
    """
    _check_measure(measure)
    min_count = check_count("min_count", min_count, 1)
    column = _one_column(by)
    targets = _values(target)
    references: list[Hashable] | None = None if reference is None else _values(reference)
    target_set = set(targets)
    reference_set = None if references is None else set(references)

    def side(value: Hashable) -> str | None:
        if value in target_set:
            return "target"
        if reference_set is None or value in reference_set:
            return "reference"
        return None

    counts: dict[Any, Any] | None = None
    if isinstance(corpus, pd.DataFrame):
        texts, rows = prepare(corpus, by=[column]), corpus
    else:  # chunks or Dask, read once: the words counted by side (the values checked below)
        # and the group and date of every article kept in the same pass
        counts = _count_words(
            corpus, column, side, lemmas=lemmas, progress=progress, gather=(column, "published")
        )
        rows = counts.pop(GATHERED)
        check_columns(rows, [column])
        texts = rows[rows["_has_text"]]
    present = rows[column].dropna().unique().tolist()
    available = sorted(present, key=str)
    missing = [v for v in targets if v not in present]
    if not present:
        raise CorpusError(
            f"keyness() compares groups of column {column!r}, but the corpus has no article "
            "with text (and a value there): there is nothing to compare."
        )
    if missing or not targets:
        raise CorpusError(
            f"target={target!r}: {_describe(missing) or 'no value'} not found in column "
            f"{column!r}. Values: {_describe(available)}."
        )
    if references is not None:
        missing = [v for v in references if v not in present]
        if missing:
            raise CorpusError(
                f"reference={reference!r}: {_describe(missing)} not found in column {column!r}. "
                f"Values: {_describe(available)}."
            )
        overlap = [v for v in references if v in targets]
        if overlap:
            raise CorpusError(
                f"{_describe(overlap)} is both in target and in reference; a group can only be "
                "compared with other groups."
            )
    in_target = texts[column].isin(targets)
    in_reference = ~in_target if references is None else texts[column].isin(references)
    if not in_target.any():
        raise CorpusError(f"The target group {target!r} has no article with text.")
    if not in_reference.any():
        raise CorpusError(
            f"The reference group is empty: no article with text has {column} "
            + (f"in {reference!r}." if reference is not None else f"other than {target!r}.")
            + " Pass reference= values that occur in the column, or add articles."
        )
    if counts is None:
        counts = _count_words(texts, column, side, lemmas=lemmas, progress=progress)
    if "published" in texts.columns:
        # each side on its own: a large target must not hide a reference from other times
        compared = texts[in_target | in_reference]
        target_name = f"target {_names(targets)}"
        reference_name = (
            f"reference {_names(references)}" if references is not None
            else f"reference: every other {column}"
        )  # fmt: skip
        sides = np.where(in_target[in_target | in_reference], target_name, reference_name)
        warn_if_disjoint(
            compared.assign(_side=sides), ["_side"], func="keyness()", window_by=column
        )
    vocab, matrix = _matrix([counts.get("target", Counter()), counts.get("reference", Counter())])
    for row, name in ((0, "target"), (1, "reference")):
        if matrix[row].sum() == 0:
            raise CorpusError(f"The {name} group has no tokens (its texts have no words).")
    keep = _keep_mask(vocab, stopword_set(stopwords), numbers, matrix.sum(axis=0), min_count)
    table = _keyness_table(
        vocab, matrix[0], matrix[1], measure=measure, min_count=min_count, keep=keep
    )
    # what was compared, for chart labels (plot_keyness)
    table.attrs["target"] = ", ".join(map(str, targets))
    table.attrs["reference"] = "the rest" if references is None else ", ".join(map(str, references))
    return table


def keyness_matrix(
    corpus: pd.DataFrame,
    *,
    by: By = "source",
    measure: Measure = "g2",
    min_count: int = 5,
    stopwords: str | Iterable[str] | None = None,
    numbers: bool = False,
    lemmas: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Keyness of every group against all the other groups together.

    Each document is tokenized once; group ``g``'s reference counts are the corpus counts minus
    ``g``'s counts. The statistics are those of :func:`keyness`; ``p_adj`` is adjusted within
    each group's rows.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    by : str, default "source"
        The column that defines the groups (at least two). Missing values form their own group.
    measure, min_count, stopwords, numbers, lemmas, progress
        As in :func:`keyness`.

    Returns
    -------
    DataFrame
        A long table: a column named after ``by`` (the group, in sorted order), then the columns
        of :func:`keyness`, sorted within each group as there.

    Examples
    --------
    >>> corpus = pd.DataFrame({"source": ["A", "B", "C"],
    ...                        "text": ["peace peace peace war", "war war war peace",
    ...                                 "trade war, trade peace"]})
    >>> table = keyness_matrix(corpus, by="source", min_count=2)
    >>> table[["source", "word", "target_count", "reference_count", "log_ratio"]].round(3)
      source   word  target_count  reference_count  log_ratio
    0      A  peace             3                2      1.585
    1      A    war             1                4     -1.000
    2      A  trade             0                2     -1.000
    3      B    war             3                2      1.585
    4      B  peace             1                4     -1.000
    5      B  trade             0                2     -1.000
    6      C  trade             2                0      3.000
    7      C  peace             1                4     -1.000
    8      C    war             1                4     -1.000
    """
    _check_measure(measure)
    min_count = check_count("min_count", min_count, 1)
    column = _one_column(by)
    check_group_names([column], KEYNESS_COLUMNS, func="keyness_matrix")
    counts = _count_words(
        corpus, column, _group, lemmas=lemmas, progress=progress, gather=(column, "published")
    )
    rows = counts.pop(GATHERED, None)  # (the same pass: the groups' publication dates)
    if rows is None:  # (an executor that gathers nothing: the columns read anew)
        rows = columns_frame(corpus, [column, "published"])
    warn_if_disjoint(rows, [column], func="keyness_matrix()")
    labels = sorted((key[1] for key in counts), key=lambda v: (v is None, v))
    if len(labels) < 2:
        raise CorpusError(
            f"keyness_matrix() compares groups with each other, but column {column!r} has "
            f"{len(labels)} group(s) among the articles with text: {_describe(labels)}."
        )
    vocab, matrix = _matrix([counts[("group", label)] for label in labels])
    dtypes = column_dtypes(corpus, [column])
    total = matrix.sum(axis=0)
    # (a word counted fewer than min_count times in all is in no group's table)
    keep = _keep_mask(vocab, stopword_set(stopwords), numbers, total, min_count)
    frames = []
    for g, label in enumerate(labels):
        if matrix[g].sum() == 0 or matrix[g].sum() == total.sum():
            raise CorpusError(
                f"Group {label!r} of column {column!r} has no tokens, or all of them; keyness "
                "needs tokens on both sides."
            )
        part = _keyness_table(
            vocab, matrix[g], total - matrix[g], measure=measure, min_count=min_count, keep=keep
        )
        values = pd.Series([label] * len(part), dtype=object)
        part.insert(0, column, values.astype(dtypes.get(column, object)))
        frames.append(part)
    return pd.concat(frames, ignore_index=True)
