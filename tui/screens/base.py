"""What every screen of the browser does: reach the typed app and its store, and end the
errors of its thread workers in one notification rather than a crashed browser.

A screen starts its workers with `exit_on_error=False`; a database that changes under the
browser (a migration, a deleted file) then costs one failed query, said in one line.
Modal screens (the type picker, the help) take `BriefingModal`, the same with a backdrop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tui.display import shown

if TYPE_CHECKING:
    from db.store import Store
    from tui.app import BriefingApp

ResultT = TypeVar("ResultT")


class BriefingScreen(Screen[ResultT]):
    # The title of the notification when a worker of this screen fails ("could not read
    # claims"); the text under it is the error, through the display guard (it may quote an
    # article).
    FAILED: ClassVar[str] = "query failed"

    @property
    def bapp(self) -> BriefingApp:
        """The app, typed: its store, read state, saved views and selected actor."""
        return cast("BriefingApp", self.app)

    @property
    def store(self) -> Store:
        return self.bapp.store

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.app.notify(shown(f"{type(error).__name__}: {error}", 200), title=self.FAILED,
                            severity="error", timeout=6, markup=False)


class BriefingModal(ModalScreen[ResultT], BriefingScreen[ResultT]):
    """A BriefingScreen over the one beneath it (a dialog, the help, the type picker).
    ModalScreen first: Textual takes a screen's default CSS (the see-through backdrop) and
    its type name for selectors along the first base only."""
