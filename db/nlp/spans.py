"""Cleaning the model's entity spans: what to cut from their edges, and which are no actor.

NER spans carry determiners ("the New York Times", "Several American"), possessives
("Saudi Arabia’s"), titles ("Spokesperson John Kirby") and broken brackets ("(CoI"); and some
are not actors at all: weapon systems ("Patriot"), events and agreements ("the Geneva
Communique"), generic words ("State" in "Secretary of State"), numbers and handles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from db.nlp.names import plain

_LEADING = {"the", "a", "an", "some", "several", "many", "all", "these", "those", "this",
            "that", "our", "their", "its", "his", "her", "both", "other", "fellow"}
_TRAILING = {"'s", "’s", "'", "’", "(", ")", ",", ".", ":", ";", "-", "–", "—", '"', "“", "”"}
# Names of events and texts, not of actors: "the Geneva Communique", "Manama Dialogue";
# founding texts ("the United Nations Charter", "the United States Constitution"), contests
# and their titles ("the TNT Championship", "the World Cup", "the Nobel Prize") and schemes
# ("the Child Tax Credit"): the last word says what kind of thing the name is.
_EVENT_WORDS = {"agreement", "dialogue", "summit", "conference", "communique", "communiqué",
                "accord", "accords", "treaty", "talks", "resolution", "statement", "declaration",
                "day", "hostilities", "process", "gate", "plan", "strategy", "framework",
                "convention", "act", "law", "protocol", "operation", "program", "programme",
                "charter", "constitution", "bill", "credit", "championship", "championships",
                "cup", "olympics", "olympiad", "tournament", "prize", "award", "awards", "medal",
                "trophy"}
_MODEL_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class NotActors:
    generic: frozenset[str]
    weapons: frozenset[str]
    platform_nouns: frozenset[str]
    storm_words: tuple[tuple[str, ...], ...]  # each as its words, longest first


@cache
def not_actors() -> NotActors:
    from db.nlp.resources import load_json

    data = load_json("not_actors.json")
    return NotActors(
        frozenset(plain(w).casefold() for w in data["generic"]),
        frozenset(plain(w).casefold() for w in data["weapons"]),
        frozenset(data["platform_nouns"]),
        tuple(sorted((tuple(w.split()) for w in data["storm_words"]), key=len, reverse=True)),
    )


def trim(ent: Span) -> Span | None:
    """The name inside an entity span: determiners, possessives, titles and punctuation cut."""
    from db.nlp.officials import titles

    doc = ent.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if "\n" in doc[i].text or (i + 1 < end and "\n" in doc[i].whitespace_):
            # A name never spans a line break: a heading ("Scotland") above a name ("Nicola
            # Sturgeon") is two things. The name after the break is kept.
            start = i + 1
    for i in range(start, end):  # an unbalanced "(" ends the name: "Inquiry (CoI"
        if doc[i].text == "(" and not any(doc[j].text == ")" for j in range(i, end)):
            end = i
            break
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _TRAILING or doc[end - 1].is_punct):
        end -= 1
    t = titles()
    end = _before_a_rank(doc, start, end)
    if ent.label_ == "PERSON":
        moved = True
        while moved and end - start > 1:
            moved = False
            for n in range(min(t.longest, end - start - 1), 0, -1):
                if t.kind_of(doc[start:start + n].text):
                    start += n
                    moved = True
                    break
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def _before_a_rank(doc: Doc, start: int, end: int) -> int:
    """The end of a name that a rank closes before the next name: "Marine Corps Cpl" before
    ". Hunter Lopez" is the Marine Corps, and the rank is Lopez's. Only ranks, and only with
    a capitalised name after (the rank's stop between): "John Major said" keeps its Major."""
    from db.nlp.officials import titles

    t = titles()
    after = end
    if after + 1 < len(doc) and doc[after].text == "." and doc[end - 1].whitespace_ == "":
        after += 1
    if after >= len(doc) or not (doc[after].text[:1].isupper() and doc[after].is_alpha):
        return end
    for n in range(min(t.longest, end - start - 1), 0, -1):
        if t.kind_of(doc[end - n:end].text) == "rank":
            return end - n
    return end


def is_junk(span: Span, *, full: bool = True) -> bool:
    """Spans that are never actors, whatever their label. With `full=False`, only the
    checks that hold even for names the gazetteer knows ("Summit" is a town in New Jersey,
    and still not an actor when a text says "the Summit")."""
    text = span.text
    words = plain(text).casefold()
    na = not_actors()
    if words in na.generic or words in na.weapons or named_storm(span) \
            or span.text in common_acronyms(span.doc):
        return True
    if not full:
        return False
    if not text[:1].isalpha() or not text[:1].isupper():
        return True  # "@ABlinken", "#Syria", "al-Hilla" as a person: not a clean name
    if text.isupper() and 2 < len(text) < 6 and text in time_zones():
        return True  # "12:00 UTC", "EST": a time zone's abbreviation, read as an ORG
    if _MODEL_NUMBER.search(text):
        return True  # "F-16", "S-400", "G-20 Interfaith Conference", dates, amounts
    last = span[-1].lower_
    if last in _EVENT_WORDS and span.label_ in ("ORG", "FAC", "EVENT", "LAW", "GPE"):
        return True
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.lower_ in na.platform_nouns:
        return True  # "Storm Shadow missiles", "Patriot air defense"
    if span.label_ == "PERSON":
        if len(span) == 1 and text.isupper():
            return True  # transcript speaker labels: "QUESTION", "KIRBY"
        if any(t.is_lower and t.is_alpha and t.lower_ not in _PARTICLES for t in span):
            return True
    return len(text) < 2


@cache
def time_zones() -> frozenset[str]:
    """The abbreviations of the time zones in the tz database (tzdata: maintained, installed
    from the package index), as in use in winter and in summer."""
    import datetime
    import zoneinfo

    names = set()
    for zone in zoneinfo.available_timezones():
        info = zoneinfo.ZoneInfo(zone)
        for month in (1, 7):
            name = datetime.datetime(2024, month, 1, tzinfo=info).tzname()
            if name and name.isalpha() and name.isupper():
                names.add(name)
    return frozenset(names)


_STORMS = "briefing.storm_names"
_WORDS = "briefing.words"


def words(doc: Doc) -> list[str]:
    """The doc's token texts, made once per doc: a spaCy token is built anew at every
    `doc[i]`, and the article-wide scans below would build every token of every article
    again (a tenth of the rules' time at ingest)."""
    held = doc.user_data.get(_WORDS)
    if held is None:
        held = doc.user_data[_WORDS] = [t.text for t in doc]
    return held


def named_storm(span: Span) -> bool:
    """A storm, not an actor: "Tropical Storm Chantal" as one span, or a name that the article
    writes after a storm word somewhere ("Humberto" in an article about "Hurricane
    Humberto"). Storms take people's first names, so the model reads them as people."""
    doc = span.doc
    storm_words = not_actors().storm_words
    names = doc.user_data.get(_STORMS)
    if names is None:
        # Only after a storm word's last word ("Storm" of "Tropical Storm"): a few tokens
        # of an article, not every one, since this runs on every article ingested.
        last = {words[-1] for words in storm_words}
        words_of = words(doc)
        names = frozenset(
            words_of[i + 1] for i, w in enumerate(words_of[:-1])
            if w in last and words_of[i + 1].isalpha() and words_of[i + 1][:1].isupper()
            and (i + 2 == len(doc) or not words_of[i + 2][:1].isupper())
            and any(i + 1 >= len(ws) and tuple(words_of[i + 1 - len(ws):i + 1]) == ws
                    for ws in storm_words))
        doc.user_data[_STORMS] = names
    if not names:
        return False
    first = span.start
    for ws in storm_words:  # "Tropical Storm Chantal": skip the storm word
        if tuple(t.text for t in span[:len(ws)]) == ws:
            first += len(ws)
            break
    return span.end - first == 1 and doc[first].text in names


_ACRONYMS = "briefing.common_acronyms"


def common_acronyms(doc: Doc) -> frozenset[str]:
    """Acronyms the article defines with a common noun phrase: "artificial intelligence (AI)",
    "Ebola virus disease (EVD)", "liquid natural gas (LNG)". The model tags such acronyms as
    organisations; a name is defined with its capitals ("World Health Organization (WHO)").
    Read as news writes a definition: the acronym in brackets right after the phrase, whose
    last word, in lower case, begins with the acronym's last letter."""
    held = doc.user_data.get(_ACRONYMS)
    if held is None:
        found = set()
        words_of = words(doc)
        for i in (i for i, w in enumerate(words_of) if w == "("):
            if not (0 < i < len(doc) - 2 and words_of[i + 2] == ")"):
                continue
            word, acronym = words_of[i - 1], words_of[i + 1]
            text = acronym[:-1] if acronym.endswith("s") else acronym
            if word.isalpha() and word.islower() and len(text) >= 2 and text.isalpha() \
                    and sum(map(str.isupper, text)) >= 2 and word[0] == text[-1].lower():
                found.add(acronym)
        held = doc.user_data[_ACRONYMS] = frozenset(found)
    return held


_PARTICLES = {"al", "al-", "el", "de", "di", "da", "van", "von", "der", "bin", "ibn", "abu",
              "le", "la", "du", "del", "dos", "y"}


TEXT_KEY = "briefing.text"


def doc_text(doc: Doc) -> str:
    """doc.text, read once per doc: the property joins every token each time it is read.
    The pipeline stores the text it parsed here first (`remember_text`), so it is not even
    joined once."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """The text a doc was parsed from (spaCy keeps it exactly: doc.text == text)."""
    doc.user_data[TEXT_KEY] = text
