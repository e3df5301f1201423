"""Claim types decided from the dependency parse.

A cue word from `rules/claims.toml` types a claim only when it is a predicate of the
sentence: the main verb, the verb of a coordinated or subordinate clause, or a verb's
complement. Words inside noun phrases, relative clauses and a noun's complement are not
("the support troops", "information that will disrupt", "efforts to support").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from db.nlp.claim_rules import ACTION_TYPES, ClaimRules, Cue
from db.nlp.claim_scan import DocScan

# Dependency links a predicate may climb through on its way to the root of the sentence.
_LINKS = frozenset({
    "conj", "ccomp", "xcomp", "advcl", "pcomp", "parataxis", "acomp", "csubj", "csubjpass",
    "advmod", "prep", "aux", "auxpass", "neg", "prt",
})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
_PERSON_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you"})
_NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_NAME_ENTS = frozenset({"ORG", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "NORP",
                        "PERSON", "DATE", "TIME", "ORDINAL"})
# Words before a number that make it part of a name ("Resolution 2328", "G-20").
_NUMBERED_NAMES = frozenset({
    "resolution", "order", "article", "chapter", "section", "paragraph", "flight", "route",
    "highway", "g", "no", "no.", "number", "amendment", "protocol", "regulation", "decree",
    "room", "phase", "stage", "class", "level", "covid",
})
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
})
_NUMBER_WORDS = frozenset({"hundreds", "thousands", "millions", "billions", "dozens", "tens",
                           "half", "dozen", "trillions"})
_ERAS = frozenset({"b.c", "bc", "a.d", "ad", "bce", "ce"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


@dataclass
class Typed:
    """The types found in one claim: type -> cue tokens (first, last), and the main verb."""

    cues: dict[str, tuple[Token, Token]] = field(default_factory=dict)
    negated: bool = False
    main: Token | None = None

    def add(self, ctype: str, first: Token, last: Token | None = None) -> None:
        self.cues.setdefault(ctype, (first, last or first))


def word_keys(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def is_predicate(tok: Token) -> bool:
    """True when `tok` heads (or modifies the head of) a clause of the sentence."""
    t = tok
    if t.pos_ == "ADJ" and t.dep_ == "amod" and t.head.dep_ == "attr":
        t = t.head.head  # "it is a positive and WELCOME step": the predicate nominal's adjective
    for _ in range(16):
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return True
        if t.dep_ not in _LINKS:
            return False
        if t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return False
        t = t.head
    return False


def governor(tok: Token) -> Token | None:
    """The verb or adjective a noun is the object of ("expressed SUPPORT", "in its SUPPORT")."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent"):
        return t.head.head
    if t.dep_ in _OBJECT_DEPS:
        return t.head
    return None


def objects(tok: Token) -> set[str]:
    out: set[str] = set()
    for child in tok.children:
        found: list[Token] = []
        if child.dep_ in _OBJECT_DEPS:
            found.append(child)
        elif child.dep_ in ("prep", "agent"):
            found.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        for f in found:
            out.update(word_keys(f))
            out.update(w for c in f.conjuncts for w in word_keys(c))
    return out


def complements(tok: Token) -> list[Token]:
    """Clausal complements of a predicate (of its copula too, for an adjective)."""
    heads = [tok]
    if tok.dep_ in ("acomp", "attr") or (tok.pos_ == "ADJ" and tok.dep_ == "ROOT"):
        heads.append(tok.head)
    out: list[Token] = []
    for h in heads:
        for child in h.children:
            if child.i == tok.i:
                continue
            if child.dep_ in ("xcomp", "ccomp", "acomp"):
                out.append(child)
            elif child.dep_ == "prep":
                out.extend(c for c in child.children
                           if c.dep_ == "pcomp" or (c.dep_ == "pobj" and c.tag_ == "VBG"))
    return out


def noun_complements(tok: Token) -> list[Token]:
    """What a noun is about: "commitment TO DEFEATING", "determination to DESTROY"."""
    out = [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        out.extend(c for c in prep.children if c.dep_ in ("pcomp", "pobj"))
    return out


def subject(tok: Token) -> Token | None:
    t = tok
    for _ in range(8):
        for child in t.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if t.dep_ in ("xcomp", "conj", "acomp", "pcomp", "prep", "aux", "auxpass", "neg") \
                and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def has_modal(tok: Token, modals: frozenset[str]) -> Token | None:
    """The modal auxiliary of `tok`'s clause, if among `modals` (shared through xcomp/conj)."""
    t = tok
    for _ in range(6):
        for child in t.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in modals:
                return child
        if t.dep_ in ("xcomp", "conj", "pcomp", "acomp", "prep") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


class TypeFinder:
    """Applies the compiled rules to the tokens of one claim at a time."""

    def __init__(self, rules: ClaimRules, mention_starts: Sequence[tuple[int, int]]) -> None:
        self.rules = rules
        self.mentions = mention_starts  # (start, end) char spans of actor mentions
        self.future = rules.prediction_modals | {"would"}
        self._range = (0, -1)  # token range of the claim being typed

    # -- conditions -------------------------------------------------------------------
    def _future(self, tok: Token) -> bool:
        """Future: will/shall; 'would' only as the future of reported speech ("said it
        would provide"), not as a hypothetical ("would be obligated to protect")."""
        modal = has_modal(tok, self.future)
        if modal is None:
            return False
        return modal.lower_ != "would" or _reported(modal.head, self._range)

    def _is_actor(self, subj: Token) -> bool:
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

    def _holds(self, cue: Cue, tok: Token) -> bool:
        if tok.pos_ not in cue.pos:
            return False
        if cue.modal:
            return tok.dep_ == "aux" and is_predicate(tok.head)
        if tok.pos_ in ("NOUN", "PROPN"):
            gov = governor(tok)
            if gov is None or not is_predicate(gov):
                return False
            if cue.governors and not (set(word_keys(gov)) & cue.governors):
                return False
            if cue.complement_lemmas and not any(
                    set(word_keys(c)) & cue.complement_lemmas for c in noun_complements(tok)):
                return False
            return not cue.future or self._future(gov)
        if not is_predicate(tok) or (cue.predicative and tok.dep_ == "amod"):
            return False
        if cue.no_infinitive and any(c.dep_ == "xcomp" for c in tok.children):
            return False
        if cue.preps and not _has_prep(tok, cue.preps):
            return False
        if cue.objects or cue.not_objects:
            objs = objects(tok)
            if cue.objects and not objs & cue.objects:
                return False
            if objs & cue.not_objects:
                return False
        comps = complements(tok) if (cue.complement or cue.complement_lemmas
                                     or cue.negated_complement or cue.future_complement) else []
        if cue.complement and not comps and not _it_subject(tok):
            return False
        if cue.complement_lemmas and not any(set(word_keys(c)) & cue.complement_lemmas
                                             for c in comps):
            return False
        if cue.negated_complement and not any(
                any(g.dep_ == "neg" for g in c.children) for c in comps):
            return False
        if cue.future_complement and not any(has_modal(c, self.future) for c in comps):
            return False
        if cue.future and not self._future(tok):
            return False
        if cue.actor_subject:
            subj = subject(tok)
            if subj is not None and not self._is_actor(subj):
                return False
        if cue.active_actor_subject:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and not self._is_actor(subj):
                return False
        return True

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
                if self._holds(cue, tok):
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
                if low == "would" and _reported(head, self._range):
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
            if doc_has_ner and tok.ent_type_ not in _NUMBER_ENTS:
                continue
            if not (tok.like_num or tok.text[:1] in "$£€" or tok.lower_ in _NUMBER_WORDS
                    or any(ch.isdigit() for ch in tok.text)):
                continue  # NER takes "only", "about" into an amount: the number itself counts
            if not is_quantity(tok, tokens, k):
                continue
            first, last = tok, tok
            if doc_has_ner:  # the whole amount, without words NER took along
                ent = _entity(tokens, k)
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


def _entity(tokens: Sequence[Token], k: int) -> list[Token]:
    """The tokens of the entity around tokens[k], within the claim (cheaper than doc.ents)."""
    a = k
    while a > 0 and tokens[a].ent_iob_ == "I":
        a -= 1
    b = k + 1
    while b < len(tokens) and tokens[b].ent_iob_ == "I":
        b += 1
    return list(tokens[a:b])


def _has_prep(tok: Token, preps: frozenset[str]) -> bool:
    """'call ON', 'press FOR': a preposition or particle, or the 'for' that the parser made
    the marker of a clause ("pressed for Russia to use...")."""
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "agent") and child.lower_ in preps:
            return True
        if child.dep_ in ("advcl", "xcomp", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ in preps for g in child.children):
            return True
    return False


def _reported(tok: Token, claim: tuple[int, int]) -> bool:
    """Inside the clause reported by a past-tense verb of this claim ("claimed it would")."""
    t = tok
    while t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "ccomp" and t.head.tag_ == "VBD" and claim[0] <= t.head.i <= claim[1]


def _it_subject(tok: Token) -> bool:
    """'IT is vital to...': the expletive subject stands for the complement."""
    subj = subject(tok.head if tok.dep_ in ("acomp", "attr") else tok)
    return subj is not None and subj.lower_ == "it"


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


def is_quantity(tok: Token, tokens: Sequence[Token], k: int) -> bool:
    """A number that states an amount: not a date, a year, an ordinal or part of a name."""
    if tok.ent_type_ in _NAME_ENTS:
        return False
    low = tok.lower_
    if low in ("one", "1"):
        return False
    digits = low.replace(",", "")
    if digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return False
    before = tokens[k - 1].lower_.strip(".") if k else ""
    if before.rstrip("-") in _NUMBERED_NAMES:
        return False
    if before in ("the", "our", "their", "its", "both", "these", "those", "his", "her"):
        return False  # "the 2 leaders", "our two countries": a reference, not an amount
    if _next_to_month(tokens, k):
        return False
    return not (tok.head.pos_ == "PROPN" and tok.dep_ in ("nummod", "compound", "appos")
                and tok.head.ent_type_ in _NAME_ENTS)


def _next_to_month(tokens: Sequence[Token], k: int) -> bool:
    """Part of a date: a month (or B.C.) next to it, across other numbers and dashes."""
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(tokens) and (tokens[j].like_num or tokens[j].text in "-–—"):
            j += step
        if 0 <= j < len(tokens) and tokens[j].lower_.strip(".") in _MONTHS | _ERAS:
            return True
    return False


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
