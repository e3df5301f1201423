"""The claims list is the same page whichever plan finds it (walking the article list,
driving by the rarest filter, or a pilot walk that gives up), and the same as reading every
claim of every article and keeping those that pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.claim_models import Claim
from db.claim_plans import ClaimPlanner
from db.store import Store

PAGE = 4


def _always_walk(self: ClaimPlanner, cond: Any, limit: int, offset: int) -> Any:
    rows, _ = self.walk(cond, limit + offset, 10**6)
    return rows[offset:]


PLANS = {
    "chosen": {},
    "driven": {"walked": lambda self, *args: None},
    "walked": {"walked": _always_walk},
    "short walks": {"PILOT_ARTICLES": 2, "WALK_ARTICLES": 6},
    "capped counts": {"COUNT_CAP": 2},
}


def _by_hand(store: Store, types=(), actor_ids=(), speaker_ids=(), country=None) -> list[int]:
    countries = {a.id: a.country for a in store.actors_by_id(
        [r[0] for r in store.conn.execute("SELECT id FROM actors")]).values()}
    kept: list[int] = []
    for article in store.articles(0, 10_000):  # in list order
        claim: Claim
        for claim in store.article_claims(article.id):
            if types and not set(types) & set(claim.types):
                continue
            if actor_ids and not set(actor_ids) & set(claim.actor_ids):
                continue
            if speaker_ids and claim.speaker_id not in speaker_ids:
                continue
            if country and country not in {countries.get(a) for a in claim.actor_ids}:
                continue
            kept.append(claim.id)
    return kept


@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_gives_the_same_pages(rules_db: Path, plan: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(ClaimPlanner, name, value)
    store = Store(rules_db)
    syria = store.resolve_actor("Syria")
    assert syria is not None
    speakers = [r[0] for r in store.conn.execute(
        "SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL "
        "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1")]
    cases: list[dict[str, Any]] = [
        {"types": ["event"]},
        {"types": ["request", "support"]},
        {"country": "SYR"},
        {"country": "USA", "types": ["event"]},
        {"actor_ids": [syria.id]},
        {"actor_ids": [syria.id], "types": ["quantity"]},
        {"speaker_ids": speakers},
        {"speaker_ids": speakers, "country": "SYR"},
        {"types": ["risk"], "country": "IRQ"},
    ]
    nonempty = 0
    for case in cases:
        expected = _by_hand(store, **case)
        nonempty += bool(expected)
        got: list[int] = []
        for offset in range(0, len(expected) + PAGE, PAGE):
            page = store.claims(**case, limit=PAGE, offset=offset)
            assert len(page) <= PAGE
            got += [hit.claim.id for hit in page]
        assert got == expected, case
    assert nonempty >= 7


def test_a_speaker_counted_past_the_cap_is_walked_not_driven(
        rules_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A size counted only up to the cap is no share: driving by it read every claim of a
    speaker who says millions at a million articles (4.7 s) for a page a short walk fills."""
    store = Store(rules_db)
    speaker, n = store.conn.execute(
        "SELECT speaker_id, count(*) FROM claims WHERE speaker_id IS NOT NULL "
        "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    assert n > 3
    monkeypatch.setattr(ClaimPlanner, "COUNT_CAP", 3)
    driven: list[int] = []
    real = ClaimPlanner.driven

    def recording(self: ClaimPlanner, cond: Any, lim: int, offset: int) -> Any:
        driven.append(lim)
        return real(self, cond, lim, offset)

    monkeypatch.setattr(ClaimPlanner, "driven", recording)
    page = store.claims(speaker_ids=[speaker], limit=2)
    assert [h.claim.id for h in page] == _by_hand(store, speaker_ids=[speaker])[:2]
    assert driven == []
