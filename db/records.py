"""The JSON records of the contract (README: "The export"), built in one place.

`Store.export` writes them for everything in the database; `briefing search --json`,
`actors --json`, `mentions --json` and `claims --json` write the same records, with the
fields of their own listing added after (rank, counts, the sentence). A field added here is
added to every one of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from db import feeds
from db.models import Article
from db.rows import CLAIM_COLS, MENTION_COLS, claims_of_rows

if TYPE_CHECKING:
    from db.actor_models import Actor, Mention
    from db.claim_models import Claim

Record = dict[str, Any]

_ARTICLE_COLS = "id, external_id, title, source, url, published, body, sha256, pipeline"


def article_record(article: Article) -> Record:
    return {"type": "article", "id": article.id, "external_id": article.external_id,
            "title": article.title, "source": article.source, "url": article.url,
            "published": article.published, "body": article.body, "sha256": article.sha256,
            "pipeline": article.pipeline}


def actor_record(actor: Actor) -> Record:
    return {"type": "actor", "id": actor.id, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "role": actor.role, "aliases": list(actor.aliases)}


def mention_record(mention: Mention) -> Record:
    return {"type": "mention", "id": mention.id, "article_id": mention.article_id,
            "actor_id": mention.actor_id, "claim_id": mention.claim_id, "start": mention.start,
            "end": mention.end, "text": mention.text}


def claim_record(claim: Claim) -> Record:
    return {
        "type": "claim", "id": claim.id, "article_id": claim.article_id, "seq": claim.seq,
        "start": claim.start, "end": claim.end, "text": claim.text, "types": list(claim.types),
        "speaker_id": claim.speaker_id, "actor_ids": list(claim.actor_ids),
        "negated": claim.negated,
        "cues": [{"type": c.type, "text": c.text, "start": c.start, "end": c.end}
                 for c in claim.cues],
    }


def export(conn: sqlite3.Connection) -> Iterator[Record]:
    """Everything, as the JSON Lines records of the contract: articles, actors, mentions,
    claims, corrections, feeds, each by id, every field present."""
    from db.actor_models import Actor, Mention  # on first use (db/models.py)

    for r in conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY id"):
        yield article_record(Article(*r))
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in conn.execute(
        "SELECT actor_id, alias FROM aliases ORDER BY actor_id, alias"
    ):
        aliases.setdefault(actor_id, []).append(alias)
    for actor_id, name, kind, country, role in conn.execute(
        "SELECT id, name, kind, country, role FROM actors ORDER BY id"
    ):
        yield actor_record(Actor(actor_id, name, kind, country, role,
                                 tuple(aliases.get(actor_id, ()))))
    for r in conn.execute(
        f"SELECT {MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
        "ORDER BY m.id"
    ):
        yield mention_record(Mention(*r))
    cursor = conn.execute(
        f"SELECT {CLAIM_COLS} FROM claims c JOIN articles a ON a.id = c.article_id "
        "ORDER BY c.id"
    )
    while True:
        batch = cursor.fetchmany(500)
        if not batch:
            break
        for claim in claims_of_rows(conn, batch):
            yield claim_record(claim)
    # Imported here: `--json` of a read command needs the records above, not these.
    from db.correction_records import export_records as export_corrections

    yield from export_corrections(conn)  # after the claims (db/correction_records.py)
    yield from feeds.records(conn)  # subscriptions, last (db/feeds.py)
