"""The whole pipeline: text -> spaCy Doc -> actors, mentions and claims (an Extraction).

Long texts are cut into pieces at paragraph breaks so that the model's length limit never
refuses an article; offsets are shifted back so they refer to the whole body.

With `n_process` > 1 the model runs in a pool of worker processes, forked once from this one
(so the model is loaded once and shared copy-on-write) and kept for the pipeline's life. Each
worker parses *and* post-processes (actors, claims) and sends back only the small Extraction:
spaCy's own `nlp.pipe(n_process=...)` would ship whole Docs back and leave the post-processing
to the one writing process. Every batch runs in `nlp.memory_zone()`, so the strings and
vocabulary entries of old texts are freed and memory stays flat over long runs.
"""

from __future__ import annotations

import atexit
import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.pool import Pool

from spacy.tokens import Doc

from db.language import language_warning
from db.nlp import actors
from db.nlp.authors import author_of, with_author
from db.nlp.claims.extract import find_claims
from db.nlp.claims.sentences import sentence_spans
from db.nlp.found import Extraction, FoundClaim
from db.nlp.model import LoadedModel, load_model
from db.nlp.named_sources import Made
from db.nlp.spans import doc_text, remember_text

PIECE_CHARS = 100_000


def extract_doc(doc: Doc) -> Extraction:
    if language_warning(doc_text(doc)) is not None:
        # English NER on another language makes actors of its common words (Cyrillic nouns
        # as people, a Finnish pronoun as a Japanese island). The reader has said once that
        # the text is not English; it is stored with its sentences, and no actors or types.
        return Extraction((), (), tuple(FoundClaim(a, b) for a, b in sentence_spans(doc)))
    found_actors, mentions = actors.find_actors(doc)
    made: list[Made] = []
    found_claims = find_claims(doc, mentions, made)
    if made:  # names the recognizer missed that the text has speak (named_sources.py)
        # a made mention over the very words of a found one replaces it (an interviewer's
        # label "WN" the recognizer took for an organisation of that name is Wikinews)
        spans = {(m.mention.start, m.mention.end) for m in made}
        replaced = {m.actor_key for m in mentions if (m.start, m.end) in spans}
        mentions = [m for m in mentions if (m.start, m.end) not in spans]
        known = {a.key for a in found_actors}
        for m in made:
            if m.actor.key not in known:
                known.add(m.actor.key)
                found_actors.append(m.actor)
        mentions = sorted([*mentions, *(m.mention for m in made)], key=lambda m: m.start)
        kept = {m.actor_key for m in mentions}
        found_actors = [a for a in found_actors if a.key in kept or a.key not in replaced]
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


def _extract_pieces(
    model: LoadedModel, jobs: list[tuple[int, int, str]], batch_size: int
) -> list[tuple[int, Extraction]]:
    """(text index, extraction of one piece, shifted) for every job, in order."""
    out: list[tuple[int, Extraction]] = []
    # Docs must not outlive the zone: only the Extractions (plain tuples) leave it.
    with model.nlp.memory_zone():
        docs = model.nlp.pipe((piece for _, _, piece in jobs), batch_size=batch_size)
        for (i, offset, piece), doc in zip(jobs, docs, strict=True):
            remember_text(doc, piece)
            out.append((i, extract_doc(doc).shifted(offset)))
    return out


_WARM_UP = (
    "President Joe Biden of the United States said on Monday in Washington that NATO and "
    "the European Union would support Ukraine. Russia's Foreign Ministry denied it."
)

# The pipeline a forked worker uses: set in the parent just before the fork, inherited.
_WORKER_PIPELINE: Pipeline | None = None


def _worker_init() -> None:
    # Ctrl-C and hang-up are for the parent, which finishes its batch and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # SIGTERM is how the pool is stopped (Pool.terminate). A fork inherits the parent's
    # handler (the CLI's "stop after this batch"), under which a waiting worker never died
    # and the ingest hung at its exit, joining it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker_run(args: tuple[list[tuple[int, int, str]], int]) -> list[tuple[int, Extraction]]:
    assert _WORKER_PIPELINE is not None
    jobs, batch_size = args
    return _extract_pieces(_WORKER_PIPELINE.model, jobs, batch_size)


class Pipeline:
    """A loaded model and the extraction that follows it."""

    def __init__(self, model: LoadedModel) -> None:
        self.model = model
        self.name = model.name
        self.warning = model.warning
        self._pool: Pool | None = None
        self._pool_size = 0
        # One text outside any memory zone first: matchers and lookups that the extraction
        # builds lazily on first use must keep their strings, not lose them when a zone ends.
        extract_doc(model.nlp(_WARM_UP))

    def _workers(self, n_process: int) -> Pool:
        global _WORKER_PIPELINE
        if self._pool is None or self._pool_size != n_process:
            self.close()
            _WORKER_PIPELINE = self
            # fork: the workers share the loaded model instead of loading it again each.
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(n_process, initializer=_worker_init)
            self._pool_size = n_process
            atexit.register(self.close)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    @classmethod
    def load(cls, name: str | None = None) -> Pipeline:
        return cls(load_model(name))

    def extract(self, text: str, title: str | None = None) -> Extraction:
        return next(self.extract_many([text], titles=[title]))

    def authored(self, extractions: Iterable[Extraction],
                 titles: Sequence[str | None]) -> Iterator[Extraction]:
        """Each extraction with the author its title names as speaker of its unattributed
        claims (`authors.py`); in this process, which holds the model."""
        for extraction, title in zip(extractions, titles, strict=True):
            yield with_author(extraction, author_of(self.model.nlp, title))

    def extract_many(
        self, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1,
        titles: Sequence[str | None] | None = None,
    ) -> Iterator[Extraction]:
        """Extractions in the order of `texts`; with `titles`, a signed statement's author
        speaks its unattributed claims."""
        texts = list(texts)
        if titles is not None:
            yield from self.authored(
                self.extract_many(texts, batch_size=batch_size, n_process=n_process), titles)
            return
        jobs = [(i, off, piece) for i, t in enumerate(texts) for off, piece in pieces(t)]
        if n_process > 1 and len(jobs) > 1:
            # Small tasks keep both workers busy to the end of the batch; the model still
            # sees a few texts at a time.
            size = max(1, min(batch_size, -(-len(jobs) // (4 * n_process))))
            tasks = [(jobs[k:k + size], batch_size) for k in range(0, len(jobs), size)]
            results: Iterable[tuple[int, Extraction]] = (
                r for chunk in self._workers(n_process).imap(_worker_run, tasks) for r in chunk
            )
        else:
            results = _extract_pieces(self.model, jobs, batch_size)
        current: list[Extraction] = []
        index = 0
        for i, extraction in results:
            while i > index:
                yield _merge(current)
                current, index = [], index + 1
            current.append(extraction)
        if texts:
            yield _merge(current)
