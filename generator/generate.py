"""The ``generate`` job: load and check every account first, then render each in memory and write it atomically.

Nothing is written until every account is known to be good, and each account's files are
written as one unit (all staged, then swapped in with the stamp last), so a failed or
interrupted run never leaves a truncated PDF, nor an account's folder half old and half new.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from .errors import Location, Problem, Problems, UserError
from .files import assign_folders, output_lock, repeat_message, write_unit
from .history import anchor, baseline, history_name, read_kept_plan
from .inputs.loader import AccountCheck, Library, check_account, display_path, read_account
from .inputs.models import Account
from .inputs.theme import LoadedTheme, customer_logo_check
from .plan.budget import PLAN_SECONDS, OverBudget, within
from .plan.models import Plan
from .plan.planner import plan
from .render.documents import render_account
from .render.english import mixed_language
from .render.fingerprint import STAMP, fingerprint
from .render.fonts import check_printable
from .render.formats import Outputs
from .render.text import BRIEF

log = logging.getLogger(__name__)

# Given each account's source and id, what puts an account's measured usage values into it (``--usage``).
UsageFor = Callable[[list[tuple[str, str | None]]], Callable[[Account], Account]]
# What an account must pass before it is rendered, on top of the library's own checks.
PRINTABLE: tuple[AccountCheck, ...] = (check_printable,)


def plannable(library: Library, as_of: date, *, every: bool = False) -> AccountCheck:
    """A check that the plan can keep every pin the CSM made; one it cannot is an error at that pin, saying why.

    The account is planned within the planner's time budget, which is an error at its name when it runs out.
    ``every``: plan every account, pins or not, so that one the planner cannot finish is refused before
    anything is written (``generate``; a batch's workers have a time limit of their own).
    """
    def check(account: Account, report: Callable[[tuple, str, str], None]) -> None:
        if not (every or any(a.pin for a in account.adjustments)) or not _known_to(library, account):
            return
        try:
            with within(PLAN_SECONDS):
                result = plan(library.map, library.playbooks[account.segment], account, as_of=as_of)
        except OverBudget as exc:
            report(("name",), "", str(exc))
            return
        index = {a.use_case: i for i, a in enumerate(account.adjustments)}
        for note in result.warnings:
            if note.code.startswith("pin_unmet"):
                i = index[str(note.values["use_case"])]
                report(("adjustments", i, "pin"), f"adjustments[{i}].pin", BRIEF.say(note))
    return check


def _known_to(library: Library, account: Account) -> bool:
    """Whether the library knows everything the account names; the planner may only be given such an account
    (its other problems are reported by the account's own checks, located, once)."""
    found = Problems()
    check_account(account, library, found, lambda loc, path: (Location(""), path))
    return not found.errors


def checks(library: Library, as_of: date, theme: LoadedTheme | None = None, *,
           plan_every: bool = False, strict_language: bool = False) -> tuple[AccountCheck, ...]:
    """Every check an account passes before it is rendered; ``plan_every``: see :func:`plannable`;
    ``strict_language``: refuse documents that would print library texts in English."""
    return (*PRINTABLE, plannable(library, as_of, every=plan_every), customer_logo_check(theme),
            *([mixed_language(library)] if strict_language else []))


def load_accounts(paths: Sequence[Path], library: Library,
                  checks: Sequence[AccountCheck] = ()) -> list[tuple[Path, Account]]:
    """Load and check every account before anything is written, reporting all problems at once."""
    problems = Problems()
    loaded = [(path, read_account(path, library, problems, checks)) for path in paths]
    problems.raise_if_errors()
    return [(path, account) for path, account in loaded if account is not None]


def folders_for(accounts: list[tuple[Path, Account]]) -> list[str]:
    """Each account's folder; the same account listed twice is refused, as it would overwrite itself."""
    folders, repeats = assign_folders([(account.name, str(path)) for path, account in accounts])
    if repeats:
        raise UserError([Problem(Location(str(accounts[i][0])), f"account '{accounts[i][1].name}' has "
                                 f"{repeat_message(first)}") for i, first in repeats.items()])
    return folders


def baselines(accounts: list[tuple[Path, Account]], folders: list[str], library: Library, out_dir: Path, *,
              as_of: date, since: Path | None) -> list[tuple[Plan, bytes] | None]:
    """Each account's last-QBR plan: ``since`` when given (one account), else the latest in its folder's history."""
    problems = Problems()
    found: list[tuple[Plan, bytes] | None] = []
    for (_, account), folder in zip(accounts, folders, strict=True):
        path = since if since is not None else baseline(out_dir / folder, anchor(library, account, as_of))
        try:
            found.append(None if path is None else read_kept_plan(path, account))
        except UserError as exc:
            problems.extend(exc.problems)
            found.append(None)
    problems.raise_if_errors()
    return found


def generate(paths: Sequence[Path], library: Library, out_dir: Path, as_of: date, *, shared: str,
             since: Path | None = None, theme: LoadedTheme | None = None,
             strict_language: bool = False, usage: UsageFor | None = None,
             outputs: Outputs | None = None) -> Iterator[Path]:
    """Write each account's roadmap, charter and plan.json under ``out_dir``; yield every path written.

    ``shared`` is the library's fingerprint: each folder gets the stamp a batch would give it,
    so a later batch knows exactly which documents these are. Each plan is compared with the
    plan for the account's last QBR (``since``, or the one kept in its folder) and kept in the
    folder's history for the next QBR. ``strict_language``: an account whose documents would mix its
    language with English is an error. ``usage``: given each account's source and id, reads their usage data
    once and returns what puts an account's measured values into it (before its fingerprint, as a batch does).
    ``outputs``: the formats to write (every one by default), which ``shared``
    covers.
    """
    accounts = load_accounts(paths, library, checks(library, as_of, theme, plan_every=True,
                                                    strict_language=strict_language))
    if usage is not None:
        measure = usage([(display_path(path), account.id) for path, account in accounts])
        accounts = [(path, measure(account)) for path, account in accounts]
    folders = folders_for(accounts)
    if since is not None and len(accounts) != 1:
        raise UserError([Problem(Location(str(since)), "--since compares one account with its last plan; give "
                                 "one account, or leave it out and each is compared with its folder's history")])
    with output_lock(out_dir):  # also finds an unwritable output folder before any rendering
        previous = baselines(accounts, folders, library, out_dir, as_of=as_of, since=since)
        for (path, account), folder, last in zip(accounts, folders, previous, strict=True):
            docs = render_account(library, account, as_of, last[0] if last else None, theme, outputs=outputs)
            plan_json = docs.files["plan.json"]
            qbr = anchor(library, account, as_of)
            stamp = fingerprint(shared, account, as_of, last[1] if last else b"")
            # One unit: a run stopped anywhere leaves the folder as it was, or one the next batch renders again.
            yield from write_unit(out_dir, folder, {**docs.files, history_name(qbr): plan_json},
                                  (STAMP, stamp.encode() + b"\n"), stale=(outputs or Outputs()).left_out)
            log.info("%s: plan %.3fs, html %.3fs, pdf %.3fs, office %.3fs", path, docs.timings.plan,
                     docs.timings.html, docs.timings.pdf, docs.timings.office)
