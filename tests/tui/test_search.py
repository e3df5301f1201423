"""The query bar (`/`): results as you type, articles with a snippet or claims grouped by
article, messages for mistakes, stale answers dropped, `enter` opens the article at the match."""

from __future__ import annotations

import pytest
from textual.widgets import ContentSwitcher, Static

from db.models import SearchResult
from tests.tui.conftest import settle, type_query
from tui.messages import SearchDone
from tui.screens.articles import ArticlesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.query_bar import QueryBar
from tui.widgets.reader import ArticleView
from tui.widgets.results import ResultsList

pytestmark = pytest.mark.anyio


async def test_typing_words_lists_matching_articles_with_highlights(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "Mosul")
        results = app.screen.query_one(ResultsList)
        assert app.screen.query_one(ContentSwitcher).current == "results"
        assert results.kind == "articles" and results.loaded == 5
        prompt = results.get_option_at_index(0).prompt
        snippet = prompt.renderables[1]  # type: ignore[union-attr]
        bold = [snippet.plain[s.start:s.end] for s in snippet.spans if "bold" in str(s.style)]
        assert "Mosul" in bold


async def test_claim_filters_list_claims_grouped_by_article(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "actor:NATO")
        results = app.screen.query_one(ResultsList)
        assert results.kind == "claims"
        first = results.get_option_at_index(0)
        assert first.disabled  # the article's header
        assert not results.get_option_at_index(1).disabled
        assert results.highlighted == 1  # the cursor starts on a claim, not on a header


async def test_a_mistake_gets_a_message_not_a_crash(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "typ:quote Mosul")
        line = app.screen.query_one("#query-messages", Static)
        assert line.display
        assert "did you mean 'type:'?" in str(line.render())
        # a malformed query is not run (issue 13): no results rather than the wrong ones
        assert app.screen.query_one(ResultsList).loaded == 0


async def test_a_stale_answer_is_dropped(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "Mosul")
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        screen.post_message(SearchDone("Mos", 0, SearchResult("articles")))  # an old query
        await settle(pilot)
        assert screen.query_one(ResultsList).loaded == 5


async def test_enter_opens_the_article_at_the_matching_sentence(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "actor:NATO")
        target = app.screen.query_one(ResultsList).current
        assert target is not None and target.offset is not None
        await pilot.press("enter", "enter")  # leave the query bar, open the claim
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        claim = app.screen.query_one(ArticleView).current_claim
        assert claim is not None and claim.start <= target.offset < claim.end


async def test_escape_leaves_the_bar_then_clears_the_query(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "Mosul")
        bar = app.screen.query_one(QueryBar)
        await pilot.press("escape")
        assert not bar.has_focus and bar.value == "Mosul"
        await pilot.press("escape")
        await settle(pilot)
        assert bar.value == "" and not bar.display
        assert app.screen.query_one(ContentSwitcher).current == "article-list"


async def test_letters_type_in_the_query_bar_and_do_not_act(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "quasi")  # q quits, a opens actors, s saves... not here
        assert isinstance(app.screen, ArticlesScreen)
        assert app.screen.query_one(QueryBar).value == "quasi"


async def test_an_unclosed_quote_shows_in_the_query_bar_and_is_matched_literally(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, '"Prime Minister')
        bar = app.screen.query_one(QueryBar)
        assert bar.has_class("-open-quote")
        line = app.screen.query_one("#query-messages", Static)
        assert line.display and "unclosed quote" in str(line.render())
        assert app.screen.query_one(ResultsList).loaded > 0  # run, as a phrase
        await pilot.press('"')
        await settle(pilot)
        assert not bar.has_class("-open-quote")
        assert "unclosed quote" not in str(line.render())
