"""One source per vocabulary: every list derived from another is tied to it here, so a new
claim type, number word, rule field or filter cannot reach one copy and miss the others."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from db.models import CLAIM_TYPES

ROOT = Path(__file__).resolve().parents[2]


def test_the_claim_types_of_the_rules_the_model_and_the_docs_are_those_of_models() -> None:
    from db.nlp.claims.model import MODEL_TYPES
    from db.nlp.claims.rulebook import ACTION_TYPES, claim_rules

    # The model decides every type but the two attribution finds, in the same order.
    assert tuple(t for t in CLAIM_TYPES if t not in ("quote", "report")) == MODEL_TYPES
    assert set(CLAIM_TYPES) >= ACTION_TYPES
    assert {c.type for c in claim_rules().cues} <= set(CLAIM_TYPES)
    # The table of docs/claim-types.md lists each type once, in this order.
    doc = (ROOT / "docs" / "claim-types.md").read_text(encoding="utf-8")
    assert tuple(re.findall(r"^\| `(\w+)` \|", doc, re.M)) == CLAIM_TYPES


def test_a_rule_of_an_unknown_type_is_refused() -> None:
    from db.nlp.claims.rulebook import _cue

    with pytest.raises(ValueError, match="unknown claim type 'rumour'"):
        _cue({"type": "rumour", "lemmas": ["whisper"]})


def test_every_number_word_is_a_candidate_of_the_scan() -> None:
    """The scan picks the candidates the quantity rule then decides on: a number word the
    scan did not know ("trillions" once) never reached the rule."""
    from spacy.strings import hash_string

    from db.nlp.claims.quantity import CURRENCY_SIGNS, NUMBER_WORDS
    from db.nlp.claims.scan import hashes

    words = hashes().number_words
    assert {hash_string(w) for w in NUMBER_WORDS | set(CURRENCY_SIGNS)} == set(words)


def test_every_field_of_a_cue_rule_is_a_check_or_says_why_not() -> None:
    from db.nlp.claims.conditions import NOT_CHECKS, NOUN_CHECKS, PREDICATE_CHECKS
    from db.nlp.claims.rulebook import CueRule

    fields = {f.name for f in dataclasses.fields(CueRule)}
    checked = set(PREDICATE_CHECKS) | set(NOUN_CHECKS)
    assert fields == checked | NOT_CHECKS
    assert not checked & NOT_CHECKS
    # Each field of claims.toml that a rule sets is a field of CueRule.
    import tomllib

    raw = tomllib.loads((ROOT / "db" / "nlp" / "rules" / "claims.toml").read_text("utf-8"))
    assert {k for cue in raw["cue"] for k in cue} <= fields


def test_the_per_user_folders_follow_xdg_in_one_place(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from db import paths
    from db.nlp.gazetteer import cache_path
    from db.nlp.officials import user_officials_path
    from tui import crashlog
    from tui import paths as tui_paths

    for var in ("DATA", "CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{var}_HOME", str(tmp_path / var.lower()))
    assert paths.data_dir() == tmp_path / "data" / "briefing"
    assert tui_paths.data_dir() == paths.data_dir()
    assert tui_paths.config_dir() == tmp_path / "config" / "briefing"
    assert user_officials_path() == tmp_path / "config" / "briefing" / "officials.json"
    assert cache_path().parent == tmp_path / "cache" / "briefing"
    assert crashlog.state_dir() == tmp_path / "state" / "briefing"
    monkeypatch.setenv("BRIEFING_DB", "")
    assert tui_paths.default_db() == tmp_path / "data" / "briefing" / "briefing.db"
    # Unset: the defaults under the home folder.
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.data_dir() == tmp_path / "home" / ".local" / "share" / "briefing"
