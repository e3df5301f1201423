"""`ingest --cluster local:2` against `--workers 2` and `--workers 1` on the same million
characters (the development corpora, real articles), each a whole `briefing ingest` process
into a new database: cluster start and model loading included (DECISIONS.md). Budget: the
cluster at most 10% over `--workers 2`.

Then the client's own cost: the same ingest sent to a cluster that is already up (this
process starts it), with the CPU time of the `briefing` process alone (its workers are not
its children), which is what one writing client spends per article whatever the workers.

    .venv/bin/python bench/cluster_overhead.py     # one step of `make bench`, runnable alone
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
import run  # noqa: E402

ROOT = run.ROOT
CORPORA = [ROOT / "tests" / "fixtures" / "news-dev.jsonl",
           ROOT / "tests" / "fixtures" / "re3d-dev.jsonl"]
# Rounds of --workers 2 and of the cluster: with 2 the median was one noisy run.
ROUNDS = int(os.environ.get("BENCH_CLUSTER_ROUNDS", "3"))


def inputs(paths: list[Path]) -> dict[str, float]:
    """The development corpora: 512 real news articles, about a million characters of body."""
    chars = n = 0
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                chars += len(record.get("body") or record.get("text") or "")
                n += 1
    return {"chars": float(chars), "articles": float(n)}


def ingest(corpus: list[Path], *args: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the children it waited for)."""
    db = run.CACHE / "cluster-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "tui.cli", "--db", str(db), "ingest",
               *map(str, corpus), *args]
    wall, cpu, done = results.process_times(command, env=env, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"ingest {args} exited {done.returncode}: {done.stderr.strip()}")
    print(f"ingest {' '.join(args)}: {wall:.1f} s, {done.stdout.strip()}", file=sys.stderr)
    return wall, cpu


def measure(corpus: list[Path] = CORPORA) -> dict[str, Any]:
    size = inputs(corpus)
    times: dict[str, list[float]] = {"one": [], "two": [], "cluster": []}
    # Side by side, the two that are compared next to each other: the machine's speed drifts.
    for _ in range(ROUNDS):
        times["two"].append(ingest(corpus, "--workers", "2")[0])
        times["cluster"].append(ingest(corpus, "--cluster", "local:2")[0])
    times["one"].append(ingest(corpus, "--workers", "1")[0])
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster):
        # The workers load the model meanwhile: their time, not the client's CPU.
        client_wall, client_cpu = ingest(corpus, "--cluster", cluster.scheduler_address)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run.CACHE / 'cluster-bench.db'}{suffix}").unlink(missing_ok=True)
    return {**size, "rounds": ROUNDS, "one": statistics.median(times["one"]),
            "two": statistics.median(times["two"]),
            "cluster": statistics.median(times["cluster"]), "all": times,
            "client_wall": client_wall, "client_cpu": client_cpu}


def rows(c: dict[str, Any]) -> list[str]:
    over = c["cluster"] / c["two"] - 1
    per_article = (c["cluster"] - c["two"]) / c["articles"] * 1000
    runs = ", ".join(f"{k} {' / '.join(f'{t:.1f}' for t in v)} s" for k, v in c["all"].items())
    return [
        f"| `ingest --cluster local:2` against `--workers 2` | ≤ 10% more | "
        f"{c['cluster']:.1f} s vs {c['two']:.1f} s = **{over:+.0%}** "
        f"({per_article:+.1f} ms per article) | whole processes on {c['chars'] / 1e6:.2f}M "
        f"chars ({int(c['articles'])} articles), cluster start and model loading included; "
        f"median of {c['rounds']} ({runs}) | {results.ok(over <= 0.10)} |",
        f"| `--workers 2` against `--workers 1`, whole processes | — | "
        f"{c['one'] / c['two']:.2f}x | {c['one']:.1f} s vs {c['two']:.1f} s | |",
        f"| the client's own CPU, the workers already up | — | {c['client_cpu']:.1f} s = "
        f"{c['client_cpu'] / c['articles'] * 1000:.1f} ms per article (wall {c['client_wall']:.1f}"
        f" s) | reading, sameness, writing and Dask's messages, in the `briefing` process | |",
    ]


def write() -> None:
    load = os.getloadavg()
    run.CACHE.mkdir(parents=True, exist_ok=True)
    c = measure()
    print(c, file=sys.stderr)
    (run.CACHE / "cluster.json").write_text(json.dumps(c))
    results.write_section("cluster", results.table(rows(c)),
                          "Ingest on a Dask cluster (`bench/cluster_overhead.py`)", load)


def main() -> None:
    write()


if __name__ == "__main__":
    main()
