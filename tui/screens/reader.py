"""The reader: one article, its sentences and a side panel of its actors.

`n`/`N` follow the selected actor from mention to mention, on into other articles;
`]`/`[` move to the next/previous article of the list.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from db.models import Mention
from db.text import one_line
from tui.messages import ArticleLoaded, MentionFound
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.reader import ArticleView
from tui.widgets.status import StatusLine


class ReaderScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="reader.back"),
        Binding("right_square_bracket", "article(1)", "Next article", id="reader.next-article"),
        Binding("left_square_bracket", "article(-1)", "Prev article",
                id="reader.previous-article"),
        Binding("n", "mention(1)", "Next mention", id="reader.next-mention"),
        Binding("N", "mention(-1)", "Prev mention", id="reader.previous-mention"),
    ]

    def __init__(self, article_id: int, focus: Mention | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.focus_mention = focus
        self.current_mention: Mention | None = focus
        self.position_label = ""

    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        with Horizontal(id="reader-body"):
            yield ArticleView(id="article-view")
            yield ActorPanel(id="actor-panel")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.load(self.article_id, self.focus_mention)

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.store  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="article")
    def load(self, article_id: int, focus: Mention | None = None) -> None:
        article = self.store.article(article_id)
        if article is None:
            return
        self.post_message(ArticleLoaded(
            article, self.store.article_claims(article_id),
            self.store.article_mentions(article_id), self.store.article_actors(article_id),
            focus,
        ))

    @on(ArticleLoaded)
    def show(self, message: ArticleLoaded) -> None:
        article = message.article
        self.article_id = article.id
        view = self.query_one(ArticleView)
        view.selected_actor_id = self.app.selected_actor_id  # type: ignore[attr-defined]
        view.show(article, message.claims, message.mentions,
                  {s.actor.id: s.actor for s in message.actors})
        self.query_one("#article-title", Static).update(self._title_text(article))
        self.query_one(ActorPanel).show(message.actors)
        if message.focus is not None:
            view.go_to_offset(message.focus.start)
        view.focus()
        self._update_status()
        from tui.screens.articles import ArticlesScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ArticlesScreen):
                screen.follow(article.id)

    def _title_text(self, article):  # type: ignore[no-untyped-def]
        from rich.text import Text

        meta = " · ".join(p for p in (article.source, (article.published or "")[:10]) if p)
        return Text.assemble((one_line(article.title), "bold"), ("  " + one_line(meta), "dim"))

    def _update_status(self) -> None:
        actor_id = self.app.selected_actor_id  # type: ignore[attr-defined]
        actor = self.query_one(ArticleView).actors.get(actor_id) if actor_id else None
        name = actor.name if actor else self.app.selected_actor_name  # type: ignore[attr-defined]
        label = f"{name} · {self.position_label}" if name and self.position_label else name
        self.query_one(StatusLine).show(f"article {self.article_id}", label)

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(thread=True, exclusive=True, group="article-nav")
    def action_article(self, step: int) -> None:
        found = self.store.neighbour_article(self.article_id, step)
        if found is not None:
            self.app.call_from_thread(self.load, found)
        else:
            self.app.call_from_thread(self.notify, "no more articles", timeout=2)

    @on(ArticleView.MentionChosen)
    def mention_chosen(self, message: ArticleView.MentionChosen) -> None:
        self.select_actor(message.mention.actor_id, message.mention)

    @on(ActorPanel.Chosen)
    def actor_chosen(self, message: ActorPanel.Chosen) -> None:
        self.select_actor(message.actor_id, None)

    def select_actor(self, actor_id: int, mention: Mention | None) -> None:
        view = self.query_one(ArticleView)
        actor = view.actors.get(actor_id)
        self.app.select_actor(actor_id, actor.name if actor else None)  # type: ignore[attr-defined]
        view.selected_actor_id = actor_id
        view.refresh_sentences()
        self.current_mention = mention
        self.position_label = ""
        if mention is not None:
            self.locate(mention)
        self._update_status()

    @work(thread=True, exclusive=True, group="position")
    def locate(self, mention: Mention) -> None:
        n, total = self.store.mention_position(mention)
        self.app.call_from_thread(self._set_position, n, total)

    def _set_position(self, n: int, total: int) -> None:
        self.position_label = f"mention {n} of {total}"
        self._update_status()

    @work(thread=True, exclusive=True, group="mentions")
    def action_mention(self, step: int) -> None:
        actor_id = self.app.selected_actor_id  # type: ignore[attr-defined]
        if actor_id is None:
            self.app.call_from_thread(
                self.notify, "no actor selected: tab or the side panel selects one", timeout=3)
            return
        after = self.current_mention
        if after is None or after.actor_id != actor_id:
            claim = self.query_one(ArticleView).current_claim
            start = claim.start - (1 if step > 0 else -1) if claim else -1
            after = Mention(0, self.article_id, actor_id, None, start, start, "")
        found = self.store.next_mention(actor_id, after, step)
        position = self.store.mention_position(found) if found else (0, 0)
        actor = self.store.actor(actor_id)
        self.post_message(MentionFound(found, actor, position))

    @on(MentionFound)
    def mention_found(self, message: MentionFound) -> None:
        if message.mention is None:
            self.notify("no further mention", timeout=2)
            return
        self.current_mention = message.mention
        n, total = message.position
        self.position_label = f"mention {n} of {total}"
        if message.mention.article_id != self.article_id:
            self.load(message.mention.article_id, message.mention)
        else:
            self.query_one(ArticleView).go_to_offset(message.mention.start)
            self._update_status()
