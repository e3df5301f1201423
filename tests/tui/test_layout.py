"""Terminals: at 80x24 nothing essential is cut off (list columns, status line above the
Footer), resizing refits the list, NO_COLOR still shows the cursors."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from tests.tui.conftest import settle
from tui.widgets.article_list import ArticleList
from tui.widgets.status import StatusLine

pytestmark = pytest.mark.anyio


def column_end(table: ArticleList) -> int:
    return sum(c.get_render_width(table) for c in table.columns.values())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_every_column_fits_and_the_status_line_shows(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert column_end(table) <= table.scrollable_content_region.width
        status = app.screen.query_one(StatusLine).region
        footer = app.screen.query_one(Footer).region
        assert status.height == 1 and not status.overlaps(footer)
        assert "article 1 of " in str(app.screen.query_one(StatusLine).render())


async def test_resizing_refits_the_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert column_end(table) <= table.scrollable_content_region.width


async def test_no_color_keeps_a_visible_cursor(make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        table = app.screen.query_one(ArticleList)
        cursor = table.get_component_styles("datatable--cursor")
        assert cursor.text_style.reverse
