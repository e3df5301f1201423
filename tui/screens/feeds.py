"""The feeds screen (`f`): every subscription with its tags, unread count and last status.

`enter` shows a feed's articles on the article list (the query `feed:"NAME"`); `/` filters
the feeds by tag or name, and `enter` there on a whole tag shows that tag's articles
(`tag:"TAG"`); `A` marks a feed's articles read. Counts are the store's (`Store.feeds`, with
the user's read ids), read in a thread worker, again when a writer commits (tui/live.py) and
when the screen comes back from the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from db.feeds import Feed
from tui.display import count, shown
from tui.live import DatabaseChanged
from tui.screens.base import BriefingScreen
from tui.widgets.feed_table import FeedTable, is_failure
from tui.widgets.footer import KeysFooter
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    pass

HINT = "R refreshes"  # the footer has room for the screen's own keys only


def quoted(value: str) -> str:
    """A value for `feed:"…"`: the query language has no escape for a quote inside one."""
    return '"' + value.replace('"', " ") + '"'


def matches(feed: Feed, text: str) -> bool:
    """The filter: a tag that starts with it, or a name that holds it (any case)."""
    text = text.strip().lstrip("#").casefold()
    return not text or text in feed.name.casefold() or any(
        t.casefold().startswith(text) for t in feed.tags)


class FeedsScreen(BriefingScreen[None]):
    FAILED = "could not read the feeds"
    AUTO_FOCUS = "FeedTable"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="feeds.back",
                tooltip="Out of the filter; else back"),
        Binding("slash", "filter", "Tag", id="feeds.filter",
                tooltip="Filter the feeds by tag or name"),
        Binding("A", "mark_read", "Mark read", id="feeds.mark-read",
                tooltip="Mark the feed's articles read"),
    ]

    @dataclass
    class Loaded(Message):
        feeds: list[Feed]

    @dataclass
    class Marked(Message):
        feed: Feed
        article_ids: list[int]

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[Feed] = []
        self.filter_text = ""


    def compose(self) -> ComposeResult:
        bar = Input(placeholder="filter: a tag or a name; enter on a tag shows its articles",
                    id="feeds-filter")
        bar.display = False  # until `/`, so that letters are keys
        yield bar
        yield Static(id="feeds-tags")
        yield FeedTable(id="feeds-table")
        empty = Static("No feeds yet. Subscribe from a shell:\n\n"
                       "  briefing feeds add URL [--name NAME] [--tag TAG]\n"
                       "  briefing feeds import FILE.opml\n\nthen press R here.",
                       id="feeds-empty")
        empty.display = False
        yield empty
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("loading…")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # back from the articles: some are read now

    @on(DatabaseChanged)
    def database_changed(self, _message: DatabaseChanged) -> None:
        self.load()

    def load(self) -> None:
        # The read ids are copied here, on the event loop (the reader may add to them).
        self._load(tuple(sorted(self.bapp.read_state.ids)))

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def _load(self, read: tuple[int, ...]) -> None:
        self.post_message(self.Loaded(self.bapp.store.feeds(read=read)))

    @on(Loaded)
    def show_feeds(self, message: Loaded) -> None:
        self.feeds = message.feeds
        self._show()

    def _show(self) -> None:
        shown_feeds = [f for f in self.feeds if matches(f, self.filter_text)]
        self.query_one(FeedTable).show(shown_feeds)
        self.query_one("#feeds-empty", Static).display = not self.feeds
        self.query_one(FeedTable).display = bool(self.feeds)
        self.query_one("#feeds-tags", Static).update(self._tags_line())
        unread = sum(f.unread for f in shown_feeds)
        failing = sum(1 for f in shown_feeds if is_failure(f.last_status))
        what = count(len(shown_feeds), "feed")
        if self.filter_text:
            what += f" of {len(self.feeds):,}"
        self.query_one(StatusLine).show(
            what, f"{unread:,} unread", f"{failing} failing" if failing else None, HINT)

    def _tags_line(self) -> Text:
        """Every tag with its number of feeds: what `/` can filter by."""
        tags: dict[str, int] = {}
        for feed in self.feeds:
            for tag in feed.tags:
                tags[tag] = tags.get(tag, 0) + 1
        line = Text("tags: " if tags else "", style="dim", no_wrap=True, overflow="ellipsis")
        for tag, n in sorted(tags.items(), key=lambda t: (-t[1], t[0].casefold())):
            line.append(f"#{shown(tag)} {n}  ", style="bold" if self.filter_text
                        and tag.casefold() == self.filter_text.strip().lstrip("#").casefold()
                        else "")
        return line

    # Keys ----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        bar = self.query_one(Input)
        bar.display = True
        bar.focus()

    @on(Input.Changed, "#feeds-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._show()

    @on(Input.Submitted, "#feeds-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().lstrip("#")
        tag = next((t for f in self.feeds for t in f.tags if t.casefold() == text.casefold()),
                   None)
        if tag is not None:
            self.show_articles(f"tag:{quoted(tag)}")
        else:
            self.query_one(FeedTable).focus()

    def action_back(self) -> None:
        bar = self.query_one(Input)
        if bar.has_focus:
            if not bar.value:
                bar.display = False
            self.query_one(FeedTable).focus()
        else:
            self.app.pop_screen()

    @on(FeedTable.Opened)
    def open_feed(self, message: FeedTable.Opened) -> None:
        self.show_articles(f"feed:{quoted(message.feed.name)}")

    def show_articles(self, query: str) -> None:
        """The article list, showing the query's results (back with escape, as ever)."""
        from tui.screens.articles import ArticlesScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ArticlesScreen):
                while self.app.screen is not screen and len(self.app.screen_stack) > 1:
                    self.app.pop_screen()
                screen.apply_query(query)
                return

    def action_mark_read(self) -> None:
        feed = self.query_one(FeedTable).current
        if feed is not None:
            self._feed_articles(feed)

    @work(thread=True, exclusive=True, group="feeds-mark", exit_on_error=False)
    def _feed_articles(self, feed: Feed) -> None:
        result = self.bapp.store.search(f"feed:{quoted(feed.name)}", limit=None)
        self.post_message(self.Marked(feed, [hit.article.id for hit in result.articles]))

    @on(Marked)
    def marked(self, message: Marked) -> None:
        changed = self.bapp.read_state.mark_all(message.article_ids)
        self.notify(shown(f"{message.feed.name}: marked {count(changed, 'article')} read"),
                    timeout=2, markup=False)
        self.load()
