"""The actors index: actors by kind, country and a part of their name or alias, with their
counts over the corpus (the `actors` command and the browser's actors view); and actors
found by a name (an id, a name or alias, a surname), for the commands and the filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.actor_models import Actor, ActorStats
from db.models import AmbiguousActor
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


# Finding actors by name (`official:Macron`, `briefing mentions Macron`, `--actor`).

def find_actors(store: Store, name: str, kind: str | None = None) -> list[Actor]:
    """Actors whose id, name or alias is `name` (case-insensitive)."""
    name = name.strip()
    if name.isdigit():
        actor = store.actor(int(name))
        return [actor] if actor and (kind is None or actor.kind == kind) else []
    rows = store._all(
        "SELECT DISTINCT id FROM actors WHERE name = ? COLLATE NOCASE UNION "
        "SELECT DISTINCT actor_id FROM aliases WHERE alias = ? COLLATE NOCASE",
        [name, name],
    )
    found = store.actors_by_id([r[0] for r in rows])
    actors = [a for a in found.values() if kind is None or a.kind == kind]
    return sorted(actors, key=lambda a: a.id)


def people_by_surname(store: Store, name: str) -> list[Actor]:
    """People whose name ends with the one word `name` ("Macron": "Emmanuel Macron"),
    for a search by surname that names no actor or alias exactly."""
    word = name.strip()
    if not word or " " in word or word.isdigit():
        return []
    rows = store._all("SELECT id FROM actors WHERE kind = 'person' AND name LIKE ? "
                      "ESCAPE '\\' AND n_mentions > 0", ["% " + like_escaped(word)])
    found = store.actors_by_id([r[0] for r in rows])
    return sorted(found.values(), key=lambda a: a.id)


def resolve_actor(store: Store, name: str, kind: str | None = None) -> Actor | None:
    """The one actor named `name` (or, when none is, the one person of that surname);
    None when there is none; AmbiguousActor when several."""
    actors = find_actors(store, name, kind)
    if not actors and kind in (None, "person"):
        actors = people_by_surname(store, name)
        if len(actors) > 1:
            raise AmbiguousActor(name, actors)
    if len(actors) > 1:
        # An exact canonical name wins over aliases shared by several actors.
        exact = [a for a in actors if a.name.casefold() == name.strip().casefold()]
        if len(exact) == 1:
            return exact[0]
        raise AmbiguousActor(name, actors)
    return actors[0] if actors else None


def country_code(store: Store, value: str) -> str | None:
    """ISO 3166-1 alpha-3 from a code or any name or alias of a country actor."""
    value = value.strip()
    if len(value) == 3 and value.isalpha() and store._one(
        "SELECT 1 FROM actors WHERE country = ? LIMIT 1", [value.upper()]
    ):
        return value.upper()
    for actor in find_actors(store, value, kind="country"):
        if actor.country:
            return actor.country
    return value.upper() if len(value) == 3 and value.isalpha() else None
