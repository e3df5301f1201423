"""Every key, on one screen: gathered from the bindings of the app, screens and widgets."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

QUERY_HELP = (
    'words "phrases" -word · actor:NAME · country:ISO3|NAME · official:NAME · type:T · '
    "speaker:NAME · source:NAME · since:DATE · until:DATE (2024-03-01, 30d, 12w, 6m)"
)


def all_bindings() -> list[tuple[str, str, str]]:
    """(where, keys, description) for every binding with an id, in a stable order."""
    from tui import app as app_module
    from tui.screens import articles, reader
    from tui.widgets import actor_panel, article_list
    from tui.widgets import reader as reader_widget

    owners = [
        ("anywhere", app_module.BriefingApp), ("articles", articles.ArticlesScreen),
        ("articles", article_list.ArticleList), ("reader", reader.ReaderScreen),
        ("reader", reader_widget.ArticleView), ("side panel", actor_panel.ActorPanel),
    ]
    out = []
    for where, owner in owners:
        for b in getattr(owner, "BINDINGS", []):
            if isinstance(b, Binding) and b.id:
                out.append((where, _keys(b.key), b.description))
    out.append(("anywhere", "ctrl+p", "Command palette (every action, themes)"))
    return out


def _keys(key: str) -> str:
    names = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?",
             "slash": "/", "down": "↓", "up": "↑"}
    return " ".join(names.get(k, k) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="dim")
        table.add_column(style="bold")
        table.add_column()
        for where, keys, description in all_bindings():
            table.add_row(Text(where), Text(keys), Text(description))
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"))
            yield Static(table, id="help-keys")
            yield Static(Text("Query language", style="bold"))
            yield Static(Text(QUERY_HELP), id="help-query")
