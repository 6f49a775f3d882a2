"""The walk: from where an account is today to what each department does next, and why.

Pure: no clock, no files, no randomness. ``as_of`` is a parameter, every collection is
sorted before it is used, and the same inputs give the same plan byte for byte.

The plan belongs to the QBR it is prepared for: its year is the QBR periods after that
QBR, and the days before it (the lead-in) only finish pilots and onboarding's own work.
"""

from __future__ import annotations

from datetime import date

from .. import __version__
from ..inputs.models import Account
from ..inputs.playbook import Playbook
from ..inputs.usecase_map import UseCaseMap
from .dates import Period, Slot, plan_calendar
from .models import (
    AccountSummary,
    BacklogItem,
    DepartmentAdoption,
    Item,
    LeadIn,
    Metric,
    Note,
    Owner,
    Plan,
    Quarter,
    Retirement,
    Training,
)
from .motions import lead_in_notes, next_renewal, quarter_motions, recovery, reengagement, warnings
from .people import plan_people
from .pilots import finish_pilots
from .reasons import Reasons, backlog_reasons, item_reasons, qbr_agenda, quarter_theme, risks
from .since import since
from .walk import Draft, Walk
from .workdays import WorkingDays, country_of


def plan(umap: UseCaseMap, book: Playbook, account: Account, *, as_of: date, version: str = __version__,
         previous: Plan | None = None) -> Plan:
    """Plan the account's year: items quarter by quarter with their reasons, backlog, people and risks;
    with the plan made for the last QBR (``previous``), also what changed since."""
    language = account.locale.split("-")[0]
    umap, book = umap.in_language(language), book.in_language(language)  # the library's words in the account's
    days = WorkingDays(country_of(account.locale, account.country), tuple(book.calendar.quiet_periods),
                       account.locale)
    calendar = plan_calendar(account.next_qbr, book.qbr_every_months, book.periods, as_of, days=days,
                             rebook_days=book.calendar.passed_qbr_rebook_days)
    walk = Walk(umap, book, account, as_of, calendar, days=days)
    if previous is not None:  # what the last QBR agreed and is not done yet comes first
        walk.carried = {i.use_case: i.end for i in previous.items if i.end <= calendar.anchor
                        and i.use_case in walk.applicable and i.use_case not in account.adoption}
    periods: list[Period | None] = [calendar.lead_in, *calendar.quarters]  # index = quarter number, 0 = lead-in
    finish_pilots(walk, periods)
    if calendar.lead_in is not None:
        _fill(walk, 0, calendar.lead_in)
    quarters = [_fill(walk, n, period) for n, period in enumerate(calendar.quarters, start=1)]
    for uc_id, decision in sorted(walk.decisions.items()):
        if decision.pin is not None and uc_id not in walk.scheduled and uc_id not in walk.unmet:
            walk.unmet[uc_id] = Note(code="pin_unmet_beyond", values={
                "use_case": uc_id, "title": umap.use_cases[uc_id].title, "quarter": decision.pin,
                "quarters": len(quarters)})
    reasons = Reasons(walk)
    retired: set[str] = set()  # a tool is switched off once, by the first use case that replaces it
    items = [_item(walk, uc_id, reasons, retired) for uc_id in _in_plan_order(walk)]
    backlog = [_backlog_item(walk, uc_id) for uc_id in umap.order
               if uc_id in walk.applicable and uc_id not in walk.done_by and uc_id not in account.adoption]
    council, enablement, report_card = plan_people(walk, items)
    retirements = sorted([*(Retirement(tool=t, use_case=i.use_case, title=i.title, by=i.retire_by)
                            for i in items if i.retire_by is not None for t in i.retires),
                          *(Retirement(tool=t, use_case=u, title=umap.use_cases[u].title, by=by)
                            for t, u, by in walk.still_listed(retired))], key=lambda r: (r.by, r.tool))
    renewal = next_renewal(walk)
    quarters = [q.model_copy(update={"theme": quarter_theme(q, items),
                                     "motions": quarter_motions(
                                         walk, q, items=items, retirements=retirements, backlog=backlog,
                                         renewal=renewal, chair=council.chair,
                                         champions=council.champions_target)})
                for q in quarters]
    draft = Draft(items=items, backlog=backlog, quarters=quarters, council=council, report_card=report_card)
    lead_in = None
    if calendar.lead_in is not None:
        lead_in = LeadIn(start=calendar.lead_in.start, end=calendar.lead_in.end,
                         notes=lead_in_notes(walk, draft, enablement))
    result = Plan(
        generator_version=version, as_of=as_of, horizon_end=calendar.quarters[-1].end,
        account=_account_summary(walk, renewal), at_risk=walk.at_risk,
        warnings=warnings(walk) + [walk.unmet[u] for u in sorted(walk.unmet)],
        reengagement=reengagement(walk, council.chair) if walk.at_risk else [],
        recovery=recovery(walk) if walk.at_risk else [], lead_in=lead_in, csm_notes=list(account.notes),
        quarters=quarters, items=items, backlog=backlog, adoption=_adoption(walk, items, backlog),
        retirements=retirements, qbr_agenda=qbr_agenda(walk, draft), council=council, enablement=enablement,
        report_card=report_card, risks=risks(walk, draft))
    return result if previous is None else result.model_copy(update={"since": since(previous, result, account)})


def capacity(walk: Walk, number: int) -> int:
    """New use cases a quarter may start: the playbook's pace, or for an account at risk a reduced pace
    that steps up by one a quarter after the reduced quarters (and then only once recovery is confirmed)."""
    book = walk.book
    if number == 0:  # before the QBR: only onboarding's own work (its linked use cases and the foundation)
        return book.max_new_use_cases_per_quarter if walk.onboarding_open else len(walk.pinned)
    if not walk.at_risk:
        return book.max_new_use_cases_per_quarter
    health = book.health
    return min(book.max_new_use_cases_per_quarter,
               health.at_risk_max_new_per_quarter + max(0, number - health.reduced_quarters))


def _may_open(walk: Walk, number: int) -> int:
    if number == 0 or (walk.at_risk and number <= walk.book.health.reduced_quarters):
        return 0  # the lead-in, and an account at risk, bring back the departments it has before adding any
    return walk.book.new_departments_per_quarter


def _fill(walk: Walk, number: int, period: Period) -> Quarter:
    pins = sorted((u for u in walk.decisions if walk.pinned_to(u) == number), key=walk.priority)
    room = max(capacity(walk, number), len(pins))  # the CSM's pins are kept even past the playbook's pace
    started = sum(_place_pin(walk, number, period, u) for u in pins)
    # The first "aha" first: until the basics are adopted, the first quarter is about them (and onboarding's own).
    foundation_only = number == 1 and any(
        walk.umap.use_cases[u].stage == "foundation" and walk.account.adoption.get(u) != "adopted"
        for u in walk.applicable)
    opened = 0
    while started < room:
        choice = _best_candidate(walk, number, period, foundation_only, opened < _may_open(walk, number))
        if choice is None:
            break
        uc_id, start = choice
        persona = walk.umap.persona_of[uc_id]
        if persona not in walk.live and walk.umap.personas[persona].scope != "company":
            opened += 1
            walk.opened[persona] = walk.gap(persona) >= max(_gaps_still_closed(walk), default=0)
        walk.live.add(persona)
        end = walk.finish(start, walk.umap.use_cases[uc_id].effort_weeks)
        walk.scheduled[uc_id] = Slot(number, start, end, "start")
        walk.done_by[uc_id] = end
        walk.unmet.pop(uc_id, None)  # a pin whose prerequisites this quarter finished first is kept after all
        started += 1
    # The theme and motions name what the whole plan decided; plan() sets them once every item is placed.
    return Quarter(number=number, start=period.start, end=period.end, qbr=period.qbr, theme=Note(code="pending"),
                   capacity=room, started=started, motions=[])


def _place_pin(walk: Walk, number: int, period: Period, uc_id: str) -> bool:
    """Start a use case the CSM pinned to this quarter, or record why it cannot start in it."""
    uc = walk.umap.use_cases[uc_id]
    missing = sorted(p for p in uc.requires if p not in walk.done_by)
    if missing:
        walk.unmet[uc_id] = Note(code="pin_unmet_prerequisite", values={
            "use_case": uc_id, "title": uc.title, "quarter": number,
            "prerequisite": walk.umap.use_cases[missing[0]].title})
        return False
    start = walk.earliest_start(period.start, uc.requires)
    end = walk.finish(start, uc.effort_weeks)
    if end > period.end:
        late = max(uc.requires, key=lambda p: walk.done_by[p], default=None)
        walk.unmet[uc_id] = Note(code="pin_unmet_late", values={
            "use_case": uc_id, "title": uc.title, "quarter": number, "end": end.isoformat(),
            "qbr": period.end.isoformat(), "prerequisite": walk.umap.use_cases[late].title if late else ""})
        return False
    walk.live.add(walk.umap.persona_of[uc_id])
    walk.scheduled[uc_id] = Slot(number, start, end, "start")
    walk.done_by[uc_id] = end
    return True


def _gaps_still_closed(walk: Walk) -> list[int]:
    personas = {walk.umap.persona_of[u] for u in walk.applicable if u not in walk.done_by}
    return [walk.gap(p) for p in personas if p not in walk.live and walk.umap.personas[p].scope != "company"]


def _best_candidate(walk: Walk, number: int, period: Period, foundation_only: bool,
                    may_open: bool) -> tuple[str, date] | None:
    best: tuple[tuple, str, date] | None = None
    for uc_id in walk.applicable:
        if uc_id in walk.done_by or uc_id in walk.account.adoption:
            continue
        uc = walk.umap.use_cases[uc_id]
        pinned = uc_id in walk.pinned or uc_id in walk.security_first  # onboarding's own, or a regulator's
        onboarding_work = pinned or (uc.stage == "foundation" and walk.onboarding_open)
        if (number == 0 and not onboarding_work) or (foundation_only and uc.stage != "foundation" and not pinned):
            continue
        persona = walk.umap.persona_of[uc_id]
        if not may_open and persona not in walk.live and walk.umap.personas[persona].scope != "company" \
                and not pinned:
            continue
        if any(p not in walk.done_by for p in uc.requires) or walk.waits_for(uc):
            continue  # a prerequisite not done, or a tool it needs the account does not have
        start = walk.earliest_start(period.start, uc.requires)
        decision = walk.decisions.get(uc_id)
        if decision is not None and decision.defer_until is not None and decision.defer_until > start:
            start = walk.days.on_or_after(decision.defer_until)
        if walk.finish(start, uc.effort_weeks) > period.end or walk.held_back(uc_id, number, start):
            continue  # no item runs past the QBR that reviews it, and the CSM's decisions hold
        key = walk.priority(uc_id)
        if best is None or key < best[0]:
            best = (key, uc_id, start)
    return (best[1], best[2]) if best else None


def _in_plan_order(walk: Walk) -> list[str]:
    return sorted(walk.scheduled, key=lambda u: (walk.scheduled[u].quarter, walk.scheduled[u].start, walk.priority(u)))


def _owners(walk: Walk, persona: str) -> list[Owner]:
    depts = walk.departments(persona)
    if depts:
        return [Owner(name=d.head.name, title=d.head.title, department=walk.department_name(d)) for d in depts]
    return [Owner(name=None, title=walk.umap.personas[persona].owner_roles[0],
                  department=walk.umap.personas[persona].title)]


def _condition(walk: Walk, slot: Slot) -> Note | None:
    if walk.at_risk and slot.quarter >= 2 and slot.kind == "start":
        return Note(code="after_recovery", values={"qbr": walk.calendar.quarters[slot.quarter - 1].start.isoformat()})
    return None


def _item(walk: Walk, uc_id: str, reasons: Reasons, retired: set[str]) -> Item:
    uc = walk.umap.use_cases[uc_id]
    slot = walk.scheduled[uc_id]
    persona = walk.umap.persona_of[uc_id]
    retires = [t for t in walk.retires(uc) if t not in retired and walk.switches_off(uc_id, t)]
    retired.update(retires)
    return Item(
        use_case=uc_id, title=uc.title, summary=uc.summary, persona=persona,
        persona_title=walk.umap.personas[persona].title, stage=uc.stage, kind=slot.kind,
        quarter=slot.quarter, start=slot.start, end=slot.end, owners=_owners(walk, persona),
        requires=sorted(uc.requires), unlocks=[u for u in walk.umap.unlocks(uc_id) if u in walk.applicable],
        retires=retires, retire_by=walk.retire_by(slot) if retires else None,
        new_integrations=walk.new_integrations(uc), integrations=[walk.pick(g) for g in uc.integrations],
        unnamed_integrations=walk.unnamed(uc),
        training=[Training(**t.model_dump()) for t in uc.training],
        success_metrics=[Metric(metric=m.metric, target=m.target, unit=m.unit,
                                due=walk.metric_due(slot, m.by_day))
                         for m in uc.success_metrics],
        story=uc.story, reasons=item_reasons(reasons, uc_id, retires), condition=_condition(walk, slot))


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
    of_persona: dict[str, list[str]] = {}
    for u in walk.applicable:
        of_persona.setdefault(walk.umap.persona_of[u], []).append(u)
    for dept in sorted(walk.account.departments, key=lambda d: (d.persona, d.key)):  # input order must not matter
        ids = of_persona.get(dept.persona, [])
        state = walk.account.adoption
        rows.append(DepartmentAdoption(
            department=walk.department_name(dept), persona=dept.persona,
            persona_title=walk.umap.personas[dept.persona].title, headcount=dept.headcount,
            active_users=dept.active_users, adopted=sum(state.get(u) == "adopted" for u in ids),
            piloting=sum(state.get(u) == "piloting" for u in ids), planned=sum(u in planned for u in ids),
            later=sum(u in later for u in ids)))
    return rows


def _account_summary(walk: Walk, renewal: date | None) -> AccountSummary:
    acc = walk.account
    return AccountSummary(
        name=acc.name, segment=acc.segment, segment_title=walk.book.title, locale=acc.locale,
        licensed_seats=acc.licensed_seats, active_seats=acc.active_seats, health_score=acc.health.score,
        seats_30d_delta=acc.health.seats_30d_delta, next_qbr=walk.calendar.anchor, qbr_given=acc.next_qbr,
        contract_start=acc.contract_start, renewal=renewal, csm_name=acc.csm.name, csm_title=acc.csm.title,
        csm_email=acc.csm.email)
