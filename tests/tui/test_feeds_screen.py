"""The feeds screen (`f`): every subscription with its tags, unread count and last status;
`enter` shows a feed's articles, `/` filters by tag (and `enter` on a tag shows its
articles), `A` marks a feed read; on the article list `A` marks the whole view read."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import settle
from tests.tui.feeds_db import add_entries, subscribe, writable_copy
from tui.app import BriefingApp
from tui.screens.articles import ArticlesScreen
from tui.screens.feeds import FeedsScreen
from tui.widgets.article_list import READ_MARK, ArticleList
from tui.widgets.feed_table import FeedTable
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def feeds_db(rules_db: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, dict[str, list[int]]]:
    """Shared by the tests here: they change only the user's read state (their own)."""
    path = writable_copy(rules_db, tmp_path_factory.mktemp("feeds") / "briefing.db")
    subscribe(path, "Wire", "http://127.0.0.1:1/wire.xml", ("world", "news"), status="ok",
              fetched="2026-12-01T23:50:12+00:00")
    subscribe(path, "[b]Tech[/b] Daily", "http://127.0.0.1:1/tech.xml", ("tech",),
              status="error: HTTP 500", fetched="2026-12-01T22:05:00+00:00")
    subscribe(path, "Quiet", "http://127.0.0.1:1/quiet.xml")
    ids = {"Wire": add_entries(path, "Wire", [("Wire one", "2031-01-03"),
                                              ("Wire two", "2031-01-02")]),
           "[b]Tech[/b] Daily": add_entries(path, "[b]Tech[/b] Daily",
                                            [("Chips", "2031-01-01")])}
    return path, ids


def cells(table: FeedTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status(app: BriefingApp) -> str:
    return str(app.screen.query_one("#status").render())


async def test_the_feeds_screen_lists_tags_unread_and_status(feeds_db) -> None:
    path, ids = feeds_db
    app = BriefingApp(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.read_state.mark(ids["Wire"][0])
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        rows = cells(app.screen.query_one(FeedTable))
        # By name, as the store orders them; a name that looks like markup shows as typed.
        assert [r[0] for r in rows] == ["[b]Tech[/b] Daily", "Quiet", "Wire"]
        assert rows[2][1:] == ["#world #news", "1/2", "ok", "12-01 23:50"]
        assert rows[0][1:] == ["#tech", "1/1", "error: HTTP 500", "12-01 22:05"]
        assert rows[1][1:] == ["", "0/0", "not yet", "never"]
        assert status(app).startswith("3 feeds · 2 unread · 1 failing")
        assert "#world 1" in str(app.screen.query_one("#feeds-tags").render())


async def test_enter_shows_the_feeds_articles_and_a_marks_it_read(feeds_db) -> None:
    path, ids = feeds_db
    app = BriefingApp(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("G", "enter")  # Wire, the last by name
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert app.screen.query_text == 'feed:"Wire"'
        results = app.screen.query_one(ResultsList)
        assert results.article_ids == ids["Wire"]
        await pilot.press("escape", "escape", "f")  # back to every article, then feeds again
        await settle(pilot)
        await pilot.press("g", "A")  # the tech feed
        await settle(pilot)
        assert app.read_state.ids == set(ids["[b]Tech[/b] Daily"])
        assert cells(app.screen.query_one(FeedTable))[0][2] == "0/1"
        assert any("marked 1 article read" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        (chips,) = ids["[b]Tech[/b] Daily"]
        assert table.get_row(str(chips))[0].plain == READ_MARK  # the list shows it at once


async def test_a_tag_filters_the_feeds_and_enter_shows_its_articles(feeds_db) -> None:
    path, ids = feeds_db
    app = BriefingApp(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("slash", *"wor")
        await settle(pilot)
        assert [r[0] for r in cells(app.screen.query_one(FeedTable))] == ["Wire"]
        assert status(app).startswith("1 feed of 3")
        await pilot.press(*"ld", "enter")  # the whole tag: its articles
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert app.screen.query_text == 'tag:"world"'
        assert app.screen.query_one(ResultsList).article_ids == ids["Wire"]


async def test_a_marks_the_whole_view_read(feeds_db) -> None:
    path, ids = feeds_db
    store = Store(path)
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.apply_query('tag:"tech"')  # type: ignore[attr-defined]
        await pilot.pause(0.4)
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert app.read_state.ids == set(ids["[b]Tech[/b] Daily"])  # the view, not more
        await pilot.press("escape")  # every article: A marks them all
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert len(app.read_state.ids) == store.article_count()
        table = app.screen.query_one(ArticleList)
        assert all(table.get_row_at(i)[0].plain == READ_MARK for i in range(table.row_count))
        assert any(f"marked {store.article_count() - 1:,} articles read" in str(n.message)
                   for n in app._notifications)
