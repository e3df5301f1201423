"""The reader's find bar (`/`): text to find in the article. Typing moves the sentence cursor
to the first match from the cursor on, `enter` to the next one (and round to the top), and
`escape` closes the bar with the cursor where the last match was. `n`/`N` stay with
mentions; `shift+enter` is not used (it arrives as `enter` over tmux and SSH)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    BINDINGS = [
        Binding("escape", "close", "Close", show=False, id="find.close",
                tooltip="Close the find bar (the cursor stays on the match)"),
    ]

    @dataclass
    class Closed(Message):
        find_bar: FindBar

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder="find in the article · enter: next match · escape: close",
                         **kwargs)  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.post_message(self.Closed(self))
