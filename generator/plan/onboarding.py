"""The onboarding report card: one date per step, the same the roadmap and the brief print, and a step done
when the account's facts say so.

A step is done when the account lists it, when the use case it delivers is adopted, or when the moment it marks
has already happened (a sponsor named, a department working in the workspace). A step of ours (the CSM's) due before
the QBR that the plan gives no date of its own is rebooked to the QBR: the plan is presented there, and a
sponsor holds us to a date still ahead rather than to one already gone.
"""

from __future__ import annotations

import math
from datetime import date

from ..inputs.playbook import OnboardingStep
from .models import Item, ReportCard, ReportStep
from .walk import Walk


def ceil_share(x: float) -> int:
    """Round up a computed share, after rounding away float noise: 0.1 x 1200 is 120, not 121."""
    return math.ceil(round(x, 6))


def started_departments(walk: Walk, states: tuple[str, ...] = ("adopted", "piloting")) -> set[str]:
    """Personas of departments that work in the workspace: a use case of theirs in one of ``states``. The admin
    track's set-up opens no department's wave, whoever owns it."""
    umap = walk.umap
    return {umap.persona_of[u] for u, state in walk.account.adoption.items()
            if state in states and umap.personas[umap.persona_of[u]].scope != "company"
            and not umap.use_cases[u].admin_track}


def facts_done(walk: Walk) -> set[str]:
    """The moments an onboarding step can mark that the account's facts say have happened."""
    acc, started = walk.account, started_departments(walk)
    out = set()
    if acc.executive_sponsor is not None:
        out.add("sponsor_named")
    if acc.admin_lead is not None:
        out.add("admin_lead_named")
    if started:
        out.add("first_wave")
    if len(started) > 1:
        out.add("second_wave")
    if started_departments(walk, ("adopted",)):
        out.add("first_department_live")
    return out


def step_done(walk: Walk, step: OnboardingStep, facts: set[str]) -> bool:
    """Whether the account's facts say a step is done: listed, its use case adopted, or its moment passed."""
    if step.id in walk.account.onboarding_done:
        return True
    if step.use_case is not None:
        return walk.account.adoption.get(step.use_case) == "adopted"
    return step.marks is not None and step.marks in facts


def _planned(step: OnboardingStep, ends: dict[str, date], marked: dict[str, date]) -> date | None:
    if step.use_case is not None:
        return ends.get(step.use_case)
    return marked.get(step.marks) if step.marks is not None else None


def _step(walk: Walk, step: OnboardingStep, done: bool, planned: date | None, ours: bool) -> ReportStep:
    due, qbr = walk.step_due(step.due_day), walk.calendar.anchor
    shown = None if done else planned
    # Ours and due before the QBR the plan is presented at: the customer is given the QBR, the brief the lateness.
    # A date the plan itself gives (a session in the lead-in) stays: the roadmap and the training table print it.
    rebooked = ours and not done and shown is None and due < qbr
    shown = qbr if rebooked else shown
    return ReportStep(id=step.id, title=step.title, owner=step.owner, due=due, done=done,
                      overdue=not done and (shown or due) < walk.as_of, ours=ours, use_case=step.use_case,
                      planned=shown, marks=step.marks, rebooked=rebooked)


def report_card(walk: Walk, items: list[Item], marked: dict[str, date]) -> ReportCard | None:
    """The onboarding report card, for accounts before or inside their onboarding window. A step the plan dates
    (its use case on the roadmap, or the moment it ``marks``) carries that date, so that every document prints
    the same one."""
    rules, acc = walk.book.onboarding, walk.account
    if not walk.onboarding_open:
        return None
    facts, ends = facts_done(walk), {i.use_case: i.end for i in items}
    ours = {o.casefold() for o in rules.our_owners}
    steps = [_step(walk, s, step_done(walk, s, facts), _planned(s, ends, marked), s.owner.casefold() in ours)
             for s in sorted(rules.steps, key=lambda s: (s.due_day, s.id))]
    steps.sort(key=lambda s: (s.planned or s.due, s.due, s.id))  # in the order of the dates the documents print
    done = sum(s.done for s in steps)
    needed_total = ceil_share(rules.target_pct * len(steps) / 100)
    due_now = sum(1 for s in steps if s.due <= walk.as_of)
    on_track = done >= ceil_share(rules.target_pct * due_now / 100)
    needed = max(0, needed_total - done)
    todo = [s for s in steps if not s.done][:needed]
    return ReportCard(
        day=(walk.as_of - acc.contract_start).days, by_day=rules.by_day, by_date=walk.step_due(rules.by_day),
        target_pct=rules.target_pct, done_pct=done * 100 // len(steps), steps_needed=needed, on_track=on_track,
        steps=steps, next_steps=[s.id for s in todo])
