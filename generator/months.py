"""Months that add like a person expects: the same day a month later, clamped to the month's end."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=16)
def shortest_period_days(months: int) -> int:
    """Days in the shortest stretch of ``months`` months that any start day can give (89 for three months)."""
    start = date(2023, 1, 1)  # four years cover every leap-year case
    return min((add_months(date.fromordinal(start.toordinal() + d), months)
                - date.fromordinal(start.toordinal() + d)).days for d in range(4 * 366))
