"""Where things live: the default database and the bundled seeds. The per-user folders
(XDG) are worked out in db/paths.py."""

from __future__ import annotations

import os
from pathlib import Path

from db.paths import config_dir, data_dir

__all__ = ["config_dir", "data_dir", "default_db", "seeds_dir"]


def default_db() -> Path:
    """$BRIEFING_DB, else $XDG_DATA_HOME/briefing/briefing.db (~/.local/share/...)."""
    env = os.environ.get("BRIEFING_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "briefing.db"


def seeds_dir() -> Path:
    """The seeds bundled inside the installed package."""
    from importlib import resources  # here: it costs every command's start 10 ms

    return Path(str(resources.files("seeds")))
