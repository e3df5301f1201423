"""Unread: `U` shows the unread articles only (read state is the user's, never in the
corpus), `}` reads the next unread article, from the list and from the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import notified, settle
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList

pytestmark = pytest.mark.anyio


def test_the_store_skips_what_was_read(rules_db: Path) -> None:
    store = Store(rules_db)
    first, second, third = (r.id for r in store.articles(0, 3))
    rows, total = store.unread_articles([first, third], 0, 2)
    assert [r.id for r in rows][0] == second and total == store.article_count() - 2
    assert store.next_unread(first, [second]) == third


async def test_unread_only_and_next_unread(rules_db: Path) -> None:
    store = Store(rules_db)
    first, second, third = (r.id for r in store.articles(0, 3))
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.read_state.mark(second)
        await pilot.press("right_curly_bracket")  # from the first row: the next unread
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.article_id == third
        await pilot.press("escape", "U")
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        shown = [table.neighbour(first, i) for i in range(0, 3)]
        assert second not in shown and third not in shown  # both read now
        assert table.total == store.article_count() - 2
        assert any("unread articles only" in str(n.message) for n in notified(app))
        await pilot.press("U")
        await settle(pilot)
        assert table.total == store.article_count()


async def test_next_unread_from_the_reader(rules_db: Path) -> None:
    store = Store(rules_db)
    first, second, third = (r.id for r in store.articles(0, 3))
    app = BriefingApp(store, article_id=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.read_state.mark(second)
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        assert app.screen.article_id == third  # type: ignore[attr-defined]
