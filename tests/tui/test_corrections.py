"""Corrections from the keyboard (issue 17): every key through the real `briefing correct`
process to the store's answer after it, and what the browser shows then.

Each correction runs two real processes (the dry run, then the correction), so these are
marked slow: the fast tier stays under its 30 s. The tests that start no process (keys in
`?`, the palette, a remapped key) are not.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from db.lock import write_lock
from db.store import Store
from tests.cli import AS_NOBODY, can_run_as_nobody
from tests.tui.conftest import settle
from tests.tui.test_keys import binding_ids
from tests.tui.views_db import build_views_db
from tui.app import BriefingApp
from tui.commands import BriefingCommands
from tui.corrections import Corrector, Outcome, Request
from tui.screens.actor import ActorScreen
from tui.screens.actors import ActorsScreen
from tui.screens.correct import (
    ActorPickerScreen,
    ConfirmScreen,
    EditActorScreen,
    NameScreen,
    ScopeScreen,
    SplitIntoScreen,
)
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.actor_panel import ActorPanel
from tui.widgets.actor_table import ActorTable
from tui.widgets.claim_table import ClaimTable
from tui.widgets.status import StatusLine

pytestmark = pytest.mark.anyio
slow = pytest.mark.slow

NATO, FRANCE, MACRON, KYIV = 1, 2, 3, 4  # ids in the hand-made database (views_db.py)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_views_db(tmp_path_factory.mktemp("corrections") / "briefing.db")


@pytest.fixture
def views(built: Path, tmp_path: Path) -> Path:
    """A private copy: corrections write."""
    return Path(shutil.copy(built, tmp_path / "briefing.db"))


def export(db: Path) -> list[dict]:
    return list(Store(db).export())


def mentions(db: Path) -> dict[str, int]:
    return {s.actor.name: s.mentions for s in Store(db).actors()}


async def until(pilot: object, condition: Callable[[], object], timeout: float = 60,
                settled: bool = True) -> None:
    """Wait for a condition (a correction runs real processes: no fixed sleep fits); then,
    unless a worker is meant to be still waiting, for the workers to finish."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "timed out"
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        waited += 0.05
    if settled:
        await settle(pilot)


def status(app: BriefingApp) -> str:
    return app.screen.query_one(StatusLine).text


async def confirm(pilot: object, app: BriefingApp, question: str) -> None:
    """The one-key confirmation shows the command's dry-run line; `y` makes it."""
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    assert app.screen.question == question  # type: ignore[attr-defined]
    await pilot.press("y")  # type: ignore[attr-defined]
    await until(pilot, lambda: status(app).startswith(("done", "undone", "saved", "error")))


async def open_index(pilot: object, app: BriefingApp, row: int) -> None:
    """`a`, then `tab` to the list (DECISIONS.md: the filter has the focus), on row `row`."""
    await settle(pilot)
    await pilot.press("a")  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("tab", *["down"] * row)  # type: ignore[attr-defined]
    assert isinstance(app.focused, ActorTable)


async def open_page(pilot: object, app: BriefingApp, name: str) -> None:
    await settle(pilot)
    await pilot.press("a", *name, "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ActorScreen) and app.screen.stats)


@slow
async def test_m_merges_through_the_picker_and_the_index_follows(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_index(pilot, app, 1)
        assert app.screen.current_actor.actor.name == "Kyiv"  # type: ignore[attr-defined]
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen))
        picker = app.screen
        await pilot.press("n", "a", "t")
        await until(pilot, lambda: [s.actor.name for s in picker.rows] == ["NATO"])  # type: ignore[attr-defined]
        await pilot.press("enter")
        await confirm(pilot, app, "merge 'Kyiv' (3 mentions) into 'NATO'")
        assert status(app).startswith("done: merge 'Kyiv' (3 mentions) into 'NATO'")
        table = app.screen.query_one(ActorTable)
        await until(pilot, lambda: table.row_count == 4)
        row = table.get_row_at(0)
        assert (str(row[1]), str(row[4])) == ("NATO", "9")  # counts followed at once
        assert "place" not in app.screen.counts  # type: ignore[attr-defined]
    assert mentions(views) == {"NATO": 9, "Emmanuel Macron": 2, "France": 2,
                               "[b]Evil[/b] Corp": 1}
    assert [a.id for a in Store(views).find_actors("Kyiv")] == [NATO]  # the alias follows


@slow
async def test_a_merge_on_the_actors_page_shows_the_survivor_and_the_index_follows(
        views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "kyiv")
        await pilot.press("m", *"nato")
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen)
                    and len(app.screen.rows) == 1)
        await pilot.press("enter")
        await confirm(pilot, app, "merge 'Kyiv' (3 mentions) into 'NATO'")
        page = app.screen
        await until(pilot, lambda: page.stats.actor.id == NATO)  # type: ignore[attr-defined]
        assert page.stats.mentions == 9 and "Kyiv" in page.stats.actor.aliases  # type: ignore[attr-defined]
        await pilot.press("escape")  # the index under it reads the store again when shown
        table = app.screen.query_one(ActorTable)
        # Still filtered by "kyiv": now an alias of NATO.
        await until(pilot, lambda: table.row_count == 1
                    and [str(c) for c in table.get_row_at(0)][1:5:3] == ["NATO", "9"])
        assert table.row_count == 1


@slow
async def test_cancel_at_the_confirmation_changes_nothing(views: Path) -> None:
    before = export(views)
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_index(pilot, app, 0)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen))
        await pilot.press("f", "r", "a")
        await until(pilot, lambda: len(app.screen.rows) == 1)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question == "merge 'NATO' (6 mentions) into 'France'"  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ActorsScreen)
        assert status(app).startswith("nothing changed")
        await pilot.press("ctrl+z")  # nothing was made, so nothing to undo
        assert status(app).startswith("no correction made from this browser")
    assert export(views) == before


@slow
async def test_s_splits_an_alias_off_on_the_actors_page(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "fra")
        assert app.screen.actor_id == FRANCE  # type: ignore[attr-defined]
        await pilot.press("S")  # France's one other alias, "French": no list to pick from
        await until(pilot, lambda: isinstance(app.screen, SplitIntoScreen))
        await pilot.press("n")  # its own actor
        await confirm(pilot, app, "split 'French' (1 mention) from 'France' into a new actor")
        page = app.screen
        await until(pilot, lambda: page.stats and page.stats.mentions == 1)  # type: ignore[attr-defined]
        assert "French" not in page.stats.actor.aliases  # type: ignore[attr-defined]
    store = Store(views)
    (french,) = store.find_actors("French")
    assert french.id != FRANCE and french.name == "French"
    assert mentions(views)["France"] == 1 and mentions(views)["French"] == 1


@slow
async def test_x_in_the_reader_here_then_everywhere(views: Path) -> None:
    app = BriefingApp(Store(views), article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.article)
        await pilot.press("tab")  # the first mention of the sentence: "French" (France)
        assert app.selected_actor_id == FRANCE
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ScopeScreen))
        await pilot.press("h")  # here: in this article only
        await confirm(pilot, app, "'French' is not an actor in article 1: remove 1 mention")
        panel = app.screen.query_one(ActorPanel)
        await until(pilot, lambda: panel.option_count == 3)  # France left the side panel
        store = Store(views)
        assert FRANCE not in {m.actor_id for m in store.article_mentions(1)}
        assert mentions(views)["France"] == 1  # its mention in article 2 stays

        # The side panel's actor, where the panel has the focus: NATO, most mentioned.
        await pilot.press("shift+tab", "g")
        assert app.focused is panel and panel.highlighted == 0
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ScopeScreen))
        await pilot.press("e")  # everywhere
        await confirm(pilot, app, "'NATO' is not an actor everywhere: remove 6 mentions")
        await until(pilot, lambda: app.screen.query_one(ActorPanel).option_count == 2)
    assert "NATO" not in mentions(views)
    assert Store(views).claims(actor_ids=[NATO]) == []


@slow
async def test_r_renames_and_e_sets_the_country_on_the_actors_page(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "kyiv")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.press(*"Kiev", "enter")  # the name is selected: typing replaces it
        await confirm(pilot, app, "rename 'Kyiv' to 'Kiev'")
        page = app.screen
        await until(pilot, lambda: page.stats.actor.name == "Kiev")  # type: ignore[attr-defined]
        assert app.selected_actor_name == "Kiev"  # the status line follows

        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EditActorScreen))
        await pilot.press("tab")  # kind, then country
        assert app.focused is app.screen.query_one("#edit-country", Input)
        await pilot.press(*"FRA", "enter")
        await confirm(pilot, app, "set 'Kiev': country FRA (was UKR)")
        await until(pilot, lambda: page.stats.actor.country == "FRA")  # type: ignore[attr-defined]
    actor = Store(views).actor(KYIV)
    assert actor is not None and (actor.name, actor.country) == ("Kiev", "FRA")
    in_kyiv = "Ministers met in Kyiv on Tuesday."
    assert in_kyiv in {h.claim.text for h in Store(views).claims(country="FRA")}
    assert in_kyiv not in {h.claim.text for h in Store(views).claims(country="UKR")}


@slow
async def test_a_merge_in_the_reader_moves_n_to_the_survivor_and_ctrl_z_undoes_it(
        views: Path) -> None:
    before = export(views)
    app = BriefingApp(Store(views), article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.article)
        await pilot.press("tab", "tab", "tab", "tab")  # French, Macron, NATO, Kyiv
        assert app.selected_actor_id == KYIV
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen))
        await pilot.press(*"nato")
        await until(pilot, lambda: len(app.screen.rows) == 1)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await confirm(pilot, app, "merge 'Kyiv' (3 mentions) into 'NATO'")
        assert (app.selected_actor_id, app.selected_actor_name) == (NATO, "NATO")
        reader = app.screen
        await pilot.press("n")
        await until(pilot, lambda: reader.position_label.endswith("of 9"))  # type: ignore[attr-defined]

        await pilot.press("ctrl+z")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question.startswith("undo correction ")  # type: ignore[attr-defined]
        assert app.screen.question.endswith(": merge 'Kyiv' (3 mentions) into 'NATO'")  # type: ignore[attr-defined]
        await pilot.press("y")
        await until(pilot, lambda: status(app).startswith(("undone", "error")))
        assert status(app).startswith("undone: correction ")  # the command's own words
        assert "(merge 'Kyiv' into 'NATO')" in status(app)
        await pilot.press("ctrl+z")
        assert status(app).startswith("no correction made from this browser")
    after = export(views)
    assert [r for r in after if r["type"] != "correction"] == before


@slow
async def test_a_refused_correction_says_its_one_line_and_changes_nothing(views: Path) -> None:
    before = export(views)
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "nato")
        await pilot.press("e", "tab", *"Atlantis", "enter")  # the command knows no such country
        await until(pilot, lambda: status(app).startswith("error"))
        assert status(app).startswith("error: no country named 'Atlantis'")
        assert isinstance(app.screen, ActorScreen)
    assert export(views) == before


@slow
async def test_a_correction_waits_for_a_writer_and_says_so(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(120, 24)) as pilot:
        await open_page(pilot, app, "kyiv")
        await pilot.press("r", *"Kiev", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        with write_lock(views):  # an ingest writing a batch
            await pilot.press("y")
            await until(pilot, lambda: status(app).startswith(
                "waiting: another briefing process"), settled=False)
            assert Store(views).actor(KYIV).name == "Kyiv"  # type: ignore[union-attr]
        await until(pilot, lambda: status(app).startswith("done"))
    assert Store(views).actor(KYIV).name == "Kiev"  # type: ignore[union-attr]


@slow
async def test_the_claims_view_under_the_index_shows_a_renamed_speaker(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        speakers = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert "NATO" in speakers
        await open_index(pilot, app, 0)
        await pilot.press("r", *"the Alliance", "enter")
        await confirm(pilot, app, "rename 'NATO' to 'the Alliance'")
        await pilot.press("escape")
        await until(pilot, lambda: "the Alliance" in {
            str(table.get_row_at(i)[1]) for i in range(table.row_count)})
        assert "NATO" not in {str(table.get_row_at(i)[1]) for i in range(table.row_count)}


@pytest.fixture
def nobodys_corpus(built: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """Root's database in root's folder, and a user (nobody) who runs the corrections: the
    browser's `$BRIEFING_CORRECT_CMD` runs the real command as that user."""
    shared = Path(tempfile.mkdtemp(prefix="briefing-shared-"))
    home = Path(tempfile.mkdtemp(prefix="briefing-home-"))
    shared.chmod(0o755)
    home.chmod(0o777)
    db = Path(shutil.copy(built, shared / "corpus.db"))
    db.chmod(0o644)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("BRIEFING_CORRECT_CMD", " ".join([*AS_NOBODY, sys.executable, "-m",
                                                        "tui.cli"]))
    yield db, home / "data" / "briefing" / "corrections.jsonl"
    shutil.rmtree(shared, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)


@slow
@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv")
async def test_a_corpus_the_user_cannot_write_takes_it_into_the_users_file(
        nobodys_corpus: tuple[Path, Path]) -> None:
    db, users_file = nobodys_corpus
    before = export(db)
    app = BriefingApp(Store(db))
    async with app.run_test(size=(120, 24)) as pilot:
        await open_page(pilot, app, "kyiv")
        await pilot.press("r", *"Kiev", "enter")
        await confirm(pilot, app, "rename 'Kyiv' to 'Kiev'")
        assert status(app).startswith(f"saved to {users_file}: the database is read-only")
        assert any(str(users_file) in n.message for n in app._notifications)
        await pilot.press("ctrl+z")  # saved for the owner, not made: nothing to undo here
        assert status(app).startswith("no correction made from this browser")
    assert export(db) == before
    (record,) = [json.loads(line) for line in users_file.read_text().splitlines()]
    assert (record["id"], record["kind"], record["value"]) == (None, "rename", "Kiev")
    assert [a["name"] for a in record["actors"]] == ["Kyiv"]
    assert os.stat(users_file).st_uid != 0  # the user's own file


# Keys: no process needed ------------------------------------------------------------------

CORRECTION_IDS = {"correct.merge", "correct.not-actor", "correct.rename", "correct.edit",
                  "correct.split", "correct.undo"}


async def test_the_correction_keys_are_in_help_and_the_palette(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(200, 60)) as pilot:
        await open_page(pilot, app, "nato")
        provider = BriefingCommands(app.screen)
        titles = {str(hit.text) async for hit in provider.discover()}
        assert {"Merge into another actor", "Not an actor (here or everywhere)",
                "Rename the actor", "Edit kind, country, role", "Split an alias off",
                "Undo the last correction"} <= titles
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = binding_ids(app.screen.rows)
        assert CORRECTION_IDS | {"correct.yes", "correct.no", "correct.here",
                                 "correct.everywhere", "actors.switch-focus"} <= ids
        assert app.screen.query_one("#help-body").max_scroll_y == 0  # one screen, here too


async def test_a_remapped_correction_key_works_on_every_screen(views: Path, user_dirs) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "keys.toml").write_text('[keys]\n"correct.merge" = "M"\n')
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "nato")
        await pilot.press("m")  # no longer a key here
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen))
        await pilot.press("escape")
        await settle(pilot)
        assert status(app).startswith("nothing changed")
        await pilot.press("escape", "tab", "M")  # the actors list, the same key
        await until(pilot, lambda: isinstance(app.screen, ActorPickerScreen))


async def test_the_dialogs_fit_80x24_and_escape_changes_nothing(views: Path) -> None:
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "macron")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EditActorScreen))
        for field in ("#edit-kind", "#edit-country", "#edit-role"):
            region = app.screen.query_one(field, Input).region
            assert region.height and app.screen.region.contains_region(region)
        assert app.screen.query_one("#edit-role", Input).value == "President"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ActorScreen)
        assert status(app).startswith("nothing changed")


async def test_a_command_that_cannot_run_is_one_line(views: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CORRECT_CMD", str(views.parent / "no-such-briefing"))
    app = BriefingApp(Store(views))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_page(pilot, app, "kyiv")
        await pilot.press("r", *"Kiev", "enter")
        await until(pilot, lambda: status(app).startswith("could not run"))
        assert "no-such-briefing" in status(app)
        assert isinstance(app.screen, ActorScreen)


def test_the_command_line_of_a_correction(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEFING_CORRECT_CMD", raising=False)
    corrector = Corrector(tmp_path / "b.db")
    merge = Request(("correct", "merge", "4", "1"), {4: 1})
    assert corrector.argv(merge, dry_run=True) == [
        sys.executable, "-m", "tui.cli", "correct", "merge", "4", "1",
        "--db", str(tmp_path / "b.db"), "--json", "--dry-run"]
    # `corrections undo` takes neither --json nor --dry-run.
    assert corrector.argv(corrector.undo_request(7), dry_run=True)[-4:] == [
        "undo", "7", "--db", str(tmp_path / "b.db")]
    monkeypatch.setenv("BRIEFING_CORRECT_CMD", "setpriv --reuid=nobody '/opt/my python' -m x")
    assert corrector.argv(merge, dry_run=False)[:5] == [
        "setpriv", "--reuid=nobody", "/opt/my python", "-m", "x"]


def test_what_this_browser_made_is_undone_last_first_and_merges_are_followed(
        tmp_path: Path) -> None:
    corrector = Corrector(tmp_path / "b.db")
    merge = Request(("correct", "merge", "4", "1"), {4: 1})
    corrector.applied(Outcome(merge, 0, {"type": "correction", "id": 3}), "merge 'Kyiv'")
    rename = Request(("correct", "rename", "1", "N"))
    corrector.applied(Outcome(rename, 0, {"type": "correction", "id": 5}), "rename 'NATO'")
    saved = Request(("correct", "rename", "2", "F"))
    corrector.applied(Outcome(saved, 0, {"type": "correction", "saved_to": "/x.jsonl"}), "x")
    assert corrector.generation == 3
    assert corrector.last() == (5, "rename 'NATO'")  # the saved one has no id: not undone
    assert corrector.follow(4) == 1 and corrector.follow(2) == 2
    undo = corrector.undo_request(5)
    corrector.applied(Outcome(undo, 0, {}), "rename 'NATO'")
    assert corrector.last() == (3, "merge 'Kyiv'")
    undo = corrector.undo_request(3)
    assert undo.follow == {4: 1}
    corrector.applied(Outcome(undo, 0, {}), "merge 'Kyiv'")
    assert corrector.last() is None and corrector.follow(4) == 4
