"""Pilots already running when the plan is made: when each ends and counts as adopted."""

from __future__ import annotations

import math

from .dates import Period, Slot
from .walk import Walk


def finish_pilots(walk: Walk, periods: list[Period | None]) -> None:
    """Give every running pilot its slot: stopping one mid-quarter costs trust. Half its effort is assumed left,
    and never less than the playbook's ``pilot_min_weeks``: the plan does not know the day a pilot began, so
    a small use case piloted today is not called adopted tomorrow."""
    for uc_id in sorted(u for u, s in walk.account.adoption.items() if s == "piloting"):
        weeks = max(math.ceil(walk.umap.use_cases[uc_id].effort_weeks / 2), walk.book.pilot_min_weeks)
        end = walk.finish(walk.work_start, weeks)
        fits = [(n, p) for n, p in enumerate(periods) if p is not None and end <= p.end]
        if not fits:
            continue  # a contract that starts after the plan's year: the warnings say so
        number, period = fits[0]
        walk.schedule(uc_id, Slot(number, walk.days.on_or_after(max(walk.work_start, period.start)), end, "finish"))
