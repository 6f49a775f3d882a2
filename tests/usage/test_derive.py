"""Evidence rules: windows, shares and thresholds at their boundaries; measured values over typed ones."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.inputs.loader import load_library
from generator.plan.planner import plan
from generator.usage.derive import derive
from generator.usage.library import load_metrics
from generator.usage.measure import Reader, adoption_state, latest, lookback_days, measure_adoption
from generator.usage.metrics import Evidence
from generator.usage.summary import AccountUsage
from usage_files import AS_OF, ROOT


def _usage(series: dict, seen: set | None = None) -> AccountUsage:
    return AccountUsage(series=series, seen=seen if seen is not None else {m for _, m in series})


def _rule(**kw) -> Evidence:
    return Evidence.model_validate({"use_case": "eng-runbooks", "metric": "runbook_editors", "compare": "share_pct",
                                    "piloting": 5, "adopted": 25, **kw})


@pytest.mark.parametrize(("amount", "state"), [
    (24.99, "piloting"), (25, "adopted"), (5, "piloting"), (4.99, None), (0, None), (100, "adopted")])
def test_thresholds_are_reached_at_their_value(amount, state):
    assert adoption_state(_rule(), amount) == state


@pytest.mark.parametrize(("back", "counted"), [(0, True), (27, True), (28, False), (-1, False)])
def test_a_total_counts_the_window_up_to_and_with_as_of(back, counted):
    rule = _rule(metric="runbook_pages_created", compare="total", window_days=28, piloting=1, adopted=2)
    reader = Reader(_usage({(None, "runbook_pages_created"): {AS_OF - timedelta(days=back): 3.0}}), AS_OF, 7)
    assert measure_adoption(reader, rule, None, 0) == ((3.0 if counted else 0.0), None)


def test_active_days_count_days_with_any_use():
    rule = _rule(metric="sso_sign_ins", compare="active_days", window_days=7, piloting=1, adopted=5)
    days = {AS_OF - timedelta(days=n): v for n, v in [(0, 4.0), (1, 0.0), (3, 1.0), (6, 9.0), (7, 9.0)]}
    assert measure_adoption(Reader(_usage({(None, "sso_sign_ins"): days}), AS_OF, 7), rule, None, 0) == (3.0, None)


@pytest.mark.parametrize(("depts", "expected"), [(["Eng"], 25.0), (["Eng", "Eng 2"], 30.0), (["Other"], 50.0)])
def test_a_share_is_of_the_persona_departments_people(depts, expected):
    series = {("Eng", "runbook_editors"): {AS_OF: 10.0}, ("Eng 2", "runbook_editors"): {AS_OF: 2.0},
              (None, "runbook_editors"): {AS_OF: 20.0}}
    base = 40
    amount, shared = measure_adoption(Reader(_usage(series), AS_OF, 7), _rule(), depts, base)
    assert (amount, shared) == (expected, base)


@pytest.mark.parametrize(("back", "found"), [(0, 5.0), (6, 5.0), (7, None), (-1, None)])
def test_a_latest_value_is_no_older_than_stale_days(back, found):
    assert latest({AS_OF - timedelta(days=back): 5.0}, AS_OF, 7) == found


def test_lookback_covers_every_window_and_the_trend(metrics):
    assert lookback_days(metrics) == max(90, metrics.seats.trend_days + metrics.seats.stale_days)


def test_measured_values_replace_typed_ones_and_say_so(brightline, metrics, shipped):
    then = AS_OF - timedelta(days=30)
    usage = _usage({(None, "licensed_seats"): {AS_OF: 200.0, then: 230.0}, (None, "active_users"): {AS_OF: 150.0},
                    ("engineering", "active_users"): {AS_OF: 80.0},
                    ("engineering", "runbook_editors"): {AS_OF: 20.0},
                    (None, "wiki_readers"): {AS_OF: 5.0}})
    account = derive(brightline, usage, metrics, shipped.map, AS_OF)
    assert (account.licensed_seats, account.active_seats, account.health.seats_30d_delta) == (200, 150, -30)
    assert account.departments[0].active_users == 70  # 80 measured, never more than its headcount
    assert account.adoption["eng-runbooks"] == "adopted"  # 20 of 70: 28.6%
    assert "company-wiki" not in account.adoption  # 5 of 200 seats: the data says it is not started
    assert account.adoption["meeting-notes"] == "adopted"  # the data has no metric for it: typed stays
    by_field = {m.field: m for m in account.measured}
    assert by_field["adoption.company-wiki"].model_dump() == {
        "field": "adoption.company-wiki", "value": "none", "typed": "adopted", "metric": "wiki_readers",
        "basis": "share_pct", "amount": 2.5, "window_days": 0, "base": 200}
    assert by_field["health.seats_30d_delta"].typed == "8"
    assert set(by_field) == {"licensed_seats", "health.seats_30d_delta", "active_seats",
                             "departments[engineering].active_users", "adoption.eng-runbooks",
                             "adoption.company-wiki", "health.score", "health.signals[active_users]",
                             "health.signals[licensed_seats]", "success_metrics.company-wiki[0]"}
    # 75% active scores 100 (weight 3), seats down 13% scores 0 (weight 2): (300 + 0) / 5
    assert (account.health.score, by_field["health.score"].typed) == (60, "71")


def test_an_account_without_data_for_a_value_keeps_it(brightline, metrics, shipped):
    account = derive(brightline, _usage({}), metrics, shipped.map, AS_OF)
    assert account.model_copy(update={"measured": []}) == brightline
    assert account.measured == []


def test_a_use_case_the_account_is_not_offered_is_not_measured(brightline, metrics, shipped):
    usage = _usage({(None, "kb_article_editors"): {AS_OF: 100.0}})  # support: Brightline has no such department
    assert "support-knowledge-base" not in derive(brightline, usage, metrics, shipped.map, AS_OF).adoption


values = st.dictionaries(st.integers(0, 60).map(lambda n: AS_OF - timedelta(days=n)),
                         st.floats(0, 5000, allow_nan=False), max_size=8)
KEYS = [(None, "licensed_seats"), (None, "active_users"), ("engineering", "active_users"), ("design", "active_users"),
        ("engineering", "runbook_editors"), (None, "wiki_readers"), (None, "docs_created"), (None, "sso_sign_ins")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries(dict.fromkeys(KEYS, values)), st.dates(date(2026, 10, 1), date(2026, 12, 31)))
def test_every_derived_account_is_valid_and_the_same_every_time(brightline, metrics, shipped, series, as_of):
    usage = _usage({k: v for k, v in series.items() if v})
    first = derive(brightline, usage, metrics, shipped.map, as_of)
    again = derive(brightline, usage, metrics, shipped.map, as_of)
    assert first == again
    type(first).model_validate(first.model_dump())  # within every bound the account model sets
    assert first.active_seats <= first.licensed_seats
    assert all(d.active_users <= d.headcount for d in first.departments)
    assert all(m.window_days == 0 or m.basis != "share_pct" for m in first.measured)


def test_a_decision_on_a_use_case_the_data_says_has_started_is_dropped_and_said(brightline, metrics, shipped):
    usage = _usage({("design", "design_system_editors"): {AS_OF: 4.0}})  # 18% of 22: piloting
    account = derive(brightline, usage, metrics, shipped.map, AS_OF)
    assert account.adoption["design-system-docs"] == "piloting"
    assert [a.use_case for a in account.adjustments] == ["mkt-brand-hub"]
    dropped = next(m for m in account.measured if m.field == "adjustments.design-system-docs")
    assert (dropped.value, dropped.typed, dropped.amount) == ("dropped", "pin", 18.2)


def test_a_success_metric_the_data_measures_is_reported_against_its_target(brightline, metrics, shipped):
    usage = _usage({(None, "wiki_readers"): {AS_OF: 154.0}, (None, "licensed_seats"): {AS_OF: 220.0}})
    account = derive(brightline, usage, metrics, shipped.map, AS_OF)
    by_field = {m.field: m for m in account.measured}
    assert by_field["success_metrics.company-wiki[0]"].amount == 70.0  # 154 of 220 seats
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    assert result.value is not None
    [reading] = [m for m in result.value.metrics if m.title == "Company wiki and knowledge hub"]
    assert (reading.actual, reading.target, reading.reached) == (70.0, 80, False)


def test_a_measured_success_metric_must_name_a_metric_of_the_right_kind(tmp_path):
    folder = tmp_path / "usecases"
    shutil.copytree(ROOT / "usecases", folder)
    path = folder / "company.yaml"
    path.write_text(path.read_text().replace("measured_by: {metric: wiki_readers, compare: share_pct}",
                                             "measured_by: {metric: wiki_readrs, compare: share_pct}")
                    .replace("measured_by: {metric: docs_created", "measured_by: {metric: docs_created"))
    umap = load_library(folder, ROOT / "playbooks").map
    with pytest.raises(UserError) as info:
        load_metrics(folder, umap)
    assert "company-wiki.success_metrics[0].measured_by.metric: metric 'wiki_readrs' is not defined in metrics.yaml " \
           "(did you mean 'wiki_readers'?)" in str(info.value)
    engineering = folder / "engineering.yaml"
    engineering.write_text(engineering.read_text().replace("compare: total, window_days: 90", "compare: share_pct"))
    path.write_text((ROOT / "usecases" / "company.yaml").read_text())
    with pytest.raises(UserError) as info:
        load_metrics(folder, load_library(folder, ROOT / "playbooks").map)
    assert "'runbook_pages_created' is a count metric; share_pct needs a distinct_users one" in str(info.value)


def test_since_the_last_review_shows_the_measured_metrics_that_moved(brightline, metrics, shipped):
    book = shipped.playbooks[brightline.segment]

    def planned(pages: float, as_of: date, previous=None):
        usage = _usage({(None, "runbook_pages_created"): {as_of: pages}})
        account = derive(brightline, usage, metrics, shipped.map, as_of)
        return plan(shipped.map, book, account, as_of=as_of, previous=previous)

    then = planned(6, AS_OF - timedelta(days=1))
    now = planned(14, AS_OF, previous=then)
    assert now.since is not None
    [moved] = [m for m in now.since.metrics if m.use_case == "eng-runbooks"]
    assert (moved.then, moved.now, moved.target) == (6, 14, 20)
    same = planned(6, AS_OF, previous=then)
    assert same.since is not None
    assert [m for m in same.since.metrics if m.use_case == "eng-runbooks"] == []  # nothing moved, nothing said
