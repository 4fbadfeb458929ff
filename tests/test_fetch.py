"""Tests of toolkit.fetch: the polite client against a local server's hostile answers."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import time

import pytest
from news_site import NewsSite, Route, dripping, flood, gzip_bomb

from toolkit.errors import ToolkitError
from toolkit.fetch import USER_AGENT, Client, FetchError, check_address

LOCAL = frozenset({"127.0.0.1"})


@pytest.fixture(autouse=True)
def nowhere_but_here(monkeypatch):
    """Every connection these tests open goes to 127.0.0.1: one to any other address fails
    before a packet leaves (and is listed, so a test can say none was tried)."""
    tried: list[str] = []
    connect = socket.socket.connect

    def local_connect(self, address):
        tried.append(str(address[0]))
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"the tests connect to 127.0.0.1 only, not {address[0]}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", local_connect)
    return tried


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


# --- addresses that are not public -------------------------------------------------------------


def teredo(server: str, client: str) -> str:
    """A Teredo address (2001::/32) that carries ``server`` and ``client`` (obfuscated)."""
    value = (0x2001_0000 << 96) | (int(ipaddress.IPv4Address(server)) << 64) | (0x8000_63BF << 32)
    return str(ipaddress.IPv6Address(value | (int(ipaddress.IPv4Address(client)) ^ 0xFFFFFFFF)))


NOT_PUBLIC = {
    "100.64.0.1": "carrier-grade NAT",
    "100.100.100.200": "carrier-grade NAT",  # a cloud metadata service
    "100.127.255.254": "carrier-grade NAT",
    "192.0.0.1": "IETF protocol assignments",
    "192.0.0.9": "IETF protocol assignments",
    "192.0.0.170": "IETF protocol assignments",
    "198.18.0.1": "benchmarking",
    "198.19.255.255": "benchmarking",
    "192.0.2.1": "documentation",
    "198.51.100.7": "documentation",
    "203.0.113.9": "documentation",
    "2001:db8::1": "documentation",
    "3fff::1": "documentation",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "ff02::1": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "limited broadcast",
    "192.88.99.1": "6to4 relay anycast",
    "169.254.169.254": "link-local",
    "fe80::1": "link-local",
    "127.0.0.1": "loopback",
    "127.1.2.3": "loopback",
    "::1": "loopback",
    "10.0.0.5": "private",
    "172.16.3.4": "private",
    "192.168.1.1": "private",
    "fd00::1": "unique local",
    "0.0.0.0": "this network",
    "::": "unspecified",
    "::127.0.0.1": "IPv4-compatible",
    "::ffff:127.0.0.1": "IPv4-mapped address embedding 127.0.0.1: loopback",
    "::ffff:100.100.100.200": "IPv4-mapped address embedding 100.100.100.200: carrier-grade",
    "::ffff:0:a9fe:a9fe": "IPv4-translated",
    "2002:a9fe:a9fe::1": "6to4 address embedding 169.254.169.254: link-local",
    "2002:a00:1::": "6to4 address embedding 10.0.0.1: private",
    "2002:6464:64c8::1": "6to4 address embedding 100.100.100.200: carrier-grade NAT",
    teredo("65.54.227.120", "10.0.0.1"): "Teredo address embedding 10.0.0.1: private",
    teredo("169.254.169.254", "1.1.1.1"): "Teredo address embedding 169.254.169.254",
    "2001::1": "Teredo address embedding 0.0.0.0: this network",
    "64:ff9b::a9fe:a9fe": "NAT64 address embedding 169.254.169.254: link-local",
    "64:ff9b::7f00:1": "NAT64 address embedding 127.0.0.1: loopback",
    "64:ff9b:1::1": "local-use NAT64",
    "100::1": "discard-only",
    "2001:10::1": "IETF protocol assignments",
    "fec0::1": "site-local",
    "5f00::1": "segment routing",
    "4000::1": "reserved",
}
PUBLIC = ["1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "192.0.1.1", "198.20.0.1",
          "2606:4700:4700::1111", "::ffff:1.1.1.1", "2002:101:101::1", "64:ff9b::101:101",
          teredo("65.54.227.120", "1.1.1.1")]  # fmt: skip


def url_of(address: str) -> str:
    return f"http://[{address}]/" if ":" in address else f"http://{address}/"


@pytest.mark.parametrize("address", list(NOT_PUBLIC))
def test_every_address_that_is_not_public_is_refused(address):
    """Carrier-grade NAT, IETF assignments, benchmarking, documentation, multicast, reserved,
    link-local, loopback, private and unspecified addresses, and IPv6 addresses that embed one
    (IPv4-mapped or -compatible, 6to4, Teredo, NAT64): pure checks, no connection."""
    with pytest.raises(FetchError, match=r"refused address .*not a public address") as caught:
        check_address(url_of(address))
    assert NOT_PUBLIC[address] in str(caught.value)
    from toolkit.fetch import refused_range

    assert NOT_PUBLIC[address] in (refused_range(address) or "")


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address):
    """Public addresses, also when carried by IPv6 (mapped, 6to4, NAT64, Teredo)."""
    from toolkit.fetch import refused_range

    check_address(url_of(address))
    assert refused_range(address) is None


def test_refused_range_reads_zones_and_names_what_is_not_an_address():
    from toolkit.fetch import refused_range

    assert refused_range("fe80::1%eth0") == "link-local (fe80::/10)"
    assert refused_range("[::1]") == "loopback (::1/128)"
    assert refused_range("news.test") == "not an IP address"


def test_a_name_is_judged_by_every_address_it_resolves_to():
    def resolver(answers):
        return lambda host, port: answers

    check_address("http://news.test/", resolver=resolver(["1.1.1.1"]))
    for answers in (["100.100.100.200"], ["1.1.1.1", "10.0.0.1"], ["2002:a9fe:a9fe::1"]):
        with pytest.raises(FetchError, match=r"news\.test resolves to .* not a public address"):
            check_address("http://news.test:8080/", resolver=resolver(answers))
    check_address("http://news.test/", {"news.test"}, resolver=resolver(["10.0.0.1"]))
    with pytest.raises(FetchError, match="dns"):
        check_address("http://news.test/", resolver=resolver([]))


def test_redirects_to_a_metadata_service_are_refused(site, nowhere_but_here):
    for n, target in enumerate(["http://100.100.100.200/latest/meta-data/",
                                "http://[2002:a9fe:a9fe::1]/latest/meta-data/",
                                "http://[::ffff:169.254.169.254]/", "http://192.0.0.9/",
                                "http://198.18.0.1/"]):  # fmt: skip
        url = site.add(f"/meta{n}", Route(302, b"", {"Location": target}))
        assert reason(lambda u=url: client().get(u)) == "refused address", target
    assert set(nowhere_but_here) == {"127.0.0.1"}  # nothing else was even tried


def stub_getaddrinfo(monkeypatch, answers):
    """The system resolver, stubbed: ``news.test`` resolves to each next answer in turn."""
    real = socket.getaddrinfo
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "news.test":
            return real(host, port, *args, **kwargs)
        address = answers[min(len(calls), len(answers) - 1)]
        calls.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_dns_rebinding_is_refused_when_connecting(site, monkeypatch, nowhere_but_here):
    """The name resolves to a public address when checked, then to 127.0.0.1 (allowed by
    address, not by this name) when the connection is made: refused, nothing sent."""
    site.add("/a", Route(200, b"inside"))
    calls = stub_getaddrinfo(monkeypatch, ["1.1.1.1", "127.0.0.1"])
    url = site.url_for("news.test") + "/a"
    with pytest.raises(FetchError, match=r"resolves at connection to 127\.0\.0\.1") as caught:
        client(robots=False).get(url)
    assert caught.value.reason == "refused address"
    assert len(calls) == 2 and site.requests == []
    assert set(nowhere_but_here) <= {"127.0.0.1"} and "1.1.1.1" not in nowhere_but_here


def test_the_client_connects_to_the_address_it_checked(site):
    """A resolver of our own (first answer public, then private): the address checked when
    connecting is the one connected to; a name allowed is reached at its checked address with
    the name in the Host header."""
    site.add("/a", Route(200, b"ok"))
    answers = iter([["1.1.1.1"], ["127.0.0.1"]])
    rebinding = client(resolver=lambda host, port: next(answers), robots=False)
    assert reason(lambda: rebinding.get(site.url_for("news.test") + "/a")) == "refused address"
    looked_up = []

    def resolver(host, port):
        looked_up.append((host, port))
        return ["127.0.0.1"]

    named = client(resolver=resolver, allow_hosts={"news.test"})
    assert named.get(site.url_for("news.test") + "/a").body == b"ok"
    assert site.headers[-1]["Host"] == f"news.test:{site.port}"
    assert ("news.test", site.port) in looked_up


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.test (made with openssl for these tests)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


def test_https_to_the_checked_address_with_the_name_for_the_certificate(certificate):
    """Over TLS too: the socket goes to the checked address, SNI and the certificate check use
    the name, and the deadline holds through the handshake and the reads."""
    with NewsSite(tls=certificate) as site:
        site.add("/a", Route(200, b"secure"))
        site.add("/drip", dripping(b"x" * 40, 0.25))
        options = {"resolver": lambda host, port: ["127.0.0.1"], "robots": False,
                   "ca_certs": certificate[0]}  # fmt: skip
        named = client(allow_hosts=LOCAL | {"news.test"}, **options)
        assert named.get(site.url_for("news.test") + "/a").body == b"secure"
        assert site.headers[-1]["Host"] == f"news.test:{site.port}"
        # the certificate is for news.test, not for the address
        assert reason(lambda: named.get(site.url + "/a")) == "tls error"
        start = time.monotonic()
        slow = client(allow_hosts={"news.test"}, timeout=1.0, deadline=1.5, **options)
        assert reason(lambda: slow.get(site.url_for("news.test") + "/drip")) == "timeout"
        assert time.monotonic() - start < 1.5 + 1.5
        refused = client(allow_hosts=frozenset(), **options)
        assert reason(lambda: refused.get(site.url_for("news.test") + "/a")) == "refused address"


# --- redirects out of the web --------------------------------------------------------------------


def test_a_redirect_never_leads_to_a_file_even_when_files_are_allowed(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the local secret")
    reader = client(allow_hosts=LOCAL | {"file"})
    assert reader.get(secret.as_uri()).body == b"the local secret"  # asked for: allowed
    targets = [secret.as_uri(), secret.as_uri().replace("file:", "FILE:"), f" {secret.as_uri()}",
               "ftp://127.0.0.1/x", "gopher://x/"]  # fmt: skip
    for n, target in enumerate(targets):
        url = site.add(f"/to-file{n}", Route(302, b"", {"Location": target}))
        with pytest.raises(FetchError, match="only http and https redirects") as caught:
            reader.get(url)
        assert caught.value.reason == "refused address", target


# --- time and size -------------------------------------------------------------------------------


def test_a_body_dripping_within_the_timeout_stops_at_the_deadline(site):
    """One byte every 0.2 s never trips a 0.6 s timeout; the deadline (three timeouts by
    default) stops it, and a request over its deadline is not tried again."""
    url = site.add("/drip", dripping(b"x" * 50, 0.2))
    polite = client(timeout=0.6, retries=2)
    start = time.monotonic()
    with pytest.raises(FetchError, match="deadline") as caught:
        polite.get(url)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - start < 1.8 + 1.0
    assert site.paths().count("/drip") == 1


def test_headers_dripping_stop_at_the_deadline(site):
    """The status line and headers one byte every 0.2 s: stopped at the deadline too."""
    url = site.add("/drip-head", dripping(b"x" * 10, 0.2, headers=True))
    start = time.monotonic()
    assert reason(lambda: client(timeout=0.6, retries=0).get(url)) == "timeout"
    assert time.monotonic() - start < 1.8 + 1.0
    url = site.add("/drip-given", dripping(b"x" * 50, 0.2))
    start = time.monotonic()
    assert reason(lambda: client(timeout=0.6, deadline=1.0, retries=0).get(url)) == "timeout"
    assert time.monotonic() - start < 1.0 + 1.0


def test_the_deadline_is_a_few_timeouts_unless_given():
    assert Client(timeout=2).deadline == 6
    assert Client(timeout=2, deadline=30).deadline == 30
    for bad in ({"deadline": 0}, {"deadline": -1}, {"max_redirects": -1}):
        with pytest.raises(ToolkitError, match="deadline > 0"):
            Client(**bad)


def received_from(site, monkeypatch) -> list[int]:
    """Bytes the client's sockets received from ``site`` (counted as they are read)."""
    counts: list[int] = []
    recv_into = socket.socket.recv_into

    def counting(self, buffer, nbytes=0, flags=0):
        n = recv_into(self, buffer, nbytes, flags)
        try:
            if self.getpeername()[1] == site.port:
                counts.append(n)
        except OSError:
            pass
        return n

    monkeypatch.setattr(socket.socket, "recv_into", counting)
    return counts


def wait_for(sent: list[int], seconds: float = 10.0) -> int:
    end = time.monotonic() + seconds
    while not sent and time.monotonic() < end:
        time.sleep(0.05)
    assert sent, "the server is still writing"
    return sent[0]


@pytest.mark.parametrize("declared", [20_000_000_000, None], ids=["20 GB declared", "chunked"])
def test_a_huge_body_is_refused_without_reading_it(site, monkeypatch, declared):
    """A 20 GB body (declared, or chunked without end): refused at the cap, and the client
    reads no more than the cap (the server can only fill the sockets' buffers)."""
    sent: list[int] = []
    url = site.add("/huge", flood(sent, declared=declared))
    received = received_from(site, monkeypatch)
    start = time.monotonic()
    assert reason(lambda: client(max_bytes=100_000, retries=0).get(url)) == "too large"
    assert time.monotonic() - start < 5
    assert sum(received) <= 100_000 + 2 * 65_536
    assert wait_for(sent) < 64_000_000  # of the 400 MB it would send


# --- robots.txt ----------------------------------------------------------------------------------


def test_robots_txt_is_followed_through_redirects(site):
    """http -> https is the usual move; here /robots.txt moves to another path of the site."""
    site.routes["/robots.txt"] = Route(301, b"", {"Location": site.url + "/robots-moved.txt"})
    site.add("/robots-moved.txt", Route(200, b"User-agent: *\nDisallow: /\n"))
    url = site.add("/a", Route(200, b"ok"))
    assert reason(lambda: client().get(url)) == "robots.txt"
    assert "/a" not in site.paths() and "/robots-moved.txt" in site.paths()
    site.routes["/robots-moved.txt"] = Route(200, b"User-agent: *\nDisallow: /private/\n")
    assert client().get(url).body == b"ok"


@pytest.mark.parametrize(
    ("name", "robots"),
    [
        ("too large", Route(200, b"User-agent: *\nDisallow: /\n" + b"#" * 200_000)),
        ("403", Route(403, b"forbidden")),
        ("401", Route(401, b"who are you")),
        ("429", Route(429, b"slow down")),
        ("redirect to a file", Route(302, b"", {"Location": "file:///etc/hostname"})),
        ("redirect loop", Route(302, b"", {"Location": "/robots.txt"})),
        ("redirect inside", Route(302, b"", {"Location": "http://10.0.0.1/robots.txt"})),
    ],
)
def test_a_robots_txt_that_cannot_be_read_allows_nothing(site, name, robots):
    site.routes["/robots.txt"] = robots
    url = site.add("/a", Route(200, b"ok"))
    polite = client(max_bytes=100_000, retries=0, allow_hosts=LOCAL | {"file"})
    assert reason(lambda: polite.get(url)) == "robots.txt", name
    assert "/a" not in site.paths()


def test_a_robots_txt_that_does_not_exist_allows_everything(site):
    url = site.add("/a", Route(200, b"ok"))
    for status in (404, 410):
        site.routes["/robots.txt"] = Route(status, b"")
        assert client().get(url).body == b"ok"
