"""Claims are sentences: the document's sentences, split at `;` and at line breaks, trimmed."""

from __future__ import annotations

from spacy.tokens import Doc

from db.nlp.spans import doc_text


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
