"""An account's stable id, to join product usage on, and the values usage data measured for it.

``measured`` is written by ``generator.usage`` from the data (``--usage``), not typed: each entry
says which field of the account was measured, from what, and what the file said before; ``trend`` holds
the seats month by month.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, Strict, StringConstraints

from .fields import StrictModel

# CRM ids mix cases and punctuation (Salesforce '0015g00000XyZab', HubSpot '12345', 'acme-eu'); a path
# separator or a space would make a partition folder's name ambiguous, so neither is allowed.
AccountId = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]

# How an amount was read from a metric: its latest value, the sum over a window, that value as a share of
# the people it could reach, the days in a window with any use, or its change over the trend window.
# A health score is its signals' weighted mean ("weighted").
Basis = Literal["latest", "total", "share_pct", "active_days", "change", "weighted"]

MAX_TREND_DEPARTMENTS = 200  # as many as an account may have
MAX_MEASURED = 2_000  # one entry per field: seats, each department, each use case the library has rules for


class Measured(StrictModel):
    """One value of the account that usage data measured, with its evidence."""

    field: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=300)] = Field(
        description="The account's field: 'active_seats', 'licensed_seats', 'health.seats_30d_delta', "
                    "'departments[<name>].active_users' or 'adoption.<use case>'.")
    value: Annotated[str, Strict(), StringConstraints(max_length=300)] = Field(
        description="The value the plan used, as text ('adopted', 'piloting', 'none', '62').")
    typed: Annotated[str, Strict(), StringConstraints(max_length=300)] | None = Field(
        None, description="What the account file said before, when it said anything.")
    metric: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=64)] = Field(
        description="Id of the metric in usecases/metrics.yaml it was read from.")
    basis: Basis = Field(description="How the amount was read from the metric.")
    amount: float = Field(description="What was measured: a count, a share in percent, days, or a change.")
    window_days: Annotated[int, Strict(), Field(ge=0, le=3660)] = Field(
        0, description="Days the amount covers, up to the plan's as-of date (0: the latest value).")
    base: Annotated[int, Strict(), Field(ge=0)] | None = Field(
        None, description="For a share: the people it is a share of (headcount or licensed seats).")


Month = Annotated[int, Strict(), Field(ge=0)] | None  # a month's value; None: the data has none for that month
Share = Annotated[float, Field(ge=0, le=100)] | None


class TrendDepartment(StrictModel):
    """One department's active users at each month-end of the trend, and the share of its headcount active."""

    name: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200)] = Field(
        description="The department's name (or its persona when it has none).")
    persona: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=64)] = Field(
        description="Its persona.")
    headcount: Annotated[int, Strict(), Field(ge=0)] = Field(description="Its headcount in the account file.")
    active_users: Annotated[list[Month], Field(max_length=12)] = Field(description="Active users, month by month.")
    share_pct: Annotated[list[Share], Field(max_length=12)] = Field(
        description="Active users as a percentage of the headcount, month by month (rounded to 0.1).")


class Trend(StrictModel):
    """The account's seats over the last 12 months before the plan's as-of date, from usage data: each month's
    value is the latest one in its last ``seats.stale_days`` days (docs/usage.md)."""

    metric: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=64)] = Field(
        description="The active users' metric (seats.active in usecases/metrics.yaml).")
    months: Annotated[list[date], Field(min_length=1, max_length=12)] = Field(
        description="The month-ends, oldest first; every series has one value per month.")
    active_seats: Annotated[list[Month], Field(max_length=12)] = Field(description="The account's active seats.")
    licensed_seats: Annotated[list[Month], Field(max_length=12)] = Field(description="Its licensed seats.")
    departments: Annotated[list[TrendDepartment], Field(max_length=MAX_TREND_DEPARTMENTS)] = Field(
        default_factory=list, description="The departments the data has active users for, in the file's order.")
