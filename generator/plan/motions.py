"""The plan's work beyond new use cases: what to check first, the lead-in before the QBR, each
quarter's motions (deepening, retirements, value review, renewal), and recovery for an account at risk.

Like the reasons, these are notes: codes and values that the documents word in the reader's language.
"""

from __future__ import annotations

import math
from datetime import date

from ..months import add_months
from .commercial import renewal_prep
from .models import BacklogItem, Chair, Enablement, Item, Note, Quarter, Retirement
from .upkeep import MOST_NAMED, advocacy, new_hire_sessions, quiet_quarter
from .walk import Draft, Walk


def _note(code: str, internal: bool = False, **values: object) -> Note:
    return Note(code=code, values=values, internal=internal)


def warnings(walk: Walk) -> list[Note]:
    """What the CSM must check before the documents go out: dates in the account that do not add up."""
    acc, cal = walk.account, walk.calendar
    out = []
    if cal.qbr_passed:
        out.append(_note("qbr_passed", given=acc.next_qbr.isoformat(), assumed=cal.anchor.isoformat()))
    elif cal.moved_because is not None:  # 'weekend', 'quiet' (the playbook's holidays) or a public holiday's name
        why = cal.moved_because if cal.moved_because in ("weekend", "quiet") else "holiday"
        out.append(_note("qbr_moved", given=acc.next_qbr.isoformat(), moved=cal.anchor.isoformat(), why=why,
                         holiday=cal.moved_because if why == "holiday" else ""))
    if acc.contract_start > walk.as_of:
        out.append(_note("contract_not_started", start=acc.contract_start.isoformat()))
    if cal.anchor < acc.contract_start:
        out.append(_note("qbr_before_contract", qbr=cal.anchor.isoformat(), start=acc.contract_start.isoformat()))
    for adj in walk.ended_deferrals:  # the CSM's own housekeeping: the customer's documents never say it
        assert adj.defer_until is not None
        out.append(_note("deferral_passed", internal=True, title=walk.umap.use_cases[adj.use_case].title,
                         until=adj.defer_until.isoformat()))
    renewal = renewal_before_qbr(walk) or next_renewal(walk)
    if acc.renewal_date is None and renewal is not None:  # worked out from the contract's start: ours to confirm
        out.append(_note("renewal_assumed", internal=True, renewal=renewal.isoformat(),
                         start=acc.contract_start.isoformat(), months=walk.book.renewal.term_months))
    return out


def renewal_from(walk: Walk, first: date) -> date:
    """The account's first renewal on or after ``first``: its renewal date, or its start, every term on."""
    acc, term = walk.account, walk.book.renewal.term_months
    base = acc.renewal_date or add_months(acc.contract_start, term)
    k = 0
    while add_months(base, k * term) < first:
        k += 1
    return add_months(base, k * term)


def next_renewal(walk: Walk) -> date | None:
    """The account's next renewal within the plan's year (from the QBR it is prepared for)."""
    day = renewal_from(walk, walk.calendar.anchor)
    return day if day <= walk.calendar.quarters[-1].end else None


def renewal_before_qbr(walk: Walk) -> date | None:
    """A renewal that falls between today and the QBR, which the lead-in must name."""
    day = renewal_from(walk, walk.as_of)
    return day if day < walk.calendar.anchor else None


def _with_who(code: str, chair: Chair, **values: object) -> Note:
    """A note that names a person: their name (empty while to be named) and title; words put them together."""
    return Note(code=code, values={**values, "who_name": chair.name or "", "who_title": chair.title})


def _in(day: date, q: Quarter) -> bool:
    return q.start <= day < q.end


def quarter_motions(walk: Walk, q: Quarter, *, items: list[Item], retirements: list[Retirement],
                    backlog: list[BacklogItem], renewal: date | None, chair: Chair, champions: int,
                    stage: str = "expanding") -> list[Note]:
    """A quarter's work besides its new use cases, so that no quarter is only 'consolidate'."""
    out = []
    if walk.at_risk and q.number <= max(1, walk.book.health.reduced_quarters):
        out.append(_note("motion_recovery_check", qbr=q.qbr.isoformat()))
    deepen = _deepening(walk, q, items)
    if deepen:
        out.append(deepen)
    tools = [{"tool": r.tool, "by": r.by.isoformat()} for r in retirements if _in(r.by, q)]
    if tools:
        out.append(_note("motion_retire", tools=tools))
    last = q.number == len(walk.calendar.quarters)
    prep = None if renewal is None else renewal_prep(walk, renewal)  # the value review's own day
    if renewal is not None and prep is not None and (_in(prep, q) or (last and prep >= q.end)):
        out.append(_with_who("motion_renewal", chair, renewal=renewal.isoformat(), start=prep.isoformat()))
    elif last:  # the year ends with its value review, unless the renewal's own review is in this quarter
        out.append(_with_who("motion_value_review", chair))
    if last:
        wanted = _departments_wanted(walk, backlog)
        if wanted:
            out.append(_note("motion_next_departments", departments=wanted[:MOST_NAMED],
                             more=max(0, len(wanted) - MOST_NAMED)))
    ask = advocacy(walk, q, stage)
    if ask is not None:
        out.append(ask)
    quiet = [n for n in range(1, len(walk.calendar.quarters) + 1)
             if not any(i.quarter == n and i.kind == "start" for i in items)]
    if q.number in quiet:  # no new use case: the quarter keeps what is live alive
        out += quiet_quarter(walk, q, quiet, champions)
    hires = new_hire_sessions(walk, q)  # every quarter, as the charter promises them a year
    if hires is not None:
        out.append(hires)
    return out or [_note("motion_metrics_review")]  # never an empty quarter, even with nothing live to name


def _deepening(walk: Walk, q: Quarter, items: list[Item]) -> Note | None:
    """Live departments grown toward the playbook's share of active people, step by step over the year."""
    target, n = walk.book.deepening.target_pct, len(walk.calendar.quarters)
    live = {walk.umap.persona_of[u] for u in walk.account.adoption} | {i.persona for i in items if i.end <= q.end}
    rows = []
    for dept in walk.account.departments:
        goal = math.ceil(dept.headcount * target / 100)
        gap = goal - dept.active_users
        # Named in a quarter whose step raises its number: a small gap is closed early, and said once.
        if dept.persona in live and gap > 0 and _steps_up(gap, q.number, n):
            to = dept.active_users + math.ceil(gap * q.number / n)
            rows.append((-(goal - dept.active_users), dept.key, {
                "department": walk.department_name(dept), "active": str(to), "headcount": str(dept.headcount)}))
    if not walk.account.departments:
        acc = walk.account
        goal = math.ceil(acc.licensed_seats * target / 100)
        gap = goal - acc.active_seats
        if gap > 0 and _steps_up(gap, q.number, n):
            to = acc.active_seats + math.ceil(gap * q.number / n)
            return _note("motion_grow_seats", active=to, licensed=acc.licensed_seats)
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0], r[1]))
    return _note("motion_deepen", departments=[r[2] for r in rows[:MOST_NAMED]],
                 more=max(0, len(rows) - MOST_NAMED))


def _steps_up(gap: int, quarter: int, quarters: int) -> bool:
    """Whether a gap closed in equal steps over the year grows in ``quarter``: a small one is closed early, once."""
    return math.ceil(gap * quarter / quarters) > math.ceil(gap * (quarter - 1) / quarters)


def _departments_wanted(walk: Walk, backlog: list[BacklogItem]) -> list[str]:
    """Persona titles of departments the account does not have that backlog use cases wait for."""
    have = {d.persona for d in walk.account.departments}
    count: dict[str, int] = {}
    for b in backlog:
        for persona in walk.umap.personas_needed[b.use_case] - have:
            if walk.umap.personas[persona].scope != "company":
                count[persona] = count.get(persona, 0) + 1
    return [walk.umap.personas[p].title for p in sorted(count, key=lambda p: (-count[p], p))]


def lead_in_notes(walk: Walk, draft: Draft, enablement: Enablement) -> list[Note]:
    """What happens between today and the QBR the plan is prepared for."""
    anchor = walk.calendar.anchor
    out = []
    if walk.account.contract_start > walk.as_of:
        out.append(_note("lead_contract_starts", start=walk.account.contract_start.isoformat()))
    renewal = renewal_before_qbr(walk)
    if renewal is not None:
        out.append(_with_who("lead_renewal", draft.council.chair, renewal=renewal.isoformat()))
    card = draft.report_card
    if card is not None:
        due = [s for s in card.steps if not s.done and (s.planned or s.due) <= anchor]  # the date the card prints
        if due:
            out.append(_note("lead_onboarding_steps", count=len(due), target_pct=card.target_pct,
                             by=card.by_date.isoformat()))
    sessions = [s for s in enablement.train_the_trainer if s.date < anchor]
    if sessions:
        out.append(_note("lead_trainer_sessions", count=len(sessions),
                         departments=sorted({d.department for s in sessions for d in s.departments})))
    restarts = [s for s in enablement.champion_restarts if s.date < anchor]
    if restarts:
        out.append(_note("lead_restart_sessions", count=len(restarts),
                         departments=sorted({d.department for s in restarts for d in s.departments})))
    out.append(_with_who("lead_prepare_qbr", draft.council.chair, qbr=anchor.isoformat()))
    return out


def recovery(walk: Walk) -> list[Note]:
    """What counts as recovered, in the customer's own numbers; the health score only for the CSM."""
    acc, health = walk.account, walk.book.health
    target = min(acc.licensed_seats, math.ceil(acc.active_seats * (100 + health.recovery_active_gain_pct) / 100))
    return [_note("recover_active", target=max(target, acc.active_seats), today=acc.active_seats),
            _note("recover_seats"),
            _note("recover_health", internal=True, threshold=health.at_risk_below, score=acc.health.score)]


def most_used(walk: Walk) -> str | None:
    """The use case the account relies on most: adopted before piloting, then by the people active in it."""
    def reach(uc_id: str) -> int:
        persona = walk.umap.persona_of[uc_id]
        if walk.umap.personas[persona].scope == "company":
            return walk.account.active_seats
        return sum(d.active_users for d in walk.departments(persona))
    states = walk.account.adoption
    if not states:
        return None
    best = min(states, key=lambda u: (states[u] != "adopted", -reach(u), -walk.umap.use_cases[u].value, u))
    return walk.umap.use_cases[best].title


def reengagement(walk: Walk, chair: Chair) -> list[str]:
    """The playbook's re-engagement steps, naming the account's sponsor, champion and most used use case."""
    acc, council = walk.account, walk.book.council
    sponsor = acc.executive_sponsor
    depts = sorted(acc.departments, key=lambda d: (-d.active_users, d.key))
    named = {c.department: c.name for c in acc.champions}
    champion = next((named[d.key] for d in depts if d.key in named), None) \
        or next(iter(named.values()), None) \
        or (f"{depts[0].head.name} ({depts[0].head.title})" if depts else None) \
        or (acc.admin_lead.name if acc.admin_lead else council.admin_lead_role)
    fields = {"sponsor": f"{sponsor.name} ({sponsor.title})" if sponsor else
              f"{chair.name} ({chair.title})" if chair.name else chair.title,
              "champion": champion,
              "use_case": most_used(walk) or walk.umap.use_cases[walk.umap.order[0]].title}
    return [step.format_map(fields) for step in walk.book.health.reengagement]
