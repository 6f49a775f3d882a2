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
from .charter import maturity
from .commercial import renewal_parts, with_renewal
from .dates import Period, Slot, plan_calendar
from .models import (
    AccountSummary,
    BacklogItem,
    DepartmentAdoption,
    Item,
    LeadIn,
    Metric,
    Note,
    ObjectiveView,
    Owner,
    Plan,
    Quarter,
    Retirement,
    Training,
)
from .motions import lead_in_notes, next_renewal, quarter_motions, recovery, reengagement, renewal_before_qbr, warnings
from .objectives import objectives, tag
from .order import fill
from .people import plan_people
from .pilots import finish_pilots
from .reasons import Reasons, backlog_reasons, item_reasons, qbr_agenda, quarter_theme, risks
from .since import since
from .upkeep import quiet_theme
from .value import value_delivered
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
        fill(walk, 0, calendar.lead_in)
    quarters = [fill(walk, n, period) for n, period in enumerate(calendar.quarters, start=1)]
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
    expected = {i.use_case: i.end for i in previous.items if i.end <= calendar.anchor} if previous else {}
    views = objectives(walk, items, backlog, maturity(walk), expected)
    items = tag(items, views)
    council, enablement, report_card = plan_people(walk, items)
    retirements = sorted([*(Retirement(tool=t, use_case=i.use_case, title=i.title, by=i.retire_by)
                            for i in items if i.retire_by is not None for t in i.retires),
                          *(Retirement(tool=t, use_case=u, title=umap.use_cases[u].title, by=by)
                            for t, u, by in walk.still_listed(retired))], key=lambda r: (r.by, r.tool))
    renewal = next_renewal(walk)
    deal = renewal_parts(walk, renewal, renewal_before_qbr(walk), previous)
    quarters = [_with_motions(q, quarter_theme(reasons, q, items), quarter_motions(
        walk, q, items=items, retirements=retirements, backlog=backlog, renewal=renewal, chair=council.chair,
        champions=council.champions_target, stage=council.maturity), _moved(views, items, q.number))
        for q in quarters]
    quarters = _told_apart(quarters, items)
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
        measured=list(account.measured), trend=account.trend,
        quarters=quarters, period_months=book.qbr_every_months, items=items, backlog=backlog,
        adoption=_adoption(walk, items, backlog),
        retirements=retirements, qbr_agenda=with_renewal(qbr_agenda(walk, draft), deal.agenda_point),
        council=council, enablement=enablement, report_card=report_card, risks=[*deal.risks, *risks(walk, draft)],
        value=value_delivered(umap, account, previous, walk.applicable, walk.measured),
        renewal_checkpoints=deal.checkpoints, commercial=deal.view, objectives=views)
    return result if previous is None else result.model_copy(update={"since": since(previous, result, account)})

def _with_motions(q: Quarter, theme: Note, motions: list[Note], objectives: list[str]) -> Quarter:
    """The quarter with its work besides new use cases; one without new use cases is headed by that work."""
    if theme.code == "theme_consolidate":
        theme = quiet_theme(motions)
    return q.model_copy(update={"theme": theme, "motions": motions, "objectives": objectives})


def _told_apart(quarters: list[Quarter], items: list[Item]) -> list[Quarter]:
    """Quarters whose titles would read alike are told apart by the first use case each starts."""
    def said(theme: Note) -> str:  # what the title says: company-wide and admin work only as such, not by title
        values = {k: bool(v) if k in ("company", "admin") else v for k, v in theme.values.items()}
        return Note(code=theme.code, values=values).model_dump_json()
    seen: dict[str, int] = {}
    for q in quarters:
        seen[said(q.theme)] = seen.get(said(q.theme), 0) + 1
    out = []
    for quarter in quarters:
        first = next((i.title for i in items if i.quarter == quarter.number and i.kind == "start"), None)
        theme = quarter.theme
        if seen[said(theme)] > 1 and first is not None and theme.code == "theme_quarter":
            theme = theme.model_copy(update={"values": {**theme.values, "lead": first}})
        out.append(quarter.model_copy(update={"theme": theme}))
    return out


def _moved(views: list[ObjectiveView], items: list[Item], quarter: int) -> list[str]:
    """The objectives a quarter's items move, in the plan's order of objectives."""
    ids = {o for i in items if i.quarter == quarter for o in i.objectives}
    return [v.id for v in views if v.id in ids]


def _in_plan_order(walk: Walk) -> list[str]:
    taken = {u: n for n, u in enumerate(walk.scheduled)}  # the walk's own order: the one it chose them in
    return sorted(walk.scheduled, key=lambda u: (walk.scheduled[u].quarter, walk.scheduled[u].start, taken[u]))


def _owners(walk: Walk, uc_id: str) -> list[Owner]:
    persona = walk.umap.persona_of[uc_id]
    if walk.admin_track(uc_id):  # the workspace admin lead sets it up, whoever heads IT
        lead = walk.account.admin_lead
        return [Owner(name=lead.name if lead else None, title=lead.title if lead else walk.book.council.admin_lead_role,
                      department=walk.umap.personas[persona].title)]
    depts = walk.departments(persona)
    if depts:
        return [Owner(name=d.head.name, title=d.head.title, department=walk.department_name(d)) for d in depts]
    sponsor = walk.account.executive_sponsor
    if sponsor is not None and walk.umap.personas[persona].scope == "company":  # a person, not the library's role
        return [Owner(name=sponsor.name, title=sponsor.title, department=walk.umap.personas[persona].title)]
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
        quarter=slot.quarter, start=slot.start, end=slot.end, owners=_owners(walk, uc_id),
        admin_track=uc.admin_track,
        requires=sorted(uc.requires), unlocks=[u for u in walk.umap.unlocks(uc_id) if u in walk.applicable],
        retires=retires, retire_by=walk.retire_by(slot) if retires else None,
        # Products only, as plan.json 3 has always said; the groups the account is to name are unnamed_integrations.
        new_integrations=[t for t in walk.new_integrations(uc) if t not in walk.unnamed(uc)],
        integrations=[walk.pick(g) for g in uc.integrations], unnamed_integrations=walk.unnamed(uc),
        training=[Training(**t.model_dump()) for t in uc.training],
        success_metrics=[Metric(metric=m.metric, target=m.target, unit=m.unit,
                                due=walk.metric_due(slot, m.by_day),
                                actual=walk.measured.get(f"success_metrics.{uc_id}[{n}]"))
                         for n, m in enumerate(uc.success_metrics)],
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
