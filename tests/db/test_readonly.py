"""The browser and the read commands open the database read-only, wherever it lies."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from db import database
from db.database import DatabaseError, open_read
from db.store import Store
from tests.cli import briefing, briefing_here, can_run_as_nobody
from tests.conftest import SEED

needs_nobody = pytest.mark.skipif(not can_run_as_nobody(),
                                  reason="needs root and setpriv to run as another user")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def ingested_seed(tmp_path_factory) -> Path:
    """The seed, ingested once through the command line."""
    path = tmp_path_factory.mktemp("seed") / "corpus.db"
    assert briefing_here("--db", path, "ingest", SEED).code == 0
    assert not Path(f"{path}-wal").exists()  # ingest leaves everything in the main file
    return path


@pytest.fixture
def shared_db(world_readable_dir, ingested_seed) -> Path:
    """Another user's corpus: root's database in root's folder (mode 755), checkpointed."""
    path = world_readable_dir / "corpus.db"
    shutil.copyfile(ingested_seed, path)
    path.chmod(0o644)
    return path


def test_read_commands_never_change_the_file(rules_db):
    before = digest(rules_db)
    for args in (["search", "NATO"], ["actors", "--limit", "3"], ["claims", "--limit", "3"],
                 ["export"], ["search", "country:USA", "--json"]):
        assert briefing_here("--db", rules_db, *args).code == 0
    assert digest(rules_db) == before


def test_the_store_cannot_write_even_if_asked(rules_db):
    store = Store(rules_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM articles")


@pytest.mark.slow  # a real process run as another user (nobody)
@needs_nobody
def test_another_users_corpus_in_a_folder_we_cannot_write(shared_db):
    run = briefing("--db", shared_db, "search", "Kyiv", as_nobody=True)
    assert run.code == 0 and "Kyiv" in run.out
    assert run.err.splitlines() == [
        f"warning: {shared_db}: read-only folder: opened as immutable, changes made meanwhile "
        "are not seen"]


@pytest.mark.slow  # a real process run as another user (nobody)
@needs_nobody
def test_a_read_only_file_in_a_folder_we_can_write(shared_db):
    shared_db.parent.chmod(0o777)
    shared_db.chmod(0o444)
    run = briefing("--db", shared_db, "actors", "--limit", "3", as_nobody=True)
    assert run.code == 0 and run.err == ""


@pytest.mark.slow  # a real process run as another user (nobody)
@needs_nobody
def test_while_the_owner_ingests_the_reader_sees_the_log(shared_db, tmp_path):
    """With -wal and -shm present (an ingest running), a read-only open needs no fallback."""
    writer = sqlite3.connect(shared_db)
    writer.execute("INSERT INTO meta VALUES ('probe', 'x')")
    writer.commit()
    try:
        run = briefing("--db", shared_db, "search", "Kyiv", as_nobody=True)
        assert run.code == 0 and run.err == ""
    finally:
        writer.close()


def test_the_immutable_fallback_is_taken_only_for_a_read_only_folder(rules_db, monkeypatch):
    real = database._connect_read

    def refusing(message: str):
        def connect(path: Path, *, immutable: bool) -> sqlite3.Connection:
            if not immutable:
                raise sqlite3.OperationalError(message)
            return real(path, immutable=True)
        return connect

    monkeypatch.setattr(database, "_connect_read", refusing("attempt to write a readonly "
                                                           "database"))
    conn, notice = open_read(rules_db)
    assert notice == database.IMMUTABLE_NOTICE
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    assert Store(rules_db).notice == database.IMMUTABLE_NOTICE
    # A busy database is not a read-only folder: reading it immutable could see torn pages.
    monkeypatch.setattr(database, "_connect_read", refusing("database is locked"))
    with pytest.raises(DatabaseError, match="cannot open: database is locked"):
        open_read(rules_db)


def test_a_missing_database_is_exit_2_and_not_created(tmp_path):
    path = tmp_path / "none.db"
    for args in (["search", "x"], ["actors"], ["browse"], ["export"]):
        run = briefing_here("--db", path, *args)
        assert run.code == 2 and run.err.startswith(f"error: {path}: no such database")
    assert not path.exists()
