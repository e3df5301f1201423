"""What the reader asks of the screen that opened it: the article before or after one, where
an article stands in the list ("article 12 of 3,406"), and to follow the article the reader
moved to (its cursor and read mark, for back).

The article list (`ArticlesScreen`) answers from what it shows: the search results, else
the list as far as loaded. A reader opened with no neighbours asks the store instead.
"""

from __future__ import annotations

from typing import Protocol


class Neighbours(Protocol):
    def neighbour(self, article_id: int, step: int) -> int | None:
        """The next (step 1) or previous (-1) article; None: not known here, ask the store."""
        ...

    def position(self, article_id: int) -> str | None:
        """"article 12 of 3,406", or None: not known here, ask the store."""
        ...

    def follow(self, article_id: int) -> None:
        """The reader shows this article now (or changed its read mark)."""
        ...
