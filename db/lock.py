"""One writer at a time: an advisory lock file beside the database.

SQLite would serialise two writers' transactions, but two ingests into one database would
still race between "is this article stored?" and "store it", and both would run the model on
the same inputs. So a writer takes `<db>.lock` (beside the file the path resolves to) with
flock first; a second one waits for it, saying so. The kernel drops the lock when its holder
dies (SIGKILL included), so a stale lock file never blocks anyone.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.2
_POLLS_FOR_PID = 3
_PID_WIDTH = 20  # wider than any pid, and than what older versions wrote


class LockInterrupted(Exception):
    """The wait for the lock was given up (Ctrl-C while waiting)."""


def lock_path(db_path: Path) -> Path:
    """The lock beside the file the path resolves to: a symbolic link to the database (or
    any other path to it) gives the same lock, as SQLite, too, follows the link to its file.
    Two ingests through two paths once ran at once."""
    real = Path(os.path.realpath(db_path))
    return real.with_name(real.name + ".lock")


class Held:
    """The lock while it is held; `release()` lets it go before the block ends."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._fd = None


@contextmanager
def write_lock(
    db_path: Path,
    *,
    on_wait: Callable[[str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[Held]:
    """Hold the database's write lock for the block; wait (polling) while another holds it.

    Where the lock file cannot be created (a read-only folder), there is nothing to lock:
    opening the database for writing will fail there with its own clear message.
    """
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield Held(None)
        return
    try:
        said, polls = False, 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                # A holder that has only just taken the lock may not have written its pid
                # yet: give it a few polls before saying the wait without one.
                if not said and on_wait and (holder or polls >= _POLLS_FOR_PID):
                    who = f" (pid {holder})" if holder else ""
                    on_wait(f"waiting: another briefing process{who} is writing to {db_path}")
                    said = True
                polls += 1
                if should_stop and should_stop():
                    raise LockInterrupted from None
                time.sleep(POLL_SECONDS)
        # The holder's pid, for the message a waiting process shows, written in one piece of
        # fixed width: truncating first left the file empty for a moment, and a waiter that
        # read it then said the wait without the pid (seen in CI).
        os.pwrite(fd, str(os.getpid()).ljust(_PID_WIDTH).encode(), 0)
        yield Held(fd)
    finally:
        os.close(fd)  # closing releases the lock


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
