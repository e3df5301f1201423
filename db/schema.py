"""Tables, indexes, FTS5 and migrations (sqlite-utils), and opening a database.

Every schema change is a new migration appended to MIGRATIONS; never edit an applied one.
`SCHEMA_VERSION` is the number of migrations, recorded in `meta` so that a reader can tell a
database from a newer briefing (refused) from an older one (migrated on ingest).
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import suppress
from pathlib import Path

import sqlite_utils
from sqlite_utils import Database

from db.database import (  # noqa: F401  (re-exported: the write path imports them from here)
    SCHEMA_VERSION,
    DatabaseError,
    SchemaTampered,
    check_usable,
    configure,
    damaged,
    is_damage,
    open_read,
    schema_version,
)

MIGRATIONS = sqlite_utils.Migrations("briefing")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("articles").create(
        {
            "id": int, "external_id": str, "title": str, "source": str, "url": str,
            "published": str, "body": str, "sha256": str, "ingested_at": str,
            "pipeline": str, "n_actors": int,
        },
        pk="id", not_null={"external_id", "title", "body", "sha256"}, defaults={"n_actors": 0},
    )
    db.table("articles").create_index(["external_id"], unique=True)
    db.table("articles").create_index(["sha256"], unique=True)
    db.table("articles").create_index(["published", "id"])
    db.table("articles").create_index(["source"])
    db.table("actors").create(
        {
            "id": int, "key": str, "name": str, "kind": str, "country": str, "role": str,
            "n_mentions": int, "n_articles": int,
        },
        pk="id", not_null={"key", "name", "kind"}, defaults={"n_mentions": 0, "n_articles": 0},
    )
    db.table("actors").create_index(["key"], unique=True)
    db.table("actors").create_index(["kind", "n_mentions"])
    db.table("actors").create_index(["country"])
    db.table("aliases").create(
        {"actor_id": int, "alias": str}, pk=("actor_id", "alias"),
        foreign_keys=[("actor_id", "actors", "id")],
    )
    db.execute("CREATE INDEX idx_aliases_alias ON aliases(alias COLLATE NOCASE)")
    db.table("claims").create(
        {
            "id": int, "article_id": int, "seq": int, "start": int, "end": int, "text": str,
            "speaker_id": int, "negated": int,
        },
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "actors", "id")],
        defaults={"negated": 0},
    )
    db.table("claims").create_index(["article_id", "seq"], unique=True)
    db.table("claims").create_index(["speaker_id"])
    db.table("claim_types").create(
        {"claim_id": int, "type": str, "cue": str, "cue_start": int, "cue_end": int},
        pk=("claim_id", "type"), foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("claim_types").create_index(["type", "claim_id"])
    db.table("mentions").create(
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
    db.table("mentions").create_index(["actor_id", "article_id", "start"])
    db.table("mentions").create_index(["article_id", "start"])
    db.table("mentions").create_index(["claim_id"])
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


@MIGRATIONS()
def m002_lean_and_ordered(db: Database) -> None:
    """Claim and mention text derived from offsets into the body, not stored twice; an index
    for the article list's order.

    At 100,000 articles the claims' text was a second copy of every body (a quarter of the
    file). FTS5 over claims now reads its external content through a view that cuts the claim
    out of its article's body; offsets are code-point indices, as SQLite's substr() counts.
    """
    db.execute("DROP TABLE claims_fts")
    db.execute("ALTER TABLE claims DROP COLUMN text")
    db.execute("ALTER TABLE mentions DROP COLUMN text")
    db.execute(
        'CREATE VIEW claims_text AS SELECT c.id AS id, substr(a.body, c.start + 1, c."end" - '
        "c.start) AS text FROM claims c JOIN articles a ON a.id = c.article_id"
    )
    db.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims_text', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
    # The article list is ordered by coalesce(published, ''), id (undated last): an index on
    # that very expression lets the first page and every neighbour come from the index.
    db.execute("DROP INDEX idx_articles_published_id")
    db.execute(
        "CREATE INDEX idx_articles_order ON articles (coalesce(published, ''), id)"
    )


@MIGRATIONS()
def m003_compact_links(db: Database) -> None:
    """claim_types clustered on its key (WITHOUT ROWID: one copy, not a table and its
    autoindex), and mentions without an index on claim_id: the claim of a mention is found
    from its article and offset (idx_mentions_article_id_start), so the foreign key to
    claims, which needed that index for every claim deleted, goes too."""
    db.execute(
        "CREATE TABLE claim_types_new (claim_id INTEGER NOT NULL REFERENCES claims(id), "
        "type TEXT NOT NULL, cue TEXT, cue_start INTEGER, cue_end INTEGER, "
        "PRIMARY KEY (claim_id, type)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO claim_types_new SELECT claim_id, type, cue, cue_start, cue_end "
               "FROM claim_types")
    db.execute("DROP TABLE claim_types")
    db.execute("ALTER TABLE claim_types_new RENAME TO claim_types")
    db.execute("CREATE INDEX idx_claim_types_type_claim_id ON claim_types (type, claim_id)")
    db.execute(
        "CREATE TABLE mentions_new (id INTEGER PRIMARY KEY, "
        "article_id INTEGER REFERENCES articles(id), actor_id INTEGER REFERENCES actors(id), "
        'claim_id INTEGER, start INTEGER, "end" INTEGER)'
    )
    db.execute('INSERT INTO mentions_new SELECT id, article_id, actor_id, claim_id, start, "end" '
               "FROM mentions")
    db.execute("DROP TABLE mentions")
    db.execute("ALTER TABLE mentions_new RENAME TO mentions")
    db.execute("CREATE INDEX idx_mentions_actor_id_article_id_start "
               "ON mentions (actor_id, article_id, start)")
    db.execute("CREATE INDEX idx_mentions_article_id_start ON mentions (article_id, start)")


@MIGRATIONS()
def m004_drop_source_index(db: Database) -> None:
    """`source:` matches a part of the name (LIKE '%...%'), which no index can serve."""
    db.execute("DROP INDEX IF EXISTS idx_articles_source")


@MIGRATIONS()
def m005_partial_speaker_index(db: Database) -> None:
    """Most claims have no speaker: index only those that have one (`speaker_id = ?` and
    `IN (...)` imply NOT NULL, so queries and foreign-key checks still use it)."""
    db.execute("DROP INDEX IF EXISTS idx_claims_speaker_id")
    db.execute("CREATE INDEX idx_claims_speaker_id ON claims (speaker_id) "
               "WHERE speaker_id IS NOT NULL")


@MIGRATIONS()
def m006_kept_counts(db: Database) -> None:
    """What the claim filters asked of every claim, kept as the claims are written
    (`db/kept.py` keeps them up to date).

    `claim_countries`: the countries a claim mentions (through its actors). `country:` used
    to join each claim's mentions to their actors; on an empty intersection (`type:risk
    country:SYR`) that was 100 ms of probes at 100,000 articles, now one key lookup each.
    `claim_type_counts`: the type picker's counts, which were a GROUP BY over a million rows.

    Paid for in space by cutting cue text out of the body too, like claim and mention text.
    """
    db.execute("ALTER TABLE claim_types DROP COLUMN cue")
    db.execute(
        "CREATE TABLE claim_countries (claim_id INTEGER NOT NULL, country TEXT NOT NULL, "
        "PRIMARY KEY (claim_id, country)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT OR IGNORE INTO claim_countries SELECT m.claim_id, ac.country FROM mentions m "
        "JOIN actors ac ON ac.id = m.actor_id "
        "WHERE m.claim_id IS NOT NULL AND ac.country IS NOT NULL"
    )
    db.execute("CREATE TABLE claim_type_counts (type TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    db.execute("INSERT INTO claim_type_counts SELECT type, count(*) FROM claim_types GROUP BY type")


@MIGRATIONS(transactional=False)
def m007_ids_never_reused(db: Database) -> None:
    """Article ids are never reused (AUTOINCREMENT): a new article took a deleted one's id,
    and with it that article's read state and saved positions.

    SQLite cannot add AUTOINCREMENT to a table, so the table is made again, with every row
    and id as it was (offsets, FTS rowids and the other tables' references stay valid). Its
    DROP would run the foreign keys of claims and mentions against an empty table, so this
    runs outside sqlite-utils' transaction with foreign keys off, in a transaction of its own
    that checks them before committing; killed before sqlite-utils records it, a rerun sees
    the new table and does nothing.
    """
    conn = db.conn
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                       "AND name = 'articles'").fetchone()[0]
    if "AUTOINCREMENT" in sql.upper():
        return
    new_sql = re.sub(r"^CREATE TABLE \[?\"?articles\]?\"?", "CREATE TABLE articles_new", sql)
    new_sql = re.sub(r"INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT", new_sql, count=1)
    if "articles_new" not in new_sql or "AUTOINCREMENT" not in new_sql:
        raise sqlite3.DatabaseError(f"unexpected articles table: {sql}")
    dependents = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "((type = 'index' AND tbl_name = 'articles') OR type = 'view')").fetchall()
    if conn.in_transaction:  # PRAGMA foreign_keys is a silent no-op inside a transaction
        conn.commit()
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for kind, name, _sql in dependents:
                conn.execute(f'DROP {kind.upper()} "{name}"')
            conn.execute(new_sql)
            conn.execute("INSERT INTO articles_new SELECT * FROM articles")
            conn.execute("DROP TABLE articles")
            conn.execute("ALTER TABLE articles_new RENAME TO articles")
            for _kind, _name, dependent_sql in dependents:
                conn.execute(dependent_sql)
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken:
                raise sqlite3.IntegrityError(f"foreign key broken by the migration: {broken}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@MIGRATIONS()
def m008_input_origin(db: Database) -> None:
    """What an `external_id` is (the input's own id, a file's resolved path, or the hash of
    title and body) in its own column, and unique with it: a JSON `id` that equals a file's
    path is not that file. Rows from before are told apart by form: an absolute path is a
    file's, anything else the input's own id (records without one had their position, which
    no input will have again; an unchanged one is still known by its hash)."""
    if "origin" in db.table("articles").columns_dict:
        return  # already there (a test writes an older schema with today's writer)
    db.execute("ALTER TABLE articles ADD COLUMN origin TEXT NOT NULL DEFAULT 'input'")
    db.execute("UPDATE articles SET origin = 'file' WHERE external_id LIKE '/%'")
    db.execute("DROP INDEX IF EXISTS idx_articles_external_id")
    # external_id first: lookups by it alone (corrections, `--article`) still use the index.
    db.execute("CREATE UNIQUE INDEX idx_articles_external_id ON articles (external_id, origin)")


@MIGRATIONS()
def m009_actor_redirects(db: Database) -> None:
    """Actors joined across the corpus (`db/resolve.py`): the old id and key of each actor
    joined into another, so a later mention of that form, and a saved view or read position
    holding the old id, find the survivor."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS actor_redirects (old_id INTEGER PRIMARY KEY, "
        "old_key TEXT NOT NULL, new_id INTEGER NOT NULL, rule TEXT)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_actor_redirects_old_key "
               "ON actor_redirects (old_key)")



@MIGRATIONS()
def m010_corrections(db: Database) -> None:
    """A user's corrections of the actors (`db/corrections.py`), one row each: what, the
    actors by id, name and key (JSON), the form or article, the new values, who and when, and
    `undo`, the rows as they were before it (JSON), which `briefing corrections undo` puts
    back. `uid` tells a correction taken in twice (an export, the user's file) from a new one.
    Corrections are rules: the writers apply them to every article they write."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS corrections (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "uid TEXT NOT NULL UNIQUE, what TEXT NOT NULL, actor TEXT, target TEXT, form TEXT, "
        "article TEXT, name TEXT, kind TEXT, country TEXT, role TEXT, result TEXT, "
        "who TEXT NOT NULL, at TEXT NOT NULL, note TEXT, keys TEXT, undo TEXT)"
    )

# SCHEMA_VERSION lives in db/database.py (the read path, which must not import sqlite-utils).
if len(MIGRATIONS._migrations) != SCHEMA_VERSION:  # a migration appended without the bump
    raise RuntimeError("bump SCHEMA_VERSION in db/database.py to the number of migrations")


def _record_version(db: Database) -> None:
    db.table("meta").upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


def open_write(path: str | Path) -> Database:
    """Open (or create) a database for writing, in WAL mode, migrated to the current schema.

    A file that is not briefing's, or from a newer briefing, is refused before anything is
    written to it (not even the switch to WAL).
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        configure(conn)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(_cannot_write(path, exc)) from exc
    try:
        try:
            check_usable(conn, path)
        except sqlite3.OperationalError as exc:
            raise DatabaseError(_cannot_write(path, exc)) from exc
        try:
            version = schema_version(conn)
        except SchemaTampered as exc:
            raise DatabaseError(f"{path}: cannot be written: {exc}") from None
        if version is not None and version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{path}: made by a newer briefing (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); upgrade briefing to write to it"
            )
        try:
            # Takes effect on a new database only (before WAL is on). Article rows of 1-10 KB
            # waste a third of 4 KB pages and spill into overflow pages; 16 KB keeps them local.
            conn.execute("PRAGMA page_size = 16384")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise DatabaseError(_cannot_write(path, exc)) from exc
        db = Database(conn)
        try:
            MIGRATIONS.apply(db)
            with db.atomic():
                _record_version(db)
        except sqlite3.Error as exc:
            raise DatabaseError(_cannot_write(path, exc, "cannot migrate")) from exc
    except DatabaseError:
        conn.close()
        raise
    return db


def _cannot_write(path: Path, exc: BaseException, what: str = "cannot write") -> str:
    """One line that says why, in the user's terms."""
    message = str(exc)
    if isinstance(exc, OSError):
        message = exc.strerror or message
    lowered = message.lower()
    if is_damage(exc):
        return damaged(path, exc, writing=True)
    if "disk is full" in lowered or "no space" in lowered:
        return f"{path}: {what}: the disk is full"
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered \
            or "permission" in lowered:
        return f"{path}: {what}: the database or its folder is read-only ({message})"
    return f"{path}: {what}: {message}"


def close_write(db: Database) -> None:
    """Copy the write-ahead log into the database file, then close.

    A reader that cannot write beside the database opens it immutable and does not see the
    log, so a finished ingest leaves everything in the main file. PASSIVE never waits for
    readers; the last connection to close checkpoints whatever is left.
    """
    with suppress(sqlite3.Error):  # only an optimisation: the data is safe in the log
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    db.conn.close()
