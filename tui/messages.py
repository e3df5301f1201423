"""Messages that carry data from thread workers back to the screens that asked."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from db.actor_models import Actor, ActorStats, Mention
from db.models import Article, ArticleRow, SearchResult
from db.reading import Reading


@dataclass
class ArticlesLoaded(Message):
    rows: list[ArticleRow]
    offset: int
    total: int


@dataclass
class ArticleLoaded(Message):
    reading: Reading  # the article, its claims and mentions (db/reading.py)
    actors: list[ActorStats]
    focus: Mention | None = None
    speakers: dict[int, Actor] = field(default_factory=dict)  # by id, for the claim line
    cursor: int = 0  # the sentence to put the cursor on
    texts: tuple[list[str], list[bool]] | None = None  # sentences as shown (display_texts)
    kinds: dict[int, Actor] = field(default_factory=dict)  # the actors met so far, by id

    @property
    def article(self) -> Article:
        return self.reading.article


@dataclass
class ArticleCompleted(Message):
    """Every mention of a long article, after ArticleLoaded brought those near the cursor."""

    reading: Reading
    actors: list[ActorStats]


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
