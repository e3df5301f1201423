"""Claim types decided from the dependency parse.

A cue word from `rules/claims.toml` types a claim only when it is a predicate of the
sentence: the main verb, the verb of a coordinated or subordinate clause, or a verb's
complement. Words inside noun phrases, relative clauses and a noun's complement are not
("the support troops", "information that will disrupt", "efforts to support"). When a rule
holds for a word is in conditions.py; the questions asked of the parse in grammar.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from db.nlp.claims.conditions import holds
from db.nlp.claims.grammar import complements, has_modal, is_predicate, reported, word_keys
from db.nlp.claims.quantity import (
    CURRENCY_SIGNS,
    NUMBER_ENTS,
    NUMBER_WORDS,
    entity,
    is_quantity,
)
from db.nlp.claims.rulebook import ACTION_TYPES, ClaimRules
from db.nlp.claims.scan import DocScan

_PERSON_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


@dataclass
class Typed:
    """The types found in one claim: type -> cue tokens (first, last), and the main verb."""

    cues: dict[str, tuple[Token, Token]] = field(default_factory=dict)
    negated: bool = False
    main: Token | None = None

    def add(self, ctype: str, first: Token, last: Token | None = None) -> None:
        self.cues.setdefault(ctype, (first, last or first))


class TypeFinder:
    """Applies the compiled rules to the tokens of one claim at a time."""

    def __init__(self, rules: ClaimRules, mention_starts: Sequence[tuple[int, int]]) -> None:
        self.rules = rules
        self.mentions = mention_starts  # (start, end) char spans of actor mentions
        self.future = rules.prediction_modals | {"would"}
        self._range = (0, -1)  # token range of the claim being typed

    # -- conditions -------------------------------------------------------------------
    def is_future(self, tok: Token) -> bool:
        """Future: will/shall; 'would' only as the future of reported speech ("said it
        would provide"), not as a hypothetical ("would be obligated to protect")."""
        modal = has_modal(tok, self.future)
        if modal is None:
            return False
        return modal.lower_ != "would" or reported(modal.head, self._range)

    def is_actor(self, subj: Token) -> bool:
        low = subj.lower_
        if low in _PERSON_PRONOUNS:
            return True
        if low in ("this", "that", "these", "those", "which", "there"):
            return False
        if low == "it":
            return True  # often an institution ("it will not deploy"); the parse cannot tell
        if subj.pos_ == "PROPN" or subj.lemma_.lower() in self.rules.actor_nouns:
            return True
        # the head word itself, not its modifiers: "the U.S. Embassy GRANT" is no actor
        left, right = subj.idx, subj.idx + len(subj)
        return any(s < right and e > left for s, e in self.mentions)

    # -- the claim ----------------------------------------------------------------------
    def find(self, scan: DocScan, a: int, b: int, text: str, main: Token | None) -> Typed:
        """The types of the claim made of tokens [a, b); `main` is its main predicate."""
        typed = Typed()
        found: list[tuple[str, Token]] = []
        refused: set[int] = set()
        events_too: set[int] = set()
        by_word = self.rules.by_word
        doc = scan.doc
        self._range = (a, b - 1)
        for tok in (doc[i] for i in scan.picks(scan.cue, a, b)):
            lemma, low = word_keys(tok)
            cues = by_word.get(lemma, ()) + (by_word.get(low, ()) if low != lemma else ())
            for cue in dict.fromkeys(cues):
                if holds(self, cue, tok):
                    found.append((cue.type, tok))
                    if cue.negated_complement:
                        refused.update(t.i for c in complements(tok) for t in c.subtree)
                    if cue.also_event:
                        events_too.add(tok.i)
        found = _subsume(found, refused)
        for ctype, tok in found:
            typed.add(ctype, tok)
        question = text.rstrip().endswith("?")
        if not question:
            self._modes([doc[i] for i in scan.picks(scan.modal, a, b)], typed, found, refused)
        self._quantity(scan, a, b, typed)
        typed.main = main
        if main is not None:
            typed.negated = bool(refused) or any(
                c.dep_ == "neg" or c.lower_ == "never" for c in main.children)
        if not question and not (ACTION_TYPES & typed.cues.keys()):
            event = self._event(main, {t.i for _, t in found} - events_too)
            if event is not None:
                typed.add("event", event)
        return typed

    def _modes(self, tokens: Sequence[Token], typed: Typed,
               found: list[tuple[str, Token]], refused: set[int]) -> None:
        """Bare future -> prediction; could/might/may/would -> risk, where no cue explains."""
        explained = {t.i for _, t in found} | {t.head.i for _, t in found}
        for tok in tokens:
            if tok.dep_ not in ("aux", "auxpass") or tok.head.i in refused:
                continue
            low = tok.lower_
            head = tok.head
            if head.i in explained or not is_predicate(head):
                continue
            if low in self.rules.prediction_modals:
                typed.add("prediction", tok)
            elif low in self.rules.risk_modals:
                if low == "would" and reported(head, self._range):
                    continue  # "claimed it would be": future in the past of reported speech
                typed.add("risk", tok)

    def _quantity(self, scan: DocScan, a: int, b: int, typed: Typed) -> None:
        if "quantity" in typed.cues:
            return
        doc_has_ner = scan.doc.has_annotation("ENT_IOB")
        for i in scan.picks(scan.number, a, b):
            lo = max(a, i - 4)
            tokens = list(scan.doc[lo:min(b, i + 5)])  # the number in its context
            k = i - lo
            tok = tokens[k]
            if doc_has_ner and tok.ent_type_ not in NUMBER_ENTS:
                continue
            if not (tok.like_num or tok.text[:1] in CURRENCY_SIGNS or tok.lower_ in NUMBER_WORDS
                    or any(ch.isdigit() for ch in tok.text)):
                continue  # NER takes "only", "about" into an amount: the number itself counts
            if not is_quantity(tok, tokens, k):
                continue
            first, last = tok, tok
            if doc_has_ner:  # the whole amount, without words NER took along
                ent = entity(tokens, k)
                numeric = [t for t in ent if t.pos_ not in ("VERB", "AUX", "ADP", "DET")]
                first, last = (numeric[0], numeric[-1]) if numeric else (tok, tok)
            typed.add("quantity", first, last)
            return

    def _event(self, main: Token | None, cue_tokens: set[int]) -> Token | None:
        if main is None or main.pos_ not in ("VERB", "AUX"):
            return None
        not_event = self.rules.not_event
        if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in main.children):
            return None  # a future or hypothetical main verb reports nothing that happened
        around = [c for c in main.children if c.dep_ in ("dobj", "nsubj", "acomp", "attr")]
        if any(set(word_keys(c)) & (self.rules.not_event_nouns | not_event) for c in around):
            return None  # "we extend our condolences", "we have been clear"
        candidates = [main] + [c for c in main.children if c.dep_ == "conj"]
        for tok in candidates:
            if set(word_keys(tok)) & not_event or tok.i in cue_tokens:
                continue
            auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
            if any(a.tag_ == "MD" for a in auxes):
                continue
            finite = tok.tag_ in _FINITE_TAGS or any(a.tag_ in _FINITE_TAGS for a in auxes)
            if finite:
                return tok
        return None


def _subsume(found: list[tuple[str, Token]], refused: set[int]) -> list[tuple[str, Token]]:
    """Rules of thumb between cues of one claim:
    - a vow to defeat an enemy is a threat, not also an agreement;
    - what is refused ("adamant that it will NOT deploy") is no plan or prediction;
    - what is committed to ("committed to SUPPORTING", "will continue to LEAD") is part of
      the agreement, not a support or plan of its own;
    - what is asked of others ("must now work to SUPPORT", "urged X to PROVIDE") is part of
      the request, not the speaker's own support, agreement or plan."""
    threat = {t.i for c, t in found if c == "threat"}
    committed: set[int] = set()
    asked: set[int] = set()
    for ctype, tok in found:
        if ctype == "agreement":
            committed.update(c.i for c in complements(tok))
        elif ctype == "request":
            scope = tok.head if tok.dep_ == "aux" else tok
            for c in complements(scope):
                asked.update(t.i for t in c.subtree)
            if tok.dep_ == "aux":
                asked.update(t.i for t in scope.subtree if t.i != scope.i)
    out = []
    for ctype, tok in found:
        if ctype == "agreement" and tok.i in threat:
            continue
        if tok.i in refused and ctype in ("plan", "agreement", "prediction"):
            continue
        if tok.i in committed and ctype in ("support", "plan"):
            continue
        if tok.i in asked and ctype in ("support", "agreement", "plan", "prediction"):
            continue
        out.append((ctype, tok))
    return out


def main_predicate(scan: DocScan, a: int, b: int, reporting: frozenset[str]) -> Token | None:
    """The head of the claim's clause (a reporting verb's content, when it has one)."""
    at = scan.root(a, b)
    if at is None:
        return None
    first, last = a, b - 1
    root = scan.doc[at]
    if set(word_keys(root)) & reporting:
        content = [c for c in root.children
                   if c.dep_ in ("ccomp", "parataxis") and first <= c.i <= last]
        if content:
            return content[0]
    return root
