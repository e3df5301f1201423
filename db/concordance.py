"""A page of an actor's mentions, newest article first (`briefing mentions`, the actor page).

Two plans give the same rows. *Driving* takes every mention of the actor, joins its article
and sorts: it costs the actor's mentions, which for the commonest actors is a third of the
corpus's (4.5 s for `briefing mentions Syria --limit 50` at 100,000 articles on a busy
machine, ten times that at a million). *Walking* goes down the article list
(idx_articles_order) a page of articles at a time and probes the actor's mentions in them
(idx_mentions_actor_id_article_id_start): it costs the articles passed, about the page's
rows divided by the actor's share of articles. The kept counts (actors.n_articles,
n_mentions) tell which is cheaper before either runs, as `n`/`N` does (db/store.py).
"""

from __future__ import annotations

import sqlite3
from typing import Any

_COLS = ('m.id, m.article_id, m.actor_id, m.claim_id, m.start, m."end", '
         'substr(a.body, m.start + 1, m."end" - m.start), '
         'substr(a.body, c.start + 1, c."end" - c.start), c.start, a.title, a.published')
_FROM = ("FROM mentions m JOIN articles a ON a.id = m.article_id "
         "LEFT JOIN claims c ON c.id = m.claim_id")
_ORDER = "coalesce(a.published, '') DESC, a.id DESC, m.start"
WALK_PAGE = 512  # articles probed per statement


def mention_rows(conn: sqlite3.Connection, actor_id: int, limit: int | None,
                 offset: int) -> list[tuple[Any, ...]]:
    """Rows of (mention columns..., mention text, sentence, sentence start, title, published)
    in list order, then by position in the article."""
    walked = None if limit is None else _walk_cost(conn, actor_id, offset + limit)
    if limit is not None and walked is not None:
        return _walk(conn, actor_id, offset + limit, walked)[offset:offset + limit]
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT {_COLS} {_FROM} WHERE m.actor_id = ? ORDER BY {_ORDER} LIMIT ? OFFSET ?",
        [actor_id, -1 if limit is None else limit, offset]).fetchall()
    return rows


def _walk_cost(conn: sqlite3.Connection, actor_id: int, wanted: int) -> int | None:
    """The articles a walk would pass to find `wanted` mentions; None when driving is cheaper."""
    row = conn.execute("SELECT n_articles, n_mentions FROM actors WHERE id = ?",
                       [actor_id]).fetchone()
    if row is None or row[1] <= 0:
        return None
    n_mentions = row[1]
    # max(id) is a rowid lookup; count(*) would read an index of every article.
    total = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    walked = int(wanted * total / n_mentions) + 1  # at the actor's mentions per article
    return walked if walked < n_mentions else None


def _walk(conn: sqlite3.Connection, actor_id: int, wanted: int,
          expected: int) -> list[tuple[Any, ...]]:
    """Down the list, the first page as long as the walk is expected to be, then longer ones:
    a page of 512 articles of a frequent actor is thousands of rows cut out of bodies."""
    out: list[tuple[Any, ...]] = []
    key: tuple[str, int] | None = None
    size = max(16, min(WALK_PAGE, expected + expected // 4))
    while len(out) < wanted:
        where = "WHERE (coalesce(a.published, ''), a.id) < (?, ?) " if key else ""
        page = conn.execute(
            f"SELECT coalesce(a.published, ''), a.id FROM articles a {where}"
            "ORDER BY coalesce(a.published, '') DESC, a.id DESC LIMIT ?",
            [*(key or ()), size]).fetchall()
        if not page:
            break
        ids = [r[1] for r in page]
        out += conn.execute(
            f"SELECT {_COLS} {_FROM} WHERE m.actor_id = ? AND m.article_id IN "
            f"({','.join('?' * len(ids))}) ORDER BY {_ORDER}", [actor_id, *ids]).fetchall()
        key = (page[-1][0], page[-1][1])
        size = min(WALK_PAGE, size * 2)
    return out
