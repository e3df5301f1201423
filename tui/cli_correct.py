"""`briefing correct ...` and `briefing corrections ...`: the user's corrections of the actors.

Each correction is one short write (the writer lock, one transaction; no spaCy). The browser
runs these very commands as processes. Where the database cannot be written (another user's
corpus, a read-only folder) the correction goes to the user's own file instead
(`$XDG_DATA_HOME/briefing/corrections.jsonl`), for the owner to take in with
`briefing correct apply FILE`. Bad input is one line and exit 2, with nothing changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from db.correction_records import Correction, CorrectionError, Ref, saved, stamped
from tui import output
from tui.paths import data_dir, default_db

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.store import Store

AMBIGUOUS_SHOWN = 20


def user_file() -> Path:
    """Where a correction goes when the database cannot be written: the user's own folder."""
    return data_dir() / "corrections.jsonl"


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.ensure_object(dict)["db"] = value
    return value


def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--db, before or after the command name (as tui/cli.py's)."""
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), callback=_remember_db,
        expose_value=False, is_eager=True, help="the database",
    )(f)


def _db_path() -> Path:
    ctx = click.get_current_context()
    for c in (ctx, *_parents(ctx)):
        if c.obj and c.obj.get("db"):
            return Path(c.obj["db"]).expanduser()
    return default_db()


def _parents(ctx: click.Context) -> list[click.Context]:
    found = []
    while ctx.parent is not None:
        ctx = ctx.parent
        found.append(ctx)
    return found


def _fail(message: str) -> NoReturn:
    output.error(message)
    sys.exit(2)


def _text(value: str) -> str:
    """A command-line word as text (lone surrogates from a non-UTF-8 terminal made U+FFFD)."""
    try:
        return os.fsencode(value).decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def _store() -> Store:
    from db.database import DatabaseError
    from db.store import Store

    path = _db_path()
    if not path.exists():
        _fail(f"error: {path}: no such database")
    try:
        return Store(path)
    except DatabaseError as exc:
        _fail(f"error: {exc}")


def _actor(store: Store, name: str) -> Ref:
    """ACTOR as everywhere: an id, a name or an alias; exit 2 when unknown or ambiguous."""
    from db.models import AmbiguousActor

    name = _text(name)
    try:
        actor = store.resolve_actor(name)
    except AmbiguousActor as exc:
        output.error(f"error: '{name}' matches {len(exc.actors)} actors; use an id:")
        for a in exc.actors[:AMBIGUOUS_SHOWN]:
            output.error(f"  {a.id}  {a.name}  {a.kind}  {a.country or '-'}")
        if len(exc.actors) > AMBIGUOUS_SHOWN:
            output.error(f"  … and {len(exc.actors) - AMBIGUOUS_SHOWN} more")
        sys.exit(2)
    if actor is None:
        merged = store.conn.execute(
            "SELECT a.id, a.name FROM actor_redirects r JOIN actors a ON a.id = r.new_id "
            "WHERE r.old_id = ?", [int(name)]).fetchone() if name.strip().isdigit() else None
        if merged:  # an id an open browser or a saved view still holds (DECISIONS.md)
            _fail(f"error: actor {name.strip()} was merged into '{merged[1]}' ({merged[0]})")
        _fail(f"error: no actor named '{name}'")
    return Ref(actor.id, name)  # as typed: the plan names it as stored, messages as typed


def _writable(path: Path) -> bool:
    """Whether this user can write the database: the file and its folder (the write-ahead
    log and the lock are made beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class CannotWrite(Exception):
    """The database cannot be written after all; the message is one line for the user."""


@contextmanager
def _writing(path: Path) -> Iterator[Database]:
    """The writer lock, then the database open for writing (migrated), for one correction;
    closed (checkpointed) at the end. Not tui.ingesting's: that brings the readers along,
    and a correction is timed by the browser."""
    from db.database import DatabaseError, damaged, is_damage
    from db.lock import LockInterrupted, write_lock
    from db.schema import close_write, open_write

    try:
        with write_lock(path, on_wait=output.error):
            try:
                db = open_write(path)
            except DatabaseError as exc:
                raise CannotWrite(f"error: {exc}") from exc
            try:
                yield db
            except sqlite3.Error as exc:
                why = damaged(path, exc, writing=True) if is_damage(exc) else \
                    f"{path}: {exc}; nothing was changed"
                raise CannotWrite(f"error: {why}") from exc
            finally:
                with suppress(sqlite3.Error):
                    close_write(db)
    except LockInterrupted:
        raise CannotWrite("interrupted while waiting for the other writer; nothing was "
                          "changed") from None


def _run(store: Store, c: Correction, dry_run: bool, as_json: bool) -> None:
    """Check, then make (or only describe, or save to the user's file) one correction."""
    from db.correction_plan import plan

    c = stamped(c)
    try:
        p = plan(store.conn, c)
    except CorrectionError as exc:
        _fail(f"error: {exc}")
    if dry_run:
        if as_json:
            output.json_line({**p.correction.record(), "dry_run": True,
                              "summary": p.summary})  # its id null: it is not made
        else:
            output.out(p.summary)
        return
    if not _writable(store.path) or store.notice:
        _save(store.path, saved(p.correction), p.summary, as_json)
        return
    from db.corrections import apply

    try:
        with _writing(store.path) as db, db.atomic():
            made, summary = apply(db, c)
    except CorrectionError as exc:
        _fail(f"error: {exc}")
    except CannotWrite as exc:
        if "read-only" in str(exc):
            _save(store.path, saved(p.correction), p.summary, as_json)
            return
        _fail(str(exc))
    if as_json:
        output.json_line({**made.record(), "summary": summary})
    else:
        output.out(f"correction {made.id}: {summary}")


def _save(db: Path, c: Correction, summary: str, as_json: bool) -> None:
    """The correction appended to the user's file, for the corpus owner to take in."""
    path = user_file()
    record = c.record()  # its id null: the database it goes to gives it one
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        _fail(f"error: {db} cannot be written, nor {path}: {exc.strerror or exc}")
    output.error(f"{db} cannot be written: the correction is saved to {path}; its owner takes "
                 f"it in with `briefing --db {db} correct apply {path}`")
    if as_json:
        output.json_line({**record, "summary": summary, "saved_to": str(path)})
    else:
        output.out(f"saved: {summary}")


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in (
        click.option("--note", help="why, in a few words"),
        click.option("--dry-run", is_flag=True, help="change nothing; say what would change"),
        click.option("--json", "as_json", is_flag=True, help="the correction's record"),
        _db_option,
    ):
        f = option(f)
    return f


@click.group()
@_db_option
def correct() -> None:
    """Correct the actors: merge, split, not-actor, rename, set; apply a file of them."""


@correct.command()
@click.argument("actor")
@click.argument("into")
@_common
def merge(actor: str, into: str, note: str | None, dry_run: bool, as_json: bool) -> None:
    """ACTOR's aliases and mentions become INTO's."""
    store = _store()
    _run(store, Correction("merge", _actor(store, actor), _actor(store, into),
                           note=_note(note)), dry_run, as_json)


@correct.command()
@click.argument("actor")
@click.argument("alias")
@click.option("--into", help="the actor the alias goes to (default: a new one)")
@_common
def split(actor: str, alias: str, into: str | None, note: str | None, dry_run: bool,
          as_json: bool) -> None:
    """ALIAS of ACTOR becomes its own actor (or goes to another)."""
    store = _store()
    target = _actor(store, into) if into else None
    _run(store, Correction("split", _actor(store, actor), target, form=_text(alias),
                           note=_note(note)), dry_run, as_json)


@correct.command("not-actor")
@click.argument("form")
@click.option("--article", "article_id", type=int, help="in this article only")
@_common
def not_actor(form: str, article_id: int | None, note: str | None, dry_run: bool,
              as_json: bool) -> None:
    """FORM is not an actor, everywhere (or in one article): its mentions go."""
    store = _store()
    external = None
    if article_id is not None:
        article = store.article(article_id)
        if article is None:
            _fail(f"error: no article with id {article_id}")
        external = article.external_id
    _run(store, Correction("not-actor", form=_text(form), article=external, note=_note(note)),
         dry_run, as_json)


@correct.command()
@click.argument("actor")
@click.argument("name")
@_common
def rename(actor: str, name: str, note: str | None, dry_run: bool, as_json: bool) -> None:
    """ACTOR's canonical name becomes NAME."""
    store = _store()
    _run(store, Correction("rename", _actor(store, actor), name=_text(name), note=_note(note)),
         dry_run, as_json)


@correct.command("set")
@click.argument("actor")
@click.option("--kind", help="country, person, organization, place or group")
@click.option("--country", help="ISO 3166-1 alpha-3 code (or a country's name)")
@click.option("--role", help="a person's role")
@_common
def set_(actor: str, kind: str | None, country: str | None, role: str | None,
         note: str | None, dry_run: bool, as_json: bool) -> None:
    """ACTOR's kind, country or role."""
    store = _store()
    code = None
    if country is not None:
        code = store.country_code(_text(country))
        if code is None:
            _fail(f"error: no country named '{country}' (give an ISO 3166-1 alpha-3 code)")
    _run(store, Correction("set", _actor(store, actor), kind=kind, country=code,
                           role=_text(role) if role is not None else None, note=_note(note)),
         dry_run, as_json)


def _note(note: str | None) -> str | None:
    return " ".join(_text(note).split()) or None if note is not None else None


@correct.command("apply")
@click.argument("file", type=click.Path(dir_okay=False))
@_db_option
def apply_file(file: str) -> None:
    """Take in the corrections of FILE (JSON Lines, as saved or exported); twice is once."""
    from db.correction_records import from_record

    corrections: list[Correction] = []
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"error: {file}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            _fail(f"error: {file}:{n}: malformed JSON")
        if not isinstance(record, dict) or record.get("type") != "correction":
            continue  # the other records of an export
        try:
            corrections.append(from_record(record, f"{file}:{n}"))
        except CorrectionError as exc:
            _fail(f"error: {exc}")
    store = _store()
    if not _writable(store.path) or store.notice:
        _fail(f"error: {store.path}: cannot be written (the corpus owner applies the file)")
    from db.corrections import take

    taken = 0
    try:
        with _writing(store.path) as db, db.atomic():  # all or nothing
            for c in corrections:
                if take(db, c) is not None:
                    taken += 1
    except CorrectionError as exc:
        _fail(f"error: {file}: nothing taken in: {exc}")
    except CannotWrite as exc:
        _fail(str(exc))
    output.out(f"corrections: {taken} taken in, {len(corrections) - taken} here already")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines")
@_db_option
@click.pass_context
def corrections(ctx: click.Context, as_json: bool) -> None:
    """The corrections in force, oldest first; `undo ID` reverses one."""
    if ctx.invoked_subcommand is not None:
        return
    from db.correction_records import describe, listing

    store = _store()
    found = listing(store.conn)
    if as_json:
        for c in found:
            output.json_line(c.record())
        return
    output.table(("id", "correction", "who", "when", "note"), (
        (c.id, describe(c), c.who, c.when, c.note or "") for c in found))


@corrections.command()
@click.argument("correction_id", type=int)
@_db_option
def undo(correction_id: int) -> None:
    """Reverse correction ID (and only it)."""
    from db.corrections import undo as undo_one

    store = _store()
    try:
        with _writing(store.path) as db, db.atomic():
            message = undo_one(db, correction_id)
    except CorrectionError as exc:
        _fail(f"error: {exc}")
    except CannotWrite as exc:
        _fail(str(exc))
    output.out(message)


def register(cli: click.Group) -> None:
    cli.add_command(correct)
    cli.add_command(corrections)


def _register() -> None:
    from tui.cli import cli  # tui.cli imports this module on demand

    register(cli)


_register()
