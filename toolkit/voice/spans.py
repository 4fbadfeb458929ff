"""Putting it together: the statements of an article painted into spans of one voice each."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from heapq import heappop, heappush
from itertools import accumulate
from operator import itemgetter

from toolkit.voice.cues import _agencies, _agency_name
from toolkit.voice.frames import _Article, _Frame, _frames
from toolkit.voice.names import _POSSESSIVE_RE, _is_cap, _ru_parse
from toolkit.voice.quotes import _WORD_CHAR_RE
from toolkit.voice.records import VoiceSpan, _Covers
from toolkit.voice.speakers import _RU_PEOPLE_OF, _assign_speakers, _body_text, _Speakers


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
    """The quotations of an article with their speakers. Each frame is looked up by
    bisection or a sweep, not by a walk over all frames for each quotation: a long text with
    thousands of each takes time in proportion to its length."""
    text = art.text
    spoken = [f for f in frames if f.speaker]
    # the first frame (in their order) whose content holds a quotation's start, or that leads
    # into a content starting at it: a sweep over the quotations by start, the frames whose
    # content has begun in a heap by their order (one that fails a quotation fails every
    # later one: its content ended before, and it cannot lead into a later start)
    by_content = sorted(range(len(spoken)), key=lambda k: spoken[k].content[0])
    holder: dict[int, _Frame] = {}
    begun: list[int] = []
    x = 0
    for qi in sorted(range(len(art.quotes)), key=lambda k: art.quotes[k].start):
        at = art.quotes[qi].start
        while x < len(by_content) and spoken[by_content[x]].content[0] <= at:
            heappush(begun, by_content[x])
            x += 1
        while begun:
            f = spoken[begun[0]]
            if at < f.content[1] or (f.lead and f.content[0] == at):
                holder[qi] = f
                break
            heappop(begun)
    # the first frame (in their order) starting at or after a position: bisection over the
    # running maximum of the starts; the last ending at or before one: over the running
    # minimum of the ends from the back
    firsts = list(accumulate((f.start for f in spoken), max))
    lasts = list(accumulate((f.end for f in reversed(spoken)), min))[::-1]

    def first_after(p: int) -> _Frame | None:
        k = bisect_left(firsts, p)
        return spoken[k] if k < len(spoken) else None

    out: list[_Statement] = []
    for qi, q in enumerate(art.quotes):
        s = art.sentence_of(q.start)
        speaker, frame = "", None
        if q.start < art.headline_end:
            head = _headline_speaker(art, frames)
            if head:
                speaker = head
        if (held := holder.get(qi)) is not None:
            speaker, frame = held.speaker, held
        if (
            not speaker
            and (later := first_after(q.end)) is not None
            and _QUOTE_TO_FRAME_RE.fullmatch(text, q.end, later.start)
            and (not later.lead or _QUOTE_FRAME_MARK_RE.search(text, q.end - 2, later.start))
        ):
            speaker, frame = later.speaker, later
        out.append(_Statement(q.start, q.end, "quote", speaker, s, frame))
    # quotes next to each other share a speaker: backwards, then forwards
    covers = _Covers([(f.start, f.end) for f in frames])
    for k in range(1, len(out)):
        if not out[k].speaker and _adjacent(text, out[k - 1].end, out[k].start, covers):
            out[k].speaker, out[k].frame = out[k - 1].speaker, out[k - 1].frame
    for k in range(len(out) - 2, -1, -1):
        if not out[k].speaker and _adjacent(text, out[k].end, out[k + 1].start, covers):
            out[k].speaker, out[k].frame = out[k + 1].speaker, out[k + 1].frame
    for st in out:
        if st.speaker:
            continue
        content = text[st.start : st.end]
        if len(content.split()) <= 4:
            st.voice = "outlet"  # scare quotes, titles
            continue
        k = bisect_right(lasts, st.start) - 1  # (the last frame ending at or before it)
        if k >= 0:
            st.speaker = spoken[k].speaker
        elif (later := first_after(st.end)) is not None:
            st.speaker = later.speaker
    return out


#: A character that keeps two quotations apart (not a space, a punctuation mark or a dash).
_APART_RE = re.compile(r"[^\s,.:;!?*_\-—–]")


def _adjacent(text: str, end: int, start: int, covers: _Covers) -> bool:
    """Whether only spaces, punctuation, dashes and attributions (``covers``) stand between
    ``end`` and ``start``."""
    m = _APART_RE.search(text, end, start)
    while m is not None:
        # (an attribution over the character hides it: go on after the attributions over it)
        at = m.start()
        past = covers.past(at)
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
    # an interview set out as a dialogue: the answers are the interviewee's words, and so are
    # the attributions inside them ("Я считаю": the interviewee), below the statements inside
    # them and over the outlet's voice
    answers = _interview_answers(art, frames)
    inside = _Covers([(a, b) for a, b, _ in answers])
    for f in frames if answers else ():
        if (
            f.subject
            and inside.over(f.start)
            and text[f.subject[0] : f.subject[1]].lower() in _FIRST_PERSON
        ):
            f.speaker, f.speaker_kind = answers[0][2], "person"
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
    for a, b, speaker in answers:
        intervals.append((a, b, 5, "reported", speaker, wire))
    for (_a, b, _s), (a, _b, _t) in itertools.pairwise(answers):
        intervals.append((b, a, 16, "outlet", "", wire))  # (the questions between: the outlet's)
    for st in statements:
        rank = 15 if st.voice == "free" else 11 if st.frame is not None and st.frame.minor else 10
        intervals.append((st.start, st.end, rank, "reported", st.speaker, st.relay or wire))
    for st in quotes:
        if st.voice == "quote":
            intervals.append((st.start, st.end, 30, "quote", st.speaker, st.relay or wire))
            for m in _INSERTION_RE.finditer(text, st.start, st.end):
                intervals.append((m.start(), m.end(), 40, "outlet", "", wire))
    for f in frames:  # (an attribution inside its quotation is the outlet's, over it)
        if answers and not f.embedded and inside.over(f.start):
            continue
        rank = 40 if f.embedded else 9 if f.condition else 12 if f.minor else 20
        intervals.append((f.start, f.end, rank, "outlet", "", wire))
    for s, e in art.furniture:
        intervals.append((s, e, 50, "outlet", "", wire))
    return _paint(len(text), intervals, wire)


#: An editorial insertion inside a quotation: ``(sanctions)``, ``[He has been]``, ``(in Europe -
#: TASS)`` (not an ellipsis ``(…)``): the outlet's words.
_INSERTION_RE = re.compile(
    r"\((?!…|\.\.\.)[^()\n]{0,80}[^\W\d_][^()\n]{0,80}\)|\[[^\[\]\n]{1,80}\]"
)


#: A turn of a dialogue: a dash after the end of a sentence or at a line's start, before a
#: capital letter or an opening quotation mark (``... Беседовала X. – Вы с этим согласны? – Да,
#: ...``).
_TURN_RE = re.compile(
    r"(?:(?<=[.?!…])[^\S\n]+|^[^\S\n]*|\n[^\S\n]*)[–—-][^\S\n]+(?=[A-ZА-ЯЁ«\"“„])", re.M
)
_INTERVIEW_WORD_RE = re.compile(r"(?i)интервью|interview")
_FIRST_PERSON = frozenset({"я", "мы", "i", "we"})


def _interview_answers(art: _Article, frames: list[_Frame]) -> list[tuple[int, int, str]]:
    """The answers of an interview set out as a dialogue, with the interviewee: ``(start, end,
    speaker)``. An interview is a text whose lead attributes it to a speaker in a sentence
    that says "interview" (``..., рассказал в интервью РИА Новости аналитик ... Сергей
    Капитонов.``), followed by turns each opened by a dash, questions and answers in turn, at
    least half of the questions asking one (``?``). The questions are the outlet's; each
    answer runs to the next question."""
    text = art.text
    if "?" not in text:
        return []
    labelled = _labelled_answers(art)
    if labelled or not _INTERVIEW_WORD_RE.search(text):
        return labelled
    turns = [m.start() for m in _TURN_RE.finditer(text, art.headline_end)]
    if len(turns) < 2:
        return []
    speaker = ""
    for f in frames:
        if f.start >= turns[0]:
            break
        if f.speaker and f.speaker_kind in ("person", "body"):
            lo, hi = art.sentences[art.sentence_of(f.start)]
            if _INTERVIEW_WORD_RE.search(text, lo, hi):
                speaker = f.speaker
                break
    if not speaker:
        return []
    ends = [*turns[1:], len(text)]
    asked = [text.find("?", turns[k], ends[k]) >= 0 for k in range(0, len(turns), 2)]
    if 2 * sum(asked) < len(asked):
        return []
    answers = []
    for k in range(1, len(turns), 2):
        a, b = _strip_span(text, turns[k], ends[k])
        if b > a:
            answers.append((a, b, speaker))
    return answers


#: A turn of an interview set out with its speakers' names: one to three capitalised words and
#: a colon at a sentence's or line's start (``... in the future? Ishchenko: That's ...``,
#: ``Sputnik: Why ...?Michael Springmann: The Americans ...``).
_LABEL_RE = re.compile(
    r"(?:(?<=[.?!…])[^\S\n]*|^[^\S\n]*)"
    r"(?P<label>[A-ZА-ЯЁ][\w'’\-]+(?: [A-ZА-ЯЁ][\w'’\-]+){0,2}):[^\S\n]+(?=\S)",
    re.M,
)
#: Labels of the one who asks, besides the outlet's name.
_ASKERS = frozenset(
    {"q", "question", "interviewer", "reporter", "reporters", "journalist", "вопрос",
     "корреспондент", "журналист"}
)  # fmt: skip
#: Labels that open no turn of an interview.
_NOT_SPEAKERS = frozenset(
    {"source", "sources", "photo", "update", "note", "read", "watch", "related", "video",
     "image", "editor", "warning", "disclaimer", "источник", "фото", "видео", "читайте"}
)  # fmt: skip


def _labelled_answers(art: _Article) -> list[tuple[int, int, str]]:
    """The answers of an interview whose turns open with their speakers' names (``Al Jazeera:
    ... ? Ishchenko: ...``): one name asks (most of its turns hold a question; the outlet's own,
    or ``Q:``, when the outlet is known), the others answer, in turn, at least two questions;
    each answer, to the next name, is its speaker's (their name as the article names them in
    full)."""
    text = art.text
    turns = [
        (m.start(), m.end(), m.group("label"))
        for m in _LABEL_RE.finditer(text, art.headline_end)
        if not any(
            _POSSESSIVE_RE.sub("", w.lower()) in _NOT_SPEAKERS for w in m.group("label").split()
        )
    ]
    if len(turns) < 4:
        return []
    ends = [t[0] for t in turns[1:]] + [len(text)]
    asks: dict[str, list[bool]] = {}
    for (_s, body, label), end in zip(turns, ends, strict=True):
        asks.setdefault(label, []).append(text.find("?", body, end) >= 0)
    named = [name for name in asks if name.lower() in _ASKERS]  # ("Reporter:", "Q:")
    asker = (
        max(named, key=lambda name: len(asks[name]))
        if named
        else max(asks, key=lambda name: (sum(asks[name]) / len(asks[name]), len(asks[name])))
    )
    questions = asks[asker]
    if len(asks) < 2 or len(questions) < 2 or (2 * sum(questions) < len(questions) and not named):
        return []  # (a label that says it asks need not end its turns with "?")
    if art.outlet and not (
        asker.lower() in _ASKERS or art.outlet.lower().startswith(asker.lower())
    ):
        return []  # (the outlet asks: a transcript's turns, "PAYNE:", are no interview's)
    labels = [label for _s, _b, label in turns]
    if any(a == b for a, b in itertools.pairwise(labels) if asker in (a, b)):
        return []  # (questions and answers in turn)
    answers = []
    for (_s, body, label), end in zip(turns, ends, strict=True):
        if label != asker and label.lower() not in _ASKERS:
            a, b = _strip_span(text, body, end)
            if b > a:
                # (a transcript's "PELOSI:" is Pelosi, as the article names her)
                name = [w.title() if w.isupper() and len(w) > 1 else w for w in label.split()]
                answers.append((a, b, art.names.canonical(name)))
    return answers


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-["):
        b -= 1  # (and a link's "[" opening on the verb after the words)
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
        if art.in_furniture(start) or (art.language == "en" and _ABOUT_WORDS_RE.match(text, start)):
            continue  # ("The comments go against ...": the outlet on the speaker's words)
        if art.language == "en" and _other_actor(art, start, speaker):
            continue  # ("The EU on Monday agreed ...": the outlet on what another did)
        statements.append(_Statement(start, end, "free", speaker, s, None))


#: A sentence about a speaker's words or acts, not in them (``The comments go against ...``,
#: ``His remarks came as ...``).
_ABOUT_WORDS_RE = re.compile(
    r"[\W_]*(?:The|These|Those|His|Her|Their|Its)\s+(?:latest\s+|recent\s+)?(?:comments?|"
    r"remarks?|statements?|words|speech|interview|announcement|visit|decision|move|call)\b"
)


#: What opens a sentence whose subject is a place or a bloc (``The EU on Monday agreed``,
#: ``Russia has long resisted``, ``However, the U.S. and NATO continue``): the word, after a
#: connective and "the".
_ACTOR_RE = re.compile(
    r"[\W_]*(?:(?:However|Meanwhile|But|And|Yet|Still|Instead|Separately|Earlier|Later),?\s+)?"
    r"(?:[Tt]he\s+)?(?P<word>[A-Z][\w.\-]*?)(?:(?P<of>['’]s)|\s+(?P<next>[a-z]+)\b)"
)
#: What follows a place or bloc that is a sentence's subject (``Russia has long``, ``The EU
#: on Monday``, ``The U.S. and NATO continue``), besides a verb in -ed; not a noun it
#: qualifies (``NATO advancement``, ``U.S. supplies``), nor a modal verb, which argues
#: (``Russia must leave the region``, ``NATO should hold dialogue``).
_ACTOR_NEXT = frozenset(
    {"has", "have", "had", "is", "are", "was", "were", "on", "in", "at", "last", "this",
     "earlier", "later", "also", "and", "already", "again", "still", "then", "now", "never",
     "long", "continues", "continue", "remains", "remain"}
)  # fmt: skip
#: The word after a position (after white space).
_WORD_AFTER_RE = re.compile(r"\s+([a-z]+)\b")
#: Blocs and countries abbreviated (the cues' places are names).
_ACTOR_ABBREVIATIONS = frozenset({"EU", "U.S.", "US", "UK", "U.K.", "UN", "U.N.", "USA"})


def _other_actor(art: _Article, start: int, speaker: str) -> bool:
    """Whether the sentence at ``start`` opens with a place or a bloc as its subject that is
    no word of ``speaker``'s name: the outlet telling what another did (``The EU on Monday
    agreed to step up sanctions ...`` between two statements of Boris Johnson), not the
    speaker's argument. A place of the speaker's own titles is theirs (``China has all along
    opposed unilateral sanctions`` between two statements of the Chinese Vice Foreign
    Minister), unless the sentence tells what it did (``Russia successfully tested the missile
    in April`` between two statements of the Russian President)."""
    m = _ACTOR_RE.match(art.text, start)
    if m is None:
        return False
    word, after = m.group("word"), m.group("next")
    if after is not None and after.endswith("ly"):  # ("Russia successfully tested")
        verb = _WORD_AFTER_RE.match(art.text, m.end())
        after = verb.group(1) if verb is not None else None
        if after is None or not after.endswith("ed"):
            return False
    if after is not None and after not in _ACTOR_NEXT and not after.endswith("ed"):
        return False
    if word not in art.cues.places and word not in _ACTOR_ABBREVIATIONS:
        return False
    stems = _ACTOR_STEMS.get(word.replace(".", ""), (word.casefold()[:4],))
    own = [w.casefold() for w in speaker.split()]
    if after is None or not after.endswith("ed"):  # (what the country did is told, not argued)
        for person in art.names.people.values():
            if person.name == speaker:  # (the speaker's titles: "Chinese Vice Foreign Minister")
                own += art.names.titles(person)
    return not any(w.startswith(stems) for w in own)


#: The words that make a bloc or country written short the speaker's own.
_ACTOR_STEMS = {
    "EU": ("eu", "europ"),
    "US": ("us", "u.s", "americ"),
    "USA": ("us", "u.s", "americ"),
    "UK": ("uk", "u.k", "brit"),
    "UN": ("un", "u.n"),
}


#: The time a live page's entry opens with (``16:04 GMT``, ``9:30 a.m. ET``).
_ENTRY_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|ET|EST|EDT|[ap]\.?m\.?)"
    r"(?:\s*(?:GMT|UTC|ET|EST|EDT))?(?![\w])"
)


def _free_speaker(
    art: _Article, speaker: str, after: str, a: int, b: int, others: dict[str, list[str]]
) -> str | None:
    """The speaker of the sentences between voiced sentences ``a`` and ``b`` (``speaker`` the
    last of ``a``, ``after`` the first of ``b``): ``speaker`` when they are one, at most six
    sentences apart, within one paragraph (and one entry of a live page: no time of day
    between), and the text between names neither another person nor the speaker; else None.
    ``others`` keeps the surname stems of the people other than each speaker."""
    if after != speaker or b - a - 1 > 6:
        return None
    lo, hi = art.sentences[a][1], art.sentences[b][0]
    gap = art.text[lo:hi]
    if "\n" in gap or _ENTRY_TIME_RE.search(gap):
        return None  # (another paragraph, or a live page's next entry: "11 Mar 2022 - 16:04 GMT")
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
    """The agency whose wire copy the whole text is (a dateline, a sign-off or a source line
    opening or closing the text, of another agency than the outlet), or ``""``."""
    for c in art.credits:
        if c.kind in ("sign_off",) and not c.self_credit:
            return c.agency
        if c.kind == "dateline" and art.outlet and not c.self_credit and c.agency:
            return c.agency
        if (
            c.kind == "source_line"
            and not c.self_credit
            and c.agency
            and (c.start < 3 or not art.text[c.end :].strip(" )\n."))
        ):
            return c.agency  # "(Source: Xinhua)" opening or closing the text
    return ""


_INTERVIEW_RE = re.compile(
    r"interview|told|telling|speaking to|spoke to|talking to|интервью|цитат", re.I
)


def _relays(
    art: _Article, frames: list[_Frame], quotes: list[_Statement], statements: list[_Statement]
) -> None:
    every = sorted([*statements, *[q for q in quotes if q.voice == "quote"]], key=lambda x: x.start)
    for st in every:
        # (an agency, or someone of it: "источник ТАСС")
        head, _, of = st.speaker.partition(" ")
        of = of if art.language == "ru" and _ru_parse(head)[0] in _RU_PEOPLE_OF else ""
        if st.speaker and (_agencies_match(st.speaker) or _agencies_match(of)):
            agency = _agency_name(of or st.speaker)
            if agency != art.outlet:
                st.relay = agency
    # a statement reported inside an agency's ("Axios said Berlin had urged ..."): the agency
    # relays it too
    ends = {f.end: f for f in frames if f.speaker and _agencies_match(f.speaker)}
    for st in every:
        f = st.frame
        if ends and f is not None and not st.relay:
            gap = art.text[max(0, f.start - 3) : f.start]
            outer = ends.get(f.start - len(gap) + len(gap.rstrip()))
            if (
                outer is not None
                and outer.sentence == f.sentence
                and _agency_name(outer.speaker) != art.outlet
            ):
                st.relay = _agency_name(outer.speaker)
    if not any(c.kind == "relay" and not c.self_credit for c in art.credits):
        return
    covers = _Covers([(f.start, f.end) for f in frames])
    # the statements of each sentence (by their first character), and those over a position
    # found by bisection: a long text's many credits each look at a few statements
    in_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(every):
        in_sentence.setdefault(art.sentence_of(st.start), []).append(i)
    starts = [st.start for st in every]
    reach = list(accumulate((st.end for st in every), max))

    def over(p: int) -> list[int]:
        i = bisect_right(starts, p) - 1
        found = []
        while i >= 0 and reach[i] > p:
            if every[i].end > p:
                found.append(i)
            i -= 1
        return found

    times: list[tuple[int, int]] | None = None
    for c in art.credits:
        if c.kind != "relay" or c.self_credit or art.in_quote(c.start) is not None:
            continue  # (a credit inside a quotation is the speaker's words: it relays nothing)
        s = art.sentence_of(c.start)
        here = [every[i] for i in sorted({*in_sentence.get(s, ()), *over(c.start)})]
        before = not here
        if before and s > 0:
            here = [every[i] for i in in_sentence.get(s - 1, ())]
        if not here:
            continue
        # (an interview's credit covers what its speaker says in it: only when the credit is
        # in the sentence of a statement of theirs, not one the sentence before holds)
        if not before and _INTERVIEW_RE.search(c.credit):
            speakers = {st.speaker for st in here}
            if times is None:  # (read once per text, when an interview's credit asks)
                times = [m.span() for m in _ENTRY_TIME_RE.finditer(art.text)]
            lo, hi = _block(times, len(art.text), c.start)
            for st in every:
                if st.speaker in speakers and not st.relay and lo <= st.start < hi:
                    st.relay = c.agency
            continue
        for st in here:
            if not st.relay:
                st.relay = c.agency
        # quotes that follow at once, of the same speaker, are the same statement
        last = max(here, key=lambda x: x.end)
        for st in every[bisect_left(starts, last.end) :]:
            if st.start < last.end or st.voice != "quote":
                continue
            if st.speaker == last.speaker and _adjacent(art.text, last.end, st.start, covers):
                st.relay = st.relay or c.agency
                last = st
            else:
                break


def _block(times: list[tuple[int, int]], n: int, p: int) -> tuple[int, int]:
    """The entry of a live page around ``p`` (from one time of day to the next: ``14 Apr 2022
    - 16:15 GMT``, the ``times`` of a text of ``n`` characters; three times or more make a live
    page), or the whole text: an interview's credit covers its speaker's words in the article,
    not those of another entry of a live page."""
    if len(times) < 3:  # (a time or two in an article's sentences make no live page)
        return 0, n
    k = bisect_right(times, (p, p))
    return (times[k - 1][1] if k else 0), (times[k][0] if k < len(times) else n)


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
