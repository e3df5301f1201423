"""Tables, indexes, FTS5 and migrations (sqlite-utils), and opening a database.

Every schema change is a new migration appended to MIGRATIONS; never edit an applied one.
`SCHEMA_VERSION` is the number of migrations, recorded in `meta` so that a reader can tell a
database from a newer briefing (refused) from an older one (migrated on ingest).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Database

MIGRATIONS = sqlite_utils.Migrations("briefing")


class DatabaseError(Exception):
    """A database that cannot be used: missing, not briefing's, from a newer schema, locked."""


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["articles"].create(
        {
            "id": int, "external_id": str, "title": str, "source": str, "url": str,
            "published": str, "body": str, "sha256": str, "ingested_at": str,
            "pipeline": str, "n_actors": int,
        },
        pk="id", not_null={"external_id", "title", "body", "sha256"}, defaults={"n_actors": 0},
    )
    db["articles"].create_index(["external_id"], unique=True)
    db["articles"].create_index(["sha256"], unique=True)
    db["articles"].create_index(["published", "id"])
    db["articles"].create_index(["source"])
    db["actors"].create(
        {
            "id": int, "key": str, "name": str, "kind": str, "country": str, "role": str,
            "n_mentions": int, "n_articles": int,
        },
        pk="id", not_null={"key", "name", "kind"}, defaults={"n_mentions": 0, "n_articles": 0},
    )
    db["actors"].create_index(["key"], unique=True)
    db["actors"].create_index(["kind", "n_mentions"])
    db["actors"].create_index(["country"])
    db["aliases"].create(
        {"actor_id": int, "alias": str}, pk=("actor_id", "alias"),
        foreign_keys=[("actor_id", "actors", "id")],
    )
    db.execute("CREATE INDEX idx_aliases_alias ON aliases(alias COLLATE NOCASE)")
    db["claims"].create(
        {
            "id": int, "article_id": int, "seq": int, "start": int, "end": int, "text": str,
            "speaker_id": int, "negated": int,
        },
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "actors", "id")],
        defaults={"negated": 0},
    )
    db["claims"].create_index(["article_id", "seq"], unique=True)
    db["claims"].create_index(["speaker_id"])
    db["claim_types"].create(
        {"claim_id": int, "type": str, "cue": str, "cue_start": int, "cue_end": int},
        pk=("claim_id", "type"), foreign_keys=[("claim_id", "claims", "id")],
    )
    db["claim_types"].create_index(["type", "claim_id"])
    db["mentions"].create(
        {
            "id": int, "article_id": int, "actor_id": int, "claim_id": int,
            "start": int, "end": int, "text": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"), ("actor_id", "actors", "id"),
            ("claim_id", "claims", "id"),
        ],
    )
    db["mentions"].create_index(["actor_id", "article_id", "start"])
    db["mentions"].create_index(["article_id", "start"])
    db["mentions"].create_index(["claim_id"])
    # Word search over articles, with the articles table as external content (no second copy).
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    # Claims are searched by words when a claim filter is given; claims keep their text.
    db.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    # Actor names and all their aliases, one row per actor (rowid = actor id).
    db.execute(
        "CREATE VIRTUAL TABLE actors_fts USING fts5(name, aliases, "
        "tokenize='unicode61 remove_diacritics 2')"
    )


SCHEMA_VERSION = 1


def _record_version(db: Database) -> None:
    db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema version of an open database, or None when it is not a briefing database."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row else None


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")


def open_write(path: str | Path) -> Database:
    """Open (or create) a database for writing, in WAL mode, migrated to the current schema."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"{path}: cannot open for writing: {exc}") from exc
    _check_usable(conn, path)
    version = schema_version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: made by a newer briefing (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    db = Database(conn)
    try:
        MIGRATIONS.apply(db)
        with db.atomic():
            _record_version(db)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot migrate: {exc}") from exc
    return db


def _check_usable(conn: sqlite3.Connection, path: Path) -> None:
    """Fail with a clear message on a file that is not a SQLite database, or not briefing's."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a briefing database ({exc})") from exc
    if tables and "meta" not in tables and "articles" not in tables:
        raise DatabaseError(f"{path}: not a briefing database")


def open_read(path: str | Path) -> tuple[sqlite3.Connection, str | None]:
    """Open an existing database read-only. Returns the connection and a notice, if any.

    A database in a folder the user cannot write cannot be opened in WAL mode read-only (SQLite
    needs the -shm file); then it is opened with immutable=1, and the notice says that
    changes made meanwhile are not seen.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database (run `briefing ingest` first)")
    uri = f"file:{path.resolve()}?mode=ro"
    notice = None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        _configure(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn = sqlite3.connect(
            f"file:{path.resolve()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        notice = "read-only folder: opened as immutable, changes made meanwhile are not seen"
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a briefing database ({exc})") from exc
    _check_usable(conn, path)
    version = schema_version(conn)
    if version is None:
        raise DatabaseError(f"{path}: not a briefing database")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: made by a newer briefing (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    if version < SCHEMA_VERSION:
        raise DatabaseError(f"{path}: an older schema ({version}); run `briefing ingest` to migrate")
    return conn, notice
