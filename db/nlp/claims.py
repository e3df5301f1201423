"""Claims: every sentence (split at `;`) becomes a claim, with its types and speaker.

This first level splits sentences and leaves them untyped; typing rules build on it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from db.nlp.found import FoundClaim, FoundMention


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the claims: sentences, split at `;`, trimmed of whitespace."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        pieces = []
        for tok in sent:
            if tok.text == ";":
                pieces.append((start, tok.idx + 1))
                start = tok.idx + 1
        pieces.append((start, sent.end_char))
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
    return spans


def find_claims(doc: Doc, mentions: list[FoundMention]) -> list[FoundClaim]:
    return [FoundClaim(start, end) for start, end in sentence_spans(doc)]
