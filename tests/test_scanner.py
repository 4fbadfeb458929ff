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
from toolkit.text import TOKEN_RE


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
    codes = [ord(c) for c in every]
    assert {i for i, c in enumerate(codes) if classes[c] != 0} == word
    assert {i for i, c in enumerate(codes) if classes[c] == 2} == letter
    assert {i for i, c in enumerate(codes) if classes[c] == 3} == digit


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
@given(st.lists(news_like, min_size=1, max_size=5))
def test_the_tokens_of_random_text(texts: list[str]):
    """Synthetic random strings: news-like words, the characters the rule treats specially and
    arbitrary Unicode."""
    spans = token_spans(texts)
    if spans is None:  # a lone surrogate: the regex path takes over
        with pytest.raises(UnicodeEncodeError):
            "".join(texts).encode("utf-8")
        return
    assert spans.tokens() == regex_tokens(texts)
    vocab, ids = spans.vocabulary()
    assert [vocab[i] for i in ids] == [t for tokens in regex_tokens(texts) for t in tokens]
    assert np.array_equal(np.diff(spans.bounds), [len(t) for t in regex_tokens(texts)])


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00", "U.S.", "U.S.A", "a.b.c.", "U.K.'s", "anti-U.S.-led", "1,000.5,3",
     "x-U.S.A", "½.b.", "a--b", "don't", "’twas", "Ж.Д.", "9’²", "e.g., i.e.", "Ж.Д.’s",
     "é.b.-x", "x’y x\u2010y x\u2011y x\u2012y", "a’’b", "ab’", "’", "𝐀.𝐁. 𝐀𝐁’𝐂", "٣.٤ ٣,x",
     "🙂.a.b.", "a.🙂.b.", "ж\u0301.д.", "日本.語", "x\u3019y x\u3010y x\u3011y"],
)  # fmt: skip
def test_edge_cases(text: str):
    spans = token_spans([text, text])
    assert spans is not None and spans.tokens() == regex_tokens([text, text])
