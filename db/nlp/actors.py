"""Actors in a parsed document: spaCy entities -> actors of the five kinds, with mentions.

This is the first level: entity labels mapped to kinds, names made canonical by trimming
articles and possessives. Deeper resolution (gazetteers, officials, demonyms) builds on it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from db.nlp.found import FoundActor, FoundMention

_KIND_BY_LABEL = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "PERSON": "person",
    "NORP": "group",
}


def canonical(text: str) -> str:
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"(’s|'s)$", "", text)
    return " ".join(text.split())


def find_actors(doc: Doc) -> tuple[list[FoundActor], list[FoundMention]]:
    actors: dict[str, FoundActor] = {}
    mentions: list[FoundMention] = []
    for ent in doc.ents:
        kind = _KIND_BY_LABEL.get(ent.label_)
        if kind is None:
            continue
        span = _trim(ent)
        if span is None:
            continue
        name = canonical(span.text)
        key = f"{kind}:{name.casefold()}"
        if key not in actors:
            actors[key] = FoundActor(key=key, name=name, kind=kind, aliases=(span.text,))
        else:
            old = actors[key]
            if span.text not in old.aliases:
                actors[key] = FoundActor(
                    old.key, old.name, old.kind, old.country, old.role, old.aliases + (span.text,)
                )
        mentions.append(FoundMention(span.start_char, span.end_char, span.text, key))
    return list(actors.values()), mentions


def _trim(ent: Span) -> Span | None:
    """Drop a leading determiner so the mention covers the name itself."""
    start = ent.start
    while start < ent.end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if start >= ent.end:
        return None
    return ent.doc[start:ent.end]
