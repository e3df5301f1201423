"""The whole pipeline: text -> spaCy Doc -> actors, mentions and claims (an Extraction).

Long texts are cut into pieces at paragraph breaks so that the model's length limit never
refuses an article; offsets are shifted back so they refer to the whole body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from db.nlp import actors, claims
from db.nlp.found import Extraction
from db.nlp.model import LoadedModel, load_model

PIECE_CHARS = 100_000


def extract_doc(doc: Doc) -> Extraction:
    found_actors, mentions = actors.find_actors(doc)
    found_claims = claims.find_claims(doc, mentions)
    return Extraction(tuple(found_actors), tuple(mentions), tuple(found_claims))


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, cut at paragraph or line breaks where possible."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut > 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _merge(parts: list[Extraction]) -> Extraction:
    seen: dict[str, object] = {}
    for part in parts:
        for actor in part.actors:
            seen.setdefault(actor.key, actor)
    return Extraction(
        tuple(seen.values()),  # type: ignore[arg-type]
        tuple(m for p in parts for m in p.mentions),
        tuple(c for p in parts for c in p.claims),
    )


class Pipeline:
    """A loaded model and the extraction that follows it."""

    def __init__(self, model: LoadedModel) -> None:
        self.model = model
        self.name = model.name
        self.warning = model.warning

    @classmethod
    def load(cls, name: str | None = None) -> Pipeline:
        return cls(load_model(name))

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(
        self, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extractions in the order of `texts`."""
        texts = list(texts)
        jobs = [(i, off, piece) for i, t in enumerate(texts) for off, piece in pieces(t)]
        docs = self.model.nlp.pipe(
            (piece for _, _, piece in jobs), batch_size=batch_size, n_process=n_process
        )
        current: list[Extraction] = []
        index = 0
        for (i, offset, _), doc in zip(jobs, docs, strict=True):
            while i > index:
                yield _merge(current)
                current, index = [], index + 1
            current.append(extract_doc(doc).shifted(offset))
        if texts:
            yield _merge(current)
