"""The commands that read (search, actors, mentions, claims, export): tables for a terminal,
or with --json the records of the export's contract (db/records.py) with each listing's own
fields after. They register on `tui.cli.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from db import query as querylang
from db.models import ACTOR_KINDS, CLAIM_TYPES
from db.records import actor_record, article_record, claim_record, mention_record
from db.text import one_line
from tui import output
from tui.cli import LIMIT, cli, db_option, db_path, fail, open_store, resolve, text_arg


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=LIMIT, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines")
@db_option
def search(words: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search with the query language (words, "phrases", -word, filters)."""
    store = open_store()
    result = store.search(text_arg(" ".join(words)), limit=limit)
    for message in result.messages:
        output.error(message)
    if result.failed:  # malformed, or past its deadline: no results rather than wrong ones
        sys.exit(2)
    if result.kind == "articles":
        if as_json:
            for hit in result.articles:
                article = store.article(hit.article.id)
                assert article is not None
                output.json_line({**article_record(article), "rank": hit.rank,
                                  "snippet": hit.snippet})
        else:
            output.table(("id", "date", "source", "title", "snippet"), (
                (h.article.id, (h.article.published or "")[:10], h.article.source or "",
                 one_line(h.article.title, 60), one_line(h.snippet, 80))
                for h in result.articles))
    else:
        if as_json:
            for c in result.claims:
                output.json_line({**claim_record(c.claim), "rank": c.rank, "title": c.title,
                                  "published": c.published})
        else:
            _claims_table(result.claims)


def _claims_table(hits: Any) -> None:
    output.table(("claim", "article", "types", "speaker", "sentence"), (
        (h.claim.id, h.claim.article_id, " ".join(h.claim.types) or "-", h.speaker or "",
         one_line(h.claim.text, 100))
        for h in hits))


@cli.command()
@click.option("--kind", type=click.Choice(ACTOR_KINDS))
@click.option("--country", help="ISO 3166-1 alpha-3 code (or a country name)")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def actors(kind: str | None, country: str | None, limit: int | None, as_json: bool) -> None:
    """Actors with their mention and article counts."""
    store = open_store()
    code = store.country_code(text_arg(country)) if country else None
    if country and code is None:
        output.error(f"no country named '{country}'")
        return
    stats = store.actors(kind=kind, country=code, limit=limit)
    if as_json:
        for s in stats:
            output.json_line({**actor_record(s.actor), "mentions": s.mentions,
                              "articles": s.articles})
    else:
        output.table(("id", "name", "kind", "country", "role", "mentions", "articles"), (
            (s.actor.id, s.actor.name, s.actor.kind, s.actor.country or "", s.actor.role or "",
             s.mentions, s.articles) for s in stats))


@cli.command()
@click.argument("actor")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def mentions(actor: str, limit: int | None, as_json: bool) -> None:
    """Every mention of ACTOR with its sentence, newest first."""
    store = open_store()
    found = resolve(store, actor)
    if found is None:
        sys.exit(2)  # an ACTOR that names no actor is a usage error (DECISIONS.md)
    rows = store.mentions_of(found.id, limit=limit)
    if as_json:
        for r in rows:
            output.json_line({**mention_record(r.mention), "sentence": r.sentence,
                              "title": r.title, "published": r.published})
    else:
        output.table(("article", "date", "mention", "sentence"), (
            (r.mention.article_id, (r.published or "")[:10], r.mention.text,
             one_line(r.sentence, 100)) for r in rows))


@cli.command()
@click.option("--type", "types", multiple=True, type=click.Choice(CLAIM_TYPES),
              help="claim type (repeat for any of several)")
@click.option("--actor", "actor_name")
@click.option("--speaker", "speaker_name")
@click.option("--country", help="ISO 3166-1 alpha-3 code (or a country name)")
@click.option("--limit", type=LIMIT)
@click.option("--json", "as_json", is_flag=True)
@db_option
def claims(types: tuple[str, ...], actor_name: str | None, speaker_name: str | None,
           country: str | None, limit: int | None, as_json: bool) -> None:
    """Claims filtered by type, actor, speaker and country."""
    store = open_store()
    # The options become a query of the query language, run by the one implementation the
    # search box uses: `--speaker "United States"` means what `speaker:"United States"` means.
    # A name is resolved here first, so that one matching several actors is exit 2 with the
    # list (README.md); the query then holds its id.
    q = querylang.Query(type=list(types))
    for option, name in (("actor", actor_name), ("speaker", speaker_name)):
        if name:
            actor = resolve(store, name)
            if actor is None:
                sys.exit(2)  # an ACTOR that names no actor is a usage error (DECISIONS.md)
            getattr(q, option).append(str(actor.id))
    if country:
        q.country.append(text_arg(country))
    result = store.run_query(q, limit=limit, claims=True)
    for message in result.messages:
        output.error(message)
    if result.failed:
        sys.exit(2)
    hits = result.claims
    if as_json:
        for h in hits:
            output.json_line(claim_record(h.claim))
    else:
        _claims_table(hits)


@cli.command()
@click.option("-o", "out", type=click.Path(dir_okay=False), help="write to FILE, not stdout")
@db_option
def export(out: str | None) -> None:
    """Everything, as JSON Lines: articles, actors, mentions, claims."""
    import json

    from db.files import UnsafeOutput, atomic_output, check_output

    if out:
        try:  # before anything is opened: `-o DB` used to truncate the database itself
            check_output(Path(out), db_path())
        except UnsafeOutput as exc:
            fail(f"error: {exc}")
    store = open_store()
    if not out:
        for record in store.export():
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    # A temporary file renamed into place: an export that fails half-way (a damaged
    # database, a full disk, Ctrl-C) leaves the previous file as it was.
    with atomic_output(Path(out)) as stream:
        for record in store.export():
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
