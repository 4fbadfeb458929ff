"""The report as a static document: :func:`write_site` turns a :class:`Report` into pages.

``index.html`` is the document: a front page "at a glance" (the corpus, every setting, what
cleaning removed, every caveat), then one section per analysis with its charts, tables and a
sentence on how to read them. ``concordance.html`` holds every hit. Charts go to ``charts/``,
tables to ``tables/``, each with a provenance file whose paths are relative to the report folder
and which names the corpus by file name and fingerprint. No page has code, a server or a
network request: the folder can be zipped and sent.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import multiprocessing
import platform
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.engine import workers
from toolkit.errors import ToolkitError
from toolkit.report.artifacts import GENERATOR, name_file, save_figure, save_table, terms_record
from toolkit.report.pipeline import Report
from toolkit.util import atomic_path, make_folder

__all__ = ["GENERATOR", "output_folder", "record_of", "write_site"]

#: The pages a report writes at the top of its folder.
PAGES = ("index.html", "concordance.html")
#: Rows of a table shown on the page (every row is in its CSV).
SHOWN_ROWS = 25

e = html.escape


def output_folder(out: str | Path, *, make: bool = True) -> Path:
    """The report folder, made if missing (unless ``make`` is False: the check alone); refused
    when blank, or when a page the report would replace was not written by the toolkit (it
    lacks :data:`GENERATOR`)."""
    if not str(out).strip():
        raise ToolkitError(
            f"The output folder is blank ({str(out)!r}): name one, e.g. --out report."
        )
    folder = Path(str(out)).expanduser()
    for page in PAGES:
        file = folder / page
        if file.is_file() and GENERATOR.encode() not in file.read_bytes()[:4096]:
            raise ToolkitError(
                f"{file} exists and was not written by a rhetoric-toolkit report, and writing "
                f"the report into {folder} would replace it. Choose another folder (a new or "
                "empty one)."
            )
    return make_folder(folder) if make else folder


def record_of(report: Report) -> dict[str, Any]:
    """The provenance of every file of ``report``: toolkit version, the corpus by name and
    fingerprint (never a path of this machine), the term families and every setting."""
    from toolkit import __version__

    settings = report.options.settings()
    shown = {name: value for name, value, _ in report.options.describe()}
    settings |= {"corpus": shown["corpus"], "terms": shown["terms"], "out": "."}
    return {
        "toolkit_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "corpus": {
            "name": report.corpus_name,
            "fingerprint": report.fingerprint or None,
            "documents": report.overview["articles"],
        },
        "terms": terms_record(report.options.terms),
        "settings": settings | {"period_used": report.period, "smoothing": report.smoothing},
    }


def _draw_and_save(
    draw: Callable[[], Any], target: Path, record: dict[str, Any], formats: Sequence[str]
) -> tuple[list[Path] | None, str]:
    """Draw one chart and save it (in a worker process when the report has several): the
    files written, or None and the reason it could not be drawn."""
    import matplotlib.pyplot as plt

    try:
        ax = draw()
    except ToolkitError as exc:
        return None, str(exc)
    figure = ax.figure
    while getattr(figure, "figure", None) is not None and figure.figure is not figure:
        figure = figure.figure
    try:
        return save_figure(ax, target, provenance=record, formats=formats), ""
    finally:
        plt.close(figure)


class _Writer:
    """Saves the charts and tables of one report and collects the HTML of its sections.

    Charts are drawn by a pool of forked workers when the machine has several cores (drawing is
    most of the cost of writing a report); each chart's place in the page is a token that
    :meth:`finish` replaces with its figure once it is saved.
    """

    def __init__(self, report: Report, folder: Path, progress: Callable[[str], None] | None):
        self.report, self.folder, self.progress = report, folder, progress
        self.record = record_of(report)
        self.tables: list[tuple[str, str]] = []
        self.charts: list[tuple[Any, str]] = []
        self.pool: Any = None
        if workers() > 1 and "fork" in multiprocessing.get_all_start_methods():
            from toolkit.plot import group_style

            for group in sorted(report.order):  # every worker gives a group the same colour
                group_style(group)
            self.pool = ProcessPoolExecutor(
                workers(), mp_context=multiprocessing.get_context("fork")
            )

    def table(self, table: pd.DataFrame, name: str, caption: str) -> str:
        """Save ``table`` as CSV; return the link to it."""
        files = save_table(table, name_file(self.folder / "tables", name), provenance=self.record)
        href = files[0].relative_to(self.folder).as_posix()
        self.tables.append((href, caption))
        return f'<a href="{e(href)}">{e(Path(href).name)}</a>'

    def chart(self, draw: Callable[[], Any], name: str, alt: str) -> str:
        """Draw a chart and save it (``draw`` must pickle: a module-level function or a
        ``partial`` of one); return the token that stands for its figure in the page."""
        target = name_file(self.folder / "charts", name)
        formats = self.report.options.formats
        if self.pool is not None:
            job: Any = self.pool.submit(_draw_and_save, draw, target, self.record, formats)
        else:
            job = _draw_and_save(draw, target, self.record, formats)
        self.charts.append((job, alt))
        return f"\x00chart{len(self.charts) - 1}\x00"

    def finish(self, page: str) -> str:
        """``page`` with every chart token replaced by its figure (or by why it is missing)."""
        try:
            for i, (job, alt) in enumerate(self.charts):
                files, why = job.result() if self.pool is not None else job
                page = page.replace(f"\x00chart{i}\x00", self._figure(files, why, alt))
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        return page

    def _figure(self, files: list[Path] | None, why: str, alt: str) -> str:
        if files is None:
            return f'<p class="note">{e(alt)}: not drawn ({e(why)})</p>'
        png = files[0].relative_to(self.folder).as_posix()
        links = [(f, f.suffix[1:].upper()) for f in files[1:-1]] + [(files[-1], "provenance")]
        caption = " · ".join(
            [e(alt)]
            + [f'<a href="{e(f.relative_to(self.folder).as_posix())}">{e(n)}</a>' for f, n in links]
        )
        return (
            f'<figure><a href="{e(png)}"><img src="{e(png)}" alt="{e(alt)}" loading="lazy"></a>'
            f"<figcaption>{caption}</figcaption></figure>"
        )


def _frequency_chart(counts: pd.DataFrame, by: str, terms: str) -> Any:
    from toolkit.plot import annotate_terms, plot_frequency

    ax = plot_frequency(counts, by=by)
    annotate_terms(ax, terms)
    return ax


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (bool,)):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _percent(value: float) -> str:
    return "" if pd.isna(value) else f"{100 * value:.0f}%"


def html_table(
    table: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    names: dict[str, str] | None = None,
    max_rows: int | None = SHOWN_ROWS,
    numeric: Iterable[str] = (),
) -> str:
    """A small, escaped HTML table of ``table`` (at most ``max_rows`` rows).

    Examples
    --------
    >>> print(html_table(pd.DataFrame({"word": ["<b>"], "n": [1200]})).replace("><", ">\\n<"))
    <div class="table">
    <table>
    <thead>
    <tr>
    <th>word</th>
    <th>n</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td>&lt;b&gt;</td>
    <td class="num">1,200</td>
    </tr>
    </tbody>
    </table>
    </div>
    """
    columns = list(columns) if columns is not None else list(table.columns)
    names = names or {}
    shown = table if max_rows is None else table.head(max_rows)
    numbers = set(numeric) | {
        c for c in columns if pd.api.types.is_numeric_dtype(table[c]) and table[c].dtype != bool
    }
    head = "".join(f"<th>{e(names.get(c, c))}</th>" for c in columns)
    rows = []
    for values in shown[columns].itertuples(index=False):
        cells = "".join(
            f'<td class="num">{e(_cell(v))}</td>' if c in numbers else f"<td>{e(_cell(v))}</td>"
            for c, v in zip(columns, values)
        )
        rows.append(f"<tr>{cells}</tr>")
    more = ""
    if max_rows is not None and len(table) > max_rows:
        more = f'<p class="more">The first {max_rows} of {len(table):,} rows.</p>'
    body = "".join(rows)
    return (
        f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"</div>{more}"
    )


def _interval(table: pd.DataFrame, column: str) -> pd.Series:
    """``rate [low-high]`` as text."""
    return (
        table[column].map("{:.2f}".format)
        + " ["
        + table[f"{column}_low"].map("{:.2f}".format)
        + "–"
        + table[f"{column}_high"].map("{:.2f}".format)
        + "]"
    )


def _precision(source: pd.DataFrame, families: pd.DataFrame) -> pd.Series:
    """Each family's precision as ``0.97 [0.89-0.99] (60)``, from a table with ``term`` and
    the precision columns (describe_terms or validate_terms), in the order of ``families``;
    empty where the family was not coded."""
    if "precision" not in source.columns:
        return pd.Series("", index=families.index)
    coded = "n_coded" if "n_coded" in source.columns else "n_hits"
    rows = source.drop_duplicates("term").set_index("term").reindex(families["term"])
    text = [
        "" if pd.isna(p) else f"{p:.2f} [{lo:.2f}–{hi:.2f}] ({int(n):,})"
        for p, lo, hi, n in zip(
            rows["precision"], rows["precision_low"], rows["precision_high"], rows[coded]
        )
    ]
    return pd.Series(text, index=families.index)


def _section(anchor: str, title: str, how_to_read: str, *parts: str) -> str:
    return (
        f'<section id="{e(anchor)}"><h2>{e(title)}</h2><p class="read">{how_to_read}</p>'
        + "".join(parts)
        + "</section>"
    )


def _glance(w: _Writer) -> str:
    r, o = w.report, w.report.options
    ov = r.overview
    span = f"{ov['first']:%Y-%m-%d} to {ov['last']:%Y-%m-%d}" if ov["first"] is not None else "none"
    window = "all dates"
    if o.since or o.until:
        window = f"{o.since or 'the first article'} to {o.until or 'the last article'}"
    if o.common_window:
        window += ", within the span every group covers"
    languages = ", ".join(f"{k} {v:,}" for k, v in ov["languages"].items()) or "not recorded"
    facts = [
        ("Corpus", r.corpus_name),
        ("Fingerprint", r.fingerprint or "(a corpus in memory)"),
        ("Articles", f"{ov['articles']:,} ({ov['undated']:,} without a date)"),
        ("Counted in the rates", f"{ov['counted']:,} (in the languages of the term families)"),
        (f"{o.by} groups", f"{ov['groups']:,}"),
        ("Tokens", f"{ov['tokens']:,}"),
        ("Languages", languages),
        ("Dates", span),
        ("Date window", window),
    ]
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>" for k, v in facts)
    notes = "".join(
        f"<li><strong>{e(n.topic.capitalize())}.</strong> {e(n.text)}</li>" for n in r.notes
    )
    removed = len(r.cleaning)
    wire = ", ".join(f"{k} {v:,}" for k, v in r.wire.items()) or "none"
    cleaning = [
        "Datelines, credits and link lines taken out (the packaged rules)"
        if o.clean
        else "Datelines and credits kept (--no-clean)",
        f"Text taken out of {removed:,} articles" if (o.clean or o.strip_found) else "",
        f"{len(r.boilerplate):,} passages recur within a group: "
        + ("taken out" if o.strip_found else "left in (listed under Cleaning)"),
        f"Articles that credit a wire agency: {wire}",
        f"Near-duplicate pairs: {len(r.duplicates):,}"
        + (" (one copy of each cluster kept)" if o.deduplicate else " (all copies kept)"),
    ]
    clean_list = "".join(f"<li>{e(c)}</li>" for c in cleaning if c)
    changed = o.changed()
    settings = "".join(
        ("<tr class='changed'>" if name in changed else "<tr>") + f"<td><code>{e(name)}</code></td>"
        f"<td>{e(value)}</td><td>{e(meaning)}</td></tr>"
        for name, value, meaning in o.describe()
        if name != "out"
    )
    families = r.families.assign(
        rate=_interval(r.families, "per_10k"),
        doc_share=r.families["doc_share"].map(_percent),
        precision=_precision(r.families if r.validation is None else r.validation, r.families),
    )
    return _section(
        "glance",
        "At a glance",
        "What was analysed, how, and what to keep in mind when reading the numbers below.",
        f'<div class="cols"><div><h3>The corpus</h3><dl>{dl}</dl></div>'
        f"<div><h3>Cleaning</h3><ul>{clean_list}</ul></div></div>",
        f'<h3>Notes and caveats</h3><ul class="notes">{notes or "<li>None.</li>"}</ul>',
        "<h3>Term families in the whole corpus</h3>",
        html_table(
            families,
            columns=["term", "patterns", "hits", "rate", "doc_share", "precision", "top_forms"],
            names={
                "rate": "per 10,000 tokens [95% CI]",
                "doc_share": "share of articles",
                "precision": "precision [95% CI] (hits coded)",
                "top_forms": "top forms (share of hits)",
            },
        ),
        w.table(r.families, "families", "term families: patterns, rates, top forms"),
        "<details><summary>Every setting of this report</summary>"
        '<div class="table"><table><thead><tr><th>setting</th><th>value</th><th>meaning</th>'
        f"</tr></thead><tbody>{settings}</tbody></table></div>"
        '<p class="more">Highlighted: settings changed from their defaults.</p></details>',
    )


def _rates(w: _Writer) -> str:
    from toolkit.plot import plot_heatmap

    r, by = w.report, w.report.options.by
    groups = r.groups.copy()
    if len(groups):
        groups["first"] = groups["first"].map(_cell)
        groups["last"] = groups["last"].map(_cell)

    wide = r.counts.assign(rate=_interval(r.counts, "per_10k")).pivot(
        index=by, columns="term", values="rate"
    )
    wide = wide.reindex(index=r.order, columns=r.families["term"]).reset_index()
    return _section(
        "rates",
        f"How often each family occurs, by {by}",
        "<code>per 10,000 tokens</code> is hits per 10,000 tokens with an exact Poisson 95% "
        "interval. Groups with fewer than 10,000 tokens or 5 articles are hatched: their rates "
        "are too unstable to compare. Compare intervals, not points.",
        "<h3>The groups compared</h3>",
        html_table(groups, max_rows=None),
        w.table(r.groups, "groups", "groups: articles, tokens, dates"),
        w.chart(
            partial(_frequency_chart, r.counts, by, r.options.terms),
            "frequency_by_group",
            f"Rates of each family by {by}",
        ),
        w.chart(
            partial(plot_heatmap, r.counts, by=by), "heatmap_by_group", f"Rates by {by} and family"
        ),
        "<h3>Rates per 10,000 tokens [95% CI]</h3>",
        html_table(wide, max_rows=None),
        w.table(r.counts, "counts_by_group", "count_terms by group"),
    )


def _over_time(w: _Writer) -> str:
    from toolkit.plot import plot_coverage, plot_trend

    r, by = w.report, w.report.options.by
    if r.trend is None or r.coverage is None:
        return _section(
            "time", "Over time", "No trend: the articles have no dates, or fall in one period."
        )
    coverage, trend = r.coverage, r.trend
    charts = [
        w.chart(partial(plot_coverage, coverage), "coverage", f"Articles per {r.period} and {by}")
    ]
    for term in r.families["term"]:
        charts.append(
            w.chart(
                partial(plot_trend, trend, by=by, term=term, smooth=r.smoothing),
                f"trend_{term}",
                f"{term}: rate per 10,000 tokens per {r.period}",
            )
        )
    pooled = (
        f" Each point pools its period with the {r.smoothing - 1} before it."
        if r.smoothing > 1
        else ""
    )
    return _section(
        "time",
        "Over time",
        f"Rates per period ({r.period}) for each family. The strip shows how many articles each "
        "group published per period (white: none): a spike resting on a handful of articles is "
        f"noise. Articles without a date are left out here.{pooled}",
        '<div class="gallery">' + "".join(charts) + "</div>",
        w.table(r.trend, "counts_by_period", "count_terms by group and period"),
    )


def _keyness(w: _Writer) -> str:
    from toolkit.plot import plot_keyness

    r = w.report
    if not r.keyness:
        return _section("keyness", "Key words", "Keyness needs at least two groups.")
    parts = []
    columns = ["word", "target_count", "reference_count", "log_ratio", "g2", "p_adj"]
    for i, (group, table) in enumerate(r.keyness.items()):
        top = table[table["log_ratio"] > 0].head(15)
        parts.append(f"<h3>{e(group)} against all other articles</h3>")
        if i == 0 and len(table):
            parts.append(
                w.chart(
                    partial(
                        plot_keyness,
                        table,
                        target_label=group,
                        reference_label="all other articles",
                    ),
                    f"keyness_{group}",
                    f"Key words of {group}",
                )
            )
        parts.append(html_table(top, columns=columns, max_rows=None))
        parts.append(w.table(table, f"keyness_{group}", f"keyness of {group}"))
    return _section(
        "keyness",
        "Key words: what sets a group apart",
        "Each word's frequency in the group is compared with all other articles: "
        "<code>log_ratio</code> is the log2 ratio of relative frequencies (1 = twice as "
        "frequent), <code>g2</code> the log-likelihood statistic, <code>p_adj</code> its p-value "
        "corrected for testing thousands of words. Stop words and numbers are left out. Keyness "
        "describes vocabulary, not stance.",
        *parts,
    )


def _dispersion(w: _Writer) -> str:
    from toolkit.plot import plot_dispersion

    r = w.report
    chart = ""
    if len(r.hits) and r.hits["published"].dt.normalize().nunique() >= 2:
        chart = w.chart(
            partial(plot_dispersion, r.hits, x="date"), "dispersion_by_date", "When the hits occur"
        )
    return _section(
        "dispersion",
        "Dispersion: steady theme or one-article spike?",
        "Gries' DP compares where a family's hits fall with where the text is: 0 means spread "
        "over the articles in proportion to their length, values near 1 that they sit in a few "
        "articles. A high rate with a high DP is a spike, not a theme.",
        chart,
        html_table(r.dp, max_rows=None),
        w.table(r.dp, "dispersion_dp", "Gries' DP by group and family"),
    )


def _tone(w: _Writer) -> str:
    from toolkit.plot import plot_sentiment

    r, by = w.report, w.report.options.by
    if r.tone is None:
        return _section("tone", "Tone", "No sentence mentions a family: nothing to score.")
    columns = [by, "term", "n", "mean", "mean_low", "mean_high", "median", "coverage"]
    return _section(
        "tone",
        "Tone of the sentences that mention the families",
        "Only sentences with a hit are scored, with VADER (compound score, −1 to 1). VADER is an "
        "English lexicon tuned on social media: it knows few words of political prose "
        "(<code>coverage</code> is the share of tokens it rates) and nothing of other languages. "
        "Treat it as a rough signal and read the sentences in the concordance.",
        w.chart(partial(plot_sentiment, r.scores, by=by), "sentiment_by_group", f"Tone by {by}"),
        html_table(r.tone, columns=[c for c in columns if c in r.tone.columns], max_rows=None),
        w.table(r.tone, "sentiment_by_group", "tone by group and family"),
    )


def _hits(w: _Writer) -> str:
    from toolkit.report.concordance import write_concordance

    r = w.report
    write_concordance(
        r.kwic, w.folder / "concordance.html", by=r.options.by,
        title=f"Concordance: {r.corpus_name}",
    )  # fmt: skip
    link = w.table(r.kwic, "kwic", "every hit with its context")
    return _section(
        "hits",
        "Read the hits",
        f"{len(r.kwic):,} hits in {r.kwic['doc_id'].nunique() if len(r.kwic) else 0:,} "
        "articles. A dictionary is a measurement instrument: read its hits before trusting "
        "its counts.",
        f'<p><a class="button" href="concordance.html">Open the concordance</a> every hit, '
        f"filtered by {e(r.options.by)}, family, date and quotation, searchable offline; "
        f"or download {link}.</p>",
    )


def _who(w: _Writer) -> str:
    r, by = w.report, w.report.options.by
    if r.voices is None or r.speakers is None or r.voices.empty:  # (no hit: nothing to say)
        return ""
    shares = r.voices.assign(
        cell=lambda t: (
            t["share"].map(_percent)
            + " ["
            + t["share_low"].map(_percent)
            + "–"
            + t["share_high"].map(_percent)
            + "]"
        )
    )
    named = r.speakers.assign(
        named=r.speakers["speaker"] + " (" + r.speakers["hits"].astype(str) + ")"
    )
    top = named.groupby([by, "term"])["named"].agg(", ".join)
    parts = []
    for term in r.families["term"]:
        rows = shares[shares["term"] == term]
        if rows.empty:
            continue
        wide = rows.pivot(index=by, columns="voice", values="cell")
        hits = rows.groupby(by)["total"].first()
        table = wide.assign(hits=hits).reindex([g for g in r.order if g in wide.index])
        table["top speakers (hits)"] = [top.get((g, term), "") for g in table.index]
        table = table.reset_index()[
            [by, "hits", "outlet", "quote", "reported", "top speakers (hits)"]
        ]
        parts.append(f"<h3>{e(term)}</h3>")
        parts.append(
            html_table(
                table,
                max_rows=None,
                names={
                    "outlet": "the outlet's own words",
                    "quote": "in quotations",
                    "reported": "reported speech",
                },
            )
        )
    return _section(
        "who",
        "Who says it",
        "For each family, the share of an outlet's hits in its own words (narration and "
        "headlines), inside quotations (a speaker's words) and in reported speech (a speaker's "
        "position told by the outlet: 'X said that ...', 'по словам X'), with 95% intervals, "
        "and the speakers whose words carry most hits. A comparison of outlets' rates is partly "
        "a comparison of whom they quote: read this before comparing. Voice is found by rules "
        "(quotation marks, reporting verbs in English and Russian); see the concordance to "
        "check a hit.",
        *parts,
        w.table(r.voices, "voices", "hits by group, family and voice, with intervals"),
        w.table(r.speakers, "speakers", "the top speakers per group and family"),
    )


def _validated(w: _Writer) -> str:
    r, by = w.report, w.report.options.by
    if r.validation is None or r.corrected is None:
        return ""
    corrected = r.corrected.assign(
        corrected=_interval(r.corrected, "per_10k_corrected").where(
            r.corrected["per_10k_corrected"].notna(), ""
        )
    )
    wide = corrected.pivot(index=by, columns="term", values="corrected")
    wide = wide.reindex(index=r.order).reset_index()
    return _section(
        "validated",
        "Precision from your coded hits, and rates corrected by it",
        "Each family's precision is the share of its coded hits the coders judged relevant "
        "(Wilson 95% interval); <code>alpha</code> is Krippendorff's alpha between coders (NaN "
        "with one coder). A corrected rate is the rate times the precision, with an interval "
        "that carries the uncertainty of both: a family validated on few hits gets a wide one.",
        html_table(r.validation, max_rows=None),
        w.table(r.validation, "validation", "precision and agreement per family"),
        "<h3>Rates per 10,000 tokens, corrected by precision [95% CI]</h3>",
        html_table(wide, max_rows=None),
        w.table(r.corrected, "counts_corrected", "count_terms by group, corrected"),
    )


def _story_chart(edges: pd.DataFrame, story: int) -> Any:
    from toolkit.plot import plot_propagation

    return plot_propagation(edges, story=story, title="How the largest story travelled")


def _stories(w: _Writer) -> str:
    r, by = w.report, w.report.options.by
    tables = r.stories
    if r.spread is None or not tables or tables["stories"].empty:
        return _section(
            "stories",
            "How stories spread",
            f"No story in this corpus was told by two {by} groups or more: no article shares a "
            "passage with another group's article, credits a group whose article on the same "
            "story is here, or renders one in another language. There is nothing to trace.",
        )
    stories, lags, outlets = tables["stories"], tables["lags"], tables["outlets"]
    largest = int(stories["story"].iloc[0])
    edges = r.spread.edges
    chart = w.chart(
        partial(_story_chart, edges[edges["story"] == largest], largest),
        "stories_largest",
        "How the largest story travelled: outlets down the side, time along the bottom, an "
        "arrow from the article a text came from to the one that took it (solid: reused "
        "passage; dashed: credit; dotted: translation)",
    )
    told = int((r.spread.stories["articles"] >= 2).sum())
    return _section(
        "stories",
        "How stories spread",
        f"Articles are joined into stories by three kinds of evidence: a passage one reuses "
        f"from another (12 words or more, not only quotations), a credit to another {by} whose "
        'article here carries what the credit says ("according to TASS", "передает БелТА"), '
        "and a translation (an English and a Russian article of the same days that share rare "
        "names, numbers and dates). The first article of a story is the earliest dated one; "
        "<em>tie</em> means the dates are too coarse to tell, <em>unknown</em> that an article "
        "is undated. A relay share near 1 marks a group whose articles mostly follow another's; "
        "count a relayed statement once with <code>strip_reused</code>.",
        f"<p>{told:,} stories join two articles or more; the {len(stories)} largest told by "
        "two groups or more:</p>",
        html_table(stories, max_rows=None, names={"followed_by": "followed by (lag)"}),
        chart,
        "<h3>Median lag between groups (edges whose order the dates tell)</h3>",
        "<p>A lag is the time between the start of each article's date: between two articles "
        "dated to the day it is a whole number of days (24, 48 hours), however far apart "
        "within those days they were published.</p>"
        if len(lags)
        else "",
        html_table(lags, names={"median_lag_hours": "median lag (hours)"})
        if len(lags)
        else "<p>No edge has an order the dates tell.</p>",
        "<h3>Which groups lead and which relay</h3>",
        html_table(outlets, max_rows=None, names={"relay_share": "relay share"}),
        "<p>Tables: "
        + " · ".join(
            [
                w.table(
                    stories, "stories_largest", "the largest stories, who led and who followed"
                ),
                w.table(lags, "stories_lags", "median lags between groups"),
                w.table(outlets, "stories_outlets", "stories led and articles relayed, per group"),
                w.table(edges, "stories_edges", "every edge between articles (propagation)"),
            ]
        )
        + "</p>",
    )


def _cleaning(w: _Writer) -> str:
    r, by = w.report, w.report.options.by
    parts = [
        "<h3>Passages that recur within a group</h3><p>Found by paragraph where a group's "
        "articles have paragraphs, by sentence where they are one line each (<code>unit</code>); "
        "<code>furniture</code> (footers, links, captions, credits) is taken out by default, "
        "<code>news</code> (stock background paragraphs) only with --strip-found.</p>"
    ]
    if len(r.boilerplate):
        shown = [c for c in (by, "kind", "unit", "n_docs", "share", "cue", "passage")
                 if c in r.boilerplate.columns]  # fmt: skip
        parts.append(html_table(r.boilerplate, columns=shown))
        parts.append(w.table(r.boilerplate, "boilerplate", "recurring passages"))
    else:
        parts.append("<p>None found.</p>")
    if "recurring_share" in r.counts.columns:
        shares = r.counts[r.counts["hits_recurring"] > 0].sort_values(
            "recurring_share", ascending=False
        )
        parts.append("<h3>Hits inside news-like passages that recur (left in the counts)</h3>")
        parts.append(
            html_table(
                shares.assign(recurring_share=shares["recurring_share"].map(_percent)),
                columns=[by, "term", "hits", "hits_recurring", "recurring_share"],
                names={
                    "hits_recurring": "hits in recurring passages",
                    "recurring_share": "share of the hits",
                },
            )
            if len(shares)
            else "<p>No hit lies in a recurring passage.</p>"
        )
    parts.append("<h3>Near-duplicate copies</h3>")
    if len(r.duplicates):
        parts.append(html_table(r.duplicates))
        parts.append(w.table(r.duplicates, "duplicates", "near-duplicate pairs"))
    else:
        parts.append("<p>None found.</p>")
    if len(r.cleaning):
        parts.append(f"<h3>What was taken out of each article ({len(r.cleaning):,})</h3>")
        parts.append(html_table(r.cleaning, columns=["doc_id", by, "removed"]))
        parts.append(w.table(r.cleaning, "cleaning", "text taken out, per article"))
    return _section(
        "cleaning",
        "Cleaning",
        "News exports carry text that is not the article: datelines, credits, footers, stock "
        "background paragraphs, copies of wire stories. Counted as words, they make an "
        "agency's name a key word and one syndicated item look like many voices.",
        *parts,
    )


_STYLE = """
:root { --ink: #1d1d1f; --muted: #555; --line: #e3e3e3; --accent: #0060a8; --note: #fff7e0; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       max-width: 72rem; margin: 0 auto; padding: 0 1rem 3rem; }
header { padding: 1.5rem 0 .5rem; } h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
.meta { color: var(--muted); margin: 0; }
nav { position: sticky; top: 0; background: white; border-bottom: 1px solid var(--line);
      padding: .4rem 0; z-index: 1; overflow-x: auto; white-space: nowrap; }
nav a { color: var(--accent); margin-right: 1rem; text-decoration: none; font-size: .95rem; }
section { border-top: 1px solid var(--line); padding: 1rem 0 1.5rem; }
h2 { font-size: 1.35rem; margin: .3rem 0; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.read { color: #333; max-width: 48rem; }
p.more, figcaption { color: var(--muted); font-size: .85rem; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 1rem 2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
ul.notes { background: var(--note); border-radius: 6px; padding: .6rem 1rem .6rem 2rem; }
ul.notes li { margin: .3rem 0; overflow-wrap: anywhere; }
.table { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left;
         vertical-align: top; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f6f6f6; position: sticky; top: 0; } tr.changed td { background: #eef6ff; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 40rem), 1fr));
           gap: 1rem; }
a.button { display: inline-block; background: var(--accent); color: white; padding: .4rem .9rem;
           border-radius: 6px; text-decoration: none; margin-right: .5rem; }
details { margin-top: 1rem; } summary { cursor: pointer; color: var(--accent); }
code { background: #f3f3f3; padding: 0 .2rem; border-radius: 3px; }
@media (max-width: 600px) { body { font-size: 15px; } h1 { font-size: 1.35rem; } }
"""


def write_site(
    report: Report,
    out: str | Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write ``report`` as a static site in ``out`` (default: the options' ``out``); return the
    path of its ``index.html``.

    The folder is made if missing; a page in it that the toolkit did not write is never
    replaced (a ToolkitError says so).
    """
    from toolkit import __version__

    folder = output_folder(report.options.out if out is None else out)
    w = _Writer(report, folder, progress)
    parts = []
    for title, write in (
        ("at a glance", _glance),
        ("rates", _rates),
        ("trends", _over_time),
        ("key words", _keyness),
        ("dispersion", _dispersion),
        ("tone", _tone),
        ("concordance", _hits),
        ("who says it", _who),
        ("how stories spread", _stories),
        ("validation", _validated),
        ("cleaning", _cleaning),
    ):
        if progress is not None:
            progress(f"writing {title}")
        parts.append(write(w))
    files = "".join(
        f'<li><a href="{e(href)}">{e(Path(href).name)}</a>: {e(caption)} '
        f'(<a href="{e(href[:-4])}.table.json">provenance</a>)</li>'
        for href, caption in w.tables
    )
    parts.append(
        _section(
            "files",
            "Files",
            "Every table as CSV, every chart as PNG (and the formats asked for), each with a "
            "provenance file (JSON) that records the toolkit version, the corpus fingerprint, "
            "the term families and every setting.",
            f"<ul>{files}</ul>",
        )
    )
    o, ov = report.options, report.overview
    title = f"Rhetoric report: {report.corpus_name}"
    span = f", {ov['first']:%Y-%m-%d} to {ov['last']:%Y-%m-%d}" if ov["first"] is not None else ""
    changed = "; ".join(
        f"{name} {value}"
        for name, value, _ in o.describe()
        if name in o.changed() and name not in ("corpus", "terms", "out")
    )
    meta = (
        f"{ov['articles']:,} articles, {ov['groups']:,} {o.by} groups{span}. Terms: "
        f"{dict((n, v) for n, v, _ in o.describe())['terms']}; "
        f"by {o.by}; period {report.period or o.period}"
        + (f"; {changed}" if changed else "")
        + f". Built {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with rhetoric-toolkit "
        f"{__version__}."
    )
    nav = "".join(
        f'<a href="#{a}">{e(t)}</a>'
        for a, t in (
            ("glance", "At a glance"), ("rates", "Rates"), ("time", "Over time"),
            ("keyness", "Key words"), ("dispersion", "Dispersion"), ("tone", "Tone"),
            ("hits", "Hits"), ("who", "Who says it"), ("stories", "Stories"),
            ("cleaning", "Cleaning"),
            ("files", "Files"),
        )
    ) + '<a href="concordance.html">Concordance</a>'  # fmt: skip
    page = w.finish(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">{GENERATOR}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>"
        f'<header><h1>{e(title)}</h1><p class="meta">{e(meta)}</p></header>'
        f"<nav>{nav}</nav>{''.join(parts)}</body></html>\n"
    )
    index = folder / "index.html"
    with atomic_path(index) as temporary:
        temporary.write_text(page, "utf-8")
    with atomic_path(folder / "report.json") as temporary:
        temporary.write_text(
            json.dumps(w.record | {"notes": [n.__dict__ for n in report.notes]}, indent=2,
                       ensure_ascii=False, default=str),
            "utf-8",
        )  # fmt: skip
    return index
