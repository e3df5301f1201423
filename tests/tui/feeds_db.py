"""Feeds in a test database, written as a refresh writes them: subscriptions in `feeds`, each
entry an article through the ingest write path (`ingest.prepare`, `ingest.write_extracted`)
linked in `feed_articles` (the tables of migration m010_feeds)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from db import ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundClaim
from db.schema import open_write


def writable_copy(source: Path, dest: Path) -> Path:
    shutil.copy(source, dest)
    db = open_write(dest)  # brings it to the current schema (the feeds tables)
    db.conn.close()
    return dest


def subscribe(path: Path, name: str, url: str, tags: tuple[str, ...] = (),
              status: str | None = None, fetched: str | None = None) -> int:
    db = open_write(path)
    try:
        with db.conn:
            cursor = db.conn.execute(
                "INSERT INTO feeds (name, url, tags, last_status, last_fetched, added) "
                "VALUES (?, ?, ?, ?, ?, '2026-12-01T00:00:00+00:00')",
                [name, url, json.dumps(list(tags)), status, fetched])
        return int(cursor.lastrowid or 0)
    finally:
        db.conn.close()


def add_entries(path: Path, feed: str, entries: list[tuple[str, str]]) -> list[int]:
    """Each (title, published) as one article of the feed named `feed`; one transaction."""
    db = open_write(path)
    ids = []
    try:
        with db.conn:
            (feed_id,) = db.conn.execute("SELECT id FROM feeds WHERE name = ?",
                                         [feed]).fetchone()
            for title, published in entries:
                body = f"{title}. A report from the feed {feed}."
                prepared = ingest.prepare(db, ArticleInput(
                    title, body, f"{feed}:{title}", source=feed, published=published,
                    external_id=f"{feed}:{title}"))
                assert prepared is not None, title
                extraction = Extraction((), (), (FoundClaim(0, len(body)),))
                article_id = ingest.write_extracted(db, prepared, extraction, "test")
                db.conn.execute("INSERT INTO feed_articles (feed_id, article_id, entry) "
                                "VALUES (?, ?, ?)", [feed_id, article_id, title])
                ids.append(article_id)
    finally:
        db.conn.close()
    return ids
