"""What the DuckDB and Dask engines give back: every row of the book's files, sorted by what becomes of it and
grouped, in one pass, into the table this module puts into the usage summary.

A row is ``BAD`` (grouped per file: it is located afterwards), for an account the book lacks (``UNKNOWN``, per
account id), dated after the as-of date (``AFTER``: counted), ``KEPT`` (in the rules' window, or one the seat
trend may read: per account, department, metric and day, its values' sum and largest) or only ``SEEN`` (older:
per account and metric, which says the data has the metric). The result is about as large as the window's
distinct days, whatever the number of rows, and it is the same whichever engine grouped it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from .summary import DAILY
from .trend import Months

if TYPE_CHECKING:
    from .read import Reading

BAD, UNKNOWN, AFTER, KEPT, SEEN = range(5)
GROUPED = pa.schema([("class", pa.int8()), ("file_id", pa.int32()), ("account_id", pa.string()),
                     ("department", pa.string()), ("metric", pa.string()), ("day", pa.date32()),
                     ("value_sum", pa.float64()), ("value_max", pa.float64()), ("n", pa.int64())])
KEYS = ("class", "file_id", "account_id", "department", "metric", "day")
# Which key columns a class keeps; the others are null, so that its rows fall into few groups.
KEPT_KEYS = {BAD: ("file_id",), UNKNOWN: ("account_id",), AFTER: (),
             KEPT: ("account_id", "department", "metric", "day"), SEEN: ("account_id", "metric")}


@dataclass(frozen=True)
class Window:
    """What sorts a row: the book's accounts, the metrics defined, and the days the summary keeps."""

    book: tuple[str, ...]
    metrics: tuple[str, ...]
    as_of: date
    start: date  # the first day of the rules' window
    ends: tuple[date, ...]  # the seat trend's month-ends
    seats: tuple[str, ...]  # the seat trend's metrics
    stale_days: int

    @classmethod
    def of(cls, reading: Reading) -> Window:
        usage, months = reading.usage, reading.usage.months
        return cls(tuple(sorted(reading.accounts)), tuple(m.id for m in reading.metrics.metrics), usage.as_of,
                   usage.start, months.ends if months else (), tuple(sorted(months.metrics)) if months else (),
                   months.stale_days if months else 0)


def apply(grouped: pa.Table, reading: Reading) -> Counter[int]:
    """Put the grouped rows into the reading's usage; the bad rows' count per file id instead, when there are any
    (nothing is then put in: the files are located and the reading stops)."""
    grouped = grouped.cast(GROUPED)
    kind = grouped["class"]
    bad = grouped.filter(pc.equal(kind, BAD))
    if bad.num_rows:
        return Counter(dict(_pairs(bad.group_by("file_id").aggregate([("n", "sum")]), "file_id", "n_sum")))
    usage = reading.usage
    usage.rows += pc.sum(grouped["n"]).as_py() or 0
    unknown = grouped.filter(pc.equal(kind, UNKNOWN)).group_by("account_id").aggregate([("n", "sum")])
    usage.unknown.update(dict(_pairs(unknown, "account_id", "n_sum")))
    usage.after_as_of += pc.sum(grouped.filter(pc.equal(kind, AFTER))["n"]).as_py() or 0
    usage.add_seen(grouped.filter(pc.is_in(kind, value_set=pa.array([KEPT, SEEN], pa.int8())))
                   .select(["account_id", "metric"]))
    kept = grouped.filter(pc.equal(kind, KEPT))
    if usage.months is not None:
        usage.months.add_rows(kept.select(["account_id", "department", "metric", "day"])
                              .append_column("value", kept["value_max"]))
    window = kept.filter(pc.greater_equal(kept["day"], pa.scalar(usage.start, pa.date32())))
    usage.add_grouped(window.select(DAILY.names))
    return Counter()


def _pairs(table: pa.Table, key: str, value: str) -> list[tuple]:
    return list(zip(table[key].to_pylist(), table[value].to_pylist(), strict=True))


def classify(rows: pa.Table, bad: pa.ChunkedArray, file_id: int, window: Window) -> pa.Table:
    """The class of each of one file's normalised rows (``checks.normalise``), with the key columns the class
    keeps, ungrouped: (class, file_id, account_id, department, metric, day, value)."""
    day = rows["day"]
    known = pc.fill_null(pc.is_in(rows["account_id"], value_set=pa.array(window.book, pa.string())), False)
    after = pc.fill_null(pc.greater(day, pa.scalar(window.as_of, pa.date32())), False)
    trend = pc.and_(pc.fill_null(pc.is_in(rows["metric"], value_set=pa.array(window.seats, pa.string())), False),
                    _near(day, window))
    kept = pc.or_(pc.fill_null(pc.greater_equal(day, pa.scalar(window.start, pa.date32())), False), trend)
    kind = pc.if_else(bad, BAD, pc.if_else(pc.invert(known), UNKNOWN, pc.if_else(
        after, AFTER, pc.if_else(kept, KEPT, SEEN)))).cast(pa.int8())
    n = rows.num_rows
    columns = {"class": kind, "file_id": pa.array([file_id] * n, pa.int32())}
    for name in KEYS[1:]:
        keeps = [c for c, names in KEPT_KEYS.items() if name in names]
        column = columns["file_id"] if name == "file_id" else rows[name]
        columns[name] = pc.if_else(pc.is_in(kind, value_set=pa.array(keeps, pa.int8())), column,
                                   pa.scalar(None, column.type))
    columns["value"] = pc.if_else(bad, 0.0, rows["value"])
    return pa.table(columns)


def _near(days: pa.ChunkedArray, window: Window) -> pa.ChunkedArray:
    """Which days are in the last ``stale_days`` days of a month-end's month (as ``trend.Months.near``)."""
    return Months(window.ends, frozenset(window.seats), window.stale_days).near(days)
