"""A learned last word on spans that may name actors: a logistic regression over what the
parse and the article say about the span, trained on the tuning codes (`make train-mentions`).

Why: after the rules (`not_names.py`, `word_case.py`) the spans left on things that are not
actors are of many small kinds (a tax credit, a charter, a named storm, a championship, a
lone first name, a radio call word, a capitalised common word), each too rare for a rule of
its own, and rules written for the ones seen would be lists of the sentences' words. The
model weighs features that hold for words no one here has seen: where the span came from
(gazetteer, NER and its label, a title, a surname), its shape (words, capitals, digits),
how English writes its words (`word_case`), what WordNet files the name under (a planet, a
program, a text; a person, a group, a place), the parse around it (the root's part of
speech and relation, the word before and after), and the article's evidence (a full name
that ends in it, how often it recurs, whether a title or a verb treats it as a person). No
feature is a word of the text: the model learns kinds of evidence, not who is in the news.

A span is dropped only when the model is confident (the threshold chosen by
cross-validation by article on the tuning codes, favouring recall). Without the weights
file nothing is dropped.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from db.nlp.candidate import Candidate
from db.nlp.officials import SUFFIXES, name_words, sentence_start, titles
from db.nlp.spans import doc_text
from db.nlp.word_case import mostly_lower_case
from db.nlp.wordnet import noun_classes

MODEL_PATH = Path(__file__).resolve().parent / "data" / "mention_model.json"
_SOURCES = {0: "gazetteer", 1: "ner", 2: "titled", 3: "hyphen", 4: "surname"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
                "her", "our", "every", "each", "any"}
_POSSESSIVE = {"'s", "’s"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Article:
    """What the whole article says, computed once for all its spans."""

    surfaces: Counter[str]
    surnames: frozenset[str]       # last words of people named in full (casefolded)
    first_names: frozenset[str]    # first words of people named in full
    words_lower: frozenset[str]    # every lower-case word of the text


def _article(doc: Doc, chosen: list[Candidate]) -> _Article:
    text = doc_text(doc)
    surfaces = Counter(text[c.char_start:c.char_end] for c in chosen)
    surnames, firsts = set(), set()
    people = [text[c.char_start:c.char_end] for c in chosen if c.resolved_kind == "person"]
    people += [e.text for e in doc.ents if e.label_ == "PERSON"]
    for name in people:
        words = [w for w in name_words(name) if w.casefold() not in SUFFIXES]
        if len(words) >= 2:
            surnames.add(words[-1].casefold())
            firsts.add(words[0].casefold())
    # A pattern over the text, not a walk over every token: this runs on every article.
    lower = frozenset(w for w in _WORD.findall(text) if w.islower())
    return _Article(surfaces, frozenset(surnames), frozenset(firsts), lower)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def features(doc: Doc, c: Candidate, art: _Article) -> list[str]:
    """The features of one candidate span (names of binary features, no text words)."""
    span = Span(doc, c.start, c.end)
    text = doc_text(doc)[c.char_start:c.char_end]
    words = text.split()
    kind = c.resolved_kind
    out = ["bias", "src:" + _SOURCES.get(c.source, str(c.source)), "kind:" + kind,
           "label:" + (c.label or "-"), "words:" + _bucket(len(words), (1, 2, 3)),
           "entry:" + (c.entry.kind if c.entry else "none")]
    out.append(f"kind:{kind}|words:{_bucket(len(words), (1, 2))}")
    if text.isupper() and len(text) > 1:
        out.append("shape:capitals")
    if any(ch.isdigit() for ch in text):
        out.append("shape:digit")
    if "-" in text:
        out.append("shape:hyphen")
    alpha = [w for w in words if w.isalpha()]
    lower = [w for w in alpha if mostly_lower_case(w)]
    if alpha and mostly_lower_case(alpha[-1]):
        out.append("case:last-lower")
        out.append(f"case:last-lower|kind:{kind}")
    if alpha and mostly_lower_case(alpha[0]):
        out.append("case:first-lower")
    if alpha and len(lower) == len(alpha):
        out.append("case:all-lower")
    if any(w in art.words_lower for w in (x.lower() for x in alpha)):
        out.append("here:lower-too")
    # What WordNet files the name under, if it has it: a planet ("Mars", noun.object), a
    # program ("Medicare", noun.act), a text ("Torah", "Linux": noun.communication), an
    # element ("Oxygen", a common word there) are things; people, groups and places are not.
    known = noun_classes().get("_".join(text.lower().replace("’", "'").removeprefix("the ")
                                        .split()))
    if known is not None:
        out += ["wn:" + known[0], f"wn:{known[0]}|{'name' if known[1] else 'word'}"]
    root = span.root
    out += ["root:" + root.pos_, "dep:" + root.dep_,
            f"dep:{root.dep_}|head:{root.head.pos_}"]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        out.append("subject")
    if root.dep_ == "compound" and root.head.is_lower:
        out.append("modifies-common-noun")
    prev = doc[c.start - 1] if c.start > 0 else None
    nxt = doc[c.end] if c.end < len(doc) else None
    if c.start == sentence_start(doc, c.start):
        out.append("sentence-start")
    if prev is not None:
        if prev.lower_ in _DETERMINERS:
            out.append("prev:" + ("the" if prev.lower_ == "the" else "det"))
        elif prev.text in _POSSESSIVE:
            out.append("prev:possessive")
        elif prev.text in _QUOTES:
            out.append("prev:quote")
        elif prev.pos_ == "ADP":
            out.append("prev:preposition")
        if titles().kind_of(prev.text) is not None:
            out.append("prev:title")  # one word: the longest title's search costs 3x the rest
    if nxt is not None:
        if nxt.text in _POSSESSIVE:
            out.append("next:possessive")
        elif nxt.text == ",":
            out.append("next:comma")
        elif nxt.is_lower and nxt.pos_ == "NOUN":
            out.append("next:common-noun")
        elif nxt.text[:1].isupper() and nxt.is_alpha:
            out.append("next:capital")
    if kind == "person" and c.entry is None:
        folded = [w.casefold() for w in name_words(text) if w.casefold() not in SUFFIXES]
        if len(folded) == 1:
            if folded[0] in art.surnames:
                out.append("person:surname-here")
            elif folded[0] in art.first_names:
                out.append("person:first-name-here")
            else:
                out.append("person:lone")
    out.append("recurs:" + _bucket(art.surfaces[text], (1, 3)))
    return out


@dataclass(frozen=True)
class MentionModel:
    weights: dict[str, float]
    threshold: float  # P(not an actor) at or above which a span is dropped

    def not_actor(self, names: list[str]) -> float:
        z = sum(self.weights.get(n, 0.0) for n in names)
        return 1 / (1 + math.exp(-z))

    def to_json(self) -> str:
        return json.dumps({"threshold": self.threshold, "weights": self.weights},
                          indent=0, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def mention_model() -> MentionModel | None:
    """The shipped model, or None when none is built (then nothing is dropped)."""
    if not MODEL_PATH.exists():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return MentionModel(data["weights"], data["threshold"])


def candidate_features(doc: Doc, chosen: list[Candidate]) -> list[list[str]]:
    art = _article(doc, chosen)
    return [features(doc, c, art) for c in chosen]


def without_things(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """The chosen spans less those the model is confident name no actor."""
    model = mention_model()
    if model is None or not chosen:
        return chosen
    return [c for c, f in zip(chosen, candidate_features(doc, chosen), strict=True)
            if model.not_actor(f) < model.threshold]
