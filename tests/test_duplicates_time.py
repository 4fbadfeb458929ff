"""Which copy came first, and how sure that is: dates at their precision, in their zone.

The copies are synthetic: one made-up wire item, each copy with its outlet's name in front (so
that no two are identical). The dates are written as real exports write them (dev-news: a day for
the English files, Moscow minutes without a zone for RIA Novosti, UTC seconds for Telegram).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import toolkit
from toolkit.duplicates import CERTAINTIES, deduplicate, find_duplicates

WIRE = (
    "Officials from both countries met in Minsk on Tuesday to discuss grain exports, energy "
    "prices and the future of the trade agreement that the two governments signed last year, "
    "and agreed to meet again in the autumn."
)


def copies(*dates: str | None, tz: object = None, sources: list[str] | None = None):
    """A corpus of copies of WIRE, one per date (None: undated), ids c0, c1, ..."""
    sources = sources or [f"Outlet {i}" for i in range(len(dates))]
    frame = pd.DataFrame({
        "doc_id": [f"c{i}" for i in range(len(dates))], "source": sources,
        "published": list(dates), "text": [f"{s} reports. {WIRE}" for s in sources],
    })  # fmt: skip
    with warnings.catch_warnings():  # (local times without a zone are warned about: test_corpus)
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return toolkit.read_corpus(frame, tz=tz)  # type: ignore[arg-type]


def order(pairs: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(pairs["doc_id_a"], pairs["doc_id_b"], pairs["certainty"], strict=True))


def test_days_apart_are_ordered():
    pairs = find_duplicates(copies("2022-01-13", "2022-01-12"))
    assert order(pairs) == [("c1", "c0", "ordered")]
    assert (pairs.loc[0, "first_doc_id"], pairs.loc[0, "first_certainty"]) == ("c1", "ordered")


def test_two_copies_of_one_day_tie():
    pairs = find_duplicates(copies("2022-01-12", "2022-01-12"))
    assert order(pairs) == [("c0", "c1", "tie")]  # (in corpus order)
    assert (pairs.loc[0, "first_doc_id"], pairs.loc[0, "first_certainty"]) == ("c0", "tie")


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # a day is the whole day: a time on that day can be before or after it
        (("2022-01-12T09:20:00+00:00", "2022-01-12"), ("c1", "c0", "tie")),
        (("2022-01-12T23:59:59+00:00", "2022-01-12"), ("c1", "c0", "tie")),
        # ... but the day before or after is not
        (("2022-01-12T23:59:59+00:00", "2022-01-13"), ("c0", "c1", "ordered")),
        (("2022-01-13T00:00:00+00:00", "2022-01-12"), ("c1", "c0", "ordered")),
        # a minute is a minute, a second a second
        (("2022-01-12T09:20+00:00", "2022-01-12T09:20:30+00:00"), ("c0", "c1", "tie")),
        (("2022-01-12T09:21:00+00:00", "2022-01-12T09:20+00:00"), ("c1", "c0", "ordered")),
        (("2022-01-12T09:20:01Z", "2022-01-12T09:20:00Z"), ("c1", "c0", "ordered")),
        (("2022-01-12T09:20:00Z", "2022-01-12T09:20:00Z"), ("c0", "c1", "tie")),
        # a month holds its days
        (("2022-01", "2022-01-31"), ("c0", "c1", "tie")),
        (("2022-01", "2022-02-01"), ("c0", "c1", "ordered")),
    ],
)
def test_a_date_is_the_whole_span_its_precision_gives(dates, expected):
    assert order(find_duplicates(copies(*dates))) == [expected]


def test_undated_copies_are_unknown_not_last():
    corpus = copies(None, "2022-01-13", "2022-01-12")
    pairs = find_duplicates(corpus)
    assert order(pairs) == [
        ("c2", "c1", "ordered"),
        ("c0", "c2", "unknown"),  # the undated copy keeps its place in the corpus: first
        ("c0", "c1", "unknown"),
    ]
    # the cluster's first copy is the earliest dated one, and that is not certain
    assert set(pairs["first_doc_id"]) == {"c2"}
    assert set(pairs["first_certainty"]) == {"unknown"}
    with pytest.warns(toolkit.CorpusWarning, match=r"first is unknown in 1 of them"):
        kept = deduplicate(corpus, pairs=pairs)
    assert kept["doc_id"].tolist() == ["c2"]
    assert kept.attrs["removed"].to_dict("records") == [
        {"doc_id": "c0", "kept_doc_id": "c2", "first_certainty": "unknown"},
        {"doc_id": "c1", "kept_doc_id": "c2", "first_certainty": "unknown"},
    ]


def test_local_times_are_ordered_in_their_zone():
    """RIA Novosti's Moscow minute against a Telegram post's UTC second."""
    dates = ("2023-10-20T09:20", "2023-10-20T06:30:00+00:00")
    sources = ["RIA Novosti", "RIA Novosti (Telegram)"]
    moscow = find_duplicates(copies(*dates, sources=sources, tz={"RIA Novosti": "Europe/Moscow"}))
    assert order(moscow) == [("c0", "c1", "ordered")]  # 06:20 UTC, then 06:30 UTC
    same_minute = copies("2023-10-20T09:30", "2023-10-20T06:30:15+00:00", sources=sources,
                         tz={"RIA Novosti": "Europe/Moscow"})  # fmt: skip
    assert order(find_duplicates(same_minute)) == [("c0", "c1", "tie")]
    # without tz= the Moscow time is read as UTC and the order comes out wrong: read_corpus
    # warns about exactly that, and published_zone says "unknown (read as UTC)"
    assert order(find_duplicates(copies(*dates, sources=sources))) == [("c1", "c0", "ordered")]


def test_a_table_without_precision_has_the_precision_its_values_show():
    """A hand-made table (not from read_corpus): midnight reads as a day."""
    frame = pd.DataFrame({
        "doc_id": ["c0", "c1", "c2"], "source": ["A", "B", "C"],
        "published": pd.to_datetime(["2022-01-12 09:20", "2022-01-12 00:00", "2022-01-11 09:20"],
                                    utc=True),
        "text": [f"{s} reports. {WIRE}" for s in "ABC"],
    })  # fmt: skip
    pairs = find_duplicates(frame)
    assert order(pairs) == [("c2", "c1", "ordered"), ("c2", "c0", "ordered"), ("c1", "c0", "tie")]
    assert set(pairs["first_certainty"]) == {"ordered"}


def test_deduplicate_keeps_the_first_copy_and_says_where_it_is_a_tie():
    corpus = copies("2022-01-12", "2022-01-12T08:00:00+00:00", "2022-01-14")
    with pytest.warns(toolkit.CorpusWarning, match=r"removed 2 of 3 .* a tie in 1 of them"):
        kept = deduplicate(corpus)
    assert kept["doc_id"].tolist() == ["c0"]  # the day's start is earliest; not certain
    assert set(kept.attrs["removed"]["first_certainty"]) == {"tie"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        longest = deduplicate(corpus, keep="longest")
    assert longest.attrs["removed"]["first_certainty"].isna().all()
    assert set(find_duplicates(corpus)["certainty"]) <= set(CERTAINTIES)
