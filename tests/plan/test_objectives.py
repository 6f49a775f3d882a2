"""The customer's objectives: what serves each, its milestones and metrics, its status, and what is proposed."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.objectives import Measure, Objective, ObjectiveRules, Outcome, ProposedOutcomes
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import roadmap_html
from generator.render.text import plan_text
from plan.test_planner import AS_OF, PROPERTY, cases

OUTCOMES = {o: Outcome(id=o, title=f"Outcome {o}") for o in ("speed", "quality", "reach")}


@st.composite
def with_objectives(draw):
    """A generated library whose use cases serve outcomes, and an account with objectives (or none)."""
    umap, book, account = draw(cases())
    tagged = {u: uc.model_copy(update={"outcomes": draw(st.lists(st.sampled_from(sorted(OUTCOMES)), unique=True,
                                                                  max_size=2))})
              for u, uc in sorted(umap.use_cases.items())}
    umap = dataclasses.replace(umap, use_cases=tagged, outcomes=OUTCOMES, _languages={})
    every = ["speed", "quality", "reach"]
    book = book.model_copy(update={"objectives": ObjectiveRules(proposed=ProposedOutcomes(
        onboarding=every, expanding=every, mature=every, at_risk=every))})
    objectives = []
    for n in range(draw(st.integers(0, 4))):
        measure = None
        if draw(st.booleans()):
            baseline = draw(st.integers(0, 100))
            target = draw(st.integers(0, 100))
            target += 1 if target == baseline else 0  # a target is never its baseline
            by = draw(st.dates(AS_OF - timedelta(days=60), AS_OF + timedelta(days=500)))
            measure = Measure(name="m", baseline=baseline, target=target, by=by,
                              current=draw(st.one_of(st.none(), st.integers(-50, 150))),
                              since=draw(st.one_of(st.none(), st.dates(by - timedelta(days=700), by - timedelta(1)))))
        objectives.append(Objective(id=f"goal-{n}", title=f"Goal {n}", measure=measure,
                                    outcomes=draw(st.lists(st.sampled_from(every), min_size=1, unique=True))))
    return umap, book, account.model_copy(update={"objectives": objectives})


@PROPERTY
@given(with_objectives())
def test_every_measured_objective_is_served_this_year_or_says_why_not(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    planned = {i.use_case for i in result.items}
    if not account.objectives:
        # what the year moves is proposed; with nothing new, what the account's adopted use cases keep alive
        assert all(o.proposed for o in result.objectives)
        assert all(o.items for o in result.objectives) or all(o.adopted and not o.items for o in result.objectives)
    else:
        assert [o.id for o in result.objectives] == [o.id for o in account.objectives]
    for view in result.objectives:
        assert set(view.items) <= planned
        if not view.proposed and view.measure is not None:
            assert view.items or view.status == "done" or view.out_of_reach is not None
        assert not view.items or view.out_of_reach is None
        assert [m.use_case for m in view.metrics] == [u for u in view.items for _ in
                                                      next(i for i in result.items if i.use_case == u).success_metrics]


@PROPERTY
@given(with_objectives())
def test_items_quarters_and_reasons_name_the_objectives_they_move(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    serving = {v.id: set(v.items) for v in result.objectives}
    for item in result.items:
        assert item.objectives == [v for v in serving if item.use_case in serving[v]]
        said = [r for r in item.reasons if r.code == "serves_objective"]
        agreed = [o.title for o in account.objectives
                  if set(o.outcomes) & set(umap.use_cases[item.use_case].outcomes)]
        assert (said[0].values["objectives"] if said else []) == agreed
    for q in result.quarters:
        moved = {o for i in result.items if i.quarter == q.number for o in i.objectives}
        assert q.objectives == [v.id for v in result.objectives if v.id in moved]


@PROPERTY
@given(with_objectives())
def test_a_measured_status_follows_progress_against_time(case):
    umap, book, account = case
    rules = book.objectives
    result = plan(umap, book, account, as_of=AS_OF)
    ends = {i.use_case: i.end for i in result.items}
    for view in result.objectives:
        m = view.measure
        if m is None or m.progress_pct is None:
            continue
        if m.progress_pct >= 100:
            assert view.status == "done"
        elif m.by < AS_OF:
            assert view.status == "behind"
        else:
            gap = m.expected_pct - m.progress_pct
            late = any(ends[u] > m.by for u in view.items)  # on pace, but its milestones land after its date
            expected = "behind" if gap >= rules.behind_gap_pct else "at_risk" if gap >= rules.at_risk_gap_pct \
                or late else "on_track"
            assert view.status == expected


def _brueckner(shipped, **update):
    account = load_account(ROOT / "accounts" / "brueckner-maschinenbau.yaml", shipped).model_copy(update=update)
    return account, plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))


def test_an_account_with_objectives_opens_its_plan_with_them(shipped):
    _, result = _brueckner(shipped)
    views = {v.id: v for v in result.objectives}
    assert list(views) == ["schnellere-einarbeitung", "stoerungen-schneller", "weniger-werkzeuge"]
    onboarding = views["schnellere-einarbeitung"]
    # 12 -> 6 weeks, 10 today: a third of the way, with 60% of the time from Sep 2025 to Sep 2027 gone.
    assert onboarding.measure is not None
    assert (onboarding.measure.progress_pct, onboarding.measure.expected_pct, onboarding.status) == (33, 60, "behind")
    assert (onboarding.owner_name, onboarding.proposed) == ("Jürgen Schäfer", False)
    assert "eng-runbooks" in onboarding.items
    # Engineering's objective: the people team's onboarding and the sales playbook serve the outcome elsewhere
    assert "people-onboarding" not in onboarding.items
    assert "sales-playbook" not in onboarding.items
    runbooks = next(i for i in result.items if i.use_case == "eng-runbooks")
    assert runbooks.objectives == ["schnellere-einarbeitung"]  # the downtime objective is Operations' own
    assert any(r.code == "serves_objective" for r in runbooks.reasons)
    assert "Objectives the account agreed:" in plan_text(result)


def test_the_sponsors_objectives_come_before_our_own_order(shipped):
    """The same account without objectives plans Operations' trackers later: its downtime objective pulls them in."""
    _, with_goals = _brueckner(shipped)
    _, without = _brueckner(shipped, objectives=[])
    start = {i.use_case: i.start for i in with_goals.items}
    later = {i.use_case: i.start for i in without.items}
    assert start["ops-project-tracker"] < later.get("ops-project-tracker", date.max)


def test_an_account_without_objectives_is_proposed_its_stages_outcomes(shipped):
    _, result = _brueckner(shipped, objectives=[])
    assert result.objectives
    assert all(o.proposed and o.status == "proposed" for o in result.objectives)
    stage = result.council.maturity
    proposed = getattr(shipped.playbooks["mid-market"].objectives.proposed, stage)
    assert [o.id for o in result.objectives] == [o for o in proposed if any(v.id == o for v in result.objectives)]
    assert all(o.suggested_measure for o in result.objectives)
    assert "Objectives proposed" in plan_text(result)


def test_an_objective_nothing_offered_serves_is_out_of_reach_with_the_reason(shipped):
    goal = Objective(id="win-more", title="Win more deals", outcomes=["campaign-throughput"],
                     measure=Measure(name="Campaigns on time", baseline=10, target=20, by=date(2027, 12, 1)))
    _, result = _brueckner(shipped, objectives=[goal])  # Brückner has no marketing department
    view = result.objectives[0]
    assert view.items == []
    assert view.out_of_reach is not None
    assert view.out_of_reach.code == "objective_not_offered"


@pytest.mark.parametrize(("measured", "status"), [
    ((12, 6, 6, date(2027, 9, 30)), "done"),  # a falling measure that reached its target
    ((12, 6, 5, date(2027, 9, 30)), "done"),  # past it
    ((10, 20, 19, date(2026, 11, 1)), "behind"),  # the date passed first
    ((0, 100, 60, date(2027, 9, 1)), "on_track"),  # 60% of the way, 60% of the time (Sep 2025 to Sep 2027 at Dec 2026)
    ((0, 100, 45, date(2027, 9, 1)), "at_risk"),  # 15 points behind the time
    ((0, 100, 30, date(2027, 9, 1)), "behind"),  # 30 points behind
    ((0, 100, None, date(2027, 9, 1)), "on_track"),  # not measured: its milestones are planned
])
def test_status_table(shipped, measured, status):
    baseline, target, current, by = measured
    goal = Objective(id="g", title="Goal", outcomes=["faster-onboarding"], measure=Measure(
        name="m", baseline=baseline, target=target, current=current, since=date(2025, 9, 1), by=by))
    _, result = _brueckner(shipped, objectives=[goal])
    assert result.objectives[0].status == status


def test_the_since_section_reports_each_objective_then_and_now(shipped):
    account, first = _brueckner(shipped)
    moved = [o.model_copy(update={"measure": o.measure.model_copy(update={"current": 6})})
             if o.id == "schnellere-einarbeitung" else o for o in account.objectives]
    later = account.model_copy(update={"objectives": moved})
    second = plan(shipped.map, shipped.playbooks["mid-market"], later, as_of=date(2026, 12, 1), previous=first)
    assert second.since is not None
    by_id = {o.id: o for o in second.since.objectives}
    assert (by_id["schnellere-einarbeitung"].status_then, by_id["schnellere-einarbeitung"].status_now) == \
        ("behind", "done")
    assert (by_id["schnellere-einarbeitung"].current_then, by_id["schnellere-einarbeitung"].current_now) == (10, 6)
    assert "objective Neue Konstrukteure" in plan_text(second)
    html = roadmap_html(second, shipped.map, dict(later.adoption), offered(shipped.map, later), None)
    since = html[html.index('<section id="since">'):]
    assert since.index("since-objectives") < since.index("<th>Anwendungsfall</th>")  # by objective, then use case
