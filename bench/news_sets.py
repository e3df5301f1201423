"""The hand-coded sets on news nobody tuned on (tests/fixtures/news-eval/), scored against
what briefing really stores.

The articles of `tests/fixtures/news-dev.jsonl` are ingested into a fresh database with the
real command (`briefing ingest`), the database is exported (the JSON contract), and the export
is compared with the codes. So the figures are those of the product as an analyst gets it:
actors joined across articles by ingest, claims as the claims view shows them.

The blind part is reported first and is never read by whoever tunes rules: only its scores.
Every figure comes with a bootstrap 95% interval, resampling articles (sentences and mentions
of one article are not independent).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
NEWS = FIXTURES / "news-dev.jsonl"
EVAL = FIXTURES / "news-eval"
EVENT_TYPES = ("request", "support", "agreement", "opposition", "threat", "event")
ALL_TYPES = ("quote", "report", "request", "support", "agreement", "opposition", "threat",
             "plan", "prediction", "risk", "rule", "quantity", "event")
BOOTSTRAP = 1000


# ---------------------------------------------------------------------------------------
# The product's answer: ingest, then export


@dataclass
class Stored:
    """An export of the database, indexed for scoring."""

    articles: dict[str, dict[str, Any]]                 # external_id -> article record
    actors: dict[int, dict[str, Any]]                   # id -> actor record
    mentions: dict[str, list[dict[str, Any]]]           # external_id -> mentions, by start
    claims: dict[str, list[dict[str, Any]]]             # external_id -> claims, by start
    speaker_names: dict[int, set[str]] = field(default_factory=dict)


def build(model: str | None, db: Path | None = None) -> Stored:
    """Ingest the whole news corpus (as an analyst would, all articles together) and read
    back the export. `db` reuses an existing database when given and present."""
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "news.db"
    exe = [sys.executable, "-m", "tui.cli", "--db", str(db)]
    env = None
    if model:
        import os

        env = {**os.environ, "BRIEFING_MODEL": model}
    if not db.exists():
        subprocess.run([*exe, "ingest", str(NEWS)], check=True, env=env, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    out = subprocess.run([*exe, "export"], check=True, env=env, cwd=ROOT,
                         capture_output=True, text=True).stdout
    if tmp is not None:
        tmp.cleanup()
    return read_export(out.splitlines())


def read_export(lines: Iterable[str]) -> Stored:
    articles: dict[str, dict[str, Any]] = {}
    by_id: dict[int, str] = {}
    actors: dict[int, dict[str, Any]] = {}
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        r = json.loads(line)
        if r["type"] == "article":
            articles[r["external_id"]] = r
            by_id[r["id"]] = r["external_id"]
        elif r["type"] == "actor":
            actors[r["id"]] = r
        elif r["type"] == "mention":
            mentions[by_id[r["article_id"]]].append(r)
        elif r["type"] == "claim":
            claims[by_id[r["article_id"]]].append(r)
    stored = Stored(articles, actors, dict(mentions), dict(claims))
    for ms in stored.mentions.values():
        ms.sort(key=lambda m: m["start"])
        for m in ms:
            stored.speaker_names.setdefault(m["actor_id"], set()).add(norm(m["text"]))
    for a in actors.values():
        names = stored.speaker_names.setdefault(a["id"], set())
        names.add(norm(a["name"]))
        names.update(norm(x) for x in a.get("aliases") or ())
    for cs in stored.claims.values():
        cs.sort(key=lambda c: c["start"])
    return stored


def load(name: str) -> list[dict[str, Any]]:
    path = EVAL / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def split() -> dict[str, Any]:
    return json.loads((EVAL / "split.json").read_text())


# ---------------------------------------------------------------------------------------
# Bootstrap over articles


def interval(items: list[Any], article_of: Callable[[Any], str],
             figure: Callable[[list[Any]], float], seed: int = 1) -> tuple[float, float, float]:
    """The figure, and its 95% bootstrap interval resampling whole articles."""
    by_article: dict[str, list[Any]] = defaultdict(list)
    for it in items:
        by_article[article_of(it)].append(it)
    keys = sorted(by_article)
    value = figure(items)
    if len(keys) < 2:
        return value, value, value
    rnd = random.Random(seed)
    samples = []
    for _ in range(BOOTSTRAP):
        picked = [it for k in rnd.choices(keys, k=len(keys)) for it in by_article[k]]
        samples.append(figure(picked))
    samples.sort()
    return value, samples[int(0.025 * BOOTSTRAP)], samples[int(0.975 * BOOTSTRAP) - 1]


def fmt(v: tuple[float, float, float], digits: int = 2) -> str:
    return f"{v[0]:.{digits}f} [{v[1]:.{digits}f}-{v[2]:.{digits}f}]"


# ---------------------------------------------------------------------------------------
# Claims


def norm(name: str | None) -> str:
    if not name:
        return ""
    name = re.sub(r"^(the)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"['’]s$", "", name)
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


_LINKING = {"and", "of", "the", "for", "de", "la", "du", "des", "del", "on", "in"}


def initials(name: str) -> set[str]:
    """The acronyms a coded name may go by: "Pacific Gas and Electric Company" -> "pgec" and
    "pge" (without its last word: "Company", "Inc."), "World Health Organization" -> "who"."""
    words = [w for w in norm(name).split() if w not in _LINKING]
    if len(words) < 3:  # "Joe Biden" is not "JB"
        return set()
    full = "".join(w[0] for w in words)
    return {full, full[:-1]}


def names_match(gold: str, names: set[str]) -> bool:
    """The stored speaker is the coded one when one name's words are among the other's, or
    when a stored name is the acronym of the coded one (PG&E for Pacific Gas and Electric
    Company: the same company, which the word sets alone never matched)."""
    g = norm(gold)
    gw = set(g.split())
    acronyms = initials(gold)
    for n in names:
        nw = set(n.split())
        if g == n or (gw and nw and (gw <= nw or nw <= gw)):
            return True
        if 2 <= len(n.replace(" ", "")) <= 6 and n.replace(" ", "") in acronyms:
            return True
    return False


@dataclass
class ClaimPair:
    article: str
    gold: dict[str, Any]
    types: set[str]
    speaker_id: int | None
    speaker_right: bool
    negated: bool


def claim_pairs(stored: Stored, gold: list[dict[str, Any]]) -> list[ClaimPair]:
    """Each coded sentence with the stored claims it overlaps (a coded sentence the product
    cut in two gets the types of both parts; the speaker of the part that overlaps most)."""
    pairs = []
    for g in gold:
        cs = stored.claims.get(g["article"], [])
        over = [(min(g["end"], c["end"]) - max(g["start"], c["start"]), c) for c in cs]
        over = [(o, c) for o, c in over if o > 0]
        types: set[str] = set()
        for _o, c in over:
            types |= set(c["types"])
        best = max(over, key=lambda oc: oc[0])[1] if over else None
        spk = best["speaker_id"] if best else None
        if g.get("speaker") is None:
            right = spk is None
        else:
            right = spk is not None and names_match(g["speaker"],
                                                    stored.speaker_names.get(spk, set()))
        pairs.append(ClaimPair(g["article"], g, types, spk, right,
                               bool(best and best["negated"])))
    return pairs


def prf(pairs: list[ClaimPair], t: str) -> tuple[float, float, float]:
    tp = sum(1 for p in pairs if t in p.types and t in p.gold["types"])
    fp = sum(1 for p in pairs if t in p.types and t not in p.gold["types"])
    fn = sum(1 for p in pairs if t not in p.types and t in p.gold["types"])
    pr = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    rc = tp / (tp + fn) if tp + fn else 1.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def macro(pairs: list[ClaimPair], types: tuple[str, ...] = EVENT_TYPES) -> float:
    return sum(prf(pairs, t)[2] for t in types) / len(types)


def share(pairs: list[ClaimPair], keep: Callable[[ClaimPair], bool],
          good: Callable[[ClaimPair], bool]) -> float:
    kept = [p for p in pairs if keep(p)]
    return sum(1 for p in kept if good(p)) / len(kept) if kept else 1.0


SPEECH_CUES = {"speech verb", "quote", "according to"}


def claims_report(name: str, pairs: list[ClaimPair]) -> tuple[list[str], dict[str, Any]]:
    """Markdown lines and the headline figures of one coded set."""
    if not pairs:
        return [f"### {name}: not coded yet", ""], {}
    art = lambda p: p.article  # noqa: E731
    n_articles = len({p.article for p in pairs})
    named = lambda p: p.gold.get("speaker") is not None  # noqa: E731
    figures = {
        "macro_f1_six": interval(pairs, art, macro),
        "quote_report_f1": interval(pairs, art, lambda ps: macro(ps, ("quote", "report"))),
        "speaker_named": interval(pairs, art, lambda ps: share(ps, named,
                                                               lambda p: p.speaker_right)),
        "speaker_speech": interval(pairs, art, lambda ps: share(
            ps, lambda p: named(p) and p.gold.get("speaker_cue") in SPEECH_CUES,
            lambda p: p.speaker_right)),
        "speaker_precision": interval(pairs, art, lambda ps: share(
            ps, lambda p: p.speaker_id is not None, lambda p: p.speaker_right)),
        "negation": interval(pairs, art, lambda ps: share(
            ps, lambda p: True, lambda p: p.negated == bool(p.gold.get("negated")))),
    }
    lines = [
        f"### {name}: {len(pairs)} sentences of {n_articles} articles", "",
        "| figure | value [95% interval] |", "|---|---|",
        f"| claim types, macro-F1 over the six event types | **{fmt(figures['macro_f1_six'])}** |",
        f"| quote / report, macro-F1 | {fmt(figures['quote_report_f1'])} |",
        f"| speaker right, statements with a named source "
        f"({sum(map(named, pairs))}) | **{fmt(figures['speaker_named'])}** |",
        f"| speaker right, cue said/told/according to/quote | "
        f"**{fmt(figures['speaker_speech'])}** |",
        f"| a speaker given is the right one (precision; "
        f"{sum(1 for p in pairs if p.speaker_id is not None)} given) | "
        f"**{fmt(figures['speaker_precision'])}** |",
        f"| negation right | {fmt(figures['negation'])} |", "",
        "| type | P | R | F1 | coded |", "|---|---|---|---|---|",
    ]
    for t in ALL_TYPES:
        p_, r, f = prf(pairs, t)
        n = sum(1 for p in pairs if t in p.gold["types"])
        lines.append(f"| {t} | {p_:.2f} | {r:.2f} | {f:.2f} | {n} |")
    lines += ["", "| speaker cue | sentences | speaker right |", "|---|---|---|"]
    cues = Counter(p.gold.get("speaker_cue") or "none" for p in pairs)
    for cue, n in sorted(cues.items(), key=lambda kv: -kv[1]):
        right = share(pairs, lambda p, c=cue: (p.gold.get("speaker_cue") or "none") == c,
                      lambda p: p.speaker_right)
        lines.append(f"| {cue} | {n} | {right:.2f} |")
    lines.append("")
    return lines, {k: round(v[0], 3) for k, v in figures.items()}


def agreement_report() -> list[str]:
    """Agreement between two coders of the same 100 tuning sentences: the ceiling."""
    second = load("claims-agreement.jsonl")
    first = {(g["article"], g["start"]): g for g in load("claims-tune.jsonl")}
    both = [(first[(g["article"], g["start"])], g) for g in second
            if (g["article"], g["start"]) in first]
    if not both:
        return ["### Agreement between coders: not coded yet", ""]
    lines = [f"### Agreement between two coders ({len(both)} tuning sentences, coded apart)",
             "", "| type | F1 of one coder against the other | coded by either |",
             "|---|---|---|"]
    f1s = []
    for t in ALL_TYPES:
        tp = sum(1 for a, b in both if t in a["types"] and t in b["types"])
        n = sum(1 for a, b in both if t in a["types"] or t in b["types"])
        fa = sum(1 for a, _b in both if t in a["types"])
        fb = sum(1 for _a, b in both if t in b["types"])
        f = 2 * tp / (fa + fb) if fa + fb else 1.0
        if t in EVENT_TYPES:
            f1s.append(f)
        lines.append(f"| {t} | {f:.2f} | {n} |")
    spk = [(a, b) for a, b in both if a.get("speaker") or b.get("speaker")]
    same = sum(1 for a, b in spk if a.get("speaker") and b.get("speaker")
               and names_match(a["speaker"], {norm(b["speaker"])}))
    lines += ["", f"- macro-F1 over the six event types, coder against coder: "
              f"**{sum(f1s) / len(f1s):.2f}**",
              f"- speaker: same source in {same}/{len(spk)} sentences where either coder "
              "named one", ""]
    return lines


# ---------------------------------------------------------------------------------------
# Actors


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


@dataclass
class ActorFigures:
    gold: int
    found: int
    recall: float
    precision: float
    not_actors: float
    joined: float
    apart: float
    bcubed: float
    acronym_places: list[str]
    pairs: tuple[int, int]


def missed_actors() -> set[tuple[str, int, int, str]]:
    """Stored mentions on no coded name that a second coder, reading each in its context,
    found to name an actor the first coders missed (noncoded-*.jsonl; the others were coded
    "not": weapons, dates, events, species, fragments). A mention not in these files counts
    as not an actor, so a change that makes new ones is never flattered."""
    out: set[tuple[str, int, int, str]] = set()
    for part in ("blind", "tune"):
        path = EVAL / f"noncoded-{part}.jsonl"
        if path.exists():
            for row in load(path.name):
                if row["code"] == "actor":
                    out.add((row["article"], row["start"], row["end"], row["text"]))
    return out


def match_mentions(stored: Stored, gold: list[dict[str, Any]]
                   ) -> tuple[list[tuple[dict[str, Any], dict[str, Any] | None]], int, int]:
    """Each gold mention with the stored mention that overlaps it most (or None); and the
    numbers of stored mentions in the coded articles and of those overlapping no gold one
    that do not name an actor (see `missed_actors`)."""
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    out: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    found = unmatched = 0
    for art, gs in by_article.items():
        ms = stored.mentions.get(art, [])
        found += len(ms)
        used: set[int] = set()
        for g in gs:
            best = max(((overlaps(g, m), i) for i, m in enumerate(ms) if overlaps(g, m) > 0),
                       default=None)
            if best is None:
                out.append((g, None))
            else:
                used.add(best[1])
                out.append((g, ms[best[1]]))
        unmatched += sum(1 for i, m in enumerate(ms)
                         if i not in used and not any(overlaps(g, m) > 0 for g in gs)
                         and (art, m["start"], m["end"], m["text"]) not in _MISSED)
    return out, found, unmatched


def pair_counts(items: list[tuple[str, str, int]]) -> tuple[float, float, float, int, int]:
    """From (article, gold entity, stored actor) per matched mention: the share of
    same-entity pairs across articles that share an actor, the share of different-entity
    pairs kept apart, B-cubed F1; and the two numbers of pairs."""
    def c2(n: int) -> int:
        return n * (n - 1) // 2

    ent = Counter(e for _a, e, _x in items)
    ent_art = Counter((e, a) for a, e, _x in items)
    ent_act = Counter((e, x) for _a, e, x in items)
    ent_act_art = Counter((e, x, a) for a, e, x in items)
    act = Counter(x for _a, _e, x in items)
    same_cross = sum(c2(n) for n in ent.values()) - sum(c2(n) for n in ent_art.values())
    joined_cross = (sum(c2(n) for n in ent_act.values())
                    - sum(c2(n) for n in ent_act_art.values()))
    n = len(items)
    diff = c2(n) - sum(c2(k) for k in ent.values())
    wrongly = sum(c2(k) for k in act.values()) - sum(c2(k) for k in ent_act.values())
    # B-cubed: per mention, precision = |same actor and same entity| / |same actor|,
    # recall = |same actor and same entity| / |same entity|.
    p = r = 0.0
    for (e, x), k in ent_act.items():
        p += k * k / act[x]
        r += k * k / ent[e]
    p, r = (p / n, r / n) if n else (1.0, 1.0)
    return (joined_cross / same_cross if same_cross else 1.0,
            1 - wrongly / diff if diff else 1.0,
            2 * p * r / (p + r) if p + r else 0.0, same_cross, diff)


_MISSED = missed_actors()
ACRONYM = re.compile(r"^[A-Z][A-Z.&-]{1,6}$")


@dataclass
class ArticleMatch:
    """One coded article: its gold mentions with the stored one each matched (or None),
    the stored mentions in it and those overlapping no gold mention."""

    article: str
    matched: list[tuple[dict[str, Any], dict[str, Any] | None]]
    found: int
    unmatched: int


def article_matches(stored: Stored, gold: list[dict[str, Any]]) -> list[ArticleMatch]:
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    out = []
    for art, gs in sorted(by_article.items()):
        matched, found, unmatched = match_mentions(stored, gs)
        out.append(ArticleMatch(art, matched, found, unmatched))
    return out


def actor_figures(stored: Stored, arts: list[ArticleMatch]) -> ActorFigures:
    matched = [gm for a in arts for gm in a.matched]
    found = sum(a.found for a in arts)
    unmatched = sum(a.unmatched for a in arts)
    hits = [(g, m) for g, m in matched if m is not None]
    # A resampled article appears more than once: tell its copies apart, so that a copy's
    # mentions do not pair with the original's as if the same article.
    items = [(f"{g['article']}#{i}", g["entity"], m["actor_id"])
             for i, a in enumerate(arts) for g, m in a.matched if m is not None]
    joined, apart, bcubed, same_pairs, diff_pairs = pair_counts(items)
    places = []
    for a in arts:
        gold_at = {g["start"]: g for g, _m in a.matched}
        for m in stored.mentions.get(a.article, []):
            actor = stored.actors[m["actor_id"]]
            if actor["kind"] == "place" and ACRONYM.match(m["text"]):
                g = gold_at.get(m["start"])
                if g is None or g["kind"] != "place":
                    places.append(f"{a.article}: {m['text']!r} made the place "
                                  f"{actor['name']!r} ({actor['country']})")
    return ActorFigures(
        gold=len(matched), found=found,
        recall=len(hits) / len(matched) if matched else 1.0,
        precision=(found - unmatched) / found if found else 1.0,
        not_actors=unmatched / found if found else 0.0,
        joined=joined, apart=apart, bcubed=bcubed,
        acronym_places=places, pairs=(same_pairs, diff_pairs))


def actors_report(name: str, stored: Stored, gold: list[dict[str, Any]]
                  ) -> tuple[list[str], dict[str, Any]]:
    if not gold:
        return [f"### {name}: not coded yet", ""], {}
    arts = article_matches(stored, gold)
    f = actor_figures(stored, arts)

    def ci(attr: str) -> tuple[float, float, float]:
        return interval(arts, lambda a: a.article,
                        lambda picked: float(getattr(actor_figures(stored, picked), attr)))

    figures = {k: ci(k) for k in ("recall", "precision", "joined", "apart", "bcubed")}
    per100 = 100 * len(f.acronym_places) / len(arts)
    lines = [
        f"### {name}: {f.gold} named mentions coded in {len(arts)} articles", "",
        "| figure | value [95% interval] |", "|---|---|",
        f"| named mentions found (recall) | **{fmt(figures['recall'])}** |",
        f"| mentions found that name an actor (precision) | {fmt(figures['precision'])} |",
        f"| mentions found on things that are not actors (weapons, dates, events, common "
        f"words; every one read in its context) | "
        f"**{f.not_actors:.3f}** of {f.found} |",
        f"| same thing in different articles, one actor ({f.pairs[0]:,} pairs) | "
        f"**{fmt(figures['joined'])}** |",
        f"| different things kept apart ({f.pairs[1]:,} pairs) | "
        f"**{fmt(figures['apart'], 4)}** |",
        f"| B-cubed F1 (mentions found) | {fmt(figures['bcubed'])} |",
        f"| acronyms made places, per 100 articles | **{per100:.1f}** "
        f"({len(f.acronym_places)}) |", "",
    ]
    if f.acronym_places:
        lines += ["Acronyms made places:", "", *[f"- {p}" for p in f.acronym_places], ""]
    out = {k: round(v[0], 4) for k, v in figures.items()}
    out.update(not_actors=round(f.not_actors, 4), acronym_places_per_100=round(per100, 2))
    return lines, out
