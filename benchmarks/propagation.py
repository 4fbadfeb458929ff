"""Story propagation against the hand-checked links of dev-news/stories, and its time.

Prints the precision and recall of the ``credit``, ``reuse`` (the set's ``verbatim``) and
``translation`` edges of :func:`toolkit.reuse.propagation` on the 66 articles of the ten
stories (a pair counts once per kind; direction is not scored, since the set marks many links
as undirected; once against the links as written, once against the links they imply through
republished copies: the set's README lets a credit's ``to`` article be the agency's text or any
word-for-word republication of it; and, since a translation link means "same words, other
language", through an article of the same story and language that holds one side's snippet word
for word), how many edges join two write-ups the set marks as
independent (a pair that is also a hand-checked link of the same kind aside), and the
time of :func:`toolkit.reuse.find_reuse` and :func:`toolkit.reuse.propagation`.

The times are printed for the dev corpus's first 5,000 articles (real) and for 100,000 articles
made by repeating and perturbing the dev corpus (synthetic, for scale only: its links mean
nothing), with the process's peak memory so far (the worker processes' is not counted).

Then the ``credit`` edges of the whole dev corpus against the article each labelled credit
credits (``labels/credit-labels-round16.csv``: 80 credits; ``-round17.csv``: 60 more, labelled
after the rule was written; ``-round18.csv``: the other 75, labelled later still; see
``labels/README.md``): in a whole
corpus most credits credit an interview or report the corpus does not hold, which the stories
set, where every article is in a story, cannot show.

With ``--links-only`` the times are left out, and for each kind (credit, reuse, translation) the
links found that are not hand-checked ones (``extra``) and the hand-checked ones not found
(``missed``) are listed with the two outlets and the edge's explanation (extra) or the set's
note on the link (missed), to read what goes wrong.

Run: ``python benchmarks/propagation.py [path/to/dev-news] [--small] [--links-only]
[--credits-only]`` (``--small``: leave out the 100,000; ``--credits-only``: the stories set's
figures and the credit labels', each labelled credit's edge that is wrong or missing listed).
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit import read_corpus
from toolkit.reuse import _outlet_key, find_reuse, propagation

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-news"
LABELS = Path(__file__).resolve().parent / "labels"
#: The credit labels: the 80 credits the rule was written against, then 60 more labelled after
#: it was (``select_credits.py --items 140``, items 81 to 140), scored once as written, then the
#: other 75 (``--items 215``, items 141 to 215), labelled later still and scored once.
CREDIT_LABELS = [
    "credit-labels-round16.csv",
    "credit-labels-round17.csv",
    "credit-labels-round18.csv",
]
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
    """The hand-checked pairs of each kind (``independent``: the negatives; ``copies``: the
    verbatim pairs whose note says the two are one text, a republication)."""
    gold: dict[str, set[frozenset[str]]] = {
        k: set() for k in [*KINDS.values(), "independent", "copies"]
    }
    with (folder / "links.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind = KINDS.get(row["evidence"], "independent")
            pair = frozenset((row["from_url"], row["to_url"]))
            gold[kind].add(pair)
            if kind == "reuse" and ("one text" in row["note"] or "republish" in row["note"]):
                gold["copies"].add(pair)
    return gold


def renderings(folder: Path) -> dict[frozenset[str], list[tuple[str, str, str, str]]]:
    """Each hand-checked translation pair's renderings: ``(from_url, from_snippet, to_url,
    to_snippet)``, the two sides of its ``detail`` (``FROM || TO``, each an exact substring of
    its own text)."""
    out: dict[frozenset[str], list[tuple[str, str, str, str]]] = {}
    with (folder / "links.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["evidence"] == "translation" and " || " in row["detail"]:
                left, right = row["detail"].split(" || ", 1)
                pair = frozenset((row["from_url"], row["to_url"]))
                out.setdefault(pair, []).append((row["from_url"], left, row["to_url"], right))
    return out


def close_links(
    gold: dict[str, set[frozenset[str]]],
    texts: dict[str, tuple[str, str, str]] | None = None,
    rendered: dict[frozenset[str], list[tuple[str, str, str, str]]] | None = None,
) -> dict[str, dict[frozenset[str], set]]:
    """The links the hand-checked ones imply: articles whose verbatim link is noted as one text
    (a republication) are copies, so a credit, a translation or a reuse of one holds for the
    other. A translation means "same words, other language" (the set's README): an article of
    the same story and language that holds one side's snippet word for word renders the same
    words, so the translation holds for it too (``texts``: url -> (story, language, text);
    ``rendered``: :func:`renderings`). Returns, per kind, each hand-checked link with the pairs
    it implies (itself and its copies' pairs; implied pairs the set marks independent left
    out)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for pair in gold["copies"]:
        a, b = sorted(pair)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        parent[root(b)] = root(a)
    members: dict[str, set[str]] = {}
    for x in list(parent):
        members.setdefault(root(x), set()).add(x)

    def copies(x: str) -> set[str]:
        return members.get(root(x), {x}) | {x}

    out: dict[str, dict[frozenset[str], set]] = {}
    for kind in ("reuse", "credit", "translation"):
        out[kind] = {}
        for pair in gold[kind]:
            a, b = sorted(pair)
            implied = {frozenset((x, y)) for x in copies(a) for y in copies(b) if x != y}
            if kind == "translation" and texts and rendered:
                for src, left, dst, right in rendered.get(pair, []):
                    lefts = _holding(texts, src, left) | copies(src)
                    rights = _holding(texts, dst, right) | copies(dst)
                    implied |= {frozenset((x, y)) for x in lefts for y in rights if x != y}
            out[kind][pair] = {pair} | (implied - gold["independent"])
    return out


def _holding(texts: dict[str, tuple[str, str, str]], url: str, snippet: str) -> set[str]:
    """The articles of ``url``'s story and language whose text holds ``snippet``."""
    story, language, _ = texts[url]
    return {
        u
        for u, (s, lang, text) in texts.items()
        if s == story and lang == language and snippet in text
    }


def score(
    edges: pd.DataFrame,
    gold: dict[str, set[frozenset[str]]],
    implied: dict[str, dict[frozenset[str], set]] | None = None,
) -> list[str]:
    """Precision (found pairs that are hand-checked links, or with ``implied`` that a link
    implies) and recall (hand-checked links found, or with ``implied`` found through one of the
    pairs it implies) per kind, and the found pairs the set marks independent (not counting a
    pair that is also a hand-checked link of that kind: the set marks independent what must not
    be linked as a copy, and a credit such as SB's to BelTA joins two independent translations
    as the set's own credit row says)."""
    lines = [f"{'evidence':<12} {'found':>5} {'right':>5} {'gold':>5} {'precision':>9} "
             f"{'recall':>7} {'on negatives':>12}"]  # fmt: skip
    for kind in ("credit", "reuse", "translation"):
        found = {frozenset((a, b)) for a, b in
                 edges.loc[edges["evidence"] == kind, ["from_doc", "to_doc"]].itertuples(
                     index=False)}  # fmt: skip
        links = implied[kind] if implied else {p: {p} for p in gold[kind]}
        accepted = set().union(*links.values()) if links else set()
        right = found & accepted
        hit = sum(bool(pairs & found) for pairs in links.values())
        precision = len(right) / len(found) if found else float("nan")
        recall = hit / len(links) if links else float("nan")
        negatives = len((found & gold["independent"]) - accepted)
        lines.append(f"{kind:<12} {len(found):>5} {len(right):>5} {len(links):>5} "
                     f"{precision:>9.3f} {recall:>7.3f} {negatives:>12}")  # fmt: skip
    return lines


def main() -> None:
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    dev = Path(paths[0]) if paths else DEV
    folder = dev / "stories"
    corpus = stories_corpus(folder)
    result = propagation(corpus)
    print(f"stories set: {len(corpus)} articles, {len(result.edges)} edges, "
          f"{len(result.stories)} stories found (10 in the set)")  # fmt: skip
    gold = gold_links(folder)
    texts = {
        u: (st, lang, text)
        for u, st, lang, text in corpus[["doc_id", "story", "language", "text"]].itertuples(
            index=False
        )
    }
    closed = close_links(gold, texts, renderings(folder))
    print("against the hand-checked links as written:")
    print("\n".join(score(result.edges, gold)))
    print(
        "against the links they imply (a credit, translation or reuse of one republished "
        "text holds for its word-for-word copies; a translation, for an article of the same "
        "language holding the same rendering word for word):"
    )
    print("\n".join(score(result.edges, gold, closed)))
    story_of = dict(zip(corpus["doc_id"], corpus["story"], strict=True))
    mixed = sum(
        len({story_of[d] for d in pd.concat([g["from_doc"], g["to_doc"]])}) > 1
        for _, g in result.edges.groupby("story")
    )
    print(f"stories found that join two of the set's stories: {mixed}")
    if "--links-only" in sys.argv:
        print("\n".join(misses(result.edges, corpus, gold, closed, notes(folder))))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dev_corpus = read_corpus(dev / "articles.jsonl", columns={"doc_id": "url"})
        print(f"dev corpus: {len(dev_corpus):,} articles, "
              f"{dev_corpus['text'].str.len().sum() / 1e6:.1f} M chars")  # fmt: skip
        found = propagation(dev_corpus)
        for name in CREDIT_LABELS:
            print("\n".join(credit_targets(found, LABELS / name,
                                            verbose="--credits-only" in sys.argv)))  # fmt: skip
        if "--credits-only" in sys.argv:
            return
        print(f"{'corpus':<44} {'articles':>8} {'M chars':>7} {'find_reuse':>10} "
              f"{'propagation':>11} {'peak RSS':>8}  found")  # fmt: skip
        time_it("real: the dev corpus's first 5,000 articles", dev_corpus.iloc[:5000])
        if "--small" not in sys.argv:
            time_it("synthetic: 100,000 (dev corpus repeated, perturbed)",
                    synthetic(dev_corpus, 100_000))  # fmt: skip


def credit_targets(found: Any, path: Path, *, verbose: bool = False) -> list[str]:
    """The ``credit`` edges of the dev corpus against the article each labelled credit credits
    (a ``benchmarks/labels/credit-labels-round*.csv``, made from ``select_credits.py``'s
    sample: for each credit, the credited outlet's articles of that day and the four before
    it, and the one(s) carrying what it credits, or none): precision (edges to a labelled
    credit's article that go to one carrying it), recall (labelled credits whose article is
    among the candidates and that an edge links to it), and the edges to credits whose
    article is not among them or that credit nothing (``verbose``: each edge that is wrong
    and each credit missed)."""
    with path.open(encoding="utf-8", newline="") as f:
        labels = list(csv.DictReader(f))
    edges = found.edges[found.edges["evidence"] == "credit"]
    linked: dict[tuple[str, str], str] = {}
    for frm, to, source in edges[["from_doc", "to_doc", "from_source"]].itertuples(index=False):
        linked[(to, _outlet_key(source))] = frm
    right = related = wrong = with_source = 0
    lines = []
    for row in labels:
        sources = {s for s in row["source"].split("; ") if s and s != "none"}
        edge = linked.get((row["doc_id"], row["credited_outlet"]))
        with_source += bool(sources)
        if edge is not None and edge in sources:
            right += 1
        elif edge is not None and edge in row["related"].split("; "):
            related += 1
            lines.append(f"  related item {row['item']}: {row['note'][:110]}")
        elif edge is not None:
            wrong += 1
            why = (
                "credits nothing"
                if row["is_credit"] != "yes"
                else ("to another of them" if sources else "its article is not among them")
            )
            lines.append(f"  wrong  item {row['item']} ({why}): {row['note'][:110]}")
        elif sources:
            lines.append(f"  missed item {row['item']}: {row['note'][:110]}")
    found_n = right + related + wrong
    nan = float("nan")
    head = (
        f"credits of the dev corpus against {len(labels)} labelled ones ({path.stem}; "
        f"{with_source} whose "
        f"credited article is among the candidates): {found_n} edges, {right} to it, "
        f"{related} to another article of its story; precision "
        f"{right / found_n if found_n else nan:.3f} (with the story's: "
        f"{(right + related) / found_n if found_n else nan:.3f}), "
        f"recall {right / with_source if with_source else nan:.3f}"
    )
    return [head, *(lines if verbose else [])]


def notes(folder: Path) -> dict[tuple[str, frozenset[str]], str]:
    """The note (else the detail) of each hand-checked link, by kind and pair."""
    out: dict[tuple[str, frozenset[str]], str] = {}
    with (folder / "links.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind = KINDS.get(row["evidence"], "independent")
            pair = frozenset((row["from_url"], row["to_url"]))
            out.setdefault((kind, pair), row["note"] or row["detail"])
    return out


def misses(
    edges: pd.DataFrame,
    corpus: pd.DataFrame,
    gold: dict[str, set[frozenset[str]]],
    implied: dict[str, dict[frozenset[str], set]],
    noted: dict[tuple[str, frozenset[str]], str] | None = None,
) -> list[str]:
    """Per kind (credit, reuse, translation), the links found that no hand-checked link
    implies (``extra``: with the edge's explanation, and ``NEGATIVE`` when the set marks the
    pair independent) and the hand-checked ones found through none of the pairs they imply
    (``missed``: with the set's note on the link, from ``noted``), by story."""
    story = dict(zip(corpus["doc_id"], corpus["story"], strict=True))
    source = dict(zip(corpus["doc_id"], corpus["source"], strict=True))

    def named(pair: frozenset[str]) -> str:
        a, b = sorted(pair)
        return f"{story[a]} {source[a][:28]} | {source[b][:28]}"

    lines = []
    for kind in ("credit", "reuse", "translation"):
        rows = edges[edges["evidence"] == kind]
        found = {frozenset((a, b)): x for a, b, x in rows[["from_doc", "to_doc", "explanation"]]
                 .itertuples(index=False)}  # fmt: skip
        accepted = set().union(*implied[kind].values()) if implied[kind] else set()
        lines.append(f"{kind} links found that are not hand-checked (extra) or missed:")
        for pair in sorted(set(found) - accepted, key=named):
            flag = " NEGATIVE" if pair in gold["independent"] else ""
            lines.append(f"  extra{flag}  {named(pair)}: {found[pair][:150]}")
        for link, pairs in sorted(implied[kind].items(), key=lambda x: named(x[0])):
            if not pairs & set(found):
                note = (noted or {}).get((kind, link), "")
                lines.append(f"  missed {named(link)}" + (f": {note[:150]}" if note else ""))
    return lines


def synthetic(corpus: pd.DataFrame, size: int, seed: int = 0) -> pd.DataFrame:
    """A synthetic corpus of ``size`` articles made from real ones, for timing only: copy ``k``
    of each article is dated ``k`` * 400 days later (so copies fall in other time windows),
    gets its own ``doc_id``, and has one word in five swapped with another word of the same
    text (so copies do not all share every passage: one outlet repeating itself would be
    boilerplate)."""
    rng = np.random.default_rng(seed)
    pieces = []
    for k in range(-(-size // len(corpus))):
        copy = corpus.copy()
        copy["doc_id"] = copy["doc_id"].astype(str) + f"~{k}"
        if k:
            copy["published"] = copy["published"] + pd.Timedelta(days=400 * k)
            texts = []
            for text in copy["text"].tolist():
                words = np.array(text.split(" "), dtype=object)
                swap = np.flatnonzero(rng.random(len(words)) < 0.2)
                words[swap] = words[rng.integers(0, len(words), len(swap))]
                texts.append(" ".join(words.tolist()))
            copy["text"] = texts
        pieces.append(copy)
    return pd.concat(pieces, ignore_index=True).iloc[:size].reset_index(drop=True)


def time_it(label: str, corpus: pd.DataFrame) -> None:
    """One row: the time of find_reuse and of propagation (which runs find_reuse again)."""
    t = time.perf_counter()
    reuse = find_reuse(corpus)
    t_reuse = time.perf_counter() - t
    t = time.perf_counter()
    found = propagation(corpus)
    t_prop = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # (KiB on Linux)
    kinds = found.edges["evidence"].value_counts().to_dict()
    print(f"{label:<44} {len(corpus):>8,} {corpus['text'].str.len().sum() / 1e6:>7.1f} "
          f"{t_reuse:>9.1f}s {t_prop:>10.1f}s {rss:>6.0f}MB  {len(reuse):,} passages, "
          f"{len(found.stories):,} stories, edges {kinds}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
