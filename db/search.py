"""What the search box and the claim commands share: one meaning for each filter, and a
deadline for every query.

`briefing claims --speaker "United States"` once left out the country's officials that
`speaker:"United States"` found: both now resolve their filters here (`ClaimFilters`).
A query past its deadline is stopped by SQLite's progress handler ("query too broad"), so
neither the browser nor a command hangs on it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db import feeds as feedsdb
from db import query as querylang
from db.rows import like_escaped

if TYPE_CHECKING:
    from db.actor_models import Actor
    from db.store import Store

# A bm25-ranked FTS5 query takes 45 ms median on 100,000 articles; 5 s is a query that
# would otherwise take minutes (a thousand common words).
QUERY_SECONDS = 5.0
# SQLite calls the handler every this many virtual-machine instructions (microseconds each).
_CHECK_EVERY = 1000


class QueryTooBroad(Exception):
    """A query ran past its deadline and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"query too broad: stopped after {seconds:g} s; add words or filters to narrow it"
        )


@contextmanager
def deadline(conn: sqlite3.Connection, seconds: float, state: threading.local) -> Iterator[None]:
    """Stop whatever runs on `conn` in the block after `seconds` (QueryTooBroad).

    Nested blocks (search calling claims) keep the outer deadline. The handler is removed at
    the end, so the connection's other work (the article list, the reader) is never cut.
    """
    if getattr(state, "deadline", None) is not None:
        yield
        return
    end = time.monotonic() + seconds
    state.deadline = end
    conn.set_progress_handler(lambda: 1 if time.monotonic() > end else 0, _CHECK_EVERY)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise QueryTooBroad(seconds) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
        state.deadline = None


@dataclass(frozen=True)
class ClaimFilters:
    """The claim filters of a query, resolved to ids; `problem` when one names nothing."""

    actor_ids: tuple[int, ...] = ()
    speaker_ids: tuple[int, ...] = ()
    country: str | None = None
    problem: str | None = None
    ambiguous: bool = False  # a surname of several people: the query must say which (exit 2)


def resolve_filters(store: Store, q: querylang.Query) -> ClaimFilters:
    """actor:, official:, speaker: and country: as the store's filters take them.

    `actor:` and `official:` take every actor of that name or alias; `speaker:` a country
    also takes the country's other actors (its officials, institutions, places speaking for
    it: DECISIONS.md). An id (`actor:12`, what `briefing claims --actor` passes once it has
    resolved a name) is that actor.
    """
    actor_ids: list[int] = []
    for field_name, kind in (("actor", None), ("official", "person")):
        for name in getattr(q, field_name):
            found = store.find_actors(name, kind) or _by_surname(store, name)
            if isinstance(found, str):
                return ClaimFilters(problem=f"{field_name}:{found}", ambiguous=True)
            if not found:
                return ClaimFilters(problem=f"no {field_name} named '{name}'")
            actor_ids += [a.id for a in found]
    speaker_ids: list[int] = []
    for name in q.speaker:
        found = store.find_actors(name) or _by_surname(store, name)
        if isinstance(found, str):
            return ClaimFilters(problem=f"speaker:{found}", ambiguous=True)
        if not found:
            return ClaimFilters(problem=f"no speaker named '{name}'")
        for actor in found:
            speaker_ids += speakers_for(store, actor.id, actor.kind, actor.country)
    country = None
    for value in q.country:
        country = store.country_code(value)
        if country is None:
            return ClaimFilters(problem=f"no country named '{value}'")
    return ClaimFilters(tuple(dict.fromkeys(actor_ids)), tuple(dict.fromkeys(speaker_ids)),
                        country)


def _by_surname(store: Store, name: str) -> list[Actor] | str:
    """The one person of that surname, or a message naming the several to choose from."""
    people = store.people_by_surname(name)
    if len(people) <= 1:
        return people
    shown = ", ".join(f"{a.name} ({a.id})" for a in people[:5])
    more = f" and {len(people) - 5} more" if len(people) > 5 else ""
    return f"{name} matches {len(people)} people: {shown}{more}; give the name or id"


def speakers_for(store: Store, actor_id: int, kind: str, country: str | None) -> list[int]:
    """Who speaks as this actor: itself, and for a country every actor of that country."""
    ids = [actor_id]
    if kind == "country" and country:
        ids += [r[0] for r in store._all(
            "SELECT id FROM actors WHERE country = ? AND kind != 'country'", [country])]
    return ids


def article_filters(q: querylang.Query, where: list[str], params: list[Any]) -> None:
    """source:, since: and until: as conditions on `articles a` (for articles and claims)."""
    if q.source:
        # The name's own % and _ are letters, not wildcards (`source:%` matched everything).
        where.append("(" + " OR ".join("a.source LIKE ? ESCAPE '\\'" for _ in q.source) + ")")
        params += [f"%{like_escaped(s)}%" for s in q.source]
    feedsdb.article_filters(q.feed, q.tag, where, params)  # feed: and tag: (db/feeds.py)
    if q.since:
        where.append("a.published >= ?")
        params.append(q.since)
    if q.until:
        where.append("a.published < date(?, '+1 day')")
        params.append(q.until)
