"""The account's tools in its plan: which use case switches one off and when, pilots' length, and what is proposed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, persona, use_case
from conftest import playbook as playbook_dict
from generator.errors import Problems
from generator.inputs.loader import load_account
from generator.inputs.models import Account, PersonaFile
from generator.inputs.playbook import Playbook
from generator.inputs.usecase_map import PersonaDoc, build_map
from generator.inputs.yamlsource import SourceMap
from generator.plan.planner import plan
from generator.render.text import plan_text
from plan.test_planner import AS_OF, CATALOG, PROPERTY, cases

# --- department tools -----------------------------------------------------------------


@st.composite
def with_department_tools(draw):
    """A case whose departments say which of the account's tools (and others) they work in."""
    umap, book, account = draw(cases())
    named = sorted({r for uc in umap.use_cases.values() for r in uc.replaces} | set(account.tools))
    departments = account.departments
    if named:  # a tool several departments list is the interesting case: many share one list
        shared = draw(st.lists(st.sampled_from(named), unique=True, min_size=1, max_size=2))
        departments = [d.model_copy(update={"tools": shared if draw(st.booleans()) else draw(
            st.lists(st.sampled_from(named), unique=True, max_size=3))}) for d in account.departments]
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
    # The account says nothing: the last of the use cases doing a job in it, once all of them are planned.
    ([], [], [], "eng-runbooks"),
    ([], ["sales-playbooks"], [], None),  # one job stays in it: so does the tool
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


def test_a_use_case_that_cannot_switch_a_tool_off_says_who_keeps_it():
    result = plan(_library(), Playbook.model_validate(playbook_dict()),
                  _account(["support", "engineering"], ["eng-runbooks"], []), as_of=AS_OF)
    escalations = next(i for i in result.items if i.use_case == "sup-escalations")
    assert escalations.retires == []
    stays = [n for n in escalations.reasons if n.code == "tool_stays"]
    assert [n.values for n in stays] == [{"tool": "Confluence", "departments": ["Engineering"]}]


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


# --- what is proposed to an account that lacks a group's tool --------------------------


def _family(umap, account) -> frozenset[str]:
    """The vendor family most of the account's tools come from, none on a tie (as docs/planning.md says)."""
    have = {t.casefold() for t in [*account.tools_in_use, *account.integrations]}
    counts = sorted(((len(have & f), i) for i, f in enumerate(umap.ecosystems)), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return frozenset()
    return umap.ecosystems[counts[0][1]]


def _named_without_reason(umap, account, group_id: str, tool: str) -> bool:
    """A product of a group named to an account that has none of it, outside its vendor family."""
    group = {t.casefold() for t in umap.tool_groups[group_id].tools}
    have = {t.casefold() for t in [*account.tools_in_use, *account.integrations]}
    return tool.casefold() in group and not group & have and tool.casefold() not in _family(umap, account)


@PROPERTY
@given(with_department_tools())
def test_no_product_is_proposed_for_a_group_the_account_lacks_outside_its_vendor_family(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    for item in result.items:
        groups = umap.use_cases[item.use_case].integrations
        assert len(item.integrations) == len(groups)
        for group_id, tool in zip(groups, item.integrations, strict=True):
            assert not _named_without_reason(umap, account, group_id, tool), (item.use_case, group_id, tool)
        assert not set(item.unnamed_integrations) & set(item.new_integrations)  # products only in the latter
        assert set(item.unnamed_integrations) <= set(item.integrations)
    if book.community.channel_group is not None:
        assert not _named_without_reason(umap, account, book.community.channel_group, result.council.champions_channel)


def _northwind(shipped, **changes):
    account = load_account(ROOT / "accounts" / "northwind-logistics.yaml", shipped)
    return account.model_copy(update=changes)


@pytest.mark.parametrize(("tools", "words", "product"), [
    ([], "your on-call tool", None),  # a Microsoft shop: the family has no on-call tool, so none is named
    (["Opsgenie"], None, "Opsgenie"),  # its own
])
def test_an_account_without_a_groups_tool_is_asked_for_its_own(shipped, tools, words, product):
    account = _northwind(shipped)
    account = account.model_copy(update={"tools": [*account.tools, *tools]})
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    runbooks = next(i for i in result.items if i.use_case == "eng-runbooks")
    assert ("your on-call tool" in runbooks.integrations) == (words is not None)
    if words:
        assert words in runbooks.unnamed_integrations
    else:  # its own on-call tool is named; code hosting, which it does not list, stays its own to name
        assert not any("on-call" in t for t in runbooks.unnamed_integrations)
    codes = [n.code for n in runbooks.reasons]
    if words is not None:
        assert "connects_yours" in codes
    text = plan_text(result)
    assert "PagerDuty" not in text
    assert "Zendesk" not in text
    if product:
        assert product in runbooks.integrations


@pytest.mark.parametrize(("tools", "waits"), [([], True), (["Lever"], False)])
def test_a_use_case_that_needs_a_tool_the_account_lacks_waits_and_says_so(shipped, tools, waits):
    account = load_account(ROOT / "accounts" / "lumen-robotics.yaml", shipped)
    account = account.model_copy(update={"tools": [*account.tools, *tools]})
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    backlog = {b.use_case: b for b in result.backlog}
    planned = {i.use_case for i in result.items}
    if waits:
        assert "people-hiring-pipeline" not in planned
        assert [n.code for n in backlog["people-hiring-pipeline"].reasons] == ["needs_tool"]
        assert backlog["people-hiring-pipeline"].reasons[0].values == {"groups": ["Recruiting"]}
    else:
        assert "people-hiring-pipeline" in planned or \
            backlog["people-hiring-pipeline"].reasons[0].code != "needs_tool"


def test_the_groups_words_come_in_the_accounts_language(shipped):
    account = _northwind(shipped, locale="de-DE")
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    runbooks = next(i for i in result.items if i.use_case == "eng-runbooks")
    assert "Ihr Bereitschafts-Tool" in runbooks.unnamed_integrations
