"""Bytes -> text: what is surely binary, what encoding the text is in, with a warning.

Inputs are untrusted bytes: UTF-8 when they are; UTF-16/32 by a byte order mark, or without
one when the NUL bytes fall where UTF-16 puts them; otherwise a detected legacy encoding.
"""

from __future__ import annotations

import codecs
import re

from db.text import ESCAPES

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
        utf16 = utf16_without_bom(data)
        if utf16 is None:
            return None, ()
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None, ()
        if _looks_binary(text):
            return None, ()
        return text, (f"not UTF-8, decoded as {utf16} (no byte order mark)",)
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


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the NUL bytes fall where UTF-16 puts them for mostly
    Latin text (every second byte), else None. An XML feed saved as UTF-16 often has no BOM."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # Text in UTF-16 of Latin script: nearly every high byte is NUL, the low bytes never.
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.01 * len(other):
            return name
    return None


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def decode_xml(data: bytes) -> tuple[str | None, tuple[str, ...]]:
    """Like `decode`, but a feed that declares an 8-bit encoding (`koi8-r`, `iso-8859-1`) and
    is valid in it is read in it: the declaration knows better than a guess."""
    m = _DECLARED.match(data[:500])
    if m is not None:
        name = m.group(1).decode("ascii").lower()
        if not name.startswith(("utf-16", "utf-32", "utf16", "utf32")):
            try:
                text = data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if not _looks_binary(text):
                    return text, ()
    return decode(data)
