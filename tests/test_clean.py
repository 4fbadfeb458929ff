"""Tests of toolkit.clean: boilerplate found and stripped, datelines and wire credits.

The multi-source corpus is synthetic in its arrangement: real State of the Union paragraphs
dealt out to three made-up outlets, with a planted footer and a planted stock paragraph.
"""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.clean import (
    BOILERPLATE_COLUMNS,
    find_boilerplate,
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


def test_a_dateline_is_only_taken_at_the_start():
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
    table = find_boilerplate(planted, unit="sentence", min_docs=3)
    assert "Subscribe to the Herald." in set(table["passage"])
