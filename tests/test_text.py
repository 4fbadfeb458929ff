"""Tests of toolkit.text: normalize, tokenize (and its differences from NLTK), sentences,
stop words and stems.

Short strings in these tests are synthetic (hand-made) unless they come from load_sample() (a real
TASS article) or load_sotu() (the real State of the Union corpus).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from random_text import news_like

from toolkit import text as text_module
from toolkit.errors import ToolkitError
from toolkit.text import normalize, sentence_spans, sentences, stem, stopwords, tokenize

# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cSovereignty\u201d", '"Sovereignty"'),  # curly double quotes
        ("\u201eUnity\u201f", '"Unity"'),
        ("it\u2019s \u2018key\u2019", "it's 'key'"),  # curly single quotes / apostrophes
        ("Sovereign\u00adty", "Sovereignty"),  # soft hyphen
        ("uni\u200bty\u200c\u200d\u2060\ufeff", "unity"),  # zero-width characters
        ("peace\u00a0talks", "peace talks"),  # no-break space
        ("peace\u202ftalks\u3000now", "peace talks now"),  # narrow and ideographic spaces
        ("\ufb01ght", "fight"),  # NFKC: ligature
        ("\uff35\uff33", "US"),  # NFKC: full-width letters
        ("war\u2010time war\u2011time", "war-time war-time"),  # Unicode hyphens
        ("\u22122 %", "-2 %"),  # minus sign
        ("a\u2012b a\u2015b", "a\u2013b a\u2014b"),  # figure dash, horizontal bar
        ("a \u2013 b \u2014 c", "a \u2013 b \u2014 c"),  # dashes are kept
        ("\u00abМы за мир\u00bb", "\u00abМы за мир\u00bb"),  # guillemets are kept
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("too    many \t spaces", "too many spaces"),
        ("para one\n\n\n\npara two", "para one\n\npara two"),
        ("para one \n \n \n para two", "para one\n\npara two"),
        ("keep\n\none blank line", "keep\n\none blank line"),
        ("  \n padded text \n\n ", "padded text"),
        ("", ""),
        ("   ", ""),
        ("\u0435\u0308\u043b\u043a\u0430", "\u0451\u043b\u043a\u0430"),  # ё composed (NFKC)
        ("e\u200b\u0301", "\u00e9"),  # removing a zero-width space lets é compose
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


IDEMPOTENCE_CASES = [
    "\u201cSovereign\u00adty\u201d \u2014 it\u2019s\u00a0key.\r\n",
    "\u00abСуверенитет\u00bb\u00a0\u2014 это\u00ad главное.\r\n\r\n\r\nВторой абзац.",
    "Россия\u2019s  \u2010 war\u2011time\u200b",
    "\ufb01 \uff21 \u2033quoted\u2033",
    "e\ufeff\u0306 \u0438\u00ad\u0306",  # invisible characters between letter and mark
    "\n\n \t\n",
    "MINSK, May 18. /TASS/.",
]


@pytest.mark.parametrize("text", IDEMPOTENCE_CASES)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_normalize_is_idempotent_on_random_mixtures() -> None:
    # Synthetic: random strings from the characters normalize treats specially.
    alphabet = list(
        "ae и.'- \n\r\t\u00a0\u00ad\u200b\ufeff\u0301\u0306\u2019\u201c\u2033\u2010\u2012\u2015"
        "\u00ab\u00bb\ufb01\u3000"
    )
    rng = random.Random(20230518)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        once = normalize(text)
        assert normalize(once) == once, repr(text)
        assert unicodedata.is_normalized("NFKC", once), repr(text)
        assert "\r" not in once
        assert "\n\n\n" not in once
        assert once == once.strip()


def test_normalize_real_texts_are_idempotent(sample: pd.DataFrame) -> None:
    text = sample.loc[0, "text"]
    assert normalize(text) == text  # read_corpus already normalized it


def reference_normalize(text: str) -> str:
    """normalize() as it was before it learned to skip the steps a text does not need: every
    step applied to every text (the fast path must return exactly this)."""
    invisible = str.maketrans(dict.fromkeys(map(chr, text_module._INVISIBLE)))
    folded = str.maketrans(text_module._FOLDED)
    text = unicodedata.normalize("NFKC", text.translate(invisible)).translate(folded)
    if "\u0301" in text:
        text = unicodedata.normalize("NFKC", text.replace("\u0301", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@settings(max_examples=2000, deadline=None)
@given(news_like)
def test_normalize_equals_the_reference_on_random_text(text: str) -> None:
    assert normalize(text) == reference_normalize(text)


def test_normalize_equals_the_reference_on_sotu(sotu_corpus: pd.DataFrame) -> None:
    for text in sotu_corpus["text"]:
        raw = text.replace(" ", "  ", 3).replace("\n", " \r\n\t", 2)
        assert normalize(raw) == reference_normalize(raw)


# Every character normalize() rewrites, and those NFKC turns into one (″ from ‴, a combining
# acute from Greek oxia, a space and a mark from a spacing diaeresis), with letters and spaces.
_NORMALIZE_PIECES = st.text(
    alphabet=text_module.SPECIAL_CHARS + "\u2034\u1ffd\u00a8\u2024\uff07 \n\n  ae\u0438\u0306",
    max_size=12,
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(_NORMALIZE_PIECES, news_like), max_size=4).map("".join))
def test_normalize_equals_the_reference_on_special_characters(text: str) -> None:
    assert normalize(text) == reference_normalize(text)


def test_normalize_equals_the_reference_on_real_news(dev_news: pd.DataFrame) -> None:
    """Real news (the development corpus as read, and with its spaces, quotes and line breaks
    made messy again): the steps a text skips change nothing."""
    for text in dev_news["text"]:
        messy = (
            text.replace("'", "\u2019", 3).replace('"', "\u201c", 2).replace(" ", "  ", 2)
            .replace(" ", "\u00a0", 1).replace("\n", " \n\t ", 2)
        )  # fmt: skip
        assert normalize(text) == reference_normalize(text) == text
        assert normalize(messy) == reference_normalize(messy)


def test_the_odd_spaces_are_every_space_but_the_plain_ones() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(text_module._ODD_SPACES) == every - {" ", "\n"}


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a"]])
def test_normalize_rejects_non_strings(bad: object) -> None:
    with pytest.raises(ToolkitError, match=rf"normalize\(\) takes a str, got {type(bad).__name__}"):
        normalize(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("war-time anti-sanctions", ["war-time", "anti-sanctions"]),
        ("Anti-Western, pro-Kremlin", ["anti-western", "pro-kremlin"]),
        ("Russia's war", ["russia's", "war"]),
        ("Russia\u2019s war", ["russia\u2019s", "war"]),  # curly apostrophe joins too
        ("the states' rights", ["the", "states", "rights"]),  # trailing apostrophe dropped
        ("don't isn't we'll", ["don't", "isn't", "we'll"]),
        ("rock'n'roll", ["rock'n'roll"]),
        ("We want peace. A new era.", ["we", "want", "peace", "a", "new", "era"]),
        ("Unity, sovereignty; peace! (War?)", ["unity", "sovereignty", "peace", "war"]),
        ('"quoted" \u201ccurly\u201d \u00abгильеметы\u00bb', ["quoted", "curly", "гильеметы"]),
        ("state--run, a - b, pre- war", ["state", "run", "a", "b", "pre", "war"]),
        ("war\u2014time war\u2013time", ["war", "time", "war", "time"]),  # dashes separate
        ("war\u2010time war\u2011time", ["war\u2010time", "war\u2011time"]),  # hyphens join
        ("Суверенитет и единство.", ["суверенитет", "и", "единство"]),
        ("военно-политический союз ОДКБ", ["военно-политический", "союз", "одкб"]),
        ("In 2023, 3.5 million; COVID-19", ["in", "2023", "3.5", "million", "covid-19"]),
        ("the U.S. and the U.K.", ["the", "u.s.", "and", "the", "u.k."]),
        ("U.S.-led, the U.K.'s E.U. exit", ["u.s.-led", "the", "u.k.'s", "e.u.", "exit"]),
        ("anti-U.S. and U.S.-E.U. ties", ["anti-u.s.", "and", "u.s.-e.u.", "ties"]),
        (
            "1,000 troops; 1,000,000.50 USD; 2.5-fold",
            ["1,000", "troops", "1,000,000.50", "usd", "2.5-fold"],
        ),
        (
            "U.S without a period; U.S.A; Ph.D.; A. Smith",
            ["u", "s", "without", "a", "period", "u", "s", "a", "ph", "d", "a", "smith"],
        ),
        ("т.е. 3,5 млн", ["т.е.", "3,5", "млн"]),
        ("the end.Next, 12.", ["the", "end", "next", "12"]),
        ("e-mail: press@kremlin.ru", ["e-mail", "press", "kremlin", "ru"]),
        ("", []),
        (" ... -- !? ", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("Russia's War-Time Peace", {"lowercase": False}, ["Russia's", "War-Time", "Peace"]),
        ("Москва И ОДКБ", {"lowercase": False}, ["Москва", "И", "ОДКБ"]),
        (
            "anti-sanctions war-time Russia's",
            {"split_hyphens": True},
            ["anti", "sanctions", "war", "time", "russia's"],
        ),
        ("war\u2010time war\u2011time", {"split_hyphens": True}, ["war", "time", "war", "time"]),
        ("War-time", {"split_hyphens": True, "lowercase": False}, ["War", "time"]),
    ],
)
def test_tokenize_options(text: str, kwargs: dict, expected: list[str]) -> None:
    assert tokenize(text, **kwargs) == expected


def test_tokenize_after_normalize_folds_curly_apostrophes() -> None:
    assert tokenize(normalize("Russia\u2019s anti\u00adsanctions")) == ["russia's", "antisanctions"]


@pytest.mark.parametrize("bad", [None, b"bytes", 3.5])
def test_tokenize_rejects_non_strings(bad: object) -> None:
    with pytest.raises(ToolkitError, match=rf"tokenize\(\) takes a str, got {type(bad).__name__}"):
        tokenize(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, b"bytes", 3.5, pd.DataFrame({"text": ["a."]})])
def test_sentences_reject_non_strings(bad: object) -> None:
    with pytest.raises(ToolkitError, match=rf"sentences\(\) takes a str, got {type(bad).__name__}"):
        sentences(bad)  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match=r"sentence_spans\(\) takes a str"):
        list(sentence_spans(bad))  # type: ignore[arg-type]


def test_tokenize_sample(sample: pd.DataFrame) -> None:
    tokens = tokenize(sample.loc[0, "text"])
    assert len(tokens) == 288
    assert tokens[:5] == ["minsk", "may", "18", "tass", "belarusian"]
    assert tokens.count("sovereignty") == 2
    assert tokens.count("sanctions") == 2
    assert "post-soviet" in tokens
    assert all(t == t.lower() and t.strip() == t and t for t in tokens)


class TestDifferencesFromNLTK:
    """Each difference from NLTK's NLTKWordTokenizer claimed in the toolkit.text docstring.

    Every test asserts what NLTK returns (so the claim about NLTK stays true with newer NLTK
    versions) and what we return.
    """

    nltk = NLTKWordTokenizer()

    def test_period_in_mid_text(self) -> None:
        text = "We want peace. A new era."
        assert self.nltk.tokenize(text) == ["We", "want", "peace.", "A", "new", "era", "."]
        assert tokenize(text) == ["we", "want", "peace", "a", "new", "era"]

    def test_contractions(self) -> None:
        assert self.nltk.tokenize("It isn't over") == ["It", "is", "n't", "over"]
        assert tokenize("It isn't over") == ["it", "isn't", "over"]

    def test_possessives(self) -> None:
        assert self.nltk.tokenize("Russia's war") == ["Russia", "'s", "war"]
        assert tokenize("Russia's war") == ["russia's", "war"]
        # with a curly apostrophe NLTK splits the word in three
        assert self.nltk.tokenize("Russia\u2019s war") == ["Russia", "\u2019", "s", "war"]
        assert tokenize("Russia\u2019s war") == ["russia\u2019s", "war"]

    def test_punctuation(self) -> None:
        text = 'Unity, sovereignty: "yes"'
        assert self.nltk.tokenize(text) == [
            "Unity",
            ",",
            "sovereignty",
            ":",
            "``",
            "yes",
            "''",
        ]
        assert tokenize(text) == ["unity", "sovereignty", "yes"]

    def test_dotted_abbreviations(self) -> None:
        # NLTK keeps U.S. whole inside a text, and splits off the final period at its end
        assert self.nltk.tokenize("U.S. sanctions") == ["U.S.", "sanctions"]
        assert self.nltk.tokenize("sanctions by the U.S.") == ["sanctions", "by", "the", "U.S", "."]
        # ours: always one token, with its final period
        assert tokenize("U.S. sanctions") == ["u.s.", "sanctions"]
        assert tokenize("sanctions by the U.S.") == ["sanctions", "by", "the", "u.s."]

    def test_agreement_on_hyphenated_compounds(self) -> None:
        text = "war-time anti-sanctions"
        assert self.nltk.tokenize(text) == ["war-time", "anti-sanctions"]
        assert tokenize(text, lowercase=False) == self.nltk.tokenize(text)


def reference_tokens(text: str) -> list[str]:
    """The token rule of toolkit.text written again, character by character, without regexes."""

    def word(c: str) -> bool:  # Python's \w
        return c.isalnum() or c == "_"

    def letter(c: str) -> bool:  # [^\W\d_]
        return word(c) and not c.isdecimal() and c != "_"

    def run(k: int) -> int:
        while k < len(text) and word(text[k]):
            k += 1
        return k

    def word_end(i: int) -> int:  # a run of word characters, or a dotted acronym
        end = run(i)
        if end == i + 1 and letter(text[i]) and end < n and text[end] == ".":
            k, pairs = end + 1, 0  # more letter-period pairs
            while k + 1 < n and letter(text[k]) and text[k + 1] == ".":
                k, pairs = k + 2, pairs + 1
            if pairs and not (k < n and word(text[k])):
                end = k
        return end

    tokens, i, n = [], 0, len(text)
    while i < n:
        if not word(text[i]):
            i += 1
            continue
        end = word_end(i)
        while end + 1 < n and word(text[end + 1]):
            if text[end] in "'’-\u2010\u2011":
                end = word_end(end + 1)
            elif text[end] in ".," and text[end - 1].isdecimal() and text[end + 1].isdecimal():
                end = run(end + 1)
            else:
                break
        tokens.append(text[i:end])
        i = end
    return tokens


@pytest.mark.parametrize(
    "text",
    [
        "U.S.-led U.K.'s 1,000.5 a.b.c.d x.y.z1 3.5.6 ab.c. _a.b. 9.a.b. a.1. U.S.-2.5 it's-a",
        "anti-U.S. U.S.-E.U. pro-E.U.'s x-y.z.w 2-a.b. a-b.c",
    ],
)
def test_reference_rule_on_edge_cases(text: str) -> None:
    assert tokenize(text, lowercase=False) == reference_tokens(text)


def test_tokenize_matches_independent_rule_on_sotu(sotu_corpus: pd.DataFrame) -> None:
    """On 20 real speeches, tokens equal an independent formulation of the token rule."""
    total = acronyms = 0
    for text in sotu_corpus["text"].iloc[::12]:
        tokens = tokenize(text)
        assert tokens == reference_tokens(text.lower())
        total += len(tokens)
        acronyms += sum(t.endswith(".") for t in tokens)
    assert total > 40_000  # the comparison really covered long texts
    assert acronyms > 0  # ... and dotted acronyms


def test_tokenize_matches_independent_rule_on_random_text() -> None:
    """Synthetic: 3,000 random strings over letters, digits, joiners, periods and commas."""
    rng = random.Random(7)
    alphabet = "aBzЖя19_.,.,.-'’ \n!"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert tokenize(text, lowercase=False) == reference_tokens(text), repr(text)


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones in the U.S. on Jan. 5. They talked.",
            ["Mr. Smith met Gen. Jones in the U.S. on Jan. 5.", "They talked."],
        ),
        (
            "Dr. Who and Prof. Lee spoke, etc. and so on. The end.",
            ["Dr. Who and Prof. Lee spoke, etc. and so on.", "The end."],
        ),
        (
            "Rep. Smith and Sen. Doe met Mrs. Ray in St. Petersburg. Fine.",
            ["Rep. Smith and Sen. Doe met Mrs. Ray in St. Petersburg.", "Fine."],
        ),
        ("The U.S. Army grew. It did.", ["The U.S. Army grew.", "It did."]),
        ("Sept. 11 changed it. Yes.", ["Sept. 11 changed it.", "Yes."]),
        ("Stop! Go? Yes.", ["Stop!", "Go?", "Yes."]),
        ("Really?! Yes!!! Fine.", ["Really?!", "Yes!!!", "Fine."]),
        (
            "Headline without period\nBody here. More.",
            ["Headline without period", "Body here.", "More."],
        ),
        ("Line ending in Mr.\nNext line", ["Line ending in Mr.", "Next line"]),
        ("One\n\nTwo", ["One", "Two"]),
        (
            "В 2023 г. Лукашенко выступил в Минске. Это т.е. пример. Ещё одно.",
            ["В 2023 г. Лукашенко выступил в Минске.", "Это т.е. пример.", "Ещё одно."],
        ),
        ("Он сказал: «Нет!» Потом ушёл.", ["Он сказал: «Нет!»", "Потом ушёл."]),
        ("  Leading blanks. Second.  \n \n  Next.  ", ["Leading blanks.", "Second.", "Next."]),
        ("", []),
        ("\n \n\t\n", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def check_spans(text: str) -> list[tuple[int, int]]:
    spans = list(sentence_spans(text))
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()  # no blank at either end
        assert "\n" not in piece  # line breaks always split
        assert text[previous_end:start].strip() == ""  # nothing left between sentences
        previous_end = end
    assert text[previous_end:].strip() == ""
    assert [text[s:e] for s, e in spans] == sentences(text)
    return spans


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith left. He came back.",
        "  Leading blanks. Second.  \n\n  Next line.  ",
        "Title\nMINSK, May 18. /TASS/. Body text! Really? Yes.\n\n\nLast.",
        "Вопрос? Ответ. Т.е. так.",
    ],
)
def test_sentence_spans_slice_back_to_sentences(text: str) -> None:
    check_spans(text)


def test_sentence_spans_offsets() -> None:
    text = "Mr. Smith left. He came back.\n  Next line!"
    assert list(sentence_spans(text)) == [(0, 15), (16, 29), (32, 42)]


def test_sentences_of_the_tass_sample(sample: pd.DataFrame) -> None:
    text = sample.loc[0, "text"]
    found = sentences(text)
    check_spans(text)
    # Checked by eye: 6 paragraphs, 11 sentences. The dateline splits in two ("MINSK, May 18."
    # and "/TASS/."), because "May" is not an abbreviation.
    assert len(found) == 11
    assert found[:3] == [
        "MINSK, May 18.",
        "/TASS/.",
        "Belarusian President Alexander Lukashenko urged his allies at a meeting of the "
        "Collective Security Treaty Organization (CSTO) for more unity and consolidation for the "
        "sake of preserving the national sovereignty and independence of all members of the "
        "alliance.",
    ]
    assert found[-1].startswith('"Strict adherence to the principle')
    assert not any(s[0].islower() for s in found)
    assert all(s.endswith((".", '."')) for s in found)
    assert sum(s.startswith('"') for s in found) == 4  # quoted speech opens four sentences


def test_sentences_on_real_speech(sotu_corpus: pd.DataFrame) -> None:
    text = sotu_corpus["text"].iloc[0]  # Washington, 1790
    found = sentences(text)
    check_spans(text)
    assert 20 < len(found) < 60
    assert found[0].startswith("Fellow-Citizens of the Senate and House of Representatives")


@cache
def _nltk_punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(text_module._abbreviations())
    return PunktSentenceTokenizer(params)


def reference_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """sentence_spans() as NLTK computes it: PunktSentenceTokenizer.span_tokenize, line by line,
    with the toolkit's abbreviations (the implementation sentence_spans had before it was
    reimplemented for speed)."""
    for line in re.finditer(r"[^\s][^\n]*", text):
        for start, end in _nltk_punkt().span_tokenize(line.group()):
            yield line.start() + start, line.start() + end


def test_sentence_spans_equal_nltk_on_sotu(sotu_corpus: pd.DataFrame) -> None:
    for text in sotu_corpus["text"]:
        assert list(sentence_spans(text)) == list(reference_sentence_spans(text))


def test_sentence_spans_equal_nltk_on_real_news(dev_news: pd.DataFrame) -> None:
    """Real news, English and Russian (the development corpus; most texts on one line): the
    splitter, whose patterns are written out in toolkit.text, splits as NLTK's Punkt does."""
    for text in dev_news["text"]:
        assert list(sentence_spans(text)) == list(reference_sentence_spans(text))


def test_punkt_patterns_are_nltks() -> None:
    """The patterns written out in toolkit.text find what NLTK's find, on real-looking and on
    random text (NLTK 3.9 and later compile them with ``regex``, as we do)."""
    import regex
    from nltk.tokenize.punkt import PunktLanguageVars, PunktToken

    lang = PunktLanguageVars()
    theirs = [
        (lang.period_context_re(), text_module._PUNKT_CONTEXT, 0),
        (lang._word_tokenizer_re(), text_module._PUNKT_WORD, 0),
        (lang.re_boundary_realignment, text_module._PUNKT_REALIGN, regex.MULTILINE),
        (PunktToken._RE_ELLIPSIS, text_module._PUNKT_ELLIPSIS, 0),
        (PunktToken._RE_NUMERIC, text_module._PUNKT_NUMERIC, 0),
        (PunktToken._RE_INITIAL, text_module._PUNKT_INITIAL, 0),
    ]
    assert frozenset(lang.sent_end_chars) == text_module._PUNKT_ENDS
    assert frozenset(PunktSentenceTokenizer.PUNCTUATION) == text_module._PUNKT_PUNCTUATION
    rng = random.Random(26)
    alphabet = " \t\n\x0b\x1c\x85\u00a0.,;:!?-\"'`()[]{}#*@&«»‘’“”aZ1é—"
    texts = ['Mr. Smith left. He came back... (Really?) "Yes." -- 5. J. т.е. ok']
    texts += ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(3000)]
    for nltk_pattern, ours, flags in theirs:
        a, b = regex.compile(nltk_pattern.pattern, nltk_pattern.flags), regex.compile(ours, flags)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in a.finditer(text)] == [
                (m.span(), m.groupdict()) for m in b.finditer(text)
            ], (ours, text)


def test_sentences_do_not_import_nltk() -> None:
    """Splitting sentences (kwic, sentiment) imports no NLTK: a first call pays no second of
    imports."""
    import subprocess
    import sys

    code = (
        "import sys, toolkit; toolkit.sentences('Mr. Smith left. He came back.'); "
        "print('nltk' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


@pytest.mark.parametrize(
    "text",
    [
        "Met J. Smith. Then j. smith. And J. 5.",  # initials before upper, lower, a number
        "In 1990. the end. In 1990. The end. Item 5. ; next",  # numbers before lower, upper, ;
        "Real ##NUMBER##. next one. Fake ##NUMBER##. Next.",  # a literal number type
        "The ex-Gen. spoke. The ex-Foo. spoke.",  # abbreviation after a hyphen
        "Wait... what? Wait.. what. Wait. . . What!",  # ellipses
        '(He left.) She "stayed." [Yes.] \u00abNo!\u00bb End.',  # closing marks realigned
        "A.B.C. d. E.F. G? H! I?! J.-- K.",
        "x.\ty. z.\x0bW. v.\x0cU.",  # white space other than a space before the word
    ],
)
def test_sentence_spans_equal_nltk_on_edge_cases(text: str) -> None:
    assert list(sentence_spans(text)) == list(reference_sentence_spans(text))


# Sentence-like random text: words that are and are not abbreviations, initials, numbers,
# ellipses, every end mark, closing quotes and brackets, dashes and odd white space
_SENTENCE_PIECES = st.one_of(
    news_like,
    st.sampled_from(["Mr.", "mr.", "Gen.", "U.S.", "e.g.", "etc.", "т.е.", "г.", "J.", "j.",
                     "5.", "1,000.", "-3.5.", "##NUMBER##.", "ex-Gen.", "St.", "No.", "Jan."]),
    st.sampled_from([". ", "? ", "! ", "?! ", "... ", ".. ", ". . . ", "--", ".)", '." ', ".’ ",
                     "!» ", '?" ', ".] ", "'", ")", "(", ";", ":", ",", ". \t", ".\x0b"]),
    st.sampled_from(["The", "the", "A", "a", "Peace", "peace", "1990", "Мир", "мир", "É", "é"]),
    st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u2028", "\x1c", "\x85"]),
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=30).map("".join))
def test_sentence_spans_equal_nltk_on_random_text(text: str) -> None:
    assert list(sentence_spans(text)) == list(reference_sentence_spans(text))


# --------------------------------------------------------------------------- stop words, stems


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        (
            "en",
            ["the", "and", "of", "to", "is", "not", "we", "our"],
            ["sovereignty", "unity", "sanctions", "peace", "war", "security", "people"],
        ),
        (
            "ru",
            ["и", "в", "не", "что", "это", "на", "он"],
            ["суверенитет", "санкции", "мир", "война", "россия", "народ"],
        ),
    ],
)
def test_stopwords(lang: str, present: list[str], absent: list[str]) -> None:
    words = stopwords(lang)
    assert isinstance(words, frozenset)
    assert len(words) > 100
    assert all(w == w.lower() for w in words)
    assert set(present) <= words
    assert not set(absent) & words


@pytest.mark.parametrize(
    ("lang", "kept"),
    [("en", {"state", "states", "world", "new", "free", "together"}), ("ru", {"мира"})],
)
def test_stopwords_keep_words_that_carry_rhetoric(lang: str, kept: set[str]) -> None:
    from stop_words import get_stop_words

    package = set(get_stop_words({"en": "english", "ru": "russian"}[lang]))
    assert kept <= package  # the package lists them ...
    assert not kept & stopwords(lang)  # ... the toolkit keeps them
    assert stopwords(lang) < package  # and removes nothing else


def test_stopwords_default_is_english() -> None:
    assert stopwords() == stopwords("en")
    assert not stopwords("en") & {"и", "в"}


@pytest.mark.parametrize("lang", ["de", "english", "EN", ""])
def test_unknown_language(lang: str) -> None:
    message = rf"Language {re.escape(repr(lang))} is not supported; use one of \['en', 'ru'\]"
    with pytest.raises(ToolkitError, match=message):
        stopwords(lang)
    with pytest.raises(ToolkitError, match=message):
        stem("word", lang=lang)


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("sanctions", "en", "sanction"),
        ("sovereignty", "en", "sovereignti"),
        ("unity", "en", "uniti"),
        ("running", "en", "run"),
        ("nations", "en", "nation"),
        ("санкциями", "ru", "санкц"),
        ("суверенитета", "ru", "суверенитет"),
        ("странами", "ru", "стран"),
        ("Россия", "ru", "росс"),  # lower-cased
    ],
)
def test_stem(word: str, lang: str, expected: str) -> None:
    assert stem(word, lang=lang) == expected


def test_stem_default_is_english() -> None:
    assert stem("sanctions") == "sanction"
    assert stem("санкциями") == "санкциями"  # the English stemmer leaves Cyrillic alone


def test_the_ascii_fast_path_finds_the_same_tokens() -> None:
    """Synthetic ASCII strings: the ASCII twin of the token pattern agrees with the rule."""
    from toolkit.text import TOKEN_RE, token_re

    rng = random.Random(8)
    alphabet = "aBz19_.,.,.-' \n!"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert token_re(text) is not TOKEN_RE
        assert token_re(text).findall(text) == TOKEN_RE.findall(text) == reference_tokens(text)
    assert token_re("Суверенитет") is TOKEN_RE


def test_lemmatize_russian_and_english():
    from toolkit.text import lemmatize

    assert {lemmatize(w) for w in ["санкция", "санкции", "санкций", "санкциями"]} == {"санкция"}
    assert lemmatize("Countries") == "country" and lemmatize("russia's") == "russia"
    assert lemmatize("единства", lang="ru") == "единство"
    with pytest.raises(ToolkitError, match="not supported"):
        lemmatize("peace", lang="de")


def test_detect_language():
    from toolkit.text import detect_language

    assert detect_language("") is None and detect_language("1,000 — 3.5") is None
    text = "Министр заявил, что переговоры продолжатся на следующей неделе."  # synthetic
    assert detect_language(text) == "ru"
    assert detect_language(text, languages="ru") == "ru"
    assert (
        detect_language("The talks will go on next week, the minister said.", min_confidence=1.01)
        is None
    )
    with pytest.raises(ToolkitError, match="takes a str"):
        detect_language(None)  # type: ignore[arg-type]


def test_detect_language_reads_the_start_of_a_text():
    from toolkit.text import DETECT_CHARS, detect_language, detect_languages

    # synthetic: an English paragraph, then a long Russian text
    english = "The minister said that the talks would go on next week in Minsk. " * 17
    russian = "Министр заявил, что переговоры продолжатся на следующей неделе в Минске. " * 40
    text = english + russian
    assert len(english) > DETECT_CHARS
    assert detect_language(text) == "en"  # the first 1,000 characters
    assert detect_language(text, max_chars=None) == "ru"  # all of it
    assert detect_languages([text, None, float("nan")], max_chars=None) == ["ru", None, None]
    with pytest.raises(ToolkitError, match="max_chars must be a whole number >= 1 or None"):
        detect_language(text, max_chars=0)


def test_letters_decide_among_the_languages_given():
    from toolkit.text import detect_language, letter_script

    # two Cyrillic letters: too short for the model, enough for the script among en and ru
    assert detect_language("Да.", languages=["en", "ru"]) == "ru"
    assert detect_language("Yes.", languages=["en", "ru"]) == "en"
    assert letter_script("Да, да: https://www.bbc.com/russian/articles/x") == "Cyrillic"
    assert letter_script("«Да» — 2023") == "Cyrillic" and letter_script("— 2023 —") is None


def test_lemmatize_ukrainian():
    from toolkit.text import LEMMA_LANGUAGES, lemmatize

    assert LEMMA_LANGUAGES == ("en", "ru", "uk")
    assert lemmatize("санкціями") == "санкція"  # і: Ukrainian, told by the letters
    assert lemmatize("країнами", lang="uk") == "країна"
    assert lemmatize("странами") == "страна"  # Russian as before


# --------------------------------------------------------------------------- every script


def test_stem_takes_a_str():
    for value in (None, 3, b"sanctions", ["sanctions"]):
        with pytest.raises(
            ToolkitError, match=rf"stem\(\) takes a str, got {type(value).__name__}"
        ):
            stem(value)  # type: ignore[arg-type]


def test_marks_class_is_every_combining_mark():
    every = (
        "".join(map(chr, range(0x110000)))
        .encode("utf-16", "surrogatepass")
        .decode("utf-16", "replace")
    )
    found = {m.start() for m in re.finditer(text_module.MARKS, every)}
    marks = {i for i, c in enumerate(every) if unicodedata.category(c) in ("Mn", "Mc", "Me")}
    assert found == marks
    assert not any(re.match(r"\w", every[i]) for i in marks)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("قال مُحَمَّد: السَّلَامُ عليكم.", ["قال", "مُحَمَّد", "السَّلَامُ", "عليكم"]),
        ("שָׁלוֹם עֲלֵיכֶם, שָׁלוֹם!", ["שָׁלוֹם", "עֲלֵיכֶם", "שָׁלוֹם"]),
        ("नमस्ते! भारत की संप्रभुता।", ["नमस्ते", "भारत", "की", "संप्रभुता"]),
        ("बातचीत-प्रक्रिया", ["बातचीत-प्रक्रिया"]),
        ("cafe\u0301 \u0301x", ["cafe\u0301", "x"]),  # a mark after no letter is in no token
    ],
)
def test_letters_keep_their_combining_marks(text: str, tokens: list[str]):
    """Unicode's word rule: a letter and the marks after it are one word (harakat, niqqud,
    Devanagari vowel signs and virama), so no word of these scripts is shredded."""
    assert tokenize(text) == tokens
    assert tokenize(text, split_hyphens=True) == [p for t in tokens for p in t.split("-")]
