"""The wide help's two columns split where trying every split would: the bisection in
`balanced_split` against `min` over all of them, on every shape of heights the tables can
have (the rows before a split never take fewer lines as it moves on, those after never more)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.screens.help import balanced_split

steps = st.lists(st.integers(0, 3), min_size=1, max_size=20)


@given(steps, steps, st.integers(0, 40), st.integers(0, 8))
def test_the_split_is_the_first_best_of_all(rises: list[int], falls: list[int], start: int,
                                             extra: int) -> None:
    n = min(len(rises), len(falls))
    left = [sum(rises[:i + 1]) for i in range(n)]
    right = [start + extra + sum(falls[i:n]) for i in range(n)]
    candidates = range(5, 5 + n)
    calls: list[int] = []

    def left_at(k: int) -> int:
        calls.append(k)
        return left[k - 5]

    def right_at(k: int) -> int:
        calls.append(k)
        return right[k - 5]

    expected = min(candidates, key=lambda k: max(left[k - 5], right[k - 5]))
    assert balanced_split(candidates, left_at, right_at) == expected
    assert len(calls) <= 2 * n  # never more renders than trying every split
