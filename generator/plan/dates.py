"""Dates for the plan: the QBR it is anchored to, the stretch before it, and whole QBR periods after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..inputs.playbook import QuietPeriod
from ..months import add_months

__all__ = ["Calendar", "Period", "add_months", "plan_calendar", "shift_out_of"]


@dataclass(frozen=True)
class Period:
    """One planning period: from ``start`` up to ``end``, reviewed at the QBR on ``qbr``."""

    start: date
    end: date
    qbr: date


@dataclass(frozen=True)
class Calendar:
    """The plan's dates: the QBR it is prepared for, the lead-in before it, and the quarters of its year."""

    anchor: date
    lead_in: Period | None
    quarters: list[Period]
    qbr_passed: bool


def plan_calendar(next_qbr: date, every_months: int, count: int, as_of: date) -> Calendar:
    """Anchor the plan at the QBR it is prepared for, and cut the year after it into whole QBR periods.

    A ``next_qbr`` already past is rolled forward by the QBR cadence (and reported, since the
    account's date needs fixing). The days between ``as_of`` and the anchor are the lead-in.
    """
    k = 0
    while add_months(next_qbr, k * every_months) < as_of:
        k += 1
    anchor = add_months(next_qbr, k * every_months)
    lead_in = Period(as_of, anchor, anchor) if anchor > as_of else None
    quarters = []
    for i in range(max(count, 1)):
        start, end = add_months(anchor, i * every_months), add_months(anchor, (i + 1) * every_months)
        quarters.append(Period(start, end, end))
    return Calendar(anchor, lead_in, quarters, qbr_passed=k > 0)


def shift_out_of(day: date, quiet: Sequence[QuietPeriod]) -> date:
    """``day``, or the first day after the quiet periods it falls in."""
    for _ in range(len(quiet) + 1):  # moving out of one period may land in the next
        moved = next((m for p in quiet if (m := p.moves(day)) is not None), None)
        if moved is None:
            return day
        day = moved
    return day
