"""The footer shows the keys of what has focus, and is drawn again only when they change
(tui/widgets/footer.py): moving in a list leaves it as it is, leaving the query bar or
opening another screen shows the new keys."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.widgets.footer import KeysFooter

pytestmark = pytest.mark.anyio


def shown(app: BriefingApp) -> list[FooterKey]:
    return list(app.screen.query_one(KeysFooter).query(FooterKey))


def expected(app: BriefingApp) -> list[tuple[str, str]]:
    """What Textual's Footer shows for the screen's bindings: each action once, by its
    first key, with the palette's key last."""
    keys, seen = [], set()
    for key, (_, binding, _, _) in app.screen.active_bindings.items():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            keys.append((binding.key, binding.description))
        elif key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = (binding.key, binding.description)
    return [*keys, palette]


def as_shown(app: BriefingApp) -> list[tuple[str, str]]:
    return [(k.key, k.description) for k in shown(app)]


async def test_the_footer_follows_the_keys_and_only_them(
        make_app: Callable[..., BriefingApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        on_list = as_shown(app)
        assert on_list == expected(app) and ("q", "Quit") in on_list
        await pilot.press("slash")  # the query bar: the letters type, they are no keys
        await settle(pilot)
        assert as_shown(app) == expected(app) != on_list
        await pilot.press("escape")
        await settle(pilot)
        assert as_shown(app) == on_list
        before = shown(app)
        await pilot.press("j", "j", "k", "enter")  # the reader: its own keys
        await settle(pilot)
        assert as_shown(app) == expected(app) != on_list
        await pilot.press("escape")  # back on the list, whose keys are as they were
        await settle(pilot)
        assert shown(app) == before  # the same widgets: its footer was not drawn again
