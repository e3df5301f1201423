"""Fuzzing: any bytes into any reader, any string into the query parser and the store."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import query
from db.models import ArticleInput
from db.readers import KNOWN_EXTS, ReadError, read_bytes
from db.store import Store

# Bytes that look a little like each format, so the fuzzer gets past the first checks.
PREFIXES = st.sampled_from([b"", b"Title: ", b"{\"title\": ", b"[{", b"<html><body><p>",
                            b"<?xml version=\"1.0\"?><rss><channel><item><title>",
                            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
                            b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b]0;"])


@pytest.mark.parametrize("ext", sorted(KNOWN_EXTS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=2000))
def test_any_bytes_give_articles_or_messages(ext, prefix, data):
    items = list(read_bytes(prefix + data, f"f{ext}", ext, default_id="f"))
    for item in items:
        assert isinstance(item, ArticleInput | ReadError)
        if isinstance(item, ReadError):
            assert item.message and item.origin.startswith("f")
        else:
            assert item.body.strip()


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_string_parses(text):
    parsed = query.parse(text)
    match = parsed.fts_match()
    assert match is None or isinstance(match, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.from_regex(r'[-"():*^a-z ]{0,30}', fullmatch=True))
def test_any_query_is_answered_without_error(rules_db, text):
    Store(rules_db).search(text, limit=5)
