"""Every key, on one screen: gathered from the bindings (with an id) of the app, its screens
and widgets, shown with the user's remapped keys (keys.toml), then the query language."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from functools import cache

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Static

from db.query import FILTERS
from tui.commands import key_label
from tui.keys import keys_path
from tui.screens.base import BriefingModal

# What each filter takes; the filters themselves are the query parser's (db.query.FILTERS).
_FILTER_ARGS = {"country": "ISO3|NAME", "type": "T", "since": "DATE", "until": "DATE"}
QUERY_HELP = (
    'words "phrases" -word · '
    + " · ".join(f"{f}:{_FILTER_ARGS.get(f, 'NAME')}" for f in FILTERS)
    + " (DATE: 2024-03-01, 2024-03, 30d, 12w, 6m, 1y). Any claim filter lists claims, "
    "grouped by article; otherwise articles."
)

# Where bindings live, in the order the help lists them. Modules that another part of the
# program has not written yet are skipped.
PLACES = (
    ("anywhere", "tui.app"),
    ("articles", "tui.screens.articles"), ("articles", "tui.widgets.article_list"),
    ("articles", "tui.widgets.results"), ("articles", "tui.widgets.query_bar"),
    ("articles", "tui.widgets.views_panel"),
    ("reader", "tui.screens.reader"), ("reader", "tui.widgets.reader"),
    ("reader", "tui.widgets.actor_panel"),
    ("actors", "tui.screens.actors"), ("actors", "tui.widgets.actor_table"),
    ("actor", "tui.screens.actor"),
    ("actor", "tui.widgets.concordance"), ("actor", "tui.widgets.actor_articles"),
    ("claims", "tui.screens.claims"), ("claims", "tui.widgets.claim_table"),
    ("feeds", "tui.screens.feeds"), ("feeds", "tui.widgets.feed_table"),
    ("types", "tui.screens.types"),
    ("dialogs", "tui.screens.save_view"), ("dialogs", "tui.screens.help"),
    ("correct", "tui.screens.correct"),
)


def place_of(screen: object) -> str | None:
    """The help's name for a screen ("reader"), from the module it is defined in."""
    module = type(screen).__module__
    return next((where for where, name in PLACES if name == module), None)


def all_bindings(keymap: Mapping[str, str] | None = None,
                 first: str | None = None) -> list[tuple[str, str, str, str]]:
    """(where, keys, description, id) for every binding with an id, in a stable order: the
    place `first` (the screen the user is on), then "anywhere", then the others; a binding
    that several widgets share (j/k) is listed once per place."""
    keymap = keymap or {}
    out: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for place, module_name in PLACES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for _name, owner in inspect.getmembers(module, inspect.isclass):
            if owner.__module__ != module_name or not issubclass(owner, DOMNode):
                continue
            for b in owner.__dict__.get("BINDINGS", []):
                if not isinstance(b, Binding) or not b.id:
                    continue
                keys = key_label(keymap.get(b.id, b.key))
                # An id whose prefix is a place is listed there: the correction keys that
                # three screens share (correct.merge) once, with their dialogs'.
                where = _place_of_id(b.id, place)
                description = b.tooltip or b.description
                if (where, keys, description) in seen:
                    continue
                seen.add((where, keys, description))
                out.append((where, keys, description, b.id))
    out.append(("anywhere", "ctrl+p", "Command palette (every action, views, themes)", ""))
    out = _pairs_merged(out)
    order = [first, "anywhere"]
    places = list(dict.fromkeys(where for where, _ in PLACES))
    return sorted(out, key=lambda row: (order.index(row[0]) if row[0] in order else 2,
                                        places.index(row[0]) if row[0] in places else 0))


TITLES = {"correct": "correct an actor (actors list, actor's page, reader)"}


def _place_of_id(binding_id: str, place: str) -> str:
    prefix = binding_id.partition(".")[0]
    return prefix if any(prefix == where for where, _ in PLACES) else place


# Bindings that go as a pair (down/up, first/last) share a row, so that all fits one screen.
PAIRS = (("down", "up"), ("first", "last"), ("page-down", "page-up"), ("yes", "no"),
         ("here", "everywhere"), ("new", "into"), ("next-kind", "previous-kind"))


def _pairs_merged(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    by_id = {(where, binding_id): (keys, description)
             for where, keys, description, binding_id in rows}
    out, skip = [], set()
    for where, keys, description, binding_id in rows:
        if (where, binding_id) in skip:
            continue
        stem, _, leaf = binding_id.rpartition(".")
        pair = next((b for a, b in PAIRS if a == leaf), None)
        other = by_id.get((where, f"{stem}.{pair}")) if pair else None
        if other is not None:
            skip.add((where, f"{stem}.{pair}"))
            out.append((where, f"{keys} / {other[0]}", f"{description} / {other[1]}",
                        f"{binding_id} / .{pair}"))
        else:
            out.append((where, keys, description, binding_id))
    return out


def _lines(rows: list[tuple[str, str, str, str]]) -> int:
    """The lines that rows take as tables: one each, and a title for each place."""
    titles = sum(1 for i, row in enumerate(rows) if i == 0 or row[0] != rows[i - 1][0])
    return len(rows) + titles


def balanced_split(candidates: range, left: Callable[[int], int],
                   right: Callable[[int], int]) -> int:
    """`min(candidates, key=lambda k: max(left(k), right(k)))`, the first best split, found
    by bisection: `left` (the lines of the rows before k) never falls as k grows and `right`
    (the lines after) never rises, since a row more in a table never takes a line away. Each
    height is a render of the tables, so this draws about a third of what trying every k did
    (a wide help opened in 80 ms, most of it these renders)."""
    left, right = cache(left), cache(right)  # each height is drawn once

    def first(lo: int, hi: int, holds: Callable[[int], bool]) -> int:
        """The first k in [lo, hi) where `holds` (false, then true, as k grows), else hi."""
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if holds(mid) else (mid + 1, hi)
        return lo

    a, b = candidates.start, candidates.stop
    cross = first(a, b, lambda k: left(k) >= right(k))  # where the left side leads
    # Before the crossing the right side is the longer and falls; from it on the left is and
    # rises: the best is on either side of it, the earlier one when they tie.
    if cross < b and (cross == a or left(cross) < right(cross - 1)):
        return cross
    best = right(cross - 1)
    return first(a, cross, lambda k: right(k) <= best)


class HelpScreen(BriefingModal[None]):
    """`?`: the keys of the screen it was opened over first (`current`), then the rest."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                tooltip="Close this help"),
        Binding("j", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="help.up"),
    ]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "_keymap", {})
        rows = self.rows = all_bindings(keymap, self.current)
        with VerticalScroll(id="help-body"):
            head = Text("Keys", style="bold")
            head.append(f"  remap by id in {keys_path()}", style="")
            yield Static(head, id="help-head")
            if self.app.size.width >= 150:  # wide: two columns, so that it all fits at once
                grid = Table.grid(expand=True, padding=(0, 2))
                grid.add_column(ratio=1)
                grid.add_column(ratio=1)
                # Split where the lines are halved, within a place's table if need be (it
                # goes on, titled again, at the top of the right column): the columns end
                # level. The query language closes the right column.
                guess = min(range(1, len(rows)),
                            key=lambda k: max(_lines(rows[:k]), _lines(rows[k:]) + 6))
                # Then as drawn, near that guess: a long description wraps in a column.
                column = (min(self.app.size.width * 9 // 10, 200) - 6) // 2  # app.tcss
                half = balanced_split(range(max(1, guess - 8), min(len(rows), guess + 9)),
                                      lambda k: self._height(rows[:k], column),
                                      lambda k: self._height(rows[k:], column) + 6)
                grid.add_row(Group(*self._tables(rows[:half])),
                             Group(*self._tables(rows[half:]), Text(""), *self._query_help()))
                yield Static(grid, id="help-keys")
            else:
                yield Static(Group(*self._tables(rows), Text(""), *self._query_help()),
                             id="help-keys")

    def _height(self, rows: list[tuple[str, str, str, str]], width: int) -> int:
        console = self.app.console
        options = console.options.update_width(width)
        return len(console.render_lines(Group(*self._tables(rows)), options, pad=False))

    @staticmethod
    def _query_help() -> list[Text]:
        return [Text("Query language", style="bold underline"), Text(QUERY_HELP)]

    def _tables(self, rows: list[tuple[str, str, str, str]]) -> list[Table]:
        tables: list[Table] = []
        current = None
        wide = self.app.size.width >= 110  # room for the ids that keys.toml remaps
        for where, keys, description, binding_id in rows:
            if where != current:
                current = where
                title = TITLES.get(where, where)
                table = Table(box=None, show_header=False, pad_edge=False, expand=True,
                              title=Text(title, style="bold underline"), title_justify="left")
                table.add_column(style="bold", width=14, no_wrap=True)
                table.add_column(ratio=1)
                if wide:
                    table.add_column(style="dim", no_wrap=True)
                tables.append(table)
            cells = [Text(keys), Text(description)] + ([Text(binding_id)] if wide else [])
            tables[-1].add_row(*cells)
        return tables
