"""Ingest: idempotent, the sameness rule, counts kept, deletes and re-extraction."""

from __future__ import annotations

import json

from db import ingest
from db.readers import read_inputs
from db.schema import open_write
from db.store import Store


def run(db_path, pipeline, *targets):
    db = open_write(db_path)
    summary = ingest.ingest_items(db, list(read_inputs([str(t) for t in targets])), pipeline)
    db.conn.close()
    return summary


def snapshot(db_path):
    return list(Store(db_path).export())


def test_same_input_twice_changes_nothing(db_path, rules_pipeline, tmp_path):
    from tests.conftest import CORPUS, SEED

    first = run(db_path, rules_pipeline, SEED, CORPUS)
    assert (first.added, first.skipped, first.failed) == (49, 0, 0)
    before = snapshot(db_path)
    second = run(db_path, rules_pipeline, SEED, CORPUS)
    assert (second.added, second.skipped, second.failed) == (0, 49, 0)
    assert snapshot(db_path) == before


def test_inputs_without_id_are_the_same_by_hash(db_path, rules_pipeline, tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"title": "T", "body": "NATO met."}) + "\n")
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps({"title": "T", "body": "NATO met."}) + "\n")
    assert run(db_path, rules_pipeline, a).added == 1
    assert run(db_path, rules_pipeline, b).skipped == 1
    assert Store(db_path).article_count() == 1


def test_changed_body_under_same_id_replaces_it(db_path, rules_pipeline, tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "k1", "title": "T", "body": "France spoke."}) + "\n")
    run(db_path, rules_pipeline, path)
    path.write_text(json.dumps({"id": "k1", "title": "T", "body": "Germany spoke."}) + "\n")
    summary = run(db_path, rules_pipeline, path)
    assert summary.replaced == 1
    store = Store(db_path)
    [row] = store.articles()
    assert store.article(row.id).body == "Germany spoke."
    names = {s.actor.name for s in store.actors()}
    assert "Germany" in names and "France" not in names  # the old article's actor went with it


def test_counts_follow_mentions(rules_db):
    store = Store(rules_db)
    for stats in store.actors(limit=20):
        mentions = store.mentions_of(stats.actor.id)
        assert stats.mentions == len(mentions)
        assert stats.articles == len({m.mention.article_id for m in mentions})


def test_delete_removes_the_article_and_what_came_from_it(db_path, rules_pipeline):
    from tests.conftest import SEED

    run(db_path, rules_pipeline, SEED)
    store = Store(db_path)
    [row] = store.articles()
    db = open_write(db_path)
    with db.atomic():
        assert ingest.delete_article(db, row.id)
    store = Store(db_path)
    assert store.article_count() == 0
    assert store.actors() == []
    assert list(store.export()) == []
    assert store.search("NATO").articles == ()


def test_reextract_gives_the_same_rows(db_path, rules_pipeline):
    from tests.conftest import SEED

    run(db_path, rules_pipeline, SEED)
    before = [r for r in snapshot(db_path) if r["type"] != "actor"]
    db = open_write(db_path)
    assert ingest.reextract(db, rules_pipeline) == 1
    after = [r for r in snapshot(db_path) if r["type"] != "actor"]
    strip = lambda rs: [{k: v for k, v in r.items() if k not in ("id", "claim_id", "actor_id",  # noqa: E731
                         "speaker_id", "actor_ids")} for r in rs]
    assert strip(after) == strip(before)


def test_mentions_point_into_the_stored_body(model_db):
    store = Store(model_db)
    for row in store.articles(limit=10):
        article = store.article(row.id)
        for m in store.article_mentions(row.id):
            assert article.body[m.start:m.end] == m.text
        for c in store.article_claims(row.id):
            assert article.body[c.start:c.end] == c.text
            assert c.text == c.text.strip()


def test_the_writer_lock_is_taken_per_batch_and_inputs_are_checked_again_inside_it(
        db_path, rules_pipeline, tmp_path):
    """DECISIONS.md: the lock covers a batch's transaction, so another writer may store an
    input between its reading and its batch: it is then skipped, never written twice."""
    from contextlib import contextmanager

    from db.inputs import ArticleInput

    items = [ArticleInput(title=f"Note {i}", body=f"Officials in Kenya met on day {i}.",
                          origin=f"note {i}") for i in range(40)]
    other = open_write(db_path)  # another writer, storing note 20 while this run reads
    db = open_write(db_path)
    taken = []

    @contextmanager
    def batch_lock():
        taken.append(len(taken))
        if len(taken) == 2:
            prepared = ingest.prepare(other, items[20])
            with other.atomic():
                ingest.write_extracted(other, prepared, rules_pipeline.extract(items[20].body),
                                       rules_pipeline.name)
        yield

    summary = ingest.ingest_items(db, items, rules_pipeline, batch_size=16,
                                  batch_lock=batch_lock)
    assert len(taken) == 3  # 16 + 16 + 8: one lock per batch, not one for the run
    assert (summary.added, summary.skipped, summary.failed) == (39, 1, 0)
    assert Store(db_path).article_count() == 40
