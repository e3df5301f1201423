"""The article list: read mark, title, source, date and number of actors; paged, never all in
memory. The title takes whatever width the other columns leave, so they stay on screen."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist, RowKey

from db.models import ArticleRow
from tui.display import shown, shown_date, shown_text
from tui.widgets.list_keys import TableEnds, end_bindings

READ_MARK = "✓"  # a read article is dimmed *and* marked: colour is not the only signal
READ_STYLE = Style(dim=True)


class ArticleList(TableEnds):
    """Rows are keyed by article id; more rows are asked for when the cursor nears the end."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("enter", "open", "Open", show=False, id="list.open",
                tooltip="Open the article under the cursor"),
        *end_bindings("list"),
    ]

    @dataclass
    class Opened(Message):
        article_id: int

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, is_read: Callable[[int], bool] = lambda _id: False,
                 **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.total = 0
        self._asked = -1
        self.is_read = is_read
        self._rows: dict[int, ArticleRow] = {}
        self._adding = False
        self._narrow = False  # under 70 columns: dates without their century

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="read", width=1)
        self.add_column("Title", key="title", width=30)
        self.add_column("Source", key="source", width=16)
        self.add_column("Date", key="date", width=10)
        self.add_column(Text("Act", justify="right"), key="actors", width=3)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_title(event.size.width)

    def _fit_title(self, width: int) -> None:
        """Give the title every cell the fixed columns and the scrollbar do not use."""
        if not width:
            return
        # The source and the date give up room before the title does (at 60 columns the
        # source keeps 8 and the date drops its century: 24-03-01).
        source = 16 if width >= 90 else 12 if width >= 70 else 8
        narrow = width < 70
        date = 8 if narrow else 10
        padding = 2 * self.cell_padding * 5
        fixed = 1 + source + date + 3 + padding + self.styles.scrollbar_size_vertical
        columns = self.columns
        columns[ColumnKey("source")].width = source
        columns[ColumnKey("date")].width = date
        if narrow != self._narrow:
            self._narrow = narrow
            for article_id in self._rows:
                self.refresh_read(article_id)
        columns[ColumnKey("title")].width = max(12, width - fixed)
        # DataTable has no public way to resize a column: drop its render caches and ask it to
        # measure again (textual is pinned, see pyproject.toml).
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

    def _cells(self, row: ArticleRow) -> tuple[Text, ...]:
        read = self.is_read(row.id)
        style = READ_STYLE if read else Style()
        return (
            Text(READ_MARK if read else " ", style=style),
            Text(shown(row.title), style=style, no_wrap=True, overflow="ellipsis"),
            Text(shown(row.source or ""), style=style, no_wrap=True, overflow="ellipsis"),
            shown_text(shown_date(row.published)[2 if self._narrow else 0:], style=style),
            Text(str(row.n_actors), justify="right", style=style),
        )

    def add_articles(self, rows: list[ArticleRow], total: int) -> None:
        self.total = total
        # Each row added moves the cursor's watch; asked then, the first page would ask for
        # a second one at each of its first 20 rows. Asked once, when all are in.
        self._adding = True
        try:
            for row in rows:
                if row.id in self._rows:
                    continue
                self._rows[row.id] = row
                self.add_row(*self._cells(row), key=str(row.id))
        finally:
            self._adding = False
        self._ask_if_near_end()
        self.rows_arrived()

    def take_rows(self, rows: list[ArticleRow], total: int) -> int:
        """The first rows read again (a writer committed): they replace the loaded ones, and
        the article under the cursor stays under it, on the same line of the screen (new
        articles above it push the rest down instead of moving the cursor). Returns how many
        of the rows were not loaded before: the new ones.

        Only what changed is touched: new rows are added, rows gone are removed, changed rows
        drawn again, then the rows are put in the store's order. (Clearing and adding every
        row again took 290 ms for 1,000 rows, on the event loop.)"""
        current = self.current_id
        line = self.cursor_row - round(self.scroll_y)  # the cursor's line on screen
        wanted = {row.id: row for row in rows}
        new = 0
        self._adding = True
        try:
            for gone in [i for i in self._rows if i not in wanted]:
                del self._rows[gone]
                self.remove_row(str(gone))
            for row in rows:
                old = self._rows.get(row.id)
                self._rows[row.id] = row
                if old is None:
                    new += 1
                    self.add_row(*self._cells(row), key=str(row.id))
                elif old != row:  # an updated entry: its title, source or date
                    self.refresh_read(row.id)
            self.total = total
            self._asked = -1
            self._order([str(row.id) for row in rows])
        finally:
            self._adding = False
        if current is not None and current in self._rows:
            index = self.get_row_index(str(current))
            self.move_cursor(row=index, animate=False, scroll=False)
            self.call_after_refresh(self.scroll_to, y=max(0, index - line), animate=False)
        self._ask_if_near_end()
        return new

    def _order(self, keys: list[str]) -> None:
        """Rows in this order. DataTable.sort does this from a key of the cells, which do not
        hold the article's place; these three lines are its own (textual is pinned)."""
        self._row_locations = TwoWayDict({RowKey(k): i for i, k in enumerate(keys)})
        self._update_count += 1
        self.refresh()

    def refresh_all_read(self) -> None:
        """Every loaded row's read mark again (after a feed or a view was marked read)."""
        for article_id in self._rows:
            self.refresh_read(article_id)

    def refresh_read(self, article_id: int) -> None:
        """Show the read state of one row again (after `u`, or after the reader opened it)."""
        row = self._rows.get(article_id)
        if row is None:
            return
        for key, cell in zip(("read", "title", "source", "date", "actors"), self._cells(row),
                             strict=True):
            self.update_cell(str(article_id), key, cell)

    def more_rows(self) -> bool:
        return self.row_count < self.total

    def clear_articles(self) -> None:
        self.clear()
        self._rows.clear()
        self._asked = -1

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def position(self, article_id: int) -> str | None:
        """"article 12 of 3,406" (its place in the list), or None if it is not loaded."""
        try:
            index = self.get_row_index(str(article_id))
        except RowDoesNotExist:
            return None
        return f"article {index + 1:,} of {self.total:,}"

    def neighbour(self, article_id: int, step: int) -> int | None:
        """The article `step` rows away among the loaded rows, or None."""
        try:
            index = self.get_row_index(str(article_id)) + step
        except RowDoesNotExist:
            return None
        if 0 <= index < self.row_count:
            key = self.coordinate_to_cell_key((index, 0)).row_key.value  # type: ignore[arg-type]
            return int(key) if key is not None else None
        return None

    def select_id(self, article_id: int) -> None:
        # A row not loaded (yet): stay where we are.
        with suppress(RowDoesNotExist):
            self.move_cursor(row=self.get_row_index(str(article_id)))

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        self._ask_if_near_end()

    def _ask_if_near_end(self) -> None:
        near_end = self.cursor_row >= self.row_count - 20
        if self._adding:
            return
        if near_end and self.row_count < self.total and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.row_count))

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()
