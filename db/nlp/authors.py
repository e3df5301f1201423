"""The author of a signed statement, named in its title, speaks its unattributed sentences.

"Statement from President Joe Biden on ...", "Statement by NSC Spokesperson Adrienne Watson
...", "Remarks by Vice President Harris ...": press offices publish statements whose body is
in the author's voice ("Jill and I are saddened ...", "The United States condemns ...") and
rarely names the author. An analyst filtering `speaker:Biden` expects those sentences; the
hand-coded news sets code them so. A claim whose own text or attribution names another
speaker keeps it ("..., Secretary Blinken said"); so does one whose subject is another person
doing a speech act ("Mr. Sullivan emphasized..."). A country or an institution as the subject
of a stance ("The United States congratulates King Frederik...") is the author speaking for it.
(Overriding it only for heads of state and government was tried: it did better on the tuning
part and worse on the blind one, where signed statements by advisers and spokespeople are
coded as theirs.) Readouts
("Readout of the President's call ...") are narrated by the press office, not said by the
principal, and get no author.
"""

from __future__ import annotations

import re

from spacy.language import Language

from db.nlp import actors
from db.nlp.found import Extraction, FoundActor, FoundClaim
from db.nlp.spans import remember_text

_SIGNED = re.compile(
    r"^\s*(?:joint\s+)?(?:statement|remarks|message|letter|op-ed|proclamation)s?\s+"
    r"(?:by|from|of)\s+", re.I)


_TOPIC = re.compile(r"\s(?:on|regarding|following|marking|announcing|upon|about|after|ahead|"
                    r"in|at|to|for|with|celebrating|commemorating|honoring|honouring|"
                    r"welcoming|congratulating)\s", re.I)


def author_of(nlp: Language, title: str | None) -> FoundActor | None:
    """The person (else the organisation) first named after "Statement by/from" in a title."""
    if not title:
        return None
    signed = _SIGNED.match(title)
    if signed is None:
        return None
    doc = nlp(title)
    remember_text(doc, title)
    found, mentions = actors.find_actors(doc)
    by_key = {a.key: a for a in found}
    # The signer is named before the subject ("... by NSC Spokesperson Adrienne Watson on
    # the ..."): in "Statement of the President on the NATO Summit and Call with President
    # Zelenskyy" the one person named is whom the statement is about, and it is unsigned.
    topic = _TOPIC.search(title, signed.end())
    before = topic.start() if topic else len(title)
    after = [by_key[m.actor_key] for m in sorted(mentions, key=lambda m: m.start)
             if signed.end() <= m.start < before and m.actor_key in by_key]
    for kind in ("person", "organization"):
        for actor in after:
            if actor.kind == kind:
                return actor
    return None


def _speaks_for_itself(claim: FoundClaim) -> bool:
    key = claim.speaker_key
    return key is not None and (claim.sourced or key.startswith("person:"))


def with_author(extraction: Extraction, author: FoundActor | None) -> Extraction:
    """The extraction with the author as speaker of every claim that names no other."""
    if author is None or not extraction.claims:
        return extraction
    claims = tuple(
        c if _speaks_for_itself(c) else FoundClaim(
            c.start, c.end, c.types, c.cues, author.key, c.negated, c.sourced)
        for c in extraction.claims)
    known = {a.key for a in extraction.actors}
    extra = () if author.key in known else (author,)
    return Extraction(extraction.actors + extra, extraction.mentions, claims)
