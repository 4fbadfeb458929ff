import subprocess
import sys

import toolkit
from toolkit.__main__ import main, summary


def test_summary_reports_the_sample_and_sotu_by_party():
    text = summary()
    sample = toolkit.count_terms(
        toolkit.load_sample(),
        {
            "sovereignty": ["sovereign*"],
            "unity": ["unity", "solidarity"],
            "sanctions": ["sanction*"],
        },
    )
    counts = dict(zip(sample["term"], sample["hits"]))
    expected = f"sovereignty: {counts['sovereignty']}, unity: {counts['unity']}"
    assert expected in text
    assert "Democratic (n=93)" in text and "Republican (n=92)" in text
    assert "hits per 10,000 tokens" in text


def test_errors_are_one_line_messages_with_exit_code_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No corpus at") and "Traceback" not in err


def test_module_runs_as_a_command():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "--terms" in done.stdout and "rhetoric:ru" in done.stdout


def test_columns_option_is_parsed_and_checked(tmp_path, capsys):
    from toolkit.__main__ import parse_columns

    assert parse_columns("text=Body,published=Date") == {"text": "Body", "published": "Date"}
    assert parse_columns(None) is None
    corpus = tmp_path / "c.csv"
    corpus.write_text("Body\nUnity.\n", "utf-8")  # synthetic
    assert main(["report", str(corpus), "--columns", "text", "--out", str(tmp_path / "r")]) == 2
    assert "--columns takes canonical=input pairs" in capsys.readouterr().err


def test_report_help_lists_the_reading_options():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", "--help"], capture_output=True, text=True
    )
    for option in (
        "--source",
        "--columns",
        "--dates",
        "--tz",
        "--no-clean",
        "--strip-found",
        "--deduplicate",
    ):
        assert option in done.stdout, option


def test_report_checks_its_options_before_running(tmp_path, capsys):
    """A bad option fails at once (no notebook is run), naming what the corpus has."""
    import time

    from toolkit.__main__ import main

    corpus = tmp_path / "x.csv"
    corpus.write_text(  # synthetic
        "Source Name,Date,Content\nTASS,2023-05-18,Unity and sovereignty.\nBBC,2023-05-19,Talks.\n",
        "utf-8",
    )
    cases = [
        (
            ["--by", "outlet"],
            "--by 'outlet': the corpus has no such column. Its columns: doc_id, source",
        ),
        (["--period", "month"], "period must be one of"),
        (["--terms", "nosuch"], "neither a packaged dictionary"),
        (["--target", "RT"], "--target 'RT' is not a value of 'source': BBC, TASS"),
        (["--stopwords", "de"], "Language 'de' is not supported"),
    ]
    for options, message in cases:
        start = time.monotonic()
        code = main(["report", str(corpus), *options, "--out", str(tmp_path / "r")])
        assert time.monotonic() - start < 5  # fails before any notebook starts
        assert code == 2
        assert message in capsys.readouterr().err, options
    assert not (tmp_path / "r").exists()
