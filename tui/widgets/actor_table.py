"""The actors index table: kind letter, name, country, role, mention and article counts.
Paged: more rows are asked for when the cursor nears the end. Rows are keyed by actor id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from db.models import ActorStats
from db.text import one_line
from tui.widgets.reader import KIND_LETTER

_NAME, _ROLE = 26, 16


class ActorTable(DataTable[Text], can_focus=False):
    """Not focusable: the filter above it keeps the focus, so that letters always type, and
    the screen moves this table's cursor with the arrows."""

    @dataclass
    class Opened(Message):
        actor: ActorStats

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.total = 0
        self._by_key: dict[str, ActorStats] = {}
        self._asked = -1

    def on_mount(self) -> None:
        self.add_column("K", key="kind", width=1)
        self.add_column("Name", key="name", width=_NAME)
        self.add_column("Ctry", key="country", width=4)
        self.add_column("Role", key="role", width=_ROLE)
        self.add_column(Text("Mentions", justify="right"), key="mentions", width=8)
        self.add_column(Text("Articles", justify="right"), key="articles", width=8)

    def show(self, rows: list[ActorStats], offset: int, total: int) -> None:
        """Add a page of actors (offset 0 replaces the rows)."""
        if offset == 0:
            self.clear()
            self._by_key = {}
            self._asked = -1
        self.total = total
        for stats in rows:
            actor, key = stats.actor, str(stats.actor.id)
            if key in self.rows:
                continue
            self._by_key[key] = stats
            self.add_row(
                Text(KIND_LETTER.get(actor.kind, "?"), style="bold"),
                Text(one_line(actor.name, _NAME)),
                Text(actor.country or ""),
                Text(one_line(actor.role or "", _ROLE)),
                Text(str(stats.mentions), justify="right"),
                Text(str(stats.articles), justify="right"),
                key=key,
            )

    @property
    def current(self) -> ActorStats | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self._by_key.get(key or "")

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        if old == new:  # DataTable re-sets the cursor on every add_row: not a move
            return
        near_end = self.cursor_row >= self.row_count - 20
        if near_end and self.row_count < self.total and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.row_count))

    def action_open(self) -> None:
        if (stats := self.current) is not None:
            self.post_message(self.Opened(stats))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a click on a row
        self.action_open()
