"""Collocates: which words keep a term family company, with association measures.

Tokens are counted under the token rule of :mod:`toolkit.text`, case folded as term matching
folds it (:func:`toolkit.terms.fold_case`: ``İSTANBUL`` and ``istanbul`` are one word). Stop words
(``stopwords=``) only remove rows from the results: they still count as window positions and
tokens, so a word's statistics do not depend on which other words are hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit.engine import Analysis, Document, Partial, column_dtypes, merge, run
from toolkit.scanner import token_spans
from toolkit.scanner import warm_up as warm_scanner
from toolkit.stats import log_likelihood, pmi, t_score
from toolkit.terms import TermMatcher, Terms, fold_case, get_matcher
from toolkit.text import TOKEN_RE, is_number, stopword_set, token_re
from toolkit.util import By, as_list, check_count, check_group_names, check_window, merge_spans

__all__ = ["COLLOCATE_COLUMNS", "collocates"]

COLLOCATE_COLUMNS = [
    "word",
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
_COUNTS = ("node_count", "window_tokens", "n_tokens")


def _document_counts(text: str, matcher: TermMatcher, window: int) -> dict[str, object]:
    """One document's collocation counts: Counters ``count``, ``cooc``, ``left``, ``right`` and
    ints ``node_count``, ``window_tokens``, ``n_tokens``."""
    tokens = token_re(text).findall(text)
    if not tokens:
        return {}
    # tokens contain no line breaks: one call, the same result as per token; case folded as
    # term matching folds it (İSTANBUL and istanbul are one word, as they are to a pattern)
    lowered = fold_case("\n".join(tokens)).split("\n")
    out: dict[str, object] = {"count": Counter(lowered), "n_tokens": len(lowered)}
    if not matcher.candidates(text):
        return out
    spans = merge_spans([(h.start, h.end) for h in matcher.hits(text)])
    if not spans:
        return out
    # where the tokens start and end, from the compiled scanner (the same tokens as TOKEN_RE)
    scanned = token_spans([text])
    if scanned is None:  # a text that cannot be encoded (a lone surrogate)
        bounds = np.array([m.span() for m in TOKEN_RE.finditer(text)], dtype=np.int64)
        starts, ends = bounds[:, 0], bounds[:, 1]
    else:
        starts, ends = scanned.starts, scanned.ends
    node_count, positions, is_left = _windows(np.array(spans, dtype=np.int64), starts, ends, window)
    out["node_count"] = node_count
    if not len(positions):
        return out
    words = [lowered[i] for i in positions.tolist()]
    out["cooc"] = Counter(words)
    out["left"] = Counter(w for w, lf in zip(words, is_left.tolist(), strict=True) if lf)
    out["right"] = Counter(w for w, lf in zip(words, is_left.tolist(), strict=True) if not lf)
    out["window_tokens"] = len(positions)
    return out


def _batch_counts(docs: list[Document], matcher: TermMatcher, window: int) -> Partial | None:
    """The summed :func:`_document_counts` of many documents, by their group keys (None when a
    text cannot be encoded): the compiled scanner finds the tokens of all of them, each distinct
    token is case folded once, the words of each group are counted with one ``bincount``, and
    only the texts in which the node may occur are searched for its hits."""
    texts = [doc.text for doc in docs]
    spans = token_spans(texts)
    if spans is None:
        return None
    vocab, ids = spans.vocabulary()
    # the words the tokens fold to, each once, and every token's number among them
    number: dict[str, int] = {}
    to_word = [number.setdefault(fold_case(word), len(number)) for word in vocab]
    words = list(number)
    word_ids = np.array(to_word, dtype=np.int64)[ids] if len(ids) else np.zeros(0, np.int64)
    bounds = spans.bounds
    sizes = np.diff(bounds)
    keys = list(dict.fromkeys(doc.key for doc in docs))
    row = np.array([keys.index(doc.key) for doc in docs], dtype=np.int64)
    counts = np.bincount(np.repeat(row, sizes) * len(words) + word_ids,
                         minlength=len(keys) * len(words))  # fmt: skip
    total: Partial = {}
    for r, key in enumerate(keys):
        tokens = int(sizes[row == r].sum())
        if not tokens:  # (a document without tokens adds nothing)
            continue
        found = counts[r * len(words) : (r + 1) * len(words)]
        present = np.flatnonzero(found)
        counted = Counter(dict(zip([words[w] for w in present.tolist()], found[present].tolist())))
        merge(total, {(key, "count"): counted, (key, "n_tokens"): tokens})
    # where each text starts in the joined texts (a separator after each)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=offsets[1:])
    near_rows, near_words, near_left = [], [], []  # (group, word, left of the node) per position
    for i, doc in enumerate(docs):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        if lo == hi or not matcher.candidates(doc.text):
            continue
        hits = merge_spans([(h.start, h.end) for h in matcher.hits(doc.text)])
        if not hits:
            continue
        starts = spans.starts[lo:hi] - offsets[i]
        ends = spans.ends[lo:hi] - offsets[i]
        node_count, positions, is_left = _windows(
            np.array(hits, dtype=np.int64), starts, ends, window
        )
        merge(total, {(doc.key, "node_count"): node_count})
        if len(positions):
            near_rows.append(np.full(len(positions), row[i]))
            near_words.append(word_ids[lo:hi][positions])
            near_left.append(is_left)
    if not near_rows:
        return total
    at = np.concatenate(near_rows) * len(words) + np.concatenate(near_words)
    left = np.concatenate(near_left)
    size = len(keys) * len(words)
    near_counts: dict[str, np.ndarray] = {
        "left": np.bincount(at[left], minlength=size),
        "right": np.bincount(at[~left], minlength=size),
    }
    near_counts["cooc"] = near_counts["left"] + near_counts["right"]
    for r, key in enumerate(keys):
        window_tokens = int(near_counts["cooc"][r * len(words) : (r + 1) * len(words)].sum())
        if not window_tokens:
            continue
        for name in ("cooc", "left", "right"):
            of_key = near_counts[name][r * len(words) : (r + 1) * len(words)]
            seen = np.flatnonzero(of_key)
            counts_of = dict(zip([words[w] for w in seen.tolist()], of_key[seen].tolist()))
            merge(total, {(key, name): Counter(counts_of)})
        merge(total, {(key, "window_tokens"): window_tokens})
    return total


def _windows(
    hit: np.ndarray, starts: np.ndarray, ends: np.ndarray, window: int
) -> tuple[int, np.ndarray, np.ndarray]:
    """The node hits of a document (character spans ``hit``) among its tokens (``starts``,
    ``ends``): the number of hits that cover a token, the token positions in their windows (the
    union of the windows less the node's own tokens) and which of these are left of the node
    (the nearest node token is after them)."""
    # tokens that overlap a hit: end > hit start and start < hit end
    firsts = np.searchsorted(ends, hit[:, 0], side="right")
    lasts = np.searchsorted(starts, hit[:, 1], side="left") - 1
    n = len(starts)
    node = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    node_count = 0
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        if first > last:
            continue
        node_count += 1
        node[first : last + 1] = True
        near[max(first - window, 0) : first] = True
        near[last + 1 : last + 1 + window] = True
    positions = np.flatnonzero(near & ~node)
    if not len(positions):
        return node_count, positions, np.zeros(0, dtype=bool)
    node_pos = np.flatnonzero(node)
    nxt = np.searchsorted(node_pos, positions)
    right = np.where(nxt < len(node_pos), node_pos[np.minimum(nxt, len(node_pos) - 1)], n * 2)
    left = np.where(nxt > 0, node_pos[np.maximum(nxt - 1, 0)], -n * 2)
    return node_count, positions, (right - positions) < (positions - left)


def _collocate_table(
    total: Partial, key: tuple[object, ...], *, min_count: int, stop: frozenset[str], numbers: bool
) -> pd.DataFrame:
    def counter(name: str) -> Counter[str]:
        found = total.get((key, name))
        return found if isinstance(found, Counter) else Counter()

    cooc_of, count_of = counter("cooc"), counter("count")
    left_of, right_of = counter("left"), counter("right")
    words = sorted(
        w
        for w, n in cooc_of.items()
        if n >= min_count and w not in stop and (numbers or not is_number(w))
    )
    node_count, big_w, big_n = (int(total.get((key, name), 0)) for name in _COUNTS)
    cooc = np.array([cooc_of[w] for w in words], dtype=np.int64)
    count = np.array([count_of[w] for w in words], dtype=np.int64)
    expected = count * big_w / big_n if big_n else np.zeros(len(words))
    g2 = log_likelihood(cooc, big_w - cooc, count - cooc, big_n - big_w - (count - cooc))
    table = pd.DataFrame(
        {
            "word": pd.array(words, dtype="str"),
            "cooc": cooc,
            "left": np.array([left_of[w] for w in words], dtype=np.int64),
            "right": np.array([right_of[w] for w in words], dtype=np.int64),
            "count": count,
            "expected": np.asarray(expected, dtype=float),
            "pmi": pmi(cooc, expected),
            "t_score": t_score(cooc, expected),
            "g2": g2,
            "node_count": np.full(len(words), node_count, dtype=np.int64),
            "window_tokens": np.full(len(words), big_w, dtype=np.int64),
            "n_tokens": np.full(len(words), big_n, dtype=np.int64),
        }
    )
    order = np.lexsort((np.array(words, dtype=str), -g2))
    return table.iloc[order].reset_index(drop=True)


def collocates(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    window: int = 5,
    min_count: int = 3,
    by: By = None,
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
    Tokens are case folded as term matching folds them (``İSTANBUL`` is ``istanbul``).

    Counts, per group: ``cooc`` (positions in the windows where the word occurs), ``left`` and
    ``right`` (``left + right = cooc``), ``count`` (the word's frequency in the corpus),
    ``node_count`` (node hits), ``window_tokens`` (``W``, positions in all windows) and
    ``n_tokens`` (``N``, tokens in the corpus). Measures:

    * ``expected = count * W / N``, the co-occurrences expected if the word were spread evenly;
    * ``pmi = log2(cooc / expected)`` (pointwise mutual information, :func:`toolkit.stats.pmi`);
    * ``t_score = (cooc - expected) / sqrt(cooc)``;
    * ``g2``: log-likelihood G2 (Dunning 1993) of the 2x2 table
      ``[[cooc, W - cooc], [count - cooc, N - W - (count - cooc)]]`` (word or other token,
      inside or outside the windows). G2 is never negative: strongly *avoided* words score high
      too, with ``pmi < 0``.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The node: term families as in :func:`toolkit.count_terms`, e.g.
        ``{"sanctions": ["sanction*"]}`` or ``"rhetoric"`` (the starter dictionary).
    window : int, default 5
        Tokens of context on each side of a hit.
    min_count : int, default 3
        Keep collocates with at least this many co-occurrences.
    by : str or list of str, optional
        Compute everything separately for each group of these columns.
    stopwords : "en", "ru" or list of str, optional
        Leave stop words out of the results (they still count as window positions and tokens).
    numbers : bool, default False
        Also list collocates without a letter (``1978``); they still count as window positions.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        Columns ``word, cooc, left, right, count, expected, pmi, t_score, g2, node_count,
        window_tokens, n_tokens`` (after the ``by`` columns when ``by`` is given), one row per
        collocate with ``cooc >= min_count``, sorted by ``g2`` descending (within each group).

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["New sanctions hit oil. Oil sanctions hit banks.",
    ...                                 "Oil prices rose. Talks failed."]})
    >>> table = collocates(corpus, {"sanctions": ["sanction*"]}, window=2, min_count=2)
    >>> table[["word", "cooc", "left", "right", "count", "expected", "pmi"]].round(3)
           word  cooc  left  right  count  expected    pmi
    0       hit     2     0      2      2     0.923  1.115
    1       oil     2     1      1      3     1.385  0.531
    """
    window = check_window(window)
    min_count = check_count("min_count", min_count, 1)
    matcher = get_matcher(terms)
    by_cols = as_list(by)
    check_group_names(by_cols, COLLOCATE_COLUMNS, func="collocates")
    stop = stopword_set(stopwords)

    def step(doc: Document) -> Partial:
        counts = _document_counts(doc.text, matcher, window)
        return {(doc.key, name): value for name, value in counts.items()}

    def batch(docs: list[Document]) -> Partial:
        total = _batch_counts(docs, matcher, window)
        if total is None:  # a text that cannot be encoded: one document at a time
            total = {}
            for doc in docs:
                merge(total, step(doc))
        return total

    def finish(total: Partial) -> pd.DataFrame:
        keys = list(dict.fromkeys(key for key, _ in total)) or ([()] if not by_cols else [])
        index = pd.DataFrame(keys, columns=by_cols, index=range(len(keys)))
        order = index.sort_values(by_cols, na_position="last", kind="stable").index
        frames = []
        for i in order if by_cols else range(len(keys)):
            part = _collocate_table(total, keys[i], min_count=min_count, stop=stop, numbers=numbers)
            for j, column in enumerate(by_cols):
                values = pd.Series([keys[i][j]] * len(part), dtype=object)
                part.insert(j, column, values.astype(dtypes.get(column, object)))
            frames.append(part)
        if not frames:  # no article by group: the table's columns without rows
            part = _collocate_table(total, (), min_count=min_count, stop=stop, numbers=numbers)
            for j, column in enumerate(by_cols):
                part.insert(j, column, pd.Series([], dtype=dtypes.get(column, object)))
            return part
        return pd.concat(frames, ignore_index=True)

    dtypes = column_dtypes(corpus, by_cols)
    analysis = Analysis("collocates", step, finish, by=tuple(by_cols), memory=matcher,
                        batch=batch, warm_up=warm_scanner)  # fmt: skip
    return run(analysis, corpus, progress=progress)
