"""Speed and memory of the toolkit against the pipelines a user would write, measured in one run.

Run with ``make bench`` (the SOTU corpus, about 12 MB) or ``make bench-large`` (the same
addresses repeated to about 1 GB: synthetic scale, not a real corpus of that size, read in chunks
from a Parquet dataset). Both print a table and write it, with the machine's description, into
``benchmarks/RESULTS.md``.

Method: every task and every baseline runs in fresh worker processes (so that a peak resident
memory, RSS, is that task's own), on the same data. On SOTU each side runs in ``--rounds``
processes, ours and the baseline taking turns (ours, baseline, ours, ...), so that a slow spell
of a shared machine falls on both; each process makes one untimed warm-up pass, then times
``--runs`` passes, and a side's time is the median over its processes of their median pass. At
1 GB ours runs once, one pass. Absolute MB/s move with machine load, so every speed goal is a
ratio against a baseline timed in the same run; the exceptions are read_corpus (MB/s) and the
1 GB run's memory (MB).

The peers: every analysis against the few lines a user would write instead (Polars
``count_matches`` and ``group_by``, ``re.finditer``, ``re.findall`` with a ``Counter``, Polars
with G2), each checked once per baseline process, untimed, to give our table; ``read_corpus``
against the file readers of pandas, pyarrow and Polars on real news (the development corpus
beside the checkout, as a CSV) and against ``pandas.read_parquet`` on the Parquet file the
toolkit wrote of it. A "first call" row times an analysis's first call in a fresh process (the
corpus read, nothing else run) against the same call warm (goal: within 2x, a ratio of 0.5);
``import toolkit`` is timed in a fresh interpreter against ``import pandas``. The row "corpus
memory vs text size" is no race: the deep memory of the DataFrame ``read_corpus`` returns over
the UTF-8 bytes of its texts (goal: at most 3x), in a fresh process (its RSS column: how much
peak RSS grew while reading).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

import toolkit
from toolkit.text import sentence_spans

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parent / "build" / "bench"
RESULTS = ROOT / "RESULTS.md"

# The twenty keywords (two phrases) of the project's performance research, one family each.
KEYWORDS = [
    "sovereignty", "sovereign", "unity", "solidarity", "sanctions", "sanction", "security",
    "independence", "collective security", "united states", "west", "western", "pressure",
    "cooperation", "peace", "war", "terrorism", "freedom", "democracy", "threat",
]  # fmt: skip
KEYWORD_FAMILIES = {kw: [kw] for kw in KEYWORDS}
KWIC_FAMILY = {"sanctions": ["sanction*"]}
COLLOCATE_FAMILY = {"war": ["war"]}
SENTIMENT_FAMILY = {"peace": ["peace"]}
# Articles per chunk at 1 GB: 250 addresses are about 12 MB of text (as 2,500 news articles are).
CHUNK = 250


def families() -> list[Any]:
    """The starter dictionary plus the twenty keyword families."""
    from toolkit.terms import compile_terms

    return [
        *toolkit.load_dictionary("rhetoric"),
        *compile_terms({f"kw {k}": [k] for k in KEYWORDS}),
    ]


# --------------------------------------------------------------------------- data


def prepare_data(scale: str) -> dict[str, Path]:
    """Write the benchmark files once: SOTU (or its repetition to about 1 GB) as CSV and as a
    Parquet dataset. Returns their paths."""
    DATA.mkdir(parents=True, exist_ok=True)
    paths = {"csv": DATA / "sotu.csv", "parquet": DATA / "sotu.parquet"}
    if scale != "sotu":
        paths = {"csv": DATA / "large.csv", "parquet": DATA / "large"}
    if scale == "sotu":
        paths.update(news_files())
    if all(p.exists() for p in paths.values()):
        return paths
    raw = toolkit.load_sotu().drop(columns=["doc_id"])
    if scale == "sotu":
        if not paths["csv"].exists():
            raw.to_csv(paths["csv"], index=False)
        if not paths["parquet"].exists():
            raw.to_parquet(paths["parquet"])
        return paths
    copies = max(1, round(1e9 / sum(len(t.encode()) for t in raw["text"])))
    if not paths["parquet"].exists():
        tmp = DATA / "large.partial"
        tmp.mkdir(exist_ok=True)
        for i in range(copies):  # one file per copy: a dataset of ~84 files of ~12 MB
            part = raw.assign(doc_id=[f"c{i:03d}-{j:04d}" for j in range(len(raw))])
            part.to_parquet(tmp / f"part-{i:03d}.parquet")
        tmp.rename(paths["parquet"])
    if not paths["csv"].exists():
        with open(DATA / "large.csv.partial", "w", encoding="utf-8") as handle:
            for i in range(copies):
                part = raw.assign(doc_id=[f"c{i:03d}-{j:04d}" for j in range(len(raw))])
                part.to_csv(handle, index=False, header=i == 0)
        (DATA / "large.csv.partial").rename(paths["csv"])
    return paths


def news_files() -> dict[str, Path]:
    """Real news as files: the development corpus beside the checkout as exported (JSON Lines)
    written as a CSV (``news_csv``), and that CSV read and written by the toolkit as Parquet
    (``news_parquet``, the toolkit's own file); without the development corpus, SOTU's CSV and
    the toolkit's Parquet of it."""
    paths = {"news_csv": DATA / "news.csv", "news_parquet": DATA / "news.parquet"}
    if not DEV_NEWS.is_file():
        paths["news_csv"] = DATA / "sotu.csv"
        paths["news_parquet"] = DATA / "sotu-toolkit.parquet"
    if not paths["news_csv"].exists():
        raw = (pd.read_json(DEV_NEWS, lines=True) if DEV_NEWS.is_file()
               else toolkit.load_sotu().drop(columns=["doc_id"]))  # fmt: skip
        raw.to_csv(paths["news_csv"], index=False)
    if not paths["news_parquet"].exists():
        import warnings

        with warnings.catch_warnings():  # (real news: words that mix scripts, unzoned times)
            warnings.simplefilter("ignore")
            toolkit.write_corpus(toolkit.read_corpus(paths["news_csv"]), paths["news_parquet"])
    return paths


# --------------------------------------------------------------------------- baselines

# The token rule of toolkit.text in the syntax of Rust's regex crate (Polars), which has no
# look-around: dotted acronyms, numbers with separators (a period or comma between digits),
# words joined by hyphens and apostrophes. On SOTU it gives exactly the toolkit's tokens (the
# checks below compare the tables); Python's re reads it the same way.
POLARS_TOKEN = (
    r"(?:[A-Za-z]\.){2,}(?:[-'’]\w+)*|\w*\d(?:[.,]\d(?:\w*\d)?)+\w*(?:[-'’]\w+)*"
    r"|\w+(?:[-'’]\w+)*"
)


def polars_counts(corpus: pd.DataFrame) -> Any:
    """The twenty keywords (two phrases) and the tokens per source and month in Polars: one
    ``str.count_matches`` per keyword and one for the tokens, then ``group_by``."""
    import polars as pl

    words = {kw: "(?i)\\b" + r"\s+".join(map(re.escape, kw.split())) + "\\b" for kw in KEYWORDS}
    return (
        pl.from_pandas(corpus[["source", "published", "text"]])
        .with_columns(pl.col("published").dt.strftime("%Y-%m").alias("month"),
                      *(pl.col("text").str.count_matches(p).alias(kw) for kw, p in words.items()),
                      pl.col("text").str.count_matches(POLARS_TOKEN).alias("n_tokens"))
        .group_by("source", "month").agg(pl.col(*KEYWORDS, "n_tokens").sum())
    )  # fmt: skip


def check_polars_counts(ctx: dict[str, Any], theirs: Any) -> None:
    """Polars's table is count_terms's: the hits of every keyword and the tokens of every source
    and month that has articles (count_terms's other rows, the months between, are zeros)."""
    ours = toolkit.count_terms(ctx["corpus"], KEYWORD_FAMILIES, by="source", period="M")
    ours = ours.assign(month=ours["period"].dt.strftime("%Y-%m"))
    long = theirs.to_pandas().melt(["source", "month", "n_tokens"], var_name="term",
                                   value_name="hits")  # fmt: skip
    both = ours.merge(long, on=["source", "month", "term"], how="left", suffixes=("", "_pl"))
    seen = both["hits_pl"].notna()
    assert len(long) == seen.sum(), "Polars has groups count_terms has not"
    assert (both.loc[~seen, ["hits", "n_tokens"]] == 0).all().all()
    for column in ("hits", "n_tokens"):
        different = both[seen & (both[column] != both[f"{column}_pl"])]
        assert different.empty, f"{column} differ:\n{different.head()}"


def finditer_kwic(corpus: pd.DataFrame) -> list[tuple[Any, ...]]:
    """A plain ``re.finditer`` loop: every word starting with 'sanction', with 80 characters of
    context on each side."""
    pattern = re.compile(r"\bsanction[\w'’]*", re.IGNORECASE)
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        for m in pattern.finditer(text):
            a, b = m.span()
            rows.append((doc_id, a, b, text[max(0, a - 80) : a], text[b : b + 80]))
    return rows


def check_kwic(ctx: dict[str, Any], theirs: list[tuple[Any, ...]]) -> None:
    """The loop finds kwic's hits: the same articles and spans."""
    ours = toolkit.kwic(ctx["corpus"], KWIC_FAMILY)
    assert list(zip(ours["doc_id"], ours["start"], ours["end"])) == [r[:3] for r in theirs]


def findall_collocates(corpus: pd.DataFrame) -> Counter[tuple[str, str]]:
    """``re.findall`` tokens and a Counter: the words within five tokens of 'war' (each position
    counted once, the node's own tokens left out), by source."""
    token = re.compile(POLARS_TOKEN)
    near: Counter[tuple[str, str]] = Counter()
    for source, text in zip(corpus["source"], corpus["text"]):
        tokens = token.findall(text.lower())
        node = [t == "war" or "war" in t.split("-") or t in ("war's", "war’s") for t in tokens]
        kept: set[int] = set()
        for i in (i for i, n in enumerate(node) if n):
            kept.update(range(max(0, i - 5), min(len(tokens), i + 6)))
        near.update((source, tokens[i]) for i in kept if not node[i])
    return near


def check_collocates(ctx: dict[str, Any], theirs: Counter[tuple[str, str]]) -> None:
    """The Counter holds collocates's co-occurrences (those of 3 or more, which it lists)."""
    ours = toolkit.collocates(ctx["corpus"], COLLOCATE_FAMILY, by="source")
    found = dict(zip(zip(ours["source"], ours["word"]), ours["cooc"]))
    wanted = {k: n for k, n in theirs.items() if n >= 3 and any(c.isalpha() for c in k[1])}
    assert found == wanted, set(found.items()) ^ set(wanted.items())


def g2(a: Any, b: Any, c: Any, d: Any) -> Any:
    """Log-likelihood G2 of the 2x2 tables [[a, b], [c, d]] (0 ln 0 = 0)."""
    import numpy as np

    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n),
             (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in cells)


def polars_keyness(corpus: pd.DataFrame) -> Any:
    """Polars: the lower-cased tokens of each side counted with ``group_by``, then G2 for the
    words seen 5 times or more that have a letter, as keyness does."""
    import polars as pl

    counts = (
        pl.from_pandas(corpus[["source", "text"]])
        .select((pl.col("source") == "Republican").alias("target"),
                pl.col("text").str.to_lowercase().str.extract_all(POLARS_TOKEN).alias("word"))
        .explode("word").drop_nulls("word")
        .group_by("word").agg(pl.col("target").sum().alias("a"),
                              (~pl.col("target")).sum().alias("b"))
    )  # fmt: skip
    a, b = counts["a"].to_numpy(), counts["b"].to_numpy()
    keep = (a + b >= 5) & counts["word"].str.contains(r"\p{L}").to_numpy()
    return (
        counts.filter(keep)
        .with_columns(pl.Series("g2", g2(a[keep], b[keep], a.sum() - a[keep], b.sum() - b[keep])))
        .sort("g2", descending=True)
    )


def check_keyness(ctx: dict[str, Any], theirs: Any) -> None:
    """Polars + G2 gives keyness's words, counts and G2."""
    import numpy as np

    ours = toolkit.keyness(ctx["corpus"], by="source", target="Republican").set_index("word")
    theirs = theirs.to_pandas().set_index("word").loc[ours.index]
    assert len(theirs) == len(ours)
    assert (theirs["a"].to_numpy() == ours["target_count"].to_numpy()).all()
    assert (theirs["b"].to_numpy() == ours["reference_count"].to_numpy()).all()
    assert np.allclose(theirs["g2"].to_numpy(), ours["g2"].to_numpy(), rtol=1e-9, atol=1e-9)


def import_seconds(module: str) -> float:
    """Seconds to import ``module`` in a fresh Python process."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


@cache
def _reference(name: str) -> Any:
    """A reference implementation from tests/test_text.py, the one the tests hold a fast path
    equal to."""
    sys.path.insert(0, str(ROOT.parent / "tests"))
    import test_text

    return getattr(test_text, name)


def normalize_before(text: str) -> str:
    """normalize() as it was before its fast path (the reference the tests hold it equal to)."""
    return _reference("reference_normalize")(text)  # type: ignore[no-any-return]


def nltk_counts(corpus: pd.DataFrame) -> int:
    """NLTK tokenize + Counter: the twenty keywords and two phrases per document, with token
    counts, summed by source and month (what count_terms returns, the way a user would)."""
    from nltk.tokenize import NLTKWordTokenizer

    tok = NLTKWordTokenizer()
    sums: Counter[tuple[Any, ...]] = Counter()
    months = corpus["published"].dt.strftime("%Y-%m").tolist()
    for source, month, text in zip(corpus["source"], months, corpus["text"]):
        tokens = [w.lower() for w in tok.tokenize(text)]
        counts, bigrams = Counter(tokens), Counter(pairwise(tokens))
        for kw in KEYWORDS:
            n = bigrams[tuple(kw.split())] if " " in kw else counts[kw]
            sums[(source, month, kw)] += n
        sums[(source, month, "_tokens")] += len(tokens)
    return len(sums)


def pandas_str_count(corpus: pd.DataFrame) -> int:
    """pandas ``str.count`` of a word-boundary regex per keyword, plus a token count."""
    lowered = corpus["text"].str.lower()
    table = pd.DataFrame({kw: lowered.str.count(rf"\b{re.escape(kw)}\b") for kw in KEYWORDS})
    table["_tokens"] = lowered.str.count(r"\w+")
    table["source"], table["month"] = corpus["source"], corpus["published"].dt.to_period("M")
    return len(table.groupby(["source", "month"]).sum())


def count_vectorizer(corpus: pd.DataFrame) -> int:
    """scikit-learn's CountVectorizer with the keywords as a fixed vocabulary (1- and 2-grams)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(vocabulary=KEYWORDS, ngram_range=(1, 2))
    matrix = vec.transform(corpus["text"])
    return int(matrix.sum())


def nltk_kwic(corpus: pd.DataFrame) -> int:
    import nltk
    from nltk.tokenize import NLTKWordTokenizer

    tok, n = NLTKWordTokenizer(), 0
    for d in corpus["text"]:
        text = nltk.Text(tok.tokenize(d))
        n += len(text.concordance_list("sanctions", width=80, lines=10**9))
        n += len(text.concordance_list("sanction", width=80, lines=10**9))
    return n


def vectorizer_by_group(corpus: pd.DataFrame) -> int:
    """Word counts per group with CountVectorizer (all words), the input of a keyness test."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(lowercase=True)
    matrix = vec.fit_transform(corpus["text"])
    target = (corpus["source"] == "Republican").to_numpy()
    return int(matrix[target].sum() + matrix[~target].sum())


def vectorizer_matrix(corpus: pd.DataFrame) -> int:
    """A documents x words matrix with CountVectorizer's own tokens: its default pattern, words
    of two or more word characters, lower-cased, split at every other character (``u.s.-led``
    is ``led``; ``1,000`` is ``000``). Ours counts the toolkit's tokens (``u.s.-led``, ``1,000``
    and ``russia's`` whole, one-letter words kept) and also returns the documents' table."""
    from sklearn.feature_extraction.text import CountVectorizer

    matrix = CountVectorizer(lowercase=True).fit_transform(corpus["text"])
    return int(matrix.nnz)


def plain_lda(corpus: pd.DataFrame) -> int:
    """tomotopy's LDA without word priors on the tokens seeded_topics gives it: the toolkit's
    tokens less stop words and numbers, words in 2 or more and at most half of the addresses
    (and the seed words), pieces of 50 tokens; 17 topics (7 families and 10 more), one run of
    200 iterations."""
    import tomotopy

    from toolkit.text import is_number
    from toolkit.topics import _seed_families, _seed_words

    stop = toolkit.stopwords("en")
    docs = [[w for w in toolkit.tokenize(t) if w not in stop and not is_number(w)]
            for t in corpus["text"]]  # fmt: skip
    seeds, _ = _seed_words(docs, _seed_families("rhetoric", "en", "bench"), 2, "bench")
    counts = Counter(w for doc in docs for w in set(doc))
    kept = {w for w, n in counts.items() if n >= 2 and (n <= len(docs) / 2 or w in seeds)}
    model = tomotopy.LDAModel(k=17, seed=0)
    for doc in docs:
        words = [w for w in doc if w in kept]
        for start in range(0, len(words), 50):
            model.add_doc(words[start : start + 50])
    model.train(200, workers=1)
    return len(model.docs)


def nltk_collocates(corpus: pd.DataFrame) -> int:
    """NLTK tokens and a Counter of the words within five of 'war', by source."""
    from nltk.tokenize import NLTKWordTokenizer

    tok = NLTKWordTokenizer()
    near: Counter[tuple[str, str]] = Counter()
    for source, text in zip(corpus["source"], corpus["text"]):
        tokens = [w.lower() for w in tok.tokenize(text)]
        for i, w in enumerate(tokens):
            if w == "war":
                for other in tokens[max(0, i - 5) : i] + tokens[i + 1 : i + 6]:
                    near[(source, other)] += 1
    return len(near)


def vader_direct(corpus: pd.DataFrame) -> int:
    """vaderSentiment's polarity_scores on every sentence that mentions 'peace' (the sentences
    sentiment() scores), called directly."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer, n = SentimentIntensityAnalyzer(), 0
    for text in corpus["text"]:
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if re.search(r"\bpeace\b", sentence, re.IGNORECASE):
                analyzer.polarity_scores(sentence)
                n += 1
    return n


def sentiment_before(corpus: pd.DataFrame) -> Any:
    """sentiment() as it was before its fast paths: VADER on every sentence, every sentence of
    every article split by NLTK's PunktSentenceTokenizer, in one process (set up in this worker
    process only)."""
    import importlib

    module = importlib.import_module("toolkit.sentiment")
    analyzer = module._vader()

    def plain(method: str) -> Callable[[str], tuple[float, ...]]:
        def vader(text: str) -> tuple[float, ...]:
            found = analyzer.polarity_scores(text)
            return found["compound"], found["pos"], found["neu"], found["neg"]

        return vader

    nltk_spans = _reference("reference_sentence_spans")  # NLTK's PunktSentenceTokenizer
    from bisect import bisect_right

    def every_sentence_with_hits(matcher: Any, text: str) -> tuple[list[Any], list[Any]]:
        spans = list(nltk_spans(text))  # every sentence split, with or without a hit
        starts = [start for start, _ in spans]
        found = set()
        for hit in matcher.hits(text):
            s = bisect_right(starts, hit.start) - 1
            if s >= 0 and hit.start < spans[s][1]:
                found.add((s, hit.family))
        return spans, sorted(found)

    module._scorer = plain
    module._sentences_with_hits = every_sentence_with_hits
    os.environ["RHETORIC_TOOLKIT_WORKERS"] = "1"
    return toolkit.sentiment(corpus, SENTIMENT_FAMILY)


# --------------------------------------------------------------------------- the report

DEV_NEWS = ROOT.parent.parent / "shared" / "dev-news" / "articles.jsonl"


@cache
def thirteen_outlets() -> pd.DataFrame:
    """Thirteen groups: the real articles of 13 outlets of the development corpus beside the
    checkout when it is there; otherwise the addresses dealt round-robin to 13 groups named
    "outlet 1" .. "outlet 13" (synthetic grouping of real text, labelled as such)."""
    if DEV_NEWS.is_file():
        news = toolkit.read_corpus(DEV_NEWS)
        return news[news["source"].isin(sorted(news["source"].unique())[:13])]
    sotu = toolkit.load_sotu()
    return sotu.assign(source=[f"outlet {i % 13 + 1}" for i in range(len(sotu))])


def report_analyses(corpus: pd.DataFrame) -> int:
    """The analyses the report runs, called one after another as a user would: the stories
    (propagation, on every copy), its cleaning, count_terms overall (with forms), by group and
    by group and period, keyness of every group, dispersion, targeted sentiment and its summary,
    and the concordance with the voice of each hit."""
    from toolkit.periods import coarsen_period

    families = "rhetoric"
    toolkit.propagation(corpus, by="source", progress=False)
    found = toolkit.find_boilerplate(corpus, by="source")
    toolkit.tag_wire_copy(corpus)
    corpus = toolkit.strip_boilerplate(corpus)
    toolkit.find_duplicates(corpus)
    toolkit.count_terms(corpus, families, variants=True)
    toolkit.count_terms(corpus, families, by="source")
    period = coarsen_period(corpus["published"].dropna(), "M")
    toolkit.count_terms(corpus, families, by="source", period=period)
    toolkit.keyness_matrix(corpus, by="source", stopwords="en")
    toolkit.dispersion(corpus, families, by="source")
    scores = toolkit.sentiment(corpus, families, meta=["source", "published"])
    toolkit.summarize_sentiment(scores, by="source")
    return len(toolkit.kwic(corpus, families, window=8, voice=True)) + len(found)


def whole_report(corpus: pd.DataFrame) -> Any:
    """The report as ``python -m toolkit report`` writes it: tables, charts, pages."""
    import tempfile

    from toolkit.report import report

    with tempfile.TemporaryDirectory() as folder:
        return report(corpus, out=str(Path(folder) / "report"))


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    ours: Callable[[Any], Any]
    baseline: str
    base: Callable[[Any], Any]
    goal: float = 0.0  # ratio (ours is `goal` times faster); 0: none
    goal_mbps: float = 0.0
    large: bool = True  # also run at 1 GB (ours only, in chunks)
    single: bool = False  # long: one round, one timed pass, no warm-up
    # the baseline's result checked against ours (once per baseline process, not timed)
    check: Callable[[dict[str, Any], Any], None] | None = None
    # ours is the first call in a fresh process (no warm-up, one pass; the baseline: the same
    # call warm)
    first: bool = False
    # seconds (not MB/s): ours must take less than this
    goal_seconds: float = 0.0


def _first_call(name: str, fn: Callable[[Any], Any], goal: float = 0.5) -> Task:
    """``fn``'s first call in a fresh process (the corpus read, nothing else run) against its
    warm call: within 2x is a ratio of 0.5 or more."""
    return Task(fn, f"{name}, warm", fn, goal=goal, large=False, first=True)


def _texts(corpus: pd.DataFrame) -> list[str]:
    return corpus["text"].tolist()


TASKS: dict[str, Task] = {
    "read_corpus, CSV": Task(
        lambda ctx: toolkit.read_corpus(ctx["csv"]), "pandas.read_csv",
        lambda ctx: pd.read_csv(ctx["csv"]), goal_mbps=20.0),
    "read_corpus, Parquet": Task(
        lambda ctx: toolkit.read_corpus(ctx["parquet"]), "pandas.read_parquet",
        lambda ctx: pd.read_parquet(ctx["parquet"])),
    "read_corpus, news CSV": Task(
        lambda ctx: toolkit.read_corpus(ctx["news_csv"]), "pandas.read_csv",
        lambda ctx: pd.read_csv(ctx["news_csv"]), goal=0.1, large=False),
    "read_corpus, news CSV vs pyarrow": Task(
        lambda ctx: toolkit.read_corpus(ctx["news_csv"]), "pyarrow.csv.read_csv",
        lambda ctx: arrow_csv(ctx["news_csv"]), large=False),
    "read_corpus, news CSV vs Polars": Task(
        lambda ctx: toolkit.read_corpus(ctx["news_csv"]), "polars.read_csv",
        lambda ctx: polars_csv(ctx["news_csv"]), large=False),
    "read_corpus, toolkit Parquet": Task(
        lambda ctx: toolkit.read_corpus(ctx["news_parquet"]), "pandas.read_parquet",
        lambda ctx: pd.read_parquet(ctx["news_parquet"]), goal=0.5, large=False),
    "normalize": Task(
        lambda ctx: [toolkit.normalize(t) for t in ctx["raw_texts"]], "normalize before",
        lambda ctx: [normalize_before(t) for t in ctx["raw_texts"]], goal=10.0, large=False),
    "tokenize": Task(
        lambda ctx: [toolkit.tokenize(t) for t in _texts(ctx["corpus"])], "NLTKWordTokenizer",
        lambda ctx: [ctx["nltk"].tokenize(t) for t in _texts(ctx["corpus"])], goal=12.0,
        large=False),
    "count_terms": Task(
        lambda ctx: toolkit.count_terms(ctx["corpus"], ctx["families"], by="source",
                                        period="M"),
        "NLTK tokenize + Counter", lambda ctx: nltk_counts(ctx["corpus"]), goal=40.0),
    "count_terms vs str.count": Task(
        lambda ctx: toolkit.count_terms(ctx["corpus"], ctx["families"], by="source",
                                        period="M"),
        "pandas str.count", lambda ctx: pandas_str_count(ctx["corpus"]), large=False),
    "count_terms vs Polars": Task(
        lambda ctx: toolkit.count_terms(ctx["corpus"], KEYWORD_FAMILIES, by="source",
                                        period="M"),
        "Polars count_matches", lambda ctx: polars_counts(ctx["corpus"]), goal=1.0, large=False,
        check=check_polars_counts),
    "count_terms vs CountVectorizer": Task(
        lambda ctx: toolkit.count_terms(ctx["corpus"], ctx["families"], by="source",
                                        period="M"),
        "CountVectorizer, vocabulary", lambda ctx: count_vectorizer(ctx["corpus"]),
        large=False),
    "kwic, sanction*": Task(
        lambda ctx: toolkit.kwic(ctx["corpus"], KWIC_FAMILY), "nltk concordance_list",
        lambda ctx: nltk_kwic(ctx["corpus"]), goal=10.0),
    "kwic vs re.finditer": Task(
        lambda ctx: toolkit.kwic(ctx["corpus"], KWIC_FAMILY), "re.finditer loop",
        lambda ctx: finditer_kwic(ctx["corpus"]), goal=1.0, large=False, check=check_kwic),
    "keyness vs Polars": Task(
        lambda ctx: toolkit.keyness(ctx["corpus"], by="source", target="Republican"),
        "Polars group_by + G2", lambda ctx: polars_keyness(ctx["corpus"]), goal=1.0,
        large=False, check=check_keyness),
    "keyness": Task(
        lambda ctx: toolkit.keyness(ctx["corpus"], by="source", target="Republican"),
        "CountVectorizer by group", lambda ctx: vectorizer_by_group(ctx["corpus"])),
    "document_term_matrix": Task(
        lambda ctx: toolkit.document_term_matrix(ctx["corpus"]), "CountVectorizer, its tokens",
        lambda ctx: vectorizer_matrix(ctx["corpus"]), large=False),
    "seeded_topics, rhetoric": Task(
        lambda ctx: toolkit.seeded_topics(ctx["corpus"], "rhetoric", by="source", runs=1,
                                          iterations=200), "tomotopy LDA, no priors",
        lambda ctx: plain_lda(ctx["corpus"]), large=False, single=True),
    "collocates, war": Task(
        lambda ctx: toolkit.collocates(ctx["corpus"], COLLOCATE_FAMILY, by="source"),
        "NLTK tokens + Counter", lambda ctx: nltk_collocates(ctx["corpus"])),
    "collocates vs re.findall": Task(
        lambda ctx: toolkit.collocates(ctx["corpus"], COLLOCATE_FAMILY, by="source"),
        "re.findall + Counter", lambda ctx: findall_collocates(ctx["corpus"]), goal=1.0,
        large=False, check=check_collocates),
    "sentiment, peace": Task(
        lambda ctx: toolkit.sentiment(ctx["corpus"], SENTIMENT_FAMILY), "sentiment before",
        lambda ctx: sentiment_before(ctx["corpus"]), goal=3.0, large=False),
    "sentiment vs VADER": Task(
        lambda ctx: toolkit.sentiment(ctx["corpus"], SENTIMENT_FAMILY), "vaderSentiment direct",
        lambda ctx: vader_direct(ctx["corpus"]), large=False),
    "report, SOTU": Task(
        lambda ctx: whole_report(ctx["corpus"]), "its analyses, called directly",
        lambda ctx: report_analyses(ctx["corpus"]), goal=1 / 1.5, large=False, single=True),
    "report, 13 outlets": Task(
        lambda ctx: whole_report(ctx["corpus"]), "its analyses, called directly",
        lambda ctx: report_analyses(ctx["corpus"]), goal=1 / 1.5, large=False, single=True),
    "import toolkit": Task(
        lambda ctx: import_seconds("toolkit"), "import pandas",
        lambda ctx: import_seconds("pandas"), large=False, goal_seconds=0.5),
    "count_terms, first call": _first_call(
        "count_terms", lambda ctx: toolkit.count_terms(ctx["corpus"], KEYWORD_FAMILIES,
                                                       by="source", period="M")),
    "kwic, first call": _first_call("kwic", lambda ctx: toolkit.kwic(ctx["corpus"], KWIC_FAMILY)),
    "keyness, first call": _first_call(
        "keyness", lambda ctx: toolkit.keyness(ctx["corpus"], by="source", target="Republican")),
    "sentiment, first call": _first_call(
        "sentiment", lambda ctx: toolkit.sentiment(ctx["corpus"], SENTIMENT_FAMILY)),
}  # fmt: skip


#: The row of the memory a corpus in memory takes against its text (issue 26, item 6).
MEMORY_ROW = "corpus memory vs text size"
#: Goal: a corpus in memory within this many times its UTF-8 text.
MEMORY_GOAL = 3.0


def corpus_memory(scale: str) -> dict[str, Any]:
    """In this (fresh) process: the deep memory of the DataFrame ``read_corpus`` returns (every
    column, Arrow buffers and Python objects counted: ``memory_usage(deep=True)``) and the
    growth of peak RSS while reading it, against the UTF-8 bytes of its texts. On SOTU the
    Parquet file; at 1 GB the whole Parquet dataset, read at once (not in chunks)."""
    paths = prepare_data(scale)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    corpus = toolkit.read_corpus(paths["parquet"])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    deep = float(corpus.memory_usage(deep=True).sum()) / 1e6
    text = corpus["text"]
    if getattr(text.dtype, "storage", None) == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        mb = float(pc.sum(pc.binary_length(pa.array(text.array))).as_py() or 0) / 1e6
    else:
        mb = sum(len(t.encode()) for t in text.dropna()) / 1e6
    return {"deep_mb": deep, "mb": mb, "rss_mb": rss, "rss_growth_mb": rss - before,
            "text_dtype": str(text.dtype)}  # fmt: skip


def memory_row(scale: str) -> tuple[str, bool]:
    """The table row of :func:`corpus_memory`, measured in a fresh process: the ratio is the
    corpus's deep memory over its text bytes (goal: at most :data:`MEMORY_GOAL`); the baseline
    column holds the text bytes, and the peak RSS column the growth of RSS while reading."""
    found = _spawn(MEMORY_ROW, "ours", scale, 1)
    ratio = found["deep_mb"] / found["mb"]
    ok = ratio <= MEMORY_GOAL
    verdict = "ok" if ok else "BELOW"
    deep, text, growth = found["deep_mb"], found["mb"], found["rss_growth_mb"]
    print(f"{MEMORY_ROW:32s} {'UTF-8 text':30s} {deep:>6,.0f} MB {text:>6,.0f} MB "
          f"{ratio:>6.2f}x {'<=3x':>8s} {growth:7,.0f} {'-':>8s} {verdict} "
          f"(text column: {found['text_dtype']})")  # fmt: skip
    line = (f"| {MEMORY_ROW} | UTF-8 text | {deep:,.0f} MB | {text:,.0f} MB | {ratio:.2f}x | "
            f"<={MEMORY_GOAL:g}x {verdict} | {growth:,.0f} | - |")  # fmt: skip
    return line, ok


def arrow_csv(path: Path) -> Any:
    """pyarrow's CSV reader (values may hold line breaks, as articles do)."""
    from pyarrow import csv

    return csv.read_csv(path, parse_options=csv.ParseOptions(newlines_in_values=True))


def polars_csv(path: Path) -> Any:
    """Polars's CSV reader, every column as text (as read_corpus reads them: ``published_raw``
    holds numbers and dates)."""
    import polars as pl

    return pl.read_csv(path, infer_schema=False)


def worker(task: str, side: str, scale: str, runs: int) -> dict[str, Any]:
    """Run one side of one task in this process; return seconds, MB of text and peak RSS."""
    if task == MEMORY_ROW:
        return corpus_memory(scale)
    paths = prepare_data(scale)
    ctx: dict[str, Any] = dict(paths)
    spec = TASKS[task]
    fn = spec.ours if side == "ours" else spec.base
    if scale == "sotu":
        ctx["corpus"] = toolkit.read_corpus(paths["parquet"])
        ctx["raw_texts"] = pd.read_parquet(paths["parquet"])["text"].tolist()
        mb = sum(len(t.encode()) for t in ctx["raw_texts"]) / 1e6
    else:
        ctx["corpus"] = toolkit.read_corpus(paths["parquet"], chunksize=CHUNK)
        mb = paths["csv"].stat().st_size / 1e6
        if task.startswith("read_corpus"):  # in chunks: read every chunk, keep none
            chunks = toolkit.read_corpus(paths["csv" if "CSV" in task else "parquet"],
                                         chunksize=CHUNK)  # fmt: skip

            def fn(ctx: dict[str, Any]) -> int:
                return sum(len(chunk) for chunk in chunks)

    if task == "report, 13 outlets":
        ctx["corpus"] = thirteen_outlets()
        mb = sum(len(t.encode()) for t in ctx["corpus"]["text"]) / 1e6
    if task.startswith("read_corpus"):  # MB/s of the CSV file, for both formats
        mb = paths["news_csv" if "news" in task or "toolkit" in task else "csv"].stat().st_size
        mb /= 1e6
    if task == "tokenize":
        from nltk.tokenize import NLTKWordTokenizer

        ctx["nltk"] = NLTKWordTokenizer()
    first = spec.first and side == "ours"
    if not first:  # (a first call finds nothing else built)
        ctx["families"] = families()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    passes = runs if scale == "sotu" and not spec.single and not first else 1
    if scale == "sotu" and not spec.single and not first:
        fn(ctx)  # warm-up
    times = []
    for _ in range(passes):
        gc.collect()
        start = time.perf_counter()
        result = fn(ctx)
        times.append(result if spec.goal_seconds else time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if spec.check is not None and side == "base":
        spec.check(ctx, result)
    return {"seconds": statistics.median(times), "mb": mb, "rss_mb": rss, "rss_before": before}


def _spawn(task: str, side: str, scale: str, runs: int) -> dict[str, Any]:
    args = [sys.executable, __file__, "--worker", task, side, "--scale", scale, "--runs", str(runs)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        raise SystemExit(f"{task} ({side}) failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(
    task: str, scale: str, runs: int, rounds: int
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Ours and the baseline (None at 1 GB), each the median of ``rounds`` worker processes
    started in turns (ours, baseline, ours, ...), so that a slow spell of the machine does not
    fall on one side only; peak RSS is the largest of the rounds."""
    sides = ["ours"] if scale != "sotu" else ["ours", "base"]
    found: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for _ in range(rounds):
        for side in sides:
            found[side].append(_spawn(task, side, scale, runs))

    def combined(results: list[dict[str, Any]]) -> dict[str, Any]:
        return {**results[0], "seconds": statistics.median(r["seconds"] for r in results),
                "rss_mb": max(r["rss_mb"] for r in results)}  # fmt: skip

    return combined(found["ours"]), combined(found["base"]) if "base" in found else None


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor() or "unknown CPU",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, pandas {pd.__version__}, "
            f"toolkit {toolkit.__version__}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=2, help="timed passes per worker process (default 2)"
    )
    parser.add_argument("--rounds", type=int, default=3,
                        help="worker processes per side, ours and the baseline taking turns "
                        "(default 3)")  # fmt: skip
    parser.add_argument("--scale", choices=["sotu", "1gb"], default="sotu")
    parser.add_argument("--only", help="run only the tasks whose name contains this text")
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "SIDE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.scale, args.runs)))
        return 0

    prepare_data(args.scale)
    large = args.scale == "1gb"
    print(machine())
    header = ("| task | baseline | ours MB/s | baseline MB/s | ratio | goal | ours peak RSS MB |"
              " baseline peak RSS MB |")  # fmt: skip
    lines = [header, "|" + "---|" * 8]
    print(f"{'task':32s} {'baseline':30s} {'ours MB/s':>9s} {'base MB/s':>9s} {'ratio':>7s} "
          f"{'goal':>8s} {'RSS MB':>7s} {'base RSS':>8s}")  # fmt: skip
    failed = False
    for name, spec in TASKS.items():
        if (args.only and args.only not in name) or (large and not spec.large):
            continue
        rounds = 1 if large or spec.single else args.rounds
        ours, base = _measure(name, args.scale, args.runs, rounds)
        mbps = ours["mb"] / ours["seconds"]
        base_mbps = base["mb"] / base["seconds"] if base else float("nan")
        ratio = base["seconds"] / ours["seconds"] if base else float("nan")
        if spec.goal and not large:
            goal, ok = f">={spec.goal:.{0 if spec.goal >= 1 else 2}f}x", ratio >= spec.goal
        elif spec.goal_mbps:
            goal, ok = f">={spec.goal_mbps:.0f} MB/s", mbps >= spec.goal_mbps
        elif spec.goal_seconds:
            goal, ok = f"< {spec.goal_seconds:g} s", ours["seconds"] < spec.goal_seconds
        else:
            goal, ok = "-", True
        if large:
            goal, ok = "< 1,500 MB", ours["rss_mb"] < 1500
        verdict = "ok" if ok else "BELOW"
        failed |= not ok
        base_rss = f"{base['rss_mb']:,.0f}" if base else "-"
        base_name = spec.baseline if base else "-"
        ratio_text = f"{ratio:.{1 if ratio >= 1 or spec.first else 2}f}x" if base else "-"
        ours_text = f"{mbps:,.2f}"
        base_text = f"{base_mbps:,.2f}" if base else "-"
        if spec.goal_seconds:  # (seconds, not MB/s)
            ours_text, base_text = f"{ours['seconds']:.2f} s", f"{base['seconds']:.2f} s"
        print(f"{name:32s} {base_name:30s} {ours_text:>9s} {base_text:>9s} {ratio_text:>7s} "
              f"{goal:>8s} {ours['rss_mb']:7,.0f} {base_rss:>8s} {verdict}")  # fmt: skip
        lines.append(
            f"| {name} | {base_name} | {ours_text} | {base_text} | {ratio_text} | {goal} "
            f"{verdict} | {ours['rss_mb']:,.0f} | {base_rss} |"
        )
    if not args.only or args.only in MEMORY_ROW:
        line, ok = memory_row(args.scale)
        lines.append(line)
        failed |= not ok
    slow = False if large or args.only else chart_speed(args.runs)
    write_results(args.scale, lines, only=bool(args.only))
    return 1 if failed or slow else 0


def write_results(scale: str, lines: list[str], *, only: bool = False) -> None:
    """Replace this scale's section of RESULTS.md (keeping the other one); with ``only``, just
    the rows of the tasks that were run (a row says when it was measured)."""
    title = {"sotu": "## SOTU (12 MB, in memory)", "1gb": "## 1 GB (synthetic scale, in chunks)",
             "hostile": "## Hostile input (synthetic)"}  # fmt: skip
    command = {"sotu": "make bench", "1gb": "make bench-large", "hostile": "make bench-hostile"}[
        scale
    ]
    sections: dict[str, str] = {}
    if RESULTS.exists():
        for block in RESULTS.read_text().split("\n## ")[1:]:
            sections["## " + block.split("\n", 1)[0]] = "## " + block.rstrip() + "\n"
    what = {
        "sotu": "The 237 State of the Union addresses of the `sotu` package, in memory.",
        "1gb": "The 237 addresses repeated to about 1 GB (synthetic scale, not a real corpus of "
        "that size), read in chunks of 250 addresses from a Parquet dataset of one file per "
        "copy (read_corpus tasks: from the 1 GB CSV and from the dataset, every chunk read "
        "and dropped). Baselines are not run at this size; the goal is peak memory.",
        "hostile": "SOTU text with every sentence mark and line break made a space: one article "
        "of 50 MB on one line, one of 1.8 MB with 2,000 hits, and a million articles of four "
        "words (`benchmarks/hostile.py`). Each task reads the CSV, then runs, in a fresh "
        "process; the goal is that it finishes under 1,500 MB peak RSS.",
    }[scale]
    body = [title[scale], "", f"`{command}` on {time.strftime('%Y-%m-%d')}: {machine()}.", "",
            what, ""]  # fmt: skip
    if only and title[scale] in sections:  # replace the rows of the tasks run, keep the rest
        rows = {line.split(" | ")[0]: line for line in lines[2:]}
        old = sections[title[scale]].rstrip("\n").split("\n")
        kept = [rows.pop(line.split(" | ")[0], line) for line in old]
        # a new task's row goes at the end of the table, before the notes below it
        end = max((i + 1 for i, line in enumerate(kept) if line.startswith("|")), default=0)
        kept[end:end] = rows.values()
        sections[title[scale]] = "\n".join(kept) + "\n"
    else:
        sections[title[scale]] = "\n".join([*body, *lines]) + "\n"
    intro = (
        "# Benchmark results\n\nWritten by `benchmarks/bench.py` (see its docstring for the "
        "method). Ratios are the baseline's time over ours, timed in the same run.\n"
    )
    RESULTS.write_text(intro + "\n" + "\n".join(sections[k] for k in title.values()
                                                 if k in sections))  # fmt: skip


def chart_speed(runs: int) -> bool:
    """plot_dispersion of 5,000 documents (40,000 hits of three families in 13 synthetic
    outlets), drawn to a canvas: the goal is an absolute one, under 2 s on this machine."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
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
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            ax = plot_dispersion(hits, x=x)
            ax.figure.canvas.draw()
            plt.close(ax.figure)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times[1:])
        verdict = "ok" if seconds < 2.0 else "SLOW"
        slow |= verdict == "SLOW"
        print(f"plot_dispersion(x={x!r}), 5,000 documents: {seconds:.2f} s (goal < 2 s) {verdict}")
    return slow


if __name__ == "__main__":
    raise SystemExit(main())
