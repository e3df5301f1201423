"""The status line: where you are, the selected actor and its position; and, first, the
outcome of the last correction made on this screen (kept while the screen updates the rest)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.display import shown


class StatusLine(Static):
    note: str | None = None
    _parts: tuple[str | None, ...] = ()

    def show(self, *parts: str | None) -> None:
        self._parts = parts
        self.update(Text(" · ".join(shown(p) for p in (self.note, *parts) if p)))

    def tell(self, note: str | None) -> None:
        """Say what a correction did (or why not), before the other parts."""
        self.note = note
        self.show(*self._parts)

    @property
    def text(self) -> str:
        """What the line says (for tests, and for reading it back)."""
        return " · ".join(shown(p) for p in (self.note, *self._parts) if p)
