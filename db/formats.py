"""Text -> ArticleInput, by format: plain text with headers, JSON records, HTML, feeds.

The parsers only ever get text or bytes in memory, never a string they could open as a path
or URL (feedparser opens such strings: its input is always a stream). Character references
to controls and surrogates are defused before a parser sees them, so that one of them costs
neither the page nor the feed, and an escape sequence written as references is removed whole.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

from db.inputs import (
    ORIGIN_CONTENT,
    ORIGIN_INPUT,
    ArticleInput,
    CorrectionInput,
    FeedInput,
    Item,
    ReadError,
)
from db.text import clean

_HEADER = re.compile(r"^(title|source|url|date)\s*:\s*(.*)$", re.I)


def read_text(
    text: str, origin: str, ident: tuple[str, str], url: str | None, warnings: tuple[str, ...]
) -> Iterator[Item]:
    """A .txt/.md article: `Title:` `Source:` `URL:` `Date:` header lines, then the body.
    `ident` is (id_origin, external_id): a file's resolved path or a page's URL."""
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
        external_id=ident[1],
        source=headers.get("source") or None,
        url=headers.get("url") or url,
        published=published,
        warnings=warnings + date_warning,
        id_origin=ident[0],
    )


def read_json(text: str, origin: str, warnings: tuple[str, ...]) -> Iterator[Item]:
    """A .json file read whole: one record, a list of them, or {"articles": [...]}."""
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
    for n, record in enumerate(items):
        where = f"{origin}[{n}]" if isinstance(data, list) else origin
        item = from_record(record, where, warnings)
        if item is not None:
            yield item


def read_json_line(line: str, where: str, warnings: tuple[str, ...]) -> Item | None:
    """One record of a JSON Lines file; `where` is "file:line"."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(where, f"malformed JSON ({exc.msg})")
    except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
        return ReadError(where, f"malformed JSON ({type(exc).__name__})")
    return from_record(record, where, warnings)


def from_record(record: Any, where: str, warnings: tuple[str, ...]) -> Item | None:
    if not isinstance(record, dict):
        return ReadError(where, "not a JSON object")
    kind = record.get("type")
    if kind == "feed":
        return feed_record(record, where)
    if kind == "correction":  # a user's correction of the actors: a rule, taken in after
        return CorrectionInput(where, record)
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
    # No id: the article is known by the hash of its title and body, never by its position
    # in the file (a record prepended would shift every later one onto another's identity).
    has_id = ident is not None and str(ident) != ""
    return ArticleInput(
        title=title, body=body, origin=where,
        external_id=str(ident) if has_id else None,
        source=_str(record.get("source")), url=_str(record.get("url")),
        published=published, warnings=warnings + date_warning,
        id_origin=ORIGIN_INPUT if has_id else ORIGIN_CONTENT,
    )


def feed_record(record: dict[str, Any], where: str) -> FeedInput | ReadError:
    """An export's subscription (`{"type": "feed"}`), brought in by `ingest`."""
    url, name, tags = record.get("url"), record.get("name"), record.get("tags", [])
    if not isinstance(url, str) or not url:
        return ReadError(where, "feed record has no url")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return ReadError(where, "feed record's tags are not a list of strings")
    return FeedInput(url=url, name=name if isinstance(name, str) else None, tags=tuple(tags),
                     full_text=record.get("full_text") is True, origin=where)


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


# Numeric character references, which a parser turns into characters after our cleaning.
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _defuse_ref(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "&#xFFFD;"  # what the HTML standard makes of them; a parser may choke instead
    if (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or code == 0x7F:
        # The control itself, so that `clean` removes it with the escape sequence it starts
        # (`&#x1b;]0;pwned&#x7;` goes whole, not leaving "]0;pwned" behind).
        return chr(code)
    return m.group(0)


def defuse_markup(markup: str) -> str:
    """HTML or XML with terminal control removed from it (written as characters or as
    references) and references to surrogates made U+FFFD, before any parser reads it.

    Each run of text between `<`s is cleaned on its own, so an unterminated escape sequence
    ends at the next tag instead of running over the rest of a page written on one line.
    """
    markup = _CHARREF.sub(_defuse_ref, markup)
    return re.sub(r"[^<]+", lambda m: clean(m.group()), markup)


MAX_DEPTH = 200  # deeper elements are cut (their tags, not their text): lxml stops at 256


class _Flatten(HTMLParser):
    """The same HTML with tags beyond MAX_DEPTH left out, their text kept."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.VOID:
            self.out.append(self.get_starttag_text() or "")
            return
        self.depth += 1
        if self.depth <= MAX_DEPTH:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if self.depth <= MAX_DEPTH:
            self.out.append(f"</{tag}>")
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _flattened(html: str) -> str | None:
    """`html` with its nesting cut at MAX_DEPTH, or None when it is not that deep."""
    if max_depth(html) <= MAX_DEPTH:
        return None
    parser = _Flatten()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def max_depth(html: str) -> int:
    """How deep the elements of `html` nest (tags without end, like <p>, count as open)."""
    depth = deepest = 0
    for m in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>", html):
        if m.group(2).lower() in _Flatten.VOID or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(
    html: str, origin: str, ident: tuple[str, str], url: str | None, warnings: tuple[str, ...]
) -> Iterator[Item]:
    """A page reduced to its main text (trafilatura); nesting too deep for lxml is cut."""
    import trafilatura

    html = defuse_markup(html)
    body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False)
    if not body or not body.strip():
        flat = _flattened(html)
        if flat is not None:
            html = flat
            body = trafilatura.extract(html, url=url, include_comments=False,
                                       include_tables=False)
            warnings = warnings + (f"elements nested deeper than {MAX_DEPTH} were cut",)
    if not body or not body.strip():
        yield ReadError(origin, "no main text found in the HTML")
        return
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = (meta.title if meta and meta.title else None) or first_sentence(body)
    published, date_warning = normalize_date(meta.date if meta else None)
    yield ArticleInput(
        title=title, body=body, origin=origin, external_id=ident[1],
        source=(meta.sitename if meta else None) or None,
        url=(meta.url if meta and meta.url else None) or url,
        published=published, warnings=warnings + date_warning, id_origin=ident[0],
    )


_XML_DECL = re.compile(r"""^(\s*<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2""")


def read_feed(text: str, origin: str) -> Iterator[Item]:
    """One article per entry of an RSS or Atom feed, from its decoded text.

    feedparser opens a string it is given as a path or a URL (a server answering
    `/etc/passwd` would have it read that file): it only ever gets a stream of bytes here.
    The text is defused and given as UTF-8, its declaration saying so.
    """
    import feedparser

    text = _XML_DECL.sub(r"\1\2utf-8\2", defuse_markup(text), count=1)
    feed = feedparser.parse(io.BytesIO(text.encode("utf-8")))
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
        # Without a guid or a link, an entry is known by its content, never by its index.
        ident = entry.get("id") or entry.get("link")
        yield ArticleInput(
            title=title or first_sentence(body), body=body, origin=where,
            external_id=str(ident) if ident else None, source=source,
            url=entry.get("link") or None, published=published,
            id_origin=ORIGIN_INPUT if ident else ORIGIN_CONTENT,
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
    parser.feed(defuse_markup(html))
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
