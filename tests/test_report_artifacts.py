import hashlib
import json

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ToolkitError
from toolkit.report import corpus_fingerprint, provenance, save_figure, save_table


def test_provenance_records_the_corpus_file_hash(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("Content,Source Name\nUnity now.,TASS\n", encoding="utf-8")
    corpus = toolkit.read_corpus(path)
    record = provenance(corpus=corpus, corpus_file=path, terms="rhetoric", settings={"by": "x"})
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["corpus"]["file_sha256"] == "sha256:" + expected
    assert record["corpus"]["documents"] == 1
    assert set(record["terms"]) == {f.name for f in toolkit.load_dictionary("rhetoric")}
    assert record["settings"] == {"by": "x"}
    assert record["toolkit_version"] == toolkit.__version__


def test_fingerprint_changes_with_the_text():
    corpus = toolkit.load_sample()
    changed = corpus.assign(text=corpus["text"] + " More.")
    assert corpus_fingerprint(corpus) != corpus_fingerprint(changed)


def test_chart_and_table_of_one_name_keep_both_provenance_files(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    charts = save_figure(ax, tmp_path / "rates", provenance={"kind": "chart"})
    tables = save_table(pd.DataFrame({"a": [1]}), tmp_path / "rates", provenance={"kind": "t"})
    plt.close(fig)
    assert [p.name for p in charts] == ["rates.png", "rates.svg", "rates.pdf", "rates.chart.json"]
    assert [p.name for p in tables] == ["rates.csv", "rates.table.json"]
    assert json.loads((tmp_path / "rates.chart.json").read_text())["files"] == [
        "rates.png",
        "rates.svg",
        "rates.pdf",
    ]
    assert (tmp_path / "rates.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "rates.table.json").read_text())["kind"] == "t"
    assert fig.get_size_inches()[0] == pytest.approx(178 / 25.4)  # a journal's two columns


def test_no_saved_chart_is_heavy(tmp_path):
    """A chart of 30,000 points stays small: point clouds are rasterised in SVG and PDF."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots()
    rng = np.random.default_rng(0)
    ax.scatter(rng.random(30_000), rng.random(30_000), s=2)
    ax.plot(rng.random(5_000))
    files = save_figure(ax, tmp_path / "cloud", provenance={})
    plt.close(fig)
    for file in files:
        assert file.stat().st_size < 500_000, (file.name, file.stat().st_size)


def test_save_errors(tmp_path):
    with pytest.raises(ToolkitError, match="DataFrame"):
        save_table([1, 2], tmp_path / "x", provenance={})  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="Figure or Axes"):
        save_figure("not a figure", tmp_path / "x", provenance={})


def test_save_figure_writes_the_formats_asked_for(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    files = save_figure(ax, tmp_path / "line", provenance={}, formats=("png", "pdf"))
    with pytest.raises(ToolkitError, match="png, svg and pdf"):
        save_figure(ax, tmp_path / "line", provenance={}, formats=("gif",))
    plt.close(fig)
    assert [p.name for p in files] == ["line.png", "line.pdf", "line.chart.json"]
    assert not (tmp_path / "line.svg").exists()


def test_provenance_names_files_never_a_path_of_this_machine(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("Content,Source Name\nUnity now.,TASS\n", encoding="utf-8")
    record = provenance(corpus=path, corpus_file=path)
    assert str(tmp_path) not in json.dumps(record)
    assert record["corpus"]["file"] == "articles.csv"


def test_file_names_from_user_data_stay_in_the_folder_and_apart(tmp_path):
    """Family and group names become file names: "../../x" must not write outside the folder,
    "EU/NATO" must not make a subfolder, "A-B", "A B" and "a/b" must not overwrite one another,
    and a 300-character name must not fail."""
    from toolkit.report.artifacts import MAX_NAME_CHARS, name_file

    names = ["../../x", "EU/NATO", "A-B", "A B", "a/b", "y" * 300, "..", "санкции", "plain_name"]
    paths = [name_file(tmp_path, f"keyness_{n}") for n in names]
    assert all(p.parent == tmp_path for p in paths)
    assert len({p.name for p in paths}) == len(names)
    assert all(len(p.name) <= MAX_NAME_CHARS + 9 for p in paths)
    assert paths[-2].name == "keyness_санкции" and paths[-1].name == "keyness_plain_name"
    for path in paths:
        save_table(pd.DataFrame({"a": [1]}), path, provenance={"test": True})
    written = sorted(p.name for p in tmp_path.rglob("*.csv"))
    assert written == sorted(f"{p.name}.csv" for p in paths)
    assert not list(tmp_path.parent.glob("x*.csv"))
