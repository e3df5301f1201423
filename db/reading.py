"""One article as the reader shows it: its body, claims and mentions, read in three queries.

The store's per-row queries cut each claim's and mention's text out of the body with
`substr(a.body, ...)`: for a 5 MB body that is a walk of the body's overflow pages per row
(2 s for 3,000 mentions). Here the body is read once and every text is cut in Python.

A 5 MB article has 124,000 mentions: as objects they would cost 0.7 s and 40 MB before the
first line is drawn. They are kept as columns (arrays of integers) sorted by start, which is
their index by claim (DECISIONS.md: in memory, no new database index): a claim's mentions
are one bisection away, and `Mention`s are made only for the sentences asked for.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from db.actor_models import Mention
from db.claim_models import Claim, Cue
from db.models import CLAIM_TYPES, Article

# Types in the vocabulary's order, as everywhere else (the store's _type_order).
_TYPE_ORDER = {t: i for i, t in enumerate(CLAIM_TYPES)}


@dataclass(frozen=True)
class MentionColumns:
    """The mentions of one article by start: id, actor, claim (0 for none), start, end."""

    ids: array[int]
    actor_ids: array[int]
    claim_ids: array[int]
    starts: array[int]
    ends: array[int]
    span: tuple[int, int] | None = None  # the characters read, if not the whole article

    def __len__(self) -> int:
        return len(self.ids)

    def range_of(self, start: int, end: int) -> tuple[int, int]:
        """The positions of the mentions that start in [start, end)."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def mention(self, i: int, article: Article) -> Mention:
        claim_id = self.claim_ids[i]
        start, end = self.starts[i], self.ends[i]
        return Mention(self.ids[i], article.id, self.actor_ids[i], claim_id or None,
                       start, end, article.body[start:end])


class Claims(Sequence[Claim]):
    """The claims of one article by seq, made into `Claim`s when asked for (and kept): a
    5 MB article's 41,000 sentences are columns until the reader draws one."""

    def __init__(self, article: Article, ids: array[int], seqs: array[int], starts: array[int],
                 ends: array[int], speakers: array[int], negated: bytes,
                 types: dict[int, tuple[str, ...]], cues: dict[int, tuple[Cue, ...]],
                 mentions: MentionColumns) -> None:
        self.article, self.ids, self.seqs, self.starts, self.ends = article, ids, seqs, starts, ends
        self.speakers, self.negated, self.types, self.cues = speakers, negated, types, cues
        self._mentions = mentions
        self._made: dict[int, Claim] = {}

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Claim]: ...
    def __getitem__(self, index: int | slice) -> Claim | Sequence[Claim]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        claim = self._made.get(index)
        if claim is None:
            claim = self._made[index] = self._make(index)
        return claim

    def _make(self, i: int) -> Claim:
        cid, start, end = self.ids[i], self.starts[i], self.ends[i]
        # A claim's actors are those of the mentions that start inside its span (as the
        # store's _claims has it).
        lo, hi = self._mentions.range_of(start, end)
        return Claim(cid, self.article.id, self.seqs[i], start, end, self.article.body[start:end],
                     self.types.get(cid, ()), self.speakers[i] or None, bool(self.negated[i]),
                     self.cues.get(cid, ()), tuple(dict.fromkeys(self._mentions.actor_ids[lo:hi])))

    def with_mentions(self, mentions: MentionColumns) -> Claims:
        """The same claims over other mention columns (the whole article's)."""
        return Claims(self.article, self.ids, self.seqs, self.starts, self.ends, self.speakers,
                      self.negated, self.types, self.cues, mentions)

    def index_at(self, offset: int) -> int | None:
        """The index of the claim that holds a character offset."""
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None


@dataclass(frozen=True)
class Reading:
    """An article with its claims (by seq) and its mentions, texts cut from its body."""

    article: Article
    claims: Claims
    columns: MentionColumns

    @property
    def complete(self) -> bool:
        """Every mention is here (not only those around the first screen)."""
        return self.columns.span is None

    def claim_mentions(self, claim: Claim) -> list[Mention]:
        """The mentions of one claim, in order of start."""
        lo, hi = self.columns.range_of(claim.start, claim.end)
        cols = self.columns
        return [cols.mention(i, self.article) for i in range(lo, hi)
                if cols.claim_ids[i] == claim.id]

    def mentions(self) -> list[Mention]:
        """Every mention of the article (all of them made: for short articles and tests)."""
        return [self.columns.mention(i, self.article) for i in range(len(self.columns))]

    def actor_counts(self) -> list[tuple[int, int]]:
        """(actor id, mentions) most mentioned first, then by first mention (as the store's
        article_actors orders them), counted here rather than by a GROUP BY over the rows."""
        counts = Counter(self.columns.actor_ids)
        first: dict[int, int] = {}
        for actor_id, start in zip(self.columns.actor_ids, self.columns.starts, strict=True):
            first.setdefault(actor_id, start)
        return sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))


# Mentions read first around the sentence to show, when the article has more than this many:
# the rest follow in a second read (Store.complete_reading) while the first screen is drawn.
FIRST_MENTIONS = 5000
_REACH = 40_000  # characters either side of that sentence: a few screens


def read_mentions(conn: sqlite3.Connection, article_id: int,
                  span: tuple[int, int] | None = None) -> MentionColumns:
    """The mentions of an article by start, or those that start in `span`."""
    where, params = "article_id = ?", [article_id]
    if span is not None:
        where += " AND start >= ? AND start < ?"
        params += list(span)
    columns = _columns(
        conn, ["id", "actor_id", "coalesce(claim_id, 0)", "start", '"end"'],
        f"SELECT * FROM mentions WHERE {where} ORDER BY start", params)
    if any(a > b for a, b in zip(columns[3], columns[3][1:], strict=False)):
        columns = _sorted_by(columns, 3)  # (an aggregate's order is SQLite's to choose)
    ids, actor_ids, claim_ids, starts, ends = columns
    return MentionColumns(ids, actor_ids, claim_ids, starts, ends, span)


def read_article(conn: sqlite3.Connection, article: Article, around: int = 0) -> Reading:
    """The article for the reader. A long one comes with the mentions near character offset
    `around` only (Reading.complete is False): enough to draw the screen there."""
    body = article.body
    types: dict[int, list[str]] = {}
    cues: dict[int, list[Cue]] = {}
    for claim_id, ctype, cs, ce in conn.execute(
        "SELECT t.claim_id, t.type, t.cue_start, t.cue_end FROM claims c "
        "JOIN claim_types t ON t.claim_id = c.id WHERE c.article_id = ?", [article.id]
    ):
        types.setdefault(claim_id, []).append(ctype)
        if cs is not None and ce is not None:
            cues.setdefault(claim_id, []).append(Cue(ctype, body[cs:ce], cs, ce))
    cids, seqs, starts, ends, speakers, negated = _columns(
        conn, ["id", "seq", "start", '"end"', "coalesce(speaker_id, 0)", "negated"],
        "SELECT * FROM claims WHERE article_id = ? ORDER BY seq", [article.id])
    if any(a > b for a, b in zip(seqs, seqs[1:], strict=False)):
        cids, seqs, starts, ends, speakers, negated = _sorted_by(
            (cids, seqs, starts, ends, speakers, negated), 1)
    span = None
    if len(starts) and article.n_actors and _many_mentions(conn, article.id):
        # Whole sentences around `around`, so that every claim in the span has all its
        # mentions (and its actor_ids right).
        lo = max(0, bisect_right(starts, around - _REACH) - 1)
        hi = min(len(starts) - 1, bisect_right(starts, around + _REACH))
        span = (starts[lo], ends[hi])
    columns = read_mentions(conn, article.id, span)
    claims = Claims(
        article, cids, seqs, starts, ends, speakers, bytes(bool(n) for n in negated),
        {c: _in_order(ts) for c, ts in types.items()},
        {c: tuple(sorted(cs, key=lambda cue: cue.start)) for c, cs in cues.items()},
        columns,
    )
    return Reading(article, claims, columns)


def _columns(conn: sqlite3.Connection, fields: list[str], rows_sql: str,
              params: list[Any]) -> tuple[array[int], ...]:
    """Integer columns of the rows of `rows_sql`, read as one JSON array each.

    One row back instead of one per mention: SQLite builds the arrays without the GIL, and
    Python reads them with its C JSON decoder, so a read of 124,000 mentions in a worker
    does not wait on the event loop for every row (nor the loop on it)."""
    aggregates = ", ".join(f"json_group_array({f})" for f in fields)
    row = conn.execute(f"SELECT {aggregates} FROM ({rows_sql})", params).fetchone()
    return tuple(array("q", json.loads(col)) for col in row)


def _sorted_by(columns: tuple[array[int], ...], key: int) -> tuple[array[int], ...]:
    order = sorted(range(len(columns[key])), key=columns[key].__getitem__)
    return tuple(array("q", (col[i] for i in order)) for col in columns)


def _many_mentions(conn: sqlite3.Connection, article_id: int) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM mentions WHERE article_id = ? LIMIT ?)",
        [article_id, FIRST_MENTIONS + 1]).fetchone()
    return bool(row and row[0] > FIRST_MENTIONS)


def complete(conn: sqlite3.Connection, reading: Reading) -> Reading:
    """The same reading with every mention (after read_article gave only some)."""
    if reading.complete:
        return reading
    columns = read_mentions(conn, reading.article.id)
    return Reading(reading.article, reading.claims.with_mentions(columns), columns)


def _in_order(types: list[str]) -> tuple[str, ...]:
    if len(types) < 2:
        return tuple(types)
    return tuple(sorted(types, key=lambda t: _TYPE_ORDER.get(t, len(_TYPE_ORDER))))

