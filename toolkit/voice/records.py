"""The records the voice rules return (spans, voices, quotations and credits), and the spans
they ask about positions."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import NamedTuple

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


class _Covers:
    """Spans of a text (attributions, a dateline, credits) asked where those over a position
    end, by bisection: a long text with thousands of them asks in logarithmic time.

    >>> covers = _Covers([(10, 20), (15, 40), (50, 60)])
    >>> covers.past(16), covers.past(45), covers.over(55), covers.over(60)
    (40, 45, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        #: A few spans (most texts' datelines and credits) are walked over: quicker than
        #: bisection at that size.
        self.few = ordered if len(ordered) <= _FEW else None
        self.starts = [s for s, _ in ordered] if self.few is None else []
        self.reach = list(accumulate((e for _, e in ordered), max)) if self.few is None else []

    def past(self, at: int) -> int:
        """The furthest end of the spans over ``at``, or ``at`` where none is."""
        if self.few is not None:
            return max([at, *(e for s, e in self.few if s <= at < e)])
        k = bisect_right(self.starts, at) - 1
        return self.reach[k] if k >= 0 and self.reach[k] > at else at

    def over(self, at: int) -> bool:
        """Whether a span holds ``at`` (``start <= at < end``)."""
        if self.few is not None:
            return any(s <= at < e for s, e in self.few)
        return self.past(at) > at


_FEW = 8
