import warnings

import pandas as pd
import pytest

import toolkit
from toolkit.concordance import (
    KWIC_COLUMNS,
    SPEAKER_COLUMNS,
    dispersion,
    format_kwic,
    kwic,
    quote_mask,
    speakers,
)
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


# Hits of the "rhetoric" dictionary in the sample article, read off it by hand: family, voice.
# The first sentence (the lede) is the outlet's account of what Lukashenko urged (reported), as
# is "Lukashenko recommended that everyone ... stick together"; the rest is quoted.
SAMPLE_VOICES = [
    ("security", "reported"), ("unity", "reported"), ("sovereignty", "reported"),
    ("independence", "reported"), ("unity", "quote"), ("peace", "quote"), ("peace", "quote"),
    ("security", "quote"), ("unity", "quote"), ("security", "quote"), ("unity", "reported"),
    ("sovereignty", "quote"), ("independence", "quote"), ("sanctions", "quote"),
    ("peace", "quote"), ("security", "quote"), ("peace", "quote"), ("peace", "quote"),
    ("sanctions", "quote"),
]  # fmt: skip


def _in_quotation_marks(text, start):
    """True when ``start`` lies between a pair of straight double quotes of its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].count('"') % 2 == 1


def test_kwic_with_voice_on_the_tass_sample(sample):
    text = sample.loc[0, "text"]
    table = kwic(sample, "rhetoric", voice=True)
    assert list(table.columns) == [
        "doc_id", "source", "published", "url", *KWIC_COLUMNS, "voice", "speaker", "relay"
    ]  # fmt: skip
    assert list(zip(table["term"], table["voice"], strict=True)) == SAMPLE_VOICES
    for start, end, match in table[["start", "end", "match"]].itertuples(index=False):
        assert text[start:end] == match
    assert (table["in_quote"] == (table["voice"] == "quote")).all()
    # Every hit between quotation marks is Lukashenko's own words.
    quoted = table[[_in_quotation_marks(text, s) for s in table["start"]]]
    assert len(quoted) == 14
    assert set(quoted["voice"]) == {"quote"}
    assert set(quoted["speaker"]) == {"Alexander Lukashenko"}
    # The lede (the title is not in the text; its first sentence stands for it) and the
    # paraphrase of what he recommended are not quotes: the outlet's words or reported speech.
    lede_end = text.index("alliance.") + len("alliance.")
    lede = table[table["end"] <= lede_end]
    assert lede["match"].tolist() == ["Collective Security", "unity", "sovereignty", "independence"]
    paraphrase = table[table["match"] == "stick together"]
    for part in (lede, paraphrase):
        assert set(part["voice"]) <= {"outlet", "reported"}
        assert not part["in_quote"].any()
        reported = part[part["voice"] == "reported"]
        assert set(reported["speaker"]) <= {"Alexander Lukashenko"}
    assert set(table.loc[table["voice"] == "outlet", "speaker"]) <= {""}
    # BelTA is credited for the two quotations around "the BelTA news agency quoted".
    credit = text.index("the BelTA news agency quoted")
    relayed = table[table["relay"] == "BelTA"]
    assert relayed["match"].tolist() == ["unity", "security"]
    first_quote = text.rfind('"', 0, text.rfind('"', 0, credit))
    assert first_quote < relayed["start"].min() < credit
    assert credit < relayed["start"].max() < text.index("he added")
    assert set(table.loc[table["relay"] != "BelTA", "relay"]) == {""}


def test_kwic_without_voice_is_unchanged(sample):
    plain = kwic(sample, "rhetoric")
    assert list(plain.columns) == ["doc_id", "source", "published", "url", *KWIC_COLUMNS]
    # in_quote from quote_mask, as before the voice annotation
    assert plain["in_quote"].tolist() == [voice == "quote" for _, voice in SAMPLE_VOICES]
    text = sample.loc[0, "text"]
    spans = quote_mask(text)
    assert plain["in_quote"].tolist() == [
        any(a <= s and e <= b for a, b in spans) for s, e in zip(plain["start"], plain["end"])
    ]
    voiced = kwic(sample, "rhetoric", voice=True)
    pd.testing.assert_frame_equal(
        plain.drop(columns="in_quote"),
        voiced.drop(columns=["in_quote", "voice", "speaker", "relay"]),
    )
    with pytest.raises(ToolkitError, match="meta="):
        kwic(sample, "rhetoric", meta=["speaker"], voice=True)


def test_speakers_named_by_surname_in_some_articles_are_counted_once():  # synthetic
    corpus = toolkit.read_corpus(pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"], "source": ["AP", "AP", "CNN", "CNN", "CNN"],
        "text": ["Joe Biden said sanctions would follow.", "Biden said sanctions work.",
                 "Andy Kim said sanctions fail.", "Young Kim said sanctions were wrong.",
                 "Kim said sanctions were late."]}))  # fmt: skip
    table = speakers(corpus, {"sanctions": ["sanction*"]}, by=None)
    rows = {r.speaker: (r.hits, r.docs) for r in table.itertuples(index=False)}
    # one article names him in full, the other by surname: one speaker; two people named
    # Kim: the surname alone stays as it is
    assert rows == {"Joe Biden": (2, 2), "Andy Kim": (1, 1), "Young Kim": (1, 1), "Kim": (1, 1)}


def test_a_surname_is_the_full_name_an_article_with_a_hit_gives_outside_its_hits():
    # synthetic: article "a" names Вячеслав Володин in full where no hit is; "b" by surname
    corpus = toolkit.read_corpus(pd.DataFrame({
        "doc_id": ["a", "b"], "source": ["RIA", "RIA"], "language": ["ru", "ru"],
        "text": ["Санкции обсуждали в Думе. Председатель Госдумы Вячеслав Володин заявил, "
                 "что бюджет принят.", "Санкции не работают, заявил Володин."]}))  # fmt: skip
    terms = {"sanctions": ["санкци*"]}
    hits = kwic(corpus, terms, voice=True)
    assert hits.loc[hits["doc_id"] == "b", "speaker"].tolist() == ["Вячеслав Володин"]
    assert speakers(corpus, terms, by=None)["speaker"].tolist() == ["Вячеслав Володин"]
    counted = toolkit.count_terms(corpus, terms, by="speaker")
    spoken = counted[(counted["hits"] > 0) & (counted["speaker"] != "")]
    assert spoken["speaker"].tolist() == ["Вячеслав Володин"]


def test_speakers_on_the_tass_sample(sample):
    table = speakers(sample, "rhetoric")
    assert list(table.columns) == ["source", *SPEAKER_COLUMNS]
    # Counted by hand from SAMPLE_VOICES: all of them are Lukashenko's (the outlet speaks none).
    expected = {  # family: (quote hits, reported hits)
        "peace": (5, 0), "security": (3, 1), "unity": (2, 2), "independence": (1, 1),
        "sanctions": (2, 0), "sovereignty": (1, 1),
    }  # fmt: skip
    assert set(table["source"]) == {"TASS"}
    assert set(table["speaker"]) == {"Alexander Lukashenko"}
    assert {
        r.term: (r.quote_hits, r.reported_hits) for r in table.itertuples(index=False)
    } == expected
    assert (table["hits"] == table["quote_hits"] + table["reported_hits"]).all()
    assert table["hits"].tolist() == sorted(table["hits"], reverse=True)
    assert table["hits"].sum() == len(SAMPLE_VOICES) == 19
    assert (table["docs"] == 1).all()
    # The same counts as the kwic table's, grouped
    hits = kwic(sample, "rhetoric", voice=True)
    said = hits[hits["voice"] != "outlet"]
    assert said.groupby("term").size().to_dict() == table.set_index("term")["hits"].to_dict()
    assert speakers(sample, "rhetoric", min_hits=3)["term"].tolist() == [
        "peace", "security", "unity"
    ]  # fmt: skip
    assert list(speakers(sample, "rhetoric", by=None).columns) == SPEAKER_COLUMNS
    assert speakers(sample, {"none": ["zebra*"]}).empty
    with pytest.raises(ToolkitError, match="by="):
        speakers(sample, "rhetoric", by="speaker")


def test_voice_tables_chunked_equal_frame(sample):
    second = sample.assign(
        doc_id="copy",
        source="Sputnik",
        text=sample["text"] + '\nA spokesman said that "unity" and sanctions were discussed.',
    )
    corpus = pd.concat([sample, second], ignore_index=True)
    chunks = [sample, second]
    pd.testing.assert_frame_equal(
        kwic(corpus, "rhetoric", voice=True), kwic(chunks, "rhetoric", voice=True)
    )
    for by in ("source", None):
        frame = speakers(corpus, "rhetoric", by=by)
        pd.testing.assert_frame_equal(frame, speakers(chunks, "rhetoric", by=by))
    whole = speakers(corpus, "rhetoric", by=None)
    luka = whole[whole["speaker"] == "Alexander Lukashenko"].set_index("term")
    assert (luka["docs"] == 2).all()


def test_kwic_and_speakers_find_the_hits_count_terms_counts_by_language():  # synthetic
    """A family with English and Russian patterns: a Russian article's English word is no hit
    of kwic, speakers or count_terms, and an English one's Russian word none either."""
    news = pd.DataFrame({
        "doc_id": ["ru", "en"], "source": ["TASS", "BBC"], "language": ["ru", "en"],
        "text": ["«Санкции и sanctions не работают», — заявил Путин.",
                 '"Sanctions, not санкции, will work," Biden said.']})  # fmt: skip
    family = {"sanctions": {"patterns": {"en": ["sanction*"], "ru": ["санкци*"]}}}
    for frame in (news, [news.iloc[:1], news.iloc[1:]]):
        hits = toolkit.kwic(frame, family, voice=True)
        assert hits[["doc_id", "match", "speaker"]].values.tolist() == [
            ["ru", "Санкции", "Путин"], ["en", "Sanctions", "Biden"]]  # fmt: skip
        said = toolkit.speakers(frame, family, by=None)
        assert sorted(said[["speaker", "hits"]].values.tolist()) == [["Biden", 1], ["Путин", 1]]
    assert toolkit.count_terms(news, family)["hits"].tolist() == [2]
    assert toolkit.kwic(news, family)["match"].tolist() == ["Санкции", "Sanctions"]


def test_dispersion_reads_each_article_in_its_language():  # synthetic
    """dispersion: a Russian article's English word is no hit, and an article in a language
    the family has no patterns for is no part of the group (count_terms leaves it out too)."""
    news = pd.DataFrame({
        "doc_id": ["ru", "en", "de"], "source": ["TASS", "BBC", "DW"],
        "language": ["ru", "en", "de"],
        "text": ["Санкции и sanctions не работают.", "Sanctions, not санкции, will work.",
                 "Sanktionen wirken nicht."]})  # fmt: skip
    family = {"sanctions": {"patterns": {"en": ["sanction*"], "ru": ["санкци*"]}}}
    with pytest.warns(toolkit.CorpusWarning, match=r"dispersion\(\): 1 article .*\(de: 1\)"):
        hits, dp = toolkit.dispersion(news, family)
    assert hits[["doc_id", "term", "token_index"]].values.tolist() == [
        ["ru", "sanctions", 0], ["en", "sanctions", 0]]  # fmt: skip
    assert dp[["hits", "n_docs"]].values.tolist() == [[2, 2]]


@pytest.mark.parametrize("chunked", [False, True])
def test_kwic_and_speakers_say_which_articles_no_pattern_reads(chunked):  # synthetic
    """kwic and speakers on Russian articles with families of English patterns alone (as
    terms="rhetoric" is) warn, as count_terms does, instead of returning no rows unexplained."""
    news = pd.DataFrame({
        "doc_id": ["ru1", "ru2", "en"], "source": "X", "language": ["ru", "ru", "en"],
        "text": ["«Санкции не работают», — заявил Путин.", "Санкции вводят.",
                 '"Sanctions work," Biden said.']})  # fmt: skip
    frame = [news.iloc[:2], news.iloc[2:]] if chunked else news
    family = {"sanctions": {"patterns": {"en": ["sanction*"]}}}
    for call, name in ((lambda: toolkit.kwic(frame, family, voice=True), "kwic"),
                       (lambda: toolkit.kwic(frame, family), "kwic"),
                       (lambda: toolkit.speakers(frame, family), "speakers")):  # fmt: skip
        with pytest.warns(toolkit.CorpusWarning, match=rf"{name}\(\): 2 articles .*\(ru: 2\)"):
            table = call()
        assert len(table) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (every article read: nothing to say)
        toolkit.kwic(news.iloc[2:], family)


def test_kwic_voice_takes_a_flag():
    with pytest.raises(ToolkitError, match="voice= takes True or False"):
        toolkit.kwic(toolkit.load_sample(), {"unity": ["unity"]}, voice="yes")
