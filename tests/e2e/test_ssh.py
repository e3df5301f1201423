"""The browser over a real OpenSSH connection on loopback, in an 80x24 tmux pane.

The test starts its own sshd on a free port with a throwaway host key and client key, and
stops it at the end. `.ci/run` installs openssh-server when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import BRIEFING
from tests.e2e.tmuxpane import WAIT

# What shows that a key took effect, before the next key relies on it.
QUERY_BAR = 'words "phrases"'  # the query bar's placeholder: open and focused
LIST_KEYS = "c Claims"  # the footer lists the list's keys: the query bar has let go

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sshd(tmp_path):
    if not Path(SSHD).exists() or shutil.which("ssh") is None:
        pytest.skip("openssh-server is not installed (.ci/run installs it)")
    if os.geteuid() != 0:
        pytest.skip("starting sshd on loopback needs root here")
    keys = tmp_path / "ssh"
    keys.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys / "host"], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys / "client"],
                   check=True)
    (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
    os.chmod(keys / "authorized_keys", 0o600)
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    port = free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPermitRootLogin prohibit-password\n"
        f"PasswordAuthentication no\nStrictModes no\nUsePAM no\nPidFile {keys / 'sshd.pid'}\n"
        "AcceptEnv LANG LC_*\n"
    )
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT  # sshd listening: a condition, this only stops a hang
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield port, keys / "client"
    proc.terminate()
    proc.wait(timeout=WAIT)


def ssh_command(port: int, key: Path, remote: str) -> str:
    return (f"ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no "
            f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 '{remote}'")


def walk_to_the_next_article(pane) -> None:  # type: ignore[no-untyped-def]
    """Claims view -> reader -> `n` into the next article, reading the cursor's sentence
    on the screen each time (tests/tui/long_db.py: NATO in Alpha 3, 60 and Beta 55, 75)."""
    pane.wait_for("Alpha")
    pane.send("/")
    pane.wait_for(QUERY_BAR)  # open, and it has the focus: what is typed goes in
    pane.type("actor:NATO")
    pane.wait_for("claims in")
    pane.send("Escape")
    pane.wait_for(LIST_KEYS)  # out of the query bar: `c` is a key again, not a letter
    pane.send("c")  # the claims view of the query: Alpha's two, then Beta's
    # The list's results show the same sentences: wait for the claims view itself (its footer
    # has "esc Back"), or over ssh `j` and `enter` reach the list before the view is up.
    pane.wait_for("esc Back")
    pane.wait_for("Sentence 60 of Alpha")
    pane.send("j", "Enter")
    screen = pane.wait_for("▌ Sentence 60 of Alpha")
    assert "Sentence 60 of Alpha" in screen.split("▌ ", 1)[1].split("\n", 1)[0]
    pane.send("Tab")  # tab selects NATO in the sentence
    pane.wait_for("NATO · mention")
    pane.send("n")  # its next mention, in Beta
    pane.wait_for("▌ Sentence 55 of Beta")
    pane.send("n")
    pane.wait_for("▌ Sentence 75 of Beta")
    pane.send("q")


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    from tests.tui.long_db import build_long_db

    return build_long_db(tmp_path / "long.db")


def test_claims_reader_and_n_land_on_the_sentence_in_tmux(pane_factory, long_db, tmp_path):
    """The same walk without ssh: the cursor's sentence is on the screen of a real terminal."""
    pane = pane_factory(f"env TERM=xterm-256color XDG_CONFIG_HOME={tmp_path / 'c'} "
                        f"XDG_DATA_HOME={tmp_path / 'd'} {BRIEFING} browse --db {long_db}",
                        width=80, height=24)
    walk_to_the_next_article(pane)


def test_claims_reader_and_n_land_on_the_sentence_over_ssh(pane_factory, sshd, long_db,
                                                           tmp_path):
    port, key = sshd
    remote = (f"cd /tmp && TERM=xterm-256color XDG_CONFIG_HOME={tmp_path / 'c'} "
              f"XDG_DATA_HOME={tmp_path / 'd'} {BRIEFING} browse --db {long_db}")
    pane = pane_factory(ssh_command(port, key, remote), width=80, height=24)
    walk_to_the_next_article(pane)


def test_the_analyst_scenario_over_ssh_in_80x24(pane_factory, sshd, model_db, tmp_path):
    """Issue 5's user: over SSH at 80x24, keyboard only: find what the White House said about
    Ukraine, save that view, then jump through the mentions of NATO."""
    port, key = sshd
    config = tmp_path / "config"
    remote = (f"cd /tmp && TERM=xterm-256color XDG_CONFIG_HOME={config} "
              f"XDG_DATA_HOME={tmp_path / 'data'} {BRIEFING} browse --db {model_db}")
    command = (
        f"ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
        f"-o LogLevel=ERROR root@127.0.0.1 '{remote}'"
    )
    pane = pane_factory(command, width=80, height=24)
    pane.wait_for("Minister")

    pane.send("/")
    pane.wait_for(QUERY_BAR)
    pane.type('country:Ukraine speaker:"White House"')
    screen = pane.wait_for("adamant")
    assert "1 claim in 1 article" in screen

    pane.send("Escape")
    pane.wait_for(LIST_KEYS)
    pane.send("s")
    pane.wait_for("Save view")
    pane.type("wh-ukraine")
    pane.send("Enter")
    views = config / "briefing" / "views.toml"
    deadline = time.monotonic() + WAIT  # written by the browser: wait for the file
    while not views.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert '"wh-ukraine" = "country:Ukraine speaker:\\"White House\\""' in views.read_text()

    pane.send("a")
    pane.wait_for("filter actors")  # the actors index, its filter focused
    pane.type("NATO")
    pane.wait_for("O  NATO")
    pane.send("Enter")
    pane.wait_for("Mentions 6")
    pane.send("Enter")  # the first line of the concordance: the reader at that mention
    pane.wait_for("article ")
    for n in range(2, 7):
        pane.send("n")
        pane.wait_for(f"NATO · mention {n} of 6")
    pane.send("n")
    pane.wait_for("no further mention")

    pane.send("?")
    screen = pane.wait_for("Keys")
    assert "Quit" in screen
    pane.send("Escape", "q")
