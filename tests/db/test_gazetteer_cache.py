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


def test_built_once_then_read_back_the_same(cache_home):
    built = gz.gazetteer()
    path = gz._cache_path()
    assert path.exists() and path.is_relative_to(cache_home / "cache")
    gz.gazetteer.cache_clear()
    read = gz.gazetteer()
    assert read is not built and read == built
    assert read.lookup("Kyiv").country == "UKR"


def test_a_broken_cache_file_is_rebuilt(cache_home):
    path = gz._cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert gz.gazetteer().lookup("Britain").country == "GBR"


def test_a_user_officials_file_gives_a_new_cache(cache_home):
    before = gz._cache_path()
    user = cache_home / "config" / "briefing" / "officials.json"
    user.parent.mkdir(parents=True)
    user.write_text(json.dumps([{"name": "Ada Example", "role": "Minister", "country": "FRA"}]))
    assert gz._cache_path() != before
