"""Keywords in context, traceable to the article, who speaks the words, and how evenly hits
spread across documents."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.engine import (
    Analysis,
    Document,
    Partial,
    column_dtypes,
    merge,
    meta_columns,
    rows_frame,
    run,
)
from toolkit.errors import ToolkitError
from toolkit.scanner import token_spans
from toolkit.stats import gries_dp
from toolkit.terms import (
    Hit,
    TermMatcher,
    Terms,
    _spans,
    get_matcher,
    language_rule,
    patterns_hint,
)
from toolkit.text import TOKEN_RE, sentence_spans
from toolkit.text import warm_up as warm_sentences
from toolkit.util import (
    By,
    as_list,
    check_count,
    check_flag,
    check_group_names,
    check_window,
    deal_quota,
    merge_spans,
    require_table,
    warn_user,
)
from toolkit.voice import (
    SPANS,
    Memories,
    full_speaker_names,
    spoken_names,
    voice_of,
    voice_reader,
)
from toolkit.voice import warm_up as warm_voice

__all__ = [
    "Dispersion",
    "dispersion",
    "format_kwic",
    "kwic",
    "quote_mask",
    "sample_kwic",
    "speakers",
]

#: The columns of a kwic table after ``doc_id`` and the carried ``meta`` columns.
KWIC_COLUMNS = [
    "term",
    "match",
    "left",
    "right",
    "start",
    "end",
    "in_quote",
]
#: The columns ``kwic(..., voice=True)`` adds after ``in_quote`` (see :mod:`toolkit.voice`).
VOICE_KWIC_COLUMNS = ["voice", "speaker", "relay"]
#: The columns of a :func:`speakers` table after the ``by`` columns.
SPEAKER_COLUMNS = ["speaker", "term", "hits", "quote_hits", "reported_hits", "docs"]

_OPENERS = {"“": "”", "«": "»", "„": "“"}
_QUOTE_CHARS_RE = re.compile('["“”«»„]')


_SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|declared|declares|asked|asks|wrote|"
    "writes|warned|warns|insisted|insists|noted|notes|replied|replies|continued|explained|"
    "stressed|claimed|announced|argued|recalled|urged|concluded|заявил|заявила|сказал|сказала|"
    "отметил|отметила|добавил|добавила|подчеркнул|подчеркнула"
)
# A single quote opens quoted speech only before a letter, and only after a colon, a speech verb
# or at a paragraph's or sentence's start, so apostrophes (Russia's, don't, the '90s) never open
# one. Candidates are found first (a quote mark before a letter), and their context is checked
# behind them: a regex that tried the verbs at every position was the slow part of kwic.
_SINGLE_CANDIDATE_RE = re.compile(r"['‘](?=[^\W\d_])")
_VERB_BEFORE_RE = re.compile(rf"(?<![\w'’])(?:{_SPEECH_VERBS})\b,?\Z", re.IGNORECASE)
# ... and closes at a quote mark after a non-space character that no letter follows.
_SINGLE_CLOSE_RE = re.compile(r"(?<=\S)['’](?![\w])")


def quote_mask(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that lie inside quoted speech.

    * Straight double quotes toggle; curly quotes (“ ”), guillemets (« ») and low-high quotes
      („ “) open and close, and may nest.
    * Single quotes (British style, ``He said: 'We will defend our sovereignty.'``) open after
      a colon, a speech verb (said, told, added, заявил, ...) or at the start of a paragraph or
      sentence, before a letter,
      and close at the next quote mark that no letter follows: apostrophes (``Russia's``,
      ``don't``) neither open nor close a quote.
    * A quote never runs past the end of a paragraph (a line), which is how news text marks a
      quotation that continues: the next paragraph opens again. A quote that is not closed in
      its paragraph covers its own sentence only, so one stray quote mark cannot swallow the
      rest of an article.

    Examples
    --------
    >>> text = 'He said "we stand together" and «мир» today.'
    >>> [text[s:e] for s, e in quote_mask(text)]
    ['"we stand together"', '«мир»']
    >>> text = "Russia's envoy said: 'We won't yield.' Talks went on."
    >>> [text[s:e] for s, e in quote_mask(text)]
    ["'We won't yield.'"]
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE_RE.finditer(text):
        offset, paragraph = line.start(), line.group()
        spans += [(offset + a, offset + b) for a, b in _double_quotes(paragraph)]
        spans += [(offset + a, offset + b) for a, b in _single_quotes(paragraph)]
    return merge_spans(spans)


_LINE_RE = re.compile(r"[^\n]+")


def _sentence_end(paragraph: str, pos: int) -> int:
    """The end of the sentence of ``paragraph`` that ``pos`` falls in."""
    return next((end for _, end in sentence_spans(paragraph) if end > pos), len(paragraph))


def _double_quotes(paragraph: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # expected closing characters
    start = 0
    for m in _QUOTE_CHARS_RE.finditer(paragraph):
        ch, pos = m.group(), m.start()
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, pos + 1))
        elif ch in _OPENERS or ch == '"':
            if not stack:
                start = pos
            stack.append(_OPENERS.get(ch, '"'))
    if stack:  # never closed: its sentence only
        spans.append((start, _sentence_end(paragraph, start)))
    return spans


def _opens_speech(paragraph: str, start: int) -> bool:
    """True when the quote mark at ``start`` follows a colon, a speech verb, a sentence end and a
    space, or nothing but spaces and tabs."""
    end = start  # the end of what stands before the quote, spaces and tabs skipped
    while end and paragraph[end - 1] in " \t":
        end -= 1
    if not end or paragraph[end - 1] == ":":
        return True
    if paragraph[end - 1] in ".!?" and paragraph[end] == " ":
        return True
    return _VERB_BEFORE_RE.search(paragraph[max(0, end - 40) : end]) is not None


def _single_quotes(paragraph: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _SINGLE_CANDIDATE_RE.search(paragraph, pos)) is not None:
        start = m.start()
        if not _opens_speech(paragraph, start):
            pos = start + 1
            continue
        close = _SINGLE_CLOSE_RE.search(paragraph, start + 1)
        end = close.end() if close else _sentence_end(paragraph, start)
        spans.append((start, end))
        pos = max(end, start + 1)
    return spans


def _quotes_near(text: str, hits: Sequence[Hit]) -> list[tuple[int, int]]:
    """The spans of :func:`quote_mask` that :func:`_inside` can find a hit in: those of the
    paragraphs (lines) the hits touch, for a quote never runs past its paragraph."""
    regions = set()
    for hit in hits:
        end = text.find("\n", hit.end)
        regions.add((text.rfind("\n", 0, hit.start) + 1, len(text) if end < 0 else end))
    spans = [(lo + a, lo + b) for lo, hi in regions for a, b in quote_mask(text[lo:hi])]
    return merge_spans(spans)


def _inside(spans: list[tuple[int, int]], span_starts: list[int], start: int, end: int) -> bool:
    """True if ``[start, end)`` lies within one of the sorted, disjoint ``spans``."""
    i = bisect_right(span_starts, start) - 1
    return i >= 0 and end <= spans[i][1]


def _left(text: str, start: int, window: int) -> str:
    """Up to ``window`` tokens before ``start``, from the first token's start (local scan)."""
    reach = 16 * window + 16
    while True:
        lo = max(0, start - reach)
        tokens = [m.start() for m in TOKEN_RE.finditer(text, lo, start)]
        # the first token of a cut region may be the tail of a longer one: drop it unless lo == 0
        usable = tokens if lo == 0 else tokens[1:]
        if len(usable) >= window or lo == 0:
            cut = usable[-window] if window and len(usable) >= window else lo
            return text[cut:start] if window else ""
        reach *= 2


def _right(text: str, end: int, window: int) -> str:
    """Up to ``window`` tokens after ``end``, to the last token's end (local scan)."""
    if not window:
        return ""
    reach = 16 * window + 16
    while True:
        hi = min(len(text), end + reach)
        tokens = [m.end() for m in TOKEN_RE.finditer(text, end, hi)]
        usable = tokens if hi == len(text) else tokens[:-1]
        if len(usable) >= window or hi == len(text):
            cut = usable[window - 1] if len(usable) >= window else hi
            return text[end:cut]
        reach *= 2


def _warm_up_voice() -> None:
    """Build the sentence splitter and the voice cues before worker processes are forked."""
    warm_sentences()
    warm_voice()


def _hits_many(matcher: TermMatcher, texts: Sequence[str]) -> list[list[Hit]] | None:
    """``matcher.hits(text, families=matcher.candidates(text))`` of every text (None when a text
    cannot be encoded), as :meth:`TermMatcher.find` finds them, with the tokens of all the
    texts found by the compiled scanner at once and each distinct token looked up once, instead
    of a regular expression over each text for its tokens."""
    wanted = [matcher.candidates(text) for text in texts]
    todo = [i for i, families in enumerate(wanted) if families]
    found: list[list[Hit]] = [[] for _ in texts]
    haystacks = [matcher._haystack(texts[i]) for i in todo]
    spans = token_spans(haystacks) if todo else None
    if spans is None:
        return None if todo else found
    vocab, ids = spans.vocabulary()
    looked = [matcher.lookup(word) for word in vocab]
    relevant = np.fromiter((bool(f or s) for f, s in looked), dtype=bool, count=len(looked))
    bounds = spans.bounds.tolist()
    for k, i in enumerate(todo):
        doc_ids = ids[bounds[k] : bounds[k + 1]]
        surface: dict[int, set[str]] = {}
        slot_tokens: dict[tuple[int, int], set[str]] = {}
        for v in np.unique(doc_ids[relevant[doc_ids]]).tolist():
            families, slots = looked[v]
            for family in families:
                surface.setdefault(family, set()).add(vocab[v])
            for slot in slots:
                slot_tokens.setdefault(slot, set()).add(vocab[v])
        text = haystacks[k]
        phrase_spans = matcher._phrase_spans(text, slot_tokens, set(wanted[i]))
        hits: list[Hit] = []
        for family in wanted[i]:
            spans_of = list(phrase_spans[family])
            if family in surface:
                spans_of.extend(_spans(matcher._regex((frozenset(surface[family]),)), text))
            hits.extend(Hit(family, start, end) for start, end in merge_spans(spans_of))
        hits.sort(key=lambda h: (h.start, h.family))
        found[i] = hits
    return found


def kwic(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    window: int = 8,
    meta: str | Sequence[str] | None = None,
    voice: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every hit of the term families, with its context and its place in the article.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families to find (matching rules in :mod:`toolkit.terms`). Families that
        give their patterns by language (the packaged dictionaries) find each article's hits
        in its own language's patterns, told as :func:`toolkit.count_terms` tells it (the
        ``language`` column, else the letters): the hits shown are the hits it counts.
    window : int, default 8
        Tokens of context on each side of a hit (0: the hit alone).
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default ``source, published,
        url``; see :data:`toolkit.engine.DEFAULT_META`), e.g. ``["source", "president"]``.
    voice : bool, default False
        Say whose words each hit is in (:func:`toolkit.voice.voice_spans`, computed once per
        article, with its ``source`` as the outlet and its ``language`` column when the corpus
        has one): three more columns, and ``in_quote`` from the same annotation.
    progress : bool, optional
        Show a progress bar (default: for corpora over 20 million characters).

    Returns
    -------
    DataFrame
        One row per hit, in corpus and text order: ``doc_id`` and the ``meta`` columns; ``term``
        (family name); ``match`` (the text matched, as written); ``left`` and ``right`` (up to
        ``window`` tokens of context, white space folded); ``start`` and ``end`` (character offsets
        into the article's ``text``: ``text[start:end] == match``); ``in_quote`` (True when the
        hit is inside quoted speech, see :func:`quote_mask`). With ``voice=True``, then
        ``voice`` (``quote``, ``reported`` or ``outlet``: the voice at the hit's first
        character), ``speaker`` (the canonical name, a surname alone as the longer name
        other hits, or the speakers of an article with a hit, give it:
        :func:`toolkit.voice.full_speaker_names`; empty for the outlet)
        and ``relay`` (the news organisation credited for the words; empty when none);
        ``in_quote`` is then
        ``voice == "quote"`` (the voice rules' quotations, which can differ from
        :func:`quote_mask`'s, e.g. for a quotation that continues into the next paragraph).

    Examples
    --------
    >>> import toolkit
    >>> hits = kwic(toolkit.load_sample(), {"unity": ["unity"]}, window=3)
    >>> hits[["match", "left", "right", "in_quote"]]
       match                 left                  right  in_quote
    0  unity       CSTO) for more  and consolidation for     False
    1  unity  efforts toward more    between CSTO member      True
    >>> hits = kwic(toolkit.load_sample(), {"unity": ["unity"]}, window=3, voice=True)
    >>> hits[["match", "in_quote", "voice", "speaker", "relay"]]
       match  in_quote     voice               speaker  relay
    0  unity     False  reported  Alexander Lukashenko
    1  unity      True     quote  Alexander Lukashenko  BelTA
    """
    window = check_window(window)
    voice = check_flag("voice", voice)
    matcher = get_matcher(terms)
    reserved = [*KWIC_COLUMNS, *VOICE_KWIC_COLUMNS] if voice else KWIC_COLUMNS
    carried = meta_columns(meta, corpus, reserved=reserved)
    shown = len(carried)
    read, spans_of = voice_reader(corpus, carried) if voice else (carried, None)
    read, matcher_of = _hit_reader(corpus, matcher, read)

    def step(doc: Document, found: list[Hit] | None = None) -> Partial:
        text = doc.text
        if found is None:  # (the batch step finds the hits of many documents at once)
            chosen, lang = matcher_of(doc)
            if chosen is None:
                return _left_out(lang)
            found = _hits(chosen, text)
        if not found:
            return {}
        head = (doc.position, *doc.meta[:shown])
        if spans_of is not None:
            spans = spans_of(doc)
            voices = voice_of(spans, [hit.start for hit in found])
            rows = [
                (*head, matcher.names[hit.family], text[hit.start : hit.end],
                 " ".join(_left(text, hit.start, window).split()),
                 " ".join(_right(text, hit.end, window).split()),
                 hit.start, hit.end, said.voice == "quote", *said)
                for hit, said in zip(found, voices)
            ]  # fmt: skip
            return {"rows": rows, "named": spoken_names(spans)}
        quotes = _quotes_near(text, found)
        quote_starts = [s for s, _ in quotes]
        rows = [
            (*head, matcher.names[hit.family], text[hit.start : hit.end],
             " ".join(_left(text, hit.start, window).split()),
             " ".join(_right(text, hit.end, window).split()),
             hit.start, hit.end, _inside(quotes, quote_starts, hit.start, hit.end))
            for hit in found
        ]  # fmt: skip
        return {"rows": rows}

    def finish(total: Partial) -> pd.DataFrame:
        columns = [*carried, *KWIC_COLUMNS]
        types = {**dtypes, "term": "str", "start": "int64", "end": "int64", "in_quote": "bool"}
        if voice:
            columns += VOICE_KWIC_COLUMNS
            types.update(dict.fromkeys(VOICE_KWIC_COLUMNS, "str"))
        table = rows_frame(total.get("rows", []), columns, types)
        _warn_left_out("kwic", total, "none of their hits is shown", "show")
        if voice and len(table):
            # a speaker some articles name by one word: the longer name (as speakers() and
            # count_terms(by="speaker") name them)
            voiced = table.loc[table["voice"] != "outlet", "speaker"]
            full = full_speaker_names(Counter(voiced.tolist()), also=total.get("named"))
            if full:
                table["speaker"] = table["speaker"].map(lambda s: full.get(s, s)).astype("str")
        return table

    dtypes = column_dtypes(corpus, carried)

    def batch(docs: list[Document]) -> Partial:
        # the documents of each language (each matcher of its families) at once
        groups: dict[int, tuple[Any, list[int]]] = {}
        total: Partial = {}
        for i, doc in enumerate(docs):
            chosen, lang = matcher_of(doc)
            if chosen is None:
                merge(total, _left_out(lang))
                continue
            groups.setdefault(id(chosen[0]), (chosen, []))[1].append(i)
        found: list[list[Hit] | None] = [[] for _ in docs]
        for chosen, members in groups.values():
            sub, numbers = chosen
            many = _hits_many(sub, [docs[i].text for i in members])
            for k, i in enumerate(members):
                found[i] = None if many is None else _numbered(many[k], numbers)
        for doc, hits in zip(docs, found, strict=True):
            if hits is None or hits:
                merge(total, step(doc, hits))
        return total

    analysis = Analysis("kwic", step, finish, meta=read,
                        warm_up=_warm_up_voice if voice else warm_sentences,
                        memory=Memories(matcher, SPANS) if voice else matcher,
                        batch=None if voice else batch)  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _hit_reader(
    corpus: Any, matcher: TermMatcher, read: tuple[str, ...] | list[str]
) -> tuple[tuple[str, ...], Any]:
    """The columns to read (``read``, and the corpus's ``language`` when families give their
    patterns by language) and a function giving the matcher of a document's hits with the
    numbers of its families among ``matcher``'s (None: ``matcher`` itself), and the language
    told: the patterns of its own language where families give them by language, told as
    :func:`toolkit.count_terms` tells it by default (the ``language`` column, else the
    letters), so that the hits shown are the hits counted; None in a language no family has
    patterns for (see :func:`_left_out`)."""
    read = tuple(read)
    has_column = "language" in column_dtypes(corpus, ["language"])
    rule = language_rule(matcher, column=has_column)
    if rule is not None and has_column and "language" not in read:
        read = (*read, "language")
    at = read.index("language") if rule is not None and has_column else None

    every: tuple[TermMatcher, Any] = (matcher, None)

    def matcher_of(doc: Document) -> tuple[tuple[TermMatcher, Any] | None, str | None]:
        if rule is None:
            return every, None
        lang = rule(doc.text, doc.meta[at] if at is not None else None)
        return (matcher.for_language(lang) if lang is not None else every), lang

    return read, matcher_of


def _left_out(lang: str | None) -> Partial:
    """The partial of an article in a language no family has patterns for."""
    return {"left_out": Counter([str(lang)])}


def _warn_left_out(func: str, total: Partial, what: str, verb: str) -> None:
    """Warn about the articles :func:`_left_out` counted: ``what`` befell them, and how to
    ``verb`` them."""
    out = total.get("left_out")
    if not out:
        return
    n = sum(out.values())
    listed = ", ".join(f"{lang}: {k:,}" for lang, k in out.most_common())
    warn_user(
        f"{func}(): {n:,} {'article is' if n == 1 else 'articles are'} in a language the term "
        f"families have no patterns for ({listed}): {what}. {patterns_hint(verb)}."
    )


def _hits(chosen: tuple[TermMatcher, Any] | None, text: str) -> list[Hit]:
    """The hits in ``text`` of the matcher :func:`_hit_reader` chose, numbered as the
    families of the matcher it was chosen from."""
    if chosen is None:
        return []
    sub, numbers = chosen
    wanted = sub.candidates(text)
    return _numbered(sub.hits(text, families=wanted) if wanted else [], numbers)


def _numbered(found: list[Hit], numbers: Any) -> list[Hit]:
    if numbers is None:
        return found
    return [hit._replace(family=int(numbers[hit.family])) for hit in found]


def speakers(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    by: By = "source",
    min_hits: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Who speaks the families' words: hits in each speaker's quotations and reported speech.

    Every hit is given the voice at its first character (:func:`toolkit.voice.voice_spans`,
    computed once per article, with its ``source`` as the outlet and its ``language`` column
    when the corpus has one), as ``kwic(..., voice=True)`` shows it. The outlet's own voice
    (narration, headlines, attribution frames) is no speaker: its hits are left out, so a
    family the outlet alone uses has no row.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (or chunks, or a Dask DataFrame).
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families (by language as :func:`kwic` reads them).
    by : str or list of str, optional, default "source"
        The groups (None: the whole corpus).
    min_hits : int, default 1
        Leave out the rows with fewer hits.
    progress : bool, optional
        Show a progress bar (default: for corpora over 20 million characters).

    Returns
    -------
    DataFrame
        One row per group, speaker and family that has hits, most hits first (ties in group,
        speaker and family order): the ``by`` columns, ``speaker`` (the canonical name; empty
        for quotations and reported speech whose speaker the rules could not name), ``term``
        (family name), ``hits`` (``quote_hits + reported_hits``), ``quote_hits`` (inside the
        speaker's quotations), ``reported_hits`` (in the outlet's account of the speaker's
        words) and ``docs`` (articles with at least one of these hits). Each article names a
        speaker once (:func:`toolkit.voice.voice_spans`); across articles, a speaker some
        articles name by one word is counted with the longer name that ends with it, in the
        table or among the speakers of the articles with a hit (``Biden`` with ``Joe Biden``),
        when one does or one has nine in ten of the hits of those that do
        (:func:`toolkit.voice.full_speaker_names`).

    Examples
    --------
    >>> import toolkit
    >>> table = speakers(toolkit.load_sample(), {"unity": ["unity"], "sanctions": ["sanction*"]})
    >>> table.columns.tolist()
    ['source', 'speaker', 'term', 'hits', 'quote_hits', 'reported_hits', 'docs']
    >>> table[["speaker", "term", "hits", "quote_hits", "reported_hits"]]
                    speaker       term  hits  quote_hits  reported_hits
    0  Alexander Lukashenko  sanctions     2           2              0
    1  Alexander Lukashenko      unity     2           1              1
    """
    by_cols = as_list(by)
    check_group_names(by_cols, SPEAKER_COLUMNS, func="speakers")
    min_hits = check_count("min_hits", min_hits, 1)
    matcher = get_matcher(terms)
    names = matcher.names
    read, spans_of = voice_reader(corpus, ())
    read, matcher_of = _hit_reader(corpus, matcher, read)

    def step(doc: Document) -> Partial:
        chosen, lang = matcher_of(doc)
        if chosen is None:
            return _left_out(lang)
        found = _hits(chosen, doc.text)
        if not found:
            return {}
        hits: Counter[tuple[Any, ...]] = Counter()
        spans = spans_of(doc)
        for hit, said in zip(found, voice_of(spans, [hit.start for hit in found])):
            if said.voice != "outlet":
                hits[doc.key, said.speaker, names[hit.family], said.voice] += 1
        named = spoken_names(spans)  # (as kwic reads them: every article with a hit)
        if not hits:
            return {"named": named} if named else {}
        docs = Counter({(key, speaker, family) for key, speaker, family, _ in hits})
        return {"hits": hits, "docs": docs, "named": named}

    def finish(total: Partial) -> pd.DataFrame:
        _warn_left_out("speakers", total, "none of their speakers is listed", "list")
        found = total.get("hits", Counter())
        named: Counter[str] = Counter()
        for (_key, speaker, _family, _said), n in found.items():
            named[speaker] += n
        full = full_speaker_names(named, also=total.get("named"))
        counts: dict[tuple[Any, ...], list[int]] = {}
        for (key, speaker, family, said), n in found.items():
            counts.setdefault((key, full.get(speaker, speaker), family), [0, 0])[
                said != "quote"
            ] += n
        docs: Counter[tuple[Any, ...]] = Counter()
        for (key, speaker, family), n in total.get("docs", Counter()).items():
            docs[key, full.get(speaker, speaker), family] += n  # (one name per article)
        records = [
            (*key, speaker, family, quoted + reported, quoted, reported, docs[key, speaker, family])
            for (key, speaker, family), (quoted, reported) in counts.items()
            if quoted + reported >= min_hits
        ]
        frame = pd.DataFrame.from_records(records, columns=[*by_cols, *SPEAKER_COLUMNS])
        types = {**dtypes, "speaker": "str", "term": "str"}
        types.update(dict.fromkeys(["hits", "quote_hits", "reported_hits", "docs"], "int64"))
        for column, dtype in types.items():
            if frame[column].dtype != dtype:
                frame[column] = frame[column].astype(dtype)
        order = ["hits", *by_cols, "speaker", "term"]
        frame = frame.sort_values(
            order, ascending=[False, *[True] * (len(order) - 1)], na_position="last", kind="stable"
        )
        return frame.reset_index(drop=True)

    dtypes = column_dtypes(corpus, by_cols)
    analysis = Analysis("speakers", step, finish, by=tuple(by_cols), meta=read,
                        warm_up=_warm_up_voice, memory=Memories(matcher, SPANS))  # fmt: skip
    return run(analysis, corpus, progress=progress)


# Scoped to table.kwic: context flows towards the match, quoted hits are tinted.
_KWIC_STYLE = (
    "<style>table.kwic{border-collapse:collapse;font-size:0.9em}"
    "table.kwic td,table.kwic th{padding:2px 6px;border-bottom:1px solid #e5e5e5;"
    "vertical-align:top;text-align:left}"
    "table.kwic td.left,table.kwic th.left{text-align:right}"
    "table.kwic mark{background:#ffe8a3;padding:0 2px}"
    "table.kwic tr.quote td{background:#eef4fb}</style>"
)


def sample_kwic(
    hits: pd.DataFrame, *, by: By = "source", n: int = 300, seed: int = 0
) -> pd.DataFrame:
    """At most ``n`` rows of a :func:`kwic` table, shared evenly across the groups of ``by``
    (each group gets ``n / groups`` rows, drawn at random with a fixed seed; a group with fewer
    hits gives all of them, and the others share what it leaves), in corpus order.

    The first rows of a concordance all come from its first source; a sample across the groups
    is what a reader should look at first.

    Examples
    --------
    >>> hits = pd.DataFrame({"source": ["A"] * 8 + ["B"] * 2, "match": list("abcdefghij")})
    >>> sample_kwic(hits, n=4)["source"].tolist()
    ['A', 'A', 'B', 'B']
    """
    n = check_count("n", n, 1)
    by_cols = as_list(by)
    if not isinstance(hits, pd.DataFrame):
        raise ToolkitError("sample_kwic() takes the table kwic() returns.")
    missing = [c for c in by_cols if c not in hits.columns]
    if missing:
        raise ToolkitError(f"sample_kwic(): the table has no column {missing[0]!r}.")
    if len(hits) <= n or not by_cols:
        return hits.sample(n=min(n, len(hits)), random_state=seed).sort_index()
    groups = hits.groupby(by_cols, dropna=False, sort=False).indices
    quota = deal_quota({key: len(rows) for key, rows in groups.items()}, n)
    rng = np.random.default_rng(seed)
    chosen = np.concatenate(
        [rng.choice(rows, size=quota[key], replace=False) for key, rows in groups.items()]
    )
    return hits.iloc[np.sort(chosen)]


def format_kwic(table: pd.DataFrame, *, max_rows: int = 500) -> str:
    """Render a :func:`kwic` table as an HTML table, article text escaped, matches marked.

    Quoted hits are shown in italics. Only the first ``max_rows`` rows are rendered.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "source": ["X"], "term": ["t"],
    ...     "left": ["<b>bold"], "match": ["Unity"], "right": ["& more"], "in_quote": [True]})
    >>> out = format_kwic(table)
    >>> "&lt;b&gt;bold" in out, "<mark><i>Unity</i></mark>" in out, "<b>" in out
    (True, True, False)
    """
    columns = ("doc_id", "source", "term", "left", "match", "right")
    require_table(table, columns, "toolkit.kwic()", func="format_kwic")
    max_rows = check_count("max_rows", max_rows, 1)
    e = html.escape
    head = "".join(
        f'<th class="left">{c}</th>' if c == "left" else f"<th>{c}</th>"
        for c in ("source", "doc_id", "term", "left", "match", "right")
    )
    body = []
    for rec in table.head(max_rows).itertuples(index=False):
        quoted = bool(getattr(rec, "in_quote", False))
        match = f"<i>{e(str(rec.match))}</i>" if quoted else e(str(rec.match))
        row_open = '<tr class="quote">' if quoted else "<tr>"
        body.append(
            f"{row_open}<td>{e(str(rec.source))}</td><td>{e(str(rec.doc_id))}</td>"
            f'<td>{e(str(rec.term))}</td><td class="left">{e(str(rec.left))}</td>'
            f"<td><mark>{match}</mark></td><td>{e(str(rec.right))}</td></tr>"
        )
    return (
        f'{_KWIC_STYLE}<table class="kwic"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


#: The columns of the ``dp`` table of :func:`dispersion` after the ``by`` columns.
DP_COLUMNS = ["term", "hits", "n_docs", "docs_with_hit", "dp", "dp_norm"]


class Dispersion(NamedTuple):
    """The two tables :func:`dispersion` returns: ``hits, dp = dispersion(...)``."""

    hits: pd.DataFrame
    dp: pd.DataFrame


def dispersion(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    by: By = None,
    meta: str | Sequence[str] | None = None,
    progress: bool | None = None,
) -> Dispersion:
    """Where hits fall: token positions per document, and Gries' DP per term and group.

    Gries' deviation of proportions (:func:`toolkit.stats.gries_dp`) compares each document's
    share of a term's hits with its share of the tokens. It is 0 when hits spread in proportion
    to document length and approaches 1 when they all sit in one small document: a
    single-article spike, not a steady theme. ``dp_norm`` divides by the largest possible value.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher
        The term families (by language as :func:`kwic` reads them: an article in a language
        no family has patterns for is no part of a group, as in :func:`toolkit.count_terms`).
    by : str or list of str, optional
        Compute DP within each group (e.g. ``"source"``): the documents of the group are its parts.
    meta : str or list of str, optional
        Corpus columns carried into every row of ``hits`` after ``doc_id`` (default ``source,
        published, url``); the ``by`` columns are carried too.
    progress : bool, optional
        Show a progress bar (default: for corpora over 20 million characters).

    Returns
    -------
    Dispersion
        ``hits``: one row per hit with ``doc_id``, the ``meta`` and ``by`` columns, ``term``,
        ``token_index`` (position of the hit's first token among the document's tokens) and
        ``n_tokens`` (document length). ``dp``: one row per group and term with the ``by``
        columns, ``term, hits, n_docs, docs_with_hit, dp, dp_norm`` (NaN where the term has no
        hits, or the group has one document).

    Examples
    --------
    >>> import toolkit
    >>> hits, dp = dispersion(toolkit.load_sample(), {"unity": ["unity"]})
    >>> hits[["term", "token_index", "n_tokens"]]
        term  token_index  n_tokens
    0  unity           23       288
    1  unity           90       288
    """
    by_cols = as_list(by)
    check_group_names(by_cols, DP_COLUMNS, func="dispersion")
    matcher = get_matcher(terms)
    names = matcher.names
    reserved = ["term", "token_index", "n_tokens"]
    carried = tuple(dict.fromkeys([*meta_columns(meta, corpus, reserved=reserved), *by_cols]))
    read, matcher_of = _hit_reader(corpus, matcher, carried)
    shown = len(carried)

    def step(doc: Document) -> Partial:
        chosen, lang = matcher_of(doc)
        if chosen is None:  # (a language no family has patterns for: not one of the parts)
            return _left_out(lang)
        found, n_tokens = chosen[0].find(doc.text)
        found = _numbered(found, chosen[1])
        per_family = np.zeros(len(names), dtype=np.int64)
        rows = []
        if found:
            starts = [m.start() for m in TOKEN_RE.finditer(doc.text)]
            head = (doc.position, *doc.meta[:shown])
            for hit in found:
                position = bisect_right(starts, hit.start) - 1
                rows.append((*head, names[hit.family], position, n_tokens))
                per_family[hit.family] += 1
        return {"hits": rows, "docs": [(doc.position, doc.key, n_tokens, per_family)]}

    def finish(total: Partial) -> Dispersion:
        columns = [*carried, "term", "token_index", "n_tokens"]
        types = {**dtypes, "term": "str", "token_index": "int64", "n_tokens": "int64"}
        hits = rows_frame(total.get("hits", []), columns, types)
        _warn_left_out("dispersion", total, "left out of the parts measured", "include")
        return Dispersion(hits, _dp_table(total.get("docs", []), by_cols, names))

    dtypes = column_dtypes(corpus, carried)
    analysis = Analysis("dispersion", step, finish, by=tuple(by_cols), meta=read,
                        memory=matcher)  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _dp_table(docs: list[tuple[Any, ...]], by_cols: list[str], names: list[str]) -> pd.DataFrame:
    """Gries' DP per group and term from each document's (position, key, tokens, hits) row."""
    groups: dict[tuple[Any, ...], list[tuple[int, int, np.ndarray]]] = {}
    for position, key, n_tokens, per_family in docs:
        groups.setdefault(key, []).append((position, n_tokens, per_family))
    if not by_cols and not groups:
        groups[()] = []
    keys = pd.DataFrame(list(groups), columns=by_cols, index=range(len(groups)))
    order = keys.sort_values(by_cols, na_position="last", kind="stable").index if by_cols else [0]
    records = []
    for i in order:
        key = list(groups)[i]
        parts = sorted(groups[key], key=lambda part: part[0])
        sizes = np.array([p[1] for p in parts], dtype=float)
        freq = np.array([p[2] for p in parts], dtype=float).reshape(len(parts), len(names))
        for j, name in enumerate(names):
            dp, dp_norm = gries_dp(freq[:, j], sizes)
            total = int(freq[:, j].sum())
            docs_with = int((freq[:, j] > 0).sum())
            records.append((*key, name, total, len(parts), docs_with, dp, dp_norm))
    return pd.DataFrame(records, columns=[*by_cols, *DP_COLUMNS])
