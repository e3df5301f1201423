"""bench/RESULTS.md in sections, so that a step run alone (`bench/startup.py`,
`bench/cluster.py`, `make bench-1m`) rewrites its own table and leaves the others as they are.
A section is the text between `<!-- name -->` and `<!-- /name -->`."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "| what | budget | measured | reference | |\n|---|---|---|---|---|"


def process_times(cmd: list[str], **kwargs: Any
                  ) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run one command: its wall seconds, its CPU seconds (user and system, with every child
    it waited for: a pool's workers, pytest's) and what it returned."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, text=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def ok(good: bool) -> str:
    return "met" if good else "**missed**"


def table(rows: list[str]) -> str:
    return HEADER + "\n" + "\n".join(rows)


def machine_note(load: tuple[float, float, float] | None = None) -> str:
    """The machine's load when a step started: other work on it slows the absolute figures
    (ratios are measured against a reference in the same run)."""
    one, five, _ = load or os.getloadavg()
    shared = (" — the machine was shared with other work (load above its cores)"
              if one > (os.cpu_count() or 1) else "")
    return (f"Load average at the start: {one:.1f} (5 min: {five:.1f}) on {os.cpu_count()} "
            f"cores{shared}.")


def write_section(name: str, body: str, title: str,
                  load: tuple[float, float, float] | None = None) -> None:
    """Replace (or append) the section `name` of RESULTS.md with a heading and `body`."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = (f"<!-- {name} -->\n## {title}\n\n{machine_note(load)}\n\n{body.strip()}\n"
             f"<!-- /{name} -->")
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text)
    print(block)
