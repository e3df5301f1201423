"""Search results: articles with a snippet, or claims grouped under their article.

Matched words are highlighted; every text is plain `Text` (untrusted). Rows are added page by
page; `NeedMore` asks for the next page when the cursor nears the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from db.claim_models import ClaimHit
from db.models import ArticleHit, SearchResult
from tui.display import shown, shown_date
from tui.widgets.article_list import READ_MARK
from tui.widgets.badges import highlight, type_badges
from tui.widgets.list_keys import end_bindings


@dataclass(frozen=True)
class Target:
    """Where `enter` on a result goes: an article, at a character offset or at the terms."""

    article_id: int
    offset: int | None
    terms: tuple[str, ...]


class ResultsList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        *end_bindings("results"),
    ]

    @dataclass
    class Opened(Message):
        target: Target

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, is_read: Callable[[int], bool] = lambda _id: False,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.is_read = is_read
        self.kind = "articles"
        self.targets: dict[str, Target] = {}
        self._prompts: dict[str, Callable[[], RenderableType]] = {}  # to redraw a row's read mark
        self.loaded = 0  # results (not rows) loaded so far: the next page's offset
        self.complete = True
        self.article_ids: list[int] = []  # in order, once each: for ] and [ from the reader
        self._asked = -1

    def show_result(self, result: SearchResult, offset: int, page: int) -> None:
        """Show a page of results; offset 0 replaces what was there."""
        if offset == 0:
            self.clear_options()
            self.targets.clear()
            self._prompts.clear()
            self.article_ids = []
            self.loaded = 0
            self._asked = -1
        self.kind = result.kind
        hits = result.articles if result.kind == "articles" else result.claims
        self.loaded += len(hits)
        self.complete = len(hits) < page
        if result.kind == "articles":
            self.add_options(self._article_option(h, result.terms) for h in result.articles)
        else:
            self.add_options(self._claim_options(result.claims, result.terms))
        if offset == 0 and self.option_count:
            self.highlighted = self._first_enabled()

    def _first_enabled(self) -> int | None:
        for i in range(self.option_count):
            if not self.get_option_at_index(i).disabled:
                return i
        return None

    def _article_option(self, hit: ArticleHit, terms: tuple[str, ...]) -> Option:
        key = f"a{hit.article.id}"
        self.targets[key] = Target(hit.article.id, None, terms)
        self._prompts[key] = lambda: self._article_prompt(hit, terms)
        self._note_article(hit.article.id)
        return Option(self._article_prompt(hit, terms), id=key)

    def _article_prompt(self, hit: ArticleHit, terms: tuple[str, ...]) -> Group:
        row = hit.article
        read = self.is_read(row.id)
        meta = " · ".join(p for p in (shown(row.source), shown_date(row.published)) if p)
        title = Text.assemble(
            (READ_MARK + " " if read else "  ", "dim"),
            (shown(row.title), Style(bold=not read, dim=read)), ("  " + meta, "dim"),
            no_wrap=True, overflow="ellipsis",
        )
        snippet = highlight(Text("  " + shown(hit.snippet), style="dim" if read else "",
                                 no_wrap=True, overflow="ellipsis"), terms)
        return Group(title, snippet)

    def _header_prompt(self, hit: ClaimHit) -> Text:
        read = self.is_read(hit.claim.article_id)
        return Text.assemble(
            (READ_MARK + " " if read else "  ", "dim"),
            (shown(hit.title), Style(bold=True, dim=read)),
            ("  " + shown_date(hit.published), "dim"), no_wrap=True, overflow="ellipsis",
        )

    def refresh_read(self, article_id: int) -> None:
        """Show an article's read mark again."""
        for key in (f"a{article_id}", f"h{article_id}"):
            prompt = self._prompts.get(key)
            if prompt is not None:
                self.replace_option_prompt(key, prompt())

    def _claim_options(self, hits: tuple[ClaimHit, ...], terms: tuple[str, ...]) -> list[Option]:
        options = []
        for hit in hits:
            claim = hit.claim
            if not self.article_ids or self.article_ids[-1] != claim.article_id:
                self._note_article(claim.article_id)
                key = f"h{claim.article_id}"
                if key not in self._prompts:  # the same article may come back on a later page
                    self._prompts[key] = lambda hit=hit: self._header_prompt(hit)  # type: ignore[misc]
                    options.append(Option(self._header_prompt(hit), id=key, disabled=True))
            badges = type_badges(claim.types)
            line = Text.assemble(
                "  ", (f"[{badges}] " if badges else "", "bold"),
                (shown(hit.speaker) + ": " if hit.speaker else "", "italic"),
            )
            line.append_text(highlight(Text(shown(claim.text)), terms))
            key = f"c{claim.id}"
            self.targets[key] = Target(claim.article_id, claim.start, terms)
            options.append(Option(line, id=key))
        return options

    def _note_article(self, article_id: int) -> None:
        if article_id not in self.article_ids:
            self.article_ids.append(article_id)

    def position(self, article_id: int) -> str | None:
        """"article 3 of 40+ found", for the reader's status line; None if not listed."""
        if article_id not in self.article_ids:
            return None
        more = "" if self.complete else "+"
        return (f"article {self.article_ids.index(article_id) + 1:,} of "
                f"{len(self.article_ids):,}{more} found")

    def neighbour(self, article_id: int, step: int) -> int | None:
        try:
            index = self.article_ids.index(article_id) + step
        except ValueError:
            return None
        return self.article_ids[index] if 0 <= index < len(self.article_ids) else None

    def select_article(self, article_id: int) -> None:
        """Put the cursor on the first result of an article (after the reader moved on)."""
        for i in range(self.option_count):
            option = self.get_option_at_index(i)
            target = self.targets.get(option.id or "")
            if target is not None and target.article_id == article_id:
                self.highlighted = i
                return

    @property
    def current(self) -> Target | None:
        if self.highlighted is None:
            return None
        return self.targets.get(self.get_option_at_index(self.highlighted).id or "")

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is None or self.complete:
            return
        if highlighted >= self.option_count - 10 and self._asked != self.loaded:
            self._asked = self.loaded
            self.post_message(self.NeedMore(self.loaded))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets.get(event.option.id or "")
        if target is not None:
            self.post_message(self.Opened(target))
