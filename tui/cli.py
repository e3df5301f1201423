"""The command line (a contract: tests and tools depend on it). See DESIGN.md.

Exit status: 0 done; 1 some inputs failed; 2 usage or database error; 130 interrupted.
Errors are one line on stderr; never a traceback.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from db import query as querylang
from db.database import DatabaseError, damaged, is_damage
from db.models import ACTOR_KINDS, CLAIM_TYPES, Actor
from db.search import QueryTooBroad
from db.store import AmbiguousActor, Store, claim_record
from tui import output
from tui.paths import default_db, seeds_dir

if TYPE_CHECKING:
    from db.limits import Limits

FIRST_PAGE = 200  # rows of the article list read before the browser starts

# --limit 100000000000000000000 is "no limit" (it overflowed SQLite's 64-bit integers).
LIMIT = click.IntRange(0, 2**62, clamp=True)

CLUSTER_HELP = "extract on a Dask cluster: a scheduler's address, or local[:N] (README)"
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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


class Interrupted:
    """Ctrl-C or SIGHUP during ingest: finish the current batch, then stop."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self, signum: int, _frame: object) -> None:
        if self.signal is not None:  # a second Ctrl-C: stop now (the open batch rolls back)
            raise KeyboardInterrupt
        self.signal = signum
        output.error("stopping after the current batch…")

    def install(self) -> None:
        signal.signal(signal.SIGINT, self)
        signal.signal(signal.SIGHUP, self)
        signal.signal(signal.SIGTERM, self)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--model", help="spaCy model to use (default: $BRIEFING_MODEL, else the bundled one)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="processes running the model")
@click.option("--cluster", metavar="ADDRESS", help=CLUSTER_HELP)
@click.option("--max-record", metavar="SIZE",
              help="largest record or text file read (default 5MB)")
@click.option("--max-file", metavar="SIZE",
              help="largest file or response parsed whole: .json, HTML, feeds (default 50MB)")
@click.option("--fetch-timeout", metavar="SECONDS", type=float,
              help="the whole fetch of one URL, redirects included (default 60)")
@db_option
def ingest(inputs: tuple[str, ...], model: str | None, workers: int, cluster: str | None,
           max_record: str | None, max_file: str | None, fetch_timeout: float | None) -> None:
    """Ingest files, folders and http(s) URLs of pages and feeds.

    With none, only bring the database to this briefing's schema. Caps not given here come
    from [limits] in $XDG_CONFIG_HOME/briefing/config.toml, else the defaults.
    """
    if not inputs:
        from tui.ingesting import run_migrate

        sys.exit(run_migrate(db_path()))
    from tui.ingesting import run_ingest

    limits = _limits({"record": max_record, "file": max_file, "fetch_seconds": fetch_timeout})
    stop = Interrupted()
    stop.install()
    code = run_ingest(db_path(), list(inputs), model=model, workers=workers,
                      should_stop=lambda: stop.signal is not None, limits=limits, cluster=cluster)
    sys.exit(code)


_FLAGS = {"record": "--max-record", "file": "--max-file", "fetch_seconds": "--fetch-timeout"}


def _limits(flags: dict[str, Any]) -> Limits:
    """The caps: flags over config.toml over the defaults; a bad one is a usage error."""
    from db.limits import LimitsError, load_limits, with_values
    from tui.paths import config_dir

    try:
        limits = load_limits(config_dir() / "config.toml")
    except LimitsError as exc:
        fail(f"error: {exc}")
    for key, value in flags.items():
        if value is not None:
            try:
                limits = with_values(limits, {key: value})
            except LimitsError as exc:
                fail(f"error: {str(exc).replace(key, _FLAGS[key], 1)}")
    return limits


@cli.command()
@click.option("--model", help="spaCy model to use")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--cluster", metavar="ADDRESS", help=CLUSTER_HELP)
@db_option
def reextract(model: str | None, workers: int, cluster: str | None) -> None:
    """Run the current pipeline again over every stored article."""
    from tui.ingesting import run_reextract

    sys.exit(run_reextract(db_path(), model=model, workers=workers, cluster=cluster))


@cli.command()
@click.argument("article_ids", nargs=-1, required=True, type=int)
@db_option
def delete(article_ids: tuple[int, ...]) -> None:
    """Delete articles and everything extracted from them."""
    from tui.ingesting import run_delete

    sys.exit(run_delete(db_path(), list(article_ids)))


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=LIMIT, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines")
@db_option
def search(words: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search with the query language (words, "phrases", -word, filters)."""
    store = open_store()
    result = store.search(text_arg(" ".join(words)), limit=limit)
    for message in result.messages:
        output.error(message)
    if result.failed:  # malformed, or past its deadline: no results rather than wrong ones
        sys.exit(2)
    if result.kind == "articles":
        if as_json:
            for hit in result.articles:
                article = store.article(hit.article.id)
                assert article is not None
                output.json_line({**_article_record(article), "rank": hit.rank,
                                  "snippet": hit.snippet})
        else:
            output.table(("id", "date", "source", "title", "snippet"), (
                (h.article.id, (h.article.published or "")[:10], h.article.source or "",
                 output.one_line(h.article.title, 60), output.one_line(h.snippet, 80))
                for h in result.articles))
    else:
        if as_json:
            for c in result.claims:
                output.json_line({**claim_record(c.claim), "rank": c.rank, "title": c.title,
                                  "published": c.published})
        else:
            _claims_table(result.claims)


def _claims_table(hits: Any) -> None:
    output.table(("claim", "article", "types", "speaker", "sentence"), (
        (h.claim.id, h.claim.article_id, " ".join(h.claim.types) or "-", h.speaker or "",
         output.one_line(h.claim.text, 100))
        for h in hits))


def _article_record(article: Any) -> dict[str, Any]:
    return {"type": "article", "id": article.id, "external_id": article.external_id,
            "title": article.title, "source": article.source, "url": article.url,
            "published": article.published, "body": article.body, "sha256": article.sha256,
            "pipeline": article.pipeline}


def _actor_record(actor: Actor) -> dict[str, Any]:
    return {"type": "actor", "id": actor.id, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "role": actor.role, "aliases": list(actor.aliases)}


@cli.command()
@click.option("--kind", type=click.Choice(ACTOR_KINDS))
@click.option("--country", help="ISO 3166-1 alpha-3 code (or a country name)")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def actors(kind: str | None, country: str | None, limit: int | None, as_json: bool) -> None:
    """Actors with their mention and article counts."""
    store = open_store()
    code = store.country_code(text_arg(country)) if country else None
    if country and code is None:
        output.error(f"no country named '{country}'")
        return
    stats = store.actors(kind=kind, country=code, limit=limit)
    if as_json:
        for s in stats:
            output.json_line({**_actor_record(s.actor), "mentions": s.mentions,
                              "articles": s.articles})
    else:
        output.table(("id", "name", "kind", "country", "role", "mentions", "articles"), (
            (s.actor.id, s.actor.name, s.actor.kind, s.actor.country or "", s.actor.role or "",
             s.mentions, s.articles) for s in stats))


@cli.command()
@click.argument("actor")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def mentions(actor: str, limit: int | None, as_json: bool) -> None:
    """Every mention of ACTOR with its sentence, newest first."""
    store = open_store()
    found = resolve(store, actor)
    if found is None:
        sys.exit(2)  # an ACTOR that names no actor is a usage error (DECISIONS.md)
    rows = store.mentions_of(found.id, limit=limit)
    if as_json:
        for r in rows:
            m = r.mention
            output.json_line({"type": "mention", "id": m.id, "article_id": m.article_id,
                              "actor_id": m.actor_id, "claim_id": m.claim_id, "start": m.start,
                              "end": m.end, "text": m.text, "sentence": r.sentence,
                              "title": r.title, "published": r.published})
    else:
        output.table(("article", "date", "mention", "sentence"), (
            (r.mention.article_id, (r.published or "")[:10], r.mention.text,
             output.one_line(r.sentence, 100)) for r in rows))


@cli.command()
@click.option("--type", "types", multiple=True, type=click.Choice(CLAIM_TYPES),
              help="claim type (repeat for any of several)")
@click.option("--actor", "actor_name")
@click.option("--speaker", "speaker_name")
@click.option("--country", help="ISO 3166-1 alpha-3 code (or a country name)")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def claims(types: tuple[str, ...], actor_name: str | None, speaker_name: str | None,
           country: str | None, limit: int | None, as_json: bool) -> None:
    """Claims filtered by type, actor, speaker and country."""
    store = open_store()
    # The options become a query of the query language, run by the one implementation the
    # search box uses: `--speaker "United States"` means what `speaker:"United States"` means.
    # A name is resolved here first, so that one matching several actors is exit 2 with the
    # list (DESIGN.md); the query then holds its id.
    q = querylang.Query(type=list(types))
    for option, name in (("actor", actor_name), ("speaker", speaker_name)):
        if name:
            actor = resolve(store, name)
            if actor is None:
                sys.exit(2)  # an ACTOR that names no actor is a usage error (DECISIONS.md)
            getattr(q, option).append(str(actor.id))
    if country:
        q.country.append(text_arg(country))
    result = store.run_query(q, limit=limit, claims=True)
    for message in result.messages:
        output.error(message)
    if result.failed:
        sys.exit(2)
    hits = result.claims
    if as_json:
        for h in hits:
            output.json_line(claim_record(h.claim))
    else:
        _claims_table(hits)


@cli.command()
@click.option("-o", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
@db_option
def export(out: str | None) -> None:
    """Everything, as JSON Lines: articles, actors, mentions, claims."""
    import json

    from db.files import UnsafeOutput, atomic_output, check_output

    if out:
        try:  # before anything is opened: `-o DB` used to truncate the database itself
            check_output(Path(out), db_path())
        except UnsafeOutput as exc:
            fail(f"error: {exc}")
    store = open_store()
    if not out:
        for record in store.export():
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    # A temporary file renamed into place: an export that fails half-way (a damaged
    # database, a full disk, Ctrl-C) leaves the previous file as it was.
    with atomic_output(Path(out)) as stream:
        for record in store.export():
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


@cli.command()
@db_option
def check() -> None:
    """Integrity of the file, its indexes and kept counts; exit 1 with a list of problems."""
    from tui.maintenance import run_check

    sys.exit(run_check(db_path()))


@cli.command()
@db_option
def repair() -> None:
    """Back up, then rebuild indexes and kept counts (a copy, where pages are damaged)."""
    from tui.maintenance import run_repair

    sys.exit(run_repair(db_path()))


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
    main()
