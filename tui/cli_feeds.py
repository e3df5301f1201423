"""The subscription commands: `briefing feeds add|list|remove|import|export` and `refresh`.

Registered on the main group by `register` (tui/cli.py), which hands over its `--db` option
and the path it resolves: this module never imports tui/cli.py (run as `python -m tui.cli`
that would be a second copy of it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from tui import output

_db_path: list[Callable[[], Path]] = []


def register(cli: click.Group, db_option: Callable[[Any], Any],
             db_path: Callable[[], Path]) -> None:
    """Add `feeds` and `refresh` to `cli`, each accepting `--db` where its others do."""
    if not _db_path:  # once: `python -m tui.cli` imports tui/cli.py a second time
        _db_path.append(db_path)
        for command in (feeds, refresh, *feeds.commands.values()):
            db_option(command)  # click's option decorator takes a Command too
    cli.add_command(feeds)
    cli.add_command(refresh)


def _path() -> Path:
    return _db_path[0]()


def _fail(message: str, code: int = 2) -> NoReturn:
    output.error(message)
    sys.exit(code)


def _text(value: str) -> str:
    """A command-line word as text (bytes that are not UTF-8 become U+FFFD)."""
    import os

    try:
        return os.fsencode(value).decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def _write(action: Callable[[Any], Any]) -> Any:
    """Run `action` on the database open for writing, under the writer lock."""
    from db.subscribe import SubscribeError
    from tui.ingesting import _Failed, _writing

    try:
        with _writing(_path()) as db, db.atomic():
            return action(db)
    except SubscribeError as exc:
        _fail(f"error: {exc}")
    except _Failed as exc:
        _fail(str(exc))


@click.group()
def feeds() -> None:
    """Subscriptions: add, list, remove, import and export feeds (OPML)."""


@feeds.command("add")
@click.argument("url")
@click.option("--name", help="what the feed is called (default: its host and path)")
@click.option("--tag", "tags", multiple=True, help="a tag (repeat for several)")
@click.option("--full-text", is_flag=True,
              help="fetch each entry's article from its link when the feed has a summary only")
def add(url: str, name: str | None, tags: tuple[str, ...], full_text: bool) -> None:
    """Subscribe to the feed at URL (fetched by `briefing refresh`)."""
    from db import subscribe
    from db.inputs import FeedInput

    feed = FeedInput(url=_text(url), name=_text(name) if name else None,
                     tags=tuple(_text(t) for t in tags), full_text=full_text, origin=url)
    try:
        subscribe.check_url(feed.url)
    except subscribe.SubscribeError as exc:
        _fail(f"error: {exc}")
    what, stored = _write(lambda db: subscribe.add(db, feed))
    output.out(f"feed {stored!r}: {what}" + ("" if what == "unchanged" else
                                            "; `briefing refresh` fetches it"))


@feeds.command("remove")
@click.argument("name_or_url")
def remove(name_or_url: str) -> None:
    """Unsubscribe (by name or URL); its articles stay."""
    from db import subscribe

    name = _write(lambda db: subscribe.remove(db, _text(name_or_url)))
    output.out(f"feed {name!r}: removed (its articles stay)")


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines")
def list_feeds(as_json: bool) -> None:
    """Subscriptions with their last fetch, status, articles and unread articles."""
    from db.database import DatabaseError
    from db.store import Store
    from tui.readstate import ReadState

    path = _path()
    try:
        store = Store(path)
    except DatabaseError as exc:
        _fail(f"error: {exc}")
    state = ReadState(path)
    if state.problem:
        output.error(f"warning: {state.problem} (unread counts every article)")
    rows = store.feeds(read=sorted(state.ids))
    if as_json:
        for f in rows:
            output.json_line({"type": "feed", "name": f.name, "url": f.url,
                              "tags": list(f.tags), "full_text": f.full_text,
                              "last_fetched": f.last_fetched, "last_status": f.last_status,
                              "articles": f.articles, "unread": f.unread})
        return
    output.table(("name", "url", "tags", "last fetched", "status", "articles", "unread"), (
        (f.name, f.url, " ".join(f.tags), (f.last_fetched or "never").replace("T", " ")[:16],
         f.last_status or "-", f.articles, f.unread) for f in rows))


@feeds.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def import_feeds(file: str) -> None:
    """Subscribe to every feed of an OPML file or of newsboat's `urls` file (with its tags)."""
    from db import subscribe

    entries = list(subscribe.read_list(Path(file)))
    if entries and all(isinstance(e, str) for e in entries) and len(entries) == 1:
        _fail(f"error: {entries[0]}")
    result = _write(lambda db: subscribe.import_feeds(db, iter(entries)))
    for line in result.errors:
        output.error(f"error: {line}")
    output.out(f"feeds: {len(result.added)} added, {len(result.updated)} updated, "
               f"{result.unchanged} unchanged, {len(result.errors)} failed")
    sys.exit(1 if result.errors else 0)


@feeds.command("export")
@click.option("-o", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
def export_feeds(out: str | None) -> None:
    """The subscriptions as OPML 2.0 (for newsboat, FreshRSS, or `feeds import`)."""
    from db.database import DatabaseError
    from db.files import UnsafeOutput, atomic_output, check_output
    from db.store import Store
    from db.subscribe import to_opml

    if out:
        try:  # before anything is opened, as `export -o` does: never the database itself
            check_output(Path(out), _path())
        except UnsafeOutput as exc:
            _fail(f"error: {exc}")
    try:
        store = Store(_path())
    except DatabaseError as exc:
        _fail(f"error: {exc}")
    text = to_opml([(f.name, f.url, f.tags, f.full_text) for f in store.feeds()])
    if not out:
        sys.stdout.write(text)
        return
    with atomic_output(Path(out)) as stream:
        stream.write(text)


@click.command()
@click.argument("selectors", nargs=-1, metavar="[NAME_OR_TAG]...")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="feeds fetched at once (one request at a time per host)")
@click.option("--every", metavar="DURATION", help="keep running: refresh every 15m, 1h, ...")
@click.option("--progress", type=click.Choice(["json"]),
              help="json: one JSON object per feed on stdout as it finishes")
@click.option("--model", help="spaCy model for new entries (default: $BRIEFING_MODEL, else "
              "the bundled one)")
@click.option("--max-file", metavar="SIZE", help="largest feed or page read (default 50MB)")
@click.option("--fetch-timeout", metavar="SECONDS", type=float,
              help="the whole fetch of one feed, redirects included (default 60)")
def refresh(selectors: tuple[str, ...], workers: int, every: str | None,
            progress: str | None, model: str | None, max_file: str | None,
            fetch_timeout: float | None) -> None:
    """Fetch the due feeds (or those named, by name or tag) and ingest their new entries.

    Exit status as `ingest`: 0 done, 1 some feeds failed, 2 usage or database error,
    130 interrupted.
    """
    from tui.cli_write import Interrupted, _limits  # noqa: PLC0415  (the one definition of each)
    from tui.refreshing import parse_every, run_every, run_refresh

    seconds = parse_every(every) if every is not None else None
    if every is not None and seconds is None:
        _fail(f"error: --every {every!r}: not a duration (15m, 1h, 1h30m, 90s, 1d)")
    limits = _limits({"file": max_file, "fetch_seconds": fetch_timeout})
    stop = Interrupted()
    stop.install()

    def once() -> int:
        return run_refresh(_path(), [_text(s) for s in selectors], workers=workers,
                           model=model, limits=limits, json_progress=progress == "json",
                           should_stop=lambda: stop.signal is not None)

    if seconds is None:
        sys.exit(once())
    sys.exit(run_every(seconds, once, lambda: stop.signal is not None))


def _register() -> None:
    from tui.cli import cli, db_option, db_path  # tui.cli imports this module on demand

    register(cli, db_option, db_path)


_register()
