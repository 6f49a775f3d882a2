"""The walk: from where an account is today to what each department does next, and why.

Pure: no clock, no files, no randomness. ``as_of`` is a parameter, every collection is
sorted before it is used, and the same inputs give the same plan byte for byte.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from .. import __version__
from ..inputs.models import Account, Playbook
from ..inputs.usecase_map import UseCaseMap
from .dates import Period, cut_quarters
from .models import (
    AccountSummary,
    BacklogItem,
    DepartmentAdoption,
    Item,
    Metric,
    Note,
    Owner,
    Plan,
    Quarter,
    Training,
)
from .people import plan_people
from .reasons import (
    Reasons,
    backlog_reasons,
    item_reasons,
    qbr_agenda,
    quarter_theme,
    risks,
)
from .walk import Draft, Slot, Walk


def plan(umap: UseCaseMap, book: Playbook, account: Account, *, as_of: date, version: str = __version__) -> Plan:
    """Plan the account's year: items quarter by quarter with their reasons, backlog, people and risks."""
    language = account.locale.split("-")[0]
    umap, book = umap.in_language(language), book.in_language(language)  # the library's words in the account's
    walk = Walk(umap, book, account, as_of)
    periods = cut_quarters(account.next_qbr, book.qbr_every_months,
                           book.horizon_months // book.qbr_every_months, as_of)
    _finish_pilots(walk, periods[0])
    quarters = [_fill_quarter(walk, n, period) for n, period in enumerate(periods, start=1)]
    reasons = Reasons(walk)
    items = [_item(walk, uc_id, reasons) for uc_id in _in_plan_order(walk)]
    backlog = [_backlog_item(walk, uc_id) for uc_id in umap.order
               if uc_id in walk.applicable and uc_id not in walk.done_by and uc_id not in account.adoption]
    council, enablement, report_card = plan_people(walk, items)
    quarters = [q.model_copy(update={"theme": quarter_theme(q, items)}) for q in quarters]
    draft = Draft(items=items, backlog=backlog, quarters=quarters, council=council, report_card=report_card)
    return Plan(
        generator_version=version, as_of=as_of, horizon_end=periods[-1].end, account=_account_summary(walk),
        at_risk=walk.at_risk, reengagement=list(book.health.reengagement) if walk.at_risk else [],
        quarters=quarters, items=items, backlog=backlog, adoption=_adoption(walk, items, backlog),
        tools_to_retire=sorted({t for i in items for t in i.retires}),
        qbr_agenda=qbr_agenda(walk, draft), council=council, enablement=enablement, report_card=report_card,
        risks=risks(walk, draft))


def _finish_pilots(walk: Walk, first: Period) -> None:
    # A piloting use case keeps its slot: stopping it mid-quarter costs trust. Half its effort is assumed left.
    for uc_id in sorted(u for u, s in walk.account.adoption.items() if s == "piloting"):
        weeks = math.ceil(walk.umap.use_cases[uc_id].effort_weeks / 2)
        end = walk.as_of + timedelta(weeks=weeks)
        walk.scheduled[uc_id] = Slot(1, walk.as_of, end, "finish")
        walk.done_by[uc_id] = end


def _fill_quarter(walk: Walk, number: int, period: Period) -> Quarter:
    book = walk.book
    capacity = book.max_new_use_cases_per_quarter
    if walk.at_risk and number <= book.health.reduced_quarters:
        capacity = min(capacity, book.health.at_risk_max_new_per_quarter)
    # The first "aha" first: until the basics are adopted, the first quarter is about them alone.
    foundation_only = number == 1 and any(
        walk.umap.use_cases[u].stage == "foundation" and walk.account.adoption.get(u) != "adopted"
        for u in walk.applicable)
    opened = 0
    started = 0
    while started < capacity:
        choice = _best_candidate(walk, period, foundation_only, opened < book.new_departments_per_quarter)
        if choice is None:
            break
        uc_id, start = choice
        persona = walk.umap.persona_of[uc_id]
        if persona not in walk.live and walk.umap.personas[persona].scope != "company":
            opened += 1
        walk.live.add(persona)
        end = start + timedelta(weeks=walk.umap.use_cases[uc_id].effort_weeks)
        walk.scheduled[uc_id] = Slot(number, start, end, "start")
        walk.done_by[uc_id] = end
        started += 1
    # The theme names the quarter's departments, known once every item is placed; plan() sets it then.
    return Quarter(number=number, start=period.start, end=period.end, qbr=period.qbr, theme=Note(code="pending"),
                   capacity=capacity, started=started)


def _best_candidate(walk: Walk, period: Period, foundation_only: bool, may_open: bool) -> tuple[str, date] | None:
    best: tuple[tuple, str, date] | None = None
    for uc_id in walk.applicable:
        if uc_id in walk.done_by or uc_id in walk.account.adoption:
            continue
        uc = walk.umap.use_cases[uc_id]
        if foundation_only and uc.stage != "foundation":
            continue
        persona = walk.umap.persona_of[uc_id]
        if not may_open and persona not in walk.live and walk.umap.personas[persona].scope != "company":
            continue
        if any(p not in walk.done_by for p in uc.requires):
            continue
        start = max([period.start, *(walk.done_by[p] for p in uc.requires)])
        if start >= period.end:
            continue
        key = walk.priority(uc_id)
        if best is None or key < best[0]:
            best = (key, uc_id, start)
    return (best[1], best[2]) if best else None


def _in_plan_order(walk: Walk) -> list[str]:
    return sorted(walk.scheduled, key=lambda u: (walk.scheduled[u].quarter, walk.scheduled[u].start, walk.priority(u)))


def _owner(walk: Walk, persona: str) -> Owner:
    dept = walk.department(persona)
    title = walk.umap.personas[persona].title
    if dept is not None:
        return Owner(name=dept.head.name, title=dept.head.title, department=title)
    return Owner(name=None, title=walk.umap.personas[persona].owner_roles[0], department=title)


def _item(walk: Walk, uc_id: str, reasons: Reasons) -> Item:
    uc = walk.umap.use_cases[uc_id]
    slot = walk.scheduled[uc_id]
    persona = walk.umap.persona_of[uc_id]
    return Item(
        use_case=uc_id, title=uc.title, summary=uc.summary, persona=persona,
        persona_title=walk.umap.personas[persona].title, stage=uc.stage, kind=slot.kind,
        quarter=slot.quarter, start=slot.start, end=slot.end, owner=_owner(walk, persona), requires=sorted(uc.requires),
        unlocks=[u for u in walk.umap.unlocks(uc_id) if u in walk.applicable],
        retires=walk.retires(uc), new_integrations=walk.new_integrations(uc),
        training=[Training(**t.model_dump()) for t in uc.training],
        success_metrics=[Metric(metric=m.metric, target=m.target, unit=m.unit,
                                due=slot.start + timedelta(days=m.by_day))
                         for m in uc.success_metrics],
        story=uc.story, reasons=item_reasons(reasons, uc_id))


def _backlog_item(walk: Walk, uc_id: str) -> BacklogItem:
    uc = walk.umap.use_cases[uc_id]
    persona = walk.umap.persona_of[uc_id]
    return BacklogItem(use_case=uc_id, title=uc.title, persona=persona,
                       persona_title=walk.umap.personas[persona].title, requires=sorted(uc.requires),
                       reasons=backlog_reasons(walk, uc_id))


def _adoption(walk: Walk, items: list[Item], backlog: list[BacklogItem]) -> list[DepartmentAdoption]:
    rows = []
    planned = {i.use_case for i in items if i.kind == "start"}
    later = {b.use_case for b in backlog}
    for dept in sorted(walk.account.departments, key=lambda d: d.persona):  # input order must not matter
        ids = [u for u in walk.applicable if walk.umap.persona_of[u] == dept.persona]
        state = walk.account.adoption
        rows.append(DepartmentAdoption(
            persona=dept.persona, department=walk.umap.personas[dept.persona].title, headcount=dept.headcount,
            active_users=dept.active_users, adopted=sum(state.get(u) == "adopted" for u in ids),
            piloting=sum(state.get(u) == "piloting" for u in ids), planned=sum(u in planned for u in ids),
            later=sum(u in later for u in ids)))
    return rows


def _account_summary(walk: Walk) -> AccountSummary:
    acc = walk.account
    return AccountSummary(
        name=acc.name, segment=acc.segment, segment_title=walk.book.title, locale=acc.locale,
        licensed_seats=acc.licensed_seats, active_seats=acc.active_seats, health_score=acc.health.score,
        seats_30d_delta=acc.health.seats_30d_delta, next_qbr=acc.next_qbr, csm_name=acc.csm.name,
        csm_title=acc.csm.title, csm_email=acc.csm.email)
