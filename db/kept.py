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


def actor_country_changed(conn: sqlite3.Connection, actor_id: int, old: set[str | None],
                          new: str | None) -> None:
    """The actor's mentions now stand for country `new`, no longer for those in `old` (a
    join of actors of two countries, a correction): its claims mention `new`, and an old
    country only where another actor of the claim stands for it. Incremental, one key lookup
    per claim: a join of two big actors touches a hundred thousand claims."""
    claims = "SELECT claim_id FROM mentions WHERE actor_id = ? AND claim_id IS NOT NULL"
    for country in sorted(c for c in old if c and c != new):
        conn.execute(
            f"DELETE FROM claim_countries WHERE country = ? AND claim_id IN ({claims}) "
            "AND NOT EXISTS (SELECT 1 FROM claims c JOIN mentions m ON m.article_id = "
            'c.article_id AND m.start >= c.start AND m.start < c."end" JOIN actors a ON '
            "a.id = m.actor_id WHERE c.id = claim_countries.claim_id AND a.country = ?)",
            [country, actor_id, country])
    if new:
        conn.execute(f"INSERT OR IGNORE INTO claim_countries SELECT claim_id, ? FROM ({claims})",
                     [new, actor_id])


def _count_types(conn: sqlite3.Connection, first_id: int, last_id: int, sign: int) -> None:
    conn.execute(
        "INSERT INTO claim_type_counts (type, n) SELECT t.type, ? * count(*) FROM claims c "
        "JOIN claim_types t ON t.claim_id = c.id WHERE c.article_id BETWEEN ? AND ? "
        "GROUP BY t.type ON CONFLICT (type) DO UPDATE SET n = n + excluded.n",
        [sign, first_id, last_id],
    )
