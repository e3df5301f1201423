"""The files of a database are never an output, and the writer lock is one per real file."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from db.lock import LockInterrupted, lock_path, write_lock
from tests.cli import briefing_here


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def corpus(rules_db, tmp_path) -> Path:
    """A private copy of the rules-only corpus, with its -wal, -shm and lock beside it."""
    path = tmp_path / "corpus" / "briefing.db"
    path.parent.mkdir()
    shutil.copy(rules_db, path)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").write_bytes(b"")
    return path


@pytest.mark.parametrize("name", ["briefing.db", "briefing.db-wal", "briefing.db-shm",
                                  "briefing.db.lock"])
def test_export_refuses_to_write_over_a_file_of_the_database(corpus, name):
    before = {p.name: digest(p) for p in corpus.parent.iterdir()}
    run = briefing_here("--db", corpus, "export", "-o", corpus.parent / name)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"error: {corpus.parent / name}: is the database")
    assert "choose another output file" in run.err and len(run.err.splitlines()) == 1
    assert {p.name: digest(p) for p in corpus.parent.iterdir()} == before


def test_export_refuses_the_database_by_any_other_path(corpus, tmp_path):
    before = digest(corpus)
    (tmp_path / "link.db").symlink_to(corpus)
    os.link(corpus, tmp_path / "hard.db")
    dotted = corpus.parent / ".." / "corpus" / "briefing.db"
    for out in (tmp_path / "link.db", tmp_path / "hard.db", dotted):
        run = briefing_here("--db", corpus, "export", "-o", out)
        assert run.code == 2 and "is the database" in run.err, out
    # and the database given through a symbolic link, the output its real path
    run = briefing_here("--db", tmp_path / "link.db", "export", "-o", corpus)
    assert run.code == 2 and "is the database" in run.err
    run = briefing_here("--db", tmp_path / "link.db", "export", "-o", f"{corpus}-wal")
    assert run.code == 2 and "-wal file" in run.err
    assert digest(corpus) == before


def test_export_replaces_its_output_whole_and_leaves_no_temporary_file(corpus, tmp_path):
    out = tmp_path / "out" / "export.jsonl"
    out.parent.mkdir()
    out.write_text("an older export\n")
    expected = briefing_here("--db", corpus, "export").out
    run = briefing_here("--db", corpus, "export", "-o", out)
    assert run.code == 0, run.err
    assert out.read_text() == expected and expected.count("\n") > 100
    assert [p.name for p in out.parent.iterdir()] == ["export.jsonl"]
    # through a symbolic link: the file it points to is replaced, the link stays a link
    (tmp_path / "out" / "latest.jsonl").symlink_to(out)
    out.write_text("stale\n")
    latest = tmp_path / "out" / "latest.jsonl"
    assert briefing_here("--db", corpus, "export", "-o", latest).code == 0
    assert (tmp_path / "out" / "latest.jsonl").is_symlink() and out.read_text() == expected


def test_a_symbolic_link_to_the_database_takes_the_same_lock(tmp_path):
    real = tmp_path / "data" / "briefing.db"
    real.parent.mkdir()
    real.write_bytes(b"")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "corpus.db").symlink_to(real)
    assert lock_path(elsewhere / "corpus.db") == lock_path(real) == Path(f"{real}.lock")
    said: list[str] = []
    with write_lock(real), pytest.raises(LockInterrupted):  # noqa: SIM117
        with write_lock(elsewhere / "corpus.db", on_wait=said.append, should_stop=lambda: True):
            pass
    assert said and said[0].startswith("waiting: another briefing process")
    assert not (elsewhere / "corpus.db.lock").exists()
