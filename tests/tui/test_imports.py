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
    """Every module of db/, the pipeline's included (found by walking the package, so a new
    module is covered the day it is added)."""
    run(
        "import importlib, pkgutil, sys\n"
        "import db\n"
        "names = [m.name for m in pkgutil.walk_packages(db.__path__, 'db.')]\n"
        "assert 'db.claim_plans' in names and 'db.nlp.claims.conditions' in names, names\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name\n"
    )


def test_every_screen_and_command_module_imports_without_spacy(rules_db) -> None:
    run(
        "import importlib, pkgutil, sys\n"
        "import tui.screens, tui.cli\n"
        "for m in pkgutil.walk_packages(tui.screens.__path__, 'tui.screens.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert {'search', 'claims', 'export', 'ingest'} <= set(tui.cli.cli.commands)\n"
    )
