"""The articles this user has not read, in list order. The read ids are the user's (in their
own state file, never in this database), passed to SQLite as one JSON array.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from db.models import ArticleRow
from db.rows import ARTICLE_ORDER, ARTICLE_ROW

if TYPE_CHECKING:
    from db.store import Store


def unread_articles(store: Store, read: Sequence[int], offset: int = 0,
                    limit: int = 200) -> tuple[list[ArticleRow], int]:
    """One page of the articles not in `read`, in list order, and how many there are."""
    ids = json.dumps(sorted(read))
    rows = store._all(
        f"SELECT {ARTICLE_ROW} FROM articles a WHERE a.id NOT IN "
        f"(SELECT value FROM json_each(?)) ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?",
        [ids, limit, offset])
    total = store._number("SELECT count(*) FROM articles WHERE id NOT IN "
                         "(SELECT value FROM json_each(?))", [ids])
    return [ArticleRow(*r) for r in rows], total

def next_unread(store: Store, article_id: int, read: Sequence[int]) -> int | None:
    """The next article down the list (older) that is not in `read`; from the top when
    `article_id` is the last."""
    ids = json.dumps(sorted(read))
    row = store._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                    [article_id])
    unread = "a.id NOT IN (SELECT value FROM json_each(?))"
    if row is not None:
        found = store._one(
            f"SELECT id FROM articles a WHERE (coalesce(a.published, ''), a.id) < (?, ?) "
            f"AND {unread} ORDER BY {ARTICLE_ORDER} LIMIT 1", [*row, ids])
        if found:
            return int(found[0])
    found = store._one(f"SELECT id FROM articles a WHERE {unread} AND a.id != ? "
                      f"ORDER BY {ARTICLE_ORDER} LIMIT 1", [ids, article_id])
    return int(found[0]) if found else None
