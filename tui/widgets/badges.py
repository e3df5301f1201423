"""Short labels for claim types and actor kinds, so that meaning never rests on colour alone,
and highlighting of search terms in plain (untrusted) text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

# The same three letters as the claims view (tui/widgets/claim_table.py): one vocabulary.
TYPE_BADGE = {
    "quote": "QUO", "report": "REP", "request": "REQ", "support": "SUP",
    "agreement": "AGR", "opposition": "OPP", "threat": "THR", "plan": "PLN",
    "prediction": "PRE", "risk": "RSK", "rule": "RUL", "quantity": "QTY", "event": "EVT",
}

KIND_LETTER = {"country": "C", "person": "P", "organization": "O", "place": "L", "group": "G"}

HIGHLIGHT = Style(bold=True, underline=True)


def type_badges(types: Iterable[str]) -> str:
    """`REQ·OPP` for ("request", "opposition"); empty for none."""
    return "·".join(TYPE_BADGE.get(t, t[:3].upper()) for t in types)


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern for whole words and phrases (words joined by any gap),
    close to what FTS5's unicode61 tokenizer matched."""
    parts = []
    for term in terms:
        words = [re.escape(w) for w in re.findall(r"\w+", term)]
        if words:
            parts.append(r"\b" + r"\W+".join(words) + r"\b")
    if not parts:
        return None
    # Longest first, so that a phrase wins over one of its words.
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


def highlight(text: Text, terms: Iterable[str], style: Style = HIGHLIGHT) -> Text:
    """Style every match of the terms in `text` (in place; returned for chaining)."""
    pattern = term_pattern(terms)
    if pattern is not None:
        for m in pattern.finditer(text.plain):
            text.stylize(style, m.start(), m.end())
    return text
