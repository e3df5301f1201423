"""The layers, at run time: starting the browser never imports spaCy; the data side never
imports textual, rich or click; the read path needs neither sqlite-utils nor the pipeline.

The modules are discovered (pkgutil), not listed, so that a new module or screen is covered
the day it is written. Each check runs in a fresh interpreter: sys.modules then holds
exactly what those imports pulled in. (The import-linter contracts in pyproject.toml say the
same statically; these catch what is imported while a module runs, or through a package.)
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from types import ModuleType

import db
import tui
from tests.conftest import ROOT

# The writing commands' modules: the parts of tui that may reach the pipeline (on `ingest`,
# and on `refresh` when an entry is new); as in the import-linter contract's ignored imports.
WRITE_COMMANDS = ("tui.ingesting", "tui.refreshing")


def modules_of(package: ModuleType) -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(package.__path__,
                                                        f"{package.__name__}."))


def run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_discovery_finds_every_screen_and_the_pipeline() -> None:
    names = modules_of(tui)
    for screen in ("articles", "reader", "actors", "actor", "claims", "types", "help"):
        assert f"tui.screens.{screen}" in names
    assert "db.nlp.pipeline" in modules_of(db) and "db.store" in modules_of(db)


def test_the_browser_and_every_screen_import_no_spacy(rules_db) -> None:
    browsing = [m for m in modules_of(tui) if m not in WRITE_COMMANDS]
    run(
        "import importlib, sys\n"
        "from db.store import Store\n"
        f"for name in {browsing!r}:\n"
        "    importlib.import_module(name)\n"
        "from tui.app import BriefingApp\n"
        f"app = BriefingApp(Store({str(rules_db)!r}))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'\n"
        "                or m == 'db.nlp' or m.startswith('db.nlp.'))\n"
        "assert not loaded, loaded\n"
        f"for name in {WRITE_COMMANDS!r}:\n"  # the model loads on `ingest`/`refresh` only
        "    importlib.import_module(name)\n"
        "assert 'spacy' not in sys.modules, 'the ingest command imports spacy up front'\n"
    )


def test_no_module_of_db_imports_textual_rich_or_click() -> None:
    """spaCy itself brings rich and click (its command line, through typer): allowed, as in
    the contract, so a module of db is checked for what it holds, and textual and tui for
    being loaded at all."""
    run(
        "import importlib, sys, types\n"
        f"names = {modules_of(db)!r}\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "assert not loaded, loaded\n"
        "ui = ('textual', 'rich', 'click', 'tui')\n"
        "def origin(value):\n"
        "    if isinstance(value, types.ModuleType):\n"
        "        return value.__name__\n"
        "    return getattr(value, '__module__', None) or ''\n"
        "held = sorted((name, key) for name in names\n"
        "              for key, value in vars(sys.modules[name]).items()\n"
        "              if origin(value).split('.')[0] in ui)\n"
        "assert not held, held\n"
    )


def test_the_read_path_needs_neither_sqlite_utils_nor_the_pipeline() -> None:
    run(
        "import sys\n"
        "import db.store, db.database\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "                ('sqlite_utils', 'spacy', 'textual', 'rich', 'click')\n"
        "                or m == 'db.nlp' or m.startswith('db.nlp.'))\n"
        "assert not loaded, loaded\n"
    )


def test_every_command_module_registers_without_spacy(rules_db) -> None:
    """Every command listed resolves (its module imported on demand), none loading spaCy."""
    run(
        "import sys, click\n"
        "import tui.cli\n"
        "ctx = click.Context(tui.cli.cli)\n"
        "names = tui.cli.cli.list_commands(ctx)\n"
        "assert {'search', 'claims', 'export', 'ingest', 'feeds', 'refresh', 'correct',\n"
        "        'corrections'} <= set(names), names\n"
        "missing = [n for n in names if tui.cli.cli.get_command(ctx, n) is None]\n"
        "assert not missing, missing\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )


def test_a_read_command_imports_no_write_side_module(rules_db) -> None:
    """`briefing search` starts fast (issue 18): ingest's, feeds' and corrections' modules
    are imported only when one of their commands runs."""
    run(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import tui.cli\n"
        f"result = CliRunner().invoke(tui.cli.cli, ['--db', {str(rules_db)!r}, 'search',\n"
        "                             'Ukraine', '--json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "loaded = sorted(m for m in sys.modules if m in ('tui.cli_write', 'tui.cli_feeds',\n"
        "                'tui.cli_correct', 'db.correction_records', 'db.ingest',\n"
        "                'platformdirs'))\n"
        "assert not loaded, loaded\n"
    )


def test_a_word_search_loads_only_what_it_prints(rules_db) -> None:
    """`briefing search --json` is a short process whose start is mostly imports (`make
    bench`: ≤ 2x a bare Python process): no table library, no screen, and none of the
    actor and claim records or the claims planner, which a word search does not use."""
    run(
        "import sys\n"
        "from tui.cli import main\n"
        f"sys.argv = ['briefing', '--db', {str(rules_db)!r}, 'search', 'NATO', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "unused = ('rich', 'textual', 'db.nlp', 'db.claim_plans', 'db.actor_models',\n"
        "          'db.claim_models', 'db.actor_index', 'db.mention_walk')\n"
        "loaded = [m for m in unused if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
