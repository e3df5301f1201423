"""The table of checks of a cue rule (db/nlp/claims/conditions.py), on parses built by hand
as spaCy's own tests build them: no model, and exactly the parse each check is written for."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from db.nlp.claims.by_parse import TypeFinder
from db.nlp.claims.conditions import holds
from db.nlp.claims.rulebook import CueRule, claim_rules

VOCAB = spacy.blank("en").vocab


def parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str],
           lemmas: list[str] | None = None) -> Doc:
    """A Doc as the parser would leave it; heads are absolute token indices. English's
    vocabulary (no model): its lexical attributes (lower case, like_num) are those of text."""
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas or [w.lower() for w in words])


def rule(**fields: object) -> CueRule:
    return CueRule(**{"type": "support", "lemmas": frozenset({"support"}),  # type: ignore[arg-type]
                      "pos": frozenset({"VERB", "NOUN"}), **fields})


FINDER = TypeFinder(claim_rules(), [])
# "They support the plan"
VERB = parsed(["They", "support", "the", "plan"], heads=[1, 1, 3, 1],
              deps=["nsubj", "ROOT", "det", "dobj"], pos=["PRON", "VERB", "DET", "NOUN"])
# "They expressed support"
NOUN = parsed(["They", "expressed", "support"], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "dobj"], pos=["PRON", "VERB", "NOUN"],
              lemmas=["they", "express", "support"])
# "the support troops arrived": a noun in a noun phrase, governed by no predicate
MODIFIER = parsed(["the", "support", "troops", "arrived"], heads=[2, 2, 3, 3],
                  deps=["det", "compound", "nsubj", "ROOT"], pos=["DET", "NOUN", "NOUN", "VERB"])


def test_a_predicate_holds_when_every_field_it_sets_holds() -> None:
    tok = VERB[1]
    assert holds(FINDER, rule(), tok)
    assert holds(FINDER, rule(objects=frozenset({"plan"})), tok)
    assert not holds(FINDER, rule(objects=frozenset({"troops"})), tok)
    assert not holds(FINDER, rule(not_objects=frozenset({"plan"})), tok)
    assert not holds(FINDER, rule(preps=frozenset({"for"})), tok)
    assert not holds(FINDER, rule(complement=True), tok)  # no clause follows "support"
    assert holds(FINDER, rule(actor_subject=True), tok)  # "They" is an actor
    assert not holds(FINDER, rule(future=True), tok)  # no will/shall


def test_a_noun_holds_through_the_predicate_that_governs_it() -> None:
    assert holds(FINDER, rule(), NOUN[2])
    assert holds(FINDER, rule(governors=frozenset({"express"})), NOUN[2])
    assert not holds(FINDER, rule(governors=frozenset({"withdraw"})), NOUN[2])
    assert not holds(FINDER, rule(), MODIFIER[1])  # "the support troops"


def test_a_word_of_another_part_of_speech_never_holds() -> None:
    assert not holds(FINDER, rule(pos=frozenset({"NOUN"})), VERB[1])
