"""The read commands' start: `briefing search|actors|mentions|claims --json` as whole processes
against a bare Python process that opens the same file and runs one query (issue 18: budget
≤ 2x). Both run with the same interpreter (the project's .venv, its site and editable-install
hooks included), interleaved, so that a busy machine slows both alike; medians are compared.

    .venv/bin/python bench/startup.py [DB]     # one step of `make bench`, runnable alone
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PYTHON = sys.executable
RUNS = 15
WORD = "Aleppo"  # a word of the bench's queries with a mid-sized list of matches

BARE = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n"
    "conn.execute('SELECT rowid, bm25(articles_fts) FROM articles_fts WHERE articles_fts "
    "MATCH ? ORDER BY bm25(articles_fts) LIMIT 50', [sys.argv[2]]).fetchall()\n"
)


def commands(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    # A frequent actor named by id: the name is resolved either way, the id needs no list.
    actor = conn.execute("SELECT id FROM actors ORDER BY n_mentions DESC LIMIT 1").fetchone()[0]
    conn.close()
    # The console script a user runs (`pip install` writes it beside the interpreter), not
    # `python -m tui.cli`, which runs tui/cli.py twice (as __main__, then as the module).
    briefing = [PYTHON, str(Path(PYTHON).parent / "briefing"), "--db", str(path)]
    return {
        "search": [*briefing, "search", WORD, "--json", "--limit", "50"],
        "actors": [*briefing, "actors", "--json", "--limit", "50"],
        "mentions": [*briefing, "mentions", str(actor), "--json", "--limit", "50"],
        "claims": [*briefing, "claims", "--type", "event", "--json", "--limit", "50"],
    }


def _run(argv: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"{argv[3:]} exited {done.returncode}: {done.stderr.strip()}")
    return elapsed


def measure(path: Path, runs: int = RUNS) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env |= {"PYTHONPATH": str(root), "NO_COLOR": "1"}
    cmds = commands(path)
    bare = [PYTHON, "-c", BARE, str(path), WORD]
    times: dict[str, list[float]] = {"bare": [], **{name: [] for name in cmds}}
    for argv in [bare, *cmds.values()]:  # warm the file's pages and the .pyc files first
        _run(argv, env)
    for _ in range(runs):
        times["bare"].append(_run(bare, env))
        for name, argv in cmds.items():
            times[name].append(_run(argv, env))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    return {"medians": medians, "runs": runs, "word": WORD,
            "ratios": {n: medians[n] / medians["bare"] for n in cmds}}


def rows(s: dict[str, Any], ok: Any) -> list[str]:
    bare = s["medians"]["bare"]
    out = []
    for name, ratio in s["ratios"].items():
        out.append(
            f"| `briefing {name} … --json` start to exit | ≤ 2x a bare Python process | "
            f"{s['medians'][name] * 1000:.0f} ms median = **{ratio:.2f}x** | bare process "
            f"(same interpreter, opens the file, one FTS5 query for `{s['word']}`): "
            f"{bare * 1000:.0f} ms; {s['runs']} runs each, interleaved | {ok(ratio <= 2)} |")
    return out


def write(path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import results

    load = os.getloadavg()
    # The project's modules as an installed briefing has them, compiled (pip compiles at
    # install; an editable install run with PYTHONDONTWRITEBYTECODE would compile every time).
    root = Path(__file__).resolve().parent.parent
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(root / "db"), str(root / "tui")],
                   check=True, stdout=subprocess.DEVNULL)
    s = measure(path)
    print(s, file=sys.stderr)
    results.write_section("startup", results.table(rows(s, results.ok)),
                          f"Read commands' start-up on {path.name} (`bench/startup.py`)", load)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        import run

        path, _ = run.corpus()
    write(path)


if __name__ == "__main__":
    main()
