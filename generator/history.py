"""An account's plans over time: each run keeps its plan under ``history/<QBR date>.plan.json``,
and the plan made for the last QBR is the baseline for "since our last review".

A plan.json is read back only if it is the contract this version writes, and only within
limits (size, nesting, numbers, texts) no plan comes near; an older or damaged one is
refused with a message that says what it is and what to do. A damaged kept plan is never
passed over for an older one.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from .errors import Location, Problem, UserError
from .inputs.loader import Library, display_path
from .inputs.models import Account
from .inputs.yamlsource import read_limited
from .plan.dates import plan_calendar
from .plan.models import COMPARABLE_VERSIONS, Plan

HISTORY = "history"
MAX_PLAN_BYTES = 2 * 1024 * 1024  # a plan is tens of kilobytes (the samples' under 40 KB), as large as a YAML input
MAX_DEPTH = 32  # a plan is 8 levels deep; deeper nesting only runs the parser out of stack
MAX_DIGITS = 20  # counts stop at ten million and floats print in at most 17 digits; 5,000 digits is an attack
MAX_VALUES = 100_000  # the samples hold under 2,000; parsing a million takes seconds and a hundred megabytes
MAX_TEXT_CHARS = 20_000  # ten times the longest text an input may hold (2,000 characters)
KEPT_ADVICE = "; restore this kept plan from a backup, or remove it and the account is planned without its last review"
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # one JSON string, escapes and all, matched in C
_NESTED = f"nesting deeper than {MAX_DEPTH} levels"
_SQUARE, _NOT_BRACKETS = bytes.maketrans(b"{}", b"[]"), bytes(set(range(256)) - set(b"[]{}"))


def history_name(qbr: date) -> str:
    """Where a plan for the QBR on ``qbr`` is kept, inside the account's folder."""
    return f"{HISTORY}/{qbr.isoformat()}.plan.json"


def anchor(library: Library, account: Account, as_of: date) -> date:
    """The QBR a plan made today for ``account`` is prepared for."""
    book = library.playbooks[account.segment]
    return plan_calendar(account.next_qbr, book.qbr_every_months, book.periods, as_of).anchor


def read_plan(path: Path) -> Plan:
    """A plan.json written by this version; anything else is a located error."""
    return _read(path)[0]


def _read(path: Path) -> tuple[Plan, bytes]:
    try:
        return _validated(path)
    except UserError as exc:
        if path.parent.name != HISTORY:
            raise
        # One kept by a run: the CSM did not give it, so say what to do with it.
        raise UserError([replace(p, message=p.message + KEPT_ADVICE) for p in exc.problems]) from None


def _validated(path: Path) -> tuple[Plan, bytes]:
    display = display_path(path)
    data = read_limited(path, MAX_PLAN_BYTES, display, "plan.json")
    raw = parse_bounded(data, display)
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if type(version) is not int or version not in COMPARABLE_VERSIONS:
        raise _refuse(display, f"a plan.json of schema {version!r}; this version compares against schema "
                      f"{' or '.join(map(str, COMPARABLE_VERSIONS))} only (docs/plan-json.md lists the changes). "
                      "Run without it, or regenerate the last QBR's plan with this version")
    try:
        return Plan.model_validate(raw), data
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _refuse(display, f"not a valid plan.json: {where}: {first['msg']}") from None


def parse_bounded(data: bytes, display: str) -> object:
    """JSON ``data`` parsed, refused where it nests, counts or talks past what a plan ever does."""
    shape = _STRING.sub(b'""', data)  # what is outside strings, where the parser's work lies
    too_much = _too_much(shape)
    if too_much:
        raise _refuse(display, f"not a plan.json: {too_much}")
    try:
        raw = json.loads(data, parse_int=_number, parse_constant=_constant)
    except RecursionError:  # brackets left open, which the count before cannot pair
        raise _refuse(display, f"not a plan.json: {_NESTED}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        raise UserError([Problem(Location(display, *where), f"not a plan.json: {_plain(exc)}")]) from None
    _check_values(raw, display)
    return raw


def _too_much(shape: bytes) -> str:
    """What makes a file too much to parse, found at C speed from what is outside its strings; '' if nothing."""
    if shape.count(b",") > MAX_VALUES:
        return f"more than {MAX_VALUES:,} values"
    brackets = shape.translate(_SQUARE, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):  # each pass takes away every innermost pair
        brackets = brackets.replace(b"[]", b"")
    # A pair left, or more brackets opened in a row than a plan nests (a file cut short, or never closed).
    return _NESTED if b"[]" in brackets or b"[" * (MAX_DEPTH + 1) in brackets else ""


class _Beyond:
    """A value the parser met that no plan holds, kept in place so the check after says where it was."""

    def __init__(self, what: str):
        self.what = what


def _number(text: str) -> int | _Beyond:
    return int(text) if len(text) <= MAX_DIGITS else _Beyond(f"a number of {len(text):,} digits; the limit is "
                                                              f"{MAX_DIGITS}")


def _constant(name: str) -> _Beyond:
    return _Beyond(f"{name} is not a JSON number")


def _check_values(raw: object, display: str) -> None:
    """Refuse, at its path, the first text longer than a plan's or number the parser was not to make."""
    stack = [raw]
    while stack:  # no path kept on the way: a file of a million values must not take seconds
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
            stack.extend(value)  # a key is a text too
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, _Beyond) or (isinstance(value, str) and len(value) > MAX_TEXT_CHARS):
            what = value.what if isinstance(value, _Beyond) else (f"a text of {len(value):,} characters; the "
                                                                   f"limit is {MAX_TEXT_CHARS:,}")
            raise UserError([Problem(Location(display), what, _path_to(raw, value) or "")])


def _path_to(raw: object, target: object) -> str | None:
    """Where ``target`` is in ``raw``, as 'items.0.title'; None when it is not there."""
    if raw is target:
        return ""
    pairs = raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    for key, item in pairs:
        if key is target:
            return str(key)[:40]  # a key far too long, named by its start
        below = _path_to(item, target)
        if below is not None:
            return f"{key}.{below}" if below else str(key)
    return None


def _plain(exc: Exception) -> str:
    """What the parser says, without its dangling 'starting at': the location is given already."""
    return exc.msg.removesuffix(" starting at") if isinstance(exc, json.JSONDecodeError) else str(exc)


def _refuse(display: str, message: str) -> UserError:
    return UserError([Problem(Location(display), message)])


def read_plan_for(path: Path, account: Account) -> Plan:
    """The plan.json at ``path``, refused unless it was made for this account."""
    return read_kept_plan(path, account)[0]


def read_kept_plan(path: Path, account: Account) -> tuple[Plan, bytes]:
    """:func:`read_plan_for`, with the file's bytes as read (once): what a worker and a fingerprint take."""
    previous, data = _read(path)
    if previous.account.name != account.name:
        raise UserError([Problem(Location(display_path(path)), f"this plan.json is for '{previous.account.name}', "
                                 f"not '{account.name}'; give the plan made for this account at its last QBR")])
    return previous, data


def baseline(folder: Path, qbr: date) -> Path | None:
    """The plan kept for the latest QBR before ``qbr`` in an account's folder, if any (links are not followed).

    Without a history folder, the folder's own plan.json serves when it was made by this version
    for an earlier QBR: the folder of a run from before plans were kept.
    """
    history = folder / HISTORY
    try:
        if not stat.S_ISDIR(history.lstat().st_mode):
            return _legacy(folder / "plan.json", qbr)
        found = [(day, entry) for entry in history.iterdir()
                 if (day := _qbr_of(entry.name)) is not None and day < qbr and stat.S_ISREG(entry.lstat().st_mode)]
    except FileNotFoundError:
        return _legacy(folder / "plan.json", qbr)
    except OSError:  # a history that cannot be listed: nothing to compare against
        return None
    # A plan of an older schema (from before an upgrade) is passed over: the book still renders. A damaged
    # one is the baseline still, so that reading it says what is wrong rather than comparing with an older plan.
    for _, path in sorted(found, reverse=True):
        raw = _peek(path)
        if raw is None or not _older(raw):
            return path
    return None


def _legacy(current: Path, qbr: date) -> Path | None:
    """The folder's own plan.json as the baseline, when it is a regular file for an earlier QBR (or damaged)."""
    try:
        if not stat.S_ISREG(current.lstat().st_mode):
            return None
    except OSError:
        return None
    raw = _peek(current)
    if raw is None:
        return current
    if _older(raw):
        return None
    account = raw.get("account")
    try:
        return current if date.fromisoformat(account["next_qbr"]) < qbr else None  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return current  # not a plan this version wrote, which reading it says


def _peek(path: Path) -> dict | None:
    """The JSON object in a kept plan, read within the limits; None when it is damaged."""
    try:
        raw = parse_bounded(read_limited(path, MAX_PLAN_BYTES, str(path), "plan.json"), str(path))
    except UserError:
        return None
    return raw if isinstance(raw, dict) else None


def _older(raw: dict) -> bool:
    version = raw.get("schema_version")
    return type(version) is int and version < min(COMPARABLE_VERSIONS)


def _qbr_of(name: str) -> date | None:
    stem = name.removesuffix(".plan.json")
    if stem == name:
        return None
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None
