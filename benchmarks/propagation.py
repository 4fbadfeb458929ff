"""Story propagation against the hand-checked links of dev-news/stories, and its time.

Prints the precision and recall of the ``credit``, ``reuse`` (the set's ``verbatim``) and
``translation`` edges of :func:`toolkit.reuse.propagation` on the 66 articles of the ten
stories (a pair counts once per kind; direction is not scored, since the set marks many links
as undirected), how many edges join two write-ups the set marks as independent, and the time of
:func:`toolkit.reuse.find_reuse` and :func:`toolkit.reuse.propagation` on the dev corpus.

Run: ``python benchmarks/propagation.py [path/to/dev-news]``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

from toolkit import read_corpus
from toolkit.reuse import find_reuse, propagation

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-news"
KINDS = {"credit": "credit", "verbatim": "reuse", "translation": "translation"}


def stories_corpus(folder: Path) -> pd.DataFrame:
    """The stories' articles as a corpus: ``doc_id`` is the URL, ``story`` the story."""
    rows = [json.loads(line) for line in (folder / "stories.jsonl").open(encoding="utf-8")]
    frame = pd.DataFrame(rows).rename(columns={"story_id": "story", "url": "doc_id"})
    frame = frame[["doc_id", "story", "source", "published", "language", "title", "text"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(frame)


def gold_links(folder: Path) -> dict[str, set[frozenset[str]]]:
    """The hand-checked pairs of each kind (``independent``: the negatives)."""
    gold: dict[str, set[frozenset[str]]] = {k: set() for k in [*KINDS.values(), "independent"]}
    with (folder / "links.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind = KINDS.get(row["evidence"], "independent")
            gold[kind].add(frozenset((row["from_url"], row["to_url"])))
    return gold


def score(edges: pd.DataFrame, gold: dict[str, set[frozenset[str]]]) -> list[str]:
    lines = [f"{'evidence':<12} {'found':>5} {'right':>5} {'gold':>5} {'precision':>9} "
             f"{'recall':>7} {'on negatives':>12}"]  # fmt: skip
    for kind in ("credit", "reuse", "translation"):
        found = {frozenset((a, b)) for a, b in
                 edges.loc[edges["evidence"] == kind, ["from_doc", "to_doc"]].itertuples(
                     index=False)}  # fmt: skip
        right = found & gold[kind]
        precision = len(right) / len(found) if found else float("nan")
        recall = len(right) / len(gold[kind]) if gold[kind] else float("nan")
        negatives = len(found & gold["independent"])
        lines.append(f"{kind:<12} {len(found):>5} {len(right):>5} {len(gold[kind]):>5} "
                     f"{precision:>9.3f} {recall:>7.3f} {negatives:>12}")  # fmt: skip
    return lines


def main() -> None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    folder = dev / "stories"
    corpus = stories_corpus(folder)
    result = propagation(corpus)
    print(f"stories set: {len(corpus)} articles, {len(result.edges)} edges, "
          f"{len(result.stories)} stories found (10 in the set)")  # fmt: skip
    print("\n".join(score(result.edges, gold_links(folder))))
    story_of = dict(zip(corpus["doc_id"], corpus["story"], strict=True))
    mixed = sum(
        len({story_of[d] for d in pd.concat([g["from_doc"], g["to_doc"]])}) > 1
        for _, g in result.edges.groupby("story")
    )
    print(f"stories found that join two of the set's stories: {mixed}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        big = read_corpus(dev / "articles.jsonl")
        t = time.perf_counter()
        reuse = find_reuse(big)
        t_reuse = time.perf_counter() - t
        t = time.perf_counter()
        found = propagation(big)
        t_prop = time.perf_counter() - t
    print(f"dev corpus: {len(big):,} articles, {big['text'].str.len().sum() / 1e6:.1f} M chars")
    print(f"find_reuse:  {t_reuse:6.2f} s, {len(reuse):,} passages")
    print(f"propagation: {t_prop:6.2f} s, {len(found.edges):,} edges "
          f"({found.edges['evidence'].value_counts().to_dict()}), "
          f"{len(found.stories):,} stories")  # fmt: skip


if __name__ == "__main__":
    main()
