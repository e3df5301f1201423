"""One place where errors of thread workers end: a notification, not a crashed browser.

A screen mixes this in and starts its workers with `exit_on_error=False`. A database that
changes under the browser (a migration, a deleted file) then costs one failed query.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from tui.display import shown


class ReportsWorkerErrors(DOMNode):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.app.notify(shown(f"{type(error).__name__}: {error}", 200),
                            title="query failed", severity="error", timeout=6, markup=False)
