"""Search: words and phrases through FTS5 (bm25), exclusions, filters, and bad queries."""

from __future__ import annotations

import json

from db.store import Store
from tests.cli import briefing_here


def titles(result):
    return [h.article.title for h in result.articles]


def test_a_word_finds_the_articles_that_contain_it(rules_db):
    result = Store(rules_db).search("Daesh")
    assert result.kind == "articles" and result.articles
    store = Store(rules_db)
    for hit in result.articles:
        article = store.article(hit.article.id)
        assert "daesh" in (article.title + article.body).lower()


def test_results_are_ranked_by_bm25(rules_db):
    ranks = [h.rank for h in Store(rules_db).search("ISIL").articles]
    assert ranks == sorted(ranks)


def test_a_phrase_matches_words_in_order(rules_db):
    store = Store(rules_db)
    phrase = store.search('"barrel bomb"').articles
    assert phrase
    for hit in phrase:
        assert "barrel bomb" in store.article(hit.article.id).body.lower()


def test_minus_excludes_a_word(rules_db):
    store = Store(rules_db)
    with_word = {h.article.id for h in store.search("Syria").articles}
    without = {h.article.id for h in store.search("Syria -Russia", limit=None).articles}
    assert without and without < with_word
    for article_id in without:
        assert "russia" not in store.article(article_id).body.lower()


def test_source_filter(rules_db):
    hits = Store(rules_db).search("source:UK Syria", limit=None).articles
    assert hits and all(h.article.source == "UK Government" for h in hits)


def test_fts_syntax_typed_by_a_user_is_matched_literally(rules_db):
    store = Store(rules_db)
    for text in ['NEAR(a b)', 'Syria OR', '"unclosed', "a AND", "*", "col:umn", "(((", "NOT"]:
        result = store.search(text)  # never raises
        assert result.kind in ("articles", "claims")


def test_unknown_filter_gets_a_message(rules_db):
    result = Store(rules_db).search("typ:request Syria")
    assert result.messages == ("unknown filter 'typ:', did you mean 'type:'?",)


def test_search_json_prints_article_records_with_rank_and_snippet(rules_db):
    run = briefing_here("search", "Daesh", "--json", "--db", rules_db)
    assert run.code == 0, run.err
    out = run.out
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for r in records:
        assert r["type"] == "article" and "rank" in r and "snippet" in r and "body" in r


def test_no_results_is_exit_0_with_empty_output(rules_db):
    result = briefing_here("search", "zzzyyyxxx", "--json", "--db", rules_db)
    assert (result.code, result.out) == (0, "")


def test_read_commands_never_create_a_database(tmp_path):
    missing = tmp_path / "missing.db"
    result = briefing_here("actors", "--db", missing)  # asserts no traceback too
    assert result.code == 2 and "no such database" in result.err
    assert not missing.exists()


def test_picked_types_narrow_a_query_to_claims_of_those_types(rules_db):
    """The claims view's narrowing, done by the store (the view once rewrote `type:` in the
    text with a regex before the store parsed it again)."""
    store = Store(rules_db)
    words = store.search("Syria", claims=True, limit=None)
    assert words.kind == "claims" and words.claims
    picked = store.search("Syria", claims=True, types={"quantity", "prediction"}, limit=None)
    assert picked.claims
    assert [h.claim.id for h in picked.claims] == [
        h.claim.id for h in words.claims if {"quantity", "prediction"} & set(h.claim.types)]
    # ANDed with the query's own type: (which they replace where both name types)
    both = store.search("Syria type:quantity type:plan", types={"quantity", "event"},
                        limit=None)
    assert both.claims
    assert all("quantity" in h.claim.types for h in both.claims)
    assert [h.claim.id for h in both.claims] == [
        h.claim.id for h in store.search("Syria type:quantity", limit=None).claims]
    none = store.search("type:plan", types={"threat"})
    assert none.claims == () and not none.failed
    assert none.messages == ("no claim type is both in the query and among the picked types",)
