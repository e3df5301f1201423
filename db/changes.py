"""Whether another connection has committed since we last looked: `PRAGMA data_version`.

SQLite bumps a connection's data_version whenever *another* connection (any process) commits
to the file, and reading it touches no page: so an open browser can poll it every second and
learn of a refresh or an ingest from another terminal without querying anything else. The
number is per connection, so the watch keeps one connection (the store's first, opened by
the thread that made the store) and is asked from any worker thread under its own lock
(Python's sqlite3 is built serialized here, `sqlite3.threadsafety == 3`, so a connection may
be shared between threads; the lock makes the read-compare-remember one step).
"""

from __future__ import annotations

import sqlite3
import threading


class ChangeWatch:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._seen = self._version()

    def _version(self) -> int:
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0]) if row else 0

    def changed(self) -> bool:
        """True once after each commit made by another connection."""
        with self._lock:
            version = self._version()
            if version == self._seen:
                return False
            self._seen = version
            return True
