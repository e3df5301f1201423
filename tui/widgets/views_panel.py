"""The side panel of saved views: enter applies one, `d` deletes it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.display import shown
from tui.widgets.list_keys import end_bindings


class ViewsPanel(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="views.down"),
        Binding("k", "cursor_up", "Up", show=False, id="views.up"),
        *end_bindings("views"),
        Binding("d,delete", "delete_view", "Delete view", id="views.delete"),
    ]

    @dataclass
    class Chosen(Message):
        name: str

    @dataclass
    class Deleted(Message):
        name: str

    def show(self, views: dict[str, str], names: list[str]) -> None:
        self.clear_options()
        self.border_title = "Views"
        if not names:
            self.add_option(Option(Text("no saved views: / then s", style="dim"), disabled=True))
        for name in names:
            prompt = Text.assemble((shown(name, 24), "bold"), "\n",
                                   (shown(views[name], 26), "dim"))
            self.add_option(Option(prompt, id=name))
        if names:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))

    def action_delete_view(self) -> None:
        if self.highlighted is None:
            return
        name = self.get_option_at_index(self.highlighted).id
        if name is not None:
            self.post_message(self.Deleted(name))
