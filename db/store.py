"""The read API: queries over a briefing database that return frozen dataclasses.

A Store opens the database read-only and never changes it. It is safe to use from the
browser's thread workers: each thread gets its own connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db import query as querylang
from db import search
from db.database import MAPPED_CONNECTIONS, open_read
from db.models import (
    Actor,
    ActorStats,
    Article,
    ArticleHit,
    ArticleRow,
    Claim,
    ClaimHit,
    Cue,
    Mention,
    MentionInContext,
    SearchResult,
)

if TYPE_CHECKING:  # db.reading is imported by the reader's calls alone, not the CLI's start
    from db.reading import Reading

_ARTICLE_ROW = "a.id, a.title, a.source, a.published, a.n_actors, a.url"
# Newest first; articles without a date last. idx_articles_order indexes this very expression.
_ARTICLE_ORDER = "coalesce(a.published, '') DESC, a.id DESC"
# Mention and claim text are cut out of the article's body (they are not stored twice); SQLite's
# substr() counts code points, as Python's offsets do. Both need `articles a` joined.
_MENTION_COLS = 'm.id, m.article_id, m.actor_id, m.claim_id, m.start, m."end", ' \
    'substr(a.body, m.start + 1, m."end" - m.start)'
# Mentions `m` inside claim `c` (idx_mentions_article_id_start; there is no claim_id index).
_IN_CLAIM = 'm.article_id = c.article_id AND m.start >= c.start AND m.start < c."end"'
_CLAIM_COLS = 'c.id, c.article_id, c.seq, c.start, c."end", ' \
    'substr(a.body, c.start + 1, c."end" - c.start), c.speaker_id, c.negated'


class AmbiguousActor(Exception):
    def __init__(self, name: str, actors: list[Actor]) -> None:
        super().__init__(name)
        self.name = name
        self.actors = actors


class Store:
    """Read-only queries over a briefing database. One connection per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        conn, self.notice = open_read(self.path)  # raises DatabaseError with a clear message
        self._local.conn = conn
        self._opened = 1
        self._opening = threading.Lock()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn, _ = open_read(self.path)
            with self._opening:
                self._opened += 1
                if self._opened > MAPPED_CONNECTIONS:  # the map's budget (db/database.py)
                    conn.execute("PRAGMA mmap_size = 0")
            self._local.conn = conn
        return conn

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
        return row

    # Articles ---------------------------------------------------------------------------

    def article_count(self) -> int:
        return self._number("SELECT count(*) FROM articles", ())

    def articles(self, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        """One page of the article list, newest first."""
        rows = self._all(
            f"SELECT {_ARTICLE_ROW} FROM articles a ORDER BY {_ARTICLE_ORDER} LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return [ArticleRow(*r) for r in rows]

    # Unread: the read ids are the user's (never in this database), passed as one JSON array.

    def unread_articles(self, read: Sequence[int], offset: int = 0,
                        limit: int = 200) -> tuple[list[ArticleRow], int]:
        """One page of the articles not in `read`, in list order, and how many there are."""
        ids = json.dumps(sorted(read))
        rows = self._all(
            f"SELECT {_ARTICLE_ROW} FROM articles a WHERE a.id NOT IN "
            f"(SELECT value FROM json_each(?)) ORDER BY {_ARTICLE_ORDER} LIMIT ? OFFSET ?",
            [ids, limit, offset])
        total = self._number("SELECT count(*) FROM articles WHERE id NOT IN "
                             "(SELECT value FROM json_each(?))", [ids])
        return [ArticleRow(*r) for r in rows], total

    def next_unread(self, article_id: int, read: Sequence[int]) -> int | None:
        """The next article down the list (older) that is not in `read`; from the top when
        `article_id` is the last."""
        ids = json.dumps(sorted(read))
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [article_id])
        unread = "a.id NOT IN (SELECT value FROM json_each(?))"
        if row is not None:
            found = self._one(
                f"SELECT id FROM articles a WHERE (coalesce(a.published, ''), a.id) < (?, ?) "
                f"AND {unread} ORDER BY {_ARTICLE_ORDER} LIMIT 1", [*row, ids])
            if found:
                return int(found[0])
        found = self._one(f"SELECT id FROM articles a WHERE {unread} AND a.id != ? "
                          f"ORDER BY {_ARTICLE_ORDER} LIMIT 1", [ids, article_id])
        return int(found[0]) if found else None

    def article(self, article_id: int) -> Article | None:
        row = self._one(
            "SELECT id, external_id, title, source, url, published, body, sha256, pipeline, "
            "n_actors FROM articles WHERE id = ?",
            [article_id],
        )
        return Article(*row) if row else None

    def neighbour_article(self, article_id: int, step: int) -> int | None:
        """The id of the next (step=1) or previous (step=-1) article in list order."""
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [article_id])
        if row is None:
            return None
        if step > 0:  # further down the list: older
            sql = ("SELECT id FROM articles a WHERE (coalesce(published,''), id) < (?, ?) "
                   f"ORDER BY {_ARTICLE_ORDER} LIMIT 1")
        else:
            sql = ("SELECT id FROM articles a WHERE (coalesce(published,''), id) > (?, ?) "
                   "ORDER BY coalesce(a.published, '') ASC, a.id ASC LIMIT 1")
        found = self._one(sql, list(row))
        return int(found[0]) if found else None

    def reading(self, article_id: int, around: int = 0) -> Reading | None:
        """The article with its claims and mentions for the reader, its body read once
        (db/reading.py): a 5 MB article opens without a substr of its body per row. A long
        one has only the mentions around offset `around`: complete_reading adds the rest."""
        from db.reading import read_article
        article = self.article(article_id)
        return read_article(self.conn, article, around) if article is not None else None

    def complete_reading(self, reading: Reading) -> Reading:
        from db.reading import complete
        return complete(self.conn, reading)

    def article_position(self, article_id: int) -> int | None:
        """Where an article is in the list (1 for the newest), for "article 12 of 3,406": the
        rows before it in list order, counted on idx_articles_order."""
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [article_id])
        if row is None:
            return None
        # Two searches of the index (a row-value comparison would scan the table).
        return 1 + self._number(
            "SELECT (SELECT count(*) FROM articles a WHERE coalesce(a.published, '') > ?) + "
            "(SELECT count(*) FROM articles a WHERE coalesce(a.published, '') = ? AND a.id > ?)",
            [row[0], row[0], row[1]])

    def article_mentions(self, article_id: int) -> list[Mention]:
        rows = self._all(
            f"SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.article_id = ? ORDER BY m.start",
            [article_id],
        )
        return [Mention(*r) for r in rows]

    def article_claims(self, article_id: int) -> list[Claim]:
        rows = self._all(
            f"SELECT {_CLAIM_COLS} FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.article_id = ? ORDER BY c.seq",
            [article_id],
        )
        return self._claims(rows)

    def article_actors(self, article_id: int) -> list[ActorStats]:
        """The actors of one article, most mentioned first, with their counts in it."""
        rows = self._all(
            "SELECT actor_id, count(*) FROM mentions WHERE article_id = ? GROUP BY actor_id "
            "ORDER BY count(*) DESC, min(start)",
            [article_id],
        )
        actors = self.actors_by_id([r[0] for r in rows])
        return [ActorStats(actors[r[0]], r[1], 1) for r in rows if r[0] in actors]

    # Actors -----------------------------------------------------------------------------

    def actor(self, actor_id: int) -> Actor | None:
        return self.actors_by_id([actor_id]).get(actor_id)

    def actors_by_id(self, ids: Sequence[int]) -> dict[int, Actor]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._all(
            f"SELECT id, name, kind, country, role FROM actors WHERE id IN ({marks})", list(ids)
        )
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self._all(
            f"SELECT actor_id, alias FROM aliases WHERE actor_id IN ({marks}) ORDER BY alias",
            list(ids),
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return {r[0]: Actor(r[0], r[1], r[2], r[3], r[4], aliases=tuple(aliases.get(r[0], ())))
                for r in rows}

    def actors(
        self,
        kind: str | None = None,
        country: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ActorStats]:
        """Actors with their mention and article counts, most mentioned first."""
        where, params = ["n_mentions > 0"], []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if country:
            where.append("country = ?")
            params.append(country.upper())
        if text:
            _name_contains(text, where, params)
        sql = (
            f"SELECT id, n_mentions, n_articles FROM actors WHERE {' AND '.join(where)} "
            "ORDER BY n_mentions DESC, name LIMIT ? OFFSET ?"
        )
        rows = self._all(sql, [*params, -1 if limit is None else limit, offset])
        by_id = self.actors_by_id([r[0] for r in rows])
        return [ActorStats(by_id[r[0]], r[1], r[2]) for r in rows]

    def actor_stats(self, actor_id: int) -> ActorStats | None:
        row = self._one("SELECT n_mentions, n_articles FROM actors WHERE id = ?", [actor_id])
        actor = self.actor(actor_id)
        return ActorStats(actor, row[0], row[1]) if actor and row else None

    def find_actors(self, name: str, kind: str | None = None) -> list[Actor]:
        """Actors whose id, name or alias is `name` (case-insensitive)."""
        name = name.strip()
        if name.isdigit():
            actor = self.actor(int(name))
            return [actor] if actor and (kind is None or actor.kind == kind) else []
        rows = self._all(
            "SELECT DISTINCT id FROM actors WHERE name = ? COLLATE NOCASE UNION "
            "SELECT DISTINCT actor_id FROM aliases WHERE alias = ? COLLATE NOCASE",
            [name, name],
        )
        found = self.actors_by_id([r[0] for r in rows])
        actors = [a for a in found.values() if kind is None or a.kind == kind]
        return sorted(actors, key=lambda a: a.id)

    def people_by_surname(self, name: str) -> list[Actor]:
        """People whose name ends with the one word `name` ("Macron": "Emmanuel Macron"),
        for a search by surname that names no actor or alias exactly."""
        word = name.strip()
        if not word or " " in word or word.isdigit():
            return []
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._all("SELECT id FROM actors WHERE kind = 'person' AND name LIKE ? "
                         "ESCAPE '\\' AND n_mentions > 0", ["% " + escaped])
        found = self.actors_by_id([r[0] for r in rows])
        return sorted(found.values(), key=lambda a: a.id)

    def resolve_actor(self, name: str, kind: str | None = None) -> Actor | None:
        """The one actor named `name` (or, when none is, the one person of that surname);
        None when there is none; AmbiguousActor when several."""
        actors = self.find_actors(name, kind)
        if not actors and kind in (None, "person"):
            actors = self.people_by_surname(name)
            if len(actors) > 1:
                raise AmbiguousActor(name, actors)
        if len(actors) > 1:
            # An exact canonical name wins over aliases shared by several actors.
            exact = [a for a in actors if a.name.casefold() == name.strip().casefold()]
            if len(exact) == 1:
                return exact[0]
            raise AmbiguousActor(name, actors)
        return actors[0] if actors else None

    def country_code(self, value: str) -> str | None:
        """ISO 3166-1 alpha-3 from a code or any name or alias of a country actor."""
        value = value.strip()
        if len(value) == 3 and value.isalpha() and self._one(
            "SELECT 1 FROM actors WHERE country = ? LIMIT 1", [value.upper()]
        ):
            return value.upper()
        for actor in self.find_actors(value, kind="country"):
            if actor.country:
                return actor.country
        return value.upper() if len(value) == 3 and value.isalpha() else None

    # Mentions ---------------------------------------------------------------------------

    def mentions_of(
        self, actor_id: int, limit: int | None = None, offset: int = 0
    ) -> list[MentionInContext]:
        """Every mention of an actor with its sentence, newest article first (a concordance;
        the cheaper of two plans, db/concordance.py)."""
        from db.concordance import mention_rows
        rows = mention_rows(self.conn, actor_id, limit, offset)
        return [
            MentionInContext(Mention(*r[:7]), r[7] or r[6], r[8] if r[8] is not None else r[4],
                             r[9], r[10])
            for r in rows
        ]

    def next_mention(self, actor_id: int, after: Mention | None, step: int = 1) -> Mention | None:
        """The next (step=1) or previous (-1) mention of an actor in reading order: within
        the article, then on into the next or previous article of the list."""
        cmp, order = (">", "ASC") if step > 0 else ("<", "DESC")
        if after is None:
            article_id = self._article_with(actor_id, None, step)
        else:
            row = self._one(
                f"SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.actor_id = ? AND m.article_id = ? AND m.start {cmp} ? "
                f"ORDER BY m.start {order} LIMIT 1",
                [actor_id, after.article_id, after.start],
            )
            if row:
                return Mention(*row)
            article_id = self.neighbour_article_with(actor_id, after.article_id, step)
        if article_id is None:
            return None
        row = self._one(
            f"SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.actor_id = ? AND m.article_id = ? ORDER BY m.start {order} LIMIT 1",
            [actor_id, article_id],
        )
        return Mention(*row) if row else None

    def neighbour_article_with(self, actor_id: int, article_id: int, step: int) -> int | None:
        """The next/previous article in list order that mentions the actor."""
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
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
            page = self._all(
                f"SELECT coalesce(a.published, ''), a.id FROM articles a {where} "
                f"ORDER BY {ordering} LIMIT ?",
                [*(key or ()), self._WALK_PAGE],
            )
            if not page:
                return None
            ids = [r[1] for r in page]
            hits = {r[0] for r in self._all(
                f"SELECT DISTINCT article_id FROM mentions WHERE actor_id = ? AND article_id IN "
                f"({','.join('?' * len(ids))})",
                [actor_id, *ids],
            )}
            for article_id in ids:
                if article_id in hits:
                    return article_id
            if len(page) < self._WALK_PAGE:
                return None
            key = (page[-1][0], page[-1][1])
            where = f"WHERE (coalesce(a.published, ''), a.id) {cmp} (?, ?)"
        # CROSS JOIN keeps the actor's articles as the outer loop (a rare actor: few rows).
        cond = f"AND (coalesce(a.published, ''), a.id) {cmp} (?, ?)" if key else ""
        found = self._one(
            "SELECT a.id FROM (SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?) m "
            f"CROSS JOIN articles a WHERE a.id = m.article_id {cond} ORDER BY {ordering} LIMIT 1",
            [actor_id, *(key or ())],
        )
        return int(found[0]) if found else None

    def mention_position(self, mention: Mention) -> tuple[int, int]:
        """(n, total): this is mention n of total for its actor, in reading order."""
        total_row = self._one("SELECT n_mentions FROM actors WHERE id = ?", [mention.actor_id])
        total = int(total_row[0]) if total_row else 0
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [mention.article_id])
        if row is None:
            return 0, total
        before = self._one(
            "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.actor_id = ? AND ((coalesce(a.published,''), a.id) > (?, ?) "
            "OR (a.id = ? AND m.start < ?))",
            [mention.actor_id, row[0], row[1], mention.article_id, mention.start],
        )
        return (int(before[0]) + 1 if before else 1), total

    def co_actors(self, actor_id: int, limit: int = 10) -> list[ActorStats]:
        """Actors most often mentioned in the same sentences."""
        rows = self._all(
            "SELECT m2.actor_id, count(*) n, count(DISTINCT m2.article_id) FROM mentions m1 "
            "JOIN claims c ON c.id = m1.claim_id "
            "JOIN mentions m2 ON m2.article_id = c.article_id "
            'AND m2.start >= c.start AND m2.start < c."end" AND m2.actor_id != m1.actor_id '
            "WHERE m1.actor_id = ? GROUP BY m2.actor_id ORDER BY n DESC LIMIT ?",
            [actor_id, limit],
        )
        by_id = self.actors_by_id([r[0] for r in rows])
        return [ActorStats(by_id[r[0]], r[1], r[2]) for r in rows if r[0] in by_id]

    def actor_articles(self, actor_id: int, limit: int = 200) -> list[ArticleRow]:
        rows = self._all(
            f"SELECT {_ARTICLE_ROW} FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?) "
            f"ORDER BY {_ARTICLE_ORDER} LIMIT ?",
            [actor_id, limit],
        )
        return [ArticleRow(*r) for r in rows]

    def mention_timeline(self, actor_id: int) -> list[tuple[str, int]]:
        """Mentions per month ('2024-03', n), oldest first; undated articles left out."""
        rows = self._all(
            "SELECT substr(a.published, 1, 7) month, count(*) FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? "
            "AND a.published IS NOT NULL GROUP BY month ORDER BY month",
            [actor_id],
        )
        return [(r[0], r[1]) for r in rows]

    # Claims -----------------------------------------------------------------------------

    def _claims(self, rows: list[tuple[Any, ...]]) -> list[Claim]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        types: dict[int, list[str]] = {}
        cues: dict[int, list[Cue]] = {}
        for claim_id, ctype, cue, cs, ce in self._all(
            # Cue text is cut out of the body, like claim and mention text (NULL without a cue).
            "SELECT t.claim_id, t.type, substr(a.body, t.cue_start + 1, t.cue_end - t.cue_start), "
            "t.cue_start, t.cue_end FROM claim_types t JOIN claims c ON c.id = t.claim_id "
            f"JOIN articles a ON a.id = c.article_id WHERE t.claim_id IN ({marks})",
            ids,
        ):
            types.setdefault(claim_id, []).append(ctype)
            if cue is not None:
                cues.setdefault(claim_id, []).append(Cue(ctype, cue, cs, ce))
        actors: dict[int, list[int]] = {}
        for claim_id, actor_id in self._all(
            # A claim's mentions are those of its article that start inside its span.
            "SELECT c.id, m.actor_id FROM claims c JOIN mentions m ON m.article_id = c.article_id "
            f'AND m.start >= c.start AND m.start < c."end" WHERE c.id IN ({marks}) '
            "GROUP BY c.id, m.actor_id ORDER BY c.id, min(m.start)",
            ids,
        ):
            actors.setdefault(claim_id, []).append(actor_id)
        return [
            Claim(
                r[0], r[1], r[2], r[3], r[4], r[5],
                tuple(sorted(types.get(r[0], []), key=_type_order)), r[6], bool(r[7]),
                tuple(sorted(cues.get(r[0], []), key=lambda c: c.start)),
                tuple(actors.get(r[0], [])),
            )
            for r in rows
        ]

    def claims(
        self,
        types: Sequence[str] = (),
        actor_ids: Sequence[int] = (),
        speaker_ids: Sequence[int] = (),
        country: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        query: querylang.Query | None = None,
    ) -> list[ClaimHit]:
        """Claims filtered by type (any of), actors, speakers and country, grouped by article;
        QueryTooBroad past the deadline."""
        with self.deadline():
            return self._filtered_claims(types, actor_ids, speaker_ids, country, limit, offset,
                                         query)

    def _filtered_claims(
        self,
        types: Sequence[str],
        actor_ids: Sequence[int],
        speaker_ids: Sequence[int],
        country: str | None,
        limit: int | None,
        offset: int,
        query: querylang.Query | None,
    ) -> list[ClaimHit]:
        """Claims filtered by type (any of), actors, speakers and country, grouped by article.

        Two plans, chosen on estimated sizes. Driving fetches the smallest filter's claims
        by id, probes them against the others and sorts: its cost is that filter's size.
        Walking goes down the article list in order, probing each claim until the page is
        full: its cost is the claims it passes over, the page divided by the share of claims
        that match every filter (see `_walked`). Each costs a few microseconds a claim, so the
        smaller of the two wins: `type:event` walks (a third of all claims match),
        `country:CAN` drives, and `type:risk country:SYR`, whose filters are broad but rarely
        meet, drives by its rarer filter instead of walking far in vain.
        """
        filters, where, params, match = self._claim_filters(types, actor_ids, speaker_ids,
                                                            country, query)
        lim = -1 if limit is None else limit
        rows: list[tuple[Any, ...]] | None = None
        if filters and limit is not None:
            rows = self._walked(filters, where, params, limit, offset)
        if rows is None:
            rows = self._driven_claims(filters, where, params, lim, offset)
        ranks: dict[int, float] = {}
        if match and rows:
            # bm25 for the page only: however the page was found, its words rank it.
            # FTS5 runs the query again for each value of `rowid IN`, each time counting the
            # matches for bm25's idf (0.6 ms); `+rowid` makes it one pass, narrowed to the
            # page's range of ids.
            ids = [r[0] for r in rows]
            ranks = dict(self._all(
                "SELECT rowid, bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ? "
                f"AND rowid BETWEEN ? AND ? AND +rowid IN ({','.join('?' * len(ids))})",
                [match, min(ids), max(ids), *ids]))
        claims = self._claims([r[:8] for r in rows])
        return [
            ClaimHit(claim, r[8], r[9], r[10], ranks.get(r[0]))
            for claim, r in zip(claims, rows, strict=True)
        ]

    def _claim_filters(
        self,
        types: Sequence[str],
        actor_ids: Sequence[int],
        speaker_ids: Sequence[int],
        country: str | None,
        query: querylang.Query | None,
    ) -> tuple[list[tuple[int, str, str, list[Any]]], list[str], list[Any], str | None]:
        """The claim filters as (estimate, driver, probe, params), the article conditions
        with their params, and the FTS5 match of the query's words."""
        filters: list[tuple[int, str, str, list[Any]]] = []  # (estimate, driver, probe, params)
        if types:
            marks = ",".join("?" * len(types))
            filters.append((
                self._number(f"SELECT sum(n) FROM claim_type_counts WHERE type IN ({marks})",
                             list(types)),
                f"SELECT claim_id FROM claim_types WHERE type IN ({marks})",
                f"EXISTS (SELECT 1 FROM claim_types t WHERE t.claim_id = c.id AND t.type IN "
                f"({marks}))",
                list(types),
            ))
        if actor_ids:
            marks = ",".join("?" * len(actor_ids))
            filters.append((
                self._number(f"SELECT sum(n_mentions) FROM actors WHERE id IN ({marks})",
                             list(actor_ids)),
                f"SELECT claim_id FROM mentions WHERE actor_id IN ({marks})",
                # actor_id first: one seek of idx_mentions_actor_id_article_id_start per id.
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id IN ({marks}) "
                f"AND {_IN_CLAIM})",
                list(actor_ids),
            ))
        if speaker_ids:
            marks = ",".join("?" * len(speaker_ids))
            filters.append((
                self._bounded_count(f"SELECT 1 FROM claims WHERE speaker_id IN ({marks})",
                                    list(speaker_ids)),
                f"SELECT id FROM claims WHERE speaker_id IN ({marks})",
                f"c.speaker_id IN ({marks})",
                list(speaker_ids),
            ))
        if country:
            filters.append((
                self._number("SELECT sum(n_mentions) FROM actors WHERE country = ?",
                             [country.upper()]),
                "SELECT claim_id FROM mentions WHERE actor_id IN "
                "(SELECT id FROM actors WHERE country = ?)",
                # One key lookup in the countries kept per claim (m006).
                "EXISTS (SELECT 1 FROM claim_countries cc WHERE cc.claim_id = c.id "
                "AND cc.country = ?)",
                [country.upper()],
            ))
        match = query.fts_match() if query is not None else None
        if match:
            filters.append((
                self._bounded_count("SELECT 1 FROM claims_fts WHERE claims_fts MATCH ?",
                                    [match]),
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?",
                "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)",
                [match],
            ))
        where: list[str] = []
        params: list[Any] = []
        if query is not None:
            if not match and query.excluded:
                where.append("c.id NOT IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(query.fts_excluded())
            _article_filters(query, where, params)
        return filters, where, params, match

    def claim_type_counts_of(self, text: str) -> dict[str, int]:
        """The type picker's counts for the claims a query shows, its own `type:` left out
        (the picker is what narrows by type): so the counts follow the current results.
        QueryTooBroad past the deadline; a query that is malformed or names nothing, {}."""
        q = querylang.parse(text)
        q.type = []
        if q.errors:
            return {}
        with self.deadline():
            found = search.resolve_filters(self, q)
            if found.problem:
                return {}
            filters, where, params, _match = self._claim_filters(
                (), found.actor_ids, found.speaker_ids, found.country, q)
            conds = [probe for _, _, probe, _ in filters] + where
            rows = self._all(
                "SELECT t.type, count(*) FROM claims c JOIN articles a ON a.id = c.article_id "
                "JOIN claim_types t ON t.claim_id = c.id "
                f"{'WHERE ' + ' AND '.join(conds) if conds else ''} "
                "GROUP BY t.type ORDER BY count(*) DESC, t.type",
                [*[p for f in filters for p in f[3]], *params])
        return {t: int(n) for t, n in rows}

    def _driven_claims(self, filters: list[tuple[int, str, str, list[Any]]], where: list[str],
                       params: list[Any], lim: int, offset: int) -> list[tuple[Any, ...]]:
        """The smallest filter's claims, probed against the others, then sorted.

        Only ids and sort keys are sorted: the text of a claim is cut out of its article's
        body (substr counts characters from the start), so it is cut for the page alone.
        """
        head, head_params = [], []
        probes = filters
        if filters:
            filters = sorted(filters, key=lambda f: f[0])
            _, driver, _, driver_params = filters[0]
            probes = filters[1:]
            head, head_params = [f"c.id IN ({driver})"], driver_params
        conds = head + [p for _, _, p, _ in probes] + where
        sql = (
            f"SELECT {_CLAIM_COLS}, a.title, a.published, sp.name, NULL FROM ("
            "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
            f"{'WHERE ' + ' AND '.join(conds) if conds else ''} "
            f"ORDER BY {_ARTICLE_ORDER}, c.seq LIMIT ? OFFSET ?) page "
            "JOIN claims c ON c.id = page.id JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN actors sp ON sp.id = c.speaker_id "
            f"ORDER BY {_ARTICLE_ORDER}, c.seq"
        )
        return self._all(sql, [*head_params, *[p for f in probes for p in f[3]], *params,
                               lim, offset])

    def _walked(self, filters: list[tuple[int, str, str, list[Any]]], where: list[str],
                params: list[Any], limit: int, offset: int) -> list[tuple[Any, ...]] | None:
        """The page by walking the article list, or None when driving is cheaper.

        Walking costs the claims it passes over before the page is full; driving costs the
        smallest filter's claims. One filter's share of all claims is known from its size;
        for several, which news makes far from independent (sanctions and Syria go together,
        risk and Syria rarely), a short pilot walk measures it.
        """
        wanted = limit + offset
        smallest = min(f[0] for f in filters)
        row = self._one("SELECT max(id), (SELECT max(id) FROM articles) FROM claims")
        total, n_articles = (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)
        if not total or not n_articles:
            return None
        if len(filters) == 1 and not where:
            passed_over = wanted * total / max(smallest, 1)
        else:
            rows, complete = self._walk_claims(filters, where, params, wanted,
                                               self._PILOT_ARTICLES)
            if complete:
                return rows[offset:]
            seen = self._PILOT_ARTICLES * total / n_articles
            passed_over = wanted * seen / len(rows) if rows else float("inf")
        if passed_over >= min(smallest, self._WALK_ARTICLES * total / n_articles):
            return None
        rows, complete = self._walk_claims(filters, where, params, wanted, self._WALK_ARTICLES)
        return rows[offset:] if complete else None

    def _walk_claims(self, filters: list[tuple[int, str, str, list[Any]]], where: list[str],
                     params: list[Any], wanted: int,
                     n_articles: int) -> tuple[list[tuple[Any, ...]], bool]:
        """Up to `wanted` claims in list order, probing each against the filters, over the
        first `n_articles` articles of the list; and whether that is the whole answer (the
        page is full, or those were all the articles)."""
        conds = [probe for _, _, probe, _ in filters] + where
        bound = self._one(
            "SELECT coalesce(published, ''), id FROM articles a "
            f"ORDER BY {_ARTICLE_ORDER} LIMIT 1 OFFSET ?",
            [n_articles - 1],
        )
        bound_params: list[Any] = []
        if bound is not None:
            # The first half bounds the index range (SQLite does not range-scan on the row
            # value, and would filter all 100,000 articles); the second is exact on ties.
            conds.append("coalesce(a.published, '') >= ? "
                         "AND (coalesce(a.published, ''), a.id) >= (?, ?)")
            bound_params = [bound[0], bound[0], bound[1]]
        # CROSS JOIN: the article list (idx_articles_order) is the outer loop, so rows come
        # out in order and the walk stops at the end of the page.
        sql = (
            f"SELECT {_CLAIM_COLS}, a.title, a.published, sp.name, NULL FROM articles a "
            "CROSS JOIN claims c ON c.article_id = a.id "
            "LEFT JOIN actors sp ON sp.id = c.speaker_id "
            f"WHERE {' AND '.join(conds)} "
            f"ORDER BY {_ARTICLE_ORDER}, c.seq LIMIT ?"
        )
        rows = self._all(sql, [*[p for f in filters for p in f[3]], *params, *bound_params,
                               wanted])
        return rows, len(rows) >= wanted or bound is None

    # A walk gives up past this many articles (about 14,000 claims in the bench corpus);
    # a pilot walk, with several filters, looks at the first few hundred.
    _WALK_ARTICLES = 1500
    _PILOT_ARTICLES = 200
    # Sizes are counted up to this many, "at least this" beyond: a filter this broad would
    # cost more to drive than the whole query may take.
    _COUNT_CAP = 20000

    def _bounded_count(self, sql: str, params: Sequence[Any]) -> int:
        return self._number(f"SELECT count(*) FROM ({sql} LIMIT {self._COUNT_CAP})", params)

    def _number(self, sql: str, params: Sequence[Any]) -> int:
        """The one number a query answers (0 for none or NULL)."""
        row = self._one(sql, params)
        return int(row[0] or 0) if row else 0

    def claim_type_counts(self) -> dict[str, int]:
        # Kept as claims are written (db/kept.py), not counted here.
        return {t: n for t, n in self._all(
            "SELECT type, n FROM claim_type_counts WHERE n > 0 ORDER BY n DESC, type")}

    # Search -----------------------------------------------------------------------------

    # A query past this many seconds is stopped ("query too broad"); tests lower it.
    query_seconds = search.QUERY_SECONDS

    def deadline(self) -> AbstractContextManager[None]:
        """The block's queries on this thread's connection stop at `query_seconds`."""
        return search.deadline(self.conn, self.query_seconds, self._local)

    def search(self, text: str, limit: int | None = 50, offset: int = 0) -> SearchResult:
        """Run a query of the query language. Never raises for what a user typed: a
        malformed query, or one past its deadline, is `failed` with the messages why."""
        q = querylang.parse(text)
        return self.run_query(q, limit, offset)

    def run_query(self, q: querylang.Query, limit: int | None = 50, offset: int = 0, *,
                  claims: bool = False) -> SearchResult:
        """A parsed query (`briefing claims` builds one from its options, and asks for
        `claims` even with no claim filter)."""
        messages = list(q.messages)
        claims = claims or q.is_claim_query
        kind = "claims" if claims else "articles"
        if q.errors:
            return SearchResult(kind, terms=q.terms, messages=tuple(messages), failed=True)
        try:
            with self.deadline():
                if not claims:
                    return SearchResult("articles", terms=q.terms, messages=tuple(messages),
                                        articles=tuple(self._search_articles(q, limit, offset)))
                found = search.resolve_filters(self, q)
                if found.problem:
                    messages.append(found.problem)
                    return SearchResult("claims", terms=q.terms, messages=tuple(messages),
                                        failed=found.ambiguous)
                hits = self.claims(q.type, found.actor_ids, found.speaker_ids, found.country,
                                   limit, offset, query=q)
        except search.QueryTooBroad as exc:
            return SearchResult(kind, terms=q.terms, messages=(*messages, str(exc)), failed=True)
        return SearchResult("claims", claims=tuple(hits), terms=q.terms,
                            messages=tuple(messages))

    def _search_articles(
        self, q: querylang.Query, limit: int | None, offset: int
    ) -> list[ArticleHit]:
        where: list[str] = []
        params: list[Any] = []
        match = q.fts_match()
        if match:
            where.append("articles_fts MATCH ?")
            params.append(match)
        elif q.excluded:
            where.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(q.fts_excluded())
        _article_filters(q, where, params)
        lim = -1 if limit is None else limit
        where_sql = f"WHERE {' AND '.join(where)}" if where else ""
        if match:
            return self._ranked_articles(q, match, where_sql, params, lim, offset)
        else:
            sql = (
                f"SELECT {_ARTICLE_ROW}, 0.0, substr(a.body, 1, 160) FROM articles a {where_sql} "
                f"ORDER BY {_ARTICLE_ORDER} LIMIT ? OFFSET ?"
            )
        rows = self._all(sql, [*params, lim, offset])
        return [ArticleHit(ArticleRow(*r[:6]), r[6], r[7]) for r in rows]

    def _ranked_articles(self, q: querylang.Query, match: str, where_sql: str,
                         params: list[Any], lim: int, offset: int) -> list[ArticleHit]:
        """Articles matching words, best first. A sort keeps every column of every match
        until the LIMIT: so rank alone first (joining articles only for date or source
        filters), then the page's rows and snippets, 50 lookups by rowid."""
        if where_sql == "WHERE articles_fts MATCH ?":
            ranked = self._all(
                "SELECT rowid, bm25(articles_fts, 5.0, 1.0) FROM articles_fts WHERE "
                "articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
                [match, lim, offset],
            )
        else:
            ranked = self._all(
                "SELECT a.id, bm25(articles_fts, 5.0, 1.0) FROM articles_fts "
                f"JOIN articles a ON a.id = articles_fts.rowid {where_sql} "
                "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
                [*params, lim, offset],
            )
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        rows = {r[0]: r for r in self._all(
            f"SELECT {_ARTICLE_ROW} FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})",
            ids,
        )}
        hits = []
        for article_id, rank in ranked:
            snippet = self._one(
                "SELECT snippet(articles_fts, 1, '', '', '…', 16) FROM articles_fts "
                "WHERE articles_fts MATCH ? AND rowid = ?",
                [match, article_id],
            )
            hits.append(ArticleHit(ArticleRow(*rows[article_id]), rank,
                                   snippet[0] if snippet else ""))
        return hits

    # Export -----------------------------------------------------------------------------

    def export(self) -> Iterator[dict[str, Any]]:
        """Everything, as the JSON Lines records of the contract: articles, actors, mentions,
        claims, each by id, every field present."""
        for r in self.conn.execute(
            "SELECT id, external_id, title, source, url, published, body, sha256, pipeline "
            "FROM articles ORDER BY id"
        ):
            yield dict(zip(("type", "id", "external_id", "title", "source", "url", "published",
                            "body", "sha256", "pipeline"), ("article", *r), strict=True))
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.conn.execute(
            "SELECT actor_id, alias FROM aliases ORDER BY actor_id, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        for r in self.conn.execute("SELECT id, name, kind, country, role FROM actors ORDER BY id"):
            yield {"type": "actor", "id": r[0], "name": r[1], "kind": r[2], "country": r[3],
                   "role": r[4], "aliases": aliases.get(r[0], [])}
        for r in self.conn.execute(
            f"SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
            "ORDER BY m.id"
        ):
            yield dict(zip(("type", "id", "article_id", "actor_id", "claim_id", "start", "end",
                            "text"), ("mention", *r), strict=True))
        batch: list[tuple[Any, ...]] = []
        cursor = self.conn.execute(
            f"SELECT {_CLAIM_COLS} FROM claims c JOIN articles a ON a.id = c.article_id "
            "ORDER BY c.id"
        )
        while True:
            batch = cursor.fetchmany(500)
            if not batch:
                break
            for claim in self._claims(batch):
                yield claim_record(claim)

    # Browser indexes --------------------------------------------------------------------

    def actor_counts(self, text: str | None = None) -> dict[str, int]:
        """Mentioned actors per kind, among those whose name or alias contains `text` (as
        `actors` filters them): the counts on the kinds line of the actors index."""
        where: list[str] = ["n_mentions > 0"]
        params: list[Any] = []
        if text:
            _name_contains(text, where, params)
        rows = self._all(
            f"SELECT kind, count(*) FROM actors WHERE {' AND '.join(where)} GROUP BY kind",
            params,
        )
        return {kind: int(n) for kind, n in rows}


def _name_contains(text: str, where: list[str], params: list[Any]) -> None:
    """Actors whose name or an alias contains `text` (LIKE, with its wildcards escaped)."""
    where.append(
        "(name LIKE ? ESCAPE '\\' OR id IN (SELECT actor_id FROM aliases "
        "WHERE alias LIKE ? ESCAPE '\\'))"
    )
    like = f"%{_like_escaped(text)}%"
    params += [like, like]


def _like_escaped(text: str) -> str:
    """`text` for LIKE ... ESCAPE '\\': its wildcards matched as themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "type": "claim", "id": claim.id, "article_id": claim.article_id, "seq": claim.seq,
        "start": claim.start, "end": claim.end, "text": claim.text, "types": list(claim.types),
        "speaker_id": claim.speaker_id, "actor_ids": list(claim.actor_ids),
        "negated": claim.negated,
        "cues": [{"type": c.type, "text": c.text, "start": c.start, "end": c.end}
                 for c in claim.cues],
    }


def _type_order(t: str) -> int:
    from db.models import CLAIM_TYPES

    return CLAIM_TYPES.index(t) if t in CLAIM_TYPES else len(CLAIM_TYPES)


def _article_filters(q: querylang.Query, where: list[str], params: list[Any]) -> None:
    if q.source:
        # The name's own % and _ are letters, not wildcards (`source:%` matched everything).
        where.append("(" + " OR ".join("a.source LIKE ? ESCAPE '\\'" for _ in q.source) + ")")
        params += [f"%{_like_escaped(s)}%" for s in q.source]
    if q.since:
        where.append("a.published >= ?")
        params.append(q.since)
    if q.until:
        where.append("a.published < date(?, '+1 day')")
        params.append(q.until)
