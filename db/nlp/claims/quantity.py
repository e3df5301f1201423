"""Numbers that state an amount: what `quantity` needs, and what the token scan picks out
as a candidate number. Dates, years, ordinals and the numbers of names are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

# Words that are amounts without being numerals ("hundreds of people"): the one list, used
# by the scan for candidates (db/nlp/claims/scan.py) and by the rule that decides.
NUMBER_WORDS = frozenset({"hundreds", "thousands", "millions", "billions", "trillions",
                          "dozens", "tens", "half", "dozen"})
# A currency sign starts an amount ("$5bn").
CURRENCY_SIGNS = "$£€"
NUMBER_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
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
_ERAS = frozenset({"b.c", "bc", "a.d", "ad", "bce", "ce"})


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




def entity(tokens: Sequence[Token], k: int) -> list[Token]:
    """The tokens of the entity around tokens[k], within the claim (cheaper than doc.ents)."""
    a = k
    while a > 0 and tokens[a].ent_iob_ == "I":
        a -= 1
    b = k + 1
    while b < len(tokens) and tokens[b].ent_iob_ == "I":
        b += 1
    return list(tokens[a:b])
