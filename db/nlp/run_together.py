"""Entity spans in which the small model ran two names together, cut back into their names.

The model labels a whole stretch of capitalised words as one entity where a reader sees two
names: "France's TotalEnergies" (a country and its company), "Omsk in Siberia" (a city and
its region), "Scotland Nicola Sturgeon" (a heading word and a person), "U.S.-Japan Alliance"
(two countries). Kept whole, such a span becomes an actor of its own and the country or
person in it is lost to `n`/`N` and to the joins across articles. Each cut needs evidence
beyond the shape of the span: the gazetteer knows the part as a place, or the article names
the person on their own elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from db.nlp.gazetteer import gazetteer

_POSSESSIVE = ("'s", "’s")
_PLACE_KINDS = ("country", "place")


def entity_pieces(doc: Doc) -> Iterator[Span]:
    """doc.ents, with run-together spans cut into the names they hold."""
    labels: dict[str, str] = {}  # the names the article gives on their own, with a label
    for e in doc.ents:
        labels.setdefault(e.text, e.label_)
    for ent in doc.ents:
        yield from _cut(ent, labels)


def _cut(ent: Span, labels: dict[str, str]) -> Iterator[Span]:
    doc = ent.doc
    first = ent.start + 1 if ent[0].lower_ == "the" and len(ent) > 1 else ent.start
    if _countries_compound(doc[first]):
        return  # "U.S.-Japan Alliance": the hyphenated countries are read as countries
    for i in range(ent.start + 1, ent.end - 1):
        tok = doc[i]
        if tok.text in _POSSESSIVE and _is_place(doc[ent.start:i]):
            # "France's TotalEnergies": the owner is a place, what follows is the entity.
            yield Span(doc, ent.start, i, label="GPE")
            yield Span(doc, i + 1, ent.end, label=ent.label_)
            return
        if tok.lower_ == "in" and _is_place(doc[ent.start:i]) \
                and doc[i + 1].text[:1].isupper():
            yield Span(doc, ent.start, i, label="GPE")  # "Omsk in Siberia"
            yield Span(doc, i + 1, ent.end, label="GPE")
            return
    # "Scotland Nicola Sturgeon", "NPR Hamza bin Laden": a word before a name of two words
    # or more that the article gives on its own elsewhere. The word before stays only where
    # the article or the gazetteer says what it is.
    for i in range(ent.start + 1, ent.end - 1):
        rest, head = doc[i:ent.end], doc[ent.start:i]
        if labels.get(rest.text) is not None and rest.text != ent.text \
                and all(t.text[:1].isupper() for t in doc[ent.start:ent.end]):
            label = labels.get(head.text) or _label_of(head)
            if label:
                yield Span(doc, ent.start, i, label=label)
            yield Span(doc, i, ent.end, label=labels[rest.text])
            return
    yield ent


def _is_place(span: Span) -> bool:
    entry = gazetteer().lookup(span.text)
    return entry is not None and entry.kind in _PLACE_KINDS


def _label_of(span: Span) -> str | None:
    entry = gazetteer().lookup(span.text)
    if entry is None:
        return None
    return "GPE" if entry.kind in _PLACE_KINDS else "ORG"


def _countries_compound(tok: Token) -> bool:
    parts = tok.text.split("-")
    strong = gazetteer().strong
    return len(parts) > 1 and all(
        (e := strong.get(p)) is not None and e.kind == "country" for p in parts)
