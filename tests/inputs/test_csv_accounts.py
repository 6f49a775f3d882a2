"""Accounts from a CRM's CSV export: the same accounts as the YAML files, bad rows located by row and column."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from conftest import ROOT
from generator.inputs.chars import unprintable_in_text
from generator.inputs.csv_accounts import csv_rows, export_csv, read_csv, template_columns
from generator.inputs.csv_cells import is_number_column
from generator.inputs.fields import Name
from generator.inputs.loader import load_account
from generator.inputs.models import Account

HEADER = "name,segment,locale,contract_start,licensed_seats,active_seats,health_score,next_qbr,csm_name,csm_title"
GOOD = "Acme,scale,en-US,2026-01-05,\"1,200\",830,72,2027-01-15,Dana Reyes,CSM"


def read(tmp_path: Path, text: str, shipped):
    path = tmp_path / "book.csv"
    path.write_text(text, encoding="utf-8")
    return read_csv(path, shipped)


def test_the_shipped_csv_is_the_export_of_the_sample_accounts(shipped):
    accounts = [load_account(p, shipped) for p in sorted((ROOT / "accounts").glob("*.yaml"))]
    assert (ROOT / "accounts" / "accounts.csv").read_bytes().decode() == export_csv(accounts, shipped.map)


def test_the_shipped_csv_reads_back_as_the_sample_accounts(shipped):
    problems, rows = read_csv(ROOT / "accounts" / "accounts.csv", shipped)
    assert problems == []
    by_name = {r.account.name: r.account for r in rows if r.account}
    for path in (ROOT / "accounts").glob("*.yaml"):
        expected = load_account(path, shipped)
        got = by_name[expected.name]
        assert sorted(got.departments, key=lambda d: d.persona) == sorted(expected.departments, key=lambda d: d.persona)
        # The CSM's decisions, notes and wins live in the account file only: a CRM has no column for them.
        assert got.model_copy(update={"departments": expected.departments, "adjustments": expected.adjustments,
                                      "notes": expected.notes, "wins": expected.wins}) == expected


def test_numbers_lists_and_departments_are_read(tmp_path, shipped):
    text = (f"{HEADER},tools,dept.engineering.headcount,dept.engineering.head_name,dept.engineering.head_title,"
            "dept.engineering.tools,adoption.company-wiki\n"
            f"{GOOD},Confluence; Jira ;,300,Sam Ito,VP Engineering,Confluence;GitHub,adopted\n")
    problems, rows = read(tmp_path, text, shipped)
    assert problems == []
    account = rows[0].account
    assert account is not None
    assert account.licensed_seats == 1200
    assert account.tools == ["Confluence", "Jira"]
    assert [(d.persona, d.headcount, d.head.name) for d in account.departments] == [("engineering", 300, "Sam Ito")]
    assert account.departments[0].tools == ["Confluence", "GitHub"]
    assert account.adoption == {"company-wiki": "adopted"}


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working folder, as editors expect


@pytest.mark.parametrize(("row", "expected"), [
    (GOOD.replace(",830,", ",many,"), "book.csv:row 2: column 'active_seats': expected integer, got text 'many'"),
    (GOOD.replace(",830,", f",{'8' * 5000},"), "book.csv:row 2: column 'active_seats': the number has 5,000 digits; "
                                              "no value here has more than 15"),
    (GOOD.replace(",830,", ",٣٠٠,"), "book.csv:row 2: column 'active_seats': expected integer, got text '٣٠٠'"),
    (GOOD.replace(",72,", ",7²,"), "book.csv:row 2: column 'health_score': expected integer, got text '7²'"),
    (GOOD.replace("Acme", " \t "), "book.csv:row 2: column 'name': missing required field 'name'"),
    (GOOD.replace("Acme", "Acme\u202e"), "book.csv:row 2: column 'name': the name holds a right-to-left override"),
    (GOOD.replace("en-US", "de-DR"), "book.csv:row 2: column 'locale': 'de-DR' is not a locale Babel knows"),
    (GOOD.replace("scale", "scael"), "book.csv:row 2: column 'segment': no playbook for segment 'scael' "
                                     "(did you mean 'scale'?)"),
    (GOOD.replace("2027-01-15", "15/01/2027"), "book.csv:row 2: column 'next_qbr': expected a date as YYYY-MM-DD"),
    (GOOD.replace(",830,", ",1300,"), "book.csv:row 2: column 'active_seats': active_seats (1300) is more than "
                                      "licensed_seats (1200)"),
    (GOOD + ",extra", "book.csv:row 2: the row has 11 cells, more than the header's 10"),
    (GOOD.rsplit(",", 1)[0], "book.csv:row 2: the row has 9 cells, fewer than the header's 10"),
])
def test_a_bad_row_fails_alone_with_row_and_column(tmp_path, shipped, row, expected):
    problems, rows = read(tmp_path, f"{HEADER}\n{row}\n{GOOD.replace('Acme', 'Beta')}\n", shipped)
    assert problems == []
    assert rows[0].account is None
    assert any(str(p).startswith(expected) for p in rows[0].problems), [str(p) for p in rows[0].problems]
    assert rows[1].account is not None


@pytest.mark.parametrize(("header", "expected"), [
    ("name,segmnt", "book.csv:row 1: column 2 'segmnt': unknown column (did you mean 'segment'?)"),
    ("name,locale", "book.csv:row 1: missing column(s): segment"),
])
def test_a_bad_header_stops_the_file(tmp_path, shipped, header, expected):
    problems, rows = read(tmp_path, f"{header}\nAcme,scale,x\n", shipped)
    assert rows == []
    assert expected in [str(p) for p in problems]


def test_a_file_that_is_not_utf8_is_refused(tmp_path, shipped):
    path = tmp_path / "book.csv"
    path.write_bytes(f"{HEADER}\nM".encode() + "üller,scale\n".encode("latin-1"))
    problems, _ = read_csv(path, shipped)
    bad_byte = len(HEADER) + 2
    assert [p.message for p in problems] == [f"the file is not UTF-8 text (byte {bad_byte}); "
                                             "export it from the CRM as UTF-8 CSV"]


def test_the_template_names_every_column_the_importer_reads(shipped):
    columns = template_columns(shipped.map)
    assert columns[:2] == ["name", "segment"]
    assert "dept.engineering.head_title" in columns
    assert "adoption.company-wiki" in columns
    assert len(columns) == len(set(columns))


def test_a_cell_past_the_csv_limit_stops_the_file_with_its_row(tmp_path, shipped):
    problems, rows = read(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD.replace('Acme', 'x' * 140_000)}\n", shipped)
    assert rows == []
    assert [str(p) for p in problems] == ["book.csv:row 3: the file cannot be read as CSV here: "
                                          "field larger than field limit (131072)"]


def test_a_csv_that_is_not_a_file_is_refused(tmp_path, shipped):
    os.mkfifo(tmp_path / "book.csv")
    problems, rows = read_csv(tmp_path / "book.csv", shipped)
    assert [p.message for p in problems] == ["this is a named pipe; expected a CSV export"]
    assert rows == []


NAME = TypeAdapter(Name)


def is_name(text: str) -> bool:
    try:
        NAME.validate_python(text)
    except ValidationError:
        return False
    return True


# What a spreadsheet or our own escaping treats specially, at the start of a name and anywhere in it. A tab or
# a line break is no part of a name (test_csv_cells checks that their guard reads back too).
SPECIAL = st.sampled_from(["'", "=", "+", "-", "@", ";", "\\", ",", '"', " ", ":"])
PRINTABLE = st.characters(codec="utf-8").filter(lambda c: unprintable_in_text(c) is None)
TEXT = st.builds(lambda lead, body: "".join(lead) + body, st.lists(SPECIAL | st.just("\\;"), max_size=3),
                 st.text(PRINTABLE | SPECIAL, max_size=30)).filter(is_name)
ITEM = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")) | SPECIAL, min_size=1, max_size=12).filter(
    lambda s: s == s.strip() and is_name(s))
PERSON = st.fixed_dictionaries({"name": TEXT, "title": TEXT})

HOSTILE = st.fixed_dictionaries({"name": TEXT, "title": TEXT, "head": TEXT, "delta": st.integers(-24, 24),
                                  "tools": st.lists(ITEM, max_size=3, unique=True),
                                  "integrations": st.lists(ITEM, max_size=3, unique=True),
                                  "csm": PERSON, "executive_sponsor": PERSON, "admin_lead": PERSON})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=HOSTILE)
def test_every_account_reads_back_exactly_as_it_was_exported(tmp_path, shipped, case):
    base = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    base["departments"][0]["head"] = {"name": case["head"], "title": case["title"]}
    people = {k: {**base.get(k, {}), **case[k]} for k in ("csm", "executive_sponsor", "admin_lead")}
    account = Account.model_validate({**base, **people, "name": case["name"], "tools": case["tools"],
                                      "integrations": case["integrations"],
                                      "health": {"score": 60, "seats_30d_delta": case["delta"]}})
    (tmp_path / "book.csv").write_bytes(export_csv([account], shipped.map).encode())
    problems, rows = read_csv(tmp_path / "book.csv", shipped)
    assert problems == []
    assert rows[0].problems == []
    got = rows[0].account
    assert got is not None
    assert (got.name, got.tools, got.integrations, got.health) == (account.name, account.tools,
                                                                    account.integrations, account.health)
    assert (got.csm, got.executive_sponsor, got.admin_lead) == (account.csm, account.executive_sponsor,
                                                                account.admin_lead)
    assert sorted(got.departments, key=lambda d: d.persona) == sorted(account.departments, key=lambda d: d.persona)


@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "'+1", "''=x"])
def test_exported_formulas_are_text_to_a_spreadsheet_and_read_back(tmp_path, shipped, formula):
    base = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    account = Account.model_validate({**base, "name": formula, "tools": [formula]})
    text = export_csv([account], shipped.map)
    cells = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert cells[0] == "'" + formula  # what a spreadsheet shows as text
    (tmp_path / "book.csv").write_bytes(text.encode())
    _, rows = read_csv(tmp_path / "book.csv", shipped)
    assert rows[0].account is not None
    assert (rows[0].account.name, rows[0].account.tools) == (formula, [formula])


def test_a_numeric_column_takes_a_plus_sign_and_a_text_column_keeps_digits(tmp_path, shipped):
    header = HEADER + ",seats_30d_delta,csm_email"
    row = GOOD.replace("Acme", "1800").replace(",CSM", ',"2,024"')
    problems, rows = read(tmp_path, f"{header}\n{row},+5,\n", shipped)
    assert problems == []
    account = rows[0].account
    assert account is not None, rows[0].problems
    assert (account.name, account.csm.title, account.health.seats_30d_delta) == ("1800", "2,024", 5)


def test_an_unterminated_quote_stops_the_file_instead_of_eating_the_rows_after_it(tmp_path, shipped):
    beta, gamma = GOOD.replace("Acme", "Beta"), GOOD.replace("Acme", "Gamma")
    problems, rows = read(tmp_path, f'{HEADER}\n{GOOD}\n"Broken,scale\n{beta}\n{gamma}\n', shipped)
    assert rows == []
    here = "book.csv:row 3: the file cannot be read as CSV here: "
    assert [str(p) for p in problems] == [here + "',' expected after '\"'"]
    problems, rows = read(tmp_path, f'{HEADER}\n{GOOD}\n"Broken,scale\n', shipped)  # the quote runs to the end
    assert [str(p) for p in problems] == [here + "unexpected end of data"]


def test_a_column_named_twice_stops_the_file(tmp_path, shipped):
    problems, _ = read(tmp_path, f"{HEADER},name\n{GOOD},Other\n", shipped)
    assert "book.csv:row 1: column 11 'name': the column appears twice (first as column 1)" in map(str, problems)


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path, shipped):
    multi_line = GOOD.replace("Dana Reyes", '"Dana\nReyes"')
    bad = GOOD.replace("Acme", "Bad").replace(",830,", ",many,")
    _, rows = read(tmp_path, f"{HEADER}\n{multi_line}\n\n{bad}\n", shipped)
    assert [r.row for r in rows] == [2, 4]  # the blank line is row 3; the cell with a line break is one row
    assert str(rows[1].problems[0]).startswith("book.csv:row 4: column 'active_seats'")


DEPARTMENT = st.fixed_dictionaries({
    "persona": st.sampled_from(["engineering", "sales", "support"]),
    "headcount": st.integers(1, 5000),
    "name": st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=20).filter(is_name),
    "head": st.fixed_dictionaries({"name": TEXT, "title": TEXT}),
    "tools": st.lists(ITEM, max_size=3, unique=True),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(departments=st.lists(DEPARTMENT, max_size=6, unique_by=lambda d: d["name"]),
       champions=st.lists(st.tuples(st.integers(0, 5), ITEM.filter(lambda s: ":" not in s)), max_size=3))
def test_several_departments_of_one_persona_and_their_champions_read_back(tmp_path, shipped, departments, champions):
    base = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    named = [{"department": departments[i]["name"], "name": n} for i, n in champions if i < len(departments)]
    account = Account.model_validate({**base, "departments": departments, "champions": named})
    (tmp_path / "book.csv").write_bytes(export_csv([account], shipped.map).encode())
    problems, rows = read_csv(tmp_path / "book.csv", shipped)
    assert problems == []
    got = rows[0].account
    assert got is not None, rows[0].problems
    # Columns are grouped by persona, so departments come back persona by persona, each group in its own order.
    def key(d):
        return d.persona
    assert sorted(got.departments, key=key) == sorted(account.departments, key=key)
    assert got.champions == account.champions


def _sample_row(shipped) -> dict[str, str]:
    """Pinecone Bakery as the export writes it: every column of the template, most of them empty."""
    base = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    return next(csv.DictReader(io.StringIO(export_csv([Account.model_validate(base)], shipped.map), newline="")))


ANY_CELL = st.one_of(
    st.text(), st.text("0123456789,+-", max_size=40), st.integers(10, 40).map(lambda n: "7" * n),
    st.integers(4290, 6000).map(lambda n: "7" * n),  # Python's int() refuses 4,300 digits and more
    st.text("٠١٢٣²³１２ 0123456789", max_size=12), st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.builds("".join, st.lists(st.sampled_from(["'", "=", ";", "\\", ":", " ", "adopted", "x"]), max_size=8)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_text_in_any_cell_gives_the_account_or_problems_at_its_row_and_column(shipped, data):
    row = _sample_row(shipped)
    header = [*row, "dept.engineering.2.headcount", "dept.engineering.2.name"]  # a second department's columns
    numbers = [c for c in header if is_number_column(c)]  # the cells most likely to crash, so one of them always
    number, value = data.draw(st.tuples(st.sampled_from(numbers), ANY_CELL))
    changed = {number: value, **data.draw(st.dictionaries(st.sampled_from(header), ANY_CELL, max_size=4))}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({**row, **changed})
    problems, rows = csv_rows(out.getvalue().encode("utf-8", "surrogatepass"), "book.csv", shipped)
    assert problems == []
    checked = rows[0].check(shipped)
    assert (checked.account is None) == bool(checked.problems)
    for problem in checked.problems:
        assert str(problem.location) == "book.csv:row 2"
        assert problem.path.startswith("column '"), problem



@pytest.mark.parametrize(("cell", "expected"), [("true", True), ("YES", True), ("1", True), (" no ", False),
                                                 ("false", False), ("0", False), ("", False)])
def test_country_and_regulated_are_read_from_their_columns(tmp_path, shipped, cell, expected):
    problems, rows = read(tmp_path, f"{HEADER},country,regulated\n{GOOD},DE,{cell}\n", shipped)
    assert problems == []
    account = rows[0].account
    assert account is not None
    assert (account.country, account.regulated) == ("DE", expected)


def test_a_regulated_cell_that_is_not_yes_or_no_fails_at_its_column(tmp_path, shipped):
    _, rows = read(tmp_path, f"{HEADER},regulated\n{GOOD},maybe\n", shipped)
    assert rows[0].account is None
    said = [str(p) for p in rows[0].problems]
    assert any("column 'regulated': expected true or false, got text 'maybe'" in p for p in said), said


OBJECTIVE = ("objective.2.id,objective.2.title,objective.2.outcomes,objective.2.owner_name,objective.2.owner_title,"
             "objective.2.measure,objective.2.unit,objective.2.baseline,objective.2.target,objective.2.current,"
             "objective.2.by")  # objective.2.departments and .notes may be left out


def test_objectives_are_read_by_their_number_and_written_back(tmp_path, shipped):
    text = (f"{HEADER},{OBJECTIVE}\n"
            f"{GOOD},ship-faster,Ship in half the time,faster-delivery; fewer-tools,Ana Ruiz,VP Product,"
            "Days to release,days,42,21,35.5,2027-09-30\n")
    problems, rows = read(tmp_path, text, shipped)
    assert problems == []
    assert rows[0].problems == []
    account = rows[0].account
    assert account is not None
    [goal] = account.objectives
    assert (goal.id, goal.outcomes, goal.owner.name if goal.owner else None) == \
        ("ship-faster", ["faster-delivery", "fewer-tools"], "Ana Ruiz")
    assert goal.measure is not None
    assert (goal.measure.baseline, goal.measure.current) == (42, 35.5)
    again = read(tmp_path, export_csv([account], shipped.map), shipped)[1][0].account
    assert again == account


@pytest.mark.parametrize(("cells", "expected"), [
    ("g,Goal,faster-delivery,,,Days,,forty,21,,2027-09-30",
     "column 'objective.2.baseline': 'forty' is not a number (write it as 12 or 4.5)"),
    ("g,Goal,faster-delivry,,,,,,,,", "column 'objective.2.outcomes': unknown outcome 'faster-delivry'"),
    ("g,Goal,faster-delivery,,,Days,,42,42,,2027-09-30", "column 'objective.2.*': target (42) is the baseline"),
    ("g,Goal,faster-delivery,,,Days,,42,21,,someday", "column 'objective.2.by': expected a date"),
])
def test_a_bad_objective_cell_is_located_by_its_column(tmp_path, shipped, cells, expected):
    problems, rows = read(tmp_path, f"{HEADER},{OBJECTIVE}\n{GOOD},{cells}\n", shipped)
    assert problems == []
    assert rows[0].account is None
    assert any(expected in str(p) for p in rows[0].problems), [str(p) for p in rows[0].problems]
