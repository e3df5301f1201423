"""One pass over a parsed document's token arrays, so that claim typing touches only the
few tokens that can matter (cue words, modals, numbers, reporting verbs).

Creating a spaCy Token object costs more than everything the rules then do with it; reading
the document's attributes as numpy arrays once and selecting candidates there keeps the
extraction close to the speed of the parser alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import ENT_TYPE, HEAD, IDX, IS_ALPHA, IS_PUNCT, LEMMA, LIKE_NUM, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc

from db.nlp.claims.quantity import CURRENCY_SIGNS, NUMBER_ENTS, NUMBER_WORDS
from db.nlp.claims.rulebook import attribution_rules, claim_rules


@dataclass(frozen=True)
class Hashes:
    cue: frozenset[int]
    modal: frozenset[int]
    number_ents: frozenset[int]
    number_words: frozenset[int]
    report: frozenset[int]
    according: frozenset[int]


def _h(words: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(str(w)) for w in words)


@lru_cache(maxsize=1)
def hashes() -> Hashes:
    """The rules' words as string hashes, once per process."""
    rules, arules = claim_rules(), attribution_rules()
    modals = rules.prediction_modals | rules.risk_modals | {"would", "must", "should"}
    # the longest word of each pattern: present in the text before the matcher is run
    first_words = {max((str(t.get("LOWER", "")) for t in p), key=len)
                   for p in arules.according_to}
    return Hashes(
        cue=_h(rules.by_word.keys()),
        modal=_h(modals),
        number_ents=_h(NUMBER_ENTS),
        number_words=_h(NUMBER_WORDS | set(CURRENCY_SIGNS)),
        report=_h(arules.reporting | {"report", "clear"}),
        according=_h(first_words),
    )


class DocScan:
    """Token arrays of one document and the candidate positions for the claim rules."""

    def __init__(self, doc: Doc) -> None:
        h = hashes()
        arr = doc.to_array([IDX, LOWER, LEMMA, HEAD, IS_ALPHA, ENT_TYPE, LIKE_NUM, IS_PUNCT])
        n = len(doc)
        self.doc = doc
        self.idx: NDArray[np.int64] = arr[:, 0].astype(np.int64)
        self.heads: NDArray[np.int64] = np.arange(n, dtype=np.int64) + arr[:, 3].astype(np.int64)
        self.alpha = arr[:, 4].astype(bool)
        self.punct = arr[:, 7].astype(bool)
        # set lookups over plain ints: cheaper than np.isin for a few hundred tokens
        lower, lemma, ent = arr[:, 1].tolist(), arr[:, 2].tolist(), arr[:, 5].tolist()

        def mask(values: list[int], words: frozenset[int]) -> NDArray[np.bool_]:
            return np.fromiter((v in words for v in values), dtype=bool, count=n)

        self.cue = mask(lower, h.cue) | mask(lemma, h.cue)
        self.modal = mask(lower, h.modal)
        self.number = (mask(ent, h.number_ents) | arr[:, 6].astype(bool)
                       | mask(lower, h.number_words))
        self.report = mask(lower, h.report) | mask(lemma, h.report)
        self.has_according = not h.according.isdisjoint(lower)

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token index range [a, b) of the characters [start, end)."""
        a = int(np.searchsorted(self.idx, start, side="right")) - 1
        b = int(np.searchsorted(self.idx, end, side="left"))
        return max(a, 0), b

    def picks(self, mask: NDArray[np.bool_], a: int, b: int) -> list[int]:
        return [int(i) + a for i in np.flatnonzero(mask[a:b])]

    def root(self, a: int, b: int) -> int | None:
        """The first token of [a, b) whose head lies outside it (or is itself)."""
        if a >= b:
            return None
        heads = self.heads[a:b]
        own = np.arange(a, b)
        outside = (heads < a) | (heads >= b) | (heads == own)
        outside &= ~self.punct[a:b]
        found = np.flatnonzero(outside)
        return int(found[0]) + a if len(found) else None

    def alpha_in(self, a: int, b: int, regions: list[tuple[int, int]]) -> int:
        """How many words of [a, b) lie inside the quotation regions."""
        if not regions:
            return 0
        idx = self.idx[a:b]
        inside = np.zeros(len(idx), dtype=bool)
        for s, e in regions:
            inside |= (idx >= s) & (idx < e)
        return int((inside & self.alpha[a:b]).sum())
