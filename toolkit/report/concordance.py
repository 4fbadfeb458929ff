"""The concordance page: every hit of a :func:`toolkit.kwic` table in one static HTML file.

The page opens from the file system (``file://``) with no server and no network: its style and
script are inline and hand-written, and its hits travel inside it as one compressed table,

* column arrays in JSON (every column but the contexts and offsets, such as ``source``,
  ``term``, ``doc_id`` or ``url``, as a sorted dictionary of its values and one code per hit),
* gzip-compressed (level 9, no time stamp, so the same table gives the same bytes),
* base64-encoded in ``<script type="application/octet-stream" id="hits">``, an alphabet that
  cannot close the script element,

which the browser unpacks with its own ``DecompressionStream("gzip")`` (Chrome and Edge 80,
Firefox 113, Safari 16.4 or later). The script writes data into the page through
``textContent`` only, so no value of the table is ever parsed as HTML.

The JSON holds ``format`` (``"rhetoric-toolkit concordance 1"``), ``n`` (the number of hits),
``by``, ``filters`` and ``search`` (column names), ``context`` (the left and right contexts
interleaved: left of hit 0, right of hit 0, left of hit 1, ...: one hit's right context is often
the next one's left, which gzip then finds close by) and ``columns``: for each column of the
page, in order, its ``kind`` (``str``, ``int``, ``float``, ``bool``, ``time``: ISO 8601 text,
``YYYY-MM-DD`` at midnight, else with the time and ``Z`` when in UTC, or ``any``) and one of

* ``"dict": [...], "codes": [...]``: the column's distinct values, sorted, missing last, and one
  index into them per hit (codes sort as the values do);
* ``"values": [...]``: one value per hit;
* ``"context": 0`` (``left``) or ``1`` (``right``): the value of hit ``i`` is
  ``context[2 * i + k]``;
* ``"delta": "doc_id", "values": [...]`` (``start``): a hit's offset less the previous hit's
  when both are in the same document (same ``doc_id`` code), else the offset itself;
* ``"derived": "start+len(match)"`` (``end``): the offset after the match, in code points.

A missing value is ``null``.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ToolkitError
from toolkit.report.artifacts import GENERATOR
from toolkit.util import atomic_path

__all__ = ["write_concordance"]

#: The columns every page needs, besides its ``by`` column.
REQUIRED = ["doc_id", "term", "match", "left", "right", "start", "end", "in_quote"]
#: Shown when the table has them.
OPTIONAL = ["published", "url", "voice", "speaker", "title"]
#: Categorical columns that get a filter (after ``by``), when the table has them.
FILTERED = ["term", "in_quote", "voice"]
#: Columns the free-text search reads, when the table has them.
SEARCHED = ["left", "match", "right", "title", "speaker"]
#: Columns that never count as repeated enough to share a dictionary.
PLAIN = {"left", "right", "start", "end"}

FORMAT = "rhetoric-toolkit concordance 1"
PAGE_SIZES = (25, 50, 100, 500)
DEFAULT_PAGE_SIZE = 50

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LABELS = {"term": "Family", "in_quote": "Quote", "voice": "Voice", "source": "Outlet"}


def write_concordance(
    table: pd.DataFrame,
    path: str | Path,
    *,
    by: str = "source",
    title: str = "Concordance",
    columns: Sequence[str] | None = None,
) -> Path:
    """Write every hit of a kwic table to one static, searchable HTML page.

    The page works offline and from the file system (no server, no network, nothing
    fetched). It shows the hits a page at a time (25, 50, 100 or 500), each with its left
    context, the match highlighted, its right context, the outlet, date and term family, a
    "quote" badge for quoted speech and its document (a link to the article's ``url`` when it
    is a web address). Readers filter by outlet (``by``), family, date (from, to), quoted or
    not (and ``voice`` when the table has it) and by a literal, case-insensitive text search of
    the context (and of ``title`` and ``speaker``); filters combine, a line counts the hits
    they keep ("N of M hits"), and the hits sort in corpus order, by date, by outlet or by
    family. The filters live in the address (``page.html#term=peace&source=Whig``), so a
    filtered view can be bookmarked or shared.

    Parameters
    ----------
    table : DataFrame
        The table :func:`toolkit.kwic` returns: ``doc_id``, ``term``, ``match``, ``left``,
        ``right``, ``start``, ``end``, ``in_quote`` and the ``by`` column; ``published`` and
        ``url`` (kwic's default meta), ``voice``, ``speaker`` and ``title`` are shown when
        present. All rows are written, in the table's order.
    path : str or Path
        The HTML file to write (its folder is made if missing). Written atomically: a reader
        never sees half a page.
    by : str, default "source"
        The column that names the outlet (or any group) of a hit: shown with each hit, a
        filter and a sort order.
    title : str, default "Concordance"
        The page's title and heading.
    columns : list of str, optional
        The table's further columns to carry into the page and show with each hit (``president:
        Lincoln``). By default all of them; ``[]`` for none (a smaller page).

    Returns
    -------
    Path
        ``path``. The same table and options always give the same bytes (the page holds no
        time stamp).

    Raises
    ------
    ToolkitError
        When ``table`` is not a DataFrame, lacks a column the page needs (the message names
        them and says the table comes from :func:`toolkit.kwic`), or ``columns`` names a
        column it does not have.

    Examples
    --------
    >>> import tempfile, pathlib, toolkit
    >>> hits = toolkit.kwic(toolkit.load_sample(), "rhetoric", window=5)
    >>> page = write_concordance(hits, pathlib.Path(tempfile.mkdtemp()) / "hits.html")
    >>> page.name, "DecompressionStream" in page.read_text("utf-8")
    ('hits.html', True)
    >>> write_concordance(hits[["doc_id", "left"]], page)
    Traceback (most recent call last):
    ...
    toolkit.errors.ToolkitError: write_concordance() needs the table made by toolkit.kwic(); ...
    """
    names = _page_columns(table, by=by, columns=columns)
    if not isinstance(title, str):
        raise ToolkitError(f"title= takes a string, got {title!r}.")
    document = _page(table, names, by=by, title=title)
    target = Path(path)
    with atomic_path(target) as partial:
        partial.write_text(document, encoding="utf-8")
    return target


def _page_columns(table: object, *, by: str, columns: Sequence[str] | None) -> list[str]:
    """The columns of ``table`` the page carries, in the table's order; a ToolkitError when one
    it needs is missing."""
    if not isinstance(table, pd.DataFrame):
        raise ToolkitError(
            "write_concordance() needs the table made by toolkit.kwic(), not a "
            f"{type(table).__name__}."
        )
    if not isinstance(by, str) or by in PLAIN:
        raise ToolkitError(
            f"by= takes one column name (e.g. 'source'), not a context or an offset; got {by!r}."
        )
    if columns is not None and (
        isinstance(columns, str) or not all(isinstance(c, str) for c in columns)
    ):
        raise ToolkitError(f"columns= takes a list of column names, got {columns!r}.")
    have = list(map(str, table.columns))
    if len(set(have)) < len(have):
        twice = sorted({c for c in have if have.count(c) > 1})
        raise ToolkitError(f"write_concordance(): the table has the columns {twice} twice.")
    needed = ["doc_id", *([by] if by not in REQUIRED else []), *REQUIRED[1:]]
    missing = [c for c in needed if c not in have]
    if missing:
        raise ToolkitError(
            f"write_concordance() needs the table made by toolkit.kwic(); it lacks {missing} "
            f"(it has {have}). Make it with toolkit.kwic(corpus, terms) (with meta= naming "
            f"{by!r} if it is not a default column)."
        )
    known = [*needed, *(c for c in OPTIONAL if c in have)]
    if columns is None:
        extra = [c for c in have if c not in known]
    else:
        unknown = [c for c in columns if c not in have]
        if unknown:
            raise ToolkitError(
                f"columns= names {unknown}, which the table does not have. Columns: {have}."
            )
        extra = [c for c in dict.fromkeys(columns) if c not in known]
    chosen = {*known, *extra}
    return [c for c in have if c in chosen]  # in the table's order


def _page(table: pd.DataFrame, names: list[str], *, by: str, title: str) -> str:
    """The whole HTML document."""
    e = html.escape
    n = len(table)
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{GENERATOR}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{e(title)}</h1>\n<p class="summary">{_summary(table, by)}</p></header>\n'
    )
    if n == 0:
        return (
            f'{head}<main><p class="status" id="status">There are no hits in this '
            "concordance: the table is empty.</p></main>\n</body>\n</html>\n"
        )
    filters = [c for c in dict.fromkeys([by, *FILTERED]) if c in names]
    payload = {
        "format": FORMAT,
        "n": n,
        "by": by,
        "filters": filters,
        "search": [c for c in SEARCHED if c in names],
        **_columns(table, names),
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # A lone surrogate (text decoded wrongly upstream) has no UTF-8: it becomes U+FFFD.
    data = _SURROGATE_RE.sub("\ufffd", raw).encode("utf-8")
    packed = base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0))
    controls = _controls(filters, names)
    sorts = [("corpus", "Corpus order")]
    if "published" in names:
        sorts += [("date", "Date, oldest first"), ("-date", "Date, newest first")]
    sorts += [("by", f"{_label(by)}, A to Z")]
    if by != "term":
        sorts += [("term", "Family, A to Z")]
    sort_options = "".join(f'<option value="{v}">{e(t)}</option>' for v, t in sorts)
    size_options = "".join(
        f'<option value="{s}"{" selected" if s == DEFAULT_PAGE_SIZE else ""}>{s}</option>'
        for s in PAGE_SIZES
    )
    pager = (
        '<nav class="pager" aria-label="{label}"><button type="button" class="prev">'
        '<span aria-hidden="true">&#8592;</span> Previous</button><span class="pageinfo">'
        '</span><button type="button" class="next">Next <span aria-hidden="true">&#8594;'
        "</span></button></nav>"
    )
    return (
        f'{head}<main>\n<form id="filters" role="search" aria-label="Filter the hits">'
        f"{controls}</form>\n"
        '<div class="bar"><p id="count" role="status" aria-live="polite"></p>'
        '<div class="field inline"><label for="sort">Sort</label>'
        f'<select id="sort">{sort_options}</select></div>'
        '<div class="field inline"><label for="size">Hits per page</label>'
        f'<select id="size">{size_options}</select></div>'
        f"{pager.format(label='Pages, top')}</div>\n"
        f'<p class="status" id="status">Loading {n:,} hits&#8230;</p>\n'
        "<noscript><p>This page needs JavaScript to show its hits.</p></noscript>\n"
        '<ol id="hits-list" class="hits" role="list"></ol>\n'
        f'<div class="bar end">{pager.format(label="Pages, bottom")}</div>\n</main>\n'
        f'<script type="application/octet-stream" id="hits">{packed.decode("ascii")}</script>\n'
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _controls(filters: list[str], names: list[str]) -> str:
    """The filter form's fields: the search first (the filter used most), the categorical
    filters, the dates after the first two (outlet and family), then a button to clear them."""
    e = html.escape
    searched = ", ".join(c for c in SEARCHED[3:] if c in names)
    hint = f"Search context{' and ' + searched if searched else ''}"
    fields = [
        '<div class="field wide"><label for="q">Search</label>'
        f'<input type="search" id="q" placeholder="{e(hint)}" autocomplete="off" '
        'spellcheck="false" aria-describedby="q-help">'
        '<small id="q-help">Literal text, upper or lower case alike.</small></div>'
    ]
    fields += [
        f'<div class="field"><label for="f-{i}">{e(_label(c))}</label>'
        f'<select id="f-{i}" data-col="{e(c)}"><option value="">All</option></select></div>'
        for i, c in enumerate(filters)
    ]
    if "published" in names:
        fields.insert(
            min(3, len(fields)),
            '<div class="field"><label for="from">Published from</label>'
            '<input type="date" id="from"></div>'
            '<div class="field"><label for="to">Published to</label>'
            '<input type="date" id="to"></div>',
        )
    fields.append(
        '<div class="field buttons"><button type="reset" id="reset">Clear filters</button></div>'
    )
    return "".join(fields)


def _label(column: str) -> str:
    """The label of a filter on ``column``: ``published_at`` -> ``Published at``."""
    return _LABELS.get(column, column.replace("_", " ").strip().capitalize() or column)


def _summary(table: pd.DataFrame, by: str) -> str:
    """One escaped line: how many hits, families, documents and groups."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n:,} {one if n == 1 else many}"

    parts = [count(len(table), "hit", "hits")]
    if len(table):
        parts += [
            count(table["term"].nunique(), "term family", "term families"),
            count(table["doc_id"].nunique(), "document", "documents"),
        ]
        groups = table[by].nunique(dropna=False)
        parts.append(
            count(groups, "outlet", "outlets") if by == "source" else f"{groups:,} values of {by}"
        )
    return html.escape(" · ".join(parts))


def _columns(table: pd.DataFrame, names: list[str]) -> dict[str, Any]:
    """The ``columns`` of the page's JSON, and ``context``: the left and right contexts of the
    hits interleaved (left, right, left, ...), which compresses better than two arrays, as one
    hit's right context is often the next one's left."""
    columns: dict[str, Any] = {}
    doc_codes, _ = pd.factorize(table["doc_id"])
    start, end = table["start"], table["end"]
    whole = all(pd.api.types.is_integer_dtype(c.dtype) and not c.isna().any() for c in (start, end))
    matches = table["match"].astype(object)
    derived = (
        whole
        and all(isinstance(m, str) for m in matches)
        and bool((end.to_numpy() - start.to_numpy() == matches.str.len().to_numpy()).all())
    )
    for name in names:
        if name in ("left", "right"):
            columns[name] = {"kind": _kind(table[name]), "context": int(name == "right")}
        elif name == "start" and whole:
            # The first hit of a run of one document as is, the next ones after the one before.
            values = start.to_numpy(dtype=np.int64).copy()
            same = np.flatnonzero(doc_codes[1:] == doc_codes[:-1]) + 1
            values[same] -= start.to_numpy(dtype=np.int64)[same - 1]
            columns[name] = {"kind": "int", "delta": "doc_id", "values": values.tolist()}
        elif name == "end" and derived:
            columns[name] = {"kind": "int", "derived": "start+len(match)"}
        else:
            columns[name] = _encode(table[name], shared=name not in PLAIN)
    lefts = [_json(v, "str") for v in table["left"].astype(object)]
    rights = [_json(v, "str") for v in table["right"].astype(object)]
    context = [v for pair in zip(lefts, rights) for v in pair]
    return {"columns": columns, "context": context}


def _encode(values: pd.Series, *, shared: bool) -> dict[str, Any]:
    """One column as JSON: a sorted dictionary and codes (``shared``, or when values repeat)
    or the plain values; missing values are None."""
    kind = _kind(values)
    n = len(values)
    uniques: list[Any]
    try:
        codes, found = pd.factorize(values, sort=True)
        uniques = list(found)
    except TypeError:  # values that do not compare with each other (mixed types)
        codes, found = pd.factorize(values.astype(object).map(_plain), sort=False)
        order = sorted(range(len(found)), key=lambda i: _order_key(found[i]))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
        uniques = [found[i] for i in order]
    if not shared and len(uniques) > n // 2:
        return {"kind": kind, "values": [_json(v, kind) for v in values.astype(object)]}
    dictionary = [_json(v, kind) for v in uniques]
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(dictionary), codes)
        dictionary.append(None)
    return {"kind": kind, "dict": dictionary, "codes": codes.tolist()}


def _kind(values: pd.Series) -> str:
    """What a column holds, as the page's JSON names it."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "time"
    if pd.api.types.is_bool_dtype(values.dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "int"
    if pd.api.types.is_float_dtype(values.dtype):
        return "float"
    if pd.api.types.is_string_dtype(values.dtype) and (
        values.dtype != object or all(isinstance(v, str) for v in values.dropna())
    ):
        return "str"
    return "any"


def _plain(value: Any) -> Any:
    """A value JSON can hold (None when missing); other objects as their text."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else str(value)
    if isinstance(value, pd.Timestamp):
        return _iso(value)
    return value if isinstance(value, str) else str(value)


def _json(value: Any, kind: str) -> Any:
    """``value`` of a column of ``kind`` as JSON."""
    if kind == "time" and value is not None and value is not pd.NaT:
        return _iso(pd.Timestamp(value))
    return _plain(value)


def _iso(stamp: pd.Timestamp) -> str | None:
    """ISO 8601: the day alone at midnight, else with the time (``Z`` for UTC)."""
    if stamp is pd.NaT:
        return None
    if stamp.tz is not None:
        stamp = stamp.tz_convert("UTC")
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    text = stamp.isoformat()
    return text.replace("+00:00", "Z") if stamp.tz is not None else text


def _order_key(value: Any) -> tuple[bool, int, Any]:
    """Sort key for values of mixed types: numbers by value, then text, missing last."""
    if value is None:
        return (True, 0, 0)
    if isinstance(value, (int, float)):
        return (False, 0, value)
    return (False, 1, str(value))


_CSS = """
:root{color-scheme:light;--ink:#1d1d1f;--soft:#5c5f66;--line:#e3e4e8;--mark:#ffe27a;
--quote:#2f5f9e;--bg:#fff;--panel:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--bg)}
header,main{max-width:96rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.45rem;margin:1rem 0 .2rem}
.summary{margin:0 0 .8rem;color:var(--soft)}
form{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.6rem .8rem;
background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.7rem .8rem}
.field{display:flex;flex-direction:column;gap:.15rem;min-width:0}
.field.wide{grid-column:span 2}
.field.buttons{justify-content:flex-end}
label{font-size:.8rem;font-weight:600;color:var(--soft)}
small{font-size:.75rem;color:var(--soft)}
select,input,button{font:inherit;font-size:.9rem;min-width:0;max-width:100%;padding:.3rem .4rem;
border:1px solid #b9bcc4;border-radius:4px;background:#fff;color:var(--ink)}
button{cursor:pointer;background:#eef0f4}
button:disabled{cursor:default;color:#9a9ca3}
:focus-visible{outline:3px solid #1f6feb;outline-offset:1px}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:.8rem 0 .4rem}
.bar.end{justify-content:flex-end;margin-bottom:2rem}
#count{margin:0;font-weight:600;flex:1 1 12rem}
.field.inline{flex-direction:row;align-items:center;gap:.4rem}
.pager{display:flex;align-items:center;gap:.5rem}
.pageinfo{font-size:.85rem;color:var(--soft);min-width:6.5rem;text-align:center}
.status{padding:.6rem .8rem;border-radius:6px;background:var(--panel)}
.status.error{background:#fde8e8;color:#8a1c1c;font-weight:600}
.hits{list-style:none;margin:0;padding:0;border-top:1px solid var(--line)}
.hit{display:flex;gap:1rem;padding:.45rem .3rem .45rem .5rem;border-bottom:1px solid var(--line);
border-left:4px solid transparent}
.hit.quoted{border-left-color:var(--quote)}
.meta{flex:0 0 15rem;display:flex;flex-wrap:wrap;align-content:flex-start;gap:0 .55rem;
font-size:.8rem;color:var(--soft);min-width:0;overflow-wrap:anywhere}
.meta .by{color:var(--ink);font-weight:600}
.meta .fam{font-style:italic}
.badge{display:inline-block;font-size:.7rem;font-weight:700;text-transform:uppercase;
letter-spacing:.04em;border:1px solid currentColor;border-radius:3px;padding:0 .3rem;
color:var(--quote)}
.badge.voice{color:#6b4c9a}
.meta a{color:#1a55b0}
.ctx{flex:1;min-width:0;display:grid;grid-template-columns:minmax(0,1fr) auto minmax(0,1fr);
column-gap:.45em;align-items:baseline;overflow-wrap:anywhere}
.left{text-align:right}
.left.tight{margin-right:-.3em}
.right.tight{margin-left:-.3em}
.match{background:var(--mark);color:#000;font-weight:700;padding:0 .2em;border-radius:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:52rem){
.hit{display:block}
.meta{margin-bottom:.2rem}
.ctx{display:block}
.ctx .tight{margin:0}
.field.wide{grid-column:1/-1}
}
@media (max-width:30rem){
form{grid-template-columns:1fr 1fr}
.bar .pager{width:100%;justify-content:space-between}
}
"""

# Everything the table holds reaches the page through textContent, setAttribute or an Option's
# text: no value is ever parsed as HTML. Links only for http(s) addresses.
_JS = r"""
"use strict";
(async () => {
const $ = (s) => document.querySelector(s);
const $$ = (s) => Array.from(document.querySelectorAll(s));
const status = $("#status");
const say = (text, bad) => {
  status.textContent = text || "";
  status.hidden = !text;
  status.classList.toggle("error", !!bad);
};
if (typeof DecompressionStream !== "function" || typeof Blob.prototype.stream !== "function") {
  say("This browser cannot unpack the hits stored in this page (it lacks " +
      "DecompressionStream). Open the page in a current Chrome, Edge, Firefox or Safari.", true);
  return;
}
let D;
try {
  const bin = atob($("#hits").textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  D = JSON.parse(await new Response(stream).text());
} catch (err) {
  say("The hits stored in this page could not be read (" + err.name + "). The file may be " +
      "damaged: write it again.", true);
  return;
}
const N = D.n, C = D.columns, BY = D.by;
const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const text = (v) => (v === null || v === undefined ? "" : String(v));
// Undo the two encodings of numbers: differences within a document, an end from its match.
for (const c of Object.values(C)) {
  if (!c.delta) continue;
  const runs = C[c.delta].codes, v = c.values;
  for (let i = 1; i < N; i++) if (runs[i] === runs[i - 1]) v[i] += v[i - 1];
}
const getter = (name) => {
  const c = C[name];
  if (!c) return () => null;
  if (c.dict) return (i) => c.dict[c.codes[i]];
  if (c.context !== undefined) return (i) => D.context[2 * i + c.context];
  if (c.derived) {
    const m = getter("match");
    return (i) => C.start.values[i] + [...text(m(i))].length;
  }
  return (i) => c.values[i];
};
const keyOf = (v) => (v === null ? "(none)" : String(v));
const labelOf = (col, v) => {
  if (col === "in_quote" && typeof v === "boolean") return v ? "quoted" : "not quoted";
  return v === null ? "(none)" : String(v);
};
const left = getter("left"), match = getter("match"), right = getter("right");
const by = getter(BY), term = getter("term"), quoted = getter("in_quote");
const docId = getter("doc_id"), url = getter("url"), start = getter("start"), end = getter("end");
const voice = getter("voice"), speaker = getter("speaker"), title = getter("title");
const fixed = new Set([BY, "doc_id", "published", "url", "term", "match", "left", "right",
  "start", "end", "in_quote", "voice", "speaker", "title"]);
const extras = Object.keys(C).filter((c) => !fixed.has(c)).map((c) => [c, getter(c)]);

// Published (a dictionary, sorted, missing last): the UTC day of each entry, for the filter.
const pub = C.published;
const pubDay = pub ? pub.dict.map((v) => (v ? v.slice(0, 10) : null)) : null;
const dayOf = pub ? (i) => pubDay[pub.codes[i]] : () => null;
const pubOf = getter("published");
const undated = (i) => pub !== undefined && pub.dict[pub.codes[i]] === null;
// Columns with a filter or a sort order are dictionaries sorted by value: codes are ranks.
const rankOf = (name) => (C[name] ? (i) => C[name].codes[i] : () => 0);

// Filters: one select per categorical column, filled from the data with counts.
const selects = $$("select[data-col]");
for (const sel of selects) {
  const col = sel.dataset.col, c = C[col];
  const counts = new Array(c.dict.length).fill(0);
  for (let i = 0; i < N; i++) counts[c.codes[i]]++;
  c.dict.forEach((v, k) => {
    sel.add(new Option(labelOf(col, v) + " (" + fmt(counts[k]) + ")", keyOf(v)));
  });
}
const from = $("#from"), to = $("#to"), q = $("#q"), sort = $("#sort"), size = $("#size");
if (pubDay) {
  const days = pubDay.filter((d) => d).sort();
  if (days.length) {
    for (const el of [from, to]) { el.min = days[0]; el.max = days[days.length - 1]; }
  }
}
let hay = null;
const haystack = () => {
  if (hay) return hay;
  const parts = D.search.filter((c) => !["left", "match", "right"].includes(c)).map(getter);
  hay = new Array(N);
  for (let i = 0; i < N; i++) {
    let s = text(left(i)) + " " + text(match(i)) + " " + text(right(i));
    for (const g of parts) s += "\n" + text(g(i));
    hay[i] = s.toLowerCase();
  }
  return hay;
};

let page = 1, rows = [];
const choose = (sel, value) => {
  if (value && !Array.from(sel.options).some((o) => o.value === value)) {
    sel.add(new Option(value + " (0)", value));
  }
  sel.value = value;
};
const readHash = () => {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const sel of selects) choose(sel, p.get(sel.dataset.col) || "");
  if (from) from.value = p.get("from") || "";
  if (to) to.value = p.get("to") || "";
  q.value = p.get("q") || "";
  const s = p.get("sort");
  sort.value = s && Array.from(sort.options).some((o) => o.value === s) ? s : "corpus";
  const n = p.get("n");
  size.value = n && Array.from(size.options).some((o) => o.value === n) ? n : size.dataset.initial;
  page = Math.max(1, parseInt(p.get("page"), 10) || 1);
};
size.dataset.initial = size.value;
const writeHash = () => {
  const p = new URLSearchParams();
  for (const sel of selects) if (sel.value) p.set(sel.dataset.col, sel.value);
  if (from && from.value) p.set("from", from.value);
  if (to && to.value) p.set("to", to.value);
  if (q.value) p.set("q", q.value);
  if (sort.value !== "corpus") p.set("sort", sort.value);
  if (size.value !== size.dataset.initial) p.set("n", size.value);
  if (page > 1) p.set("page", String(page));
  const h = p.toString();
  if (h === location.hash.slice(1)) return;
  try {
    history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
  } catch (err) { /* some browsers refuse to change the address of a local file */ }
};

const filter = () => {
  const tests = [];
  for (const sel of selects) {
    if (!sel.value) continue;
    const c = C[sel.dataset.col];
    tests.push([c.codes, c.dict.map((v) => keyOf(v) === sel.value)]);
  }
  const lo = from && from.value, hi = to && to.value;
  const needle = q.value.toLowerCase();
  const h = needle ? haystack() : null;
  const keep = [];
  outer: for (let i = 0; i < N; i++) {
    for (const [codes, ok] of tests) if (!ok[codes[i]]) continue outer;
    if (lo || hi) {
      const d = dayOf(i);
      if (!d || (lo && d < lo) || (hi && d > hi)) continue;
    }
    if (h && h[i].indexOf(needle) < 0) continue;
    keep.push(i);
  }
  const how = sort.value;
  if (how !== "corpus") {
    const date = rankOf("published");
    const key = how === "by" ? rankOf(BY) : how === "term" ? rankOf("term") : null;
    keep.sort((a, b) => {
      if (key) { const d = key(a) - key(b); if (d) return d; }
      if (how === "-date") {
        const ua = undated(a), ub = undated(b);
        if (ua !== ub) return ua ? 1 : -1;
        return date(b) - date(a) || a - b;
      }
      return date(a) - date(b) || a - b;
    });
  }
  rows = keep;
};

const span = (cls, value, hidden) => {
  const el = document.createElement("span");
  el.className = cls;
  if (hidden) {
    const sr = document.createElement("span");
    sr.className = "sr";
    sr.textContent = hidden;
    el.append(sr);
  }
  el.append(text(value));
  return el;
};
const hitItem = (i) => {
  const li = document.createElement("li");
  li.className = "hit";
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.append(span("by", labelOf(BY, by(i)), BY === "source" ? "Outlet: " : BY + ": "));
  const day = dayOf(i);
  if (pub) {
    const t = document.createElement("time");
    t.textContent = day || "undated";
    if (day) { t.dateTime = pubOf(i); t.title = pubOf(i); }
    meta.append(t);
  }
  meta.append(span("fam", term(i), "family: "));
  if (quoted(i) === true) { li.classList.add("quoted"); meta.append(span("badge", "quote")); }
  const v = voice(i);
  // A badge for speech the outlet relays (its own voice is the default).
  if (v !== null && v !== "outlet" && !(v === "quote" && quoted(i) === true)) {
    meta.append(span("badge voice", v));
  }
  const who = text(speaker(i));
  if (who) meta.append(span("speaker", "speaker: " + who));
  const u = text(url(i));
  const doc = document.createElement(/^https?:\/\//i.test(u) ? "a" : "span");
  doc.className = "doc";
  doc.textContent = text(docId(i));
  if (doc.tagName === "A") { doc.href = u; doc.rel = "noopener noreferrer"; doc.target = "_blank"; }
  const where = ", characters " + text(start(i)) + "\u2013" + text(end(i));
  const tip = ["document " + text(docId(i)) + where];
  if (title(i)) tip.unshift(text(title(i)));
  doc.title = tip.join("\n");
  meta.append(doc);
  for (const [name, g] of extras) meta.append(span("extra", name + ": " + text(g(i))));
  const ctx = document.createElement("div");
  ctx.className = "ctx";
  const m = document.createElement("mark");
  m.className = "match";
  m.textContent = text(match(i));
  // No space between the match and punctuation that touched it in the text.
  const l = text(left(i)), r = text(right(i));
  const tightL = /[(\[{«“‘]$/.test(l), tightR = /^[,.;:!?)\]}»”’%]/.test(r);
  ctx.append(span(tightL ? "left tight" : "left", l), tightL ? "" : " ", m,
    tightR ? "" : " ", span(tightR ? "right tight" : "right", r));
  li.append(meta, ctx);
  return li;
};

const list = $("#hits-list"), count = $("#count");
const render = () => {
  const total = rows.length, per = parseInt(size.value, 10);
  const pages = Math.max(1, Math.ceil(total / per));
  page = Math.min(Math.max(1, page), pages);
  count.textContent = fmt(total) + " of " + fmt(N) + (N === 1 ? " hit" : " hits");
  count.dataset.shown = String(total);
  count.dataset.total = String(N);
  const frag = document.createDocumentFragment();
  const first = (page - 1) * per;
  for (const i of rows.slice(first, first + per)) frag.append(hitItem(i));
  list.replaceChildren(frag);
  list.start = first + 1;
  for (const el of $$(".pageinfo")) el.textContent = "Page " + fmt(page) + " of " + fmt(pages);
  for (const el of $$(".prev")) el.disabled = page <= 1;
  for (const el of $$(".next")) el.disabled = page >= pages;
  say(total ? "" : "No hits match these filters.");
  writeHash();
};
const update = () => { page = 1; filter(); render(); };

for (const el of [...selects, from, to, sort]) if (el) el.addEventListener("change", update);
q.addEventListener("input", update);
size.addEventListener("change", () => { page = 1; render(); });
const turn = (step, bottom) => {
  page += step;
  render();
  if (bottom) count.scrollIntoView();
};
for (const el of $$(".prev")) el.addEventListener("click", () => turn(-1, el.closest(".end")));
for (const el of $$(".next")) el.addEventListener("click", () => turn(1, el.closest(".end")));
$("#filters").addEventListener("submit", (ev) => ev.preventDefault());
$("#filters").addEventListener("reset", () => setTimeout(update, 0));
window.addEventListener("hashchange", () => {
  readHash();
  filter();
  render();
});
readHash();
filter();
render();
})();
"""
