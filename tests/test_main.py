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
