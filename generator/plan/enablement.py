"""Enablement: the admin track, train-the-trainer and champions' restart sessions, and the group sessions.

A session holds between the playbook's fewest and most trainers. A department with more champions than a
session holds gets several, a week apart; departments with fewer than the fewest share one, held by the day the
earliest of them needs it. Only when every department together is fewer than the fewest is a session smaller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from ..inputs.models import Department
from .models import Enablement, RestartSession, SessionSeats, TrainerSession, Training
from .walk import Walk


@dataclass(frozen=True)
class Need:
    """A department's champions to bring together, by the working day its first session is held at the latest."""

    dept: Department
    champions: int
    by: date
    wave: date | None = None  # the wave they are trained for; None for a restart


@dataclass(frozen=True)
class Seat:
    """Some of a department's champions in one session: the ``index``-th (from 0) of its ``of`` sessions."""

    need: Need
    champions: int
    index: int = 0
    of: int = 1


def pack(needs: list[Need], low: int, high: int) -> list[list[Seat]]:
    """Sessions of ``low`` to ``high`` champions each (the playbook keeps 3 x low <= high + 2, so they always fit),
    or all of them in one when even together they are fewer than ``low``."""
    if sum(n.champions for n in needs) < low:
        return [[Seat(n, n.champions) for n in _in_order(needs)]] if needs else []
    groups = _shared(_in_order([n for n in needs if n.champions < low]), low)
    guests = groups.pop() if groups and _size(groups[-1]) < low else []  # too few alone: they join a large one
    large = _in_order([n for n in needs if n.champions >= low])
    host = min(large, key=lambda n: (abs((n.by - guests[0].need.by).days), n.by, n.dept.key)) if guests else None
    return [s for n in large for s in _split(n, high, guests if n is host else [])] + groups


def _in_order(needs: list[Need]) -> list[Need]:
    return sorted(needs, key=lambda n: (n.by, n.dept.key))


def _size(seats: list[Seat]) -> int:
    return sum(s.champions for s in seats)


def _shared(small: list[Need], low: int) -> list[list[Seat]]:
    """Small departments in need order, a session closed once it reaches ``low`` (so under 2 x low); a last one
    still short joins the session before it (so under 3 x low - 1)."""
    groups: list[list[Seat]] = []
    current: list[Seat] = []
    for need in small:
        current.append(Seat(need, need.champions))
        if _size(current) >= low:
            groups.append(current)
            current = []
    if current and groups:
        groups[-1] += current
    elif current:
        groups.append(current)
    return groups


def _split(need: Need, high: int, guests: list[Seat]) -> list[list[Seat]]:
    """A large department's champions in as few sessions of at most ``high`` as hold them, of even sizes; the
    ``guests`` (small departments too few to meet alone) in its first."""
    total = need.champions + _size(guests)
    count = math.ceil(total / high)
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    sizes[0] -= _size(guests)
    return [([*guests] if i == 0 else []) + [Seat(need, size, i, count)] for i, size in enumerate(sizes)]


def _day(walk: Walk, seat: Seat) -> date:
    """When a seat's session is held: its department's first by its need, each further one a week later."""
    day = seat.need.by
    for _ in range(seat.index):
        day = walk.days.on_or_after(day + timedelta(weeks=1))
    return day


def _day_before(walk: Walk, seat: Seat) -> date:
    """When a seat's train-the-trainer session is held: its department's last by its need, each earlier one a
    working week before the next, never before work can start. Trainers run their wave, so none is trained
    after it begins."""
    day = seat.need.by
    for _ in range(seat.of - 1 - seat.index):
        back = day - timedelta(weeks=1)
        day = walk.days.on_or_before(back, earliest=walk.work_start) if back > walk.work_start else walk.work_start
    return day


def _seats(walk: Walk, seats: list[Seat]) -> list[SessionSeats]:
    ordered = sorted(seats, key=lambda s: (s.need.wave or s.need.by, walk.department_name(s.need.dept), s.index))
    return [SessionSeats(department=walk.department_name(s.need.dept), persona=s.need.dept.persona,
                         champions=s.champions, session=s.index + 1, sessions=s.of, wave_start=s.need.wave)
            for s in ordered]


def trainer_sessions(walk: Walk, waves: dict[str, date], trainers: dict[str, int]) -> list[TrainerSession]:
    """The ``trainers`` of each department opening a wave (key -> its start) trained, all by the playbook's
    ``trainer_lead_weeks`` before the earliest wave in each session. Champions recruited as the department goes
    live learn from them."""
    rules = walk.book.enablement
    needs = [Need(d, trainers[d.key], walk.days.on_or_before(
        waves[d.key] - timedelta(weeks=rules.trainer_lead_weeks), earliest=walk.work_start), waves[d.key])
             for d in walk.account.departments if d.key in waves and trainers[d.key]]
    out = []
    for seats in pack(needs, rules.trainer_session_min, rules.trainer_session_size):
        parts = _seats(walk, seats)
        first = parts[0]
        assert first.wave_start is not None  # every need of a train-the-trainer session has its wave
        out.append(TrainerSession(persona=first.persona, department=first.department, session=first.session,
                                  sessions=first.sessions, date=min(_day_before(walk, s) for s in seats),
                                  minutes=rules.train_the_trainer_minutes, wave_start=first.wave_start,
                                  trainers=_size(seats), departments=parts))
    return sorted(out, key=lambda s: (s.date, s.department, s.session))


def live_departments(walk: Walk) -> list[Department]:
    """Departments whose persona has use cases adopted or in pilot."""
    live = {walk.umap.persona_of[u] for u in walk.account.adoption}
    return [d for d in walk.account.departments if d.persona in live]


def restart_sessions(walk: Walk, now: dict[str, int]) -> list[RestartSession]:
    """For an account at risk, its live departments' champions (those it has ``now``) reconvened, from
    ``restart_weeks`` after today."""
    if not walk.at_risk:
        return []
    rules = walk.book.enablement
    start = walk.days.on_or_after(walk.work_start + timedelta(weeks=rules.restart_weeks))
    needs = [Need(d, now[d.key], start) for d in live_departments(walk) if now[d.key]]
    out = [RestartSession(date=min(_day(walk, s) for s in seats), minutes=rules.restart_minutes,
                          champions=_size(seats), departments=_seats(walk, seats))
           for seats in pack(needs, rules.trainer_session_min, rules.trainer_session_size)]
    return sorted(out, key=lambda s: (s.date, s.departments[0].department, s.departments[0].session))


def plan_enablement(walk: Walk, waves: dict[str, date], trainers: dict[str, int], now: dict[str, int]) -> Enablement:
    """The account's enablement: admins, the ``trainers`` of each wave (key -> its start), restarts of the
    champions live departments have ``now``, group sessions."""
    rules, acc = walk.book.enablement, walk.account
    to_reach = acc.licensed_seats - acc.active_seats  # the others have access and use it already
    return Enablement(
        admin_track=[Training(module=m.module, audience="workspace admins", minutes=m.minutes)
                     for m in rules.admin_track],
        train_the_trainer=trainer_sessions(walk, waves, trainers), champion_restarts=restart_sessions(walk, now),
        group_session_size=rules.group_session_size,
        group_sessions=math.ceil(to_reach / rules.group_session_size),
        seats_to_reach=to_reach, mandatory_training=rules.mandatory_training,
        new_hire_sessions_per_year=rules.new_hire_sessions_per_year)
