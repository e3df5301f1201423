"""The claim rules as data: they load, each explains itself, and its example types as said.
Also the rules-only pipeline (no parser), which must still split and type claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.models import CLAIM_TYPES as TYPES
from db.nlp.claims.rulebook import attribution_rules, claim_rules, forms, read_rules_file
from db.nlp.claims.sentences import sentence_spans

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_claim_rules_load_and_each_cue_has_a_comment_and_an_example():
    rules = claim_rules()
    assert len(rules.cues) >= 30
    for cue in rules.cues:
        assert cue.type in TYPES
        assert cue.comment.strip(), cue
        assert cue.example.strip(), cue
        assert cue.lemmas


def test_every_section_of_the_rules_files_has_a_comment_and_an_example():
    for name in ("claims.toml", "attribution.toml"):
        data = read_rules_file(name)
        for key, section in data.items():
            sections = section if isinstance(section, list) else [section]
            for s in sections:
                assert s.get("comment") and s.get("example"), (name, key)


def test_attribution_rules_load():
    rules = attribution_rules()
    assert "said" in rules.reporting and "told" in rules.reporting
    assert "newspaper" in rules.outlets and "secretary" in rules.roles
    assert rules.according_to


def test_inflected_forms_match_without_a_lemmatizer():
    assert {"urged", "urges", "urging"} <= forms("urge")
    assert "committed" in forms("commit")


def test_every_type_has_a_cue_or_a_mode():
    rules = claim_rules()
    covered = {c.type for c in rules.cues} | {"quote", "report", "event"}  # event: fallback
    assert covered == set(TYPES)


def test_claims_dev_fixture_is_well_formed():
    corpus = {json.loads(line)["id"]: json.loads(line)["body"]
              for line in (FIXTURES / "re3d-dev.jsonl").read_text().splitlines()}
    rows = [json.loads(line) for line in (FIXTURES / "claims-dev.jsonl").read_text()
            .splitlines()]
    assert len(rows) >= 100
    assert {t for r in rows for t in r["types"]} == set(TYPES)
    assert len({r["article"] for r in rows}) >= 20
    for r in rows:
        assert corpus[r["article"]][r["start"]:r["end"]] == r["text"]
        assert r["why"]


# -- with the model: each cue's example is typed as the cue says -----------------------------

def test_each_cue_example_is_typed_with_its_type(pipeline):
    """The rules' own verdict (the learned layer over them weighs it with the rest)."""
    from db.nlp import actors
    from db.nlp.claims import extract as claims

    missed = []
    for cue in claim_rules().cues:
        doc = pipeline.model.nlp(cue.example)
        _found, mentions = actors.find_actors(doc)
        if not any(cue.type in p.typed.cues for p in claims.claim_parts(doc, mentions)):
            missed.append((cue.type, cue.example))
    assert not missed, missed


# -- the rules-only pipeline -----------------------------------------------------------------

def test_rules_only_splits_sentences_semicolons_and_lines(rules_pipeline):
    text = "He will continue the work; namely, talks.\nForeign Office Minister said:\nWe agree."
    ex = rules_pipeline.extract(text)
    assert [text[c.start:c.end] for c in ex.claims] == [
        "He will continue the work;", "namely, talks.", "Foreign Office Minister said:",
        "We agree."]


def test_rules_only_types_from_word_cues(rules_pipeline):
    ex = rules_pipeline.extract(
        "The government urged the rebels to stop. The army sent support troops.")
    assert "request" in ex.claims[0].types
    assert "support" not in ex.claims[1].types


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_texts_have_no_claims(rules_pipeline, text):
    assert rules_pipeline.extract(text).claims == ()


def test_sentence_spans_are_trimmed(rules_pipeline):
    doc = rules_pipeline.model.nlp("  First one.  Second; third.  ")
    text = doc.text
    for a, b in sentence_spans(doc):
        assert text[a:b] == text[a:b].strip() and a < b
