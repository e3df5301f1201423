"""When a cue rule holds for a word: one check per field of the rule (`CueRule`), as a table.

A rule's word must have one of its parts of speech; a `modal` rule is an auxiliary of a
predicate. Otherwise a noun holds through the predicate that governs it ("expressed
SUPPORT"), and a verb or adjective must itself be a predicate of the sentence; then each
field the rule sets is one more condition, checked in the order of the table below. A field
left at its default is no condition: a new field of claims.toml is a new row here (a test
checks that every field has one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Token

from db.nlp.claims.grammar import (
    complements,
    governor,
    has_modal,
    has_prep,
    is_predicate,
    it_subject,
    noun_complements,
    objects,
    subject,
    word_keys,
)

if TYPE_CHECKING:
    from db.nlp.claims.rulebook import CueRule


class Finder(Protocol):
    """What the checks ask of the claim being typed (by_parse.TypeFinder is one)."""

    future: frozenset[str]  # the modals of the future

    def is_future(self, tok: Token) -> bool: ...

    def is_actor(self, subj: Token) -> bool: ...


@dataclass
class Candidate:
    """A word the rule is tried on, with what the checks ask of the parse, computed once."""

    finder: Finder
    rule: CueRule
    tok: Token
    gov: Token | None = field(default=None)  # a noun's governing predicate

    @cached_property
    def comps(self) -> list[Token]:
        return complements(self.tok)

    @cached_property
    def objs(self) -> set[str]:
        return objects(self.tok)


Check = Callable[[Candidate], bool]


def _keys_meet(tokens: list[Token], words: frozenset[str]) -> bool:
    return any(set(word_keys(t)) & words for t in tokens)


def _actor_subject(c: Candidate) -> bool:
    subj = subject(c.tok)
    return subj is None or c.finder.is_actor(subj)


def _active_actor_subject(c: Candidate) -> bool:
    subj = next((t for t in c.tok.children if t.dep_ == "nsubj"), None)
    return subj is None or c.finder.is_actor(subj)


# Field of the rule -> the check it adds, for a verb or adjective cue.
PREDICATE_CHECKS: dict[str, Check] = {
    "predicative": lambda c: c.tok.dep_ != "amod",
    "no_infinitive": lambda c: not any(t.dep_ == "xcomp" for t in c.tok.children),
    "preps": lambda c: has_prep(c.tok, c.rule.preps),
    "objects": lambda c: bool(c.objs & c.rule.objects),
    "not_objects": lambda c: not c.objs & c.rule.not_objects,
    "complement": lambda c: bool(c.comps) or it_subject(c.tok),
    "complement_lemmas": lambda c: _keys_meet(c.comps, c.rule.complement_lemmas),
    "negated_complement": lambda c: any(any(g.dep_ == "neg" for g in t.children)
                                        for t in c.comps),
    "future_complement": lambda c: any(has_modal(t, c.finder.future) for t in c.comps),
    "future": lambda c: c.finder.is_future(c.tok),
    "actor_subject": _actor_subject,
    "active_actor_subject": _active_actor_subject,
}

# Field of the rule -> the check it adds, for a noun cue (`gov` is its governing predicate).
NOUN_CHECKS: dict[str, Check] = {
    "governors": lambda c: c.gov is not None and bool(set(word_keys(c.gov)) & c.rule.governors),
    "complement_lemmas": lambda c: _keys_meet(noun_complements(c.tok),
                                              c.rule.complement_lemmas),
    "future": lambda c: c.gov is not None and c.finder.is_future(c.gov),
}

# Fields that are no condition: what the rule is, how it is found, and its documentation;
# `modal` and `also_event` change how the rule is applied (see `holds`, TypeFinder.find).
NOT_CHECKS = frozenset({"type", "lemmas", "pos", "modal", "also_event", "comment", "example"})


def holds(finder: Finder, rule: CueRule, tok: Token) -> bool:
    """Whether `rule` types the claim at word `tok`."""
    if tok.pos_ not in rule.pos:
        return False
    if rule.modal:
        return tok.dep_ == "aux" and is_predicate(tok.head)
    if tok.pos_ in ("NOUN", "PROPN"):
        gov = governor(tok)
        if gov is None or not is_predicate(gov):
            return False
        return _all_set(NOUN_CHECKS, Candidate(finder, rule, tok, gov))
    if not is_predicate(tok):
        return False
    return _all_set(PREDICATE_CHECKS, Candidate(finder, rule, tok))


def _all_set(checks: dict[str, Check], candidate: Candidate) -> bool:
    rule = candidate.rule
    return all(check(candidate) for name, check in checks.items() if getattr(rule, name))
