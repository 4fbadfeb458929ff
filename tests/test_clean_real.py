"""toolkit.clean on real news: the development corpus beside the checkout (``shared/dev-news``:
7,288 articles and posts of 16 outlets, most stored on one line) and its hand labels.

Every test skips when the corpus is not there. The figures these tests hold (how many articles
carry a footer, the precision and recall on the labels) are those of this corpus as built by its
``build.py``; ``python tests/test_clean_real.py`` prints them.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.clean import find_boilerplate, find_furniture, strip_boilerplate, tag_wire_copy

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-news"


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        pytest.skip(f"the development corpus is not at {path.parent}")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def outlets(dev_news: pd.DataFrame) -> pd.DataFrame:
    """Four outlets: Reuters and TASS (one line, English), Sputnik (one line), BBC News Russian
    (Telegram posts with paragraphs)."""
    chosen = ["Reuters", "TASS", "Sputnik", "BBC News Russian (Telegram)"]
    return dev_news[dev_news["source"].isin(chosen)].reset_index(drop=True)


@pytest.fixture(scope="module")
def found(outlets: pd.DataFrame) -> pd.DataFrame:
    return find_boilerplate(outlets, progress=False)


def test_each_outlet_is_read_in_the_unit_its_texts_have(found):
    units = found.groupby("source")["unit"].agg(set).to_dict()
    assert units == {
        "BBC News Russian (Telegram)": {"paragraph"},
        "Reuters": {"sentence"},
        "Sputnik": {"sentence"},
        "TASS": {"sentence"},
    }


def test_a_one_line_footer_is_found_as_one_block_and_removed(outlets, found):
    reuters = found[found["source"] == "Reuters"]
    footer = reuters.loc[reuters["n_units"].idxmax()]
    assert footer["n_units"] >= 10 and footer["n_docs"] >= 350  # of 400 articles
    assert (footer["kind"], footer["position"]) == ("furniture", "end")
    assert footer["passage"].startswith("Reuters, the news and media division")
    assert footer["passage"].endswith("All rights reserved")
    # the leads of other stories that Reuters' page shows inside its footer are furniture too
    between = reuters[reuters["cue"] == "among furniture"]
    assert len(between) >= 5 and between["passage"].str.contains(" said ").any()
    clean = strip_boilerplate(outlets, rules=None, passages=found[found["kind"] == "furniture"])
    texts = clean.loc[clean["source"] == "Reuters", "text"]
    assert not texts.str.contains("All rights reserved").any()
    assert not texts.str.contains("Thomson Reuters is the world").any()
    assert (texts.str.len() > 300).all()  # the articles themselves stay
    new_double = [
        a for a, b in zip(clean["text"], clean["text_original"]) if "  " in a > ("  " in b)
    ]
    assert not new_double  # (no double space where there was none)


def test_a_stock_background_paragraph_is_news(found):
    tass = found[found["source"] == "TASS"]
    stock = tass[tass["passage"].str.contains("allegations about Russia")]
    assert len(stock) and (stock["kind"] == "news").all() and (stock["n_docs"] >= 10).all()
    assert set(stock["position"]) <= {"middle", "end"}
    dateline = tass[tass["passage"] == "/TASS/."].iloc[0]
    assert (dateline["kind"], dateline["cue"], dateline["n_docs"]) == ("furniture", "dateline", 652)


def test_a_telegram_footer_goes(outlets, found):
    posts = found[found["source"] == "BBC News Russian (Telegram)"]
    assert posts.iloc[0]["passage"].startswith("__Читать нас без VPN")
    assert posts.iloc[0]["n_docs"] >= 290 and (posts["kind"] == "furniture").all()
    clean = strip_boilerplate(outlets[outlets["source"] == "BBC News Russian (Telegram)"])
    for footer in (
        "Читать нас без VPN",
        "Читать Би-би-си без VPN",
        "Здесь наш сайт доступен без VPN",
    ):
        assert not clean["text"].str.contains(footer).any()  # every variant, by the rules
    assert (clean["text"].str.len() > 0).all()


def test_paragraphs_forced_on_one_line_texts_warn(outlets):
    reuters = outlets[outlets["source"] == "Reuters"]
    with pytest.warns(
        toolkit.CorpusWarning,
        match=r"1 group\(s\) are nearly all a single paragraph \(one line\): Reuters 100%",
    ):
        table = find_boilerplate(reuters, unit="paragraph", progress=False)
    assert table.empty  # whole articles never repeat


def test_captions_and_their_credits_go(dev_news):
    picked = dev_news[dev_news["source"].isin(["Reuters", "People's Daily English"])]
    clean = strip_boilerplate(picked)
    reuters = clean[clean["source"] == "Reuters"]
    assert picked["text"].str.contains("REUTERS/").sum() >= 240
    assert not reuters["text"].str.contains("REUTERS/|via REUTERS").any()
    # the story starts where the caption and the dateline were
    assert reuters["text"].str.match(r"[A-Z\"'(]").mean() > 0.95
    xinhua = clean[clean["source"] == "People's Daily English"]
    assert picked["text"].str.contains("(Xinhua/", regex=False).sum() >= 40
    assert not xinhua["text"].str.contains(r"[(\[](?:Xinhua/|Photo by [^)]*Xinhua)").any()


def test_a_tass_dateline_after_a_headline_and_standfirst(dev_news):
    stories = pd.DataFrame(_jsonl(DEV / "stories" / "stories.jsonl"))
    tass = stories[stories["source"].str.startswith("TASS")][["source", "url", "text"]]
    assert len(tass) == 3
    flat = tass.assign(text=tass["text"].str.split().str.join(" "))  # as one-line exports
    for frame in (tass, flat):
        corpus = toolkit.read_corpus(frame)
        ru = corpus[corpus["text"].str.contains("Лукашенко пошутил")].iloc[0]
        assert ru["text"].index("МИНСК, 28 октября. /ТАСС/.") > 100  # after headline, standfirst
        clean = strip_boilerplate(corpus)
        row = clean[clean["doc_id"] == ru["doc_id"]].iloc[0]
        assert "МИНСК, 28 октября. /ТАСС/." in row["removed"].split("\n")
        assert "/ТАСС/" not in row["text"] and "Президент Белоруссии сравнил себя" in row["text"]
        assert clean["wire"].tolist() == ["TASS"] * 3
        assert tag_wire_copy(corpus)["wire"].tolist() == ["TASS"] * 3


def test_the_wire_credit_survives_cleaning_in_either_order(dev_news):
    corpus = dev_news.groupby("source", group_keys=False).head(80)
    tagged = tag_wire_copy(corpus)["wire"]
    stripped_first = tag_wire_copy(strip_boilerplate(corpus))["wire"]
    tagged_first = strip_boilerplate(tag_wire_copy(corpus))["wire"]
    pd.testing.assert_series_equal(stripped_first, tagged)
    pd.testing.assert_series_equal(tagged_first, tagged)
    without_original = strip_boilerplate(corpus).drop(columns="text_original")
    pd.testing.assert_series_equal(tag_wire_copy(without_original)["wire"], tagged)
    counts = tagged.value_counts().to_dict()
    assert {"AP", "Reuters", "TASS", "Xinhua", "RIA Novosti", "CNN", "Prensa Latina"} <= set(counts)
    assert tagged.notna().sum() >= 550  # of 1,280 articles
    # a credit inside a sentence credits one statement: RIA's Telegram posts are not wire copy
    telegram = corpus["source"] == "RIA Novosti (Telegram)"
    assert tagged[telegram].isna().all()


def test_rules_do_not_fire_on_real_text(dev_news):
    clean = strip_boilerplate(dev_news)
    # real paragraphs of 500 to 880 characters that mention a photo, and are not captions
    credit = re.compile(r"[(\[](?:Xinhua|Photo by|AP Photo)|REUTERS/|This video can not be played")
    checked = 0
    for text, cleaned in zip(clean["text_original"], clean["text"], strict=True):
        for line in text.split("\n"):
            mentions = re.search(r"(?i)photo|фото", line) and not credit.search(line)
            if 500 <= len(line) <= 880 and mentions:
                body = line.split(" - РИА Новости. ", 1)[-1]  # (a dateline may go)
                assert body in cleaned
                checked += 1
    assert checked >= 3
    # paragraphs and posts that begin like a caption but are the article
    for start in (
        "Photos of the Ukrainian border",
        "Photos showing the inside",
        "Фото геолоцировали",
    ):
        originals = clean[clean["text_original"].str.contains(start, regex=False)]
        assert len(originals), start
        for text, cleaned in zip(originals["text_original"], originals["text"], strict=True):
            sentence = text[text.index(start) :].split(". ")[0]
            assert sentence in cleaned
    assert (
        clean.loc[clean["text_original"].str.contains("Director of Photography"), "text"]
        .str.contains("Director of Photography")
        .all()
    )
    # every piece is bounded: captions are sentences, footers end the text
    pieces = [p for removed in clean["removed"] for p in removed.split("\n") if p]
    assert max(map(len, pieces)) <= 3000
    assert not any(len(p) > 600 for p in pieces if re.search(r"(?i)photo|REUTERS/", p[:-60]) and
                   "Our Standards" not in p)  # fmt: skip


def _labelled() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The 30 articles with every dateline and credit labelled, their text exactly as stored
    (the labels' offsets are into it), and the two label tables."""
    docs = pd.read_csv(DEV / "labelled-docs.csv")
    urls = set(docs.loc[docs["in_credits_and_datelines"] == "yes", "doc_url"])
    rows = [row for row in _jsonl(DEV / "articles.jsonl") if row["url"] in urls]
    frame = pd.DataFrame(rows)[["source", "url", "text"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        corpus = toolkit.read_corpus(frame, normalize=False)
    return corpus, pd.read_csv(DEV / "datelines.csv"), pd.read_csv(DEV / "credits.csv")


def _score(found: pd.DataFrame, labels: pd.DataFrame) -> tuple[float, float, int, int]:
    """Recall (labelled spans a found span overlaps) and precision (found spans that overlap a
    labelled one), with the counts of labels and of found spans."""

    def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)

    by_url = {u: list(zip(g["start"], g["end"])) for u, g in found.groupby("url")}
    labelled = {u: list(zip(g["char_start"], g["char_end"])) for u, g in labels.groupby("doc_url")}
    hits = sum(overlaps(by_url.get(r.doc_url, []), r.char_start, r.char_end)
               for r in labels.itertuples())  # fmt: skip
    true = sum(overlaps(labelled.get(r.url, []), r.start, r.end) for r in found.itertuples())
    return hits / len(labels), true / max(len(found), 1), len(labels), len(found)


def test_datelines_and_credits_against_the_hand_labels():
    corpus, datelines, credits = _labelled()
    assert len(corpus) == 30
    found = find_furniture(corpus, meta=["url"])
    recall, precision, n, _ = _score(found[found["kind"] == "dateline"], datelines)
    assert n == 19 and recall >= 0.9 and precision >= 0.9
    # credits: every span that names an agency (datelines, sign-offs, captions, footers, and
    # credits inside a sentence such as "told the BBC")
    recall, precision, n, _ = _score(found[found["agency"].notna()], credits)
    assert n == 58 and recall >= 0.9 and precision >= 0.9


def test_the_hand_labels_offsets_hold():
    corpus, datelines, credits = _labelled()
    texts = corpus.set_index("url")["text"]
    for r in datelines.itertuples():
        assert texts[r.doc_url][r.char_start : r.char_end] == r.dateline_text
    for r in credits.itertuples():
        assert texts[r.doc_url][r.char_start : r.char_end] == r.credit_text


if __name__ == "__main__":  # print the figures
    labelled, dl, cr = _labelled()
    spans = find_furniture(labelled, meta=["url"])
    for name, part, labels in [
        ("datelines", spans[spans["kind"] == "dateline"], dl),
        ("credits", spans[spans["agency"].notna()], cr),
    ]:
        r, p, n, f = _score(part, labels)
        print(f"{name}: recall {r:.3f} of {n} labelled, precision {p:.3f} of {f} found")
