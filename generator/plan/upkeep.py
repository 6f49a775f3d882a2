"""The work of a quarter that starts no new use case: keeping what is live alive, and, at a mature account,
asking for something back.

A mature account's year has quarters without new work. Each gets its own share of the upkeep,
so no two read alike: the live departments' success metrics are reviewed in turn, the champion
network is refreshed once, every quarter's new-hire sessions carry their dates, and a healthy mature account is
asked, one quarter at a time, for what the playbook's advocacy lists (a reference call, a case study).
"""

from __future__ import annotations

from datetime import timedelta

from .models import Note, Quarter
from .walk import Walk

MOST_NAMED = 3  # a motion names this many departments, then says how many more


def _note(code: str, **values: object) -> Note:
    return Note(code=code, values=values)


def quiet_quarter(walk: Walk, q: Quarter, quiet: list[int], champions: int) -> list[Note]:
    """``q`` is the ``quiet.index(q.number)``-th of the year's quarters without new work."""
    turn = quiet.index(q.number)
    out = []
    live = _live_departments(walk)
    if live:
        mine = live[turn::len(quiet)]  # every department once a year, largest first
        if mine:
            out.append(_note("motion_metrics_review_of", departments=mine[:MOST_NAMED],
                             more=max(0, len(mine) - MOST_NAMED)))
    elif turn == 0:
        out.append(_note("motion_metrics_review"))
    if champions and turn == 0:
        out.append(_note("motion_champions", champions=champions))
    return out


def new_hire_sessions(walk: Walk, q: Quarter) -> Note | None:
    """The quarter's share of the playbook's new-hire sessions a year, each dated, spread over the quarter."""
    per_year = walk.book.enablement.new_hire_sessions_per_year
    if not per_year:
        return None
    count = max(1, round(per_year * walk.book.qbr_every_months / 12))
    span = (q.end - q.start).days
    days = [walk.days.on_or_after(q.start + timedelta(days=span * (2 * i + 1) // (2 * count))) for i in range(count)]
    return _note("motion_new_hires", sessions=count, dates=[d.isoformat() for d in days])


def advocacy(walk: Walk, q: Quarter, stage: str) -> Note | None:
    """A mature, healthy account's next advocacy ask: one a quarter from the second, in the playbook's order."""
    rules = walk.book.commercial.advocacy
    if stage != "mature" or walk.at_risk or walk.account.health.score < rules.min_health:
        return None
    turn = q.number - 2  # the first quarter agrees the year (and often holds the renewal)
    if not 0 <= turn < len(rules.asks):
        return None
    sponsor = walk.account.executive_sponsor
    return _note("motion_advocacy", ask=rules.asks[turn], who_name=sponsor.name if sponsor else "",
                 who_title=sponsor.title if sponsor else walk.book.council.sponsor_role)


def _live_departments(walk: Walk) -> list[str]:
    """The account's departments whose people work in the workspace today, largest first."""
    depts = [d for d in walk.account.departments if walk.works_today(d.persona)]
    return [walk.department_name(d) for d in sorted(depts, key=lambda d: (-d.headcount, d.key))]


def quiet_theme(motions: list[Note]) -> Note:
    """A heading for a quarter without new use cases, from its own work, so that no two read alike."""
    said = {n.code: n.values for n in motions}
    review = said.get("motion_metrics_review_of", {})
    departments, more = review.get("departments", []), review.get("more", 0)
    assert isinstance(departments, list)
    assert isinstance(more, int)
    total = len(departments) + more
    parts = {"departments": departments[:2], "more": max(0, total - 2), "renewal": "motion_renewal" in said,
             "year_review": "motion_value_review" in said, "ask": said.get("motion_advocacy", {}).get("ask", "")}
    if not (departments or parts["renewal"] or parts["year_review"] or parts["ask"]):
        return _note("theme_consolidate")
    return _note("theme_upkeep", **parts)
