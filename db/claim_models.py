"""Frozen dataclasses of claims and their cues, as the store returns them (see `db/models.py`
for why they are a module of their own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    type: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    id: int
    article_id: int
    seq: int
    start: int
    end: int
    text: str
    types: tuple[str, ...]
    speaker_id: int | None
    negated: bool
    cues: tuple[Cue, ...] = ()
    actor_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ClaimHit:
    """A claim in a list (claims view, search results): with its article and speaker."""

    claim: Claim
    title: str
    published: str | None
    speaker: str | None
    rank: float | None = None
