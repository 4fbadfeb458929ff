"""Sentences (a fast rule: the spans only decide which clause an attribution governs)."""

from __future__ import annotations

import re

#: A sentence end: a run of stops (with closing marks, the group ``close``) before white space
#: (the group ``space``, with a web page's "read more" link or a rule of underscores, "___",
#: after it) and a capital or a digit, or a line break. (Written to begin with one
#: character class, which the engine then looks for before trying the rest: the plain
#: alternation would be tried at every character.)
_SENT_RE = re.compile(
    r"[.!?…\n](?:(?<=\n)|(?<=[.!?…])[.!?…]*(?P<close>[\"'”»’)\]*_]*)"
    r"(?=(?P<space>\s+(?:read more\s+|_{3,}\s+)?)(?:[–—-]\s+)?[\"'“«„‘(\[*_]*[A-ZА-ЯЁ0-9]))"
)


_ABBREV_RE = re.compile(r"(?:^|[\s(])([\w.]{1,6})\.$")


#: The months' abbreviations (also words of time: :data:`toolkit.voice.names._TIME_WORDS`).
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                        "nov", "dec")  # fmt: skip


_ABBREVIATIONS = frozenset(
    [
        *_MONTH_ABBREVIATIONS,
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "rev",
        "hon",
        "sen",
        "rep",
        "reps",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "pres",
        "amb",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "ltd",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
        "т.е",
        "т.д",
        "т.п",
        "г",
        "гг",
        "ул",
        "им",
        "им.",
        "р",
        "руб",
        "млн",
        "млрд",
        "тыс",
    ]
)


#: Letters enough for a word to be longer than any abbreviation (the letters and digits
#: before a stop are a word for ``_ABBREV_RE``).
_ABBREV_LONG = max(map(len, _ABBREVIATIONS)) + 1


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end), leading white space left out (and spans of
    white space alone)."""
    out = []
    start = 0
    at = -1  # where the text after ``start`` begins, when known (-1: not yet looked for)
    abbreviation = _ABBREV_RE.search
    for m in _SENT_RE.finditer(text):
        close = m.start("close")
        if close < 0:  # a line break
            end = m.start()
        else:
            dot = close - 1
            # (a word longer than any abbreviation is none: the pattern is not needed)
            if dot < _ABBREV_LONG or not text[dot - _ABBREV_LONG : dot].isalnum():
                word = abbreviation(text, max(0, dot - 8), dot + 1)
                if word is not None:
                    short = word.group(1)
                    if (
                        short.lower() in _ABBREVIATIONS or (len(short) == 1 and short.isupper())
                    ) and (
                        not _OPENS_SENTENCE_RE.match(text, m.end())
                    ):  # ("... the U.S. It said": an abbreviation can end a sentence)
                        continue
            end = m.end()
        if end > start:
            if at < 0:
                first = _NOT_SPACE_RE.search(text, start)
                at = len(text) if first is None else first.start()
            if at < end:
                out.append((at, end))
        start = m.end()
        at = m.end("space")  # (-1 after a line break)
    if start < len(text):
        first = _NOT_SPACE_RE.search(text, start)
        if first is not None:
            out.append((first.start(), len(text)))
    return out


_NOT_SPACE_RE = re.compile(r"\S")


#: A word that opens a sentence and never follows a title or an initial.
_OPENS_SENTENCE_RE = re.compile(
    r"\s+(?:It|He|She|They|We|The|This|That|These|Those|There|But|However|Its|His|Her|Their)\b"
)
