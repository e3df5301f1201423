"""Untrusted text: titles, bodies, sources and URLs that look like markup show literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import settle, type_query
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import ArticleView
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio

TITLE = "[bold red]x[/] and [@click=app.quit]quit[/]"


async def test_markup_in_articles_shows_literally(hostile_db: Path) -> None:
    app = BriefingApp(Store(hostile_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert table.get_row_at(0)[1].plain == TITLE  # type: ignore[union-attr]
        await pilot.click(ArticleList, offset=(10, 1))  # a click on the title does not quit
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        title = app.screen.query_one("#article-title").render()
        assert str(title) == TITLE
        meta = str(app.screen.query_one("#article-meta").render())
        assert "[i]Outlet[/i]" in meta and "https://example.org/a[1]" in meta
        view = app.screen.query_one(ArticleView)
        text = " ".join(view.visible_text())
        assert "[link=https://evil.example]click[/link]" in text and "Bold?[/b]" in text


async def test_markup_in_search_results_shows_literally(hostile_db: Path) -> None:
    app = BriefingApp(Store(hostile_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "click")
        results = app.screen.query_one(ResultsList)
        title = results.get_option_at_index(0).prompt.renderables[0]  # type: ignore[union-attr]
        assert TITLE in title.plain
        assert app.is_running
