"""One CSV cell both ways: numbers only in the digits 0-9 and of a bounded length, lists, and formula guards."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.inputs.csv_cells import MAX_DIGITS, CellError, guard, join_list, parse_cell, split_list, unguard


@pytest.mark.parametrize(("cell", "value"), [
    ("1200", 1200), (" 1,200 ", 1200), ("+5", 5), ("-12", -12), ("-1,200,000", -1_200_000),
    ("9" * MAX_DIGITS, 10 ** MAX_DIGITS - 1),
    ("٣", "٣"), ("²", "²"), ("１２", "１２"), ("1e3", "1e3"), ("12.5", "12.5"), ("1,20", "1,20"), ("many", "many"),
])
def test_a_number_cell_is_a_number_only_in_the_digits_0_to_9(cell, value):
    assert parse_cell(cell, "licensed_seats") == value  # text is left for the model to refuse, with its column


@pytest.mark.parametrize(("cell", "digits"), [
    ("1" * 5000, "5,000"), ("-" + "9" * 16, "16"), ("1" + ",000" * 2000, "6,001"),
])
@pytest.mark.parametrize("column", ["active_seats", "dept.engineering.headcount", "dept.sales.2.active_users"])
def test_a_number_too_long_to_be_meant_is_refused_without_converting_it(cell, digits, column):
    with pytest.raises(CellError, match=f"^the number has {digits} digits; no value here has more than {MAX_DIGITS}$"):
        parse_cell(cell, column)


@pytest.mark.parametrize(("cell", "items"), [
    ("a;b", ["a", "b"]), ("Acme\\; Inc;b", ["Acme; Inc", "b"]), ("C:\\Tools;x", ["C:\\Tools", "x"]),
    ("back\\\\;x", ["back\\", "x"]), ("end\\", ["end\\"]), ("", [""]),
])
def test_list_cells_split_at_unescaped_semicolons(cell, items):
    assert split_list(cell) == items
    if "\\" not in cell.replace("\\;", "").replace("\\\\", ""):
        assert split_list(join_list(items)) == items


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+2", "'=1+2"), ("+49 30", "'+49 30"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("'+x", "''+x"), ("''=x", "'''=x"), ("'Tis", "'Tis"), ("'", "'"), ("Acme", "Acme"),
])
def test_a_formula_is_written_behind_one_quote_and_read_back_without_it(text, cell):
    assert guard(text) == cell
    assert unguard(cell) == text


def test_a_quote_a_crm_wrote_before_plain_text_is_kept():
    assert unguard("'Tis the season") == "'Tis the season"


LEADING = st.sampled_from(["", "'", "''", "=", "+", "-", "@", "\t", "\r", ";", "\\", "'\t", "' "])


@given(lead=LEADING, text=st.text())
def test_guard_then_unguard_is_the_identity_for_any_text(lead, text):
    assert unguard(guard(lead + text)) == lead + text
