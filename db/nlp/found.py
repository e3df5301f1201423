"""What the pipeline finds in one article, before it is written to the database.

Actors are identified by a `key` that is stable across articles ("country:USA",
"person:emmanuel macron"), so that ingest can join them to actors already stored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundActor:
    key: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoundMention:
    start: int
    end: int
    text: str
    actor_key: str


@dataclass(frozen=True)
class FoundCue:
    type: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class FoundClaim:
    start: int
    end: int
    types: tuple[str, ...] = ()
    cues: tuple[FoundCue, ...] = ()
    speaker_key: str | None = None
    negated: bool = False
    # the text names the speaker as a source ("X said", a quotation's attribution, a
    # transcript label), rather than as the subject of a stance ("the United States
    # condemns"): a signed statement's author (authors.py) does not override it
    sourced: bool = False


@dataclass(frozen=True)
class Extraction:
    actors: tuple[FoundActor, ...]
    mentions: tuple[FoundMention, ...]
    claims: tuple[FoundClaim, ...]

    def shifted(self, offset: int) -> Extraction:
        """The same extraction with every offset moved by `offset` (pieces of long texts)."""
        return Extraction(
            self.actors,
            tuple(FoundMention(m.start + offset, m.end + offset, m.text, m.actor_key)
                  for m in self.mentions),
            tuple(
                FoundClaim(
                    c.start + offset, c.end + offset, c.types,
                    tuple(FoundCue(q.type, q.text, q.start + offset, q.end + offset)
                          for q in c.cues),
                    c.speaker_key, c.negated, c.sourced,
                )
                for c in self.claims
            ),
        )
