"""Remapped keys: `$XDG_CONFIG_HOME/briefing/keys.toml`, binding id -> keys.

    [keys]
    "reader.next-mention" = "m"
    "articles.query" = "slash,ctrl+f"

The ids are those of `?` (the help screen lists them). Applied with `App.set_keymap`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tui.paths import config_dir


def keys_path() -> Path:
    return config_dir() / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(keymap, problem). Accepts a `[keys]` table or top-level entries."""
    path = path or keys_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: {exc}"
    table = data.get("keys", data)
    if not isinstance(table, dict):
        return {}, f"{path}: [keys] must be a table"
    keymap: dict[str, str] = {}
    bad = []
    for binding_id, keys in table.items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys
        elif binding_id != "keys":
            bad.append(binding_id)
    return keymap, (f"{path}: ignored {', '.join(bad)} (not a key string)" if bad else None)
