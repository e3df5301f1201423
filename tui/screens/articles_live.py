"""The article list keeps up with writers, and marks a whole view read. A mixin of
ArticlesScreen (tui/screens/articles.py), whose BINDINGS name `mark_all_read`.

When another connection commits (tui/live.py posts `DatabaseChanged`), the rows loaded so far
are read again in a worker and replace the old ones in place: the article under the cursor
stays under it, and the status line says "12 new" rather than the list jumping to them. The
results of a query are read again the same way, the cursor kept on its result.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.widgets import Static

from db.models import ArticleRow, SearchResult
from tui.display import count
from tui.live import DatabaseChanged
from tui.screens.base import BriefingScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.results import ResultsList

if TYPE_CHECKING:
    pass

PAGE = 200  # as ArticlesScreen's
RESULTS_PAGE = 100
RELOAD_CAP = 5000  # rows read again at most (the list's own End cap, tui/widgets/list_keys.py)


@dataclass
class ArticlesReloaded(Message):
    rows: list[ArticleRow]
    total: int
    unread_only: bool


@dataclass
class ResultsReloaded(Message):
    text: str
    result: SearchResult


@dataclass
class ViewArticles(Message):
    """Every article of the view on screen, to mark read."""

    article_ids: list[int]


class LiveList(BriefingScreen[None]):
    unread_only: bool
    query_text: str
    new_articles = 0  # come into the list since the user last looked at its top
    new_results = 0  # come into the query's results since it was typed


    def _list_summary(self) -> str:
        raise NotImplementedError

    def _results_summary(self) -> str:
        raise NotImplementedError

    def _status(self, summary: str | None = None) -> None:
        raise NotImplementedError

    def new_label(self) -> str | None:
        """`12 new`: of what the screen shows, the results or the whole list."""
        new = self.new_results if self.query_text else self.new_articles
        return f"{new:,} new" if new else None

    @on(DatabaseChanged)
    def database_changed(self, _message: DatabaseChanged) -> None:
        table = self.query_one(ArticleList)
        read = tuple(sorted(self.bapp.read_state.ids)) if self.unread_only else None
        self._reload(min(max(table.row_count, PAGE), RELOAD_CAP), read)
        if self.query_text:
            results = self.query_one(ResultsList)
            self._reload_results(self.query_text, min(max(results.loaded, RESULTS_PAGE),
                                                      RELOAD_CAP))

    @work(thread=True, exclusive=True, group="articles-reload", exit_on_error=False)
    def _reload(self, limit: int, read: tuple[int, ...] | None) -> None:
        store = self.bapp.store
        if read is not None:
            rows, total = store.unread_articles(read, offset=0, limit=limit)
        else:
            rows, total = store.articles(offset=0, limit=limit), store.article_count()
        self.post_message(ArticlesReloaded(rows, total, read is not None))

    @on(ArticlesReloaded)
    def take_articles(self, message: ArticlesReloaded) -> None:
        if message.unread_only != self.unread_only:  # U pressed meanwhile: that list is gone
            return
        table = self.query_one(ArticleList)
        had = table.row_count
        new = table.take_rows(message.rows, message.total)
        if had:  # the first rows of an empty list are not news
            self.new_articles += new
        self.query_one("#empty-hint", Static).display = \
            message.total == 0 and not self.unread_only
        if not self.query_text:
            self._summary = self._list_summary()
        self._status()

    @work(thread=True, exclusive=True, group="search-reload", exit_on_error=False)
    def _reload_results(self, text: str, limit: int) -> None:
        self.post_message(ResultsReloaded(text, self.bapp.store.search(text, limit=limit)))

    @on(ResultsReloaded)
    def take_results(self, message: ResultsReloaded) -> None:
        if message.text != self.query_text or message.result.failed:
            return
        results = self.query_one(ResultsList)
        before = set(results.article_ids)
        current = results.highlighted
        key = results.get_option_at_index(current).id if current is not None else None
        page = max(results.loaded, RESULTS_PAGE)
        results.show_result(message.result, 0, page)
        # Gone (deleted): the first result, as show_result left it.
        with suppress(LookupError):
            if key is not None:
                results.highlighted = results.get_option_index(key)
        if before:
            self.new_results += len(set(results.article_ids) - before)
        self._summary = self._results_summary()
        self._status()

    def cursor_at_top(self) -> None:
        """The user looked at the newest rows: what came in is no longer news."""
        if self.new_articles and self.query_one(ArticleList).cursor_row == 0:
            self.new_articles = 0
            self._status()

    # A: mark the view read ----------------------------------------------------------------

    def action_mark_all_read(self) -> None:
        """Every article of what the screen lists: the query's results, or the whole list."""
        read = tuple(sorted(self.bapp.read_state.ids))
        self._view_articles(self.query_text, read)

    @work(thread=True, exclusive=True, group="mark-all", exit_on_error=False)
    def _view_articles(self, text: str, read: tuple[int, ...]) -> None:
        store = self.bapp.store
        if text:
            result = store.search(text, limit=None)
            ids = [h.article.id for h in result.articles] if result.kind == "articles" \
                else list(dict.fromkeys(h.claim.article_id for h in result.claims))
        else:
            ids = [row.id for row in store.unread_articles(read, offset=0, limit=-1)[0]]
        self.post_message(ViewArticles(ids))

    @on(ViewArticles)
    def mark_view_read(self, message: ViewArticles) -> None:
        changed = self.bapp.read_state.mark_all(message.article_ids)
        self.show_read_marks()
        if self.unread_only:
            self.query_one(ArticleList).clear_articles()
            self.load_page(0)
        self.notify(f"marked {count(changed, 'article')} read", timeout=2)

    def show_read_marks(self) -> None:
        self.query_one(ArticleList).refresh_all_read()
        results = self.query_one(ResultsList)
        for article_id in results.article_ids:
            results.refresh_read(article_id)
        self._status()

    def load_page(self, offset: int) -> None:
        raise NotImplementedError
