"""Sentiment of sentences and articles with VADER or TextBlob, and summaries with uncertainty.

Both methods are lexicon-based and work offline: ``vader`` is the ``vaderSentiment`` package
(Hutto & Gilbert 2014; its ``compound`` score runs from -1 to 1), ``textblob`` is TextBlob's
``PatternAnalyzer`` (``polarity`` from -1 to 1, ``subjectivity`` from 0 to 1). Neither needs
downloaded NLTK data: sentences come from :func:`toolkit.text.sentence_spans` and tokens from
:func:`toolkit.text.tokenize`.

How the scores are computed
---------------------------
* **The sentence is the unit that is scored.** Both lexicons were built and validated on short
  texts. VADER's ``compound`` squashes the sum of its word scores, so a whole article saturates
  towards -1 or 1; its cost also grows with the square of the length of the text. A "sentence"
  longer than :data:`MAX_SENTENCE_CHARS` (text without sentence punctuation: a transcript, a
  scraped list) is therefore scored in windows of at most that many characters, cut at white
  space, each a row of its own: scoring stays linear in the length of the text. No sentence of
  the 237 State of the Union addresses is that long (the longest has 2,230 characters).
* **A document's score is the mean of its sentence scores, weighted by the sentences' token
  counts**, so every word weighs the same: the dateline ``MINSK, May 18.`` counts for 3 tokens,
  a 40-word sentence for 40. Sentences without tokens (a lone dash) get weight 0. The document
  score therefore does not depend on how the text is cut into documents: an article joined to a
  copy of itself gets the article's score (up to floating-point rounding).
* **Coverage.** ``n_tokens`` counts the toolkit tokens of a unit and ``lexicon_tokens`` those of
  them that are entries of the method's lexicon. A score computed from few lexicon words is
  fragile, and a lexicon built for English social media or product reviews covers news rhetoric
  (and other languages) poorly: report :func:`summarize_sentiment`'s ``coverage`` with the scores.
* **English only.** Both lexicons are English. A sentence written mostly in another script
  (Cyrillic: Russian, Belarusian, Ukrainian), or any sentence of an article whose ``language``
  column (from the export or :func:`toolkit.clean.tag_language`) is not English, would score a
  meaningless 0: it gets NaN scores instead, and a warning says how many; when nothing is left
  to score, :func:`sentiment` raises. Compare non-English sources with term families
  (:func:`toolkit.count_terms`, ``keyness(..., lemmas=True)``) or score a translation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, Literal

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
from toolkit.errors import CorpusError, MissingResourceError, ToolkitError
from toolkit.periods import Period, check_period, warn_if_disjoint, with_periods
from toolkit.stats import bootstrap_mean_interval, spearman
from toolkit.terms import TermMatcher, Terms, get_matcher
from toolkit.text import sentence_spans, tokenize
from toolkit.text import warm_up as warm_sentences
from toolkit.util import By, as_list, require_table, warn_user
from toolkit.voice import SPANS, Memories, VoiceSpan, voice_reader
from toolkit.voice import warm_up as warm_voice

__all__ = [
    "LEVELS",
    "METHODS",
    "VOICE_SENTIMENT_COLUMNS",
    "compare_sentiment",
    "sentiment",
    "summarize_sentiment",
]

Method = Literal["vader", "textblob"]
Level = Literal["sentence", "document"]

#: The score columns each method adds, the main score first.
METHODS: dict[str, tuple[str, ...]] = {
    "vader": ("compound", "pos", "neu", "neg"),
    "textblob": ("polarity", "subjectivity"),
}
#: The units that :func:`sentiment` returns one row for.
LEVELS = ("sentence", "document")
#: The columns ``sentiment(..., voice=True)`` adds after ``text`` (sentences; ``voice`` and
#: ``speaker`` after ``term`` for documents).
VOICE_SENTIMENT_COLUMNS = ["voice", "speaker", "relay"]

_SUMMARY = ["n", "mean", "median", "q25", "q75", "iqr", "mean_low", "mean_high", "coverage"]

Scorer = Callable[[str], tuple[float, ...]]


# --- the two methods, imported lazily ---------------------------------------------------------


@cache
def _vader() -> Any:
    """The VADER analyzer (loading its lexicon takes a moment, so it is built once)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        raise MissingResourceError(
            "method='vader' needs the vaderSentiment package: pip install vaderSentiment"
        ) from None
    return SentimentIntensityAnalyzer()


@cache
def _textblob() -> Any:
    """TextBlob's PatternAnalyzer (what ``TextBlob(text).sentiment`` uses by default)."""
    try:
        from textblob.en.sentiments import PatternAnalyzer
    except ImportError:
        raise MissingResourceError(
            "method='textblob' needs the textblob package: pip install textblob"
        ) from None
    return PatternAnalyzer()


@cache
def _lexicon(method: str) -> frozenset[str]:
    """The single words of a method's lexicon, lower-cased."""
    if method == "vader":
        words = _vader().lexicon.keys()
    else:
        _textblob()  # raises MissingResourceError when textblob is missing
        from textblob.en.sentiments import pattern_sentiment

        # A lazily loaded dict: word -> {part of speech: (polarity, subjectivity, intensity)}
        words = pattern_sentiment.keys()
    return frozenset(w.lower() for w in words if " " not in w)


def _scorer(method: str) -> Scorer:
    if method == "vader":
        analyzer = _vader()
        from vaderSentiment.vaderSentiment import SentiText

        lexicon = analyzer.lexicon
        emojis = frozenset(e for e in analyzer.emojis if len(e) == 1)  # it reads one char at a time

        def vader(text: str) -> tuple[float, ...]:
            # A sentence without an emoji and without a word of the lexicon scores exactly
            # neutral (VADER gives every word 0; only lexicon words are ever modified): about a
            # quarter of news sentences, told by VADER's own word split, for a tenth of the cost
            # of scoring them (tests compare with polarity_scores on real and random text).
            if text.isascii() or emojis.isdisjoint(text):
                words = SentiText(text.strip()).words_and_emoticons
                if not any(w.lower() in lexicon for w in words):
                    return (0.0, 0.0, 1.0, 0.0) if words else (0.0, 0.0, 0.0, 0.0)
            found = analyzer.polarity_scores(text)
            return found["compound"], found["pos"], found["neu"], found["neg"]

        return vader
    analyze = _textblob().analyze

    def textblob(text: str) -> tuple[float, ...]:
        found = analyze(text)
        return float(found.polarity), float(found.subjectivity)

    return textblob


def _check_choice(name: str, value: object, valid: Sequence[str]) -> None:
    if value not in valid:
        raise ToolkitError(f"{name} must be one of {list(valid)}; got {value!r}.")


# --- scoring ----------------------------------------------------------------------------------


def sentiment(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher | None = None,
    *,
    method: Method = "vader",
    level: Level = "sentence",
    meta: str | Sequence[str] | None = None,
    voice: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score the sentences of every article, or whole articles, for sentiment.

    How the scores are computed (sentence by sentence, documents as token-weighted means) is
    explained in the module docstring.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus` (never modified). Articles without text are
        left out (with a warning).
    method : {"vader", "textblob"}, default "vader"
        ``vader``: the ``vaderSentiment`` package's ``polarity_scores``; ``textblob``: TextBlob's
        ``PatternAnalyzer``, the same as ``TextBlob(text).sentiment``.
    level : {"sentence", "document"}, default "sentence"
        One row per sentence, or per article (the mean of its sentence scores weighted by their
        token counts).
    terms : dict, list of TermFamily, dictionary name, YAML path or TermMatcher, optional
        Targeted sentiment: keep only the sentences in which a term family has a hit (a hit
        belongs to the sentence it starts in), with one row per sentence and family. A sentence
        that mentions two families appears twice. With ``level="document"``, each article's
        score per family is the weighted mean over those sentences only; articles that never
        mention a family have no row for it.
    meta : str or list of str, optional
        Corpus columns carried into every row after ``doc_id`` (default ``source, published,
        url``), e.g. ``["source", "published", "year"]``, to group by them in
        :func:`summarize_sentiment`.
    voice : bool, default False
        Score the words of each voice apart (:func:`toolkit.voice.voice_spans`, computed once
        per article and cached, with its ``source`` as the outlet and its ``language`` column
        when it has one): every sentence is cut where the voice, speaker or relay changes, and
        each piece with a token is a row of its own, with ``voice`` (``quote``, ``reported`` or
        ``outlet``), ``speaker`` and ``relay``. In ``Kozlov said the sanctions were a
        disaster.``, ``Kozlov said`` is the outlet's and ``the sanctions were a disaster.``
        Kozlov's reported words. With ``terms``, a piece is kept when a hit starts in it.
        Summarize with ``summarize_sentiment(table, by=["source", "voice"])``. VADER scores
        each piece as a short text of its own; a piece of two or three words scores 0 more
        often than a whole sentence does.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 2 million characters (VADER
        scores about a million characters a second).

    Returns
    -------
    DataFrame
        With ``level="sentence"``: ``doc_id``, the ``meta`` columns, ``term`` (the family,
        only with ``terms``), ``sentence`` (index of the sentence within its article, from 0),
        ``start`` and ``end`` (character offsets: ``text[start:end]`` of the article is the
        sentence), ``text`` (the sentence), the scores, ``n_tokens`` (toolkit tokens of the
        sentence) and ``lexicon_tokens`` (how many of them are words of the method's lexicon).
        With ``level="document"``: ``doc_id``, the ``meta`` columns, ``term`` (only with
        ``terms``), ``n_sentences``, the scores (weighted means; NaN for an article without
        tokens), ``n_tokens`` and ``lexicon_tokens`` (sums over the sentences).
        The scores are ``compound`` (-1 to 1), ``pos``, ``neu`` and ``neg`` (shares of the text,
        0 to 1) for ``vader``; ``polarity`` (-1 to 1) and ``subjectivity`` (0 to 1) for
        ``textblob``.

    Raises
    ------
    ToolkitError
        Unknown ``method`` or ``level``.
    CorpusError
        Not a corpus (no ``text`` or ``doc_id`` column), or a ``meta`` column it lacks.
    MissingResourceError
        ``vaderSentiment`` or ``textblob`` is not installed.

    Examples
    --------
    >>> import toolkit
    >>> scores = sentiment(toolkit.load_sample())
    >>> scores.loc[8:10, ["sentence", "start", "end", "compound", "n_tokens", "lexicon_tokens"]]
        sentence  start   end  compound  n_tokens  lexicon_tokens
    8          8   1246  1526   -0.0572        52               1
    9          9   1527  1612    0.0000        14               0
    10        10   1613  1847    0.7351        33               4
    >>> targeted = sentiment(toolkit.load_sample(), {"sanctions": ["sanction*"]})
    >>> targeted[["term", "sentence", "compound"]]
            term  sentence  compound
    0  sanctions         8   -0.0572
    1  sanctions        10    0.7351
    >>> doc = sentiment(toolkit.load_sample(), method="textblob", level="document")
    >>> doc[["doc_id", "n_sentences", "polarity", "n_tokens"]].round(3)
                                doc_id  n_sentences  polarity  n_tokens
    0  tass-2023-05-18-lukashenko-csto           11      0.16       288
    >>> voiced = sentiment(toolkit.load_sample(), voice=True, level="document")
    >>> voiced[["voice", "speaker", "n_sentences", "compound", "n_tokens"]].round(3)
          voice               speaker  n_sentences  compound  n_tokens
    0    outlet                                 12     0.010        59
    1     quote  Alexander Lukashenko            8     0.349       129
    2  reported  Alexander Lukashenko            9     0.249       100
    """
    _check_choice("method", method, list(METHODS))
    _check_choice("level", level, LEVELS)
    score = _scorer(method)
    lexicon = _lexicon(method)
    score_cols = list(METHODS[method])
    matcher = get_matcher(terms) if terms is not None else None
    reserved = ["term", "sentence", "start", "end", "text", *score_cols, "n_tokens",
                "lexicon_tokens", "n_sentences"]  # fmt: skip
    if voice:
        reserved += VOICE_SENTIMENT_COLUMNS
    carried = meta_columns(meta, corpus, reserved=reserved)
    read = carried
    if "language" in column_dtypes(corpus, ["language"]):
        if "language" not in carried:
            read = (*carried, "language")
        language_at: int | None = read.index("language")
    else:
        language_at = None
    if voice:
        read, spans_of = voice_reader(corpus, read)
    not_scored = tuple([np.nan] * len(score_cols))

    def units(doc: Document) -> tuple[list[tuple[int, int, int, tuple[str, ...]]], list[Any]]:
        """The scored units of a document, ``(sentence, start, end, (voice, speaker, relay))``
        (sentences, or with ``voice`` their pieces), and ``(unit, family)`` of each unit to
        score (every one without terms)."""
        text = doc.text
        if not voice:
            if matcher is None:
                sentences = list(_scored_spans(text))
                return [(k, a, b, ()) for k, (a, b) in enumerate(sentences)], [
                    (k, -1) for k in range(len(sentences))
                ]
            sentences, targets = _sentences_with_hits(matcher, text)
            return [(k, a, b, ()) for k, (a, b) in enumerate(sentences)], targets
        hits = matcher.hits(text) if matcher is not None else []
        if matcher is not None and not hits:
            return [], []
        last = max((h.start for h in hits), default=len(text))
        sentences = []
        for span in _scored_spans(text):
            if span[0] > last:
                break
            sentences.append(span)
        pieces = _voice_pieces(text, sentences, spans_of(doc))
        if matcher is None:
            return pieces, [(k, -1) for k in range(len(pieces))]
        starts = [p[1] for p in pieces]
        found = set()
        for hit in hits:
            k = bisect_right(starts, hit.start) - 1
            if k >= 0 and hit.start < pieces[k][2]:
                found.add((k, hit.family))
        return pieces, sorted(found)

    def step(doc: Document) -> Partial:
        text = doc.text
        language = doc.meta[language_at] if language_at is not None else None
        foreign = language is not None and not str(language).lower().startswith("en")
        doc_units, targets = units(doc)
        if not targets:
            return {}
        done: dict[int, tuple[tuple[float, ...], int, int]] = {}
        rows = []
        for k, family in targets:
            s, start, end, said = doc_units[k]
            sentence_text = text[start:end]
            if k not in done:
                tokens = tokenize(sentence_text)
                english = not foreign and _mostly_latin(sentence_text)
                scores = score(sentence_text) if english else not_scored
                done[k] = scores, len(tokens), sum(t in lexicon for t in tokens)
            scores, n_tokens, lexicon_tokens = done[k]
            term = [matcher.names[family]] if matcher is not None else []
            rows.append((doc.position, *doc.meta[: len(carried)], *term, s, start, end,
                         sentence_text, *said, *scores, n_tokens, lexicon_tokens))  # fmt: skip
        unscored = sum(scores is not_scored for scores, _, _ in done.values())
        return {"rows": rows, "sentences": len(done), "unscored": unscored,
                "unscored_docs": int(unscored > 0)}  # fmt: skip

    def finish(total: Partial) -> pd.DataFrame:
        meta_cols = list(carried)
        term = ["term"] if matcher is not None else []
        said = VOICE_SENTIMENT_COLUMNS if voice else []
        columns = [*meta_cols, *term, "sentence", "start", "end", "text", *said, *score_cols,
                   "n_tokens", "lexicon_tokens"]  # fmt: skip
        types: dict[str, Any] = {
            **dtypes, **dict.fromkeys(score_cols, "float64"), **dict.fromkeys(term, "str"),
            "sentence": "int64", "start": "int64", "end": "int64", "text": "str",
            "n_tokens": "int64", "lexicon_tokens": "int64", **dict.fromkeys(said, "str"),
        }  # fmt: skip
        table = rows_frame(total.get("rows", []), columns, types)
        _check_scored(total, method)
        if level == "document":
            names = matcher.names if matcher is not None else None
            table = _by_document(table, score_cols, names, meta_cols, voice=voice)
        return table

    dtypes = column_dtypes(corpus, carried)
    # VADER scores about 1.3 MB of text a second: show a bar for anything over a few seconds
    analysis = Analysis("sentiment", step, finish, meta=read, progress_chars=2_000_000,
                        warm_up=_warm_up_voice if voice else warm_sentences,
                        memory=Memories(matcher, SPANS) if voice else matcher)  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _warm_up_voice() -> None:
    """The sentence splitter and the voice cues, built before workers are forked."""
    warm_sentences()
    warm_voice()


def _voice_pieces(
    text: str, sentences: list[tuple[int, int]], spans: Sequence[VoiceSpan]
) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """Each sentence cut where its voice, speaker or relay changes: ``(sentence, start, end,
    (voice, speaker, relay))`` of every piece with a token, white space trimmed.

    Examples
    --------
    >>> from toolkit.voice import voice_spans
    >>> text = "Kozlov said the sanctions were a disaster. Talks went on."  # synthetic
    >>> for s, a, b, said in _voice_pieces(text, [(0, 42), (43, 57)], voice_spans(text)):
    ...     print(s, repr(text[a:b]), said)
    0 'Kozlov said' ('outlet', '', '')
    0 'the sanctions were a disaster.' ('reported', 'Kozlov', '')
    1 'Talks went on.' ('outlet', '', '')
    """
    starts = [span.start for span in spans]
    pieces: list[tuple[int, int, int, tuple[str, ...]]] = []
    for s, (a, b) in enumerate(sentences):
        k = max(0, bisect_right(starts, a) - 1)
        while k < len(spans) and spans[k].start < b:
            span = spans[k]
            lo, hi = max(a, span.start), min(b, span.end)
            k += 1
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            if hi > lo and tokenize(text[lo:hi]):
                pieces.append((s, lo, hi, (span.voice, span.speaker, span.relay)))
    return pieces


_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _mostly_latin(text: str) -> bool:
    """True when at least half of the letters of ``text`` are Latin (or it has none)."""
    if text.isascii():
        return True
    letters = len(_LETTER_RE.findall(text))
    return 2 * len(_LATIN_RE.findall(text)) >= letters


def _check_scored(total: Partial, method: str) -> None:
    """Raise when no sentence could be scored in English; warn when some could not."""
    unscored, sentences = total.get("unscored", 0), total.get("sentences", 0)
    if not unscored:
        return
    advice = (
        f"The {method} lexicon is English: compare such sources with term families "
        "(count_terms, keyness(..., lemmas=True)) or score an English translation."
    )
    if unscored == sentences:
        raise CorpusError(
            f"sentiment() found no English text to score: all {sentences:,} sentences are in "
            f"another script or in articles whose language column is not English. {advice}"
        )
    warn_user(
        f"sentiment(): {unscored:,} of {sentences:,} sentences ({total['unscored_docs']:,} "
        "articles) are in another script or in articles whose language column is not English; "
        f"their scores are NaN, not 0. {advice}"
    )


#: The longest span of text scored as one sentence (see the module docstring): VADER takes
#: 3 ms for 1,000 characters of text without sentence punctuation, 21 ms for 3,000 and 84 ms
#: for 6,000.
MAX_SENTENCE_CHARS = 3_000


def _scored_spans(text: str) -> Iterator[tuple[int, int]]:
    """The sentence spans of ``text``, a sentence longer than :data:`MAX_SENTENCE_CHARS` cut into
    windows of at most that length, each ending after the last white space it holds (or at the
    limit, when it holds none).

    Examples
    --------
    >>> text = "Short one. " + "word " * 1000
    >>> [end - start for start, end in _scored_spans(text)]
    [10, 3000, 1999]
    """
    for start, end in sentence_spans(text):
        while end - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            cut = cut + 1 if cut > start else limit
            yield start, cut
            start = cut
        yield start, end


def _sentences_with_hits(
    matcher: TermMatcher, text: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of the sentences of ``text`` up to the last one with a hit (the rest need not be
    split), and (sentence index, family index) of each sentence a family has a hit in, in text
    order."""
    hits = matcher.hits(text)
    if not hits:
        return [], []
    last = max(hit.start for hit in hits)
    spans = []
    for span in _scored_spans(text):
        if span[0] > last:
            break
        spans.append(span)
    starts = [start for start, _ in spans]
    found: set[tuple[int, int]] = set()
    for hit in hits:
        s = bisect_right(starts, hit.start) - 1
        if s >= 0 and hit.start < spans[s][1]:
            found.add((s, hit.family))
    return spans, sorted(found)


def _by_document(
    table: pd.DataFrame,
    score_cols: list[str],
    names: list[str] | None,
    meta_cols: list[str],
    *,
    voice: bool = False,
) -> pd.DataFrame:
    """Token-weighted means of the sentence scores per document (and family, in family order;
    and voice and speaker)."""
    # consecutive runs of one document: doc_id alone could repeat in a corpus built by hand
    work = table.assign(_doc=(table["doc_id"] != table["doc_id"].shift()).cumsum())
    keys = ["_doc"]
    if names is not None:
        work["_family"] = work["term"].map({name: j for j, name in enumerate(names)})
        keys.append("_family")
    if voice:
        keys += ["voice", "speaker"]
    # unscored (non-English) sentences weigh nothing
    weights = np.where(work[score_cols[0]].isna(), 0.0, work["n_tokens"].to_numpy(dtype=float))
    weighted = pd.DataFrame(
        {col: work[col].to_numpy(dtype=float) * weights for col in score_cols}, index=work.index
    )
    weighted["_weight"] = weights
    sums = weighted.groupby([work[k] for k in keys], sort=True).sum()
    grouped = work.groupby(keys, sort=True)
    meta = [*meta_cols, *(["term"] if names is not None else [])]
    out = grouped[meta].first()
    out["n_sentences"] = grouped.size().astype(np.int64)
    total = sums["_weight"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        for col in score_cols:
            out[col] = np.where(total > 0, sums[col].to_numpy() / total, np.nan)
    out["n_tokens"] = grouped["n_tokens"].sum().astype(np.int64)
    out["lexicon_tokens"] = grouped["lexicon_tokens"].sum().astype(np.int64)
    if voice:
        out = out.reset_index(level=["voice", "speaker"])
        meta += ["voice", "speaker"]
    out = out.reset_index(drop=True)
    return out[[*meta, "n_sentences", *score_cols, "n_tokens", "lexicon_tokens"]]


# --- summaries --------------------------------------------------------------------------------


def summarize_sentiment(
    scores: pd.DataFrame,
    *,
    by: By = None,
    period: Period | None = None,
    score: str | None = None,
) -> pd.DataFrame:
    """Summarize sentiment scores per group (and period): centre, spread and a 95% interval.

    Parameters
    ----------
    scores : DataFrame
        A table from :func:`sentiment` (sentences or documents), or any table with a score
        column. Never modified. When it has a ``term`` column (``sentiment(corpus, terms)``),
        the summary is also per term.
    by : str or list of str, optional
        Columns to group by, e.g. ``"source"``. Missing values form their own group.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, optional
        Also group by the period of ``published`` (day, week, month, quarter, year, decade).
        Rows without a date are left out (with a warning). Periods without rows are not listed.
    score : str, optional
        The column to summarize; by default ``compound`` if the table has it, else ``polarity``.

    Returns
    -------
    DataFrame
        One row per group, with columns: the ``by`` columns; ``period`` (start of the period,
        UTC) when ``period`` is given; ``term`` when the table has one; ``n`` (units: rows with a
        score); ``mean``; ``median``; ``q25`` and ``q75`` (quartiles, linear interpolation as in
        NumPy); ``iqr`` (q75 - q25); ``mean_low`` and ``mean_high`` (95% confidence interval of
        the mean: a percentile bootstrap of 2,000 resamples with a fixed seed, so it never leaves
        the score's range, as a t-interval does for few or skewed scores; NaN when n < 2; it
        treats the rows as independent, which sentences of one article are not); ``coverage`` (sum
        of ``lexicon_tokens`` / sum of ``n_tokens``: the share of tokens the lexicon knows; NaN
        when the table lacks those columns).

    Examples
    --------
    >>> import toolkit
    >>> scores = sentiment(toolkit.load_sample())
    >>> summary = summarize_sentiment(scores, by="source")
    >>> summary[["source", "n", "mean", "median", "mean_low", "mean_high", "coverage"]].round(3)
      source   n   mean  median  mean_low  mean_high  coverage
    0   TASS  11  0.281     0.0     0.082      0.496     0.062
    """
    if not isinstance(scores, pd.DataFrame):
        raise ToolkitError(
            f"summarize_sentiment() takes the table from sentiment(), got {type(scores).__name__}."
        )
    if scores.empty:
        raise ToolkitError(
            "summarize_sentiment() got an empty table: there are no scores to summarize. "
            "sentiment() returns no rows when no article has text or, with terms, when no "
            "sentence mentions the terms."
        )
    if score is None:
        score = next((c for c in ("compound", "polarity") if c in scores.columns), None)
        if score is None:
            raise ToolkitError(
                "The table has neither a 'compound' (VADER) nor a 'polarity' (TextBlob) column; "
                f"name the score column with score=. Columns: {list(scores.columns)}."
            )
    by_cols = as_list(by)
    missing = [c for c in [score, *by_cols] if c not in scores.columns]
    if missing:
        raise ToolkitError(
            f"The table has no column {missing[0]!r} (columns: {list(scores.columns)}). "
            "Pass score= and by= columns of the table from sentiment()."
        )
    if period is not None:
        check_period(period)
        scores = with_periods(scores, period, what="rows")
    else:
        warn_if_disjoint(scores, by_cols, func="summarize_sentiment()")
    values = pd.to_numeric(scores[score], errors="coerce").astype(float)
    work = scores[by_cols].copy()
    work["_score"] = values
    if {"n_tokens", "lexicon_tokens"} <= set(scores.columns):
        work["_tokens"] = scores["n_tokens"].astype(float)
        work["_lexicon"] = scores["lexicon_tokens"].astype(float)
    else:
        work["_tokens"] = work["_lexicon"] = np.nan
    group_cols = list(by_cols)
    if period is not None:
        work["period"] = scores["period"]
        group_cols.append("period")
    if "term" in scores.columns and "term" not in group_cols:
        work["term"] = scores["term"]
        group_cols.append("term")

    if not group_cols:
        work["_all"] = 0
    grouped = work.groupby(group_cols or ["_all"], dropna=False, sort=True)
    col = grouped["_score"]
    out = pd.DataFrame(
        {
            "n": col.count().astype(np.int64),
            "mean": col.mean(),
            "median": col.median(),
            "q25": col.quantile(0.25),
            "q75": col.quantile(0.75),
        }
    )
    out["iqr"] = out["q75"] - out["q25"]
    bounds = [bootstrap_mean_interval(values.to_numpy(dtype=float)) for _, values in col]
    out["mean_low"] = [low for low, _ in bounds]
    out["mean_high"] = [high for _, high in bounds]
    with np.errstate(divide="ignore", invalid="ignore"):
        tokens = grouped["_tokens"].sum(min_count=1).to_numpy(dtype=float)
        lexicon = grouped["_lexicon"].sum(min_count=1).to_numpy(dtype=float)
        out["coverage"] = np.where(tokens > 0, lexicon / tokens, np.nan)
    out = out.reset_index(drop=not group_cols)
    out = out[[*group_cols, *_SUMMARY]]
    out.attrs["score"] = score
    return out


def _main_score(table: pd.DataFrame, name: str) -> str:
    found = next((c for c in ("compound", "polarity") if c in table.columns), None)
    if found is None:
        raise ToolkitError(
            f"compare_sentiment(): {name} has neither a 'compound' (VADER) nor a 'polarity' "
            f"(TextBlob) column; pass a sentence table from sentiment(). Columns: "
            f"{list(table.columns)}."
        )
    return found


def compare_sentiment(first: pd.DataFrame, second: pd.DataFrame, *, by: By = None) -> pd.DataFrame:
    """How far two sentiment methods agree on the same sentences, per group.

    Both tables come from :func:`sentiment` at ``level="sentence"`` on the same corpus and terms
    (for example once with ``method="vader"``, once with ``"textblob"``); their rows are paired
    on ``doc_id``, ``sentence`` and ``term`` (when there is one). The main score of each
    (``compound`` or ``polarity``) is compared. The two scales are not interchangeable, so read
    the rank correlation and the sign agreement, not the difference of the means.

    Parameters
    ----------
    first, second : DataFrame
        Sentence tables from :func:`sentiment` (never modified).
    by : str or list of str, optional
        Columns of ``first`` to group by, e.g. ``["source", "term"]``; by default one row in all.

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns; ``n`` (paired sentences); ``first_mean`` and
        ``second_mean`` (mean scores); ``spearman`` (rank correlation of the two scores, see
        :func:`toolkit.stats.spearman`); ``opposite_sign`` (share of sentences one method scores
        above 0 and the other below); ``one_neutral`` (share scored exactly 0 by one method
        only). The score columns compared are in ``.attrs["scores"]``.

    Examples
    --------
    >>> import toolkit
    >>> sample = toolkit.load_sample()
    >>> vader = toolkit.sentiment(sample, method="vader")
    >>> blob = toolkit.sentiment(sample, method="textblob")
    >>> compare_sentiment(vader, blob)[["n", "opposite_sign", "one_neutral"]].round(3)
        n  opposite_sign  one_neutral
    0  11          0.091        0.455
    """
    for table, name in ((first, "first"), (second, "second")):
        require_table(table, ["doc_id", "sentence"], "toolkit.sentiment()",
                      func=f"compare_sentiment ({name})")  # fmt: skip
    a_score, b_score = _main_score(first, "first"), _main_score(second, "second")
    if ("term" in first.columns) != ("term" in second.columns):
        raise ToolkitError(
            "compare_sentiment() pairs the same sentences, but only one table has a 'term' column"
            ": score both with the same terms (sentiment(corpus, terms, method=...)), or both "
            "without."
        )
    keys = ["doc_id", "sentence", *(["term"] if "term" in first.columns else [])]
    if "voice" in first.columns and "start" in first.columns:
        keys.append("start")  # (voice=True: the pieces of a sentence)
    for table, name in ((first, "first"), (second, "second")):
        if table.duplicated(keys).any():
            raise ToolkitError(
                f"compare_sentiment(): the {name} table has several rows per {keys}; pass "
                "sentence tables (level='sentence') from sentiment()."
            )
    by_cols = as_list(by)
    require_table(first, by_cols, "toolkit.sentiment()", func="compare_sentiment (first)")
    left = first[[*dict.fromkeys([*keys, *by_cols])]].assign(_a=first[a_score].astype(float))
    right = second[keys].assign(_b=second[b_score].astype(float))
    both = left.merge(right, on=keys, how="inner", validate="1:1")
    if both.empty:
        raise ToolkitError(
            "compare_sentiment(): the two tables share no sentence (no doc_id, sentence"
            + (", term" if "term" in keys else "")
            + " in common). Score the same corpus, with the same terms, with both methods."
        )
    sign_a, sign_b = np.sign(both["_a"]), np.sign(both["_b"])
    both = both.assign(
        _opposite=(sign_a * sign_b < 0).astype(float),
        _one_neutral=((sign_a == 0) != (sign_b == 0)).astype(float),
    )
    groups = both.groupby(by_cols, dropna=False, sort=True) if by_cols else [((), both)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        rows.append(
            (*key, len(part), part["_a"].mean(), part["_b"].mean(),
             spearman(part["_a"], part["_b"]), part["_opposite"].mean(),
             part["_one_neutral"].mean())
        )  # fmt: skip
    columns = [*by_cols, "n", "first_mean", "second_mean", "spearman", "opposite_sign",
               "one_neutral"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out.attrs["scores"] = (a_score, b_score)
    return out
