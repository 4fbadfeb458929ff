"""Quotations: nested, unclosed, British single quotes, Russian guillemets and dash quotes."""

from __future__ import annotations

import re
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.voice.cues import _CITED_RE, _RU_CITES, Cues, _language, load_cues
from toolkit.voice.morphology import _ru_form
from toolkit.voice.records import Quote

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
    with no opening one, followed by an attribution, quotes its sentence. A text with several
    ``«`` and no ``»`` uses them for something else (an export's sign of a paragraph): they open
    nothing.

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
    # a text with several « and no » at all uses « for something else (an export's paragraph
    # sign: «"Текст", - сказал он. «Однако ...): none opens a quotation
    no_guillemets = "»" not in text and text.count("«") > 1

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
        if ch == "«" and no_guillemets:
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
