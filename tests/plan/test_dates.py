from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.inputs.playbook_calendar import QuietPeriod
from generator.months import shortest_period_days
from generator.plan.dates import add_months, plan_calendar, shift_out_of
from generator.plan.workdays import WorkingDays


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 21), 3, date(2027, 2, 21)),
    (date(2026, 12, 15), 12, date(2027, 12, 15)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_year_starts_at_the_qbr_and_the_days_before_it_are_the_lead_in():
    cal = plan_calendar(date(2027, 1, 12), 3, 4, date(2026, 11, 21))
    assert cal.anchor == date(2027, 1, 12)
    assert cal.lead_in is not None
    assert (cal.lead_in.start, cal.lead_in.end) == (date(2026, 11, 21), date(2027, 1, 12))
    assert [(p.start, p.end) for p in cal.quarters] == [
        (date(2027, 1, 12), date(2027, 4, 12)), (date(2027, 4, 12), date(2027, 7, 12)),
        (date(2027, 7, 12), date(2027, 10, 12)), (date(2027, 10, 12), date(2028, 1, 12))]
    assert all(p.qbr == p.end for p in cal.quarters)
    assert not cal.qbr_passed


def test_a_passed_qbr_is_rebooked_within_weeks_on_a_working_day_and_says_so():
    # 14 days after Saturday 21 Nov is a Saturday: the QBR is the Monday after, not a whole quarter later.
    cal = plan_calendar(date(2026, 8, 25), 3, 4, date(2026, 11, 21), rebook_days=14)
    assert cal.qbr_passed
    assert cal.anchor == date(2026, 12, 7)
    assert cal.quarters[0].start == date(2026, 12, 7)
    assert cal.moved_because is None  # the date on file was not moved: it was replaced, and qbr_passed says so


@pytest.mark.parametrize(("country", "given", "expected", "why"), [
    ("US", date(2027, 1, 10), date(2027, 1, 11), "weekend"),          # a Sunday
    ("DE", date(2027, 10, 3), date(2027, 10, 4), "weekend"),          # German Unity Day on a Sunday
    ("DE", date(2027, 5, 6), date(2027, 5, 7), "Ascension Day"),
    ("JP", date(2027, 5, 3), date(2027, 5, 6), "Constitution Day"),  # Golden Week: 3, 4, 5 May
    ("GB", date(2027, 5, 31), date(2027, 6, 1), "Spring Bank Holiday"),
    (None, date(2027, 3, 13), date(2027, 3, 15), "weekend"),
])
def test_a_qbr_on_a_day_off_moves_to_the_next_working_day_and_keeps_why(country, given, expected, why):
    cal = plan_calendar(given, 3, 4, date(2026, 11, 21), days=WorkingDays(country))
    assert cal.anchor == expected
    assert cal.moved_because is not None
    assert why in cal.moved_because


def test_a_qbr_in_a_quiet_period_moves_past_it():
    cal = plan_calendar(date(2026, 12, 21), 3, 4, date(2026, 11, 21),
                        days=WorkingDays("US", (QuietPeriod(start="12-15", end="01-05"),)))
    assert cal.anchor == date(2027, 1, 6)
    assert cal.moved_because == "quiet"


def test_a_qbr_today_has_no_lead_in():
    cal = plan_calendar(date(2026, 11, 23), 3, 4, date(2026, 11, 23))
    assert cal.lead_in is None
    assert not cal.qbr_passed


@settings(deadline=None)  # a country's first holidays are worked out on first use: that example is slow
@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.dates(date(2020, 1, 1), date(2035, 1, 1)),
       st.integers(1, 12), st.integers(1, 8), st.sampled_from([None, "US", "DE", "JP", "GB", "FR", "AE"]))
def test_quarters_follow_the_cadence_from_the_anchor_and_every_qbr_is_a_working_day(as_of, next_qbr, every, count,
                                                                                    country):
    days = WorkingDays(country, (QuietPeriod(start="12-15", end="01-05"),))
    cal = plan_calendar(next_qbr, every, count, as_of, days=days)
    assert len(cal.quarters) == count
    assert cal.anchor >= as_of
    assert cal.quarters[0].start == cal.anchor
    assert all(a.end == b.start for a, b in itertools.pairwise(cal.quarters))
    assert all(days.is_working(q) for q in [cal.anchor, *(p.qbr for p in cal.quarters)])
    # Each QBR is the cadence's date or the first working day after it: never earlier, and weeks at most later.
    for i, p in enumerate(cal.quarters, start=1):
        nominal = add_months(cal.anchor, every * i)
        assert 0 <= (p.qbr - nominal).days <= 30
    assert all((p.end - p.start).days >= shortest_period_days(every) - 30 for p in cal.quarters)


HOLIDAYS = [QuietPeriod(start="12-15", end="01-05")]


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 12, 14), date(2026, 12, 14)),
    (date(2026, 12, 15), date(2027, 1, 6)),
    (date(2026, 12, 31), date(2027, 1, 6)),
    (date(2027, 1, 5), date(2027, 1, 6)),
    (date(2027, 1, 6), date(2027, 1, 6)),
    (date(2027, 7, 1), date(2027, 7, 1)),
])
def test_switch_offs_leave_quiet_periods(day, expected):
    assert shift_out_of(day, HOLIDAYS) == expected


def test_back_to_back_quiet_periods_are_both_left():
    quiet = [QuietPeriod(start="07-01", end="07-31"), QuietPeriod(start="08-01", end="08-15")]
    assert shift_out_of(date(2027, 7, 10), quiet) == date(2027, 8, 16)


@pytest.mark.parametrize(("months", "days"), [(1, 28), (3, 89), (6, 181), (12, 365)])
def test_shortest_period(months, days):
    assert shortest_period_days(months) == days
