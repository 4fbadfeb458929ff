"""Reports: charts and tables saved with their provenance, notebooks executed into HTML.

Every chart is written as PNG and SVG (provenance in ``<name>.chart.json``), every table as CSV
(provenance in ``<name>.table.json``). A provenance file records the toolkit version, a
fingerprint of the corpus, the term families, the settings and the time. :func:`build_site`
executes notebooks (papermill), converts them to HTML (nbconvert) and writes an ``index.html``
that links notebooks, charts and tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import CorpusWarning, ToolkitError
from toolkit.periods import Period
from toolkit.util import atomic_path, make_folder

__all__ = [
    "build_site",
    "corpus_fingerprint",
    "for_spreadsheets",
    "name_file",
    "notes",
    "provenance",
    "report",
    "save_figure",
    "save_table",
]

KERNEL = "python3"


@contextmanager
def notes() -> Iterator[list[str]]:
    """Print the toolkit's warnings about the data raised inside the block as notes, on the
    cell's normal output instead of as warnings on stderr; other warnings pass through.

    For notebooks that knowingly compare what the toolkit warns about (groups published in
    different eras, say): the reader still sees the caveat, as part of the result.

    Examples
    --------
    >>> import toolkit
    >>> with notes() as said:
    ...     _ = toolkit.count_terms(toolkit.load_sotu(), {"peace": ["peace"]}, by="source")
    Note: count_terms(): the groups were published at different times: ...
    >>> len(said)
    1
    """
    said: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield said
    for warning in caught:
        if issubclass(warning.category, CorpusWarning):
            said.append(str(warning.message))
            print(f"Note: {warning.message}")
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


_TABLES_READY = False


def show_table(table: pd.DataFrame, *, caption: str | None = None, **options: Any) -> None:
    """Show a searchable, sortable table (itables) in a notebook, and in its HTML export: the
    table library is embedded in the notebook (offline mode), so the exported page works
    without a kernel and without the network.

    ``options`` go to ``itables.show`` (e.g. ``pageLength=25``).
    """
    global _TABLES_READY
    import itables

    if not _TABLES_READY:
        itables.init_notebook_mode(all_interactive=False, connected=False)
        _TABLES_READY = True
    itables.show(table, caption=caption, connected=False, **options)


def corpus_fingerprint(corpus: pd.DataFrame | str | Path) -> str:
    """SHA-256 of a corpus file (or of the files a folder's corpus is read from, in name order)
    or of a corpus frame.

    For a DataFrame the hash covers ``doc_id`` and ``text`` of every row, in order, so two
    frames with the same articles have the same fingerprint.

    Examples
    --------
    >>> import toolkit
    >>> fingerprint = corpus_fingerprint(toolkit.load_sample())
    >>> fingerprint.startswith("sha256:"), fingerprint == corpus_fingerprint(toolkit.load_sample())
    (True, True)
    """
    digest = hashlib.sha256()
    if isinstance(corpus, pd.DataFrame):
        for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
            digest.update(str(doc_id).encode())
            digest.update(b"\x1f")
            digest.update(str(text).encode())
            digest.update(b"\x1e")
    else:
        path = Path(corpus)
        files = _corpus_files(path) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(path).as_posix().encode() if path.is_dir() else b"")
            with file.open("rb") as handle:  # a block at a time: a file may be large
                while block := handle.read(1 << 20):
                    digest.update(block)
    return "sha256:" + digest.hexdigest()


def _corpus_files(folder: Path) -> list[Path]:
    """The files of a corpus folder that :func:`toolkit.read_corpus` reads (text files, the
    metadata sidecar, Parquet parts; not hidden ones), in name order: a video or a notebook
    checkpoint beside them is not part of the corpus."""
    from toolkit.corpus import _SIDECAR, _TEXT_SUFFIXES

    return sorted(
        p
        for p in folder.rglob("*")
        if (p.suffix.lower() in (*_TEXT_SUFFIXES, ".parquet") or p.name == _SIDECAR)
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _terms_record(terms: Any) -> Any:
    if terms is None:
        return None
    # every pattern, even for a packaged dictionary, whose patterns may change between versions
    from toolkit.terms import compile_terms

    return {
        fam.name: {"patterns": list(fam.patterns), "kind": fam.kind}
        | ({"case_sensitive": True} if fam.case_sensitive else {})
        for fam in compile_terms(terms)
    }


def provenance(
    *,
    corpus: pd.DataFrame | str | Path | None = None,
    corpus_name: str | None = None,
    corpus_file: str | Path | None = None,
    terms: Any = None,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Describe how a result was made, for the ``.json`` file saved beside it.

    Parameters
    ----------
    corpus : DataFrame, path, optional
        The corpus (or the file it was read from): its fingerprint and size are recorded.
    corpus_name : str, optional
        A human-readable name (``"State of the Union, sotu 0.1.2"``, a file path).
    corpus_file : str or Path, optional
        The file (or folder) the corpus was read from: its path and SHA-256 are recorded, so a
        reader can check that a result came from exactly that file.
    terms : term families, optional
        Recorded pattern by pattern.
    settings : mapping, optional
        Any other options (``by``, ``period``, ``window``, ...).

    Examples
    --------
    >>> import toolkit
    >>> record = provenance(corpus=toolkit.load_sample(), terms={"unity": ["unity"]},
    ...                     settings={"by": "source"})
    >>> sorted(record)
    ['corpus', 'created', 'python', 'settings', 'terms', 'toolkit_version']
    >>> record["corpus"]["documents"], record["terms"]
    (1, {'unity': {'patterns': ['unity'], 'kind': 'glob'}})
    """
    from toolkit import __version__

    corpus_record: dict[str, Any] | None = None
    if corpus is not None:
        corpus_record = {"name": corpus_name, "fingerprint": corpus_fingerprint(corpus)}
        if isinstance(corpus, pd.DataFrame):
            corpus_record["documents"] = len(corpus)
        else:
            corpus_record["path"] = str(corpus)
    if corpus_file is not None:
        corpus_record = corpus_record or {"name": corpus_name}
        corpus_record["file"] = str(Path(corpus_file).resolve())
        corpus_record["file_sha256"] = corpus_fingerprint(corpus_file)
    return {
        "toolkit_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "corpus": corpus_record,
        "terms": _terms_record(terms),
        "settings": _jsonable(dict(settings or {})),
    }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _write_provenance(
    stem: Path, record: Mapping[str, Any], files: list[Path], *, kind: str
) -> Path:
    # <name>.chart.json and <name>.table.json: a chart and a table may share a name
    target = stem.parent / f"{stem.name}.{kind}.json"
    payload = dict(record) | {"files": [f.name for f in files]}
    with atomic_path(target) as partial:
        partial.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str), "utf-8")
    return target


_UNSAFE_RE = re.compile(r"[^\w-]+")
#: The longest file name (without extension) :func:`name_file` makes from user data.
MAX_NAME_CHARS = 80


def name_file(folder: str | Path, name: str) -> Path:
    """``folder / name`` with ``name`` (built from family or group names, say) made a safe,
    unique file name inside ``folder``.

    Characters other than letters, digits, ``_`` and ``-`` become ``-`` (so no ``/``, no ``..``,
    no dot that would read as a file extension) and long names are cut; a name that had to
    change gets eight characters of its hash, so that ``A B`` and ``a/b`` do not overwrite one
    another.

    Examples
    --------
    >>> name_file("out", "keyness_tass_vs_belta").as_posix()
    'out/keyness_tass_vs_belta'
    >>> name_file("out", "keyness_EU/NATO").as_posix()
    'out/keyness_EU-NATO-f61cf20d'
    >>> name_file("out", "../../x").parent.as_posix()
    'out'
    """
    raw = unicodedata.normalize("NFC", str(name))
    safe = _UNSAFE_RE.sub("-", raw).strip("-")[:MAX_NAME_CHARS].rstrip("-")
    if safe != raw:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe}-{digest}" if safe else digest
    return Path(folder) / safe


def _stem(path: str | Path) -> Path:
    stem = Path(path)
    if stem.suffix in {".png", ".svg", ".csv"}:
        stem = stem.with_suffix("")
    make_folder(stem.parent)
    return stem


#: Two-column journal width, 178 mm (Nature, Science, APSR and most political science journals).
JOURNAL_WIDTH = 178 / 25.4


def save_figure(
    figure: Any,
    path: str | Path,
    *,
    provenance: Mapping[str, Any],
    dpi: int = 200,
    width: float | None = JOURNAL_WIDTH,
) -> list[Path]:
    """Save a chart as ``path.png``, ``path.svg`` and ``path.pdf`` with ``path.chart.json``
    provenance beside.

    The figure is set to ``width`` inches (the two-column journal width, 178 mm, by default;
    None keeps its size), its height scaled with it. A chart drawn much wider (small multiples,
    many groups) keeps its own size: shrunk to a column, it could not be read; its resolution is
    lowered so that it is at most 2,000 pixels wide. Point clouds of more than 2,000 points are
    rasterised inside the SVG and PDF, so that no vector file grows to megabytes.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The chart (an Axes from a ``toolkit.plot`` function is fine).
    path : str or Path
        Target path without extension; folders are created.
    provenance : mapping
        From :func:`provenance`.
    dpi : int, default 200
        Resolution of the PNG and of rasterised parts.
    width : float or None
        Width in inches.

    Returns
    -------
    list of Path
        The PNG, SVG, PDF and JSON files written.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    fig = figure.figure if isinstance(figure, Axes) else figure
    while isinstance(fig, SubFigure):
        fig = fig.figure
    if not isinstance(fig, Figure):
        raise ToolkitError(f"save_figure takes a matplotlib Figure or Axes, got {type(figure)}.")
    stem = _stem(path)
    if width is not None and fig.get_size_inches()[0] <= 1.35 * width:
        old_size = fig.get_size_inches()
        fig.set_size_inches(width, old_size[1] * width / old_size[0])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        if any("collapsed" in str(w.message) for w in caught):
            fig.set_size_inches(*old_size)  # too crowded for the column: keep its own size
    _rasterize_clouds(fig)
    dpi = min(dpi, int(2_000 / fig.get_size_inches()[0]))
    files = []
    for suffix in (".png", ".svg", ".pdf"):
        target = stem.with_suffix(suffix)
        with atomic_path(target) as partial:
            fig.savefig(
                partial, format=suffix[1:], dpi=dpi, bbox_inches="tight",
                metadata=_image_metadata(suffix),
            )  # fmt: skip
            if suffix == ".png":
                _shrink_png(partial)
        files.append(target)
    return [*files, _write_provenance(stem, provenance, files, kind="chart")]


def _shrink_png(path: Path, *, above: int = 250_000) -> None:
    """Re-save a large PNG with a 256-colour palette: charts are flat colours and anti-aliased
    edges, which a palette keeps, at a third of the size."""
    if path.stat().st_size <= above:
        return
    from PIL import Image, PngImagePlugin

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "rhetoric-toolkit")
    palette.save(path, format="PNG", optimize=True, pnginfo=info)


def _rasterize_clouds(fig: Any) -> None:
    """Rasterise the point clouds of a figure that has more than 2,000 points in all (its
    lines and collections of over 50 points each), so that vector files stay small."""
    clouds = []
    for ax in fig.get_axes():
        for artist in [*ax.collections, *ax.lines]:
            data = artist.get_offsets() if hasattr(artist, "get_offsets") else artist.get_xdata()
            size = int(np.shape(data)[0]) if np.ndim(data) else 0
            if size > 50:
                clouds.append((artist, size))
    if sum(size for _, size in clouds) > 2_000:
        for artist, _ in clouds:
            artist.set_rasterized(True)


def _image_metadata(suffix: str) -> dict[str, Any]:
    # Fixed metadata keeps saved files identical between runs (no creation dates inside).
    if suffix == ".svg":
        return {"Date": None}
    if suffix == ".pdf":
        return {"CreationDate": None, "ModDate": None, "Producer": "rhetoric-toolkit"}
    return {"Software": "rhetoric-toolkit"}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_spreadsheets(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell (and column name) that a spreadsheet would run as a
    formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) made
    inert by a leading ``'``, as OWASP advises for CSV files. Numbers, and text that reads as a
    number (``-2.5``), are left as they are. The input is not changed.

    Examples
    --------
    >>> for_spreadsheets(pd.DataFrame({"title": ['=HYPERLINK("http://x")', "-3", "Peace"]}))
                          title
    0  '=HYPERLINK("http://x")
    1                        -3
    2                     Peace
    """

    def inert(value: Any) -> Any:
        if not isinstance(value, str) or not value.startswith(_FORMULA_START):
            return value
        try:
            float(value)
        except ValueError:
            return "'" + value
        return value

    out = table.rename(columns=lambda c: inert(c) if isinstance(c, str) else c)
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(inert)
    return out


def save_table(
    table: pd.DataFrame, path: str | Path, *, provenance: Mapping[str, Any]
) -> list[Path]:
    """Save a table as ``path.csv`` (UTF-8) with ``path.table.json`` provenance beside it.

    Text cells that a spreadsheet would run as formulas are made inert
    (:func:`for_spreadsheets`); the file is written atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "counts"
    >>> [p.name for p in save_table(pd.DataFrame({"a": [1]}), out, provenance={"x": 1})]
    ['counts.csv', 'counts.table.json']
    """
    if not isinstance(table, pd.DataFrame):
        raise ToolkitError(f"save_table takes a DataFrame, got {type(table).__name__}.")
    stem = _stem(path)
    target = stem.with_suffix(".csv")
    with atomic_path(target) as partial:
        for_spreadsheets(table).to_csv(partial, index=False)
    return [target, _write_provenance(stem, provenance, [target], kind="table")]


def project_notebooks() -> list[Path]:
    """The numbered notebooks of the project (``notebooks/NN_*.ipynb``) in a source checkout."""
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def _template() -> Path:
    packaged = Path(__file__).parent / "templates" / "05_your_own_corpus.ipynb"
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "notebooks" / "05_your_own_corpus.ipynb"
    if checkout.is_file():
        return checkout
    raise ToolkitError(  # pragma: no cover - only a broken installation gets here
        "The report template notebook is missing; reinstall rhetoric-toolkit."
    )


def _title(notebook: Path) -> str:
    nb = json.loads(notebook.read_text("utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem.replace("_", " ")


#: What a Jupyter kernel prints about itself that says nothing about the analysis.
_KERNEL_NOISE = (
    "Kernel is running over TCP without encryption",
    "KeyboardInterrupt caught in kernel",
    "Could not destroy zmq context",
)


@contextmanager
def _quiet_kernel() -> Iterator[None]:
    """Keep the kernel's own log lines (it inherits file descriptor 2) off the terminal, while
    our progress bars (Python's ``sys.stderr``) still show; other kernel output passes through."""
    import sys
    import tempfile

    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real stderr (a captured one): nothing to do
        yield
        return
    with tempfile.TemporaryFile() as log:
        python_stderr = sys.stderr
        sys.stderr = os.fdopen(os.dup(saved), "w", buffering=1, closefd=True)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sys.stderr.close()
            sys.stderr = python_stderr
            log.seek(0)
            for line in log.read().decode("utf-8", "replace").splitlines():
                if line.strip() and not any(noise in line for noise in _KERNEL_NOISE):
                    print(line, file=sys.stderr)


def execute_notebook(
    notebook: Path,
    out_dir: Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    progress: bool = True,
    timeout: int = 1200,
) -> tuple[Path, Path]:
    """Execute one notebook with papermill into ``out_dir`` and convert it to HTML.

    Returns the executed ``.ipynb`` and the ``.html``. A failing cell raises
    :class:`toolkit.ToolkitError` naming the notebook, and the partly executed notebook is kept.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    make_folder(out_dir)
    executed = out_dir / notebook.name
    env_backend = os.environ.get("MPLBACKEND")
    os.environ.pop("MPLBACKEND", None)  # let the kernel use its inline backend
    try:
        with _quiet_kernel():
            papermill.execute_notebook(
                str(notebook),
                str(executed),
                parameters=dict(parameters or {}),
                kernel_name=KERNEL,
                cwd=str(notebook.parent),
                progress_bar=progress,
                execution_timeout=timeout,
            )
    except papermill.PapermillExecutionError as exc:
        raise ToolkitError(
            f"Notebook {notebook.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}. "
            f"The partly executed notebook is at {executed}."
        ) from None
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    page = executed.with_suffix(".html")
    with atomic_path(page) as partial:
        partial.write_text(body, "utf-8")
    return executed, page


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }}
h1 {{ font-size: 1.8rem; margin-bottom: .2rem; }} .meta {{ color: #555; margin-top: 0; }}
section {{ border-top: 1px solid #ddd; padding: 1rem 0 1.5rem; }}
h2 {{ font-size: 1.3rem; margin: .2rem 0; }} h2 a {{ color: #0060a8; text-decoration: none; }}
.links a {{ margin-right: 1rem; color: #0060a8; }}
.gallery {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
           gap: 1rem; margin-top: .8rem; }}
figure {{ margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: .5rem;
          background: #fafafa; }}
figure img {{ width: 100%; height: 11rem; object-fit: contain; background: white; }}
figcaption {{ font-size: .85rem; color: #333; word-break: break-word; }}
ul.tables {{ columns: 2; font-size: .9rem; }}
.summary {{ overflow-x: auto; margin: .6rem 0; }} .summary p {{ margin: .2rem 0; color: #333; }}
.summary table {{ border-collapse: collapse; font-size: .85rem; }}
.summary th, .summary td {{ border-bottom: 1px solid #e3e3e3; padding: .2rem .6rem;
                           text-align: left; }}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{meta}</p>
{sections}
</body></html>
"""


#: Tables shown at the top of a notebook's section of the index, when the notebook saved them.
SUMMARY_TABLES = {
    "families_at_a_glance": "Term families in the whole corpus: rate per 10,000 tokens "
    "(95% interval), share of articles, patterns and the forms behind the hits",
    "groups": "The groups compared: articles, tokens and dates (largest first)",
}


def _summary(folder: Path, *, max_rows: int = 15) -> str:
    """The summary tables a notebook saved, as small HTML tables (the first page of a report)."""
    parts = []
    for name, caption in SUMMARY_TABLES.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            continue
        table = pd.read_csv(path)
        for column in ("first", "last"):  # dates as days, not midnight timestamps
            if column in table.columns:
                stamps = pd.to_datetime(table[column], errors="coerce", utc=True)
                table[column] = stamps.dt.strftime("%Y-%m-%d").where(stamps.notna(), "")
        more = f" (first {max_rows} of {len(table)})" if len(table) > max_rows else ""
        body = table.head(max_rows).round(2).to_html(index=False, na_rep="", border=0)
        parts.append(f'<div class="summary"><p>{html.escape(caption + more)}</p>{body}</div>')
    return "".join(parts)


def write_index(out_dir: Path, pages: Sequence[tuple[str, Path, Path]], *, title: str) -> Path:
    """Write ``out_dir/index.html``: one section per notebook with its charts and tables."""
    from toolkit import __version__

    e = html.escape
    sections = []
    for name, page, executed in pages:
        folder = out_dir / executed.stem
        charts = sorted(folder.glob("*.png")) if folder.is_dir() else []
        tables = sorted(folder.glob("*.csv")) if folder.is_dir() else []
        figs = "".join(
            f'<figure><a href="{e(c.with_suffix(".svg").relative_to(out_dir).as_posix())}">'
            f'<img src="{e(c.relative_to(out_dir).as_posix())}" alt="{e(c.stem)}"></a>'
            f"<figcaption>{e(c.stem.replace('_', ' '))} · "
            f'<a href="{e(c.with_suffix(".chart.json").relative_to(out_dir).as_posix())}">'
            "provenance</a></figcaption></figure>"
            for c in charts
        )
        rows = "".join(
            f'<li><a href="{e(t.relative_to(out_dir).as_posix())}">{e(t.name)}</a></li>'
            for t in tables
        )
        sections.append(
            f'<section><h2><a href="{e(page.name)}">{e(name)}</a></h2>'
            f'<p class="links"><a href="{e(page.name)}">read the notebook</a>'
            f'<a href="{e(executed.name)}">download .ipynb</a></p>'
            + _summary(folder)
            + (f'<div class="gallery">{figs}</div>' if figs else "")
            + (f'<h3>Tables (CSV)</h3><ul class="tables">{rows}</ul>' if rows else "")
            + "</section>"
        )
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    meta = (
        f"Built {stamp} with rhetoric-toolkit {e(__version__)}. "
        "Every chart and table has a provenance file (JSON) beside it."
    )
    index = out_dir / "index.html"
    with atomic_path(index) as partial:
        partial.write_text(
            _PAGE.format(title=e(title), meta=meta, sections="".join(sections)), "utf-8"
        )
    return index


def _output_folder(out_dir: str | Path, notebooks: Sequence[Path]) -> Path:
    """The folder a site is built in, made if missing; refused when it is named by blanks, or
    when a file the build would replace (the index, a notebook page) was not written by the
    toolkit: a report never overwrites the user's own files."""
    if not str(out_dir).strip():
        raise ToolkitError(
            f"The output folder is blank ({str(out_dir)!r}): name one, e.g. --out report."
        )
    out = Path(str(out_dir)).expanduser().resolve()
    replaced = [out / "index.html"]
    replaced += [out / f"{nb.stem}{suffix}" for nb in notebooks for suffix in (".ipynb", ".html")]
    for file in replaced:
        if file.is_file() and b"toolkit" not in file.read_bytes():
            raise ToolkitError(
                f"{file} exists and was not written by rhetoric-toolkit, and building into "
                f"{out} would replace it. Choose another folder (a new or empty one)."
            )
    return make_folder(out)


def build_site(
    notebooks: Sequence[Path] | None = None,
    out_dir: str | Path = "build",
    *,
    parameters: Mapping[str, Any] | None = None,
    title: str = "rhetoric-toolkit: notebooks and results",
    progress: bool = True,
) -> Path:
    """Execute notebooks into ``out_dir`` (``.ipynb`` and ``.html``) and write ``index.html``.

    Each notebook receives ``OUTPUT_DIR`` (``out_dir/<notebook name>``), where it saves its
    charts and tables, plus ``parameters``. Returns the path of ``index.html``.
    """
    notebooks = list(notebooks) if notebooks is not None else project_notebooks()
    if not notebooks:
        raise ToolkitError("No notebooks to run: expected notebooks/NN_name.ipynb files.")
    out = _output_folder(out_dir, notebooks)
    pages = []
    for i, notebook in enumerate(notebooks, 1):
        if progress:
            print(f"[{i}/{len(notebooks)}] {notebook.name}", flush=True)
        params = {"OUTPUT_DIR": str(out / notebook.stem), **dict(parameters or {})}
        executed, page = execute_notebook(notebook, out, parameters=params, progress=progress)
        pages.append((_title(notebook), page, executed))
    return write_index(out, pages, title=title)


def _check_report_options(
    path: Path,
    *,
    terms: str | Path | None,
    by: str,
    period: str,
    source: str | None,
    columns: Mapping[str, str] | None,
    dates: str,
    tz: str | None,
    target: str | None,
    stopwords: str | None,
) -> None:
    """Fail at once, before the notebook runs, on an option the corpus cannot satisfy."""
    from toolkit.corpus import read_corpus
    from toolkit.periods import check_period
    from toolkit.terms import compile_terms
    from toolkit.text import stopword_set

    check_period(period)
    compile_terms("rhetoric" if terms is None else str(terms))
    if stopwords is not None:
        stopword_set(stopwords)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the notebook reports the data's problems itself
        corpus = read_corpus(
            path, source=source, columns=dict(columns) if columns else None,
            dates="raise" if dates == "raise" else "coerce", tz=tz,
        )  # fmt: skip
    if by not in corpus.columns:
        raise ToolkitError(
            f"--by {by!r}: the corpus has no such column. Its columns: "
            f"{', '.join(map(str, corpus.columns))}."
        )
    if target is not None:
        groups = sorted(corpus[by].dropna().astype(str).unique())
        if target not in groups:
            shown = ", ".join(groups[:20]) + (
                f", ... ({len(groups)} in all)" if len(groups) > 20 else ""
            )
            raise ToolkitError(f"--target {target!r} is not a value of {by!r}: {shown}.")


def report(
    corpus: str | Path,
    *,
    terms: str | Path | None = None,
    by: str = "source",
    period: Period = "M",
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    dates: str = "coerce",
    tz: str | None = None,
    clean: bool = True,
    strip_found: bool = False,
    deduplicate: bool = False,
    target: str | None = None,
    stopwords: str | None = "en",
    out_dir: str | Path = "report",
    progress: bool = True,
) -> Path:
    """Run the whole analysis on a corpus file and write an HTML report; return ``index.html``.

    This is ``python -m toolkit report``: it executes the ``05_your_own_corpus`` notebook with
    ``CORPUS``, ``TERMS``, ``BY`` and ``PERIOD`` set (and ``SOURCE``, ``COLUMNS``, ``DATES``,
    ``TZ``: how the corpus is read, as in :func:`toolkit.read_corpus`; ``CLEAN``,
    ``STRIP_FOUND``, ``DEDUPLICATE``: take out datelines and credits, the passages that recur
    within a group, near-duplicate copies; ``TARGET``: the group keyness compares with the
    rest, by default the three largest; ``STOPWORDS``), saves every chart and table with its
    provenance, and links them from ``out_dir/index.html``.

    Every option is checked against the corpus before the notebook runs: a ``by`` column the
    corpus lacks, an unknown period, terms or stop-word list, or a target that is not one of
    the groups is a ToolkitError at once, naming what there is.
    """
    path = Path(corpus).expanduser().resolve()
    if not path.exists():
        raise ToolkitError(
            f"No corpus at {str(corpus)!r}: pass a file or folder read_corpus reads."
        )
    if dates not in ("raise", "coerce"):
        raise ToolkitError(f"dates must be 'raise' or 'coerce', got {dates!r}.")
    _check_report_options(
        path, terms=terms, by=by, period=period, source=source, columns=columns, dates=dates,
        tz=tz, target=target, stopwords=stopwords,
    )  # fmt: skip
    params: dict[str, Any] = {
        "CORPUS": str(path), "BY": by, "PERIOD": period, "SOURCE": source,
        "COLUMNS": dict(columns) if columns else None, "DATES": dates, "TZ": tz,
        "CLEAN": bool(clean), "STRIP_FOUND": bool(strip_found), "DEDUPLICATE": bool(deduplicate),
        "TARGET": target, "STOPWORDS": stopwords,
    }  # fmt: skip
    if terms is not None:
        # a YAML file, or the name of a packaged dictionary ("rhetoric", "rhetoric:ru")
        file = Path(terms).expanduser()
        params["TERMS"] = str(file.resolve()) if file.exists() else str(terms)
    return build_site(
        [_template()],
        out_dir,
        parameters=params,
        title=f"Rhetoric report: {path.name}",
        progress=progress,
    )
