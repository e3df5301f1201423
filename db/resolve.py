"""One thing, one actor, across articles: corpus-level joins after each written batch.

Extraction sees one article at a time, so "Mugabe" in one article and "Robert Gabriel Mugabe"
in another, or "WHO" here and "World Health Organization" there, become different actors.
After every batch the writers call `resolve(db)`, which joins a short form to the one longer
name of the corpus it can be:

- a person named by one word (a surname) joins the one person of the corpus with that surname
  and a fuller name; a name without middle names or initials ("John Kerry") joins the one
  fuller name with the same first name and surname ("John F. Kerry");
- an acronym joins the one organisation or group whose initials it is;
- a short name of an organisation or place (not a gazetteer entry) joins the one name of
  the same kind that is it and one word more ("Gaza" and "Gaza Strip", "Boeing" and "Boeing
  Company"); a word before it makes another thing ("New England", "Southeast Asia");
- one name extracted as a place in one article and an organisation in another is one actor,
  of the kind with more mentions.

A short form that fits several longer names stays apart. Countries, curated officials and
gazetteer places are never joined into anything else. The older id survives (saved views and
read positions keep working) and the other is recorded in `actor_redirects`, whose old key
sends later mentions of that form straight to the survivor (`ingest.upsert_actor`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database

from db import kept

_MINOR = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "&", "de", "la"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$")
# Keys of actors the extraction did not resolve itself: joining them risks nothing curated.
_OWN_KEY = re.compile(r"^(organization|group|place|person):[^:]+$")


@dataclass(frozen=True)
class Row:
    id: int
    key: str
    name: str
    kind: str
    mentions: int


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.-]*", name)


def _plain_words(name: str) -> list[str]:
    words = [w.casefold().strip(".") for w in _words(name)]
    if words and words[0] == "the":
        words = words[1:]
    return words


def _person_parts(name: str) -> tuple[str, str, list[str]] | None:
    words = [w for w in _plain_words(name) if w not in _SUFFIXES]
    if len(words) < 2:
        return None
    return words[0], words[-1], words[1:-1]


def plan(rows: list[Row], curated: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(from, into, rule) joins for the actors of a corpus, each short form at most once.
    Actors whose key is in `curated` (the gazetteer's) are never joined into another."""
    own = [r for r in rows if r.key not in curated and _OWN_KEY.match(r.key)]
    own_ids = {r.id for r in own}
    joins: list[tuple[int, int, str]] = []
    people = [r for r in rows if r.kind == "person"]
    full = {r.id: _person_parts(r.name) for r in people}
    by_surname: dict[str, list[Row]] = defaultdict(list)
    by_first_last: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in people:
        parts = full[r.id]
        if parts is not None:
            by_surname[parts[1]].append(r)
            by_first_last[(parts[0], parts[1])].append(r)
    # "John Kerry" -> "John F. Kerry": the one fuller form; namesakes with other middles stay.
    into: dict[int, int] = {}
    for group in by_first_last.values():
        bare = [r for r in group if not full[r.id][2]]  # type: ignore[index]
        fuller = [r for r in group if full[r.id][2]]  # type: ignore[index]
        if len(bare) == 1 and len(fuller) == 1 and bare[0].id in own_ids:
            into[bare[0].id] = fuller[0].id
            joins.append((bare[0].id, fuller[0].id, "same first name and surname"))
    for r in people:
        if full[r.id] is not None or r.id not in own_ids:
            continue
        words = _plain_words(r.name)
        if len(words) != 1:
            continue
        options = {into.get(o.id, o.id) for o in by_surname.get(words[0], [])}
        if len(options) == 1:
            joins.append((r.id, options.pop(), "the one person of that surname"))
    orgs = [r for r in rows if r.kind in ("organization", "group")]
    initials: dict[str, set[int]] = defaultdict(set)
    for r in orgs:
        words = _words(r.name)
        if len(words) >= 2:
            initials["".join(w[0] for w in words).upper()].add(r.id)
            initials["".join(w[0] for w in words if w.casefold() not in _MINOR).upper()].add(r.id)
    for r in orgs:
        if _ACRONYM.match(r.name) and r.id in own_ids:
            options = initials.get(r.name.replace(".", ""), set()) - {r.id}
            if len(options) == 1:
                joins.append((r.id, options.pop(), "acronym of the one name with its initials"))
    joined = {j[0] for j in joins}
    for kind in ("organization", "place"):
        same = [r for r in rows if r.kind == kind]
        names = {r.id: tuple(_plain_words(r.name)) for r in same}
        # Every name under each of its shorter beginnings and endings, once.
        ends: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for r in same:
            w = names[r.id]
            # One word more, at the end: "Gaza Strip", "Boeing Company". Not at the front:
            # "New England" is not England, "Southeast Asia" not Asia.
            if len(w) >= 2:
                ends[w[:-1]].add(r.id)
        for r in same:
            if r.id in joined or r.id not in own_ids or _ACRONYM.match(r.name):
                continue
            options = ends.get(names[r.id], set()) - {r.id} if names[r.id] else set()
            if len(options) == 1:
                joins.append((r.id, options.pop(), "the one name it is the start of"))
                joined.add(r.id)
    by_name: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for r in own:
        if r.id not in joined:
            by_name[tuple(_plain_words(r.name))].append(r)
    for group in by_name.values():
        kinds = {r.kind for r in group}
        if len(group) == 2 and len(kinds) == 2:  # "Alexei Navalny" read once as an ORG
            a, b = sorted(group, key=lambda r: (-r.mentions, r.id))
            joins.append((b.id, a.id, "one name, the kind with more mentions"))
    return joins


def resolve(db: Database, curated: frozenset[str] = frozenset()) -> int:
    """Join actors across the corpus; the number of joins made. Inside a transaction.
    `curated`: the keys of the gazetteer's actors, which are never joined into another."""
    done = 0
    for _ in range(3):  # a join can make another possible ("Kerry" after "John Kerry")
        rows = [Row(*r) for r in db.execute(
            "SELECT id, key, name, kind, n_mentions FROM actors WHERE n_mentions > 0")]
        joins = plan(rows, curated)
        if not joins:
            break
        merged: set[int] = set()
        for old, new, rule in joins:
            if old in merged or new in merged or old == new:
                continue
            merge(db, old, new, rule)
            merged.update((old, new))
            done += 1
    return done


def merge(db: Database, source: int, target: int, rule: str) -> int:
    """Make `source` and `target` one actor, named as `target`; the older id survives."""
    keep, gone = min(source, target), max(source, target)
    name, kind, country, role = db.execute(
        "SELECT name, kind, country, role FROM actors WHERE id = ?", [target]).fetchone()
    old = db.execute("SELECT country, role FROM actors WHERE id = ?", [source]).fetchone()
    gone_key = db.execute("SELECT key FROM actors WHERE id = ?", [gone]).fetchone()[0]
    country = country or old[0]
    role = role or old[1]
    # Articles that mention both have one actor fewer; the others as many as before.
    db.execute("UPDATE articles SET n_actors = n_actors - 1 WHERE id IN (SELECT article_id "
               "FROM mentions WHERE actor_id = ? INTERSECT SELECT article_id FROM mentions "
               "WHERE actor_id = ?)", [keep, gone])
    countries = {r[0] for r in db.execute("SELECT country FROM actors WHERE id IN (?, ?)",
                                          [keep, gone])}
    db.execute("UPDATE mentions SET actor_id = ? WHERE actor_id = ?", [keep, gone])
    db.execute("UPDATE claims SET speaker_id = ? WHERE speaker_id = ?", [keep, gone])
    db.execute("INSERT OR IGNORE INTO aliases (actor_id, alias) "
               "SELECT ?, alias FROM aliases WHERE actor_id = ?", [keep, gone])
    db.execute("DELETE FROM aliases WHERE actor_id = ?", [gone])
    db.execute("DELETE FROM actors_fts WHERE rowid = ?", [gone])
    db.execute("DELETE FROM actors WHERE id = ?", [gone])
    db.execute(
        "UPDATE actors SET name = ?, kind = ?, country = ?, role = ?, "
        "n_mentions = (SELECT count(*) FROM mentions WHERE actor_id = ?), "
        "n_articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE actor_id = ?) "
        "WHERE id = ?", [name, kind, country, role, keep, keep, keep])
    db.execute("UPDATE actor_redirects SET new_id = ? WHERE new_id = ?", [keep, gone])
    db.execute("INSERT OR REPLACE INTO actor_redirects (old_id, old_key, new_id, rule) "
               "VALUES (?, ?, ?, ?)", [gone, gone_key, keep, rule])
    if countries != {country}:  # the kept countries of a claim follow its actors' countries
        kept.actor_country_changed(db.conn, keep, countries, country)
    index_actor(db, keep)
    return keep


def index_actor(db: Database, actor_id: int) -> None:
    """The actor's row in actors_fts (its name and every alias) made again."""
    name = db.execute("SELECT name FROM actors WHERE id = ?", [actor_id]).fetchone()[0]
    aliases = [r[0] for r in db.execute(
        "SELECT alias FROM aliases WHERE actor_id = ? ORDER BY alias", [actor_id])]
    db.execute("DELETE FROM actors_fts WHERE rowid = ?", [actor_id])
    db.execute("INSERT INTO actors_fts (rowid, name, aliases) VALUES (?, ?, ?)",
               [actor_id, name, " | ".join(aliases)])


def next_actor_id(db: Database) -> int:
    """Actor ids are never reused: a saved view or a redirect holding a joined actor's id
    must not find a newer actor under it."""
    row = db.execute("SELECT max(coalesce((SELECT max(id) FROM actors), 0), "
                     "coalesce((SELECT max(old_id) FROM actor_redirects), 0))").fetchone()
    return int(row[0]) + 1


def redirected(db: Database, key: str) -> int | None:
    """The survivor an old actor key was joined into, if any."""
    row = db.execute("SELECT new_id FROM actor_redirects WHERE old_key = ?", [key]).fetchone()
    return int(row[0]) if row else None
