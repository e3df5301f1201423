"""`/` everywhere: in the reader it finds in the article (enter: the next match), elsewhere
it is the query bar. `o` opens the article's URL with $BROWSER (no shell, http(s) only), or
says there is none and copies it; the reader shows the URL as an OSC 8 link."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import notified, settle, wait_until
from tests.tui.long_db import NATO_AT
from tui.app import BriefingApp
from tui.opener import openable, opener_command
from tui.screens.articles import ArticlesScreen
from tui.widgets.query_bar import QueryBar
from tui.widgets.reader import CURSOR_BAR, ArticleView

pytestmark = pytest.mark.anyio




def alpha(store: Store) -> int:
    return store.search("zebra").articles[0].article.id


async def test_slash_finds_in_the_article_and_enter_goes_on(long_db: Path) -> None:
    store = Store(long_db)
    app = BriefingApp(store, article_id=alpha(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("slash", *"with nato")
        await settle(pilot)
        first, second = NATO_AT["Alpha"]
        assert view.cursor == first
        await pilot.press("enter")
        await settle(pilot)
        assert view.cursor == second
        rows = [r.text for r in app.screen._compositor.render_strips()]
        assert any(f"{CURSOR_BAR}Sentence {second} of Alpha" in r for r in rows)
        await pilot.press("enter")  # round to the top
        await settle(pilot)
        assert view.cursor == first
        await pilot.press("escape")  # closes the bar; the cursor stays
        assert view.has_focus and view.cursor == first
        await pilot.press("slash", *"no such words")
        await settle(pilot)
        assert any("not in this article" in str(n.message) for n in notified(app))


async def test_slash_from_the_claims_view_is_the_query_bar(long_db: Path) -> None:
    app = BriefingApp(Store(long_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert app.screen.query_one(QueryBar).has_focus


def test_only_http_urls_are_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    assert openable("https://example.org/a?b=1")
    for url in ("file:///etc/passwd", "javascript:alert(1)", "https://ex ample.org",
                "https://example.org/\x1b]2;x\x07", "", None):
        assert not openable(url)
    monkeypatch.setenv("BROWSER", "firefox --new-tab %s:lynx")
    assert opener_command("https://e.org/;rm -rf") == ["firefox", "--new-tab",
                                                        "https://e.org/;rm -rf"]


async def test_o_opens_the_url_with_browser(long_db: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seen = tmp_path / "seen"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {seen}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(script))
    store = Store(long_db)
    app = BriefingApp(store, article_id=alpha(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        # The browser is another process: wait for what it wrote.
        await wait_until(pilot, lambda: seen.exists() and seen.read_text(), "the browser")
        assert seen.read_text() == "https://example.org/alpha"


async def test_o_without_a_browser_says_so_and_copies(long_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    store = Store(long_db)
    app = BriefingApp(store, article_id=alpha(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == "https://example.org/alpha"
        assert any("no browser" in str(n.message) for n in notified(app))


async def test_the_url_is_an_osc8_link(long_db: Path) -> None:
    store = Store(long_db)
    app = BriefingApp(store, article_id=alpha(store))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        meta = app.screen.query_one("#article-meta")
        links = {seg.style.link for seg in meta.render_line(0)
                 if seg.style is not None and seg.style.link}
        assert links == {"https://example.org/alpha"}
