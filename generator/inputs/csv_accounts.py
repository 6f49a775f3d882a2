"""Accounts from a CRM's CSV export, one row per account, and the template to map a CRM report to.

Columns (documented in docs/csv.md): the account's own fields; ``dept.<persona>.name``,
``.headcount``, ``.active_users``, ``.head_name``, ``.head_title``, ``.tools`` for each department
(``dept.<persona>.2.<field>`` and on for a second department of the same persona); and
``adoption.<use-case-id>`` holding ``adopted``, ``piloting`` or nothing. Lists (tools,
integrations, a department's tools, onboarding steps done, champions as ``Department: Name``) are
separated by ';'.
Empty cells mean "not given".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Location, Problem, Problems, UserError, did_you_mean
from .csv_cells import (
    BOOLEANS,
    DEPT_COLUMN,
    DEPT_FIELDS,
    FIELDS,
    LISTS,
    CellError,
    guard,
    is_number_column,
    join_list,
    parse_cell,
    unguard,
)
from .csv_objectives import is_objective_column, objective_cell, objective_cells, objective_columns, objective_paths
from .loader import AccountCheck, Library, check_account, display_path
from .models import Account
from .textfile import read_limited
from .usecase_map import UseCaseMap
from .validation import plain_errors

MAX_CSV_BYTES = 256 * 1024 * 1024  # a book of 100,000 accounts fits; a 2 GB file is a mistake


@dataclass
class CsvAccount:
    """One row: the account if it is valid, and where it came from."""

    row: int
    location: Location
    account: Account | None
    problems: list[Problem]


def _nest(target: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def row_to_data(row: dict[str, str]) -> tuple[dict, dict[tuple, str], dict[str, str]]:
    """The account as nested data, for each of its paths the column it came from, and what is wrong with cells
    that stand for no value at all (by column)."""
    data: dict = {}
    columns: dict[tuple, str] = {}
    bad: dict[str, str] = {}
    depts: dict[str, dict] = {}
    objectives: dict[int, dict[str, Any]] = {}
    for column, raw in row.items():
        if raw is None or not raw.strip():
            continue
        try:
            if column in FIELDS:
                _nest(data, FIELDS[column], parse_cell(raw, column))
                columns[FIELDS[column]] = column
            elif column.startswith("adoption."):
                uc_id = column.removeprefix("adoption.")
                data.setdefault("adoption", {})[uc_id] = raw.strip()
                columns[("adoption", uc_id)] = column
            elif (m := DEPT_COLUMN.match(column)) and m[3] in DEPT_FIELDS:
                dept = depts.setdefault(_slot(m[1], m[2]), {"persona": m[1]})
                _nest(dept, DEPT_FIELDS[m[3]], parse_cell(raw, column))
            elif is_objective_column(column):
                objective_cell(column, raw, objectives)
        except CellError as exc:
            bad[column] = str(exc)
    if depts:
        order = sorted(depts, key=_slot_order)
        data["departments"] = [depts[k] for k in order]
        for i, slot in enumerate(order):
            columns[("departments", i)] = f"dept.{slot}.*"
            for name, path in DEPT_FIELDS.items():
                columns[("departments", i, *path)] = f"dept.{slot}.{name}"
            columns[("departments", i, "persona")] = f"dept.{slot}.*"
    if objectives:
        data["objectives"] = [objectives[n] for n in sorted(objectives)]
        columns.update(objective_paths(sorted(objectives)))
    return data, columns, bad


def _slot(persona: str, number: str | None) -> str:
    """'engineering' for a persona's first department, 'engineering.2' for its second."""
    return f"{persona}.{number}" if number else persona


def _slot_order(slot: str) -> tuple[str, int]:
    persona, _, number = slot.partition(".")
    return persona, int(number or 1)


def _column_for(loc: tuple, columns: dict[tuple, str]) -> str:
    for n in range(len(loc), 0, -1):
        if loc[:n] in columns:
            return columns[loc[:n]]
    if not loc:  # a check across fields, such as active seats above licensed seats
        return "active_seats"
    return next((c for c, p in FIELDS.items() if p == loc[: len(p)]), ".".join(map(str, loc)))


def _check_header(header: list[str], display: str, umap: UseCaseMap) -> list[Problem]:
    known = list(FIELDS) + [f"dept.{p}.{f}" for p in umap.personas for f in DEPT_FIELDS] + \
        [f"adoption.{u}" for u in umap.use_cases]
    problems = []
    for i, column in enumerate(header, start=1):
        ok = column in FIELDS or column.startswith("adoption.") or is_objective_column(column) or (
            (m := DEPT_COLUMN.match(column)) is not None and m[3] in DEPT_FIELDS)
        if not ok:
            problems.append(Problem(Location(display, 1, unit="row"), f"unknown column{did_you_mean(column, known)}",
                                    f"column {i} '{column}'"))
    seen: dict[str, int] = {}
    for i, column in enumerate(header, start=1):
        if column in seen:  # a dictionary would keep the last silently
            problems.append(Problem(Location(display, 1, unit="row"), f"the column appears twice (first as column "
                                    f"{seen[column]})", f"column {i} '{column}'"))
        seen.setdefault(column, i)
    missing = [c for c in ("name", "segment") if c not in header]
    if missing:
        problems.append(Problem(Location(display, 1, unit="row"), f"missing column(s): {', '.join(missing)}"))
    return problems


@dataclass(frozen=True, eq=False)
class RawRow:
    """One row as read, before it is checked: where its text lies in the file, and its account's name.

    A book of 50,000 rows keeps the file's text once and each row as two offsets into it, not
    as a list of cells: the cells are read again when the row is checked.
    """

    header: list[str]
    text: str = field(repr=False)
    start: int
    end: int
    location: Location
    name: str  # the name as the row gives it, for its folder before the row is checked

    @property
    def cells(self) -> list[str]:
        return next(csv.reader(io.StringIO(self.text[self.start:self.end], newline=""), strict=True))

    def check(self, library: Library, checks: Sequence[AccountCheck] = ()) -> CsvAccount:
        return _row_account(self.header, self.cells, self.location, library, checks)


def read_csv(path: Path, library: Library,
             checks: Sequence[AccountCheck] = ()) -> tuple[list[Problem], list[CsvAccount]]:
    """Parse a CSV export: problems with the file as a whole, and each row's account or problems."""
    problems, rows = read_csv_rows(path, library)
    return problems, [r.check(library, checks) for r in rows]


def read_csv_rows(path: Path, library: Library) -> tuple[list[Problem], list[RawRow]]:
    """Read a whole CSV export and its structure (header, quotes, cell sizes), leaving each row to be checked
    when it is used: a big book starts rendering at once, and a structural fault still stops it first."""
    display = display_path(path)
    try:
        data = read_limited(path, MAX_CSV_BYTES, display, "CSV export")
    except UserError as exc:
        return list(exc.problems), []
    return csv_rows(data, display, library)


def csv_rows(data: bytes, display: str, library: Library) -> tuple[list[Problem], list[RawRow]]:
    """:func:`read_csv_rows` for a CSV export already in memory (an upload); ``display`` names it in messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Problem(Location(display), f"the file is not UTF-8 text (byte {exc.start}); "
                                           "export it from the CRM as UTF-8 CSV")], []
    # strict: an unterminated quote is an error, not a field that swallows the rest of the file.
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, strict=True)
    number = 1  # rows as a spreadsheet numbers them: the header is row 1, a cell with line breaks is still one row
    rows: list[RawRow] = []
    try:
        header = next(reader, [])
        file_problems = _check_header(header, display, library.map)
        if file_problems:
            return file_problems, []
        name = header.index("name")
        start = stream.tell()  # the reader takes whole lines, so the stream stands at the next row
        for number, cells in enumerate(reader, start=2):
            end = stream.tell()
            if cells:  # a blank line is an empty row
                rows.append(RawRow(header, text, start, end, Location(display, number, unit="row"),
                                   unguard(cells[name]) if name < len(cells) else ""))
            start = end
    except csv.Error as exc:  # an unterminated quote, a cell over the size limit: nothing after it can be trusted
        return [Problem(Location(display, number + 1, unit="row"), f"the file cannot be read as CSV here: {exc}")], []
    return [], rows


def _row_account(header: list[str], cells: list[str], location: Location, library: Library,
                 checks: Sequence[AccountCheck]) -> CsvAccount:
    if len(cells) != len(header):  # every later cell would be read under the wrong column
        more = "more" if len(cells) > len(header) else "fewer"
        message = f"the row has {len(cells)} cells, {more} than the header's {len(header)}"
        return CsvAccount(location.line, location, None, [Problem(location, message)])
    data, columns, bad = row_to_data(dict(zip(header, cells, strict=True)))
    problems = [Problem(location, message, f"column '{column}'") for column, message in bad.items()]
    try:
        account = Account.model_validate(data)
    except ValidationError as exc:
        # A bad cell was left out of the data: that it is then missing is no news.
        problems += [Problem(location, message, f"column '{column}'") for loc, message in plain_errors(Account, exc)
                     if (column := _column_for(loc, columns)) not in bad]
        return CsvAccount(location.line, location, None, problems)
    if problems:
        return CsvAccount(location.line, location, None, problems)
    found = Problems()
    check_account(account, library, found,
                  lambda loc, path: (location, f"column '{_column_for(loc, columns)}'"), checks)
    return CsvAccount(location.line, location, account if not found.errors else None, found.errors)


def template_columns(umap: UseCaseMap, accounts: Sequence[Account] = ()) -> list[str]:
    """Every column the importer understands, in a stable order, for mapping a CRM report; a persona gets
    numbered columns for as many departments as the accounts given have of it."""
    depts = []
    for p in sorted(umap.personas):
        if umap.personas[p].scope != "department":
            continue
        most = max((sum(d.persona == p for d in a.departments) for a in accounts), default=1)
        depts += [f"dept.{_slot(p, str(n) if n > 1 else None)}.{f}" for n in range(1, most + 1) for f in DEPT_FIELDS]
    goals = objective_columns(max((len(a.objectives) for a in accounts), default=1) or 1)
    return list(FIELDS) + depts + [f"adoption.{u}" for u in umap.order] + goals


def export_csv(accounts: list[Account], umap: UseCaseMap) -> str:
    """Accounts as CSV rows under the full template header."""
    header = template_columns(umap, accounts)
    out = io.StringIO()
    # CRLF, as RFC 4180 says: then a field holding a bare CR or LF is quoted and reads back as one field.
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for account in accounts:
        writer.writerow(_account_row(account))
    return out.getvalue()


def _account_row(account: Account) -> dict[str, str]:
    data = account.model_dump(mode="json")
    row: dict[str, str] = {}
    for column, path in FIELDS.items():
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if column == "champions":
            value = [f"{c['department']}: {c['name']}" for c in value] or None
        elif column in BOOLEANS:
            value = "true" if value else None  # the default, no, is an empty cell
        if value is not None:
            text = join_list(value) if column in LISTS else str(value)
            row[column] = text if is_number_column(column) else guard(text)
    seen: dict[str, int] = {}
    for dept in account.departments:
        seen[dept.persona] = seen.get(dept.persona, 0) + 1
        slot = _slot(dept.persona, str(seen[dept.persona]) if seen[dept.persona] > 1 else None)
        if dept.name is not None:
            row[f"dept.{slot}.name"] = guard(dept.name)
        row[f"dept.{slot}.headcount"] = str(dept.headcount)
        row[f"dept.{slot}.active_users"] = str(dept.active_users)
        row[f"dept.{slot}.head_name"] = guard(dept.head.name)
        row[f"dept.{slot}.head_title"] = guard(dept.head.title)
        if dept.tools:
            row[f"dept.{slot}.tools"] = guard(join_list(dept.tools))
    for uc_id, state in account.adoption.items():
        row[f"adoption.{uc_id}"] = state
    return row | objective_cells(account.objectives)
