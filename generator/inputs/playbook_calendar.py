"""A playbook's calendar: the stretches of the year nothing is booked in, and when replaced tools are switched off."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Annotated

from pydantic import Field, Strict

from .fields import MonthDay, StrictModel


class QuietPeriod(StrictModel):
    start: MonthDay = Field(description="First day, as MM-DD (12-15).")
    end: MonthDay = Field(description="Last day, as MM-DD (01-05); before start means it runs over New Year.")

    def moves(self, day: date) -> date | None:
        """The day after this period when ``day`` falls in it, else None."""
        for year in (day.year - 1, day.year):  # a period over New Year may have begun the year before
            first = _on(year, self.start)
            last = _on(year if self.start <= self.end else year + 1, self.end)
            if first <= day <= last:
                return last + timedelta(days=1)
        return None


def _on(year: int, month_day: str) -> date:
    month, day = map(int, month_day.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class Retirement(StrictModel):
    lead_weeks: Annotated[int, Strict(), Field(ge=0, le=52)] = Field(
        8, description="Weeks between a use case being adopted and the tool it replaces being switched off.")
    at_risk_lead_weeks: Annotated[int, Strict(), Field(ge=0, le=52)] = Field(
        16, description="The same for an account at risk, which must not lose a tool it still leans on.")
    quiet_periods: list[QuietPeriod] = Field(
        default_factory=list, description="Stretches of the year in which no tool is switched off (a change freeze "
                                          "around year-end close); a retirement that falls in one moves to the "
                                          "next working day after it.")
    retire_suites: Annotated[bool, Strict()] = Field(
        False, description="Whether a company-wide use case may propose switching off a suite tool (tools.yaml "
                           "'suites': office documents, slides, email); department use cases never do.")


class WorkingCalendar(StrictModel):
    quiet_periods: list[QuietPeriod] = Field(
        default_factory=list, description="Stretches of the year nothing is booked in (year-end, summer close): no "
                                          "QBR, session, start, due date or switch-off; one that falls in one moves "
                                          "to the next working day after it. Weekends and the account's public "
                                          "holidays are left out on top of these.")
    passed_qbr_rebook_days: Annotated[int, Strict(), Field(ge=1, le=60)] = Field(
        14, description="When the account's next QBR has passed, the QBR is rebooked this many days after the "
                        "plan's date (then moved to a working day), rather than a whole cadence later.")
