"""The write commands (ingest, reextract, delete): progress bar, messages, exit status.

The work itself is in `db.ingest`; this module only drives it for a terminal user.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

from db import ingest as writer
from db.database import SCHEMA_VERSION, DatabaseError
from db.limits import Limits
from db.lock import LockInterrupted, write_lock
from db.readers import read_inputs
from db.schema import close_write, open_write, stored_articles, write_failed
from tui import output

INTERRUPTED = 130


def _progress(
    total: int | None, label: str
) -> tuple[AbstractContextManager[Any], Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return nullcontext(), lambda _n: None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True, markup=False, highlight=False), transient=True,
    )
    task = progress.add_task(label, total=total)
    return progress, lambda n: progress.advance(task, n)


def _load_pipeline(model: str | None, cluster: str | None = None) -> Any:
    """The model in this process, or with `cluster` a client of a Dask cluster whose workers
    each hold it (db/cluster.py); either way one line and exit 2 when it cannot be had."""
    if cluster is not None:
        return _cluster_pipeline(cluster, model)
    from db.nlp.model import ModelError
    from db.nlp.pipeline import Pipeline

    try:
        pipeline = Pipeline.load(model)
    except ModelError as exc:
        output.error(f"error: {exc}")
        sys.exit(2)
    if pipeline.warning:
        output.error(f"warning: {pipeline.warning}")
    return pipeline


def _cluster_pipeline(address: str, model: str | None) -> Any:
    import os

    from db.cluster import ClusterError, ClusterPipeline

    try:  # the workers load what a local run would: --model, else $BRIEFING_MODEL, else theirs
        return ClusterPipeline(address, model or os.environ.get("BRIEFING_MODEL") or None)
    except ClusterError as exc:
        output.error(f"error: {exc}")
        sys.exit(2)


def _workers(pipeline: Any, workers: int) -> int:
    """Processes sharing a batch: a cluster's workers, else --workers."""
    return int(getattr(pipeline, "workers", workers))


class _Failed(Exception):
    """A write command cannot go on; its message is already one line for the user."""


@contextmanager
def _writing(path: Path, should_stop: Callable[[], bool] | None = None,
             hold: bool = True) -> Iterator[Any]:
    """The write lock, then the database open for writing; closed (checkpointed) at the end.
    With `hold=False` the lock covers the opening (and its migrations) only: the caller
    takes it again for each batch.

    Errors of SQLite while writing (disk full, the folder made read-only meanwhile) become one
    line: the transaction in progress has rolled back, whole batches before it are kept.
    """
    try:
        with write_lock(path, on_wait=output.error, should_stop=should_stop) as lock:
            try:
                db = open_write(path)
            except DatabaseError as exc:
                raise _Failed(f"error: {exc}") from exc
            if not hold:
                lock.release()
            try:
                yield db
            except sqlite3.Error as exc:
                raise _Failed(f"error: {write_failed(path, exc, db)}") from exc
            finally:
                with suppress(sqlite3.Error):
                    close_write(db)
    except LockInterrupted:
        raise _Failed("interrupted while waiting for the other writer; nothing was written") \
            from None


def _batch_lock(path: Path, should_stop: Callable[[], bool]
                ) -> Callable[[], AbstractContextManager[object]]:
    """The writer lock for one batch; the wait is said once per run, not once per batch."""
    said: list[str] = []

    def once(message: str) -> None:
        if not said:
            said.append(message)
            output.error(message)

    return lambda: write_lock(path, on_wait=once, should_stop=should_stop)


def run_ingest(path: Path, inputs: list[str], *, model: str | None, workers: int,
               should_stop: Callable[[], bool], limits: Limits | None = None,
               cluster: str | None = None) -> int:
    summary = writer.Summary()
    try:
        # The lock is held to migrate the file, then for each batch's transaction only.
        with _writing(path, should_stop, hold=False) as db:
            pipeline = _load_pipeline(model, cluster)
            # Inputs are read as the writer asks for them, never all first: a huge or slow
            # input costs its own time and memory, and what came before it is written.
            items = read_inputs(inputs, limits, should_stop=should_stop)
            bar, advance = _progress(None, "ingesting")
            with bar:
                summary = writer.ingest_items(
                    db, items, pipeline, n_process=_workers(pipeline, workers),
                    on_progress=advance,
                    on_message=output.error, should_stop=should_stop,
                    batch_lock=_batch_lock(path, should_stop),
                )
    except _Failed as exc:
        output.error(str(exc))
        return INTERRUPTED if str(exc).startswith("interrupted") else 2
    if should_stop():
        output.out(summary.line() + "; interrupted: these are kept, the rest was not read "
                   "(run the same command again to finish)")
        return INTERRUPTED
    output.out(summary.line())
    return 1 if summary.failed else 0


def run_reextract(path: Path, *, model: str | None, workers: int,
                  cluster: str | None = None) -> int:
    try:
        with _writing(path) as db:
            pipeline = _load_pipeline(model, cluster)
            total = stored_articles(db)
            bar, advance = _progress(total, "re-extracting")
            with bar:
                done = writer.reextract(db, pipeline, n_process=_workers(pipeline, workers),
                                        on_progress=advance)
    except _Failed as exc:
        output.error(str(exc))
        return 2
    output.out(f"articles: {done} re-extracted with {pipeline.name}")
    return 0


def run_delete(path: Path, article_ids: list[int]) -> int:
    if not path.exists():
        output.error(f"error: {path}: no such database")
        return 2
    missing = 0
    deleted = 0
    try:
        with _writing(path) as db:
            for article_id in article_ids:
                with db.atomic():
                    if writer.delete_article(db, article_id):
                        deleted += 1
                    else:
                        missing += 1
                        output.error(f"error: no article with id {article_id}")
    except _Failed as exc:
        output.error(str(exc))
        return 2
    output.out(f"articles: {deleted} deleted, {missing} not found")
    return 1 if missing else 0


def run_migrate(path: Path) -> int:
    """`briefing ingest` with nothing to read: the database brought to this briefing's schema
    (which every write does first), and nothing else. The read commands never write, so this
    is what they tell a user of a database made by an older briefing to run."""
    if not path.exists():
        output.error(f"error: {path}: no such database")
        return 2
    try:
        with _writing(path):
            pass
    except _Failed as exc:
        output.error(str(exc))
        return 2
    output.out(f"{path}: up to date (schema {SCHEMA_VERSION})")
    return 0
