"""`briefing check` and `briefing repair` for a terminal user (the work is in `db.health`).

check: exit 0 and `DB: ok`, or exit 1 with one line per problem. repair: a backup first,
then a rebuild, then the check of the result; which file to keep is said in so many words.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import health
from db.database import DatabaseError, damaged, is_damage, open_read
from db.lock import LockInterrupted, write_lock
from tui import output


def _usable(path: Path) -> str | None:
    """Why the file cannot be checked at all (missing, not briefing's), or None."""
    try:
        conn, _ = open_read(path)
    except DatabaseError as exc:
        if "is damaged" in str(exc):
            return None  # exactly what check and repair are for
        return f"error: {exc}"
    conn.close()
    return None


def run_check(path: Path) -> int:
    problem = _usable(path)
    if problem:
        output.error(problem)
        return 2
    try:
        report = health.check(path)
    except sqlite3.Error as exc:
        output.error(f"error: {path}: cannot check: {exc}")
        return 2
    if report.ok:
        output.out(f"{path}: ok")
        return 0
    for line in report.problems:
        output.out(f"{path}: {line}")
    output.error(f"{path}: {len(report.problems)} problem(s); run `briefing --db {path} repair` "
                 "(it backs the file up first)")
    return 1


def run_repair(path: Path) -> int:
    problem = _usable(path)
    if problem:
        output.error(problem)
        return 2
    try:
        with write_lock(path, on_wait=output.error):
            result = health.repair(path, output.error)
    except LockInterrupted:
        output.error("interrupted while waiting for the other writer; nothing was written")
        return 130
    except health.RepairFailed as exc:
        output.error(f"error: {exc}")
        return 2
    except sqlite3.Error as exc:
        why = damaged(path, exc) if is_damage(exc) else f"{path}: cannot repair: {exc}"
        output.error(f"error: {why}")
        return 2
    if result.keep != path:
        output.out(f"{path}: damaged pages: what could be read is copied to {result.keep}; "
                   f"keep {result.keep} (move it over {path} once you have looked at it); "
                   f"{path} itself was not changed, its backup is {result.backup}")
    else:
        output.out(f"{path}: indexes and kept counts rebuilt (backup: {result.backup})")
    if not result.report.ok:
        for line in result.report.problems:
            output.error(f"{result.keep}: still: {line}")
        return 1
    output.out(f"{result.keep}: ok")
    return 0
