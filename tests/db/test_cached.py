"""The read-or-build helper behind the gazetteer's cache: processes started together build
the value once between them (ingest --workers, the test workers)."""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path

from db.nlp.cached import cached


def _build_slowly(log: Path) -> list[str]:
    with log.open("a") as f:
        f.write("built\n")
    time.sleep(0.3)  # widens the window in which a second process could start its own build
    return ["value"]


def _one_process(path: str, log: str, barrier: mp.synchronize.Barrier, out: mp.Queue) -> None:
    barrier.wait()
    out.put(cached(Path(path), lambda: _build_slowly(Path(log)), lambda v: isinstance(v, list)))


def test_processes_started_together_build_once_and_read_the_same(tmp_path):
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(3), ctx.Queue()
    path, log = tmp_path / "cache" / "thing.pickle", tmp_path / "builds.log"
    procs = [ctx.Process(target=_one_process, args=(str(path), str(log), barrier, out))
             for _ in range(3)]
    for p in procs:
        p.start()
    values = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert values == [["value"]] * 3
    assert log.read_text().splitlines() == ["built"]


def test_a_folder_that_cannot_be_written_builds_each_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")  # a file where the cache folder should be
    builds: list[int] = []
    for _ in range(2):
        assert cached(blocker / "thing.pickle", lambda: builds.append(1) or [1],
                      lambda v: isinstance(v, list)) == [1]
    assert builds == [1, 1]
