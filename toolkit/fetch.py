"""One polite, careful HTTP client for collecting news: every fetched byte goes through it.

:class:`Client` fetches a URL's bytes and never more than it should:

* **where**: only ``http`` and ``https``, and only public addresses. Every address that is not
  globally reachable is refused (:func:`refused_range` names its range): private, loopback,
  link-local, carrier-grade NAT (``100.64.0.0/10``, where cloud metadata services live),
  IETF protocol assignments, benchmarking, documentation, multicast, reserved and unspecified
  ranges, and IPv6 addresses that embed such an IPv4 address (IPv4-mapped, 6to4, Teredo,
  NAT64). A private host is reached only when allowed by name (``allow_hosts=["127.0.0.1"]``),
  and ``file://`` only with ``"file"`` (for saved pages). Redirects are checked again before
  they are followed, and a redirect never leads out of ``http``/``https`` (never to ``file://``,
  whatever is allowed);
* **the address connected to**: a host name is resolved once per connection, every address it
  resolves to is checked, and the socket connects to a checked address (the name still goes in
  the ``Host`` header and in TLS's SNI, and the certificate is verified for the name). A name
  that resolves to a public address first and to a private one when the connection is made (DNS
  rebinding) is refused before any byte is sent;
* **whether**: ``robots.txt`` is read once per host with Protego, which understands wildcards
  and ``Crawl-delay``, following its redirects (``http`` to ``https``, say); a disallowed URL is
  not fetched. A ``robots.txt`` that does not exist (404 or 410) allows everything; one that
  cannot be read (any other error, a timeout, over ``max_bytes``, a redirect loop) allows
  nothing, as RFC 9309 says of an unreachable one;
* **how often**: requests to one host are at least ``delay`` seconds apart (or the host's
  ``Crawl-delay``, if longer);
* **how much**: a body over ``max_bytes`` is refused, judged on the declared length (then no
  byte of it is read), on the bytes received (reading stops at the cap) and again on the
  decompressed bytes, so a gzip bomb stops at the cap too;
* **how long**: ``timeout`` bounds connecting and each read, and ``deadline`` bounds the whole
  request (resolving, connecting, TLS, headers and body), so a server that answers one byte at
  a time cannot hold the client. Connection errors, timeouts, 429 and 5xx are retried with
  exponential backoff; a request over its deadline and other errors are not;
* **who**: a descriptive user agent, so that site owners can see who is reading.

Failures raise :class:`FetchError` with a short ``reason`` (``"http 404"``, ``"timeout"``,
``"robots.txt"``, ``"too large"``, ``"refused address"``, ...) that collection summaries count.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import socket
import ssl
import sys
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from toolkit.errors import ToolkitError

__all__ = ["USER_AGENT", "Client", "FetchError", "Response", "check_address", "refused_range"]

USER_AGENT = (
    "rhetoric-toolkit/0.1 (research on political rhetoric in the news; "
    "+https://pypi.org/project/rhetoric-toolkit/)"
)
_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_WEB = ("http", "https")
#: A robots.txt with one of these statuses does not exist: everything is allowed.
_NO_ROBOTS = {404, 410}
#: The deadline of a request, when not given, in timeouts.
DEADLINE_TIMEOUTS = 3
_CHUNK = 64 * 1024
Resolver = Callable[[str, int], Sequence[str]]


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


# --- which addresses are public ----------------------------------------------------------------


def _table(rows: list[tuple[str, str]]) -> list[tuple[Any, str]]:
    return [(ipaddress.ip_network(net), f"{name} ({net})") for net, name in rows]


# The IANA special-purpose registries: every range whose addresses are not globally reachable.
_V4_RANGES = _table([
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "limited broadcast"),
    ("240.0.0.0/4", "reserved"),
])  # fmt: skip
_V6_RANGES = _table([
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("::ffff:0:0:0/96", "IPv4-translated"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001:db8::/32", "documentation"),
    ("2001::/23", "IETF protocol assignments"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing (SRv6)"),
    ("fc00::/7", "unique local (private)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local (deprecated)"),
    ("ff00::/8", "multicast"),
])  # fmt: skip
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def refused_range(address: str) -> str | None:
    """Why a connection to ``address`` is refused: the range it lies in that is not globally
    reachable (or the range of an IPv4 address it embeds); None for a public address.

    IPv6 addresses that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4
    ``2002::/16``, Teredo ``2001::/32``, NAT64 ``64:ff9b::/96``) are judged by the IPv4
    addresses they embed, because that is where the packets go.

    Examples
    --------
    >>> refused_range("1.1.1.1") is None
    True
    >>> refused_range("100.100.100.200")
    'carrier-grade NAT (100.64.0.0/10)'
    >>> refused_range("2002:a9fe:a9fe::1")
    '6to4 address embedding 169.254.169.254: link-local (169.254.0.0/16)'
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return "not an IP address"
    return _refusal(ip)


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded(ip)
        if embedded is not None:
            kind, inner = embedded
            for v4 in inner:
                why = _refusal(v4)
                if why is not None:
                    return f"{kind} embedding {v4}: {why}"
            return None
    for network, name in _V6_RANGES if ip.version == 6 else _V4_RANGES:
        if ip in network:
            return str(name)
    if isinstance(ip, ipaddress.IPv6Address) and ip not in _GLOBAL_UNICAST:
        return "reserved (outside global unicast 2000::/3)"
    if (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    ):
        return "not globally reachable"
    return None


def _embedded(ip: ipaddress.IPv6Address) -> tuple[str, list[ipaddress.IPv4Address]] | None:
    """The IPv4 addresses an IPv6 address carries, and how; None when it carries none."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped address", [ip.ipv4_mapped]
    if ip in _NAT64:
        return "NAT64 address", [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return "6to4 address", [ip.sixtofour]
    if ip.teredo is not None:
        return "Teredo address", list(ip.teredo)
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0].strip("[]"))
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, in the order the system resolver gives them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refused_message(host: str, address: str, why: str, when: str = "") -> str:
    where = f" resolves{when} to {address}, which" if address != host else ""
    return (
        f"{host}{where} is not a public address: {why}; allow it by name with "
        f"allow_hosts=[{host!r}] or --allow-host {host}"
    )


def check_address(
    url: str,
    allow_hosts: frozenset[str] | set[str] | tuple[str, ...] = (),
    *,
    resolver: Resolver | None = None,
) -> None:
    """Raise a FetchError unless ``url`` is an http(s) URL of a public host, or of a host
    allowed by name (``"file"`` allows ``file://`` URLs).

    A host name is resolved (with ``resolver(host, port)``, the system's by default) and
    refused when any of its addresses is not public (see :func:`refused_range`). The
    :class:`Client` checks the address it connects to again, at connection time.

    Examples
    --------
    >>> check_address("http://127.0.0.1:8000/feed.xml", {"127.0.0.1"})
    >>> check_address("http://100.100.100.200/latest/meta-data")
    Traceback (most recent call last):
    ...
    toolkit.fetch.FetchError: http://100.100.100.200/latest/meta-data: refused address \
(100.100.100.200 is not a public address: carrier-grade NAT (100.64.0.0/10); allow it by name \
with allow_hosts=['100.100.100.200'] or --allow-host 100.100.100.200)
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if "file" not in allow_hosts:
            raise FetchError(url, "refused address", "file:// is allowed only with 'file'")
        return
    if scheme not in _WEB:
        raise FetchError(url, "refused address", f"only http and https, not {scheme or 'none'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(url, "bad url", "no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(url, "bad url", str(exc)) from None
    if host in allow_hosts:
        return
    try:
        addresses = [host] if _is_ip(host) else list((resolver or _resolve)(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchError(url, "dns", str(exc) or type(exc).__name__) from None
    if not addresses:
        raise FetchError(url, "dns", f"{host} has no address")
    for address in addresses:
        why = refused_range(address)
        if why is not None:
            raise FetchError(url, "refused address", _refused_message(host, address, why))


# --- sockets that keep the request's deadline ----------------------------------------------------

#: When the request being made must be over (time.monotonic()), or None outside a request.
_EXPIRY: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "toolkit_fetch_expiry", default=None
)


def _time_left(timeout: float | None) -> float | None:
    """The socket timeout for the next operation: ``timeout``, shortened to what is left of
    the request's deadline; socket.timeout when nothing is left."""
    expiry = _EXPIRY.get()
    if expiry is None:
        return timeout
    left = expiry - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out: the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


def _bounded(sock: socket.socket, call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)`` on ``sock`` with its timeout shortened to the request's deadline."""
    base = sock.gettimeout()
    bounded = _time_left(base)
    if bounded == base:
        return call(*args)
    socket.socket.settimeout(sock, bounded)
    try:
        return call(*args)
    finally:
        with contextlib.suppress(OSError):  # closed meanwhile
            socket.socket.settimeout(sock, base)


class _DeadlineSocket(socket.socket):
    """A TCP socket whose every read and write ends by the request's deadline."""

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        return bytes(_bounded(self, super().recv, bufsize, flags))

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        return int(_bounded(self, super().recv_into, buffer, nbytes, flags))

    def sendall(self, data: Any, flags: int = 0) -> None:
        _bounded(self, super().sendall, data, flags)


class _DeadlineSSLSocket(ssl.SSLSocket):
    """A TLS socket whose handshake, reads and writes end by the request's deadline."""

    def do_handshake(self, block: bool = False) -> None:
        _bounded(self, super().do_handshake, block)

    def read(self, len: int = 1024, buffer: Any = None) -> Any:
        return _bounded(self, super().read, len, buffer)

    def sendall(self, data: Any, flags: int = 0) -> None:
        _bounded(self, super().sendall, data, flags)


class _RefusedPeer(Exception):
    """Raised inside a connection attempt to an address that is not public."""


class _Transient(Exception):
    """A failure worth another attempt (a connection error, a timeout within the deadline)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _guarded_pools(client: Client) -> dict[str, Any]:
    """urllib3 connection pools whose connections open their sockets through ``client``."""
    from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.connection import HTTPConnection, HTTPSConnection

    class Connection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return client._open(self)

    class TLSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return client._open(self)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TLSConnection

    return {"http": Pool, "https": TLSPool}


# --- the client ----------------------------------------------------------------------------------


@dataclass
class Client:
    """A polite HTTP client (see the module docstring). Reuse one for a whole collection run.

    Parameters
    ----------
    user_agent : str
        Sent with every request; name yourself and how to reach you when you can.
    timeout : float, default 10
        Seconds to connect, and seconds to wait for each read.
    deadline : float, optional
        Seconds a whole request may take: resolving the host, connecting, the TLS handshake,
        the headers and the body (default :data:`DEADLINE_TIMEOUTS` times ``timeout``). A
        request over it fails with ``"timeout"`` and is not retried.
    retries : int, default 2
        Extra attempts after a connection error, a timeout, 429 or 5xx.
    backoff : float, default 1
        Seconds before the first retry, doubled for each next one.
    delay : float, default 1
        Smallest gap, in seconds, between two requests to one host.
    max_bytes : int, default 10_000_000
        The largest body accepted, on the wire and decompressed; no more is read.
    allow_hosts : iterable of str
        Hosts allowed although not public (``"127.0.0.1"``, ``"localhost"``), by the name in
        the URL, and ``"file"`` for ``file://`` URLs (never reached by a redirect).
    robots : bool, default True
        Obey ``robots.txt``.
    max_redirects : int, default 5
        Redirects followed for one URL (and for one ``robots.txt``).
    resolver : callable, optional
        ``resolver(host, port)`` returns the host's addresses (the system's resolver by
        default); every address is checked before one is connected to.
    ca_certs : str, optional
        A PEM file of certificate authorities to trust instead of the system's.

    Examples
    --------
    >>> client = Client(timeout=5)
    >>> client.deadline
    15.0
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
    deadline: float | None = None
    resolver: Resolver | None = field(default=None, repr=False)
    ca_certs: str | None = None
    _robots: dict[str, Any] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _pool: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.allow_hosts = frozenset(str(h).lower() for h in self.allow_hosts)
        if self.deadline is None and self.timeout > 0:
            self.deadline = DEADLINE_TIMEOUTS * float(self.timeout)
        if (
            self.max_bytes < 1
            or self.timeout <= 0
            or self.retries < 0
            or self.delay < 0
            or self.max_redirects < 0
            or self.deadline is None
            or self.deadline <= 0
        ):
            raise ToolkitError(
                "Client needs max_bytes >= 1, timeout > 0, deadline > 0, retries >= 0, "
                "max_redirects >= 0 and delay >= 0."
            )

    @property
    def _deadline(self) -> float:
        return float(self.deadline or DEADLINE_TIMEOUTS * self.timeout)

    # --- addresses

    def _lookup(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` from the resolver, within the timeout (and the deadline)."""
        limit = _time_left(self.timeout) or self.timeout
        resolver = self.resolver or _resolve
        answer: list[Any] = []

        def run() -> None:
            try:
                answer.append(list(resolver(host, port)))
            except Exception as exc:  # handed to the caller below
                answer.append(exc if isinstance(exc, OSError) else OSError(str(exc)))

        worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
        worker.start()
        worker.join(limit)
        if not answer:
            raise TimeoutError(f"timed out resolving {host}")
        if isinstance(answer[0], OSError):
            raise answer[0]
        if not answer[0]:
            raise OSError(f"{host} has no address")
        return [str(address) for address in answer[0]]

    def _check(self, url: str) -> None:
        check_address(url, self.allow_hosts, resolver=self._lookup)

    def _open(self, connection: Any) -> socket.socket:
        """The connected socket of a urllib3 connection: its host resolved once, every address
        checked, and a checked address connected to (never the name, which a second lookup
        could answer differently); the peer is checked again once connected."""
        from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

        host = str(connection.host).strip("[]").rstrip(".").lower()
        port = int(connection.port or 80)
        allowed = host in self.allow_hosts
        try:
            addresses = [host] if _is_ip(host) else self._lookup(host, port)
        except TimeoutError:
            raise ConnectTimeoutError(connection, f"resolving {host} timed out") from None
        except OSError as exc:
            raise NewConnectionError(connection, f"Failed to resolve {host}: {exc}") from None
        if not allowed:
            for address in addresses:
                why = refused_range(address)
                if why is not None:
                    raise _RefusedPeer(_refused_message(host, address, why, " at connection"))
        error: Exception = NewConnectionError(connection, f"no address to connect to for {host}")
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sock = _DeadlineSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            try:
                for option in connection.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(_time_left(self.timeout))
                sock.connect((address, port))
                peer = str(sock.getpeername()[0])
                why = None if allowed else refused_range(peer)
                if why is not None:
                    raise _RefusedPeer(_refused_message(host, peer, why, " at connection"))
                sock.settimeout(self.timeout)
                sys.audit("http.client.connect", connection, host, port)
                return sock
            except _RefusedPeer:
                sock.close()
                raise
            except TimeoutError:
                error = ConnectTimeoutError(
                    connection, f"connecting to {host} ({address}) timed out"
                )
            except OSError as exc:
                error = NewConnectionError(connection, f"Failed to connect to {address}: {exc}")
            sock.close()
        raise error

    # --- requests

    def _tls_context(self) -> ssl.SSLContext:
        from urllib3.util.ssl_ import create_urllib3_context

        context = create_urllib3_context()
        if self.ca_certs:
            context.load_verify_locations(cafile=self.ca_certs)
        else:
            context.load_default_certs()
        context.sslsocket_class = _DeadlineSSLSocket
        return context

    def _http(self) -> Any:
        if self._pool is None:
            import urllib3

            pool = urllib3.PoolManager(
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                retries=False,
                ssl_context=self._tls_context(),
            )
            pool.pool_classes_by_scheme = _guarded_pools(self)
            self._pool = pool
        return self._pool

    def get(self, url: str) -> Response:
        """Fetch ``url`` (following checked redirects); raise FetchError on any failure."""
        first = url
        for hop in range(self.max_redirects + 1):
            scheme = urlsplit(url).scheme.lower()
            if hop and scheme not in _WEB:
                raise FetchError(
                    url,
                    "refused address",
                    f"{first} redirects to {scheme or 'no'} scheme; only http and https "
                    "redirects are followed",
                )
            self._check(url)
            if scheme == "file":
                return self._read_file(url)
            if self.robots and not self._allowed(url):
                raise FetchError(url, "robots.txt", "the site's robots.txt disallows it")
            response = self._get_once(url)
            if response.status in _REDIRECT_STATUS and response.headers.get("location"):
                url = urljoin(url, response.headers["location"].strip())
                continue
            if not 200 <= response.status < 300:
                raise FetchError(url, f"http {response.status}")
            return response
        raise FetchError(url, "too many redirects", f"more than {self.max_redirects}")

    def _read_file(self, url: str) -> Response:
        from urllib.request import url2pathname

        path = Path(url2pathname(urlsplit(url).path))
        try:
            with path.open("rb") as handle:
                body = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise FetchError(url, "unreadable file", str(exc)) from None
        if len(body) > self.max_bytes:
            raise FetchError(url, "too large", f"over {self.max_bytes:,} bytes")
        return Response(url, 200, {}, body)

    def _wait(self, host: str) -> None:
        gap = max(self.delay, self._crawl_delay(host))
        last = self._last.get(host)
        if last is not None and gap > 0:
            pause = last + gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _get_once(self, url: str) -> Response:
        """One request with retries (no redirects followed), each attempt within the deadline."""
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait(host)
            expiry = time.monotonic() + self._deadline
            token = _EXPIRY.set(expiry)
            try:
                status, headers, body = self._exchange(url, expiry)
            except _Transient as exc:
                if attempt < self.retries:
                    attempt += 1
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise FetchError(url, exc.reason, exc.detail) from None
            finally:
                _EXPIRY.reset(token)
            if status in _RETRY_STATUS and attempt < self.retries:
                attempt += 1
                time.sleep(_retry_after(headers, self.backoff * 2 ** (attempt - 1)))
                continue
            return Response(url, status, headers, body)

    def _exchange(self, url: str, expiry: float) -> tuple[int, dict[str, str], bytes]:
        """One attempt: the status, the headers and (for a 2xx answer) the body."""
        import urllib3

        try:
            raw = self._http().request(
                "GET", url, preload_content=False, redirect=False, decode_content=False
            )
        except _RefusedPeer as exc:
            raise FetchError(url, "refused address", str(exc)) from None
        except urllib3.exceptions.HTTPError as exc:
            raise self._failure(url, exc, expiry, retry=True) from None
        done = False
        try:
            status = int(raw.status)
            headers = {k.lower(): v for k, v in raw.headers.items()}
            body = b""
            if 200 <= status < 300:
                body = self._read_body(url, raw)
                done = True
            return status, headers, body
        except urllib3.exceptions.HTTPError as exc:
            raise self._failure(url, exc, expiry, retry=False) from None
        finally:
            if not done:  # an unread body is never read: the connection is closed instead
                raw.close()
            raw.release_conn()

    def _failure(self, url: str, exc: Exception, expiry: float, *, retry: bool) -> Exception:
        """The FetchError (final) or _Transient (worth another attempt) for a urllib3 error."""
        import urllib3

        name = type(exc).__name__
        if time.monotonic() >= expiry - 0.05:
            return FetchError(url, "timeout", f"over the deadline of {self._deadline:g} s")
        if isinstance(exc, urllib3.exceptions.SSLError):
            return FetchError(url, "tls error", str(exc.args[0] if exc.args else name))
        if _is_timeout(exc):
            return _Transient("timeout", name)
        if retry:
            return _Transient("connection error", name)
        return FetchError(url, "broken response", name)

    def _read_body(self, url: str, raw: Any) -> bytes:
        """The decompressed body, refused as soon as either size passes ``max_bytes``: no more
        than ``max_bytes + 1`` bytes are read, and none when the declared length is over."""
        declared = raw.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, "too large", f"Content-Length {int(declared):,} bytes")
        encoding = raw.headers.get("content-encoding", "").strip().lower()
        decoder = _decoder(encoding)
        if decoder is False:
            raise FetchError(url, "unsupported encoding", encoding)
        chunks, size, wire = [], 0, 0
        while True:
            # read1: one read from the socket at most, so each waits no longer than the timeout
            chunk = raw.read1(min(_CHUNK, self.max_bytes + 1 - wire), decode_content=False)
            if not chunk:
                break
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

    # --- robots.txt

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
        """A Protego parser; True (allow all: there is none, 404 or 410) or False (allow
        nothing: it could not be read, was too large, or its redirects went nowhere)."""
        from protego import Protego

        for _ in range(self.max_redirects + 1):
            try:
                if urlsplit(url).scheme.lower() not in _WEB:
                    return False
                self._check(url)
                response = self._get_once(url)
            except FetchError:
                return False
            if response.status in _REDIRECT_STATUS and response.headers.get("location"):
                url = urljoin(url, response.headers["location"].strip())
                continue
            if response.status in _NO_ROBOTS:
                return True
            if not 200 <= response.status < 300:
                return False
            return Protego.parse(response.body.decode("utf-8", "replace"))
        return False


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
