"""The small dialogs of a correction: the one-key confirmation, a one-key choice (here or
everywhere), the actor picker of a merge, a name, and an actor's kind, country and role.

Each is a ModalScreen that returns its answer (None when cancelled) to the screen that
asked (tui/screens/correcting.py). Names are untrusted text: shown through the display guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from db.actor_models import Actor, ActorStats
from db.models import ACTOR_KINDS
from tui.commands import key_label
from tui.display import shown
from tui.widgets.badges import KIND_LETTER

CANCEL = "Cancel: change nothing"
PICKED = 30  # actors the merge picker lists for what is typed (most mentioned first)


def hint(screen: ModalScreen[Any], *extra: tuple[str, str]) -> Text:
    """The screen's keys as the user has them (keys.toml remaps them by id): `y yes · n no`."""
    keymap = getattr(screen.app, "_keymap", {})
    line = Text()
    for binding in screen.BINDINGS:
        if isinstance(binding, Binding) and binding.id and binding.show:
            if line:
                line.append(" · ")
            line.append(key_label(keymap.get(binding.id, binding.key)).replace(" ", "/"), "bold")
            line.append(f" {binding.description}")
    for keys, what in extra:
        line.append(" · ")
        line.append(keys, "bold")
        line.append(f" {what}")
    return line


class ConfirmScreen(ModalScreen[bool]):
    """One key: `y` does it, `n` or `escape` does not. The question is the command's own
    `--dry-run` line (what will change)."""

    BINDINGS = [
        Binding("y", "answer(True)", "yes", id="correct.yes", tooltip="Confirm: yes"),
        Binding("n,escape", "answer(False)", "no", id="correct.no",
                tooltip="no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="correct-box"):
            yield Static(Text(shown(self.question) + "?", style="bold"), id="confirm-question")
            yield Static(hint(self), classes="correct-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceScreen(ModalScreen[str | None]):
    """A question answered with one key among a few; each subclass binds its keys to
    `choose(VALUE)`, so that they have ids (remappable, in `?`)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="correct-box"):
            yield Static(Text(shown(self.question), style="bold"), id="choice-question")
            yield Static(hint(self), classes="correct-hint")

    def action_choose(self, value: str) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScopeScreen(ChoiceScreen):
    """Not an actor: in this article only, or everywhere."""

    BINDINGS = [
        Binding("h", "choose('here')", "in this article", id="correct.here",
                tooltip="Not an actor: here"),
        Binding("e", "choose('everywhere')", "everywhere", id="correct.everywhere",
                tooltip="everywhere"),
        Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL),
    ]


class SplitIntoScreen(ChoiceScreen):
    """A split alias: its own actor, or into another one (picked next)."""

    BINDINGS = [
        Binding("n", "choose('new')", "its own actor", id="correct.new",
                tooltip="Split: its own actor"),
        Binding("i", "choose('into')", "into another actor", id="correct.into",
                tooltip="into another actor"),
        Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL),
    ]


class AliasScreen(ModalScreen[str | None]):
    """Pick one of several forms (an actor's aliases, or its forms in an article)."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL),
        Binding("j,down", "move(1)", "Down", show=False, id="correct.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="correct.up"),
    ]

    def __init__(self, title: str, forms: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.forms = forms

    def compose(self) -> ComposeResult:
        with Vertical(classes="correct-box"):
            yield Static(Text(shown(self.title_text), style="bold"))
            yield OptionList(*(Option(Text(shown(f, 60))) for f in self.forms), id="alias-list")
            yield Static(hint(self, ("enter", "picks")), classes="correct-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.forms[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActorPickerScreen(ModalScreen[int | None]):
    """Choose an actor by typing part of a name or alias: kind, country and counts shown,
    read from the store in a thread worker. `↓`/`↑` move, `enter` picks, `escape` cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL),
        Binding("j,down", "move(1)", "Down", show=False, id="correct.down"),  # j types here
        Binding("k,up", "move(-1)", "Up", show=False, id="correct.up"),
    ]

    @dataclass
    class Found(Message):
        text: str
        rows: list[ActorStats]

    def __init__(self, title: str, exclude: int) -> None:
        super().__init__()
        self.title_text = title
        self.exclude = exclude
        self.text = ""
        self.rows: list[ActorStats] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="correct-box", id="picker-box"):
            yield Static(Text(shown(self.title_text), style="bold"))
            yield Input(placeholder="type a name or alias", id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static(hint(self, ("enter", "picks")), classes="correct-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.find("")

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def find(self, text: str) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        rows = store.actors(text=text or None, limit=PICKED + 1)
        self.post_message(self.Found(text, [r for r in rows if r.actor.id != self.exclude]))

    @on(Input.Changed, "#picker-filter")
    def typed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.find(self.text)

    @on(Found)
    def show(self, message: Found) -> None:
        if message.text != self.text:  # typed on since
            return
        self.rows = message.rows[:PICKED]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(picker_line(s), id=str(s.actor.id)) for s in self.rows)
        if self.rows:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    @on(Input.Submitted, "#picker-filter")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.rows):
            self.dismiss(self.rows[index].actor.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def picker_line(stats: ActorStats) -> Text:
    actor = stats.actor
    about = " · ".join(p for p in (actor.kind, actor.country, actor.role) if p)
    return Text.assemble((f"{KIND_LETTER.get(actor.kind, '?')} ", "bold"), shown(actor.name, 40),
                         (f"  {shown(about, 40)}", "dim"),
                         (f"  {stats.mentions} mentions, {stats.articles} articles", "dim"),
                         no_wrap=True, overflow="ellipsis")


class NameScreen(ModalScreen[str | None]):
    """A line of text (the actor's new name): `enter` takes it, `escape` cancels."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL)]

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="correct-box"):
            yield Static(Text(shown(self.title_text), style="bold"))
            yield Input(shown(self.value), id="name-input")
            yield Static(hint(self, ("enter", "saves")), classes="correct-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value and value != self.value:
            self.dismiss(value)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ActorEdit:
    """What `e` changes: only the fields given (None: unchanged)."""

    kind: str | None = None
    country: str | None = None
    role: str | None = None

    def args(self) -> list[str]:
        out: list[str] = []
        for flag, value in (("--kind", self.kind), ("--country", self.country),
                            ("--role", self.role)):
            if value is not None:
                out += [flag, value]
        return out


class EditActorScreen(ModalScreen[ActorEdit | None]):
    """Kind, country (ISO3) and role: `tab` between them, `enter` saves what changed."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="correct.cancel", tooltip=CANCEL)]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def compose(self) -> ComposeResult:
        actor = self.actor
        with Vertical(classes="correct-box"):
            yield Static(Text(f"edit '{shown(actor.name)}'", style="bold"))
            yield Static(Text(f"kind ({', '.join(ACTOR_KINDS)})", style="dim"))
            yield Input(actor.kind, id="edit-kind",
                        suggester=SuggestFromList(ACTOR_KINDS, case_sensitive=False))
            yield Static(Text("country (ISO 3166 alpha-3 like FRA, or a country's name)",
                              style="dim"))
            yield Input(shown(actor.country), id="edit-country")
            yield Static(Text("role (for a person)", style="dim"))
            yield Input(shown(actor.role), id="edit-role")
            yield Static(hint(self, ("tab", "next field"), ("enter", "saves")), id="edit-hint",
                         classes="correct-hint")

    def on_mount(self) -> None:
        self.query_one("#edit-kind", Input).focus()

    def edit(self) -> ActorEdit | str:
        """The changes, or what is wrong with them."""
        kind = self.query_one("#edit-kind", Input).value.strip().lower()
        country = self.query_one("#edit-country", Input).value.strip()
        role = self.query_one("#edit-role", Input).value.strip()
        if kind not in ACTOR_KINDS:
            return f"kind must be one of {', '.join(ACTOR_KINDS)}"
        actor = self.actor
        return ActorEdit(kind if kind != actor.kind else None,
                         country if country != (actor.country or "") else None,
                         role if role != (actor.role or "") else None)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        edit = self.edit()
        if isinstance(edit, str):
            self.query_one("#edit-hint", Static).update(Text(edit, style="bold"))
            return
        self.dismiss(edit if edit.args() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
