import pandas as pd
import pytest

import toolkit
from toolkit.concordance import KWIC_COLUMNS, dispersion, format_kwic, kwic, quote_mask
from toolkit.errors import ToolkitError

FAMILIES = {"sovereignty": ["sovereign*"], "unity": ["unity"], "sanctions": ["sanction*"]}


@pytest.fixture(scope="module")
def sample():
    return toolkit.load_sample()


@pytest.fixture(scope="module")
def sotu():
    return toolkit.load_sotu()


def test_kwic_on_the_tass_sample(sample):
    table = kwic(sample, FAMILIES, window=4)
    assert list(table.columns) == ["doc_id", "source", "published", "url", *KWIC_COLUMNS]
    # Read off the article by hand: 2 x unity, 2 x sovereignty, 2 x sanctions in the body.
    assert table["term"].value_counts().to_dict() == {"unity": 2, "sovereignty": 2, "sanctions": 2}
    # Quoted speech: the 2nd unity, the 2nd sovereignty and both sanctions are inside quotes.
    assert table["in_quote"].tolist() == [False, False, True, True, True, True]
    assert table.loc[0, "left"] == "Organization (CSTO) for more"  # 4 tokens, as written
    assert table.loc[4, "right"] == "as us by the"


def test_kwic_offsets_round_trip_on_every_row(sotu):
    table = kwic(sotu, toolkit.load_dictionary("rhetoric"), window=5)
    texts = sotu.set_index("doc_id")["text"]
    assert len(table) > 10_000
    for doc_id, start, end, match in table[["doc_id", "start", "end", "match"]].itertuples(
        index=False
    ):
        assert texts[doc_id][start:end] == match


def test_kwic_count_agrees_with_count_terms(sotu):
    terms = toolkit.load_dictionary("rhetoric")
    per_term = kwic(sotu, terms, window=0)["term"].value_counts()
    counted = toolkit.count_terms(sotu, terms).set_index("term")["hits"]
    for term, hits in counted.items():
        assert per_term.get(term, 0) == hits


def test_kwic_window_counts_tokens(sample):
    table = kwic(sample, {"s": ["sanctions"]}, window=2)
    assert [toolkit.tokenize(t) for t in table["left"]] == [["the", "same"], ["pressure", "and"]]
    assert [toolkit.tokenize(t) for t in table["right"]] == [["as", "us"], ["would", "contribute"]]
    with pytest.raises(ToolkitError, match="window must be"):
        kwic(sample, FAMILIES, window=-1)


def test_kwic_no_hits_keeps_schema(sample):
    table = kwic(sample, {"none": ["zebra*"]})
    assert list(table.columns) == ["doc_id", "source", "published", "url", *KWIC_COLUMNS]
    assert table.empty


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "we stand" firmly.', ['"we stand"']),
        ("Он сказал: «мы вместе».", ["«мы вместе»"]),
        ("“Curly” and “again”", ["“Curly”", "“again”"]),
        ("«Внешний „нажим“ растёт»", ["«Внешний „нажим“ растёт»"]),  # nested
        (
            '"Open quote runs to the end of its sentence. Not further\nNot quoted',
            ['"Open quote runs to the end of its sentence.'],
        ),
        ("No quotes at all.", []),
        # British single quotes, after a colon, a speech verb, or at a sentence's start
        (
            "He said: 'We will defend our sovereignty.' Then he left.",
            ["'We will defend our sovereignty.'"],
        ),
        ("‘We will win,’ the minister told reporters.", ["‘We will win,’"]),
        ("The envoy said 'unity matters' twice.", ["'unity matters'"]),
        ("Talks ended. 'No deal,' she said.", ["'No deal,'"]),
        # apostrophes are not quotes
        ("Russia's allies don't agree; the '90s were hard; the allies' view.", []),
        ("He said: 'Russia's allies won't yield.'", ["'Russia's allies won't yield.'"]),
        # multi-sentence quotes that close stay whole; one stray mark covers one sentence
        ('"We stand. We will win," he said.', ['"We stand. We will win,"']),
        ('A stray " mark here. Next sentence. And more.', ['" mark here.']),
        # Russian: guillemets and „ “, and a verb before a single-quoted phrase
        ("Лавров заявил: «Мы не уступим». Потом „ещё“ раз.", ["«Мы не уступим»", "„ещё“"]),
    ],
)
def test_quote_mask(text, quoted):
    assert [text[s:e] for s, e in quote_mask(text)] == quoted


def test_format_kwic_escapes_article_text():
    table = pd.DataFrame(
        {
            "doc_id": ["<d>"],
            "source": ["S&P"],
            "term": ["x"],
            "left": ['<script>alert("x")</script>'],
            "match": ["<b>"],
            "right": ["&"],
            "in_quote": [False],
        }
    )
    out = format_kwic(table)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "S&amp;P" in out and "<mark>&lt;b&gt;</mark>" in out
    with pytest.raises(ToolkitError, match="lacks"):
        format_kwic(table.drop(columns="match"))


def test_dispersion_by_hand():
    # Synthetic documents of 10, 20 and 30 tokens with 1, 0 and 5 hits of "peace".
    corpus = toolkit.read_corpus(
        pd.DataFrame(
            {
                "source": ["A", "A", "A"],
                "text": [
                    "peace " + "x " * 9,
                    "y " * 20,
                    "peace peace z peace peace peace " + "z " * 24,
                ],
            }
        )
    )
    hits, dp = dispersion(corpus, {"peace": ["peace"]}, by="source")
    assert hits["token_index"].tolist() == [0, 0, 1, 3, 4, 5]
    assert hits["n_tokens"].tolist() == [10, 30, 30, 30, 30, 30]
    # s = (1/6, 2/6, 3/6), v = (1/6, 0, 5/6): DP = 0.5 * (0 + 2/6 + 2/6) = 1/3
    row = dp.iloc[0]
    assert (row.hits, row.n_docs, row.docs_with_hit) == (6, 3, 2)
    assert row.dp == pytest.approx(1 / 3)
    assert row.dp_norm == pytest.approx((1 / 3) / (1 - 1 / 6))


def test_dispersion_even_spread_is_zero_and_single_spike_is_high():
    # Synthetic: four equal documents.
    even = toolkit.read_corpus(pd.DataFrame({"text": ["unity a b c"] * 4}))
    assert dispersion(even, {"u": ["unity"]}).dp.loc[0, "dp"] == pytest.approx(0)
    spike = toolkit.read_corpus(
        pd.DataFrame({"text": ["unity unity unity unity"] + ["a b c d"] * 3})
    )
    assert dispersion(spike, {"u": ["unity"]}).dp.loc[0, "dp"] == pytest.approx(0.75)


def test_dispersion_phrase_position_and_real_data(sample, sotu):
    hits, _ = dispersion(sample, {"cs": ["collective security"]})
    tokens = toolkit.tokenize(sample.loc[0, "text"])
    assert all(tokens[i : i + 2] == ["collective", "security"] for i in hits["token_index"])
    hits, dp = dispersion(sotu, {"sanctions": ["sanction*"]}, by="source")
    assert set(dp["source"]) == set(sotu["source"])
    assert ((dp["dp"] >= 0) & (dp["dp"] <= 1) | dp["dp"].isna()).all()


def test_sample_kwic_shares_rows_across_groups():
    from toolkit.concordance import sample_kwic

    hits = pd.DataFrame(  # synthetic
        {"source": ["A"] * 500 + ["B"] * 20 + ["C"] * 300, "match": range(820)}
    )
    sample = sample_kwic(hits, n=100)
    assert sample["source"].value_counts().to_dict() == {"A": 40, "C": 40, "B": 20}
    assert sample.index.is_monotonic_increasing  # corpus order
    assert sample_kwic(hits, n=100).equals(sample)  # repeatable
    assert len(sample_kwic(hits.head(30), n=100)) == 30
    with pytest.raises(ToolkitError, match="no column 'outlet'"):
        sample_kwic(hits, by="outlet")


# ------------------------------------------------------------ every script, one rule of case

# Synthetic sentences, one spelling of a word each.
CASED = [
    "İSTANBUL talks resumed.", "İstanbul talks resumed.", "istanbul talks resumed.",
    "STRASSE talks resumed.", "Straße talks resumed.", "ΣΟΦΟΣ talks resumed.",
    "σοφός talks resumed.", "σοφος talks resumed.",
]  # fmt: skip


@pytest.mark.parametrize(
    "family", [["istanbul"], ["İstanbul"], ["straße"], ["STRASSE"], ["σοφοσ"], ["ΣΟΦΌΣ"], ["sofos"]]
)
def test_count_terms_kwic_and_collocates_fold_case_alike(family):
    """One case rule in every analysis: the articles count_terms finds a hit in are those kwic
    lists and those collocates counts a node in (the dotted İ, ß and the final sigma)."""
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(CASED))], "text": CASED})
    terms = {"place": family}
    counted = toolkit.count_terms(corpus, terms, by="doc_id")
    found = set(counted.loc[counted["hits"] > 0, "doc_id"])
    assert set(kwic(corpus, terms, window=2)["doc_id"]) == found
    table = toolkit.collocates(corpus, terms, window=1, min_count=1)
    node_count = int(table["node_count"].iloc[0]) if len(table) else 0
    assert node_count == len(found) == int(counted["hits"].sum())
    if family in (["istanbul"], ["İstanbul"]):
        assert found == {"d0", "d1", "d2"}
    if family == ["σοφοσ"]:
        assert found == {"d5", "d7"}


def test_kwic_of_marked_scripts():
    corpus = pd.DataFrame(
        {
            "doc_id": ["ar", "he", "hi"],
            "text": ["قال مُحَمَّد: السَّلَامُ عليكم.", "שָׁלוֹם לכולם, שָׁלוֹם.",
                     "नमस्ते भारत! भारत की संप्रभुता।"],
        }
    )  # fmt: skip
    terms = {"muhammad": ["مُحَمَّد"], "salam": ["السَّلَامُ"], "shalom": ["שָׁלוֹם"],
             "bharat": ["भारत"], "sovereignty": ["संप्रभुता"], "namaste": ["नमस्ते"]}  # fmt: skip
    table = kwic(corpus, terms, window=1)
    assert table["match"].tolist() == [
        "مُحَمَّد", "السَّلَامُ", "שָׁלוֹם", "שָׁלוֹם", "नमस्ते", "भारत", "भारत", "संप्रभुता"
    ]  # fmt: skip
    assert table["right"].tolist()[4:] == ["भारत", "! भारत", "की", "।"]
