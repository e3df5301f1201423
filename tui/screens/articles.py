"""The first screen: the article list (newest first), the query bar and its results, and the
side panel of saved views.

An empty query shows the whole list; a query swaps in the results. Both lists stay mounted,
so that back from the reader (or from the results) returns to the same row and scroll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from tui.display import count, shown
from tui.messages import ArticlesLoaded, SearchDone
from tui.query_history import QueryHistory
from tui.screens.articles_live import LiveList
from tui.screens.articles_unread import UnreadActions
from tui.widgets.article_list import ArticleList
from tui.widgets.footer import KeysFooter
from tui.widgets.query_bar import QueryBar
from tui.widgets.query_suggester import QuerySuggester
from tui.widgets.results import ResultsList, Target
from tui.widgets.status import StatusLine
from tui.widgets.views_panel import ViewsPanel

if TYPE_CHECKING:
    from db.models import ArticleRow

# What an empty database shows instead of an empty table (the commands are README.md's).
EMPTY_HINT = (
    "No articles yet. Add some from a shell, then start briefing again:\n\n"
    "  briefing ingest PATH_OR_URL...   files, folders, web pages and feeds\n"
    "  briefing feeds add URL           subscribe, then: briefing refresh\n"
)

PAGE = 200
RESULTS_PAGE = 100
WIDE = 120  # from this width the views panel shows by itself


class ArticlesScreen(UnreadActions, LiveList):
    """Also the reader's neighbours (tui/screens/neighbours.py): `]`/`[` in the reader move in
    what this screen lists."""

    AUTO_FOCUS = "ArticleList"
    BINDINGS = [
        Binding("slash", "query", "Search", id="articles.query",
                tooltip="Search: the query bar (words, phrases, filters)"),
        Binding("escape,backspace", "back", "Back", show=False, id="articles.back",
                tooltip="Out of the query bar; from the results back to all articles"),
        Binding("s", "save_view", "Save", id="articles.save-view",
                tooltip="Save the current query as a named view"),
        Binding("v", "views", "Views", show=False, id="articles.views",
                tooltip="Show / hide the saved views panel"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="articles.toggle-read",
                tooltip="Mark the article read / unread"),
        Binding("Y", "copy_url", "Copy URL", show=False, id="articles.copy-url",
                tooltip="Copy the article's URL"),
        Binding("U", "unread_only", "Unread", show=False, id="articles.unread-only",
                tooltip="Unread articles only / every article"),
        Binding("right_curly_bracket", "next_unread", "Next unread", show=False,
                id="articles.next-unread", tooltip="Read the next unread article"),
        Binding("A", "mark_all_read", "Mark all read", show=False,
                id="articles.mark-all-read", tooltip="Mark every article of the view read"),
    ]

    def __init__(self, query: str = "", view: str | None = None,
                 first_page: tuple[list[ArticleRow], int] | None = None) -> None:
        super().__init__()
        self.first_page = first_page
        self.initial_query = query
        self.initial_view = view
        self.query_text = ""  # the settled query the results show (or are being fetched for)
        self.views_open: bool | None = None  # None: by width
        self._summary = ""
        self.unread_only = False
        self._read_shown = 0  # read articles when the marks were last drawn

    def compose(self) -> ComposeResult:
        is_read = self.bapp.read_state.is_read
        bar = QueryBar(QueryHistory(), id="query", suggester=QuerySuggester(self.store))
        bar.display = False  # until `/`: hidden, so it cannot take the first focus
        yield bar
        messages = Static(id="query-messages")
        messages.display = False
        yield messages
        hint = Static(EMPTY_HINT, id="empty-hint")
        hint.display = False
        yield hint
        with Horizontal(id="articles-body"):
            with ContentSwitcher(initial="article-list", id="lists"):
                yield ArticleList(is_read, id="article-list")
                yield ResultsList(is_read, id="results")
            yield ViewsPanel(id="views-panel")
        yield StatusLine(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_views()
        self._status("loading…")
        if self.first_page is not None:
            rows, total = self.first_page
            self.post_message(ArticlesLoaded(rows, 0, total))
        else:
            self.load_page(0)
        if self.initial_view:
            self.open_view(self.initial_view)
        elif self.initial_query:
            self.apply_query(self.initial_query)

    # The article list ---------------------------------------------------------------------

    def load_page(self, offset: int) -> None:
        # The read ids are copied here, on the event loop: `u` may change them meanwhile.
        read = tuple(sorted(self.bapp.read_state.ids)) if self.unread_only else None
        self._load_page(offset, read, self.query_one(ArticleList).total)

    @work(thread=True, exclusive=True, group="articles", exit_on_error=False)
    def _load_page(self, offset: int, read: tuple[int, ...] | None, known: int) -> None:
        store = self.store
        if read is not None:  # unread only
            rows, total = store.unread_articles(read, offset=offset, limit=PAGE)
        else:
            rows = store.articles(offset=offset, limit=PAGE)
            total = store.article_count() if offset == 0 else known
        self.post_message(ArticlesLoaded(rows, offset, total))

    @on(ArticlesLoaded)
    def show_page(self, message: ArticlesLoaded) -> None:
        table = self.query_one(ArticleList)
        table.add_articles(message.rows, message.total)
        if message.offset == 0:
            self.query_one("#empty-hint", Static).display = \
                message.total == 0 and not self.unread_only
        if not self.query_text:
            self._summary = self._list_summary()
            self._status()
            if message.offset == 0 and not self.query_one(QueryBar).has_focus:
                table.focus()

    @on(ArticleList.NeedMore)
    def more(self, message: ArticleList.NeedMore) -> None:
        self.load_page(message.offset)

    @on(ArticleList.Opened)
    def open_article(self, message: ArticleList.Opened) -> None:
        self.open(Target(message.article_id, None, ()))

    def open(self, target: Target) -> None:
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(target.article_id, offset=target.offset,
                                          terms=target.terms, neighbours=self))

    # The query ----------------------------------------------------------------------------

    def action_query(self) -> None:
        bar = self.query_one(QueryBar)
        bar.display = True
        bar.focus()

    def apply_query(self, text: str) -> None:
        """Show a query's results (a saved view, `--view`): as if it had been typed."""
        bar = self.query_one(QueryBar)
        bar.display = True
        bar.set_query(text)
        self.query_one(ResultsList).focus()

    @on(QueryBar.Settled)
    def query_changed(self, message: QueryBar.Settled) -> None:
        text = message.value.strip()
        self.query_text = text
        switcher = self.query_one(ContentSwitcher)
        if not text:
            self.workers.cancel_group(self, "search")
            switcher.current = "article-list"
            self._messages(())
            self._summary = self._list_summary()
            self._status()
            return
        self._status("searching…")
        self.search(text, 0)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, text: str, offset: int) -> None:
        result = self.store.search(text, limit=RESULTS_PAGE, offset=offset)
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(text, offset, result))

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        if message.text != self.query_text:  # a stale answer: the user typed on
            return
        results = self.query_one(ResultsList)
        results.show_result(message.result, message.offset, RESULTS_PAGE)
        self.query_one(ContentSwitcher).current = "results"
        self._messages(message.result.messages)
        if message.offset == 0:
            self.new_results = 0  # a new query: nothing in it is news yet
        self._summary = self._results_summary()
        self._status()

    def _results_summary(self) -> str:
        results = self.query_one(ResultsList)
        more = "" if results.complete else "+"
        if results.kind == "articles":
            return f"{count(results.loaded, 'article')}{more} match"
        return (f"{count(results.loaded, 'claim')}{more} in "
                f"{count(len(results.article_ids), 'article')}")

    @on(ResultsList.NeedMore)
    def more_results(self, message: ResultsList.NeedMore) -> None:
        if self.query_text:
            self.search(self.query_text, message.offset)

    @on(ResultsList.Opened)
    def open_result(self, message: ResultsList.Opened) -> None:
        self.open(message.target)

    @on(QueryBar.Left)
    def leave_query(self, _message: QueryBar.Left) -> None:
        self._current_list().focus()
        if not self.query_text:
            self.query_one(QueryBar).display = False

    def _messages(self, messages: tuple[str, ...] | list[str]) -> None:
        line = self.query_one("#query-messages", Static)
        line.display = bool(messages)
        line.update(Text("! " + " · ".join(shown(m) for m in messages)))

    def _current_list(self) -> ArticleList | ResultsList:
        if self.query_one(ContentSwitcher).current == "results":
            return self.query_one(ResultsList)
        return self.query_one(ArticleList)

    def action_back(self) -> None:
        """escape: out of the query bar to the results; from the results to the whole list."""
        bar = self.query_one(QueryBar)
        if bar.has_focus:
            bar.settle()  # a query typed just now applies before whatever key comes next
            self.leave_query(QueryBar.Left(bar))
        elif self.query_one(ViewsPanel).has_focus:
            self._current_list().focus()
        elif self.query_text:
            bar.set_query("")
            bar.display = False
            self.query_one(ArticleList).focus()

    # Saved views ----------------------------------------------------------------------------

    def action_save_view(self) -> None:
        from tui.screens.save_view import SaveViewScreen

        text = self.query_text
        if not text:
            self.notify("type a query first (/), then s saves it", timeout=3)
            return
        views = self.bapp.saved_views

        def save(name: str | None) -> None:
            if not name:
                return
            try:
                views.save(name, text)
            except OSError as exc:
                self.notify(shown(f"could not save the view: {exc}"), severity="error",
                            markup=False)
                return
            self.refresh_views()
            self.notify(f"saved view '{shown(name)}'", timeout=2, markup=False)

        self.app.push_screen(SaveViewScreen(text, views.names()), save)

    def refresh_views(self) -> None:
        views = self.bapp.saved_views
        self.query_one(ViewsPanel).show(views.views, views.names())
        self._fit_views(self.size.width)

    def action_views(self) -> None:
        panel = self.query_one(ViewsPanel)
        if panel.display and panel.has_focus:
            self.views_open = False
            self._current_list().focus()
        else:
            self.views_open = True
            panel.focus()
        self._fit_views(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_views(event.size.width)

    def _fit_views(self, width: int) -> None:
        shown = self.views_open if self.views_open is not None else width >= WIDE
        self.query_one(ViewsPanel).display = shown

    @on(ViewsPanel.Chosen)
    def view_chosen(self, message: ViewsPanel.Chosen) -> None:
        self.open_view(message.name)

    def open_view(self, name: str) -> bool:
        query = self.bapp.saved_views.get(name)
        if query is None:
            names = ", ".join(self.bapp.saved_views.names()) or "none yet"
            self.notify(f"no saved view named '{shown(name)}' (saved: {shown(names)})",
                        severity="error", timeout=5, markup=False)
            return False
        self.apply_query(query)
        return True

    @on(ViewsPanel.Deleted)
    def view_deleted(self, message: ViewsPanel.Deleted) -> None:
        try:
            self.bapp.saved_views.delete(message.name)
        except OSError as exc:
            self.notify(shown(f"could not delete the view: {exc}"), severity="error",
                        markup=False)
        self.refresh_views()
        self.notify(f"deleted view '{shown(message.name)}'", timeout=2, markup=False)

    # Read state, copying --------------------------------------------------------------------

    def _current_article(self) -> int | None:
        current = self._current_list()
        if isinstance(current, ResultsList):
            return current.current.article_id if current.current else None
        return current.current_id

    def action_toggle_read(self) -> None:
        article_id = self._current_article()
        if article_id is None:
            return
        read = self.bapp.read_state.toggle(article_id)
        self.refresh_read(article_id)
        self.notify("marked read" if read else "marked unread", timeout=1.5)

    def refresh_read(self, article_id: int) -> None:
        self.query_one(ArticleList).refresh_read(article_id)
        self.query_one(ResultsList).refresh_read(article_id)
        self._status()

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False)
    def action_copy_url(self) -> None:
        article_id = self.app.call_from_thread(self._current_article)
        article = self.store.article(article_id) if article_id is not None else None
        if article is None:
            return
        self.app.call_from_thread(self.bapp.copy_url, article)

    # Following the reader --------------------------------------------------------------------

    def follow(self, article_id: int) -> None:
        """Keep the cursor on the article the reader moved to (for back), and its read mark."""
        current = self._current_list()
        if isinstance(current, ResultsList):
            current.select_article(article_id)
        else:
            current.select_id(article_id)
        self.refresh_read(article_id)

    def position(self, article_id: int) -> str | None:
        """Where an article is in what this screen lists, for the reader's status line."""
        return self._current_list().position(article_id)

    def _list_summary(self) -> str:
        """`article 12 of 3,406` (where the cursor is), `1 article`, or how to begin."""
        table = self.query_one(ArticleList)
        if table.total == 0:
            return "no unread articles" if self.unread_only else "no articles yet"
        if table.total == 1:
            return count(1, "article")
        current = table.current_id
        return (table.position(current) if current is not None else None) or \
            count(table.total, "article")

    @on(ArticleList.RowHighlighted)
    def row_moved(self, _event: ArticleList.RowHighlighted) -> None:
        self.cursor_at_top()
        if not self.query_text:
            self._summary = self._list_summary()
            self._status()

    def neighbour(self, article_id: int, step: int) -> int | None:
        """The next/previous article of what this screen lists (results or the whole list),
        as far as it is loaded; None means: ask the store."""
        return self._current_list().neighbour(article_id, step)

    def _status(self, summary: str | None = None) -> None:
        if summary is not None:
            self._summary = summary
        read = self._read_shown = len(self.bapp.read_state.ids)
        parts = [self._summary, self.new_label(), f"{read} read" if read else None,
                 self.bapp.actor_label(), self.store.notice]
        self.query_one(StatusLine).show(*parts)

    def on_screen_resume(self) -> None:
        if len(self.bapp.read_state.ids) != self._read_shown:  # marked read elsewhere (A)
            self.show_read_marks()
        self._status()
