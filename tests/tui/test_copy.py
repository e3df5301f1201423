"""`y` copies the sentence with its citation, `Y` the article's URL (OSC 52, through
`App.copy_to_clipboard`, so it reaches the user's clipboard over SSH)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from tui.widgets.reader import ArticleView

pytestmark = pytest.mark.anyio


async def test_y_copies_the_sentence_with_its_citation(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "y")
        claim = app.screen.query_one(ArticleView).current_claim
        article = app.screen.article  # type: ignore[attr-defined]
        copied = app.clipboard
        assert claim is not None and " ".join(claim.text.split()) in copied
        assert article.title.split()[0] in copied and article.url in copied
        assert (article.source or "") in copied


async def test_Y_copies_the_url_and_the_reader_shows_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen.article  # type: ignore[attr-defined]
        assert article.url in str(app.screen.query_one("#article-meta").render())
        await pilot.press("Y")
        assert app.clipboard == article.url


async def test_Y_in_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert app.clipboard.startswith("http")
