"""A book's usage: read once for all its accounts, then each account's measured values put into it before planning."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Location, Problem, UserError
from ..inputs.models import Account
from ..inputs.usecase_map import UseCaseMap
from .derive import derive
from .library import load_metrics
from .measure import lookback_days
from .metrics import MetricsFile
from .read import Engine, read_usage
from .summary import Usage

SHOWN_UNKNOWN = 5  # account ids without an account named in the report; the rest are counted


@dataclass(frozen=True, eq=False)
class BookUsage:
    """The usage summary of a book and what it needs to measure an account."""

    metrics: MetricsFile
    usage: Usage
    umap: UseCaseMap
    without_id: int = 0  # accounts of the book with no id to join on

    def derive(self, account: Account) -> Account:
        """The account with its measured values, or as it is when the data has nothing for it."""
        if account.id is None or account.id not in self.usage.accounts:
            return account
        return derive(account, self.usage.accounts[account.id], self.metrics, self.umap, self.usage.as_of)

    def report(self) -> list[str]:
        """What was read and what was not used, for a person: nothing is dropped without saying so."""
        u = self.usage
        lines = [f"usage: {u.rows:,} rows from {u.files:,} file(s) up to {u.as_of}; "
                 f"{len(u.accounts):,} account(s) of the book have usage data"]
        if u.unknown:
            shown = ", ".join(f"{i} ({n:,})" for i, n in sorted(u.unknown.items(), key=lambda kv: (-kv[1], kv[0]))
                              [:SHOWN_UNKNOWN])
            more = len(u.unknown) - SHOWN_UNKNOWN
            lines.append(f"usage: {u.unknown.total():,} rows for {len(u.unknown):,} account id(s) the book does not "
                         f"have, not used: {shown}" + (f" and {more:,} more" if more > 0 else ""))
        if u.after_as_of:
            lines.append(f"usage: {u.after_as_of:,} rows dated after {u.as_of}, not used")
        if u.no_account:
            lines.append(f"usage: {u.no_account:,} events without context.groupId (no account), not used")
        if self.without_id:
            lines.append(f"usage: {self.without_id:,} account(s) have no id to join usage on; their values are "
                         f"as typed")
        return lines


def read_book_usage(path: Path, usecases_dir: Path, umap: UseCaseMap, ids: Sequence[tuple[str, str | None]],
                    as_of: date, *, engine: Engine | None = None) -> BookUsage:
    """Read the usage at ``path`` for the accounts (source, id) of a book; two accounts with one id are refused."""
    metrics = load_metrics(usecases_dir, umap)
    counts = Counter(i for _, i in ids if i is not None)
    twice = [Problem(Location(source), f"id '{i}' is also another account's; usage data is joined on it, so each "
                                       "account needs its own") for source, i in ids if i is not None and counts[i] > 1]
    if twice:
        raise UserError(twice)
    known = frozenset(counts)
    usage = read_usage(path, metrics, known, as_of, lookback_days(metrics, umap), engine=engine)
    return BookUsage(metrics, usage, umap, without_id=sum(1 for _, i in ids if i is None))
