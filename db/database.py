"""Opening a briefing database for reading, without sqlite-utils.

The browser and the read commands only read: they must start fast, and importing sqlite-utils
costs about 0.3 s (it pulls in numpy). So the read path lives here, apart from the tables and
migrations in `db/schema.py`, which is imported by the write path only.

`SCHEMA_VERSION` is the number of migrations in `db/schema.py`; bump it with every migration
appended there (schema.py refuses to import when they disagree).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 10
MAP_BYTES = 32 * 1024 * 1024
MAPPED_CONNECTIONS = 2


class DatabaseError(Exception):
    """A database that cannot be used: missing, not briefing's, from a newer schema, locked."""


# How SQLite says a file is damaged (SQLITE_CORRUPT). "file is not a database" is left out:
# that is a file that never was one, and says so as "not a briefing database".
_DAMAGE = ("malformed", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite reported a damaged file (not a busy, full or read-only one)."""
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in str(exc).lower() for word in _DAMAGE)


def damaged(path: Path | str, exc: BaseException, *, writing: bool = False) -> str:
    """The one line of a damaged database: which file, and the two commands that help."""
    stopped = " the batch in progress was rolled back and nothing more was written;" \
        if writing else ""
    return (f"{path}: the database is damaged ({exc});{stopped} run `briefing --db {path} "
            f"check` to see what, then `briefing --db {path} repair`")


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema version of an open database, or None when it is not a briefing database."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    if not row:
        return None
    try:
        return int(row[0])
    except (TypeError, ValueError):  # edited by hand or by another program
        raise SchemaTampered(row[0]) from None


class SchemaTampered(Exception):
    """The recorded schema version is not a number."""

    def __init__(self, value: object) -> None:
        super().__init__(f"its schema version is {value!r}, not a number: the meta table was "
                         "changed by something other than briefing")


def configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")


def check_usable(conn: sqlite3.Connection, path: Path) -> None:
    """Fail with a clear message on a file that is not a SQLite database, or not briefing's.

    An empty database is usable (a new one). Otherwise it must hold briefing's `meta` table or
    sqlite-utils' record of briefing's migrations (an ingest killed while creating the schema):
    another program's database, even one with an `articles` table, is never touched.
    """
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ours = "meta" in tables or (
            "_sqlite_migrations" in tables
            and conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'briefing'"
            ).fetchone() is not None
        )
    except sqlite3.OperationalError:
        raise  # cannot read it here (a read-only folder...): the caller says what that means
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DatabaseError(damaged(path, exc)) from exc
        raise DatabaseError(f"{path}: not a briefing database ({exc})") from exc
    # Only sqlite-utils' own table: an ingest killed before it created anything else.
    if tables - {"_sqlite_migrations"} and not ours:
        raise DatabaseError(f"{path}: not a briefing database (it holds other tables)")


IMMUTABLE_NOTICE = (
    "read-only folder: opened as immutable, changes made meanwhile are not seen"
)


def _connect_read(path: Path, *, immutable: bool) -> sqlite3.Connection:
    # The path is quoted for the URI: a name holding '?' or '#' must not become parameters.
    # Quoted as bytes: a Linux path need not be UTF-8 (a Latin-1 name), and its bytes are it.
    import os
    from urllib.parse import quote

    uri = f"file:{quote(os.fsencode(path.resolve()))}?mode=ro"
    uri += "&immutable=1" if immutable else ""
    conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
    try:
        configure(conn)
        # The first 32 MB of the file memory-mapped: the claim filters hop between rows of
        # a 600 MB file, and through read() each 16 KB page missed was a copy (country:CAN
        # 13 ms unmapped, 7 ms mapped). Mapped pages count in the browser's RSS, once per
        # connection that maps them, and the browser opens one connection per thread: the
        # store maps on its first MAPPED_CONNECTIONS connections only (Store.conn), so at
        # most 64 MB are mapped however many worker threads a long session uses.
        conn.execute(f"PRAGMA mmap_size = {MAP_BYTES}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _is_read_only_error(exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    return "readonly" in message or "read-only" in message or "unable to open" in message


def open_read(path: str | Path) -> tuple[sqlite3.Connection, str | None]:
    """Open an existing database read-only. Returns the connection and a notice, if any.

    A database in a folder the user cannot write cannot be opened in WAL mode read-only (SQLite
    needs the -shm file); then it is opened with immutable=1, and the notice says that
    changes made meanwhile are not seen.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database (run `briefing ingest` first)")
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database")
    notice = None
    try:
        conn = _connect_read(path, immutable=False)
    except sqlite3.OperationalError as exc:
        # Only a database we may not write beside (no -shm can be made) falls back; "locked"
        # or anything else must not be read as immutable while a writer may change it.
        if not _is_read_only_error(exc):
            raise DatabaseError(f"{path}: cannot open: {exc}") from exc
        try:
            conn = _connect_read(path, immutable=True)
        except sqlite3.Error as exc2:
            raise DatabaseError(f"{path}: cannot open: {exc2}") from exc2
        notice = IMMUTABLE_NOTICE
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DatabaseError(damaged(path, exc)) from exc
        raise DatabaseError(f"{path}: not a briefing database ({exc})") from exc
    try:
        check_usable(conn, path)
        version = schema_version(conn)
    except SchemaTampered as exc:
        conn.close()
        raise DatabaseError(f"{path}: cannot be read: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_damage(exc):
            raise DatabaseError(damaged(path, exc)) from exc
        raise
    if version is None:
        raise DatabaseError(f"{path}: not a briefing database")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: made by a newer briefing (schema {version}, "
            f"this one knows {SCHEMA_VERSION})"
        )
    if version < SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: made by an older briefing (schema {version}); run `briefing ingest` "
            "(no inputs needed) to bring it up to date"
        )
    return conn, notice
