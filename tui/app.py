"""The App: the store, the screens, the global keys and the theme. Thin on purpose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from db.models import ArticleRow
from db.store import Store
from tui.commands import BriefingCommands
from tui.corrections import Corrector
from tui.live import LiveUpdates
from tui.session import UserSession

if TYPE_CHECKING:
    from tui.screens.articles import ArticlesScreen


class BriefingApp(UserSession, LiveUpdates, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("a", "actors", "Actors", id="app.actors"),
        Binding("c", "claims", "Claims", id="app.claims"),
        Binding("t", "types", "Types", id="app.types"),
        Binding("f", "feeds", "Feeds", show=False, id="app.feeds",
                tooltip="Feeds: unread counts, last status"),
        Binding("R", "refresh_feeds", "Refresh", show=False, id="app.refresh",
                tooltip="Refresh the feeds (briefing refresh)"),
        # Screens with a search of their own bind / themselves (the reader finds in the
        # article); from the others it is the query bar of the article list.
        Binding("slash", "query", "Search", show=False, id="app.query",
                tooltip="The query bar (back on the article list)"),
    ]

    def __init__(self, store: Store, *, article_id: int | None = None,
                 actor_id: int | None = None, view: str | None = None,
                 first_page: tuple[list[ArticleRow], int] | None = None) -> None:
        super().__init__()
        self.store = store
        self.corrector = Corrector(store.path)  # corrections run as processes (issue 17)
        self.first_page = first_page  # the article list's first rows and total, if read
        self.start_article = article_id
        self.selected_actor_id: int | None = actor_id
        self.selected_actor_name: str | None = None
        self.start_view = view
        # Claim types picked with `t`: the claims view shows only these, the reader dims
        # other sentences. Empty: no filter.
        self.type_filter: set[str] = set()
        # The article list, first on the stack and under every other screen: the neighbours
        # of a reader opened from elsewhere (]/[ move in it). Set once the app runs.
        self.list_screen: ArticlesScreen | None = None
        self.init_session()  # read state, saved views, keys.toml (tui/session.py)

    def on_mount(self) -> None:
        from tui.screens.articles import ArticlesScreen

        self.keep_theme()
        self.list_screen = ArticlesScreen(view=self.start_view, first_page=self.first_page)
        self.push_screen(self.list_screen)
        self.report_session_problems()
        self.start_live()  # the change watch and R (tui/live.py)
        if self.start_article is not None:
            from tui.screens.reader import ReaderScreen

            self.push_screen(ReaderScreen(self.start_article, neighbours=self.list_screen))

    def _handle_exception(self, error: Exception) -> None:
        """An error the code did not foresee: on exit, one line naming the database and a
        log holding the traceback (as the commands do), not Textual's traceback on screen.
        `BRIEFING_DEBUG=1` keeps Textual's. (textual is pinned: this is its error hook.)"""
        import os

        if os.environ.get("BRIEFING_DEBUG"):
            super()._handle_exception(error)
            return
        from rich.text import Text

        from tui.crashlog import write_log
        from tui.display import shown

        log = write_log(error)
        where = f"; the details are in {log} (please attach it to a report)" if log else ""
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it for the tests
            self._exception = error
            self._exception_event.set()
        # Through the display guard: an error's text may quote an article's.
        self.panic(Text(shown(f"error: {self.store.path}: unexpected {type(error).__name__}: "
                              f"{error}{where}")))

    def select_actor(self, actor_id: int, name: str | None) -> None:
        """The selected actor: the one `n`/`N` follow, shown in the status line."""
        self.selected_actor_id = actor_id
        self.selected_actor_name = name
        self.actor_position = ""

    def action_query(self) -> None:
        from tui.screens.articles import ArticlesScreen

        if self.screen.is_modal:
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ArticlesScreen):
                while self.screen is not screen and len(self.screen_stack) > 1:
                    self.pop_screen()
                screen.action_query()
                return

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, place_of

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(place_of(self.screen)))

    # The actors index, the claims view and the claim type picker.
    # None of them opens over a modal (the help, the picker itself) or over itself.

    def action_actors(self) -> None:
        from tui.screens.actors import ActorsScreen

        if not self.screen.is_modal and not isinstance(self.screen, ActorsScreen):
            self.push_screen(ActorsScreen())

    def action_claims(self) -> None:
        from tui.screens.claims import ClaimsScreen

        if not self.screen.is_modal and not isinstance(self.screen, ClaimsScreen):
            self.push_screen(ClaimsScreen())

    def action_feeds(self) -> None:
        from tui.screens.feeds import FeedsScreen

        if not self.screen.is_modal and not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen())

    def action_types(self) -> None:
        from tui.screens.types import TypeFilterChanged, TypePickerScreen

        if self.screen.is_modal:
            return
        under = self.screen

        def applied(types: frozenset[str] | None) -> None:
            if types is not None:  # None: cancelled
                self.type_filter = set(types)
                under.post_message(TypeFilterChanged(frozenset(types)))

        self.push_screen(TypePickerScreen(self.type_filter), applied)
