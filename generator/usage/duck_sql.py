"""The DuckDB engine's queries, built from this module's own text and the contract's column names only.

Everything that comes from outside (file paths, account ids, metric ids, dates) is a parameter (``$name``) or a
table registered through the relation API (``files``, ``book``); a file's columns are named only once the
column check has found them to be the contract's. Each shape of file (Parquet or CSV, and the kinds of its
columns) is read by one table function over all its files, and its values are made what the Arrow reader
makes them: the same dates, numbers and bad rows.
"""

from __future__ import annotations

from .groups import AFTER, BAD, KEPT, KEPT_KEYS, SEEN, UNKNOWN
from .tables import DATE, NUMBER, TableFile

# A text day is a day when it names a real one and prints back as written (2026-02-30 is none).
_TEXT_DAY = ("CASE WHEN strftime(TRY_CAST(CAST(t.day AS VARCHAR) AS DATE), '%Y-%m-%d') = CAST(t.day AS VARCHAR) "
             "THEN TRY_CAST(CAST(t.day AS VARCHAR) AS DATE) END")
_PARQUET = "read_parquet(${files}, filename = true, file_row_number = true, union_by_name = true, " \
           "hive_partitioning = false)"
# A CSV file as the Arrow reader takes it: a header row, commas, double quotes, every cell text, an empty one none.
_CSV = "read_csv(${files}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', " \
       "union_by_name = true, filename = true, hive_partitioning = false)"


# The packed key's fields, from the lowest bits: days back from the as-of date, metric, account, class.
DAY_BITS, METRIC_BITS, ACCOUNT_BITS = 16, 10, 28
METRIC_SHIFT, ACCOUNT_SHIFT = DAY_BITS, DAY_BITS + METRIC_BITS
CLASS_SHIFT = ACCOUNT_SHIFT + ACCOUNT_BITS
_RAW = ", t.day AS raw_day, t.metric AS raw_metric, t.value AS raw_value"


def shape_rows(file: TableFile, files_param: str, *, raw: bool = False) -> str:
    """The rows of every file of ``file``'s shape, read by one table function over the list ``files_param``; with
    ``raw``, also the day, metric and value as the file has them (to name a bad row's)."""
    kinds = dict(file.kinds)
    account = "CAST(t.account_id AS VARCHAR)" if "account_id" in kinds else "f.partition"
    department = "NULLIF(CAST(t.department AS VARCHAR), '')" if "department" in kinds else "CAST(NULL AS VARCHAR)"
    day = "CAST(t.day AS DATE)" if kinds["day"] == DATE else _TEXT_DAY
    if kinds["value"] == NUMBER:
        value = "CAST(t.value AS DOUBLE)"
        value_ok = f"coalesce(isfinite({value}) AND {value} >= 0, false)"
    else:
        value_ok = "coalesce(regexp_matches(CAST(t.value AS VARCHAR), $number), false)"
        value = "coalesce(TRY_CAST(CAST(t.value AS VARCHAR) AS DOUBLE), 0)"
    row = "t.file_row_number + 1" if file.parquet else "CAST(NULL AS BIGINT)"  # a Parquet file's rows count from 1
    source = (_PARQUET if file.parquet else _CSV).replace("{files}", files_param)
    # A file's id is joined to its rows only where the folder names their account: elsewhere the file's path is
    # kept for bad rows alone (joining every row on its path costs more than reading it).
    if "account_id" in kinds and not raw:
        return (f"SELECT CAST(NULL AS INTEGER) AS file_id, t.filename AS source, {row} AS row_number, "
                f"{account} AS account_id, {department} AS department, CAST(t.metric AS VARCHAR) AS metric, "
                f"{day} AS day, {value_ok} AS value_ok, {value} AS value{_RAW if raw else ''} FROM {source} AS t")
    return (f"SELECT f.file_id, CAST(NULL AS VARCHAR) AS source, {row} AS row_number, {account} AS account_id, "
            f"{department} AS department, CAST(t.metric AS VARCHAR) AS metric, {day} AS day, "
            f"{value_ok} AS value_ok, {value} AS value{_RAW if raw else ''} "
            f"FROM {source} AS t JOIN files AS f ON f.path = t.filename")


def flagged(rows: str) -> str:
    """The rows with which of their day, value, metric and account id are bad."""
    return ("SELECT *, bad_day OR bad_value OR bad_metric OR bad_account AS bad FROM ("
            "SELECT *, day IS NULL AS bad_day, NOT value_ok AS bad_value, "
            "NOT coalesce(list_contains($metrics, metric), false) AS bad_metric, "
            f"coalesce(account_id = '', true) AS bad_account FROM ({rows}))")


def grouped(rows: str, *, trend: bool) -> str:
    """Every row sorted by what becomes of it (``groups``) and grouped: the one pass over the book's files."""
    near = ("(list_contains($seats, r.metric) AND list_contains($ends, last_day(r.day)) "
            "AND date_diff('day', r.day, last_day(r.day)) < $stale)") if trend else "false"
    classified = (f"SELECT r.*, b.idx AS account, CAST(list_position($metrics, r.metric) - 1 AS INTEGER) AS mi, "
                  f"CASE WHEN r.bad THEN {BAD} WHEN b.id IS NULL THEN {UNKNOWN} "
                  f"WHEN r.day > $as_of THEN {AFTER} WHEN r.day >= $start OR {near} THEN {KEPT} ELSE {SEEN} "
                  "END AS class "
                  f"FROM ({flagged(rows)}) AS r LEFT JOIN book AS b ON b.id = r.account_id")
    # Class, account (or a bad row's file), metric and day (as days back from the as-of date) are packed into one
    # integer: DuckDB groups and sorts one number instead of five keys, and sorted by it the kept rows come by
    # account, as the summary holds them. A bad row's file is found by its path only for bad rows.
    place = (f"CASE WHEN class IN ({_classes('account')}) THEN account WHEN class = {BAD} THEN "
             "coalesce(file_id, list_extract($path_ids, list_position($paths, source))) ELSE 0 END")
    packed = " | ".join(f"(CAST({column} AS BIGINT) << {shift})" for column, shift in (
        ("class", CLASS_SHIFT), (place, ACCOUNT_SHIFT), (_kept_value("metric", "mi"), METRIC_SHIFT),
        (_kept_value("day", "date_diff('day', day, $as_of)"), 0)))
    grouped_rows = (f"SELECT {packed} AS key, {_kept('account_id', 'account_id')}, "
                    f"{_kept('department', 'department')}, CASE WHEN class = {BAD} THEN 0 ELSE value END AS v "
                    f"FROM ({classified})")
    kind = f"(key >> {CLASS_SHIFT})"
    bad_file = f"CASE WHEN {kind} = {BAD} THEN CAST((key >> {ACCOUNT_SHIFT}) & {2 ** ACCOUNT_BITS - 1} AS INTEGER) END"
    return (f'SELECT CAST({kind} AS TINYINT) AS "class", {bad_file} AS file_id, account_id, '
            f"{_unpacked('account', kind, ACCOUNT_SHIFT, ACCOUNT_BITS)} AS account, department, "
            f"{_unpacked('metric', kind, METRIC_SHIFT, METRIC_BITS)} AS metric, "
            f"CAST($as_of AS DATE) - {_unpacked('day', kind, 0, DAY_BITS)} AS day, value, n FROM ("
            # A day's value: the largest for people and gauges, the sum for counts (as Usage.finish takes it).
            f"SELECT key, account_id, department, CASE WHEN list_contains($largest, "
            f"CAST((key >> {METRIC_SHIFT}) & {2 ** METRIC_BITS - 1} AS INTEGER)) THEN max(v) ELSE sum(v) END AS value, "
            f"count(*) AS n FROM ({grouped_rows}) GROUP BY key, account_id, department) ORDER BY key")


def _classes(name: str) -> str:
    return ", ".join(str(c) for c, names in KEPT_KEYS.items() if name in names or name == "class")


def _kept(name: str, column: str) -> str:
    return f"CASE WHEN class IN ({_classes(name)}) THEN {column} END AS {name}"


def _kept_value(name: str, column: str) -> str:
    return f"CASE WHEN class IN ({_classes(name)}) THEN {column} ELSE 0 END"


def _unpacked(name: str, kind: str, shift: int, bits: int) -> str:
    return f"CASE WHEN {kind} IN ({_classes(name)}) THEN CAST((key >> {shift}) & {2 ** bits - 1} AS INTEGER) END"


def located(rows: str) -> str:
    """The first bad rows of each of the files ``$bad_files``, with their values as read."""
    return (f"SELECT file_id, row_number, raw_day, raw_metric, raw_value, bad_day, bad_value, bad_metric, "
            f"bad_account FROM ({flagged(rows)}) WHERE bad AND list_contains($bad_files, file_id) "
            "QUALIFY row_number() OVER (PARTITION BY file_id ORDER BY row_number) <= $room "
            "ORDER BY file_id, row_number")
