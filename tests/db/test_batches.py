"""One batch ahead (db/batches.py): a pipeline that can `submit`, as a Dask cluster can, is
sent batch k+1 before batch k is written; what is stored is what a local ingest stores.

`Ahead` is the rules-only pipeline behind the cluster's interface, so these run in the fast
tier; tests/db/test_cluster.py does the same with real Dask workers and the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import ingest
from db.readers import read_inputs
from db.schema import open_write
from db.store import Store


class Sent:
    def __init__(self, log: list[str], n: int, done: list, fail: bool) -> None:
        self.log, self.n, self.done, self.fail = log, n, done, fail

    def result(self) -> list:
        self.log.append(f"collect {self.n}")
        if self.fail:
            raise RuntimeError(f"batch {self.n} failed")
        return self.done

    def cancel(self) -> None:
        self.log.append(f"cancel {self.n}")


class Ahead:
    """The rules-only pipeline, submitted to as a cluster is; `log` says in which order
    batches were sent, collected and written."""

    def __init__(self, pipeline, fail_batch: int | None = None) -> None:
        self.pipeline, self.name, self.fail_batch = pipeline, pipeline.name, fail_batch
        self.log: list[str] = []

    def submit(self, texts, *, batch_size, titles) -> Sent:
        n = sum(entry.startswith("send") for entry in self.log) + 1
        self.log.append(f"send {n}")
        done = list(self.pipeline.extract_many(texts, batch_size=batch_size, titles=titles))
        return Sent(self.log, n, done, fail=n == self.fail_batch)


def ingest_with(path: Path, pipeline, inputs: Path, log: list[str] | None = None):
    db = open_write(path)
    try:
        return ingest.ingest_items(
            db, list(read_inputs([str(inputs)])), pipeline, batch_size=2,
            on_progress=(lambda n: log.append(f"written {n}")) if log is not None else None)
    finally:
        db.conn.close()


def lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_next_batch_is_sent_before_this_one_is_written(tmp_path, rules_pipeline):
    inputs = lines(tmp_path / "in.jsonl", [
        {"id": f"a{k}", "title": f"T{k}", "body": f"NATO met France, day {k}."}
        for k in range(5)])
    ahead = Ahead(rules_pipeline)
    summary = ingest_with(tmp_path / "ahead.db", ahead, inputs, ahead.log)
    assert summary.added == 5
    sent_second, written_first = ahead.log.index("send 2"), ahead.log.index("written 2")
    assert sent_second < written_first
    assert ahead.log[-2:] == ["collect 3", "written 1"]  # the last batch drained at the end


def test_what_is_stored_is_what_a_local_ingest_stores(tmp_path, rules_pipeline):
    from tests.conftest import CORPUS

    ingest_with(tmp_path / "local.db", rules_pipeline, CORPUS)
    ingest_with(tmp_path / "ahead.db", Ahead(rules_pipeline), CORPUS)
    assert list(Store(tmp_path / "ahead.db").export()) == \
        list(Store(tmp_path / "local.db").export())


def test_an_input_repeated_while_its_batch_is_on_its_way_is_stored_once(tmp_path,
                                                                       rules_pipeline):
    same = {"title": "Same", "body": "Russia met NATO in Brussels."}
    inputs = lines(tmp_path / "in.jsonl", [
        {"title": "A", "body": "Spain spoke."}, {"title": "B", "body": "France spoke."},
        same, {"title": "D", "body": "Italy spoke."},  # sent while A and B are written
        same, {"title": "E", "body": "Germany spoke."}])  # read before that batch is written
    summary = ingest_with(tmp_path / "ahead.db", Ahead(rules_pipeline), inputs)
    assert (summary.added, summary.skipped) == (5, 1)
    assert Store(tmp_path / "ahead.db").article_count() == 5


def test_an_id_changed_before_it_is_written_replaces_it(tmp_path, rules_pipeline):
    inputs = lines(tmp_path / "in.jsonl", [
        {"id": "k1", "title": "T", "body": "France spoke."},
        {"id": "k2", "title": "U", "body": "Spain spoke."},
        {"id": "k1", "title": "T", "body": "Germany spoke."}])
    summary = ingest_with(tmp_path / "ahead.db", Ahead(rules_pipeline), inputs)
    assert (summary.added, summary.replaced) == (2, 1)
    store = Store(tmp_path / "ahead.db")
    bodies = sorted(store.article(a.id).body for a in store.articles())
    assert bodies == ["Germany spoke.", "Spain spoke."]


def test_a_failed_batch_writes_nothing_after_it(tmp_path, rules_pipeline):
    inputs = lines(tmp_path / "in.jsonl", [
        {"id": f"a{k}", "title": f"T{k}", "body": f"NATO met France, day {k}."}
        for k in range(6)])
    ahead = Ahead(rules_pipeline, fail_batch=2)
    with pytest.raises(RuntimeError, match="batch 2 failed"):
        ingest_with(tmp_path / "ahead.db", ahead, inputs, ahead.log)
    assert "cancel 3" in ahead.log  # the batch sent after the failed one is called back
    assert Store(tmp_path / "ahead.db").article_count() == 2  # the first batch, whole
