"""Inputs -> ArticleInput: files, folders and http(s) URLs of pages and feeds.

Every reader yields ArticleInput, ReadError or ReadWarning; nothing raises for bad input, so
one bad file (or record) never stops the others. Messages name the file (and line, for JSON
Lines). Inputs are read one after another as the writer asks for them, never all first, and
each is capped (`db.limits`): a JSON Lines file is streamed, each line capped on its own.

Paths are bytes on Linux: a name that is not UTF-8 is shown and stored with its odd bytes
as `\\xNN` (`show_path`), so it can neither stop the run nor be confused with another name.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from db.decode import binary_kind, decode, decode_xml
from db.fetch import Classifier, FetchError, classify_address, fetch
from db.formats import (  # noqa: F401  (first_sentence is part of this module's API)
    first_sentence,
    read_feed,
    read_html,
    read_json,
    read_json_line,
    read_text,
)
from db.inputs import ORIGIN_FILE, ORIGIN_INPUT, ArticleInput, Item, ReadError, ReadWarning
from db.jsonl import CHUNK, jsonl_records
from db.language import language_warning
from db.limits import Limits, human_size

__all__ = ["KNOWN_EXTS", "Item", "ReadError", "ReadWarning", "read_bytes", "read_inputs",
           "show_path"]

TEXT_EXTS = {".txt", ".md"}
JSON_EXTS = {".json", ".jsonl"}
HTML_EXTS = {".html", ".htm"}
FEED_EXTS = {".rss", ".atom", ".xml"}
KNOWN_EXTS = TEXT_EXTS | JSON_EXTS | HTML_EXTS | FEED_EXTS


def show_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored on one line: bytes that are not UTF-8,
    and control characters (a newline in a file name), as `\\xNN`."""
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no byte stands for
        text = re.sub("[\ud800-\udfff]", "\ufffd", str(path))
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def read_inputs(targets: Iterable[str], limits: Limits | None = None, *,
                classify: Classifier = classify_address,
                should_stop: Callable[[], bool] | None = None) -> Iterator[Item]:
    """Every article of every target (file, folder, URL), in a stable order, as it is read.

    Whatever goes wrong with one target (even a bug) costs that target alone.
    """
    limits = limits or Limits()
    for target in targets:
        try:
            yield from _read_target(target, limits, classify, should_stop)
        except Exception as exc:  # MemoryError included: the other inputs go on
            yield ReadError(show_path(target), f"cannot read: {type(exc).__name__}: {exc}")


def _read_target(target: str, limits: Limits, classify: Classifier,
                 should_stop: Callable[[], bool] | None) -> Iterator[Item]:
    if re.match(r"^https?://", target, re.I):
        yield from read_url(target, limits, classify, should_stop)
        return
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
        yield ReadError(show_path(target), "only http(s) URLs can be read")
        return
    path = Path(target)
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except OSError as exc:  # a parent folder we may not enter
        yield ReadError(show_path(target), f"cannot read: {exc.strerror or exc}")
        return
    if is_dir:
        yield from read_folder(path, limits)
    elif exists:
        yield from read_file(path, limits)
    elif path.is_symlink():
        yield ReadError(show_path(target), "broken symbolic link")
    else:
        yield ReadError(show_path(target), "no such file or folder")


def read_folder(folder: Path, limits: Limits | None = None) -> Iterator[Item]:
    """Every known file under `folder`, recursively, sorted; hidden files and folders skipped.

    Symbolic links are followed only to files inside the folder given (a link to
    /proc/self/status is not an article), and said so otherwise; FIFOs and devices are
    skipped with a warning (reading one would block). A subfolder that cannot be listed is
    reported and the walk goes on.
    """
    limits = limits or Limits()
    problems: list[Item] = []
    root = folder.resolve()

    def unreadable(exc: OSError) -> None:
        problems.append(ReadError(show_path(exc.filename or folder),
                                  f"cannot list folder: {exc.strerror or exc}"))

    files: list[Path] = []
    for here, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for d in dirs:
            link = Path(here, d)
            if link.is_symlink() and not _inside(link, root):
                problems.append(ReadWarning(show_path(link), "symbolic link out of the folder "
                                            "given, not followed"))
        for name in names:
            p = Path(here, name)
            if name.startswith(".") or p.suffix.lower() not in KNOWN_EXTS:
                continue
            problem = _unfit(p, root)
            if problem is None:
                files.append(p)
            else:
                problems.append(problem)
    yield from problems
    if not files and not any(isinstance(p, ReadError) for p in problems):
        kinds = " ".join(sorted(KNOWN_EXTS))
        yield ReadError(show_path(folder), f"no files to read in this folder ({kinds})")
    for file in sorted(files):
        try:  # whatever goes wrong in one file costs that file, not the rest of the folder
            yield from read_file(file, limits)
        except Exception as exc:
            yield ReadError(show_path(file), f"cannot read: {type(exc).__name__}: {exc}")


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _unfit(path: Path, root: Path) -> ReadWarning | None:
    """Why a file found in a folder is skipped, or None when it is read."""
    if path.is_symlink():
        if not path.exists():
            return ReadWarning(show_path(path), "broken symbolic link, skipped")
        if not _inside(path, root):
            return ReadWarning(show_path(path), "symbolic link out of the folder given, "
                               "not followed")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return ReadWarning(show_path(path), f"cannot read: {exc.strerror or exc}, skipped")
    if not stat.S_ISREG(mode):
        return ReadWarning(show_path(path), f"not a regular file ({_kind(mode)}), skipped")
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def read_file(path: Path, limits: Limits | None = None) -> Iterator[Item]:
    limits = limits or Limits()
    origin = show_path(path)
    ext = path.suffix.lower()
    if ext not in KNOWN_EXTS:
        yield ReadError(origin, f"unsupported file type '{show_path(ext or path.name)}'")
        return
    try:
        # Non-blocking, so that a FIFO put in place after the walk cannot hang the ingest.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        yield ReadError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            yield ReadError(origin, "not a regular file")
            return
        ident = show_path(path.resolve())
        if ext == ".jsonl":
            yield from read_jsonl(stream, origin, limits)
            return
        cap, flag = (limits.record, "--max-record") if ext in TEXT_EXTS else \
            (limits.file, "--max-file")
        try:
            data = stream.read(cap + 1) if info.st_size <= cap else b""
        except OSError as exc:
            yield ReadError(origin, f"cannot read: {exc.strerror or exc}")
            return
        if info.st_size > cap or len(data) > cap:
            size = max(info.st_size, len(data))
            yield ReadError(origin, f"too large: {human_size(size)}, the cap is "
                            f"{human_size(cap)} ({flag})")
            return
    yield from read_bytes(data, origin, ext, default_id=ident, limits=limits)


def read_jsonl(stream: BinaryIO, origin: str, limits: Limits) -> Iterator[Item]:
    """A JSON Lines file as a stream (`db.jsonl`): each line read, capped and parsed on its
    own, so a huge line costs that line alone."""
    head = stream.read(CHUNK)
    if not head.strip():
        yield ReadError(origin, "empty file")
        return
    kind = binary_kind(head)
    if kind is not None:
        yield ReadError(origin, f"binary file ({kind}), not text")
        return
    if b"\x00" in head[:8192] or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16/32: no byte is a newline on its own; read whole, as a .json is.
        rest = stream.read(limits.file + 1 - len(head))
        data = head + rest
        if len(data) > limits.file:
            yield ReadError(origin, f"too large: more than {human_size(limits.file)} in "
                            "UTF-16 or 32, the cap (--max-file)")
            return
        yield from read_bytes(data, origin, ".jsonl", default_id=origin, limits=limits)
        return
    try:
        yield from _finish(jsonl_records(head, stream, origin, limits.record), limits)
    except OSError as exc:  # the disk or the network file system failing mid-file
        yield ReadError(origin, f"cannot read: {exc.strerror or exc}; the lines before are in")


def read_url(url: str, limits: Limits | None = None, classify: Classifier = classify_address,
             should_stop: Callable[[], bool] | None = None) -> Iterator[Item]:
    """A page or feed at `url`, through the one fetcher (`db.fetch`)."""
    limits = limits or Limits()
    origin = show_path(url)
    try:
        fetched = fetch(url, limits, classify, should_stop)
    except FetchError as exc:
        yield ReadError(origin, str(exc))
        return
    kind = _url_kind(fetched.url, fetched.content_type, fetched.data)
    yield from read_bytes(fetched.data, origin, kind, default_id=origin, url=url,
                          id_origin=ORIGIN_INPUT, limits=limits)


def _url_kind(url: str, ctype: str, data: bytes) -> str:
    import urllib.parse

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
    data: bytes, origin: str, ext: str, *, default_id: str, url: str | None = None,
    id_origin: str = ORIGIN_FILE, limits: Limits | None = None,
) -> Iterator[Item]:
    """Decode and parse one input's bytes by its kind (the extension). Never raises.

    `default_id` is what names the input when it has no id of its own: a file's resolved
    path (`id_origin` "file") or a URL ("input").
    """
    limits = limits or Limits()
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    kind = binary_kind(data)
    if kind is not None:
        yield ReadError(origin, f"binary file ({kind}), not text")
        return
    text, warnings = decode_xml(data) if ext in FEED_EXTS else decode(data)
    if text is None:
        yield ReadError(origin, "binary file, not text")
        return
    ident = (id_origin, default_id)
    try:
        if ext in TEXT_EXTS:
            parsed: Iterable[Item] = read_text(text, origin, ident, url, warnings)
        elif ext == ".jsonl":
            parsed = _json_lines(text, origin, warnings)
        elif ext in JSON_EXTS:
            parsed = read_json(text, origin, warnings)
        elif ext in HTML_EXTS:
            parsed = read_html(text, origin, ident, url, warnings)
        else:
            parsed = read_feed(text, origin)
        yield from _finish(parsed, limits)
    except Exception as exc:  # a parser's own bug must not stop the other inputs
        yield ReadError(origin, f"cannot parse: {type(exc).__name__}: {exc}")


def _json_lines(text: str, origin: str, warnings: tuple[str, ...]) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            item = read_json_line(line, f"{origin}:{n}", warnings)
            if item is not None:
                yield item


def _finish(parsed: Iterable[Item], limits: Limits) -> Iterator[Item]:
    """Each article within the caps (a body over the record cap is refused, a long title cut),
    with its language warning."""
    for item in parsed:
        if isinstance(item, ArticleInput):
            size = len(item.body.encode("utf-8", "surrogatepass"))
            if size > limits.record:
                yield ReadError(item.origin, f"record too large: {human_size(size)} of text, "
                                f"the cap is {human_size(limits.record)} (--max-record)")
                continue
            title = item.title
            if len(title) > limits.title:
                title = title[: max(1, limits.title - 1)].rstrip() + "…"
            language = language_warning(item.body)
            warnings = item.warnings + ((language,) if language else ())
            item = dataclasses.replace(item, title=title, warnings=warnings)
        yield item
