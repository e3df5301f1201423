"""Subscriptions, written: add, remove, import (OPML 2.0, newsboat's `urls`), export (OPML).

On the write path (sqlite-utils' `Database`); the read side is `db/feeds.py`. A subscription
is its name and URL (each unique), its tags, and whether its entries' articles are fetched
whole (`full_text`). Lists brought from another reader are untrusted files: each problem is
one line naming the file (and line), and a bad entry never stops the others.
"""

from __future__ import annotations

import json
import re
import shlex
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from sqlite_utils import Database

from db.feeds import parse_tags
from db.inputs import FeedInput
from db.text import clean

MAX_LIST = 10 * 1024 * 1024  # an OPML or urls file of 10 MB holds some 100,000 feeds


class SubscribeError(Exception):
    """A subscription that cannot be made or found; the message is one line for the user."""


@dataclass
class Imported:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_url(url: str) -> str:
    url = clean(url).strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SubscribeError(f"{url!r}: not an http(s) URL")
    return url


def default_name(url: str) -> str:
    """A feed's name when none is given: its host and path (`example.com/news/rss`)."""
    parts = urllib.parse.urlsplit(url)
    name = (parts.hostname or url) + parts.path.rstrip("/")
    return name.removeprefix("www.")


def _tags(tags: Sequence[str]) -> tuple[str, ...]:
    cleaned = (" ".join(clean(t).split()) for t in tags)
    return tuple(dict.fromkeys(t for t in cleaned if t))


def add(db: Database, feed: FeedInput, *, rename: bool = False) -> tuple[str, str]:
    """Store a subscription; ("added" | "updated" | "unchanged", its name).

    The same URL again updates its name, tags and full-text flag (an import run twice changes
    nothing). Names are unique in any case (`feed:` matches them so). A name already taken
    by another URL is refused, or with `rename` (a list, where
    two feeds often share a title) made unique: "Name (2)"."""
    url = check_url(feed.url)
    name = " ".join(clean(feed.name or "").split()) or None
    tags = _tags(feed.tags)
    row = db.execute("SELECT id, name, tags, full_text FROM feeds WHERE url = ?",
                     [url]).fetchone()
    if row is not None:
        new_name = name or row[1]
        taken = db.execute("SELECT 1 FROM feeds WHERE name = ? COLLATE NOCASE AND id != ?",
                           [new_name, row[0]]).fetchone()
        if taken and rename:
            new_name = row[1] if not name else _free_name(db, new_name)
        elif taken:
            raise SubscribeError(f"a feed named {new_name!r} exists already (another URL)")
        if (new_name, tags, feed.full_text) == (row[1], parse_tags(row[2]), bool(row[3])):
            return "unchanged", new_name
        db.execute("UPDATE feeds SET name = ?, tags = ?, full_text = ? WHERE id = ?",
                   [new_name, json.dumps(list(tags)), int(feed.full_text), row[0]])
        return "updated", new_name
    if name is None or rename:
        name = _free_name(db, name or default_name(url))
    elif db.execute("SELECT 1 FROM feeds WHERE name = ? COLLATE NOCASE", [name]).fetchone():
        raise SubscribeError(f"a feed named {name!r} exists already (another URL)")
    db.execute("INSERT INTO feeds (name, url, tags, full_text, added) VALUES (?, ?, ?, ?, ?)",
               [name, url, json.dumps(list(tags)), int(feed.full_text), now_iso()])
    return "added", name


def _free_name(db: Database, base: str) -> str:
    name, n = base, 1
    while db.execute("SELECT 1 FROM feeds WHERE name = ? COLLATE NOCASE", [name]).fetchone():
        n += 1
        name = f"{base} ({n})"
    return name


def find(db: Database, name_or_url: str) -> tuple[int, str] | None:
    """A subscription by its name (any case) or its URL: (id, name)."""
    row = db.execute("SELECT id, name FROM feeds WHERE url = ? OR name = ? COLLATE NOCASE "
                     "ORDER BY url = ? DESC LIMIT 1", [name_or_url] * 3).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def remove(db: Database, name_or_url: str) -> str:
    """Unsubscribe; its articles stay (they are the corpus), its links to them go."""
    found = find(db, name_or_url)
    if found is None:
        raise SubscribeError(f"no feed named {name_or_url!r} (see `briefing feeds list`)")
    db.execute("DELETE FROM feed_articles WHERE feed_id = ?", [found[0]])
    db.execute("DELETE FROM feeds WHERE id = ?", [found[0]])
    return found[1]


def import_feeds(db: Database, feeds: Iterator[FeedInput | str],
                 lock: Callable[[], AbstractContextManager[object]] | None = None) -> Imported:
    """Store each subscription of a list; a problem (a `str` from the reader, or a refused
    entry) is one line and the others go on. One transaction for the whole list."""
    result = Imported()
    with lock() if lock else nullcontext(), db.atomic():
        for feed in feeds:
            if isinstance(feed, str):
                result.errors.append(feed)
                continue
            try:
                what, name = add(db, feed, rename=True)
            except SubscribeError as exc:
                result.errors.append(f"{feed.origin}: {exc}")
                continue
            if what == "unchanged":
                result.unchanged += 1
            else:
                getattr(result, what).append(name)
    return result


def take_record(db: Database, feed: FeedInput, say: Callable[[str], None],
                lock: Callable[[], AbstractContextManager[object]] | None = None) -> None:
    """A `{"type": "feed"}` record of an export, met by `ingest`."""
    with lock() if lock else nullcontext(), db.atomic():
        try:
            add(db, feed)
        except SubscribeError as exc:
            say(f"warning: {feed.origin}: feed not brought in: {exc}")


# Lists from other readers -----------------------------------------------------------------

def read_list(path: Path) -> Iterator[FeedInput | str]:
    """The subscriptions of an OPML file or of newsboat's `urls` file (told apart by content),
    each problem as a line naming the file (and line)."""
    try:
        size = path.stat().st_size
        if size > MAX_LIST:
            yield f"{path}: too large for a list of feeds ({size} bytes)"
            return
        data = path.read_bytes()
    except OSError as exc:
        yield f"{path}: cannot read: {exc.strerror or exc}"
        return
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    if text.lstrip().startswith("<"):
        yield from read_opml(text, str(path))
    else:
        yield from read_urls(text, str(path))


def read_opml(text: str, origin: str) -> Iterator[FeedInput | str]:
    """OPML 2.0: every `outline` with an `xmlUrl`; the outlines it sits in are its tags (as
    newsboat and FreshRSS write categories), and so is its `category` attribute."""
    from defusedxml import ElementTree as SafeTree  # no entity expansion, no DTD fetching
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeTree.fromstring(text)
    except ElementTree.ParseError as exc:
        yield f"{origin}:{exc.position[0]}: not OPML ({exc})"
        return
    except DefusedXmlException as exc:
        yield f"{origin}: refused: {exc}"
        return
    body = root.find("body")
    if root.tag != "opml" or body is None:
        yield f"{origin}: not OPML (no <opml><body>)"
        return
    yield from _outlines(body, (), origin)


def _outlines(parent: ElementTree.Element, tags: tuple[str, ...],
              origin: str) -> Iterator[FeedInput | str]:
    for outline in parent.findall("outline"):
        label = outline.get("text") or outline.get("title") or ""
        url = outline.get("xmlUrl")
        if url:
            categories = [c.strip().lstrip("/") for c in (outline.get("category") or "")
                          .split(",")]
            yield FeedInput(url=url, name=label or None,
                            tags=tags + tuple(c for c in categories if c),
                            full_text=outline.get("fullText", "").lower() == "true",
                            origin=f"{origin}: {label or url}")
        yield from _outlines(outline, tags + ((label,) if label and not url else ()), origin)


def read_urls(text: str, origin: str) -> Iterator[FeedInput | str]:
    """newsboat's `urls`: a URL per line, then its tags; a tag `~Name` names the feed, `!`
    hides it (kept here: hiding is newsboat's own view). `query:` feeds are newsboat's
    searches, not feeds, and are left out; `#` starts a comment."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            yield f"{origin}:{n}: {exc}"
            continue
        if not words or words[0].startswith("query:"):
            continue
        url, name, tags = words[0], None, []
        for word in words[1:]:
            if word.startswith("~"):
                name = word[1:]
            elif word != "!":
                tags.append(word)
        if not re.match(r"(?i)https?://", url):
            yield f"{origin}:{n}: {url!r} is not an http(s) URL"
            continue
        yield FeedInput(url=url, name=name, tags=tuple(tags), origin=f"{origin}:{n}")


def to_opml(rows: Sequence[tuple[str, str, Sequence[str], bool]]) -> str:
    """OPML 2.0 of (name, url, tags, full_text): feeds in outlines of their first tag, every
    tag in `category` too, so that the list reads back with all its tags (`read_opml`)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "briefing subscriptions"
    ElementTree.SubElement(head, "dateCreated").text = \
        datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ElementTree.SubElement(root, "body")
    for name, url, tags, full_text in rows:
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": url}
        if tags:
            attrs["category"] = ",".join(t.replace(",", " ") for t in tags)
        if full_text:
            attrs["fullText"] = "true"
        ElementTree.SubElement(body, "outline", attrs)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(root, encoding="unicode") + "\n"
