"""One article as the reader shows it: its body, claims and mentions, read in three queries.

The store's per-row queries cut each claim's and mention's text out of the body with
`substr(a.body, ...)`: for a 5 MB body that is a walk of the body's overflow pages per row
(2 s for 3,000 mentions). Here the body is read once and every text is cut in Python, and
the mentions of each claim are grouped in memory (DECISIONS.md: no new database index).
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from dataclasses import dataclass

from db.models import CLAIM_TYPES, Article, Claim, Cue, Mention


@dataclass(frozen=True)
class Reading:
    """An article with its claims (by seq) and mentions (by start), texts cut from its body."""

    article: Article
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]


# Types in the vocabulary's order, as everywhere else (the store's _type_order).
_TYPE_ORDER = {t: i for i, t in enumerate(CLAIM_TYPES)}


def read_article(conn: sqlite3.Connection, article: Article) -> Reading:
    body = article.body
    mentions = tuple(
        Mention(mid, article.id, actor_id, claim_id, start, end, body[start:end])
        for mid, actor_id, claim_id, start, end in conn.execute(
            'SELECT id, actor_id, claim_id, start, "end" FROM mentions WHERE article_id = ? '
            "ORDER BY start", [article.id])
    )
    types: dict[int, list[str]] = {}
    cues: dict[int, list[Cue]] = {}
    for claim_id, ctype, cs, ce in conn.execute(
        "SELECT t.claim_id, t.type, t.cue_start, t.cue_end FROM claims c "
        "JOIN claim_types t ON t.claim_id = c.id WHERE c.article_id = ?", [article.id]
    ):
        types.setdefault(claim_id, []).append(ctype)
        if cs is not None and ce is not None:
            cues.setdefault(claim_id, []).append(Cue(ctype, body[cs:ce], cs, ce))
    rows = conn.execute(
        'SELECT id, seq, start, "end", speaker_id, negated FROM claims WHERE article_id = ? '
        "ORDER BY seq", [article.id]
    ).fetchall()
    # A claim's actors are those of the mentions that start inside its span (as the store's
    # _claims says), found by bisection over the mentions' starts instead of a join per claim.
    starts = [m.start for m in mentions]
    claims = []
    for cid, seq, start, end, speaker_id, negated in rows:
        lo, hi = bisect_right(starts, start - 1), bisect_right(starts, end - 1)
        actor_ids = tuple(dict.fromkeys(m.actor_id for m in mentions[lo:hi]))
        claims.append(Claim(
            cid, article.id, seq, start, end, body[start:end],
            tuple(sorted(types.get(cid, []), key=lambda t: _TYPE_ORDER.get(t, len(_TYPE_ORDER)))),
            speaker_id, bool(negated),
            tuple(sorted(cues.get(cid, []), key=lambda c: c.start)), actor_ids,
        ))
    return Reading(article, tuple(claims), mentions)


def mentions_by_claim(mentions: tuple[Mention, ...] | list[Mention]) -> dict[int, list[Mention]]:
    """The mentions of each claim, by claim id, in one pass (each in order of start)."""
    grouped: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.claim_id is not None:
            grouped.setdefault(m.claim_id, []).append(m)
    return grouped
