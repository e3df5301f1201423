"""Extraction on a Dask distributed cluster (`ingest --cluster`, `reextract --cluster`).

`ClusterPipeline` stands in for `db.nlp.pipeline.Pipeline` where ingest and reextract use
one: it has a `name` and an `extract_many`, and nothing else is asked of it. So the client
keeps everything else of a local run: readers, the sameness check (only new articles are
sent), the one write path, batches as transactions, progress, summary and exit statuses.

Each worker loads the model once (`ModelPlugin`, a `WorkerPlugin`) and extracts the batches
sent to it inside `nlp.memory_zone()` (as `Pipeline.extract_many` does), returning only the
small `Extraction`s. A worker that dies mid-batch loses its tasks to the scheduler, which
runs them again on another worker (up to `distributed.scheduler.allowed-failures` times), and
a task that raised is retried elsewhere (RETRIES); extraction is deterministic, so the result
is the same whichever worker ran it, and the client writes it in the order of the inputs.
"""

from __future__ import annotations

import atexit
import logging
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from db.nlp.found import Extraction  # plain dataclasses: no spaCy on the client

try:
    from distributed import WorkerPlugin
except ImportError:  # without the `cluster` extra: ClusterPipeline says how to install it
    WorkerPlugin = object  # type: ignore[assignment,misc]

CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler, and for a first worker to be there
PLUGIN_NAME = "briefing-model"
RETRIES = 2


class ClusterError(Exception):
    """The cluster cannot be used; the message is one line for the user."""


# The worker's pipeline, or why it has none: set by ModelPlugin.setup in each worker process.
_LOADED: dict[str, Any] = {}


class ModelPlugin(WorkerPlugin):
    """Loads the model once per worker process, when the worker starts or joins.

    A worker that cannot load the model keeps the reason, which the client asks every worker
    for before sending work, and which a task on it reports with the worker's address: an
    error raised in `setup` itself is only logged on the worker."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        from db.nlp.model import ModelError
        from db.nlp.pipeline import Pipeline

        _malloc_as_in_a_plain_process()
        if _LOADED.get("model", ...) == self.model and "pipeline" in _LOADED:
            return  # registered again by the next run: the model loaded is the one asked for
        _LOADED.clear()
        _LOADED["model"] = self.model
        try:
            pipeline = Pipeline.load(self.model)
        except ModelError as exc:
            _LOADED["error"] = str(exc)
            return
        if pipeline.warning:  # the rules-only fallback: this worker has no English model
            _LOADED["error"] = pipeline.warning
            return
        _LOADED["pipeline"] = pipeline


# glibc's mallopt parameters (malloc.h): M_TRIM_THRESHOLD, M_MMAP_THRESHOLD.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _malloc_as_in_a_plain_process() -> None:
    """Undo, in this worker, what a Dask nanny sets for every worker it starts:
    MALLOC_TRIM_THRESHOLD_=64 KiB, which also freezes glibc's mmap threshold at 128 KiB, so
    that each of the model's larger arrays is an mmap and a munmap of its own. The workers
    spent 38% more CPU on the same articles than `--workers 2`'s (73 s against 53 s for the
    bench's 512 articles); with glibc's usual bounds back, 64 s. Memory stays flat all the
    same: every batch runs in `nlp.memory_zone()`. Not glibc (macOS, musl): nothing to do."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)  # glibc's own upper bound, 64-bit
        libc.mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)  # twice it, as glibc keeps it
    except (OSError, AttributeError):
        pass


def worker_model() -> tuple[str | None, str | None]:
    """(pipeline name, None) on a worker with the model; (None, why not) otherwise."""
    pipeline = _LOADED.get("pipeline")
    if pipeline is not None:
        return pipeline.name, None
    return None, _LOADED.get("error", "the model was not loaded (the plugin did not run)")


def extract_batch(bodies: list[str], titles: list[str | None],
                  batch_size: int) -> tuple[str, list[Extraction]]:
    """On a worker: the extraction of each body (its title names the author), in order."""
    pipeline = _LOADED.get("pipeline")
    if pipeline is None:
        from distributed import get_worker

        raise ClusterError(f"worker {get_worker().address}: {worker_model()[1]}")
    return pipeline.name, list(pipeline.extract_many(bodies, batch_size=batch_size,
                                                     titles=titles))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class ClusterPipeline:
    """A client of a Dask cluster with the model on every worker."""

    def __init__(self, address: str, model: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ClusterError(
                "--cluster needs Dask: pip install 'briefing[cluster]'") from exc
        # Dask's own log lines (a nanny's restart, a closing worker) are not the user's: the
        # errors that matter come back as one line each, through ClusterError.
        logging.getLogger("distributed").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", module="distributed")
        self.address = address
        self._cluster: Any = None
        try:
            if address == "local" or address.startswith("local:"):
                n = _local_workers(address)
                # One thread per worker process: the model holds the GIL, threads would queue.
                self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                             dashboard_address=":0",  # any free port
                                             silence_logs=logging.ERROR)
                self.client = Client(self._cluster, timeout=CONNECT_TIMEOUT)
            else:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except ClusterError:
            raise
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            self.close()
            raise ClusterError(
                f"cannot reach the Dask cluster at {address}: {_first_line(exc)}") from None
        atexit.register(self.close)
        try:
            self._prepare(model)
        except BaseException:
            self.close()
            raise

    def _prepare(self, model: str | None) -> None:
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise ClusterError(
                f"the Dask cluster at {self.address} has no workers "
                f"(none joined in {CONNECT_TIMEOUT:.0f} s)") from None
        # Registered plugins also run on workers that join later, or that a nanny restarts.
        self.client.register_plugin(ModelPlugin(model), name=PLUGIN_NAME)
        states: dict[str, tuple[str | None, str | None]] = self.client.run(worker_model)
        names: dict[str, str] = {}
        for worker, (name, error) in sorted(states.items()):
            if error is not None or name is None:
                raise ClusterError(f"worker {worker} cannot run the model: {error}")
            names[worker] = name
        if len(set(names.values())) > 1:
            listed = ", ".join(f"{w}: {n}" for w, n in names.items())
            raise ClusterError(f"the workers have different models ({listed}); every worker "
                               "must have the same, or the corpus would mix them")
        self.name = next(iter(names.values()))
        self.warning: str | None = None
        self.workers = len(names)

    def extract_many(
        self, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1,
        titles: Sequence[str | None] | None = None,
    ) -> Iterator[Extraction]:
        """Extractions in the order of `texts`, made on the workers."""
        bodies = list(texts)
        heads = list(titles) if titles is not None else [None] * len(bodies)
        yield from self.submit(bodies, batch_size=batch_size, titles=heads).result()

    def submit(self, texts: Sequence[str], *, batch_size: int,
               titles: Sequence[str | None]) -> Sent:
        """Send a batch to the workers and return at once (`db/batches.py` writes the batch
        before while they extract it). A batch is cut into a few tasks per worker, so that
        no worker waits long for the last one at its end."""
        size = max(1, min(batch_size, -(-len(texts) // (2 * max(1, self.workers)))))
        return Sent(self, [
            # retries: a task that failed on one worker (a late joiner without the model, a
            # worker out of memory) runs on another; a dead worker's tasks are run again anyway.
            self.client.submit(extract_batch, list(texts[k:k + size]),
                               list(titles[k:k + size]), batch_size, pure=False,
                               retries=RETRIES)
            for k in range(0, len(texts), size)
        ])

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


class Sent:
    """A batch on the workers: its extractions in order, or one line of what failed."""

    def __init__(self, cluster: ClusterPipeline, futures: list[Any]) -> None:
        self._cluster = cluster
        self._futures = futures

    def result(self) -> list[Extraction]:
        done: list[Extraction] = []
        try:
            for future in self._futures:
                name, extractions = future.result()
                if name != self._cluster.name:
                    raise ClusterError(
                        f"a worker that joined during the run has another model ({name}, "
                        f"not {self._cluster.name}); the batch was not written")
                done.extend(extractions)
        except ClusterError:
            raise
        except Exception as exc:  # KilledWorker after too many deaths, a worker's error
            raise ClusterError(f"the Dask cluster at {self._cluster.address} failed a batch: "
                               f"{type(exc).__name__}: {_first_line(exc)}") from None
        finally:
            self.cancel()
        return done

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()


def _local_workers(address: str) -> int:
    """N of `local:N`; `local` alone is one worker per core."""
    _, _, count = address.partition(":")
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or not 1 <= int(count) <= 64:
        raise ClusterError(f"--cluster {address}: N in local:N is a number of workers, 1 to 64")
    return int(count)
