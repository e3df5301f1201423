"""JSON Lines read as a stream: one line at a time, each capped on its own.

A JSON Lines file (an export, say) has no size cap as a whole; a line over the record cap is
skipped without being held in memory (a 500 MB line costs that line alone, and the good
record after it still goes in). Text that is not UTF-8 is decoded in the encoding that its
first such line shows, for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from db.decode import decode
from db.formats import read_json_line
from db.inputs import Item, ReadError
from db.limits import human_size

CHUNK = 1 << 20


def jsonl_records(head: bytes, stream: BinaryIO, origin: str, cap: int) -> Iterator[Item]:
    """Every record of the file whose first bytes are `head` and the rest `stream`."""
    said: set[str] = set()
    legacy: str | None = None
    for n, line, oversize in _lines(head, stream, cap):
        where = f"{origin}:{n}"
        if oversize:
            yield ReadError(where, f"record too large: more than {human_size(cap)},"
                            " the cap (--max-record); skipped")
            continue
        if not line.strip():
            continue
        text, warnings = decode(line) if legacy is None else _decode_as(line, legacy)
        if text is None:
            yield ReadError(where, "binary data, not text")
            continue
        if warnings and legacy is None and "byte order mark" not in warnings[0]:
            # The first line not in UTF-8 names the file's encoding: a guess per line could
            # read neighbouring lines in different encodings.
            legacy = _encoding_of(warnings[0])
        fresh = tuple(w for w in warnings if w not in said)  # an encoding is said once a file
        said.update(warnings)
        item = read_json_line(text, where, fresh)
        if item is not None:
            yield item


_LEGACY_NAMES = {"Windows-1252": "cp1252", "Latin-1": "latin-1"}


def _encoding_of(warning: str) -> str | None:
    name = warning.rsplit(" as ", 1)[-1].strip()
    name = _LEGACY_NAMES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def _decode_as(line: bytes, encoding: str) -> tuple[str | None, tuple[str, ...]]:
    """A line in UTF-8 when it is, else in the file's legacy encoding."""
    try:
        return line.decode("utf-8"), ()
    except UnicodeDecodeError:
        return line.decode(encoding, errors="replace"), ()


def _lines(head: bytes, stream: BinaryIO, cap: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, whether it was over `cap` and dropped) for every line."""
    buffer = bytearray(head)
    n = 1
    dropping = False
    while True:
        start = 0
        while (end := buffer.find(b"\n", start)) >= 0:
            if dropping:
                yield n, b"", True
                dropping = False
            else:
                line = bytes(buffer[start:end])
                yield n, line, len(line) > cap
            n += 1
            start = end + 1
        del buffer[:start]
        if len(buffer) > cap:  # no newline within the cap: forget it, keep counting bytes
            dropping = True
            buffer.clear()
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
    if dropping:
        yield n, b"", True
    elif buffer.strip():
        yield n, bytes(buffer), len(buffer) > cap


