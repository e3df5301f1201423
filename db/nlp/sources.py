"""What attribution finds in a claim (its sources) and decides for it (attribution.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Source:
    """A source named in a claim: by a reporting verb or 'according to'."""

    key: str | None          # an actor key, FIRST, or None when it names no known actor
    cue_start: int
    cue_end: int
    report: bool              # indirect speech: some of what is attributed is not quoted
    header: bool = False      # "X said:" with nothing after it: opens a statement
    outlet: str | None = None  # an organization named as source or addressee (a newspaper)
    named: bool = False       # a noun phrase is the source ("one MP told"), resolved or not


@dataclass
class Attributed:
    """What attribution decides for one claim."""

    speaker_key: str | None = None
    sources: list[Source] = field(default_factory=list)
    quote: tuple[int, int] | None = None   # the quoted words (char span) when a `quote`
    report: tuple[int, int] | None = None  # the cue of a `report`
    sourced: bool = False  # the text names the speaker as a source (not a stance's subject)
