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
  documents set out right after the speaker's statement (``The demands include ...``), free
  indirect speech (unframed sentences between two statements of one speaker), and an
  interview's answers (set out as a dialogue, or under the speakers' names: ``Al Jazeera:
  ...? Ishchenko: ...``);
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

The rules run in stages, one module each, every module importing only those before it:
``records`` (the tuples returned), ``morphology`` (pymorphy3's readings of Russian words),
``cues`` (reporting cues, agencies, a text's language), ``quotes``, ``sentences``, ``credits``
(credits and datelines), ``names`` (the people a text names), ``frames`` (the attributions: a
reporting verb, its subject and the words it governs), ``speakers``, ``spans`` (the statements
painted into spans of one voice) and ``annotation`` (the functions above, and the cache).
"""

from __future__ import annotations

from toolkit.voice.annotation import (
    CACHE_SPANS,
    SPANS,
    Memories,
    SpanCache,
    annotate_voice,
    full_speaker_names,
    spoken_names,
    voice_of,
    voice_reader,
    voice_spans,
    warm_up,
)
from toolkit.voice.credits import find_credits
from toolkit.voice.cues import Cues, load_cues
from toolkit.voice.quotes import find_quotes
from toolkit.voice.records import (
    CREDIT_FIELDS,
    VOICE_COLUMNS,
    VOICES,
    Credit,
    Quote,
    Voice,
    VoiceSpan,
)

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
    "spoken_names",
    "voice_of",
    "voice_reader",
    "voice_spans",
    "warm_up",
]
