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
from .plan.models import PLAN_SCHEMA_VERSION, Plan

HISTORY = "history"
MAX_PLAN_BYTES = 4 * 1024 * 1024  # a plan is tens of kilobytes (the samples' are under 40 KB); a larger file is not one
MAX_DEPTH = 32  # a plan is 8 levels deep; deeper nesting only runs the parser out of stack
MAX_DIGITS = 20  # counts stop at ten million and floats print in at most 17 digits; 5,000 digits is an attack
MAX_TEXT_BYTES = 64 * 1024  # an input text is at most 2,000 characters (8 KB); a kept one far longer is not ours
KEPT_ADVICE = "; restore this kept plan from a backup, or remove it and the account is planned without its last review"
# The tokens that matter before parsing: a whole string (skipped over, but measured), a bracket, a long number.
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]|\d{%d,}' % (MAX_DIGITS + 1), re.DOTALL)


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
    if version != PLAN_SCHEMA_VERSION:
        raise _refuse(display, f"a plan.json of schema {version!r}; this version compares against schema "
                      f"{PLAN_SCHEMA_VERSION} only (docs/plan-json.md lists the changes). Run without it, or "
                      "regenerate the last QBR's plan with this version")
    try:
        return Plan.model_validate(raw), data
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _refuse(display, f"not a valid plan.json: {where}: {first['msg']}") from None


def parse_bounded(data: bytes, display: str) -> object:
    """JSON ``data`` parsed, once it is known not to nest, count or talk past what a plan ever does."""
    _scan(data, display)
    try:
        return json.loads(data, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, _NotJson) as exc:
        where = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        raise UserError([Problem(Location(display, *where), f"not a plan.json: {_plain(exc)}")]) from None


def _scan(data: bytes, display: str) -> None:
    depth = 0
    for token in _TOKEN.finditer(data):
        text = token.group()
        depth += {b"[": 1, b"{": 1, b"]": -1, b"}": -1}.get(text, 0)
        what = _beyond_limits(text, depth)
        if what:
            line = data.count(b"\n", 0, token.start()) + 1
            column = token.start() - data.rfind(b"\n", 0, token.start())
            raise UserError([Problem(Location(display, line, column), f"not a plan.json: {what}")])


def _beyond_limits(token: bytes, depth: int) -> str:
    """What is wrong with a token (a string, a bracket, a long number) at this depth; '' when nothing is."""
    if token[:1] == b'"':
        return f"a text of {len(token):,} bytes; the limit is {MAX_TEXT_BYTES:,}" if len(token) > MAX_TEXT_BYTES else ""
    if token in (b"[", b"{", b"]", b"}"):
        return f"nesting deeper than {MAX_DEPTH} levels" if depth > MAX_DEPTH else ""
    return f"a number of {len(token):,} digits; the limit is {MAX_DIGITS}"


class _NotJson(ValueError):
    pass


def _no_constant(name: str) -> object:
    raise _NotJson(f"{name} is not a JSON number")


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
    return type(version) is int and version < PLAN_SCHEMA_VERSION


def _qbr_of(name: str) -> date | None:
    stem = name.removesuffix(".plan.json")
    if stem == name:
        return None
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None
