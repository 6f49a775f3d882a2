"""What the DuckDB and Dask engines give back: every row of the book's files, sorted by what becomes of it and
grouped, in one pass, into the table this module puts into the usage summary.

A row is ``BAD`` (grouped per file: it is located afterwards), for an account the book lacks (``UNKNOWN``, per
account id), dated after the as-of date (``AFTER``: counted), ``KEPT`` (in the rules' window, or one the seat
trend may read: per account, department, metric and day, its values' sum and largest) or only ``SEEN`` (older:
per account and metric, which says the data has the metric). The result is about as large as the window's
distinct days, whatever the number of rows, and it is the same whichever engine grouped it.

The book's accounts and the metrics are keys by their place in the sorted book and in metrics.yaml (``account``,
``metric``), so an engine groups and sorts numbers, and the summary holds each id once: its columns become
Arrow dictionaries of the ids without a copy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from .trend import Months

if TYPE_CHECKING:
    from .read import Reading

BAD, UNKNOWN, AFTER, KEPT, SEEN = range(5)
GROUPED = pa.schema([("class", pa.int8()), ("file_id", pa.int32()), ("account_id", pa.string()),
                     ("account", pa.int32()), ("department", pa.string()), ("metric", pa.int32()),
                     ("day", pa.date32()), ("value", pa.float64()), ("n", pa.int64())])
PAIR = 1 << 16  # more than the metrics there can be: account * PAIR + metric is a pair's number
KEYS = ("class", "file_id", "account_id", "account", "department", "metric", "day")
# Which key columns a class keeps; the others are null, so that its rows fall into few groups. An account the
# book lacks has no place in it: its id is kept as text.
KEPT_KEYS = {BAD: ("file_id",), UNKNOWN: ("account_id",), AFTER: (),
             KEPT: ("account", "department", "metric", "day"), SEEN: ("account", "metric")}


@dataclass(frozen=True)
class Window:
    """What sorts a row: the book's accounts (sorted), the metrics defined, and the days the summary keeps."""

    book: tuple[str, ...]
    metrics: tuple[str, ...]
    as_of: date
    start: date  # the first day of the rules' window
    ends: tuple[date, ...]  # the seat trend's month-ends
    seats: tuple[str, ...]  # the seat trend's metrics
    stale_days: int
    largest: tuple[int, ...] = ()  # the metrics (their places) whose day keeps its largest value, not the sum

    @classmethod
    def of(cls, reading: Reading) -> Window:
        usage, months, metrics = reading.usage, reading.usage.months, reading.metrics.metrics
        return cls(tuple(sorted(reading.accounts)), tuple(m.id for m in metrics), usage.as_of,
                   usage.start, months.ends if months else (), tuple(sorted(months.metrics)) if months else (),
                   months.stale_days if months else 0, tuple(i for i, m in enumerate(metrics) if m.measure != "count"))


class Into:
    """Puts grouped rows into a reading's usage, a batch at a time, as an engine gives them (sorted by class and
    account, they come in the order the summary keeps them); when there are bad rows, only their count per file
    id is kept (``bad``): nothing is then put in, since the files are located and the reading stops."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.bad: Counter[int] = Counter()
        self.batches = 0
        window = Window.of(reading)
        self.book, self.metrics = pa.array(window.book, pa.string()), pa.array(window.metrics, pa.string())
        self.seats = pa.array([window.metrics.index(m) for m in window.seats if m in window.metrics], pa.int32())

    def add(self, grouped: pa.Table | pa.RecordBatch) -> None:
        self.batches += 1
        if isinstance(grouped, pa.RecordBatch):
            grouped = pa.Table.from_batches([grouped])
        grouped = grouped.cast(GROUPED)
        kind = grouped["class"]
        bad = grouped.filter(pc.equal(kind, BAD))
        if bad.num_rows:
            self.bad.update(dict(_pairs(bad.group_by("file_id").aggregate([("n", "sum")]), "file_id", "n_sum")))
        if self.bad:
            return
        usage = self.reading.usage
        usage.rows += pc.sum(grouped["n"]).as_py() or 0
        unknown = grouped.filter(pc.equal(kind, UNKNOWN)).group_by("account_id").aggregate([("n", "sum")])
        usage.unknown.update(dict(_pairs(unknown, "account_id", "n_sum")))
        usage.after_as_of += pc.sum(grouped.filter(pc.equal(kind, AFTER))["n"]).as_py() or 0
        seen = grouped.filter(pc.is_in(kind, value_set=pa.array([KEPT, SEEN], pa.int8())))
        # One number per (account, metric), for a hash of numbers rather than a grouping of two columns.
        pairs = pc.unique(pc.add(pc.multiply(seen["account"].cast(pa.int64()), PAIR), seen["metric"]))
        usage.add_seen(self._ids(pa.table({"account": pc.divide(pairs, PAIR).cast(pa.int32()),
                                           "metric": pc.subtract(pairs, pc.multiply(pc.divide(pairs, PAIR), PAIR))
                                           .cast(pa.int32())})))
        kept = grouped.filter(pc.equal(kind, KEPT))
        if usage.months is not None:
            trend = kept.filter(pc.and_(pc.is_in(kept["metric"], value_set=self.seats),
                                        usage.months.near(kept["day"])))
            usage.months.add_grouped(self._ids(trend).append_column("value", trend["value"]))
        window = kept.filter(pc.greater_equal(kept["day"], pa.scalar(usage.start, pa.date32())))
        # The day's value is both the sum and the largest: the summary takes the one its metric keeps, and the
        # two columns are one array.
        usage.add_grouped(pa.table({"account_id": _coded(window["account"], self.book),
                                    "department": pc.dictionary_encode(window["department"]),
                                    "metric": _coded(window["metric"], self.metrics), "day": window["day"],
                                    "value_sum": window["value"], "value_max": window["value"]}))

    def _ids(self, table: pa.Table) -> pa.Table:
        """The rows' account and metric as their ids (few rows: the seen pairs, the trend's days)."""
        columns = {"account_id": pc.take(self.book, table["account"]), "metric": pc.take(self.metrics, table["metric"])}
        columns.update({c: table[c] for c in ("department", "day") if c in table.column_names})
        return pa.table(columns)


def _coded(codes: pa.ChunkedArray, ids: pa.Array) -> pa.ChunkedArray:
    """Places in ``ids`` as a dictionary column of them: the ids are held once, not once a row."""
    chunks = [pa.DictionaryArray.from_arrays(c, ids) for c in codes.chunks]
    return pa.chunked_array(chunks, pa.dictionary(pa.int32(), pa.string()))


def _pairs(table: pa.Table, key: str, value: str) -> list[tuple]:
    return list(zip(table[key].to_pylist(), table[value].to_pylist(), strict=True))


def classify(rows: pa.Table, bad: pa.ChunkedArray, file_id: int, window: Window) -> pa.Table:
    """The class of each of one file's normalised rows (``checks.normalise``), with the key columns the class
    keeps, ungrouped: (class, file_id, account_id, account, department, metric, day, value)."""
    day = rows["day"]
    account = pc.index_in(rows["account_id"], value_set=pa.array(window.book, pa.string())).cast(pa.int32())
    known = pc.is_valid(account)
    after = pc.fill_null(pc.greater(day, pa.scalar(window.as_of, pa.date32())), False)
    trend = pc.and_(pc.fill_null(pc.is_in(rows["metric"], value_set=pa.array(window.seats, pa.string())), False),
                    Months(window.ends, frozenset(window.seats), window.stale_days).near(day))
    kept = pc.or_(pc.fill_null(pc.greater_equal(day, pa.scalar(window.start, pa.date32())), False), trend)
    kind = pc.if_else(bad, BAD, pc.if_else(pc.invert(known), UNKNOWN, pc.if_else(
        after, AFTER, pc.if_else(kept, KEPT, SEEN)))).cast(pa.int8())
    metric = pc.index_in(rows["metric"], value_set=pa.array(window.metrics, pa.string())).cast(pa.int32())
    keys = {"file_id": pa.array([file_id] * rows.num_rows, pa.int32()), "account_id": rows["account_id"],
            "account": account, "department": rows["department"], "metric": metric, "day": day}
    columns = {"class": kind}
    for name, column in keys.items():
        keeps = pa.array([c for c, names in KEPT_KEYS.items() if name in names], pa.int8())
        columns[name] = pc.if_else(pc.is_in(kind, value_set=keeps), column, pa.scalar(None, column.type))
    columns["value"] = pc.if_else(bad, 0.0, rows["value"])
    return pa.table(columns)
