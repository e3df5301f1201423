"""The status line: where you are, the selected actor and its position; and, on every screen,
what the app is doing meanwhile (a refresh's progress, tui/live.py)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.display import shown


class StatusLine(Static):
    _parts: tuple[str | None, ...] = ()

    def show(self, *parts: str | None) -> None:
        self._parts = parts
        self.redraw()

    def redraw(self) -> None:
        """Draw again, with the app's live label as it is now (a refresh said more)."""
        live = getattr(self.app, "live_label", None)
        self.update(Text(" · ".join(shown(p) for p in (*self._parts, live) if p)))
