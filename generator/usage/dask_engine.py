"""The Dask engine (``--usage-engine dask``): the DuckDB engine's summary computed with Dask DataFrame, on the
cluster ``--scheduler`` names (the one a batch renders on), for books past one machine; without a scheduler, on
Dask's threads in this process.

Each CSV file, and each few row groups of a Parquet file, is one partition, read on a worker with pyarrow and
checked and sorted as the Arrow reader and DuckDB do (``checks.normalise``, ``groups.classify``); Dask groups the
partitions' rows into the grouped table of ``groups``, which the client puts into the summary. The workers read
the files by their paths, so they must see the same files (the same machine or a shared file system). Bad rows
are named by the Arrow reader, on the client, in a second pass over the files that have them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import Location, Problem, UserError
from .arrow_engine import locate, read_table
from .checks import normalise
from .groups import GROUPED, KEYS, Into, Window, classify
from .tables import TableFile, csv_reader

if TYPE_CHECKING:
    import pandas as pd

    from .read import Reading

PIECE_ROW_GROUPS = 8  # a Parquet file's row groups per partition: a few hundred thousand rows each
NONE = -(2 ** 31)  # an integer key that is none, as pandas keeps integer keys (a null would make them floats)
INTEGER_KEYS = ("file_id", "account", "metric", "day")
CONNECT_TIMEOUT = 15.0
PARTITION = pa.schema([("class", pa.int8()), ("file_id", pa.int32()), ("account_id", pa.string()),
                       ("account", pa.int32()), ("department", pa.string()), ("metric", pa.int32()),
                       ("day", pa.int32()), ("value", pa.float64())])


def summarise(files: list[TableFile], reading: Reading, scheduler: str | None) -> None:
    """Summarise ``files`` into the reading on the cluster at ``scheduler``, or add every problem with them."""
    dd = _dask()
    window = Window.of(reading)
    pieces = [(file, groups) for file in files for groups in _pieces(file)]
    frame = dd.from_map(_partition, pieces, window=window, meta=_empty(), enforce_metadata=False)
    grouped = frame.groupby(list(KEYS), dropna=False).agg({"value": ["sum", "max", "count"]})
    try:
        result = _compute(grouped, scheduler)
    except (pa.ArrowException, OSError):
        for file in files:  # the Arrow reader says which file cannot be read, and why
            read_table(file.path, file.display, file.partition, reading)
        return
    into = Into(reading)
    into.add(_table(result, window).sort_by([("class", "ascending"), ("account", "ascending")]))
    if into.bad:
        locate([f for f in files if f.index in into.bad], reading)


def _dask() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError:
        raise UserError([Problem(Location("--usage-engine"), "the dask engine needs Dask DataFrame: "
                                 "pip install 'usecase-playbook[dask]'")]) from None
    return dd


def _pieces(file: TableFile) -> list[tuple[int, ...]]:
    groups = range(file.row_groups) if file.parquet else range(1)
    return [tuple(groups[i:i + PIECE_ROW_GROUPS]) for i in range(0, len(groups), PIECE_ROW_GROUPS)]


def _partition(piece: tuple[TableFile, tuple[int, ...]], window: Window) -> pd.DataFrame:
    """One partition's rows, checked and sorted (on a worker): (class, file_id, keys, value)."""
    file, groups = piece
    if file.parquet:
        table = pq.ParquetFile(file.path).read_row_groups(list(groups), columns=list(file.names))
    else:
        table = csv_reader(file.path).read_all()
    if table.num_rows == 0:
        return _empty()
    rows, masks = normalise(table, file.partition, list(window.metrics))
    bad = pc.or_(pc.or_(masks[0], masks[1]), pc.or_(masks[2], masks[3]))
    classified = classify(rows, bad, file.index, window)
    for name in INTEGER_KEYS:
        classified = classified.set_column(classified.schema.get_field_index(name), name,
                                           pc.fill_null(classified[name].cast(pa.int32()), NONE))
    return classified.cast(PARTITION).to_pandas()


def _empty() -> pd.DataFrame:
    return PARTITION.empty_table().to_pandas()


def _compute(grouped: Any, scheduler: str | None) -> pd.DataFrame:
    if scheduler is None:
        return grouped.compute(scheduler="threads")
    from distributed import Client

    try:
        client = Client(scheduler, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UserError([Problem(Location("--scheduler"), f"cannot reach the Dask scheduler at {scheduler}: "
                                 f"{exc}")]) from None
    try:
        return client.compute(grouped, sync=True)
    finally:
        client.close()


def _table(result: pd.DataFrame, window: Window) -> pa.Table:
    """Dask's groups as the grouped table of ``groups``: the key columns' nones back as nulls."""
    result.columns = ["value_sum", "value_max", "n"]
    table = pa.Table.from_pandas(result.reset_index(), preserve_index=False)
    largest = pc.is_in(table["metric"], value_set=pa.array(window.largest, pa.int32()))
    table = table.append_column("value", pc.if_else(largest, table["value_max"], table["value_sum"]))
    for name in INTEGER_KEYS:
        column = table[name].cast(pa.int32())
        column = pc.if_else(pc.equal(column, NONE), pa.scalar(None, pa.int32()), column)
        table = table.set_column(table.schema.get_field_index(name), name,
                                 column.cast(pa.date32()) if name == "day" else column)
    return table.select(GROUPED.names).cast(GROUPED)
