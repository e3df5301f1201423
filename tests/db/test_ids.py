"""Article ids are never reused after a delete (m007_ids_never_reused, issue 15)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from db import database, ingest, schema
from db.readers import read_inputs
from db.store import Store
from tests.cli import briefing_here
from tests.conftest import CORPUS, SEED


def note(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"Title: {name}\n\n{text}\n")
    return path


def ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        conn.close()


def test_a_new_article_never_takes_a_deleted_ones_id(tmp_path, db_path):
    for i in range(3):
        assert briefing_here("--db", db_path, "ingest",
                        note(tmp_path, f"n{i}", f"Officials in Kenya met on day {i}.")).code == 0
    assert ids(db_path) == [1, 2, 3]
    assert briefing_here("--db", db_path, "delete", "3").code == 0
    assert briefing_here("--db", db_path, "ingest",
                    note(tmp_path, "later", "Officials in Ghana met.")).code == 0
    assert ids(db_path) == [1, 2, 4]


def test_the_bulk_writer_never_reuses_a_deleted_id_either(tmp_path, db_path, rules_pipeline):
    from db.bulk import BulkWriter

    db = schema.open_write(db_path)
    ingest.ingest_items(db, list(read_inputs([str(note(tmp_path, "a", "Kenya."))])),
                        rules_pipeline)
    ingest.ingest_items(db, list(read_inputs([str(note(tmp_path, "b", "Ghana."))])),
                        rules_pipeline)
    with db.atomic():
        ingest.delete_article(db, 2)
    writer = BulkWriter(db, rules_pipeline.name)
    [item] = list(read_inputs([str(note(tmp_path, "c", "Chad."))]))
    prepared = ingest.prepare(db, item)
    assert prepared is not None
    writer.add(prepared, next(iter(rules_pipeline.extract_many([prepared.body]))))
    writer.close()
    db.conn.close()
    assert ids(db_path) == [1, 3]


def test_migrating_keeps_every_id_and_offset_and_the_export(db_path, rules_pipeline,
                                                            monkeypatch):
    """A database of schema 6, with a gap left by a delete, migrated by a bare ingest."""
    conn = sqlite3.connect(db_path)
    old = sqlite_utils.Database(conn)
    old.execute("PRAGMA foreign_keys = ON")
    schema.MIGRATIONS.apply(old, stop_before="m007_ids_never_reused")
    old.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '6')")
    # Today's writer needs what the later migrations add (both leave a database that has
    # it as it is); m007 is what is tested.
    schema.m008_input_origin(old)
    schema.m009_actor_redirects(old)
    conn.commit()
    ingest.ingest_items(old, list(read_inputs([str(SEED), str(CORPUS)])), rules_pipeline)
    with old.atomic():
        ingest.delete_article(old, 5)
    conn.close()
    assert "AUTOINCREMENT" not in _articles_sql(db_path)

    monkeypatch.setattr(database, "SCHEMA_VERSION", 6)  # read it as the last release would
    before = list(Store(db_path).export())
    monkeypatch.undo()
    assert 5 not in [r["id"] for r in before if r["type"] == "article"]

    run = briefing_here("--db", db_path, "ingest")
    assert run.code == 0 and f"schema {database.SCHEMA_VERSION}" in run.out
    assert "AUTOINCREMENT" in _articles_sql(db_path)
    assert list(Store(db_path).export()) == before  # every id, offset and text as it was
    assert briefing_here("--db", db_path, "check").code == 0  # indexes, counts, foreign keys
    store = Store(db_path)
    first = next(r for r in before if r["type"] == "article")
    word = first["title"].split()[0]
    assert first["id"] in [h.article.id for h in store.search(word, limit=None).articles]
    conn = sqlite3.connect(db_path)
    indexes = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'")}
    assert {"idx_articles_external_id", "idx_articles_sha256", "idx_articles_order"} <= indexes
    conn.close()
    again = schema.open_write(db_path)  # applied twice changes nothing
    again.conn.close()
    assert list(Store(db_path).export()) == before


def _articles_sql(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'"
                                ).fetchone()[0])
    finally:
        conn.close()
