"""The queries that read Segment events with DuckDB, built from this module's own text and parameters only.

Each line is read as text (a CSV of one column, no quotes and a delimiter no JSON line holds), so that the line
is seen as Python's reader sees it, and is parsed by DuckDB's JSON functions. A line is classed as Python's reader
would class it (a track event, another call, an event without an account...), or as ``ODD``: anything DuckDB could
read otherwise than Python's ``json.loads`` and ``datetime.fromisoformat`` (a line too long, not strict JSON,
duplicate keys, a timestamp in a form this module does not parse): a file with such a line is read by Python.

Metric definitions (event names, property names and values) are parameters: ``$events_3``, ``$where_3_0``, the
property names as JSON pointers in ``$keys``; the SQL names them by their place only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .metrics import Metric

BLANK, ODD, SKIPPED, NO_ACCOUNT, UNKNOWN, AFTER, EVENT = range(7)
# A line as it is: '\x01' is the delimiter since a JSON line cannot hold it (a control character outside a string
# is no JSON, and one inside a string is refused by the check below); no quotes, no comments.
LINES = ("read_csv($files, columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', "
         "escape = '', comment = '', auto_detect = false, filename = true, hive_partitioning = false, "
         "max_line_size = $max_line)")
# What DuckDB's JSON parser takes and Python's does not: trailing commas, NaN and Infinity in any spelling (Python
# takes only NaN, Infinity, -Infinity: they are left to it too); and an escaped NUL, which a DuckDB text may not
# compare as Python's. (Both refuse control characters.)
LENIENT = r",[ \t\n\r]*[\]}]|[:\[,][ \t\n\r]*[-+]?(?i:nan|inf)|\\u0000"
OBJECT = r"^[ \t\r\n]*\{"  # a JSON line that is an object (it is valid JSON: its first character says)
# The timestamps read here, each checked against datetime.fromisoformat: a date, or a date and time (an hour,
# minutes, seconds, up to 9 digits of a second), with 'Z' or an offset (+05, +0530, +05:30) or none.
STAMP = (r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?"
         r"(Z|([+-])(\d{2})(?::?(\d{2}))?)?)?$")
STAMP_PARTS = ["y", "mo", "d", "h", "mi", "s", "zone", "sign", "zh", "zm"]
DEEP = 400  # brackets in a line past which Python's recursive parser may give up: the line is left to it
GROUP_ID = "json_extract(c, '$.groupId')"
TOP = "['$.type', '$.event', '$.userId', '$.timestamp', '$.properties', '$.context']"


def _stamped(rows: str) -> str:
    """The rows with ``day``: the UTC day of their timestamp ``ts``, NULL when it is not one this module reads."""
    number = "coalesce(TRY_CAST(NULLIF(st.{0}, '') AS INTEGER), 0) AS {0}"
    parts = ", ".join(number.format(p) for p in ("y", "h", "mi", "s", "zh", "zm"))
    split = (f"SELECT *, {parts}, st.y || '-' || st.mo || '-' || st.d AS ymd, st.sign FROM (SELECT *, "
             f"regexp_extract(ts, '{STAMP}', {STAMP_PARTS}) AS st FROM ({rows}))")
    valid = "y BETWEEN 2 AND 9998 AND h <= 23 AND mi <= 59 AND s <= 59 AND zh <= 23 AND zm <= 59"
    real = "strftime(TRY_CAST(ymd AS DATE), '%Y-%m-%d') = ymd"  # 2026-02-30 is no day
    offset = "(CASE WHEN sign = '-' THEN -1 ELSE 1 END) * (zh * 60 + zm)"
    # The offset moves the time by whole minutes: back a day, or on one (+ 2880 keeps the division positive).
    shift = f"CAST((h * 60 + mi - {offset} + 2880) // 1440 - 2 AS INTEGER)"
    return f"SELECT *, CASE WHEN {valid} AND {real} THEN CAST(ymd AS DATE) + {shift} END AS day FROM ({split})"


def _text(json: str) -> str:
    """A JSON value as text when it is a non-empty string, else NULL (as the reader takes ids and names)."""
    return f"CASE WHEN json_type({json}) = 'VARCHAR' THEN NULLIF(json_extract_string({json}, '$'), '') END"


def _twice(json: str) -> str:
    """Whether an object names a key twice (Python keeps the last value, DuckDB the first)."""
    return f"(json_type({json}) = 'OBJECT' AND len(json_keys({json})) <> list_unique(json_keys({json})))"


@dataclass(frozen=True)
class Compiled:
    """The metrics' tests as SQL over an event's name ``name`` and its properties' values ``w`` (a list of JSON,
    one per property name in ``keys``), and the parameters they name."""

    matches: str
    params: dict[str, Any]
    keys: bool  # whether any metric tests a property


def compile_metrics(metrics: list[Metric]) -> Compiled | None:
    """Which of ``metrics`` (their places) an event counts for, as a list; None when a value is past what DuckDB
    compares as Python does (an integer past 64 bits)."""
    keys = sorted({k for m in metrics for k in m.where})
    params: dict[str, Any] = {"keys": [_pointer(k) for k in keys]} if keys else {}
    tests = []
    for i, metric in enumerate(metrics):
        if metric.measure == "gauge":
            continue
        conditions = []
        if metric.events:
            params[f"events_{i}"] = list(metric.events)
            conditions.append(f"list_contains($events_{i}, name)")
        for j, (key, value) in enumerate(sorted(metric.where.items())):
            test = _where(f"w[{keys.index(key) + 1}]", f"$where_{i}_{j}", value)
            if test is None:
                return None
            params[f"where_{i}_{j}"] = str(value).lower() if isinstance(value, bool) else value
            conditions.append(test)
        tests.append(f"CASE WHEN {' AND '.join(conditions) or 'true'} THEN {i} END")
    matches = f"list_filter([{', '.join(tests)}], lambda x: x IS NOT NULL)" if tests else "[]"
    return Compiled(matches, params, bool(keys))


def _pointer(key: str) -> str:
    """A property name as a JSON pointer (RFC 6901): no name is ever SQL text."""
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _where(json: str, param: str, value: object) -> str | None:
    """A property that must have ``value``, of the same type (``true`` is not ``"true"``, 1 is not 1.0)."""
    if isinstance(value, bool):
        return f"(json_type({json}) = 'BOOLEAN' AND json_extract_string({json}, '$') = {param})"
    if isinstance(value, int):
        if not -2 ** 63 <= value < 2 ** 64:
            return None
        return (f"(json_type({json}) IN ('BIGINT', 'UBIGINT') "
                f"AND TRY_CAST(json_extract_string({json}, '$') AS HUGEINT) = {param})")
    return f"(json_type({json}) = 'VARCHAR' AND json_extract_string({json}, '$') = {param})"


def classified(compiled: Compiled) -> str:
    """Every line of ``$files`` with its file, class and, for an event, what it counts: the one pass over them."""
    track = "coalesce(json_type(type) = 'VARCHAR' AND json_extract_string(type, '$') = 'track', false)"
    odd = f"name IS NULL OR day IS NULL OR {_twice('c')} OR {_twice('p')} OR {_twice('traits')}"
    # Before the book is joined, so that the join carries narrow rows: what a line is, short of its account.
    kind = (f"CASE WHEN blank THEN {BLANK} WHEN odd THEN {ODD} WHEN NOT {track} THEN {SKIPPED} WHEN {odd} "
            f"THEN {ODD} WHEN account_id IS NULL THEN {NO_ACCOUNT} ELSE {EVENT} END")
    events = (f"SELECT file_id, kind, account_id, department, user_id, day, CASE WHEN kind = {EVENT} "
              f"THEN {compiled.matches} END AS matches FROM (SELECT *, {kind} AS kind FROM "
              f"({_event_fields(_named(), compiled.keys)}))")
    joined = (f"SELECT *, CASE WHEN kind <> {EVENT} THEN kind WHEN b.idx IS NULL THEN {UNKNOWN} WHEN day > $as_of "
              f"THEN {AFTER} ELSE {EVENT} END AS class FROM ({events}) AS e LEFT JOIN seg_book AS b "
              "ON b.id = e.account_id")
    return (f"SELECT CAST(class AS TINYINT) AS class, file_id, CASE WHEN class = {UNKNOWN} THEN account_id END "
            f"AS unknown_id, idx AS account, department, user_id, day, CASE WHEN class = {EVENT} THEN matches END "
            f"AS matches FROM ({joined})")


def _named() -> str:
    """Each line's file, whether it is blank or odd, and its top-level fields (as JSON), with the context's traits;
    the line itself goes no further."""
    parsed = (f"SELECT f.file_id, l.line, strlen(l.line) >= $max_bytes AS long, json_valid(l.line) AS ok "
              f"FROM {LINES} AS l JOIN seg_files AS f ON f.path = l.filename")
    # A line DuckDB cannot parse is not looked into further (the JSON functions would raise on it); JSON is never
    # blank, so only such a line is looked at for that.
    fields = ("SELECT file_id, long, ok, line, CASE WHEN ok THEN false ELSE line IS NULL OR trim(line, $space) = '' "
              f"END AS blank, CASE WHEN ok AND NOT long THEN json_extract(line, {TOP}) END AS top, "
              f"CASE WHEN ok AND NOT long THEN json_keys(line) END AS names FROM ({parsed})")
    brackets = "strlen(line) - strlen(replace(replace(line, '[', ''), '{', ''))"
    odd = (f"CASE WHEN long OR NOT ok THEN true ELSE NOT regexp_matches(line, '{OBJECT}') "
           "OR regexp_matches(line, $lenient) OR len(names) <> list_unique(names) "
           f"OR (strlen(line) > {2 * DEEP} AND {brackets} > {DEEP}) END")
    return ("SELECT file_id, blank, odd, top[1] AS type, top[2] AS event, top[3] AS user_json, top[4] AS stamp, "
            "top[5] AS p, top[6] AS c, CASE WHEN json_type(top[6]) = 'OBJECT' THEN json_extract(top[6], '$.traits') "
            f"END AS traits FROM (SELECT *, {odd} AS odd FROM ({fields}))")


def _event_fields(named: str, keys: bool) -> str:
    """The fields of a track event as the Python reader takes them: missing or odd ones as none."""
    props = "CASE WHEN json_type(p) = 'OBJECT' THEN json_extract(p, '$.department') END"
    traits = "CASE WHEN json_type(traits) = 'OBJECT' THEN json_extract(traits, '$.department') END"
    # properties.department when the properties name it at all (even as null), else the traits' department.
    department = _text(f"coalesce({props}, {traits})")
    # The properties the metrics test, in one parse of them (none when no metric tests any).
    values = "CASE WHEN json_type(p) = 'OBJECT' THEN json_extract(p, $keys) END" if keys else "CAST(NULL AS JSON[])"
    stamp = "CASE WHEN json_type(stamp) = 'VARCHAR' THEN json_extract_string(stamp, '$') END"
    return (f"SELECT *, {_text('event')} AS name, {_text('user_json')} AS user_id, {department} AS department, "
            f"CASE WHEN json_type(c) = 'OBJECT' THEN {_text(GROUP_ID)} END AS account_id, {values} AS w "
            f"FROM ({_stamped(f'SELECT *, {stamp} AS ts FROM ({named})')})")


# What the classed lines (the table ``seg``) come to, each query over them: an event once per metric it counts for.
EXPLODED = f"SELECT account, department, user_id, day, unnest(matches) AS m FROM seg WHERE class = {EVENT}"
# An event counts for its department (if it has one) and for the whole account (NULL).
WHERES = "unnest(CASE WHEN department IS NULL THEN [NULL] ELSE [department, NULL] END)"
WINDOW = "list_extract($windows, {}.m + 1)"  # a metric's window_days, by its place
SAME_KEY = "{a}.account = {b}.account AND {a}.department IS NOT DISTINCT FROM {b}.department AND {a}.m = {b}.m"

STATS = "SELECT class, file_id, unknown_id, count(*) AS n FROM seg GROUP BY ALL"
FIRST = f"SELECT account, min(day) AS first FROM seg WHERE class = {EVENT} GROUP BY account"
SEEN = f"SELECT DISTINCT account, m FROM ({EXPLODED})"
COUNTS = (f"SELECT account, department, m, day, count(*) AS n FROM (SELECT account, {WHERES} AS department, m, day "
          f"FROM ({EXPLODED}) WHERE list_contains($counts, m) AND day >= $start) GROUP BY ALL")
# Each of the stale_days up to the as-of date (as days back from it), the people with an event of the metric in its
# window up to it, for every account, department and metric with such an event in the days those windows reach
# back to (zero included): each event stands for the days back its window covers.
BACK = "date_diff('day', day, $as_of)"
PEOPLE = (f"WITH e AS (SELECT account, {WHERES} AS department, m, user_id, day FROM ({EXPLODED}) "
          "WHERE list_contains($people, m) AND user_id IS NOT NULL "
          "AND day > CAST($as_of AS DATE) - (list_extract($windows, m + 1) + $stale)), "
          "keys AS (SELECT DISTINCT account, department, m FROM e), "
          "hits AS (SELECT account, department, m, back, count(DISTINCT user_id) AS n FROM (SELECT account, "
          f"department, m, user_id, unnest(range(greatest(0, {BACK} - {WINDOW.format('e')} + 1), "
          f"least($stale - 1, {BACK}) + 1)) AS back FROM e) GROUP BY ALL), "
          "days AS (SELECT b AS back FROM range($stale) AS t(b)) "
          "SELECT k.account, k.department, k.m, CAST($as_of AS DATE) - CAST(d.back AS INTEGER) AS day, "
          "coalesce(h.n, 0) AS n FROM keys AS k CROSS JOIN days AS d "
          f"LEFT JOIN hits AS h ON {SAME_KEY.format(a='h', b='k')} AND h.back = d.back")
# The window's daily values, counts and people (their metrics differ, so no key is in both), by account: the order
# the summary keeps them in, so it need not sort them again.
DAILY = f"SELECT * FROM ({COUNTS}) UNION ALL SELECT * FROM ({PEOPLE}) ORDER BY account"
# Each month-end of the seat trend, the people with an event of the metric in its window up to it, for the months
# whose window starts on or after the account's first event (earlier ones are not known).
MONTHS = (f"WITH e AS (SELECT account, {WHERES} AS department, m, user_id, day FROM ({EXPLODED}) "
          "WHERE list_contains($monthly, m) AND user_id IS NOT NULL), "
          "slots AS (SELECT CAST(i - 1 AS INTEGER) AS j, list_extract($ends, i) AS e FROM range(1, len($ends) + 1) "
          "AS t(i)), "
          "hits AS (SELECT DISTINCT e.account, e.department, e.m, s.j, e.user_id FROM e JOIN slots AS s "
          f"ON e.day <= s.e AND e.day > s.e - {WINDOW.format('e')}), "
          "keys AS (SELECT DISTINCT account, department, m FROM hits), "
          "counts AS (SELECT account, department, m, j, count(*) AS n FROM hits GROUP BY ALL), "
          f"first AS ({FIRST}) "
          "SELECT k.account, k.department, k.m, s.e AS day, coalesce(c.n, 0) AS n FROM keys AS k "
          f"JOIN first AS f ON f.account = k.account JOIN slots AS s ON s.e - ({WINDOW.format('k')} - 1) >= f.first "
          f"LEFT JOIN counts AS c ON {SAME_KEY.format(a='c', b='k')} AND c.j = s.j")
