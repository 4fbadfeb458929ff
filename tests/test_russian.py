"""Russian end to end: datelines stripped, tokens, lemma families, lemma keyness, language, and
sentiment that refuses to score what its lexicon does not cover.

The Russian articles here are synthetic text written for the tests, in the style of agency copy.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import toolkit
from toolkit.errors import CorpusError, CorpusWarning

RU = [  # synthetic
    "МИНСК, 18 мая. /ТАСС/. Президент Белоруссии Александр Лукашенко призвал страны ОДКБ к "
    "единству перед лицом санкций. По его словам, санкции Запада направлены против суверенитета "
    "союзников.",
    "МОСКВА, 19 мая. /ТАСС/. В Кремле заявили, что новые санкции не изменят курс страны. "
    "Санкциями Запад пытается давить на Россию, отметили в администрации.",
    "МИНСК, 20 мая (БЕЛТА) - Лукашенко провел совещание по экономике. Он отметил, что "
    "санкционное давление не помешало росту экспорта, а единство общества остается главным.",
]
EN = [  # synthetic
    "Officials in Brussels said the sanctions would stay until the war ends. Kiev's allies agreed.",
    "Kiev asked for more support, and the allies promised to keep the sanctions in place.",
]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "doc_id": [f"ru{i}" for i in range(3)] + ["en0", "en1"],
            "source": ["TASS", "TASS", "BelTA", "Reuters", "Reuters"],
            "published": pd.to_datetime(
                ["2023-05-18", "2023-05-19", "2023-05-20", "2023-05-18", "2023-05-19"]
            ),
            "text": RU + EN,
        }
    )
    return toolkit.read_corpus(frame)


def test_datelines_go_and_the_agency_is_credited(corpus):
    clean = toolkit.strip_boilerplate(corpus)
    assert clean["removed"].tolist()[:3] == [
        "МИНСК, 18 мая. /ТАСС/.",
        "МОСКВА, 19 мая. /ТАСС/.",
        "МИНСК, 20 мая (БЕЛТА) -",
    ]
    assert clean.loc[0, "text"].startswith("Президент Белоруссии")
    assert "тасс" not in toolkit.tokenize(" ".join(clean["text"]))
    wire = toolkit.tag_wire_copy(corpus)["wire"].tolist()
    assert wire == ["TASS", "TASS", "BelTA", None, None]


def test_tokens_and_a_lemma_family_through_the_inflections(corpus):
    assert toolkit.tokenize(RU[1])[4:8] == ["в", "кремле", "заявили", "что"]
    terms = {
        "sanctions": {"patterns": ["санкция", "sanction"], "kind": "lemma"},
        "unity": {"patterns": ["единство"], "kind": "lemma"},
    }
    counts = toolkit.count_terms(toolkit.strip_boilerplate(corpus), terms, by="source")
    got = counts.set_index(["source", "term"])["hits"].to_dict()
    # a hand count: санкций, санкции (TASS 1); санкции, Санкциями (TASS 2); sanctions x2 (Reuters).
    # "санкционное" is an adjective with its own lemma, not a form of санкция.
    assert got[("TASS", "sanctions")] == 4
    assert got[("BelTA", "sanctions")] == 0
    assert got[("Reuters", "sanctions")] == 2
    assert got[("TASS", "unity")] == 1 and got[("BelTA", "unity")] == 1
    hits = toolkit.kwic(corpus, terms)
    assert set(hits.loc[hits["term"] == "sanctions", "match"].str.lower()) == {
        "санкций",
        "санкции",
        "санкциями",
        "sanctions",
    }


def test_a_glob_family_is_not_a_lemma_family():
    terms = {"sanctions": {"patterns": ["санкция"]}}  # glob: the written form only
    corpus = toolkit.read_corpus(pd.DataFrame({"source": ["TASS"], "text": [RU[0]]}))
    assert toolkit.count_terms(corpus, terms)["hits"].tolist() == [0]


def test_keyness_can_count_lemmas(corpus):
    english = corpus[corpus["source"] == "Reuters"]
    by_token = toolkit.keyness(english, by="doc_id", target="en0", min_count=1)
    by_lemma = toolkit.keyness(english, by="doc_id", target="en0", min_count=1, lemmas=True)
    assert {"kiev", "kiev's"} <= set(by_token["word"])
    lemma = by_lemma.set_index("word")
    assert "kiev's" not in lemma.index
    assert (lemma.loc["kiev", "target_count"], lemma.loc["kiev", "reference_count"]) == (1, 1)
    assert lemma.loc["ally", "target_count"] + lemma.loc["ally", "reference_count"] == 2
    ru = toolkit.keyness(corpus, target="TASS", min_count=1, lemmas=True).set_index("word")
    assert ru.loc["санкция", "target_count"] == 4


def test_language_is_detected_offline(corpus):
    tagged = toolkit.tag_language(corpus)
    assert tagged["language"].tolist() == ["ru", "ru", "ru", "en", "en"]
    assert (
        toolkit.tag_language(corpus, languages=["en", "ru"])["language"].tolist()[:3] == ["ru"] * 3
    )
    assert "language" not in corpus.columns


def test_sentiment_never_returns_silent_zeros_for_russian(corpus):
    russian = corpus[corpus["source"] != "Reuters"]
    with pytest.raises(CorpusError, match="no English text to score"):
        toolkit.sentiment(russian)
    with pytest.warns(CorpusWarning, match=r"of \d+ sentences \(3 articles\).*NaN, not 0"):
        scores = toolkit.sentiment(corpus, level="document")
    assert scores.set_index("doc_id")["compound"].loc[["ru0", "ru1", "ru2"]].isna().all()
    assert scores.set_index("doc_id")["compound"].loc[["en0", "en1"]].notna().all()


def test_sentiment_reads_the_language_column():
    """A Latin-script article the language column marks as not English is not scored."""
    frame = pd.DataFrame(
        {
            "doc_id": ["de", "en"],
            "language": ["de", "en"],
            "text": ["Die Regierung lobte die gute Zusammenarbeit.", "The government praised it."],
        }
    )
    with pytest.warns(CorpusWarning, match="1 of 2 sentences"):
        scores = toolkit.sentiment(frame)
    assert scores["compound"].isna().tolist() == [True, False]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        toolkit.sentiment(frame.drop(columns="language").iloc[1:])
