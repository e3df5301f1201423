"""`briefing refresh` for a terminal user or a program: progress, outcomes, exit status.

The work is `db.refresh`; this module drives it: the writer lock (per batch, as ingest),
a progress bar on a terminal or one JSON object per feed (`--progress json`, read by the
browser's `R`), the one-line summary, and `--every`'s schedule.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from db import refresh as refresher
from db.fetch import Classifier, classify_address
from db.limits import Limits
from tui import output
from tui.ingesting import INTERRUPTED, _batch_lock, _Failed, _load_pipeline, _progress, _writing

_DURATION = re.compile(r"(\d+)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float | None:
    """Seconds from `15m`, `1h`, `1h30m`, `90s`, `1d`; None when it is not such a duration."""
    value = text.strip().lower()
    if not value or _DURATION.sub("", value).strip():
        return None
    seconds = sum(int(n) * _UNIT[u] for n, u in _DURATION.findall(value))
    return float(seconds) if seconds > 0 else None


def summary_line(report: refresher.Report) -> str:
    unchanged = sum(o.status == refresher.NOT_MODIFIED for o in report.outcomes)
    parts = [f"feeds: {len(report.outcomes)} refreshed"]
    if unchanged:
        parts[0] += f" ({unchanged} not modified)"
    parts.append(f"{report.failed} failed")
    line = ", ".join(parts) + f"; articles: {report.new} new, {report.updated} updated"
    return line


def run_refresh(path: Path, selectors: Sequence[str], *, workers: int, model: str | None,
                limits: Limits | None, json_progress: bool, should_stop: Callable[[], bool],
                classify: Classifier = classify_address) -> int:
    """One refresh of the due (or named) feeds; the exit status of `ingest`."""
    if not path.exists():
        output.error(f"error: {path}: no such database (subscribe first: "
                     "`briefing feeds add URL`)")
        return 2
    try:
        with _writing(path, should_stop, hold=False) as db:
            feeds, unknown = refresher.select(db, selectors, refresher.now_utc())
            if unknown:
                for name in unknown:
                    output.error(f"error: no feed or tag named {name!r} (see `briefing feeds "
                                 "list`)")
                return 2
            report = _run(db, path, feeds, workers=workers, model=model, limits=limits,
                          json_progress=json_progress, should_stop=should_stop,
                          classify=classify)
    except _Failed as exc:
        output.error(str(exc))
        return INTERRUPTED if str(exc).startswith("interrupted") else 2
    if json_progress:
        output.json_line({"summary": {"feeds": len(report.outcomes), "new": report.new,
                                      "updated": report.updated, "failed": report.failed}})
    else:
        if not feeds:
            output.error("no feed is due (name one to fetch it now, or see `briefing feeds "
                         "list`)")
        line = summary_line(report)
        output.out(line + ("; interrupted: the other feeds were not fetched"
                           if report.interrupted else ""))
    if report.interrupted:
        return INTERRUPTED
    return 1 if report.failed else 0


def _run(db: Any, path: Path, feeds: list[refresher.Due], *, workers: int, model: str | None,
         limits: Limits | None, json_progress: bool, should_stop: Callable[[], bool],
         classify: Classifier) -> refresher.Report:
    pipeline = refresher.LazyPipeline(lambda: _load_pipeline(model))
    bar, advance = _progress(len(feeds), "refreshing") if not json_progress and feeds \
        else (None, None)
    done = [0]

    def outcome(o: refresher.Outcome) -> None:
        done[0] += 1
        if json_progress:
            output.json_line({"feed": o.feed, "done": done[0], "total": len(feeds),
                              "status": o.status, "new": o.new, "updated": o.updated})
        elif advance is not None:
            advance(1)

    def run() -> refresher.Report:
        return refresher.refresh(db, feeds, pipeline, workers=workers, limits=limits,
                                 classify=classify, should_stop=should_stop,
                                 batch_lock=_batch_lock(path, should_stop),
                                 on_outcome=outcome, on_message=output.error)

    if bar is None:
        return run()
    with bar:
        return run()


def run_every(seconds: float, once: Callable[[], int], should_stop: Callable[[], bool],
              clock: Callable[[], float] = time.monotonic) -> int:
    """Refresh now, then every `seconds` (measured from each start, so a slow refresh does
    not drift the schedule), until a stop; stopped while waiting, the exit status is 0."""
    while True:
        started = clock()
        code = once()
        if code == 2 or should_stop():  # a database or usage error will not mend itself
            return code
        while clock() < started + seconds:
            if should_stop():
                output.error("stopped")
                return 0
            time.sleep(min(0.2, max(0.0, started + seconds - clock())))
