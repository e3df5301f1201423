"""Corrections from the browser: each one a separate `briefing correct ...` process.

The browser stays read-only (DESIGN.md): the writer path, with its lock, belongs to the
command line, and so does the wording of what a correction will change (`--dry-run` prints
it), so the browser shows the db side's words and never says it differently. This module
runs those processes and remembers what this browser did (for `ctrl+z`); it knows nothing of
screens, so that it can be read (and tested) on its own.

The command is `$BRIEFING_CORRECT_CMD` when set (split like a shell line: tests run the real
command as another user with it), else this Python's `-m tui.cli`, the program the browser
itself is, so that no `briefing` on the PATH of another install answers instead.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Once its stderr has closed, a correction has all but ended: this only stops a process that
# hangs for good from holding the worker forever.
TIMEOUT = 60


@dataclass(frozen=True)
class Request:
    """One correction to propose: the arguments after `briefing` (without --db, --dry-run
    or --json), and the actors it makes go away into others (a merge: {A: B}), so that the
    screens and the selected actor follow them."""

    args: tuple[str, ...]
    follow: dict[int, int] = field(default_factory=dict)

    @property
    def is_undo(self) -> bool:
        return self.args[:2] == ("corrections", "undo")


@dataclass(frozen=True)
class Outcome:
    """What a `briefing correct ...` process answered."""

    request: Request
    code: int
    record: dict[str, Any]  # its --json line ({} when it printed none)
    error: str | None = None  # the one line of a refusal (exit 2) or of a failure
    message: str | None = None  # its last line on stdout (what `corrections undo` says)

    @property
    def ok(self) -> bool:
        return self.code == 0 and self.error is None

    @property
    def summary(self) -> str:
        """The dry run's one line: what would change."""
        return str(self.record.get("summary") or "")

    @property
    def saved_to(self) -> str | None:
        """The user's file a correction went to when the database could not be written."""
        value = self.record.get("saved_to")
        return str(value) if value else None

    @property
    def id(self) -> int | None:
        value = self.record.get("id")
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def base_command() -> list[str]:
    line = os.environ.get("BRIEFING_CORRECT_CMD", "").strip()
    return shlex.split(line) if line else [sys.executable, "-m", "tui.cli"]


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else None


def _record(stdout: str) -> dict[str, Any]:
    """The last JSON object printed (a command prints one; tolerate a warning line)."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return {}


class Corrector:
    """Runs corrections on one database; remembers the ones made from this browser, last
    last, so that `ctrl+z` undoes them one by one, and counts every change (`generation`),
    so that a screen shown again knows whether to read the store again."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.made: list[tuple[int, str]] = []  # (correction id, what it did), oldest first
        self.generation = 0
        self.redirects: dict[int, int] = {}  # merged actor id -> the actor it went into
        self._follows: dict[int, dict[int, int]] = {}  # correction id -> its redirects

    def argv(self, request: Request, *, dry_run: bool) -> list[str]:
        # `corrections undo ID` takes no --json or --dry-run in the contract: its
        # confirmation shows what the correction did, remembered here.
        flags = [] if request.is_undo else ["--json", *(["--dry-run"] if dry_run else [])]
        return [*base_command(), *request.args, "--db", str(self.db), *flags]

    def run(self, request: Request, *, dry_run: bool,
            on_line: Callable[[str], None] | None = None) -> Outcome:
        """Run the command and read its answer. Called from a thread worker: it blocks.
        `on_line` hears each line of stderr as it comes ("waiting: another briefing process
        is writing...", while an ingest holds the lock)."""
        argv = self.argv(request, dry_run=dry_run)
        try:
            # stdout is one record: it cannot fill the pipe while stderr is read line by line.
            with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, encoding="utf-8",
                                  errors="replace") as process:
                assert process.stdout is not None and process.stderr is not None
                errors = []
                for line in process.stderr:
                    errors.append(line)
                    if on_line is not None and line.strip():
                        on_line(line.strip())
                stdout = process.stdout.read()
                code = process.wait(timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError) as exc:
            return Outcome(request, -1, {}, f"could not run {shlex.join(argv[:3])}: {exc}")
        record = _record(stdout)
        if code != 0:
            line = _last_line("".join(errors)) or f"{shlex.join(argv[:3])} exited {code}"
            return Outcome(request, code, record, line)
        if dry_run and not request.is_undo and not record.get("summary"):
            # An older command without --json on a dry run: its one line is the summary.
            record = {"summary": _last_line(stdout) or " ".join(request.args)}
        return Outcome(request, 0, record, message=_last_line(stdout))

    def applied(self, outcome: Outcome, summary: str) -> None:
        """Take in a correction that was made (or saved for the owner)."""
        self.generation += 1
        if outcome.request.is_undo:
            undone = int(outcome.request.args[2])
            self.made = [m for m in self.made if m[0] != undone]
            for old, new in outcome.request.follow.items():
                if self.redirects.get(old) == new:
                    del self.redirects[old]
            return
        if outcome.id is not None:  # one saved to the user's file changed nothing here
            self.made.append((outcome.id, summary))
            self._follows[outcome.id] = dict(outcome.request.follow)
            self.redirects.update(outcome.request.follow)

    def last(self) -> tuple[int, str] | None:
        return self.made[-1] if self.made else None

    def undo_request(self, correction_id: int) -> Request:
        return Request(("corrections", "undo", str(correction_id)),
                       self._follows.get(correction_id, {}))

    def follow(self, actor_id: int | None) -> int | None:
        """Where an actor went, after the merges made from this browser (itself if none)."""
        seen = set()
        while actor_id in self.redirects and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.redirects[actor_id]
        return actor_id
