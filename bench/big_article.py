"""The 5 MB article (issue 15): build a database holding one, and time the reader on it.

`python bench/big_article.py DB` builds DB (if missing) and measures, in this process, the
browser opening the article (until its first screen, cursor placed, is drawn), `End` to its
last sentence (until drawn), and the process's peak memory; it prints them as JSON.
bench/run.py runs it as a separate process so that the memory is the browser's alone.

The article is what ingest accepts at its cap: 5 MB of text, about 41,000 sentences in
paragraphs, three mentions a sentence of a handful of actors (124,000 mentions).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db import ingest  # noqa: E402
from db.inputs import ArticleInput  # noqa: E402
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention  # noqa: E402
from db.schema import open_write  # noqa: E402

SIZE = 5_000_000
ACTORS = (
    FoundActor("organization:nato", "NATO", "organization"),
    FoundActor("country:FRA", "France", "country", "FRA"),
    FoundActor("place:kyiv", "Kyiv", "place", "UKR"),
    FoundActor("person:emmanuel macron", "Emmanuel Macron", "person", "FRA", "President"),
)
NAMES = [(a, a.name) for a in ACTORS]


def big_article(size: int = SIZE) -> tuple[str, Extraction]:
    """A body of `size` characters with its claims and mentions, as extraction leaves them."""
    parts: list[str] = []
    claims: list[FoundClaim] = []
    mentions: list[FoundMention] = []
    at, i = 0, 0
    while at < size - 200:
        if i:
            sep = "\n\n" if i % 6 == 0 else " "
            parts.append(sep)
            at += len(sep)
        a, b, c = NAMES[i % 4], NAMES[(i + 1) % 4], NAMES[(i + 2) % 4]
        text = (f"In sentence {i} {a[1]} told {b[1]} that the talks with {c[1]} on the "
                "supply of air defence would go on next week.")
        start = at
        for actor, name in (a, b, c):
            offset = text.index(name)
            mentions.append(FoundMention(start + offset, start + offset + len(name), name,
                                         actor.key))
        claims.append(FoundClaim(start, start + len(text), ("report",) if i % 2 else ()))
        parts.append(text)
        at += len(text)
        i += 1
    return "".join(parts), Extraction(ACTORS, tuple(mentions), tuple(claims))


def build(path: Path, size: int = SIZE) -> Path:
    body, extraction = big_article(size)
    db = open_write(path)
    with db.conn:
        item = ArticleInput("The 5 MB article", body, "big", external_id="big",
                            source="Bench Wire", published="2024-06-01",
                            url="https://example.org/big")
        prepared = ingest.prepare(db, item)
        assert prepared is not None
        ingest.write_extracted(db, prepared, extraction, "hand-made")
    db.conn.close()
    return path


async def _measure(path: Path) -> dict[str, float]:
    from db.store import Store
    from tui.app import BriefingApp
    from tui.screens.reader import ReaderScreen
    from tui.widgets.reader import ArticleView

    store = Store(path)
    article_id = int(store.conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0])
    app = BriefingApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        start = time.perf_counter()
        app.push_screen(ReaderScreen(article_id))
        while True:
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and screen.article is not None:
                view = screen.query_one(ArticleView)
                if view.ready:
                    break
        app.screen._compositor.render_strips()  # the first screen drawn
        opened = time.perf_counter() - start
        # The rest of the mentions arrive next (read while the first screen is drawn).
        while view.reading is None or not view.reading.complete:
            await pilot.pause(0.02)
        completed = time.perf_counter() - start
        last = len(view.claims) - 1
        start = time.perf_counter()
        await pilot.press("end")
        while view.cursor != last:
            await pilot.pause(0.02)
        rows = app.screen._compositor.render_strips()
        scrolled = time.perf_counter() - start
        assert any(f"sentence {last} " in r.text for r in rows), "the end is not on screen"
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a process started by a
    # big parent (make bench, after its ingest runs) reported the parent's peak (595 MB).
    rss_kb = _peak_rss_kb()
    return {"open_s": round(opened, 3), "complete_s": round(completed, 3),
            "end_s": round(scrolled, 3),
            "peak_rss_mb": round(rss_kb / 1024, 1), "sentences": last + 1}


def _peak_rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    path = Path(sys.argv[1])
    if not path.exists():
        build(path)
    print(json.dumps(asyncio.run(_measure(path))))


if __name__ == "__main__":
    main()
