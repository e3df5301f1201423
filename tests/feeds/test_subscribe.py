"""Subscribing, as functions on a temporary database: names, tags and hostile lists."""

from __future__ import annotations

import pytest

from db import subscribe
from db.inputs import FeedInput
from db.schema import open_write
from db.store import Store
from db.text import for_display


def test_names_and_tags_are_plain_text_whatever_the_list_holds(tmp_path):
    path = tmp_path / "a.db"
    db = open_write(path)
    opml = ('<opml version="2.0"><body><outline text="World\u202e">'
            '<outline text="Feed\u202eoops" xmlUrl="http://x.example/rss"/>'
            "</outline></body></opml>")
    urls = 'http://y.example/rss "~\x1b]0;pwned\x07Evil\x1b[2J" "tag\x1b[31m"\n'
    entries = list(subscribe.read_opml(opml, "list.opml")) + \
        list(subscribe.read_urls(urls, "urls"))
    result = subscribe.import_feeds(db, iter(entries))
    assert result.added and not result.errors
    db.conn.close()
    shown = "".join(f.name + "".join(f.tags) for f in Store(path).feeds())
    assert len(Store(path).feeds()) == 2
    assert not any(c in shown for c in "\x1b\x07"), shown  # escapes: never stored
    # Bidi overrides are text (kept, as in bodies) and shown as placeholders.
    assert "\u202e" in shown and "\u202e" not in for_display(shown)


def test_the_same_url_again_changes_nothing_and_a_new_name_renames(tmp_path):
    db = open_write(tmp_path / "a.db")
    feed = FeedInput(url="http://x.example/rss", name="X", tags=("a", "a", " b "))
    assert subscribe.add(db, feed) == ("added", "X")
    assert subscribe.add(db, feed) == ("unchanged", "X")
    assert subscribe.add(db, FeedInput(url="http://x.example/rss", name="Y", tags=("a", "b"))) \
        == ("updated", "Y")
    row = db.execute("SELECT name, tags FROM feeds").fetchone()
    assert row == ("Y", '["a", "b"]')
    with pytest.raises(subscribe.SubscribeError, match="not an http"):
        subscribe.add(db, FeedInput(url="javascript:alert(1)"))


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.example.org/news/rss/", "example.org/news/rss"),
    ("http://feeds.example.com/", "feeds.example.com"),
])
def test_default_names(url, name):
    assert subscribe.default_name(url) == name
