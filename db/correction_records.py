"""A user's correction of the actors as a value and as a JSON record (the read side).

A correction names its actors by id, name and key: the id in the database it was made in, the
key and name in any other (an export ingested elsewhere, a correction saved to the user's file
because the corpus could not be written). Its `uid` is a digest of what it says, who made it
and when, so that taking the same correction in twice changes nothing the second time.

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

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "key": self.key}


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

    def record(self) -> dict[str, Any]:
        """The `{"type":"correction",...}` record of the export and of `--json`."""
        return {
            "type": "correction", "id": self.id, "uid": self.uid, "what": self.what,
            "actor": self.actor.as_dict() if self.actor else None,
            "into": self.into.as_dict() if self.into else None,
            "form": self.form, "article": self.article, "name": self.name, "kind": self.kind,
            "country": self.country, "role": self.role,
            "result": self.result.as_dict() if self.result else None,
            "who": self.who, "when": self.when, "note": self.note,
        }


def _plain(ref: Ref | None) -> list[str | None] | None:
    return None if ref is None else [ref.name, ref.key]


def _ref(value: Any, where: str, field: str) -> Ref | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise CorrectionError(f"{where}: correction's '{field}' is not an actor "
                              '({"id":..., "name":..., "key":...})')
    ident = value.get("id")
    key = value.get("key")
    return Ref(ident if isinstance(ident, int) and not isinstance(ident, bool) else None,
               value["name"], key if isinstance(key, str) else None)


def _text(record: dict[str, Any], field: str, where: str) -> str | None:
    value = record.get(field)
    if value is not None and not isinstance(value, str):
        raise CorrectionError(f"{where}: correction's '{field}' is not text")
    return value


def from_record(record: dict[str, Any], where: str) -> Correction:
    """A correction from its JSON record; CorrectionError naming `where` when malformed."""
    what = record.get("what")
    if what not in KINDS_OF_CORRECTION:
        raise CorrectionError(f"{where}: correction of unknown kind {what!r} (one of "
                              f"{', '.join(KINDS_OF_CORRECTION)})")
    c = Correction(
        what=what, actor=_ref(record.get("actor"), where, "actor"),
        into=_ref(record.get("into"), where, "into"),
        form=_text(record, "form", where), article=_text(record, "article", where),
        name=_text(record, "name", where), kind=_text(record, "kind", where),
        country=_text(record, "country", where), role=_text(record, "role", where),
        who=_text(record, "who", where) or "", when=_text(record, "when", where) or "",
        note=_text(record, "note", where),
    )
    if what in ("merge", "split", "rename", "set") and c.actor is None:
        raise CorrectionError(f"{where}: a {what} correction names no actor")
    if what == "merge" and c.into is None:
        raise CorrectionError(f"{where}: a merge correction names no actor to merge into")
    if what in ("split", "not-actor") and not c.form:
        raise CorrectionError(f"{where}: a {what} correction names no form")
    if what == "rename" and not (c.name or "").strip():
        raise CorrectionError(f"{where}: a rename correction has no new name")
    uid = record.get("uid")
    return replace(c, given_uid=uid) if isinstance(uid, str) and uid else c


COLUMNS = ("id, what, actor, target, form, article, name, kind, country, role, result, who, "
           "at, note, uid")


def from_row(row: tuple[Any, ...]) -> Correction:
    (ident, what, actor, into, form, article, name, kind, country, role, result, who, at,
     note, uid) = row

    def ref(text: str | None) -> Ref | None:
        if not text:
            return None
        value = json.loads(text)
        return Ref(value.get("id"), value["name"], value.get("key"))

    return Correction(what, ref(actor), ref(into), form, article, name, kind, country, role,
                      who or "", at or "", note, ident, ref(result), uid)


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
