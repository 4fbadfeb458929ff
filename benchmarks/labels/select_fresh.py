#!/usr/bin/env python3
"""Select the articles for the fresh voice labels (reproducible, no cherry-picking).

    python select_fresh.py [DEV_NEWS_DIR]             # the main selection
    (DEV_NEWS_DIR: ../shared/dev-news beside the project by default)
    python select_fresh.py --ru-extra [DEV_NEWS_DIR]  # the Russian supplement (see below)
    python select_fresh.py --round2 [DEV_NEWS_DIR]    # the second round (see below)
    python select_fresh.py --round3 [DEV_NEWS_DIR]    # the third (--round4 ... --round15 alike)

Rule (standard library only):
  1. Read DEV_NEWS_DIR/articles.jsonl; drop every article whose url is listed in labelled-docs.csv.
  2. Count the occurrences of the target terms of LABELS.md in `text` (titles are not counted),
     case-insensitive:
       en: \\bsovereign\\w*, \\b(unity|unite|unites|united|uniting|solidarity)\\b
           (minus `United` inside
           United States / Nations / Kingdom / Arab Emirates / Russia / Airlines / Auto Workers and
           Manchester United), \\bsanction\\w*, \\bNATO\\b, \\bsecurity\\b
       ru: суверен\\w*, единств\\w* but not единствен*, санкци\\w*, НАТО, безопасност\\w*, each with
           the look-behind (?<![А-Яа-яЁё]) so that no match starts inside a longer word
     Keep the articles with 1 to 15 occurrences.
  3. Order the candidates by the SHA-256 hex digest of the url (UTF-8), ascending.
  4. Walk that order per language and take articles until 15 Russian / 10 English are taken,
     at most 2 per source per language (further articles of a source are skipped).
     The Russian part of the corpus has only three sources, so the cap yields at most 6
     Russian articles.

Russian supplement (--ru-extra): the same order with the Russian cap raised to 5 per source
(15 / 3 sources) yields 15 Russian articles; the supplement is the 9 of them that are not in the
main selection.
It is labelled in separate files (voice-labels-fresh-ru-extra.csv, fresh-docs-ru-extra.csv).

Second round (--round2): the same order with every article of the first round (main selection
and supplement) left out; 10 English articles, at most 2 per source, and 12 Russian articles, at
most 4 per source. Labelled in voice-labels-fresh-round2.csv, fresh-docs-round2.csv.
Third round (--round3): likewise, every article of the first two rounds left out
(voice-labels-fresh-round3.csv, fresh-docs-round3.csv); fourth round (--round4), every article of
the first three left out (voice-labels-fresh-round4.csv, fresh-docs-round4.csv); fifth to fifteenth
rounds (--round5 ... --round15) likewise (voice-labels-fresh-round5.csv ... -round15.csv, ...).

Prints one line per chosen article: language, source, occurrence count, sha256 prefix, url.
`find_terms(text, language)` is also used by check_fresh.py.
"""

import csv
import functools
import hashlib
import json
import os
import re
import sys

DEV_NEWS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), *[".."] * 3, "shared", "dev-news"
)

RU_LB = r"(?<![А-Яа-яЁё])"
PATTERNS = {
    "en": [
        ("sovereign", re.compile(r"\bsovereign\w*", re.I)),
        ("unity", re.compile(r"\b(?:unity|unite|unites|united|uniting|solidarity)\b", re.I)),
        ("sanction", re.compile(r"\bsanction\w*", re.I)),
        ("NATO", re.compile(r"\bNATO\b", re.I)),
        ("security", re.compile(r"\bsecurity\b", re.I)),
    ],
    "ru": [
        ("sovereign", re.compile(RU_LB + r"суверен\w*", re.I)),
        ("unity", re.compile(RU_LB + r"(?!единствен)единств\w*", re.I)),
        ("sanction", re.compile(RU_LB + r"санкци\w*", re.I)),
        ("NATO", re.compile(RU_LB + r"НАТО", re.I)),
        ("security", re.compile(RU_LB + r"безопасност\w*", re.I)),
    ],
}
UNITED_AFTER = re.compile(
    r"\s+(?:States|Nations|Kingdom|Arab\s+Emirates|Russia|Airlines|Auto\s+Workers)\b", re.I
)
MANCHESTER_BEFORE = re.compile(r"\bManchester\s+$", re.I)

N_WANTED = {"ru": 15, "en": 10}
PER_SOURCE = 2


def find_terms(text, language):
    """Sorted list of (start, end, match, family) for every target-term occurrence in text."""
    out = []
    for family, pat in PATTERNS[language]:
        for m in pat.finditer(text):
            before = text[max(0, m.start() - 20) : m.start()]
            if (
                family == "unity"
                and language == "en"
                and m.group().lower() == "united"
                and (UNITED_AFTER.match(text, m.end()) or MANCHESTER_BEFORE.search(before))
            ):
                continue
            out.append((m.start(), m.end(), m.group(), family))
    out.sort()
    return out


def url_key(url):
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def select(d, per_source=None, exclude=(), wanted=None):
    """Chosen (sha256, article, n_occurrences) in sha256 order; per_source maps language -> cap,
    wanted language -> number of articles (N_WANTED); the urls in exclude are left out."""
    wanted = wanted or N_WANTED
    caps = {"en": PER_SOURCE, "ru": PER_SOURCE}
    caps.update(per_source or {})
    with open(os.path.join(d, "labelled-docs.csv"), encoding="utf-8", newline="") as f:
        done = {r["doc_url"] for r in csv.DictReader(f)}
    cands = []
    with open(os.path.join(d, "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["url"] in done or a["url"] in exclude:
                continue
            n = len(find_terms(a["text"], a["language"]))
            if 1 <= n <= 15:
                cands.append((url_key(a["url"]), a, n))
    cands.sort(key=lambda c: c[0])
    chosen, taken, per_lang = [], {}, {}
    for key, a, n in cands:
        lang, src = a["language"], a["source"]
        if per_lang.get(lang, 0) >= wanted.get(lang, 0):
            continue
        if taken.get((lang, src), 0) >= caps[lang]:
            continue
        taken[(lang, src)] = taken.get((lang, src), 0) + 1
        per_lang[lang] = per_lang.get(lang, 0) + 1
        chosen.append((key, a, n))
    return chosen


def select_ru_extra(d):
    """The Russian supplement: cap 5 per source, minus the main selection."""
    main = {a["url"] for _, a, _ in select(d)}
    return [c for c in select(d, {"ru": 5}) if c[1]["language"] == "ru" and c[1]["url"] not in main]


@functools.cache
def select_round(d, k):
    """Round k (2, 3, ...): the same order with every article of the earlier rounds (the first
    round: main selection and Russian supplement) left out, taking 10 English articles at most
    2 per source and 12 Russian articles at most 4 per source (each round computed once)."""
    earlier = {a["url"] for _, a, _ in select(d)} | {a["url"] for _, a, _ in select_ru_extra(d)}
    for j in range(2, k):
        earlier |= {a["url"] for _, a, _ in select_round(d, j)}
    return tuple(select(d, {"en": 2, "ru": 4}, exclude=earlier, wanted={"en": 10, "ru": 12}))


if __name__ == "__main__":
    args = sys.argv[1:]
    extra = "--ru-extra" in args
    rounds = [int(x[len("--round") :]) for x in args if x.startswith("--round")]
    args = [x for x in args if x != "--ru-extra" and not x.startswith("--round")]
    d = (
        args[0]
        if args
        else os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "dev-news"
        )
    )
    chosen = select_round(d, rounds[0]) if rounds else select_ru_extra(d) if extra else select(d)
    for key, a, n in chosen:
        print(f"{a['language']}\t{a['source']}\t{n}\t{key[:12]}\t{a['url']}")
