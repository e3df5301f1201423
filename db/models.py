"""Frozen dataclasses that the store returns and the pipeline produces.

The store never hands out row dicts: every reader of the database sees these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACTOR_KINDS = ("country", "person", "organization", "place", "group")

CLAIM_TYPES = (
    "quote", "report", "request", "support", "agreement", "opposition", "threat",
    "plan", "prediction", "risk", "rule", "quantity", "event",
)


# What an article's `external_id` is (the `origin` column): the input's own id (a JSON `id`, a
# feed entry's guid or link, a page's URL), a file's resolved path, or, for an input with
# neither, the sha256 of its title and body. Two inputs are the same article only when both
# agree: a JSON id that happens to equal a file's path is not that file.
ORIGIN_INPUT = "input"
ORIGIN_FILE = "file"
ORIGIN_CONTENT = "content"


@dataclass(frozen=True)
class ArticleInput:
    """One article as a reader produced it, before extraction.

    `origin` names where it came from ("path", "path:line", a URL) for messages only, never
    for identity. `external_id` is the input's own id or a file's resolved path, as
    `id_origin` says; None for an input with neither (then it is the hash of title and body).
    """

    title: str
    body: str
    origin: str
    external_id: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    warnings: tuple[str, ...] = ()
    id_origin: str = ORIGIN_INPUT


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; `origin` is the file (and line) or URL."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader skipped or changed that the user should hear of (a FIFO in a
    folder, a symbolic link out of it); not a failure."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class CorrectionInput:
    """A `{"type":"correction",...}` record met in an input (an export): taken in by ingest
    after the articles before it (`db/corrections.py`)."""

    origin: str
    record: dict[str, Any]


Item = ArticleInput | ReadError | ReadWarning | CorrectionInput


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
