"""The read API: queries over a briefing database that return frozen dataclasses.

A Store opens the database read-only and never changes it. It is safe to use from the
browser's thread workers: each thread gets its own connection.

`Store` is the one entry point of the read path; it delegates to modules named for what they
hold: the claims planner (db/claim_plans.py), article search (db/article_search.py), the walk
through an actor's mentions (db/mention_walk.py), unread articles (db/unread.py), the actors
index (db/actor_index.py), the export (db/records.py), subscriptions (db/feeds.py) and the SQL
they share (db/rows.py).

Those modules, and the actor and claim records, are imported by the methods that use them:
`briefing search` needs none of them, and each costs its start a millisecond or two (`make
bench`, read commands' start-up).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db import feeds as feedsdb
from db import query as querylang
from db import records, search
from db.article_search import search_articles
from db.database import MAPPED_CONNECTIONS, open_read
from db.models import Article, ArticleRow, SearchResult
from db.rows import (
    ARTICLE_ORDER,
    ARTICLE_ROW,
    CLAIM_COLS,
    MENTION_COLS,
    claims_of_rows,
)

if TYPE_CHECKING:  # db.reading is imported by the reader's calls alone, not the CLI's start
    from db.actor_models import Actor, ActorStats, Mention, MentionInContext
    from db.changes import ChangeWatch
    from db.claim_models import Claim, ClaimHit
    from db.reading import Reading


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

    def change_watch(self) -> ChangeWatch:
        from db.changes import ChangeWatch
        return ChangeWatch(self.conn)  # db/changes.py; made on the thread that made the store

    def articles(self, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        """One page of the article list, newest first."""
        rows = self._all(
            f"SELECT {ARTICLE_ROW} FROM articles a ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return [ArticleRow(*r) for r in rows]

    # Unread: the read ids are the user's (never in this database): db/unread.py.

    def unread_articles(self, read: Sequence[int], offset: int = 0,
                        limit: int = 200) -> tuple[list[ArticleRow], int]:
        """One page of the articles not in `read`, in list order, and how many there are."""
        from db import unread
        return unread.unread_articles(self, read, offset, limit)

    def next_unread(self, article_id: int, read: Sequence[int]) -> int | None:
        """The next article down the list (older) that is not in `read`; from the top when
        `article_id` is the last."""
        from db import unread
        return unread.next_unread(self, article_id, read)

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
                   f"ORDER BY {ARTICLE_ORDER} LIMIT 1")
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
            f"SELECT {MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.article_id = ? ORDER BY m.start",
            [article_id],
        )
        from db.actor_models import Mention
        return [Mention(*r) for r in rows]

    def article_claims(self, article_id: int) -> list[Claim]:
        rows = self._all(
            f"SELECT {CLAIM_COLS} FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.article_id = ? ORDER BY c.seq",
            [article_id],
        )
        return claims_of_rows(self.conn, rows)

    def article_actors(self, article_id: int) -> list[ActorStats]:
        """The actors of one article, most mentioned first, with their counts in it."""
        rows = self._all(
            "SELECT actor_id, count(*) FROM mentions WHERE article_id = ? GROUP BY actor_id "
            "ORDER BY count(*) DESC, min(start)",
            [article_id],
        )
        actors = self.actors_by_id([r[0] for r in rows])
        from db.actor_models import ActorStats
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
        from db.actor_models import Actor
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
        from db import actor_index
        return actor_index.actors(self, kind, country, text, limit, offset)

    def actor_stats(self, actor_id: int) -> ActorStats | None:
        row = self._one("SELECT n_mentions, n_articles FROM actors WHERE id = ?", [actor_id])
        actor = self.actor(actor_id)
        from db.actor_models import ActorStats
        return ActorStats(actor, row[0], row[1]) if actor and row else None

    # Finding actors by name: db/actor_index.py.

    def find_actors(self, name: str, kind: str | None = None) -> list[Actor]:
        """Actors whose id, name or alias is `name` (case-insensitive)."""
        from db import actor_index
        return actor_index.find_actors(self, name, kind)

    def people_by_surname(self, name: str) -> list[Actor]:
        """People whose name ends with the one word `name` ("Macron": "Emmanuel Macron")."""
        from db import actor_index
        return actor_index.people_by_surname(self, name)

    def resolve_actor(self, name: str, kind: str | None = None) -> Actor | None:
        """The one actor named `name` (or, when none is, the one person of that surname);
        None when there is none; AmbiguousActor when several."""
        from db import actor_index
        return actor_index.resolve_actor(self, name, kind)

    def country_code(self, value: str) -> str | None:
        """ISO 3166-1 alpha-3 from a code or any name or alias of a country actor."""
        from db import actor_index
        return actor_index.country_code(self, value)

    # Mentions ---------------------------------------------------------------------------

    def mentions_of(
        self, actor_id: int, limit: int | None = None, offset: int = 0
    ) -> list[MentionInContext]:
        """Every mention of an actor with its sentence, newest article first (a concordance;
        the cheaper of two plans, db/concordance.py)."""
        from db.actor_models import Mention, MentionInContext
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
        from db.mention_walk import MentionWalk
        return MentionWalk(self).next(actor_id, after, step)

    def neighbour_article_with(self, actor_id: int, article_id: int, step: int) -> int | None:
        """The next/previous article in list order that mentions the actor."""
        from db.mention_walk import MentionWalk
        return MentionWalk(self).neighbour_article(actor_id, article_id, step)

    def mention_position(self, mention: Mention) -> tuple[int, int]:
        """(n, total): this is mention n of total for its actor, in reading order."""
        from db.mention_walk import MentionWalk
        return MentionWalk(self).position(mention)


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
        from db.actor_models import ActorStats
        return [ActorStats(by_id[r[0]], r[1], r[2]) for r in rows if r[0] in by_id]

    def actor_articles(self, actor_id: int, limit: int = 200) -> list[ArticleRow]:
        rows = self._all(
            f"SELECT {ARTICLE_ROW} FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?) "
            f"ORDER BY {ARTICLE_ORDER} LIMIT ?",
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
        """Claims filtered by type (any of), actors, speakers and country, grouped by article
        (the plans: db/claim_plans.py); QueryTooBroad past the deadline."""
        from db.claim_plans import ClaimPlanner
        with self.deadline():
            return ClaimPlanner(self).claims(types, actor_ids, speaker_ids, country, limit,
                                             offset, query)

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
            from db.claim_plans import ClaimPlanner
            return ClaimPlanner(self).type_counts(q, found)

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

    def search(self, text: str, limit: int | None = 50, offset: int = 0, *,
               claims: bool = False, types: Collection[str] = ()) -> SearchResult:
        """Run a query of the query language. Never raises for what a user typed: a
        malformed query, or one past its deadline, is `failed` with the messages why.

        `claims` lists claims even for a query without a claim filter (the claims view);
        `types` (its picked types) narrows them: ANDed with the query's own `type:`."""
        q = querylang.parse(text)
        if types and not q.errors:
            narrowed = sorted(set(types) & set(q.type)) if q.type else sorted(types)
            if not narrowed:
                return SearchResult("claims", terms=q.terms, messages=(
                    "no claim type is both in the query and among the picked types",))
            q.type = narrowed
        return self.run_query(q, limit, offset, claims=claims or bool(types))

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
                                        articles=tuple(search_articles(self, q, limit, offset)))
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

    # Export and subscriptions -----------------------------------------------------------

    def export(self) -> Iterator[dict[str, Any]]:
        """Everything, as the JSON Lines records of the contract (db/records.py)."""
        return records.export(self.conn)

    def feeds(self, read: Sequence[int] = ()) -> list[feedsdb.Feed]:
        return feedsdb.feeds(self.conn, read)  # db/feeds.py

    # Browser indexes --------------------------------------------------------------------

    def actor_counts(self, text: str | None = None) -> dict[str, int]:
        """Mentioned actors per kind, among those whose name or alias contains `text` (as
        `actors` filters them): the counts on the kinds line of the actors index."""
        from db import actor_index
        return actor_index.actor_counts(self, text)
