"""ReportOptions: the one definition of the report's settings, for the CLI and notebook 05."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import nbformat
import pytest

from toolkit.errors import ToolkitError
from toolkit.report.options import ReportOptions, add_arguments, parameters_cell

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "05_your_own_corpus.ipynb"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser


def test_every_field_is_a_flag_with_its_default():
    options = ReportOptions.from_arguments(parser().parse_args(["sotu"]))
    assert options == ReportOptions(corpus="sotu")
    flags = {a.dest for a in parser()._actions} - {"help"}
    assert flags == {f.name for f in dataclasses.fields(ReportOptions)}


def test_flags_reach_the_options():
    args = parser().parse_args(
        ["a.csv", "--by", "outlet", "--period", "Q", "--since", "2022-02-24", "--until",
         "2022-12-31", "--common-window", "--no-clean", "--strip-found", "--deduplicate",
         "--target", "TASS", "--stopwords", "none", "--window", "5", "--formats", "svg,png",
         "--columns", "text=Body,published=Date", "--tz", "TASS=Europe/Moscow,RT=Europe/Moscow",
         "--out", "r"]
    )  # fmt: skip
    options = ReportOptions.from_arguments(args)
    assert options.changed() == {
        "corpus": "a.csv", "by": "outlet", "period": "Q", "since": "2022-02-24",
        "until": "2022-12-31", "common_window": True, "clean": False, "strip_found": True,
        "deduplicate": True, "target": "TASS", "stopwords": None, "window": 5,
        "formats": ["png", "svg"], "columns": {"text": "Body", "published": "Date"},
        "tz": {"TASS": "Europe/Moscow", "RT": "Europe/Moscow"}, "out": "r",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"period": "fortnight"}, "period must be one of"),
        ({"since": "not a date"}, "since must be a date"),
        ({"since": "2023-01-01", "until": "2022-01-01"}, "is after until"),
        ({"window": -1}, "window must be a whole number"),
        ({"formats": "png,gif"}, "formats takes png, svg and pdf"),
        ({"dates": "guess"}, "dates must be"),
        ({"out": "  "}, "output folder is blank"),
        ({"corpus": ""}, "corpus must name a file"),
        ({"columns": "text"}, "--columns takes name=value pairs"),
        ({"tz": "TASS=Europe/Moscow,RT"}, "--tz takes name=value pairs"),
    ],
)
def test_bad_settings_are_refused_with_what_to_do(settings, message):
    with pytest.raises(ToolkitError, match=message):
        ReportOptions(**{"corpus": "a.csv", **settings})


def test_notebook_05_parameters_are_generated_from_the_options():
    """The notebook's parameters cell is parameters_cell() exactly: to change a setting, change
    ReportOptions and write the cell again (python -c 'from toolkit.report.options import
    parameters_cell; print(parameters_cell())')."""
    cell = nbformat.read(NOTEBOOK, as_version=4).cells[1]
    assert "parameters" in cell.metadata["tags"]
    assert cell.source == parameters_cell()
    names: dict[str, object] = {}
    exec(cell.source, names)  # the cell's values are the options' defaults
    options = ReportOptions.from_parameters(names)
    assert options.settings() == ReportOptions(out="../build/05_your_own_corpus").settings()
