"""The walk's working state: what the planner knows about one account while it schedules.

The planner fills a :class:`Walk`; the people side and the reasons read it. Everything
here is typed so that readers never unpack tuples or look up keys in a loose dict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cached_property

from ..inputs.models import STAGES, Account, Adjustment, Department
from ..inputs.playbook import Playbook, security_offer
from ..inputs.usecase_map import UseCaseMap
from .dates import Calendar, Slot, shift_out_of
from .models import BacklogItem, Council, Item, Note, Quarter, ReportCard
from .objectives import serving
from .stack import Stack
from .workdays import WorkingDays

STAGE_RANK = {s: i for i, s in enumerate(STAGES)}

@dataclass(frozen=True)
class Draft:
    """The plan before its agenda and risks are written, which are drawn from it."""

    items: list[Item]
    backlog: list[BacklogItem]
    quarters: list[Quarter]
    council: Council
    report_card: ReportCard | None


@dataclass
class Walk(Stack):
    """What the walk knows about one account while it plans."""

    umap: UseCaseMap
    book: Playbook
    account: Account
    as_of: date
    calendar: Calendar
    applicable: set[str] = field(default_factory=set)
    done_by: dict[str, date] = field(default_factory=dict)
    live: set[str] = field(default_factory=set)  # personas with work adopted, in pilot or started
    turns: dict[str, int] = field(default_factory=dict)  # persona -> its use cases adopted, in pilot or planned
    scheduled: dict[str, Slot] = field(default_factory=dict)
    opened: dict[str, bool] = field(default_factory=dict)  # new persona -> whether it had the most to gain when opened
    carried: dict[str, date] = field(default_factory=dict)  # agreed at the last QBR, not done: its planned end
    unmet: dict[str, Note] = field(default_factory=dict)  # pins the plan cannot keep, and why
    days: WorkingDays = field(default_factory=lambda: WorkingDays(None))  # when people at the account work
    _priority_cache: dict[str, tuple] = field(default_factory=dict)
    _picks: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.applicable = offered(self.umap, self.account, security_offer(self.book, self.account.regulated))
        for uc_id, state in self.account.adoption.items():
            self.live.add(self.umap.persona_of[uc_id])
            self.turns[self.umap.persona_of[uc_id]] = self.turns.get(self.umap.persona_of[uc_id], 0) + 1
            if state == "adopted":
                self.done_by[uc_id] = self.as_of

    # --- the account ----------------------------------------------------------------

    @cached_property
    def at_risk(self) -> bool:
        """Health below the playbook's threshold, or seats lost past its alert."""
        h, acc = self.book.health, self.account
        lost_pct = -acc.health.seats_30d_delta * 100 / acc.licensed_seats
        return acc.health.score < h.at_risk_below or lost_pct >= h.seat_drop_alert_pct

    @cached_property
    def decisions(self) -> dict[str, Adjustment]:
        """The CSM's decisions about use cases this account is offered; a deferral that has ended is none."""
        ended = {a.use_case for a in self.ended_deferrals}
        return {a.use_case: a for a in self.account.adjustments if a.use_case in self.applicable
                and a.use_case not in ended}

    @cached_property
    def ended_deferrals(self) -> list[Adjustment]:
        """Deferrals to a day on or before today: the use case is planned as any other, and no document may
        promise the customer a 'not before' that is already past."""
        return [a for a in self.account.adjustments if a.use_case in self.applicable
                and a.defer_until is not None and a.defer_until <= self.as_of]

    def pinned_to(self, uc_id: str) -> int | None:
        decision = self.decisions.get(uc_id)
        return decision.pin if decision is not None else None

    def held_back(self, uc_id: str, number: int, start: date) -> bool:
        """Whether the CSM's decisions keep a use case out of quarter ``number`` starting on ``start``."""
        decision = self.decisions.get(uc_id)
        if decision is None:
            return False
        if decision.skip:
            return True
        if decision.pin is not None:
            return decision.pin != number
        return decision.defer_until is not None and start < decision.defer_until

    @property
    def work_start(self) -> date:
        """The first day work can start: today, or the first day of a contract that has not started."""
        return self.days.on_or_after(max(self.as_of, self.account.contract_start))

    def step_due(self, due_day: int) -> date:
        """The working day an onboarding step ``due_day`` days into the contract is due."""
        return self.days.on_or_after(self.account.contract_start + timedelta(days=due_day))

    def earliest_start(self, period_start: date, requires: list[str]) -> date:
        """The first working day a use case can start in a period: not before today, the contract or the day
        its prerequisites are done (each of which must be done or planned)."""
        return self.days.on_or_after(max([period_start, self.work_start, *(self.done_by[p] for p in requires)]))

    def finish(self, start: date, weeks: float) -> date:
        """The working day ``weeks`` of work from ``start`` end on: five work days a week, so the quiet days
        (the holidays) it crosses push the end later rather than count as work."""
        return self.days.after(start, math.ceil(round(weeks * 5, 6)))

    def qbr_of(self, quarter: int) -> date:
        """The QBR that reviews quarter ``quarter`` (0, the lead-in, is reviewed at the QBR the plan is for)."""
        return self.calendar.quarters[quarter - 1].qbr if quarter else self.calendar.anchor

    def retire_by(self, slot: Slot) -> date:
        """When a tool the slot's use case replaces is switched off: proposed at the QBR that reviews the use
        case, so only after it, the lead time later, on a working day outside the change freeze."""
        rules = self.book.retirement
        weeks = rules.at_risk_lead_weeks if self.at_risk else rules.lead_weeks
        # Notice is given in calendar weeks, however many quiet days they hold; only the day itself must be worked.
        day = max(slot.end, self.qbr_of(slot.quarter) + timedelta(days=1)) + timedelta(weeks=weeks)
        while (moved := self.days.on_or_after(shift_out_of(day, rules.quiet_periods))) != day:
            day = moved  # the next working day may itself fall in a change freeze: move until neither moves it
        return day

    def metric_due(self, slot: Slot, by_day: int) -> date:
        """A success metric's due date: by the QBR that reviews it and within the year, not before the start."""
        due = min(slot.start + timedelta(days=by_day), self.qbr_of(slot.quarter), self.calendar.quarters[-1].end)
        return self.days.on_or_before(due, earliest=slot.start)

    @cached_property
    def onboarding_open(self) -> bool:
        """Whether the account is before or inside its onboarding window today."""
        return (self.as_of - self.account.contract_start).days <= self.book.onboarding.by_day

    @cached_property
    def pinned(self) -> dict[str, date]:
        """Use cases that open onboarding steps deliver, with the step's due date; they come first."""
        if not self.onboarding_open:
            return {}
        done = set(self.account.onboarding_done)
        out: dict[str, date] = {}
        for step in self.book.onboarding.steps:
            uc = step.use_case
            if uc is None or step.id in done or uc not in self.applicable or uc in self.account.adoption:
                continue
            due = self.step_due(step.due_day)
            out[uc] = min(due, out.get(uc, due))
        return out

    @cached_property
    def security_first(self) -> frozenset[str]:
        """The playbook's security use cases, for an account that is regulated (or whose segment is)."""
        if not (self.account.regulated or self.book.security.regulated):
            return frozenset()
        return frozenset(u for u in self.book.security.use_cases if u in self.applicable)

    @cached_property
    def measured(self) -> dict[str, float]:  # what usage data measured, by field ('success_metrics.<uc>[<n>]')
        return {m.field: m.amount for m in self.account.measured}

    @cached_property
    def for_objectives(self) -> dict[str, list[str]]:
        """Use case -> the titles of the objectives the account agreed that it serves: among equals, it goes first."""
        out: dict[str, list[str]] = {}
        for objective in self.account.objectives:  # a pilot the account runs outside its offer serves, too
            for uc_id in serving(self, objective.outcomes, objective.departments):
                out.setdefault(uc_id, []).append(objective.title)
        return out

    def departments(self, persona: str) -> list[Department]:
        """The account's departments of that persona, the one with most to gain first."""
        return list(self._by_persona.get(persona, ()))

    @cached_property
    def _by_persona(self) -> dict[str, list[Department]]:
        # Grouped once: every candidate of every quarter asks for its persona's departments.
        out: dict[str, list[Department]] = {}
        for d in sorted(self.account.departments, key=lambda d: (-(d.headcount - d.active_users), d.key)):
            out.setdefault(d.persona, []).append(d)
        return out

    @cached_property
    def named_champions(self) -> dict[str, list[str]]:
        """The champions named so far, by department key, sorted."""
        out: dict[str, list[str]] = {}
        for c in sorted(self.account.champions, key=lambda c: c.name):
            out.setdefault(c.department, []).append(c.name)
        return out

    def department_name(self, dept: Department) -> str:
        """What the documents call a department: its own name, or its persona's title."""
        return dept.name or self.umap.personas[dept.persona].title

    def gap(self, persona: str) -> int:
        """People the persona's use cases could still reach: headcount not yet active (every seat for company)."""
        if self.umap.personas[persona].scope == "company":
            return self.account.licensed_seats - self.account.active_seats
        return sum(d.headcount - d.active_users for d in self.departments(persona))

    def seats(self, uc_id: str) -> int:
        """People a use case reaches: its departments' headcount, or every licensed seat."""
        depts = self.departments(self.umap.persona_of[uc_id])
        return sum(d.headcount for d in depts) if depts else self.account.licensed_seats

    def still_listed(self, retired: set[str]) -> list[tuple[str, str, date]]:
        """(tool, use case, switch-off) for tools an adopted use case has replaced that the account still lists:
        proposed at the QBR this plan is for, so switched off the lead time after it."""
        by = self.retire_by(Slot(0, self.as_of, self.as_of, "finish"))
        found: dict[str, str] = {}  # each tool once, by the first use case (in id order) that replaced it
        for u in sorted(u for u, state in self.account.adoption.items() if state == "adopted" and u in self.applicable):
            for tool in self.retires(self.umap.use_cases[u]):
                if tool not in retired and self.switches_off(u, tool):
                    found.setdefault(tool, u)
        return [(tool, u, by) for tool, u in sorted(found.items())]

    def admin_track(self, uc_id: str) -> bool:
        """Whether the workspace admin lead delivers it on the admin track, rather than a department wave."""
        return self.umap.use_cases[uc_id].admin_track

    def works_today(self, persona: str) -> bool:
        """Whether the persona's departments already work in the workspace: people active or a use case adopted."""
        adopted = any(self.umap.persona_of[u] == persona and s == "adopted" and u in self.applicable  # as counted
                      for u, s in self.account.adoption.items())
        return adopted or any(d.active_users > 0 for d in self.departments(persona))

    def is_new(self, persona: str) -> bool:
        """A department nobody there works in yet: opening it takes one of the quarter's new-department slots."""
        return self.umap.personas[persona].scope != "company" and persona not in self.live \
            and not any(d.active_users > 0 for d in self.departments(persona))

    def schedule(self, uc_id: str, slot: Slot) -> None:
        """Put a use case in the plan; admin-track work does not make its department live."""
        persona = self.umap.persona_of[uc_id]
        if self.is_new(persona) and not self.admin_track(uc_id):  # opens it: the most still to reach, or not?
            closed = {self.umap.persona_of[u] for u in self.applicable if u not in self.done_by}
            self.opened[persona] = self.gap(persona) >= max((self.gap(p) for p in closed if self.is_new(p)),
                                                            default=0)
        self.scheduled[uc_id] = slot
        self.done_by[uc_id] = slot.end
        if not self.admin_track(uc_id):
            self.live.add(persona)
            if uc_id not in self.account.adoption:  # a pilot finishing was counted with the adopted ones
                self.turns[persona] = self.turns.get(persona, 0) + 1

    # --- order ----------------------------------------------------------------------

    def priority(self, uc_id: str) -> tuple:
        """Lower is sooner: onboarding's own, the admin track and what the last QBR agreed; the foundation; what
        serves an objective the account agreed; a department with no use case yet before another's next; the people
        still to reach per use case it has (the gap shared by those adopted, in pilot or planned); where it lands;
        stage, value, reach, id."""
        persona = self.umap.persona_of[uc_id]
        turns = self.turns.get(persona, 0)
        # Deepening a department that works here beats company-wide additions, which beat opening a new department.
        wave = 1 if self.umap.personas[persona].scope == "company" else 2 if self.is_new(persona) else 0
        first, foundation, gap, rest = self._static_priority(uc_id)
        wanted = 0 if uc_id in self.for_objectives else 1  # the sponsor's objectives before our own order
        return (first, foundation, wanted, min(turns, 1), -Fraction(gap, 1 + turns), wave, *rest)

    def _static_priority(self, uc_id: str) -> tuple:
        cached = self._priority_cache.get(uc_id)
        if cached is None:
            uc = self.umap.use_cases[uc_id]
            persona = self.umap.persona_of[uc_id]
            first = uc_id in self.pinned or uc_id in self.carried or uc_id in self.security_first \
                or uc.admin_track
            cached = (0 if first else 1, 0 if uc.stage == "foundation" else 1, self.gap(persona),
                      (STAGE_RANK[uc.stage], -uc.value, -self.seats(uc_id), -len(self.retires(uc)),
                       -len(self.new_integrations(uc)), uc_id))
            self._priority_cache[uc_id] = cached
        return cached


def offered(umap: UseCaseMap, account: Account, security: frozenset[str] = frozenset()) -> set[str]:
    """Use cases offered to an account: its segment (or the ``security`` use cases of a regulated account), and
    company-wide, one of its departments or the admin track (every account has a workspace admin, whether or not
    it lists an IT department)."""
    depts = {d.persona for d in account.departments}
    out = set()
    for uc_id, uc in umap.use_cases.items():
        persona = umap.personas[umap.persona_of[uc_id]]
        if (account.segment in uc.segments or uc_id in security) and (
                persona.scope == "company" or persona.persona in depts or uc.admin_track):
            out.add(uc_id)
    return out
