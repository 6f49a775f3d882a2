"""Which use cases a quarter starts, and in which order: the CSM's pins, the admin track, then the candidates
the walk ranks (``Walk.priority``) up to the quarter's capacity.

Pure, like the rest of the walk: the same walk and period give the same quarter.
"""

from __future__ import annotations

from datetime import date

from .dates import Period
from .models import Note, Quarter
from .walk import Slot, Walk


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
    if number == 0 or _bringing_back(walk, number):
        return 0  # the lead-in, and an account at risk, bring back the departments it has before adding any
    return walk.book.new_departments_per_quarter


def _bringing_back(walk: Walk, number: int) -> bool:
    """A reduced quarter of an account at risk: only departments with use cases already get new ones."""
    return walk.at_risk and number <= walk.book.health.reduced_quarters


def fill(walk: Walk, number: int, period: Period) -> Quarter:
    """Schedule quarter ``number`` (0 is the lead-in): pins, the admin track, then the best candidates in turn."""
    pins = sorted((u for u in walk.decisions if walk.pinned_to(u) == number), key=walk.priority)
    counted = [u for u in pins if not walk.admin_track(u)]  # admin-track work takes no department's room
    room = max(capacity(walk, number), len(counted))  # the CSM's pins are kept even past the playbook's pace
    started = sum(_place_pin(walk, number, period, u) for u in counted)
    for uc_id in pins:
        if walk.admin_track(uc_id):
            _place_pin(walk, number, period, uc_id)
    _place_admin_track(walk, number, period)
    opened = 0
    while started < room:
        choice = _best_candidate(walk, number, period, opened < _may_open(walk, number))
        if choice is None:
            break
        uc_id, start = choice
        if walk.is_new(walk.umap.persona_of[uc_id]):
            opened += 1
        walk.schedule(uc_id, Slot(number, start, walk.finish(start, walk.umap.use_cases[uc_id].effort_weeks),
                                  "start"))
        walk.unmet.pop(uc_id, None)  # a pin whose prerequisites this quarter finished first is kept after all
        started += 1
    _place_admin_track(walk, number, period)  # what waited for the quarter's foundation work
    # The theme and motions name what the whole plan decided; plan() sets them once every item is placed.
    return Quarter(number=number, start=period.start, end=period.end, qbr=period.qbr, theme=Note(code="pending"),
                   capacity=room, started=started, motions=[])


def _place_admin_track(walk: Walk, number: int, period: Period) -> None:
    """Sign-in, provisioning and two-factor go early, with onboarding: the admin lead sets them up, so they
    take none of the quarter's room; one that waits for another (provisioning after sign-in) follows it."""
    if number == 0 and not walk.onboarding_open:
        return
    while True:
        ready = [c for c in (_startable(walk, number, period, u) for u in sorted(walk.applicable)
                             if walk.admin_track(u)) if c is not None]
        if not ready:
            return
        uc_id, start = min(ready, key=lambda c: walk.priority(c[0]))
        walk.schedule(uc_id, Slot(number, start, walk.finish(start, walk.umap.use_cases[uc_id].effort_weeks),
                                  "start"))


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
    walk.schedule(uc_id, Slot(number, start, end, "start"))
    return True


def _startable(walk: Walk, number: int, period: Period, uc_id: str) -> tuple[str, date] | None:
    """When a use case not yet planned could start in this period, if its prerequisites, the CSM's decisions
    and the period's end allow it."""
    if uc_id in walk.done_by or uc_id in walk.account.adoption:
        return None
    uc = walk.umap.use_cases[uc_id]
    if any(p not in walk.done_by for p in uc.requires) or walk.waits_for(uc):
        return None
    start = walk.earliest_start(period.start, uc.requires)
    decision = walk.decisions.get(uc_id)
    if decision is not None and decision.defer_until is not None and decision.defer_until > start:
        start = walk.days.on_or_after(decision.defer_until)
    if walk.finish(start, uc.effort_weeks) > period.end or walk.held_back(uc_id, number, start):
        return None  # no item runs past the QBR that reviews it, and the CSM's decisions hold
    return uc_id, start


def _best_candidate(walk: Walk, number: int, period: Period, may_open: bool) -> tuple[str, date] | None:
    best: tuple[tuple, str, date] | None = None
    for uc_id in walk.applicable:
        if walk.admin_track(uc_id):
            continue  # placed by the admin track
        uc = walk.umap.use_cases[uc_id]
        pinned = uc_id in walk.pinned or uc_id in walk.security_first  # onboarding's own, or a regulator's
        onboarding_work = pinned or (uc.stage == "foundation" and walk.onboarding_open)
        if number == 0 and not onboarding_work:
            continue
        persona = walk.umap.persona_of[uc_id]
        if not pinned and ((not may_open and walk.is_new(persona)) or (
                _bringing_back(walk, number) and persona not in walk.live
                and walk.umap.personas[persona].scope != "company")):
            continue
        found = _startable(walk, number, period, uc_id)
        if found is None:
            continue
        key = walk.priority(uc_id)
        if best is None or key < best[0]:
            best = (key, uc_id, found[1])
    return (best[1], best[2]) if best else None
