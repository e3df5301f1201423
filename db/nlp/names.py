"""Spelling-insensitive forms of names: the keys that join surface forms to one actor.

"Côte d’Ivoire", "Cote d'Ivoire" and "COTE D'IVOIRE" fold to one form; "the U.S." and "US"
do not (dots matter: "US" and "us" are different words), but dotted and undotted
abbreviations are joined by the gazetteer listing both.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "–": "-", "‑": "-"})
_LEADING_ARTICLE = re.compile(r"^(the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


def plain(text: str) -> str:
    """Straight quotes and hyphens, no diacritics, single spaces."""
    if text.isascii() and "`" not in text:
        return text if "  " not in text and text.strip() == text else " ".join(text.split())
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def fold(text: str) -> str:
    """The lookup form: plain, case-folded, without a leading article or possessive."""
    return strip_article(plain(text)).casefold()


def strip_article(text: str) -> str:
    if text[:4] in ("the ", "The ", "THE "):
        text = text[4:]
    if text.endswith(("s", "'", "’")):
        text = _POSSESSIVE.sub("", text)
    return text.strip()


def person_key(full_name: str) -> str:
    """'Charles Q. Brown Jr.' -> 'charles q brown jr': dots, commas and accents dropped."""
    text = fold(full_name).replace(".", " ").replace(",", " ")
    return " ".join(text.split())


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))
