"""Questions asked of the dependency parse by the claim rules and attribution: is this word
a predicate of its sentence, what governs it, its objects, complements, subject and modal.
"""

from __future__ import annotations

from spacy.tokens import Token

# Dependency links a predicate may climb through on its way to the root of the sentence.
_LINKS = frozenset({
    "conj", "ccomp", "xcomp", "advcl", "pcomp", "parataxis", "acomp", "csubj", "csubjpass",
    "advmod", "prep", "aux", "auxpass", "neg", "prt",
})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})


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


def antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for when it is the subject of a relative clause:
    "Mark Hay, who said" is Hay speaking, "the ministry, which announced" the ministry. The
    clause hangs on that noun, or on a role in apposition to a name ("Mark Hay, a marine
    ecologist, who said": the name). Any other token is itself."""
    verb = tok.head
    if tok.tag_ not in ("WP", "WDT") or tok.dep_ not in ("nsubj", "nsubjpass") \
            or verb.dep_ != "relcl" or verb.head.i == verb.i:
        return tok
    noun = verb.head
    return noun.head if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" else noun


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


def has_prep(tok: Token, preps: frozenset[str]) -> bool:
    """'call ON', 'press FOR': a preposition or particle, or the 'for' that the parser made
    the marker of a clause ("pressed for Russia to use...")."""
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "agent") and child.lower_ in preps:
            return True
        if child.dep_ in ("advcl", "xcomp", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ in preps for g in child.children):
            return True
    return False


def reported(tok: Token, claim: tuple[int, int]) -> bool:
    """Inside the clause reported by a past-tense verb of this claim ("claimed it would")."""
    t = tok
    while t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "ccomp" and t.head.tag_ == "VBD" and claim[0] <= t.head.i <= claim[1]


def it_subject(tok: Token) -> bool:
    """'IT is vital to...': the expletive subject stands for the complement."""
    subj = subject(tok.head if tok.dep_ in ("acomp", "attr") else tok)
    return subj is not None and subj.lower_ == "it"
