"""The renewal and the commercial view: where the renewal sits in the plan, and what the CSM watches.

Pure like the planner. The renewal's checkpoints go on the customer's calendar (key dates,
timeline); the commercial view (utilisation and its trend, idle seats, seat changes both
ways, departments outgrowing their seats, the renewal's state) is for the CSM's brief only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from .base import Note, PlanModel, Risk

if TYPE_CHECKING:  # the plan holds these models, so this module is read before the plan's
    from .models import Plan
    from .walk import Walk

RenewalState = Literal["none", "later", "in_window", "before_qbr"]


class Checkpoint(PlanModel):
    """A step before the renewal, on a working day."""

    day: date
    kind: Literal["value_review", "renewal_conversation"]
    missed: date | None = None  # the day it was due, when that was before the QBR and it is booked after it


class Outgrowing(PlanModel):
    """A department with nearly all its people active: the seats it has will not hold its next hires."""

    department: str
    headcount: int
    active_users: int


class CommercialView(PlanModel):
    """The CSM's commercial view of the account; never printed in the customer's documents."""

    utilisation_pct: int  # active of licensed seats, rounded down
    utilisation_then_pct: int | None  # at the last review, from the plan kept for it
    seats_unused: int
    seats_30d_delta: int
    seat_signal: Literal["added", "removed"] | None  # a change past the playbook's alert, either way
    outgrowing: list[Outgrowing]  # expansion signals, most people first
    renewal: date | None
    days_to_renewal: int | None  # from the QBR the plan is for
    renewal_state: RenewalState
    utilisation_risk: bool  # idle seats past the playbook's threshold with the renewal in the window
    missed: list[str]  # checkpoints before the renewal whose day has passed: the CSM's to catch up


def renewal_state(walk: Walk, renewal: date | None, before_qbr: date | None) -> RenewalState:
    """Where the renewal stands against the QBR this plan is for."""
    if before_qbr is not None:
        return "before_qbr"
    if renewal is None:
        return "none"
    rules = walk.book.commercial
    # On this QBR's agenda when it is close, or when its preparation starts before the next QBR could agree it.
    first = max((c.days_before for c in rules.checkpoints), default=0)
    starts = renewal - timedelta(days=first)
    close = (renewal - walk.calendar.anchor).days <= rules.window_days or starts < walk.calendar.quarters[0].qbr
    return "in_window" if close else "later"


def checkpoints(walk: Walk, renewal: date | None) -> list[Checkpoint]:
    """The playbook's checkpoints before the renewal, each on a working day by its date. One due before the QBR
    (before today for a renewal the QBR comes too late for) is not a date to give the customer: it is booked
    on the first working day after, each later one at least a week after the one before, and one that no
    longer fits before the renewal is left to the CSM's brief (the commercial view's ``missed``)."""
    if renewal is None:
        return []
    floor = _floor(walk, renewal)
    out: list[Checkpoint] = []
    for c in sorted(walk.book.commercial.checkpoints, key=lambda c: -c.days_before):
        due = renewal - timedelta(days=c.days_before)
        late = due < floor
        day = walk.days.on_or_after(floor + timedelta(days=1)) if late else walk.days.on_or_before(due, earliest=floor)
        if out:  # a week apart, so the sponsor's value review comes before the conversation it prepares
            day = max(day, walk.days.on_or_after(out[-1].day + timedelta(weeks=1)))
        if day < renewal:
            out.append(Checkpoint(day=day, kind=c.kind, missed=due if late else None))
    return out


def _floor(walk: Walk, renewal: date) -> date:
    """The first day a checkpoint can be booked: the QBR, or today for a renewal that comes before the QBR."""
    return walk.calendar.anchor if renewal > walk.calendar.anchor else walk.as_of


def renewal_prep(walk: Walk, renewal: date) -> date:
    """The day the renewal's preparation starts: its value review's, so the motion and the calendar agree; the
    playbook's ``prep_days`` before the renewal (not before the QBR) where it has none or none fits."""
    review = next((c.day for c in checkpoints(walk, renewal) if c.kind == "value_review"), None)
    if review is not None:
        return review
    anchor = walk.calendar.anchor
    return walk.days.on_or_before(max(renewal - timedelta(days=walk.book.renewal.prep_days), anchor),
                                  earliest=anchor)


def commercial_view(walk: Walk, renewal: date | None, state: RenewalState, previous: Plan | None) -> CommercialView:
    acc, rules = walk.account, walk.book.commercial
    change = acc.health.seats_30d_delta
    share = abs(change) * 100 / acc.licensed_seats
    signal: Literal["added", "removed"] | None = None
    if change > 0 and share >= rules.seat_add_alert_pct:
        signal = "added"
    elif change < 0 and share >= walk.book.health.seat_drop_alert_pct:
        signal = "removed"
    utilisation = round(acc.active_seats * 100 / acc.licensed_seats)  # as the documents print a share
    then = previous.account if previous is not None else None
    outgrowing = [Outgrowing(department=walk.department_name(d), headcount=d.headcount, active_users=d.active_users)
                  for d in sorted(acc.departments, key=lambda d: (-d.headcount, d.key))
                  if d.active_users * 100 >= rules.expansion_active_pct * d.headcount]
    return CommercialView(
        utilisation_pct=utilisation,
        utilisation_then_pct=round(then.active_seats * 100 / then.licensed_seats) if then is not None else None,
        seats_unused=acc.licensed_seats - acc.active_seats, seats_30d_delta=change, seat_signal=signal,
        outgrowing=outgrowing, renewal=renewal,
        days_to_renewal=(renewal - walk.calendar.anchor).days if renewal is not None else None,
        renewal_state=state, missed=_missed(walk, renewal),
        utilisation_risk=state in ("in_window", "before_qbr") and utilisation < rules.utilisation_risk_below_pct)


def _missed(walk: Walk, renewal: date | None) -> list[str]:
    """Checkpoints due before they could be booked (before the QBR), whether booked later or no longer fitting."""
    if renewal is None or renewal < walk.as_of:
        return []
    return [c.kind for c in sorted(walk.book.commercial.checkpoints, key=lambda c: -c.days_before)
            if renewal - timedelta(days=c.days_before) < _floor(walk, renewal)]


def renewal_agenda(state: RenewalState, renewal: date | None, points: list[Checkpoint], anchor: date) -> Note | None:
    """The renewal as a thing to agree at the QBR, once it falls within the playbook's window."""
    if state != "in_window" or renewal is None:
        return None
    values: dict[str, str | int | float | list[str] | list[dict[str, str]]] = {"renewal": renewal.isoformat()}
    values.update({c.kind: c.day.isoformat() for c in points if c.day >= anchor})  # the lead-in's are done by then
    return Note(code="agree_renewal_path", values=values)


def renewal_risk(view: CommercialView) -> Note | None:
    """Idle seats with the renewal close: the customer will ask what it pays for."""
    if not view.utilisation_risk or view.renewal is None:
        return None
    return Note(code="idle_seats_before_renewal", values={
        "idle": view.seats_unused, "renewal": view.renewal.isoformat(), "share": view.utilisation_pct})


def with_renewal(agenda: list[Note], point: Note | None) -> list[Note]:
    """The QBR's three things to agree, the renewal among them once it is in the window: it takes the place of
    confirming the council (agreed at an earlier QBR), else of the last point."""
    if point is None:
        return agenda
    at = next((i for i, n in enumerate(agenda) if n.code == "confirm_council"), len(agenda) - 1)
    return [*agenda[:at], point, *agenda[at + 1:]]


@dataclass(frozen=True)
class RenewalParts:
    """What the renewal brings to the plan: checkpoints for the calendar, a point to agree, a risk, the CSM's view."""

    checkpoints: list[Checkpoint]
    agenda_point: Note | None
    risks: list[Risk]
    view: CommercialView


def renewal_parts(walk: Walk, renewal: date | None, before_qbr: date | None, previous: Plan | None) -> RenewalParts:
    state = renewal_state(walk, renewal, before_qbr)
    renewal = before_qbr or renewal  # one between today and the QBR comes first: the lead-in names it
    steps = checkpoints(walk, renewal)
    view = commercial_view(walk, renewal, state, previous)
    idle = renewal_risk(view)
    risks = [Risk(kind="renewal", severity="high", notes=[idle])] if idle else []
    late = [c for c in steps if c.missed is not None]
    if late and renewal is not None:  # the preparation starts late: the weeks it had are gone
        risks.append(Risk(kind="renewal", severity="medium", notes=[Note(code="renewal_prep_late", values={
            "kind": late[0].kind, "due": late[0].missed.isoformat() if late[0].missed else "",
            "booked": late[0].day.isoformat(), "renewal": renewal.isoformat()})]))
    return RenewalParts(checkpoints=steps, agenda_point=renewal_agenda(state, renewal, steps, walk.calendar.anchor),
                        risks=risks, view=view)
