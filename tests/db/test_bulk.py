"""The bulk write path writes the same rows as the one-article-at-a-time path."""

from __future__ import annotations

from db import ingest
from db.bulk import BulkWriter
from db.readers import read_inputs
from db.schema import open_write
from db.store import Store
from tests.conftest import CORPUS, SEED


def _inputs():
    return list(read_inputs([str(SEED), str(CORPUS)]))


def test_bulk_writer_gives_the_same_export_as_ingest(tmp_path, rules_pipeline):
    one = open_write(tmp_path / "one.db")
    ingest.ingest_items(one, _inputs(), rules_pipeline)
    one.conn.close()

    bulk = open_write(tmp_path / "bulk.db")
    prepared = [p for p in (ingest.prepare(bulk, item) for item in _inputs()) if p is not None]
    extractions = rules_pipeline.extract_many([p.body for p in prepared],
                                              titles=[p.title for p in prepared])
    writer = BulkWriter(bulk, rules_pipeline.name, chunk=7)  # several chunks
    for p, extraction in zip(prepared, extractions, strict=True):
        writer.add(p, extraction)
    writer.close()
    bulk.conn.close()

    a = list(Store(tmp_path / "one.db").export())
    b = list(Store(tmp_path / "bulk.db").export())
    assert len(a) > 100
    assert a == b


def test_counts_and_fts_are_kept_by_the_bulk_writer(tmp_path, rules_pipeline):
    db = open_write(tmp_path / "bulk.db")
    prepared = [p for p in (ingest.prepare(db, item) for item in _inputs()) if p is not None]
    writer = BulkWriter(db, rules_pipeline.name)
    for p, e in zip(prepared, rules_pipeline.extract_many([p.body for p in prepared]),
                    strict=True):
        writer.add(p, e)
    writer.close()
    assert db.execute(
        "SELECT count(*) FROM actors WHERE n_mentions != "
        "(SELECT count(*) FROM mentions m WHERE m.actor_id = actors.id)"
    ).fetchone()[0] == 0
    for table in ("articles_fts", "claims_fts"):
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    assert db.execute(
        "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'Syria'"
    ).fetchone()[0] > 0
