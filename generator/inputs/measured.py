"""An account's stable id, to join product usage on, and the values usage data measured for it.

``measured`` is written by ``generator.usage`` from the data (``--usage``), not typed: each entry
says which field of the account was measured, from what, and what the file said before.
"""

from __future__ import annotations

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
