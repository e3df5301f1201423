"""The claims view (`c`): type badges, speaker, sentence, article and date; filtered by the
current query and the picked types; `enter` reads the claim's article at that sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from db.store import Store
from tests.tui.conftest import settle, steady
from tui.app import BriefingApp
from tui.screens.claims import ClaimsRequest, ClaimsScreen, fetch_claims
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_table import ClaimTable, badges

pytestmark = pytest.mark.anyio





def sentences(table: ClaimTable) -> list[str]:
    return [hit.claim.text for hit in table.hits]


def test_badges_fit_their_column_and_say_what_was_left_out() -> None:
    from rich.style import Style

    style = Style(bold=True)
    assert badges(("report", "plan"), False, 7, style).plain == "REP PLN"
    assert badges(("report", "plan"), True, 7, style).plain == "¬REP +1"
    assert badges(("quote", "report", "plan"), False, 7, style).plain == "QUO +2"
    assert badges((), False, 7, style).plain == ""


def test_the_query_and_the_picked_types_narrow_each_other(views_db: Path) -> None:
    store = Store(views_db)
    every, _ = fetch_claims(store, ClaimsRequest("", frozenset()), 50, 0)
    assert len(every) == 9
    words, _ = fetch_claims(store, ClaimsRequest("Kyiv", frozenset()), 50, 0)
    assert {h.claim.text for h in words} == {
        "French President Emmanuel Macron urged NATO to send air defence to Kyiv.",
        "NATO warned that an attack on Kyiv would be answered.",
        "Ministers met in Kyiv on Tuesday."}
    typed, _ = fetch_claims(store, ClaimsRequest("Kyiv", frozenset({"threat"})), 50, 0)
    assert [h.claim.text for h in typed] == [
        "NATO warned that an attack on Kyiv would be answered."]
    actor, _ = fetch_claims(store, ClaimsRequest("actor:NATO type:report", frozenset()), 50, 0)
    assert [h.claim.text for h in actor] == ["NATO said it would decide next week."]
    both, _ = fetch_claims(store, ClaimsRequest("actor:NATO type:report",
                                                frozenset({"report", "threat"})), 50, 0)
    assert [h.claim.text for h in both] == ["NATO said it would decide next week."]
    none, messages = fetch_claims(store, ClaimsRequest("type:report", frozenset({"threat"})),
                                  50, 0)
    assert none == [] and messages
    _, messages = fetch_claims(store, ClaimsRequest("typ:report", frozenset()), 50, 0)
    assert "did you mean 'type:'" in messages[0]


async def test_c_opens_every_claim_with_badges_speaker_article_and_date(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        table = app.screen.query_one(ClaimTable)
        assert table.row_count == 9 and table.complete
        assert table.has_focus
        row = [str(c) for c in table.get_row_at(5)]
        assert row[0] == "¬REP +1"  # negated, report and plan
        assert row[1].startswith("Emmanuel Ma")
        assert row[2].startswith("France will not deploy")
        assert row[4] == "2024-03-10"
        await pilot.press("j", "j", "j", "j", "j")
        preview = app.screen.query_one("#claims-preview", Static).render()
        assert "France will not deploy troops, Macron said." in str(preview)
        assert "negated" in str(preview) and "will not deploy" in str(preview)


async def test_enter_reads_the_article_at_that_sentence(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await pilot.press("j", "j", "j")
        hit = table.current
        assert hit is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == hit.claim.article_id
        from tui.widgets.reader import ArticleView

        current = app.screen.query_one(ArticleView).current_claim
        assert current is not None and current.id == hit.claim.id
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)


async def test_the_view_follows_the_query_of_the_articles_screen(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The query bar keeps the query on the app or on the articles screen.
        app.screen.query_text = "country:FRA"  # type: ignore[attr-defined]
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        assert sentences(table) == [
            "France will not deploy troops, Macron said.",
            "French President Emmanuel Macron urged NATO to send air defence to Kyiv."]
        assert "country:FRA" in str(app.screen.query_one("#claims-filter", Static).render())


async def test_picked_types_filter_the_view(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("j", "j", "space", "enter")  # request
        await settle(pilot)
        assert app.type_filter == {"request"}
        table = app.screen.query_one(ClaimTable)
        assert sentences(table) == [
            "French President Emmanuel Macron urged NATO to send air defence to Kyiv."]
        assert "REQ" in str(app.screen.query_one("#claims-filter", Static).render())


def test_snapshot_of_the_claims_view(views_db: Path, snap_compare: object) -> None:
    async def open_claims(pilot: object) -> None:
        await settle(pilot)
        await pilot.press("c")  # type: ignore[attr-defined]
        await steady(pilot)

    app = BriefingApp(Store(views_db))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_claims)  # type: ignore[operator]


async def test_with_a_type_filter_the_type_column_shows_that_type_first(views_db: Path) -> None:
    app = BriefingApp(Store(views_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        said = [i for i, h in enumerate(table.hits) if h.claim.types == ("report", "plan")]
        # "France will not deploy" (negated: ¬, then one type), then "NATO said it would"
        assert [str(table.get_row_at(i)[0]) for i in said] == ["¬REP +1", "REP PLN"]
        app.type_filter = {"plan"}
        app.screen.refilter()
        await settle(pilot)
        assert [h.claim.types for h in table.hits] == [("report", "plan")] * 2
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == ["¬PLN +1", "PLN REP"]
        app.type_filter = set()  # and by the query's own type: filter too
        app.screen_stack[-2].query_text = "type:plan"  # the articles screen's query
        app.screen.refilter()
        await settle(pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "¬PLN +1", "PLN REP"]


def test_a_malformed_query_lists_no_claims_and_says_why(views_db: Path) -> None:
    hits, messages = fetch_claims(Store(views_db), ClaimsRequest("typ:plan", frozenset()), 50, 0)
    assert hits == [] and messages == ("unknown filter 'typ:', did you mean 'type:'?",)
