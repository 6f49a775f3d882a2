"""Reading usage data: a 1,000,000-row long-form file (CSV and Parquet) and Segment events, for 10,000 accounts;
and with --sizes, folders of 10 and 100 million long-form Parquet rows.

Run: .venv/bin/python benchmarks/bench_usage.py [--rows 1000000] [--accounts 10000] [--events 200000] [--days 120]
     [--engine duckdb|arrow|dask] [--events-only --engines duckdb,arrow]
     .venv/bin/python benchmarks/bench_usage.py --sizes 10000000,100000000 [--engine duckdb]
Writes seeded synthetic files into a temporary folder (the large sizes with DuckDB itself, 10 million rows a
file, so that writing them needs no more memory than one file's), then reads each in a fresh process (so its
peak memory is its own) with the book's accounts and the shipped metrics, and prints wall time, rows per second,
peak resident memory and that peak less the process's memory before reading (imports and library).
With --events-only, only the Segment events file is written, and read once by each engine of --engines (duckdb:
DuckDB's reader; arrow: the Python reader, which the arrow and dask engines use), so that a gigabyte of events
is written once for both.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 12, 1)
DAYS = 120
METRICS = ["active_users", "pages_created", "runbook_editors", "wiki_readers", "docs_created", "sso_sign_ins"]
DEPARTMENTS = [None, None, "Engineering", "Sales", "Support"]
FILE_ROWS = 10_000_000
# Rows i of a file from $first to $last, their columns drawn from hashes of i (deterministic, each column's
# independent of the others, and as spread as the 1-million-row file's): one account of $accounts, a day of the
# $days up to $as_of, a department or none, a metric.
GENERATE = """
SELECT printf('ACC-%05d', hash(i * 1000003 + 1) % $accounts) AS account_id,
       CAST($as_of AS DATE) - CAST(hash(i * 1000003 + 2) % $days AS INTEGER) AS day,
       list_extract($departments, CAST(hash(i * 1000003 + 3) % len($departments) AS INTEGER) + 1) AS department,
       list_extract($metrics, CAST(hash(i * 1000003 + 4) % len($metrics) AS INTEGER) + 1) AS metric,
       CAST(hash(i * 1000003 + 5) % 200 AS DOUBLE) AS value
FROM range($first, $last) AS t(i)
"""


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def write_long_form(folder: Path, rows: int, accounts: int, days: int = DAYS) -> tuple[Path, Path]:
    rng = random.Random(21)
    metrics, depts = METRICS, DEPARTMENTS
    chunk, tables = 100_000, []
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        tables.append(pa.table({
            "account_id": pa.array([f"ACC-{rng.randrange(accounts):05d}" for _ in range(n)], pa.string()),
            "day": pa.array([AS_OF - timedelta(days=rng.randrange(days)) for _ in range(n)], pa.date32()),
            "department": pa.array([rng.choice(depts) for _ in range(n)], pa.string()),
            "metric": pa.array([rng.choice(metrics) for _ in range(n)], pa.string()),
            "value": pa.array([float(rng.randrange(200)) for _ in range(n)], pa.float64())}))
    table = pa.concat_tables(tables)
    parquet, csv = folder / "usage.parquet", folder / "usage.csv"
    pq.write_table(table, parquet, row_group_size=128 * 1024)
    pacsv.write_csv(table.set_column(1, "day", table["day"].cast(pa.string())), csv)
    return parquet, csv


def write_events(folder: Path, events: int, accounts: int, days: int = DAYS) -> Path:
    rng = random.Random(22)
    path = folder / "events.jsonl"
    names = [("Page Created", {"template": "runbook"}), ("Page Viewed", {"space": "wiki"}),
             ("Page Edited", {"template": "prd"}), ("Signed In", {"method": "sso"})]
    with path.open("w") as out:
        for _ in range(events):
            name, props = rng.choice(names)
            day = AS_OF - timedelta(days=rng.randrange(days))
            out.write(json.dumps({"type": "track", "event": name, "userId": f"u{rng.randrange(50)}",
                                  "timestamp": f"{day}T{rng.randrange(24):02d}:00:00Z",
                                  "properties": {**props, "department": rng.choice(["Engineering", "Sales"])},
                                  "context": {"groupId": f"ACC-{rng.randrange(accounts):05d}"}}) + "\n")
    return path


def write_large(folder: Path, rows: int, accounts: int, days: int = DAYS) -> Path:
    """A folder of ``rows`` long-form rows as Parquet files of 10 million rows each, written by DuckDB."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"memory_limit": "1GB", "temp_directory": str(folder / ".spill")})
    con.execute("SET enable_progress_bar = false")
    for first in range(0, rows, FILE_ROWS):
        params = {"accounts": accounts, "as_of": AS_OF, "days": days, "departments": DEPARTMENTS,
                  "metrics": METRICS, "first": first, "last": min(rows, first + FILE_ROWS)}
        con.sql(GENERATE, params=params).write_parquet(str(folder / f"part-{first // FILE_ROWS:03d}.parquet"),
                                                        row_group_size=128 * 1024)
    con.close()
    return folder


def measure(path: Path, accounts: int, engine: str = "duckdb") -> None:
    """Read one file as a batch would, in this process, and print one JSON line of figures."""
    from generator.inputs.loader import load_library
    from generator.usage.library import load_metrics
    from generator.usage.measure import lookback_days
    from generator.usage.read import Engine, read_usage

    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    metrics = load_metrics(ROOT / "usecases", library.map)
    book = frozenset(f"ACC-{i:05d}" for i in range(accounts))
    before = _rss_mb()
    start = time.perf_counter()
    usage = read_usage(path, metrics, book, AS_OF, lookback_days(metrics), engine=Engine(engine))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in path.rglob("*.parquet")) if path.is_dir() else path.stat().st_size
    print(json.dumps({"engine": engine, "file": path.name, "mb": round(size / 1e6, 1), "rows": usage.rows,
                      "accounts": len(usage.accounts), "seconds": round(seconds, 2),
                      "rows_per_s": round(usage.rows / seconds), "peak_mb": round(peak),
                      "reading_mb": round(peak - before)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=DAYS, help="days of data up to the as-of date (default: 120; "
                                                                 "400 covers the seat trend's 12 months)")
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "arrow", "dask"])
    parser.add_argument("--sizes", help="comma-separated row counts of long-form Parquet folders to read instead, "
                                        "such as 10000000,100000000")
    parser.add_argument("--events-only", action="store_true", help="write and read only the Segment events")
    parser.add_argument("--engines", help="comma-separated engines to read each file with, one after the other "
                                          "(default: --engine)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.accounts, args.engine)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.sizes:
            files = [write_large(folder / f"rows-{n}", n, args.accounts, args.days)
                     for n in (int(size) for size in args.sizes.split(","))]
        elif args.events_only:
            files = [write_events(folder, args.events, args.accounts, args.days)]
        else:
            files = [*write_long_form(folder, args.rows, args.accounts, args.days),
                     write_events(folder, args.events, args.accounts, args.days)]
        for path in files:
            for engine in (args.engines or args.engine).split(","):
                subprocess.run([sys.executable, __file__, "--measure", str(path), "--accounts", str(args.accounts),
                                "--engine", engine], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
