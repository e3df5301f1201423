"""How many examples a property test tries: its full count in `make test`, a tenth of it
(at least 5) in `make test-fast`, which sets HYPOTHESIS_PROFILE=fast. Every property still
runs in the fast tier, on fewer inputs; the full count runs before a merge.

The counts are written at each test (what that property needs); Hypothesis's profiles
cannot scale them, since a test's own `max_examples` outranks the profile's, hence this."""

from __future__ import annotations

import os

from hypothesis import settings

FAST = os.environ.get("HYPOTHESIS_PROFILE") == "fast"

# The profiles named by HYPOTHESIS_PROFILE, loaded here (tests/conftest.py imports this
# module before any test module). "fast" keeps no example database: its few examples are
# not worth the writes.
settings.register_profile("full")
settings.register_profile("fast", max_examples=10, database=None)
settings.load_profile("fast" if FAST else "full")


def examples(full: int) -> int:
    """`full` examples, or a tenth of them in the fast tier."""
    return max(5, full // 10) if FAST else full
