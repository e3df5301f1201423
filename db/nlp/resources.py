"""The data files shipped inside the package (`db/nlp/data/`): gazetteer, officials, titles.

Read through importlib.resources, so an installed briefing (a wheel, a zip) finds them too.
A module of its own, which imports nothing of db/nlp: the gazetteer, the officials and the
span rules all read from here without importing one another.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_json(name: str) -> Any:
    """The JSON file `name` of `db/nlp/data/`."""
    return json.loads(resources.files("db.nlp").joinpath("data", name).read_text("utf-8"))
