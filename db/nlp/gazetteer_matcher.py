"""The phrase matcher over the gazetteer's strong surface forms, its patterns cached on disk.

Building the matcher is mostly tokenizing the five thousand surface forms (about a second,
a third of a rules-only ingest's start, paid again by every ingest process and `--workers`
process). What the matcher keeps of a pattern is the tuple of its tokens' ORTH hashes, which
depend on the tokenizer's rules and spaCy's string hash but not on the vocabulary: so those
tuples are cached beside the gazetteer's pickle, in a file named for the gazetteer's own key
(its data and code) and spaCy's version, and any vocabulary's matcher is built from them
without tokenizing. A missing, stale or broken file is rebuilt; a read-only cache folder
only means building each time.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from db.nlp.cached import cached
from db.nlp.gazetteer import cache_path, gazetteer

# key -> every pattern of that key, as its tokens' ORTH hashes
Patterns = dict[str, list[tuple[int, ...]]]

_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def matcher(vocab: Vocab) -> PhraseMatcher:
    """A case-sensitive phrase matcher over every strong surface form, one per vocabulary."""
    held = _MATCHERS.get(id(vocab))
    if held is not None and held[0] is vocab:
        return held[1]
    found = PhraseMatcher(vocab, attr="ORTH")
    for key, keywords in patterns().items():
        # Not transient: a matcher first built inside `nlp.memory_zone()` must keep its
        # labels after the zone ends.
        vocab.strings.add(key, allow_transient=False)  # type: ignore[call-arg]  # stub lags 3.8
        # PhraseMatcher.add takes a pattern as its attribute hashes as well as a Doc (that is
        # how a pickled matcher is read back): no Doc needs making.
        found.add(key, keywords)  # type: ignore[arg-type]  # the stub knows Docs only
    _MATCHERS[id(vocab)] = (vocab, found)  # the vocab is held so its id is never reused
    return found


def patterns_path() -> Path:
    """The cache file: named for the gazetteer's key (its data and code), this module's code
    and spaCy's version, so a change to any of them gives a new name."""
    gazetteer_file = cache_path()
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]
    return gazetteer_file.with_name(
        f"{gazetteer_file.stem}-matcher-{own}-spacy{version('spacy')}.pickle")


def patterns() -> Patterns:
    """The matcher's patterns: read from the cache, else tokenized and cached."""
    # `tokenized` looked up at each call: a test replaces it to see that it is not called.
    return cached(patterns_path(), lambda: tokenized(), _is_patterns)


def tokenized() -> Patterns:
    """Every strong surface form through spaCy's English tokenizer, as ORTH hashes."""
    tokenizer: Any = spacy.blank("en").tokenizer
    pairs = list(gazetteer().patterns())
    out: Patterns = {}
    for (key, _), doc in zip(pairs, tokenizer.pipe(s for _, s in pairs), strict=True):
        if len(doc):
            out.setdefault(key, []).append(tuple(t.orth for t in doc))
    return out


def _is_patterns(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, list) for k, v in value.items())
