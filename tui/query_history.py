"""The query bar's history: `$XDG_DATA_HOME/briefing/query-history`, one query a line, the
newest last, at most KEEP. Per user, beside the read state; never in the shared database."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tui.paths import data_dir
from tui.saved_views import write_atomic

KEEP = 200


def history_path() -> Path:
    return data_dir() / "query-history"


class QueryHistory:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []  # none yet (or unreadable: start afresh, the file is only a convenience)
        self.entries: list[str] = [line for line in lines if line.strip()][-KEEP:]

    def add(self, query: str) -> None:
        """Remember a query (again at the end if it was there before)."""
        query = " ".join(query.split())
        if not query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries = [*self.entries, query][-KEEP:]
        with contextlib.suppress(OSError):  # a read-only home: it lasts for this session
            write_atomic(self.path, "\n".join(self.entries) + "\n")

    def before(self, current: str) -> str | None:
        """The entry older than `current` (the newest one when `current` is not an entry)."""
        if not self.entries:
            return None
        if current in self.entries:
            i = self.entries.index(current)
            return self.entries[i - 1] if i > 0 else None
        return self.entries[-1]
