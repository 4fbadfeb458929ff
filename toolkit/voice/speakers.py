"""Speakers: the canonical name of who speaks in each frame and quotation."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Collection
from functools import lru_cache
from operator import itemgetter

from toolkit.voice.credits import _agency_re
from toolkit.voice.cues import _CYRILLIC_RE, Cues, _agency_name
from toolkit.voice.frames import (
    _DASHES,
    _INSTITUTION_HEADS,
    _LAST_WORD_RE,
    _PERIODS,
    _SPEAKING_NOUNS,
    _Article,
    _foreign_or_abbreviation,
    _Frame,
    _is_preposition,
    _ru_place,
)
from toolkit.voice.morphology import _ru_form, _ru_readings, _ru_tag
from toolkit.voice.names import (
    _CONTRACTION_RE,
    _DETERMINERS,
    _EN_OPENERS,
    _PARTICLES,
    _POSSESSIVE_RE,
    _TIME_WORDS,
    _TOKEN_RE,
    _after_of,
    _is_cap,
    _key,
    _Person,
    _ru_known,
    _ru_name_start,
    _ru_nominative,
    _ru_parse,
    _ru_person,
    _ru_singular_nominative,
    _split_name,
    _undoubled,
)
from toolkit.voice.quotes import _WORD_CHAR_RE
from toolkit.voice.sentences import _ABBREVIATIONS

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


#: Words before "'s" that are no one's name: a contraction ("That's not the case", "What's
#: more", "There's", "Here's", "Let's") rather than a possessive.
_NO_POSSESSOR = frozenset({"that", "what", "there", "here", "let", "who", "where", "how"})


#: An abbreviation in capitals and stops that lost its last stop: "U.S", "U.K".
_DOTTED_TAIL_RE = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$")


def _institution_name(words: tuple[str, ...], lows: tuple[str, ...]) -> bool:
    """Whether an English phrase is an institution's name: a capitalised head before "for"
    (``Institute for ...``, ``High Commissioner for Refugees``) or before "of" and a capital
    (``the country's Institute of Statistics``, ``British Chambers of Commerce``), or ending
    it (``Main Military Intelligence Directorate``, ``U.N. Food and Agriculture
    Organization``)."""
    heads = _INSTITUTION_HEADS | _MORE_HEADS
    if words[-1][:1].isupper() and lows[-1] in heads:
        return True
    return any(
        (lows[k] == "for" or (lows[k] == "of" and words[k + 1][:1].isupper()))
        and lows[k - 1] in heads
        and words[k - 1][:1].isupper()
        for k in range(1, len(words) - 1)
    )


#: Heads of institutions' names beside those the frames know (:data:`_INSTITUTION_HEADS`).
_MORE_HEADS = frozenset(
    {"directorate", "chamber", "chambers", "militia", "academy", "authority", "board",
     "inspectorate", "command", "institution", "university", "college", "school", "forum",
     "reserve"}
)  # fmt: skip


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
        #: Credits of where words were said ("В эксклюзивном интервью Le Monde", "In an
        #: interview with CNN"), by start: no part of a subject after them.
        self._said_in = sorted(
            (c.start, c.end)
            for c in art.credits
            if c.kind == "relay" and c.credit.split(None, 1)[0].lower() in ("в", "in")
        )
        #: The people the article names, by canonical name (read when first asked for).
        self._people: dict[str, _Person] | None = None

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
            name = self.body(self.metonym(name), phrase[0])
            self.last_body = self.last_any = name
            if kind == "agency":
                self.last_agency, self.last_agency_at = name, phrase[0]
            if self._issued:
                self.issuer = name
        elif kind == "pending":
            self.pending.append(frame)
            return
        if name[-1:].isupper() and _DOTTED_TAIL_RE.search(name):
            name += "."  # "the U.S" (its last stop read as the sentence's) is the U.S.
        frame.speaker, frame.speaker_kind = name, kind

    def body(self, name: str, at: int = -1) -> str:
        """One name per body: ``the Foreign Ministry`` after ``Russian Foreign Ministry`` is the
        latter (its words, cut to four letters, are a subset: Russia ~ Russian); ``the
        ministry`` no body that spoke names is the one the text named last before ``at``
        (``North Korea's Foreign Ministry ... the ministry said``)."""
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
            if bare in self.art.cues.bodies or bare in _SPEAKING_NOUNS:
                # "the source" after "a source close to the Geneva talks" or "a German
                # government source", "the embassy" after "the US Embassy in Ukraine", "the
                # bank" after "the World Bank": the last so described
                for canonical in reversed(list(self.bodies.values())):
                    words = _body_text(canonical).casefold().split()
                    if len(words) > 1 and bare in words:
                        return canonical
            if bare in _NAMED_BODIES and at > 0 and self.art.language == "en":
                named = _named_before(self.art.text, bare, at)
                if named:
                    return self.body(named)
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
        k = bisect_right(self._said_in, phrase[0], key=itemgetter(0)) - 1 if self._said_in else -1
        if k >= 0 and phrase[0] < self._said_in[k][1] < phrase[1]:
            # "В эксклюзивном интервью Le Monde Джонсон признал": a credit of where the words
            # were said is no part of the subject after it
            phrase = (self._said_in[k][1], phrase[1])
        raw = art.text[phrase[0] : phrase[1]]
        words, lows = _phrase_words(raw)
        if len(words) > 1 and lows[0] in _QUANTIFIERS:
            # "Another bogus report claimed", "Such attitudes have underlined": a capital that
            # opens the sentence, no name
            words = (lows[0], *words[1:])
        elif len(words) == 1 and lows[0] in _NO_ONE:
            return "", ""  # ("Such attitudes ... and have underlined": the phrase cut short)
        cut = _run_on(words, lows, cues.person_pronouns)
        if cut:  # (a caption or a heading run into the sentence: its subject alone)
            words, lows = words[cut:], lows[cut:]
            raw = " ".join(words)
        if not words:
            return "", ""
        if "by" in lows[1:] and lows[lows.index("by") - 1].endswith("ed"):
            by = lows.index("by")
            self._issued = any(w in cues.documents for w in lows[:by])
            words, lows = words[by + 1 :], lows[by + 1 :]
            raw = " ".join(words)
            if not words:
                return "", ""
        if len(words) == 1 and _CONTRACTION_RE.search(lows[0]):
            # "I'm told", "I'll say it again": the pronoun
            words, lows = (_CONTRACTION_RE.sub("", words[0]),), (_CONTRACTION_RE.sub("", lows[0]),)
            raw = words[0]
        said = [k for k, w in enumerate(lows[:-1]) if w in _CLAIM_NOUNS or w in _TIME_HEADS]
        past = said[-1] + 1 + (lows[said[-1] + 1] == "the") if said else 0
        if (
            art.language == "en"
            and said
            and past < len(words)
            and (_is_cap(words[past]) or (past > said[-1] + 1 and lows[past] in cues.bodies))
        ):
            # "a claim Moscow denies", "a series of demands Moscow says are needed": the claim
            # is what is denied; the name after it speaks
            words, lows = words[past:], lows[past:]
            raw = " ".join(words)
        if art.language == "en" and len(words[-1]) > 2 and _POSSESSIVE_RE.search(words[-1]):
            # a subject cut at a possessive ("Russia's lead negotiator said", "Blinken's
            # announcement comes ..., adding"): the possessor speaks; "He's also shown" is
            # the pronoun; "That's", "What's more", "Monday's meeting" name no one
            bare = _POSSESSIVE_RE.sub("", words[-1])
            if bare.lower() in _NO_POSSESSOR or bare.lower() in _TIME_WORDS:
                return "", ""
            raw = _POSSESSIVE_RE.sub("", raw.rstrip())
            words, lows = (*words[:-1], bare), (*lows[:-1], bare.lower())
        if len(words) == 1 and (
            lows[0] in cues.person_pronouns or lows[0] in {"his", "her", "его", "ее", "её"}
        ):
            if frame.sentence > 0 and art.language == "en":
                # "Sergey Nikiforov ... made a similar statement. He expressed an opinion
                # that ...": the person the sentence before opens with as its subject (not
                # after an opener: "At the Brandenburg Gate ... I meet X"), when the last who
                # spoke did so before it
                before = art.sentences[frame.sentence - 1]
                if 0 <= self.last_person_at < before[0]:
                    subject = _sentence_subject(art, frame.sentence - 1)
                    opening = _WORD_CHAR_RE.search(art.text, before[0], before[1])
                    if (
                        subject is not None
                        and opening
                        and (
                            subject[0] == opening.start()
                            # ("In apparent response to Rudskoi, Zelenskyy appealed ...")
                            or (
                                art.text[opening.start() : opening.end() + 12].split()[0].lower()
                                in _EN_OPENERS
                                and art.text[before[0] : subject[0]].rstrip().endswith(",")
                            )
                        )
                    ):
                        named = art.names.named_between(subject[0], subject[1], art.in_quote)
                        if named:
                            return named, "person"
                        # ("The Ukrainian ambassador is known for ... He demanded": the person
                        # of that role the text names)
                        role_words = art.text[subject[0] : subject[1]].lower().split()
                        if (
                            len(role_words) > 1
                            and role_words[0] == "the"
                            and role_words[-1] in cues.roles
                            and role_words[-1] not in ("man", "woman")
                        ):
                            titled = art.names.compatible(
                                set(role_words[1:]) - _WEAK_TITLES, subject[0]
                            )
                            # (one person so titled, or one titled with two of its words)
                            if titled and (
                                len(titled) == 1
                                or len(set(role_words[1:]) & _title_words(art, titled[0])) > 1
                            ):
                                return titled[0], "person"
            near = art.sentences[max(0, frame.sentence - 2)][0] if art.sentences else 0
            if 0 <= self.last_person_at < near:
                # "I meet Claudia Major, ... 'Our partners ...,' she says": a person named in
                # the two sentences before, when the last who spoke did so before them
                named = art.names.named_between(near, phrase[0], art.in_quote)
                if named:
                    return named, "person"
            return self.last_person or art.names.last_before(phrase[0]) or self.last_any, "person"
        if len(words) == 1 and lows[0] in ("you", "вы", "ты"):
            return "", ""  # "You need to install the application": the reader
        if (len(words) == 1 and lows[0] in cues.any_pronouns) or lows[:2] in (("its",), ("their",)):
            return self.last_any, "pronoun"
        if (
            len(words) == 1
            and art.language == "ru"
            and _ru_form(lows[0])[0] in _RU_FUNCTION_WORDS
            and _ru_known(lows[0])
        ):  # (after the pronouns: "Там подчеркнули" is the body named before)
            return "", ""  # "Уже", "Ранее", "Накануне" opening a sentence: no one
        if lows[0] in {"his", "her", "его", "ее", "её"} and frame.kind in ("opinion", "according"):
            return self.last_person or art.names.last_before(phrase[0]) or self.last_any, "person"
        if lows[0] in {"their", "its", "их"} and frame.kind in ("opinion", "according"):
            return self.last_any, "pronoun"
        if frame.kind == "according" and art.language == "ru" and _is_preposition(lows[0]):
            return self.last_any, "pronoun"  # "по данным за сентябрь": the source named before
        agency = _phrase_agency(raw, words)
        if agency and art.language == "ru" and _ru_parse(words[0])[0] in _RU_PEOPLE_OF:
            # "по информации источника РИА Новости": someone the agency heard, not the agency
            someone = _ru_head_nominative(raw.strip())
            return someone[:1].lower() + someone[1:], "body"
        if agency:
            return agency, "agency"
        if art.language == "ru" and len(words) > 1:
            latin = list(itertools.takewhile(_LATIN_NAME_RE.fullmatch, reversed(words)))[::-1]
            described = words[: len(words) - len(latin)]
            if (
                latin
                and described
                and all(_CYRILLIC_RE.search(w) for w in described)
                # (not someone of it: "источник Reuters", "аналитики JPMorgan")
                and not any(
                    _ru_role(cues, w) or _ru_parse(w)[0] in _RU_PEOPLE_OF for w in described
                )
            ):
                # "британская The Telegraph", "японское издание JB Press", "компания Enagas":
                # the name the description is of
                return " ".join(latin), "body"
        # (no capital: no name; none in an institution's name: "the Institute for the Study of
        # War", "Office for National Statistics")
        person = (
            []
            if raw.islower()
            or (
                _institution_name(words, lows)
                and not any(_key(w, art.language) in art.names.people for w in words)
            )
            # ("an Elysee presidential palace official": someone unnamed of it)
            or (lows[0] in ("a", "an", "one", "another") and lows[-1] in cues.roles)
            else self._person(words, frame.kind == "according")
        )
        if person:
            return art.names.canonical(person), "person"
        head = _phrase_head(cues, words)
        low = head.lower()
        if lows[0] in ("a", "an", "one", "another") and low in cues.roles:
            # "a State Department spokesperson said": someone unnamed, not a person named before
            return _body_text(raw), "body"
        if art.language == "en" and low in cues.roles and _UNNAMED_RE.match(art.text, phrase[1]):
            # "said the NATO spokesman, who asked not to be identified": someone unnamed (the
            # one so described before, when one is)
            return self._unnamed(words, low) or _body_text(raw), "body"
        plural = art.language == "ru" and _ru_tag(low).number == "plur"  # ("эксперты": a group)
        if not plural and (low in cues.roles or (art.language == "ru" and _ru_role(cues, head))):
            run = list(itertools.takewhile(_is_cap, reversed(words)))[::-1]
            if (
                art.language == "ru"
                and len(run) >= 2
                and len(run) < len(words)
                and not any(_foreign_or_abbreviation(w) or _ru_place(w) for w in run)
            ):
                # "Экономист Нуриэль Рубини": a name the dictionary misreads, after the role
                return " ".join(_ru_nominative(run)), "person"
            cut = max(
                (k + 1 for k, w in enumerate(run) if _foreign_or_abbreviation(w) or _ru_place(w)),
                default=0,
            )
            if (
                art.language == "ru"
                and cut
                and len(run) - cut == 1
                and (_ru_parse(run[-1])[2] or not _ru_known(run[-1].lower()))
            ):
                # "экс-глава МИД Австрии Кнайсль": a surname after the role and the body or
                # place it is of
                return art.names.canonical(run[cut:]), "person"
            wanted = {w.lower() for w in words} - {low, "the"}
            if art.language == "ru":  # (an adjective, "российского", tells little apart)
                wanted = {w for w in wanted if _ru_form(w)[0] not in ("ADJF", "PRTF")} or wanted
            found = art.names.compatible(wanted, phrase[0])
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
                if art.language == "en" and self._titled_otherwise(self.last_person, low):
                    # "The prime minister had told us" after President Trump spoke: another
                    # role than the last speaker's, someone the text has not named so
                    return _body_text(raw), "body"
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
                and (
                    _POSSESSIVE_RE.sub("", w) not in cues.nationalities
                    or w.replace(".", "").isupper()  # ("the U.S. report", "the EU statement")
                )
                # (a Russian adjective or pronoun opening the sentence: "Украинские военные
                # сообщения", "Эта книга")
                and not (art.language == "ru" and _ru_form(w)[0] in ("ADJF", "PRTF", "NPRO"))
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
                if _ru_person(after) and (
                    len(after) > 1 or _key(after[0], "ru") in art.names.people
                ):
                    # (one capitalised word is a person the text names; else it is a body,
                    # "данных Росстата", or an adjective of one, "данных Московской биржи")
                    return " ".join(_ru_nominative(after)), "person"
                # the issuer's whole name, to its noun ("доклада Международного валютного фонда")
                rest = words[words.index(head) + 1 :]
                upto = next((i for i, w in enumerate(rest) if _is_preposition(w)), len(rest))
                return _ru_head_nominative(" ".join(rest[:upto]), plural=False), "body"
            if art.language != "ru" or _ru_parse(head)[0] not in _RU_SOURCES:
                return self.issuer or self.last_body or self.last_any, "body"
            # ("согласно данным законопроекта", "по данным опросов": no issuer named, the data
            # are the source, not the last who spoke)
        body = _body_text(raw)
        if (body.lower() in _OUTLET_NOUNS and words[0].lower() in ("the", "this")) or (
            art.language == "ru" and len(words) == 1 and _ru_parse(head)[0] in _RU_OUTLET_NOUNS
        ):
            outlet = self._outlet_before(phrase[0], head.lower())
            if outlet:
                return outlet, "agency"  # "according to the news outlet": the one named before
        if art.language == "ru":
            body = _ru_head_nominative(
                body,
                # (a plural verb's subject, before or after it; a headline's speaker, which
                # stands in the nominative: "Воздушные силы: ...")
                plural=frame.kind == "headline"
                or (
                    frame.kind == "verb"
                    and _ru_tag(art.text[frame.cue_start : frame.cue_end].lower()).number == "plur"
                    and not _after_preposition(art.text, phrase[0])
                ),
            )
        if (
            art.language == "ru"
            and body in _RU_ANAPHORIC_BODIES
            and self.last_body
            and self.last_body not in _RU_ANAPHORIC_BODIES
            and self.last_body != self.last_agency  # (a news agency is no ministry)
        ):
            return self.last_body, "body"  # "Минобороны России сообщило ... В ведомстве уточнили"
        if (
            not any(_is_cap(w) for w in words)
            and low not in cues.bodies
            and not (art.language == "ru" and _ru_parse(head)[0] in cues.bodies)
        ):
            return body, "body" if len(words) > 1 else ""
        return body, "body"

    def impersonal(self, frame: _Frame) -> None:
        """The speaker of an impersonal report (``..., говорится в сообщении``): the issuer
        named after its document or channel (``в сообщении Офиса президента Украины``, ``в
        Telegram-канале ГАБТа``, ``в заявлении Дмитрия Пескова``), else the body that spoke
        last (for a body's noun, ``в Telegram-канале кабмина``, else the noun)."""
        art = self.art
        where = _RU_POSTED_IN_RE.match(art.text, frame.cue_end) if art.language == "ru" else None
        issuer = where.group("issuer").split() if where else []
        if where and _is_cap(issuer[0]) and not _ru_parse(issuer[0])[2]:
            upto = next((k for k, w in enumerate(issuer) if _is_preposition(w)), len(issuer))
            name = self.body(_ru_head_nominative(" ".join(issuer[:upto])), frame.start)
            frame.speaker = self.last_body = self.last_any = name
        elif where and _is_cap(issuer[0]):  # a person
            self.resolve(frame, where.span("issuer"))
            frame.speaker = frame.speaker or self.last_body or self.last_any
        elif where and len(issuer) == 1 and _ru_parse(issuer[0])[0] in art.cues.bodies:
            frame.speaker = self.last_body or _ru_head_nominative(issuer[0])
        else:
            frame.speaker = self.last_body or self.last_any
        frame.speaker_kind = "body"

    def _titled_otherwise(self, name: str, role: str) -> bool:
        """Whether the person of ``name`` is titled with a role (``President``) and never with
        ``role``."""
        art = self.art
        if self._people is None:
            self._people = {p.name: p for p in art.names.everyone}
        person = self._people.get(name)
        if person is None:
            return False
        titles = art.names.titles(person)
        alike = next((group for group in _ALIKE_ROLES if role in group), frozenset({role}))
        return role in _OFFICES and not alike & titles and any(t in art.cues.roles for t in titles)

    def _outlet_before(self, position: int, noun: str = "") -> str:
        """The news outlet or agency named last before ``position`` (as a credit, or as a
        speaker), or ``""``; first the one the text names with ``noun`` within 1,500
        characters (``Handelsblatt newspaper``, ``the newspaper Handelsblatt`` for ``the
        newspaper``), when one does."""
        text = self.art.text
        lo = max(0, position - 1500)
        described = [
            m
            for m in _agency_re().finditer(text, lo, position)
            if noun
            and (
                text[m.end() : m.end() + len(noun) + 1].strip().lower() == noun
                or text[max(lo, m.start() - len(noun) - 1) : m.start()].strip().lower() == noun
            )
        ]
        if described:
            return _agency_name(described[-1].group())
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

    def _person(self, words: tuple[str, ...], according: bool = False) -> list[str]:
        art = self.art
        runs, after_of, after_in = _capital_runs(words, art.language == "en")
        placed = {k for k in after_of if len(runs[k]) <= 2}
        if placed and not any(
            k not in placed and _key(run[-1], art.language) in art.names.people
            for k, run in enumerate(runs)
        ):
            # (a place after "of" is passed over for a person the text names; else only when
            # it is no person the text names: "the Ukrainian mayor of Mariupol", "the former
            # Governor of California")
            placed = {k for k in placed if _key(runs[k][-1], art.language) not in art.names.people}
        # where the speakers are ("officials in Kyiv"): a place of one or two words, unless a
        # person the text names ("Ukrainian Ambassador in Germany Andriy Melnyk")
        placed.update(
            k
            for k in after_in
            if len(runs[k]) <= 2 and _key(runs[k][-1], art.language) not in art.names.people
        )
        for at, run_words in reversed(list(enumerate(runs))):
            name = None if at in placed else _run_name(art.cues, run_words)
            if name is None:
                continue
            if (at in after_of or at in after_in) and len(name) == len(run_words):
                name = _after_of(name)
            if (
                art.language == "en"
                and len(name) == 1
                and len(words) > 1
                and words[0].lower() == "the"
                and words[1] == name[0]
            ):
                continue  # "the Treasury": a body, never a person
            if (
                art.language == "en"
                and len(name) == 1
                and len(run_words) == 1
                and words[0] == name[0]
                and len(words) > 1
                and words[1].islower()
                and _key(name[0], "en") not in art.names.people
            ):
                continue  # "Local media", "Military experts": an adjective, not a name
            if (
                art.language == "ru"
                and len(name) == 1
                and len(run_words) == 1
                and len(words) > 1
                and words[0] == name[0]
                and words[1].islower()
                and _key(name[0], "ru") not in art.names.people
                and (
                    _ru_adjective_of(name[0].lower(), words[1].lower())
                    or (not _ru_parse(name[0])[2] and _ru_tag(name[0].lower()).number == "plur")
                )
            ):
                # "Московский мэр", "Главное управление разведки": an adjective; "Собеседники
                # издания": people of something, not someone's name
                continue
            if (
                art.language == "ru"
                and len(name) == 1
                and words == (name[0],)
                and _key(name[0], "ru") not in art.names.people
                and not _ru_parse(name[0])[2]
                and _ru_known(name[0].lower())
                and _ru_tag(name[0].lower()).animacy == "anim"
            ):
                continue  # "Музыкант также рассказал", "Миллиардер утверждает": a noun of a
                # person opening the sentence, not a name
            if (
                art.language == "ru"
                and len(name) == 1
                and _key(name[0], "ru") not in art.names.people
                and not _ru_parse(name[0])[2]
                and (
                    _ru_parse(name[0])[0] in art.cues.bodies
                    or _ru_form(name[0])[0] != "NOUN"
                    # "доклада Росконгресса": what it is of; "врио губернатора Слюсарь":
                    # a surname after roles
                    or not (
                        _is_cap(words[0])
                        or (
                            words[-1] == name[0]
                            and all(_ru_role(art.cues, w) for w in words[:-1])
                            and _ru_singular_nominative(name[0])  # (not "глава Росавиации")
                        )
                    )
                )
            ):
                # an unknown single word the dictionary knows as a body, or not as a noun
                # ("губернатор Кемеровской области")
                continue
            if (
                art.language == "ru"
                and len(name) == 1
                and not _is_cap(words[0])
                and (according or words[0] in ("в", "во"))
                and _ru_parse(words[0])[0] != "слово"
                and _key(name[0], "ru") not in art.names.people
            ):
                # "по данным Росстата", "из данных Московской биржи": a body's; "считают в
                # «Росатоме»": a body
                continue
            return list(name)
        return []


@lru_cache(maxsize=4_096)
def _ru_adjective_of(word: str, noun: str) -> bool:
    """Whether a Russian word may be an adjective agreeing with the noun after it (in number,
    case and, in the singular, gender): ``московский мэр``, ``главное управление``."""
    nouns = [r.tag for r in _ru_readings(noun) if r.tag.POS == "NOUN"]
    return any(
        r.tag.POS == "ADJF"
        and r.tag.case == n.case
        and r.tag.number == n.number
        and (n.number == "plur" or r.tag.gender == n.gender)
        for r in _ru_readings(word)
        for n in nouns
    )


#: English roles of one office, which a person titled with another role does not hold ("the
#: mayor" is not the president named last; "the lawmaker" may be the Duma's speaker).
_OFFICES = frozenset(
    {"mayor", "governor", "minister", "president", "chancellor", "senator", "spokesman",
     "spokeswoman", "spokesperson", "prosecutor", "commander", "premier"}
)  # fmt: skip
#: English roles one person's titles may give in other words (a press secretary is a spokesman).
_ALIKE_ROLES = (
    frozenset({"spokesman", "spokeswoman", "spokesperson", "press", "secretary"}),
    frozenset({"minister", "secretary"}),
)


#: Russian nouns that, alone, stand for the body that spoke last (``ведомство``: the ministry).
_RU_ANAPHORIC_BODIES = frozenset({"ведомство", "министерство", "компания", "организация"})


#: Russian nouns of a news outlet: alone, the outlet named before (``сообщает издание``).
_RU_OUTLET_NOUNS = frozenset(
    {"издание", "газета", "телеканал", "канал", "телеграм-канал", "агентство", "портал", "сайт"}
)


#: Russian nouns of people of a body ("источник Reuters": a source of Reuters, not Reuters).
_RU_PEOPLE_OF = frozenset({"источник", "собеседник", "сотрудник", "аналитик", "эксперт"})


#: A word of a name in Latin letters (in a Russian text: ``The``, ``JB``, ``Enagas``, ``S&P``).
_LATIN_NAME_RE = re.compile(r"[A-Z][A-Za-z&.'’\-]*|of|the|and|de")


#: Nouns of time before a clause's subject ("the first time the alliance has said").
_TIME_HEADS = frozenset({"time", "moment", "day", "week", "year"})
#: Nouns of what someone says, before the one who says or denies it ("a claim Moscow denies").
_CLAIM_NOUNS = frozenset(
    {"claim", "claims", "demand", "demands", "allegation", "allegations", "accusation",
     "accusations", "charge", "charges", "assertion", "assertions"}
)  # fmt: skip


#: Russian documents that are a source themselves when no issuer follows them (data, a
#: forecast, a poll: ``по данным опросов``), unlike a statement, which is the last body's.
_RU_SOURCES = frozenset(
    {"данные", "прогноз", "сводка", "исследование", "опрос", "оценка", "анализ", "расчёт",
     "расчет", "подсчёт", "подсчет", "база"}
)  # fmt: skip


#: Parts of speech of a Russian word that names no one (adverbs, particles, conjunctions,
#: prepositions, interjections).
_RU_FUNCTION_WORDS = frozenset({"ADVB", "PRCL", "CONJ", "PREP", "INTJ"})


@lru_cache(maxsize=50_000)
def _phrase_words(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a phrase naming a speaker (its tokens that open with a letter or a digit),
    and the same in lower case (the same phrases recur: ``he``, ``Putin``, ``the Kremlin``)."""
    words = tuple(w for w in _TOKEN_RE.findall(raw) if w[0].isalnum())
    return words, tuple(map(str.lower, words))


def _ru_role(cues: Cues, word: str) -> bool:
    """Whether a Russian word is a role (``министра``; ``экс-глава``, a former one)."""
    low = word.lower()
    bare = low.removeprefix("экс-")
    return (
        low in cues.roles
        or _ru_parse(word)[0] in cues.roles
        or (bare != low and (bare in cues.roles or _ru_parse(bare)[0] in cues.roles))
    )


def _phrase_head(cues: Cues, words: tuple[str, ...]) -> str:
    """The noun a phrase naming a speaker is about: in English the word before ``of`` or the
    last word; in Russian its first role, else its first word."""
    lows = [w.lower() for w in words]
    if cues.language == "en":
        if "of" in lows and lows.index("of") > 0:
            return words[lows.index("of") - 1]
        return words[-1]
    for w in words:
        if _ru_role(cues, w):
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


def _run_on(words: tuple[str, ...], lows: tuple[str, ...], pronouns: Collection[str]) -> int:
    """How many first words of a subject phrase belong to a caption or a heading the text
    runs into the sentence without a full stop: those before a closing personal pronoun
    (``REUTERS/Ints Kalnins He said``), and before a capitalised ``The`` after a capitalised
    word or a number (``DIPLOMATIC DEADLOCK The Kremlin said``, ``2022 The US said``), and a
    heading in capitals before a capitalised word (``LATEST RUSSIAN MILITARY BUILDUP Ukraine
    said``; two words or more, or one of seven letters or more)."""
    if len(words) > 1 and lows[-1] in pronouns:
        return len(words) - 1
    for k in range(len(words) - 1, 0, -1):
        if words[k] == "The" and (words[k - 1][:1].isupper() or words[k - 1][:1].isdigit()):
            return k
    heading = 0  # ("LATEST RUSSIAN MILITARY BUILDUP Ukraine said": a heading in capitals)
    while heading < len(words) - 1 and _HEADING_WORD_RE.fullmatch(words[heading]):
        heading += 1
    if (heading >= 2 or (heading == 1 and len(words[0]) >= 7)) and words[heading][1:2].islower():
        return heading
    return 0


#: Words of quantity that open a subject phrase (capitalised at a sentence's start, no name).
_QUANTIFIERS = frozenset(
    {"another", "one", "such", "some", "many", "several", "each", "every", "any", "both",
     "all", "other", "these", "those", "even", "most", "few", "no"}
)  # fmt: skip


#: Words of a title that tell no office apart (``the former diplomat``).
_WEAK_TITLES = frozenset(
    {"former", "then", "current", "new", "top", "senior", "acting", "outgoing", "incoming",
     "longtime", "veteran"}
)  # fmt: skip


def _title_words(art: _Article, name: str) -> set[str]:
    """The words of the titles of the person the article names ``name``."""
    person = next((p for p in art.names.everyone if p.name == name), None)
    return set() if person is None else art.names.titles(person)


#: What makes the one a role names unnamed (``the NATO spokesman, who asked not to be
#: identified``).
_UNNAMED_RE = re.compile(
    r",\s*who\s+(?:asked|spoke|requested|declined|was\s+not\s+authori[sz]ed)\b[^.;]{0,60}?"
    r"\b(?:identified|named|anonymity|publicly)\b"
)


#: Words that name no one alone (``Some`` and ``Many`` do: a vague source, as written).
_NO_ONE = frozenset({"such", "even", "another", "other", "each", "every", "no", "any"})


#: A word of a heading in capitals (``DON'T``, ``BUILDUP``).
_HEADING_WORD_RE = re.compile(r"[A-Z][A-Z'’\-]+")


def _capital_runs(
    words: tuple[str, ...], english: bool
) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...], tuple[int, ...]]:
    """The runs of capitalised words of a phrase (a particle inside one: ``Ursula von der
    Leyen``; a word in the possessive ends it), and which runs follow ``of`` or ``in`` in English
    (``Sen. Chris Coons of Delaware``, ``Sen. Jack Reed of Rhode Island``: a place; ``Academy
    of Sciences Vladimir Batyuk``: a person after an organisation), and which follow ``in``
    (and the runs joined to them by ``and``: ``The governments in Scotland and Wales``)."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    placed: list[int] = []
    located: list[int] = []
    previous = ""
    for w in words:
        if (_is_cap(w) and not _POSSESSIVE_RE.search(w)) or (w.lower() in _PARTICLES and current):
            if not current and english and previous.lower() == "of":
                placed.append(len(runs))
            elif (
                not current
                and english
                and (
                    previous.lower() == "in"
                    # ("The governments in Scotland and Wales")
                    or (previous == "and" and located and located[-1] == len(runs) - 1)
                )
            ):
                located.append(len(runs))
            current.append(w)
        else:
            if current:
                runs.append(tuple(current))
            current = []
        previous = w
    if current:
        runs.append(tuple(current))
    return (
        tuple(runs),
        tuple(k for k in placed if k < len(runs)),
        tuple(k for k in located if k < len(runs)),
    )


def _ru_head_nominative(phrase: str, *, plural: bool = False) -> str:
    """A Russian phrase naming a speaker with its first word, a noun, in the nominative
    (``главу норвежского минобороны`` -> ``глава норвежского минобороны``; an abbreviation
    loses its case ending, ``МИДе РФ`` -> ``МИД РФ``). The subject of a
    ``plural`` verb is the plural its noun can be (``Власти Швеции заявили``: ``власти``, not
    the genitive of ``власть``)."""
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in ("в", "во"):
        # "заявили в МИД", "сообщили в наблюдательном совете": the body itself speaks
        words, plural = words[1:], False
        if len(words) == 1 and words[0][:1] in '"«“' and words[0][-1:] in '"»”':
            words = [words[0][1:-1]]  # "считают в «Росатоме»": the name, out of its marks
    abbreviation = _RU_ABBREVIATION_CASE_RE.fullmatch(words[0]) if words else None
    if abbreviation:
        return " ".join([abbreviation.group(1), *words[1:]])  # "ГАБТа", "МИДе РФ": ГАБТ, МИД РФ
    if len(words) == 1 and words[0][:1].isupper() and words[0].endswith(_RU_SURNAME_ENDS):
        return words[0]  # "Рябков подчеркнул": a surname, not the genitive plural of "рябок"
    head = 0
    while head < len(words) - 1 and _ru_form(words[head])[0] == "ADJF":
        head += 1  # "ежемесячного доклада МЭА": the adjectives agree with the noun
    if plural and words and all(_ru_plural_nominative(w) for w in words[: head + 1]):
        return " ".join(words)  # ("американских СМИ" after "несколько" is no nominative)
    if words and _ru_form(words[head])[0] == "NOUN":
        noun = _ru_tag(words[head])
        agree = frozenset(
            {"plur"} if noun.number == "plur" else {noun.gender} if noun.gender else ()
        )
        for k in range(head + 1):
            words[k] = _ru_nominative_word(words[k], frozenset() if k == head else agree)
    return " ".join(words)


#: The endings of Russian men's surnames in the nominative (``Рябков``, ``Лавров``, ``Путин``).
_RU_SURNAME_ENDS = ("ов", "ев", "ёв", "ин", "ын")


def _after_preposition(text: str, p: int) -> bool:
    """Whether a Russian preposition stands right before ``p`` (``На киностудии``: the
    phrase after it is not in the nominative)."""
    before = _LAST_WORD_RE.search(text, max(0, p - 8), p)
    return before is not None and _ru_tag(before.group(1).lower()).POS == "PREP"


@lru_cache(maxsize=20_000)
def _ru_plural_nominative(word: str) -> bool:
    """Whether a reading of a Russian word is a noun or adjective in the nominative plural."""
    return any(
        p.tag.POS in ("NOUN", "ADJF") and p.tag.case == "nomn" and p.tag.number == "plur"
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


#: Kinds of English body whose names hold the kind, capitalised (the State Department, the
#: Ministry of Defence): "the department" is the one named last.
_NAMED_BODIES = frozenset(
    {"ministry", "department", "embassy", "agency", "committee", "council", "commission",
     "court", "office", "institute", "foundation", "organization", "organisation", "fund"}
)  # fmt: skip


def _named_before(text: str, kind: str, at: int) -> str:
    """The name of a body of ``kind`` the text gives last before ``at`` (``North Korea's
    Foreign Ministry``, ``the Ministry of Defence``), within 1,500 characters, or ``""``."""
    title = kind.capitalize()
    found = ""
    for m in re.finditer(
        rf"(?:[A-Z][\w’'.\-]*\s+(?:and\s+)?){{0,4}}{title}\b"
        rf"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w’'\-]*){{0,4}})?",
        text[max(0, at - 1500) : at],
    ):
        words = m.group().split()
        stops = [k for k, w in enumerate(words[:-1]) if w.endswith(".") and len(w) > 3]
        if stops:  # ("... in Brussels. The Commission": the sentence before ends there)
            words = words[stops[-1] + 1 :]
        while words and (words[0].lower() in _DETERMINERS or words[0].lower() in _EN_OPENERS):
            words = words[1:]
        if len(words) > 1:
            found = " ".join(_undoubled(words))
    return found


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


#: Words that open an adverbial before a sentence's subject: English prepositions (see
#: :data:`toolkit.voice.names._EN_OPENERS`) and these.
_OPENERS = _EN_OPENERS | frozenset(
    ["during", "earlier", "later", "meanwhile", "however", "but", "and", "also",
     # sentence adverbs before a comma ("Separately, Foreign Minister Sergei Lavrov ...")
     "separately", "additionally", "similarly", "previously", "subsequently", "consequently",
     "finally", "currently", "notably", "importantly", "ultimately", "initially", "moreover",
     "furthermore", "nevertheless", "instead"]
)  # fmt: skip


def _sentence_subject(art: _Article, s: int) -> tuple[int, int] | None:
    """The subject phrase at the start of sentence ``s`` (after an opening adverbial)."""
    start, end = art.sentences[s]
    toks = art.tokens(start, min(end, start + 200))
    if art.furniture:  # "MOSCOW (AP) — The Kremlin ...": past the dateline
        toks = [t for t in toks if not art.in_furniture(t.start())]
        while toks and toks[0].group() in _DASHES:
            toks = toks[1:]
    if not toks:
        return None
    i = 0
    first = toks[0].group().lower()
    second = toks[1].group().lower() if len(toks) > 1 else ""
    if first in _TIME_WORDS or (first in ("last", "next", "this") and second in _PERIODS):
        # "Last month Moscow presented ..., saying", "Last week, Yad Vashem ... said"
        i = 1 if first in _TIME_WORDS else 2
        if i < len(toks) and toks[i].group() == ",":
            i += 1
    elif (
        first in art.cues.stops
        or first in _OPENERS  # ("Following Russia's takeover, ...")
        or (first.endswith("ing") and second in _EN_OPENERS)  # ("Speaking at ..., Sanchez")
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
        or (  # "Western capitals have ..., and have pledged": a nationality's noun
            j > i
            and art.language == "en"
            and toks[j - 1].group() in art.cues.nationalities
            and not toks[j - 1].group().replace(".", "").isupper()  # (not "NATO held")
            and toks[j].group().isalpha()
            and toks[j].group().islower()
            and toks[j].group().endswith("s")  # (a group: "capitals", "nations", "forces")
            and toks[j].group() not in art.cues.stops
            and toks[j].group() not in art.cues.skip
            and toks[j].group() not in art.cues.verbs
        )
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
    while j - 1 > i and toks[j - 1].group().lower() in _TRAILING:
        j -= 1  # ("Lawmakers of both U.S. parties", "Experts and scholars"): to the noun
    return toks[i].start(), toks[j - 1].end()


#: Words a subject does not end with.
_TRAILING = _DETERMINERS | {"and", "of", "a", "an", "и"}


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


#: Where Russian words were posted or issued, after an impersonal verb, with its issuer
#: (``в сообщении Офиса президента Украины``, ``в Telegram-канале кабмина``).
_RU_POSTED_IN_RE = re.compile(
    r"\s+(?:в|на)\s+(?:[а-яё\-]+\s+)?(?:сообщени|заявлени|пресс-релиз|документ|доклад|"
    r"отч[её]т|публикаци|Telegram-канал|[Тт]елеграм-канал|канал|сайт|аккаунт|блог|обращени|"
    r"письм|коммюнике|резолюци)[а-яё]*\s+(?P<issuer>[^\W\d_][^,.;:!?()\n«»\"]*)"
)


#: A Russian abbreviation with a case ending (``ГАБТа``, ``МИДа``).
_RU_ABBREVIATION_CASE_RE = re.compile(r"([А-ЯЁ]{2,})[а-яё]{1,3}")


def _assign_speakers(art: _Article, frames: list[_Frame]) -> None:
    speakers = _Speakers(art)
    of_sentence: dict[int, list[_Frame]] = {}  # the frames of each sentence met so far
    for f in frames:
        met = of_sentence.setdefault(f.sentence, [])
        met.append(f)
        if f.kind == "participle":
            earlier = [g for g in met[:-1] if g.speaker]
            if earlier:
                f.speaker, f.speaker_kind = earlier[-1].speaker, earlier[-1].speaker_kind
                continue
            speakers.resolve(f, _sentence_subject(art, f.sentence))
        elif f.kind == "passive":
            speakers.impersonal(f)
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
