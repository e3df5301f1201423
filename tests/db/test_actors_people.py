"""People: titles, appositions, short forms joined to the full name, and two people who
share a surname kept apart; and things that are not actors."""

from __future__ import annotations


def _people(extraction):
    return {a.key: a for a in extraction.actors if a.kind == "person"}


def _key_of(extraction, text):
    return [m.actor_key for m in extraction.mentions if m.text == text]


def test_title_gives_role_and_country(pipeline):
    ex = pipeline.extract("French President Emmanuel Macron spoke on Monday. Later, "
                          "President Macron said talks would go on. Macron left for Berlin.")
    people = _people(ex)
    assert list(people) == ["person:emmanuel macron"]
    macron = people["person:emmanuel macron"]
    assert (macron.role, macron.country) == ("President", "FRA")
    assert len(_key_of(ex, "Macron")) == 2


def test_apposition_gives_role_and_country(pipeline):
    ex = pipeline.extract("Jane Holloway, the U.S. secretary of state, arrived in Paris. "
                          "Holloway met her counterpart.")
    (person,) = _people(ex).values()
    assert (person.name, person.role, person.country) == (
        "Jane Holloway", "Secretary of State", "USA")
    assert _key_of(ex, "Holloway") == [person.key]


def test_short_form_joins_the_full_name(pipeline):
    ex = pipeline.extract("General Charles Q. Brown Jr. told reporters he was confident. "
                          "Brown said more help was coming.")
    assert _key_of(ex, "Brown") == ["person:charles q brown jr"]


def test_two_people_sharing_a_surname_are_not_merged(pipeline):
    ex = pipeline.extract("Gordon Brown met Charles Q. Brown Jr. in London on Tuesday. "
                          "Brown said nothing afterwards.")
    people = _people(ex)
    assert {"person:gordon brown", "person:charles q brown jr"} <= set(people)
    (short,) = _key_of(ex, "Brown")
    assert short not in ("person:gordon brown", "person:charles q brown jr")


def test_role_in_the_text_decides_between_namesakes(pipeline):
    ex = pipeline.extract("Prime Minister Gordon Brown met General Charles Q. Brown Jr. "
                          "in London. Later, Prime Minister Brown left.")
    assert _key_of(ex, "Brown") == ["person:gordon brown"]


def test_same_full_name_in_two_articles_is_one_key(pipeline):
    one, two = pipeline.extract_many([
        "Foreign Secretary Boris Johnson visited Baghdad.",
        "Boris Johnson said the talks were useful.",
    ])
    assert _key_of(one, "Boris Johnson") == _key_of(two, "Boris Johnson")


def test_weapons_dates_and_numbers_are_not_actors(pipeline):
    ex = pipeline.extract("Ukraine asked for more Patriot air defense systems and HIMARS "
                          "launchers on Thursday, 12 February, worth $150 million. Storm "
                          "Shadow missiles and Leopard tanks arrived.")
    texts = {m.text for m in ex.mentions}
    assert texts == {"Ukraine"}


def test_hyphenated_country_forms(pipeline):
    ex = pipeline.extract("U.S.-supplied weapons reached Russian-occupied towns and the "
                          "UK-led mission.")
    keys = {m.text: m.actor_key for m in ex.mentions}
    assert keys["U.S."] == "country:USA"
    assert keys["Russian"] == "country:RUS"
    assert keys["UK"] == "country:GBR"


def test_capital_used_for_its_government(pipeline):
    ex = pipeline.extract("Moscow said the talks failed, and the government in Kyiv agreed.")
    actors = {a.key: a for a in ex.actors}
    kinds = {m.text: (actors[m.actor_key].kind, actors[m.actor_key].country)
             for m in ex.mentions}
    assert kinds["Moscow"] == ("place", "RUS")
    assert kinds["Kyiv"] == ("place", "UKR")


def test_isil_names_are_one_group(pipeline):
    ex = pipeline.extract("ISIL fighters fled. Daesh lost ground, and Da'esh and ISIS "
                          "leaders blamed the Islamic State's allies.")
    keys = {m.actor_key for m in ex.mentions}
    assert keys == {"group:isil"}


def test_a_role_named_less_fully_keeps_the_fuller_one(pipeline):
    """'Secretary Holloway' does not undo 'Secretary of State', before or after it, nor the
    curated role of an official ('Secretary Kerry': Secretary of State in officials.json)."""
    for text in (
        "Secretary of State Jane Holloway arrived in Paris. Later, Secretary Holloway spoke.",
        "Secretary Holloway arrived in Paris. Later, Secretary of State Jane Holloway spoke.",
    ):
        (person,) = _people(pipeline.extract(text)).values()
        assert (person.name, person.role) == ("Jane Holloway", "Secretary of State")
    (kerry,) = _people(pipeline.extract("Secretary Kerry said the talks would go on.")).values()
    assert (kerry.name, kerry.role) == ("John Kerry", "Secretary of State")


def test_a_different_role_in_the_text_still_wins(pipeline):
    ex = pipeline.extract("Foreign Secretary Boris Johnson visited Baghdad.")
    (person,) = _people(ex).values()
    assert person.role == "Foreign Secretary"
