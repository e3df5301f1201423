"""The article list asks for its next page once, when the cursor nears the end: not while a
page is being added (the first page used to ask again at each of its first 20 rows)."""

from __future__ import annotations

import pytest
from textual import on
from textual.app import App, ComposeResult

from db.models import ArticleRow
from tui.widgets.article_list import ArticleList

pytestmark = pytest.mark.anyio


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []

    def compose(self) -> ComposeResult:
        yield ArticleList()

    @on(ArticleList.NeedMore)
    def need_more(self, message: ArticleList.NeedMore) -> None:
        self.asked.append(message.offset)


def _rows(start: int, n: int) -> list[ArticleRow]:
    return [ArticleRow(i, f"Article {i}", "Source", "2024-01-01", 1)
            for i in range(start, start + n)]


async def test_a_page_added_asks_for_nothing_until_the_cursor_nears_its_end() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ArticleList)
        table.add_articles(_rows(0, 200), total=1000)
        await pilot.pause()
        assert app.asked == []
        table.move_cursor(row=185)
        await pilot.pause()
        assert app.asked == [200]
        table.move_cursor(row=190)
        await pilot.pause()
        assert app.asked == [200]  # asked once for that page


async def test_a_short_first_page_asks_for_the_next_at_once() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(ArticleList).add_articles(_rows(0, 10), total=1000)
        await pilot.pause()
        assert app.asked == [10]
