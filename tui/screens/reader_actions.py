"""What the reader does besides reading: read state, copying, find in the article, the
article's URL, and which actor the correction keys act on. A mixin of ReaderScreen
(tui/screens/reader.py), whose BINDINGS name these actions, so that each module stays a
screen or so long."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import Static

from db.actor_models import Mention
from db.models import Article
from tui.display import shown
from tui.screens.correcting import Corrects, Target
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.find_bar import FindBar
from tui.widgets.reader import ArticleView


class ReaderActions(Corrects):
    article: Article | None
    article_id: int
    current_mention: Mention | None

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

    # Corrections: the actor under the side panel's cursor where it has the focus, else the
    # selected one (the mention under the sentence cursor, or the one last chosen) ----------

    def correction_target(self) -> Target | None:
        view, panel = self.query_one(ArticleView), self.query_one(ActorPanel)
        actor_id = self.bapp.selected_actor_id
        if panel.has_focus and panel.highlighted is not None:
            option_id = panel.get_option_at_index(panel.highlighted).id
            actor_id = int(option_id) if option_id else actor_id
        actor = view.actors.get(actor_id) if actor_id is not None else None
        if actor is None or view.reading is None:  # not an actor of this article
            return None
        cols, body = view.reading.columns, view.reading.article.body
        forms = [body[s:e] for a, s, e in zip(cols.actor_ids, cols.starts, cols.ends,
                                               strict=True) if a == actor.id]
        mention = self.current_mention
        if mention is not None and mention.actor_id == actor.id:
            forms.insert(0, mention.text)
        return Target(actor, self.article_id, tuple(dict.fromkeys(forms)))


def citation(sentence: str, article: Article) -> str:
    """“Sentence.” — Title, Source, 2024-03-01. URL   (plain text for a report or a note)"""
    parts = [shown(article.title), shown(article.source or ""),
             (article.published or "")[:10]]
    cite = ", ".join(p for p in parts if p)
    url = f" {article.url}" if article.url else ""
    return f"“{shown(sentence)}” — {cite}.{url}"
