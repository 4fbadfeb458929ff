"""Choose credits of the dev corpus for labelling the article each one credits.

A credit ("Ryabkov said, according to state news agency Tass", "Об этом сообщил ТАСС") names an
outlet the corpus holds; the article it credits is one of that outlet's articles published
the same day or in the four days before (in the crediting article's language when the outlet
publishes in it), or none of them. For a seeded random sample of the credits whose outlet has
such articles, this writes ``credit-items.jsonl``: the crediting article's headline and the
text around the credit, and every candidate (address, date, headline, first 600 characters),
candidates in date order. A labeller names, by LABELS below, the candidate(s) the credited
words come from; :func:`toolkit.reuse.propagation`'s ``credit`` edges are then scored against
them by ``benchmarks/propagation.py``.

Run: ``python select_credits.py [path/to/dev-news] [--items 80] [--seed 16] [--out DIR]``
(``credit-labels-round16.csv`` labels items 1 to 80; ``-round17.csv``, items 81 to 140 of
``--items 140``; ``-round18.csv``, items 141 to 215 of ``--items 215``, every credit with
candidates).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import warnings
from pathlib import Path

import pandas as pd

from toolkit import read_corpus
from toolkit.reuse import (
    OUTLET_NAMES,
    _credit_places,
    _outlet_key,
    _read_mentions,
    _spellings,
    outlet_name,
)
from toolkit.voice import find_credits

DEV = Path(__file__).resolve().parents[3] / "shared" / "dev-news"
#: Days before the crediting article within which the credited one is looked for (the
#: propagation's default window, and one for the precision of a date).
DAYS = 4


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=DEV)
    parser.add_argument("--items", type=int, default=80)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args()
    with open(args.folder / "articles.jsonl", encoding="utf-8") as f:
        frame = pd.DataFrame([json.loads(line) for line in f])
    columns = ["url", "source", "published", "language", "title", "text"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(frame[columns], columns={"doc_id": "url"})
    corpus = corpus.reset_index(drop=True)
    keys = corpus["source"].map(_outlet_key)
    day = pd.to_datetime(corpus["published"], utc=True).dt.tz_convert(None).dt.normalize()
    languages = corpus.groupby(keys)["language"].agg(set).to_dict()
    at = {d: k for k, d in enumerate(corpus["doc_id"])}
    # every credit: (article, outlet key) -> where it is in the text
    said: dict[tuple[int, str], tuple[int, int]] = {}
    for doc_id, places in _credit_places(find_credits(corpus)).items():
        for place in places:
            said.setdefault((at[doc_id], place.key), (place.start, place.end))
    spellings = _spellings([*OUTLET_NAMES, *(n for n in map(outlet_name, keys.unique()) if n)])
    for j, (text, key) in enumerate(zip(corpus["text"], keys, strict=True)):
        for credited, phrase, _at, _marked in _read_mentions(text, spellings, key):
            # (the phrase is the text's words around the name, spaces folded)
            found = re.search(r"\s+".join(map(re.escape, phrase.split())), text)
            if found:
                said.setdefault((j, credited), found.span())
    items = []
    for (j, key), (start, end) in sorted(said.items()):
        if key == keys[j] or key not in languages:
            continue
        since = day[j] - pd.Timedelta(days=DAYS)
        pool = corpus.index[(keys == key) & (day <= day[j]) & (day >= since)]
        if corpus["language"][j] in languages[key]:
            pool = [i for i in pool if corpus["language"][i] == corpus["language"][j]]
        if len(pool):
            items.append((j, key, start, end, sorted(pool, key=lambda i: (day[i], i))))
    random.Random(args.seed).shuffle(items)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "credit-items.jsonl", "w", encoding="utf-8") as f:
        for n, (j, key, start, end, pool) in enumerate(items[: args.items], 1):
            text = corpus["text"][j]
            item = {
                "item": n,
                "doc_id": corpus["doc_id"][j],
                "source": corpus["source"][j],
                "published": str(day[j].date()),
                "title": corpus["title"][j],
                "credited_outlet": key,
                "credit": text[start:end],
                "context": text[max(0, start - 900) : start]
                + "[["
                + text[start:end]
                + "]]"
                + text[end : end + 500],
                "candidates": [
                    {
                        "doc_id": corpus["doc_id"][i],
                        "published": str(day[i].date()),
                        "title": corpus["title"][i],
                        "lead": corpus["text"][i][:600],
                    }
                    for i in pool
                ],
            }
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    sizes = [len(p) for *_, p in items[: args.items]]
    print(
        f"{len(items)} credits with candidates; wrote {min(len(items), args.items)} "
        f"(candidates: median {sorted(sizes)[len(sizes) // 2]}, most {max(sizes)})"
    )


if __name__ == "__main__":
    main()
