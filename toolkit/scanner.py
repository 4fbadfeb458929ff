"""The compiled token scanner: the tokens of many texts at once, in NumPy and Arrow.

:func:`toolkit.text.tokenize` applies the token rule (see :mod:`toolkit.text`) with a regular
expression, one text at a time. This module applies the same rule to a whole batch of texts
joined into one UTF-8 buffer, with array operations on its bytes instead of a loop in Python,
and then lets Arrow's hash table (``pyarrow.compute.dictionary_encode``) find the batch's
distinct tokens. Counting term families then costs one dictionary lookup per distinct word, not
per token.

How the rule becomes array operations
-------------------------------------
Each byte gets the class of the character it is part of (``\\w`` or not, letter, digit,
combining mark). A mark after a word character (or after a mark that is) is part of the run; any
other mark is not. Every token starts at the start of a run of word characters, so the tokens
are the runs, less the runs that continue the token before them:

* a run after a joiner (``'``, ``’``, ``-``, U+2010, U+2011) that follows a word character, or
  the final period of a dotted acronym (``anti-sanctions``, ``U.S.-led``);
* a run after a period or comma between two decimal digits (``1,000``, ``3.5``);
* the letters of a dotted acronym after its first: a chain of single letters each followed by a
  period (at least two), which ends before a character that is not a word character (``U.S.``;
  in ``U.S.A`` the chain is followed by a letter, and each letter is a token of its own).

Texts are joined with NUL, which no token contains or joins across. The result is exactly that of
the regular expression: :func:`token_spans` is checked against ``TOKEN_RE.finditer`` on real
speeches and on random Unicode text (``tests/test_scanner.py``). Texts that cannot be encoded
(a lone surrogate) are left to the regular expression: :func:`token_spans` returns None.

Examples
--------
>>> spans = token_spans(["U.S.-led talks, 1,000 troops.", "Russia’s war-time"])
>>> spans.tokens()
[['U.S.-led', 'talks', '1,000', 'troops'], ['Russia’s', 'war-time']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np

__all__ = ["TokenSpans", "token_spans", "warm_up"]

_NOT_WORD, _WORD, _LETTER, _DIGIT, _MARK = 0, 1, 2, 3, 4
_APOSTROPHE, _HYPHEN, _PERIOD, _COMMA = ord("'"), ord("-"), ord("."), ord(",")
# The joiners above ASCII (’, U+2010, U+2011) are E2 80 99, E2 80 90 and E2 80 91 in UTF-8.
_WIDE_JOINER_ENDS = np.array([0x99, 0x90, 0x91], dtype=np.uint8)
# How many bytes a character has in UTF-8, by its first byte (a continuation byte: 1, unused).
_UTF8_LENGTH = np.array([1] * 192 + [2] * 32 + [3] * 16 + [4] * 16, dtype=np.uint8)
# The bytes that can end what joins a run to the token before it: a joiner, a period, a comma.
_BEFORE_JOIN = np.zeros(256, dtype=bool)
_BEFORE_JOIN[[_APOSTROPHE, _HYPHEN, _PERIOD, _COMMA, *_WIDE_JOINER_ENDS]] = True


def _classes_of(points: np.ndarray) -> np.ndarray:
    """The classes of the code points ``points`` (ascending), from ``str``'s own tests, which
    are the regex engine's: ``\\w`` is ``str.isalnum`` or ``_``, ``\\d`` is ``str.isdecimal``;
    the marks are the ranges of :data:`toolkit.text.MARKS`."""
    from toolkit.text import MARKS

    table = np.zeros(len(points), dtype=np.uint8)
    strings = getattr(np, "strings", None)  # NumPy 2: the tests as array operations
    if strings is not None:
        chars = points.astype(np.uint32).view("<U1")
        table[strings.isalnum(chars)] = _LETTER
        table[strings.isdecimal(chars)] = _DIGIT
    else:  # pragma: no cover - NumPy 1
        every = "".join(map(chr, points))
        for pattern, value in ((r"\w", _LETTER), (r"\d", _DIGIT)):
            found = np.fromiter((m.start() for m in re.finditer(pattern, every)), dtype=np.int64)
            table[found] = value
    table[points == ord("_")] = _WORD
    body = MARKS[1:-1]  # "a-b" ranges and single characters, all above ASCII
    i = 0
    while i < len(body):
        lo = hi = ord(body[i])
        if body[i + 1 : i + 2] == "-":
            hi, i = ord(body[i + 2]), i + 3
        else:
            i += 1
        table[np.searchsorted(points, lo) : np.searchsorted(points, hi, side="right")] = _MARK
    return table


@cache
def _classes() -> np.ndarray:
    """The class of every code point: not a word character; ``_``; a "letter" (``[^\\W\\d_]``,
    what the acronym rule calls a letter: ``\\w`` but not a decimal digit, so ``½`` too); a
    decimal digit (``\\d``); a combining mark (:data:`toolkit.text.MARKS`). Built once per
    process, and only for text above ASCII (a fiftieth of a second)."""
    return _classes_of(np.arange(0x110000, dtype=np.int64))


def warm_up() -> None:
    """Build the scanner's tables now (a process that forks workers calls this first, so that
    they inherit the tables instead of each building its own)."""
    _classes()


@cache
def _ascii_classes() -> bytes:
    """The classes of the ASCII bytes, for ``bytes.translate`` (the bytes above: overwritten)."""
    return _classes_of(np.arange(128, dtype=np.int64)).tobytes() + bytes(128)


@dataclass(frozen=True)
class TokenSpans:
    """The tokens of a batch of texts: ``byte_starts``/``byte_ends`` are offsets into ``data``,
    the UTF-8 encoding of :attr:`joined` (the texts joined by NUL); ``bounds[i]:bounds[i + 1]``
    are the token numbers of text ``i``."""

    texts: Sequence[str]
    #: Whether every text is ASCII (a byte is a character).
    ascii: bool
    data: bytes
    byte_starts: np.ndarray
    byte_ends: np.ndarray
    bounds: np.ndarray
    #: Which tokens are one run of word characters (no joiner, period or comma inside).
    simple: np.ndarray

    @cached_property
    def joined(self) -> str:
        """The texts joined by NUL."""
        return "\x00".join(self.texts)

    @cached_property
    def starts(self) -> np.ndarray:
        """Where each token starts in ``joined`` (a character offset)."""
        return self._characters(self.byte_starts)

    @cached_property
    def ends(self) -> np.ndarray:
        """Where each token ends in ``joined`` (a character offset)."""
        return self._characters(self.byte_ends)

    @cached_property
    def firsts(self) -> np.ndarray:
        """Where each text starts in ``joined`` (a character offset)."""
        lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        firsts = np.zeros(len(self.texts), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=firsts[1:])
        return firsts

    def text_starts(self) -> list[np.ndarray]:
        """Where each token of each text starts in that text (character offsets), a sorted
        array per text."""
        starts, bounds = self.starts, self.bounds.tolist()
        firsts = self.firsts.tolist()
        return [starts[lo:hi] - first for lo, hi, first in zip(bounds, bounds[1:], firsts)]

    def _characters(self, offsets: np.ndarray) -> np.ndarray:
        if self.ascii:  # a byte is a character
            return offsets
        # a character offset is the byte offset less the continuation bytes before it
        return offsets - np.searchsorted(self._continuations, offsets)

    @cached_property
    def _continuations(self) -> np.ndarray:
        return np.flatnonzero((np.frombuffer(self.data, dtype=np.uint8) & 0xC0) == 0x80)

    def tokens(self) -> list[list[str]]:
        """The tokens of each text (for tests and examples: slow)."""
        return [
            [self.joined[s:e] for s, e in zip(self.starts[lo:hi], self.ends[lo:hi])]
            for lo, hi in zip(self.bounds[:-1], self.bounds[1:])
        ]

    def vocabulary(self, which: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
        """The distinct tokens, and for every token its number in that list (of the tokens
        numbered ``which`` only, if given)."""
        distinct, numbers = self.arrow_vocabulary(which)
        return distinct.to_pylist(), numbers

    def arrow_vocabulary(self, which: np.ndarray | None = None) -> tuple[Any, np.ndarray]:
        """:meth:`vocabulary` with the distinct tokens left an Arrow array (no Python strings)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        # The values alternate: what lies before the first token, token, gap, token, ..., so
        # that the offsets run through the whole buffer without copying it.
        n = len(self.byte_starts)
        offsets = np.empty(2 * n + 2, dtype=np.int64)
        offsets[0], offsets[-1] = 0, len(self.data)
        offsets[1:-1:2], offsets[2:-1:2] = self.byte_starts, self.byte_ends
        values = pa.LargeStringArray.from_buffers(
            len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(self.data)
        )
        # only the tokens are encoded: taken out of the alternation (a copy of their bytes)
        which = np.arange(n) if which is None else which
        encoded = pc.dictionary_encode(values.take(pa.array(2 * which + 1)))
        return encoded.dictionary, encoded.indices.to_numpy()


def token_spans(texts: Sequence[str]) -> TokenSpans | None:
    """Find the tokens of every text of ``texts`` at once (None when a text cannot be encoded).

    The tokens are exactly those of ``toolkit.text.TOKEN_RE.finditer(text)`` (without
    lower-casing; see the module docstring).
    """
    ascii = all(map(str.isascii, texts))
    if ascii:
        data = "\x00".join(texts).encode("ascii")
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    else:
        try:
            encoded = [text.encode("utf-8") for text in texts]
        except UnicodeEncodeError:
            return None
        data = b"\x00".join(encoded)
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(texts))
    codes = np.frombuffer(data, dtype=np.uint8)
    classes = np.frombuffer(data.translate(_ascii_classes()), dtype=np.uint8)
    loose = None
    if not ascii:
        classes = _with_wide_classes(codes, classes.copy())
        loose = _attach_marks(classes)
    starts, ends, simple = _spans(codes, classes, loose)
    text_starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=text_starts[1:])
    bounds = np.searchsorted(starts, text_starts)
    return TokenSpans(texts, ascii, data, starts, ends, bounds, simple)


def _with_wide_classes(codes: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """``classes`` with every byte of each character above ASCII given that character's class
    (``codes``: valid UTF-8, so that every first byte has its continuation bytes)."""
    lead = np.flatnonzero(codes >= 0xC0)
    first, second = codes[lead], codes[lead + 1]
    point = (first & 0x1F).astype(np.int32) << 6 | second & 0x3F
    wider = np.flatnonzero(first >= 0xE0)  # three or four bytes
    if len(wider):
        at, top = lead[wider], first[wider]
        middle = (second[wider] & 0x3F).astype(np.int32) << 6 | codes[at + 2] & 0x3F
        wide_point = (top & 0x0F).astype(np.int32) << 12 | middle
        four = np.flatnonzero(top >= 0xF0)
        if len(four):
            wide_point[four] = (
                (top[four] & 0x07).astype(np.int32) << 18
                | middle[four] << 6
                | codes[at[four] + 3] & 0x3F
            )
        point[wider] = wide_point
    found = _classes()[point]
    classes[lead] = found
    classes[lead + 1] = found
    if len(wider):
        classes[at + 2] = found[wider]
        if len(four):
            classes[at[four] + 3] = found[wider][four]
    return classes


def _attach_marks(classes: np.ndarray) -> np.ndarray | None:
    """Give each combining mark its place in ``classes`` (the class of each byte): a mark after
    a word character, or after a mark that is, is part of its run and keeps the class
    ``_MARK``; any other mark (after a space, a period, the start of a text) belongs to no
    token and becomes ``_NOT_WORD``. Returns which bytes are such loose marks (None: the bytes
    have no mark)."""
    marks = np.flatnonzero(classes == _MARK)
    if not len(marks):
        return None
    # each run of mark bytes goes with the byte before it (none at the start): read only
    # there, marks being few in a batch of text
    first = np.ones(len(marks), dtype=bool)
    first[1:] = marks[1:] != marks[:-1] + 1
    before = marks[first] - 1
    free = (before < 0) | (classes[np.maximum(before, 0)] == _NOT_WORD)
    at = marks[free[np.cumsum(first) - 1]]
    loose = np.zeros(len(classes), dtype=bool)
    loose[at] = True
    classes[at] = _NOT_WORD
    return loose


def _spans(
    codes: np.ndarray, classes: np.ndarray, loose: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end offsets of the tokens in the UTF-8 bytes ``codes`` (see the module
    docstring; ``classes``: the class of each byte's character, after :func:`_attach_marks`;
    ``loose``: the bytes of the marks that belong to no token), and which tokens are a single
    run of word characters."""
    n = len(codes)
    word = np.zeros(n + 2, dtype=bool)  # word[i + 1]: byte i is part of a word character
    np.not_equal(classes, _NOT_WORD, out=word[1:-1])
    edges = np.flatnonzero(word[1:] != word[:-1])  # runs of word characters: [start, end)
    runs, run_ends = edges[0::2], edges[1::2]
    if not len(runs):
        return runs, run_ends, np.zeros(0, dtype=bool)
    starts_token = np.ones(len(runs), dtype=bool)  # which runs start a token

    # Dotted acronyms: runs of a single letter each followed by a period, in chains.
    # (a run that ends the buffer reads its own last byte: not a period)
    dotted = np.flatnonzero(codes.take(run_ends, mode="clip") == _PERIOD)
    at = runs[dotted]
    one = (run_ends[dotted] - at == _UTF8_LENGTH[codes[at]]) & (classes[at] == _LETTER)
    if loose is not None:  # (nor is the letter one after a mark)
        one &= ~loose[np.maximum(at - 1, 0)] | (at == 0)
    pairs = dotted[one]  # run numbers
    final_periods = np.zeros(0, dtype=np.int64)
    if len(pairs):
        new_chain = np.ones(len(pairs), dtype=bool)
        new_chain[1:] = runs[pairs[1:]] != run_ends[pairs[:-1]] + 1
        chain = np.cumsum(new_chain) - 1
        length = np.bincount(chain)
        last = pairs[np.cumsum(length) - 1]  # the run of each chain's last letter
        periods = run_ends[last]
        accepted = (length >= 2) & ~word[np.minimum(periods + 1, n) + 1]
        starts_token[pairs[accepted[chain] & ~new_chain]] = False
        final_periods = periods[accepted]
        ends_chain = np.zeros(len(runs), dtype=bool)  # its token ends after the period
        ends_chain[last[accepted]] = True

    # Runs that continue the token before them (a run at offset 0 or 1 cannot).
    # Only runs after a joiner, a period or a comma (or the last byte of ’, U+2010, U+2011).
    later = np.flatnonzero(_BEFORE_JOIN[codes[runs - 1]])
    later = later[starts_token[later] & (runs[later] >= 2)]
    at = runs[later]
    before = codes[at - 1]
    joined = (before == _APOSTROPHE) | (before == _HYPHEN)
    wide = np.isin(before, _WIDE_JOINER_ENDS) & (at >= 4)
    if wide.any():
        ending = at[wide]
        wide[wide] = (codes[ending - 3] == 0xE2) & (codes[ending - 2] == 0x80)
        joined |= wide
    if joined.any():
        after = at[joined] - np.where(wide[joined], 4, 2)  # (the last byte of) the character
        alive = word[after + 1]  # before the joiner
        if len(final_periods):
            alive |= np.isin(after, final_periods)
        joined[joined] = alive
    numeric = (before == _PERIOD) | (before == _COMMA)
    if numeric.any():
        digits = at[numeric]
        numeric[numeric] = (classes[digits - 2] == _DIGIT) & (classes[digits] == _DIGIT)
    starts_token[later[joined | numeric]] = False

    # A token ends where its last run ends, after the final period of an acronym.
    ends_token = np.ones(len(runs), dtype=bool)  # which runs end a token
    ends_token[:-1] = starts_token[1:]
    ends = run_ends[ends_token]
    if len(final_periods):
        ends = ends + ends_chain[ends_token]
    return runs[starts_token], ends, ends_token[starts_token]
