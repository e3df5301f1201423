"""`Home`/`g` and `End`/`G` in the lists: the first row, the last row.

Lists are filled a page at a time, so `End` goes to the last row loaded and, while more rows
exist, follows each page that arrives (asking for it as the cursor nearing the end always
does) up to END_CAP rows: past that, a list that has 100,000 rows says so rather than
holding them all (narrow it with `/`).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

END_CAP = 5000


def end_bindings(prefix: str) -> list[Binding]:
    """The bindings, with ids under the list's own prefix (keys.toml remaps them by id)."""
    return [
        Binding("home,g", "first", "First", show=False, id=f"{prefix}.first",
                tooltip="First row"),
        Binding("end,G", "last", "Last", show=False, id=f"{prefix}.last", tooltip="Last row"),
    ]


class TableEnds(DataTable[Text]):
    """First/last for a paged DataTable: `more_rows()` says whether rows remain unloaded."""

    _to_end = False

    def more_rows(self) -> bool:
        return False

    def action_first(self) -> None:
        self._to_end = False
        if self.row_count:
            self.move_cursor(row=0, animate=False)

    def action_last(self) -> None:
        if not self.row_count:
            return
        self.move_cursor(row=self.row_count - 1, animate=False)
        self._to_end = self.more_rows() and self.row_count < END_CAP
        if self.more_rows() and self.row_count >= END_CAP:
            self.notify(f"the first {self.row_count:,} rows are loaded: narrow the list with /",
                        timeout=3)

    def rows_arrived(self) -> None:
        """Call when a page has been added: `End` pressed before follows it."""
        if self._to_end:
            self._to_end = False
            self.call_after_refresh(self.action_last)

    def action_cursor_up(self) -> None:
        self._to_end = False
        super().action_cursor_up()
