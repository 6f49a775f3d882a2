"""The decision form, read strictly: every field a bounded string of the characters it may hold, or a problem.

Anything can be posted, not only what the page's controls send; a field that is not what
is expected is a problem named by its field, never an exception.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from starlette.datastructures import FormData

from ..errors import Location, Problem
from .edit import Decision

KINDS = ("pin", "skip", "defer", "remove")
USE_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the shape of a use-case id in the library
USE_CASE_MAX = 64  # as long as a use-case id may be in the library
REASON_MAX = 2000  # as long as a reason may be in an account file
QUARTER = re.compile(r"[0-9]{1,2}")  # ASCII only: int() would also read '²' or '٣'
QUARTERS = range(1, 13)  # a pin may name any of three years' quarters; the plan says which exist
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat alone also reads '20270401' and week dates
WHERE = Location("form")


def field(form: FormData, name: str) -> str | None:
    """The field's text; None when it is a file, which no field of this form is."""
    value = form.get(name)
    return "" if value is None else value if isinstance(value, str) else None


def decision(form: FormData) -> tuple[Decision | None, list[Problem]]:
    """The decision a form describes, or what is wrong with the form, field by field."""
    problems: list[Problem] = []
    use_case = _use_case(field(form, "use_case"), problems)
    kind = field(form, "kind") or ""
    if kind not in KINDS:
        problems.append(Problem(WHERE, "choose pin, skip, defer or remove", "kind"))
    reason = _reason(field(form, "reason"), kind, problems)
    quarter = _quarter(field(form, "quarter"), problems) if kind == "pin" else None
    until = _until(field(form, "until"), problems) if kind == "defer" else None
    if problems:
        return None, problems
    return Decision(use_case, kind, reason, quarter, until), []


def _use_case(text: str | None, problems: list[Problem]) -> str:
    if not text:
        problems.append(Problem(WHERE, "choose a use case", "use_case"))
    elif len(text) > USE_CASE_MAX or not USE_CASE.fullmatch(text):
        problems.append(Problem(WHERE, "unknown use case: choose one from the list", "use_case"))
    return text or ""


def _reason(text: str | None, kind: str, problems: list[Problem]) -> str:
    if text is None:
        problems.append(Problem(WHERE, "give the reason as text", "reason"))
        return ""
    reason = " ".join(text.split())
    if len(reason) > REASON_MAX:
        problems.append(Problem(WHERE, f"keep the reason to {REASON_MAX:,} characters", "reason"))
    elif any(unicodedata.category(c) in ("Cc", "Cs") for c in reason):
        problems.append(Problem(WHERE, "the reason holds a control character; type it again",
                                "reason"))
    elif kind != "remove" and not reason:
        problems.append(Problem(WHERE, "say why, in words the customer may read: it is printed with the decision",
                                "reason"))
    return reason


def _quarter(text: str | None, problems: list[Problem]) -> int | None:
    if text and QUARTER.fullmatch(text) and int(text) in QUARTERS:
        return int(text)
    problems.append(Problem(WHERE, f"choose the quarter it starts in, {QUARTERS[0]} to {QUARTERS[-1]}", "quarter"))
    return None


def _until(text: str | None, problems: list[Problem]) -> date | None:
    try:
        if text and DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    problems.append(Problem(WHERE, "give the date to wait for, as YYYY-MM-DD", "until"))
    return None
