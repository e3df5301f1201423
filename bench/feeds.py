"""The feed refresh benchmark: 200 feeds of 50 entries each from a loopback server.

Runs `briefing refresh` twice as a user would (a process of its own each, so its peak memory
is its own): the first fetches and ingests 10,000 entries, the second must send only
conditional requests (all answered 304) and add nothing. Writes its section of
bench/RESULTS.md; `make bench` calls it (bench/run.py), and it runs alone too:

    .venv/bin/python bench/feeds.py [--model NAME]

The pipeline is rules-only unless `--model` says otherwise: the model's own cost is the
ingest row of RESULTS.md; this measures what refresh adds (fetching, parsing, the ingest
path, the writes).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feeds.server import FeedServer, Route, rss  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
FEEDS, ENTRIES, HOSTS, WORKERS = 200, 50, 8, 4
SECTION = "## Feed refresh"

_WORDS = ("ministers", "officials", "talks", "ceasefire", "harbour", "grain", "exports",
          "sanctions", "council", "vote", "parliament", "budget", "protest", "election",
          "summit", "refugees", "border", "aid", "convoy", "strike", "agreement",
          "negotiators", "delegation", "statement")
_PLACES = ("Odesa", "Geneva", "Khartoum", "Nairobi", "Warsaw", "Ankara", "Lima", "Hanoi")


def _entry(rng: random.Random, feed: int, n: int) -> tuple[str, str, str]:
    place = rng.choice(_PLACES)
    sentences = [f"{place} {' '.join(rng.choice(_WORDS) for _ in range(12))}."
                 for _ in range(4)]
    return (f"feed{feed}-entry{n}", f"{place}: {' '.join(rng.sample(_WORDS, 5))}",
            " ".join(sentences).capitalize())


def _refresh(db: Path, model: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update({"BRIEFING_MODEL": model, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", str(db), "refresh",
                                 "--workers", str(WORKERS)], env=env, stdout=subprocess.PIPE,
                                stderr=err, text=True)
        assert proc.stdout is not None
        out = proc.stdout.read()
        # wait4: this run's own peak memory (RUSAGE_CHILDREN would be the largest so far).
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"refresh failed ({proc.returncode}): {err.read()[-2000:]}")
    peak = usage.ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "summary": out.strip()}


def measure(model: str = "rules-only") -> dict[str, Any]:
    rng = random.Random(16)
    load = os.getloadavg()[0]
    servers = [FeedServer(host=f"127.0.0.{i + 1}").start() for i in range(HOSTS)]
    try:
        with tempfile.TemporaryDirectory(prefix="briefing-feeds-bench-") as tmp:
            db = Path(tmp) / "feeds.db"
            lines = []
            for f in range(FEEDS):
                server = servers[f % HOSTS]
                server.routes[f"/feed{f}.xml"] = Route(
                    rss(f"Feed {f}", [_entry(rng, f, n) for n in range(ENTRIES)]))
                lines.append(f"{server.url(f'/feed{f}.xml')} bench host{f % HOSTS}")
            (Path(tmp) / "urls").write_text("\n".join(lines) + "\n")
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), "feeds",
                            "import", str(Path(tmp) / "urls")], env=env, check=True,
                           capture_output=True)
            first = _refresh(db, model)
            seen = [len(s.requests()) for s in servers]
            seen_first = sum(seen)
            second = _refresh(db, model)
            again = [r for s, n in zip(servers, seen, strict=True) for r in s.requests()[n:]]
            import sqlite3

            conn = sqlite3.connect(db)
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            conn.close()
    finally:
        for server in servers:
            server.close()
    return {
        "model": model, "load": load, "feeds": FEEDS, "entries": ENTRIES, "hosts": HOSTS,
        "workers": WORKERS, "articles": articles, "first": first, "second": second,
        "requests_first": seen_first / FEEDS, "requests_second": len(again) / FEEDS,
        "conditional_second": sum(r.conditional for r in again),
        "not_modified_second": sum(r.status == 304 for r in again), "sent_second": len(again),
    }


def section(m: dict[str, Any]) -> str:
    f, s = m["first"], m["second"]
    only_conditional = m["conditional_second"] == m["sent_second"] == m["not_modified_second"]
    return "\n".join([
        SECTION,
        "",
        f"`bench/feeds.py`: `briefing refresh --workers {m['workers']}` of {m['feeds']} feeds "
        f"with {m['entries']} entries each from a loopback server ({m['hosts']} hosts, "
        f"127.0.0.1-{m['hosts']}, at most one request at a time each), pipeline "
        f"`{m['model']}` (the model's own cost is the ingest row above). Each refresh is a "
        "process of its own, its start (Python, sqlite-utils) in its time. Load average at "
        f"the start: {m['load']:.1f} (other work on the machine slows these figures).",
        "",
        "| refresh | time | peak memory (RSS) | requests per feed | result |",
        "|---|---|---|---|---|",
        f"| first: {m['articles']:,} new articles | {f['seconds']:.1f} s "
        f"({m['feeds'] / f['seconds']:.1f} feeds/s, {m['articles'] / f['seconds']:.0f} "
        f"entries/s) | {f['peak_mb']:.0f} MB | {m['requests_first']:.2f} | {f['summary']} |",
        f"| second, nothing changed | {s['seconds']:.1f} s | {s['peak_mb']:.0f} MB | "
        f"{m['requests_second']:.2f}: {m['conditional_second']} of {m['sent_second']} "
        f"conditional, {m['not_modified_second']} answered 304 | {s['summary']} "
        f"({'only conditional requests: met' if only_conditional else '**missed**'}) |",
        "",
    ])


def write_section(m: dict[str, Any]) -> None:
    """Replace (or add) this benchmark's section of RESULTS.md, leaving the rest as it is."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    before, _, rest = text.partition(SECTION)
    after = ""
    if rest:
        nxt = rest.find("\n## ")
        after = rest[nxt + 1:] if nxt >= 0 else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + section(m) + ("\n" + after if after
                                                                     else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="rules-only")
    args = parser.parse_args()
    m = measure(args.model)
    print(m, file=sys.stderr)
    write_section(m)
    print(section(m))


if __name__ == "__main__":
    main()
