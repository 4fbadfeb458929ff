"""Validating term families by hand: a sample of hits to code, coding sheets, precision,
agreement between coders and rates corrected by precision.

A term family counts words, not concepts: ``sanction*`` finds sanctions and the sanction of
Congress alike. The workflow here measures how often a family's hits are what it stands for,
and carries that into the rates:

1. :func:`sample_for_coding`: a sample of the hits of a :func:`toolkit.kwic` table, spread as
   evenly as the hits allow over outlets (``by``) and families (``term``), repeatable with
   ``seed``.
2. :func:`write_coding_sheet` (a CSV for a spreadsheet) or :func:`write_coding_page` (an
   offline page that shows one hit at a time, coded with the keyboard, the labels kept in the
   browser and downloaded as CSV): each coder marks each hit relevant or not.
3. :func:`validate_terms`: the coders' labels become each family's precision with a Wilson 95%
   interval, and Krippendorff's alpha between the coders.
4. :func:`correct_rates`: the rates of :func:`toolkit.count_terms` multiplied by the precision,
   with an interval that carries the uncertainty of both.

The hits a sample is drawn from, the outlets and the definitions coders read decide what a
precision means: report them with it. A precision measured on one corpus is not a property of
the family on another (:func:`load_coded_sample` holds the project's own coded hits of the
packaged ``rhetoric`` dictionary, in news; they say little about, say, State of the Union
addresses).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import MissingResourceError, ToolkitError
from toolkit.stats import corrected_rate_interval, krippendorff_alpha, wilson_interval
from toolkit.terms import Terms, compile_terms
from toolkit.util import (
    By,
    as_list,
    atomic_path,
    check_count,
    deal_quota,
    require_table,
    warn_user,
)

__all__ = [
    "LABEL_COLUMNS",
    "SHEET_COLUMNS",
    "VALIDATION_COLUMNS",
    "correct_rates",
    "load_coded_sample",
    "sample_for_coding",
    "validate_terms",
    "write_coding_page",
    "write_coding_sheet",
]

#: The columns of a table of labels: one row per coded hit and coder.
LABEL_COLUMNS = ("doc_id", "start", "term", "coder", "relevant")
#: The columns of a coding sheet (:func:`write_coding_sheet`), in order.
SHEET_COLUMNS = ("doc_id", "start", "end", "term", "left", "match", "right", "coder", "relevant")
#: The columns of :func:`validate_terms` after its ``by`` columns.
VALIDATION_COLUMNS = (
    "term",
    "n_hits",
    "n_coders",
    "n_labels",
    "n_relevant",
    "precision",
    "precision_low",
    "precision_high",
    "agreement",
    "alpha",
)
#: The columns :func:`correct_rates` adds to a table of counts.
CORRECTED_COLUMNS = (
    "n_coded",
    "precision",
    "precision_low",
    "precision_high",
    "hits_corrected",
    "per_10k_corrected",
    "per_10k_corrected_low",
    "per_10k_corrected_high",
)
_HIT = ["doc_id", "start", "term"]
_KWIC_PRODUCER = "toolkit.kwic()"
_YES = {"1", "yes", "y", "true", "t", "relevant"}
_NO = {"0", "no", "n", "false", "f", "not relevant", "irrelevant"}
#: Characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CODER = "rhetoric-toolkit"


# --------------------------------------------------------------------------------------------
# the sample


def sample_for_coding(
    kwic_table: pd.DataFrame, *, n: int, by: By = "source", seed: int = 0
) -> pd.DataFrame:
    """A sample of ``n`` hits to code, spread as evenly as the hits allow over the outlets
    (``by``) and families (``term``), repeatable with ``seed``.

    Each stratum (a value of ``by`` and a family) gets an equal share of ``n``; a stratum with
    fewer hits gives all of them and the others share what it leaves, round by round, so the
    sample is as even as the strata allow. Within a stratum the hits are drawn at random,
    without replacement. A family's precision measured on such a sample weighs outlets equally,
    not by their number of hits: to estimate a precision by outlet, validate with ``by=``
    (:func:`validate_terms`).

    Parameters
    ----------
    kwic_table : DataFrame
        A table of :func:`toolkit.kwic` (one row per hit, with ``doc_id``, ``start``, ``term``
        and the context ``left``, ``match``, ``right``).
    n : int
        How many hits to draw (all of them when the table has fewer).
    by : str or list of str, optional
        The columns of the outlets (default ``source``), or None to spread over families only.
    seed : int, default 0
        The random seed: the same table and seed give the same sample.

    Returns
    -------
    DataFrame
        The rows of ``kwic_table`` drawn, with its columns, family by family (in the order of
        their names) and in random order within a family, so that a coder reads one family's
        definition for a run of hits and the outlets come mixed; index 0 .. n - 1.

    Raises
    ------
    ToolkitError
        The table is not a kwic table, lacks a ``by`` column, or lists a hit twice.

    Examples
    --------
    >>> import pandas as pd
    >>> hits = pd.DataFrame({  # synthetic
    ...     "doc_id": [f"d{i}" for i in range(12)], "start": 0,
    ...     "source": ["A"] * 9 + ["B"] * 3, "term": ["peace", "war"] * 6,
    ...     "left": "", "match": "x", "right": ""})
    >>> sample = sample_for_coding(hits, n=8)  # B has one peace hit: A's peace takes its place
    >>> sample.groupby(["source", "term"]).size().to_dict()
    {('A', 'peace'): 3, ('A', 'war'): 2, ('B', 'peace'): 1, ('B', 'war'): 2}
    """
    func = "sample_for_coding"
    n = check_count("n", n, 1)
    seed = check_count("seed", seed, 0)
    by_cols = as_list(by)
    table = require_table(kwic_table, [*_HIT, "left", "match", "right"], _KWIC_PRODUCER,
                          func=func)  # fmt: skip
    missing = [c for c in by_cols if c not in table.columns]
    if missing:
        raise ToolkitError(
            f"{func}: by={by!r} names {missing}, which the table does not have (columns: "
            f"{list(map(str, table.columns))}). Carry it into the kwic table with "
            f"kwic(..., meta=[...]) or pass by=None."
        )
    _check_hits_unique(table, func)
    strata = table.groupby([*by_cols, "term"], dropna=False, sort=True).indices
    quota = deal_quota({key: len(rows) for key, rows in strata.items()}, n)
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(rows, size=quota[key], replace=False)
              for key, rows in strata.items() if quota[key]]  # fmt: skip
    picked = table.iloc[np.concatenate(chosen)] if chosen else table.iloc[:0]
    # family by family, in random order within each
    order = rng.permutation(len(picked))
    picked = picked.iloc[order]
    picked = picked.iloc[np.argsort(picked["term"].astype(str).to_numpy(), kind="stable")]
    return picked.reset_index(drop=True)


def _check_hits_unique(table: pd.DataFrame, func: str) -> None:
    repeated = table.duplicated(_HIT)
    if repeated.any():
        first = table.loc[repeated, _HIT].iloc[0].tolist()
        raise ToolkitError(
            f"{func}: {int(repeated.sum())} rows repeat the doc_id, start and term of another "
            f"(e.g. {first}), so their labels could not be told apart. Drop the repeats, e.g. "
            "table.drop_duplicates(['doc_id', 'start', 'term'])."
        )


# --------------------------------------------------------------------------------------------
# coding sheets


def _sheet_rows(sample: pd.DataFrame, func: str) -> pd.DataFrame:
    """The hits of ``sample`` with the columns of a coding sheet (``end`` when it has one)."""
    table = require_table(sample, [*_HIT, "left", "match", "right"], _KWIC_PRODUCER, func=func)
    _check_hits_unique(table, func)
    columns = [c for c in SHEET_COLUMNS if c in table.columns and c not in ("coder", "relevant")]
    rows = table[columns].reset_index(drop=True)
    for column in ("left", "match", "right"):
        rows[column] = rows[column].astype("string").fillna("").astype(str)
    rows["doc_id"] = rows["doc_id"].astype(str)
    rows["term"] = rows["term"].astype(str)
    return rows


def write_coding_sheet(sample: pd.DataFrame, path: str | Path) -> Path:
    """Write a coding sheet: a CSV file with one row per hit and empty ``coder`` and
    ``relevant`` columns, for a spreadsheet.

    The columns are ``doc_id``, ``start``, ``end`` (when the sample has it), ``term``, ``left``,
    ``match``, ``right``, ``coder`` and ``relevant``. The outlet is left out, so that a coder
    judges the words rather than who printed them (the hit's ``doc_id`` and ``start`` find it
    again). A coder fills in ``coder`` (a name) and ``relevant`` (``yes`` or ``no``; leave it
    empty for a hit not coded) and gives the file back to :func:`validate_terms`. The file is
    UTF-8 with a byte-order mark (so that Excel reads Cyrillic); a context that begins with
    ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``, so that no spreadsheet runs it as a
    formula.

    Parameters
    ----------
    sample : DataFrame
        Hits from :func:`sample_for_coding` (or any kwic table).
    path : str or Path
        The CSV file to write (its folder is made if missing).

    Returns
    -------
    Path

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> hits = pd.DataFrame({"doc_id": ["d1"], "start": [5], "end": [10], "term": ["unity"],
    ...                      "left": ["calls for"], "match": ["unity"], "right": ["now"]})
    >>> out = write_coding_sheet(hits, pathlib.Path(tempfile.mkdtemp()) / "sheet.csv")
    >>> pd.read_csv(out, keep_default_na=False).columns.tolist()
    ['doc_id', 'start', 'end', 'term', 'left', 'match', 'right', 'coder', 'relevant']
    """
    rows = _sheet_rows(sample, "write_coding_sheet")
    for column in ("left", "match", "right"):
        rows[column] = rows[column].map(lambda v: "'" + v if v.startswith(_FORMULA_START) else v)
    rows["coder"] = ""
    rows["relevant"] = ""
    path = Path(path)
    with atomic_path(path) as partial:
        rows.to_csv(partial, index=False, encoding="utf-8-sig")
    return path


def write_coding_page(
    sample: pd.DataFrame,
    path: str | Path,
    *,
    coder: str | None = None,
    terms: Terms | None = None,
    title: str = "Coding hits",
) -> Path:
    """Write an offline page to code the hits of ``sample`` one at a time with the keyboard.

    The page shows a hit in its context (the family, the words before, the match marked, the
    words after) and, with ``terms``, the family's definition. The coder presses ``y`` (or
    ``1``) when the hit is an instance of the family's concept and ``n`` (or ``0``) when it is
    not, which moves on to the next hit; the arrow keys move back and forth, ``Backspace``
    clears a label and ``u`` jumps to the next hit not coded yet. Progress is shown as hits
    coded of all. The labels are kept in the browser (``localStorage``, under a key made from
    the sheet's hits, so that two sheets never mix and a page opened again carries on) and
    leave it as a CSV download with the columns ``doc_id``, ``start``, ``term``, ``coder`` and
    ``relevant`` (``yes`` / ``no``; hits not coded are left out), which :func:`validate_terms`
    reads. The page needs no server and no network: it works from ``file://``; its style and
    script are inline, the hits travel inside it as JSON, and the script writes them into the
    page through ``textContent`` only, so no text of an article is ever read as HTML. Where the
    browser keeps nothing (a private window), the page says so: download before closing it.

    Parameters
    ----------
    sample : DataFrame
        Hits from :func:`sample_for_coding` (or any kwic table).
    path : str or Path
        The HTML file to write.
    coder : str, optional
        The coder's name, filled in for them (they can change it on the page).
    terms : term families, optional
        The families coded (a dictionary name, a dict, a YAML path): their definitions are shown
        beside each hit, the codebook the coder applies.
    title : str, default "Coding hits"
        The page's title.

    Returns
    -------
    Path

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> hits = pd.DataFrame({"doc_id": ["d1"], "start": [5], "term": ["unity"],
    ...                      "left": ["<b>calls for"], "match": ["unity"], "right": ["now"]})
    >>> out = write_coding_page(hits, pathlib.Path(tempfile.mkdtemp()) / "code.html")
    >>> page = out.read_text("utf-8")
    >>> "<b>calls" in page, "\\\\u003cb\\\\u003ecalls for" in page
    (False, True)
    """
    func = "write_coding_page"
    rows = _sheet_rows(sample, func)
    if coder is not None and not isinstance(coder, str):
        raise ToolkitError(f"{func}: coder= takes a name (a str), got {coder!r}.")
    definitions: dict[str, str] = {}
    if terms is not None:
        for family in compile_terms(terms):
            if family.definition:
                definitions[family.name] = family.definition
    hits = [
        {"doc_id": doc_id, "start": int(start), "term": term, "left": left, "match": match,
         "right": right}
        for doc_id, start, term, left, match, right in zip(
            rows["doc_id"], rows["start"].astype("int64"), rows["term"], rows["left"],
            rows["match"], rows["right"])
    ]  # fmt: skip
    keys = json.dumps([[h["doc_id"], h["start"], h["term"]] for h in hits], ensure_ascii=False)
    sheet = {
        "format": "rhetoric-toolkit coding 1",
        "id": hashlib.sha256(keys.encode("utf-8")).hexdigest()[:16],
        "title": str(title),
        "coder": coder or "",
        "definitions": definitions,
        "hits": hits,
    }
    data = (
        json.dumps(sheet, ensure_ascii=False, separators=(",", ":"))
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    page = _PAGE.replace("{title}", html.escape(str(title))).replace("{data}", data)
    path = Path(path)
    with atomic_path(path) as partial:
        partial.write_text(page, encoding="utf-8")
    return path


# The coding page: inline style and script, no network; data shown through textContent only.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rhetoric-toolkit">
<title>{title}</title>
<style>
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;
background:#fafafa}
header,main{max-width:52rem;margin:0 auto;padding:0.75rem 1rem}
h1{font-size:1.25rem;margin:0.25rem 0}
label{font-size:0.9rem}
input{font:inherit;padding:0.2rem 0.4rem;border:1px solid #888;border-radius:4px}
progress{width:100%;height:0.6rem}
#card{background:#fff;border:2px solid #ccc;border-radius:8px;padding:1rem;min-height:12rem;
overflow-wrap:anywhere}
#card.yes{border-color:#009E73}
#card.no{border-color:#D55E00}
.meta{font-size:0.85rem;color:#555;margin:0}
#family{font-weight:600;color:#1a1a1a}
#definition{font-size:0.9rem;color:#333;background:#f3f3f3;padding:0.4rem 0.6rem;border-radius:4px}
#definition:empty{display:none}
.context{font-size:1.15rem}
mark{background:#ffe8a3;padding:0 0.15rem;font-weight:600}
#label{font-weight:600;margin:0.5rem 0 0}
#card.yes #label{color:#007a5a}
#card.no #label{color:#b34a00}
.buttons{display:flex;flex-wrap:wrap;gap:0.5rem;margin:0.75rem 0}
button{font:inherit;padding:0.4rem 0.8rem;border:1px solid #666;border-radius:4px;background:#fff;
cursor:pointer}
button:focus-visible{outline:3px solid #0072B2}
#yes{border-color:#009E73}
#no{border-color:#D55E00}
.keys{font-size:0.85rem;color:#555}
kbd{border:1px solid #aaa;border-radius:3px;padding:0 0.25rem;background:#fff;font-size:0.8rem}
#status{font-size:0.9rem}
#status.warn{color:#b34a00}
</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<label for="coder">Coder</label> <input id="coder" autocomplete="off" placeholder="your name">
<p id="progress" aria-live="polite"></p>
<progress id="bar" max="1" value="0"></progress>
</header>
<main>
<section id="card" aria-live="polite">
<p class="meta"><span id="position"></span> &middot; <span id="family"></span> &middot;
<span id="doc"></span></p>
<p id="definition"></p>
<p class="context"><span id="left"></span> <mark id="match"></mark> <span id="right"></span></p>
<p id="label"></p>
</section>
<div class="buttons">
<button id="back" type="button">&larr; Back</button>
<button id="yes" type="button">Relevant (y)</button>
<button id="no" type="button">Not relevant (n)</button>
<button id="next" type="button">Next &rarr;</button>
</div>
<p class="keys">Keys: <kbd>y</kbd> relevant, <kbd>n</kbd> not relevant (then the next hit),
<kbd>&larr;</kbd> <kbd>&rarr;</kbd> move, <kbd>Backspace</kbd> clear, <kbd>u</kbd> next hit not
coded. Your labels stay in this browser; download them when you are done.</p>
<p><button id="download" type="button">Download CSV</button> <span id="status"></span></p>
</main>
<script type="application/json" id="sheet">{data}</script>
<script>
"use strict";
const sheet = JSON.parse(document.getElementById("sheet").textContent);
const hits = sheet.hits;
const KEY = "rhetoric-toolkit coding " + sheet.id;
const $ = (id) => document.getElementById(id);
let store = null;
try {
  store = window.localStorage;
  store.setItem(KEY + " probe", "1");
  store.removeItem(KEY + " probe");
} catch (e) {
  store = null;
}
const state = {labels: {}, position: 0, coder: sheet.coder || ""};
if (store) {
  try {
    const saved = JSON.parse(store.getItem(KEY) || "null");
    if (saved && typeof saved === "object") {
      if (saved.labels && typeof saved.labels === "object") state.labels = saved.labels;
      if (Number.isInteger(saved.position)) state.position = saved.position;
      if (typeof saved.coder === "string" && saved.coder) state.coder = saved.coder;
    }
  } catch (e) { /* a damaged entry: start again */ }
}
state.position = Math.min(Math.max(0, state.position), Math.max(0, hits.length - 1));
function keyOf(hit) { return JSON.stringify([hit.doc_id, hit.start, hit.term]); }
function save() {
  if (!store) return;
  try {
    store.setItem(KEY, JSON.stringify(state));
  } catch (e) {
    warn("Could not keep the labels in this browser: download them now.");
  }
}
function warn(text) { $("status").textContent = text; $("status").className = "warn"; }
function codedCount() { return hits.filter((hit) => state.labels[keyOf(hit)]).length; }
function show() {
  $("title").textContent = sheet.title;
  const coded = codedCount();
  const progress = $("progress");
  progress.dataset.coded = String(coded);
  progress.dataset.position = String(state.position);
  const left = hits.length - coded;
  progress.textContent = coded + " of " + hits.length + " hits coded" +
    (hits.length ? " (" + Math.round(100 * coded / hits.length) + "%)" : "") +
    (left ? ", " + left + " to go" : ", all done: download the CSV");
  $("bar").max = Math.max(1, hits.length);
  $("bar").value = coded;
  const card = $("card");
  if (!hits.length) { $("position").textContent = "No hits in this sheet"; return; }
  const hit = hits[state.position];
  $("position").textContent = "Hit " + (state.position + 1) + " of " + hits.length;
  $("family").textContent = hit.term;
  $("doc").textContent = hit.doc_id + " @ " + hit.start;
  $("definition").textContent = sheet.definitions[hit.term] || "";
  $("left").textContent = hit.left;
  $("match").textContent = hit.match;
  $("right").textContent = hit.right;
  const label = state.labels[keyOf(hit)] || "";
  card.className = label;
  $("label").textContent = label === "yes" ? "Coded: relevant" :
    label === "no" ? "Coded: not relevant" : "Not coded yet";
}
function move(step) {
  state.position = Math.min(Math.max(0, state.position + step), Math.max(0, hits.length - 1));
  save();
  show();
}
function mark(value) {
  if (!hits.length) return;
  state.labels[keyOf(hits[state.position])] = value;
  save();
  move(1);
}
function clearLabel() {
  if (!hits.length) return;
  delete state.labels[keyOf(hits[state.position])];
  save();
  show();
}
function nextUncoded() {
  for (let i = 1; i <= hits.length; i++) {
    const at = (state.position + i) % hits.length;
    if (!state.labels[keyOf(hits[at])]) { state.position = at; save(); show(); return; }
  }
}
function csvCell(value) {
  const text = String(value);
  return /[",\\r\\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}
function codingCsv() {
  const rows = [["doc_id", "start", "term", "coder", "relevant"]];
  for (const hit of hits) {
    const label = state.labels[keyOf(hit)];
    if (label) rows.push([hit.doc_id, hit.start, hit.term, state.coder.trim(), label]);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\\r\\n") + "\\r\\n";
}
function download() {
  if (!state.coder.trim()) {
    warn("Type your name as coder first: the labels are saved with it.");
    $("coder").focus();
    return;
  }
  const blob = new Blob(["\\ufeff" + codingCsv()], {type: "text/csv;charset=utf-8"});
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  const name = state.coder.trim().replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 40);
  link.download = "coded-" + name + "-" + sheet.id.slice(0, 8) + ".csv";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  $("status").className = "";
  $("status").textContent = codedCount() + " labels downloaded as " + link.download + ".";
}
$("coder").value = state.coder;
$("coder").addEventListener("input", (event) => { state.coder = event.target.value; save(); });
$("coder").addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === "Escape") event.target.blur();
});
$("back").addEventListener("click", () => move(-1));
$("next").addEventListener("click", () => move(1));
$("yes").addEventListener("click", () => mark("yes"));
$("no").addEventListener("click", () => mark("no"));
$("download").addEventListener("click", download);
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    y: () => mark("yes"), Y: () => mark("yes"), 1: () => mark("yes"),
    n: () => mark("no"), N: () => mark("no"), 0: () => mark("no"),
    ArrowLeft: () => move(-1), ArrowRight: () => move(1),
    Backspace: clearLabel, Delete: clearLabel, u: nextUncoded, U: nextUncoded,
  };
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
});
if (!store) {
  warn("This browser keeps no labels for this page (a private window?): download the CSV " +
    "before you close it.");
}
show();
</script>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# precision and agreement


def _read_labels(labels: Any, func: str) -> pd.DataFrame:
    """``labels`` as one table: a DataFrame, or CSV files (one per coder, say) read and joined."""
    if isinstance(labels, pd.DataFrame):
        return labels
    paths = [labels] if isinstance(labels, (str, Path)) else labels
    if not isinstance(paths, Sequence) or not all(isinstance(p, (str, Path)) for p in paths):
        raise ToolkitError(
            f"{func} takes a table of labels (a DataFrame with {list(LABEL_COLUMNS)}), a CSV "
            f"file of them or a list of such files; got {type(labels).__name__}."
        )
    frames = []
    for path in paths:
        try:
            frames.append(pd.read_csv(path, dtype={"doc_id": str, "term": str, "coder": str},
                                      keep_default_na=False, encoding="utf-8-sig"))  # fmt: skip
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ToolkitError(
                f"{func}: could not read the labels in {path}: {exc}. Give the CSV a coding "
                "page downloaded or a coding sheet filled in."
            ) from None
    if not frames:
        raise ToolkitError(f"{func}: no label files were given.")
    return pd.concat(frames, ignore_index=True)


def _relevance(values: pd.Series, func: str) -> pd.Series:
    """``relevant`` as 1.0 / 0.0, NaN where a hit was left uncoded; other values are an error."""

    def one(value: Any) -> float:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return np.nan
        if isinstance(value, (bool, np.bool_)):
            return float(value)
        if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
            return float(value)
        text = str(value).strip().lower()
        if text == "":
            return np.nan
        if text in _YES:
            return 1.0
        if text in _NO:
            return 0.0
        return -1.0

    coded = values.map(one).astype(float)
    odd = values[coded == -1.0]
    if len(odd):
        raise ToolkitError(
            f"{func}: relevant holds values that are neither yes nor no, e.g. "
            f"{sorted(map(str, odd.unique()))[:5]}. Use yes/no (or y/n, 1/0, true/false), and "
            "leave a hit that was not coded empty."
        )
    return coded


def validate_terms(labels: Any, *, by: By = None) -> pd.DataFrame:
    """Each family's precision on hand-coded hits, with its Wilson 95% interval, and the
    agreement between the coders (Krippendorff's alpha).

    A hit is ``doc_id``, ``start`` and ``term``. **Precision** is the share of coded hits that
    are relevant; a hit coded by several coders counts once, as the mean of their labels (two
    coders of three saying relevant make it 2/3 relevant): the mean, not the majority, so that a
    tie counts as a half and no hit's disagreement is rounded away. The interval is Wilson's for
    ``n_relevant`` of ``n_hits`` (:func:`toolkit.stats.wilson_interval`). **Alpha** is
    Krippendorff's alpha, nominal (:func:`toolkit.stats.krippendorff_alpha`), over the hits of
    the family coded by at least two coders: 1 when the coders always agree, 0 when they agree
    as often as chance would make them, NaN with one coder, without a hit coded twice, or when
    every label is the same (alpha cannot tell agreement from chance then; read
    ``agreement``). Labels left empty (hits not coded) are left out.

    Parameters
    ----------
    labels : DataFrame, path or list of paths
        One row per coded hit and coder, with ``doc_id``, ``start``, ``term``, ``coder`` and
        ``relevant`` (yes/no, y/n, 1/0, true/false; empty: not coded) and the ``by`` columns;
        or the CSV files of coding sheets or coding pages (one per coder, say), read and joined.
    by : str or list of str, optional
        Also group by these columns (``source``: a precision per outlet). They must have one
        value per hit.

    Returns
    -------
    DataFrame
        One row per group and family: the ``by`` columns; ``term``; ``n_hits`` (hits coded);
        ``n_coders`` (coders who coded any of them); ``n_labels`` (labels given); ``n_relevant``
        (the relevant hits, each hit its coders' mean); ``precision`` (``n_relevant /
        n_hits``) with ``precision_low`` and ``precision_high`` (Wilson 95%); ``agreement``
        (the share of the hits coded by two or more coders on which all of them agree, NaN
        without such a hit) and ``alpha``.

    Raises
    ------
    ToolkitError
        A column is missing, ``relevant`` holds another value, a coder coded a hit twice, or a
        hit has two values of a ``by`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> labels = pd.DataFrame({  # synthetic: two coders, four hits
    ...     "doc_id": ["d1", "d2", "d3", "d4"] * 2, "start": 0, "term": "sanctions",
    ...     "coder": ["ann"] * 4 + ["bob"] * 4,
    ...     "relevant": ["yes", "yes", "no", "yes", "yes", "no", "no", "yes"]})
    >>> table = validate_terms(labels)
    >>> table[["term", "n_hits", "n_coders", "precision", "agreement", "alpha"]].round(3)
            term  n_hits  n_coders  precision  agreement  alpha
    0  sanctions       4         2      0.625       0.75  0.533
    """
    func = "validate_terms"
    by_cols = as_list(by)
    table = _read_labels(labels, func)
    table = require_table(table, [*LABEL_COLUMNS, *by_cols], "a coding sheet or coding page "
                          "(columns doc_id, start, term, coder, relevant)", func=func)  # fmt: skip
    clash = [c for c in by_cols if c in VALIDATION_COLUMNS or c in LABEL_COLUMNS]
    if clash:
        raise ToolkitError(f"{func}: by= names {clash}, which the labels use for their own "
                           "columns; group by another column.")  # fmt: skip
    frame = table[[*LABEL_COLUMNS, *by_cols]].copy()
    frame["relevant"] = _relevance(frame["relevant"], func)
    frame = frame[frame["relevant"].notna()]
    frame["doc_id"] = frame["doc_id"].astype(str)
    frame["term"] = frame["term"].astype(str)
    frame["coder"] = frame["coder"].astype("string").fillna("").astype(str).str.strip()
    try:
        frame["start"] = pd.to_numeric(frame["start"]).astype("int64")
    except (ValueError, TypeError):
        raise ToolkitError(
            f"{func}: start must hold whole numbers (character offsets of the hits)."
        ) from None
    twice = frame.duplicated([*_HIT, "coder"])
    if twice.any():
        first = frame.loc[twice, [*_HIT, "coder"]].iloc[0].tolist()
        raise ToolkitError(
            f"{func}: {int(twice.sum())} labels repeat a hit the same coder already coded (e.g. "
            f"{first}). Keep one label per hit and coder, e.g. labels.drop_duplicates(["
            "'doc_id', 'start', 'term', 'coder'], keep='last')."
        )
    if by_cols:
        values = frame.groupby(_HIT, dropna=False)[by_cols].nunique(dropna=False)
        if (values > 1).any().any():
            raise ToolkitError(
                f"{func}: some hits have two values of {by_cols} in the labels; a hit belongs to "
                "one group. Check the labels' by= columns."
            )
    rows = []
    for key, group in frame.groupby([*by_cols, "term"], dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        rows.append((*key, *_family_row(group)))
    columns = [*by_cols, *VALIDATION_COLUMNS]
    result = pd.DataFrame(rows, columns=columns)
    if result.empty:
        return result.astype({"n_hits": "int64", "n_coders": "int64", "n_labels": "int64"})
    low, high = wilson_interval(result["n_relevant"], result["n_hits"])
    result["precision_low"], result["precision_high"] = low, high
    return result


def _family_row(group: pd.DataFrame) -> tuple[Any, ...]:
    """``n_hits`` .. ``alpha`` of one family (and group); the interval is filled in after."""
    grid = group.pivot_table(index="coder", columns=_HIT, values="relevant", aggfunc="first")
    values = grid.to_numpy(dtype=float)
    n_hits = grid.shape[1]
    per_hit = np.nanmean(values, axis=0)
    relevant = float(per_hit.sum())
    coded = (~np.isnan(values)).sum(axis=0)
    multi = values[:, coded >= 2]
    if multi.shape[1]:
        lows = np.nanmin(multi, axis=0)
        highs = np.nanmax(multi, axis=0)
        agreement = float(np.mean(lows == highs))
        alpha = krippendorff_alpha(multi) if multi.shape[0] >= 2 else float("nan")
    else:
        agreement = alpha = float("nan")
    return (n_hits, grid.shape[0], len(group), relevant, relevant / n_hits, np.nan, np.nan,
            agreement, alpha)  # fmt: skip


# --------------------------------------------------------------------------------------------
# rates corrected by precision


def correct_rates(
    counts: pd.DataFrame, validation: pd.DataFrame, *, confidence: float = 0.95, seed: int = 0
) -> pd.DataFrame:
    """The rates of a :func:`toolkit.count_terms` table multiplied by each family's precision,
    with an interval that carries the uncertainty of both.

    A family whose hits are 70% relevant is used at 70% of its counted rate: ``per_10k_corrected
    = per_10k * precision``. The interval treats the hits as Poisson and the coded sample as
    binomial and combines them by a parametric bootstrap
    (:func:`toolkit.stats.corrected_rate_interval`: Jeffreys posteriors of both, the quantiles
    of their product; at large counts the delta method on the log scale), so a rate measured
    on many hits but validated on few coded hits gets a wide interval. The precision of a family
    is the same for every group unless ``validation`` has groups: its ``by`` columns that
    ``counts`` also has are matched (a precision per outlet for the counts of that outlet). The
    rate of articles (``doc_share``) is not corrected: an article with one relevant hit of
    three is still an article with a relevant hit, which no precision of hits tells.

    Parameters
    ----------
    counts : DataFrame
        A table of :func:`toolkit.count_terms` (with or without ``by`` and ``period``).
    validation : DataFrame
        A table of :func:`validate_terms`.
    confidence : float, default 0.95
        The level of the interval.
    seed : int, default 0
        The seed of the bootstrap draws (the same tables and seed give the same interval).

    Returns
    -------
    DataFrame
        ``counts`` with, after its columns: ``n_coded`` (hits coded), ``precision``,
        ``precision_low``, ``precision_high`` (from ``validation``); ``hits_corrected``
        (``hits * precision``); ``per_10k_corrected`` with ``per_10k_corrected_low`` and
        ``per_10k_corrected_high``. NaN for a family ``validation`` does not have (with a
        warning naming it).

    Raises
    ------
    ToolkitError
        A table lacks its columns, or ``validation`` has groups that ``counts`` does not.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"term": ["sanctions"], "hits": [120], "n_tokens": [100_000],
    ...                        "per_10k": [12.0]})  # synthetic
    >>> validation = pd.DataFrame({"term": ["sanctions"], "n_hits": [60], "n_relevant": [45.0],
    ...     "precision": [0.75], "precision_low": [0.63], "precision_high": [0.84]})
    >>> table = correct_rates(counts, validation)
    >>> table[["per_10k", "per_10k_corrected", "per_10k_corrected_low",
    ...        "per_10k_corrected_high"]].round(0)
       per_10k  per_10k_corrected  per_10k_corrected_low  per_10k_corrected_high
    0     12.0                9.0                    7.0                    11.0
    """
    func = "correct_rates"
    require_table(counts, ["term", "hits", "n_tokens", "per_10k"], "toolkit.count_terms()",
                  func=func)  # fmt: skip
    needed = ["term", "n_hits", "n_relevant", "precision", "precision_low", "precision_high"]
    require_table(validation, needed, "toolkit.validate_terms()", func=func)
    clash = [c for c in CORRECTED_COLUMNS if c in counts.columns]
    if clash:
        raise ToolkitError(
            f"{func}: the counts already have {clash}; pass the table count_terms() returned."
        )
    known = set(VALIDATION_COLUMNS)
    groups = [c for c in validation.columns if c not in known]
    missing = [c for c in groups if c not in counts.columns]
    if missing:
        raise ToolkitError(
            f"{func}: the validation is by {missing}, which the counts do not have. Count by "
            f"them too (count_terms(..., by={missing!r})) or validate without by=."
        )
    keys = [*groups, "term"]
    if validation.duplicated(keys).any():
        raise ToolkitError(f"{func}: the validation has two rows for one {' / '.join(keys)}.")
    found = validation[[*keys, "n_hits", "n_relevant", "precision", "precision_low",
                        "precision_high"]].rename(columns={"n_hits": "n_coded"})  # fmt: skip
    found = found.assign(term=found["term"].astype(str))
    table = counts.reset_index(drop=True)
    merged = table.assign(term=table["term"].astype(str)).merge(found, on=keys, how="left")
    merged["term"] = table["term"].to_numpy()
    unvalidated = sorted(merged.loc[merged["precision"].isna(), "term"].astype(str).unique())
    if unvalidated:
        warn_user(
            f"correct_rates: no precision for {unvalidated} (not in the validation table"
            + (f" for every {', '.join(groups)}" if groups else "")
            + "): their corrected rates are NaN. Code a sample of their hits and validate them."
        )
    hits = merged["hits"].to_numpy(dtype=float)
    precision = merged["precision"].to_numpy(dtype=float)
    low, high = corrected_rate_interval(hits, merged["n_tokens"].to_numpy(dtype=float),
                                        merged["n_relevant"].to_numpy(dtype=float),
                                        merged["n_coded"].to_numpy(dtype=float),
                                        confidence=confidence, seed=seed)  # fmt: skip
    out = table.copy()
    out["n_coded"] = merged["n_coded"].astype("Int64").to_numpy()
    for column in ("precision", "precision_low", "precision_high"):
        out[column] = merged[column].to_numpy(dtype=float)
    out["hits_corrected"] = hits * precision
    out["per_10k_corrected"] = merged["per_10k"].to_numpy(dtype=float) * precision
    out["per_10k_corrected_low"] = low * 10_000
    out["per_10k_corrected_high"] = high * 10_000
    return out


# --------------------------------------------------------------------------------------------
# the packaged coded hits


def load_coded_sample(name: str = "rhetoric", *, latest: bool = True) -> pd.DataFrame:
    """The project's hand-coded hits of a packaged dictionary, as a table of labels.

    ``toolkit/resources/validation/<name>.csv`` holds hits of the dictionary's families in
    real English and Russian news, each read in its context and coded by the project as an
    instance of the family's concept or not (its README says how). They are the labels behind
    the precision :func:`toolkit.describe_terms` reports, and one coder's: ``alpha`` is NaN
    for them.

    Parameters
    ----------
    name : str, default "rhetoric"
        The dictionary.
    latest : bool, default True
        Only the latest round of each family and language (a family revised after coding was
        coded again on a fresh sample; the earlier rounds are the record of why it changed).

    Returns
    -------
    DataFrame
        One row per coded hit: ``doc_id`` (the article's url), ``start``, ``term``, ``coder``
        (``rhetoric-toolkit``), ``relevant`` (``yes`` / ``no``), then ``language``, ``round``,
        ``source``, ``end``, ``match``, ``left``, ``right`` and ``reason`` (why a hit is not
        relevant).

    Examples
    --------
    >>> labels = load_coded_sample()
    >>> table = validate_terms(labels, by="language")
    >>> sorted(table["language"].unique())
    ['en', 'ru']
    """
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise ToolkitError(f"load_coded_sample: {name!r} is not the name of a dictionary.")
    source = resources.files("toolkit.resources").joinpath("validation", f"{name}.csv")
    if not source.is_file():
        raise MissingResourceError(
            f"load_coded_sample: there are no packaged coded hits of {name!r}. The packaged "
            "ones: 'rhetoric'. Code your own with sample_for_coding() and a coding sheet."
        )
    raw = pd.read_csv(io.StringIO(source.read_text("utf-8")), dtype=str, keep_default_na=False)
    raw["round"] = pd.to_numeric(raw["round"]).astype("int64")
    if latest:
        last = raw.groupby(["language", "term"])["round"].transform("max")
        raw = raw[raw["round"] == last]
    table = raw.rename(columns={"doc_url": "doc_id"}).assign(coder=_CODER)
    table["start"] = pd.to_numeric(table["start"]).astype("int64")
    table["end"] = pd.to_numeric(table["end"]).astype("int64")
    first = list(LABEL_COLUMNS)
    rest = [c for c in ("language", "round", "source", "end", "match", "left", "right", "reason")
            if c in table.columns]  # fmt: skip
    return table[[*first, *rest]].reset_index(drop=True)
