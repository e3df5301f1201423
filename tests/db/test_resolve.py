"""One thing, one actor, across articles: the corpus-level joins (db/resolve.py)."""

from __future__ import annotations

from db import health, ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.resolve import Row, plan
from db.schema import open_write
from db.store import Store


def _rows(*specs: tuple[str, str, str]) -> list[Row]:
    return [Row(i + 1, key, name, kind, 1) for i, (key, name, kind) in enumerate(specs)]


def _joined(rows: list[Row], curated: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    names = {r.id: r.name for r in rows}
    return {(names[a], names[b]) for a, b, _rule in plan(rows, curated)}


def test_a_surname_joins_the_one_person_of_that_surname():
    rows = _rows(("person:robert gabriel mugabe", "Robert Gabriel Mugabe", "person"),
                 ("person:mugabe", "Mugabe", "person"))
    assert _joined(rows) == {("Mugabe", "Robert Gabriel Mugabe")}


def test_a_surname_shared_by_two_people_stays_apart():
    rows = _rows(("person:george w bush", "George W. Bush", "person"),
                 ("person:george h w bush", "George H. W. Bush", "person"),
                 ("person:bush", "Bush", "person"))
    assert _joined(rows) == set()  # namesakes: neither the father nor the son


def test_a_name_without_middles_joins_its_one_fuller_form():
    rows = _rows(("person:john f kerry", "John F. Kerry", "person"),
                 ("person:john kerry", "John Kerry", "person"))
    assert _joined(rows) == {("John Kerry", "John F. Kerry")}


def test_an_acronym_joins_the_one_name_with_its_initials():
    rows = _rows(("organization:world-health-organization", "World Health Organization",
                  "organization"),
                 ("organization:who", "WHO", "organization"))
    assert _joined(rows) == {("WHO", "World Health Organization")}


def test_a_short_name_joins_the_name_that_is_it_and_one_word_more():
    rows = _rows(("place:gaza-strip", "Gaza Strip", "place"), ("place:gaza", "Gaza", "place"),
                 ("place:new-england", "New England", "place"),
                 ("place:england", "England", "place"))
    # A word before it makes another place: England is not New England.
    assert _joined(rows) == {("Gaza", "Gaza Strip")}


def test_a_short_name_that_fits_several_stays_apart():
    rows = _rows(("organization:senate-of-puerto-rico", "Senate Puerto", "organization"),
                 ("organization:senate-hearing", "Senate Hearing", "organization"),
                 ("organization:senate", "Senate", "organization"))
    assert _joined(rows) == set()


def test_one_name_read_as_two_kinds_is_one_actor_of_the_kind_seen_most():
    rows = [Row(1, "organization:alexei-navalny", "Alexei Navalny", "organization", 1),
            Row(2, "person:alexei navalny", "Alexei Navalny", "person", 9)]
    assert plan(rows) == [(1, 2, "one name, the kind with more mentions")]


def test_curated_actors_are_never_joined_into_another():
    rows = _rows(("organization:un", "United Nations", "organization"),
                 ("organization:united-nations-educational", "United Nations Educational",
                  "organization"))
    assert _joined(rows, frozenset({"organization:un"})) == set()


def _article(db, n: int, body: str, actors: list[FoundActor],
             mentions: list[FoundMention]) -> int:
    item = ArticleInput(title=f"Article {n}", body=body, origin=f"a{n}", external_id=f"a{n}")
    prepared = ingest.prepare(db, item)
    assert prepared is not None
    with db.atomic():
        article_id = ingest.write_extracted(db, prepared, Extraction(
            tuple(actors), tuple(mentions), (FoundClaim(0, len(body)),)), "hand")
        ingest.resolve_corpus(db)
    return article_id


def test_joins_hold_for_later_articles_and_keep_the_database_whole(tmp_path):
    path = tmp_path / "b.db"
    db = open_write(path)
    full = FoundActor("person:robert gabriel mugabe", "Robert Gabriel Mugabe", "person",
                      "ZWE", "President")
    short = FoundActor("person:mugabe", "Mugabe", "person")
    _article(db, 1, "Mugabe spoke.", [short], [FoundMention(0, 6, "Mugabe", short.key)])
    _article(db, 2, "Robert Gabriel Mugabe died.", [full],
             [FoundMention(0, 21, "Robert Gabriel Mugabe", full.key)])
    _article(db, 3, "Mugabe was buried.", [short], [FoundMention(0, 6, "Mugabe", short.key)])
    db.conn.close()

    store = Store(path)
    (actor,) = [s.actor for s in store.actors(kind="person")]
    assert actor.id == 1  # the older id survives
    assert (actor.name, actor.country) == ("Robert Gabriel Mugabe", "ZWE")
    assert len(store.mentions_of(actor.id)) == 3  # the third article followed the join
    assert health.check(path).ok, health.check(path).problems


def _people_db(tmp_path):
    path = tmp_path / "people.db"
    db = open_write(path)
    people = [FoundActor("person:emmanuel macron", "Emmanuel Macron", "person", "FRA"),
              FoundActor("person:jane smith", "Jane Smith", "person"),
              FoundActor("person:john smith", "John Smith", "person")]
    for n, person in enumerate(people, 1):
        body = f"{person.name} said the talks would go on."
        _article(db, n, body, [person],
                 [FoundMention(0, len(person.name), person.name, person.key)])
    db.conn.close()
    return path


def test_a_surname_finds_the_one_person_of_that_surname(tmp_path):
    from tests.cli import briefing_here

    path = _people_db(tmp_path)
    run = briefing_here("--db", path, "mentions", "Macron", "--json")
    assert run.code == 0 and '"text": "Emmanuel Macron"' in run.out
    run = briefing_here("--db", path, "search", "official:Macron", "--json")
    assert run.code == 0 and "talks" in run.out


def test_a_surname_of_several_people_is_exit_2_with_the_list(tmp_path):
    from tests.cli import briefing_here

    path = _people_db(tmp_path)
    run = briefing_here("--db", path, "mentions", "Smith")
    assert run.code == 2 and "Jane Smith" in run.err and "John Smith" in run.err
    run = briefing_here("--db", path, "search", "official:Smith")
    assert run.code == 2 and "Jane Smith" in run.err and run.out == ""
    run = briefing_here("--db", path, "mentions", "Nobody")
    assert run.code == 2 and "no actor named 'Nobody'" in run.err
