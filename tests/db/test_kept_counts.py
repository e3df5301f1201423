"""What the claim filters read instead of counting (m006) always equals what it stands for:
the countries each claim mentions, and the number of claims of each type. Through every
write path (ingest, the bulk writer, reextract, delete) and after migrating a database of
the schema before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import ingest
from db.bulk import BulkWriter
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.readers import read_inputs
from db.schema import MIGRATIONS, open_write
from db.store import Store
from tests.conftest import CORPUS, SEED

DERIVED_COUNTRIES = (
    "SELECT DISTINCT m.claim_id, ac.country FROM mentions m JOIN actors ac ON ac.id = m.actor_id "
    "WHERE m.claim_id IS NOT NULL AND ac.country IS NOT NULL ORDER BY 1, 2"
)
DERIVED_TYPES = "SELECT type, count(*) FROM claim_types GROUP BY type ORDER BY type"


def assert_kept(conn: sqlite3.Connection) -> None:
    countries = conn.execute("SELECT claim_id, country FROM claim_countries ORDER BY 1, 2")
    assert countries.fetchall() == conn.execute(DERIVED_COUNTRIES).fetchall()
    kept = conn.execute("SELECT type, n FROM claim_type_counts WHERE n != 0 ORDER BY type")
    assert kept.fetchall() == conn.execute(DERIVED_TYPES).fetchall()


def test_ingest_keeps_them(rules_db: Path) -> None:
    conn = sqlite3.connect(rules_db)
    assert conn.execute("SELECT count(*) FROM claim_countries").fetchone()[0] > 100
    assert_kept(conn)
    assert Store(rules_db).claim_type_counts() == dict(
        conn.execute("SELECT type, count(*) FROM claim_types GROUP BY type"))


def test_the_bulk_writer_keeps_them(tmp_path: Path, rules_pipeline) -> None:
    db = open_write(tmp_path / "bulk.db")
    items = list(read_inputs([str(SEED), str(CORPUS)]))
    prepared = [p for p in (ingest.prepare(db, item) for item in items) if p is not None]
    writer = BulkWriter(db, rules_pipeline.name, chunk=5)
    for p, e in zip(prepared, rules_pipeline.extract_many([p.body for p in prepared]),
                    strict=True):
        writer.add(p, e)
    writer.close()
    assert_kept(db.conn)


def test_reextract_and_delete_keep_them(tmp_path: Path, rules_db: Path, rules_pipeline) -> None:
    path = tmp_path / "briefing.db"
    shutil.copy(rules_db, path)
    db = open_write(path)
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id LIMIT 5")]
    with db.atomic():
        for article_id in ids:
            ingest.delete_article(db, article_id)
    assert_kept(db.conn)
    ingest.reextract(db, rules_pipeline)
    assert_kept(db.conn)
    assert db.execute("SELECT count(*) FROM claim_countries WHERE claim_id IN "
                      f"(SELECT id FROM claims WHERE article_id IN ({','.join('?' * 5)}))",
                      ids).fetchone()[0] == 0


def _minister(country: str | None) -> Extraction:
    """One claim mentioning one official, known with or without a country."""
    actor = FoundActor("person:the minister", "The Minister", "person", country)
    return Extraction((actor,), (FoundMention(4, 12, "minister", actor.key),),
                      (FoundClaim(0, 19, ("event",)),))


def _prepared(db: Database, n: int) -> ingest.Prepared:
    item = ArticleInput(f"Article {n}", f"The minister spoke {n}.", f"test:{n}")
    prepared = ingest.prepare(db, item)
    assert prepared is not None
    return prepared


@pytest.mark.parametrize("path", ["ingest", "bulk"])
def test_an_actor_given_its_country_later_brings_its_claims(db_path: Path, path: str) -> None:
    """First seen without a country, then with one: the claims of both articles mention it."""
    db = open_write(db_path)
    if path == "ingest":
        for n, country in ((1, None), (2, "SYR")):
            with db.atomic():
                ingest.write_extracted(db, _prepared(db, n), _minister(country), "test")
    else:
        writer = BulkWriter(db, "test", chunk=1)  # a chunk each: the actor is stored between
        for n, country in ((1, None), (2, "SYR")):
            writer.add(_prepared(db, n), _minister(country))
        writer.close()
    assert_kept(db.conn)
    assert db.execute("SELECT count(*) FROM claim_countries WHERE country = 'SYR'"
                      ).fetchone()[0] == 2
    assert len(Store(db_path).claims(country="SYR", limit=50)) == 2


def test_a_database_of_the_schema_before_is_migrated(tmp_path: Path, rules_db: Path) -> None:
    """Built with m001..m005 (cue text stored), then opened by this briefing: the kept counts
    are filled in and the cues read the same."""
    before = Store(rules_db)
    claims_before = [before.article_claims(a.id) for a in before.articles(0, 10)]
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    MIGRATIONS.apply(db, stop_before="m006_kept_counts")
    db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '5')")
    new = sqlite3.connect(rules_db)
    for table, columns in (
        ("articles", "id, external_id, title, source, url, published, body, sha256, "
                     "ingested_at, pipeline, n_actors"),
        ("actors", "id, key, name, kind, country, role, n_mentions, n_articles"),
        ("aliases", "actor_id, alias"),
        ("claims", 'id, article_id, seq, start, "end", speaker_id, negated'),
        ("mentions", 'id, article_id, actor_id, claim_id, start, "end"'),
    ):
        rows = new.execute(f"SELECT {columns} FROM {table}").fetchall()
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    conn.executemany(  # version 5 kept each cue's text beside its offsets
        "INSERT INTO claim_types (claim_id, type, cue, cue_start, cue_end) VALUES (?,?,?,?,?)",
        new.execute("SELECT t.claim_id, t.type, substr(a.body, t.cue_start + 1, "
                    "t.cue_end - t.cue_start), t.cue_start, t.cue_end FROM claim_types t "
                    "JOIN claims c ON c.id = t.claim_id JOIN articles a ON a.id = c.article_id"))
    conn.commit()
    conn.close()

    migrated = open_write(old)
    assert_kept(migrated.conn)
    migrated.conn.close()
    after = Store(old)
    assert [after.article_claims(a.id) for a in after.articles(0, 10)] == claims_before
    assert any(c.cues for claims in claims_before for c in claims)
