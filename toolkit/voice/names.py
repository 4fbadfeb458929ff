"""Names: who the speakers are (the people an article names, in one canonical form each)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, TypeVar

from toolkit.voice.cues import Cues
from toolkit.voice.morphology import _morph, _ru_form, _ru_readings
from toolkit.voice.records import _Covers
from toolkit.voice.sentences import _MONTH_ABBREVIATIONS

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
        *_MONTH_ABBREVIATIONS,
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


#: The particles of Russian names (Урсула фон дер Ляйен, Шарль де Голль).
_RU_PARTICLES = ("фон", "дер", "де", "ван", "дю", "ди", "да", "ла", "ле", "аль")


_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "bin", "al", "da", "del", "la", "le", "dos", "di",
     *_RU_PARTICLES}
)  # fmt: skip


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
    #: The keys of the given names the person is named with (``joe``, ``серг``).
    given: set[str] = field(default_factory=set)
    #: Whether the name was read cut short after "of" (:func:`_after_of`): a fuller writing
    #: of it later replaces it.
    cut: bool = False


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
        #: Other people of a surname, named with other given names (``Hunter Biden`` after
        #: ``Joe Biden``, ``Александра Захарова`` after ``Марк Захаров``): a surname alone is
        #: the first named so.
        self.relatives: dict[str, list[_Person]] = {}
        self._lower: set[str] | None = None  # the text's words in lower case, once read
        self._scan(text)
        #: Every person the text names, relatives of a surname included.
        self.everyone = [*self.people.values(), *(p for ps in self.relatives.values() for p in ps)]

    def _given_names(self, words: list[str]) -> bool:
        """Whether the words before a surname are given names, which tell two people of the
        surname apart: a Russian first name or patronymic (pymorphy3's), or a capitalised
        word the text never writes in lower case nor the cues list (not "Sometimes", "Bloc"),
        none of them another person's surname."""
        if not words or any(_key(w, self.language) in self.people for w in words):
            return False  # ("Olaf Scholz Putin": a run of two names)
        if self.language == "ru":
            return all(_ru_first_name(w) is not None for w in words)
        if self._lower is None:
            self._lower = set(_LOWER_WORD_RE.findall(self.text))
        cues = self.cues
        return all(
            w[:1].isupper()
            and (low := w.lower()) not in self._lower
            and low not in cues.roles
            and low not in cues.titles
            and low not in cues.stops
            and w not in cues.nationalities
            and w not in cues.places
            for w in words
        )

    def split_name(self, words: list[str]) -> list[str]:
        """The personal name at the end of a run of capitalised words, titles stripped."""
        return list(_split_name(self.cues, tuple(words)))

    def _scan(self, text: str) -> None:
        russian = self.language == "ru"
        run_re = _RU_RUN_RE if russian else _EN_RUN_RE
        skip = self.skip
        covers = _Covers(skip)
        cues = self.cues
        people = self.people
        aliases = self.aliases
        runs = _memos(cues).runs
        for m in run_re.finditer(text):
            at = m.start()
            run = m.group()
            # "РОСЭКСИМБАНКа Татьяна": the run starts inside a word, which is not of the name
            inside = at > 0 and text[at - 1].isupper()
            # ("the Russian Academy of Sciences Vladimir Batyuk": an organisation's last word)
            asked = (run, inside, not russian and text[max(0, at - 3) : at] == "of ")
            try:  # (not "in" then a lookup: another thread may empty the memo in between)
                named = runs[asked]
            except KeyError:
                named = runs.keep(asked, _run_person(cues, *asked))
            # (the furniture tested only for the fewer runs that name someone)
            if named is None or (skip and covers.over(at)):
                continue
            if inside:
                at += run.find(" ") + 1
            full, key, lead, others, cut = named
            person = people.get(key)
            mention = (at, lead)
            if person is None:
                person = people[key] = _Person(full, at, [mention], given=set(others), cut=cut)
            elif (
                others
                and person.given
                and not _same_given(person.given, others)
                and self._given_names(full.split()[:-1])
                and self._given_names(person.name.split()[:-1])
            ):
                # another person of the surname: "Hunter Biden" after "Joe Biden"
                kin = self.relatives.setdefault(key, [])
                known = next((p for p in kin if _same_given(p.given, others)), None)
                if known is None:
                    kin.append(_Person(full, at, [mention], given=set(others)))
                else:
                    known.mentions.append(mention)
                continue
            else:
                person.mentions.append(mention)
                person.given.update(others)
                if russian and len(full) < len(person.name):
                    person.name = full  # the nominative is the shortest form: Пайетт, Пайетта
                elif person.cut and full.endswith(" " + person.name):
                    # ("Head of Turkey Tayyip Erdogan", then "Recep Tayyip Erdogan")
                    person.name, person.cut = full, cut
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
        if len(name) > 1 and key in self.relatives:
            given = {_key(word, self.language) for word in name[:-1]}
            kin = next((p for p in self.relatives[key] if _same_given(p.given, given)), None)
            if kin is not None:
                return kin.name
        person = self.people.get(key) or (self.aliases.get(key) if len(name) == 1 else None)
        if person is None and len(key) >= 5:
            for other, candidate in self.people.items():
                if len(other) >= 5 and _edit1(key, other):
                    person = candidate
                    break
        if person is not None:
            if self.language == "ru" and len(name) == 1:
                _shorten(person, name[0])
            return person.name
        if self.language == "ru":
            return " ".join(_ru_nominative(name))
        return " ".join(name)

    def named_between(self, start: int, end: int, quoted: Callable[[int], object]) -> str:
        """The person named last between ``start`` and ``end`` by full name or surname, not in
        the possessive (``Menendez’s bill``) nor inside a quotation (``quoted``), or ``""``."""
        best, at = "", -1
        for person in self.everyone:
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
            (p for p in self.everyone if p.first < position),
            key=lambda p: p.first,
            default=None,
        )
        return best.name if best else ""

    def compatible(self, words: set[str], before: int, *, recent: bool = False) -> list[str]:
        """Canonical names of people named before ``before`` whose titles share a word with
        ``words``, best first (with ``recent``, among equals the one named last first)."""
        scored = []
        for person in self.everyone:
            if person.first >= before:
                continue
            score = len(words & self.titles(person))
            if score:
                scored.append((score, person.first if recent else 0, person.name))
        scored.sort(reverse=True)
        return [name for _score, _first, name in scored]


_LOWER_WORD_RE = re.compile(r"\b[a-z][a-z'’\-]+\b")


def _same_given(known: set[str], given: Iterable[str]) -> bool:
    """Whether given names (their keys) may be one person's: one shared, or a pair with one
    first letter (``sergei`` and ``sergey``, ``volodymyr`` and ``vladimir``, an initial)."""
    return any(a == b or a[:1] == b[:1] for a in known for b in given)


#: What a run of capitalised words names (:func:`_run_person`).
_Named = tuple[str, str, tuple[str, ...], tuple[str, ...], bool]


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A memory of a pure function's answers, emptied when it holds ``size`` of them (the
    words and runs of names recur across articles, but not without end)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: _K, value: _V) -> _V:
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value


@dataclass
class _NameMemos:
    """The answers of :func:`_not_name`, :func:`_split_name` and :func:`_run_person` for one
    set of cues, by word, words or run. (Not functions' caches keyed by the cues as well: a key
    holding the cues stays tracked by the collector, and traversed at each full collection, for
    as long as it is kept; one of strings and tuples of strings is soon no longer tracked.)"""

    not_name: _Memo[str, bool] = field(default_factory=lambda: _Memo(100_000))
    split: _Memo[tuple[str, ...], tuple[str, ...]] = field(default_factory=lambda: _Memo(50_000))
    runs: _Memo[tuple[str, bool, bool], _Named | None] = field(
        default_factory=lambda: _Memo(50_000)
    )


@lru_cache(maxsize=16)
def _memos(cues: Cues) -> _NameMemos:
    return _NameMemos()


def _undoubled(words: Sequence[str]) -> tuple[str, ...]:
    """The words but a word written twice in a row, once (``Ministry of Defence Defence``)."""
    return tuple(w for k, w in enumerate(words) if k == 0 or w != words[k - 1])


def _run_person(cues: Cues, run: str, inside: bool, after_of: bool = False) -> _Named | None:
    """The person a run of capitalised words names, or None: the full name (a Russian one in
    the nominative), the key of its surname, the words of the run before the name and the keys
    of the name's other words (kept by :meth:`_Names._scan`: the same runs recur across
    articles, Vladimir Putin). With ``inside``, the run starts inside a word, and its first
    word is not of the name; ``after_of``, the run follows "of" (:func:`_after_of`), and the
    last item says whether the name was cut short for it."""
    words = tuple(run.split()[1:] if inside else run.split())
    if not words:
        return None
    russian = cues.language == "ru"
    if _POSSESSIVE_RE.search(words[-1]):  # "Boris Johnson's comments": Boris Johnson
        words = (*words[:-1], _POSSESSIVE_RE.sub("", words[-1]))
    # "Vladimir Putin Putin said", "Vladimir Vladimir Putin": a caption's name run into the
    # text's, a word written twice in a row
    words = _undoubled(words)
    name = _name_words(cues, words)
    if russian:
        name = _ru_name_start(cues, name)
    cut = False
    if not russian and after_of and len(name) == len(words):
        # (no title before it: "of President Recep Tayyip Erdogan" is not cut)
        cut = len(name := _after_of(name)) < len(words)
    if len(name) < 2 or len(name) > 4:
        return None
    if russian and not _ru_person(name):
        return None
    full = " ".join(_ru_nominative(name) if russian else name)
    others = tuple(
        other for other in (_key(word, cues.language) for word in name[:-1]) if len(other) > 1
    )
    return full, _key(name[-1], cues.language), words[: len(words) - len(name)], others, cut


#: Case endings of Russian nouns (the nominative is the form without them), by case.
_RU_CASE_ENDINGS = (
    ("ом", "ем", "ым", "им", "ой", "ей"),
    ("а", "я"),
    ("у", "ю"),
    ("е",),
)


def _shorten(person: _Person, surname: str) -> None:
    """A Russian name the dictionary cannot put in the nominative, written once in another
    case (``со своим коллегой Ухнагийном Хурэлсухом``), takes the shorter form of its surname
    the text writes alone (``— заявил Хурэлсух``), and its other words lose the same ending
    (``Ухнагийн Хурэлсух``)."""
    words = person.name.split()
    last = words[-1]
    ending = last[len(surname) :]
    case = next((c for c in _RU_CASE_ENDINGS if ending in c), None)
    if (
        len(last) > len(surname)
        and last.startswith(surname)
        and case is not None
        # (not "Маша Шилова", a name in the nominative, when "Шилов" is another's)
        and not any((_ru_first_name(w) or ("", ""))[1] == "nomn" for w in words[:-1])
    ):
        others = []
        for w in words[:-1]:
            cut = next((e for e in case if w.endswith(e) and len(w) > len(e) + 2), "")
            others.append(w.removesuffix(cut) if cut else w)
        person.name = " ".join([*others, surname])


def _after_of(name: tuple[str, ...]) -> tuple[str, ...]:
    """An English name in a run after "of" less the words before its last two (initials and
    particles aside): the run opens with the last word of what the person is of (``the
    Russian Academy of Sciences Vladimir Batyuk``, ``CEO of Mastercard Michael Miebach``)."""
    kept = 0
    for k in range(len(name) - 1, -1, -1):
        if len(name[k].rstrip(".")) > 1 and name[k].lower() not in _PARTICLES:
            kept += 1
            if kept > 2:
                return name[k + 1 :]
    return name


_TITLE_WORD_RE = re.compile(r"[\w\-]+")


_NOT_TITLES = frozenset({"of", "and", "the", "и", "в"})


def _split_name(cues: Cues, words: tuple[str, ...]) -> tuple[str, ...]:
    """:meth:`_Names.split_name` (the same runs recur across articles: Vladimir Putin)."""
    split = _memos(cues).split
    found = split.get(words)
    return split.keep(words, _name_words(cues, words)) if found is None else found


def _name_words(cues: Cues, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a run after the last that is not of a name or is possessive (not kept
    itself: :meth:`_Names._scan` and :func:`_split_name` keep their runs)."""
    not_name = _memos(cues).not_name
    start = len(words)
    while start:
        word = words[start - 1]
        found = not_name.get(word)
        if found is None:
            found = not_name.keep(word, _not_name(cues, word))
        if found and start == len(words) > 1 and word in _SURNAME_TITLES:
            found = _not_name(cues, words[start - 2])  # ("Sen. Angus King": a surname)
        if found or _POSSESSIVE_RE.search(word):
            break
        start -= 1
    if start == 0 and len(words) > 1 and cues.language == "en" and words[0].lower() in _EN_OPENERS:
        start = 1  # "In Putin's mind", "Following Russia's takeover": a sentence's start
    while start < len(words) and words[start].lower() in _NAMED_MONTHS:
        start += 1  # ("In May Putin said", "published Aug": a month, not a name's first word)
    return words[start:]


#: Titles that are also surnames, read as one after a word of a name (``Angus King``, ``John
#: Major``; ``the King``, ``Prime Minister`` are titles).
_SURNAME_TITLES = frozenset({"King", "Major", "Bishop", "Judge"})


#: Months' names that are also given names or surnames (Theresa May, Zhang Jun): of a name but
#: at its start (``May Putin`` is no one; ``Jan Lipavsky`` is left as ``Lipavsky``).
_NAMED_MONTHS = frozenset({"may", *_MONTH_ABBREVIATIONS})


#: English prepositions that open a sentence before a name, never a name's first word (those
#: the cues' stop words lack).
_EN_OPENERS = frozenset(
    ["in", "with", "for", "under", "following", "among", "within", "without", "like", "unlike",
     "near", "across", "toward", "towards", "behind", "beyond", "between", "through",
     "throughout", "via", "per", "regarding", "concerning", "including", "excluding", "on",
     "at", "from", "into", "onto", "around", "along", "besides"]
)  # fmt: skip


#: Words of quantity (and "last", "next") that open a capitalised run ("Some Biden supporters",
#: "Many Russians", "One official", "Last week").
_QUANTIFIERS = frozenset(
    ["some", "many", "several", "most", "few", "all", "both", "other", "one", "two", "three",
     "four", "five", "six", "seven", "eight", "nine", "ten", "last", "next"]
)  # fmt: skip


#: An English contraction (I'm, We're, I've, They'll, He'd).
_CONTRACTION_RE = re.compile(r"['’](?:m|re|ve|ll|d)$")


def _not_name(cues: Cues, word: str) -> bool:
    """Whether a capitalised word is not part of a personal name: a title, a nationality, a
    place, an acronym, a day or month, a function word (kept by :func:`_name_words`)."""
    bare = _POSSESSIVE_RE.sub("", word)
    if word in cues.titles or bare in cues.titles or word in cues.nationalities:
        return True
    if _CONTRACTION_RE.search(word):
        return True  # "I'm Charles Payne": a contraction is no name's word
    if bare in cues.places or word in cues.places or bare in cues.nationalities:
        return True
    if bare in cues.things or (bare.endswith("s") and bare[:-1] in cues.things):
        return True
    if len(bare) > 1 and (bare.isupper() or (sum(map(str.isupper, bare)) >= 3 and "-" not in bare)):
        return True  # acronyms: NATO, CSTO, РФ, PGNiG (not McDonald, DeSantis)
    low = bare.lower()
    if (
        (low in _TIME_WORDS and low not in _NAMED_MONTHS)
        or low in cues.skip
        or low in cues.stops
        or low in _DETERMINERS
    ):
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
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?"
    rf"(?:(?:[^\S\n](?:{'|'.join(_RU_PARTICLES)}))*"  # (Урсула фон дер Ляйен)
    r"[^\S\n][А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?)+"
)


@cache
def _ru_place_keys_cached(places: frozenset[str]) -> frozenset[str]:
    return frozenset(_key(p, "ru") for p in places)


def _ru_place_keys(cues: Cues) -> frozenset[str]:
    return _ru_place_keys_cached(cues.places)


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
    readings = _ru_readings(word)
    # (an abbreviation's reading of a word not written in capitals is none: "Новак" is a
    # surname, not the organisation НОВАК)
    top = next(
        (p for p in readings if word.isupper() or "Abbr" not in p.tag.grammemes), readings[0]
    )
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
    first = _ru_first_name(name[1]) if len(name) >= 3 else None
    if first is not None and (
        not _ru_parse(name[0])[2]
        # (a word the dictionary does not know, read as a name in another case than the first
        # name after it: "председатель Совфеда Мурат Хапсироков", "главы Гагаузии Евгения
        # Гуцул")
        or (not _ru_known(name[0]) and _ru_parse(name[0])[1] != first[1])
    ):
        name = name[1:]  # "Минэнерго Александр Новак", "Приамурья Василий Орлов"
    for k in range(len(name) - 2, 0, -1):
        # "при президенте Джо Байдене Джейк Салливан": a name in another case before a first
        # name in the nominative and the words after it is another person's
        first = _ru_first_name(name[k])
        if (
            first is not None
            and first[1] == "nomn"
            and _ru_parse(name[k - 1])[2]
            and _ru_parse(name[k - 1])[1] not in ("nomn", "None")
        ):
            return name[k:]
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


_RELATIVE = frozenset({"who", "which", "whose", "который", "которая", "которые", "которое"})


#: What goes on after a surname that is no mention of it (``Menendez’s``, ``Ivanova``).
_NAME_GOES_ON_RE = re.compile(r"[\w’']")
