"""Which articles this user has read: `$XDG_DATA_HOME/briefing/read.json`.

Never in the shared database (the browser opens it read-only, and read state is personal).
Keyed by the database's path, since article ids are only meaningful within one database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tui.paths import data_dir
from tui.saved_views import write_atomic


def read_path() -> Path:
    return data_dir() / "read.json"


class ReadState:
    def __init__(self, database: Path, path: Path | None = None) -> None:
        self.path = path or read_path()
        self.key = str(Path(database).expanduser().resolve())
        self.problem: str | None = None
        self._all: dict[str, list[int]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._all = {k: v for k, v in data.items() if isinstance(v, list)}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:  # a broken file: start empty, say so, keep it
            self.problem = f"{self.path}: {exc}"
        self.ids: set[int] = {i for i in self._all.get(self.key, []) if isinstance(i, int)}

    def is_read(self, article_id: int) -> bool:
        return article_id in self.ids

    def mark(self, article_id: int, read: bool = True) -> bool:
        """Set the state; True when it changed."""
        if (article_id in self.ids) == read:
            return False
        if read:
            self.ids.add(article_id)
        else:
            self.ids.discard(article_id)
        self._save()
        return True

    def mark_all(self, article_ids: Iterable[int]) -> int:
        """Mark every one read (a feed, a view), saved once; how many were unread."""
        new = set(article_ids) - self.ids
        if new:
            self.ids |= new
            self._save()
        return len(new)

    def toggle(self, article_id: int) -> bool:
        """Flip the state; returns the new one."""
        read = not self.is_read(article_id)
        self.mark(article_id, read)
        return read

    def _save(self) -> None:
        if self.problem:  # never overwrite a file we could not read
            return
        self._all[self.key] = sorted(self.ids)
        try:
            write_atomic(self.path, json.dumps(self._all))
        except OSError as exc:
            self.problem = f"{self.path}: {exc}"
