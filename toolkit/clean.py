"""News text that tells the truth: boilerplate found and shown, datelines and wire credits.

Real news carries text that is not the article: an agency's dateline (``MINSK, May 18.
/TASS/.``), a broadcaster's footer in every article, "Read more" links, photo captions and
credits, and stock background paragraphs repeated word for word. Counted as words, they make an
outlet's name its top key word and a footer its rhetoric. Most exports store an article on one
line, so nothing here relies on line breaks alone. Nothing here deletes text silently:

* :func:`find_boilerplate` lists the passages that recur within a group (paragraphs, or
  sentences and blocks of sentences in one-line texts), with their counts, where in the article
  they sit, and whether they are furniture (footers, links, captions, bylines) or news (stock
  background paragraphs), so a researcher sees them before deciding;
* :func:`find_furniture` lists every dateline, credit, caption and footer the packaged rules
  (``toolkit/resources/boilerplate.yaml``) find in each article, wherever it sits;
* :func:`strip_boilerplate` removes those and the passages chosen, wherever they sit, and keeps
  the original text, what was removed and the wire credit beside the cleaned text;
* :func:`tag_wire_copy` names the agency credited in each article's dateline or closing credit,
  so that one wire item republished by five outlets is not read as five voices;
* :func:`tag_language` detects each article's language offline, so that Russian and English
  articles are analysed each with what suits them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from hashlib import blake2b
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, NamedTuple

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
from toolkit.errors import ToolkitError
from toolkit.text import DETECT_CHARS, detect_languages, sentence_spans, token_re
from toolkit.text import warm_up as warm_sentences
from toolkit.util import (
    By,
    as_list,
    check_count,
    check_group_names,
    progress_bar,
    wants_progress,
    warn_user,
    word_trie,
)

__all__ = [
    "BOILERPLATE_COLUMNS",
    "CREDIT_COLUMNS",
    "BoilerplateRules",
    "Rule",
    "find_boilerplate",
    "find_furniture",
    "load_boilerplate_rules",
    "strip_boilerplate",
    "tag_language",
    "tag_wire_copy",
]

#: The columns of a find_boilerplate() table after the ``by`` columns.
BOILERPLATE_COLUMNS = [
    "passage",
    "n_docs",
    "share",
    "position",
    "n_tokens",
    "unit",
    "n_units",
    "kind",
    "cue",
]
#: The columns of a find_furniture() table after ``doc_id`` and the ``meta`` columns.
CREDIT_COLUMNS = ["kind", "agency", "match", "start", "end", "stripped", "rule"]
Unit = Literal["auto", "paragraph", "sentence"]

#: A group is read by paragraphs (``unit="auto"``) when at most this share of its texts are a
#: single paragraph, else by sentences; past :data:`_FLAT_WARN`, ``unit="paragraph"`` warns that
#: it finds little.
_FLAT_SHARE = 0.2
_FLAT_WARN = 0.9
#: Two recurring units that follow each other form one block when they do so in at least this
#: share of the articles of the more frequent of the two.
_COHESION = 0.8

# ---------------------------------------------------------------------------------------------
# Rules: data in toolkit/resources/boilerplate.yaml


@dataclass(frozen=True)
class Rule:
    """One compiled boilerplate rule (see ``toolkit/resources/boilerplate.yaml``)."""

    name: str
    section: str
    kind: str
    pattern: re.Pattern[str]
    #: The agency credited: a name, ``"auto"`` (the agencies the match names) or None.
    agency: str | None
    strip: bool
    wire: bool
    max_chars: int
    hints: tuple[str, ...] = ()
    caption: bool = False
    #: Kinds of span a match must follow (only white space between), or come first in the text.
    after: tuple[str, ...] = ()
    #: Where a match may sit: anywhere, end, start or line.
    at: str = "anywhere"
    #: A relay that names the agency it credits ({agency}): tried around the agencies' names.
    needs_agency: bool = False


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate rules: the rules in the order they are tried, the names of news
    agencies (written form, canonical name), and the cues that mark a recurring passage as
    furniture."""

    rules: tuple[Rule, ...] = ()
    agencies: tuple[tuple[str, str], ...] = ()
    furniture: tuple[tuple[str, re.Pattern[str]], ...] = ()
    imperatives: frozenset[str] = frozenset()
    #: Any agency's name, as a whole word (None without agencies).
    agency_re: re.Pattern[str] | None = field(default=None, compare=False)
    #: Any agency's name, inside words too (fast: where the {agency} rules are tried).
    agency_find: re.Pattern[str] | None = field(default=None, compare=False)
    #: Every rule's hints at once, and for each hint the hints inside it with their offsets
    #: (found where it is found).
    hint_find: re.Pattern[str] | None = field(default=None, compare=False)
    hint_parts: Mapping[str, tuple[tuple[str, int], ...]] = field(
        default_factory=dict, compare=False
    )

    def section(self, name: str) -> tuple[Rule, ...]:
        """The rules of one section of the rules file (``"datelines"``, ``"credits"``, ...)."""
        return tuple(rule for rule in self.rules if rule.section == name)


#: The sections of a rules file, in the order their rules are tried, with their defaults:
#: kind, where a match may sit, whether strip_boilerplate removes it, whether it names the
#: agency whose copy the whole text is, and the longest match kept.
_SECTIONS: dict[str, tuple[str, str, bool, bool, int]] = {
    "footers": ("footer", "anywhere", True, False, 3000),
    "captions": ("caption", "anywhere", True, False, 600),
    "datelines": ("dateline", "anywhere", True, True, 140),
    "credits": ("sign_off", "end", True, True, 200),
    "lines": ("line", "line", True, False, 300),
    "links": ("link", "anywhere", True, False, 250),
    "relays": ("relay", "anywhere", False, False, 160),
}
_OTHER_KEYS = {"agencies", "furniture", "imperatives"}
_RULE_KEYS = {"name", "pattern", "agency", "kind", "at", "strip", "wire", "hint", "max_chars",
              "caption", "after"}  # fmt: skip

# a word of a place in capitals: not an agency or an acronym that ends the headline or the
# sentence before the dateline, and a period only in ST. PETERSBURG, С.-ПЕТЕРБУРГ and the like
# (so that "... the EU. MOSCOW (AP) —" leaves the EU's sentence alone)
_CAPS_WORD = (
    r"(?!(?:TASS|ТАСС|REUTERS|XINHUA|AFP|NATO|НАТО|EU|ЕС|UN|ООН|US|USA|США|UK|CSTO|ОДКБ|PHOTO|"
    r"FILE|VIDEO)(?![\w'’\-]))(?:(?:ST|FT|MT|С)\.|[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]*[A-ZА-ЯЁ])"
)
_TITLE_WORD = r"[A-ZА-ЯЁ][\w'’.\-]*"
_REGION = r"[A-ZА-ЯЁ][\w.'’\-]*(?:[ /][A-ZА-ЯЁ][\w.'’\-]*){0,2}"
_EN_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_NOT_A_DATE = rf"(?!{_EN_MONTH} \d)"
_MACROS = {
    "{PLACE}": rf"{_CAPS_WORD}(?:[ /\-]{_CAPS_WORD}){{0,3}}(?:,? {_REGION}){{0,2}}",
    "{Place}": rf"{_TITLE_WORD}(?: {_TITLE_WORD}){{0,3}}",
    "{DATE}": (
        rf"(?:{_EN_MONTH} \d{{1,2}}|\d{{1,2}} {_EN_MONTH}"
        r"|\d{1,2} (?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?"
        r"|\d{1,2} (?:ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)[a-z]*\.?)(?:,? 20\d\d)?"
    ),
    "{DASH}": r"(?:-{1,2}|[–—])",
    "{AFTER}": (
        r"(?:(?<![\s\S])|(?<=\n)|(?<=[.!?…\"”»’)\]] )|(?<=[.!?…\"”»’)\]]  )"
        r"|(?<=[.!?…\"”»’)\]]\xa0))"
    ),
    "{Name}": (
        r"[A-ZА-ЯЁ][a-zа-яё][\w'’.\-]*"
        rf"(?: {_NOT_A_DATE}(?:[A-ZА-ЯЁ][a-zа-яё][\w'’.\-]*|[A-Z]\.|de|van|von|al|bin|da|du|la|le))"
        r"{0,3}"
    ),
}


def _compile(pattern: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern), flags)
    except re.error as exc:
        raise ToolkitError(
            f"Boilerplate rule {pattern!r} ({where}) is not a valid regex: {exc}."
        ) from None


def _agency_names(data: Any, where: str) -> tuple[tuple[str, str], ...]:
    if data is None:
        return ()
    if not isinstance(data, Mapping) or not all(
        isinstance(v, (list, tuple)) and all(isinstance(n, str) for n in v) for v in data.values()
    ):
        raise ToolkitError(
            f"'agencies' in {where} must map each agency to a list of the ways texts write it, "
            "e.g. {TASS: [TASS, ТАСС]}."
        )
    pairs = [(str(name), str(canonical)) for canonical, names in data.items() for name in names]
    pairs += [(str(canonical), str(canonical)) for canonical in data]
    return tuple(dict.fromkeys(pairs))


def _agency_regex(agencies: tuple[tuple[str, str], ...]) -> str:
    return f"(?:{word_trie(name for name, _ in agencies)})" if agencies else r"(?!)"


def _rules_from(data: Any, where: str) -> BoilerplateRules:
    if not isinstance(data, Mapping) or not set(data) <= set(_SECTIONS) | _OTHER_KEYS:
        raise ToolkitError(
            f"{where} must map sections ({', '.join([*_SECTIONS, *sorted(_OTHER_KEYS)])}) to "
            "rules, like the packaged toolkit/resources/boilerplate.yaml."
        )
    agencies = _agency_names(data.get("agencies"), where)
    names = _agency_regex(agencies)
    macros = {**_MACROS, "{agency}": names}

    def expand(pattern: str) -> str:
        for macro, value in macros.items():
            pattern = pattern.replace(macro, value)
        return pattern

    rules = []
    for section, (kind, at, strip, wire, max_chars) in _SECTIONS.items():
        for i, raw in enumerate(data.get(section) or ()):
            spec = {"pattern": raw} if isinstance(raw, str) else raw
            if not isinstance(spec, Mapping) or "pattern" not in spec:
                raise ToolkitError(
                    f"Each {section} rule in {where} needs a pattern"
                    + (" and an agency" if section == "datelines" else "")
                    + f"; got {raw!r}."
                )
            if section in ("datelines", "credits") and "agency" not in spec:
                raise ToolkitError(
                    f"Each {section} rule in {where} needs an agency and a pattern "
                    f"(agency: auto names the agencies the match names); got {raw!r}."
                )
            unknown = set(spec) - _RULE_KEYS
            if unknown:
                raise ToolkitError(
                    f"A {section} rule in {where} has keys {sorted(unknown)} that rules do not "
                    f"have (they have {sorted(_RULE_KEYS)})."
                )
            body = expand(str(spec["pattern"]))
            # (a relay credits an agency it names: it is only tried around the agencies' names)
            needs_agency = section == "relays" and "{agency}" in str(spec["pattern"])
            place = spec.get("at", at)
            if place == "anywhere":
                pattern = rf"(?<![^\s_*])(?:{body})" if section == "datelines" else body
            elif place == "end":
                pattern = rf"(?:{body})(?=[\s_*]*\Z)"
            elif place == "start":
                pattern = rf"\A[\s_*]*(?:{body})"
            elif place == "line":
                pattern = rf"(?m)^[ \t]*(?:{body})[ \t]*$"
            else:
                raise ToolkitError(
                    f"A {section} rule in {where} has at: {place!r}; use anywhere, end, start or "
                    "line."
                )
            hints = spec.get("hint") or ()
            after = spec.get("after") or ()
            rules.append(
                Rule(
                    name=str(spec.get("name") or f"{section}[{i}]"),
                    section=section,
                    kind=str(spec.get("kind") or kind),
                    pattern=_compile(pattern, where),
                    agency=None if spec.get("agency") is None else str(spec["agency"]),
                    strip=bool(spec.get("strip", strip)),
                    wire=bool(spec.get("wire", wire)),
                    max_chars=int(spec.get("max_chars", max_chars)),
                    hints=(hints,) if isinstance(hints, str) else tuple(map(str, hints)),
                    caption=bool(spec.get("caption", False)),
                    after=(after,) if isinstance(after, str) else tuple(map(str, after)),
                    at=str(place),
                    needs_agency=needs_agency,
                )
            )
    furniture = []
    for cue in data.get("furniture") or ():
        if not isinstance(cue, Mapping) or not {"cue", "pattern"} <= set(cue):
            raise ToolkitError(f"Each furniture cue in {where} needs a cue (label) and a pattern.")
        furniture.append((str(cue["cue"]), _compile(cue["pattern"], where, re.IGNORECASE)))
    every_hint = {hint for rule in rules for hint in rule.hints if hint}
    return BoilerplateRules(
        rules=tuple(rules),
        agencies=agencies,
        furniture=tuple(furniture),
        imperatives=frozenset(str(w).lower() for w in data.get("imperatives") or ()),
        agency_re=re.compile(rf"(?<![\w])(?:{names})(?![\w])") if agencies else None,
        agency_find=re.compile(names) if agencies else None,
        hint_find=re.compile(word_trie(every_hint)) if every_hint else None,
        hint_parts={
            h: tuple((p, i) for p in every_hint for i in range(len(h)) if h.startswith(p, i))
            for h in every_hint
        },
    )


@cache
def _default_rules() -> BoilerplateRules:
    import yaml

    raw = resources.files("toolkit.resources").joinpath("boilerplate.yaml").read_text("utf-8")
    return _rules_from(yaml.safe_load(raw), "toolkit/resources/boilerplate.yaml")


def load_boilerplate_rules(
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
) -> BoilerplateRules:
    """The boilerplate rules: the packaged ones (``"default"``), none (``None``), a YAML file or a
    mapping of the packaged file's shape (``toolkit/resources/boilerplate.yaml`` describes it).

    Examples
    --------
    >>> rules = load_boilerplate_rules()
    >>> sorted({rule.agency for rule in rules.section("datelines")})[:5]
    ['AFP', 'AP', 'BBC Monitoring', 'BelTA', 'CNN']
    >>> [rule.name for rule in rules.section("captions")][:3]
    ['ap-photo', 'reuters-photo', 'reuters-via']
    """
    if isinstance(rules, BoilerplateRules):
        return rules
    if rules is None:
        return BoilerplateRules()
    if isinstance(rules, str) and rules == "default":
        return _default_rules()
    if isinstance(rules, Mapping):
        return _rules_from(rules, "rules=")
    import yaml

    path = Path(rules).expanduser()
    if not path.is_file():
        raise ToolkitError(
            f"rules={str(rules)!r} is neither 'default', None nor a YAML file of boilerplate "
            "rules (see toolkit/resources/boilerplate.yaml for the shape)."
        )
    return _rules_from(yaml.safe_load(path.read_text("utf-8")), str(path))


# ---------------------------------------------------------------------------------------------
# Datelines, credits, captions and footers: spans of one text


class _Span(NamedTuple):
    start: int
    end: int
    rule: Rule
    agency: str | None


def _agency_of(rule: Rule, matched: str, rules: BoilerplateRules) -> str | None:
    if rule.agency != "auto":
        return rule.agency
    if rules.agency_re is None:
        return None
    canonical = dict(rules.agencies)
    named = dict.fromkeys(canonical[m.group()] for m in rules.agency_re.finditer(matched))
    return "; ".join(named) or None


_CAPTION_START_RE = re.compile(
    r"(?:FILE(?: PHOTO)?\s*[-–—:]|File photo|Photo taken|Photo shows|Picture taken|Pictured|"
    r"In this (?:photo|image|picture)|This (?:photo|image|picture))"
)
# a caption ends with the year its picture was taken, or says it is a (file) photo
_CAPTION_END_RE = re.compile(
    r"(?:\b(?:19|20)\d\d|\bin this (?:file |handout )?(?:photo|picture|image|photograph))\W{0,3}$"
)
_LEAD_CAPTION = 450


def _caption_start(text: str, start: int) -> int:
    """Where the caption that a photo credit at ``start`` closes begins: the start of the one or
    two sentences just before the credit that read as a caption (they end with the year the
    picture was taken, or begin like a caption: ``FILE -``, ``Photo taken on``), or the start of
    the text when the credit follows one sentence of at most 450 characters that opens the
    text; else ``start`` itself (only the credit goes)."""
    head = text[:start]
    if not head.strip():
        return start
    lead = len(head) - len(head.lstrip())
    if len(head.strip()) <= _LEAD_CAPTION and sum(1 for _ in sentence_spans(head)) == 1:
        return lead
    window = max(0, start - 700)
    spans = list(sentence_spans(text[window:start]))
    new_start = start
    for taken, (s, e) in enumerate(reversed(spans)):
        sentence = text[window + s : window + e]
        adjacent = not text[window + e : new_start].strip()
        caption_like = _CAPTION_END_RE.search(sentence) or _CAPTION_START_RE.match(sentence)
        if taken == 2 or not adjacent or not caption_like or len(sentence) > 350:
            break
        new_start = window + s
    return new_start


#: Characters a window reaches past the longest match, for the lookaheads after a match.
_MARGIN = 60


def _windows(
    text: str, rule: Rule, places: Mapping[str, list[int]], mentions: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The stretches of ``text`` a rule is tried on: its tail for a rule that ends the text;
    around its hints (every match contains one) or the agencies' names (for a rule that names
    one): a match is at most ``max_chars`` long, so it lies within that distance of them; else
    all of it."""
    if rule.at == "end":
        tail = len(text.rstrip(" \t\r\n_*"))
        return [(max(0, tail - rule.max_chars - 2), len(text))]
    if rule.hints:
        spots = sorted((p, p + len(h)) for h in rule.hints for p in places.get(h, ()))
    elif rule.needs_agency:
        spots = mentions
    else:
        return [(0, len(text))]
    reach = rule.max_chars
    windows: list[tuple[int, int]] = []
    for start, end in spots:
        lo, hi = max(0, start - reach), min(len(text), end + reach + _MARGIN)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


class _Found:
    """The spans found in one text so far: sorted by start, none overlapping."""

    def __init__(self) -> None:
        self.spans: list[_Span] = []
        self.starts: list[int] = []

    def before(self, start: int) -> _Span | None:
        """The span that starts last at or before ``start``."""
        i = bisect_right(self.starts, start)
        return self.spans[i - 1] if i else None

    def clash(self, start: int, end: int) -> _Span | None:
        """A span that overlaps ``[start, end)``, if any (its neighbours are the only ones that
        can)."""
        i = bisect_right(self.starts, start)
        if i and self.spans[i - 1].end > start:
            return self.spans[i - 1]
        if i < len(self.spans) and self.spans[i].start < end:
            return self.spans[i]
        return None

    def add(self, span: _Span) -> None:
        i = bisect_right(self.starts, span.start)
        self.starts.insert(i, span.start)
        self.spans.insert(i, span)


def _spans(text: str, rules: BoilerplateRules, *, strip_only: bool = False) -> list[_Span]:
    """The spans of ``text`` the rules find, in text order: each rule in turn, a match that
    overlaps a span found before it tried again after that span, a match longer than its rule
    allows dropped."""
    found = _Found()
    places: dict[str, list[int]] = {}
    if rules.hint_find is not None:
        parts, search = rules.hint_parts, rules.hint_find.search
        match = search(text)
        while match is not None:  # (each place a hint starts: hints may overlap)
            for hint, offset in parts[match.group()]:
                places.setdefault(hint, []).append(match.start() + offset)
            match = search(text, match.start() + 1)
    mentions: list[tuple[int, int]] | None = None
    flat = "\n" not in text
    for rule in rules.rules:
        if strip_only and not rule.strip:
            continue
        if rule.hints and not any(hint in places for hint in rule.hints):
            continue
        if rule.needs_agency and mentions is None:
            finder = rules.agency_find
            mentions = [m.span() for m in finder.finditer(text)] if finder is not None else []
        if rule.at == "line" and flat:  # a one-line text is one line: it can only match whole
            _search(text, rule, rules, 0, len(text), found, anchored=True)
            continue
        for lo, hi in _windows(text, rule, places, mentions or []):
            _search(text, rule, rules, lo, hi, found)
    return found.spans


def _search(
    text: str,
    rule: Rule,
    rules: BoilerplateRules,
    pos: int,
    endpos: int,
    found: _Found,
    *,
    anchored: bool = False,
) -> None:
    """Add the matches of ``rule`` in ``text[pos:endpos]`` to ``found`` (see :func:`_spans`);
    ``anchored``: only a match at ``pos``."""
    while pos <= endpos:
        match = (rule.pattern.match if anchored else rule.pattern.search)(text, pos, endpos)
        if anchored:
            endpos = -1  # (one try)
        if match is None:
            return
        start, end = match.span()
        pos = end if end > start else end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        credit = text[start:end]
        clash = found.clash(start, end)
        if clash is not None:
            if clash.start <= match.start() < clash.end:
                pos = clash.end  # (a match that began inside an earlier span: look after it)
            continue
        previous = found.before(start)
        if rule.caption:  # the caption before the credit, up to the span found before it
            start = max(_caption_start(text, start), previous.end if previous else 0)
            while text[start].isspace():
                start += 1
        if end - start > rule.max_chars:
            continue
        if rule.after and text[:start].strip():  # right after a span of those kinds
            if previous is None or previous.rule.kind not in rule.after:
                continue
            if text[previous.end : start].strip():
                continue
        found.add(_Span(start, end, rule, _agency_of(rule, credit, rules)))


def _wire(spans: list[_Span]) -> str | None:
    """The agency whose copy the text is: that of its first dateline, else of its last closing
    credit (None when neither names one)."""
    for span in spans:
        if span.rule.wire and span.rule.kind == "dateline" and span.agency:
            return span.agency
    for span in reversed(spans):
        if span.rule.wire and span.agency:
            return span.agency
    return None


def find_furniture(
    corpus: pd.DataFrame,
    *,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
    meta: str | Sequence[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every dateline, credit, photo caption, footer and link line the rules find, wherever it
    sits in the article: after a headline or a standfirst, inside a sentence, at the end.

    These are the spans :func:`strip_boilerplate` removes (``stripped``) or reads for the wire
    credit, listed so they can be checked before anything goes. Credits inside a sentence
    (``передает ТАСС``, ``told the BBC``, ``according to Reuters``) are found and kept: they are
    the sentence's words.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (or chunks, or a Dask DataFrame).
    rules : "default", None, YAML path or mapping, default "default"
        The packaged rules (``toolkit/resources/boilerplate.yaml``), none, or your own file of
        the same shape.
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default ``source, published,
        url``).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per span, in corpus and text order: ``doc_id`` and the ``meta`` columns;
        ``kind`` (``dateline``; ``sign_off``, a closing credit of the whole text; ``relay``, a
        credit inside a sentence; ``contribution``, an agency that contributed; ``correspondent``;
        ``note``, an editorial note such as ``(in Europe - TASS)``; ``caption``, a photo caption
        and its credit; ``footer``; ``byline``; ``link``; ``line``; ``disclaimer``);
        ``agency`` (the news organisation credited, missing for none: several are joined with
        ``"; "``); ``match`` (the text, as written); ``start`` and ``end`` (character offsets into
        ``text``: ``text[start:end] == match``); ``stripped`` (whether
        :func:`strip_boilerplate` removes it); ``rule`` (the name of the rule that found it).

    Examples
    --------
    >>> import toolkit
    >>> corpus = pd.DataFrame({"source": ["Herald"], "text": [  # synthetic
    ...     "Grain deal signed Exports resume IGORA /Leningrad Region/, December 26. /TASS/. "
    ...     "The deal was signed, передает ТАСС. Talks go on. (Reuters/NAN)"]})
    >>> found = find_furniture(toolkit.read_corpus(corpus))
    >>> found[["kind", "agency", "start", "end", "stripped"]]
           kind        agency  start  end  stripped
    0  dateline          TASS     33   79      True
    1     relay          TASS    101  114     False
    2  sign_off  Reuters; NAN    129  142      True
    >>> found["match"].tolist()[:2]
    ['IGORA /Leningrad Region/, December 26. /TASS/.', 'передает ТАСС']
    """
    compiled = load_boilerplate_rules(rules)
    carried = meta_columns(meta, corpus, reserved=CREDIT_COLUMNS)

    def step(doc: Document) -> Partial:
        text = doc.text
        rows = [
            (doc.position, *doc.meta, s.rule.kind, s.agency, text[s.start : s.end], s.start,
             s.end, s.rule.strip, s.rule.name)
            for s in _spans(text, compiled)
        ]  # fmt: skip
        return {"rows": rows} if rows else {}

    def finish(total: Partial) -> pd.DataFrame:
        types = {**dtypes, "kind": "str", "match": "str", "start": "int64", "end": "int64",
                 "stripped": "bool", "rule": "str"}  # fmt: skip
        table = rows_frame(total.get("rows", []), [*carried, *CREDIT_COLUMNS], types)
        table["agency"] = table["agency"].astype(object)
        return table

    dtypes = column_dtypes(corpus, carried)
    analysis = Analysis("find_furniture", step, finish, meta=carried, warm_up=warm_sentences)
    return run(analysis, corpus, progress=progress)


# ---------------------------------------------------------------------------------------------
# Recurring passages


def _fold(text: str) -> str:
    return " ".join(text.split())


def _digest(passage: str) -> bytes:
    """A stable 8-byte digest of a passage (the same in every process, unlike ``hash``)."""
    return blake2b(passage.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _units(text: str, unit: str) -> list[str]:
    """The paragraphs (lines) or sentences of ``text``, white space folded, empty ones left
    out."""
    if unit == "paragraph":
        pieces: Iterable[str] = text.splitlines()
    else:
        pieces = (text[start:end] for start, end in sentence_spans(text))
    return [p for p in map(_fold, pieces) if p]


_WORDY_RE = re.compile(r"[^\W_]")
#: Cues read from a passage's shape alone: a block is furniture by them only when they cover
#: half of it, and they name it only when no other cue does.
_WEAK_CUES = frozenset({"fragment", "no finite verb", "no words"})
_PUNCT_END = tuple(".!?…\"”»’'")
_EN_FINITE = frozenset(
    re.findall(
        r"\w+",
        "is are was were am has have had do does did will would shall should can could may "
        "might must says said tells told asks asked calls called reports reported makes made "
        "takes took gives gave goes went comes came gets got sees saw knows knew thinks thought "
        "wants wanted needs needed remains remained becomes became seems seemed holds held "
        "keeps kept leaves left means meant puts put runs ran sets set shows showed stands stood",
    )
)
_RU_FINITE_RE = re.compile(
    r"(?:л|ла|ло|ли|лся|лась|лось|лись|ет|ют|ут|ит|ят|ется|ются|ится|ятся|ем|им|ешь|ишь)$"
)


def _has_finite_verb(words: list[str]) -> bool:
    """Whether a passage's words include a finite verb, by shape: an English auxiliary or common
    verb, a word in -ed, or a Russian word with a verb's ending (past tense, present tense).
    Words in other scripts or languages are given the benefit of the doubt."""
    for word in words:
        low = word.lower()
        if low in _EN_FINITE or (len(low) > 4 and low.endswith("ed")):
            return True
        if len(low) > 3 and not low.isascii() and _RU_FINITE_RE.search(low):
            return True
    return not any(word.isascii() or re.search("[а-яё]", word.lower()) for word in words)


def _classify_unit(passage: str, rules: BoilerplateRules) -> str | None:
    """The furniture cue a unit (one paragraph or sentence) shows, or None for news: the kind of
    the credit rules' spans when they cover half of it, a ``furniture`` cue of the rules, a call
    to action (a short passage that opens with an imperative such as "Follow"), or its shape:
    a fragment (under four words, or under eight without a closing mark) or no finite verb."""
    spans = _spans(passage, rules, strip_only=True)
    if sum(s.end - s.start for s in spans) * 2 >= len(passage):
        return Counter(s.rule.kind for s in spans).most_common(1)[0][0]
    for cue, pattern in rules.furniture:
        if pattern.search(passage):
            return cue
    words = token_re(passage).findall(passage)
    if not words:
        return "no words"
    if words[0].lower() in rules.imperatives and len(words) <= 25:
        return "call to action"
    end = passage.rstrip("*_ ")
    if len(words) < 4 and not end.endswith(("!", "?")):
        return "fragment"
    if len(words) < 8 and not end.endswith(_PUNCT_END):
        return "fragment"
    if not _has_finite_verb(words):
        return "no finite verb"
    return None


def _classify(units: Sequence[str], rules: BoilerplateRules) -> tuple[str, str]:
    """A passage's kind (``furniture`` or ``news``) and cue, from those of its units: furniture
    when one of its units shows a cue of the rules (a credit, a link, a disclaimer ...), or when
    units that read as furniture by their shape alone (fragments, no finite verb) hold at least
    half of its characters."""
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for unit in units:
        cue = _classify_unit(unit, rules)
        if cue is not None:
            (weak if cue in _WEAK_CUES else strong)[cue] += len(unit)
    if strong:
        return "furniture", strong.most_common(1)[0][0]
    if weak and sum(weak.values()) * 2 >= sum(map(len, units)):
        return "furniture", weak.most_common(1)[0][0]
    return "news", ""


def _position(first: int, last: int, n: int) -> str:
    if first == 0 and last == n - 1:
        return "whole"
    return "start" if first == 0 else "end" if last == n - 1 else "middle"


def find_boilerplate(
    corpus: pd.DataFrame,
    *,
    by: By = "source",
    unit: Unit = "auto",
    min_docs: int = 5,
    min_share: float = 0.02,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Passages that recur word for word in many articles of a group: footers, stock paragraphs.

    Each article is cut into units, paragraphs (lines) or sentences, white space folded. A unit
    that recurs in enough articles of its group is boilerplate; units that recur one after
    the other (a footer of four sentences, a stock paragraph in a one-line text) form one
    passage, a block, with its own count. A passage counts once per article. Recurring passages
    are rhetoric too (a stock background paragraph is a message), but they are one repeated
    text, not independent uses of its words: read this table before comparing groups, and remove
    what is not the article with :func:`strip_boilerplate` (``passages=``), e.g. the furniture:
    ``found[found["kind"] == "furniture"]``.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (or chunks, or a Dask DataFrame).
    by : str or list of str, default "source"
        Look for passages within each group (an outlet's footer is its own); None: the corpus.
    unit : {"auto", "paragraph", "sentence"}, default "auto"
        What a unit is. ``"auto"`` decides per group: paragraphs where the group's texts have
        them (at least 80% of its texts have more than one line), sentences otherwise (exports
        that join an article's paragraphs on one line; sentences also end at line breaks, and
        a paragraph that recurs is found as a block of sentences). ``"paragraph"`` warns
        (CorpusWarning) for a group whose texts are nearly all one paragraph, where it can find
        only whole repeated articles.
    min_docs : int, default 5
        Keep passages found in at least this many articles of the group ...
    min_share : float, default 0.02
        ... and in at least this share of them.
    rules : "default", None, YAML path or mapping, default "default"
        The rules that tell furniture from news (the credit rules and the ``furniture`` cues of
        ``toolkit/resources/boilerplate.yaml``).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group and recurring passage, most frequent first within each group: the
        ``by`` columns; ``passage`` (its units joined by a space, or a line break for
        paragraphs); ``n_docs`` (articles of the group where it recurs as this passage: a unit
        counted inside a longer block is not counted again on its own); ``share`` (``n_docs`` /
        the group's articles); ``position`` (where it most often sits: ``start`` when it begins
        the article, ``end`` when it ends it, ``whole`` both, ``middle`` neither); ``n_tokens``
        (its length in tokens); ``unit`` (``paragraph`` or ``sentence``: what the group was cut
        into); ``n_units`` (how many paragraphs or sentences the passage spans); ``kind``
        (``furniture``: not news, such as footers, links and subscribe lines, photo captions and
        credits, copyright lines, bylines, datelines, "Read more"; ``news``: full sentences of
        reporting, such as a stock background paragraph); ``cue`` (what made it furniture:
        ``link``, ``copyright``, ``caption``, ``byline``, ``disclaimer``, ``editorial note``,
        ``call to action``, ``footer``, a credit kind such as ``dateline``, ``fragment``, ``no
        finite verb``, ``among furniture`` (news-like but always between furniture); "" for
        news). Passages without a word (``**``) are left out.

    Examples
    --------
    >>> corpus = pd.DataFrame({  # synthetic, one line per article
    ...     "source": ["BBC"] * 3 + ["RT"] * 2,
    ...     "text": ["Talks resumed. The BBC is not responsible for the content of external sites.",
    ...              "Grain deal. The BBC is not responsible for the content of external sites.",
    ...              "Budget vote.", "Sanctions bite. Read us on Telegram.", "Trade up."]})
    >>> table = find_boilerplate(corpus, min_docs=2)
    >>> table.loc[0, "passage"]
    'The BBC is not responsible for the content of external sites.'
    >>> table[["source", "n_docs", "share", "position", "unit", "kind", "cue"]].round(3)
      source  n_docs  share position      unit       kind   cue
    0    BBC       2  0.667      end  sentence  furniture  line
    """
    by_cols = as_list(by)
    check_group_names(by_cols, BOILERPLATE_COLUMNS, func="find_boilerplate")
    min_docs = check_count("min_docs", min_docs, 1)
    if unit not in ("auto", "paragraph", "sentence"):
        raise ToolkitError(f"unit must be 'auto', 'paragraph' or 'sentence', got {unit!r}.")
    if not 0 <= float(min_share) <= 1:
        raise ToolkitError(f"min_share must be a share between 0 and 1, got {min_share!r}.")
    compiled = load_boilerplate_rules(rules)
    wanted = ("paragraph", "sentence") if unit == "auto" else (unit,)

    def step(doc: Document) -> Partial:
        part: Partial = {("docs", doc.key): 1}
        lines = sum(1 for line in doc.text.splitlines() if line.strip())
        if lines <= 1:
            part[("flat", doc.key)] = 1
        sequences = []
        for kind in wanted:
            pieces = _units(doc.text, kind)
            part[kind] = Counter((doc.key, p) for p in dict.fromkeys(pieces))
            sequences.append(b"".join(map(_digest, pieces)))
        part["sequences"] = [(doc.position, doc.key, *sequences)]
        return part

    def finish(total: Partial) -> pd.DataFrame:
        groups = [k[1] for k in total if isinstance(k, tuple) and k[0] == "docs"]
        chosen: dict[Any, str] = {}
        flat_groups = []
        for key in groups:
            flat = total.get(("flat", key), 0) / total[("docs", key)]
            if unit == "auto":
                chosen[key] = "sentence" if flat > _FLAT_SHARE else "paragraph"
            else:
                chosen[key] = unit
                if unit == "paragraph" and flat >= _FLAT_WARN and total[("docs", key)] >= min_docs:
                    flat_groups.append(f"{', '.join(map(str, key)) or 'the corpus'} {flat:.0%}")
        if flat_groups:
            warn_user(
                f"find_boilerplate: the texts of {len(flat_groups)} group(s) are nearly all a "
                f"single paragraph (one line): {'; '.join(sorted(flat_groups))}. Paragraphs can "
                "only find whole repeated articles there: use unit='auto' (the default) or "
                "unit='sentence'."
            )
        rows = _recurring_rows(total, chosen, wanted, min_docs, float(min_share), compiled)
        table = pd.DataFrame(rows, columns=[*by_cols, *BOILERPLATE_COLUMNS])
        table = table.astype({"n_docs": "int64", "share": "float64", "n_tokens": "int64",
                              "n_units": "int64", "passage": "str", "position": "str",
                              "unit": "str", "kind": "str", "cue": "str"})  # fmt: skip
        order = [*by_cols, "n_docs", "passage"]
        ascending = [True] * len(by_cols) + [False, True]
        table = table.sort_values(order, ascending=ascending, na_position="last", kind="stable")
        for column, dtype in dtypes.items():
            table[column] = table[column].astype(dtype)
        return table.reset_index(drop=True)

    dtypes = column_dtypes(corpus, by_cols)
    analysis = Analysis("find_boilerplate", step, finish, by=tuple(by_cols),
                        warm_up=warm_sentences if "sentence" in wanted else None)  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _recurring_rows(
    total: Partial,
    chosen: Mapping[Any, str],
    wanted: tuple[str, ...],
    min_docs: int,
    min_share: float,
    rules: BoilerplateRules,
) -> list[tuple[Any, ...]]:
    """The rows of find_boilerplate's table from the summed partial: recurring units, joined
    into blocks where they follow each other, counted per article, classified."""
    docs = {key: total[("docs", key)] for key in chosen}

    def enough(key: Any, n: int) -> bool:
        return n >= min_docs and n / docs[key] >= min_share

    # the recurring units of each group, by digest
    texts: dict[tuple[Any, bytes], str] = {}
    unit_docs: dict[tuple[Any, bytes], int] = {}
    for kind in wanted:
        for (key, passage), n in total.get(kind, Counter()).items():
            if chosen[key] == kind and enough(key, n) and _WORDY_RE.search(passage):
                digest = _digest(passage)
                texts[(key, digest)] = passage
                unit_docs[(key, digest)] = n
    if not texts:
        return []
    # each article's runs of recurring units: (article, key, its number of units, runs)
    column = {kind: 2 + i for i, kind in enumerate(wanted)}
    runs: list[tuple[int, Any, int, list[tuple[int, list[bytes]]]]] = []
    pairs: Counter[tuple[Any, bytes, bytes]] = Counter()
    for position, key, *sequences in total.get("sequences", []):
        raw = sequences[column[chosen[key]] - 2]
        found: list[tuple[int, list[bytes]]] = []
        for i in range(0, len(raw), 8):
            digest = raw[i : i + 8]
            if (key, digest) not in texts:
                continue
            if found and found[-1][0] + len(found[-1][1]) == i // 8:
                found[-1][1].append(digest)
            else:
                found.append((i // 8, [digest]))
        if found:
            runs.append((position, key, len(raw) // 8, found))
            seen = {pair for _, ds in found for pair in pairwise(ds)}
            for a, b in seen:
                pairs[(key, a, b)] += 1

    def linked(key: Any, a: bytes, b: bytes) -> bool:
        n = pairs[(key, a, b)]
        return a != b and n >= _COHESION * max(unit_docs[(key, a)], unit_docs[(key, b)])

    # blocks: runs cut where two neighbours do not belong together
    Occurrence = tuple[int, Any, int, int, tuple[bytes, ...]]  # article, key, units, start, block
    occurrences: list[Occurrence] = []
    for position, key, n_units, found in runs:
        for start, digests in found:
            current = [digests[0]]
            for a, b in pairwise(digests):
                if not linked(key, a, b):
                    occurrences.append((position, key, n_units, start, tuple(current)))
                    start += len(current)
                    current = []
                current.append(b)
            occurrences.append((position, key, n_units, start, tuple(current)))
    counts = _per_article(occurrences)
    kept = {kb for kb, n in counts.items() if len(kb[1]) > 1 and enough(kb[0], n)}
    # a block too rare to list falls back to the listed blocks inside it, then to single units
    final: list[Occurrence] = []
    for position, key, n_units, start, block in occurrences:
        if len(block) == 1 or (key, block) in kept:
            final.append((position, key, n_units, start, block))
            continue
        i = 0
        while i < len(block):
            j = next((j for j in range(len(block), i + 1, -1) if (key, block[i:j]) in kept), i + 1)
            final.append((position, key, n_units, start + i, block[i:j]))
            i = j
    counts = _per_article(final)
    listed = {kb for kb, n in counts.items() if enough(kb[0], n)}
    kinds = {(key, block): _classify([texts[(key, d)] for d in block], rules)
             for key, block in listed}  # fmt: skip
    _furniture_by_context(final, kinds)
    places: dict[tuple[Any, tuple[bytes, ...]], Counter[str]] = {}
    for _, key, n_units, start, block in final:
        where = _position(start, start + len(block) - 1, n_units)
        places.setdefault((key, block), Counter())[where] += 1
    rows = []
    for key, block in listed:
        joiner = "\n" if chosen[key] == "paragraph" else " "
        passage = joiner.join(texts[(key, d)] for d in block)
        where = sorted(places[(key, block)].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        n = counts[(key, block)]
        kind, cue = kinds[(key, block)]
        rows.append(
            (*key, passage, n, n / docs[key], where, len(token_re(passage).findall(passage)),
             chosen[key], len(block), kind, cue)
        )  # fmt: skip
    return rows


def _per_article(
    occurrences: Iterable[tuple[int, Any, int, int, tuple[bytes, ...]]],
) -> Counter[tuple[Any, tuple[bytes, ...]]]:
    """In how many articles each (group, block) occurs."""
    return Counter((key, block) for _, key, block in {(p, k, b) for p, k, _, _, b in occurrences})


def _furniture_by_context(
    occurrences: list[tuple[int, Any, int, int, tuple[bytes, ...]]],
    kinds: dict[tuple[Any, tuple[bytes, ...]], tuple[str, str]],
) -> None:
    """Make furniture of the news-like passages that, in most of their articles, sit right after
    furniture and right before furniture or the article's end (Reuters' footer carries the lead
    of another story between its parts)."""
    by_article: dict[int, list[tuple[int, int, tuple[Any, tuple[bytes, ...]]]]] = {}
    for position, key, n_units, start, block in occurrences:
        by_article.setdefault(position, []).append((start, n_units, (key, block)))
    inside: Counter[tuple[Any, tuple[bytes, ...]]] = Counter()
    seen: Counter[tuple[Any, tuple[bytes, ...]]] = Counter()
    for found in by_article.values():
        found.sort(key=lambda f: f[0])
        ends = {start + len(kb[1]): kb for start, _, kb in found}
        starts = {start: kb for start, _, kb in found}
        for start, n_units, kb in found:
            if kb not in kinds or kinds[kb][0] != "news":
                continue
            seen[kb] += 1
            before = ends.get(start)
            after_at = start + len(kb[1])
            after = starts.get(after_at)
            furniture = [x is not None and kinds.get(x, ("news",))[0] == "furniture"
                         for x in (before, after)]  # fmt: skip
            if furniture[0] and (furniture[1] or after_at == n_units):
                inside[kb] += 1
    for kb, n in inside.items():
        if n * 2 > seen[kb]:
            kinds[kb] = ("furniture", "among furniture")


# ---------------------------------------------------------------------------------------------
# Stripping


@cache
def _passage_re(passage: str) -> re.Pattern[str]:
    """A passage as a pattern that allows any white space between its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in passage.split()))


_OPENS_AFTER = frozenset(".!?…\"”»)]’'*_:;|")


def _at_boundary(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as a whole unit: it starts the text or a line, or
    follows the end of a sentence after white space; and it ends the text or a line, or is
    followed by white space and a word that does not continue it (no lower-case letter)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] != "\n" and (i == start - 1 or text[i] not in _OPENS_AFTER):
        return False
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    glued = j == end and text[j : j + 1].isalnum()
    return j >= len(text) or text[j] == "\n" or not (glued or text[j].islower())


def _passage_spans(text: str, passages: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Where the chosen passages (each with a literal word it must contain, for speed) sit in
    ``text`` as whole units."""
    spans = []
    for passage, needle in passages:
        if needle not in text:
            continue
        for match in _passage_re(passage).finditer(text):
            if _at_boundary(text, match.start(), match.end()):
                spans.append(match.span())
    return spans


def _cut(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[str]]:
    """``text`` without the spans, and the pieces removed (white space folded, overlapping
    spans as one). The white space around a cut becomes one space, or the line breaks it had (a
    paragraph stays a paragraph); at the start and end of the text it goes."""
    pieces: list[list[int]] = []
    for start, end in sorted(spans):
        if pieces and start < pieces[-1][1]:
            pieces[-1][1] = max(pieces[-1][1], end)
        else:
            pieces.append([start, end])
    if not pieces:
        return text, []
    removed = [_fold(text[start:end]) for start, end in pieces]
    cuts: list[list[int]] = []  # pieces with only white space between them go in one cut
    for start, end in pieces:
        if cuts and not text[cuts[-1][1] : start].strip():
            cuts[-1][1] = end
        else:
            cuts.append([start, end])
    result = text[: cuts[0][0]]
    for i, (_, end) in enumerate(cuts):
        following = text[end : cuts[i + 1][0] if i + 1 < len(cuts) else len(text)]
        left = result.rstrip()
        body = following.lstrip()
        if not left or not body:
            result = left + body
            continue
        newlines = max(
            result[len(left) :].count("\n"), following[: len(following) - len(body)].count("\n")
        )
        result = left + ("\n" * min(newlines, 2) if newlines else " ") + body
    return result, removed


def strip_boilerplate(
    corpus: pd.DataFrame,
    *,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
    passages: pd.DataFrame | Iterable[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The corpus with datelines, credits, captions, footers, link lines and chosen passages
    taken out of ``text``, wherever they sit.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified).
    rules : "default", None, YAML path or mapping, default "default"
        The packaged rules (``toolkit/resources/boilerplate.yaml``: datelines of TASS, RIA
        Novosti, Interfax, BelTA, Reuters, AP, AFP, Xinhua, Sputnik, CNN, Prensa Latina and BBC
        Monitoring in English and Russian, after a headline or a standfirst too; closing credits
        such as ``(Reuters/NAN)`` and ``— BelTA``; photo captions and credits such as ``(AP
        Photo/...)``, ``REUTERS/...``, ``(Xinhua/...)``, ``Photo: ...``; the footers of Reuters,
        AP and BBC News Russian; "Read more" and subscribe lines), none, or your own file of the
        same shape. :func:`find_furniture` lists what they find. Credits inside a sentence
        (``передает ТАСС``) are kept: they are the sentence's words.
    passages : DataFrame or list of str, optional
        Passages to remove as well: a :func:`find_boilerplate` table (each passage removed only
        in its own group, so one outlet's footer never touches another's text; filter the table
        to the rows you chose, e.g. ``found[found["kind"] == "furniture"]``) or a list of texts
        (removed everywhere). A passage is removed wherever it stands as a whole (a paragraph,
        a sentence, a block of sentences in a one-line text), whatever the white space inside
        it; never from the middle of a sentence.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        A copy of the corpus with ``text`` cleaned (a cut leaves one space, or the line break
        that was there), ``text_original`` (the text before the first cleaning; kept when it is
        already there), ``removed`` (what was taken out of each article, in text order, one
        piece per line with its white space folded, "" for nothing) and ``wire`` (the agency
        whose copy the article is, read with these rules from ``text_original``, before
        anything was removed, as :func:`tag_wire_copy` does; an existing ``wire`` column is
        kept).

    Examples
    --------
    >>> import toolkit
    >>> clean = strip_boilerplate(toolkit.load_sample())
    >>> clean.loc[0, "removed"]
    'MINSK, May 18. /TASS/.'
    >>> clean.loc[0, "text"][:40], clean.loc[0, "wire"]
    ('Belarusian President Alexander Lukashenk', 'TASS')
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("strip_boilerplate() takes a corpus (a DataFrame with a 'text' column).")
    compiled = load_boilerplate_rules(rules)
    groups, chosen = _chosen_passages(corpus, passages)
    needles = {
        key: [(p, max(p.split(), key=len)) for p in dict.fromkeys(found)]
        for key, found in chosen.items()
    }
    texts = corpus["text"].fillna("").astype(str).tolist()
    originals = (
        corpus["text_original"].fillna("").astype(str).tolist()
        if "text_original" in corpus.columns
        else texts
    )
    keys = _group_keys(corpus, groups)
    show = wants_progress(progress, texts)
    cleaned, removed, wires = [], [], []
    everywhere = needles.get(None, [])
    for text, original, key in progress_bar(
        zip(texts, originals, keys, strict=True), enabled=show, desc="strip_boilerplate",
        total=len(texts),
    ):  # fmt: skip
        spans = _spans(text, compiled, strip_only=True)
        cuts = [(s.start, s.end) for s in spans]
        mine = needles.get(key, []) + everywhere if key is not None else everywhere
        if mine:
            cuts += _passage_spans(text, mine)
        new, gone = _cut(text, cuts)
        cleaned.append(new)
        removed.append("\n".join(gone))
        wires.append(
            _wire(spans if original is text else _spans(original, compiled, strip_only=True))
        )
    out = corpus.copy()
    if "text_original" not in out.columns:
        out["text_original"] = corpus["text"]
    out["text"] = pd.Series(cleaned, index=corpus.index, dtype=corpus["text"].dtype)
    out["removed"] = pd.Series(removed, index=corpus.index, dtype="str")
    if "wire" not in out.columns:
        out["wire"] = pd.Series(wires, index=corpus.index, dtype=object)
    return out


def _chosen_passages(
    corpus: pd.DataFrame, passages: pd.DataFrame | Iterable[str] | None
) -> tuple[list[str], dict[Any, list[str]]]:
    """The group columns of ``passages`` and the passages to remove by group key (None: in
    every article)."""
    if passages is None:
        return [], {}
    if isinstance(passages, pd.DataFrame):
        if "passage" not in passages.columns:
            raise ToolkitError(
                "passages= takes a find_boilerplate() table (with a 'passage' column) or a list "
                "of texts."
            )
        groups = [str(c) for c in passages.columns if c not in BOILERPLATE_COLUMNS]
        missing = [c for c in groups if c not in corpus.columns]
        if missing:
            raise ToolkitError(f"passages= is grouped by {groups}, but the corpus lacks {missing}.")
        chosen: dict[Any, list[str]] = {}
        for record in passages[[*groups, "passage"]].itertuples(index=False, name=None):
            if not str(record[-1]).split():
                continue
            key = tuple(None if pd.isna(v) else v for v in record[:-1]) if groups else None
            chosen.setdefault(key, []).append(_fold(str(record[-1])))
        return groups, chosen
    if isinstance(passages, str):
        passages = [passages]
    return [], {None: [_fold(str(p)) for p in passages if str(p).strip()]}


def _group_keys(corpus: pd.DataFrame, groups: list[str]) -> list[Any]:
    """Each article's group key, as _chosen_passages keys them (None without groups)."""
    if not groups:
        return [None] * len(corpus)
    columns = [corpus[c].astype(object).where(corpus[c].notna(), None).tolist() for c in groups]
    return [tuple(values) for values in zip(*columns, strict=True)]


def tag_wire_copy(
    corpus: pd.DataFrame,
    *,
    rules: str | Path | Mapping[str, Any] | BoilerplateRules | None = "default",
    progress: bool | None = None,
) -> pd.DataFrame:
    """The corpus with a ``wire`` column: the agency credited in each article's dateline
    (``/TASS/``, ``(Reuters)``, ``(AP)``, ``(Xinhua)``, ``— РИА Новости``, wherever the dateline
    sits: after a photo caption or a standfirst too) or closing credit (``(Reuters/NAN)``, ``—
    BelTA``), missing where none. A credit inside a sentence (``передает ТАСС``) credits one
    statement, not the article, and does not count.

    The credit is read from ``text_original`` when the corpus has it (the text before
    :func:`strip_boilerplate` took the dateline away), so tagging before or after stripping gives
    the same column; where the text shows no credit and an existing ``wire`` column has one
    (stripped without ``text_original``), that value is kept.

    An outlet that runs another agency's copy publishes that agency's words: compare outlets on
    their own articles (``corpus[corpus.wire.isna() | (corpus.wire == corpus.source)]``) or count
    wire copy as its own group.

    Examples
    --------
    >>> corpus = pd.DataFrame({"source": ["Moscow Times", "RT", "BBC"], "text": [  # synthetic
    ...     "MOSCOW (AP) — Talks resumed.", "Grain deal signed. — BelTA", "Budget vote."]})
    >>> tag_wire_copy(corpus)["wire"].tolist()
    ['AP', 'BelTA', None]
    >>> tag_wire_copy(strip_boilerplate(corpus))["wire"].tolist()
    ['AP', 'BelTA', None]
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("tag_wire_copy() takes a corpus (a DataFrame with a 'text' column).")
    compiled = load_boilerplate_rules(rules)
    column = "text_original" if "text_original" in corpus.columns else "text"
    texts = corpus[column].fillna("").astype(str).tolist()
    show = wants_progress(progress, texts)
    wires = [
        _wire(_spans(text, compiled, strip_only=True))
        for text in progress_bar(texts, enabled=show, desc="tag_wire_copy", total=len(texts))
    ]
    found = pd.Series(wires, index=corpus.index, dtype=object)
    if "wire" in corpus.columns:
        found = found.where(found.notna(), corpus["wire"].astype(object))
        found = found.where(found.notna(), None)
    return corpus.assign(wire=found)


def tag_language(
    corpus: pd.DataFrame,
    *,
    languages: str | Iterable[str] | None = None,
    min_confidence: float = 0.5,
    max_chars: int | None = DETECT_CHARS,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The corpus with a ``language`` column: each article's language detected offline.

    Uses :func:`toolkit.text.detect_languages` (``py3langid``, every article of a batch at once)
    on the title and the start of the text (``max_chars`` characters: news names its language
    in its first paragraph). An existing ``language`` column (from the export, say) is
    replaced; keep it under another name first if you want to compare.
    :func:`toolkit.count_terms` reads this column (each article is counted with the patterns of
    its language), and :func:`toolkit.sentiment` too: articles that are not in English get NaN
    scores, not zeros.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (never modified).
    languages : list of str, optional
        Choose among these ISO 639-1 codes only, e.g. ``["en", "ru"]``: an article whose
        letters are of a script only one of them uses is that language without the model.
    min_confidence : float, default 0.5
        Below this probability the language is left missing.
    max_chars : int or None, default 1000
        Read this many characters of the title and text; None: all of them (slower, and no
        more accurate on news).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": [  # synthetic
    ...     "Президент Белоруссии призвал страны ОДКБ к единству перед лицом санкций.",
    ...     "The president called on the alliance to stand together against sanctions.", ""]})
    >>> tag_language(corpus)["language"].tolist()
    ['ru', 'en', None]
    """
    if not isinstance(corpus, pd.DataFrame) or "text" not in corpus.columns:
        raise ToolkitError("tag_language() takes a corpus (a DataFrame with a 'text' column).")
    if not 0 <= float(min_confidence) <= 1:
        raise ToolkitError(f"min_confidence must be between 0 and 1, got {min_confidence!r}.")
    texts = corpus["text"].fillna("").astype(str)
    if "title" in corpus.columns:
        titles = corpus["title"].fillna("").astype(str)
        texts = titles.where(titles == "", titles + "\n") + texts
    found = detect_languages(
        texts.tolist(),
        languages=languages,
        min_confidence=min_confidence,
        max_chars=max_chars,
        progress=progress,
    )
    return corpus.assign(language=pd.Series(found, index=corpus.index, dtype=object))
