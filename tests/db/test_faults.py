"""Faults: killed ingests, interrupted ingests, full disks, read-only folders, foreign files.

The standard (docs/ARCHITECTURE.md, "What it must never do"): an ingest killed half-way leaves a
consistent database and a rerun completes it; nothing is lost or duplicated.
"""

from __future__ import annotations

import hashlib
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlite_utils

from db import database, schema
from db.database import DatabaseError, open_read
from tests.cli import ROOT, briefing, can_run_as_nobody, env, start
from tests.conftest import CORPUS, SEED

# Real processes killed, signalled and raced: minutes, not seconds (make test-fast skips them).
pytestmark = pytest.mark.slow


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def checks_ok(path: Path) -> None:
    """`briefing check` passes: integrity, every FTS5 index, kept counts, parentless rows."""
    run = briefing("--db", path, "check")
    assert (run.code, run.out) == (0, f"{path}: ok\n"), run.out + run.err


def count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not created yet


def export(path: Path) -> str:
    run = briefing("--db", path, "export")
    assert run.code == 0, run.err
    return run.out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def clean_export(tmp_path_factory) -> str:
    """The corpus ingested once, without faults: what every rerun must equal."""
    path = tmp_path_factory.mktemp("clean") / "clean.db"
    assert briefing("--db", path, "ingest", SEED, CORPUS).code == 0
    return export(path)


# Killed with SIGKILL -------------------------------------------------------------------------

DYING_INGEST = textwrap.dedent("""
    import os, signal, sys
    import sqlite_utils
    from db import ingest
    from db.nlp.pipeline import Pipeline
    from db.readers import read_inputs
    from db.schema import open_write

    db_path, where, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    calls = 0

    def dying(original):
        def wrapper(*args, **kwargs):
            global calls
            calls += 1
            if calls == n:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapper

    if where == "article":  # inside a batch's transaction, after n - 1 articles of the run
        ingest.write_extracted = dying(ingest.write_extracted)
    else:  # while creating the schema, inside the migration's transaction
        sqlite_utils.Migrations._record_applied = dying(sqlite_utils.Migrations._record_applied)
    db = open_write(db_path)
    ingest.ingest_items(db, read_inputs(sys.argv[4:]), Pipeline.load("rules-only"),
                        batch_size=8)
    sys.exit(3)  # never reached: the test checks that the kill happened
""")


@pytest.mark.parametrize(("where", "n"), [
    ("schema", 1), ("article", 1), ("article", 5), ("article", 9), ("article", 30),
])
def test_sigkill_at_any_point_then_a_rerun_equals_a_clean_ingest(
        db_path, clean_export, where, n):
    done = subprocess.run([sys.executable, "-c", DYING_INGEST, str(db_path), where, str(n),
                           str(SEED), str(CORPUS)], env=env(), cwd=ROOT, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert integrity(db_path) == "ok"
    kept = count(db_path)
    assert kept % 8 == 0 and kept == 8 * ((n - 1) // 8)  # whole batches only
    if where == "article":  # the schema is whole: what was kept is consistent
        checks_ok(db_path)
    rerun = briefing("--db", db_path, "ingest", SEED, CORPUS)
    assert rerun.code == 0, rerun.err
    assert f"{kept} skipped" in rerun.out
    assert integrity(db_path) == "ok"
    checks_ok(db_path)
    assert export(db_path) == clean_export


def test_sigkill_of_the_cli_at_random_moments(db_path, clean_export):
    for delay in (0.5, 2.0, 3.5, 5.0):
        proc = start("--db", db_path, "ingest", SEED, CORPUS)
        time.sleep(delay)
        proc.kill()
        proc.communicate()
        assert integrity(db_path) == "ok"
    assert briefing("--db", db_path, "ingest", SEED, CORPUS).code == 0
    checks_ok(db_path)
    assert export(db_path) == clean_export


# Ctrl-C and SIGHUP ---------------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP, signal.SIGTERM])
def test_a_signal_stops_after_the_current_batch_and_says_what_was_kept(
        tmp_path, db_path, signum):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(1500):
        (folder / f"{n:04}.txt").write_text(f"Note {n}: officials in Kenya met on day {n}.\n")
    proc = start("--db", db_path, "ingest", folder)
    deadline = time.monotonic() + 120
    while count(db_path) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "stopping after the current batch" in err
    kept = count(db_path)
    assert 0 < kept < 1500  # the batch under way is finished, the rest not read
    assert out.startswith(f"articles: {kept} added, 0 skipped, 0 failed; interrupted")
    assert integrity(db_path) == "ok"
    checks_ok(db_path)
    rerun = briefing("--db", db_path, "ingest", folder)
    assert rerun.code == 0
    assert rerun.out.strip() == f"articles: {1500 - kept} added, {kept} skipped, 0 failed"
    checks_ok(db_path)


# Disk full and read-only folders -------------------------------------------------------------

def test_disk_full_is_a_clear_error_and_the_batch_rolls_back(db_path, monkeypatch, capsys):
    from tui import ingesting

    assert briefing("--db", db_path, "ingest", SEED).code == 0
    before = export(db_path)

    def small_disk(path: Path) -> sqlite_utils.Database:
        db = schema.open_write(path)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages - free + 1}")  # SQLITE_FULL, as a full disk
        return db

    monkeypatch.setattr(ingesting, "open_write", small_disk)
    code = ingesting.run_ingest(db_path, [str(CORPUS)], model="rules-only", workers=1,
                                should_stop=lambda: False)
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: {db_path}: the disk is full; the batch in progress was rolled back" in err
    assert "Traceback" not in err
    held = int(re.search(r"\(it holds (\d+) articles\)", err).group(1))
    assert held == count(db_path) and (held - 1) % 16 == 0  # the seed, then whole batches
    assert integrity(db_path) == "ok"
    checks_ok(db_path)
    if held == 1:  # no batch fitted: the database is as it was
        assert export(db_path) == before


@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run as nobody")
def test_ingest_into_a_read_only_folder_is_a_clear_error(world_readable_dir):
    path = world_readable_dir / "corpus.db"
    assert briefing("--db", path, "ingest", SEED).code == 0
    before = digest(path)
    run = briefing("--db", path, "ingest", CORPUS, as_nobody=True)
    assert run.code == 2
    assert run.err.startswith(f"error: {path}: cannot write: the database or its folder is "
                              "read-only")
    assert digest(path) == before and integrity(path) == "ok"
    checks_ok(path)
    fresh = briefing("--db", world_readable_dir / "new.db", "ingest", SEED, as_nobody=True)
    assert fresh.code == 2 and "read-only" in fresh.err


# Files that are not briefing databases, newer and older schemas ------------------------------

def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)")
    conn.execute("INSERT INTO articles (headline) VALUES ('theirs')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["text", "foreign sqlite", "folder", "newer"])
def test_not_a_briefing_database_is_exit_2_and_left_alone(tmp_path, kind):
    path = tmp_path / "x.db"
    if kind == "text":
        path.write_text("just some notes\n" * 100)
    elif kind == "foreign sqlite":
        _foreign_sqlite(path)
    elif kind == "folder":
        path.mkdir()
    else:
        assert briefing("--db", path, "ingest", SEED).code == 0
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        conn.commit()
        conn.close()
    before = None if kind == "folder" else digest(path)
    expected = {"text": "not a briefing database", "foreign sqlite": "not a briefing database",
                "folder": "is a directory", "newer": "made by a newer briefing (schema 99"}[kind]
    for args in (["ingest", str(CORPUS)], ["search", "talks"], ["actors"], ["export"],
                 ["browse"]):
        run = briefing("--db", path, *args)
        assert run.code == 2, (args, run.err)
        [line] = run.err.splitlines()
        assert line.startswith("error: ") and str(path) in line and expected in line
    if before is not None:
        assert digest(path) == before
    if kind in ("text", "foreign sqlite"):
        assert not Path(f"{path}-wal").exists()  # not even switched to WAL


def test_an_older_schema_is_refused_for_reading_and_migrated_on_ingest(db_path, monkeypatch):
    assert briefing("--db", db_path, "ingest", SEED).code == 0
    newer = sqlite_utils.Migrations("briefing")
    for migration in schema.MIGRATIONS._migrations:
        newer(name=migration.name)(migration.fn)

    @newer()
    def m999_reading_time(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE articles ADD COLUMN minutes INTEGER")

    version = len(newer._migrations)
    monkeypatch.setattr(schema, "MIGRATIONS", newer)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version)
    monkeypatch.setattr(database, "SCHEMA_VERSION", version)
    with pytest.raises(DatabaseError, match=r"an older briefing .* run `briefing ingest`"):
        open_read(db_path)
    db = schema.open_write(db_path)
    assert "minutes" in db.table("articles").columns_dict
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    db.conn.close()
    conn, notice = open_read(db_path)
    assert database.schema_version(conn) == version and notice is None
    conn.close()


def test_a_database_of_the_last_release_is_brought_up_to_date_by_a_bare_ingest(db_path):
    """The read commands never write: they name the command, which migrates and adds nothing."""
    conn = sqlite3.connect(db_path)
    old = sqlite_utils.Database(conn)
    schema.MIGRATIONS.apply(old, stop_before=schema.MIGRATIONS._migrations[-1].name)
    old.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                [str(schema.SCHEMA_VERSION - 1)])
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    refused = briefing("--db", db_path, "search", "Syria")
    assert refused.code == 2 and "run `briefing ingest`" in refused.err
    assert db_path.read_bytes() == before
    migrated = briefing("--db", db_path, "ingest")
    assert migrated.code == 0 and f"schema {schema.SCHEMA_VERSION}" in migrated.out
    assert briefing("--db", db_path, "search", "Syria").code == 0
    assert briefing("--db", db_path, "export").out == ""  # nothing was added
    checks_ok(db_path)
