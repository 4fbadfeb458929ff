"""Seeded topics: a topic model whose first topics are anchored on term families.

A term family counts its own words; a topic finds the words that come with them. Seeded LDA
(latent Dirichlet allocation with word priors, Jagarlamudi, Daumé & Udupa 2012; in political
science, Watanabe & Zhou 2022) gives each family a topic and lets the model learn the rest of the
topic's vocabulary from the corpus, beside a few unseeded topics that take up what the families
do not cover. :func:`seeded_topics` fits it with tomotopy's ``LDAModel`` and its word priors
(``set_word_prior``), several times with different seeds, and reports each topic's words, each
document's topic shares and each group's shares with an interval that carries both the
differences between runs and the sampling of documents.

Design, in the order the work is done:

* **Tokens** are the toolkit's (:func:`toolkit.tokenize`, lower-cased), less the stop words of
  the language (:func:`toolkit.stopwords`) and tokens without a letter; words in fewer than
  ``min_docs`` documents or in more than ``max_doc_share`` of them are dropped (words in
  nearly every document say nothing about topics), seed words excepted.
* **Seeds**: each family's words are the corpus words its patterns match by the toolkit's rules
  (:mod:`toolkit.terms`: globs, possessives, parts of hyphenated words), ignoring case (tokens
  are lower-cased), in the patterns of ``language``. Phrases are left out: a topic model sees
  single words. A seed word is drawn only from its family's topic (its prior is the model's
  ``eta`` there and 0 in every other topic), so the seeds are the fixed core of the topic and
  everything else about it is learned.
* **Units**: a document is cut into pieces of about ``chunk_tokens`` tokens (after the stop
  words are out), which the model sees as its documents: words that share a paragraph say more
  about each other than words that share a long address. A document's shares are the
  token-weighted mean of its pieces', so they sum to 1.
* **Runs**: ``runs`` models with the seeds ``seed``, ``seed + 1``, ... Each is trained with one
  worker thread: tomotopy promises the same model for the same seed only then (with two
  workers the model of a seed differs from the one-worker model, and tomotopy warns that it
  may differ from run to run). The seeded topics are the same topics in every run
  (their seeds anchor them); the unseeded ones are matched to the first run's by their words
  (the Hungarian algorithm on the cosine of their word distributions) and named ``other 1``,
  ``other 2``, ... by their share of the corpus in the first run, largest first.
* **Shares by group and period**: a group's share of a topic is the mean of its documents'
  shares (each document counts once). Its interval pools, for every run, 500 bootstrap
  resamples of the group's documents, and takes their 2.5% and 97.5% quantiles: the spread of
  the runs and the sampling of documents together.

References
----------
Jagarlamudi, J., Daumé III, H. & Udupa, R. (2012). Incorporating lexical priors into topic
models. *EACL 2012*, 204-213.

Watanabe, K. & Zhou, Y. (2022). Theory-driven analysis of large corpora: semisupervised topic
classification of the UN speeches. *Social Science Computer Review* 40(2), 346-366.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.engine import Analysis, Document, Partial, column_dtypes, rows_frame, run
from toolkit.errors import MissingResourceError, TermError, ToolkitError
from toolkit.periods import Period, check_period
from toolkit.terms import TermFamily, TermMatcher, Terms, compile_terms
from toolkit.text import is_number, stopwords, tokenize
from toolkit.util import By, as_list, check_count, check_group_names, warn_user

__all__ = [
    "DOC_TOPIC_COLUMNS",
    "SHARE_COLUMNS",
    "TOPIC_WORD_COLUMNS",
    "Topics",
    "seeded_topics",
]

#: The columns of ``topic_words``.
TOPIC_WORD_COLUMNS = ("topic", "word", "weight", "rank", "is_seed")
#: The columns of ``doc_topics`` besides ``doc_id`` and the ``by`` and ``period`` columns.
DOC_TOPIC_COLUMNS = ("topic", "share", "n_tokens")
#: The columns of ``shares`` after the ``by`` and ``period`` columns.
SHARE_COLUMNS = ("topic", "share", "share_low", "share_high", "runs_low", "runs_high", "n_docs")
#: Bootstrap resamples of a group's documents, per run, behind a share's interval.
SHARE_BOOTSTRAP = 500
_OTHER = "other"


class Topics(NamedTuple):
    """What :func:`seeded_topics` returns: three tidy tables.

    ``topic_words, doc_topics, shares = seeded_topics(...)`` takes them apart.
    """

    #: One row per topic and word: the top words of each topic and every seed word.
    topic_words: pd.DataFrame
    #: One row per document and topic: the document's share of the topic.
    doc_topics: pd.DataFrame
    #: One row per group, period and topic: the mean share, with its interval across runs.
    shares: pd.DataFrame


def seeded_topics(
    corpus: pd.DataFrame,
    seeds: Terms,
    *,
    extra_topics: int = 10,
    by: By = None,
    period: Period | None = None,
    seed: int = 0,
    runs: int = 3,
    iterations: int = 500,
    chunk_tokens: int = 50,
    min_docs: int = 2,
    max_doc_share: float = 0.5,
    language: str = "en",
    top_n: int = 20,
    progress: bool | None = None,
) -> Topics:
    """Fit a topic model with one topic seeded by each term family, and report each topic's
    words and its shares of documents, groups and periods.

    See the module docstring for the design (tokens, seeds, units, runs, intervals).

    Parameters
    ----------
    corpus : DataFrame
        A corpus from :func:`toolkit.read_corpus`.
    seeds : dict, list of TermFamily, dictionary name or YAML path
        The term families that seed the topics, e.g. ``{"sanctions": ["sanction*",
        "embargo*"]}`` or ``"rhetoric"``: one topic each, named after the family.
    extra_topics : int, default 10
        Unseeded topics beside them (``other 1``, ...). With few, the seeded topics must also
        hold what no family is about, and grow vague: on the State of the Union addresses two
        extra topics leave the ``sanctions`` topic a topic of nineteenth-century government,
        ten give most families a topic of their own.
    by : str or list of str, optional
        Group columns (``source``): carried into ``doc_topics``, and ``shares`` are per group.
    period : {"D", "W", "M", "Q", "Y", "10Y"}, optional
        Also share by the period of ``published`` (undated documents are left out, with a
        warning).
    seed : int, default 0
        The random seed of the first run (then ``seed + 1``, ...): the same corpus, families and
        options give the same tables.
    runs : int, default 3
        Models fitted; their mean is reported, and their spread is part of the intervals.
    iterations : int, default 500
        Gibbs sampling iterations per run (the log-likelihood of the State of the Union
        addresses levels off by about 500).
    chunk_tokens : int, default 50
        The tokens (after stop words) of a piece of a document, the model's unit.
    min_docs : int, default 2
        Words in fewer documents are dropped.
    max_doc_share : float, default 0.5
        Words in more than this share of the documents are dropped, unless they are seeds
        (1: keep them all).
    language : {"en", "ru"}, default "en"
        The language of the stop words and of the families' patterns.
    top_n : int, default 20
        Words listed per topic in ``topic_words`` (besides the seeds, listed wherever they
        rank).
    progress : bool, optional
        Show progress bars (tokens, then each run's iterations); by default for corpora over
        20 million characters.

    Returns
    -------
    Topics
        Three tables (a named tuple: ``topic_words, doc_topics, shares = ...``). Topics come in
        the order of the families, then ``other 1`` ... ``other N``.

        ``topic_words``: ``topic``; ``word``; ``weight`` (the probability of the word in the
        topic, the mean of the runs); ``rank`` (1 for the topic's most probable word); ``is_seed``
        (a seed word of the topic's family). The top ``top_n`` words of each topic and all its
        seed words, by rank.

        ``doc_topics``: ``doc_id``; the ``by`` columns; ``period`` (start of the period, UTC)
        with ``period``; ``topic``; ``share`` (the share of the document's tokens in the topic,
        the mean of the runs; a document's shares sum to 1); ``n_tokens`` (its tokens in the
        model). Documents left without a token (all stop words or rare words) are left out,
        with a warning.

        ``shares``: the ``by`` columns; ``period``; ``topic``; ``share`` (the mean share of the
        group's documents, the mean of the runs); ``share_low`` and ``share_high`` (95%: runs
        and bootstrap resamples of the documents); ``runs_low`` and ``runs_high`` (the lowest
        and the highest share among the runs: the model's own instability); ``n_docs``. Without
        ``by`` and ``period``, one row per topic for the whole corpus.

    Raises
    ------
    ToolkitError
        Bad options, no family with a seed word in the corpus, or too little text.
    MissingResourceError
        tomotopy is not installed.

    Examples
    --------
    >>> import toolkit
    >>> corpus = toolkit.load_sotu().iloc[::6]
    >>> words, docs, shares = seeded_topics(
    ...     corpus, {"war": ["war", "wars", "armies"], "money": ["gold", "silver", "currency"]},
    ...     extra_topics=3, runs=1, iterations=50)
    >>> print(words[words["is_seed"]][["topic", "word", "rank"]].to_string(index=False))
    topic     word  rank
      war      war     1
      war     wars    61
      war   armies   331
      war    war's  1422
    money     gold     1
    money   silver     3
    money currency     6
    >>> round(float(docs.groupby("doc_id")["share"].sum().min()), 6)
    1.0
    """
    func = "seeded_topics"
    extra_topics = check_count("extra_topics", extra_topics, 0)
    seed = check_count("seed", seed, 0)
    runs = check_count("runs", runs, 1)
    iterations = check_count("iterations", iterations, 1)
    chunk_tokens = check_count("chunk_tokens", chunk_tokens, 1)
    min_docs = check_count("min_docs", min_docs, 1)
    top_n = check_count("top_n", top_n, 1)
    if (
        isinstance(max_doc_share, bool)
        or not isinstance(max_doc_share, (int, float))
        or not (0 < max_doc_share <= 1)
    ):
        raise ToolkitError(f"{func}: max_doc_share must be a share in (0, 1], got "
                           f"{max_doc_share!r}.")  # fmt: skip
    by_cols = as_list(by)
    if period is not None:
        period = check_period(period)  # type: ignore[assignment]
    group_cols = [*by_cols, *(["period"] if period is not None else [])]
    check_group_names(group_cols, [*DOC_TOPIC_COLUMNS, *SHARE_COLUMNS, "doc_id"], func=func)
    stop = stopwords(language)
    families = _seed_families(seeds, language, func)
    tomotopy = _tomotopy()

    docs = _tokens(corpus, stop, by_cols, period, progress)
    if docs.empty:
        raise ToolkitError(f"{func}: the corpus has no document with text to model.")
    tokens: list[list[str]] = docs["tokens"].tolist()
    seed_words, families = _seed_words(tokens, families, min_docs, func)
    kept = _vocabulary(tokens, seed_words, min_docs, max_doc_share)
    tokens = [[w for w in doc if w in kept] for doc in tokens]
    sizes = np.array([len(doc) for doc in tokens])
    if (sizes == 0).any():
        warn_user(
            f"{func}: {int((sizes == 0).sum())} of {len(sizes)} documents have no word left "
            "after stop words and rare or ubiquitous words are dropped; they are left out."
        )
        docs = docs[sizes > 0].reset_index(drop=True)
        tokens = [doc for doc in tokens if doc]
        sizes = sizes[sizes > 0]
    if len(tokens) < 2:
        raise ToolkitError(
            f"{func}: fewer than two documents have words to model. Give it more text, or "
            "lower min_docs."
        )
    units, owner = _units(tokens, chunk_tokens)
    names = [family.name for family in families]
    k = len(names) + extra_topics
    vocab = sorted(kept)
    index = {word: i for i, word in enumerate(vocab)}
    phis, thetas = [], []
    show = bool(progress)
    for r in range(runs):
        phi, theta = _fit(tomotopy, units, seed_words, names, k, seed + r, iterations, index,
                          show=show)  # fmt: skip
        phis.append(phi)
        thetas.append(theta)
    weights = np.array([len(unit) for unit in units], dtype=float)
    doc_shares = [_document_shares(theta, weights, owner, len(tokens)) for theta in thetas]
    order = _align(phis, doc_shares, len(names))
    phis = [phi[o] for phi, o in zip(phis, order)]
    doc_shares = [share[:, o] for share, o in zip(doc_shares, order)]
    topics = [*names, *(f"{_OTHER} {i + 1}" for i in range(extra_topics))]

    topic_words = _topic_words(np.mean(phis, axis=0), topics, vocab, seed_words, top_n)
    stacked = np.stack(doc_shares)  # runs x documents x topics
    meta = docs.drop(columns="tokens")
    doc_topics = _doc_topics(meta, stacked.mean(axis=0), sizes, topics)
    shares = _group_shares(meta, stacked, group_cols, topics, seed)
    return Topics(topic_words, doc_topics, shares)


# --------------------------------------------------------------------------------------------
# tokens and seeds


def _tomotopy() -> Any:
    import warnings

    try:
        with warnings.catch_warnings():  # (its compiled module names no __module__)
            warnings.simplefilter("ignore", DeprecationWarning)
            import tomotopy
    except ImportError:  # pragma: no cover - a dependency of the package
        raise MissingResourceError(
            "seeded_topics needs tomotopy, a dependency of rhetoric-toolkit: pip install "
            "tomotopy (or reinstall the toolkit)."
        ) from None
    return tomotopy


def _seed_families(seeds: Terms, language: str, func: str) -> list[TermFamily]:
    """The families of ``seeds`` in the patterns of ``language``, matched ignoring case."""
    families = []
    for family in compile_terms(seeds):
        found = family.for_language(language)
        if found is None:
            warn_user(f"{func}: the family {family.name!r} has no patterns in {language!r}; it "
                      "seeds no topic.")  # fmt: skip
            continue
        families.append(dataclasses.replace(found, case_sensitive=False))
    if not families:
        raise TermError(f"{func}: no family has patterns in {language!r}; pass language=.")
    return families


def _tokens(
    corpus: pd.DataFrame,
    stop: frozenset[str],
    by_cols: list[str],
    period: str | None,
    progress: bool | None,
) -> pd.DataFrame:
    """One row per document: ``doc_id``, the ``by`` and ``period`` columns and its tokens (the
    toolkit's tokens, lower-cased, less stop words and tokens without a letter)."""
    keys = [*by_cols, *(["period"] if period is not None else [])]

    def step(doc: Document) -> Partial:
        words = [w for w in tokenize(doc.text) if w not in stop and not is_number(w)]
        return {"rows": [(doc.position, *doc.meta, *doc.key, words)]}

    def finish(total: Partial) -> pd.DataFrame:
        return rows_frame(total.get("rows", []), ["doc_id", *keys, "tokens"], dtypes)

    dtypes = column_dtypes(corpus, ["doc_id", *by_cols])
    analysis = Analysis("seeded_topics", step, finish, by=tuple(by_cols), period=period,
                        meta=("doc_id",))  # fmt: skip
    return run(analysis, corpus, progress=progress)


def _seed_words(
    tokens: list[list[str]], families: list[TermFamily], min_docs: int, func: str
) -> tuple[dict[str, list[int]], list[TermFamily]]:
    """Each seed word and the families (numbers in the families kept) it seeds; the families
    with a seed word in ``min_docs`` documents or more (the others are left out, with a
    warning)."""
    doc_freq = Counter(word for doc in tokens for word in set(doc))
    matcher = TermMatcher(families)
    found: dict[str, list[int]] = {}
    for word in sorted(doc_freq):
        if doc_freq[word] < min_docs:
            continue
        fams = matcher.lookup(word)[0]
        if fams:
            found[word] = list(fams)
    seeded = sorted({f for fams in found.values() for f in fams})
    missing = [families[i].name for i in range(len(families)) if i not in seeded]
    if missing:
        warn_user(
            f"{func}: no single word of {missing} occurs in {min_docs} or more documents (a "
            "phrase is not a seed: topic models see single words); they seed no topic."
        )
    if not seeded:
        raise ToolkitError(
            f"{func}: no family has a seed word in the corpus. Check the patterns (and "
            "language=), or lower min_docs."
        )
    renumber = {old: new for new, old in enumerate(seeded)}
    words = {word: [renumber[f] for f in fams] for word, fams in found.items()}
    return words, [families[i] for i in seeded]


def _vocabulary(
    tokens: list[list[str]], seed_words: dict[str, list[int]], min_docs: int, max_share: float
) -> set[str]:
    """The words the model sees: in ``min_docs`` documents or more and in at most ``max_share``
    of them, or seeds."""
    doc_freq = Counter(word for doc in tokens for word in set(doc))
    most = max_share * len(tokens)
    return {w for w, n in doc_freq.items() if n >= min_docs and (n <= most or w in seed_words)}


def _units(tokens: list[list[str]], size: int) -> tuple[list[list[str]], np.ndarray]:
    """Each document cut into pieces of about ``size`` tokens (as even as the length allows),
    and the document of each piece."""
    units: list[list[str]] = []
    owner: list[int] = []
    for d, doc in enumerate(tokens):
        pieces = max(1, round(len(doc) / size))
        bounds = np.linspace(0, len(doc), pieces + 1).round().astype(int)
        for start, end in pairwise(bounds):
            if end > start:
                units.append(doc[start:end])
                owner.append(d)
    return units, np.array(owner, dtype=np.int64)


# --------------------------------------------------------------------------------------------
# the runs


def _fit(
    tomotopy: Any,
    units: list[list[str]],
    seed_words: dict[str, list[int]],
    names: Sequence[str],
    k: int,
    seed: int,
    iterations: int,
    index: dict[str, int],
    *,
    show: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """One run: the topic-word distributions (topics x ``index`` words) and the topic shares of
    every unit (units x topics)."""
    model = tomotopy.LDAModel(k=k, seed=seed)
    for unit in units:
        model.add_doc(unit)
    eta = float(model.eta)
    for word, fams in seed_words.items():  # drawn only from its families' topics
        model.set_word_prior(word, [eta if t in fams else 0.0 for t in range(k)])
    model.train(iterations, workers=1, show_progress=show)
    phi = np.zeros((k, len(index)))
    columns = np.array([index[word] for word in model.used_vocabs], dtype=np.int64)
    for t in range(k):
        phi[t, columns] = model.get_topic_word_dist(t)
    theta = np.array([doc.get_topic_dist() for doc in model.docs], dtype=float)
    return phi, theta


def _document_shares(
    theta: np.ndarray, weights: np.ndarray, owner: np.ndarray, n_docs: int
) -> np.ndarray:
    """Documents x topics: the token-weighted mean of the shares of each document's pieces."""
    shares = np.zeros((n_docs, theta.shape[1]))
    np.add.at(shares, owner, theta * weights[:, None])
    return shares / shares.sum(axis=1, keepdims=True)


def _align(phis: list[np.ndarray], shares: list[np.ndarray], n_seeded: int) -> list[np.ndarray]:
    """For each run, the order of its topics: the seeded ones as they are; the others matched to
    the first run's (the Hungarian algorithm on the cosine of their word distributions), then
    in the order of the first run's shares of the corpus, largest first."""
    k = phis[0].shape[0]
    seeded = np.arange(n_seeded)
    extra = np.arange(n_seeded, k)
    overall = shares[0][:, extra].mean(axis=0)
    reference = extra[np.argsort(-overall, kind="stable")]
    orders = [np.concatenate([seeded, reference])]
    if len(phis) == 1 or len(extra) == 0:
        return orders * len(phis)
    from scipy.optimize import linear_sum_assignment

    unit = [phi / np.linalg.norm(phi, axis=1, keepdims=True) for phi in phis]
    for run_unit in unit[1:]:
        cosine = unit[0][reference] @ run_unit[extra].T
        rows, cols = linear_sum_assignment(-cosine)
        matched = extra[cols[np.argsort(rows)]]
        orders.append(np.concatenate([seeded, matched]))
    return orders


# --------------------------------------------------------------------------------------------
# the tables


def _topic_words(
    phi: np.ndarray,
    topics: list[str],
    vocab: list[str],
    seed_words: dict[str, list[int]],
    top_n: int,
) -> pd.DataFrame:
    words = np.array(vocab, dtype=object)
    frames = []
    for t, topic in enumerate(topics):
        order = np.lexsort((words, -phi[t]))  # by weight, ties by word
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(1, len(order) + 1)
        seeds = np.array([t in seed_words.get(w, ()) for w in vocab], dtype=bool)
        shown = (rank <= top_n) | seeds
        picked = order[shown[order]]
        frames.append(pd.DataFrame({
            "topic": topic, "word": words[picked].astype(str), "weight": phi[t, picked],
            "rank": rank[picked], "is_seed": seeds[picked],
        }))  # fmt: skip
    return pd.concat(frames, ignore_index=True)[list(TOPIC_WORD_COLUMNS)]


def _doc_topics(
    meta: pd.DataFrame, shares: np.ndarray, sizes: np.ndarray, topics: list[str]
) -> pd.DataFrame:
    k = len(topics)
    table = meta.loc[meta.index.repeat(k)].reset_index(drop=True)
    table["topic"] = np.tile(np.array(topics, dtype=object), len(meta)).astype(str)
    table["share"] = shares.ravel()
    table["n_tokens"] = np.repeat(sizes, k).astype(np.int64)
    return table


def _group_shares(
    meta: pd.DataFrame, stacked: np.ndarray, group_cols: list[str], topics: list[str], seed: int
) -> pd.DataFrame:
    """Per group (and period): the mean share over the runs, the 95% interval of runs and
    bootstrap resamples of documents pooled, the runs' lowest and highest, and the documents."""
    rng = np.random.default_rng(seed)
    groups = meta.groupby(group_cols, dropna=False, sort=True).indices if group_cols else {
        (): np.arange(len(meta))}  # fmt: skip
    rows = []
    for key, members in groups.items():
        key = key if isinstance(key, tuple) else (key,)
        part = stacked[:, members, :]  # runs x documents x topics
        means = part.mean(axis=1)  # runs x topics
        n = len(members)
        resamples = rng.multinomial(n, np.full(n, 1.0 / n), size=SHARE_BOOTSTRAP) / n
        boot = np.einsum("bd,rdt->rbt", resamples, part).reshape(-1, len(topics))
        low, high = np.quantile(boot, [0.025, 0.975], axis=0)
        for t, topic in enumerate(topics):
            rows.append((*key, topic, float(means[:, t].mean()), float(low[t]), float(high[t]),
                         float(means[:, t].min()), float(means[:, t].max()), n))  # fmt: skip
    table = pd.DataFrame(rows, columns=[*group_cols, *SHARE_COLUMNS])
    for column in group_cols:
        if column in meta.columns and column != "period":
            table[column] = table[column].astype(meta[column].dtype)
    return table
