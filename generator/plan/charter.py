"""The charter's year: the account's stage, the council's meeting dates and term, and the plan's date for
onboarding steps that mark a moment of the plan.

The stage decides the charter's words: a council that onboards an account, one that brings in
department after department, one that keeps a mature account's workspace worth its place, and one
that brings an account at risk back. Every date is a working day of the account.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from ..months import add_months
from .models import Item, TrainerSession
from .motions import renewal_from
from .onboarding import started_departments
from .walk import Walk

Maturity = Literal["onboarding", "expanding", "mature", "at_risk"]

# A cadence of one week over a 36-month plan is 157 meetings; nothing real asks for more.
_MOST_MEETINGS = 200


def maturity(walk: Walk) -> Maturity:
    """At risk beats everything; then onboarding while its window is open; then mature once the account has
    adopted ``mature_adopted_pct`` of what it is offered or its contract is ``mature_contract_years`` old."""
    if walk.at_risk:
        return "at_risk"
    if walk.onboarding_open:
        return "onboarding"
    rules = walk.book.council
    adopted = sum(walk.account.adoption.get(u) == "adopted" for u in walk.applicable)
    old = add_months(walk.account.contract_start, 12 * rules.mature_contract_years) <= walk.as_of
    if old or (walk.applicable and adopted * 100 >= rules.mature_adopted_pct * len(walk.applicable)):
        return "mature"
    return "expanding"


def charter_fields(walk: Walk) -> dict[str, Any]:
    """The council's words and dates that follow the account's stage and year, as the plan's council fields."""
    stage, rules = maturity(walk), walk.book.council
    start, end, to_renewal = term(walk)
    return {"maturity": stage, "purpose": purpose(walk, stage), "meetings": meeting_dates(walk),
            "responsibilities": list(getattr(rules.responsibilities_by_maturity, stage) or rules.responsibilities),
            "decision_rights": list(rules.decision_rights), "escalation": list(rules.escalation),
            "term_start": start, "term_end": end, "term_to_renewal": to_renewal}


def purpose(walk: Walk, stage: Maturity) -> str:
    """The charter's purpose for the account's stage, or the council's own where the playbook gives none."""
    rules = walk.book.council
    return getattr(rules.purpose_by_maturity, stage) or rules.purpose


def meeting_dates(walk: Walk) -> list[date]:
    """The council's meetings in the plan's year and the charter's term: every ``meets_every`` from the QBR the
    plan is for (the QBR itself agrees the plan), each on the working day on or after it, none after the plan's
    last QBR or the term's end (the next charter's meetings are its own)."""
    every, end = walk.book.council.meets_every, min(walk.calendar.quarters[-1].end, term(walk)[1])
    out: list[date] = []
    for k in range(1, _MOST_MEETINGS + 1):
        day = walk.days.on_or_after(nth_meeting(walk.calendar.anchor, every.months, every.weeks, k))
        if day > end:
            break
        if not out or day > out[-1]:  # a long holiday may push one meeting onto the next: they are held as one
            out.append(day)
    return out


def nth_meeting(anchor: date, months: int | None, weeks: int | None, k: int) -> date:
    """The day the ``k``-th meeting after ``anchor`` is due at the cadence, before moving it to a working day."""
    return add_months(anchor, k * months) if months else anchor + timedelta(weeks=k * (weeks or 0))


def term(walk: Walk) -> tuple[date, date, bool]:
    """The charter's term: from the QBR the plan is for to the first renewal at least ``min_term_months`` after
    it (a renewal sooner gives the council no time, so it runs to the one after); and whether it ends at a
    renewal, which it always does, the contract's own or the one its start and term imply."""
    anchor = walk.calendar.anchor
    end = renewal_from(walk, add_months(anchor, walk.book.council.min_term_months))
    return anchor, end, True


def marked_dates(walk: Walk, items: list[Item], sessions: list[TrainerSession],
                 meetings: list[date]) -> dict[str, date]:
    """The plan's date of each moment an onboarding step can mark, where the plan has one and it is still ahead.
    Departments already working in the workspace count as waves that have happened."""
    out: dict[str, date] = {}
    if meetings:
        out["first_council_meeting"] = meetings[0]
    started = started_departments(walk)
    dept_items = [i for i in items if walk.umap.personas[i.persona].scope != "company"
                  and walk.departments(i.persona) and not i.admin_track]
    if not started_departments(walk, ("adopted",)) and dept_items:
        out["first_department_live"] = min(i.end for i in dept_items)
    firsts: dict[str, Item] = {}  # persona -> its first item: the start of its wave
    for item in sorted(dept_items, key=lambda i: (i.start, i.use_case)):
        if item.persona not in started:
            firsts.setdefault(item.persona, item)
    waves = list(firsts.values())
    ahead = ["first_wave", "second_wave"][len(started):]  # the waves still to start
    for mark, wave in zip(ahead, waves, strict=False):
        out[mark] = wave.start
    if not started and waves:
        trained = [s.date for s in sessions if s.persona == waves[0].persona]
        if trained:
            out["trainers_trained"] = max(trained)
    return out
