"""find_duplicates misses no pair: checked against every pair of real articles counted by brute
force.

The corpus is dev-news (7,288 real articles and posts of 16 outlets, English and Russian; see
``shared/dev-news/PROVENANCE.md``). The brute force is the definition itself: each article's set
of word shingles (tuples of five tokens of ``toolkit.tokenize``), every pair's shared shingles
counted at once by a sparse product of the article-by-shingle matrix with its transpose.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

import toolkit
from toolkit.duplicates import find_duplicates


def _brute_force(texts: list[str], shingle: int = 5) -> tuple[pd.DataFrame, int]:
    """Every pair of ``texts`` that shares a shingle: positions ``a < b``, ``similarity``
    (Jaccard) and ``containment``; and the number of distinct shingle sets."""
    numbers: dict[tuple[str, ...], int] = {}
    rows: list[int] = []
    columns: list[int] = []
    sizes = []
    for row, text in enumerate(texts):
        tokens = toolkit.tokenize(text)
        width = min(shingle, len(tokens))
        grams = {tuple(tokens[i : i + width]) for i in range(len(tokens) - width + 1)}
        columns.extend(numbers.setdefault(g, len(numbers)) for g in grams)
        rows.extend([row] * len(grams))
        sizes.append(len(grams))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(texts), len(numbers))
    )
    distinct = len({matrix.indices[lo:hi].tobytes() for lo, hi in zip(
        matrix.indptr[:-1], matrix.indptr[1:], strict=True)})  # fmt: skip
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    size = np.array(sizes)
    a, b, common = shared.row, shared.col, shared.data.astype(np.int64)
    table = pd.DataFrame({
        "a": a, "b": b,
        "similarity": common / (size[a] + size[b] - common),
        "containment": common / np.minimum(size[a], size[b]),
    })  # fmt: skip
    return table, distinct


@pytest.fixture(scope="module")
def brute(dev_news: pd.DataFrame) -> pd.DataFrame:
    started = time.perf_counter()
    table, distinct = _brute_force(dev_news["text"].tolist())
    elapsed = time.perf_counter() - started
    assert elapsed < 60, f"the brute force took {elapsed:.0f} s"
    # no two articles of dev-news have the same shingle set, so no pair is left to a star of
    # identical copies: every pair must be listed itself
    assert distinct == len(dev_news)
    ids = dev_news["doc_id"].to_numpy()
    return table.assign(doc_id_a=ids[table["a"]], doc_id_b=ids[table["b"]])


def _keyed(table: pd.DataFrame) -> pd.DataFrame:
    """A table of pairs indexed by the unordered pair of ids."""
    first = np.minimum(table["doc_id_a"].to_numpy(), table["doc_id_b"].to_numpy())
    second = np.maximum(table["doc_id_a"].to_numpy(), table["doc_id_b"].to_numpy())
    keyed = table.assign(first=first, second=second).set_index(["first", "second"])
    return keyed[["similarity", "containment"]].sort_index()


def _assert_same_pairs(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    found, expected = _keyed(found), _keyed(expected)
    missing = expected.index.difference(found.index)
    assert missing.empty, f"{len(missing)} pairs missed, e.g. {list(missing[:3])}"
    extra = found.index.difference(expected.index)
    assert extra.empty, f"{len(extra)} pairs below the thresholds, e.g. {list(extra[:3])}"
    np.testing.assert_allclose(found["similarity"], expected["similarity"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(found["containment"], expected["containment"], rtol=0, atol=1e-12)


@pytest.mark.slow
def test_every_pair_at_the_default_threshold_is_found_with_its_exact_similarity(dev_news, brute):
    pairs = find_duplicates(dev_news, progress=False)
    expected = brute[brute["similarity"] >= 0.8]
    assert len(expected) >= 5  # (6 on dev-news: Reuters, AP, RIA and BBC Russian reposts)
    _assert_same_pairs(pairs, expected)


@pytest.mark.slow
def test_every_pair_at_low_thresholds_and_by_containment_is_found(dev_news, brute):
    """Jaccard 0.3 or containment 0.5: about ten thousand real pairs (stock paragraphs of TASS
    and RIA Novosti, Reuters' site footer, reposts), each found, with the passage they share."""
    pairs = find_duplicates(dev_news, threshold=0.3, min_containment=0.5, progress=False)
    expected = brute[(brute["similarity"] >= 0.3) | (brute["containment"] >= 0.5)]
    assert len(expected) > 5_000
    _assert_same_pairs(pairs, expected)
    for threshold in (0.3, 0.5, 0.8):  # each threshold's pairs are among them
        _assert_same_pairs(
            pairs[pairs["similarity"] >= threshold], brute[brute["similarity"] >= threshold]
        )
    # the span of each pair is one passage in both texts, span_words words long
    text = dev_news.set_index("doc_id")["text"]
    for row in pairs.itertuples():
        passage_a = toolkit.tokenize(text[row.doc_id_a][row.start_a : row.end_a])
        passage_b = toolkit.tokenize(text[row.doc_id_b][row.start_b : row.end_b])
        assert passage_a == passage_b, (row.doc_id_a, row.doc_id_b)
        assert len(passage_a) == row.span_words >= 5
