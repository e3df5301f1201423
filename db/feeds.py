"""Subscriptions, as the read path sees them: `Feed` and the query behind `Store.feeds`.

Only reads live here (the browser imports it). Subscribing and refreshing write, and live in
`db/subscribe.py` and `db/refresh.py`, on the write path.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Feed:
    id: int
    name: str
    url: str
    tags: tuple[str, ...]
    full_text: bool
    last_fetched: str | None
    last_status: str | None
    articles: int
    unread: int


def parse_tags(value: str | None) -> tuple[str, ...]:
    """The stored JSON array of tags; anything else (edited by hand) reads as no tags."""
    try:
        tags = json.loads(value or "[]")
    except ValueError:
        return ()
    if not isinstance(tags, list):
        return ()
    return tuple(t for t in tags if isinstance(t, str))


# Articles are counted through `articles`, so a link whose article is gone counts for nothing.
_FEEDS = (
    "SELECT f.id, f.name, f.url, f.tags, f.full_text, f.last_fetched, f.last_status, "
    "count(a.id), count(a.id) - count(r.value) "
    "FROM feeds f LEFT JOIN feed_articles fa ON fa.feed_id = f.id "
    "LEFT JOIN articles a ON a.id = fa.article_id "
    "LEFT JOIN (SELECT DISTINCT value FROM json_each(?)) r ON r.value = a.id "
    "GROUP BY f.id ORDER BY f.name COLLATE NOCASE, f.id"
)


def feeds(conn: sqlite3.Connection, read: Sequence[int] = ()) -> list[Feed]:
    """Every subscription, by name, with its article count and how many of them are not in
    `read` (the user's read article ids: never in the database, tui/readstate.py)."""
    rows = conn.execute(_FEEDS, [json.dumps(sorted(read))]).fetchall()
    return [Feed(id=r[0], name=r[1], url=r[2], tags=parse_tags(r[3]), full_text=bool(r[4]),
                 last_fetched=r[5], last_status=r[6], articles=int(r[7]), unread=int(r[8]))
            for r in rows]


def records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """The subscriptions as export records (`briefing export`, last), which `ingest` reads."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'feeds'").fetchone() is None:
        return  # a database of before subscriptions (read as its own schema: test_ids.py)
    for name, url, tags, full_text in conn.execute(
            "SELECT name, url, tags, full_text FROM feeds ORDER BY id"):
        yield {"type": "feed", "name": name, "url": url, "tags": list(parse_tags(tags)),
               "full_text": bool(full_text)}


# The query language's `feed:` and `tag:` (db/query.py), as conditions on articles `a`. Names
# and tags match whole, case-insensitively: `feed:BBC` must not bring in "BBC Sport" too.
FEED_CONDITION = ("a.id IN (SELECT fa.article_id FROM feed_articles fa JOIN feeds f "
                  "ON f.id = fa.feed_id WHERE f.name = ? COLLATE NOCASE)")
TAG_CONDITION = ("a.id IN (SELECT fa.article_id FROM feed_articles fa JOIN feeds f "
                 "ON f.id = fa.feed_id, json_each(f.tags) t WHERE t.value = ? COLLATE NOCASE)")


def article_filters(feed: Sequence[str], tag: Sequence[str], where: list[str],
                    params: list[Any]) -> None:
    """Add the conditions of `feed:` and `tag:`; several values of one: any of them, as with
    `source:`."""
    for values, condition in ((feed, FEED_CONDITION), (tag, TAG_CONDITION)):
        if values:
            where.append("(" + " OR ".join(condition for _ in values) + ")")
            params += values
