"""What the browser keeps for one user, outside the shared database: read articles, saved
views, remapped keys, the theme picked in the palette; and the small app-wide services
screens share (status label of the selected actor, copying through OSC 52). A mixin, so
that `tui/app.py` stays thin."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from db.models import Article
from tui.display import shown
from tui.keys import load_keymap
from tui.paths import config_dir
from tui.readstate import ReadState
from tui.saved_views import SavedViews

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

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

    def keep_theme(self) -> None:
        """The theme last picked in the palette, again; and each one picked from now on,
        remembered (one line in the config folder). Called once the app runs."""
        path = config_dir() / "theme"
        self.theme_problem: str | None = None
        with suppress(OSError, UnicodeDecodeError):
            name = path.read_text(encoding="utf-8").strip()
            if name in self.available_themes:
                self.theme = name
            elif name:
                self.theme_problem = f"{path}: no theme named '{name}'; using the default"
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        path = config_dir() / "theme"
        with suppress(OSError):  # a config folder we cannot write: the choice lasts this run
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name("theme.part")
            part.write_text(theme.name + "\n", encoding="utf-8")
            part.replace(path)

    def report_session_problems(self) -> None:
        """Broken per-user files are said once, at start, and otherwise ignored."""
        problems = (self.keymap_problem, self.saved_views.problem, self.read_state.problem,
                    getattr(self, "theme_problem", None))
        for problem in problems:
            if problem:
                self.notify(shown(problem), severity="warning", timeout=8, markup=False)

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

    def open_article_url(self, article: Article) -> None:
        """`o`: the browser, else say so and copy the URL (the terminal can open the link)."""
        from tui.opener import open_url, openable

        if not article.url:
            self.notify("this article has no URL", severity="warning", timeout=2)
        elif not openable(article.url):
            self.notify("not an http(s) URL: not opened", severity="warning", timeout=3)
        elif open_url(article.url):
            self.notify("opened in the browser", timeout=2)
        else:
            self.copy_to_clipboard(article.url)
            self.notify("no browser to open it here ($BROWSER is not set): the URL is copied",
                        timeout=4)

    def open_view(self, name: str) -> None:
        """Show a saved view on the articles screen (from the palette, or --view)."""
        from tui.screens.articles import ArticlesScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, ArticlesScreen):
                while self.screen is not screen and len(self.screen_stack) > 1:
                    self.pop_screen()
                screen.open_view(name)
                return
