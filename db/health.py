"""`briefing check` and `briefing repair`: is the file whole, do its indexes and kept counts
agree with what they stand for, and rebuilding what can be rebuilt.

A damaged database used to be written to and exported from as if nothing were wrong
(issue 15). Writers now stop at the first corruption error SQLite reports (`is_damage`), and
these two commands are what their messages name. Nothing here deletes or overwrites the
user's file without a copy: `repair` makes an online backup first, and where pages are
damaged it copies what can be read into a new file (`VACUUM INTO`) and says which to keep.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.database import configure, is_damage

FTS_TABLES = ("articles_fts", "claims_fts", "actors_fts")
_MAX_LISTED = 20  # rows of integrity_check shown; the rest counted

# What the kept counts stand for: (name, query giving the rows that disagree).
_KEPT = (
    ("claim_type_counts",
     "SELECT type FROM (SELECT type, n FROM claim_type_counts WHERE n != 0 EXCEPT "
     "SELECT type, count(*) FROM claim_types GROUP BY type) UNION "
     "SELECT type FROM (SELECT type, count(*) FROM claim_types GROUP BY type EXCEPT "
     "SELECT type, n FROM claim_type_counts)"),
    ("claim_countries",
     "SELECT claim_id FROM (SELECT claim_id, country FROM claim_countries EXCEPT "
     "SELECT m.claim_id, ac.country FROM mentions m JOIN actors ac ON ac.id = m.actor_id "
     "WHERE m.claim_id IS NOT NULL AND ac.country IS NOT NULL) UNION "
     "SELECT claim_id FROM (SELECT m.claim_id, ac.country FROM mentions m "
     "JOIN actors ac ON ac.id = m.actor_id WHERE m.claim_id IS NOT NULL "
     "AND ac.country IS NOT NULL EXCEPT SELECT claim_id, country FROM claim_countries)"),
    ("actors.n_mentions and n_articles",
     "SELECT a.id FROM actors a LEFT JOIN (SELECT actor_id, count(*) n, "
     "count(DISTINCT article_id) k FROM mentions GROUP BY actor_id) m ON m.actor_id = a.id "
     "WHERE a.n_mentions != coalesce(m.n, 0) OR a.n_articles != coalesce(m.k, 0)"),
    ("articles.n_actors",
     "SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(DISTINCT actor_id) n "
     "FROM mentions GROUP BY article_id) m ON m.article_id = a.id "
     "WHERE a.n_actors != coalesce(m.n, 0)"),
)

# Rows whose parent is gone: (what, query of their keys, delete statement for repair).
_ORPHANS = (
    ("claims without their article", "SELECT id FROM claims WHERE article_id NOT IN "
     "(SELECT id FROM articles)", "DELETE FROM claims WHERE article_id NOT IN "
     "(SELECT id FROM articles)"),
    ("claim types without their claim", "SELECT claim_id FROM claim_types WHERE claim_id NOT IN "
     "(SELECT id FROM claims)", "DELETE FROM claim_types WHERE claim_id NOT IN "
     "(SELECT id FROM claims)"),
    ("mentions without their article or actor", "SELECT id FROM mentions WHERE article_id NOT IN "
     "(SELECT id FROM articles) OR actor_id NOT IN (SELECT id FROM actors)",
     "DELETE FROM mentions WHERE article_id NOT IN (SELECT id FROM articles) "
     "OR actor_id NOT IN (SELECT id FROM actors)"),
    ("mentions in a claim that is gone", "SELECT id FROM mentions WHERE claim_id IS NOT NULL "
     "AND claim_id NOT IN (SELECT id FROM claims)", "UPDATE mentions SET claim_id = NULL "
     "WHERE claim_id IS NOT NULL AND claim_id NOT IN (SELECT id FROM claims)"),
    ("aliases without their actor", "SELECT actor_id FROM aliases WHERE actor_id NOT IN "
     "(SELECT id FROM actors)", "DELETE FROM aliases WHERE actor_id NOT IN "
     "(SELECT id FROM actors)"),
    ("claims spoken by an actor that is gone", "SELECT id FROM claims WHERE speaker_id IS NOT "
     "NULL AND speaker_id NOT IN (SELECT id FROM actors)", "UPDATE claims SET speaker_id = NULL "
     "WHERE speaker_id IS NOT NULL AND speaker_id NOT IN (SELECT id FROM actors)"),
)


@dataclass
class Report:
    """What `check` found: `damaged` (pages SQLite cannot read) and every other problem."""

    problems: list[str] = field(default_factory=list)
    damaged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def connect(path: Path) -> sqlite3.Connection:
    """Read-write without creating: FTS5's integrity-check is an INSERT, which a read-only
    connection refuses before running it; `check` rolls back, so nothing is ever written."""
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=rw", uri=True,
                           timeout=30, isolation_level=None)
    configure(conn)
    return conn


def check(path: Path) -> Report:
    """Every check, in order; a file whose pages are damaged stops after integrity_check."""
    report = Report()
    conn = connect(path)
    try:
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            report.damaged = True
            report.problems += [f"integrity: {r}" for r in rows[:_MAX_LISTED]]
            if len(rows) > _MAX_LISTED:
                report.problems.append(f"integrity: and {len(rows) - _MAX_LISTED} more")
            return report
        conn.execute("BEGIN")
        try:
            for table in FTS_TABLES:
                try:  # rank 1: an external-content index is compared with its content too
                    conn.execute(f"INSERT INTO {table} ({table}, rank) "
                                 "VALUES ('integrity-check', 1)")
                except sqlite3.DatabaseError as exc:
                    report.problems.append(f"index {table}: {exc}")
        finally:
            conn.execute("ROLLBACK")
        indexed = conn.execute("SELECT (SELECT count(*) FROM actors), "
                               "(SELECT count(*) FROM actors_fts)").fetchone()
        if indexed[0] != indexed[1]:
            report.problems.append(f"index actors_fts: {indexed[1]} rows for {indexed[0]} actors")
        for name, sql in _KEPT:
            keys = [r[0] for r in conn.execute(sql)]
            if keys:
                report.problems.append(f"kept counts {name}: {len(keys)} disagree "
                                       f"(e.g. {', '.join(map(str, keys[:5]))})")
        for what, sql, _fix in _ORPHANS:
            keys = [r[0] for r in conn.execute(sql)]
            if keys:
                report.problems.append(f"rows without parents: {len(keys)} {what} "
                                       f"(e.g. {', '.join(map(str, keys[:5]))})")
    finally:
        conn.close()
    return report


def rebuild(conn: sqlite3.Connection) -> None:
    """FTS indexes, kept counts and parentless rows, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for _what, _sql, fix in _ORPHANS:
            conn.execute(fix)
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
        conn.execute("DELETE FROM actors_fts")
        conn.execute(
            "INSERT INTO actors_fts (rowid, name, aliases) SELECT a.id, a.name, "
            "coalesce((SELECT group_concat(alias, ' | ') FROM (SELECT alias FROM aliases "
            "WHERE actor_id = a.id ORDER BY alias)), '') FROM actors a"
        )
        conn.execute("DELETE FROM claim_type_counts")
        conn.execute("INSERT INTO claim_type_counts SELECT type, count(*) FROM claim_types "
                     "GROUP BY type")
        conn.execute("DELETE FROM claim_countries")
        conn.execute(
            "INSERT OR IGNORE INTO claim_countries SELECT m.claim_id, ac.country FROM mentions m "
            "JOIN actors ac ON ac.id = m.actor_id "
            "WHERE m.claim_id IS NOT NULL AND ac.country IS NOT NULL"
        )
        conn.execute(
            "UPDATE actors SET n_mentions = (SELECT count(*) FROM mentions WHERE actor_id = "
            "actors.id), n_articles = (SELECT count(DISTINCT article_id) FROM mentions "
            "WHERE actor_id = actors.id)"
        )
        conn.execute("UPDATE articles SET n_actors = (SELECT count(DISTINCT actor_id) "
                     "FROM mentions WHERE article_id = articles.id)")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@dataclass
class Repaired:
    backup: Path
    keep: Path  # the file to use from now on: the database itself, or the copy
    report: Report  # `check` of `keep` after the repair


def repair(path: Path, say: Callable[[str], None]) -> Repaired:
    """Back up, then rebuild in place; with damaged pages, rebuild a copy instead."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.backup-{stamp}")
    conn = connect(path)
    try:
        target = sqlite3.connect(backup)
        try:
            conn.backup(target)  # SQLite's online backup: page by page, damaged pages too
        finally:
            target.close()
        say(f"{path}: backed up to {backup}")
        before = check(path)
        if not before.damaged:
            rebuild(conn)
            return Repaired(backup, path, check(path))
        copy = path.with_name(f"{path.name}.repaired-{stamp}")
        try:
            copy_readable(conn, copy)
        except sqlite3.DatabaseError as exc:
            copy.unlink(missing_ok=True)
            if not is_damage(exc):
                raise
            raise RepairFailed(
                f"{path}: the damaged pages hold rows that cannot be read ({exc}); nothing was "
                f"changed. Keep {backup}, and restore from an export if you have one"
            ) from exc
    finally:
        conn.close()
    fresh = connect(copy)
    try:
        rebuild(fresh)
    finally:
        fresh.close()
    return Repaired(backup, copy, check(copy))


def copy_readable(conn: sqlite3.Connection, copy: Path) -> None:
    """The schema and every table's rows into a new file, the indexes built afresh.

    Not `VACUUM INTO`: it copies indexes as they are, so one damaged index page fails it,
    though every row is still readable. Here tables are read by their own b-trees (`NOT
    INDEXED`), and indexes and FTS indexes are made from the rows in the new file.
    """
    schema = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    virtual = [name for kind, name, sql in schema
               if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")]
    shadow = {name for _k, name, _s in schema if any(name.startswith(f"{v}_") for v in virtual)}
    tables = [(name, sql) for kind, name, sql in schema
              if kind == "table" and name not in virtual and name not in shadow]
    fresh = sqlite3.connect(copy, isolation_level=None)
    try:
        fresh.execute("PRAGMA page_size = 16384")
        fresh.execute("PRAGMA journal_mode = WAL")
        for _name, sql in tables:
            fresh.execute(sql)
        for _kind, name, sql in schema:
            if name in virtual:
                fresh.execute(sql)
    finally:
        fresh.close()
    conn.execute("ATTACH DATABASE ? AS fresh", [str(copy)])
    # Tables are copied in the order they were made, which is not parents first (m007 made
    # articles again, after the claims that refer to it); the rows are the original's.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN")
        for name, _sql in tables:
            conn.execute(f'INSERT INTO fresh."{name}" SELECT * FROM main."{name}" NOT INDEXED')
        if conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'"
                        ).fetchone():
            conn.execute("DELETE FROM fresh.sqlite_sequence")
            conn.execute("INSERT INTO fresh.sqlite_sequence SELECT * FROM main.sqlite_sequence")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE fresh")
        conn.execute("PRAGMA foreign_keys = ON")
    fresh = sqlite3.connect(copy, isolation_level=None)
    try:
        for kind, name, sql in schema:
            if kind in ("index", "view", "trigger") and name not in shadow:
                fresh.execute(sql)
    finally:
        fresh.close()


class RepairFailed(Exception):
    """Repair could not make a sound copy; the message says what is kept."""
