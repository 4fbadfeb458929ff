"""Tests of toolkit.collect: a local site of three outlets collected into a store, incrementally
and durably, and every hostile answer a collector meets. All pages are synthetic (news_site)."""

from __future__ import annotations

import difflib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from news_site import (
    BILLION_LAUGHS,
    FURNITURE,
    VESTNIK,
    NewsSite,
    Route,
    build_outlets,
    gzip_bomb,
    page,
    rss,
)

import toolkit
from toolkit.collect import (
    ARTICLE_COLUMNS,
    CorpusStore,
    collect,
    decode_html,
    load_feeds,
    normalize_url,
)
from toolkit.errors import CorpusError, ToolkitError

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ["127.0.0.1"]


@pytest.fixture()
def outlets():
    with NewsSite() as site:
        yield site, build_outlets(site)


def _path(url: str, site: NewsSite) -> str:
    return url.removeprefix(site.url)


def test_every_article_with_its_text_and_without_the_furniture(outlets, tmp_path):
    site, built = outlets
    store = tmp_path / "corpus.sqlite"
    summary = collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    assert (summary.new, len(summary.failed)) == (7, 0), summary
    assert summary.skipped == 2  # the tracking link and the AMP copy of an article stored
    corpus = toolkit.read_corpus(store)
    assert list(corpus.columns[: len(ARTICLE_COLUMNS)]) != []
    assert set(ARTICLE_COLUMNS) <= set(corpus.columns)
    assert {_path(u, site) for u in corpus["url"]} == set(built["expected"])
    for row in corpus.itertuples():
        want = built["expected"][_path(row.url, site)]
        assert row.source == want["source"] and row.title == want["title"]
        similarity = difflib.SequenceMatcher(None, row.text, want["text"]).ratio()
        assert similarity > 0.97, (row.url, row.text)
        assert not any(word in row.text for word in FURNITURE), row.text
        assert pd.notna(row.published) and row.status == 200 and len(row.html_sha256) == 64
    assert corpus.groupby("source")["language"].agg(set).to_dict() == {
        "Courier": {"en"}, "Herald": {"en"}, "Vestnik": {"ru"}
    }  # fmt: skip
    dates = corpus.set_index(corpus["url"].map(lambda u: _path(u, site)))["published"]
    assert dates["/courier/1"] == pd.Timestamp("2023-06-02 12:00", tz="UTC")  # from the sitemap
    assert dates["/vestnik/0"] == pd.Timestamp("2023-05-18 07:30", tz="UTC")  # from the feed


def test_a_second_run_adds_nothing_and_fetches_no_article(outlets, tmp_path):
    site, built = outlets
    store = tmp_path / "corpus.sqlite"
    collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    before = len(site.requests)
    again = collect(built["sources"], store=store, allow_hosts=LOCAL, delay=0)
    assert (again.new, again.skipped, len(again.failed)) == (0, 9, 0)
    fetched = [path for path, _ in site.requests[before:]]
    assert all(path.endswith((".xml", "robots.txt")) for path in fetched), fetched
    site.add("/herald/9", Route(200, page("A new one", ["Fresh news from the Herald today. " * 4])))
    site.routes["/herald/rss.xml"] = Route(
        200, rss([{"title": "A new one", "link": site.url + "/herald/9"}])
    )
    third = collect(built["sources"][:1], store=store, allow_hosts=LOCAL, delay=0)
    assert third.new == 1 and len(toolkit.read_corpus(store)) == 8


def test_the_command_line_collects_into_parquet(outlets, tmp_path):
    site, built = outlets
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(
        "".join(f"- {{source: {s['source']}, url: '{s['url']}'}}\n" for s in built["sources"]),
        "utf-8",
    )
    out = tmp_path / "data" / "corpus.parquet"
    command = [sys.executable, "-m", "toolkit", "collect", str(feeds), "--out", str(out),
               "--allow-host", "127.0.0.1", "--delay", "0"]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "Collected: new 7, skipped 2 (already stored), failed 0" in first.stdout
    collected = toolkit.read_corpus(out)
    assert len(collected) == 7 and collected["published"].notna().all()
    for row in collected.itertuples():
        want = built["expected"][_path(row.url, site)]["text"]
        assert difflib.SequenceMatcher(None, row.text, want).ratio() > 0.97
    assert (tmp_path / "data" / "corpus.sqlite").is_file()
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert "Collected: new 0, skipped 9" in second.stdout
    refused = subprocess.run(command[:-4], capture_output=True, text=True, cwd=ROOT)
    assert "refused address" in refused.stdout


def test_a_killed_run_loses_nothing_it_reported_saved(tmp_path):
    with NewsSite() as site:
        items = []
        for n in range(12):
            path = f"/slow/{n}"
            text = [f"Article number {n} reports on talks between the two governments. " * 3]
            site.add(path, Route(200, page(f"Report {n}", text), delay=0.25))
            items.append({"title": f"Report {n}", "link": site.url + path})
        feed = site.add("/slow/rss.xml", Route(200, rss(items)))
        store = tmp_path / "corpus.sqlite"
        feeds = tmp_path / "feeds.yml"
        feeds.write_text(f"- {{source: Slow, url: '{feed}'}}\n", "utf-8")
        command = [sys.executable, "-m", "toolkit", "collect", str(feeds), "--out", str(store),
                   "--allow-host", "127.0.0.1", "--delay", "0", "--log"]  # fmt: skip
        run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert run.stdout is not None
        reported = []
        for line in run.stdout:
            if line.startswith("saved "):
                reported.append(line.split()[1])
            if len(reported) == 4:
                break
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        kept = set(toolkit.read_corpus(store)["url"])
        assert set(reported) <= kept and len(kept) < 12
        summary = collect(feeds, store=store, allow_hosts=LOCAL, delay=0)
        assert summary.new == 12 - len(kept) and summary.skipped == len(kept)
        assert len(toolkit.read_corpus(store)) == 12


def test_hostile_answers_fail_one_article_each_with_a_reason(tmp_path):
    with NewsSite() as site:
        site.add("/robots.txt", Route(200, b"User-agent: *\nDisallow: /private/\n"))
        good = site.add("/ok", Route(200, page("Fine", ["A normal article about the talks. " * 4])))
        cases = {
            "/missing": None,  # 404
            "/error": Route(500, b"boom"),
            "/slow": Route(200, page("Late", ["Too slow. " * 10]), delay=1.5),
            "/private/page": Route(200, page("Hidden", ["Disallowed by robots.txt. " * 5])),
            "/huge": Route(200, b"<html>" + b"x" * 300_000 + b"</html>"),
            "/bomb": Route(200, gzip_bomb(), {"Content-Encoding": "gzip"}),
            "/to-intranet": Route(302, b"", {"Location": "http://192.168.1.1/"}),
            "/empty": Route(200, b"<html><body><nav>Home</nav></body></html>"),
        }
        for path, route in cases.items():
            if route is not None:
                site.add(path, route)
        links = [{"title": p, "link": site.url + p} for p in ["/ok", *cases]]
        broken = Route(200, b"<rss><channel><item>")
        moved = Route(302, b"", {"Location": "http://10.0.0.7/feed"})
        feeds = [
            {"source": "Mixed", "url": site.add("/feed.xml", Route(200, rss(links)))},
            {"source": "Laughs", "url": site.add("/laughs.xml", Route(200, BILLION_LAUGHS))},
            {"source": "Broken", "url": site.add("/broken.xml", broken)},
            {"source": "Moved", "url": site.add("/gone.xml", moved)},
        ]
        summary = collect(
            feeds, store=tmp_path / "c.sqlite", allow_hosts=LOCAL, delay=0, timeout=0.5,
            retries=1, max_bytes=200_000,
        )  # fmt: skip
        reasons = {url.removeprefix(site.url): why for _, url, why in summary.failed}
        assert reasons == {
            "/missing": "http 404",
            "/error": "http 500",
            "/slow": "timeout",
            "/private/page": "robots.txt",
            "/huge": "too large",
            "/bomb": "too large",
            "/to-intranet": "refused address",
            "/empty": "no article text",
            "/laughs.xml": "hostile xml",
            "/broken.xml": "malformed feed",
            "/gone.xml": "refused address",
        }
        assert summary.new == 1
        assert toolkit.read_corpus(tmp_path / "c.sqlite")["url"].tolist() == [good]
        assert "/private/page" not in site.paths()
        assert "refused address x2" in str(summary) and "hostile xml x1" in str(summary)


def test_private_hosts_are_refused_unless_allowed(outlets, tmp_path):
    _, built = outlets
    summary = collect(built["sources"], store=tmp_path / "c.sqlite", delay=0)
    assert summary.new == 0
    assert {why for _, _, why in summary.failed} == {"refused address"}


RU = "\n".join(VESTNIK[0][1])


@pytest.mark.parametrize(
    ("charset", "declared", "bom"),
    [
        ("utf-8", "utf-8", False),
        ("utf-8", None, True),
        ("utf-8", "windows-1251", False),  # a UTF-8 page that says it is cp1251
        ("cp1251", "windows-1251", False),
        ("cp1251", None, False),
        ("cp1251", "koi8-r", False),  # lies
        ("koi8-r", "koi8-r", False),
        ("koi8-r", None, False),
        ("koi8-r", "windows-1251", False),  # lies
    ],
)
def test_pages_in_every_russian_encoding_decode(charset, declared, bom):
    body = page("Единство", VESTNIK[0][1], lang="ru", charset=charset, declare=declared, bom=bom)
    html = decode_html(body, declared)
    assert VESTNIK[0][1][1] in html
    article = toolkit.collect.extract_article(html, url="https://vestnik.example/0")
    assert article is not None and article["text"] == RU


def test_russian_datelines_go_from_collected_text(outlets, tmp_path):
    _, built = outlets
    collect(built["sources"][1:2], store=tmp_path / "c.sqlite", allow_hosts=LOCAL, delay=0)
    clean = toolkit.strip_boilerplate(toolkit.read_corpus(tmp_path / "c.sqlite"))
    assert clean["removed"].tolist() == ["МИНСК, 18 мая. /ТАСС/.", "МОСКВА, 19 мая. /ТАСС/."]
    assert toolkit.tag_wire_copy(clean.assign(text=clean["text_original"]))["wire"].eq("TASS").all()


def test_saved_pages_and_their_canonical_urls(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.html").write_bytes(
        page(
            "Talks",
            ["Negotiators met again on Tuesday. " * 4],
            canonical="https://herald.example/a",
        )
    )
    (folder / "b.htm").write_bytes(
        page("Budget", ["Parliament passed the budget. " * 4], charset="cp1251", declare=None)
    )
    (folder / "notes.txt").write_text("not a page", "utf-8")
    feeds = tmp_path / "feeds.yml"
    feeds.write_text("- {source: Herald, path: saved}\n", "utf-8")
    summary = collect(feeds, store=tmp_path / "c.sqlite")
    assert summary.new == 2
    urls = toolkit.read_corpus(tmp_path / "c.sqlite")["url"].tolist()
    assert urls == ["https://herald.example/a", (folder / "b.htm").resolve().as_uri()]
    assert collect(feeds, store=tmp_path / "c.sqlite").skipped == 2


def test_urls_are_normalised():
    assert normalize_url("HTTPS://Tass.COM:443/world/1?utm_source=rss&id=2#comments") == (
        "https://tass.com/world/1?id=2"
    )


def test_source_lists(tmp_path):
    example = load_feeds(ROOT / "data" / "feeds.example.yml")
    names = {feed.source for feed in example}
    assert {"TASS", "BelTA", "RT", "Reuters", "BBC", "AP"} <= names
    assert all(feed.url and feed.url.startswith("https://") for feed in example)
    bad = [
        [{"url": "https://x"}],
        [{"source": "A"}],
        [{"source": "A", "url": "https://x", "urls": ["https://y"]}],
        [{"source": "A", "url": "https://x", "colour": "red"}],
        [{"source": "A", "urls": "https://x"}],
        [],
    ]
    for feeds in bad:
        with pytest.raises(ToolkitError):
            load_feeds(feeds)
    with pytest.raises(ToolkitError, match="No source list"):
        load_feeds(tmp_path / "missing.yml")


def test_the_store(tmp_path):
    store = tmp_path / "c.sqlite"
    with CorpusStore(store) as corpus:
        article = dict.fromkeys(ARTICLE_COLUMNS) | {
            "url": "https://x/1",
            "text": "T",
            "source": "A",
        }
        assert corpus.add(article, also=["https://x/1?ref=feed"])
        assert not corpus.add(article)
        assert corpus.has("https://x/1?ref=feed") and len(corpus) == 1
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CorpusError, match="without an 'articles' table"):
        toolkit.read_corpus(other)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 10)
    with pytest.raises(ToolkitError):
        CorpusStore(tmp_path / "junk.sqlite")
