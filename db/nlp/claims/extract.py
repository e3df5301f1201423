"""Claims: every sentence (split at `;` and line breaks: sentences.py) with its types, cues
and speaker.

Types come from the parse (`by_parse.py`) with the rules of `rules/claims.toml`, weighed by
the learned model (`model.py`); the speaker, `quote` and `report` from
`db/nlp/attribution.py`. Without a parser (the rules-only pipeline) sentences are still split
and typed from word-level cues (`by_words.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from db.models import CLAIM_TYPES
from db.nlp.attribution import Attributor, Part
from db.nlp.claims import by_words
from db.nlp.claims.by_parse import Typed, TypeFinder, main_predicate
from db.nlp.claims.model import Feature, claim_model, clause_features
from db.nlp.claims.rulebook import attribution_rules, claim_rules
from db.nlp.claims.scan import DocScan
from db.nlp.claims.sentences import sentence_spans
from db.nlp.found import FoundClaim, FoundCue, FoundMention
from db.nlp.named_sources import Made
from db.nlp.sources import Attributed
from db.nlp.spans import doc_text

_ORDER = {t: i for i, t in enumerate(CLAIM_TYPES)}


@dataclass(frozen=True)
class ClaimPart:
    """One claim as the rules see it, before the model decides its types."""

    start: int
    end: int
    typed: Typed
    attributed: Attributed
    features: list[Feature]


def claim_parts(doc: Doc, mentions: list[FoundMention],
                made: list[Made] | None = None) -> list[ClaimPart]:
    """Every claim of a parsed doc with its rule cues, attribution and model features;
    `made` receives the sources attribution made actors of (`named_sources.py`)."""
    spans = sentence_spans(doc)
    text = doc_text(doc)
    rules = claim_rules()
    reporting = attribution_rules().reporting
    finder = TypeFinder(rules, [(m.start, m.end) for m in mentions])
    scan = DocScan(doc)
    parts: list[Part] = []
    for start, end in spans:
        a, b = scan.tokens(start, end)
        parts.append((start, end, a, b, main_predicate(scan, a, b, reporting)))
    attributor = Attributor(doc, mentions, scan)
    attributed = attributor.attribute(parts)
    if made is not None:
        made.extend(attributor.refs.made)
    out: list[ClaimPart] = []
    for (start, end, a, b, main), attr in zip(parts, attributed, strict=True):
        typed = finder.find(scan, a, b, text[start:end], main) if a < b else Typed()
        rule_types = {t: first.i for t, (first, _last) in typed.cues.items()}
        feats = clause_features(doc, a, b, main, rule_types, attr.quote is not None,
                                attr.report is not None) if a < b else []
        out.append(ClaimPart(start, end, typed, attr, feats))
    return out


def find_claims(doc: Doc, mentions: list[FoundMention],
                made: list[Made] | None = None) -> list[FoundClaim]:
    """The claims; `made` receives the actors made of sources the recognizer missed."""
    if not doc.has_annotation("DEP"):
        return by_words.find_claims(doc, sentence_spans(doc), mentions)
    text = doc_text(doc)
    model = claim_model()
    out: list[FoundClaim] = []
    for part in claim_parts(doc, mentions, made):
        typed, attr = part.typed, part.attributed
        cues = [_cue(text, ctype, first, last) for ctype, (first, last) in typed.cues.items()]
        if model is not None and part.features:
            cues = _decided(doc, text, model.decide(part.features), typed, part)
        if attr.quote is not None:
            cues.append(FoundCue("quote", text[attr.quote[0]:attr.quote[1]], *attr.quote))
        if attr.report is not None:
            cues.append(FoundCue("report", text[attr.report[0]:attr.report[1]],
                                 *attr.report))
        cues.sort(key=lambda c: _ORDER[c.type])
        out.append(FoundClaim(part.start, part.end, tuple(c.type for c in cues), tuple(cues),
                              attr.speaker_key, typed.negated, attr.sourced))
    return out


def _decided(doc: Doc, text: str, decided: dict[str, int], typed: Typed,
             part: ClaimPart) -> list[FoundCue]:
    """The model's types, each with the rules' cue where the rules found one, else the token
    that weighed most for it (else the main predicate, else the claim's first word)."""
    cues = []
    for ctype, at in decided.items():
        if ctype in typed.cues:
            first, last = typed.cues[ctype]
            cues.append(_cue(text, ctype, first, last))
            continue
        tok = doc[at] if at >= 0 else typed.main
        if tok is None:
            cues.append(FoundCue(ctype, text[part.start:part.end], part.start, part.end))
        else:
            cues.append(_cue(text, ctype, tok, tok))
    return cues


def _cue(text: str, ctype: str, first: Token, last: Token) -> FoundCue:
    start, end = first.idx, last.idx + len(last)
    return FoundCue(ctype, text[start:end], start, end)
