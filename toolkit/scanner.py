"""The compiled token scanner: the tokens of many texts at once, in NumPy and Arrow.

:func:`toolkit.text.tokenize` applies the token rule (see :mod:`toolkit.text`) with a regular
expression, one text at a time. This module applies the same rule to a whole batch of texts
joined into one array of code points, with array operations instead of a loop in Python, and
then lets Arrow's hash table (``pyarrow.compute.dictionary_encode``) find the batch's distinct
tokens. Counting term families then costs one dictionary lookup per distinct word, not per token.

How the rule becomes array operations
-------------------------------------
Every token starts at the start of a run of word characters (``\\w``), so the tokens are the
runs, less the runs that continue the token before them:

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
>>> spans = token_spans(["U.S.-led talks, 1,000 troops.", "Russia's war-time"])
>>> spans.tokens()
[['U.S.-led', 'talks', '1,000', 'troops'], ["Russia's", 'war-time']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

__all__ = ["TokenSpans", "by_script", "token_spans", "warm_up"]

_NOT_WORD, _WORD, _LETTER, _DIGIT = 0, 1, 2, 3
_JOINERS = np.array([ord(c) for c in "'’-\u2010\u2011"], dtype=np.uint32)
_PERIOD, _COMMA = ord("."), ord(",")


@cache
def _classes() -> np.ndarray:
    """The class of every code point: not a word character; ``_``; a "letter" (``[^\\W\\d_]``,
    what the acronym rule calls a letter: ``\\w`` but not a decimal digit, so ``½`` too); a
    decimal digit (``\\d``). Asked of the regex engine itself, once per process (a tenth of a
    second)."""
    every = "".join(map(chr, range(0x110000)))
    table = np.zeros(0x110000, dtype=np.uint8)
    for pattern, value in ((r"\w", _LETTER), (r"\d", _DIGIT), (r"_", _WORD)):
        found = np.fromiter((m.start() for m in re.finditer(pattern, every)), dtype=np.int64)
        table[found] = value
    return table


def warm_up() -> None:
    """Build the scanner's tables now (a process that forks workers calls this first, so that
    they inherit the tables instead of each building its own)."""
    _classes()


@cache
def _ascii_classes() -> bytes:
    return _classes()[:256].tobytes()


@dataclass(frozen=True)
class TokenSpans:
    """The tokens of a batch of texts: ``starts``/``ends`` are offsets into ``joined`` (the texts
    joined by NUL), ``bounds[i]:bounds[i + 1]`` the token numbers of text ``i``."""

    joined: str
    starts: np.ndarray
    ends: np.ndarray
    bounds: np.ndarray
    #: Where each text starts in ``joined``.
    offsets: np.ndarray
    #: The UTF-8 encoding of ``joined`` and each token's offsets in it.
    data: bytes
    byte_starts: np.ndarray
    byte_ends: np.ndarray

    def tokens(self) -> list[list[str]]:
        """The tokens of each text (for tests and examples: slow)."""
        return [
            [self.joined[s:e] for s, e in zip(self.starts[lo:hi], self.ends[lo:hi])]
            for lo, hi in zip(self.bounds[:-1], self.bounds[1:])
        ]

    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        """The distinct tokens, and for every token its number in that list."""
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
        encoded = pc.dictionary_encode(values)
        return encoded.dictionary.to_pylist(), encoded.indices.to_numpy()[1::2]


def by_script(texts: Sequence[str]) -> list[list[int]]:
    """The positions of the ASCII texts and of the others: batches to scan apart, since ASCII
    text scans as bytes, several times faster than text that needs code points.

    Examples
    --------
    >>> by_script(["peace", "мир", "war"])
    [[0, 2], [1]]
    """
    ascii = [i for i, text in enumerate(texts) if text.isascii()]
    if len(ascii) == len(texts):
        return [ascii]
    other = sorted(set(range(len(texts))) - set(ascii))
    return [part for part in (ascii, other) if part]


def token_spans(texts: Sequence[str]) -> TokenSpans | None:
    """Find the tokens of every text of ``texts`` at once (None when a text cannot be encoded).

    The tokens are exactly those of ``toolkit.text.TOKEN_RE.finditer(text)`` (without
    lower-casing; see the module docstring).
    """
    joined = "\x00".join(texts)
    try:
        if joined.isascii():
            data = joined.encode("ascii")
            codes: np.ndarray = np.frombuffer(data, dtype=np.uint8)
            classes = np.frombuffer(data.translate(_ascii_classes()), dtype=np.uint8)
        else:
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
            classes = _classes()[codes]
            data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return None
    starts, ends = _spans(codes, classes)
    if codes.dtype == np.uint8:
        byte_starts, byte_ends = starts, ends
    else:  # offsets in characters -> in UTF-8 bytes: add the extra bytes of the wider ones
        wide = np.flatnonzero(codes >= 0x80)
        wide_codes = codes[wide]
        extra = np.zeros(len(wide) + 1, dtype=np.int64)
        np.cumsum(
            1 + (wide_codes >= 0x800).astype(np.int64) + (wide_codes >= 0x10000), out=extra[1:]
        )
        byte_starts = starts + extra[np.searchsorted(wide, starts)]
        byte_ends = ends + extra[np.searchsorted(wide, ends)]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    text_starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=text_starts[1:])
    bounds = np.searchsorted(starts, text_starts)
    return TokenSpans(joined, starts, ends, bounds, text_starts[:-1], data, byte_starts, byte_ends)


def _spans(codes: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the tokens in ``codes`` (see the module docstring)."""
    n = len(codes)
    word = np.zeros(n + 2, dtype=bool)  # word[i + 1]: codes[i] is a word character
    np.not_equal(classes, _NOT_WORD, out=word[1:-1])
    edges = np.flatnonzero(word[1:] != word[:-1])  # runs of word characters: [start, end)
    runs, run_ends = edges[0::2], edges[1::2]
    if not len(runs):
        return runs, run_ends
    starts_token = np.ones(len(runs), dtype=bool)  # which runs start a token

    # Dotted acronyms: single letters each followed by a period, in chains two apart.
    single = np.flatnonzero((run_ends - runs == 1) & (classes[runs] == _LETTER))
    single = single[runs[single] + 1 < n]
    pairs = single[codes[runs[single] + 1] == _PERIOD]  # run numbers
    final_periods = np.zeros(0, dtype=np.int64)
    if len(pairs):
        at = runs[pairs]
        new_chain = np.ones(len(pairs), dtype=bool)
        new_chain[1:] = np.diff(at) != 2
        chain = np.cumsum(new_chain) - 1
        length = np.bincount(chain)
        last = at[new_chain] + 2 * (length - 1)
        accepted = (length >= 2) & ~word[np.minimum(last + 2, n) + 1]
        starts_token[pairs[accepted[chain] & ~new_chain]] = False
        final_periods = last[accepted] + 1
        # the run of each accepted chain's last letter: its token ends after the period
        ends_chain = np.zeros(len(runs), dtype=bool)
        ends_chain[pairs[np.cumsum(length)[accepted] - 1]] = True

    # Runs that continue the token before them (a run at offset 0 or 1 cannot).
    later = np.flatnonzero(starts_token & (runs >= 2))
    at = runs[later]
    before = codes[at - 1]
    joined = np.isin(before, _JOINERS)
    if joined.any():
        after = at[joined] - 2
        alive = word[after + 1]
        if len(final_periods):
            alive |= np.isin(after, final_periods)
        joined[joined] = alive
    numeric = (before == _PERIOD) | (before == _COMMA)
    if numeric.any():
        digits = at[numeric]
        numeric[numeric] = (classes[digits - 2] == _DIGIT) & (classes[digits] == _DIGIT)
    starts_token[later[joined | numeric]] = False

    # A token ends where its last run ends, after the final period of an acronym.
    first = np.flatnonzero(starts_token)
    last_runs = np.append(first[1:], len(runs)) - 1
    ends = run_ends[last_runs]
    if len(final_periods):
        ends = ends + ends_chain[last_runs]
    return runs[first], ends
