"""Where things live: the default database, and per-user state outside the shared database."""

from __future__ import annotations

import os
from pathlib import Path


def default_db() -> Path:
    """$BRIEFING_DB, else $XDG_DATA_HOME/briefing/briefing.db (~/.local/share/...)."""
    env = os.environ.get("BRIEFING_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "briefing.db"


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "briefing"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "briefing"


def seeds_dir() -> Path:
    """The seeds bundled inside the installed package."""
    from importlib import resources  # here: it costs every command's start 10 ms

    return Path(str(resources.files("seeds")))
