"""The side panel: the article's actors, most mentioned first, with a kind letter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from db.actor_models import ActorStats
from tui.display import shown
from tui.widgets.list_keys import end_bindings
from tui.widgets.reader import KIND_LETTER


class ActorPanel(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="actors-panel.down"),
        Binding("k", "cursor_up", "Up", show=False, id="actors-panel.up"),
        *end_bindings("actors-panel"),
    ]

    @dataclass
    class Chosen(Message):
        actor_id: int

    def show(self, actors: list[ActorStats]) -> None:
        self.clear_options()
        self.add_options(
            Option(
                Text.assemble((f"{KIND_LETTER.get(s.actor.kind, '?')} ", "dim"),
                              shown(s.actor.name, 20), (f" {s.mentions}", "dim"),
                              no_wrap=True, overflow="ellipsis"),
                id=str(s.actor.id),
            )
            for s in actors
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(int(event.option.id)))
