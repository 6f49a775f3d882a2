"""The seat trend's monthly series: each account's active seats, licensed seats and departments' active users at
the end of each of the last 12 months before the as-of date, kept in the same pass that reads the rules' window.

A month's value is the latest value in its last ``seats.stale_days`` days (never a day of another month), as the
latest values the plan uses are read: for the long form that is the 28-day active users the product reported
near the month's end; for Segment events the distinct people with an event in the metric's window up to the
month's last day, kept as a set of ids per month while the events are read. Only the rows that can be such a value
are kept while reading (at most ``stale_days`` a month per account, department and metric), and they come down
to one number a month at the end.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyarrow as pa
import pyarrow.compute as pc

MONTHS = 12
TREND = pa.schema([("account_id", pa.string()), ("department", pa.string()), ("metric", pa.string()),
                   ("day", pa.date32()), ("value", pa.float64())])
KEY = ["account_id", "department", "metric"]
COMPACT_ROWS = 1_000_000  # trend parts past this many rows are grouped into one


def month_ends(as_of: date, months: int = MONTHS) -> tuple[date, ...]:
    """The last ``months`` month-ends on or before ``as_of``, oldest first."""
    last = as_of if as_of.day == calendar.monthrange(as_of.year, as_of.month)[1] else \
        as_of.replace(day=1) - timedelta(days=1)
    ends = [last]
    while len(ends) < months:
        ends.append(ends[-1].replace(day=1) - timedelta(days=1))
    return tuple(reversed(ends))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@dataclass
class Months:
    """Which rows a month's value can come from, and those kept so far (grouped per account, department, metric
    and day, the largest value of a day kept: people and gauges)."""

    ends: tuple[date, ...]
    metrics: frozenset[str]  # the seats' metrics: active users (whole account and departments) and licensed seats
    stale_days: int
    parts: list[pa.Table] = field(default_factory=list, repr=False)
    grouped: list[pa.Table] = field(default_factory=list, repr=False)

    def add_rows(self, table: pa.Table) -> None:
        """Keep the rows (account_id, department, metric, day, value) of ``table`` that can be a month's value."""
        if not self.ends or table.num_rows == 0:
            return
        table = table.filter(pc.is_in(table["metric"], value_set=pa.array(sorted(self.metrics), pa.string())))
        kept = table.filter(self.near(table["day"]))
        if kept.num_rows:
            self.add(kept.select(TREND.names).cast(TREND))

    def near(self, days: pa.ChunkedArray) -> pa.ChunkedArray:
        """Which days are in the last ``stale_days`` of one of the months (a null day is not)."""
        index = pc.add(pc.multiply(pc.year(days), 12), pc.subtract(pc.month(days), 1))
        slot = pc.index_in(index, value_set=pa.array([_month_index(e) for e in self.ends], pa.int64()))
        end = pc.take(pa.array(self.ends, pa.date32()), slot).cast(pa.int32())
        return pc.fill_null(pc.less(pc.subtract(end, days.cast(pa.int32())), self.stale_days), False)

    def add_grouped(self, table: pa.Table) -> None:
        """Add rows grouped per account, department, metric and day over the whole book already (an engine's,
        the largest value of a day): they are not grouped again."""
        self.grouped.append(table.select(TREND.names).cast(TREND))

    def add(self, table: pa.Table) -> None:
        self.parts.append(_largest(table))
        if sum(p.num_rows for p in self.parts) > COMPACT_ROWS and len(self.parts) > 1:
            self.parts = [_largest(pa.concat_tables(self.parts))]

    def finish(self) -> pa.Table:
        """One row per account, department, metric and month: the value of its latest day, dated the month's end."""
        if not self.parts and not self.grouped:
            return TREND.empty_table()
        # An engine's rows alone are grouped already; with others (Segment events' months) they are grouped again.
        daily = pa.concat_tables(self.grouped) if not self.parts else \
            _largest(pa.concat_tables(self.parts + self.grouped))
        daily = daily.sort_by([("day", "ascending")])
        index = pc.add(pc.multiply(pc.year(daily["day"]), 12), pc.subtract(pc.month(daily["day"]), 1))
        slot = pc.index_in(index, value_set=pa.array([_month_index(e) for e in self.ends], pa.int64()))
        daily = daily.append_column("slot", slot)
        # One thread keeps the sorted order, so each group's last value is its latest day's.
        monthly = daily.group_by([*KEY, "slot"], use_threads=False).aggregate([("value", "last")])
        self.parts, self.grouped = [], []
        return pa.table({"account_id": monthly["account_id"], "department": monthly["department"],
                         "metric": monthly["metric"], "day": pc.take(pa.array(self.ends, pa.date32()), monthly["slot"]),
                         "value": monthly["value_last"]}).cast(TREND)


def _largest(table: pa.Table) -> pa.Table:
    return table.group_by([*KEY, "day"]).aggregate([("value", "max")]).rename_columns(
        {"value_max": "value"}).select(TREND.names)


def month_windows(day: date, ends: tuple[date, ...], window: int) -> list[int]:
    """The months (their slots) whose end's ``window`` days take in ``day``: one, or none for a day early in its
    month; several only for a window longer than a month."""
    if not ends or day > ends[-1]:
        return []
    first = max(0, _month_index(day) - _month_index(ends[0]))
    return [j for j in range(first, len(ends)) if ends[j] - timedelta(days=window - 1) <= day <= ends[j]]


def known_months(ends: tuple[date, ...], window: int, first_day: date) -> list[int]:
    """The months whose end's window starts on or after the data's first day: those it can count people for."""
    return [j for j, end in enumerate(ends) if end - timedelta(days=window - 1) >= first_day]
