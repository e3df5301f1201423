"""Messages that carry data from thread workers back to the screens that asked."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from db.models import Actor, ActorStats, Article, ArticleRow, Claim, Mention, SearchResult


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
    speakers: dict[int, Actor] = field(default_factory=dict)  # by id, for the claim line
    by_claim: dict[int, list[Mention]] | None = None  # the mentions by claim id
    cursor: int = 0  # the sentence to put the cursor on


@dataclass
class MentionFound(Message):
    """The result of n/N: a mention (maybe in another article) and its position."""

    mention: Mention | None
    actor: Actor | None
    position: tuple[int, int]


@dataclass
class SearchDone(Message):
    """A page of results for `text`; dropped when the query bar holds something else by now."""

    text: str
    offset: int
    result: SearchResult
