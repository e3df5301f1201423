"""The caps on untrusted input: flags over config.toml over the defaults (README, "Limits")."""

from __future__ import annotations

import pytest

from db.limits import MB, Limits, LimitsError, load_limits, parse_size
from tests.cli import briefing_here


def test_sizes_are_read_as_people_write_them():
    assert parse_size("5MB") == parse_size("5 mb") == 5 * MB
    assert parse_size("500k") == 500 * 1024 and parse_size(1234) == 1234
    for bad in ("5XB", "", "-1", "0"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_config_toml_sets_caps_and_says_where_it_is_wrong(tmp_path):
    config = tmp_path / "config.toml"
    assert load_limits(config) == Limits()  # absent: the defaults
    config.write_text('[limits]\nrecord = "1MB"\nfetch_seconds = 5\n')
    assert (load_limits(config).record, load_limits(config).fetch_seconds) == (MB, 5.0)
    config.write_text('[limits]\nrecrod = "1MB"\n')
    with pytest.raises(LimitsError, match=r"config.toml: limits.recrod: unknown cap"):
        load_limits(config)
    config.write_text("[limits\n")
    with pytest.raises(LimitsError, match=r"config.toml: .*line 1"):
        load_limits(config)


def test_the_cli_takes_caps_from_flags_and_config(tmp_path, db_path):
    (tmp_path / "big.txt").write_text("Title: Big\n\n" + "word " * 1000 + "\n")
    home = tmp_path / "cfg"
    (home / "briefing").mkdir(parents=True)
    (home / "briefing" / "config.toml").write_text('[limits]\nrecord = "2KB"\n')
    run = briefing_here("--db", db_path, "ingest", tmp_path / "big.txt", XDG_CONFIG_HOME=str(home))
    assert run.code == 1 and "too large: 4.896 KB, the cap is 2 KB (--max-record)" in run.err
    run = briefing_here("--db", db_path, "ingest", "--max-record", "1MB", tmp_path / "big.txt",
                   XDG_CONFIG_HOME=str(home))
    assert run.code == 0 and run.out.strip() == "articles: 1 added, 0 skipped, 0 failed"


def test_a_bad_cap_is_one_line_and_exit_2(tmp_path, db_path):
    run = briefing_here("--db", db_path, "ingest", "--max-record", "5XB", tmp_path)
    assert run.code == 2 and run.err.splitlines() == [
        "error: --max-record: not a size: '5XB' (write e.g. 5MB, 500KB or a number of bytes)"]
    home = tmp_path / "cfg"
    (home / "briefing").mkdir(parents=True)
    (home / "briefing" / "config.toml").write_text("[limits\n")
    run = briefing_here("--db", db_path, "ingest", tmp_path, XDG_CONFIG_HOME=str(home))
    [line] = run.err.splitlines()
    assert run.code == 2 and line.startswith(f"error: {home}/briefing/config.toml: ")
