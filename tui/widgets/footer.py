"""The footer of every screen: Textual's Footer, redrawn only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned exactly


class KeysFooter(Footer):
    """Textual's Footer recomposes on every change of the screen's bindings (each focus
    move, each `refresh_bindings`), remounting every key and restyling each twice (its
    `compact` set, then bound to the footer's): most of a screen's start and of a key press
    when nothing it shows has changed. This one recomposes when what it shows differs: the
    same keys, labels, states and tooltips give the same footer, so it is left as it is."""

    _shown: tuple[Any, ...] | None = None

    def _keys_shown(self) -> tuple[Any, ...]:
        """All that `Footer.compose` reads from the screen's bindings, in its order."""
        app = self.app
        keys = tuple(
            (key, binding.key, app.get_key_display(binding), binding.description,
             binding.action, binding.group, binding.tooltip, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING)
        return keys, self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born with the class it ends with: a key starts compact, is made so again
                # by its watcher on mount, then bound to the footer's (not compact; the
                # palette's key alone is not bound), and each change of class restyled it
                # and both its parts. Now it is styled once.
                if not widget.has_class("-command-palette"):
                    widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(widget.compact, "-compact")
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if (self._shown is not None and self.is_attached and screen is self.screen
                and self._keys_shown() == self._shown):
            return  # the footer on screen already shows these keys
        super().bindings_changed(screen)
