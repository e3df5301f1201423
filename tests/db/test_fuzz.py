"""Fuzzing: any bytes into any reader, any string into the query parser and the store."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import ingest, query
from db.inputs import ArticleInput
from db.readers import KNOWN_EXTS, ReadError, read_bytes, read_inputs, show_path
from db.schema import open_write
from db.store import Store
from db.text import for_display
from tests.fuzzing import examples

# Bytes that look a little like each format, so the fuzzer gets past the first checks.
PREFIXES = st.sampled_from([b"", b"Title: ", b"{\"title\": ", b"[{", b"<html><body><p>",
                            b"<?xml version=\"1.0\"?><rss><channel><item><title>",
                            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
                            b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b]0;"])


@pytest.mark.parametrize("ext", sorted(KNOWN_EXTS))
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=2000))
def test_any_bytes_give_articles_or_messages(ext, prefix, data):
    items = list(read_bytes(prefix + data, f"f{ext}", ext, default_id="f"))
    for item in items:
        assert isinstance(item, ArticleInput | ReadError)
        if isinstance(item, ReadError):
            assert item.message and item.origin.startswith("f")
        else:
            assert item.body.strip()


@settings(max_examples=examples(500), deadline=None)
@given(st.text())
def test_any_string_parses(text):
    parsed = query.parse(text)
    match = parsed.fts_match()
    assert match is None or isinstance(match, str)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.from_regex(r'[-"():*^a-z ]{0,30}', fullmatch=True))
def test_any_query_is_answered_without_error(rules_db, text):
    Store(rules_db).search(text, limit=5)


# Issue 14: random bytes and Unicode into every reader, through the whole write path ---------

# Text with what breaks naive code: lone surrogates (JSON "\ud800"), bidi controls, NUL,
# escapes, C1, carriage returns, beside ordinary characters.
NASTY = st.lists(st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["\ud800", "\udfff", "\u202e", "\u2066", "\x00", "\x1b", "\x9b", "\x85",
                     "\r", "&#xD800;", "&#x1b;", "]0;", "<", "{"]),
), max_size=40).map("".join)
NAME_BYTES = st.binary(min_size=1, max_size=12).map(
    lambda b: b.replace(b"/", b"_").replace(b"\0", b"_").lstrip(b".") or b"x")


def _content(ext: str, text: str, data: bytes) -> bytes:
    """A file of kind `ext` around `text` (JSON escapes it, surrogates included), or bytes."""
    if ext in (".json", ".jsonl"):
        return (json.dumps({"id": text, "title": text, "body": text}) + "\n").encode()
    if ext in (".rss", ".xml", ".atom"):
        return (f"<rss><channel><item><guid>{text}</guid><title>{text}</title><description>"
                f"{text}</description></item></channel></rss>").encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass") + data


@pytest.mark.parametrize("ext", sorted(KNOWN_EXTS))
@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=NASTY, data=st.binary(max_size=300), name=NAME_BYTES)
def test_any_input_costs_itself_alone_with_one_line_per_problem(tmp_path_factory,
                                                                rules_pipeline, ext, text,
                                                                data, name):
    folder = tmp_path_factory.mktemp("fuzz")
    bad = os.fsencode(folder) + b"/" + name + ext.encode()
    with open(bad, "wb") as f:
        f.write(_content(ext, text, data))
    (folder / "zz-good.txt").write_text("Title: Good\n\nOfficials in France met on Monday.\n")
    messages: list[str] = []
    db = open_write(folder / "fuzz.db")
    summary = ingest.ingest_items(db, read_inputs([str(folder)]), rules_pipeline,
                                  on_message=messages.append)
    # No run lost: the good file after the bad one is in, whatever the bad one held.
    titles = [r[0] for r in db.execute("SELECT title FROM articles")]
    assert "Good" in titles
    for message in messages:  # one line each, naming the input, printable as it is said
        assert message.startswith(("error: ", "warning: ")) and "\n" not in message
        assert show_path(os.fsdecode(bad)) in message or str(folder) in message
        shown = for_display(" ".join(message.split()))
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
        shown.encode("utf-8")  # no surrogate reaches the terminal
    assert summary.failed == sum(m.startswith("error: ") for m in messages)
    for external_id, in db.execute("SELECT external_id FROM articles"):
        assert "\x1b" not in external_id and not any(0x80 <= ord(c) <= 0x9F
                                                     for c in external_id)
    db.conn.close()
