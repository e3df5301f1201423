"""Starting the browser never imports spaCy; the data side never imports textual."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_the_browser_does_not_import_spacy(rules_db) -> None:
    run(
        "import sys\n"
        "from db.store import Store\n"
        "from tui.app import BriefingApp\n"
        "from tui.screens import articles, reader, help\n"
        f"app = BriefingApp(Store({str(rules_db)!r}))\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )


def test_db_does_not_import_textual() -> None:
    run(
        "import sys\n"
        "import db.store, db.query, db.text, db.models\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
