"""The raw form: Segment track events counted into daily metrics, odd events said or skipped."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from generator.errors import UserError
from generator.usage.read import read_usage
from generator.usage.segment import _active_per_day
from usage_files import AS_OF

BOOK = frozenset({"acme"})


def _event(day: date, user: str | None = "u1", event: str = "Page Created", **properties) -> dict:
    out = {"type": "track", "event": event, "timestamp": f"{day}T10:00:00Z", "properties": properties,
           "context": {"groupId": "acme"}}
    if user is not None:
        out["userId"] = user
    return out


def _read(tmp_path, metrics, lines: list, lookback: int = 40):
    path = tmp_path / "events.jsonl"
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return read_usage(path, metrics, BOOK, AS_OF, lookback)


def test_count_metrics_count_matching_events_per_day_and_department(tmp_path, metrics):
    day = AS_OF - timedelta(days=1)
    usage = _read(tmp_path, metrics, [_event(day, template="runbook", department="Eng"),
                                      _event(day, "u2", template="runbook", department="Eng"),
                                      _event(day, template="prd"),
                                      _event(day, event="Page Viewed", template="runbook")])
    series = usage.accounts["acme"].series
    assert series[("Eng", "runbook_pages_created")] == {day: 2.0}
    assert series[(None, "runbook_pages_created")] == {day: 2.0}
    assert series[(None, "pages_created")] == {day: 3.0}


def test_a_property_must_match_in_type_too(tmp_path, metrics):
    usage = _read(tmp_path, metrics, [_event(AS_OF, event="Signed In", method="sso"),
                                      _event(AS_OF, event="Signed In", method=["sso"]),
                                      _event(AS_OF, event="Signed In", method="password")])
    assert usage.accounts["acme"].series[(None, "sso_sign_ins")] == {AS_OF: 1.0}


def test_distinct_users_count_each_person_once_in_the_window(tmp_path, metrics):
    first = AS_OF - timedelta(days=33)  # u1's 28-day window ends 6 days before as-of
    lines = [_event(first, "u1", template="runbook"), _event(first, "u1", template="runbook"),
             _event(AS_OF - timedelta(days=1), "u2", event="Page Edited", template="runbook"),
             _event(AS_OF, None, template="runbook")]
    days = _read(tmp_path, metrics, lines).accounts["acme"].series[(None, "runbook_editors")]
    back = {(AS_OF - day).days: count for day, count in days.items()}
    # people are read as their latest value, so only the stale_days (7) up to as-of are kept
    assert back == {6: 1.0, 5: 0.0, 4: 0.0, 3: 0.0, 2: 0.0, 1: 1.0, 0: 1.0}  # the event without a userId: no one


@pytest.mark.parametrize(("users", "window", "expected"), [
    ([{10}], 3, [0, 1, 1, 1, 0]), ([{10, 11}], 3, [0, 1, 1, 1, 1]), ([{10}, {10}], 1, [0, 2, 0, 0, 0]),
    ([{5}], 7, [1, 1, 1, 0, 0]), ([set()], 3, [0, 0, 0, 0, 0])])
def test_active_per_day_counts_each_user_once_a_day(users, window, expected):
    assert _active_per_day(users, window, 9, 13) == expected


def test_events_after_as_of_and_for_other_accounts_are_counted_not_used(tmp_path, metrics):
    other = {**_event(AS_OF), "context": {"groupId": "initech"}}
    usage = _read(tmp_path, metrics, [_event(AS_OF + timedelta(days=1)), other, other])
    assert usage.after_as_of == 1
    assert dict(usage.unknown) == {"initech": 2}
    assert "acme" not in usage.accounts


@pytest.mark.parametrize("odd", [
    {"type": "identify", "userId": "u1", "traits": {}}, {"type": "page", "name": "Home"},
    {**_event(AS_OF), "context": {}}, {**_event(AS_OF), "context": "acme"},
    {**_event(AS_OF), "properties": None, "context": {"groupId": "acme", "traits": 3}}])
def test_other_calls_and_events_without_an_account_are_skipped_and_counted(tmp_path, metrics, odd):
    usage = _read(tmp_path, metrics, [odd])
    assert usage.skipped_calls + usage.no_account + len(usage.accounts) == 1


@pytest.mark.parametrize(("line", "says"), [
    ("{not json", "not a JSON object"), ("[1, 2]", "not a JSON object"),
    ({"type": "track", "timestamp": f"{AS_OF}T00:00:00Z"}, "a track event needs its 'event' name"),
    ({"type": "track", "event": "Page Created"}, "no timestamp"),
    ({"type": "track", "event": "Page Created", "timestamp": "yesterday"}, "timestamp 'yesterday' is not an ISO 8601"),
    ({"type": "track", "event": "Page Created", "timestamp": 1700000000}, "timestamp 1700000000 is not an ISO 8601"),
])
def test_a_bad_line_is_an_error_at_its_line(tmp_path, metrics, line, says):
    with pytest.raises(UserError) as caught:
        _read(tmp_path, metrics, [_event(AS_OF), line])
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{tmp_path / 'events.jsonl'}:2: {says}")


def test_a_zoned_timestamp_counts_on_its_day_in_utc(tmp_path, metrics):
    late = {**_event(AS_OF), "timestamp": f"{AS_OF - timedelta(days=1)}T23:30:00-02:00"}
    assert _read(tmp_path, metrics, [late]).accounts["acme"].series[(None, "pages_created")] == {AS_OF: 1.0}
