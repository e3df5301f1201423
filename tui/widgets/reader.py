"""The reader: an article's sentences, mentions highlighted by actor kind, a sentence cursor.

Each claim (sentence) is one `SentenceView`, so the cursor can scroll a sentence into view and
style it without redrawing the article. Every sentence ends with its claim type badges
(`[REQ·OPP]`); with a type filter set, sentences of other types are dimmed. Text is always
plain `Text`: brackets in an article stay brackets, and `for_display` keeps control characters
out of the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from db.models import Actor, Article, Claim, Mention
from db.text import for_display
from tui.widgets.badges import KIND_LETTER, highlight, term_pattern, type_badges

__all__ = ["KIND_LETTER", "ArticleView", "SentenceView"]

NEGATED = "¬"


class SentenceView(Static):
    """One sentence of the article."""

    def __init__(self, index: int, text: Text, *, paragraph: bool) -> None:
        super().__init__(text, classes="sentence" + (" paragraph" if paragraph else ""))
        self.index = index


class ArticleView(VerticalScroll, can_focus=True):
    """The body of one article, sentence by sentence."""

    COMPONENT_CLASSES = {
        "reader--country", "reader--person", "reader--organization", "reader--place",
        "reader--group", "reader--selected", "reader--badge", "reader--term",
    }
    BINDINGS = [
        Binding("j,down", "move(1)", "Next sentence", show=False, id="reader.down"),
        Binding("k,up", "move(-1)", "Previous sentence", show=False, id="reader.up"),
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
        self.claims: list[Claim] = []
        self.mentions: list[Mention] = []
        self.actors: dict[int, Actor] = {}
        self.selected_actor_id: int | None = None
        self.type_filter: frozenset[str] = frozenset()
        self.terms: tuple[str, ...] = ()
        self._mention_index = -1

    def show(self, article: Article, claims: list[Claim], mentions: list[Mention],
             actors: dict[int, Actor], terms: Iterable[str] = ()) -> None:
        self.article, self.claims, self.mentions, self.actors = article, claims, mentions, actors
        self.terms = tuple(terms)
        self._mention_index = -1
        self.remove_children()
        body = article.body
        views = []
        previous_end = 0
        for i, claim in enumerate(claims):
            gap = body[previous_end:claim.start]
            view = SentenceView(i, self._render_sentence(claim), paragraph="\n" in gap and i > 0)
            view.set_class(self._dimmed(claim), "dimmed")
            views.append(view)
            previous_end = claim.end
        if not claims:  # nothing extracted: show the body as it is
            views.append(SentenceView(0, Text(for_display(body)), paragraph=False))
        self.mount_all(views)
        self.cursor = 0
        self._paint_cursor(0)
        self.scroll_home(animate=False)
        self.post_message(self.CursorMoved(self.current_claim))

    def _dimmed(self, claim: Claim) -> bool:
        return bool(self.type_filter) and not (self.type_filter & set(claim.types))

    def _render_sentence(self, claim: Claim) -> Text:
        text = Text(for_display(claim.text))
        for m in self.mentions:
            if m.claim_id != claim.id:
                continue
            actor = self.actors.get(m.actor_id)
            if actor is None:
                continue
            style = self.get_component_rich_style(f"reader--{actor.kind}", partial=True)
            if actor.id == self.selected_actor_id:
                style += self.get_component_rich_style("reader--selected", partial=True)
            text.stylize(style, m.start - claim.start, m.end - claim.start)
        if self.terms:
            highlight(text, self.terms, self.get_component_rich_style("reader--term",
                                                                        partial=True))
        badges = type_badges(claim.types)
        if badges or claim.negated:
            label = (NEGATED if claim.negated else "") + badges
            text.append("  ")
            text.append(f"[{label}]",
                        self.get_component_rich_style("reader--badge", partial=True)
                        + Style(bold=True))
        return text

    def refresh_sentences(self) -> None:
        """Re-render the sentences (after the selected actor or the type filter changed)."""
        for view, claim in zip(self.query(SentenceView), self.claims, strict=False):
            view.update(self._render_sentence(claim))
            view.set_class(self._dimmed(claim), "dimmed")

    @property
    def current_claim(self) -> Claim | None:
        return self.claims[self.cursor] if 0 <= self.cursor < len(self.claims) else None

    def sentence_mentions(self) -> list[Mention]:
        claim = self.current_claim
        return [m for m in self.mentions if claim and m.claim_id == claim.id]

    def action_move(self, step: int) -> None:
        if self.claims:
            self.cursor = max(0, min(len(self.claims) - 1, self.cursor + step))

    def watch_cursor(self, old: int, new: int) -> None:
        self._paint_cursor(new, old)
        self._mention_index = -1
        self.post_message(self.CursorMoved(self.current_claim))

    def _paint_cursor(self, new: int, old: int | None = None) -> None:
        views = list(self.query(SentenceView))
        if old is not None and 0 <= old < len(views):
            views[old].remove_class("cursor")
        if 0 <= new < len(views):
            views[new].add_class("cursor")
            self.scroll_to_widget(views[new], animate=False)

    def go_to_offset(self, offset: int) -> None:
        """Put the cursor on the sentence that holds a character offset."""
        for i, claim in enumerate(self.claims):
            if claim.start <= offset < claim.end:
                self.cursor = i
                return

    def go_to_terms(self, terms: Iterable[str]) -> None:
        """Put the cursor on the first sentence where a search term occurs."""
        pattern = term_pattern(terms)
        if pattern is None:
            return
        for i, claim in enumerate(self.claims):
            if pattern.search(claim.text):
                self.cursor = i
                return

    def action_cycle_mention(self) -> None:
        mentions = self.sentence_mentions()
        if not mentions:
            return
        self._mention_index = (self._mention_index + 1) % len(mentions)
        self.post_message(self.MentionChosen(mentions[self._mention_index]))
