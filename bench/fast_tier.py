"""The fast tier's time (issue 19: `make test-fast` under 30 s on 2 cores) beside a reference
measured in the same run, so that a slow hour of the host is told apart from a suite that grew.

The reference is Textual work of the kind the tier is made of (its Pilot tests are most of
its CPU): a bare Textual app (bench/bare_textual.py) started headless and stopped, `APPS`
times in one process. The two are run alternately, `RUNS` times each, and medians compared.

    .venv/bin/python bench/fast_tier.py      # one step, runnable alone; `make bench-fast`
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from results import ok, process_times, table, write_section

ROOT = Path(__file__).resolve().parent.parent
RUNS = 2
APPS = 60
BUDGET_S = 30.0

REFERENCE = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from bare_textual import Bare

async def main() -> None:
    for _ in range({APPS}):
        async with Bare().run_test(size=(100, 30)) as pilot:
            await pilot.pause()

asyncio.run(main())
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the children included) of one command."""
    wall, cpu, _ = process_times(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    return wall, cpu


def main() -> None:
    tier: list[tuple[float, float]] = []
    ref: list[tuple[float, float]] = []
    for _ in range(RUNS):
        ref.append(timed([sys.executable, "-c", REFERENCE]))
        tier.append(timed(["make", "--no-print-directory", "test-fast"]))
    wall = statistics.median(w for w, _ in tier)
    cpu = statistics.median(c for _, c in tier)
    ref_wall = statistics.median(w for w, _ in ref)
    runs = ", ".join(f"{w:.1f}" for w, _ in tier)
    rows = [
        f"| `make test-fast`, wall | < {BUDGET_S:.0f} s | **{wall:.1f} s** (runs: {runs}) | "
        f"{APPS} bare Textual apps: {ref_wall:.2f} s | {ok(wall < BUDGET_S)} |",
        f"| `make test-fast`, CPU (all workers) | | {cpu:.0f} CPU-s on {os.cpu_count()} cores | "
        f"tier / reference: {wall / ref_wall:.1f}x | |",
    ]
    write_section("fast-tier", table(rows) + "\n\nThe reference runs alternately with the "
                  "tier, so that a slow hour of the host shows in both; the budget is the "
                  "tier's wall time alone.",
                  "The fast tier (`bench/fast_tier.py`)")


if __name__ == "__main__":
    main()
