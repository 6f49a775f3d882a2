"""Order: which department goes next, the admin track, full quarters, their titles, and reasons that agree
with the plan's own numbers."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.models import Account
from generator.plan.models import Item, Plan
from generator.plan.planner import plan
from plan.test_planner import AS_OF, EN, PROPERTY, cases

SAMPLES = sorted(p.stem for p in (ROOT / "accounts").glob("*.yaml"))


def _dept(persona: str, headcount: int, active: int, head: str) -> dict:
    return {"persona": persona, "headcount": headcount, "active_users": active, "head": {"name": head, "title": "Head"}}


def _docs_only() -> Account:
    """A scale account with only the wiki and company docs adopted; Support already works here (78% active)."""
    base = yaml.safe_load((ROOT / "accounts" / "brightline-studio.yaml").read_text())
    return Account.model_validate({
        **base, "name": "Docs Only Ltd", "adjustments": [], "notes": [], "licensed_seats": 200, "active_seats": 120,
        "adoption": {"company-wiki": "adopted", "company-docs": "adopted"},
        "departments": [_dept("support", 50, 39, "Sam Reyes"), _dept("product", 20, 6, "Pat Quinn"),
                        _dept("engineering", 45, 20, "Eli Ford"), _dept("marketing", 20, 0, "Mo Diaz"),
                        _dept("sales", 30, 12, "Sal Cho"), _dept("operations", 25, 5, "Oz Park")]})


def _plan(shipped, account: Account) -> Plan:
    return plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)


def _sample(shipped, name: str) -> tuple[Account, Plan]:
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    return account, _plan(shipped, account)


def test_a_docs_only_account_fills_its_first_quarter_and_reaches_every_working_department(shipped):
    result = _plan(shipped, _docs_only())
    first = result.quarters[0]
    assert first.started == first.capacity  # the small foundation item no longer holds the quarter to itself
    in_first = {i.use_case for i in result.items if i.quarter == 1}
    assert "meeting-notes" in in_first
    assert len(in_first - {"meeting-notes"}) >= 1
    assert EN.say(first.theme) != "Foundation: company docs and wiki"
    assert EN.say(first.theme).startswith("Foundation: Meeting notes and decisions · ")
    worked = {i.persona for i in result.items if i.kind == "start"}
    assert {"support", "product"} <= worked  # 78% active Support and Product get work during the year
    support = next(i for i in result.items if i.persona == "support")
    said = EN.say_all(support.reasons)
    assert "Builds on the 39 people in Customer support who already work in the workspace." in said


def test_the_department_with_most_people_to_reach_goes_before_a_small_it_team(shipped):
    account = load_account(ROOT / "accounts" / "northwind-logistics.yaml", shipped)
    account = account.model_copy(update={"departments": [
        *(d for d in account.departments if d.persona not in ("operations", "it-admin")),
        *Account.model_validate({**account.model_dump(mode="json", exclude_none=True), "departments": [
            _dept("operations", 190, 11, "Ola Berg"), _dept("it-admin", 9, 7, "Ida Holm")]}).departments]})
    result = _plan(shipped, account)
    ops = min(i.start for i in result.items if i.persona == "operations")
    department_work = [i for i in result.items if i.persona == "it-admin" and not i.admin_track]
    # The 9-person IT team does not go first: what of it starts before Operations does started while Operations
    # still waited for its prerequisite (the company docs, which the holidays push into the first quarter).
    docs = next(i.end for i in result.items if i.use_case == "company-docs")
    assert ops == docs
    assert all(ops <= i.start or i.start < docs for i in department_work)
    assert ops < result.quarters[0].end  # Operations (179 people still to reach) starts in the first quarter
    for item in (i for i in result.items if i.persona == "it-admin"):
        assert not {"opens_wave", "opens_wave_next"} & {n.code for n in item.reasons}, item.use_case


@pytest.mark.parametrize("name", SAMPLES)
def test_the_admin_track_goes_early_with_the_admin_lead_and_opens_no_department(shipped, name):
    account, result = _sample(shipped, name)
    admin = [i for i in result.items if i.admin_track]
    for item in admin:
        assert shipped.map.use_cases[item.use_case].admin_track
        lead = account.admin_lead
        assert [(o.name, o.title) for o in item.owners] == [
            (lead.name if lead else None, lead.title if lead else shipped.playbooks[account.segment].council.
             admin_lead_role)]
        codes = [n.code for n in item.reasons]
        assert "admin_track" in codes
        assert not {"opens_wave", "opens_wave_next", "deepens", "owner_gap"} & set(codes)
        # Early: the lead-in or quarter 1, unless a prerequisite planned later holds it back.
        requires = {i.use_case: i.end for i in result.items}
        held = any(requires.get(p, date.min) > result.quarters[0].start for p in item.requires)
        assert item.quarter <= 1 or held, (item.use_case, item.quarter)
    trained = {s.department for s in result.enablement.train_the_trainer}
    it_heads = {d.key for d in account.departments if d.persona == "it-admin"}
    if not [i for i in result.items if i.persona == "it-admin" and not i.admin_track]:
        assert not trained & it_heads  # no IT wave, so no IT train-the-trainer sessions


def test_admin_track_work_takes_none_of_the_quarters_room(shipped):
    _, result = _sample(shipped, "sakura-logistics")
    for q in result.quarters:
        departments = [i for i in result.items if i.quarter == q.number and i.kind == "start" and not i.admin_track]
        assert q.started == len(departments) <= q.capacity
    assert any(i.admin_track and i.quarter == 1 for i in result.items)


def test_a_regulated_account_gets_sign_in_and_two_factor_before_its_first_quarter_ends(shipped):
    account = load_account(ROOT / "accounts" / "brueckner-maschinenbau.yaml", shipped)
    result = _plan(shipped, account.model_copy(update={"regulated": True}))
    items = {i.use_case: i for i in result.items}
    for uc_id in ("it-sso", "it-2fa-policy"):
        assert items[uc_id].quarter <= 1, (uc_id, items[uc_id].quarter)
        assert items[uc_id].end <= result.quarters[0].end


@pytest.mark.parametrize(("name", "code", "title"), [
    ("brueckner-maschinenbau", "foundation", "Foundation: Besprechungsnotizen und Entscheidungen"),
    ("meridian-health", "ask", "Embed what is live in Customer support as well as IT, security and administration · "),
    ("lumen-robotics", "opens", None),
])
def test_a_quarter_title_says_what_is_in_it(shipped, name, code, title):
    _, result = _sample(shipped, name)
    themes = [EN.say(q.theme) for q in result.quarters]
    assert "Foundation: company docs and wiki" not in themes
    if title is not None:
        assert any(t.startswith(title) for t in themes), themes
    if code is not None:
        assert any(q.theme.values.get(code) for q in result.quarters)


def _check_theme(result: Plan, scope: dict[str, str]) -> None:
    for q in result.quarters:
        mine = [i for i in result.items if i.quarter == q.number]
        if not mine:  # headed by its own work, when it has some besides embedding what is live
            assert q.theme.code in ("theme_consolidate", "theme_upkeep")
            if q.theme.code == "theme_upkeep":
                review = next((n for n in q.motions if n.code == "motion_metrics_review_of"), None)
                named = review.values["departments"] if review else []
                assert isinstance(named, list)
                assert q.theme.values["departments"] == named[:2]
                assert q.theme.values["renewal"] == any(n.code == "motion_renewal" for n in q.motions)
            continue
        assert q.theme.code == "theme_quarter"
        v = q.theme.values
        assert v["foundation"] == list(dict.fromkeys(i.title for i in mine if i.stage == "foundation"
                                                     and not i.admin_track))
        assert bool(v["admin"]) == any(i.admin_track for i in mine)
        opened = {i.persona_title for i in mine for n in i.reasons if n.code in ("opens_wave", "opens_wave_next")}
        assert set(_texts(v["opens"])) == opened
        departments = {i.persona_title for i in mine if not i.admin_track and scope[i.persona] != "company"}
        assert set(_texts(v["opens"])) | set(_texts(v["deepens"])) == departments, [
            (i.use_case, i.stage, i.kind) for i in mine]


class _Figures:
    """The plan's own numbers that reasons may claim: adoption rows per persona, items, the account."""

    def __init__(self, account: Account, result: Plan):
        self.account, self.result = account, result
        self.rows: dict[str, list] = {}
        for row in result.adoption:
            self.rows.setdefault(row.persona, []).append(row)
        self.items = {i.use_case: i for i in result.items}
        self.first: dict[str, Item] = {}
        for i in sorted((i for i in result.items if not i.admin_track), key=lambda i: i.start):
            self.first.setdefault(i.persona, i)

    def active(self, persona: str) -> int:
        return sum(r.active_users for r in self.rows.get(persona, []))

    def headcount(self, persona: str) -> int:
        return sum(r.headcount for r in self.rows.get(persona, []))

    def adopted(self, persona: str) -> bool:
        return any(r.adopted for r in self.rows.get(persona, []))


def _deepens(f: _Figures, item: Item, v: dict) -> None:  # "the N people ... who already work in the workspace"
    assert f.active(item.persona) > 0 or f.adopted(item.persona), item.use_case
    assert v["active"] == f.active(item.persona), item.use_case


def _opens(f: _Figures, item: Item, v: dict) -> None:
    assert f.active(item.persona) == 0, item.use_case
    assert v["inactive"] == f.headcount(item.persona)
    assert not any(r.adopted or r.piloting for r in f.rows.get(item.persona, []))


def _continues(f: _Figures, item: Item, v: dict) -> None:
    assert f.active(item.persona) == 0
    assert not f.adopted(item.persona)
    opener = [i for i in f.result.items if i.persona == item.persona and i.title == v["title"]]
    assert opener, v
    assert opener[0] is not item
    assert opener[0].start == f.first[item.persona].start <= item.start  # the wave's first use case


def _owner_gap(f: _Figures, item: Item, v: dict) -> None:
    assert (v["active"], v["headcount"]) == (f.active(item.persona), f.headcount(item.persona)), item.use_case


def _reaches_everyone(f: _Figures, item: Item, v: dict) -> None:
    assert (v["active"], v["licensed"]) == (f.account.active_seats, f.account.licensed_seats)


def _builds_on(f: _Figures, item: Item, v: dict) -> None:
    for p, uc_id in zip(v["prerequisites"], item.requires, strict=True):
        if p["state"] == "adopted":
            assert f.account.adoption.get(uc_id) == "adopted"
        elif p["state"] == "planned":
            assert f.items[uc_id].end.isoformat() == p["by"]


CLAIMS = {"deepens": _deepens, "opens_wave": _opens, "opens_wave_next": _opens, "continues_wave": _continues,
          "owner_gap": _owner_gap, "reaches_everyone": _reaches_everyone, "builds_on": _builds_on,
          "admin_track": lambda f, item, v: _admin(item)}


def _admin(item: Item) -> None:
    assert item.admin_track


def _check_reasons(account: Account, result: Plan) -> None:
    """Each reason's claim against the plan's own figures: the adoption rows, the account, the other items."""
    figures = _Figures(account, result)
    for item in result.items:
        for note in item.reasons:
            if note.code in CLAIMS:
                CLAIMS[note.code](figures, item, note.values)


@PROPERTY
@given(cases(), st.sets(st.integers(0, 23), max_size=4))
def test_every_reason_agrees_with_the_plans_own_figures(case, admin):
    umap, book, account = case
    for n in admin:  # some use cases go on the admin track
        uc_id = f"uc-{n}"
        if uc_id in umap.use_cases:
            umap.use_cases[uc_id] = umap.use_cases[uc_id].model_copy(update={"admin_track": True})
    result = plan(umap, book, account, as_of=AS_OF)
    _check_reasons(account, result)
    _check_theme(result, {p: umap.personas[p].scope for p in umap.personas})
    for q in result.quarters:
        starts = [i for i in result.items if i.quarter == q.number and i.kind == "start" and not i.admin_track]
        assert q.started == len(starts) <= q.capacity


@pytest.mark.parametrize("name", SAMPLES)
def test_every_reason_agrees_with_the_figures_on_the_samples(shipped, name):
    account, result = _sample(shipped, name)
    _check_reasons(account, result)
    _check_theme(result, {p: shipped.map.personas[p].scope for p in shipped.map.personas})


def _texts(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(v) for v in value]


@pytest.mark.parametrize("name", SAMPLES)
def test_a_regulated_account_plans_every_security_use_case_it_lacks_or_says_why(shipped, name):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update={"regulated": True})
    book = shipped.playbooks[account.segment]
    result = plan(shipped.map, book, account, as_of=AS_OF)
    planned = {i.use_case: i for i in result.items}
    held = {b.use_case: b for b in result.backlog}
    depts = {d.persona for d in account.departments}
    for uc_id in book.security.use_cases:
        uc, persona = shipped.map.use_cases[uc_id], shipped.map.persona_of[uc_id]
        if uc_id in account.adoption or not (uc.admin_track or persona in depts):
            continue
        assert uc_id in planned or held[uc_id].reasons, uc_id  # whatever the library's segments say
        if uc_id in planned:
            assert "regulated_first" in [n.code for n in planned[uc_id].reasons]


def test_a_regulated_credit_union_on_the_scale_playbook_gets_sign_in_two_factor_and_audit_logs_first(shipped):
    account = load_account(ROOT / "accounts" / "granite-credit-union.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks["scale"], account, as_of=date(2026, 12, 1))
    first = {i.use_case: i for i in result.items if i.quarter <= 1}
    assert {"it-sso", "it-2fa-policy", "it-audit-logs"} <= set(first)  # was two-factor alone
    assert first["it-audit-logs"].start >= first["it-sso"].end  # audit logs build on single sign-on
