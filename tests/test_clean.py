"""Tests of toolkit.clean: boilerplate found and stripped, datelines and wire credits.

The multi-source corpus is synthetic in its arrangement: real State of the Union paragraphs
dealt out to three made-up outlets, with a planted footer and a planted stock paragraph. The
other texts here are synthetic too; tests/test_clean_real.py holds the same rules to real news.
"""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.clean import (
    BOILERPLATE_COLUMNS,
    CREDIT_COLUMNS,
    find_boilerplate,
    find_furniture,
    load_boilerplate_rules,
    strip_boilerplate,
    tag_wire_copy,
)
from toolkit.errors import ToolkitError

FOOTER = "The Herald is not responsible for the content of external sites. Subscribe to the Herald."
STOCK = (
    "Ostrava is a landlocked republic whose parliament voted in 1994 to join no military bloc, "
    "a neutrality its government calls the cornerstone of its sovereignty."
)


@pytest.fixture(scope="module")
def planted(sotu_corpus) -> pd.DataFrame:
    """90 articles of three outlets. Herald: a footer in every fifth article (6 of 30).
    Courier: a stock paragraph in the middle of every sixth article (5 of 30)."""
    paragraphs = list(
        dict.fromkeys(
            p.strip()
            for text in sotu_corpus["text"].iloc[120:200]
            for p in text.split("\n")
            if len(p.split()) > 25
        )
    )
    assert len(paragraphs) >= 270
    rows = []
    for i in range(90):
        source = ["Herald", "Courier", "Gazette"][i % 3]
        n = i // 3
        body = paragraphs[i * 3 : i * 3 + 3]
        if source == "Herald" and n % 5 == 0:
            body = [*body, FOOTER]
        if source == "Courier" and n % 6 == 0:
            body = [body[0], STOCK, *body[1:]]
        rows.append({"doc_id": f"d{i:02d}", "source": source, "text": "\n".join(body)})
    return toolkit.read_corpus(pd.DataFrame(rows))


def test_find_boilerplate_lists_the_footer_and_the_stock_paragraph(planted):
    table = find_boilerplate(planted)
    assert list(table.columns) == ["source", *BOILERPLATE_COLUMNS]
    rows = {(r.source, r.passage): r for r in table.itertuples()}
    footer = rows[("Herald", FOOTER)]
    assert (footer.n_docs, footer.share, footer.position) == (6, 0.2, "end")
    stock = rows[("Courier", STOCK)]
    assert (stock.n_docs, stock.position) == (5, "middle")
    assert stock.share == pytest.approx(5 / 30)
    assert len(table) == 2  # nothing else recurs: the SOTU paragraphs are all different
    assert len(find_boilerplate(planted, min_docs=6)) == 1  # the stock paragraph is in 5


def test_stripping_the_footer_takes_its_words_out_of_the_key_words(planted):
    def top_words(corpus):
        table = toolkit.keyness(corpus, target="Herald", stopwords="en", min_count=3)
        return set(table[table["log_ratio"] > 0].head(10)["word"])

    before = top_words(planted)
    assert {"herald", "external", "subscribe"} & before
    chosen = find_boilerplate(planted)
    clean = strip_boilerplate(planted, passages=chosen)
    after = top_words(clean)
    assert not {"herald", "responsible", "external", "subscribe", "sites"} & after
    herald = clean[clean["source"] == "Herald"]
    assert not herald["text"].str.contains("external sites").any()
    assert (herald["removed"] == FOOTER).sum() == 6
    courier = clean[clean["source"] == "Courier"]
    assert not courier["text"].str.contains("Ostrava").any()
    # each passage only in its own group: the Gazette's text is untouched
    gazette = clean[clean["source"] == "Gazette"]
    assert (gazette["text"] == gazette["text_original"]).all()


def test_strip_boilerplate_keeps_the_original_and_is_idempotent(planted):
    once = strip_boilerplate(planted, passages=[FOOTER])
    twice = strip_boilerplate(once, passages=[FOOTER])
    pd.testing.assert_series_equal(once["text"], twice["text"])
    pd.testing.assert_series_equal(twice["text_original"], planted["text"], check_names=False)
    assert "removed" not in planted.columns  # the input is never modified


def test_the_sample_dateline_is_stripped_and_tagged(sample):
    clean = strip_boilerplate(sample)
    assert clean.loc[0, "removed"] == "MINSK, May 18. /TASS/."
    words = {"tass": ["tass"], "belta": ["belta"]}
    assert toolkit.count_terms(sample, words)["hits"].tolist() == [1, 1]
    # the agency's name in the dateline is no longer a word; BelTA in the body still is
    assert toolkit.count_terms(clean, words)["hits"].tolist() == [0, 1]
    assert tag_wire_copy(sample)["wire"].tolist() == ["TASS"]


# Synthetic first lines in the style of each agency.
DATELINES = [
    ("MINSK, May 18. /TASS/. Lukashenko said", "TASS", "Lukashenko said"),
    ("IGORA /Leningrad Region/, December 26. /TASS/. Putin met", "TASS", "Putin met"),
    ("МИНСК, 18 мая. /ТАСС/. Лукашенко заявил", "TASS", "Лукашенко заявил"),
    ("MINSK, 18 May (BelTA) - The president said", "BelTA", "The president said"),
    ("МИНСК, 18 мая (БЕЛТА) - Президент заявил", "BelTA", "Президент заявил"),
    ("MOSCOW, May 18 (RIA Novosti) - The ministry said", "RIA Novosti", "The ministry said"),
    ("МОСКВА, 18 мая – РИА Новости. Министр заявил", "RIA Novosti", "Министр заявил"),
    ("MOSCOW. May 18 (Interfax) - Officials said", "Interfax", "Officials said"),
    ("MOSCOW, May 18 (Reuters) - Russia said", "Reuters", "Russia said"),
    ("MOSCOW (AP) — Russia said", "AP", "Russia said"),
    ("Moscow (AFP) - Russia said", "AFP", "Russia said"),
    ("BEIJING, May 18 (Xinhua) -- China said", "Xinhua", "China said"),
    ("Moscow, 18 May (BBC Monitoring) - Russian TV said", "BBC Monitoring", "Russian TV said"),
    ("МОСКВА, 18 мая. /ТАСС/. В Кремле заявили", "TASS", "В Кремле заявили"),
]


@pytest.mark.parametrize(("text", "agency", "rest"), DATELINES)
def test_datelines_of_every_agency(text, agency, rest):
    corpus = pd.DataFrame({"text": [text + " more."]})  # synthetic
    assert tag_wire_copy(corpus)["wire"].tolist() == [agency]
    assert strip_boilerplate(corpus)["text"].tolist() == [rest + " more."]


def test_lines_and_credits_that_are_not_the_article():
    text = (  # synthetic
        "Talks resumed on Monday.\n"
        "Read more: Sanctions talks stall\n"
        "Photo: Reuters/John Doe\n"
        "The ministry said it would respond.\n"
        "The BBC is not responsible for the content of external sites. Read about our approach "
        "to external linking.\n"
        "Image source, Getty Images\n"
        "Image caption, The minister in Brussels\n"
        "You can share this story on social media:\n"
        "Related Topics\n"
        "Читайте также: Новые санкции"
    )
    clean = strip_boilerplate(pd.DataFrame({"text": [text]}))
    assert clean.loc[0, "text"] == "Talks resumed on Monday.\nThe ministry said it would respond."
    assert clean.loc[0, "removed"].count("\n") == 7
    credited = pd.DataFrame(
        {"text": ["The grain deal was signed. — BelTA", "No credit here.", "Talks went on. — RT"]}
    )
    assert tag_wire_copy(credited)["wire"].tolist() == ["BelTA", None, "RT"]
    assert strip_boilerplate(credited)["text"].tolist() == [
        "The grain deal was signed.", "No credit here.", "Talks went on.",
    ]  # fmt: skip


def test_an_agency_in_brackets_inside_a_sentence_is_no_dateline():
    text = "Officials quoted a report (Reuters) - and more."  # synthetic, not a dateline
    assert strip_boilerplate(pd.DataFrame({"text": ["x " * 50 + text]}))["removed"].tolist() == [""]


def test_rules_are_data_and_can_be_extended(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "datelines:\n  - {agency: Local, pattern: 'RIGA \\(LETA\\) - '}\n"
        "lines:\n  - 'Advertisement'\n",
        "utf-8",
    )
    corpus = pd.DataFrame({"text": ["RIGA (LETA) - Talks.\nAdvertisement\nMore talks."]})
    assert tag_wire_copy(corpus, rules=path)["wire"].tolist() == ["Local"]
    assert strip_boilerplate(corpus, rules=path)["text"].tolist() == ["Talks.\nMore talks."]
    none = strip_boilerplate(corpus, rules=None)
    assert none["text"].tolist() == corpus["text"].tolist()
    with pytest.raises(ToolkitError, match="neither 'default', None nor a YAML file"):
        load_boilerplate_rules(tmp_path / "missing.yaml")
    with pytest.raises(ToolkitError, match="not a valid regex"):
        load_boilerplate_rules({"lines": ["(unclosed"]})
    with pytest.raises(ToolkitError, match="agency and a pattern"):
        load_boilerplate_rules({"datelines": ["just a pattern"]})


def test_errors(planted):
    with pytest.raises(ToolkitError, match="unit must be"):
        find_boilerplate(planted, unit="word")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="min_share"):
        find_boilerplate(planted, min_share=2)
    with pytest.raises(ToolkitError, match="passages= takes a find_boilerplate"):
        strip_boilerplate(planted, passages=pd.DataFrame({"x": [1]}))
    with pytest.raises(ToolkitError, match="takes a corpus"):
        tag_wire_copy(["not", "a", "corpus"])  # type: ignore[arg-type]


def test_sentences_as_passages(planted):
    # the footer's two sentences always come together: one passage, a block of two sentences
    table = find_boilerplate(planted, unit="sentence", min_docs=3)
    rows = {r.passage: r for r in table.itertuples()}
    footer = rows[FOOTER]
    assert (footer.n_docs, footer.unit, footer.n_units, footer.kind) == (
        6,
        "sentence",
        2,
        "furniture",
    )
    assert "Subscribe to the Herald." not in rows  # never on its own
    stock = rows[STOCK]
    assert (stock.n_docs, stock.kind, stock.cue) == (5, "news", "")


def test_the_unit_is_chosen_per_group_and_paragraphs_warn_on_one_line_texts(planted):
    flat = planted.assign(text=planted["text"].str.replace("\n", " "))  # as exports store them
    mixed = pd.concat([planted[planted["source"] == "Herald"], flat[flat["source"] != "Herald"]])
    table = find_boilerplate(mixed)
    assert dict(zip(table["source"], table["unit"], strict=True)) == {
        "Herald": "paragraph", "Courier": "sentence",
    }  # fmt: skip
    assert set(table["passage"]) == {FOOTER, STOCK}  # the stock paragraph found inside one line
    with pytest.warns(toolkit.CorpusWarning, match="single paragraph"):
        paragraphs = find_boilerplate(mixed, unit="paragraph")
    assert set(paragraphs["passage"]) == {FOOTER}


def test_passages_go_from_one_line_texts_wherever_they_sit():
    corpus = pd.DataFrame({"text": [  # synthetic
        "Talks resumed.  Subscribe to the Herald. The ministry said it would respond.",
        "Subscribe to the Herald. Talks resumed.",
        "Talks resumed. Subscribe to the Herald.",
        "They told AFP on Monday that they would subscribe to the Herald. AFP",
        "Subscribe to the Herald.",
    ]})  # fmt: skip
    clean = strip_boilerplate(corpus, rules=None, passages=["Subscribe to the Herald.", "AFP"])
    assert clean["text"].tolist() == [
        "Talks resumed. The ministry said it would respond.",  # one space where it was
        "Talks resumed.",
        "Talks resumed.",
        "They told AFP on Monday that they would subscribe to the Herald.",  # never mid-sentence
        "",
    ]
    assert clean["removed"].tolist() == [
        "Subscribe to the Herald.", "Subscribe to the Herald.", "Subscribe to the Herald.", "AFP",
        "Subscribe to the Herald.",
    ]  # fmt: skip
    lines = pd.DataFrame({"text": ["Talks.\nSubscribe to the\nHerald.\nMore talks."]})
    assert strip_boilerplate(lines, passages=["Subscribe to the Herald."])["text"].tolist() == [
        "Talks.\nMore talks."
    ]  # a block over two lines goes, and the paragraphs stay paragraphs


# Synthetic leads in the style of each agency: the dateline after a headline, a standfirst or a
# photo caption, as one-line exports store them.
LEADS = [
    ("Putin meets CIS leaders The informal summit ended in agreement IGORA /Leningrad Region/, "
     "December 26. /TASS/. Putin met", "TASS", "IGORA /Leningrad Region/, December 26. /TASS/."),
    ("Russia says talks stall MOSCOW, Jan 5 (Reuters) - Russia said", "Reuters",
     "MOSCOW, Jan 5 (Reuters) -"),
    ("Hungary seeks gas deal BUDAPEST, Hungary (AP) — Hungary said", "AP",
     "BUDAPEST, Hungary (AP) —"),
    ("The views expressed are his own. View more opinion on CNN. (CNN)Russia said", "CNN",
     "(CNN)"),
    ("Путин провел встречу с лидерами МОСКВА, 5 января. /ТАСС/. Путин", "TASS",
     "МОСКВА, 5 января. /ТАСС/."),
    ("Санкции не сработали МОСКВА, 5 янв — РИА Новости. Санкции", "RIA Novosti",
     "МОСКВА, 5 янв — РИА Новости."),
    ("Photo taken on Feb. 21, 2022 shows the Kremlin in Moscow. (Xinhua/Bai Xueqi) Putin signed "
     "a decree. MOSCOW, Feb. 21 (Xinhua) -- Russia said", "Xinhua",
     "MOSCOW, Feb. 21 (Xinhua) --"),
    ("Havana, Feb 23 (Prensa Latina) Cuba said", "Prensa Latina", "Havana, Feb 23 (Prensa Latina)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "agency", "dateline"), LEADS)
def test_datelines_after_a_headline_or_a_standfirst(text, agency, dateline):
    corpus = pd.DataFrame({"text": [text + " more."]})
    assert tag_wire_copy(corpus)["wire"].tolist() == [agency]
    clean = strip_boilerplate(corpus)
    assert dateline in clean.loc[0, "removed"].split("\n")
    assert dateline not in clean.loc[0, "text"]
    assert clean.loc[0, "text"].endswith(" more.") and "  " not in clean.loc[0, "text"]


RELAYS = [  # synthetic sentences that credit another outlet for one statement
    ("Lukashenko said the deal was signed, передает ТАСС. Talks go on.", "TASS", "передает ТАСС"),
    ("Лукашенко заявил об этом, сообщает БелТА.", "BelTA", "сообщает БелТА"),
    ("The minister told the BBC on Monday that talks would go on.", "BBC", "told the BBC"),
    ("Troops moved, according to a Reuters witness.", "Reuters", "according to a Reuters witness"),
    ("Officials said (in Europe - TASS) that talks would go on.", "TASS", "(in Europe - TASS)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "agency", "credit"), RELAYS)
def test_credits_inside_a_sentence_are_found_and_kept(text, agency, credit):
    corpus = toolkit.read_corpus(pd.DataFrame({"text": [text]}))
    found = find_furniture(corpus)
    assert found[["match", "agency", "stripped"]].values.tolist() == [[credit, agency, False]]
    assert strip_boilerplate(corpus)["text"].tolist() == [text]  # the sentence's own words
    assert tag_wire_copy(corpus)["wire"].tolist() == [None]  # one statement, not the article


def test_closing_credits_bylines_and_relay_marks_in_the_body():
    corpus = pd.DataFrame({"text": [  # synthetic
        "The risk is going up.\n(Reuters/NAN)",
        "Exports grew. (Reporting by Anna Smith; Editing by Tom Jones) Our Standards: The Thomson "
        "Reuters Trust Principles. Another story led. © 2022 Reuters. All rights reserved",
        "The deal was signed. — BelTA The talks go on.",
        "MINSK, 18 May (BelTA) - The talks went on. AFP contributed reporting.",
    ]})  # fmt: skip
    assert tag_wire_copy(corpus)["wire"].tolist() == ["Reuters; NAN", None, "BelTA", "BelTA"]
    assert strip_boilerplate(corpus)["text"].tolist() == [
        "The risk is going up.", "Exports grew.", "The deal was signed. The talks go on.",
        "The talks went on.",
    ]  # fmt: skip


def test_photo_captions_go_with_their_credit():
    corpus = pd.DataFrame({"text": [  # synthetic, in the style of AP's captions
        "FILE - Russian President Vladimir Putin attends a meeting in Moscow, Russia, Dec. 23, "
        "2021. (AP Photo/Alexander Zemlianichenko, File) MOSCOW (AP) — Russia said on Monday "
        "that talks would go on.",
        "Talks went on. The minister said on Monday that they would. Ukrainian servicemen rest "
        "near Kyiv, Ukraine, Monday, Feb. 14, 2022. (AP Photo/Efrem Lukatsky) The ministry said "
        "more.",
    ]})  # fmt: skip
    clean = strip_boilerplate(corpus)
    assert clean["text"].tolist() == [
        "Russia said on Monday that talks would go on.",
        "Talks went on. The minister said on Monday that they would. The ministry said more.",
    ]
    kinds = find_furniture(toolkit.read_corpus(corpus))[["kind", "agency"]].values.tolist()
    assert kinds == [["caption", "AP"], ["dateline", "AP"], ["caption", "AP"]]


def test_no_rule_takes_a_paragraph_of_real_text():
    paragraph = (  # synthetic: a long paragraph that starts with "Photograph"
        "Photographs released by the ministry on Monday show columns of armour near the border, "
        "and officials said the pictures, taken over three days, proved that the build-up had "
        "continued despite the talks. " * 4
    ).strip()
    assert 500 <= len(paragraph) <= 880
    corpus = pd.DataFrame({"text": [
        f"Talks.\n{paragraph}\nMore talks.",
        f"Photograph: Sergei Ilnitsky/EPA {paragraph}",  # a caption credit, then the article
        f"Photo: {paragraph}",  # no credit after "Photo:": nothing to take
    ]})  # fmt: skip
    clean = strip_boilerplate(corpus)
    assert clean["text"].tolist() == [
        f"Talks.\n{paragraph}\nMore talks.", paragraph, f"Photo: {paragraph}",
    ]  # fmt: skip
    assert clean["removed"].tolist() == ["", "Photograph: Sergei Ilnitsky/EPA", ""]


def test_find_credits_table():
    corpus = toolkit.read_corpus(pd.DataFrame({"source": ["Herald", "Courier"], "text": [
        "MOSCOW, Jan 5 (Reuters) - Russia said, передает ТАСС.", "Nothing here.",
    ]}))  # fmt: skip
    found = find_furniture(corpus, meta=["source"])
    assert list(found.columns) == ["doc_id", "source", *CREDIT_COLUMNS]
    texts = corpus.set_index("doc_id")["text"]
    assert all(texts[d][s:e] == m for d, s, e, m in zip(found.doc_id, found.start, found.end,
                                                        found.match, strict=True))  # fmt: skip
    assert found["kind"].tolist() == ["dateline", "relay"]
    assert find_furniture(corpus, rules=None).empty


def test_a_dateline_takes_nothing_from_the_sentence_before_it():
    text = (  # synthetic: datelines inside a digest, after sentences that end in capitals
        "Talks stalled in the EU. MOSCOW (AP) — Russia said. The deal was signed, передает ТАСС. "
        "MINSK, May 18. /TASS/. More news from the U.S. ST. PETERSBURG, Russia (AP) — Talks."
    )
    clean = strip_boilerplate(pd.DataFrame({"text": [text]}))
    assert clean.loc[0, "removed"].split("\n") == [
        "MOSCOW (AP) —", "MINSK, May 18. /TASS/.", "ST. PETERSBURG, Russia (AP) —",
    ]  # fmt: skip
    assert clean.loc[0, "text"] == (
        "Talks stalled in the EU. Russia said. The deal was signed, передает ТАСС. More news from "
        "the U.S. Talks."
    )


def test_many_credits_in_one_long_text():
    text = "MOSCOW (AP) — Talks went on, передает ТАСС. " * 5000  # synthetic: a 220 kB digest
    found = find_furniture(toolkit.read_corpus(pd.DataFrame({"text": [text]})))
    assert found["kind"].value_counts().to_dict() == {"dateline": 5000, "relay": 5000}
    clean = strip_boilerplate(pd.DataFrame({"text": [text]}))
    assert clean.loc[0, "text"] == "Talks went on, передает ТАСС. " * 5000  # (its end untouched)
