"""The charter's year: the account's stage, the council's meetings and term, and one date per onboarding step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.inputs.loader import load_account, load_library
from generator.inputs.models import Account
from generator.inputs.playbook import Playbook
from generator.months import add_months
from generator.plan.charter import nth_meeting
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.plan.workdays import WorkingDays, country_of

AS_OF = date(2026, 11, 21)
LIBRARY = load_library(ROOT / "usecases", ROOT / "playbooks")  # once: hypothesis runs every example on it
PERSONAS = sorted(p for p, f in LIBRARY.map.personas.items() if f.scope != "company")
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cadences(draw):
    # At least three weeks apart: a quiet fortnight and a weekend never push one meeting past the next.
    return draw(st.sampled_from([{"months": m} for m in (1, 2, 3, 6)] + [{"weeks": w} for w in (3, 4, 6, 8)]))


@st.composite
def cases(draw):
    segment = draw(st.sampled_from(sorted(LIBRARY.playbooks)))
    council = {"meets_every": draw(cadences()), "mature_adopted_pct": draw(st.integers(1, 100)),
               "mature_contract_years": draw(st.integers(1, 6))}
    shipped = LIBRARY.playbooks[segment].model_dump()
    book = Playbook.model_validate({**shipped, "council": {**shipped["council"], **council},
                                    "horizon_months": draw(st.sampled_from([6, 12, 24]))})
    seats = draw(st.integers(10, 5000))
    depts = [{"persona": p, "headcount": (h := draw(st.integers(1, 400))), "active_users": draw(st.integers(0, h)),
              "head": {"name": f"Head of {p}", "title": "VP"}}
             for p in draw(st.lists(st.sampled_from(PERSONAS), unique=True, max_size=5))]
    draft = Account.model_validate({
        "name": "Acme", "segment": segment, "locale": draw(st.sampled_from(["en-US", "de-DE", "ja-JP", "fr-FR"])),
        "contract_start": draw(st.dates(date(2019, 1, 1), AS_OF + timedelta(days=45))).isoformat(),
        "licensed_seats": seats, "active_seats": draw(st.integers(0, seats)),
        "health": {"score": draw(st.integers(0, 100)), "seats_30d_delta": 0},
        "next_qbr": draw(st.dates(AS_OF - timedelta(days=30), AS_OF + timedelta(days=90))).isoformat(),
        "renewal_date": draw(st.one_of(st.none(), st.dates(AS_OF, AS_OF + timedelta(days=800)).map(str))),
        "csm": {"name": "Dana", "title": "CSM"}, "departments": depts,
        "executive_sponsor": {"name": "Sam Sponsor", "title": "COO"}})
    choices = sorted(offered(LIBRARY.map, draft))
    adopted = draw(st.lists(st.sampled_from(choices), unique=True)) if choices else []
    return book, draft.model_copy(update={"adoption": dict.fromkeys(adopted, "adopted")})


def _days(book, account) -> WorkingDays:
    return WorkingDays(country_of(account.locale, account.country), tuple(book.calendar.quiet_periods))


@PROPERTY
@given(cases())
def test_every_council_meeting_is_a_working_day_of_the_year_at_the_cadence(case):
    book, account = case
    result = plan(LIBRARY.map, book, account, as_of=AS_OF)
    every, days = book.council.meets_every, _days(book, account)
    assert result.council.term_end is not None
    anchor, end = result.account.next_qbr, min(result.horizon_end, result.council.term_end)  # the year and term
    meetings = result.council.meetings
    for k, meeting in enumerate(meetings, start=1):
        due = nth_meeting(anchor, every.months, every.weeks, k)
        assert anchor < due <= meeting <= end, (k, due, meeting)
        assert days.is_working(meeting), (meeting, days.why_not(meeting))
        skipped = [due + timedelta(days=d) for d in range((meeting - due).days)]
        assert not any(days.is_working(d) for d in skipped), (due, meeting)  # the first working day, no later
    after = nth_meeting(anchor, every.months, every.weeks, len(meetings) + 1)
    assert days.on_or_after(after) > end  # none left out: the next one would fall after the year or the term
    assert meetings == sorted(set(meetings))


@PROPERTY
@given(cases())
def test_the_term_runs_from_the_qbr_to_the_first_renewal_far_enough_after_it(case):
    book, account = case
    result = plan(LIBRARY.map, book, account, as_of=AS_OF)
    council, months = result.council, book.council.min_term_months
    assert council.term_start == result.account.next_qbr
    assert council.term_end is not None
    shortest = add_months(council.term_start, months)
    assert council.term_end >= shortest
    # The account's own renewal date, or the renewal before it came too soon (a few days' slack: month ends clip).
    assert council.term_end == account.renewal_date \
        or add_months(council.term_end, -book.renewal.term_months) < shortest + timedelta(days=4)
    assert council.term_to_renewal
    assert all(council.term_start < m <= council.term_end for m in council.meetings)


def _expected_stage(book, account, result) -> str:
    if result.at_risk:
        return "at_risk"
    if (AS_OF - account.contract_start).days <= book.onboarding.by_day:
        return "onboarding"
    choices = offered(LIBRARY.map, account)
    adopted = sum(account.adoption.get(u) == "adopted" for u in choices)
    old = add_months(account.contract_start, 12 * book.council.mature_contract_years) <= AS_OF
    return "mature" if old or (choices and adopted * 100 >= book.council.mature_adopted_pct * len(choices)) \
        else "expanding"


@PROPERTY
@given(cases())
def test_the_stage_follows_its_rules_and_chooses_the_charters_words(case):
    book, account = case
    result = plan(LIBRARY.map, book, account, as_of=AS_OF)
    stage = result.council.maturity
    assert stage == _expected_stage(book, account, result)
    words = book.in_language(account.locale.split("-")[0]).council
    assert result.council.purpose == (getattr(words.purpose_by_maturity, stage) or words.purpose)
    assert result.council.responsibilities == (getattr(words.responsibilities_by_maturity, stage)
                                               or words.responsibilities)


def _sample(name: str, as_of: date = AS_OF, **changes):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", LIBRARY).model_copy(update=changes)
    return account, plan(LIBRARY.map, LIBRARY.playbooks[account.segment], account, as_of=as_of)


@pytest.mark.parametrize(("name", "changes", "stage"), [
    ("northwind-logistics", {}, "onboarding"),
    ("meridian-health", {}, "mature"),  # everything offered is adopted
    ("harbor-finch-insurance", {}, "at_risk"),
    ("meridian-health", {"health": {"score": 20, "seats_30d_delta": 0}}, "at_risk"),  # at risk beats mature
    ("orbital-systems", {}, "expanding"),
    ("orbital-systems", {"contract_start": date(2021, 11, 1)}, "mature"),  # in its fifth year
    ("northwind-logistics", {"contract_start": date(2021, 11, 1), "onboarding_done": []}, "mature"),
])
def test_each_sample_account_has_the_stage_a_cs_leader_would_give_it(name, changes, stage):
    if "health" in changes:
        changes = {**changes, "health": load_account(ROOT / "accounts" / f"{name}.yaml", LIBRARY).health
                   .model_copy(update=changes["health"])}
    _, result = _sample(name, **changes)
    assert result.council.maturity == stage


def test_the_first_department_wave_step_is_dated_by_the_waves_start():
    _, result = _sample("northwind-logistics")
    card = result.report_card
    assert card is not None
    steps = {s.id: s for s in card.steps}
    departments = [i for i in result.items if LIBRARY.map.personas[i.persona].scope != "company"
                   and not i.admin_track]  # the admin track's set-up is no department's wave
    first = min(departments, key=lambda i: (i.start, i.use_case))
    assert steps["first-department-wave"].planned == first.start
    assert steps["first-department-live"].planned == min(i.end for i in departments)  # whichever is adopted first
    assert steps["council-first-meeting"].planned == result.council.meetings[0]
    trained = [s.date for s in result.enablement.train_the_trainer if s.persona == first.persona]
    assert steps["champions-trained"].planned == max(trained)
    assert not steps["first-department-wave"].overdue  # it lies ahead on the roadmap


def test_a_scale_council_meets_every_six_weeks_and_its_term_ends_at_the_renewal_after_next():
    _account, result = _sample("atelier-lumiere")
    council = result.council
    assert council.meetings[0] == result.account.next_qbr + timedelta(weeks=6)
    # The renewal 8 days after the QBR leaves the council no time: its term runs to the one after.
    assert result.account.renewal == date(2027, 2, 2)
    assert council.term_end == date(2028, 2, 2)
    assert council.decision_rights
    assert council.escalation
    assert council.escalation[-1] == "Fondateur avec le CSM"  # the playbook's words in the account's language


@pytest.mark.parametrize("locale", ["en-US", "de-DE", "fr-FR", "ja-JP"])
def test_council_roles_are_the_documents_words_not_the_playbooks_role_text(locale):
    _, result = _sample("atelier-lumiere", locale=locale)
    sponsor, admin = result.council.members[0], result.council.members[1]
    assert [n.code for n in sponsor.roles] == ["role_chair", "role_sponsor"]
    assert [n.code for n in admin.roles] == ["role_admin_lead"]
    assert all(n.values == {} for m in result.council.members for n in m.roles if n.code != "role_wave_lead")


@pytest.mark.parametrize(("renewal", "contract_start", "term_end"), [
    # 19 days after the QBR on 14 December 2026: too soon for a term, so it runs to the renewal a year on.
    (date(2027, 1, 2), date(2022, 2, 1), date(2028, 1, 2)),
    (date(2027, 8, 14), date(2022, 2, 1), date(2027, 8, 14)),  # 8 months out: that renewal
    # No renewal date: every 12 months from the start (1 February), the first six months after the QBR or more.
    (None, date(2022, 2, 1), date(2028, 2, 1)),
    (None, date(2022, 9, 1), date(2027, 9, 1)),
])
def test_the_term_ends_at_the_first_renewal_six_months_after_the_qbr_and_no_meeting_after_it(
        renewal, contract_start, term_end):
    _account, result = _sample("fenwick-publishing", renewal_date=renewal, contract_start=contract_start)
    council = result.council
    assert result.account.next_qbr == date(2026, 12, 14)
    assert (council.term_start, council.term_end, council.term_to_renewal) == (date(2026, 12, 14), term_end, True)
    assert council.meetings
    assert all(council.term_start < m <= council.term_end for m in council.meetings)
    if term_end < result.horizon_end:  # monthly: the last meeting is the one just before the term ends
        assert council.meetings[-1] > add_months(term_end, -1) - timedelta(days=5)
