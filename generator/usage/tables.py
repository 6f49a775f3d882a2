"""The long form's files before their rows are read: each file's columns checked against the contract, and the
kind of each column's values (dates, numbers, text), so that every engine reads a file's values as the Arrow
reader does.

Only a Parquet file's footer and a CSV file's first block are read here; a file that cannot be opened, or whose
columns are not the contract's, is an error at the file and is left out of what the engine reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import Location, Problems, did_you_mean

COLUMNS = ("account_id", "day", "department", "metric", "value")
REQUIRED = ("day", "metric", "value")  # account_id may come from the folder: .../account_id=<id>/file
CSV_BLOCK_BYTES = 16 * 1024 * 1024
DATE, NUMBER, TEXT = "date", "number", "text"


@dataclass(frozen=True)
class TableFile:
    """A CSV or Parquet file of the long form whose columns are the contract's, with its values' kinds."""

    index: int  # its place among the files read: problems are reported in this order
    path: Path
    display: str
    partition: str | None  # the account id its folder names (account_id=<id>), if any
    parquet: bool
    kinds: tuple[tuple[str, str], ...]  # (column, DATE | NUMBER | TEXT), in the file's order
    row_groups: int = 1

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.kinds)

    @property
    def shape(self) -> tuple[bool, tuple[tuple[str, str], ...]]:
        """What decides how its rows are read: files of one shape are read together."""
        return self.parquet, tuple(sorted(self.kinds))


def inspect(file: Path, index: int, display: str, partition: str | None, problems: Problems) -> TableFile | None:
    """The file's columns and their kinds; None (and a problem) when it cannot be read or its columns are wrong,
    and None for a CSV file of a header alone (no rows: nothing to check or read, as the Arrow reader finds)."""
    parquet = file.suffix.lower() == ".parquet"
    try:
        if parquet:
            source = pq.ParquetFile(file)
            schema, groups = source.schema_arrow, source.metadata.num_row_groups
        else:
            first = next(iter(csv_reader(file)), None)
            if first is None:
                return None
            schema, groups = first.schema, 1
    except (pa.ArrowException, OSError) as exc:
        problems.add(Location(display), unreadable(parquet, exc))
        return None
    if not columns_ok(schema.names, partition, display, problems):
        return None
    kinds = tuple((f.name, _kind(f.type) if parquet else TEXT) for f in schema)
    return TableFile(index, file, display, partition, parquet, kinds, max(groups, 1))


def _kind(type_: pa.DataType) -> str:
    if pa.types.is_dictionary(type_):
        type_ = type_.value_type
    if pa.types.is_date(type_) or pa.types.is_timestamp(type_):
        return DATE
    if pa.types.is_integer(type_) or pa.types.is_floating(type_) or pa.types.is_decimal(type_):
        return NUMBER
    return TEXT


def csv_reader(file: Path) -> pacsv.CSVStreamingReader:
    """A CSV file's batches, every column as text: only an empty cell is no value (Arrow's default would also
    read 'nan', 'NULL' and 'N/A' as one)."""
    options = pacsv.ConvertOptions(column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=True,
                                   null_values=[""])
    return pacsv.open_csv(file, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES), convert_options=options)


def columns_ok(names: list[str], partition: str | None, display: str, problems: Problems) -> bool:
    """Whether the file's columns are the contract's; each unknown or missing one is a problem at its row 1."""
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


def unreadable(parquet: bool, exc: Exception) -> str:
    """A file that cannot be parsed, in the reader's own words, on one line and bounded."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= 300 else text[:297] + "..."
    return f"the file cannot be read as {'Parquet' if parquet else 'CSV'} usage data: {text}"
