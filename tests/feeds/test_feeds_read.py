"""The read side of subscriptions: `Store.feeds` and the `feed:`/`tag:` filters."""

from __future__ import annotations

import json
from pathlib import Path

from db.store import Store
from tests.conftest import build_db


def _with_feeds(path: Path, rules_pipeline, tmp_path: Path) -> dict[str, int]:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps({"id": f"e{i}", "title": f"Story {i}",
                                          "body": f"Body number {i} about the harbour."}) + "\n"
                              for i in range(4)))
    build_db(path, rules_pipeline, [inputs])
    import sqlite3

    conn = sqlite3.connect(path)
    ids = {t: i for i, t in conn.execute("SELECT id, title FROM articles")}
    conn.execute("INSERT INTO feeds (name, url, tags, added) VALUES "
                 "('BBC', 'http://a.test/rss', '[\"news\", \"uk\"]', '2026-01-01'), "
                 "('BBC Sport', 'http://b.test/rss', '[\"sport\"]', '2026-01-01')")
    conn.executemany("INSERT INTO feed_articles (feed_id, article_id, entry) VALUES (?, ?, ?)",
                     [(1, ids["Story 0"], "x0"), (1, ids["Story 1"], "x1"),
                      (2, ids["Story 2"], "x2"), (1, 999, "gone")])
    conn.commit()
    conn.close()
    return ids


def test_feeds_counts_articles_and_unread(tmp_path, rules_pipeline):
    path = tmp_path / "b.db"
    ids = _with_feeds(path, rules_pipeline, tmp_path)
    store = Store(path)
    feeds = store.feeds(read=[ids["Story 0"], ids["Story 2"], ids["Story 3"]])
    assert [(f.name, f.tags, f.articles, f.unread) for f in feeds] == [
        ("BBC", ("news", "uk"), 2, 1), ("BBC Sport", ("sport",), 1, 0)]
    assert store.feeds()[0].unread == 2


def test_feed_and_tag_filters_match_whole_names(tmp_path, rules_pipeline):
    path = tmp_path / "b.db"
    _with_feeds(path, rules_pipeline, tmp_path)
    store = Store(path)

    def titles(text: str) -> list[str]:
        result = store.search(text, limit=None)
        assert not result.failed, result.messages
        return sorted(h.article.title for h in result.articles)

    assert titles('feed:"BBC"') == ["Story 0", "Story 1"]  # not BBC Sport's
    assert titles("feed:bbc harbour") == ["Story 0", "Story 1"]
    assert titles('feed:"BBC Sport"') == ["Story 2"]
    assert titles("tag:sport") == ["Story 2"]
    assert titles("tag:UK") == ["Story 0", "Story 1"]
    assert titles("tag:news tag:sport") == ["Story 0", "Story 1", "Story 2"]
    assert titles("feed:nothing") == []
