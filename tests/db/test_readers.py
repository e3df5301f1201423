"""Readers for each format: .txt .md .json .jsonl (exports too) .html .rss .atom, and URLs."""

from __future__ import annotations

import json

from db.inputs import ArticleInput
from db.readers import ReadError, first_sentence, read_inputs

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>First item</title><link>http://example.org/1</link><guid>g1</guid>
<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;NATO met in &lt;b&gt;Brussels&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Second item</title><link>http://example.org/2</link>
<description>Kyiv asked for help.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>An entry</title><id>urn:1</id><updated>2024-03-02T08:00:00Z</updated>
<link href="http://example.org/a"/><content type="html">Estonia expressed support.</content>
</entry></feed>"""

HTML = """<html><head><title>Page title</title></head><body>
<nav>Home | About | Contact</nav>
<article><h1>Page title</h1>
<p>The government in Kyiv has asked the U.S. and NATO to help train new recruits within
Ukraine, according to officials who spoke on Thursday in a long statement.</p>
<p>Estonia and Lithuania have expressed support for sending instructors to free up
Ukrainian soldiers for combat duty, the officials said in the same statement.</p>
</article><footer>Copyright</footer></body></html>"""


def articles(*targets):
    return [i for i in read_inputs([str(t) for t in targets]) if isinstance(i, ArticleInput)]


def test_txt_headers_are_read_and_left_out_of_the_body(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title: Hello\nSource: Wire\nURL: http://x.org/a\nDate: 2024-03-01\n\n"
                    "Body line one.\nBody line two.\n")
    [a] = articles(path)
    assert (a.title, a.source, a.url, a.published) == ("Hello", "Wire", "http://x.org/a",
                                                        "2024-03-01")
    assert a.body == "Body line one.\nBody line two.\n"
    assert a.external_id == str(path.resolve())


def test_txt_without_title_takes_the_first_sentence(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("The U.S. said so. Then more.")
    [a] = articles(path)
    assert a.title == "The U.S. said so."
    assert a.body == "The U.S. said so. Then more."


def test_first_sentence_is_at_most_100_characters():
    title = first_sentence("word " * 60 + ".")
    assert len(title) <= 100 and title.endswith("…")


def test_jsonl_records_with_body_or_text(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "title": "One", "body": "First body.", "source": "S",
                    "published": "2024-03-01"}) + "\n"
        + json.dumps({"title": "Two", "text": "Second body."}) + "\n"
    )
    one, two = articles(path)
    assert (one.external_id, one.title, one.body, one.source) == ("a1", "One", "First body.", "S")
    assert two.body == "Second body." and two.external_id is None


def test_json_file_with_a_list(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"title": "A", "body": "a."}, {"title": "B", "body": "b."}]))
    assert [a.title for a in articles(path)] == ["A", "B"]


def test_an_export_is_read_back_as_its_articles_only(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [
        {"type": "article", "id": 7, "external_id": "ext-7", "title": "T", "source": None,
         "url": None, "published": None, "body": "B.", "sha256": "x", "pipeline": "p"},
        {"type": "actor", "id": 1, "name": "NATO", "kind": "organization", "country": None,
         "role": None, "aliases": []},
        {"type": "claim", "id": 1, "article_id": 7, "seq": 0, "start": 0, "end": 2, "text": "B.",
         "types": [], "speaker_id": None, "actor_ids": [], "negated": False, "cues": []},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines))
    [a] = articles(path)
    assert (a.external_id, a.title, a.body) == ("ext-7", "T", "B.")


def test_html_is_reduced_to_its_main_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML)
    [a] = articles(path)
    assert "Kyiv has asked" in a.body and "Estonia and Lithuania" in a.body
    assert "Home | About" not in a.body and "Copyright" not in a.body
    assert a.title == "Page title"


def test_rss_gives_one_article_per_entry(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS)
    first, second = articles(path)
    assert (first.title, first.source, first.url, first.external_id) == (
        "First item", "Wire", "http://example.org/1", "g1")
    assert first.body == "NATO met in Brussels."
    assert first.published == "2024-03-01T10:00:00+00:00"
    assert second.body == "Kyiv asked for help."


def test_atom_feed(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM)
    [entry] = articles(path)
    assert (entry.title, entry.body, entry.source) == ("An entry", "Estonia expressed support.",
                                                       "Atom wire")


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Bee.")
    (tmp_path / "sub" / "a.txt").write_text("Ay.")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    assert [a.body for a in articles(tmp_path)] == ["Bee.", "Ay."]


def test_missing_path_is_an_error_naming_it(tmp_path):
    [error] = list(read_inputs([str(tmp_path / "nope.txt")]))
    assert isinstance(error, ReadError) and "nope.txt" in str(error)


def test_urls_of_pages_and_feeds(http_server):
    page, feed = articles(f"{http_server}/page.html", f"{http_server}/feed.rss")[:2]
    assert "Kyiv has asked" in page.body and page.url == f"{http_server}/page.html"
    assert feed.title == "First item"


def test_url_not_found_is_an_error(http_server):
    [error] = list(read_inputs([f"{http_server}/missing.txt"]))
    assert isinstance(error, ReadError) and "404" in error.message
