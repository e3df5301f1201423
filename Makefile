# The two commands a user needs: `make run` and `make test`. Both set up .venv first.
# The interpreter of .venv: the distribution's CPython 3.11 where it has one with venv
# support, else the first python3 on PATH. Debian builds its CPython with PGO and LTO; the
# pyenv 3.11.7 first on PATH on these machines is built without them (--enable-shared, no
# --enable-optimizations). Measured alternately on one host: make test-fast 23.8-25.9 s
# against 26.5-28.1 s, make test 174 s against 203 s, a pure-Python loop 0.94-1.04 s against
# 1.19-1.32 s. `make PYTHON=python3 setup` after `make clean` chooses another.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip, venv; ensurepip.version()' 2>/dev/null \
	&& echo /usr/bin/python3.11 || echo python3)
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: run test test-fast check bench bench-1m bench-startup bench-cluster bench-fast train train-mentions setup clean \
	snapshot-update

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,cluster]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing

# Tests write bytecode even where the environment says not to (PYTHONDONTWRITEBYTECODE=1):
# without it every test worker and every command run as a process compiled db/, tui/ and
# the test modules again (half of collecting the tests). __pycache__/ is ignored by git.
TEST_ENV = PYTHONDONTWRITEBYTECODE=

# Every tier: db, tui, e2e, the model tests included.
test: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadgroup tests

# The fast tier: no spaCy model, no tmux, no process-killing or huge-input tests; the
# property tests on a tenth of their examples (tests/fuzzing.py); Pilot tests composite a
# frame only when the test reads the screen (tests/tui/conftest.py, PILOT_FRAMES). Three
# workers on two cores: what is left asleep (a stalled server's 2 s timeout, subprocesses,
# the query bar's debounce) a third fills. Measured alternately, three runs each (2026-12-06,
# Debian's CPython): 24.5-27.3 s wall with three, 27.9-30.8 s with two, for 2-4 more CPU-s
# (each worker collects, loads the rules pipeline and builds the shared databases of its own).
FAST_WORKERS ?= 3
test-fast: $(STAMP)
	$(TEST_ENV) HYPOTHESIS_PROFILE=fast PILOT_FRAMES=when-read $(BIN)/python -m pytest \
		-n $(FAST_WORKERS) -m "not model and not e2e and not slow" tests

# Draws the SVG snapshots of the screens again (tests/tui/__snapshots__), after a change
# to the screens meant to show: look at the diff (`git diff --stat`, the report) before
# committing it. Every test that takes a snapshot (snap_compare) is rerun.
snapshot-update: $(STAMP)
	$(BIN)/python -m pytest -p no:xdist --snapshot-update \
		$$(grep -l snap_compare tests/tui/test_*.py)

check: $(STAMP)
	$(BIN)/ruff check db tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Steps of `make bench` alone, each rewriting its own table in bench/RESULTS.md.
bench-startup: $(STAMP)
	$(BIN)/python bench/startup.py

bench-cluster: $(STAMP)
	$(BIN)/python bench/cluster_overhead.py

# The fast tier's time beside a reference run alternately (a bare Textual app started 60 times).
bench-fast: $(STAMP)
	$(BIN)/python bench/fast_tier.py

# The size budgets at 1,000,000 articles beside 100,000 (not part of `make bench` or `make
# test`: the first run builds a 6 GB corpus, most of an hour on two cores).
bench-1m: $(STAMP)
	$(BIN)/python bench/sizes.py --sizes 100000,1000000

# The claim model's weights (db/nlp/data/claim_model.json) from the sentences coded by hand
# in tests/fixtures (never the blind part): deterministic, the same data gives the same file.
train: $(STAMP)
	$(BIN)/python -m db.nlp.claims.train

# The mention model's weights (db/nlp/data/mention_model.json): which chosen spans name no
# actor, learned from the actors coded on the tuning articles (never the blind part).
train-mentions: $(STAMP)
	$(BIN)/python -m db.nlp.mention_train

clean:
	rm -rf $(VENV) build *.egg-info
