"""The status line: where you are, the selected actor and its position; first, the outcome
of the last correction made on this screen (kept while the screen updates the rest); and, on
every screen, what the app is doing meanwhile (a refresh's progress, tui/live.py)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.display import shown


class StatusLine(Static):
    note: str | None = None
    _parts: tuple[str | None, ...] = ()

    def show(self, *parts: str | None) -> None:
        self._parts = parts
        self.redraw()

    def redraw(self) -> None:
        """Draw again, with the app's live label as it is now (a refresh said more)."""
        self.update(Text(self.text))

    def tell(self, note: str | None) -> None:
        """Say what a correction did (or why not), before the other parts."""
        self.note = note
        self.redraw()

    @property
    def text(self) -> str:
        """What the line says (for tests, and for reading it back)."""
        live = getattr(self.app, "live_label", None)
        return " · ".join(shown(p) for p in (self.note, *self._parts, live) if p)
