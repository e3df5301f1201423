"""The claim type picker: every type with its count; `space` toggles, `enter` applies,
`x` clears (no filter: every claim), `escape` cancels.

It dismisses with the chosen set (empty: no filter) or None when cancelled. The app keeps
the choice in `app.type_filter` and tells the screen underneath with `TypeFilterChanged`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from db.models import CLAIM_TYPES
from db.text import one_line
from tui.screens.base import BriefingModal
from tui.widgets.claim_table import badge

HELP = "space toggles · enter applies · x clears · esc cancels"


@dataclass
class TypeFilterChanged(Message):
    """Posted to the screen under the picker when the type filter was applied."""

    types: frozenset[str]


class TypeList(OptionList):
    """Claim types with a check box drawn as text ("[x]"), so the choice reads without colour:
    `space` toggles, `enter` applies, `x` clears. Option ids are the type names."""

    BINDINGS = [
        Binding("space", "toggle_type", "Toggle", id="types.toggle"),
        Binding("enter", "apply", "Apply", id="types.apply"),
        Binding("x", "clear", "Clear all", id="types.clear"),
        Binding("j", "cursor_down", "Down", show=False, id="types.down"),
        Binding("k", "cursor_up", "Up", show=False, id="types.up"),
    ]

    class Applied(Message):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chosen: set[str] = set()
        self.counts: dict[str, int] = {}

    def show(self, types: list[str], counts: dict[str, int], chosen: Iterable[str]) -> None:
        self.counts, self.chosen = counts, set(chosen)
        self.clear_options()
        self.add_options(Option(self._prompt(t), id=t) for t in types)
        self.highlighted = 0

    def _prompt(self, claim_type: str) -> Text:
        n = self.counts.get(claim_type, 0)
        width = max(len(str(c)) for c in [0, *self.counts.values()])
        return Text.assemble(
            ("[x] " if claim_type in self.chosen else "[ ] ", "bold"),
            (badge(claim_type), "bold"), f" {claim_type:<11}",
            (str(n).rjust(width), "" if n else "dim"),
        )

    def _redraw(self, claim_type: str) -> None:
        self.replace_option_prompt(claim_type, self._prompt(claim_type))

    def action_toggle_type(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.chosen ^= {option.id}
        self._redraw(option.id)

    def action_clear(self) -> None:
        cleared, self.chosen = self.chosen, set()
        for claim_type in cleared:
            self._redraw(claim_type)

    def action_apply(self) -> None:
        self.post_message(self.Applied())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click toggles, as space does
        self.highlighted = event.option_index
        self.action_toggle_type()


class TypePickerScreen(BriefingModal[frozenset[str] | None]):
    FAILED = "could not count claim types"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="types.cancel")]

    @dataclass
    class Counted(Message):
        counts: dict[str, int]

    def __init__(self, chosen: frozenset[str] | set[str] = frozenset()) -> None:
        super().__init__()
        self.chosen = frozenset(chosen)
        self.counted_query = ""  # the query whose claims were counted ("" for all)

    def compose(self) -> ComposeResult:
        with Vertical(id="types-body") as body:
            body.border_title = "Claim types"
            yield Static(Text(HELP, style="dim"), id="types-help")
            yield TypeList(id="types-list")

    def on_mount(self) -> None:
        from tui.screens.claims import current_query  # claims imports this module

        self.query_one(TypeList).focus()
        # While a query is shown, the counts are of its claims (issue 13), not the database's.
        self.counted_query = current_query(self.app).strip()
        self.count(self.counted_query)

    @work(thread=True, exclusive=True, group="types", exit_on_error=False)
    def count(self, query_text: str) -> None:
        store = self.store
        counts = (store.claim_type_counts_of(query_text) if query_text
                  else store.claim_type_counts())
        self.post_message(self.Counted(counts))

    @on(Counted)
    def show(self, message: Counted) -> None:
        counts = message.counts
        if self.counted_query:
            self.query_one("#types-help", Static).update(Text.assemble(
                (HELP, "dim"), "\n", ("counts of the claims of ", "dim"),
                one_line(self.counted_query, 40)))
        # Every known type, in the order of claim-types.md, then any the database adds.
        types = list(CLAIM_TYPES) + sorted(set(counts) - set(CLAIM_TYPES))
        self.query_one(TypeList).show(types, counts, self.chosen)
        if not counts and not self.counted_query:
            self.query_one("#types-help", Static).update(Text.assemble(
                (HELP, "dim"), "\n", "no claim has a type in this database yet"))

    @on(TypeList.Applied)
    def apply(self) -> None:
        self.dismiss(frozenset(self.query_one(TypeList).chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
