"""What every screen shares (tui/screens/base.py): a failed query of any screen is one
notification naming what failed, and the browser goes on; and the reader's `]` moves in the
list of the screen that opened it (tui/screens/neighbours.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from tests.tui.conftest import notified, settle, type_query
from tui.app import BriefingApp
from tui.screens.actors import ActorsScreen
from tui.screens.base import BriefingScreen
from tui.screens.claims import ClaimsScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio


def failing(*_args: object, **_kwargs: object) -> object:
    raise sqlite3.OperationalError("no such table: claims [bold]x[/bold]")


@pytest.mark.parametrize(("key", "method", "screen", "title"), [
    ("c", "claims", ClaimsScreen, "could not read claims"),
    ("a", "actors", ActorsScreen, "could not read actors"),
])
async def test_a_failed_query_is_one_notification_and_the_screen_stays(
        make_app: Callable[..., BriefingApp], monkeypatch: pytest.MonkeyPatch, key: str,
        method: str, screen: type[BriefingScreen[None]], title: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.store, method, failing)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, screen)
        said = [n for n in notified(app) if n.title == title]
        assert len(said) == 1 and said[0].severity == "error"
        # The error's text, as text: its brackets are not markup.
        assert said[0].message == "OperationalError: no such table: claims [bold]x[/bold]"


async def test_the_reader_moves_in_the_results_it_was_opened_from(
        make_app: Callable[..., BriefingApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "Syria")
        results = app.screen.query_one(ResultsList)
        target = results.current
        assert target is not None and len(results.article_ids) >= 2
        await pilot.press("enter", "enter")  # leave the query bar, open the article
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.neighbours is app.list_screen
        assert reader.article_id == target.article_id
        ids = results.article_ids
        expected = ids[ids.index(target.article_id) + 1]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert reader.article_id == expected  # the next result, as the list shows them
        # ... which is not the next article of the whole list: the results made the step.
        assert expected != app.store.neighbour_article(target.article_id, 1)
