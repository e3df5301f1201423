"""Inputs -> ArticleInput: files, folders and http(s) URLs of pages and feeds.

Every reader yields ArticleInput or ReadError; nothing raises for bad input, so that one bad
file never stops the others. Messages name the file (and line, for JSON Lines).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from db.models import ArticleInput

TEXT_EXTS = {".txt", ".md"}
JSON_EXTS = {".json", ".jsonl"}
HTML_EXTS = {".html", ".htm"}
FEED_EXTS = {".rss", ".atom", ".xml"}
KNOWN_EXTS = TEXT_EXTS | JSON_EXTS | HTML_EXTS | FEED_EXTS
URL_TIMEOUT = 30


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; `origin` is the file (and line) or URL."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = ArticleInput | ReadError


def read_inputs(targets: Iterable[str]) -> Iterator[Item]:
    """Every article of every target (file, folder, URL), in a stable order."""
    for target in targets:
        if re.match(r"^https?://", target, re.I):
            yield from read_url(target)
            continue
        path = Path(target)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in KNOWN_EXTS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield ReadError(target, "no such file or folder")


def read_file(path: Path) -> Iterator[Item]:
    origin = str(path)
    ext = path.suffix.lower()
    if ext not in KNOWN_EXTS:
        yield ReadError(origin, f"unsupported file type '{ext or path.name}'")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, ext, default_id=str(path.resolve()))


def read_url(url: str) -> Iterator[Item]:
    request = urllib.request.Request(url, headers={"User-Agent": "briefing/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            data = response.read()
            ctype = response.headers.get_content_type() or ""
    except urllib.error.HTTPError as exc:
        yield ReadError(url, f"HTTP {exc.code} {exc.reason}")
        return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        yield ReadError(url, f"cannot fetch: {reason}")
        return
    yield from read_bytes(data, url, _url_kind(url, ctype, data), default_id=url, url=url)


def _url_kind(url: str, ctype: str, data: bytes) -> str:
    ext = Path(urllib.request.urlparse(url).path).suffix.lower()
    if ext in KNOWN_EXTS:
        return ext
    if "json" in ctype:
        return ".json"
    if any(k in ctype for k in ("rss", "atom")) or ctype.endswith("/xml"):
        return ".xml"
    head = data[:500].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return ".xml"
    if "html" in ctype or head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    return ".txt"


def read_bytes(
    data: bytes, origin: str, ext: str, *, default_id: str, url: str | None = None
) -> Iterator[Item]:
    """Decode and parse one input's bytes by its kind (the extension)."""
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    text, warnings = decode(data)
    if text is None:
        yield ReadError(origin, "binary file, not text")
        return
    if ext in TEXT_EXTS:
        yield from _read_text(text, origin, default_id, url, warnings)
    elif ext in JSON_EXTS:
        yield from _read_json(text, origin, ext, warnings)
    elif ext in HTML_EXTS:
        yield from _read_html(text, origin, default_id, url, warnings)
    else:
        yield from _read_feed(data, origin)


def decode(data: bytes) -> tuple[str | None, tuple[str, ...]]:
    """UTF-8 when it is; otherwise a detected encoding (usually Windows-1252), with a warning.

    Returns None for binary data (NUL bytes, or no plausible text encoding).
    """
    if b"\x00" in data[:8192]:
        return None, ()
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("ascii", "utf_8", "latin_1", "iso8859_1"):
        encoding = "cp1252"  # a superset of Latin-1 for the printable range
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("latin-1")
        encoding = "latin_1"
    return text, (f"not UTF-8, decoded as {encoding.replace('_', '-')}",)


_HEADER = re.compile(r"^(title|source|url|date)\s*:\s*(.*)$", re.I)


def _read_text(
    text: str, origin: str, default_id: str, url: str | None, warnings: tuple[str, ...]
) -> Iterator[Item]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        headers[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if headers and i < len(lines) and not lines[i].strip():
        i += 1  # the blank line after the headers
    body = "\n".join(lines[i:]) if headers else text
    if not body.strip():
        yield ReadError(origin, "no body text")
        return
    published, date_warning = normalize_date(headers.get("date"))
    yield ArticleInput(
        title=headers.get("title") or first_sentence(body),
        body=body,
        origin=origin,
        external_id=default_id,
        source=headers.get("source") or None,
        url=headers.get("url") or url,
        published=published,
        warnings=warnings + date_warning,
    )


def _read_json(text: str, origin: str, ext: str, warnings: tuple[str, ...]) -> Iterator[Item]:
    records: list[tuple[str, Any]] = []
    if ext == ".jsonl":
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"{origin}:{n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                yield ReadError(f"{origin}:{n}", f"malformed JSON ({exc.msg})")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(f"{origin}:{exc.lineno}", f"malformed JSON ({exc.msg})")
            return
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        items = data if isinstance(data, list) else [data]
        records = [(f"{origin}[{n}]" if isinstance(data, list) else origin, r)
                   for n, r in enumerate(items)]
    for where, record in records:
        item = _from_record(record, where, warnings)
        if item is not None:
            yield item


def _from_record(record: Any, where: str, warnings: tuple[str, ...]) -> Item | None:
    if not isinstance(record, dict):
        return ReadError(where, "not a JSON object")
    kind = record.get("type")
    if kind is not None and kind != "article":
        return None  # actors, mentions and claims of an export: derived, not input
    ident = record.get("external_id") if kind == "article" else record.get("id")
    if kind == "article" and ident is None:
        ident = record.get("id")
    body = record.get("body", record.get("text"))
    if not isinstance(body, str) or not body.strip():
        return ReadError(where, "record has no body")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        title = first_sentence(body)
    published, date_warning = normalize_date(_str(record.get("published")))
    return ArticleInput(
        title=title, body=body, origin=where,
        external_id=None if ident is None else str(ident),
        source=_str(record.get("source")), url=_str(record.get("url")),
        published=published, warnings=warnings + date_warning,
    )


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _read_html(
    html: str, origin: str, default_id: str, url: str | None, warnings: tuple[str, ...]
) -> Iterator[Item]:
    import trafilatura

    body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    if not body or not body.strip():
        yield ReadError(origin, "no main text found in the HTML")
        return
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = (meta.title if meta and meta.title else None) or first_sentence(body)
    published, date_warning = normalize_date(meta.date if meta else None)
    yield ArticleInput(
        title=title, body=body, origin=origin, external_id=default_id,
        source=(meta.sitename if meta else None) or None,
        url=(meta.url if meta and meta.url else None) or url,
        published=published, warnings=warnings + date_warning,
    )


def _read_feed(data: bytes, origin: str) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield ReadError(origin, f"broken or empty feed{why}".replace("\n", " "))
        return
    source = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries):
        where = f"{origin}[{n}]"
        html = ""
        if entry.get("content"):
            html = " ".join(c.get("value", "") for c in entry.content)
        html = html or entry.get("summary", "") or entry.get("description", "")
        body = html_to_text(html)
        title = html_to_text(entry.get("title", "")).strip()
        if not body.strip():
            body = title
        if not body.strip():
            yield ReadError(where, "feed entry has no text")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime(*parsed[:6], tzinfo=timezone.utc).isoformat() if parsed else None
        )
        ident = entry.get("id") or entry.get("link")
        yield ArticleInput(
            title=title or first_sentence(body), body=body, origin=where,
            external_id=str(ident) if ident else None, source=source,
            url=entry.get("link") or None, published=published,
        )


class _TextOnly(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (feed entries), paragraphs kept as blank-line breaks."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9]|\s*$)")


def first_sentence(body: str, limit: int = 100) -> str:
    """A title for an input without one: its first sentence, at most `limit` characters."""
    text = " ".join(body.split())
    m = _SENTENCE_END.search(text)
    sentence = text[: m.end()] if m else text
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y")


def normalize_date(value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """An ISO 8601 date or date-time with offset, from the common ways dates are written."""
    if value is None or not str(value).strip():
        return None, ()
    value = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.strptime(value, "%Y-%m-%d").date().isoformat(), ()
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.isoformat(), ()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat(), ()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat(), ()
        except ValueError:
            continue
    return None, (f"unreadable date {value!r}, left empty",)
