"""Dates for the plan: months that add like a person expects, and quarters cut at QBRs."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MIN_PERIOD = timedelta(days=14)


@dataclass(frozen=True)
class Period:
    """One planning quarter: from ``start`` up to ``end``, reviewed at the QBR on ``qbr``."""

    start: date
    end: date
    qbr: date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cut_quarters(next_qbr: date, every_months: int, count: int, as_of: date) -> list[Period]:
    """Cut the plan into ``count`` quarters that end at QBRs, so that each QBR reviews one quarter.

    QBRs fall on ``next_qbr`` and every ``every_months`` after it; a QBR already past is
    rolled forward. A first stretch shorter than two weeks is no quarter of its own: it
    joins the next one.
    """
    k = 0
    while add_months(next_qbr, k * every_months) <= as_of:
        k += 1
    if add_months(next_qbr, k * every_months) - as_of < MIN_PERIOD:
        k += 1
    periods: list[Period] = []
    start = as_of
    for i in range(k, k + max(count, 1)):
        qbr = add_months(next_qbr, i * every_months)
        periods.append(Period(start, qbr, qbr))
        start = qbr
    return periods
