"""Messages that carry data from thread workers back to the screens that asked."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from db.models import Actor, ActorStats, Article, ArticleRow, Claim, Mention


@dataclass
class ArticlesLoaded(Message):
    rows: list[ArticleRow]
    offset: int
    total: int


@dataclass
class ArticleLoaded(Message):
    article: Article
    claims: list[Claim]
    mentions: list[Mention]
    actors: list[ActorStats]
    focus: Mention | None = None


@dataclass
class MentionFound(Message):
    """The result of n/N: a mention (maybe in another article) and its position."""

    mention: Mention | None
    actor: Actor | None
    position: tuple[int, int]
