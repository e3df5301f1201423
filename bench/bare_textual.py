"""The reference for the browser's first screen: a bare Textual app that shows one row with a
date, started the same way (tmux, 100x30) and timed until the row shows. What the browser takes
beyond it is its own: the store, the first page, the screens and their widgets."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("date", "title")
        table.add_row("2020-01-01", "a row")


if __name__ == "__main__":
    Bare().run()
