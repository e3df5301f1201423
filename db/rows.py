"""The SQL the read modules share: column lists, the list order, and claim rows made objects.

`Store` (db/store.py), the claim planner (db/claim_plans.py), the article search
(db/search.py) and the export (db/records.py) select the same columns in the same order;
they are written once here so that a row means the same thing to each of them.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from db.models import CLAIM_TYPES

if TYPE_CHECKING:
    from db.claim_models import Claim

ARTICLE_ROW = "a.id, a.title, a.source, a.published, a.n_actors, a.url"
# Newest first; articles without a date last. idx_articles_order indexes this very expression.
ARTICLE_ORDER = "coalesce(a.published, '') DESC, a.id DESC"
# Mention and claim text are cut out of the article's body (they are not stored twice); SQLite's
# substr() counts code points, as Python's offsets do. Both need `articles a` joined.
MENTION_COLS = 'm.id, m.article_id, m.actor_id, m.claim_id, m.start, m."end", ' \
    'substr(a.body, m.start + 1, m."end" - m.start)'
# Mentions `m` inside claim `c` (idx_mentions_article_id_start; there is no claim_id index).
IN_CLAIM = 'm.article_id = c.article_id AND m.start >= c.start AND m.start < c."end"'
CLAIM_COLS = 'c.id, c.article_id, c.seq, c.start, c."end", ' \
    'substr(a.body, c.start + 1, c."end" - c.start), c.speaker_id, c.negated'

_TYPE_ORDER = {t: i for i, t in enumerate(CLAIM_TYPES)}


def claims_of_rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Claim]:
    """Rows of CLAIM_COLS as Claim objects, with their types, cues and actors (three
    queries for the whole list, not three per claim)."""
    from db.claim_models import Claim, Cue  # on first use (db/models.py)

    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    types: dict[int, list[str]] = {}
    cues: dict[int, list[Cue]] = {}
    for claim_id, ctype, cue, cs, ce in conn.execute(
        # Cue text is cut out of the body, like claim and mention text (NULL without a cue).
        "SELECT t.claim_id, t.type, substr(a.body, t.cue_start + 1, t.cue_end - t.cue_start), "
        "t.cue_start, t.cue_end FROM claim_types t JOIN claims c ON c.id = t.claim_id "
        f"JOIN articles a ON a.id = c.article_id WHERE t.claim_id IN ({marks})",
        ids,
    ):
        types.setdefault(claim_id, []).append(ctype)
        if cue is not None:
            cues.setdefault(claim_id, []).append(Cue(ctype, cue, cs, ce))
    actors: dict[int, list[int]] = {}
    for claim_id, actor_id in conn.execute(
        # A claim's mentions are those of its article that start inside its span.
        "SELECT c.id, m.actor_id FROM claims c JOIN mentions m ON m.article_id = c.article_id "
        f'AND m.start >= c.start AND m.start < c."end" WHERE c.id IN ({marks}) '
        "GROUP BY c.id, m.actor_id ORDER BY c.id, min(m.start)",
        ids,
    ):
        actors.setdefault(claim_id, []).append(actor_id)
    return [
        Claim(
            r[0], r[1], r[2], r[3], r[4], r[5],
            tuple(sorted(types.get(r[0], []), key=type_order)), r[6], bool(r[7]),
            tuple(sorted(cues.get(r[0], []), key=lambda c: c.start)),
            tuple(actors.get(r[0], [])),
        )
        for r in rows
    ]


def type_order(t: str) -> int:
    """A type's place in CLAIM_TYPES (an unknown one last)."""
    return _TYPE_ORDER.get(t, len(CLAIM_TYPES))


def like_escaped(text: str) -> str:
    """`text` for LIKE ... ESCAPE '\\': its wildcards matched as themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
