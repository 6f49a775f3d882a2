"""The models of ``usecases/metrics.yaml``: the metrics usage data speaks of, and the rules that read adoption,
active users and seats from them.

Field descriptions end up in the exported JSON Schema, which is what an editor shows enablement while they type.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, StringConstraints, model_validator

from ..inputs.fields import Name, Slug, StrictModel

MetricId = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
EventName = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200)]
PropertyValue = Annotated[str, Strict(), StringConstraints(max_length=200)] | Annotated[bool, Strict()] | int
Days = Annotated[int, Strict(), Field(ge=1, le=366)]
Threshold = Annotated[float, Field(gt=0, le=10_000_000)]

# What one day's value of a metric is: a count of events that day (added up over a window), the distinct
# users active in the metric's window up to that day, or a value a system reports as is (licensed seats).
Measure = Literal["count", "distinct_users", "gauge"]
# How a rule compares its metric: the total over its window, the latest value as a percentage of the people
# it could reach (its persona's departments' headcount, or the licensed seats), or days in the window with use.
Compare = Literal["total", "share_pct", "active_days"]


class Metric(StrictModel):
    """One metric: what each day's value of it counts."""

    id: MetricId = Field(description="Id the usage files name in their 'metric' column, such as 'pages_created'.")
    title: Name = Field(description="What it counts, in words a CSM understands.")
    measure: Measure = Field(description="count: events a day; distinct_users: people active in window_days up "
                                         "to each day; gauge: a value reported as is (licensed seats).")
    events: list[EventName] = Field(
        default_factory=list, description="Segment track events (their 'event' names) it counts; empty: every "
                                          "track event (a gauge comes from no events).")
    where: dict[Annotated[str, StringConstraints(min_length=1, max_length=100)], PropertyValue] = Field(
        default_factory=dict, description="Event properties that must have these values, such as "
                                          "{template: runbook}.")
    window_days: Days = Field(28, description="For distinct_users: the days up to each day a person counts in.")

    @model_validator(mode="after")
    def _events_fit(self) -> Metric:
        if self.measure == "gauge" and (self.events or self.where):
            raise ValueError("a gauge is reported as is, so it counts no events: leave out events and where")
        return self


class Seats(StrictModel):
    """Which metrics give the account's seats and each department's active users."""

    active: MetricId = Field(description="A distinct_users metric: its latest value is the account's active seats "
                                         "and, per department, the department's active users.")
    licensed: MetricId | None = Field(None, description="A gauge of licensed seats, reported daily by billing.")
    trend_days: Days = Field(30, description="The licensed seats' change over these days is the seat trend.")
    stale_days: Days = Field(7, description="A latest value older than these days (before the as-of date, or the "
                                            "trend's start) is not used.")


class Evidence(StrictModel):
    """How one use case's adoption shows in the data: a metric, a window, a comparison and two thresholds."""

    use_case: Slug = Field(description="The use case, by its id in the library.")
    metric: MetricId = Field(description="The metric that measures it.")
    compare: Compare = Field(description="total: the metric's sum over the window (a count metric); share_pct: its "
                                         "latest value as a percentage of its persona's headcount, or of the "
                                         "licensed seats for a company-wide use case (a distinct_users metric); "
                                         "active_days: days in the window with any use (a count metric).")
    window_days: Days = Field(28, description="Days up to the as-of date the rule looks at (total, active_days).")
    piloting: Threshold = Field(description="At or above this, the use case is piloting.")
    adopted: Threshold = Field(description="At or above this, it is adopted (GitLab's handbook: 25% of users).")

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.piloting >= self.adopted:
            raise ValueError(f"piloting ({self.piloting:g}) must be below adopted ({self.adopted:g})")
        if self.compare == "share_pct" and self.adopted > 100:
            raise ValueError(f"a share is at most 100%; adopted is {self.adopted:g}")
        return self


SignalCompare = Literal["share_pct", "active_days", "total", "change_pct"]


class Band(StrictModel):
    at_least: float = Field(description="From this amount up (a change may be negative)...")
    score: Annotated[int, Strict(), Field(ge=0, le=100)] = Field(description="...the signal scores this.")


class HealthSignal(StrictModel):
    """One measured signal of the health score (enablement's, from what predicts retention)."""

    metric: Annotated[str, Strict(), Field(min_length=1, max_length=64)] = Field(description="A metric's id.")
    compare: SignalCompare = Field(description="share_pct: latest people active as a percentage of licensed "
                                               "seats (a distinct_users metric); active_days: days in the window "
                                               "with use; total: the window's sum (count metrics); change_pct: "
                                               "the latest value against the one window_days before, in percent.")
    window_days: Annotated[int, Strict(), Field(ge=1, le=366)] = Field(28, description="Days the signal reads.")
    weight: Annotated[int, Strict(), Field(ge=1, le=10)] = Field(description="Its weight in the score.")
    bands: Annotated[list[Band], Field(min_length=1, max_length=10)] = Field(
        description="Ascending amounts and the score from each up.")

    @model_validator(mode="after")
    def _ascending(self) -> HealthSignal:
        starts = [b.at_least for b in self.bands]
        if starts != sorted(set(starts)):
            raise ValueError(f"bands must rise: at_least {', '.join(f'{s:g}' for s in starts)}")
        return self

    def score(self, amount: float) -> int:
        return max((b.score for b in self.bands if amount >= b.at_least), default=0)


class MetricsFile(StrictModel):
    """usecases/metrics.yaml: the usage contract's metrics and the evidence rules."""

    version: Literal[1] = Field(description="Version of the usage contract these metrics are for (docs/usage.md).")
    metrics: Annotated[list[Metric], Field(min_length=1, max_length=1_000)] = Field(description="The metrics.")
    seats: Seats = Field(description="The metrics that give seats and active users.")
    evidence: Annotated[list[Evidence], Field(max_length=1_000)] = Field(
        default_factory=list, description="Per use case, how its adoption shows in the data.")
    health: Annotated[list[HealthSignal], Field(max_length=50)] = Field(
        default_factory=list, description="The signals of the health score, weighted; the data's score replaces "
                                          "the typed one where it has any of them.")

    @model_validator(mode="after")
    def _consistent(self) -> MetricsFile:
        kinds = {m.id: m.measure for m in self.metrics}
        ids = [m.id for m in self.metrics]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"metric listed twice: {', '.join(twice)}")
        named: list[tuple[str, str, Measure | None]] = [(self.seats.active, "seats.active", "distinct_users")]
        if self.seats.licensed is not None:
            named.append((self.seats.licensed, "seats.licensed", "gauge"))
        named += [(e.metric, f"evidence[{e.use_case}].metric", needs_measure(e.compare)) for e in self.evidence]
        # A change in percent reads any metric: needs_measure names no kind for it.
        named += [(h.metric, f"health[{i}].metric", needs_measure(h.compare)) for i, h in enumerate(self.health)]
        for metric, where, needs in named:
            if metric not in kinds:
                raise ValueError(f"{where}: metric '{metric}' is not defined")
            if needs and kinds[metric] != needs:
                raise ValueError(f"{where}: '{metric}' is a {kinds[metric]} metric; this needs a {needs} one")
        uses = [e.use_case for e in self.evidence]
        twice = sorted({u for u in uses if uses.count(u) > 1})
        if twice:
            raise ValueError(f"one evidence rule per use case: {', '.join(twice)} has several")
        return self

    def metric(self, metric_id: str) -> Metric:
        return next(m for m in self.metrics if m.id == metric_id)


def needs_measure(compare: str) -> Measure | None:
    """The measure a comparison reads: a total or active days of counts, a share of people (people are only
    ever read as their latest value)."""
    needs: dict[str, Measure] = {"total": "count", "share_pct": "distinct_users", "active_days": "count"}
    return needs.get(compare)
