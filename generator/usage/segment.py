"""The raw form: product events as the Segment track spec writes them (JSON lines), counted into daily metrics.

One event a line: ``{"type": "track", "event": "Page Created", "userId": "u1", "timestamp": "...",
"properties": {...}, "context": {"groupId": "<account id>"}}``. Each metric of ``usecases/metrics.yaml``
says which events (and property values) it counts; a count metric adds one per event and day, a
distinct_users metric counts the people with such an event in its window up to each day. Other calls
(identify, page, group) are skipped; an event without an account is counted and reported.
"""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..errors import Location, Problems
from .checks import MAX_LOCATED
from .metrics import Metric
from .trend import known_months, month_windows

if TYPE_CHECKING:
    from .read import Reading
    from .summary import Usage

MAX_LINE_BYTES = 1024 * 1024  # Segment caps an event at 32 KB; a longer line is no event
UserKey = tuple[str, str | None, str]  # account, department (None: the whole account), metric


FLUSH_ROWS = 256 * 1024  # counted rows kept as Python lists before they are grouped into Arrow


class Events:
    """Events counted so far: count metrics' rows waiting to be grouped, and who was active on which days per
    account, department and distinct_users metric, until the gauges are worked out once every file is read
    (a person counts once however many files name them)."""

    def __init__(self) -> None:
        self.days: dict[UserKey, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.counted: tuple[list, list, list, list] = ([], [], [], [])  # account, department, metric, day
        self.seen: tuple[list, list] = ([], [])  # account, metric
        # For the seat trend: who was active in each month-end's window, per account, department, metric and
        # month slot (a set of ids, the cheapest record of a person), and each account's first event day (a
        # month whose window starts before it is not known).
        self.monthly: dict[tuple[str, str | None, str, int], set[str]] = defaultdict(set)
        # Kept in an array beside an index of the book's own id strings: a per-account object made from each
        # event's text would be long-lived among the events' garbage and hold on to far more memory than it is.
        self.index: dict[str, int] = {}
        self.first = array("l")

    def saw(self, account_id: str, day: date, accounts: frozenset[str]) -> None:
        """Note an event of the account's, for the first day its events reach back to."""
        if not self.index:
            self.index = {a: i for i, a in enumerate(sorted(accounts))}
            self.first = array("l", [date.max.toordinal()] * len(self.index))
        i = self.index[account_id]
        self.first[i] = min(self.first[i], day.toordinal())

    def first_day(self, account_id: str) -> date:
        return date.fromordinal(self.first[self.index[account_id]])

    def count(self, account_id: str, department: str | None, metric: str, day: date) -> None:
        for column, value in zip(self.counted, (account_id, department, metric, day), strict=True):
            column.append(value)

    def flush(self, usage: Usage) -> None:
        """Group the rows counted so far into the usage, so memory follows the distinct days."""
        if self.counted[0]:
            a, d, m, days = self.counted
            usage.add_daily(_table(a, d, m, days, [1.0] * len(a)))
            self.counted = ([], [], [], [])
        if self.seen[0]:
            usage.add_seen(pa.table({"account_id": pa.array(self.seen[0], pa.string()),
                                     "metric": pa.array(self.seen[1], pa.string())}))
            self.seen = ([], [])

    def finish(self, reading: Reading) -> None:
        """Each day's distinct users in the metric's window, for the days a latest value is read from (the
        ``seats.stale_days`` up to the as-of date: people are only ever read as their latest value)."""
        usage = reading.usage
        self.flush(usage)
        last = usage.as_of.toordinal()
        first = last - reading.metrics.seats.stale_days + 1
        windows = {m.id: m.window_days for m in reading.metrics.metrics}
        columns: tuple[list, list, list, list, list] = ([], [], [], [], [])
        for (account_id, department, metric), users in self.days.items():
            for offset, count in enumerate(_active_per_day(users.values(), windows[metric], first, last)):
                for column, value in zip(columns, (account_id, department, metric, date.fromordinal(first + offset),
                                                   float(count)), strict=True):
                    column.append(value)
        if columns[0]:
            usage.add_daily(_table(*columns))
        self.days.clear()
        self._finish_months(usage, windows)

    def _finish_months(self, usage: Usage, windows: dict[str, int]) -> None:
        """The people active at each month-end of the trend, as rows dated the month's end."""
        if usage.months is None:
            return
        columns: tuple[list, list, list, list, list] = ([], [], [], [], [])
        ends = usage.months.ends
        whole: dict[tuple[str, str | None, str, int], set[str]] = defaultdict(set)
        for (account_id, department, metric, j), people in self.monthly.items():
            if department is not None:
                whole[(account_id, None, metric, j)] |= people
        for key, people in whole.items():
            self.monthly[key] |= people
        for account_id, where, metric in sorted({k[:3] for k in self.monthly}, key=str):
            for j in known_months(ends, windows[metric], self.first_day(account_id)):
                count = len(self.monthly.get((account_id, where, metric, j), ()))
                for column, value in zip(columns, (account_id, where, metric, ends[j], float(count)), strict=True):
                    column.append(value)
        if columns[0]:
            usage.months.add(_table(*columns))
        self.monthly.clear()


def _table(accounts: list, departments: list, metrics: list, days: list, values: list) -> pa.Table:
    return pa.table({"account_id": pa.array(accounts, pa.string()), "department": pa.array(departments, pa.string()),
                     "metric": pa.array(metrics, pa.string()), "day": pa.array(days, pa.date32()),
                     "value": pa.array(values, pa.float64())})


def _active_per_day(users: Any, window: int, first: int, last: int) -> list[int]:
    """For each day from ``first`` to ``last`` (ordinals), how many users were active in the window up to it."""
    diff = [0] * (last - first + 2)
    for days in users:
        covered_to = first - 1  # the last day this user already counts for
        for day in sorted(days):
            start, end = max(day, covered_to + 1, first), min(day + window - 1, last)
            if start <= end:
                diff[start - first] += 1
                diff[end - first + 1] -= 1
                covered_to = end
    out, running = [], 0
    for step in diff[:-1]:
        running += step
        out.append(running)
    return out


def _month(events: Events, key: UserKey, user: str, day: date, *, ends: tuple[date, ...], window: int) -> None:
    """Count the person in each month-end's window the day is in, for the event's department (or none)."""
    account_id, department, metric = key
    for slot in month_windows(day, ends, window):  # the whole account's people are its departments' union
        events.monthly[(account_id, department, metric, slot)].add(user)


def read_events(file: Path, display: str, reading: Reading) -> None:
    """Count one JSON-lines file of Segment events into the reading; bad lines are errors at their line."""
    counted = [m for m in reading.metrics.metrics if m.measure != "gauge"]
    _located(file, display, reading.problems, lambda raw: _event(raw, counted, reading))


def check_events(file: Path, display: str, problems: Problems) -> bool:
    """Only say what is wrong with the file's lines, counting nothing (so memory stays flat): whether any is."""
    return _located(file, display, problems, lambda raw: _parsed(raw)[0])


def _located(file: Path, display: str, problems: Problems, take: Callable[[bytes], str]) -> bool:
    """Give each line to ``take``; the problems it says are errors at their line (the first few, then how many)."""
    located = more = 0
    for number, raw in _lines(file):
        problem = take(raw)
        if problem:
            if located < MAX_LOCATED:
                problems.add(Location(display, number), problem)
                located += 1
            else:
                more += 1
    if more:
        problems.add(Location(display), f"{more:,} more lines with problems like the ones above")
    return bool(located)


def _lines(file: Path) -> Iterator[tuple[int, bytes]]:
    """The file's non-blank lines and their numbers; a line past the limit is cut there and the rest of it
    skipped, so the lines after it keep their numbers."""
    with file.open("rb") as stream:
        number, cut = 0, False
        for raw in iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""):
            if cut:  # the rest of a line already said to be too long
                cut = not raw.endswith(b"\n")
                continue
            number += 1
            cut = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
            if raw.strip():
                yield number, raw


def _event(raw: bytes, counted: list[Metric], reading: Reading) -> str:
    """Count one line; the problem with it in plain words, or '' when it is fine (or not a track call)."""
    problem, event, day = _parsed(raw)
    if problem:
        return problem
    if event is None:
        reading.usage.skipped_calls += 1
        return ""
    context = _mapping(event.get("context"))
    account_id = context.get("groupId")
    if not isinstance(account_id, str) or not account_id:
        reading.usage.no_account += 1
        return ""
    assert day is not None  # a track event without its day is a problem
    _count(event, event["event"], day, account_id, context=context, counted=counted, reading=reading)
    return ""


def _parsed(raw: bytes) -> tuple[str, dict[str, Any] | None, date | None]:
    """The problem with a line ('' if none), the track event it holds (None for other calls) and its day."""
    if len(raw) > MAX_LINE_BYTES:
        return f"the line is longer than {MAX_LINE_BYTES:,} bytes; an event is far shorter", None, None
    try:
        event = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return f"not a JSON object: {str(exc).split(':')[0]}", None, None
    if not isinstance(event, dict):
        return "not a JSON object", None, None
    if event.get("type") != "track":
        return "", None, None
    name, stamp = event.get("event"), event.get("timestamp")
    if not isinstance(name, str) or not name:
        return "a track event needs its 'event' name", None, None
    day = _day(stamp)
    if day is None:
        return (f"timestamp {stamp!r:.60} is not an ISO 8601 time" if stamp is not None else "no timestamp"), None, None
    return "", event, day


def _mapping(value: object) -> dict[str, Any]:
    """A JSON object as a mapping; anything else (a missing or odd field) as an empty one."""
    return value if isinstance(value, dict) else {}


def _day(stamp: object) -> date | None:
    if not isinstance(stamp, str) or len(stamp) > 64:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
        return (moment.astimezone(UTC) if moment.tzinfo else moment).date()  # a time without a zone is taken as UTC
    except ValueError:
        return None
    except OverflowError:  # a time of year 1 or 9999 whose zone moves it past the calendar
        return None


def _count(event: dict[str, Any], name: str, day: date, account_id: str, *, context: dict[str, Any],
           counted: list[Metric], reading: Reading) -> None:
    usage = reading.usage
    usage.rows += 1
    if account_id not in reading.accounts:
        usage.unknown[account_id] += 1
        return
    if day > usage.as_of:
        usage.after_as_of += 1
        return
    properties, traits = _mapping(event.get("properties")), _mapping(context.get("traits"))
    department = properties.get("department", traits.get("department"))
    department = department if isinstance(department, str) and department else None
    user = event.get("userId")
    events = reading.events
    events.saw(account_id, day, reading.accounts)
    for metric in counted:
        if (metric.events and name not in metric.events) or any(
                properties.get(k) != v or type(properties.get(k)) is not type(v) for k, v in metric.where.items()):
            continue
        events.seen[0].append(account_id)
        events.seen[1].append(metric.id)
        if metric.measure == "count":
            if day >= usage.start:
                for where in {department, None}:
                    events.count(account_id, where, metric.id, day)
            continue
        if not isinstance(user, str) or not user:
            continue
        if day > usage.as_of - timedelta(days=metric.window_days + reading.metrics.seats.stale_days):
            for where in {department, None}:
                events.days[(account_id, where, metric.id)][user].add(day.toordinal())
        if usage.months is not None and metric.id in usage.months.metrics:
            _month(events, (account_id, department, metric.id), user, day, ends=usage.months.ends,
                   window=metric.window_days)
    if len(events.counted[0]) > FLUSH_ROWS:
        events.flush(usage)
