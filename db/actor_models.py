"""Frozen dataclasses of actors and their mentions, as the store returns them (see
`db/models.py` for why they are a module of their own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    kind: str
    country: str | None
    role: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorStats:
    """An actor with its counts over the corpus (or over one article)."""

    actor: Actor
    mentions: int
    articles: int


@dataclass(frozen=True)
class Mention:
    id: int
    article_id: int
    actor_id: int
    claim_id: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MentionInContext:
    """A mention with its sentence and article, for concordances."""

    mention: Mention
    sentence: str
    sentence_start: int
    title: str
    published: str | None
