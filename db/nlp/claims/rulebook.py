"""The claim and attribution rules, read from the TOML files in `db/nlp/rules/`.

They are compiled once per process, lazily, into lookup tables keyed by word (lemma and
inflected forms), so that typing a sentence costs a dictionary lookup per token.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from db.models import CLAIM_TYPES
from db.nlp.wordnet import speech_act_verbs

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
CLAIMS_FILE = "claims.toml"
ATTRIBUTION_FILE = "attribution.toml"

# Types that describe what an actor does with its main verb: `event` only when none of them.
ACTION_TYPES = frozenset({"request", "support", "agreement", "opposition", "threat", "plan"})


@dataclass(frozen=True)
class CueRule:
    """One cue rule of claims.toml (see the file's header for what each field means)."""

    type: str
    lemmas: frozenset[str]
    pos: frozenset[str]
    preps: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    governors: frozenset[str] = frozenset()
    complement_lemmas: frozenset[str] = frozenset()
    complement: bool = False
    future: bool = False
    future_complement: bool = False
    actor_subject: bool = False
    negated_complement: bool = False
    modal: bool = False
    predicative: bool = False
    no_infinitive: bool = False
    active_actor_subject: bool = False
    also_event: bool = False
    comment: str = ""
    example: str = ""


@dataclass(frozen=True)
class ClaimRules:
    cues: tuple[CueRule, ...]
    by_word: dict[str, tuple[CueRule, ...]]
    prediction_modals: frozenset[str]
    risk_modals: frozenset[str]
    actor_nouns: frozenset[str]
    not_event: frozenset[str]
    not_event_nouns: frozenset[str]


@dataclass(frozen=True)
class AttributionRules:
    reporting: frozenset[str]
    needs_clause: frozenset[str]
    reporting_not_objects: frozenset[str]
    speaker_verbs: frozenset[str]
    speech_acts: frozenset[str]
    uttering: frozenset[str]
    utterances: frozenset[str]
    according_to: tuple[list[dict[str, Any]], ...]
    outlets: frozenset[str]
    roles: frozenset[str]
    institutions: frozenset[str]
    anonymous: frozenset[str]
    nicknames: frozenset[str]


def read_rules_file(name: str) -> dict[str, Any]:
    return tomllib.loads((RULES_DIR / name).read_text(encoding="utf-8"))


def forms(lemma: str) -> set[str]:
    """The lemma and its regular inflections, for matching without a lemmatizer."""
    out = {lemma}
    if " " in lemma or not lemma.isalpha():
        return out
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out |= {lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" \
            and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # commit -> committed
    return out


def _words(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.lower() for v in values or ())


def _cue(raw: dict[str, Any]) -> CueRule:
    if raw.get("type") not in CLAIM_TYPES:
        raise ValueError(f"claims.toml: unknown claim type {raw.get('type')!r}")
    return CueRule(
        type=raw["type"],
        lemmas=_words(raw["lemmas"]),
        pos=frozenset(raw.get("pos", ["VERB", "AUX", "ADJ"])),
        preps=_words(raw.get("preps")),
        objects=_words(raw.get("objects")),
        not_objects=_words(raw.get("not_objects")),
        governors=_words(raw.get("governors")),
        complement_lemmas=_words(raw.get("complement_lemmas")),
        complement=bool(raw.get("complement", False)),
        future=bool(raw.get("future", False)),
        future_complement=bool(raw.get("future_complement", False)),
        actor_subject=bool(raw.get("actor_subject", False)),
        negated_complement=bool(raw.get("negated_complement", False)),
        modal=bool(raw.get("modal", False)),
        predicative=bool(raw.get("predicative", False)),
        no_infinitive=bool(raw.get("no_infinitive", False)),
        active_actor_subject=bool(raw.get("active_actor_subject", False)),
        also_event=bool(raw.get("also_event", False)),
        comment=str(raw.get("comment", "")),
        example=str(raw.get("example", "")),
    )


@lru_cache(maxsize=1)
def claim_rules() -> ClaimRules:
    data = read_rules_file(CLAIMS_FILE)
    cues = tuple(_cue(raw) for raw in data["cue"])
    table: dict[str, list[CueRule]] = {}
    for cue in cues:
        for lemma in cue.lemmas:
            for form in forms(lemma):
                table.setdefault(form, []).append(cue)
    return ClaimRules(
        cues=cues,
        by_word={word: tuple(found) for word, found in table.items()},
        prediction_modals=_words(data["modes"]["prediction"]),
        risk_modals=_words(data["modes"]["risk"]),
        actor_nouns=_words(data["actor_nouns"]["nouns"]),
        not_event=_words(data["event"]["not_event"]),
        not_event_nouns=_words(data["event"]["not_event_nouns"]),
    )


def _with_forms(values: list[str]) -> frozenset[str]:
    return frozenset(f for v in values for f in forms(v.lower()))


@lru_cache(maxsize=1)
def attribution_rules() -> AttributionRules:
    data = read_rules_file(ATTRIBUTION_FILE)
    return AttributionRules(
        reporting=_with_forms(data["reporting"]["lemmas"]) | {"told", "said", "wrote", "found"},
        needs_clause=_with_forms(data["reporting"]["needs_clause"]),
        reporting_not_objects=_words(data["reporting_objects"]["not_objects"]),
        speaker_verbs=_with_forms(data["speaker_verbs"]["lemmas"]),
        # WordNet's speech acts beside the typed list: "X apologized", "X repeated", "X
        # pointed out" name their speaker whatever verb the outlet chose (db/nlp/wordnet.py)
        speech_acts=_with_forms(sorted(speech_act_verbs())),
        uttering=_with_forms(data["utterances"]["verbs"]),
        utterances=_words(data["utterances"]["nouns"]),
        according_to=tuple(data["according_to"]["patterns"]),
        outlets=_words(data["outlets"]["nouns"]),
        roles=_words(data["roles"]["nouns"]),
        institutions=_words(data["institutions"]["nouns"]),
        anonymous=_words(data["anonymous_sources"]["nouns"]),
        nicknames=_words(data["nicknames"]["words"]),
    )
