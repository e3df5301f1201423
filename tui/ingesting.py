"""The write commands (ingest, reextract, delete): progress bar, messages, exit status.

The work itself is in `db.ingest`; this module only drives it for a terminal user.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from db import ingest as writer
from db.readers import read_inputs
from db.schema import DatabaseError, open_write
from tui import output


def _progress(total: int | None, label: str) -> tuple[AbstractContextManager[Any], Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return nullcontext(), lambda _n: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True, markup=False, highlight=False), transient=True,
    )
    task = progress.add_task(label, total=total)
    return progress, lambda n: progress.advance(task, n)


def _load_pipeline(model: str | None) -> Any:
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


def run_ingest(path: Path, inputs: list[str], *, model: str | None, workers: int,
               should_stop: Callable[[], bool]) -> int:
    try:
        db = open_write(path)
    except DatabaseError as exc:
        output.error(f"error: {exc}")
        return 2
    items = list(read_inputs(inputs))
    pipeline = _load_pipeline(model)
    bar, advance = _progress(len(items), "ingesting")
    with bar:
        summary = writer.ingest_items(
            db, items, pipeline, n_process=workers, on_progress=advance,
            on_message=output.error, should_stop=should_stop,
        )
    interrupted = should_stop()
    print(summary.line() + (" (interrupted: the rest was not read)" if interrupted else ""))
    if interrupted:
        return 130
    return 1 if summary.failed else 0


def run_reextract(path: Path, *, model: str | None, workers: int) -> int:
    try:
        db = open_write(path)
    except DatabaseError as exc:
        output.error(f"error: {exc}")
        return 2
    pipeline = _load_pipeline(model)
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    bar, advance = _progress(total, "re-extracting")
    with bar:
        done = writer.reextract(db, pipeline, n_process=workers, on_progress=advance)
    print(f"articles: {done} re-extracted with {pipeline.name}")
    return 0


def run_delete(path: Path, article_ids: list[int]) -> int:
    if not path.exists():
        output.error(f"error: {path}: no such database")
        return 2
    try:
        db = open_write(path)
    except DatabaseError as exc:
        output.error(f"error: {exc}")
        return 2
    missing = 0
    deleted = 0
    for article_id in article_ids:
        with db.atomic():
            if writer.delete_article(db, article_id):
                deleted += 1
            else:
                missing += 1
                output.error(f"error: no article with id {article_id}")
    print(f"articles: {deleted} deleted, {missing} not found")
    return 1 if missing else 0
