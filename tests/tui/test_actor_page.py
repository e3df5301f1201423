"""An actor's page: concordance, articles, co-actors and a sparkline of mentions over time;
opening it selects the actor, and `enter` on a concordance line reads at that mention."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.widgets import Sparkline, Static

from db.store import Store
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.actor import ActorScreen, months_between
from tui.screens.reader import ReaderScreen
from tui.widgets.actor_articles import ActorArticles
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.concordance import Concordance, kwic

pytestmark = pytest.mark.anyio





async def open_page(pilot: object, name: str) -> None:
    await settle(pilot)
    await pilot.press("a", *name)  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)


def test_kwic_puts_the_mention_a_third_of_the_way_in() -> None:
    sentence = ("Yesterday in a long speech the President of France urged NATO to act now, "
                "before the winter.")
    start = sentence.index("NATO")
    line = kwic(sentence, start, start + 4, 30, Style(bold=True))
    assert len(line.plain) <= 30
    assert line.plain.index("NATO") == 10
    assert line.plain.startswith("…") and line.plain.endswith("…")
    assert [line.plain[s.start:s.end] for s in line.spans] == ["NATO"]
    short = kwic("NATO met.", 0, 4, 30, Style(bold=True))
    assert short.plain == " " * 10 + "NATO met."


def test_months_between_fills_the_quiet_months() -> None:
    assert months_between([("2023-11", 2), ("2024-02", 1)]) == [
        ("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)]
    assert months_between([]) == []
    # Dates that are not dates (a database written by anything) are left out, not a crash.
    assert months_between([("\x1b]2;PWN", 3), ("2024-01", 1)]) == [("2024-01", 1)]


async def test_the_page_shows_mentions_articles_co_actors_and_timeline(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, "nato")
        screen = app.screen
        assert isinstance(screen, ActorScreen)
        assert app.selected_actor_name == "NATO"
        assert app.selected_actor_id == screen.actor_id
        concordance = screen.query_one(Concordance)
        assert concordance.row_count == 6  # every mention, newest article first
        assert concordance.lines[0].title == "A summer summit"
        assert concordance.lines[-1].title == "An undated note"
        assert concordance.has_focus
        articles = screen.query_one(ActorArticles)
        assert articles.option_count == 5
        co_actors = screen.query_one(ActorPanel)
        first = co_actors.get_option_at_index(0).prompt
        assert "Kyiv" in str(first) and str(first).endswith("2")
        # Mentions by month from January to June 2024, the quiet months as zeros.
        assert screen.query_one(Sparkline).data == [2, 0, 2, 0, 0, 1]
        assert "2024-01" in str(screen.query_one("#actor-timeline-from", Static).render())


async def test_enter_on_a_line_reads_the_article_at_that_mention(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, "nato")
        concordance = app.screen.query_one(Concordance)
        await pilot.press("j", "j", "j")
        line = concordance.current
        assert line is not None and line.title == "Macron urges NATO to act"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == line.mention.article_id
        assert app.screen.current_mention == line.mention
        assert app.selected_actor_name == "NATO"  # n/N in the reader follow NATO
        await pilot.press("escape")
        assert isinstance(app.screen, ActorScreen)


async def test_enter_on_an_article_reads_it_at_the_first_mention(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, "kyiv")
        await pilot.press("tab")  # to the articles
        assert app.screen.query_one(ActorArticles).has_focus
        await pilot.press("j", "enter")  # the second: "NATO warns of escalation"
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        focus = app.screen.focus_mention
        assert focus is not None and focus.text == "Kyiv"


async def test_choosing_a_co_actor_opens_its_page_and_selects_it(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, "nato")
        await pilot.press("tab", "tab")  # to "mentioned with"
        assert app.screen.query_one(ActorPanel).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        assert app.selected_actor_name == "Kyiv"
        await pilot.press("escape")
        assert isinstance(app.screen, ActorScreen)
        assert app.screen.stats is not None and app.screen.stats.actor.name == "NATO"


async def test_an_actor_without_dates_says_so(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, "evil")
        assert app.screen.query_one(Sparkline).display is True  # 2024-03: one month
        assert app.screen.query_one("#actor-head", Static).render().plain.startswith(
            "O [b]Evil[/b] Corp")
