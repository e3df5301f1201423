"""Actor resolution, measured: the seed reading, the development corpus, country names and
the cost of extraction over bare `nlp.pipe`. Prints a markdown report and writes it to
bench/QUALITY-actors.md.

    .venv/bin/python bench/eval_actors.py [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db.nlp.found import Extraction  # noqa: E402
from db.nlp.names import fold  # noqa: E402
from db.nlp.pipeline import Pipeline, extract_doc  # noqa: E402
from db.readers import read_inputs  # noqa: E402
from db.text import clean  # noqa: E402

SEED = ROOT / "seeds" / "000_d794bd344b4ae8f1.txt"
CORPUS = ROOT / "tests" / "fixtures" / "re3d-dev.jsonl"
READING = ROOT / "tests" / "fixtures" / "seed-reading.json"
OUT = ROOT / "bench" / "QUALITY-actors.md"


def seed_section(pipeline: Pipeline) -> list[str]:
    reading = json.loads(READING.read_text())
    (item,) = list(read_inputs([str(SEED)]))
    body = clean(item.body)
    ex = pipeline.extract(body)
    actors = {a.key: a for a in ex.actors}
    lines = ["## Seed article", "", "| actor | kind, country expected | found in sentences |",
             "|---|---|---|"]
    expected_total = found_total = 0
    for name, want in reading["actors"].items():
        hits = total = 0
        for s in reading["sentences"]:
            if name not in s["actors"]:
                continue
            total += 1
            start = body.index(s["text"])
            for m in ex.mentions:
                a = actors[m.actor_key]
                if start <= m.start < start + len(s["text"]) and a.name == name \
                        and (a.kind, a.country) == (want["kind"], want["country"]):
                    hits += 1
                    break
        expected_total += total
        found_total += hits
        lines.append(f"| {name} | {want['kind']}, {want['country']} | {hits}/{total} |")
    resolved = 0
    alias_lines = []
    for alias, name in reading["aliases_that_must_resolve"].items():
        at = body.index(alias)
        names = {actors[m.actor_key].name for m in ex.mentions
                 if m.start < at + len(alias) and m.end > at}
        ok = name in names
        resolved += ok
        alias_lines.append(f"| {alias} | {name} | {'yes' if ok else 'NO: ' + ', '.join(names)} |")
    false = [w for w in reading["not_actors"]
             if any(m.text == w for m in ex.mentions) or any(a.name == w for a in ex.actors)]
    n_alias = len(reading["aliases_that_must_resolve"])
    lines += ["", f"Actors found in their sentences: **{found_total}/{expected_total}**; "
              f"aliases resolved: **{resolved}/{n_alias}**; false actors: **{len(false)}** "
              f"{false if false else ''}", "", "| alias | resolves to | ok |", "|---|---|---|",
              *alias_lines, ""]
    return lines


def corpus_section(extractions: list[Extraction]) -> list[str]:
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    actors = {}
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for ex in extractions:
        for a in ex.actors:
            actors.setdefault(a.key, a)
            articles[a.key] += 1
        for m in ex.mentions:
            mentions[m.actor_key] += 1
            surfaces[m.actor_key][m.text] += 1
    lines = ["## Development corpus: top 50 actors by mentions", "",
             "| # | actor | kind | country | role | mentions | articles | surface forms |",
             "|---|---|---|---|---|---|---|---|"]
    for i, (key, n) in enumerate(mentions.most_common(50), 1):
        a = actors[key]
        forms = ", ".join(f"{t} ({c})" for t, c in surfaces[key].most_common(4))
        lines.append(f"| {i} | {a.name} | {a.kind} | {a.country or ''} | {a.role or ''} | {n} "
                     f"| {articles[key]} | {forms} |")
    # Duplicates suspected: two actors sharing a folded surface form or name.
    by_form: dict[str, set[str]] = defaultdict(set)
    for key, forms in surfaces.items():
        for form in [*forms, actors[key].name]:
            by_form[fold(form)].add(key)
    dupes = sorted({tuple(sorted(keys)) for keys in by_form.values() if len(keys) > 1})
    lines += ["", f"Duplicates suspected (actors sharing a surface form): **{len(dupes)}**", ""]
    lines += [f"- {' / '.join(actors[k].name + ' (' + actors[k].kind + ')' for k in keys)}"
              for keys in dupes]
    n_mentions = sum(mentions.values())
    lines += ["", f"{len(actors)} actors, {n_mentions} mentions in {len(extractions)} articles.",
              ""]
    return lines


def speed_section(pipeline: Pipeline, texts: list[str]) -> list[str]:
    nlp = pipeline.model.nlp
    pipeline.extract("Warm up: the U.S. and NATO met in Kyiv.")  # gazetteer and matcher built
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        t1 = time.perf_counter()
        for doc in docs:
            extract_doc(doc)
        t2 = time.perf_counter()
        list(pipeline.extract_many(texts))
        t3 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t3 - t2))
    bare, after, whole = (min(r[i] for r in runs) for i in range(3))
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    from db.nlp.gazetteer import gazetteer

    gazetteer.cache_clear()
    gazetteer()
    build = time.perf_counter() - t0
    return [
        "## Speed", "",
        f"{len(texts)} articles, {words} words, best of 3 runs, model {pipeline.name}.", "",
        "| step | seconds |", "|---|---|",
        f"| bare `nlp.pipe` | {bare:.2f} |",
        f"| actors + claims on the parsed docs | {after:.2f} |",
        f"| `Pipeline.extract_many` (all of it) | {whole:.2f} |",
        f"| gazetteer build, once per process | {build:.2f} |", "",
        f"Extraction throughput is **{bare / whole:.0%}** of bare `nlp.pipe` "
        f"(budget: at least 85%).", "",
    ]


def countries_section() -> list[str]:
    import pycountry

    from db.nlp.gazetteer import gazetteer

    g = gazetteer()
    total = right = 0
    for c in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(c, field, None)
            if value:
                total += 1
                e = g.lookup(value, confirmed=False)
                right += bool(e and e.kind == "country" and e.country == c.alpha_3)
    return ["## Country names", "",
            f"ISO 3166 short, official and common names resolved to the right alpha-3: "
            f"**{right}/{total}** ({right / total:.1%}).", ""]


def news_section(model: str | None, db: Path | None) -> list[str]:
    """The hand-coded news sets, blind part first (tests/fixtures/news-eval/)."""
    import news_sets

    stored = news_sets.build(model, db)
    lines = ["## News nobody tuned on (tests/fixtures/news-dev.jsonl)", "",
             "The whole news corpus (464 articles) is ingested with `briefing ingest` and "
             "read back from its export; coded mentions are matched to stored ones by "
             "overlap. The blind part is never tuned on; intervals are bootstrap 95%, "
             "resampling articles.", ""]
    blind = news_sets.load("actors-blind.jsonl")
    # The tuning part was coded by two coders, 50 articles each, to one naming rule
    # (English Wikipedia titles), so identity across their halves is measured too.
    tune = news_sets.load("actors-tune-a.jsonl") + news_sets.load("actors-tune-b.jsonl")
    for name, gold in (("Blind part", blind), ("Tuning part", tune)):
        part, _figures = news_sets.actors_report(name, stored, gold)
        lines += part
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--news-db", type=Path, default=None,
                        help="reuse (or keep) the ingested news corpus at this path")
    parser.add_argument("--news-only", action="store_true")
    args = parser.parse_args()
    news = news_section(args.model, args.news_db)
    if args.news_only:
        print("\n".join(news))
        return
    pipeline = Pipeline.load(args.model)
    texts = [clean(json.loads(line)["body"]) for line in CORPUS.read_text().splitlines()
             if line.strip()]
    report = ["# Actor resolution: quality", "",
              f"Pipeline: {pipeline.name}. Generated by `bench/eval_actors.py`.", ""]
    report += news
    report += seed_section(pipeline)
    report += corpus_section(list(pipeline.extract_many(texts)))
    report += countries_section()
    report += speed_section(pipeline, texts)
    text = "\n".join(report)
    print(text)
    OUT.write_text(text)


if __name__ == "__main__":
    main()
