"""One polite, careful HTTP client for collecting news: every fetched byte goes through it.

:class:`Client` fetches a URL's bytes and never more than it should:

* **where**: only ``http`` and ``https``; addresses that are private, loopback, link-local,
  reserved or multicast (``127.0.0.1``, ``10.x``, ``192.168.x``, ``::1``, ...) and ``file://``
  are refused unless allowed by name (``allow_hosts=["127.0.0.1"]``, ``"file"`` for files), and
  every redirect is checked again before it is followed;
* **whether**: ``robots.txt`` is read once per host with Protego, which understands wildcards
  and ``Crawl-delay``; a disallowed URL is not fetched. A ``robots.txt`` that does not exist
  (4xx) allows everything; one that cannot be read (5xx, timeout) allows nothing, as RFC 9309
  says;
* **how often**: requests to one host are at least ``delay`` seconds apart (or the host's
  ``Crawl-delay``, if longer);
* **how much**: a body over ``max_bytes`` is refused, judged on the bytes received and again on
  the decompressed bytes, so a gzip bomb stops at the cap;
* **how long**: connect and read timeouts; connection errors, timeouts, 429 and 5xx are retried
  with exponential backoff, other errors are not;
* **who**: a descriptive user agent, so that site owners can see who is reading.

The address check resolves a host name and refuses it if any address is private; the
connection then resolves it again, so a hostile DNS server answering differently the second
time (DNS rebinding) is not stopped. Reach private hosts only by naming them in
``allow_hosts``.

Failures raise :class:`FetchError` with a short ``reason`` (``"http 404"``, ``"timeout"``,
``"robots.txt"``, ``"too large"``, ``"refused address"``, ...) that collection summaries count.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from toolkit.errors import ToolkitError

__all__ = ["USER_AGENT", "Client", "FetchError", "Response", "check_address"]

USER_AGENT = (
    "rhetoric-toolkit/0.1 (research on political rhetoric in the news; "
    "+https://pypi.org/project/rhetoric-toolkit/)"
)
_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}


class FetchError(ToolkitError):
    """A URL could not be fetched; ``reason`` is short and countable, the message says more."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class Response:
    """What a fetch returns: the final URL after redirects, the status, headers and the body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the server declared in Content-Type, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_address(url: str, allow_hosts: frozenset[str] | set[str] | tuple[str, ...] = ()) -> None:
    """Raise a FetchError unless ``url`` is an http(s) URL of a public host, or of a host
    allowed by name (``"file"`` allows ``file://`` URLs).

    Examples
    --------
    >>> check_address("http://127.0.0.1:8000/feed.xml", {"127.0.0.1"})
    >>> check_address("http://10.0.0.5/admin")
    Traceback (most recent call last):
    ...
    toolkit.fetch.FetchError: http://10.0.0.5/admin: refused address (10.0.0.5 is a private, \
loopback or reserved address; allow it by name with allow_hosts=['10.0.0.5'] or --allow-host \
10.0.0.5)
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if "file" not in allow_hosts:
            raise FetchError(url, "refused address", "file:// is allowed only with 'file'")
        return
    if scheme not in ("http", "https"):
        raise FetchError(url, "refused address", f"only http and https, not {scheme or 'none'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(url, "bad url", "no host")
    if host in allow_hosts:
        return
    try:
        addresses = [host] if _is_ip(host) else _resolve(host, parts.port)
    except OSError as exc:
        raise FetchError(url, "dns", str(exc)) from None
    for address in addresses:
        if not _is_public(address):
            raise FetchError(
                url,
                "refused address",
                f"{host} is a private, loopback or reserved address"
                + (f" ({address})" if address != host else "")
                + f"; allow it by name with allow_hosts=[{host!r}] or --allow-host {host}",
            )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int | None) -> list[str]:
    infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


@dataclass
class Client:
    """A polite HTTP client (see the module docstring). Reuse one for a whole collection run.

    Parameters
    ----------
    user_agent : str
        Sent with every request; name yourself and how to reach you when you can.
    timeout : float, default 10
        Seconds to connect, and seconds to wait for each read.
    retries : int, default 2
        Extra attempts after a connection error, a timeout, 429 or 5xx.
    backoff : float, default 1
        Seconds before the first retry, doubled for each next one.
    delay : float, default 1
        Smallest gap, in seconds, between two requests to one host.
    max_bytes : int, default 10_000_000
        The largest body accepted, on the wire and decompressed.
    allow_hosts : iterable of str
        Hosts allowed although private or loopback (``"127.0.0.1"``, ``"localhost"``), and
        ``"file"`` for ``file://`` URLs.
    robots : bool, default True
        Obey ``robots.txt``.
    """

    user_agent: str = USER_AGENT
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    delay: float = 1.0
    max_bytes: int = 10_000_000
    allow_hosts: frozenset[str] = frozenset()
    robots: bool = True
    max_redirects: int = 5
    _robots: dict[str, Any] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _pool: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.allow_hosts = frozenset(str(h).lower() for h in self.allow_hosts)
        if self.max_bytes < 1 or self.timeout <= 0 or self.retries < 0 or self.delay < 0:
            raise ToolkitError(
                "Client needs max_bytes >= 1, timeout > 0, retries >= 0 and delay >= 0."
            )

    def _http(self) -> Any:
        if self._pool is None:
            import urllib3

            self._pool = urllib3.PoolManager(
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                retries=False,
            )
        return self._pool

    def get(self, url: str) -> Response:
        """Fetch ``url`` (following checked redirects); raise FetchError on any failure."""
        for _ in range(self.max_redirects + 1):
            check_address(url, self.allow_hosts)
            if urlsplit(url).scheme.lower() == "file":
                return self._read_file(url)
            if self.robots and not self._allowed(url):
                raise FetchError(url, "robots.txt", "the site's robots.txt disallows it")
            response = self._get_once(url)
            if response.status in _REDIRECT_STATUS and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            if response.status >= 400:
                raise FetchError(url, f"http {response.status}")
            return response
        raise FetchError(url, "too many redirects", f"more than {self.max_redirects}")

    def _read_file(self, url: str) -> Response:
        from urllib.request import url2pathname

        path = Path(url2pathname(urlsplit(url).path))
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise FetchError(url, "too large", f"{size:,} bytes > {self.max_bytes:,}")
            return Response(url, 200, {}, path.read_bytes())
        except OSError as exc:
            raise FetchError(url, "unreadable file", str(exc)) from None

    def _wait(self, host: str) -> None:
        gap = max(self.delay, self._crawl_delay(host))
        last = self._last.get(host)
        if last is not None and gap > 0:
            pause = last + gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _get_once(self, url: str) -> Response:
        """One request with retries (no redirects followed)."""
        import urllib3

        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait(host)
            try:
                raw = self._http().request(
                    "GET", url, preload_content=False, redirect=False, decode_content=False
                )
            except urllib3.exceptions.HTTPError as exc:
                reason = "timeout" if _is_timeout(exc) else "connection error"
                if attempt < self.retries:
                    attempt += 1
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise FetchError(url, reason, type(exc).__name__) from None
            consumed = False
            try:
                status = int(raw.status)
                if status in _RETRY_STATUS and attempt < self.retries:
                    attempt += 1
                    time.sleep(_retry_after(raw.headers, self.backoff * 2 ** (attempt - 1)))
                    continue
                headers = {k.lower(): v for k, v in raw.headers.items()}
                body = b"" if status in _REDIRECT_STATUS else self._read_body(url, raw)
                consumed = status not in _REDIRECT_STATUS
                return Response(url, status, headers, body)
            except urllib3.exceptions.HTTPError as exc:
                if _is_timeout(exc) and attempt < self.retries:
                    attempt += 1
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                reason = "timeout" if _is_timeout(exc) else "broken response"
                raise FetchError(url, reason, type(exc).__name__) from None
            finally:
                if not consumed:  # an unread body must not be left for the next request
                    raw.close()
                raw.release_conn()

    def _read_body(self, url: str, raw: Any) -> bytes:
        """The decompressed body, refused as soon as either size passes ``max_bytes``."""
        declared = raw.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raw.drain_conn()
            raise FetchError(url, "too large", f"Content-Length {int(declared):,} bytes")
        encoding = raw.headers.get("content-encoding", "").strip().lower()
        decoder = _decoder(encoding)
        if decoder is False:
            raise FetchError(url, "unsupported encoding", encoding)
        chunks, size, wire = [], 0, 0
        for chunk in raw.stream(64 * 1024, decode_content=False):
            wire += len(chunk)
            if wire > self.max_bytes:
                raise FetchError(url, "too large", f"over {self.max_bytes:,} bytes received")
            try:
                data = decoder(chunk, self.max_bytes - size + 1) if decoder else chunk
            except zlib.error as exc:
                raise FetchError(url, "broken response", f"bad {encoding} data: {exc}") from None
            size += len(data)
            if size > self.max_bytes:
                raise FetchError(url, "too large", f"over {self.max_bytes:,} bytes decompressed")
            chunks.append(data)
        return b"".join(chunks)

    def _crawl_delay(self, host: str) -> float:
        parser = self._robots.get(host)
        if parser is None or parser is False or parser is True:
            return 0.0
        value = parser.crawl_delay(self.user_agent)
        return float(value) if value else 0.0

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        parser = self._robots[host]
        if parser is True or parser is False:
            return parser
        return bool(parser.can_fetch(url, self.user_agent))

    def _read_robots(self, url: str) -> Any:
        """A Protego parser; True (allow all: 4xx) or False (allow nothing: 5xx, unreachable)."""
        from protego import Protego

        try:
            response = self._get_once(url)
        except FetchError as exc:
            return exc.reason == "too large"  # an oversized robots.txt is treated as none
        if response.status in _REDIRECT_STATUS:
            return True
        if 400 <= response.status < 500:
            return True
        if response.status >= 500:
            return False
        return Protego.parse(response.body.decode("utf-8", "replace"))


def _is_timeout(exc: Exception) -> bool:
    import urllib3

    return isinstance(
        exc,
        (urllib3.exceptions.TimeoutError, urllib3.exceptions.ReadTimeoutError, socket.timeout),
    ) or "timed out" in str(exc)


def _retry_after(headers: Any, default: float) -> float:
    value = headers.get("retry-after", "")
    if value.isdigit():
        return min(float(value), 60.0)
    return default


def _decoder(encoding: str) -> Any:
    """A function that decompresses the next chunk with at most ``limit`` bytes of output; None
    for no content coding, False for one we do not decode."""
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return False
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS)

    def decode(chunk: bytes, limit: int) -> bytes:
        out = inflate.decompress(chunk, limit)
        # output beyond the limit stays in the decompressor: over the cap either way
        return out + (b"x" if inflate.unconsumed_tail else b"")

    return decode
