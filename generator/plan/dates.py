"""Dates for the plan: the QBR it is anchored to, the stretch before it, and whole QBR periods after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..inputs.playbook_calendar import QuietPeriod
from ..months import add_months
from .workdays import WorkingDays

__all__ = ["Calendar", "Period", "Slot", "add_months", "plan_calendar", "shift_out_of"]


SlotKind = Literal["start", "finish"]


@dataclass(frozen=True)
class Slot:
    """Where the walk put one use case: its quarter (0 before the QBR), dates, and whether it starts or ends a pilot."""

    quarter: int
    start: date
    end: date
    kind: SlotKind


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
    moved_because: str | None = None  # why the QBR on file could not be kept: 'weekend', a holiday, 'quiet'


def plan_calendar(next_qbr: date, every_months: int, count: int, as_of: date, *,
                  days: WorkingDays | None = None, rebook_days: int = 14) -> Calendar:
    """Anchor the plan at the QBR it is prepared for, and cut the year after it into whole QBR periods.

    A ``next_qbr`` already past is rebooked ``rebook_days`` after ``as_of`` (and reported, since
    the account's date needs fixing): the customer meets within weeks, not a whole cadence later.
    Every QBR falls on a working day of the account (``days``); one on file that does not is moved
    to the next, and the reason kept. The days between ``as_of`` and the anchor are the lead-in.
    """
    days = days or WorkingDays(None)
    passed = next_qbr < as_of
    wanted = as_of + timedelta(days=rebook_days) if passed else next_qbr
    anchor = days.on_or_after(wanted)
    moved_because = days.why_not(wanted) if not passed and anchor != wanted else None
    lead_in = Period(as_of, anchor, anchor) if anchor > as_of else None
    quarters, start = [], anchor
    for i in range(1, max(count, 1) + 1):
        end = days.on_or_after(add_months(anchor, i * every_months))
        quarters.append(Period(start, end, end))
        start = end
    return Calendar(anchor, lead_in, quarters, qbr_passed=passed, moved_because=moved_because)


def shift_out_of(day: date, quiet: Sequence[QuietPeriod]) -> date:
    """``day``, or the first day after the quiet periods it falls in."""
    for _ in range(len(quiet) + 1):  # moving out of one period may land in the next
        moved = next((m for p in quiet if (m := p.moves(day)) is not None), None)
        if moved is None:
            return day
        day = moved
    return day
