"""The Arrow engine (``--usage-engine arrow``): a CSV or Parquet file read in batches with pyarrow, each batch
checked, filtered and summarised in Arrow before the next one is read, so memory follows the batch and the
summary, not the file. It needs nothing beyond pyarrow, and it is the located pass of the other engines: when
they find something wrong with a file, this reader names each bad row at its file and row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Location, Problems
from .checks import Checked, check_batch
from .summary import Usage
from .tables import COLUMNS, TableFile, columns_ok, csv_reader, unreadable

if TYPE_CHECKING:
    from .read import Reading

BATCH_ROWS = 256 * 1024


def read_table(file: Path, display: str, partition: str | None, reading: Reading) -> None:
    """Check and summarise one file into the reading; its problems go to ``reading.problems``."""
    parquet = file.suffix.lower() == ".parquet"
    first_row = 1 if parquet else 2  # a CSV's row 1 is its header
    try:
        batches = _parquet_batches(file) if parquet else iter(csv_reader(file))
        checked = Checked()
        for batch in batches:
            if not columns_ok(batch.schema.names, partition, display, reading.problems):
                return
            check_batch(batch, first_row, display, partition, reading=reading, checked=checked)
            first_row += batch.num_rows
        checked.report(display, reading.problems)
    except (pa.ArrowException, OSError) as exc:
        reading.problems.add(Location(display), unreadable(parquet, exc))


def _parquet_batches(file: Path) -> Iterator[pa.RecordBatch]:
    source = pq.ParquetFile(file)
    present = [c for c in COLUMNS if c in source.schema_arrow.names]
    if len(present) < len(source.schema_arrow.names):  # unknown columns: let the column check name them
        present = source.schema_arrow.names
    if source.metadata.num_rows == 0:
        yield pa.RecordBatch.from_pylist([], schema=source.schema_arrow)
    yield from source.iter_batches(batch_size=BATCH_ROWS, columns=present)


def locate(files: list[TableFile], reading: Reading) -> None:
    """Name the bad rows of these files at their rows (the located pass of another engine): their problems go to
    the reading, their summary nowhere."""
    usage = reading.usage
    scratch = replace(reading, usage=Usage(usage.as_of, usage.start), problems=Problems())
    for file in files:
        read_table(file.path, file.display, file.partition, scratch)
    reading.problems.extend(scratch.problems.items)
