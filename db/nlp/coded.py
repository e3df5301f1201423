"""The hand-coded sets the learned layers train on (`make train`, `make train-mentions`):
their JSON Lines rows, and the bodies of the articles the rows point into."""

from __future__ import annotations

import json
from collections.abc import Container
from pathlib import Path
from typing import Any


def coded_rows(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def bodies_of(corpus: Path, ids: Container[str]) -> dict[str, str]:
    """The body of each article of `corpus` (JSON Lines with `id` and `body`) in `ids`."""
    return {a["id"]: a["body"] for a in coded_rows(corpus) if a["id"] in ids}
