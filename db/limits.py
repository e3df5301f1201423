"""Size and time caps on untrusted input: defaults, `--max-*` flags, and config.toml.

A record or page of up to 5 MB goes in (the reader copes with it); a JSON Lines file is read
as a stream, so its total size is not capped, only each line. Caps come from the flags, else
from `[limits]` in `$XDG_CONFIG_HOME/briefing/config.toml`, else the defaults below (which the
README lists).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may cost before it is refused (and only that input is lost)."""

    record: int = 5 * MB  # one article read whole: a .txt/.md file, a JSON Lines record
    file: int = 50 * MB  # a file or response parsed whole: .json, .html, a feed, a fetched URL
    title: int = 1000  # characters; a longer title is cut
    fetch_seconds: float = 60.0  # the whole fetch of one URL, redirects included
    stall_seconds: float = 15.0  # one read that brings nothing
    min_speed: int = 1024  # bytes a second, once `speed_grace` seconds have passed
    speed_grace: float = 10.0
    redirects: int = 5


class LimitsError(ValueError):
    """A cap that cannot be read; the message is one line naming where it came from."""


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": MB, "mb": MB, "g": 1024 * MB,
          "gb": 1024 * MB}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.I)


def parse_size(value: str | int) -> int:
    """Bytes from `5242880`, `"5 MB"`, `"500k"`. Raises ValueError with the reason."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"a size must be positive, not {value}")
        return value
    m = _SIZE.match(str(value))
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {value!r} (write e.g. 5MB, 500KB or a number of bytes)")
    size = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if size <= 0:
        raise ValueError(f"a size must be positive, not {value!r}")
    return size


def human_size(n: int) -> str:
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.4g} GB"
    if n >= MB:
        return f"{n / MB:.4g} MB"
    if n >= 1024:
        return f"{n / 1024:.4g} KB"
    return f"{n} bytes"


_SIZES = {"record", "file", "min_speed"}
_NUMBERS = {"title": int, "fetch_seconds": float, "stall_seconds": float,
            "speed_grace": float, "redirects": int}


def with_values(base: Limits, values: dict[str, Any], where: str | None = None) -> Limits:
    """`base` with some caps changed. Messages name `where` (a file) and the key, or the key
    alone (a flag's name, for caps given on the command line)."""
    changes: dict[str, Any] = {}
    for key, value in values.items():
        label = f"{where}: limits.{key}" if where else key
        try:
            if key in _SIZES:
                changes[key] = parse_size(value)
            elif key in _NUMBERS:
                number = _NUMBERS[key](value)
                if number < 0 or isinstance(value, bool):
                    raise ValueError(f"must be a positive number, not {value!r}")
                changes[key] = number
            else:
                known = ", ".join(sorted(_SIZES | set(_NUMBERS)))
                raise ValueError(f"unknown cap (known: {known})")
        except (TypeError, ValueError) as exc:
            raise LimitsError(f"{label}: {exc}") from None
    return dataclasses.replace(base, **changes)


def load_limits(config: Path) -> Limits:
    """The caps of `[limits]` in `config` over the defaults; the defaults when it is absent."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Limits()
    except (OSError, UnicodeDecodeError) as exc:
        raise LimitsError(f"{config}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:  # its message names the line and column
        raise LimitsError(f"{config}: {exc}") from None
    section = data.get("limits", {})
    if not isinstance(section, dict):
        raise LimitsError(f"{config}: [limits] must be a table")
    return with_values(Limits(), section, str(config))
