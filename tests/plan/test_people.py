"""Enablement's people numbers: train-the-trainer and restart sessions of a bounded size, on working days, before
the waves they train for; the training rule said only to the people it applies to."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import ROOT
from conftest import playbook as playbook_dict
from generator.inputs.loader import load_account
from generator.inputs.models import Department
from generator.inputs.playbook import Playbook
from generator.plan.enablement import Need, pack
from generator.plan.planner import plan
from generator.plan.workdays import WorkingDays, country_of
from generator.render.documents import charter_html
from generator.render.words import Words
from plan.test_planner import AS_OF, PROPERTY, cases

EN = Words("en-GB")
DAY = date(2027, 3, 1)


def _need(key: str, champions: int, by: date = DAY) -> Need:
    return Need(Department(name=key, persona="ops", headcount=max(champions, 1), head={"name": "H", "title": "VP"}),
                champions, by, by)


@pytest.mark.parametrize(("champions", "low", "high", "sizes"), [
    ([2, 2, 2], 5, 25, [6]),  # three small departments share one session
    ([1, 1, 1, 1, 1, 1, 1], 5, 25, [7]),  # a last group too small alone joins the one before
    ([4, 4, 3], 5, 13, [11]),
    ([3, 3, 3, 3], 5, 25, [6, 6]),
    ([2, 3, 4, 4, 4], 5, 25, [5, 12]),
    ([30], 5, 25, [15, 15]),  # a large department in even sessions of at most the maximum
    ([26], 9, 25, [13, 13]),
    ([4, 19], 5, 25, [23]),  # too few alone: the small one joins the large one's first session
    ([4, 41], 5, 25, [23, 22]),
    ([3], 5, 25, [3]),  # fewer than a session is meant for, all together: one session, said so
    ([1, 1], 5, 25, [2]),
    ([], 5, 25, []),
])
def test_sessions_hold_between_the_fewest_and_the_most(champions, low, high, sizes):
    needs = [_need(f"D{i}", n, DAY + timedelta(weeks=i)) for i, n in enumerate(champions)]
    sessions = pack(needs, low, high)
    assert sorted(sum(s.champions for s in seats) for seats in sessions) == sorted(sizes)
    placed: Counter[str] = Counter()
    for seats in sessions:
        for seat in seats:
            placed[seat.need.dept.key] += seat.champions
    assert placed == Counter({n.dept.key: n.champions for n in needs if n.champions})


@st.composite
def bounds_and_needs(draw):
    high = draw(st.integers(4, 100))
    low = draw(st.integers(2, (high + 2) // 3))
    champions = draw(st.lists(st.integers(1, 300), max_size=12))
    return low, high, [_need(f"D{i}", n, DAY + timedelta(days=draw(st.integers(0, 200))))
                       for i, n in enumerate(champions)]


@given(bounds_and_needs())
def test_any_departments_pack_into_sessions_within_bounds(case):
    low, high, needs = case
    sessions = pack(needs, low, high)
    sizes = [sum(s.champions for s in seats) for seats in sessions]
    if sum(n.champions for n in needs) < low:
        assert len(sessions) == (1 if needs else 0)  # the one documented smaller session
    else:
        assert all(low <= size <= high for size in sizes), sizes
    placed: Counter[str] = Counter()
    for seats in sessions:
        for seat in seats:
            placed[seat.need.dept.key] += seat.champions
            assert seat.champions >= 1
    assert placed == Counter({n.dept.key: n.champions for n in needs})


def test_a_session_too_small_to_share_is_refused_in_the_playbook():
    with pytest.raises(ValidationError, match="trainer_session_min"):
        Playbook.model_validate(playbook_dict("scale", enablement={
            "admin_track": [{"module": "Setup", "minutes": 60}], "train_the_trainer_minutes": 60,
            "trainer_session_size": 20, "trainer_session_min": 8, "group_session_size": 100,
            "mandatory_training": False}))


def _name(umap, dept) -> str:
    return dept.name or umap.personas[dept.persona].title


def _live(umap, account) -> set[str]:
    """Departments whose persona has use cases adopted or in pilot."""
    personas = {umap.persona_of[u] for u in account.adoption}
    return {_name(umap, d) for d in account.departments if d.persona in personas}


def _waves(umap, account, result) -> dict[str, date]:
    """Department name -> the start of its wave: its persona's first item, when nothing of it is live yet."""
    live = {umap.persona_of[u] for u in account.adoption}
    out = {}
    for dept in account.departments:
        starts = [i.start for i in result.items if i.persona == dept.persona]
        if dept.persona not in live and starts:
            out[_name(umap, dept)] = min(starts)
    return out


def _check_sizes(sessions, size, low, high) -> None:
    if len(sessions) == 1 and size(sessions[0]) < low:
        return  # everyone together is fewer than a session is meant for: one session, and the charter says so
    for s in sessions:
        assert low <= size(s) <= high, s


def _seated(sessions) -> Counter[str]:
    out: Counter[str] = Counter()
    for s in sessions:
        for d in s.departments:
            out[d.department] += d.champions
    return out


@PROPERTY
@given(cases())
def test_sessions_are_bounded_dated_and_train_every_champion_once(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    rules, e = book.enablement, result.enablement
    days = WorkingDays(country_of(account.locale, account.country), tuple(book.calendar.quiet_periods))
    now = {s.department: s.now for s in result.council.champions_split}
    shares = {s.department: s.champions for s in result.council.champions_split}
    # Those it has now are trained, and a session's fewest at least where it has fewer: no wave without trainers.
    champions = {n: max(now[n] or 0, min(shares[n], rules.trainer_session_min)) for n in now}
    _check_sizes(e.train_the_trainer, lambda s: s.trainers, rules.trainer_session_min, rules.trainer_session_size)
    _check_sizes(e.champion_restarts, lambda s: s.champions, rules.trainer_session_min, rules.trainer_session_size)
    for day in [*(s.date for s in e.train_the_trainer), *(s.date for s in e.champion_restarts)]:
        assert days.is_working(day), (day, days.why_not(day))
        assert day >= AS_OF
    for s in e.train_the_trainer:
        assert s.trainers == sum(d.champions for d in s.departments)
        assert s.wave_start == s.departments[0].wave_start
    waves = {n: start for n, start in _waves(umap, account, result).items() if champions[n]}
    work_start = days.on_or_after(max(AS_OF, account.contract_start))
    for name, start in waves.items():  # every session ends before its wave starts (never before today)
        last = max(s.date for s in e.train_the_trainer if name in {d.department for d in s.departments})
        assert last < start or start == work_start, (name, last, start)
        assert last <= start
    assert _seated(e.train_the_trainer) == Counter({n: champions[n] for n in waves})
    live = {n for n in _live(umap, account) if now[n]}
    if result.at_risk:
        assert _seated(e.champion_restarts) == Counter({n: now[n] for n in live})
        start = days.on_or_after(max(AS_OF, account.contract_start) + timedelta(weeks=rules.restart_weeks))
        assert all(s.date >= start for s in e.champion_restarts)
    else:
        assert not e.champion_restarts


def _sample(shipped, name: str):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    return account, plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)


def test_small_departments_share_one_session_before_the_first_of_their_waves(shipped):
    _, result = _sample(shipped, "brightline-studio")
    sizes = [s.trainers for s in result.enablement.train_the_trainer]
    assert sizes == [7, 7]  # was 7, 2, 2, 2: three sessions of two
    shared = result.enablement.train_the_trainer[1]
    assert [(d.department, d.champions) for d in shared.departments] == [
        ("Marketing", 2), ("Design", 2), ("Product", 2), ("People and hiring", 1)]  # in the order of their waves
    assert shared.date < shared.departments[0].wave_start  # before Design's wave, the first of the three
    assert shared.date.weekday() < 5


def test_departments_too_small_alone_share_a_session_that_reaches_the_minimum(shipped):
    _, result = _sample(shipped, "northwind-logistics")
    shared = next(s for s in result.enablement.train_the_trainer
                  if "IT, security and administration" in [d.department for d in s.departments])
    assert [d.department for d in shared.departments] == ["IT, security and administration", "People and hiring",
                                                          "Product"]  # 4 champions each, 6 the least a session
    assert shared.trainers >= shipped.playbooks["enterprise"].enablement.trainer_session_min
    assert shared.date < min(d.wave_start for d in shared.departments)


def test_an_account_at_risk_restarts_its_live_departments_champions_early(shipped):
    _, result = _sample(shipped, "harbor-finch-insurance")
    restarts = result.enablement.champion_restarts
    assert {d.department for s in restarts for d in s.departments} == {
        "Engineering", "Operations", "IT, security and administration"}  # live: in pilot or adopted
    assert restarts[0].date == date(2026, 12, 7)  # two weeks out (restart_weeks), a Monday
    assert all(s.minutes == 90 for s in restarts)
    notes = [n.code for n in result.lead_in.notes] if result.lead_in else []
    assert "lead_restart_sessions" in notes
    _, calm = _sample(shipped, "northwind-logistics")
    assert not calm.enablement.champion_restarts


@pytest.mark.parametrize("active", [310, 1200])
def test_training_before_access_is_said_only_to_people_who_get_a_seat_from_now_on(shipped, active):
    # The 890 people not active yet have their seats, and access, already: the rule is for new seats.
    account = load_account(ROOT / "accounts" / "northwind-logistics.yaml", shipped)
    account = account.model_copy(update={"active_seats": active})
    book = shipped.playbooks[account.segment]
    assert book.enablement.mandatory_training
    html = " ".join(charter_html(plan(shipped.map, book, account, as_of=AS_OF), book).split())
    assert "Training comes before access for everyone who gets a seat from now on: they complete it first." in html
    assert "people not active yet complete it first" not in html


@PROPERTY
@given(cases())
def test_no_department_has_more_champions_now_than_active_users(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    active = {_name(umap, d): d.active_users for d in account.departments}
    for share in result.council.champions_split:
        assert share.now is not None
        assert len(share.named) <= share.now <= share.champions
        assert share.now <= max(active[share.department], len(share.named))  # recruited from people who use it
        assert share.active_users == active[share.department]
        if share.recruit_from is not None:  # the others are recruited as its wave goes live
            assert share.now < share.champions


def test_orbitals_operations_has_the_champions_its_active_people_allow_and_trains_them_before_its_wave(shipped):
    _, result = plan_sample(shipped, "orbital-systems")
    ops = next(s for s in result.council.champions_split if s.department == "Operations")
    # A quarter of its 120 active people now, not all of them (nor 190 of 120, as once)
    assert (ops.champions, ops.active_users, ops.now) == (190, 120, 30)
    sessions = [s for s in result.enablement.train_the_trainer if "Operations" in {d.department for d in s.departments}]
    assert ops.recruit_from == sessions[0].wave_start
    assert sum(d.champions for s in sessions for d in s.departments if d.department == "Operations") == 30
    assert max(s.date for s in sessions) < sessions[0].wave_start  # sessions ran into the wave before
    dates = sorted(s.date for s in sessions)
    assert all((b - a).days >= 5 for a, b in pairwise(dates))  # a working week apart
    text = EN.gettext("As it goes live")
    assert text in charter_html(result, shipped.playbooks["enterprise"])


@PROPERTY
@given(cases())
def test_champions_now_are_at_most_the_playbooks_share_of_active_people(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    named = {d.key: sum(c.department == d.key for c in account.champions) for d in account.departments}
    by_name = {s.department: s for s in result.council.champions_split}
    for dept in account.departments:
        share = next((s for n, s in by_name.items() if n in (dept.key, dept.name)), None)
        if share is None or share.now is None:
            continue
        most = -(-dept.active_users * book.community.champions_of_active_pct // 100)
        assert share.now <= max(most, named[dept.key]), (dept.key, share)


def test_a_department_nobody_uses_yet_still_has_trainers_before_its_wave(shipped):
    _, result = plan_sample(shipped, "lumen-robotics")  # its contract has not started: nobody is active yet
    eng = next(s for s in result.council.champions_split if s.department == "Engineering")
    assert (eng.now, eng.champions) == (0, 14)
    sessions = [s for s in result.enablement.train_the_trainer
                if "Engineering" in {d.department for d in s.departments}]
    assert sessions  # was none once champions were bounded by active users
    assert sum(d.champions for s in sessions for d in s.departments if d.department == "Engineering") == \
        shipped.playbooks["mid-market"].enablement.trainer_session_min
    assert eng.recruit_from == min(s.date for s in sessions) < sessions[0].wave_start  # recruited to be trained


def plan_sample(shipped, name: str, as_of: date = date(2026, 12, 1)):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    return account, plan(shipped.map, shipped.playbooks[account.segment], account, as_of=as_of)
