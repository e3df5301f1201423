"""A span of an article that may name an actor, before the spans are chosen among
(db/nlp/actors.py) and people's short forms joined to their full names (db/nlp/people.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db.nlp.gazetteer import Entry


@dataclass
class Candidate:
    start: int  # token indices (for hyphen parts: the token holding the part)
    end: int
    char_start: int
    char_end: int
    source: int
    entry: Entry | None = None  # resolved by the gazetteer
    kind: str = ""  # for unresolved spans
    label: str = ""
    country: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def resolved_kind(self) -> str:
        return self.entry.kind if self.entry else self.kind
