"""The articles that mention an actor, newest first: date and title, one line each."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from db.models import ArticleRow
from tui.display import shown, shown_date
from tui.widgets.list_keys import end_bindings


class ActorArticles(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="actor-articles.down"),
        Binding("k", "cursor_up", "Up", show=False, id="actor-articles.up"),
        *end_bindings("actor-articles"),
    ]

    @dataclass
    class Opened(Message):
        article_id: int

    def show(self, rows: list[ArticleRow]) -> None:
        self.clear_options()
        self.add_options(
            Option(Text.assemble((shown_date(row.published) + " " if row.published else "", "dim"),
                                 shown(row.title),
                                 no_wrap=True, overflow="ellipsis"), id=str(row.id))
            for row in rows
        )
        if rows:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(int(event.option.id)))
