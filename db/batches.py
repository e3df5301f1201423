"""Batches of articles on their way through the pipeline, written in the order they came.

A local pipeline extracts a batch when it is started, and the batch is written at once.
A pipeline that can `submit` (a Dask cluster, `db/cluster.py`) is given the next batch
before the one before it is written: its workers extract batch k+1 while the client writes
batch k and reads and checks the inputs of batch k+2. Without that the workers waited, idle,
for every write and every read of the client (the cluster cost 39% more than `--workers 2`).
At most one batch is ahead, so a stopped or killed client has lost no more than a local
ingest would: the batches not yet written, each of which a rerun extracts again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from db.nlp.found import Extraction  # plain dataclasses: no spaCy

if TYPE_CHECKING:
    from db.nlp.pipeline import Pipeline

Batch = TypeVar("Batch")


class Pending(Protocol):
    """A batch sent to be extracted."""

    def result(self) -> list[Extraction]: ...

    def cancel(self) -> None: ...


class Submits(Protocol):
    def submit(self, texts: Sequence[str], *, batch_size: int,
               titles: Sequence[str | None]) -> Pending: ...


class InTurn(Generic[Batch]):
    """Start batches with `start`; each is handed to `write` with its extractions, in order.
    `drain` writes every batch still on its way (before anything that must see them stored,
    and at the end)."""

    def __init__(self, pipeline: Pipeline | Submits, write: Callable[[Batch, list[Extraction]],
                                                                    None], *,
                 batch_size: int, n_process: int) -> None:
        self._pipeline = pipeline
        self._write = write
        self._batch_size = batch_size
        self._n_process = n_process
        self._submit = getattr(pipeline, "submit", None)
        self._on_way: deque[tuple[Batch, Pending]] = deque()

    def start(self, batch: Batch, texts: Sequence[str], titles: Sequence[str | None]) -> None:
        if self._submit is None:
            # A list, made here, before `write` takes the lock: extract_many is a generator,
            # and consumed inside the lock it ran the model there, and forked the worker pool
            # there, whose processes kept the lock's file open and so held the lock for good.
            done = list(self._pipeline.extract_many(  # type: ignore[union-attr]
                texts, batch_size=self._batch_size, n_process=self._n_process, titles=titles))
            self._write(batch, done)
            return
        self._on_way.append((batch, self._submit(texts, batch_size=self._batch_size,
                                                 titles=titles)))
        while len(self._on_way) > 1:  # one ahead: the newest extracts while the older is written
            self._write_oldest()

    def drain(self) -> None:
        while self._on_way:
            self._write_oldest()

    def _write_oldest(self) -> None:
        batch, pending = self._on_way.popleft()
        try:
            self._write(batch, pending.result())
        except BaseException:
            for _, later in self._on_way:  # nothing after a failed batch is written
                later.cancel()
            self._on_way.clear()
            raise
