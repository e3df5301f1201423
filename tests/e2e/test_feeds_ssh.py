"""Feeds over a real SSH connection at 80x24: subscribe from the shell, then in the browser
refresh with `R` from a feed server on loopback, see the new article come into the list,
open the feed on the feeds screen (`f`) and read the article; then the feed moves on and a
second `R` brings its next entry in."""

from __future__ import annotations

from pathlib import Path

from tests.cli import briefing
from tests.e2e.conftest import BRIEFING
from tests.e2e.test_ssh import ssh_command, sshd  # noqa: F401 (the fixture)
from tests.feeds.server import FeedServer, Route, rss


def test_subscribe_refresh_and_read_over_ssh(pane_factory, sshd, tmp_path: Path) -> None:  # noqa: F811
    port, key = sshd
    server = FeedServer().start()
    try:
        server.routes["/world.xml"] = Route(rss("World desk", [
            ("w1", "Ministers meet in Brussels", "The ministers met in Brussels on Monday.")]))
        db = tmp_path / "feeds.db"
        added = briefing("--db", db, "feeds", "add", server.url("/world.xml"),
                         "--name", "World", "--tag", "news")
        assert added.code == 0, added.err
        remote = (f"cd /tmp && TERM=xterm-256color BRIEFING_MODEL=rules-only "
                  f"XDG_CONFIG_HOME={tmp_path / 'c'} XDG_DATA_HOME={tmp_path / 'd'} "
                  f"{BRIEFING} browse --db {db}")
        pane = pane_factory(ssh_command(port, key, remote), width=80, height=24)
        pane.wait_for("No articles yet")

        pane.send("R")
        pane.wait_for("refreshed 1 feed · 1 new")
        pane.wait_for("Ministers meet in Brussels")

        pane.send("f")
        screen = pane.wait_for("#news")
        row = next(line for line in screen.splitlines() if "World" in line and "#news" in line)
        assert "1/1" in row and "ok" in row
        pane.send("Enter")  # the feed's articles: the query feed:"World"
        pane.wait_for('feed:"World"')
        pane.wait_for("1 article match")
        pane.send("Enter")
        # The reader's own status ("found": opened from the results), shown once the article
        # is (and so once it is marked read). The body's words alone are no sign: the
        # results' snippet shows them too, and an escape sent then closed a reader still
        # loading, so the article was never read.
        pane.wait_for("article 1 of 1 found")
        pane.wait_for("The ministers met in Brussels on Monday.")

        # The feed moves on: a second R brings the new entry, the old one is not fetched twice.
        server.routes["/world.xml"].body = rss("World desk", [
            ("w2", "Talks resume in Geneva", "Talks resumed in Geneva on Tuesday."),
            ("w1", "Ministers meet in Brussels", "The ministers met in Brussels on Monday.")])
        # One key at a time: two escapes at once read as alt+escape through tmux and ssh.
        pane.send("Escape")  # out of the reader, back on the feed's articles
        pane.wait_for("1 article match")
        pane.send("Escape")  # out of the query: every article
        pane.wait_for("1 article · 1 read")
        pane.send("R")
        pane.wait_for("refresh")
        # (Not the notification: the first refresh's may still be showing.)
        screen = pane.wait_for("Talks resume in Geneva")
        assert "Ministers meet in Brussels" in screen
        assert "1 new" in screen  # the status line: the list did not jump to it
        pane.send("q")
    finally:
        server.close()
