"""A whole book of accounts: collect them, skip what has not changed, render the rest in isolation, report.

One bad account never stops the others: invalid input, a failed render, a crashed or
runaway worker each fail that account alone, with the reason in the report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Location, Problem, Problems, UserError
from ..files import assign_folders, inside, repeat_message, sweep_ours, write_unit
from ..history import HISTORY, anchor, baseline, history_name, read_kept_plan
from ..inputs.csv_accounts import RawRow, read_csv_rows
from ..inputs.loader import AccountCheck, Library, display_path, read_account
from ..inputs.models import Account
from ..inputs.theme import LoadedTheme
from ..render.fingerprint import STAMP, fingerprint
from ..render.formats import Outputs
from .pool import Limits, LocalPool, Outcome, Task

OUTPUTS = Outputs().names  # every format: what a batch writes unless told otherwise


@dataclass
class Entry:
    """One account of a batch and what became of it."""

    source: str
    name: str = ""
    slug: str = ""
    status: str = "pending"  # generated | unchanged | failed
    reason: str = ""
    seconds: float = 0.0
    account: Account | None = field(default=None, repr=False)
    row: RawRow | None = field(default=None, repr=False)  # a CSV row not checked yet: it is, just before rendering
    fingerprint: str = field(default="", repr=False)
    qbr: date | None = field(default=None, repr=False)  # the QBR its plan is for, which names its history file


def collect(source: Path, library: Library, checks: Sequence[AccountCheck] = ()) -> list[Entry]:
    """Accounts from a folder of YAML files or a CSV export; invalid ones come back already failed.

    A CSV's rows are read whole first but checked one by one as the batch reaches them (with
    ``checks`` given to :func:`run_batch`), so the first documents come at once.
    """
    if source.is_file() and source.suffix.lower() == ".csv":
        file_problems, rows = read_csv_rows(source, library)
        if file_problems:
            raise UserError(file_problems)
        return [Entry(str(r.location), name=r.name, row=r) for r in rows]
    if not source.is_dir():
        raise UserError([Problem(Location(display_path(source)),
                                 "expected a folder of account YAML files or a .csv file")])
    entries = []
    # Every .yaml entry is an account or a line in the report: a folder, a pipe or a link loop is not skipped silently.
    for path in sorted(p for p in source.iterdir() if p.suffix in (".yaml", ".yml")):
        problems = Problems()
        account = read_account(path, library, problems, checks)
        entries.append(_entry(display_path(path), account, problems.errors))
    if not entries:
        raise UserError([Problem(Location(display_path(source)), "no account files (*.yaml) in this folder")])
    return entries


def entry_id(entry: Entry) -> str | None:
    """The id the entry's account is joined to usage data on: its file's, or its CSV row's ``id`` cell."""
    if entry.account is not None:
        return entry.account.id
    if entry.row is not None and "id" in entry.row.header:
        return entry.row.cells[entry.row.header.index("id")].strip() or None
    return None


def _entry(source: str, account: Account | None, problems: list[Problem]) -> Entry:
    if account is None:
        reason = reason_for(source, problems) or "invalid account"
        return Entry(source, status="failed", reason=reason)
    return Entry(source, name=account.name, account=account)


def reason_for(source: str, problems: Sequence[Problem]) -> str:
    """An entry's problems as one line of the report, each at its line in the file the entry names."""
    return "; ".join(f"{_where(source, p.location)}{p.path + ': ' if p.path else ''}{p.message}" for p in problems)


def _where(source: str, where: Location) -> str:
    if str(where) == source:  # a CSV row: the entry is that row, and the report names it once
        return ""
    if where.file != source:  # another file (a kept plan): named in full
        return f"{where}: "
    if where.line and not where.unit:  # the entry names the file already; a CSV row is in its source too
        return f"line {where.line}{f':{where.column}' if where.column else ''}: "
    return ""


def unchanged(out_dir: Path, entry: Entry, names: tuple[str, ...] = OUTPUTS) -> bool:
    folder = inside(out_dir, entry.slug)
    stamp = folder / STAMP
    return (stamp.is_file() and stamp.read_text().strip() == entry.fingerprint
            and all((folder / name).is_file() for name in names))


def _claim_folders(entries: list[Entry]) -> None:
    live = [e for e in entries if e.status != "failed"]
    folders, repeats = assign_folders([(e.name, e.source) for e in live])
    for entry, folder in zip(live, folders, strict=True):
        entry.slug = folder
    for i, first in repeats.items():
        live[i].status, live[i].reason = "failed", repeat_message(first)


def sweep_temporary_files(out_dir: Path) -> int:
    """Remove temporary files a hard-killed earlier run may have left; return how many."""
    if not out_dir.is_dir() or out_dir.is_symlink():
        return 0
    # Never through a link: a linked folder may be anybody's, and its files are not ours to delete.
    folders = [out_dir] + [Path(e.path) for e in os.scandir(out_dir) if e.is_dir(follow_symlinks=False)]
    return sum(sweep_ours(folder) + sweep_ours(folder / HISTORY) for folder in folders)


Runner = Callable[[Iterable[Task]], Iterable[Outcome]]
Measure = Callable[[Account], Account]


def run_batch(entries: list[Entry], out_dir: Path, *, library: Library, shared: str, as_of: date, force: bool,
              runner: Runner, on_update: Callable[[Entry, list[Entry]], None] = lambda e, all_: None,
              theme: LoadedTheme | None = None, checks: Sequence[AccountCheck] = (),
              claimed: bool = False, measure: Measure | None = None, outputs: Outputs | None = None) -> list[Entry]:
    """Render every pending entry with ``runner`` and write its files; mark unchanged and failed ones.

    Tasks are made as the runner asks for them, so rendering starts with the first account. CSV rows
    are checked against the ``library`` (with ``checks``) as they are reached, and each account is
    compared with the plan kept for its last QBR in its folder. ``claimed``: the entries' folders were
    given out over the whole book already (a run of some of its accounts). ``measure``: puts an account's
    measured usage values into it, before its fingerprint, so that changed usage renders it again.
    ``outputs``: the formats to write (every one by default); the ``shared`` fingerprint must cover them.
    """
    want = outputs or Outputs()
    if not claimed:
        _claim_folders(entries)
    sweep_temporary_files(out_dir)

    def tasks() -> Iterator[Task]:
        for i, e in enumerate(entries):
            task = _task(i, e, out_dir, shared=shared, as_of=as_of, force=force, library=library, theme=theme,
                         checks=checks, measure=measure, outputs=want)
            if task is None:
                on_update(e, entries)
            else:
                yield task

    for outcome in runner(tasks()):
        e = entries[outcome.index]
        e.seconds = outcome.seconds
        if outcome.ok:
            try:
                _write(out_dir, e, outcome.files, want)
                e.status = "generated"
            except OSError as exc:  # a link out of the output folder, a full disk: this account fails alone
                e.status, e.reason = "failed", f"cannot write its files: {exc.strerror or exc}"
        else:
            e.status, e.reason = "failed", outcome.error
        on_update(e, entries)
    return entries


def _task(i: int, e: Entry, out_dir: Path, *, shared: str, as_of: date, force: bool, library: Library,
          theme: LoadedTheme | None, checks: Sequence[AccountCheck], measure: Measure | None = None,
          outputs: Outputs | None = None) -> Task | None:
    """The entry's task, or None once it is marked failed or unchanged."""
    if e.status != "failed" and e.row is not None:
        checked = e.row.check(library, checks)
        e.row = None
        if checked.account is None:
            e.status = "failed"
            e.reason = reason_for(e.source, checked.problems)
        e.account = checked.account
    if e.status == "failed":
        return None
    assert e.account is not None
    if measure is not None:
        e.account = measure(e.account)
    try:
        previous = _previous(library, out_dir, e, as_of)
    except UserError as exc:  # a damaged or older plan in its history: this account fails alone, and says why
        e.status, e.reason = "failed", reason_for(e.source, exc.problems)
        return None
    e.fingerprint = fingerprint(shared, e.account, as_of, previous or b"")
    try:
        fresh = not force and unchanged(out_dir, e, (outputs or Outputs()).names)
    except OSError as exc:  # its folder links out of the output folder: nothing to render it for
        e.status, e.reason = "failed", f"cannot write its files: {exc.strerror or exc}"
        return None
    if fresh:
        e.status = "unchanged"
        return None
    task = Task(i, e.account.model_dump_json(), previous.decode() if previous else None,
                str(theme.folder) if theme is not None else None, outputs)
    e.account = None  # the worker has it now; a big book must not stay in the parent
    return task


def is_current(out_dir: Path, entry: Entry, *, library: Library, shared: str, as_of: date,
               names: tuple[str, ...] = OUTPUTS) -> bool:
    """Whether the entry's folder holds its documents for exactly these inputs, as a batch would leave them."""
    try:
        previous = _previous(library, out_dir, entry, as_of)
        assert entry.account is not None
        entry.fingerprint = fingerprint(shared, entry.account, as_of, previous or b"")
        return unchanged(out_dir, entry, names)
    except (UserError, OSError):  # a damaged history or a folder that links out: a batch would not call it current
        return False


def _previous(library: Library, out_dir: Path, entry: Entry, as_of: date) -> bytes | None:
    """The plan for the entry's last QBR, checked, as bytes for its worker; None without one."""
    if entry.account is None:
        return None
    entry.qbr = anchor(library, entry.account, as_of)
    try:
        folder = inside(out_dir, entry.slug)
    except OSError:  # a folder that links out: the check that follows fails it with its reason
        return None
    path = baseline(folder, entry.qbr)
    if path is None:
        return None
    return read_kept_plan(path, entry.account)[1]  # refused here, with its location, rather than in a worker


def _write(out_dir: Path, entry: Entry, data: dict[str, bytes], want: Outputs) -> None:
    kept = {history_name(entry.qbr): data["plan.json"]} if entry.qbr is not None else {}
    # One unit, stamp last: a run stopped anywhere leaves the old files and stamp, or no stamp and a new render.
    write_unit(out_dir, entry.slug, {**{name: data[name] for name in want.names}, **kept},
               (STAMP, entry.fingerprint.encode() + b"\n"), stale=want.left_out)


def local_runner(library: Library, as_of: date, jobs: int, limits: Limits) -> Runner:
    return lambda tasks: LocalPool(library, as_of, jobs, limits).run(tasks)
