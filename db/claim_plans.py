"""The claims list's planner: which claims pass the filters, and how to find them fast.

Each filter (types, actors, speakers, country, the query's words) is a `ClaimFilter`: its
estimated size, a SELECT of its claim ids that can drive the query, and a condition that
probes one claim. The planner walks the article list or drives by the smallest filter,
whichever costs less (`ClaimPlanner.claims`). `Store.claims` and `Store.search` use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db import query as querylang
from db import search
from db.claim_models import ClaimHit
from db.rows import ARTICLE_ORDER, CLAIM_COLS, IN_CLAIM, claims_of_rows

if TYPE_CHECKING:
    from db.store import Store

Row = tuple[Any, ...]


@dataclass(frozen=True)
class ClaimFilter:
    """One filter of the claims list, in the two forms a plan may use it."""

    estimate: int  # how many claims it matches (bounded: see ClaimPlanner.COUNT_CAP)
    driver: str  # SELECT of the ids of the claims it matches
    probe: str  # a condition on one claim `c` (with `articles a` joined)
    params: tuple[Any, ...]  # for either form
    bounded: bool = False  # `estimate` counted up to COUNT_CAP only: "at least" when there


@dataclass(frozen=True)
class ClaimConditions:
    """Everything that narrows one claims list."""

    filters: tuple[ClaimFilter, ...]
    where: tuple[str, ...]  # conditions on the article (`a`) or on the claim's words
    params: tuple[Any, ...]  # of `where`
    match: str | None  # the FTS5 match of the query's words, which rank the page

    def probe_params(self) -> list[Any]:
        return [p for f in self.filters for p in f.params]


class ClaimPlanner:
    """The claims of one store that pass a set of filters, by the cheaper of two plans."""

    # A walk gives up past this many articles (about 14,000 claims in the bench corpus);
    # a pilot walk, with several filters, looks at the first few hundred.
    WALK_ARTICLES = 1500
    PILOT_ARTICLES = 200
    # Sizes are counted up to this many, "at least this" beyond: a filter this broad would
    # cost more to drive than the whole query may take.
    COUNT_CAP = 20000

    def __init__(self, store: Store) -> None:
        self.store = store

    def claims(
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
        that match every filter (see `walked`). Each costs a few microseconds a claim, so the
        smaller of the two wins: `type:event` walks (a third of all claims match),
        `country:CAN` drives, and `type:risk country:SYR`, whose filters are broad but rarely
        meet, drives by its rarer filter instead of walking far in vain.
        """
        cond = self.conditions(types, actor_ids, speaker_ids, country, query)
        lim = -1 if limit is None else limit
        rows: list[Row] | None = None
        if cond.filters and limit is not None:
            rows = self.walked(cond, limit, offset)
        if rows is None:
            rows = self.driven(cond, lim, offset)
        ranks: dict[int, float] = {}
        if cond.match and rows:
            # bm25 for the page only: however the page was found, its words rank it.
            # FTS5 runs the query again for each value of `rowid IN`, each time counting the
            # matches for bm25's idf (0.6 ms); `+rowid` makes it one pass, narrowed to the
            # page's range of ids.
            ids = [r[0] for r in rows]
            ranks = dict(self.store._all(
                "SELECT rowid, bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ? "
                f"AND rowid BETWEEN ? AND ? AND +rowid IN ({','.join('?' * len(ids))})",
                [cond.match, min(ids), max(ids), *ids]))
        claims = claims_of_rows(self.store.conn, [r[:8] for r in rows])
        return [
            ClaimHit(claim, r[8], r[9], r[10], ranks.get(r[0]))
            for claim, r in zip(claims, rows, strict=True)
        ]

    def conditions(
        self,
        types: Sequence[str],
        actor_ids: Sequence[int],
        speaker_ids: Sequence[int],
        country: str | None,
        query: querylang.Query | None,
    ) -> ClaimConditions:
        """The claim filters, the article conditions and the FTS5 match of the words."""
        number = self.store._number
        filters: list[ClaimFilter] = []
        if types:
            marks = ",".join("?" * len(types))
            filters.append(ClaimFilter(
                number(f"SELECT sum(n) FROM claim_type_counts WHERE type IN ({marks})",
                       list(types)),
                f"SELECT claim_id FROM claim_types WHERE type IN ({marks})",
                f"EXISTS (SELECT 1 FROM claim_types t WHERE t.claim_id = c.id AND t.type IN "
                f"({marks}))",
                tuple(types),
            ))
        if actor_ids:
            marks = ",".join("?" * len(actor_ids))
            filters.append(ClaimFilter(
                number(f"SELECT sum(n_mentions) FROM actors WHERE id IN ({marks})",
                       list(actor_ids)),
                f"SELECT claim_id FROM mentions WHERE actor_id IN ({marks})",
                # actor_id first: one seek of idx_mentions_actor_id_article_id_start per id.
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id IN ({marks}) "
                f"AND {IN_CLAIM})",
                tuple(actor_ids),
            ))
        if speaker_ids:
            marks = ",".join("?" * len(speaker_ids))
            filters.append(ClaimFilter(
                self._bounded_count(f"SELECT 1 FROM claims WHERE speaker_id IN ({marks})",
                                    list(speaker_ids)),
                f"SELECT id FROM claims WHERE speaker_id IN ({marks})",
                f"c.speaker_id IN ({marks})",
                tuple(speaker_ids),
                bounded=True,
            ))
        if country:
            filters.append(ClaimFilter(
                number("SELECT sum(n_mentions) FROM actors WHERE country = ?",
                       [country.upper()]),
                "SELECT claim_id FROM mentions WHERE actor_id IN "
                "(SELECT id FROM actors WHERE country = ?)",
                # One key lookup in the countries kept per claim (m006).
                "EXISTS (SELECT 1 FROM claim_countries cc WHERE cc.claim_id = c.id "
                "AND cc.country = ?)",
                (country.upper(),),
            ))
        match = query.fts_match() if query is not None else None
        if match:
            filters.append(ClaimFilter(
                self._bounded_count("SELECT 1 FROM claims_fts WHERE claims_fts MATCH ?",
                                    [match]),
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?",
                "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)",
                (match,),
                bounded=True,
            ))
        where: list[str] = []
        params: list[Any] = []
        if query is not None:
            if not match and query.excluded:
                where.append("c.id NOT IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(query.fts_excluded())
            search.article_filters(query, where, params)
        return ClaimConditions(tuple(filters), tuple(where), tuple(params), match)

    def type_counts(self, q: querylang.Query, found: search.ClaimFilters) -> dict[str, int]:
        """Claims per type among those the query's other filters pass (its `type:` is not
        applied: the caller clears it)."""
        cond = self.conditions((), found.actor_ids, found.speaker_ids, found.country, q)
        conds = [f.probe for f in cond.filters] + list(cond.where)
        rows = self.store._all(
            "SELECT t.type, count(*) FROM claims c JOIN articles a ON a.id = c.article_id "
            "JOIN claim_types t ON t.claim_id = c.id "
            f"{'WHERE ' + ' AND '.join(conds) if conds else ''} "
            "GROUP BY t.type ORDER BY count(*) DESC, t.type",
            [*cond.probe_params(), *cond.params])
        return {t: int(n) for t, n in rows}

    def driven(self, cond: ClaimConditions, lim: int, offset: int) -> list[Row]:
        """The smallest filter's claims, probed against the others, then sorted.

        Only ids and sort keys are sorted: the text of a claim is cut out of its article's
        body (substr counts characters from the start), so it is cut for the page alone.
        """
        head: list[str] = []
        head_params: tuple[Any, ...] = ()
        probes: Sequence[ClaimFilter] = cond.filters
        if cond.filters:
            ordered = sorted(cond.filters, key=lambda f: f.estimate)
            probes = ordered[1:]
            head, head_params = [f"c.id IN ({ordered[0].driver})"], ordered[0].params
        conds = head + [f.probe for f in probes] + list(cond.where)
        sql = (
            f"SELECT {CLAIM_COLS}, a.title, a.published, sp.name, NULL FROM ("
            "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
            f"{'WHERE ' + ' AND '.join(conds) if conds else ''} "
            f"ORDER BY {ARTICLE_ORDER}, c.seq LIMIT ? OFFSET ?) page "
            "JOIN claims c ON c.id = page.id JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN actors sp ON sp.id = c.speaker_id "
            f"ORDER BY {ARTICLE_ORDER}, c.seq"
        )
        return self.store._all(sql, [*head_params, *[p for f in probes for p in f.params],
                                     *cond.params, lim, offset])

    def walked(self, cond: ClaimConditions, limit: int, offset: int) -> list[Row] | None:
        """The page by walking the article list, or None when driving is cheaper.

        Walking costs the claims it passes over before the page is full; driving costs the
        smallest filter's claims. One filter's share of all claims is known from its size;
        for several, which news makes far from independent (sanctions and Syria go together,
        risk and Syria rarely), a short pilot walk measures it.
        """
        wanted = limit + offset
        smallest = min(f.estimate for f in cond.filters)
        row = self.store._one("SELECT max(id), (SELECT max(id) FROM articles) FROM claims")
        total, n_articles = (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)
        if not total or not n_articles:
            return None
        # A size counted only up to COUNT_CAP says nothing of the share: Tobias Ellwood speaks
        # 2.4 million claims of 9.5 million at a million articles, and taking 20,000 for his
        # size had the planner drive through all of them (4.7 s) for a page a short walk
        # fills. So a capped filter is measured by the pilot walk, as several filters are.
        only = cond.filters[0]
        if len(cond.filters) == 1 and not cond.where and not (
                only.bounded and only.estimate >= self.COUNT_CAP):
            passed_over = wanted * total / max(smallest, 1)
        else:
            rows, complete = self.walk(cond, wanted, self.PILOT_ARTICLES)
            if complete:
                return rows[offset:]
            seen = self.PILOT_ARTICLES * total / n_articles
            passed_over = wanted * seen / len(rows) if rows else float("inf")
        if passed_over >= min(smallest, self.WALK_ARTICLES * total / n_articles):
            return None
        rows, complete = self.walk(cond, wanted, self.WALK_ARTICLES)
        return rows[offset:] if complete else None

    def walk(self, cond: ClaimConditions, wanted: int,
             n_articles: int) -> tuple[list[Row], bool]:
        """Up to `wanted` claims in list order, probing each against the filters, over the
        first `n_articles` articles of the list; and whether that is the whole answer (the
        page is full, or those were all the articles)."""
        conds = [f.probe for f in cond.filters] + list(cond.where)
        bound = self.store._one(
            "SELECT coalesce(published, ''), id FROM articles a "
            f"ORDER BY {ARTICLE_ORDER} LIMIT 1 OFFSET ?",
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
            f"SELECT {CLAIM_COLS}, a.title, a.published, sp.name, NULL FROM articles a "
            "CROSS JOIN claims c ON c.article_id = a.id "
            "LEFT JOIN actors sp ON sp.id = c.speaker_id "
            f"WHERE {' AND '.join(conds)} "
            f"ORDER BY {ARTICLE_ORDER}, c.seq LIMIT ?"
        )
        rows = self.store._all(sql, [*cond.probe_params(), *cond.params, *bound_params,
                                     wanted])
        return rows, len(rows) >= wanted or bound is None

    def _bounded_count(self, sql: str, params: Sequence[Any]) -> int:
        return self.store._number(f"SELECT count(*) FROM ({sql} LIMIT {self.COUNT_CAP})",
                                  params)
