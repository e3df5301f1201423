"""A concordance: every mention of one actor in its sentence, the mention at a fixed column
so that the mentions line up down the list (keyword in context), with the article and date.
Paged: more lines are asked for when the cursor nears the end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message

from db.actor_models import MentionInContext
from db.text import for_display
from tui.display import shown, shown_date, shown_text
from tui.widgets.list_keys import end_bindings
from tui.widgets.paged_table import PagedTable

_SPACE = re.compile(r"\s+")
_ARTICLE, _DATE = 16, 10
_MIN_CONTEXT = 24


def _squash(text: str) -> str:
    return _SPACE.sub(" ", for_display(text))


def kwic(sentence: str, start: int, end: int, width: int, style: Style) -> Text:
    """The sentence cut to `width` characters around sentence[start:end], which is styled and
    placed a third of the way in; "…" marks what was cut."""
    left, middle, right = (_squash(sentence[:start]).lstrip(), _squash(sentence[start:end]),
                           _squash(sentence[end:]).rstrip())
    room = width // 3
    left = ("…" + left[-(room - 1):]) if len(left) > room else left.rjust(room)
    middle = middle if len(middle) <= width - room else middle[: max(1, width - room - 1)] + "…"
    room = width - len(left) - len(middle)
    right = right if len(right) <= room else right[: max(0, room - 1)] + "…"
    return Text.assemble(left, (middle, style), right, no_wrap=True)


class Concordance(PagedTable[MentionInContext]):
    COMPONENT_CLASSES = {"concordance--mention"}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="concordance.down"),
        Binding("k", "cursor_up", "Up", show=False, id="concordance.up"),
        Binding("enter", "open", "Read", id="concordance.open"),
        *end_bindings("concordance"),
    ]

    @dataclass
    class Opened(Message):
        """`enter` on a line: read the article at that mention."""

        line: MentionInContext

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(show_header=False, **kwargs)
        self.lines: list[MentionInContext] = []
        self._width = 0

    def on_mount(self) -> None:
        self._add_columns()

    def _fit(self) -> int:
        width = self.size.width or self.app.size.width
        return max(_MIN_CONTEXT, width - _ARTICLE - _DATE - 6 * self.cell_padding - 2)

    def _add_columns(self) -> None:
        self._width = self._fit()
        self.add_column("Mention", key="context", width=self._width)
        self.add_column("Article", key="article", width=_ARTICLE)
        self.add_column("Date", key="date", width=_DATE)

    def on_resize(self, event: Resize) -> None:
        if self._fit() != self._width:  # re-cut every line to the new width
            row = self.cursor_row
            self.clear(columns=True)
            self._add_columns()
            self._add_lines(self.lines)
            if self.row_count:
                self.move_cursor(row=min(row, self.row_count - 1))

    def show(self, lines: list[MentionInContext], offset: int, total: int) -> None:
        """Add a page of lines (offset 0 replaces them)."""
        if offset == 0:
            self.reset()
            self.lines = []
        self.total = total
        self.lines.extend(lines)
        self._add_lines(lines)
        self.rows_arrived()

    def _add_lines(self, lines: list[MentionInContext]) -> None:
        style = self.get_component_rich_style("concordance--mention", partial=True)
        for line in lines:
            start = line.mention.start - line.sentence_start
            end = line.mention.end - line.sentence_start
            self.add_item(
                str(line.mention.id), line,
                kwic(line.sentence, start, end, self._width, style),
                Text(shown(line.title, _ARTICLE)),
                shown_text(shown_date(line.published)),
            )
