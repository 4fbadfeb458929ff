import re
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import toolkit
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError
from toolkit.frequency import COLUMNS, count_terms, describe_corpus

# Twenty keywords (two of them phrases), each its own family: the keyword set of the project's
# performance research, where every exact method agreed with a whole-word regex count.
KEYWORDS = [
    "sovereignty", "sovereign", "unity", "solidarity", "sanctions", "sanction", "security",
    "independence", "collective security", "united states", "west", "western", "pressure",
    "cooperation", "peace", "war", "terrorism", "freedom", "democracy", "threat",
]  # fmt: skip


@pytest.fixture(scope="module")
def sotu():
    return toolkit.load_sotu()


@pytest.fixture
def tiny():
    # Synthetic articles written for these tests; counts below are by hand.
    return toolkit.read_corpus(
        pd.DataFrame(
            {
                "doc_id": ["a1", "a2", "b1", "b2"],
                "source": ["A", "A", "B", "B"],
                "published": ["2023-01-05", "2023-03-20", "2023-01-10", "2023-01-31"],
                "text": [
                    "Sanctions and more sanctions. Unity now.",  # 6 tokens
                    "Peace talks.",  # 2 tokens
                    "The sanction regime; solidarity and unity, unity.",  # 7 tokens
                    "Nothing here at all.",  # 4 tokens
                ],
            }
        )
    )


TERMS = {"sanctions": ["sanction*"], "unity": ["unity", "solidarity"]}


def test_hand_counts_by_source(tiny):
    table = count_terms(tiny, TERMS, by="source")
    assert list(table.columns) == ["source", *COLUMNS]
    got = table.set_index(["source", "term"])
    expected = {
        ("A", "sanctions"): (2, 1, 2, 8),
        ("A", "unity"): (1, 1, 2, 8),
        ("B", "sanctions"): (1, 1, 2, 11),
        ("B", "unity"): (3, 1, 2, 11),
    }
    for key, (hits, docs_with_hit, n_docs, n_tokens) in expected.items():
        row = got.loc[key]
        assert (row.hits, row.docs_with_hit, row.n_docs, row.n_tokens) == (
            hits,
            docs_with_hit,
            n_docs,
            n_tokens,
        )
        assert row.per_10k == pytest.approx(hits / n_tokens * 10_000)
        assert row.doc_share == pytest.approx(docs_with_hit / n_docs)
        assert row.low_n  # tiny groups are flagged


def test_intervals_match_scipy(tiny):
    table = count_terms(tiny, TERMS, by="source")
    for row in table.itertuples():
        # exact Poisson: the bounds are where the tail probabilities equal 2.5 %
        low_mean = row.per_10k_low * row.n_tokens / 10_000
        high_mean = row.per_10k_high * row.n_tokens / 10_000
        if row.hits > 0:
            assert stats.poisson.sf(row.hits - 1, low_mean) == pytest.approx(0.025)
        else:
            assert low_mean == 0
        assert stats.poisson.cdf(row.hits, high_mean) == pytest.approx(0.025)
        ci = stats.binomtest(row.docs_with_hit, row.n_docs).proportion_ci(method="wilson")
        assert (row.doc_share_low, row.doc_share_high) == pytest.approx((ci.low, ci.high))


def test_no_by_and_zero_groups(tiny):
    table = count_terms(tiny, {"war": ["war"], "unity": ["unity"]})
    assert table["term"].tolist() == ["war", "unity"]
    assert table["hits"].tolist() == [0, 3]
    assert table.loc[0, "per_10k_low"] == 0
    assert table.loc[0, "per_10k_high"] > 0  # an upper bound even with no hits


def test_period_lists_empty_periods_with_zero(tiny):
    table = count_terms(tiny, TERMS, by="source", period="M")
    a = table[(table.source == "A") & (table.term == "sanctions")]
    assert a["period"].dt.strftime("%Y-%m").tolist() == ["2023-01", "2023-02", "2023-03"]
    assert a["n_docs"].tolist() == [1, 0, 1]
    assert a["hits"].tolist() == [2, 0, 0]
    assert np.isnan(a["per_10k"].iloc[1])
    b = table[(table.source == "B") & (table.term == "unity")]
    assert b["period"].dt.strftime("%Y-%m").tolist() == ["2023-01"]  # B's own span only
    assert b["hits"].tolist() == [3]


def test_bad_period_and_by(tiny):
    with pytest.raises(ToolkitError, match="period must be one of"):
        count_terms(tiny, TERMS, period="fortnight")
    with pytest.raises(CorpusError, match=r"by= names \['party'\]"):
        count_terms(tiny, TERMS, by="party")


def test_undated_and_empty_articles_are_reported_not_dropped_silently(tiny):
    corpus = tiny.copy()
    corpus.loc[1, "published"] = pd.NaT
    with pytest.warns(CorpusWarning, match="1 of 4 articles have no publication date"):
        table = count_terms(corpus, TERMS, period="Y")
    assert table["n_docs"].iloc[0] == 3
    corpus.loc[3, "text"] = ""
    with pytest.warns(CorpusWarning, match="1 of 4 documents have no text"):
        count_terms(corpus, TERMS)
    no_dates = tiny.assign(published=pd.NaT)
    with pytest.raises(CorpusError, match="needs publication dates"):
        count_terms(no_dates, TERMS, period="M")


def test_input_not_mutated(tiny):
    before = tiny.copy()
    count_terms(tiny, TERMS, by="source", period="M", variants=True)
    pd.testing.assert_frame_equal(tiny, before)


def test_variants_sum_to_hits(tiny, sotu):
    for corpus, by in [(tiny, "source"), (sotu, "source")]:
        terms = toolkit.load_dictionary("rhetoric") if corpus is sotu else TERMS
        plain = count_terms(corpus, terms, by=by)
        table = count_terms(corpus, terms, by=by, variants=True)
        sums = table.groupby([by, "term"], sort=False)["variant_hits"].sum()
        assert (sums.to_numpy() == plain["hits"].to_numpy()).all()
    tiny_table = count_terms(tiny, TERMS, by="source", variants=True)
    b_unity = tiny_table[(tiny_table.source == "B") & (tiny_table.term == "unity")]
    assert dict(zip(b_unity.variant, b_unity.variant_hits)) == {"unity": 2, "solidarity": 1}


@pytest.mark.slow
def test_agrees_with_whole_word_regex_on_real_text(sotu):
    """Each family counted by count_terms equals a per-keyword \\b...\\b regex count."""
    terms = {kw: [kw] for kw in KEYWORDS}
    table = count_terms(sotu, terms, by="source")
    got = table.groupby("term", sort=False)["hits"].sum()
    for kw in KEYWORDS:
        rx = re.compile(r"\b" + r"\s+".join(kw.split()) + r"\b", re.IGNORECASE)
        expected = sum(len(rx.findall(text)) for text in sotu["text"])
        assert got[kw] == expected, kw
    assert got["security"] > got["collective security"] > 0  # nested phrase counted in both


def test_sotu_by_party_and_decade(sotu):
    corpus = sotu.assign(decade=sotu["year"] // 10 * 10)
    table = count_terms(corpus, toolkit.load_dictionary("rhetoric"), by=["source", "decade"])
    assert set(table.columns) >= {"source", "decade", *COLUMNS}
    per_group = table.groupby(["source", "decade"])["n_docs"].first()
    assert per_group.sum() == len(sotu)
    assert (table["per_10k_low"] <= table["per_10k"]).all()
    assert (table["per_10k"] <= table["per_10k_high"]).all()


def test_describe_corpus_matches_count_terms_denominators(tiny, sotu):
    for corpus in (tiny, sotu):
        groups = describe_corpus(corpus, by="source")
        counts = count_terms(corpus, {"x": ["x"]}, by="source")
        pd.testing.assert_series_equal(groups["n_tokens"], counts["n_tokens"])
        pd.testing.assert_series_equal(groups["n_docs"], counts["n_docs"])
        first = corpus.groupby("source")["published"].min().reset_index(drop=True)
        pd.testing.assert_series_equal(groups["first"], first, check_names=False)
    total = describe_corpus(sotu)
    assert total.loc[0, "n_docs"] == len(sotu) and total.loc[0, "n_undated"] == 0
    assert total.loc[0, "last"].year == 2026


def test_describe_corpus_counts_undated_articles(tiny):
    corpus = tiny.copy()
    corpus.loc[0, "published"] = pd.NaT
    row = describe_corpus(corpus).iloc[0]
    assert row["n_undated"] == 1 and row["n_docs"] == len(tiny)
    assert row["first"] == tiny["published"].iloc[1:].min()


def test_group_columns_may_not_take_the_names_of_result_columns(tiny):
    with pytest.raises(ToolkitError, match=r"by= names \['term'\].*rename"):
        count_terms(tiny.assign(term="x"), TERMS, by="term")
    with pytest.raises(ToolkitError, match=r"by= names \['period'\]"):
        count_terms(tiny.assign(period="x"), TERMS, by="period", period="M")
    with pytest.raises(ToolkitError, match="min_docs must be a whole number"):
        count_terms(tiny, TERMS, min_docs="a")
    with pytest.raises(ToolkitError, match="min_tokens must be a whole number"):
        count_terms(tiny, TERMS, min_tokens=-1)


def test_describe_corpus_without_dates():
    table = describe_corpus(pd.DataFrame({"text": ["sanctions now", "and later"]}))  # synthetic
    assert table.loc[0, ["n_docs", "n_tokens", "n_undated"]].tolist() == [2, 4, 2]
    assert pd.isna(table.loc[0, "first"])


def test_coverage_lists_every_period_for_every_group(tiny):
    from toolkit.frequency import COVERAGE_COLUMNS, coverage

    table = coverage(tiny, period="M")
    assert list(table.columns) == ["source", *COVERAGE_COLUMNS]
    # both sources on the corpus's months, January to March, zeros where they have nothing
    assert table.groupby("source")["period"].count().to_dict() == {"A": 3, "B": 3}
    a = table[table.source == "A"]
    assert a["n_docs"].tolist() == [1, 0, 1] and a["n_tokens"].tolist() == [6, 0, 2]
    b = table[table.source == "B"]
    assert b["n_docs"].tolist() == [2, 0, 0] and b["n_tokens"].tolist() == [11, 0, 0]
    totals = describe_corpus(tiny, by="source").set_index("source")
    assert table.groupby("source")["n_tokens"].sum().to_dict() == totals["n_tokens"].to_dict()


def test_common_window_keeps_the_span_every_group_covers(tiny):
    from toolkit.frequency import common_window

    window = common_window(tiny)
    # A: 5 Jan to 20 Mar; B: 10 Jan to 31 Jan -> 10 Jan to 31 Jan
    assert window["doc_id"].tolist() == ["b1", "b2"]
    apart = tiny.assign(published=pd.to_datetime(
        ["2020-01-01", "2020-02-01", "2023-01-01", "2023-02-01"], utc=True))  # fmt: skip
    with pytest.raises(ToolkitError, match="share no span of dates"):
        common_window(apart)


def test_suggest_smoothing_pools_thin_periods():
    from toolkit.frequency import suggest_smoothing

    periods = pd.date_range("2023-01-01", periods=8, freq="MS", tz="UTC")
    table = pd.DataFrame({  # synthetic: 4,000 tokens a month in A, 20,000 in B
        "source": ["A"] * 8 + ["B"] * 8, "term": "unity", "period": list(periods) * 2,
        "n_tokens": [4_000] * 8 + [20_000] * 8, "n_docs": [10] * 16,
    })  # fmt: skip
    assert suggest_smoothing(table[table["source"] == "B"], by="source") == 1
    # by hand: pooled over k months, A has enough text from month k on only when 4,000k >= 10,000
    # (k = 3: months 3..8 = 6 of 8); with B's 8 months, k = 1 already gives 8 of 16 = half
    assert suggest_smoothing(table, by="source") == 1
    assert suggest_smoothing(table, by="source", share=0.8) == 3
    assert suggest_smoothing(table[table["source"] == "A"], by="source", max_window=2) == 2


def test_a_placeholder_date_cannot_make_a_table_of_millions_of_days(monkeypatch):
    """Synthetic articles: one dated 0001-01-01 and one 9999-12-31 (placeholders an export may
    hold) would make count_terms(period="D") list 3.65 million days; it refuses, naming them."""
    corpus = toolkit.read_corpus(
        pd.DataFrame({
            "text": ["Sanctions talk.", "More sanctions.", "Peace."],
            "source": ["a", "a", "b"],
            "published": ["0001-01-01", "2023-05-01", "9999-12-31"],
        })
    )  # fmt: skip
    family = {"sanctions": ["sanction*"]}
    with pytest.raises(CorpusError, match=r"from 0001-01-01 to 9999-12-31 .*placeholders"):
        count_terms(corpus, family, period="D")
    with pytest.raises(CorpusError, match=r"from 0001-01-01 to 2023-05-01 \(group 'a'\)"):
        count_terms(corpus, family, by="source", period="D")
    assert len(count_terms(corpus, family, period="Y")) == 9999  # years: a table of 9,999 rows
    kept = corpus[corpus["published"].between("2000-01-01", "2030-12-31")]  # as the error says
    assert len(count_terms(kept, family, period="D")) == 1
    # the rows of the final table count: every family adds a row per period
    monkeypatch.setattr(toolkit.periods, "MAX_TABLE_ROWS", 10_000)
    count_terms(corpus, family, period="Y")
    with pytest.raises(CorpusError, match="19,998 rows"):
        count_terms(corpus, {**family, "peace": ["peace"]}, period="Y")


# ---------------------------------------------------------------------------- smooth_rates


@pytest.fixture
def monthly():
    """A count_terms(period="M") table of a synthetic corpus: three sources (one missing, one
    starting late), two families, months of very different sizes, some without articles."""
    rng = np.random.default_rng(11)
    rows = []
    for s, source in enumerate(["A", "B", None]):
        for m in range(s * 2, 9):
            for a in range(int(rng.integers(0, 4))):
                words = rng.choice(["sanctions", "unity", "talks", "the", "and"], 50 + 400 * a)
                rows.append((source, f"2023-{m + 1:02d}-{a + 3:02d}", " ".join(words)))
    corpus = toolkit.read_corpus(pd.DataFrame(rows, columns=["source", "published", "text"]))
    return count_terms(corpus, TERMS, by="source", period="M")


def _pooled_by_hand(table, window, min_tokens=10_000, min_docs=5):
    """Rates of each window computed independently: pandas rolling sums per source and term,
    the exact Poisson interval from scipy's chi-square, and the Wilson formula."""
    counts = ["hits", "n_tokens", "docs_with_hit", "n_docs"]
    keyed = table.assign(_source=table["source"].fillna("<none>"))
    ordered = keyed.sort_values("period")
    pooled = ordered.groupby(["_source", "term"])[counts].transform(
        lambda c: c.rolling(window, min_periods=1).sum()
    )
    k, tokens = pooled["hits"].to_numpy(), pooled["n_tokens"].to_numpy()
    x, n = pooled["docs_with_hit"].to_numpy(), pooled["n_docs"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(0.025, 2 * k) / 2, 0.0)
        high = stats.chi2.ppf(0.975, 2 * k + 2) / 2
        z = stats.norm.ppf(0.975)
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        expected = pd.DataFrame(
            {
                "per_10k": np.where(tokens > 0, k / tokens * 10_000, np.nan),
                "per_10k_low": np.where(tokens > 0, low / tokens * 10_000, np.nan),
                "per_10k_high": np.where(tokens > 0, high / tokens * 10_000, np.nan),
                "doc_share": np.where(n > 0, p, np.nan),
                "doc_share_low": np.where(n > 0, np.clip(centre - half, 0, 1), np.nan),
                "doc_share_high": np.where(n > 0, np.clip(centre + half, 0, 1), np.nan),
                "low_n": (tokens < min_tokens) | (n < min_docs),
            },
            index=ordered.index,
        )
    return expected.loc[table.index]


@pytest.mark.parametrize("window", [1, 2, 3, 5])
def test_smooth_rates_pools_each_period_with_the_ones_before_it(monthly, window):
    from toolkit.frequency import smooth_rates

    assert monthly["source"].isna().any() and (monthly["n_docs"] == 0).any()  # the hard cases
    got = smooth_rates(monthly, window=window)
    expected = _pooled_by_hand(monthly, window)
    for column in expected.columns[:-1]:
        np.testing.assert_allclose(got[column], expected[column], rtol=1e-9, err_msg=column)
    assert got["low_n"].tolist() == expected["low_n"].tolist()
    # the table keeps its rows, order, index and counts: only the rates are the window's
    assert got.index.equals(monthly.index)
    pd.testing.assert_frame_equal(
        got.drop(columns=expected.columns), monthly.drop(columns=expected.columns)
    )


def test_smooth_rates_of_one_period_are_the_rates_count_terms_gave(monthly):
    from toolkit.frequency import smooth_rates

    pd.testing.assert_frame_equal(smooth_rates(monthly, window=1), monthly)
    shuffled = monthly.sample(frac=1, random_state=3)  # the order of rows does not matter
    pd.testing.assert_frame_equal(
        smooth_rates(shuffled, window=3), smooth_rates(monthly, window=3).loc[shuffled.index]
    )


def test_smooth_rates_flag_low_n_with_the_given_thresholds(monthly):
    from toolkit.frequency import smooth_rates

    default = smooth_rates(monthly, window=2)
    lenient = smooth_rates(monthly, window=2, min_tokens=500, min_docs=1)
    assert lenient["low_n"].sum() < default["low_n"].sum()  # min_tokens and min_docs count
    assert lenient["low_n"].tolist() == _pooled_by_hand(monthly, 2, 500, 1)["low_n"].tolist()
    strict = smooth_rates(monthly, window=2, min_tokens=10**9)
    assert strict["low_n"].all()
    np.testing.assert_allclose(strict["per_10k"], default["per_10k"])  # the rates are the same
    # the same thresholds as count_terms: with one period, count_terms(min_tokens=...) itself
    assert (
        smooth_rates(monthly, window=1, min_tokens=500, min_docs=1)["low_n"].tolist()
        == ((monthly["n_tokens"] < 500) | (monthly["n_docs"] < 1)).tolist()
    )


def test_smooth_rates_groups_by_the_columns_count_terms_added(monthly):
    from toolkit.frequency import smooth_rates

    pd.testing.assert_frame_equal(
        smooth_rates(monthly, window=3), smooth_rates(monthly, window=3, by="source")
    )
    one = monthly[monthly["source"] == "A"].drop(columns="source")
    np.testing.assert_allclose(
        smooth_rates(one, window=3, by=[])["per_10k"],
        smooth_rates(monthly, window=3).loc[one.index, "per_10k"],
    )


def test_smooth_rates_says_what_is_wrong(monthly):
    from toolkit.frequency import smooth_rates

    with pytest.raises(ToolkitError, match="window must be a whole number >= 1"):
        smooth_rates(monthly, window=0)
    with pytest.raises(ToolkitError, match=r"lacks \['n_tokens'\]"):
        smooth_rates(monthly.drop(columns="n_tokens"), window=2)
    with pytest.raises(ToolkitError, match="one row per surface variant"):
        smooth_rates(monthly.assign(variant="x"), window=2)
    with pytest.raises(ToolkitError, match=r"by= names \['party'\]"):
        smooth_rates(monthly, window=2, by="party")
    with pytest.raises(ToolkitError, match="min_tokens must be"):
        smooth_rates(monthly, window=2, min_tokens=-1)


# --- hits inside recurring passages ------------------------------------------------------------

#: Families for the recurring-passage tests (the words of TASS's stock paragraphs of early 2022).
STOCK = {"west": ["west", "western*", "nato"], "security": ["security", "threat*"]}
#: A stock sentence of TASS (17 real articles): one hit of ``west``, none of ``security``.
ECHOING = (
    "The West and Kiev have recently been echoing allegations about Russia's potential "
    "invasion of Ukraine."
)


@pytest.fixture(scope="module")
def tass(dev_news):
    """The 700 real TASS articles of the development corpus (one line each)."""
    return dev_news[dev_news["source"] == "TASS"].reset_index(drop=True)


@pytest.fixture(scope="module")
def tass_passages(tass):
    return toolkit.find_boilerplate(tass, unit="sentence")


def test_hits_inside_recurring_passages_match_a_hand_count(tass, tass_passages):
    """Counted by hand: every occurrence of every recurring TASS sentence (str.find), and the
    hits of kwic that lie inside one. 31 west hits (the 'West and Kiev' sentences) and 25
    security hits (the Peskov paragraph: 'did not pose any threat')."""
    table = count_terms(tass, STOCK, by="source", recurring=tass_passages)
    assert list(table.columns) == ["source", *COLUMNS, "hits_recurring", "recurring_share"]
    hits = toolkit.kwic(tass, STOCK, window=0)
    by_hand = {"west": 0, "security": 0}
    for doc_id, text in zip(tass["doc_id"], tass["text"]):
        spans = []
        for passage in tass_passages["passage"]:
            at = text.find(passage)
            while at >= 0:
                spans.append((at, at + len(passage)))
                at = text.find(passage, at + 1)
        for hit in hits[hits["doc_id"] == doc_id].itertuples():
            by_hand[hit.term] += any(a <= hit.start and hit.end <= b for a, b in spans)
    got = table.set_index("term")
    assert got["hits_recurring"].to_dict() == by_hand == {"west": 31, "security": 25}
    assert got.loc["west", "hits"] == (hits["term"] == "west").sum()
    assert got["recurring_share"].tolist() == (got["hits_recurring"] / got["hits"]).tolist()


def test_one_stock_sentence_given_as_text(tass):
    table = count_terms(tass, STOCK, recurring=[ECHOING]).set_index("term")
    assert int(tass["text"].str.contains(ECHOING, regex=False).sum()) == 17
    assert table["hits_recurring"].to_dict() == {"west": 17, "security": 0}
    # white space inside a passage may differ (one line, or paragraphs and double spaces)
    spaced = tass.assign(text=tass["text"].str.replace("have recently", "have\n  recently"))
    again = count_terms(spaced, STOCK, recurring=[ECHOING]).set_index("term")
    assert again["hits_recurring"].to_dict() == {"west": 17, "security": 0}


def test_recurring_passages_are_looked_for_in_their_own_group(tass, tass_passages):
    """Passages found by source apply to that source's articles only, whatever count_terms
    groups by (no group, or by period)."""
    other = tass.assign(source="Not TASS", doc_id=tass["doc_id"] + "-copy")
    both = pd.concat([tass, other], ignore_index=True)
    table = count_terms(both, STOCK, by="source", recurring=tass_passages).set_index(
        ["source", "term"]
    )
    assert table.loc["TASS"]["hits_recurring"].to_dict() == {"west": 31, "security": 25}
    assert (table.loc["Not TASS"]["hits_recurring"] == 0).all()
    pooled = count_terms(both, STOCK, recurring=tass_passages).set_index("term")
    assert pooled["hits_recurring"].to_dict() == {"west": 31, "security": 25}
    monthly = count_terms(tass, STOCK, period="M", recurring=tass_passages)
    assert monthly.groupby("term")["hits_recurring"].sum().to_dict() == {"west": 31, "security": 25}


def test_recurring_hits_are_the_same_on_chunks_and_by_the_step(tass, tass_passages):
    table = count_terms(tass, STOCK, by="source", recurring=tass_passages)
    chunks = [tass.iloc[:300], tass.iloc[300:]]
    pd.testing.assert_frame_equal(
        count_terms(chunks, STOCK, by="source", recurring=tass_passages), table
    )
    step = count_terms(tass, STOCK, by="source", recurring=tass_passages, variants=True)
    step = step.drop_duplicates(["source", "term"])[table.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(step, table)  # the per-document step gives the batch's numbers


def test_recurring_without_hits_and_wrong_values(tiny):
    table = count_terms(tiny, TERMS, recurring=[])
    assert table["hits_recurring"].tolist() == [0, 0]
    assert table["recurring_share"].tolist() == [0.0, 0.0]
    none = count_terms(tiny.iloc[3:], TERMS, recurring=["Nothing here at all."])
    assert none["recurring_share"].isna().all()  # no hits: no share
    with pytest.raises(ToolkitError, match=r"recurring=\['Unity now\.'\] for one passage"):
        count_terms(tiny, TERMS, recurring="Unity now.")
    with pytest.raises(ToolkitError, match="a 'passage' column"):
        count_terms(tiny, TERMS, recurring=pd.DataFrame({"text": ["x"]}))
    with pytest.raises(CorpusError, match="meta= names"):
        count_terms(tiny, TERMS, recurring=pd.DataFrame({"outlet": ["A"], "passage": ["x"]}))


def test_smooth_rates_keeps_the_recurring_columns_out_of_the_groups(tiny):
    from toolkit.frequency import smooth_rates

    table = count_terms(tiny, TERMS, by="source", period="M", recurring=["Unity now."])
    plain = count_terms(tiny, TERMS, by="source", period="M")
    smoothed = smooth_rates(table, window=2)
    pd.testing.assert_frame_equal(smoothed[plain.columns], smooth_rates(plain, window=2))


# --- by voice and by speaker -------------------------------------------------------------------

#: Families with English and Russian patterns alike (no languages: every article is counted).
VOICED = {
    "sanctions": ["sanction*", "санкци*"],
    "unity": ["unity", "solidarity", "единств*"],
    "nato": ["nato", "нато"],
    "security": ["security", "безопасност*"],
}


@pytest.fixture(scope="module")
def voiced(dev_news):
    """Every 40th article of the real development corpus (English and Russian, 16 outlets)."""
    return dev_news.iloc[::40].reset_index(drop=True)


def _tokens_by_hand(corpus, columns):
    """Tokens per (source, *voice columns), each token in the voice at its first character,
    from voice_spans and the token rule directly."""
    from toolkit.text import TOKEN_RE
    from toolkit.voice import voice_of, voice_spans

    counts: dict = {}
    for text, source, language in zip(corpus["text"], corpus["source"], corpus["language"]):
        spans = voice_spans(text, language=language, outlet=source)
        starts = [m.start() for m in TOKEN_RE.finditer(text)]
        for said in voice_of(spans, starts):
            key = (source, *(getattr(said, c) for c in columns))
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
def test_by_voice_agrees_with_kwic_and_with_tokens_counted_by_hand(voiced):
    table = count_terms(voiced, VOICED, by=["source", "voice"])
    assert list(table.columns) == ["source", "voice", *COLUMNS]
    # every group lists the three voices, for every family
    listed = table.groupby(["source", "term"])["voice"].agg(tuple)
    assert set(listed) == {("outlet", "quote", "reported")}
    hits = toolkit.kwic(voiced, VOICED, window=0, voice=True)
    by_kwic = hits.groupby(["source", "voice", "term"]).size()
    got = table.set_index(["source", "voice", "term"])["hits"]
    assert got[got > 0].to_dict() == by_kwic.to_dict()
    assert by_kwic.index.get_level_values("voice").nunique() == 3  # real text has all three
    by_hand = _tokens_by_hand(voiced, ["voice"])
    tokens = table[table["term"] == "unity"].set_index(["source", "voice"])["n_tokens"]
    assert {k: v for k, v in tokens.items() if v} == by_hand
    docs = hits.groupby(["source", "voice", "term"])["doc_id"].nunique()
    with_hit = table.set_index(["source", "voice", "term"])["docs_with_hit"]
    assert with_hit[with_hit > 0].to_dict() == docs.to_dict()
    # the voices add up to the counts without voice
    plain = count_terms(voiced, VOICED, by="source").set_index(["source", "term"]).sort_index()
    summed = table.groupby(["source", "term"])[["hits", "docs_with_hit", "n_tokens"]].sum()
    pd.testing.assert_series_equal(summed["hits"], plain["hits"])
    pd.testing.assert_series_equal(summed["n_tokens"], plain["n_tokens"])
    assert (summed["docs_with_hit"] >= plain["docs_with_hit"]).all()
    voiced_rows = table[table["n_tokens"] > 0]
    assert voiced_rows["per_10k"].tolist() == pytest.approx(
        (voiced_rows["hits"] / voiced_rows["n_tokens"] * 10_000).tolist()
    )


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
def test_by_speaker_agrees_with_kwic(voiced):
    table = count_terms(voiced, VOICED, by=["source", "voice", "speaker"])
    hits = toolkit.kwic(voiced, VOICED, window=0, voice=True)
    by_kwic = hits.groupby(["source", "voice", "speaker", "term"]).size()
    got = table.set_index(["source", "voice", "speaker", "term"])["hits"]
    assert got[got > 0].to_dict() == by_kwic.to_dict()
    assert table.loc[table["voice"] == "outlet", "speaker"].eq("").all()
    # the tokens by hand, each article's speakers under the names the table gives them (a
    # surname alone as the longer name: full_speaker_names of the hits' speakers as written,
    # with the full names of the speakers of every article with a hit)
    from collections import Counter

    from toolkit.voice import full_speaker_names, spoken_names, voice_of, voice_spans

    written: Counter = Counter()
    texts = voiced.set_index("doc_id")
    for doc_id, group in hits[hits["voice"] != "outlet"].groupby("doc_id"):
        row = texts.loc[doc_id]
        spans = voice_spans(row["text"], language=row["language"], outlet=row["source"])
        written.update(said.speaker for said in voice_of(spans, group["start"].tolist()))
    raw = _tokens_by_hand(voiced, ["voice", "speaker"])
    for _source, _said, speaker in raw:
        written[speaker] = written.get(speaker, 0)  # (a speaker without a hit, named too)
    also: Counter = Counter()
    for doc_id in hits["doc_id"].unique():
        row = texts.loc[doc_id]
        spans = voice_spans(row["text"], language=row["language"], outlet=row["source"])
        also.update(spoken_names(spans))
    full = full_speaker_names(written, also=also)
    by_hand: dict = {}
    for (source, said, speaker), n in raw.items():
        key = (source, said, full.get(speaker, speaker))
        by_hand[key] = by_hand.get(key, 0) + n
    tokens = table[table["term"] == "nato"].set_index(["source", "voice", "speaker"])["n_tokens"]
    assert {k: v for k, v in tokens.items() if v} == by_hand
    speaker_only = count_terms(voiced, VOICED, by="speaker")
    assert list(speaker_only.columns) == ["speaker", *COLUMNS]
    pooled = table.groupby(["speaker", "term"])["hits"].sum()
    assert speaker_only.set_index(["speaker", "term"])["hits"].to_dict() == pooled.to_dict()


def test_by_speaker_counts_a_surname_with_the_full_name_as_kwic_and_speakers_do():
    corpus = toolkit.read_corpus(pd.DataFrame({"source": ["Herald", "Post", "Post"], "text": [
        "Russian President Vladimir Putin said the sanctions had failed.",
        "Putin said the sanctions would fail, and more sanctions would fail too.",
        "The sanctions will work, Joe Biden said.",
    ]}))  # synthetic  # fmt: skip
    terms = {"sanctions": ["sanctions"]}
    table = count_terms(corpus, terms, by="speaker")
    hits = table.set_index("speaker")["hits"].to_dict()
    assert hits == {"": 0, "Joe Biden": 1, "Vladimir Putin": 3}
    assert table.set_index("speaker").loc["Vladimir Putin", "n_docs"] == 2
    listed = toolkit.speakers(corpus, terms).groupby("speaker")["hits"].sum()
    assert listed.to_dict() == {k: v for k, v in hits.items() if k}
    shown = toolkit.kwic(corpus, terms, voice=True)["speaker"].value_counts()
    assert shown.to_dict() == {k: v for k, v in hits.items() if k}


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
def test_by_voice_and_period(voiced):
    monthly = count_terms(voiced, VOICED, by=["voice", "source"], period="M")
    assert list(monthly.columns[:3]) == ["voice", "source", "period"]
    whole = (
        count_terms(voiced, VOICED, by=["voice", "source"])
        .set_index(["voice", "source", "term"])
        .sort_index()
    )
    summed = monthly.groupby(["voice", "source", "term"])[["hits", "n_tokens"]].sum()
    pd.testing.assert_frame_equal(summed, whole[["hits", "n_tokens"]])


def test_by_voice_by_hand_on_a_synthetic_text():
    corpus = toolkit.read_corpus(pd.DataFrame({"source": ["Herald"], "text": [  # synthetic
        "Ivanov spoke on Monday. “Sanctions never work,” Ivanov said. He said sanctions hurt "
        "farmers. The outlet counts sanctions too."
    ]}))  # fmt: skip
    table = count_terms(corpus, {"sanctions": ["sanction*"]}, by="voice").set_index("voice")
    assert table["hits"].to_dict() == {"outlet": 1, "quote": 1, "reported": 1}
    # tokens: “Sanctions never work,” (3), "sanctions hurt farmers." (3), the other 13 words
    assert table["n_tokens"].to_dict() == {"outlet": 13, "quote": 3, "reported": 3}
    assert table["n_docs"].tolist() == [1, 1, 1]


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
@settings(max_examples=8, deadline=None)
@given(cuts=st.lists(st.integers(1, 180), max_size=4))
def test_by_voice_is_the_same_on_chunks(voiced, cuts):
    """The real articles cut into chunks at random places (and as a Dask DataFrame): the same
    table as the whole frame."""
    corpus = voiced.iloc[:180]
    expected = count_terms(corpus, VOICED, by=["source", "voice"], period="Y")
    bounds = sorted({0, len(corpus), *cuts})
    chunks = [corpus.iloc[lo:hi] for lo, hi in pairwise(bounds)]
    pd.testing.assert_frame_equal(
        count_terms(chunks, VOICED, by=["source", "voice"], period="Y"), expected
    )


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
def test_by_voice_on_dask_and_on_a_step_per_document(voiced, monkeypatch):
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    corpus = voiced.iloc[:90]
    expected = count_terms(corpus, VOICED, by=["source", "speaker"])
    with dask.config.set(scheduler="synchronous"):
        got = count_terms(dd.from_pandas(corpus, npartitions=3), VOICED, by=["source", "speaker"])
    pd.testing.assert_frame_equal(got, expected)
    # the batch step (the scanner's counts, then where the hits are) is the per-document step
    from toolkit import frequency
    from toolkit.engine import Analysis

    def without_batch(*args, **kwargs):
        return Analysis(*args, **{**kwargs, "batch": None})

    for by in (["source", "speaker"], ["voice"]):
        batched = count_terms(corpus, "rhetoric:all", by=by)
        with monkeypatch.context() as patched:
            patched.setattr(frequency, "Analysis", without_batch)
            stepped = count_terms(corpus, "rhetoric:all", by=by)
        pd.testing.assert_frame_equal(stepped, batched)
        assert batched["hits"].sum() > 0


@pytest.mark.filterwarnings("ignore:count_terms....the groups were published")
def test_by_voice_says_what_is_wrong(tiny):
    with pytest.raises(ToolkitError, match="corpus has a column of that name"):
        count_terms(tiny.assign(voice="x"), TERMS, by="voice")
    with pytest.raises(ToolkitError, match="variants=True is not available by voice"):
        count_terms(tiny, TERMS, by="voice", variants=True)
    before = tiny.copy()
    count_terms(tiny, TERMS, by=["source", "voice"])
    pd.testing.assert_frame_equal(tiny, before)


def test_recurring_hits_by_voice_add_up_to_those_without(tass, tass_passages):
    table = count_terms(tass, STOCK, by=["source", "voice"], recurring=tass_passages)
    plain = count_terms(tass, STOCK, by="source", recurring=tass_passages).set_index("term")
    summed = table.groupby("term")[["hits", "hits_recurring"]].sum()
    assert summed["hits_recurring"].to_dict() == plain["hits_recurring"].to_dict()
    assert summed["hits"].to_dict() == plain["hits"].to_dict()
    # the stock sentence ("The West and Kiev have recently been echoing allegations ...") is
    # TASS's own narration: its hits are in the outlet's voice
    outlet = table[table["voice"] == "outlet"].set_index("term")
    assert outlet.loc["west", "hits_recurring"] >= 17


def test_a_group_named_twice_is_an_error_that_says_so():
    with pytest.raises(ToolkitError, match="more than once"):
        toolkit.count_terms(toolkit.load_sample(), {"unity": ["unity"]}, by=["voice", "voice"])
