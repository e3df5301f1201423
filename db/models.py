"""Frozen dataclasses that the store returns and the pipeline produces.

The store never hands out row dicts: every reader of the database sees these types. What the
readers produce before anything is stored is in `db/inputs.py` (a read command never imports
it: each dataclass costs its import about a millisecond).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
