"""The seat trend: month-end values of the last 12 months, read in the same pass, from either form of the data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.usage.read import read_usage
from generator.usage.series import seat_trend
from generator.usage.summary import AccountUsage
from generator.usage.trend import known_months, month_ends, month_windows
from usage_files import write_csv, write_parquet

BOOK = frozenset({"acme"})


def _trend(path, metrics, as_of: date, engine=None):
    usage = read_usage(path, metrics, BOOK, as_of, 40, engine=engine)
    return usage.accounts["acme"].trend if "acme" in usage.accounts else {}


@pytest.mark.parametrize(("as_of", "first", "last"), [
    (date(2026, 12, 1), date(2025, 12, 31), date(2026, 11, 30)),  # the month as-of is in has not ended
    (date(2026, 11, 30), date(2025, 12, 31), date(2026, 11, 30)),  # as-of on a month's last day: that month counts
    (date(2024, 3, 15), date(2023, 3, 31), date(2024, 2, 29)),  # a leap year's February
    (date(2026, 1, 1), date(2025, 1, 31), date(2025, 12, 31)),  # across a new year
])
def test_the_trend_has_the_twelve_month_ends_before_as_of(as_of, first, last):
    ends = month_ends(as_of)
    assert (len(ends), ends[0], ends[-1]) == (12, first, last)
    assert all((b - a).days in (28, 29, 30, 31) for a, b in pairwise(ends))


@pytest.mark.parametrize(("day", "used"), [
    ("2026-10-31", True),  # the month's last day
    ("2026-10-25", True),  # the first of its last seven days (seats.stale_days)
    ("2026-10-24", False),  # older than that: not the month's value
    ("2026-11-01", False),  # the next month's first day is that month's
])
def test_a_months_value_is_its_latest_in_its_last_stale_days(tmp_path, metrics, engine, day, used):
    path = write_csv(tmp_path / "u.csv", [f"acme,{day},,active_users,40"])
    trend = _trend(path, metrics, date(2026, 12, 1), engine)
    assert trend.get((None, "active_users"), {}).get(date(2026, 10, 31)) == (40.0 if used else None)


def test_the_latest_day_wins_and_people_keep_a_days_largest(tmp_path, metrics, engine):
    path = write_csv(tmp_path / "u.csv", ["acme,2026-10-29,,active_users,90", "acme,2026-10-30,,active_users,50",
                                          "acme,2026-10-30,,active_users,55", "acme,2026-10-28,,active_users,99"])
    assert _trend(path, metrics, date(2026, 12, 1), engine)[(None, "active_users")] == {date(2026, 10, 31): 55.0}


def test_data_after_as_of_is_never_in_the_trend(tmp_path, metrics, engine):
    rows = [("acme", date(2026, 10, 31), None, "active_users", 10.0),
            ("acme", date(2026, 11, 14), None, "active_users", 20.0),  # as-of: its month has not ended
            ("acme", date(2026, 11, 30), None, "active_users", 30.0),  # after as-of
            ("acme", date(2026, 12, 31), None, "active_users", 40.0)]
    trend = _trend(write_parquet(tmp_path / "u.parquet", rows), metrics, date(2026, 11, 14), engine)
    assert trend == {(None, "active_users"): {date(2026, 10, 31): 10.0}}


def test_only_the_seats_metrics_are_kept_month_by_month(tmp_path, metrics, engine):
    path = write_csv(tmp_path / "u.csv", ["acme,2026-10-31,,pages_created,3", "acme,2026-10-31,,licensed_seats,60",
                                          "acme,2026-10-31,Eng,active_users,8"])
    assert set(_trend(path, metrics, date(2026, 12, 1), engine)) == {("Eng", "active_users"), (None, "licensed_seats")}


def _usage(trend: dict) -> AccountUsage:
    return AccountUsage(trend=trend, seen={m for _, m in trend})


def test_missing_months_are_none_and_a_department_without_data_is_left_out(brightline, metrics):
    ends = month_ends(date(2026, 12, 1))
    usage = _usage({(None, "active_users"): {ends[3]: 150.0, ends[11]: 300.0},
                    (None, "licensed_seats"): {ends[11]: 220.0},
                    ("engineering", "active_users"): {ends[10]: 80.0, ends[11]: 35.0}})
    trend = seat_trend(brightline, usage, metrics.seats, date(2026, 12, 1))
    assert trend is not None
    assert trend.months == list(ends)
    assert trend.active_seats == [None, None, None, 150, *[None] * 7, 220]  # at most the month's licensed seats
    assert [d.name for d in trend.departments] == ["engineering"]
    assert trend.departments[0].active_users[-2:] == [70, 35]  # at most the headcount (70)
    assert trend.departments[0].share_pct[-2:] == [100.0, 50.0]


def test_without_the_whole_account_the_departments_add_up(brightline, metrics):
    ends = month_ends(date(2026, 12, 1))
    usage = _usage({("engineering", "active_users"): {ends[11]: 30.0},
                    ("design", "active_users"): {ends[11]: 12.0, ends[10]: 11.0}})
    trend = seat_trend(brightline, usage, metrics.seats, date(2026, 12, 1))
    assert trend is not None
    assert trend.active_seats[-2:] == [11, 42]


def test_no_month_of_data_is_no_trend(brightline, metrics):
    assert seat_trend(brightline, _usage({}), metrics.seats, date(2026, 12, 1)) is None


def _event(day: date, user: str, department: str = "Eng") -> str:
    return json.dumps({"type": "track", "event": "Page Viewed", "userId": user, "timestamp": f"{day}T10:00:00Z",
                       "properties": {"department": department}, "context": {"groupId": "acme"}})


def test_segment_events_count_the_people_active_in_each_month_ends_window(tmp_path, metrics):
    # active_users has a 28-day window: 31 October's runs from 4 October.
    lines = [_event(date(2026, 9, 1), "first"),  # the data starts here; too early for 30 September's window
             _event(date(2026, 10, 3), "a"), _event(date(2026, 10, 4), "b"), _event(date(2026, 10, 31), "c"),
             _event(date(2026, 11, 2), "a"), _event(date(2026, 11, 30), "a"), _event(date(2026, 12, 1), "late")]
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(lines) + "\n")
    trend = _trend(path, metrics, date(2026, 12, 1))
    whole = trend[(None, "active_users")]
    assert whole == {date(2026, 9, 30): 0.0, date(2026, 10, 31): 2.0, date(2026, 11, 30): 1.0}
    assert trend[("Eng", "active_users")] == whole


@pytest.mark.parametrize(("day", "window", "months"), [
    (date(2026, 11, 30), 28, [11]), (date(2026, 11, 3), 28, [11]), (date(2026, 11, 2), 28, []),
    (date(2026, 12, 1), 28, []),  # after the last month-end
    (date(2026, 10, 20), 45, [10, 11]),  # a window longer than a month reaches the next month's end too
    (date(2025, 12, 1), 31, [0]), (date(2025, 11, 30), 31, []),  # before the first month, in no window
])
def test_a_day_counts_in_the_windows_of_the_month_ends_it_falls_in(day, window, months):
    assert month_windows(day, month_ends(date(2026, 12, 1)), window) == months


def test_a_month_is_known_only_once_the_data_covers_its_window():
    ends = month_ends(date(2026, 12, 1))
    assert known_months(ends, 28, date(2026, 10, 4)) == [10, 11]
    assert known_months(ends, 28, date(2026, 10, 5)) == [11]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 500), st.sampled_from([None, "Eng", "Ops"])),
                min_size=1, max_size=40))
def test_the_trend_is_the_same_from_one_file_or_several_in_any_order(tmp_path_factory, metrics, engine, rows):
    as_of = date(2026, 12, 1)
    table = [("acme", as_of - timedelta(days=back), d, "active_users", float(v)) for back, v, d in rows]
    one = tmp_path_factory.mktemp("one")
    write_parquet(one / "u.parquet", table)
    several = tmp_path_factory.mktemp("several")
    for i, row in enumerate(reversed(table)):
        write_parquet(several / f"{i:03}.parquet", [row])
    assert _trend(one, metrics, as_of, engine) == _trend(several, metrics, as_of, engine)
