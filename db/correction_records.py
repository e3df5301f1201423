"""A user's correction of the actors as a value and as a JSON record (the read side).

Inside a database a correction names its actors by id, key and name (the row and the rules
that hold it, `db/corrections.py`). Its record, in the export, in `--json` and in the user's
file, is DESIGN.md's: the actors by name, kind and country as they were when it was made, and
an article by `external_id`, so that another database can replay it. Its `uid` is a digest of
what it says, who made it and when, so that taking the same correction in twice changes
nothing the second time.

This module is the read path's: the store exports corrections and `briefing corrections`
lists them without sqlite-utils. Applying them is `db/corrections.py`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

KINDS_OF_CORRECTION = ("merge", "split", "not-actor", "rename", "set")


class CorrectionError(Exception):
    """Bad input for a correction: one line for the user (exit 2), nothing changed."""


@dataclass(frozen=True)
class Ref:
    """An actor as a correction names it."""

    id: int | None
    name: str
    key: str | None = None
    kind: str | None = None  # as it was when the correction was made (its record says so)
    country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """As the row keeps it: this database's id and key too."""
        return {"id": self.id, "name": self.name, "key": self.key, "kind": self.kind,
                "country": self.country}

    def described(self) -> dict[str, Any]:
        """As the record gives it: what names the actor in any database."""
        return {"name": self.name, "kind": self.kind, "country": self.country}


@dataclass(frozen=True)
class Correction:
    what: str
    actor: Ref | None = None  # merge/split/rename/set: the actor corrected
    into: Ref | None = None  # merge: the actor it goes into; split: the other actor, if any
    form: str | None = None  # split: the alias split off; not-actor: the surface form
    article: str | None = None  # not-actor in one article: its external_id
    name: str | None = None  # rename
    kind: str | None = None  # set
    country: str | None = None
    role: str | None = None
    who: str = ""
    when: str = ""
    note: str | None = None
    id: int | None = None
    result: Ref | None = None  # merge: the survivor; split: the actor the alias went to
    given_uid: str | None = None  # as first made, kept wherever it is taken in
    others: tuple[Ref, ...] = ()  # not-actor: the actors whose mentions it removed

    @property
    def uid(self) -> str:
        """What the correction says, by whom and when, as first made; not where it was made
        (ids): the same correction in another database, or in the user's file, has it too."""
        if self.given_uid:
            return self.given_uid
        said = {
            "what": self.what, "form": self.form, "article": self.article, "name": self.name,
            "kind": self.kind, "country": self.country, "role": self.role, "who": self.who,
            "when": self.when, "note": self.note,
            "actor": _plain(self.actor), "into": _plain(self.into),
        }
        return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()[:32]

    def actors(self) -> list[Ref]:
        """The actors it concerns, in the record's order: merge [A, B] (A into B); split
        [ACTOR] or [ACTOR, B]; not-actor the actors the form belonged to; rename, set [ACTOR]."""
        if self.what == "not-actor":
            return list(self.others)
        return [r for r in (self.actor, self.into) if r is not None]

    def value(self) -> str | dict[str, str] | None:
        """A rename's new name; what a set sets (only the fields given)."""
        if self.what == "rename":
            return self.name
        if self.what == "set":
            return {k: v for k, v in (("kind", self.kind), ("country", self.country),
                                      ("role", self.role)) if v is not None}
        return None

    def record(self) -> dict[str, Any]:
        """The `{"type":"correction",...}` record of the export and of `--json` (DESIGN.md),
        with `uid` besides."""
        return {
            "type": "correction", "id": self.id, "uid": self.uid, "kind": self.what,
            "actors": [r.described() for r in self.actors()],
            "alias": self.form if self.what in ("split", "not-actor") else None,
            "value": self.value(),
            "article_external_id": self.article if self.what == "not-actor" else None,
            "who": self.who, "at": self.when, "note": self.note,
        }


def _plain(ref: Ref | None) -> list[str | None] | None:
    return None if ref is None else [ref.name, ref.key]


def _actors(value: Any, where: str) -> list[Ref]:
    """The record's actors, by name, kind and country: no id of the database it came from."""
    if not isinstance(value, list):
        raise CorrectionError(f"{where}: correction's 'actors' is not a list")
    found = []
    for actor in value:
        if not isinstance(actor, dict) or not isinstance(actor.get("name"), str) or not \
                all(isinstance(actor.get(f), str | None) for f in ("kind", "country")):
            raise CorrectionError(f"{where}: correction's 'actors' has one that is not "
                                  '{"name":..., "kind":..., "country":...}')
        found.append(Ref(None, actor["name"], None, actor.get("kind"), actor.get("country")))
    return found


def _text(record: dict[str, Any], field: str, where: str) -> str | None:
    value = record.get(field)
    if value is not None and not isinstance(value, str):
        raise CorrectionError(f"{where}: correction's '{field}' is not text")
    return value


_HOW_MANY = {"merge": (2, 2), "split": (1, 2), "rename": (1, 1), "set": (1, 1)}
_SETS = ("kind", "country", "role")


def _set_value(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value or set(value) - set(_SETS) or \
            not all(isinstance(v, str) for v in value.values()):
        raise CorrectionError(f"{where}: a set correction's 'value' is not an object of "
                              f"{', '.join(_SETS)} (text)")
    return value


def _legacy(record: dict[str, Any]) -> dict[str, Any]:
    """A record as the first version of corrections wrote it (`what`, `actor`/`into`, `form`,
    `article`, `name`, a set's `kind`..., `when`), still in a user's file, in DESIGN.md's
    fields."""
    what = record.get("what")
    actors = [r for r in (record.get("actor"), record.get("into")) if r is not None]
    sets = {k: record.get(k) for k in _SETS if record.get(k) is not None}
    return {
        "kind": what, "uid": record.get("uid"), "who": record.get("who"),
        "at": record.get("when"), "note": record.get("note"), "alias": record.get("form"),
        "article_external_id": record.get("article"),
        "actors": [{"name": r.get("name")} if isinstance(r, dict) else r for r in actors],
        "value": record.get("name") if what == "rename" else sets if what == "set" else None,
    }


def from_record(record: dict[str, Any], where: str) -> Correction:
    """A correction from its JSON record; CorrectionError naming `where` when malformed."""
    if "what" in record and "actors" not in record:
        record = _legacy(record)
    what = record.get("kind")
    if what not in KINDS_OF_CORRECTION:
        raise CorrectionError(f"{where}: correction of unknown kind {what!r} (one of "
                              f"{', '.join(KINDS_OF_CORRECTION)})")
    actors = _actors(record.get("actors", []), where)
    least, most = _HOW_MANY.get(what, (0, len(actors)))
    if not least <= len(actors) <= most:
        many = str(least) if least == most else f"{least} or {most}"
        raise CorrectionError(f"{where}: a {what} correction names {many} actors, not "
                              f"{len(actors)}")
    value = record.get("value")
    if what == "rename" and not (isinstance(value, str) and value.strip()):
        raise CorrectionError(f"{where}: a rename correction has no new name")
    sets = _set_value(value, where) if what == "set" else {}
    alias = _text(record, "alias", where)
    if what in ("split", "not-actor") and not alias:
        raise CorrectionError(f"{where}: a {what} correction names no alias")
    c = Correction(
        what=what, actor=actors[0] if what != "not-actor" else None,
        into=actors[1] if len(actors) > 1 and what != "not-actor" else None,
        form=alias if what in ("split", "not-actor") else None,
        article=_text(record, "article_external_id", where) if what == "not-actor" else None,
        name=value if what == "rename" else None, kind=sets.get("kind"),
        country=sets.get("country"), role=sets.get("role"),
        who=_text(record, "who", where) or "", when=_text(record, "at", where) or "",
        note=_text(record, "note", where),
        others=tuple(actors) if what == "not-actor" else (),
    )
    uid = record.get("uid")
    return replace(c, given_uid=uid) if isinstance(uid, str) and uid else c


# A not-actor's actors are the ones its undo keeps, as they were (db/correction_ops.py).
COLUMNS = ("id, what, actor, target, form, article, name, kind, country, role, result, who, "
           "at, note, uid, CASE WHEN what = 'not-actor' THEN json_extract(undo, '$.actors') END")


def from_row(row: tuple[Any, ...]) -> Correction:
    (ident, what, actor, into, form, article, name, kind, country, role, result, who, at,
     note, uid, others) = row

    def ref(text: str | None) -> Ref | None:
        if not text:
            return None
        value = json.loads(text)
        return Ref(value.get("id"), value["name"], value.get("key"), value.get("kind"),
                   value.get("country"))

    rows = json.loads(others) if others else []  # (id, key, name, kind, country, ...)
    return Correction(what, ref(actor), ref(into), form, article, name, kind, country, role,
                      who or "", at or "", note, ident, ref(result), uid,
                      tuple(Ref(r[0], r[2], r[1], r[3], r[4]) for r in rows))


def ref_json(ref: Ref | None) -> str | None:
    return None if ref is None else json.dumps(ref.as_dict(), ensure_ascii=False)


def has_table(conn: sqlite3.Connection) -> bool:
    """Whether the database has corrections at all (one from before m010 has not)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'corrections'").fetchone() is not None


def listing(conn: sqlite3.Connection) -> list[Correction]:
    """Every correction in force, oldest first."""
    if not has_table(conn):
        return []
    return [from_row(r) for r in conn.execute(
        f"SELECT {COLUMNS} FROM corrections ORDER BY id")]


def one(conn: sqlite3.Connection, correction_id: int) -> Correction | None:
    if not has_table(conn):
        return None
    row = conn.execute(f"SELECT {COLUMNS} FROM corrections WHERE id = ?",
                       [correction_id]).fetchone()
    return from_row(row) if row else None


def export_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """The corrections of the export, after the claims, oldest first."""
    for c in listing(conn):
        yield c.record()


def saved(c: Correction) -> Correction:
    """A correction as saved to a file: no id of a database it is not in yet."""
    return replace(c, id=None, result=None, given_uid=c.uid)


def who_am_i() -> str:
    """The user's login name (the account, not $USER, which `su` and `sudo` may keep)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return getpass.getuser()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamped(c: Correction) -> Correction:
    """A new correction, by this user, now."""
    return replace(c, who=c.who or who_am_i(), when=c.when or now())


def describe(c: Correction) -> str:
    """A correction in a few words, for lists and messages."""
    actor = f"'{c.actor.name}'" if c.actor else ""
    if c.what == "merge":
        return f"merge {actor} into '{c.into.name if c.into else '?'}'"
    if c.what == "split":
        where = f"'{c.into.name}'" if c.into else "a new actor"
        return f"split '{c.form}' from {actor} into {where}"
    if c.what == "not-actor":
        return f"'{c.form}' is not an actor " + (f"in article '{c.article}'" if c.article
                                                  else "everywhere")
    if c.what == "rename":
        return f"rename {actor} to '{c.name}'"
    values = [f"{k} {v}" for k, v in (("kind", c.kind), ("country", c.country),
                                       ("role", c.role)) if v is not None]
    return f"set {actor}: " + ", ".join(values)
