"""The renewal in the plan: on the agenda once it is close, its checkpoints on working days, idle seats as a
risk, and the commercial view kept to the CSM's brief."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.plan.workdays import WorkingDays, country_of
from generator.render.documents import roadmap_html
from generator.render.text import plan_text
from plan.test_planner import AS_OF, PROPERTY, cases


def _sample(shipped, name: str, **update):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update=update)
    return account, plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)


def _roadmap(shipped, account, result) -> str:
    return roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account), None)


@PROPERTY
@given(cases())
def test_the_renewal_keeps_its_promises(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    view = result.commercial
    assert view is not None
    days = WorkingDays(country_of(account.locale, account.country), tuple(book.calendar.quiet_periods))
    for c in result.renewal_checkpoints:  # ahead, before the renewal, on a day people work
        assert view.renewal is not None
        assert AS_OF <= c.day < view.renewal
        assert days.is_working(c.day), c
    assert [c.day for c in result.renewal_checkpoints] == sorted(c.day for c in result.renewal_checkpoints)
    assert len(result.qbr_agenda) <= 3
    on_agenda = any(n.code == "agree_renewal_path" for n in result.qbr_agenda)
    assert on_agenda == (view.renewal_state == "in_window")
    risky = any(n.code == "idle_seats_before_renewal" for r in result.risks for n in r.notes)
    assert risky == view.utilisation_risk
    late = any(n.code == "renewal_prep_late" for r in result.risks for n in r.notes)
    assert late == any(c.missed is not None for c in result.renewal_checkpoints)
    if risky:
        assert view.renewal_state in ("in_window", "before_qbr")
        assert view.utilisation_pct < book.commercial.utilisation_risk_below_pct
    assert view.seats_unused == account.licensed_seats - account.active_seats


def test_a_renewal_weeks_after_the_qbr_is_agreed_there_and_idle_seats_are_its_first_risk(shipped):
    account, result = _sample(shipped, "harbor-finch-insurance")
    assert result.commercial is not None
    assert result.commercial.renewal == date(2027, 2, 1)
    assert result.commercial.renewal_state == "in_window"
    assert "agree_renewal_path" in [n.code for n in result.qbr_agenda]
    assert result.risks[0].kind == "renewal"
    assert result.commercial.missed == ["value_review", "renewal_conversation"]  # the CSM is late: the brief says
    html = _roadmap(shipped, account, result)
    assert "The contract renews" in html
    assert "1,250 licensed seats are not in use (48% active), with the renewal on" in html


def test_a_renewal_a_year_out_is_not_on_this_agenda_but_its_checkpoints_are_on_the_calendar(shipped):
    account, result = _sample(shipped, "northwind-logistics")
    assert result.commercial is not None
    assert result.commercial.renewal_state == "later"
    assert "agree_renewal_path" not in [n.code for n in result.qbr_agenda]
    assert [c.kind for c in result.renewal_checkpoints] == ["value_review", "renewal_conversation"]
    html = _roadmap(shipped, account, result)
    assert "Value review with your sponsor, ahead of the renewal" in html
    assert "Renewal conversation: terms, seats and the next year" in html


def test_the_renewals_preparation_starting_before_the_next_qbr_puts_it_on_this_agenda(shipped):
    _, result = _sample(shipped, "granite-credit-union")  # renewal 137 days out, its value review in 2 months
    assert result.commercial is not None
    assert result.commercial.renewal_state == "in_window"
    point = next(n for n in result.qbr_agenda if n.code == "agree_renewal_path")
    assert set(point.values) == {"renewal", "value_review", "renewal_conversation"}


@pytest.mark.parametrize(("delta", "signal"), [(300, "added"), (120, "added"), (119, None), (0, None),
                                               (-119, None), (-120, "removed"), (-400, "removed")])
def test_seat_changes_past_the_playbooks_alerts_are_signals_either_way(shipped, delta, signal):
    account = load_account(ROOT / "accounts" / "harbor-finch-insurance.yaml", shipped)  # 2,400 seats, enterprise
    changed = account.model_copy(update={"health": account.health.model_copy(update={"seats_30d_delta": delta})})
    result = plan(shipped.map, shipped.playbooks["enterprise"], changed, as_of=AS_OF)
    assert result.commercial is not None
    assert result.commercial.seat_signal == signal  # 5% of 2,400 both ways in the enterprise playbook


def test_a_department_with_nearly_everyone_active_is_an_expansion_signal(shipped):
    _, result = _sample(shipped, "fenwick-publishing")
    assert result.commercial is not None
    assert [o.department for o in result.commercial.outgrowing] == [
        "Editorial", "Engineering", "Reader Services", "Digital Products"]  # 90% and more, most people first


def test_the_commercial_view_is_the_csms_and_never_the_customers(shipped):
    account, result = _sample(shipped, "harbor-finch-insurance")
    brief = plan_text(result)
    assert "(internal) Commercial: 48% of seats in use, 1,250 unused" in brief
    flat = " ".join(brief.split())  # the brief wraps its lines
    assert "due before this QBR: value review (due 04 Sep, booked 16 Dec), renewal conversation (due 03 Nov, " \
        "booked 05 Jan)" in flat
    html = _roadmap(shipped, account, result)
    assert "Commercial" not in html
    assert "Expansion signals" not in html


def test_a_checkpoint_booked_late_is_a_renewal_risk_in_the_customers_words(shipped):
    account = load_account(ROOT / "accounts" / "fenwick-publishing.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))
    late = [c for c in result.renewal_checkpoints if c.missed is not None]
    assert late  # the renewal is weeks after the QBR: its value review was due before it
    risks = [n for r in result.risks for n in r.notes if n.code == "renewal_prep_late"]
    assert len(risks) == 1
    assert risks[0].values["booked"] == late[0].day.isoformat()
    assert not risks[0].internal  # the sponsor shares the renewal's timing
