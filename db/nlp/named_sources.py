"""Sources named by the grammar alone: a name the entity recognizer missed, made an actor
because the text has it speak.

The small model leaves many names of sources untagged ("Tomasz Kubiak, a fire service
spokesman, told AFP", "state-owned news agency Fars reported", "Maróth noted"), so no actor
existed to be the speaker and the claim went without one. The subject of a verb of saying,
the agent of a passive one and the phrase after "according to" are sources by their place in
the sentence; when that phrase's head is a proper noun whose words are all written as names
(not a capitalised common word: spaCy's lexeme probabilities, `word_case.py`) and no mention
covers them, the words are a name, and the source an actor of its own. Titles before the
name ("Governor", "Dr.") are not part of it. The kind is read from the shape alone: two
words or more, a person (the usual untagged source is a foreign name); an acronym, an
organisation; a single word, a person when it is the surname of a person made so earlier,
else an organisation ("Phivolcs reported") unless the model tagged it a PERSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from db.nlp.found import FoundActor, FoundMention
from db.nlp.names import person_key, slug
from db.nlp.officials import SUFFIXES, titles
from db.nlp.word_case import mostly_lower_case

# Entity labels of things that are never a source, whatever the parse says (not GPE: the
# model tags many foreign surnames so, "Maróth said"; a known place has a mention).
_NOT_SOURCES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                          "CARDINAL", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "LOC", "FAC",
                          "NORP"})
_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "us", "them"})


@dataclass(frozen=True)
class Made:
    actor: FoundActor
    mention: FoundMention


def _is_name_word(tok: Token) -> bool:
    text = tok.text
    return (text[:1].isupper() and text.replace("-", "").replace("'", "").isalpha()
            and not mostly_lower_case(text) and tok.ent_type_ not in _NOT_SOURCES
            and tok.lower_ not in _PRONOUNS)


def name_tokens(head: Token, common: frozenset[str]) -> list[Token]:
    """The words of the name a proper-noun head ends (titles and `common` nouns before it
    left out), or [] when the head is no name."""
    if head.pos_ != "PROPN" or not _is_name_word(head) or head.lemma_.lower() in common:
        return []
    if any(c.dep_ in ("det", "nummod", "quantmod") and c.lower_ != "the"
           for c in head.children):
        return []  # "one MP told", "an Arsenal fan said": someone, not a name
    words = [head]
    for tok in reversed(list(head.lefts)):
        if tok.dep_ not in ("compound", "flat") or tok.i != words[0].i - 1:
            break
        if not _is_name_word(tok):
            break
        words.insert(0, tok)
    # "Governor John Bel Edwards", "Dr. Anthony Fauci": the title is not the name
    t = titles()
    while len(words) > 1 and (t.kind_of(words[0].text) or words[0].lower_ in common):
        words.pop(0)
    if t.kind_of(words[0].text):
        return []
    return words


def make_source(words: list[Token], known_people: dict[str, str]) -> Made:
    """The actor and mention a name of source words stands for. `known_people`: surname ->
    key of the people made so in this article (so "Kubiak" after "Tomasz Kubiak" is him)."""
    doc = words[0].doc
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    text = doc.text[start:end]
    parts = [w for w in text.split() if w.casefold().strip(".") not in SUFFIXES]
    if len(parts) >= 2:
        key, kind = f"person:{person_key(text)}", "person"
    elif text.casefold() in known_people:
        key, kind = known_people[text.casefold()], "person"
    elif words[-1].ent_type_ == "PERSON":
        key, kind = f"person:{person_key(text)}", "person"
    else:
        key, kind = f"organization:{slug(text)}", "organization"
    if kind == "person" and len(parts) >= 2:
        known_people.setdefault(parts[-1].casefold(), key)
    return Made(FoundActor(key, text, kind, None, None, (text,)),
                FoundMention(start, end, text, key))
