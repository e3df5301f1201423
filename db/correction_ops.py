"""The row changes of each correction, and what undoing one needs (the rows as they were).

Every change keeps the derived rows true as the writers keep them: actors' mention and article
counts, articles' actor counts, the kept counts of `db/kept.py` and the actors' FTS rows. A
merge is `db/resolve.py`'s, the one the corpus joins make, so that a later mention of a
merged form follows its redirect to the survivor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from db import kept
from db.resolve import index_actor, merge, next_actor_id

_ACTOR_COLS = "id, key, name, kind, country, role, n_mentions, n_articles"
_MENTION_COLS = 'id, article_id, actor_id, claim_id, start, "end"'


def ids_json(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _in(column: str) -> str:
    return f"{column} IN (SELECT value FROM json_each(?))"


def actor_rows(db: Database, ids: Iterable[int]) -> list[list[Any]]:
    return [list(r) for r in db.execute(
        f"SELECT {_ACTOR_COLS} FROM actors WHERE {_in('id')} ORDER BY id", [ids_json(ids)])]


def alias_rows(db: Database, ids: Iterable[int]) -> list[list[Any]]:
    return [list(r) for r in db.execute(
        f"SELECT actor_id, alias FROM aliases WHERE {_in('actor_id')} ORDER BY actor_id, alias",
        [ids_json(ids)])]


def recount(db: Database, actor_ids: Iterable[int]) -> None:
    db.execute(
        "UPDATE actors SET n_mentions = (SELECT count(*) FROM mentions WHERE actor_id = "
        "actors.id), n_articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE "
        f"actor_id = actors.id) WHERE {_in('id')}", [ids_json(actor_ids)])


def refresh_articles(db: Database, article_ids: Iterable[int]) -> None:
    """Articles' actor counts and their claims' kept countries (`db/kept.py`), after their
    mentions changed actor (or actors changed country), set-wise: a merge of two big actors
    touches thousands of articles. A correction never changes claims, so their type counts
    stay as they are."""
    ids = ids_json(sorted(set(article_ids)))
    db.execute("UPDATE articles SET n_actors = (SELECT count(DISTINCT actor_id) FROM mentions "
               f"WHERE article_id = articles.id) WHERE {_in('id')}", [ids])
    db.execute("DELETE FROM claim_countries WHERE claim_id IN (SELECT id FROM claims WHERE "
               f"{_in('article_id')})", [ids])
    db.execute("INSERT OR IGNORE INTO claim_countries SELECT m.claim_id, ac.country FROM "
               f"mentions m JOIN actors ac ON ac.id = m.actor_id WHERE {_in('m.article_id')} "
               "AND m.claim_id IS NOT NULL AND ac.country IS NOT NULL", [ids])


def articles_of_mentions(db: Database, mention_ids: Iterable[int]) -> list[int]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT article_id FROM mentions WHERE {_in('id')}", [ids_json(mention_ids)])]


def restore_actors(db: Database, rows: list[list[Any]], aliases: list[list[Any]]) -> None:
    """Actors and their aliases put back as they were (same ids), their FTS rows made again."""
    ids = [r[0] for r in rows]
    db.execute(f"DELETE FROM aliases WHERE {_in('actor_id')}", [ids_json(ids)])
    # An upsert, not INSERT OR REPLACE: a replaced row is a deleted one to the foreign keys.
    db.conn.executemany(
        f"INSERT INTO actors ({_ACTOR_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) "
        "DO UPDATE SET key = excluded.key, name = excluded.name, kind = excluded.kind, "
        "country = excluded.country, role = excluded.role", rows)
    db.conn.executemany("INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
                        aliases)
    recount(db, ids)  # the counts as they are now: articles may have come since
    for actor_id in ids:
        index_actor(db, actor_id)


def drop_actor(db: Database, actor_id: int) -> None:
    db.execute("DELETE FROM actors_fts WHERE rowid = ?", [actor_id])
    db.execute("DELETE FROM aliases WHERE actor_id = ?", [actor_id])
    db.execute("DELETE FROM actors WHERE id = ?", [actor_id])


# Merge -----------------------------------------------------------------------------------

def do_merge(db: Database, a: int, b: int, rule: str) -> tuple[int, dict[str, Any], list[str]]:
    """Merge `a` into `b`: (the survivor, the undo, every key that now leads to it)."""
    gone = max(a, b)
    undo = {
        "actors": actor_rows(db, (a, b)), "aliases": alias_rows(db, (a, b)),
        "gone": gone,
        "mentions": [r[0] for r in db.execute("SELECT id FROM mentions WHERE actor_id = ?",
                                              [gone])],
        "speakers": [r[0] for r in db.execute("SELECT id FROM claims WHERE speaker_id = ?",
                                              [gone])],
        "redirected": [r[0] for r in db.execute(
            "SELECT old_id FROM actor_redirects WHERE new_id = ?", [gone])],
        "last_article": db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0],
    }
    keys = [r[0] for r in db.execute(
        f"SELECT key FROM actors WHERE {_in('id')} UNION SELECT old_key FROM actor_redirects "
        f"WHERE {_in('new_id')}", [ids_json((a, b)), ids_json((a, b))])]
    keep = merge(db, a, b, rule)
    return keep, undo, sorted(keys)


def undo_merge(db: Database, undo: dict[str, Any]) -> tuple[str | None, str]:
    """Put a merge back: (a reason when it cannot be, its rows being gone since; what else
    changes: mentions of the merged actor's own names in articles written since go back to
    it too, as they would have without the merge)."""
    gone = undo["gone"]
    keep = next(r[0] for r in undo["actors"] if r[0] != gone)
    if db.execute("SELECT 1 FROM actors WHERE id = ?", [gone]).fetchone():
        return f"actor {gone} exists again", ""
    found = db.execute(f"SELECT count(*) FROM mentions WHERE {_in('id')} AND actor_id = ?",
                       [ids_json(undo["mentions"]), keep]).fetchone()[0]
    if found != len(undo["mentions"]):
        return ("the articles were re-extracted or deleted since: "
                f"{len(undo['mentions']) - found} of its mentions are no longer there"), ""
    own = {a.casefold() for i, a in undo["aliases"] if i == gone} - \
        {a.casefold() for i, a in undo["aliases"] if i == keep}
    since = [r[0] for r in db.execute(
        'SELECT m.id, substr(a.body, m.start + 1, m."end" - m.start) FROM mentions m JOIN '
        "articles a ON a.id = m.article_id WHERE m.actor_id = ? AND m.article_id > ?",
        [keep, undo.get("last_article", 1 << 62)]) if r[1].casefold() in own]
    merged_country = db.execute("SELECT country FROM actors WHERE id = ?", [keep]).fetchone()[0]
    restore_actors(db, undo["actors"], undo["aliases"])
    db.execute(f"UPDATE mentions SET actor_id = ? WHERE {_in('id')}",
               [gone, ids_json(undo["mentions"])])
    if since:
        move_mentions(db, keep, gone, since)
        undo["mentions"] = undo["mentions"] + since
    db.execute(f"UPDATE claims SET speaker_id = ? WHERE {_in('id')}",
               [gone, ids_json(undo["speakers"])])
    db.execute("DELETE FROM actor_redirects WHERE old_id = ?", [gone])
    db.execute(f"UPDATE actor_redirects SET new_id = ? WHERE {_in('old_id')}",
               [gone, ids_json(undo["redirected"])])
    recount(db, (keep, gone))
    # As resolve.merge keeps them, the other way: articles that mention both have one actor
    # more, and each actor's claims stand for its own country again, not the survivor's.
    db.execute("UPDATE articles SET n_actors = n_actors + 1 WHERE id IN (SELECT article_id "
               "FROM mentions WHERE actor_id = ? INTERSECT SELECT article_id FROM mentions "
               "WHERE actor_id = ?)", [keep, gone])
    for actor_id in (keep, gone):
        country = next(r[4] for r in undo["actors"] if r[0] == actor_id)
        if country != merged_country:
            kept.actor_country_changed(db.conn, actor_id, {merged_country}, country)
    if not since:
        return None, ""
    name = next(r[2] for r in undo["actors"] if r[0] == gone)
    return None, f"; {_later(len(since))} back to '{name}' too"


# Split -----------------------------------------------------------------------------------

def split_key(db: Database, kind: str, form: str) -> str:
    """A key the corpus joins never touch (`resolve._OWN_KEY` does not match it): a split
    must hold against the rule that joined the alias in the first place."""
    base = f"split:{kind}:{form.casefold()}"
    key, n = base, 1
    while db.execute("SELECT 1 FROM actors WHERE key = ?", [key]).fetchone():
        n += 1
        key = f"{base}:{n}"
    return key


def do_split(db: Database, a: int, form: str, into: int | None,
             mention_ids: list[int]) -> tuple[int, dict[str, Any]]:
    """Move the mentions of `form` from `a` to `into` (or to a new actor): (it, the undo)."""
    created = into is None
    undo: dict[str, Any] = {"actors": actor_rows(db, [a] + ([] if into is None else [into])),
                            "aliases": alias_rows(db, [a] + ([] if into is None else [into]))}
    if into is None:
        kind = db.execute("SELECT kind FROM actors WHERE id = ?", [a]).fetchone()[0]
        spelled = db.execute("SELECT alias FROM aliases WHERE actor_id = ? AND alias = ? "
                             "COLLATE NOCASE ORDER BY alias", [a, form]).fetchone()
        into = next_actor_id(db)
        db.execute("INSERT INTO actors (id, key, name, kind) VALUES (?, ?, ?, ?)",
                   [into, split_key(db, kind, form), spelled[0] if spelled else form, kind])
    undo["created"] = into if created else None
    undo.update(move_alias(db, a, into, form, mention_ids))
    counts = dict(db.execute("SELECT id, n_mentions FROM actors WHERE id IN (?, ?)", [a, into]))
    undo["swapped"] = created and counts[into] > counts[a]
    if undo["swapped"]:  # the old id stays with the larger part (DECISIONS.md)
        swap_ids(db, a, into)
        into = a
    return into, undo


def swap_ids(db: Database, x: int, y: int) -> None:
    """Two actors trade ids, with every row that refers to them; the foreign keys are
    checked at commit, when both ids exist again."""
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table, column in (("actors", "id"), ("aliases", "actor_id"), ("mentions", "actor_id"),
                          ("claims", "speaker_id"), ("actor_redirects", "new_id")):
        # Through a free id, never both at once: (x, alias) and (y, alias) may both exist.
        for old, new in ((x, -1), (y, x), (-1, y)):
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
    index_actor(db, x)
    index_actor(db, y)


def move_alias(db: Database, a: int, to: int, form: str,
               mention_ids: list[int]) -> dict[str, Any]:
    """The mentions and the alias `form` of `a` go to `to`, and the claims `a` spoke in only
    through those mentions are spoken by `to`."""
    speakers = move_mentions(db, a, to, mention_ids)
    aliases = [r[0] for r in db.execute("SELECT alias FROM aliases WHERE actor_id = ? AND "
                                        "alias = ? COLLATE NOCASE", [a, form])]
    db.execute("DELETE FROM aliases WHERE actor_id = ? AND alias = ? COLLATE NOCASE", [a, form])
    db.conn.executemany("INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
                        [(to, alias) for alias in aliases or [form]])
    recount(db, (a, to))
    refresh_articles(db, articles_of_mentions(db, mention_ids))
    index_actor(db, a)
    index_actor(db, to)
    return {"mentions": mention_ids, "speakers": speakers}


def move_mentions(db: Database, a: int, to: int, mention_ids: list[int]) -> list[int]:
    """Mentions of `a` go to `to`, with the claims `a` spoke in only through them; the ids of
    those claims. Counts are the caller's."""
    moving = ids_json(mention_ids)
    speakers = [r[0] for r in db.execute(
        f"SELECT DISTINCT c.id FROM claims c JOIN mentions m ON m.claim_id = c.id "
        f"WHERE c.speaker_id = ? AND {_in('m.id')} AND NOT EXISTS (SELECT 1 FROM mentions o "
        f"WHERE o.claim_id = c.id AND o.actor_id = ? AND o.id NOT IN "
        f"(SELECT value FROM json_each(?)))", [a, moving, a, moving])]
    db.execute(f"UPDATE mentions SET actor_id = ? WHERE {_in('id')}", [to, moving])
    db.execute(f"UPDATE claims SET speaker_id = ? WHERE {_in('id')}", [to, ids_json(speakers)])
    return speakers


def undo_split(db: Database, undo: dict[str, Any], a: int, to: int) -> str:
    """Put a split back; what else changes (mentions the rule moved since go back too)."""
    if undo.get("swapped"):
        to = undo["created"]
        swap_ids(db, a, to)
    since = [r[0] for r in db.execute(
        "SELECT id FROM mentions WHERE actor_id = ? AND id NOT IN (SELECT value FROM "
        "json_each(?))", [to, ids_json(undo["mentions"])])] if undo["created"] else []
    moved = undo["mentions"] + since
    articles = articles_of_mentions(db, moved)
    db.execute(f"UPDATE mentions SET actor_id = ? WHERE {_in('id')}", [a, ids_json(moved)])
    db.execute(f"UPDATE claims SET speaker_id = ? WHERE {_in('id')} OR speaker_id = ?",
               [a, ids_json(undo["speakers"]), to if undo["created"] else -1])
    if undo["created"]:
        drop_actor(db, to)
    restore_actors(db, undo["actors"], undo["aliases"])
    recount(db, [a] + ([] if undo["created"] else [to]))
    refresh_articles(db, articles)
    return f"; {_later(len(since))} back too" if since else ""


def _later(n: int) -> str:
    """What else an undo changes: mentions the rule gave the actor in articles since."""
    return f"{n} later mention{'' if n == 1 else 's'} of its names in articles since " + \
        ("goes" if n == 1 else "go")


# Not an actor ----------------------------------------------------------------------------

def do_not_actor(db: Database, form: str, mention_ids: list[int],
                 everywhere: bool) -> dict[str, Any]:
    """Remove the mentions; actors left with none go, and so do their claims' speakers."""
    ids = ids_json(mention_ids)
    mentions = [list(r) for r in db.execute(
        f"SELECT {_MENTION_COLS} FROM mentions WHERE {_in('id')} ORDER BY id", [ids])]
    actors = sorted({m[2] for m in mentions})
    articles = sorted({m[1] for m in mentions})
    undo: dict[str, Any] = {"mentions": mentions, "actors": actor_rows(db, actors),
                            "aliases": alias_rows(db, actors)}
    db.execute(f"DELETE FROM mentions WHERE {_in('id')}", [ids])
    if everywhere:
        db.execute(f"DELETE FROM aliases WHERE alias = ? COLLATE NOCASE AND {_in('actor_id')}",
                   [form, ids_json(actors)])
    recount(db, actors)
    emptied = [r[0] for r in db.execute(
        f"SELECT id FROM actors WHERE {_in('id')} AND n_mentions = 0", [ids_json(actors)])]
    undo["speakers"] = [list(r) for r in db.execute(
        f"SELECT id, speaker_id FROM claims WHERE {_in('speaker_id')}", [ids_json(emptied)])]
    db.execute(f"UPDATE claims SET speaker_id = NULL WHERE {_in('speaker_id')}",
               [ids_json(emptied)])
    for actor_id in emptied:
        drop_actor(db, actor_id)
    for actor_id in set(actors) - set(emptied):
        index_actor(db, actor_id)
    refresh_articles(db, articles)
    return undo


def undo_not_actor(db: Database, undo: dict[str, Any]) -> str | None:
    actors = [r[0] for r in undo["actors"]]
    taken = [r[0] for r in db.execute(
        f"SELECT id FROM actors WHERE {_in('id')} AND key NOT IN (SELECT value FROM "
        f"json_each(?))", [ids_json(actors), json.dumps([r[1] for r in undo["actors"]])])]
    if taken:
        return f"actor id {taken[0]} belongs to another actor now"
    if db.execute(f"SELECT 1 FROM mentions WHERE {_in('id')} LIMIT 1",
                  [ids_json(m[0] for m in undo["mentions"])]).fetchone():
        return "its mentions are back already (re-extracted since?)"
    missing = db.execute(f"SELECT count(*) FROM articles WHERE {_in('id')}",
                         [ids_json({m[1] for m in undo["mentions"]})]).fetchone()[0]
    if missing != len({m[1] for m in undo["mentions"]}):
        return "some of its articles were deleted since"
    restore_actors(db, undo["actors"], undo["aliases"])
    db.conn.executemany(f"INSERT INTO mentions ({_MENTION_COLS}) VALUES (?, ?, ?, ?, ?, ?)",
                        undo["mentions"])
    db.conn.executemany("UPDATE claims SET speaker_id = ? WHERE id = ?",
                        [(s, c) for c, s in undo["speakers"]])
    recount(db, actors)
    refresh_articles(db, {m[1] for m in undo["mentions"]})
    return None


# Rename and set --------------------------------------------------------------------------

def do_rename(db: Database, a: int, name: str) -> dict[str, Any]:
    undo = {"actors": actor_rows(db, [a]), "aliases": alias_rows(db, [a])}
    db.execute("UPDATE actors SET name = ? WHERE id = ?", [name, a])
    # An actor's name is one of its aliases, as the writer records it.
    db.execute("INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)", [a, name])
    index_actor(db, a)
    return undo


def do_set(db: Database, a: int, kind: str | None, country: str | None,
           role: str | None) -> dict[str, Any]:
    undo = {"actors": actor_rows(db, [a]), "aliases": alias_rows(db, [a])}
    old_country = undo["actors"][0][4]
    db.execute("UPDATE actors SET kind = coalesce(?, kind), country = coalesce(?, country), "
               "role = coalesce(?, role) WHERE id = ?", [kind, country, role, a])
    if country is not None and country != old_country:
        kept.actor_country_changed(db.conn, a, {old_country}, country)
    return undo


def undo_fields(db: Database, undo: dict[str, Any]) -> None:
    """Rename and set undone: the actor's row and aliases as they were."""
    a = undo["actors"][0][0]
    country = db.execute("SELECT country FROM actors WHERE id = ?", [a]).fetchone()
    restore_actors(db, undo["actors"], undo["aliases"])
    if country and country[0] != undo["actors"][0][4]:
        kept.actor_country_changed(db.conn, a, {country[0]}, undo["actors"][0][4])
