"""The query language: parse what a user typed into words, phrases and filters.

    words "quoted phrases" -excluded  actor:NAME country:ISO3|NAME official:NAME
    type:T speaker:NAME source:NAME feed:NAME tag:TAG since:DATE until:DATE

A query never raises: problems come back as `messages`. Those that make the query mean
something else than was typed ("unknown filter 'typ:', did you mean 'type:'?") are `errors`
too, and a query with errors is not run (`briefing search` exits 2): printing every article
for a mistyped filter answered a question nobody asked. Hints (an unclosed quote, matched
literally; too many terms, the rest left out) leave the query to run. Words reach FTS5 only
as quoted strings, so FTS5 syntax typed by a user is matched literally and never errors.

The text is NFKC-folded first, so fullwidth "Ｋｙｉｖ" finds "Kyiv"; the stored bodies and
the index stay as they are (DECISIONS.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from db.models import CLAIM_TYPES

CLAIM_FILTERS = ("actor", "country", "official", "type", "speaker")
ARTICLE_FILTERS = ("source", "feed", "tag", "since", "until")
FILTERS = CLAIM_FILTERS + ARTICLE_FILTERS

# A token: -? then either key:"value", key:value, "phrase", or a bare word.
_TOKEN = re.compile(
    r'\s*(-?)(?:([A-Za-z_]+):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+))'
)
_OPERATORS = ("AND", "OR", "NOT", "NEAR")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# FTS5's cost grows with the square of the terms ("the" 1,000 times took 182 s at 100,000
# articles); no real question has more than a few dozen words.
MAX_TERMS = 32


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    official: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    speaker: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    feed: list[str] = field(default_factory=list)  # a subscription's name (db/feeds.py)
    tag: list[str] = field(default_factory=list)  # a subscription's tag
    since: str | None = None
    until: str | None = None
    messages: list[str] = field(default_factory=list)  # errors and hints, in order
    errors: list[str] = field(default_factory=list)  # the query is not run
    open_quote: bool = False  # an unclosed quote, matched literally to the end

    def error(self, message: str) -> None:
        self.messages.append(message)
        self.errors.append(message)

    @property
    def is_claim_query(self) -> bool:
        return any(getattr(self, name) for name in CLAIM_FILTERS)

    @property
    def terms(self) -> tuple[str, ...]:
        """Words and phrases to highlight in results."""
        return tuple(self.words + self.phrases)

    def fts_match(self) -> str | None:
        """An FTS5 MATCH expression, every term quoted; None when there are no positive terms."""
        positive = [_quote(t) for t in self.words + self.phrases]
        if not positive:
            return None
        expr = " AND ".join(positive)
        for word in self.excluded:
            expr += f" NOT {_quote(word)}"
        return expr

    def fts_excluded(self) -> str | None:
        """The excluded terms alone (for queries with no positive words)."""
        if not self.excluded:
            return None
        return " OR ".join(_quote(w) for w in self.excluded)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def parse(text: str, today: date | None = None) -> Query:
    query = Query()
    pos = 0
    text = unicodedata.normalize("NFKC", text or "")
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        neg, key, qvalue, value, phrase, word = m.groups()
        if key is not None:
            val = (qvalue if qvalue is not None else value or "").strip()
            _apply_filter(query, key.lower(), val, bool(neg), today or date.today())
        elif phrase is not None:
            words = _WORD.findall(phrase)
            if not words:
                continue
            if neg:
                query.excluded.append(" ".join(words))
            elif len(words) == 1:
                query.words.append(words[0])
            else:
                query.phrases.append(" ".join(words))
        elif word is not None:
            if word in _OPERATORS and not neg:
                # FTS5 would read these as operators; here they would silently become words
                # ("or" is everywhere), so say what the language does instead.
                query.messages.append(
                    f"'{word}' is not an operator here: every word must match; "
                    "use -word to exclude"
                )
                continue
            parts = _WORD.findall(word)
            if neg and parts:
                query.excluded.append(" ".join(parts))
            elif len(parts) > 1:
                query.phrases.append(" ".join(parts))
            else:
                query.words.extend(parts)
    if has_open_quote(text):
        query.open_quote = True
        query.messages.append('unclosed quote: the rest of the query is matched literally, '
                              'as a phrase (close it with ")')
    _cap_terms(query)
    return query


def has_open_quote(text: str) -> bool:
    """Whether a quote was opened and not closed (the query bar shows it as you type)."""
    return unicodedata.normalize("NFKC", text).count('"') % 2 == 1


def _cap_terms(query: Query) -> None:
    """Repeated terms once each (the same question); then at most MAX_TERMS, saying so."""
    query.words = list(dict.fromkeys(query.words))
    query.phrases = list(dict.fromkeys(query.phrases))
    query.excluded = list(dict.fromkeys(query.excluded))
    n = len(query.words) + len(query.phrases) + len(query.excluded)
    if n <= MAX_TERMS:
        return
    room = MAX_TERMS
    query.words = query.words[:room]
    room -= len(query.words)
    query.phrases = query.phrases[:room]
    room -= len(query.phrases)
    query.excluded = query.excluded[:room]
    query.messages.append(f"the query has {n} different terms; only the first {MAX_TERMS} "
                          "are searched")


def _apply_filter(query: Query, key: str, value: str, negated: bool, today: date) -> None:
    if key not in FILTERS:
        import difflib  # for a mistyped filter only: not every query's start

        guess = difflib.get_close_matches(key, FILTERS, n=1, cutoff=0.5)
        hint = f", did you mean '{guess[0]}:'?" if guess else f" (filters: {', '.join(FILTERS)})"
        query.error(f"unknown filter '{key}:'{hint}")
        return
    if negated:
        query.error(f"'-{key}:' is not supported (a filter cannot be excluded)")
        return
    if not value:
        query.error(f"'{key}:' needs a value")
        return
    if key == "type":
        t = value.lower()
        if t not in CLAIM_TYPES:
            import difflib

            guess = difflib.get_close_matches(t, CLAIM_TYPES, n=1, cutoff=0.5)
            hint = (f", did you mean '{guess[0]}'?" if guess
                    else f" (types: {', '.join(CLAIM_TYPES)})")
            query.error(f"unknown claim type '{value}'{hint}")
            return
        query.type.append(t)
    elif key in ("since", "until"):
        parsed = parse_date(value, today, end=key == "until")
        if parsed is None:
            query.error(f"'{key}:{value}' is not a date (use 2024-03-01, or 30d, 12w, 6m, 1y)")
            return
        setattr(query, key, parsed)
    else:
        getattr(query, key).append(value)


def parse_date(value: str, today: date, *, end: bool = False) -> str | None:
    """An ISO date from `2024-03-01`, `2024-03`, `2024`, or relative `30d` `12w` `6m` `1y`.

    With `end`, a month or a year means its last day (`until:2024-03` includes March).
    """
    try:
        return _parse_date(value, today, end)
    except (ValueError, OverflowError):  # 99999999d, year 0: not a date, not a crash
        return None


def _parse_date(value: str, today: date, end: bool) -> str | None:
    m = re.fullmatch(r"(\d{1,7})([dwmy])", value.lower())
    if m:
        n, unit = int(m.group(1)), m.group(2)
        if unit == "d":
            return (today - timedelta(days=n)).isoformat()
        if unit == "w":
            return (today - timedelta(weeks=n)).isoformat()
        months = n * (12 if unit == "y" else 1)
        y, mo = divmod(today.year * 12 + today.month - 1 - months, 12)
        if y < 1:
            return None
        day = min(today.day, 28)
        return date(y, mo + 1, day).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        first = date.fromisoformat(value + "-01")
        if not end:
            return first.isoformat()
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return (following - timedelta(days=1)).isoformat()
    if re.fullmatch(r"\d{4}", value):
        return date.fromisoformat(value + ("-12-31" if end else "-01-01")).isoformat()
    return None
