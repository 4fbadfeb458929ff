"""The bad-input matrix: one case per hostile or messy input, each ending in its documented
result or in a ToolkitError whose message says what to do (never a bare exception from a
dependency, never a silent change). Every text here is synthetic, made up for the case.

``python tests/test_hostile.py`` prints the matrix as a table: case, input, outcome.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
import pytest
from news_site import BILLION_LAUGHS, NewsSite, Route, gzip_bomb

import toolkit
from toolkit import CorpusWarning, ToolkitError, plot
from toolkit.collect import collect
from toolkit.report import for_spreadsheets, report

matplotlib.use("Agg")


@dataclass(frozen=True)
class Case:
    """``run(tmp_path)`` feeds the input; the outcome is ``"error"`` (a ToolkitError whose
    message matches ``says``), ``"warning"`` (a CorpusWarning matching ``says``, then ``check``
    holds for the result) or ``"result"`` (no warning, and ``check`` holds)."""

    name: str
    given: str
    run: Callable[[Path], Any]
    outcome: str
    says: str = ""
    check: Callable[[Any], bool] | None = None
    needs_permissions: bool = False  # (root may write anywhere: such a case is skipped as root)


def corpus(texts: list[str], **columns: Any) -> pd.DataFrame:
    columns.setdefault("source", [f"S{i % 3}" for i in range(len(texts))])
    return toolkit.read_corpus(pd.DataFrame({"text": texts, **columns}))


def write(tmp: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def read(name: str, content: str | bytes, encoding: str = "utf-8", **options: Any):
    return lambda tmp: toolkit.read_corpus(write(tmp, name, content, encoding), **options)


PEACE = {"peace": ["peace"]}
# a stray quote (synthetic rows) whose value ends just before a separator: valid CSV, two rows
STRAY = (
    'text,source,published\n"He said hi,TASS,2023-01-01\nsecond,RT,2023-01-02\n'
    'third",BBC,2023-01-03\nfourth,RT,2023-01-02\n'
)
DATED = {"published": ["2023-01-05", "2023-02-07", "2023-03-09"]}
THREE = ["Peace talks began.", "No peace yet, said the minister.", "War and peace."]


def symlink_loop(tmp: Path) -> Any:
    (tmp / "loop").symlink_to(tmp / "loop")
    return toolkit.read_corpus(tmp / "loop")


def concatenated(tmp: Path) -> pd.DataFrame:
    return pd.concat([corpus(THREE[:2]), corpus(THREE[1:])], ignore_index=True)


def read_only(tmp: Path) -> Path:
    folder = tmp / "read_only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def unwritable(tmp: Path) -> Path:
    (tmp / "a_file").write_text("not a folder")
    return tmp / "a_file" / "out"


def failed_write_keeps_old(tmp: Path) -> pd.DataFrame:
    target = toolkit.write_corpus(corpus(THREE), tmp / "c.parquet")
    broken = corpus(THREE).assign(extra=[[1], "x", 2])  # pyarrow cannot store this column
    with pytest.raises(ToolkitError, match="previous file, if any, is kept"):
        toolkit.write_corpus(broken, target)
    assert sorted(p.name for p in tmp.iterdir()) == ["c.parquet"]  # no partial file left
    return toolkit.read_corpus(target)


def regex_family(patterns: list[str]) -> dict[str, Any]:
    return {"f": {"kind": "regex", "patterns": patterns}}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=300
    )


def collect_feed(route: Route | None, *, url: str | None = None) -> set[str]:
    """The reasons the collector gives for what it did not save from one feed (served by a
    local test server on 127.0.0.1, or at ``url``)."""
    import tempfile

    with NewsSite() as site, tempfile.TemporaryDirectory() as tmp:
        feed = url or site.add("/feed.xml", route)
        summary = collect([{"source": "S", "url": feed}], store=Path(tmp) / "c.sqlite",
                          allow_hosts=["127.0.0.1"] if url is None else [], delay=0,
                          timeout=0.5, retries=1, max_bytes=200_000)  # fmt: skip
        return {why for _, _, why in summary.failed}


def report_with_hostile_names(tmp: Path) -> list[Path]:
    """The whole report on synthetic articles whose source and family names are built to
    escape the output folder or collide."""
    sources = ["A B", "a/b", "A-B", "../../x", "y" * 300, "plain"]
    texts = ["Peace and unity talks. EU and NATO met."] * 6 + ["War and sanctions again."] * 6
    dates = pd.date_range("2023-01-01", periods=12, freq="MS").astype(str)
    path = toolkit.write_corpus(
        corpus(texts, source=sources * 2, published=list(dates)), tmp / "c.jsonl"
    )
    terms = write(tmp, "t.yaml", f"'../../x': [peace]\nEU/NATO: [nato]\n'{'z' * 300}': [unity]\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the groups differ in time: not the case
        report(path, terms=str(terms), out=str(tmp / "out"))
    return [p for p in tmp.rglob("*") if p.is_file()]


_KWIC_MEMORY = """
import re, pathlib, pandas as pd, toolkit
filler = "the council met and spoke of trade and security " * 19  # synthetic, about 900 bytes
corpus = toolkit.read_corpus(pd.DataFrame(
    {"text": [" ".join(filler + "sanctions" for _ in range(2_000))], "source": ["S"]}))
lines = toolkit.kwic(corpus, {"sanctions": ["sanctions"]})
peak = re.search(r"VmHWM:\\s+(\\d+)", pathlib.Path("/proc/self/status").read_text())[1]
print(len(corpus.loc[0, "text"]), len(lines), int(peak) // 1024)
"""


def kwic_memory(tmp: Path) -> tuple[int, int, int]:
    """Characters of the article, concordance lines and the peak RSS (MB) of a fresh process."""
    out = subprocess.run([sys.executable, "-c", _KWIC_MEMORY], capture_output=True, text=True,
                         check=True, timeout=300)  # fmt: skip
    chars, lines, peak = map(int, out.stdout.split())
    return chars, lines, peak


def dollar_names() -> pd.DataFrame:
    return corpus(
        ["peace $x$ peace", "war and peace", "peace", "peace and war"],
        source=["$\\frac{1}{0}$", "US$5 and US$6", "plain", "A\\$B"],
        published=["2023-01-01", "2023-02-01", "2023-03-01", "2023-03-01"],
    )


def no_mathtext(ax: Any) -> bool:
    """Every text of the drawn figure is shown as written: none is parsed as mathtext, and the
    names with '$' (one with a backslash before it) appear literally."""
    from matplotlib.text import Text

    fig = ax.figure
    fig.canvas.draw()  # tick labels are written at draw time
    shown = [t._preprocess_math(t.get_text()) for t in fig.findobj(Text) if t.get_visible()]
    matplotlib.pyplot.close(fig)
    names = {"US$5 and US$6", "$\\frac{1}{0}$", "A\\$B", "$p^2$"}
    return (
        not any(math for _, math in shown)
        and any(name in text for text, _ in shown for name in names)
        and not any("\\$" in text for text, _ in shown if "A\\$B" not in text)
    )


DOLLAR_TERMS = {"$p^2$": ["peace"]}
PLOTS: dict[str, Callable[[pd.DataFrame], Any]] = {
    "plot_frequency": lambda c: plot.plot_frequency(
        toolkit.count_terms(c, DOLLAR_TERMS, by="source")
    ),
    "plot_trend": lambda c: plot.plot_trend(
        toolkit.count_terms(c, DOLLAR_TERMS, by="source", period="M")
    ),
    "plot_heatmap": lambda c: plot.plot_heatmap(toolkit.count_terms(c, DOLLAR_TERMS, by="source")),
    "plot_keyness": lambda c: plot.plot_keyness(
        toolkit.keyness(c, by="source", target="US$5 and US$6", min_count=1)
    ),
    "plot_dispersion": lambda c: plot.plot_dispersion(toolkit.dispersion(c, DOLLAR_TERMS)),
    "plot_sentiment": lambda c: plot.plot_sentiment(toolkit.sentiment(c, DOLLAR_TERMS)),
    "plot_coverage": lambda c: plot.plot_coverage(toolkit.coverage(c, by="source")),
    "plot_sentiment_trend": lambda c: plot.plot_sentiment_trend(
        toolkit.summarize_sentiment(toolkit.sentiment(c, DOLLAR_TERMS), by="source", period="M"),
        min_n=1,
    ),
}

EMPTY_ANALYSES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "count_terms": lambda c: toolkit.count_terms(c, PEACE, by="source", period="M"),
    "kwic": lambda c: toolkit.kwic(c, PEACE),
    "collocates": lambda c: toolkit.collocates(c, PEACE, by="source"),
    "dispersion": lambda c: toolkit.dispersion(c, PEACE).dp,
    "sentiment": lambda c: toolkit.sentiment(c, PEACE),
    "coverage": lambda c: toolkit.coverage(c, by="source"),
    "find_duplicates": lambda c: toolkit.find_duplicates(c),
}


def quiet(fn: Callable[[pd.DataFrame], Any]) -> Callable[[Path], Any]:
    """Run ``fn`` on the synthetic '$' corpus, whose groups differ in time (a warning that is
    not this case's subject)."""

    def run(tmp: Path) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            return fn(dollar_names())

    return run


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """The result of ``fn()`` and the seconds it took."""
    import time

    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def four_threads_at_once(tmp: Path) -> bool:
    """kwic, count_terms, collocates and kwic again, each in its own thread at once, on the
    first State of the Union addresses (more than engine.PARALLEL_CHARS of text, so each run
    shares itself out among workers too): the tables of each run alone."""
    import threading

    from toolkit import engine

    sotu = toolkit.load_sotu()
    before = sotu["text"].str.len().cumsum().shift(fill_value=0)
    texts = sotu[before < engine.PARALLEL_CHARS * 1.2]
    assert texts["text"].str.len().sum() > engine.PARALLEL_CHARS
    terms = {"war": ["war*"], "peace": ["peace"]}
    jobs: dict[str, Callable[[], pd.DataFrame]] = {
        "kwic": lambda: toolkit.kwic(texts, terms),
        "count_terms": lambda: toolkit.count_terms(texts, terms),
        "collocates": lambda: toolkit.collocates(texts, {"peace": ["peace"]}, min_count=3),
    }
    alone = {name: job() for name, job in jobs.items()}
    names = ["kwic", "count_terms", "collocates", "kwic"]
    together: dict[int, pd.DataFrame] = {}
    threads = [threading.Thread(target=lambda i=i, n=n: together.update({i: jobs[n]()}))
               for i, n in enumerate(names)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(together) == 4 and all(together[i].equals(alone[n]) for i, n in enumerate(names))


def read_chunked(name: str, content: str, **options: Any) -> Callable[[Path], Any]:
    """The file read at once and a chunk (one row) at a time: ``(whole, chunks joined)``."""

    def run(tmp: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
        path = write(tmp, name, content)
        whole = toolkit.read_corpus(path, **options)
        return whole, pd.concat(toolkit.read_corpus(path, chunksize=1, **options))

    return run


def same_frames(pair: tuple[pd.DataFrame, pd.DataFrame]) -> bool:
    pd.testing.assert_frame_equal(pair[1], pair[0])
    return True


def symlink_loop_report(tmp: Path) -> subprocess.CompletedProcess[str]:
    (tmp / "loop").symlink_to(tmp / "loop")
    return cli("report", str(tmp / "loop"), "--out", str(tmp / "out"))


def report_of_tass_and_tass(tmp: Path) -> list[str]:
    """The names of the keyness tables of a report whose groups differ only in case."""
    texts = ["Peace and unity talks. EU and NATO met in the capital."] * 6 + [
        "War and sanctions again and again, said the minister."] * 6  # fmt: skip
    dates = list(pd.date_range("2023-01-01", periods=12, freq="MS").astype(str))
    path = toolkit.write_corpus(
        corpus(texts, source=["TASS", "Tass"] * 6, published=dates), tmp / "c.jsonl"
    )
    report(path, out=str(tmp / "out"))
    return sorted(p.name for p in (tmp / "out").rglob("keyness*.csv"))


STRING_DATES = pd.DataFrame({  # a frame not read with read_corpus: its dates are text
    "text": THREE, "source": ["A", "B", "A"],
    "published": ["2023-01-05", "2023-02-07", "2023-03-09"],
})  # fmt: skip
LATE_PROOF = "text,source,date\na,A,03/04/2023\nb,A,05/06/2023\nc,A,25/12/2023\n"
NUMBERED_JSON = (
    '{"id": 1, "title": 7, "text": "a", "source": "A"}\n{"id": 2, "text": "b", "source": "A"}\n'
    '{"id": 3, "title": 1660000000000000001, "text": "c", "source": "A"}\n'
)


CASES = [
    # ---- read_corpus: paths
    Case("empty path", 'read_corpus("")', lambda t: toolkit.read_corpus(""), "error",
         "empty path"),
    Case("missing file", "a path that does not exist",
         lambda t: toolkit.read_corpus(t / "nope.csv"), "error", "No such file or folder"),
    Case("symlink loop", "a symbolic link to itself", symlink_loop, "error", "loop"),
    Case("unknown format", "a .docx file", read("a.docx", "x"), "error",
         "Cannot tell the format"),
    Case("not a path", "read_corpus(123)", lambda t: toolkit.read_corpus(123), "error",
         "takes a path or a DataFrame"),
    # ---- read_corpus: encodings and bytes
    Case("empty file", "a CSV of 0 bytes", read("e.csv", ""), "error", "is empty"),
    Case("header only", "a CSV with a header and no rows", read("h.csv", "text,source\n"),
         "result", check=lambda c: len(c) == 0 and list(c.columns[:6]) == [
             "doc_id", "source", "published", "title", "url", "text"]),
    Case("byte-order mark", "UTF-8 CSV with a BOM", read("b.csv", "\ufefftext,source\nhi,A\n"),
         "result", check=lambda c: c.loc[0, "text"] == "hi" and c.loc[0, "source"] == "A"),
    Case("cp1251", "a Windows-1251 CSV read as UTF-8",
         read("c.csv", "text,source\nпривет,ТАСС\n", "cp1251"), "error", "encoding='cp1251'"),
    Case("cp1251 named", "the same with encoding='cp1251'",
         lambda t: toolkit.read_corpus(write(t, "c.csv", "text,source\nмир,ТАСС\n", "cp1251"),
                                       encoding="cp1251"),
         "result", check=lambda c: c.loc[0, "text"] == "мир"),
    Case("latin-1", "a Latin-1 CSV read as UTF-8",
         read("l.csv", "text,source\ncafé,A\n", "latin-1"), "error", "not valid utf-8"),
    Case("invalid UTF-8", "bytes 0xff 0xfe in a CSV", read("i.csv", b"text,source\nab\xff,A\n"),
         "error", "not valid utf-8"),
    Case("NUL bytes", "a NUL byte inside a text", read("n.csv", b"text,source\nab\x00cd,A\n"),
         "result", check=lambda c: c.loc[0, "text"] == "ab\x00cd"
         and toolkit.tokenize(c.loc[0, "text"]) == ["ab", "cd"]),
    Case("lone surrogate", "'\\ud800' in a DataFrame text",
         lambda t: toolkit.read_corpus(pd.DataFrame(
             {"text": ["ab\ud800cd"], "source": ["A"]}, dtype=object)),
         "warning", "lone surrogates", check=lambda c: c.loc[0, "text"] == "ab\ufffdcd"),
    Case("bidi and invisible marks", "LRM, RLM, LRI, PDI, RLO, ALM, CGJ inside words",
         lambda t: corpus(["sanc\u200etions sov\u2066er\u2069eign\u202ety uni\u061cty "
                           "pe\u034face"]),
         "result", check=lambda c: toolkit.tokenize(c.loc[0, "text"]) == [
             "sanctions", "sovereignty", "unity", "peace"]),
    Case("look-alike letters", "NАТО typed with Cyrillic А, Т, О",
         lambda t: corpus(["The N\u0410\u0422\u041e summit.", "NATO again."]),
         "warning", "mixes Latin and Cyrillic",
         check=lambda c: toolkit.count_terms(
             c.assign(text=c.text.map(toolkit.fold_lookalikes)), {"nato": ["nato"]}
         ).loc[0, "hits"] == 2),
    # ---- read_corpus: CSV structure
    Case("HTML in text", "<script> in an article", read(
        "h.csv", 'text,source\n"<script>alert(1)</script> Peace.",A\n'),
         "result", check=lambda c: c.loc[0, "text"] == "<script>alert(1)</script> Peace."),
    Case("embedded newlines and quotes", 'a quoted text with "" and line breaks', read(
        "q.csv", 'text,source\n"He said ""peace"",\nthen left.\n\nEnd.",A\nsecond,B\n'),
         "result", check=lambda c: c["text"].tolist() == [
             'He said "peace",\nthen left.\n\nEnd.', "second"]),
    Case("stray quote", "a quote opening a value that swallows two rows", read(
        "s.csv", 'text,source\n"He said hi,TASS\nsecond,RT\nthird" end,BBC\nfourth,RT\n'),
         "error", "row that starts on line 2 has a quote mark .* out of place on line 4"),
    Case("undoubled quote", 'a quote inside a quoted value: "the plan was "final". End."',
         read("q.csv", 'text,source\n"The plan was "final". End.",A\n'), "error",
         "row that starts on line 2 has a quote mark"),
    Case("stray quote closed at a separator", "the swallowed rows end where a value ends",
         read("s.csv", STRAY), "warning", "stray quote mark", check=lambda c: len(c) == 2),
    Case("stray quote, in chunks", "the same read with chunksize=2",
         lambda t: pd.concat(toolkit.read_corpus(write(t, "s.csv", STRAY), chunksize=2)),
         "warning", "stray quote mark", check=lambda c: len(c) == 2),
    Case("a paragraph like a row", "'TASS, citing a source, said ...' in a TASS article", read(
        "p.csv", 'text,source,published\n"Talks resumed.\n\nTASS, citing a source, said '
        'more, and then some.",TASS,2023-01-01\nOther.,RT,2023-01-02\n'),
         "result", check=lambda c: len(c) == 2),
    Case("unclosed quote", "a quote opened and never closed", read(
        "u.csv", 'text,source\nfine,A\nHe said hi,"TASS\nsecond,RT\n'),
         "error", "never closed"),
    Case("extra fields", "a row with more fields than the header", read(
        "x.csv", "text,source\nhello, world,A\n"), "error", "unquoted separator"),
    Case("semicolons", "a ';'-separated file named .csv", read(
        "semi.csv", "text;source;published\nhi;A;2023-01-01\n"), "error", "sep=';'|';'"),
    Case("repeated column names", "two columns named text",
         lambda t: toolkit.read_corpus(pd.DataFrame([["a", "b"]], columns=["text", "text"])),
         "error", "more than one column named 'text'"),
    Case("no text column", "columns title and date only",
         lambda t: toolkit.read_corpus(pd.DataFrame({"headline": ["x"], "when": ["y"]})),
         "error", "text"),
    Case("all texts missing", "every text empty", read("m.csv", "text,source\n,A\n,B\n"),
         "warning", "have no text", check=lambda c: len(c) == 2),
    Case("texts not strings", "numbers in the text column",
         lambda t: toolkit.read_corpus(pd.DataFrame({"text": [1, "Peace.", 2.5], "source": "A"})),
         "warning", "not a string", check=lambda c: c["text"].tolist() == ["1", "Peace.", "2.5"]),
    # ---- read_corpus: ids
    Case("duplicate ids", "two rows with doc_id 1", read(
        "d.csv", "doc_id,text,source\n1,a,A\n1,b,B\n"), "error", "occur more than once"),
    Case("JSON integer ids", "ids 1984 and a 19-digit id in JSON Lines", read(
        "i.jsonl", '{"id": 1984, "text": "a", "source": "A"}\n'
        '{"id": 1660000000000000001, "text": "b", "source": "A"}\n'
        '{"id": 1660000000000000002, "text": "c", "source": "A"}\n'),
         "result", check=lambda c: c["doc_id"].tolist() == [
             "1984", "1660000000000000001", "1660000000000000002"]),
    Case("concatenated corpora", "pd.concat of two read_corpus results, then sentiment",
         lambda t: toolkit.sentiment(concatenated(t), PEACE), "error", "pd.concat"),
    Case("concatenated, renumbered", "the advice of that error followed",
         lambda t: toolkit.sentiment(
             toolkit.read_corpus(concatenated(t).drop(columns="doc_id")), level="document"),
         "result", check=lambda s: s["doc_id"].is_unique and len(s) == 4),
    # ---- read_corpus: JSON Lines
    Case("broken JSON line", "line 2 of 3 is not JSON", read(
        "b.jsonl", '{"text":"a","source":"A"}\n{"text": broken\n{"text":"c","source":"A"}\n'),
         "error", "line 2 is not valid JSON.*on_error='skip'"),
    Case("broken JSON line, skipped", "the same with on_error='skip'", read(
        "b.jsonl", '{"text":"a","source":"A"}\n{"text": broken\n[1, 2]\n'
        '{"text":"c","source":"A"}\n', on_error="skip"),
         "warning", "Skipped 2 lines of b.jsonl.*line 2.*line 3 holds a JSON array",
         check=lambda c: c["text"].tolist() == ["a", "c"]),
    Case("skip on CSV", "on_error='skip' for a CSV", read(
        "a.csv", "text,source\na,A\n", on_error="skip"), "error", "read as a whole"),
    Case("unreadable file in a folder, skipped", "a cp1251 .txt among UTF-8 ones",
         lambda t: (write(t, "a.txt", "Peace."), write(t, "b.txt", "мир", "cp1251"),
                    toolkit.read_corpus(t, source="A", on_error="skip"))[-1],
         "warning", "Skipped 1 file .*b.txt is not valid",
         check=lambda c: c["doc_id"].tolist() == ["a"]),
    # ---- read_corpus: dates
    Case("two date orders", "03/04/2023, 25/12/2023 and 12/25/2023 in one column", read(
        "d.csv", "text,source,date\na,A,03/04/2023\nb,A,25/12/2023\nc,A,12/25/2023\n"),
         "error", "two orders"),
    Case("day-first column", "03/04/2023 beside 25/12/2023", read(
        "d.csv", "text,source,date\na,A,03/04/2023\nb,A,25/12/2023\n"),
         "result", check=lambda c: [str(d.date()) for d in c.published] == [
             "2023-04-03", "2023-12-25"]),
    Case("day-first, two-digit years", "03/04/23 beside 25/12/23", read(
        "d.csv", "text,source,date\na,A,03/04/23\nb,A,25/12/23\n"),
         "result", check=lambda c: [str(d.date()) for d in c.published] == [
             "2023-04-03", "2023-12-25"]),
    Case("ambiguous dates", "03/04/2023 and 04/03/2023 only", read(
        "d.csv", "text,source,date\na,A,03/04/2023\nb,A,04/03/2023\n"),
         "warning", "could be day or month first.*read month first",
         check=lambda c: str(c.published[0].date()) == "2023-03-04"),
    Case("mixed formats and zones", "ISO, 'March 5, 2023', +03:00, Z and no zone", read(
        "d.csv", 'text,source,date\na,A,2023-03-04T10:00Z\nb,A,"March 5, 2023"\n'
        "c,A,2023-03-06T10:00:00+03:00\nd,A,2023-03-07\n"),
         "result", check=lambda c: [str(d) for d in c.published] == [
             "2023-03-04 10:00:00+00:00", "2023-03-05 00:00:00+00:00",
             "2023-03-06 07:00:00+00:00", "2023-03-07 00:00:00+00:00"]),
    Case("unparseable dates", "'yesterday' as a date", read(
        "d.csv", "text,source,date\na,A,yesterday\nb,A,2023-01-01\n"),
         "error", "could not be parsed.*dates='coerce'"),
    Case("unparseable dates, coerced", "the same with dates='coerce'", read(
        "d.csv", "text,source,date\na,A,yesterday\nb,A,2023-01-01\n", dates="coerce"),
         "warning", "unknown date", check=lambda c: c.published.isna().tolist() == [True, False]),
    Case("placeholder date", "0001-01-01 then count_terms(period='D')",
         lambda t: toolkit.count_terms(
             corpus(THREE, source="A", published=["0001-01-01", "2023-01-01", "2023-01-02"]),
             PEACE, by="source", period="D"),
         "error", "0001-01-01"),
    Case("wrong option values", "dates='maybe'", lambda t: toolkit.read_corpus(
        pd.DataFrame({"text": ["a"]}), dates="maybe"), "error", "'raise' or 'coerce'"),
    Case("bad time zone", "tz='Mars/Base'", lambda t: toolkit.read_corpus(
        pd.DataFrame({"text": ["a"]}), tz="Mars/Base"), "error", "IANA"),
    # ---- terms
    Case("repeated family key", "a YAML file naming 'peace' twice",
         lambda t: toolkit.load_terms(write(t, "t.yaml", "peace: [peace]\npeace: [calm]\n")),
         "error", "peace"),
    Case("binary YAML", "random bytes as a terms file",
         lambda t: toolkit.load_terms(write(t, "t.yaml", bytes(range(256)))), "error", ""),
    Case("invalid regex", "re pattern '(unclosed'",
         lambda t: toolkit.count_terms(corpus(THREE), regex_family(["(unclosed"])), "error",
         "\\(unclosed"),
    Case("catastrophic regex", "(a+)+b against a 50,000-letter token",
         lambda t: toolkit.count_terms(corpus(["a" * 50_000]), regex_family(["(a+)+b"])),
         "error", "\\(a\\+\\)\\+b"),
    Case("backreference", "a second regex pattern with a backreference",
         lambda t: toolkit.count_terms(
             corpus(["bye bye peace", "no no"]), regex_family(["peace", r"(b\w+)\s+\1"])),
         "result", check=lambda c: c.loc[0, "hits"] == 1),
    Case("never-matching pattern", "'peace talks!' (no token has '!')",
         lambda t: toolkit.count_terms(corpus(THREE), {"p": ["peace talks!"]}), "error",
         "can never match"),
    # ---- analyses
    Case("list-valued by", "by='tags' whose values are lists",
         lambda t: toolkit.count_terms(corpus(THREE, tags=[["a"], ["b", "c"], []]), PEACE,
                                       by="tags"), "error", "explode"),
    Case("missing by column", "by='outlet' that the corpus lacks",
         lambda t: toolkit.count_terms(corpus(THREE), PEACE, by="outlet"), "error",
         "does not have"),
    Case("wrongly typed option", "min_docs='5'",
         lambda t: toolkit.count_terms(corpus(THREE), PEACE, min_docs="5"), "error",
         "min_docs"),
    *(Case(f"empty corpus: {name}", "a corpus with no rows", lambda t, f=fn: f(corpus([])),
           "result", check=lambda r: len(r) <= 1) for name, fn in EMPTY_ANALYSES.items()),
    Case("empty corpus: keyness", "keyness of a corpus with no rows",
         lambda t: toolkit.keyness(corpus([]), by="source", target="S0"), "error",
         "nothing to compare"),
    Case("kwic: 2,000 hits in a 1.8 MB article", "once 4 GB (a copy of the article per hit)",
         kwic_memory, "result", check=lambda r: r[0] > 1_800_000 and r[1] == 2_000 and r[2] < 600),
    Case("long line without punctuation", "sentiment of 300 KB without a full stop",
         lambda t: toolkit.sentiment(corpus(["good calm word " * 20_000]), level="document"),
         "result", check=lambda s: len(s) == 1 and s.loc[0, "n_sentences"] > 1),
    Case("sentences of a 2 MB line", "sentences() of 2 MB without punctuation",
         lambda t: toolkit.sentences("word " * 400_000), "result",
         check=lambda s: "".join(s).replace(" ", "") == "word" * 400_000),
    Case("not a str", "tokenize(None), sentences(3)",
         lambda t: toolkit.tokenize(None), "error", "takes a str"),
    # ---- writing
    Case("write an unknown format", "write_corpus(..., 'c.csv')",
         lambda t: toolkit.write_corpus(corpus(THREE), t / "c.csv"), "error",
         ".parquet or .jsonl"),
    Case("write under a file", "write_corpus into a path whose folder is a file",
         lambda t: toolkit.write_corpus(corpus(THREE), unwritable(t) / "c.parquet"), "error",
         "is a file"),
    Case("write into a read-only folder", "write_corpus into a folder without write permission",
         lambda t: toolkit.write_corpus(corpus(THREE), read_only(t) / "c.parquet"), "error",
         "Permission denied", needs_permissions=True),
    Case("write a non-corpus", "write_corpus of a frame without the corpus columns",
         lambda t: toolkit.write_corpus(pd.DataFrame({"x": [1]}), t / "c.parquet"), "error",
         "not a corpus"),
    Case("write fails midway", "a column pyarrow cannot store, over a good file",
         failed_write_keeps_old, "result", check=lambda c: c["text"].tolist() == THREE),
    Case("report with hostile names", "sources 'A B', 'a/b', 'A-B', '../../x', 300 letters; "
         "families '../../x', 'EU/NATO', 300 letters", report_with_hostile_names, "result",
         check=lambda files: len(files) > 20 and all(
             f.name in {"c.jsonl", "t.yaml"} or f.parent.name in {"out", "charts", "tables"}
             for f in files)),
    Case("spreadsheet formulas", "cells '=HYPERLINK(...)', '@SUM', '+1', '-2.5'",
         lambda t: for_spreadsheets(pd.DataFrame(
             {"=cmd": ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-2.5", "peace"]})),
         "result", check=lambda f: f.columns[0] == "'=cmd" and f.iloc[:, 0].tolist() == [
             "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "+1", "-2.5", "peace"]),
    Case("fingerprint of a folder with a video", "a 200 MB .mp4 beside the .txt files",
         lambda t: (write(t, "a.txt", "Peace."), _sparse(t / "clip.mp4", 200 << 20),
                    toolkit.report.corpus_fingerprint(t))[-1],
         "result", check=lambda f: f.startswith("sha256:")),
    # ---- charts: names that hold '$'
    *(Case(f"mathtext: {name}", "sources '$\\frac{1}{0}$', 'US$5 and US$6', term '$p^2$'",
           quiet(fn), "result", check=no_mathtext) for name, fn in PLOTS.items()),
    *(Case(f"empty table: {name}", "the table of a corpus with no rows",
           lambda t, f=fn: f(corpus([], published=[])), "error", "no rows")
      for name, fn in PLOTS.items() if name != "plot_keyness"),
    Case("chart of the wrong table", "plot_frequency(corpus)",
         lambda t: plot.plot_frequency(corpus(THREE)), "error", "needs the table made by"),
    # ---- the collector (a local server on 127.0.0.1)
    Case("collector: private address", "a feed at http://10.0.0.7/ without allow_hosts",
         lambda t: collect_feed(None, url="http://10.0.0.7/feed.xml"), "result",
         check=lambda why: why == {"refused address"}),
    Case("collector: redirect to the intranet", "a feed that redirects to 192.168.1.1",
         lambda t: collect_feed(Route(302, b"", {"Location": "http://192.168.1.1/"})), "result",
         check=lambda why: why == {"refused address"}),
    Case("collector: entity expansion", "a feed that is a billion-laughs XML bomb",
         lambda t: collect_feed(Route(200, BILLION_LAUGHS)), "result",
         check=lambda why: why == {"hostile xml"}),
    Case("collector: gzip bomb", "a feed of 50 MB of zeros gzipped to 50 KB",
         lambda t: collect_feed(Route(200, gzip_bomb(), {"Content-Encoding": "gzip"})),
         "result", check=lambda why: why == {"too large"}),
    Case("collector: oversized page", "a 300 KB feed over a 200 KB cap",
         lambda t: collect_feed(Route(200, b"<rss>" + b"x" * 300_000 + b"</rss>")), "result",
         check=lambda why: why == {"too large"}),
    Case("collector: malformed feed", "an RSS document cut off midway",
         lambda t: collect_feed(Route(200, b"<rss><channel><item>")), "result",
         check=lambda why: why == {"malformed feed"}),
    # ---- command line
    Case("CLI: missing corpus", "report missing.csv",
         lambda t: cli("report", str(t / "missing.csv")), "result",
         check=lambda r: r.returncode == 2 and "Traceback" not in r.stderr
         and "No corpus" in r.stderr),
    Case("CLI: --out in a read-only folder", "report c.jsonl --out read_only/out",
         lambda t: cli("report", str(toolkit.write_corpus(corpus(THREE), t / "c.jsonl")),
                       "--out", str(read_only(t) / "out")),
         "result", check=lambda r: r.returncode == 2 and "Traceback" not in r.stderr
         and "Permission denied" in r.stderr, needs_permissions=True),
    Case("report over the user's files", "--out a folder holding the user's own index.html",
         lambda t: report(toolkit.write_corpus(corpus(THREE), t / "c.jsonl"),
                          out=str(write(t, "index.html", "<h1>mine</h1>").parent)),
         "error", "was not written by a rhetoric-toolkit report"),
    Case("report into a blank name", "--out '  '",
         lambda t: report(toolkit.write_corpus(corpus(THREE), t / "c.jsonl"), out="  "),
         "error", "blank"),
    Case("CLI: --out under a file", "report c.jsonl --out a_file/out",
         lambda t: cli("report", str(toolkit.write_corpus(corpus(THREE), t / "c.jsonl")),
                       "--out", str(unwritable(t))),
         "result", check=lambda r: r.returncode == 2 and "Traceback" not in r.stderr
         and "is a file" in r.stderr),
    # ---- threads, growth
    Case("threads: four analyses at once", "kwic, count_terms, collocates and kwic in four "
         "threads on 4.8 million characters of SOTU (over engine.PARALLEL_CHARS)",
         four_threads_at_once, "result", check=lambda same: same),
    Case("growth: 2,000 groups styled", "plot.group_style for 2,000 sources",
         lambda t: timed(lambda: [plot.group_style(f"outlet {i}") for i in range(2_000)]),
         "result", check=lambda r: len(r[0]) == 2_000 and len(set(r[0])) == 128 and r[1] < 2),
    Case("growth: 4,000 identical copies", "find_duplicates of one article 4,000 times",
         lambda t: timed(lambda: toolkit.find_duplicates(corpus(
             ["Talks resumed in the capital on Monday, officials said."] * 4_000, source="A"))),
         "result", check=lambda r: len(r[0]) == 3_999 and r[1] < 10),
    # ---- chunks: what the data decides is decided for the whole input
    Case("chunks: date order", "03/04/2023, 05/06/2023, then 25/12/2023, chunksize=1",
         read_chunked("d.csv", LATE_PROOF), "result",
         check=lambda r: same_frames(r) and [f"{d:%m-%d}" for d in r[1].published] == [
             "04-03", "06-05", "12-25"]),
    Case("chunks: JSON ids and titles", "numbers as ids and titles, a title missing, "
         "chunksize=1", read_chunked("n.jsonl", NUMBERED_JSON), "result",
         check=lambda r: same_frames(r) and r[1]["doc_id"].tolist() == ["1", "2", "3"]
         and r[1]["title"].fillna("-").tolist() == ["7", "-", "1660000000000000001"]),
    Case("chunks: ids a later chunk lacks", "JSON Lines whose second object has no id, "
         "chunksize=1", lambda t: list(toolkit.read_corpus(write(
             t, "n.jsonl", '{"id": 1, "text": "a"}\n{"text": "b"}\n'), source="A", chunksize=1)),
         "error", r"rows 2-2\) have no doc_id"),
    # ---- scripts
    Case("scripts: Arabic, Hebrew, Devanagari", "tokens with combining marks and joiners",
         lambda t: toolkit.tokenize(corpus(["مرحبا بالعالم שָׁלוֹם עולם नमस्ते दुनिया"]).text[0]),
         "result", check=lambda tokens: tokens == [
             "مرحبا", "بالعالم", "שָׁלוֹם", "עולם", "नमस्ते", "दुनिया"]),
    Case("scripts: dotted capital İ", "'İstanbul', 'istanbul', 'ISTANBUL' by kwic and "
         "count_terms", lambda t: (lambda c: (len(toolkit.kwic(c, {"i": ["istanbul"]})),
                                              toolkit.count_terms(c, {"i": ["istanbul"]}).hits[0]))(
             corpus(["İstanbul and istanbul and ISTANBUL"])),
         "result", check=lambda r: r[0] == r[1] == 3),
    # ---- frames not read with read_corpus
    Case("string dates: keyness", "keyness of a frame whose published holds text",
         lambda t: toolkit.keyness(STRING_DATES, by="source", target="A", min_count=1), "error",
         "holds text .*toolkit.read_corpus"),
    Case("string dates: common_window", "common_window of the same frame",
         lambda t: toolkit.common_window(STRING_DATES), "error",
         "holds text .*toolkit.read_corpus"),
    Case("string dates: by period", "count_terms(period='M') of the same frame",
         lambda t: toolkit.count_terms(STRING_DATES, PEACE, period="M"), "error",
         "holds text .*toolkit.read_corpus"),
    Case("stem(None)", "stem(None)", lambda t: toolkit.stem(None), "error", "takes a str"),
    # ---- the report folder
    Case("report over a page that names the toolkit", "--out a folder whose own index.html "
         "says 'toolkit'", lambda t: report(
             toolkit.write_corpus(corpus(THREE), t / "c.jsonl"),
             out=str(write(t, "index.html", "<h1>My toolkit notes</h1>").parent)),
         "error", "was not written by a rhetoric-toolkit report"),
    Case("report: groups 'TASS' and 'Tass'", "two sources whose names differ only in case",
         report_of_tass_and_tass, "result",
         check=lambda names: len({n.lower() for n in names}) == len(names) >= 2),
    Case("CLI: report on a symlink loop", "report loop, where loop -> loop",
         symlink_loop_report, "result", check=lambda r: r.returncode == 2
         and "Traceback" not in r.stderr and "symbolic link" in r.stderr and "loop" in r.stderr),
    # ---- term files
    Case("term file: case_sensitive as text", "case_sensitive: 'false'",
         lambda t: toolkit.load_terms(write(
             t, "t.yaml", "peace:\n  patterns: [peace]\n  case_sensitive: 'false'\n")),
         "error", "case_sensitive must be true or false"),
    Case("term file: a language's patterns as one string", "patterns: {en: sanction*}",
         lambda t: toolkit.count_terms(
             corpus(["New sanctions were imposed.", "Talks went on."]),
             toolkit.load_terms(write(t, "t.yaml", "sanctions:\n  patterns: {en: sanction*}\n")),
         )["hits"].tolist(),
         "result", check=lambda hits: hits == [1]),
    Case("term file: a pattern that is a list", "patterns: [[sanction*]]",
         lambda t: toolkit.load_terms(
             write(t, "t.yaml", "sanctions:\n  patterns: [[sanction*]]\n")),
         "error", "patterns"),
    Case("term file: YAML alias", "a: &x [peace], b: *x",
         lambda t: toolkit.load_terms(write(t, "t.yaml", "a: &x [peace]\nb: *x\n")), "error",
         "aliases are not allowed"),
]  # fmt: skip


#: The documented result of each case that does not end in an error (printed in the table).
RESULTS = {
    "header only": "an empty corpus with the canonical columns",
    "byte-order mark": "read; the BOM is not part of the first column name",
    "cp1251 named": "read as written",
    "NUL bytes": "kept as written; tokenize() splits the word there",
    "lone surrogate": "each replaced by U+FFFD",
    "bidi and invisible marks": "removed by normalize: the words are whole",
    "look-alike letters": "kept as written; fold_lookalikes() makes them count",
    "HTML in text": "kept as text (every HTML the project writes escapes it)",
    "embedded newlines and quotes": "read exactly",
    "stray quote closed at a separator": "the merged rows stay merged, and the row is named",
    "a paragraph like a row": "read, no warning (a row must match a source and a date)",
    "stray quote, in chunks": "the same, when the swallowed rows' values occur in that chunk "
    "or an earlier one",
    "all texts missing": "kept; analyses leave them out and say so",
    "texts not strings": "read as their text",
    "JSON integer ids": "ids exactly as written, no float, no collapse",
    "concatenated, renumbered": "unique ids, one score per article",
    "broken JSON line, skipped": "the other lines read; the skipped ones named",
    "unreadable file in a folder, skipped": "the other files read; the skipped one named",
    "day-first column": "every date read day first",
    "day-first, two-digit years": "the same (years as strptime's %y)",
    "ambiguous dates": "read month first (day first for dots), and counted",
    "mixed formats and zones": "every date parsed, in UTC",
    "unparseable dates, coerced": "those articles kept with NaT",
    "backreference": "each pattern compiled on its own: the backreference works",
    "kwic: 2,000 hits in a 1.8 MB article": "2,000 lines, under 600 MB peak RSS (measured ~180)",
    "long line without punctuation": "scored in windows of at most 3,000 characters",
    "sentences of a 2 MB line": "finishes (linear), every word kept",
    "write fails midway": "the previous file intact, no partial file left",
    "report with hostile names": "every file inside the output folder, none overwritten",
    "spreadsheet formulas": "formula cells prefixed with ', numbers kept",
    "fingerprint of a folder with a video": "only the corpus files hashed, a block at a time",
    "CLI: missing corpus": "exit 2, a one-line message, no traceback",
    "CLI: --out in a read-only folder": "exit 2, 'Permission denied', no traceback",
    "CLI: --out under a file": "exit 2, names the file in the way, no traceback",
    "threads: four analyses at once": "each table equal to its run alone",
    "growth: 2,000 groups styled": "a style for each (128 distinct, then repeated), in under 2 s",
    "growth: 4,000 identical copies": "3,999 later copies found, in under 10 s (measured ~0.5)",
    "term file: a language's patterns as one string": "one English pattern, sanction*: the "
    "article with 'sanctions' is the one hit (before: single characters and '*' matched every "
    "token)",
    "chunks: date order": "every chunk reads day first, as the whole file proves; the chunks "
    "joined equal the whole read",
    "chunks: JSON ids and titles": "ids and titles as written ('1', '7', 19 digits), the same "
    "whole and in chunks",
    "scripts: Arabic, Hebrew, Devanagari": "each word one token, marks and vowel signs kept",
    "scripts: dotted capital İ": "kwic finds the 3 hits count_terms counts",
    "report: groups 'TASS' and 'Tass'": "a keyness table each, under names that differ in any "
    "case",
    "CLI: report on a symlink loop": "exit 2, says it is a symbolic link loop, no traceback",
    **{case: "empty table with its columns" for case in (
        f"empty corpus: {name}" for name in EMPTY_ANALYSES)},
    **{case: "every text shown as written, none as mathtext" for case in (
        f"mathtext: {name}" for name in PLOTS)},
    **{f"collector: {name}": f"not saved, reason '{why}'" for name, why in [
        ("private address", "refused address"), ("redirect to the intranet", "refused address"),
        ("entity expansion", "hostile xml"), ("gzip bomb", "too large"),
        ("oversized page", "too large"), ("malformed feed", "malformed feed")]},
}  # fmt: skip


def test_every_result_is_documented():
    assert {case.name for case in CASES if case.outcome != "error"} == set(RESULTS)


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    with path.open("wb") as handle:
        handle.seek(size - 1)
        handle.write(b"\0")
    return path


def test_every_case_has_a_unique_name():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    if case.needs_permissions and os.geteuid() == 0:
        pytest.skip("root may write into any folder")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.outcome == "error":
            # pytest.raises lets any other exception through: a raw one fails the case
            with pytest.raises(ToolkitError) as info:
                case.run(tmp_path)
            assert re.search(case.says, str(info.value), re.DOTALL), str(info.value)
            return
        result = case.run(tmp_path)
    ours = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    if case.outcome == "warning":
        assert any(re.search(case.says, m, re.DOTALL) for m in ours), ours
    else:
        assert case.outcome == "result"
        assert not ours, ours
    if case.check is not None:
        assert case.check(result)


def _observed(case: Case) -> str:
    """What the case does, in a few words: the start of its error or warning, or its result."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            case.run(Path(tmp))
        except ToolkitError as error:
            return f"{type(error).__name__}: {_short(str(error))}"
    ours = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    warned = f"CorpusWarning: {_short(ours[0])}; then " if ours else ""
    return warned + RESULTS[case.name]


def _short(message: str, limit: int = 110) -> str:
    message = " ".join(message.split()).replace("|", "/")
    return message if len(message) <= limit else message[: limit - 3].rstrip() + "..."


if __name__ == "__main__":  # the matrix as a table: case, input, what it does
    print("| case | input | outcome |\n|---|---|---|")
    for case in CASES:
        if case.needs_permissions and os.geteuid() == 0:
            outcome = f"(not run as root) {RESULTS.get(case.name, case.says)}"
        else:
            outcome = _observed(case)
        print(f"| {case.name} | {case.given.replace('|', '/')} | {outcome} |")
