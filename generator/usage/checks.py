"""One batch of usage rows: checked column by column in Arrow, bad rows located, the rest summarised.

A row is bad when its day is no date, its value no number of zero or more, its metric not defined or its
account id empty. Rows for accounts the book lacks are counted, rows after the as-of date counted and
dropped, and the rest summarised per account, department, metric and day within the rules' window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Location, Problems, did_you_mean

if TYPE_CHECKING:
    from .read import Reading

MAX_LOCATED = 20  # bad rows named one by one per file; past them, how many more
Masks = tuple[pa.ChunkedArray, ...]  # bad day, value, metric, account id
NUMBER = r"^\s*[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"


@dataclass
class Checked:
    """A file's bad rows: the first ones located, the rest counted."""

    located: int = 0
    more: int = 0

    def report(self, display: str, problems: Problems) -> None:
        if self.more:
            problems.add(Location(display), f"{self.more:,} more rows with problems like the ones above")


def check_batch(batch: pa.RecordBatch, first_row: int, display: str, partition: str | None, *, reading: Reading,
                checked: Checked) -> None:
    """Check ``batch`` (rows numbered from ``first_row``), locate its bad rows and summarise its good ones."""
    table = pa.Table.from_batches([batch])
    if table.num_rows == 0:
        return
    rows, masks = normalise(table, partition, [m.id for m in reading.metrics.metrics])
    bad = pc.or_(pc.or_(masks[0], masks[1]), pc.or_(masks[2], masks[3]))
    if pc.any(bad).as_py():
        _locate(table, bad, masks, first_row, display=display, reading=reading, checked=checked)
    _summarise(rows.filter(pc.invert(bad)), reading)


def normalise(table: pa.Table, partition: str | None, known: list[str]) -> tuple[pa.Table, Masks]:
    """The rows as (account_id, department, metric, day, value) of the contract's types, and which of them have a
    bad day, value, metric or account id (in that order)."""
    n = table.num_rows
    names = table.schema.names
    account = _text(table["account_id"]) if "account_id" in names else pa.array([partition] * n, pa.string())
    department = _text(table["department"]) if "department" in names else pa.nulls(n, pa.string())
    day, bad_day = _days(table["day"])
    value, bad_value = _values(table["value"])
    metric = _text(table["metric"])
    bad_metric = pc.invert(pc.fill_null(pc.is_in(metric, value_set=pa.array(known, pa.string())), False))
    bad_account = pc.fill_null(pc.equal(account, ""), True)
    rows = pa.table({"account_id": account, "department": pc.if_else(pc.equal(department, ""), None, department),
                     "metric": metric, "day": day, "value": value})
    return rows, (bad_day, bad_value, bad_metric, bad_account)


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column if pa.types.is_string(column.type) else column.cast(pa.string())


def _days(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """The column as dates and which rows are no date: ISO text that names a real day, or Arrow dates."""
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        days = column.cast(pa.date32())
        return days, pc.is_null(days)
    text = _text(column)
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2026-02-30 over into March: a day is real only when it prints back as written.
    same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text)
    return parsed.cast(pa.date32()), pc.invert(pc.fill_null(same, False))


def _values(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """The column as floats and which rows are no finite number of zero or more."""
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
        values = column.cast(pa.float64())
        ok = pc.and_(pc.is_finite(values), pc.greater_equal(values, 0))
        return pc.fill_null(values, 0), pc.invert(pc.fill_null(ok, False))
    text = _text(column)
    ok = pc.fill_null(pc.match_substring_regex(text, NUMBER), False)
    # The pattern allows spaces around the number, which Arrow's cast does not: they are trimmed first.
    values = pc.utf8_trim_whitespace(pc.if_else(ok, text, "0")).cast(pa.float64())
    return values, pc.invert(ok)


def _locate(table: pa.Table, bad: pa.ChunkedArray, masks: Masks, first_row: int, *,
            display: str, reading: Reading, checked: Checked) -> None:
    """Name the batch's first bad rows (a batch with many is a systematic mistake: the first ones show it)."""
    rows = pc.indices_nonzero(bad).to_pylist()
    room = max(0, MAX_LOCATED - checked.located)
    checked.more += max(0, len(rows) - room)
    known = [m.id for m in reading.metrics.metrics]
    for i in rows[:room]:
        checked.located += 1
        row = table.slice(i, 1).to_pylist()[0]
        flags = tuple(bool(mask[i].as_py()) for mask in masks)
        reading.problems.add(Location(display, first_row + i, unit="row"), row_problem(row, flags, known))


def row_problem(row: dict[str, object], flags: tuple[bool, ...], known: list[str]) -> str:
    """What is wrong with a row, given its values as read and which of day, value, metric, account id are bad."""
    bad_day, bad_value, bad_metric, bad_account = flags
    says = []
    if bad_account:
        says.append("account_id is empty")
    if bad_day:
        says.append(f"day {_shown(row.get('day'))} is not a date (YYYY-MM-DD)")
    if bad_metric:
        metric = row.get("metric")
        says.append(f"metric {_shown(metric)} is not defined{did_you_mean(str(metric), known)}")
    if bad_value:
        says.append(f"value {_shown(row.get('value'))} is not a number of zero or more")
    return "; ".join(says)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _summarise(good: pa.Table, reading: Reading) -> None:
    usage = reading.usage
    usage.rows += good.num_rows
    known = pc.is_in(good["account_id"], value_set=reading.book)
    strangers = good.filter(pc.invert(known))
    if strangers.num_rows:
        counts = strangers.group_by("account_id").aggregate([("account_id", "count")])
        usage.unknown.update(dict(zip(counts["account_id"].to_pylist(), counts["account_id_count"].to_pylist(),
                                      strict=True)))
    ours = good.filter(known)
    after = pc.greater(ours["day"], pa.scalar(usage.as_of, pa.date32()))
    usage.after_as_of += pc.sum(after).as_py() or 0
    ours = ours.filter(pc.invert(after))
    usage.add_seen(ours.select(["account_id", "metric"]))
    if usage.months is not None:
        usage.months.add_rows(ours)
    usage.add_daily(ours.filter(pc.greater_equal(ours["day"], pa.scalar(usage.start, pa.date32()))))
