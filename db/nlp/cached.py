"""Data derived once and kept in the user's cache folder (the gazetteer, its matcher's
patterns): read back when the file holds what is expected, else built and written whole."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")


def cached(path: Path, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """The value pickled at `path` when `valid` takes it, else `build()`, written there for
    the next process. A missing, unreadable, truncated or foreign file is built again; a
    folder that cannot be written (a read-only home) builds each time. Processes started
    together (`--workers`, test workers) build it once: the others wait for the first."""
    found = _read(path, valid)
    if found is not None:
        return cast(T, found[0])
    with _building(path):
        found = _read(path, valid)  # built by the process that held the lock before us
        if found is not None:
            return cast(T, found[0])
        built = build()
        try:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the whole new one
        except OSError:
            pass
        return built


def _read(path: Path, valid: Callable[[Any], bool]) -> tuple[Any] | None:
    """(the value,) when the file holds a valid one, else None (a value may itself be empty)."""
    try:
        with path.open("rb") as f:
            value = pickle.load(f)  # the user's own cache folder: trusted as their files are
        if valid(value):
            return (value,)
    except Exception:  # missing, unreadable, truncated or from another version
        pass
    return None


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """An exclusive lock beside `path` while one process builds it; none where the folder
    cannot be written (each process then builds its own, as before)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_suffix(".lock").open("ab")
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield
