"""The query bar: an Input that reports what was typed after a short pause (debounced), so
that a fast typist does not start a query per key."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from db.query import has_open_quote

DEBOUNCE = 0.15  # seconds: below typing speed, above the time of one FTS5 query


class QueryBar(Input):
    BINDINGS = [
        Binding("down", "leave", "To results", show=False, id="query.to-results"),
    ]

    @dataclass
    class Settled(Message):
        """The text settled (or enter was pressed)."""

        query_bar: QueryBar
        value: str

    @dataclass
    class Left(Message):
        """The user wants the results (enter, ↓ or escape)."""

        query_bar: QueryBar

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder='words "phrases" -word actor: country: type: speaker: '
                         "source: since: until:", **kwargs)  # type: ignore[arg-type]
        self._timer: Timer | None = None
        self.settled = ""

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_open_quote()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._settle)

    def _show_open_quote(self) -> None:
        """An unclosed quote is matched literally to the end: the bar says so as you type,
        before the search's own hint comes back (app.tcss styles `-open-quote`)."""
        is_open = has_open_quote(self.value)
        self.set_class(is_open, "-open-quote")
        self.tooltip = 'quote open: the rest is one phrase; close it with "' if is_open else None

    def _settle(self) -> None:
        self._timer = None
        if self.value != self.settled:
            self.settled = self.value
            self.post_message(self.Settled(self, self.value))

    def set_query(self, value: str) -> None:
        """Set the text and report it at once (a saved view, a view from the command line)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        with self.prevent(Input.Changed):
            self.value = value
        self._show_open_quote()
        self.cursor_position = len(value)
        self.settled = value
        self.post_message(self.Settled(self, value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._settle()
        self.post_message(self.Left(self))

    def action_leave(self) -> None:
        self._settle()
        self.post_message(self.Left(self))
