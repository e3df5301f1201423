"""What the readers produce, before anything is stored: articles, feeds and corrections met
in the inputs, and the errors and warnings of reading them (frozen dataclasses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
class FeedInput:
    """A subscription as a list or an export's `{"type": "feed"}` record gives it, before it
    is stored (`db/subscribe.py`)."""

    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()
    full_text: bool = False
    origin: str = ""  # the file (and line) it came from, for messages


@dataclass(frozen=True)
class CorrectionInput:
    """A `{"type":"correction",...}` record met in an input (an export): taken in by ingest
    after the articles before it (`db/corrections.py`)."""

    origin: str
    record: dict[str, Any]


Item = ArticleInput | ReadError | ReadWarning | FeedInput | CorrectionInput
