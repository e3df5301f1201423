"""The files of a database, and writing an output file without harming any of them.

A SQLite database is several files: the database, its write-ahead log (`-wal`), the shared
memory index (`-shm`), a rollback journal (`-journal`) and briefing's writer lock (`.lock`).
`export -o DB` once opened the database itself for writing and truncated it to 0 bytes; an
output is now refused when it is any of these files, by whatever path (a symbolic link, a
hard link, `./x/../DB`), and written to a temporary file renamed into place, so a failed or
interrupted write never leaves half a file where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock")


class UnsafeOutput(Exception):
    """The output would overwrite a file of the database."""


def database_files(db_path: Path) -> list[Path]:
    """Every file SQLite or briefing keeps for this database, beside the path it resolves to
    (SQLite opens the log and the lock beside the real file, not beside a symbolic link)."""
    real = Path(os.path.realpath(db_path))
    given = Path(os.path.abspath(db_path))
    names = []
    for base in dict.fromkeys((real, given)):  # both, once each when they are the same
        names += [base.with_name(base.name + suffix) for suffix in SUFFIXES]
    return names


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (existing) the same inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def check_output(out: Path, db_path: Path) -> None:
    """Refuse an output that is the database or one of its files."""
    for part in database_files(db_path):
        if same_file(out, part):
            suffix = next(s for s in reversed(SUFFIXES) if part.name.endswith(s))
            what = "the database" if not suffix else f"the database's {suffix} file"
            raise UnsafeOutput(f"{out}: is {what} ({db_path}); choose another output file")


@contextmanager
def atomic_output(out: Path) -> Iterator[IO[str]]:
    """A text stream whose content replaces `out` only once the block finishes without error.

    The temporary file is made beside the file `out` resolves to (a rename works within a
    file system only, and replacing a symbolic link's target keeps the link).
    """
    target = Path(os.path.realpath(out))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with suppress(OSError):  # keep the mode of the file replaced (mkstemp makes 0600)
            os.chmod(tmp, os.stat(target).st_mode & 0o7777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
