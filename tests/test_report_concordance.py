"""The concordance page: its embedded table decodes to the kwic table, it escapes what it shows,
it stays small, and (with Chromium installed) it renders, filters, sorts and pages in a browser.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.errors import ToolkitError
from toolkit.report.concordance import write_concordance

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium")

#: Ordinary content words of SOTU: about 63,000 hits of window 8, over the whole corpus.
CONTENT = {
    "government": ["government*"],
    "people": ["people*"],
    "congress": ["congress*"],
    "states": ["state", "states"],
    "nation": ["nation*"],
    "war": ["war", "wars"],
    "law": ["law", "laws"],
    "public": ["public"],
    "country": ["country", "countries"],
    "power": ["power*"],
    "america": ["america*"],
    "world": ["world*"],
}


@pytest.fixture(scope="module")
def sotu() -> pd.DataFrame:
    return toolkit.load_sotu()


@pytest.fixture(scope="module")
def rhetoric(sotu) -> pd.DataFrame:
    """Every hit of the packaged dictionary in SOTU (about 15,000), with the president."""
    return toolkit.kwic(
        sotu, "rhetoric", window=8, meta=["source", "published", "url", "president"]
    )


@pytest.fixture(scope="module")
def rhetoric_page(rhetoric, tmp_path_factory) -> Path:
    return write_concordance(rhetoric, tmp_path_factory.mktemp("page") / "concordance.html")


def odd_table() -> pd.DataFrame:
    """Synthetic: a hand-made kwic table with what real tables rarely have at once: undated
    hits, times of day, missing and empty urls, Cyrillic, characters beyond the BMP, markup in
    every text column, a voice and a speaker column and a hit whose ``end`` is not its match's."""
    published = pd.to_datetime(
        ["2023-05-18", None, "2023-05-18 07:30:15.25", "2022-01-01", "2023-05-19"],
        utc=True,
        format="ISO8601",
    )
    return pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "a"],
            "source": ["<script>alert(1)</script>", "TASS", "BBC", None, "TASS"],
            "published": published,
            "url": ["https://example.org/a", "https://example.org/a", None, "", "javascript:x()"],
            "term": ["unity", "unity", "sanctions", "peace", "unity"],
            "match": ["unity", "Unity", "санкции", "peace 🕊", "unity"],
            "left": ['<img src=x onerror="document.title=1">', "", "против России", "a", "x"],
            "right": ["& more </script>", "and", "«нажим»", "b", "y"],
            "start": [10, 40, 5, 0, 400],
            "end": [15, 45, 12, 7, 406],
            "in_quote": [False, True, True, False, False],
            "voice": ["outlet", "quote", "reported", "outlet", None],
            "speaker": [None, "Lavrov", "Zakharova", None, None],
            "president": ["<b>X</b>", "Y", "Y", "Z", "Y"],
        }
    )


def embedded(path: Path) -> tuple[str, dict]:
    """The page's text and its embedded table, decoded as a reader of the format would:
    base64, then gzip, then JSON."""
    page = path.read_text("utf-8")
    found = re.findall(
        r'<script type="application/octet-stream" id="hits">(.*?)</script>', page, re.S
    )
    assert len(found) == 1
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", found[0])  # nothing in it can end the element
    return page, json.loads(gzip.decompress(base64.b64decode(found[0])).decode("utf-8"))


def decode(data: dict) -> pd.DataFrame:
    """The rows of the embedded table, following the format in toolkit.report.concordance."""
    n, columns = data["n"], data["columns"]
    out: dict[str, list] = {}
    for name, col in columns.items():
        if "dict" in col:
            out[name] = [col["dict"][code] for code in col["codes"]]
        elif "context" in col:
            out[name] = data["context"][col["context"] :: 2]
        elif "delta" in col:
            runs, values = columns[col["delta"]]["codes"], list(col["values"])
            for i in range(1, n):
                if runs[i] == runs[i - 1]:
                    values[i] += values[i - 1]
            out[name] = values
        elif "values" in col:
            out[name] = col["values"]
    if columns.get("end", {}).get("derived") == "start+len(match)":
        out["end"] = [s + len(m) for s, m in zip(out["start"], out["match"])]
    frame = pd.DataFrame({name: out[name] for name in columns})
    for name, col in columns.items():
        if col["kind"] == "time":
            frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    return frame


def assert_same_rows(decoded: pd.DataFrame, table: pd.DataFrame) -> None:
    assert list(decoded.columns) == list(table.columns)
    assert len(decoded) == len(table)
    for name in table.columns:
        want, got = table[name].reset_index(drop=True), decoded[name]
        if isinstance(want.dtype, pd.DatetimeTZDtype):
            assert (want.isna() == got.isna()).all(), name
            assert (want.dropna().to_numpy() == got.dropna().to_numpy()).all(), name
            continue
        want_values = [None if pd.isna(v) else v for v in want.astype(object)]
        got_values = [None if pd.isna(v) else v for v in got.astype(object)]
        assert got_values == want_values, name
        assert [type(v) for v in got_values] == [type(v) for v in want_values] or name == "in_quote"


def test_embedded_table_decodes_to_every_row(rhetoric, rhetoric_page):
    _, data = embedded(rhetoric_page)
    assert data["format"] == "rhetoric-toolkit concordance 1"
    assert data["n"] == len(rhetoric) > 13_000
    assert data["by"] == "source"
    assert data["filters"] == ["source", "term", "in_quote"]
    assert_same_rows(decode(data), rhetoric)
    # repeated strings are stored once
    assert {"doc_id", "source", "url", "term", "match", "published"} <= {
        name for name, col in data["columns"].items() if "dict" in col
    }
    assert data["columns"]["end"] == {"kind": "int", "derived": "start+len(match)"}


def test_odd_table_decodes_exactly(tmp_path):
    table = odd_table()
    _, data = embedded(write_concordance(table, tmp_path / "odd.html", by="president"))
    assert data["filters"] == ["president", "term", "in_quote", "voice"]
    assert data["search"] == ["left", "match", "right", "speaker"]
    assert "derived" not in data["columns"]["end"]  # one end is not start + len(match)
    decoded = decode(data)
    assert_same_rows(decoded, table[decoded.columns])
    assert set(decoded.columns) == set(table.columns)
    assert data["columns"]["published"]["dict"] == [
        "2022-01-01",
        "2023-05-18",
        "2023-05-18T07:30:15.250000Z",
        "2023-05-19",
        None,
    ]


def test_extra_columns_of_any_type_are_carried(tmp_path):
    table = odd_table().assign(
        party=pd.Categorical(["a", "b", "a", None, "b"]),
        tags=[["x", "y"], [], ["z"], None, ["x"]],
        score=[0.5, np.nan, np.inf, 2.0, 1.0],
        note=pd.Series(["fine", "bad \ud800 text", "", None, "ok"], dtype=object),
    )
    _, data = embedded(write_concordance(table, tmp_path / "any.html"))
    decoded = decode(data)
    assert decoded["party"].tolist()[:3] == ["a", "b", "a"] and pd.isna(decoded["party"][3])
    assert decoded["tags"].tolist()[:3] == ["['x', 'y']", "[]", "['z']"]
    assert decoded["score"].tolist()[3:] == [2.0, 1.0] and decoded["score"][2] == "inf"
    assert decoded["note"][1] == "bad \ufffd text"


def test_columns_option_chooses_the_extra_columns(rhetoric, tmp_path):
    _, data = embedded(write_concordance(rhetoric, tmp_path / "a.html", columns=[]))
    assert "president" not in data["columns"]
    with pytest.raises(ToolkitError, match=r"columns= names \['party'\]"):
        write_concordance(rhetoric, tmp_path / "b.html", columns=["party"])


def test_everything_from_the_data_is_escaped(tmp_path):
    path = write_concordance(odd_table(), tmp_path / "odd.html", title="<b>Hits</b> & </title>")
    page = path.read_text("utf-8")
    assert "<title>&lt;b&gt;Hits&lt;/b&gt; &amp; &lt;/title&gt;</title>" in page
    assert "<h1>&lt;b&gt;Hits&lt;/b&gt; &amp; &lt;/title&gt;</h1>" in page
    for raw in ("alert(1)", "<img", "onerror", "Lavrov", "<b>X</b>"):
        assert raw not in page
    # the script writes data through textContent, never as markup
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page
    assert "document.write" not in page


def test_page_is_self_contained_and_deterministic(rhetoric, rhetoric_page, tmp_path):
    page = rhetoric_page.read_text("utf-8")
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1  # one inline script, nothing loaded
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\b(src|href)\s*=", markup)
    assert "http://" not in page and "https://" not in page and "@import" not in page
    for call in ("fetch(", "XMLHttpRequest", "import(", "WebSocket", "innerHTML"):
        assert call not in scripts[0]
    again = write_concordance(rhetoric, tmp_path / "again.html")
    assert again == tmp_path / "again.html"
    assert again.read_bytes() == rhetoric_page.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.html"]  # no partial file left


@pytest.mark.parametrize(
    ("hits", "bound"),
    [(10_000, 600_000), (50_000, 2_700_000)],
)
def test_page_size_bounds(sotu, tmp_path, hits, bound):
    """The page holds every hit and stays small: about 49 bytes a hit at 10,000 hits (488 KB
    measured) and 44 at 50,000 (2.20 MB measured); the bounds leave a fifth for variation."""
    if hits == 10_000:
        table = toolkit.kwic(sotu, "rhetoric", window=8).head(hits)
    else:
        table = toolkit.kwic(sotu, CONTENT, window=8).head(hits)
    assert len(table) == hits
    path = write_concordance(table, tmp_path / "page.html")
    _, data = embedded(path)
    assert data["n"] == hits
    assert path.stat().st_size < bound, path.stat().st_size


def test_empty_table_says_there_are_no_hits(sotu, tmp_path):
    table = toolkit.kwic(sotu.head(3), {"none": ["zebra*"]})
    assert table.empty
    page = write_concordance(table, tmp_path / "empty.html").read_text("utf-8")
    assert "There are no hits in this concordance" in page
    assert "0 hits" in page
    assert "application/octet-stream" not in page


def test_missing_columns_name_them_and_kwic(rhetoric, tmp_path):
    with pytest.raises(ToolkitError, match=r"lacks \['left', 'in_quote'\].*toolkit\.kwic"):
        write_concordance(rhetoric.drop(columns=["left", "in_quote"]), tmp_path / "x.html")
    with pytest.raises(ToolkitError, match=r"toolkit\.kwic\(\); it lacks \['party'\]"):
        write_concordance(rhetoric, tmp_path / "x.html", by="party")
    with pytest.raises(ToolkitError, match="not a list"):
        write_concordance([1, 2], tmp_path / "x.html")  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="by= takes one column"):
        write_concordance(rhetoric, tmp_path / "x.html", by=["source"])  # type: ignore[arg-type]
    with pytest.raises(ToolkitError, match="by= takes one column"):
        write_concordance(rhetoric, tmp_path / "x.html", by="left")
    assert not (tmp_path / "x.html").exists()


# --- In a browser -------------------------------------------------------------------------------


def render(path: Path, tmp_path: Path, fragment: str = "") -> str:
    """The page's DOM after its script ran, in headless Chromium, from file://."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.resolve().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def count_line(dom: str) -> tuple[int, int, str]:
    found = re.search(r'<p id="count"[^>]*data-shown="(\d+)" data-total="(\d+)">([^<]*)</p>', dom)
    assert found, dom[:3000]
    return int(found[1]), int(found[2]), found[3]


def hit_items(dom: str) -> list[str]:
    return re.findall(r'<li class="hit[^"]*">.*?</li>', dom, re.S)


def unescape_text(fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@needs_browser
def test_browser_shows_every_hit_and_the_first_page(rhetoric, rhetoric_page, tmp_path):
    dom = render(rhetoric_page, tmp_path)
    shown, total, line = count_line(dom)
    assert shown == total == len(rhetoric)
    assert line == f"{len(rhetoric):,} of {len(rhetoric):,} hits"
    items = hit_items(dom)
    assert len(items) == 50  # the default page length
    first = rhetoric.iloc[0]
    assert f'<mark class="match">{first["match"]}</mark>' in items[0]
    assert f">{first['doc_id']}</a>" in items[0]
    assert 'rel="noopener noreferrer"' in items[0] and f'href="{first["url"]}"' in items[0]
    assert f"Page 1 of {-(-len(rhetoric) // 50)}" in dom
    assert 'id="status" hidden=""' in dom  # the loading message is gone


@needs_browser
@pytest.mark.parametrize(
    ("fragment", "keep"),
    [
        ("#term=peace&source=Whig", lambda t: (t.term == "peace") & (t.source == "Whig")),
        (
            "#in_quote=true&from=1900-01-01&to=1950-12-31",
            lambda t: (
                t.in_quote
                & (t.published >= pd.Timestamp("1900-01-01", tz="UTC"))
                & (t.published < pd.Timestamp("1951-01-01", tz="UTC"))
            ),
        ),
        ("#q=UNITED%20states", lambda t: context(t).str.contains("united states", regex=False)),
        (
            "#q=(of+which&term=west",
            lambda t: context(t).str.contains("(of which", regex=False) & (t.term == "west"),
        ),
        ("#source=Nobody", lambda t: t.source == "Nobody"),
    ],
)
def test_browser_filters_from_the_address_agree_with_pandas(
    rhetoric, rhetoric_page, tmp_path, fragment, keep
):
    dom = render(rhetoric_page, tmp_path, fragment)
    shown, total, _ = count_line(dom)
    assert total == len(rhetoric)
    assert shown == int(keep(rhetoric).sum())
    assert len(hit_items(dom)) == min(50, shown)
    if shown == 0:
        assert "No hits match these filters." in dom


def context(table: pd.DataFrame) -> pd.Series:
    return (table.left + " " + table.match + " " + table.right).str.lower()


@needs_browser
def test_browser_sorts_and_pages(rhetoric, rhetoric_page, tmp_path):
    dom = render(rhetoric_page, tmp_path, "#sort=-date&n=25&page=3")
    items = hit_items(dom)
    assert len(items) == 25
    order = rhetoric.assign(row=np.arange(len(rhetoric))).sort_values(
        ["published", "row"], ascending=[False, True], kind="stable"
    )
    expected = order.iloc[50:75]
    shown_docs = [re.search(r'class="doc"[^>]*>([^<]*)<', item)[1] for item in items]
    assert shown_docs == expected["doc_id"].tolist()
    assert f"Page 3 of {-(-len(rhetoric) // 25)}" in dom
    dom = render(rhetoric_page, tmp_path, "#sort=by&n=500")
    items = hit_items(dom)
    assert len(items) == 500
    first_by = re.search(r'class="by"><span class="sr">Outlet: </span>([^<]*)</span>', items[0])
    assert unescape_text(first_by[1]) == min(rhetoric.source)


@needs_browser
def test_browser_shows_hostile_text_as_text(tmp_path):
    table = odd_table()
    dom = render(write_concordance(table, tmp_path / "odd.html"), tmp_path)
    shown, total, _ = count_line(dom)
    assert shown == total == 5
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # in the hit and in the filter
    assert "&lt;img src=x onerror=" in dom
    assert "<img" not in dom and "<b>X</b>" not in dom
    assert "<title>Concordance</title>" in dom  # the onerror never ran
    assert 'href="javascript' not in dom  # only http(s) addresses become links
    assert ">quote</span>" in dom and ">reported</span>" in dom  # badges, not colour alone
    assert "🕊" in dom and "«нажим»" in dom
    assert 'title="document b, characters 5–12"' in dom
    dom = render(tmp_path / "odd.html", tmp_path, "#voice=reported&q=%C2%ABНАЖИМ")
    assert count_line(dom)[:2] == (1, 5)
    dom = render(tmp_path / "odd.html", tmp_path, "#q=lavrov")  # the speaker is searched too
    assert count_line(dom)[:2] == (1, 5)


@needs_browser
def test_browser_without_decompression_says_so(rhetoric_page, tmp_path):
    page = rhetoric_page.read_text("utf-8").replace(
        "<head>", "<head><script>delete window.DecompressionStream;</script>", 1
    )
    old = tmp_path / "old.html"
    old.write_text(page, encoding="utf-8")
    dom = render(old, tmp_path)
    assert 'class="status error"' in dom
    assert "lacks DecompressionStream" in dom


@needs_browser
def test_browser_needs_no_horizontal_scrolling(rhetoric, tmp_path):
    """At a phone's width (390 px) and a laptop's (1280 px), with 500 hits on the page and one
    hit whose context and document name are single 300-character words."""
    long = rhetoric.iloc[[0]].assign(left="x" * 300, right="y" * 300, doc_id="d" * 300)
    table = pd.concat([long, rhetoric.head(499)], ignore_index=True)
    page = write_concordance(table, tmp_path / "page.html").read_text("utf-8")
    probe = (
        "<script>setTimeout(() => parent.postMessage([innerWidth, "
        "document.documentElement.scrollWidth, document.querySelectorAll('li.hit').length], "
        '"*"), 2000);</script></body>'
    )
    (tmp_path / "probe.html").write_text(page.replace("</body>", probe), encoding="utf-8")
    frames = "".join(
        f'<iframe src="probe.html#n=500" style="width:{w}px;height:900px;border:0"></iframe>'
        for w in (390, 1280)
    )
    listen = (
        '<script>addEventListener("message", (e) => { const p = document.createElement("p"); '
        'p.className = "width"; p.textContent = JSON.stringify(e.data); '
        "document.body.append(p); });</script>"
    )
    outer = tmp_path / "outer.html"
    outer.write_text(f"<!DOCTYPE html><html><body>{frames}{listen}</body></html>", "utf-8")
    found = re.findall(r'<p class="width">(\[[^<]*\])</p>', render(outer, tmp_path))
    widths = sorted(json.loads(f) for f in found)
    assert [w[0] for w in widths] == [390, 1280]
    for width, scroll_width, hits in widths:
        assert hits == 500
        assert scroll_width <= width
