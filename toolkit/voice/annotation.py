"""The public API of voice annotation: spans per text (cached, shared by every analysis),
per corpus, at offsets."""

from __future__ import annotations

import hashlib
import os
import threading
import weakref
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
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
from toolkit.util import check_flag
from toolkit.voice.credits import _agency_re, _columns_of, _credit_res, _relay_starts
from toolkit.voice.cues import _LANGUAGES, Cues, _agencies, _language, load_cues
from toolkit.voice.frames import _Article
from toolkit.voice.names import _edit1
from toolkit.voice.records import VOICE_COLUMNS, Voice, VoiceSpan
from toolkit.voice.spans import _spans


def voice_spans(
    text: str,
    *,
    language: str | None = None,
    outlet: str | None = None,
    cues: Any = None,
    headline: bool = False,
) -> list[VoiceSpan]:
    """The voice of every character of ``text``: spans that cover it, in order.

    Parameters
    ----------
    text : str
        An article as given (offsets are into it; do not fold its quotation marks first).
    language : {"en", "ru"}, optional
        Detected from the letters when not given.
    outlet : str, optional
        The publishing outlet (a corpus's ``source``, e.g. ``"TASS"`` or ``"RIA Novosti
        (Telegram)"``): credits to it are self-credits, not relays, and a dateline of another
        agency makes the text that agency's wire copy. Unknown when not given: a dateline's
        agency is then taken for the outlet itself.
    cues : dict or YAML path, optional
        Reporting cues to add to the packaged ones (see :func:`load_cues`), e.g.
        ``{"verbs": ["reckon"]}``.
    headline : bool, default False
        Read the whole text as a headline: the outlet's words (quotations aside), unless it has
        the form ``Speaker: paraphrase`` or ``Speaker — paraphrase``. A first line that looks
        like a headline (short, no final full stop, a line break after it) is read so anyway.

    Returns
    -------
    list of VoiceSpan
        ``(start, end, voice, speaker, relay)``: ``voice`` is ``quote``, ``reported`` or
        ``outlet``; ``speaker`` the canonical name (empty for the outlet); ``relay`` the news
        organisation credited (empty when none). Spans are computed once per text and cached.

    Examples
    --------
    >>> text = ('Belarusian President Alexander Lukashenko urged more unity. "We do not want '
    ...         'sanctions," the BelTA news agency quoted Lukashenko as saying.')  # synthetic
    >>> for span in voice_spans(text, outlet="TASS"):
    ...     print(span.voice, repr(text[span.start:span.end]), span.speaker, span.relay, sep=" | ")
    outlet | 'Belarusian President Alexander Lukashenko urged ' |  |
    reported | 'more unity.' | Alexander Lukashenko |
    outlet | ' ' |  |
    quote | '"We do not want sanctions,"' | Alexander Lukashenko | BelTA
    outlet | ' the BelTA news agency quoted Lukashenko as saying.' |  |
    """
    if not isinstance(text, str):
        raise ToolkitError(f"voice_spans() takes a str, got {type(text).__name__}.")
    headline = check_flag("headline", headline)
    lang = language or _language(text)
    compiled = load_cues(lang, cues)
    return list(_cached_spans(text, compiled, outlet, headline))


#: The most spans the cache of :func:`voice_spans` keeps (about 150 bytes each: some 60 MB at
#: most); the articles used least recently are forgotten first. The 7,288 articles of the
#: development corpus (20 million characters) have 170,000.
CACHE_SPANS = 400_000


_Entry = tuple[int, tuple[VoiceSpan, ...]]


class SpanCache:
    """The voice spans of the articles seen last, computed once and shared by every analysis.

    Keyed by a digest of the article's text (BLAKE2b, 128 bits: not the text itself, which the
    corpus holds already), its cues (language and added cues), outlet and headline option;
    bounded by the number of spans kept (:data:`CACHE_SPANS`), least recently used first out;
    safe to use from several threads. Forked workers hand what they computed back to the parent
    through the engine's ``memory`` protocol (:meth:`known`, :meth:`learned`, :meth:`learn`),
    so that the next analysis, in the parent or in workers forked from it, finds them.
    """

    def __init__(self, max_spans: int = CACHE_SPANS) -> None:
        self.max_spans = max_spans
        self._lock = threading.Lock()
        # a process forked while another thread held the lock gets a fresh one (the holder
        # does not exist in the child, and would never release it)
        if hasattr(os, "register_at_fork"):
            me = weakref.ref(self)

            def fresh_lock() -> None:
                cache = me()
                if cache is not None:
                    cache._lock = threading.Lock()

            os.register_at_fork(after_in_child=fresh_lock)
        # key -> (when added, spans)
        self._items: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._size = 0
        self._serial = 0

    @staticmethod
    def key(text: str, cues: Cues, outlet: str | None, headline: bool) -> tuple[Any, ...]:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        return (digest.digest(), len(text), cues.key, outlet, headline)

    def get(self, key: tuple[Any, ...]) -> tuple[VoiceSpan, ...] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: tuple[Any, ...], spans: tuple[VoiceSpan, ...]) -> None:
        with self._lock:
            if key in self._items or len(spans) > self.max_spans:
                return
            self._serial += 1
            self._items[key] = (self._serial, spans)
            self._size += len(spans)
            while self._size > self.max_spans:
                _key, (_serial, dropped) = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)

    def known(self) -> int:
        """A mark for :meth:`learned`: how many entries were ever added."""
        return self._serial

    def learned(self, since: int) -> list[tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]]]:
        """The entries added after mark ``since`` (and still kept), spans as plain tuples
        (which pickle five times faster than named ones)."""
        with self._lock:
            return [
                (k, tuple(map(tuple, spans)))
                for k, (serial, spans) in self._items.items()
                if serial > since
            ]

    def learn(self, entries: Iterable[tuple[tuple[Any, ...], Iterable[Sequence[Any]]]]) -> None:
        """Take in entries from :meth:`learned` of a forked worker's copy."""
        make = VoiceSpan._make
        for key, spans in entries:
            self.put(key, tuple(map(make, spans)))


#: The one cache of :func:`voice_spans` (``SPANS.clear()`` empties it).
SPANS = SpanCache()


def _cached_spans(
    text: str, cues: Cues, outlet: str | None, headline: bool
) -> tuple[VoiceSpan, ...]:
    if not text.strip():
        return (VoiceSpan(0, len(text), "outlet", "", ""),) if text else ()
    key = SPANS.key(text, cues, outlet, headline)
    found = SPANS.get(key)
    if found is None:
        found = tuple(_spans(_Article(text, cues, outlet, headline)))
        SPANS.put(key, found)
    return found


class Memories:
    """Several analysis memories (a term matcher's lookups, the span cache) as one, for
    ``Analysis(memory=...)``: each is handed back from forked workers."""

    def __init__(self, *parts: Any) -> None:
        self.parts = tuple(p for p in parts if p is not None)

    def known(self) -> tuple[Any, ...]:
        return tuple(p.known() for p in self.parts)

    def learned(self, since: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(p.learned(mark) for p, mark in zip(self.parts, since))

    def learn(self, lookups: tuple[Any, ...]) -> None:
        for part, found in zip(self.parts, lookups):
            if found:
                part.learn(found)


def voice_reader(
    corpus: Any, read: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], Callable[[Document], list[VoiceSpan]]]:
    """For an analysis that asks for the voice of its documents: the columns it must read
    (``read``, then the corpus's ``language`` and ``source`` columns where it has them, which
    the documents' ``meta`` then holds in this order), and a function giving a document's
    spans (:func:`voice_spans`, cached).

    The article's ``source`` is its outlet (credits to it are not relays); its ``language``,
    when ``en`` or ``ru``, chooses the cues (otherwise the letters do).
    """
    present = [c for c in column_dtypes(corpus, _VOICE_READS) if c not in read]
    columns = (*read, *present)
    lang_at = columns.index("language") if "language" in columns else -1
    source_at = columns.index("source") if "source" in columns else -1

    def spans(doc: Document) -> list[VoiceSpan]:
        language = doc.meta[lang_at] if lang_at >= 0 else None
        outlet = doc.meta[source_at] if source_at >= 0 else None
        return voice_spans(
            doc.text,
            language=language if language in _LANGUAGES else None,
            outlet=None if outlet is None else str(outlet),
        )

    return columns, spans


#: The corpus columns the voice rules read, when the corpus has them.
_VOICE_READS = ("language", "source")


def spoken_names(spans: Iterable[VoiceSpan]) -> Counter[str]:
    """The full names (two words or more, each capitalised) among an article's speakers, once
    each: what :func:`full_speaker_names` may give a one-word speaker of another article, as
    ``also``."""
    return Counter({s.speaker for s in spans if s.voice != "outlet" and _full_name(s.speaker)})


def full_speaker_names(
    names: Mapping[str, int] | Iterable[str], *, also: Mapping[str, int] | None = None
) -> dict[str, str]:
    """For each one-word speaker, the longer name that ends with it (``Biden`` -> ``Joe
    Biden``, ``Путин`` -> ``Владимир Путин``), when one does or one holds at least nine in ten
    of the hits of those that do (and has a hit): each article names a speaker once, and this
    joins the articles that name them by surname alone to those that name them in full. Only
    names go: capitalised, and the one word no place or nationality of the cues (``Russia``
    stays ``Russia`` beside ``Fluid Russia``) nor an abbreviation (``РЭЦ``). Full names that
    are spellings of one another,
    word by word one letter apart (``Sergei Lavrov``, ``Sergey Lavrov``), with a first name cut
    short (``Jen Psaki``, ``Jennifer Psaki``) or transliterations
    of one name with the same consonants (``Vladimir Zelensky``, ``Volodymyr Zelenskyy``;
    ``Dmitry Kuleba``, ``Dmytro Kuleba``), go to the one with the most hits; so do speakers
    written alike but for capitals, full stops and a first "the" (``Russian foreign
    ministry``, ``Russian Foreign Ministry``; ``U.S. officials``, ``US officials``).

    ``names`` is the speakers with their hits (or the speakers alone: one hit each). ``also``
    gives full names the corpus's articles give speakers with no hit (each with the articles
    naming them, :func:`spoken_names`), weighed as hits: ``Володин`` goes to ``Вячеслав
    Володин`` when an article names him so, whether or not his words there hold a hit.

    >>> full_speaker_names({"Biden": 5, "Joe Biden": 40, "Hunter Biden": 1, "Putin": 3,
    ...                     "Kim": 2, "Young Kim": 4, "Andy Kim": 3, "Sergey Lavrov": 9,
    ...                     "Sergei Lavrov": 5, "Lavrov": 1})
    {'Biden': 'Joe Biden', 'Sergei Lavrov': 'Sergey Lavrov', 'Lavrov': 'Sergey Lavrov'}
    >>> full_speaker_names({"Jen Psaki": 8, "Jennifer Psaki": 1, "Matt Lee": 1, "Matthew Lee": 3})
    {'Jennifer Psaki': 'Jen Psaki', 'Matt Lee': 'Matthew Lee'}
    >>> full_speaker_names({"U.S. officials": 2, "US officials": 3,
    ...                     "Russian foreign ministry": 1, "Russian Foreign Ministry": 4})
    {'U.S. officials': 'US officials', 'Russian foreign ministry': 'Russian Foreign Ministry'}
    >>> full_speaker_names({"Володин": 3}, also={"Вячеслав Володин": 2})
    {'Володин': 'Вячеслав Володин'}
    """
    given = dict(names) if isinstance(names, Mapping) else dict.fromkeys(names, 1)
    for name, n in (also or {}).items():
        if not given.get(name) and n > 0:  # (a name without a hit: weighed by its articles)
            given[name] = n
    alike = _written_alike(given)
    hits: dict[str, int] = {}
    for name, n in given.items():
        hits[alike[name]] = hits.get(alike[name], 0) + n
    places = {w for lang in _LANGUAGES for w in (*load_cues(lang).places,
                                                 *load_cues(lang).nationalities)}  # fmt: skip
    out = _spellings_of(hits)
    longer: dict[str, dict[str, int]] = {}  # surname -> full names (one per spelling): hits
    for name, n in hits.items():
        # (a country's agency, "Russia's TASS", is no fuller name of "TASS")
        if _full_name(name) and not name.split()[0].endswith(("'s", "’s")):
            spelled = longer.setdefault(name.split()[-1].casefold(), {})
            canonical = out.get(name, name)
            spelled[canonical] = spelled.get(canonical, 0) + n
    for name in hits:
        if (
            name[:1].isupper()
            and " " not in name
            and not (name.isupper() and len(name) > 1)  # ("РЭЦ" is no "Эксперты РЭЦ")
            and name not in places  # ("Russia" is no "Fluid Russia")
            and (found := longer.get(name.casefold()))
        ):
            best = max(found, key=lambda full: (found[full], full))
            if found[best] > 0 and found[best] >= 0.9 * sum(found.values()):
                out[name] = best
    final = {name: out.get(alike[name], alike[name]) for name in given}
    return {name: to for name, to in final.items() if to != name}


def _written_alike(hits: Mapping[str, int]) -> dict[str, str]:
    """Each speaker mapped to the writing of it with the most hits, of those written alike but
    for capitals, full stops, the apostrophe and a first "the" (a writing with a hit first,
    so that a table of the speakers with hits and one of all the speakers read name them
    alike; then a name with each word capitalised: ``Russian Defence Ministry``, not
    ``Russian defence ministry``, which is then a spelling of ``Russian Defense Ministry``)."""
    groups: dict[str, list[str]] = {}
    for name in hits:
        key = " ".join(name.casefold().replace(".", "").replace("’", "'").split())
        groups.setdefault(key.removeprefix("the "), []).append(name)
    out: dict[str, str] = {}
    for group in groups.values():
        best = max(group, key=lambda n: (hits[n] > 0, _full_name(n), hits[n], n))
        out.update(dict.fromkeys(group, best))
    return out


def _full_name(name: str) -> bool:
    """Whether a speaker's name is a person's full name: two words or more, each capitalised."""
    words = name.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words)


def _spellings_of(hits: Mapping[str, int]) -> dict[str, str]:
    """Full names that are spellings of one another (word by word, :func:`_spelled_alike`:
    ``Sergei Lavrov``, ``Segey Lavrov`` and ``Sergey Lavrov``; ``Dmitry Kuleba`` and ``Dmytro
    Kuleba``; or the same but for a first name cut short, :func:`_short_form`), each mapped to
    the spelling with the most hits."""
    groups: dict[tuple[int, str], list[str]] = {}
    for name in hits:
        if _full_name(name):
            words = name.split()
            groups.setdefault((len(words), words[-1][:3].casefold()), []).append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        if len(names) < 2:
            continue
        names = sorted(names, key=lambda n: (-hits[n], n))  # (the likeliest spelling first)
        for k, name in enumerate(names):
            if name in out:
                continue
            words = name.casefold().split()
            for other in names[k + 1 :]:
                others = other.casefold().split()
                if other not in out and (
                    all(
                        _spelled_alike(a, b, last=i == len(words) - 1)
                        for i, (a, b) in enumerate(zip(words, others, strict=True))
                    )
                    or (words[1:] == others[1:] and _short_form(words[0], others[0]))
                ):
                    out[other] = name
    return out


def _spelled_alike(a: str, b: str, *, last: bool) -> bool:
    """Whether two words of names (case folded) are one word spelled two ways: the same, one
    letter apart (four letters or more), or the same consonants in Latin transliterations of
    one Russian or Ukrainian name (``volodymyr``, ``vladimir``; ``dmytro``, ``dmitry``;
    ``oleksii``, ``alexei``; ``zelenskyy``, ``zelensky``), but for a surname's feminine ``-a``
    (``petrov``, ``petrova``: two people)."""
    if a == b:
        return True
    if last and (a + "a" == b or b + "a" == a):
        return False
    if min(len(a), len(b)) >= 4 and _edit1(a, b):
        return True
    if _country_and_adjective(a, b) or _country_and_adjective(b, a):
        return True  # ("Russia's Foreign Ministry", "Russian Foreign Ministry")
    if a in _common_words() or b in _common_words():
        return False  # ("Russian Foreign Minister" is no "Russian Foreign Ministry")
    sa, sb = _consonants(a), _consonants(b)
    return len(sa) >= 3 and sa == sb


def _short_form(a: str, b: str) -> bool:
    """Whether two first names (case folded) are one and its short form, the rest of both
    names being the same (``jen``, ``jennifer``; ``matt``, ``matthew``): three letters or
    more, one the other's beginning, letters only, no title or role; or one of the common
    English short forms that are not (``joe``, ``joseph``; ``bill``, ``william``)."""
    return frozenset((a, b)) in _SHORT_FORMS or (
        min(len(a), len(b)) >= 3
        and (a.startswith(b) or b.startswith(a))
        and a.isalpha()
        and b.isalpha()
        and a not in _common_words()
        and b not in _common_words()
    )


#: English first names and their short forms that are not their beginnings.
_SHORT_FORMS = frozenset(
    frozenset(pair)
    for pair in [("joe", "joseph"), ("tony", "antony"), ("tony", "anthony"), ("bill", "william"),
                 ("liz", "elizabeth"), ("bob", "robert"), ("mike", "michael"), ("jim", "james"),
                 ("dick", "richard"), ("ted", "edward"), ("chuck", "charles"), ("jack", "john"),
                 ("betsy", "elizabeth"), ("peggy", "margaret"), ("kate", "katherine"),
                 ("kate", "catherine"), ("sandy", "alexandra"), ("bobby", "robert"),
                 ("jeff", "jeffrey"), ("steve", "stephen"), ("steve", "steven")]
)  # fmt: skip


def _country_and_adjective(a: str, b: str) -> bool:
    """Whether ``a`` is a country's possessive and ``b`` its adjective (``russia's``,
    ``russian``; ``ukraine's``, ``ukrainian``), both of the cues, case folded: the first four
    letters alike."""
    place = a.replace("’", "'").removesuffix("'s")
    places, adjectives = _places_and_adjectives()
    return place != a and place in places and b in adjectives and place[:4] == b[:4]


@cache
def _places_and_adjectives() -> tuple[frozenset[str], frozenset[str]]:
    """The cues' places and nationalities (English), case folded."""
    cues = load_cues("en")
    return (frozenset(w.casefold() for w in cues.places),
            frozenset(w.casefold() for w in cues.nationalities))  # fmt: skip


@cache
def _common_words() -> frozenset[str]:
    """The titles, roles and bodies of the cues (``minister``, ``ministry``), case folded:
    words of the language, not names, whose consonants say nothing."""
    return frozenset(
        w.casefold()
        for lang in _LANGUAGES
        for w in (*load_cues(lang).titles, *load_cues(lang).roles, *load_cues(lang).bodies)
    )


def _consonants(word: str) -> str:
    """A word's consonants, as transliterations of one name share them (``x`` is ``ks``)."""
    return "".join(c for c in word.replace("x", "ks") if c.isalpha() and c not in "aeiouyj")


#: What a character offset may be (an int of Python or of NumPy).
_OFFSET_TYPES = (int, np.integer)


def voice_of(spans: Sequence[VoiceSpan] | pd.DataFrame, offsets: Iterable[int]) -> list[Voice]:
    """The voice, speaker and relay at each character offset, looked up by bisection.

    Parameters
    ----------
    spans : list of VoiceSpan, or DataFrame
        One text's spans: :func:`voice_spans`, or the rows of one ``doc_id`` of
        :func:`annotate_voice`.
    offsets : iterable of int
        Character offsets into the same text (the ``start`` of kwic or count_terms hits).

    Returns
    -------
    list of Voice
        ``(voice, speaker, relay)`` per offset; ``("outlet", "", "")`` outside every span.

    Examples
    --------
    >>> text = '"Unity is strength," Lukashenko said.'  # synthetic
    >>> for v in voice_of(voice_spans(text), [1, 25]):
    ...     print(v)
    Voice(voice='quote', speaker='Lukashenko', relay='')
    Voice(voice='outlet', speaker='', relay='')
    """
    rows: list[tuple[Any, ...]]
    if isinstance(spans, pd.DataFrame):
        missing = [c for c in VOICE_COLUMNS if c not in spans.columns]
        if missing:
            raise ToolkitError(f"voice_of() takes the spans of one text (voice_spans, or "
                               f"annotate_voice's rows of one doc_id); the table has no "
                               f"{missing}.")  # fmt: skip
        if "doc_id" in spans.columns and spans["doc_id"].nunique() > 1:
            raise ToolkitError(
                "voice_of() takes the spans of one text: this table holds "
                f"{spans['doc_id'].nunique()} doc_ids. Take one article's rows, "
                "spans[spans['doc_id'] == doc_id]."
            )
        table = spans.sort_values("start")
        rows = list(
            zip(
                table["start"].tolist(),
                table["end"].tolist(),
                table["voice"].tolist(),
                table["speaker"].tolist(),
                table["relay"].tolist(),
            )
        )
    else:
        rows = [tuple(s) for s in spans]
    starts = [r[0] for r in rows]
    outside = Voice("outlet", "", "")
    found = []
    if isinstance(offsets, str | bytes) or not isinstance(offsets, Iterable):
        raise ToolkitError(f"voice_of() takes character offsets (a list of int); got {offsets!r}.")
    for offset in offsets:
        if isinstance(offset, bool) or not isinstance(offset, _OFFSET_TYPES):
            raise ToolkitError(f"voice_of() takes character offsets (int); got {offset!r}.")
        k = bisect_right(starts, offset) - 1
        if k >= 0 and offset < rows[k][1]:
            r = rows[k]
            found.append(Voice(str(r[2]), str(r[3] or ""), str(r[4] or "")))
        else:
            found.append(outside)
    return found


def annotate_voice(
    corpus: pd.DataFrame,
    *,
    language: str | None = None,
    cues: Any = None,
    meta: str | Sequence[str] | None = (),
    progress: bool | None = None,
) -> pd.DataFrame:
    """The voice spans of every article: who speaks in each stretch of text.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (or chunks, or a Dask DataFrame). Its ``language`` column, when present, gives
        each article's language (``en`` or ``ru``; other values are detected); its ``source``
        column names the publishing outlet (self-credits are not relays).
    language : {"en", "ru"}, optional
        One language for every article (otherwise the column, or detection).
    cues : dict or YAML path, optional
        Reporting cues to add (see :func:`load_cues`).
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default: none).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per span, in corpus and text order, covering every article's ``text``:
        ``doc_id``, the ``meta`` columns, ``start`` and ``end`` (offsets into ``text``),
        ``voice`` (``quote``, ``reported`` or ``outlet``), ``speaker`` (the canonical name;
        empty for the outlet) and ``relay`` (the news organisation credited; empty when none).

    Examples
    --------
    >>> import toolkit
    >>> spans = annotate_voice(toolkit.load_sample())
    >>> spans.columns.tolist()
    ['doc_id', 'start', 'end', 'voice', 'speaker', 'relay']
    >>> sorted(set(spans.loc[spans.voice != "outlet", "speaker"]))
    ['Alexander Lukashenko']
    """
    if language is not None and language not in _LANGUAGES:
        raise ToolkitError(f"language= must be 'en', 'ru' or None, not {language!r}.")
    load_cues(language or "en", cues)  # check the cues before running
    carried = meta_columns(meta if meta is not None else (), corpus, reserved=VOICE_COLUMNS)
    columns = _columns_of(corpus)
    extra = [c for c in ("language", "source") if c in columns]
    read = tuple(dict.fromkeys([*carried, *extra]))
    shown = len(carried)
    lang_at = read.index("language") if "language" in extra else -1
    source_at = read.index("source") if "source" in extra else -1

    def step(doc: Document) -> Partial:
        lang = language
        if lang is None and lang_at >= 0 and doc.meta[lang_at] in _LANGUAGES:
            lang = doc.meta[lang_at]
        outlet = doc.meta[source_at] if source_at >= 0 else None
        spans = voice_spans(doc.text, language=lang, outlet=outlet, cues=cues)
        head = (doc.position, *doc.meta[:shown])
        return {"rows": [(*head, *span) for span in spans]}

    def finish(total: Partial) -> pd.DataFrame:
        types = {**dtypes, "start": "int64", "end": "int64", "voice": "str", "speaker": "str",
                 "relay": "str"}  # fmt: skip
        return rows_frame(total.get("rows", []), [*carried, *VOICE_COLUMNS], types)

    dtypes = column_dtypes(corpus, carried)
    analysis = Analysis("annotate_voice", step, finish, meta=read, warm_up=warm_up, memory=SPANS)
    return run(analysis, corpus, progress=progress)


def warm_up() -> None:
    """Build the cue tables before worker processes are forked (they then share them)."""
    load_cues("en")
    _agencies()
    _credit_res()
    _relay_starts()
    _agency_re()
