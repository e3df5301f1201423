"""Refreshing subscriptions: fetch due feeds, ingest their new entries, record each outcome.

Fetches run on a bounded pool of threads, at most one request at a time per host (a reader
with 40 feeds on one site must not hit it 8 times at once), each through the one safe fetcher
(`db/fetch.py`) with the feed's validators, so an unchanged feed costs a 304 and nothing else.
Entries go through the ingest path (`db.ingest.ingest_items`: the same sameness rule, an
updated entry replaces its article) on the calling thread, which alone writes; the writer
lock is taken per batch, as ingest does. A feed that fails is recorded and backs off
(`next_due` grows with its failures); it never stops the others.
"""

from __future__ import annotations

import dataclasses
import io
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from db import ingest
from db.fetch import Classifier, Conditions, Fetched, FetchError, classify_address, fetch
from db.inputs import ArticleInput, Item, ReadError
from db.limits import Limits
from db.readers import read_bytes
from db.text import clean

if TYPE_CHECKING:
    from db.nlp.pipeline import Pipeline

BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=24)
NOT_MODIFIED = "not modified"


@dataclass(frozen=True)
class Due:
    """A feed to fetch, with what it needs from the database."""

    id: int
    name: str
    url: str
    full_text: bool
    etag: str | None
    last_modified: str | None
    known: frozenset[str] = frozenset()  # entries already linked (full-text feeds only)


@dataclass
class Outcome:
    feed: str
    status: str  # "ok", "not modified" or "error: ..."
    new: int = 0
    updated: int = 0
    entry_errors: int = 0

    @property
    def failed(self) -> bool:
        return self.status.startswith("error")


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.failed for o in self.outcomes)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def backoff(failures: int) -> timedelta:
    """How long a feed that failed `failures` times in a row waits: 5 min, doubling, 24 h."""
    wait: timedelta = BACKOFF_FIRST * 2 ** max(0, min(failures - 1, 20))
    return min(wait, BACKOFF_MAX)


def select(db: Database, selectors: Sequence[str], now: datetime) -> tuple[list[Due], list[str]]:
    """The feeds to refresh and the selectors that name none. Named feeds (by name, URL or
    tag) are fetched whatever their back-off; with no selector, every feed that is due."""
    cols = "id, name, url, full_text, etag, last_modified, tags"
    rows = db.execute(f"SELECT {cols} FROM feeds ORDER BY name COLLATE NOCASE, id").fetchall()
    unknown: list[str] = []
    if selectors:
        from db.feeds import parse_tags

        chosen: dict[int, tuple[Any, ...]] = {}
        for selector in selectors:
            wanted = selector.casefold()
            hits = [r for r in rows if r[1].casefold() == wanted or r[2] == selector
                    or wanted in (t.casefold() for t in parse_tags(r[6]))]
            if not hits:
                unknown.append(selector)
            chosen.update((r[0], r) for r in hits)
        picked = [r for r in rows if r[0] in chosen]
    else:
        due = {r[0] for r in db.execute(
            "SELECT id FROM feeds WHERE next_due IS NULL OR next_due <= ?", [now.isoformat()])}
        picked = [r for r in rows if r[0] in due]
    feeds = []
    for r in picked:
        known: frozenset[str] = frozenset()
        if r[3]:  # a full-text feed fetches each entry's page once, not at every refresh
            known = frozenset(e for (e,) in db.execute(
                "SELECT entry FROM feed_articles WHERE feed_id = ? AND entry IS NOT NULL",
                [r[0]]))
        feeds.append(Due(r[0], r[1], r[2], bool(r[3]), r[4], r[5], known))
    return feeds, unknown


class _Hosts:
    """One lock per host: at most one request at a time to each."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, url: str) -> threading.Lock:
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())


@dataclass
class _Got:
    due: Due
    fetched: Fetched | None = None
    items: list[Item] = field(default_factory=list)
    error: str | None = None


class _Fetcher:
    """What a pool thread does for one feed: fetch it, parse it, fetch full texts."""

    def __init__(self, limits: Limits, classify: Classifier,
                 should_stop: Callable[[], bool] | None) -> None:
        self.limits = limits
        self.classify = classify
        self.should_stop = should_stop
        self.hosts = _Hosts()

    def get(self, url: str, conditions: Conditions | None = None) -> Fetched:
        with self.hosts.lock(url):
            return fetch(url, self.limits, self.classify, self.should_stop, conditions)

    def __call__(self, due: Due) -> _Got:
        try:
            return self._get_feed(due)
        except Exception as exc:  # a parser's own bug is that feed's failure, not the run's
            return _Got(due, error=f"cannot read: {type(exc).__name__}: {exc}")

    def _get_feed(self, due: Due) -> _Got:
        got = _Got(due)
        try:
            got.fetched = self.get(due.url, Conditions(due.etag, due.last_modified))
        except FetchError as exc:
            got.error = str(exc)
            return got
        if got.fetched.not_modified:
            return got
        got.items = [_own_id(item, due) for item in read_bytes(
            got.fetched.data, due.name, ".xml", default_id=due.url, url=got.fetched.url,
            limits=self.limits)]
        if not any(isinstance(i, ArticleInput) for i in got.items):
            errors = [i.message for i in got.items if isinstance(i, ReadError)]
            got.error = errors[0] if errors else "feed has no entries"
            got.items = []
        elif due.full_text:
            got.items = list(self._full_texts(got.fetched.data, got.items, due))
        return got

    def _full_texts(self, data: bytes, items: list[Item], due: Due) -> Iterator[Item]:
        """Each entry that carries only a summary, with its link's main text instead (the
        same fetcher and HTML reader as `ingest URL`); the summary is kept when that fails."""
        import feedparser

        parsed = feedparser.parse(io.BytesIO(data))  # bytes: never opened as a path or a URL
        summary_only = {n for n, e in enumerate(parsed.entries) if not e.get("content")}
        for item in items:
            n = _entry_index(item)
            if not isinstance(item, ArticleInput) or n not in summary_only or not item.url \
                    or entry_key(item) in due.known:
                yield item
                continue
            yield self._full_text(item)

    def _full_text(self, item: ArticleInput) -> ArticleInput:
        assert item.url is not None
        try:
            page = self.get(item.url)
        except FetchError as exc:
            return _warned(item, f"full text not fetched ({exc}); the summary is kept")
        for read in read_bytes(page.data, item.url, ".html", default_id=item.url,
                               url=item.url, limits=self.limits):
            if isinstance(read, ArticleInput):
                return dataclasses.replace(item, body=read.body)
            if isinstance(read, ReadError):
                return _warned(item, f"full text not read ({read.message}); the summary is kept")
        return item


def _own_id(item: Item, due: Due) -> Item:
    """An entry whose guid is not a URL or a URN ("123", as many sites number them) is told
    apart from another feed's entry 123: its id is the feed's and its own. A guid that is a
    URL or a URN names the entry in any feed, so the same article in two feeds is one."""
    if not isinstance(item, ArticleInput) or not item.external_id or ":" in item.external_id:
        return item
    return dataclasses.replace(item, external_id=f"feed:{due.id}:{item.external_id}")


def _warned(item: ArticleInput, warning: str) -> ArticleInput:
    return dataclasses.replace(item, warnings=item.warnings + (warning,))


def _entry_index(item: Item) -> int | None:
    """The entry's position in its feed, from the origin the feed reader gave ("name[3]")."""
    origin = getattr(item, "origin", "")
    if not origin.endswith("]") or "[" not in origin:
        return None
    try:
        return int(origin[origin.rindex("[") + 1:-1])
    except ValueError:
        return None


def entry_key(item: ArticleInput) -> str:
    """What `feed_articles.entry` holds: the entry's own id (guid or link), else the hash of
    its title and body, cleaned as ingest cleans them."""
    if item.external_id:
        return clean(item.external_id)
    return ingest.sha256_of(" ".join(clean(item.title).split()), clean(item.body))


def _stored_id(db: Database, item: ArticleInput) -> int | None:
    """The article an entry is stored as, after ingest: the same content, else the same id."""
    digest = ingest.sha256_of(" ".join(clean(item.title).split()), clean(item.body))
    row = db.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
    if row is None and item.external_id:
        row = db.execute("SELECT id FROM articles WHERE external_id = ? AND origin = ?",
                         [clean(item.external_id), item.id_origin]).fetchone()
    return int(row[0]) if row else None


class LazyPipeline:
    """The pipeline, loaded when an entry first needs extracting: a refresh where every feed
    answers 304 (the usual case) never loads spaCy."""

    def __init__(self, load: Callable[[], Pipeline]) -> None:
        self._load = load
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._load()
        return self._pipeline

    @property
    def name(self) -> str:
        return self.pipeline.name

    def extract_many(self, *args: Any, **kwargs: Any) -> Any:
        return self.pipeline.extract_many(*args, **kwargs)


Lock = Callable[[], AbstractContextManager[object]]


def refresh(db: Database, feeds: Sequence[Due], pipeline: LazyPipeline, *, workers: int = 4,
            limits: Limits | None = None, classify: Classifier = classify_address,
            should_stop: Callable[[], bool] | None = None, batch_lock: Lock | None = None,
            on_outcome: Callable[[Outcome], None] | None = None,
            on_message: Callable[[str], None] | None = None) -> Report:
    """Fetch `feeds` (at most `workers` at once), ingest and record each as it arrives.

    A stop (`should_stop`) is honoured between feeds: the feed being written is finished,
    the fetches not yet started are not, and those under way give up at their next read."""
    report = Report()
    say = on_message or (lambda _m: None)
    stopped = should_stop or (lambda: False)
    fetcher = _Fetcher(limits or Limits(), classify, should_stop)
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="refresh")
    try:
        pending: set[Future[_Got]] = {pool.submit(fetcher, due) for due in feeds}
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if stopped():
                report.interrupted = True
                break
            for future in done:
                got = future.result()
                outcome = _write(db, got, pipeline, batch_lock, say)
                report.outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
                if stopped():
                    report.interrupted = True
                    break
            if report.interrupted:
                break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    with batch_lock() if batch_lock else nullcontext(), db.atomic():
        # Links to articles replaced (by an updated entry) or deleted since.
        db.execute("DELETE FROM feed_articles WHERE article_id NOT IN (SELECT id FROM articles)")
    return report


def _write(db: Database, got: _Got, pipeline: LazyPipeline, batch_lock: Lock | None,
           say: Callable[[str], None]) -> Outcome:
    due = got.due
    outcome = Outcome(due.name, "ok")
    if got.error is not None:
        outcome.status = f"error: {got.error}"
        say(f"error: {due.name}: {got.error}")
    elif got.fetched is not None and got.fetched.not_modified:
        outcome.status = NOT_MODIFIED
    else:
        summary = ingest.ingest_items(db, got.items, pipeline,  # type: ignore[arg-type]
                                      on_message=say, batch_lock=batch_lock)
        outcome.new, outcome.updated = summary.added, summary.replaced
        outcome.entry_errors = summary.failed
    with batch_lock() if batch_lock else nullcontext(), db.atomic():
        if db.execute("SELECT 1 FROM feeds WHERE id = ?", [due.id]).fetchone() is None:
            return outcome  # unsubscribed meanwhile (`feeds remove` in another terminal)
        _link(db, due, got.items)
        _record(db, due, got, outcome, say)
    return outcome


def _link(db: Database, due: Due, items: Sequence[Item]) -> None:
    for item in items:
        if not isinstance(item, ArticleInput):
            continue
        article_id = _stored_id(db, item)
        if article_id is None:
            continue
        db.execute("INSERT OR IGNORE INTO feed_articles (feed_id, article_id, entry) "
                   "VALUES (?, ?, ?)", [due.id, article_id, entry_key(item)])


def _record(db: Database, due: Due, got: _Got, outcome: Outcome,
            say: Callable[[str], None]) -> None:
    now = now_utc()
    if outcome.failed:
        row = db.execute("SELECT failures FROM feeds WHERE id = ?", [due.id]).fetchone()
        failures = (int(row[0]) if row else 0) + 1
        db.execute("UPDATE feeds SET last_fetched = ?, last_status = ?, failures = ?, "
                   "next_due = ? WHERE id = ?",
                   [now.isoformat(), outcome.status, failures,
                    (now + backoff(failures)).isoformat(), due.id])
        return
    fetched = got.fetched
    assert fetched is not None
    # A 304 need not repeat the validators; the ones stored stay valid then.
    etag = fetched.etag or (due.etag if fetched.not_modified else None)
    modified = fetched.last_modified or (due.last_modified if fetched.not_modified else None)
    db.execute("UPDATE feeds SET last_fetched = ?, last_status = ?, failures = 0, "
               "next_due = NULL, etag = ?, last_modified = ? WHERE id = ?",
               [now.isoformat(), outcome.status, etag, modified, due.id])
    if fetched.moved_to and fetched.moved_to != due.url:
        if db.execute("SELECT 1 FROM feeds WHERE url = ?", [fetched.moved_to]).fetchone():
            say(f"warning: {due.name}: moved to {fetched.moved_to}, which another feed has; "
                "the URL is kept")
        else:
            db.execute("UPDATE feeds SET url = ? WHERE id = ?", [fetched.moved_to, due.id])
            say(f"{due.name}: moved for good to {fetched.moved_to}; the subscription follows")
