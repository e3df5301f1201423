"""The fetcher against loopback servers that misbehave on purpose (issue 14).

Each case is bounded: the caps given are small, and every test asserts on the message the
user would read. A "public" and a "private" address are both loopback here: the classifier
is replaced, as DECISIONS.md says, so that a public page redirecting into the user's network
can be played on one machine.
"""

from __future__ import annotations

import gzip
import http.server
import time
from collections.abc import Iterator

import pytest

from db.fetch import FetchError, classify_address, fetch
from db.inputs import ArticleInput, ReadError
from db.limits import Limits
from db.readers import read_inputs
from tests.serving import serve_in_thread

PAGE = (b"<html><head><title>Loopback page</title></head><body><article><p>The minister "
        b"of defence spoke in Paris on Monday about the new treaty and its terms.</p><p>She "
        b"said the talks would go on through the week, with more meetings planned.</p>"
        b"</article></body></html>")
FAST = Limits(fetch_seconds=10, stall_seconds=5, min_speed=1, speed_grace=30, file=100_000)


class Misbehaving(http.server.BaseHTTPRequestHandler):
    """One path per way a server can misbehave; `other` is the base URL of the second one."""

    other = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def _head(self, status: int = 200, ctype: str = "text/html", length: int | None = None,
              **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path
        try:
            if path == "/page":
                self._head(length=len(PAGE))
                self.wfile.write(PAGE)
            elif path == "/drip":  # a byte a tenth of a second, without end
                self._head()
                for _ in range(10_000):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/silent":  # headers, then nothing at all
                self._head()
                self.wfile.flush()
                time.sleep(30)
            elif path == "/huge-length":
                self._head(length=10**12)
                self.wfile.write(PAGE)
            elif path == "/endless":  # no length, and no end
                self._head()
                while True:
                    self.wfile.write(b"<p>more words, " * 1000)
            elif path == "/gzip-bomb":
                body = gzip.compress(b"\0" * 20_000_000)
                self._head(length=len(body), Content_Encoding="gzip")
                self.wfile.write(body)
            elif path == "/loop":
                self._head(302, length=0, Location="/loop")
            elif path == "/to-ftp":
                self._head(302, length=0, Location="ftp://example.org/feed.rss")
            elif path == "/to-file":
                self._head(302, length=0, Location="file:///etc/passwd")
            elif path == "/to-other":
                self._head(302, length=0, Location=f"{self.other}/page")
            elif path == "/png":
                self._head(ctype="image/png", length=8)
                self.wfile.write(b"\x89PNG\r\n\x1a\n")
            elif path == "/png-as-html":
                self._head(length=100)
                self.wfile.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 92)
            else:
                self._head(404, length=0)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher gave up, as it should


def _serve(host: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer((host, 0), Misbehaving)
    server.daemon_threads = True
    serve_in_thread(server)
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    """A server on 127.0.0.1 (the "public" one) and one on 127.0.0.2 (the "private" one)."""
    public, public_url = _serve("127.0.0.1")
    private, private_url = _serve("127.0.0.2")
    Misbehaving.other = private_url
    yield public_url, private_url
    for server in (public, private):
        server.shutdown()
        server.server_close()


def as_if_public(ip: str) -> str:
    """127.0.0.1 plays a public address, 127.0.0.2 one of the user's network."""
    return {"127.0.0.1": "public", "127.0.0.2": "private"}.get(ip, classify_address(ip))


def refused(url: str, limits: Limits = FAST, classify=as_if_public) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, limits, classify)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_page_is_fetched(servers):
    public, _ = servers
    fetched = fetch(f"{public}/page", FAST, as_if_public)
    assert fetched.data == PAGE and fetched.content_type == "text/html"


def test_a_slow_drip_is_cut_by_the_minimum_speed(servers):
    public, _ = servers
    start = time.monotonic()
    limits = Limits(fetch_seconds=20, min_speed=1000, speed_grace=0.5)
    assert refused(f"{public}/drip", limits).startswith("too slow: ")
    assert time.monotonic() - start < 10


@pytest.mark.slow  # waits out a real 1.5 s deadline: make test runs it
def test_a_slow_drip_is_cut_by_the_total_deadline(servers):
    public, _ = servers
    start = time.monotonic()
    limits = Limits(fetch_seconds=1.5, min_speed=1, speed_grace=60)
    message = refused(f"{public}/drip", limits)
    assert message == "cannot fetch: no complete answer within 1.5 s"
    assert time.monotonic() - start < 10  # one byte every 0.1 s used to hold it for ever


def test_a_stop_asked_meanwhile_ends_the_fetch(servers):
    public, _ = servers
    reads = iter(range(1000))
    asked = lambda: next(reads) >= 5  # noqa: E731  (Ctrl-C, after a few reads)
    with pytest.raises(FetchError, match="^interrupted$"):
        fetch(f"{public}/drip", Limits(fetch_seconds=60, min_speed=1, speed_grace=60),
              as_if_public, should_stop=asked)


def test_a_server_that_sends_nothing_more(servers):
    public, _ = servers
    limits = Limits(fetch_seconds=20, stall_seconds=0.5)
    assert refused(f"{public}/silent", limits) == "cannot fetch: nothing received for 0.5 s"


def test_a_huge_content_length_is_refused_before_reading(servers):
    public, _ = servers
    message = refused(f"{public}/huge-length")
    assert message == "too large: 931.3 GB announced, the cap is 97.66 KB (--max-file)"


def test_an_endless_body_stops_at_the_cap(servers):
    public, _ = servers
    assert refused(f"{public}/endless").startswith("too large: more than 97.66 KB")


def test_a_gzip_bomb_stops_at_the_cap(servers):
    public, _ = servers
    assert refused(f"{public}/gzip-bomb").startswith("too large: more than")


def test_a_redirect_loop_ends_after_five(servers):
    public, _ = servers
    assert refused(f"{public}/loop") == "more than 5 redirects"


@pytest.mark.parametrize(("path", "scheme"), [("/to-ftp", "ftp"), ("/to-file", "file")])
def test_a_redirect_to_another_scheme_is_refused(servers, path, scheme):
    public, _ = servers
    assert refused(f"{public}{path}") == f"redirect to {scheme}: refused (only http(s))"


def test_a_public_page_cannot_redirect_into_the_users_network(servers):
    public, _ = servers
    message = refused(f"{public}/to-other")
    assert message.startswith("refused: 127.0.0.2 is a private address, reached from a public")


def test_a_private_url_given_by_the_user_may_redirect_within_the_network(servers):
    public, _ = servers
    everything_private = lambda ip: "private" if ip.startswith("127.") else classify_address(ip)  # noqa: E731
    assert fetch(f"{public}/to-other", FAST, everything_private).data == PAGE


def test_metadata_and_link_local_addresses_are_refused_even_from_a_private_url(servers):
    public, private = servers
    metadata = lambda ip: {"127.0.0.2": "metadata"}.get(ip, "private")  # noqa: E731
    assert refused(f"{public}/to-other", classify=metadata) == \
        "refused: 127.0.0.2 is a metadata address"
    link_local = lambda ip: "link-local"  # noqa: E731
    assert refused(f"{private}/page", classify=link_local) == \
        "refused: 127.0.0.2 is a link-local address"


def test_content_type_and_first_bytes_are_checked(servers):
    public, _ = servers
    assert refused(f"{public}/png") == "not a page or a feed (content type image/png)"
    assert refused(f"{public}/png-as-html") == "binary (PNG), not a page or a feed"


def test_the_default_classifier():
    assert classify_address("169.254.169.254") == "metadata"
    assert classify_address("::ffff:169.254.169.254") == "metadata"
    assert classify_address("fd00:ec2::254") == "metadata"
    assert classify_address("169.254.1.1") == "link-local"
    assert classify_address("fe80::1") == "link-local"
    assert classify_address("127.0.0.1") == "loopback"
    assert classify_address("::1") == "loopback"
    assert classify_address("0.0.0.0") == "loopback"
    assert classify_address("10.1.2.3") == "private"
    assert classify_address("192.168.0.1") == "private"
    assert classify_address("100.64.0.1") == "private"
    assert classify_address("93.184.216.34") == "public"


def test_one_url_failing_costs_that_url_alone(servers, tmp_path):
    public, _ = servers
    (tmp_path / "local.txt").write_text("Title: Local\n\nA local file read in the same run.\n")
    items = list(read_inputs([f"{public}/huge-length", str(tmp_path / "local.txt"),
                              f"{public}/page"], FAST, classify=as_if_public))
    assert isinstance(items[0], ReadError) and items[0].origin == f"{public}/huge-length"
    assert [i.title for i in items[1:] if isinstance(i, ArticleInput)] == \
        ["Local", "Loopback page"]
