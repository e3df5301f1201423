"""Read state per user: opening an article marks it read (dimmed and ✓), `u` toggles it; it is
kept in $XDG_DATA_HOME/briefing/read.json, never in the shared database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tui.conftest import settle
from tui.readstate import ReadState
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import READ_MARK, ArticleList

pytestmark = pytest.mark.anyio


async def test_opening_marks_read_and_u_toggles(make_app, user_dirs, rules_db: Path) -> None:
    before = rules_db.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        article_id = table.current_id
        assert article_id is not None
        assert str(table.get_row_at(0)[0]) != READ_MARK
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert str(table.get_row_at(0)[0]) == READ_MARK
        assert table.get_row_at(0)[1].style.dim  # type: ignore[union-attr]
        saved = json.loads((user_dirs["data"] / "read.json").read_text())
        assert list(saved.values()) == [[article_id]]
        await pilot.press("u")
        assert str(table.get_row_at(0)[0]) != READ_MARK
        assert not ReadState(rules_db).is_read(article_id)
    assert rules_db.read_bytes() == before  # the shared database is never written


async def test_u_in_the_reader(make_app, rules_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        article_id = app.screen.article_id  # type: ignore[attr-defined]
        assert app.read_state.is_read(article_id)
        await pilot.press("u")
        assert not app.read_state.is_read(article_id)
