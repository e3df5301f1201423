"""Queries that would run for minutes, and queries the code did not foresee (issue 15)."""

from __future__ import annotations

import pytest

from db import query as querylang
from db.search import QueryTooBroad
from db.store import Store
from tests.cli import briefing, briefing_here


def test_the_repeated_a_thousand_times_is_answered_at_once(rules_db):
    run = briefing("--db", rules_db, "search", *["the"] * 1000, "--limit", "5", "--json",
                   timeout=60)
    assert run.code == 0 and run.err == ""
    assert len(run.out.splitlines()) == 5  # "the" is in every article


def test_a_thousand_different_terms_are_capped_and_the_message_says_so(rules_db):
    words = [f"w{i}" for i in range(1000)]
    q = querylang.parse(" ".join(["the", *words]))
    assert len(q.words) == querylang.MAX_TERMS and q.words[0] == "the"
    run = briefing_here("--db", rules_db, "search", *words)
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


def test_a_limit_past_64_bits_is_no_limit_not_an_overflow(rules_db):
    run = briefing_here("--db", rules_db, "search", "the", "--limit", str(10**20), "--json")
    assert run.code == 0 and run.err == ""
    everything = briefing_here("--db", rules_db, "search", "the", "--limit", "100000", "--json")
    assert run.out == everything.out
    for command in (["actors"], ["claims"], ["mentions", "Iraq"]):
        run = briefing_here("--db", rules_db, *command, "--limit", str(10**20), "--json")
        assert run.code == 0 and run.out, command


def test_source_percent_is_a_letter_not_a_wildcard(rules_db):
    store = Store(rules_db)
    assert store.search("source:%").articles == ()
    assert store.search("source:_K").articles == ()
    assert len(store.search("source:UK", limit=None).articles) == 26


def test_fullwidth_letters_find_what_they_fold_to(rules_db):
    store = Store(rules_db)
    plain = [h.article.id for h in store.search("Kyiv").articles]
    assert plain
    assert [h.article.id for h in store.search("Ｋｙｉｖ").articles] == plain
    assert store.search("ｓｏｕｒｃｅ：ＵＫ", limit=None).articles  # the filter, too


def test_a_tampered_schema_version_is_one_line_naming_the_file(rules_db, tmp_path):
    import shutil
    import sqlite3

    path = tmp_path / "tampered.db"
    shutil.copy(rules_db, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = 'seven' WHERE key = 'schema_version'")
    conn.close()
    for command in (["search", "Iraq"], ["ingest"], ["check"]):
        run = briefing_here("--db", path, *command)
        assert run.code == 2, command
        assert run.err.startswith(f"error: {path}: cannot be ") and "'seven'" in run.err
        assert len(run.err.splitlines()) == 1


def test_an_unforeseen_error_is_one_line_and_a_log_with_the_traceback(rules_db, tmp_path,
                                                                       monkeypatch, capsys):
    import sys

    from tui import cli

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a state nobody foresaw")

    monkeypatch.setattr(Store, "actors", broken)  # a bug, wherever it would be
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["briefing", "--db", str(rules_db), "actors"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    [log] = (tmp_path / "state" / "briefing").iterdir()
    assert err == (f"error: {rules_db}: unexpected RuntimeError: a state nobody foresaw; the "
                   f"details are in {log} (please attach it to a report)\n")
    text = log.read_text()
    assert "Traceback" in text and "a state nobody foresaw" in text and "def broken" not in err
