"""Damaged databases: bytes overwritten inside a real file (issue 15).

Writers stop at the first corruption error SQLite reports and name `briefing check`; `check`
lists what is wrong (exit 1); `repair` backs up first, rebuilds in place what can be rebuilt,
and copies a file with damaged pages to a new one, never overwriting the original.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli import briefing_here


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def corpus(rules_db, tmp_path) -> Path:
    path = tmp_path / "briefing.db"
    shutil.copy(rules_db, path)
    return path


def overwrite_page_of(path: Path, name: str) -> None:
    """Garbage over the root page of table or index `name`, past its first bytes."""
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff" * 64)


def test_a_healthy_database_checks_ok(corpus):
    run = briefing_here("--db", corpus, "check")
    assert (run.code, run.out) == (0, f"{corpus}: ok\n")


def test_writers_stop_at_the_damage_and_name_check(corpus, tmp_path):
    overwrite_page_of(corpus, "idx_articles_order")
    note = tmp_path / "note.txt"
    note.write_text("Title: A note\n\nOfficials in Kenya met on Monday.\n")
    run = briefing_here("--db", corpus, "ingest", note)
    assert run.code == 2 and run.out == ""  # never "articles: 1 added"
    assert run.err.startswith(f"error: {corpus}: the database is damaged (")
    assert f"briefing --db {corpus} check" in run.err and "repair" in run.err
    assert len(run.err.splitlines()) == 1


def test_reextract_never_reports_success_on_damaged_pages(corpus):
    overwrite_page_of(corpus, "articles")
    run = briefing_here("--db", corpus, "reextract")
    assert run.code == 2 and "re-extracted" not in run.out
    assert "the database is damaged" in run.err and f"briefing --db {corpus} check" in run.err


def test_a_read_command_on_damaged_pages_fails_and_leaves_its_output(corpus, tmp_path):
    overwrite_page_of(corpus, "articles")
    out = tmp_path / "export.jsonl"
    out.write_text("yesterday's export\n")
    run = briefing_here("--db", corpus, "export", "-o", out)
    assert run.code == 2 and "the database is damaged" in run.err and "check" in run.err
    assert out.read_text() == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_check_lists_damaged_pages_and_repair_copies_what_can_be_read(corpus):
    before = briefing_here("--db", corpus, "export").out
    overwrite_page_of(corpus, "idx_articles_order")
    damaged = digest(corpus)
    checked = briefing_here("--db", corpus, "check")
    assert checked.code == 1
    assert checked.out.startswith(f"{corpus}: integrity: ")
    assert f"run `briefing --db {corpus} repair`" in checked.err
    run = briefing_here("--db", corpus, "repair")
    assert run.code == 0, run.err
    [backup] = corpus.parent.glob("briefing.db.backup-*")
    [copy] = corpus.parent.glob("briefing.db.repaired-*")
    assert f"keep {copy}" in run.out and f"{corpus} itself was not changed" in run.out
    assert digest(corpus) == damaged  # never overwritten
    # the backup is the file as it was, damage included (page by page; its header differs)
    assert briefing_here("--db", backup, "check").out == checked.out.replace(str(corpus),
                                                                          str(backup))
    assert briefing_here("--db", copy, "check").code == 0
    assert briefing_here("--db", copy, "export").out == before  # every row could be read


def test_check_finds_stale_indexes_kept_counts_and_orphans_and_repair_fixes_them(corpus):
    conn = sqlite3.connect(corpus)
    title, body = conn.execute("SELECT title, body FROM articles WHERE id = 1").fetchone()
    with conn:
        conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, body) "
                     "VALUES ('delete', 1, ?, ?)", [title, body])
        conn.execute("UPDATE claim_type_counts SET n = n + 7 WHERE type = "
                     "(SELECT type FROM claim_type_counts LIMIT 1)")
        conn.execute("UPDATE actors SET n_mentions = n_mentions + 1 WHERE id = 1")
        conn.execute('INSERT INTO mentions (article_id, actor_id, claim_id, start, "end") '
                     "VALUES (999999, 1, NULL, 0, 1)")
    conn.close()
    word = title.split()[0]
    run = briefing_here("--db", corpus, "check")
    assert run.code == 1
    lines = run.out.splitlines()
    assert any(line.startswith(f"{corpus}: index articles_fts:") for line in lines), lines
    assert any("kept counts claim_type_counts: 1 disagree" in line for line in lines)
    assert any("kept counts actors.n_mentions and n_articles" in line for line in lines)
    assert any("rows without parents: 1 mentions without their article" in line
               for line in lines)
    run = briefing_here("--db", corpus, "repair")
    assert run.code == 0, run.err
    assert f"{corpus}: indexes and kept counts rebuilt (backup: " in run.out
    assert run.out.endswith(f"{corpus}: ok\n")
    assert briefing_here("--db", corpus, "check").code == 0
    found = briefing_here("--db", corpus, "search", word, "--json", "--limit", "500").out
    assert '"id": 1,' in found


def test_check_of_a_missing_or_foreign_file_is_exit_2(tmp_path):
    run = briefing_here("--db", tmp_path / "none.db", "check")
    assert run.code == 2 and "no such database" in run.err
    (tmp_path / "notes.txt").write_text("not a database at all\n" * 100)
    run = briefing_here("--db", tmp_path / "notes.txt", "repair")
    assert run.code == 2 and "not a briefing database" in run.err
