"""Officials: the curated file of well-known people, and the titles that mark a name as a
person with a role ("French President Emmanuel Macron", "Antony Blinken, the U.S. secretary
of state").

The package's `data/officials.json` is read first, then the user's
`$XDG_CONFIG_HOME/briefing/officials.json` (same format), whose entries replace the package's
for the same name. The text wins over both when it names a role.
"""

from __future__ import annotations

import bisect
import contextlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from db.nlp.names import person_key, plain
from db.paths import config_dir

# Name suffixes that are not surnames: "Charles Q. Brown Jr." is a Brown.
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Particles that belong to the surname that follows: "al-Assad", "de Mistura", "von der Leyen".
PARTICLES = {"al", "al-", "el", "de", "di", "da", "van", "von", "der", "bin", "ibn", "abu", "le"}


@dataclass(frozen=True)
class Official:
    name: str
    role: str | None
    country: str | None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"person:{person_key(self.name)}"


def user_officials_path() -> Path:
    return config_dir() / "officials.json"


def _read(text: str) -> list[Official]:
    data = json.loads(text)
    entries = data.get("entries", data) if isinstance(data, dict) else data
    return [
        Official(e["name"], e.get("role"), e.get("country") or None, tuple(e.get("aliases", ())))
        for e in entries if isinstance(e, dict) and e.get("name")
    ]


@cache
def load_officials() -> tuple[Official, ...]:
    from db.nlp.resources import load_json

    found = {o.key: o for o in _read(json.dumps(load_json("officials.json")))}
    # A missing, unreadable (another user's home) or broken user file must not stop ingest;
    # the package file still applies.
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        path = user_officials_path()
        if path.is_file():
            found.update((o.key, o) for o in _read(path.read_text("utf-8")))
    return tuple(found.values())


@dataclass(frozen=True)
class Titles:
    roles: dict[str, str]  # folded title -> title as written in the file
    ranks: dict[str, str]
    honorifics: set[str]
    longest: int  # in words

    def kind_of(self, words: str) -> str | None:
        folded = plain(words).casefold()
        if folded in self.roles:
            return "role"
        if folded in self.ranks:
            return "rank"
        if folded in self.honorifics:
            return "honorific"
        return None

    def canonical(self, words: str) -> str:
        folded = plain(words).casefold()
        return self.roles.get(folded) or self.ranks.get(folded) or words


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def title_matcher(vocab: Vocab) -> PhraseMatcher:
    """Capitalised titles ("President", "Secretary of State"), one matcher per vocabulary:
    scanning every token against the title list in Python costs more than the tagger."""
    held = _MATCHERS.get(id(vocab))
    if held is not None and held[0] is vocab:
        return held[1]
    import spacy

    from db.nlp.resources import load_json

    data = load_json("titles.json")
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    found = PhraseMatcher(vocab, attr="ORTH")
    vocab.strings.add("TITLE", allow_transient=False)  # type: ignore[call-arg]  # outlives zones
    every = [*data["roles"], *rank_forms(data["ranks"]), *data["honorifics"]]
    found.add("TITLE", [tokenizer(t) for t in every])
    _MATCHERS[id(vocab)] = (vocab, found)
    return found


def sentence_start(doc: Doc, i: int) -> int:
    """The first token of token i's sentence (sentence starts computed once per doc)."""
    starts = doc.user_data.get("briefing.sent_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["briefing.sent_starts"] = starts
    return int(starts[bisect.bisect_right(starts, i) - 1]) if starts else 0


def rank_forms(ranks: list[str]) -> list[str]:
    """Each rank as the file writes it and, when abbreviated, without its full stops: American
    style writes "Lance Cpl." and "Lt. Gen.", British style "Lt Gen" and "Sqn Ldr", and the
    sentence splitter often leaves the stop out of a span. Only ranks: "Sen" and "Rep" without
    a stop are names too (Amartya Sen)."""
    return [*ranks, *(bare for t in ranks if (bare := without_stops(t)) not in ranks)]


def without_stops(title: str) -> str:
    return " ".join(title.replace(".", " ").split())


@cache
def titles() -> Titles:
    from db.nlp.resources import load_json

    data = load_json("titles.json")
    roles = {plain(t).casefold(): t for t in data["roles"]}
    ranks = {plain(t).casefold(): t for t in data["ranks"]}
    for t in data["ranks"]:  # the form without stops is the same rank, written as the file's
        ranks.setdefault(plain(without_stops(t)).casefold(), t)
    every = [*data["roles"], *data["ranks"], *data["honorifics"]]
    return Titles(roles, ranks, {plain(t).casefold() for t in data["honorifics"]},
                  max(len(t.split()) for t in every))


@dataclass(frozen=True)
class Title:
    start: int  # token index where the title begins
    text: str
    kind: str  # role, rank, honorific


def title_before(doc: Doc, start: int, *, sent_start: int) -> Title | None:
    """The longest title that ends right before token `start` ("Chairman of the Joint Chiefs
    of Staff General" is read as the rank nearest the name)."""
    t = titles()
    best: Title | None = None
    for n in range(1, t.longest + 1):
        begin = start - n
        if begin < sent_start:
            break
        words = doc[begin:start].text
        kind = t.kind_of(words)
        if kind and doc[begin].text[:1].isupper():
            best = Title(begin, t.canonical(words), kind)
    return best


_AFTER_ROLE = {"of", "for", "and", "to", "at", "in", "on", "who", "said", "says"}


def title_in_apposition(span: Span) -> Title | None:
    """A role after the name: "Antony Blinken, the U.S. secretary of state," -> role.
    Returns the title with `start` at the first token after the comma."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    first = i
    if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    t = titles()
    # Skip a country or demonym before the title ("the U.S. secretary of state").
    for skip in range(0, 3):
        for n in range(t.longest, 0, -1):
            end = i + skip + n
            if end > len(doc):
                continue
            words = doc[i + skip:end].text
            if t.kind_of(words) == "role" and (end == len(doc) or not doc[end].is_alpha
                                                or doc[end].lower_ in _AFTER_ROLE):
                return Title(first, t.canonical(words), "role")
    return None


def name_words(text: str) -> list[str]:
    return [w for w in plain(text).replace(",", " ").split() if w]


def surname(text: str) -> str:
    """The family name of a full name, particles attached: 'Bashar al-Assad' -> 'al-assad'
    is folded to 'assad' too by `surname_forms`."""
    words = [w for w in name_words(text) if w.casefold() not in SUFFIXES]
    if not words:
        return ""
    last = words[-1]
    if len(words) >= 2 and words[-2].casefold() in PARTICLES:
        last = f"{words[-2]} {last}"
    return last.casefold()


def surname_forms(text: str) -> set[str]:
    """Forms a later short mention may take: 'al-assad', 'assad'."""
    s = surname(text)
    forms = {s}
    for prefix in ("al-", "al ", "el-", "de ", "von der ", "van "):
        if s.startswith(prefix):
            forms.add(s[len(prefix):])
    return forms
