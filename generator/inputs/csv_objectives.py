"""The customer's objectives as CSV columns: ``objective.<n>.<field>``, one group per objective.

A CRM's success plan export lists each account's objectives side by side: objective 1, 2, ...
Each group holds the objective's id, title, the outcomes it needs (';'-separated), its owner and,
where the customer measures it, the measure's name, unit, baseline, target, current value and
dates. A group whose cells are all empty is no objective.
"""

from __future__ import annotations

import re
from typing import Any

from .csv_cells import CellError, guard, join_list, split_list, unguard
from .objectives import MAX_OBJECTIVES, Objective

OBJECTIVE_COLUMN = re.compile(r"^objective\.([1-9][0-9]?)\.([a-z_]+)$")
# column field -> the path inside one objective's data
OBJECTIVE_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",), "title": ("title",), "outcomes": ("outcomes",), "owner_name": ("owner", "name"),
    "owner_title": ("owner", "title"), "measure": ("measure", "name"), "unit": ("measure", "unit"),
    "baseline": ("measure", "baseline"), "target": ("measure", "target"), "current": ("measure", "current"),
    "since": ("measure", "since"), "by": ("measure", "by"), "departments": ("departments",), "notes": ("notes",)}
_NUMBERS = {"baseline", "target", "current"}
_LISTS = {"outcomes", "departments"}
_NUMBER = re.compile(r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,6})?")


def is_objective_column(column: str) -> bool:
    m = OBJECTIVE_COLUMN.match(column)
    return m is not None and m[2] in OBJECTIVE_FIELDS and int(m[1]) <= MAX_OBJECTIVES


def objective_cell(column: str, raw: str, groups: dict[int, dict[str, Any]]) -> None:
    """Put one cell's value into its objective's data (``groups`` by number)."""
    m = OBJECTIVE_COLUMN.match(column)
    assert m is not None
    name = m[2]
    target = groups.setdefault(int(m[1]), {})
    for key in OBJECTIVE_FIELDS[name][:-1]:
        target = target.setdefault(key, {})
    target[OBJECTIVE_FIELDS[name][-1]] = _value(name, raw)


def _value(name: str, raw: str) -> object:
    if name in _NUMBERS:
        text = raw.strip()
        if not _NUMBER.fullmatch(text):
            raise CellError(f"'{text[:40]}' is not a number (write it as 12 or 4.5)")
        return float(text)
    text = unguard(raw)
    if name in _LISTS:
        return [v.strip() for v in split_list(text) if v.strip()]
    return text.strip() if name in ("since", "by", "id") else text


def objective_paths(numbers: list[int]) -> dict[tuple, str]:
    """For each value path of the account's objectives (the i-th is group ``numbers[i]``), the column it came from."""
    out: dict[tuple, str] = {}
    for i, n in enumerate(numbers):
        out[("objectives", i)] = f"objective.{n}.*"
        out.update({("objectives", i, *path): f"objective.{n}.{name}" for name, path in OBJECTIVE_FIELDS.items()})
    return out


def objective_columns(count: int) -> list[str]:
    return [f"objective.{n}.{f}" for n in range(1, count + 1) for f in OBJECTIVE_FIELDS]


def objective_cells(objectives: list[Objective]) -> dict[str, str]:
    """An account's objectives as the cells :func:`objective_cell` reads back."""
    row: dict[str, str] = {}
    for n, o in enumerate(objectives, start=1):
        data = o.model_dump(mode="json", exclude_none=True)
        for name, path in OBJECTIVE_FIELDS.items():
            value: Any = data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                continue
            if name in _LISTS:
                if value:
                    row[f"objective.{n}.{name}"] = guard(join_list(value))
            elif name in _NUMBERS:
                row[f"objective.{n}.{name}"] = f"{value:g}" if abs(value) < 1e15 else str(value)
            else:
                row[f"objective.{n}.{name}"] = guard(str(value))
    return row
