"""Keywords in context, traceable to the article, and how evenly hits spread across documents."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit.corpus import usable_texts
from toolkit.errors import ToolkitError
from toolkit.frequency import matcher_for
from toolkit.terms import TermMatcher, Terms
from toolkit.text import TOKEN_RE
from toolkit.util import as_list, check_columns, progress_bar, require_table, wants_progress

__all__ = ["Dispersion", "dispersion", "format_kwic", "kwic", "quote_mask"]

KWIC_COLUMNS = [
    "doc_id",
    "source",
    "published",
    "url",
    "term",
    "match",
    "left",
    "right",
    "start",
    "end",
    "in_quote",
]

_OPENERS = {"“": "”", "«": "»", "„": "“"}
_QUOTE_CHARS_RE = re.compile('["“”«»„\n]')


def quote_mask(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that lie inside quoted speech.

    Straight double quotes toggle; curly quotes (“ ”), guillemets (« ») and low-high quotes
    („ “) open and close, and may nest. Quotes never run past the end of a paragraph (a line),
    which is how news text marks a quotation that continues: the next paragraph opens again.

    Examples
    --------
    >>> text = 'He said "we stand together" and «мир» today.'
    >>> [text[s:e] for s, e in quote_mask(text)]
    ['"we stand together"', '«мир»']
    """
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # expected closing characters
    start = 0
    for m in _QUOTE_CHARS_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            if stack:
                spans.append((start, pos))
            stack = []
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, pos + 1))
        elif ch in _OPENERS or ch == '"':
            if not stack:
                start = pos
            stack.append(_OPENERS.get(ch, '"'))
    if stack:
        spans.append((start, len(text)))
    return spans


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


def kwic(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    window: int = 8,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every hit of the term families, with its context and its place in the article.

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    terms : dict, list of TermFamily, YAML path or TermMatcher
        The term families to find (matching rules in :mod:`toolkit.terms`).
    window : int, default 8
        Tokens of context on each side.
    progress : bool, optional
        Show a progress bar (default: for corpora over 20 million characters).

    Returns
    -------
    DataFrame
        One row per hit, in corpus and text order: ``doc_id, source, published, url``; ``term``
        (family name); ``match`` (the text matched, as written); ``left`` and ``right`` (up to
        ``window`` tokens of context, white space folded); ``start`` and ``end`` (character offsets
        into the article's ``text``: ``text[start:end] == match``); ``in_quote`` (True when the
        hit is inside quoted speech, see :func:`quote_mask`).

    Examples
    --------
    >>> import toolkit
    >>> hits = kwic(toolkit.load_sample(), {"unity": ["unity"]}, window=3)
    >>> hits[["match", "left", "right", "in_quote"]]
       match                 left                  right  in_quote
    0  unity       CSTO) for more  and consolidation for     False
    1  unity  efforts toward more    between CSTO member      True
    """
    if not isinstance(window, int) or window < 0:
        raise ToolkitError(f"window must be a whole number of tokens >= 0, got {window!r}.")
    texts = usable_texts(corpus)
    matcher = matcher_for(terms)
    text_list = texts["text"].tolist()
    show = wants_progress(progress, text_list)
    rows: list[tuple[int, int, int, int, str, str, bool]] = []
    for row, text in enumerate(progress_bar(text_list, enabled=show, desc="kwic")):
        wanted = matcher.candidates(text)
        if not wanted:
            continue
        found = matcher.hits(text, families=wanted)
        if not found:
            continue
        quotes = quote_mask(text)
        quote_starts = [s for s, _ in quotes]
        for hit in found:
            left = " ".join(_left(text, hit.start, window).split())
            right = " ".join(_right(text, hit.end, window).split())
            rows.append(
                (row, hit.family, hit.start, hit.end, left, right,
                 _inside(quotes, quote_starts, hit.start, hit.end))
            )  # fmt: skip
    if not rows:
        return pd.DataFrame(
            {
                col: pd.Series(dtype=texts[col].dtype if col in texts else "object")
                for col in KWIC_COLUMNS
            }
        ).astype({"start": "int64", "end": "int64", "in_quote": "bool", "term": "str"})
    order, fams, starts_, ends_, lefts, rights, quoted = map(list, zip(*rows))
    meta = texts.iloc[order][["doc_id", "source", "published", "url", "text"]]
    meta = meta.reset_index(drop=True)
    out = meta.drop(columns="text").assign(
        term=[matcher.names[f] for f in fams],
        match=[t[s:e] for t, s, e in zip(meta["text"], starts_, ends_)],
        left=lefts,
        right=rights,
        start=np.asarray(starts_, dtype=np.int64),
        end=np.asarray(ends_, dtype=np.int64),
        in_quote=np.asarray(quoted, dtype=bool),
    )
    return out[KWIC_COLUMNS]


# Scoped to table.kwic: context flows towards the match, quoted hits are tinted.
_KWIC_STYLE = (
    "<style>table.kwic{border-collapse:collapse;font-size:0.9em}"
    "table.kwic td,table.kwic th{padding:2px 6px;border-bottom:1px solid #e5e5e5;"
    "vertical-align:top;text-align:left}"
    "table.kwic td.left,table.kwic th.left{text-align:right}"
    "table.kwic mark{background:#ffe8a3;padding:0 2px}"
    "table.kwic tr.quote td{background:#eef4fb}</style>"
)


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


class Dispersion(NamedTuple):
    """The two tables :func:`dispersion` returns: ``hits, dp = dispersion(...)``."""

    hits: pd.DataFrame
    dp: pd.DataFrame


def dispersion(
    corpus: pd.DataFrame,
    terms: Terms | TermMatcher,
    *,
    by: str | list[str] | None = None,
    progress: bool | None = None,
) -> Dispersion:
    """Where hits fall: token positions per document, and Gries' DP per term and group.

    Gries' deviation of proportions (Gries 2008) compares each document's share of a term's hits
    (``v_i``) with its share of the tokens (``s_i``): ``DP = 0.5 * sum(|v_i - s_i|)``. It is 0
    when hits spread in proportion to document length and approaches 1 when they all sit in one
    small document: a single-article spike, not a steady theme. ``dp_norm`` divides by the
    largest possible value, ``1 - min(s_i)`` (Lijffijt & Gries 2012).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    terms : dict, list of TermFamily, YAML path or TermMatcher
        The term families.
    by : str or list of str, optional
        Compute DP within each group (e.g. ``"source"``): the documents of the group are its parts.

    Returns
    -------
    Dispersion
        ``hits``: one row per hit with ``doc_id, source, published, term, token_index`` (position
        of the hit's first token among the document's tokens) and ``n_tokens`` (document length).
        ``dp``: one row per group and term with the ``by`` columns, ``term, hits, n_docs,
        docs_with_hit, dp, dp_norm`` (NaN where the term has no hits, or the group has one
        document).

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
    texts = usable_texts(corpus)
    check_columns(texts, by_cols)
    matcher = matcher_for(terms)
    names = matcher.names
    text_list = texts["text"].tolist()
    show = wants_progress(progress, text_list)
    n_tokens = np.zeros(len(text_list), dtype=np.int64)
    per_doc = np.zeros((len(text_list), len(names)), dtype=np.int64)
    rows: list[tuple[int, int, int]] = []
    for i, text in enumerate(progress_bar(text_list, enabled=show, desc="dispersion")):
        found, n_tokens[i] = matcher.find(text)
        if found:
            starts = [m.start() for m in TOKEN_RE.finditer(text)]
            for hit in found:
                rows.append((i, hit.family, bisect_right(starts, hit.start) - 1))
                per_doc[i, hit.family] += 1
    meta_cols = list(dict.fromkeys(["doc_id", "source", "published", *by_cols]))
    meta = texts[meta_cols].reset_index(drop=True)
    if rows:
        doc_idx, fam_idx, positions = (np.asarray(v) for v in zip(*rows))
    else:
        doc_idx = fam_idx = positions = np.zeros(0, dtype=np.int64)
    hits = (
        meta.iloc[doc_idx]
        .reset_index(drop=True)
        .assign(
            term=pd.Series([names[f] for f in fam_idx], dtype="str"),
            token_index=positions.astype(np.int64),
            n_tokens=n_tokens[doc_idx].astype(np.int64),
        )
    )
    return Dispersion(hits, _gries_dp(meta, by_cols, per_doc, n_tokens, names))


def _gries_dp(
    meta: pd.DataFrame,
    by_cols: list[str],
    per_doc: np.ndarray,
    n_tokens: np.ndarray,
    names: list[str],
) -> pd.DataFrame:
    groups = (
        meta.groupby(by_cols, dropna=False, sort=True).indices
        if by_cols
        else {(): np.arange(len(meta))}
    )
    records = []
    for key, idx in groups.items():
        key = key if isinstance(key, tuple) else (key,)
        sizes = n_tokens[idx].astype(float)
        s = sizes / sizes.sum() if sizes.sum() > 0 else np.full(len(idx), np.nan)
        for j, name in enumerate(names):
            freq = per_doc[idx, j].astype(float)
            total = freq.sum()
            if total == 0 or len(idx) < 2:
                dp = dp_norm = np.nan
            else:
                dp = 0.5 * np.abs(freq / total - s).sum()
                dp_norm = dp / (1 - s.min())
            records.append((*key, name, int(total), len(idx), int((freq > 0).sum()), dp, dp_norm))
    return pd.DataFrame(
        records, columns=[*by_cols, "term", "hits", "n_docs", "docs_with_hit", "dp", "dp_norm"]
    )
