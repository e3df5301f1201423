"""A hostile article in a real terminal: the screen shows its text literally, and its escape
sequences never reach the terminal (the pane title stays ours)."""

from __future__ import annotations

import json

import pytest

from tests.cli import briefing
from tests.e2e.conftest import BRIEFING

TITLE = "\x1b]0;PWNED\x07\x1b[5;31m[bold]Hostile[/bold] [link=http://evil.example]title[/link]"
BODY = ("\x1b]2;PWNED\x1b\\Officials in France said [@click=app.quit]talks[/] would resume "
        "\x1b[41mon Monday\x1b[0m.\x1bP+q544e\x1b\\ The ministry gave no \x9b2Jdetails.\n")


@pytest.mark.e2e
def test_a_hostile_article_is_shown_literally_and_cannot_retitle_the_pane(pane_factory,
                                                                         tmp_path):
    source = tmp_path / "hostile.jsonl"
    source.write_text(json.dumps({"id": "h", "title": TITLE, "body": BODY}) + "\n")
    db = tmp_path / "hostile.db"
    assert briefing("--db", db, "ingest", source).code == 0
    pane = pane_factory(f"{BRIEFING} browse --db {db}",
                        env={"TERM": "xterm-256color", "HOME": str(tmp_path),
                             "XDG_CONFIG_HOME": str(tmp_path / "config")})
    pane.wait_for("[bold]Hostile[/bold]")
    pane.send("Enter")
    screen = pane.wait_for("[@click=app.quit]talks[/]")
    # The reader wraps its sentences: read its column (left of the actor panel) as one text.
    text = " ".join(" ".join(line[:50].replace("▌", " ").split())
                    for line in screen.splitlines())
    assert "on Monday." in text and "The ministry gave no details." in text
    assert "PWNED" not in screen and "544e" not in screen
    assert "PWNED" not in pane.title()
    pane.send("q")
