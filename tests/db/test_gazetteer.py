"""The gazetteer: every country by each of its names, demonyms, capitals, institutions."""

from __future__ import annotations

import json

import pycountry
import pytest

from db.nlp.gazetteer import gazetteer
from db.nlp.officials import load_officials


def _names() -> list[tuple[str, str]]:
    out = []
    for c in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(c, field, None)
            if value:
                out.append((value, c.alpha_3))
    return out


def test_every_iso_country_name_resolves_to_its_code():
    g = gazetteer()
    wrong = []
    for name, alpha3 in _names():
        entry = g.lookup(name, confirmed=False)
        if entry is None or entry.kind != "country" or entry.country != alpha3:
            wrong.append((name, alpha3, entry))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("U.S.", "USA"), ("US", "USA"), ("America", "USA"), ("United States", "USA"),
        ("Britain", "GBR"), ("UK", "GBR"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
        ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Turkey", "TUR"),
        ("Türkiye", "TUR"), ("Russia", "RUS"), ("South Korea", "KOR"), ("North Korea", "PRK"),
        ("Syria", "SYR"), ("Holland", "NLD"), ("Burma", "MMR"), ("UAE", "ARE"),
    ],
)
def test_common_country_names(text, alpha3):
    entry = gazetteer().lookup(text, confirmed=False)
    assert entry is not None and (entry.kind, entry.country) == ("country", alpha3)


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [("American", "USA"), ("Americans", "USA"), ("French", "FRA"), ("Ukrainian", "UKR"),
     ("British", "GBR"), ("Iraqi", "IRQ"), ("Iraqis", "IRQ"), ("Syrian", "SYR"),
     ("German", "DEU"), ("Dutch", "NLD"), ("Chinese", "CHN"), ("Congolese", "COD")],
)
def test_demonyms_name_their_country(text, alpha3):
    entry = gazetteer().lookup(text, confirmed=False)
    assert entry is not None and (entry.kind, entry.country) == ("country", alpha3)


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [("Kyiv", "UKR"), ("Kiev", "UKR"), ("Moscow", "RUS"), ("Brussels", "BEL"),
     ("Damascus", "SYR"), ("Baghdad", "IRQ"), ("Washington", "USA"), ("London", "GBR")],
)
def test_capitals_are_places_in_their_country(text, alpha3):
    entry = gazetteer().lookup(text, confirmed=False)
    assert entry is not None and (entry.kind, entry.country) == ("place", alpha3)


@pytest.mark.parametrize(
    ("forms", "name", "kind", "country"),
    [
        (["EU", "European Union"], "European Union", "organization", None),
        (["NYT", "New York Times"], "The New York Times", "organization", "USA"),
        (["UN", "United Nations"], "United Nations", "organization", None),
        (["State Department", "Department of State"], "State Department", "organization", "USA"),
        (["Pentagon", "Department of Defense"], "Pentagon", "organization", "USA"),
        (["Kremlin"], "Kremlin", "organization", "RUS"),
        (["ISIL", "ISIS", "IS", "Daesh", "Da'esh", "Da’esh", "Islamic State"], "ISIL", "group",
         None),
    ],
)
def test_acronyms_and_full_names_are_one_actor(forms, name, kind, country):
    entries = {gazetteer().lookup(f, confirmed=False) for f in forms}
    assert len(entries) == 1
    (entry,) = entries
    assert entry is not None and (entry.name, entry.kind, entry.country) == (name, kind, country)


def test_curated_files_say_where_each_entry_was_checked():
    from db.nlp.gazetteer import load_json

    for name in ("institutions.json", "officials.json"):
        for entry in load_json(name)["entries"]:
            assert entry["source"].startswith("http") and entry["checked"], entry


def test_users_can_add_officials(tmp_path, monkeypatch):
    folder = tmp_path / "briefing"
    folder.mkdir()
    (folder / "officials.json").write_text(json.dumps({"entries": [
        {"name": "Kaja Kallas", "role": "High Representative", "country": None,
         "aliases": ["Kallas"], "source": "https://example.org", "checked": "2026-01-01"}]}))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    load_officials.cache_clear()
    try:
        names = {o.name: o for o in load_officials()}
        assert names["Kaja Kallas"].role == "High Representative"
        assert "Emmanuel Macron" in names
    finally:
        monkeypatch.undo()
        load_officials.cache_clear()


def test_rules_only_pipeline_finds_countries(rules_pipeline):
    text = ("The Republic of Korea and the Czech Republic signed; Ivorian and Dutch officials "
            "met in Kyiv with U.S.-backed envoys from the Kingdom of the Netherlands.")
    ex = rules_pipeline.extract(text)
    keys = {m.text: m.actor_key for m in ex.mentions}
    assert keys["Republic of Korea"] == "country:KOR"
    assert keys["Czech Republic"] == "country:CZE"
    assert keys["Ivorian"] == "country:CIV"
    assert keys["Dutch"] == "country:NLD"
    assert keys["U.S."] == "country:USA"
    assert keys["Kingdom of the Netherlands"] == "country:NLD"
    assert keys["Kyiv"].startswith("place:UKR")


def test_matchers_survive_memory_zones(rules_pipeline):
    # The pipeline parses inside nlp.memory_zone(); the matchers are built during the first
    # call and must still work in the next one.
    first, second = (rules_pipeline.extract("General Ann Smith flew from Kyiv to the U.S.")
                     for _ in range(2))
    assert [m.actor_key for m in first.mentions] == [m.actor_key for m in second.mentions]
    assert "country:USA" in {m.actor_key for m in second.mentions}
