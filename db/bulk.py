"""The bulk write path: many already extracted articles, fast.

`write_extracted` in `db.ingest` writes one article with a statement per row; that is right for
an interactive ingest (a few articles per transaction, replacements, duplicates) but far too
slow for building a 100,000-article corpus. A `BulkWriter` gives rows explicit ids, keeps the
actors it has seen in memory, and writes each chunk of articles with one `executemany` per
table inside one transaction. The rows it writes are the same as `write_extracted` writes
(tests/db/test_bulk.py checks this).

Only new articles go through it: callers check for duplicates first (the benchmark builder
writes into a fresh database).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from db import corrections, kept
from db.ingest import Prepared, _opt, claim_at, resolve_corpus
from db.nlp.found import Extraction, FoundActor
from db.resolve import next_actor_id
from db.text import clean


@dataclass
class _KnownActor:
    id: int
    country: str | None
    role: str | None
    aliases: set[str]
    name: str
    kind: str
    new: bool = False
    changed: bool = False  # country, role or aliases to write
    given_country: bool = False  # known without a country, now given one
    added_aliases: set[str] = field(default_factory=set)


class BulkWriter:
    """Writes articles with their extraction in chunks; `close()` writes the last chunk."""

    def __init__(self, db: Database, pipeline_name: str, chunk: int = 2000) -> None:
        self.db = db
        self.pipeline_name = pipeline_name
        self.chunk = chunk
        self.written = 0
        conn = db.conn
        self._next = {
            table: (conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0] + 1)
            for table in ("articles", "actors", "claims", "mentions")
        }
        # Article ids are never reused (m007): past the highest ever given, deleted ones too.
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        self._next["articles"] = max(self._next["articles"], (seq[0] if seq else 0) + 1)
        self._next["actors"] = next_actor_id(db)
        self._load_actors()
        self._reset()

    def _load_actors(self) -> None:
        """The stored actors by key, and the keys of actors joined into others by their
        survivor (`db/resolve.py`)."""
        conn = self.db.conn
        self._actors: dict[str, _KnownActor] = {}
        aliases: dict[int, set[str]] = {}
        for actor_id, alias in conn.execute("SELECT actor_id, alias FROM aliases"):
            aliases.setdefault(actor_id, set()).add(alias)
        by_id = {}
        for actor_id, key, name, kind, country, role in conn.execute(
            "SELECT id, key, name, kind, country, role FROM actors"
        ):
            self._actors[key] = by_id[actor_id] = _KnownActor(
                actor_id, country, role, aliases.get(actor_id, set()), name, kind)
        for old_key, new_id in conn.execute("SELECT old_key, new_id FROM actor_redirects"):
            if new_id in by_id:
                self._actors.setdefault(old_key, by_id[new_id])

    def _reset(self) -> None:
        self._articles: list[tuple[Any, ...]] = []
        self._fts: list[tuple[int, str, str]] = []
        self._claims: list[tuple[Any, ...]] = []
        self._claims_fts: list[tuple[int, str]] = []
        self._types: list[tuple[Any, ...]] = []
        self._mentions: list[tuple[Any, ...]] = []
        self._n_mentions: Counter[int] = Counter()
        self._n_articles: Counter[int] = Counter()
        self._pending = 0

    def _id(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def _actor(self, actor: FoundActor) -> int:
        known = self._actors.get(actor.key)
        aliases = {clean(a) for a in (actor.name, *actor.aliases) if a.strip()}
        if known is None:
            known = _KnownActor(self._id("actors"), actor.country, actor.role, set(),
                                clean(actor.name), actor.kind, new=True, changed=True)
            self._actors[actor.key] = known
        else:
            if (known.country is None and actor.country) or (known.role is None and actor.role):
                known.given_country = known.given_country or (
                    known.country is None and bool(actor.country) and not known.new)
                known.country = known.country or actor.country
                known.role = known.role or actor.role
                known.changed = True
        fresh = aliases - known.aliases
        if fresh:
            known.aliases |= fresh
            known.added_aliases |= fresh
            known.changed = True
        return known.id

    def add(self, prepared: Prepared, extraction: Extraction) -> int:
        """Queue one new article; returns its id. Writes a chunk when one is full."""
        assert prepared.replaces is None, "the bulk path only adds new articles"
        item = prepared.item
        body = prepared.body
        article_id = self._id("articles")
        actor_ids = {a.key: self._actor(a) for a in extraction.actors}
        claim_spans: list[tuple[int, int, int]] = []
        for seq, claim in enumerate(extraction.claims):
            claim_id = self._id("claims")
            text = body[claim.start:claim.end]
            speaker = actor_ids.get(claim.speaker_key) if claim.speaker_key else None
            self._claims.append((claim_id, article_id, seq, claim.start, claim.end, speaker,
                                 int(claim.negated)))
            self._claims_fts.append((claim_id, text))
            claim_spans.append((claim.start, claim.end, claim_id))
            cues = {c.type: c for c in claim.cues}
            for ctype in dict.fromkeys(claim.types):
                cue = cues.get(ctype)
                self._types.append((claim_id, ctype, cue.start if cue else None,
                                    cue.end if cue else None))
        counts: Counter[int] = Counter()
        for m in extraction.mentions:
            actor_id = actor_ids[m.actor_key]
            counts[actor_id] += 1
            self._mentions.append((self._id("mentions"), article_id, actor_id,
                                   claim_at(claim_spans, m.start), m.start, m.end))
        self._n_mentions.update(counts)
        self._n_articles.update(counts.keys())
        self._articles.append((
            article_id, prepared.external_id, prepared.id_origin, prepared.title,
            _opt(item.source), _opt(item.url), item.published, body, prepared.sha256,
            datetime.now(UTC).isoformat(timespec="seconds"), self.pipeline_name,
            len(counts),
        ))
        self._fts.append((article_id, prepared.title, body))
        self._pending += 1
        if self._pending >= self.chunk:
            self.flush()
        return article_id

    def flush(self) -> None:
        """Write the queued articles in one transaction."""
        if not self._pending:
            return
        conn = self.db.conn
        with self.db.atomic():
            self._write_actors()
            conn.executemany(
                "INSERT INTO articles (id, external_id, origin, title, source, url, published, "
                "body, sha256, ingested_at, pipeline, n_actors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                self._articles,
            )
            conn.executemany(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", self._fts
            )
            conn.executemany(
                'INSERT INTO claims (id, article_id, seq, start, "end", speaker_id, negated) '
                "VALUES (?,?,?,?,?,?,?)",
                self._claims,
            )
            conn.executemany("INSERT INTO claims_fts (rowid, text) VALUES (?, ?)",
                             self._claims_fts)
            conn.executemany(
                "INSERT INTO claim_types (claim_id, type, cue_start, cue_end) VALUES (?,?,?,?)",
                self._types,
            )
            conn.executemany(
                'INSERT INTO mentions (id, article_id, actor_id, claim_id, start, "end") '
                "VALUES (?,?,?,?,?,?)",
                self._mentions,
            )
            conn.executemany(
                "UPDATE actors SET n_mentions = n_mentions + ?, n_articles = n_articles + ? "
                "WHERE id = ?",
                [(n, self._n_articles[a], a) for a, n in self._n_mentions.items()],
            )
            # The chunk's articles have consecutive ids.
            kept.add_articles(conn, self._articles[0][0], self._articles[-1][0])
            joined = resolve_corpus(self.db)  # as ingest does after each batch
            # and the user's corrections after it, as ingest does
            joined += corrections.enforce(self.db, [a[0] for a in self._articles])
        if joined:
            self._load_actors()
            self._next["actors"] = next_actor_id(self.db)
        self.written += self._pending
        self._reset()

    def _write_actors(self) -> None:
        conn = self.db.conn
        changed = [(key, a) for key, a in self._actors.items() if a.changed]
        conn.executemany(
            "INSERT INTO actors (id, key, name, kind, country, role) VALUES (?,?,?,?,?,?)",
            [(a.id, key, a.name, a.kind, a.country, a.role)
             for key, a in changed if a.new],
        )
        conn.executemany(
            "UPDATE actors SET country = coalesce(country, ?), role = coalesce(role, ?) "
            "WHERE id = ?",
            [(a.country, a.role, a.id) for _, a in changed if not a.new],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
            [(a.id, alias) for _, a in changed for alias in sorted(a.added_aliases)],
        )
        reindex = [a for _, a in changed if a.new or a.added_aliases]
        conn.executemany("DELETE FROM actors_fts WHERE rowid = ?", [(a.id,) for a in reindex])
        conn.executemany(
            "INSERT INTO actors_fts (rowid, name, aliases) VALUES (?, ?, ?)",
            [(a.id, a.name, " | ".join(sorted(a.aliases))) for a in reindex],
        )
        for _, a in changed:
            if a.given_country and a.country:
                kept.actor_given_country(conn, a.id, a.country)
            a.new = a.changed = a.given_country = False
            a.added_aliases = set()

    def close(self) -> None:
        self.flush()
