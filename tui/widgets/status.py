"""The status line: where you are, the selected actor and its position."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from db.text import one_line


class StatusLine(Static):
    def show(self, *parts: str | None) -> None:
        self.update(Text(" · ".join(one_line(p) for p in parts if p)))
