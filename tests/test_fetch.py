"""Tests of toolkit.fetch: the polite client against a local server's hostile answers."""

from __future__ import annotations

import time

import pytest
from news_site import NewsSite, Route, gzip_bomb

from toolkit.fetch import USER_AGENT, Client, FetchError, check_address

LOCAL = frozenset({"127.0.0.1"})


@pytest.fixture()
def site():
    with NewsSite() as server:
        server.add("/robots.txt", Route(200, b"User-agent: *\nDisallow: /private/\n"))
        yield server


def client(**options) -> Client:
    settings = {"allow_hosts": LOCAL, "delay": 0.0, "backoff": 0.01, "timeout": 2.0}
    return Client(**{**settings, **options})


def reason(call) -> str:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value.reason


def test_a_page_and_the_user_agent(site):
    url = site.add(
        "/a", Route(200, b"<html>ok</html>", {"Content-Type": "text/html; charset=cp1251"})
    )
    response = client().get(url)
    assert (response.status, response.body, response.charset) == (200, b"<html>ok</html>", "cp1251")
    assert ("/a", USER_AGENT) in site.requests


def test_404_is_not_retried(site):
    url = site.url + "/missing"
    assert reason(lambda: client().get(url)) == "http 404"
    assert site.paths().count("/missing") == 1


def test_500_is_retried_then_fails(site):
    url = site.add("/broken", Route(500, b"oops"))
    assert reason(lambda: client(retries=2).get(url)) == "http 500"
    assert site.paths().count("/broken") == 3


def test_503_then_success(site):
    answers = iter([Route(503, b"busy"), Route(200, b"fine")])
    url = site.add("/flaky", lambda: next(answers))
    assert client().get(url).body == b"fine"


def test_a_slow_answer_times_out(site):
    url = site.add("/slow", Route(200, b"late", delay=1.5))
    assert reason(lambda: client(timeout=0.3, retries=0).get(url)) == "timeout"


def test_redirects_are_followed_and_checked(site):
    site.add("/final", Route(200, b"here"))
    url = site.add("/moved", Route(301, b"", {"Location": "/final"}))
    response = client().get(url)
    assert (response.url, response.body) == (site.url + "/final", b"here")
    inside = site.add("/to-intranet", Route(302, b"", {"Location": "http://10.1.2.3/admin"}))
    assert reason(lambda: client().get(inside)) == "refused address"
    loop = site.add("/loop", Route(302, b"", {"Location": "/loop"}))
    assert reason(lambda: client().get(loop)) == "too many redirects"


def test_private_loopback_and_file_addresses_are_refused_unless_allowed(site, tmp_path):
    url = site.add("/a", Route(200, b"ok"))
    assert reason(lambda: Client(delay=0).get(url)) == "refused address"
    for address in ("http://192.168.0.1/", "http://[::1]/", "http://169.254.169.254/latest",
                    "ftp://example.org/x", "gopher://x/"):  # fmt: skip
        assert reason(lambda a=address: check_address(a)) == "refused address", address
    saved = tmp_path / "page.html"
    saved.write_bytes(b"<html>saved</html>")
    assert reason(lambda: client().get(saved.as_uri())) == "refused address"
    assert client(allow_hosts=LOCAL | {"file"}).get(saved.as_uri()).body == b"<html>saved</html>"
    assert not any(path == "/a" for path in site.paths())


def test_robots_txt_is_obeyed(site):
    url = site.add("/private/report", Route(200, b"secret"))
    assert reason(lambda: client().get(url)) == "robots.txt"
    assert "/private/report" not in site.paths()
    assert client(robots=False).get(url).body == b"secret"


def test_robots_wildcards_and_unreadable_robots(site):
    site.routes["/robots.txt"] = Route(200, b"User-agent: *\nDisallow: /*.pdf$\nCrawl-delay: 0.4\n")
    pdf = site.add("/files/report.pdf", Route(200, b"%PDF"))
    page = site.add("/files/report.html", Route(200, b"<html></html>"))
    polite = client()
    assert reason(lambda: polite.get(pdf)) == "robots.txt"
    start = time.monotonic()
    polite.get(page)
    polite.get(page)
    assert time.monotonic() - start >= 0.4  # Crawl-delay between two requests
    site.routes["/robots.txt"] = Route(503, b"down")
    assert reason(lambda: client(retries=0).get(page)) == "robots.txt"  # RFC 9309: allow nothing
    site.routes["/robots.txt"] = Route(404, b"")
    assert client().get(page).status == 200


def test_per_host_delay(site):
    url = site.add("/a", Route(200, b"ok"))
    polite = client(delay=0.3)
    start = time.monotonic()
    for _ in range(3):
        polite.get(url)
    assert time.monotonic() - start >= 0.6


def test_size_caps_on_the_wire_and_decompressed(site):
    big = site.add("/big", Route(200, b"x" * 200_000))
    assert reason(lambda: client(max_bytes=100_000).get(big)) == "too large"
    chunked = site.add("/chunked", Route(200, b"x" * 200_000, chunked=True))
    assert reason(lambda: client(max_bytes=100_000).get(chunked)) == "too large"
    bomb = gzip_bomb()
    assert len(bomb) < 100_000
    url = site.add("/bomb", Route(200, bomb, {"Content-Encoding": "gzip"}))
    start = time.monotonic()
    assert reason(lambda: client(max_bytes=1_000_000).get(url)) == "too large"
    assert time.monotonic() - start < 5
    small = site.add(
        "/gz", Route(200, __import__("gzip").compress(b"hello"), {"Content-Encoding": "gzip"})
    )
    assert client().get(small).body == b"hello"


def test_bad_settings():
    with pytest.raises(Exception, match="max_bytes"):
        Client(max_bytes=0)
