"""Frozen dataclasses that the store returns and the pipeline produces: the vocabularies, and
the records of articles and searches. Actors and mentions are in `db/actor_models.py`, claims
in `db/claim_models.py`.

The store never hands out row dicts: every reader of the database sees these types. They are
in three modules, not one, because each dataclass costs its import about a millisecond, and
`briefing search` needs only these (`make bench`, read commands' start-up). What the readers
produce before anything is stored is in `db/inputs.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.actor_models import Actor
    from db.claim_models import ClaimHit

ACTOR_KINDS = ("country", "person", "organization", "place", "group")

CLAIM_TYPES = (
    "quote", "report", "request", "support", "agreement", "opposition", "threat",
    "plan", "prediction", "risk", "rule", "quantity", "event",
)


@dataclass(frozen=True)
class ArticleRow:
    """An article without its body: one row of the article list."""

    id: int
    title: str
    source: str | None
    published: str | None
    n_actors: int
    url: str | None = None


@dataclass(frozen=True)
class Article:
    id: int
    external_id: str
    title: str
    source: str | None
    url: str | None
    published: str | None
    body: str
    sha256: str
    pipeline: str | None
    n_actors: int = 0


@dataclass(frozen=True)
class ArticleHit:
    """An article found by a word query, with its bm25 rank and a snippet."""

    article: ArticleRow
    rank: float
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    """What a query returns: articles (word queries) or claims (any claim filter)."""

    kind: str  # "articles" or "claims"
    articles: tuple[ArticleHit, ...] = ()
    claims: tuple[ClaimHit, ...] = ()
    terms: tuple[str, ...] = ()  # words to highlight
    messages: tuple[str, ...] = field(default=())
    # Not run, or stopped: a malformed query, or one past its deadline. `messages` say why;
    # `briefing search` exits 2.
    failed: bool = False


class AmbiguousActor(Exception):
    """A name that matches several actors: the commands list them and exit 2."""

    def __init__(self, name: str, actors: list[Actor]) -> None:
        super().__init__(name)
        self.name = name
        self.actors = actors
