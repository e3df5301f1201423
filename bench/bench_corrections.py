"""A correction at 100,000 articles: `briefing correct merge` of the two biggest person actors,
timed as the browser runs it (a process: start, lock, one transaction, checkpoint), on a copy
of the bench corpus (`bench/build_corpus.py`, cached by run.py), then its undo.

Run alone: `.venv/bin/python bench/bench_corrections.py [DB]` (default: the cached corpus,
built first if missing). `make bench` runs it as one of its steps (bench/run.py).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = ROOT / ".venv" / "bin" / "briefing"
BUDGET_S = 2.0


def _briefing(db: Path, *args: str) -> tuple[float, str]:
    t = time.perf_counter()
    done = subprocess.run([str(BRIEFING), "--db", str(db), *args], capture_output=True,
                          text=True, check=False)
    took = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"briefing {' '.join(args)}: {done.stderr.strip()}")
    return took, done.stdout


def merge_biggest(corpus: Path) -> dict[str, Any]:
    """Merge the second biggest person into the biggest, then undo it; wall times."""
    with tempfile.TemporaryDirectory(dir=corpus.parent, prefix="corrections-") as tmp:
        work = Path(tmp) / "corpus.db"
        shutil.copy(corpus, work)
        _briefing(work, "ingest")  # brought to this schema first: not the correction's time
        conn = sqlite3.connect(work)
        people = conn.execute("SELECT id, name, n_mentions, n_articles FROM actors WHERE "
                              "kind = 'person' ORDER BY n_mentions DESC LIMIT 2").fetchall()
        conn.close()
        (big, big_name, big_n, _), (small, small_name, small_n, small_articles) = people
        dry_s, summary = _briefing(work, "correct", "merge", str(small), str(big), "--dry-run")
        merge_s, out = _briefing(work, "correct", "merge", str(small), str(big), "--json")
        record = json.loads(out)
        conn = sqlite3.connect(work)
        survivor = min(big, small)  # the older id survives (the record names no ids)
        merged_n = conn.execute("SELECT n_mentions FROM actors WHERE id = ?",
                                [survivor]).fetchone()[0]
        conn.close()
        if merged_n != big_n + small_n:
            raise SystemExit(f"merged actor has {merged_n} mentions, not {big_n + small_n}")
        undo_s, _ = _briefing(work, "corrections", "undo", str(record["id"]))
        noop_s, _ = _briefing(work, "corrections")  # a process that reads the list: the floor
    return {"merge_s": merge_s, "undo_s": undo_s, "dry_run_s": dry_s, "process_s": noop_s,
            "summary": summary.strip(), "into": big_name, "from": small_name,
            "mentions": small_n, "articles": small_articles, "budget_s": BUDGET_S}


def rows(result: dict[str, Any] | None, ok: Any) -> list[str]:
    """The row of bench/RESULTS.md."""
    if result is None:
        return []
    return [
        f"| a correction: `briefing correct merge` of the two biggest people | ≤ "
        f"{BUDGET_S:.0f} s | **{result['merge_s']:.2f} s** ({result['summary']}, "
        f"{result['articles']:,} articles); undo {result['undo_s']:.2f} s | a process that "
        f"only lists the corrections: {result['process_s']:.2f} s | "
        f"{ok(result['merge_s'] <= BUDGET_S)} |"]


def main() -> None:
    if len(sys.argv) > 1:
        corpus = Path(sys.argv[1])
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        import run

        corpus, _ = run.corpus()
    result = merge_biggest(corpus)
    verdict = "met" if result["merge_s"] <= BUDGET_S else "MISSED"
    print(f"{result['summary']}: {result['merge_s']:.2f} s (budget {BUDGET_S:.0f} s, {verdict}); "
          f"undo {result['undo_s']:.2f} s; dry run {result['dry_run_s']:.2f} s; "
          f"a process that only reads: {result['process_s']:.2f} s")


if __name__ == "__main__":
    main()
