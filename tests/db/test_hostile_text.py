"""Hostile text: terminal control removed at ingest and never written; markup shown literally;
queries are parameters and FTS5 syntax is matched literally."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from db.store import Store
from db.text import clean, for_display, one_line
from tests.cli import briefing_here

OSC_TITLE = "\x1b]0;PWNED\x07"
HOSTILE_TITLE = f"{OSC_TITLE}\x1b[31m[bold]Red[/bold] [link=http://evil.example]click[/link]"
HOSTILE_BODY = (
    "Officials in \x1b[1;31mFrance\x1b[0m said [@click=app.quit]talks[/] would resume.\r\n"
    "\x1bP1$qm\x1b\\A DCS query.\x9b31mEight-bit CSI.\x1b]8;;http://evil.example\x1b\\link"
    "\x1b]8;;\x1b\\ and \x1b]2;title\x9c done.\x00\x07\x7f\x85 Tab\there.\u202eevil\u202c\n"
)


@pytest.mark.parametrize(("raw", "stored"), [
    ("a\x1b[31mred\x1b[0m b", "ared b"),
    ("a\x1b]0;PWNED\x07b", "ab"),
    ("a\x1b]0;PWNED\x1b\\b", "ab"),
    ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
    ("a\x1b_APC\x1b\\b\x1b^PM\x1b\\c\x1bXSOS\x1b\\d", "abcd"),
    ("a\x9b2Jb\x9d0;t\x9cc", "abc"),  # 8-bit CSI and OSC
    ("a\x1bcb\x1b(Bc\x1b7d", "abcd"),  # reset, charset, save cursor
    ("a\x1b]0;no terminator\nnext", "a\nnext"),  # an unterminated string ends at the line
    ("l1\r\nl2\rl3", "l1\nl2\nl3"),
    ("nul\x00bel\x07bs\x08del\x7fnel\x85", "nulbelbsdelnel"),
    ("tab\tnew\nline", "tab\tnew\nline"),
    ("zwj\u200d soft\u00ad rtl\u202e kept", "zwj\u200d soft\u00ad rtl\u202e kept"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
])
def test_clean_removes_terminal_control_whole(raw, stored):
    assert clean(raw) == stored


def test_display_neutralises_bidi_and_control_keeping_offsets():
    text = "abc\u202edef\u2066g\x1bh\x9bi"
    shown = for_display(text)
    assert len(shown) == len(text)
    assert shown == "abc\ufffddef\ufffdg\ufffdh\ufffdi"
    assert one_line("[bold]x[/bold]\n\x1b[2J") == "[bold]x[/bold] \ufffd[2J"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """Ingested once through the command line; the tests only read it."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    db_path = tmp_path / "briefing.db"
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps({"id": "h1", "title": HOSTILE_TITLE, "body": HOSTILE_BODY,
                                "source": "\x1b]0;src\x07[i]Wire[/i]",
                                "url": "http://x.example/\x1b[2J"}) + "\n")
    assert briefing_here("--db", db_path, "ingest", path).code == 0
    return db_path


def test_ingest_stores_no_terminal_control(hostile_db):
    conn = sqlite3.connect(hostile_db)
    title, body, source, url = conn.execute(
        "SELECT title, body, source, url FROM articles").fetchone()
    assert title == "[bold]Red[/bold] [link=http://evil.example]click[/link]"
    assert source == "[i]Wire[/i]" and url == "http://x.example/"
    assert body.startswith("Officials in France said [@click=app.quit]talks[/] would resume.\n"
                           "A DCS query.Eight-bit CSI.link and  done. Tab\there.\u202eevil")
    for text in (title, body, source, url):
        assert not any(ord(c) < 32 and c not in "\t\n" or 0x7f <= ord(c) <= 0x9f for c in text)


def test_cli_tables_show_markup_literally_and_write_no_escape(hostile_db):
    for args in (["search", "talks"], ["search", "bold"], ["actors"], ["mentions", "France"],
                 ["claims", "--actor", "France"]):
        run = briefing_here("--db", hostile_db, *args, COLUMNS="400")
        assert run.code == 0, run.err
        assert "\x1b" not in run.out + run.err and "\x9b" not in run.out
        assert "\u202e" not in run.out
    titles = briefing_here("--db", hostile_db, "search", "click", COLUMNS="400").out
    assert "[bold]Red[/bold] [link=http://evil.example]click[/link]" in titles
    claims = briefing_here("--db", hostile_db, "claims", "--actor", "France", COLUMNS="400").out
    assert "[@click=app.quit]talks[/]" in claims


def test_messages_on_stderr_carry_no_escape(tmp_path, db_path):
    evil = tmp_path / "\x1b]0;PWNED\x07evil.txt"
    evil.write_bytes(b"")
    run = briefing_here("--db", db_path, "ingest", evil, "\x1b[2Jmissing.txt")
    assert run.code == 1 and "\x1b" not in run.err and "\x07" not in run.err
    assert "evil.txt: empty file" in run.err and "missing.txt: no such file" in run.err


HOSTILE_QUERIES = [
    "'; DROP TABLE articles; --", '"; DELETE FROM articles; --', "talks OR 1=1",
    "NEAR(talks France)", "title:talks", "body:* OR", "talks*", "^talks", '"unbalanced',
    "-", "--", "()", "a AND", "NOT talks", "{title body}:x", "[bold]talks", "\x1b[31mtalks",
    "actor:'); DELETE FROM actors; --", "source:%", "since:'; DROP", "type:quote'--",
    "\\", "''", "\x00", "country:\x00",
]


def test_no_query_can_change_data_or_raise(hostile_db):
    before = hashlib.sha256(hostile_db.read_bytes()).hexdigest()
    store = Store(hostile_db)
    for query in HOSTILE_QUERIES:
        store.search(query, limit=5)  # no exception, whatever it is
    run = briefing_here("--db", hostile_db, "search", "'; DROP TABLE articles; --", "NEAR(a b)")
    assert run.code == 0
    assert "fts5" not in run.err.lower() and "syntax error" not in run.err
    assert Store(hostile_db).article_count() == 1
    assert hashlib.sha256(hostile_db.read_bytes()).hexdigest() == before


def test_fts5_syntax_is_matched_literally(hostile_db):
    store = Store(hostile_db)
    assert [h.article.external_id for h in store.search("talks OR nothing").articles] == []
    assert len(store.search("talks resume").articles) == 1
    assert len(store.search('"talks would resume"').articles) == 1
