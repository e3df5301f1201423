"""Claims: every sentence (split at `;` and line breaks) with its types, cues and speaker.

Types come from the parse (`claim_types.py`) with the rules of `rules/claims.toml`; the
speaker, `quote` and `report` from `attribution.py`. Without a parser (the rules-only
pipeline) sentences are still split and typed from word-level cues (`fallback.py`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from db.nlp import fallback
from db.nlp.attribution import Attributor, Part
from db.nlp.claim_rules import TYPES, attribution_rules, claim_rules
from db.nlp.claim_scan import DocScan
from db.nlp.claim_types import Typed, TypeFinder, main_predicate
from db.nlp.found import FoundClaim, FoundCue, FoundMention
from db.nlp.spans import doc_text

_ORDER = {t: i for i, t in enumerate(TYPES)}


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the claims: sentences, split at `;` and at line breaks, trimmed.

    A line break always ends a claim: press releases put a headline, a "X said:" line and
    the statement on lines of their own, and the parser often runs them together.
    """
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        cuts = [sent.start_char]
        semi = text.find(";", sent.start_char, sent.end_char)
        while semi >= 0:  # on the text, not the tokens: a Token object costs more
            cuts.append(semi + 1)
            semi = text.find(";", semi + 1, sent.end_char)
        cuts.append(sent.end_char)
        for i in range(len(cuts) - 1):
            a0, b0 = cuts[i], cuts[i + 1]
            for line in _lines(text, a0, b0):
                a, b = line
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b:
                    spans.append((a, b))
    return spans


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = text.find("\n", start, end)
    while pos >= 0:
        out.append((start, pos))
        start = pos + 1
        pos = text.find("\n", start, end)
    out.append((start, end))
    return out


def find_claims(doc: Doc, mentions: list[FoundMention]) -> list[FoundClaim]:
    spans = sentence_spans(doc)
    text = doc_text(doc)
    if not doc.has_annotation("DEP"):
        return fallback.find_claims(doc, spans, mentions)
    rules = claim_rules()
    reporting = attribution_rules().reporting
    finder = TypeFinder(rules, [(m.start, m.end) for m in mentions])
    scan = DocScan(doc)
    parts: list[Part] = []
    for start, end in spans:
        a, b = scan.tokens(start, end)
        parts.append((start, end, a, b, main_predicate(scan, a, b, reporting)))
    attributed = Attributor(doc, mentions, scan).attribute(parts)
    out: list[FoundClaim] = []
    for (start, end, a, b, main), attr in zip(parts, attributed, strict=True):
        typed = finder.find(scan, a, b, text[start:end], main) if a < b else Typed()
        cues = [_cue(text, ctype, first, last) for ctype, (first, last) in typed.cues.items()]
        if attr.quote is not None:
            cues.append(FoundCue("quote", text[attr.quote[0]:attr.quote[1]], *attr.quote))
        if attr.report is not None:
            cues.append(FoundCue("report", text[attr.report[0]:attr.report[1]],
                                 *attr.report))
        cues.sort(key=lambda c: _ORDER[c.type])
        out.append(FoundClaim(start, end, tuple(c.type for c in cues), tuple(cues),
                              attr.speaker_key, typed.negated))
    return out


def _cue(text: str, ctype: str, first: Token, last: Token) -> FoundCue:
    start, end = first.idx, last.idx + len(last)
    return FoundCue(ctype, text[start:end], start, end)
