"""The claims table: type badges, speaker, sentence, article and date; paged like the article
list, never all in memory. Rows are keyed by claim id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message

from db.claim_models import ClaimHit
from tui.display import shown, shown_date, shown_text
from tui.widgets.badges import TYPE_BADGE
from tui.widgets.list_keys import end_bindings
from tui.widgets.paged_table import PagedTable

NEGATED = "¬"

# Fixed columns; the sentence takes what is left of the width.
_FIXED = {"types": 7, "speaker": 12, "article": 14, "date": 10}
_MIN_SENTENCE = 16
WIDE_FROM = 120  # past this width, speaker and article share the extra room with the sentence


def column_widths(width: int) -> dict[str, int]:
    """The fixed columns at a table width: at 200 columns names and titles get room too."""
    extra = max(0, width - WIDE_FROM)
    return {**_FIXED, "speaker": _FIXED["speaker"] + extra // 5,
            "article": _FIXED["article"] + extra // 4}


def badge(claim_type: str) -> str:
    """Three letters a type (tui/widgets/badges.py: the reader shows the same ones)."""
    return TYPE_BADGE.get(claim_type, claim_type[:3].upper())


def badges(types: tuple[str, ...], negated: bool, width: int, style: Style) -> Text:
    """"¬" for a negated claim, then type badges that fit in `width` cells, then "+n" for
    the ones left out."""
    text = Text(NEGATED if negated else "", style="bold")
    for i, claim_type in enumerate(types):
        sep, rest = (" " if i else ""), len(types) - i
        after = 0 if rest == 1 else len(f" +{rest - 1}")  # room for the "+n" that follows
        if len(text) + len(sep) + 3 + after > width:
            text.append(f"{sep}+{rest}", style="dim")
            break
        text.append(sep)
        text.append(badge(claim_type), style=style)
    return text


class ClaimTable(PagedTable[ClaimHit]):
    COMPONENT_CLASSES = {"claim-table--badge"}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="claims.down"),
        Binding("k", "cursor_up", "Up", show=False, id="claims.up"),
        Binding("enter", "open", "Open", id="claims.open"),
        *end_bindings("claims"),
    ]

    @dataclass
    class Opened(Message):
        hit: ClaimHit

    @dataclass
    class NeedMore(Message):
        offset: int

    @dataclass
    class Highlighted(Message):
        hit: ClaimHit | None

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.hits: list[ClaimHit] = []
        self.total = 1 << 62  # unknown: pages come until one is short (`complete`)
        self._sentence_width = 0
        self._cols = dict(_FIXED)
        # The types filtered on come first in the type column (issue 13): with `plan` picked,
        # a claim typed "report plan" shows PLA, the reason it is listed, before REP.
        self.first_types: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self._sentence_width = self._fit_sentence()
        self._cols = column_widths(self.size.width or self.app.size.width)
        self.add_column("Type", key="types", width=self._cols["types"])
        self.add_column("Speaker", key="speaker", width=self._cols["speaker"])
        self.add_column("Sentence", key="sentence", width=self._sentence_width)
        self.add_column("Article", key="article", width=self._cols["article"])
        self.add_column("Date", key="date", width=self._cols["date"])

    def _fit_sentence(self) -> int:
        width = self.size.width or self.app.size.width
        cols = column_widths(width)
        padding = 2 * self.cell_padding * (len(cols) + 1)
        return max(_MIN_SENTENCE, width - sum(cols.values()) - padding - 2)  # 2: scrollbar

    def on_resize(self, event: Resize) -> None:
        if self._fit_sentence() != self._sentence_width:  # rebuild the rows at the new width
            row = self.cursor_row
            self.clear(columns=True)
            self._add_columns()
            self._add_rows(self.hits)
            if self.row_count:
                self.move_cursor(row=min(row, self.row_count - 1))

    def show(self, hits: list[ClaimHit], offset: int, page: int) -> None:
        """Add a page of claims (offset 0 replaces the rows)."""
        if offset == 0:
            self.reset()
            self.hits = []
        self.complete = len(hits) < page
        self.hits.extend(hits)
        self._add_rows(hits)
        self.rows_arrived()
        if offset == 0:
            self.post_message(self.Highlighted(self.current))

    def _add_rows(self, hits: list[ClaimHit]) -> None:
        style = self.get_component_rich_style("claim-table--badge", partial=True)
        for hit in hits:
            claim = hit.claim
            self.add_item(
                str(claim.id), hit,
                badges(self.ordered_types(claim.types), claim.negated, self._cols["types"],
                       style),
                Text(shown(hit.speaker or "", self._cols["speaker"])),
                Text(shown(claim.text, self._sentence_width)),
                Text(shown(hit.title, self._cols["article"])),
                shown_text(shown_date(hit.published)),
            )

    def ordered_types(self, types: tuple[str, ...]) -> tuple[str, ...]:
        """The claim's types, those filtered on first (each group in its own order)."""
        return tuple(sorted(types, key=lambda t: t not in self.first_types))

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.current))
