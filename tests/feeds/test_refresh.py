"""Refreshing feeds from a loopback server: conditional requests, changes, redirects, failures,
back-off, and one failing feed leaving the others in. The rules-only pipeline extracts (the
machinery is under test here, not the model; the CLI tests run the real command)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from db import refresh, subscribe
from db.inputs import FeedInput
from db.limits import Limits
from db.schema import open_write
from db.store import Store
from tests.feeds.server import FeedServer, Route, rss

# A stalled server is given up on after 2 s (the stall test waits no longer); a whole fetch
# may take 30 s, so that on a loaded machine a feed served slowly (or an endless one, which
# must end at the size cap) is not cut by the clock instead.
FAST = Limits(fetch_seconds=30, stall_seconds=2, min_speed=1, speed_grace=30,
              file=1_000_000)
# For failures that are not a stall (a size cap, a cut body, a wrong type): a loaded machine
# may keep the server from sending for 2 s, which would be a stall instead of the failure.
PATIENT = Limits(fetch_seconds=60, stall_seconds=30, min_speed=1, speed_grace=60,
                 file=1_000_000)

ENTRIES = [("g1", "Harbour reopens", "The port of Odesa reopened on Monday, officials said."),
           ("g2", "Talks end", "Talks in Geneva ended without an agreement on Tuesday.")]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer().start()
    yield s
    s.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "feeds.db"


def subscribe_to(path: Path, **feeds: str) -> None:
    db = open_write(path)
    with db.atomic():
        for name, url in feeds.items():
            subscribe.add(db, FeedInput(url=url, name=name))
    db.conn.close()


def run(path: Path, pipeline, selectors: tuple[str, ...] = (), **kw) -> refresh.Report:
    db = open_write(path)
    try:
        due, unknown = refresh.select(db, selectors, kw.pop("now", refresh.now_utc()))
        assert not unknown
        return refresh.refresh(db, due, refresh.LazyPipeline(lambda: pipeline),
                               limits=kw.pop("limits", FAST), **kw)
    finally:
        db.conn.close()


def titles(path: Path, feed: str) -> list[str]:
    result = Store(path).search(f'feed:"{feed}"', limit=None)
    return sorted(h.article.title for h in result.articles)


def feed_row(path: Path, name: str) -> dict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM feeds WHERE name = ?", [name]).fetchone())
    conn.close()
    return row


def statuses(report: refresh.Report) -> dict[str, str]:
    return {o.feed: o.status for o in report.outcomes}


def test_a_second_refresh_of_an_unchanged_feed_sends_conditional_requests_and_adds_nothing(
        server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", ENTRIES))
    server.routes["/etag-only"] = Route(rss("E", ENTRIES[:1]), last_modified=False)
    subscribe_to(db_path, A=server.url("/a"), E=server.url("/etag-only"))
    first = run(db_path, rules_pipeline)
    assert (first.new, first.updated, first.failed) == (2, 0, 0)  # g1 is in both feeds
    assert titles(db_path, "A") == ["Harbour reopens", "Talks end"]
    assert titles(db_path, "E") == ["Harbour reopens"]
    count = Store(db_path).article_count()

    second = run(db_path, rules_pipeline)
    assert statuses(second) == {"A": "not modified", "E": "not modified"}
    assert (second.new, second.updated) == (0, 0)
    assert Store(db_path).article_count() == count
    for path in ("/a", "/etag-only"):
        first_request, again = server.requests(path)
        assert not first_request.conditional and again.conditional and again.status == 304
    assert server.requests("/etag-only")[1].if_none_match is not None
    assert feed_row(db_path, "A")["last_status"] == "not modified"


def test_a_server_without_validators_sends_everything_again_and_nothing_changes(
        server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", ENTRIES), validators=False)
    subscribe_to(db_path, A=server.url("/a"))
    run(db_path, rules_pipeline)
    again = run(db_path, rules_pipeline)
    assert statuses(again) == {"A": "ok"} and (again.new, again.updated) == (0, 0)
    assert not server.requests("/a")[1].conditional
    assert Store(db_path).article_count() == 2


def test_a_feed_that_changes_adds_new_entries_and_an_updated_entry_replaces_its_article(
        server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", ENTRIES))
    subscribe_to(db_path, A=server.url("/a"))
    run(db_path, rules_pipeline)
    store = Store(db_path)
    old_ids = {h.article.title: h.article.id for h in store.search("feed:A").articles}

    server.routes["/a"].body = rss("A", [
        ("g1", "Harbour reopens", "The port of Odesa reopened on Monday, the mayor said."),
        ENTRIES[1], ("g3", "New entry", "A ceasefire was announced in Khartoum.")])
    report = run(db_path, rules_pipeline)
    assert (report.new, report.updated, report.failed) == (1, 1, 0)
    assert server.requests("/a")[1].conditional and server.requests("/a")[1].status == 200
    hits = {h.article.title: h.article for h in Store(db_path).search("feed:A").articles}
    assert sorted(hits) == ["Harbour reopens", "New entry", "Talks end"]
    assert Store(db_path).article_count() == 3  # replaced, not added beside
    body = Store(db_path).article(hits["Harbour reopens"].id).body
    assert "the mayor said" in body
    assert hits["Talks end"].id == old_ids["Talks end"]  # an entry seen again: unchanged
    assert [f.articles for f in Store(db_path).feeds()] == [3]  # no link left to the old one


def test_one_failing_feed_leaves_the_others_in_and_backs_off(server, db_path, rules_pipeline):
    server.routes["/good"] = Route(rss("Good", ENTRIES))
    server.routes["/bad"] = Route(status=500)
    subscribe_to(db_path, Bad=server.url("/bad"), Good=server.url("/good"))
    report = run(db_path, rules_pipeline)
    assert statuses(report) == {"Good": "ok", "Bad": "error: HTTP 500 Internal Server Error"}
    assert titles(db_path, "Good") == ["Harbour reopens", "Talks end"]
    bad = feed_row(db_path, "Bad")
    assert bad["failures"] == 1 and bad["next_due"] > bad["last_fetched"]

    # Not due during its back-off: a refresh of everything leaves it out...
    again = run(db_path, rules_pipeline)
    assert "Bad" not in statuses(again) and len(server.requests("/bad")) == 1
    # ...and once due, a second failure waits twice as long.
    later = refresh.now_utc() + timedelta(minutes=6)
    run(db_path, rules_pipeline, now=later)
    bad = feed_row(db_path, "Bad")
    assert bad["failures"] == 2 and len(server.requests("/bad")) == 2
    assert refresh.backoff(2) == 2 * refresh.backoff(1)
    assert refresh.backoff(50) == refresh.BACKOFF_MAX
    # Named, it is fetched now whatever its back-off; mended, its failures are forgotten.
    server.routes["/bad"] = Route(rss("Bad", ENTRIES[:1]))
    named = run(db_path, rules_pipeline, ("bad",))
    assert statuses(named) == {"Bad": "ok"}
    mended = feed_row(db_path, "Bad")
    assert mended["failures"] == 0 and mended["next_due"] is None


@pytest.mark.parametrize(("route", "message"), [
    (Route(rss("S", ENTRIES), kind="stall"), "cannot fetch"),
    (Route(rss("T", ENTRIES), kind="truncated"), "cannot fetch"),
    (Route(rss("H", ENTRIES), kind="endless"), "too large"),
    (Route(kind="gzip-bomb"), "too large"),
    (Route(b"<html><body>no feed here</body></html>", ctype="text/html"), "feed"),
    (Route(b"\x89PNG\r\n\x1a\n" + bytes(600), ctype="image/png"), "not a page or a feed"),
])
def test_a_failure_of_any_kind_is_recorded_and_the_good_feed_is_in(
        server, db_path, rules_pipeline, route, message):
    server.routes["/good"] = Route(rss("Good", ENTRIES))
    server.routes["/bad"] = route
    subscribe_to(db_path, Bad=server.url("/bad"), Good=server.url("/good"))
    report = run(db_path, rules_pipeline, limits=FAST if route.kind == "stall" else PATIENT)
    status = statuses(report)
    assert status["Good"] == "ok", status
    assert status["Bad"].startswith("error: ") and message in status["Bad"], status
    assert titles(db_path, "Good") == ["Harbour reopens", "Talks end"]
    assert feed_row(db_path, "Bad")["last_status"] == status["Bad"]


def test_a_permanent_redirect_moves_the_subscription_and_a_temporary_one_does_not(
        server, db_path, rules_pipeline):
    server.routes["/new"] = Route(rss("N", ENTRIES))
    server.routes["/moved"] = Route(status=301, location="/new")
    server.routes["/also"] = Route(status=308, location=server.url("/moved"))
    server.routes["/away"] = Route(status=302, location="/new2")
    server.routes["/new2"] = Route(rss("N2", ENTRIES[:1]))
    subscribe_to(db_path, Moved=server.url("/also"), Away=server.url("/away"))
    report = run(db_path, rules_pipeline)
    assert statuses(report) == {"Moved": "ok", "Away": "ok"}
    assert feed_row(db_path, "Moved")["url"] == server.url("/new")  # 308 then 301: followed
    assert feed_row(db_path, "Away")["url"] == server.url("/away")  # 302: kept
    run(db_path, rules_pipeline)
    assert len(server.requests("/also")) == 1  # the second refresh asks the new URL


def test_a_redirect_loop_is_an_error_of_that_feed(server, db_path, rules_pipeline):
    server.routes["/loop1"] = Route(status=302, location="/loop2")
    server.routes["/loop2"] = Route(status=302, location="/loop1")
    subscribe_to(db_path, Loop=server.url("/loop1"))
    report = run(db_path, rules_pipeline)
    assert statuses(report) == {"Loop": "error: more than 5 redirects"}
    assert len(server.requests()) == 6


def test_at_most_one_request_at_a_time_per_host(server, db_path, rules_pipeline):
    import threading
    import time

    busy, most = [0], [0]
    lock = threading.Lock()
    original = server._answer

    def counted(handler, route):
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        time.sleep(0.05)  # a slow server: another request to this host now would overlap
        # Counted out before the answer is sent: once it is, the client may (rightly) send
        # its next request while this thread is still on its way out. Counted out after,
        # a loaded machine showed two "at once" that never were.
        with lock:
            busy[0] -= 1
        return original(handler, route)

    server._answer = counted  # type: ignore[method-assign]
    feeds = {f"F{i}": server.url(f"/f{i}") for i in range(6)}
    for i in range(6):
        server.routes[f"/f{i}"] = Route(rss(f"F{i}", [(f"e{i}", f"Entry {i}", f"Text {i}.")]))
    subscribe_to(db_path, **feeds)
    report = run(db_path, rules_pipeline, workers=4)
    assert report.failed == 0 and report.new == 6
    assert most[0] == 1


def test_full_text_fetches_the_article_of_an_entry_with_only_a_summary(
        server, db_path, rules_pipeline):
    page = ("<html><head><title>Full story</title></head><body><article><h1>Full story</h1>"
            + "".join(f"<p>Paragraph {i} of the whole article about the harbour in Odesa, "
                      "with enough words to be the main text of the page.</p>"
                      for i in range(8)) + "</article></body></html>").encode()
    server.routes["/story"] = Route(page, ctype="text/html")
    server.routes["/missing"] = Route(status=404)
    feed = rss("F", [("s1", "Story", "Only a summary."), ("s2", "Gone", "Summary kept.")])
    feed = feed.replace(b"http://example.invalid/s1", server.url("/story").encode())
    feed = feed.replace(b"http://example.invalid/s2", server.url("/missing").encode())
    server.routes["/feed"] = Route(feed)
    db = open_write(db_path)
    with db.atomic():
        subscribe.add(db, FeedInput(url=server.url("/feed"), name="F", full_text=True))
    db.conn.close()
    messages: list[str] = []
    report = run(db_path, rules_pipeline, on_message=messages.append)
    assert report.new == 2
    store = Store(db_path)
    bodies = {h.article.title: store.article(h.article.id).body
              for h in store.search("feed:F").articles}
    assert "Paragraph 7 of the whole article" in bodies["Story"]
    assert bodies["Gone"] == "Summary kept."
    assert any("full text not fetched (HTTP 404" in m for m in messages)
    # The feed changes: the page of an entry already in is not fetched again.
    server.routes["/feed"].body = feed.replace(b"</channel>", b"<item><guid>s3</guid>"
                                               b"<title>Third</title><description>More."
                                               b"</description></item></channel>")
    run(db_path, rules_pipeline)
    assert len(server.requests("/story")) == 1


def test_a_stop_between_feeds_leaves_the_rest_unfetched(server, db_path, rules_pipeline):
    for i in range(5):
        server.routes[f"/f{i}"] = Route(rss(f"F{i}", [(f"e{i}", f"Entry {i}", f"Text {i}.")]))
    subscribe_to(db_path, **{f"F{i}": server.url(f"/f{i}") for i in range(5)})
    done: list[refresh.Outcome] = []
    report = run(db_path, rules_pipeline, workers=1, on_outcome=done.append,
                 should_stop=lambda: len(done) >= 2)
    assert report.interrupted and len(report.outcomes) == 2
    fetched = [f for f in Store(db_path).feeds() if f.last_status]
    assert len(fetched) == 2 and all(f.articles == 1 for f in fetched)


def test_numbered_guids_of_two_feeds_are_two_articles(server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", [("1", "In A", "The first feed's entry one.")]))
    server.routes["/b"] = Route(rss("B", [("1", "In B", "The second feed's entry one.")]))
    subscribe_to(db_path, A=server.url("/a"), B=server.url("/b"))
    report = run(db_path, rules_pipeline)
    assert (report.new, report.updated) == (2, 0)  # B's "1" did not replace A's
    assert titles(db_path, "A") == ["In A"] and titles(db_path, "B") == ["In B"]


def test_a_feed_removed_during_a_refresh_is_let_go(server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", ENTRIES[:1]))
    server.routes["/b"] = Route(rss("B", ENTRIES[1:]))
    subscribe_to(db_path, A=server.url("/a"), B=server.url("/b"))

    def remove_b(outcome: refresh.Outcome) -> None:
        if outcome.feed == "A":
            db = open_write(db_path)
            with db.atomic():
                subscribe.remove(db, "B")
            db.conn.close()

    report = run(db_path, rules_pipeline, workers=1, on_outcome=remove_b)
    assert [o.feed for o in report.outcomes] == ["A", "B"]
    assert [f.name for f in Store(db_path).feeds()] == ["A"]


def test_a_parser_failing_on_one_feed_is_that_feeds_error(server, db_path, rules_pipeline,
                                                          monkeypatch):
    server.routes["/a"] = Route(rss("A", ENTRIES))
    server.routes["/b"] = Route(rss("B", ENTRIES))
    subscribe_to(db_path, A=server.url("/a"), B=server.url("/b"))
    real = refresh.read_bytes

    def flaky(data, origin, *args, **kwargs):
        if origin == "B":
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, origin, *args, **kwargs)

    monkeypatch.setattr(refresh, "read_bytes", flaky)
    report = run(db_path, rules_pipeline)
    assert statuses(report) == {
        "A": "ok", "B": "error: cannot read: RecursionError: maximum recursion depth exceeded"}
    assert titles(db_path, "A") == ["Harbour reopens", "Talks end"]


def test_the_model_is_loaded_only_when_an_entry_is_new(server, db_path, rules_pipeline):
    server.routes["/a"] = Route(rss("A", ENTRIES), validators=False)  # always the whole feed
    subscribe_to(db_path, A=server.url("/a"))
    run(db_path, rules_pipeline)
    loads: list[int] = []

    def load():
        loads.append(1)
        return rules_pipeline

    db = open_write(db_path)
    due, _ = refresh.select(db, (), refresh.now_utc())
    report = refresh.refresh(db, due, refresh.LazyPipeline(load), limits=FAST)
    db.conn.close()
    assert statuses(report) == {"A": "ok"} and report.new == 0
    assert loads == []  # every entry was known: nothing to extract, no model
