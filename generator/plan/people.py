"""The people side of the plan: council, champions, enablement and the onboarding report card."""

from __future__ import annotations

import math
from datetime import date, timedelta

from .models import (
    ChampionShare,
    Council,
    CouncilMember,
    Enablement,
    Item,
    Note,
    ReportCard,
    ReportStep,
    TrainerSession,
    Training,
)
from .walk import Walk


def plan_people(walk: Walk, items: list[Item]) -> tuple[Council, Enablement, ReportCard | None]:
    """Council, enablement and report card for the account, from the roadmap's waves."""
    waves = _waves(walk, items)
    split = champion_split(walk)
    return _council(walk, waves, split), _enablement(walk, waves, split), report_card(walk)


def _waves(walk: Walk, items: list[Item]) -> dict[str, tuple[int, date]]:
    """Department persona -> (quarter, start) of its first item on the roadmap."""
    waves: dict[str, tuple[int, date]] = {}
    for item in sorted(items, key=lambda i: (i.start, i.use_case)):
        if walk.department(item.persona) is not None:
            waves.setdefault(item.persona, (item.quarter, item.start))
    return waves


def ceil_share(x: float) -> int:
    """Round up a computed share, after rounding away float noise: 0.1 x 1200 is 120, not 121."""
    return math.ceil(round(x, 6))


def champions_target(seats: int, ratio: float, minimum: int) -> int:
    """At least ratio x seats champions, rounded up, and never fewer than the playbook's minimum."""
    return max(minimum, ceil_share(ratio * seats))


def champion_split(walk: Walk) -> list[ChampionShare]:
    """Split the champions target across departments by headcount (largest remainder, ties by persona)."""
    community = walk.book.community
    target = champions_target(walk.account.licensed_seats, community.champion_ratio, community.min_champions)
    depts = walk.account.departments
    total = sum(d.headcount for d in depts)
    if not depts or total == 0:
        return []
    exact = {d.persona: target * d.headcount / total for d in depts}
    shares = {p: math.floor(x) for p, x in exact.items()}
    left = target - sum(shares.values())
    for p in sorted(exact, key=lambda p: (-(exact[p] - shares[p]), p))[:left]:
        shares[p] += 1
    return [ChampionShare(persona=d.persona, department=walk.umap.personas[d.persona].title,
                          headcount=d.headcount, champions=shares[d.persona])
            for d in sorted(depts, key=lambda d: (-d.headcount, d.persona))]


def _council(walk: Walk, waves: dict[str, tuple[int, date]], split: list[ChampionShare]) -> Council:
    rules, acc = walk.book.council, walk.account
    members: list[CouncilMember] = []
    sponsor = acc.executive_sponsor
    members.append(CouncilMember(name=sponsor.name if sponsor else None,
                                 title=sponsor.title if sponsor else rules.sponsor_role,
                                 department=Note(code="dept_executive"),
                                 roles=[Note(code="role_named", values={"role": rules.sponsor_role})]))
    admin = acc.admin_lead
    members.append(CouncilMember(name=admin.name if admin else None,
                                 title=admin.title if admin else rules.admin_lead_role,
                                 department=Note(code="dept_administration"),
                                 roles=[Note(code="role_named", values={"role": rules.admin_lead_role})]))
    for persona, (quarter, _) in sorted(waves.items(), key=lambda kv: (kv[1], kv[0])):
        dept = walk.department(persona)
        assert dept is not None  # waves are only ever opened in the account's own departments
        members.append(CouncilMember(name=dept.head.name, title=dept.head.title,
                                     department=Note(code="dept_named",
                                                     values={"department": walk.umap.personas[persona].title}),
                                     roles=[Note(code="role_wave_lead", values={"quarter": quarter})]))
    community = walk.book.community
    return Council(purpose=rules.purpose, cadence=rules.cadence, meeting_minutes=rules.meeting_minutes,
                   chair_role=rules.chair_role, responsibilities=list(rules.responsibilities),
                   members=_merge_people(members),
                   champions_target=champions_target(acc.licensed_seats, community.champion_ratio,
                                                     community.min_champions),
                   champions_channel=community.channel, champions_split=split)


def _merge_people(members: list[CouncilMember]) -> list[CouncilMember]:
    """One seat per person: an admin lead who also heads IT holds both roles in one line."""
    merged: dict[tuple, CouncilMember] = {}
    for m in members:
        key = (m.name, m.title) if m.name else (m.roles[0].model_dump_json(), m.department.model_dump_json())
        if key in merged:
            first = merged[key]
            merged[key] = first.model_copy(update={"roles": [*first.roles, *m.roles]})
        else:
            merged[key] = m
    return list(merged.values())


def _enablement(walk: Walk, waves: dict[str, tuple[int, date]], split: list[ChampionShare]) -> Enablement:
    rules, acc = walk.book.enablement, walk.account
    trainers = {s.persona: s.champions for s in split}
    sessions = [
        TrainerSession(persona=p, department=walk.umap.personas[p].title,
                       date=max(walk.as_of, start - timedelta(weeks=rules.trainer_lead_weeks)),
                       minutes=rules.train_the_trainer_minutes, wave_start=start, trainers=trainers.get(p, 0))
        for p, (_, start) in waves.items()]
    return Enablement(
        admin_track=[Training(module=m.module, audience="workspace admins", minutes=m.minutes)
                     for m in rules.admin_track],
        train_the_trainer=sorted(sessions, key=lambda s: (s.date, s.persona)),
        group_session_size=rules.group_session_size,
        group_sessions=math.ceil(acc.licensed_seats / rules.group_session_size),
        seats_to_reach=acc.licensed_seats, mandatory_training=rules.mandatory_training,
        new_hire_sessions_per_year=rules.new_hire_sessions_per_year)


def report_card(walk: Walk) -> ReportCard | None:
    """The onboarding report card, for accounts still inside their onboarding window."""
    rules, acc = walk.book.onboarding, walk.account
    day = (walk.as_of - acc.contract_start).days
    if not 0 <= day <= rules.by_day:
        return None
    done_ids = set(acc.onboarding_done)
    steps = [ReportStep(id=s.id, title=s.title, owner=s.owner, due=acc.contract_start + timedelta(days=s.due_day),
                        done=s.id in done_ids, overdue=s.id not in done_ids and acc.contract_start
                        + timedelta(days=s.due_day) < walk.as_of)
             for s in sorted(rules.steps, key=lambda s: (s.due_day, s.id))]
    done = sum(s.done for s in steps)
    needed_total = ceil_share(rules.target_pct * len(steps) / 100)
    due_now = sum(1 for s in steps if s.due <= walk.as_of)
    on_track = done >= ceil_share(rules.target_pct * due_now / 100)
    needed = max(0, needed_total - done)
    todo = [s for s in steps if not s.done][:needed]
    return ReportCard(
        day=day, by_day=rules.by_day, by_date=acc.contract_start + timedelta(days=rules.by_day),
        target_pct=rules.target_pct, done_pct=done * 100 // len(steps), steps_needed=needed, on_track=on_track,
        steps=steps, next_steps=[s.id for s in todo])
