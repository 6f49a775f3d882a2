"""The usage contract's long form: CSV and Parquet files and folders read into a summary, bad data located."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.usage import read as read_module
from generator.usage.read import read_usage
from usage_files import AS_OF, write_csv, write_parquet

BOOK = frozenset({"acme", "globex"})


def _read(path, metrics, engine, accounts=BOOK, lookback=60):
    return read_usage(path, metrics, accounts, AS_OF, lookback, engine=engine)


def _problems(path, metrics, engine) -> list[str]:
    with pytest.raises(UserError) as caught:
        _read(path, metrics, engine)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("row", "says"), [
    ("acme,2026-11-30,,pages_creatd,3", "metric 'pages_creatd' is not defined (did you mean 'pages_created'?)"),
    ("acme,2026-11-31,,pages_created,3", "day '2026-11-31' is not a date (YYYY-MM-DD)"),
    ("acme,30/11/2026,,pages_created,3", "day '30/11/2026' is not a date (YYYY-MM-DD)"),
    ("acme,2026-11-30,,pages_created,-1", "value '-1' is not a number of zero or more"),
    ("acme,2026-11-30,,pages_created,nan", "value 'nan' is not a number of zero or more"),
    ("acme,2026-11-30,,pages_created,", "value (empty) is not a number of zero or more"),
    (",2026-11-30,,pages_created,3", "account_id is empty"),
])
def test_a_bad_row_is_an_error_at_its_file_and_row(tmp_path, metrics, engine, row, says):
    path = write_csv(tmp_path / "usage" / "2026-11.csv", ["acme,2026-11-29,,pages_created,1", row])
    assert _problems(path, metrics, engine) == [f"{path}:row 3: {says}"]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path, metrics, engine):
    write_csv(tmp_path / "a.csv", ["acme,2026-11-31,,pages_created,3"])
    write_csv(tmp_path / "b.csv", ["acme,2026-11-30,,pages,3", "acme,2026-11-30,,pages_created,x"])
    found = _problems(tmp_path, metrics, engine)
    assert [p.split(": ", 1)[0].rsplit("/", 1)[1] for p in found] == ["a.csv:row 2", "b.csv:row 2", "b.csv:row 3"]


def test_past_the_first_rows_bad_rows_are_counted(tmp_path, metrics, engine):
    path = write_csv(tmp_path / "u.csv", [f"acme,2026-11-30,,nope,{i}" for i in range(25)])
    found = _problems(path, metrics, engine)
    assert len(found) == 21
    assert f"{path}: 5 more rows with problems like the ones above" in found


def test_rows_for_accounts_the_book_lacks_are_counted_not_used(tmp_path, metrics, engine):
    path = write_csv(tmp_path / "u.csv", ["acme,2026-11-30,,pages_created,3", "initech,2026-11-30,,pages_created,3",
                                          "initech,2026-11-29,,pages_created,3",
                                          "umbrella,2026-11-29,,pages_created,1"])
    usage = _read(path, metrics, engine)
    assert dict(usage.unknown) == {"initech": 2, "umbrella": 1}
    assert set(usage.accounts) == {"acme"}


def test_data_after_as_of_is_never_used(tmp_path, metrics, engine):
    after = AS_OF + timedelta(days=1)
    path = write_csv(tmp_path / "u.csv", [f"acme,{AS_OF},,pages_created,3", f"acme,{after},,pages_created,50",
                                          f"acme,{after},,licensed_seats,900"])
    usage = _read(path, metrics, engine)
    assert usage.after_as_of == 2
    assert usage.accounts["acme"].series == {(None, "pages_created"): {AS_OF: 3.0}}
    assert usage.accounts["acme"].seen == {"pages_created"}


def test_rows_before_the_window_say_the_metric_exists_but_are_not_kept(tmp_path, metrics, engine):
    old = AS_OF - timedelta(days=60)
    path = write_csv(tmp_path / "u.csv", [f"acme,{old},,runbook_editors,4",
                                          f"acme,{old + timedelta(1)},,pages_created,1"])
    account = _read(path, metrics, engine).accounts["acme"]
    assert account.seen == {"runbook_editors", "pages_created"}
    assert account.series == {(None, "pages_created"): {old + timedelta(1): 1.0}}


def test_counts_of_one_day_add_up_and_people_take_the_largest(tmp_path, metrics, engine):
    path = write_csv(tmp_path / "u.csv", ["acme,2026-11-30,,pages_created,3", "acme,2026-11-30,,pages_created,4",
                                          "acme,2026-11-30,Eng,active_users,10", "acme,2026-11-30,Eng,active_users,7"])
    series = _read(path, metrics, engine).accounts["acme"].series
    assert series[(None, "pages_created")] == {date(2026, 11, 30): 7.0}
    assert series[("Eng", "active_users")] == {date(2026, 11, 30): 10.0}


ROWS = [("acme", date(2026, 11, 30), None, "pages_created", 3.0),
        ("acme", date(2026, 11, 30), "Eng", "active_users", 12.0),
        ("globex", date(2026, 11, 2), "Ops", "runbook_editors", 2.0),
        ("initech", date(2026, 11, 2), None, "pages_created", 1.0)]


def test_parquet_and_csv_of_the_same_rows_give_the_same_summary(tmp_path, metrics, engine):
    parquet = write_parquet(tmp_path / "u.parquet", ROWS)
    csv = write_csv(tmp_path / "u.csv", [f"{a},{d},{dept or ''},{m},{v:g}" for a, d, dept, m, v in ROWS])
    a, b = _read(parquet, metrics, engine), _read(csv, metrics, engine)
    assert a.accounts == b.accounts
    assert a.unknown == b.unknown


def test_a_folder_partitioned_by_account_gives_each_file_its_account(tmp_path, metrics, engine):
    header = "day,department,metric,value"
    write_csv(tmp_path / "account_id=acme" / "2026-11.csv", ["2026-11-30,,pages_created,3"], header)
    write_csv(tmp_path / "account_id=globex" / "month=11" / "part.csv", ["2026-11-30,,pages_created,5"], header)
    usage = _read(tmp_path, metrics, engine)
    assert {a: u.series[(None, "pages_created")] for a, u in usage.accounts.items()} == {
        "acme": {date(2026, 11, 30): 3.0}, "globex": {date(2026, 11, 30): 5.0}}


@pytest.mark.parametrize(("header", "says"), [
    ("account_id,day,metric,vaule", "unknown column 'vaule' (did you mean 'value'?)"),
    ("account_id,day,metric", "missing column(s): value"),
    ("day,metric,value", "missing column(s): account_id (or a folder account_id=<id> above the file)"),
])
def test_columns_are_the_contract(tmp_path, metrics, engine, header, says):
    path = write_csv(tmp_path / "u.csv", [",".join("x" * len(header.split(",")))], header)
    assert says in "\n".join(_problems(path, metrics, engine))


def test_a_damaged_parquet_file_is_an_error_at_the_file(tmp_path, metrics, engine):
    path = write_parquet(tmp_path / "u.parquet", ROWS)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    [problem] = _problems(path, metrics, engine)
    assert problem.startswith(f"{path}: the file cannot be read as Parquet usage data: ")


def test_a_file_past_the_limit_is_refused_before_it_is_read(tmp_path, metrics, engine, monkeypatch):
    path = write_csv(tmp_path / "big.csv", ["acme,2026-11-30,,pages_created,3"] * 200)
    monkeypatch.setattr(read_module, "MAX_FILE_BYTES", 1000)
    [problem] = _problems(path, metrics, engine)
    assert problem.startswith(f"{path}: the file is 0 MB; a usage file may be at most 0 MB")


def test_the_limit_is_a_gigabyte():
    assert read_module.MAX_FILE_BYTES == 1024 ** 3


@pytest.mark.parametrize("name", ["usage.xlsx", "missing"])
def test_a_path_that_is_no_usage_data_is_an_error(tmp_path, metrics, engine, name):
    path = tmp_path / name
    if name.endswith("xlsx"):
        path.write_text("x")
    assert len(_problems(path, metrics, engine)) == 1


ROW = st.tuples(st.sampled_from(["acme", "globex"]), st.integers(-20, 20).map(lambda n: AS_OF + timedelta(days=n)),
                st.sampled_from([None, "Eng"]), st.sampled_from(["pages_created", "active_users", "licensed_seats"]),
                st.integers(0, 500).map(float))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, max_size=40))
def test_rows_after_as_of_change_nothing_but_their_count(tmp_path_factory, metrics, engine, rows):
    folder = tmp_path_factory.mktemp("after")
    every = _read(write_parquet(folder / "every.parquet", rows), metrics, engine)
    before = _read(write_parquet(folder / "before.parquet", [r for r in rows if r[1] <= AS_OF]), metrics, engine)
    assert every.accounts == before.accounts
    assert every.after_as_of == sum(1 for r in rows if r[1] > AS_OF)
