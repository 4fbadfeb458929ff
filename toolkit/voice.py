"""Whose words they are: quotations, reported speech, speakers and relays in news text.

For state-media research the central question about a word is whose word it is. Every character
of an article is given a **voice**:

* ``quote`` -- a speaker's own words, between quotation marks (``“ ”``, ``" "``, ``‘ ’`` as
  British outlets use them, ``« »``, ``„ “``, nested, over several sentences and paragraphs,
  Russian dash quotes ``«...», — заявил он``);
* ``reported`` -- a speaker's position in the outlet's words: the complement of a reporting
  verb (``X said that ...``, ``X urged ...``, ``X has made clear its desire ...``, ``X
  заявил, что ...``), an attribution at the end of a sentence (``..., Volodin wrote``, ``...,
  заявил Путин``), ``according to X``, ``по словам X``, the contents of a speaker's demands or
  documents set out right after the speaker's statement (``The demands include ...``), and
  free indirect speech (unframed sentences between two statements of one speaker);
* ``outlet`` -- everything else: the outlet's narration, headlines, captions, datelines and the
  attribution frame itself (``NATO Secretary General Jens Stoltenberg said``).

A quote or a reported stretch has a **speaker**, one canonical name per article (titles
stripped; ``Lukashenko``, ``the Belarusian leader`` and ``he`` are ``Alexander Lukashenko``;
``according to his interview`` after ``Blinken is not expecting ...`` is Blinken's; Russian
names in the nominative: ``Путина`` is ``Путин``; one name per body, ``Russian Foreign
Ministry`` preferred to ``Foreign Ministry of Russia``, and a country speaking where a ministry
of it speaks in the article is that ministry), and a **relay** when the article
credits a news organisation for it (``the BelTA news agency quoted ... as saying``, ``told the
BBC``, ``передает ТАСС``) or is another agency's wire copy (then every span has it). Credits
naming the publishing outlet itself are not relays.

The rules are read from data: reporting verbs and cues in ``toolkit/resources/voice/en.yaml``
and ``ru.yaml`` (extend them with ``cues=``), news agencies from the ``agencies`` section of
``toolkit/resources/boilerplate.yaml``. They are measured against hand labels of real articles
by ``benchmarks/voice.py``. Everything works on the text as given: offsets are Python string
indices into it (normalising the text first, e.g. folding curly quotes, loses nesting).

* :func:`voice_spans` -- the spans of one text, computed once and kept in :data:`SPANS` (a
  :class:`SpanCache`: bounded, thread-safe, keyed by a digest of the text, the cues and the
  outlet), which every analysis that asks for voices shares (:func:`voice_reader`; forked
  workers hand what they computed back through the engine's ``memory``);
* :func:`annotate_voice` -- the spans of every article of a corpus, as a table;
* :func:`voice_of` -- the voice, speaker and relay at character offsets (hits of kwic or
  count_terms), by bisection over the spans;
* :func:`find_quotes` -- the quotations alone;
* :func:`find_credits` -- every credit to a news organisation and every dateline, as a table.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import threading
import weakref
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from heapq import heappop, heappush
from importlib import import_module, resources
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import yaml

from toolkit.engine import (
    Analysis,
    Document,
    Partial,
    column_dtypes,
    meta_columns,
    rows_frame,
    run,
)
from toolkit.errors import MissingResourceError, ToolkitError
from toolkit.util import word_trie

__all__ = [
    "CACHE_SPANS",
    "CREDIT_FIELDS",
    "SPANS",
    "VOICES",
    "VOICE_COLUMNS",
    "Credit",
    "Cues",
    "Memories",
    "Quote",
    "SpanCache",
    "Voice",
    "VoiceSpan",
    "annotate_voice",
    "find_credits",
    "find_quotes",
    "full_speaker_names",
    "load_cues",
    "voice_of",
    "voice_reader",
    "voice_spans",
    "warm_up",
]

#: The three voices, in the order of precedence of the rules (LABELS: quote, reported, outlet).
VOICES = ("quote", "reported", "outlet")
#: The columns of an annotate_voice() table after ``doc_id`` and the ``meta`` columns.
VOICE_COLUMNS = ["start", "end", "voice", "speaker", "relay"]
#: The columns of a find_credits() table after ``doc_id`` and the ``meta`` columns.
CREDIT_FIELDS = ["start", "end", "credit", "agency", "kind", "self_credit"]


class VoiceSpan(NamedTuple):
    """A stretch of text with one voice: ``text[start:end]``."""

    start: int
    end: int
    #: ``quote``, ``reported`` or ``outlet``.
    voice: str
    #: The canonical name of the speaker; empty for the outlet's voice.
    speaker: str
    #: The news organisation credited for these words; empty when none (or the outlet itself).
    relay: str


class Voice(NamedTuple):
    """The voice at one offset (what :func:`voice_of` returns)."""

    voice: str
    speaker: str
    relay: str


class Quote(NamedTuple):
    """A quotation: ``text[start:end]`` runs from its opening mark to its closing mark."""

    start: int
    end: int
    #: False when the opening or the closing mark is missing (the quote was ended by the rules:
    #: at a paragraph break, at the next quotation that opens a sentence, at an attribution).
    closed: bool
    #: 0 for a quotation in the outlet's text, 1 for one inside it, and so on.
    depth: int


class Credit(NamedTuple):
    """A credit to a news organisation, or a dateline, found in a text."""

    start: int
    end: int
    #: The text of the credit, ``text[start:end]``.
    credit: str
    #: The canonical name of the organisation (several joined with ``"; "``).
    agency: str
    #: ``dateline``, ``relay`` (inside a sentence), ``photo``, ``sign_off``,
    #: ``own_correspondent``, ``editorial_note`` or ``footer``.
    kind: str
    #: Whether ``agency`` is the publishing outlet itself (when the outlet is known).
    self_credit: bool


# ---------------------------------------------------------------------------------------------
# Cues: data in toolkit/resources/voice/{en,ru}.yaml

_SECTIONS = (
    "verbs",
    "forms",
    "impersonal",
    "according",
    "opinion",
    "roles",
    "documents",
    "bodies",
    "titles",
    "nationalities",
    "places",
    "things",
    "skip",
    "stops",
    "pronouns",
    "agencies",
)
_LANGUAGES = ("en", "ru")


@dataclass(frozen=True, eq=False)
class Cues:
    """The compiled reporting cues of one language (see :func:`load_cues`)."""

    language: str
    #: Finite forms of the reporting verbs, lower case.
    verbs: frozenset[str]
    #: Participles and gerunds that open a frame after a comma (``adding``, ``добавив``).
    participles: frozenset[str]
    #: Impersonal forms (``говорится``, ``сообщается``, ``сказано``): the words are those of
    #: the document or body named last.
    impersonal: frozenset[str]
    according: frozenset[str]
    opinion: frozenset[str]
    roles: frozenset[str]
    documents: frozenset[str]
    bodies: frozenset[str]
    titles: frozenset[str]
    nationalities: frozenset[str]
    places: frozenset[str]
    #: Capitalised nouns of things (Pact, War, Stream): never part of a personal name.
    things: frozenset[str]
    skip: frozenset[str]
    stops: frozenset[str]
    person_pronouns: frozenset[str]
    any_pronouns: frozenset[str]
    #: Every cue (verbs, participles, phrases) as one regular expression.
    cue_re: re.Pattern[str]
    #: The finite verbs alone (to end an unclosed quotation at its attribution).
    verb_re: re.Pattern[str]
    #: What the cues were made from (language and added cues): equal in every process, so the
    #: span cache can key by it.
    key: tuple[Any, ...] = ()


def _en_forms(entry: str) -> tuple[set[str], set[str]]:
    """The finite forms and the -ing form of an English verb entry (``"say said"``)."""
    words = entry.lower().split()
    base, extra = words[0], words[1:]
    ing = {w for w in extra if w.endswith("ing")}
    finite = {base, *(w for w in extra if not w.endswith("ing"))}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        finite.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        finite.add(base[:-1] + "ies")
    else:
        finite.add(base + "s")
    if not any(w.endswith("ed") or w in {"said", "told", "wrote", "thought"} for w in extra):
        if base.endswith("e"):
            finite.add(base + "d")
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            finite.add(base[:-1] + "ied")
        else:
            finite.add(base + "ed")
    if not ing:
        stem = base[:-1] if base.endswith("e") and not base.endswith("ee") else base
        ing.add(stem + "ing")
    return finite, ing


@cache
def _morph() -> Any:
    """pymorphy3's analyser (its Russian dictionary ships inside its package)."""
    try:
        pymorphy3 = import_module("pymorphy3")
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise MissingResourceError(
            "Russian voice annotation needs pymorphy3: pip install pymorphy3"
        ) from error
    return pymorphy3.MorphAnalyzer()


def _ru_forms(lemma: str) -> tuple[set[str], set[str]]:
    """Every finite form and gerund of a Russian verb, or every form of a noun phrase's words
    (for roles and documents: the last word inflected, the others as given)."""
    morph = _morph()
    words = lemma.lower().split()
    finite: set[str] = set()
    gerunds: set[str] = set()
    parses = [p for p in morph.parse(words[-1]) if p.normal_form == words[-1].replace("ё", "е")]
    for parse in parses[:2] or morph.parse(words[-1])[:1]:
        for form in parse.lexeme:
            tag = form.tag
            if "PRTF" in tag or "PRTS" in tag or "INFN" in tag:
                continue
            target = gerunds if "GRND" in tag else finite
            target.add(" ".join([*words[:-1], form.word]))
    finite.add(" ".join(words))
    return finite, gerunds


def _read_yaml(path: Any, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ToolkitError(f"Could not read the voice cues {where}: {error}") from error
    if not isinstance(data, dict):
        raise ToolkitError(
            f"The voice cues {where} must be a mapping of sections ({', '.join(_SECTIONS)}) to "
            "lists of words."
        )
    return data


def _check_extra(extra: Any) -> dict[str, Any]:
    if extra is None:
        return {}
    if isinstance(extra, (str, Path)):
        path = Path(extra)
        if not path.is_file():
            raise ToolkitError(
                f"cues={str(extra)!r} is not a file. Pass a YAML file with the sections of "
                "toolkit/resources/voice/en.yaml, or a dict such as {'verbs': ['reckon']}."
            )
        extra = _read_yaml(path, f"file {path}")
    if not isinstance(extra, Mapping):
        raise ToolkitError(
            f"cues= takes a dict of sections to word lists, a YAML path or None, not "
            f"{type(extra).__name__}: e.g. cues={{'verbs': ['reckon']}}."
        )
    unknown = sorted(set(extra) - set(_SECTIONS))
    if unknown:
        raise ToolkitError(
            f"cues= has unknown sections {unknown}; the sections are {', '.join(_SECTIONS)}."
        )
    return dict(extra)


def _words(value: Any, section: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)) or not all(
        isinstance(v, str) for v in value
    ):
        raise ToolkitError(f"The cue section {section!r} must be a list of strings.")
    return [v.strip() for v in value if v.strip()]


def load_cues(language: str = "en", cues: Any = None) -> Cues:
    """The reporting cues of ``language`` (``"en"`` or ``"ru"``): the packaged lists, plus ``cues``.

    Parameters
    ----------
    language : {"en", "ru"}
    cues : dict or YAML path, optional
        Words to add, by section: ``verbs`` (English base forms, whose -s, -ed and -ing forms
        are made by rule; Russian dictionary forms, inflected with pymorphy3), ``forms`` (word
        forms as written), ``impersonal`` (forms whose speaker is the document or body named
        last: ``говорится``, ``сообщается``), ``according``, ``opinion``, ``roles``,
        ``documents``, ``bodies``, ``titles``, ``nationalities``, ``places``, ``skip``,
        ``stops``. The packaged lists and what each section means are in
        ``toolkit/resources/voice/en.yaml`` and ``ru.yaml``.

    Examples
    --------
    >>> cues = load_cues("en", {"verbs": ["reckon"]})
    >>> sorted(w for w in cues.verbs if w.startswith("reckon"))
    ['reckon', 'reckoned', 'reckons']
    >>> "reckoning" in cues.participles
    True
    """
    if language not in _LANGUAGES:
        raise ToolkitError(
            f"Voice cues exist for {', '.join(_LANGUAGES)}, not {language!r}; pass language='en' "
            "or language='ru'."
        )
    return _load_cues(language, _freeze(_check_extra(cues)))


def _freeze(extra: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    frozen = []
    for key in sorted(extra):
        value = extra[key]
        if isinstance(value, Mapping):
            value = tuple(sorted((k, tuple(_words(v, key))) for k, v in value.items()))
        else:
            value = tuple(_words(value, key))
        frozen.append((key, value))
    return tuple(frozen)


@lru_cache(maxsize=16)
def _load_cues(language: str, extra: tuple[tuple[str, Any], ...]) -> Cues:
    path = resources.files("toolkit.resources").joinpath("voice", f"{language}.yaml")
    data = _read_yaml(path, f"toolkit/resources/voice/{language}.yaml")
    added = dict(extra)

    def section(name: str) -> list[str]:
        return _words(data.get(name), name) + list(added.get(name, ()))

    finite: set[str] = set()
    participles: set[str] = set()
    for entry in section("verbs"):
        forms, ing = _en_forms(entry) if language == "en" else _ru_forms(entry)
        finite |= forms
        participles |= ing
    finite |= {w.lower() for w in section("forms")}
    impersonal = frozenset(w.lower() for w in section("impersonal"))
    finite |= impersonal
    if language == "en":
        participles.discard("according")

    def nouns(name: str) -> frozenset[str]:
        out: set[str] = set()
        for entry in section(name):
            entry = entry.lower()
            out.add(entry)
            if language == "ru":
                out |= _ru_forms(entry)[0]
            elif not entry.endswith("s"):
                out.add(entry + "s" if name != "roles" else entry)
        return frozenset(out)

    pronouns = data.get("pronouns") or {}
    according = frozenset(w.lower() for w in section("according"))
    opinion = frozenset(w.lower() for w in section("opinion"))
    every = finite | participles | according | opinion
    if language == "ru":
        every |= _RU_CITES  # ("приводит слова X": a frame only with the words it cites)
        every |= _RU_RELAYS  # ("передает Рейтер": a frame only when it credits an agency)
    variants = {v for w in every for v in (w, w[:1].upper() + w[1:])}
    boundary_l, boundary_r = r"(?<![\w\-])", r"(?![\w\-])"
    cue_re = re.compile(boundary_l + word_trie(sorted(variants)) + boundary_r)
    verbs = finite | _RU_CITES if language == "ru" else finite  # ("..., - цитирует слова X")
    verb_variants = {v for w in verbs for v in (w, w[:1].upper() + w[1:])}
    verb_re = re.compile(boundary_l + word_trie(sorted(verb_variants)) + boundary_r)
    return Cues(
        language=language,
        verbs=frozenset(finite),
        participles=frozenset(participles - finite),
        impersonal=impersonal,
        according=according,
        opinion=opinion,
        roles=nouns("roles"),
        documents=nouns("documents"),
        bodies=nouns("bodies"),
        titles=frozenset(section("titles")),
        nationalities=frozenset(section("nationalities")),
        places=frozenset(section("places")),
        things=frozenset(section("things")),
        skip=frozenset(w.lower() for w in section("skip")),
        stops=frozenset(w.lower() for w in section("stops")),
        person_pronouns=frozenset(_words(pronouns.get("person"), "pronouns")),
        any_pronouns=frozenset(_words(pronouns.get("any"), "pronouns")),
        cue_re=cue_re,
        verb_re=verb_re,
        key=(language, extra),
    )


# ---------------------------------------------------------------------------------------------
# Agencies: the names in boilerplate.yaml, with the forms the voice files add


@dataclass(frozen=True, eq=False)
class _Agencies:
    #: Written form -> canonical name.
    names: Mapping[str, str]
    #: Any written form, as a regular expression (no group).
    pattern: str


@cache
def _agencies() -> _Agencies:
    names: dict[str, str] = {}
    sources = [("boilerplate.yaml",), ("voice", "en.yaml"), ("voice", "ru.yaml")]
    for parts in sources:
        path = resources.files("toolkit.resources").joinpath(*parts)
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError):  # pragma: no cover - packaged files
            continue
        for canonical, forms in (data.get("agencies") or {}).items():
            for form in [canonical, *(forms or [])]:
                if isinstance(form, str) and form.strip():
                    names.setdefault(form.strip(), str(canonical))
    pattern = r"(?<![\w\-])" + word_trie(sorted(names)) + r"(?![\w\-])"
    return _Agencies(names=names, pattern=pattern)


def _agency_name(written: str) -> str:
    names = _agencies().names
    written = written.strip()
    if written in names:
        return names[written]
    bare = written.strip("«»\"'“”")
    return names.get(bare, bare)


@lru_cache(maxsize=256)
def _outlet_agency(outlet: str | None) -> str | None:
    """The agency a publishing outlet is (``RIA Novosti (Telegram)`` -> ``RIA Novosti``)."""
    if not outlet:
        return None
    names = _agencies().names
    if outlet in names:
        return names[outlet]
    found = [
        (len(form), canonical)
        for form, canonical in names.items()
        if len(form) > 2 and re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", outlet)
    ]
    return max(found)[1] if found else outlet


# ---------------------------------------------------------------------------------------------
# Quotations

#: Every quotation mark (and line break) but a single mark between two word characters, an
#: apostrophe (Russia's, don't). (The lookarounds come after the mark: a lookbehind first would
#: cost a test at every character.)
_MARK_RE = re.compile(r"[\"“”«»„\n'‘’](?:(?<=[\"“”«»„\n])|(?<!\w.)|(?!\w))")
_WORD_CHAR_RE = re.compile(r"\w")
_OPEN_BEFORE = frozenset("([{—–-/«„“‘\"'")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-»”’\"'…")
_DOUBLE, _SINGLE = "d", "s"
#: Longest single-quoted passage (British quotes close within their paragraph).
_SINGLE_MAX = 600


def _flanks(text: str, p: int) -> tuple[bool, bool]:
    """Whether the mark at ``p`` can open (space or an opening sign before it, a letter after)
    and whether it can close (a letter or a sign before it, space or punctuation after)."""
    i = p - 1
    while i >= 0 and text[i] in "*_":
        i -= 1
    j = p + 1
    n = len(text)
    while j < n and text[j] in "*_":
        j += 1
    prev = text[i] if i >= 0 else " "
    nxt = text[j] if j < n else " "
    left_open = prev.isspace() or prev in _OPEN_BEFORE
    right_close = nxt.isspace() or nxt in _CLOSE_AFTER
    return left_open and not right_close, right_close and not left_open


def _sentence_start_before(text: str, p: int) -> int:
    """The start of the sentence (or line) that position ``p`` is in."""
    lo = max(0, p - 600)
    best = lo if lo else 0
    for m in re.finditer(r"[.!?…]\s+|\n", text[lo:p]):
        best = lo + m.end()
    return best


def find_quotes(text: str, *, language: str | None = None, cues: Any = None) -> list[Quote]:
    """The quotations of ``text``, in text order, nested ones included (``depth`` > 0).

    Marks: ``“ ”``, ``" "``, ``« »``, ``„ “`` and single quotes ``‘ ’`` / ``' '`` (as British
    outlets use them: an apostrophe inside or after a word, ``Russia's``, ``don't``, ``‘90s``,
    ``allies’``, is never a quote). Whether a straight mark opens or closes is read from its
    neighbours, not counted, so one stray mark does not flip the rest of the text: an unclosed
    quotation ends at its attribution (``..., he said``), at the next quotation that opens a
    sentence (the convention for a quotation over several paragraphs: every paragraph opens with
    a mark, only the last one closes), at a line break or at the end of the text; a closing mark
    with no opening one, followed by an attribution, quotes its sentence.

    Examples
    --------
    >>> text = "“We will ‘never’ give up,” he said. Russia's «view „is“ clear»."  # synthetic
    >>> [(text[q.start:q.end], q.depth) for q in find_quotes(text)]
    [('“We will ‘never’ give up,”', 0), ('‘never’', 1), ('«view „is“ clear»', 0), ('„is“', 1)]
    """
    if not isinstance(text, str):
        raise ToolkitError(f"find_quotes() takes a str, got {type(text).__name__}.")
    lang = language or _language(text)
    return _find_quotes(text, load_cues(lang, cues))


def _find_quotes(text: str, cues: Cues) -> list[Quote]:
    stack: list[tuple[int, str, str]] = []  # (position, kind, mark)
    found: list[Quote] = []
    strays: list[int] = []

    # (the depth of each quotation is set at the end, from the quotations around it, by
    # _drop_overlaps)
    def top_double() -> int:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][1] == _DOUBLE:
                return k
        return -1

    def close_double(p: int) -> bool:
        k = top_double()
        if k < 0:
            return False
        found.append(Quote(stack[k][0], p + 1, True, 0))
        del stack[k:]
        return True

    def end_open(end: int) -> None:
        """Every open quotation ends unclosed at ``end`` (a line break, a new paragraph); a mark
        that opened inside a sentence (not after a full stop, a colon, a comma or a reporting
        verb) was a stray mark, not a quotation."""
        for start, kind, _mark in stack:
            if kind == _DOUBLE and end > start + 1 and _opens_speech(text, start, cues):
                found.append(Quote(start, end, False, 0))
        stack.clear()

    for m in _MARK_RE.finditer(text):
        p = m.start()
        ch = text[p]
        if ch == "\n":
            if stack:
                end_open(p)
            continue
        can_open, can_close = _flanks(text, p)
        if (
            ch in "«„"
            or (ch == "“" and not _closes_low(stack, can_close))
            or (ch == "”" and can_open and top_double() < 0)
            or (ch == '"' and can_open)
        ):
            if ch == "“" and can_close and top_double() >= 0 and not can_open:
                close_double(p)
                continue
            k = top_double()
            if k >= 0 and stack[k][2] == ch:
                end = len(text[:p].rstrip())
                if end and text[end - 1] in ".!?…:":
                    # a new paragraph of the same quotation: the open one ends with its sentence
                    if _opens_speech(text, stack[k][0], cues):
                        found.append(Quote(stack[k][0], end, False, 0))
                    del stack[k:]
            stack.append((p, _DOUBLE, ch))
        elif ch in "»”“" or ch == '"':
            if ch == '"' and not can_close and top_double() < 0:
                if not can_open:
                    stack.append((p, _DOUBLE, ch))
                continue
            if not close_double(p):
                strays.append(p)
        elif ch == "‘" or (ch in "'’" and can_open):
            if p + 1 < len(text) and text[p + 1].isdigit():
                continue  # ‘90s
            if can_close and _top_single(stack) >= 0:
                _close_single(text, stack, found, p)
            elif can_open or ch == "‘":
                stack.append((p, _SINGLE, ch))
        elif ch in "'’" and can_close and _top_single(stack) >= 0:
            _close_single(text, stack, found, p)
        elif ch in "'’" and can_close and _mismatched_close(text, stack, p):
            close_double(p)  # ('they called "freedom fighters' in the Middle East')
    if stack:
        end_open(len(text.rstrip()))
    for p in strays:
        after = text[p + 1 : p + 90]
        if _ATTRIBUTION_AFTER_RE.match(after) and cues.verb_re.search(after[:70]):
            start = _sentence_start_before(text, p)
            if start < p and not any(q.start <= start < q.end for q in found):
                found.append(Quote(start, p + 1, False, 0))
    found = [_trim_unclosed(text, q, cues) if not q.closed else q for q in found]
    found.sort(key=lambda q: (q.start, -q.end))
    return _drop_overlaps(found)


def _mismatched_close(text: str, stack: list[tuple[int, str, str]], p: int) -> bool:
    """Whether the single mark at ``p`` closes the double one opened just before it, a few
    words of the same sentence back (``"freedom fighters' in``; not a plural's apostrophe,
    ``"the fighters' weapons``)."""
    if not stack or stack[-1][1] != _DOUBLE:
        return False
    start = stack[-1][0]
    inside = text[start + 1 : p]
    if len(inside) > 40 or re.search(r"[.!?;:\n\"“”«»]", inside):
        return False
    line_end = text.find("\n", p)
    if re.search(r"[\"”»]", text[p + 1 : line_end if line_end >= 0 else len(text)]):
        return False  # a double mark closes it later ("... the United States’ and ...")
    after = _WORD_AFTER_RE.match(text, p + 1)
    return after is None or after.group(1).lower() in _AFTER_QUOTED_WORDS


#: The word after a mark, up to three spaces on.
_WORD_AFTER_RE = re.compile(r"\s{0,3}([\w’'\-]+)")
#: Words that follow a short quotation, not a plural's possessive (``"freedom fighters' in``).
_AFTER_QUOTED_WORDS = frozenset(
    {"in", "on", "at", "and", "or", "to", "of", "for", "with", "from", "by", "as", "is", "are",
     "was", "were", "that", "which", "who"}
)  # fmt: skip


def _opens_speech(text: str, p: int, cues: Cues) -> bool:
    """Whether a mark at ``p`` opens where speech can begin: at the start of the text, a
    sentence or a line, after a colon, comma or dash, or after a reporting verb."""
    i = p - 1
    while i >= 0 and text[i] in " \t*_\xa0":
        i -= 1
    if i < 0 or text[i] in '.!?…:,;\n—–-("“”«»„':
        return True
    word = re.search(r"(\w+)$", text[max(0, i - 30) : i + 1])
    return bool(word) and word.group(1).lower() in cues.verbs  # type: ignore[union-attr]


_ATTRIBUTION_AFTER_RE = re.compile(r"[,.]?\s*[-—–]*\s*\S")


def _closes_low(stack: list[tuple[int, str, str]], can_close: bool) -> bool:
    """Whether a ``“`` closes an open ``„`` (Russian and German quotes)."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][1] == _DOUBLE:
            return stack[k][2] == "„" or (can_close and stack[k][2] in '“"”')
    return False


def _top_single(stack: list[tuple[int, str, str]]) -> int:
    if stack and stack[-1][1] == _SINGLE:
        return len(stack) - 1
    return -1


def _close_single(text: str, stack: list[tuple[int, str, str]], found: list[Quote], p: int) -> None:
    k = _top_single(stack)
    start = stack[k][0]
    del stack[k:]
    if p - start <= _SINGLE_MAX and "\n" not in text[start:p]:
        found.append(Quote(start, p + 1, True, 0))


def _trim_unclosed(text: str, quote: Quote, cues: Cues) -> Quote:
    """An unclosed quotation ends where its speaker's words visibly end: before its
    attribution (``..., he said``) when one follows inside it."""
    for m in cues.verb_re.finditer(text, quote.start + 2, quote.end):
        if cues.language == "ru" and _ru_form(m.group())[0] == "INFN":
            continue  # "важно отметить, что": not an attribution
        if cues.language == "ru" and _ABOUT_RE.match(text, m.end()):
            continue  # "Это говорит о том, что": what a thing shows, not an attribution
        if m.group().lower() in _RU_CITES and not _CITED_RE.match(text, m.end()):
            continue  # "Это приводит к росту": no one's words cited
        head = text[max(quote.start, m.start() - 60) : m.start()]
        cut = re.search(r"(?:[,.!?…]\s+|\s[-—–]\s*)(?:[\w’'.\-]+\s+){0,5}$", head)
        if cut:
            end = m.start() - len(head) + cut.start() + 1
            if end > quote.start + 1:
                return Quote(quote.start, end, False, quote.depth)
    return quote


_ABOUT_RE = re.compile(r"\s+(?:о|об|обо)\s")


def _drop_overlaps(quotes: list[Quote]) -> list[Quote]:
    """Quotations that cross another one's boundary (a stray mark paired wrongly) are dropped;
    nesting is kept. ``quotes`` are sorted by start, the longer first."""
    # the depth of each is the number of quotations around it: one that an unclosed quotation
    # held when its mark was read is not inside it once that ends before it (RIA's «"...")
    out: list[Quote] = []
    ends: list[int] = []  # the ends of the kept quotations around the current one, outermost first
    for q in quotes:
        while ends and ends[-1] <= q.start:
            ends.pop()
        # (the kept quotations nest, so the innermost one around its start ends first: the
        # quotation crosses one of them if and only if it crosses that one)
        if ends and ends[-1] < q.end:
            continue
        out.append(q if q.depth == len(ends) else q._replace(depth=len(ends)))
        ends.append(q.end)
    return out


# ---------------------------------------------------------------------------------------------
# Sentences (a fast rule: the spans only decide which clause an attribution governs)

#: A sentence end: a run of stops (with closing marks, the group ``close``) before white space
#: (the group ``space``) and a capital or a digit, or a line break. (Written to begin with one
#: character class, which the engine then looks for before trying the rest: the plain
#: alternation would be tried at every character.)
_SENT_RE = re.compile(
    r"[.!?…\n](?:(?<=\n)|(?<=[.!?…])[.!?…]*(?P<close>[\"'”»’)\]*_]*)"
    r"(?=(?P<space>\s+)[\"'“«„‘(\[*_]*[A-ZА-ЯЁ0-9]))"
)
_ABBREV_RE = re.compile(r"(?:^|[\s(])([\w.]{1,6})\.$")
_ABBREVIATIONS = frozenset(
    [
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
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
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


# ---------------------------------------------------------------------------------------------
# Language

_CYRILLIC_RE = re.compile("[а-яёА-ЯЁ]")
_LATIN_RE = re.compile("[a-zA-Z]")


def _language(text: str) -> str:
    head = text[:2000]
    return "ru" if len(_CYRILLIC_RE.findall(head)) > len(_LATIN_RE.findall(head)) else "en"


# ---------------------------------------------------------------------------------------------
# Credits and datelines

_EN_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_RU_MONTH = r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?"
_DATE = rf"(?:{_EN_MONTH} \d{{1,2}}|\d{{1,2}} {_EN_MONTH}|\d{{1,2}} {_RU_MONTH})(?:,? 20\d\d)?"
_CAPS = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]*[A-ZА-ЯЁ]"
_TITLE = r"[A-Z][a-z][\w'’.\-]*"
_MEDIA = (
    r"(?: (?:news agency|agency|newspaper|daily|TV channel|news channel|TV|television|channel|"
    r"broadcaster|"
    r"radio|website|outlet|news|magazine|reporter|correspondent|witness))?"
)


#: The words that open Reuters' footer and BBC News Russian's.
_REUTERS_FOOTER = "Our Standards: The Thomson Reuters Trust Principles."
_BBC_FOOTER = "Читать нас без VPN можно здесь:"


@cache
def _credit_res() -> dict[str, re.Pattern[str]]:
    counter = iter(range(1000))

    def a() -> str:
        """An agency's name (in guillemets or not), as a group of its own."""
        return r"«?(?P<agency" + str(next(counter)) + ">" + _agencies().pattern + r")»?"

    place = rf"(?:{_CAPS}(?:[ \-]{_CAPS}){{0,3}}(?:,? {_TITLE}(?: {_TITLE})?)?)"
    tplace = rf"(?:{_TITLE}(?: {_TITLE}){{0,2}})"
    dash = r"(?:\s?(?:--|—|–|-))?"
    credit = rf"(?:\(\s?{a()}\)|/{a()}/\.?|\s(?:-|—|–)\s{a()}\.)"
    verbs_said = (
        r"(?:заявил|заявила|заявили|сказал|сказала|сказали|сообщил|сообщила|сообщили|"
        r"рассказал|рассказала|рассказали|отметил|отметила|пояснил|пояснила|добавил|добавила|"
        r"признался|признала|признал)"
    )
    media_ru = r"(?:(?:агентству|газете|изданию|телеканалу|радиостанции|порталу|журналу) )?"
    # an Italian credit: "Lo riporta l'agenzia Tass", "riferisce su Telegram Ria Kremlinpool"
    verbs_it = (
        r"(?:(?:Lo |Come )?riporta(?:no)?|riportato|riferisce|riferiscono|riferito|scrive|"
        r"scrivono|scritto|[Ss]econdo|citando)"
    )
    media_it = (
        r"(?:(?:l['’]|la |il )?(?:agenzia(?: di stampa)?|quotidiano|giornale|testata|emittente|"
        r"tv|canale) )?"
    )
    vpn = re.escape(_BBC_FOOTER) + r"[^\n]{0,120}"
    return {
        "dateline": re.compile(
            rf"(?:(?<=\s)|^){place}(?:,? {_DATE})?[.,]?\s?{credit}{dash}"
            rf"|^{tplace}(?:, {_DATE})?\.?\s?\({a()}\){dash}"
            rf"|^\({a()}\){dash}",
            re.M,
        ),
        "photo": re.compile(
            rf"\({a()}(?: Photo)?/[^()\n]{{1,60}}\)"
            r"|\bREUTERS/[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}"
            r"(?:/(?:File Photo|File|Files|Pool|Handout))*"
        ),
        "sign_off": re.compile(
            rf"\((?P<agencies>{_agencies().pattern}(?:/{_agencies().pattern})*)\)\s*\Z"
        ),
        # (every alternative begins with a literal character, so that the engine skips to those
        # characters instead of trying the pattern at every one: "___+" is "_{3,}", and the
        # last two are "_{0,2}" before the VPN line)
        "footer": re.compile(
            r"___+ ?(?:Follow|More|Find|Read) [^\n_]{0,200}?h ?ttps?://\S+"
            rf"|{re.escape(_REUTERS_FOOTER)}[\s\S]*\Z"
            rf"|__?{vpn}|{vpn}"
        ),
        "own_correspondent": re.compile(
            rf"{a()}['’]s (?:[A-Z][\w.'’\-]+ ){{1,3}}?[A-Z][\w.'’\-]+,? reporting from "
            r"[^,.;\n]{1,80}"
        ),
        # (a name after a dash closing the bracket; Russian writes "— Прим. БЕЛТА")
        "editorial_note": re.compile(rf"\([^()\n]{{0,60}}?\s[-—–]\s?(?:[Пп]рим\.\s?)?{a()}\)"),
        # a line naming the text's sources: "Source: Russian state news agency RIA Novosti",
        # "Источник: белорусское госинформагентство БелТА" (the first source; the others of
        # the line, after a semicolon, are read by the caller)
        "source_line": re.compile(
            r"(?:^|(?<=[\n.!?] ))(?:Source|Sources|Источник|Источники|Джерело|Fonte)\s?:\s?"
            rf"(?:[^\n:;,.]{{0,50}}?\s)??{a()}",
            re.M,
        ),
        "relay": re.compile(
            # the BelTA news agency quoted, RIA Novosti said, Russia's Interfax news agency reported
            rf"(?:the |[A-Z][\w]*['’]s )?{a()}{_MEDIA},? (?:has |had )?"
            r"(?:quoted|cited|reported|said|wrote|reports|says|writes|quotes|cites|citing|"
            r"learned|learnt)\b"
            # told CBS News, in an interview with X, according to a Reuters witness
            r"|(?:told|telling|said to|speaking to|spoke to|talking to"
            r"|in (?:an|a|his|her|their|the) (?:\w+ ){0,2}interview (?:with|to)"
            r"|interviewed by|in comments to|according to"
            r"|as (?:quoted|cited|reported) by|(?:quoted|cited|reported) by|citing)"
            r" (?:(?:a|an|the|his|her|their|[A-Z][\w\-]*['’]s|[a-zA-Z][\w\-]*) ){0,4}?"
            rf"{a()}{_MEDIA}"
            r"|(?:(?:Его|Ее|Её|Их) слова )?(?:передает|передаёт|сообщает|сообщило|сообщили|пишет|"
            r"пишут|цитирует|приводит|приводят|информирует|уточняет|опубликовал|опубликовала|"
            r"опубликовало|опубликовали)"
            r" (?:(?:газета|агентство|издание|телеканал|радиостанция|портал|сайт|журнал|"
            r"корреспондент|госагентство|информагентство|госинформагентство|телеграм-канал|"
            rf"Telegram-канал) )?{a()}"
            rf"|{verbs_said} (?:в интервью )?{media_ru}{a()}"
            rf"|в интервью {media_ru}{a()}"
            rf"|(?:со )?ссылкой на (?:(?:агентство|газету|издание|телеканал) )?{a()}"
            rf"|\(?цитат[аы] по {a()}\)?"
        ),
        "relay_it": re.compile(rf"{verbs_it} (?:su Telegram )?{media_it}{a()}"),
        "citing": re.compile(rf"{a()}, citing [^,.;\n]{{1,40}}"),
        "anaphoric": re.compile(
            # (\b tested by the caller: the literal start lets the engine skip to each "the ")
            r"the (?:newspaper|news agency|agency|broadcaster|channel|daily|outlet|paper) "
            r"(?:wrote|reported|said|quoted|cited|reports|writes)\b"
        ),
    }


#: A word every relay or citing credit holds (a quick test before the patterns themselves) ...
_RELAY_HINTS = (
    "quote", "cite", "cited", "citing", "report", "said", "says", "wrote", "write", "told",
    "telling", "speaking to", "spoke to", "talking to", "interview", "in comments to",
    "according to", "передает", "передаёт", "сообщ", "пишет", "пишут", "цитир", "цитат",
    "привод", "информирует", "уточняет", "заявил", "сказал", "рассказал", "отметил", "пояснил",
    "добавил", "признал", "интервью", "ссылкой на", "learned", "learnt", "опубликовал",
)  # fmt: skip
#: ... as a trie (their plain alternation would be tried word by word at almost every character).
_RELAY_HINT_RE = re.compile(word_trie(_RELAY_HINTS))
#: A word every Italian credit holds ("Lo riporta l'agenzia Tass").
_ITALIAN_HINT_RE = re.compile(r"riport|riferi|scri|econdo|citando")


#: A word every source line holds.
_SOURCE_HINT_RE = re.compile(r"Source|Источник|Джерело|Fonte")

#: A credit verb whose outlet's name the text left out (a link dropped with its words):
#: "..., reports." ends a sentence with no one reporting ...
_BLANK_CREDIT_RE = re.compile(
    r", (?:reports|reported|writes|wrote|сообщает|передает|передаёт|пишет)(?=\.(?:\s|\Z))"
)
#: ... unless the words before its comma are an apposition or a relative clause, whose head is
#: the subject ("Deutsche Welle, the German news outlet, reported.", "X, who ..., wrote.").
_APPOSITION_RE = re.compile(
    r"(?i)(?:the|a|an|who|which|whose|whom|its|his|her|their|ссылаясь|котор[а-я]*)\b"
    r"|.*\b(?:outlet|agency|newspaper|channel|broadcaster|website|magazine|daily|издание|"
    r"агентство|газета|телеканал)\b"
)


#: Where a dateline can begin, after white space: a capital before another capital or a sign (a
#: place in capitals, "MOSCOW", "U.S."), or a capital or a bracket at the start of a line. (The
#: character itself comes first, so that the engine skips to those characters.)
_DATELINE_AT_RE = re.compile(r"[A-ZА-ЯЁ(](?<=\s.)(?:(?<=\n.)|(?=[A-ZА-ЯЁ'’.\-]))")


def _first_dateline(text: str, end: int) -> re.Match[str] | None:
    """``_credit_res()["dateline"].search(text, 0, end)``, tried only where a dateline can
    begin (the pattern itself would be tried at every character)."""
    pattern = _credit_res()["dateline"]
    if end <= 0:
        return None
    m = pattern.match(text, 0, end)
    if m is not None:
        return m
    for at in _DATELINE_AT_RE.finditer(text, 0, end):
        m = pattern.match(text, at.start(), end)
        if m is not None:
            return m
    return None


@cache
def _relay_starts() -> re.Pattern[str]:
    """Where a relay credit (``_credit_res()["relay"]``) can begin: the first words of its
    forms, any capital (``Russia's``, an agency's name) and the first character of every
    agency's name, as a trie: each alternative begins with a literal character, so that the
    engine skips to those characters instead of trying the alternatives at every one, and
    words with a common beginning are not tried one by one."""
    starts = {name[:1] for name in _agencies().names if name}
    starts |= {chr(c) for c in range(ord("A"), ord("Z") + 1)}
    starts |= {"«", "(", "the ", "told", "telling", "said to", "speaking to", "spoke to",
               "talking to", "in ", "interviewed by", "as ", "quoted by", "cited by",
               "reported by", "according to", "Его ", "Ее ", "Её ", "Их ", "передает",
               "передаёт", "сообщает", "сообщило", "сообщили", "пишет", "пишут", "цитирует",
               "приводит", "приводят", "информирует", "уточняет", "заявил", "сказал",
               "сообщил", "рассказал", "отметил", "пояснил", "добавил", "признал", "в интервью",
               "со ", "ссылкой", "цитат", "citing", "опубликовал"}  # fmt: skip
    return re.compile(word_trie(starts))


def _finditer_at(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str, lo: int, hi: int
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text, lo, hi)`` for a pattern that never matches empty text and only
    where ``starts`` matches."""
    pos = lo
    while True:
        at = starts.search(text, pos, hi)
        if at is None:
            return
        m = pattern.match(text, at.start(), hi)
        if m is None:
            pos = at.start() + 1
        else:
            yield m
            pos = max(m.end(), at.start() + 1)


def _group_agency(m: re.Match[str]) -> str:
    for name, value in m.groupdict().items():
        if value and name.startswith("agency") and name != "agencies":
            return _agency_name(value)
    return ""


@cache
def _agency_re() -> re.Pattern[str]:
    """An agency's name (``_agencies().pattern``), compiled."""
    return re.compile(_agencies().pattern)


@cache
def _agency_find() -> re.Pattern[str]:
    """An agency's name without the test for the character before it (which the callers make:
    a lookbehind first in the pattern would cost a test at every character of the text)."""
    return re.compile(_agencies().pattern[len(r"(?<![\w\-])") :])


def _agency_names(text: str) -> Iterable[re.Match[str]]:
    """Every agency's name in ``text`` not glued to a word or hyphen before it (as
    ``_agencies().pattern`` finds them)."""
    find = _agency_find().search
    m = find(text)
    while m is not None:
        p = m.start()
        if p and (text[p - 1] == "-" or _WORD_CHAR_RE.match(text, p - 1)):
            m = find(text, p + 1)
            continue
        yield m
        m = find(text, m.end() if m.end() > p else p + 1)


def _find_credits(text: str, outlet: str | None) -> list[Credit]:
    res = _credit_res()
    names = _agencies().names
    self_agency = _outlet_agency(outlet)
    found: list[tuple[int, int, str, str]] = []
    n = len(text)

    def add(start: int, end: int, agency: str, kind: str) -> None:
        if end <= start or any(s < end and start < e for s, e, _a, _k in found):
            return
        found.append((start, end, agency, kind))

    # (the longest words each footer holds: the longer, the faster the text is searched)
    if "___" in text or _REUTERS_FOOTER in text or _BBC_FOOTER in text:
        for m in res["footer"].finditer(text):
            body = m.group()
            agency = (
                "Reuters"
                if body.startswith("Our")
                else "BBC News Russian"
                if "VPN" in body
                else "AP"
            )
            add(m.start(), m.end(), agency, "footer")
    # the patterns below name an agency: they are tried only around the agencies' names
    windows: list[list[int]] = []
    for m in _agency_names(text):
        lo, hi = max(0, m.start() - 130), min(n, m.end() + 70)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    if windows:
        dateline = _first_dateline(text, min(n, 800))
        if dateline is not None:
            end = dateline.end() - dateline.group().endswith(" ")
            add(dateline.start(), end, _group_agency(dateline), "dateline")
        sign = res["sign_off"].search(text, max(0, n - 200))
        if sign:
            agencies = [names.get(a, a) for a in sign.group("agencies").split("/")]
            end = sign.start() + len(sign.group().rstrip())
            add(sign.start(), end, "; ".join(agencies), "sign_off")
    relays: list[tuple[int, int, str]] = []
    # (each pattern is tried only in the windows holding a word it cannot match without)
    for lo, hi in windows:
        if text.find("/", lo, hi) >= 0:
            for m in res["photo"].finditer(text, lo, hi):
                add(m.start(), m.end(), _group_agency(m) or "Reuters", "photo")
        if text.find(" reporting from ", lo, hi) >= 0:
            for m in res["own_correspondent"].finditer(text, lo, hi):
                add(m.start(), m.end(), _group_agency(m), "own_correspondent")
        if text.find("(", lo, hi) >= 0:
            for m in res["editorial_note"].finditer(text, lo, hi):
                add(m.start(), m.end(), _group_agency(m), "editorial_note")
        if _SOURCE_HINT_RE.search(text, lo, hi):
            for m in res["source_line"].finditer(text, lo, hi):
                add(m.start(), m.end(), _group_agency(m), "source_line")
                # the line's further sources, one after each semicolon
                line_end = text.find("\n", m.end())
                line_end = n if line_end < 0 else line_end
                at = text.find(";", m.end(), line_end)
                while at >= 0:
                    after = text.find(";", at + 1, line_end)
                    stop = line_end if after < 0 else after
                    name = next(iter(_agency_names(text[at + 1 : stop])), None)
                    if name is not None:
                        first = at + 1 + len(text[at + 1 : stop]) - len(
                            text[at + 1 : stop].lstrip())  # fmt: skip
                        add(first, at + 1 + name.end(), _agency_name(name.group()),
                            "source_line")  # fmt: skip
                    at = after
        if _RELAY_HINT_RE.search(text, lo, hi):
            for m in _finditer_at(res["relay"], _relay_starts(), text, lo, hi):
                relays.append((m.start(), m.end(), _group_agency(m)))
            if text.find(", citing ", lo, hi) >= 0:
                for m in res["citing"].finditer(text, lo, hi):
                    relays.append((m.start(), m.end(), _group_agency(m)))
        if _ITALIAN_HINT_RE.search(text, lo, hi):
            for m in res["relay_it"].finditer(text, lo, hi):
                relays.append((m.start(), m.end(), _group_agency(m)))
    if windows:
        for m in res["anaphoric"].finditer(text):
            if not m.start() or not _WORD_CHAR_RE.match(text, m.start() - 1):
                relays.append((m.start(), m.end(), ""))
    if ", " in text:
        for m in _BLANK_CREDIT_RE.finditer(text):
            if m.start() and _WORD_CHAR_RE.match(text, m.start() - 1):  # (after a word)
                before = re.split(r"[,.!?;:\n—–(]", text[max(0, m.start() - 200) : m.start()])[-1]
                if not _APPOSITION_RE.match(before.strip()):
                    add(m.start() + 2, m.end(), "", "relay")
    last = ""
    for start, end, agency in sorted(set(relays)):
        agency = agency or last
        if agency:
            add(start, end, agency, "relay")
            last = agency
    found.sort()
    return [
        Credit(s, e, text[s:e], a, k, bool(self_agency) and a == self_agency)
        for s, e, a, k in found
    ]


def find_credits(
    corpus: pd.DataFrame,
    *,
    meta: str | Sequence[str] | None = (),
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every credit to a news organisation and every dateline read in the texts, one row each.

    Datelines (``MOSCOW, January 12. /TASS/.``, ``BUDAPEST, Hungary (AP) —``, ``МОСКВА, 28 ноя
    - РИА Новости.``), credits inside a sentence (``the BelTA news agency quoted``, ``told CBS
    News``, ``in an interview with Argumenty i Fakty``, ``передает ТАСС``, ``(цитаты по
    «РБК-Украина»)``, ``BelTA has learned``, ``Lo riporta l'agenzia Tass``), source lines
    (``Source: Russian state news agency RIA Novosti``, ``Источник: БелТА``; each source of a
    line after a semicolon a credit of its own), photo credits, sign-offs (``(Reuters/NAN)``),
    the outlet's own correspondents, editorial notes inside quotations (``(in Europe - TASS)``,
    ``(Путиным. — Прим. БЕЛТА)``), site footers, and credit verbs whose outlet's name the text
    left out (``..., reports.``: a link lost with its words).
    The agencies and their names are those of ``toolkit/resources/boilerplate.yaml`` and
    ``toolkit/resources/voice/*.yaml``.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (or chunks, or a Dask DataFrame); its ``source`` column, when present, names
        the publishing outlet, which tells self-credits apart.
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default: none).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per credit, in corpus and text order: ``doc_id``, the ``meta`` columns,
        ``start`` and ``end`` (offsets into ``text``: ``text[start:end] == credit``),
        ``credit`` (the text), ``agency`` (one canonical name per organisation, e.g. ``BelTA``
        for БелТА, Belta and BELTA; several joined with ``"; "``; empty where the name is
        missing), ``kind`` (``dateline``, ``relay``, ``source_line``, ``photo``, ``sign_off``,
        ``own_correspondent``, ``editorial_note``, ``footer``) and ``self_credit`` (the agency
        is the publishing outlet).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "source": ["Herald"], "text": [  # synthetic
    ...     "MINSK, May 18. /TASS/. Unity matters, the BelTA news agency quoted him as saying."]})
    >>> find_credits(corpus)[["credit", "agency", "kind"]]
                         credit agency      kind
    0    MINSK, May 18. /TASS/.   TASS  dateline
    1  the BelTA news agency quoted  BelTA     relay
    """
    carried = meta_columns(meta if meta is not None else (), corpus, reserved=CREDIT_FIELDS)
    has_source = "source" in _columns_of(corpus)
    read = tuple(dict.fromkeys([*carried, *(["source"] if has_source else [])]))
    shown = len(carried)

    def step(doc: Document) -> Partial:
        source = doc.meta[read.index("source")] if has_source else None
        rows = [
            (doc.position, *doc.meta[:shown], c.start, c.end, c.credit, c.agency, c.kind,
             c.self_credit)
            for c in _find_credits(doc.text, source)
        ]  # fmt: skip
        return {"rows": rows} if rows else {}

    def finish(total: Partial) -> pd.DataFrame:
        types = {**dtypes, "start": "int64", "end": "int64", "credit": "str", "agency": "str",
                 "kind": "str", "self_credit": "bool"}  # fmt: skip
        return rows_frame(total.get("rows", []), [*carried, *CREDIT_FIELDS], types)

    dtypes = column_dtypes(corpus, carried)
    return run(Analysis("find_credits", step, finish, meta=read), corpus, progress=progress)


def _columns_of(corpus: Any) -> list[str]:
    columns = getattr(corpus, "columns", None)
    if columns is None:
        chunks = list(corpus) if isinstance(corpus, list) else []
        columns = chunks[0].columns if chunks else []
    return [str(c) for c in columns]


# ---------------------------------------------------------------------------------------------
# Names: who the speakers are

#: A token: an initial (``A.``), a word (``U.S``, ``Russia’s``, ``anti-war``) or a sign. (The
#: repetitions are possessive: nothing follows them that could make a shorter one match.)
_TOKEN_RE = re.compile(r"[^\W\d_]\.(?=\s)|[^\W_][\w’'\-]*+(?:\.(?=\w)[\w’'\-]*+)*+|[^\w\s]")
#: Days and months: capitalised, never names.
_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "понедельник",
        "вторник",
        "среда",
        "среду",
        "четверг",
        "пятница",
        "пятницу",
        "суббота",
        "субботу",
        "воскресенье",
    ]
)
_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "bin", "al", "da", "del", "la", "le", "dos", "di"}
)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_RU_ENDINGS = (
    "ого", "его", "ому", "ему", "ими", "ыми", "ой", "ей", "ий", "ый", "ая", "ую", "ом", "ем",
    "ым", "им", "ов", "ев", "а", "у", "е", "ю", "я", "ы", "и", "о",
)  # fmt: skip


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=100_000)
def _key(word: str, language: str) -> str:
    """The key a surname is looked up by: lower case, possessive and Russian endings off."""
    word = _POSSESSIVE_RE.sub("", word.lower().rstrip("."))
    if language == "ru":
        word = word.replace("ё", "е")
        if word.endswith("ов") or word.endswith("ев") or word.endswith("ин"):
            return word
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
    return word


def _edit1(a: str, b: str) -> bool:
    """Whether two words differ by one letter inserted, deleted or replaced."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


@dataclass
class _Person:
    name: str
    first: int
    #: Where the person is named: the start of each run of capitalised words naming them, with
    #: the words of the run before the name (read into titles only when asked for).
    mentions: list[tuple[int, tuple[str, ...]]]
    #: The words of the person's titles, once read (:meth:`_Names.titles`).
    read_titles: set[str] | None = None


class _Names:
    """The people an article names: canonical full name by surname, with the words of their
    titles (``Belarusian President``) for role nouns (``the Belarusian leader``)."""

    def __init__(self, text: str, cues: Cues, skip: Sequence[tuple[int, int]] = ()) -> None:
        self.cues = cues
        self.skip = skip
        self.language = cues.language
        self.text = text
        self.people: dict[str, _Person] = {}
        #: Other words of full names (Le Yucheng, Xi Jinping: the surname comes first).
        self.aliases: dict[str, _Person] = {}
        self._scan(text)

    def _not_name(self, word: str) -> bool:
        return _not_name(self.cues, word)

    def split_name(self, words: list[str]) -> list[str]:
        """The personal name at the end of a run of capitalised words, titles stripped."""
        return list(_split_name(self.cues, tuple(words)))

    def _scan(self, text: str) -> None:
        russian = self.language == "ru"
        run_re = _RU_RUN_RE if russian else _EN_RUN_RE
        skip = self.skip
        cues = self.cues
        people = self.people
        aliases = self.aliases
        for m in run_re.finditer(text):
            at = m.start()
            if skip and any(s <= at < e for s, e in skip):
                continue
            run = m.group()
            # "РОСЭКСИМБАНКа Татьяна": the run starts inside a word, which is not of the name
            inside = at > 0 and text[at - 1].isupper()
            named = _run_person(cues, run, inside)
            if named is None:
                continue
            if inside:
                at += run.find(" ") + 1
            full, key, lead, others = named
            person = people.get(key)
            mention = (at, lead)
            if person is None:
                person = people[key] = _Person(full, at, [mention])
            else:
                person.mentions.append(mention)
                if russian and len(full) < len(person.name):
                    person.name = full  # the nominative is the shortest form: Пайетт, Пайетта
            for other in others:
                if other not in people:
                    aliases.setdefault(other, person)

    def titles(self, person: _Person) -> set[str]:
        """The words of a person's titles: those of the runs naming them before the name, and
        the last four words before each run (``Belarusian President``, ``the leader of ...``)."""
        if person.read_titles is None:
            stops = self.cues.stops
            found: set[str] = set()
            for at, lead in person.mentions:
                before = self.text[max(0, at - 60) : at].lower()
                found |= {w.lower() for w in lead}
                found |= set(_TITLE_WORD_RE.findall(before)[-4:])
            person.read_titles = {
                t
                for t in found
                if t not in stops and t not in _DETERMINERS and t not in _NOT_TITLES
            }
        return person.read_titles

    def canonical(self, name: list[str]) -> str:
        """The article's name for a person written ``name`` (a surname, or a full name)."""
        key = _key(name[-1], self.language)
        person = self.people.get(key) or (self.aliases.get(key) if len(name) == 1 else None)
        if person is None and len(key) >= 5:
            for other, candidate in self.people.items():
                if len(other) >= 5 and _edit1(key, other):
                    person = candidate
                    break
        if person is not None:
            return person.name
        if self.language == "ru":
            return " ".join(_ru_nominative(name))
        return " ".join(name)

    def named_between(self, start: int, end: int, quoted: Callable[[int], object]) -> str:
        """The person named last between ``start`` and ``end`` by full name or surname, not in
        the possessive (``Menendez’s bill``) nor inside a quotation (``quoted``), or ``""``."""
        best, at = "", -1
        for person in self.people.values():
            if person.name in self.cues.places:
                continue  # ("New York")
            surname = person.name.split()[-1]
            where = self.text.rfind(surname, start, end)
            while where > at:
                after = where + len(surname)
                if (
                    not (where and self.text[where - 1].isalnum())
                    and not (after < len(self.text) and _NAME_GOES_ON_RE.match(self.text, after))
                    and not quoted(where)
                ):
                    best, at = person.name, where
                    break
                where = self.text.rfind(surname, start, where)
        return best

    def last_before(self, position: int) -> str:
        """The person named last before ``position`` (for a pronoun no speaker precedes)."""
        best = max(
            (p for p in self.people.values() if p.first < position),
            key=lambda p: p.first,
            default=None,
        )
        return best.name if best else ""

    def compatible(self, words: set[str], before: int, *, recent: bool = False) -> list[str]:
        """Canonical names of people named before ``before`` whose titles share a word with
        ``words``, best first (with ``recent``, among equals the one named last first)."""
        scored = []
        for person in self.people.values():
            if person.first >= before:
                continue
            score = len(words & self.titles(person))
            if score:
                scored.append((score, person.first if recent else 0, person.name))
        scored.sort(reverse=True)
        return [name for _score, _first, name in scored]


@lru_cache(maxsize=50_000)
def _run_person(
    cues: Cues, run: str, inside: bool = False
) -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
    """The person a run of capitalised words names, or None: the full name (a Russian one in
    the nominative), the key of its surname, the words of the run before the name and the keys
    of the name's other words (the same runs recur across articles: Vladimir Putin). With
    ``inside``, the run starts inside a word, and its first word is not of the name."""
    words = tuple(run.split()[1:] if inside else run.split())
    if not words:
        return None
    russian = cues.language == "ru"
    if _POSSESSIVE_RE.search(words[-1]):  # "Boris Johnson's comments": Boris Johnson
        words = (*words[:-1], _POSSESSIVE_RE.sub("", words[-1]))
    name = _name_words(cues, words)
    if russian:
        name = _ru_name_start(cues, name)
    if len(name) < 2 or len(name) > 4:
        return None
    if russian and not _ru_person(name):
        return None
    full = " ".join(_ru_nominative(name) if russian else name)
    others = tuple(
        other for other in (_key(word, cues.language) for word in name[:-1]) if len(other) > 1
    )
    return full, _key(name[-1], cues.language), words[: len(words) - len(name)], others


_TITLE_WORD_RE = re.compile(r"[\w\-]+")
_NOT_TITLES = frozenset({"of", "and", "the", "и", "в"})


@lru_cache(maxsize=50_000)
def _split_name(cues: Cues, words: tuple[str, ...]) -> tuple[str, ...]:
    """:meth:`_Names.split_name` (the same runs recur across articles: Vladimir Putin)."""
    return _name_words(cues, words)


def _name_words(cues: Cues, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a run after the last that is not of a name or is possessive (not cached
    itself: :func:`_run_person` and :func:`_split_name` cache their runs)."""
    start = len(words)
    while start and not _not_name(cues, words[start - 1]):
        if _POSSESSIVE_RE.search(words[start - 1]):
            break
        start -= 1
    return words[start:]


#: Words of quantity that open a capitalised run ("Some Biden supporters", "Many Russians").
_QUANTIFIERS = frozenset({"some", "many", "several", "most", "few", "all", "both", "other"})


@lru_cache(maxsize=100_000)
def _not_name(cues: Cues, word: str) -> bool:
    """Whether a capitalised word is not part of a personal name: a title, a nationality, a
    place, an acronym, a day or month, a function word."""
    bare = _POSSESSIVE_RE.sub("", word)
    if word in cues.titles or bare in cues.titles or word in cues.nationalities:
        return True
    if bare in cues.places or word in cues.places or bare in cues.nationalities:
        return True
    if bare in cues.things or (bare.endswith("s") and bare[:-1] in cues.things):
        return True
    if len(bare) > 1 and (bare.isupper() or (sum(map(str.isupper, bare)) >= 3 and "-" not in bare)):
        return True  # acronyms: NATO, CSTO, РФ, PGNiG (not McDonald, DeSantis)
    low = bare.lower()
    if low in _TIME_WORDS or low in cues.skip or low in cues.stops or low in _DETERMINERS:
        return True
    if low in _QUANTIFIERS or low.endswith(
        ("-based", "-led", "-backed", "-born", "-owned", "-run", "-aligned")
    ):
        return True  # "a London-based industry source": an adjective
    if cues.language == "ru":
        return _key(bare, "ru") in _ru_place_keys(cues) or low in cues.roles or _ru_parse(bare)[3]
    return False


#: A run of capitalised words on one line (the first is possessive: only its whole can be
#: followed by the white space the run needs, so the engine need not try its shorter
#: beginnings).
_EN_RUN_RE = re.compile(
    r"(?:[A-Z]\.(?=\s)|[A-Z][\w’'\-]*+(?:\.(?=\w)[\w’'\-]*+)*+)"
    r"(?:[^\S\n](?:[A-Z]\.(?=\s)|[A-Z][\w’'\-]*(?:\.(?=\w)[\w’'\-]*)*"
    r"|de|van|von|der|den|bin|al|da|del|dos|di)(?=\s|[,.;:!?)”\"’']|$))+"
)
_RU_RUN_RE = re.compile(
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?(?:[^\S\n][А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?)+"
)


@cache
def _ru_place_keys_cached(places: frozenset[str]) -> frozenset[str]:
    return frozenset(_key(p, "ru") for p in places)


def _ru_place_keys(cues: Cues) -> frozenset[str]:
    return _ru_place_keys_cached(cues.places)


@lru_cache(maxsize=128)
def _ru_readings(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, likeliest first, the one reading every rule asks for. A
    word is read by several rules one after the other (a name's by :func:`_ru_parse`,
    :func:`_ru_first_name`, :func:`_ru_agreeing_surname`; a subject's by
    :func:`_ru_may_be_subject` and :func:`_ru_tag`), so a short memory spares most second
    readings without keeping every reading alive. The rules test grammemes known to pymorphy3
    in a reading's ``tag.grammemes``: the same answer as ``in tag``, without its check that
    the grammeme exists."""
    return tuple(_morph().parse(word))


_RU_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_RU_PLACE_GRAMMEMES = frozenset({"Geox", "Orgn"})


@lru_cache(maxsize=20_000)
def _ru_parse(word: str) -> tuple[str, str, bool, bool]:
    """(normal form, case, is a personal name, is a place or organisation) of a word."""
    p = _ru_name_parse(word)
    if p is not None:
        if "plur" in p.tag.grammemes:  # "Айдаров" is not the plural of Айдар, "Никол" not of
            return word.lower(), "nomn", True, False  # Никола: as written
        return p.normal_form, str(p.tag.case), True, False
    top = _ru_readings(word)[0]
    place = not _RU_PLACE_GRAMMEMES.isdisjoint(top.tag.grammemes)
    return top.normal_form, str(top.tag.case), False, place


@lru_cache(maxsize=20_000)
def _ru_name_parse(word: str) -> Any:
    """The likeliest reading of a Russian word as a first name, surname or patronymic, one
    person's before several's (``Юлианы``: Юлиана's genitive), or None."""
    named = [p for p in _ru_readings(word) if not _RU_NAME_GRAMMEMES.isdisjoint(p.tag.grammemes)]
    return min(named, key=lambda p: "plur" in p.tag.grammemes, default=None)


@lru_cache(maxsize=20_000)
def _ru_clause_opener(word: str) -> bool:
    """Whether a Russian word opens a clause set off by commas inside a subject: a gerund
    (``выступая``), a participle (``выступавший``) or ``который``."""
    low = word.lower()
    if low in _RELATIVE:
        return True
    return _ru_form(low)[0] in ("GRND", "PRTF", "PRTS")


@lru_cache(maxsize=20_000)
def _ru_known(word: str) -> bool:
    return bool(_morph().word_is_known(word))


def _ru_name_start(cues: Cues, name: tuple[str, ...]) -> tuple[str, ...]:
    """A Russian run of capitalised words less the words before the name that the dictionary
    knows, not as names, and that cannot be a name's word: a role, ``Сам``, or a word with no
    reading in the nominative singular (``Кремля Дмитрий Песков``, ``Новости Орлов`` of ``РИА
    Новости Орлов``, ``Поэт Юрий Энтин``; not ``Талия Минуллина``, ``Си Цзиньпин``)."""
    while (
        len(name) > 1
        and len(name[0]) > 2
        and not _ru_parse(name[0])[2]
        and (_ru_parse(name[0])[3] or _ru_known(name[0]))
        and any(_ru_parse(w)[2] for w in name[1:])
        and (
            name[0].lower() in cues.roles
            or name[0].lower() in ("сам", "сама", "сами")
            or not _ru_singular_nominative(name[0])
        )
    ):
        name = name[1:]
    if len(name) >= 3 and _ru_first_name(name[1]) is not None and not _ru_parse(name[0])[2]:
        name = name[1:]  # "Минэнерго Александр Новак", "Приамурья Василий Орлов"
    return name


@lru_cache(maxsize=20_000)
def _ru_singular_nominative(word: str) -> bool:
    """Whether a reading of a Russian word is in the nominative singular."""
    return any(p.tag.case == "nomn" and p.tag.number != "plur" for p in _ru_readings(word))


def _ru_person(words: Sequence[str]) -> bool:
    return any(_ru_parse(w)[2] for w in words) and not any(_ru_parse(w)[3] for w in words)


def _ru_nominative(words: Sequence[str]) -> list[str]:
    """A Russian name in the nominative (``Сергея Лаврова`` -> ``Сергей Лавров``, ``Марии
    Захаровой`` -> ``Мария Захарова``): only words the dictionary knows as names are changed, a
    woman's name staying a woman's; a surname after a first name agrees with it (``Екатерина
    Солнцева`` is a woman, not the genitive of Солнцев)."""
    out = []
    first: tuple[str, str] | None = None  # (gender, case) of the first name just before
    for word in words:
        if first is not None and (agreeing := _ru_agreeing_surname(word, *first)):
            out.append(agreeing)  # Ивана Федорова, Александра Хинштейна, Екатерина Солнцева
            first = None
            continue
        _normal, case, is_name, _place = _ru_parse(word)
        if is_name and case not in ("nomn", "None") and _ru_known(word):
            out.append(_ru_name_nominative(word))
        else:
            out.append(word)
            if case != "nomn":  # (a name left as written leaves its surname so)
                first = None
                continue
        first = _ru_first_name(word)
    return out


def _as_written(form: str, word: str) -> str:
    """A dictionary's form of ``word`` written as the text writes it: capitalised, with ``е``
    for ``ё`` unless the text has ``ё``."""
    form = form if "ё" in word.lower() else form.replace("ё", "е")
    return form[:1].upper() + form[1:]


@lru_cache(maxsize=20_000)
def _ru_name_nominative(word: str) -> str:
    """A name's word in the nominative, of the same gender (``Захаровой``: ``Захарова``;
    ``Лаврова``: ``Лавров``), from the reading :func:`_ru_parse` takes."""
    p = _ru_name_parse(word)
    return word if p is None else _nominative_as_written(p, word)


def _nominative_as_written(p: Any, word: str) -> str:
    """The nominative of the reading ``p`` of ``word`` (its normal form where the dictionary
    cannot inflect it), written as the text writes ``word``."""
    nominative = p.inflect({"nomn"})
    return _as_written(nominative.word if nominative else p.normal_form, word)


@lru_cache(maxsize=20_000)
def _ru_first_name(word: str) -> tuple[str, str] | None:
    """(gender, case) of a first name or patronymic in the singular, or None."""
    for p in _ru_readings(word):
        grammemes = p.tag.grammemes
        if ("Name" in grammemes or "Patr" in grammemes) and "sing" in grammemes and p.tag.gender:
            return str(p.tag.gender), str(p.tag.case)
    return None


@lru_cache(maxsize=20_000)
def _ru_agreeing_surname(word: str, gender: str, case: str) -> str:
    """A surname after a first name of ``gender`` in ``case``, in the nominative (``Федорова``
    after ``Ивана``: ``Федоров``; after ``Екатерина``: ``Федорова``; one the dictionary lacks,
    after a man's name in the genitive, its ending off: ``Хинштейна``), or "" when it is not
    one."""
    for p in _ru_readings(word):
        if "Surn" in p.tag.grammemes and gender in p.tag and p.tag.case == case and "sing" in p.tag:
            return word if case == "nomn" else _nominative_as_written(p, word)
    if (
        gender == "masc"
        and case in ("gent", "accs")
        and len(word) > 4
        and word.endswith("а")
        and not _ru_known(word)
    ):
        return word[:-1]
    return ""


# ---------------------------------------------------------------------------------------------
# Frames: the attributions of a text


@dataclass
class _Frame:
    start: int  # the frame's first character (subject, or cue when the subject follows)
    end: int  # the frame's last character + 1 (outlet)
    cue_start: int
    cue_end: int
    kind: str  # verb, according, opinion, participle, quoted_as, headline
    sentence: int
    subject: tuple[int, int] | None  # the phrase naming the speaker
    lead: bool = True  # the content follows the frame
    content: tuple[int, int] = (0, 0)
    speaker: str = ""
    speaker_kind: str = ""  # person, body, agency
    relay: str = ""
    #: Inside a subordinate clause: governs that clause only, below free indirect speech.
    minor: bool = False
    #: A Russian verb after what is spoken of, its speaker after it (``О введении санкций
    #: объявил Евросоюз``; ``Об этом заявил X``: the sentence before).
    topic: bool = False
    #: A Russian attribution set inside its quotation between dashes (``«..., — сказал X. —
    #: ...»``): its content is the quotation, set when it is found.
    embedded: bool = False


_THAT_RE = re.compile(r"\s*(?:,\s*)?(?:that|что|:|,?\s*[-—–]\s)\s*", re.I)


class _Article:
    """Everything the rules read about one text."""

    def __init__(self, text: str, cues: Cues, outlet: str | None, headline: bool = False) -> None:
        self.text = text
        self.cues = cues
        self.language = cues.language
        self.outlet = _outlet_agency(outlet)
        self.credits = _find_credits(text, outlet)
        furniture = [
            (c.start, c.end) for c in self.credits if c.kind not in ("relay", "own_correspondent")
        ]
        self.furniture = furniture
        quotes = _find_quotes(text, cues)
        self.all_quotes = quotes
        self.quotes = [
            q
            for q in quotes
            if q.depth == 0 and not self._in_furniture(q.start) and not _quoted_name(text, q, cues)
        ]
        self.quote_starts = [q.start for q in self.quotes]
        self.headline_end = len(text) if headline else _headline_end(text)
        self.sentences = self._merge_sentences(_sentences(text))
        self.sentence_starts = [s for s, _e in self.sentences]

    @cached_property
    def names(self) -> _Names:
        """The people the text names (read when first asked for: a text whose spans need no
        speaker never is)."""
        return _Names(self.text, self.cues, self.furniture)

    # -- positions

    def _in_furniture(self, p: int) -> bool:
        return any(s <= p < e for s, e in self.furniture)

    def in_quote(self, p: int) -> Quote | None:
        k = bisect_right(self.quote_starts, p) - 1
        if k >= 0 and p < self.quotes[k].end:
            return self.quotes[k]
        return None

    def sentence_of(self, p: int) -> int:
        return max(0, bisect_right(self.sentence_starts, p) - 1)

    def _merge_sentences(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentence boundaries inside a quotation are not boundaries of the outlet's text
        (``spans`` in text order)."""
        merged: list[tuple[int, int]] = []
        quotes = self.quotes
        k = -1  # the last quotation that starts at or before the sentence (as in_quote finds it)
        for start, end in spans:
            while k + 1 < len(quotes) and quotes[k + 1].start <= start:
                k += 1
            if merged and k >= 0 and quotes[k].start < start < quotes[k].end:
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        if self.headline_end and merged and merged[0][1] > self.headline_end:
            first = merged[0]
            merged[0:1] = [(first[0], self.headline_end), (self.headline_end + 1, first[1])]
        return merged

    # -- tokens

    def tokens(self, start: int, end: int) -> list[re.Match[str]]:
        return list(_TOKEN_RE.finditer(self.text, start, end))


#: Russian abbreviations of kinds of organisation before a name in quotation marks.
_RU_ORG_KINDS = frozenset({"АНО", "ООО", "ПАО", "АО", "ОАО", "ЗАО", "ФГУП", "НКО", "СМИ", "ГК"})
_NAME_INSIDE_RE = re.compile(r"[^\W\d_][^.!?…,;:\n]{0,60}")


def _quoted_name(text: str, q: Quote, cues: Cues) -> bool:
    """Whether a Russian quotation is a name in quotation marks, which presents no one's words
    (``движение «Ветераны России»``, ``медиагруппы "Россия сегодня"``, ``АНО "Евразия"``): closed,
    one to four words from a capital letter, after a noun that is not a reporting word."""
    if cues.language != "ru" or not q.closed or q.end - q.start > 64:
        return False
    inner = text[q.start + 1 : q.end - 1]
    if not inner[:1].isupper() or not _NAME_INSIDE_RE.fullmatch(inner) or len(inner.split()) > 4:
        return False
    after = _WORD_AFTER_RE.match(text, q.end)
    if after is not None and after.group(1).lower() in cues.verbs:
        return True  # "«Ветераны России» предложили": a name that speaks
    before = _LAST_WORD_RE.search(text, max(0, q.start - 40), q.start)
    if before is None:
        return False
    word = before.group(1)
    return word in _RU_ORG_KINDS or (
        word.islower()
        and word not in cues.verbs
        and word not in cues.participles
        and _ru_form(word)[0] == "NOUN"
    )


_LAST_WORD_RE = re.compile(r"(\w+)\s+$")


def _headline_end(text: str) -> int:
    """The end of a headline line at the start of the text (short, no final full stop, a line
    break after it), or 0."""
    nl = text.find("\n", 0, 300)
    if nl <= 0:
        return 0
    line = text[:nl].strip().strip("*_ ")
    if not line or len(line) > 250 or line[-1] in '.!?…»"”:':
        return 0
    return nl


def _frames(art: _Article) -> list[_Frame]:
    cues = art.cues
    frames: list[_Frame] = []
    for m in _outside_quotes(art, cues.cue_re):
        p = m.start()
        if art.furniture and art._in_furniture(p):
            continue
        frame = _frame_at(art, m)
        if frame is not None:
            if frames and frame.start < frames[-1].end:
                last = frames[-1]
                if not (
                    last.kind == "participle"
                    and frame.kind == "verb"
                    and frame.subject is not None
                    and frame.subject[0] < last.start
                    and frame.cue_start > last.end
                ):
                    continue
                # "X, explaining ..., said that": the participle was inside the subject's
                # appositive; the finite verb is the frame
                frames.pop()
            frames.append(frame)
    if art.language == "ru" and art.quotes:
        inside = _embedded_frames(art)
        if inside:
            frames = sorted([*frames, *inside], key=lambda f: f.start)
    _decide_regions(art, frames)
    return frames


#: The attribution set inside a Russian quotation between dashes: ``«Текст, — сказал X. —
#: Текст»`` (the words from the verb to the second dash).
_EMBEDDED_RE = re.compile(r"[,!?…]\s*[—–]\s*(?P<att>[^—–«»\"“”\n]{3,160}?)[.,:]\s*[—–]\s*")


#: What stands between an embedded attribution's verb and its speaker's phrase.
_ATTRIBUTION_LEAD_RE = re.compile(r"\s*(?:(?:в|во)\s+)?")


def _embedded_frames(art: _Article) -> list[_Frame]:
    """The frames of attributions inside closed Russian quotations (see :data:`_EMBEDDED_RE`):
    each speaks the whole quotation."""
    text, cues = art.text, art.cues
    out: list[_Frame] = []
    for q in art.quotes:
        if not q.closed or q.depth:
            continue
        for m in _EMBEDDED_RE.finditer(text, q.start + 1, q.end - 1):
            cue = cues.cue_re.match(text, m.start("att"))
            if cue is None or cue.group().lower() not in cues.verbs:
                continue
            # (past "в": "говорится в заявлении Трампа", the statement's issuer)
            a = _ATTRIBUTION_LEAD_RE.match(text, cue.end(), m.end("att")).end()  # type: ignore[union-attr]
            if a >= m.end("att"):
                continue
            s = art.sentence_of(cue.start())
            frame = _Frame(m.start(), m.end("att"), cue.start(), cue.end(), "verb", s,
                           (a, m.end("att")), lead=False, content=(q.start, q.end),
                           embedded=True)  # fmt: skip
            out.append(frame)
    return out


def _outside_quotes(art: _Article, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """The matches of ``pattern`` after the headline and outside the quotations (each stretch
    between two quotations searched on its own: a reporting cue never holds a quotation
    mark, so none crosses into one)."""
    pos = art.headline_end
    for quote in art.quotes:
        if quote.end <= pos:
            continue
        if quote.start > pos:
            yield from pattern.finditer(art.text, pos, quote.start)
        pos = quote.end
    yield from pattern.finditer(art.text, pos)


def _skip_left(art: _Article, toks: list[re.Match[str]], i: int) -> int:
    """Skip adverbs, auxiliaries and time phrases between a subject and its verb, leftwards
    (``has also repeatedly``, ``on Wednesday``, ``last week``)."""
    cues = art.cues
    while i >= 0:
        written = toks[i].group()
        word = written.lower()
        if word in cues.skip or (
            art.language == "en" and word.endswith("ly") and len(word) > 4 and written.islower()
        ):  # (an adverb in -ly: "Italy" is not one)
            i -= 1
            continue
        if (
            word in _TIME_WORDS
            or word in {"week", "month", "year", "day", "night", "morning", "evening", "afternoon"}
            or word.isdigit()
        ):
            k = i - 1
            while k >= 0 and (
                toks[k].group().lower() in _TIME_WORDS
                or toks[k].group().isdigit()
                or toks[k].group() in {".", ","}
            ):
                k -= 1
            if k >= 0 and toks[k].group().lower() in {
                "on",
                "last",
                "this",
                "next",
                "earlier",
                "late",
                "in",
                "в",
                "во",
                "on.",
            }:
                i = k - 1
                continue
        break
    return i


_RELATIVE = frozenset({"who", "which", "whose", "который", "которая", "которые", "которое"})
_DASHES = ("-", "—", "–")
#: Unnamed sources before their verb: "four people familiar with the matter (confirmed)", "a
#: source close to the Geneva talks (said)".
_FAMILIAR_RE = re.compile(
    r"(?<![\w\-])(?:(?:a|an|the|two|three|four|five|six|several|many|some|other|\d+)\s+)?"
    r"(?:[\w\-]+\s+)?(?:people|persons?|sources?|officials?|diplomats?|individuals?)\s+"
    r"(?:directly\s+|closely\s+)?((?:familiar\s+with|close\s+to)\s+"
    r"(?:the\s+|his\s+|her\s+|their\s+)?"
    r"[\w\-]+(?:\s+(?!(?:have|has|had|is|are|was|were|also|would|will|both|all)\b)[\w\-]+)?"
    r"(?:\s+(?:of|on|in)\s+[\w\-]+)?)\s*,?\s*$",
    re.I,
)


#: "В Москве (не раз) заявляли": the place or body where it was said, at a sentence's start,
#: before a plural verb without a subject.
_RU_WHERE_SAID_RE = re.compile(
    r"[\s*_«\"]*((?:[Вв]|[Вв]о)\s+[А-ЯЁ][\w\-]*(?:\s+[\w\-]+){0,3}?)\s+"
    r"(?:(?:не\s+раз|ранее|уже|также|неоднократно|не\s+исключают)\s+)*$"
)


def _left_subject(art: _Article, cue_start: int, sent_start: int) -> tuple[int, int] | None:
    """The phrase before a reporting verb that names its speaker, or None."""
    cues = art.cues
    lo = max(sent_start, cue_start - 220)
    if art.language == "en" and (
        art.text.find("familiar", max(lo, cue_start - 60), cue_start) >= 0
        or art.text.find("close to", max(lo, cue_start - 60), cue_start) >= 0
    ):
        familiar = _FAMILIAR_RE.search(art.text, max(lo, cue_start - 120), cue_start)
        if familiar:
            return familiar.start(), familiar.end(1)
    if art.language == "ru":
        where = _RU_WHERE_SAID_RE.match(art.text, sent_start, cue_start)
        verb = _WORDISH_RE.match(art.text, cue_start)
        if (
            where
            and verb
            and verb.group().lower().endswith("ли")
            and all(  # (the words after the place are of it: "в Министерстве обороны России")
                _is_cap(w) or _ru_form(w)[1] in ("gent", "loct") for w in where.group(1).split()[2:]
            )
        ):
            return where.start(1), where.end(1)  # "В Москве не раз заявляли": Москва
    toks = art.tokens(lo, cue_start)
    i = _skip_left(art, toks, len(toks) - 1)
    if i < 0:
        return None
    if i > 2 and toks[i].group() in _DASHES:
        # "Germany and Italy - so reliant on Russian gas - urged": a parenthetical between
        # dashes after the subject
        k = i - 1
        while k > i - 25 and k >= 0 and toks[k].group() not in (*_DASHES, ".", ";", '"', "«"):
            k -= 1
        if k > 0 and toks[k].group() in _DASHES and i - k > 2:
            i = _skip_left(art, toks, k - 1)
    if toks[i].group().lower() in _RELATIVE and i > 0 and toks[i - 1].group() == ",":
        # "..., Army General Raul Castro Ruz, who warned": the antecedent speaks
        i -= 2
    else:
        # an appositive before the verb: "Tibor Benko, said" (a name: the subject), "Russia,
        # which has amassed ..., says", "X, reporting from Kyiv, said" (a description: skipped)
        for _ in range(2):
            if i < 0 or toks[i].group() != ",":
                break
            j = i - 1
            k = j
            while k >= 0 and toks[k].group() not in {",", ";", ":"} and k > j - 25:
                k -= 1
            opener = toks[k + 1].group() if k + 1 <= j else ""
            if art.language == "ru" and not _ru_clause_opener(opener):
                # "..., иначе санкции навредят, заявил министр": a comma before the verb ends
                # the words it attributes (the speaker follows), unless it closes a clause
                # of a gerund, participle or "который" ("Лавров, выступая ..., заявил")
                return None
            if (
                k >= 0
                and toks[k].group() == ","
                and (not _is_cap(opener) or _titled_name_before(art, toks, k, j))
            ):
                i = k - 1
            else:
                i = j
                break
    if i < 0:
        return None
    if _POSSESSIVE_RE.search(toks[i].group()):
        return None  # "Russia's alleged ...": an adjective, not a verb
    end_tok = i
    unknown = 0
    head_seen = listed = False
    while i >= 0:
        word = toks[i].group()
        low = word.lower()
        if not word[0].isalnum():
            if (
                word in "’'"
                or (word in '"«»“”' and art.in_quote(toks[i].start()) is None)
                or (word == "." and i > 0 and _DOTTED_RE.fullmatch(toks[i - 1].group()))
            ):
                i -= 1
                continue
            if word == "," and 0 < i < end_tok and _in_list(toks, i, end_tok):
                i -= 1  # "the leaders of Germany, France and Poland said"
                listed = True  # (and the list's head is no lower-case word before it)
                continue
            break
        if low in _TIME_WORDS:
            break
        if low == "by" and i >= 2 and toks[i - 1].group().endswith("ed"):
            k = i - 2
            while k >= 0 and toks[k].group().lower() in _DETERMINERS:
                k -= 1
            if k >= 0 and toks[k].group().lower() in cues.documents:
                i -= 2  # "a statement issued by ...": the whole phrase is the frame
                head_seen = True
                continue
        if low in cues.stops and low not in ("and", "и"):
            break
        if low in ("and", "и"):
            left = toks[i - 1].group() if i > 0 else ""
            if left == "." and i > 1 and _DOTTED_RE.fullmatch(toks[i - 2].group()):
                left = toks[i - 2].group()  # "The U.S. and NATO have vowed"
            right = toks[i + 1].group() if i + 1 <= end_tok else ""
            if left[:1].isupper() and (right[:1].isupper() or right.lower() in _DETERMINERS):
                i -= 1
                continue
            break
        if _is_cap(word) or low in _DETERMINERS or low in ("of", "in", "из") or word.isdigit():
            head_seen = head_seen or _is_cap(word)
            i -= 1
            continue
        if low in cues.person_pronouns or low in cues.any_pronouns:
            if i == end_tok:
                i -= 1
                head_seen = True
            break
        if (
            low in cues.roles
            or low in cues.bodies
            or low in cues.documents
            or _POSSESSIVE_RE.search(word)
        ):
            head_seen = True
            i -= 1
            continue
        if art.language == "ru" and head_seen and unknown < 3 and not listed:
            unknown += 1
            i -= 1
            continue
        if head_seen and unknown < 2 and i < end_tok and not listed:
            after = toks[i + 1].group()
            if low.endswith("ed") and (_is_cap(after) or after.lower() in _DETERMINERS):
                break  # "the USSR Supreme Soviet supported Gorbachev's draft, which proposed"
            unknown += 1
            i -= 1
            continue
        break
    first = i + 1
    # trim determiners and "of"/"in" from the left edge
    while first <= end_tok and toks[first].group().lower() in {"of", "in", "and", "и", "из"}:
        first += 1
    if first > end_tok or not head_seen:
        return None
    if art.language == "ru":
        kept = _ru_subject_tokens(art, toks, first, end_tok, cue_start)
        if kept is None:
            return _ru_subject_before_phrases(art, toks, first, sent_start)
        first, end_tok = kept
    start, end = toks[first].start(), toks[end_tok].end()
    if end - start > 160:
        return None
    return start, end


def _ru_subject_before_phrases(
    art: _Article, toks: list[re.Match[str]], first: int, sent_start: int
) -> tuple[int, int] | None:
    """The subject before the prepositional phrases that end at ``toks[first]``, when the
    phrase from there holds none (``Максут Шадаев на заседании комитета Госдумы заявил``,
    ``Цыганов в телефонном разговоре с Лексусом сказал``), or None."""
    j = first - 1
    while (
        j > 0
        and toks[j].group()[0].isalpha()
        and (_is_preposition(toks[j].group()) or not _ru_may_be_subject(toks[j].group(), "None"))
    ):
        j -= 1
    if not any(_is_preposition(t.group()) for t in toks[j + 1 : first]):
        return None
    at = j + 1
    if toks[j].group() == ")":  # ("Гаврилов (КПРФ) в беседе с РИА Новости")
        brackets = [b for b in range(j - 1, max(-1, j - 8), -1) if toks[b].group() == "("]
        at = brackets[0] if brackets else at
    return _left_subject(art, toks[at].start(), sent_start)


def _ru_subject_tokens(
    art: _Article, toks: list[re.Match[str]], first: int, end: int, cue_start: int
) -> tuple[int, int] | None:
    """The tokens of a Russian phrase before a verb that can be its subject, a nominative
    agreeing with the verb: the words before it that cannot be (``Ранее``, ``Там``, ``По
    результатам анализа``, ``В июле 2023 года``) left out, and a prepositional phrase after it
    with no nominative in it (``Цыганов в телефонном разговоре с Лексусом``). When nothing
    can be (``Лавров на встрече в Скопье заверил``: the phrase, after a preposition, is the
    place), the place where the words were said (``Ранее в Кремле сообщили``), or None."""
    verb = _WORDISH_RE.match(art.text, cue_start)
    number = str(_ru_tag(verb.group().lower()).number) if verb else "None"
    if any(t.group().lower() == "и" for t in toks[first : end + 1]):
        number = "None"  # ("Германия и Украина не комментировали")
    # a phrase after a preposition starts with the word it governs ("На саммите БРИКС
    # Лукашенко заявил", "Лавров на встрече в Скопье заверил"); in a prepositional phrase, a
    # name in another script, an abbreviation or a place is of it ("в Amnesty International",
    # "в ходе заседания СНГ"), unless the phrase is of time ("В сентябре ФАС сообщала")
    before = toks[first - 1].group() if first > 0 else ""
    governed = bool(before) and (_is_preposition(before) or _ru_addressee(before))
    after_preposition = bool(before) and _is_preposition(before)
    inside = False
    k = first
    while k <= end:
        word = toks[k].group()
        agency = _agency_re().match(art.text, toks[k].start()) if governed or inside else None
        if agency is not None:  # (an agency's name whole: "для РИА Новости пояснили")
            while k <= end and toks[k].start() < agency.end():
                k += 1
            governed, inside = False, True
        elif governed:
            k += 1
            if word[0].isalnum():  # (the word governed, past quotation marks)
                governed = False
                inside = not _ru_time(word)
        elif (_is_preposition(word.lower()) and len(word) < 8) or _ru_addressee(word):
            governed = True
            k += 1
        elif not _ru_may_be_subject(word, number) or (
            inside and (_foreign_or_abbreviation(word) or _ru_place(word))
        ):
            inside = inside and not _ru_time(word)  # ("в 2025 году ОЭСР ожидает")
            k += 1
        else:
            break
    if first < k <= end and toks[k - 1].group() in _OPENING_MARKS:
        k -= 1  # ("«Газпром» объявил")
    if k > end:
        low = first - 1 if after_preposition else first
        for j in range(end - 1, low - 1, -1):  # "Ранее в Кремле", "Позже в ведомстве"
            place = toks[j + 1].group()
            if toks[j].group().lower() in ("в", "во") and (
                _is_cap(place) or any(p.tag.case == "loct" for p in _ru_readings(place))
            ):
                if number == "plur" and all(
                    _is_cap(w.group()) or _ru_form(w.group())[1] in ("gent", "loct")
                    for w in toks[j + 2 : end + 1]
                ):
                    return j, end
                break
        return None
    for j in range(k + 1, end + 1):
        if _is_preposition(toks[j].group()):
            tail = _agency_re().sub(" ", art.text[toks[j].end() : toks[end].end()])
            if not any(_ru_nominative_name(w) for w in _WORDISH_RE.findall(tail)):
                end = j - 1
                while end > k and not toks[end].group()[0].isalnum():
                    end -= 1
                break
    return k, end


def _foreign_or_abbreviation(word: str) -> bool:
    """Whether a word is in another script than Russian or an abbreviation (``ФАС``)."""
    return word[0].isalpha() and (
        not _CYRILLIC_RE.search(word) or (word.isupper() and len(word) > 1)
    )


_CYRILLIC_RE = re.compile(r"[а-яё]", re.I)


def _ru_addressee(word: str) -> bool:
    """Whether a Russian word is a noun in the dative, whose name follows it (``агентству
    "Прайм" рассказал эксперт``: Прайм is told, not telling)."""
    return word.islower() and _ru_form(word) == ("NOUN", "datv")


def _ru_time(word: str) -> bool:
    """Whether a word is a number or a Russian word of time (``2025``, ``году``, ``мае``)."""
    return word.isdigit() or _ru_parse(word)[0] in _RU_TIME_LEMMAS


def _ru_place(word: str) -> bool:
    """Whether a Russian word the dictionary knows is likeliest a place name (``Киргизии``)."""
    return _ru_known(word.lower()) and "Geox" in _ru_tag(word.lower())


def _is_preposition(word: str) -> bool:
    """Whether a Russian word in lower case is a preposition (``в``, ``на``, ``по``)."""
    return word.islower() and _ru_form(word)[0] == "PREP"


#: The normal forms of Russian words of time (``В июле 2023 года``, ``весной``).
_RU_TIME_LEMMAS = frozenset(
    {"год", "месяц", "неделя", "день", "сутки", "час", "минута", "утро", "вечер", "ночь",
     "весна", "лето", "осень", "зима", "время", "период", "январь", "февраль", "март",
     "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
     "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"}
)  # fmt: skip
#: Endings no nominative has, in a word the dictionary misreads or does not know
#: (``Лексусом``, ``Жапаровым``).
_RU_OBLIQUE_ENDINGS = ("ом", "ем", "ому", "ему", "ами", "ями", "ым", "ыми", "ими")
_OPENING_MARKS = frozenset('«"“„')
_RU_SURNAME_ENDINGS = (
    "ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ская", "цкая", "ова", "ева", "ина"
)  # fmt: skip
#: The parts of speech a Russian subject can start with.
_RU_NOMINALS = frozenset({"NOUN", "ADJF", "NPRO", "PRTF", "NUMR"})


@lru_cache(maxsize=20_000)
def _ru_may_be_subject(word: str, number: str) -> bool:
    """Whether a word can start the subject of a verb of that number (``sing``, ``plur`` or
    ``None``): a name in another script, an abbreviation, a pronoun, or a nominative that is
    no word of time and agrees with the verb."""
    if not word[0].isalpha():
        return False
    if _foreign_or_abbreviation(word):
        return True  # ("Reuters", "ФАС", "ОДКБ")
    low = word.lower()
    if low in ("там", "те"):
        return True  # ("Там также подчеркнули": the body before)
    parses = _ru_readings(low)
    if _is_cap(word) and (
        low.endswith(_RU_SURNAME_ENDINGS)
        or (not _ru_known(low) and not low.endswith(_RU_OBLIQUE_ENDINGS))
        or any(
            p.score >= 0.01 and ("Name" in p.tag or "Surn" in p.tag or "Patr" in p.tag)
            for p in parses
        )
    ):
        return True  # a name, whose case the dictionary may misread (Рабаданов, Урин)
    if low.endswith(_RU_OBLIQUE_ENDINGS) and "nomn" not in parses[0].tag:
        return False
    for p in parses:
        if p.score < 0.05 or "nomn" not in p.tag or p.tag.POS not in _RU_NOMINALS:
            continue
        if p.normal_form in _RU_TIME_LEMMAS:
            return False
        if (
            number in ("sing", "plur")
            and p.tag.number not in (None, number)
            and not (number == "sing" and p.tag.number == "plur" and "Fixd" in p.tag)
        ):
            continue
        return True
    return False


@lru_cache(maxsize=20_000)
def _ru_nominative_name(word: str) -> bool:
    """Whether a word in a phrase's tail names someone in the nominative: an abbreviation, a
    word in another script, or a capitalised word likely nominative (``Елена``, not
    ``Лексусом``)."""
    if _foreign_or_abbreviation(word):
        return True
    if not _is_cap(word):
        return False
    parses = _ru_readings(word.lower())
    return not _ru_known(word.lower()) or any(
        "nomn" in p.tag and "Geox" not in p.tag and (p.score >= 0.3 or "Fixd" in p.tag)
        for p in parses
    )  # (a place after a preposition is where: "МИД ОБСЕ в Скопье")


def _titled_name_before(art: _Article, toks: list[re.Match[str]], k: int, j: int) -> bool:
    """Whether the comma ``toks[k]`` follows a person the text names and opens their title
    (``Boris Gryzlov, Russian Plenipotentiary Representative to the Contact Group, told``)."""
    if k < 1 or not _is_cap(toks[k - 1].group()):
        return False
    roles = art.cues.roles
    return _key(toks[k - 1].group(), art.language) in art.names.people and any(
        t.group().lower() in roles for t in toks[k + 1 : j + 1]
    )


#: What goes on after a surname that is no mention of it (``Menendez’s``, ``Ivanova``).
_NAME_GOES_ON_RE = re.compile(r"[\w’']")


#: A dotted abbreviation less its final period, as the tokens split it (``U.S`` of ``U.S.``).
_DOTTED_RE = re.compile(r"(?:\w\.)+\w")


def _in_list(toks: list[re.Match[str]], i: int, end: int) -> bool:
    """Whether the comma ``toks[i]`` separates names in a list that ``and`` closes before
    ``end`` (``Germany, France and Poland``; not ``In an interview with Reuters, Putin``)."""
    after = toks[i + 2].group() if toks[i + 1].group() == "the" and i + 2 <= end else ""
    if not (_is_cap(toks[i - 1].group()) and _is_cap(after or toks[i + 1].group())):
        return False  # ("Australia, the US and Japan": a name may have its article)
    rest = [t.group() for t in toks[i + 1 : end + 1]]
    return any(w in ("and", "и") for w in rest) and all(
        _is_cap(w) or w in ("and", "и", ",", "the") for w in rest
    )


def _right_subject(art: _Article, cue_end: int, sent_end: int) -> tuple[int, int] | None:
    """The phrase after a reporting verb that names its speaker (``..., said Putin``,
    ``..., заявил министр ... Сергей Лавров``), or None."""
    text, cues = art.text, art.cues
    hi = min(sent_end, cue_end + 160)
    if art.language == "ru":
        named = _RU_QUOTED_NAME_RE.match(text, cue_end, hi)
        if named and (named.group(1) is None or _ru_form(named.group(1))[0] == "ADVB"):
            return named.start(2), named.end(2)  # "пишет «Коммерсантъ»", "поясняет «Блок ...»"
    m = (_RU_PHRASE_RE if art.language == "ru" else _PHRASE_RE).match(text, cue_end, hi)
    if not m:
        return None
    toks = art.tokens(m.start(), m.end())
    if art.language == "ru":
        toks = _ru_speaker_phrase(toks)
    if not toks or len(toks) > 14:
        return None
    first = toks[0].group()
    low = first.lower()
    if art.language == "en":
        if low in cues.stops and low not in ("the",):
            return None
        ok = _is_cap(first) or low in _DETERMINERS or low in cues.person_pronouns
        if not ok:
            return None
        # the phrase must end the clause: no verb after it
        words = [t.group() for t in toks]
        for k, w in enumerate(words):
            if w.lower() in {
                "on",
                "in",
                "at",
                "during",
                "after",
                "before",
                "while",
                "to",
                "told",
                "from",
                "when",
                "as",
                "via",
                "with",
                "ahead",
                "late",
                "earlier",
            }:
                toks = toks[:k]
                break
        else:
            if len(words) > 8:
                return None
        if not toks:
            return None
    return toks[0].start(), toks[-1].end()


#: The phrase after a reporting verb, to a mark of punctuation; in Russian over a short name in
#: quotation marks inside it (``директор Госкорпорации "Росатом" Екатерина Солнцева``).
_PHRASE_RE = re.compile(r"[^,.;:!?()\"“”«»\n]*")
_RU_PHRASE_RE = re.compile(r"(?:[^,.;:!?()\"“”«»\n]|[\"«„“][^\"“”«»„\n]{1,40}[\"»“”](?=\s+\w))*")
_RU_QUOTED_NAME_RE = re.compile(r"\s+(?:([а-яё]+)\s+)?(«[^«»\n]{2,60}»)")


#: Where a statement was made, between a Russian reporting verb and its speaker.
_RU_SETTINGS = frozenset({"интервью", "беседе", "эфире", "комментарии", "разговоре"})


_RU_PERSONAL = frozenset({"он", "она", "они"})


def _ru_speaker_phrase(toks: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words naming the speaker after a Russian reporting verb: less the addressee before
    them (``заявил журналистам министр ...``) and what follows them from a preposition, a verb
    or an addressee on (``сказал министр журналистам перед началом встречи``); a pronoun alone
    (``написал он в фейсбуке``)."""
    if toks and toks[0].group().lower() in _RU_PERSONAL:
        return toks[:1]
    k = 0
    while k < len(toks):
        word = toks[k].group()
        if not _is_cap(word) and (_ru_form(word)[1] == "datv" or _ru_form(word)[0] == "ADVB"):
            k += 1  # an addressee, an adverb ("сообщил журналистам", "рассказали ранее")
            if k < len(toks) and toks[k].group() in ('"', "«", "“", "„"):
                # the addressee's name in quotation marks: "агентству «Прайм»"
                close = next((j for j in range(k + 1, len(toks))
                              if toks[j].group() in ('"', "»", "”", "“")), None)  # fmt: skip
                if close is not None:
                    k = close + 1
        elif (
            word.lower() in ("в", "во")
            and k + 1 < len(toks)
            and (toks[k + 1].group().lower() in _TIME_WORDS)
        ):
            k += 2  # "сообщил во вторник телеканал ITV"
        elif (
            word.lower() in ("в", "во")
            and k + 2 < len(toks)
            and (toks[k + 1].group().lower() in _RU_SETTINGS)
        ):
            # "заявил в интервью РИА Новости гендиректор ...": where it was said, and to whom
            k += 2
            while k < len(toks) and toks[k].group() in ("«", "»", '"'):
                k += 1
            agency = _agency_re().match(" ".join(t.group() for t in toks[k:]))
            if agency:
                k += len(agency.group().split())
        elif (
            _is_cap(word)
            and (agency := _agency_re().match(" ".join(t.group() for t in toks[k : k + 4])))
            and (k + len(agency.group().split()) < len(toks))
        ):  # "сообщили РИА Новости в ассоциации": an agency before other words is addressed
            k += len(agency.group().split())
        else:
            break
    out = toks[k:]
    if out and _ru_form(out[0].group())[0] in ("VERB", "INFN"):
        return []  # "предложили пригласить Кустурицу": what follows the verb is no speaker
    if out and out[0].group().lower() in ("о", "об", "обо", "про"):
        return []  # "говорит о слабой эффективности": what is spoken of
    words = [t.group().lower() for t in out]
    for i in range(len(words) - 3):
        if words[i : i + 3] == ["со", "ссылкой", "на"]:
            # "пишет Barents Observer со ссылкой на главу минобороны": the source it cites
            return _ru_speaker_phrase(out[i + 3 :]) if i + 3 < len(out) else out[:i]
    for i, t in enumerate(out):
        word = t.group()
        if i and not _is_cap(word):
            pos, case = _ru_form(word)
            if (
                pos in ("VERB", "INFN", "GRND", "PRTS")
                or (case == "datv" and _ru_form(out[i - 1].group())[0] != "PREP")
                or (
                    pos == "PREP"
                    and _is_cap(out[i - 1].group())
                    and i > 1
                    and _is_cap(out[i - 2].group())
                )
                or (
                    pos == "PREP"
                    and _is_cap(out[i - 1].group())
                    and not any(_is_cap(t.group()) for t in out[i + 1 :])
                )
            ):  # (not "аналитик по вопросам безопасности"; "... Тутука Ариаджи на полях",
                # "американский Минфин на своем сайте")
                return out[:i]
    return out


@lru_cache(maxsize=20_000)
def _ru_form(word: str) -> tuple[str, str]:
    """(part of speech, case) of a Russian word's likeliest reading."""
    tag = _ru_tag(word.lower())
    return str(tag.POS), str(tag.case)


@lru_cache(maxsize=20_000)
def _ru_tag(word: str) -> Any:
    """The grammatical tag of a Russian word's likeliest reading (pymorphy3's)."""
    return _ru_readings(word)[0].tag


_SUBORDINATORS = frozenset(
    [
        "since",
        "because",
        "if",
        "when",
        "although",
        "though",
        "while",
        "after",
        "before",
        "once",
        "unless",
        "until",
        "as",
        "whereas",
        "поскольку",
        "так",
        "если",
        "когда",
        "хотя",
        "пока",
        "после",
        "прежде",
    ]
)


def _frame_at(art: _Article, m: re.Match[str]) -> _Frame | None:
    text, cues = art.text, art.cues
    word = m.group().lower()
    p, q = m.start(), m.end()
    particle = _OUT_RE.match(text, q) if word.startswith(_OUT_VERBS) else None
    if particle:
        q = particle.end()  # "he pointed out, commenting on ...": the verb is "pointed out"
    s = art.sentence_of(p)
    sent_start, sent_end = art.sentences[s] if art.sentences else (0, len(text))
    before = text[max(sent_start, p - 40) : p].rstrip()
    prev_word = before.rsplit(None, 1)[-1].lower().strip('*_«"“') if before else ""
    if m.group()[0].isupper() and text[sent_start:p].strip(" *_«\"“„'‘(") != "":
        return None  # "the United States": a cue word capitalised inside a sentence is a name
    if word in _RU_CITES:
        return _cited_words(art, m, s, sent_end)
    if word in _RU_RELAYS:
        if not any(
            c.kind == "relay" and not c.self_credit and c.start <= p < c.end for c in art.credits
        ):
            return None  # "передает корреспондент РИА Новости" in RIA's text: its own report
        right = _right_subject(art, q, sent_end)  # (the agency, or the source it cites)
        return None if right is None else _Frame(p, right[1], p, q, "verb", s, right)
    if word in cues.impersonal:
        if prev_word in ("как", "as"):
            return None  # "как говорится": a saying
        # "..., - говорится в сообщении", "Там отмечается, что ...": the document speaks
        return _mark_minor(art, _Frame(p, q, p, q, "passive", s, None), sent_start)
    if word in cues.according:
        own = _OWN_RE.search(m.group())
        # "по его словам": the pronoun in the cue is the speaker
        subj = (p + own.start(), p + own.end()) if own else _right_subject_phrase(art, q, sent_end)
        if subj is None:
            return None
        return _Frame(p, subj[1], p, q, "according", s, subj)
    if word in cues.opinion:
        own = _OWN_RE.search(m.group())
        subj = (p + own.start(), p + own.end()) if own else (p, q)
        return _Frame(p, q, p, q, "opinion", s, subj)
    if prev_word in _NOT_BEFORE_VERB:
        return None  # "to reaffirm", "the alleged", "releases its report": not a report
    if word.startswith("post") and not _POSTED_ON_RE.match(text, q, min(sent_end, q + 60)):
        return None  # "troops posted at the border"; "X posted on Twitter" reports words
    if word in ("state", "states") and not _STATES_RE.match(text, q):
        return None  # "a declaration of state sovereignty", "member states": a noun
    if word == "think" and text.startswith(" tank", q):
        return None  # "a think tank": a noun
    if word.startswith("consider") and re.match(r"\s+\w+ing\b", text[q : q + 30]):
        return None  # "consider upgrading your browser": no words reported
    if word == "considering" and not re.match(r"\s*(?:that|whether|,)", text[q : q + 12]):
        return None  # "the EU is considering its own defence force": deliberation, not words
    if word in cues.participles and word not in cues.verbs:
        if before.rstrip("\"”’'").endswith(",") or prev_word in {
            "and",
            "while",
            "by",
            "и",
            "also",
            "thus",
        }:  # ("X slammed the move as "posturing," saying ...")
            nxt_word = text[q : q + 12].split()[:1]
            if nxt_word and nxt_word[0].lower() in _TOPIC_AFTER_PARTICIPLE:
                return None  # "reporting from Kyiv", "commenting on the situation": a topic
            return _Frame(p, q, p, q, "participle", s, None)
        if prev_word in {"is", "was", "are", "were", "been", "be"}:
            subj = _subject_before_aux(art, p, prev_word, sent_start)
            if subj is None:
                return None
            return _mark_minor(art, _Frame(subj[0], q, p, q, "verb", s, subj), sent_start)
        return None
    # "quoted X as saying"
    if word in {"quoted", "cited", "quotes", "cites"}:
        if prev_word in _BE and _AS_SAYING_RE.match(text, q, sent_end):
            # "X was quoted as saying": X is the speaker
            subj = _subject_before_aux(art, p, prev_word, sent_start)
            if subj is not None:
                return _Frame(subj[0], q, p, q, "verb", s, subj)
        mm = _QUOTED_AS_RE.match(text, q, min(sent_end, q + 120))
        if mm:
            left = _left_subject(art, p, sent_start)
            start = left[0] if left else p
            return _Frame(start, mm.end(), p, mm.end(), "quoted_as", s, (mm.start(1), mm.end(1)))
    left = _left_subject(art, p, sent_start)
    if left is not None and art.language == "en":
        words = text[left[0] : left[1]].split()
        if words and words[0].lower() in _DETERMINERS:
            words = words[1:]
        if (
            len(words) == 1
            and words[0] in cues.nationalities
            and not words[0].replace(".", "").isupper()  # ("The US says")
        ):
            return None  # "the Russian demands", "rejected Russian claims": a noun
    # the last word before the verb, adverbs and auxiliaries (but forms of be) skipped
    words_before = _WORDISH_RE.findall(text, max(sent_start, p - 60), p)
    skip = _skip_but_be(cues)
    k = len(words_before) - 1
    while k >= 0 and (
        words_before[k].lower() in skip
        or (art.language == "ru" and _ru_form(words_before[k])[0] == "ADVB")
    ):
        k -= 1
    last = words_before[k].lower() if k >= 0 else ""
    if (
        art.language == "en"
        and last in _BE
        and (word.endswith("ed") or word in {"told", "said", "written", "thought"})
    ):
        start = left[0] if left else p
        return _mark_minor(art, _Frame(start, q, p, q, "passive", s, None), sent_start)
    if left is not None:
        return _mark_minor(art, _Frame(left[0], q, p, q, "verb", s, left), sent_start)
    stripped = text[sent_start:p].rstrip().rstrip("*_").rstrip()  # (Telegram's bold: ", **")
    coordinated = last in {"and", "и", "but", "но", "а"}
    topic = art.language == "ru" and _ru_topic_first(art, sent_start, p)
    if not stripped or stripped[-1] in ",—–-\"”»’'" or last in {"as", "как"} or topic:
        right = _right_subject(art, q, sent_end)
        if right is not None:
            return _Frame(p, right[1], p, q, "verb", s, right, topic=topic)
    if stripped and (stripped[-1] == "," or coordinated):
        return _Frame(p, q, p, q, "participle", s, None)
    return None


def _ru_topic_first(art: _Article, sent_start: int, p: int) -> bool:
    """Whether a Russian sentence puts only what is spoken of before the verb, its speaker
    after it (``О задержании директора сообщил Следственный комитет``, ``Ранее об этом писали
    СМИ``): no word before the verb can be its subject."""
    opener = _FIRST_WORD_RE.match(art.text, sent_start, p)
    if opener is None or opener.group(1).lower() not in _RU_TOPIC_OPENERS:
        return False
    toks = [t for t in art.tokens(sent_start, p) if t.group()[0].isalnum()]
    return _ru_subject_tokens(art, toks, 0, len(toks) - 1, p) is None


#: A sentence's first word, past marks and markup.
_FIRST_WORD_RE = re.compile(r"[\W_]*?(\w+)")
#: The words a Russian sentence that names its topic before the verb starts with.
_RU_TOPIC_OPENERS = frozenset({"о", "об", "про", "ранее", "также", "позднее", "позже", "тогда"})


#: Words after which a cue is no reporting verb (``to reaffirm``, ``the alleged``, ``of state``).
_NOT_BEFORE_VERB = frozenset(
    {"to", "so-called", "the", "a", "an", "its", "their", "his", "her", "our", "of"}
)
#: A platform after ``posted``: ``posted (at the time) on Twitter``, ``posted on his Telegram``.
_POSTED_ON_RE = re.compile(
    r"(?:\s+[\w\-]+){0,4}?\s+(?:on|to)\s+(?:(?:his|her|its|their|the)\s+)?"
    r"(?:Twitter|X|Telegram|Facebook|Instagram|TikTok|VKontakte|VK|social\s+media|website|blog)\b"
)
#: What follows ``state``/``states`` as a verb (``the report states that``, ``Article 5 states:``).
_STATES_RE = re.compile(r"\s*(?:[,:]|(?:that|the|a|an|it|its|his|her|their|this|in)\b)")


def _subject_before_aux(art: _Article, p: int, aux: str, sent_start: int) -> tuple[int, int] | None:
    """The subject before the auxiliary ``aux`` that stands right before ``p`` (``X was`` in
    ``X was quoted as saying``, ``X is`` in ``X is reported``)."""
    before = art.text[sent_start:p].rstrip()
    return _left_subject(art, max(sent_start, sent_start + len(before) - len(aux)), sent_start)


#: The forms of ``приводить`` that cite someone's words (``- приводятся в сообщении слова
#: Зубова``, ``— приводит пресс-служба слова Ольги Кирий``, ``приводит его слова издание``).
_RU_CITES = frozenset(
    {"приводит", "приводят", "приводится", "приводятся", "приводил", "приводила", "приводили",
     "приводило", "приводилось", "приводились", "цитирует", "цитируют", "цитировал",
     "цитировала", "цитировали", "цитируется", "цитируются"}
)  # fmt: skip
#: The forms of ``передавать`` that credit another agency with what the sentence says
#: (``..., передает Рейтер``: the agency is its source, and speaks).
_RU_RELAYS = frozenset({"передает", "передаёт", "передают", "передавал", "передавало"})
#: What stands between such a verb and the words it cites, and those words.
_CITED_RE = re.compile(
    r"(?:\s+[\w\-]+){0,3}?\s+(?:(?P<own>его|ее|её|их)\s+)?"
    r"(?:слова|заявление|цитату|высказывание|комментарий)(?=\s)"
)
#: A short aside in brackets inside the speaker's phrase.
_ASIDE_RE = re.compile(r"\s+\([^()\n]{1,40}\)")
#: A word of the speaker's phrase after ``слова``.
_CITED_WORD_RE = re.compile(r"\s+([^\W\d_][\w\-]*)")
#: Nouns that end the speaker's phrase (the relaying subject after it: ``слова министра
#: газета Ta Nea``).
_CITING_NOUNS = frozenset(
    {"газета", "издание", "агентство", "телеканал", "пресс-служба", "портал", "сайт", "журнал"}
)


def _cited_words(art: _Article, m: re.Match[str], s: int, sent_end: int) -> _Frame | None:
    """The frame of ``приводит(ся) ... слова X``: X (in the genitive) is the speaker, whoever
    cites the words; none when the verb cites no one's words (``приводит к росту``)."""
    text = art.text
    cited = _CITED_RE.match(text, m.end(), sent_end)
    if cited is None:
        if not m.group().lower().startswith("цитир"):
            return None
        # "цитирует AFP представителя TikTok": the agency cites, the one after it speaks
        after = m.end()
        while after < sent_end and text[after].isspace():
            after += 1
        agency = _agency_re().match(text, after)
        if agency is None:
            return None
        phrase = _right_subject_phrase(art, agency.end(), sent_end)
        if phrase is None:
            return None
        return _Frame(m.start(), phrase[1], m.start(), m.end(), "quoted_as", s, phrase)
    if cited.group("own"):
        subject = cited.span("own")
    else:
        words: list[tuple[int, int]] = []
        pos = cited.end()
        while len(words) < 12:
            aside = _ASIDE_RE.match(text, pos, sent_end)
            if aside is not None and words:
                pos = aside.end()  # ("INFOLine-Аналитика (ИНФОЛайн-Аналитика) Михаила ...")
            w = _CITED_WORD_RE.match(text, pos, sent_end)
            if w is None:
                break
            low = w.group(1).lower()
            if words and (low in _CITING_NOUNS or _ru_tag(low).POS == "PREP"):
                break  # (not at "и": "слова руководителя ... и продюсера фестиваля Екатерины ...")
            words.append(w.span(1))
            pos = w.end()
        if not words:
            return None
        subject = (words[0][0], words[-1][1])
    return _Frame(m.start(), max(cited.end(), subject[1]), m.start(), m.end(), "quoted_as", s,
                  subject)  # fmt: skip


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_OWN_RE = re.compile(r"\b(?:his|her|their|its|его|ее|её|их)\b", re.I)
_AS_SAYING_RE = re.compile(r"\s+as\s+(?:saying|telling|stating|writing)\b")
_QUOTED_AS_RE = re.compile(r"\s+([^,.;:\"“”«»]{1,80}?)\s+as\s+(?:saying|telling|stating|writing)\b")
_WORDISH_RE = re.compile(r"[\w’'\-]+")


@lru_cache(maxsize=16)
def _skip_but_be(cues: Cues) -> frozenset[str]:
    """The words skipped between a subject and its verb, forms of *be* excepted."""
    return cues.skip - _BE


def _mark_minor(art: _Article, frame: _Frame, sent_start: int) -> _Frame:
    """A frame inside a subordinate clause (``Since NATO promised that ...,``) governs its
    clause only."""
    head = art.text[max(sent_start, frame.start - 30) : frame.start].split()
    if head and head[-1].lower().strip(",") in _SUBORDINATORS:
        frame.minor = True
    return frame


def _right_subject_phrase(art: _Article, start: int, sent_end: int) -> tuple[int, int] | None:
    """The phrase after ``according to`` / ``по словам``: up to the next comma or stop."""
    m = re.compile(r"\s*([^,.;:!?()\"“”«»\n—]{1,100})").match(art.text, start, sent_end)
    if not m or not m.group(1).strip():
        return None
    return m.start(1), m.start(1) + len(m.group(1).rstrip())


_OBJECT_VERBS = frozenset(
    [
        "told",
        "tells",
        "tell",
        "asked",
        "asks",
        "urged",
        "urges",
        "reminded",
        "reminds",
        "assured",
        "assures",
        "warned",
        "warns",
        "invited",
        "invites",
        "informed",
        "informs",
        "called",
        "calls",
        "сказал",
        "сказала",
        "сказали",
        "призвал",
        "призвала",
        "призвали",
    ]
)


def _decide_regions(art: _Article, frames: list[_Frame]) -> None:
    """Each frame's content: after it (``X said that ...``) or before it (``..., X said``).
    A frame at the end of a sentence governs the whole sentence: participles and subordinate
    clauses before it are its speaker's words, not frames of their own."""
    text = art.text
    by_sentence: dict[int, list[_Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    dropped: set[int] = set()
    for s, group in by_sentence.items():
        original = group
        sent_start, sent_end = art.sentences[s]
        # (whether each frame trails its words from the sentence's start: asked again below
        # for the first frame left, whose cursor is that start too)
        from_start = [_is_trailing(art, f, sent_start) for f in group]
        trailing_at = [k for k, t in enumerate(from_start) if t]
        if trailing_at:
            last = trailing_at[-1]
            if (
                group[last].kind == "according"
                and last - 1 in trailing_at
                and group[last - 1].kind == "verb"
                and not text[group[last - 1].end : group[last].start].strip(" ,")
            ):
                # "..., X said, according to a transcript": the document is where the words
                # were read, not who said them
                dropped.add(id(group[last]))
                last -= 1
            keep = [
                f
                for k, f in enumerate(group)
                if (k >= last and id(f) not in dropped) or _opens_quote(art, f, group[last])
            ]
            dropped |= {id(f) for f in group if f not in keep}
            group = keep
            by_sentence[s] = group
        cursor = sent_start
        for fs, fe in art.furniture:
            if fs <= cursor < fe:
                cursor = fe
        trails_from_start = {id(f): t for f, t in zip(original, from_start)}
        for k, f in enumerate(group):
            nxt = group[k + 1].start if k + 1 < len(group) else sent_end
            if f.embedded:
                continue  # (its content, the quotation around it, is set)
            if f.topic:
                f.lead = False
                f.content = (cursor, f.start)
                if s > 0 and _ABOUT_THIS_RE.search(text, cursor, f.start):
                    f.content = art.sentences[s - 1]  # "Об этом заявил X": the one before
                f.end = max(f.end, nxt)
                cursor = f.end
            elif trails_from_start[id(f)] if cursor == sent_start else _is_trailing(art, f, cursor):
                f.lead = False
                start = cursor
                closer = text[cursor : f.start].rstrip(" ,—–-*_")
                quote = art.in_quote(len(closer) + cursor - 1) if closer else None
                if (
                    quote is not None
                    and quote.end == cursor + len(closer)
                    and len(text[quote.start : quote.end].split()) >= 4
                ):
                    # '..., "quoted words," X said': the frame attributes the quotation
                    start = quote.start
                stop = f.start
                tail = text[start:stop].rstrip()
                if tail[-3:].lower() in (" as", "как"):
                    stop = start + len(tail[:-3].rstrip(" ,"))  # "..., as Peskov said"
                f.content = (start, stop)
                f.end = max(f.end, nxt)
                cursor = f.end
            else:
                f.lead = True
                begin = f.end
                verb = text[f.cue_start : f.cue_end].lower()
                if f.kind in ("verb", "quoted_as") and verb in _OBJECT_VERBS:
                    mm = _OBJECT_RE.match(text, begin, nxt)
                    if mm:
                        begin = mm.end()
                if f.kind == "according":
                    comma = text.find(",", f.end, nxt)
                    begin = comma + 1 if comma >= 0 else f.end
                that = _THAT_RE.match(text, begin, nxt)
                if that:
                    begin = that.end()
                end = nxt
                cut = _BUT_VERB_RE.search(text, begin, nxt)
                if cut:
                    end = cut.start()
                if f.minor:
                    comma = text.find(",", begin, nxt)
                    end = comma if comma >= 0 else nxt
                    opener = text[max(sent_start, f.start - 12) : f.start].split()[-1:]
                    if (
                        comma >= 0
                        and not text[begin:comma].strip()
                        and opener
                        and opener[0].lower() in ("as", "как")
                    ):
                        # "As Peskov said, sanctions do not work": the main clause is his
                        begin, end = comma + 1, nxt
                f.content = (begin, end)
                cursor = end
    frames[:] = [f for f in frames if id(f) not in dropped]


#: ``Об этом`` before the verb: what is spoken of is the sentence before.
_ABOUT_THIS_RE = re.compile(r"(?<!\w)[Оо]б\s+этом(?!\w)")


def _opens_quote(art: _Article, f: _Frame, trailing: _Frame) -> bool:
    """Whether ``f`` (before the frame ``trailing`` at the end of its sentence) opens a
    quotation that ends right before ``trailing``: in ``X warned that “...,” the statement
    notes``, X said the words, which the statement relays."""
    if f.kind != "verb" or f.cue_start >= trailing.start:
        return False
    that = _THAT_RE.match(art.text, f.end)
    begin = that.end() if that else f.end
    while begin < len(art.text) and art.text[begin].isspace():
        begin += 1
    quote = art.in_quote(begin)
    return (
        quote is not None
        and quote.start == begin
        and quote.end <= trailing.start
        and not art.text[quote.end : trailing.start].strip(" ,.—–-")
    )


#: Words that open what may follow a verb at the end of a sentence (``..., X said on Monday``).
_ADJUNCTS = frozenset(
    [
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "while",
        "when",
        "as",
        "ahead",
        "late",
        "earlier",
        "this",
        "last",
        "from",
        "with",
        "via",
        "speaking",
        "according",
        "following",
        "by",
        "through",
        "over",
        "without",
        "amid",
        "в",
        "во",
        "на",
        "после",
        "перед",
        "во",
        "время",
        "по",
        "при",
        "журналистам",
    ]
)
#: (``(?:,\s*)?\s(?:but|...)``, written to begin with a character class: see _SENT_RE)
_BUT_VERB_RE = re.compile(
    r"[,\s](?:(?<=,)\s*\s|(?<!,))(?:but|yet|но|а)\s+(?=(?:has|have|had|is|was|are|were|will|would|did|does|also|then|"
    r"later|last|earlier|still|now|\w+ed)\b)"
)
_OBJECT_RE = re.compile(r"[^,.;:\"“”«»]{0,60}?\b(?:that|что)\b|[^,.;\"“”«»]{0,40}?:")


_CLAUSE_RE = re.compile(r"[^,.;:!?\"“”«»]*")
_OPENS_AFTER_RE = re.compile(r"\s*[,:]\s*[\"“«„‘]")


def _is_trailing(art: _Article, f: _Frame, cursor: int) -> bool:
    """Whether a frame follows the words it attributes (``..., X said``)."""
    if f.kind in ("participle", "opinion"):
        return False
    text = art.text
    before = text[cursor : f.start].strip().strip("*_ ")
    as_clause = before[-3:].lower() in (" as", "как") and before[-4:-3] in (" ", ",")
    if as_clause:
        before = before[:-3].rstrip()  # "..., as Peskov said."
    if len(before.split(None, 1)) < 2 or before[-1:] not in ",—–-\"”»’'":
        return False
    last = cursor + len(text[cursor : f.start].rstrip())
    if any(s < last <= e for s, e in art.furniture):
        return False  # "KYIV, Dec 1 (Reuters) - X said ...": a dateline's dash, not speech's
    after = _THAT_RE.match(text, f.end)
    if after and after.group().strip(" ,") in {"that", "что", ":"}:
        return False  # ("Кроме того, «Ветераны России» заявили, что ...")
    if f.kind not in ("verb", "passive") or f.end > f.cue_end:
        return True  # "according to X", "said X": the phrase ends the frame
    rest = _CLAUSE_RE.match(text, f.end, art.sentences[f.sentence][1])
    words = rest.group().split() if rest else []
    if not words:
        return True
    if as_clause:
        return False  # "..., as he called on his allies to ...": his words follow
    if text[f.cue_start : f.cue_end].lower() in _OBJECT_VERBS:
        # ("..., X told reporters on Wednesday after a regular round of talks.")
        addressed = words[0].lower() in _ADDRESSEES or _is_cap(words[0])
        return (len(words) <= 8 or addressed) and "that" not in words and "что" not in words
    if any(w.lower() in _CONTENT_OPENERS for w in words[:6]):
        return False  # "X said on Wednesday that ...", "pointed out in 2021 what ..."
    if rest is not None and _OPENS_AFTER_RE.match(text, rest.end()):
        return False  # "Asked about ..., Blinken said on Thursday, “if ...”": it opens a quote
    # ("..., four people familiar with the matter confirmed to CNN at the time.")
    return (
        words[0].lower() in _ADJUNCTS
        or (words[0].lower() == "to" and len(words) <= 6)
        or all(w.lower() in _TIME_WORDS or w.lower() in _PARTS_OF_DAY for w in words)
    )  # ("..., a senior diplomat said Monday.")


#: Whom a statement is told, after ``told`` (``..., X told reporters on ...``).
_ADDRESSEES = frozenset(
    {"reporters", "journalists", "the", "a", "an", "lawmakers", "parliament", "senators",
     "журналистам", "репортерам", "агентству", "изданию", "телеканалу", "газете"}
)  # fmt: skip
#: Words that open what a verb reports after a time or place (``said on Monday that``).
_CONTENT_OPENERS = frozenset({"that", "что", "what", "how", "why", "whether"})
#: Verbs whose particle ``out`` belongs to them (``pointed out``, ``spelled out``).
_OUT_VERBS = ("point", "spell", "lash", "speak", "call", "sound", "rule")
_OUT_RE = re.compile(r"\s+out\b")
#: Words after a participle that open where or what it is about, not the words reported.
_TOPIC_AFTER_PARTICIPLE = frozenset({"from", "in", "at", "on", "to", "with", "about"})
#: Words of a time after a reporting verb (``said Monday evening``, ``said yesterday``).
_PARTS_OF_DAY = frozenset(
    {"morning", "afternoon", "evening", "night", "yesterday", "today", "tonight"}
)


# ---------------------------------------------------------------------------------------------
# Speakers


#: The heads of the names of institutions a country's name can stand for (its ministries, its
#: government): "Russia" said what the Russian Foreign Ministry said.
_INSTITUTIONS = frozenset(
    ["ministry", "government", "office", "embassy", "council", "committee", "kremlin",
     "department", "administration", "presidency", "parliament", "cabinet", "mission"]
)  # fmt: skip


def _institution(name: str) -> bool:
    """Whether ``name`` is the proper name of an institution: at most six words, capitalised
    (but for of, for, and, the), one of them an institution (Russian Foreign Ministry, Cuban
    Ministry of Foreign Affairs)."""
    words = name.split()
    if len(words) > 6 or not any(w.lower() in _INSTITUTIONS for w in words):
        return False
    return all(_is_cap(w) or w in ("of", "for", "and", "the") for w in words)


@lru_cache(maxsize=20_000)
def _body_key(name: str) -> frozenset[str]:
    """The words of a body's name cut to four letters, less determiners, ``of`` and the
    possessive: the key its forms share (:meth:`_Speakers.body`)."""
    return frozenset(
        w[:4]
        for w in re.findall(r"\w+", _POSSESSIVE_RE.sub("", name.casefold()))
        if w not in _DETERMINERS and w not in {"of", "the"}
    )


class _Speakers:
    """Resolves the phrase naming a speaker to one canonical name, in text order."""

    def __init__(self, art: _Article) -> None:
        self.art = art
        self.last_person = ""
        self.last_any = ""
        self.last_body = ""
        self.bodies: dict[frozenset[str], str] = {}
        self.pending: list[_Frame] = []
        #: The body that issued the document the article quotes ("the document published by
        #: the Foreign Ministry"): the speaker of "the document" and "the statement" after it.
        self.issuer = ""
        #: Names of bodies replaced by a better form of the same name (see :meth:`body`).
        self.renamed: dict[str, str] = {}
        self._issued = False
        #: Where the last person who spoke was named.
        self.last_person_at = -1
        #: The last news outlet or agency that spoke, and where it was named.
        self.last_agency = ""
        self.last_agency_at = -1

    def resolve(self, frame: _Frame, phrase: tuple[int, int] | None) -> None:
        if phrase is None:
            return
        self._issued = False
        name, kind = self.classify(phrase, frame)
        if kind == "person":
            self.last_person = self.last_any = name
            self.last_person_at = phrase[0]
            # a role waiting for its name: the person named next, within two sentences of one
            # paragraph ("the Polish prime minister voiced ... 'Enough,' snapped Mateusz
            # Morawiecki")
            if self.pending:
                near = [
                    w
                    for w in self.pending
                    if frame.sentence - w.sentence <= 2
                    and "\n" not in self.art.text[w.end : frame.start]
                ]
                for waiting in near:
                    waiting.speaker, waiting.speaker_kind = name, "person"
                self.pending = [w for w in self.pending if w not in near]
        elif kind in ("body", "agency"):
            name = self.body(self.metonym(name))
            self.last_body = self.last_any = name
            if kind == "agency":
                self.last_agency, self.last_agency_at = name, phrase[0]
            if self._issued:
                self.issuer = name
        elif kind == "pending":
            self.pending.append(frame)
            return
        frame.speaker, frame.speaker_kind = name, kind

    def body(self, name: str) -> str:
        """One name per body: ``the Foreign Ministry`` after ``Russian Foreign Ministry`` is the
        latter (its words, cut to four letters, are a subset: Russia ~ Russian)."""
        key = _body_key(name)
        if key in self.bodies:
            canonical = self.bodies[key]
            if " of " in canonical and " of " not in name and len(name.split()) > 1:
                # "Russian Foreign Ministry" is preferred to "Foreign Ministry of Russia"
                self.bodies[key] = self.renamed[canonical] = name
                return name
            return canonical
        if len(key) >= 2:
            for other, canonical in self.bodies.items():
                if key < other:
                    return canonical
        elif key:
            # "the Treasury" after "the Treasury Department": a body's name less its kind
            bare = _body_text(name).casefold()
            for canonical in self.bodies.values():
                words = _body_text(canonical).casefold().split()
                if len(words) == 2 and words[0] == bare and words[1] in self.art.cues.bodies:
                    return canonical
            if bare in self.art.cues.bodies:
                # "the source" after "a source close to the Geneva talks" or "a German
                # government source", "the embassy" after "the US Embassy in Ukraine": the last
                # so described
                for canonical in reversed(list(self.bodies.values())):
                    words = _body_text(canonical).casefold().split()
                    if len(words) > 1 and bare in words:
                        return canonical
        self.bodies[key] = name
        return name

    def metonym(self, name: str) -> str:
        """A country standing for an institution of it that speaks in the article (the last
        one registered so far): ``Russia`` beside ``the Russian Foreign Ministry``, or ``Cuba``
        beside ``the Cuban Ministry of Foreign Affairs``, is that institution."""
        words = name.split()
        cues = self.art.cues
        if len(words) != 1 or not (name in cues.places or name in cues.nationalities):
            return name
        stem = name.casefold()[:4]
        for key, canonical in reversed(list(self.bodies.items())):
            if len(key) >= 2 and stem in key and _institution(canonical):
                return canonical
        return name

    def final(self, name: str) -> str:
        """The name a body ended with (after the better forms seen later)."""
        seen = set()
        while name in self.renamed and name not in seen:
            seen.add(name)
            name = self.renamed[name]
        return name

    def classify(self, phrase: tuple[int, int], frame: _Frame) -> tuple[str, str]:
        art = self.art
        cues = art.cues
        raw = art.text[phrase[0] : phrase[1]]
        words, lows = _phrase_words(raw)
        if not words:
            return "", ""
        if "by" in lows[1:] and lows[lows.index("by") - 1].endswith("ed"):
            by = lows.index("by")
            self._issued = any(w in cues.documents for w in lows[:by])
            words, lows = words[by + 1 :], lows[by + 1 :]
            raw = " ".join(words)
            if not words:
                return "", ""
        if len(words) == 1 and (
            lows[0] in cues.person_pronouns or lows[0] in {"his", "her", "его", "ее", "её"}
        ):
            near = art.sentences[max(0, frame.sentence - 2)][0] if art.sentences else 0
            if 0 <= self.last_person_at < near:
                # "I meet Claudia Major, ... 'Our partners ...,' she says": a person named in
                # the two sentences before, when the last who spoke did so before them
                named = art.names.named_between(near, phrase[0], art.in_quote)
                if named:
                    return named, "person"
            return self.last_person or art.names.last_before(phrase[0]) or self.last_any, "person"
        if (len(words) == 1 and lows[0] in cues.any_pronouns) or lows[:2] in (("its",), ("their",)):
            return self.last_any, "pronoun"
        if lows[0] in {"his", "her", "его", "ее", "её"} and frame.kind in ("opinion", "according"):
            return self.last_person or art.names.last_before(phrase[0]) or self.last_any, "person"
        if lows[0] in {"their", "its", "их"} and frame.kind in ("opinion", "according"):
            return self.last_any, "pronoun"
        if frame.kind == "according" and art.language == "ru" and _is_preposition(lows[0]):
            return self.last_any, "pronoun"  # "по данным за сентябрь": the source named before
        agency = _phrase_agency(raw, words)
        if agency:
            return agency, "agency"
        person = self._person(words)
        if person:
            return art.names.canonical(person), "person"
        head = _phrase_head(cues, words)
        low = head.lower()
        if lows[0] in ("a", "an", "one", "another") and low in cues.roles:
            # "a State Department spokesperson said": someone unnamed, not a person named before
            return _body_text(raw), "body"
        plural = art.language == "ru" and _ru_tag(low).number == "plur"  # ("эксперты": a group)
        if not plural and (
            low in cues.roles or (art.language == "ru" and _ru_parse(head)[0] in cues.roles)
        ):
            run = list(itertools.takewhile(_is_cap, reversed(words)))[::-1]
            if (
                art.language == "ru"
                and len(run) >= 2
                and len(run) < len(words)
                and not any(_foreign_or_abbreviation(w) or _ru_place(w) for w in run)
            ):
                # "Экономист Нуриэль Рубини": a name the dictionary misreads, after the role
                return " ".join(_ru_nominative(run)), "person"
            found = art.names.compatible({w.lower() for w in words} - {low, "the"}, phrase[0])
            if found:
                return found[0], "person"
            # "according to the president's initiative", "согласно инициативе президента": the
            # person titled so (the last speaker when several are; else the one named last).
            # (A role that speaks, "the diplomat stressed", is the speaker quoted last.)
            if frame.kind in ("according", "opinion"):
                role = _ru_parse(head)[0] if art.language == "ru" else low
                titled = art.names.compatible({low, role}, phrase[0], recent=True)
                if titled and self.last_person not in titled:
                    return titled[0], "person"
            unnamed = self._unnamed(words, low)
            if unnamed:
                return unnamed, "body"
            if self.last_person:
                return self.last_person, "person"
            return "", "pending"
        if low in cues.documents or (art.language == "ru" and _ru_parse(head)[0] in cues.documents):
            # "the Kremlin readout", "the Foreign Ministry's note": the issuer; else the last body
            issuer = [
                w
                for w in words[: words.index(head)]
                if (_is_cap(w) or _POSSESSIVE_RE.search(w))
                and w.lower() not in _DETERMINERS
                and _POSSESSIVE_RE.sub("", w).lower() not in _TIME_WORDS
                and w not in cues.nationalities
                and _POSSESSIVE_RE.sub("", w) not in cues.nationalities
            ]
            if issuer:
                self._issued = True
                name = _POSSESSIVE_RE.sub("", " ".join(issuer))
                if _key(name.split()[-1], art.language) in art.names.people:
                    return art.names.canonical(name.split()), "person"  # "Gorbachev's draft"
                return name, "body"
            after = list(itertools.takewhile(_is_cap, words[words.index(head) + 1 :]))
            if art.language == "ru" and after:
                # "из доклада Росконгресса", "мемуаров Ангелы Меркель": the issuer follows
                self._issued = True
                if _ru_person(after):
                    return " ".join(_ru_nominative(after)), "person"
                # the issuer's whole name, to its noun ("доклада Международного валютного фонда")
                rest = words[words.index(head) + 1 :]
                upto = next((i for i, w in enumerate(rest) if _is_preposition(w)), len(rest))
                return _ru_head_nominative(" ".join(rest[:upto]), plural=False), "body"
            return self.issuer or self.last_body or self.last_any, "body"
        body = _body_text(raw)
        if body.lower() in _OUTLET_NOUNS and words[0].lower() in ("the", "this"):
            outlet = self._outlet_before(phrase[0])
            if outlet:
                return outlet, "agency"  # "according to the news outlet": the one named before
        if art.language == "ru":
            body = _ru_head_nominative(
                body,
                plural=frame.kind == "verb"
                and phrase[1] <= frame.cue_start
                and _ru_tag(art.text[frame.cue_start : frame.cue_end].lower()).number == "plur"
                and not _after_preposition(art.text, phrase[0]),
            )
        if (
            not any(_is_cap(w) for w in words)
            and low not in cues.bodies
            and not (art.language == "ru" and _ru_parse(head)[0] in cues.bodies)
        ):
            return body, "body" if len(words) > 1 else ""
        return body, "body"

    def _outlet_before(self, position: int) -> str:
        """The news outlet or agency named last before ``position`` (as a credit, or as a
        speaker), or ``""``."""
        best, at = "", -1
        for credit in self.art.credits:
            if credit.kind == "relay" and credit.agency and at < credit.start < position:
                best, at = credit.agency, credit.start
        if self.last_agency and at < self.last_agency_at < position:
            best = self.last_agency
        return best

    def _unnamed(self, words: tuple[str, ...], role: str) -> str:
        """The someone unnamed that ``the official`` or ``the senior administration official``
        takes up: the last body registered whose name ends with that role and holds the words
        given (``a senior administration official told CNN. The official said``)."""
        if words[0].lower() not in ("the", "that", "this"):
            return ""
        wanted = {w.casefold() for w in words[1:]}
        for canonical in reversed(list(self.bodies.values())):
            names = canonical.casefold().split()
            if names and names[-1] == role and wanted <= set(names):
                return canonical
        return ""

    def _person(self, words: tuple[str, ...]) -> list[str]:
        art = self.art
        runs, placed = _capital_runs(words, art.language == "en")
        if placed and any(
            k not in placed and _key(run[-1], art.language) in art.names.people
            for k, run in enumerate(runs)
        ):  # (a person the text names, before a place after "of")
            runs = tuple(run for k, run in enumerate(runs) if k not in placed)
        for run_words in reversed(runs):
            name = _run_name(art.cues, run_words)
            if name is None:
                continue
            if (
                art.language == "en"
                and len(name) == 1
                and len(words) > 1
                and words[0].lower() == "the"
                and words[1] == name[0]
            ):
                continue  # "the Treasury": a body, never a person
            if (
                art.language == "ru"
                and len(name) == 1
                and _key(name[0], "ru") not in art.names.people
                and not _ru_parse(name[0])[2]
                and (
                    _ru_parse(name[0])[0] in art.cues.bodies
                    or _ru_form(name[0])[0] != "NOUN"
                    or not _is_cap(words[0])  # "доклада Росконгресса": what it is of
                )
            ):
                # an unknown single word the dictionary knows as a body, or not as a noun
                # ("губернатор Кемеровской области")
                continue
            return list(name)
        return []


@lru_cache(maxsize=50_000)
def _phrase_words(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a phrase naming a speaker (its tokens that open with a letter or a digit),
    and the same in lower case (the same phrases recur: ``he``, ``Putin``, ``the Kremlin``)."""
    words = tuple(w for w in (t.group() for t in _TOKEN_RE.finditer(raw)) if w[0].isalnum())
    return words, tuple(w.lower() for w in words)


def _phrase_head(cues: Cues, words: tuple[str, ...]) -> str:
    """The noun a phrase naming a speaker is about: in English the word before ``of`` or the
    last word; in Russian its first role, else its first word."""
    lows = [w.lower() for w in words]
    if cues.language == "en":
        if "of" in lows and lows.index("of") > 0:
            return words[lows.index("of") - 1]
        return words[-1]
    for w in words:
        if _ru_parse(w)[0] in cues.roles or w.lower() in cues.roles:
            return w
    return words[0]


def _phrase_agency(raw: str, words: tuple[str, ...]) -> str:
    """The agency that a phrase naming a speaker (``raw``, its ``words``) names, or ``""``:
    none, or another capitalised word among its last two (an agency's correspondent named)."""
    agency = _agency_re().search(raw)
    if agency and not any(_is_cap(w) and w not in agency.group() for w in words[-2:]):
        return _agency_name(agency.group())
    return ""


def _run_name(cues: Cues, run: tuple[str, ...]) -> tuple[str, ...] | None:
    """The personal name a run of capitalised words ends with (:func:`_split_name`; in
    Russian less the words before it, :func:`_ru_name_start`), or None: none, or Russian words
    the dictionary knows, none as a name."""
    name = _split_name(cues, run)
    if not name:
        return None
    if cues.language == "ru":
        if all(_ru_parse(w)[3] for w in name):
            return None
        return _ru_name_start(cues, name)
    return name


def _capital_runs(
    words: tuple[str, ...], english: bool
) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...]]:
    """The runs of capitalised words of a phrase (a particle inside one: ``Ursula von der
    Leyen``; a word in the possessive ends it), and which runs are one word after ``of`` in
    English (``Sen. Chris Coons of Delaware``: a place)."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    placed: list[int] = []
    previous = ""
    for w in words:
        if (_is_cap(w) and not _POSSESSIVE_RE.search(w)) or (w.lower() in _PARTICLES and current):
            if not current and english and previous.lower() == "of":
                placed.append(len(runs))
            current.append(w)
        else:
            if current:
                runs.append(tuple(current))
            current = []
        previous = w
    if current:
        runs.append(tuple(current))
    return tuple(runs), tuple(k for k in placed if k < len(runs) and len(runs[k]) == 1)


def _ru_head_nominative(phrase: str, *, plural: bool = False) -> str:
    """A Russian phrase naming a speaker with its first word, a noun, in the nominative
    (``главу норвежского минобороны`` -> ``глава норвежского минобороны``). The subject of a
    ``plural`` verb is the plural its noun can be (``Власти Швеции заявили``: ``власти``, not
    the genitive of ``власть``)."""
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in ("в", "во"):
        # "заявили в МИД", "сообщили в наблюдательном совете": the body itself speaks
        words, plural = words[1:], False
    head = 0
    while head < len(words) - 1 and _ru_form(words[head])[0] == "ADJF":
        head += 1  # "ежемесячного доклада МЭА": the adjectives agree with the noun
    if plural and words and _ru_plural_nominative(words[head]):
        return " ".join(words)
    if words and _ru_form(words[head])[0] == "NOUN":
        noun = _ru_tag(words[head])
        agree = frozenset(
            {"plur"} if noun.number == "plur" else {noun.gender} if noun.gender else ()
        )
        for k in range(head + 1):
            words[k] = _ru_nominative_word(words[k], frozenset() if k == head else agree)
    return " ".join(words)


def _after_preposition(text: str, p: int) -> bool:
    """Whether a Russian preposition stands right before ``p`` (``На киностудии``: the
    phrase after it is not in the nominative)."""
    before = _LAST_WORD_RE.search(text, max(0, p - 8), p)
    return before is not None and _ru_tag(before.group(1).lower()).POS == "PREP"


@lru_cache(maxsize=20_000)
def _ru_plural_nominative(word: str) -> bool:
    """Whether a reading of a Russian word is a noun in the nominative plural."""
    return any(
        p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "plur"
        for p in _ru_readings(word)
    )


@lru_cache(maxsize=20_000)
def _ru_nominative_word(word: str, agree: frozenset[str] = frozenset()) -> str:
    """A Russian noun or adjective in the nominative, its number and gender kept or those of
    ``agree`` (``совете`` -> ``совет``, ``наблюдательном`` -> ``наблюдательный``, with
    ``{"neut"}`` ``пророссийском`` -> ``пророссийское``); an acronym as written."""
    if len(word) > 1 and word.isupper():
        return word
    parse = _ru_readings(word)[0]
    if str(parse.tag.case) in ("nomn", "None"):
        return word
    found = parse.inflect({"nomn", *agree}) or parse.inflect({"nomn"})
    if found is None:
        return word
    normal = found.word if "ё" in word.lower() else found.word.replace("ё", "е")
    return normal[:1].upper() + normal[1:] if word[:1].isupper() else normal


#: Words for a news outlet that stand for the one named before (``the news outlet``).
_OUTLET_NOUNS = frozenset(
    {"outlet", "news outlet", "media outlet", "newspaper", "paper", "publication", "magazine",
     "broadcaster", "channel", "tv channel", "news agency", "agency", "website", "portal",
     "daily", "tabloid", "news site"}
)  # fmt: skip
#: Words before a relative clause's subject (``something Moscow denies``).
_RELATIVE_HEADS = frozenset({"something", "what", "which"})


@lru_cache(maxsize=50_000)
def _body_text(raw: str) -> str:
    words = raw.strip(" ,.;:").split()
    if "GMT" in words[:3] or "UTC" in words[:3]:  # a live blog's time: "13:03 GMT The ..."
        words = words[max(i for i, w in enumerate(words[:3]) if w in ("GMT", "UTC")) + 1 :]
    while words and (words[0].lower() in _DETERMINERS or words[0].lower() in _RELATIVE_HEADS):
        words = words[1:]  # ("the ...", "- something Moscow has said")
    body = " ".join(words)
    if body[:1] in '"«“' and body[-1:] in '"»”' and not any(c in body[1:-1] for c in '"«»“”'):
        body = body[1:-1]  # a name in quotation marks: «Ветераны России»
    return body


#: Words that open an adverbial before a sentence's subject.
_OPENERS = frozenset(
    ["on", "in", "at", "during", "earlier", "later", "meanwhile", "however", "but", "and", "also"]
)


def _sentence_subject(art: _Article, s: int) -> tuple[int, int] | None:
    """The subject phrase at the start of sentence ``s`` (after an opening adverbial)."""
    start, end = art.sentences[s]
    toks = art.tokens(start, min(end, start + 200))
    if not toks:
        return None
    i = 0
    first = toks[0].group().lower()
    if (
        first in art.cues.stops
        or first in _OPENERS
        or (art.language == "ru" and _ru_form(first)[0] == "PREP")  # ("В декабре ...")
    ):
        for k, t in enumerate(toks[:10]):
            if t.group() == ",":
                i = k + 1
                break
        else:
            i = 1
    j = i
    while j < len(toks) and (
        _is_cap(toks[j].group())
        or (toks[j].group() == "." and j > i and toks[j - 1].group().lower() in _ABBREVIATIONS)
        or toks[j].group().lower() in _DETERMINERS
        or toks[j].group().lower() in art.cues.roles
        or toks[j].group().lower() in art.cues.bodies
        or toks[j].group() in "’'"
        or toks[j].group().lower() in {"and", "of"}
        or (  # "a leading Senate Democrat": an adjective before a name
            j > i
            and toks[j - 1].group().lower() in _DETERMINERS
            and toks[j].group().isalpha()
            and j + 1 < len(toks)
            and _is_cap(toks[j + 1].group())
        )
        or (  # "The Russian defence chief": a word before a role or body (not a verb's
            j > i  # "Russia staged military drills")
            and toks[j].group().isalpha()
            and not toks[j].group().endswith(("ed", "ing"))
            and j + 1 < len(toks)
            and (
                toks[j + 1].group().lower() in art.cues.roles
                or toks[j + 1].group().lower() in art.cues.bodies
            )
        )
    ):
        j += 1
    if j == i:
        return None
    k = j + 1
    while k < len(toks) and _is_cap(toks[k].group()) and k - j <= 4:
        k += 1
    if k - j > 1 and k < len(toks) and toks[j].group() == toks[k].group() == ",":
        # "a leading Senate Democrat, Senator Menendez, slammed": the name set off
        return toks[j + 1].start(), toks[k - 1].end()
    return toks[i].start(), toks[j - 1].end()


def _possessive_after(art: _Article, f: _Frame) -> bool:
    """Whether ``f`` is ``according to his ...`` (or ``in her view``) after the words it
    attributes."""
    if f.kind not in ("according", "opinion") or f.lead or f.subject is None:
        return False
    first = art.text[f.subject[0] : f.subject[1]].split()[:1]
    return bool(first) and first[0].lower() in {"his", "her", "его", "ее", "её"}


def _titled(art: _Article, phrase: tuple[int, int]) -> list[str]:
    """The people named before ``phrase`` whose titles hold its role noun, best first."""
    words = [t.group() for t in _TOKEN_RE.finditer(art.text, *phrase) if t.group()[0].isalnum()]
    roles = {w.lower() for w in words if w.lower() in art.cues.roles}
    if art.language == "ru":
        roles |= {_ru_parse(w)[0] for w in words if _ru_parse(w)[0] in art.cues.roles}
    return art.names.compatible(roles, phrase[0], recent=True) if roles else []


def _assign_speakers(art: _Article, frames: list[_Frame]) -> None:
    speakers = _Speakers(art)
    for k, f in enumerate(frames):
        if f.kind == "participle":
            earlier = [g for g in frames[:k] if g.sentence == f.sentence and g.speaker]
            if earlier:
                f.speaker, f.speaker_kind = earlier[-1].speaker, earlier[-1].speaker_kind
                continue
            speakers.resolve(f, _sentence_subject(art, f.sentence))
        elif f.kind == "passive":
            f.speaker = speakers.last_body or speakers.last_any
            f.speaker_kind = "body"
        elif _possessive_after(art, f):
            # "X is not expecting ..., according to his interview": his is X, the subject of
            # the sentence the frame ends
            speakers.resolve(f, _sentence_subject(art, f.sentence))
            if f.speaker_kind != "person":
                f.speaker = f.speaker_kind = ""
                if f in speakers.pending:
                    speakers.pending.remove(f)
                speakers.resolve(f, f.subject)
        else:
            speakers.resolve(f, f.subject)
    for f in speakers.pending:
        # a role no later speaker fills: the person the article titled so before ("Министр
        # иностранных дел Украины Андрей Сибига ... — сказал министр"), else the role as
        # written ("the minister")
        role = _body_text(art.text[f.subject[0] : f.subject[1]]) if f.subject else ""
        if art.language == "ru":
            role = _ru_head_nominative(role)
        titled = _titled(art, f.subject) if f.subject else []
        if titled:
            f.speaker = titled[0]
        elif len(role.split()) > 1:
            f.speaker = role  # "глава норвежского минобороны": a role its words define
        else:
            f.speaker = speakers.last_person or role or speakers.last_any
        f.speaker_kind = "person"
    for f in frames:
        if f.speaker_kind == "body":
            # (a country named before the body of it that speaks later: "Cuba on Wednesday
            # called for ..., a statement issued by the Cuban Foreign Ministry stresses")
            f.speaker = speakers.final(speakers.metonym(f.speaker))


# ---------------------------------------------------------------------------------------------
# Putting it together


@dataclass
class _Statement:
    start: int
    end: int
    voice: str
    speaker: str
    sentence: int
    frame: _Frame | None = None
    relay: str = ""


#: What may stand between a quotation and the frame after it that attributes it.
_QUOTE_TO_FRAME_RE = re.compile(r"[\s,.:;!?*_]*(?:[-—–]+\s*)?")
#: A mark before a frame that leads (``"...," he said: ...``, ``"..." — he said, ...``).
_QUOTE_FRAME_MARK_RE = re.compile(r"[,\-—–:]")


def _quote_speakers(art: _Article, frames: list[_Frame]) -> list[_Statement]:
    text = art.text
    out: list[_Statement] = []
    spoken = [f for f in frames if f.speaker]
    for q in art.quotes:
        s = art.sentence_of(q.start)
        speaker, frame = "", None
        if q.start < art.headline_end:
            head = _headline_speaker(art, frames)
            if head:
                speaker = head
        for f in spoken:
            if f.content[0] <= q.start < f.content[1] or (f.lead and f.content[0] == q.start):
                speaker, frame = f.speaker, f
                break
        if not speaker:
            for f in spoken:
                if (
                    f.start >= q.end
                    and _QUOTE_TO_FRAME_RE.fullmatch(text, q.end, f.start)
                    and (not f.lead or _QUOTE_FRAME_MARK_RE.search(text, q.end - 2, f.start))
                ):
                    speaker, frame = f.speaker, f
                    break
                if f.start >= q.end:
                    break
        out.append(_Statement(q.start, q.end, "quote", speaker, s, frame))
    # quotes next to each other share a speaker: backwards, then forwards
    frame_spans = [(f.start, f.end) for f in frames]
    for k in range(1, len(out)):
        if not out[k].speaker and _adjacent(text, out[k - 1].end, out[k].start, frame_spans):
            out[k].speaker, out[k].frame = out[k - 1].speaker, out[k - 1].frame
    for k in range(len(out) - 2, -1, -1):
        if not out[k].speaker and _adjacent(text, out[k].end, out[k + 1].start, frame_spans):
            out[k].speaker, out[k].frame = out[k + 1].speaker, out[k + 1].frame
    for st in out:
        if st.speaker:
            continue
        content = text[st.start : st.end]
        if len(content.split()) <= 4:
            st.voice = "outlet"  # scare quotes, titles
            continue
        before = [f for f in spoken if f.end <= st.start]
        after = [f for f in spoken if f.start >= st.end]
        if before:
            st.speaker = before[-1].speaker
        elif after:
            st.speaker = after[0].speaker
    return out


#: A character that keeps two quotations apart (not a space, a punctuation mark or a dash).
_APART_RE = re.compile(r"[^\s,.:;!?*_\-—–]")


def _adjacent(text: str, end: int, start: int, frame_spans: list[tuple[int, int]]) -> bool:
    """Whether only spaces, punctuation, dashes and attributions (``frame_spans``) stand
    between ``end`` and ``start``."""
    m = _APART_RE.search(text, end, start)
    while m is not None:
        # (an attribution over the character hides it: go on after the attributions over it)
        at = past = m.start()
        for fs, fe in frame_spans:
            if fs <= at < fe and fe > past:
                past = fe
        if past == at:
            return False
        m = _APART_RE.search(text, past, start)
    return True


def _headline_speaker(art: _Article, frames: Sequence[_Frame] = ()) -> str:
    """The speaker of a headline of the form ``Speaker: paraphrase`` or ``Speaker — ...``."""
    line = art.text[: art.headline_end]
    m = re.match(r"[\W_]*([^:—–\n]{2,60}?)\s*(?::|\s[—–]\s)", line)
    if not m:
        return ""
    phrase = (m.start(1), m.end(1))
    frame = _Frame(phrase[0], phrase[1], phrase[0], phrase[1], "headline", 0, phrase)
    speakers = _Speakers(art)
    name, kind = speakers.classify(phrase, frame)
    if kind == "pending":  # "Генсек НАТО: ...": the person the article goes on to quote
        people = [f.speaker for f in frames if f.speaker_kind == "person" and f.speaker]
        name = people[0] if people else _body_text(art.text[phrase[0] : phrase[1]])
    if kind in ("person", "pending", "agency") or (
        kind == "body" and any(_is_cap(w) for w in name.split())
    ):
        return name
    return ""


def _spans(art: _Article) -> list[VoiceSpan]:
    text = art.text
    frames = _frames(art)
    _assign_speakers(art, frames)
    quotes = _quote_speakers(art, frames)
    statements: list[_Statement] = []
    for f in frames:
        a, b = f.content
        a, b = _strip_span(text, a, b)
        if b > a and f.speaker:
            statements.append(_Statement(a, b, "reported", f.speaker, f.sentence, f))
    # a headline "Speaker: paraphrase" / "Speaker — paraphrase"
    if art.headline_end:
        head = _headline_speaker(art, frames)
        if head:
            m = re.match(r"[\W_]*[^:—–\n]{2,60}?\s*(?::|\s[—–]\s)\s*", text)
            if m and m.end() < art.headline_end:
                a, b = _strip_span(text, m.end(), art.headline_end)
                statements.append(_Statement(a, b, "reported", head, 0, None))
    _contents(art, frames, quotes, statements)
    _free_indirect(art, frames, quotes, statements)
    _relays(art, frames, quotes, statements)
    wire = _wire_relay(art)
    intervals: list[tuple[int, int, int, str, str, str]] = []
    for st in statements:
        rank = 15 if st.voice == "free" else 11 if st.frame is not None and st.frame.minor else 10
        intervals.append((st.start, st.end, rank, "reported", st.speaker, st.relay or wire))
    for st in quotes:
        if st.voice == "quote":
            intervals.append((st.start, st.end, 30, "quote", st.speaker, st.relay or wire))
            for m in _INSERTION_RE.finditer(text, st.start, st.end):
                intervals.append((m.start(), m.end(), 40, "outlet", "", wire))
    for f in frames:  # (an attribution inside its quotation is the outlet's, over it)
        rank = 40 if f.embedded else 12 if f.minor else 20
        intervals.append((f.start, f.end, rank, "outlet", "", wire))
    for s, e in art.furniture:
        intervals.append((s, e, 50, "outlet", "", wire))
    return _paint(len(text), intervals, wire)


#: An editorial insertion inside a quotation: ``(sanctions)``, ``[He has been]``, ``(in Europe -
#: TASS)`` (not an ellipsis ``(…)``): the outlet's words.
_INSERTION_RE = re.compile(
    r"\((?!…|\.\.\.)[^()\n]{0,80}[^\W\d_][^()\n]{0,80}\)|\[[^\[\]\n]{1,80}\]"
)


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


def _free_indirect(
    art: _Article, frames: list[_Frame], quotes: list[_Statement], statements: list[_Statement]
) -> None:
    """Unframed sentences between two statements of one speaker are that speaker's argument
    (free indirect speech): at most six sentences, within one paragraph, and none of them
    naming the speaker (a sentence about the speaker is the outlet's)."""
    n = len(art.sentences)
    if n < 3:
        return
    voiced: dict[int, list[str]] = {}
    framed = {f.sentence for f in frames if not f.minor}
    starts = art.sentence_starts
    for st in [*statements, *[q for q in quotes if q.voice == "quote" and q.speaker]]:
        if (st.frame is not None and st.frame.minor) or st.voice == "contents":
            continue
        # (art.sentence_of of its first and last characters)
        first = max(0, bisect_right(starts, st.start) - 1)
        last = max(first, bisect_right(starts, st.end - 1, first) - 1)
        for k in range(first, last + 1):
            voiced.setdefault(k, []).append(st.speaker)
    order = sorted(voiced)
    if not order:
        return
    text = art.text
    framed |= {art.sentence_of(c.start) for c in art.credits if c.kind == "relay"}
    #: The speaker of the sentences between two voiced ones (None: they are not spoken).
    between: dict[tuple[int, int], str | None] = {}
    #: The surname stems of the people named other than a speaker.
    others: dict[str, list[str]] = {}
    # (a sentence before the first voiced one or after the last has none on that side)
    for s in range(order[0] + 1, order[-1]):
        if s in framed or art.sentences[s][0] < art.headline_end:
            continue
        # the voiced sentences next before and after s
        k = bisect_left(order, s)
        a, b = order[k - 1], order[k + 1 if order[k] == s else k]
        if (a, b) not in between:
            between[a, b] = _free_speaker(art, voiced[a][-1], voiced[b][0], a, b, others)
        speaker = between[a, b]
        if speaker is None:
            continue
        start, end = _strip_span(text, *art.sentences[s])
        if art._in_furniture(start):
            continue
        statements.append(_Statement(start, end, "free", speaker, s, None))


def _free_speaker(
    art: _Article, speaker: str, after: str, a: int, b: int, others: dict[str, list[str]]
) -> str | None:
    """The speaker of the sentences between voiced sentences ``a`` and ``b`` (``speaker`` the
    last of ``a``, ``after`` the first of ``b``): ``speaker`` when they are one, at most six
    sentences apart, within one paragraph, and the text between names neither another person
    nor the speaker; else None. ``others`` keeps the surname stems of the people other than
    each speaker."""
    if after != speaker or b - a - 1 > 6:
        return None
    lo, hi = art.sentences[a][1], art.sentences[b][0]
    gap = art.text[lo:hi]
    if "\n" in gap:
        return None
    if speaker not in others:
        others[speaker] = [
            _surname_stem(p.name, art.language)
            for p in art.names.people.values()
            if p.name != speaker
        ]
    if any(_names_word(gap, o) for o in others[speaker]):
        return None  # another person is named: the outlet tells what happened
    surname = speaker.split()[-1] if speaker else ""
    if art.language == "ru" and len(surname) > 5:
        surname = surname[:-2]
    if surname and _names_word(gap, surname):
        return None  # the speaker named in the third person: the outlet's sentence
    return speaker


#: A sentence that sets out what a speaker's demands or documents hold (``The demands include
#: ...``, ``They contain calls on ...``): what follows the verb is the speaker's position.
_CONTENTS_RE = re.compile(
    r"[\W_]*(?:(?:The|These|Those|Such|Its|Their|His|Her|Moscow['’]s|Russia['’]s)\s+"
    r"(?:[\w\-]+\s+){0,3}?(?:demands?|proposals?|documents?|drafts?|requests?|conditions?|"
    r"terms|initiatives?|agreements?|guarantees|ultimatum|texts?|treaty|treaties)|They)"
    r"\s+(?:also\s+)?(?:include[sd]?|contain(?:s|ed)?|stipulate[sd]?|envisage[sd]?|"
    r"require[sd]?|call(?:s|ed)? (?:on|for))\b\s*"
)
#: The nouns of _DEMANDS_RE (a sentence without one of them cannot match it).
_DEMANDS_NOUNS = ("demands", "proposals", "requests", "ultimatum", "conditions")
#: How many sentences back the speaker of such a sentence is looked for.
_CONTENTS_REACH = 3
#: Demands a speaker made, set out in the same sentence: ``X ... made wide-ranging security
#: demands of the West, including that Ukraine never join NATO``.
#: (Without the ``\b`` before it, which :func:`_search_word` tests: a pattern that begins with
#: its words lets the engine skip to their first letters.)
_DEMANDS_RE = re.compile(
    r"(?:made|makes|issued|presented|put forward|set out|tabled|submitted|sent)\s+"
    r"(?:[\w\-]+\s+){0,4}?(?:demands|proposals|requests|ultimatum|conditions)\b"
    r"[^.;:!?\"“”«»]{0,120}?(?:,\s*including(?:\s+that)?|\s+that)\s+"
)


def _contents(
    art: _Article, frames: list[_Frame], quotes: list[_Statement], statements: list[_Statement]
) -> None:
    """Sentences that set out the contents of a speaker's demands or documents (``The demands
    include ...``) right after that speaker's statement: what follows their verb is reported,
    by the speaker of the last statement (at most three sentences before)."""
    if art.language != "en":
        return
    text = art.text
    framed = {f.sentence for f in frames if not f.minor}
    said = sorted(
        [(st.start, st.speaker) for st in statements if st.speaker]
        + [(q.start, q.speaker) for q in quotes if q.voice == "quote" and q.speaker]
    )
    starts = [p for p, _ in said]
    contents: set[int] = set()
    by_sentence: dict[int, list[_Frame]] = {}
    for f in frames:
        if f.speaker and not f.minor:
            by_sentence.setdefault(f.sentence, []).append(f)
    # (_DEMANDS_RE needs one of its nouns in the sentence)
    demanding = _sentences_with(art, _DEMANDS_NOUNS)
    for s, (start, end) in enumerate(art.sentences):
        if start < art.headline_end:
            continue
        demands = (
            _search_word(_DEMANDS_RE, text, start, end)
            if s in by_sentence and s in demanding
            else None
        )
        if demands:
            # demands made by the speaker of a frame before them in the sentence
            before = [f for f in by_sentence[s] if f.end <= demands.start()]
            a, b = _strip_span(text, demands.end(), end)
            if before and b > a:
                statements.append(_Statement(a, b, "contents", before[-1].speaker, s, None))
            continue
        if s in framed:
            continue
        m = _CONTENTS_RE.match(text, start, end)
        if not m or (m.group().split()[0] == "They" and s - 1 not in contents):
            continue  # ("They contain ..." only after a sentence of contents)
        k = bisect_right(starts, start) - 1
        if k < 0 or art.sentence_of(said[k][0]) < s - _CONTENTS_REACH:
            continue
        a, b = _strip_span(text, m.end(), end)
        if b > a:
            # ("contents": reported, but never the end of a stretch of free indirect speech)
            statements.append(_Statement(a, b, "contents", said[k][1], s, None))
            contents.add(s)
            said.insert(k + 1, (a, said[k][1]))
            starts.insert(k + 1, a)


def _sentences_with(art: _Article, words: Sequence[str]) -> set[int]:
    """The sentences after the headline in which one of ``words`` occurs (as a word or a part
    of one)."""
    found: set[int] = set()
    if art.sentences:
        for word in words:
            at = art.text.find(word, art.headline_end)
            while at >= 0:
                found.add(art.sentence_of(at))
                at = art.text.find(word, at + 1)
    return found


def _search_word(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """``pattern.search(text, start, end)`` where no word character precedes the match (as
    ``\b`` before a pattern that begins with a letter)."""
    m = pattern.search(text, start, end)
    while m is not None and m.start() and _WORD_CHAR_RE.match(text, m.start() - 1):
        m = pattern.search(text, m.start() + 1, end)
    return m


def _surname_stem(name: str, language: str) -> str:
    """The start every form of a person's surname has: a Russian woman's surname less its
    ending (``Герасимова``: ``Герасимов``, as in ``Герасимовой``; ``Ямпольская``:
    ``Ямпольск``); else the surname itself (``Лавров`` starts ``Лаврова``)."""
    surname = name.split()[-1]
    if language == "ru":
        return surname[:-2] if surname.endswith("ая") else surname.removesuffix("а")
    return surname


def _names_word(text: str, word: str) -> bool:
    """Whether ``word`` starts a word of ``text`` (a cheap test before any pattern)."""
    at = text.find(word)
    while at >= 0:
        if at == 0 or not text[at - 1].isalnum():
            return True
        at = text.find(word, at + 1)
    return False


def _wire_relay(art: _Article) -> str:
    """The agency whose wire copy the whole text is (a dateline or a sign-off of another
    agency than the outlet), or ``""``."""
    for c in art.credits:
        if c.kind in ("sign_off",) and not c.self_credit:
            return c.agency
        if c.kind == "dateline" and art.outlet and not c.self_credit and c.agency:
            return c.agency
    return ""


_INTERVIEW_RE = re.compile(
    r"interview|told|telling|speaking to|spoke to|talking to|интервью|цитат", re.I
)


def _relays(
    art: _Article, frames: list[_Frame], quotes: list[_Statement], statements: list[_Statement]
) -> None:
    every = sorted([*statements, *[q for q in quotes if q.voice == "quote"]], key=lambda x: x.start)
    for st in every:
        if st.speaker and _agencies_match(st.speaker):
            agency = _agency_name(st.speaker)
            if agency != art.outlet:
                st.relay = agency
    for c in art.credits:
        if c.kind != "relay" or c.self_credit:
            continue
        s = art.sentence_of(c.start)
        here = [
            st for st in every if art.sentence_of(st.start) == s or (st.start <= c.start < st.end)
        ]
        if not here and s > 0:
            here = [st for st in every if art.sentence_of(st.start) == s - 1]
        if not here:
            continue
        if _INTERVIEW_RE.search(c.credit):
            speakers = {st.speaker for st in here}
            for st in every:
                if st.speaker in speakers and not st.relay:
                    st.relay = c.agency
            continue
        for st in here:
            if not st.relay:
                st.relay = c.agency
        # quotes that follow at once, of the same speaker, are the same statement
        last = max(here, key=lambda x: x.end)
        frame_spans = [(f.start, f.end) for f in frames]
        for st in every:
            if st.start < last.end or st.voice != "quote":
                continue
            if st.speaker == last.speaker and _adjacent(art.text, last.end, st.start, frame_spans):
                st.relay = st.relay or c.agency
                last = st
            else:
                break


def _agencies_match(name: str) -> bool:
    return name in _agencies().names


def _paint(
    length: int, intervals: list[tuple[int, int, int, str, str, str]], wire: str
) -> list[VoiceSpan]:
    """The text cut into spans: each character takes the interval of highest priority over it
    (the outlet's voice where none is)."""
    ordered = [iv for iv in intervals if iv[1] > iv[0]]
    ordered.sort(key=_START)
    cuts = {0, length}
    for iv in ordered:
        s, e = iv[0], iv[1]
        cuts.add(0 if s < 0 else length if s > length else s)
        cuts.add(0 if e < 0 else length if e > length else e)
    points = sorted(cuts)
    spans: list[VoiceSpan] = []
    # the intervals over the current point, highest rank first (the first given among equals);
    # those that ended are dropped when they come to the top
    active: list[tuple[int, int, tuple[int, int, int, str, str, str]]] = []
    k, n = 0, len(ordered)
    outside = ("outlet", "", wire)
    current: tuple[str, ...] | None = None
    begin = 0
    for a in points[:-1]:
        while k < n and ordered[k][0] <= a:
            iv = ordered[k]
            heappush(active, (-iv[2], k, iv))
            k += 1
        while active and active[0][2][1] <= a:
            heappop(active)
        label = active[0][2][3:] if active else outside
        if label != current:
            if current is not None:
                spans.append(VoiceSpan(begin, a, *current))
            current, begin = label, a
    if current is not None:
        spans.append(VoiceSpan(begin, points[-1], *current))
    return spans


_START = itemgetter(0)


# ---------------------------------------------------------------------------------------------
# Public API


def voice_spans(
    text: str,
    *,
    language: str | None = None,
    outlet: str | None = None,
    cues: Any = None,
    headline: bool = False,
) -> list[VoiceSpan]:
    """The voice of every character of ``text``: spans that cover it, in order.

    Parameters
    ----------
    text : str
        An article as given (offsets are into it; do not fold its quotation marks first).
    language : {"en", "ru"}, optional
        Detected from the letters when not given.
    outlet : str, optional
        The publishing outlet (a corpus's ``source``, e.g. ``"TASS"`` or ``"RIA Novosti
        (Telegram)"``): credits to it are self-credits, not relays, and a dateline of another
        agency makes the text that agency's wire copy. Unknown when not given: a dateline's
        agency is then taken for the outlet itself.
    cues : dict or YAML path, optional
        Reporting cues to add to the packaged ones (see :func:`load_cues`), e.g.
        ``{"verbs": ["reckon"]}``.
    headline : bool, default False
        Read the whole text as a headline: the outlet's words (quotations aside), unless it has
        the form ``Speaker: paraphrase`` or ``Speaker — paraphrase``. A first line that looks
        like a headline (short, no final full stop, a line break after it) is read so anyway.

    Returns
    -------
    list of VoiceSpan
        ``(start, end, voice, speaker, relay)``: ``voice`` is ``quote``, ``reported`` or
        ``outlet``; ``speaker`` the canonical name (empty for the outlet); ``relay`` the news
        organisation credited (empty when none). Spans are computed once per text and cached.

    Examples
    --------
    >>> text = ('Belarusian President Alexander Lukashenko urged more unity. "We do not want '
    ...         'sanctions," the BelTA news agency quoted Lukashenko as saying.')  # synthetic
    >>> for span in voice_spans(text, outlet="TASS"):
    ...     print(span.voice, repr(text[span.start:span.end]), span.speaker, span.relay, sep=" | ")
    outlet | 'Belarusian President Alexander Lukashenko urged ' |  |
    reported | 'more unity.' | Alexander Lukashenko |
    outlet | ' ' |  |
    quote | '"We do not want sanctions,"' | Alexander Lukashenko | BelTA
    outlet | ' the BelTA news agency quoted Lukashenko as saying.' |  |
    """
    if not isinstance(text, str):
        raise ToolkitError(f"voice_spans() takes a str, got {type(text).__name__}.")
    lang = language or _language(text)
    compiled = load_cues(lang, cues)
    return list(_cached_spans(text, compiled, outlet, headline))


#: The most spans the cache of :func:`voice_spans` keeps (about 150 bytes each: some 60 MB at
#: most); the articles used least recently are forgotten first. The 7,288 articles of the
#: development corpus (20 million characters) have 170,000.
CACHE_SPANS = 400_000


_Entry = tuple[int, tuple[VoiceSpan, ...]]


class SpanCache:
    """The voice spans of the articles seen last, computed once and shared by every analysis.

    Keyed by a digest of the article's text (BLAKE2b, 128 bits: not the text itself, which the
    corpus holds already), its cues (language and added cues), outlet and headline option;
    bounded by the number of spans kept (:data:`CACHE_SPANS`), least recently used first out;
    safe to use from several threads. Forked workers hand what they computed back to the parent
    through the engine's ``memory`` protocol (:meth:`known`, :meth:`learned`, :meth:`learn`),
    so that the next analysis, in the parent or in workers forked from it, finds them.
    """

    def __init__(self, max_spans: int = CACHE_SPANS) -> None:
        self.max_spans = max_spans
        self._lock = threading.Lock()
        # a process forked while another thread held the lock gets a fresh one (the holder
        # does not exist in the child, and would never release it)
        if hasattr(os, "register_at_fork"):
            me = weakref.ref(self)

            def fresh_lock() -> None:
                cache = me()
                if cache is not None:
                    cache._lock = threading.Lock()

            os.register_at_fork(after_in_child=fresh_lock)
        # key -> (when added, spans)
        self._items: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._size = 0
        self._serial = 0

    @staticmethod
    def key(text: str, cues: Cues, outlet: str | None, headline: bool) -> tuple[Any, ...]:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        return (digest.digest(), len(text), cues.key, outlet, headline)

    def get(self, key: tuple[Any, ...]) -> tuple[VoiceSpan, ...] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: tuple[Any, ...], spans: tuple[VoiceSpan, ...]) -> None:
        with self._lock:
            if key in self._items or len(spans) > self.max_spans:
                return
            self._serial += 1
            self._items[key] = (self._serial, spans)
            self._size += len(spans)
            while self._size > self.max_spans:
                _key, (_serial, dropped) = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)

    def known(self) -> int:
        """A mark for :meth:`learned`: how many entries were ever added."""
        return self._serial

    def learned(self, since: int) -> list[tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]]]:
        """The entries added after mark ``since`` (and still kept), spans as plain tuples
        (which pickle five times faster than named ones)."""
        with self._lock:
            return [
                (k, tuple(map(tuple, spans)))
                for k, (serial, spans) in self._items.items()
                if serial > since
            ]

    def learn(self, entries: Iterable[tuple[tuple[Any, ...], Iterable[Sequence[Any]]]]) -> None:
        """Take in entries from :meth:`learned` of a forked worker's copy."""
        make = VoiceSpan._make
        for key, spans in entries:
            self.put(key, tuple(map(make, spans)))


#: The one cache of :func:`voice_spans` (``SPANS.clear()`` empties it).
SPANS = SpanCache()


def _cached_spans(
    text: str, cues: Cues, outlet: str | None, headline: bool
) -> tuple[VoiceSpan, ...]:
    if not text.strip():
        return (VoiceSpan(0, len(text), "outlet", "", ""),) if text else ()
    key = SPANS.key(text, cues, outlet, headline)
    found = SPANS.get(key)
    if found is None:
        found = tuple(_spans(_Article(text, cues, outlet, headline)))
        SPANS.put(key, found)
    return found


class Memories:
    """Several analysis memories (a term matcher's lookups, the span cache) as one, for
    ``Analysis(memory=...)``: each is handed back from forked workers."""

    def __init__(self, *parts: Any) -> None:
        self.parts = tuple(p for p in parts if p is not None)

    def known(self) -> tuple[Any, ...]:
        return tuple(p.known() for p in self.parts)

    def learned(self, since: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(p.learned(mark) for p, mark in zip(self.parts, since))

    def learn(self, lookups: tuple[Any, ...]) -> None:
        for part, found in zip(self.parts, lookups):
            if found:
                part.learn(found)


def voice_reader(
    corpus: Any, read: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], Callable[[Document], list[VoiceSpan]]]:
    """For an analysis that asks for the voice of its documents: the columns it must read
    (``read``, then the corpus's ``language`` and ``source`` columns where it has them, which
    the documents' ``meta`` then holds in this order), and a function giving a document's
    spans (:func:`voice_spans`, cached).

    The article's ``source`` is its outlet (credits to it are not relays); its ``language``,
    when ``en`` or ``ru``, chooses the cues (otherwise the letters do).
    """
    present = [c for c in column_dtypes(corpus, _VOICE_READS) if c not in read]
    columns = (*read, *present)
    lang_at = columns.index("language") if "language" in columns else -1
    source_at = columns.index("source") if "source" in columns else -1

    def spans(doc: Document) -> list[VoiceSpan]:
        language = doc.meta[lang_at] if lang_at >= 0 else None
        outlet = doc.meta[source_at] if source_at >= 0 else None
        return voice_spans(
            doc.text,
            language=language if language in _LANGUAGES else None,
            outlet=None if outlet is None else str(outlet),
        )

    return columns, spans


#: The corpus columns the voice rules read, when the corpus has them.
_VOICE_READS = ("language", "source")


def full_speaker_names(names: Mapping[str, int] | Iterable[str]) -> dict[str, str]:
    """For each one-word speaker, the longer name that ends with it (``Biden`` -> ``Joe
    Biden``, ``Путин`` -> ``Владимир Путин``), when one does or one holds at least nine in ten
    of the hits of those that do: each article names a speaker once, and this joins the
    articles that name them by surname alone to those that name them in full.

    ``names`` is the speakers with their hits (or the speakers alone: one hit each).

    >>> full_speaker_names({"Biden": 5, "Joe Biden": 40, "Hunter Biden": 1, "Putin": 3,
    ...                     "Kim": 2, "Young Kim": 4, "Andy Kim": 3})
    {'Biden': 'Joe Biden'}
    """
    hits = dict(names) if isinstance(names, Mapping) else dict.fromkeys(names, 1)
    longer: dict[str, dict[str, int]] = {}
    for name, n in hits.items():
        words = name.split()
        if len(words) > 1:
            longer.setdefault(words[-1].casefold(), {})[name] = n
    out = {}
    for name in hits:
        if name and " " not in name and (found := longer.get(name.casefold())):
            best = max(found, key=lambda full: (found[full], full))
            if found[best] >= 0.9 * sum(found.values()):
                out[name] = best
    return out


def voice_of(spans: Sequence[VoiceSpan] | pd.DataFrame, offsets: Iterable[int]) -> list[Voice]:
    """The voice, speaker and relay at each character offset, looked up by bisection.

    Parameters
    ----------
    spans : list of VoiceSpan, or DataFrame
        One text's spans: :func:`voice_spans`, or the rows of one ``doc_id`` of
        :func:`annotate_voice`.
    offsets : iterable of int
        Character offsets into the same text (the ``start`` of kwic or count_terms hits).

    Returns
    -------
    list of Voice
        ``(voice, speaker, relay)`` per offset; ``("outlet", "", "")`` outside every span.

    Examples
    --------
    >>> text = '"Unity is strength," Lukashenko said.'  # synthetic
    >>> for v in voice_of(voice_spans(text), [1, 25]):
    ...     print(v)
    Voice(voice='quote', speaker='Lukashenko', relay='')
    Voice(voice='outlet', speaker='', relay='')
    """
    rows: list[tuple[Any, ...]]
    if isinstance(spans, pd.DataFrame):
        table = spans.sort_values("start")
        rows = list(
            zip(
                table["start"].tolist(),
                table["end"].tolist(),
                table["voice"].tolist(),
                table["speaker"].tolist(),
                table["relay"].tolist(),
            )
        )
    else:
        rows = [tuple(s) for s in spans]
    starts = [r[0] for r in rows]
    outside = Voice("outlet", "", "")
    found = []
    for offset in offsets:
        k = bisect_right(starts, offset) - 1
        if k >= 0 and offset < rows[k][1]:
            r = rows[k]
            found.append(Voice(str(r[2]), str(r[3] or ""), str(r[4] or "")))
        else:
            found.append(outside)
    return found


def annotate_voice(
    corpus: pd.DataFrame,
    *,
    language: str | None = None,
    cues: Any = None,
    meta: str | Sequence[str] | None = (),
    progress: bool | None = None,
) -> pd.DataFrame:
    """The voice spans of every article: who speaks in each stretch of text.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (or chunks, or a Dask DataFrame). Its ``language`` column, when present, gives
        each article's language (``en`` or ``ru``; other values are detected); its ``source``
        column names the publishing outlet (self-credits are not relays).
    language : {"en", "ru"}, optional
        One language for every article (otherwise the column, or detection).
    cues : dict or YAML path, optional
        Reporting cues to add (see :func:`load_cues`).
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default: none).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per span, in corpus and text order, covering every article's ``text``:
        ``doc_id``, the ``meta`` columns, ``start`` and ``end`` (offsets into ``text``),
        ``voice`` (``quote``, ``reported`` or ``outlet``), ``speaker`` (the canonical name;
        empty for the outlet) and ``relay`` (the news organisation credited; empty when none).

    Examples
    --------
    >>> import toolkit
    >>> spans = annotate_voice(toolkit.load_sample())
    >>> spans.columns.tolist()
    ['doc_id', 'start', 'end', 'voice', 'speaker', 'relay']
    >>> sorted(set(spans.loc[spans.voice != "outlet", "speaker"]))
    ['Alexander Lukashenko']
    """
    if language is not None and language not in _LANGUAGES:
        raise ToolkitError(f"language= must be 'en', 'ru' or None, not {language!r}.")
    load_cues(language or "en", cues)  # check the cues before running
    carried = meta_columns(meta if meta is not None else (), corpus, reserved=VOICE_COLUMNS)
    columns = _columns_of(corpus)
    extra = [c for c in ("language", "source") if c in columns]
    read = tuple(dict.fromkeys([*carried, *extra]))
    shown = len(carried)
    lang_at = read.index("language") if "language" in extra else -1
    source_at = read.index("source") if "source" in extra else -1

    def step(doc: Document) -> Partial:
        lang = language
        if lang is None and lang_at >= 0 and doc.meta[lang_at] in _LANGUAGES:
            lang = doc.meta[lang_at]
        outlet = doc.meta[source_at] if source_at >= 0 else None
        spans = voice_spans(doc.text, language=lang, outlet=outlet, cues=cues)
        head = (doc.position, *doc.meta[:shown])
        return {"rows": [(*head, *span) for span in spans]}

    def finish(total: Partial) -> pd.DataFrame:
        types = {**dtypes, "start": "int64", "end": "int64", "voice": "str", "speaker": "str",
                 "relay": "str"}  # fmt: skip
        return rows_frame(total.get("rows", []), [*carried, *VOICE_COLUMNS], types)

    dtypes = column_dtypes(corpus, carried)
    analysis = Analysis("annotate_voice", step, finish, meta=read, warm_up=warm_up, memory=SPANS)
    return run(analysis, corpus, progress=progress)


def warm_up() -> None:
    """Build the cue tables before worker processes are forked (they then share them)."""
    load_cues("en")
    _agencies()
    _credit_res()
    _relay_starts()
    _agency_re()
