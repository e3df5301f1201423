"""Line layout for the reader: where each sentence breaks into screen lines.

Only offsets are computed here (a sentence's lines are `(start, end)` slices of its display
text), so that laying out a 5 MB article costs one pass of `str.rfind` per line, and the
styled lines are built later, only for what is on screen (tui/widgets/reader.py).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from rich._wrap import divide_line  # Rich's own word wrap, for text with wide characters

from db.reading import Reading
from db.text import for_display
from tui.widgets.badges import type_badges

# A wrapped line: (sentence index, start, end) into that sentence's display text. Sentence
# index -1 is the blank line between paragraphs.
Line = tuple[int, int, int]


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `text` at `width` cells: the lines as (start, end) offsets.

    Newlines in the text end a line; the space a line breaks at is left out. ASCII text is
    wrapped with `rfind` (one call per line); other text by Rich, which knows wide cells."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    at = 0
    for part in text.split("\n"):
        end = at + len(part)
        if part.isascii():
            i = at
            while end - i > width:
                j = text.rfind(" ", i, i + width + 1)
                if j <= i:  # a word longer than the line: cut it
                    lines.append((i, i + width))
                    i += width
                else:
                    lines.append((i, j))
                    i = j + 1
            lines.append((i, end))
        else:
            breaks = divide_line(part, width, fold=True)
            bounds = [0, *breaks, len(part)]
            lines.extend((at + a, at + b) for a, b in zip(bounds, bounds[1:], strict=False))
        at = end + 1
    return lines


class Layout:
    """Every screen line of an article at one width, and where each sentence starts.

    Lines are three arrays (sentence, start, end), not tuples: a 5 MB article has 84,000."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.sentences = array("l")  # -1: the blank line between paragraphs
        self.starts = array("l")
        self.ends = array("l")
        self.first = array("l")  # the first line of each sentence

    def __len__(self) -> int:
        return len(self.sentences)

    def line(self, i: int) -> Line:
        return self.sentences[i], self.starts[i], self.ends[i]

    @classmethod
    def of(cls, texts: list[str], paragraphs: list[bool], width: int) -> Layout:
        layout = cls(width)
        sentences, starts, ends, first = layout.sentences, layout.starts, layout.ends, \
            layout.first
        for i, text in enumerate(texts):
            if paragraphs[i]:
                sentences.append(-1)
                starts.append(0)
                ends.append(0)
            first.append(len(sentences))
            if len(text) <= width and text.isascii():  # most sentences of a wide screen
                sentences.append(i)
                starts.append(0)
                ends.append(len(text))
                continue
            for a, b in wrap_offsets(text, width):
                sentences.append(i)
                starts.append(a)
                ends.append(b)
        return layout

    def span(self, sentence: int) -> tuple[int, int]:
        """The first line of a sentence and its number of lines."""
        start = self.first[sentence]
        end = self.first[sentence + 1] if sentence + 1 < len(self.first) else len(self)
        # The next sentence's paragraph line belongs to neither.
        while end > start and self.sentences[end - 1] != sentence:
            end -= 1
        return start, end - start

    def sentence_at(self, line: int) -> int | None:
        """The sentence shown on a line (the one below, on a paragraph's blank line)."""
        if not self.first or line < 0 or line >= len(self):
            return None
        if self.sentences[line] >= 0:
            return self.sentences[line]
        return min(len(self.first) - 1, bisect_right(self.first, line))


NEGATED = "¬"


DisplayTexts = tuple[list[str], list[bool]]


def display_texts(reading: Reading) -> DisplayTexts:
    """Each sentence as the reader shows it (plain display text and its badges), and whether
    it starts a paragraph. From the claims' columns: no `Claim` is made for this."""
    claims = reading.claims
    # for_display keeps lengths, so one pass over the body serves every sentence.
    body = for_display(reading.article.body).replace("\t", " ")
    if not len(claims):  # nothing extracted: show the body as it is
        return [body], [False]
    texts, paragraphs = [], []
    previous_end = 0
    labels: dict[tuple[tuple[str, ...], int], str] = {}  # a few combinations, made once
    for i, (cid, start, end) in enumerate(zip(claims.ids, claims.starts, claims.ends,
                                              strict=True)):
        key = (claims.types.get(cid, ()), claims.negated[i])
        label = labels.get(key)
        if label is None:
            badges = type_badges(key[0])
            label = labels[key] = \
                f"  [{NEGATED if key[1] else ''}{badges}]" if badges or key[1] else ""
        texts.append(body[start:end].replace("\n", " ") + label)
        paragraphs.append(i > 0 and "\n" in body[previous_end:start])
        previous_end = end
    return texts, paragraphs
