"""Opening an article at a sentence lands the cursor on it: on screen, highlighted, from
every way in (claims view, an actor's concordance, search results, `n` into another
article), at 80x24 and 120x40. The screen is read as the terminal would show it (the
compositor's rows), not from the widget's state."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from db.store import Store
from tests.tui.conftest import settle, type_query
from tests.tui.long_db import NATO_AT, SENTENCES, ZEBRA_AT
from tui.app import BriefingApp
from tui.screens.actor import ActorScreen
from tui.screens.claims import ClaimsScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_table import ClaimTable
from tui.widgets.reader import CURSOR_BAR, ArticleView

pytestmark = pytest.mark.anyio
SIZES = [(80, 24), (120, 40)]




def assert_cursor_shows(app: App[object], title: str, index: int) -> None:
    """Sentence `index` of article `title` is on screen, marked by the cursor's bar and bold
    (the cursor's highlight), and no other sentence is."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert screen.article is not None and screen.article.title == title
    view = screen.query_one(ArticleView)
    assert view.ready and view.cursor == index
    marker = f"Sentence {index} of {title} "
    rows = screen._compositor.render_strips()
    found = [row for row in rows if marker in row.text]
    assert found, f"{marker!r} is not on screen:\n" + "\n".join(r.text for r in rows)
    row = found[0]
    assert CURSOR_BAR + marker in row.text  # the bar in the gutter, right before it
    words = [seg for seg in row if "Sentence" in seg.text]
    assert words and all(seg.style and seg.style.bold for seg in words), words
    barred = [r.text for r in rows if CURSOR_BAR.strip() in r.text]
    assert all("Sentence" not in text or f" of {title} " in text for text in barred)
    others = [r for r in barred if "Sentence " in r and marker not in r]
    # Only the cursor's sentence (its wrapped lines) carries the bar.
    assert all(f"Sentence {index} " not in r for r in others)


@pytest.mark.parametrize("size", SIZES)
async def test_from_the_claims_view(long_db: Path, size: tuple[int, int]) -> None:
    app = BriefingApp(Store(long_db))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        table = app.screen.query_one(ClaimTable)
        target = next(i for i, hit in enumerate(table.hits)
                      if hit.title == "Alpha" and hit.claim.seq == 40)
        await pilot.press(*["j"] * target)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert_cursor_shows(app, "Alpha", 40)


@pytest.mark.parametrize("size", SIZES)
async def test_from_an_actors_concordance(long_db: Path, size: tuple[int, int]) -> None:
    app = BriefingApp(Store(long_db))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a", *"nato")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        await pilot.press("j", "enter")  # Alpha's second mention (newest article first)
        await settle(pilot)
        assert_cursor_shows(app, "Alpha", NATO_AT["Alpha"][1])


@pytest.mark.parametrize("size", SIZES)
async def test_from_search_results(long_db: Path, size: tuple[int, int]) -> None:
    app = BriefingApp(Store(long_db))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_query(pilot, "zebra")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert_cursor_shows(app, *ZEBRA_AT)


@pytest.mark.parametrize("size", SIZES)
async def test_n_into_the_next_article(long_db: Path, size: tuple[int, int]) -> None:
    app = BriefingApp(Store(long_db))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a", *"nato")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert_cursor_shows(app, "Beta", NATO_AT["Beta"][0])
        await pilot.press("n")
        await settle(pilot)
        assert_cursor_shows(app, "Beta", NATO_AT["Beta"][1])
        await pilot.press("N", "N")
        await settle(pilot)
        assert_cursor_shows(app, "Alpha", NATO_AT["Alpha"][1])


@pytest.mark.parametrize("size", SIZES)
async def test_end_and_home_move_the_cursor(long_db: Path, size: tuple[int, int]) -> None:
    """`End`/`G` put the cursor on the last sentence (the next `k` goes on from there), and
    `Home`/`g` on the first."""
    store = Store(long_db)
    alpha = store.search("zebra").articles[0].article.id
    app = BriefingApp(store, article_id=alpha)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for end, home in (("end", "home"), ("G", "g")):
            await pilot.press(end)
            assert_cursor_shows(app, "Alpha", SENTENCES - 1)
            await pilot.press("k")
            assert_cursor_shows(app, "Alpha", SENTENCES - 2)
            await pilot.press(home)
            assert_cursor_shows(app, "Alpha", 0)


async def test_resizing_keeps_the_cursor_on_screen(long_db: Path) -> None:
    store = Store(long_db)
    alpha = store.search("zebra").articles[0].article.id
    app = BriefingApp(store, article_id=alpha)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 50)
        assert_cursor_shows(app, "Alpha", 50)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert_cursor_shows(app, "Alpha", 50)
        await pilot.resize_terminal(60, 16)
        await settle(pilot)
        assert_cursor_shows(app, "Alpha", 50)
