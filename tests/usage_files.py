"""Usage files written from rows, and the shipped metrics, for the usage tests (tests/usage)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.usage.library import load_metrics
from generator.usage.metrics import MetricsFile

AS_OF = date(2026, 12, 1)
HEADER = "account_id,day,department,metric,value"


ROOT = Path(__file__).resolve().parents[1]


def shipped_metrics(shipped) -> MetricsFile:
    return load_metrics(ROOT / "usecases", shipped.map)


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def write_parquet(path: Path, rows: list[tuple]) -> Path:
    """Rows of (account_id, day, department, metric, value) as a Parquet file with Arrow's own types."""
    path.parent.mkdir(parents=True, exist_ok=True)
    columns: list = list(zip(*rows, strict=True)) if rows else [()] * 5
    pq.write_table(pa.table({
        "account_id": pa.array(columns[0], pa.string()), "day": pa.array(columns[1], pa.date32()),
        "department": pa.array(columns[2], pa.string()), "metric": pa.array(columns[3], pa.string()),
        "value": pa.array(columns[4], pa.float64())}), path)
    return path
