"""The commands that write (ingest, reextract, delete) and look after the file (check,
repair). They register on `tui.cli.cli`; the work is in tui/ingesting.py and
tui/maintenance.py, which drive db/.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any

import click

from tui import output
from tui.cli import cli, db_option, db_path, fail

if TYPE_CHECKING:
    from db.limits import Limits

CLUSTER_HELP = "extract on a Dask cluster: a scheduler's address, or local[:N] (README)"


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
