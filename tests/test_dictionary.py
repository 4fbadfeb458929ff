"""Tests of the packaged rhetoric dictionary and its published precision.

The coded samples (``toolkit/resources/validation/rhetoric.csv``) are hits of the real
development corpus read and coded by hand; the sentences written in these tests are synthetic.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections import Counter
from importlib import resources

import pandas as pd
import pytest

from toolkit.terms import TermMatcher, describe_terms, load_dictionary

LANGUAGES = {"en": "rhetoric", "ru": "rhetoric:ru"}
COLUMNS = [
    "language", "term", "round", "doc_url", "source", "start", "end", "match", "left", "right",
    "relevant", "reason",
]  # fmt: skip

#: A fingerprint of the patterns (and case rule) of every family whose sample was coded. A family
#: whose patterns change needs a fresh coded sample (resources/validation/README.md) before its
#: fingerprint here is updated: the published precision is that of the patterns coded.
CODED_PATTERNS = {
    ("en", "sovereignty"): "cccc1021084b",
    ("en", "unity"): "972e7b3b36c9",
    ("en", "sanctions"): "b10a85789f8e",
    ("en", "security"): "cbd2a208f24c",
    ("en", "west"): "5406a76a928c",
    ("en", "peace"): "d38230e67ed0",
    ("en", "independence"): "3e0c0b99270b",
    ("ru", "sovereignty"): "199f90a77270",
    ("ru", "unity"): "b1ae79351cf8",
    ("ru", "sanctions"): "8897e3699723",
    ("ru", "security"): "7276c44bfd8f",
    ("ru", "west"): "8a7476a608eb",
    ("ru", "peace"): "9be637c0fdfa",
    ("ru", "independence"): "24887d9de611",
}


def fingerprint(family) -> str:
    text = "\n".join(family.patterns) + f"\ncase_sensitive={family.case_sensitive}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def coded_rows() -> list[dict[str, str]]:
    sample = resources.files("toolkit.resources").joinpath("validation", "rhetoric.csv")
    return list(csv.DictReader(io.StringIO(sample.read_text("utf-8"), newline="")))


def latest(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of the latest round of each family (the sample its precision comes from)."""
    last: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["language"], row["term"])
        last[key] = max(last.get(key, 0), int(row["round"]))
    return [r for r in rows if int(r["round"]) == last[r["language"], r["term"]]]


def test_coded_sample_is_well_formed():
    rows = coded_rows()
    assert list(rows[0]) == COLUMNS
    for row in rows:
        assert row["language"] in LANGUAGES and row["round"] in ("1", "2"), row
        assert row["relevant"] in ("yes", "no"), row
        assert bool(row["reason"]) == (row["relevant"] == "no"), row  # a reason for every no
        assert int(row["end"]) - int(row["start"]) == len(row["match"]) > 0, row
        assert row["doc_url"] and row["source"], row
    keys = [(r["language"], r["doc_url"], r["start"], r["round"]) for r in rows]
    assert len(set(keys)) == len(keys)  # no hit coded twice in one round
    # every family of the dictionary, in both languages, has a coded sample
    coded = {(r["language"], r["term"]) for r in rows}
    for lang, name in LANGUAGES.items():
        assert {(lang, f.name) for f in load_dictionary("rhetoric", lang=lang)} <= coded, name


def test_the_coded_patterns_are_the_packaged_ones():
    for lang in LANGUAGES:
        for family in load_dictionary("rhetoric", lang=lang):
            assert fingerprint(family) == CODED_PATTERNS[lang, family.name], (
                f"the {lang} patterns of {family.name!r} changed since they were coded: code a "
                "fresh sample (toolkit/resources/validation/README.md), then update CODED_PATTERNS"
            )


def test_every_coded_hit_is_a_hit_of_its_family():
    """Without the corpus: the text of every coded hit of the latest round is, on its own, one
    whole hit of the family as packaged (so no coded hit comes from a pattern since removed)."""
    families = {
        (lang, f.name): TermMatcher([f])
        for lang in LANGUAGES
        for f in load_dictionary("rhetoric", lang=lang)
    }
    for row in latest(coded_rows()):
        hits = families[row["language"], row["term"]].hits(row["match"])
        assert [(h.start, h.end) for h in hits] == [(0, len(row["match"]))], row


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_precision_columns_equal_a_hand_count_from_the_csv(lang):
    rows = latest(coded_rows())
    coded = Counter(r["term"] for r in rows if r["language"] == lang)
    relevant = Counter(r["term"] for r in rows if r["language"] == lang and r["relevant"] == "yes")
    table = describe_terms(LANGUAGES[lang]).set_index("term")
    assert set(table.index) == set(coded)
    for term, n in coded.items():
        assert table.loc[term, "n_coded"] == n
        assert table.loc[term, "precision"] == pytest.approx(relevant[term] / n)
        assert table.loc[term, "precision_low"] < table.loc[term, "precision"] or (
            relevant[term] == 0
        )
        assert table.loc[term, "precision"] <= table.loc[term, "precision_high"] <= 1


def test_precision_interval_is_wilsons():
    """The interval, by hand from Wilson's formula, z the 97.5th percentile of the normal."""
    z = 1.959963984540054
    table = describe_terms("rhetoric").set_index("term")
    for term in table.index:
        x, n = table.loc[term, "precision"] * table.loc[term, "n_coded"], table.loc[term, "n_coded"]
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        assert table.loc[term, "precision_low"] == pytest.approx(max(centre - half, 0), abs=1e-12)
        assert table.loc[term, "precision_high"] == pytest.approx(min(centre + half, 1), abs=1e-12)
    # a worked number: 55 of 60 hits of "independence" relevant
    assert table.loc["independence", "n_coded"] == 60
    assert round(table.loc["independence", "precision_low"], 4) == 0.8193
    assert round(table.loc["independence", "precision_high"], 4) == 0.9639


def test_precision_is_nan_without_a_coded_sample():
    mine = describe_terms({"unity": ["unity", "solidarity"], "west": ["west"]})
    assert mine["n_coded"].tolist() == [0, 0]
    assert mine[["precision", "precision_low", "precision_high"]].isna().all().all()
    # a packaged family changed (one pattern fewer) is not the family that was coded
    west = next(f for f in load_dictionary("rhetoric") if f.name == "west")
    changed = describe_terms({"west": {"patterns": list(west.patterns[:-1]),
                                       "case_sensitive": True}})  # fmt: skip
    assert changed.loc[0, "n_coded"] == 0 and pd.isna(changed.loc[0, "precision"])
    # the same patterns under the same name are: precision belongs to the patterns
    same = describe_terms({"west": {"patterns": list(west.patterns), "case_sensitive": True}})
    assert same.loc[0, "n_coded"] == 100


def test_the_coded_spans_are_in_the_development_corpus(dev_news):
    """Every coded hit, read back from the real corpus: the text at its offsets is its match,
    and the hits of the latest round are hits the packaged family finds there."""
    texts = dict(zip(dev_news["url"], dev_news["text"], strict=True))
    languages = dict(zip(dev_news["url"], dev_news["language"], strict=True))
    families = {
        (lang, f.name): TermMatcher([f])
        for lang in LANGUAGES
        for f in load_dictionary("rhetoric", lang=lang)
    }
    rows = coded_rows()
    current = {id(r) for r in latest(rows)}
    for row in rows:
        text = texts[row["doc_url"]]
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end] == row["match"], row
        assert languages[row["doc_url"]] == row["language"], row
        if id(row) in current:
            hits = families[row["language"], row["term"]].hits(text)
            assert (start, end) in {(h.start, h.end) for h in hits}, row


def forms(lang: str, family: str, text: str) -> list[str]:
    """The surface forms the packaged family finds in ``text``."""
    matcher = TermMatcher([f for f in load_dictionary("rhetoric", lang=lang) if f.name == family])
    return [text[h.start : h.end] for h in matcher.hits(text)]


def test_west_counts_the_us_and_never_the_pronoun():
    # synthetic sentences
    text = (
        "Let us say the US, the U.S. and the U.S.-led coalition told us so; US-Russia talks. "
        "WASHINGTON (AP) - the West and Western allies met west of Kyiv; the EU and Nato too."
    )
    assert forms("en", "west", text) == [
        "US", "U.S.", "U.S.-led", "US-Russia", "West", "Western", "EU", "Nato",
    ]  # fmt: skip
    assert load_dictionary("rhetoric")[4].case_sensitive  # the YAML's case rule is loaded
    assert describe_terms("rhetoric").set_index("term").loc["west", "case_sensitive"]


def test_revised_families_leave_out_the_false_friends():
    # synthetic sentences, each built around a false friend found in real news
    assert forms("en", "sovereignty", "The Kyiv Independent could not independently verify.") == []
    assert forms("en", "independence", "The Kyiv Independent, an independent outlet.") == []
    assert forms("en", "independence", "Ukraine's independence") == ["independence"]
    assert forms("en", "sovereignty", "Ukraine's sovereignty") == ["sovereignty"]
    assert forms("en", "sanctions", "Pressure mounts; coercion and pressured talks.") == []
    assert forms("en", "sanctions", "New sanctions and an embargo.") == ["sanctions", "embargo"]
    assert forms("en", "unity", "They consolidated their positions.") == []
    assert forms("en", "peace", "Price stability and financial stability.") == []
    assert forms("en", "peace", "Talks on strategic stability.") == ["strategic stability"]
    assert forms("ru", "unity", "Единственный и единственная возможность.") == []
    assert forms("ru", "unity", "День народного единства.") == ["народного единства"]
    assert forms("ru", "sovereignty", "независимо от погоды") == []
    assert forms("ru", "sanctions", "Давление на Киев и блокада Ленинграда.") == []
    assert forms("ru", "peace", "Мирные жители со всего мира.") == []
    assert forms("ru", "peace", "Начались мирные переговоры.") == ["мирные переговоры"]
    assert forms("ru", "security", "Правила пожарной безопасности.") == []
    assert forms("ru", "security", "Совет национальной безопасности.") == [
        "национальной безопасности"
    ]
    assert forms("ru", "west", "На западе страны и западнее Покровска.") == []
    assert forms("ru", "west", "Запад, США и западные санкции.") == ["Запад", "США", "западные"]
