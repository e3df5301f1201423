"""Inputs -> ArticleInput: files, folders and http(s) URLs of pages and feeds.

Every reader yields ArticleInput or ReadError; nothing raises for bad input, so that one bad
file never stops the others. Messages name the file (and line, for JSON Lines).
"""

from __future__ import annotations

import codecs
import dataclasses
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from db.language import language_warning
from db.models import ArticleInput
from db.text import ESCAPES

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
        if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
            yield ReadError(target, "only http(s) URLs can be read")
            continue
        path = Path(target)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a parent folder we may not enter
            yield ReadError(target, f"cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from read_folder(path)
        elif exists:
            yield from read_file(path)
        elif path.is_symlink():
            yield ReadError(target, "broken symbolic link")
        else:
            yield ReadError(target, "no such file or folder")


def read_folder(folder: Path) -> Iterator[Item]:
    """Every known file under `folder`, recursively, sorted; hidden files and folders skipped.

    A subfolder that cannot be listed is reported and the walk goes on.
    """
    errors: list[ReadError] = []

    def unreadable(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename or folder),
                                f"cannot list folder: {exc.strerror or exc}"))

    files: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            p = Path(root, name)
            if not name.startswith(".") and p.suffix.lower() in KNOWN_EXTS and p.is_file():
                files.append(p)
    yield from errors
    if not files and not errors:
        kinds = " ".join(sorted(KNOWN_EXTS))
        yield ReadError(str(folder), f"no files to read in this folder ({kinds})")
    for file in sorted(files):
        yield from read_file(file)


def read_file(path: Path) -> Iterator[Item]:
    origin = str(path)
    ext = path.suffix.lower()
    if ext not in KNOWN_EXTS:
        yield ReadError(origin, f"unsupported file type '{ext or path.name}'")
        return
    if not path.is_file():  # a FIFO or a device would block or never end
        yield ReadError(origin, "not a regular file")
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
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc or type(exc).__name__
        yield ReadError(url, f"cannot fetch: {reason}")
        return
    yield from read_bytes(data, url, _url_kind(url, ctype, data), default_id=url, url=url)


def _url_kind(url: str, ctype: str, data: bytes) -> str:
    ext = Path(urllib.parse.urlsplit(url).path).suffix.lower()
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
    """Decode and parse one input's bytes by its kind (the extension). Never raises."""
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    kind = binary_kind(data)
    if kind is not None:
        yield ReadError(origin, f"binary file ({kind}), not text")
        return
    text, warnings = decode(data)
    if text is None:
        yield ReadError(origin, "binary file, not text")
        return
    if ext in TEXT_EXTS:
        parsed = _read_text(text, origin, default_id, url, warnings)
    elif ext in JSON_EXTS:
        parsed = _read_json(text, origin, ext, warnings)
    elif ext in HTML_EXTS:
        parsed = _read_html(text, origin, default_id, url, warnings)
    else:
        parsed = _read_feed(data, origin)
    try:
        for item in parsed:
            if isinstance(item, ArticleInput):
                language = language_warning(item.body)
                if language:
                    item = dataclasses.replace(item, warnings=item.warnings + (language,))
            yield item
    except Exception as exc:  # a parser's own bug must not stop the other inputs
        yield ReadError(origin, f"cannot parse: {type(exc).__name__}: {exc}")


# Formats that are surely not text, by their first bytes: a clearer message than "binary".
_MAGIC = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "zip"), (b"\x1f\x8b", "gzip"), (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"), (b"\xff\xd8\xff", "JPEG"), (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"7z\xbc\xaf", "7z"), (b"BZh9", "bzip2"), (b"\xfd7zXZ", "xz"),
)


def binary_kind(data: bytes) -> str | None:
    """The name of a well-known binary format the data starts with, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Controls that text files do not hold (tab, newlines and form feed aside), counted after
# escape sequences are removed: many of them mean the bytes are not text in any encoding.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_BINARY_SHARE = 0.02


def _looks_binary(text: str) -> bool:
    sample = ESCAPES.sub("", text[:65536])
    bad = len(_BINARY_CONTROLS.findall(sample))
    return bad > 4 and bad > _BINARY_SHARE * len(sample)


def decode(data: bytes) -> tuple[str | None, tuple[str, ...]]:
    """UTF-8 when it is; otherwise a detected encoding (usually Windows-1252), with a warning.

    Returns None for binary data (NUL bytes outside UTF-16/32, or many control characters).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None, ()
            if _looks_binary(text):
                return None, ()
            return text, (f"not UTF-8, decoded as {encoding} (byte order mark)",)
    if b"\x00" in data[:8192]:
        return None, ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return (None, ()) if _looks_binary(text) else (text, ())
    text, encoding = _decode_legacy(data)
    if _looks_binary(text):
        return None, ()
    return text, (f"not UTF-8, decoded as {encoding}",)


_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1"}


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Text and the name of its encoding, for bytes that are not UTF-8.

    charset-normalizer often names a neighbour of Windows-1252 (cp1250, iso8859-15...) for
    short English text; Windows-1252 is by far the most common legacy encoding of news text,
    so it wins whenever the detector's own choice is Latin script too.
    """
    from charset_normalizer import from_bytes

    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("ascii", "utf_8", "cp1252", "latin_1"):
        try:
            guessed = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guessed = None
        # Keep the detector's choice only when it finds another script (Cyrillic, Greek...).
        if guessed is not None and (cp1252 is None or not _mostly_latin(guessed)):
            return guessed, best.encoding.replace("_", "-")
    if cp1252 is not None:
        return cp1252, _NAMES["cp1252"]
    return data.decode("latin-1"), _NAMES["latin_1"]


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    latin = sum(ch < "\u0250" for ch in letters)
    return latin >= 0.9 * len(letters)


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
            except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
                yield ReadError(f"{origin}:{n}", f"malformed JSON ({type(exc).__name__})")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(f"{origin}:{exc.lineno}", f"malformed JSON ({exc.msg})")
            return
        except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
            yield ReadError(origin, f"malformed JSON ({type(exc).__name__})")
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
    broken = f"broken feed ({feed.get('bozo_exception') or 'not a feed'})"
    if not feed.entries:
        yield ReadError(origin, broken if feed.get("bozo") else "feed has no entries")
        return
    source = feed.feed.get("title") or None
    empty = [e for e in feed.entries if not _entry_text(e)]
    if feed.get("bozo") and len(empty) == len(feed.entries):
        yield ReadError(origin, broken)  # truncated or garbled: no entry has any text
        return
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
        published = _entry_date(entry)
        ident = entry.get("id") or entry.get("link")
        yield ArticleInput(
            title=title or first_sentence(body), body=body, origin=where,
            external_id=str(ident) if ident else None, source=source,
            url=entry.get("link") or None, published=published,
        )


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):  # absent, or a date no calendar has
        return None


def _entry_text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content") or ()]
    parts += [entry.get("summary", ""), entry.get("description", ""), entry.get("title", "")]
    return html_to_text(" ".join(p for p in parts if isinstance(p, str))).strip()


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
            parsed = parsed.replace(tzinfo=UTC)
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
