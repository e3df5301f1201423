"""An open browser that keeps up: commits by any writer are seen within a second or two, and
`R` runs a refresh beside it. A mixin of the App (tui/app.py stays thin).

The watch polls `PRAGMA data_version` (db/changes.py) in a short thread worker started by a
timer, so the event loop never waits on SQLite; on a change every screen that lists
something is told (`DatabaseChanged`) and reloads what it shows in its own worker. A database
opened with `immutable=1` (a read-only folder) cannot see changes: that is said once, and
nothing is polled.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ScreenStackError
from textual.message import Message

from tui.display import shown
from tui.refresh_run import (
    Finished,
    Progress,
    finished_label,
    parse_line,
    progress_label,
    refresh_command,
)

if TYPE_CHECKING:
    from textual.app import App

    from db.changes import ChangeWatch
    from db.store import Store

    _Base = App[int]
else:
    _Base = object

WATCH_SECONDS = 1.0
# Before a refresh that is stopped (quit while it runs) is killed: it stops between feeds.
STOP_SECONDS = 5.0


@dataclass
class DatabaseChanged(Message, bubble=False):
    """Another connection committed: what a screen shows may be out of date."""


class LiveUpdates(_Base):
    store: Store
    live_label: str | None = None  # what the status lines add: a refresh's progress
    _watch: ChangeWatch | None = None

    def start_live(self) -> None:
        """Called once the app runs, on the thread that made the store (its connection)."""
        if self.store.notice:  # immutable=1: nothing another process writes is seen
            self.notify("live updates are not seen: " + shown(self.store.notice),
                        severity="warning", timeout=8, markup=False)
            return
        self._watch = self.store.change_watch()
        self.set_interval(WATCH_SECONDS, self.check_changes, name="change watch")

    def check_changes(self) -> None:
        if self._watch is not None:
            self.run_worker(self._check, thread=True, group="change-watch", exclusive=True,
                            exit_on_error=False, name="change watch")

    def _check(self) -> None:
        if self._watch is not None and self._watch.changed():
            self.call_from_thread(self._tell_screens)

    def _tell_screens(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(DatabaseChanged())

    def set_live_label(self, label: str | None) -> None:
        from tui.widgets.status import StatusLine

        self.live_label = label
        with suppress(ScreenStackError):  # the browser is closing: no screen to draw on
            for line in self.screen.query(StatusLine):
                line.redraw()

    # R: refresh ------------------------------------------------------------------------------

    def action_refresh_feeds(self) -> None:
        if any(w.group == "refresh" and w.is_running for w in self.workers):
            self.notify("a refresh is running already", timeout=2)
            return
        self.run_worker(self._refresh(), group="refresh", exit_on_error=False,
                        name="refresh")

    async def _refresh(self) -> None:
        command = refresh_command(self.store.path)
        self.set_live_label("refresh: starting…")
        try:
            process = await asyncio.create_subprocess_exec(
                *command, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            self.set_live_label(None)
            self.notify(shown(f"could not start {command[0]}: {exc}"), severity="error",
                        timeout=6, markup=False)
            return
        errors = asyncio.create_task(self._last_error(process))
        end: Finished | None = None
        new = 0
        try:
            assert process.stdout is not None
            async for line in process.stdout:
                item = parse_line(line)
                if isinstance(item, Progress):
                    new += item.new
                    self.set_live_label(progress_label(item.done, item.total, new))
                    if item.new or item.updated:
                        self.check_changes()  # committed: show it now, not at the next tick
                elif isinstance(item, Finished):
                    end = item
            code = await process.wait()
        except asyncio.CancelledError:  # the browser quits: stop the refresh between feeds
            await _stop(process)
            raise
        finally:
            self.set_live_label(None)
        error = await errors
        self.check_changes()
        if end is not None:
            self.notify(finished_label(end), severity="warning" if end.failed or code
                        else "information", timeout=5, markup=False)
        else:
            why = f": {error}" if error else ""
            self.notify(shown(f"refresh failed (exit status {code}){why}", 300),
                        severity="error", timeout=8, markup=False)

    @staticmethod
    async def _last_error(process: asyncio.subprocess.Process) -> str:
        """The last line the refresh wrote on stderr (its errors are one line each)."""
        last = ""
        assert process.stderr is not None
        async for line in process.stderr:
            text = line.decode("utf-8", "replace").strip()
            last = text or last
        return last


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with suppress(ProcessLookupError):
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
        except TimeoutError:
            process.kill()
