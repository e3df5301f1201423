"""Claims without a parser (the rules-only pipeline): word-level cues, as a fallback.

No parse means no predicates: a cue word counts unless it follows a determiner (a noun:
"the support troops"), and cues that need a parse (objects, governors, complements) are
skipped. Attribution is by proximity: "according to X", "X said", "said X".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from db.models import CLAIM_TYPES
from db.nlp.claims.quantity import CURRENCY_SIGNS, is_quantity
from db.nlp.claims.rulebook import attribution_rules, claim_rules
from db.nlp.found import FoundClaim, FoundCue, FoundMention
from db.nlp.quote_regions import quote_regions
from db.nlp.spans import doc_text

_DETERMINERS = frozenset({"the", "a", "an", "our", "its", "their", "his", "her", "my", "your",
                          "this", "that", "these", "those", "of"})
_VERB_BEFORE = frozenset({"i", "we", "they", "you", "to", "will", "would", "shall", "must",
                          "should", "can", "could", "may", "might", "not", "also", "strongly",
                          "firmly", "fully"})
_ORDER = {t: i for i, t in enumerate(CLAIM_TYPES)}


def find_claims(doc: Doc, spans: Sequence[tuple[int, int]],
                mentions: Sequence[FoundMention]) -> list[FoundClaim]:
    rules = claim_rules()
    arules = attribution_rules()
    text = doc_text(doc)
    regions = sorted(quote_regions(text, arules.nicknames))
    region_ends = [e for _, e in regions]
    # Mentions sorted once, so each claim finds its own by bisection: a 5 MB article has
    # tens of thousands of sentences and mentions, and a scan per sentence is quadratic.
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    out: list[FoundClaim] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        tokens: list[Token] = list(span) if span is not None else []
        cues: dict[str, FoundCue] = {}
        for k, tok in enumerate(tokens):
            low = tok.lower_
            prev = tokens[k - 1].lower_ if k else ""
            nxt = tokens[k + 1].lower_ if k + 1 < len(tokens) else ""
            future = any(t.lower_ in rules.prediction_modals | {"would"}
                         for t in tokens[max(0, k - 3):k])
            # a base form ("support") is a verb only after a subject pronoun, "to" or a
            # modal: "the army sent support troops" is no support
            base_noun = low in rules.by_word and not low.endswith(("ed", "s", "ing")) and \
                prev not in _VERB_BEFORE
            for cue in rules.by_word.get(low, ()):
                if prev in _DETERMINERS or base_noun or cue.objects or cue.governors \
                        or cue.complement or cue.complement_lemmas or cue.negated_complement:
                    continue
                if cue.preps and nxt not in cue.preps:
                    continue
                if cue.future and not future:
                    continue
                _add(cues, cue.type, tok)
            if low in rules.prediction_modals and not ({"plan", "agreement"} & cues.keys()):
                _add(cues, "prediction", tok)
            elif low in rules.risk_modals and low != "may" and "agreement" not in cues:
                _add(cues, "risk", tok)
            if (tok.like_num or tok.text[:1] in CURRENCY_SIGNS) and is_quantity(tok, tokens, k):
                _add(cues, "quantity", tok)
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        speaker, report = _source(text, tokens, by_start[lo:hi], arules.reporting)
        if report is not None:
            cues.setdefault("report", report)
        quoted = []
        for s, e in regions[bisect_left(region_ends, start + 1):]:
            if s >= end:
                break
            quoted.append((max(s, start), min(e, end)))
        if quoted and len(text[quoted[0][0]:quoted[-1][1]].split()) >= 3:
            qs, qe = quoted[0][0], quoted[-1][1]
            cues["quote"] = FoundCue("quote", text[qs:qe], qs, qe)
        ordered = sorted(cues.values(), key=lambda c: _ORDER[c.type])
        negated = any(t.lower_ in ("not", "n't", "never") for t in tokens)
        out.append(FoundClaim(start, end, tuple(c.type for c in ordered), tuple(ordered),
                              speaker, negated))
    return out


def _add(cues: dict[str, FoundCue], ctype: str, tok: Token) -> None:
    cues.setdefault(ctype, FoundCue(ctype, tok.text, tok.idx, tok.idx + len(tok)))


def _source(text: str, tokens: Sequence[Token], mentions: Sequence[FoundMention],
            reporting: frozenset[str]) -> tuple[str | None, FoundCue | None]:
    """'according to X' or a reporting verb next to a mention: (speaker key, report cue)."""
    if not tokens:
        return None, None
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    inside = [m for m in mentions if lo <= m.start < hi]
    for k, tok in enumerate(tokens[:-1]):
        if tok.lower_ == "according" and tokens[k + 1].lower_ == "to":
            after = [m for m in inside if m.start > tok.idx]
            end = tokens[k + 1].idx + len(tokens[k + 1])
            cue = FoundCue("report", text[tok.idx:end], tok.idx, end)
            return (after[0].actor_key if after else None), cue
    for tok in tokens:
        if tok.lower_ not in reporting:
            continue
        cue = FoundCue("report", tok.text, tok.idx, tok.idx + len(tok))
        before = [m for m in inside if m.end <= tok.idx and tok.idx - m.end <= 25]
        after = [m for m in inside if m.start > tok.idx and m.start - tok.idx <= 12]
        if before:
            return before[-1].actor_key, cue
        if after:
            return after[0].actor_key, cue
    return None, None
