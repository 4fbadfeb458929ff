"""The report: one definition of its settings, tables computed in this process, a static site.

* :mod:`toolkit.report.options`: :class:`ReportOptions`, every setting of a report (the CLI's
  flags and notebook 05's parameters are generated from it).
* :mod:`toolkit.report.pipeline`: :func:`build_report`, every table of the report, each analysis
  run once through the engine.
* :mod:`toolkit.report.site`: :func:`write_site`, the static HTML document (no code, no server).
* :mod:`toolkit.report.concordance`: the offline concordance page of every hit.
* :mod:`toolkit.report.artifacts`: charts and tables saved with their provenance.

:func:`report` does all of it: ``python -m toolkit report CORPUS`` is ``report(CORPUS)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.report.artifacts import (
    corpus_fingerprint,
    for_spreadsheets,
    name_file,
    notes,
    provenance,
    save_figure,
    save_table,
    terms_record,
)
from toolkit.report.concordance import write_concordance
from toolkit.report.options import ReportOptions
from toolkit.report.pipeline import Note, Report, build_report

__all__ = [
    "Note",
    "Report",
    "ReportOptions",
    "build_report",
    "corpus_fingerprint",
    "for_spreadsheets",
    "name_file",
    "notes",
    "provenance",
    "report",
    "save_figure",
    "save_table",
    "terms_record",
    "write_concordance",
    "write_site",
]


def write_site(
    report: Report, out: str | Path | None = None, *, progress: Callable[[str], None] | None = None
) -> Path:
    """Write a :class:`Report` as a static site; see :func:`toolkit.report.site.write_site`."""
    from toolkit.report.site import write_site as write

    return write(report, out, progress=progress)


def report(
    corpus: pd.DataFrame | str | Path | None = None,
    options: ReportOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    **settings: Any,
) -> Path:
    """Build the whole report on a corpus and write it as a site; return its ``index.html``.

    ``settings`` are :class:`ReportOptions` fields (``by="source"``, ``period="Q"``,
    ``since="2022-02-24"``, ``out="report"``, ...), used when ``options`` is not given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> index = report("sample", out=str(out))
    >>> index.name, (out / "concordance.html").is_file()
    ('index.html', True)
    """
    if options is None:
        if isinstance(corpus, (str, Path)):
            settings.setdefault("corpus", str(corpus))
        options = ReportOptions(**settings)
    elif settings:
        raise TypeError("pass either options or settings, not both")
    from toolkit.report.site import output_folder

    output_folder(
        options.out, make=False
    )  # refuse a folder we may not write before the work starts
    result = build_report(corpus, options, progress=progress)
    return write_site(result, progress=progress)
