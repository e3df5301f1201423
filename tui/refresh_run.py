"""`R` in the browser: `briefing refresh --progress json` as a separate process.

The browser stays read-only and never loads spaCy, so it never refreshes itself: it starts
the command, reads one JSON object a line from its stdout (the contract in DESIGN.md and the
feeds issue) and lets the change watch (tui/live.py) bring the new articles in. Lines that are
not progress (a warning printed to stdout by mistake, a half line) are skipped, not fatal.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

# For tests and for installs where `python -m tui.cli` is not the right program: a command
# line (split like a shell would, without running one) that takes `--db PATH refresh ...`.
COMMAND_VARIABLE = "BRIEFING_REFRESH_CMD"


@dataclass(frozen=True)
class Progress:
    """One feed finished."""

    feed: str
    done: int
    total: int
    status: str
    new: int
    updated: int


@dataclass(frozen=True)
class Finished:
    """The last line: the whole run."""

    feeds: int
    new: int
    updated: int
    failed: int


def refresh_command(database: Path) -> list[str]:
    program = os.environ.get(COMMAND_VARIABLE)
    base = shlex.split(program) if program else [sys.executable, "-m", "tui.cli"]
    return [*base, "--db", str(database), "refresh", "--progress", "json"]


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_line(line: str | bytes) -> Progress | Finished | None:
    """A progress line of the contract, or None for anything else."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    summary = data.get("summary")
    if isinstance(summary, dict):
        return Finished(*(_number(summary.get(k)) for k in ("feeds", "new", "updated",
                                                             "failed")))
    if "done" not in data:
        return None
    return Progress(str(data.get("feed", "")), _number(data.get("done")),
                    _number(data.get("total")), str(data.get("status", "")),
                    _number(data.get("new")), _number(data.get("updated")))


def progress_label(done: int, total: int, new: int) -> str:
    """`refresh 12/40 feeds · 31 new`, for the status line."""
    return f"refresh {done}/{total} feeds · {new:,} new"


def finished_label(end: Finished) -> str:
    failed = f" · {end.failed} failed" if end.failed else ""
    updated = f" · {end.updated:,} updated" if end.updated else ""
    feeds = "1 feed" if end.feeds == 1 else f"{end.feeds:,} feeds"
    return f"refreshed {feeds} · {end.new:,} new{updated}{failed}"
