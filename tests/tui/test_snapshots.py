"""SVG snapshots of the main views at 80x24 and 120x40 (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import steady
from tui.app import BriefingApp

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await steady(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_articles(rules_db: Path, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(Store(rules_db)), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_search_results(rules_db: Path, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"actor:NATO", "enter")
        await _settle(pilot)

    assert snap_compare(BriefingApp(Store(rules_db)), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES)
def test_reader(rules_db: Path, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def read(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("j", "j", "tab")
        await _settle(pilot)

    assert snap_compare(BriefingApp(Store(rules_db)), terminal_size=size, run_before=read)


@pytest.mark.parametrize("size", SIZES)
def test_help(rules_db: Path, snap_compare, size, monkeypatch,  # type: ignore[no-untyped-def]
              tmp_path) -> None:
    # The help names the keys.toml path: the same in every run (the directory need not exist).
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/analyst/.config")
    async def help_(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(BriefingApp(Store(rules_db)), terminal_size=size, run_before=help_)


def test_reader_at_a_claim(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Opened from the claims view at a sentence far down: the cursor there, highlighted."""
    from tests.tui.long_db import build_long_db

    path = build_long_db(tmp_path / "long.db")

    async def read(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"actor:NATO", "escape", "c")
        await _settle(pilot)
        await pilot.press("j", "enter")
        await _settle(pilot)

    assert snap_compare(BriefingApp(Store(path)), terminal_size=(80, 24), run_before=read)


def test_empty_database(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    from db.schema import open_write

    open_write(tmp_path / "empty.db").conn.close()
    assert snap_compare(BriefingApp(Store(tmp_path / "empty.db")), terminal_size=(80, 24),
                        run_before=_settle)
