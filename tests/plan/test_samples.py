"""The shipped samples that stand for the kinds of account a CS leader sends plans back for: a Microsoft 365
shop, a regulated credit union whose QBR date has passed, and a publisher in its fifth year."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import charter_html, roadmap_html
from plan.test_planner import AS_OF, _check_working_days

PLAN_DAY = date(2026, 12, 1)


def _sample(shipped, name: str):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    book = shipped.playbooks[account.segment]
    return account, book, plan(shipped.map, book, account, as_of=PLAN_DAY)


def test_a_microsoft_365_shop_is_proposed_microsoft_tools_and_keeps_its_suites(shipped):
    account, book, result = _sample(shipped, "bayview-dental")
    microsoft = next(e for e in shipped.map.ecosystems if "microsoft teams" in e)
    own = {t.casefold() for t in [*account.tools, *account.integrations]}
    for item in result.items:  # a product named is the account's own or Microsoft's, never Okta or Zendesk
        assert all(t.casefold() in microsoft | own for t in item.new_integrations), (item.use_case, item)
    assert not {r.tool.casefold() for r in result.retirements} & shipped.map.suites  # SharePoint, Word stay
    assert result.council.champions_channel == "Microsoft Teams"
    brief = roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account), None)
    for stranger in ("Okta", "Google Calendar", "Zendesk", "Salesforce", "PagerDuty", "Slack"):
        assert stranger not in brief, stranger
    _check_working_days(book, account, result)


def test_a_microsoft_shop_opens_its_largest_gap_first_and_sets_up_sign_in_on_the_admin_track(shipped):
    _, _, result = _sample(shipped, "bayview-dental")
    clinics = [i for i in result.items if i.persona == "operations" and i.kind == "start"]
    assert clinics
    assert clinics[0].quarter <= 1  # 291 of 310 people still to reach: the first wave, not August
    sso = next(i for i in result.items if i.use_case == "it-sso")
    assert sso.admin_track  # by the admin lead, before the QBR, and no IT wave
    assert sso.quarter == 0
    assert not any(s.persona == "it-admin" for s in result.enablement.train_the_trainer)


def test_a_regulated_account_whose_qbr_passed_is_rebooked_within_weeks_with_security_first(shipped):
    account, book, result = _sample(shipped, "granite-credit-union")
    assert account.next_qbr < PLAN_DAY
    assert result.warnings[0].code == "qbr_passed"
    rebooked = result.account.next_qbr
    assert PLAN_DAY < rebooked <= PLAN_DAY + timedelta(days=book.calendar.passed_qbr_rebook_days + 7)
    assert rebooked.weekday() < 5
    security = [i for i in result.items if i.use_case in book.security.use_cases]
    assert security
    assert all(i.quarter <= 1 for i in security)
    assert security[0].reasons[0].code == "regulated_first"
    assert "agree_renewal_path" in [n.code for n in result.qbr_agenda]  # 4½ months out, prepared before next QBR
    _check_working_days(book, account, result)


def test_a_publisher_in_its_fifth_year_gets_a_mature_charter_its_results_and_its_renewal(shipped):
    account, book, result = _sample(shipped, "fenwick-publishing")
    assert (PLAN_DAY - account.contract_start).days > 4 * 365
    assert result.council.maturity == "mature"
    assert result.value is not None
    assert result.value.adopted == 34  # of 36 adopted, as the adoption chart counts them: those offered
    assert "agree_renewal_path" in [n.code for n in result.qbr_agenda]  # the renewal, seven weeks after the QBR
    assert "choose_next_department" not in [n.code for n in result.qbr_agenda]  # every department works here
    charter = charter_html(result, book)
    for rollout in ("before the first department wave", "keeps the rollout moving", "by department wave"):
        assert rollout not in charter, rollout
    assert result.council.term_to_renewal
    # The renewal seven weeks after the QBR is too soon for a council's term: it runs to the one after.
    assert result.council.term_end == date(2028, 2, 1)
    assert all(m <= result.horizon_end for m in result.council.meetings)
    _check_working_days(book, account, result)


def test_the_samples_plan_as_of_the_test_day_too(shipped):
    for name in ("bayview-dental", "granite-credit-union", "fenwick-publishing"):
        account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
        result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
        assert result.quarters, name


def test_a_mature_year_is_built_around_upkeep_advocacy_and_the_renewal_with_no_quarter_repeating_another(shipped):
    from generator.render.words import Words
    _, book, result = _sample(shipped, "fenwick-publishing")
    w = Words("en-GB")
    texts = [[w.say(q.theme), *w.say_all(q.motions)] for q in result.quarters]
    seen: dict[str, int] = {}
    for number, sentences in enumerate(texts, start=1):
        for sentence in sentences:
            assert sentence not in seen, f"quarter {number} repeats quarter {seen[sentence]}: {sentence}"
            seen[sentence] = number
    asks = [n.values["ask"] for q in result.quarters for n in q.motions if n.code == "motion_advocacy"]
    assert asks == book.commercial.advocacy.asks[:len(result.quarters) - 1]
    reviewed = [d for q in result.quarters for n in q.motions if n.code == "motion_metrics_review_of"
                for d in n.values["departments"]]
    live = [d.department for d in result.adoption if d.active_users]
    assert sorted(reviewed) == sorted(live)  # every live department's metrics reviewed once in the year


def test_no_two_quarters_of_a_sample_share_a_title(shipped):
    from generator.render.words import Words
    w = Words("en-GB")
    for path in sorted((ROOT / "accounts").glob("*.yaml")):
        account = load_account(path, shipped)
        result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=PLAN_DAY)
        titles = [w.say(q.theme) for q in result.quarters]
        assert len(set(titles)) == len(titles), (path.name, titles)


def test_every_quarter_dates_its_share_of_the_charters_new_hire_sessions(shipped):
    for path in sorted((ROOT / "accounts").glob("*.yaml")):
        account = load_account(path, shipped)
        book = shipped.playbooks[account.segment]
        result = plan(shipped.map, book, account, as_of=PLAN_DAY)
        per_year = book.enablement.new_hire_sessions_per_year
        for q in result.quarters:
            hires = [n for n in q.motions if n.code == "motion_new_hires"]
            assert len(hires) == (1 if per_year else 0), (path.name, q.number)
            for n in hires:
                dates = n.values["dates"]
                assert isinstance(dates, list)
                assert len(dates) == n.values["sessions"]
                assert all(q.start.isoformat() <= str(d) < q.end.isoformat() for d in dates), (path.name, dates)
