"""Since our last review: the plan made for the last QBR against what happened, in the plan's own terms.

Pure like the planner: it compares two plans and the account as it is now. What the last
plan expected by this QBR is each item that was to end by it; its status now is the
account's (adopted, in pilot) or this plan's (still planned later: slipped; gone: dropped).
"""

from __future__ import annotations

from datetime import date

from ..inputs.models import Account
from .models import Item, Plan, Since, SinceItem, SinceMetric
from .objectives import since_objectives


def since(previous: Plan, current: Plan, account: Account) -> Since:
    """What the last plan expected by this QBR, where each stands now, and the account then and now."""
    now = {i.use_case: i for i in current.items}
    due = [i for i in previous.items if i.end <= current.account.next_qbr]
    planned = [_status(i.use_case, i.title, i.end, account, now) for i in due]
    expected = {i.use_case for i in due}
    waiting = {b.use_case: b.title for b in previous.backlog} | {i.use_case: i.title for i in previous.items}
    unplanned = sorted(waiting[u] for u, state in account.adoption.items()
                       if state == "adopted" and u in waiting and u not in expected)
    prev = previous.account
    return Since(previous_as_of=previous.as_of, previous_qbr=prev.next_qbr, planned=planned, unplanned=unplanned,
                 done=sum(p.status == "adopted" for p in planned), active_then=prev.active_seats,
                 active_now=account.active_seats, licensed_then=prev.licensed_seats,
                 licensed_now=account.licensed_seats, health_then=prev.health_score, health_now=account.health.score,
                 objectives=since_objectives(previous.objectives, current.objectives),
                 metrics=_moved_metrics(previous, current))


def _status(uc_id: str, title: str, end: date, account: Account, now: dict[str, Item]) -> SinceItem:
    state = account.adoption.get(uc_id)
    if state == "adopted":
        return SinceItem(use_case=uc_id, title=title, planned_end=end, status="adopted", new_end=None)
    if state == "piloting":
        return SinceItem(use_case=uc_id, title=title, planned_end=end, status="in_progress",
                         new_end=now[uc_id].end if uc_id in now else None)
    if uc_id in now:
        return SinceItem(use_case=uc_id, title=title, planned_end=end, status="slipped", new_end=now[uc_id].end)
    return SinceItem(use_case=uc_id, title=title, planned_end=end, status="dropped", new_end=None)


def _moved_metrics(previous: Plan, current: Plan) -> list[SinceMetric]:
    """Success metrics measured in both plans whose value moved, in this plan's order."""
    then = {(i.use_case, m.metric): m.actual for i in previous.items for m in i.success_metrics}
    out = []
    for item in current.items:
        for m in item.success_metrics:
            before = then.get((item.use_case, m.metric))
            if m.actual is not None and before is not None and before != m.actual:
                out.append(SinceMetric(use_case=item.use_case, title=item.title, metric=m.metric, unit=m.unit,
                                       target=m.target, then=before, now=m.actual))
    return out
