"""Words both the PDFs and the editable files say the same way: people with their titles, objective statuses,
and the key dates of the plan's year (QBRs, trainer and restart sessions, switch-offs, the renewal's steps)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan.models import Chair, CouncilMember, Owner, Plan, RestartSession, SessionSeats, TrainerSession
from .words import Words


def people(w: Words, owners: list[Owner] | list[CouncilMember] | list[Chair]) -> list[str]:
    """'Sam Ito (VP Engineering)', or the title alone while the person is to be named."""
    return [w.gettext("%(name)s (%(title)s)") % {"name": o.name, "title": o.title} if o.name else o.title
            for o in owners]


def status_words(w: Words) -> dict[str, str]:
    """An objective's status, as the documents name it."""
    return {"done": w.gettext("Done"), "on_track": w.gettext("On track"), "at_risk": w.gettext("At risk"),
            "behind": w.gettext("Behind"), "proposed": w.gettext("Proposed")}


def _which(w: Words, session: int, sessions: int) -> str:
    """'(session 2 of 3)' after what it qualifies, with no space before a full-width bracket (Japanese)."""
    if sessions <= 1:
        return ""
    label = w.gettext("(session %(session)s of %(sessions)s)") % {"session": w.number(session),
                                                                  "sessions": w.number(sessions)}
    return label if label.startswith("\uff08") else " " + label  # U+FF08, the full-width "("


def _sessions_of(w: Words, seats: list[SessionSeats]) -> str:
    """The departments in a session, and which of its sessions it is for a department with several."""
    return w.listing([s.department + _which(w, s.session, s.sessions) for s in seats])


def _trainer_date(w: Words, s: TrainerSession) -> str:
    if len(s.departments) > 1:
        return w.gettext("Train-the-trainer for %(departments)s together (%(count)s champions), before their waves "
                         "start") % {"departments": _sessions_of(w, s.departments), "count": w.number(s.trainers)}
    return w.ngettext(
        "Train-the-trainer for %(department)s (%(count)s champion), before its wave starts",
        "Train-the-trainer for %(department)s (%(count)s champions), before its wave starts", s.trainers) % {
        "department": s.department, "count": w.number(s.trainers)} + _which(w, s.session, s.sessions)


def _restart_date(w: Words, s: RestartSession) -> str:
    return w.ngettext("Champions' restart session for %(departments)s (%(count)s champion)",
                      "Champions' restart session for %(departments)s (%(count)s champions)", s.champions) % {
        "departments": _sessions_of(w, s.departments), "count": w.number(s.champions)}


def key_dates(plan: Plan, w: Words, word: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """QBRs, trainer and restart sessions, switch-offs, the renewal and its checkpoints, in date order."""
    rows = [{"day": plan.account.next_qbr, "what": w.gettext("This QBR: agree on this plan")}]
    review = w.per(w.gettext("QBR %(number)s: review quarter %(number)s"),
                   w.gettext("QBR %(number)s: review half-year %(number)s"),
                   w.gettext("QBR %(number)s: review period %(number)s"))
    rows += [{"day": q.qbr, "what": review % {"number": q.number}} for q in plan.quarters]
    rows += [{"day": s.date, "what": _trainer_date(w, s)} for s in plan.enablement.train_the_trainer]
    rows += [{"day": s.date, "what": _restart_date(w, s)} for s in plan.enablement.champion_restarts]
    rows += [{"day": r.by, "what": w.gettext("Switch off %(tool)s") % {"tool": word(r.tool)}}
             for r in plan.retirements
             if r.by <= plan.horizon_end]
    steps = {"value_review": w.gettext("Value review with your sponsor, ahead of the renewal"),
             "renewal_conversation": w.gettext("Renewal conversation: terms, seats and the next year")}
    rows += [{"day": c.day, "what": steps[c.kind]} for c in plan.renewal_checkpoints if c.day <= plan.horizon_end]
    if plan.account.renewal is not None:
        rows.append({"day": plan.account.renewal, "what": w.gettext("The contract renews")})
    return sorted(rows, key=lambda r: (r["day"], r["what"]))
