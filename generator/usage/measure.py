"""Reading one account's usage summary as of a day: latest values, window totals, active days, adoption states."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from ..inputs.measured import Measured
from ..inputs.models import AdoptionState
from ..inputs.usecase_map import UseCaseMap
from .metrics import Evidence, MetricsFile
from .summary import AccountUsage


def lookback_days(metrics: MetricsFile, umap: UseCaseMap | None = None) -> int:
    """How many days up to the as-of date any rule reads: its windows, the trend with its stale days, the health
    signals' and the library's measured success metrics'."""
    seats = metrics.seats
    measured = [m.measured_by.window_days for uc in (umap.use_cases.values() if umap else ())
                for m in uc.success_metrics if m.measured_by is not None]
    return max([seats.trend_days + seats.stale_days, seats.stale_days, *(e.window_days for e in metrics.evidence),
                *(h.window_days + seats.stale_days for h in metrics.health), *measured])


def latest(days: dict[date, float] | None, day: date, stale_days: int) -> float | None:
    """The value on the latest day on or before ``day`` and within ``stale_days`` of it; None without one."""
    if not days:
        return None
    for back in range(stale_days):
        value = days.get(day - timedelta(days=back))
        if value is not None:
            return value
    return None


class Rule(Protocol):
    """What reads an amount from a metric: an evidence rule, or how a success metric is measured."""

    @property
    def metric(self) -> str: ...
    @property
    def compare(self) -> str: ...
    @property
    def window_days(self) -> int: ...


class Reader:
    """One account's summary read as of a day: latest values, totals and active days, per department or whole."""

    def __init__(self, usage: AccountUsage, as_of: date, stale_days: int):
        self.usage, self.as_of, self.stale = usage, as_of, stale_days

    def latest(self, metric: str, departments: list[str] | None = None, day: date | None = None) -> float | None:
        """The latest value for these departments (summed), or the whole account's; None when the data has none.

        The whole account's rows are used when none of the departments has any (a feed without departments),
        and the departments' sum when the whole account has no rows of its own.
        """
        day = day or self.as_of
        series = self.usage.series
        if departments:
            found = [v for d in departments if (v := latest(series.get((d, metric)), day, self.stale)) is not None]
            if found:
                return sum(found)
        whole = latest(series.get((None, metric)), day, self.stale)
        if whole is not None or departments:
            return whole
        found = [v for d in self.usage.departments(metric)
                 if (v := latest(series.get((d, metric)), day, self.stale)) is not None]
        return sum(found) if found else None

    def window(self, metric: str, departments: list[str] | None, days: int) -> list[float]:
        """Each day's value (summed over the departments, or the whole account's) in the ``days`` up to as-of."""
        series = self.usage.series
        keys: list[tuple[str | None, str]] = [(d, metric) for d in departments or [] if (d, metric) in series]
        keys = keys or [(None, metric)]
        if not any(k in series for k in keys):
            keys = [(d, metric) for d in self.usage.departments(metric)]
        first = self.as_of - timedelta(days=days - 1)
        totals: dict[date, float] = {}
        for key in keys:
            for day, value in series.get(key, {}).items():
                if first <= day <= self.as_of:
                    totals[day] = totals.get(day, 0.0) + value
        return list(totals.values())


def adoption_state(rule: Evidence, amount: float) -> AdoptionState | None:
    """Adopted at or above the rule's ``adopted``, piloting at or above ``piloting``, else not started."""
    if amount >= rule.adopted:
        return "adopted"
    if amount >= rule.piloting:
        return "piloting"
    return None


def measure_adoption(reader: Reader, rule: Rule, departments: list[str] | None,
                     base: int) -> tuple[float, int | None]:
    """The rule's amount for the account (and the people a share is of)."""
    if rule.compare == "share_pct":
        active = reader.latest(rule.metric, departments) or 0.0
        return (round(100 * active / base, 1) if base else 0.0), base
    values = reader.window(rule.metric, departments, rule.window_days)
    if rule.compare == "total":
        return sum(values), None
    return float(sum(1 for v in values if v > 0)), None


def measured_entry(field: str, value: object, typed: object, *, metric: str, basis: str, amount: float,
                   window_days: int = 0, base: int | None = None) -> Measured:
    return Measured.model_validate({
        "field": field, "value": "none" if value is None else str(value),
        "typed": None if typed is None else str(typed), "metric": metric, "basis": basis,
        "amount": float(amount), "window_days": window_days, "base": base})
