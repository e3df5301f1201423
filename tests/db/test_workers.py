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


def test_the_worker_pool_does_not_keep_the_write_lock(tmp_path, rules_pipeline):
    """The pool was forked inside a batch's lock (extraction was a generator consumed there):
    its processes inherited the lock's open file and held the lock after the batch, so the
    next batch of the same ingest waited for it forever."""
    import fcntl
    import os

    from db.lock import lock_path, write_lock

    path = tmp_path / "w.db"
    db = open_write(path)
    rules_pipeline.close()  # a pool forked by this ingest, not one left by another test
    items = list(read_inputs([str(SEED), str(CORPUS)]))[:10]  # one batch
    summary = ingest.ingest_items(db, items, rules_pipeline, n_process=2,
                                  batch_lock=lambda: write_lock(path))
    assert summary.added == 10
    fd = os.open(lock_path(path), os.O_RDWR)
    try:  # the pool is still up: it must not hold the lock
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)
        rules_pipeline.close()
        db.conn.close()


def test_the_pool_stops_though_the_parent_handles_sigterm(rules_pipeline):
    """The CLI handles SIGTERM (finish the batch, then stop); forked workers inherited that
    handler, ignored the pool's terminate and the ingest hung at its exit, joining them."""
    import signal
    import threading

    before = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        rules_pipeline.close()
        list(rules_pipeline.extract_many(["France and Germany met."] * 8, n_process=2))
        closing = threading.Thread(target=rules_pipeline.close, daemon=True)
        closing.start()
        closing.join(timeout=60)
        assert not closing.is_alive(), "the pool's workers did not stop on terminate"
    finally:
        signal.signal(signal.SIGTERM, before)
