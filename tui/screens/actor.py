"""An actor's page: who it is, its mentions over time (a sparkline), every mention in context
(a concordance), the articles that mention it and the actors most often mentioned with it.

Opening the page chooses the actor: it becomes the app's selected actor, the one `n`/`N`
follow in the reader. `enter` on a concordance line reads the article at that mention.
The correction keys act on this actor (tui/screens/correcting.py); merged into another, the
page shows that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Sparkline, Static

from db.actor_models import ActorStats, Mention, MentionInContext
from db.models import ArticleRow
from tui.display import shown
from tui.screens.correcting import Corrects, Target, correction_bindings
from tui.widgets.actor_articles import ActorArticles
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.concordance import Concordance
from tui.widgets.footer import KeysFooter
from tui.widgets.reader import KIND_LETTER
from tui.widgets.status import StatusLine

PAGE = 100
ARTICLES = 200
CO_ACTORS = 20


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def months_between(timeline: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The timeline with the months that have no mention filled in as 0, so that the
    sparkline's x axis is time and a quiet year shows as a gap, not as nothing."""
    # A `published` that is not a date (a file written by anything) has no month: left out.
    timeline = [(m, n) for m, n in timeline if _MONTH.fullmatch(m)]
    if not timeline:
        return []
    counts = dict(timeline)
    year, month = (int(p) for p in timeline[0][0].split("-"))
    last = timeline[-1][0]
    out: list[tuple[str, int]] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class ActorScreen(Corrects):
    FAILED = "could not read the actor"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="actor.back"),
        *correction_bindings(),
    ]

    @dataclass
    class Loaded(Message):
        stats: ActorStats | None
        timeline: list[tuple[str, int]]
        articles: list[ArticleRow]
        co_actors: list[ActorStats]

    @dataclass
    class MentionsLoaded(Message):
        lines: list[MentionInContext]
        offset: int

    @dataclass
    class ReadAt(Message):
        """Where to open the reader: an article at a mention of this actor."""

        article_id: int
        mention: Mention | None

    def __init__(self, actor_id: int) -> None:
        super().__init__()
        self.actor_id = actor_id
        self.stats: ActorStats | None = None
        self.timeline: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="actor-head")
        with Horizontal(id="actor-timeline"):
            yield Static(id="actor-timeline-from")
            yield Sparkline([], id="actor-sparkline")
            yield Static(id="actor-timeline-to")
        concordance = Concordance(id="actor-mentions")
        concordance.border_title = "Mentions"
        yield concordance
        with Horizontal(id="actor-lower"):
            articles = ActorArticles(id="actor-articles")
            articles.border_title = "Articles"
            yield articles
            co_actors = ActorPanel(id="actor-co-actors")
            co_actors.border_title = "Mentioned with"
            yield co_actors
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("loading…")
        self.query_one(Concordance).focus()
        self.load()
        self.load_mentions(0)

    # Loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="actor", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(
            self.store.actor_stats(self.actor_id),
            self.store.mention_timeline(self.actor_id),
            self.store.actor_articles(self.actor_id, limit=ARTICLES),
            self.store.co_actors(self.actor_id, limit=CO_ACTORS),
        ))

    @work(thread=True, exclusive=True, group="actor-mentions", exit_on_error=False)
    def load_mentions(self, offset: int) -> None:
        self.post_message(self.MentionsLoaded(
            self.store.mentions_of(self.actor_id, limit=PAGE, offset=offset), offset))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        stats = message.stats
        if stats is None:
            self.query_one(StatusLine).show(f"no actor {self.actor_id}")
            return
        self.stats = stats
        actor = stats.actor
        # Opening an actor's page chooses it (DESIGN: the selected actor).
        self.bapp.select_actor(actor.id, actor.name)
        self.query_one("#actor-head", Static).update(self._head(stats))
        self._show_timeline(months_between(message.timeline))
        concordance = self.query_one(Concordance)
        concordance.total = stats.mentions
        concordance.border_title = f"Mentions {stats.mentions}"
        articles = self.query_one(ActorArticles)
        articles.show(message.articles)
        count = f"{len(message.articles)} of {stats.articles}" if (
            len(message.articles) < stats.articles) else str(stats.articles)
        articles.border_title = f"Articles {count}"
        co_actors = self.query_one(ActorPanel)
        co_actors.show(message.co_actors)
        if message.co_actors:
            co_actors.highlighted = 0  # so that enter chooses without a first move
        self.query_one(StatusLine).show(
            shown(actor.name), f"{stats.mentions} mentions in {stats.articles} articles")

    def _head(self, stats: ActorStats) -> Text:
        actor = stats.actor
        about = " · ".join(p for p in (actor.kind, actor.country, actor.role) if p)
        head = Text.assemble((f"{KIND_LETTER.get(actor.kind, '?')} ", "bold"),
                             (shown(actor.name), "bold"), "  ", (shown(about), "dim"))
        others = [a for a in actor.aliases if a != actor.name]
        if others:
            head.append("\nalso: ", style="dim")
            head.append(shown(", ".join(others)))
        head.no_wrap, head.overflow = True, "ellipsis"
        return head

    def _show_timeline(self, months: list[tuple[str, int]]) -> None:
        self.timeline = months
        spark = self.query_one(Sparkline)
        start = self.query_one("#actor-timeline-from", Static)
        end = self.query_one("#actor-timeline-to", Static)
        if not months:
            spark.display = False
            start.update(Text("no dated mentions", style="dim"))
            end.update("")
            return
        spark.display = True
        spark.data = [n for _, n in months]
        peak_month, peak = max(months, key=lambda m: m[1])
        start.update(Text(months[0][0], style="dim"))
        end.update(Text.assemble((months[-1][0], "dim"), f" peak {peak} ({peak_month})"))

    @on(MentionsLoaded)
    def show_mentions(self, message: MentionsLoaded) -> None:
        concordance = self.query_one(Concordance)
        total = self.stats.mentions if self.stats else concordance.total
        concordance.show(message.lines, message.offset, max(total, len(message.lines)))

    @on(Concordance.NeedMore)
    def more_mentions(self, message: Concordance.NeedMore) -> None:
        self.load_mentions(message.offset)

    # Opening things ---------------------------------------------------------------------

    @on(Concordance.Opened)
    def read_mention(self, message: Concordance.Opened) -> None:
        self._read(message.line.mention.article_id, message.line.mention)

    @on(ActorArticles.Opened)
    def read_article(self, message: ActorArticles.Opened) -> None:
        self.first_mention_in(message.article_id)

    @work(thread=True, exclusive=True, group="actor-open", exit_on_error=False)
    def first_mention_in(self, article_id: int) -> None:
        # A mention just before the article's start: the next one is its first of this actor.
        before = Mention(0, article_id, self.actor_id, None, -1, -1, "")
        found = self.store.next_mention(self.actor_id, before, 1)
        self.post_message(self.ReadAt(article_id, found if found and
                                      found.article_id == article_id else None))

    @on(ReadAt)
    def read_at(self, message: ReadAt) -> None:
        self._read(message.article_id, message.mention)

    def _read(self, article_id: int, mention: Mention | None) -> None:
        from tui.screens.reader import ReaderScreen

        if self.stats is not None:  # reading from this page follows this actor
            self.bapp.select_actor(self.actor_id, self.stats.actor.name)
        # The page's articles are a sample, not a sequence: ]/[ in the reader move in the
        # article list beneath.
        self.app.push_screen(ReaderScreen(article_id, focus=mention,
                                          neighbours=self.bapp.list_screen))

    @on(ActorPanel.Chosen)
    def open_co_actor(self, message: ActorPanel.Chosen) -> None:
        self.app.push_screen(ActorScreen(message.actor_id))

    def action_back(self) -> None:
        self.app.pop_screen()

    # Corrections --------------------------------------------------------------------------

    def correction_target(self) -> Target | None:
        return Target(self.stats.actor) if self.stats is not None else None

    def corrected(self) -> None:
        """The actor again (or the one it was merged into): counts, timeline, mentions."""
        self.actor_id = self.corrector.follow(self.actor_id) or self.actor_id
        self.load()
        self.load_mentions(0)
