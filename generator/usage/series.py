"""The account's seat trend from its usage summary: active and licensed seats and each department's active users
at the last 12 month-ends, as the ``Trend`` the plan carries."""

from __future__ import annotations

from datetime import date

from ..inputs.measured import Trend, TrendDepartment
from ..inputs.models import Account
from .metrics import Seats
from .summary import AccountUsage
from .trend import month_ends


def seat_trend(account: Account, usage: AccountUsage, seats: Seats, as_of: date) -> Trend | None:
    """The seats month by month; None when the data has no month of active users for the account.

    As for the latest values: the whole account's rows give its active seats, else its departments' sum; active
    seats are at most the month's licensed seats, a department's active users at most its headcount.
    """
    months = month_ends(as_of)
    trend = usage.trend
    licensed = _values(trend.get((None, seats.licensed), {}) if seats.licensed else {}, months)
    departments = []
    for dept in account.departments:
        values = trend.get((dept.key, seats.active))
        if not values:
            continue  # a department the data has no month for is left out, not drawn as zero
        active = [None if v is None else min(v, dept.headcount) for v in _values(values, months)]
        shares = [None if v is None or not dept.headcount else round(100 * v / dept.headcount, 1) for v in active]
        departments.append(TrendDepartment(name=dept.key, persona=dept.persona, headcount=dept.headcount,
                                           active_users=active, share_pct=shares))
    whole = _values(trend.get((None, seats.active), {}), months)
    if all(v is None for v in whole):
        whole = _sum([_values(v, months) for (d, m), v in trend.items() if m == seats.active and d is not None])
    whole = [None if a is None else (a if c is None else min(a, c)) for a, c in zip(whole, licensed, strict=True)]
    if all(v is None for v in whole) and not departments:
        return None
    return Trend(metric=seats.active, months=list(months), active_seats=whole, licensed_seats=licensed,
                 departments=departments)


def _values(values: dict[date, float], months: tuple[date, ...]) -> list[int | None]:
    return [None if (v := values.get(m)) is None else round(v) for m in months]


def _sum(series: list[list[int | None]]) -> list[int | None]:
    """Month by month, the sum of the series that have a value that month (None where none has)."""
    out: list[int | None] = []
    for month in zip(*series, strict=True) if series else ():
        found = [v for v in month if v is not None]
        out.append(sum(found) if found else None)
    return out or [None] * 12
