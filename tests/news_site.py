"""A local news site for the collection tests: synthetic feeds and article pages served on
127.0.0.1, with the furniture of real news pages around each article (menus, a "most read" box,
a footer) and the hostile answers a collector meets (errors, slowness, redirects, bombs).

Everything here is synthetic: the articles are written for the tests, in the style of agency
copy, and are not real reports.
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO

FURNITURE = ["Most read", "Storm hits the coast", "Football final tonight", "Copyright 2023"]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False
    #: writes the whole answer itself, status line and headers included (hostile servers)
    raw: Callable[[BinaryIO], None] | None = None


def dripping(body: bytes, every: float, *, headers: bool = False) -> Route:
    """An answer that comes one byte every ``every`` seconds: its body only, or (``headers``)
    its status line and headers too. Each byte alone is within any timeout longer than
    ``every``; only a deadline on the whole request stops it."""
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"

    def write(out: BinaryIO) -> None:
        if not headers:
            out.write(head.encode())
        for byte in (head.encode() if headers else b"") + body:
            time.sleep(every)
            out.write(bytes([byte]))

    return Route(raw=write)


def flood(
    sent: list[int], *, declared: int | None = 20_000_000_000, limit: int = 400_000_000
) -> Route:
    """A huge body: ``declared`` bytes announced in Content-Length (or chunked when None), up to
    ``limit`` bytes written while the client reads; ``sent`` gets the bytes written."""
    block = b"\0" * 65536

    def write(out: BinaryIO) -> None:
        length = f"Content-Length: {declared}" if declared else "Transfer-Encoding: chunked"
        out.write(f"HTTP/1.1 200 OK\r\n{length}\r\n\r\n".encode())
        written = 0
        try:
            while written < limit:
                out.write(block if declared else b"10000\r\n" + block + b"\r\n")
                written += len(block)
        finally:
            sent.append(written)

    return Route(raw=write)


def page(
    title: str,
    paragraphs: list[str],
    *,
    lang: str = "en",
    charset: str = "utf-8",
    declare: str | None = "same",
    date: str | None = None,
    canonical: str | None = None,
    bom: bool = False,
) -> bytes:
    """An article page with a menu, a 'most read' box and a footer around the article."""
    meta = ""
    declared = charset if declare == "same" else declare
    if declared:
        meta += f'<meta charset="{declared}">'
    if date:
        meta += f'<meta property="article:published_time" content="{date}">'
    if canonical:
        meta += f'<link rel="canonical" href="{canonical}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<!doctype html><html lang="{lang}"><head>{meta}<title>{title} | News</title></head>'
        '<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>'
        f"<main><article><h1>{title}</h1>{body}</article>"
        '<aside class="most-read"><h2>Most read</h2><ul><li><a href="/x">Storm hits the coast'
        '</a></li><li><a href="/y">Football final tonight</a></li></ul></aside></main>'
        "<footer><p>Copyright 2023 News. All rights reserved.</p></footer></body></html>"
    )
    data = html.encode(charset)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def rss(items: list[dict[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{i['title']}</title><link>{i['link']}</link>"
        + (f"<pubDate>{i['date']}</pubDate>" if i.get("date") else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
        f"<link>http://example/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def sitemap(urls: list[tuple[str, str | None]]) -> bytes:
    nodes = "".join(
        f"<url><loc>{loc}</loc>"
        + (
            "<news:news><news:publication>"
            "<news:name>Courier</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{when}</news:publication_date>"
            "</news:news>"
            if when
            else ""
        )
        + "</url>"
        for loc, when in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{nodes}</urlset>"
    ).encode()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)


def gzip_bomb(size: int = 50_000_000) -> bytes:
    """``size`` zero bytes gzipped: a few dozen kilobytes on the wire."""
    return gzip.compress(b"\0" * size, compresslevel=9)


class NewsSite:
    """A threaded HTTP server on 127.0.0.1 serving ``routes`` (path -> Route or a callable that
    returns one); ``requests`` lists (path, user agent) of every request received and
    ``headers`` their headers. ``tls`` (a certificate file and its key file) serves HTTPS."""

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.requests: list[tuple[str, str]] = []
        self.headers: list[dict[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                site.headers.append(dict(self.headers.items()))
                found = site.routes.get(self.path)
                route = found() if callable(found) else found
                if route is None:
                    route = Route(404, b"not found")
                if route.delay:
                    time.sleep(route.delay)
                try:
                    if route.raw is not None:
                        self.close_connection = True
                        route.raw(self.wfile)
                        return
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for start in range(0, len(route.body), 65536):
                            piece = route.body[start : start + 65536]
                            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.send_header("Content-Length", str(len(route.body)))
                        self.end_headers()
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up (a refused bomb, a timeout) is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            # the handshake happens in the request's thread, not in the one that accepts
            self.server.socket = context.wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False
            )
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, path: str, route: Route | Callable[[], Route]) -> str:
        self.routes[path] = route
        return self.url + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def url_for(self, host: str) -> str:
        """The site's address under another host name (for a resolver stubbed to 127.0.0.1)."""
        return self.url.replace("127.0.0.1", host)


# --- a site of three outlets -------------------------------------------------------------------

HERALD = [  # synthetic
    ("Talks on grain exports resume", [
        "Negotiators from both countries met in Istanbul on Tuesday to resume talks on grain "
        "exports, officials said.",
        "The talks had stalled in the spring over insurance for ships and the inspection of "
        "cargo in the Black Sea ports.",
        "A spokesman said a new round would follow next week if both sides agreed on a text.",
    ]),
    ("Parliament passes the budget", [
        "Parliament passed the budget for next year late on Wednesday after a long debate "
        "about defence spending and pensions.",
        "The opposition voted against it, saying the plan relied on optimistic forecasts of "
        "growth and of energy prices.",
    ]),
    ("Sanctions debate divides the alliance", [
        "Ministers of the alliance disagreed on Thursday about a new package of sanctions, "
        "diplomats said after the meeting.",
        "Two members asked for exemptions for gas, while others said unity mattered more than "
        "the details of any package.",
    ]),
]  # fmt: skip
VESTNIK = [  # synthetic Russian agency copy
    ("Лукашенко призвал к единству", [
        "МИНСК, 18 мая. /ТАСС/. Президент Белоруссии Александр Лукашенко призвал страны ОДКБ "
        "к единству перед лицом внешнего давления и санкций.",
        "По его словам, только вместе союзники смогут сохранить суверенитет и независимость "
        "своих государств.",
    ]),
    ("В Кремле ответили на новые санкции", [
        "МОСКВА, 19 мая. /ТАСС/. В Кремле заявили, что новые санкции Запада не изменят курс "
        "страны и ее отношения с партнерами.",
        "Представитель администрации отметил, что экономика приспособилась к ограничениям.",
    ]),
]  # fmt: skip
COURIER = [  # synthetic
    ("Ports reopen after the storm", [
        "The main ports reopened on Friday after a storm that closed them for two days, the "
        "port authority said.",
        "Ships that had waited at anchor began to unload grain and containers in the morning.",
    ]),
    ("Ministers meet on energy prices", [
        "Energy ministers met in Brussels on Monday to discuss a cap on gas prices that "
        "several members have asked for since the winter.",
        "No decision was taken, and the ministers agreed to meet again before the summit.",
    ]),
]  # fmt: skip


def build_outlets(site: NewsSite) -> dict[str, Any]:
    """Serve three outlets: the Herald (an RSS feed, UTF-8 pages, one with a tracking-parameter
    link to an article its canonical URL names), Vestnik (Russian: an RSS feed, pages in cp1251
    and KOI8-R, one with a wrong charset declaration) and the Courier (a news sitemap, dates in
    the sitemap only). Returns the expected articles by URL path and the sources list."""
    expected: dict[str, dict[str, Any]] = {}
    site.add("/robots.txt", Route(200, b"User-agent: *\nDisallow: /private/\n"))
    herald_items = []
    for n, (title, paragraphs) in enumerate(HERALD):
        path = f"/herald/{n}"
        site.add(path, Route(200, page(title, paragraphs, date=f"2023-05-1{n}T09:00:00+00:00"),
                             {"Content-Type": "text/html; charset=utf-8"}))  # fmt: skip
        herald_items.append({"title": title, "link": site.url + path,
                             "date": f"Tue, 1{n} May 2023 09:00:00 GMT"})  # fmt: skip
        expected[path] = {"source": "Herald", "title": title, "text": "\n".join(paragraphs)}
    # the first article again, under a tracking link; the page names its canonical URL
    site.add("/herald/0?utm_source=rss", Route(200, page(
        HERALD[0][0], HERALD[0][1], canonical=site.url + "/herald/0"),
        {"Content-Type": "text/html; charset=utf-8"}))  # fmt: skip
    herald_items.append({"title": HERALD[0][0], "link": site.url + "/herald/0?utm_source=rss"})
    # and under a second address the normalisation cannot know: the canonical link tells
    site.add("/herald/amp/0", Route(200, page(
        HERALD[0][0], HERALD[0][1], canonical=site.url + "/herald/0"),
        {"Content-Type": "text/html; charset=utf-8"}))  # fmt: skip
    herald_items.append({"title": HERALD[0][0], "link": site.url + "/herald/amp/0"})
    site.add(
        "/herald/rss.xml", Route(200, rss(herald_items), {"Content-Type": "application/rss+xml"})
    )
    vestnik_items = []
    encodings = [("cp1251", "same"), ("koi8-r", "windows-1251")]  # the second one lies
    for n, ((title, paragraphs), (charset, declare)) in enumerate(zip(VESTNIK, encodings)):
        path = f"/vestnik/{n}"
        header = declare if declare != "same" else charset
        site.add(path, Route(200, page(title, paragraphs, lang="ru", charset=charset,
                                       declare=declare),
                             {"Content-Type": f"text/html; charset={header}"}))  # fmt: skip
        vestnik_items.append({"title": title, "link": site.url + path,
                              "date": f"Thu, 1{8 + n} May 2023 07:30:00 GMT"})  # fmt: skip
        expected[path] = {"source": "Vestnik", "title": title, "text": "\n".join(paragraphs)}
    site.add("/vestnik/rss.xml", Route(200, rss(vestnik_items)))
    courier_urls = []
    for n, (title, paragraphs) in enumerate(COURIER):
        path = f"/courier/{n}"
        site.add(path, Route(200, page(title, paragraphs, declare=None)))
        courier_urls.append((site.url + path, f"2023-06-0{n + 1}T12:00:00+00:00"))
        expected[path] = {"source": "Courier", "title": title, "text": "\n".join(paragraphs)}
    site.add("/courier/sitemap.xml", Route(200, sitemap(courier_urls)))
    sources = [
        {"source": "Herald", "url": site.url + "/herald/rss.xml"},
        {"source": "Vestnik", "url": site.url + "/vestnik/rss.xml"},
        {"source": "Courier", "url": site.url + "/courier/sitemap.xml"},
    ]
    return {"expected": expected, "sources": sources}


HERALD_FOOTER = "The Herald is not responsible for the content of external sites."


def build_news_site(site: NewsSite, paragraphs: list[str], per_outlet: int = 8) -> list[dict]:
    """Three outlets of ``per_outlet`` articles each, made of ``paragraphs`` (real text dealt
    out in a synthetic arrangement): the Herald (an RSS feed; its footer inside every article),
    Vestnik (an RSS feed; a TASS dateline on every article) and the Courier (a news sitemap; two
    of its articles are AP copies of Herald items). Returns the sources list."""
    assert len(paragraphs) >= 3 * per_outlet * 2
    site.add("/robots.txt", Route(200, b"User-agent: *\nAllow: /\n"))
    feeds: dict[str, list[dict[str, str]]] = {"herald": [], "vestnik": []}
    courier: list[tuple[str, str | None]] = []
    herald_texts = []
    for n in range(per_outlet):
        for k, outlet in enumerate(["herald", "vestnik", "courier"]):
            start = (n * 3 + k) * 2
            body = paragraphs[start : start + 2]
            day = f"2023-05-{1 + n * 3 + k:02d}"
            if outlet == "herald":
                herald_texts.append(body)
                body = [*body, HERALD_FOOTER]
            elif outlet == "vestnik":
                body = [f"MOSCOW, May {1 + n * 3 + k}. /TASS/. {body[0]}", *body[1:]]
            elif n < 2:  # the Courier runs the Herald's first two items as AP copy
                body = [f"LONDON (AP) — {herald_texts[n][0]}", *herald_texts[n][1:]]
            path = f"/{outlet}/{n}"
            site.add(path, Route(200, page(f"{outlet.title()} report {n}", body, date=day)))
            if outlet == "courier":
                courier.append((site.url + path, f"{day}T12:00:00+00:00"))
            else:
                stamp = f"{int(day[-2:]):02d} May 2023 08:00:00 GMT"
                feeds[outlet].append({"title": f"Report {n}", "link": site.url + path,
                                      "date": f"Mon, {stamp}"})  # fmt: skip
    return [
        {"source": "Herald", "url": site.add("/herald/rss.xml", Route(200, rss(feeds["herald"])))},
        {
            "source": "Vestnik",
            "url": site.add("/vestnik/rss.xml", Route(200, rss(feeds["vestnik"]))),
        },
        {
            "source": "Courier",
            "url": site.add("/courier/sitemap.xml", Route(200, sitemap(courier))),
        },
    ]
