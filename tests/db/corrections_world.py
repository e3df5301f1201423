"""A small corpus for the corrections tests, written through the real writer, in two forms:
as a (wrong) extraction made it, and as the extraction would have made it had it been right.
`answers` is what a user sees of a database through the store, by names (ids differ)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from db import health, ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.schema import close_write, open_write
from db.store import Store

USG = FoundActor("organization:u.s. government", "U.S. Government", "organization")
US = FoundActor("country:USA", "United States", "country", "USA")
KERRY = FoundActor("person:john kerry", "John Kerry", "person", "USA")
HE = FoundActor("person:he", "He", "person")
GEORGIA = FoundActor("place:georgia", "Georgia", "place", "GEO")
APPLE = FoundActor("place:apple", "Apple", "place")
OBAMA = FoundActor("person:barack obama", "Barack Obama", "person", "USA")

Segment = str | tuple[str, FoundActor]
Sentence = tuple[list[Segment], FoundActor | None, tuple[str, ...] | None]

# (external id, sentences); a sentence is its segments, its speaker, its claim types (None:
# not a claim). A segment (text, actor) is a mention of that actor.
WORLD: list[tuple[str, list[Sentence]]] = [
    ("a1", [
        (["The ", ("U.S. Government", USG), " said on Monday that sanctions would follow."], USG,
         ("report",)),
        ([("John Kerry", KERRY), " met officials in ", ("Georgia", GEORGIA), "."], None,
         ("event",)),
        ([("He", HE), " said talks would go on."], HE, ("quote",)),
    ]),
    ("a2", [
        ([("United States", US), " officials warned ", ("Apple", APPLE), " about the deal."],
         US, ("report",)),
        ([("Kerry", KERRY), " said ", ("he", HE), " would travel to ", ("Georgia", GEORGIA),
          "."], KERRY, ("plan",)),
    ]),
    ("a3", [
        ([("Barack Obama", OBAMA), " said the ", ("United States", US), " would act."], OBAMA,
         ("prediction",)),
        (["The ", ("U.S. Government", USG), " denied it."], USG, ("report",)),
        (["Nothing else happened to ", ("Kerry", KERRY), "."], None, None),
    ]),
]

# How an extraction that was right would have made each mention: (actor, surface, article)
# -> the actor, or None for no actor at all.
Fix = Callable[[FoundActor, str, str], FoundActor | None]


def as_extracted(actor: FoundActor, _surface: str, _article: str) -> FoundActor | None:
    return actor


def build(path: Path, fix: Fix = as_extracted, world: list[Any] | None = None) -> Path:
    db = open_write(path)
    with db.atomic():
        for external_id, sentences in world or WORLD:
            write_article(db, external_id, sentences, fix)
    close_write(db)
    return path


def write_article(db: Any, external_id: str, sentences: list[Sentence], fix: Fix) -> int:
    body, mentions, claims, actors = "", [], [], {}
    for segments, speaker, types in sentences:
        if body:
            body += " "
        start = len(body)
        spoken_as = None
        for segment in segments:
            if isinstance(segment, str):
                body += segment
                continue
            text, actor = segment
            found = fix(actor, text, external_id)
            if found is not None:
                mentions.append(FoundMention(len(body), len(body) + len(text), text, found.key))
                known = actors.get(found.key, found)
                actors[found.key] = FoundActor(
                    known.key, known.name, known.kind, known.country, known.role,
                    tuple(sorted({*known.aliases, text})))
                if actor == speaker and spoken_as is None:
                    spoken_as = found
            body += text
        if types is not None:
            claims.append(FoundClaim(start, len(body), types,
                                     speaker_key=spoken_as.key if spoken_as else None))
    item = ArticleInput(f"Article {external_id}", body, external_id, external_id=external_id)
    prepared = ingest.prepare(db, item)
    assert prepared is not None
    extraction = Extraction(tuple(actors.values()), tuple(mentions), tuple(claims))
    return ingest.write_extracted(db, prepared, extraction, "test")


def answers(path: Path) -> dict[str, Any]:
    """Everything a user sees of the actors, by names: the actors with their counts and
    aliases, each one's mentions and its `n`/`N` walk, claims by speaker:, actor: and
    country:, the kept counts, the articles' actor counts and the actors' word index."""
    store = Store(path)
    ext = {a.id: a.external_id for a in (store.article(r.id) for r in store.articles(0, 100))
           if a}
    stats = store.actors()
    out: dict[str, Any] = {"actors": sorted(
        (s.actor.name, s.actor.kind, s.actor.country, s.actor.role, tuple(sorted(s.actor.aliases)),
         s.mentions, s.articles) for s in stats)}
    for s in stats:
        name = s.actor.name
        out[f"mentions {name}"] = sorted(
            (ext[r.mention.article_id], r.mention.start, r.mention.text)
            for r in store.mentions_of(s.actor.id))
        for step in (1, -1):
            walk, m = [], store.next_mention(s.actor.id, None, step)
            while m is not None and len(walk) < 50:
                walk.append((ext[m.article_id], m.start))
                m = store.next_mention(s.actor.id, m, step)
            out[f"walk {step} {name}"] = walk
        for field in ("speaker", "actor"):
            result = store.search(f'{field}:"{name}"', limit=100)
            out[f"{field} {name}"] = sorted(
                (ext[h.claim.article_id], h.claim.start, h.speaker) for h in result.claims)
    for code in ("USA", "GEO"):
        out[f"country {code}"] = sorted((ext[h.claim.article_id], h.claim.start)
                                        for h in store.search(f"country:{code}").claims)
    conn = sqlite3.connect(path)
    out["kept countries"] = sorted(conn.execute(
        "SELECT a.external_id, c.start, k.country FROM claim_countries k JOIN claims c ON "
        "c.id = k.claim_id JOIN articles a ON a.id = c.article_id").fetchall())
    out["kept types"] = store.claim_type_counts()
    out["n_actors"] = sorted(conn.execute("SELECT external_id, n_actors FROM articles"))
    out["fts"] = sorted(conn.execute(
        "SELECT a.name, f.aliases FROM actors_fts f JOIN actors a ON a.id = f.rowid "
        "WHERE a.n_mentions > 0"))
    out["claims"] = sorted(conn.execute(
        "SELECT a.external_id, c.start, s.name FROM claims c JOIN articles a ON "
        "a.id = c.article_id LEFT JOIN actors s ON s.id = c.speaker_id"))
    conn.close()
    report = health.check(path)
    assert report.problems == [], report.problems
    return out


def cli(path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """The real command line, in this process (click's runner): (exit code, stdout, stderr)."""
    from tui.cli import cli as main

    result = CliRunner().invoke(main, ["--db", str(path), *args], env=env or None)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def export(path: Path) -> list[str]:
    code, out, err = cli(path, "export")
    assert code == 0, err
    return out.splitlines()
