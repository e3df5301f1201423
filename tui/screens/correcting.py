"""Correcting actors from the keyboard: a mixin of the actors index, the actor's page and the
reader (DESIGN.md, issue 17).

`m` merge (a picker), `x` not an actor (here or everywhere), `r` rename, `e` kind, country and
role, `S` split an alias off, `ctrl+z` undo the last correction made from this browser. Each
runs `briefing correct ... --dry-run` first and asks a one-key confirmation with the line it
prints (the db side's words), then runs the correction itself as a separate process (the
browser stays read-only; tui/corrections.py), and the screen reads the store again. The
screens under it read it again when they are shown.

A screen mixing this in says which actor its keys act on (`correction_target`) and how to
show what changed (`corrected`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from db.actor_models import Actor
from tui.corrections import Corrector, Outcome, Request
from tui.display import shown
from tui.screens.base import BriefingScreen
from tui.screens.correct import (
    ActorEdit,
    ActorPickerScreen,
    AliasScreen,
    ConfirmScreen,
    EditActorScreen,
    NameScreen,
    ScopeScreen,
    SplitIntoScreen,
)
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui.app import BriefingApp

T = TypeVar("T")


def correction_bindings() -> list[Binding]:
    """The keys of a correction. The three screens share the ids (`correct.merge`...), so
    that one line of keys.toml remaps them everywhere and `?` lists them once."""
    return [
        Binding("m", "merge", "Merge", show=False, id="correct.merge",
                tooltip="Merge into another actor"),
        Binding("x", "not_actor", "Not actor", show=False, id="correct.not-actor",
                tooltip="Not an actor (here or everywhere)"),
        Binding("r", "rename", "Rename", show=False, id="correct.rename",
                tooltip="Rename the actor"),
        Binding("e", "edit_actor", "Edit", show=False, id="correct.edit",
                tooltip="Edit kind, country, role"),
        Binding("S", "split", "Split", show=False, id="correct.split",
                tooltip="Split an alias off"),
        Binding("ctrl+z", "undo_correction", "Undo", show=False, id="correct.undo",
                tooltip="Undo the last correction"),
    ]


@dataclass(frozen=True)
class Target:
    """The actor the keys act on; in the reader, also the article (`x` here) and the forms it
    has there, the one under the cursor first."""

    actor: Actor
    article_id: int | None = None
    forms: tuple[str, ...] = ()


@dataclass
class Proposed(Message):
    """A dry run's answer: what the correction would change, or why it cannot be made."""

    outcome: Outcome


@dataclass
class Applied(Message):
    outcome: Outcome
    summary: str
    selected: Actor | None = field(default=None)  # the selected actor as it is now


class Corrects(BriefingScreen[None]):
    def correction_target(self) -> Target | None:
        """The actor under the cursor (or selected), or None."""
        raise NotImplementedError

    def corrected(self) -> None:
        """Read the store again and show what the correction changed."""
        raise NotImplementedError

    @property
    def corrector(self) -> Corrector:
        return cast("BriefingApp", self.app).corrector

    def tell(self, note: str | None) -> None:
        """The outcome of a correction, in the status line (kept over its other parts)."""
        self.query_one(StatusLine).tell(note)

    def _ask(self, screen: Screen[T | None] | Screen[bool], then: Callable[[T], None]) -> None:
        """Push a dialog; `then` gets its answer unless it was cancelled (None or False)."""
        def answered(value: Any) -> None:
            if value is None or value is False:
                self.tell("nothing changed")
            else:
                then(cast(T, value))
        self.app.push_screen(cast("Screen[Any]", screen), answered)

    def _target(self) -> Target | None:
        if any(w.group == "correct" and w.is_running for w in self.app.workers):
            self.tell("a correction is under way: wait for its answer")
            return None
        target = self.correction_target()
        if target is None:
            self.tell("no actor to correct here: choose one first")
        return target

    # The keys ---------------------------------------------------------------------------

    def action_merge(self) -> None:
        if (target := self._target()) is None:
            return
        actor = target.actor
        self._ask(ActorPickerScreen(f"merge '{shown(actor.name)}' into…", exclude=actor.id),
                  lambda into: self.propose(Request(
                      ("correct", "merge", str(actor.id), str(into)), {actor.id: into})))

    def action_rename(self) -> None:
        if (target := self._target()) is None:
            return
        actor = target.actor
        self._ask(NameScreen(f"rename '{shown(actor.name)}' to", actor.name),
                  lambda name: self.propose(Request(("correct", "rename", str(actor.id), name))))

    def action_edit_actor(self) -> None:
        if (target := self._target()) is None:
            return
        actor = target.actor

        def edited(edit: ActorEdit) -> None:
            self.propose(Request(("correct", "set", str(actor.id), *edit.args())))
        self._ask(EditActorScreen(actor), edited)

    def action_split(self) -> None:
        if (target := self._target()) is None:
            return
        actor = target.actor
        aliases = [a for a in dict.fromkeys((*target.forms, *actor.aliases)) if a != actor.name]
        if not aliases:
            self.tell(f"'{shown(actor.name)}' has no other alias to split off")
            return

        def into(alias: str) -> None:
            def chosen(where: str) -> None:
                args = ("correct", "split", str(actor.id), alias)
                if where == "new":
                    self.propose(Request(args))
                else:
                    self._ask(ActorPickerScreen(f"'{shown(alias)}' goes into…", actor.id),
                              lambda other: self.propose(Request((*args, "--into", str(other)))))
            self._ask(SplitIntoScreen(f"split '{shown(alias)}' off '{shown(actor.name)}':"),
                      chosen)

        self._one_of(f"split which alias off '{shown(actor.name)}'?", aliases, into)

    def action_not_actor(self) -> None:
        if (target := self._target()) is None:
            return
        forms = list(dict.fromkeys(target.forms or (target.actor.name, *target.actor.aliases)))

        def scoped(form: str) -> None:
            everywhere = Request(("correct", "not-actor", form))
            if target.article_id is None:
                self.propose(everywhere)
                return
            here = Request(("correct", "not-actor", form, "--article", str(target.article_id)))
            self._ask(ScopeScreen(f"'{shown(form)}' is not an actor:"),
                      lambda scope: self.propose(here if scope == "here" else everywhere))

        self._one_of("which form is not an actor?", forms, scoped)

    def _one_of(self, title: str, forms: list[str], then: Callable[[str], None]) -> None:
        if len(forms) == 1:
            then(forms[0])
        else:
            self._ask(AliasScreen(title, forms), then)

    def action_undo_correction(self) -> None:
        if any(w.group == "correct" and w.is_running for w in self.app.workers):
            self.tell("a correction is under way: wait for its answer")
            return
        last = self.corrector.last()
        if last is None:
            self.tell("no correction made from this browser to undo")
            return
        correction_id, summary = last
        self._ask(ConfirmScreen(f"undo correction {correction_id}: {summary}"),
                  lambda _yes: self._start(self.corrector.undo_request(correction_id),
                                           f"undo {summary}"))

    # Running them -----------------------------------------------------------------------

    def propose(self, request: Request) -> None:
        self.tell("checking the correction…")
        self._dry_run(request)

    @work(thread=True, exclusive=True, group="correct", exit_on_error=False)
    def _dry_run(self, request: Request) -> None:
        self.post_message(Proposed(self.corrector.run(request, dry_run=True)))

    @on(Proposed)
    def _confirm(self, message: Proposed) -> None:
        outcome = message.outcome
        if not outcome.ok:
            self.tell(outcome.error or "the correction was refused")
            return
        summary = outcome.summary
        self.tell(None)  # the question says it all, in the dialog
        self._ask(ConfirmScreen(summary), lambda _yes: self._start(outcome.request, summary))

    def _start(self, request: Request, summary: str) -> None:
        self.tell("correcting…")
        self._apply(request, summary)

    @work(thread=True, exclusive=True, group="correct", exit_on_error=False)
    def _apply(self, request: Request, summary: str) -> None:
        def said(line: str) -> None:  # the lock's wait, while an ingest writes a batch
            if line.startswith("waiting"):
                self.app.call_from_thread(self.tell, line)
        outcome = self.corrector.run(request, dry_run=False, on_line=said)
        app = cast("BriefingApp", self.app)
        selected = None
        if outcome.ok and app.selected_actor_id is not None:
            actor_id = app.selected_actor_id
            if not request.is_undo:
                actor_id = request.follow.get(actor_id, actor_id)
            selected = app.store.actor(actor_id)
        self.post_message(Applied(outcome, summary, selected))

    @on(Applied)
    def _applied(self, message: Applied) -> None:
        outcome = message.outcome
        if not outcome.ok:
            self.tell(outcome.error or "the correction failed")
            return
        self.corrector.applied(outcome, message.summary)
        app = cast("BriefingApp", self.app)
        if message.selected is not None:  # merged into another, or renamed: follow it
            app.selected_actor_id = message.selected.id
            app.selected_actor_name = message.selected.name
        if outcome.saved_to:  # the file first: the line is cut at the screen's edge
            saved = (f"saved to {outcome.saved_to}: the database is read-only; its owner "
                     f"takes it in with `briefing correct apply {outcome.saved_to}`")
            self.tell(saved)
            self.notify(shown(saved), title="correction saved", timeout=12, markup=False)
        elif outcome.request.is_undo:
            self.tell(outcome.message or f"undone: {message.summary.removeprefix('undo ')}")
        else:
            self.tell(f"done: {message.summary} (ctrl+z undoes)")
        self._correction_generation = self.corrector.generation
        self.corrected()

    @on(events.ScreenResume)
    def _resumed(self, _event: events.ScreenResume) -> None:
        """A correction made on another screen: read the store again."""
        generation = self.corrector.generation
        seen = getattr(self, "_correction_generation", None)
        self._correction_generation = generation
        if seen is not None and seen != generation:
            self.corrected()
