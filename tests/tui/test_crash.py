"""An error the browser did not foresee ends it with one line and a log, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tui.app import BriefingApp

pytestmark = pytest.mark.anyio


async def test_an_unforeseen_error_is_one_line_and_a_log(rules_db: Path, tmp_path, monkeypatch,
                                                         capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    app = BriefingApp(Store(rules_db))
    with pytest.raises(RuntimeError):  # Pilot hands the error on to the test
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app._handle_exception(RuntimeError("boom"))
            await pilot.pause()
    (log,) = (tmp_path / "state" / "briefing").glob("error-*.log")
    assert "RuntimeError: boom" in log.read_text()
    text = " ".join(capsys.readouterr().err.split())  # as printed on exit, folded
    assert "unexpected RuntimeError: boom" in text and str(log) in text.replace(" ", "")
    assert "Traceback" not in text

