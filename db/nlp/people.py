"""People within one article: who each person mention is, with role and country.

A full name ("Charles Q. Brown Jr.") is keyed on its normalised form, so the same full name
in two articles is one person. A short form ("Brown", "President Macron") joins the one full
name in the article that it can be; when two people in the article share the surname, it
joins only the one whose role the text gives it, and otherwise stays apart: two different
people are never merged on a surname alone. A short form with no full name in the article
joins a curated official only when the curated file lists that short form.

Role and country come from the text first (a title before the name, with a country or
demonym before the title: "French President Emmanuel Macron"; or an apposition: "Antony
Blinken, the U.S. secretary of state"), then from the curated officials, then from a rank
("General").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from db.nlp.names import person_key, plain
from db.nlp.officials import (
    SUFFIXES,
    Title,
    name_words,
    sentence_start,
    surname_forms,
    title_before,
    title_in_apposition,
)
from db.nlp.spans import doc_text

if TYPE_CHECKING:
    from db.nlp.candidate import Candidate


@dataclass
class Person:
    key: str
    name: str
    role: str | None = None
    country: str | None = None
    rank: str | None = None
    aliases: tuple[str, ...] = ()
    members: list[Candidate] = field(default_factory=list)


def resolve_people(doc: Doc, chosen: list[Candidate]) -> dict[int, Person]:
    """id(candidate) -> the person it names, for every person candidate."""
    countries = {c.end: c for c in chosen if c.entry is not None and c.entry.kind == "country"}
    starts = {c.start: c for c in chosen if c.entry is not None and c.entry.kind == "country"}
    people: dict[str, Person] = {}
    short: list[tuple[Candidate, str, Title | None, str | None]] = []
    by_candidate: dict[int, Person] = {}
    text = doc_text(doc)

    for c in chosen:
        if c.resolved_kind != "person":
            continue
        surface = text[c.char_start:c.char_end]
        title, country = _text_role(doc, c, countries, starts)
        if c.entry is not None:  # a curated official
            person = people.setdefault(c.entry.key, Person(c.entry.key, c.entry.name))
            person.role = person.role or c.entry.role
            person.country = person.country or c.entry.country
        elif len([w for w in name_words(surface) if w.casefold() not in SUFFIXES]) >= 2:
            key = f"person:{person_key(surface)}"
            person = people.setdefault(key, Person(key, " ".join(plain(surface).split())))
        else:
            short.append((c, surface, title, country))
            continue
        _learn(person, title, country)
        person.members.append(c)

    _join_partial_names(people)
    index: dict[str, list[Person]] = {}
    for person in {id(p): p for p in people.values()}.values():
        for form in surname_forms(person.name):
            index.setdefault(form, []).append(person)
    for c, surface, title, country in short:
        options = index.get(plain(surface).casefold(), [])
        if len(options) > 1 and title is not None and title.kind == "role":
            options = [p for p in options if p.role == title.text]
        if len(options) > 1:
            options = _principal(doc, options, c.char_start)
        if len(options) == 1:
            person = options[0]
        else:
            key = f"person:{person_key(surface)}"
            person = people.setdefault(key, Person(key, " ".join(plain(surface).split())))
        _learn(person, title, country)
        person.members.append(c)
    for person in {id(p): p for p in people.values()}.values():
        for member in person.members:
            by_candidate[id(member)] = person
    return by_candidate


def _principal(doc: Doc, options: list[Person], at: int) -> list[Person]:
    """Of several people sharing a surname, the one a bare surname at `at` names: the one
    the article introduced first, by full name, before it ("Robert Mugabe ... Grace
    Mugabe ... Mugabe said"), as news writing names the others by first name. None when no
    full name precedes it, or two were introduced in one sentence."""
    introduced = sorted((min(m.start for m in p.members), id(p), p) for p in options
                        if p.members and min(m.char_start for m in p.members) < at)
    if not introduced:
        return []
    if len(introduced) > 1 and doc[introduced[0][0]].sent == doc[introduced[1][0]].sent:
        return []  # "Gordon Brown met Charles Q. Brown Jr.": no one came first
    return [introduced[0][2]]


def _text_role(
    doc: Doc, c: Candidate, countries: dict[int, Candidate], starts: dict[int, Candidate]
) -> tuple[Title | None, str | None]:
    """The title before the name (or in apposition after it) and the country the text gives."""
    sent_start = sentence_start(doc, c.start)
    title = title_before(doc, c.start, sent_start=sent_start)
    country = None
    if title is not None:
        before = title.start
        if before > 0 and doc[before - 1].text in ("'s", "’s"):
            before -= 1  # "Syria's President Assad"
        found = countries.get(before)
        country = found.entry.country if found and found.entry else None
    else:
        found = countries.get(c.start)
        country = found.entry.country if found and found.entry else None
        from spacy.tokens import Span

        title = title_in_apposition(Span(doc, c.start, c.end))
        if title is not None:
            for i in range(title.start, title.start + 3):
                if i in starts and starts[i].entry is not None:
                    country = starts[i].entry.country  # type: ignore[union-attr]
                    break
    return title, country


def _learn(person: Person, title: Title | None, country: str | None) -> None:
    if title is not None:
        if title.kind == "role":
            # The text wins over the curated file when it names a role, but not when it names
            # the one already known less fully: "Secretary Kerry" after (or with the curated)
            # "Secretary of State" stays Secretary of State.
            known = (person.role or "").casefold()
            if not known.startswith(title.text.casefold()):
                person.role = title.text
        elif title.kind == "rank":
            person.rank = person.rank or title.text
    if country:
        person.country = country
    if person.role is None and person.rank:
        person.role = person.rank


def _join_partial_names(people: dict[str, Person]) -> None:
    """'Charles Brown' and 'Charles Q. Brown Jr.' in one article: the shorter joins the
    longer when first name and surname agree and only one longer name fits."""
    names = list(people.values())
    for p in names:
        words = name_words(p.name)
        fits = [
            q for q in names
            if q is not p and len(name_words(q.name)) > len(words)
            and name_words(q.name)[0].casefold() == words[0].casefold()
            and surname_forms(q.name) & surname_forms(p.name)
        ]
        if len(fits) == 1:
            target = fits[0]
            target.members += p.members
            target.role = target.role or p.role
            target.country = target.country or p.country
            people[p.key] = target
