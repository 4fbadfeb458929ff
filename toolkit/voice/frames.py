"""Frames: the attributions of a text (a reporting verb, its subject and the words it governs)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from toolkit.voice.credits import _agency_re, _find_credits
from toolkit.voice.cues import _CITED_RE, _CYRILLIC_RE, _RU_CITES, _RU_RELAYS, Cues, _outlet_agency
from toolkit.voice.morphology import _ru_form, _ru_readings, _ru_tag
from toolkit.voice.names import (
    _DETERMINERS,
    _RELATIVE,
    _TIME_WORDS,
    _TOKEN_RE,
    _is_cap,
    _key,
    _Names,
    _ru_clause_opener,
    _ru_known,
    _ru_parse,
)
from toolkit.voice.quotes import _WORD_AFTER_RE, _find_quotes
from toolkit.voice.records import Quote, _Covers
from toolkit.voice.sentences import _sentences


@dataclass(slots=True)
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
    #: Inside a clause of condition or cause (``if``, ``unless``, ``because``): within
    #: another frame's words, part of them ("she would back sanctions if Biden asked").
    condition: bool = False
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
        self._furniture = _Covers(furniture)
        quotes = _find_quotes(text, cues)
        self.all_quotes = quotes
        self.quotes = [
            q
            for q in quotes
            if q.depth == 0 and not self.in_furniture(q.start) and not _quoted_name(text, q, cues)
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

    def in_furniture(self, p: int) -> bool:
        return self._furniture.over(p)

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
        if art.furniture and art.in_furniture(p):
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


#: Nouns of a time phrase between a subject and its verb ("on Wednesday morning", "last week").
_TIME_NOUNS = frozenset(
    {"week", "month", "year", "day", "night", "morning", "evening", "afternoon"}
)


#: Words skipped before a verb that are names when capitalised ("Madhani and Long reported").
_NAME_LIKE_SKIPS = frozenset({"long"})


def _skip_left(art: _Article, toks: list[re.Match[str]], i: int) -> int:
    """Skip adverbs, auxiliaries and time phrases between a subject and its verb, leftwards
    (``has also repeatedly``, ``on Wednesday``, ``last week``)."""
    cues = art.cues
    while i >= 0:
        written = toks[i].group()
        word = written.lower()
        if art.language == "ru" and written.isalpha():
            # "Путин в послании Федеральному собранию говорил": where the words were said,
            # between the speaker and the verb
            k = next((k for k in range(i - 1, max(i - 6, 0), -1)
                      if toks[k].group().lower() in ("в", "во", "на")), -1)  # fmt: skip
            if (
                k > 0
                and _RU_SETTING_WORD_RE.fullmatch(toks[k + 1].group())
                and all(t.group().isalpha() for t in toks[k + 1 : i + 1])
                and _is_cap(toks[k - 1].group())  # (the speaker's name before it)
            ):
                i = k - 1
                continue
        if (word in cues.skip and (written.islower() or word not in _NAME_LIKE_SKIPS)) or (
            art.language == "en" and word.endswith("ly") and len(word) > 4 and written.islower()
        ):  # (an adverb in -ly: "Italy" is not one; "Long reported": a surname)
            i -= 1
            continue
        if word in _TIME_WORDS or word in _TIME_NOUNS or word.isdigit():
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
        if word in _SPELLS and art.language == "en":
            # "has for weeks accused", "had for the past two years warned": a time span
            k = i - 1
            while k >= 0 and (toks[k].group().lower() in _SPELL_WORDS or toks[k].group().isdigit()):
                k -= 1
            if k >= 0 and toks[k].group().lower() == "for":
                i = k - 1
                continue
        break
    return i


#: Spans of time after "for" between a subject and its verb ("has for weeks accused").
_SPELLS = frozenset({"weeks", "months", "years", "days", "decades", "hours"})
_SPELL_WORDS = frozenset(
    {"the", "past", "last", "several", "many", "some", "few", "two", "three", "four", "five"}
)


_DASHES = ("-", "—", "–")


#: The endings of a possessive token (``Russia's``, ``allies’``): what ``_POSSESSIVE_RE`` finds
#: in a token, which holds no line break, tested without a search over every token.
_POSSESSIVE_ENDS = ("'", "’", "'s", "’s")


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


#: Verbs of saying whose subject speaks whatever noun it is (``the regulator said``), unlike
#: verbs that also tell what a thing shows (``the attack confirmed``, ``the move signals``).
_SAYING = frozenset(
    {"said", "says", "told", "tells", "added", "wrote", "writes", "announced", "announces",
     "warned", "warns", "stated", "claimed", "insisted", "insists"}
)  # fmt: skip


def _common_noun_speaks(art: _Article, toks: list[re.Match[str]], i: int, cue_start: int) -> bool:
    """Whether the word at ``toks[i]``, right before a verb of saying, is a common noun that
    is its subject: a plural (a group, as written: ``His lawyers and doctors said``) or a noun
    of :data:`_SPEAKING_NOUNS`, after a determiner or a possessive at most four words before
    it (``The watchdog said``, ``Ukraine's nuclear regulator said``, ``The U.N. nuclear
    watchdog said``)."""
    word = toks[i].group()
    verb = _WORDISH_RE.match(art.text, cue_start)
    if verb is None or verb.group().lower() not in _SAYING:
        return False
    if not (word.isalpha() and word.islower()):
        return False
    group = word.endswith("s") and not word.endswith("ss")  # ("prosecutors", "doctors")
    if (
        not (group or word in _SPEAKING_NOUNS)
        or word in art.cues.stops
        or word in art.cues.skip
        or not art.text[toks[i].end() : cue_start].isspace()
    ):
        return False  # ("..., said Stoltenberg": the speaker after the verb)
    for k in range(i - 1, max(-1, i - 6), -1):
        before = toks[k].group()
        if before.endswith(_POSSESSIVE_ENDS) or (
            before.lower() in _DETERMINERS and before.lower() not in ("that", "this")
        ):
            # not the object of a verb or a preposition: "Eyewitnesses to the riots said",
            # "Two websites that had reported the news said"
            left = toks[k - 1].group().lower() if k > 0 else ""
            return not (left in _NOUN_AFTER or (left.endswith("ed") and left.isalpha()))
        if _DOTTED_RE.fullmatch(before) or (
            before == "." and k > 0 and _DOTTED_RE.fullmatch(toks[k - 1].group())
        ):
            continue  # ("The U.N. nuclear watchdog said")
        if not before.isalpha() or before in art.cues.stops:
            return False
    return False


#: Words after which a noun phrase is no subject (prepositions, and verbs: their object).
_NOUN_AFTER = frozenset(
    {"to", "of", "for", "with", "at", "from", "by", "on", "in", "into", "about", "over",
     "against", "among", "between", "under", "than", "as", "that", "which", "who", "has",
     "have", "had", "is", "are", "was", "were", "be", "been"}
)  # fmt: skip


#: Nouns of bodies that speak (beside the cues' ``bodies``), news outlets among them (``the
#: newspaper said``: the outlet named before); a person's noun (``the judge``, ``the host``) is
#: left to the rules of roles and names, which find the person named.
_SPEAKING_NOUNS = frozenset(
    {"regulator", "watchdog", "operator", "firm", "group", "panel", "tribunal", "board",
     "bank", "institute", "center", "centre", "foundation", "charity", "club", "team", "guard",
     "police", "monitor", "mission", "observatory", "inspectorate", "directorate", "regime",
     "junta", "command", "headquarters", "staff",
     "newspaper", "paper", "publication", "magazine", "broadcaster", "channel", "website",
     "portal", "daily", "tabloid", "outlet"}
)  # fmt: skip


#: A verb followed by its speaker (``said Chancellor Olaf Scholz``, ``said the minister``).
_NAMED_AFTER_RE = re.compile(r"([\w’'\-]+)\s+(?:[A-Z]|the\s|a\s|an\s)")


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
    if toks and toks[-1].group() == "[" and art.text.find("](", cue_start, cue_start + 40) > 0:
        toks = toks[:-1]  # "Зеленский [сказал](https://...)": a link on the verb
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
                art.language == "en"
                and (k < 0 or toks[k].group() != ",")
                and j - k > 6
                and (inverted := _NAMED_AFTER_RE.match(art.text, cue_start)) is not None
                and inverted.group(1).lower() not in _OBJECT_VERBS  # ("..., urged the Kremlin")
            ):
                # "There is no rule book ... in the war in Ukraine, said Chancellor Olaf
                # Scholz": a clause before the comma is the words, the speaker follows
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
    if toks[i].group().endswith(_POSSESSIVE_ENDS):
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
                or (
                    word == "."
                    and i > 0
                    and (
                        _DOTTED_RE.fullmatch(toks[i - 1].group())
                        or (toks[i - 1].group() in _DOTTED_TITLES and i < end_tok)
                    )
                )
            ):  # ("U.S.", "Mr. Escobar explained")
                i -= 1
                continue
            if word == "," and 0 < i < end_tok and _in_list(toks, i, end_tok):
                i -= 1  # "the leaders of Germany, France and Poland said"
                listed = True  # (and the list's head is no lower-case word before it)
                continue
            opened = _aside_opening(toks, i) if word == ")" else -1
            if opened > 0 and i == end_tok:
                # "sources in the Donetsk People's Republic (DPR) noted": the name before
                i = end_tok = opened - 1
                continue
            if (
                opened > 0
                and art.text[toks[i].end() : toks[i].end() + 1].isspace()
                and _is_cap(toks[opened - 1].group())
                and all(t.group().isupper() for t in toks[opened + 1 : i])
            ):
                i = opened - 1  # "the Donetsk People's Republic (DPR) militia reported"
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
        if (
            low in cues.stops
            and low not in ("and", "и")
            and not (low == "из" and i > 0 and toks[i - 1].group().lower() in _RU_ONE)
            and not (low == "for" and _inside_name(toks, i, end_tok))
            # ("Ukrainian Ambassador to Washington Oksana Markarova": a title to a place)
            and not (low == "to" and i > 0 and toks[i - 1].group().lower() in _TITLES_TO)
        ):
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
        if (
            _is_cap(word)
            or low in _DETERMINERS
            or low in ("of", "in", "из")
            or word.isdigit()
            or (low in ("one", "another") and head_seen and art.language == "en")
        ):  # ("one senior defense official told reporters")
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
            or word.endswith(_POSSESSIVE_ENDS)
        ):
            head_seen = True
            i -= 1
            continue
        if not head_seen and art.language == "en":
            of = _of_head(cues, toks, i)
            if of > 0:
                i = of  # "Russia's ministry of defence said": the body's name after "of"
                continue
            if i == end_tok and _common_noun_speaks(art, toks, i, cue_start):
                head_seen = True  # "Ukraine's nuclear regulator said", "The watchdog said"
                i -= 1
                continue
        if art.language == "ru" and head_seen and unknown < 3 and not listed:
            unknown += 1
            i -= 1
            continue
        if (
            art.language == "ru"
            and not head_seen
            and i == end_tok
            and _ru_head_before(cues, toks, i)
        ):
            i -= 1  # "Представитель биржи заявил": what the role is of, after it
            continue
        if (
            art.language == "en"
            and low in cues.verbs
            and (low.endswith(("ed", "s")) or low in ("said", "thought", "wrote"))
            and low not in _OBJECT_VERBS
            and i < end_tok
            and _is_cap(toks[i + 1].group())
            and not _MODAL_RE.search(art.text, toks[end_tok].end(), cue_start)
        ):
            # "Axios said Berlin had urged", "Macron said Putin told him": the words are the
            # nearer speaker's (not "said the UK will announce", "said NATO must admit")
            break
        if head_seen and unknown < 2 and i < end_tok and not listed:
            after = toks[i + 1].group()
            if (
                low.endswith("ed")
                and "-" not in low  # ("the self-proclaimed Donetsk People's Republic")
                and (_is_cap(after) or after.lower() in _DETERMINERS)
            ):
                break  # "the USSR Supreme Soviet supported Gorbachev's draft, which proposed"
            unknown += 1
            i -= 1
            continue
        break
    first = i + 1
    # trim determiners and "of"/"in" from the left edge
    while first <= end_tok and toks[first].group().lower() in {"of", "in", "and", "и", "из", ","}:
        first += 1  # (and a list's comma: "Tuesday, the White House and Kremlin said")
    if (
        first + 1 < end_tok
        and toks[first].group().lower() in ("last", "next", "this")
        and toks[first + 1].group().lower() in _PERIODS
    ):
        first += 2  # "Last year several lawmakers complained": a time, then the subject
    if first + 1 < end_tok and art.text[toks[first].start() : toks[first + 1].end()] == "read more":
        first += 2  # "... militias. read more Russia denies": a web page's link, then the subject
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


#: A modal or "to" between a subject and its verb: what may be done, not what was said.
_MODAL_RE = re.compile(r"(?i)\b(?:will|would|may|might|can|could|should|must|to|be|been)\b")


#: Periods of time a sentence may open with ("Last year", "This week").
_PERIODS = _TIME_NOUNS | frozenset(
    ["weekend", "spring", "summer", "autumn", "fall", "winter", "time", "decade", "century"]
)


def _ru_head_before(cues: Cues, toks: list[re.Match[str]], i: int) -> bool:
    """Whether a Russian role or body comes just before the lower-case word ``toks[i]`` (one or
    two more lower-case words between): ``Представитель биржи``, ``глава пресс-службы
    ведомства``."""
    for k in range(i - 1, max(i - 4, -1), -1):
        word = toks[k].group()
        low = word.lower()
        if low in cues.roles or low in cues.bodies:
            return True
        if not (word.isalpha() and word.islower()) or low in cues.stops:
            return False
    return False


#: Titles held to a place or a body (``Ambassador to Washington``, ``envoy to the UN``).
_TITLES_TO = frozenset(
    {"ambassador", "envoy", "representative", "delegate", "adviser", "advisor", "ambassadors",
     "envoys", "representatives", "emissary", "mission"}
)  # fmt: skip


def _inside_name(toks: list[re.Match[str]], i: int, end: int) -> bool:
    """Whether ``toks[i]`` (``for``) joins the capitalised words of one name (``the Institute
    for the Study of War``, ``Office for National Statistics``)."""
    k = i + 1
    if k < end and toks[k].group().lower() == "the":
        k += 1
    return (
        i > 0
        and k <= end
        and toks[i - 1].group().lower() in _INSTITUTION_HEADS
        and _is_cap(toks[i - 1].group())
        and _is_cap(toks[k].group())
    )


#: The heads of institutions' names joined by "for" to what they are for.
_INSTITUTION_HEADS = frozenset(
    ["institute", "office", "organization", "organisation", "center", "centre", "commissioner",
     "department", "agency", "council", "committee", "commission", "foundation", "fund", "bank",
     "bureau", "service", "union", "federation", "association", "alliance", "ministry",
     "coalition", "campaign", "society", "movement", "party", "court"]
)  # fmt: skip


def _aside_opening(toks: list[re.Match[str]], i: int) -> int:
    """The index of the ``(`` opening the short aside that ``toks[i]`` (a ``)``) closes, words
    only (``(DPR)``, ``(Rosatom)``), or -1."""
    for k in range(i - 1, max(i - 5, -1), -1):
        word = toks[k].group()
        if word == "(":
            return k if k < i - 1 else -1
        if not word[0].isalnum():
            return -1
    return -1


def _of_head(cues: Cues, toks: list[re.Match[str]], i: int) -> int:
    """The index of the ``of`` that joins a body or a role to the lower-case words ending at
    ``toks[i]`` (``ministry of defence``, ``minister of foreign affairs``), or -1."""
    for k in range(i, max(i - 3, 0), -1):
        word = toks[k].group()
        if word == "of":
            head = toks[k - 1].group().lower()
            return k if head in cues.bodies or head in cues.roles else -1
        if not (word.isalpha() and word.islower()):
            return -1
    return -1


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
        if j == k + 1 and toks[k].group().lower() in _RU_ONE and toks[j].group().lower() == "из":
            break  # "Один из источников Axios говорит": the phrase whole
        if _is_preposition(toks[j].group()):
            tail = _agency_re().sub(" ", art.text[toks[j].end() : toks[end].end()])
            if not any(_ru_nominative_name(w) for w in _WORDISH_RE.findall(tail)):
                end = j - 1
                while end > k and not toks[end].group()[0].isalnum():
                    end -= 1
                break
    return k, end


_RU_ONE = frozenset({"один", "одна", "одно", "одни"})


#: Reporting cues that are also nouns, and "of" after one ("claims of a troop buildup").
_NOUNS_BEFORE_OF = frozenset(
    ["claims", "claim", "demands", "demand", "calls", "comments", "reports", "report"]
)
_NOUN_OF_RE = re.compile(r"\s+of\b")
#: A correspondent's line at an article's end: "reported from Moscow." ("contributed" alike).
#: A reporter's name opening a wire reporter's line (:data:`_REPORTED_FROM_RE`), or the next
#: name in it (``Bajak reported from Boston, Litvinova reported from Moscow``).
_SURNAME_RE = re.compile(r"(?:^|\n|_\s*|,\s*|\band\s+)(?:[A-Z][\w\-’']+\s+)?[A-Z][\w\-’']+\s*$")


def _foreign_or_abbreviation(word: str) -> bool:
    """Whether a word is in another script than Russian or an abbreviation (``ФАС``)."""
    return word[0].isalpha() and (
        not _CYRILLIC_RE.search(word) or (word.isupper() and len(word) > 1)
    )


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
    cue = text[max(0, cue_end - 40) : cue_end].rsplit(None, 1)[-1].lstrip("[").lower()
    if text.startswith("](", cue_end):  # ("[сообщает](https://...) Reuters": past the link)
        close = text.find(")", cue_end, cue_end + 400)
        cue_end = close + 1 if close > 0 else cue_end
    hi = min(sent_end, cue_end + 160)
    if art.language == "ru":
        named = _RU_QUOTED_NAME_RE.match(text, cue_end, hi)
        if named and (named.group(1) is None or _ru_form(named.group(1))[0] == "ADVB"):
            return named.start(2), named.end(2)  # "пишет «Коммерсантъ»", "поясняет «Блок ...»"
        if named and named.group(1) in ("в", "во"):
            return named.start(1), named.end(2)  # "считают в «Росатоме»": as "в Минфине"
    m = (_RU_PHRASE_RE if art.language == "ru" else _PHRASE_RE).match(text, cue_end, hi)
    if not m:
        return None
    toks = art.tokens(m.start(), m.end())
    if art.language == "ru":
        toks = _ru_speaker_phrase(toks)
        if toks and cue in ("цитирует", "цитируют", "процитировал", "процитировала",
                            "процитировали"):  # fmt: skip
            # "цитирует Зурабишвили AFP": whom the agency at the end quotes speaks
            for k in range(1, len(toks)):
                agency = _agency_re().match(text, toks[k].start(), toks[-1].end())
                if agency is not None and agency.end() == toks[-1].end():
                    toks = toks[:k]
                    while toks and toks[-1].group().lower() in _RU_OUTLET_KINDS:
                        toks = toks[:-1]  # ("цитирует фон дер Ляйен агентство AFP")
                    break
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
        if cue in _NOUNS_BEFORE_OF and any(w.lower() in cues.verbs for w in words[1:]):
            return None  # "..., claims Moscow denies": the cue is a noun, its clause follows
        going = _NEXT_WORD_RE.match(text, toks[-1].end())
        if any(w.lower() in _AUXILIARIES for w in words[1:]) or (
            going is not None and going.group(1) in _AUXILIARIES
        ):
            return None  # "X, R-Ind., argued the U.S. should ...": a clause, not a speaker
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


#: The phrase after a reporting verb, to a mark of punctuation (not the stops of "U.S.", of an
#: initial or of a title: "said Dr. Serhiy Shvets"); in Russian over a short name in
#: quotation marks inside it (``директор Госкорпорации "Росатом" Екатерина Солнцева``).
#: Titles written with a stop before a name ("Dr. Serhiy Shvets").
_DOTTED_TITLES = ("Dr", "Mr", "Mrs", "Ms", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Prof")
_PHRASE_RE = re.compile(
    r"(?:[^,.;:!?()\"“”«»\n]|\.(?=\w)|(?<=\b[A-Z])\.(?=\s+[A-Z])"
    + "".join(rf"|(?<=\b{title})\.(?=\s+[A-Z])" for title in _DOTTED_TITLES)
    + ")*"
)


_RU_PHRASE_RE = re.compile(r"(?:[^,.;:!?()\"“”«»\n]|[\"«„“][^\"“”«»„\n]{1,40}[\"»“”](?=\s+\w))*")


#: A name in quotation marks after a Russian reporting verb (in straight marks, a capitalised
#: one without a stop: such marks also open quotations).
_RU_QUOTED_NAME_RE = re.compile(
    r"\s+(?:([а-яё]+)\s+)?(«[^«»\n]{2,60}»|\"[А-ЯЁA-Z][^\"«».,!?\n]{1,40}\")"
)


#: Where a statement was made, between a Russian reporting verb and its speaker.
_RU_SETTINGS = frozenset({"интервью", "беседе", "эфире", "комментарии", "разговоре"})
#: Where the words were said, between a Russian verb and ``, что`` (``в интервью Известиям``,
#: ``на брифинге в среду``): of the frame.
_RU_SETTING_RE = re.compile(r"\s*(?:в|во|на)\s+[^,.;:!?«»\"“”\n]{1,100}?(?=,\s*что\b)")
_RU_SETTING_WORD_RE = re.compile(
    r"(?i)\b(?:интервью|беседе|эфире|комментарии|разговоре|брифинге|пресс-конференции|"
    r"выступлении|встрече|обращении|телеграм-канале|Telegram-канале|соцсетях|послании|"
    r"статье|колонке)\b"
)


_RU_PERSONAL = frozenset({"он", "она", "они"})


@lru_cache(maxsize=20_000)
def _ru_locative(word: str) -> bool:
    """Whether a reading of a Russian word is in the locative (``структуре``, ``силовой``)."""
    return any(p.tag.case == "loct" for p in _ru_readings(word))


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
                or (
                    word.lower() in ("в", "во", "на")
                    and i + 1 < len(out)
                    and _ru_channel(out[i + 1].group())
                )  # "сообщает театр в Telegram-канале": where it was written
                or (
                    case == "datv"
                    and _ru_form(out[i - 1].group())[0] != "PREP"
                    # ("в российской силовой структуре": of the place, in the locative)
                    and not (out[0].group().lower() in ("в", "во") and _ru_locative(word))
                )
                or (
                    pos == "PREP"
                    and _is_cap(out[i - 1].group())
                    and i > 1
                    and _is_cap(out[i - 2].group())
                )
                or (
                    pos == "PREP"
                    and _is_cap(out[i - 1].group())
                    and (
                        not any(_is_cap(t.group()) for t in out[i + 1 :])
                        or _ru_parse(out[i - 1].group())[1:3] == ("nomn", True)
                    )
                )
            ):  # (not "аналитик по вопросам безопасности"; "... Тутука Ариаджи на полях",
                # "американский Минфин на своем сайте", "Дегтярев в Telegram-канале": a
                # person's name in the nominative; not "посол России в США Анатолий Антонов")
                return out[:i]
    return out


#: English auxiliaries and modals: a phrase holding one after a verb is a clause, no speaker.
_AUXILIARIES = frozenset(
    {"should", "would", "will", "can", "could", "must", "might", "shall", "is", "are", "was",
     "were", "has", "have", "had", "does", "did"}
)  # fmt: skip


#: The word after a phrase (past an abbreviation's stop: "the U.S. should").
_NEXT_WORD_RE = re.compile(r"\.?\s+([a-z]+)\b")


#: Kinds of news outlet before an outlet's name in Russian.
_RU_OUTLET_KINDS = frozenset({"агентство", "газета", "издание", "телеканал", "«", '"'})


#: Where a Russian statement is posted (the normal forms of a word's last part after a hyphen:
#: ``Telegram-канале``, ``соцсети``, ``сайте``).
_RU_CHANNELS = frozenset(
    {"канал", "соцсеть", "сеть", "сайт", "блог", "аккаунт", "страница", "микроблог",
     "мессенджер", "платформа", "telegram", "twitter", "x", "facebook", "instagram",
     "вконтакте", "tiktok"}
)  # fmt: skip


def _ru_channel(word: str) -> bool:
    """Whether a Russian word names where a statement was posted (``Telegram-канале``)."""
    last = word.lower().rsplit("-", 1)[-1]
    return last in _RU_CHANNELS or _ru_parse(last)[0] in _RU_CHANNELS


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


#: Russian words for the media as a whole (``СМИ передают``).
_RU_MEDIA_WORDS = frozenset({"СМИ", "издания", "медиа", "газеты", "телеканалы"})


#: An outlet's own correspondent named after a relay verb: ``передает корреспондент Би-би-си
#: Нина Ахметели`` (group 1: the name, two capitalised words ending the sentence).
_OWN_CORRESPONDENT_RE = re.compile(
    r"\s+(?:спец)?корреспондент\w*\s+[^,.;:!?\n]{1,40}?\s+([А-ЯЁ][а-яё\-]+\s+[А-ЯЁ][а-яё\-]+)"
    r"(?=\s*[.!?]|\s*$)"
)


def _frame_at(art: _Article, m: re.Match[str]) -> _Frame | None:
    text, cues = art.text, art.cues
    written = m.group()
    word = written.lower()
    p, q = m.start(), m.end()
    particle = _OUT_RE.match(text, q) if word.startswith(_OUT_VERBS) else None
    if particle:
        q = particle.end()  # "he pointed out, commenting on ...": the verb is "pointed out"
    s = art.sentence_of(p)
    sent_start, sent_end = art.sentences[s] if art.sentences else (0, len(text))
    before = text[max(sent_start, p - 40) : p].rstrip()
    prev_word = before.rsplit(None, 1)[-1].lower().strip('*_«"“') if before else ""
    if written[0].isupper() and text[sent_start:p].strip(" *_«\"“„'‘(") != "":
        return None  # "the United States": a cue word capitalised inside a sentence is a name
    if word in _RU_CITES:
        cited = _cited_words(art, m, s, sent_end)
        if cited is not None or not any(c.kind == "relay" and c.start == p for c in art.credits):
            return cited
        # ("«...», — цитирует Зурабишвили AFP": a credit names the agency after the one quoted,
        # who speaks, as after "сказал")
    if word in _RU_RELAYS and not (
        word.endswith("ют")
        and (named := _left_subject(art, p, sent_start)) is not None
        and text[named[0] : named[1]].split()[-1] in _RU_MEDIA_WORDS
    ):  # ("Американские СМИ передают, что ...": the media as a speaker, as after "сообщают")
        if not any(
            c.kind == "relay" and not c.self_credit and c.start <= p < c.end for c in art.credits
        ):
            own = _OWN_CORRESPONDENT_RE.match(text, q, sent_end)
            if own is None:
                return None  # "передает корреспондент РИА Новости" in RIA's text: its own report
            # "..., передает корреспондент Би-би-си Нина Ахметели": the outlet's correspondent,
            # named, speaks (with no relay: the outlet is the text's own)
            return _Frame(p, own.end(), p, q, "verb", s, own.span(1))
        right = _right_subject(art, q, sent_end)  # (the agency, or the source it cites)
        return None if right is None else _Frame(p, right[1], p, q, "verb", s, right)
    if word in cues.impersonal:
        if prev_word in ("как", "as"):
            return None  # "как говорится": a saying
        # "..., - говорится в сообщении", "Там отмечается, что ...": the document speaks
        return _mark_minor(art, _Frame(p, q, p, q, "passive", s, None), sent_start)
    if word in cues.according:
        own = _OWN_RE.search(written)
        # "по его словам": the pronoun in the cue is the speaker
        subj = (p + own.start(), p + own.end()) if own else _right_subject_phrase(art, q, sent_end)
        if subj is None:
            return None
        return _Frame(p, subj[1], p, q, "according", s, subj)
    if word in cues.opinion:
        own = _OWN_RE.search(written)
        subj = (p + own.start(), p + own.end()) if own else (p, q)
        return _Frame(p, q, p, q, "opinion", s, subj)
    if prev_word in _NOT_BEFORE_VERB:
        return None  # "to reaffirm", "the alleged", "releases its report": not a report
    if prev_word == "having" and _THAT_SAID_RE.match(text, q):
        return None  # "Having said that, I don't think ...": a turn of phrase
    if (
        art.language == "en"
        and word.startswith(("den", "reject", "dismiss", "disput"))
        and _GLOSS_BEFORE_RE.search(text, max(sent_start, p - 80), p)
    ):
        return None  # "..., a claim Moscow denies": the outlet's gloss (see _GLOSS_RE)
    if (
        art.language == "en"
        and word in ("claims", "demands", "charges")
        and before[-1:] in ",—–-"
        and _GLOSS_RE.match(text, max(sent_start, p - 40) + len(before) - 1)
    ):
        return None  # "..., claims Moscow denies": a noun of the gloss, not a verb
    if prev_word == "не" and not word.startswith(_RU_NEGATED_STILL):
        # "Российские военные не комментировали эти заявления", "и не утверждает, что ...":
        # what follows a denied report is no one's words
        return None
    if word in _NOUNS_BEFORE_OF and art.language == "en" and _NOUN_OF_RE.match(text, q):
        return None  # "claims of a Russian troop buildup": a noun
    if (
        art.language == "en"
        and word == "reported"
        and _REPORTED_FROM_RE.match(text, q, sent_end)
        and _SURNAME_RE.search(text, max(sent_start, p - 40), p)
    ):
        return None  # "___ Isachenkov reported from Moscow.": the outlet's correspondent
    if word.startswith("post") and not _POSTED_ON_RE.match(text, q, min(sent_end, q + 60)):
        return None  # "troops posted at the border"; "X posted on Twitter" reports words
    if word in ("state", "states") and not _STATES_RE.match(text, q):
        return None  # "a declaration of state sovereignty", "member states": a noun
    if word == "think" and text.startswith(" tank", q):
        return None  # "a think tank": a noun
    if word.startswith("consider") and re.match(r"\s+\w+ing\b", text[q : q + 30]):
        return None  # "consider upgrading your browser": no words reported
    if word == "countered" and not _COUNTERED_RE.match(text, q):
        return None  # "countered those claims by ...": no words set out
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
        with_subject = (
            _WITH_SUBJECT_RE.search(text, max(sent_start, p - 60), p)
            if art.language == "en" and not word.startswith(_COGNITION)
            else None
        )
        if with_subject is not None:
            # "..., with Bloomberg reporting that ...": the one named after "with" speaks
            subj = with_subject.span(1)
            return _Frame(subj[0], q, p, q, "verb", s, subj)
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
        words = text[left[0] : left[1]].split(None, 2)  # (whether one word is left: two at most)
        if words and words[0].lower() in _DETERMINERS:
            words = words[1:]
        if (
            len(words) == 1
            and words[0] in cues.nationalities
            and not words[0].replace(".", "").isupper()  # ("The US says")
        ):
            return None  # "the Russian demands", "rejected Russian claims": a noun
    passive = art.language == "en" and (
        word.endswith("ed") or word in {"told", "said", "written", "thought"}
    )
    # (the word before the verb read only where a rule below asks for it)
    last = _last_word_before(art, sent_start, p) if passive or left is None else ""
    if passive and last in _BE:
        start = left[0] if left else p
        return _mark_minor(art, _Frame(start, q, p, q, "passive", s, None), sent_start)
    if left is not None and art.language == "ru" and _ru_about_first(art, sent_start):
        # "О путях ... Росатома в интервью РИА Новости рассказала директор ... Екатерина
        # Солнцева.": a sentence that opens with what is spoken of and ends with a speaker
        # after the verb puts the speaker there
        right = _right_subject(art, q, sent_end)
        if right is not None and not text[right[1] : sent_end].strip(" .…!\n"):
            return _Frame(p, right[1], p, q, "verb", s, right, topic=True)
    if left is not None:
        return _mark_minor(art, _Frame(left[0], q, p, q, "verb", s, left), sent_start)
    # (Telegram's bold, ", **", and a link on the verb, ", [сообщает](...)")
    stripped = text[sent_start:p].rstrip().rstrip("*_[").rstrip()
    coordinated = last in {"and", "и", "but", "но", "а"}
    topic = art.language == "ru" and _ru_topic_first(art, sent_start, p)
    # ("..., urged the Kremlin to save them": whom he urged; '"...," warned Stoltenberg' names
    # the speaker after a quotation)
    addressed = art.language == "en" and word in _OBJECT_VERBS and stripped[-1:] == ","
    if (
        not stripped or stripped[-1] in ",—–-\"”»’'" or last in {"as", "как"} or topic
    ) and not addressed:
        right = _right_subject(art, q, sent_end)
        if right is not None:
            return _Frame(p, right[1], p, q, "verb", s, right, topic=topic)
    if stripped and (stripped[-1] == "," or coordinated):
        return _Frame(p, q, p, q, "participle", s, None)
    return None


def _last_word_before(art: _Article, sent_start: int, p: int) -> str:
    """The last word before a verb at ``p``, in lower case, adverbs and auxiliaries (but forms
    of *be*) skipped, or ""."""
    lo = max(sent_start, p - 60)
    # the last 20 characters first: their first word may be cut short, so only a word after it
    # answers; all 60 are read when none does
    near = max(lo, p - 20)
    words = _WORDISH_RE.findall(art.text, near, p)
    k = _last_unskipped(art, words)
    if k <= 0 and near > lo:
        words = _WORDISH_RE.findall(art.text, lo, p)
        k = _last_unskipped(art, words)
    return words[k].lower() if k >= 0 else ""


def _last_unskipped(art: _Article, words: list[str]) -> int:
    """The index of the last of ``words`` that is no adverb or auxiliary (forms of *be* are
    not skipped), or -1."""
    skip = _skip_but_be(art.cues)
    k = len(words) - 1
    while k >= 0 and (
        words[k].lower() in skip or (art.language == "ru" and _ru_form(words[k])[0] == "ADVB")
    ):
        k -= 1
    return k


def _ru_topic_first(art: _Article, sent_start: int, p: int) -> bool:
    """Whether a Russian sentence puts only what is spoken of before the verb, its speaker
    after it (``О задержании директора сообщил Следственный комитет``, ``Ранее об этом писали
    СМИ``): no word before the verb can be its subject."""
    opener = _FIRST_WORD_RE.match(art.text, sent_start, p)
    if opener is None or opener.group(1).lower() not in _RU_TOPIC_OPENERS:
        return False
    toks = [t for t in art.tokens(sent_start, p) if t.group()[0].isalnum()]
    return _ru_subject_tokens(art, toks, 0, len(toks) - 1, p) is None


def _ru_about_first(art: _Article, sent_start: int) -> bool:
    """Whether a Russian sentence opens with what it is about (``О ...``, ``Об ...``, ``Про
    ...``)."""
    opener = _FIRST_WORD_RE.match(art.text, sent_start)
    return opener is not None and opener.group(1).lower() in ("о", "об", "про")


#: A sentence's first word, past marks and markup.
_FIRST_WORD_RE = re.compile(r"[\W_]*?(\w+)")


#: The words a Russian sentence that names its topic before the verb starts with.
_RU_TOPIC_OPENERS = frozenset({"о", "об", "про", "ранее", "также", "позднее", "позже", "тогда"})


#: What follows "countered" when words are reported: "countered that", "countered:", a quote.
_COUNTERED_RE = re.compile(r"\s*(?:that\b|[:,.]|[\"“‘«])")


#: Russian reporting verbs that still report a position after "не" ("не сомневается, что").
_RU_NEGATED_STILL = ("сомнева", "отрица")


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
    head = art.text[max(sent_start, frame.start - 30) : frame.start].rsplit(None, 2)
    opener = head[-1].lower().strip(",") if head else ""
    if opener in _SUBORDINATORS:
        frame.minor = True
        # ("asked if he thought": whether, not a condition)
        frame.condition = opener in _CONDITIONS and not (
            opener == "if" and len(head) > 1 and head[-2].lower() in _ASKING
        )
    return frame


#: The subordinators of condition and cause (a clause of time or manner, ``as``, ``when``,
#: is often the outlet's setting: "..., as the adviser warned that ...").
_CONDITIONS = frozenset({"if", "unless", "because", "если", "поскольку"})
#: Words before an "if" that means "whether" ("asked if", "unclear if").
_ASKING = frozenset(
    {"ask", "asks", "asked", "asking", "wonder", "wonders", "wondered", "know", "knows", "knew",
     "see", "decide", "decided", "unclear", "clear", "sure", "unsure", "check", "checked"}
)  # fmt: skip


#: The phrase after "according to": to a comma or a stop (not the stops of "U.S.", "U.K.").
_AFTER_ACCORDING_RE = re.compile(
    r"\s*((?:[^,.;:!?()\"“”«»\n—]|\.(?=\w)|(?<=[.\s][A-Z])\.(?=\s\w)){1,100})"
)


def _right_subject_phrase(art: _Article, start: int, sent_end: int) -> tuple[int, int] | None:
    """The phrase after ``according to`` / ``по словам``: up to the next comma or stop."""
    m = _AFTER_ACCORDING_RE.match(art.text, start, sent_end)
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
        sent_start, sent_end = art.sentences[s]
        # (whether each frame trails its words from the sentence's start: asked again below
        # for the first frame left, whose cursor is that start too)
        from_start = {id(f): _is_trailing(art, f, sent_start) for f in group}
        trailing_at = [k for k, f in enumerate(group) if from_start[id(f)]]
        if trailing_at and _news_relay(art, group, trailing_at[-1]):
            # "X said ..., the state-owned TASS news agency reported": the nearest attribution
            # speaks; the agency is the channel (a relay), not the sentence's speaker
            from_start[id(group[trailing_at.pop()])] = False
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
            keep = []
            for k, f in enumerate(group):
                if (k >= last and id(f) not in dropped) or _opens_quote(art, f, group[last]):
                    keep.append(f)
                else:
                    dropped.add(id(f))
            group = keep
            by_sentence[s] = group
        cursor = sent_start
        for fs, fe in art.furniture:
            if fs <= cursor < fe:
                cursor = fe
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
            elif from_start[id(f)] if cursor == sent_start else _is_trailing(art, f, cursor):
                f.lead = False
                start = cursor
                closer = text[cursor : f.start].rstrip(" ,—–-*_")
                quote = art.in_quote(len(closer) + cursor - 1) if closer else None
                if (
                    quote is not None
                    and quote.end == cursor + len(closer)
                    and len(text[quote.start : quote.end].split(None, 3)) >= 4  # (4 words or more)
                ):
                    # '..., "quoted words," X said': the frame attributes the quotation
                    start = quote.start
                stop = f.start
                tail = text[start:stop].rstrip()
                if tail[-3:].lower() in (" as", "как"):
                    stop = start + len(tail[:-3].rstrip(" ,"))  # "..., as Peskov said"
                f.content = (start, stop)
                if (
                    f.kind == "according"
                    and art.language == "ru"
                    and _PARENTHETICAL_RE.match(text, max(f.end, f.cue_end), nxt)
                ) or (
                    f.kind == "verb"
                    and art.language == "en"
                    and f.end == f.cue_end
                    and _EN_ASIDE_RE.match(text, f.end, nxt)
                ):
                    # ("The aim, he said, was to help people": his words go on after it)
                    # "Кроме того, по ее словам, выстраивание ...": set off by commas inside
                    # the sentence, the frame has the speaker's words on both sides (in
                    # English the comma after "according to X" mostly opens X's description)
                    f.content = (start, nxt)
                    f.end = max(f.end, f.cue_end)
                    cursor = nxt
                    continue
                f.end = max(f.end, nxt)
                cursor = f.end
            else:
                f.lead = True
                begin = f.end
                link = _LINK_END_RE.match(text, begin)
                if link:  # "Зеленский [сказал](https://...), что": the link on the verb
                    begin = link.end()
                verb = text[f.cue_start : f.cue_end].lower()
                if f.kind in ("verb", "quoted_as") and verb in _OBJECT_VERBS:
                    mm = _OBJECT_RE.match(text, begin, nxt)
                    if mm:
                        begin = mm.end()
                if f.kind == "according":
                    comma = text.find(",", f.end, nxt)
                    begin = comma + 1 if comma >= 0 else f.end
                setting = _RU_SETTING_RE.match(text, begin, nxt) if art.language == "ru" else None
                if setting and _RU_SETTING_WORD_RE.search(setting.group()):
                    begin = setting.end()  # "заявил в интервью Известиям, что ...": the frame's
                that = _THAT_RE.match(text, begin, nxt)
                if that:
                    begin = that.end()
                elif art.language == "en" and (
                    _SAID_SO_RE.match(text, begin, nxt)
                    or (verb == "citing" and _CITED_SOURCE_RE.match(text, begin, nxt))
                ):
                    f.content = (begin, begin)  # "Macron said this to reporters on Friday"
                    cursor = begin
                    continue
                # (a frame in a clause of condition inside the words is theirs: "she would
                # back sanctions if Biden asked")
                end = next(
                    (g.start for g in group[k + 1 :] if not g.condition or f.minor), sent_end
                )
                cut = _BUT_VERB_RE.search(text, begin, nxt)
                if cut and not _NOT_ONLY_RE.search(text, begin, cut.start()):
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
    if art.language == "en":
        for f in frames:
            if f.content is not None and f.content[1] > f.content[0]:
                gloss = _GLOSS_RE.search(text, *f.content)
                if gloss is not None:
                    f.content = (f.content[0], gloss.start())


#: A speaker after "with" before a participle of reporting (``with Bloomberg reporting that``,
#: ``with the Kremlin saying``): a name in capitals, or "the" and a capitalised name.
_WITH_SUBJECT_RE = re.compile(
    r"\bwith\s+((?:the\s+)?[A-Z][\w.’'\-]*(?:\s+(?:of\s+)?[A-Z][\w.’'\-]*){0,4})\s+$"
)


#: Participles of thought, not of words said (``with Hawley thinking the country ...``).
_COGNITION = ("think", "believ", "consider", "hop", "fear", "expect", "know", "feel", "wonder")


#: What follows "having said" as a turn of phrase (``Having said that,``).
_THAT_SAID_RE = re.compile(r"\s+(?:that|this|so|all\s+that)\s*[,;]")


#: The start of such a gloss, before its verb (``, a claim Moscow strongly``).
_GLOSS_BEFORE_RE = re.compile(
    r"[—–,-]\s*(?:a\s+|an\s+)?(?:demands?|claims?|allegations?|accusations?|charges?|"
    r"assertions?)\s+(?:that\s+)?(?:the\s+)?[A-Z][\w.]*(?:\s+(?:and\s+)?[\w.]+){0,2}?\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:strongly\s+|repeatedly\s+|firmly\s+)?$"
)
#: The outlet's gloss on the words before it: ``— demands the West has rejected``, ``, a
#: claim Moscow denies``, ``, accusations Russia has rejected``.
_GLOSS_RE = re.compile(
    r"\s*[—–,-]\s*(?:a\s+|an\s+)?(?:demands?|claims?|allegations?|accusations?|charges?|"
    r"assertions?)\s+(?:that\s+)?(?:the\s+)?[A-Z][\w.]*(?:\s+(?:and\s+)?[\w.]+){0,2}?\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:strongly\s+|repeatedly\s+|firmly\s+)?(?:denied|denies|"
    r"deny|rejected|rejects|reject|dismissed|dismisses|disputes|disputed)\b"
)


#: The rest of a Telegram link on a verb (``[сказал](https://...)``, ``[рассказывает, ](...)``).
_LINK_END_RE = re.compile(r"[,\s]*\]\([^()\s]{1,400}\)")


#: What points back at words already given after an English verb (``said this to reporters``,
#: ``said so at a news conference``): no words of the speaker follow.
_SAID_SO_RE = re.compile(
    r"(?i)\s*(?:this|so)\s*(?:[.,;]|\s(?:to|on|in|at|after|during|before|while|when|with|"
    r"last|yesterday|today|earlier|later|again|too|also)\b)"
)


#: A wire reporter's line at the end of a story (``Isachenkov reported from Moscow.``, ``Cook
#: reported from Brussels and Lee from Seoul.``, ``Bajak reported from Boston, Litvinova
#: reported from Moscow and Tucker reported from Washington.``): where the reporters were, no
#: one's words.
_PLACE_WORDS = r"[A-Z][\w.’'\-]*(?:(?:\s+|,\s*)[A-Z][\w.’'\-]*)*"
_REPORTED_FROM_RE = re.compile(
    rf"\s*from\s+{_PLACE_WORDS}(?:(?:,\s*|,?\s+and\s+)[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)?"
    rf"\s+(?:reported\s+)?from\s+{_PLACE_WORDS})*\s*(?:\.|$)"
)


#: Who or what "citing" names as the source (``citing unnamed U.S. sources``, ``citing people
#: familiar with the matter``): no words of theirs follow (``citing threats to Europe's
#: security`` gives the speaker's reason, their words).
_CITED_SOURCE_RE = re.compile(
    r"(?i)\s*(?:[\w.\-’']+\s+){0,5}?(?:sources?|officials?|people|persons|documents?|reports?|"
    r"data|statements?|diplomats|insiders|media|agency|agencies)\b(?:\s+(?:familiar|close|"
    r"with|to|in|at|of|the|matter|situation|talks|knowledge|who)\b)*\s*(?=[,.;]|$)"
)


#: What follows "he said" set off by commas inside an English sentence, when his words go on
#: after it (not a clause of the outlet's: "..., he said, as tensions rose", "..., and ...").
_EN_ASIDE_RE = re.compile(
    r",\s*(?!(?:as|while|amid|after|before|when|which|who|whose|where|but|and|or|in|on|at|"
    r"during|according|though|although|because|since|so|with|without|despite|if|unless|until|"
    r"then|the|a|an|his|her|their|its|rather|also|too|instead|not|[a-z]+ing|[a-z]+ly)\b)"
    r"[a-z\"“‘][\w’'\-]*(?:\s+[\w’'\-\"“”‘]+){1,}"
)


#: What follows a parenthetical "according" frame: a comma, then two words or more.
_PARENTHETICAL_RE = re.compile(r",\s*(?:[^\W\d_][\w\-]*[\s,]+){1,}[^\W\d_]")


#: The head nouns of a news organisation in an English subject (``the state news agency (BNA)``).
_NEWS_HEADS = frozenset(
    {"agency", "television", "newspaper", "broadcaster", "outlet", "daily", "tv", "channel"}
)


def _news_relay(art: _Article, group: list[_Frame], k: int) -> bool:
    """Whether the frame ``group[k]`` ends an English sentence with a news organisation
    reporting the words another frame before it attributes (``Bahrain said it will add ...,
    the state news agency (BNA) said``, ``..., Reuters reported``)."""
    f = group[k]
    if art.language != "en" or f.kind != "verb" or f.subject is None:
        return False
    if not any(g.kind == "verb" and g.subject is not None for g in group[:k]):
        return False
    phrase = art.text[f.subject[0] : f.subject[1]]
    if phrase.rsplit(None, 1)[-1].lower() in _NEWS_HEADS:
        return True
    # (the organisation heads the phrase: not "my CNN Business colleague Charles Riley")
    return any(m.end() == len(phrase) for m in _agency_re().finditer(phrase))


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


#: The first half of "not only ..., but also ...": the "but" goes on with the same words.
_NOT_ONLY_RE = re.compile(r"\bnot\s+(?:only|simply|just|merely)\b|\bне\s+только\b", re.I)


_OBJECT_RE = re.compile(r"[^,.;:\"“”«»]{0,60}?\b(?:that|что)\b|[^,.;\"“”«»]{0,40}?:")


_CLAUSE_RE = re.compile(r"[^,.;:!?\"“”«»]*")


_OPENS_AFTER_RE = re.compile(r"\s*[,:]\s*[\"“«„‘]")


def _is_trailing(art: _Article, f: _Frame, cursor: int) -> bool:
    """Whether a frame follows the words it attributes (``..., X said``)."""
    if f.kind in ("participle", "opinion"):
        return False
    text = art.text
    before = text[cursor : f.start].strip().strip("*_ [")  # ("[" of a link on the verb)
    as_clause = before[-3:].lower() in (" as", "как") and before[-4:-3] in (" ", ",")
    if as_clause:
        before = before[:-3].rstrip()  # "..., as Peskov said."
    if len(before.split(None, 1)) < 2 or before[-1:] not in ",—–-\"”»’'":
        return False
    opening = before.rstrip(",").lower().split()
    if all(
        w in _TIME_WORDS or w in _ADJUNCTS or w in _PARTS_OF_DAY or w in _OPENING_TIMES
        for w in opening
    ) or (len(opening) <= 4 and opening[0] in _OPENING_WORDS):
        # "Earlier on Tuesday, the United States warned ...", "In addition, Kiev asked ...",
        # "Кроме того, добавил замминистра, ...": an opening, no one's words
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
        or words[0].lower() in ("citing", "quoting")  # ("..., the newspaper said citing ...")
        or (words[0].lower() == "to" and len(words) <= 6)
        or all(w.lower() in _TIME_WORDS or w.lower() in _PARTS_OF_DAY for w in words)
    )  # ("..., a senior diplomat said Monday.")


#: Words of a time opening a sentence before its subject (``Earlier on Tuesday,``).
_OPENING_TIMES = frozenset(
    {"earlier", "later", "meanwhile", "then", "also", "last", "this", "next", "week", "month",
     "year", "today", "yesterday", "ранее", "позднее", "накануне", "вчера", "сегодня"}
)  # fmt: skip


#: Words that open a sentence's opening phrase before its subject (``In addition,``, ``For
#: his part,``, ``As a result,``, ``Кроме того,``, ``При этом,``).
_OPENING_WORDS = frozenset(
    {"in", "for", "as", "after", "during", "with", "by", "since", "amid", "despite", "under",
     "following", "at", "on", "кроме", "при", "в", "во", "на", "после", "между", "тем",
     "также", "впрочем", "например", "итак", "поэтому", "помимо"}
)  # fmt: skip


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
