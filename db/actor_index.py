"""The actors index: actors by kind, country and a part of their name or alias, with their
counts over the corpus (the `actors` command and the browser's actors view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.actor_models import ActorStats
from db.rows import like_escaped

if TYPE_CHECKING:
    from db.store import Store


def actors(
    store: Store,
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
    rows = store._all(sql, [*params, -1 if limit is None else limit, offset])
    by_id = store.actors_by_id([r[0] for r in rows])
    return [ActorStats(by_id[r[0]], r[1], r[2]) for r in rows]


def actor_counts(store: Store, text: str | None = None) -> dict[str, int]:
    """Mentioned actors per kind, among those whose name or alias contains `text` (as
    `actors` filters them): the counts on the kinds line of the actors index."""
    where: list[str] = ["n_mentions > 0"]
    params: list[Any] = []
    if text:
        _name_contains(text, where, params)
    rows = store._all(
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
    like = f"%{like_escaped(text)}%"
    params += [like, like]
