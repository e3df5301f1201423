"""Bad input: each bad file fails alone with one line naming it; the rest still goes in.

And input that is only odd (not UTF-8, not English, huge, many) goes in with a warning.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time

import pytest

from db import ingest
from db.inputs import ArticleInput
from db.readers import ReadError, read_bytes, read_inputs
from db.schema import open_write
from tests.cli import briefing, briefing_here, can_run_as_nobody

GOOD = "Title: Good\n\nOfficials in France said on Monday that talks with Germany would resume.\n"
RANDOM = random.Random(6)
NOISE = bytes(RANDOM.randrange(256) for _ in range(4000))

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t\n", "empty file"),
    "noise.txt": (NOISE, "binary file"),
    "noise-without-nul.md": (NOISE.replace(b"\x00", b"\x01"), "binary file"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + NOISE, "binary file (PNG)"),
    "report.md": (b"%PDF-1.7\n" + NOISE, "binary file (PDF)"),
    "no-body.json": (json.dumps({"title": "Only a title"}).encode(), "record has no body"),
    "broken.json": (b'{"title": "x", "body": ', "malformed JSON"),
    "nomain.html": (b"<html><head><title>T</title><script>x()</script></head><body></body>"
                    b"</html>", "no main text"),
    "broken.rss": (b"<rss><channel><item><title>", "broken feed"),
    "garbage.atom": (b"this is not a feed", "broken feed"),
    "empty-feed.xml": (b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>',
                       "feed has no entries"),
}


def only_errors(items: list) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_one_error_naming_it(tmp_path, name):
    data, message = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    items = list(read_inputs([str(tmp_path)]))
    [error] = only_errors(items)
    assert name in error.origin and message in error.message
    assert [i.title for i in items if isinstance(i, ArticleInput)] == ["Good"]


def test_malformed_json_lines_are_named_by_line_and_the_good_lines_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"title": "A", "body": "First good line."}\n{broken\n'
                    '{"title": "no body"}\n[1, 2]\n{"title": "C", "body": "Last good line."}\n')
    items = list(read_inputs([str(path)]))
    assert [str(e) for e in only_errors(items)] == [
        f"{path}:2: malformed JSON (Expecting property name enclosed in double quotes)",
        f"{path}:3: record has no body",
        f"{path}:4: not a JSON object",
    ]
    assert [i.title for i in items if isinstance(i, ArticleInput)] == ["A", "C"]


def test_absurd_json_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "huge.jsonl").write_text('{"title": "n", "body": ' + "9" * 10_000 + "}\n")
    errors = only_errors(list(read_inputs([str(tmp_path)])))
    assert len(errors) == 2 and all("malformed JSON" in e.message for e in errors)


def test_paths_that_do_not_exist_or_cannot_be_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "notes.docx").write_text("x")
    targets = [tmp_path / "missing.txt", fifo, tmp_path / "dangling.txt",
               tmp_path / "empty-folder", tmp_path / "notes.docx", "ftp://example.org/a.txt"]
    errors = list(read_inputs([str(t) for t in targets]))
    assert [e.message for e in errors] == [
        "no such file or folder", "not a regular file", "broken symbolic link",
        "no files to read in this folder (.atom .htm .html .json .jsonl .md .rss .txt .xml)",
        "unsupported file type '.docx'", "only http(s) URLs can be read",
    ]


def test_urls_that_fail(http_server):
    errors = list(read_inputs([f"{http_server}/missing.html", "http://127.0.0.1:9/closed.txt",
                               "http://"]))
    assert len(errors) == 3 and all(isinstance(e, ReadError) for e in errors)
    assert "HTTP 404" in errors[0].message
    assert errors[1].message.startswith("cannot fetch")


@pytest.mark.slow  # a real process run as another user (nobody)
@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run as nobody")
def test_a_file_the_user_cannot_read(world_readable_dir):
    secret = world_readable_dir / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0o600)  # root's; the ingest runs as nobody
    (world_readable_dir / "good.txt").write_text(GOOD.replace("Good", "Other"))
    (world_readable_dir / "db").mkdir(mode=0o777)
    (world_readable_dir / "db").chmod(0o777)
    run = briefing("--db", world_readable_dir / "db" / "x.db", "ingest", world_readable_dir,
                   as_nobody=True)
    assert run.code == 1
    assert f"error: {secret}: cannot read: Permission denied" in run.err.splitlines()
    assert "1 added" in run.out


def test_cli_bad_inputs_fail_alone_exit_1_and_the_rest_goes_in(tmp_path, db_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _message) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD)
    run = briefing_here("--db", db_path, "ingest", folder, tmp_path / "missing.txt")
    assert run.code == 1
    lines = run.err.splitlines()
    for name, (_data, message) in BAD_FILES.items():
        [line] = [x for x in lines if f"/{name}" in x]
        assert line.startswith("error: ") and message in line
    assert any("missing.txt: no such file or folder" in x for x in lines)
    assert run.out.strip() == f"articles: 1 added, 0 skipped, {len(BAD_FILES) + 1} failed"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT title FROM articles").fetchall() == [("Good",)]


# Odd but good input: in, with a warning where something was guessed (exit 0) ----------------

def test_windows_1252_is_detected_decoded_and_said(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Title: Café\n\nLe café est très bon – the President of France said.\n"
                     .encode("cp1252"))
    [item] = read_inputs([str(path)])
    assert isinstance(item, ArticleInput)
    assert item.title == "Café" and "très bon – the" in item.body
    assert item.warnings == ("not UTF-8, decoded as Windows-1252",)


def test_other_legacy_encodings_and_utf16(tmp_path):
    (tmp_path / "ru.txt").write_bytes(("Москва заявила, что переговоры будут продолжены. " * 5)
                                      .encode("cp1251"))
    (tmp_path / "u16.txt").write_bytes("Talks in Paris resumed on Monday.".encode("utf-16"))
    ru, u16 = read_inputs([str(tmp_path)])
    assert isinstance(ru, ArticleInput) and ru.body.startswith("Москва заявила")
    assert "decoded as cp1251" in ru.warnings[0] and "Cyrillic" in ru.warnings[1]
    assert isinstance(u16, ArticleInput) and u16.body == "Talks in Paris resumed on Monday."


@pytest.mark.parametrize(("text", "warning"), [
    ("El presidente de Francia dijo que la guerra en Ucrania es un problema para todos los "
     "países de la región y que las negociaciones deben continuar con los aliados.", "Spanish"),
    ("Le président de la France a dit que la guerre en Ukraine est un problème pour tous les "
     "pays de la région et que les négociations doivent continuer avec les alliés.", "French"),
    ("Der Präsident sagte, dass der Krieg in der Ukraine ein Problem für alle Länder der Region "
     "ist und dass die Verhandlungen mit den Verbündeten weitergehen müssen.", "German"),
    ("总统说乌克兰战争是该地区所有国家的问题，谈判必须继续进行下去。这是一个很长的句子。",
     "Chinese"),
    ("Officials in France said on Monday that talks with Germany would resume after the "
     "summit, and that the ministers were expected to meet again in the spring.", None),
])
def test_text_that_is_not_english_goes_in_with_a_warning(text, warning):
    [item] = read_bytes(text.encode(), "a.txt", ".txt", default_id="a")
    assert isinstance(item, ArticleInput)
    if warning is None:
        assert item.warnings == ()
    else:
        [said] = item.warnings
        assert warning in said and "stored without actors" in said


def test_cli_warnings_are_exit_0(tmp_path, db_path):
    latin = "Title: Café\n\nThe café in Paris – open."
    (tmp_path / "latin.txt").write_bytes(latin.encode("cp1252"))
    (tmp_path / "es.txt").write_text(
        "El presidente de Francia dijo que la guerra en Ucrania es un problema para todos los "
        "países de la región y que las negociaciones deben continuar con los aliados.")
    run = briefing_here("--db", db_path, "ingest", tmp_path)
    assert run.code == 0
    assert run.err.splitlines() == [
        f"warning: {tmp_path}/es.txt: looks like Spanish, not English: stored without actors",
        f"warning: {tmp_path}/latin.txt: not UTF-8, decoded as Windows-1252",
    ]
    assert run.out.strip() == "articles: 2 added, 0 skipped, 0 failed"


@pytest.mark.slow
def test_a_5_mb_article_is_processed_in_pieces_with_offsets_right(db_path, rules_pipeline):
    from db.nlp.pipeline import PIECE_CHARS

    filler = "The committee met again and the talks went on for hours without a decision. " * 40
    para = filler + "Later, officials in France said talks would resume.\n\n"
    body = para * (5_000_000 // len(para))
    assert len(body) > 40 * PIECE_CHARS
    db = open_write(db_path)
    summary = ingest.ingest_items(
        db, [ArticleInput("Big", body, "big.txt", external_id="big")], rules_pipeline)
    assert summary.added == 1
    stored = db.execute("SELECT id, body FROM articles").fetchone()
    assert stored[1] == body
    mentions = db.execute('SELECT start, "end" FROM mentions WHERE article_id = ?',
                          [stored[0]]).fetchall()
    assert len(mentions) == body.count("France")
    assert all(body[s:e] == "France" for s, e in mentions)
    assert max(s for s, _e in mentions) > len(body) - len(para)
    claims = db.execute('SELECT start, "end" FROM claims ORDER BY seq').fetchall()
    assert all(body[s:e].strip() == body[s:e] and body[s:e] for s, e in claims)
    assert all(a[1] <= b[0] for a, b in zip(claims, claims[1:], strict=False))


@pytest.mark.slow
def test_a_folder_of_10000_small_files(tmp_path, db_path, rules_pipeline):
    folder = tmp_path / "many"
    for d in range(10):
        sub = folder / f"d{d}"
        sub.mkdir(parents=True)
        for n in range(1000):
            (sub / f"{n:04}.txt").write_text(
                f"Title: Note {d}-{n}\n\nNote {d}-{n}: officials in Kenya met on day {n}.\n")
    started = time.monotonic()
    db = open_write(db_path)
    summary = ingest.ingest_items(db, read_inputs([str(folder)]), rules_pipeline,
                                  batch_size=256)
    assert (summary.added, summary.failed) == (10_000, 0)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 10_000
    assert time.monotonic() - started < 300


def test_a_parser_that_crashes_fails_that_file_only(tmp_path, monkeypatch):
    from db import readers

    def crash(*_args, **_kwargs):
        raise RuntimeError("parser bug")
        yield  # a generator, as the real ones are

    monkeypatch.setattr(readers, "read_html", crash)
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text(GOOD)
    first, second = read_inputs([str(tmp_path)])
    assert isinstance(first, ReadError)
    assert first.message == "cannot parse: RuntimeError: parser bug"
    assert isinstance(second, ArticleInput)


@pytest.mark.slow  # a real process run as another user (nobody)
@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run as nobody")
def test_a_subfolder_that_cannot_be_listed_is_reported_and_the_walk_goes_on(world_readable_dir):
    private = world_readable_dir / "private"
    private.mkdir()
    (private / "x.txt").write_text(GOOD)
    private.chmod(0o700)
    (world_readable_dir / "open.txt").write_text(GOOD)
    (world_readable_dir / "db").mkdir()
    (world_readable_dir / "db").chmod(0o777)
    run = briefing("--db", world_readable_dir / "db" / "x.db", "ingest", world_readable_dir,
                   as_nobody=True)
    assert run.code == 1
    assert f"error: {private}: cannot list folder: Permission denied" in run.err.splitlines()
    assert "1 added" in run.out
