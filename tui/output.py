"""Human-readable and JSON output of the CLI. Untrusted text is never markup.

Tables are Rich tables of `Text` cells on a console with markup, emoji and highlighting off;
every string passes `for_display` first, so no control or escape sequence reaches the terminal.
Rich is imported when a table is printed: `--json` and the one-line messages do without it,
and it is a third of a read command's start (`make bench`, read commands' start-up).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from db.text import for_display, one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def console() -> Console:
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False, soft_wrap=False)


def plain(value: object, limit: int | None = None) -> Text:
    from rich.text import Text

    return Text(one_line("" if value is None else str(value), limit))


def table(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    from rich.table import Table

    out = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for col in columns:
        out.add_column(col, overflow="fold")
    for row in rows:
        out.add_row(*(plain(v) for v in row))
    console().print(out)


def json_line(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def error(message: str) -> None:
    """One line on stderr, terminal control made visible, whatever the message holds."""
    _write(sys.stderr, for_display(" ".join(message.split())))


def out(message: str) -> None:
    """One human-readable line on stdout (a summary), as safe as `error`."""
    _write(sys.stdout, for_display(" ".join(message.split())))


def _write(stream: Any, line: str) -> None:
    # After SIGHUP (a dropped SSH session) the terminal is gone and writes fail with EIO: the
    # ingest must still finish its batch and exit cleanly, so a lost message is let go.
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
