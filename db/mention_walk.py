"""Walking an actor's mentions in reading order: down the article list (newest first),
and within an article by position. The reader's `n`/`N` and "mention 3 of 41" use it,
through `Store.next_mention`, `Store.neighbour_article_with` and `Store.mention_position`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.actor_models import Mention
from db.rows import MENTION_COLS

if TYPE_CHECKING:
    from db.store import Store


class MentionWalk:
    """The mentions of actors in one store, in reading order."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def next(self, actor_id: int, after: Mention | None, step: int = 1) -> Mention | None:
        """The next (step=1) or previous (-1) mention of an actor in reading order: within
        the article, then on into the next or previous article of the list."""
        cmp, order = (">", "ASC") if step > 0 else ("<", "DESC")
        if after is None:
            article_id = self._article_with(actor_id, None, step)
        else:
            row = self.store._one(
                f"SELECT {MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.actor_id = ? AND m.article_id = ? AND m.start {cmp} ? "
                f"ORDER BY m.start {order} LIMIT 1",
                [actor_id, after.article_id, after.start],
            )
            if row:
                return Mention(*row)
            article_id = self.neighbour_article(actor_id, after.article_id, step)
        if article_id is None:
            return None
        row = self.store._one(
            f"SELECT {MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.actor_id = ? AND m.article_id = ? ORDER BY m.start {order} LIMIT 1",
            [actor_id, article_id],
        )
        return Mention(*row) if row else None

    def neighbour_article(self, actor_id: int, article_id: int, step: int) -> int | None:
        """The next/previous article in list order that mentions the actor."""
        row = self.store._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [article_id])
        if row is None:
            return None
        return self._article_with(actor_id, (row[0], row[1]), step)

    # Walking the list costs a probe of the mentions index per article: cheap for an actor
    # in many articles (the next one is near). Listing the actor's articles costs one row per
    # article it is in: cheap for a rare actor. Walk a few pages first, then list.
    _WALK_PAGE = 64
    _WALK_PAGES = 6

    def _article_with(self, actor_id: int, key: tuple[str, int] | None, step: int) -> int | None:
        """The first article after `key` (list order, step=1: down the list) mentioning the
        actor; from the top (or bottom) of the list when `key` is None."""
        cmp, order = ("<", "DESC") if step > 0 else (">", "ASC")
        ordering = f"coalesce(a.published, '') {order}, a.id {order}"
        where = f"WHERE (coalesce(a.published, ''), a.id) {cmp} (?, ?)" if key else ""
        for _ in range(self._WALK_PAGES):
            page = self.store._all(
                f"SELECT coalesce(a.published, ''), a.id FROM articles a {where} "
                f"ORDER BY {ordering} LIMIT ?",
                [*(key or ()), self._WALK_PAGE],
            )
            if not page:
                return None
            ids = [r[1] for r in page]
            hits = {r[0] for r in self.store._all(
                f"SELECT DISTINCT article_id FROM mentions WHERE actor_id = ? AND article_id IN "
                f"({','.join('?' * len(ids))})",
                [actor_id, *ids],
            )}
            for article_id in ids:
                if article_id in hits:
                    return int(article_id)
            if len(page) < self._WALK_PAGE:
                return None
            key = (page[-1][0], page[-1][1])
            where = f"WHERE (coalesce(a.published, ''), a.id) {cmp} (?, ?)"
        # CROSS JOIN keeps the actor's articles as the outer loop (a rare actor: few rows).
        cond = f"AND (coalesce(a.published, ''), a.id) {cmp} (?, ?)" if key else ""
        found = self.store._one(
            "SELECT a.id FROM (SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?) m "
            f"CROSS JOIN articles a WHERE a.id = m.article_id {cond} ORDER BY {ordering} LIMIT 1",
            [actor_id, *(key or ())],
        )
        return int(found[0]) if found else None

    def position(self, mention: Mention) -> tuple[int, int]:
        """(n, total): this is mention n of total for its actor, in reading order."""
        total_row = self.store._one("SELECT n_mentions FROM actors WHERE id = ?",
                                    [mention.actor_id])
        total = int(total_row[0]) if total_row else 0
        row = self.store._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [mention.article_id])
        if row is None:
            return 0, total
        before = self.store._one(
            "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.actor_id = ? AND ((coalesce(a.published,''), a.id) > (?, ?) "
            "OR (a.id = ? AND m.start < ?))",
            [mention.actor_id, row[0], row[1], mention.article_id, mention.start],
        )
        return (int(before[0]) + 1 if before else 1), total
