"""A cheap guess at whether a text is English: one that is not is stored without actors.

No dependency and no model: the share of common English function words among the first few
thousand characters, and the script of the letters. Good enough to tell an analyst that a
Spanish or Russian article went in but its actors and claims will be poor; it never refuses.
"""

from __future__ import annotations

import re
import unicodedata

SAMPLE_CHARS = 5000
MIN_WORDS = 20  # fewer words than this: too short to tell, no warning

_ENGLISH_WORDS = """the of and to in a is that for on with as was by it said at from his her be
are has have not an this but they were will who which their been its would had or he she we our"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
# Function words of the languages an English newsroom meets most; for naming the guess only.
_OTHERS = {
    "Spanish": "el la de que y en los del se las por un una para con es al lo como más pero",
    "French": "le la les de des et est un une du que en dans pour qui pas sur au avec il ce",
    "German": "der die das und ist nicht den von zu mit sich des auf für ein eine dem im auch",
    "Italian": "il di che la e per un una non sono del della le gli nel è si anche con",
    "Portuguese": "o a de que e do da em um uma para com não os as dos das no na foi",
    "Dutch": "de het een en van is dat niet op te zijn voor met die er ook aan",
}
_OTHER_WORDS = {name: frozenset(words.split()) for name, words in _OTHERS.items()}
_WORD = re.compile(r"[^\W\d_]+")

# Scripts named by the first word of a letter's Unicode name.
_SCRIPT_NAMES = {
    "CYRILLIC": "Cyrillic", "ARABIC": "Arabic", "HEBREW": "Hebrew", "GREEK": "Greek",
    "CJK": "Chinese or Japanese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
    "HANGUL": "Korean", "DEVANAGARI": "Devanagari", "THAI": "Thai", "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian", "BENGALI": "Bengali", "TAMIL": "Tamil", "ETHIOPIC": "Ethiopic",
}


def language_warning(text: str) -> str | None:
    """A warning when the text does not look like English; None when it does or is too short."""
    sample = text[:SAMPLE_CHARS]
    script = _main_script(sample)
    if script is not None:
        return f"text in {script} script, not English: stored without actors"
    words = _WORD.findall(sample.lower())
    if len(words) < MIN_WORDS:
        return None
    english = sum(w in _ENGLISH for w in words) / len(words)
    if english >= 0.08:
        return None
    name, share = max(
        ((n, sum(w in ws for w in words) / len(words)) for n, ws in _OTHER_WORDS.items()),
        key=lambda pair: pair[1],
    )
    if share > max(0.12, 2 * english):
        return f"looks like {name}, not English: stored without actors"
    if english < 0.03:
        return "does not look like English: stored without actors"
    return None


def _main_script(sample: str) -> str | None:
    """The script of most letters, when it is not Latin; None for Latin text or no letters."""
    latin = 0
    other: dict[str, int] = {}
    for ch in sample:
        if not ch.isalpha():
            continue
        if ch < "\u0250":  # ASCII, Latin-1 and Latin Extended-A/B
            latin += 1
            continue
        first = unicodedata.name(ch, "").split(" ", 1)[0]
        if first == "LATIN":
            latin += 1
        else:
            script = _SCRIPT_NAMES.get(first, "non-Latin")
            other[script] = other.get(script, 0) + 1
    total = latin + sum(other.values())
    if total < MIN_WORDS or not other:
        return None
    script, count = max(other.items(), key=lambda pair: pair[1])
    return script if sum(other.values()) > latin and count > 0 else None
