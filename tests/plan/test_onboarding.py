"""The onboarding report card: one date per step, the roadmap's; a step done when the facts say so; and steps of
ours never shown to the customer with a date before the QBR."""

from __future__ import annotations

from datetime import date

from hypothesis import given

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.models import Plan, ReportStep
from generator.plan.planner import plan
from generator.render.text import plan_text
from plan.test_charter import AS_OF, LIBRARY, PROPERTY, cases


def _started(account) -> set[str]:
    """Personas of departments already working in the workspace (the admin track opens no wave)."""
    umap = LIBRARY.map
    return {umap.persona_of[u] for u in account.adoption if umap.personas[umap.persona_of[u]].scope != "company"
            and not umap.use_cases[u].admin_track}


@PROPERTY
@given(cases())
def test_the_report_card_and_the_roadmap_give_one_date_per_step(case):
    book, account = case
    result = plan(LIBRARY.map, book, account, as_of=AS_OF)
    card = result.report_card
    ends = {i.use_case: i.end for i in result.items}
    listed = {d.persona for d in account.departments}
    waves = sorted((i.start, i.persona) for i in result.items  # a department's work, not the admin track's
                   if LIBRARY.map.personas[i.persona].scope != "company" and i.persona in listed and not i.admin_track)
    live = bool(_started(account))
    qbr = result.account.next_qbr
    for step in card.steps if card is not None else []:
        if step.use_case is not None and account.adoption.get(step.use_case) == "adopted":
            assert step.done  # the facts say so
        if step.marks == "sponsor_named" and account.executive_sponsor is not None:
            assert step.done
        if step.done:
            assert step.planned is None
            assert not step.overdue
        elif step.rebooked:
            assert step.ours
            assert step.planned == qbr
        elif step.use_case is not None:
            assert step.planned == ends.get(step.use_case)
        elif step.marks == "first_wave" and not live:
            assert step.planned == (waves[0][0] if waves else None)
        elif step.marks == "first_council_meeting":
            assert step.planned == (result.council.meetings[0] if result.council.meetings else None)
        assert step.overdue == (not step.done and (step.planned or step.due) < AS_OF)


@PROPERTY
@given(cases())
def test_no_customer_document_shows_a_step_of_ours_dated_before_the_qbr(case):
    book, account = case
    result = plan(LIBRARY.map, book, account, as_of=AS_OF)
    qbr = result.account.next_qbr
    for step in result.report_card.steps if result.report_card is not None else []:
        if step.ours and not step.done and (step.rebooked or step.planned is None):  # dated by its due day
            assert (step.planned or step.due) >= qbr  # the date the charter prints
            assert not step.overdue  # the brief tells the CSM; the customer is given the QBR
            assert step.rebooked == (step.due < qbr)


def _sample(name: str, as_of: date = date(2026, 12, 1)) -> Plan:
    account = load_account(ROOT / "accounts" / f"{name}.yaml", LIBRARY)
    return plan(LIBRARY.map, LIBRARY.playbooks[account.segment], account, as_of=as_of)


def _steps(result: Plan) -> dict[str, ReportStep]:
    assert result.report_card is not None
    return {s.id: s for s in result.report_card.steps}


def test_a_sponsor_and_admin_named_in_the_account_file_are_done_steps():
    steps = _steps(_sample("bayview-dental"))
    for step in ("sponsor-named", "admin-lead-named"):
        assert steps[step].done
        assert not steps[step].overdue


def test_a_step_whose_use_case_is_adopted_is_done():
    steps = _steps(_sample("bayview-dental"))  # its company wiki is adopted
    assert steps["migration-wiki"].done
    assert steps["wiki-home"].done


def test_a_wave_already_running_is_a_done_step_not_an_overdue_one():
    steps = _steps(_sample("bayview-dental"))  # its support team pilots the knowledge base
    assert steps["first-department-wave"].done


def test_northwinds_sso_handbook_and_wiki_steps_carry_their_use_cases_dates():
    result = _sample("northwind-logistics")
    steps, ends = _steps(result), {i.use_case: i.end for i in result.items}
    for step, use_case in [("sso-tested", "it-sso"), ("handbook-live", "company-docs"),
                           ("migration-wiki", "company-wiki")]:
        assert steps[step].use_case == use_case
        assert steps[step].planned == ends[use_case], step
        assert not steps[step].overdue, step


def test_our_late_steps_are_rebooked_to_the_qbr_and_told_to_the_csm():
    result = _sample("northwind-logistics")
    step = _steps(result)["feedback-loop"]  # the CSM's, due in early November
    assert step.ours
    assert step.rebooked
    assert not step.overdue
    assert step.planned == result.account.next_qbr
    brief = plan_text(result)
    assert "(internal) Overdue and ours: " in brief
    assert f"{step.title} (due {step.due:%Y-%m-%d}, shown as {step.planned:%Y-%m-%d})" in brief
