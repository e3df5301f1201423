"""Saved views: `s` names the current query, the side panel and the palette list the views,
`briefing browse --view NAME` (the App's `view`) opens one; stored in views.toml per user."""

from __future__ import annotations

import inspect
import tomllib

import pytest

from tests.tui.conftest import notified, settle, type_query
from tui.commands import BriefingCommands
from tui.saved_views import SavedViews
from tui.widgets.query_bar import QueryBar
from tui.widgets.results import ResultsList
from tui.widgets.views_panel import ViewsPanel

pytestmark = pytest.mark.anyio


async def test_s_saves_the_query_under_a_name(make_app, user_dirs) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, 'actor:NATO "said"')
        await pilot.press("escape", "s")
        await pilot.press(*"NATO [quotes]", "enter")
        await settle(pilot)
        saved = tomllib.loads((user_dirs["config"] / "views.toml").read_text())
        assert saved["views"] == {"NATO [quotes]": 'actor:NATO "said"'}
        panel = app.screen.query_one(ViewsPanel)
        assert panel.display  # 120 columns: the panel shows by itself
        assert panel.get_option_at_index(0).id == "NATO [quotes]"


async def test_the_panel_opens_a_view(make_app) -> None:
    SavedViews().save("mosul", "Mosul")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")  # narrow: the panel shows on demand
        panel = app.screen.query_one(ViewsPanel)
        assert panel.display and panel.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(QueryBar).value == "Mosul"
        assert app.screen.query_one(ResultsList).loaded == 5


async def test_a_view_from_the_command_line(make_app) -> None:
    SavedViews().save("Iraq claims", "actor:Iraq")
    app = make_app(view="iraq claims")  # names are matched without regard to case
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert results.kind == "claims" and results.loaded > 0


async def test_an_unknown_view_is_said(make_app) -> None:
    app = make_app(view="nope")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("no saved view named 'nope'" in n.message for n in notified(app))


async def test_the_palette_offers_saved_views(make_app) -> None:
    SavedViews().save("mosul", "Mosul")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = BriefingCommands(app.screen)
        titles = [str(hit.text) async for hit in provider.discover()]
        assert "View: mosul" in titles
        hits = [hit async for hit in provider.search("view mosul")]
        assert hits
        outcome = hits[0].command()
        if inspect.isawaitable(outcome):
            await outcome
        await settle(pilot)
        assert app.screen.query_one(QueryBar).value == "Mosul"


async def test_d_deletes_a_view(make_app, user_dirs) -> None:
    SavedViews().save("old", "Mosul")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v", "d")
        await settle(pilot)
        assert SavedViews().names() == []


def test_a_broken_views_file_is_reported_not_fatal(user_dirs) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "views.toml").write_text("[views\nbroken")
    views = SavedViews()
    assert views.names() == [] and views.problem
