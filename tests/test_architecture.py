"""The layout rules of ARCHITECTURE.md, checked: analyses stand side by side on one core."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"
#: The analyses: each a per-document step and a finish, run by the engine.
ANALYSES = {
    "frequency",
    "concordance",
    "keyness",
    "collocates",
    "sentiment",
    "clean",
    "duplicates",
    "matrix",
    "events",
    "validation",
    "topics",
    "reuse",
}
#: The core every analysis may build on.
CORE = {
    "errors",
    "util",
    "corpus",
    "datasets",
    "text",
    "scanner",
    "terms",
    "periods",
    "stats",
    "engine",
    "voice",
}
#: Collection: articles from the web into a corpus store, on the core and nothing else.
COLLECTION = {"fetch", "collect"}


def imports(module: str, package: Path = PACKAGE) -> set[str]:
    """The toolkit modules ``module`` imports, at any depth (functions, TYPE_CHECKING too); a
    subpackage's, from all of its files."""
    if (package / module).is_dir():
        files = sorted((package / module).glob("*.py"))
    else:
        files = [package / f"{module}.py"]
    trees = [ast.parse(path.read_text("utf-8")) for path in files]
    found = set()
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from toolkit import x
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("toolkit."):
                    found.add(alias.name.split(".")[1])
    return found - {module}


def test_every_module_is_classified():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    modules |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"resources"}
    others = {"plot", "report", "explore"}
    known = ANALYSES | CORE | COLLECTION | others
    assert modules == known, modules ^ known


def test_collection_stands_on_the_core_only():
    for module in sorted(COLLECTION):
        assert imports(module) <= CORE | COLLECTION, (module, imports(module) - CORE - COLLECTION)


def test_no_analysis_imports_another():
    for module in sorted(ANALYSES):
        assert not imports(module) & ANALYSES, (module, imports(module) & ANALYSES)


def test_analyses_import_only_the_core():
    for module in sorted(ANALYSES):
        assert imports(module) <= CORE, (module, imports(module) - CORE)


def test_the_core_imports_no_analysis_or_presentation_module():
    for module in sorted(CORE):
        assert imports(module) <= CORE, (module, imports(module) - CORE)


def test_the_rule_test_catches_a_violation(tmp_path):
    (tmp_path / "keyness.py").write_text(
        "import toolkit.stats\nfrom toolkit.frequency import count_terms\n"
        "def f():\n    from toolkit import sentiment\n"
    )
    assert imports("keyness", tmp_path) == {"stats", "frequency", "sentiment"}
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "__init__.py").write_text("from toolkit.voice.frames import f\n")
    (tmp_path / "voice" / "frames.py").write_text("from toolkit.concordance import kwic\n")
    assert imports("voice", tmp_path) == {"concordance"}  # (a subpackage: all its files)


#: The stages of toolkit.voice, one module each, in the order the rules run.
VOICE_STAGES = [
    "records",
    "morphology",
    "cues",
    "quotes",
    "sentences",
    "credits",
    "names",
    "frames",
    "speakers",
    "spans",
    "annotation",
]


def test_each_voice_stage_imports_only_the_stages_before_it():
    folder = PACKAGE / "voice"
    assert {p.stem for p in folder.glob("*.py")} - {"__init__"} == set(VOICE_STAGES)
    for k, stage in enumerate(VOICE_STAGES):
        tree = ast.parse((folder / f"{stage}.py").read_text("utf-8"))
        used = {
            node.module.split(".")[2]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("toolkit.voice.")
        }
        assert used <= set(VOICE_STAGES[:k]), (stage, used - set(VOICE_STAGES[:k]))
