"""Text hygiene: the stored body, and a second guard for display.

The stored body is the decoded input with line ends made `\n` and terminal control removed:
C0 controls other than tab and newline, DEL, C1 controls, and every escape sequence whole
(CSI, OSC, DCS, SOS, PM, APC and the two-byte ESC forms, parameters included). Everything
else, format characters included, is kept, so offsets into the stored body stay meaningful.
"""

from __future__ import annotations

import re

# String sequences run to BEL or ST (ESC \ or 0x9c). An unterminated one runs to the end of
# the line: a terminal would swallow at least that much, and we keep the rest of the text.
_STRING_SEQ = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
# Other escapes: ESC, intermediates, one final byte (ESC ( B, ESC 7, ESC c ...).
_ESC = r"\x1b[ -/]*[0-~]?"
ESCAPES = re.compile(f"{_STRING_SEQ}|{_CSI}|{_ESC}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """The stored form of untrusted input text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    # Lone surrogates (from JSON "\ud800" escapes) are not characters and cannot be stored as
    # UTF-8; each becomes U+FFFD, one for one, so that the text keeps its length.
    return _SURROGATES.sub("\ufffd", text)


# What for_display replaces, each character by one U+FFFD: controls (ESC among them), lone
# surrogates, and bidirectional overrides and isolates (kept in the stored body, they are
# text, but shown as placeholders so that they cannot reorder what the terminal draws). One
# pattern, so that a 5 MB body is one pass.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def for_display(text: str) -> str:
    """A second guard before text reaches a terminal: no controls, no bidi overrides.

    Keeps the length of the text, so offsets still line up with highlights.
    """
    return _UNSHOWABLE.sub("\ufffd", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Collapse whitespace for list rows and CLI tables."""
    text = " ".join(for_display(text).split())
    if limit is not None and len(text) > limit:
        return text[: max(0, limit - 1)] + "…"
    return text
