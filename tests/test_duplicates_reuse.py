"""Partial reuse found by containment, on real stories told by several outlets.

``shared/dev-news/stories/`` holds 66 real articles of 10 stories with hand-checked links between
them (see its README): which texts reuse which word for word, and which are independent
write-ups of the same event. Its texts are cut at about 2,000 bytes and keep page furniture, so
one text at two addresses has a Jaccard similarity well under the default 0.8. Reuse of a
sentence or two (Kommersant quoting one BelTA sentence, Gazeta.Ru's rewrite of RIA) is passage
reuse, below any containment that keeps independent write-ups apart: not looked for here.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.duplicates import find_duplicates

STORIES = Path(__file__).resolve().parents[2] / "shared" / "dev-news" / "stories"

# Reuse the links of stories/links.csv label "verbatim", each with a long shared passage
VERBATIM = {
    ("S02", "BelTA (via kopyl.gov.by, English)", "President of Belarus press service"),
    ("S02", "SB. Belarus Segodnya (sb.by, English)", "President of Belarus press service"),
    ("S05", "BelTA (via law.by, English)", "President of Belarus press service"),
    ("S07", "Ostro (ostro.org, Russian)", "Ex-press.by (ex-press.live)"),
    ("S09", "BelTA (via bykhov.by, Russian)", "BelTA (via senno.by, Russian)"),
    ("S09", "Ukrainska Pravda (pravda.com.ua, Russian)", "BelTA (via senno.by, Russian)"),
}


@pytest.fixture(scope="module")
def stories() -> pd.DataFrame:
    if not (STORIES / "stories.jsonl").is_file():
        pytest.skip(f"the stories are not at {STORIES}")
    lines = (STORIES / "stories.jsonl").read_text("utf-8").splitlines()
    frame = pd.DataFrame([json.loads(line) for line in lines])
    frame = frame[["url", "story_id", "source", "published", "title", "text"]]
    with warnings.catch_warnings():  # (some dates are local times without a zone: real)
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return toolkit.read_corpus(frame, columns={"doc_id": "url"})


@pytest.fixture(scope="module")
def links() -> pd.DataFrame:
    return pd.read_csv(STORIES / "links.csv")


def _found(pairs: pd.DataFrame, stories: pd.DataFrame) -> set[tuple[str, frozenset[str]]]:
    story = stories.set_index("doc_id")["story_id"]
    return {
        (story[a], frozenset(s[:30] for s in (sa, sb)))
        for a, sa, sb in zip(pairs["doc_id_a"], pairs["source_a"], pairs["source_b"], strict=True)
    }


def test_the_default_finds_only_the_near_identical_copy(stories):
    pairs = find_duplicates(stories)
    assert _found(pairs, stories) == {
        ("S05", frozenset({"BelTA (via law.by, English)", "President of Belarus press ser"}))
    }
    assert pairs["similarity"].iloc[0] == pytest.approx(0.8459, abs=1e-4)


def test_containment_finds_reuse_whole_and_partial_and_not_independent_write_ups(stories, links):
    pairs = find_duplicates(stories, min_containment=0.4)
    found = _found(pairs, stories)
    expected = {(story, frozenset(s[:30] for s in (a, b))) for story, a, b in VERBATIM}
    assert expected <= found
    # the two more: texts that both reuse a third (kopyl and SB the press service's English,
    # bykhov.by BelTA's Russian, which Ukrainska Pravda quotes)
    assert len(found - expected) == 2
    story = stories.set_index("doc_id")["story_id"]
    assert (story[pairs["doc_id_a"]].to_numpy() == story[pairs["doc_id_b"]].to_numpy()).all()
    independent = links[links["evidence"] == "same_event_independent"]
    pair_set = {frozenset(p) for p in zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)}
    for row in independent.itertuples():
        assert frozenset({row.from_url, row.to_url}) not in pair_set, row.detail
    # one text at two addresses, its page furniture different: a partial copy by Jaccard
    two_sites = pairs[pairs["source_a"].str.startswith("BelTA (via s")
                      & pairs["source_b"].str.startswith("BelTA (via b")]  # fmt: skip
    assert len(two_sites) == 1
    assert two_sites["similarity"].iloc[0] == pytest.approx(0.606, abs=1e-3)  # under 0.8
    assert two_sites["containment"].iloc[0] == pytest.approx(0.775, abs=1e-3)
    # the passage each pair shares, in both texts
    text = stories.set_index("doc_id")["text"]
    for row in pairs.itertuples():
        passage_a = toolkit.tokenize(text[row.doc_id_a][row.start_a : row.end_a])
        passage_b = toolkit.tokenize(text[row.doc_id_b][row.start_b : row.end_b])
        assert passage_a == passage_b and len(passage_a) == row.span_words
    quoted = pairs[pairs["source_b"].str.startswith("Ukrainska Pravda")]
    assert set(quoted["span_words"]) == {22}  # a sentence of BelTA's that both carry
    assert (
        "обсудим вопросы безопасности Беларуси"
        in text[quoted["doc_id_b"].iloc[0]][quoted["start_b"].iloc[0] : quoted["end_b"].iloc[0]]
    )
    # these stories' copies are undated: nothing can say which came first
    assert set(pairs["certainty"]) == {"unknown"}
