"""The display guard: the one way a stored value becomes text on the screen.

Titles, bodies, names, sources, dates, countries and URLs all come from untrusted input (and
a database file may have been written by anything). Every widget shows them through
`shown` (a string: one line, no control or escape sequence, no bidi override) or
`shown_text` (a plain `Text` of it, never markup), so that a value missed at ingest (a
`published` of `\\x1b]2;PWN\\x07`) still cannot retitle the terminal or style the screen. The
reader's body, whose offsets must line up, goes through `db.text.for_display` itself.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from db.text import one_line


def shown(value: object, limit: int | None = None) -> str:
    """A stored value as one line of screen text (empty for None), cut to `limit` with …"""
    if value is None:
        return ""
    return one_line(str(value), limit)


def shown_date(value: str | None) -> str:
    """An ISO date or date-time as its date (`2024-03-01`)."""
    return shown((value or "")[:10])


def count(n: int, word: str, plural: str | None = None) -> str:
    """`1 article`, `3,406 articles`."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def shown_text(value: object, style: str | Style = "", limit: int | None = None) -> Text:
    """`shown` as plain Text: brackets stay brackets."""
    return Text(shown(value, limit), style=style)
