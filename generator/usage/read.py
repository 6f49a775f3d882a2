"""Reading usage files (the long form of docs/usage.md: CSV or Parquet, one file or a folder) into a summary.

Files are read in batches with pyarrow and each batch is checked, filtered and summarised in Arrow before
the next one is read, so memory follows the batch and the summary, not the file. Every bad row is an error
at its file and row (the first few of each file, then how many more), all reported together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import Location, Problems, did_you_mean
from ..inputs.loader import display_path
from .checks import Checked, check_batch
from .metrics import MetricsFile
from .segment import Events, read_events
from .summary import Usage, window_start
from .trend import Months, month_ends

CONTRACT_VERSION = 1
COLUMNS = ("account_id", "day", "department", "metric", "value")
REQUIRED = ("day", "metric", "value")  # account_id may come from the folder: .../account_id=<id>/file
PARTITION = "account_id="
TABLES = (".csv", ".parquet")
EVENTS = (".jsonl", ".ndjson")
# One file past this is a mistake or a dump of everything: split it by month or by account (a folder is read as one).
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_FILES = 100_000
BATCH_ROWS = 256 * 1024
CSV_BLOCK_BYTES = 16 * 1024 * 1024


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


def read_usage(path: Path, metrics: MetricsFile, accounts: frozenset[str], as_of: date, lookback_days: int) -> Usage:
    """The usage of ``accounts`` up to ``as_of`` from a file or folder; raise :class:`UserError` with every problem."""
    seats = metrics.seats
    months = Months(month_ends(as_of), frozenset(m for m in (seats.active, seats.licensed) if m), seats.stale_days)
    reading = Reading(metrics, accounts, Usage(as_of, window_start(as_of, lookback_days), months=months))
    for file, partition in usage_files(path, reading.problems):
        display = display_path(file)
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            reading.problems.add(Location(display), f"the file is {size / 1e6:,.0f} MB; a usage file may be at most "
                                 f"{MAX_FILE_BYTES / 1e6:,.0f} MB: split it by month or by account (a folder of "
                                 "files is read as one)")
            continue
        reading.usage.files += 1
        if file.suffix.lower() in EVENTS:
            read_events(file, display, reading)
        else:
            _read_table(file, display, partition, reading)
    reading.problems.raise_if_errors()
    reading.events.finish(reading)
    reading.usage.finish(reading.largest)
    return reading.usage


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


def _read_table(file: Path, display: str, partition: str | None, reading: Reading) -> None:
    parquet = file.suffix.lower() == ".parquet"
    first_row = 1 if parquet else 2  # a CSV's row 1 is its header
    try:
        batches = _parquet_batches(file) if parquet else _csv_batches(file)
        checked = Checked()
        for batch in batches:
            if not _columns_ok(batch.schema.names, partition, display, reading.problems):
                return
            check_batch(batch, first_row, display, partition, reading=reading, checked=checked)
            first_row += batch.num_rows
        checked.report(display, reading.problems)
    except (pa.ArrowException, OSError) as exc:
        kind = "Parquet" if parquet else "CSV"
        reading.problems.add(Location(display), f"the file cannot be read as {kind} usage data: {_plain(exc)}")


def _parquet_batches(file: Path) -> Iterator[pa.RecordBatch]:
    source = pq.ParquetFile(file)
    present = [c for c in COLUMNS if c in source.schema_arrow.names]
    if len(present) < len(source.schema_arrow.names):  # unknown columns: let the column check name them
        present = source.schema_arrow.names
    if source.metadata.num_rows == 0:
        yield pa.RecordBatch.from_pylist([], schema=source.schema_arrow)
    yield from source.iter_batches(batch_size=BATCH_ROWS, columns=present)


def _csv_batches(file: Path) -> Iterator[pa.RecordBatch]:
    # Only an empty cell is no value: Arrow's default would also read 'nan', 'NULL' and 'N/A' as one.
    options = pacsv.ConvertOptions(column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=True,
                                   null_values=[""])
    reader = pacsv.open_csv(file, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES),
                            convert_options=options)
    yield from reader


def _columns_ok(names: list[str], partition: str | None, display: str, problems: Problems) -> bool:
    where = Location(display, 1, unit="row")
    unknown = [n for n in names if n not in COLUMNS]
    for name in unknown:
        problems.add(where, f"unknown column '{name}'{did_you_mean(name, COLUMNS)}")
    missing = [c for c in REQUIRED if c not in names]
    if "account_id" not in names and partition is None:
        missing.insert(0, "account_id")
    if missing:
        problems.add(where, f"missing column(s): {', '.join(missing)}"
                     + (" (or a folder account_id=<id> above the file)" if "account_id" in missing else ""))
    return not unknown and not missing


def _plain(exc: Exception) -> str:
    """An Arrow or system error's own words, on one line and bounded."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."
