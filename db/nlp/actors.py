"""Actors in a parsed document: spans that name something, resolved to one actor per thing.

Spans come from five sources, taken in this order where they overlap:
1. the gazetteer's phrase matcher (curated institutions and officials, countries, demonyms,
   capitals, large cities): precise, and the only source in the rules-only pipeline;
2. the model's named entities, resolved through the gazetteer where it knows the name, and
   otherwise kept as a person, organisation, place or group of their own;
3. titles before capitalised names ("General Charles Q. Brown Jr."), for names NER missed;
4. bare surnames of people the article names in full, that nothing above covers
   (`surnames.py`: "Pelosi" after "Nancy Pelosi", labelled an EVENT or nothing);
5. country names inside hyphenated words ("U.S.-supplied").
People are then joined within the article (`people.py`): "Brown" is the "Charles Q. Brown Jr."
named earlier or later, "Macron" the "Emmanuel Macron".

Kinds: `country`, `place` (cities, regions; with their country), `organization`
(institutions, companies, outlets), `group` (non-state armed groups and designated terrorist
organisations, such as ISIL, and peoples named in the plural, "Kurds"), `person`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from db.nlp.candidate import Candidate
from db.nlp.found import FoundActor, FoundMention
from db.nlp.gazetteer import Gazetteer, gazetteer
from db.nlp.gazetteer_matcher import matcher
from db.nlp.mention_model import without_things
from db.nlp.names import slug, strip_article
from db.nlp.not_names import (
    adjective,
    before_its_currency,
    common_place_word,
    common_word,
    common_word_here,
    generic_head,
    honorific_before_name,
    indefinite,
    lone_name_of_a_thing,
    no_capital,
    plural_common_noun,
    title_phrase,
    titled_the,
)
from db.nlp.people import Person, resolve_people
from db.nlp.run_together import entity_pieces
from db.nlp.spans import doc_text, is_junk, trim
from db.nlp.surnames import surname_mentions

_KIND_BY_LABEL = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "PERSON": "person",
    "NORP": "group",
}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
# Spans of these NER labels that contain a country stay whole: "Iraqi Security Forces" is an
# organisation of Iraq, not a mention of Iraq.
_WHOLE_LABELS = {"ORG", "FAC"}
# Priorities where spans overlap (lower wins).
GAZETTEER, NER, TITLED, HYPHEN, SURNAME = 0, 1, 2, 3, 4


def find_actors(doc: Doc) -> tuple[list[FoundActor], list[FoundMention]]:
    chosen = without_things(doc, chosen_spans(doc))
    return _actors_and_mentions(doc, chosen, gazetteer())


def chosen_spans(doc: Doc) -> list[Candidate]:
    """The spans that may name actors, chosen among the sources, before the learned filter
    (`mention_model.py`) drops those it is confident name things."""
    matched = _gazetteer_spans(doc)
    chosen: list[Candidate] = []
    taken = [False] * len(doc)

    def take(c: Candidate) -> None:
        chosen.append(c)
        for i in range(c.start, c.end):
            taken[i] = True

    countries = {c.entry.country for c in matched if c.entry and c.entry.country}
    ner = [c for c in (_from_entity(doc, ent, matched, countries)
                       for ent in entity_pieces(doc)) if c is not None]
    # NER spans that absorb the gazetteer matches inside them go first; then the matches;
    # then the other NER spans where nothing is taken yet.
    absorbing = [c for c in ner if c.extra.get("absorbs")]
    for c in absorbing:
        take(c)
    for c in matched:
        if not any(taken[c.start:c.end]):
            take(c)
    for c in ner:
        if not c.extra.get("absorbs") and not any(taken[c.start:c.end]):
            take(c)
    for c in _titled_names(doc):
        if not any(taken[c.start:c.end]):
            take(c)
    for c in surname_mentions(doc, chosen, taken, SURNAME):
        take(c)  # "Pelosi told the public" after "Nancy Pelosi", whatever NER read
    for c in _hyphen_parts(doc, taken):
        chosen.append(c)
    chosen.sort(key=lambda c: c.char_start)
    _surnames_are_people(doc, chosen)
    return _without_lone_things(doc, chosen)


def _surnames_are_people(doc: Doc, chosen: list[Candidate]) -> None:
    """'Holloway' tagged ORG in an article about 'Jane Holloway' is that person."""
    from db.nlp.officials import name_words, surname_forms

    forms: set[str] = set()
    body = doc_text(doc)
    for c in chosen:
        if c.resolved_kind == "person":
            text = c.entry.name if c.entry else body[c.char_start:c.char_end]
            if len(name_words(text)) >= 2:
                forms |= surname_forms(text)
    for c in chosen:
        if c.entry is None and c.kind != "person" and c.end - c.start == 1 \
                and doc[c.start].text.casefold() in forms:
            c.kind = "person"


def _gazetteer_spans(doc: Doc) -> list[Candidate]:
    gz = gazetteer()
    strings = doc.vocab.strings
    out = []
    for match_id, start, end in _longest_first(matcher(doc.vocab)(doc)):
        entry = gz.by_key.get(strings[match_id])
        span = doc[start:end]
        if entry is None or _shouting(span):
            continue
        if entry.kind == "country" and (_inside_another_name(doc, start, end)
                                        or before_its_currency(doc, end, entry.country)):
            continue
        out.append(Candidate(start, end, span.start_char, span.end_char, GAZETTEER, entry))
    return out


def _inside_another_name(doc: Doc, start: int, end: int) -> bool:
    """A country's name or demonym that is part of another name: after a capitalised word
    that is not a function word ("Latin American", "Native American", "South America", "New
    Mexico"), or before a word that makes it a people or a language ("Indian tribe",
    "Turkish-speaking"). "American soldiers" and "the French government" stay the country."""
    if start > 0:
        prev = doc[start - 1]
        if prev.is_alpha and prev.text[:1].isupper() and not prev.is_stop \
                and prev.whitespace_ and not prev.text.isupper():
            return True
    if end < len(doc):
        after = doc[end]
        if after.lower_ in ("tribe", "tribes", "-speaking", "speaking") or (
                after.text == "-" and end + 1 < len(doc)
                and doc[end + 1].lower_ in ("speaking", "language")):
            return True
    return False


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping matches resolved to the longest ("New York Times" over "New York")."""
    seen: set[int] = set()
    kept = []
    for m in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not seen.intersection(range(m[1], m[2])):
            kept.append(m)
            seen.update(range(m[1], m[2]))
    return sorted(kept, key=lambda m: m[1])


def _shouting(span: Span) -> bool:
    """A short acronym match ("IS", "US") inside all-capital text is a word, not a name."""
    if len(span.text) > 3 or not span.text.isupper():
        return False
    doc = span.doc
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return any(t.is_alpha and t.is_upper and len(t) > 1 for t in neighbours)


def _from_entity(
    doc: Doc, ent: Span, matched: list[Candidate], countries: set[str]
) -> Candidate | None:
    kind = _KIND_BY_LABEL.get(ent.label_)
    if kind is None:
        return None
    span = trim(ent)
    if span is None or is_junk(span, full=False) or no_capital(span):
        return None
    gz = gazetteer()
    entry = gz.lookup(span.text, countries=countries) or gz.lookup(
        _without_admin_word(span.text), countries=countries)
    if entry is not None and entry.kind == "country" and (
            _inside_another_name(doc, span.start, span.end)
            or before_its_currency(doc, span.end, entry.country)):
        return None  # "Indian tribe", "Turkish-speaking", "US dollar": a people, a language
    if entry is not None and entry.kind == "place" and ent.label_ not in _PLACE_LABELS \
            and gz.strong.get(span.text) is not entry:
        # A town's name on a span the model reads as a person or an organisation is that
        # person or organisation ("Warren", "Hudson"), unless it is a city's main name.
        entry = None
    if entry is None and (is_junk(span) or _not_a_name(span, kind)):
        return None
    if entry is None and kind == "place" and _ACRONYM.match(span.text):
        kind = "organization"  # an unknown acronym is an organisation, never a place
    inside = [c for c in matched if c.start >= span.start and c.end <= span.end]
    crossing = [c for c in matched if c.start < span.end and c.end > span.start
                and c not in inside]
    c = Candidate(span.start, span.end, span.start_char, span.end_char, NER, entry, kind,
                  ent.label_)
    if entry is not None:
        # The whole span is a known name: it replaces any smaller match inside it.
        c.extra["absorbs"] = "1" if inside and (inside[0].start, inside[-1].end) != (
            span.start, span.end) else ""
        return c
    if crossing:
        return None  # a curated name crosses its edge: NER cut it wrongly
    if inside:
        if ent.label_ in _WHOLE_LABELS and _absorbable(span, inside):
            c.country = next((m.entry.country for m in inside if m.entry
                              and m.entry.kind in ("country", "place") and m.entry.country),
                             None)
            c.extra["absorbs"] = "1"
            return c
        return None  # the matches inside speak for it ("Raqqa, Syria"; "Minister X Y")
    if kind != "person" and _titled(span):
        c.kind = "person"  # "Special Advisor Knox Thames" read as an ORG is still a person
        return c
    if kind == "group" and not span.text.endswith("s"):
        return None  # an adjective the gazetteer does not know ("Islamist"): not an actor
    return c


def _not_a_name(span: Span, kind: str) -> bool:
    """What the article shows is no name (db/nlp/not_names.py). A single word that ends a
    person's name or is written in lower case elsewhere may still be that person's surname
    ("Cummings" after "Elijah Cummings", "Bill"): people are joined by people.py instead."""
    if title_phrase(span) or adjective(span) or indefinite(span) \
            or plural_common_noun(span) or honorific_before_name(span):
        return True
    return kind != "person" and span.label_ != "PERSON" and not titled_the(span) and (
        generic_head(span) or common_word_here(span) or common_word(span)
        or common_place_word(span))


def _without_lone_things(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """One-word 'people' the article gives no full name and treats as things
    (`lone_name_of_a_thing`) are dropped, every mention of them, whatever the model
    labelled the other mentions of the same word ("Brexit" as a person, a place, an ORG)."""
    lone: dict[str, list[int]] = {}
    named: set[str] = set()
    for c in chosen:
        if c.resolved_kind != "person":
            continue
        if c.entry is None and c.end - c.start == 1:
            lone.setdefault(doc[c.start].text, []).append(c.start)
        else:
            named.update(t.text for t in doc[c.start:c.end])
    things = {w for w, starts in lone.items()
              if w not in named and lone_name_of_a_thing(doc, starts)}
    if not things:
        return chosen
    return [c for c in chosen if not (c.entry is None and c.end - c.start == 1
                                      and doc[c.start].text in things)]


def _titled(span: Span) -> bool:
    """A name with a title before it or a role in apposition after it is a person."""
    from db.nlp.officials import sentence_start, title_before, title_in_apposition

    if not 1 <= len(span) <= 4 or not all(_name_token(t) for t in span):
        return False
    title = title_before(span.doc, span.start, sent_start=sentence_start(span.doc, span.start))
    if title is not None and (title.kind != "honorific" or span.label_ != "GPE"):
        return True
    return len(span) >= 2 and title_in_apposition(span) is not None


def _without_admin_word(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].casefold() in ("province", "governorate", "region"):
        return " ".join(words[:-1])
    return text


def _absorbable(span: Span, inside: list[Candidate]) -> bool:
    """An organisation span keeps the names inside it when they are countries or places
    ("the U.S. Embassy", "Iraqi Security Forces") or an institution it starts with ("UN Board
    of Inquiry"), but not when it swallowed a person or a whole institution."""
    for m in inside:
        assert m.entry is not None
        if m.entry.kind in ("country", "place"):
            continue
        if m.entry.kind in ("organization", "group") and m.start == span.start \
                and m.end < span.end and span.doc[m.end].text not in ("'s", "’s"):
            continue  # "UN Board of Inquiry"; not "State Department's Flickr"
        return False
    return True


def _titled_names(doc: Doc) -> list[Candidate]:
    """'General Charles Q. Brown Jr.': a title, then capitalised words, is a person."""
    from db.nlp.officials import sentence_start, title_matcher, titles

    t = titles()
    ends: dict[int, int] = {}
    for _, start, end in title_matcher(doc.vocab)(doc):
        ends[start] = max(end, ends.get(start, end))
    out = []
    last = -1
    for i in sorted(ends):
        j = start = ends[i]
        if i < last:
            continue
        while j < len(doc) and (_name_token(doc[j]) or (j > start and doc[j].lower_ in
                                                        ("jr.", "jr", "sr.", "al-", "bin"))):
            j += 1
        last = j
        if j > start and sentence_start(doc, start) != start and not t.kind_of(doc[start].text):
            span = doc[start:j]
            if not is_junk(span) and gazetteer().lookup(span.text, confirmed=False) is None:
                out.append(Candidate(start, j, span.start_char, span.end_char, TITLED,
                                     None, "person", "PERSON"))
    return out


def _name_token(tok: object) -> bool:
    text = getattr(tok, "text", "")
    return bool(text[:1].isupper() and text[:1].isalpha() and not text.isupper() or
                (len(text) == 2 and text[0].isupper() and text[1] == "."))


_HYPHENATED = re.compile(r"[A-Z][\w.'’]*(?:-[\w.'’]+)+")


def _hyphen_parts(doc: Doc, taken: list[bool]) -> list[Candidate]:
    """'U.S.-supplied', 'Russian-backed', 'U.S.-Iraq': the named part of a hyphenated word.
    Found in the text by a pattern: walking every token in Python would cost more."""
    gz = gazetteer()
    out = []
    for found in _HYPHENATED.finditer(doc_text(doc)):
        offset = found.start()
        for part in found.group().split("-"):
            entry = gz.strong.get(part) if part[:1].isupper() else None
            rest = found.group()[offset - found.start() + len(part):].lower()
            if rest.startswith(("-speaking", "-language")):
                entry = None  # "Turkish-speaking": a language, not the country
            if entry is not None and entry.kind in ("country", "organization", "group"):
                span = doc.char_span(offset, offset + len(part), alignment_mode="expand")
                if span is not None and not any(taken[span.start:span.end]):
                    out.append(Candidate(span.start, span.end, offset, offset + len(part),
                                         HYPHEN, entry))
            offset += len(part) + 1
    return out


def _actors_and_mentions(
    doc: Doc, chosen: list[Candidate], gz: Gazetteer
) -> tuple[list[FoundActor], list[FoundMention]]:
    actors: dict[str, FoundActor] = {}
    mentions: list[FoundMention] = []
    people = resolve_people(doc, chosen)
    text = doc_text(doc)
    identified = [(c, text[c.char_start:c.char_end]) for c in chosen]
    found_all = [_identity(c, surface, people.get(id(c)), gz) for c, surface in identified]
    defined = _acronyms_defined(text, identified, found_all)
    for (c, surface), found in zip(identified, found_all, strict=True):
        if found is None:
            continue
        full = defined.get(surface) if c.entry is None else None
        if full is not None:  # "WMF", defined in this text as "World Monuments Fund (WMF)"
            found = FoundActor(full.key, full.name, full.kind, full.country, full.role,
                               (surface,))
        old = actors.get(found.key)
        if old is None:
            actors[found.key] = found
        else:
            # The first mention names the actor; later ones add aliases, country and role.
            aliases = tuple(dict.fromkeys((*old.aliases, *found.aliases)))
            actors[found.key] = FoundActor(old.key, old.name, old.kind,
                                           old.country or found.country,
                                           old.role or found.role, aliases)
        mentions.append(FoundMention(c.char_start, c.char_end, surface, found.key))
    return list(actors.values()), mentions


# Words an acronym may skip: "Organisation for the Prohibition of Chemical Weapons (OPCW)".
_MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "&"}
_DEFINED = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,9})\s*\)")


def _acronyms_defined(text: str, identified: list[tuple[Candidate, str]],
                      found_all: list[FoundActor | None]) -> dict[str, FoundActor]:
    """Acronyms this text defines in parentheses after an organisation's or group's name,
    when their capitals are the initials of its words: each stands for that actor here."""
    defined: dict[str, FoundActor] = {}
    for (c, _surface), found in zip(identified, found_all, strict=True):
        if found is None or found.kind not in ("organization", "group"):
            continue
        m = _DEFINED.match(text, c.char_end)
        if m is None:
            continue
        acronym = m.group(1)
        words = re.findall(r"[^\W\d_][\w'’-]*", found.name)
        capitals = "".join(ch for ch in acronym if ch.isupper())
        initials = {"".join(w[0] for w in words).upper(),
                    "".join(w[0] for w in words if w.casefold() not in _MINOR_WORDS).upper()}
        if len(capitals) >= 2 and capitals in initials:
            defined.setdefault(acronym, found)
    return defined


def _identity(c: Candidate, surface: str, person: Person | None,
              gz: Gazetteer) -> FoundActor | None:
    """The actor a chosen span names (aliases: the surface, plus the gazetteer's forms)."""
    if person is not None:
        return FoundActor(person.key, person.name, "person", person.country, person.role,
                          tuple(dict.fromkeys((surface, person.name, *person.aliases))))
    if c.entry is not None:
        e = c.entry
        # The gazetteer's forms become aliases (so "America" finds the United States even
        # before a text uses it), except the foreign spellings GeoNames lists for towns.
        extra = () if e.kind == "place" else tuple(
            a for a in gz.aliases.get(e.key, ()) if a.isascii() or a == e.name)
        return FoundActor(e.key, e.name, e.kind, e.country, e.role,
                          tuple(dict.fromkeys((surface, e.name, *extra))))
    if c.kind == "person":
        return None  # people are all resolved by resolve_people; a leftover is not a name
    name = strip_article(surface)
    key = f"{c.kind}:{slug(name)}"
    return FoundActor(key, name, c.kind, c.country, None, (surface,))
