from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.plan.dates import add_months, cut_quarters


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 21), 3, date(2027, 2, 21)),
    (date(2026, 12, 15), 12, date(2027, 12, 15)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_quarters_end_at_qbrs():
    periods = cut_quarters(date(2027, 1, 12), 3, 4, date(2026, 11, 21))
    assert [(p.start, p.end) for p in periods] == [
        (date(2026, 11, 21), date(2027, 1, 12)), (date(2027, 1, 12), date(2027, 4, 12)),
        (date(2027, 4, 12), date(2027, 7, 12)), (date(2027, 7, 12), date(2027, 10, 12))]
    assert all(p.qbr == p.end for p in periods)


def test_past_qbr_rolls_forward_and_a_sliver_joins_the_next_quarter():
    periods = cut_quarters(date(2026, 8, 25), 3, 4, date(2026, 11, 21))
    assert periods[0].start == date(2026, 11, 21)
    assert periods[0].end == date(2027, 2, 25)


@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.dates(date(2020, 1, 1), date(2035, 1, 1)),
       st.integers(1, 12), st.integers(1, 8))
def test_quarters_tile_the_plan(as_of, next_qbr, every, count):
    periods = cut_quarters(next_qbr, every, count, as_of)
    assert len(periods) == count
    assert periods[0].start == as_of
    assert all(a.end == b.start for a, b in itertools.pairwise(periods))
    assert all(p.start < p.end for p in periods)
