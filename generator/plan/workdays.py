"""The account's working days: its country's weekend and public holidays, less the playbook's quiet periods.

Every date the plan proposes (a QBR, a start, a session, a switch-off, a due date) is one
somebody at the customer must be at work for. Public holidays come from the ``holidays``
library, which is data, not a clock: the same country and year give the same days, so the
planner stays pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

from ..inputs.playbook_calendar import QuietPeriod

# A year of weekends, holidays and a quiet fortnight can never hide every day of the next 60:
# past that something is wrong with the rules, and the plan says the date as it is rather than loop.
_LOOK_AHEAD_DAYS = 60


@lru_cache(maxsize=64)
def _public_holidays(country: str, locale: str = "en-US") -> holidays.HolidayBase:
    """The country's holidays, named in the reader's language where the library has it (else English)."""
    supported = holidays.country_holidays(country).supported_languages
    wanted = [locale.replace("-", "_"), locale.partition("-")[0], "en_US"]
    return holidays.country_holidays(country, language=next((w for w in wanted if w in supported), None))


@lru_cache(maxsize=64)
def weekend_of(country: str | None) -> frozenset[int]:
    """The weekdays (Monday 0) that are the weekend in ``country``; Saturday and Sunday without one."""
    return frozenset(_public_holidays(country).weekend) if country else frozenset({5, 6})


def country_of(locale: str, country: str | None) -> str | None:
    """The country whose holidays apply: the account's own, else its locale's region (de-DE: DE)."""
    if country:
        return country
    region = locale.partition("-")[2]
    return region if region in supported_countries() else None


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@dataclass(frozen=True)
class WorkingDays:
    """Which days people at the account work, and the nearest such day to any other."""

    country: str | None
    quiet: Sequence[QuietPeriod] = field(default_factory=tuple)
    locale: str = "en-US"  # the language a holiday is named in, when a date had to move for one
    # The walk asks for the same few days over and over (every candidate, every quarter): each is worked out once.
    _next: dict[date, date] = field(default_factory=dict, compare=False, repr=False)
    _after: dict[tuple[date, int], date] = field(default_factory=dict, compare=False, repr=False)

    def why_not(self, day: date) -> str | None:
        """Why nobody works on ``day`` ('weekend', a holiday's name, 'quiet'), or None on a working day."""
        if day.weekday() in weekend_of(self.country):
            return "weekend"
        if self.country:
            name = _public_holidays(self.country, self.locale).get(day)
            if name:
                return str(name).split(";")[0]
        if self._quiet(day):
            return "quiet"
        return None

    def is_working(self, day: date) -> bool:
        return self.why_not(day) is None

    def on_or_after(self, day: date) -> date:
        """``day`` if people work then, else the next day they do."""
        found = self._next.get(day)
        if found is None:
            found = next((moved for offset in range(_LOOK_AHEAD_DAYS)
                          if self.is_working(moved := day + timedelta(days=offset))), day)
            self._next[day] = found
        return found

    def after(self, day: date, count: int) -> date:
        """The working day ``count`` work days after ``day``: work done on ``count`` days from ``day`` is finished
        by then. A work day is one outside the weekend and the quiet periods, so a stretch over the holidays
        ends later by the quiet days it crosses; a public holiday only moves the end off it, as ever."""
        key = (day, count)
        found = self._after.get(key)
        if found is None:
            found = self.on_or_after(day)
            for _ in range(count):
                found = self._next_work_day(found)
            found = self.on_or_after(found)
            self._after[key] = found
        return found

    def _next_work_day(self, day: date) -> date:
        """The first day after ``day`` outside the weekend and the quiet periods (the day after, past the rules)."""
        weekend = weekend_of(self.country)
        return next((d for offset in range(1, _LOOK_AHEAD_DAYS) if (d := day + timedelta(days=offset)).weekday()
                     not in weekend and not self._quiet(d)), day + timedelta(days=1))

    def _quiet(self, day: date) -> bool:
        return any(p.moves(day) is not None for p in self.quiet)

    def on_or_before(self, day: date, earliest: date | None = None) -> date:
        """``day`` if people work then, else the last day before it that they do (never before ``earliest``)."""
        for offset in range(_LOOK_AHEAD_DAYS):
            moved = day - timedelta(days=offset)
            if earliest is not None and moved < earliest:
                break
            if self.is_working(moved):
                return moved
        return self.on_or_after(earliest) if earliest is not None else day
