"""The actors index: every mentioned actor, most mentioned first, by kind, filtered as you type.

The filter has the focus, so letters type; the arrows move the list, `enter` opens the
actor's page and `escape` goes back. `tab` goes to the list (and back): there the letters are
keys, those of the corrections (`m` merge, `x` not an actor, ...: tui/screens/correcting.py),
and `←`/`→` change the kind (tui/widgets/actor_table.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from db.actor_models import ActorStats
from db.models import ACTOR_KINDS
from tui.screens.correcting import Corrects, Target, correction_bindings
from tui.widgets.actor_table import ActorTable
from tui.widgets.footer import KeysFooter
from tui.widgets.reader import KIND_LETTER
from tui.widgets.status import StatusLine

PAGE = 200
ALL = "all"
KINDS = (ALL, *ACTOR_KINDS)
_KIND_LABEL = {"organization": "org"}


@dataclass(frozen=True)
class ActorFilter:
    text: str
    kind: str  # ALL or one of ACTOR_KINDS


class ActorsScreen(Corrects):
    FAILED = "could not read actors"
    BINDINGS = [
        Binding("escape", "back", "Back", id="actors.back"),
        Binding("down", "move(1)", "Down", show=False, id="actors.down"),
        Binding("up", "move(-1)", "Up", show=False, id="actors.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="actors.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="actors.page-up"),
        # DECISIONS.md (Keys): the filter has the focus; the corrections are reached with tab.
        Binding("tab,shift+tab", "switch_focus", "List/filter", id="actors.switch-focus",
                tooltip="List (to correct) / filter"),
        *correction_bindings(),
    ]

    @dataclass
    class Loaded(Message):
        request: ActorFilter
        rows: list[ActorStats]
        offset: int
        counts: dict[str, int] | None  # per kind; only with the first page

    def __init__(self) -> None:
        super().__init__()
        self.request = ActorFilter("", ALL)
        self.counts: dict[str, int] = {}
        self._keep_row: int | None = None  # the cursor's row, kept over a reload

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter actors: type a name or alias", id="actors-filter")
        yield Static(self._kinds_line(), id="actors-kinds")
        yield ActorTable(id="actors-table")
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("loading…")
        self.query_one(Input).focus()
        self.load(self.request, 0)

    # Loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="actors", exit_on_error=False)
    def load(self, request: ActorFilter, offset: int) -> None:
        store = self.store
        kind = None if request.kind == ALL else request.kind
        rows = store.actors(kind=kind, text=request.text or None, limit=PAGE, offset=offset)
        counts = store.actor_counts(request.text or None) if offset == 0 else None
        self.post_message(self.Loaded(request, rows, offset, counts))

    @on(Loaded)
    def show_page(self, message: Loaded) -> None:
        if message.request != self.request:  # typed on since: a newer answer is coming
            return
        if message.counts is not None:
            self.counts = message.counts
            self.query_one("#actors-kinds", Static).update(self._kinds_line())
        table = self.query_one(ActorTable)
        table.show(message.rows, message.offset, self._total(self.request.kind))
        if message.offset == 0 and self._keep_row is not None:
            table.move_cursor(row=min(self._keep_row, max(0, table.row_count - 1)),
                              animate=False)
            self._keep_row = None
        shown = self._total(self.request.kind)
        what = "actor" if shown == 1 else "actors"
        kind = "" if self.request.kind == ALL else f" ({self.request.kind})"
        self.query_one(StatusLine).show(f"{shown} {what}{kind}",
                                        "enter opens · tab: the list, to correct · esc back")

    def _total(self, kind: str) -> int:
        return sum(self.counts.values()) if kind == ALL else self.counts.get(kind, 0)

    def _kinds_line(self) -> Text:
        """The kinds, each with its letter and count; the current one in reverse video (not
        a colour: it shows in 16 colours and NO_COLOR alike)."""
        line = Text(no_wrap=True, overflow="ellipsis")
        for kind in KINDS:
            count = f" {self._total(kind)}" if self.counts else ""
            label = Text(f" All{count} ") if kind == ALL else Text.assemble(
                " ", (KIND_LETTER[kind], "bold"), f" {_KIND_LABEL.get(kind, kind)}{count} ")
            if kind == self.request.kind:
                label.stylize("reverse bold")
            line.append_text(label)
        return line

    def _refilter(self, text: str | None = None, kind: str | None = None) -> None:
        self.request = ActorFilter(self.request.text if text is None else text.strip(),
                                   self.request.kind if kind is None else kind)
        self.load(self.request, 0)
        self.query_one("#actors-kinds", Static).update(self._kinds_line())

    # Keys and events --------------------------------------------------------------------

    @on(Input.Changed, "#actors-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._refilter(text=event.value)

    @on(Input.Submitted, "#actors-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ActorTable).action_open()

    @on(ActorTable.NeedMore)
    def more(self, message: ActorTable.NeedMore) -> None:
        self.load(self.request, message.offset)

    @on(ActorTable.Opened)
    def open_actor(self, message: ActorTable.Opened) -> None:
        from tui.screens.actor import ActorScreen

        actor = message.actor.actor
        self.bapp.select_actor(actor.id, actor.name)
        self.app.push_screen(ActorScreen(actor.id))

    def action_move(self, step: int) -> None:
        table = self.query_one(ActorTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_page(self, step: int) -> None:
        table = self.query_one(ActorTable)
        table.action_page_down() if step > 0 else table.action_page_up()

    def action_kind(self, step: int) -> None:
        index = (KINDS.index(self.request.kind) + step) % len(KINDS)
        self._refilter(kind=KINDS[index])

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_switch_focus(self) -> None:
        table, text = self.query_one(ActorTable), self.query_one(Input)
        (text if table.has_focus else table).focus()

    @property
    def current_actor(self) -> ActorStats | None:
        return self.query_one(ActorTable).current

    # Corrections (tui/screens/correcting.py) ----------------------------------------------

    def correction_target(self) -> Target | None:
        current = self.current_actor
        return Target(current.actor) if current else None

    def corrected(self) -> None:
        """Counts, kinds and rows again, the cursor on the same row."""
        self._keep_row = self.query_one(ActorTable).cursor_row
        self.load(self.request, 0)
