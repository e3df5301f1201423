"""What the reader does besides reading: read state, copying, find in the article and the
article's URL. A mixin of ReaderScreen (tui/screens/reader.py), whose BINDINGS name these
actions, so that each module stays a screen or so long."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import Static

from db.models import Article
from tui.display import shown
from tui.screens.base import BriefingScreen
from tui.widgets.find_bar import FindBar
from tui.widgets.reader import ArticleView


class ReaderActions(BriefingScreen[None]):
    article: Article | None
    article_id: int

    def _meta_text(self, article: Article) -> Text:
        raise NotImplementedError

    def _tell_list(self, article_id: int) -> None:
        raise NotImplementedError

    # Read state and copying ------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        read = self.bapp.read_state.toggle(self.article_id)
        if self.article is not None:
            self.query_one("#article-meta", Static).update(self._meta_text(self.article))
        self._tell_list(self.article_id)
        self.notify("marked read" if read else "marked unread", timeout=1.5)

    def action_copy_sentence(self) -> None:
        claim = self.query_one(ArticleView).current_claim
        if claim is None or self.article is None:
            return
        self.bapp.copy_text(citation(claim.text, self.article), "sentence and citation")

    # Find and the URL ----------------------------------------------------------------------

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        bar.display = True
        bar.focus()

    @on(FindBar.Changed)
    def find_typed(self, event: FindBar.Changed) -> None:
        self._find(event.value, 0)

    @on(FindBar.Submitted)
    def find_next(self, event: FindBar.Submitted) -> None:
        self._find(event.value, 1)

    def _find(self, text: str, step: int) -> None:
        if self.query_one(ArticleView).find(text, step) is False:
            self.notify(f"not in this article: {shown(text, 40)}", timeout=2, markup=False)

    @on(FindBar.Closed)
    def find_closed(self, _message: FindBar.Closed) -> None:
        bar = self.query_one(FindBar)
        bar.display = False
        self.query_one(ArticleView).focus()

    def action_open_url(self) -> None:
        if self.article is not None:
            self.bapp.open_article_url(self.article)

    def action_copy_url(self) -> None:
        if self.article is not None:
            self.bapp.copy_url(self.article)


def citation(sentence: str, article: Article) -> str:
    """“Sentence.” — Title, Source, 2024-03-01. URL   (plain text for a report or a note)"""
    parts = [shown(article.title), shown(article.source or ""),
             (article.published or "")[:10]]
    cite = ", ".join(p for p in parts if p)
    url = f" {article.url}" if article.url else ""
    return f"“{shown(sentence)}” — {cite}.{url}"
