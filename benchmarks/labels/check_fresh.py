#!/usr/bin/env python3
"""Check the fresh voice labels against articles.jsonl (companion of select_fresh.py).

    python check_fresh.py [DEV_NEWS_DIR]      # default: ../shared/dev-news

For voice-labels-fresh.csv / fresh-docs.csv (main selection) and, if present,
voice-labels-fresh-ru-extra.csv / fresh-docs-ru-extra.csv (Russian supplement) and
voice-labels-fresh-roundK.csv / fresh-docs-roundK.csv for every later round K present
(voice-labels-fresh-round2.csv, -round3.csv, ...), checks that
  - the documents are exactly the ones select_fresh.py chooses, none of them in labelled-docs.csv,
    and voice_rows equals the number of label rows of each document;
  - every row's span is text[char_start:char_end] == match, and source, language, family agree;
  - voice is quote, reported or outlet, and speaker is empty exactly when voice is outlet;
  - the rows of a document are exactly the target-term occurrences found by select_fresh.find_terms
    (nothing missing, nothing extra), and the file is sorted by doc_url, then char_start.
Exits non-zero on the first failure.  Standard library only.
"""

import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import select_fresh as sf

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = [
    "doc_url",
    "char_start",
    "char_end",
    "match",
    "voice",
    "speaker",
    "relay",
    "note",
    "source",
    "language",
    "family",
]


def fail(msg):
    sys.exit("FAIL: " + msg)


def check(d, labels_name, docs_name, chosen, articles, done):
    with open(os.path.join(HERE, labels_name), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLS:
            fail(f"{labels_name}: header {reader.fieldnames}")
        rows = list(reader)
    with open(os.path.join(HERE, docs_name), encoding="utf-8", newline="") as f:
        docs = list(csv.DictReader(f))
    want = {a["url"] for _, a, _ in chosen}
    got = {r["doc_url"] for r in docs}
    if got != want:
        fail(f"{docs_name}: documents differ from the selection: {sorted(got ^ want)}")
    if got & done:
        fail(f"{docs_name}: already labelled: {sorted(got & done)}")
    keys = [(r["doc_url"], int(r["char_start"])) for r in rows]
    if keys != sorted(keys):
        fail(f"{labels_name}: not sorted by doc_url, char_start")
    per_doc = {}
    for r in rows:
        a = articles.get(r["doc_url"])
        if a is None or r["doc_url"] not in want:
            fail(f"{labels_name}: row for an unselected document {r['doc_url']}")
        t = a["text"]
        s, e = int(r["char_start"]), int(r["char_end"])
        if t[s:e] != r["match"]:
            fail(f"{labels_name}: {r['doc_url']} [{s}:{e}] is {t[s:e]!r}, expected {r['match']!r}")
        if r["voice"] not in ("quote", "reported", "outlet"):
            fail(f"{labels_name}: bad voice {r}")
        if (r["voice"] == "outlet") != (r["speaker"] == ""):
            fail(f"{labels_name}: speaker must be empty iff voice is outlet: {r}")
        if r["source"] != a["source"] or r["language"] != a["language"]:
            fail(f"{labels_name}: source/language mismatch: {r}")
        per_doc.setdefault(r["doc_url"], []).append((s, e, r["match"], r["family"]))
    for doc in docs:
        a = articles[doc["doc_url"]]
        expected = sf.find_terms(a["text"], a["language"])
        labelled = per_doc.get(doc["doc_url"], [])
        if labelled != expected:
            fail(f"{labels_name}: {doc['doc_url']}: rows {labelled} != occurrences {expected}")
        if int(doc["voice_rows"]) != len(labelled):
            fail(
                f"{docs_name}: voice_rows {doc['voice_rows']} != {len(labelled)}: " + doc["doc_url"]
            )
        if doc["source"] != a["source"] or doc["language"] != a["language"]:
            fail(f"{docs_name}: source/language mismatch for {doc['doc_url']}")
    print(f"{labels_name}: {len(rows)} rows OK; {docs_name}: {len(docs)} documents OK")


def main():
    d = (
        sys.argv[1]
        if len(sys.argv) > 1
        else os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "dev-news"
        )
    )
    articles = {}
    with open(os.path.join(d, "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            articles[a["url"]] = a
    with open(os.path.join(d, "labelled-docs.csv"), encoding="utf-8", newline="") as f:
        done = {r["doc_url"] for r in csv.DictReader(f)}
    check(d, "voice-labels-fresh.csv", "fresh-docs.csv", sf.select(d), articles, done)
    if os.path.exists(os.path.join(HERE, "voice-labels-fresh-ru-extra.csv")):
        check(
            d,
            "voice-labels-fresh-ru-extra.csv",
            "fresh-docs-ru-extra.csv",
            sf.select_ru_extra(d),
            articles,
            done,
        )
    rounds = sorted(
        int(name[len("voice-labels-fresh-round") : -len(".csv")])
        for name in os.listdir(HERE)
        if re.fullmatch(r"voice-labels-fresh-round\d+\.csv", name)
    )
    for k in rounds:
        check(
            d,
            f"voice-labels-fresh-round{k}.csv",
            f"fresh-docs-round{k}.csv",
            sf.select_round(d, k),
            articles,
            done,
        )


if __name__ == "__main__":
    main()
