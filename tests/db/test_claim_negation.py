"""Negation belongs to the clause of the cue (issue 12): a "not" in another clause of the
sentence does not negate it. The parses are built by hand (what en_core_web_sm 3.8.0 gave
for these sentences), so these run without the model."""

from __future__ import annotations

from tests.db.test_rules_by_hand import extract, parsed

ENDORSED_AFTER_NOT = parsed(
    "Smith did not seek reelection, and he endorsed Jones for the seat.",
    """
    Smith      3  nsubj PROPN NNP Smith      B-PERSON
    did        3  aux   AUX   VBD do         O
    not        3  neg   PART  RB  not        O
    seek       3  ROOT  VERB  VB  seek       O
    reelection 3  dobj  NOUN  NN  reelection O
    ,          3  punct PUNCT ,   ,          O
    and        3  cc    CCONJ CC  and        O
    he         8  nsubj PRON  PRP he         O
    endorsed   3  conj  VERB  VBD endorse    O
    Jones      8  dobj  PROPN NNP Jones      B-PERSON
    for        8  prep  ADP   IN  for        O
    the        12 det   DET   DT  the        O
    seat       10 pobj  NOUN  NN  seat       O
    .          8  punct PUNCT .   .          O
    """)

DID_NOT_ENDORSE = parsed(
    "Jones did not endorse the plan.",
    """
    Jones   3 nsubj PROPN NNP Jones   B-PERSON
    did     3 aux   AUX   VBD do      O
    not     3 neg   PART  RB  not     O
    endorse 3 ROOT  VERB  VB  endorse O
    the     5 det   DET   DT  the     O
    plan    3 dobj  NOUN  NN  plan    O
    .       3 punct PUNCT .   .       O
    """)


def test_a_negation_in_another_clause_does_not_negate_the_cue():
    claim = extract(ENDORSED_AFTER_NOT).claims[0]
    assert "support" in claim.types
    assert not claim.negated


def test_a_negated_cue_is_negated():
    claim = extract(DID_NOT_ENDORSE).claims[0]
    assert claim.negated


def test_a_claim_without_cues_takes_the_negation_of_its_main_verb():
    sentence = parsed(
        "The talks did not resume.",
        """
        The    1 det   DET   DT  the    O
        talks  4 nsubj NOUN  NNS talk   O
        did    4 aux   AUX   VBD do     O
        not    4 neg   PART  RB  not    O
        resume 4 ROOT  VERB  VB  resume O
        .      4 punct PUNCT .   .      O
        """)
    assert extract(sentence).claims[0].negated
