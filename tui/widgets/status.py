"""The status line: where you are, the selected actor and its position."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.display import shown


class StatusLine(Static):
    def show(self, *parts: str | None) -> None:
        self.update(Text(" · ".join(shown(p) for p in parts if p)))
