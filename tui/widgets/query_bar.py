"""The query bar: an Input that reports what was typed after a short pause (debounced), so
that a fast typist does not start a query per key."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from db.query import FILTERS, has_open_quote
from tui.query_history import QueryHistory

DEBOUNCE = 0.15  # seconds: below typing speed, above the time of one FTS5 query


class QueryBar(Input):
    """`↑` when the bar is empty or shows a history entry: the query before (DECISIONS.md:
    `↓` keeps its meaning, to the results). `→` or `end` takes a completion."""

    BINDINGS = [
        Binding("down", "leave", "To results", show=False, id="query.to-results"),
        Binding("up", "history", "Earlier query", show=False, id="query.history",
                tooltip="The query before (when the bar is empty or shows one)"),
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

    def __init__(self, history: QueryHistory | None = None, **kwargs: object) -> None:
        # The filters from the query parser's own list, so that the hint cannot fall behind.
        super().__init__(placeholder='words "phrases" -word ' + " ".join(f"{f}:" for f in FILTERS),
                         **kwargs)  # type: ignore[arg-type]
        self._timer: Timer | None = None
        self.settled = ""
        self.history = history

    def action_history(self) -> None:
        if self.history is None:
            return
        if self.value.strip() and self.value not in self.history.entries:
            return  # the user's own text: ↑ does not replace it
        earlier = self.history.before(self.value)
        if earlier is not None:
            self.value = earlier
            self.cursor_position = len(earlier)

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

    def settle(self) -> None:
        """Report the text now, not after the pause: the user left the bar (enter, ↓,
        escape), and what is next (`c`, a saved view) must see the query the bar shows."""
        if self._timer is not None:
            self._timer.stop()
        self._settle()

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
        self.action_leave()

    def action_leave(self) -> None:
        self.settle()
        if self.history is not None:
            self.history.add(self.value)
        self.post_message(self.Left(self))
