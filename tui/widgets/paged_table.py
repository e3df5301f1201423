"""A table filled a page at a time: the base of the actors index, the concordance and the
claims table (the article list predates it and keeps its own).

Rows are keyed by the item's id; `current` is the item under the cursor. When the cursor
nears the end and more rows exist, the table posts its `NeedMore(offset)`; `enter` or a click
posts its `Opened(item)`. Each subclass declares those two messages itself, so that screens
handle them by name (`on_actor_table_opened`) and can tell two tables apart.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.widgets.list_keys import TableEnds

T = TypeVar("T")

NEAR_END = 20  # rows before the end at which the next page is asked for


class PagedTable(TableEnds, Generic[T]):
    NeedMore: type[Message]
    Opened: type[Message]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.total = 0  # rows that exist, when known
        self.complete = False  # or: the last page has arrived
        self.by_key: dict[str, T] = {}
        self._asked = -1

    def reset(self) -> None:
        """Forget every row (a new first page is coming)."""
        self.clear()
        self.by_key = {}
        self._asked = -1

    def add_item(self, key: str, item: T, *cells: Text) -> None:
        if key in self.rows:
            return
        self.by_key[key] = item
        self.add_row(*cells, key=key)

    @property
    def current(self) -> T | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.by_key.get(key or "")

    @property
    def has_more(self) -> bool:
        return not self.complete and self.row_count < self.total

    def more_rows(self) -> bool:
        return self.has_more

    def cursor_moved(self) -> None:
        """Called when the cursor really moves (a hook for subclasses)."""

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if old == new:  # DataTable re-sets the cursor on every add_row: not a move
            return
        self.cursor_moved()
        near_end = self.cursor_row >= self.row_count - NEAR_END
        if near_end and self.has_more and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.row_count))  # type: ignore[call-arg]

    def action_open(self) -> None:
        if (item := self.current) is not None:
            self.post_message(self.Opened(item))  # type: ignore[call-arg]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a click on a row, or enter where the table has the focus
        self.action_open()
