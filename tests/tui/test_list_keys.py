"""`Home`/`g` and `End`/`G` in the lists: the article list (paged: `End` follows the pages
as they come), the claims view, an actor's concordance and the search results."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from db import ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundClaim
from db.schema import open_write
from db.store import Store
from tests.tui.conftest import settle, type_query
from tui.app import BriefingApp
from tui.widgets.article_list import ArticleList
from tui.widgets.claim_table import ClaimTable
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles for several pages of the list (a page is 200)."""
    path = tmp_path_factory.mktemp("many") / "briefing.db"
    db = open_write(path)
    with db.conn:
        for i in range(450):
            item = ArticleInput(f"Article {i}", f"Body {i}.", f"many-{i}", external_id=f"m{i}",
                                published=f"2024-01-{1 + i % 28:02d}")
            prepared = ingest.prepare(db, item)
            assert prepared is not None
            ingest.write_extracted(db, prepared, Extraction((), (), (FoundClaim(0, 7),)), "t")
    db.conn.close()
    return path


@pytest.mark.parametrize(("end", "home"), [("end", "home"), ("G", "g")])
async def test_end_and_home_in_the_article_list(many_db: Path, end: str, home: str) -> None:
    store = Store(many_db)
    total = store.article_count()
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleList)
        assert table.row_count < total  # paged: the test needs more than one page
        await pilot.press(end)
        await settle(pilot, rounds=6)
        assert table.row_count == total and table.cursor_row == total - 1
        last = store.articles(total - 1, 1)[0]
        assert table.current_id == last.id
        await pilot.press(home)
        assert table.cursor_row == 0


async def test_end_and_home_in_the_claims_view(rules_db: Path) -> None:
    app = BriefingApp(Store(rules_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await pilot.press("G")
        await settle(pilot, rounds=6)
        assert table.cursor_row == table.row_count - 1
        assert not table.has_more  # every page followed
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_end_and_home_in_the_search_results(rules_db: Path) -> None:
    app = BriefingApp(Store(rules_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "said")
        results = app.screen.query_one(ResultsList)
        await pilot.press("down")  # from the query bar to the results
        assert isinstance(app.focused, OptionList)
        await pilot.press("G")
        assert results.highlighted == results.option_count - 1
        await pilot.press("g")
        assert results.highlighted == 0
