from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.tmuxpane import Pane

BRIEFING = str(Path(sys.executable).parent / "briefing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # One tmux server for every e2e test: run them on one xdist worker.
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture
def pane_factory():
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    panes: list[Pane] = []

    def make(command: str, **kwargs) -> Pane:
        pane = Pane(command, **kwargs)
        panes.append(pane)
        return pane

    yield make
    for pane in panes:
        pane.close()
