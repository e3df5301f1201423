"""Keys: every binding has an id, `?` lists them on one screen, the palette offers them, and
keys.toml remaps them (App.set_keymap)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import notified, settle
from tui.commands import BriefingCommands
from tui.screens.articles import ArticlesScreen
from tui.screens.help import HelpScreen, all_bindings
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

DESIGN_KEYS = {"j", "k", "↓", "↑", "⏎", "esc", "backspace", "/", "n", "N", "]", "[", "s",
               "u", "y", "Y", "?", "ctrl+p", "q", "a", "c", "t"}


def binding_ids(rows: list[tuple[str, str, str, str]]) -> set[str]:
    """The ids of the help's rows; a pair's row ("reader.first / .last") names both."""
    out = set()
    for *_rest, row_id in rows:
        first, _, other = row_id.partition(" / .")
        out.add(first)
        if other:
            out.add(f"{first.rpartition('.')[0]}.{other}")
    return out


def test_every_key_of_the_design_is_bound() -> None:
    bound = set()
    for _where, keys, _description, _id in all_bindings():
        bound.update(keys.split())
    assert bound >= DESIGN_KEYS


async def test_question_mark_shows_every_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = binding_ids(app.screen.rows)
        assert {"reader.next-mention", "articles.save-view", "reader.copy-sentence"} <= ids
        # At 200x60 it all fits on one screen: no scrolling needed.
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y == 0
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)


async def test_keys_toml_remaps_a_binding(make_app, user_dirs) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "keys.toml").write_text('[keys]\n"list.open" = "o"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_a_broken_keys_toml_is_said_once(make_app, user_dirs) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "keys.toml").write_text("[keys\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("keys.toml" in n.message for n in notified(app))


async def test_the_palette_offers_the_screens_actions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        provider = BriefingCommands(app.screen)
        titles = {str(hit.text) async for hit in provider.discover()}
        assert {"Next mention of the selected actor", "Copy the sentence with its citation",
                "Next article", "Quit"} <= titles


async def test_help_shows_the_current_screens_keys_first_and_the_real_path(
        make_app, user_dirs) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        places = list(dict.fromkeys(row[0] for row in app.screen.rows))
        assert places[:2] == ["reader", "anywhere"]
        assert {"reader.first", "reader.last"} <= binding_ids(app.screen.rows)
        head = str(app.screen.query_one("#help-head").render())
        assert str(user_dirs["config"] / "keys.toml") in head
        await pilot.press("escape", "escape", "c", "question_mark")
        await settle(pilot)
        places = list(dict.fromkeys(row[0] for row in app.screen.rows))  # type: ignore[attr-defined]
        assert places[:2] == ["claims", "anywhere"]
