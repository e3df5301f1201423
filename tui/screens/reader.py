"""The reader: one article, its sentences and a side panel of its actors.

`n`/`N` follow the selected actor from mention to mention, on into other articles;
`]`/`[` move to the next/previous article of the list (or of the search results).
The screen that opens the reader says what "next article" means (tui/screens/neighbours.py):
the article list gives its results or its rows; without one the store's order holds.
Under the title: source, date and URL; above the status line: the speaker and cues of the
sentence under the cursor. Opening an article marks it read (`u` toggles).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from db.actor_models import Actor, ActorStats, Mention
from db.claim_models import Claim
from db.models import Article
from db.reading import Reading
from tui.display import shown, shown_date
from tui.messages import ArticleCompleted, ArticleLoaded, MentionFound
from tui.opener import openable
from tui.screens.correcting import correction_bindings
from tui.screens.neighbours import Neighbours
from tui.screens.reader_actions import ReaderActions
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.badges import TYPE_BADGE, term_pattern
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import KeysFooter
from tui.widgets.layout import display_texts
from tui.widgets.reader import ArticleView
from tui.widgets.status import StatusLine


class ReaderScreen(ReaderActions):
    # Short descriptions fit the Footer at 80 columns; the tooltips are what `?` and the
    # command palette show.
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="reader.back",
                tooltip="Back to the list (same row)"),
        Binding("right_square_bracket", "article(1)", "Next", id="reader.next-article",
                tooltip="Next article"),
        Binding("left_square_bracket", "article(-1)", "Prev", show=False,
                id="reader.previous-article", tooltip="Previous article"),
        Binding("n", "mention(1)", "Mention", id="reader.next-mention",
                tooltip="Next mention of the selected actor"),
        Binding("N", "mention(-1)", "Prev mention", show=False, id="reader.previous-mention",
                tooltip="Previous mention of the selected actor"),
        Binding("y", "copy_sentence", "Copy", id="reader.copy-sentence",
                tooltip="Copy the sentence with its citation"),
        Binding("Y", "copy_url", "Copy URL", show=False, id="reader.copy-url",
                tooltip="Copy the article's URL"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="reader.toggle-read",
                tooltip="Mark the article read / unread"),
        Binding("right_curly_bracket", "next_unread", "Next unread", show=False,
                id="reader.next-unread", tooltip="Next unread article"),
        Binding("slash", "find", "Find", id="reader.find",
                tooltip="Find in the article (/ text, enter: next match)"),
        Binding("o", "open_url", "Open URL", show=False, id="reader.open-url",
                tooltip="Open the URL ($BROWSER), else copy it"),
        *correction_bindings(),  # on the side panel's actor, else the selected one
    ]

    def __init__(self, article_id: int, focus: Mention | None = None, *,
                 offset: int | None = None, terms: tuple[str, ...] = (),
                 neighbours: Neighbours | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.neighbours = neighbours  # the opener's list, for ]/[ and the position
        self.article: Article | None = None
        self.focus_mention = focus
        self.focus_offset = offset
        self.terms = terms
        self.current_mention: Mention | None = focus
        # n/N pressed while a jump is under way are counted here, not lost (see action_mention).
        self._pending_steps = 0
        self._jumping = False
        self.position_label = ""
        self.article_label = ""  # "article 12 of 3,406"
        self.speakers: dict[int, Actor] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        yield Static(id="article-meta")
        with Horizontal(id="reader-body"):
            yield ArticleView(id="article-view")
            yield ActorPanel(id="actor-panel")
        bar = FindBar(id="find")
        bar.display = False
        yield bar
        yield Static(id="claim-info")
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load(self.article_id, self.focus_mention, self.focus_offset)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self, article_id: int, focus: Mention | None = None,
             offset: int | None = None) -> None:
        # One read of the body for every text, the mentions kept as columns (db/reading.py):
        # the event loop only lays out the lines and draws those on screen.
        if focus is None and offset is not None:
            focus = Mention(0, article_id, 0, None, offset, offset, "")
        reading = self.store.reading(article_id, focus.start if focus else 0)
        if reading is None:
            self.app.call_from_thread(self.notify, f"no article {article_id}",
                                      severity="error")
            return
        claims = reading.claims
        counts = reading.actor_counts()
        by_id = self.store.actors_by_id([actor_id for actor_id, _ in counts])
        # Speakers are usually mentioned in the article, but not always (an outlet, a
        # speaker resolved from an earlier sentence): fetch the others by id.
        missing = {s for s in claims.speakers if s and s not in by_id}
        speakers = {**by_id, **self.store.actors_by_id(sorted(missing))}
        cursor = 0
        if focus is not None:
            cursor = claims.index_at(focus.start) or 0
        elif self.terms:
            cursor = first_with_terms(reading, self.terms)
        # A long article's side panel waits for its counts (the mentions read next).
        actors = self._stats(counts, by_id) if reading.complete else []
        self.post_message(ArticleLoaded(reading, actors, focus, speakers=speakers,
                                        cursor=cursor, texts=display_texts(reading),
                                        kinds=by_id))
        if not reading.complete:
            reading = self.store.complete_reading(reading)
            counts = reading.actor_counts()
            by_id = {**by_id, **self.store.actors_by_id(
                [actor_id for actor_id, _ in counts if actor_id not in by_id])}
            self.post_message(ArticleCompleted(reading, self._stats(counts, by_id)))

    @staticmethod
    def _stats(counts: list[tuple[int, int]], by_id: dict[int, Actor]) -> list[ActorStats]:
        return [ActorStats(by_id[a], n, 1) for a, n in counts if a in by_id]

    @on(ArticleCompleted)
    def completed(self, message: ArticleCompleted) -> None:
        """The rest of a long article's mentions: highlighted from now on, and counted."""
        if self.article is None or message.reading.article.id != self.article.id:
            return
        actors = {s.actor.id: s.actor for s in message.actors}
        self.query_one(ArticleView).complete(message.reading, actors)
        self.query_one(ActorPanel).show(message.actors)

    @on(ArticleLoaded)
    def show(self, message: ArticleLoaded) -> None:
        article = message.article
        self.article_id = article.id
        self.article = article
        self.speakers = message.speakers
        view = self.query_one(ArticleView)
        view.selected_actor_id = self.bapp.selected_actor_id
        view.type_filter = frozenset(self.bapp.type_filter)
        view.show(message.reading, message.kinds, self.terms, cursor=message.cursor,
                  texts=message.texts)
        self.query_one("#article-title", Static).update(
            Text(shown(article.title), style="bold"))
        self.query_one("#article-meta", Static).update(self._meta_text(article))
        self.query_one(ActorPanel).show(message.actors)
        view.focus()
        self.bapp.read_state.mark(article.id, True)
        self._tell_list(article.id)
        self._find_position()
        self._update_status()

    def _tell_list(self, article_id: int) -> None:
        if self.neighbours is not None:
            self.neighbours.follow(article_id)

    def _meta_text(self, article: Article) -> Text:
        read = "✓ read" if self.bapp.read_state.is_read(article.id) else ""
        url = shown(article.url)
        # The URL is an OSC 8 link, so that a terminal (over SSH too) opens it: http(s) only,
        # and through the display guard (shown), like the text it is drawn with.
        parts = [(shown(article.source), Style()), (shown_date(article.published), Style()),
                 (url, Style(link=url) if openable(url) else Style()), (read, Style())]
        text = Text(style="dim")
        for part, style in (p for p in parts if p[0]):
            if text:
                text.append(" · ")
            text.append(part, style)
        return text

    @on(ArticleView.CursorMoved)
    def cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.query_one("#claim-info", Static).update(self._claim_text(message.claim))

    def _claim_text(self, claim: Claim | None) -> Text:
        """Who says the sentence under the cursor, and why it has its types (the cues)."""
        if claim is None:
            return Text("")
        speaker = self.speakers.get(claim.speaker_id) if claim.speaker_id else None
        text = Text.assemble(("said by ", "dim"),
                             (shown(speaker.name) if speaker else "the article", "bold"))
        if claim.negated:
            text.append(" · negated", "italic")
        for cue in claim.cues:
            text.append(" · ")
            text.append(TYPE_BADGE.get(cue.type, cue.type), "bold")
            text.append(f" “{shown(cue.text, 30)}”")
        cued = {c.type for c in claim.cues}
        for t in claim.types:
            if t not in cued:
                text.append(" · ")
                text.append(TYPE_BADGE.get(t, t), "bold")
        return text

    def _update_status(self) -> None:
        self.query_one(StatusLine).show(self.article_label, self.bapp.actor_label(),
                                        self.store.notice)

    def _find_position(self) -> None:
        """"article 12 of 3,406": in what the list screen shows (the results, or the list as
        far as loaded), else counted by the store."""
        if self.neighbours is not None:
            label = self.neighbours.position(self.article_id)
            if label is not None:
                self.article_label = label
                return
        self.article_label = ""
        self.position_from_store(self.article_id)

    @work(thread=True, exclusive=True, group="article-position", exit_on_error=False)
    def position_from_store(self, article_id: int) -> None:
        n = self.store.article_position(article_id)
        if n is not None:
            label = f"article {n:,} of {self.store.article_count():,}"
            self.app.call_from_thread(self._set_article_label, article_id, label)

    def _set_article_label(self, article_id: int, label: str) -> None:
        if article_id == self.article_id:
            self.article_label = label
            self._update_status()

    def on_screen_resume(self) -> None:
        # The type filter (t, on the claims view) or the selected actor may have changed.
        view = self.query_one(ArticleView)
        view.type_filter = frozenset(self.bapp.type_filter)
        view.selected_actor_id = self.bapp.selected_actor_id
        view.refresh_sentences()
        self._update_status()

    def on_type_filter_changed(self, _message: object) -> None:
        self.on_screen_resume()

    def corrected(self) -> None:
        """The article again, at the same sentence: its mentions and side panel as now."""
        claim = self.query_one(ArticleView).current_claim
        self.current_mention, self.position_label = None, ""
        self.load(self.article_id, None, claim.start if claim else None)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_article(self, step: int) -> None:
        # Next in what the user was looking at: the search results, else the whole list.
        if self.neighbours is not None:
            found = self.neighbours.neighbour(self.article_id, step)
            if found is not None:
                self.current_mention = None
                self.load(found)
                return
        self.neighbour_from_store(step)

    @work(thread=True, exclusive=True, group="article-nav", exit_on_error=False)
    def neighbour_from_store(self, step: int) -> None:
        found = self.store.neighbour_article(self.article_id, step)
        if found is not None:
            self.app.call_from_thread(self.load, found)
        else:
            self.app.call_from_thread(self.notify, "no more articles", timeout=2)

    def action_next_unread(self) -> None:
        self._next_unread(self.article_id, tuple(sorted(self.bapp.read_state.ids)))

    @work(thread=True, exclusive=True, group="article-nav", exit_on_error=False)
    def _next_unread(self, after: int, read: tuple[int, ...]) -> None:
        found = self.store.next_unread(after, read)
        if found is None:
            self.app.call_from_thread(self.notify, "every article is read", timeout=2)
        else:
            self.app.call_from_thread(self._open_other, found)

    def _open_other(self, article_id: int) -> None:
        self.current_mention = None
        self.load(article_id)

    @on(ArticleView.MentionChosen)
    def mention_chosen(self, message: ArticleView.MentionChosen) -> None:
        self.select_actor(message.mention.actor_id, message.mention)

    @on(ActorPanel.Chosen)
    def actor_chosen(self, message: ActorPanel.Chosen) -> None:
        self.select_actor(message.actor_id, None)

    def select_actor(self, actor_id: int, mention: Mention | None) -> None:
        view = self.query_one(ArticleView)
        actor = view.actors.get(actor_id)
        self.bapp.select_actor(actor_id, actor.name if actor else None)
        view.selected_actor_id = actor_id
        view.refresh_sentences()
        self.current_mention = mention
        self.position_label = ""
        if mention is not None:
            self.locate(mention)
        self._update_status()

    @work(thread=True, exclusive=True, group="position", exit_on_error=False)
    def locate(self, mention: Mention) -> None:
        n, total = self.store.mention_position(mention)
        self.app.call_from_thread(self._set_position, n, total)

    def _set_position(self, n: int, total: int) -> None:
        self.position_label = f"mention {n} of {total}"
        self.bapp.actor_position = self.position_label
        self._update_status()

    def action_mention(self, step: int) -> None:
        """n/N. One jump runs at a time and walks every step pressed so far, so that five
        quick presses move five mentions (exclusive workers would keep only the last)."""
        if self.bapp.selected_actor_id is None:
            self.notify("no actor selected: tab or the side panel selects one", timeout=3)
            return
        self._pending_steps += step
        if not self._jumping:
            self._start_jump()

    def _start_jump(self) -> None:
        steps, self._pending_steps = self._pending_steps, 0
        actor_id = self.bapp.selected_actor_id
        if steps == 0 or actor_id is None:
            return
        after = self.current_mention
        if after is None or after.actor_id != actor_id:
            # From the sentence under the cursor: its own mentions count as ahead.
            claim = self.query_one(ArticleView).current_claim
            start = claim.start - (1 if steps > 0 else -1) if claim else -1
            after = Mention(0, self.article_id, actor_id, None, start, start, "")
        self._jumping = True
        self._jump(actor_id, after, steps)

    @work(thread=True, group="mentions", exit_on_error=False)
    def _jump(self, actor_id: int, after: Mention, steps: int) -> None:
        found: Mention | None = None
        position = (0, 0)
        actor = None
        try:
            direction = 1 if steps > 0 else -1
            at = after
            for _ in range(abs(steps)):
                following = self.store.next_mention(actor_id, at, direction)
                if following is None:
                    break
                found = at = following
            position = self.store.mention_position(found) if found else (0, 0)
            actor = self.store.actor(actor_id)
        finally:  # always answer, or n/N would wait for this jump forever
            self.post_message(MentionFound(found, actor, position))

    @on(MentionFound)
    def mention_found(self, message: MentionFound) -> None:
        self._jumping = False
        if self._pending_steps:  # pressed meanwhile: go on from where this one landed
            if message.mention is not None:
                self.current_mention = message.mention
            self._start_jump()
            if self._jumping:
                return
        if message.mention is None:
            self.notify("no further mention", timeout=2)
            return
        self.current_mention = message.mention
        n, total = message.position
        self.position_label = f"mention {n} of {total}"
        if message.actor is not None and self.bapp.selected_actor_name is None:
            self.bapp.select_actor(message.actor.id, message.actor.name)
        self.bapp.actor_position = self.position_label
        if message.mention.article_id != self.article_id:
            self.load(message.mention.article_id, message.mention)
        else:
            self.query_one(ArticleView).go_to_offset(message.mention.start)
            self._update_status()


def first_with_terms(reading: Reading, terms: tuple[str, ...]) -> int:
    """The first sentence where a search term occurs (0 without one): one search of the
    body, not of every sentence."""
    pattern = term_pattern(terms)
    claims = reading.claims
    if pattern is not None:
        for found in pattern.finditer(reading.article.body):
            index = claims.index_at(found.start())
            if index is not None:
                return index
    return 0
