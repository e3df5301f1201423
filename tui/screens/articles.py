"""The first screen: the article list, newest first."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui.messages import ArticlesLoaded
from tui.widgets.article_list import ArticleList
from tui.widgets.status import StatusLine

PAGE = 200


class ArticlesScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(id="article-list")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("loading…")
        self.load_page(0)

    @work(thread=True, exclusive=True, group="articles")
    def load_page(self, offset: int) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        rows = store.articles(offset=offset, limit=PAGE)
        total = store.article_count() if offset == 0 else self.query_one(ArticleList).total
        self.post_message(ArticlesLoaded(rows, offset, total))

    @on(ArticlesLoaded)
    def show_page(self, message: ArticlesLoaded) -> None:
        table = self.query_one(ArticleList)
        table.add_articles(message.rows, message.total)
        notice = self.app.store.notice  # type: ignore[attr-defined]
        self.query_one(StatusLine).show(f"{message.total} articles", notice)
        table.focus()

    @on(ArticleList.NeedMore)
    def more(self, message: ArticleList.NeedMore) -> None:
        self.load_page(message.offset)

    @on(ArticleList.Opened)
    def open_article(self, message: ArticleList.Opened) -> None:
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(message.article_id))

    def follow(self, article_id: int) -> None:
        """Keep the list's cursor on the article the reader moved to (for `escape`)."""
        self.query_one(ArticleList).select_id(article_id)
