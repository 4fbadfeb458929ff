"""Passage reuse and story propagation: constructed cases (synthetic) and the real stories."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from toolkit import read_corpus
from toolkit.reuse import REUSE_COLUMNS, find_reuse, name_key, outlet_name, propagation

STORIES = Path(__file__).resolve().parents[2] / "shared" / "dev-news" / "stories"

# synthetic: a wire report, and what outlets make of it
WIRE = (
    "The finance ministers of the two countries agreed on Tuesday to extend the credit line for "
    "grain purchases by another three years, the ministry said in a statement released after "
    "the talks. The agreement covers wheat, barley and sunflower oil and will be reviewed every "
    "six months by a joint commission meeting in both capitals."
)
OTHER = (
    "Two governments settled a deal on farm credit this week. Officials did not say how long "
    "it would last, but traders in both capitals expected wheat and oil shipments to rise, "
    "and a commission will look at the terms twice a year, according to people at the talks."
)


def corpus(texts: dict[str, str], sources: dict[str, str] | None = None) -> pd.DataFrame:
    ids = list(texts)
    return pd.DataFrame({"doc_id": ids, "source": [(sources or {}).get(i, i) for i in ids],
                         "text": list(texts.values())})  # fmt: skip


def test_trimmed_copy_is_found_with_its_spans():  # synthetic
    trimmed = WIRE[: WIRE.index(" The agreement")]
    frame = corpus({"wire": WIRE, "copy": trimmed})
    table = find_reuse(frame)
    assert list(table.columns[: len(REUSE_COLUMNS)]) == REUSE_COLUMNS
    assert len(table) == 1
    row = table.iloc[0]
    assert WIRE[row.start_a : row.end_a] == trimmed.rstrip(".")
    assert trimmed[row.start_b : row.end_b] == row.passage
    assert row.share_b == 1.0 and row.share_a < 0.7 and row.exact


def test_copy_with_a_new_lede_and_a_changed_word():  # synthetic
    copy = "Markets rose sharply in early trading. " + WIRE.replace("another", "a further")
    table = find_reuse(corpus({"wire": WIRE, "copy": copy}), min_words=8)
    assert len(table) == 1
    assert not table.loc[0, "exact"]  # one passage across the changed word
    assert table.loc[0, "share_a"] == 1.0
    assert table.loc[0, "share_b"] < 1.0


def test_independent_reports_and_same_outlet_are_not_linked():  # synthetic
    assert find_reuse(corpus({"wire": WIRE, "other": OTHER})).empty
    same = corpus({"a": WIRE, "b": WIRE}, sources={"a": "AP", "b": "AP"})
    assert find_reuse(same).empty
    assert len(find_reuse(same, by=None)) == 1


def test_outlet_boilerplate_links_nothing():  # synthetic
    footer = (
        " Subscribe to our channel to get the latest news first, follow us on every "
        "social network and share this story with your friends today."
    )
    texts = {f"x{k}": f"Story number {k} is about something else entirely. {footer}"
             for k in range(7)}  # fmt: skip
    texts["y"] = "A different outlet writes on its own." + footer
    sources = {**{f"x{k}": "X" for k in range(7)}, "y": "Y"}
    assert find_reuse(corpus(texts, sources)).empty
    assert not find_reuse(corpus(texts, sources), max_group_docs=10).empty


def test_names_across_scripts():
    assert name_key("Лукашенко") == name_key("Lukashenko")
    assert name_key("Пригожина") == name_key("Prigozhin")
    assert outlet_name("РИА Новости") == outlet_name("RIA Novosti (via news.mail.ru)")


def test_propagation_links_a_translation_and_not_the_independent_report():  # synthetic
    russian = (
        "Министры финансов двух стран 14 марта договорились продлить кредитную линию на "
        "закупку зерна ещё на 3 года, сообщил Минфин Казахстана после переговоров в Астане. "
        "Соглашение на 250 миллионов охватывает пшеницу."
    )
    english = (
        "ASTANA, March 14 - The finance ministers agreed to extend the grain credit line by 3 "
        "years, Kazakhstan's finance ministry said after talks in Astana. The 250 million "
        "agreement covers wheat."
    )
    frame = read_corpus(pd.DataFrame({
        "doc_id": ["en", "ru", "other"], "source": ["AP", "TASS", "BBC"],
        "published": ["2024-03-14", "2024-03-14", "2024-03-15"],
        "text": [english, russian, OTHER]}))  # fmt: skip
    result = propagation(frame)
    edges = result.edges
    assert set(edges["evidence"]) == {"translation"}
    assert {frozenset(p) for p in edges[["from_doc", "to_doc"]].itertuples(index=False)} == {
        frozenset(("en", "ru"))
    }
    assert "kazah" in edges.loc[0, "explanation"] and "number 250" in edges.loc[0, "explanation"]
    assert edges.loc[0, "certainty"] == "tie" and edges.loc[0, "lag"] == pd.Timedelta(0)
    assert result.stories.loc[0, "first_certainty"] == "tie"


def test_propagation_orders_by_time_and_says_when_unknown():  # synthetic
    frame = read_corpus(pd.DataFrame({
        "doc_id": ["late", "early", "undated"], "source": ["A", "B", "C"],
        "published": ["2024-03-15T10:00Z", "2024-03-14T10:00Z", None],
        "text": ["Intro. " + WIRE, WIRE, "Other words here. " + WIRE]}))  # fmt: skip
    edges = propagation(frame).edges
    known = edges[(edges["from_doc"] == "early") & (edges["to_doc"] == "late")]
    assert len(known) == 1 and known.iloc[0]["certainty"] == "ordered"
    assert known.iloc[0]["lag"] == pd.Timedelta(days=1)
    unknown = edges[edges["certainty"] == "unknown"]
    assert len(unknown) == 2 and unknown["lag"].isna().all()


@pytest.fixture(scope="module")
def stories() -> pd.DataFrame:
    if not (STORIES / "stories.jsonl").exists():
        pytest.skip("the dev-news stories are not here")
    rows = [json.loads(line) for line in (STORIES / "stories.jsonl").open(encoding="utf-8")]
    frame = pd.DataFrame(rows).rename(columns={"story_id": "story", "url": "doc_id"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(frame[["doc_id", "story", "source", "published", "text"]])


def test_real_verbatim_reuse_is_found(stories):
    table = find_reuse(stories)
    pairs = {frozenset(p) for p in table[["doc_id_a", "doc_id_b"]].itertuples(index=False)}
    kopyl = [d for d in stories["doc_id"] if "kopyl.gov.by/en/news/republik/item/27144" in d]
    official = [d for d in stories["doc_id"] if "president.gov.by/en/events/vstrecha" in d]
    assert frozenset((kopyl[0], official[0])) in pairs  # S02: one English text


def test_real_stories_are_not_joined(stories):
    result = propagation(stories)
    story = dict(zip(stories["doc_id"], stories["story"], strict=True))
    assert not result.edges.empty
    edges = result.edges[result.edges["evidence"] == "reuse"]
    edges = edges[edges["certainty"] != "unknown"]  # (undated pairs may link across years)
    assert all(story[a] == story[b] for a, b in edges[["from_doc", "to_doc"]].itertuples(
        index=False))  # fmt: skip
