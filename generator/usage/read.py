"""Reading usage files (the long form of docs/usage.md: CSV or Parquet, one file or a folder) into a summary.

The long form is read by an engine (``--usage-engine``): DuckDB by default (``duck``: one in-process query
over all the files), the Arrow reader (``arrow_engine``: batch by batch, nothing beyond pyarrow) or Dask
DataFrame on a cluster (``dask_engine``). Each gives the same summary and the same problems. Segment events
are read by DuckDB with the duckdb engine (``segment_duck``), else line by line in Python (``segment``), with
the same result. Every bad row is an error at its file and row (the
first few of each file, then how many more), all reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa

from ..errors import Location, Problem, Problems, UserError
from ..inputs.loader import display_path
from .arrow_engine import read_table
from .metrics import MetricsFile
from .segment import Events, read_events
from .summary import Usage, window_start
from .tables import TableFile, inspect
from .trend import Months, month_ends

CONTRACT_VERSION = 1
ENGINES = ("duckdb", "arrow", "dask")
PARTITION = "account_id="
TABLES = (".csv", ".parquet")
EVENTS = (".jsonl", ".ndjson")
# One file past this is a mistake or a dump of everything: split it by month or by account (a folder is read as one).
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_FILES = 100_000


@dataclass(frozen=True)
class Engine:
    """What reads the long form: ``duckdb``, ``arrow`` or ``dask`` (on the scheduler at ``scheduler``, or without
    one on Dask's threads in this process)."""

    name: str = "duckdb"
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise UserError([Problem(Location("--usage-engine"), f"unknown engine '{self.name}': expected one of "
                                     f"{', '.join(ENGINES)}")])


@dataclass
class Reading:
    """What one read needs: the metrics, the accounts of the book, the window, and where things go."""

    metrics: MetricsFile
    accounts: frozenset[str]
    usage: Usage
    problems: Problems = field(default_factory=Problems)
    events: Events = field(default_factory=Events)
    book: pa.Array = field(init=False, repr=False)  # the accounts as Arrow, to match each batch's ids against

    def __post_init__(self) -> None:
        self.book = pa.array(sorted(self.accounts), pa.string())

    @property
    def largest(self) -> frozenset[str]:
        """Metrics whose values of one day are not added up but the largest kept: people and gauges."""
        return frozenset(m.id for m in self.metrics.metrics if m.measure != "count")


def read_usage(path: Path, metrics: MetricsFile, accounts: frozenset[str], as_of: date, lookback_days: int, *,
               engine: Engine | None = None) -> Usage:
    """The usage of ``accounts`` up to ``as_of`` from a file or folder; raise :class:`UserError` with every problem."""
    engine = engine or Engine()
    seats = metrics.seats
    months = Months(month_ends(as_of), frozenset(m for m in (seats.active, seats.licensed) if m), seats.stale_days)
    reading = Reading(metrics, accounts, Usage(as_of, window_start(as_of, lookback_days), months=months))
    tables: list[TableFile] = []
    events: list[tuple[Path, str]] = []
    for index, (file, partition) in enumerate(usage_files(path, reading.problems)):
        display = display_path(file)
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            reading.problems.add(Location(display), f"the file is {size / 1e6:,.0f} MB; a usage file may be at most "
                                 f"{MAX_FILE_BYTES / 1e6:,.0f} MB: split it by month or by account (a folder of "
                                 "files is read as one)")
            continue
        reading.usage.files += 1
        if file.suffix.lower() in EVENTS:
            if engine.name == "duckdb":
                events.append((file, display))  # read with the long form's files, all at once, below
            else:
                read_events(file, display, reading)
        elif engine.name == "arrow":
            read_table(file, display, partition, reading)
        elif (table := inspect(file, index, display, partition, reading.problems)) is not None:
            tables.append(table)
    _summarise(tables, engine, reading)
    if events:
        from .segment_duck import summarise_events

        summarise_events(events, reading)
    reading.problems.raise_if_errors()
    reading.events.finish(reading)
    reading.usage.finish(reading.largest)
    return reading.usage


def _summarise(tables: list[TableFile], engine: Engine, reading: Reading) -> None:
    if not tables or engine.name == "arrow":
        return
    if engine.name == "dask":
        from .dask_engine import summarise as on_dask

        on_dask(tables, reading, engine.scheduler)
    else:
        from .duck import summarise

        summarise(tables, reading)


def usage_files(path: Path, problems: Problems) -> list[tuple[Path, str | None]]:
    """The usage files at ``path`` with the account id their folder names (``account_id=<id>``), if any."""
    if path.is_file():
        if path.suffix.lower() not in TABLES + EVENTS:
            problems.add(Location(display_path(path)), "expected a .csv, .parquet or .jsonl usage file, or a folder")
            return []
        return [(path, None)]
    if not path.is_dir():
        problems.add(Location(display_path(path)), "no such usage file or folder")
        return []
    found = sorted(p for p in path.rglob("*") if p.suffix.lower() in TABLES + EVENTS and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not found:
        problems.add(Location(display_path(path)), "no usage files (*.csv, *.parquet, *.jsonl) in this folder")
    if len(found) > MAX_FILES:
        problems.add(Location(display_path(path)), f"{len(found):,} usage files; at most {MAX_FILES:,} are read")
        return []
    return [(p, _partition(p.relative_to(path))) for p in found]


def _partition(relative: Path) -> str | None:
    ids = [unquote(part.removeprefix(PARTITION)) for part in relative.parts[:-1] if part.startswith(PARTITION)]
    return ids[-1] if ids else None
