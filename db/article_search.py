"""Articles that match a query of the query language: ranked by bm25 when it has words, in
list order when it has only filters. `Store.search` runs it for a query without claim filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db import query as querylang
from db.models import ArticleHit, ArticleRow
from db.rows import ARTICLE_ORDER, ARTICLE_ROW
from db.search import article_filters

if TYPE_CHECKING:
    from db.store import Store


def search_articles(store: Store, q: querylang.Query, limit: int | None,
                    offset: int) -> list[ArticleHit]:
    where: list[str] = []
    params: list[Any] = []
    match = q.fts_match()
    if match:
        where.append("articles_fts MATCH ?")
        params.append(match)
    elif q.excluded:
        where.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(q.fts_excluded())
    article_filters(q, where, params)
    lim = -1 if limit is None else limit
    where_sql = f"WHERE {' AND '.join(where)}" if where else ""
    if match:
        return _ranked_articles(store, match, where_sql, params, lim, offset)
    sql = (
        f"SELECT {ARTICLE_ROW}, 0.0, substr(a.body, 1, 160) FROM articles a {where_sql} "
        f"ORDER BY {ARTICLE_ORDER} LIMIT ? OFFSET ?"
    )
    rows = store._all(sql, [*params, lim, offset])
    return [ArticleHit(ArticleRow(*r[:6]), r[6], r[7]) for r in rows]


def _ranked_articles(store: Store, match: str, where_sql: str, params: list[Any], lim: int,
                     offset: int) -> list[ArticleHit]:
    """Articles matching words, best first. A sort keeps every column of every match
    until the LIMIT: so rank alone first (joining articles only for date or source
    filters), then the page's rows and snippets, 50 lookups by rowid."""
    if where_sql == "WHERE articles_fts MATCH ?":
        ranked = store._all(
            "SELECT rowid, bm25(articles_fts, 5.0, 1.0) FROM articles_fts WHERE "
            "articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
            [match, lim, offset],
        )
    else:
        ranked = store._all(
            "SELECT a.id, bm25(articles_fts, 5.0, 1.0) FROM articles_fts "
            f"JOIN articles a ON a.id = articles_fts.rowid {where_sql} "
            "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
            [*params, lim, offset],
        )
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    rows = {r[0]: r for r in store._all(
        f"SELECT {ARTICLE_ROW} FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})",
        ids,
    )}
    hits = []
    for article_id, rank in ranked:
        snippet = store._one(
            "SELECT snippet(articles_fts, 1, '', '', '…', 16) FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid = ?",
            [match, article_id],
        )
        hits.append(ArticleHit(ArticleRow(*rows[article_id]), rank,
                               snippet[0] if snippet else ""))
    return hits
