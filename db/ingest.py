"""The write path: inputs -> pipeline -> rows. Idempotent and transactional.

An input is the same article as a stored one when its id matches an `external_id`, or, for
inputs without an id, when the sha256 of its title and body matches. The same article twice
changes nothing; a changed body under the same id replaces it. Each batch of articles is
written in one transaction, so an ingest stopped at any point leaves whole articles only.

`write_extracted` is the bulk path for rows already extracted (the benchmark builder uses it).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlite_utils import Database

from db import corrections, kept, subscribe
from db.batches import InTurn
from db.inputs import (
    ORIGIN_CONTENT,
    ORIGIN_INPUT,
    ArticleInput,
    CorrectionInput,
    FeedInput,
    Item,
    ReadError,
    ReadWarning,
)
from db.nlp.found import Extraction, FoundActor  # plain dataclasses: no spaCy
from db.resolve import index_actor, next_actor_id, redirected, resolve
from db.text import clean

if TYPE_CHECKING:
    from db.nlp.pipeline import Pipeline


@dataclass
class Summary:
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"{self.added} added"]
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        parts += [f"{self.skipped} skipped", f"{self.failed} failed"]
        return "articles: " + ", ".join(parts)


def sha256_of(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class Prepared:
    """An input cleaned and classified against the database, ready for extraction."""

    item: ArticleInput
    title: str
    body: str
    sha256: str
    external_id: str
    replaces: int | None  # id of the stored article it replaces
    id_origin: str = ORIGIN_INPUT  # what external_id is: see db.inputs.ORIGIN_*

    @property
    def key(self) -> tuple[str, str]:
        """The identity of the input: its external_id and what kind of name that is."""
        return (self.id_origin, self.external_id)


def prepare(db: Database, item: ArticleInput) -> Prepared | None:
    """Clean an input; None when it is already stored unchanged (or is a duplicate)."""
    title = " ".join(clean(item.title).split())
    body = clean(item.body)
    digest = sha256_of(title, body)
    # An input without an id of its own is known by its content alone, never by its position
    # (README.md, the export). An id is cleaned like any text: it is shown and exported.
    external_id = clean(item.external_id) if item.external_id else ""
    origin = item.id_origin if external_id else ORIGIN_CONTENT
    external_id = external_id or digest
    same_hash = db.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
    if same_hash:
        return None
    same_id = db.execute(
        "SELECT id FROM articles WHERE external_id = ? AND origin = ?", [external_id, origin]
    ).fetchone()
    return Prepared(item, title, body, digest, external_id, same_id[0] if same_id else None,
                    origin)


def ingest_items(
    db: Database,
    items: Iterable[Item],
    pipeline: Pipeline,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
    on_message: Callable[[str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch_lock: Callable[[], AbstractContextManager[object]] | None = None,
) -> Summary:
    """Extract and store every input; each batch is one transaction.

    `batch_lock` is the writer lock, taken for each batch's transaction only (DECISIONS.md):
    reading and extraction run while another writer writes. Inside it every input is checked
    against the database again, since another writer may have stored it meanwhile."""
    summary = Summary()
    say = on_message or (lambda _m: None)
    batch: list[Prepared] = []
    pending: set[str] = set()  # hashes not yet written: duplicates within one run
    pending_ids: set[tuple[str, str]] = set()  # identities not yet written

    # With workers, a batch is cut into several tasks per worker; a bigger batch leaves less
    # of it to one worker at its end while the other waits.
    per_transaction = batch_size if n_process <= 1 else batch_size * 2 * n_process

    def write(job: list[Prepared], extractions: list[Extraction]) -> None:
        written: list[int] = []
        with batch_lock() if batch_lock else nullcontext(), db.atomic():
            for first, extraction in zip(job, extractions, strict=True):
                prepared = prepare(db, first.item)  # another writer may have stored it
                if prepared is None:
                    summary.skipped += 1
                    continue
                if prepared.replaces is not None:
                    delete_article(db, prepared.replaces)
                    summary.replaced += 1
                else:
                    summary.added += 1
                written.append(write_extracted(db, prepared, extraction, pipeline.name))
            resolve_corpus(db)
            corrections.enforce(db, written)  # the user's corrections outrank both
        if on_progress:
            on_progress(len(job))
        # Stored now: the database answers for them from here on.
        pending.difference_update(p.sha256 for p in job)
        pending_ids.difference_update(p.key for p in job)

    in_turn = InTurn(pipeline, write, batch_size=batch_size, n_process=n_process)

    def flush(*, drain: bool = True) -> None:
        """Start the batch; with `drain`, write every batch started (a cluster keeps one
        extracting while the one before is written, `db/batches.py`)."""
        if batch:
            in_turn.start(list(batch), [p.body for p in batch], [p.title for p in batch])
            batch.clear()
        if drain:
            in_turn.drain()

    for item in items:
        # Checked before each input too, not only after a batch: reading a slow URL or a big
        # file must not delay a stop. What is already in the batch is still written below.
        if should_stop and should_stop():
            break
        if isinstance(item, ReadWarning):  # a file skipped on purpose: said, not a failure
            summary.warnings.append(str(item))
            say(f"warning: {item}")
            continue
        if isinstance(item, FeedInput):  # a subscription in an export
            subscribe.take_record(db, item, say, batch_lock)
            continue
        if isinstance(item, CorrectionInput):  # after the articles before it (an export's)
            flush()
            with batch_lock() if batch_lock else nullcontext(), db.atomic():
                problem = corrections.take_input(db, item)
            if problem:
                summary.warnings.append(problem)
                say(f"warning: {problem}")
            continue
        if isinstance(item, ReadError):
            summary.failed += 1
            summary.errors.append(str(item))
            say(f"error: {item}")
            if on_progress:
                on_progress(1)
            continue
        for warning in item.warnings:
            summary.warnings.append(f"{item.origin}: {warning}")
            say(f"warning: {item.origin}: {warning}")
        prepared = prepare(db, item)
        if prepared is not None and prepared.key in pending_ids:
            # The same id twice before it is written (a feed or JSON Lines file that repeats
            # an id with a changed body): write the first, so that the later one replaces it.
            flush()
            prepared = prepare(db, item)
        if prepared is None or prepared.sha256 in pending:
            summary.skipped += 1
            if on_progress:
                on_progress(1)
            continue
        batch.append(prepared)
        pending.add(prepared.sha256)
        pending_ids.add(prepared.key)
        if len(batch) >= per_transaction:
            flush(drain=False)
    flush()
    return summary


def write_extracted(
    db: Database, prepared: Prepared, extraction: Extraction, pipeline_name: str
) -> int:
    """Insert one article with its actors, claims and mentions. Call inside a transaction."""
    item = prepared.item
    cursor = db.execute(
        "INSERT INTO articles (external_id, origin, title, source, url, published, body, "
        "sha256, ingested_at, pipeline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            prepared.external_id, prepared.id_origin, prepared.title, _opt(item.source),
            _opt(item.url), item.published, prepared.body, prepared.sha256,
            datetime.now(UTC).isoformat(timespec="seconds"), pipeline_name,
        ],
    )
    article_id = int(cursor.lastrowid or 0)
    db.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        [article_id, prepared.title, prepared.body],
    )
    write_extraction(db, article_id, prepared.body, extraction)
    return article_id


def write_extraction(db: Database, article_id: int, body: str, extraction: Extraction) -> None:
    """Actors, claims and mentions of one stored article, with the incremental counts."""
    actor_ids = {a.key: upsert_actor(db, a) for a in extraction.actors}
    claim_rows: list[tuple[int, int, int]] = []  # (start, end, id)
    for seq, claim in enumerate(extraction.claims):
        cur = db.execute(
            "INSERT INTO claims (article_id, seq, start, \"end\", speaker_id, negated) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                article_id, seq, claim.start, claim.end,
                actor_ids.get(claim.speaker_key) if claim.speaker_key else None,
                int(claim.negated),
            ],
        )
        claim_id = int(cur.lastrowid or 0)
        claim_rows.append((claim.start, claim.end, claim_id))
        db.execute(
            "INSERT INTO claims_fts (rowid, text) VALUES (?, ?)",
            [claim_id, body[claim.start:claim.end]],
        )
        cues = {c.type: c for c in claim.cues}
        for ctype in dict.fromkeys(claim.types):
            cue = cues.get(ctype)
            db.execute(
                "INSERT INTO claim_types (claim_id, type, cue_start, cue_end) VALUES (?, ?, ?, ?)",
                [claim_id, ctype, cue.start if cue else None, cue.end if cue else None],
            )
    counts: Counter[int] = Counter()
    rows = []
    for m in extraction.mentions:
        actor_id = actor_ids[m.actor_key]
        counts[actor_id] += 1
        rows.append((article_id, actor_id, claim_at(claim_rows, m.start), m.start, m.end))
    db.conn.executemany(
        'INSERT INTO mentions (article_id, actor_id, claim_id, start, "end") '
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.executemany(
        "UPDATE actors SET n_mentions = n_mentions + ?, n_articles = n_articles + 1 WHERE id = ?",
        [(n, actor_id) for actor_id, n in counts.items()],
    )
    db.execute("UPDATE articles SET n_actors = ? WHERE id = ?", [len(counts), article_id])
    kept.add_articles(db.conn, article_id, article_id)


def resolve_corpus(db: Database) -> int:
    """Corpus-level joins after a written batch (`db/resolve.py`); inside its transaction."""
    return resolve(db, curated_keys())


@lru_cache(maxsize=1)
def curated_keys() -> frozenset[str]:
    """The keys of the gazetteer's actors (countries, places, curated institutions and
    officials): corpus-level joins never fold them into another actor. Built once per
    process: the gazetteer does not change while it runs, and every batch asks."""
    from db.nlp.gazetteer import gazetteer  # loaded already by the pipeline that wrote

    return frozenset(gazetteer().by_key)


def claim_at(claims: list[tuple[int, int, int]], offset: int) -> int | None:
    """The id of the claim whose span holds `offset`. `claims` are (start, end, id) sorted by
    start and not overlapping: bisection, since a long article has thousands of each."""
    i = bisect_right(claims, (offset, _AFTER_ANY_END, 0)) - 1
    if i >= 0 and claims[i][0] <= offset < claims[i][1]:
        return claims[i][2]
    return None


_AFTER_ANY_END = 1 << 62


def _opt(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(clean(value).split())
    return value or None


def upsert_actor(db: Database, actor: FoundActor) -> int:
    """The id of the actor with this key, created if new; new aliases are added."""
    row = db.execute(
        "SELECT id, country, role FROM actors WHERE key = ?", [actor.key]
    ).fetchone()
    if row is None:
        survivor = redirected(db, actor.key)  # joined into another actor across the corpus
        if survivor is not None:
            row = db.execute(
                "SELECT id, country, role FROM actors WHERE id = ?", [survivor]).fetchone()
    if row is None:
        actor_id = next_actor_id(db)
        db.execute(
            "INSERT INTO actors (id, key, name, kind, country, role) VALUES (?, ?, ?, ?, ?, ?)",
            [actor_id, actor.key, clean(actor.name), actor.kind, actor.country, actor.role],
        )
    else:
        actor_id = row[0]
        if (row[1] is None and actor.country) or (row[2] is None and actor.role):
            db.execute(
                "UPDATE actors SET country = coalesce(country, ?), role = coalesce(role, ?) "
                "WHERE id = ?",
                [actor.country, actor.role, actor_id],
            )
            if row[1] is None and actor.country:
                kept.actor_given_country(db.conn, actor_id, actor.country)
    aliases = {clean(a) for a in (actor.name, *actor.aliases) if a.strip()}
    before = db.execute("SELECT count(*) FROM aliases WHERE actor_id = ?", [actor_id]).fetchone()
    db.conn.executemany(
        "INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
        [(actor_id, a) for a in sorted(aliases)],
    )
    after = db.execute("SELECT count(*) FROM aliases WHERE actor_id = ?", [actor_id]).fetchone()
    if row is None or after[0] != before[0]:
        index_actor(db, actor_id)
    return actor_id


def clear_extraction(db: Database, article_id: int) -> None:
    """Remove an article's mentions and claims, undoing their counts. Inside a transaction."""
    for actor_id, n in db.execute(
        "SELECT actor_id, count(*) FROM mentions WHERE article_id = ? GROUP BY actor_id",
        [article_id],
    ).fetchall():
        db.execute(
            "UPDATE actors SET n_mentions = n_mentions - ?, n_articles = n_articles - 1 "
            "WHERE id = ?",
            [n, actor_id],
        )
    db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
    kept.remove_article(db.conn, article_id)
    for claim_id, text in db.execute(
        "SELECT id, text FROM claims_text WHERE id IN "
        "(SELECT id FROM claims WHERE article_id = ?)", [article_id]
    ).fetchall():
        db.execute(
            "INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', ?, ?)",
            [claim_id, text],
        )
    db.execute(
        "DELETE FROM claim_types WHERE claim_id IN (SELECT id FROM claims WHERE article_id = ?)",
        [article_id],
    )
    db.execute("DELETE FROM claims WHERE article_id = ?", [article_id])
    db.execute("UPDATE articles SET n_actors = 0 WHERE id = ?", [article_id])


def drop_orphan_actors(db: Database) -> None:
    """Actors no longer mentioned anywhere (after a delete or a reextract) go too."""
    orphans = [r[0] for r in db.execute(
        "SELECT id FROM actors WHERE n_mentions <= 0 AND id NOT IN "
        "(SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL)"
    )]
    for actor_id in orphans:
        db.execute("DELETE FROM actors_fts WHERE rowid = ?", [actor_id])
        db.execute("DELETE FROM aliases WHERE actor_id = ?", [actor_id])
        db.execute("DELETE FROM actors WHERE id = ?", [actor_id])


def delete_article(db: Database, article_id: int) -> bool:
    """Delete one article and everything extracted from it. Inside a transaction."""
    row = db.execute(
        "SELECT title, body FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        return False
    clear_extraction(db, article_id)
    db.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        [article_id, row[0], row[1]],
    )
    db.execute("DELETE FROM articles WHERE id = ?", [article_id])
    drop_orphan_actors(db)
    return True


def reextract(
    db: Database,
    pipeline: Pipeline,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Run the pipeline again over every stored article, one transaction per batch."""
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    done = 0

    def write(chunk: list[tuple[int, str]], extractions: list[Extraction]) -> None:
        nonlocal done
        with db.atomic():
            for (article_id, body), extraction in zip(chunk, extractions, strict=True):
                clear_extraction(db, article_id)
                write_extraction(db, article_id, body, extraction)
                db.execute(
                    "UPDATE articles SET pipeline = ? WHERE id = ?", [pipeline.name, article_id]
                )
            drop_orphan_actors(db)
            resolve_corpus(db)
            corrections.enforce(db, [article_id for article_id, _ in chunk])
        done += len(chunk)
        if on_progress:
            on_progress(len(chunk))

    in_turn = InTurn(pipeline, write, batch_size=batch_size, n_process=n_process)
    for k in range(0, len(ids), batch_size):
        rows = [(i, *db.execute("SELECT title, body FROM articles WHERE id = ?", [i]).fetchone())
                for i in ids[k:k + batch_size]]
        in_turn.start([(i, body) for i, _, body in rows], [r[2] for r in rows],
                      [r[1] for r in rows])
    in_turn.drain()
    return done
