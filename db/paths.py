"""Where briefing keeps per-user files: the one place the XDG directories are worked out.

Data ($XDG_DATA_HOME/briefing: the default database, read state, query history), config
($XDG_CONFIG_HOME/briefing: config.toml, keys, views, officials.json), cache
($XDG_CACHE_HOME/briefing: the gazetteer and its matcher's patterns) and state
($XDG_STATE_HOME/briefing: crash logs).
platformdirs applies the XDG rules (an unset or empty variable falls back to the default
under the home directory). Its Unix flavour is asked for on every system: the README
documents these XDG paths, and a Mac user's $XDG_CONFIG_HOME is honoured as documented.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platformdirs.unix import Unix

_APP = "briefing"


def _dirs() -> Unix:
    # Built at each call: the variables are read when asked (tests set them per test).
    # Imported here: a command given --db never needs it (platformdirs brings tempfile and
    # shutil, a few ms of every read command's start).
    from platformdirs.unix import Unix

    return Unix(_APP)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir).expanduser()


def config_dir() -> Path:
    return Path(_dirs().user_config_dir).expanduser()


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir).expanduser()


def state_dir() -> Path:
    return Path(_dirs().user_state_dir).expanduser()
