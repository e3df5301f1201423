"""Corrections are rules that outlive the extraction: `reextract` keeps them, a new article
follows them, an export carries them into another database, and a corpus that cannot be
written takes them through the user's file and `correct apply`. Run with the rules-only
pipeline (no model) through the real command line; one test with the model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from db import corrections, ingest
from db.correction_records import Correction, Ref, stamped
from db.readers import read_inputs
from db.schema import close_write, open_write
from db.store import Store
from tests.cli import briefing, can_run_as_nobody
from tests.db.corrections_world import answers, cli, export

RULES = {"BRIEFING_MODEL": "rules-only"}
ONE = ("Britain said on Monday that it would send aid to Syria. The United States said it "
       "would help. Officials in Damascus said Syria welcomed the aid from the United Kingdom.")
TWO = ("The United Kingdom and the United States warned Syria on Tuesday. Britain said the "
       "talks would go on.")
NEW = "Britain said on Friday that Damascus and the United States had agreed."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles ingested once for the module; each test writes to a copy."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in (("one.txt", ONE), ("two.txt", TWO), ("new.txt", NEW)):
        (folder / name).write_text(text + "\n")
    path = folder / "briefing.db"
    code, _, err = cli(path, "ingest", str(folder / "one.txt"), str(folder / "two.txt"),
                       **RULES)
    assert code == 0, err
    return path


@pytest.fixture
def corpus(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "briefing.db"
    shutil.copy(template, path)
    return path


def _ok(path: Path, *args: str) -> str:
    code, out, err = cli(path, *args, **RULES)
    assert code == 0, err
    return out


def _mentioned(path: Path, text: str, external_end: str) -> list[str]:
    """The actors the mentions written `text` in the article from `external_end` belong to."""
    store = Store(path)
    found = []
    for row in store.articles(0, 50):
        article = store.article(row.id)
        if article and article.external_id.endswith(external_end):
            for m in store.article_mentions(article.id):
                if m.text == text:
                    actor = store.actor(m.actor_id)
                    found.append(actor.name if actor else "?")
    return found


def test_reextract_and_a_new_article_keep_split_not_actor_rename(corpus: Path,
                                                                 template: Path) -> None:
    _ok(corpus, "correct", "split", "United Kingdom", "Britain")
    _ok(corpus, "correct", "not-actor", "Damascus")
    _ok(corpus, "correct", "rename", "United States", "America")
    _ok(corpus, "correct", "set", "Syria", "--kind", "place")
    corrected = answers(corpus)
    assert "Damascus" not in {a[0] for a in corrected["actors"]}
    _ok(corpus, "reextract")
    assert answers(corpus) == corrected
    _ok(corpus, "ingest", str(template.parent / "new.txt"))
    assert _mentioned(corpus, "Britain", "new.txt") == ["Britain"]
    assert _mentioned(corpus, "Damascus", "new.txt") == []
    assert _mentioned(corpus, "United States", "new.txt") == ["America"]
    assert ("Syria", "place") in {a[:2] for a in answers(corpus)["actors"]}


def test_a_merge_holds_for_reextract_and_a_new_article(corpus: Path, template: Path) -> None:
    _ok(corpus, "correct", "merge", "United Kingdom", "United States")
    merged = answers(corpus)
    _ok(corpus, "reextract")
    assert answers(corpus) == merged
    _ok(corpus, "ingest", str(template.parent / "new.txt"))
    assert _mentioned(corpus, "Britain", "new.txt") == ["United States"]
    assert "United Kingdom" not in {a[0] for a in answers(corpus)["actors"]}


def test_an_export_with_corrections_ingested_elsewhere_gives_the_same_actors(
        corpus: Path, tmp_path: Path) -> None:
    _ok(corpus, "correct", "merge", "United Kingdom", "United States", "--note", "one")
    _ok(corpus, "correct", "not-actor", "Damascus")
    _ok(corpus, "correct", "rename", "Syria", "Syrian Arab Republic")
    (tmp_path / "export.jsonl").write_text("\n".join(export(corpus)) + "\n")
    elsewhere = tmp_path / "elsewhere.db"
    _ok(elsewhere, "ingest", str(tmp_path / "export.jsonl"))
    here, there = answers(corpus), answers(elsewhere)
    assert there["actors"] == here["actors"]
    assert there == here
    listed = [json.loads(line) for line in _ok(elsewhere, "corrections", "--json").splitlines()]
    assert [(c["kind"], c["note"]) for c in listed] == \
        [("merge", "one"), ("not-actor", None), ("rename", None)]
    # Named as they were where they were made, by name, kind and country, not by ids.
    made = [json.loads(line) for line in _ok(corpus, "corrections", "--json").splitlines()]
    assert [(c["actors"], c["alias"], c["value"]) for c in listed] == \
        [(c["actors"], c["alias"], c["value"]) for c in made]
    assert [a["name"] for a in listed[0]["actors"]] == ["United Kingdom", "United States"]
    assert listed[2]["actors"][0]["name"] == "Syria" and \
        listed[2]["value"] == "Syrian Arab Republic"
    # Ingested twice, nothing changes: the same corrections are known by their uid.
    before = export(elsewhere)
    _ok(elsewhere, "ingest", str(tmp_path / "export.jsonl"))
    assert export(elsewhere) == before


@pytest.mark.slow  # a real process run as another user (nobody), when root
def test_a_read_only_corpus_saves_to_the_users_file_and_apply_takes_it_in(
        corpus: Path, world_readable_dir: Path) -> None:
    shared = world_readable_dir / "corpus.db"
    shutil.copy(corpus, shared)
    shared.chmod(0o644)
    home = world_readable_dir / "home"
    home.mkdir()
    home.chmod(0o777)
    before = export(shared)
    extra = {"XDG_DATA_HOME": str(home / "data"), "HOME": str(home),
             "XDG_CONFIG_HOME": str(home / "config")}
    as_other = can_run_as_nobody()
    if not as_other:  # not root: permission bits do stop this user
        shared.chmod(0o444)
        world_readable_dir.chmod(0o555)
    try:
        run = briefing("--db", shared, "correct", "merge", "United Kingdom", "United States",
                       "--json", as_nobody=as_other, **extra)
    finally:
        world_readable_dir.chmod(0o755)
        shared.chmod(0o644)
    assert run.code == 0, run.err
    saved_to = home / "data" / "briefing" / "corrections.jsonl"
    record = json.loads(run.out)
    assert record["saved_to"] == str(saved_to) and record["id"] is None
    assert len(run.err.splitlines()) == 1 and "correct apply" in run.err
    assert export(shared) == before
    kept = json.loads(saved_to.read_text())
    assert (kept["id"], kept["kind"], [a["name"] for a in kept["actors"]]) == \
        (None, "merge", ["United Kingdom", "United States"])
    assert {"alias", "value", "article_external_id", "who", "at", "note"} <= set(kept)
    out = _ok(shared, "correct", "apply", str(saved_to))
    assert out == "corrections: 1 taken in, 0 here already\n"
    applied = export(shared)
    assert applied != before
    assert _ok(shared, "correct", "apply", str(saved_to)) == \
        "corrections: 0 taken in, 1 here already\n"
    assert export(shared) == applied


def test_apply_of_a_bad_file_names_the_line_and_changes_nothing(corpus: Path,
                                                              tmp_path: Path) -> None:
    good = json.dumps({"type": "correction", "id": 7, "kind": "rename", "who": "x",
                       "at": "2026-12-01T00:00:00Z", "note": None, "alias": None,
                       "article_external_id": None, "value": "Sham",
                       "actors": [{"name": "Syria", "kind": "country", "country": "SYR"}]})
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good + "\n{not json\n")
    before = export(corpus)
    code, out, err = cli(corpus, "correct", "apply", str(bad))
    assert code == 2 and err == f"error: {bad}:2: malformed JSON\n"
    unknown = good.replace('"Syria"', '"Atlantis"')
    bad.write_text(good + "\n" + unknown + "\n")
    code, out, err = cli(corpus, "correct", "apply", str(bad))
    assert code == 2 and "no actor named 'Atlantis'" in err and len(err.splitlines()) == 1
    assert export(corpus) == before  # all or nothing: the good one was not kept either


def test_correcting_never_loads_the_model() -> None:
    code = ("import sys, tui.cli, tui.cli_correct, db.corrections; "
            "assert 'spacy' not in sys.modules and 'db.nlp.pipeline' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert done.returncode == 0, done.stderr


def test_with_the_model_a_merged_alias_in_a_new_article_follows_it(tmp_path: Path,
                                                                    pipeline) -> None:
    """The real pipeline: two people, one merged into the other and a false actor removed;
    both hold for a new article and for `reextract`."""
    texts = {
        "a.txt": "Angela Merkel said on Monday that Germany would help. Merkel met Emmanuel "
                 "Macron in Paris, where Macron said France agreed.",
        "b.txt": "Chancellor Angela Merkel told reporters in Berlin that talks with Emmanuel "
                 "Macron would go on.",
        "c.txt": "Merkel said on Friday that Macron had called her from Paris.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text + "\n")
    db = open_write(tmp_path / "m.db")
    ingest.ingest_items(db, read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]),
                        pipeline)
    store = Store(tmp_path / "m.db")
    macron = store.resolve_actor("Emmanuel Macron")
    merkel = store.resolve_actor("Angela Merkel")
    paris = store.resolve_actor("Paris")
    assert macron and merkel and paris, [a.actor.name for a in store.actors()]
    with db.atomic():
        corrections.apply(db, stamped(Correction("merge", Ref(macron.id, macron.name),
                                                 Ref(merkel.id, merkel.name))))
        corrections.apply(db, stamped(Correction("not-actor", form="Paris")))
    corrected = answers(tmp_path / "m.db")
    ingest.reextract(db, pipeline)
    assert answers(tmp_path / "m.db") == corrected
    ingest.ingest_items(db, read_inputs([str(tmp_path / "c.txt")]), pipeline)
    close_write(db)
    assert _mentioned(tmp_path / "m.db", "Macron", "c.txt") == ["Angela Merkel"]
    assert _mentioned(tmp_path / "m.db", "Paris", "c.txt") == []


def test_undo_of_a_merge_sends_later_mentions_back_and_says_so(
        corpus: Path, template: Path, tmp_path: Path) -> None:
    _ok(corpus, "correct", "merge", "United Kingdom", "United States")
    _ok(corpus, "ingest", str(template.parent / "new.txt"))
    assert _mentioned(corpus, "Britain", "new.txt") == ["United States"]
    out = _ok(corpus, "corrections", "undo", "1")
    # The survivor kept the older id (United Kingdom's); the other name's new mention goes
    # back to the actor that comes back.
    assert out.endswith("; 1 later mention of its names in articles since goes back to "
                        "'United States' too\n")
    assert _mentioned(corpus, "Britain", "new.txt") == ["United Kingdom"]
    never = tmp_path / "never.db"
    _ok(never, "ingest", *(str(template.parent / n) for n in ("one.txt", "two.txt", "new.txt")))
    assert answers(corpus) == answers(never)


def test_a_correction_record_that_does_not_fit_is_a_warning_naming_its_line(
        tmp_path: Path) -> None:
    lines = [json.dumps({"type": "article", "id": 1, "external_id": "x1", "title": "One",
                         "body": ONE}),
             json.dumps({"type": "correction", "id": 1, "kind": "merge", "who": "ana",
                         "at": "2026-12-01T00:00:00Z", "note": None, "alias": None,
                         "value": None, "article_external_id": None,
                         "actors": [{"name": "Atlantis", "kind": "place", "country": None},
                                    {"name": "Syria", "kind": "country", "country": "SYR"}]})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    code, out, err = cli(tmp_path / "b.db", "ingest", str(tmp_path / "in.jsonl"), **RULES)
    assert code == 0 and "1 added" in out
    assert f"warning: {tmp_path / 'in.jsonl'}:2: correction not taken in: no actor named " \
        "'Atlantis'" in err
    assert _ok(tmp_path / "b.db", "corrections", "--json") == ""
