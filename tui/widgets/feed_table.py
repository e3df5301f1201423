"""The feeds table: name, tags, unread of all articles, last status and when it was fetched.

Rows are keyed by feed id, so that a reload (a refresh committed, an article was read) keeps
the cursor on the same feed. Every value is plain text: a feed's name and its status come
from the network.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from db.feeds import Feed
from tui.display import shown
from tui.widgets.list_keys import TableEnds, end_bindings

FAILED = Style(bold=True)  # a failing feed is bold *and* says so: colour is not the only sign


def tags_label(tags: tuple[str, ...]) -> str:
    return " ".join(f"#{t}" for t in tags)


def fetched_label(value: str | None) -> str:
    """`2026-12-01T23:50:12+00:00` as `12-01 23:50` (UTC, as stored); never fetched: `never`."""
    if not value:
        return "never"
    return f"{value[5:10]} {value[11:16]}".strip()


def is_failure(status: str | None) -> bool:
    return bool(status) and str(status).startswith("error")


class FeedTable(TableEnds):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="feeds-list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="feeds-list.up"),
        Binding("enter", "open", "Articles", id="feeds-list.open",
                tooltip="The feed's articles"),
        *end_bindings("feeds-list"),
    ]

    @dataclass
    class Opened(Message):
        feed: Feed

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.feeds: dict[str, Feed] = {}

    def on_mount(self) -> None:
        self.add_column("Feed", key="name", width=24)
        self.add_column("Tags", key="tags", width=12)
        self.add_column(Text("Unread", justify="right"), key="unread", width=11)  # 3,000/3,000
        self.add_column("Status", key="status", width=12)
        self.add_column("Fetched", key="fetched", width=11)

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        if not width:
            return
        fixed = 12 + 11 + 12 + 11 + 2 * self.cell_padding * 5 + self.styles.scrollbar_size_vertical
        self.columns[ColumnKey("name")].width = max(12, width - fixed)
        # As in the article list: DataTable has no public resize (textual is pinned).
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

    def show(self, feeds: list[Feed]) -> None:
        """Every feed again, the cursor kept on the feed it was on."""
        current = self.current
        self.clear()
        self.feeds = {}
        for feed in feeds:
            key = str(feed.id)
            self.feeds[key] = feed
            self.add_row(*self._cells(feed), key=key)
        if current is not None:
            with suppress(RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(str(current.id)), animate=False)

    @staticmethod
    def _cells(feed: Feed) -> tuple[Text, ...]:
        failed = is_failure(feed.last_status)
        unread = f"{feed.unread:,}/{feed.articles:,}"
        return (
            Text(shown(feed.name), style=Style(bold=feed.unread > 0), no_wrap=True,
                 overflow="ellipsis"),
            Text(shown(tags_label(feed.tags)), style="dim", no_wrap=True, overflow="ellipsis"),
            Text(unread, justify="right"),
            Text(shown(feed.last_status or "not yet"), style=FAILED if failed else "",
                 no_wrap=True, overflow="ellipsis"),
            Text(shown(fetched_label(feed.last_fetched)), style="dim"),
        )

    @property
    def current(self) -> Feed | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.feeds.get(key or "")

    def action_open(self) -> None:
        if (feed := self.current) is not None:
            self.post_message(self.Opened(feed))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()
