"""Render docs/screenshot.svg: the reader on the seed article at 80x24, as Textual saves it.

    .venv/bin/python docs/make_screenshot.py PATH_TO_A_DATABASE_WITH_THE_SEED
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from db.store import Store
from tui.app import BriefingApp


async def main(db: Path, out: Path) -> None:
    store = Store(db)
    seed = next(r.id for r in store.articles(limit=1000) if r.title.startswith("Some U.S."))
    app = BriefingApp(store, article_id=seed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.0)
        await pilot.press("j", "j", "tab")  # the third sentence; select its first actor
        await pilot.pause(1.0)
        app.save_screenshot(str(out.name), path=str(out.parent))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(__file__).with_name("screenshot.svg")))
