"""Where the quotations of a text are: char spans inside quotation marks (attribution.py)."""

from __future__ import annotations

import re

_QUOTE_MARKS = re.compile(r"[“”\"«»]")
_OPENING = "“«"


def same_speech(between: str) -> bool:
    """Only an attribution lies between two quotations of one paragraph (', Minnis said. ')."""
    return "\n" not in between and len(between) <= 100


def quote_regions(text: str, nicknames: frozenset[str]) -> list[tuple[int, int]]:
    """Char spans inside quotation marks. A quotation left open at a paragraph's end ends
    there when the next paragraph opens another (the press-release convention)."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        ch = m.group()
        if ch in _OPENING or (ch == '"' and open_at is None):
            if open_at is not None:
                line_end = text.rfind("\n", open_at, m.start())
                regions.append((open_at, line_end if line_end > open_at else m.start()))
            open_at = m.end()
        elif open_at is not None:
            regions.append((open_at, m.start()))
            open_at = None
    if open_at is not None:
        line_end = text.find("\n", open_at)
        regions.append((open_at, line_end if line_end >= 0 else len(text)))
    out = []
    for start, end in regions:
        before = text[max(0, start - 30):start - 1].split()
        if before and before[-1].lower().strip(",") in nicknames:
            continue  # 'nicknamed “the Tiger”': a name, not a quotation
        if text[start:end].strip():
            out.append((start, end))
    return out
