"""The toolkit works with no network and no downloaded NLTK data, and importing it has no side
effects on matplotlib.

Each check runs in a fresh interpreter (sys.executable) so that modules imported by other tests do
not hide a missing import, a download or a side effect.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BLOCK_NETWORK = """
import socket

def _blocked(*args, **kwargs):
    raise OSError("network blocked")

socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
"""

# Imports every module under toolkit/ (found by walking the package, so modules added later are
# covered too). toolkit.__main__ is compiled, not imported: importing it may start the app.
IMPORT_ALL = """
import importlib
import importlib.util
import pkgutil
import toolkit

IMPORTED = []
for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
    if info.name.rsplit(".", 1)[-1] == "__main__":
        spec = importlib.util.find_spec(info.name)
        compile(spec.loader.get_source(info.name), spec.origin, "exec")
        continue
    importlib.import_module(info.name)
    IMPORTED.append(info.name)
assert {"toolkit.corpus", "toolkit.text", "toolkit.errors"} <= set(IMPORTED), IMPORTED
"""

TEXT_LAYER = """
import nltk
nltk.data.path[:] = [os.environ["NLTK_DATA"]]  # no NLTK data anywhere: none is needed

from toolkit import load_sample, load_sotu
from toolkit.text import normalize, sentence_spans, sentences, stem, stopwords, tokenize

texts = [load_sample().loc[0, "text"], *load_sotu()["text"].iloc[[0, 100, 200, -1]]]
for text in texts:
    clean = normalize(text)
    tokens = tokenize(clean)
    assert len(tokens) > 100, len(tokens)
    assert tokenize(clean, split_hyphens=True, lowercase=False)
    found = sentences(clean)
    assert len(found) > 5, len(found)
    assert len(list(sentence_spans(clean))) == len(found)
    en = stopwords("en")
    content = [t for t in tokens if t not in en]
    assert 0 < len(content) < len(tokens)
    assert [stem(t) for t in content[:50]]
assert sentences("В 2023 г. он выступил. Второе.") == ["В 2023 г. он выступил.", "Второе."]
assert tokenize(normalize("Суверенитет и единство.")) == ["суверенитет", "и", "единство"]
assert "и" in stopwords("ru")
assert stem("санкциями", lang="ru") == "санкц"
assert stem("sanctions", lang="en") == "sanction"

import socket
try:
    socket.create_connection(("example.org", 80))
except OSError as exc:
    assert "network blocked" in str(exc)
else:
    raise AssertionError("the network block is not in place")
print("offline ok")
"""


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    nltk_data = tmp_path / "nltk_data"
    work = tmp_path / "cwd"
    for folder in (home, nltk_data, work):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "NLTK_DATA": str(nltk_data),
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / "mpl"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONSTARTUP", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (
        f"exit code {result.returncode}\n--- stderr ---\n{result.stderr}\n"
        f"--- stdout ---\n{result.stdout}"
    )


def test_every_module_imports_and_text_layer_runs_offline(tmp_path: Path) -> None:
    code = "import os\n" + BLOCK_NETWORK + IMPORT_ALL + TEXT_LAYER
    result = run_python(code, tmp_path)
    assert_ok(result)
    assert "offline ok" in result.stdout
    assert list((tmp_path / "nltk_data").iterdir()) == []  # nothing was downloaded
    assert not (tmp_path / "home" / "nltk_data").exists()


def test_network_block_really_blocks(tmp_path: Path) -> None:
    # The check above is only meaningful if blocked code fails: a module that downloads would.
    code = BLOCK_NETWORK + "import urllib.request\nurllib.request.urlopen('http://example.org')\n"
    result = run_python(code, tmp_path)
    assert result.returncode != 0
    assert "network blocked" in result.stderr


@pytest.mark.parametrize("scope", ["import toolkit", "every toolkit module"])
def test_import_has_no_matplotlib_side_effects(tmp_path: Path, scope: str) -> None:
    code = textwrap.dedent(
        """
        import copy
        import sys
        import matplotlib

        before = copy.deepcopy(dict(matplotlib.rcParams))
        import toolkit
        """
    )
    if scope != "import toolkit":
        code += IMPORT_ALL
    code += textwrap.dedent(
        """
        assert "matplotlib.pyplot" not in sys.modules, "importing toolkit imported pyplot"
        after = dict(matplotlib.rcParams)
        changed = sorted(k for k in before if before[k] != after.get(k))
        assert not changed, f"importing toolkit changed rcParams: {changed}"
        print("no side effects")
        """
    )
    result = run_python(code, tmp_path)
    assert_ok(result)
    assert "no side effects" in result.stdout
