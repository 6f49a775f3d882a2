"""The customer's objectives in the plan: what serves each one, its milestones, and its status.

Pure like the planner. An objective is served by the use cases of the outcomes it needs: those
adopted already, those on this roadmap (its milestones, with their success metrics rolled up)
and those left in the backlog. Its status is computed, never typed: from its measure where the
customer gives a current value (progress against the time gone by), else from its milestones
(those the last QBR's plan expected by now and whether they were adopted). An account that has
agreed no objective is proposed the playbook's outcomes for its stage, to agree at the QBR.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from ..inputs.objectives import Measure, Objective
from .base import Note, PlanModel

if TYPE_CHECKING:  # the plan holds objectives, so this module is read before the plan's and the walk's
    from .models import BacklogItem, Item
    from .walk import Walk

Status = Literal["done", "on_track", "at_risk", "behind", "proposed"]


class ObjectiveMeasure(PlanModel):
    name: str
    unit: str | None
    baseline: float
    target: float
    current: float | None
    since: date  # when the baseline was measured: the measure's own date, else the contract's start
    by: date
    progress_pct: int | None  # how far from baseline to target the current value is
    expected_pct: int  # how much of the time from ``since`` to ``by`` has gone by on the plan's day


class ObjectiveMetric(PlanModel):
    """A success metric of a use case serving the objective: what shows the objective moving."""

    use_case: str
    title: str
    metric: str
    target: float
    unit: str | None
    due: date
    actual: float | None = None  # today's value, where usage data measures it


class ObjectiveView(PlanModel):
    id: str
    title: str
    proposed: bool  # the playbook's proposal, to agree at the QBR: the account has agreed none yet
    outcomes: list[str]  # titles of the outcomes it needs
    owner_name: str | None
    owner_title: str | None
    measure: ObjectiveMeasure | None
    suggested_measure: str | None  # for a proposed objective, what to measure it by
    notes: str | None
    adopted: list[str]  # titles of the adopted use cases that serve it
    items: list[str]  # ids of the roadmap's use cases that serve it: its milestones, in plan order
    backlog: list[str]  # titles of those left for later
    metrics: list[ObjectiveMetric]
    status: Status
    status_note: Note  # why the status is what it is
    out_of_reach: Note | None  # why nothing on this roadmap serves it, when nothing does


def objectives(walk: Walk, items: list[Item], backlog: list[BacklogItem], stage: str,
               expected_before: dict[str, date]) -> list[ObjectiveView]:
    """The account's objectives, or the playbook's proposal for ``stage`` when it has agreed none.
    ``expected_before``: the use cases the last QBR's plan expected by now, and the end it gave each."""
    if walk.account.objectives:
        return [_agreed(walk, o, items, backlog, expected_before) for o in walk.account.objectives]
    proposed = [_proposed(walk, outcome, items, backlog)
                for outcome in getattr(walk.book.objectives.proposed, stage)]
    # What this year's roadmap moves is worth proposing; at a mature account with nothing new, what it keeps alive.
    moved = [p for p in proposed if p.items]
    return moved or [p for p in proposed if p.adopted]


def serving(walk: Walk, outcomes: list[str], departments: list[str] | None = None) -> list[str]:
    """The use cases, in the library's order, of an outcome these need (of these departments, or company-wide)."""
    wanted = set(outcomes)
    return [u for u in walk.umap.order if wanted & set(walk.umap.use_cases[u].outcomes)
            and within(walk, u, departments or [])]


def within(walk: Walk, uc_id: str, departments: list[str]) -> bool:
    """Whether the use case is one of these departments' (names or personas), or company-wide; any without."""
    if not departments:
        return True
    persona = walk.umap.persona_of[uc_id]
    if walk.umap.personas[persona].scope == "company":
        return True
    return any(d.persona == persona and (d.key in departments or d.persona in departments)
               for d in walk.account.departments)


def _parts(walk: Walk, outcomes: list[str], serves: set[str], items: list[Item], backlog: list[BacklogItem]) -> dict:
    mine = [i for i in items if i.use_case in serves]
    return {
        "outcomes": [walk.umap.outcomes[o].title for o in outcomes],
        "adopted": [walk.umap.use_cases[u].title for u in walk.umap.order  # counted as the adoption chart does
                    if u in serves and u in walk.applicable and walk.account.adoption.get(u) == "adopted"],
        "items": [i.use_case for i in mine],
        "backlog": [b.title for b in backlog if b.use_case in serves],
        "metrics": [ObjectiveMetric(use_case=i.use_case, title=i.title, metric=m.metric, target=m.target,
                                    unit=m.unit, due=m.due, actual=m.actual) for i in mine for m in i.success_metrics],
    }


def _proposed(walk: Walk, outcome: str, items: list[Item], backlog: list[BacklogItem]) -> ObjectiveView:
    found = walk.umap.outcomes[outcome]
    return ObjectiveView(id=outcome, title=found.title, proposed=True, owner_name=None, owner_title=None,
                         measure=None, suggested_measure=found.measure, notes=None, status="proposed",
                         status_note=Note(code="objective_proposed"), out_of_reach=None,
                         **_parts(walk, [outcome], set(serving(walk, [outcome])), items, backlog))


def _agreed(walk: Walk, o: Objective, items: list[Item], backlog: list[BacklogItem],
            expected_before: dict[str, date]) -> ObjectiveView:
    serves = set(serving(walk, o.outcomes, o.departments))
    parts = _parts(walk, o.outcomes, serves, items, backlog)
    measure = _measure(o.measure, walk.account.contract_start, walk.as_of) if o.measure else None
    ends = [i.end for i in items if i.use_case in parts["items"]]
    status, why = _status(walk, measure, parts, ends, {u: d for u, d in expected_before.items() if u in serves})
    reach = None
    if not parts["items"] and status != "done":
        reach = Note(code="objective_waits", values={"titles": parts["backlog"]}) if parts["backlog"] \
            else Note(code="objective_not_offered")
    return ObjectiveView(id=o.id, title=o.title, proposed=False, owner_name=o.owner.name if o.owner else None,
                         owner_title=o.owner.title if o.owner else None, measure=measure, suggested_measure=None,
                         notes=o.notes, status=status, status_note=why, out_of_reach=reach, **parts)


def _measure(m: Measure, contract_start: date, as_of: date) -> ObjectiveMeasure:
    since = m.start(contract_start)
    span = max((m.by - since).days, 1)
    expected = min(max((as_of - since).days, 0), span) * 100 // span
    progress = m.progress()
    return ObjectiveMeasure(name=m.name, unit=m.unit, baseline=m.baseline, target=m.target, current=m.current,
                            since=since, by=m.by, progress_pct=None if progress is None else round(progress * 100),
                            expected_pct=expected)


def _status(walk: Walk, m: ObjectiveMeasure | None, parts: dict, ends: list[date],
            expected: dict[str, date]) -> tuple[Status, Note]:
    rules = walk.book.objectives
    if m is not None and m.progress_pct is not None:
        if m.progress_pct >= 100:
            return "done", Note(code="objective_reached", values={"current": m.current, "unit": m.unit or ""})
        if walk.as_of > m.by:
            return "behind", Note(code="objective_date_passed", values={"by": m.by.isoformat()})
        gap = m.expected_pct - m.progress_pct
        values = {"progress": m.progress_pct, "expected": m.expected_pct}
        if gap >= rules.behind_gap_pct:
            return "behind", Note(code="objective_behind_pace", values=values)
        if gap >= rules.at_risk_gap_pct:
            return "at_risk", Note(code="objective_behind_pace", values=values)
        if ends and max(ends) > m.by:  # on pace today, but what moves it lands after its date
            return "at_risk", Note(code="objective_due_before_plan",
                                   values={"by": m.by.isoformat(), "end": max(ends).isoformat()})
        return "on_track", Note(code="objective_on_pace", values=values)
    if not parts["items"] and not parts["backlog"] and parts["adopted"]:
        return "done", Note(code="objective_all_adopted", values={"count": len(parts["adopted"])})
    late = sorted(u for u in expected if walk.account.adoption.get(u) != "adopted")
    if late:  # milestones the last QBR expected by now that are not adopted
        titles = [walk.umap.use_cases[u].title for u in late]
        status: Status = "behind" if len(late) == len(expected) else "at_risk"
        return status, Note(code="objective_milestones_late", values={"titles": titles, "count": len(expected)})
    if m is not None and walk.as_of > m.by:
        return "behind", Note(code="objective_date_passed", values={"by": m.by.isoformat()})
    if m is not None and ends and max(ends) > m.by:  # the roadmap finishes its milestones after the target date
        return "at_risk", Note(code="objective_due_before_plan",
                               values={"by": m.by.isoformat(), "end": max(ends).isoformat()})
    if not parts["items"]:
        return "at_risk", Note(code="objective_nothing_planned")
    return "on_track", Note(code="objective_milestones_planned",
                            values={"count": len(parts["items"]), "end": max(ends).isoformat()})


class SinceObjective(PlanModel):
    """One agreed objective at the last QBR and now."""

    id: str
    title: str
    status_then: Status
    status_now: Status
    current_then: float | None
    current_now: float | None
    unit: str | None


def since_objectives(then: list[ObjectiveView], now: list[ObjectiveView]) -> list[SinceObjective]:
    """The agreed objectives both plans track, in this plan's order."""
    before = {o.id: o for o in then if not o.proposed}
    return [SinceObjective(id=o.id, title=o.title, status_then=before[o.id].status, status_now=o.status,
                           current_then=_current(before[o.id]), current_now=_current(o),
                           unit=o.measure.unit if o.measure else None)
            for o in now if not o.proposed and o.id in before]


def _current(o: ObjectiveView) -> float | None:
    return o.measure.current if o.measure else None


def tag(items: list[Item], views: list[ObjectiveView]) -> list[Item]:
    """Each item with the ids of the objectives it moves."""
    moves: dict[str, list[str]] = {}
    for view in views:
        for uc_id in view.items:
            moves.setdefault(uc_id, []).append(view.id)
    return [i.model_copy(update={"objectives": moves.get(i.use_case, [])}) for i in items]
