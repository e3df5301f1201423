"""Two long articles for the reader's cursor tests: the sentences to land on lie screens
below the top, so a reader that shows the top of the article fails.

Every sentence names itself ("Sentence 60 of Alpha ...") so a test finds it on screen.
NATO is mentioned in Alpha's sentences 3 and 60 and in Beta's 55 and 75: `n` from Alpha's
last mention crosses into Beta (the older article, next in list order). Alpha's sentence 70
holds the only "zebra", for search.
"""

from __future__ import annotations

from pathlib import Path

from db import ingest
from db.inputs import ArticleInput
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.schema import open_write

NATO = FoundActor("organization:nato", "NATO", "organization")
SENTENCES = 80
NATO_AT = {"Alpha": (3, 60), "Beta": (55, 75)}
ZEBRA_AT = ("Alpha", 70)
ARTICLES = (("Alpha", "2024-05-02"), ("Beta", "2024-05-01"))


def sentence(title: str, i: int) -> str:
    words = f"Sentence {i} of {title} says that the committee met again to weigh the agenda"
    if i in NATO_AT[title]:
        words += " with NATO"
    if (title, i) == ZEBRA_AT:
        words += " and a zebra"
    return words + " in some detail, as it does every week of the year."


def long_article(title: str) -> tuple[str, Extraction]:
    body, claims, mentions = "", [], []
    for i in range(SENTENCES):
        if i:
            body += "\n\n" if i % 5 == 0 else " "  # a paragraph every five sentences
        text = sentence(title, i)
        start = len(body)
        body += text
        claims.append(FoundClaim(start, len(body), ("report",) if i % 3 == 0 else ()))
        if "NATO" in text:
            at = start + text.index("NATO")
            mentions.append(FoundMention(at, at + 4, "NATO", NATO.key))
    return body, Extraction((NATO,), tuple(mentions), tuple(claims))


def build_long_db(path: Path) -> Path:
    db = open_write(path)
    with db.conn:
        for title, published in ARTICLES:
            body, extraction = long_article(title)
            item = ArticleInput(title, body, f"long-{title}", external_id=f"long-{title}",
                                source="Test Wire", published=published,
                                url=f"https://example.org/{title.lower()}")
            prepared = ingest.prepare(db, item)
            assert prepared is not None
            ingest.write_extracted(db, prepared, extraction, "hand-made")
    db.conn.close()
    return path
