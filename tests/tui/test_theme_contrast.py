"""Every theme offered in the palette, and NO_COLOR, keep the reader's cursor, highlights and
badges visible. Checked on the rendered styles (the compositor's segments, after the app's
own filters): text is at least 3:1 against its background (WCAG's figure for bold and large
text; ANSI colours through a dark or a light terminal palette, as the theme is), and the
cursor is drawn with its bar and bold, not only with a colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, MONOKAI, TerminalTheme

from db.store import Store
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.widgets.reader import CURSOR_BAR, ArticleView

pytestmark = pytest.mark.anyio
MIN_CONTRAST = 3.0


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(color: Color | None, palette: TerminalTheme, foreground: bool) -> tuple[int, int, int]:
    if color is None or color.is_default:
        triplet = palette.foreground_color if foreground else palette.background_color
    else:
        triplet = color.get_truecolor(palette, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def segment_contrast(seg: Segment, palette: TerminalTheme) -> float:
    style = seg.style
    assert style is not None
    fg, bg = style.color, style.bgcolor
    if style.reverse:
        fg, bg = bg, fg
        return contrast(rgb(fg, palette, False), rgb(bg, palette, True))
    return contrast(rgb(fg, palette, True), rgb(bg, palette, False))




def _themes() -> list[str]:
    from textual.app import App
    return sorted(App().available_themes)


async def check(views_db: Path, theme: str | None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    if theme is None:
        monkeypatch.setenv("NO_COLOR", "1")
    store = Store(views_db)
    article = store.search("Macron").articles[0].article.id
    app = BriefingApp(store, article_id=article)
    problems: list[str] = []
    async with app.run_test(size=(100, 24)) as pilot:
        if theme is not None:
            app.theme = theme
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        dark = app.current_theme.dark if theme is not None else True
        palette = MONOKAI if dark else DEFAULT_TERMINAL_THEME
        region = view.region
        # What the terminal gets: widgets render through the app's filters (NO_COLOR's).
        rows = screen._compositor.render_strips()
        names = {a.name for a in view.actors.values()}
        cursor_seen = False
        for y in range(region.y, region.bottom):
            strip = rows[y].crop(region.x, region.right)  # the reader's own cells
            body = strip.text
            if CURSOR_BAR in body:
                cursor_seen = True
                words = [s for s in strip if s.text.strip() and s.text.strip() != "▌"
                         and s.style is not None and not s.style.dim][1:]
                if not all(s.style is not None and (s.style.bold or s.style.reverse)
                           for s in words):
                    problems.append(f"{theme}: cursor text not bold: {body!r} " + repr(
                        [(s.text, str(s.style)) for s in words
                         if s.style is None or not (s.style.bold or s.style.reverse)]))
            for seg in strip:
                word = seg.text.strip()
                if not word or seg.style is None:
                    continue
                interesting = word in names or word.startswith("[") or CURSOR_BAR.strip() in word
                if interesting and segment_contrast(seg, palette) < MIN_CONTRAST:
                    problems.append(f"{theme}: {word!r} at {segment_contrast(seg, palette):.1f}:1 "
                                    f"({seg.style})")
        if not cursor_seen:
            problems.append(f"{theme}: no cursor bar on screen")
    return problems


# The fast tier checks the themes the issue found wanting and NO_COLOR; every other theme
# of the palette runs in the whole suite (marked slow: a Pilot run each).
FAST = {"ansi-dark", "ansi-light", "textual-dark", "textual-light"}


@pytest.mark.parametrize("theme", [
    *(t if t in FAST else pytest.param(t, marks=pytest.mark.slow) for t in _themes()), None])
async def test_the_reader_stays_legible(views_db: Path, theme: str | None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    problems = await check(views_db, theme, monkeypatch)
    assert problems == [], "\n".join(problems)
