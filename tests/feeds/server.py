"""A feed server on loopback for the refresh tests and the benchmark: feeds that change
between requests, answer 304 to conditional requests, redirect, fail in every way a server
fails, and a count of every request with its conditional headers."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from tests.serving import serve_in_thread


def rss(title: str, entries: list[tuple[str, str, str]], *, content: bool = False) -> bytes:
    """An RSS 2.0 feed of (guid, title, text) entries; `content` puts the text in
    content:encoded (a full article) rather than in the description (a summary)."""
    items = []
    for guid, entry_title, text in entries:
        body = (f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if content
                else f"<description>{text}</description>")
        items.append(f"<item><guid>{guid}</guid><title>{entry_title}</title>"
                     f"<link>http://example.invalid/{guid}</link>{body}"
                     "<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title>{''.join(items)}</channel></rss>").encode()


@dataclass
class Route:
    """What one path answers. `body` may be changed between requests (a feed that moves on)."""

    body: bytes = b""
    ctype: str = "application/rss+xml"
    status: int = 200
    location: str | None = None  # with a 3xx status
    validators: bool = True  # ETag and Last-Modified, and 304 to a request that matches them
    last_modified: bool = True  # send Last-Modified too (False: the ETag alone)
    kind: str = "plain"  # plain, stall, trickle, truncated, endless, gzip-bomb

    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def modified(self) -> str:
        """A Last-Modified that changes with the body, as a server's would."""
        return formatdate(1764583200 + int(self.etag()[1:7], 16), usegmt=True)


@dataclass
class Seen:
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int = 0

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


@dataclass
class FeedServer:
    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _server: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if path is None or s.path == path]

    def start(self) -> FeedServer:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            seen_now: Seen | None = None

            def send_response(self, code: int, message: str | None = None) -> None:
                # The status is noted before the headers go out: a client that has its
                # answer (and the test reading `seen` right after) finds it recorded,
                # where setting it after the body was written raced with the client.
                if self.seen_now is not None:
                    self.seen_now.status = code
                super().send_response(code, message)

            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                self.seen_now = Seen(self.path, self.headers.get("If-None-Match"),
                                     self.headers.get("If-Modified-Since"))
                with server._lock:
                    server.seen.append(self.seen_now)
                route = server.routes.get(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server._answer(self, route)

        self._server = http.server.ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        serve_in_thread(self._server)
        return self

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, h: http.server.BaseHTTPRequestHandler, route: Route | None) -> int:
        if route is None:
            return _send(h, 404, b"not found", "text/plain")
        if route.location is not None:
            h.send_response(route.status)
            h.send_header("Location", route.location)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return route.status
        if route.status >= 400:
            return _send(h, route.status, b"failure", "text/plain")
        etag, modified = route.etag(), route.modified()
        # RFC 9110 13.1.3: with If-None-Match, If-Modified-Since is not looked at.
        asked = h.headers.get("If-None-Match")
        if route.validators and ((asked is not None and asked == etag) or (
                asked is None and route.last_modified
                and h.headers.get("If-Modified-Since") == modified)):
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return 304
        headers = {"ETag": etag, "Last-Modified": modified} if route.validators else {}
        if not route.last_modified:
            headers.pop("Last-Modified", None)
        if route.kind == "stall":  # the headers, then nothing until the test ends
            h.send_response(200)
            h.send_header("Content-Type", route.ctype)
            h.send_header("Content-Length", str(len(route.body) + 100))
            h.end_headers()
            h.wfile.write(route.body[:50])
            h.wfile.flush()
            self.stop.wait(30)
            return 200
        if route.kind == "trickle":  # 8 KB/s of spaces, never done: slow, never too slow
            h.send_response(200)
            h.send_header("Content-Type", route.ctype)
            h.send_header("Content-Length", str(len(route.body) + 10_000_000))
            h.end_headers()
            h.wfile.write(route.body[:50])
            deadline = time.monotonic() + 600
            while not self.stop.wait(0.5) and time.monotonic() < deadline:
                try:
                    h.wfile.write(b" " * 4096)
                    h.wfile.flush()
                except OSError:  # the client gave up
                    break
            return 200
        if route.kind == "truncated":  # promises more than it sends, then hangs up
            h.send_response(200)
            h.send_header("Content-Type", route.ctype)
            h.send_header("Content-Length", str(len(route.body) * 2))
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(route.body[: len(route.body) // 2])
            h.close_connection = True
            return 200
        if route.kind == "endless":  # no length, and no end (until the client gives up)
            h.send_response(200)
            h.send_header("Content-Type", route.ctype)
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(route.body[:200])
            chunk = b"<!-- " + b"x" * 65536 + b" -->"
            deadline = time.monotonic() + 20
            while not self.stop.is_set() and time.monotonic() < deadline:
                h.wfile.write(chunk)
            h.close_connection = True
            return 200
        if route.kind == "gzip-bomb":  # 64 MB of spaces in some 64 KB
            bomb = _bomb()
            h.send_response(200)
            h.send_header("Content-Type", route.ctype)
            h.send_header("Content-Encoding", "gzip")
            h.send_header("Content-Length", str(len(bomb)))
            h.end_headers()
            h.wfile.write(bomb)
            return 200
        return _send(h, 200, route.body, route.ctype, headers)


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    if not _BOMB:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header
        block = b" " * (1024 * 1024)
        parts = [packer.compress(b"<rss>")] + [packer.compress(block) for _ in range(64)]
        _BOMB.append(b"".join(parts) + packer.flush())
    return _BOMB[0]


def _send(h: http.server.BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
          headers: dict[str, str] | None = None) -> int:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(body)
    return status


def wait_for(condition: Callable[[], Any], timeout: float = 60.0) -> Any:
    """The condition's value once it is true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not met within {timeout} s")
