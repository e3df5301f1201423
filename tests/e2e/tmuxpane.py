"""A real terminal for end-to-end tests: a tmux pane we type into and read back.

Keys are sent without pauses: where the next key needs the effect of the last (a screen
opened, the focus moved), the test waits for that effect to show (`wait_for`), a condition
rather than a clock. The deadline of a wait only stops a hang; it is far above the time
anything takes on a loaded machine.
"""

from __future__ import annotations

import shlex
import subprocess
import time
import uuid

WAIT = 180.0  # seconds: only against a hang


class Pane:
    def __init__(self, command: str, *, width: int = 80, height: int = 24,
                 env: dict[str, str] | None = None) -> None:
        self.session = f"briefing-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell = f"env {exports} {command}" if exports else command
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.session, "-x", str(width), "-y",
             str(height), shell + "; sleep 30"],
            check=True,
        )
        subprocess.run(["tmux", "set-option", "-t", self.session, "remain-on-exit", "on"],
                       check=False)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True,
        ).stdout

    def send(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.session, key], check=True)

    def type(self, text: str) -> None:
        """Type `text` literally (no key names)."""
        subprocess.run(["tmux", "send-keys", "-t", self.session, "-l", text], check=True)

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def title(self) -> str:
        return subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.session, "#{pane_title}"],
            capture_output=True, text=True,
        ).stdout.strip()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], check=False,
                       capture_output=True)
