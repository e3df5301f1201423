"""`o`: open an article's URL in the user's browser, without a shell.

`$BROWSER` (the first of its `:`-separated commands; `%s` stands for the URL, else the URL is
appended), else the platform's opener (`open` on macOS, `xdg-open` elsewhere, if installed).
Over SSH without `$BROWSER` nothing local could show the page: the caller copies the URL
instead (OSC 52) and the reader's URL is an OSC 8 link the terminal can open itself. Only
http(s) URLs are opened: an article's `url` is untrusted (`file:`, `javascript:`...).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from urllib.parse import urlsplit


def openable(url: str | None) -> bool:
    """An http(s) URL with a host, and nothing a terminal or a command line would act on."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def opener_command(url: str) -> list[str] | None:
    """The command that opens `url`, or None when there is none to run."""
    browser = os.environ.get("BROWSER", "").split(os.pathsep)[0].strip()
    if browser:
        words = shlex.split(browser)
        if any("%s" in w for w in words):
            return [w.replace("%s", url) for w in words]
        return [*words, url]
    if os.environ.get("SSH_CONNECTION"):
        return None  # a browser here would open on the server, not in front of the user
    if sys.platform == "darwin":
        return ["open", url]
    found = shutil.which("xdg-open")
    return [found, url] if found else None


def open_url(url: str) -> bool:
    """Start the opener (no shell, detached, quiet); False when there is none or it fails."""
    command = opener_command(url)
    if command is None:
        return False
    try:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True
