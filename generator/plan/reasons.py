"""The plan's reasons, risks, agenda and themes, as notes: what each sentence says and the values it names.

The words come later, in the reader's language (``render/words.py``). Facts that are ours
and not the customer's (enablement's value rating, health thresholds, what predicts
retention) are notes marked internal: the CSM's brief shows them, the customer's PDFs never.
"""

from __future__ import annotations

from .models import Item, Note, Quarter, Risk
from .walk import Draft, Walk


def _note(code: str, internal: bool = False, **values: object) -> Note:
    return Note(code=code, values=values, internal=internal)


class Reasons:
    """Builds each item's reasons once the whole schedule is known."""

    def __init__(self, walk: Walk):
        self.walk = walk
        self.opened: dict[str, str] = {}  # persona -> the use case that opens it: nobody there worked here before
        self.first: dict[str, str] = {}  # persona -> its first use case on the roadmap
        for uc_id in sorted(walk.scheduled, key=lambda u: (walk.scheduled[u].start, u)):
            persona = walk.umap.persona_of[uc_id]
            if walk.admin_track(uc_id) or walk.umap.personas[persona].scope == "company":
                continue
            self.first.setdefault(persona, uc_id)
            if persona in walk.opened:
                self.opened.setdefault(persona, uc_id)

    def landing(self, uc_id: str) -> Note | None:
        """Where a department's use case lands: it opens the department, deepens what already works there, or
        continues a wave this plan opened (then nobody there is active yet, so it does not say 'already works')."""
        walk = self.walk
        persona = walk.umap.persona_of[uc_id]
        title = walk.umap.personas[persona].title
        if self.opened.get(persona) == uc_id:
            code = "opens_wave" if walk.opened[persona] else "opens_wave_next"
            return _note(code, department=title, inactive=walk.gap(persona))
        if walk.scheduled[uc_id].kind != "start" or walk.umap.personas[persona].scope == "company":
            return None
        if walk.works_today(persona):  # said with the people it builds on, so it never reads as more than they are
            return _note("deepens", department=title, active=sum(d.active_users for d in walk.departments(persona)))
        first = self.first.get(persona, uc_id)
        if first == uc_id:  # a pilot not finished in this plan was its start: the numbers beside it say the rest
            return None
        return _note("continues_wave", department=title, title=walk.umap.use_cases[first].title)


def _agreed(walk: Walk, uc_id: str) -> list[Note]:
    """What puts a use case first whatever the walk would choose: the CSM, the last QBR, the account's rules."""
    out: list[Note] = []
    decision = walk.decisions.get(uc_id)
    if decision is not None and decision.pin is not None:
        out.append(_note("csm_pinned", quarter=decision.pin, reason=decision.reason))
    elif decision is not None and decision.defer_until is not None:
        out.append(_note("csm_deferred", until=decision.defer_until.isoformat(), reason=decision.reason))
    if uc_id in walk.carried:
        out.append(_note("carried_over", by=walk.carried[uc_id].isoformat()))
    if uc_id in walk.security_first:
        out.append(_note("regulated_first"))
    if uc_id in walk.for_objectives:
        out.append(_note("serves_objective", objectives=walk.for_objectives[uc_id]))
    return out


def item_reasons(r: Reasons, uc_id: str, retires: list[str]) -> list[Note]:
    """Why this use case, and why now."""
    walk, umap = r.walk, r.walk.umap
    uc = umap.use_cases[uc_id]
    persona = umap.persona_of[uc_id]
    kind = walk.scheduled[uc_id].kind
    out = _agreed(walk, uc_id)
    if kind == "finish":
        out.append(_note("finish_pilot"))
    elif uc.stage == "foundation":
        out.append(_note("foundation"))
    if uc.requires:
        out.append(_note("builds_on", prerequisites=[_prerequisite(walk, p) for p in sorted(uc.requires)]))
    elif kind == "start" and uc.stage != "foundation":
        out.append(_note("needs_nothing"))
    if uc.admin_track:  # the admin lead's work reaches every seat; no department's wave or numbers
        out.append(_note("admin_track", who_name=walk.account.admin_lead.name if walk.account.admin_lead else "",
                         who_title=_admin_title(walk)))
        out.append(_note("reaches_everyone", active=walk.account.active_seats, licensed=walk.account.licensed_seats))
    else:
        landing = r.landing(uc_id)
        if landing is not None:
            out.append(landing)
        out.append(_gap(walk, persona))
    unlocks = [umap.use_cases[u].title for u in umap.unlocks(uc_id) if u in walk.applicable]
    if unlocks:
        out.append(_note("unlocks", titles=unlocks))
    out += _tool_notes(walk, uc_id, retires)
    out.append(_note("value_rating", internal=True, value=uc.value))
    return out


def _tool_notes(walk: Walk, uc_id: str, retires: list[str]) -> list[Note]:
    """What the use case switches off or keeps, and what it connects."""
    uc = walk.umap.use_cases[uc_id]
    out: list[Note] = []
    if retires:
        out.append(_note("retires", tools=retires))
    for tool in walk.retires(uc):  # replaced here, but kept for a department that works in it too
        keepers = walk.still_needed_by.get(tool.casefold())
        if keepers:
            out.append(_note("tool_stays", tool=tool, departments=[walk.department_name(d) for d in keepers]))
        elif tool not in retires and (left := walk.jobs_left(tool.casefold())):  # or for work still to move
            out.append(_note("tool_waits", tool=tool, titles=[walk.umap.use_cases[u].title for u in left[:3]],
                             more=max(0, len(left) - 3)))
    unnamed = walk.unnamed(uc)
    integrations = [t for t in walk.new_integrations(uc) if t not in unnamed]
    if integrations:
        out.append(_note("sets_up", integrations=integrations))
    if unnamed:  # no product is proposed to an account that uses none of a group's: it names its own
        out.append(_note("connects_yours", tools=unnamed))
    if integrations or unnamed:
        out.append(_note("integrations_predict_retention", internal=True))
    return out


def _admin_title(walk: Walk) -> str:
    """The admin lead's title, or the playbook's role while none is named."""
    lead = walk.account.admin_lead
    return lead.title if lead else walk.book.council.admin_lead_role


def _prerequisite(walk: Walk, uc_id: str) -> dict[str, str]:
    """A prerequisite's title and where it stands: adopted, planned by a date, or not yet."""
    title = walk.umap.use_cases[uc_id].title
    if walk.account.adoption.get(uc_id) == "adopted":
        return {"title": title, "state": "adopted"}
    if uc_id in walk.done_by:
        return {"title": title, "state": "planned", "by": walk.done_by[uc_id].isoformat()}
    return {"title": title, "state": "not_yet"}  # a pilot can run ahead of its prerequisites; say so


def _gap(walk: Walk, persona: str) -> Note:
    depts = walk.departments(persona)
    if not depts:
        acc = walk.account
        return _note("reaches_everyone", active=acc.active_seats, licensed=acc.licensed_seats)
    return _note("owner_gap", owners=[{"name": d.head.name, "title": d.head.title} for d in depts],
                 active=sum(d.active_users for d in depts), headcount=sum(d.headcount for d in depts),
                 department=walk.department_name(depts[0]) if len(depts) == 1 else walk.umap.personas[persona].title)


def backlog_reasons(walk: Walk, uc_id: str) -> list[Note]:
    """Why a use case waits beyond this plan."""
    umap = walk.umap
    decision = walk.decisions.get(uc_id)
    if decision is not None and decision.skip:
        return [_note("csm_skipped", reason=decision.reason)]
    if decision is not None and decision.defer_until is not None:
        return [_note("csm_deferred", until=decision.defer_until.isoformat(), reason=decision.reason)]
    missing = sorted(umap.ancestors[uc_id] - walk.applicable)
    if missing:
        names = [{"title": umap.use_cases[a].title, "department": umap.personas[umap.persona_of[a]].title}
                 for a in missing[:3]]
        return [_note("waits_for_department", use_cases=names, more=max(0, len(missing) - 3))]
    pending = sorted(p for p in umap.use_cases[uc_id].requires if p not in walk.done_by)
    if pending:
        return [_note("needs_first", titles=[umap.use_cases[p].title for p in pending])]
    lacking = walk.waits_for(umap.use_cases[uc_id])
    if lacking:
        return [_note("needs_tool", groups=lacking)]
    return [_note("ready_later")]


def quarter_theme(r: Reasons, q: Quarter, items: list[Item]) -> Note:
    """A short heading for a quarter, from what is in it: foundation work by name, the departments it opens and
    deepens, company-wide work and the admin track."""
    mine = [i for i in items if i.quarter == q.number]
    if not mine:
        return _note("theme_consolidate")
    parts: dict[str, list[str]] = {"foundation": [], "opens": [], "deepens": [], "company": [], "admin": []}
    def add(kind: str, name: str) -> None:
        if name not in parts[kind]:
            parts[kind].append(name)
    for i in mine:
        if i.admin_track:
            add("admin", i.title)
            continue
        if i.stage == "foundation":
            add("foundation", i.title)
        if r.walk.umap.personas[i.persona].scope != "company":
            add("opens" if r.opened.get(i.persona) == i.use_case else "deepens", i.persona_title)
        elif i.stage != "foundation":
            add("company", i.title)
    parts["deepens"] = [d for d in parts["deepens"] if d not in parts["opens"]]
    return Note(code="theme_quarter", values=dict(parts))


def risks(walk: Walk, draft: Draft) -> list[Risk]:
    """What could stop the plan, most severe first."""
    acc, h = walk.account, walk.book.health
    out: list[Risk] = []
    if acc.health.score < h.at_risk_below:
        out.append(Risk(kind="health", severity="high", notes=[
            _note("adoption_slowed", quarters=max(1, h.reduced_quarters), per_quarter=h.at_risk_max_new_per_quarter),
            _note("health_below_threshold", internal=True, score=acc.health.score, threshold=h.at_risk_below)]))
    lost = -acc.health.seats_30d_delta
    if lost > 0 and lost * 100 / acc.licensed_seats >= h.seat_drop_alert_pct:
        out.append(Risk(kind="seats", severity="high", notes=[
            _note("seats_removed", seats=lost, share=round(lost / acc.licensed_seats, 3)),
            _note("seat_alert", internal=True, alert_pct=h.seat_drop_alert_pct)]))
    started = acc.contract_start <= walk.as_of  # before the start, nobody is expected to be active yet
    if started and acc.active_seats * 100 / acc.licensed_seats < h.activation_alert_pct:
        out.append(Risk(kind="activation", severity="medium", notes=[
            _note("low_activation", active=acc.active_seats, licensed=acc.licensed_seats)]))
    card = draft.report_card
    if card is not None and not card.on_track and started:
        out.append(Risk(kind="onboarding", severity="medium", notes=[
            _note("onboarding_behind", done_pct=card.done_pct, day=card.day, steps=card.steps_needed,
                  target_pct=card.target_pct, by_day=card.by_day)]))
    waiting = [b for b in draft.backlog if b.reasons[0].code == "waits_for_department"]  # blocked, not just late
    if waiting:
        out.append(Risk(kind="coverage", severity="low", notes=[
            _note("waiting_for_departments", count=len(waiting), titles=[b.title for b in waiting[:5]],
                  more=max(0, len(waiting) - 5))]))
    if not draft.items and draft.backlog:  # everything adopted is no risk; work that cannot start is
        out.append(Risk(kind="roadmap", severity="medium", notes=[_note("nothing_new")]))
    return out


def qbr_agenda(walk: Walk, draft: Draft) -> list[Note]:
    """The three things to agree at this QBR."""
    items = draft.items
    first = [i.title for i in items if i.quarter == 1]
    agenda = [_note("agree_first_quarter", titles=first) if first else _note("agree_embed")]
    card = draft.report_card
    council = draft.council
    if walk.at_risk:
        agenda.append(_note("agree_reengagement"))
    elif card is not None and not card.on_track:
        agenda.append(_note("close_onboarding_gap", steps=card.steps_needed, target_pct=card.target_pct,
                            by_day=card.by_day))
    else:
        agenda.append(_note("confirm_council", champions=council.champions_target,
                            departments=max(len(council.champions_split), 1)))
    retiring = next((i for i in items if i.retires and i.retire_by), None)
    if retiring is not None and retiring.retire_by is not None:
        agenda.append(_note("agree_retire", tools=retiring.retires, title=retiring.title,
                            adopted=retiring.end.isoformat(), by=retiring.retire_by.isoformat()))
    else:
        owners = [o for i in items if i.quarter == 2 for o in i.owners]
        unnamed = sorted({o.department for o in owners if not o.name})
        named = sorted({(o.department, o.name or "") for o in owners if o.name})
        if unnamed:  # a wave needs its lead before it starts
            agenda.append(_note("name_owners", departments=unnamed))
        elif named:  # the heads are known: the QBR confirms they lead it
            agenda.append(_note("confirm_owners", owners=[{"name": n, "department": d} for d, n in named]))
        else:
            agenda.append(_next_step(walk))
    return agenda


def _next_step(walk: Walk) -> Note:
    """With nothing new for next quarter: a department still to bring in, or, once every one works here, where
    to improve next, starting with the departments furthest from everyone active."""
    depts = walk.account.departments
    if not depts or any(d.persona not in walk.live for d in depts):
        return _note("choose_next_department")
    furthest = sorted(depts, key=lambda d: (d.active_users / d.headcount, -d.headcount, d.key))[:2]
    return _note("agree_next_improvement", departments=[walk.department_name(d) for d in furthest])
