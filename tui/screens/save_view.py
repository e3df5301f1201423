"""A small dialog: the name under which to save the current query."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.display import shown
from tui.screens.base import BriefingModal


class SaveViewScreen(BriefingModal[str | None]):
    """Returns the name, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save-view.cancel")]

    def __init__(self, query: str, existing: list[str]) -> None:
        super().__init__()
        self.query_text = query
        self.existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(id="save-view-box"):
            yield Static(Text("Save view", style="bold"))
            yield Static(Text(shown(self.query_text, 60), style="dim"))
            yield Input(placeholder="name (enter saves, escape cancels)", id="view-name")
            yield Static(id="save-view-hint")

    @on(Input.Changed)
    def _hint(self, event: Input.Changed) -> None:
        name = event.value.strip()
        hint = f"replaces the view '{shown(name)}'" if name in self.existing else ""
        self.query_one("#save-view-hint", Static).update(Text(hint, style="italic"))

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
