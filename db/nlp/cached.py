"""Data derived once and kept in the user's cache folder (the gazetteer, its matcher's
patterns): read back when the file holds what is expected, else built and written whole."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cached(path: Path, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """The value pickled at `path` when `valid` takes it, else `build()`, written there for
    the next process. A missing, unreadable, truncated or foreign file is built again; a
    folder that cannot be written (a read-only home) builds each time."""
    try:
        with path.open("rb") as f:
            value = pickle.load(f)  # the user's own cache folder: trusted as their files are
        if valid(value):
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, unreadable, truncated or from another version
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers see the old file or the whole new one
    except OSError:
        pass
    return built
