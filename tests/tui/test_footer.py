"""The status line says where one is ("article 12 of 3,406", not a database id), counts in
words ("1 article"), and an empty database says how to add articles. The reader's title is
shown whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from db import ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundClaim
from db.schema import open_write
from db.store import Store
from tests.tui.conftest import settle, type_query
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio


def status(app: BriefingApp) -> str:
    return str(app.screen.query_one("#status").render())


def small_db(path: Path, titles: list[str]) -> Path:
    db = open_write(path)
    with db.conn:
        for i, title in enumerate(titles):
            prepared = ingest.prepare(db, ArticleInput(title, "A body.", f"a{i}",
                                                       external_id=f"a{i}"))
            assert prepared is not None
            ingest.write_extracted(db, prepared, Extraction((), (), (FoundClaim(0, 7),)), "t")
    db.conn.close()
    return path


async def test_positions_in_the_list_and_the_reader(rules_db: Path) -> None:
    store = Store(rules_db)
    total = store.article_count()
    app = BriefingApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert status(app).startswith(f"article 1 of {total:,}")
        await pilot.press("j")
        assert status(app).startswith(f"article 2 of {total:,}")
        await pilot.press("enter")
        await settle(pilot)
        assert status(app).startswith(f"article 2 of {total:,}")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert status(app).startswith(f"article 3 of {total:,}")
        await pilot.press("escape")
        await type_query(pilot, "Mosul")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert status(app).startswith("article 1 of ") and " found" in status(app)


async def test_a_reader_opened_directly_counts_from_the_store(rules_db: Path) -> None:
    store = Store(rules_db)
    last = store.articles(store.article_count() - 1, 1)[0]
    app = BriefingApp(store, article_id=last.id)  # beyond the list's first page? counted
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        n = store.article_count()
        assert status(app).startswith(f"article {n:,} of {n:,}")


async def test_one_article_and_none(tmp_path: Path) -> None:
    app = BriefingApp(Store(small_db(tmp_path / "one.db", ["Only one"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert status(app).startswith("1 article")
        assert not app.screen.query_one("#empty-hint").display
    app = BriefingApp(Store(small_db(tmp_path / "none.db", [])))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#empty-hint", Static)
        assert hint.display and "briefing ingest PATH_OR_URL" in str(hint.render())
        assert status(app).startswith("no articles yet")


async def test_the_readers_title_is_shown_whole(tmp_path: Path) -> None:
    title = ("A very long title about the talks between the ministers of several countries "
             "on the supply of air defence systems and what each of them said at the end")
    store = Store(small_db(tmp_path / "long-title.db", [title]))
    app = BriefingApp(store, article_id=store.articles(0, 1)[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = [r.text.strip() for r in app.screen._compositor.render_strips()]
        words = " ".join(" ".join(rows[:3]).split())
        assert title in words


@pytest.mark.parametrize("width", [60, 200])
async def test_columns_share_the_width(rules_db: Path, width: int) -> None:
    """At 60 columns the source and the date shrink before the title; at 200 the title, and
    in the claims view the speaker and the article, get the room."""
    from textual.widgets.data_table import ColumnKey

    from tui.widgets.article_list import ArticleList
    from tui.widgets.claim_table import ClaimTable

    app = BriefingApp(Store(rules_db))
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        columns = app.screen.query_one(ArticleList).columns
        title, source = columns[ColumnKey("title")].width, columns[ColumnKey("source")].width
        date = columns[ColumnKey("date")].width
        if width == 60:
            assert source < 12 and date == 8 and title >= 20
            import dataclasses

            table = app.screen.query_one(ArticleList)
            row = dataclasses.replace(table._rows[table.current_id], published="2024-03-01")
            assert str(table._cells(row)[3]) == "24-03-01"  # the date without its century
        else:  # beside the saved views panel (it shows from 120 columns)
            table = app.screen.query_one(ArticleList).size.width
            assert title > 120 and title > 0.7 * table
        await pilot.press("c")
        await settle(pilot)
        claims = app.screen.query_one(ClaimTable).columns
        speaker = claims[ColumnKey("speaker")].width
        article = claims[ColumnKey("article")].width
        sentence = claims[ColumnKey("sentence")].width
        if width == 200:
            assert speaker >= 25 and article >= 30 and sentence > speaker + article


async def test_reader_lines_keep_a_readable_measure(rules_db: Path) -> None:
    from tui.widgets.reader import GUTTER, MEASURE, ArticleView

    store = Store(rules_db)
    rows = store.articles(0, 50)
    sizes = {r.id: len(a.body) for r in rows if (a := store.article(r.id)) is not None}
    app = BriefingApp(store, article_id=max(sizes, key=sizes.__getitem__))
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.text_width == MEASURE
        lines = [line.rstrip() for line in view.visible_text()]
        assert max(len(line) for line in lines) <= GUTTER + MEASURE
        assert max(len(line) for line in lines) > GUTTER + MEASURE - 20  # and it is used
