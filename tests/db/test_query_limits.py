"""Queries that would run for minutes, and queries the code did not foresee (issue 15)."""

from __future__ import annotations

import pytest

from db import query as querylang
from db.search import QueryTooBroad
from db.store import Store
from tests.cli import briefing


def test_the_repeated_a_thousand_times_is_answered_at_once(rules_db):
    run = briefing("--db", rules_db, "search", *["the"] * 1000, "--limit", "5", "--json",
                   timeout=60)
    assert run.code == 0 and run.err == ""
    assert len(run.out.splitlines()) == 5  # "the" is in every article


def test_a_thousand_different_terms_are_capped_and_the_message_says_so(rules_db):
    words = [f"w{i}" for i in range(1000)]
    q = querylang.parse(" ".join(["the", *words]))
    assert len(q.words) == querylang.MAX_TERMS and q.words[0] == "the"
    run = briefing("--db", rules_db, "search", *words)
    assert run.code == 0
    assert run.err == (f"the query has 1000 different terms; only the first "
                       f"{querylang.MAX_TERMS} are searched\n")


def test_a_query_past_its_deadline_is_stopped_as_too_broad(rules_db):
    store = Store(rules_db)
    store.query_seconds = 0.0  # every query is past it at its first check
    result = store.search("the of and to in")
    assert result.failed and not result.articles
    assert result.messages[-1].startswith("query too broad: stopped after 0 s")
    claims = store.search("type:event said")
    assert claims.failed and claims.messages[-1].startswith("query too broad")
    # the deadline is for the query alone: the connection goes on serving the browser
    assert store.article_count() > 0 and store.articles(0, 5)
    store.query_seconds = 5.0
    assert not store.search("the").failed


def test_the_deadline_stops_sqlite_not_only_python(rules_db):
    """A query that SQLite alone would spend long on (a cross join of every claim) is cut."""
    store = Store(rules_db)
    store.query_seconds = 0.2
    with pytest.raises(QueryTooBroad, match="query too broad"), store.deadline():
        store.conn.execute("SELECT count(*) FROM claims a, claims b, claims c").fetchone()
