"""The reader marks each sentence with its claim type badges, shows the speaker and cues of
the sentence under the cursor, and dims sentences of other types when a type filter is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from tests.tui.conftest import settle
from tui.app import BriefingApp
from tui.widgets.badges import TYPE_BADGE
from tui.widgets.reader import ArticleView

pytestmark = pytest.mark.anyio


def first_typed_article(store: Store, claim_type: str) -> int:
    hits = store.claims(types=[claim_type], limit=1)
    assert hits, f"no {claim_type} claim in the corpus"
    return hits[0].claim.article_id


async def test_badges_speaker_cues_and_dimming(rules_db: Path) -> None:
    store = Store(rules_db)
    article_id = first_typed_article(store, "quote")
    app = BriefingApp(store, article_id=article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        for i, claim in enumerate(view.claims):
            rendered = view.sentence_text(i).plain
            for t in claim.types:
                assert TYPE_BADGE[t] in rendered  # a badge, not a colour

        # The speaker and cues of the sentence under the cursor.
        index = next(i for i, c in enumerate(view.claims) if "quote" in c.types)
        view.cursor = index
        await settle(pilot)
        info = str(app.screen.query_one("#claim-info").render())
        claim = view.claims[index]
        assert info.startswith("said by ")
        if claim.speaker_id is not None:
            speaker = store.actor(claim.speaker_id)
            assert speaker is not None and speaker.name in info
        for cue in claim.cues:
            assert " ".join(cue.text.split())[:20] in info  # long cues are cut with …

        # The type filter (set by the claims view's `t`) dims the other sentences.
        app.type_filter = {"quote"}
        app.screen.on_screen_resume()  # type: ignore[attr-defined]
        await settle(pilot)
        for i, claim in enumerate(view.claims):
            assert view.is_dimmed(i) == ("quote" not in claim.types)
        # Dimmed on screen too: a dimmed sentence is drawn faint (not only a colour).
        dimmed = next(i for i in range(len(view.claims)) if view.is_dimmed(i) and i != view.cursor)
        assert all(span.style.dim for span in view.sentence_text(dimmed).spans[:1]
                   if not isinstance(span.style, str))


async def test_the_status_line_shows_the_selected_actor_and_position(rules_db: Path) -> None:
    store = Store(rules_db)
    nato = store.resolve_actor("NATO")
    assert nato is not None
    app = BriefingApp(store, actor_id=nato.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "NATO · mention 1 of " in status
        await pilot.press("n")
        await settle(pilot)
        assert "NATO · mention 2 of " in str(app.screen.query_one("#status").render())
        await pilot.press("escape")
        assert "NATO · mention 2 of " in str(app.screen.query_one("#status").render())


async def test_quick_presses_of_n_each_move_one_mention(rules_db: Path) -> None:
    """Presses made while a jump is under way count: four quick `n` move four mentions, and
    `N` comes back."""
    store = Store(rules_db)
    nato = store.resolve_actor("NATO")
    assert nato is not None
    app = BriefingApp(store, actor_id=nato.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(4):  # as a terminal delivers quick presses: no wait between them
            app.screen.action_mention(1)  # type: ignore[attr-defined]
        await settle(pilot)
        assert "NATO · mention 4 of " in str(app.screen.query_one("#status").render())
        for _ in range(2):
            app.screen.action_mention(-1)  # type: ignore[attr-defined]
        await settle(pilot)
        assert "NATO · mention 2 of " in str(app.screen.query_one("#status").render())
