"""An account's plans over time: each run keeps its plan under ``history/<QBR date>.plan.json``,
and the plan made for the last QBR is the baseline for "since our last review".

A plan.json is read back only if it is the contract this version writes; an older or
damaged one is refused with a message that says what it is and what to do.
"""

from __future__ import annotations

import json
import stat
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
MAX_PLAN_BYTES = 16 * 1024 * 1024  # a plan is tens of kilobytes; a larger file is not one


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
    display = display_path(path)
    data = read_limited(path, MAX_PLAN_BYTES, display, "plan.json")

    def refuse(message: str) -> UserError:
        return UserError([Problem(Location(display), message)])

    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refuse(f"not a plan.json: {exc}") from None
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if version != PLAN_SCHEMA_VERSION:
        raise refuse(f"a plan.json of schema {version!r}; this version compares against schema "
                     f"{PLAN_SCHEMA_VERSION} only (docs/plan-json.md lists the changes). Run without it, or "
                     "regenerate the last QBR's plan with this version") from None
    try:
        return Plan.model_validate(raw), data
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise refuse(f"not a valid plan.json: {where}: {first['msg']}") from None


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

    Without a history, the folder's own plan.json serves when it was made by this version for an
    earlier QBR: the folder of a run from before plans were kept.
    """
    found = []
    history = folder / HISTORY
    try:
        if stat.S_ISDIR(history.lstat().st_mode):
            for entry in history.iterdir():
                day = _qbr_of(entry.name)
                if day is not None and day < qbr and stat.S_ISREG(entry.lstat().st_mode):
                    found.append((day, entry))
    except OSError:  # no history yet, or one that cannot be read: there is nothing to compare against
        pass
    # A plan of another schema (from before an upgrade) is passed over, not fatal: the book still renders.
    for _, path in sorted(found, reverse=True):
        if _schema(path) == PLAN_SCHEMA_VERSION:
            return path
    current = folder / "plan.json"
    return current if _schema(current) == PLAN_SCHEMA_VERSION and _made_for(current) < qbr else None


def _raw(path: Path) -> dict:
    try:
        if not stat.S_ISREG(path.lstat().st_mode) or path.lstat().st_size > MAX_PLAN_BYTES:
            return {}
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _schema(path: Path) -> object:
    return _raw(path).get("schema_version")


def _made_for(path: Path) -> date:
    try:
        return date.fromisoformat(_raw(path)["account"]["next_qbr"])
    except (KeyError, TypeError, ValueError):
        return date.max


def _qbr_of(name: str) -> date | None:
    stem = name.removesuffix(".plan.json")
    if stem == name:
        return None
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None
