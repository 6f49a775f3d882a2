"""What a book's usage comes to per account: each metric's daily values in the window the rules look at.

Rows are summarised as they are read, so a book's usage is held as one value per account, department,
metric and day in that window, never as its rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

Key = tuple[str | None, str]  # (department or None for the whole account, metric)


@dataclass
class AccountUsage:
    """One account's metrics: per (department, metric), the value of each day in the window."""

    series: dict[Key, dict[date, float]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # metrics the data has for it at all, up to the as-of date

    def add(self, department: str | None, metric: str, day: date, value: float, *, largest: bool) -> None:
        """Add one day's value; values of one key and day add up, or the largest is kept (``largest``: users)."""
        days = self.series.setdefault((department, metric), {})
        old = days.get(day)
        days[day] = value if old is None else max(old, value) if largest else old + value

    def departments(self, metric: str) -> list[str]:
        return sorted(d for d, m in self.series if m == metric and d is not None)


@dataclass
class Usage:
    """A book's usage up to ``as_of``: per account id its summary, and what was read but not used."""

    as_of: date
    start: date  # the first day kept: the rules look no further back
    accounts: dict[str, AccountUsage] = field(default_factory=dict)
    unknown: Counter[str] = field(default_factory=Counter)  # rows (or events) per account id the book lacks
    after_as_of: int = 0  # rows dated after the as-of date: never used
    rows: int = 0  # rows (or events) read
    skipped_calls: int = 0  # Segment calls other than track (identify, page, group)
    no_account: int = 0  # track events without context.groupId
    files: int = 0

    def account(self, account_id: str) -> AccountUsage:
        return self.accounts.setdefault(account_id, AccountUsage())


def window_start(as_of: date, lookback_days: int) -> date:
    """The first day of a window of ``lookback_days`` days ending on ``as_of``."""
    return as_of - timedelta(days=lookback_days - 1)
