"""One meaning for each filter, whether typed in the query language or given as an option;
malformed queries are errors, an unclosed quote a hint (issue 13)."""

from __future__ import annotations

import json

from tests.cli import briefing_here


def claim_ids(out: str) -> list[int]:
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_speaker_option_and_filter_give_the_same_claims_officials_included(rules_db):
    option = briefing_here("--db", rules_db, "claims", "--speaker", "United States", "--json")
    typed = briefing_here("--db", rules_db, "search", 'speaker:"United States"', "--limit", "1000",
                     "--json")
    assert option.code == typed.code == 0
    assert claim_ids(option.out) == claim_ids(typed.out)
    speakers = {json.loads(line)["speaker_id"] for line in option.out.splitlines()}
    assert len(speakers) > 1  # the country, and its officials and institutions (Blinken...)
    blinken = briefing_here("--db", rules_db, "claims", "--speaker", "Antony Blinken", "--json")
    assert set(claim_ids(blinken.out)) < set(claim_ids(option.out))


def test_every_filter_both_offer_means_the_same(rules_db):
    pairs = [
        (["--actor", "Iraq"], "actor:Iraq"),
        (["--country", "GBR"], "country:GBR"),
        (["--country", "United Kingdom"], 'country:"United Kingdom"'),
        (["--type", "report", "--type", "event"], "type:report type:event"),
        (["--type", "report", "--speaker", "Iraq"], "type:report speaker:Iraq"),
    ]
    for options, typed in pairs:
        a = briefing_here("--db", rules_db, "claims", *options, "--json")
        b = briefing_here("--db", rules_db, "search", typed, "--limit", "1000", "--json")
        assert a.code == b.code == 0, (options, a.err, b.err)
        assert claim_ids(a.out) == claim_ids(b.out) and a.out, options


def test_an_actor_option_naming_nothing_is_a_usage_error(rules_db):
    run = briefing_here("--db", rules_db, "claims", "--speaker", "Atlantis")
    assert run.code == 2 and run.out == "" and "no actor named 'Atlantis'" in run.err


def test_a_malformed_query_is_exit_2_with_the_message_and_no_results(rules_db):
    for text, message in (
        ("typ:request", "unknown filter 'typ:', did you mean 'type:'?"),
        ("type:requets Syria", "unknown claim type 'requets', did you mean 'request'?"),
        ("since:yesterday", "'since:yesterday' is not a date"),
        ("source:", "'source:' needs a value"),
    ):
        run = briefing_here("--db", rules_db, "search", text)
        assert run.code == 2 and run.out == "", text
        assert run.err.startswith(message), (text, run.err)


def test_an_unclosed_quote_is_matched_literally_with_a_hint(rules_db):
    run = briefing_here("--db", rules_db, "search", '"Prime Minister', "--json")
    closed = briefing_here("--db", rules_db, "search", '"Prime Minister"', "--json")
    assert run.code == 0 and run.out == closed.out and run.out
    assert run.err.startswith("unclosed quote: the rest of the query is matched literally")
    assert closed.err == ""
