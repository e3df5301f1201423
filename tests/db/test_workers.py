"""`--workers N` runs the pipeline in N processes and writes the same rows as one process."""

from __future__ import annotations

from db import ingest
from db.readers import read_inputs
from db.schema import open_write
from db.store import Store
from tests.conftest import CORPUS, SEED


def _export(path):
    return list(Store(path).export())


def test_two_workers_write_the_same_rows_as_one(tmp_path, rules_pipeline):
    for workers in (1, 2):
        db = open_write(tmp_path / f"w{workers}.db")
        items = list(read_inputs([str(SEED), str(CORPUS)]))
        summary = ingest.ingest_items(db, items, rules_pipeline, n_process=workers)
        assert summary.failed == 0
        db.conn.close()
    rules_pipeline.close()
    assert _export(tmp_path / "w1.db") == _export(tmp_path / "w2.db")


def test_extractions_come_back_in_the_order_of_the_texts(rules_pipeline):
    texts = [f"Text number {i}. France and Germany met in Paris." * (i % 3 + 1)
             for i in range(11)]
    one = list(rules_pipeline.extract_many(texts, batch_size=4, n_process=1))
    two = list(rules_pipeline.extract_many(texts, batch_size=4, n_process=2))
    rules_pipeline.close()
    assert one == two
    assert len(two) == len(texts)
