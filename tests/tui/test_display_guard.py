"""The display guard: a database whose every text column holds escape sequences and markup
(as a file written by anything may) shows none of them. Every screen is walked and read as
the terminal would get it (the compositor's rows): no control character, no escape, no bidi
override, and markup shown as the brackets it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.app import App

from db.store import Store
from tests.tui.conftest import settle, type_query
from tests.tui.views_db import build_views_db
from tui.app import BriefingApp
from tui.display import shown, shown_date
from tui.screens.actor import ActorScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

# A title change (OSC 2), a colour (CSI), a C1 CSI, a bidi override and Rich markup.
PAYLOAD = "\x1b]2;PWN\x07[bold red]MARKUP[/]\x1b[31m\x9b1m\u202e"
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture(scope="module")
def hostile_views_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_views_db(tmp_path_factory.mktemp("guard") / "briefing.db")
    conn = sqlite3.connect(path)
    with conn:
        # Written behind ingest's back: every text column a user can see gets the payload.
        # Prefixes keep what the tests type to find things (names, dates' order); bodies get it
        # at their end, so that the offsets of claims and mentions still hold.
        conn.execute("UPDATE articles SET title = ? || title, source = ? || coalesce(source, ''),"
                     " url = ? || coalesce(url, ''), published = ? || coalesce(published, ''),"
                     " body = body || ' ' || ?",
                     [PAYLOAD] * 5)
        conn.execute("UPDATE actors SET name = name || ?, country = ? || coalesce(country, ''),"
                     " role = ? || coalesce(role, '')", [PAYLOAD] * 3)
        conn.execute("UPDATE aliases SET alias = alias || ?", [PAYLOAD])
    conn.close()
    return path


def assert_clean(app: App[object], where: str) -> list[str]:
    rows = [row.text for row in app.screen._compositor.render_strips()]
    for row in rows:
        bad = [c for c in FORBIDDEN if c in row]
        assert not bad, f"{where}: {bad!r} reached the screen in {row!r}"
    return rows


def test_the_helpers() -> None:
    assert shown(None) == "" and shown(3) == "3"
    assert shown("a\x1b]2;x\x07b\u202ec\nd") == "a\ufffd]2;x\ufffdb\ufffdc d"
    assert shown_date("\x1b]2;PWN\x07" + "2024-03-01") == "\ufffd]2;PWN\ufffd20"


async def test_no_escape_reaches_the_screen(hostile_views_db: Path) -> None:
    app = BriefingApp(Store(hostile_views_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = assert_clean(app, "article list")
        assert any("[bold red]MARKUP[/]" in r for r in rows)  # markup stays brackets
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("tab")  # selects an actor: its name in the status line
        await settle(pilot)
        rows = assert_clean(app, "reader")
        assert any("[bold red]MARKUP[/]" in r for r in rows)
        await pilot.press("escape", "c")
        await settle(pilot)
        assert_clean(app, "claims view")
        await pilot.press("escape", "a")
        await settle(pilot)
        assert_clean(app, "actors index")
        await pilot.press(*"nato")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        assert_clean(app, "actor page")
        await pilot.press("escape", "escape")
        await settle(pilot)
        await type_query(pilot, "NATO")
        assert_clean(app, "search results")
        await pilot.press("escape")
        await type_query(pilot, "actor:NATO")
        assert_clean(app, "claim results")
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert_clean(app, "help")
