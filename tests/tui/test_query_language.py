"""The query language: any string parses or gets a message, never an exception, and the
store answers any string without a raw FTS5 error (the search box and `briefing search`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.query import parse, parse_date
from db.store import Store
from tests.fuzzing import examples

# Text that looks like the language (and like FTS5 syntax) as well as any text at all.
PIECES = st.sampled_from([
    "NATO", "Mosul", '"', "-", ":", "*", "^", "(", ")", "NEAR", "AND", "OR", "NOT", " ", "\t",
    "type:", "actor:", "country:", "since:", "until:", "source:", "speaker:", "official:",
    "typ:", "quote", "30d", "2024-13-01", "99999999999d", "é", "\x00", "\u202e", "[b]", "'",
])
QUERIES = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=12).map("".join))


@given(QUERIES)
@settings(max_examples=examples(400), deadline=None)
def test_any_string_parses(text: str) -> None:
    q = parse(text)
    assert all(isinstance(m, str) and m for m in q.messages)
    match = q.fts_match()
    assert match is None or match.count('"') % 2 == 0  # every term quoted


@pytest.fixture(scope="module")
def store(rules_db: Path) -> Store:
    return Store(rules_db)


@given(QUERIES)
@settings(max_examples=examples(300), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_store_answers_any_string(store: Store, text: str) -> None:
    result = store.search(text, limit=5)
    assert result.kind in ("articles", "claims")


@pytest.mark.parametrize(("text", "message"), [
    ("typ:quote", "unknown filter 'typ:', did you mean 'type:'?"),
    ("type:quot", "unknown claim type 'quot', did you mean 'quote'?"),
    ("actor:", "'actor:' needs a value"),
    ("since:yesterday", "'since:yesterday' is not a date"),
    ("since:99999999999d", "is not a date"),
    ("until:2024-02-30", "is not a date"),
    ("Mosul OR Iraq", "'OR' is not an operator here"),
    ("-type:quote", "'-type:' is not supported"),
])
def test_mistakes_get_a_clear_message(text: str, message: str) -> None:
    assert any(message in m for m in parse(text).messages)


def test_words_phrases_exclusions_and_filters() -> None:
    q = parse('NATO "White House" -Russia actor:America country:UKR type:request type:threat '
              'speaker:"White House" source:Reuters since:2024-03 until:2024')
    assert q.words == ["NATO"] and q.phrases == ["White House"] and q.excluded == ["Russia"]
    assert q.actor == ["America"] and q.country == ["UKR"] and q.speaker == ["White House"]
    assert q.type == ["request", "threat"] and q.source == ["Reuters"]
    assert (q.since, q.until) == ("2024-03-01", "2024-12-31")
    assert q.is_claim_query and not q.messages


def test_relative_and_partial_dates() -> None:
    today = date(2024, 3, 31)
    assert parse_date("30d", today) == "2024-03-01"
    assert parse_date("2w", today) == "2024-03-17"
    assert parse_date("1m", today) == "2024-02-28"
    assert parse_date("2024-02", today, end=True) == "2024-02-29"


def test_fts_syntax_typed_by_a_user_is_matched_literally(store: Store) -> None:
    for text in ('Mosul"', "NEAR(Mosul Iraq)", "Mos*", "^Mosul", "Mosul AND", "(Iraq"):
        store.search(text)  # no sqlite3.OperationalError
