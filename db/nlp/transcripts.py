"""Transcript labels: the line that says who speaks ("SECRETARY KERRY:", "QUESTION:",
"((Sara Seager)) ...", "Natasha Gownaris: ...", "NG: ...", "((WN)) ...").

Interviews and briefings are printed as turns: a label at the start of a line, then what
that speaker said, over as many paragraphs as the turn lasts. The label names a person of
the article (in full, by surname, or by initials, "NG" for Natasha Gownaris) or the
interviewer ("WN", "Wikinews": the outlet, `Referents.interviewer`). A label that names
no one ("QUESTION:") still ends the turn before it, so the next answer is not given to the
last speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.nlp.names import fold
from db.nlp.referents import Referents, kind

# "((Name)) words": the Wikinews interview convention; "NAME: words" or "Name: words".
_PARENS = re.compile(r"\(\(\s*([^()\n]{1,40}?)\s*\)\)")
_COLON = re.compile(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):(?=\s|$)")
_INTERVIEWER = frozenset({"wn", "wikinews"})


@dataclass(frozen=True)
class Label:
    speaker: str | None
    whole_line: bool   # the label is all the line says ("SECRETARY KERRY:")


def label(text: str, start: int, refs: Referents) -> Label | None:
    """The label opening the claim `text` (at char `start`), if it opens a turn."""
    parens = _PARENS.match(text)
    if parens:
        name, rest = parens.group(1), text[parens.end():]
        return Label(_named(name, start + parens.start(1), start + parens.end(1), refs),
                     not rest.strip())
    colon = _COLON.match(text)
    if colon is None:
        return None
    name, rest = colon.group(1), text[colon.end():]
    speaker = _named(name, start + colon.start(1), start + colon.end(1), refs)
    if speaker is None and not name.replace(" ", "").replace(".", "").isupper():
        return None  # "Washington: ...", "Note: ...": a title-case word that names no one
    return Label(speaker, not rest.strip())


def _named(name: str, start: int, end: int, refs: Referents) -> str | None:
    people = [m for m in refs.mentions_in(start, end) if kind(m.actor_key) == "person"]
    if people:
        return people[0].actor_key
    folded = fold(name)
    if folded in _INTERVIEWER:
        return refs.interviewer(start, end)
    if (named := refs.same_form(name)) and kind(named) == "person":
        return named  # "((Aparna Garg))": the recognizer tagged her elsewhere, not here
    words = folded.split()
    if len(words) == 1 and (found := refs.surname(words[0], start)):
        return found
    if len(words) == 1 and 2 <= len(name) <= 4 and name.isupper():
        return _initials(name.casefold(), refs)
    return None


def _initials(letters: str, refs: Referents) -> str | None:
    """The one person of the article whose name's initials are `letters` ("NG")."""
    found = {m.actor_key for m in refs.mentions if kind(m.actor_key) == "person"
             and "".join(w[0] for w in fold(m.text).split()) == letters}
    return next(iter(found)) if len(found) == 1 else None
