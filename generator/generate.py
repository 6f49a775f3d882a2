"""The ``generate`` job: load and check every account first, then render each in memory and write it atomically.

Nothing is written until every account is known to be good, and each file is written
through a temporary file and a rename, so a failed or interrupted run never leaves a
truncated PDF behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from .errors import Location, Problem, Problems, UserError
from .files import clash_message, folder_clashes, slugify, write_files
from .inputs.loader import Library, read_account
from .inputs.models import Account
from .render.documents import render_account

log = logging.getLogger(__name__)


def load_accounts(paths: Sequence[Path], library: Library) -> list[tuple[Path, Account]]:
    """Load and check every account before anything is written, reporting all problems at once."""
    problems = Problems()
    loaded = [(path, read_account(path, library, problems)) for path in paths]
    problems.raise_if_errors()
    return [(path, account) for path, account in loaded if account is not None]


def check_slugs(accounts: list[tuple[Path, Account]]) -> None:
    """Two accounts must never write to the same folder."""
    claims = [(slugify(account.name), str(path)) for path, account in accounts]
    clashes = folder_clashes(claims)
    if clashes:
        raise UserError([Problem(Location(claims[i][1]), f"account '{accounts[i][1].name}' "
                                 f"{clash_message(claims[i][0], first)}") for i, first in clashes.items()])


def generate(paths: Sequence[Path], library: Library, out_dir: Path, as_of: date) -> Iterator[Path]:
    """Write each account's roadmap, charter and plan.json under ``out_dir``; yield every path written."""
    accounts = load_accounts(paths, library)
    check_slugs(accounts)
    for path, account in accounts:
        docs = render_account(library, account, as_of)
        yield from write_files(out_dir, docs.slug, docs.files)
        log.info("%s: plan %.3fs, html %.3fs, pdf %.3fs", path, docs.timings.plan, docs.timings.html,
                 docs.timings.pdf)
