"""Saved views: named queries, per user, in `$XDG_CONFIG_HOME/briefing/views.toml`.

    [views]
    "NATO and Ukraine" = "actor:NATO country:UKR"

Kept out of the shared database: a view is one analyst's habit, not part of the corpus.
The file is small and rewritten whole (atomically) on every change.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

from tui.paths import config_dir


def views_path() -> Path:
    return config_dir() / "views.toml"


class SavedViews:
    """Name -> query. A missing or broken file is an empty set plus a `problem` to show."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or views_path()
        self.views: dict[str, str] = {}
        self.problem: str | None = None
        self.load()

    def load(self) -> None:
        self.views, self.problem = {}, None
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self.problem = f"{self.path}: {exc}"
            return
        table = data.get("views", {})
        if isinstance(table, dict):
            self.views = {str(k): v for k, v in table.items() if isinstance(v, str)}

    def names(self) -> list[str]:
        return sorted(self.views, key=str.casefold)

    def get(self, name: str) -> str | None:
        if name in self.views:
            return self.views[name]
        # Names are typed by hand on the command line: be lenient about case.
        folded = {k.casefold(): v for k, v in self.views.items()}
        return folded.get(name.casefold())

    def save(self, name: str, query: str) -> None:
        self.views[name] = query
        self._write()

    def delete(self, name: str) -> None:
        if self.views.pop(name, None) is not None:
            self._write()

    def _write(self) -> None:
        lines = ["# Saved views of briefing: name = query (the query language of `/`).", "",
                 "[views]"]
        # JSON strings are valid TOML basic strings (same escapes), for keys and values.
        lines += [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(self.views.items())]
        write_atomic(self.path, "\n".join(lines) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file so that a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
