"""A long article (more mentions than the reader reads before its first screen): the cursor
lands where asked, the mentions around it are highlighted at once, the rest and the side
panel's counts follow; `escape` and `q` work while it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.reading import FIRST_MENTIONS
from db.store import Store
from tests.db.test_reading import long_db
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.articles import ArticlesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.reader import CURSOR_BAR, ArticleView

pytestmark = pytest.mark.anyio
SENTENCES = FIRST_MENTIONS


@pytest.fixture(scope="module")
def long_article_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return long_db(tmp_path_factory.mktemp("long") / "briefing.db", SENTENCES)


async def test_the_cursor_lands_and_the_counts_follow(long_article_db: Path) -> None:
    store = Store(long_article_db)
    article_id = store.articles(0, 1)[0].id
    target = store.article_claims(article_id)[3000]
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ReaderScreen(article_id, offset=target.start))
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.ready and view.cursor == 3000
        assert view.reading is not None and view.reading.complete
        rows = [r.text for r in app.screen._compositor.render_strips()]
        assert any(CURSOR_BAR + "Sentence 3000:" in r for r in rows), rows
        # NATO is styled in the sentence under the cursor, and at the article's far end.
        for index in (3000, SENTENCES - 1):
            text = view.sentence_text(index)
            styled = {text.plain[s.start:s.end] for s in text.spans}
            assert "NATO" in styled and "Kyiv" in styled
        panel = app.screen.query_one(ActorPanel)
        assert panel.option_count == 2
        assert str(panel.get_option_at_index(0).prompt).endswith(str(2 * SENTENCES))


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_work_while_it_loads(long_article_db: Path, key: str) -> None:
    store = Store(long_article_db)
    article_id = store.articles(0, 1)[0].id
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ReaderScreen(article_id))
        await pilot.press(key)  # at once: the article is still being read
        if key == "q":
            assert not app.is_running or app.return_code is not None
            return
        assert isinstance(app.screen, ArticlesScreen)
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen) and app.is_running
