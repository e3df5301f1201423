"""The actors index (`a`): by kind, filtered as you type, with mention and article counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from db.store import Store
from tests.tui.conftest import settle, steady
from tests.tui.views_db import build_many_actors_db
from tui.app import BriefingApp
from tui.screens.actor import ActorScreen
from tui.screens.actors import PAGE, ActorsScreen
from tui.widgets.actor_table import ActorTable

pytestmark = pytest.mark.anyio





def names(table: ActorTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_a_opens_the_index_most_mentioned_first_with_counts(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActorsScreen)
        table = app.screen.query_one(ActorTable)
        assert names(table)[:3] == ["NATO", "Kyiv", "Emmanuel Macron"]
        row = table.get_row_at(0)
        assert [str(c) for c in (row[0], row[4], row[5])] == ["O", "6", "5"]  # kind, counts
        assert app.screen.counts == {"organization": 2, "place": 1, "person": 1, "country": 1}
        assert isinstance(app.focused, Input)


async def test_typing_filters_and_letters_never_act_as_keys(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        # "a", "c", "t" and "q" are keys elsewhere; here they are letters of a name.
        await pilot.press("a", "c", "t", "q")
        await settle(pilot)
        assert isinstance(app.screen, ActorsScreen)
        assert app.screen.query_one(Input).value == "actq"
        assert names(app.screen.query_one(ActorTable)) == []
        await pilot.press("backspace", "backspace", "backspace", "backspace", "f", "r")
        await settle(pilot)
        # A name or an alias matches: "French" is an alias of France.
        assert names(app.screen.query_one(ActorTable)) == ["France"]
        assert app.screen.query_one(ActorTable).total == 1


async def test_tab_goes_to_the_list_where_the_arrows_change_the_kind(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab")  # the list: letters are keys there (the corrections)
        assert app.focused is app.screen.query_one(ActorTable)
        await pilot.press("right")  # all -> country
        await settle(pilot)
        assert app.screen.request.kind == "country"
        assert names(app.screen.query_one(ActorTable)) == ["France"]
        await pilot.press("right", "right")  # -> person -> organization
        await settle(pilot)
        assert names(app.screen.query_one(ActorTable)) == ["NATO", "[b]Evil[/b] Corp"]
        await pilot.press("left", "left", "left")
        await settle(pilot)
        assert app.screen.request.kind == "all"
        await pilot.press("tab")  # back to the filter, where letters type
        assert isinstance(app.focused, Input)
        await pilot.press("f", "r")
        await settle(pilot)
        assert names(app.screen.query_one(ActorTable)) == ["France"]


async def test_arrows_and_enter_open_the_actor_and_select_it(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "down", "up")
        assert app.screen.current_actor is not None
        assert app.screen.current_actor.actor.name == "Kyiv"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        assert app.selected_actor_id == app.screen.actor_id
        assert app.selected_actor_name == "Kyiv"
        await pilot.press("escape")
        await pilot.press("escape")
        assert not isinstance(app.screen, (ActorsScreen, ActorScreen))


async def test_names_are_shown_as_text_not_markup(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("e", "v", "i", "l")
        await settle(pilot)
        table = app.screen.query_one(ActorTable)
        assert names(table) == ["[b]Evil[/b] Corp"]
        assert not table.get_row_at(0)[1].spans  # no style came out of the name


async def test_the_index_pages_through_many_actors(tmp_path: Path) -> None:
    db = build_many_actors_db(tmp_path / "many.db", 450)
    app = BriefingApp(Store(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        table = app.screen.query_one(ActorTable)
        assert table.total == 450
        assert table.row_count == PAGE  # one page, not everything
        assert names(table)[:3] == ["Place0000", "Place0001", "Place0002"]
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown",
                          "pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert table.row_count == 2 * PAGE  # the next page came as the cursor neared the end
        assert len(set(names(table))) == 2 * PAGE


def test_snapshot_of_the_actors_index(views_db: Path, snap_compare: object) -> None:
    async def open_index(pilot: object) -> None:
        await settle(pilot)
        await pilot.press("a")  # type: ignore[attr-defined]
        await steady(pilot)

    app = BriefingApp(Store(views_db))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_index)  # type: ignore[operator]
