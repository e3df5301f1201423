"""`ingest --cluster` and `reextract --cluster`: extraction on a Dask cluster, everything else
as a local ingest (issue 18).

A LocalCluster of two worker processes, started here, is reached by its tcp:// address, as a
remote one would be. The corpus is the first SUBSET articles of the development corpus: two
batches of a two-worker ingest (64 articles each), so that a worker or the client can be killed
between and inside batches, while the six model runs of it keep the file's time to a minute or
two on two free cores (the whole corpus would be five times that; the rows are the same kind).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli import briefing, start

if TYPE_CHECKING:
    from distributed import Client
from tests.conftest import FIXTURES

# Whether the extra is installed is asked without importing it: importing `distributed`
# costs half a second, paid by every test process that merely collects this file (the fast
# tier deselects it). The cluster fixture imports it.
pytestmark = [pytest.mark.model, pytest.mark.xdist_group("cluster"),
              pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                 reason="the cluster extra (distributed) is not installed")]

SUBSET = 100
BATCH = 64  # articles per transaction of a two-worker ingest (db.ingest.ingest_items)
MODEL = {"BRIEFING_MODEL": ""}  # the default model, not the rules-only one of tests.cli
WAIT = 1200.0  # seconds: a bound on a wait (a busy shared machine), never a sleep


def wait_for(condition, what: str, timeout: float = WAIT) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "news-subset.jsonl"
    lines = (FIXTURES / "news-dev.jsonl").read_text(encoding="utf-8").splitlines(True)
    path.write_text("".join(lines[:SUBSET]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, Client]]:
    """Two worker processes, one thread each; its address and a client to watch it."""
    import distributed

    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0")
    client = distributed.Client(local)
    yield local.scheduler_address, client
    client.close()
    local.close()


def export(db: Path) -> bytes:
    run = briefing("--db", db, "export", timeout=WAIT)
    assert run.code == 0, run.err
    return run.out.encode()


def articles_in(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created yet, or its schema not yet written
        return 0


@pytest.fixture(scope="module")
def local_export(corpus, tmp_path_factory) -> bytes:
    """The same corpus ingested on this machine with --workers 2 (the same batches)."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    run = briefing("--db", db, "ingest", corpus, "--workers", "2", timeout=WAIT, **MODEL)
    assert run.code == 0, run.err
    assert run.out.strip() == f"articles: {SUBSET} added, 0 skipped, 0 failed"
    return export(db)


def test_a_cluster_of_two_writes_byte_for_byte_what_a_local_ingest_writes(
        cluster, corpus, local_export, tmp_path):
    address, _ = cluster
    db = tmp_path / "cluster.db"
    run = briefing("--db", db, "ingest", corpus, "--cluster", address, timeout=WAIT, **MODEL)
    assert run.code == 0, run.err
    assert run.out.strip() == f"articles: {SUBSET} added, 0 skipped, 0 failed"
    assert run.err == ""
    assert export(db) == local_export

    # The sameness check runs on the client: a second run sends nothing and changes nothing.
    again = briefing("--db", db, "ingest", corpus, "--cluster", address, timeout=WAIT, **MODEL)
    assert again.code == 0, again.err
    assert again.out.strip() == f"articles: 0 added, {SUBSET} skipped, 0 failed"
    assert export(db) == local_export

    # reextract on the cluster writes what a local reextract of the same database writes.
    here = tmp_path / "here.db"
    shutil.copy(db, here)
    for target, where in ((db, ["--cluster", address]), (here, ["--workers", "2"])):
        re = briefing("--db", target, "reextract", *where, timeout=WAIT, **MODEL)
        assert re.code == 0, re.err
        assert re.out.startswith(f"articles: {SUBSET} re-extracted with en_core_web_sm")
    assert export(db) == export(here)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_leaves_the_result_equal(cluster, corpus, local_export,
                                                           tmp_path):
    address, client = cluster
    db = tmp_path / "cluster.db"
    proc = start("--db", db, "ingest", corpus, "--cluster", address, **MODEL)
    try:
        # Mid-run and mid-batch: a batch is written, and a worker is extracting another.
        wait_for(lambda: articles_in(db) > 0 or proc.poll() is not None, "a first batch")
        wait_for(lambda: any(client.processing().values()) or proc.poll() is not None,
                 "a worker with a task")
        assert proc.poll() is None, "the ingest ended before a worker could be killed"
        busy = next(w for w, tasks in client.processing().items() if tasks)
        pid = client.run(os.getpid, workers=[busy])[busy]
        os.kill(pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert articles_in(db) == SUBSET
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    assert out.strip() == f"articles: {SUBSET} added, 0 skipped, 0 failed"
    assert export(db) == local_export
    # The nanny brings the worker back, with the model (the plugin runs on a new worker).
    wait_for(lambda: len(client.scheduler_info()["workers"]) == 2, "the worker restarted")


@pytest.mark.slow
def test_the_client_killed_mid_ingest_leaves_whole_batches_and_a_rerun_completes(
        cluster, corpus, local_export, tmp_path):
    address, _ = cluster
    db = tmp_path / "cluster.db"
    proc = start("--db", db, "ingest", corpus, "--cluster", address, **MODEL)
    try:
        wait_for(lambda: articles_in(db) > 0 or proc.poll() is not None, "a first batch")
        assert proc.poll() is None, "the ingest ended before it could be killed"
        proc.kill()  # SIGKILL: no batch finished, no cleanup
        proc.wait(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    kept = articles_in(db)
    assert 0 < kept < SUBSET and kept % BATCH == 0, kept  # whole batches, as a local ingest
    assert briefing("--db", db, "check").code == 0
    rerun = briefing("--db", db, "ingest", corpus, "--cluster", address, timeout=WAIT, **MODEL)
    assert rerun.code == 0, rerun.err
    assert rerun.out.strip() == f"articles: {SUBSET - kept} added, {kept} skipped, 0 failed"
    assert export(db) == local_export


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_cluster_is_exit_2_with_one_line(corpus, tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    run = briefing("--db", tmp_path / "x.db", "ingest", corpus, "--cluster", address)
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"error: cannot reach the Dask cluster at {address}")
    assert articles_in(tmp_path / "x.db") == 0


@pytest.mark.parametrize("address", ["local:0", "local:two"])
def test_a_bad_local_worker_count_is_exit_2_with_one_line(corpus, tmp_path, address):
    run = briefing("--db", tmp_path / "x.db", "ingest", corpus, "--cluster", address)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"error: --cluster {address}: N in local:N is a number of workers, 1 to 64"]


def test_a_worker_without_the_model_is_an_error_naming_it(cluster, corpus, tmp_path):
    address, client = cluster
    db = tmp_path / "x.db"
    run = briefing("--db", db, "ingest", corpus, "--cluster", address,
                   "--model", "no_such_model", timeout=WAIT)
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    first = sorted(client.scheduler_info()["workers"])[0]
    assert lines[0].startswith(f"error: worker {first} cannot run the model: ")
    assert "no_such_model" in lines[0]
    assert articles_in(db) == 0


def test_local_n_starts_its_own_cluster(corpus, local_export, tmp_path):
    """`--cluster local:2`: a LocalCluster of this process's own, stopped at the end."""
    db = tmp_path / "local2.db"
    run = briefing("--db", db, "ingest", corpus, "--cluster", "local:2", timeout=WAIT, **MODEL)
    assert run.code == 0, run.err
    assert run.err == ""  # Dask's own log lines (workers closing) are not the user's
    assert export(db) == local_export
