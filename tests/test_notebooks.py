"""The notebooks: stored clean, written to the project's conventions, and running top to bottom.

The execution tests run every ``notebooks/*.ipynb`` with papermill (new notebooks are covered
automatically). The report that notebook 05 calls is tested in ``test_report_*.py``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

import toolkit

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
TEMPLATE = NOTEBOOKS_DIR / "05_your_own_corpus.ipynb"
# Imports a notebook may make besides toolkit's: (notebook name prefix, module, names).
ALLOWED_IMPORTS = [
    ("", "IPython.display", None),  # HTML, display: showing HTML tables
    ("01_", "nltk.tokenize", {"NLTKWordTokenizer"}),  # the tokenizer comparison in 01 only
]


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _code(source: str) -> ast.Module:
    """Parse a code cell, leaving out IPython magics and shell lines."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    return ast.parse("\n".join(lines))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5, [p.name for p in NOTEBOOKS]
    assert TEMPLATE in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_stored_clean_and_follows_the_conventions(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} is stored with outputs: clear them"
            assert cell.execution_count is None, f"cell {i} is stored with an execution count"
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith("# "), (
        "the first cell must be a markdown title '# ...'"
    )
    params = nb.cells[1]
    assert params.cell_type == "code"
    assert "parameters" in params.metadata.get("tags", []), "cell 2 must be tagged 'parameters'"
    assigned = {
        target.id
        for node in _code(params.source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert "OUTPUT_DIR" in assigned


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_imports_only_from_toolkit(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(_code(cell.source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] == "toolkit", (
                        f"cell {i}: 'import {alias.name}' (notebooks import from toolkit only)"
                    )
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if module.split(".")[0] == "toolkit":
                    continue
                names = {alias.name for alias in node.names}
                allowed = any(
                    path.name.startswith(prefix)
                    and module == allowed_module
                    and (allowed_names is None or names <= allowed_names)
                    for prefix, allowed_module, allowed_names in ALLOWED_IMPORTS
                )
                assert allowed, f"cell {i}: 'from {module} import {', '.join(sorted(names))}'"


# --- execution ---------------------------------------------------------------------------------


def _execute(
    path: Path, out_dir: Path, tmp_path: Path, *, user_corpus: bool = False, **parameters: Any
) -> Any:
    """Run a notebook with papermill (as the build does); fail with the cell that broke.

    Nothing may go to stderr, except, on a user's corpus (``user_corpus=True``), the toolkit's
    CorpusWarning lines: telling users about their data (unreadable dates, empty texts) is the
    point of them.
    """
    import papermill

    executed = tmp_path / f"executed_{path.name}"
    try:
        papermill.execute_notebook(
            str(path),
            str(executed),
            kernel_name="python3",
            cwd=str(NOTEBOOKS_DIR),
            parameters={"OUTPUT_DIR": str(out_dir), **parameters},
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as exc:
        pytest.fail(f"{path.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}")
    nb = nbformat.read(executed, as_version=4)
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} cell {i}: {output.get('ename')}"
            if output.output_type == "stream" and output.name == "stderr":
                lines = [line for line in output.text.splitlines() if line.strip()]
                if user_corpus and all(_corpus_warning_line(line) for line in lines):
                    continue
                pytest.fail(f"{path.name} cell {i} printed to stderr:\n{output.text[:2000]}")
    return nb


def _printed(nb: Any) -> str:
    """Everything the executed notebook's code cells printed, in order."""
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _corpus_warning_line(line: str) -> bool:
    """A line of a CorpusWarning as Python prints it (the message, or the source line after)."""
    return "CorpusWarning:" in line or line.startswith("  ")


def _charts(out_dir: Path) -> list[Path]:
    """PNG charts in ``out_dir``; each must have its provenance ``.json`` beside it."""
    charts = sorted(out_dir.rglob("*.png"))
    for png in charts:
        beside = png.with_name(f"{png.stem}.chart.json")  # or <name>.json, as saved before
        record = json.loads((beside if beside.is_file() else png.with_suffix(".json")).read_text())
        assert png.name in record["files"]
        assert record["toolkit_version"] == toolkit.__version__
    return charts


@pytest.fixture
def inline_backend(monkeypatch):
    # The Makefile exports MPLBACKEND=Agg for the tests; notebooks should use the inline backend.
    monkeypatch.delenv("MPLBACKEND", raising=False)


#: Parameters that keep the slowest notebooks' runs short here, every cell run all the same:
#: the addresses since 1945; two topic models of 100 iterations, not three of 200.
QUICKER = {
    "05_your_own_corpus": {"SINCE": "1945-01-01"},
    "07_methods": {"TOPIC_RUNS": 2, "TOPIC_ITERATIONS": 100},
}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_and_saves_charts_with_provenance(path, tmp_path, inline_backend):
    out_dir = tmp_path / path.stem
    _execute(path, out_dir, tmp_path, **QUICKER.get(path.stem, {}))
    assert _charts(out_dir), f"{path.name} saved no .png chart (with .json) in OUTPUT_DIR"


@pytest.mark.slow
def test_news_notebook_from_collection_to_comparison(sotu_corpus, tmp_path, inline_backend):
    """Notebook 06 on a local site of three outlets (synthetic arrangement of real SOTU
    paragraphs, served on 127.0.0.1): collected, cleaned, deduplicated and compared."""
    import pandas as pd
    from news_site import HERALD_FOOTER, NewsSite, build_news_site

    paragraphs = list(dict.fromkeys(
        " ".join(p.split()) for text in sotu_corpus["text"].iloc[200:220]
        for p in text.split("\n") if 40 <= len(p.split()) <= 120
    ))  # fmt: skip
    with NewsSite() as site:
        sources = build_news_site(site, paragraphs)
        feeds = tmp_path / "feeds.yml"
        feeds.write_text("".join(f"- {{source: {s['source']}, url: '{s['url']}'}}\n"
                                 for s in sources), "utf-8")  # fmt: skip
        out_dir = tmp_path / "news"
        nb = _execute(
            NOTEBOOKS_DIR / "06_news_across_outlets.ipynb", out_dir, tmp_path, user_corpus=True,
            FEEDS=str(feeds), STORE=str(tmp_path / "corpus.sqlite"), ALLOW_HOSTS=["127.0.0.1"],
            DELAY=0.0,
        )  # fmt: skip
    printed = _printed(nb)
    assert "Collected: new 24, skipped 0 (already stored), failed 0" in printed
    assert "24 articles from 3 outlets" in printed
    assert "Near-duplicate pairs: 2; articles left: 22" in printed
    found = pd.read_csv(out_dir / "boilerplate.csv")
    assert found.loc[found["passage"] == HERALD_FOOTER, "n_docs"].tolist() == [8]
    removed = pd.read_csv(out_dir / "removed.csv")
    assert removed["removed"].str.contains("/TASS/").sum() == 8
    assert {"coverage", "rates_clean"} <= {p.stem for p in _charts(out_dir)}
    herald = printed.split("Herald\n  raw:")[1].split("\n")
    assert "herald" in herald[0] and "herald" not in herald[1]  # the footer's words go
    vestnik = printed.split("Vestnik\n  raw:")[1].split("\n")
    assert "tass" in vestnik[0] and "tass" not in vestnik[1]
