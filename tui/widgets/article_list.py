"""The article list: title, source, date and number of actors; paged, never all in memory."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from db.models import ArticleRow
from db.text import one_line


class ArticleList(DataTable[Text]):
    """Rows are keyed by article id; more rows are asked for when the cursor nears the end."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("enter", "open", "Open", id="list.open"),
    ]

    @dataclass
    class Opened(Message):
        article_id: int

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.total = 0
        self._asked = -1

    def on_mount(self) -> None:
        self.add_column("Title", key="title")
        self.add_column("Source", key="source", width=18)
        self.add_column("Date", key="date", width=10)
        self.add_column("Actors", key="actors", width=6)

    def add_articles(self, rows: list[ArticleRow], total: int) -> None:
        self.total = total
        for row in rows:
            if str(row.id) in self.rows:
                continue
            self.add_row(
                Text(one_line(row.title)),
                Text(one_line(row.source or "", 18)),
                Text((row.published or "")[:10]),
                Text(str(row.n_actors), justify="right"),
                key=str(row.id),
            )

    def clear_articles(self) -> None:
        self.clear()
        self._asked = -1

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def select_id(self, article_id: int) -> None:
        try:
            self.move_cursor(row=self.get_row_index(str(article_id)))
        except Exception:  # the row is not loaded (yet): stay where we are
            pass

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        near_end = self.cursor_row >= self.row_count - 20
        if near_end and self.row_count < self.total and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.row_count))

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()
