"""The command palette (`ctrl+p`): every action of the current screen, by its binding, and
every saved view. Textual's own provider adds themes, screenshots and quit.

Titles and help go in as plain `Content` / escaped markup: view names are typed by users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from tui.display import shown

# Moving a cursor by one row is not something one looks for in a palette.
_SKIP = (".down", ".up", ".page-down", ".page-up")


def key_label(keys: str) -> str:
    names = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?",
             "slash": "/", "down": "↓", "up": "↑", "right": "→", "left": "←", "escape": "esc",
             "enter": "⏎"}
    return " ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


class BriefingCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) for what the palette offers on this screen."""
        seen: set[str] = set()
        app = self.app
        for node, bindings in self.screen._modal_binding_chain:
            for _key, binding in bindings:
                if not binding.id or binding.id in seen or binding.id.endswith(_SKIP):
                    continue
                seen.add(binding.id)
                keys = app._keymap.get(binding.id, binding.key)
                yield (binding.tooltip or binding.description or binding.action,
                       f"{key_label(keys)} · {binding.id}",
                       partial(app.run_action, binding.action, node))
        views = getattr(app, "saved_views", None)
        if views is not None:
            for name in views.names():
                yield (f"View: {shown(name)}", shown(views.views[name], 60),
                       partial(app.open_view, name))  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title,
                          help=escape(help_text))


def _highlight(matcher: Matcher, title: str) -> Content:
    """Like `Matcher.highlight`, without reading the title as markup (view names are text)."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content
