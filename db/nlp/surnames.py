"""Bare surnames of people the article names in full, where no span covers them.

News writing names a person once in full ("Nancy Pelosi", "Seyed Mohammad Mir-Mohammadi")
and then by surname alone ("Pelosi told the public"). The small model often leaves those
later surnames unlabelled or labels them an EVENT, a PRODUCT or a DATE ("Day made 29 studio
albums" in an article on Doris Day), and every one was a missed mention. The evidence here is
the article's own full name: a capitalised word that is the surname of a person it names in
full, standing alone (no capitalised word joined to it before or after, which would make it
part of another name: "Independence Day", "Day Care"), is that person. `people.py` then joins
it to the full name as it joins every short form.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from db.nlp.candidate import Candidate
from db.nlp.officials import SUFFIXES, name_words, titles
from db.nlp.spans import doc_text, named_storm

# Entity labels of numbers and dates: a surname written there is part of them ("D-Day").
_NUMERIC = {"DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


def full_names(doc: Doc, chosen: list[Candidate]) -> list[str]:
    """Names of two words or more of people in the article: the chosen person spans and the
    model's PERSON entities (a full name the spans lost to a longer organisation span), but
    not a storm's ("Storm Lorenzo" gives no surname "Lorenzo")."""
    text = doc_text(doc)
    out = [text[c.char_start:c.char_end] for c in chosen if c.resolved_kind == "person"]
    out += [e.text for e in doc.ents if e.label_ == "PERSON" and not named_storm(e)]
    return [n for n in dict.fromkeys(out)
            if len([w for w in name_words(n) if w.casefold() not in SUFFIXES]) >= 2]


def _surname_as_written(name: str) -> str | None:
    words = [w for w in name_words(name) if w.casefold() not in SUFFIXES]
    last = words[-1].strip(".,") if words else ""
    if len(last) < 2 or not last[:1].isupper() or last.isupper() or not last[1:2].isalpha():
        return None  # an initial, an acronym or a number is no surname to look for
    return last


def surname_mentions(doc: Doc, chosen: list[Candidate], taken: list[bool],
                     source: int) -> list[Candidate]:
    """Candidates for each lone surname of a person named in full that nothing covers."""
    surnames = {s for s in map(_surname_as_written, full_names(doc, chosen)) if s}
    if not surnames:
        return []
    text = doc_text(doc)
    pattern = re.compile(r"(?<![\w'’.-])(?:" + "|".join(
        re.escape(s) for s in sorted(surnames, key=len, reverse=True)) + r")(?![\w-])")
    out = []
    for found in pattern.finditer(text):
        span = doc.char_span(found.start(), found.end())
        if span is None or any(taken[span.start:span.end]) or not _alone(doc, span.start,
                                                                          span.end):
            continue
        if any(t.ent_type_ in _NUMERIC for t in span):
            continue
        out.append(Candidate(span.start, span.end, span.start_char, span.end_char, source,
                             None, "person", "PERSON"))
    return out


def _alone(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word joined to the surname: the word before may be a title ("Speaker
    Pelosi", which the titled names take anyway) and the word after a possessive."""
    if start > 0:
        prev = doc[start - 1]
        if not prev.whitespace_:
            return False  # "D-Day", "al-Day": part of a longer word
        if prev.text[:1].isupper() and prev.is_alpha and titles().kind_of(prev.text) is None:
            return False
    if end < len(doc):
        nxt = doc[end]
        if nxt.text in _POSSESSIVE:
            return True
        if nxt.text[:1].isupper() and nxt.is_alpha:
            return False
        if not doc[end - 1].whitespace_ and nxt.is_alpha:
            return False
    return True
