"""Completion in the query bar (Textual's Suggester): filter names as one types them
(`spe` → `speaker:`), and actor names after `actor:`, `speaker:`, `official:` and
`country:` (`speaker:Whi` → `speaker:"White House"`), looked up in the store in a thread
so that typing never waits on SQLite."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.suggester import Suggester

from db.query import FILTERS
from tui.display import shown

if TYPE_CHECKING:
    from db.store import Store

NAMED = {"actor", "speaker", "official", "country"}


class QuerySuggester(Suggester):
    def __init__(self, store: Store) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.store = store

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value[-1].isspace():
            return None
        head, _, word = value.rpartition(" ")
        prefix = f"{head} " if head else ""
        key, colon, rest = word.partition(":")
        sign = "-" if key.startswith("-") else ""
        key = key.removeprefix("-")
        if not colon:
            for filter_name in FILTERS:
                if filter_name.startswith(key.lower()) and filter_name != key.lower():
                    return f"{prefix}{sign}{filter_name}:"
            return None
        if key.lower() not in NAMED or not rest.strip('"'):
            return None
        typed = rest.lstrip('"')
        name: str | None = await asyncio.to_thread(self._actor_name, typed)
        if name is None:
            return None
        shown = f'"{name}"' if " " in name or rest.startswith('"') else name
        return f"{prefix}{sign}{key}:{shown}"

    def _actor_name(self, typed: str) -> str | None:
        """The most mentioned actor whose name starts with what was typed. A name that the
        display guard would change (escapes, controls) is never offered: the suggestion is
        drawn in the bar as it is."""
        for stats in self.store.actors(text=typed, limit=20):
            name = stats.actor.name
            if name.lower().startswith(typed.lower()) and len(name) > len(typed) and \
                    shown(name) == name:
                return name
        return None
