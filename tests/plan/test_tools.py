"""The account's tools in its plan: which use case switches one off and when, pilots' length, and what is proposed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_planner import AS_OF, CATALOG, PROPERTY, cases

from conftest import persona, use_case
from conftest import playbook as playbook_dict
from generator.errors import Problems
from generator.inputs.models import Account, PersonaFile
from generator.inputs.playbook import Playbook
from generator.inputs.usecase_map import PersonaDoc, build_map
from generator.inputs.yamlsource import SourceMap
from generator.plan.planner import plan

# --- department tools -----------------------------------------------------------------


@st.composite
def with_department_tools(draw):
    """A case whose departments say which of the account's tools (and others) they work in."""
    umap, book, account = draw(cases())
    named = sorted({r for uc in umap.use_cases.values() for r in uc.replaces} | set(account.tools))
    departments = [d.model_copy(update={"tools": draw(st.lists(st.sampled_from(named), unique=True, max_size=3))})
                   for d in account.departments] if named else account.departments
    book = book.model_copy(update={"pilot_min_weeks": draw(st.integers(0, 8))})
    return umap, book, account.model_copy(update={"departments": departments})


def _covers(umap, uc_id: str, persona_id: str) -> bool:
    return umap.personas[umap.persona_of[uc_id]].scope == "company" or umap.persona_of[uc_id] == persona_id


@PROPERTY
@given(with_department_tools())
def test_a_tool_departments_list_goes_only_once_each_of_them_has_its_replacement(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    adopted = {u for u, s in account.adoption.items() if s == "adopted"}
    ends = {i.use_case: i.end for i in result.items}
    listed = {t.casefold(): [d for d in account.departments if t.casefold() in {x.casefold() for x in d.tools}]
              for d0 in account.departments for t in d0.tools}
    lead = book.retirement.at_risk_lead_weeks if result.at_risk else book.retirement.lead_weeks
    for retirement in result.retirements:
        tool = retirement.tool.casefold()
        if tool not in listed or tool in umap.suites:
            continue
        for dept in listed[tool]:  # each listing department's replacement is adopted, or done the lead time before
            replacing = [u for u, uc in umap.use_cases.items() if tool in {r.casefold() for r in uc.replaces}
                         and _covers(umap, u, dept.persona)]
            assert any(u in adopted or (u in ends and ends[u] + timedelta(weeks=lead) <= retirement.by)
                       for u in replacing), (retirement, dept.key)
        if umap.personas[umap.persona_of[retirement.use_case]].scope != "company":  # by one of their own
            assert umap.persona_of[retirement.use_case] in {d.persona for d in listed[tool]}, retirement


@PROPERTY
@given(with_department_tools())
def test_a_pilot_counts_as_adopted_no_sooner_than_the_playbooks_minimum(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    begun = max(AS_OF, account.contract_start)
    for item in (i for i in result.items if i.kind == "finish"):
        assert item.end >= begun + timedelta(weeks=book.pilot_min_weeks), (item.use_case, item.end)
        assert item.end >= item.start


def _library():
    problems = Problems()
    docs = [PersonaDoc(PersonaFile.model_validate(persona(name, ucs)), SourceMap(f"{name}.yaml")) for name, ucs in [
        ("support", [use_case("sup-escalations", replaces=["Confluence"])]),
        ("engineering", [use_case("eng-runbooks", stage="optimize", replaces=["Confluence"])]),
        ("sales", [use_case("sales-playbooks", replaces=["Confluence"])])]]
    umap = build_map(docs, {"scale"}, problems, CATALOG)
    assert umap is not None
    assert not problems.errors
    return umap


def _account(listed_by: list[str], skip: list[str], adopted: list[str]) -> Account:
    return Account.model_validate({
        "name": "Jira shop", "segment": "scale", "contract_start": "2025-01-06", "licensed_seats": 300,
        "active_seats": 100, "health": {"score": 80}, "next_qbr": "2027-01-14", "csm": {"name": "Dana", "title": "CSM"},
        "tools": ["Jira", "Confluence"], "adoption": dict.fromkeys(adopted, "adopted"),
        "departments": [{"persona": p, "headcount": 100, "active_users": 30, "tools": ["Confluence"] * (p in listed_by),
                         "head": {"name": f"Head of {p}", "title": "VP"}} for p in ("support", "engineering", "sales")],
        "adjustments": [{"use_case": u, "skip": True, "reason": "Not now."} for u in skip]})


@pytest.mark.parametrize(("listed_by", "skip", "adopted", "retired_by"), [
    # Engineering lives in Confluence too and gets no replacement: support's escalations do not switch it off.
    (["support", "engineering"], ["eng-runbooks"], [], None),
    # Both get theirs: the later one switches it off, after its own QBR and lead time.
    (["support", "engineering"], [], [], "eng-runbooks"),
    (["support", "engineering"], [], ["eng-runbooks"], "sup-escalations"),
    # Only support says it works in Confluence: its own replacement is enough, however late engineering's is.
    (["support"], [], [], "sup-escalations"),
    # Sales' use case replaces a Confluence sales does not use: it switches nothing off.
    (["support", "engineering"], ["sup-escalations", "eng-runbooks"], [], None),
    # The account says nothing: as before, the first use case that replaces it.
    ([], [], [], "sales-playbooks"),
])
def test_a_department_tool_is_switched_off_after_the_last_department_that_uses_it(listed_by, skip, adopted,
                                                                                 retired_by):
    umap = _library()
    book = Playbook.model_validate(playbook_dict(max_new_use_cases_per_quarter=1))
    result = plan(umap, book, _account(listed_by, skip, adopted), as_of=AS_OF)
    confluence = [r for r in result.retirements if r.tool == "Confluence"]
    assert [r.use_case for r in confluence] == ([retired_by] if retired_by else [])
    items = {i.use_case: i for i in result.items}
    if retired_by in items:
        assert items[retired_by].retire_by == confluence[0].by
        listing = [i for i in items.values() if i.persona in listed_by]
        assert all(confluence[0].by > i.end for i in listing)


def test_a_tool_a_department_lists_is_one_of_the_accounts_tools():
    account = _account(["support"], [], []).model_copy(update={"tools": ["Jira"]})
    assert account.tools_in_use == ["Jira", "Confluence"]
    result = plan(_library(), Playbook.model_validate(playbook_dict()), account, as_of=AS_OF)
    assert [r.tool for r in result.retirements] == ["Confluence"]


def test_pilots_of_a_small_use_case_last_the_minimum():
    account = _account([], [], []).model_copy(update={"adoption": {"sup-escalations": "piloting"}})
    for weeks in (0, 3, 6):
        book = Playbook.model_validate(playbook_dict(pilot_min_weeks=weeks))
        item = next(i for i in plan(_library(), book, account, as_of=AS_OF).items if i.kind == "finish")
        assert item.end >= AS_OF + timedelta(weeks=max(weeks, 1))
        assert item.end < AS_OF + timedelta(weeks=max(weeks, 1), days=7)
    assert date(2026, 11, 21) == AS_OF
