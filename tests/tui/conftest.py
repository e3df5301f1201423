"""Browser tests: every test gets its own per-user directories (read state, views, keys),
so that nothing reads or writes the real ~/.config or ~/.local/share."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from db.store import Store
from tests.conftest import build_db
from tui.app import BriefingApp


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    config, data = tmp_path / "config", tmp_path / "data"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return {"config": config / "briefing", "data": data / "briefing"}


@pytest.fixture
def make_app(rules_db: Path) -> Callable[..., BriefingApp]:
    def make(**kwargs: object) -> BriefingApp:
        return BriefingApp(Store(rules_db), **kwargs)  # type: ignore[arg-type]
    return make


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, rules_pipeline) -> Path:
    """Articles whose titles and bodies look like markup: they must show literally."""
    folder = tmp_path_factory.mktemp("hostile")
    records = [
        {"id": "markup", "title": "[bold red]x[/] and [@click=app.quit]quit[/]",
         "body": "NATO said [link=https://evil.example]click[/link] today. [b]Bold?[/b]",
         "source": "[i]Outlet[/i]", "url": "https://example.org/a[1]",
         "published": "2024-03-01"},
        {"id": "plain", "title": "Plain title", "body": "Russia met NATO in Brussels.",
         "source": "Wire", "url": "https://example.org/b", "published": "2024-02-01"},
    ]
    path = folder / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return build_db(folder / "briefing.db", rules_pipeline, [path])


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def settle(pilot: object, rounds: int = 3) -> None:
    """Let thread workers finish and their messages land (an answer may start another load),
    and let the query bar's debounce fire."""
    from textual.worker import WorkerCancelled

    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(rounds):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        # An exclusive worker replaced by a newer one is cancelled: expected, the newer runs on.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


async def type_query(pilot: object, text: str) -> None:
    """`/`, then the text, then wait out the debounce and the search."""
    await pilot.press("slash")  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await settle(pilot)
