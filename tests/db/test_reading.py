"""The reader's read of an article (db/reading.py) gives what the store's per-row queries
give, with the body read once; a long article comes with the mentions around the place to
show first, and complete_reading adds the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import ingest
from db import reading as db_reading
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.reading import FIRST_MENTIONS
from db.schema import open_write
from db.store import Store


def test_the_reading_equals_the_stores_claims_and_mentions(rules_db: Path) -> None:
    store = Store(rules_db)
    ids = [row.id for row in store.articles(0, 40)]
    for article_id in ids:
        reading = store.reading(article_id)
        assert reading is not None and reading.complete
        assert list(reading.claims) == store.article_claims(article_id)
        assert reading.mentions() == store.article_mentions(article_id)
        for claim in reading.claims:
            assert reading.claim_mentions(claim) == [
                m for m in store.article_mentions(article_id) if m.claim_id == claim.id]
        counts = [(s.actor.id, s.mentions) for s in store.article_actors(article_id)]
        assert reading.actor_counts() == counts
    assert store.reading(10**9) is None


def long_db(path: Path, sentences: int) -> Path:
    actors = (FoundActor("organization:nato", "NATO", "organization"),
              FoundActor("place:kyiv", "Kyiv", "place", "UKR"))
    parts, claims, mentions, at = [], [], [], 0
    for i in range(sentences):
        text = f"Sentence {i}: NATO and Kyiv met NATO again."
        for word, actor in (("NATO", actors[0]), ("Kyiv", actors[1])):
            offset = text.index(word)
            mentions.append(FoundMention(at + offset, at + offset + len(word), word, actor.key))
        second = text.rindex("NATO")
        mentions.append(FoundMention(at + second, at + second + 4, "NATO", actors[0].key))
        claims.append(FoundClaim(at, at + len(text), ("event",) if i % 2 else ()))
        parts.append(text)
        at += len(text) + 1
    mentions.sort(key=lambda m: m.start)
    db = open_write(path)
    with db.conn:
        prepared = ingest.prepare(db, ArticleInput("Long", " ".join(parts), "long",
                                                   external_id="long"))
        assert prepared is not None
        ingest.write_extracted(db, prepared, Extraction(actors, tuple(mentions), tuple(claims)),
                               "hand-made")
    db.conn.close()
    return path


# The article long as the limits are (5,000 mentions, 40,000 characters either side) runs in
# `make test`; the fast tier reads one a tenth as long against limits a tenth as large.
@pytest.mark.parametrize("tenth", [True, pytest.param(False, marks=pytest.mark.slow)])
def test_a_long_article_comes_with_the_mentions_near_the_cursor_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tenth: bool) -> None:
    if tenth:
        monkeypatch.setattr(db_reading, "FIRST_MENTIONS", FIRST_MENTIONS // 10)
        monkeypatch.setattr(db_reading, "_REACH", db_reading._REACH // 10)
    sentences = db_reading.FIRST_MENTIONS  # three mentions each: more than FIRST_MENTIONS
    store = Store(long_db(tmp_path / "long.db", sentences))
    article_id = store.articles(0, 1)[0].id
    middle = store.article_claims(article_id)[sentences // 2]
    first = store.reading(article_id, around=middle.start)
    assert first is not None and not first.complete
    assert 0 < len(first.columns) < 3 * sentences
    # The sentence asked for, and those around it, have all their mentions already.
    index = first.claims.index_at(middle.start)
    assert index == sentences // 2
    for claim in first.claims[index - 20:index + 20]:
        assert [m.text for m in first.claim_mentions(claim)] == ["NATO", "Kyiv", "NATO"]
        assert claim.actor_ids == (store.resolve_actor("NATO").id,  # type: ignore[union-attr]
                                   store.resolve_actor("Kyiv").id)  # type: ignore[union-attr]
    full = store.complete_reading(first)
    assert full.complete and len(full.columns) == 3 * sentences
    assert full.mentions() == store.article_mentions(article_id)
    assert list(full.claims) == store.article_claims(article_id)
    assert full.actor_counts() == [(s.actor.id, s.mentions)
                                   for s in store.article_actors(article_id)]
