"""The DuckDB engine (the default): the book's CSV and Parquet files summarised by one in-process query, in one
pass over their rows for all accounts, with nothing to start.

DuckDB reads the files in parallel on the machine's cores, groups the rows (``groups``) within a memory limit
and spills what does not fit to a folder of its own under the system's temporary folder, removed afterwards.
When the query finds bad rows, those of a Parquet file are named from DuckDB by its ``file_row_number``, those of
a CSV file by the Arrow reader (a second pass over that file only); when DuckDB cannot read a file at all, the
Arrow reader reads the files and says which one and why, in its own words.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
import pyarrow as pa

from ..errors import Location, Problem, UserError
from . import duck_sql
from .arrow_engine import locate, read_table
from .checks import MAX_LOCATED, NUMBER, row_problem
from .groups import Into, Window
from .tables import TableFile

if TYPE_CHECKING:
    import duckdb

    from .read import Reading

MAX_MEMORY_BYTES = 1024 ** 3  # DuckDB's own memory; past it, it spills to its folder
MEMORY_SHARE = 0.25  # and at most this share of the memory the machine has free
BATCH_ROWS = 1024 * 1024  # rows of the grouped result taken into the summary at a time
GLOB = frozenset("*?[]{}")  # characters DuckDB's readers would take as a pattern in a file's path


def summarise(files: list[TableFile], reading: Reading) -> None:
    """Summarise ``files`` into the reading, or add every problem with them to ``reading.problems``."""
    if not files:
        return
    if not _packs(Window.of(reading)):
        for file in files:  # past what DuckDB's packed key holds: the Arrow reader has no such bound
            read_table(file.path, file.display, file.partition, reading)
        return
    duckdb = _duckdb()
    with tempfile.TemporaryDirectory(prefix="playbook-usage-") as folder:
        con = connect(Path(folder))
        try:
            paths = _paths(files, Path(folder))
            shapes = _shapes(files)
            params = _params(shapes, paths, reading)
            _register(con, files, paths, reading)
            rows = " UNION ALL ".join(duck_sql.shape_rows(group[0], f"files{i}") for i, group in enumerate(shapes))
            query = duck_sql.grouped(rows, trend=bool(params.get("ends")))
            into = Into(reading)
            try:
                # The query ends in a sort, which reads every file before its first batch: a file that cannot
                # be read stops it before anything is put into the summary.
                for batch in con.sql(query, params=_used(query, params)).to_arrow_reader(BATCH_ROWS):
                    into.add(batch)
            except duckdb.OutOfMemoryException as exc:
                raise UserError([Problem(Location("--usage"), f"DuckDB ran out of memory summarising the usage data "
                                         f"({exc}); --usage-engine arrow reads it in batches")]) from None
            except (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException):
                if into.batches:
                    raise
                for file in files:  # a file DuckDB cannot parse: the Arrow reader says which, and why
                    read_table(file.path, file.display, file.partition, reading)
                return
            if into.bad:
                _locate(con, shapes, paths, into.bad, reading)
        finally:
            con.close()


def _packs(window: Window) -> bool:
    """Whether the book's accounts, the metrics and the days kept fit the fields of the query's packed key."""
    oldest = min([window.start, *(end - timedelta(days=window.stale_days) for end in window.ends)])
    return (len(window.book) < 2 ** duck_sql.ACCOUNT_BITS and len(window.metrics) < 2 ** duck_sql.METRIC_BITS
            and (window.as_of - oldest).days < 2 ** duck_sql.DAY_BITS)


def _register(con: duckdb.DuckDBPyConnection, files: list[TableFile], paths: dict[int, str],
              reading: Reading) -> None:
    """The files (path, id, the account their folder names) and the book (id, place) as tables the query joins."""
    con.register("files", pa.table({"path": [paths[f.index] for f in files],
                                    "file_id": pa.array([f.index for f in files], pa.int32()),
                                    "partition": pa.array([f.partition for f in files], pa.string())}))
    book = sorted(reading.accounts)
    con.register("book", pa.table({"id": pa.array(book, pa.string()), "idx": pa.array(range(len(book)), pa.int32())}))


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise UserError([Problem(Location("--usage-engine"), "the duckdb engine needs the 'duckdb' package: "
                                 "pip install duckdb, or --usage-engine arrow")]) from None
    return duckdb


def connect(spill: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on the machine's cores, its memory bounded, spilling into ``spill``, reading dates in
    UTC, and loading no extension from anywhere."""
    duckdb = _duckdb()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = min(MAX_MEMORY_BYTES, int(psutil.virtual_memory().available * MEMORY_SHARE))
    con = duckdb.connect(":memory:", config={
        "threads": max(1, cores), "memory_limit": f"{max(memory // 2**20, 64)}MB", "temp_directory": str(spill),
        "preserve_insertion_order": False, "autoinstall_known_extensions": False,
        "autoload_known_extensions": False})
    con.execute("SET TimeZone = 'UTC'")  # a timestamp's day is its UTC day, as Arrow casts it
    con.execute("SET enable_progress_bar = false")
    return con


def _paths(files: list[TableFile], folder: Path) -> dict[int, str]:
    """Each file's path as DuckDB is given it: a path it would read as a pattern is given as a link without one."""
    paths = {}
    for file in files:
        path = str(file.path.absolute())
        if GLOB & set(path):
            link = folder / f"file-{file.index}{file.path.suffix.lower()}"
            link.symlink_to(file.path.absolute())
            path = str(link)
        paths[file.index] = path
    return paths


def _shapes(files: list[TableFile]) -> list[list[TableFile]]:
    by_shape: dict[Any, list[TableFile]] = defaultdict(list)
    for file in files:
        by_shape[file.shape].append(file)
    return list(by_shape.values())


def _params(shapes: list[list[TableFile]], paths: dict[int, str], reading: Reading) -> dict[str, Any]:
    window = Window.of(reading)
    params: dict[str, Any] = {f"files{i}": [paths[f.index] for f in group] for i, group in enumerate(shapes)}
    params.update(metrics=list(window.metrics), as_of=window.as_of, start=window.start, number=NUMBER,
                  paths=list(paths.values()), path_ids=list(paths), largest=window.largest)
    if window.ends and window.seats:
        params.update(ends=list(window.ends), seats=list(window.seats), stale=window.stale_days)
    return params


def _used(query: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the query names (DuckDB refuses any other)."""
    return {name: value for name, value in params.items() if re.search(rf"\${name}\b", query)}


def _locate(con: duckdb.DuckDBPyConnection, shapes: list[list[TableFile]], paths: dict[int, str],
            bad: Counter[int], reading: Reading) -> None:
    """Name the first bad rows of each file that has any, and count the rest."""
    known = list(Window.of(reading).metrics)
    for i, group in enumerate(shapes):
        files = {f.index: f for f in group if f.index in bad}
        if not files:
            continue
        if not group[0].parquet:  # a CSV file's rows are numbered by the reader that reads it row by row
            locate(list(files.values()), reading)
            continue
        query = duck_sql.located(duck_sql.shape_rows(group[0], f"files{i}", raw=True))
        params = {f"files{i}": [paths[f.index] for f in group], "metrics": known, "number": NUMBER,
                  "bad_files": list(files), "room": MAX_LOCATED}
        for file_id, row, day, metric, value, *flags in con.execute(query, _used(query, params)).fetchall():
            problem = row_problem({"day": day, "metric": metric, "value": value}, tuple(flags), known)
            reading.problems.add(Location(files[file_id].display, row, unit="row"), problem)
        for file_id, file in files.items():
            if bad[file_id] > MAX_LOCATED:
                reading.problems.add(Location(file.display),
                                     f"{bad[file_id] - MAX_LOCATED:,} more rows with problems like the ones above")
