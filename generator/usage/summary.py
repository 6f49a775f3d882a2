"""What a book's usage comes to per account: each metric's daily values in the window the rules look at.

Rows are grouped in Arrow as they are read (one row per account, department, metric and day of each
batch), and the groups of every batch are grouped again once at the end; an account's values become
Python objects only when that account is measured, so a book's usage is held as Arrow columns of its
daily values in the window, never as its rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

import pyarrow as pa
import pyarrow.compute as pc

from .trend import Months

Key = tuple[str | None, str]  # (department or None for the whole account, metric)
DAILY = pa.schema([("account_id", pa.string()), ("department", pa.string()), ("metric", pa.string()),
                   ("day", pa.date32()), ("value_sum", pa.float64()), ("value_max", pa.float64())])
SEEN = pa.schema([("account_id", pa.string()), ("metric", pa.string())])
GROUP = ["account_id", "department", "metric", "day"]
COMPACT_ROWS = 4_000_000  # parts past this many rows are grouped into one, so memory follows the distinct days


@dataclass
class AccountUsage:
    """One account's metrics: per (department, metric), the value of each day in the window, and of the seats'
    metrics the value at each of the last 12 month-ends (``trend``: a month without data has no entry)."""

    series: dict[Key, dict[date, float]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # metrics the data has for it at all, up to the as-of date
    trend: dict[Key, dict[date, float]] = field(default_factory=dict)

    def departments(self, metric: str) -> list[str]:
        return sorted(d for d, m in self.series if m == metric and d is not None)


class Accounts(Mapping[str, AccountUsage]):
    """Each account's usage, built from the daily table when asked for (the batch measures one at a time).

    This mapping is the summary's whole interface to what measures an account (``derive``, ``book``): account
    id to :class:`AccountUsage`, with ``series`` (the rules' window, day by day), ``seen`` (every metric the data
    has for the account up to the as-of date) and ``trend`` (the seats' metrics at the last 12 month-ends). An
    engine that summarises the files another way (a database, a cluster) only has to give the same mapping.
    """

    def __init__(self, daily: pa.Table, seen: dict[str, set[str]], trend: pa.Table | None = None):
        self.daily = daily if _sorted(daily["account_id"]) else daily.sort_by("account_id")
        self.trend = (trend if trend is not None else daily.slice(0, 0)).sort_by("account_id")
        self.seen = seen
        self.ranges = _ranges(self.daily)
        self.trend_ranges = _ranges(self.trend)
        for account_id in [*seen, *self.trend_ranges]:
            self.ranges.setdefault(account_id, (0, 0))

    def __getitem__(self, account_id: str) -> AccountUsage:
        start, length = self.ranges[account_id]
        usage = AccountUsage(seen=set(self.seen.get(account_id, ())))
        _fill(usage.series, self.daily.slice(start, length))
        start, length = self.trend_ranges.get(account_id, (0, 0))
        _fill(usage.trend, self.trend.slice(start, length))
        return usage

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.ranges))

    def __len__(self) -> int:
        return len(self.ranges)


def _sorted(ids: pa.ChunkedArray) -> bool:
    """Whether the ids are in order already (an engine's come sorted; sorting them again would copy the table):
    ids as text, or as places in a sorted dictionary of them."""
    chunks = [c for c in ids.chunks if len(c)]
    if ids.null_count or not chunks:
        return not ids.null_count
    if pa.types.is_dictionary(ids.type):
        if any(c.dictionary != chunks[0].dictionary for c in chunks) or not _sorted(
                pa.chunked_array([chunks[0].dictionary])):
            return False
        chunks = [c.indices for c in chunks]
    inside = all(pc.all(pc.less_equal(c[:-1], c[1:])).as_py() is not False for c in chunks)
    return inside and all(a[-1].as_py() <= b[0].as_py() for a, b in pairwise(chunks))


def _ranges(table: pa.Table) -> dict[str, tuple[int, int]]:
    """Where each account's rows start in a table sorted by account, and how many there are.

    Read from where the sorted ids change, not from a group_by: Arrow does not promise its groups in the order the
    rows came, even on one thread, and with text ids at scale it returned some out of order, which gave an account
    another's rows.
    """
    ids = table["account_id"].combine_chunks()
    if pa.types.is_dictionary(ids.type):
        ids = ids.dictionary_decode()
    if len(ids) == 0:
        return {}
    changes = pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1))
    starts = [0, *(i + 1 for i in pc.indices_nonzero(changes).to_pylist())]
    ranges = {}
    for k, (account_id, start) in enumerate(zip(pc.take(ids, pa.array(starts)).to_pylist(), starts, strict=True)):
        end = starts[k + 1] if k + 1 < len(starts) else len(ids)
        if account_id in ranges:
            raise ValueError(f"usage rows of account {account_id!r} are not together: the table is not sorted")
        ranges[account_id] = (start, end - start)
    return ranges


def _fill(series: dict[Key, dict[date, float]], rows: pa.Table) -> None:
    columns = [rows[c].to_pylist() for c in ("department", "metric", "day", "value")]
    for department, metric, day, value in zip(*columns, strict=True):
        series.setdefault((department, metric), {})[day] = value


@dataclass
class Usage:
    """A book's usage up to ``as_of``: per account id its summary, and what was read but not used."""

    as_of: date
    start: date  # the first day kept: the rules look no further back
    unknown: Counter[str] = field(default_factory=Counter)  # rows (or events) per account id the book lacks
    after_as_of: int = 0  # rows dated after the as-of date: never used
    rows: int = 0  # rows (or events) read
    skipped_calls: int = 0  # Segment calls other than track (identify, page, group)
    no_account: int = 0  # track events without context.groupId
    files: int = 0
    months: Months | None = None  # the seat trend's month-ends, and the rows kept for them
    parts: list[pa.Table] = field(default_factory=list, repr=False)
    seen_parts: list[pa.Table] = field(default_factory=list, repr=False)
    grouped: list[pa.Table] = field(default_factory=list, repr=False)  # an engine's: each key in one of them only
    accounts: Mapping[str, AccountUsage] = field(default_factory=dict)

    def add_daily(self, table: pa.Table) -> None:
        """Add rows (account_id, department, metric, day, value) of days in the window, grouped per day."""
        self.parts.append(table.group_by(GROUP).aggregate([("value", "sum"), ("value", "max")])
                          .select([f.name for f in DAILY]).cast(DAILY))
        if sum(p.num_rows for p in self.parts) > COMPACT_ROWS and len(self.parts) > 1:
            self.parts = [_regroup(self.parts)]

    def add_grouped(self, table: pa.Table) -> None:
        """Add rows of the DAILY columns grouped over the whole book already (an engine's, their ids perhaps as
        dictionaries): no other call adds rows of the same account, department, metric and day, so they are not
        grouped again."""
        self.grouped.append(table)

    def add_seen(self, table: pa.Table) -> None:
        self.seen_parts.append(table.group_by(["account_id", "metric"]).aggregate([]).cast(SEEN))

    def finish(self, largest: frozenset[str]) -> None:
        """Group every batch's days once more and index them per account: counts add up, people and gauges
        keep the largest value of a day."""
        # One part is grouped already (each part is, and so is a regrouping), and an engine's parts are grouped
        # together: only several parts, or an engine's with others (Segment events), are grouped again.
        if not self.parts:
            daily = pa.concat_tables(self.grouped) if self.grouped else DAILY.empty_table()
        else:
            parts = self.parts + [g.cast(DAILY) for g in self.grouped]
            daily = parts[0] if len(parts) == 1 else _regroup(parts)
        # An engine gives each day's value as both (one array): there is nothing to choose.
        if daily["value_sum"].equals(daily["value_max"]):
            value = daily["value_sum"]
        else:
            big = pc.is_in(daily["metric"], value_set=pa.array(sorted(largest), pa.string()))
            value = pc.if_else(big, daily["value_max"], daily["value_sum"])
        daily = pa.table({c: daily[c] for c in ("account_id", "department", "metric", "day")}).append_column(
            "value", value)
        seen: dict[str, set[str]] = {}
        if self.seen_parts:
            pairs = pa.concat_tables(self.seen_parts).group_by(["account_id", "metric"]).aggregate([])
            for account_id, metric in zip(pairs["account_id"].to_pylist(), pairs["metric"].to_pylist(), strict=True):
                seen.setdefault(account_id, set()).add(metric)
        self.parts, self.seen_parts, self.grouped = [], [], []
        self.accounts = Accounts(daily, seen, self.months.finish() if self.months else None)


def _regroup(parts: list[pa.Table]) -> pa.Table:
    table = pa.concat_tables(parts)
    return table.group_by(GROUP).aggregate([("value_sum", "sum"), ("value_max", "max")]).rename_columns(
        {"value_sum_sum": "value_sum", "value_max_max": "value_max"}).select([f.name for f in DAILY])


def window_start(as_of: date, lookback_days: int) -> date:
    """The first day of a window of ``lookback_days`` days ending on ``as_of``."""
    return as_of - timedelta(days=lookback_days - 1)
