"""A small hand-made database for the actors, actor page, claims and type picker tests.

Built through the bulk write path (`db.ingest.write_extracted`) with hand-written
extractions, so that it has what the dev corpus may lack: dates over several months, claim
types with cues, a speaker, a negated claim, and a name made of markup.
"""

from __future__ import annotations

from pathlib import Path

from db import ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundCue, FoundMention
from db.schema import open_write

NATO = FoundActor("organization:nato", "NATO", "organization",
                  aliases=("North Atlantic Treaty Organization",))
FRANCE = FoundActor("country:FRA", "France", "country", "FRA", aliases=("French",))
MACRON = FoundActor("person:emmanuel macron", "Emmanuel Macron", "person", "FRA", "President")
KYIV = FoundActor("place:kyiv", "Kyiv", "place", "UKR")
# Untrusted: an actor's name is text from an article, never markup.
MARKUP = FoundActor("organization:[b]evil[/b] corp", "[b]Evil[/b] Corp", "organization")


def _find(body: str, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def _mention(body: str, text: str, actor: FoundActor, nth: int = 0) -> FoundMention:
    start, end = _find(body, text, nth)
    return FoundMention(start, end, text, actor.key)


def _claim(body: str, sentence: str, types: tuple[str, ...] = (),
           cues: tuple[tuple[str, str], ...] = (), speaker: FoundActor | None = None,
           negated: bool = False) -> FoundClaim:
    start, end = _find(body, sentence)
    found_cues = []
    for claim_type, cue in cues:
        cs = body.index(cue, start)
        found_cues.append(FoundCue(claim_type, cue, cs, cs + len(cue)))
    return FoundClaim(start, end, types, tuple(found_cues),
                      speaker.key if speaker else None, negated)


# (title, published, body, claims: (sentence, types, cues, speaker, negated),
#  mentions: (text, actor, nth occurrence in the body))
ARTICLES = [
    (
        "Macron urges NATO to act", "2024-01-05",
        "French President Emmanuel Macron urged NATO to send air defence to Kyiv. "
        "NATO said it would decide next week.",
        [
            ("French President Emmanuel Macron urged NATO to send air defence to Kyiv.",
             ("request",), (("request", "urged"),), MACRON, False),
            ("NATO said it would decide next week.", ("report", "plan"),
             (("report", "said"), ("plan", "would decide")), NATO, False),
        ],
        [("French", FRANCE, 0), ("Emmanuel Macron", MACRON, 0), ("NATO", NATO, 0),
         ("Kyiv", KYIV, 0), ("NATO", NATO, 1)],
    ),
    (
        "NATO warns of escalation", "2024-03-10",
        "NATO warned that an attack on Kyiv would be answered. "
        "France will not deploy troops, Macron said.",
        [
            ("NATO warned that an attack on Kyiv would be answered.", ("threat",),
             (("threat", "warned"),), NATO, False),
            ("France will not deploy troops, Macron said.", ("report", "plan"),
             (("report", "said"), ("plan", "will not deploy")), MACRON, True),
        ],
        [("NATO", NATO, 0), ("Kyiv", KYIV, 0), ("France", FRANCE, 0), ("Macron", MACRON, 0)],
    ),
    (
        "Ministers meet in Kyiv", "2024-03-20",
        "Ministers met in Kyiv on Tuesday. NATO opposed the plan of [b]Evil[/b] Corp.",
        [
            ("Ministers met in Kyiv on Tuesday.", ("event",), (("event", "met"),), None, False),
            ("NATO opposed the plan of [b]Evil[/b] Corp.", ("opposition",),
             (("opposition", "opposed"),), NATO, False),
        ],
        [("Kyiv", KYIV, 0), ("NATO", NATO, 0), ("[b]Evil[/b] Corp", MARKUP, 0)],
    ),
    (
        "A summer summit", "2024-06-01",
        "NATO leaders gathered for a summit. The weather was fine.",
        [
            ("NATO leaders gathered for a summit.", ("event",), (("event", "gathered"),), None,
             False),
            ("The weather was fine.", (), (), None, False),
        ],
        [("NATO", NATO, 0)],
    ),
    (
        "An undated note", None,
        "NATO is mentioned here without a date.",
        [("NATO is mentioned here without a date.", (), (), None, False)],
        [("NATO", NATO, 0)],
    ),
]


def build_views_db(path: Path) -> Path:
    """Write the articles above into a new database at `path`."""
    db = open_write(path)
    actors = (NATO, FRANCE, MACRON, KYIV, MARKUP)
    with db.conn:
        for i, (title, published, body, claims, mentions) in enumerate(ARTICLES):
            item = ArticleInput(title, body, f"views-{i}", external_id=f"views-{i}",
                                source="Test Wire", published=published)
            prepared = ingest.prepare(db, item)
            assert prepared is not None
            extraction = Extraction(
                actors,
                tuple(sorted((_mention(body, text, actor, nth) for text, actor, nth in mentions),
                             key=lambda m: m.start)),
                tuple(_claim(body, s, types, cues, speaker, negated)
                      for s, types, cues, speaker, negated in claims),
            )
            ingest.write_extracted(db, prepared, extraction, "hand-made")
    db.conn.close()
    return path


def build_many_actors_db(path: Path, n: int) -> Path:
    """One article naming `n` places, each once more than the next: enough actors for
    several pages of the index, in a known order."""
    words = [f"Place{i:04d}" for i in range(n)]
    body = " ".join(w for i, w in enumerate(words) for _ in range(n - i if i < 3 else 1)) + "."
    actors = tuple(FoundActor(f"place:{w.lower()}", w, "place", "UKR") for w in words)
    mentions, at = [], 0
    for token in body[:-1].split(" "):
        mentions.append(FoundMention(at, at + len(token), token, f"place:{token.lower()}"))
        at += len(token) + 1
    db = open_write(path)
    with db.conn:
        item = ArticleInput("Many places", body, "many", external_id="many",
                            published="2024-05-01")
        prepared = ingest.prepare(db, item)
        assert prepared is not None
        ingest.write_extracted(db, prepared, Extraction(
            actors, tuple(mentions), (FoundClaim(0, len(body)),)), "hand-made")
    db.conn.close()
    return path
