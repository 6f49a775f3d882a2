"""The plan's reasons, risks and agenda, as sentences a CSM can say aloud.

These are the tool's own words about the plan; every company-specific word and number in
them comes from the library, the playbook or the account.
"""

from __future__ import annotations

from datetime import date

from .models import Item, Quarter, Risk
from .walk import Draft, Walk


def listing(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def _date(day: date) -> str:
    return f"{day:%d %b %Y}".lstrip("0")


class Reasons:
    """Builds each item's reasons once the whole schedule is known."""

    def __init__(self, walk: Walk):
        self.walk = walk
        self.opened: dict[str, str] = {}  # persona -> first use case started in it
        for uc_id in sorted(walk.scheduled, key=lambda u: (walk.scheduled[u].start, u)):
            persona = walk.umap.persona_of[uc_id]
            adopted_before = any(walk.umap.persona_of[u] == persona for u in walk.account.adoption)
            if not adopted_before and walk.umap.personas[persona].scope != "company":
                self.opened.setdefault(persona, uc_id)


def item_reasons(r: Reasons, uc_id: str) -> list[str]:
    """Why this use case, and why now."""
    walk, umap = r.walk, r.walk.umap
    uc = umap.use_cases[uc_id]
    persona = umap.persona_of[uc_id]
    title = umap.personas[persona].title
    kind = walk.scheduled[uc_id].kind
    out: list[str] = []
    if kind == "finish":
        out.append("Already in pilot: finish it before starting anything new, so the team sees it through.")
    elif uc.stage == "foundation":
        out.append("Foundation: company-wide documentation and the wiki come first, because every department "
                   "builds on them.")
    if uc.requires:
        out.append(f"Builds on {listing([_prerequisite(walk, p) for p in sorted(uc.requires)])}.")
    elif kind == "start" and uc.stage != "foundation":
        out.append("Needs nothing else first.")
    if r.opened.get(persona) == uc_id:
        out.append(f"Opens the {title} wave: the department with the most to gain among those not yet live.")
    elif kind == "start" and umap.personas[persona].scope != "company":
        out.append(f"Deepens {title}, which already works in the workspace.")
    out.append(_gap(walk, persona))
    unlocks = [umap.use_cases[u].title for u in umap.unlocks(uc_id) if u in walk.applicable]
    if unlocks:
        out.append(f"Unlocks {len(unlocks)} more use case{'s' if len(unlocks) > 1 else ''}: {listing(unlocks)}.")
    retires = walk.retires(uc)
    if retires:
        out.append(f"Can retire {listing(retires)}, which the account uses today.")
    integrations = walk.new_integrations(uc)
    if integrations:
        out.append(f"Sets up {listing(integrations)} early; integrations set up early predict retention.")
    out.append(f"Enablement rates its value {uc.value} of 5.")
    return out


def _prerequisite(walk: Walk, uc_id: str) -> str:
    """A prerequisite's title and where it stands: adopted, planned by a date, or not yet."""
    name = walk.umap.use_cases[uc_id].title
    if walk.account.adoption.get(uc_id) == "adopted":
        return f"{name} (adopted)"
    if uc_id in walk.done_by:
        return f"{name} (planned to be adopted by {_date(walk.done_by[uc_id])})"
    return f"{name} (not adopted yet)"  # a pilot can run ahead of its prerequisites; say so rather than pretend


def _gap(walk: Walk, persona: str) -> str:
    dept = walk.department(persona)
    if dept is None:
        acc = walk.account
        return (f"Reaches every licensed seat: {acc.active_seats:,} of {acc.licensed_seats:,} are active today "
                f"({acc.active_seats * 100 // acc.licensed_seats}%).")
    owner = f"{dept.head.name} ({dept.head.title})"
    return (f"Owned by {owner}; {dept.active_users:,} of {dept.headcount:,} people in "
            f"{walk.umap.personas[persona].title} are active today ({dept.active_users * 100 // dept.headcount}%).")


def backlog_reasons(walk: Walk, uc_id: str) -> list[str]:
    """Why a use case waits beyond this plan."""
    umap = walk.umap
    missing = sorted(umap.ancestors[uc_id] - walk.applicable)
    if missing:
        names = [f"{umap.use_cases[a].title} ({umap.personas[umap.persona_of[a]].title})" for a in missing[:3]]
        if len(missing) > 3:
            names.append(f"{len(missing) - 3} more")
        return [f"Waits for {listing(names)}, not offered to this account today."]
    pending = sorted(p for p in umap.use_cases[uc_id].requires if p not in walk.done_by)
    if pending:
        return [f"Needs {listing([umap.use_cases[p].title for p in pending])} first."]
    return ["Ready to start; waits for room in a later quarter."]


def quarter_theme(q: Quarter, items: list[Item]) -> str:
    """A short heading for a quarter, from the departments it works with."""
    mine = [i for i in items if i.quarter == q.number]
    if not mine:
        return "Consolidate: embed what is live"
    if all(i.stage == "foundation" for i in mine):
        return "Foundation: company docs and wiki"
    depts: list[str] = []
    for i in mine:
        if i.persona_title not in depts:
            depts.append(i.persona_title)
    return listing(depts)


def risks(walk: Walk, draft: Draft) -> list[Risk]:
    """What could stop the plan, most severe first."""
    acc, h = walk.account, walk.book.health
    out: list[Risk] = []
    if acc.health.score < h.at_risk_below:
        out.append(Risk(kind="health", severity="high", message=(
            f"Health score {acc.health.score} is below the {h.at_risk_below} threshold: re-engagement comes first "
            f"and new use cases are held to {h.at_risk_max_new_per_quarter} a quarter for "
            f"{h.reduced_quarters} quarters.")))
    lost = -acc.health.seats_30d_delta
    if lost > 0 and lost * 100 / acc.licensed_seats >= h.seat_drop_alert_pct:
        out.append(Risk(kind="seats", severity="high", message=(
            f"{lost:,} seats were removed in the last 30 days ({lost * 100 / acc.licensed_seats:.1f}% of licensed "
            f"seats; the alert is at {h.seat_drop_alert_pct:g}%).")))
    active_pct = acc.active_seats * 100 / acc.licensed_seats
    if active_pct < h.activation_alert_pct:
        out.append(Risk(kind="activation", severity="medium", message=(
            f"Only {acc.active_seats:,} of {acc.licensed_seats:,} licensed seats are active ({active_pct:.0f}%); "
            "group sessions and champions should reach the rest.")))
    card = draft.report_card
    if card is not None and not card.on_track:
        out.append(Risk(kind="onboarding", severity="medium", message=(
            f"Onboarding is {card.done_pct}% done on day {card.day}; {card.steps_needed} more steps are needed to "
            f"reach {card.target_pct}% by day {card.by_day}.")))
    waiting = [b for b in draft.backlog if b.reasons[0].startswith("Waits for")]  # blocked, not just late
    if waiting:
        out.append(Risk(kind="coverage", severity="low", message=(
            f"{len(waiting)} use case{'s' if len(waiting) > 1 else ''} wait for a department this account "
            f"does not have yet: {listing([b.title for b in waiting[:5]])}"
            f"{' and others' if len(waiting) > 5 else ''}.")))
    if not draft.items:
        out.append(Risk(kind="roadmap", severity="medium", message=(
            "Nothing new can start this year: every offered use case is adopted or waits for a prerequisite.")))
    return out


def qbr_agenda(walk: Walk, draft: Draft) -> list[str]:
    """The three things to agree at this QBR."""
    items = draft.items
    first = [i.title for i in items if i.quarter == 1]
    agenda = [f"Agree on the first quarter: {listing(first)}." if first
              else "Agree on how to embed what is live before anything new starts."]
    card = draft.report_card
    council = draft.council
    if walk.at_risk:
        agenda.append(f"Agree on the re-engagement plan: {walk.book.health.reengagement[0]}")
    elif card is not None and not card.on_track:
        agenda.append(f"Close the onboarding gap: {card.steps_needed} more steps to reach {card.target_pct}% "
                      f"by day {card.by_day}.")
    else:
        agenda.append(f"Confirm the council and name {council.champions_target:,} champions across "
                      f"{max(len(council.champions_split), 1)} "
                      f"department{'s' if len(council.champions_split) != 1 else ''}.")
    retiring = next((i for i in items if i.retires), None)
    if retiring is not None:
        agenda.append(f"Agree to retire {listing(retiring.retires)} once {retiring.title} is adopted "
                      f"(planned by {_date(retiring.end)}).")
    else:
        later = sorted({i.persona_title for i in items if i.quarter == 2})
        agenda.append(f"Name owners for next quarter's wave: {listing(later)}." if later
                      else "Choose the next department to bring into the workspace.")
    return agenda
