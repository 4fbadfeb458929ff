"""Command line: ``python -m toolkit {summary,build,report}`` (also ``rhetoric-toolkit``).

* ``summary``: a short report in the terminal: the tracked terms in the bundled TASS article and in
  the State of the Union corpus by party.
* ``build``: execute the project's notebooks into ``build/`` (notebooks, HTML, charts, tables,
  provenance) and write ``build/index.html``. This is what ``make run`` does.
* ``report CORPUS``: the whole analysis on your own corpus, written as an HTML report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from toolkit.errors import ToolkitError

TRACKED = {
    "sovereignty": ["sovereign*"],
    "unity": ["unity", "solidarity"],
    "sanctions": ["sanction*"],
}


def summary() -> str:
    """The terminal report: tracked term counts in the sample and in SOTU by party."""
    import toolkit

    lines = ["rhetoric-toolkit " + toolkit.__version__, ""]
    sample = toolkit.load_sample()
    row = sample.iloc[0]
    lines.append(f"Sample: {row['source']}, {row['published']:%Y-%m-%d}: {row['title']}")
    table = toolkit.count_terms(sample, TRACKED)
    lines.append(
        "  "
        + ", ".join(f"{t}: {h}" for t, h in zip(table["term"], table["hits"]))
        + f"  (of {table['n_tokens'].iloc[0]} tokens)"
    )
    sotu = toolkit.load_sotu()
    lines += ["", f"State of the Union, {len(sotu)} addresses, hits per 10,000 tokens [95% CI]:"]
    by_party = toolkit.count_terms(sotu, TRACKED, by="source")
    wide = by_party.assign(
        cell=by_party.apply(
            lambda r: f"{r.per_10k:5.2f} [{r.per_10k_low:.2f}-{r.per_10k_high:.2f}] ({r.hits})",
            axis=1,
        )
    ).pivot(index="source", columns="term", values="cell")[list(TRACKED)]
    docs = by_party.groupby("source")["n_docs"].first()
    wide.index = [f"{party} (n={docs[party]})" for party in wide.index]
    lines.append(wide.to_string())
    lines += ["", "Rates are hits per 10,000 tokens (hits in brackets); see notebooks/ for more."]
    return "\n".join(lines)


def parse_columns(text: str | None) -> dict[str, str] | None:
    """``--columns text=Body,published=Date`` as read_corpus's ``columns=`` mapping.

    Examples
    --------
    >>> parse_columns("text=Body, published=Date")
    {'text': 'Body', 'published': 'Date'}
    """
    if not text:
        return None
    mapping = {}
    for item in text.split(","):
        name, sep, column = item.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ToolkitError(
                f"--columns takes canonical=input pairs separated by commas, e.g. "
                f"text=Body,published=Date; got {item.strip()!r}."
            )
        mapping[name.strip()] = column.strip()
    return mapping


_STORES = (".sqlite", ".db")


def collect_command(args: argparse.Namespace) -> str:
    """Run ``collect``: articles into the store, then the copy in ``--out``'s format."""
    from pathlib import Path

    from toolkit.collect import collect
    from toolkit.corpus import read_corpus, write_corpus

    out = Path(args.out)
    store = out if out.suffix.lower() in _STORES else out.with_suffix(".sqlite")
    log = (lambda line: print(line, flush=True)) if args.log else None
    summary = collect(
        args.feeds, store=store, allow_hosts=args.allow_host, delay=args.delay,
        timeout=args.timeout, max_items=args.max_items, user_agent=args.user_agent,
        progress=None if sys.stderr.isatty() else False, log=log,
    )  # fmt: skip
    lines = [f"Collected: {summary}"]
    if store != out:
        corpus = read_corpus(store) if summary.store.exists() else None
        if corpus is not None and len(corpus):
            write_corpus(corpus, out)
            lines.append(f"Wrote {len(corpus):,} articles to {out}")
    for source, url, reason in summary.failed[:20]:
        lines.append(f"  failed [{source}] {url}: {reason}")
    if len(summary.failed) > 20:
        lines.append(f"  ... and {len(summary.failed) - 20} more failures")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit", description="Study political rhetoric in the news, offline."
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("summary", help="term counts in the bundled corpora, in the terminal")
    build = commands.add_parser("build", help="execute the project notebooks into build/")
    build.add_argument("--out", default="build", help="output folder (default: build)")
    report = commands.add_parser("report", help="the whole analysis on your corpus, as HTML")
    report.add_argument("corpus", help="a CSV, TSV, JSONL, JSON, Parquet file or a text folder")
    report.add_argument(
        "--terms",
        help="a YAML file of term families, or a packaged dictionary: rhetoric (default), "
        "rhetoric:ru",
    )
    report.add_argument("--by", default="source", help="column to compare (default: source)")
    report.add_argument(
        "--period", default="M", help="D, W, M, Q, Y or 10Y for trends (default: M)"
    )
    report.add_argument("--source", help="the source of articles that have none, e.g. TASS")
    report.add_argument(
        "--columns",
        help="which input column is which, e.g. text=Body,published=Date (default: detected)",
    )
    report.add_argument(
        "--dates",
        choices=["coerce", "raise"],
        default="coerce",
        help="unreadable dates: keep the article undated (coerce, default) or stop (raise)",
    )
    report.add_argument("--tz", help="time zone of dates without one, e.g. Europe/Moscow")
    report.add_argument(
        "--clean",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="take out agency datelines, credits and 'Read more' lines and report what went "
        "(default; --no-clean keeps them)",
    )
    report.add_argument(
        "--strip-found",
        action="store_true",
        help="also take out the passages that recur within a group (footers, stock paragraphs)",
    )
    report.add_argument(
        "--target", help="the group keyness compares with the rest (default: the three largest)"
    )
    report.add_argument(
        "--stopwords",
        default="en",
        help="stop words left out of keyness: en, ru or none (default: en)",
    )
    report.add_argument(
        "--deduplicate",
        action="store_true",
        help="keep one article of each cluster of near-duplicate copies (the first published)",
    )
    report.add_argument("--out", default="report", help="output folder (default: report)")
    gather = commands.add_parser(
        "collect", help="collect articles from feeds, sitemaps, pages or saved HTML"
    )
    gather.add_argument("feeds", help="a YAML list of sources, e.g. - {source: TASS, url: ...}")
    gather.add_argument(
        "--out",
        default="data/corpus.parquet",
        help="where the corpus goes: a .sqlite store, or a .parquet or .jsonl copy written "
        "beside a store of the same name (default: data/corpus.parquet)",
    )
    gather.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="allow a private or loopback host by name (repeatable), e.g. 127.0.0.1",
    )
    gather.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests to a host"
    )
    gather.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to connect and to read"
    )
    gather.add_argument("--max-items", type=int, help="articles per source at most")
    gather.add_argument("--user-agent", help="the User-Agent header (say who you are)")
    gather.add_argument(
        "--log", action="store_true", help="print a line per article saved or failed"
    )
    args = parser.parse_args(argv)

    try:
        if args.command in (None, "summary"):
            print(summary())
            if args.command is None:
                print("\nMore: python -m toolkit build | python -m toolkit report CORPUS")
        elif args.command == "build":
            from toolkit.report import build_site

            index = build_site(out_dir=args.out)
            print(f"Built the notebooks. Open {index}")
        elif args.command == "collect":
            print(collect_command(args))
        else:
            from toolkit.report import report as run_report

            index = run_report(
                args.corpus,
                terms=args.terms,
                by=args.by,
                period=args.period,
                source=args.source,
                columns=parse_columns(args.columns),
                dates=args.dates,
                tz=args.tz,
                clean=args.clean,
                strip_found=args.strip_found,
                deduplicate=args.deduplicate,
                target=args.target,
                stopwords=None if args.stopwords == "none" else args.stopwords,
                out_dir=args.out,
            )
            print(f"Report written. Open {index}")
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
