"""The query bar keeps a history (`↑` when it is empty or shows an entry; saved per user)
and completes filter names and actor names as one types (from the store, in a thread)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import settle, type_query
from tui.app import BriefingApp
from tui.widgets.query_bar import QueryBar
from tui.widgets.query_suggester import QuerySuggester

pytestmark = pytest.mark.anyio


async def test_up_brings_back_earlier_queries_and_they_are_kept(rules_db: Path,
                                                                user_dirs) -> None:
    app = BriefingApp(Store(rules_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for query in ("Mosul", "actor:NATO"):
            await type_query(pilot, query)
            await pilot.press("enter")  # to the results: the query is remembered
            await settle(pilot)
            await pilot.press("slash")
            bar = app.screen.query_one(QueryBar)
            bar.value = ""
            await pilot.press("escape", "escape")
    history = (user_dirs["data"] / "query-history").read_text().split("\n")
    assert history[:2] == ["Mosul", "actor:NATO"]
    again = BriefingApp(Store(rules_db))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = again.screen.query_one(QueryBar)
        await pilot.press("up")
        assert bar.value == "actor:NATO"
        await pilot.press("up")
        assert bar.value == "Mosul"
        await pilot.press("end", *" Kurds")  # the user's own text: ↑ leaves it alone
        await pilot.press("up")
        assert bar.value == "Mosul Kurds"


async def test_completion_of_filters_and_actor_names(rules_db: Path) -> None:
    store = Store(rules_db)
    suggester = QuerySuggester(store)
    assert await suggester.get_suggestion("spe") == "speaker:"
    assert await suggester.get_suggestion("Syria -coun") == "Syria -country:"
    nato = store.resolve_actor("NATO")
    assert nato is not None
    assert await suggester.get_suggestion("actor:NA") == "actor:NATO"
    assert await suggester.get_suggestion("words") is None
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"actor:NA")
        await settle(pilot)
        await pilot.press("right")  # takes the suggestion
        assert app.screen.query_one(QueryBar).value == "actor:NATO"


def test_the_placeholder_and_the_help_name_every_filter_of_the_parser() -> None:
    from db.query import FILTERS
    from tui.screens.help import QUERY_HELP

    bar = QueryBar()
    for name in FILTERS:
        assert f"{name}:" in str(bar.placeholder) and f"{name}:" in QUERY_HELP


async def test_escape_applies_a_query_typed_just_now(rules_db: Path) -> None:
    """Escape out of the bar reports the text at once, as enter does, not after the bar's
    pause: `c` pressed right after opens the claims of the query the bar shows."""
    app = BriefingApp(Store(rules_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"actor:NATO", "escape")
        assert app.screen.query_text == "actor:NATO"  # type: ignore[attr-defined]
