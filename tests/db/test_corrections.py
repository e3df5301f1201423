"""Each correction through the command line leaves the store answering as it would for a
database where the extraction had made it so (tests/db/corrections_world.py), and `corrections
undo` gives back the very export from before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.nlp.found import FoundActor
from db.store import Store
from tests.db.corrections_world import (
    APPLE,
    GEORGIA,
    HE,
    KERRY,
    OBAMA,
    US,
    USG,
    answers,
    build,
    cli,
    export,
)

KERRY_ALONE = FoundActor("person:kerry", "Kerry", "person")

# (the command's arguments, how a right extraction would have made each mention)
CASES = {
    "merge": (
        ["merge", "U.S. Government", "United States"],
        lambda a, s, _x: US if a == USG else a),
    "split": (
        ["split", "John Kerry", "Kerry"],
        lambda a, s, _x: KERRY_ALONE if s == "Kerry" else a),
    "split into another": (
        ["split", "John Kerry", "Kerry", "--into", "Barack Obama"],
        lambda a, s, _x: OBAMA if s == "Kerry" else a),
    "not-actor everywhere": (
        ["not-actor", "he"],
        lambda a, s, _x: None if a == HE else a),
    "not-actor in one article": (
        ["not-actor", "Georgia", "--article", "1"],
        lambda a, s, x: None if a == GEORGIA and x == "a1" else a),
    "rename": (
        ["rename", "Barack Obama", "Barack H. Obama"],
        lambda a, s, _x: FoundActor(a.key, "Barack H. Obama", a.kind, a.country)
        if a == OBAMA else a),
    "set kind and country": (
        ["set", "Apple", "--kind", "organization", "--country", "USA"],
        lambda a, s, _x: FoundActor(a.key, a.name, "organization", "USA") if a == APPLE else a),
    "set role": (
        ["set", "John Kerry", "--role", "Secretary of State"],
        lambda a, s, _x: FoundActor(a.key, a.name, a.kind, a.country, "Secretary of State")
        if a == KERRY else a),
    "set a country by its name": (
        ["set", "Apple", "--country", "United States"],
        lambda a, s, _x: FoundActor(a.key, a.name, a.kind, "USA") if a == APPLE else a),
}


def named(actor: FoundActor) -> dict[str, str | None]:
    return {"name": actor.name, "kind": actor.kind, "country": actor.country}


# DESIGN.md's fields of each case's record: (actors as they were, alias, value, article)
RECORDS = {
    "merge": ([named(USG), named(US)], None, None, None),
    "split": ([named(KERRY)], "Kerry", None, None),
    "split into another": ([named(KERRY), named(OBAMA)], "Kerry", None, None),
    "not-actor everywhere": ([named(HE)], "he", None, None),
    "not-actor in one article": ([named(GEORGIA)], "Georgia", None, "a1"),
    "rename": ([named(OBAMA)], None, "Barack H. Obama", None),
    "set kind and country": ([named(APPLE)], None, {"kind": "organization", "country": "USA"},
                             None),
    "set role": ([named(KERRY)], None, {"role": "Secretary of State"}, None),
    "set a country by its name": ([named(APPLE)], None, {"country": "USA"}, None),
}
DESIGN = ("type", "id", "kind", "actors", "alias", "value", "article_external_id", "who", "at",
          "note")


def design(record: dict[str, object]) -> tuple[object, ...]:
    """The DESIGN.md fields of a record, in order; every one must be there."""
    assert set(DESIGN) <= set(record), set(DESIGN) - set(record)
    return tuple(record[k] for k in DESIGN)


@pytest.mark.parametrize("case", CASES)
def test_a_correction_equals_an_extraction_that_made_it_so(tmp_path: Path, case: str) -> None:
    args, fix = CASES[case]
    made = build(tmp_path / "made.db")
    right = build(tmp_path / "right.db", fix)
    before = export(made)
    code, out, err = cli(made, "correct", *args, "--note", "checked by hand", "--json")
    assert code == 0, err
    made_record = json.loads(out)
    assert made_record["summary"]
    assert answers(made) == answers(right)
    listed = [json.loads(line) for line in cli(made, "corrections", "--json")[1].splitlines()]
    actors, alias, value, article = RECORDS[case]
    (record,) = listed
    assert design(record) == ("correction", 1, args[0], actors, alias, value, article,
                              record["who"], record["at"], "checked by hand")
    assert record["who"] and record["at"].endswith("Z")
    assert {**made_record, "summary": None} == {**record, "summary": None}
    exported = json.loads(export(made)[-1])
    assert exported == record  # the export's record is the listing's
    code, out, err = cli(made, "corrections", "undo", "1")
    assert code == 0, err
    assert out.startswith("undone: correction 1")
    assert export(made) == before
    answers(made)  # the kept counts and indexes are true again (health check)
    assert cli(made, "corrections", "--json")[1] == ""


def test_a_dry_run_says_what_would_change_and_changes_nothing(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    before = export(made)
    code, out, _ = cli(made, "correct", "merge", "U.S. Government", "United States",
                       "--dry-run")
    assert (code, out) == (0, "merge 'U.S. Government' (2 mentions) into 'United States'\n")
    code, out, _ = cli(made, "correct", "not-actor", "he", "--dry-run", "--json")
    record = json.loads(out)
    assert record["type"] == "correction" and record["dry_run"] is True
    assert record["summary"] == "'he' is not an actor everywhere: remove 2 mentions"
    assert design(record)[:7] == ("correction", None, "not-actor", [named(HE)], "he", None,
                                  None)
    assert export(made) == before


def test_json_prints_the_correction_record(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    code, out, _ = cli(made, "correct", "rename", "Barack Obama", "Barack H. Obama", "--json")
    assert code == 0 and len(out.splitlines()) == 1
    record = json.loads(out)
    assert design(record)[:7] == ("correction", 1, "rename", [named(OBAMA)], None,
                                  "Barack H. Obama", None)
    assert record["who"] and record["at"].endswith("Z") and record["note"] is None
    # The export carries it after the claims.
    lines = [json.loads(line) for line in export(made)]
    assert lines[-1]["type"] == "correction" and lines[-1]["uid"] == record["uid"]
    assert lines[-2]["type"] == "claim"


BAD = {
    "unknown actor": (["merge", "Nobody At All", "United States"], "no actor named 'Nobody"),
    "into itself": (["merge", "United States", "United States"], "into itself"),
    "an alias into its actor": (["merge", "Kerry", "John Kerry"], "would be a cycle"),
    "unknown alias": (["split", "John Kerry", "Johnny"], "has no alias 'Johnny'"),
    "split the name": (["split", "John Kerry", "John Kerry"], "rename the actor first"),
    "unknown form": (["not-actor", "she"], "no actor is mentioned as 'she'"),
    "unknown article": (["not-actor", "he", "--article", "99"], "no article with id 99"),
    "bad kind": (["set", "Apple", "--kind", "fruit"], "unknown kind 'fruit'"),
    "bad country": (["set", "Apple", "--country", "Narnia"], "no country named 'Narnia'"),
    "role of a place": (["set", "Georgia", "--role", "mayor"], "a role is for a person"),
    "nothing to set": (["set", "Apple"], "nothing to set"),
    "same name": (["rename", "Apple", "Apple"], "has that name already"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_exit_2_nothing_changed(tmp_path: Path, case: str) -> None:
    args, says = BAD[case]
    made = build(tmp_path / "made.db")
    before = export(made)
    code, out, err = cli(made, "correct", *args)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err, err
    assert export(made) == before


def test_an_ambiguous_actor_lists_the_candidates(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    code, _, err = cli(made, "correct", "rename", "Apple", "Georgia")  # a second 'Georgia'
    assert code == 0, err
    before = export(made)
    code, out, err = cli(made, "correct", "merge", "Georgia", "United States")
    assert code == 2 and "matches 2 actors" in err.splitlines()[0]
    assert len(err.splitlines()) == 3
    assert export(made) == before


def test_undo_refuses_when_a_later_correction_built_on_it(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    assert cli(made, "correct", "merge", "U.S. Government", "United States")[0] == 0
    after_merge = export(made)
    assert cli(made, "correct", "rename", "United States", "USA")[0] == 0
    code, out, err = cli(made, "corrections", "undo", "1")
    assert code == 2 and "correction 2 (rename 'United States' to 'USA')" in err
    assert "undo 2 first" in err
    assert cli(made, "corrections", "undo", "2")[0] == 0
    assert export(made) == after_merge
    assert cli(made, "corrections", "undo", "1")[0] == 0
    assert cli(made, "corrections", "undo", "7")[2] == "error: no correction 7\n"


def test_a_split_leaves_the_old_id_with_the_larger_part(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    kerry = Store(made).resolve_actor("John Kerry")
    assert kerry is not None
    code, out, _ = cli(made, "correct", "split", "John Kerry", "Kerry", "--json")
    assert json.loads(out)["actors"] == [named(KERRY)]
    store = Store(made)
    assert [m.text for m in store.article_mentions(1) if m.actor_id == kerry.id] == []
    assert store.actor(kerry.id).name == "Kerry"  # type: ignore[union-attr]


def test_an_id_merged_away_says_where_it_went(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    store = Store(made)
    ids = [a.id for a in map(store.resolve_actor, ("United States", "U.S. Government")) if a]
    code, out, _ = cli(made, "correct", "merge", "United States", "U.S. Government", "--json")
    assert json.loads(out)["actors"] == [named(US), named(USG)]
    gone, kept = max(ids), min(ids)  # the older id survives
    code, _, err = cli(made, "correct", "rename", str(gone), "X")
    assert code == 2
    assert err == f"error: actor {gone} was merged into 'U.S. Government' ({kept})\n"


def test_undo_of_one_leaves_an_unrelated_later_one(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    right = build(tmp_path / "right.db", CASES["rename"][1])
    assert cli(made, "correct", "merge", "U.S. Government", "United States")[0] == 0
    assert cli(made, "correct", "rename", "Barack Obama", "Barack H. Obama")[0] == 0
    assert cli(made, "corrections", "undo", "1")[0] == 0
    assert answers(made) == answers(right)


def test_apply_finds_the_actors_by_name_kind_and_country_not_by_id(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    assert cli(made, "correct", "rename", "Apple", "Georgia")[0] == 0  # two places 'Georgia'
    store = Store(made)
    georgia = [a.actor for a in store.actors() if a.actor.name == "Georgia"]
    assert sorted(a.country or "" for a in georgia) == ["", "GEO"]
    first = max(a.id for a in georgia)  # an id that names the other Georgia here
    record = {"type": "correction", "id": 1, "uid": None, "kind": "set",
              "actors": [{"name": "Georgia", "kind": "place", "country": None, "id": first}],
              "alias": None, "value": {"kind": "organization"}, "article_external_id": None,
              "who": "ana", "at": "2026-12-01T00:00:00Z", "note": None}
    merge = {**record, "kind": "merge", "value": None,
             "actors": [named(USG), named(US)]}
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps(record) + "\n" + json.dumps(merge) + "\n")
    code, out, err = cli(made, "correct", "apply", str(file))
    assert (code, out) == (0, "corrections: 2 taken in, 0 here already\n"), err
    store = Store(made)
    assert sorted((a.actor.kind, a.actor.country or "") for a in store.actors()
                  if a.actor.name == "Georgia") == [("organization", ""), ("place", "GEO")]
    assert "U.S. Government" not in {a.actor.name for a in store.actors()}
    listed = [json.loads(line) for line in cli(made, "corrections", "--json")[1].splitlines()]
    assert [design(c)[2:7] for c in listed[1:]] == [
        ("set", [{"name": "Georgia", "kind": "place", "country": None}], None,
         {"kind": "organization"}, None),
        ("merge", [named(USG), named(US)], None, None, None)]


def test_apply_takes_a_record_of_the_first_version_from_a_users_file(tmp_path: Path) -> None:
    made = build(tmp_path / "made.db")
    old = {"type": "correction", "id": None, "uid": "0123", "what": "set",
           "actor": {"id": 999, "name": "Apple", "key": "place:apple"}, "into": None,
           "form": None, "article": None, "name": None, "kind": "organization",
           "country": None, "role": None, "result": None, "who": "ana",
           "when": "2026-12-01T00:00:00Z", "note": "old file"}
    file = tmp_path / "old.jsonl"
    file.write_text(json.dumps(old) + "\n")
    code, out, err = cli(made, "correct", "apply", str(file))
    assert (code, out) == (0, "corrections: 1 taken in, 0 here already\n"), err
    (record,) = [json.loads(line) for line in cli(made, "corrections", "--json")[1].splitlines()]
    assert design(record) == ("correction", 1, "set", [named(APPLE)], None,
                              {"kind": "organization"}, None, "ana", "2026-12-01T00:00:00Z",
                              "old file")
    assert record["uid"] == "0123"
