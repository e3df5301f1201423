"""The read-or-build helper behind the gazetteer's cache: processes started together build
the value once between them (ingest --workers, the test workers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from db.nlp.cached import cached

# Each process waits for the gate file, so that all three try at once, then reads or builds.
# The build logs itself and sleeps, which widens the window for a second build to start.
_ONE_PROCESS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from db.nlp.cached import cached
    path, log, gate = (Path(a) for a in sys.argv[1:4])
    deadline = time.monotonic() + 120  # only against a hang
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    def build():
        with log.open("a") as f:
            f.write("built\\n")
        time.sleep(0.3)
        return ["value"]
    print(cached(path, build, lambda v: isinstance(v, list)))
""")


def test_processes_started_together_build_once_and_read_the_same(tmp_path):
    path, log, gate = tmp_path / "cache" / "thing.pickle", tmp_path / "builds.log", \
        tmp_path / "go"
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", _ONE_PROCESS, str(path), str(log),
                               str(gate)], cwd=root, stdout=subprocess.PIPE, text=True)
             for _ in range(3)]
    gate.touch()
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]
    assert outputs == ["['value']\n"] * 3
    assert log.read_text().splitlines() == ["built"]


def test_a_folder_that_cannot_be_written_builds_each_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")  # a file where the cache folder should be
    builds: list[int] = []
    for _ in range(2):
        assert cached(blocker / "thing.pickle", lambda: builds.append(1) or [1],
                      lambda v: isinstance(v, list)) == [1]
    assert builds == [1, 1]
