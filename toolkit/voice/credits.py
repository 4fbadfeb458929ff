"""Credits and datelines: the news organisations a text credits, one canonical name each."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import pandas as pd

from toolkit.engine import (
    Analysis,
    Document,
    Partial,
    column_dtypes,
    meta_columns,
    rows_frame,
    run,
)
from toolkit.util import word_trie
from toolkit.voice.cues import _agencies, _agency_name, _outlet_agency, load_cues
from toolkit.voice.quotes import _WORD_CHAR_RE
from toolkit.voice.records import CREDIT_FIELDS, Credit

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
        """An agency's name (in guillemets, quotation marks or none), as a group of its own."""
        return r"[«\"“]?(?P<agency" + str(next(counter)) + ">" + _agencies().pattern + r")[»\"”]?"

    # (a region after the place: "Ukraine", "Calif.", "N.M." in "SANTA FE, N.M. (AP)")
    region = rf"(?:{_TITLE}(?: {_TITLE})?|(?:[A-Z]\.){{2,3}})"
    place = rf"(?:{_CAPS}(?:[ \-]{_CAPS}){{0,3}}(?:,? {region})?)"
    tplace = rf"(?:{_TITLE}(?: {_TITLE}){{0,2}})"
    dash = r"(?:\s?(?:--|—|–|-))?"
    credit = rf"(?:\(\s?{a()}\)|/{a()}/\.?|\s(?:-|—|–)\s{a()}\.)"
    verbs_said = (
        r"(?:заявил|заявила|заявили|сказал|сказала|сказали|сообщил|сообщила|сообщили|"
        r"рассказал|рассказала|рассказали|отметил|отметила|пояснил|пояснила|добавил|добавила|"
        r"признался|признала|признал)"
    )
    # (an adjective may come first: "американскому телеканалу Fox News")
    media_ru = (
        r"(?:(?:[а-яё\-]+(?:ому|ему|ой|ей) )?"
        r"(?:агентству|газете|изданию|телеканалу|радиостанции|порталу|журналу) )?"
    )
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
        # "(Reuters/NAN)" after the last sentence, or the agency alone on the last line ("AFP")
        "sign_off": re.compile(
            rf"\((?P<agencies>{_agencies().pattern}(?:/{_agencies().pattern})*)\)\s*\Z"
            rf"|(?<=\n)[ \t]*(?P<line>{_agencies().pattern}(?:/{_agencies().pattern})*)\s*\Z"
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
        # "(Source: Xinhua)",
        # "Источник: белорусское госинформагентство БелТА" (the first source; the others of
        # the line, after a semicolon, are read by the caller)
        "source_line": re.compile(
            r"(?:^|(?<=[\n.!?] ))\(?(?:Source|Sources|Источник|Источники|Джерело|Fonte)\s?:\s?"
            rf"(?:[^\n:;,.]{{0,50}}?\s)??{a()}",
            re.M,
        ),
        "relay": re.compile(
            # the BelTA news agency quoted, RIA Novosti said, Russia's Interfax news agency reported
            rf"(?:the |[A-Z][\w]*['’]s )?{a()}{_MEDIA},? (?:has |had )?"
            r"(?:quoted|cited|reported|said|wrote|reports|says|writes|quotes|cites|citing|"
            r"learned|learnt)\b"
            # told CBS News, in an interview with X, according to a Reuters witness
            # (a sentence may begin with one: "In an interview with the BBC, ...")
            r"|(?:told|telling|said to|[Ss]peaking to|spoke to|[Tt]alking to"
            r"|[Ii]n (?:an|a|his|her|their|the) (?:\w+ ){0,2}interview (?:with|to)"
            r"|interviewed by|[Ii]n comments to|[Aa]ccording to"
            r"|[Aa]s (?:quoted|cited|reported) by|(?:quoted|cited|reported) by|[Cc]iting"
            r"|[Aa]s per)"
            r" (?:(?:a|an|the|his|her|their|[A-Z][\w\-]*['’]s|[a-zA-Z][\w\-]*) ){0,4}?"
            rf"{a()}{_MEDIA}"
            r"|(?:(?:Его|Ее|Её|Их) слова )?(?:передает|передаёт|сообщает|сообщило|сообщили|пишет|"
            r"пишут|цитирует|приводит|приводят|информирует|уточняет|опубликовал|опубликовала|"
            r"опубликовало|опубликовали)"
            # (a Telegram post's link on the verb: "[сообщает](https://...) Reuters")
            r"(?:\]\([^()\s]{1,400}\))?"
            r" (?:(?:[а-яё\-]+(?:ое|ая|ий|ый|ой|ие|ые) )?(?:газета|агентство|издание|телеканал|"
            r"радиостанция|портал|сайт|журнал|корреспондент|госагентство|информагентство|"
            rf"госинформагентство|телеграм-канал|Telegram-канал) )?{a()}"
            rf"|{verbs_said} (?:в интервью )?{media_ru}{a()}"
            rf"|[вВ] (?:[а-яё]+ом )?интервью {media_ru}{a()}"
            # "в эфире CBS News", "в эфире телеканала CNN", "в статье для Foreign Policy"
            rf"|в эфире (?:(?:телеканала|радиостанции|радио) )?{a()}"
            rf"|в (?:статье|колонке|материале) для (?:(?:газеты|издания|журнала) )?{a()}"
            rf"|(?:со )?ссылкой на (?:(?:агентство|газету|издание|телеканал) )?{a()}"
            # "цитирует Зурабишвили AFP", "цитирует фон дер Ляйен агентство AFP": whom it
            # quotes, then who quotes
            r"|(?:цитирует|цитируют|процитировал|процитировала|процитировало|процитировали)"
            r" (?:(?:(?:фон|дер|де|ван|аль) )*[А-ЯЁA-Z][\w\-]* ){1,3}"
            rf"(?:(?:агентство|газета|издание|телеканал) )?{a()}"
            rf"|\(?цитат[аы] по {a()}\)?"
        ),
        # an outlet the agencies' list does not name, known by the kind of outlet beside its
        # name: "he told Ukraine's Segodnya media outlet", "told the Handelsblatt newspaper",
        # "told Swedish news agency TT", "рассказал газете «Завтра»", "пишет издание «Страна»"
        # (the words before the kind and the name after it read by the caller)
        "relay_named": re.compile(
            r"(?:(?:told|telling|said to|[Ss]peaking to|spoke to|[Tt]alking to|[Ii]n comments to"
            r"|[Ii]n (?:an|a|his|her|their|the) (?:\w+ ){0,2}interview (?:with|to)|interviewed by"
            r"|[Aa]ccording to|(?:[Aa]s )?(?:quoted|cited|reported) by|[Cc]iting|[Aa]s per) "
            r"(?:the |[A-Z][\w\-]*['’]s )?"
            r"(?P<before>(?:[A-Z][\w&'’\-]*(?:\.[\w&'’\-]+)* ){0,4}?)(?:daily |weekly |online )?"
            r"(?:media outlet|news outlet|outlet|newspaper|news agency|news website|news site|"
            r"TV channel|television channel|TV station|radio station|broadcaster|daily|weekly|"
            r"magazine|tabloid)\b"
            r"(?: (?P<after>[A-Z][\w&'’\-]*(?:\.[\w&'’\-]+)*"
            r"(?: (?:della |de |di |del |du |der |des )?[A-Z][\w&'’\-]*(?:\.[\w&'’\-]+)*)"
            r"{0,3}(?: \d{1,3}\b)?))?"
            rf"|(?:{verbs_said}|передает|передаёт|сообщает|сообщило|пишет|цитирует|приводит) "
            r"(?:в интервью )?(?:газете|газета|изданию|издание|телеканалу|телеканал|"
            r"радиостанции|радиостанция|порталу|портал|журналу|журнал|агентству|агентство) "
            r"«(?P<name_ru>[^«»\n]{1,40})»)"
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
    "добавил", "признал", "интервью", "ссылкой на", "learned", "learnt", "опубликовал", "as per",
    "в эфире", "для",
)  # fmt: skip


#: ... as a trie (their plain alternation would be tried word by word at almost every character).
_RELAY_HINT_RE = re.compile(word_trie(_RELAY_HINTS))


def _outlet_named(m: re.Match[str]) -> tuple[str, int]:
    """The outlet a ``relay_named`` credit names, and where the credit ends: the name after the
    kind of outlet ("German broadcaster Deutsche Welle", "the TV channel Russia 1"), else the
    words before it, past the nationality they start with ("the Ukrainian Nash TV channel");
    ``("", 0)`` when neither is a name."""
    if m.group("name_ru"):
        return m.group("name_ru"), m.end()
    cues = load_cues("en")
    after = m.group("after")
    if after and after.split()[0] not in cues.nationalities:
        return after, m.end()  # ("Lebanese broadcaster LBC", "the TV channel Russia 1")
    words = m.group("before").split()
    while words and words[0] in cues.nationalities:
        words = words[1:]
    if words:
        return " ".join(words), m.start("after") - 1 if after else m.end()
    return "", 0


#: The last words of the kinds of outlet ``_credit_res()["relay_named"]`` needs in English
#: (looked for one by one with str.find: quicker than a pattern that may start at most letters)
#: and the Russian ones, which come before a name in guillemets.
_OUTLET_KINDS = ("outlet", "paper", "agency", "site", "channel", "station", "broadcaster",
                 "daily", "weekly", "magazine", "tabloid")  # fmt: skip
_RU_OUTLET_KIND_RE = re.compile(
    r"(?:газет|издани|телеканал|радиостанци|портал|журнал|агентств)[а-яё]{0,3} $"
)


def _kinds_of_outlet(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a kind of outlet (:data:`_OUTLET_KINDS`; a Russian one before
    ``«``), in text order."""
    found = []
    for word in _OUTLET_KINDS:
        at = text.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    at = text.find("«")
    while at >= 0:
        kind = _RU_OUTLET_KIND_RE.search(text, max(0, at - 16), at)
        if kind is not None:
            found.append(kind.span())
        at = text.find("«", at + 1)
    return sorted(found)


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
    forms, any capital (``Russia's``, an agency's name), the quotation marks that may open a
    name and the first character of every agency's name, as a trie: each alternative begins
    with a literal character, so that the engine skips to those characters instead of trying
    the alternatives at every one, and words with a common beginning are not tried one by
    one."""
    starts = {name[:1] for name in _agencies().names if name}
    starts |= {chr(c) for c in range(ord("A"), ord("Z") + 1)}
    starts |= {"«", '"', "“", "(", "the ", "told", "telling", "said to", "speaking to", "spoke to",
               "talking to", "in ", "interviewed by", "as ", "quoted by", "cited by",
               "reported by", "according to", "Его ", "Ее ", "Её ", "Их ", "передает",
               "передаёт", "сообщает", "сообщило", "сообщили", "пишет", "пишут", "цитирует",
               "приводит", "приводят", "информирует", "уточняет", "заявил", "сказал",
               "сообщил", "рассказал", "отметил", "пояснил", "добавил", "признал", "в ", "В ",
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
            written = sign.group("agencies") or sign.group("line")
            agencies = [names.get(a, a) for a in written.split("/")]
            start = sign.start() if sign.group("agencies") else sign.start("line")
            end = sign.start() + len(sign.group().rstrip())
            add(start, end, "; ".join(agencies), "sign_off")
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
    # an outlet the list does not name, tried around the words for kinds of outlet
    around: list[list[int]] = []
    for kind_start, kind_end in _kinds_of_outlet(text):
        lo, hi = max(0, kind_start - 140), min(n, kind_end + 50)
        if not _RELAY_HINT_RE.search(text, lo, kind_start):
            continue  # (no credit verb before the kind of outlet)
        if around and lo <= around[-1][1]:
            around[-1][1] = hi
        else:
            around.append([lo, hi])
    for lo, hi in around:
        for m in res["relay_named"].finditer(text, lo, hi):
            called, end = _outlet_named(m)
            if called and called not in names:  # (a known agency's credit is read above)
                relays.append((m.start(), end, called))
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
    ``toolkit/resources/voice/*.yaml``; an outlet they do not name is read from the kind of
    outlet beside its name (``told Ukraine's Segodnya media outlet``, ``told German broadcaster
    Deutsche Welle``, ``рассказал газете «Завтра»``), under the name the text gives it.

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
        missing), ``kind`` (``dateline``, ``relay``, ``source_line``, ``photo``, ``sign_off``
        (``(Reuters/NAN)`` after the last sentence, or an agency alone on the last line),
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
