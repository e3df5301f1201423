"""Every query the browser makes through the Store uses an index on the big tables.

The store's calls are traced (with their parameters expanded) and each SELECT is explained:
no plan may read all of `articles`, `mentions`, `claims` or `claim_types` (nor all of an
index on them). At 100,000 articles such a scan is tens of milliseconds, and the browser's
budgets are a few. `article_count` is the one allowed: count(*) of the narrowest index, once
per list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from db.store import Store

BIG = ("articles", "mentions", "claims", "claim_types", "claim_countries")
ARTICLE_COUNT = "SELECT count(*) FROM articles"


def _full_scans(store: Store, statements: list[str]) -> list[str]:
    bad = []
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT") or sql == ARTICLE_COUNT:
            continue
        for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
            detail = row[3]
            # "SCAN t", with or without an index, reads all of it. The one exception is
            # the walk down the article list in its order, which stops at the LIMIT.
            m = re.match(r"SCAN (\w+)", detail)
            if m is None or "idx_articles_order" in detail:
                continue
            table = m.group(1)
            aliases = {"a": "articles", "m": "mentions", "m1": "mentions", "m2": "mentions",
                       "c": "claims", "t": "claim_types", "cc": "claim_countries"}
            if aliases.get(table, table) in BIG:
                bad.append(f"{detail}: {sql}")
    return bad


@pytest.fixture
def traced(rules_db: Path):
    store = Store(rules_db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    return store, statements


def test_browser_queries_use_indexes(traced):
    store, statements = traced
    page = store.articles(0, 50)
    article_id = page[0].id
    store.article_count()
    store.article(article_id)
    store.neighbour_article(article_id, 1)
    store.neighbour_article(article_id, -1)
    mentions = store.article_mentions(article_id)
    store.article_claims(article_id)
    store.article_actors(article_id)
    reading = store.reading(article_id)  # the reader's read (db/reading.py)
    assert reading is not None
    store.complete_reading(reading)
    store.article_position(article_id)
    actor_id = store.actors(limit=1)[0].actor.id
    store.actor_stats(actor_id)
    store.co_actors(actor_id)
    store.actor_articles(actor_id, limit=50)
    store.mentions_of(actor_id, limit=50)
    first = store.next_mention(actor_id, None)
    assert first is not None
    store.next_mention(actor_id, first)
    store.next_mention(actor_id, first, -1)
    store.mention_position(first)
    if mentions:
        store.next_mention(mentions[0].actor_id, mentions[0])
    store.claims(types=["event"], limit=50)
    store.claims(actor_ids=[actor_id], limit=50)
    store.claims(speaker_ids=[actor_id], limit=50)
    store.claims(country="SYR", limit=50)
    store.claims(types=["risk"], country="SYR", limit=50)
    store.claim_type_counts()
    for text in ("Syria", '"United Nations"', "country:SYR", "type:event Syria",
                 "actor:Syria", "speaker:Syria", "sanctions since:2015-01-01",
                 "country:SYR sanctions", "type:risk country:SYR"):
        store.search(text, limit=50)
    store.conn.set_trace_callback(None)
    assert len(statements) > 30
    assert _full_scans(store, statements) == []


def test_a_full_scan_would_be_caught(traced):
    store, _ = traced
    assert _full_scans(store, ["SELECT count(*) FROM mentions WHERE start > 3"])
