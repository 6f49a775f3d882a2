"""The engines that read the long form (DuckDB, the Arrow reader, Dask DataFrame) give the same summary, the same
counts and the same located problems, on every kind of file; DuckDB reads good data itself, in bounded memory."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import UserError
from generator.usage import duck, duck_sql
from generator.usage.read import ENGINES, Engine, read_usage
from usage_files import AS_OF, ROOT, write_csv, write_parquet

BOOK = frozenset({"acme", "globex", "ACC-10042", "ACC-10317"})
SAMPLE_USAGE = ROOT / "accounts" / "usage"


def _outcome(path: Path, metrics, engine: Engine, book=BOOK, as_of: date = AS_OF):
    """What one engine makes of the data: the mapping and every count, or the problems."""
    try:
        usage = read_usage(path, metrics, book, as_of, 90, engine=engine)
    except UserError as caught:
        return [str(p) for p in caught.problems]
    accounts = {a: (u.series, u.seen, u.trend) for a, u in usage.accounts.items()}
    return accounts, usage.rows, dict(usage.unknown), usage.after_as_of, usage.files


@pytest.fixture
def engines(dask_scheduler) -> list[Engine]:
    return [Engine("duckdb"), Engine("arrow"), Engine("dask", dask_scheduler)]


@pytest.fixture
def duckdb_alone(monkeypatch):
    """DuckDB must read good data itself: the Arrow reader it falls back on for bad data fails the test."""
    def refused(*args, **kwargs):
        raise AssertionError("the DuckDB engine fell back on the Arrow reader for good data")

    monkeypatch.setattr(duck, "read_table", refused)
    monkeypatch.setattr(duck, "locate", refused)


def _same(path: Path, metrics, engines: list[Engine], **kwargs):
    first, *others = [_outcome(path, metrics, e, **kwargs) for e in engines]
    for engine, other in zip(engines[1:], others, strict=True):
        assert other == first, engine.name
    return first


def test_the_sample_data_gives_the_same_summary_on_every_engine(metrics, engines):
    accounts, rows, unknown, after, files = _same(SAMPLE_USAGE, metrics, engines, as_of=date(2026, 12, 1))
    assert set(accounts) == {"ACC-10042", "ACC-10317"}
    assert (rows, unknown, files) == (21614, {}, 2)
    assert after > 0


def _typed_parquet(path: Path) -> Path:
    """Parquet of other types than Arrow's own: whole numbers, timestamps with a zone, dictionary ids."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({
        "account_id": pa.array(["acme", "acme", "globex", "initech"]).dictionary_encode(),
        "day": pa.array([datetime(2026, 11, 30, 23, 30), datetime(2026, 11, 29), datetime(2026, 12, 2),
                         datetime(2026, 11, 1)], pa.timestamp("us", tz="UTC")),
        "metric": ["pages_created", "active_users", "pages_created", "pages_created"],
        "value": pa.array([3, 12, 5, 1], pa.int64())}), path)
    return path


def _book_folder(folder: Path) -> Path:
    """Every form at once: CSV, Parquet of two shapes, a folder per account, Segment events, a path with a
    pattern's characters in it."""
    write_csv(folder / "2026-11.csv", ["acme,2026-11-30,Eng,active_users, 7 ", "acme,2026-11-30,,pages_created,+2",
                                       "initech,2026-11-29,,pages_created,3", "globex,2026-12-03,,docs_created,1"])
    write_parquet(folder / "2026-10.parquet", [("acme", date(2026, 10, 31), None, "active_users", 40.0),
                                               ("globex", date(2026, 10, 27), "Ops", "licensed_seats", 90.0),
                                               ("globex", date(2026, 6, 1), None, "runbook_editors", 2.0)])
    _typed_parquet(folder / "typed" / "t.parquet")
    write_csv(folder / "account_id=globex" / "[1]*.csv", ["2026-11-30,,pages_created,4"],
              "day,department,metric,value")
    event = {"type": "track", "event": "Page Created", "userId": "u1", "timestamp": "2026-11-30T10:00:00Z",
             "properties": {"template": "runbook"}, "context": {"groupId": "acme"}}
    (folder / "events.jsonl").write_text(json.dumps(event) + "\n")
    return folder


def test_every_form_of_file_at_once_gives_the_same_on_every_engine(tmp_path, metrics, engines, duckdb_alone):
    accounts, rows, unknown, after, files = _same(_book_folder(tmp_path / "usage"), metrics, engines)
    assert (rows, unknown, after, files) == (13, {"initech": 2}, 2, 5)
    acme = accounts["acme"][0]
    assert acme[(None, "pages_created")] == {date(2026, 11, 30): 6.0}  # 2, 3 from a timestamp's day, 1 event
    assert accounts["globex"][0][(None, "pages_created")] == {date(2026, 11, 30): 4.0}


def test_a_damaged_parquet_file_is_located_on_every_engine(tmp_path, metrics, engines):
    path = write_parquet(tmp_path / "u.parquet", [("acme", AS_OF, None, "pages_created", 1.0)] * 50)
    path.write_bytes(path.read_bytes()[:-40])
    [problem] = _same(path, metrics, engines)
    assert problem.startswith(f"{path}: the file cannot be read as Parquet usage data: ")


def test_a_csv_file_duckdb_cannot_read_is_located_by_the_arrow_reader(tmp_path, metrics, engines):
    path = write_csv(tmp_path / "u.csv", ["acme,2026-11-30,,pages_created,3", "acme,2026-11-30,,pages_created"])
    [problem] = _same(path, metrics, engines)
    assert problem.startswith(f"{path}: the file cannot be read as CSV usage data: ")


def _bad_parquet(path: Path, n: int) -> Path:
    """Good rows with ``n`` bad ones among them, over several row groups."""
    rows: list[tuple] = []
    for i in range(300):
        metric = "pages_creatd" if i % 7 == 3 and len([r for r in rows if r[3] == "pages_creatd"]) < n else \
            "pages_created"
        rows.append(("acme", AS_OF - timedelta(days=i % 30), None, metric, float(i)))
    path.parent.mkdir(parents=True, exist_ok=True)
    table = write_parquet(path, rows)
    pq.write_table(pq.read_table(table), path, row_group_size=64)
    return path


@pytest.mark.parametrize("bad", [1, 20, 33])
def test_bad_parquet_rows_are_named_at_their_rows_on_every_engine(tmp_path, metrics, engines, bad):
    path = _bad_parquet(tmp_path / "u.parquet", bad)
    problems = _same(path, metrics, engines)
    rows = [p for p in problems if ":row " in p]
    assert rows[0] == f"{path}:row 4: metric 'pages_creatd' is not defined (did you mean 'pages_created'?)"
    assert len(problems) == min(bad, 20) + (bad > 20)
    assert (f"{path}: {bad - 20} more rows with problems like the ones above" in problems) == (bad > 20)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_damaged_parquet_file_stops_the_plan_with_exit_2_and_no_traceback(tmp_path, capsys, engine_name):
    path = write_parquet(tmp_path / "usage" / "u.parquet", [("ACC-10317", AS_OF, None, "pages_created", 1.0)] * 9)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    status = main(["plan", str(ROOT / "accounts" / "kestrel-analytics.yaml"), "--usage", str(path.parent),
                   "--usage-engine", engine_name, "--as-of", "2026-12-01"])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{path}: the file cannot be read as Parquet usage data" in err
    assert "Traceback" not in err


def test_duckdb_spills_into_a_folder_of_its_own_and_removes_it(tmp_path, metrics, monkeypatch, duckdb_alone):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    seen = {}
    connect = duck.connect

    def watched(spill):
        con = connect(spill)
        seen.update(dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                     "('temp_directory', 'threads', 'memory_limit')").fetchall()))
        return con

    monkeypatch.setattr(duck, "connect", watched)
    _outcome(write_parquet(tmp_path / "u.parquet", [("acme", AS_OF, None, "pages_created", 1.0)]), metrics,
             Engine("duckdb"))
    assert Path(seen["temp_directory"]).parent == tmp_path / "tmp"
    assert int(seen["threads"]) >= 1
    assert seen["memory_limit"] != ""
    assert list((tmp_path / "tmp").iterdir()) == []


ROW = st.tuples(st.sampled_from(["acme", "globex", "initech", ""]),
                st.integers(-200, 5).map(lambda n: AS_OF + timedelta(days=n)),
                st.sampled_from([None, "Eng", "Ops"]),
                st.sampled_from(["pages_created", "active_users", "licensed_seats", "runbook_editors"]),
                st.integers(0, 300).map(float))
FILE = st.tuples(st.sampled_from(["csv", "parquet", "folder"]), st.lists(ROW, max_size=30))


def _write(folder: Path, i: int, kind: str, rows: list[tuple]) -> None:
    if kind == "parquet":
        write_parquet(folder / f"{i}.parquet", rows)
    elif kind == "csv":
        write_csv(folder / f"{i}.csv", [f"{a},{d},{dept or ''},{m},{v:g}" for a, d, dept, m, v in rows])
    else:  # the folder names the account; the rows' own ids are left out
        write_csv(folder / f"account_id={rows[0][0] if rows else 'acme'}" / f"{i}.csv",
                  [f"{d},{dept or ''},{m},{v:g}" for _, d, dept, m, v in rows], "day,department,metric,value")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FILE, min_size=1, max_size=4))
def test_duckdb_dask_and_arrow_agree_on_any_small_book(tmp_path_factory, metrics, engines, files):
    folder = tmp_path_factory.mktemp("book")
    for i, (kind, rows) in enumerate(files):
        _write(folder, i, kind, rows)
    _same(folder, metrics, engines)
    shutil.rmtree(folder)


def test_a_book_past_the_packed_keys_fields_is_read_by_the_arrow_reader(tmp_path, metrics, monkeypatch):
    path = _book_folder(tmp_path / "usage")
    arrow = _outcome(path, metrics, Engine("arrow"))
    monkeypatch.setattr(duck_sql, "ACCOUNT_BITS", 1)  # room for one account's place: the book has four
    assert not duck._packs(duck.Window.of(_reading(metrics)))
    assert _outcome(path, metrics, Engine("duckdb")) == arrow


def _reading(metrics):
    from generator.usage.read import Reading
    from generator.usage.summary import Usage

    return Reading(metrics, BOOK, Usage(AS_OF, AS_OF - timedelta(days=89)))


def test_the_plan_is_the_same_whichever_engine_reads_the_usage(capsys):
    plans = []
    for name in ENGINES:
        assert main(["plan", str(ROOT / "accounts" / "brightline-studio.yaml"), "--usage", str(SAMPLE_USAGE),
                     "--usage-engine", name, "--as-of", "2026-12-01", "--json"]) == 0
        plans.append(json.loads(capsys.readouterr().out))
    assert plans[0]["measured"]
    assert plans[1] == plans[0]
    assert plans[2] == plans[0]
