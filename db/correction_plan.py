"""What a correction would change, checked against a database: the one line of `--dry-run`
(and of the browser's confirmation), and the actors and mentions it concerns.

Works on a plain sqlite3 connection, so that a dry run and a correction saved to the user's
file (a corpus that cannot be written) check their input on the read-only store's connection,
exactly as the writer checks it again under the lock.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace

from db.correction_records import Correction, CorrectionError, Ref

ACTOR_KINDS = ("country", "person", "organization", "place", "group")  # as db.models
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Plan:
    correction: Correction  # its actors named as in this database (ids, keys, names)
    summary: str
    actor_id: int | None = None
    into_id: int | None = None
    article_id: int | None = None
    mention_ids: tuple[int, ...] = ()  # split, not-actor: the mentions it moves or removes


def current(conn: sqlite3.Connection, ref: Ref) -> int | None:
    """The actor a reference stands for here: by id when its key agrees (the database it was
    made in), else by key, else by the redirect of a key or id joined into another (a merge),
    else by its one canonical name."""
    if ref.id is not None:
        row = conn.execute("SELECT key FROM actors WHERE id = ?", [ref.id]).fetchone()
        if row and (ref.key is None or row[0] == ref.key):
            return ref.id
    if ref.key:
        row = conn.execute("SELECT id FROM actors WHERE key = ?", [ref.key]).fetchone()
        if row:
            return int(row[0])
        row = conn.execute("SELECT r.new_id FROM actor_redirects r JOIN actors a ON "
                           "a.id = r.new_id WHERE r.old_key = ?", [ref.key]).fetchone()
        if row:
            return int(row[0])
    if ref.id is not None and ref.key is None:
        row = conn.execute("SELECT r.new_id FROM actor_redirects r JOIN actors a ON "
                           "a.id = r.new_id WHERE r.old_id = ?", [ref.id]).fetchone()
        if row:
            return int(row[0])
    rows = conn.execute("SELECT id, kind, country FROM actors WHERE name = ? COLLATE NOCASE",
                        [ref.name]).fetchall()
    if not rows and ref.id is None and ref.key is None:
        # A record from elsewhere: its actor may be joined into another here already.
        rows = conn.execute("SELECT DISTINCT a.id, a.kind, a.country FROM aliases s JOIN "
                            "actors a ON a.id = s.actor_id WHERE s.alias = ? COLLATE NOCASE",
                            [ref.name]).fetchall()
    if len(rows) > 1 and ref.kind is not None:  # its kind and country tell them apart
        rows = [r for r in rows if (r[1], r[2]) == (ref.kind, ref.country)] or rows
    if len(rows) > 1:
        raise CorrectionError(f"'{ref.name}' names {len(rows)} actors here; "
                              "the correction cannot tell which")
    return int(rows[0][0]) if rows else None


def _actor(conn: sqlite3.Connection, ref: Ref) -> tuple[int, str, str, str, int, Ref]:
    """(id, key, name, kind, mentions, it as it is now) of the actor a reference stands for;
    bad input if none."""
    actor_id = current(conn, ref)
    if actor_id is None:
        raise CorrectionError(f"no actor named '{ref.name}'")
    return _row(conn, actor_id)


def _row(conn: sqlite3.Connection, actor_id: int) -> tuple[int, str, str, str, int, Ref]:
    row = conn.execute("SELECT id, key, name, kind, n_mentions, country FROM actors "
                       "WHERE id = ?", [actor_id]).fetchone()
    return (int(row[0]), row[1], row[2], row[3], int(row[4]),
            Ref(int(row[0]), row[2], row[1], row[3], row[5]))


def _mentions(n: int) -> str:
    return f"{n} mention" + ("" if n == 1 else "s")


def mentions_as(conn: sqlite3.Connection, form: str, *, actor_id: int | None = None,
                article_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(mention id, actor id, article id) of the mentions whose text is `form` (any case),
    of one actor or of any actor that has it as a name or alias; within some articles only,
    when given. Compared in Python: SQLite's NOCASE folds ASCII letters only."""
    folded = form.casefold()
    where: list[str] = []
    params: list[object] = []
    if actor_id is not None:
        where.append("m.actor_id = ?")
        params.append(actor_id)
    else:
        where.append("m.actor_id IN (SELECT actor_id FROM aliases WHERE alias = ? COLLATE "
                     "NOCASE UNION SELECT id FROM actors WHERE name = ? COLLATE NOCASE)")
        params += [form, form]
    if article_ids is not None:
        where.append("m.article_id IN (SELECT value FROM json_each(?))")
        params.append("[" + ",".join(map(str, article_ids)) + "]")
    rows = conn.execute(
        'SELECT m.id, m.actor_id, m.article_id, substr(a.body, m.start + 1, m."end" - m.start) '
        f"FROM mentions m JOIN articles a ON a.id = m.article_id WHERE {' AND '.join(where)} "
        "ORDER BY m.id", params)
    return [(r[0], r[1], r[2]) for r in rows if r[3].casefold() == folded]


def plan(conn: sqlite3.Connection, c: Correction) -> Plan:
    """Check a correction against the database; CorrectionError (one line) when it cannot be
    made here. Changes nothing."""
    if c.what == "merge":
        assert c.actor and c.into
        a = _actor(conn, c.actor)
        b = _actor(conn, c.into)
        if a[0] == b[0]:
            if c.actor.name.casefold() == c.into.name.casefold():
                raise CorrectionError(f"cannot merge '{a[2]}' into itself")
            raise CorrectionError(
                f"'{c.actor.name}' and '{c.into.name}' are one actor already ('{a[2]}', id "
                f"{a[0]}): merging them again would be a cycle; undo the earlier merge instead")
        return Plan(replace(c, actor=a[5], into=b[5]),
                    f"merge '{a[2]}' ({_mentions(a[4])}) into '{b[2]}'", a[0], b[0])
    if c.what == "split":
        assert c.actor and c.form
        a = _actor(conn, c.actor)
        form = " ".join(c.form.split())
        if form.casefold() == a[2].casefold():
            raise CorrectionError(f"'{form}' is the name of '{a[2]}': rename the actor first, "
                                  "then split the old name off")
        moved = mentions_as(conn, form, actor_id=a[0])
        has_alias = conn.execute("SELECT 1 FROM aliases WHERE actor_id = ? AND alias = ? "
                                 "COLLATE NOCASE", [a[0], form]).fetchone()
        if not moved and not has_alias:
            raise CorrectionError(f"'{a[2]}' has no alias '{form}'")
        into = None
        where = "a new actor"
        if c.into is not None:
            b = _actor(conn, c.into)
            if b[0] == a[0]:
                raise CorrectionError(f"cannot split '{form}' from '{a[2]}' into itself")
            into = b[5]
            where = f"'{b[2]}'"
        return Plan(replace(c, actor=a[5], into=into, form=form),
                    f"split '{form}' ({_mentions(len(moved))}) from '{a[2]}' into {where}",
                    a[0], into.id if into else None, None, tuple(m[0] for m in moved))
    if c.what == "not-actor":
        assert c.form
        form = " ".join(c.form.split())
        article_id = None
        if c.article is not None:
            row = conn.execute("SELECT id FROM articles WHERE external_id = ? ORDER BY id",
                               [c.article]).fetchone()
            if row is None:
                raise CorrectionError(f"no article '{c.article}'")
            article_id = int(row[0])
        gone = mentions_as(conn, form, article_ids=None if article_id is None else [article_id])
        if not gone:
            where = "everywhere" if article_id is None else f"in article {article_id}"
            raise CorrectionError(f"no actor is mentioned as '{form}' {where}")
        actors = {m[1] for m in gone}
        where = "everywhere" if article_id is None else f"in article {article_id}"
        of = f" of {len(actors)} actors" if len(actors) > 1 else ""
        others = tuple(_row(conn, i)[5] for i in sorted({m[1] for m in gone}))
        return Plan(replace(c, form=form, others=others),
                    f"'{form}' is not an actor {where}: remove {_mentions(len(gone))}{of}",
                    None, None, article_id, tuple(m[0] for m in gone))
    if c.what == "rename":
        assert c.actor and c.name is not None
        a = _actor(conn, c.actor)
        name = " ".join(c.name.split())
        if not name:
            raise CorrectionError("the new name is empty")
        if name == a[2]:
            raise CorrectionError(f"'{a[2]}' has that name already")
        return Plan(replace(c, actor=a[5], name=name),
                    f"rename '{a[2]}' to '{name}'", a[0])
    if c.what == "set":
        assert c.actor
        return _plan_set(conn, c)
    raise CorrectionError(f"unknown correction '{c.what}'")


def _plan_set(conn: sqlite3.Connection, c: Correction) -> Plan:
    assert c.actor
    a = _actor(conn, c.actor)
    kind, country, role = conn.execute("SELECT kind, country, role FROM actors WHERE id = ?",
                                       [a[0]]).fetchone()
    if c.kind is None and c.country is None and c.role is None:
        raise CorrectionError("nothing to set: give --kind, --country or --role")
    if c.kind is not None and c.kind not in ACTOR_KINDS:
        raise CorrectionError(f"unknown kind '{c.kind}' (one of {', '.join(ACTOR_KINDS)})")
    new_country = c.country.strip().upper() if c.country is not None else None
    if new_country is not None and not _ISO3.match(new_country):
        raise CorrectionError(f"'{c.country}' is not an ISO 3166-1 alpha-3 country code")
    new_role = " ".join(c.role.split()) if c.role is not None else None
    if new_role is not None and (c.kind or kind) != "person":
        raise CorrectionError(f"a role is for a person; '{a[2]}' is {c.kind or kind}")
    changes = []
    for label, new, old in (("kind", c.kind, kind), ("country", new_country, country),
                            ("role", new_role, role)):
        if new is not None and new != old:
            changes.append(f"{label} {new} (was {old or '-'})")
    if not changes:
        raise CorrectionError(f"'{a[2]}' has these values already")
    return Plan(replace(c, actor=a[5], country=new_country, role=new_role),
                f"set '{a[2]}': " + ", ".join(changes), a[0])
