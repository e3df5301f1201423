"""The claims view: claims (sentences) with their type badges, speaker, article and date,
filtered by the current query (the articles screen's `query_text`) and the picked types
(`app.type_filter`).

Every query goes through `store.search`, as in the search box, asked for claims even when it
has no claim filter (words, source:, since:, or nothing); the picked types narrow it there:
they are ANDed with the query's own `type:` filters.
`enter` on a claim reads its article at that sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from db import query as querylang
from db.claim_models import ClaimHit
from db.store import Store
from db.text import for_display
from tui.display import shown, shown_date
from tui.screens.base import BriefingScreen
from tui.screens.types import TypeFilterChanged
from tui.widgets.claim_table import NEGATED, ClaimTable, badge
from tui.widgets.footer import KeysFooter
from tui.widgets.status import StatusLine

PAGE = 200


@dataclass(frozen=True)
class ClaimsRequest:
    query: str
    types: frozenset[str]


def fetch_claims(store: Store, request: ClaimsRequest, limit: int,
                 offset: int) -> tuple[list[ClaimHit], tuple[str, ...]]:
    """One page of the claims view, and what the query language has to say about the query.
    Runs in a worker thread. The store narrows by the picked types (`types=`): the query's
    own `type:` filters ANDed with them."""
    result = store.search(request.query, limit=limit, offset=offset, claims=True,
                          types=request.types)
    return list(result.claims), tuple(result.messages)


def current_query(app: App[object]) -> str:
    """The query of the query bar: the `query_text` of the nearest screen below that has one
    (the articles screen keeps the query it shows)."""
    for screen in reversed(app.screen_stack):
        text = getattr(screen, "query_text", None)
        if isinstance(text, str):
            return text
    return ""


def describe(request: ClaimsRequest) -> Text:
    """The filter line above the table."""
    text = Text()
    if request.query.strip():
        text.append("query ", style="dim")
        text.append(shown(request.query))
    else:
        text.append("all claims", style="dim")
    text.append("  types ", style="dim")
    if request.types:
        text.append(" ".join(badge(t) for t in sorted(request.types)), style="bold")
    else:
        text.append("any", style="dim")
    text.append("  (t picks)", style="dim")
    return text


def preview(hit: ClaimHit | None, cue_style: str = "bold underline") -> Text:
    """The claim under the cursor in full: its types with their cues, the speaker, the
    sentence with the cues marked, and the article."""
    if hit is None:
        return Text("no claim", style="dim")
    claim = hit.claim
    out = Text()
    if claim.negated:
        out.append(f"{NEGATED} negated  ", style="bold")
    cues = {c.type: c.text for c in claim.cues}
    for t in claim.types:
        out.append(badge(t), style="bold")
        out.append(f" {t}" + (f" ({shown(cues[t], 24)})" if t in cues else "") + "  ")
    if not claim.types:
        out.append("no type  ", style="dim")
    out.append("speaker ", style="dim")
    out.append(shown(hit.speaker) if hit.speaker else "the article", style="")
    out.append("\n")
    sentence = Text(" ".join(for_display(claim.text).split("\n")))
    for cue in claim.cues:  # offsets are in the article body; the sentence starts at claim.start
        sentence.stylize(cue_style, cue.start - claim.start, cue.end - claim.start)
    out.append_text(sentence)
    out.append("\n")
    out.append(shown(hit.title), style="italic")
    if hit.published:
        out.append(f"  {shown_date(hit.published)}", style="dim")
    return out


class ClaimsScreen(BriefingScreen[None]):
    FAILED = "could not read claims"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="claims-view.back"),
    ]

    @dataclass
    class Loaded(Message):
        request: ClaimsRequest
        hits: list[ClaimHit]
        messages: tuple[str, ...]
        offset: int

    def __init__(self) -> None:
        super().__init__()
        self.request = self._current_request()
        self.generation = self._corrections()

    def _corrections(self) -> int:
        """How many corrections this browser has made (tui/corrections.py): each may rename
        a speaker or take claims from an actor, so the list is read again after one."""
        return int(getattr(getattr(self.app, "corrector", None), "generation", 0))

    def _current_request(self) -> ClaimsRequest:
        types: Iterable[str] = self.bapp.type_filter
        return ClaimsRequest(current_query(self.app), frozenset(types))

    def compose(self) -> ComposeResult:
        yield Static(describe(self.request), id="claims-filter")
        yield ClaimTable(id="claims-table")
        yield Static(id="claims-preview")
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(StatusLine).show("loading…")
        self.query_one(ClaimTable).focus()
        self.load(self.request, 0)

    def on_screen_resume(self) -> None:
        self.refilter()

    @on(TypeFilterChanged)
    def types_changed(self, message: TypeFilterChanged) -> None:
        self.refilter()

    def refilter(self) -> None:
        """Load again when the query, the picked types or the actors changed since."""
        request = self._current_request()
        if request != self.request or self.generation != self._corrections():
            self.request, self.generation = request, self._corrections()
            self.query_one("#claims-filter", Static).update(describe(request))
            self.query_one(StatusLine).show("loading…")
            self.load(request, 0)

    @work(thread=True, exclusive=True, group="claims", exit_on_error=False)
    def load(self, request: ClaimsRequest, offset: int) -> None:
        hits, messages = fetch_claims(self.store, request, PAGE, offset)
        self.post_message(self.Loaded(request, hits, messages, offset))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        if message.request != self.request:  # an answer to an older filter
            return
        table = self.query_one(ClaimTable)
        table.first_types = message.request.types | set(querylang.parse(message.request.query).type)
        table.show(message.hits, message.offset, PAGE)
        count = f"{len(table.hits)}{'' if table.complete else '+'}"
        what = "claim" if count == "1" else "claims"
        self.query_one(StatusLine).show(f"{count} {what}", *message.messages)

    @on(ClaimTable.Highlighted)
    def highlighted(self, message: ClaimTable.Highlighted) -> None:
        self.query_one("#claims-preview", Static).update(preview(message.hit))

    @on(ClaimTable.NeedMore)
    def more(self, message: ClaimTable.NeedMore) -> None:
        self.load(self.request, message.offset)

    @on(ClaimTable.Opened)
    def open_claim(self, message: ClaimTable.Opened) -> None:
        from tui.screens.reader import ReaderScreen

        claim = message.hit.claim
        # This view lists sentences, not articles: ]/[ in the reader move in the article
        # list beneath.
        self.app.push_screen(ReaderScreen(claim.article_id, offset=claim.start,
                                          neighbours=self.bapp.list_screen))

    def action_back(self) -> None:
        self.app.pop_screen()
