"""Corrections of the actors: made, undone, and kept as rules by the writers.

A correction is made in one transaction: checked (`db/correction_plan.py`), applied
(`db/correction_ops.py`) and recorded with the rows as they were, which `undo` puts back.
Corrections outrank the extraction and the corpus joins (DECISIONS.md): after every batch the
writers (ingest, `reextract`) call `enforce` on the articles they wrote, so that the alias of a
merged actor in a new article goes to the survivor, a form that is not an actor stays gone,
and a rename or a set holds.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from db import correction_ops as ops
from db.correction_plan import Plan, current, mentions_as, plan
from db.correction_records import COLUMNS as _COLS
from db.correction_records import (
    Correction,
    CorrectionError,
    Ref,
    describe,
    from_record,
    from_row,
    has_table,
    ref_json,
)
from db.inputs import CorrectionInput
from db.resolve import index_actor, merge, next_actor_id


class CorrectionRefused(CorrectionError):
    """An undo that cannot be made; the message says why and what to do."""


def known(db: Database, c: Correction) -> Correction | None:
    """The same correction, if it is in the database already (taken in before)."""
    row = db.execute(f"SELECT {_COLS} FROM corrections WHERE uid = ?", [c.uid]).fetchone()
    return from_row(row) if row else None


def apply(db: Database, c: Correction) -> tuple[Correction, str]:
    """Make a correction and record it: (it with its id, the one line of what changed).
    Inside a transaction; CorrectionError, with nothing changed, when it cannot be made."""
    uid = c.uid  # as first made: the plan names its actors as they are here
    p = plan(db.conn, c)
    c = replace(p.correction, given_uid=uid)
    keys: list[str] = []
    if c.what == "merge":
        assert p.actor_id is not None and p.into_id is not None and c.into
        keep, undo, keys = ops.do_merge(db, p.actor_id, p.into_id, "correction")
        result: Ref | None = _ref(db, keep)
    elif c.what == "split":
        assert p.actor_id is not None and c.form
        to, undo = ops.do_split(db, p.actor_id, c.form, p.into_id, list(p.mention_ids))
        result = _ref(db, to)
    elif c.what == "not-actor":
        assert c.form
        undo = ops.do_not_actor(db, c.form, list(p.mention_ids), p.article_id is None)
        result = None
    elif c.what == "rename":
        assert p.actor_id is not None and c.name
        undo = ops.do_rename(db, p.actor_id, c.name)
        result = _ref(db, p.actor_id)
    else:
        assert p.actor_id is not None
        undo = ops.do_set(db, p.actor_id, c.kind, c.country, c.role)
        result = _ref(db, p.actor_id)
    c = replace(c, result=result)
    cursor = db.execute(
        "INSERT INTO corrections (uid, what, actor, target, form, article, name, kind, "
        "country, role, result, who, at, note, keys, undo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [c.uid, c.what, ref_json(c.actor), ref_json(c.into), c.form, c.article, c.name,
         c.kind, c.country, c.role, ref_json(result), c.who, c.when, c.note,
         json.dumps(keys, ensure_ascii=False), json.dumps(undo, ensure_ascii=False)])
    return replace(c, id=int(cursor.lastrowid or 0)), p.summary


def _ref(db: Database, actor_id: int) -> Ref:
    row = db.execute("SELECT name, key FROM actors WHERE id = ?", [actor_id]).fetchone()
    return Ref(actor_id, row[0], row[1])


def take(db: Database, c: Correction) -> tuple[Correction, str] | None:
    """A correction from elsewhere (the user's file, an export); None when it is here
    already, so that taking a file in twice changes nothing the second time."""
    if known(db, c):
        return None
    return apply(db, c)


def take_input(db: Database, item: CorrectionInput) -> str | None:
    """A correction record met by ingest: taken in; a warning line when it cannot be."""
    try:
        take(db, from_record(item.record, item.origin))
    except CorrectionError as exc:
        text = str(exc)
        return text if text.startswith(item.origin) else \
            f"{item.origin}: correction not taken in: {text}"
    return None


def dry_run(db_conn: Any, c: Correction) -> Plan:
    """What a correction would change; changes nothing (works on a read-only connection)."""
    return plan(db_conn, c)


def _touched(row: tuple[Any, ...]) -> set[int]:
    """Actor ids a recorded correction concerns: its actors, its result, and (not-actor)
    the actors whose mentions it removed."""
    ids: set[int] = set()
    for text in row[1:4]:
        if text:
            ident = json.loads(text).get("id")
            if isinstance(ident, int):
                ids.add(ident)
    undo = json.loads(row[4] or "{}")
    if row[5] == "not-actor":
        ids.update(r[0] for r in undo.get("actors", []))
    return ids


def undo(db: Database, correction_id: int) -> str:
    """Reverse one correction; the line saying what changed. CorrectionRefused (nothing
    changed) when a later correction built on it, or its rows are gone since."""
    if not has_table(db.conn):
        raise CorrectionError(f"no correction {correction_id}")
    rows = db.execute("SELECT id, actor, target, result, undo, what FROM corrections "
                      "ORDER BY id").fetchall()
    mine = next((r for r in rows if r[0] == correction_id), None)
    if mine is None:
        raise CorrectionError(f"no correction {correction_id}")
    c = from_row(db.execute(f"SELECT {_COLS} FROM corrections WHERE id = ?",
                            [correction_id]).fetchone())
    touched = _touched(mine)
    for later in rows:
        if later[0] > correction_id and _touched(later) & touched:
            lc = from_row(db.execute(f"SELECT {_COLS} FROM corrections WHERE id = ?",
                                     [later[0]]).fetchone())
            raise CorrectionRefused(
                f"cannot undo correction {correction_id}: correction {later[0]} "
                f"({describe(lc)}) was made on the same actors after it; undo {later[0]} first")
    data = json.loads(mine[4])
    extra = ""
    reason: str | None = None
    if c.what == "merge":
        reason, extra = ops.undo_merge(db, data)
    elif c.what == "split":
        assert c.actor and c.result
        extra = ops.undo_split(db, data, c.actor.id or 0, c.result.id or 0)
    elif c.what == "not-actor":
        reason = ops.undo_not_actor(db, data)
    else:
        ops.undo_fields(db, data)
    if reason:
        raise CorrectionRefused(f"cannot undo correction {correction_id}: {reason}")
    db.execute("DELETE FROM corrections WHERE id = ?", [correction_id])
    return f"undone: correction {correction_id} ({describe(c)}){extra}"


# The rules, in the write path --------------------------------------------------------------

def enforce(db: Database, article_ids: list[int]) -> int:
    """Every correction applied again to articles just written (inside their transaction),
    in the order they were made: what the extraction and the corpus joins made of them
    yields to what the user said. The number of corrections there are (0: nothing done)."""
    if not article_ids or not has_table(db.conn):
        return 0
    rows = db.execute(f"SELECT {_COLS}, keys FROM corrections ORDER BY id").fetchall()
    conn = db.conn
    for row in rows:
        c = from_row(row[:-1])
        if c.what == "merge" and c.result:
            survivor = current(conn, c.result)
            keys = json.loads(row[-1] or "[]")
            if survivor is None or not keys:
                continue
            for (other,) in db.execute(
                    "SELECT id FROM actors WHERE key IN (SELECT value FROM json_each(?)) "
                    "AND id != ?", [json.dumps(keys), survivor]).fetchall():
                survivor = merge(db, other, survivor, f"correction {c.id}")
        elif c.what == "split" and c.actor and c.result and c.form:
            a, to = current(conn, c.actor), current(conn, c.result)
            if a is None or a == to:
                continue
            moved = [m[0] for m in mentions_as(conn, c.form, actor_id=a,
                                               article_ids=article_ids)]
            if to is None and moved and (c.result.key or "").startswith("split:"):
                to = _made_again(db, a, c.result)  # its mentions were all re-extracted
            if to is None:
                continue
            if moved:
                ops.move_alias(db, a, to, c.form, moved)
            elif db.execute("DELETE FROM aliases WHERE actor_id = ? AND alias = ? COLLATE "
                            "NOCASE", [a, c.form]).rowcount:
                index_actor(db, a)
        elif c.what == "not-actor" and c.form:
            scope = article_ids
            if c.article is not None:
                scope = [r[0] for r in db.execute(
                    "SELECT id FROM articles WHERE external_id = ? AND id IN (SELECT value "
                    "FROM json_each(?))", [c.article, ops.ids_json(article_ids)])]
            gone = [m[0] for m in mentions_as(conn, c.form, article_ids=scope)] if scope else []
            if gone:
                ops.do_not_actor(db, c.form, gone, c.article is None)
        elif c.what in ("rename", "set") and c.actor:
            _hold(db, c)
    return len(rows)


def _made_again(db: Database, a: int, made: Ref) -> int:
    """The actor a split made, made again: `reextract` dropped it with its last mention
    (the extraction knows no such key), and the split's mentions are back on `a`."""
    kind = db.execute("SELECT kind FROM actors WHERE id = ?", [a]).fetchone()[0]
    actor_id = next_actor_id(db)
    db.execute("INSERT INTO actors (id, key, name, kind) VALUES (?, ?, ?, ?)",
               [actor_id, made.key, made.name, kind])
    return actor_id


def _hold(db: Database, c: Correction) -> None:
    """A rename or a set made true again where the writer put other values back (an actor
    made anew after its last mention went)."""
    assert c.actor
    a = current(db.conn, c.result or c.actor)
    if a is None:
        return
    name, kind, country, role = db.execute(
        "SELECT name, kind, country, role FROM actors WHERE id = ?", [a]).fetchone()
    if c.what == "rename" and c.name and name != c.name:
        db.execute("UPDATE actors SET name = ? WHERE id = ?", [c.name, a])
        db.execute("INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)", [a, c.name])
        index_actor(db, a)
    if c.what == "set" and ((c.kind and c.kind != kind) or (c.country and c.country != country)
                            or (c.role and c.role != role)):
        ops.do_set(db, a, c.kind, c.country, c.role)
