"""`mentions_of` takes the cheaper of two plans (db/concordance.py); both give the same rows."""

from __future__ import annotations

from db import concordance
from db.store import Store


def _driven(store: Store, actor_id: int, limit: int | None, offset: int) -> list[tuple]:
    return store.conn.execute(
        f"SELECT {concordance._COLS} {concordance._FROM} WHERE m.actor_id = ? "
        f"ORDER BY {concordance._ORDER} LIMIT ? OFFSET ?",
        [actor_id, -1 if limit is None else limit, offset]).fetchall()


def test_walking_the_list_gives_the_rows_of_sorting_every_mention(rules_db, monkeypatch):
    store = Store(rules_db)
    actors = [r[0] for r in store.conn.execute(
        "SELECT id FROM actors WHERE n_mentions > 0 ORDER BY n_mentions DESC")]
    frequent = actors[0]
    # The commonest actor is walked for a short page: that is the plan being checked.
    assert concordance._walk_cost(store.conn, frequent, 5) is not None
    monkeypatch.setattr(concordance, "WALK_PAGE", 16)  # several pages even on a small corpus
    walked = 0
    for actor_id in actors[:5] + actors[-3:]:
        for limit, offset in ((1, 0), (5, 0), (5, 3), (20, 7), (200, 0), (None, 0)):
            got = concordance.mention_rows(store.conn, actor_id, limit, offset)
            assert got == _driven(store, actor_id, limit, offset), (actor_id, limit, offset)
            walked += limit is not None and concordance._walk_cost(
                store.conn, actor_id, offset + limit) is not None
    assert walked >= 3


def test_the_store_pages_through_a_frequent_actor_without_gaps(rules_db):
    store = Store(rules_db)
    actor_id = store.conn.execute(
        "SELECT id FROM actors ORDER BY n_mentions DESC LIMIT 1").fetchone()[0]
    every = store.mentions_of(actor_id)
    pages = [m for offset in range(0, len(every), 7) for m in store.mentions_of(
        actor_id, limit=7, offset=offset)]
    assert pages == every
    assert len(every) > 7
