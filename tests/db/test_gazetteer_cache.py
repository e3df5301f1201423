"""The gazetteer is cached on disk: built once, then read back by every later process."""

from __future__ import annotations

import json

import pytest

from db.nlp import gazetteer as gz


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    gz.gazetteer.cache_clear()
    yield tmp_path
    gz.gazetteer.cache_clear()


# A whole build of the gazetteer (2.6 CPU-s, a tenth of the fast tier's data side): make test
# runs it, as it runs the rebuild below; the fast tier reads the cache the session built.
@pytest.mark.slow
def test_built_once_then_read_back_the_same(cache_home):
    built = gz.gazetteer()
    path = gz.cache_path()
    assert path.exists() and path.is_relative_to(cache_home / "cache")
    gz.gazetteer.cache_clear()
    read = gz.gazetteer()
    assert read is not built and read == built
    assert read.lookup("Kyiv").country == "UKR"


# The same whole build again, from a broken file. The fast tier keeps the same read-or-build
# helper's broken-file path (db/nlp/cached.py) in the patterns' test below.
@pytest.mark.slow
def test_a_broken_cache_file_is_rebuilt(cache_home):
    path = gz.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert gz.gazetteer().lookup("Britain").country == "GBR"


def test_a_user_officials_file_gives_a_new_cache(cache_home):
    before = gz.cache_path()
    user = cache_home / "config" / "briefing" / "officials.json"
    user.parent.mkdir(parents=True)
    user.write_text(json.dumps([{"name": "Ada Example", "role": "Minister", "country": "FRA"}]))
    assert gz.cache_path() != before


# The phrase matcher's patterns (db/nlp/gazetteer_matcher.py): cached beside the gazetteer.

@pytest.fixture
def patterns_home(tmp_path, monkeypatch):
    """An empty cache folder for the patterns; the gazetteer itself stays built in memory
    (building it again would add seconds to each test and test nothing here)."""
    gz.gazetteer()  # from the test process's own cache folder, before it is switched
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


TEXT = ("The United States and the U.K. met in Kyiv; the White House said NATO and "
        "Secretary-General Jens Stoltenberg of the United Nations would follow.")


def matched(matcher, vocab) -> list[tuple[str, str]]:
    import spacy

    doc = spacy.blank("en", vocab=vocab)(TEXT)
    return sorted((vocab.strings[m], doc[s:e].text) for m, s, e in matcher(doc))


def fresh_matcher():
    from spacy.vocab import Vocab

    from db.nlp import gazetteer_matcher as gm

    vocab = Vocab()
    return gm.matcher(vocab), vocab


def test_the_matcher_from_cached_patterns_matches_as_one_built_from_the_surfaces(patterns_home):
    import spacy
    from spacy.matcher import PhraseMatcher

    from db.nlp import gazetteer_matcher as gm

    cached, vocab = fresh_matcher()  # writes the cache (read back: the test below)
    assert gm.patterns_path().exists()
    # The reference: every strong surface form tokenized into Docs, as spaCy's docs show.
    reference_vocab = spacy.blank("en").vocab
    reference = PhraseMatcher(reference_vocab, attr="ORTH")
    nlp = spacy.blank("en", vocab=reference_vocab)
    for key, surface in gz.gazetteer().patterns():
        reference.add(key, [nlp.make_doc(surface)])
    want = matched(reference, reference_vocab)
    assert {"United States", "U.K.", "Kyiv", "White House", "NATO", "United Nations"} <= {
        text for _, text in want}
    assert matched(cached, vocab) == want


def test_read_back_the_patterns_are_not_tokenized_again(patterns_home, monkeypatch):
    from db.nlp import gazetteer_matcher as gm

    first = gm.patterns()

    def tokenize_again() -> None:
        raise AssertionError("tokenized although the cache holds the patterns")

    monkeypatch.setattr(gm, "tokenized", tokenize_again)
    assert gm.patterns() == first


def test_a_broken_patterns_file_is_tokenized_again(patterns_home):
    from db.nlp import gazetteer_matcher as gm

    path = gm.patterns_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x05not a pickle")
    _, vocab = fresh_matcher()
    assert any(t == "Kyiv" for _, t in matched(gm.matcher(vocab), vocab))
    assert gm.patterns() == gm.tokenized()  # and the file is whole again


def test_the_patterns_file_changes_with_spacy_and_with_the_gazetteer(patterns_home, monkeypatch):
    from db.nlp import gazetteer_matcher as gm

    before = gm.patterns_path()
    assert before.parent == gz.cache_path().parent
    monkeypatch.setattr(gm, "version", lambda package: "9.9.9" if package == "spacy" else "")
    assert gm.patterns_path() != before
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(patterns_home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(patterns_home / "config"))
    assert gm.patterns_path() == before
    user = patterns_home / "config" / "briefing" / "officials.json"
    user.parent.mkdir(parents=True)
    user.write_text(json.dumps([{"name": "Ada Example", "role": "Minister", "country": "FRA"}]))
    assert gm.patterns_path() != before
