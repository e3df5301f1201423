"""How English writes a word: the words a large corpus writes mostly in lower case.

"Court", "Order", "Conception" and "Taskforce" are capitalised in an article, and the small
model reads them as names; but written English uses "court", "order", "conception" far more
often than the capitalised forms, while "Senate", "Hamas", "Apple" or "Roger" are written
capitalised more often than not. The evidence is spaCy's own lexeme probability table
(`spacy-lookups-data`, `en_lexeme_prob`: log probabilities of a million case-sensitive
forms, counted on a large English web corpus), a maintained resource rather than a list of
the words seen here.

The table is a 7 MB file of a million entries: reading it costs seconds. The words it
marks (about 80,000) are derived once and kept in the user's cache folder, named for the
package version and this module, as the gazetteer is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

from db.paths import cache_dir

# A word counts as a common word when its lower-case form is at least e^0.5 (1.65) times as
# frequent as its capitalised form. Below that margin the table cannot tell them apart
# ("Earth"/"earth", "Trump"/"trump", "Bill"/"bill" are close): the span stays a name.
MARGIN = 0.5
# At margin 0 (`lower_case_as_often`), "Earth"/"earth" counts: for spans that are no person.
EVEN = 0.0
# Words rarer than this (log probability) are left out: the table's counts are too few.
RAREST = -17.5


@cache
def lower_case_words() -> frozenset[str]:
    """Lower-case words that written English uses more often than their capitalised form
    (by `MARGIN`). Empty when the table is not installed: the test is then inert."""
    return _words(MARGIN)


@cache
def lower_case_as_often() -> frozenset[str]:
    """Lower-case words written at least as often as their capitalised form (margin 0):
    "earth" beside "Earth". Too close for names of people ("Bill", "Trump"), so used only
    where a span cannot be a person (`common_place_word`)."""
    return _words(EVEN)


def _words(margin: float) -> frozenset[str]:
    path = _cache_path(margin)
    if path is not None:
        try:
            return frozenset(path.read_text("utf-8").split())
        except OSError:
            pass
    derived = _derive()
    for m, words in derived.items():
        p = _cache_path(m)
        if p is not None and words:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
                tmp = p.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text("\n".join(sorted(words)), "utf-8")
                os.replace(tmp, p)  # readers see the old file or the whole new one
            except OSError:
                pass  # a read-only home: derive each time
    return derived[margin]


def mostly_lower_case(word: str) -> bool:
    """'Court', 'Conception', 'Guardrails': a capitalised word English mostly writes in
    lower case. Acronyms and words of other shapes are never common words here."""
    if not word.isalpha() or not word[:1].isupper() or not word[1:].islower():
        return False
    return word.lower() in lower_case_words()


@cache
def _derive() -> dict[float, frozenset[str]]:
    """Both sets in one read of the table (it costs seconds)."""
    try:
        table = resources.files("spacy_lookups_data").joinpath("data", "en_lexeme_prob.json.gz")
        with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            prob: dict[str, float] = json.load(f)
    except (ModuleNotFoundError, OSError, ValueError):
        return {MARGIN: frozenset(), EVEN: frozenset()}
    out: dict[float, set[str]] = {MARGIN: set(), EVEN: set()}
    for word, lp in prob.items():
        if lp > RAREST and len(word) > 2 and word.isalpha() and word.islower():
            capitalised = prob.get(word.capitalize())
            for m, words in out.items():
                if capitalised is None or lp - capitalised > m:
                    words.add(word)
    return {m: frozenset(words) for m, words in out.items()}


def _cache_path(margin: float) -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("spacy-lookups-data")
    except PackageNotFoundError:
        return None
    digest = hashlib.sha256(f"spacy-lookups-data={v};".encode())
    digest.update(Path(__file__).read_bytes())
    name = "lower-case-words" if margin == MARGIN else f"lower-case-words-{margin:g}"
    return cache_dir() / f"{name}-{digest.hexdigest()[:16]}.txt"
