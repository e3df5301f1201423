"""People named as a source whom the entity recognizer missed.

"Tomasz Kubiak, a fire service spokesman, told Agence France-Presse...", "said study co-author
Professor Carl Lipo", "((Aparna Garg)) ...", "Natasha Gownaris: I've wanted...": the small
model tags many unfamiliar names as nothing, and then the statement has no speaker at all. The
grammar says more than the tagger here: the subject of a verb of saying that is a run of two
to four capitalised proper nouns with no determiner ("the Supreme Court said" is no person),
or the name that labels a turn of an interview, is a person. Each becomes a person actor with
its mention, as the actors step would have made it (`person:` + its folded name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from db.nlp.claims.grammar import word_keys
from db.nlp.claims.rulebook import attribution_rules
from db.nlp.found import FoundActor, FoundMention
from db.nlp.names import person_key
from db.nlp.spans import doc_text

_WORD = re.compile(r"^[A-Z][a-zà-ÿ]+(?:[-'’][A-Za-zà-ÿ]+)*\.?$|^[A-Z]\.$")
# "((Aparna Garg)) ..." and "Natasha Gownaris: ..." at the start of a line.
_LABEL = re.compile(r"(?m)^(?:\(\(\s*([^()\n]{3,40}?)\s*\)\)|([^:\n]{3,40}):\s)")
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.",
                         "professor", "sir", "dame", "lord", "lady", "rev", "rev."})
# Not ORG: the small model tags many an unfamiliar surname ORG ("Kubiak"); a span the actors
# step kept is a mention already, and a source a mention covers is skipped.
_NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
                              "WORK_OF_ART", "LAW", "DATE", "TIME"})


def unnamed_speakers(doc: Doc, mentions: Sequence[FoundMention]
                     ) -> tuple[list[FoundActor], list[FoundMention]]:
    """Person actors and mentions for the sources no mention covers."""
    taken = [(m.start, m.end) for m in mentions]
    actors: dict[str, FoundActor] = {}
    found: list[FoundMention] = []
    for start, end in _speaker_spans(doc):
        if any(s < end and start < e for s, e in taken):
            continue
        name = doc_text(doc)[start:end]
        key = f"person:{person_key(name)}"
        actors.setdefault(key, FoundActor(key, name, "person"))
        found.append(FoundMention(start, end, name, key))
        taken.append((start, end))
    return list(actors.values()), found


def _speaker_spans(doc: Doc) -> Iterator[tuple[int, int]]:
    reporting = attribution_rules().reporting
    for tok in doc:
        if tok.pos_ == "VERB" and set(word_keys(tok)) & reporting:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                span = _name(subj)
                if span is not None:
                    yield span
    text = doc_text(doc)
    for m in _LABEL.finditer(text):
        group = 1 if m.group(1) else 2
        words = m.group(group).split()
        if not (2 <= len(words) <= 4 and all(_WORD.match(w) for w in words)):
            continue
        if group == 2 and text.count(words[-1]) < 2:
            continue  # "Related News: ...": a label's surname comes up again in an interview
        yield m.start(group), m.end(group)


def _name(head: Token) -> tuple[int, int] | None:
    """The span of a personal name headed by `head`: 'Tomasz Kubiak', 'Carl Lipo'."""
    if head.pos_ != "PROPN" or any(c.dep_ in ("det", "poss") for c in head.children):
        return None
    words = [head]
    for left in reversed(list(head.lefts)):
        if left.i != words[0].i - 1 or left.dep_ != "compound" or left.pos_ != "PROPN":
            break
        words.insert(0, left)
    roles = attribution_rules().roles
    while words and (words[0].lower_ in _HONORIFICS or words[0].lower_ in roles):
        words.pop(0)  # "Professor Carl Lipo": the person is Carl Lipo
    if not 2 <= len(words) <= 4:
        return None
    if any(not _WORD.match(w.text) or w.ent_type_ in _NOT_PERSON_ENTS for w in words):
        return None
    return words[0].idx, head.idx + len(head)
