"""Build an N-article database from really extracted articles, for the benchmarks.

    bench/build_corpus.py --articles 100000 --db bench/cache/corpus-100000.db

The seed article and the development corpus are ingested once with the model (cached in
bench/cache/, keyed by the inputs, the model and the extraction code). Their claims are read
back with their mentions, types, cues and speakers. Each new article recombines runs of claims
from several source articles into a new body, carrying the extraction along with shifted
offsets, so every body differs while every mention and claim is one the model really found.
Ids, titles and dates (spread over ten years) are new. The rows go in through the bulk write
path (`db.bulk.BulkWriter`).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
SOURCES = [
    ROOT / "seeds" / "000_d794bd344b4ae8f1.txt", ROOT / "tests" / "fixtures" / "re3d-dev.jsonl",
]
# The extraction code: a change in it means the source database must be extracted again.
EXTRACTION_CODE = sorted((ROOT / "db" / "nlp").glob("*.py")) + [ROOT / "db" / "ingest.py"]
FIRST_DAY = date(2015, 1, 1)
DAYS = 3653  # ten years


@dataclass(frozen=True)
class Unit:
    """One extracted claim, with offsets relative to its own start."""

    source: int  # index of its source article
    text: str
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, actor key)
    types: tuple[tuple[str, str | None, int | None, int | None], ...]  # type, cue, start, end
    speaker_key: str | None
    negated: bool


def source_db(model: str | None = None) -> Path:
    """The seed and the development corpus ingested with the model, built once and cached."""
    digest = hashlib.sha256()
    for path in SOURCES + EXTRACTION_CODE:
        digest.update(path.read_bytes())
    digest.update((model or "").encode())
    path = CACHE / f"source-{digest.hexdigest()[:12]}.db"
    if path.exists():
        return path
    from db import ingest
    from db.nlp.pipeline import Pipeline
    from db.readers import read_inputs
    from db.schema import open_write

    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = open_write(tmp)
    summary = ingest.ingest_items(db, list(read_inputs([str(p) for p in SOURCES])),
                                  Pipeline.load(model))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    if summary.failed:
        raise SystemExit(f"source ingest failed: {summary.errors}")
    tmp.rename(path)
    return path


def load_units(path: Path) -> tuple[list[Unit], dict[str, tuple[str, str, str | None, str | None]],
                                    list[str | None], str]:
    """Claims of the source database, its actors (key -> name, kind, country, role), the
    sources of its articles, and the pipeline that extracted them."""
    conn = sqlite3.connect(path)
    actors = {k: (n, kind, c, r) for k, n, kind, c, r in conn.execute(
        "SELECT key, name, kind, country, role FROM actors")}
    key_of = dict(conn.execute("SELECT id, key FROM actors"))
    articles = {aid: (i, body, source) for i, (aid, body, source) in enumerate(conn.execute(
        "SELECT id, body, source FROM articles ORDER BY id"))}
    pipeline = conn.execute("SELECT pipeline FROM articles LIMIT 1").fetchone()[0]
    mentions: dict[int, list[tuple[int, int, int]]] = {}
    for claim_id, actor_id, start, end in conn.execute(
        'SELECT claim_id, actor_id, start, "end" FROM mentions WHERE claim_id IS NOT NULL '
        "ORDER BY claim_id, start"
    ):
        mentions.setdefault(claim_id, []).append((start, end, actor_id))
    types: dict[int, list[tuple[str, str | None, int | None, int | None]]] = {}
    for claim_id, ctype, cue, cs, ce in conn.execute(
        # The cue's text is cut out of the body, as the store does.
        "SELECT t.claim_id, t.type, substr(a.body, t.cue_start + 1, t.cue_end - t.cue_start), "
        "t.cue_start, t.cue_end FROM claim_types t JOIN claims c ON c.id = t.claim_id "
        "JOIN articles a ON a.id = c.article_id ORDER BY t.claim_id, t.type"
    ):
        types.setdefault(claim_id, []).append((ctype, cue, cs, ce))
    units = []
    for claim_id, article_id, start, end, speaker, negated in conn.execute(
        'SELECT id, article_id, start, "end", speaker_id, negated FROM claims '
        "ORDER BY article_id, seq"
    ):
        index, body, _ = articles[article_id]
        units.append(Unit(
            index, body[start:end],
            tuple((s - start, e - start, key_of[a]) for s, e, a in mentions.get(claim_id, [])),
            tuple((t, cue, None if cs is None else cs - start, None if ce is None else ce - start)
                  for t, cue, cs, ce in types.get(claim_id, [])),
            key_of.get(speaker) if speaker else None, bool(negated),
        ))
    conn.close()
    sources = [source for _, _, source in sorted(articles.values(), key=lambda v: v[0])]
    return units, actors, sources, pipeline


def build(n_articles: int, db_path: Path, *, seed: int = 7, model: str | None = None,
          quiet: bool = False) -> dict[str, float]:
    """Write `n_articles` recombined articles into a new database at `db_path`."""
    from db.bulk import BulkWriter
    from db.ingest import Prepared, sha256_of
    from db.inputs import ArticleInput
    from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundCue, FoundMention
    from db.schema import open_write

    t0 = time.perf_counter()
    units, actors, sources, pipeline = load_units(source_db(model))
    t_source = time.perf_counter() - t0
    by_source: dict[int, list[Unit]] = {}
    for unit in units:
        by_source.setdefault(unit.source, []).append(unit)
    runs = [us for us in by_source.values() if us]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = open_write(db_path)
    # A fresh file that is thrown away on failure: durability can wait for the end.
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("PRAGMA cache_size = -262144")
    writer = BulkWriter(db, pipeline, chunk=5000)
    rng = random.Random(seed)
    seen: set[str] = set()
    i = 0
    while i < n_articles:
        picked: list[list[Unit]] = []
        for _ in range(rng.randint(3, 5)):  # about 1.6 KB, as short news articles
            pool = rng.choice(runs)
            first = rng.randrange(len(pool))
            picked.append(pool[first:first + rng.randint(1, 5)])
        body_parts: list[str] = []
        mentions: list[FoundMention] = []
        claims: list[FoundClaim] = []
        found: dict[str, FoundActor] = {}
        aliases: dict[str, dict[str, None]] = {}
        offset = 0
        for p, run in enumerate(picked):
            if p:
                body_parts.append("\n\n")
                offset += 2
            for u, unit in enumerate(run):
                if u:
                    body_parts.append(" ")
                    offset += 1
                body_parts.append(unit.text)
                for s, e, key in unit.mentions:
                    text = unit.text[s:e]
                    mentions.append(FoundMention(offset + s, offset + e, text, key))
                    aliases.setdefault(key, {})[text] = None
                claims.append(FoundClaim(
                    offset, offset + len(unit.text), tuple(t for t, *_ in unit.types),
                    tuple(FoundCue(t, cue, offset + cs, offset + ce)
                          for t, cue, cs, ce in unit.types
                          if cue is not None and cs is not None and ce is not None),
                    unit.speaker_key, unit.negated,
                ))
                if unit.speaker_key:
                    aliases.setdefault(unit.speaker_key, {})
                offset += len(unit.text)
        for key, forms in aliases.items():
            name, kind, country, role = actors[key]
            found[key] = FoundActor(key, name, kind, country, role, tuple(forms))
        body = "".join(body_parts)
        first_words = picked[0][0].text.split()[:9]
        title = " ".join(first_words).rstrip(",;:") + f" ({i + 1})"
        digest = sha256_of(title, body)
        if digest in seen:
            continue
        seen.add(digest)
        published = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        source = sources[picked[0][0].source] or "bench"
        item = ArticleInput(title, body, f"bench:{i + 1}", f"bench:{i + 1}", source,
                            f"https://example.org/bench/{i + 1}", published)
        writer.add(Prepared(item, title, body, digest, f"bench:{i + 1}", None),
                   Extraction(tuple(found.values()), tuple(mentions), tuple(claims)))
        i += 1
        if not quiet and i % 20000 == 0:
            print(f"  {i} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    writer.close()
    t_write = time.perf_counter()
    finish(db.conn)
    db.conn.close()
    t_end = time.perf_counter()
    return {"source_s": t_source, "write_s": t_write - t0 - t_source,
            "finish_s": t_end - t_write, "total_s": t_end - t0}


def finish(conn: sqlite3.Connection) -> None:
    """Refresh the planner's statistics. The FTS5 segments are left as FTS5's automerge made
    them, as after a long ingest ('optimize' would also leave the old pages free in the file)."""
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    times = build(args.articles, args.db, seed=args.seed, model=args.model)
    print(f"{args.articles} articles in {args.db}: " + ", ".join(
        f"{k} {v:.1f}" for k, v in times.items()))


if __name__ == "__main__":
    main()
