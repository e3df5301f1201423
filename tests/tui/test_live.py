"""The browser keeps up: `R` runs a refresh beside it (a slow fake one here, writing through
the ingest write path), another process's ingest appears within seconds (PRAGMA
data_version), and the list takes new articles in place: the article under the cursor stays
under it, and the status line says how many are new."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from db.database import IMMUTABLE_NOTICE
from db.store import Store
from tests.cli import briefing
from tests.tui.conftest import settle
from tests.tui.feeds_db import subscribe, writable_copy
from tui.app import BriefingApp
from tui.refresh_run import Finished, Progress, parse_line, refresh_command
from tui.widgets.article_list import ArticleList

pytestmark = pytest.mark.anyio
FAKE = Path(__file__).with_name("fake_refresh.py")


def status(app: BriefingApp) -> str:
    return str(app.screen.query_one("#status").render())


def notes(app: BriefingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def until(pilot: object, condition: Callable[[], bool], seconds: float = 120) -> None:
    """Wait for what a user would wait for (a refresh, a commit seen), never a fixed time; the
    deadline only stops a hang (a refresh is a real process: slow to start under load)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)  # type: ignore[attr-defined]


@pytest.fixture
def corpus(rules_db: Path, tmp_path: Path) -> Path:
    path = writable_copy(rules_db, tmp_path / "briefing.db")
    for name in ("Wire", "Agency", "Daily"):
        subscribe(path, name, f"http://127.0.0.1:1/{name}.xml", ("world",))
    return path


def test_progress_lines_of_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = '{"feed": "Wire", "done": 2, "total": 40, "status": "ok", "new": 3, "updated": 1}'
    assert parse_line(line) == Progress("Wire", 2, 40, "ok", 3, 1)
    assert parse_line('{"summary": {"feeds": 40, "new": 31, "updated": 0, "failed": 2}}') \
        == Finished(40, 31, 0, 2)
    assert parse_line("warning: not json") is None and parse_line("[1, 2]") is None
    monkeypatch.delenv("BRIEFING_REFRESH_CMD", raising=False)
    db = tmp_path / "b.db"
    assert refresh_command(db) == [sys.executable, "-m", "tui.cli", "--db", str(db),
                                   "refresh", "--progress", "json"]
    monkeypatch.setenv("BRIEFING_REFRESH_CMD", "/opt/my refresh")
    assert refresh_command(db)[:3] == ["/opt/my", "refresh", "--db"]


async def test_r_refreshes_and_the_list_takes_new_articles_in_place(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = tmp_path / "gate"
    gate.mkdir()
    plan = {"Wire": [["Wire breaks the news", "2031-01-03"]],
            "Agency": [["Agency follows up", "2031-01-02"], ["Agency again", "2031-01-01"]],
            "Daily": []}
    monkeypatch.setenv("BRIEFING_REFRESH_CMD", f"{sys.executable} {FAKE}")
    monkeypatch.setenv("FAKE_REFRESH_PLAN", json.dumps(plan))
    monkeypatch.setenv("FAKE_REFRESH_GATE", str(gate))
    app = BriefingApp(Store(corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        before = table.total
        await pilot.press("j", "j", "j")
        reading = table.current_id
        assert reading is not None and table.cursor_row == 3
        await pilot.press("R")
        await until(pilot, lambda: "refresh: starting" in status(app))

        (gate / "go-1").touch()
        await until(pilot, lambda: "refresh 1/3 feeds · 1 new" in status(app))
        await until(pilot, lambda: table.total == before + 1)
        assert table.current_id == reading and table.cursor_row == 4  # the same article
        assert "1 new" in status(app).split(" · ")[0:3]
        assert table.get_row_at(0)[1].plain == "Wire breaks the news"

        (gate / "go-2").touch()
        await until(pilot, lambda: "refresh 2/3 feeds · 3 new" in status(app))
        await until(pilot, lambda: table.total == before + 3)
        assert table.current_id == reading and table.cursor_row == 6
        (gate / "go-3").touch()
        await until(pilot, lambda: "refreshed 3 feeds · 3 new" in notes(app))
        await settle(pilot)
        assert "refresh" not in status(app)  # the progress is gone, the news stays
        assert "3 new" in status(app) and table.current_id == reading
        # Looking at the top of the list: they are no longer news.
        await pilot.press("g")
        assert "new" not in status(app)


@pytest.mark.slow  # a process stopped by a signal (the fast tier has none)
async def test_quitting_stops_a_running_refresh(corpus: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    gate = tmp_path / "gate"
    gate.mkdir()
    monkeypatch.setenv("BRIEFING_REFRESH_CMD", f"{sys.executable} {FAKE}")
    monkeypatch.setenv("FAKE_REFRESH_PLAN", json.dumps({"Wire": []}))
    monkeypatch.setenv("FAKE_REFRESH_GATE", str(gate))  # never opened: it waits
    app = BriefingApp(Store(corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await until(pilot, lambda: (gate / "pid").exists())
        await pilot.press("R")  # one refresh at a time
        assert "a refresh is running already" in notes(app)
        pid = int((gate / "pid").read_text())
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid):
        assert time.monotonic() < deadline, "the refresh outlived the browser"
        await asyncio.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "gone"


async def test_a_failing_refresh_says_why(corpus: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Any program taking the contract's arguments: this one fails as `briefing` does.
    monkeypatch.setenv("BRIEFING_REFRESH_CMD",
                       "sh -c 'echo \"error: feeds.db: database is locked\" >&2; exit 2' sh")
    app = BriefingApp(Store(corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await until(pilot, lambda: any("refresh failed" in n for n in notes(app)))
        assert "refresh failed (exit status 2): error: feeds.db: database is locked" \
            in notes(app)
        assert "refresh" not in status(app)


@pytest.mark.slow  # a real `briefing ingest` in another process: a few seconds
async def test_an_open_browser_sees_another_process_ingest(corpus: Path,
                                                           tmp_path: Path) -> None:
    records = [{"id": f"later-{i}", "title": f"Later news {i}", "body": f"Late report {i}.",
                "published": f"2032-02-0{i}"} for i in (1, 2)]
    feed = tmp_path / "later.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    app = BriefingApp(Store(corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        before = table.total
        await pilot.press("j", "j")
        reading = table.current_id
        run = await asyncio.to_thread(briefing, "--db", corpus, "ingest", feed)
        assert run.code == 0, run.err
        await until(pilot, lambda: table.total == before + 2)
        assert table.current_id == reading and table.cursor_row == 4
        assert "2 new" in status(app)
        titles = {table.get_row_at(i)[1].plain for i in (0, 1)}
        assert titles == {"Later news 1", "Later news 2"}


async def test_immutable_says_once_that_changes_are_not_seen(corpus: Path) -> None:
    store = Store(corpus)
    store.notice = IMMUTABLE_NOTICE  # as open_read says it for a read-only folder
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = [n for n in notes(app) if "live updates are not seen" in n]
        assert len(said) == 1 and app._watch is None  # nothing polled


async def test_a_feeds_results_take_its_new_entries_in_place(corpus: Path) -> None:
    from tests.tui.feeds_db import add_entries
    from tui.widgets.results import ResultsList

    first = add_entries(corpus, "Wire", [("Wire two", "2031-01-02"), ("Wire one", "2031-01-01")])
    app = BriefingApp(Store(corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.apply_query('feed:"Wire"')  # type: ignore[attr-defined]
        await until(pilot, lambda: app.screen.query_one(ResultsList).article_ids == first)
        results = app.screen.query_one(ResultsList)
        await pilot.press("j")
        assert results.current is not None and results.current.article_id == first[1]
        # A writer (another connection) commits two more entries of the feed, one newer.
        (newer, older) = add_entries(corpus, "Wire", [("Wire three", "2031-01-03"),
                                                      ("Wire zero", "2030-12-31")])
        await until(pilot, lambda: len(results.article_ids) == 4)
        assert results.article_ids == [newer, *first, older]
        assert results.current is not None and results.current.article_id == first[1]
        assert status(app).startswith("4 articles match · 2 new")  # of the results, once
