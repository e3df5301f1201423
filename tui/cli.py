"""The command line (a contract: tests and tools depend on it; README.md documents it): the
group, its shared options and helpers, and `browse`. The other commands are in the modules
named in `COMMANDS`, each imported only when one of its commands runs.

Exit status: 0 done; 1 some inputs failed; 2 usage or database error; 130 interrupted.
Errors are one line on stderr; never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from db.database import DatabaseError, damaged, is_damage
from db.models import AmbiguousActor
from db.search import QueryTooBroad
from db.store import Store
from tui import output
from tui.paths import default_db, seeds_dir

if TYPE_CHECKING:
    from db.actor_models import Actor

FIRST_PAGE = 200  # rows of the article list read before the browser starts

# --limit 100000000000000000000 is "no limit" (it overflowed SQLite's 64-bit integers).
LIMIT = click.IntRange(0, 2**62, clamp=True)

DB_HELP = "the database (default: $BRIEFING_DB, else $XDG_DATA_HOME/briefing/briefing.db)"


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.ensure_object(dict)["db"] = value
    return value


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--db, accepted before or after the command name."""
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), callback=_remember_db,
        expose_value=False, is_eager=True, help=DB_HELP,
    )(f)


def db_path() -> Path:
    ctx = click.get_current_context()
    root = ctx.find_root()
    value = (root.obj or {}).get("db") or (ctx.obj or {}).get("db")
    return Path(value).expanduser() if value else default_db()


def fail(message: str, code: int = 2) -> NoReturn:
    output.error(message)
    sys.exit(code)


def open_store() -> Store:
    try:
        store = Store(db_path())
    except DatabaseError as exc:
        fail(f"error: {exc}")
    if store.notice:  # e.g. opened immutable: another user's corpus in a read-only folder
        output.error(f"warning: {store.path}: {store.notice}")
    return store


AMBIGUOUS_SHOWN = 20  # candidates listed for an ambiguous actor; the rest are counted


def text_arg(value: str) -> str:
    """A command-line word as text: bytes that are not UTF-8 (a Latin-1 terminal) arrive as
    lone surrogates, which SQLite cannot take; each becomes U+FFFD."""
    try:
        return os.fsencode(value).decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def resolve(store: Store, name: str, kind: str | None = None) -> Actor | None:
    """An actor by id, name or alias; exits 2 listing the candidates when ambiguous."""
    name = text_arg(name)
    try:
        actor = store.resolve_actor(name, kind)
    except AmbiguousActor as exc:
        lines = [f"error: '{name}' matches {len(exc.actors)} actors; use an id:"]
        lines += [f"  {a.id}  {a.name}  {a.kind}  {a.country or '-'}"
                  for a in exc.actors[:AMBIGUOUS_SHOWN]]
        if len(exc.actors) > AMBIGUOUS_SHOWN:
            lines.append(f"  … and {len(exc.actors) - AMBIGUOUS_SHOWN} more")
        for line in lines:
            output.error(line)
        sys.exit(2)
    if actor is None:
        output.error(f"no actor named '{name}'")
    return actor


# Where each command lives. A read command (`briefing search ... --json` in a script) starts in
# about twice a bare Python's time only if it does not import what ingest, feeds and
# corrections need (issue 18): a module is imported when one of its commands is asked for.
COMMANDS = {
    **dict.fromkeys(("search", "actors", "mentions", "claims", "export"), "tui.cli_read"),
    **dict.fromkeys(("ingest", "reextract", "delete", "check", "repair"), "tui.cli_write"),
    **dict.fromkeys(("feeds", "refresh"), "tui.cli_feeds"),
    **dict.fromkeys(("correct", "corrections"), "tui.cli_correct"),
}


class LazyGroup(click.Group):
    """A group whose commands register themselves when their module is imported."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """briefing: a keyboard-driven terminal browser for news."""
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is None:
        explicit = "db" in ctx.obj or os.environ.get("BRIEFING_DB")
        path = db_path()
        if not explicit and not path.exists():
            _first_run(path)
        _browse(path, None, None, None)


def _first_run(path: Path) -> None:
    """Ingest the bundled seeds into the default database, in a separate process."""
    output.error(f"first run: ingesting the bundled seeds into {path}")
    # The seed articles only: the folder's README describes them and is not an article.
    articles = sorted(str(p) for p in seeds_dir().iterdir() if p.suffix in (".txt", ".jsonl"))
    import subprocess  # imports kept out of the read commands' start (make bench)

    code = subprocess.call(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "ingest", *articles]
    )
    if code not in (0, 1):
        sys.exit(code)


@cli.command()
@click.option("--article", "article_id", type=int, help="open this article")
@click.option("--actor", "actor_name", help="select this actor")
@click.option("--view", "view_name", help="open a saved view")
@db_option
def browse(article_id: int | None, actor_name: str | None, view_name: str | None) -> None:
    """Browse the database in the terminal."""
    _browse(db_path(), article_id, actor_name, view_name)


def _browse(path: Path, article_id: int | None, actor_name: str | None,
            view_name: str | None) -> None:
    try:
        store = Store(path)
    except DatabaseError as exc:
        fail(f"error: {exc}")
    actor_id = None
    if actor_name:
        actor = resolve(store, actor_name)
        if actor is None:
            sys.exit(2)
        actor_id = actor.id
    # The first page of the list is read now, before Textual starts (a few ms from an
    # index). Read by a worker while Textual starts, it waited for the GIL at every row:
    # 300 ms of the first second at 100,000 articles.
    first_page = (store.articles(0, FIRST_PAGE), store.article_count())
    from tui.app import BriefingApp

    app = BriefingApp(store, article_id=article_id, actor_id=actor_id, view=view_name,
                      first_page=first_page)
    app.run()
    sys.exit(app.return_code or 0)


def main() -> None:
    """The console script: click, with every unexpected error reduced to one line."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        output.error("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        output.error(f"error: {exc.format_message()}")
        sys.exit(2)
    except KeyboardInterrupt:
        output.error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except DatabaseError as exc:
        output.error(f"error: {exc}")
        sys.exit(2)
    except QueryTooBroad as exc:
        output.error(f"error: {exc}")
        sys.exit(2)
    except sqlite3.DatabaseError as exc:
        from tui.crashlog import db_of_the_run, unforeseen

        if not is_damage(exc):
            unforeseen(exc)
        output.error(f"error: {damaged(db_of_the_run(), exc)}")
        sys.exit(2)
    except Exception as exc:  # never a traceback for users
        from tui.crashlog import unforeseen

        unforeseen(exc)


if __name__ == "__main__":
    # `python -m tui.cli` runs this file as __main__, a copy of tui.cli whose group has no
    # commands (they registered on the real module's): run the real one.
    from tui import cli as _the_module

    _the_module.main()
