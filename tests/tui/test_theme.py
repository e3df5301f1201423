"""The theme picked in the palette is the theme of the next start; a theme file naming no
theme is said once and the default is used."""

from __future__ import annotations

import pytest

from tests.tui.conftest import notified, settle

pytestmark = pytest.mark.anyio


async def test_the_theme_picked_comes_back_at_the_next_start(make_app, user_dirs) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        default = app.theme
        picked = next(name for name in app.available_themes if name != default)
        app.theme = picked
        await settle(pilot)
    assert (user_dirs["config"] / "theme").read_text().strip() == picked
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == picked


async def test_an_unknown_theme_is_said_and_the_default_used(make_app, user_dirs) -> None:
    name = "no-such-theme"
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "theme").write_text(name + "\n")
    app = make_app()
    default = app.theme
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == default
        shown = [str(n.message) for n in notified(app)]
        assert any(f"no theme named '{name}'" in m for m in shown)
