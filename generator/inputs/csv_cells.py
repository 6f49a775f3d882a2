"""One CSV cell's text and the value it stands for, both ways: the columns, numbers, lists and formula guards.

Reading and writing share this module so that what the export writes, the import reads back
exactly; docs/csv.md describes the columns for the people who map a CRM report to them.
"""

from __future__ import annotations

import re

FIELDS: dict[str, tuple] = {
    "name": ("name",), "segment": ("segment",), "locale": ("locale",), "country": ("country",),
    "regulated": ("regulated",), "contract_start": ("contract_start",),
    "licensed_seats": ("licensed_seats",), "active_seats": ("active_seats",),
    "health_score": ("health", "score"), "seats_30d_delta": ("health", "seats_30d_delta"),
    "next_qbr": ("next_qbr",), "csm_name": ("csm", "name"), "csm_title": ("csm", "title"),
    "csm_email": ("csm", "email"), "sponsor_name": ("executive_sponsor", "name"),
    "sponsor_title": ("executive_sponsor", "title"), "admin_lead_name": ("admin_lead", "name"),
    "admin_lead_title": ("admin_lead", "title"), "tools": ("tools",), "integrations": ("integrations",),
    "onboarding_done": ("onboarding_done",), "renewal_date": ("renewal_date",), "champions": ("champions",),
    "logo": ("logo",), "id": ("id",),
}
LISTS = {"tools", "integrations", "onboarding_done", "champions"}
DEPT_FIELDS = {"name": ("name",), "headcount": ("headcount",), "active_users": ("active_users",),
               "head_name": ("head", "name"),
               "head_title": ("head", "title"), "tools": ("tools",)}
DEPT_LISTS = {"tools"}  # a department's own list columns, ';'-separated like the account's
DEPT_COLUMN = re.compile(r"^dept\.([^.]+)\.(?:([2-9]|[1-9][0-9])\.)?([a-z_]+)$")  # persona, second and on, field
# Columns that hold whole numbers; every other cell stays text, so a name '1800' is a name.
# Yes-or-no columns, in the words a CRM export writes them; anything else is left for the model to refuse.
BOOLEANS = {"regulated"}
_YES_NO = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
NUMBERS = {"licensed_seats", "active_seats", "health_score", "seats_30d_delta", "headcount", "active_users"}
# Only the digits 0-9: int() would also take '٣' or '²' (and Python refuses to convert 4,300 digits or more).
_INT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)")
# The largest number any column takes (fields.MAX_PEOPLE) has 8 digits; 15 lets a typo hear that it is too
# large from the model, and anything longer is not a number a person meant.
MAX_DIGITS = 15
# A spreadsheet runs a cell that starts with one of these as a formula; export writes such text behind a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell that cannot stand for any value of its column, said in plain words."""


def is_number_column(column: str) -> bool:
    return column.rsplit(".", 1)[-1] in NUMBERS


def is_list_column(column: str) -> bool:
    return column in LISTS or (column.startswith("dept.") and column.rsplit(".", 1)[-1] in DEPT_LISTS)


def parse_cell(value: str, column: str) -> str | int | bool | list[str] | list[dict[str, str] | str]:
    """The value a cell stands for; text that is no number of a number column is left for the model to refuse."""
    if is_number_column(column):
        return _number(value.strip())
    if column in BOOLEANS:
        return _YES_NO.get(value.strip().casefold(), value)
    value = unguard(value)  # text is kept as written, spaces included, so that it reads back exactly
    if is_list_column(column):
        items = [v.strip() for v in split_list(value) if v.strip()]
        return [_champion(v) for v in items] if column == "champions" else items
    return value


def _number(text: str) -> int | str:
    if not _INT.fullmatch(text):
        return text
    digits = text.lstrip("+-").replace(",", "")
    if len(digits) > MAX_DIGITS:
        raise CellError(f"the number has {len(digits):,} digits; no value here has more than {MAX_DIGITS}")
    return int(digits) * (-1 if text.startswith("-") else 1)


def split_list(cell: str) -> list[str]:
    """A list cell's items: split at each ';' that is not written '\\;', with '\\\\' standing for a backslash."""
    items, current, chars = [], [], iter(cell)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            current.append(nxt if nxt in (";", "\\") else ch + nxt)
        elif ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return items


def join_list(items: list[str]) -> str:
    """The list as one cell, each ';' and backslash inside an item escaped, so that it splits back the same."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def _champion(text: str) -> dict[str, str] | str:
    """'Platform Engineering: Anja Vos' as a champion; text without ':' is left for the model to refuse."""
    department, colon, name = text.rpartition(":")
    return {"department": department.strip(), "name": name.strip()} if colon else text


def _needs_guard(text: str) -> bool:
    """Whether a spreadsheet would run the text, or it already looks guarded: "'=1" must not lose its quote."""
    return text.lstrip("'").startswith(_FORMULA_START)


def guard(text: str) -> str:
    """Text as a spreadsheet will show rather than run it: '=1+2' is written as "'=1+2"."""
    return "'" + text if _needs_guard(text) else text


def unguard(cell: str) -> str:
    """The text :func:`guard` wrote the cell for; any other cell is the text itself ("'Tis" stays "'Tis")."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell
