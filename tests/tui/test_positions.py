"""Positions survive moves: back returns to the same row and scroll; `]` `[` follow the list
(or the results), and the list's cursor follows the reader."""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle, type_query
from tui.screens.articles import ArticlesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("back", ["escape", "backspace"])
async def test_back_returns_to_the_same_row_and_scroll(make_app, back: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        await pilot.press(*["j"] * 30)
        row, scroll = table.cursor_row, table.scroll_y
        assert row == 30 and scroll > 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press(back)
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert (table.cursor_row, table.scroll_y) == (row, scroll)


async def test_next_article_moves_the_list_cursor_too(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        second = table.neighbour(table.current_id, 1)  # type: ignore[arg-type]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.article_id == second  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert table.current_id == second and table.cursor_row == 1


async def test_next_article_follows_the_search_results(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "Mosul")
        results = app.screen.query_one(ResultsList)
        order = list(results.article_ids)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.article_id == order[1]  # type: ignore[attr-defined]
