"""What the browser keeps for one user, outside the shared database: read articles, saved
views, remapped keys; and the small app-wide services screens share (status label of the
selected actor, copying through OSC 52). A mixin, so that `tui/app.py` stays thin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from db.models import Article
from db.text import one_line
from tui.keys import load_keymap
from tui.readstate import ReadState
from tui.saved_views import SavedViews

if TYPE_CHECKING:
    from textual.app import App

    from db.store import Store

    _Base = App[int]
else:
    _Base = object


class UserSession(_Base):
    store: Store
    selected_actor_name: str | None
    start_view: str | None

    def init_session(self) -> None:
        self.read_state = ReadState(Path(self.store.path))
        self.saved_views = SavedViews()
        self.actor_position = ""  # "mention 4 of 37", set by the reader
        self.keymap_problem: str | None = None
        keymap, self.keymap_problem = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        actor_id = getattr(self, "selected_actor_id", None)
        if actor_id is not None and not self.selected_actor_name:  # --actor on the command line
            actor = self.store.actor(actor_id)
            self.selected_actor_name = actor.name if actor else None

    def report_session_problems(self) -> None:
        """Broken per-user files are said once, at start, and otherwise ignored."""
        for problem in (self.keymap_problem, self.saved_views.problem, self.read_state.problem):
            if problem:
                self.notify(one_line(problem), severity="warning", timeout=8)

    def actor_label(self) -> str | None:
        """'NATO · mention 4 of 37' for the status line, or None."""
        name = self.selected_actor_name
        if not name:
            return None
        return f"{name} · {self.actor_position}" if self.actor_position else name

    def copy_text(self, text: str, what: str) -> None:
        # OSC 52: the terminal, not this process, owns the clipboard, so it works over SSH.
        self.copy_to_clipboard(text)
        self.notify(f"copied the {what}", timeout=2)

    def copy_url(self, article: Article) -> None:
        if article.url:
            self.copy_text(article.url, "URL")
        else:
            self.notify("this article has no URL", severity="warning", timeout=2)

    def open_view(self, name: str) -> None:
        """Show a saved view on the articles screen (from the palette, or --view)."""
        from tui.screens.articles import ArticlesScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, ArticlesScreen):
                while self.screen is not screen and len(self.screen_stack) > 1:
                    self.pop_screen()
                screen.open_view(name)
                return
