"""Segment events read by DuckDB (the duckdb engine) give what the Python reader (the arrow engine's) gives, on any
mix of events, odd ones and bad lines: the same summary, counts and problems at the same lines."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.usage import segment_duck
from generator.usage.checks import MAX_LOCATED
from generator.usage.metrics import MetricsFile
from generator.usage.read import Engine, read_usage
from generator.usage.segment import MAX_LINE_BYTES
from usage_files import AS_OF, write_csv

BOOK = frozenset({"acme", "globex", "ACC-10042"})
MISSING = object()  # a field left out of the event


def _outcome(path: Path, metrics, engine: str, book=BOOK):
    """What one reader makes of the events: every count, the summary's tables and mapping, or the problems."""
    try:
        usage = read_usage(path, metrics, book, AS_OF, 90, engine=Engine(engine))
    except UserError as caught:
        return [str(p) for p in caught.problems]
    accounts = usage.accounts
    tables = [sorted(tuple(map(str, row.values())) for row in t.to_pylist())
              for t in (accounts.daily, accounts.trend)]  # type: ignore[attr-defined]
    mapping = {a: (u.series, u.seen, u.trend) for a, u in accounts.items()}
    return (usage.rows, dict(usage.unknown), usage.after_as_of, usage.skipped_calls, usage.no_account, usage.files,
            tables, mapping)


def _same(path: Path, metrics, book=BOOK):
    duck = _outcome(path, metrics, "duckdb", book)
    assert duck == _outcome(path, metrics, "arrow", book)
    return duck


@pytest.fixture
def duckdb_alone(monkeypatch):
    """DuckDB must read these events itself: the Python reader it falls back on fails the test."""
    def refused(*args, **kwargs):
        raise AssertionError("the DuckDB reader fell back on the Python reader")

    monkeypatch.setattr(segment_duck, "read_events", refused)
    monkeypatch.setattr(segment_duck, "check_events", refused)


def _stamp(day: date, form: int, hour: int) -> str:
    """A time on ``day`` in one of the forms Segment and ISO 8601 write (some with a zone that moves the day)."""
    return [f"{day}T{hour:02d}:12:44.120Z", f"{day}T{hour:02d}:30:00-05:00", f"{day}T{hour:02d}:05:00+09:30",
            f"{day}T{hour:02d}:00:00", f"{day}", f"{day} {hour:02d}:59:59+0100", f"{day}T{hour:02d}:07-11",
            f"{day}T{hour:02d}", f"{day}T{hour:02d}:01:02,5+00:00", f"{day}T{hour:02d}:01:02.123456789Z"][form]


def _put(event: dict, key: str, value: object) -> None:
    if value is not MISSING:
        event[key] = value


@st.composite
def good_line(draw) -> str:
    """An event line the Python reader reads without a problem: track events with odd fields, other calls."""
    event: dict = {}
    _put(event, "type", draw(st.sampled_from(["track"] * 6 + ["identify", "page", None, MISSING, 7, "Track"])))
    _put(event, "event", draw(st.sampled_from(["Page Created", "Page Edited", "Page Viewed", "Signed In",
                                               "Checklist Completed", "Something Else"])))
    _put(event, "userId", draw(st.sampled_from(["u1", "u2", "u3", "ü4", None, MISSING, "", 5])))
    day = AS_OF + timedelta(days=draw(st.integers(-400, 3)))
    _put(event, "timestamp", _stamp(day, draw(st.integers(0, 9)), draw(st.integers(0, 23))))
    properties: dict = {}
    for key, values in (("template", ["runbook", "prd", "doc", "onboarding", True, 1, ["runbook"], None, MISSING]),
                        ("method", ["sso", "SSO", "sso ", MISSING]), ("space", ["wiki", MISSING]),
                        ("department", ["Eng", "Ops", "", None, 3, MISSING, MISSING])):
        _put(properties, key, draw(st.sampled_from(values)))
    _put(event, "properties", draw(st.sampled_from([properties, properties, [], "x", None, MISSING])))
    traits = draw(st.sampled_from([{"department": "Ops"}, {"department": None}, {}, 3, MISSING]))
    context: dict = {}
    _put(context, "groupId", draw(st.sampled_from(["acme", "globex", "ACC-10042", "initech", "", None, 5, MISSING])))
    _put(context, "traits", traits)
    _put(event, "context", draw(st.sampled_from([context, context, context, "acme", None, MISSING])))
    return json.dumps(event, ensure_ascii=draw(st.booleans()))


# Lines the Python reader refuses, or reads though DuckDB might not read them alike (the Python reader decides).
ODD_LINES = ["{not json", "[1, 2]", "3", '"x"', "", "   ", '{"type": "track", "timestamp": "2026-11-30T10:00:00Z"}',
             '{"type": "track", "event": "", "timestamp": "2026-11-30"}', '{"type": "track", "event": 5}',
             '{"type": "track", "event": "Page Created"}', '{"type": "track", "event": "Page Created", "timestamp": 9}',
             '{"type": "track", "event": "Page Created", "timestamp": "yesterday"}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-02-30T00:00:00Z"}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30T24:00:00Z"}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30t10:00:00z"}',
             '{"type": "track", "event": "Page Created", "timestamp": "0001-01-01T00:00:00+01:00"}',
             # good for Python, in forms the query leaves to it
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30T10:00:00.Z", '
             '"context": {"groupId": "acme"}}',
             '{"type": "page", "type": "track", "event": "Page Created", "timestamp": "2026-11-30", '
             '"context": {"groupId": "acme"}}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30", "context": {"groupId": "acme", '
             '"groupId": "globex"}}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30", "properties": {"n": NaN}, '
             '"context": {"groupId": "acme"}}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30", "properties": {"n": nan}}',
             '{"type": "track", "event": "Page Created", "timestamp": "2026-11-30", "properties": {"n": 1,}}',
             '{"type": "track", "event": "Page Created", "userId": "a\\u0000b", "timestamp": "2026-11-30", '
             '"context": {"groupId": "acme"}}',
             '{"type": "identify", "deep": ' + "[" * 1200 + "]" * 1200 + "}"]

FILES = st.lists(st.lists(st.one_of(good_line(), good_line(), st.sampled_from(ODD_LINES)), max_size=25),
                 min_size=1, max_size=3)
GOOD_FILES = st.lists(st.lists(good_line(), max_size=40), min_size=1, max_size=3)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _write(folder: Path, files: list[list[str]]) -> Path:
    for i, lines in enumerate(files):
        (folder / f"events-{i}.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return folder


@SETTINGS
@given(GOOD_FILES)
def test_duckdb_reads_any_good_events_itself_as_the_python_reader_does(tmp_path_factory, metrics, duckdb_alone,
                                                                        files):
    folder = _write(tmp_path_factory.mktemp("events"), files)
    _same(folder, metrics)
    shutil.rmtree(folder)


@SETTINGS
@given(FILES)
def test_duckdb_and_python_agree_on_any_events_odd_or_bad(tmp_path_factory, metrics, files):
    folder = _write(tmp_path_factory.mktemp("events"), files)
    _same(folder, metrics)
    shutil.rmtree(folder)


def _track(day: date, account: str = "acme", user: str = "u1", properties: dict | None = None) -> str:
    return json.dumps({"type": "track", "event": "Page Created", "userId": user, "timestamp": f"{day}T10:00:00Z",
                       "properties": properties or {}, "context": {"groupId": account}})


def test_every_kind_of_odd_line_is_located_alike(tmp_path, metrics):
    lines = [_track(AS_OF), *ODD_LINES]
    problems = _same(_write(tmp_path, [lines]), metrics)
    assert f"{tmp_path / 'events-0.jsonl'}:2: not a JSON object: Expecting property name" in problems[0]


def test_an_over_long_line_is_an_error_at_its_line_and_the_next_lines_keep_their_numbers(tmp_path, metrics):
    long = json.dumps({"type": "track", "pad": "x" * (2 * MAX_LINE_BYTES + 10)})
    problems = _same(_write(tmp_path, [[_track(AS_OF), long, _track(AS_OF), "{bad"]]), metrics)
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["2", "4"]
    assert "longer than 1,048,576 bytes" in problems[0]


def test_bad_lines_past_the_first_few_are_counted(tmp_path, metrics):
    problems = _same(_write(tmp_path, [["{bad"] * (MAX_LOCATED + 7) + [_track(AS_OF)]]), metrics)
    assert len(problems) == MAX_LOCATED + 1
    assert f"{tmp_path / 'events-0.jsonl'}: 7 more lines with problems like the ones above" in problems


def test_line_endings_blank_lines_and_an_empty_file_read_alike(tmp_path, metrics, duckdb_alone):
    crlf = "\r\n".join([_track(AS_OF), "", _track(AS_OF, user="u2")]) + "\r\n"
    (tmp_path / "crlf.jsonl").write_bytes(crlf.encode())
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "last.jsonl").write_bytes(f"\n \t\n{_track(AS_OF)}".encode())
    outcome = _same(tmp_path, metrics)
    assert outcome[0] == 3


def test_lines_split_where_python_does_not_split_them_are_read_by_python(tmp_path, metrics):
    (tmp_path / "cr.jsonl").write_bytes(f"{_track(AS_OF)}\r{_track(AS_OF)}\r".encode())  # one line to Python
    problems = _same(tmp_path, metrics)
    assert problems == [f"{tmp_path / 'cr.jsonl'}:1: not a JSON object: Extra data"]


def test_a_byte_order_mark_and_bad_utf8_read_alike(tmp_path, metrics):
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + _track(AS_OF).encode() + b"\n")
    assert _same(tmp_path, metrics)[0] == 1
    latin = _track(AS_OF, user="cafe").encode().replace(b"cafe", b"caf\xe9")  # a Latin-1 e acute: no UTF-8
    (tmp_path / "latin.jsonl").write_bytes(latin + b"\n")
    assert "latin.jsonl:1: not a JSON object" in _same(tmp_path, metrics)[0]


def _metrics(where: dict) -> MetricsFile:
    return MetricsFile.model_validate({
        "version": 1, "seats": {"active": "people"},
        "metrics": [{"id": "people", "title": "People", "measure": "distinct_users"},
                    {"id": "tested", "title": "Tested", "measure": "count", "events": ["Page Created"],
                     "where": where}]})


@pytest.mark.parametrize("where", [
    {"a/b": "x", "c~d": "y"}, {"it's": "'; DROP TABLE seg; --"}, {'"quoted"': 1}, {"0": True}, {"$.x": "x"},
    {"big": 2 ** 70}, {"n": -3}, {"flag": False}])
def test_metric_definitions_are_parameters_whatever_their_text(tmp_path, where):
    metrics = _metrics(where)
    other = {k: f"{v} " for k, v in where.items()}  # a text, and not the same one
    lines = [_track(AS_OF, properties=where), _track(AS_OF, user="u2", properties=other),
             _track(AS_OF - timedelta(days=1), account="globex", properties={k: [v] for k, v in where.items()})]
    outcome = _same(_write(tmp_path, [lines]), metrics)
    assert outcome[7]["acme"][0][(None, "tested")] == {AS_OF: 1.0}


def test_events_and_long_form_rows_in_one_folder_read_alike(tmp_path, metrics, duckdb_alone):
    write_csv(tmp_path / "rows.csv", [f"acme,{AS_OF},Eng,pages_created,4", f"acme,{AS_OF},,active_users,9"])
    _write(tmp_path, [[_track(AS_OF, properties={"department": "Eng"}), _track(AS_OF, user="u2")]])
    outcome = _same(tmp_path, metrics)
    assert outcome[7]["acme"][0][("Eng", "pages_created")] == {AS_OF: 5.0}


STAMPS = st.builds(
    "{}-{}-{}{}".format, st.sampled_from(["2026", "0001", "9999", "1999", "2024"]),
    st.sampled_from(["01", "02", "11", "12", "13", "00"]), st.sampled_from(["01", "28", "29", "30", "31", "00"]),
    st.one_of(st.just(""), st.builds(
        "{}{}{}{}{}".format, st.sampled_from(["T", " ", "t", "_"]), st.sampled_from(["00", "09", "23", "24"]),
        st.sampled_from(["", ":00", ":59", ":60", ":07:44", ":07:60", ":59:59.1", ":01:02,123456789", "07"]),
        st.sampled_from(["", ".", ".5"]),
        st.sampled_from(["", "Z", "z", "+00:00", "-05:00", "+23:59", "+24:00", "-0330", "+05", "-11:5", "+05:30:10"]))))


@settings(max_examples=300, deadline=None)
@given(st.lists(STAMPS, min_size=1, max_size=20))
def test_a_day_duckdb_reads_from_a_timestamp_is_the_one_python_reads(stamps):
    """Soundness of the query's timestamps: where it names a day, it is Python's (where it names none, the line is
    left to the Python reader, which decides)."""
    import duckdb

    from generator.usage.segment import _day
    from generator.usage.segment_sql import _stamped

    con = duckdb.connect()
    rows = con.sql(_stamped("SELECT ts FROM (SELECT unnest($stamps) AS ts)"), params={"stamps": stamps}).fetchall()
    for row in rows:
        ts, day = row[0], row[-1]
        if day is not None:
            assert day == _day(ts), ts
    con.close()
