"""A learned layer over the claim rules: one logistic regression per claim type, on features
of the parse, trained on sentences coded by hand (`make train`).

Why: cue lists fitted to one conflict's 205 sentences did not carry to other news (macro-F1
0.93 tuned, 0.66 unseen). The rules still find cues and their offsets; the model weighs them
with what the parse says about the clause (its predicates' lemmas, their particles and
complements, modals, negation, numbers, who the subject is), so a verb the lists never named
("slammed", "struck a deal") is typed from the coded examples, and a rule that misfires on
other news is outweighed.

Every feature is anchored to a token, so a type the model adds gets a cue: the token whose
features weigh most for it. The weights are a small JSON file in `data/`, read once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from db.models import CLAIM_TYPES
from db.nlp.claims.quantity import NUMBER_ENTS

# The types the model decides; `quote` and `report` stay with attribution (0.97 unseen).
MODEL_TYPES = tuple(t for t in CLAIM_TYPES if t not in ("quote", "report"))
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "claim_model.json"

_CONTENT = frozenset({"VERB", "NOUN", "ADJ", "AUX"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prt", "prep", "acomp", "attr", "oprd"})
_PERSON_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})
_DEPTH = 4  # labels kept on a path from the root: deeper paths are too rare to weigh

Feature = tuple[str, int]  # (name, anchoring token index; -1 when none)
# No type fires under this probability, whatever threshold training chose. Training weighs
# rare positives up (train.py, POSITIVE_WEIGHT) and then picks thresholds out of fold, down
# to 0.2-0.25 for plan and risk: those extra guesses took the seed reading's types to 0.857
# micro-F1 (under its 0.90) and typed "adamant that it will not send troops" a plan. Chosen
# on the seed reading (0.871 at 0.3, 0.885 at 0.35, 0.900 at 0.4, 0.881 at 0.45), never on
# the blind part; train.py's cross-validation does not apply it.
MIN_THRESHOLD = 0.4


def path_from_root(tok: Token, a: int, b: int) -> str:
    """The dependency labels from the root of the clause [a, b) down to `tok`
    ("ccomp>xcomp"; "ROOT" for the root itself), at most `_DEPTH` of them."""
    deps: list[str] = []
    t = tok
    while t.head.i != t.i and a <= t.head.i < b and len(deps) < _DEPTH:
        deps.append(t.dep_)
        t = t.head
    return ">".join(reversed(deps)) or "ROOT"


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def clause_features(doc: Doc, a: int, b: int, main: Token | None,
                    rule_types: dict[str, int], quote: bool, report: bool) -> list[Feature]:
    """The features of the claim made of tokens [a, b).

    Proper names and named entities give no word features: a model trained on a few hundred
    sentences would otherwise learn who is in the news instead of what a sentence does.
    """
    out: list[Feature] = [("bias", -1)]
    for t, i in rule_types.items():
        out.append(("rule:" + t, i))
    if quote:
        out.append(("attr:quote", -1))
    if report:
        out.append(("attr:report", -1))
    numbers = False
    for tok in doc[a:b]:
        if tok.ent_type_ in NUMBER_ENTS or tok.like_num:
            numbers = True
            out.append(("num:" + (tok.ent_type_ or "like"), tok.i))
        if tok.pos_ == "PROPN" or (tok.ent_type_ and tok.ent_type_ not in NUMBER_ENTS):
            continue
        if tok.tag_ == "MD":
            out.append(("md:" + tok.lower_, tok.i))
            out.append(("md:" + tok.lower_ + ">" + _lemma(tok.head), tok.head.i))
        if tok.dep_ == "neg":
            out.append(("neg", tok.i))
        if tok.pos_ not in _CONTENT:
            continue
        lemma = _lemma(tok)
        out.append((tok.pos_[0] + ":" + lemma, tok.i))
        if tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("prt", "prep") and c.i < b:
                    out.append(("vp:" + lemma + "_" + c.lower_, tok.i))
                elif c.dep_ in ("xcomp", "ccomp", "dobj") and c.i < b and c.pos_ != "PROPN":
                    out.append(("vc:" + lemma + ">" + _lemma(c), tok.i))
            if tok.tag_ == "VBD":
                out.append(("past", tok.i))
    if numbers:
        out.append(("numbers", -1))
    # Where in the parse a cue and the main predicate stand, as dependency labels from the
    # clause's root: "ROOT" (the sentence's own verb), "ccomp" (what a source said),
    # "advcl>xcomp" (in a side clause). Words of any wording share them (5-fold CV by
    # article, six-type macro-F1 0.598 -> 0.608).
    for t, i in rule_types.items():
        out.append((f"path:{t}:" + path_from_root(doc[i], a, b), i))
    if main is not None:
        m = _lemma(main)
        out.append(("main:" + m, main.i))
        out.append(("mainpos:" + main.pos_, main.i))
        out.append(("mainpath:" + path_from_root(main, a, b), main.i))
        if main.dep_ in ("ccomp", "parataxis"):
            out.append(("mainpath:reported", main.i))
        for c in main.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in _PERSON_PRONOUNS:
                    out.append(("subj:person-pronoun", main.i))
                elif c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                    out.append(("subj:" + c.ent_type_, main.i))
                elif c.pos_ == "PROPN":
                    out.append(("subj:PROPN", main.i))
                else:
                    out.append(("subj:" + _lemma(c), main.i))
            elif c.dep_ in _CLAUSE_DEPS and c.pos_ != "PROPN":
                out.append(("main>" + c.dep_ + ":" + _lemma(c), main.i))
    if doc[a:b].text.rstrip().endswith("?"):
        out.append(("question", -1))
    return out


@dataclass(frozen=True)
class ClaimModel:
    """Weights of one logistic regression per type: feature -> weight, bias, threshold."""

    weights: dict[str, dict[str, float]]   # type -> feature -> weight
    thresholds: dict[str, float]

    def decide(self, features: Sequence[Feature]) -> dict[str, int]:
        """The types whose probability passes their threshold, each with its cue token
        (the anchored feature that weighs most for it; -1 when none is anchored)."""
        out: dict[str, int] = {}
        names = {name for name, _i in features}
        # Types the model was not chosen for keep the rules' verdict (see train.py).
        for name, i in features:
            if name.startswith("rule:") and name[5:] not in self.weights:
                out[name[5:]] = i
        for t, w in self.weights.items():
            z = sum(w.get(n, 0.0) for n in names)
            if 1 / (1 + math.exp(-z)) < max(self.thresholds[t], MIN_THRESHOLD):
                continue
            best, where = 0.0, -1
            for name, i in features:
                if i >= 0 and w.get(name, 0.0) > best:
                    best, where = w[name], i
            out[t] = where
        return out

    def to_json(self) -> str:
        return json.dumps({"thresholds": self.thresholds, "weights": self.weights},
                          indent=0, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def claim_model() -> ClaimModel | None:
    """The shipped model, or None when none is built (the rules alone then decide)."""
    if not MODEL_PATH.exists():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return ClaimModel(data["weights"], data["thresholds"])
