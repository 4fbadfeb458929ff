"""Keyness and collocations: which words set one group of texts apart, and which words keep a term
company.

Both analyses count lower-cased tokens under the token rule of :mod:`toolkit.text` and test
2x2 tables of counts with the log-likelihood statistic G2 (Dunning 1993),

.. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln(O_{ij} / E_{ij}), \\qquad E_{ij} = R_i C_j / N,

where ``R_i`` and ``C_j`` are the row and column sums, ``N`` the table total and ``0 ln 0 = 0``.
G2 is never negative; the direction of a difference is carried by ``log_ratio`` (keyness) or by
``pmi`` and ``t_score`` (collocates).

Stop words (``stopwords=``) only remove rows from the results: the token totals, the rates and
the collocation windows still count every token of the running text, so a word's statistics do
not depend on which other words are hidden.

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

from toolkit.corpus import usable_texts
from toolkit.errors import CorpusError, ToolkitError
from toolkit.frequency import matcher_for
from toolkit.stats import benjamini_hochberg
from toolkit.terms import TermMatcher, Terms
from toolkit.text import TOKEN_RE
from toolkit.text import stopwords as stopword_list
from toolkit.util import check_columns, merge_spans, progress_bar, wants_progress

__all__ = ["COLLOCATE_COLUMNS", "KEYNESS_COLUMNS", "collocates", "keyness", "keyness_matrix"]

Measure = Literal["g2", "chi2", "log_ratio"]
MEASURES: tuple[str, ...] = ("g2", "chi2", "log_ratio")

KEYNESS_COLUMNS = [
    "term",
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
COLLOCATE_COLUMNS = [
    "collocate",
    "cooc",
    "left",
    "right",
    "count",
    "expected",
    "pmi",
    "t_score",
    "g2",
    "node_count",
    "window_tokens",
    "n_tokens",
]

#: Show a progress bar by default when the corpus has more characters than this.


# --- statistics on 2x2 tables -------------------------------------------------------------------


def _log_likelihood(
    o11: np.ndarray, o12: np.ndarray, o21: np.ndarray, o22: np.ndarray
) -> np.ndarray:
    """G2 of the 2x2 tables ``[[o11, o12], [o21, o22]]``, vectorised; ``0 ln 0 = 0``.

    Tables with an empty row or column have G2 = 0 (observed equals expected).
    """
    cells = [np.asarray(o, dtype=float) for o in (o11, o12, o21, o22)]
    row1, row2 = cells[0] + cells[1], cells[2] + cells[3]
    col1, col2 = cells[0] + cells[2], cells[1] + cells[3]
    total = row1 + row2
    total_safe = np.where(total > 0, total, 1.0)
    expected = [row1 * col1, row1 * col2, row2 * col1, row2 * col2]
    g2 = np.zeros(np.broadcast(*cells).shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, numerator in zip(cells, expected, strict=True):
            g2 = g2 + np.where(
                observed > 0, observed * np.log(observed * total_safe / numerator), 0.0
            )
    return np.clip(2.0 * g2, 0.0, None)


def _pearson_chi2(o11: np.ndarray, o12: np.ndarray, o21: np.ndarray, o22: np.ndarray) -> np.ndarray:
    """Pearson's chi-square of 2x2 tables without Yates' correction; 0 if a margin is empty."""
    a, b, c, d = (np.asarray(o, dtype=float) for o in (o11, o12, o21, o22))
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (a + b + c + d) * (a * d - b * c) ** 2 / denom
    return np.where(denom > 0, chi2, 0.0)


# --- shared helpers -----------------------------------------------------------------------------


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ToolkitError(f"{name} must be a whole number >= {minimum}, got {value!r}.")
    return int(value)


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ToolkitError(f"measure must be one of {list(MEASURES)}, got {measure!r}.")


def _check_by(texts: pd.DataFrame, by: Any) -> None:
    if not isinstance(by, str):
        raise CorpusError(f"by= takes one column name, got {by!r}.")
    check_columns(texts, [by])


def _stop_set(stopwords: str | Iterable[str] | None) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return stopword_list(stopwords)
    return frozenset(str(w).lower() for w in stopwords)


def _values(value: Any) -> list[Hashable]:
    """One group value or a list of them."""
    if isinstance(value, (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)):
        return list(value)
    return [value]


def _describe(values: Sequence[Hashable], limit: int = 30) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _group_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code per row and the sorted group labels; missing values form their own group."""
    codes, labels = pd.factorize(column, sort=True, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(labels)


def _count_tokens(
    texts: list[str], codes: np.ndarray, n_groups: int, *, show: bool, desc: str
) -> tuple[np.ndarray, np.ndarray]:
    """Tokenize every document once: the vocabulary (sorted) and a groups x vocabulary count
    matrix. Documents with a negative code are skipped."""
    counters: list[Counter[str]] = [Counter() for _ in range(n_groups)]
    for text, code in progress_bar(
        zip(texts, codes, strict=True), enabled=show, desc=desc, total=len(texts)
    ):
        if code >= 0:
            counters[code].update(TOKEN_RE.findall(text.lower()))
    vocab = sorted(set().union(*counters))
    index = {word: i for i, word in enumerate(vocab)}
    matrix = np.zeros((n_groups, len(vocab)), dtype=np.int64)
    for g, counter in enumerate(counters):
        cols = np.fromiter((index[w] for w in counter), dtype=np.int64, count=len(counter))
        matrix[g, cols] = np.fromiter(counter.values(), dtype=np.int64, count=len(counter))
    return np.array(vocab, dtype=object), matrix


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
    from scipy import stats

    total_a, total_b = int(target.sum()), int(reference.sum())
    rows = keep & (target + reference >= min_count)
    a, b = target[rows], reference[rows]
    c, d = total_a - a, total_b - b
    g2 = _log_likelihood(a, b, c, d)
    chi2 = _pearson_chi2(a, b, c, d)
    p = stats.chi2.sf(chi2 if measure == "chi2" else g2, 1)
    a_adj = np.where(a > 0, a, 0.5)
    b_adj = np.where(b > 0, b, 0.5)
    log_ratio = np.log2((a_adj / total_a) / (b_adj / total_b))
    direction = np.sign(a * float(total_b) - b * float(total_a))
    key = {"g2": g2 * direction, "chi2": chi2 * direction, "log_ratio": log_ratio}[measure]
    terms = vocab[rows]
    order = np.lexsort((terms.astype(str), -key))
    table = pd.DataFrame(
        {
            "term": pd.array(terms, dtype="str"),
            "target_count": a,
            "reference_count": b,
            "target_per_10k": a * 10_000 / total_a,
            "reference_per_10k": b * 10_000 / total_b,
            "g2": g2,
            "chi2": chi2,
            "p": p,
            "p_adj": benjamini_hochberg(p),
            "log_ratio": log_ratio,
        }
    )
    return table.iloc[order].reset_index(drop=True)


def _is_word(token: str) -> bool:
    """True unless the token is a number (it has no letter: ``1978``, ``000``, ``3_000``)."""
    return any(ch.isalpha() for ch in token)


def _keep_mask(vocab: np.ndarray, stop: frozenset[str], numbers: bool) -> np.ndarray:
    if not stop and numbers:
        return np.ones(len(vocab), dtype=bool)
    return np.fromiter(
        (w not in stop and (numbers or _is_word(w)) for w in vocab), dtype=bool, count=len(vocab)
    )


# --- keyness ------------------------------------------------------------------------------------


def keyness(
    corpus: pd.DataFrame,
    *,
    by: str,
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    measure: Measure = "g2",
    min_count: int = 5,
    stopwords: str | Iterable[str] | None = None,
    numbers: bool = False,
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
    by : str
        The column that defines the groups, e.g. ``"source"``.
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
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per word with ``target_count + reference_count >= min_count``, and columns:
        ``term`` (lower-cased token); ``target_count``, ``reference_count``;
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
    >>> table[["term", "target_count", "reference_count", "g2", "log_ratio"]].round(3)
              term  target_count  reference_count     g2  log_ratio
    0  sovereignty             3                0  7.315      3.263
    1          and             1                3  0.459     -0.907
    2       growth             0                2  2.165     -1.322
    3        trade             0                2  2.165     -1.322
    """
    _check_measure(measure)
    min_count = _check_int("min_count", min_count, 1)
    texts = usable_texts(corpus)
    _check_by(texts, by)
    column = corpus[by]
    present = column.dropna().unique().tolist()
    available = sorted(present, key=str)
    targets = _values(target)
    missing = [v for v in targets if v not in present]
    if missing or not targets:
        raise CorpusError(
            f"target={target!r}: {_describe(missing) or 'no value'} not found in column {by!r}. "
            f"Values: {_describe(available)}."
        )
    in_target = texts[by].isin(targets).to_numpy()
    if reference is None:
        in_reference = ~in_target
    else:
        references = _values(reference)
        missing = [v for v in references if v not in present]
        if missing:
            raise CorpusError(
                f"reference={reference!r}: {_describe(missing)} not found in column {by!r}. "
                f"Values: {_describe(available)}."
            )
        overlap = [v for v in references if v in targets]
        if overlap:
            raise CorpusError(
                f"{_describe(overlap)} is both in target and in reference; a group can only be "
                "compared with other groups."
            )
        in_reference = texts[by].isin(references).to_numpy()
    if not in_target.any():
        raise CorpusError(f"The target group {target!r} has no article with text.")
    if not in_reference.any():
        raise CorpusError(
            f"The reference group is empty: no article with text has {by} "
            + (f"in {reference!r}." if reference is not None else f"other than {target!r}.")
            + " Pass reference= values that occur in the column, or add articles."
        )

    text_list = texts["text"].tolist()
    codes = np.where(in_target, 0, np.where(in_reference, 1, -1))
    show = wants_progress(progress, text_list)
    vocab, matrix = _count_tokens(text_list, codes, 2, show=show, desc="keyness")
    for side, name in ((0, "target"), (1, "reference")):
        if matrix[side].sum() == 0:
            raise CorpusError(f"The {name} group has no tokens (its texts have no words).")
    keep = _keep_mask(vocab, _stop_set(stopwords), numbers)
    return _keyness_table(
        vocab, matrix[0], matrix[1], measure=measure, min_count=min_count, keep=keep
    )


def keyness_matrix(
    corpus: pd.DataFrame,
    *,
    by: str,
    measure: Measure = "g2",
    min_count: int = 5,
    stopwords: str | Iterable[str] | None = None,
    numbers: bool = False,
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
    by : str
        The column that defines the groups (at least two). Missing values form their own group.
    measure, min_count, stopwords, numbers, progress
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
    >>> table[["source", "term", "target_count", "reference_count", "log_ratio"]].round(3)
      source   term  target_count  reference_count  log_ratio
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
    min_count = _check_int("min_count", min_count, 1)
    texts = usable_texts(corpus)
    _check_by(texts, by)
    codes, labels = _group_codes(texts[by])
    if len(labels) < 2:
        raise CorpusError(
            f"keyness_matrix() compares groups with each other, but column {by!r} has "
            f"{len(labels)} group(s) among the articles with text: {_describe(list(labels))}."
        )
    text_list = texts["text"].tolist()
    show = wants_progress(progress, text_list)
    vocab, matrix = _count_tokens(text_list, codes, len(labels), show=show, desc="keyness")
    keep = _keep_mask(vocab, _stop_set(stopwords), numbers)
    total = matrix.sum(axis=0)
    frames = []
    for g, label in enumerate(labels):
        if matrix[g].sum() == 0 or matrix[g].sum() == total.sum():
            raise CorpusError(
                f"Group {label!r} of column {by!r} has no tokens, or all of them; keyness needs "
                "tokens on both sides."
            )
        part = _keyness_table(
            vocab, matrix[g], total - matrix[g], measure=measure, min_count=min_count, keep=keep
        )
        part.insert(0, by, labels[[g] * len(part)])
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


# --- collocates ---------------------------------------------------------------------------------


class _Window:
    """Running collocation counts of one group."""

    def __init__(self) -> None:
        self.cooc: Counter[str] = Counter()
        self.left: Counter[str] = Counter()
        self.right: Counter[str] = Counter()
        self.count: Counter[str] = Counter()
        self.node_count = 0
        self.window_tokens = 0
        self.n_tokens = 0


def _add_document(acc: _Window, text: str, matcher: TermMatcher, window: int) -> None:
    tokens = TOKEN_RE.findall(text)
    if not tokens:
        return
    # tokens contain no line breaks: one lower() call, the same result as lower() per token
    lowered = "\n".join(tokens).lower().split("\n")
    acc.count.update(lowered)
    acc.n_tokens += len(lowered)
    if not matcher.candidates(text):
        return
    spans = merge_spans([(h.start, h.end) for h in matcher.hits(text)])
    if not spans:
        return
    bounds = np.array([m.span() for m in TOKEN_RE.finditer(text)], dtype=np.int64)
    hit = np.array(spans, dtype=np.int64)
    # tokens that overlap a hit: end > hit start and start < hit end
    firsts = np.searchsorted(bounds[:, 1], hit[:, 0], side="right")
    lasts = np.searchsorted(bounds[:, 0], hit[:, 1], side="left") - 1
    n = len(tokens)
    node = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        if first > last:
            continue
        acc.node_count += 1
        node[first : last + 1] = True
        near[max(first - window, 0) : first] = True
        near[last + 1 : last + 1 + window] = True
    positions = np.flatnonzero(near & ~node)
    if not len(positions):
        return
    node_pos = np.flatnonzero(node)
    nxt = np.searchsorted(node_pos, positions)
    dist_right = np.where(nxt < len(node_pos), node_pos[np.minimum(nxt, len(node_pos) - 1)], n * 2)
    dist_left = np.where(nxt > 0, node_pos[np.maximum(nxt - 1, 0)], -n * 2)
    is_left = (dist_right - positions) < (positions - dist_left)
    words = [lowered[i] for i in positions.tolist()]
    acc.cooc.update(words)
    acc.left.update(w for w, lf in zip(words, is_left.tolist(), strict=True) if lf)
    acc.right.update(w for w, lf in zip(words, is_left.tolist(), strict=True) if not lf)
    acc.window_tokens += len(positions)


def _collocate_table(
    acc: _Window, *, min_count: int, stop: frozenset[str], numbers: bool
) -> pd.DataFrame:
    words = sorted(
        w
        for w, n in acc.cooc.items()
        if n >= min_count and w not in stop and (numbers or _is_word(w))
    )
    cooc = np.array([acc.cooc[w] for w in words], dtype=np.int64)
    count = np.array([acc.count[w] for w in words], dtype=np.int64)
    big_w, big_n = acc.window_tokens, acc.n_tokens
    expected = count * big_w / big_n if big_n else np.zeros(len(words))
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(cooc / expected)
        t_score = (cooc - expected) / np.sqrt(cooc)
    g2 = _log_likelihood(cooc, big_w - cooc, count - cooc, big_n - big_w - (count - cooc))
    table = pd.DataFrame(
        {
            "collocate": pd.array(words, dtype="str"),
            "cooc": cooc,
            "left": np.array([acc.left[w] for w in words], dtype=np.int64),
            "right": np.array([acc.right[w] for w in words], dtype=np.int64),
            "count": count,
            "expected": np.asarray(expected, dtype=float),
            "pmi": pmi,
            "t_score": t_score,
            "g2": g2,
            "node_count": np.full(len(words), acc.node_count, dtype=np.int64),
            "window_tokens": np.full(len(words), big_w, dtype=np.int64),
            "n_tokens": np.full(len(words), big_n, dtype=np.int64),
        }
    )
    order = np.lexsort((np.array(words, dtype=str), -g2))
    return table.iloc[order].reset_index(drop=True)


def collocates(
    corpus: pd.DataFrame,
    node: Terms | TermMatcher,
    *,
    window: int = 5,
    min_count: int = 3,
    by: str | None = None,
    stopwords: str | Iterable[str] | None = None,
    numbers: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Words that occur near a term family (its collocates), with association measures.

    Every hit of the node (the hits of all its families together, overlapping hits merged into
    one, matched as in :mod:`toolkit.terms`) covers one or more tokens, ``first`` to ``last``:
    a phrase such as ``collective security`` covers two. Its window is the tokens
    ``[first - window, first)`` on the left and ``(last, last + window]`` on the right, without
    the tokens that are themselves in a node hit. Windows of nearby hits overlap; each token
    position counts once (the union of the windows of a document), as left of the node when
    the nearest node token is after it, otherwise as right (also when both are equally far).
    Tokens are lower-cased.

    Counts, per group: ``cooc`` (positions in the windows where the word occurs), ``left`` and
    ``right`` (``left + right = cooc``), ``count`` (the word's frequency in the corpus),
    ``node_count`` (node hits), ``window_tokens`` (``W``, positions in all windows) and
    ``n_tokens`` (``N``, tokens in the corpus). Measures:

    * ``expected = count * W / N``, the co-occurrences expected if the word were spread evenly;
    * ``pmi = log2(cooc / expected)`` (pointwise mutual information);
    * ``t_score = (cooc - expected) / sqrt(cooc)``;
    * ``g2``: log-likelihood G2 (Dunning 1993) of the 2x2 table
      ``[[cooc, W - cooc], [count - cooc, N - W - (count - cooc)]]`` (word or other token,
      inside or outside the windows). G2 is never negative: strongly *avoided* words score high
      too, with ``pmi < 0``.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    node : str, dict, list of TermFamily, YAML path (Path) or TermMatcher
        The node: term families as in :func:`toolkit.frequency.count_terms`, e.g.
        ``{"sanctions": ["sanction*"]}``, or one pattern as a str (``"sanction*"``,
        ``"collective security"``).
    window : int, default 5
        Tokens on each side of a hit.
    min_count : int, default 3
        Keep collocates with at least this many co-occurrences.
    by : str, optional
        Compute everything separately for each group of this column.
    stopwords : "en", "ru" or list of str, optional
        Leave stop words out of the results (they still count as window positions and tokens).
    numbers : bool, default False
        Also list collocates without a letter (``1978``); they still count as window positions.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        Columns ``collocate, cooc, left, right, count, expected, pmi, t_score, g2, node_count,
        window_tokens, n_tokens`` (after the ``by`` column when ``by`` is given), one row per
        collocate with ``cooc >= min_count``, sorted by ``g2`` descending (within each group).

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["New sanctions hit oil. Oil sanctions hit banks.",
    ...                                 "Oil prices rose. Talks failed."]})
    >>> table = collocates(corpus, "sanction*", window=2, min_count=2)
    >>> table[["collocate", "cooc", "left", "right", "count", "expected", "pmi"]].round(3)
      collocate  cooc  left  right  count  expected    pmi
    0       hit     2     0      2      2     0.923  1.115
    1       oil     2     1      1      3     1.385  0.531
    """
    window = _check_int("window", window, 1)
    min_count = _check_int("min_count", min_count, 1)
    matcher = matcher_for({node: [node]} if isinstance(node, str) else node)
    texts = usable_texts(corpus)
    if by is not None:
        _check_by(texts, by)
        codes, labels = _group_codes(texts[by])
    else:
        codes, labels = np.zeros(len(texts), dtype=np.int64), pd.Index([None])
    text_list = texts["text"].tolist()
    show = wants_progress(progress, text_list)
    accs = [_Window() for _ in labels]
    items = progress_bar(
        zip(text_list, codes, strict=True), enabled=show, desc="collocates", total=len(texts)
    )
    for text, code in items:
        _add_document(accs[code], text, matcher, window)
    stop = _stop_set(stopwords)
    frames = []
    for g, acc in enumerate(accs):
        part = _collocate_table(acc, min_count=min_count, stop=stop, numbers=numbers)
        if by is not None:
            part.insert(0, by, labels[[g] * len(part)])
        frames.append(part)
    return pd.concat(frames, ignore_index=True)
