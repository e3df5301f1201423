"""The seed article read by hand (tests/fixtures/seed-reading.json): every listed actor found
in its sentence with the right kind and country, every alias resolved, no false actors."""

from __future__ import annotations

import pytest

from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_extraction(pipeline):
    from db.readers import read_inputs
    from db.text import clean

    (item,) = list(read_inputs([str(SEED)]))
    body = clean(item.body)
    return body, pipeline.extract(body)


def _actor_at(extraction, start, end):
    actors = {a.key: a for a in extraction.actors}
    return [actors[m.actor_key] for m in extraction.mentions if start <= m.start < end]


def test_every_listed_actor_is_found_in_its_sentence(seed_extraction, seed_reading):
    body, ex = seed_extraction
    expected = seed_reading["actors"]
    missing = []
    for sentence in seed_reading["sentences"]:
        start = body.index(sentence["text"])
        found = {a.name: a for a in _actor_at(ex, start, start + len(sentence["text"]))}
        for name in sentence["actors"]:
            actor = found.get(name)
            if actor is None:
                missing.append((sentence["text"][:40], name))
                continue
            assert (actor.kind, actor.country) == (
                expected[name]["kind"], expected[name]["country"]), name
    assert missing == []


def test_every_listed_alias_resolves(seed_extraction, seed_reading):
    body, ex = seed_extraction
    actors = {a.key: a for a in ex.actors}
    for alias, name in seed_reading["aliases_that_must_resolve"].items():
        at = body.index(alias)
        names = {actors[m.actor_key].name for m in ex.mentions
                 if m.start < at + len(alias) and m.end > at}
        assert name in names, alias


def test_no_false_actors(seed_extraction, seed_reading):
    body, ex = seed_extraction
    texts = {m.text for m in ex.mentions}
    names = {a.name for a in ex.actors}
    for word in seed_reading["not_actors"]:
        assert word not in texts and word not in names


def test_one_actor_per_real_thing(seed_extraction):
    _, ex = seed_extraction
    names = [a.name for a in ex.actors]
    assert len(names) == len(set(names))
    usa = next(a for a in ex.actors if a.key == "country:USA")
    for alias in ("U.S.", "America", "American", "United States"):
        assert alias in usa.aliases


def test_rules_only_pipeline_finds_the_seed_countries(rules_pipeline, seed_reading):
    ex = rules_pipeline.extract(SEED.read_text())
    found = {a.name for a in ex.actors}
    wanted = {n for n, a in seed_reading["actors"].items() if a["kind"] in ("country", "place")}
    assert wanted <= found


def test_an_acronym_defined_in_the_text_is_that_organisation(pipeline):
    ex = pipeline.extract("The Syrian Observatory for Human Rights (SOHR) reported 20 dead. "
                          "SOHR said the toll would rise.")
    keys = {m.text: m.actor_key for m in ex.mentions}
    assert keys["SOHR"] == keys["Syrian Observatory for Human Rights"]
    (observatory,) = [a for a in ex.actors if a.key == keys["SOHR"]]
    assert observatory.name == "Syrian Observatory for Human Rights"
    assert "SOHR" in observatory.aliases


def test_parentheses_that_are_not_its_initials_join_nothing(pipeline):
    ex = pipeline.extract("The Syrian Observatory for Human Rights (Britain) reported 20 dead. "
                          "The UNHCR said the toll would rise.")
    keys = {m.text: m.actor_key for m in ex.mentions}
    assert keys.get("UNHCR") != keys["Syrian Observatory for Human Rights"]


def test_text_not_in_english_gets_no_actors(pipeline):
    """English NER on other languages makes actors of common words; such a text keeps its
    sentences and gets none."""
    spanish = ("El gobierno anunció el lunes nuevas medidas para reducir los precios de la "
               "energía. El presidente dijo que el alivio llegará pronto a los ciudadanos de "
               "todo el país y que las negociaciones con los aliados deben continuar.")
    ex = pipeline.extract(spanish)
    assert ex.mentions == () and ex.actors == ()
    assert len(ex.claims) == 2 and all(not c.types for c in ex.claims)
    english = pipeline.extract("President Emmanuel Macron of France said on Monday that the "
                               "talks with Germany and the European Union would go on.")
    assert {a.name for a in english.actors} >= {"France", "Germany"}


def test_demonyms_inside_other_names_are_not_the_country(pipeline):
    for text in ("Latin American leaders met in Lima.", "Native American groups protested.",
                 "He flew to South America.", "An Indian tribe sued the state.",
                 "Turkish-speaking villages were shelled.",
                 "African American voters turned out."):
        ex = pipeline.extract(text)
        assert not [a for a in ex.actors if a.kind == "country"], (text, ex.actors)
    for text, country in (("American soldiers landed.", "USA"),
                          ("The French government agreed.", "FRA"),
                          ("U.S.-backed forces advanced.", "USA")):
        ex = pipeline.extract(text)
        assert [a.country for a in ex.actors if a.kind == "country"] == [country], text


def test_acronyms_are_never_places(pipeline):
    """GeoNames lists codes among towns' alternate names ("UTC" for Utrecht, "ROK" for
    Rockhampton); an unknown acronym is an organisation or nothing."""
    ex = pipeline.extract("The fire broke out at 3:30 a.m. UTC on Monday, and the ROK and the "
                          "PRC said they would send help.")
    assert not [a for a in ex.actors if a.kind == "place"], ex.actors


def test_gazetteer_codes_are_not_names():
    from db.nlp.gazetteer import _code

    assert _code("UTC") and _code("D.C.") and _code("10115")
    assert not _code("Kyiv") and not _code("Kiev")


def test_names_the_model_ran_together_are_cut_apart(pipeline):
    """One entity span holding two names gives both, not a third actor made of the two."""
    cases = (
        ("Protests spread to Omsk in Siberia on Monday.", {"Omsk", "Siberia"}),
        ("The U.S.-Japan Alliance is strong, officials said.", {"United States", "Japan"}),
        ("The U.S.-Canada border stays closed.", {"United States", "Canada"}),
        ("First Minister Nicola Sturgeon spoke first. Scotland Nicola Sturgeon said no.",
         {"Nicola Sturgeon"}),
    )
    for text, names in cases:
        ex = pipeline.extract(text)
        assert {a.name for a in ex.actors} == names, (text, ex.actors)


def test_a_possessive_owner_is_its_own_actor(pipeline):
    ex = pipeline.extract("Iraq’s Council of Representatives voted on Sunday.")
    assert {(a.name, a.kind) for a in ex.actors} >= {("Iraq", "country")}


def test_time_zones_are_not_actors(pipeline):
    ex = pipeline.extract("The launch is set for 14:00 UTC, or 10:00 EST, on Friday in Florida.")
    assert {a.name for a in ex.actors} == {"Florida"}, ex.actors


def test_time_zone_abbreviations_come_from_the_tz_database():
    from db.nlp.spans import time_zones

    assert {"UTC", "GMT", "EST", "CET", "JST"} <= time_zones()
    assert not time_zones() & {"NATO", "UN", "USA", "EU"}
