"""The read API: queries over a briefing database that return frozen dataclasses.

A Store opens the database read-only and never changes it. It is safe to use from the
browser's thread workers: each thread gets its own connection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from db import query as querylang
from db.models import (
    Actor, ActorStats, Article, ArticleHit, ArticleRow, Claim, ClaimHit, Cue, Mention,
    MentionInContext, SearchResult,
)
from db.database import open_read

_ARTICLE_ROW = "a.id, a.title, a.source, a.published, a.n_actors, a.url"
# Newest first; articles without a date last.
_ARTICLE_ORDER = "coalesce(a.published, '') DESC, a.id DESC"


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

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn, _ = open_read(self.path)
            self._local.conn = conn
        return conn

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
        return row

    # Articles ---------------------------------------------------------------------------

    def article_count(self) -> int:
        row = self._one("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    def articles(self, offset: int = 0, limit: int = 200) -> list[ArticleRow]:
        """One page of the article list, newest first."""
        rows = self._all(
            f"SELECT {_ARTICLE_ROW} FROM articles a ORDER BY {_ARTICLE_ORDER} LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return [ArticleRow(*r) for r in rows]

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

    def article_mentions(self, article_id: int) -> list[Mention]:
        rows = self._all(
            'SELECT id, article_id, actor_id, claim_id, start, "end", text FROM mentions '
            "WHERE article_id = ? ORDER BY start",
            [article_id],
        )
        return [Mention(*r) for r in rows]

    def article_claims(self, article_id: int) -> list[Claim]:
        rows = self._all(
            'SELECT id, article_id, seq, start, "end", text, speaker_id, negated FROM claims '
            "WHERE article_id = ? ORDER BY seq",
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
        return {r[0]: Actor(*r, aliases=tuple(aliases.get(r[0], ()))) for r in rows}

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
            where.append(
                "(name LIKE ? ESCAPE '\\' OR id IN (SELECT actor_id FROM aliases "
                "WHERE alias LIKE ? ESCAPE '\\'))"
            )
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [like, like]
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

    def resolve_actor(self, name: str, kind: str | None = None) -> Actor | None:
        """The one actor named `name`; None when there is none; AmbiguousActor when several."""
        actors = self.find_actors(name, kind)
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
        if len(value) == 3 and value.isalpha():
            if self._one("SELECT 1 FROM actors WHERE country = ? LIMIT 1", [value.upper()]):
                return value.upper()
        for actor in self.find_actors(value, kind="country"):
            if actor.country:
                return actor.country
        return value.upper() if len(value) == 3 and value.isalpha() else None

    # Mentions ---------------------------------------------------------------------------

    def mentions_of(
        self, actor_id: int, limit: int | None = None, offset: int = 0
    ) -> list[MentionInContext]:
        """Every mention of an actor with its sentence, newest article first (a concordance)."""
        rows = self._all(
            'SELECT m.id, m.article_id, m.actor_id, m.claim_id, m.start, m."end", m.text, '
            'c.text, c.start, a.title, a.published FROM mentions m '
            "JOIN articles a ON a.id = m.article_id LEFT JOIN claims c ON c.id = m.claim_id "
            f"WHERE m.actor_id = ? ORDER BY {_ARTICLE_ORDER}, m.start LIMIT ? OFFSET ?",
            [actor_id, -1 if limit is None else limit, offset],
        )
        return [
            MentionInContext(Mention(*r[:7]), r[7] or r[6], r[8] if r[8] is not None else r[4],
                             r[9], r[10])
            for r in rows
        ]

    def next_mention(self, actor_id: int, after: Mention | None, step: int = 1) -> Mention | None:
        """The next (step=1) or previous (-1) mention of an actor in reading order: within
        the article, then on into the next or previous article of the list."""
        if after is None:
            order = "ASC" if step > 0 else "DESC"
            row = self._one(
                'SELECT m.id, m.article_id, m.actor_id, m.claim_id, m.start, m."end", m.text '
                f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? "
                f"ORDER BY coalesce(a.published,'') {'DESC' if step > 0 else 'ASC'}, "
                f"a.id {'DESC' if step > 0 else 'ASC'}, m.start {order} LIMIT 1",
                [actor_id],
            )
            return Mention(*row) if row else None
        cmp, order = (">", "ASC") if step > 0 else ("<", "DESC")
        row = self._one(
            'SELECT id, article_id, actor_id, claim_id, start, "end", text FROM mentions '
            f"WHERE actor_id = ? AND article_id = ? AND start {cmp} ? ORDER BY start {order} "
            "LIMIT 1",
            [actor_id, after.article_id, after.start],
        )
        if row:
            return Mention(*row)
        article_id = self.neighbour_article_with(actor_id, after.article_id, step)
        if article_id is None:
            return None
        row = self._one(
            'SELECT id, article_id, actor_id, claim_id, start, "end", text FROM mentions '
            f"WHERE actor_id = ? AND article_id = ? ORDER BY start {order} LIMIT 1",
            [actor_id, article_id],
        )
        return Mention(*row) if row else None

    def neighbour_article_with(self, actor_id: int, article_id: int, step: int) -> int | None:
        """The next/previous article in list order that mentions the actor."""
        row = self._one("SELECT coalesce(published, ''), id FROM articles WHERE id = ?",
                        [article_id])
        if row is None:
            return None
        cmp = "<" if step > 0 else ">"
        order = "DESC" if step > 0 else "ASC"
        found = self._one(
            "SELECT a.id FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?) "
            f"AND (coalesce(a.published,''), a.id) {cmp} (?, ?) "
            f"ORDER BY coalesce(a.published,'') {order}, a.id {order} LIMIT 1",
            [actor_id, *row],
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
            "JOIN mentions m2 ON m2.claim_id = m1.claim_id AND m2.actor_id != m1.actor_id "
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
            f"SELECT claim_id, type, cue, cue_start, cue_end FROM claim_types "
            f"WHERE claim_id IN ({marks})",
            ids,
        ):
            types.setdefault(claim_id, []).append(ctype)
            if cue is not None:
                cues.setdefault(claim_id, []).append(Cue(ctype, cue, cs, ce))
        actors: dict[int, list[int]] = {}
        for claim_id, actor_id in self._all(
            f"SELECT claim_id, actor_id FROM mentions WHERE claim_id IN ({marks}) "
            "GROUP BY claim_id, actor_id ORDER BY claim_id, min(start)",
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
        """Claims filtered by type (any of), actors, speakers and country, grouped by article."""
        where: list[str] = []
        params: list[Any] = []
        if types:
            where.append(
                f"c.id IN (SELECT claim_id FROM claim_types WHERE type IN "
                f"({','.join('?' * len(types))}))"
            )
            params += list(types)
        if actor_ids:
            where.append(
                f"c.id IN (SELECT claim_id FROM mentions WHERE actor_id IN "
                f"({','.join('?' * len(actor_ids))}))"
            )
            params += list(actor_ids)
        if speaker_ids:
            where.append(f"c.speaker_id IN ({','.join('?' * len(speaker_ids))})")
            params += list(speaker_ids)
        if country:
            where.append(
                "c.id IN (SELECT m.claim_id FROM mentions m JOIN actors ac ON ac.id = m.actor_id "
                "WHERE ac.country = ?)"
            )
            params.append(country.upper())
        rank = "NULL"
        join = ""
        if query is not None:
            match = query.fts_match()
            if match:
                join = "JOIN claims_fts f ON f.rowid = c.id"
                where.append("claims_fts MATCH ?")
                params.append(match)
                rank = "bm25(claims_fts)"
            elif query.excluded:
                where.append("c.id NOT IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(query.fts_excluded())
            _article_filters(query, where, params)
        sql = (
            'SELECT c.id, c.article_id, c.seq, c.start, c."end", c.text, c.speaker_id, c.negated, '
            f"a.title, a.published, sp.name, {rank} FROM claims c {join} "
            "JOIN articles a ON a.id = c.article_id LEFT JOIN actors sp ON sp.id = c.speaker_id "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} "
            f"ORDER BY {_ARTICLE_ORDER}, c.seq LIMIT ? OFFSET ?"
        )
        rows = self._all(sql, [*params, -1 if limit is None else limit, offset])
        claims = self._claims([r[:8] for r in rows])
        return [
            ClaimHit(claim, r[8], r[9], r[10], r[11]) for claim, r in zip(claims, rows, strict=True)
        ]

    def claim_type_counts(self) -> dict[str, int]:
        return {t: n for t, n in self._all(
            "SELECT type, count(*) FROM claim_types GROUP BY type ORDER BY count(*) DESC")}

    # Search -----------------------------------------------------------------------------

    def search(self, text: str, limit: int | None = 50, offset: int = 0) -> SearchResult:
        """Run a query of the query language. Never raises for what a user typed."""
        q = querylang.parse(text)
        messages = list(q.messages)
        if q.is_claim_query:
            actor_ids: list[int] = []
            for field_name, kind in (("actor", None), ("official", "person")):
                for name in getattr(q, field_name):
                    found = self.find_actors(name, kind)
                    if not found:
                        messages.append(f"no {field_name} named '{name}'")
                        return SearchResult("claims", terms=q.terms, messages=tuple(messages))
                    actor_ids += [a.id for a in found]
            speaker_ids: list[int] = []
            for name in q.speaker:
                found = self.find_actors(name)
                if not found:
                    messages.append(f"no speaker named '{name}'")
                    return SearchResult("claims", terms=q.terms, messages=tuple(messages))
                for actor in found:
                    speaker_ids.append(actor.id)
                    if actor.kind == "country" and actor.country:
                        speaker_ids += [r[0] for r in self._all(
                            "SELECT id FROM actors WHERE country = ? AND kind != 'country'",
                            [actor.country])]
            country = None
            for value in q.country:
                country = self.country_code(value)
                if country is None:
                    messages.append(f"no country named '{value}'")
                    return SearchResult("claims", terms=q.terms, messages=tuple(messages))
            hits = self.claims(q.type, actor_ids, speaker_ids, country, limit, offset, query=q)
            return SearchResult("claims", claims=tuple(hits), terms=q.terms,
                                messages=tuple(messages))
        return SearchResult("articles", articles=tuple(self._search_articles(q, limit, offset)),
                            terms=q.terms, messages=tuple(messages))

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
            sql = (
                f"SELECT {_ARTICLE_ROW}, bm25(articles_fts, 5.0, 1.0), "
                "snippet(articles_fts, 1, '', '', '…', 16) FROM articles_fts "
                f"JOIN articles a ON a.id = articles_fts.rowid {where_sql} "
                "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?"
            )
        else:
            sql = (
                f"SELECT {_ARTICLE_ROW}, 0.0, substr(a.body, 1, 160) FROM articles a {where_sql} "
                f"ORDER BY {_ARTICLE_ORDER} LIMIT ? OFFSET ?"
            )
        rows = self._all(sql, [*params, lim, offset])
        return [ArticleHit(ArticleRow(*r[:6]), r[6], r[7]) for r in rows]

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
            'SELECT id, article_id, actor_id, claim_id, start, "end", text FROM mentions '
            "ORDER BY id"
        ):
            yield dict(zip(("type", "id", "article_id", "actor_id", "claim_id", "start", "end",
                            "text"), ("mention", *r), strict=True))
        batch: list[tuple[Any, ...]] = []
        cursor = self.conn.execute(
            'SELECT id, article_id, seq, start, "end", text, speaker_id, negated FROM claims '
            "ORDER BY id"
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
        where, params = ["n_mentions > 0"], []
        if text:
            where.append(
                "(name LIKE ? ESCAPE '\\' OR id IN (SELECT actor_id FROM aliases "
                "WHERE alias LIKE ? ESCAPE '\\'))"
            )
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [like, like]
        rows = self._all(
            f"SELECT kind, count(*) FROM actors WHERE {' AND '.join(where)} GROUP BY kind",
            params,
        )
        return {kind: int(n) for kind, n in rows}

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
        where.append("(" + " OR ".join("a.source LIKE ?" for _ in q.source) + ")")
        params += [f"%{s}%" for s in q.source]
    if q.since:
        where.append("a.published >= ?")
        params.append(q.since)
    if q.until:
        where.append("a.published < date(?, '+1 day')")
        params.append(q.until)
