"""A slow `briefing refresh --progress json` for the browser's `R` (named by
`$BRIEFING_REFRESH_CMD`): for each feed of `$FAKE_REFRESH_PLAN` (a JSON object, feed name ->
list of [title, published]) it writes the entries into the database through the ingest write
path (tests/tui/feeds_db.py), then prints the contract's progress line; last, the summary.

Slow on purpose: with `$FAKE_REFRESH_GATE` (a folder) it waits before feed N until the test
creates the file `go-N` there, so that a test sees each step in turn without timing; else
it sleeps `$FAKE_REFRESH_DELAY` seconds (default 0.3) between feeds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, for tests.*

from tests.tui.feeds_db import add_entries  # noqa: E402


def wait_for(gate: Path, step: int) -> None:
    deadline = time.monotonic() + 60
    while not (gate / f"go-{step}").exists():
        if time.monotonic() > deadline:
            sys.exit(f"error: fake refresh: no go-{step} in {gate}")
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    if argv[:1] != ["--db"] or argv[2:] != ["refresh", "--progress", "json"]:
        print(f"error: fake refresh: unexpected arguments {argv}", file=sys.stderr)
        return 2
    database = Path(argv[1])
    plan: dict[str, list[list[str]]] = json.loads(os.environ["FAKE_REFRESH_PLAN"])
    gate = os.environ.get("FAKE_REFRESH_GATE")
    delay = float(os.environ.get("FAKE_REFRESH_DELAY", "0.3"))
    if gate:  # for the test that quits the browser mid-refresh
        (Path(gate) / "pid").write_text(str(os.getpid()))
    new = 0
    for done, (feed, entries) in enumerate(plan.items(), start=1):
        if gate:
            wait_for(Path(gate), done)
        elif done > 1:
            time.sleep(delay)
        added = add_entries(database, feed, [(t, p) for t, p in entries])
        new += len(added)
        print(json.dumps({"feed": feed, "done": done, "total": len(plan), "status": "ok",
                          "new": len(added), "updated": 0}), flush=True)
    print(json.dumps({"summary": {"feeds": len(plan), "new": new, "updated": 0,
                                  "failed": 0}}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
