"""Unread articles on the article list: `U` lists only them, `}` reads the next one. A mixin
of ArticlesScreen (tui/screens/articles.py), whose BINDINGS name these actions. The read ids
are the user's (tui/readstate.py), copied on the event loop and given to the store."""

from __future__ import annotations

from textual import work

from tui.screens.base import BriefingScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.results import Target


class UnreadActions(BriefingScreen[None]):
    unread_only: bool

    def load_page(self, offset: int) -> None:
        raise NotImplementedError

    def open(self, target: Target) -> None:
        raise NotImplementedError

    def _current_article(self) -> int | None:
        raise NotImplementedError

    def action_unread_only(self) -> None:
        """U: the list of unread articles only, or all of them again."""
        self.unread_only = not self.unread_only
        self.query_one(ArticleList).clear_articles()
        self.load_page(0)
        self.notify("unread articles only" if self.unread_only else "every article",
                    timeout=1.5)

    def action_next_unread(self) -> None:
        """}: read the next unread article below the cursor."""
        current = self._current_article()
        self._next_unread(current, tuple(sorted(self.bapp.read_state.ids)))

    @work(thread=True, exclusive=True, group="next-unread", exit_on_error=False)
    def _next_unread(self, after: int | None, read: tuple[int, ...]) -> None:
        store = self.store
        found = store.next_unread(after, read) if after is not None else \
            next((r.id for r in store.unread_articles(read, 0, 1)[0]), None)
        if found is None:
            self.app.call_from_thread(self.notify, "every article is read", timeout=2)
        else:
            self.app.call_from_thread(self.open, Target(found, None, ()))
