"""`make bench-1m`: every budget of `make bench` that depends on the corpus's size, measured at
100,000 and at 1,000,000 articles in the same run, with the same references (raw FTS5 on the
same file, a bare Textual app in the same tmux), and the growth between them.

    .venv/bin/python bench/sizes.py [--sizes 100000,1000000]

Both corpora are built by bench/build_corpus.py and cached in bench/cache/ like `make bench`'s.
Ingest throughput and the 5 MB article do not depend on the corpus's size (a batch is written
against indexes whatever their size; the article is a database of its own): `make bench` has
them. Writes the section `size-1000000` of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
import run  # noqa: E402

BUDGETS_1M = {"first": 1.0, "filter_p95": 50.0, "next": 5.0, "word": 1.2, "rss": 150.0,
              "file": 4.0}


def measure(n: int, path: Path | None = None) -> dict[str, Any]:
    """The size budgets on the cached corpus of `n` articles (built if missing), or on the
    database at `path` (a corpus built earlier: its build time is then unknown here)."""
    run.N_ARTICLES = n
    t0 = time.perf_counter()
    if path is None:
        path, build = run.corpus()
    else:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        n = run.N_ARTICLES = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        conn.close()
        meta = path.with_suffix(".json")  # the build's times, where they were kept
        build = json.loads(meta.read_text()) if meta.exists() else {"write_s": float("nan"),
                                                                     "finish_s": 0.0}
        build["cached"] = True
    build_s = time.perf_counter() - t0
    print(f"{n}: corpus {path} {build}", file=sys.stderr)
    m: dict[str, Any] = {"n": n, "path": str(path), "build": build, "build_wall_s": build_s}
    m["size"] = run.db_size(path)
    m["q"] = run.query_latency(path)
    print(f"{n}: queries {m['q']}", file=sys.stderr)
    m["fq"], m["f"] = run.filter_queries(path)
    print(f"{n}: filters {m['f']}", file=sys.stderr)
    m["nm"] = run.next_mention(path)
    print(f"{n}: next mention {m['nm']}", file=sys.stderr)
    m["br"] = run.browser(path)
    bare = Path(__file__).resolve().parent / "bare_textual.py"
    m["bare_textual"] = run.browser(path, program=f"{sys.executable} {bare}")
    print(f"{n}: browser {m['br']}, bare Textual {m['bare_textual']}", file=sys.stderr)
    return m


def build_seconds(m: dict[str, Any]) -> float:
    return float(m["build"]["write_s"] + m["build"]["finish_s"])


def rows(m: dict[str, Any]) -> list[str]:
    ok, b = results.ok, BUDGETS_1M
    br, bare, q, f, nm, size = m["br"], m["bare_textual"], m["q"], m["f"], m["nm"], m["size"]
    word = q["p95"] / q["raw_p95"]
    ratio = size["db_mb"] / size["text_mb"]
    cached = " (built in an earlier run)" if m["build"].get("cached") else ""
    return [
        f"| first screen (`briefing browse`, tmux 100x30, until a row shows) | ≤ {b['first']} s "
        f"median | {br['median']:.2f} s median of {len(br['runs'])} "
        f"({', '.join(f'{r:.2f}' for r in br['runs'])}); spaCy "
        f"{'imported' if br['spacy'] else 'not imported'} | bare Textual app: "
        f"{bare['median']:.2f} s | {ok(br['median'] <= b['first'] and not br['spacy'])} |",
        f"| word queries, 20 typical | p95 ≤ {b['word']}x raw FTS5 | p50 {q['p50']:.1f} ms, "
        f"p95 {q['p95']:.1f} ms = **{word:.2f}x** | raw FTS5 bm25 LIMIT 50: p50 "
        f"{q['raw_p50']:.1f} ms, p95 {q['raw_p95']:.1f} ms | {ok(word <= b['word'])} |",
        f"| filter queries (country:, actor:, type:, speaker:) | p95 ≤ {b['filter_p95']:.0f} ms "
        f"| p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms | {len(m['fq'])} queries x 5 | "
        f"{ok(f['p95'] <= b['filter_p95'])} |",
        f"| `n`/`N` (`Store.next_mention`) | ≤ {b['next']:.0f} ms median | "
        f"{nm['median']:.2f} ms median, p95 {nm['p95']:.2f} ms | {int(nm['n'])} jumps, 8 actors "
        f"frequent to rare | {ok(nm['median'] <= b['next'])} |",
        f"| browser memory (RSS) | ≤ {b['rss']:.0f} MB | {br['rss']:.0f} MB ({br['rss_anon']:.0f}"
        f" MB own, {br['rss_file']:.0f} MB mapped) | after the first screen, 15 pages down and "
        f"{len(run.SEARCHES)} searches | {ok(br['rss'] <= b['rss'])} |",
        f"| file size | ≤ {b['file']:.0f}x the text | **{ratio:.2f}x** ({size['db_mb']:,.0f} MB) "
        f"| titles and bodies: {size['text_mb']:,.0f} MB | {ok(ratio <= b['file'])} |",
        f"| corpus build (`bench/build_corpus.py`) | — | {build_seconds(m) / 60:.1f} min{cached} "
        f"| bulk path, `db.bulk.BulkWriter` | |",
    ]


def growth(small: dict[str, Any], big: dict[str, Any]) -> str:
    def line(what: str, a: float, b: float, unit: str, fmt: str = ".1f") -> str:
        return f"| {what} | {a:{fmt}} {unit} | {b:{fmt}} {unit} | {b / a:.2f}x |"

    factor = big["n"] / small["n"]
    out = [f"| what | {small['n']:,} | {big['n']:,} | growth ({factor:.0f}x the articles) |",
           "|---|---|---|---|",
           line("first screen, median", small["br"]["median"], big["br"]["median"], "s", ".2f"),
           line("bare Textual app, median", small["bare_textual"]["median"],
                big["bare_textual"]["median"], "s", ".2f")]
    for key, label in (("p50", "word query p50"), ("p95", "word query p95"),
                       ("raw_p50", "raw FTS5 p50"), ("raw_p95", "raw FTS5 p95")):
        out.append(line(label, small["q"][key], big["q"][key], "ms"))
    out += [line("filter query p50", small["f"]["p50"], big["f"]["p50"], "ms"),
            line("filter query p95", small["f"]["p95"], big["f"]["p95"], "ms"),
            line("`n`/`N` median", small["nm"]["median"], big["nm"]["median"], "ms", ".2f"),
            line("`n`/`N` p95", small["nm"]["p95"], big["nm"]["p95"], "ms", ".2f"),
            line("browser RSS", small["br"]["rss"], big["br"]["rss"], "MB", ".0f"),
            line("file", small["size"]["db_mb"], big["size"]["db_mb"], "MB", ",.0f"),
            line("text", small["size"]["text_mb"], big["size"]["text_mb"], "MB", ",.0f"),
            line("corpus build", build_seconds(small), build_seconds(big), "s", ".0f")]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--dbs", help="measure these databases instead (comma-separated)")
    args = parser.parse_args()
    load = os.getloadavg()
    t0 = time.perf_counter()
    if args.dbs:
        measured = [measure(0, Path(p)) for p in args.dbs.split(",")]
    else:
        measured = [measure(int(s)) for s in args.sizes.split(",")]
    (results.RESULTS.parent / "cache").mkdir(exist_ok=True)
    (results.RESULTS.parent / "cache" / "sizes.json").write_text(json.dumps(measured))
    big = measured[-1]
    parts = [f"{big['n']:,} articles built by `bench/build_corpus.py` (the 100,000-article "
             "recipe, more times over). Budgets are those of issue 18 for 1M. Whole run: "
             f"{(time.perf_counter() - t0) / 60:.1f} min.", "", results.table(rows(big))]
    if len(measured) > 1:
        parts += ["", f"Growth, both sizes measured in this run ({len(measured)} corpora, the "
                  "same queries, references measured beside each):", "",
                  growth(measured[0], big)]
    parts += ["", "Filter queries at this size: " + ", ".join(f"`{x}`" for x in big["fq"]) + "."]
    results.write_section("size-large", "\n".join(parts),
                          f"{big['n']:,} articles (`make bench-1m`)", load)


if __name__ == "__main__":
    main()
