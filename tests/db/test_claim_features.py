"""The claim model's features on parses built by hand, and how its training weighs rare types.

The parses are as en_core_web_sm leaves them (heads are absolute token indices); no model is
loaded, so these run in the fast tier."""

from __future__ import annotations

import numpy as np
from spacy.lang.en import English
from spacy.tokens import Doc

from db.nlp.claims import train
from db.nlp.claims.model import (
    MIN_THRESHOLD,
    MODEL_TYPES,
    ClaimModel,
    clause_features,
    path_from_root,
)


def _said_that_they_pressed() -> Doc:
    # "Officials said the allies pressed Kyiv to delay the offensive ."
    words = ["Officials", "said", "the", "allies", "pressed", "Kyiv", "to", "delay", "the",
             "offensive", "."]
    heads = [1, 1, 3, 4, 1, 4, 7, 4, 9, 7, 1]
    deps = ["nsubj", "ROOT", "det", "nsubj", "ccomp", "dobj", "aux", "xcomp", "det", "dobj",
            "punct"]
    pos = ["NOUN", "VERB", "DET", "NOUN", "VERB", "PROPN", "PART", "VERB", "DET", "NOUN",
           "PUNCT"]
    lemmas = ["official", "say", "the", "ally", "press", "Kyiv", "to", "delay", "the",
              "offensive", "."]
    ents = ["O"] * 5 + ["B-GPE"] + ["O"] * 5
    return Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               ents=ents)


def test_the_path_from_the_root_names_where_a_word_stands_in_the_clause():
    doc = _said_that_they_pressed()
    assert path_from_root(doc[1], 0, len(doc)) == "ROOT"
    assert path_from_root(doc[4], 0, len(doc)) == "ccomp"
    assert path_from_root(doc[7], 0, len(doc)) == "ccomp>xcomp"
    # a clause that starts after the root: the path stops at the clause's edge
    assert path_from_root(doc[7], 2, len(doc)) == "xcomp"


def test_a_cue_inside_what_a_source_said_gets_its_path_and_the_main_verb_is_reported():
    doc = _said_that_they_pressed()
    feats = dict(clause_features(doc, 0, len(doc), doc[4], {"request": 4}, False, True))
    assert feats["path:request:ccomp"] == 4  # anchored to the cue, so a type it adds has one
    assert feats["mainpath:ccomp"] == 4
    assert "mainpath:reported" in feats


def _examples(n_pos: int, n_neg: int) -> list[train.Example]:
    # A rare type (threat) on a feature it shares with many sentences that are not threats.
    pos = [train.Example(f"a{i}", frozenset({"bias", "w:cue"}), frozenset({"threat"}))
           for i in range(n_pos)]
    neg = [train.Example(f"b{i}", frozenset({"bias", "w:cue"}), frozenset())
           for i in range(n_neg)]
    return pos + neg


def test_rare_positives_weigh_more_so_a_rare_type_is_not_drowned(monkeypatch):
    data = _examples(3, 27)  # one in ten sentences with the cue is a threat
    monkeypatch.setattr(train, "POSITIVE_WEIGHT", 0.0)
    names, weights = train.fit(data)
    unweighted = train.probabilities(names, weights, data[0])["threat"]
    monkeypatch.setattr(train, "POSITIVE_WEIGHT", 0.5)
    names, weights = train.fit(data)
    weighted = train.probabilities(names, weights, data[0])["threat"]
    assert unweighted < 0.2  # the share of threats among such sentences
    assert weighted > unweighted + 0.1  # weighed by the square root of the odds (3 to 1)
    assert set(weights) == set(MODEL_TYPES)
    assert all(np.isfinite(w).all() for w in weights.values())


def test_no_type_fires_under_the_floor_whatever_threshold_training_chose():
    # p = 1 / (1 + e^0.85) = 0.30: over the trained threshold (0.2), under the floor (0.4)
    model = ClaimModel({"plan": {"bias": -0.85}, "event": {"bias": 0.85}},
                       {"plan": 0.2, "event": 0.5})
    assert MIN_THRESHOLD == 0.4
    assert model.decide([("bias", -1)]) == {"event": -1}
