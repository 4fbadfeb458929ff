"""Voice, speaker and relay measured against hand labels of real articles (dev-news).

    python benchmarks/voice.py [--labels DIR] [--no-timing]

DIR holds ``articles.jsonl``, ``voice-labels.csv``, ``credits.csv``, ``datelines.csv`` and
``labelled-docs.csv`` (default: ``../shared/dev-news`` beside the project). Every label is one
occurrence of a target term (``sovereign*``, ``unity``, ``sanction*``, ``NATO``, ``security``
and their Russian counterparts) with its voice, speaker and relay; the prediction for it is
``voice_of`` at the label's ``char_start``. Printed for English and Russian separately, on all
40 labelled articles and on the 10 held out while the rules were written (7 English, 3 Russian,
chosen by the SHA-256 of their URL before any was read), and on the fresh labels in
``benchmarks/labels/`` (78 occurrences in 25 more articles, chosen by rule and labelled by the
same standard after the rules were written; see its README for what was changed after their
first measurement):

* precision and recall of each voice, and overall voice agreement;
* quote recall and reported recall (the share of gold quote / reported rows predicted so);
* speaker accuracy: on rows whose gold voice is quote or reported, the predicted speaker equals
  the gold one after normalising both (:func:`normalise_speaker`: case, ``ё``, text in
  brackets, a leading article, possessive ``'s``, leading titles and punctuation);
* relay accuracy: the predicted relay equals the gold one (both may be empty) on every row, and
  on the rows where either is filled.

Then the timing of ``annotate_voice`` on the whole dev corpus against ``count_terms(corpus,
"rhetoric")`` on the same corpus: first in CPU time, in this process alone (one worker, the span
cache emptied, no article but the labelled ones read before: ``cpu_ratio``, the figure that means
the same on a busy machine), then in wall-clock time with the engine's workers (``ratio``), with
``annotate_voice`` again and ``count_terms(..., by=["source", "voice"])`` after it (both find
the spans in the cache); the CPU time of the first 800 English articles' voices one by one
and joined into one text of 4.4 million characters (``long_text_ratio``: about 1 when the rules
take time in proportion to a text's length); and the credits and datelines found against
``credits.csv`` and ``datelines.csv``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.voice import SPANS, find_credits, voice_of, voice_spans  # noqa: E402
from toolkit.voice.cues import _agency_name  # noqa: E402  (the agencies' canonical names)

DEFAULT_LABELS = ROOT.parent / "shared" / "dev-news"
#: Labels made after the rules, by the same standard, of articles chosen by rule (see its README).
FRESH = ROOT / "benchmarks" / "labels"
#: The fresh sets: ``fresh``, the first round (some rules were changed after its first
#: measurement); ``fresh2``, the second round, labelled after those changes (and rules changed
#: after its first measurement in turn); ``fresh3``, the third, labelled after those; ``fresh4``,
#: the fourth, labelled after the changes ``fresh3`` led to; ``fresh5`` and every later round
#: likewise (one per ``voice-labels-fresh-roundK.csv`` in labels/).
ROUNDS = sorted(
    int(path.stem.rsplit("round", 1)[1]) for path in FRESH.glob("voice-labels-fresh-round*.csv")
)
FRESH_SETS = {
    "fresh": ("voice-labels-fresh.csv", "voice-labels-fresh-ru-extra.csv"),
    **{f"fresh{k}": (f"voice-labels-fresh-round{k}.csv",) for k in ROUNDS},
}
#: Held out while the rules were written: per language, the first articles by SHA-256 of URL.
HELD_OUT = {"en": 7, "ru": 3}
VOICES = ("quote", "reported", "outlet")
_TITLES = {
    "president", "prime", "minister", "mr", "mrs", "ms", "dr", "sen", "senator", "secretary",
    "general", "chancellor", "foreign", "spokeswoman", "spokesman", "spokesperson", "deputy",
    "chairman", "us", "u.s", "russian", "президент", "министр", "пресс-секретарь", "генсек",
}  # fmt: skip


def normalise_speaker(name: str) -> str:
    """The form two speaker names are compared in: case folded, ``ё`` as ``е``, text in brackets
    dropped (``Kremlin (readout)``), a leading article, possessive ``'s`` and leading titles
    dropped, punctuation removed; a news agency by its one canonical name, as the toolkit and
    the relay labels write it (the speaker labels write it as the text does: ``Рейтер``).

    >>> normalise_speaker("The Kremlin (readout)") == normalise_speaker("kremlin")
    True
    >>> normalise_speaker("President Alexander Lukashenko")
    'alexander lukashenko'
    >>> normalise_speaker("Рейтер") == normalise_speaker("Reuters")
    True
    """
    agency = _agency_name(name.strip())
    if agency != name.strip():
        name = agency
    name = re.sub(r"\([^)]*\)", " ", name.casefold().replace("ё", "е"))
    name = re.sub(r"['’]s\b", "", name)
    words = re.sub(r"[^\w\s\-]", " ", name).split()
    while words and (words[0] in ("the", "a", "an") or words[0].rstrip(".") in _TITLES):
        words = words[1:]
    return " ".join(words)


def held_out_urls(docs: list[dict[str, str]]) -> set[str]:
    held: set[str] = set()
    for lang, n in HELD_OUT.items():
        urls = sorted(
            (d["doc_url"] for d in docs if d["language"] == lang),
            key=lambda u: hashlib.sha256(u.encode()).hexdigest(),
        )
        held |= set(urls[:n])
    return held


def load(folder: Path) -> dict[str, Any]:
    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    docs = rows("labelled-docs.csv")
    fresh: dict[str, list[dict[str, str]]] = {}
    for key, names in FRESH_SETS.items():
        fresh[key] = []
        for name in names:
            if (FRESH / name).is_file():
                with open(FRESH / name, encoding="utf-8", newline="") as f:
                    fresh[key] += list(csv.DictReader(f))
    wanted = {d["doc_url"] for d in docs} | {r["doc_url"] for rs in fresh.values() for r in rs}
    articles = {}
    with open(folder / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["url"] in wanted:
                articles[a["url"]] = a
    return {
        "docs": docs,
        "articles": articles,
        "labels": rows("voice-labels.csv"),
        **fresh,
        "credits": rows("credits.csv"),
        "datelines": rows("datelines.csv"),
        "held": held_out_urls(docs),
    }


def predict(data: dict[str, Any], labels: str = "labels") -> list[dict[str, str]]:
    """Each label (of ``data[labels]``) with the prediction at its ``char_start``."""
    out = []
    by_doc: dict[str, list[dict[str, str]]] = {}
    for row in data[labels]:
        by_doc.setdefault(row["doc_url"], []).append(row)
    for url, rows in by_doc.items():
        article = data["articles"][url]
        spans = voice_spans(article["text"], language=article["language"], outlet=article["source"])
        found = voice_of(spans, [int(r["char_start"]) for r in rows])
        for row, v in zip(rows, found):
            out.append({**row, "p_voice": v.voice, "p_speaker": v.speaker, "p_relay": v.relay})
    return out


def scores(rows: list[dict[str, str]]) -> dict[str, float]:
    n = len(rows)
    result: dict[str, float] = {"rows": n}
    if not n:
        return result
    for v in VOICES:
        tp = sum(1 for r in rows if r["voice"] == v and r["p_voice"] == v)
        gold = sum(1 for r in rows if r["voice"] == v)
        pred = sum(1 for r in rows if r["p_voice"] == v)
        result[f"{v}_precision"] = tp / pred if pred else float("nan")
        result[f"{v}_recall"] = tp / gold if gold else float("nan")
    result["voice_agreement"] = sum(r["voice"] == r["p_voice"] for r in rows) / n
    spoken = [r for r in rows if r["voice"] != "outlet"]
    result["speaker_accuracy"] = (
        sum(normalise_speaker(r["speaker"]) == normalise_speaker(r["p_speaker"]) for r in spoken)
        / len(spoken)
        if spoken
        else float("nan")
    )
    result["relay_accuracy"] = sum(r["relay"] == r["p_relay"] for r in rows) / n
    relayed = [r for r in rows if r["relay"] or r["p_relay"]]
    result["relay_accuracy_filled"] = (
        sum(r["relay"] == r["p_relay"] for r in relayed) / len(relayed) if relayed else float("nan")
    )
    return result


def confusions(rows: list[dict[str, str]]) -> Counter[tuple[str, str]]:
    return Counter((r["voice"], r["p_voice"]) for r in rows if r["voice"] != r["p_voice"])


def evaluate(data: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Scores per language, on all labelled articles, the 30 developed on, the 10 held out and
    the fresh labels (when present)."""
    rows = predict(data)
    held = data["held"]
    parts: dict[str, dict[str, dict[str, float]]] = {}
    for lang in ("en", "ru", "all"):
        mine = [r for r in rows if lang == "all" or r["language"] == lang]
        parts[lang] = {
            "all": scores(mine),
            "dev": scores([r for r in mine if r["doc_url"] not in held]),
            "held_out": scores([r for r in mine if r["doc_url"] in held]),
        }
        for key in FRESH_SETS:
            fresh = [r for r in predict(data, key) if lang == "all" or r["language"] == lang]
            if fresh:
                parts[lang][key] = scores(fresh)
    return parts


def credit_scores(data: dict[str, Any]) -> dict[str, float]:
    """Credits and datelines found against credits.csv / datelines.csv (the 30 articles those
    files cover): a labelled credit is found when a found credit of the same agency overlaps it
    (kinds compared as ``in_text`` = ``relay``); a labelled dateline when a found dateline has
    exactly its span."""
    covered = [d for d in data["docs"] if d["in_credits_and_datelines"] == "yes"]
    corpus = pd.DataFrame(
        {
            "doc_id": [d["doc_url"] for d in covered],
            "source": [data["articles"][d["doc_url"]]["source"] for d in covered],
            "text": [data["articles"][d["doc_url"]]["text"] for d in covered],
        }
    )
    found = find_credits(corpus)
    kinds = {"in_text": "relay"}
    hit = 0
    for row in data["credits"]:
        mine = found[found.doc_id == row["doc_url"]]
        s, e = int(row["char_start"]), int(row["char_end"])
        ok = mine[(mine.start < e) & (mine.end > s) & (mine.agency == row["agency"])]
        ok = ok[ok.kind.isin([kinds.get(row["kind"], row["kind"]), "dateline"])]
        hit += bool(len(ok))
    dl_hit = 0
    for row in data["datelines"]:
        mine = found[(found.doc_id == row["doc_url"]) & (found.kind == "dateline")]
        s, e = int(row["char_start"]), int(row["char_end"])
        dl_hit += bool(((mine.start == s) & (mine.end == e) & (mine.agency == row["agency"])).any())
    labelled = len(data["credits"])
    true_found = 0
    for _, f in found.iterrows():
        gold = [
            r
            for r in data["credits"] + data["datelines"]
            if r["doc_url"] == f.doc_id
            and int(r["char_start"]) < f.end
            and int(r["char_end"]) > f.start
        ]
        true_found += bool(gold)
    return {
        "credit_recall": hit / labelled,
        "credit_precision": true_found / len(found) if len(found) else float("nan"),
        "dateline_recall": dl_hit / len(data["datelines"]),
        "found": len(found),
        "labelled": labelled,
    }


def cpu_timing(corpus: pd.DataFrame, repeats: int = 3) -> dict[str, float]:
    """CPU time (``time.process_time``) of ``count_terms(corpus, "rhetoric")`` (the best of
    ``repeats``, after one to warm its tables) and of ``annotate_voice(corpus)`` with the span
    cache emptied, both in this process alone (``RHETORIC_TOOLKIT_WORKERS=1``): unlike wall-clock
    time, what other processes on the machine do hardly changes them."""
    import toolkit
    from toolkit.voice import annotate_voice

    saved = os.environ.get("RHETORIC_TOOLKIT_WORKERS")
    os.environ["RHETORIC_TOOLKIT_WORKERS"] = "1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", toolkit.CorpusWarning)
            toolkit.count_terms(corpus, "rhetoric")
            counts = []
            for _ in range(repeats):
                t0 = time.process_time()
                toolkit.count_terms(corpus, "rhetoric")
                counts.append(time.process_time() - t0)
        voice_spans("warm up.", language="ru")
        SPANS.clear()
        t0 = time.process_time()
        annotate_voice(corpus)
        t_voice = time.process_time() - t0
    finally:
        if saved is None:
            del os.environ["RHETORIC_TOOLKIT_WORKERS"]
        else:
            os.environ["RHETORIC_TOOLKIT_WORKERS"] = saved
    return {
        "cpu_count_terms_s": min(counts),
        "cpu_annotate_voice_s": t_voice,
        "cpu_ratio": t_voice / min(counts),
    }


def long_text_timing(corpus: pd.DataFrame, articles: int = 800) -> dict[str, float]:
    """CPU time of the voices of the corpus's first ``articles`` English articles, one by one
    and joined into one text (paragraphs apart: a long transcript or a whole feed exported as
    one document; about 4.4 million characters): the rules should take time in proportion to
    a text's length, so that the joined text costs about what its articles cost apart."""
    texts = corpus.loc[corpus["language"] == "en", "text"].head(articles).tolist()
    SPANS.clear()
    t0 = time.process_time()
    for text in texts:
        voice_spans(text, language="en")
    apart = time.process_time() - t0
    joined = "\n\n".join(texts)
    SPANS.clear()
    t0 = time.process_time()
    voice_spans(joined, language="en")
    together = time.process_time() - t0
    SPANS.clear()
    return {
        "long_text_characters": len(joined),
        "cpu_long_text_apart_s": apart,
        "cpu_long_text_joined_s": together,
        "long_text_ratio": together / apart,
    }


def timing(folder: Path) -> dict[str, float]:
    import toolkit
    from toolkit.voice import annotate_voice

    with open(folder / "articles.jsonl", encoding="utf-8") as f:
        frame = pd.DataFrame([json.loads(line) for line in f])
    columns = ["url", "source", "published", "language", "title", "text"]
    with warnings.catch_warnings():  # undated zones, Russian articles without patterns: known
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        corpus = toolkit.read_corpus(frame[columns])
    cpu = cpu_timing(corpus)
    long = long_text_timing(corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        toolkit.count_terms(corpus, "rhetoric")  # warm: the scanner's tables, the matcher
        t0 = time.perf_counter()
        toolkit.count_terms(corpus, "rhetoric")
        t_count = time.perf_counter() - t0
    voice_spans("warm up.", language="ru")
    SPANS.clear()  # (the figures above filled it)
    t0 = time.perf_counter()
    spans = annotate_voice(corpus)
    t_voice = time.perf_counter() - t0
    # every later analysis that asks for voices finds the spans made above
    t0 = time.perf_counter()
    annotate_voice(corpus)
    t_again = time.perf_counter() - t0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        t0 = time.perf_counter()
        toolkit.count_terms(corpus, "rhetoric", by=["source", "voice"])
        t_by_voice = time.perf_counter() - t0
    return {
        "articles": len(corpus),
        "characters": int(corpus.text.str.len().sum()),
        **cpu,
        **long,
        "count_terms_s": t_count,
        "annotate_voice_s": t_voice,
        "ratio": t_voice / t_count,
        "annotate_voice_again_s": t_again,
        "count_terms_by_voice_s": t_by_voice,
        "spans": len(spans),
    }


def _fmt(x: float) -> str:
    return "  -  " if x != x else f"{x:.3f}"


def report(parts: dict[str, dict[str, dict[str, float]]]) -> str:
    keys = [
        "rows", "voice_agreement", "quote_precision", "quote_recall", "reported_precision",
        "reported_recall", "outlet_precision", "outlet_recall", "speaker_accuracy",
        "relay_accuracy", "relay_accuracy_filled",
    ]  # fmt: skip
    lines = [
        f"{'':24}" + "".join(f"{lang + ' ' + part:>14}" for lang in parts for part in parts[lang])
    ]
    for key in keys:
        cells = []
        for lang in parts:
            for part in parts[lang]:
                value = parts[lang][part].get(key, float("nan"))
                cells.append(f"{int(value):>14d}" if key == "rows" else f"{_fmt(value):>14}")
        lines.append(f"{key:24}" + "".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list the rows predicted wrong")
    args = parser.parse_args()
    data = load(args.labels)
    parts = evaluate(data)
    n_fresh = {key: len({r["doc_url"] for r in data[key]}) for key in FRESH_SETS}
    print(
        "Voice against the hand labels (all = 40 articles, dev = 30, held_out = 10; "
        f"fresh = {n_fresh['fresh']} articles labelled after the rules were written, fresh2 = "
        f"{n_fresh['fresh2']} more labelled after the changes the first fresh set led to, "
        f"fresh3 = {n_fresh['fresh3']} after those fresh2 led to, fresh4 = {n_fresh['fresh4']} "
        f"after those fresh3 led to; fresh5 to fresh{ROUNDS[-1]} = "
        f"{', '.join(str(n_fresh[f'fresh{k}']) for k in ROUNDS if k >= 5)} likewise)\n"
    )
    print(report(parts))
    rows = predict(data)
    fresh = {key: predict(data, key) for key in FRESH_SETS}
    for lang in ("en", "ru"):
        for name, chosen in (("all", rows), *fresh.items()):
            mine = [r for r in chosen if r["language"] == lang]
            if mine:
                print(
                    f"\nConfusions ({lang} {name}, gold -> predicted):",
                    dict(confusions(mine).most_common()),
                )
    if args.errors:
        tagged = [(r, "HELD" if r["doc_url"] in data["held"] else "dev") for r in rows]
        tagged += [(r, key.upper()) for key, chosen in fresh.items() for r in chosen]
        for r, tag in tagged:
            wrong = (
                r["voice"] != r["p_voice"]
                or (
                    r["voice"] != "outlet"
                    and normalise_speaker(r["speaker"]) != normalise_speaker(r["p_speaker"])
                )
                or r["relay"] != r["p_relay"]
            )
            if wrong:
                print(
                    f"{tag} {r['doc_url'][-40:]} {r['char_start']:>5} {r['match']:<12} "
                    f"{r['voice']}/{r['p_voice']} | {r['speaker']} / {r['p_speaker']} | "
                    f"{r['relay']} / {r['p_relay']}"
                )
    print("\nCredits and datelines:", {k: round(v, 3) for k, v in credit_scores(data).items()})
    if not args.no_timing:
        print("\nTiming on the whole dev corpus:", {
            k: round(v, 3) if isinstance(v, float) else v for k, v in timing(args.labels).items()
        })  # fmt: skip


if __name__ == "__main__":
    main()
