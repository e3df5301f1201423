"""Where an unforeseen error's traceback goes: a log in $XDG_STATE_HOME/briefing/, named in
the one line the user sees, so that a bug can be reported without a traceback on screen."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from typing import NoReturn

from db.paths import state_dir
from tui import output
from tui.paths import default_db


def write_log(exc: BaseException) -> Path | None:
    """The traceback, the command line and the versions, in a new file; None if it cannot be
    written (the message then goes without it: a failed log must not hide the error)."""
    try:
        folder = state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        with open(path, "w", encoding="utf-8") as log:
            log.write(f"argv: {sys.argv!r}\npython: {sys.version}\n\n{text}")
        return path
    except OSError:
        return None


def db_of_the_run() -> Path:
    """The database the command was given (for messages after click has returned)."""
    for i, arg in enumerate(sys.argv):
        if arg == "--db" and i + 1 < len(sys.argv):
            return Path(sys.argv[i + 1])
        if arg.startswith("--db="):
            return Path(arg[5:])
    return default_db()


def unforeseen(exc: BaseException) -> NoReturn:
    """A bug: one line naming the database and a log holding the traceback, to report it."""
    if os.environ.get("BRIEFING_DEBUG"):
        raise exc
    log = write_log(exc)
    where = f"; the details are in {log} (please attach it to a report)" if log else ""
    output.error(f"error: {db_of_the_run()}: unexpected {type(exc).__name__}: {exc}{where}")
    sys.exit(2)
