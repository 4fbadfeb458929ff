"""The reporting cues (toolkit/resources/voice/{en,ru}.yaml), the news agencies they credit
(boilerplate.yaml), and a text's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import ToolkitError
from toolkit.util import word_trie
from toolkit.voice.morphology import _morph

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


_LATIN_RE = re.compile("[a-zA-Z]")


def _language(text: str) -> str:
    head = text[:2000]
    return "ru" if len(_CYRILLIC_RE.findall(head)) > len(_LATIN_RE.findall(head)) else "en"


_CYRILLIC_RE = re.compile(r"[а-яё]", re.I)


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
