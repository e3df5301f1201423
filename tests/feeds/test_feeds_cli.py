"""The subscription commands as a user runs them: feeds add/list/remove/import/export,
refresh (its progress lines, summary and exit statuses, --every), export and ingest of
subscriptions."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import briefing, briefing_here, start
from tests.feeds.server import FeedServer, Route, rss, wait_for

ENTRIES = [("g1", "Harbour reopens", "The port of Odesa reopened on Monday, officials said."),
           ("g2", "Talks end", "Talks in Geneva ended without an agreement on Tuesday.")]

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>my feeds</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Alpha Daily" xmlUrl="http://alpha.example/rss"/>
      <outline text="Europe">
        <outline type="rss" text="Beta" xmlUrl="https://beta.example/feed.xml"
                 category="politics,/eu"/>
      </outline>
    </outline>
    <outline type="rss" text="Gamma" xmlUrl="http://gamma.example/atom" fullText="true"/>
    <outline type="rss" text="Alpha Daily" xmlUrl="http://alpha2.example/rss"/>
  </body>
</opml>
"""


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer().start()
    yield s
    s.close()


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """The user's own folders (read state), apart from the real ones."""
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def listed(db: Path, **env: str) -> list[dict]:
    run = briefing_here("--db", db, "feeds", "list", "--json", **env)
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines()]


def exported(db: Path) -> set[tuple]:
    return {(f["name"], f["url"], tuple(f["tags"]), f["full_text"]) for f in listed(db)}


def test_add_list_remove(tmp_path):
    db = tmp_path / "b.db"
    run = briefing_here("--db", db, "feeds", "add", "https://www.example.org/news/rss/",
                   "--tag", "world", "--tag", "en")
    assert run.code == 0 and "'example.org/news/rss': added" in run.out
    assert briefing_here("feeds", "add", "http://other.example/f", "--name", "Other", "--db",
                    db).code == 0
    taken = briefing_here("--db", db, "feeds", "add", "http://third.example/f", "--name",
                          "other")
    assert taken.code == 2 and "a feed named 'other' exists already" in taken.err  # any case
    bad = briefing_here("--db", db, "feeds", "add", "file:///etc/passwd")
    assert bad.code == 2 and "not an http(s) URL" in bad.err
    rows = listed(db)
    assert [(r["name"], r["tags"], r["last_status"], r["articles"]) for r in rows] == [
        ("example.org/news/rss", ["world", "en"], None, 0), ("Other", [], None, 0)]
    assert briefing_here("--db", db, "feeds", "remove", "http://other.example/f").code == 0
    gone = briefing_here("--db", db, "feeds", "remove", "Nothing")
    assert gone.code == 2 and "no feed named 'Nothing'" in gone.err
    assert [r["name"] for r in listed(db)] == ["example.org/news/rss"]
    table = briefing_here("--db", db, "feeds", "list", COLUMNS="200")
    assert "example.org/news/rss" in table.out and "never" in table.out


def test_opml_import_then_export_gives_the_same_feeds(tmp_path):
    db, again = tmp_path / "a.db", tmp_path / "b.db"
    (tmp_path / "in.opml").write_text(OPML)
    run = briefing_here("--db", db, "feeds", "import", tmp_path / "in.opml")
    assert run.code == 0 and "feeds: 4 added" in run.out, run.out + run.err
    feeds = exported(db)
    assert feeds == {
        ("Alpha Daily", "http://alpha.example/rss", ("News",), False),
        ("Beta", "https://beta.example/feed.xml", ("News", "Europe", "politics", "eu"), False),
        ("Gamma", "http://gamma.example/atom", (), True),
        ("Alpha Daily (2)", "http://alpha2.example/rss", (), False)}
    out = tmp_path / "out.opml"
    assert briefing_here("--db", db, "feeds", "export", "-o", out).code == 0
    assert out.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version')
    assert briefing_here("--db", again, "feeds", "import", out).code == 0
    assert exported(again) == feeds
    # Imported twice, nothing changes; the export to stdout is the same list.
    twice = briefing_here("--db", db, "feeds", "import", out)
    assert "0 added, 0 updated, 4 unchanged" in twice.out
    assert briefing_here("--db", db, "feeds", "export").out.count("<outline") == 4


def test_newsboat_urls_import_with_tags_and_names(tmp_path):
    db = tmp_path / "a.db"
    urls = tmp_path / "urls"
    urls.write_text(
        "# my newsboat feeds\n"
        "http://alpha.example/rss news \"world affairs\"\n"
        "https://beta.example/feed.xml tech \"~Beta Weekly\" !\n"
        "\n"
        "\"query:Unread Articles:unread = \\\"yes\\\"\"\n"
        "gopher://old.example/ tech\n"
        "http://gamma.example/atom \"unclosed\n")
    run = briefing_here("--db", db, "feeds", "import", urls)
    assert run.code == 1
    assert f"{urls}:6: 'gopher://old.example/' is not an http(s) URL" in run.err
    assert f"{urls}:7: No closing quotation" in run.err
    assert "2 added, 0 updated, 0 unchanged, 2 failed" in run.out
    assert exported(db) == {
        ("alpha.example/rss", "http://alpha.example/rss", ("news", "world affairs"), False),
        ("Beta Weekly", "https://beta.example/feed.xml", ("tech",), False)}


def test_a_list_that_is_not_one_is_one_line_naming_the_file(tmp_path):
    db = tmp_path / "a.db"
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                    '<opml><body><outline text="&b;" xmlUrl="http://x.example/"/></body></opml>')
    run = briefing_here("--db", db, "feeds", "import", bomb)
    assert run.code == 2 and run.err.startswith(f"error: {bomb}: refused")
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline text='x'\n")
    run = briefing_here("--db", db, "feeds", "import", broken)
    assert run.code == 2 and f"error: {broken}:1: not OPML (unclosed token" in run.err
    missing = briefing_here("--db", db, "feeds", "import", tmp_path / "none.opml")
    assert missing.code == 2 and "none.opml: cannot read" in missing.err


def test_feeds_export_never_overwrites_the_database(tmp_path):
    db = tmp_path / "a.db"
    assert briefing_here("--db", db, "feeds", "add", "http://alpha.example/rss").code == 0
    size = db.stat().st_size
    for target in (db, Path(f"{db}-wal"), tmp_path / "." / "a.db"):
        run = briefing_here("--db", db, "feeds", "export", "-o", target)
        assert run.code == 2 and "choose another output file" in run.err
    assert db.stat().st_size == size and listed(db)


@pytest.mark.slow  # a dozen runs of the command, each a process
def test_refresh_progress_summary_and_exit_statuses(tmp_path, server, home):
    db = tmp_path / "a.db"
    server.routes["/a"] = Route(rss("A", ENTRIES))
    server.routes["/b"] = Route(status=500)
    for name, path in (("A", "/a"), ("B", "/b")):
        briefing("--db", db, "feeds", "add", server.url(path), "--name", name, "--tag", "t")
    run = briefing("--db", db, "refresh", "--progress", "json")
    assert run.code == 1
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert sorted((r["feed"], r["status"], r["new"]) for r in lines[:2]) == [
        ("A", "ok", 2), ("B", "error: HTTP 500 Internal Server Error", 0)]
    assert [r["done"] for r in lines[:2]] == [1, 2] and {r["total"] for r in lines[:2]} == {2}
    assert lines[2] == {"summary": {"feeds": 2, "new": 2, "updated": 0, "failed": 1}}
    assert "error: B: HTTP 500" in run.err

    again = briefing("--db", db, "refresh", "A")
    assert again.code == 0
    assert again.out.strip() == ("feeds: 1 refreshed (1 not modified), 0 failed; "
                                 "articles: 0 new, 0 updated")
    unknown = briefing("--db", db, "refresh", "nothing")
    assert unknown.code == 2 and "no feed or tag named 'nothing'" in unknown.err
    by_tag = briefing("--db", db, "refresh", "--progress", "json", "T")  # tags: any case
    assert json.loads(by_tag.out.splitlines()[-1])["summary"]["feeds"] == 2

    # Unread counts the user's own read state.
    search = briefing("--db", db, "search", "--json", "feed:A", "Odesa")
    article_id = json.loads(search.out.splitlines()[0])["id"]
    read = Path(home["XDG_DATA_HOME"]) / "briefing" / "read.json"
    read.parent.mkdir(parents=True)
    read.write_text(json.dumps({str(db.resolve()): [article_id]}))
    rows = {r["name"]: r for r in listed(db, **home)}
    assert (rows["A"]["articles"], rows["A"]["unread"]) == (2, 1)
    assert rows["B"]["last_status"].startswith("error: HTTP 500")
    assert rows["A"]["last_fetched"].endswith("+00:00")


@pytest.mark.slow  # a dozen runs of the command, each a process
def test_subscriptions_go_out_with_export_and_come_back_with_ingest(tmp_path, server):
    db, copy = tmp_path / "a.db", tmp_path / "copy.db"
    server.routes["/a"] = Route(rss("A", ENTRIES))
    briefing("--db", db, "feeds", "add", server.url("/a"), "--name", "A", "--tag", "x",
             "--full-text")
    briefing("--db", db, "feeds", "add", "http://b.example/rss", "--name", "B")
    assert briefing("--db", db, "refresh", "A").code == 0
    out = tmp_path / "export.jsonl"
    assert briefing("--db", db, "export", "-o", out).code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = [r["type"] for r in records]
    assert kinds[-2:] == ["feed", "feed"] and "feed" not in kinds[:-2]
    assert records[-2] == {"type": "feed", "name": "A", "url": server.url("/a"), "tags": ["x"],
                           "full_text": True}
    run = briefing("--db", copy, "ingest", out)
    assert run.code == 0, run.err
    assert exported(copy) == exported(db)
    assert briefing("--db", copy, "ingest", out).code == 0  # again: nothing changes
    assert exported(copy) == exported(db)


@pytest.mark.slow  # a dozen runs of the command, each a process
def test_refresh_every_runs_on_its_schedule_and_stops_cleanly(tmp_path, server):
    db = tmp_path / "a.db"
    server.routes["/a"] = Route(rss("A", ENTRIES))
    briefing("--db", db, "feeds", "add", server.url("/a"), "--name", "A")
    bad = briefing("--db", db, "refresh", "--every", "soon")
    assert bad.code == 2 and "not a duration" in bad.err
    proc = start("--db", db, "refresh", "--every", "1s", "--progress", "json")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        wait_for(lambda: sum('"summary"' in line for line in lines) >= 2)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    reader.join(10)
    assert code in (0, 130)  # 0 when the stop came while waiting, 130 in a refresh
    statuses = [json.loads(line).get("status") for line in lines if '"feed"' in line]
    assert statuses[:2] == ["ok", "not modified"]
    assert "Traceback" not in proc.stderr.read()


@pytest.mark.model
def test_refresh_runs_the_real_pipeline(tmp_path, server):
    db = tmp_path / "a.db"
    server.routes["/a"] = Route(rss("A", ENTRIES))
    briefing("--db", db, "feeds", "add", server.url("/a"), "--name", "A")
    run = briefing("--db", db, "refresh", BRIEFING_MODEL="")
    assert run.code == 0, run.err
    actors = briefing("--db", db, "actors", "--json")
    assert "Odesa" in actors.out or "Geneva" in actors.out


@pytest.mark.slow  # waits for a stalled fetch to give up
def test_ctrl_c_stops_between_feeds_keeping_those_done(tmp_path, server):
    db = tmp_path / "a.db"
    server.routes["/a"] = Route(rss("A", ENTRIES))
    # A feed that trickles (never idle long enough to time out, however long A's ingest
    # takes on a loaded machine): only the Ctrl-C ends its fetch.
    server.routes["/stall"] = Route(rss("S", ENTRIES), kind="trickle")
    briefing("--db", db, "feeds", "add", server.url("/a"), "--name", "A")
    briefing("--db", db, "feeds", "add", server.url("/stall"), "--name", "S")
    proc = start("--db", db, "refresh", "--workers", "2", "--progress", "json",
                 "--fetch-timeout", "600")
    first = proc.stdout.readline()
    assert json.loads(first)["feed"] == "A"
    wait_for(lambda: server.requests("/stall"))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert json.loads(out.splitlines()[-1])["summary"]["feeds"] == 1, (out, err)
    assert "Traceback" not in err
    rows = {r["name"]: r for r in listed(db)}
    assert rows["A"]["articles"] == 2 and rows["S"]["last_status"] is None  # not a failure
