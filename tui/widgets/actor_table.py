"""The actors index table: kind letter, name, country, role, mention and article counts.
Paged: more rows are asked for when the cursor nears the end. Rows are keyed by actor id.
Where it has the focus (`tab` from the filter), `→`/`←` change the kind shown."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from db.actor_models import ActorStats
from tui.display import shown, shown_text
from tui.widgets.paged_table import PagedTable
from tui.widgets.reader import KIND_LETTER

_NAME, _ROLE = 26, 16


class ActorTable(PagedTable[ActorStats]):
    """The filter above it has the focus, so that letters type, and the screen moves this
    table's cursor with the arrows; `tab` gives it the focus, for the correction keys."""

    BINDINGS = [
        # The kinds line reads as tabs, left to right. (The screen's action: the kind is the
        # filter's, and the table has no column cursor that the arrows would move.)
        Binding("right", "screen.kind(1)", "Next kind", id="actors.next-kind"),
        Binding("left", "screen.kind(-1)", "Prev kind", show=False, id="actors.previous-kind"),
    ]

    @dataclass
    class Opened(Message):
        actor: ActorStats

    @dataclass
    class NeedMore(Message):
        offset: int

    def on_mount(self) -> None:
        # Names and roles share what is left of a wide screen (the counts stay narrow).
        extra = max(0, (self.size.width or self.app.size.width) - 80)
        self._name_width, self._role_width = _NAME + extra // 2, _ROLE + extra // 3
        self.add_column("K", key="kind", width=1)
        self.add_column("Name", key="name", width=self._name_width)
        self.add_column("Ctry", key="country", width=4)
        self.add_column("Role", key="role", width=self._role_width)
        self.add_column(Text("Mentions", justify="right"), key="mentions", width=8)
        self.add_column(Text("Articles", justify="right"), key="articles", width=8)

    def show(self, rows: list[ActorStats], offset: int, total: int) -> None:
        """Add a page of actors (offset 0 replaces the rows)."""
        if offset == 0:
            self.reset()
        self.total = total
        for stats in rows:
            actor = stats.actor
            self.add_item(
                str(actor.id), stats,
                Text(KIND_LETTER.get(actor.kind, "?"), style="bold"),
                Text(shown(actor.name, self._name_width)),
                shown_text(actor.country),
                Text(shown(actor.role or "", self._role_width)),
                Text(str(stats.mentions), justify="right"),
                Text(str(stats.articles), justify="right"),
            )
