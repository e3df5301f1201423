"""What the claim filters read instead of counting, kept as articles are written and cleared.

`claim_countries` holds the countries each claim mentions (through its actors), so that
`country:` is one key lookup per claim; `claim_type_counts` holds the claims of each type,
for the type picker. Both are derived from rows the writers have just written, one set-wise
statement per article (ingest) or per chunk of articles (the bulk writer): per-row triggers
did the same at twice the cost of the whole bulk write.

`tests/db/test_kept_counts.py` checks them against what they stand for after every path.
"""

from __future__ import annotations

import sqlite3


def add_articles(conn: sqlite3.Connection, first_id: int, last_id: int) -> None:
    """After the claims, types and mentions of articles `first_id`..`last_id` are written."""
    conn.execute(
        "INSERT OR IGNORE INTO claim_countries SELECT m.claim_id, ac.country FROM mentions m "
        "JOIN actors ac ON ac.id = m.actor_id WHERE m.article_id BETWEEN ? AND ? "
        "AND m.claim_id IS NOT NULL AND ac.country IS NOT NULL",
        [first_id, last_id],
    )
    _count_types(conn, first_id, last_id, +1)


def remove_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Before the claims of an article are deleted."""
    _count_types(conn, article_id, article_id, -1)
    conn.execute(
        "DELETE FROM claim_countries WHERE claim_id IN "
        "(SELECT id FROM claims WHERE article_id = ?)",
        [article_id],
    )


def actor_given_country(conn: sqlite3.Connection, actor_id: int, country: str) -> None:
    """An actor known without a country was given one: its claims so far mention it too.
    (A country is only ever filled in, never changed: `coalesce(country, ?)` in the writers.)"""
    conn.execute(
        "INSERT OR IGNORE INTO claim_countries SELECT claim_id, ? FROM mentions "
        "WHERE actor_id = ? AND claim_id IS NOT NULL",
        [country, actor_id],
    )


def _count_types(conn: sqlite3.Connection, first_id: int, last_id: int, sign: int) -> None:
    conn.execute(
        "INSERT INTO claim_type_counts (type, n) SELECT t.type, ? * count(*) FROM claims c "
        "JOIN claim_types t ON t.claim_id = c.id WHERE c.article_id BETWEEN ? AND ? "
        "GROUP BY t.type ON CONFLICT (type) DO UPDATE SET n = n + excluded.n",
        [sign, first_id, last_id],
    )
