"""The reader: an article's sentences, mentions highlighted by actor kind, a sentence cursor.

A virtual view (Textual's Line API): the article is laid out as line offsets once per width
(tui/widgets/layout.py), and only the lines on screen are styled and drawn, so a 5 MB article
of 41,000 sentences opens as fast as a short one. The cursor is set on a sentence once the
layout exists (a request made before, e.g. while the widget has no size yet, waits for it),
and is scrolled into view whenever it moves or the width changes.

Every sentence ends with its claim type badges (`[REQ·OPP]`); with a type filter set,
sentences of other types are dimmed. Text is always plain `Text` through `for_display`:
brackets in an article stay brackets and no control character reaches the terminal.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.actor_models import Actor, Mention
from db.claim_models import Claim
from db.models import Article
from db.reading import Reading
from tui.widgets.badges import KIND_LETTER, term_pattern
from tui.widgets.layout import DisplayTexts, Layout, display_texts

__all__ = ["KIND_LETTER", "ArticleView"]

MEASURE = 100  # a readable line on a wide terminal (issue 13)
GUTTER = 2  # the cursor's bar and a space
CURSOR_BAR = "▌ "
_CACHED_SENTENCES = 512  # styled sentences kept (a few screens' worth)


class ArticleView(ScrollView, can_focus=True):
    """The body of one article, sentence by sentence, drawn line by line."""

    COMPONENT_CLASSES = {
        "reader--country", "reader--person", "reader--organization", "reader--place",
        "reader--group", "reader--selected", "reader--badge", "reader--term",
        "reader--cursor", "reader--bar", "reader--dimmed",
    }
    BINDINGS = [
        Binding("j,down", "move(1)", "Next sentence", show=False, id="reader.down"),
        Binding("k,up", "move(-1)", "Previous sentence", show=False, id="reader.up"),
        Binding("home,g", "first", "First sentence", show=False, id="reader.first"),
        Binding("end,G", "last", "Last sentence", show=False, id="reader.last"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="reader.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="reader.page-up"),
        Binding("tab", "cycle_mention", "Cycle mentions", show=False, id="reader.cycle-mention",
                tooltip="Select the next actor mentioned in the sentence"),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    @dataclass
    class MentionChosen(Message):
        """The mention under the cursor changed (tab, or the cursor moved onto one)."""

        mention: Mention

    @dataclass
    class CursorMoved(Message):
        """The sentence under the cursor changed (to show its speaker and cues)."""

        claim: Claim | None

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.claims: Sequence[Claim] = ()
        self.reading: Reading | None = None
        self._pattern: re.Pattern[str] | None = None
        self._found: re.Pattern[str] | None = None  # what the find bar looks for
        self._folded = ""  # the body casefolded for find, made at the first find
        self.actors: dict[int, Actor] = {}
        self.selected_actor_id: int | None = None
        self.type_filter: frozenset[str] = frozenset()
        self.terms: tuple[str, ...] = ()
        self._texts: list[str] = []  # each sentence as shown: display text and badges
        self._paragraphs: list[bool] = []
        self._layout: Layout | None = None
        self._pending: int | None = None  # a cursor asked for before the layout existed
        self._strips: OrderedDict[int, list[Strip]] = OrderedDict()
        self._mention_index = -1

    # Content ---------------------------------------------------------------------------------

    def show(self, reading: Reading, actors: dict[int, Actor], terms: Iterable[str] = (), *,
             cursor: int = 0, texts: DisplayTexts | None = None) -> None:
        """Show an article with the cursor on sentence `cursor` (scrolled into view).
        `texts` are the sentences as shown (display_texts), if a worker made them."""
        self.reading, self.article, self.claims = reading, reading.article, reading.claims
        self.actors = actors
        self.terms = tuple(terms)
        self._pattern = term_pattern(self.terms) if self.terms else None
        self._found, self._folded = None, ""
        self._mention_index = -1
        self._texts, self._paragraphs = texts or display_texts(reading)
        self._layout = None
        self._strips.clear()
        self._pending = max(0, min(cursor, len(self._texts) - 1))
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self._lay_out()

    def complete(self, reading: Reading, actors: dict[int, Actor]) -> None:
        """The same article with every mention (a long one came with those near the
        cursor first): draw them from now on."""
        if self.reading is None or reading.article.id != self.reading.article.id:
            return
        self.reading, self.claims = reading, reading.claims
        self.actors = {**self.actors, **actors}
        self.refresh_sentences()

    @property
    def view_size(self) -> Size:
        """The cells the lines are drawn in: the widget less its padding and scrollbar
        (from the size Textual gave the widget, which is current in on_resize)."""
        width = self.container_size.width - self.scrollbar_size_vertical
        height = self.container_size.height - self.scrollbar_size_horizontal
        return Size(max(0, width), max(0, height))

    @property
    def text_width(self) -> int:
        """The width of the text: the view less the gutter, at most a readable measure."""
        return max(1, min(MEASURE, self.view_size.width - GUTTER))

    def _lay_out(self) -> None:
        """Lay the article out at the current width, then place a waiting cursor."""
        if self.view_size.width <= GUTTER or not self._texts:
            return  # no size yet: on_resize comes back here
        width = self.text_width
        if self._layout is None or self._layout.width != width:
            self._layout = Layout.of(self._texts, self._paragraphs, width)
            self._strips.clear()
            self.virtual_size = Size(width + GUTTER, len(self._layout))
        if self._pending is not None:
            target, self._pending = self._pending, None
            self._jump_to(target)
        else:
            self._scroll_to_cursor()
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._lay_out()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme change: the styles of every line

    def refresh_sentences(self) -> None:
        """Draw the sentences again (after the selected actor or the type filter changed)."""
        self._strips.clear()
        self.refresh()

    # The cursor ----------------------------------------------------------------------------

    @property
    def current_claim(self) -> Claim | None:
        return self.claims[self.cursor] if 0 <= self.cursor < len(self.claims) else None

    @property
    def ready(self) -> bool:
        """The article is laid out and the cursor is where it was asked to be."""
        return self._layout is not None and self._pending is None

    def sentence_mentions(self) -> list[Mention]:
        claim = self.current_claim
        return self.reading.claim_mentions(claim) if claim and self.reading else []

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._texts) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.pop(old, None)
        self._strips.pop(new, None)
        self._mention_index = -1
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self.current_claim))

    def set_cursor(self, index: int) -> None:
        """Move the cursor (a jump), now if the article is laid out, else as soon as it is."""
        if self._layout is None:
            self._pending = index
        else:
            self._jump_to(index)

    def _jump_to(self, index: int) -> None:
        """The cursor to a sentence far away (a mention, a claim): shown a third of the way
        down, with what comes before it, rather than at the screen's edge."""
        if self._layout is not None and self._layout.first:
            index = self.validate_cursor(index)
            first, _ = self._layout.span(index)
            top = max(0, first - self.view_size.height // 3)
            self.scroll_to(y=top, animate=False, immediate=True, force=True)
        old = self.cursor
        self.set_reactive(ArticleView.cursor, index)  # set, then watched even if unchanged
        self.watch_cursor(old, index)

    def _scroll_to_cursor(self) -> None:
        if self._layout is None or not self._layout.first:
            return
        first, count = self._layout.span(self.cursor)
        height = self.view_size.height
        top = self.scroll_offset.y
        if first < top or count > height:
            top = first
        elif first + count > top + height:
            top = first + count - height
        if top != self.scroll_offset.y:
            # force: the scrollbars of a new virtual size are only worked out at the next
            # refresh, and until then Textual would refuse to scroll (the lost cursor).
            self.scroll_to(y=top, animate=False, immediate=True, force=True)

    def action_move(self, step: int) -> None:
        if self.claims:
            self.cursor += step

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._texts) - 1

    def action_page(self, step: int) -> None:
        """A screen further: the cursor to the sentence at the same place on the next page."""
        if self._layout is None:
            return
        first, _ = self._layout.span(self.cursor)
        height = max(1, self.view_size.height - 1)
        line = max(0, min(len(self._layout) - 1, first + step * height))
        found = self._layout.sentence_at(line)
        if found is not None:
            self.cursor = found if found != self.cursor else self.cursor + step

    def on_click(self, event: events.Click) -> None:
        if self._layout is not None:
            found = self._layout.sentence_at(self.scroll_offset.y + event.y)
            if found is not None:
                self.cursor = found

    def go_to_offset(self, offset: int) -> None:
        """Put the cursor on the sentence that holds a character offset."""
        index = self.reading.claims.index_at(offset) if self.reading else None
        if index is not None:
            self.set_cursor(index)

    def find(self, text: str, step: int = 0) -> bool | None:
        """Move the cursor to the sentence of the next match of `text` (ignoring case): from
        the cursor's sentence on (step 0, as one types), or after it (step 1, enter), round
        to the top. True: found; False: not in the article; None: nothing to find."""
        if self.reading is None or not text.strip():
            self._found = None
            self.refresh_sentences()
            return None
        # One lower-casing that keeps offsets (casefold may not: "ß" becomes "ss").
        if not self._folded:
            self._folded = self.reading.article.body.lower()
        needle = text.lower()
        claims = self.reading.claims
        if not len(claims) or len(needle) != len(text):
            return False
        start = claims.starts[self.cursor] if step == 0 else claims.ends[self.cursor]
        at = self._folded.find(needle, start)
        if at < 0:
            at = self._folded.find(needle)
        if at < 0:
            return False
        self._found = re.compile(re.escape(text), re.IGNORECASE)
        self._strips.clear()
        index = bisect_right(claims.ends, at)  # the first claim that ends after the match
        self.set_cursor(min(index, len(claims) - 1))
        self.refresh()
        return True

    def action_cycle_mention(self) -> None:
        mentions = self.sentence_mentions()
        if not mentions:
            return
        self._mention_index = (self._mention_index + 1) % len(mentions)
        self.post_message(self.MentionChosen(mentions[self._mention_index]))

    # Drawing -------------------------------------------------------------------------------

    def component_style(self, name: str) -> Style:
        """A `reader--name` style to lay over text: only what it sets, but with its colours
        as the screen shows them (a theme's `$boost` or `$text-muted` has an alpha that the
        partial style would drop, giving white on white)."""
        partial = self.get_component_rich_style(f"reader--{name}", partial=True)
        full = self.get_component_rich_style(f"reader--{name}", partial=False)
        return partial + Style(color=full.color if partial.color else None,
                               bgcolor=full.bgcolor if partial.bgcolor else None)

    def is_dimmed(self, index: int) -> bool:
        return bool(self.type_filter) and 0 <= index < len(self.claims) \
            and not (self.type_filter & set(self.claims[index].types))

    def sentence_text(self, index: int) -> Text:
        """One sentence as styled text (mentions, search terms, badges; cursor and dimming)."""
        style = self.component_style

        text = Text(self._texts[index])
        claim = self.claims[index] if index < len(self.claims) else None
        if claim is not None and self.reading is not None:
            for m in self.reading.claim_mentions(claim):
                actor = self.actors.get(m.actor_id)
                if actor is None:
                    continue
                # A kind from the file, not a class of ours: shown, not styled.
                mstyle = style(actor.kind) if actor.kind in KIND_LETTER else Style()
                if actor.id == self.selected_actor_id:
                    mstyle += style("selected")
                text.stylize(mstyle, m.start - claim.start, m.end - claim.start)
            for pattern in (self._pattern, self._found):
                if pattern is not None:
                    for found in pattern.finditer(text.plain, 0, claim.end - claim.start):
                        text.stylize(style("term"), found.start(), found.end())
            badge_at = claim.end - claim.start
            if badge_at < len(text):
                text.stylize(style("badge") + Style(bold=True), badge_at + 2)
        if index == self.cursor:
            text.stylize_before(style("cursor"))
        elif self.is_dimmed(index):
            text.stylize_before(style("dimmed"))
        return text

    def _sentence_strips(self, index: int) -> list[Strip]:
        cached = self._strips.get(index)
        if cached is not None:
            self._strips.move_to_end(index)
            return cached
        assert self._layout is not None
        first, count = self._layout.span(index)
        text = self.sentence_text(index)
        base = self.rich_style
        cursor = index == self.cursor
        bar = Segment(CURSOR_BAR, base + self.component_style("bar")) \
            if cursor else Segment(" " * GUTTER, base)
        pad = base + self.component_style("cursor") if cursor else base
        strips = []
        console = self.app.console
        layout = self._layout
        for i in range(first, first + count):
            line = text[layout.starts[i]:layout.ends[i]]
            segments = [bar, *line.render(console)]
            strip = Strip(segments).extend_cell_length(GUTTER + self._layout.width, pad)
            strips.append(strip.apply_style(base))
        self._strips[index] = strips
        if len(self._strips) > _CACHED_SENTENCES:
            self._strips.popitem(last=False)
        return strips

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.view_size.width
        layout = self._layout
        line = scroll_y + y
        if layout is None or line >= len(layout):
            return Strip.blank(width, self.rich_style)
        index = layout.sentences[line]
        if index < 0:
            return Strip.blank(width, self.rich_style)
        first, _ = layout.span(index)
        strip = self._sentence_strips(index)[line - first]
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def visible_text(self) -> list[str]:
        """The lines on screen as plain text (what a test or a screen reader checks)."""
        return [self.render_line(y).text for y in range(self.view_size.height)]
