"""Validation: the coding sample, sheets and page, precision and agreement, corrected rates.

References: Krippendorff's alpha against Krippendorff's (2011) worked examples and the
``krippendorff`` package; the Wilson interval against SciPy; the corrected interval against the
delta method on the log scale and by its coverage over 500 simulated corpora; the packaged coded
sample against :func:`toolkit.describe_terms`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import toolkit
from toolkit.errors import CorpusWarning, ToolkitError
from toolkit.stats import corrected_rate_interval, krippendorff_alpha
from toolkit.validation import (
    SHEET_COLUMNS,
    VALIDATION_COLUMNS,
    correct_rates,
    load_coded_sample,
    sample_for_coding,
    validate_terms,
    write_coding_page,
    write_coding_sheet,
)

krippendorff = pytest.importorskip("krippendorff")

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium")
NAN = float("nan")

#: Krippendorff (2011), section C: four observers, twelve units, missing values; nominal alpha
#: 0.743, interval alpha 0.849.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
#: Krippendorff (2011), section A: two observers, ten units, binary data; alpha 0.095.
KRIPPENDORFF_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


@pytest.fixture(scope="module")
def sotu() -> pd.DataFrame:
    return toolkit.load_sotu()


@pytest.fixture(scope="module")
def sotu_hits(sotu) -> pd.DataFrame:
    """Every hit of the packaged dictionary in a quarter of SOTU, with the party."""
    return toolkit.kwic(sotu.iloc[::4], "rhetoric", window=6)


def synthetic_hits(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Synthetic kwic table: ``sizes[(source, term)]`` hits of each stratum."""
    rows = []
    for (source, term), size in sizes.items():
        for i in range(size):
            rows.append({"doc_id": f"{source}-{i // 3}", "source": source, "term": term,
                         "match": term, "left": f"left {i}", "right": f"right {i}",
                         "start": 10 * i, "end": 10 * i + len(term),
                         "in_quote": False})  # fmt: skip
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha


def test_alpha_reproduces_krippendorffs_worked_examples():
    assert krippendorff_alpha(KRIPPENDORFF_C) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(KRIPPENDORFF_C, level="interval") == pytest.approx(0.849, abs=5e-4)
    assert krippendorff_alpha(KRIPPENDORFF_A) == pytest.approx(0.095, abs=5e-4)


@pytest.mark.parametrize("level", ["nominal", "interval"])
def test_alpha_equals_the_krippendorff_package(level):
    rng = np.random.default_rng(7)
    for coders, units, values, missing in [(2, 10, 2, 0.0), (3, 40, 2, 0.2), (5, 60, 4, 0.4),
                                           (4, 12, 5, 0.3)]:  # fmt: skip
        data = rng.integers(0, values, size=(coders, units)).astype(float)
        data[rng.random(data.shape) < missing] = np.nan
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(data, level=level) == pytest.approx(expected, abs=1e-12)
    for data in (KRIPPENDORFF_A, KRIPPENDORFF_C):
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(data, level=level) == pytest.approx(expected, abs=1e-12)


def test_alpha_is_nan_when_it_cannot_be_measured():
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # one value: no expected D
    assert np.isnan(krippendorff_alpha([[1, NAN], [NAN, 0]]))  # no unit coded twice
    assert krippendorff_alpha([[1, 0, 1, 0], [1, 0, 1, 0]]) == 1.0
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(KRIPPENDORFF_A, level="ordinal")


# --------------------------------------------------------------------------------------------
# the corrected interval


def test_corrected_interval_is_the_log_scale_delta_method_at_large_counts():
    hits, tokens, relevant, coded = 5_000, 1e6, 900, 1_000
    low, high = corrected_rate_interval([hits], [tokens], [relevant], [coded], draws=40_000)
    p = relevant / coded
    rate = hits / tokens * p
    sd = np.sqrt(1 / hits + (1 - p) / (coded * p))
    z = stats.norm.ppf(0.975)
    assert low[0] == pytest.approx(rate * np.exp(-z * sd), rel=3e-3)
    assert high[0] == pytest.approx(rate * np.exp(z * sd), rel=3e-3)


def test_corrected_interval_edges_and_repeatability():
    low, high = corrected_rate_interval([0, 10, 10, 5], [1000, 1000, 0, 100], [3, 0, 3, 10],
                                        [10, 10, 10, 10])  # fmt: skip
    assert low[0] == 0 and high[0] > 0  # no hit: from 0
    assert low[1] == 0 and high[1] > 0  # no relevant hit: from 0
    assert np.isnan(low[2]) and np.isnan(high[2])  # no tokens
    assert 0 < low[3] < 0.05 < high[3]  # precision 1: the rate's own interval, about
    again = corrected_rate_interval([0, 10, 10, 5], [1000, 1000, 0, 100], [3, 0, 3, 10],
                                    [10, 10, 10, 10])  # fmt: skip
    assert np.array_equal(low, again[0], equal_nan=True)
    assert np.array_equal(high, again[1], equal_nan=True)
    wider = corrected_rate_interval([100], [1e4], [15], [20])
    narrower = corrected_rate_interval([100], [1e4], [150], [200])
    assert wider[1][0] - wider[0][0] > narrower[1][0] - narrower[0][0]  # more coded, narrower


def test_corrected_rates_cover_the_true_rate_over_500_simulated_corpora():
    """Simulated counts (synthetic): 500 corpora, each with its own true rate (5 to 500
    expected hits in 100,000 tokens), precision (0.2 to 0.99) and number of coded hits (20 to
    200), one coder. The hits are Poisson, the coded hits' labels Bernoulli; the labels go
    through validate_terms and the counts through correct_rates, as a user's would. The 95%
    intervals must cover the true corrected rate about 95% of the time."""
    rng = np.random.default_rng(2011)
    n_sim, tokens = 500, 100_000
    expected_hits = np.exp(rng.uniform(np.log(5), np.log(500), n_sim))
    precision = rng.uniform(0.2, 0.99, n_sim)
    coded = rng.integers(20, 201, n_sim)
    terms = [f"family {i:03d}" for i in range(n_sim)]
    hits = rng.poisson(expected_hits)
    counts = pd.DataFrame({"term": terms, "hits": hits, "n_tokens": tokens,
                           "per_10k": hits / tokens * 10_000})  # fmt: skip
    label_rows = []
    for term, n, p in zip(terms, coded, precision):
        relevant = rng.random(n) < p
        label_rows += [(f"d{j}", j, term, "coder", "yes" if r else "no")
                       for j, r in enumerate(relevant)]  # fmt: skip
    labels = pd.DataFrame(label_rows, columns=["doc_id", "start", "term", "coder", "relevant"])
    validation = validate_terms(labels)
    table = correct_rates(counts, validation)
    truth = expected_hits / tokens * 10_000 * precision
    covered = (table["per_10k_corrected_low"] <= truth) & (truth <= table["per_10k_corrected_high"])
    coverage = float(covered.mean())
    print(f"coverage of the corrected 95% intervals over {n_sim} simulated corpora: {coverage}")
    assert 0.92 <= coverage <= 0.98
    # the precision's own Wilson interval, for comparison
    precision_covered = (validation["precision_low"] <= precision) & (
        precision <= validation["precision_high"]
    )
    assert precision_covered.mean() >= 0.9


# --------------------------------------------------------------------------------------------
# the sample


def test_sample_is_as_even_as_the_strata_allow():
    sizes = {("A", "peace"): 50, ("A", "war"): 40, ("B", "peace"): 3, ("B", "war"): 30,
             ("C", "peace"): 0, ("C", "war"): 12}  # fmt: skip
    hits = synthetic_hits({k: v for k, v in sizes.items() if v})
    sample = sample_for_coding(hits, n=60, by="source", seed=3)
    got = sample.groupby(["source", "term"]).size().to_dict()
    assert sum(got.values()) == 60
    assert got[("B", "peace")] == 3  # all it has
    assert got[("C", "war")] == 12  # all it has
    # the rest share evenly: 45 among three strata
    assert sorted(got[k] for k in [("A", "peace"), ("A", "war"), ("B", "war")]) == [15, 15, 15]
    assert not sample.duplicated(["doc_id", "start", "term"]).any()
    # family by family, hits of one family together
    terms = sample["term"].tolist()
    assert terms == sorted(terms)
    assert list(sample.columns) == list(hits.columns)
    assert sample.index.tolist() == list(range(60))


def test_sample_is_repeatable_with_a_seed(sotu_hits):
    one = sample_for_coding(sotu_hits, n=80, by="source", seed=1)
    again = sample_for_coding(sotu_hits, n=80, by="source", seed=1)
    other = sample_for_coding(sotu_hits, n=80, by="source", seed=2)
    pd.testing.assert_frame_equal(one, again)
    assert not one[["doc_id", "start"]].equals(other[["doc_id", "start"]])
    # every party and family that has hits is in it: 7 x 7 strata at most, 80 hits
    present = sotu_hits.groupby(["source", "term"]).ngroups
    assert one.groupby(["source", "term"]).ngroups == min(present, 80)
    # the rows are rows of the kwic table
    merged = one.merge(sotu_hits, on=list(sotu_hits.columns), how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_sample_edges():
    hits = synthetic_hits({("A", "peace"): 4, ("B", "war"): 2})
    assert len(sample_for_coding(hits, n=100)) == 6  # all of them
    by_family = sample_for_coding(hits, n=4, by=None)
    assert by_family.groupby("term").size().to_dict() == {"peace": 2, "war": 2}
    with pytest.raises(ToolkitError, match=r"outlet|by="):
        sample_for_coding(hits, n=4, by="outlet")
    with pytest.raises(ToolkitError, match="n must be"):
        sample_for_coding(hits, n=0)
    with pytest.raises(ToolkitError, match="repeat"):
        sample_for_coding(pd.concat([hits, hits.head(1)]), n=3)
    with pytest.raises(ToolkitError, match="kwic"):
        sample_for_coding(hits.drop(columns="left"), n=3)


# --------------------------------------------------------------------------------------------
# the coding sheet


def test_coding_sheet_round_trip(tmp_path, sotu_hits):
    sample = sample_for_coding(sotu_hits, n=30, seed=4)
    path = write_coding_sheet(sample, tmp_path / "sheets" / "sheet.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    sheet = pd.read_csv(path, keep_default_na=False, encoding="utf-8-sig")
    assert list(sheet.columns) == list(SHEET_COLUMNS)
    assert len(sheet) == 30
    assert (sheet["coder"] == "").all() and (sheet["relevant"] == "").all()
    assert sheet["doc_id"].tolist() == sample["doc_id"].tolist()
    assert sheet["start"].tolist() == sample["start"].tolist()
    # a coder fills it in (here: every third hit not relevant, two left uncoded)
    filled = sheet.assign(coder="ann", relevant=["no" if i % 3 == 0 else "yes" for i in
                                                 range(30)])  # fmt: skip
    filled.loc[[1, 2], "relevant"] = ""
    filled.to_csv(tmp_path / "ann.csv", index=False)
    table = validate_terms(tmp_path / "ann.csv")
    assert table["n_hits"].sum() == 28
    assert table["n_relevant"].sum() == 28 - 10


def test_coding_sheet_defuses_formulas(tmp_path):
    hits = synthetic_hits({("A", "peace"): 3})
    hits.loc[0, "left"] = '=HYPERLINK("http://x")'
    hits.loc[1, "right"] = "-5 percent"
    hits.loc[2, "match"] = "@peace"
    sheet = pd.read_csv(write_coding_sheet(hits, tmp_path / "s.csv"), keep_default_na=False)
    assert sheet.loc[0, "left"] == '\'=HYPERLINK("http://x")'
    assert sheet.loc[1, "right"] == "'-5 percent"
    assert sheet.loc[2, "match"] == "'@peace"
    assert sheet.loc[1, "left"] == "left 1"


# --------------------------------------------------------------------------------------------
# precision and agreement


def labels_of(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "start", "term", "coder", "relevant"])


def test_precision_counts_each_hit_once_as_its_coders_mean():
    labels = labels_of([
        ("d1", 0, "war", "ann", "yes"), ("d1", 0, "war", "bob", "yes"),
        ("d1", 0, "war", "cy", "no"),
        ("d2", 5, "war", "ann", "no"), ("d2", 5, "war", "bob", "no"),
        ("d3", 9, "war", "ann", "y"),
        ("d4", 1, "war", "bob", 1), ("d5", 2, "war", "cy", True),
        ("d6", 3, "war", "cy", ""),  # left uncoded
    ])  # fmt: skip
    table = validate_terms(labels)
    row = table.iloc[0]
    assert list(table.columns) == list(VALIDATION_COLUMNS)
    assert row["n_hits"] == 5 and row["n_coders"] == 3 and row["n_labels"] == 8
    assert row["n_relevant"] == pytest.approx(2 / 3 + 0 + 1 + 1 + 1)
    assert row["precision"] == pytest.approx((2 / 3 + 3) / 5)
    assert row["agreement"] == 0.5  # d1 split, d2 agreed
    # alpha against the package, on the coders x hits matrix of the hits coded twice
    data = [[1, 0], [1, 0], [0, NAN]]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert row["alpha"] == pytest.approx(expected)


def test_precision_interval_is_wilsons_and_groups_are_kept_apart():
    rows = []
    for source, n, yes in [("A", 40, 31), ("B", 12, 3)]:
        rows += [(f"{source}{i}", i, "peace", "ann", "yes" if i < yes else "no", source)
                 for i in range(n)]  # fmt: skip
    labels = pd.DataFrame(rows, columns=["doc_id", "start", "term", "coder", "relevant",
                                         "source"])  # fmt: skip
    table = validate_terms(labels, by="source")
    assert table["source"].tolist() == ["A", "B"]
    for (_, row), (n, yes) in zip(table.iterrows(), [(40, 31), (12, 3)]):
        ci = stats.binomtest(yes, n).proportion_ci(method="wilson")
        assert row["precision"] == pytest.approx(yes / n)
        assert (row["precision_low"], row["precision_high"]) == pytest.approx((ci.low, ci.high))
        assert np.isnan(row["alpha"]) and np.isnan(row["agreement"])  # one coder
    pooled = validate_terms(labels)
    assert pooled["n_hits"].tolist() == [52]


def test_alpha_of_two_coders_files(tmp_path):
    """Two coders' downloads (the CSV a coding page writes) read together."""
    rng = np.random.default_rng(5)
    truth = rng.random(60) < 0.7
    for coder, noise in [("ann", 0.1), ("bob", 0.2)]:
        flip = rng.random(60) < noise
        relevant = np.where(truth ^ flip, "yes", "no")
        frame = labels_of([(f"d{i}", i, "sanctions" if i % 2 else "unity", coder, relevant[i])
                           for i in range(60)])  # fmt: skip
        frame.to_csv(tmp_path / f"{coder}.csv", index=False, encoding="utf-8-sig")
    table = validate_terms([tmp_path / "ann.csv", tmp_path / "bob.csv"])
    assert table["term"].tolist() == ["sanctions", "unity"]
    assert table["n_coders"].tolist() == [2, 2]
    both = pd.concat([pd.read_csv(tmp_path / f"{c}.csv") for c in ("ann", "bob")])
    for _, row in table.iterrows():
        mine = both[both["term"] == row["term"]]
        grid = mine.pivot(index="coder", columns="doc_id", values="relevant").eq("yes")
        expected = krippendorff.alpha(reliability_data=grid.to_numpy(dtype=float),
                                      level_of_measurement="nominal")  # fmt: skip
        assert row["alpha"] == pytest.approx(expected)
        assert 0 < row["alpha"] < 1


def test_labels_are_checked():
    good = labels_of([("d1", 0, "war", "ann", "yes")])
    with pytest.raises(ToolkitError, match="neither yes nor no"):
        validate_terms(good.assign(relevant="maybe"))
    with pytest.raises(ToolkitError, match="same coder"):
        validate_terms(pd.concat([good, good]))
    with pytest.raises(ToolkitError, match="lacks \\['coder'\\]"):
        validate_terms(good.drop(columns="coder"))
    with pytest.raises(ToolkitError, match="two values"):
        two = pd.concat([good, good.assign(coder="bob")]).assign(source=["A", "B"])
        validate_terms(two, by="source")
    with pytest.raises(ToolkitError, match="could not read"):
        validate_terms("/nonexistent/labels.csv")
    with pytest.raises(ToolkitError, match="takes a table"):
        validate_terms(42)
    empty = validate_terms(good.assign(relevant=""))
    assert empty.empty and list(empty.columns) == list(VALIDATION_COLUMNS)


def test_packaged_coded_sample_gives_describe_terms_precision():
    labels = load_coded_sample()
    assert list(labels.columns[:5]) == ["doc_id", "start", "term", "coder", "relevant"]
    assert (labels.groupby(["language", "term"])["round"].nunique() == 1).all()  # latest only
    assert len(load_coded_sample(latest=False)) >= len(labels)
    table = validate_terms(labels, by="language")
    for language, name in [("en", "rhetoric"), ("ru", "rhetoric:ru")]:
        described = toolkit.describe_terms(name).set_index("term")
        mine = table[table["language"] == language].set_index("term")
        assert mine["n_hits"].to_dict() == described["n_coded"].to_dict()
        for column in ("precision", "precision_low", "precision_high"):
            assert mine[column].to_dict() == pytest.approx(described[column].to_dict())
    with pytest.raises(ToolkitError, match="no packaged coded hits"):
        load_coded_sample("nothing")


# --------------------------------------------------------------------------------------------
# corrected rates


def test_correct_rates_multiplies_by_precision_and_matches_groups(sotu):
    corpus = sotu.iloc[::5]
    with warnings.catch_warnings():  # (the parties span different eras, and it says so)
        warnings.simplefilter("ignore", CorpusWarning)
        counts = toolkit.count_terms(corpus, "rhetoric", by="source")
    validation = validate_terms(load_coded_sample(), by="language")
    with pytest.raises(ToolkitError, match="by \\['language'\\]"):
        correct_rates(counts, validation)
    english = validation[validation["language"] == "en"].drop(columns="language")
    table = correct_rates(counts, english)
    assert list(table.columns[: len(counts.columns)]) == list(counts.columns)
    merged = counts.merge(english, on="term")
    assert np.allclose(table["per_10k_corrected"], merged["per_10k"] * merged["precision"])
    assert np.allclose(table["hits_corrected"], merged["hits"] * merged["precision"])
    inside = (table["per_10k_corrected_low"] <= table["per_10k_corrected"]) & (
        table["per_10k_corrected"] <= table["per_10k_corrected_high"]
    )
    assert inside[table["hits"] > 0].all()
    # a precision per group: matched on the group's column
    per_group = pd.concat([english.assign(source=s) for s in counts["source"].unique()])
    per_group.loc[per_group["source"] == "Whig", "precision"] = 0.5
    grouped = correct_rates(counts, per_group)
    whig = grouped[grouped["source"] == "Whig"]
    assert np.allclose(whig["per_10k_corrected"], whig["per_10k"] * 0.5)


def test_correct_rates_warns_about_families_without_precision():
    counts = pd.DataFrame({"term": ["war", "peace"], "hits": [10, 4], "n_tokens": [1000, 1000],
                           "per_10k": [100.0, 40.0]})  # fmt: skip
    validation = validate_terms(labels_of([("d1", 0, "war", "ann", "yes"),
                                           ("d2", 0, "war", "ann", "no")]))  # fmt: skip
    with pytest.warns(CorpusWarning, match="no precision for \\['peace'\\]"):
        table = correct_rates(counts, validation)
    assert table.loc[0, "per_10k_corrected"] == 50.0
    assert np.isnan(table.loc[1, "per_10k_corrected"])
    with pytest.raises(ToolkitError, match="already have"), warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        correct_rates(table, validation)


# --------------------------------------------------------------------------------------------
# the coding page


HOSTILE = ['<img src=x onerror="document.title=1">', "</script><script>alert(1)</script>",
           "a & b \u2028 c", "санкции 🕊"]  # fmt: skip


def hostile_sample() -> pd.DataFrame:
    hits = synthetic_hits({("A", "peace"): 3, ("B", "war"): 3})
    hits.loc[0, "left"] = HOSTILE[0]
    hits.loc[1, "right"] = HOSTILE[1]
    hits.loc[2, "match"] = HOSTILE[2]
    hits.loc[3, "doc_id"] = HOSTILE[3]
    return hits


def test_coding_page_is_self_contained_and_escapes_its_data(tmp_path):
    page = write_coding_page(hostile_sample(), tmp_path / "code.html", coder="ann",
                             terms={"peace": {"definition": "Peace <b>now</b>",
                                              "patterns": ["peace"]}})  # fmt: skip
    text = page.read_text("utf-8")
    assert "<img" not in text and "<script>alert(1)" not in text
    assert text.count("</script>") == 2  # the data cannot close its element
    assert "<b>now</b>" not in text
    for call in ("fetch(", "XMLHttpRequest", "import(", "WebSocket", "innerHTML",
                 "insertAdjacentHTML", "document.write", "eval("):  # fmt: skip
        assert call not in text, call
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    data = re.search(r'<script type="application/json" id="sheet">(.*?)</script>', text, re.S)
    sheet = json.loads(data[1])
    assert sheet["hits"][0]["left"] == HOSTILE[0]
    assert sheet["definitions"] == {"peace": "Peace <b>now</b>"}
    assert sheet["coder"] == "ann" and len(sheet["id"]) == 16
    # the same hits, the same sheet id (the key its labels are kept under); others, another
    again = write_coding_page(hostile_sample(), tmp_path / "again.html")
    assert json.loads(re.search(r'id="sheet">(.*?)</script>', again.read_text("utf-8"),
                                re.S)[1])["id"] == sheet["id"]  # fmt: skip
    other = write_coding_page(hostile_sample().head(5), tmp_path / "other.html")
    assert sheet["id"] not in other.read_text("utf-8")


def render(path: Path, profile: Path) -> str:
    """The page's DOM after its script ran, in headless Chromium, from file://."""
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom",
         path.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def with_keys(page: Path, target: Path, keys: list[str]) -> Path:
    """A copy of ``page`` that presses ``keys`` once loaded, then writes its CSV export and the
    card's text into the page for the test to read."""
    presses = json.dumps(keys)
    probe = (
        "<script>for (const key of " + presses + ") document.dispatchEvent("
        "new KeyboardEvent('keydown', {key, bubbles: true}));"
        "const pre = document.createElement('pre'); pre.id = 'probe';"
        "pre.textContent = codingCsv(); document.body.append(pre);</script></body>"
    )
    target.write_text(page.read_text("utf-8").replace("</body>", probe), encoding="utf-8")
    return target


def probe_csv(dom: str) -> pd.DataFrame:
    import html
    import io

    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-3000:]
    return pd.read_csv(io.StringIO(html.unescape(found[1])), dtype={"doc_id": str},
                       keep_default_na=False)  # fmt: skip


@needs_browser
def test_browser_codes_with_the_keyboard_and_exports_csv(tmp_path):
    sample = hostile_sample()
    page = write_coding_page(sample, tmp_path / "code.html", coder="ann")
    # y: 1st relevant; n: 2nd not; y: 3rd relevant; back; n: 3rd now not (on to the 4th);
    # u: the next hit not coded after it (5th); y: 5th relevant; back; Backspace: 5th cleared
    keys = ["y", "n", "y", "ArrowLeft", "n", "u", "y", "ArrowLeft", "Backspace"]
    dom = render(with_keys(page, tmp_path / "probe.html", keys), tmp_path / "profile")
    exported = probe_csv(dom)
    assert list(exported.columns) == ["doc_id", "start", "term", "coder", "relevant"]
    assert exported["relevant"].tolist() == ["yes", "no", "no"]
    assert exported["doc_id"].tolist() == sample["doc_id"].head(3).tolist()
    assert exported["start"].tolist() == sample["start"].head(3).tolist()
    assert (exported["coder"] == "ann").all()
    progress = re.search(r'<p id="progress"[^>]*data-coded="(\d+)" data-position="(\d+)">', dom)
    assert progress and progress.groups() == ("3", "4")
    assert "3 of 6 hits coded (50%), 3 to go" in dom
    # hostile text is shown as text
    assert "<img" not in dom.split('<pre id="probe">')[0].split("<body>")[1]
    # the export reads back as labels
    table = validate_terms(exported)
    assert table["n_hits"].sum() == 3


@needs_browser
def test_browser_keeps_the_labels_when_the_page_is_opened_again(tmp_path):
    page = write_coding_page(hostile_sample(), tmp_path / "code.html", coder="bob")
    profile = tmp_path / "profile"
    # Chromium writes local storage to its profile shortly after a page stores it; a browser
    # closed at once under load may not have written it yet, so the coding is done again
    # (at most three times) before the reopened page is judged.
    for _ in range(3):
        render(with_keys(page, tmp_path / "first.html", ["n", "y"]), profile)
        dom = render(with_keys(page, tmp_path / "second.html", []), profile)
        if not probe_csv(dom).empty:
            break
    assert probe_csv(dom)["relevant"].tolist() == ["no", "yes"]
    # another sheet starts empty (its own key)
    other = write_coding_page(hostile_sample().head(4), tmp_path / "other.html")
    assert probe_csv(render(with_keys(other, tmp_path / "third.html", []), profile)).empty
