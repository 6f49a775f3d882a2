"""The people side of the plan: council, champions and the onboarding report card; enablement in its own module.

Every number is one a council can run: a champions community sized on the licensed seats and
split across departments by headcount, and every department head on the council with a
person, not a title, in the chair.
"""

from __future__ import annotations

import math
from datetime import date

from ..inputs.models import Department
from .charter import charter_fields, marked_dates
from .enablement import plan_enablement
from .models import (
    Chair,
    ChampionShare,
    Council,
    CouncilMember,
    Enablement,
    Item,
    Note,
    ReportCard,
)
from .onboarding import ceil_share, report_card
from .walk import Walk


def plan_people(walk: Walk, items: list[Item]) -> tuple[Council, Enablement, ReportCard | None]:
    """Council, enablement and report card for the account, from the roadmap's waves."""
    waves = _waves(walk, items)
    shares = _department_shares(walk)  # worked out once: the council, its split and the sessions all read it
    starts = {key: start for key, (_, start) in waves.items()}
    now = champions_now(walk, shares)
    trainers = trainers_before_wave(walk, shares, now, starts)
    enablement = plan_enablement(walk, starts, trainers, now)
    recruit = _recruit_from(walk, now, trainers, starts, enablement)
    council = _council(walk, waves, champion_split(walk, shares, now, recruit), community_target(walk, shares))
    council = council.model_copy(update=charter_fields(walk))
    marked = marked_dates(walk, items, enablement.train_the_trainer, council.meetings)
    return council, enablement, report_card(walk, items, marked)


def _waves(walk: Walk, items: list[Item]) -> dict[str, tuple[int, date]]:
    """Department key -> (quarter, start) of its wave: the first item of a persona with nothing adopted or in pilot."""
    live = {walk.umap.persona_of[u] for u in walk.account.adoption}
    waves: dict[str, tuple[int, date]] = {}
    for item in sorted(items, key=lambda i: (i.start, i.use_case)):
        if item.persona in live or item.admin_track:  # the admin lead's work is no department's wave
            continue
        for dept in walk.departments(item.persona):
            waves.setdefault(dept.key, (item.quarter, item.start))
    return waves


def champions_for(people: int, walk: Walk) -> int:
    """Champions for a group of ``people``: the playbook's ratio, rounded up (the community's seed rule)."""
    return min(ceil_share(walk.book.community.champion_ratio * people), people)


def _named(walk: Walk, dept: Department) -> list[str]:
    return list(walk.named_champions.get(dept.key, ()))


def community_target(walk: Walk, shares: dict[str, int]) -> int:
    """The whole community: at least one champion per ``champion_ratio`` licensed seats, however the org chart
    is drawn, and never fewer than the departments' own ``shares`` (which hold the champions already named)."""
    return max(champions_for(walk.account.licensed_seats, walk), sum(shares.values()))


def _department_shares(walk: Walk) -> dict[str, int]:
    """The seed rule's champions split across departments in proportion to headcount (largest remainders, so the
    shares add up to the rule's number for the people listed), then each kept within the playbook's range and at
    least the champions it has named. What a department may not take stays with the company-wide community."""
    depts = sorted(walk.account.departments, key=lambda d: d.key)
    if not depts:
        return {}
    bounds, ratio = walk.book.community.champions_per_department, walk.book.community.champion_ratio
    listed = sum(d.headcount for d in depts)
    total = min(champions_for(walk.account.licensed_seats, walk), ceil_share(ratio * listed))
    exact = {d.key: total * d.headcount / listed for d in depts}
    shares = {k: math.floor(v) for k, v in exact.items()}
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:total - sum(shares.values())]:
        shares[key] += 1
    return {d.key: max(min(bounds.max, max(bounds.min, shares[d.key]), d.headcount), len(_named(walk, d)))
            for d in depts}


def champions_now(walk: Walk, shares: dict[str, int]) -> dict[str, int]:
    """Each department's champions that can be named today: champions are recruited from people who use the
    workspace, and a community of all of them is no community, so no more than ``champions_of_active_pct`` of
    its active users (and never fewer than it has named)."""
    pct = walk.book.community.champions_of_active_pct
    return {d.key: min(shares[d.key], max(math.ceil(d.active_users * pct / 100), len(_named(walk, d))))
            for d in walk.account.departments}


def trainers_before_wave(walk: Walk, shares: dict[str, int], now: dict[str, int],
                         waves: dict[str, date]) -> dict[str, int]:
    """Champions each department opening a wave (key -> its start) has trained before it: those it has now, and
    where that is fewer than a session's fewest, as many of its first recruits (given their seats ahead of the
    wave) as make a session's fewest, so that no wave starts without trainers."""
    low = walk.book.enablement.trainer_session_min
    return {k: max(now[k], min(shares[k], low)) for k in waves}


def _recruit_from(walk: Walk, now: dict[str, int], trainers: dict[str, int], waves: dict[str, date],
                  enablement: Enablement) -> dict[str, date]:
    """The day each department opening a wave starts recruiting the champions it does not have now: its first
    train-the-trainer session when some of them are trained ahead of the wave, else the wave's start."""
    out = {}
    for dept in walk.account.departments:
        if dept.key not in waves:
            continue
        name = walk.department_name(dept)
        held = [s.date for s in enablement.train_the_trainer if name in {d.department for d in s.departments}]
        early = trainers[dept.key] > now[dept.key] and held
        out[dept.key] = min(held) if early else waves[dept.key]
    return out


def champion_split(walk: Walk, shares: dict[str, int], now: dict[str, int],
                   recruit: dict[str, date]) -> list[ChampionShare]:
    """Champions by department (their ``shares``), largest department first, with the ones already named, those
    that can be named now and the day the others are recruited from (key -> day, for departments opening a
    wave)."""
    return [ChampionShare(department=walk.department_name(d), persona=d.persona, headcount=d.headcount,
                          champions=shares[d.key], named=_named(walk, d), active_users=d.active_users,
                          now=now[d.key], recruit_from=recruit.get(d.key) if now[d.key] < shares[d.key] else None)
            for d in sorted(walk.account.departments, key=lambda d: (-d.headcount, d.key))]


def _member(dept: Department, walk: Walk, role: Note) -> CouncilMember:
    return CouncilMember(name=dept.head.name, title=dept.head.title,
                         department=Note(code="dept_named", values={"department": walk.department_name(dept)}),
                         roles=[role])


def _council(walk: Walk, waves: dict[str, tuple[int, date]], split: list[ChampionShare], target: int) -> Council:
    rules, acc = walk.book.council, walk.account
    members: list[CouncilMember] = []
    # The playbook's role words ('Founder or CEO') say who should fill a seat: they are the title while nobody is
    # named, never the role on the council, which is the documents' own word in the reader's language.
    sponsor = acc.executive_sponsor
    members.append(CouncilMember(name=sponsor.name if sponsor else None,
                                 title=sponsor.title if sponsor else rules.sponsor_role,
                                 department=Note(code="dept_executive"),
                                 roles=[Note(code="role_sponsor")]))
    admin = acc.admin_lead
    members.append(CouncilMember(name=admin.name if admin else None,
                                 title=admin.title if admin else rules.admin_lead_role,
                                 department=Note(code="dept_administration"),
                                 roles=[Note(code="role_admin_lead")]))
    # Every department head sits on the council: those with a wave lead it, the others keep their teams in step.
    far = (len(walk.calendar.quarters) + 1, date.max)
    for dept in sorted(acc.departments, key=lambda d: (waves.get(d.key, far), d.key)):
        wave = waves.get(dept.key)
        role = Note(code="role_wave_lead", values={"quarter": wave[0]}) if wave else Note(code="role_department_head")
        members.append(_member(dept, walk, role))
    members = _merge_people(members)
    chair = _chair(members, rules.chair_role)
    if chair is not None:
        i = members.index(chair)
        members[i] = chair.model_copy(update={"roles": [Note(code="role_chair"), *chair.roles]})
    return Council(purpose=rules.purpose, cadence=rules.cadence, meeting_minutes=rules.meeting_minutes,
                   chair_role=rules.chair_role,
                   chair=Chair(name=chair.name, title=chair.title) if chair else Chair(name=None,
                                                                                       title=rules.chair_role),
                   responsibilities=list(rules.responsibilities), members=members,
                   champions_target=target, champions_company_wide=target - sum(s.champions for s in split),
                   champions_channel=_channel(walk), champions_split=split)


def _chair(members: list[CouncilMember], chair_role: str) -> CouncilMember | None:
    """The member whose title is the playbook's chair role; else the named executive sponsor; else nobody yet."""
    titled = next((m for m in members if m.name and m.title.casefold() == chair_role.casefold()), None)
    sponsor = members[0] if members[0].name else None  # the sponsor is always the first seat
    return titled or sponsor


def _channel(walk: Walk) -> str:
    community = walk.book.community
    if community.channel_group is not None:
        return walk.pick(community.channel_group)
    assert community.channel is not None  # the playbook model requires one of the two
    return community.channel


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
