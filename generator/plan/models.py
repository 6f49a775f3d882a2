"""The plan: what the planner decided for one account, and why.

Serialised as ``plan.json``, this is a versioned contract: the documents render it and
the next QBR compares against it. Bump ``PLAN_SCHEMA_VERSION`` on any change that
renames or removes a field; adding a field is compatible.

The plan holds no prose: every reason, risk, agenda point and theme is a :class:`Note`,
a code and the values it names, which the renderer words in the reader's language. Notes
marked internal (scores, thresholds, capacity, our own ratings) reach only the CSM.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ..inputs.measured import Measured, Trend
from .base import Note, NoteValue, PlanModel, Risk
from .commercial import Checkpoint, CommercialView
from .council import Chair, ChampionShare, Council, CouncilMember
from .objectives import ObjectiveView, SinceObjective
from .value import Value

# The plan's building blocks, read from here wherever they are defined.
__all__ = ["Chair", "ChampionShare", "Checkpoint", "CommercialView", "Council", "CouncilMember", "Note", "NoteValue",
           "ObjectiveView", "PlanModel", "Risk", "SinceObjective", "Value"]

PLAN_SCHEMA_VERSION = 4
# Version 4 only adds fields, each with a default: a plan kept at a version-3 QBR still reads as the baseline.
COMPARABLE_VERSIONS = (3, 4)


class Owner(PlanModel):
    name: str | None
    title: str
    department: str


class Training(PlanModel):
    module: str
    audience: str
    minutes: int


class Metric(PlanModel):
    metric: str
    target: float
    unit: str | None
    due: date
    actual: float | None = None  # today's value, where usage data measures it (added in 4)


class Item(PlanModel):
    """One use case on the roadmap; quarter 0 is the stretch before the QBR the plan is prepared for."""

    use_case: str
    title: str
    summary: str
    persona: str
    persona_title: str
    stage: str
    kind: Literal["start", "finish"]
    quarter: int
    start: date
    end: date
    owners: list[Owner]  # the heads of every department of its persona, the one with most to gain first
    requires: list[str]
    unlocks: list[str]
    retires: list[str]
    retire_by: date | None  # when the tools it replaces are switched off: the playbook's lead time after ``end``
    new_integrations: list[str]  # products to set up: the account's own tool of each group, or the one proposed
    training: list[Training]
    success_metrics: list[Metric]
    story: str | None
    reasons: list[Note]
    condition: Note | None = None  # what must hold before it starts (recovery, for an account at risk)
    admin_track: bool = False  # set up by the workspace admin lead, early, and taking no department's room
    # The tool of every group it integrates with, as new_integrations words it.
    integrations: list[str] = Field(default_factory=list)
    # Of those, the groups' 'your ...' words where no product is named.
    unnamed_integrations: list[str] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)  # ids of the plan's objectives it moves (added in 4)


class BacklogItem(PlanModel):
    use_case: str
    title: str
    persona: str
    persona_title: str
    requires: list[str]
    reasons: list[Note]


class Quarter(PlanModel):
    number: int
    start: date
    end: date
    qbr: date
    theme: Note
    capacity: int
    started: int
    motions: list[Note]  # the quarter's work beyond new use cases: deepening, retirements, reviews, renewal
    objectives: list[str] = Field(default_factory=list)  # ids of the objectives its items move (added in 4)


class LeadIn(PlanModel):
    """From the day the plan is made to the QBR it is prepared for: items of quarter 0, and what to prepare."""

    start: date
    end: date
    notes: list[Note]


class Retirement(PlanModel):
    tool: str
    use_case: str
    title: str
    by: date


Day = date  # TrainerSession has a field called 'date', which hides the type inside its class


class SessionSeats(PlanModel):  # one department's champions in a session: small departments share one
    department: str
    persona: str
    champions: int
    session: int = 1  # 1, 2, ... of ``sessions`` this department's champions are in
    sessions: int = 1
    wave_start: Day | None = None  # its wave, for train-the-trainer; None in a restart session


class TrainerSession(PlanModel):  # persona to wave_start: of its first department (earliest wave)
    persona: str
    department: str
    session: int
    sessions: int
    date: Day
    minutes: int
    wave_start: Day
    trainers: int  # in the whole session
    # All in it, earliest wave first (added in 3, with a default).
    departments: list[SessionSeats] = Field(default_factory=list)


class RestartSession(PlanModel):  # an account at risk: its live departments' champions reconvened
    date: Day
    minutes: int
    champions: int
    departments: list[SessionSeats]


class Enablement(PlanModel):
    admin_track: list[Training]
    train_the_trainer: list[TrainerSession]
    # For an account at risk (added in 3, with a default).
    champion_restarts: list[RestartSession] = Field(default_factory=list)
    group_session_size: int
    group_sessions: int
    seats_to_reach: int
    mandatory_training: bool
    new_hire_sessions_per_year: int


class ReportStep(PlanModel):
    id: str
    title: str
    owner: str
    due: date
    done: bool
    overdue: bool  # not done, and the date documents print for it (``planned``, else ``due``) has passed
    ours: bool = False  # owned by the sending organisation (the CSM): its lateness is told to the CSM, not the customer
    use_case: str | None  # the use case the step delivers, when the playbook links one
    # The plan's date for the step: its use case's end on the roadmap, or the day of the moment it marks.
    # Documents print this one date where there is one, else ``due``.
    planned: date | None
    marks: str | None = None  # the moment of the plan the step is (first_wave, first_council_meeting, ...)
    # Ours, not done, and dated before the QBR the plan is presented at: ``planned`` is that QBR's day, and the
    # brief tells the CSM the step's own ``due`` (added in 4: a default).
    rebooked: bool = False


class ReportCard(PlanModel):
    day: int  # negative before the contract starts
    by_day: int
    by_date: date
    target_pct: int
    done_pct: int
    steps_needed: int
    on_track: bool
    steps: list[ReportStep]
    next_steps: list[str]  # ids of the steps that reach the target soonest


class DepartmentAdoption(PlanModel):
    department: str
    persona: str
    persona_title: str
    headcount: int
    active_users: int
    adopted: int
    piloting: int
    planned: int
    later: int


class AccountSummary(PlanModel):
    name: str
    segment: str
    segment_title: str
    locale: str
    licensed_seats: int
    active_seats: int
    health_score: int
    seats_30d_delta: int
    next_qbr: date  # the QBR this plan is prepared for
    qbr_given: date  # the next_qbr the account gave, which may have passed
    contract_start: date
    renewal: date | None  # the next renewal within the plan's year
    csm_name: str
    csm_title: str
    csm_email: str | None


class SinceItem(PlanModel):
    """One use case the last plan expected by this QBR, and where it stands now."""

    use_case: str
    title: str
    planned_end: date
    status: Literal["adopted", "in_progress", "slipped", "dropped"]
    new_end: date | None  # for one that slipped: its end on this plan


class SinceMetric(PlanModel):
    """A success metric usage data measured at the last QBR and now, that moved."""

    use_case: str
    title: str
    metric: str
    unit: str | None
    target: float
    then: float
    now: float


class Since(PlanModel):
    """What changed since the plan made for the last QBR: planned against done, and the account then and now."""

    previous_as_of: date
    previous_qbr: date
    planned: list[SinceItem]
    unplanned: list[str]  # titles of use cases adopted that the last plan had in its backlog
    done: int
    active_then: int
    active_now: int
    licensed_then: int
    licensed_now: int
    health_then: int
    health_now: int
    objectives: list[SinceObjective] = Field(default_factory=list)  # the agreed objectives, then and now (added in 4)
    metrics: list[SinceMetric] = Field(default_factory=list)  # measured success metrics that moved (added in 4)


class Plan(PlanModel):
    schema_version: int = PLAN_SCHEMA_VERSION
    generator_version: str
    as_of: date
    horizon_end: date
    account: AccountSummary
    at_risk: bool
    warnings: list[Note]  # what the CSM must check before sending: a passed QBR date, a contract not started
    reengagement: list[str]
    recovery: list[Note]  # what counts as recovered, for an account at risk
    lead_in: LeadIn | None
    # The CSM's own words to the customer, printed as written (added in 3: a default).
    csm_notes: list[str] = Field(default_factory=list)
    quarters: list[Quarter]
    # The months between two QBRs: the documents name a period by it (a quarter, a half-year). Added in 4: a default.
    period_months: int = 3
    items: list[Item]
    backlog: list[BacklogItem]
    adoption: list[DepartmentAdoption]
    retirements: list[Retirement]
    qbr_agenda: list[Note]
    council: Council
    enablement: Enablement
    report_card: ReportCard | None
    risks: list[Risk]
    since: Since | None = None  # against the plan for the last QBR, when there is one
    value: Value | None = None  # what the account has achieved so far, when it has (added in 3: a default)
    renewal_checkpoints: list[Checkpoint] = Field(default_factory=list)  # before the renewal, none before the QBR
    commercial: CommercialView | None = None  # the CSM's view: utilisation, seat signals, the renewal's state
    # The account's values usage data measured, with their evidence (added in 3: a default).
    measured: list[Measured] = Field(default_factory=list)
    trend: Trend | None = None  # the seats month by month over the last 12 months, from usage data (added in 4)
    # The customer's objectives, or the playbook's proposal when it has agreed none (added in 4).
    objectives: list[ObjectiveView] = Field(default_factory=list)
