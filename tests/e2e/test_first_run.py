"""`briefing` on a fresh machine: ingest the bundled seeds, then browse them, in a real terminal."""

from __future__ import annotations

from tests.e2e.conftest import BRIEFING


def test_first_run_ingests_the_seeds_and_shows_the_seed_article(pane_factory, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "HOME": str(tmp_path), "TERM": "xterm-256color"}
    pane = pane_factory(BRIEFING, env=env)
    pane.wait_for("Some U.S. allies within NATO")
    assert (tmp_path / "data" / "briefing" / "briefing.db").exists()
    pane.send("Enter")
    screen = pane.wait_for("reports the New York Times")
    assert "Kyiv" in screen
    pane.send("q")


def test_browse_moves_between_articles(pane_factory, model_db):
    pane = pane_factory(f"{BRIEFING} browse --db {model_db}", env={"TERM": "xterm-256color"})
    pane.wait_for("Minister")  # the newest articles are UK ministers' statements
    pane.send("Enter")
    pane.wait_for("Tobias Ellwood condemns ISIL")
    pane.send("]")
    pane.wait_for("The visit by FCO Minister Tobias Ellwood")
    pane.send("[")
    pane.wait_for("Tobias Ellwood condemns ISIL")
    pane.send("q")
