"""Browser tests: every test gets its own per-user directories (read state, views, keys),
so that nothing reads or writes the real ~/.config or ~/.local/share."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from db.store import Store
from tests.conftest import build_db, built_once
from tui.app import BriefingApp


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    config, data = tmp_path / "config", tmp_path / "data"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return {"config": config / "briefing", "data": data / "briefing"}


@pytest.fixture(autouse=True, scope="session")
def css_parsed_once() -> Any:
    """The stylesheets parsed once per test process, not once per app: Textual keeps parsed
    CSS per App (its `Stylesheet._parse_cache`), and parsing app.tcss and every widget's
    DEFAULT_CSS was a fifth of each Pilot test's start. Parsing is a function of the CSS,
    where it comes from and the theme's variables, all in the key, so an app gets the rules
    it would have parsed itself. (A product process starts one app: nothing to share.)"""
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[Any, ...], Any] = {}
    # The variables as a key, made once per dict: an app sets a new dict when its theme
    # changes and never edits one in place. Sorting them at every call was half the cost.
    variables: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}

    def variables_key(values: dict[str, str]) -> tuple[tuple[str, str], ...]:
        held = variables.get(id(values))
        if held is None or held[0] is not values:
            held = variables[id(values)] = (values, tuple(sorted(values.items())))
        return held[1]

    def parse_once(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                   tie_breaker: int = 0, scope: str = "") -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope,
               variables_key(self._variables))
        if key not in parsed:  # an error is raised each time, as before: never kept
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker,
                                      scope)
        return parsed[key]

    Stylesheet._parse_rules = parse_once  # type: ignore[method-assign]
    yield
    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def keys_wait_for_idle_briefly() -> Any:
    """Textual's pilot sends a key, then waits for the process to look idle twice, each
    time sleeping 20 ms windows until one uses under 1 ms of CPU (textual/_wait.py): 40 ms
    a key at least, half of a Pilot test's wall time, spent asleep. Windows of 2 ms with the
    same test (CPU under a fifth of the window, as the loop's own wake-up needs) judge
    idleness as well: the app's work shows as CPU either way, and what a test must wait
    for (workers, debounce, messages) it waits for by condition (`settle`)."""
    from textual import _wait

    saved = _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = 0.002, 0.0004
    yield
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved


@pytest.fixture(autouse=True, scope="session")
def frames_drawn_when_read() -> Any:
    """In the fast tier (`make test-fast` sets PILOT_FRAMES=when-read), a headless app does
    not composite a frame after every change: nothing reads those frames (the headless
    driver writes nowhere), and compositing them was a third of a Pilot test's CPU. What a
    test checks on screen it draws itself, whole and fresh (`_compositor.render_strips()`,
    the snapshots' `export_screenshot`), so the answers are the same; `make test` draws
    every frame as the terminal would, so that an error raised while drawing fails there."""
    import os

    if os.environ.get("PILOT_FRAMES") != "when-read":
        yield
        return
    from textual.screen import Screen

    composite = Screen._compositor_refresh

    def refresh(self: Screen[Any]) -> None:
        app = self.app
        if app.is_headless and self is app.screen and not app.is_inline:
            self._dirty_widgets.clear()
            self._compositor._dirty_regions.clear()
            return
        composite(self)

    Screen._compositor_refresh = refresh  # type: ignore[method-assign]
    yield
    Screen._compositor_refresh = composite  # type: ignore[method-assign]


@dataclass(frozen=True)
class Said:
    message: str
    title: str
    severity: str


def notified(app: object) -> list[Said]:
    """Every notification the app has shown, expired or not."""
    return list(getattr(app, "notified", []))


@pytest.fixture(autouse=True)
def notifications_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notification the app shows, kept in `app.notified` (see `notified`): Textual
    drops one from `app._notifications` when its timeout passes, which on a loaded machine
    can be before the test looks."""
    from textual.app import App

    shown = App.notify

    def notify(self: App[object], message: str, *args: Any, **kwargs: Any) -> None:
        shown(self, message, *args, **kwargs)
        self.__dict__.setdefault("notified", []).append(Said(
            str(message), kwargs.get("title", ""), kwargs.get("severity", "information")))

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture
def make_app(rules_db: Path) -> Callable[..., BriefingApp]:
    def make(**kwargs: object) -> BriefingApp:
        return BriefingApp(Store(rules_db), **kwargs)  # type: ignore[arg-type]
    return make


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
               ) -> Path:
    """Articles whose titles and bodies look like markup: they must show literally."""
    return built_once(tmp_path_factory, "hostile", lambda path: _build_hostile(
        path, request.getfixturevalue("rules_pipeline")))


def _build_hostile(path: Path, rules_pipeline: Any) -> Path:
    records = [
        {"id": "markup", "title": "[bold red]x[/] and [@click=app.quit]quit[/]",
         "body": "NATO said [link=https://evil.example]click[/link] today. [b]Bold?[/b]",
         "source": "[i]Outlet[/i]", "url": "https://example.org/a[1]",
         "published": "2024-03-01"},
        {"id": "plain", "title": "Plain title", "body": "Russia met NATO in Brussels.",
         "source": "Wire", "url": "https://example.org/b", "published": "2024-02-01"},
    ]
    inputs = path.with_name("hostile.jsonl")
    inputs.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return build_db(path, rules_pipeline, [inputs])


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def busy(app: Any) -> str | None:
    """What the app is still doing, or None when it is idle: a thread worker running, a
    message not yet handled, or the query bar waiting out its debounce."""
    from textual.worker import WorkerState

    from tui.widgets.query_bar import QueryBar

    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return "a worker"
    nodes = [app, *app.screen_stack]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=False))
    if any(not node._message_queue.empty() for node in nodes):
        return "a message"
    if any(bar._timer is not None for screen in app.screen_stack
           for bar in screen.query(QueryBar)):
        return "the query bar's debounce"
    return None


async def settle(pilot: object, rounds: int = 2) -> None:
    """Wait until the app is idle (see `busy`): thread workers done, their messages handled
    (an answer may start another load), the query bar's debounce fired. A condition, not a
    clock: under load it waits longer, never too little. Idle twice in a row, `rounds`
    times: a handler may post once more after its queue emptied."""
    from textual.worker import WorkerCancelled

    app = pilot.app  # type: ignore[attr-defined]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60  # a hang fails here, by name, not by the test's timeout
    idle = 0
    while idle < rounds:
        # An exclusive worker replaced by a newer one is cancelled: expected, the newer runs on.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        # Every message handled and the screen drawn, then the check below: no sleep for the
        # process to look idle (Textual's `pause()` sleeps 20 ms at least, most of a test's
        # time), since `busy` names what is still to come.
        await pilot.pause(0)  # type: ignore[attr-defined]
        doing = busy(app)
        idle = idle + 1 if doing is None else 0
        assert loop.time() < deadline, f"the app is still busy with {doing}"


async def steady(pilot: object) -> None:
    """Settled, and every text cursor shown steadily: a snapshot then does not depend on
    where in its half-second blink the cursor happens to be."""
    from textual.widgets import Input

    await settle(pilot)
    for screen in pilot.app.screen_stack:  # type: ignore[attr-defined]
        for field in screen.query(Input):
            field.cursor_blink = False
    await pilot.pause()  # type: ignore[attr-defined]


async def type_query(pilot: object, text: str) -> None:
    """`/`, then the text, then wait out the debounce and the search."""
    await pilot.press("slash")  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]
    await settle(pilot)


async def wait_until(pilot: object, condition: Callable[[], object], what: str,
                     seconds: float = 60) -> None:
    """Wait for something outside the app (a process it started, a file it wrote): polled,
    with a deadline only against a hang, far above the time it takes under load."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        assert loop.time() < deadline, f"still waiting for {what}"
        await pilot.pause(0.02)  # type: ignore[attr-defined]


# The small hand-made databases of the Pilot tests, built once per run and shared by every
# test process (read-only use: the browser's own writes go to the per-test user folders above).

@pytest.fixture(scope="session")
def views_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few articles with hand-made actors and claims (tests/tui/views_db.py)."""
    from tests.tui.views_db import build_views_db

    return built_once(tmp_path_factory, "views", build_views_db)


@pytest.fixture(scope="session")
def long_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two long articles with NATO at known sentences (tests/tui/long_db.py)."""
    from tests.tui.long_db import build_long_db

    return built_once(tmp_path_factory, "long", build_long_db)
