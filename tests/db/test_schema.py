"""Schema and migrations: applied twice changes nothing; WAL; FTS5 tables exist."""

from __future__ import annotations

import sqlite3

from db.schema import MIGRATIONS, SCHEMA_VERSION, open_write, schema_version


def test_open_write_creates_every_table(db_path):
    db = open_write(db_path)
    names = set(db.table_names())
    assert {"articles", "actors", "aliases", "mentions", "claims", "claim_types", "meta"} <= names
    assert {"articles_fts", "claims_fts", "actors_fts"} <= names
    assert schema_version(db.conn) == SCHEMA_VERSION


def test_migrations_applied_twice_change_nothing(db_path):
    db = open_write(db_path)
    before = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    db.conn.close()
    db = open_write(db_path)
    MIGRATIONS.apply(db)
    after = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert before == after
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert applied == len(MIGRATIONS.applied(db)) == SCHEMA_VERSION


def test_database_is_in_wal_mode(db_path):
    open_write(db_path).conn.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_fts5_is_available(db_path):
    db = open_write(db_path)
    db.execute("INSERT INTO actors_fts (rowid, name, aliases) VALUES (1, 'NATO', 'nato')")
    assert db.execute("SELECT rowid FROM actors_fts WHERE actors_fts MATCH 'nato'").fetchone()


def test_a_new_database_migrated_step_by_step_is_the_one_open_write_makes(tmp_path):
    """The tests' new databases are copies of one made by `open_write` (tests/conftest.py);
    this runs every migration on an empty file, as a user's first ingest does, and compares."""
    from sqlite_utils import Database

    made = open_write(tmp_path / "made.db")
    stepped = Database(tmp_path / "stepped.db")
    type(MIGRATIONS).apply(MIGRATIONS, stepped)  # the class's own, past the tests' copy
    schema_of = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert stepped.execute(schema_of).fetchall() == made.execute(schema_of).fetchall()
    applied = "SELECT name FROM _sqlite_migrations ORDER BY id"
    assert stepped.execute(applied).fetchall() == made.execute(applied).fetchall()
