"""Segment events read by DuckDB (the duckdb engine's): every line of every events file classed in one pass of
DuckDB's CSV and JSON readers, then counted into the summary by a few queries over what the pass kept.

The result is the Python reader's (``segment``), which the arrow and dask engines use and the tests compare with.
A file that has a line DuckDB may read otherwise than Python (``segment_sql.ODD``: a bad line, or an odd one), or
that DuckDB cannot read at all, is looked at by the Python reader's check, which names its bad lines by their
numbers without counting anything (so its memory stays flat); when the check finds nothing wrong, the odd lines
were good ones of a form only Python reads, and the Python reader reads all the events files instead.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from . import segment_sql as sql
from .duck import GLOB, connect
from .segment import MAX_LINE_BYTES, check_events, read_events

if TYPE_CHECKING:
    import duckdb

    from .read import Reading
    from .summary import Usage

EventFile = tuple[Path, str]  # a file and its path as problems name it
CHUNK_BYTES = 16 * 1024 * 1024  # read at a time to count a file's lines
# Python's bytes.strip() takes these for blank; the line's own newline is gone already.
SPACE = " \t\r\x0b\x0c"


@dataclass
class Counted:
    """What the queries gave: each line class's count per file, and the tables the summary takes."""

    stats: pa.Table
    seen: pa.Table
    daily: pa.Table
    months: pa.Table | None


def summarise_events(files: list[EventFile], reading: Reading) -> None:
    """Count ``files`` into the reading as the Python reader would, or add every problem with them."""
    compiled = sql.compile_metrics(reading.metrics.metrics)
    if not files or compiled is None:
        for file, display in files:  # a metric DuckDB cannot test as Python does: Python reads the events
            read_events(file, display, reading)
        return
    counted = _count(files, compiled, reading)
    suspect = _suspect(files, counted)
    if suspect:
        found = [check_events(file, display, reading.problems) for file, display in suspect]
        if not any(found):  # good lines of a form only Python reads: it reads every file, so people count once
            for file, display in files:
                read_events(file, display, reading)
        return
    assert counted is not None  # no file is suspect only when DuckDB read them all
    _put(counted, reading)


def _count(files: list[EventFile], compiled: sql.Compiled, reading: Reading) -> Counted | None:
    """The queries' results, or None when DuckDB cannot read a file (its own error, such as a line that is no
    UTF-8): the Python reader's check then says which line."""
    with tempfile.TemporaryDirectory(prefix="playbook-events-") as folder:
        # DuckDB's own memory stays within connect's limit (1 GiB at most, less when the machine has little
        # free), and the pass's table spills into this folder past it: the events' users are held there, not in
        # Python, so a gigabyte of events is read in well under 2 GB.
        con = connect(Path(folder))
        import duckdb

        try:
            paths = _paths(files, Path(folder))
            _register(con, paths, reading)
            params = _params(paths, compiled, reading)
            query = f"CREATE TEMP TABLE seg AS {sql.classified(compiled)}"
            con.execute(query, _used(query, params))
            return _results(con, params, reading)
        except (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException):
            return None
        finally:
            con.close()


def _results(con: duckdb.DuckDBPyConnection, params: dict[str, Any], reading: Reading) -> Counted:
    def run(query: str) -> pa.Table:
        return con.sql(query, params=_used(query, params)).to_arrow_table()

    months = reading.usage.months
    trend = months is not None and bool(params["monthly"]) and bool(months.ends)
    return Counted(run(sql.STATS), run(sql.SEEN), run(sql.DAILY), run(sql.MONTHS) if trend else None)


def _paths(files: list[EventFile], folder: Path) -> list[str]:
    """Each file's path as DuckDB is given it: a path it would read as a pattern is given as a link without one."""
    paths = []
    for i, (file, _) in enumerate(files):
        path = str(file.absolute())
        if GLOB & set(path):
            link = folder / f"events-{i}{file.suffix.lower()}"
            link.symlink_to(file.absolute())
            path = str(link)
        paths.append(path)
    return paths


def _register(con: duckdb.DuckDBPyConnection, paths: list[str], reading: Reading) -> None:
    """The files (path and place) and the book (id and place) as tables the pass joins."""
    con.register("seg_files", pa.table({"path": pa.array(paths, pa.string()),
                                        "file_id": pa.array(range(len(paths)), pa.int32())}))
    book = sorted(reading.accounts)
    con.register("seg_book", pa.table({"id": pa.array(book, pa.string()),
                                       "idx": pa.array(range(len(book)), pa.int32())}))


def _params(paths: list[str], compiled: sql.Compiled, reading: Reading) -> dict[str, Any]:
    metrics, usage = reading.metrics.metrics, reading.usage
    months = usage.months
    params: dict[str, Any] = {
        "files": paths, "max_line": 2 * MAX_LINE_BYTES + 2, "max_bytes": MAX_LINE_BYTES - 2, "space": SPACE,
        "lenient": sql.LENIENT, "as_of": usage.as_of, "start": usage.start,
        "stale": reading.metrics.seats.stale_days, "windows": [m.window_days for m in metrics],
        "counts": [i for i, m in enumerate(metrics) if m.measure == "count"],
        "people": [i for i, m in enumerate(metrics) if m.measure == "distinct_users"],
        "monthly": [i for i, m in enumerate(metrics) if m.measure == "distinct_users" and months is not None
                    and m.id in months.metrics],
        "ends": list(months.ends) if months is not None else []}
    params.update(compiled.params)
    return params


def _used(query: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the query names (DuckDB refuses any other)."""
    return {name: value for name, value in params.items() if f"${name}" in query and _named(query, name)}


def _named(query: str, name: str) -> bool:
    """Whether ``$name`` is in the query as itself, not as the start of a longer name (``$where_1`` of
    ``$where_10``)."""
    at = query.find(f"${name}")
    while at >= 0:
        end = at + len(name) + 1
        if end == len(query) or not (query[end].isalnum() or query[end] == "_"):
            return True
        at = query.find(f"${name}", end)
    return False


def _suspect(files: list[EventFile], counted: Counted | None) -> list[EventFile]:
    """The files the Python reader's check must look at: every one when DuckDB could not read them; else those with
    an odd line, or whose lines DuckDB did not split where Python does (at each newline, and nowhere else)."""
    if counted is None:
        return files
    stats = counted.stats
    lines: Counter[int] = Counter()
    odd: set[int] = set()
    for kind, file_id, n in zip(*(stats[c].to_pylist() for c in ("class", "file_id", "n")), strict=True):
        lines[file_id] += n
        if kind == sql.ODD:
            odd.add(file_id)
    return [f for i, f in enumerate(files) if i in odd or lines[i] != _line_count(f[0])]


def _line_count(file: Path) -> int:
    """Lines as Python reads them: one per newline, and a last one when the file does not end with one."""
    count, last = 0, b"\n"
    with file.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _put(counted: Counted, reading: Reading) -> None:
    """The queries' results into the summary, as the Python reader puts its counts."""
    usage = reading.usage
    _put_counts(counted.stats, usage)
    ids = _Ids(reading)
    if counted.seen.num_rows:
        usage.add_seen(pa.table({"account_id": ids.accounts(counted.seen), "metric": ids.metrics(counted.seen)}))
    if usage.parts or usage.grouped:  # long-form rows may have the same keys: the summary groups them together
        usage.add_daily(ids.rows(counted.daily))
    elif counted.daily.num_rows:
        # Grouped once over every file already, and nothing else is in the summary: it takes them as they are,
        # their ids as dictionaries (grouping millions of rows again by their ids as text took 2 GB of memory).
        usage.add_grouped(ids.grouped(counted.daily))
    if counted.months is not None and counted.months.num_rows and usage.months is not None:
        usage.months.add(ids.rows(counted.months))


def _put_counts(stats: pa.Table, usage: Usage) -> None:
    """What was read but not counted into metrics: events per class, and per account id the book lacks."""
    classes: Counter[int] = Counter()
    for kind, unknown_id, n in zip(*(stats[c].to_pylist() for c in ("class", "unknown_id", "n")), strict=True):
        classes[kind] += n
        if kind == sql.UNKNOWN:
            usage.unknown[unknown_id] += n
    usage.rows += classes[sql.UNKNOWN] + classes[sql.AFTER] + classes[sql.EVENT]
    usage.after_as_of += classes[sql.AFTER]
    usage.skipped_calls += classes[sql.SKIPPED]
    usage.no_account += classes[sql.NO_ACCOUNT]


class _Ids:
    """The book's accounts and the metrics by their places, as the queries give them."""

    def __init__(self, reading: Reading) -> None:
        self.book = pa.array(sorted(reading.accounts), pa.string())
        self.metric_ids = pa.array([m.id for m in reading.metrics.metrics], pa.string())

    def accounts(self, table: pa.Table) -> pa.ChunkedArray:
        return pc.take(self.book, table["account"])

    def metrics(self, table: pa.Table) -> pa.ChunkedArray:
        return pc.take(self.metric_ids, table["m"])

    def grouped(self, table: pa.Table) -> pa.Table:
        """The summary's grouped columns, account and metric ids as dictionaries of the book's and the metrics'."""
        value = table["n"].cast(pa.float64())
        return pa.table({"account_id": _coded(table["account"], self.book), "department": pc.dictionary_encode(
            table["department"].cast(pa.string())), "metric": _coded(table["m"], self.metric_ids),
            "day": table["day"].cast(pa.date32()), "value_sum": value, "value_max": value})

    def rows(self, table: pa.Table) -> pa.Table:
        """(account_id, department, metric, day, value) rows, as the Python reader gives the summary."""
        return pa.table({"account_id": self.accounts(table), "department": table["department"].cast(pa.string()),
                         "metric": self.metrics(table), "day": table["day"].cast(pa.date32()),
                         "value": table["n"].cast(pa.float64())})


def _coded(codes: pa.ChunkedArray, ids: pa.Array) -> pa.ChunkedArray:
    """Places in ``ids`` as a dictionary column of them: the ids are held once, not once a row."""
    chunks = [pa.DictionaryArray.from_arrays(c.cast(pa.int32()), ids) for c in codes.chunks]
    return pa.chunked_array(chunks, pa.dictionary(pa.int32(), pa.string()))
