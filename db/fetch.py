"""The one fetcher of http(s) inputs (`ingest URL`, and every later feed refresh), on httpx.

A URL is untrusted twice: its server may stall, send without end or lie about sizes, and its
redirects may point anywhere. So a fetch has a total deadline (every read and connect is
clamped to what is left of it) and a minimum speed; a size cap checked on Content-Length and
again on the stream; at most `Limits.redirects` redirects, each to http(s) only; its content
type and first bytes checked before the rest is read. At every hop the address actually
connected to (not only the name's first answer) is classified: link-local and cloud metadata
addresses are refused always, loopback and private ones unless the URL the user gave is
itself loopback or private, so a public page cannot redirect into the user's network.
Proxies from the environment are not used: the address checked must be the one connected to.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import urllib.parse
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from db.decode import binary_kind
from db.limits import Limits, human_size

Classifier = Callable[[str], str]
"""An IP address (text) -> "public", "private", "loopback", "link-local" or "metadata"."""

# Cloud instance metadata services (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS IPv6;
# Alibaba; Oracle): never fetched, whatever the URL given.
_METADATA = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192", "169.254.170.2",
)}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_INTERNAL = {"private", "loopback"}
_NEVER = {"link-local", "metadata"}
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_TEXT_TYPES = {"application/xml", "application/json", "application/x-ndjson",
               "application/jsonl", "application/xhtml+xml", "application/rss+xml",
               "application/atom+xml", "application/rdf+xml", "application/feed+json"}
_FIRST_BYTES = 512
USER_AGENT = "briefing/0.1"


def classify_address(ip: str) -> str:
    """What kind of address `ip` is, for the fetcher's policy."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # an IPv6 zone id is not the address
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr in _METADATA:
        return "metadata"
    if addr.is_link_local:
        return "link-local"
    if addr.is_loopback or addr.is_unspecified:  # 0.0.0.0 reaches this machine on Linux
        return "loopback"
    if addr.is_private or addr.is_reserved or addr.is_multicast or addr in _CGNAT:
        return "private"
    return "public"


class FetchError(Exception):
    """A URL that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes
    # A conditional request (`Conditions`) answered 304: nothing changed, `data` is empty.
    not_modified: bool = False
    # Where the URL has moved for good: the last hop of the 301/308 redirects it began with
    # (a temporary redirect after them ends the chain: the move past it may not last).
    moved_to: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Conditions:
    """The validators of the last answer, sent back so that an unchanged feed costs a 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


def fetch(url: str, limits: Limits | None = None, classify: Classifier = classify_address,
          should_stop: Callable[[], bool] | None = None,
          conditions: Conditions | None = None) -> Fetched:
    """The body of `url` within the caps, or FetchError saying why not. With `conditions`,
    an answer 304 is `not_modified` (the feed refresh, `db/refresh.py`).

    `should_stop` (Ctrl-C asked) is checked at every read, so a stop need not wait for the
    deadline: at most for one read that brings nothing (`Limits.stall_seconds`).
    """
    limits = limits or Limits()
    deadline = time.monotonic() + limits.fetch_seconds
    try:
        guard = _Guard(classify, _is_internal(url, classify), deadline, should_stop)
        transport = _GuardedTransport(guard)
        timeout = httpx.Timeout(limits.stall_seconds)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                   **(conditions.headers() if conditions else {})}
        with httpx.Client(transport=transport, trust_env=False, follow_redirects=False,
                          timeout=timeout, headers=headers) as client:
            return _follow(client, url, limits, guard)
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError(_timed_out(deadline, limits)) from None
    except (httpx.HTTPError, httpcore.ProtocolError) as exc:
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}") from None
    except (OSError, ValueError, UnicodeError) as exc:  # bad host names, odd URLs
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}") from None


def _timed_out(deadline: float, limits: Limits) -> str:
    if time.monotonic() >= deadline - 0.05:
        return f"cannot fetch: no complete answer within {limits.fetch_seconds:g} s"
    return f"cannot fetch: nothing received for {limits.stall_seconds:g} s"


def _follow(client: httpx.Client, url: str, limits: Limits, guard: _Guard) -> Fetched:
    current = url
    moved_to: str | None = None
    permanent = True  # so far every hop was a 301 or 308
    for _hop in range(limits.redirects + 1):
        _check_scheme(current, "only http(s) URLs can be read")
        with client.stream("GET", current) as response:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                target = urllib.parse.urljoin(current, response.headers["location"])
                scheme = urllib.parse.urlsplit(target).scheme or "?"
                _check_scheme(target, f"redirect to {scheme}: refused (only http(s))")
                permanent = permanent and response.status_code in _PERMANENT
                if permanent:
                    moved_to = target
                current = target
                continue
            etag = response.headers.get("etag")
            modified = response.headers.get("last-modified")
            if response.status_code == 304:
                return Fetched(str(response.url), "", b"", not_modified=True,
                               moved_to=moved_to, etag=etag, last_modified=modified)
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            _check_type(ctype)
            _check_length(response.headers.get("content-length"), limits)
            data = _read_body(response, limits, guard)
            return Fetched(str(response.url), ctype, data, moved_to=moved_to, etag=etag,
                           last_modified=modified)
    raise FetchError(f"more than {limits.redirects} redirects")


def _check_scheme(url: str, message: str) -> None:
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(message)


def _check_type(ctype: str) -> None:
    if not ctype or ctype.startswith("text/") or ctype in _TEXT_TYPES:
        return
    if ctype.endswith(("+xml", "+json")):
        return
    raise FetchError(f"not a page or a feed (content type {ctype})")


def _check_length(value: str | None, limits: Limits) -> None:
    try:
        length = int(value) if value is not None else None
    except ValueError:
        length = None
    if length is not None and length > limits.file:
        raise FetchError(f"too large: {human_size(length)} announced, the cap is "
                         f"{human_size(limits.file)} (--max-file)")


def _read_body(response: httpx.Response, limits: Limits, guard: _Guard) -> bytes:
    """The body, decoded (gzip, deflate) with its growth bounded, within cap, deadline, speed."""
    start = time.monotonic()
    parts: list[bytes] = []
    size = 0
    raw_size = 0
    for chunk in _decoded(response.iter_raw(), response.headers.get("content-encoding", "")):
        if chunk[1]:
            raw_size += chunk[1]
        data = chunk[0]
        if not data:
            continue
        if size == 0 or size < _FIRST_BYTES <= size + len(data):
            kind = binary_kind(b"".join(parts) + data)
            if kind is not None:
                raise FetchError(f"binary ({kind}), not a page or a feed")
        size += len(data)
        if size > limits.file:
            raise FetchError(f"too large: more than {human_size(limits.file)} "
                             "(the cap, --max-file)")
        parts.append(data)
        guard.check_stop()
        now = time.monotonic()
        if now >= guard.deadline:
            raise FetchError(f"cannot fetch: no complete answer within "
                             f"{limits.fetch_seconds:g} s")
        elapsed = now - start
        if elapsed > limits.speed_grace and raw_size < limits.min_speed * elapsed:
            raise FetchError(f"too slow: {raw_size / elapsed:.0f} bytes/s, the minimum is "
                             f"{limits.min_speed}")
    return b"".join(parts)


def _decoded(raw: Iterable[bytes], encoding: str) -> Iterator[tuple[bytes, int]]:
    """(decoded bytes, raw bytes consumed). A compressed chunk is inflated in bounded steps,
    so a gzip bomb meets the size cap before it meets the memory."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        for chunk in raw:
            yield chunk, len(chunk)
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    inflater = zlib.decompressobj(47 if "gzip" in encoding else 15)
    try:
        for chunk in raw:
            data = inflater.decompress(chunk, 1 << 16)
            yield data, len(chunk)
            while inflater.unconsumed_tail:
                yield inflater.decompress(inflater.unconsumed_tail, 1 << 16), 0
        yield inflater.flush(), 0
    except zlib.error as exc:
        raise FetchError(f"broken {encoding} body ({exc})") from None


def _is_internal(url: str, classify: Classifier) -> bool:
    """Whether the URL the user gave is itself loopback or private (then so may its hops be)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError("only http(s) URLs can be read" if parts.scheme.lower()
                         not in ("http", "https") else "cannot fetch: no host in the URL")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot fetch: {exc}") from None
    return any(classify(str(info[4][0])) in _INTERNAL for info in infos)


class _Guard:
    """The policy of one fetch: which addresses may be connected to, and until when."""

    def __init__(self, classify: Classifier, allow_internal: bool, deadline: float,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.classify = classify
        self.allow_internal = allow_internal
        self.deadline = deadline
        self.should_stop = should_stop

    def check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise FetchError("interrupted")

    def refusal(self, ip: str) -> str | None:
        kind = self.classify(ip)
        if kind in _NEVER:
            return f"refused: {ip} is a {kind} address"
        if kind in _INTERNAL and not self.allow_internal:
            return (f"refused: {ip} is a {kind} address, reached from a public URL "
                    "(give an address of your network yourself to read it)")
        return None

    def clamp(self, timeout: float | None) -> float:
        self.check_stop()
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpx.ReadTimeout("deadline passed")
        return left if timeout is None else min(timeout, left)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves names itself and connects only to addresses the guard allows; then checks the
    peer of the socket actually connected."""

    def __init__(self, guard: _Guard) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot fetch: {host}: {exc}") from None
        refusal = f"cannot fetch: {host} has no address"
        last_error: Exception | None = None
        for info in infos:
            ip = str(info[4][0])
            why = self.guard.refusal(ip)
            if why is not None:
                refusal = why
                continue
            try:
                stream = self.inner.connect_tcp(ip, port, self.guard.clamp(timeout),
                                                local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            peer = str(stream.get_extra_info("socket").getpeername()[0])
            why = self.guard.refusal(peer)
            if why is not None:
                stream.close()
                raise FetchError(why)
            return _DeadlineStream(stream, self.guard)
        if last_error is not None:
            raise last_error
        raise FetchError(refusal)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise FetchError("refused: not a network address")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, guard: _Guard) -> None:
        self.inner = inner
        self.guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.guard.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.guard.clamp(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self.inner.start_tls(ssl_context, server_hostname, self.guard.clamp(timeout))
        return _DeadlineStream(tls, self.guard)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool on the guarded backend."""

    def __init__(self, guard: _Guard) -> None:
        context = _ssl_context()
        super().__init__(trust_env=False, verify=context)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context, network_backend=_GuardedBackend(guard), max_connections=4,
        )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle took 0.14 s, twice a fetch (the
    transport's own and the pool's), and a feed refresh fetches hundreds of URLs. A context
    is safe to share between threads and connections."""
    return httpx.create_ssl_context()
