"""Identity of inputs by origin, never by position (issue 14, DECISIONS.md "Identity of
inputs"): an input without an id is the same article only when the hash of its title and body
matches; a file is known by its resolved path; a JSON id equal to a path is not that file."""

from __future__ import annotations

import json

from db import ingest
from db.readers import read_inputs
from db.schema import open_write
from tests.cli import briefing_here


def records(*titles: str) -> str:
    return "".join(json.dumps({"title": t, "body": f"{t}: officials met on Monday."}) + "\n"
                   for t in titles)


def stored(db) -> list[tuple[int, str]]:
    return [tuple(r) for r in db.execute("SELECT id, title FROM articles ORDER BY id")]


def test_a_record_prepended_is_added_and_replaces_nothing(tmp_path, db_path, rules_pipeline):
    path = tmp_path / "news.jsonl"
    path.write_text(records("One", "Two", "Three"))
    db = open_write(db_path)
    ingest.ingest_items(db, read_inputs([str(path)]), rules_pipeline)
    before = stored(db)
    path.write_text(records("Zero", "One", "Two", "Three"))
    summary = ingest.ingest_items(db, read_inputs([str(path)]), rules_pipeline)
    assert (summary.added, summary.replaced, summary.skipped) == (1, 0, 3)
    assert stored(db)[:3] == before  # the same rows, their ids kept
    assert sorted(t for _i, t in stored(db)) == ["One", "Three", "Two", "Zero"]


def test_two_news_jsonl_in_two_folders_do_not_replace_each_other(tmp_path, db_path):
    for name, titles in (("east", ("East one", "East two")), ("west", ("West one", "West two"))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "news.jsonl").write_text(records(*titles))
    for name in ("east", "west", "east"):
        run = briefing_here("--db", db_path, "ingest", "news.jsonl", cwd=tmp_path / name)
        assert "replaced" not in run.out
    db = open_write(db_path)
    assert len(stored(db)) == 4


def test_a_json_id_equal_to_a_file_path_is_not_that_file(tmp_path, db_path, rules_pipeline):
    text = tmp_path / "report.txt"
    text.write_text("Title: The file\n\nThe text file's own body.\n")
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"id": str(text.resolve()), "title": "The record",
                                  "body": "A record whose id is that path."}) + "\n")
    db = open_write(db_path)
    summary = ingest.ingest_items(db, read_inputs([str(text), str(record)]), rules_pipeline)
    assert (summary.added, summary.replaced) == (2, 0)
    rows = db.execute("SELECT external_id, origin, title FROM articles ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(str(text.resolve()), "file", "The file"),
                                        (str(text.resolve()), "input", "The record")]


def test_a_changed_file_still_replaces_itself_by_its_resolved_path(tmp_path, db_path,
                                                                    rules_pipeline):
    path = tmp_path / "a.txt"
    path.write_text("Title: A\n\nFirst version.\n")
    db = open_write(db_path)
    ingest.ingest_items(db, read_inputs([str(path)]), rules_pipeline)
    path.write_text("Title: A\n\nSecond version.\n")
    summary = ingest.ingest_items(db, read_inputs([str(tmp_path / "." / "a.txt")]),
                                  rules_pipeline)
    assert (summary.added, summary.replaced) == (0, 1)


def test_feed_entries_without_guid_or_link_are_known_by_their_content(tmp_path, db_path,
                                                                       rules_pipeline):
    def feed(*titles: str) -> str:
        entries = "".join(f"<item><title>{t}</title><description>{t} said so on Monday."
                          "</description></item>" for t in titles)
        return f"<?xml version='1.0'?><rss><channel><title>W</title>{entries}</channel></rss>"

    path = tmp_path / "wire.rss"
    path.write_text(feed("One", "Two"))
    db = open_write(db_path)
    ingest.ingest_items(db, read_inputs([str(path)]), rules_pipeline)
    path.write_text(feed("New", "One", "Two"))
    summary = ingest.ingest_items(db, read_inputs([str(path)]), rules_pipeline)
    assert (summary.added, summary.replaced, summary.skipped) == (1, 0, 2)


def test_an_id_less_record_exports_the_hash_as_external_id(tmp_path, db_path):
    (tmp_path / "n.jsonl").write_text(records("Only"))
    briefing_here("--db", db_path, "ingest", tmp_path / "n.jsonl")
    [article] = [json.loads(x) for x in briefing_here("--db", db_path, "export").out.splitlines()
                 if '"article"' in x]
    assert article["external_id"] == article["sha256"]  # never "n.jsonl:1"


def test_m008_tells_old_rows_apart_by_form_and_keeps_them_findable(db_path, rules_pipeline,
                                                                    tmp_path):
    from sqlite_utils import Database

    from db.schema import MIGRATIONS

    old = Database(db_path)
    MIGRATIONS.apply(old, stop_before="m008_input_origin")  # a database of the last release
    for n, external_id in enumerate(["/data/a.txt", "guid-1", "news.jsonl:3"], start=1):
        old.execute("INSERT INTO articles (id, external_id, title, body, sha256) "
                    "VALUES (?,?,?,?,?)", [n, external_id, f"T{n}", f"Body {n}.", f"{n:064x}"])
        old.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?,?,?)",
                    [n, f"T{n}", f"Body {n}."])
    old.conn.commit()
    old.conn.close()
    db = open_write(db_path)  # migrates
    rows = db.execute("SELECT external_id, origin FROM articles ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("/data/a.txt", "file"), ("guid-1", "input"),
                                        ("news.jsonl:3", "input")]
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"id": "guid-1", "title": "T2", "body": "Changed."}) + "\n")
    summary = ingest.ingest_items(db, read_inputs([str(record)]), rules_pipeline)
    assert (summary.added, summary.replaced) == (0, 1)  # the same id is still that article
