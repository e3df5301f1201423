"""The claim type picker (`t`): every type with its count; space toggles, enter applies,
escape cancels; the choice lands in `app.type_filter` and in the screen below."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.models import CLAIM_TYPES
from db.store import Store
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.types import TypeList, TypePickerScreen

pytestmark = pytest.mark.anyio





def prompts(listing: TypeList) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def open_picker(pilot: object) -> TypeList:
    await settle(pilot)
    await pilot.press("t")  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TypePickerScreen)
    return screen.query_one(TypeList)


async def test_every_type_with_its_count_and_a_box_that_reads_without_colour(
        views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_picker(pilot)
        lines = prompts(listing)
        assert len(lines) == len(CLAIM_TYPES)
        assert lines[1].split() == ["[", "]", "REP", "report", "2"]
        assert lines[0].split() == ["[", "]", "QUO", "quote", "0"]
        await pilot.press("j", "space")
        assert prompts(listing)[1].startswith("[x]")
        await pilot.press("space")
        assert prompts(listing)[1].startswith("[ ]")


async def test_space_toggles_enter_applies_escape_cancels(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(pilot)
        await pilot.press("j", "space", "j", "j", "j", "j", "space", "enter")
        assert not isinstance(app.screen, TypePickerScreen)
        assert app.type_filter == {"report", "opposition"}
        listing = await open_picker(pilot)  # opens with the current choice
        assert listing.chosen == {"report", "opposition"}
        await pilot.press("x", "escape")  # cleared, then cancelled: nothing changes
        assert app.type_filter == {"report", "opposition"}
        await open_picker(pilot)
        await pilot.press("x", "enter")  # cleared and applied: no filter
        assert app.type_filter == set()


async def test_a_database_without_types_still_opens_the_picker(tmp_path: Path) -> None:
    from tests.tui.views_db import build_many_actors_db

    app = BriefingApp(Store(build_many_actors_db(tmp_path / "untyped.db", 3)))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_picker(pilot)
        assert len(prompts(listing)) == len(CLAIM_TYPES)
        assert "no claim has a type" in str(app.screen.query_one("#types-help").render())
        await pilot.press("escape")
        assert app.type_filter == set()


async def test_the_counts_follow_the_query_shown(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_text = "country:FRA"  # type: ignore[attr-defined]
        listing = await open_picker(pilot)
        counts = {line.split()[3]: int(line.split()[4]) for line in prompts(listing)}
        # The two claims that mention France: Macron's request, and "France will not deploy"
        assert {t: n for t, n in counts.items() if n} == {"request": 1, "report": 1, "plan": 1}
        help_line = str(app.screen.query_one("#types-help").render())
        assert "counts of the claims of country:FRA" in help_line
        await pilot.press("escape")
        app.screen.query_text = ""  # type: ignore[attr-defined]
        listing = await open_picker(pilot)
        assert prompts(listing)[1].split() == ["[", "]", "REP", "report", "2"]  # all claims


def test_the_counts_of_a_query_leave_its_own_type_filter_out(views_db: Path) -> None:
    store = Store(views_db)
    assert store.claim_type_counts_of("type:plan country:FRA") == \
        store.claim_type_counts_of("country:FRA")
    assert store.claim_type_counts_of("typ:plan") == {}  # malformed: nothing counted
    assert store.claim_type_counts_of("Macron") == {"request": 1, "report": 1, "plan": 1}
