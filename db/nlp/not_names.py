"""Spans the model reads as names that the article itself shows are not actors.

The small model labels many capitalised words PERSON, ORG or GPE that are titles ("National
Security Advisor", "the new Sultan"), generic words for a body named in full elsewhere ("the
Taskforce" after "the Canada Energy Transformation Taskforce"; "the Court" in an article that
writes "the court"), adjectives ("a Pentecostal church") or names of things ("the Kepler
space telescope", "a no-deal Brexit"). Each test here needs evidence from the text: the
title list, another name in the same article, the article's own lower-case use of the word,
the tagger's part of speech, or how every mention of a lone name is used. None of them lists
words: they hold for words no one here has seen.

Only spans the gazetteer does not know are tested (a curated name stays a name).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from db.nlp.officials import titles
from db.nlp.spans import doc_text, words

_HEADS = "briefing.name_heads"
_NAME_WORDS = "briefing.name_words"

_POSSESSIVE = {"'s", "’s"}


_TITLE_JOINERS = {"of", "the", "for", "and"}


def title_phrase(span: Span) -> bool:
    """A title, not a name: the span is a title ("National Security Advisor", "Sultan"),
    begins one that the next words finish ("Supreme" before "Leader"), or ends in one that a
    name follows ("Majesty King" before "Abdullah II")."""
    t = titles()
    doc = span.doc
    if t.kind_of(span.text) in ("role", "rank"):
        return True
    for n in range(1, t.longest):
        end = span.end + n
        if end > len(doc) or not (doc[end - 1].text[:1].isupper()
                                  or doc[end - 1].lower_ in _TITLE_JOINERS):
            break  # titles are capitalised words, joined by "of", "the", "for"
        if t.kind_of(doc[span.start:end].text) in ("role", "rank"):
            return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not (nxt.text[:1].isupper() and nxt.is_alpha):
        return False
    return any(t.kind_of(span[i:].text) in ("role", "rank")
               for i in range(1, len(span)))


def no_capital(span: Span) -> bool:
    """'the congress': a word without a capital is not written as a name."""
    text = span.text
    return text == text.lower()


_ADJECTIVE = ("JJ", "JJR", "JJS")


def adjective(span: Span) -> bool:
    """'a Pentecostal church', 'Middle Eastern disputes', 'Heartbroken and numb': every word
    tagged an adjective, and never a noun elsewhere in the article ("Atlantic coasts" beside
    "the Atlantic"), is a description, not a name. Names the gazetteer knows, such as
    demonyms, never reach this test."""
    if not all(tok.tag_ in _ADJECTIVE for tok in span):
        return False
    first = span[0].text
    return not any(tok.text == first and tok.tag_ not in _ADJECTIVE for tok in span.doc)


def generic_head(span: Span) -> bool:
    """'the Taskforce', 'the Court': one word that is the head of a longer name in the same
    article ("the Canada Energy Transformation Taskforce", "the Supreme Court") and a common
    noun of English (`word_case`) stands for that body as a common noun does, and is not a
    name itself. Not when the rest of the longer name is a place ("Senate" after "United
    States Senate" is that country's body), nor when the longer name is a curated one whose
    short form is its own ("the House" in a text on the White House; "Europe" is no common
    noun, so "Southeast Europe" leaves it a place)."""
    if len(span) != 1:
        return False
    return span[0].text in _name_heads(span.doc)


def _name_heads(doc: Doc) -> frozenset[str]:
    heads = doc.user_data.get(_HEADS)
    if heads is None:
        from db.nlp.word_case import mostly_lower_case

        people = {t.text for e in doc.ents if e.label_ == "PERSON" for t in e}
        heads = frozenset(e[-1].text for e in doc.ents if len(e) > 1
                          and e.label_ not in ("PERSON", "GPE") and e.root.i == e.end - 1
                          and e[-1].text not in people and mostly_lower_case(e[-1].text)
                          and not _place_before(e) and not _curated(e))
        doc.user_data[_HEADS] = heads
    return frozenset(heads)


def common_word(span: Span) -> bool:
    """One capitalised word that written English mostly writes in lower case ("the
    Conception", "Guardrails can only take so much", "cooler than the Sun"), and that is no
    part of a longer name in the article or of a curated institution's: "the House" beside
    "House of Representatives", or in a text about the White House, is that body."""
    from db.nlp.word_case import mostly_lower_case

    return len(span) == 1 and mostly_lower_case(span.text) \
        and span.text not in _words_of_names(span.doc) \
        and span.text not in _institution_words()


@cache
def _institution_words() -> frozenset[str]:
    """Every word of the gazetteer's names of institutions and groups of several words."""
    from db.nlp.gazetteer import gazetteer

    return frozenset(w for surface, entry in gazetteer().strong.items()
                     if entry.kind in ("organization", "group") and " " in surface
                     for w in surface.split())


def _words_of_names(doc: Doc) -> frozenset[str]:
    words = doc.user_data.get(_NAME_WORDS)
    if words is None:
        words = frozenset(t.text for e in doc.ents if len(e) > 1 for t in e)
        doc.user_data[_NAME_WORDS] = words
    return frozenset(words)


def _curated(ent: Span) -> bool:
    from db.nlp.gazetteer import gazetteer

    return gazetteer().lookup(ent.text) is not None


def _place_before(ent: Span) -> bool:
    from db.nlp.gazetteer import gazetteer

    rest = ent[1:-1] if ent[0].lower_ == "the" else ent[:-1]
    if len(rest) == 0:
        return False
    entry = gazetteer().lookup(rest.text)
    return entry is not None and entry.kind in ("country", "place")


def common_word_here(span: Span) -> bool:
    """One capitalised word that the same article also writes in lower case ("The Court
    will..." beside "the court's summary") is a common noun capitalised for emphasis, at a
    sentence start or in a heading, not a name. One word only: "the National Oceanic and
    Atmospheric Administration" is a name though each of its words is also a common one."""
    if len(span) != 1:
        return False
    word = span[0].text
    if not word.isalpha() or word.isupper() or len(word) < 3:
        return False
    # A possessive counts as the word ("the court's summary"); other apostrophes do not.
    return re.search(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w-]|['’](?!s\b))",
                     doc_text(span.doc)) is not None


def titled_the(span: Span) -> bool:
    """'according to The Times', 'to The Independent': a capital 'The' inside a sentence
    belongs to the name, as in a newspaper's or a band's; the word is no common noun. Not
    after an opening quote or a colon ('the statement: "The Court will...'): quoted speech
    starts there, with a capital, whatever the parser made of the sentence."""
    if span.start == 0:
        return False
    the = span.doc[span.start - 1]
    if the.text != "The" or the.is_sent_start:
        return False
    before = span.doc[span.start - 2] if span.start >= 2 else None
    return before is None or before.text not in _OPENING


_OPENING = {'"', "“", "‘", "'", ":", "(", "["}


_GENERIC_DETERMINERS = {"a", "an", "this", "these", "that", "those", "another", "every",
                        "each", "any"}


def indefinite(span: Span) -> bool:
    """'an Order declaring...', 'in this Chamber': a determiner other than 'the', right
    before the span and on its own head, makes it a common noun phrase (a name takes none,
    or 'the'). Not with words between: "a free and open Indo-Pacific" is still a place."""
    if span.start == 0:
        return False
    det = span.doc[span.start - 1]
    return det.dep_ == "det" and det.lower_ in _GENERIC_DETERMINERS and det.head == span.root


@cache
def _currency_words() -> dict[str, frozenset[str]]:
    """alpha-3 of a country -> the last words of its currencies' ISO 4217 names ("dollar"
    for USA, "dinar" for IRQ), from countryinfo's currency codes and pycountry's names."""
    import pycountry
    from countryinfo._cache import load_countries

    out: dict[str, set[str]] = {}
    for info in load_countries()["countries"].values():
        alpha3 = info.get("ISO", {}).get("alpha3")
        for code in info.get("currencies") or ():
            currency = pycountry.currencies.get(alpha_3=code)
            if alpha3 and currency is not None:
                word = currency.name.split()[-1].lower()
                if word.isalpha():
                    out.setdefault(alpha3, set()).update((word, word + "s"))
    return {k: frozenset(v) for k, v in out.items()}


def before_its_currency(doc: Doc, end: int, alpha3: str | None) -> bool:
    """'a one million US dollar reward', '500 Syrian pounds': a country's name before its
    own currency names the money, not the country."""
    if alpha3 is None or end >= len(doc):
        return False
    return doc[end].lower_ in _currency_words().get(alpha3, frozenset())


def _species_after(doc: Doc, i: int) -> bool:
    """'Caudipteryx zoui', 'Carcharodon carcharias': a capitalised word followed by a
    lower-case word that English does not use (not in the lexeme table's common words) is a
    genus before its species, the scientific name of a living thing."""
    from db.nlp.word_case import lower_case_words

    if i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    return nxt.is_alpha and nxt.is_lower and len(nxt) > 3 and bool(lower_case_words()) \
        and nxt.text not in lower_case_words() and doc[i].whitespace_ != ""


def lone_name_of_a_thing(doc: Doc, starts: list[int]) -> bool:
    """A one-word 'person' that the article never treats as one (no title before it, no
    possessive, never the subject of a verb, never followed by another name) and that
    modifies a common noun ("the Kepler space telescope", "the Brexit deadline", "the
    Gukurahundi massacres") or is a word English mostly writes in lower case ("went to the
    Moon") names a thing. `starts` are the token indices of its mentions."""
    from db.nlp.officials import sentence_start, title_before
    from db.nlp.word_case import mostly_lower_case

    text = doc[starts[0]].text
    modifier = False
    mentions = [doc[i] for i, word in enumerate(words(doc)) if word == text]
    if any(_species_after(doc, tok.i) for tok in mentions):
        return True
    for tok in mentions:
        i = tok.i
        if title_before(doc, i, sent_start=sentence_start(doc, i)) is not None:
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and (nxt.text in _POSSESSIVE
                                or (nxt.text[:1].isupper() and nxt.is_alpha)):
            return False
        if tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ == "appos":
            return False
        if tok.dep_ == "compound" and tok.head.is_lower and tok.head.pos_ == "NOUN":
            modifier = True
    return modifier or mostly_lower_case(text)


_PLURAL = ("NNS", "NNPS")


def plural_common_noun(span: Span) -> bool:
    """'investments in Pell Grants', 'Tribal Colleges and Universities': a span read as a
    person that ends in a plural of a word English mostly writes in lower case (`word_case`)
    names a kind of thing, a programme or a class of institutions; no one's name is a
    plural common noun. Surnames that end in -s ("Cummings", "Sacoolas") are not common
    words, and stay people."""
    from db.nlp.word_case import mostly_lower_case

    if span.label_ != "PERSON":
        return False
    last = span[-1]
    return last.tag_ in _PLURAL and mostly_lower_case(last.text)


def honorific_before_name(span: Span) -> bool:
    """'archbishop Monsenor Jorge Eduardo Scheinig': one word read as an organisation or a
    place, right before a person's name and attached to it as a modifier of the name, is
    a form of address the title list does not know (most are foreign), not a second actor.
    Not with a title between ("Labour Party leader Jeremy Corbyn"): an organisation there
    is the one the person leads."""
    if len(span) != 1 or span.label_ == "PERSON" or span.end >= len(span.doc):
        return False
    doc = span.doc
    nxt = doc[span.end]
    root = span.root
    return nxt.ent_iob_ == "B" and nxt.ent_type_ == "PERSON" and root.dep_ == "compound" \
        and root.head.i >= span.end and root.head.ent_type_ == "PERSON" \
        and root.head.i < span.end + 4


def common_place_word(span: Span) -> bool:
    """'light-years from Earth': one word the model reads as a location (LOC: seas, regions,
    features; not a country or a city, GPE) that written English writes in lower case at
    least as often as capitalised (`word_case.lower_case_as_often`) is a common noun that
    names a thing, not a place anyone acts from. The margin is narrower than
    `common_word`'s, which must also spare people's names ("Bill", "Trump"): a LOC span is
    no person. Names of places the gazetteer knows never reach this test, nor a word of a
    longer name in the article ("Gulf" beside "the Gulf of Aden"); a longer date or amount
    does not count ("33 Earth days")."""
    from db.nlp.word_case import lower_case_as_often

    if len(span) != 1 or span.label_ != "LOC":
        return False
    word = span[0].text
    if not (word.isalpha() and word[:1].isupper() and word[1:].islower()
            and word.lower() in lower_case_as_often()):
        return False
    return not any(len(e) > 1 and e.label_ in _NAME_LABELS and any(t.text == word for t in e)
                   for e in span.doc.ents)


_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
